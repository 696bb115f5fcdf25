//! The real pamphlet from `manuscript/`: parsed, written as an EPUB with the bundled
//! fonts and a page-list, and checked by EPUBCheck and Ace.

#[path = "support/epub_validators.rs"]
mod epub_validators;
#[path = "support/epub_fixture.rs"]
mod fixture;
#[path = "support/epub_read.rs"]
mod read;

use pamphleteer::diag::{Diagnostics, Sources};
use pamphleteer::parse::{self, DirFiles};
use pamphleteer::typeset::{PageStart, TextPos};

#[test]
fn the_manuscript_makes_a_clean_epub() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let input = parse::parse_project(&DirFiles::new(root), &mut sources, &mut diags)
        .expect("the manuscript parses");
    assert!(!diags.has_errors(), "the manuscript has errors: {diags:?}");
    let doc = input.document;
    // A page start at the beginning of every chapter and in the middle of its longest block.
    let mut starts = Vec::new();
    for (i, ch) in doc.chapters.iter().enumerate() {
        let chapter = pamphleteer::model::ChapterId(i as u32);
        let pos = |before_title, block, offset| TextPos {
            chapter,
            before_title,
            block,
            offset,
        };
        starts.push(PageStart {
            label: format!("{}", 2 * i + 1),
            pos: pos(true, 0, 0),
        });
        let counts = pamphleteer::epub::count_chars(&ch.blocks);
        if let Some((b, n)) = counts.iter().enumerate().max_by_key(|(_, n)| **n) {
            starts.push(PageStart {
                label: format!("{}", 2 * i + 2),
                pos: pos(false, b as u32, n / 2),
            });
        }
    }
    let bytes = pamphleteer::epub::write(
        &doc,
        &input.layout,
        &fixture::assets(fixture::fonts()),
        Some(&starts),
    )
    .expect("the EPUB is written");
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("epub");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("manuscript.epub");
    std::fs::write(&path, &bytes).unwrap();
    for (i, ch) in doc.chapters.iter().enumerate() {
        let name = format!("OEBPS/{}", pamphleteer::epub::chapter_href(i, &ch.slug));
        let text = read::text(&read::entry(&bytes, &name));
        let title = pamphleteer::model::plain_text(&ch.title);
        assert!(
            title.split_whitespace().all(|w| text.contains(w)),
            "{name} has its title"
        );
    }
    epub_validators::assert_epubcheck_clean(&path);
    epub_validators::assert_ace_clean(&path);
}
