//! The usual mistakes of a first hour, each answered with what to do: a misspelt key,
//! a renamed chapter, a length without its unit, cover artwork too coarse for print.

use crate::support::common::run_mem;
use pamphleteer::build::{self, Format, MakeOptions, Outcome};
use pamphleteer::parse::MemFiles;

const CHAPTER: &str = "# One\n\nText.\n";

#[test]
fn a_misspelt_key_is_answered_with_the_key_meant() {
    let toml = "[book]\ntitle = \"T\"\nauthor = [\"A\"]\nlanguage = \"en\"\n";
    let r = run_mem(&[("book.toml", toml), ("01.md", CHAPTER)]);
    assert!(
        r.diags[0]
            .starts_with("manuscript/book.toml:3:1: error: book.toml: unknown field `author`"),
        "{:?}",
        r.diags
    );
    assert_eq!(r.hints[0][0], "did you mean `authors`?");
    // Nothing close: no guess.
    let toml = "[book]\ntitle = \"T\"\nzzzz = 1\nlanguage = \"en\"\n";
    let r = run_mem(&[("book.toml", toml), ("01.md", CHAPTER)]);
    assert!(
        !r.hints[0].iter().any(|h| h.starts_with("did you mean")),
        "{:?}",
        r.hints
    );
}

#[test]
fn a_renamed_chapter_is_found() {
    let toml = "[book]\ntitle = \"T\"\nlanguage = \"en\"\nchapters = [\"01-one.md\", \"02-spreading.md\"]\n";
    let r = run_mem(&[
        ("book.toml", toml),
        ("01-one.md", CHAPTER),
        ("02-spread.md", "# Two\n\nMore.\n"),
    ]);
    assert_eq!(
        r.diags[0],
        "manuscript/book.toml:4:26: error: `manuscript/02-spreading.md` does not exist"
    );
    assert_eq!(r.hints[0][0], "did you mean `02-spread.md`?");
}

#[test]
fn a_length_without_a_unit_says_so() {
    let toml = "[book]\ntitle = \"T\"\nlanguage = \"en\"\n[layout]\ntrim = \"105 x 148\"\nmargins = { inner = \"17\" }\n";
    let r = run_mem(&[("book.toml", toml), ("01.md", CHAPTER)]);
    assert_eq!(
        r.diags,
        [
            "manuscript/book.toml:5:8: error: the trim size `105 x 148` has no unit",
            "manuscript/book.toml:6:21: error: margins.inner `17` has no unit",
        ]
    );
    assert_eq!(
        r.hints[0],
        ["write it with one, such as \"105mm x 148mm\" (mm, cm, in or pt)"]
    );
    assert_eq!(
        r.hints[1],
        ["write \"17mm\" (or cm, in, pt); a bare number without quotes is pt"]
    );
}

/// A PNG of `w` × `h` pixels.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut data = Vec::new();
    let mut enc = png::Encoder::new(&mut data, w, h);
    enc.set_color(png::ColorType::Rgb);
    let mut writer = enc.write_header().unwrap();
    writer
        .write_image_data(&vec![90u8; (w * h * 3) as usize])
        .unwrap();
    writer.finish().unwrap();
    data
}

fn cover_warnings(art: Vec<u8>) -> Vec<String> {
    let mut files = MemFiles::new();
    files.insert(
        "manuscript/book.toml",
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\n",
    );
    files.insert("manuscript/01.md", CHAPTER);
    files.insert("covers/illustration.png", art);
    let opts = MakeOptions {
        formats: vec![Format::Cover],
        ..MakeOptions::default()
    };
    let mut outcome = Outcome::default();
    build::make(&files, &opts, &mut outcome).expect("it builds");
    outcome
        .diagnostics
        .iter()
        .map(|d| format!("{} / {}", d.message, d.hints.join(" / ")))
        .collect()
}

#[test]
fn coarse_cover_artwork_is_named_with_the_pixels_print_needs() {
    let warnings = cover_warnings(png(300, 400));
    assert_eq!(
        warnings,
        [
            "covers/illustration.png is 300 × 400 px, printed 71 × 95 mm on the cover: 107 ppi, below the 300 print needs / export it at least 845 × 1126 px, or as SVG"
        ]
    );
    // Enough pixels: nothing to say.
    assert_eq!(cover_warnings(png(900, 1200)), Vec::<String>::new());
}

#[test]
fn a_note_paragraph_indented_too_little_is_named() {
    let chapter = "# One\n\nText.[^a]\n\n[^a]: The note.\n\n  Its second paragraph.\n";
    let r = run_mem(&[("01.md", chapter)]);
    assert_eq!(
        r.diags,
        [
            "manuscript/01.md:7:3: warning: this paragraph is indented 2 spaces: it ends note [^a] and is set as body text"
        ]
    );
    assert_eq!(
        r.hints[0],
        ["indent it by four spaces to keep it in the note, or by none to make it body text"]
    );
}
