//! Typesetting: document + layout model in, positioned pages out.
//!
//! The stage runs as a straight line: `collect` turns blocks into styled runs, the
//! paragraph API (shaping, hyphenation, Knuth–Plass) sets them into lines,
//! `paginate` fills pages — footnotes at the foot of the page that references them, no
//! widows or orphans, headings kept with their text — and builds the front and back
//! matter around the chapters; `dump` prints the result for golden tests.

pub mod collect;
pub mod dump;
pub mod fonts;
pub mod frame;
pub mod hyphenate;
pub mod linebreak;
pub mod paginate;
pub mod paragraph;
pub mod shaping;

pub use frame::{
    FaceId, Glyph, Item, LinkTarget, Matter, MatterStart, OutlineEntry, Page, PageStart, Pages,
    Rect, TextPos, TextRun,
};
pub use paragraph::{
    Line, LineAnchor, LineLink, MissingGlyph, Paragraph, ParagraphSettings, Run, Style, Typesetter,
};

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::Layout;
use crate::model::Document;
use paginate::flow::{FlowBuilder, LineSetter};
use paginate::{assemble, book};

/// Typesets the book: paragraphs set by `ts`, pages built around them.
pub fn typeset(doc: &Document, layout: &Layout, ts: &Typesetter, diags: &mut Diagnostics) -> Pages {
    let mut setter = paginate::setter::BookSetter::new(ts, layout);
    let pages = typeset_with(doc, layout, &mut setter, diags);
    let mut missing: Vec<char> = setter.missing.iter().map(|m| m.0).collect();
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        let list: String = missing
            .iter()
            .map(|c| format!(" U+{:04X} ‘{c}’", *c as u32))
            .collect();
        diags.push(
            Diagnostic::warning(
                None,
                format!("no font of the book has these characters:{list}"),
            )
            .with_hint("they print as empty boxes; choose a font that has them or replace them"),
        );
    }
    pages
}

/// Typesets the book with the given line setter.
pub fn typeset_with(
    doc: &Document,
    layout: &Layout,
    setter: &mut dyn LineSetter,
    diags: &mut Diagnostics,
) -> Pages {
    let mut b = FlowBuilder { layout, setter };
    // Collect each chapter's blocks into styled runs, notes alongside.
    let chapters = collect::collect_chapters(doc, layout);
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
