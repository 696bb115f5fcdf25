//! The styled run: one piece of text in one style, the vocabulary typeset speaks from
//! collection through line breaking to drawing.
//!
//! `collect` turns inlines into [`Run`]s, the page builder hands a paragraph's runs to
//! the paragraph API as they are, and the line setter reads their style to shape,
//! hyphenate, raise, strike and link them. The size a run is set at belongs to its
//! paragraph ([`ParagraphSettings::size`](super::ParagraphSettings::size)): a run
//! only says how its glyphs differ from the paragraph's text.

use super::frame::LinkTarget;
use crate::model::NoteId;

/// How a run's glyphs look, and which language its words are in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RunStyle {
    /// Italic face.
    pub italic: bool,
    /// Bold face.
    pub bold: bool,
    /// Real small capitals (`smcp`).
    pub small_caps: bool,
    /// Code: set in the monospace face, never hyphenated, broken only at spaces (and
    /// like a URL where it looks like one).
    pub monospace: bool,
    /// Raised and smaller: a note mark, `^sup^`.
    pub superscript: bool,
    /// Lowered and smaller: `~sub~` (H₂O).
    pub subscript: bool,
    /// Struck through: `~~text~~`.
    pub strike: bool,
    /// The BCP 47 tag of a passage in another language than the book's
    /// (`[text]{lang=ru}`, `::: {lang=de}`): it is hyphenated with that language's
    /// patterns, or not at all where there are none. `None` is the book's language.
    pub lang: Option<String>,
}

/// A piece of text in one style, with what it links to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Run {
    /// The text. Spaces separate words; `"\n"` forces a line break.
    pub text: String,
    /// Its look.
    pub style: RunStyle,
    /// Where a click on it goes.
    pub link: Option<LinkTarget>,
    /// An anchor at the run's start.
    pub anchor: Option<String>,
    /// The note this run is the mark of.
    pub note: Option<NoteId>,
    /// [`TextPos`](super::TextPos) offset of the run's first character in its block.
    pub offset: u32,
    /// Whether the run's characters count in [`TextPos`](super::TextPos) offsets
    /// (text and code do; note marks, citations and generated text do not).
    pub counts: bool,
}

impl Run {
    /// A run of generated text: no link, no anchor, not counted.
    pub fn new(text: impl Into<String>, style: RunStyle) -> Run {
        Run {
            text: text.into(),
            style,
            link: None,
            anchor: None,
            note: None,
            offset: 0,
            counts: false,
        }
    }
}
