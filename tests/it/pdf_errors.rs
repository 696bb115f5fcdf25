//! What the PDF writer refuses, and how it says so; and a booklet that needs padding.

use crate::support::pdf_book;
use crate::support::pdf_tools;

use pamphleteer::layout::Size;
use pamphleteer::pdf::{self, BookletOptions, PdfError, PdfOptions};
use pamphleteer::typeset::frame::{FaceId, Item, LinkTarget, OutlineEntry, Pages, Rect};

fn write(pages: &Pages) -> Result<Vec<u8>, PdfError> {
    let opts = PdfOptions {
        marks: false,
        date: pdf_book::date(),
    };
    let (faces, meta, geometry) = (
        pdf_book::faces(),
        pdf_book::metadata(),
        pdf_book::geometry(),
    );
    pdf::write(pages, &faces, &meta, &geometry, &opts)
}

#[test]
fn a_link_to_a_missing_anchor_is_an_error() {
    let mut pages = pdf_book::pages();
    pages.pages[1].items.push(Item::Link {
        rect: Rect {
            x: 10.0,
            y: 10.0,
            w: 10.0,
            h: 10.0,
        },
        target: LinkTarget::Anchor("nowhere".into()),
    });
    assert_eq!(
        write(&pages),
        Err(PdfError::UnknownAnchor("nowhere".into()))
    );
}

#[test]
fn two_anchors_with_one_name_are_an_error() {
    let mut pages = pdf_book::pages();
    pages.pages[4].items.push(Item::Anchor {
        name: "note-1".into(),
        y: 0.0,
    });
    assert_eq!(
        write(&pages),
        Err(PdfError::DuplicateAnchor("note-1".into()))
    );
}

#[test]
fn a_run_in_an_unknown_face_is_an_error() {
    let mut pages = pdf_book::pages();
    let mut run = pdf_book::run(&pdf_book::faces(), "x", 0.0, 10.0, 10.0);
    run.face = FaceId(3);
    pages.pages[0].items.push(Item::Text(run));
    assert_eq!(write(&pages), Err(PdfError::MissingFace(FaceId(3))));
}

#[test]
fn a_bookmark_past_the_last_page_is_an_error() {
    let mut pages = pdf_book::pages();
    pages.outline.push(OutlineEntry {
        title: "Lost".into(),
        level: 1,
        page: 99,
        y: 0.0,
    });
    assert_eq!(write(&pages), Err(PdfError::OutlinePage(99)));
}

#[test]
fn a_zero_trim_is_an_error() {
    let mut geometry = pdf_book::geometry();
    geometry.trim.width = 0.0;
    let opts = PdfOptions {
        marks: false,
        date: pdf_book::date(),
    };
    let (pages, faces, meta) = (pdf_book::pages(), pdf_book::faces(), pdf_book::metadata());
    let err = pdf::write(&pages, &faces, &meta, &geometry, &opts).unwrap_err();
    assert!(matches!(err, PdfError::BadGeometry(_)), "{err}");
}

#[test]
fn a_trim_too_big_for_any_sheet_is_an_error() {
    let mut geometry = pdf_book::geometry();
    geometry.trim = Size {
        width: 1500.0,
        height: 2000.0,
    };
    let opts = BookletOptions {
        date: pdf_book::date(),
        creep: None,
        paper: pamphleteer::layout::Paper::A4,
    };
    let (pages, faces, meta) = (pdf_book::pages(), pdf_book::faces(), pdf_book::metadata());
    let err = pdf::write_booklet(&pages, &faces, &meta, &geometry, &opts).unwrap_err();
    assert!(err.to_string().contains("no standard sheet"), "{err}");
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn six_pages_are_padded_to_two_sheets_with_blanks_at_the_end() {
    let mut pages = pdf_book::pages();
    pages.pages.truncate(6);
    pages.outline.retain(|e| e.page < 6);
    let opts = BookletOptions {
        date: pdf_book::date(),
        creep: None,
        paper: pamphleteer::layout::Paper::A4,
    };
    let (faces, meta, geometry) = (
        pdf_book::faces(),
        pdf_book::metadata(),
        pdf_book::geometry(),
    );
    let b = pdf::write_booklet(&pages, &faces, &meta, &geometry, &opts).unwrap();
    assert_eq!(b.sheets, 2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.pdf");
    std::fs::write(&path, &b.pdf).unwrap();
    // Side 2 is 2|7: page 7 is padding, so only "Page 2" shows.
    let Some(text) = pdf_tools::pdftotext(&path, Some((2, 2))) else {
        return;
    };
    assert!(
        text.contains("Page 2") && !text.contains("Page 7"),
        "{text}"
    );
}
