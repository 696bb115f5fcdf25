//! The booklet read back: sheet size, saddle-stitch order (each page says "Page N" at
//! its foot, so pdftotext tells which page landed on which half), creep, and review PNGs.

use crate::support::pdf_book;
use crate::support::pdf_tools;

use lopdf::{Document, Object};
use pamphleteer::pdf::{self, Booklet, BookletOptions, PdfOptions};
use std::path::{Path, PathBuf};

fn booklet(creep: Option<f64>) -> Booklet {
    let opts = BookletOptions {
        date: pdf_book::date(),
        creep,
        paper: pamphleteer::layout::Paper::A4,
    };
    let (pages, faces) = (pdf_book::pages(), pdf_book::faces());
    let (meta, geometry) = (pdf_book::metadata(), pdf_book::geometry());
    pdf::write_booklet(&pages, &faces, &meta, &geometry, &opts).unwrap()
}

fn on_disk(bytes: &[u8], dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// (page number, x of its "Page N" folio) for each folio on one sheet side.
fn folios(file: &Path, side: usize) -> Option<Vec<(usize, f64)>> {
    let words = pdf_tools::words_with_x(file, side)?;
    let found = words
        .windows(2)
        .filter(|w| w[0].0 == "Page")
        .map(|w| (w[1].0.parse().expect("a page number"), w[0].1))
        .collect();
    Some(found)
}

#[test]
fn a5_pages_go_two_up_on_landscape_a4() {
    let b = booklet(None);
    assert_eq!((b.sheet, b.sheets), ("A4", 2));
    assert!(
        b.instructions
            .contains("double-sided, flipped on the short edge")
    );
    assert!(!b.instructions.contains('\n'), "one line");
    let doc = Document::load_mem(&b.pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 4, "two sheets, two sides each");
    for id in doc.get_pages().values() {
        let media = doc.get_dictionary(*id).unwrap().get(b"MediaBox").unwrap();
        let v: Vec<f64> = media.as_array().unwrap().iter().map(num).collect();
        assert!(
            (v[2] - 841.89).abs() < 0.1 && (v[3] - 595.28).abs() < 0.1,
            "{v:?}"
        );
    }
}

fn num(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        other => panic!("{other:?}"),
    }
}

#[test]
#[cfg_attr(
    not(all(has_qpdf, has_poppler, has_gs)),
    ignore = "needs qpdf and poppler (pdftotext, pdffonts, pdftoppm, pdfimages) and Ghostscript: apt-get install qpdf poppler-utils ghostscript"
)]
fn pages_land_in_saddle_stitch_order() {
    let b = booklet(None);
    let dir = tempfile::tempdir().unwrap();
    let path = on_disk(&b.pdf, dir.path(), "booklet.pdf");
    pdf_tools::qpdf_check(&path);
    pdf_tools::gs_renders(&path);
    let half = 841.89 / 2.0;
    // 8|1, 2|7, 6|3, 4|5 — page 8 is blank, so its half shows no folio.
    let expected: [(Option<usize>, usize); 4] =
        [(None, 1), (Some(2), 7), (Some(6), 3), (Some(4), 5)];
    for (side, (left, right)) in expected.iter().enumerate() {
        let Some(found) = folios(&path, side + 1) else {
            return;
        };
        let lefts: Vec<usize> = found.iter().filter(|f| f.1 < half).map(|f| f.0).collect();
        let rights: Vec<usize> = found.iter().filter(|f| f.1 >= half).map(|f| f.0).collect();
        assert_eq!(
            lefts,
            left.iter().copied().collect::<Vec<_>>(),
            "side {}",
            side + 1
        );
        assert_eq!(rights, vec![*right], "side {}", side + 1);
    }
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn creep_moves_inner_sheets_toward_the_fold() {
    let dir = tempfile::tempdir().unwrap();
    let plain = on_disk(&booklet(None).pdf, dir.path(), "plain.pdf");
    let crept = on_disk(&booklet(Some(10.0)).pdf, dir.path(), "crept.pdf");
    // Side 3 is the inner sheet's front (6|3): one sheet in, so 10 pt toward the fold.
    let (Some(a), Some(b)) = (folios(&plain, 3), folios(&crept, 3)) else {
        return;
    };
    for ((page, x0), (_, x1)) in a.iter().zip(&b) {
        let expected = if *page == 6 { 10.0 } else { -10.0 };
        assert!((x1 - x0 - expected).abs() < 0.2, "page {page}: {x0} → {x1}");
    }
    // The outer sheet does not move.
    let (Some(a), Some(b)) = (folios(&plain, 1), folios(&crept, 1)) else {
        return;
    };
    assert_eq!(a, b);
}

#[test]
#[cfg_attr(not(has_gs), ignore = "needs Ghostscript: apt-get install ghostscript")]
fn booklet_text_is_black_ink_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = on_disk(&booklet(None).pdf, dir.path(), "booklet.pdf");
    let Some(sides) = pdf_tools::inkcov(&path) else {
        return;
    };
    for [c, m, y, k] in sides {
        assert!(
            c == 0.0 && m == 0.0 && y == 0.0 && k > 0.0,
            "{c} {m} {y} {k}"
        );
    }
}

/// PNGs of the first page (with marks) and the first booklet sheet, for a person to look
/// at: `target/pdf-review/`.
#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn review_pngs_are_rendered() {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdf-review");
    std::fs::create_dir_all(&out).unwrap();
    let opts = PdfOptions {
        marks: true,
        date: pdf_book::date(),
    };
    let (pages, faces) = (pdf_book::pages(), pdf_book::faces());
    let (meta, geometry) = (pdf_book::metadata(), pdf_book::geometry());
    let print = pdf::write(&pages, &faces, &meta, &geometry, &opts).unwrap();
    let print = on_disk(&print, &out, "print-marks.pdf");
    let sheet = on_disk(&booklet(Some(2.0)).pdf, &out, "booklet.pdf");
    if pdf_tools::pdftoppm(&print, 1, 70, &out.join("print-page")).is_none() {
        return;
    }
    pdf_tools::pdftoppm(&sheet, 2, 70, &out.join("booklet-side"));
    assert!(out.join("print-page-1.png").is_file());
    assert!(out.join("booklet-side-2.png").is_file());
}

/// The build imposes the booklet from the print PDF as drawn, crop marks and slug
/// included when asked for (`pdf::write_print`): the booklet must read each page's
/// TrimBox, so its sheets come out the same with or without marks, and nothing outside
/// the trim (marks, slug) shows on a sheet.
#[test]
#[cfg_attr(
    not(all(has_qpdf, has_poppler)),
    ignore = "needs qpdf and poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install qpdf poppler-utils"
)]
fn a_booklet_imposed_from_a_marked_print_pdf_is_the_same_booklet() {
    let (pages, faces) = (pdf_book::pages(), pdf_book::faces());
    let (meta, geometry) = (pdf_book::metadata(), pdf_book::geometry());
    let booklet_opts = BookletOptions {
        date: pdf_book::date(),
        creep: None,
        paper: pamphleteer::layout::Paper::A4,
    };
    let imposed = |marks: bool| {
        let opts = PdfOptions {
            marks,
            date: pdf_book::date(),
        };
        let print = pdf::write_print(&pages, &faces, &meta, &geometry, &opts, Some(&booklet_opts));
        print.unwrap().booklet.expect("asked for").unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let plain = on_disk(&imposed(false).pdf, dir.path(), "plain.pdf");
    let marked = on_disk(&imposed(true).pdf, dir.path(), "marked.pdf");
    pdf_tools::qpdf_check(&marked);
    for side in 1..=4 {
        let (Some(a), Some(b)) = (
            pdf_tools::words_with_x(&plain, side),
            pdf_tools::words_with_x(&marked, side),
        ) else {
            return;
        };
        assert_eq!(a.len(), b.len(), "side {side}: {b:?}");
        for ((wa, xa), (wb, xb)) in a.iter().zip(&b) {
            assert_eq!(wa, wb, "side {side}");
            assert!((xa - xb).abs() < 0.05, "side {side}: {wa} at {xa} and {xb}");
        }
        assert!(
            !b.iter().any(|(w, _)| w == "·"),
            "the slug shows on side {side}"
        );
    }
}
