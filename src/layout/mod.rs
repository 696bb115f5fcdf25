//! The layout model: page geometry and typographic style, shared by both outputs.
//!
//! Sizes of text are in ems of the body size, so the EPUB stylesheet can use relative
//! units and the PDF multiplies by [`Layout::font_size`]. Page measures are in PDF
//! points (1/72 in).

pub mod defaults;
mod units;

pub use units::{Length, lacks_unit, parse_length, parse_trim};

/// Everything both backends need to know about how the book looks.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The printed page.
    pub page: PageGeometry,
    /// The text font family: `None` is the bundled default, otherwise a family in `fonts/`.
    pub font: Option<String>,
    /// Body text size in pt.
    pub font_size: f64,
    /// Body baseline-to-baseline distance in pt.
    pub leading: f64,
    /// How paragraphs are separated.
    pub paragraph: ParagraphStyle,
    /// Whether words may be hyphenated at line ends.
    pub hyphenate: bool,
    /// The book's BCP 47 language (hyphenation patterns, quotes).
    pub language: String,
    /// Where chapters begin in print.
    pub chapters_open: ChapterOpening,
    /// How the printed copy is bound.
    pub binding: Binding,
    /// Paper thickness in pt (spine width and creep).
    pub paper_thickness: f64,
    /// Style of each kind of block.
    pub styles: Styles,
    /// How print shows an external link's address (`[layout] urls`).
    pub urls: UrlStyle,
    /// How justified lines in print take up their slack besides the word spaces.
    pub justification: Justification,
    /// The paper the booklet is printed on: `[layout] sheet`, or the region's.
    pub sheet: Paper,
}

/// The paper an office printer is stocked with, which the booklet is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm: everywhere but the Americas' letter countries.
    A4,
    /// US letter, 8.5 × 11 in.
    Letter,
}

/// Regions (ISO 3166) whose offices stock US letter rather than A4: CLDR's
/// `paperSize` data (supplemental/supplementalData.xml, `US-Letter`), the United
/// States and Canada first.
const LETTER_REGIONS: &[&str] = &[
    "US", "CA", "BZ", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "VE",
];

impl Paper {
    /// The values `[layout] sheet` takes.
    pub const NAMES: &[(&str, Paper)] = &[("A4", Paper::A4), ("letter", Paper::Letter)];

    /// The paper of the region a BCP 47 tag names (`en-US`, `fr-CA`, `es-US` →
    /// letter; `en-GB`, `de-DE` → A4); A4 when the tag names no region.
    pub fn for_language(tag: &str) -> Paper {
        // The region is the first subtag after the language of two letters (a script
        // has four, a numeric region such as 419 has no single paper).
        let region = tag
            .split(['-', '_'])
            .skip(1)
            .find(|s| s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic()));
        match region {
            Some(r) if LETTER_REGIONS.iter().any(|l| l.eq_ignore_ascii_case(r)) => Paper::Letter,
            _ => Paper::A4,
        }
    }

    /// Its name as the build and the printing instructions say it.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "US letter",
        }
    }

    /// Its size upright (portrait), in pt.
    pub fn size(self) -> Size {
        match self {
            Paper::A4 => Size {
                width: 595.28,
                height: 841.89,
            },
            Paper::Letter => Size {
                width: 612.0,
                height: 792.0,
            },
        }
    }

    /// Whether a booklet sheet of `trim` pages (two side by side) prints on this paper
    /// at actual size: sideways, or two copies one above the other upright.
    pub fn holds_spread(self, trim: Size) -> bool {
        let p = self.size();
        let (w, h) = (2.0 * trim.width, trim.height);
        let slack = 0.5;
        (w <= p.height + slack && h <= p.width + slack)
            || (w <= p.width + slack && 2.0 * h <= p.height + slack)
    }
}

/// Microtypography for justified lines in print, after pdfTeX's (Hàn Thế Thành's
/// thesis, 2000; LaTeX's `microtype`): besides stretching and shrinking its word
/// spaces, a line may widen or narrow its glyphs a little (font expansion) and space
/// its letters a little (tracking), and punctuation may hang into the margins (margin
/// kerning). The line breaker counts all three as a line's give, so a paragraph finds
/// more good breaks and needs fewer hyphens and fewer loose lines. The EPUB is not
/// affected: reading systems justify (or not) themselves.
///
/// The defaults are measured on the corpus (`tests/corpus`, see `tests/it/corpus.rs`):
/// with tracking alone (±0.012 em) a German, Polish or Russian page at A5 hyphenated
/// 20–30 % of its lines; adding expansion of ±2 % brings them to 10 % or under with no
/// loose line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Justification {
    /// Font expansion: the most a line's glyphs are widened or narrowed, as a fraction
    /// of their width (microtype's default `stretch = 20, shrink = 20`: ±2 %, below
    /// what a reader notices). 0 turns it off. Drawn as a horizontal scale of the
    /// line's text (the PDF's text matrix), so no expanded font copies are embedded.
    pub expansion: f64,
    /// Tracking: the most space a line adds between (or takes from) the letters of its
    /// words, in ems per letter. 0 turns it off.
    pub letter_space: f64,
    /// Margin kerning: hyphens, stops, commas and quotes hang partly into the margin,
    /// so the edge of the text block looks straight.
    pub protrusion: bool,
}

impl Default for Justification {
    fn default() -> Self {
        Justification {
            expansion: 0.02,
            letter_space: 0.012,
            protrusion: true,
        }
    }
}

/// The printed page, in pt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGeometry {
    /// The trimmed page size.
    pub trim: Size,
    /// Bleed beyond the trim on each side.
    pub bleed: f64,
    /// The text block's margins from the trim edges.
    pub margins: Margins,
}

impl PageGeometry {
    /// Width of the text block.
    pub fn measure(&self) -> f64 {
        self.trim.width - self.margins.inner - self.margins.outer
    }

    /// Height of the text block (running head and folio sit in the margins).
    pub fn text_height(&self) -> f64 {
        self.trim.height - self.margins.top - self.margins.bottom
    }
}

/// A width and a height in pt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    /// Width in pt.
    pub width: f64,
    /// Height in pt.
    pub height: f64,
}

/// Margins in pt. Inner is the binding side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    /// Binding side.
    pub inner: f64,
    /// Fore-edge side.
    pub outer: f64,
    /// Head.
    pub top: f64,
    /// Foot.
    pub bottom: f64,
}

/// How paragraphs are told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphStyle {
    /// First-line indent, no space between (the first paragraph after a heading is not indented).
    Indent,
    /// A blank half-line between paragraphs, no indent.
    Spaced,
}

/// Where a chapter's first page falls in print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChapterOpening {
    /// On the next page.
    Any,
    /// On the next right-hand (odd) page.
    Right,
}

/// How the printed copy is bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// Folded sheets stapled through the fold: page count a multiple of 4.
    SaddleStitch,
    /// Glued spine: cover needs a spine.
    Perfect,
}

/// Horizontal alignment of a block's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextAlign {
    /// Justified, last line ragged.
    Justify,
    /// Ragged right.
    Left,
    /// Centred.
    Center,
}

/// The look of one kind of block. Lengths in ems of the body font size, spaces in lines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlockStyle {
    /// Font size relative to body text.
    pub size: f64,
    /// Baseline distance relative to body font size.
    pub leading: f64,
    /// Italic face.
    pub italic: bool,
    /// Bold face.
    pub bold: bool,
    /// Small capitals (real ones, `smcp`).
    pub small_caps: bool,
    /// Alignment.
    pub align: TextAlign,
    /// Space above, in ems of body size.
    pub space_before: f64,
    /// Space below, in ems of body size.
    pub space_after: f64,
    /// Left indent of every line, in ems.
    pub indent_left: f64,
    /// Right indent of every line, in ems.
    pub indent_right: f64,
    /// Extra indent of the first line, in ems.
    pub first_line_indent: f64,
}

/// The style of each block kind in the book.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Styles {
    /// Running text.
    pub body: BlockStyle,
    /// A chapter title.
    pub chapter_title: BlockStyle,
    /// `##` headings.
    pub section: BlockStyle,
    /// `###` and deeper headings.
    pub subsection: BlockStyle,
    /// Block quotations.
    pub quote: BlockStyle,
    /// Footnote text.
    pub footnote: BlockStyle,
    /// Code blocks.
    pub code: BlockStyle,
    /// Glossary and works-cited entries (hanging indent via negative first-line indent).
    pub entry: BlockStyle,
    /// Running heads and folios.
    pub running_head: BlockStyle,
}

impl Layout {
    /// Converts a length in ems of the body size to pt.
    pub fn pt(&self, em: f64) -> f64 {
        em * self.font_size
    }
}

impl Styles {
    /// The house style, derived from the paragraph style.
    pub fn new(paragraph: ParagraphStyle, leading_ratio: f64) -> Styles {
        let body = BlockStyle {
            size: 1.0,
            leading: leading_ratio,
            italic: false,
            bold: false,
            small_caps: false,
            align: TextAlign::Justify,
            space_before: 0.0,
            space_after: if paragraph == ParagraphStyle::Spaced {
                leading_ratio / 2.0
            } else {
                0.0
            },
            indent_left: 0.0,
            indent_right: 0.0,
            first_line_indent: if paragraph == ParagraphStyle::Indent {
                1.2
            } else {
                0.0
            },
        };
        let heading = BlockStyle {
            align: TextAlign::Left,
            first_line_indent: 0.0,
            space_after: 0.0,
            ..body
        };
        Styles {
            body,
            chapter_title: BlockStyle {
                size: 1.6,
                leading: 1.9,
                align: TextAlign::Left,
                space_before: 4.0 * leading_ratio,
                space_after: 2.0 * leading_ratio,
                ..heading
            },
            section: BlockStyle {
                small_caps: true,
                space_before: leading_ratio,
                space_after: leading_ratio / 2.0,
                ..heading
            },
            subsection: BlockStyle {
                italic: true,
                space_before: leading_ratio,
                space_after: 0.0,
                ..heading
            },
            quote: BlockStyle {
                size: 0.92,
                leading: leading_ratio * 0.92,
                space_before: leading_ratio / 2.0,
                space_after: leading_ratio / 2.0,
                indent_left: 1.5,
                indent_right: 0.0,
                first_line_indent: 0.0,
                ..body
            },
            footnote: BlockStyle {
                size: 0.82,
                leading: leading_ratio * 0.82,
                first_line_indent: 0.0,
                space_after: 0.0,
                ..body
            },
            code: BlockStyle {
                size: 0.85,
                align: TextAlign::Left,
                first_line_indent: 0.0,
                space_before: leading_ratio / 2.0,
                space_after: leading_ratio / 2.0,
                ..body
            },
            entry: BlockStyle {
                align: TextAlign::Left,
                indent_left: 1.5,
                first_line_indent: -1.5,
                space_after: leading_ratio / 4.0,
                ..body
            },
            running_head: BlockStyle {
                size: 0.85,
                small_caps: true,
                align: TextAlign::Center,
                ..heading
            },
        }
    }
}

/// How print shows the address of an external link (the EPUB keeps every link live).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UrlStyle {
    /// The URL as a footnote, numbered with the book's notes (the default).
    #[default]
    Footnote,
    /// "text (URL)".
    Inline,
    /// The text alone.
    Hidden,
}
