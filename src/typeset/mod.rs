//! Typesetting: document + layout model in, positioned pages out.
//!
//! The stage runs as a straight line: `collect` turns blocks into styled runs, the
//! paragraph API (shaping, hyphenation, Knuth–Plass) sets them into lines,
//! `paginate` fills pages — footnotes at the foot of the page that references them, no
//! widows or orphans, headings kept with their text — and builds the front and back
//! matter around the chapters; `dump` prints the result for golden tests.

pub mod collect;
mod compounds;
pub mod dump;
pub mod fonts;
pub mod frame;
pub mod hyphenate;
pub mod linebreak;
pub mod missing;
pub mod paginate;
pub mod paragraph;
pub mod pictures;
pub mod run;
pub mod shaping;
pub mod urls;

pub use frame::{
    FaceId, Glyph, Item, LineSource, LinkTarget, Matter, MatterStart, OutlineEntry, Page,
    PageStart, Pages, Picture, Pictures, Rect, TextPos, TextRun,
};
pub use paragraph::{
    Line, LineAnchor, LineLink, MissingGlyph, Paragraph, ParagraphSettings, Typesetter,
};
pub use run::{Run, RunStyle};

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::layout::Layout;
use crate::model::Document;
use paginate::flow::{FlowBuilder, LineSetter};
use paginate::{assemble, book};

/// Typesets the book: paragraphs set by `ts`, pages built around them, a paragraph of
/// one image set as a figure when `pictures` has its file.
pub fn typeset(
    doc: &Document,
    layout: &Layout,
    ts: &Typesetter,
    pictures: &Pictures,
    diags: &mut Diagnostics,
) -> Pages {
    let mut setter = paginate::setter::BookSetter::new(ts, layout);
    let mut pages = typeset_with(doc, layout, &mut setter, pictures, diags);
    let mut missing: Vec<char> = setter.missing.iter().map(|m| m.0).collect();
    missing.sort_unstable();
    missing.dedup();
    pages.missing_chars = missing;
    pages
}

/// Typesets the book with the given line setter.
pub fn typeset_with(
    doc: &Document,
    layout: &Layout,
    setter: &mut dyn LineSetter,
    pictures: &Pictures,
    diags: &mut Diagnostics,
) -> Pages {
    let mut b = FlowBuilder {
        layout,
        setter,
        pictures,
    };
    // External links' addresses, as `[layout] urls` asks (print only).
    let doc = &*urls::for_print(doc, layout.urls);
    // Collect each chapter's blocks into styled runs, notes alongside.
    let chapters = collect::collect_chapters(doc, layout);
    check_figures(&chapters, layout, pictures, diags);
    check_tables(&chapters, layout, b.setter, diags);
    // Set and paginate the chapters, retrying short pages with looseness.
    let mut body = assemble::chapters(&mut b, doc, &chapters, diags);
    // Back matter: the glossary points back to the pages where its terms were used.
    assemble::back_matter(&mut b, doc, &mut body);
    // Front matter, set last so the contents carry the final page numbers.
    let front = assemble::front_matter(&mut b, doc, &body);
    // Saddle stitching: blanks before the colophon up to a multiple of four.
    let padding = assemble::colophon(&mut b, doc, front.pages.len(), &mut body);
    // Join front matter and body into the book, outline and page starts.
    let mut pages = book::join(vec![front, body], padding);
    // Every link must land: drop repeated anchors and links to nowhere, with a warning.
    assemble::tidy_links(&mut pages, diags);
    pages
}

/// Warns about tables too wide for the measure with their type stepped down to
/// [`paginate::table::FLOOR`]: set smaller still, or with their words broken.
fn check_tables(
    chapters: &[collect::ChapterPieces],
    layout: &Layout,
    setter: &mut dyn LineSetter,
    diags: &mut Diagnostics,
) {
    let tables = chapters
        .iter()
        .flat_map(|c| &c.pieces)
        .filter_map(|p| match p {
            collect::Piece::Table(t) => Some(t),
            _ => None,
        });
    for t in tables {
        let fit = paginate::table::fit(setter, t, layout.page.measure(), layout.font_size);
        let measure = layout.page.measure() / 72.0 * 25.4;
        let message = if fit.overflows {
            format!(
                "this table is too wide for the {measure:.0} mm measure even at {:.0} % of the text size, hyphenated: words in its cells are broken where they have no hyphenation point, with a hyphen added",
                fit.scale * 100.0
            )
        } else if fit.scale < paginate::table::FLOOR - 1e-9 {
            format!(
                "this table is too wide for the {measure:.0} mm measure at {:.0} % of the text size: it is set at {:.0} %",
                paginate::table::FLOOR * 100.0,
                fit.scale * 100.0
            )
        } else {
            continue;
        };
        diags
            .push(Diagnostic::warning(t.span, message).with_hint(
                "give it fewer columns, shorter words (abbreviations), or a wider trim",
            ));
    }
}

/// Below this many pixels per inch on paper a figure prints visibly soft.
const MIN_DPI: f64 = 150.0;

/// Warns about figures print cannot show (not PNG or JPEG) and about figures whose
/// resolution on paper is below [`MIN_DPI`].
fn check_figures(
    chapters: &[collect::ChapterPieces],
    layout: &Layout,
    pictures: &Pictures,
    diags: &mut Diagnostics,
) {
    let figures = chapters
        .iter()
        .flat_map(|c| &c.pieces)
        .filter_map(|p| match p {
            collect::Piece::Figure(f) => Some(f),
            _ => None,
        });
    for f in figures {
        let Some(picture) = pictures.get(&f.url) else {
            diags.push(
                Diagnostic::warning(
                    f.span,
                    format!(
                        "the print edition sets the alt text of image `{}`: it is not a PNG or JPEG of at most 25 million pixels",
                        f.url
                    ),
                )
                .with_code(Code::PrintSetsAltText)
                .with_hint("the PDF takes PNG and JPEG images; convert it, scaled down if it is huge"),
            );
            continue;
        };
        let (w, _) = paginate::flow::figure_size(picture, layout);
        let dpi = f64::from(picture.width) / (w / 72.0);
        if dpi < MIN_DPI - 1e-9 {
            let mm = |pt: f64| pt / 72.0 * 25.4;
            let (w_mm, h_mm) = (
                mm(w),
                mm(w * f64::from(picture.height) / f64::from(picture.width)),
            );
            // An image is set at its size in CSS pixels, capped by the measure, so more
            // pixels make it larger until it spans the measure: name that width.
            let measure = layout.page.measure();
            let needed = (measure / 72.0 * MIN_DPI).ceil();
            diags.push(
                Diagnostic::warning(
                    f.span,
                    format!(
                        "image `{}` prints at {dpi:.0} dpi ({} × {} px over {w_mm:.0} × {h_mm:.0} mm); \
                         below {MIN_DPI:.0} dpi it looks soft on paper",
                        f.url, picture.width, picture.height
                    ),
                )
                .with_hint(format!(
                    "supply it at least {needed:.0} px wide: it is then set across the text width at {MIN_DPI:.0} dpi or more"
                )),
            );
        }
    }
}
