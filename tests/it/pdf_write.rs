//! The print PDF read back: by qpdf, poppler and Ghostscript, and object by object
//! with lopdf (boxes, links, destinations, outline).

use crate::support::pdf_book;
use crate::support::pdf_tools;

use lopdf::{Dictionary, Document, Object};
use pamphleteer::pdf::{self, PdfOptions};
use std::path::PathBuf;

fn write(marks: bool) -> Vec<u8> {
    let opts = PdfOptions {
        marks,
        date: pdf_book::date(),
    };
    pdf::write(
        &pdf_book::pages(),
        &pdf_book::faces(),
        &pdf_book::metadata(),
        &pdf_book::geometry(),
        &opts,
    )
    .expect("the PDF is written")
}

/// Writes the PDF to a temporary file for the external tools.
fn on_disk(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.pdf");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn number(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        other => panic!("not a number: {other:?}"),
    }
}

fn rect(page: &Dictionary, key: &[u8]) -> [f64; 4] {
    let arr = page
        .get(key)
        .unwrap_or_else(|_| panic!("page lacks {}", String::from_utf8_lossy(key)))
        .as_array()
        .unwrap();
    [
        number(&arr[0]),
        number(&arr[1]),
        number(&arr[2]),
        number(&arr[3]),
    ]
}

fn inside(inner: [f64; 4], outer: [f64; 4]) -> bool {
    let e = 0.01;
    inner[0] >= outer[0] - e
        && inner[1] >= outer[1] - e
        && inner[2] <= outer[2] + e
        && inner[3] <= outer[3] + e
}

#[test]
#[cfg_attr(
    not(all(has_qpdf, has_gs)),
    ignore = "needs qpdf and Ghostscript: apt-get install qpdf ghostscript"
)]
fn qpdf_and_ghostscript_accept_the_file() {
    let (_dir, path) = on_disk(&write(false));
    pdf_tools::qpdf_check(&path);
    pdf_tools::gs_renders(&path);
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn fonts_are_embedded_and_subset() {
    let (_dir, path) = on_disk(&write(false));
    let Some(fonts) = pdf_tools::pdffonts(&path) else {
        return;
    };
    assert!(!fonts.is_empty(), "no fonts listed");
    for (name, kind, emb, sub) in fonts {
        assert!(emb && sub, "{name} ({kind}) embedded {emb}, subset {sub}");
    }
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn copied_text_gives_the_words_with_ligatures_and_hyphens() {
    let (_dir, path) = on_disk(&write(false));
    let Some(text) = pdf_tools::pdftotext(&path, Some((1, 1))) else {
        return;
    };
    for word in [
        "Chapter One",
        "office",
        "extraordi-",
        "narily",
        "example.org",
        "Page 1",
    ] {
        assert!(
            text.contains(word),
            "`{word}` not in the copied text:\n{text}"
        );
    }
    assert!(
        !text.contains('\u{fffd}'),
        "replacement characters in:\n{text}"
    );
}

#[test]
fn every_page_has_trim_inside_bleed_inside_media() {
    let geometry = pdf_book::geometry();
    for marks in [false, true] {
        let doc = Document::load_mem(&write(marks)).unwrap();
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 8);
        for id in pages.values() {
            let page = doc.get_dictionary(*id).unwrap();
            let (media, bleed, trim) = (
                rect(page, b"MediaBox"),
                rect(page, b"BleedBox"),
                rect(page, b"TrimBox"),
            );
            assert!(
                inside(trim, bleed) && inside(bleed, media),
                "{media:?} {bleed:?} {trim:?}"
            );
            assert!((trim[2] - trim[0] - geometry.trim.width).abs() < 0.01);
            assert!((trim[3] - trim[1] - geometry.trim.height).abs() < 0.01);
            assert!((bleed[2] - bleed[0] - geometry.trim.width - 18.0).abs() < 0.01);
            let media_room = media[2] - media[0] - (bleed[2] - bleed[0]);
            assert_eq!(media_room > 1.0, marks, "room for marks only with marks");
        }
    }
}

#[test]
#[cfg_attr(not(has_gs), ignore = "needs Ghostscript: apt-get install ghostscript")]
fn text_prints_in_black_ink_only() {
    let (_dir, path) = on_disk(&write(false));
    let Some(pages) = pdf_tools::inkcov(&path) else {
        return;
    };
    assert_eq!(pages.len(), 8);
    for (i, [c, m, y, k]) in pages.iter().enumerate() {
        assert!(
            *c == 0.0 && *m == 0.0 && *y == 0.0,
            "page {}: C {c} M {m} Y {y}",
            i + 1
        );
        assert_eq!(*k > 0.0, i < 7, "page {} K {k}", i + 1);
    }
}

#[test]
fn links_point_to_named_destinations_and_urls() {
    let doc = Document::load_mem(&write(false)).unwrap();
    let first = *doc.get_pages().get(&1).unwrap();
    let annots = doc.get_page_annotations(first).unwrap();
    assert_eq!(annots.len(), 2);
    let mut saw_dest = false;
    let mut saw_url = false;
    for a in annots {
        assert_eq!(a.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
        let border = a.get(b"Border").unwrap().as_array().unwrap();
        assert_eq!(number(&border[2]), 0.0, "links have no visible border");
        let flags = a.get(b"F").map(|f| f.as_i64().unwrap()).unwrap_or(0);
        assert_eq!(flags & 4, 0, "links are not printed");
        if let Ok(dest) = a.get(b"Dest") {
            assert_eq!(dest.as_str().unwrap(), b"note-1");
            saw_dest = true;
        }
        if let Ok(action) = a.get(b"A") {
            let action = doc.dereference(action).unwrap().1.as_dict().unwrap();
            assert_eq!(
                action.get(b"URI").unwrap().as_str().unwrap(),
                b"https://example.org/"
            );
            saw_url = true;
        }
    }
    assert!(saw_dest && saw_url);
    let names = named_destinations(&doc);
    assert_eq!(names, ["chapter-one", "note-1"]);
}

/// The names in the catalog's /Names /Dests tree (a flat leaf, as krilla writes it).
fn named_destinations(doc: &Document) -> Vec<String> {
    let names = doc.catalog().unwrap().get(b"Names").unwrap();
    let names = doc.dereference(names).unwrap().1.as_dict().unwrap();
    let dests = doc.dereference(names.get(b"Dests").unwrap()).unwrap().1;
    let leaf = dests
        .as_dict()
        .unwrap()
        .get(b"Names")
        .unwrap()
        .as_array()
        .unwrap();
    leaf.chunks(2)
        .map(|pair| String::from_utf8(pair[0].as_str().unwrap().to_vec()).unwrap())
        .collect()
}

#[test]
fn bookmarks_nest_by_level() {
    let doc = Document::load_mem(&write(false)).unwrap();
    let root = doc.catalog().unwrap().get(b"Outlines").unwrap();
    let root = doc.dereference(root).unwrap().1.as_dict().unwrap();
    let tree = outline_titles(&doc, root);
    assert_eq!(
        tree,
        "Chapter One[Section 1.1, Section 1.2], Chapter Two[Section 2.1[Subsection 2.1.1]]"
    );
}

/// The outline as `Title[children], …`.
fn outline_titles(doc: &Document, parent: &Dictionary) -> String {
    let mut out = Vec::new();
    let mut next = parent.get(b"First").ok().cloned();
    while let Some(item) = next {
        let node = doc.dereference(&item).unwrap().1.as_dict().unwrap();
        let title = node.get(b"Title").unwrap().as_str().unwrap();
        let mut entry = String::from_utf8_lossy(title).to_string();
        if node.has(b"First") {
            entry = format!("{entry}[{}]", outline_titles(doc, node));
        }
        out.push(entry);
        next = node.get(b"Next").ok().cloned();
    }
    out.join(", ")
}

#[test]
fn same_input_gives_the_same_bytes() {
    assert!(write(false) == write(false), "two writes differ");
    assert!(write(true) == write(true), "two writes with marks differ");
}

#[test]
#[cfg_attr(
    not(all(has_qpdf, has_poppler)),
    ignore = "needs qpdf and poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install qpdf poppler-utils"
)]
fn marks_add_crop_marks_and_a_slug_outside_the_bleed() {
    let (_dir, path) = on_disk(&write(true));
    pdf_tools::qpdf_check(&path);
    let Some(text) = pdf_tools::pdftotext(&path, Some((2, 2))) else {
        return;
    };
    assert!(text.contains("page 2 (2 of 8)"), "slug missing:\n{text}");
    assert!(text.contains("2026-11-26"), "slug date missing:\n{text}");
}

#[test]
fn the_fixture_really_sets_office_with_a_ligature() {
    // Otherwise the copy-paste test above would prove nothing about ligatures.
    let pages = pdf_book::pages();
    let run = pages.pages[0]
        .items
        .iter()
        .find_map(|i| match i {
            pamphleteer::typeset::frame::Item::Text(r) if r.text.contains("office") => Some(r),
            _ => None,
        })
        .unwrap();
    let ligature = run
        .glyphs
        .iter()
        .any(|g| &run.text[g.text.start as usize..g.text.end as usize] == "ffi");
    assert!(ligature, "no ffi ligature glyph in {:?}", run.glyphs);
}
