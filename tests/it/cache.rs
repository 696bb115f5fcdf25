//! Warm rebuilds give the bytes of cold ones: every corpus book (and the bundled
//! pamphlet) built with the memos the live preview and `watch` keep — set paragraphs,
//! formatted citations, subset fonts, the cover image, compressed EPUB entries —
//! after a word edited, the edit reverted, another chapter edited and book.toml
//! changed, compared output by output with a cold build of the same files.

use pamphleteer::build::{self, Format, MakeOptions, Outcome, Products, Warm};
use pamphleteer::parse::DirFiles;
use std::path::{Path, PathBuf};

/// Every output of a build, by name.
pub(crate) type Outputs = Vec<(&'static str, Option<Vec<u8>>)>;

fn outputs(p: Products) -> Outputs {
    let (booklet, instructions) = p
        .booklet
        .map_or((None, None), |(b, i)| (Some(b), Some(i.into_bytes())));
    vec![
        ("EPUB", p.epub),
        ("PDF", p.pdf),
        ("booklet", booklet),
        ("booklet instructions", instructions),
        ("cover", p.cover),
    ]
}

fn make(book: &Path, warm: &Warm) -> Outputs {
    make_formats(book, warm, &Format::ALL)
}

/// The book built into `formats`, starting from `warm`, dated for comparison.
pub(crate) fn make_formats(book: &Path, warm: &Warm, formats: &[Format]) -> Outputs {
    let opts = MakeOptions {
        formats: formats.to_vec(),
        fonts_root: Some(book.to_path_buf()),
        source_date_epoch: Some("1764115200".into()),
        warm: warm.clone(),
        ..MakeOptions::default()
    };
    let mut outcome = Outcome::default();
    let p = build::make(&DirFiles::new(book), &opts, &mut outcome)
        .unwrap_or_else(|| panic!("{}: {:?}", book.display(), outcome.summary));
    outputs(p)
}

fn same(book: &Path, step: &str, cold: &Outputs, warm: &Outputs) {
    for ((name, a), (_, b)) in cold.iter().zip(warm) {
        assert!(a.is_some(), "{}: no {name}", book.display());
        assert!(
            a == b,
            "{} after {step}: the warm {name} differs from the cold one",
            book.display()
        );
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if e.file_type().unwrap().is_dir() {
            if e.file_name() != "out" {
                copy_dir(&src, &dst);
            }
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// The book's chapter files (Markdown in manuscript/, not the glossary), in name order.
fn chapters(book: &Path) -> Vec<PathBuf> {
    let mut md: Vec<PathBuf> = std::fs::read_dir(book.join("manuscript"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("glossary.md"))
        .collect();
    md.sort();
    md
}

/// `text` with its middle word of five letters or more (any script) changed: spelt
/// backwards, which keeps its letters and changes its shaping, hyphenation and breaks.
fn edit_word(text: &str) -> String {
    let mut words = vec![];
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if text[s..i].chars().count() >= 5 {
                    words.push(s..i);
                }
                start = None;
            }
            _ => {}
        }
    }
    let Some(w) = words.get(words.len() / 2).cloned() else {
        return format!("{text}\n\nAn added paragraph.\n");
    };
    let reversed: String = text[w.clone()].chars().rev().collect();
    format!("{}{reversed}{}", &text[..w.start], &text[w.end..])
}

#[test]
fn warm_rebuilds_after_edits_are_byte_identical_to_cold_builds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut books = crate::corpus::books();
    books.push(root.to_path_buf());
    assert!(books.len() >= 9, "{books:?}");
    let tmp = tempfile::tempdir().unwrap();
    // One warm state for every book in turn, as a preview session that moves on.
    let warm = Warm::kept();
    for (i, original) in books.iter().enumerate() {
        let book = tmp.path().join(format!("book{i}"));
        copy_dir(&original.join("manuscript"), &book.join("manuscript"));
        for dir in ["fonts", "covers"] {
            if original.join(dir).is_dir() {
                copy_dir(&original.join(dir), &book.join(dir));
            }
        }
        let check = |step: &str| {
            let warmed = make(&book, &warm);
            same(&book, step, &make(&book, &Warm::default()), &warmed);
            warmed
        };
        let first = check("a first build");
        let files = chapters(&book);
        let middle = &files[files.len() / 2];
        let text = std::fs::read_to_string(middle).unwrap();
        std::fs::write(middle, edit_word(&text)).unwrap();
        check("a word edited");
        std::fs::write(middle, &text).unwrap();
        let reverted = make(&book, &warm);
        same(&book, "the edit reverted", &first, &reverted);
        let other = &files[0];
        let other_text = std::fs::read_to_string(other).unwrap();
        std::fs::write(other, edit_word(&other_text)).unwrap();
        check("another chapter edited");
        let toml = book.join("manuscript/book.toml");
        let config = std::fs::read_to_string(&toml).unwrap();
        let changed = config.replacen("title = \"", "title = \"The New ", 1);
        assert_ne!(
            changed,
            config,
            "{}: no title to change",
            original.display()
        );
        std::fs::write(&toml, changed).unwrap();
        check("book.toml changed");
    }
}
