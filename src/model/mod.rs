//! The document model: one typed tree for the whole book, built once by `parse` and
//! read by every later stage. Notes, citations and glossary terms are resolved to typed
//! ids into the arenas of [`Document`]; numbering is done here once. Nothing after this
//! stage sees Markdown.

pub mod anchors;
mod ids;
mod image_kind;
mod key;
pub mod ties;
pub mod visit;

pub use ids::{ChapterId, CiteId, NoteId, RefId, TermId};
pub use image_kind::ImageKind;

use crate::diag::Span;

/// The whole resolved book.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Title, authors, language and the rest of the book's metadata.
    pub meta: Metadata,
    /// The chapters in reading order (indexed by [`ChapterId`]).
    pub chapters: Vec<Chapter>,
    /// Every footnote, numbered in order of first reference (indexed by [`NoteId`]).
    pub notes: Vec<Note>,
    /// Every citation in order of appearance (indexed by [`CiteId`]).
    pub citations: Vec<Citation>,
    /// Glossary entries, sorted by term (indexed by [`TermId`]).
    pub glossary: Vec<GlossaryEntry>,
    /// Works cited, formatted and in the order the citation style lists them (indexed by [`RefId`]).
    pub bibliography: Vec<BibEntry>,
    /// How citations are shown: in the text or as footnotes.
    pub citation_mode: CitationMode,
}

/// The book's metadata from `[book]` in book.toml.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    /// The title (required).
    pub title: String,
    /// An optional subtitle.
    pub subtitle: Option<String>,
    /// Authors in the order given; may be empty.
    pub authors: Vec<String>,
    /// The publisher's name.
    pub publisher: Option<String>,
    /// BCP 47 language tag, e.g. `en-GB`.
    pub language: String,
    /// Publication date as ISO `YYYY-MM-DD` (or `YYYY`, `YYYY-MM`).
    pub date: Option<String>,
    /// The book's identifier.
    pub identifier: Identifier,
    /// A description for catalogues and the back cover.
    pub description: Option<String>,
    /// The rights statement.
    pub rights: Option<String>,
    /// A lowercase ASCII slug of the title, used for output file names.
    pub slug: String,
    /// The wording, dates and quotation marks of the book's language (with `[labels]`).
    pub locale: crate::locale::Locale,
    /// How catalogues and libraries file the book: sort names, series, print edition.
    pub catalogue: Catalogue,
}

/// How a name is filed when the author does not say: "Leon Trotsky" → "Trotsky, Leon";
/// a name with a comma, a corporate name, a single word, or a name in a script without
/// spaces is kept;
/// particles stay with the given names ("Ludwig van Beethoven" → "Beethoven, Ludwig
/// van") and suffixes with the surname ("Martin Luther King Jr." → "King, Martin
/// Luther, Jr.").
pub fn file_as(name: &str) -> String {
    let name = name.trim();
    // Already inverted, or a body rather than a person ("Smith & Co", "Pluto Press").
    let corporate = [
        "Co",
        "Co.",
        "Inc",
        "Inc.",
        "Ltd",
        "Ltd.",
        "LLC",
        "GmbH",
        "Press",
        "Collective",
    ];
    if name.contains([',', '&', '(', '/'])
        || name
            .split_whitespace()
            .last()
            .is_some_and(|w| corporate.contains(&w))
    {
        return name.to_string();
    }
    let mut words: Vec<&str> = name.split_whitespace().collect();
    let suffix = match words.last() {
        Some(w) if words.len() > 2 && ["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"].contains(w) => {
            words.pop()
        }
        _ => None,
    };
    if words.len() < 2 {
        return name.to_string();
    }
    let last = words.pop().unwrap_or_default();
    let mut out = format!("{last}, {}", words.join(" "));
    if let Some(s) = suffix {
        out = format!("{out}, {s}");
    }
    out
}

/// What reading systems and catalogues sort and group by (`[book]`'s `authors` tables,
/// `series`, `series-number`, `print-identifier`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalogue {
    /// How each author (same order as `Metadata::authors`) is filed, e.g.
    /// `Trotsky, Leon`: given in book.toml or derived from the name.
    pub authors_file_as: Vec<String>,
    /// The series the book belongs to.
    pub series: Option<String>,
    /// Its place in the series, e.g. `3` or `2.5`.
    pub series_number: Option<String>,
    /// The print edition's ISBN-13 (digits only): the source of the EPUB's page list.
    pub print_isbn: Option<String>,
}

/// A book identifier: given as an ISBN or URN, or derived (never random).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    /// A valid ISBN-13, digits only (ISBN-10 input is converted).
    Isbn(String),
    /// Any other URN or identifier string given by the user.
    Other(String),
    /// A UUID (v5) derived from title and authors, as `urn:uuid:…`.
    Derived(String),
}

impl Identifier {
    /// The identifier as written into packages (`urn:isbn:…`, `urn:uuid:…`, or as given).
    pub fn urn(&self) -> String {
        match self {
            Identifier::Isbn(d) => format!("urn:isbn:{d}"),
            Identifier::Other(s) | Identifier::Derived(s) => s.clone(),
        }
    }
}

/// One chapter: one Markdown file, whose `#` heading is its title.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Chapter {
    /// The chapter's title: its `#` heading, else its first heading of any level, else
    /// its file name (never empty for a chapter read from a file).
    pub title: Vec<Inline>,
    /// Whether the chapter has an entry in the contents (pandoc's `{.unlisted}` says no).
    pub listed: bool,
    /// A unique, stable slug (`chapter-1`, or from the title), used for file names and anchors.
    pub slug: String,
    /// The chapter's body, without the title heading.
    pub blocks: Vec<Block>,
    /// The whole file.
    pub span: Span,
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Where it came from.
    pub span: Span,
}

/// The kinds of block.
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum BlockKind {
    /// A paragraph of running text.
    Paragraph(Vec<Inline>),
    /// A section heading inside a chapter: level 2 for `##`, 3 for `###`, and so on.
    Heading {
        /// 2..=6.
        level: u8,
        /// The heading's text.
        content: Vec<Inline>,
        /// A unique anchor id within the book (`{#id}` as written, or from the text).
        anchor: String,
        /// Whether it has an entry in the contents (`{.unlisted}` says no).
        listed: bool,
    },
    /// A quotation set off from the text.
    BlockQuote(Vec<Block>),
    /// A bulleted or numbered list; each item is a list of blocks.
    List {
        /// The first number of a numbered list, `None` for bullets.
        start: Option<u64>,
        /// The items.
        items: Vec<Vec<Block>>,
        /// Which items are GFM task items (`- [ ]`, `- [x]`), whose box (☐/☑, the
        /// item's first text) stands in for the bullet; empty when none is.
        tasks: Vec<bool>,
    },
    /// Preformatted text.
    CodeBlock {
        /// The info string's language, if any.
        language: Option<String>,
        /// The text, with its line breaks.
        text: String,
    },
    /// A table (GFM).
    Table {
        /// Alignment of each column.
        align: Vec<Align>,
        /// The header row's cells.
        header: Vec<Vec<Inline>>,
        /// The body rows' cells.
        rows: Vec<Vec<Vec<Inline>>>,
        /// The caption (pandoc's `Table: …` or `: …` line); empty for none.
        caption: Vec<Inline>,
    },
    /// A paragraph that is only an image: a figure, with the image's title as caption.
    Figure {
        /// The image's path as written.
        url: String,
        /// The alternative text.
        alt: String,
        /// The caption (`![alt](plate.png "Caption")`); empty for none.
        caption: Vec<Inline>,
    },
    /// A definition list (`Term` / `: definition`).
    DefinitionList(Vec<Definition>),
    /// A pandoc fenced div (`::: {lang=de}` … `:::`): blocks in another language or
    /// with an anchor of their own.
    Div {
        /// Attributes written on the div.
        attrs: Attrs,
        /// The blocks inside.
        blocks: Vec<Block>,
    },
    /// A scene break (`***`).
    ThematicBreak,
}

/// One term of a definition list with its definitions.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Definition {
    /// The term.
    pub term: Vec<Inline>,
    /// Each `:` definition, as blocks.
    pub definitions: Vec<Vec<Block>>,
}

/// Attributes of a pandoc div or span (`{#id .class lang=de}`) that the book uses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Attrs {
    /// A unique anchor id within the book, if one was written.
    pub anchor: Option<String>,
    /// A BCP 47 language tag (`lang=de`): EPUB marks it, print hyphenates by it.
    pub lang: Option<String>,
}

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Align {
    /// Not specified.
    None,
    /// Left aligned.
    Left,
    /// Centred.
    Center,
    /// Right aligned.
    Right,
}

/// An inline element.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Inline {
    /// What the inline is.
    pub kind: InlineKind,
    /// Where it came from ([`Span::DETACHED`] for generated text).
    pub span: Span,
}

/// The kinds of inline.
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum InlineKind {
    /// Plain text, with smart punctuation already applied.
    Text(String),
    /// Italic (`*…*`).
    Emphasis(Vec<Inline>),
    /// Bold (`**…**`).
    Strong(Vec<Inline>),
    /// Struck through (`~~…~~`).
    Strikethrough(Vec<Inline>),
    /// Small capitals (generated text such as author names in some styles).
    SmallCaps(Vec<Inline>),
    /// Superscript (generated, e.g. by citation styles).
    Superscript(Vec<Inline>),
    /// Subscript (generated).
    Subscript(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// Text in another language or with an anchor (pandoc's `[text]{lang=ru}`).
    Span {
        /// Attributes written on the span.
        attrs: Attrs,
        /// The text.
        content: Vec<Inline>,
    },
    /// A link inside the book, resolved: to a chapter's slug or any anchor in it.
    CrossRef {
        /// The target anchor (a chapter slug, a heading anchor, a div or span anchor).
        anchor: String,
        /// The link text.
        content: Vec<Inline>,
    },
    /// A hyperlink to an external URL.
    Link {
        /// The target URL.
        url: String,
        /// The link text.
        content: Vec<Inline>,
    },
    /// A link to a glossary entry: an automatic first use or an explicit `[text](glossary:term)`.
    TermRef {
        /// The entry.
        term: TermId,
        /// The linked text, as written.
        content: Vec<Inline>,
        /// This use's index in the entry's `uses` (for back-links).
        use_index: u32,
    },
    /// A footnote mark; the note's number is `document.notes[id].number`.
    NoteRef(NoteId),
    /// A citation. In author-date styles it is shown in the text; in note styles the
    /// resolver has turned it into a [`InlineKind::NoteRef`] whose note contains it.
    Cite(CiteId),
    /// A soft line break in the source (a space in the output).
    SoftBreak,
    /// A forced line break.
    HardBreak,
    /// An image (only local files inside the project are loaded).
    Image {
        /// The path as written.
        url: String,
        /// The alternative text.
        alt: String,
    },
}

/// A footnote.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Note {
    /// The label as written (`[^label]`); generated notes get a label of their own.
    pub label: String,
    /// The number shown as the note mark, 1-based, continuous through the book.
    pub number: u32,
    /// The chapter whose text references the note.
    pub chapter: ChapterId,
    /// The note's content.
    pub blocks: Vec<Block>,
    /// The definition's span (or the citation's, for generated notes).
    pub span: Span,
}

/// How citations appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CitationMode {
    /// In the running text, e.g. "(Trotsky 1933)".
    InText,
    /// As footnotes, e.g. chicago-notes.
    Notes,
}

/// One citation, possibly of several works: `[see @a, pp. 3–5; @b]`.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Citation {
    /// The cited works with locators, in order.
    pub items: Vec<CiteItem>,
    /// Whether the author is part of the sentence (`@key`) or the whole is bracketed.
    pub narrative: bool,
    /// The formatted citation, as the style renders it (links to entries are separate).
    pub rendered: Vec<Inline>,
    /// Which top-level inlines of `rendered` show which work: (range, index into
    /// `items`), in order, so that each work links to its own entry. Empty: the
    /// whole citation stands for its first work.
    pub works: Vec<(std::ops::Range<usize>, usize)>,
    /// Where the citation was written.
    pub span: Span,
}

/// One work inside a citation.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct CiteItem {
    /// The work cited.
    pub entry: RefId,
    /// A locator such as `p. 33`, as written.
    pub locator: Option<String>,
    /// Text before the key (`see`), formatting kept (`*see*`).
    pub prefix: Option<Vec<Inline>>,
    /// Text after the locator, formatting kept.
    pub suffix: Option<Vec<Inline>>,
    /// The suffix is set off by a comma (`[@key, p. 3, passim]`), not only a space
    /// (`[@key, pp. 3-5 and elsewhere]`), as written.
    pub suffix_comma: bool,
    /// `[-@key]`: the author is named in the sentence already.
    pub suppress_author: bool,
}

/// A work in the list of works cited.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct BibEntry {
    /// The citation key.
    pub key: String,
    /// The formatted entry, as the style renders it.
    pub rendered: Vec<Inline>,
    /// The citations of this work, in reading order (for back-links), each once.
    pub uses: Vec<CiteId>,
    /// Where the entry is defined in the bibliography file.
    pub span: Span,
}

/// A glossary entry from glossary.md.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct GlossaryEntry {
    /// The term as written in the definition list.
    pub term: String,
    /// A unique ASCII slug, used in anchors and `glossary:` links.
    pub slug: String,
    /// The definition.
    pub definition: Vec<Block>,
    /// Each linked use in the text, in reading order.
    pub uses: Vec<TermUse>,
    /// Where the term is defined.
    pub span: Span,
}

/// One linked use of a glossary term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TermUse {
    /// The chapter containing it.
    pub chapter: ChapterId,
    /// Where it is in the source.
    pub span: Span,
}

impl TermUse {
    /// The `use_index` of a `TermRef` that is not a use in the text: a cross-reference
    /// from one glossary definition to another. It has no entry in `uses`.
    pub const NONE: u32 = u32::MAX;
}

impl Document {
    /// The note behind an id.
    pub fn note(&self, id: NoteId) -> &Note {
        &self.notes[id.index()]
    }

    /// The citation behind an id.
    pub fn citation(&self, id: CiteId) -> &Citation {
        &self.citations[id.index()]
    }

    /// The glossary entry behind an id.
    pub fn term(&self, id: TermId) -> &GlossaryEntry {
        &self.glossary[id.index()]
    }

    /// The bibliography entry behind an id.
    pub fn reference(&self, id: RefId) -> &BibEntry {
        &self.bibliography[id.index()]
    }
}

impl BlockKind {
    /// Calls `f` on every inline sequence directly in this block (paragraph, heading,
    /// table cells and caption, figure caption, definition terms), not in nested blocks.
    pub fn for_each_inlines(&self, f: &mut dyn FnMut(&[Inline])) {
        match self {
            BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => f(c),
            BlockKind::Table {
                header,
                rows,
                caption,
                ..
            } => {
                header
                    .iter()
                    .chain(rows.iter().flatten())
                    .for_each(|c| f(c));
                f(caption);
            }
            BlockKind::Figure { caption, .. } => f(caption),
            BlockKind::DefinitionList(items) => items.iter().for_each(|d| f(&d.term)),
            BlockKind::BlockQuote(_)
            | BlockKind::List { .. }
            | BlockKind::Div { .. }
            | BlockKind::CodeBlock { .. }
            | BlockKind::ThematicBreak => {}
        }
    }

    /// Calls `f` on every block list directly inside this block (quote, list items,
    /// definitions, div), not deeper.
    pub fn for_each_blocks(&self, f: &mut dyn FnMut(&[Block])) {
        match self {
            BlockKind::BlockQuote(b) | BlockKind::Div { blocks: b, .. } => f(b),
            BlockKind::List { items, .. } => items.iter().for_each(|b| f(b)),
            BlockKind::DefinitionList(items) => {
                items.iter().flat_map(|d| &d.definitions).for_each(|b| f(b))
            }
            _ => {}
        }
    }
}

impl InlineKind {
    /// The child inlines of a formatting, link or glossary inline; `None` for leaves.
    pub fn children(&self) -> Option<&[Inline]> {
        match self {
            InlineKind::Emphasis(c)
            | InlineKind::Strong(c)
            | InlineKind::Strikethrough(c)
            | InlineKind::SmallCaps(c)
            | InlineKind::Superscript(c)
            | InlineKind::Subscript(c)
            | InlineKind::Span { content: c, .. }
            | InlineKind::CrossRef { content: c, .. }
            | InlineKind::Link { content: c, .. }
            | InlineKind::TermRef { content: c, .. } => Some(c),
            _ => None,
        }
    }

    /// The child inlines, for changing them in place; `None` for leaves.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            InlineKind::Emphasis(c)
            | InlineKind::Strong(c)
            | InlineKind::Strikethrough(c)
            | InlineKind::SmallCaps(c)
            | InlineKind::Superscript(c)
            | InlineKind::Subscript(c)
            | InlineKind::Span { content: c, .. }
            | InlineKind::CrossRef { content: c, .. }
            | InlineKind::Link { content: c, .. }
            | InlineKind::TermRef { content: c, .. } => Some(c),
            _ => None,
        }
    }
}

impl Inline {
    /// Plain text inline without a source (generated).
    pub fn text(s: impl Into<String>) -> Inline {
        Inline {
            kind: InlineKind::Text(s.into()),
            span: Span::DETACHED,
        }
    }
}

/// The plain text of inlines (marks and citations left out), for titles, slugs and metadata.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    collect_plain(inlines, &mut out);
    out
}

fn collect_plain(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match &i.kind {
            InlineKind::Text(t) | InlineKind::Code(t) => out.push_str(t),
            InlineKind::SoftBreak | InlineKind::HardBreak => out.push(' '),
            InlineKind::Image { alt, .. } => out.push_str(alt),
            kind => collect_plain(kind.children().unwrap_or_default(), out),
        }
    }
}
