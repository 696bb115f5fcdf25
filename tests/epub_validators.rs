//! The representative book passes EPUBCheck 5.3 and Ace by DAISY 1.4.6 without a
//! single message, with and without fonts and page-list.

#[path = "support/epub_validators.rs"]
mod epub_validators;
#[path = "support/epub_fixture.rs"]
mod fixture;

use std::path::PathBuf;

fn build(name: &str, fonts: bool, pages: bool) -> PathBuf {
    let doc = fixture::document();
    let fonts = if fonts { fixture::fonts() } else { None };
    let starts = fixture::page_starts();
    let bytes = pamphleteer::epub::write(
        &doc,
        &fixture::layout(),
        &fixture::assets(fonts),
        pages.then_some(starts.as_slice()),
    )
    .expect("the EPUB is written");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("epub");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.epub"));
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn full_book_is_clean_for_epubcheck_and_ace() {
    let path = build("full", true, true);
    epub_validators::assert_epubcheck_clean(&path);
    epub_validators::assert_ace_clean(&path);
}

#[test]
fn book_without_fonts_or_pages_is_clean() {
    let path = build("plain", false, false);
    epub_validators::assert_epubcheck_clean(&path);
    epub_validators::assert_ace_clean(&path);
}
