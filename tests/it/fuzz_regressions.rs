//! Replays every input saved from a fuzzing crash (tests/fixtures/fuzz/, split as the
//! fuzz targets read them: book.toml 0xFF chapter 0xFF glossary.md 0xFF references.bib)
//! through the front end and the whole build: none may panic, and a build that succeeds
//! gives a PDF and an EPUB. The fuzz seeds (fuzz/seeds/) are replayed too, so the split
//! itself stays tested.

#[path = "../../fuzz/fuzz_targets/split.rs"]
mod split;
use crate::support::hostile as support;

use std::path::Path;

fn replay(dir: &Path) -> usize {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{} must exist: {e}", dir.display()));
    let mut n = 0;
    for e in entries {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        let built = support::build_files(&split::project(&data), None);
        if let Some(p) = &built.products {
            assert!(
                p.pdf.as_deref().is_some_and(|b| b.starts_with(b"%PDF-")),
                "{}",
                path.display()
            );
            assert!(
                p.epub.as_deref().is_some_and(|b| b.starts_with(b"PK")),
                "{}",
                path.display()
            );
        }
        n += 1;
    }
    n
}

#[test]
fn saved_crashes_and_seeds_replay_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let saved = replay(&root.join("tests/fixtures/fuzz"));
    assert!(
        saved >= 8,
        "tests/fixtures/fuzz/ holds the saved inputs ({saved} found)"
    );
    let seeds = replay(&root.join("fuzz/seeds"));
    assert!(seeds >= 8, "the seeds are there ({seeds})");
}
