//! The print edition inside the EPUB: for every printed page of the bundled pamphlet
//! that the EPUB has a counterpart of — chapter text, glossary, works cited, and the
//! title page, contents and colophon — the EPUB's page-break marker stands where that
//! page begins: the words after the marker are among the first words of the printed
//! page, and the page-list lists them all in page order.

use crate::support::epub_read;
use crate::support::pdf_tools;

use pamphleteer::build::Format;
use pamphleteer::build::{self, BuildOptions};
use pamphleteer::diag::{Diagnostics, Sources};
use pamphleteer::parse::{self, DirFiles};
use pamphleteer::typeset::{self, Typesetter, fonts::FontBook};

/// Lowercase words without punctuation, so a quote mark or a hyphen join cannot differ.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The text after each page-break marker of one XHTML document: (label, following text).
fn markers(xhtml: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    let mut rest = xhtml;
    while let Some(i) = rest.find("epub:type=\"pagebreak\"") {
        let tag_end = rest[i..].find('>').unwrap() + i;
        let tag = &rest[i..tag_end];
        let label = tag
            .split("aria-label=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let after = &rest[tag_end..];
        // Notes are asides elsewhere in the file; the page begins in the running text.
        let body = epub_read::remove_regions(after, "<aside", "</aside>");
        out.push((label, epub_read::text(&body).chars().take(400).collect()));
        rest = &rest[tag_end..];
    }
    out
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn every_printed_page_starts_where_the_epub_marks_it() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = tempfile::tempdir().unwrap();
    let outcome = build::run(&BuildOptions {
        project: Some(root.into()),
        out: Some(out.path().to_path_buf()),
        formats: vec![Format::Pdf, Format::Epub],
        deny_warnings: false,
        write: true,
        ..Default::default()
    });
    assert!(!outcome.failed, "{:?}", outcome.summary);

    // The same pagination in-process, for the labels of the physical pages.
    let (mut sources, mut diags) = (Sources::default(), Diagnostics::default());
    let input = parse::parse_project(&DirFiles::new(root), &mut sources, &mut diags).unwrap();
    let ts = Typesetter::new(FontBook::bundled(), &input.layout.language);
    let pages = typeset::typeset(
        &input.document,
        &input.layout,
        &ts,
        &Default::default(),
        &mut diags,
    );

    let slug = &input.document.meta.slug;
    let epub = std::fs::read(out.path().join(format!("{slug}.epub"))).unwrap();
    let mut found = vec![];
    for (name, data) in epub_read::entries(&epub) {
        if name.ends_with(".xhtml") {
            found.extend(markers(&String::from_utf8(data).unwrap()));
        }
    }
    assert_eq!(
        found.len(),
        pages.page_starts.len() + pages.matter_starts.len(),
        "one marker per page of body text and of matter the EPUB has"
    );
    assert!(
        found.len() >= 12,
        "the pamphlet has fourteen pages of chapter text: {}",
        found.len()
    );
    let nav = epub_read::entry(&epub, "OEBPS/nav.xhtml");
    assert!(
        nav.contains("epub:type=\"page-list\""),
        "the navigation has a page-list"
    );

    // Every printed page from the first chapter to the colophon that is not blank —
    // chapters, glossary, works cited — is in the page-list, in page order, and so are
    // the title page and the contents before them.
    let page_list: Vec<String> = nav
        .split("epub:type=\"page-list\"")
        .nth(1)
        .unwrap()
        .split("</nav>")
        .next()
        .unwrap()
        .split("</a>")
        .filter(|a| a.contains("<a "))
        .filter_map(|a| Some(a.rsplit_once('>')?.1.to_string()))
        .collect();
    let index = |label: &str| pages.pages.iter().position(|p| p.label == label).unwrap();
    let positions: Vec<usize> = page_list.iter().map(|l| index(l)).collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "page-list in page order: {page_list:?}"
    );
    let first_chapter = index(&pages.page_starts[0].label);
    let colophon = pages.pages.len() - 1;
    for (i, page) in pages
        .pages
        .iter()
        .enumerate()
        .take(colophon)
        .skip(first_chapter)
    {
        assert!(
            page.blank || positions.contains(&i),
            "printed page {} has no page-break marker: {page_list:?}",
            page.label
        );
    }
    assert!(positions.contains(&colophon), "the colophon: {page_list:?}");
    let roman = page_list
        .iter()
        .filter(|l| l.parse::<u32>().is_err())
        .count();
    assert_eq!(roman, 2, "title page and contents: {page_list:?}");
    let glossary = pages
        .matter_starts
        .iter()
        .filter(|m| m.matter == pamphleteer::typeset::Matter::Glossary)
        .count();
    assert!(
        glossary >= 2,
        "the pamphlet's glossary has two pages or more"
    );

    let pdf = out.path().join(format!("{slug}.pdf"));
    // The EPUB's colophon says more than the printed one (publisher, rights, fonts):
    // its marker stands at its start, which is all the page-list needs.
    let last = &pages.pages[colophon].label;
    for (label, after) in found.iter().filter(|(l, _)| l != last) {
        let index = pages
            .pages
            .iter()
            .position(|p| &p.label == label)
            .expect("a printed page with that label");
        let Some(page_text) = pdf_tools::pdftotext(&pdf, Some((index + 1, index + 1))) else {
            return;
        };
        // Join line-end hyphens as a reader would, then look among the page's first words.
        let page_words = words(&page_text.replace("-\n", ""));
        let expected: Vec<String> = words(after).into_iter().take(4).collect();
        assert!(
            expected.len() == 4,
            "text follows the marker for page {label}"
        );
        let head = &page_words[..page_words.len().min(60)];
        assert!(
            head.windows(4).any(|w| w == expected.as_slice()),
            "page {label}: the EPUB marker is followed by {expected:?}, but the printed page begins {:?}",
            &head[..head.len().min(16)]
        );
    }
}
