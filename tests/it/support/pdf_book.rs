//! A small book typeset by hand for the PDF tests: real glyphs from the bundled Source
//! Serif 4 (shaped with harfrust, so "office" gets its ligature), anchors, links, rules
//! and a nested outline, on A5 pages with 9 pt bleed.

#![allow(dead_code)]

use pamphleteer::layout::{Margins, PageGeometry, Size};
use pamphleteer::model::{Identifier, Metadata};
use pamphleteer::output::Timestamp;
use pamphleteer::typeset::frame::{
    FaceData, FaceId, Item, LinkTarget, OutlineEntry, Page, Pages, Rect, TextRun,
};
use pamphleteer::typeset::shaping;
use std::sync::Arc;

/// The bundled body face.
pub const REGULAR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fonts/SourceSerif4-Regular.otf"
);

/// The face list: face 0 is Source Serif 4 Regular.
pub fn faces() -> Vec<FaceData> {
    let data = std::fs::read(REGULAR)
        .unwrap_or_else(|e| panic!("{REGULAR}: {e} (the fonts come with the typeset branch)"));
    vec![FaceData {
        data: Arc::new(data),
        index: 0,
    }]
}

/// Shapes `text` in face 0 at `size` pt, pen at (x, y).
pub fn run(faces: &[FaceData], text: &str, x: f64, y: f64, size: f64) -> TextRun {
    shaping::simple_run(faces, FaceId(0), text, size, (x, y)).expect("font parses")
}

/// A5 with 9 pt bleed.
pub fn geometry() -> PageGeometry {
    PageGeometry {
        trim: Size {
            width: 419.53,
            height: 595.28,
        },
        bleed: 9.0,
        margins: Margins {
            inner: 50.0,
            outer: 40.0,
            top: 50.0,
            bottom: 60.0,
        },
    }
}

/// The book's metadata, with characters that need escaping in XMP and Info.
pub fn metadata() -> Metadata {
    Metadata {
        title: "Office & Ligatures: a “Test” Pamphlet".into(),
        subtitle: None,
        authors: vec!["Ada Lovelace".into(), "Émile Zola".into()],
        publisher: Some("Test Press".into()),
        language: "en-GB".into(),
        date: Some("2026-11-26".into()),
        identifier: Identifier::Derived("urn:uuid:5f1c1a52-0c1e-5d43-9a55-1a0d1b2c3d4e".into()),
        description: Some("A book made by hand for the PDF tests.".into()),
        rights: None,
        slug: "office-ligatures".into(),
        locale: pamphleteer::locale::Locale::new("en-GB"),
        catalogue: Default::default(),
    }
}

/// The build date the tests pass in.
pub fn date() -> Timestamp {
    Timestamp::for_build(None, Some("2026-11-26"))
}

/// Eight pages: each says "Page N" at its foot; page 1 has the ligature word, a
/// hyphenated line end, a rule, a link to an anchor on page 3 and a URL link.
pub fn pages() -> Pages {
    let faces = faces();
    let mut pages = Vec::new();
    for n in 1..=8 {
        let mut items = vec![Item::Text(run(
            &faces,
            &format!("Page {n}"),
            190.0,
            560.0,
            10.0,
        ))];
        if n == 1 {
            items.extend(first_page_items(&faces));
        }
        if n == 3 {
            items.push(Item::Anchor {
                name: "note-1".into(),
                y: 70.0,
            });
            items.push(Item::Text(run(
                &faces,
                "1. The note itself.",
                50.0,
                80.0,
                9.0,
            )));
        }
        pages.push(Page {
            label: n.to_string(),
            blank: n == 8,
            items: if n == 8 { Vec::new() } else { items },
            lines: Vec::new(),
        });
    }
    Pages {
        pages,
        outline: outline(),
        page_starts: Vec::new(),
        matter_starts: Vec::new(),
        padding_pages: 0,
        missing_chars: Vec::new(),
    }
}

fn first_page_items(faces: &[FaceData]) -> Vec<Item> {
    vec![
        Item::Anchor {
            name: "chapter-one".into(),
            y: 60.0,
        },
        Item::Text(run(faces, "Chapter One", 50.0, 80.0, 16.0)),
        Item::Text(run(
            faces,
            "The office staff read an extraordi-",
            50.0,
            110.0,
            11.0,
        )),
        Item::Text(run(
            faces,
            "narily long report, see note 1.",
            50.0,
            124.0,
            11.0,
        )),
        Item::Rule {
            x0: 50.0,
            x1: 150.0,
            y: 140.0,
            thickness: 0.5,
        },
        Item::Link {
            rect: Rect {
                x: 200.0,
                y: 114.0,
                w: 40.0,
                h: 12.0,
            },
            target: LinkTarget::Anchor("note-1".into()),
        },
        Item::Text(run(faces, "example.org", 50.0, 160.0, 11.0)),
        Item::Link {
            rect: Rect {
                x: 50.0,
                y: 150.0,
                w: 60.0,
                h: 12.0,
            },
            target: LinkTarget::Url("https://example.org/".into()),
        },
    ]
}

/// Two chapters, sections inside, a subsection inside a section.
fn outline() -> Vec<OutlineEntry> {
    let e = |title: &str, level, page| OutlineEntry {
        title: title.into(),
        level,
        page,
        y: 60.0,
    };
    vec![
        e("Chapter One", 1, 0),
        e("Section 1.1", 2, 1),
        e("Section 1.2", 2, 2),
        e("Chapter Two", 1, 4),
        e("Section 2.1", 2, 5),
        e("Subsection 2.1.1", 3, 5),
    ]
}
