//! The typesetter's output: pages of items at fixed positions. The PDF backend draws
//! these and nothing else; the booklet imposes them; the EPUB reads [`PageStart`]s.
//!
//! Coordinates are in pt from the top-left corner of the trimmed page, y growing down.

use crate::model::ChapterId;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

/// Index of a font face in the typesetter's font book.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub u32);

/// The typeset book.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    /// Pages in physical order (blanks included).
    pub pages: Vec<Page>,
    /// Bookmarks, in reading order.
    pub outline: Vec<OutlineEntry>,
    /// Where each page begins in the document's running text.
    pub page_starts: Vec<PageStart>,
    /// Where each page of generated matter the EPUB also has begins (title page,
    /// contents, glossary, works cited, colophon), in page order.
    pub matter_starts: Vec<MatterStart>,
    /// Blank pages added to reach a multiple of 4 for saddle stitching.
    pub padding_pages: usize,
    /// Characters no face of the book has (set as empty boxes), sorted, once each;
    /// [`super::missing::warnings`] places them in the manuscript.
    pub missing_chars: Vec<char>,
}

/// One physical page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The page number as printed or implied (folio), e.g. "7"; roman for front matter.
    pub label: String,
    /// Whether the page is deliberately empty (padding or a chapter opening on the right).
    pub blank: bool,
    /// What is on the page.
    pub items: Vec<Item>,
    /// The lines of chapter text on the page, top to bottom, with where each starts in
    /// the text (the live preview's jump from a line to its source).
    pub lines: Vec<LineSource>,
}

/// A line of chapter text on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineSource {
    /// Top of the line's slot.
    pub top: f64,
    /// Bottom of the line's slot.
    pub bottom: f64,
    /// Where its text starts.
    pub pos: TextPos,
    /// Left and right ends of its content.
    pub x: (f64, f64),
    /// How much its spaces stretched (> 0) or shrank (< 0), as a fraction of what
    /// they offer.
    pub ratio: f64,
    /// Whether it ends with an inserted hyphen.
    pub hyphenated: bool,
}

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// A run of shaped glyphs in one face and size on one baseline.
    Text(TextRun),
    /// A horizontal rule (footnote separator, table rules).
    Rule {
        /// Left end x.
        x0: f64,
        /// Right end x.
        x1: f64,
        /// y of the rule's centre.
        y: f64,
        /// Thickness.
        thickness: f64,
    },
    /// A clickable area.
    Link {
        /// The area.
        rect: Rect,
        /// Where it goes.
        target: LinkTarget,
    },
    /// A raster image (a figure), scaled to `rect` with its aspect ratio kept.
    Image {
        /// Where it is placed.
        rect: Rect,
        /// The image file.
        picture: Arc<Picture>,
    },
    /// A named place others can link to (the top of a note, an entry, a heading).
    Anchor {
        /// The anchor's name, the same as the EPUB's `id`.
        name: String,
        /// Its y position.
        y: f64,
    },
}

/// A rectangle: x, y of the top-left corner, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// A link target.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// An external URL.
    Url(String),
    /// An [`Item::Anchor`] elsewhere in the book.
    Anchor(String),
}

/// Shaped glyphs with the text they stand for (for copy-paste and search).
#[derive(Debug, Clone)]
pub struct TextRun {
    /// Pen position at the start of the run.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// The face.
    pub face: FaceId,
    /// Font size in pt.
    pub size: f64,
    /// The text the glyphs stand for; a hyphen added at a line break is part of it.
    pub text: String,
    /// The glyphs in visual order.
    pub glyphs: Vec<Glyph>,
    /// Horizontal scale of the glyphs' shapes: font expansion of a justified line
    /// ([`crate::layout::Justification::expansion`]), what the PDF's `Tz` says in
    /// percent; 1 as designed. The glyphs' advances and offsets already include it, so
    /// only a renderer drawing outlines needs it.
    pub h_scale: f64,
}

/// One positioned glyph, in pt.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in the face.
    pub id: u16,
    /// How far the pen moves after it.
    pub x_advance: f64,
    /// Horizontal offset from the pen.
    pub x_offset: f64,
    /// Vertical offset from the baseline (up is positive, as in fonts).
    pub y_offset: f64,
    /// The byte range of [`TextRun::text`] this glyph's cluster covers.
    pub text: Range<u32>,
}

/// A bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Its title.
    pub title: String,
    /// 1 for chapters and matter, 2 for sections, …
    pub level: u8,
    /// Index into [`Pages::pages`].
    pub page: usize,
    /// y on that page.
    pub y: f64,
}

/// Where a printed page begins in the running text, for the EPUB's page-list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageStart {
    /// The page's label.
    pub label: String,
    /// The first text on the page.
    pub pos: TextPos,
}

/// A section of generated matter that the EPUB has a counterpart of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Matter {
    /// The title page (not the half-title).
    TitlePage,
    /// The contents (the EPUB's navigation document).
    Contents,
    /// The glossary.
    Glossary,
    /// The works cited.
    WorksCited,
    /// The colophon.
    Colophon,
}

/// Where a printed page of generated matter begins, for the EPUB's page-list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatterStart {
    /// The page's label.
    pub label: String,
    /// The section.
    pub matter: Matter,
    /// `None`: the section's first page, which begins at its start. Otherwise the index
    /// of the first entry (glossary term, work cited) that begins on the page: a page
    /// that opens with the end of an entry is marked where its first new entry begins.
    pub entry: Option<u32>,
}

/// A position in a chapter's running text. `block` counts the chapter's blocks in
/// pre-order (a block quote, then the blocks inside it); `offset` counts the characters
/// of `Text` and `Code` inlines in the block, in order, entering every inline that has
/// children and skipping note marks and citations. Offset 0 of block 0 with
/// `before_title` is the chapter's very start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TextPos {
    /// The chapter.
    pub chapter: ChapterId,
    /// The page starts before the chapter title.
    pub before_title: bool,
    /// Block index in pre-order.
    pub block: u32,
    /// Character offset inside the block.
    pub offset: u32,
}

/// The bytes of one font face used by the pages, indexed by [`FaceId`].
#[derive(Debug, Clone)]
pub struct FaceData {
    /// The font file (OTF or TTF).
    pub data: std::sync::Arc<Vec<u8>>,
    /// Index of the face in a collection file (0 for a plain font file).
    pub index: u32,
}

/// An image file the pages show, as read from the project: the backend converts it for
/// print (the typesetter only needs its size in pixels).
#[derive(Clone, PartialEq, Eq)]
pub struct Picture {
    /// The path as written in the manuscript (relative to `manuscript/`), for messages.
    pub name: String,
    /// The PNG or JPEG file.
    pub bytes: Arc<Vec<u8>>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Picture({}, {}×{} px, {} bytes)",
            self.name,
            self.width,
            self.height,
            self.bytes.len()
        )
    }
}

/// The images the typesetter may place as figures, by the URL written in the
/// manuscript. An image missing here (not PNG or JPEG) is set as its alt text.
pub type Pictures = BTreeMap<String, Arc<Picture>>;
