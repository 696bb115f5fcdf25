//! The typesetter's bar for even colour, measured on the built PDF from
//! `pdftotext -bbox-layout`, the way a reader's eye (or a peer's PDF) would see it:
//!
//! - loose lines: a line whose mean word gap is over 1.5× the median word gap of all
//!   measured lines — at most 2 %;
//! - hyphenated line ends — at most 10 %;
//! - consecutive hyphenated lines — never more than 2.
//!
//! Which lines are measured, and how: `support/pdf_lines.rs`.
//!
//! `EVENNESS_PDF=peer.pdf cargo test --test it evenness:: -- --ignored --nocapture` measures
//! any PDF (benches/compare.sh does it for Typst's).

use crate::support::pdf_lines::{TextLine, Word, measure, read_lines};

use pamphleteer::build::Format;
use pamphleteer::build::{self, BuildOptions};
use std::path::{Path, PathBuf};

/// Builds the bundled pamphlet's print PDF into a temporary folder.
fn build_pamphlet(out: &Path) -> PathBuf {
    let outcome = build::run(&BuildOptions {
        project: Some(PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
        out: Some(out.to_path_buf()),
        formats: vec![Format::Pdf],
        deny_warnings: false,
        write: true,
        marks: false,
        creep: false,
        ..BuildOptions::default()
    });
    assert!(!outcome.failed, "the build failed: {:?}", outcome.summary);
    std::fs::read_dir(out)
        .expect("output folder")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF was written")
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn the_pamphlet_is_evenly_set() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let pdf = build_pamphlet(dir.path());
    let Some(lines) = read_lines(&pdf) else {
        return;
    };
    let e = measure(&lines);
    eprintln!("pamphleteer: {e}");
    assert!(e.lines >= 100, "too few lines measured to judge: {e}");
    assert!(e.loose_share() <= 0.02, "too many loose lines: {e}");
    assert!(e.hyphen_share() <= 0.10, "too many hyphens: {e}");
    assert!(e.longest_hyphen_run <= 2, "a ladder of hyphens: {e}");
}

#[test]
fn a_loose_line_and_a_hyphen_ladder_are_seen() {
    let word = |text: &str, x0: f64, x1: f64| Word::new(text, x0, x1, 0.0, 13.0);
    let line = |page, words| TextLine { page, words };
    let tight = |end: &str| {
        line(
            0,
            vec![
                word("aaa", 0.0, 30.0),
                word("bbb", 33.0, 60.0),
                word(end, 63.0, 100.0),
            ],
        )
    };
    let mut lines: Vec<TextLine> = (0..20).map(|_| tight("ccc")).collect();
    // Three hyphenated lines in a row, then a loose line, then a short last line.
    lines.extend((0..3).map(|_| tight("cc-")));
    lines.push(line(
        0,
        vec![
            word("aaa", 0.0, 30.0),
            word("bbb", 40.0, 60.0),
            word("ccc", 70.0, 100.0),
        ],
    ));
    lines.push(line(
        0,
        vec![word("end", 0.0, 20.0), word("here", 40.0, 60.0)],
    ));
    // A note mark glued to its word: no gap of its own; a heading of another size.
    let mut marked = tight("ccc");
    marked.words.insert(
        1,
        Word {
            height: 8.0,
            ..word("1", 31.0, 33.0)
        },
    );
    lines.push(marked);
    lines.push(line(
        0,
        vec![
            Word {
                height: 20.0,
                ..word("Title", 0.0, 50.0)
            },
            Word {
                height: 20.0,
                ..word("Here", 70.0, 100.0)
            },
        ],
    ));
    let e = measure(&lines);
    assert_eq!(e.lines, 25, "{e}");
    assert_eq!(e.loose, 1, "{e}");
    assert_eq!(e.hyphenated, 3, "{e}");
    assert_eq!(e.longest_hyphen_run, 3, "{e}");
    assert!((e.median_gap - 3.0).abs() < 1e-9, "{e}");
}

/// Measures any PDF named by `EVENNESS_PDF` (a peer's, for the benchmark report).
#[test]
#[ignore = "measures the PDF named by EVENNESS_PDF"]
fn measure_a_given_pdf() {
    let pdf = PathBuf::from(std::env::var("EVENNESS_PDF").expect("EVENNESS_PDF=file.pdf"));
    if let Some(lines) = read_lines(&pdf) {
        println!("{}: {}", pdf.display(), measure(&lines));
    }
}
