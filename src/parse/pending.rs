//! Provisional references: what the Markdown stage found but cannot resolve alone.
//!
//! `NoteRef(NoteId(i))`, `Cite(CiteId(i))` and `TermRef { term: TermId(i), .. }` leave
//! the Markdown stage pointing into the tables of their own file (so a chapter's parse
//! does not depend on the chapters before it, and can be kept from build to build);
//! `resolve` replaces them with ids into the final arenas of the document.

use super::citations;
use crate::diag::Span;
use crate::model::Inline;

/// References found while parsing one file, waiting for the whole book to be resolved.
#[derive(Debug, Clone, Default)]
pub struct Pending {
    /// `NoteRef(NoteId(i))` before resolution points here.
    pub note_refs: Vec<PendingNoteRef>,
    /// `Cite(CiteId(i))` before resolution points here.
    pub cites: Vec<PendingCite>,
    /// `TermRef { term: TermId(i), .. }` before resolution points here.
    pub term_links: Vec<PendingTermLink>,
}

/// A footnote mark `[^label]`.
#[derive(Debug, Clone)]
pub struct PendingNoteRef {
    /// The label.
    pub label: String,
    /// The mark.
    pub span: Span,
}

/// A citation as written.
#[derive(Debug, Clone)]
pub struct PendingCite {
    /// The works, with the key's span each.
    pub items: Vec<(citations::FoundItem, Span)>,
    /// Each work's prefix and suffix as written, formatting kept.
    pub affixes: Vec<Affixes>,
    /// `@key` rather than `[@key]`.
    pub narrative: bool,
    /// The whole citation.
    pub span: Span,
}

/// A cited work's prefix and suffix, as written.
pub type Affixes = (Option<Vec<Inline>>, Option<Vec<Inline>>);

/// An explicit `[text](glossary:term)` link.
#[derive(Debug, Clone)]
pub struct PendingTermLink {
    /// The term or slug after `glossary:`.
    pub target: String,
    /// The whole link.
    pub span: Span,
}
