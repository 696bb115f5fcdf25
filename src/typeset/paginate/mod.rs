//! Pagination: set lines in, pages of positioned items out.
//!
//! A chapter (or a piece of front or back matter) becomes a [`Flow`]: a flat list of
//! [`Elem`]s — lines, spaces and rules — each with keep flags, plus the lines of every
//! footnote it references. [`breaks`] chooses where pages end, charging each note to the
//! page that holds its reference (TeX's insertions); [`chapter`] retries short pages
//! with looseness and [`spreads`] evens facing pages; [`compose`] places the chosen
//! elements and note lines at page coordinates; [`running`] adds running heads and
//! folios; [`matter`] builds the title pages, contents, glossary, works cited and
//! colophon around the chapters.
//!
//! Vertical model: every body line is a box of its leading with the baseline at
//! half-leading plus 0.8 em from its top (CSS-like). Elements marked `on_grid` are
//! snapped to multiples of the body leading from the top of the text block, so body
//! lines sit on a baseline grid and every full page ends on the same grid line;
//! headings, quotes and code may fall between grid lines, the next body line returns
//! to the grid (so a heading takes whole lines). In the spaced paragraph style there
//! is no grid: its half-line gaps would round up to whole lines, and pages may end up
//! to half a line short. Glossary and works-cited entries are off the grid for the
//! same reason. Footnotes are set bottom-aligned to the text block, under a rule.

pub mod assemble;
pub mod book;
pub mod breaks;
pub mod chapter;
pub mod code;
pub mod compose;
pub mod draft;
pub mod flow;
pub mod footnotes;
pub mod matter;
pub mod running;
pub mod setter;
pub mod spreads;
pub mod table;

use crate::model::NoteId;
use crate::typeset::frame::{LinkTarget, Picture, Rect, TextPos, TextRun};
use std::collections::HashMap;
use std::sync::Arc;

/// One set line as the paginator needs it: runs and marks relative to its own origin
/// (x from the line's left edge, y from its baseline).
#[derive(Debug, Clone, Default)]
pub struct SetLine {
    /// The shaped runs, x relative to the line start, y = 0 on the baseline.
    pub runs: Vec<TextRun>,
    /// Clickable areas, relative like the runs (y negative above the baseline).
    pub links: Vec<(Rect, LinkTarget)>,
    /// Anchors that start on this line.
    pub anchors: Vec<String>,
    /// Notes whose marks are on this line, in order.
    pub notes: Vec<NoteId>,
    /// Natural width of the line's content.
    pub width: f64,
    /// Where the line's text starts, if it is running text of a chapter.
    pub pos: Option<TextPos>,
    /// The line ends with an inserted hyphen.
    pub hyphenated: bool,
    /// That hyphen breaks a word too wide for the line at no hyphenation point.
    pub cut: bool,
    /// How much its spaces stretched (> 0) or shrank (< 0), as a fraction of what
    /// they offer (0 for lines not set by the paragraph breaker).
    pub ratio: f64,
    /// Strikethrough rules, relative like the runs: x0, x1, y, thickness.
    pub strikes: Vec<[f64; 4]>,
}

/// What an element of a flow is.
#[derive(Debug, Clone)]
pub enum ElemKind {
    /// A line of text, `x` from the left of the text block, `height` its leading.
    Line {
        /// The line.
        line: SetLine,
        /// Left offset within the measure.
        x: f64,
        /// Baseline-to-baseline distance.
        height: f64,
        /// Font size (for the baseline inside the box).
        size: f64,
    },
    /// Vertical space; discarded at the top and bottom of a page.
    Space(f64),
    /// Vertical space kept even at the top of a page (a chapter's sinkage).
    Fixed(f64),
    /// A figure: an image of `w` × `h` pt at `x` from the left of the text block,
    /// centred vertically in a box of `height` (whole grid lines, at least half a line
    /// of space above and below).
    Image {
        /// The image.
        picture: Arc<Picture>,
        /// Left edge, from the left of the text block.
        x: f64,
        /// Width on the page.
        w: f64,
        /// Height on the page.
        h: f64,
        /// Height of the box it sits in.
        height: f64,
    },
    /// A horizontal rule drawn in the middle of a box of `height`.
    Rule {
        /// Left end, from the left of the text block.
        x0: f64,
        /// Right end.
        x1: f64,
        /// Height of the box the rule sits in.
        height: f64,
    },
}

/// One element of a vertical flow.
#[derive(Debug, Clone)]
pub struct Elem {
    /// The element.
    pub kind: ElemKind,
    /// A page may not end after this element (heading, first line of a paragraph).
    pub keep_with_next: bool,
    /// A page may not start with this element (last line of a paragraph).
    pub keep_with_prev: bool,
    /// Part of a heading (its lines, the space under it): when no legal break fits,
    /// a break after this is the last resort.
    pub heading: bool,
    /// Snap the top of this element to the body baseline grid.
    pub on_grid: bool,
    /// An outline entry (title, level) starting here.
    pub outline: Option<(String, u8)>,
    /// Which paragraph this line belongs to (index in the flow's paragraphs), for
    /// looseness retries and for checks.
    pub para: Option<usize>,
    /// For a line of a table's body row: the table's head (top rule, header lines and
    /// the rule under them), set again at the top of a page the table continues onto.
    pub head: Option<Arc<[Elem]>>,
}

impl Elem {
    /// The element's height.
    pub fn height(&self) -> f64 {
        match &self.kind {
            ElemKind::Line { height, .. }
            | ElemKind::Rule { height, .. }
            | ElemKind::Image { height, .. } => *height,
            ElemKind::Space(h) | ElemKind::Fixed(h) => *h,
        }
    }

    /// Whether the element is discardable space.
    pub fn is_space(&self) -> bool {
        matches!(self.kind, ElemKind::Space(_))
    }

    /// The notes referenced on this element.
    pub fn notes(&self) -> &[NoteId] {
        match &self.kind {
            ElemKind::Line { line, .. } => &line.notes,
            _ => &[],
        }
    }

    /// A plain element with no keep flags.
    pub fn new(kind: ElemKind) -> Elem {
        Elem {
            kind,
            keep_with_next: false,
            keep_with_prev: false,
            heading: false,
            on_grid: false,
            outline: None,
            para: None,
            head: None,
        }
    }

    /// The height of the table head repeated above this element when it starts a page.
    pub fn head_height(&self) -> f64 {
        self.head
            .as_ref()
            .map_or(0.0, |h| h.iter().map(Elem::height).sum())
    }
}

/// One line of a note.
#[derive(Debug, Clone, Default)]
pub struct NoteLine {
    /// The line.
    pub line: SetLine,
    /// Left offset within the measure.
    pub x: f64,
    /// Baseline-to-baseline distance.
    pub height: f64,
    /// Font size.
    pub size: f64,
}

/// A note's set lines.
#[derive(Debug, Clone, Default)]
pub struct NoteLines {
    /// The lines in order.
    pub lines: Vec<NoteLine>,
}

impl NoteLines {
    /// Height of lines `from..to`.
    pub fn height(&self, range: std::ops::Range<usize>) -> f64 {
        self.lines[range].iter().map(|l| l.height).sum()
    }
}

/// A chapter or piece of matter ready to paginate.
#[derive(Debug, Clone, Default)]
pub struct Flow {
    /// The body elements in order.
    pub elems: Vec<Elem>,
    /// The lines of every note referenced in `elems`.
    pub notes: HashMap<NoteId, NoteLines>,
}

/// The vertical measures pagination works with.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Height of the text block.
    pub height: f64,
    /// The body leading: the grid step.
    pub grid: f64,
    /// Space above the first note of a page, holding the separator rule.
    pub note_gap: f64,
    /// Width of the text block.
    pub measure: f64,
}

/// A part of a note placed on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotePart {
    /// The note.
    pub note: NoteId,
    /// Its lines on this page.
    pub from: usize,
    /// One past the last line on this page.
    pub to: usize,
    /// Whether this part continues a note started on an earlier page.
    pub continued: bool,
}

/// The content chosen for one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PagePlan {
    /// The body elements on the page (leading spaces already skipped).
    pub body: std::ops::Range<usize>,
    /// How far down the text block the body reaches, in pt.
    pub depth: f64,
    /// Note parts at the foot, in order (a continuation first).
    pub notes: Vec<NotePart>,
    /// The page has no notes and its text ends more than a grid line above the full
    /// depth (to keep a widow, orphan or heading off the page edge).
    pub short: bool,
    /// The rules could not all be met (a block taller than a page, …).
    pub forced: bool,
    /// The height of text block the page was made for: the full height, less for a
    /// page cut to its partner's depth, one line more for a page run long.
    pub height: f64,
}
