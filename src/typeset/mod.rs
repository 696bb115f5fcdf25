//! Typesetting: document + layout model in, positioned pages out.
//!
//! The stage runs as a straight line: `collect` turns blocks into styled runs,
//! `shaping` shapes them with the book's fonts, `hyphenate` finds break points,
//! `linebreak` sets paragraphs by Knuth–Plass, `paginate` fills pages and places
//! footnotes at the foot of the page that references them, `dump` prints the result
//! for golden tests.

pub mod fonts;
pub mod frame;
pub mod hyphenate;
pub mod linebreak;
pub mod paragraph;
pub mod shaping;

pub use frame::{
    FaceId, Glyph, Item, LinkTarget, OutlineEntry, Page, PageStart, Pages, Rect, TextPos, TextRun,
};
pub use paragraph::{
    Line, LineAnchor, LineLink, MissingGlyph, Paragraph, ParagraphSettings, Run, Style, Typesetter,
};
