//! The booklet's paper (#12): the paper of the book's region (A4, or US letter in the
//! United States, Canada and the other letter countries), `[layout] sheet` over it;
//! an A6 booklet printed two copies to an A4 sheet with a cut line between them, in
//! saddle-stitch order; a spread smaller than the paper centred with crop marks.

use crate::support::common::run_mem;
use crate::support::{pdf_book, pdf_lines, pdf_tools};
use lopdf::{Document, Object};
use pamphleteer::build::{self, MakeOptions, Outcome};
use pamphleteer::cli::Format;
use pamphleteer::layout::{Margins, PageGeometry, Paper, Size};
use pamphleteer::pdf::{self, Booklet, BookletOptions, Imposition, impose};
use pamphleteer::typeset::{Item, Page, Pages};

const A6: Size = Size {
    width: 297.64,
    height: 419.53,
};
const A5: Size = Size {
    width: 419.53,
    height: 595.28,
};
const HALF_LETTER: Size = Size {
    width: 396.0,
    height: 612.0,
};

#[test]
fn the_paper_follows_the_region_of_the_language() {
    use Paper::{A4, Letter};
    for (tag, paper) in [
        ("en-US", Letter),
        ("en-CA", Letter),
        ("fr-CA", Letter),
        ("es-US", Letter),
        ("es-MX", Letter),
        ("en-us", Letter),
        ("en-GB", A4),
        ("de-DE", A4),
        ("fr-FR", A4),
        ("es-ES", A4),
        ("en", A4),
        ("zh-Hant-TW", A4),
        ("es-419", A4),
        ("", A4),
    ] {
        assert_eq!(Paper::for_language(tag), paper, "{tag}");
    }
}

fn book_toml(language: &str, layout: &str) -> String {
    format!("[book]\ntitle = \"T\"\nlanguage = \"{language}\"\n\n[layout]\n{layout}")
}

fn sheet_of(language: &str, layout: &str) -> (Paper, Vec<String>, Vec<Vec<String>>) {
    let toml = book_toml(language, layout);
    let r = run_mem(&[("book.toml", &toml), ("one.md", "# One\n\nText.\n")]);
    let paper = r.input.as_ref().expect("a document").layout.sheet;
    (paper, r.diags, r.hints)
}

#[test]
fn the_sheet_key_overrides_the_region_and_is_checked() {
    assert_eq!(sheet_of("en-US", "").0, Paper::Letter);
    assert_eq!(sheet_of("de-DE", "").0, Paper::A4);
    let (paper, diags, _) = sheet_of("en-US", "sheet = \"A4\"\n");
    assert_eq!((paper, diags.len()), (Paper::A4, 0));
    let (paper, diags, _) = sheet_of("en-GB", "trim = \"half-letter\"\nsheet = \"Letter\"\n");
    assert_eq!((paper, diags.len()), (Paper::Letter, 0), "{diags:?}");
    // An unknown paper: its place and the valid list.
    let (_, diags, hints) = sheet_of("en-GB", "sheet = \"B4\"\n");
    assert_eq!(
        diags,
        ["manuscript/book.toml:6:9: error: unknown sheet `B4`"]
    );
    assert_eq!(hints[0], ["use one of \"A4\", \"letter\""]);
    // Two A5 pages side by side are wider than letter: said at the key.
    let (paper, diags, hints) = sheet_of("en-US", "trim = \"A5\"\nsheet = \"letter\"\n");
    assert_eq!(paper, Paper::Letter);
    assert_eq!(
        diags,
        [
            "manuscript/book.toml:7:9: warning: two pages of this trim side by side (11.7 × 8.3 in) do not fit on US letter paper"
        ]
    );
    assert!(hints[0][0].contains("smallest standard sheet"), "{hints:?}");
}

#[test]
fn each_trim_goes_on_the_paper_as_it_fits() {
    let on = |trim, paper| impose(trim, paper).expect("a sheet");
    let sheet = |i: Imposition| {
        (
            i.sheet,
            i.page.width.round(),
            i.page.height.round(),
            i.copies,
        )
    };
    // Two copies, one above the other, on upright A4.
    assert_eq!(sheet(on(A6, Paper::A4)), ("A4", 595.0, 842.0, 2));
    // Sideways, one copy.
    assert_eq!(sheet(on(A5, Paper::A4)), ("A4", 842.0, 595.0, 1));
    assert_eq!(
        sheet(on(HALF_LETTER, Paper::Letter)),
        ("US letter", 792.0, 612.0, 1)
    );
    // Two A6 spreads are taller than letter: one, centred, on letter sideways.
    assert_eq!(sheet(on(A6, Paper::Letter)), ("US letter", 792.0, 612.0, 1));
    // Two A5 pages are wider than letter: the smallest sheet that holds them.
    assert_eq!(sheet(on(A5, Paper::Letter)), ("A4", 842.0, 595.0, 1));
    assert!(!Paper::Letter.holds_spread(A5));
    assert!(Paper::A4.holds_spread(A6) && Paper::Letter.holds_spread(A6));
}

/// Eight pages of `trim`, each with "Page N" near its foot; page 8 blank.
fn book(trim: Size) -> Pages {
    let faces = pdf_book::faces();
    let pages = (1..=8)
        .map(|n| Page {
            label: n.to_string(),
            blank: n == 8,
            items: if n == 8 {
                vec![]
            } else {
                vec![Item::Text(pdf_book::run(
                    &faces,
                    &format!("Page {n}"),
                    trim.width / 2.0 - 20.0,
                    trim.height - 30.0,
                    10.0,
                ))]
            },
            lines: vec![],
        })
        .collect();
    let mut book = pdf_book::pages();
    book.pages = pages;
    book.outline = vec![];
    book
}

fn booklet(trim: Size, paper: Paper) -> Booklet {
    let geometry = PageGeometry {
        trim,
        bleed: 9.0,
        margins: Margins {
            inner: 20.0,
            outer: 20.0,
            top: 20.0,
            bottom: 30.0,
        },
    };
    let opts = BookletOptions {
        date: pdf_book::date(),
        creep: None,
        paper,
    };
    let (faces, meta) = (pdf_book::faces(), pdf_book::metadata());
    pdf::write_booklet(&book(trim), &faces, &meta, &geometry, &opts).expect("a booklet")
}

fn num(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        other => panic!("{other:?}"),
    }
}

/// Each sheet side's media box and content stream.
fn sides(pdf: &[u8]) -> Vec<([f64; 4], String)> {
    let doc = Document::load_mem(pdf).expect("a PDF");
    doc.get_pages()
        .values()
        .map(|id| {
            let page = doc.get_dictionary(*id).unwrap();
            let media: Vec<f64> = page
                .get(b"MediaBox")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(num)
                .collect();
            let content = String::from_utf8_lossy(&doc.get_page_content(*id)).to_string();
            (<[f64; 4]>::try_from(media).unwrap(), content)
        })
        .collect()
}

#[test]
#[cfg_attr(
    not(all(has_qpdf, has_poppler)),
    ignore = "needs qpdf and poppler (pdftotext): apt-get install qpdf poppler-utils"
)]
fn an_a6_booklet_goes_two_copies_to_an_a4_sheet_with_a_cut_line() {
    let b = booklet(A6, Paper::A4);
    assert_eq!((b.sheet, b.sheets, b.copies), ("A4", 2, 2));
    assert!(
        b.instructions.contains("flipped on the long edge"),
        "{}",
        b.instructions
    );
    assert!(
        b.instructions
            .contains("cut the stack in half along the dashed line")
    );
    assert!(b.instructions.contains("two copies"));
    let sides = sides(&b.pdf);
    assert_eq!(sides.len(), 4, "two sheets, two sides each");
    let mid = 841.89 / 2.0;
    for (media, content) in &sides {
        assert!(
            (media[2] - 595.28).abs() < 0.1 && (media[3] - 841.89).abs() < 0.1,
            "{media:?}"
        );
        // The dashed cut line runs across the sheet halfway up.
        let y = format!("{mid:.4}");
        let y = y.trim_end_matches('0');
        assert!(
            content.contains("[4 3] 0 d") && content.contains(&format!("0 {y} m 595.28 {y} l S")),
            "{content}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("booklet.pdf");
    std::fs::write(&path, &b.pdf).unwrap();
    let Some(report) = pdf_tools::qpdf_check(&path) else {
        return;
    };
    assert!(
        report.contains("No syntax or stream encoding errors"),
        "{report}"
    );
    let Some((_, lines)) = pdf_lines::read_pages(&path) else {
        return;
    };
    // 8|1, 2|7, 6|3, 4|5 (page 8 is blank): each side twice, the copies the same
    // pages at the same x, one spread height apart.
    let expected = [(None, 1), (Some(2), 7), (Some(6), 3), (Some(4), 5)];
    for (side, (left, right)) in expected.iter().enumerate() {
        let mut folios: Vec<(usize, f64, f64)> = lines
            .iter()
            .filter(|l| l.page == side)
            .flat_map(|l| l.words.windows(2).map(|w| (w[0].clone(), w[1].clone())))
            .filter(|(a, _)| a.text == "Page")
            .map(|(a, n)| (n.text.parse().expect("a number"), a.x0, a.y0))
            .collect();
        folios.sort_by(|a, b| (a.0, a.2).partial_cmp(&(b.0, b.2)).unwrap());
        let want: Vec<usize> = left.iter().chain([right]).copied().collect();
        let mut numbers: Vec<usize> = folios.iter().map(|f| f.0).collect();
        numbers.dedup();
        let mut sorted = want.clone();
        sorted.sort();
        assert_eq!(numbers, sorted, "side {}", side + 1);
        for pair in folios.chunks(2) {
            let [(n, x0, y0), (_, x1, y1)] = pair else {
                panic!("page {} once on side {}: {folios:?}", pair[0].0, side + 1);
            };
            assert!((x0 - x1).abs() < 0.01, "page {n}: the copies side by side");
            assert!(
                ((y1 - y0) - A6.height).abs() < 0.5,
                "page {n}: {y0} and {y1}"
            );
            let on_left = *x0 < 595.28 / 2.0;
            assert_eq!(on_left, Some(*n) == *left, "page {n} on side {}", side + 1);
        }
    }
}

#[test]
fn a_spread_smaller_than_the_paper_is_centred_with_crop_marks() {
    let b = booklet(A6, Paper::Letter);
    assert_eq!((b.sheet, b.copies), ("US letter", 1));
    assert!(
        b.instructions.contains("trim it at the crop marks"),
        "{}",
        b.instructions
    );
    for (media, content) in sides(&b.pdf) {
        assert_eq!(media.map(f64::round), [0.0, 0.0, 792.0, 612.0]);
        // Eight marks: two at each corner of the spread, none through it.
        let marks = content.lines().filter(|l| l.ends_with(" l S")).count();
        assert_eq!(marks, 8, "{content}");
        assert!(
            !content.contains("[4 3] 0 d"),
            "no cut line on a single copy"
        );
    }
    // A spread that fills the paper needs neither.
    let b = booklet(HALF_LETTER, Paper::Letter);
    assert_eq!((b.sheet, b.copies), ("US letter", 1));
    assert!(!b.instructions.contains("crop marks"));
    for (_, content) in sides(&b.pdf) {
        assert!(!content.contains(" l S"), "{content}");
    }
}

/// Builds a one-chapter book in `language` at `trim` and returns its booklet's
/// printing instructions.
fn built(language: &str, trim: &str) -> String {
    let toml = format!(
        "[book]\ntitle = \"Sheets\"\nlanguage = \"{language}\"\n\n[layout]\ntrim = \"{trim}\"\n"
    );
    let files = crate::support::common::project(&[
        ("book.toml", &toml),
        ("one.md", "# One\n\nA paragraph of text to set.\n"),
    ]);
    let opts = MakeOptions {
        formats: vec![Format::Booklet],
        ..MakeOptions::default()
    };
    let mut outcome = Outcome::default();
    let products = build::make(&files, &opts, &mut outcome).expect("a build");
    products.booklet.expect("a booklet").1
}

#[test]
fn the_built_booklet_is_on_the_regions_paper() {
    let cases = [
        (
            "de-DE",
            "A6",
            "A4 sheets, double-sided, flipped on the long edge",
        ),
        (
            "en-US",
            "A6",
            "US letter sheets, double-sided, flipped on the short edge",
        ),
        (
            "fr-CA",
            "half-letter",
            "US letter sheets, double-sided, flipped on the short edge",
        ),
        (
            "en-GB",
            "A5",
            "A4 sheets, double-sided, flipped on the short edge",
        ),
    ];
    for (language, trim, says) in cases {
        let told = built(language, trim);
        assert!(told.contains(says), "{language} {trim}: {told}");
    }
}
