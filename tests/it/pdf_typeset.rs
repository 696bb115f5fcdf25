//! The typesetter's real lines through the PDF writer: the seed essay's paragraphs set
//! by `Typesetter::paragraph`, stacked on A5 pages by hand (pagination is another
//! branch's), written, and read back — the copied text must be the lines' own text.

use crate::support::pdf_book;
use crate::support::pdf_tools;

use pamphleteer::layout::TextAlign;
use pamphleteer::pdf::{self, PdfOptions};
use pamphleteer::typeset::frame::{Item, Page, Pages};
use pamphleteer::typeset::{Line, ParagraphSettings, Run, RunStyle, Typesetter};
use std::path::Path;

const SEED: &str = include_str!("../fixtures/seed/class-nature-of-the-soviet-state.txt");

fn settings(measure: f64) -> ParagraphSettings {
    ParagraphSettings {
        measure,
        size: 10.5,
        indent_left: 0.0,
        indent_right: 0.0,
        first_line_indent: 12.6,
        align: TextAlign::Justify,
        leading: 13.65,
        hyphenate: true,
        old_style_figures: true,
        looseness: 0,
    }
}

fn paragraph_run(text: &str) -> Run {
    Run::new(text, RunStyle::default())
}

/// Lines of the first paragraphs, stacked from the top margin until the page is full.
fn one_page(ts: &Typesetter) -> (Page, Vec<Line>) {
    let g = pdf_book::geometry();
    let paragraphs = SEED
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let mut items = Vec::new();
    let mut kept = Vec::new();
    let mut baseline = g.margins.top;
    'page: for p in paragraphs {
        for line in ts
            .paragraph(&[paragraph_run(p)], &settings(g.measure()))
            .lines
        {
            baseline += line.height;
            if baseline > g.trim.height - g.margins.bottom {
                break 'page;
            }
            for run in &line.runs {
                let mut placed = run.clone();
                placed.x += g.margins.inner;
                placed.y += baseline;
                items.push(Item::Text(placed));
            }
            kept.push(line);
        }
    }
    let page = Page {
        label: "1".into(),
        blank: false,
        items,
        lines: Vec::new(),
    };
    (page, kept)
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

#[test]
#[cfg_attr(
    not(all(has_qpdf, has_poppler)),
    ignore = "needs qpdf and poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install qpdf poppler-utils"
)]
fn a_typeset_page_copies_as_its_lines_text() {
    let ts = Typesetter::bundled();
    let (page, lines) = one_page(&ts);
    assert!(lines.len() > 20, "a full page");
    assert!(
        lines.iter().any(|l| l.hyphenated),
        "the page should show a hyphenated line end"
    );
    let pages = Pages {
        pages: vec![page],
        outline: Vec::new(),
        page_starts: Vec::new(),
        matter_starts: Vec::new(),
        padding_pages: 0,
        missing_chars: Vec::new(),
    };
    let opts = PdfOptions {
        marks: false,
        date: pdf_book::date(),
    };
    let (meta, geometry) = (pdf_book::metadata(), pdf_book::geometry());
    let bytes = pdf::write(&pages, ts.fonts.faces(), &meta, &geometry, &opts).unwrap();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdf-review");
    std::fs::create_dir_all(&out).unwrap();
    let path = out.join("typeset-page.pdf");
    std::fs::write(&path, &bytes).unwrap();
    pdf_tools::qpdf_check(&path);
    let Some(text) = pdf_tools::pdftotext(&path, None) else {
        return;
    };
    let expected: String = lines
        .iter()
        .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect::<String>() + "\n")
        .collect();
    assert_eq!(words(&text), words(&expected));
    pdf_tools::pdftoppm(&path, 1, 70, &out.join("typeset-page"));
}
