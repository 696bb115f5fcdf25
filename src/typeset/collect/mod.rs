//! Collect: model blocks and inlines → styled runs per paragraph, for the line breaker.
//!
//! Every paragraph-like thing (a chapter title, a heading, a paragraph, a list item's
//! paragraph, a code block, a table cell, a note) becomes a [`Para`] of [`Run`]s with
//! its block style resolved. Runs carry what the pages need later: links (note marks →
//! notes, glossary uses → entries, citations → works cited), anchors, the note whose
//! mark a run is, and the run's [`TextPos`] offset, counted as `frame.rs` documents:
//! characters of `Text` and `Code` only, note marks and citations skipped.
//!
//! Anchor names, shared with the EPUB's ids: `fn-N` (a note), `fnref-N` (its mark),
//! `term-SLUG` (a glossary entry), `use-SLUG-I` (its I-th use), `ref-KEY` (a work
//! cited), the chapter's slug, and each heading's own anchor.

use crate::diag::Span;
use crate::layout::{BlockStyle, Layout, ParagraphStyle, TextAlign};
use crate::model::{
    Align, Block, BlockKind, ChapterId, Definition, Document, Inline, InlineKind, NoteId, anchors,
};
use crate::typeset::frame::{LinkTarget, TextPos};
use crate::typeset::run::{Run, RunStyle};

mod inline;

/// A paragraph ready for the line breaker, with its block style resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// The runs in order.
    pub runs: Vec<Run>,
    /// The block style (size, leading, alignment, indents).
    pub style: BlockStyle,
    /// Extra left indent in ems (quotes and lists nest).
    pub indent: f64,
    /// A list marker set in the hanging indent before the first line.
    pub marker: Option<String>,
    /// Keep with what follows (headings).
    pub keep_with_next: bool,
    /// An outline entry (title, level) for this paragraph.
    pub outline: Option<(String, u8)>,
    /// Anchor at the paragraph's top.
    pub anchor: Option<String>,
    /// Snap to the body grid (body paragraphs and list items).
    pub grid: bool,
    /// Where the paragraph's text starts, for chapter text.
    pub pos: Option<TextPos>,
    /// A code block: set line for line, a line wider than the measure wrapped with a
    /// continuation mark (flow.rs), never justified or hyphenated.
    pub code: bool,
    /// Hyphenate although ragged: a table cell narrower than its longest word.
    pub hyphenate_ragged: bool,
}

/// How far the turn-overs of a verse line hang, in ems.
const VERSE_HANG: f64 = 1.5;

/// The largest share of the measure quotes and lists may indent their text by.
const MAX_INDENT_SHARE: f64 = 0.25;

/// A simple table: one paragraph per cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Alignment of each column.
    pub align: Vec<Align>,
    /// Header cells.
    pub header: Vec<Para>,
    /// Body rows.
    pub rows: Vec<Vec<Para>>,
    /// Where the table is written, for the warning about a table too wide to fit.
    pub span: Span,
}

/// A chapter paragraph that is only an image: set as a figure, centred on the measure,
/// with the image's title (`![alt](plate.png "Caption")`) as its caption below, as the
/// EPUB's `<figcaption>` shows it; the alt text is for readers who cannot see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The image's URL as written.
    pub url: String,
    /// Where the image is written, for warnings.
    pub span: Span,
    /// The paragraph as text (`[alt]`), for an image print cannot place.
    pub fallback: Para,
    /// The caption, set centred below the image.
    pub caption: Option<Box<Para>>,
}

/// One block of a chapter's vertical flow.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Something set as lines.
    Para(Para),
    /// A figure.
    Figure(Figure),
    /// A table.
    Table(Table),
    /// A scene break (asterism).
    Break,
}

/// A chapter collected: title and pieces.
#[derive(Debug, Clone, PartialEq)]
pub struct ChapterPieces {
    /// The chapter.
    pub id: ChapterId,
    /// Its title paragraph.
    pub title: Para,
    /// Its body.
    pub pieces: Vec<Piece>,
    /// The notes referenced in it, in order.
    pub notes: Vec<NoteId>,
}

/// Collects every chapter of the document.
pub fn collect_chapters(doc: &Document, layout: &Layout) -> Vec<ChapterPieces> {
    (0..doc.chapters.len())
        .map(|i| collect_chapter(doc, layout, ChapterId(i as u32)))
        .collect()
}

/// Collects one chapter: title, blocks and the notes it references.
fn collect_chapter(doc: &Document, layout: &Layout, id: ChapterId) -> ChapterPieces {
    let ch = &doc.chapters[id.index()];
    let mut c = Collector {
        doc,
        layout,
        chapter: id,
        block: 0,
        notes: Vec::new(),
        pieces: Vec::new(),
        after_heading: true,
        figures: true,
        lang: None,
    };
    let mut title = c.para(&ch.title, layout.styles.chapter_title, None);
    title.pos = Some(TextPos {
        chapter: id,
        before_title: true,
        block: 0,
        offset: 0,
    });
    title.keep_with_next = true;
    title.anchor = Some(anchors::chapter(&ch.slug));
    title.outline = Some((crate::model::plain_text(&ch.title), 1));
    for b in &ch.blocks {
        c.block(b, 0.0);
    }
    ChapterPieces {
        id,
        title,
        notes: c.notes,
        pieces: c.pieces,
    }
}

/// Collects a note's blocks in the footnote style, its number first.
pub fn collect_note(doc: &Document, layout: &Layout, id: NoteId) -> Vec<Piece> {
    let note = doc.note(id);
    let mut c = Collector {
        doc,
        layout,
        chapter: note.chapter,
        block: 0,
        notes: Vec::new(),
        pieces: Vec::new(),
        after_heading: true,
        figures: false,
        lang: None,
    };
    for b in &note.blocks {
        c.block(b, 0.0);
    }
    // A mark inside a note is shown, but its note is not set (notes do not nest).
    for piece in &mut c.pieces {
        if let Piece::Para(p) = piece {
            for r in p.runs.iter_mut().filter(|r| r.note.is_some()) {
                (r.link, r.anchor, r.note) = (None, None, None);
            }
        }
    }
    let style = layout.styles.footnote;
    let code = layout.styles.code;
    let mut pieces: Vec<Piece> = c
        .pieces
        .into_iter()
        .map(|p| restyle(p, style, code))
        .collect();
    let number = Run {
        text: format!("{} ", note.number),
        style: RunStyle::default(),
        link: Some(LinkTarget::Anchor(anchors::note_mark(note.number))),
        anchor: Some(anchors::note(note.number)),
        note: None,
        offset: 0,
        counts: false,
    };
    match pieces.first_mut() {
        Some(Piece::Para(p)) => p.runs.insert(0, number),
        _ => pieces.insert(0, Piece::Para(plain_para(vec![number], style))),
    }
    pieces
}

/// Sets every paragraph of a note in the footnote style (code stays code), off the grid.
fn restyle(piece: Piece, note: BlockStyle, code: BlockStyle) -> Piece {
    match piece {
        Piece::Para(mut p) => {
            p.style = if p.style == code {
                BlockStyle {
                    size: code.size * note.size,
                    leading: note.leading,
                    ..code
                }
            } else {
                note
            };
            p.indent = 0.0;
            p.grid = false;
            p.outline = None;
            Piece::Para(p)
        }
        other => other,
    }
}

/// A paragraph of inlines outside the chapters (works cited, glossary), in `style`.
pub fn inline_para(doc: &Document, layout: &Layout, inl: &[Inline], style: BlockStyle) -> Para {
    let mut c = Collector {
        doc,
        layout,
        chapter: ChapterId(0),
        block: 0,
        notes: Vec::new(),
        pieces: Vec::new(),
        after_heading: false,
        figures: false,
        lang: None,
    };
    c.para(inl, style, None)
}

/// A paragraph of generated runs (matter pages) in a style.
pub fn plain_para(runs: Vec<Run>, style: BlockStyle) -> Para {
    Para {
        runs,
        style,
        indent: 0.0,
        marker: None,
        keep_with_next: false,
        outline: None,
        anchor: None,
        grid: false,
        pos: None,
        code: false,
        hyphenate_ragged: false,
    }
}

/// Walks blocks in pre-order, numbering them as [`TextPos`] does.
struct Collector<'a> {
    doc: &'a Document,
    layout: &'a Layout,
    chapter: ChapterId,
    block: u32,
    notes: Vec<NoteId>,
    pieces: Vec<Piece>,
    after_heading: bool,
    /// Whether a paragraph of one image becomes a figure (chapter text, not notes).
    figures: bool,
    /// The language of the div being collected (`::: {lang=de}`), if not the book's.
    lang: Option<String>,
}

impl Collector<'_> {
    /// Body text keeps to the baseline grid in the indented style; spaced paragraphs
    /// have half-line gaps, which a grid would round up to whole lines.
    fn on_grid(&self) -> bool {
        self.layout.paragraph == ParagraphStyle::Indent
    }

    fn pos(&self) -> Option<TextPos> {
        Some(TextPos {
            chapter: self.chapter,
            before_title: false,
            block: self.block,
            offset: 0,
        })
    }

    /// One block; containers recurse here, so each kind's work is a function of its
    /// own and this frame stays small (lists nest hundreds deep).
    fn block(&mut self, b: &Block, indent: f64) {
        let pos = self.pos();
        self.block += 1;
        match &b.kind {
            BlockKind::BlockQuote(blocks) => self.quote(blocks, indent),
            BlockKind::List {
                start,
                items,
                tasks,
            } => self.list(*start, items, tasks, indent),
            BlockKind::Figure { url, alt, caption } => {
                self.figure(url, alt, caption, b.span, indent)
            }
            BlockKind::DefinitionList(items) => self.definitions(items, indent),
            BlockKind::Div { blocks, attrs } => {
                let outer = self.lang.clone();
                if let Some(lang) = &attrs.lang {
                    self.lang = Some(lang.clone());
                }
                for b in blocks {
                    self.block(b, indent);
                }
                self.lang = outer;
            }
            _ => self.leaf(b, pos, indent),
        }
    }

    /// A block without blocks inside.
    #[inline(never)]
    fn leaf(&mut self, b: &Block, pos: Option<TextPos>, indent: f64) {
        let styles = &self.layout.styles;
        match &b.kind {
            BlockKind::Paragraph(inl) => {
                let mut style = styles.body;
                if self.after_heading && self.layout.paragraph == ParagraphStyle::Indent {
                    style.first_line_indent = 0.0;
                }
                let mut p = self.para(inl, style, pos);
                p.indent = indent;
                p.grid = indent == 0.0 && self.on_grid();
                let lone = lone_image(inl).filter(|_| self.figures && indent == 0.0);
                if lone.is_none() && p.runs.iter().any(|r| r.text == "\n") {
                    self.verse(p);
                    self.after_heading = false;
                    return;
                }
                self.pieces.push(match lone {
                    Some((url, span)) => Piece::Figure(Figure {
                        url: url.to_string(),
                        span,
                        fallback: p,
                        caption: None,
                    }),
                    None => Piece::Para(p),
                });
                self.after_heading = false;
            }
            BlockKind::Heading {
                level,
                content,
                anchor,
                listed,
            } => {
                let style = if *level <= 2 {
                    styles.section
                } else {
                    styles.subsection
                };
                let mut p = self.para(content, style, pos);
                p.keep_with_next = true;
                p.anchor = Some(anchors::heading(anchor));
                p.outline = listed.then(|| (crate::model::plain_text(content), *level));
                self.pieces.push(Piece::Para(p));
                self.after_heading = true;
            }
            BlockKind::CodeBlock { text, .. } => {
                let mut p = plain_para(code_runs(text), styles.code);
                p.code = true;
                p.indent = indent;
                p.pos = pos;
                self.pieces.push(Piece::Para(p));
                self.after_heading = false;
            }
            BlockKind::Table {
                align,
                header,
                rows,
                caption,
            } => {
                self.table_caption(caption, pos, indent);
                self.table(align, header, rows, pos, b.span)
            }
            BlockKind::ThematicBreak => {
                self.pieces.push(Piece::Break);
                self.after_heading = true;
            }
            BlockKind::BlockQuote(_)
            | BlockKind::List { .. }
            | BlockKind::Figure { .. }
            | BlockKind::DefinitionList(_)
            | BlockKind::Div { .. } => {}
        }
    }

    /// A table's caption, above it and kept with it.
    #[inline(never)]
    fn table_caption(&mut self, caption: &[Inline], pos: Option<TextPos>, indent: f64) {
        if caption.is_empty() {
            return;
        }
        let mut p = self.para(caption, self.caption_style(), pos);
        p.keep_with_next = true;
        p.indent = indent;
        self.pieces.push(Piece::Para(p));
    }

    /// Captions of figures and tables: the body size, centred, not indented.
    fn caption_style(&self) -> BlockStyle {
        BlockStyle {
            first_line_indent: 0.0,
            align: TextAlign::Center,
            italic: true,
            ..self.layout.styles.body
        }
    }

    /// A figure with its caption; in a note or indented, the alt text and caption as text.
    #[inline(never)]
    fn figure(&mut self, url: &str, alt: &str, caption: &[Inline], span: Span, indent: f64) {
        let pos = self.pos_of_current();
        let alt_run = [Inline {
            kind: InlineKind::Text(format!("[{alt}]")),
            span: Span::DETACHED,
        }];
        let mut fallback = plain_para(
            self.para(&alt_run, self.layout.styles.body, None).runs,
            self.layout.styles.body,
        );
        fallback.pos = pos;
        fallback.indent = indent;
        fallback.grid = indent == 0.0 && self.on_grid();
        let caption = (!caption.is_empty()).then(|| {
            let mut p = self.para(caption, self.caption_style(), pos);
            p.indent = indent;
            Box::new(p)
        });
        if self.figures && indent == 0.0 {
            self.pieces.push(Piece::Figure(Figure {
                url: url.to_string(),
                span,
                fallback,
                caption,
            }));
        } else {
            self.pieces.push(Piece::Para(fallback));
            self.pieces.extend(caption.map(|c| Piece::Para(*c)));
        }
        self.after_heading = false;
    }

    /// The position of the block being collected (`block` was advanced past it).
    fn pos_of_current(&self) -> Option<TextPos> {
        Some(TextPos {
            chapter: self.chapter,
            before_title: false,
            block: self.block.saturating_sub(1),
            offset: 0,
        })
    }

    /// A definition list: each term bold and kept with its definitions, which are
    /// indented; each term counts as a block of its own (as the EPUB's `marks` do).
    #[inline(never)]
    fn definitions(&mut self, items: &[Definition], indent: f64) {
        let hang = 1.5;
        for d in items {
            let pos = self.pos();
            self.block += 1;
            let style = BlockStyle {
                first_line_indent: 0.0,
                bold: true,
                ..self.layout.styles.body
            };
            let mut p = self.para(&d.term, style, pos);
            p.indent = indent;
            p.keep_with_next = true;
            p.grid = indent == 0.0 && self.on_grid();
            self.pieces.push(Piece::Para(p));
            for def in &d.definitions {
                let first = self.pieces.len();
                for b in def {
                    self.block(b, indent + hang);
                }
                for piece in &mut self.pieces[first..] {
                    if let Piece::Para(p) = piece {
                        p.style.first_line_indent = 0.0;
                    }
                }
            }
        }
        self.after_heading = false;
    }

    /// Verse (a paragraph with hard line breaks): each line its own paragraph, flush
    /// left and ragged, its turn-overs hanging by [`VERSE_HANG`] ems.
    fn verse(&mut self, p: Para) {
        let mut lines: Vec<Vec<Run>> = vec![Vec::new()];
        for r in p.runs {
            if r.text == "\n" {
                lines.push(Vec::new());
            } else if let Some(l) = lines.last_mut() {
                l.push(r);
            }
        }
        lines.retain(|l| !l.is_empty());
        let n = lines.len();
        for (k, runs) in lines.into_iter().enumerate() {
            let offset = runs.first().map_or(0, |r| r.offset);
            let style = BlockStyle {
                align: TextAlign::Left,
                indent_left: p.style.indent_left + VERSE_HANG,
                first_line_indent: -VERSE_HANG,
                space_before: if k == 0 { p.style.space_before } else { 0.0 },
                space_after: if k + 1 == n { p.style.space_after } else { 0.0 },
                ..p.style
            };
            let mut line = plain_para(runs, style);
            line.indent = p.indent;
            line.grid = p.grid;
            line.pos = p.pos.map(|pos| TextPos { offset, ..pos });
            if k == 0 {
                line.anchor = p.anchor.clone();
            }
            self.pieces.push(Piece::Para(line));
        }
    }

    /// A table: each cell a paragraph, aligned as its column says.
    fn table(
        &mut self,
        align: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        pos: Option<TextPos>,
        span: Span,
    ) {
        let body = self.layout.styles.body;
        let row = |c: &mut Self, r: &[Vec<Inline>]| -> Vec<Para> {
            let cell = |(k, inl): (usize, &Vec<Inline>)| {
                let st = BlockStyle {
                    first_line_indent: 0.0,
                    align: match align.get(k) {
                        Some(Align::Center) => TextAlign::Center,
                        _ => TextAlign::Left,
                    },
                    ..body
                };
                c.para(inl, st, pos)
            };
            r.iter().enumerate().map(cell).collect()
        };
        let header = row(self, header);
        let rows = rows.iter().map(|r| row(self, r)).collect();
        self.pieces.push(Piece::Table(Table {
            align: align.to_vec(),
            header,
            rows,
            span,
        }));
        self.after_heading = false;
    }

    fn quote(&mut self, blocks: &[Block], indent: f64) {
        let first = self.pieces.len();
        let inner = self.nest(indent, self.layout.styles.quote.indent_left);
        for b in blocks {
            self.block(b, inner);
        }
        let q = self.layout.styles.quote;
        let n = self.pieces.len();
        for (k, piece) in self.pieces[first..].iter_mut().enumerate() {
            if let Piece::Para(p) = piece {
                if p.style != self.layout.styles.code {
                    p.style = BlockStyle {
                        space_before: if k == 0 { q.space_before } else { 0.0 },
                        space_after: if first + k + 1 == n {
                            q.space_after
                        } else {
                            0.0
                        },
                        ..q
                    };
                }
                p.grid = false;
            }
        }
        self.after_heading = false;
    }

    /// An indent `add` ems deeper than `indent`, bounded by the measure: however deep
    /// quotes and lists nest, at least three quarters of the measure stay for the text
    /// (at A6 a fourth level of nesting would otherwise leave a column of single words).
    fn nest(&self, indent: f64, add: f64) -> f64 {
        let most = MAX_INDENT_SHARE * self.layout.page.measure() / self.layout.font_size;
        (indent + add).min(most.max(indent))
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], tasks: &[bool], indent: f64) {
        // The hang holds the widest marker ("10." in a list of ten) and a space: the
        // markers are set flush right in it (flow.rs), so their full stops align.
        let last = start.map(|s| s + items.len().saturating_sub(1) as u64);
        let digits = last.map_or(1, |n| n.max(1).ilog10() + 1);
        let hang = (0.5 * f64::from(digits) + 0.9).max(1.5);
        let inner = self.nest(indent, hang);
        for (k, item) in items.iter().enumerate() {
            let first = self.pieces.len();
            for b in item {
                self.block(b, inner);
            }
            // A task item's box, its first text, stands in for the bullet.
            let task = tasks.get(k) == Some(&true);
            if let (Some(Piece::Para(p)), false) = (self.pieces.get_mut(first), task) {
                p.marker = Some(match start {
                    Some(s) => format!("{}.", s + k as u64),
                    None => "•".to_string(),
                });
            }
            let grid = self.on_grid();
            for piece in &mut self.pieces[first..] {
                if let Piece::Para(p) = piece {
                    p.style.first_line_indent = 0.0;
                    p.grid = grid;
                }
            }
        }
        self.after_heading = false;
    }
}

/// The image of a paragraph that holds nothing else (spaces and line breaks aside).
/// Images inside running text stay `[alt]` text: setting them at line height would
/// shrink a picture to the size of a letter.
fn lone_image(inl: &[Inline]) -> Option<(&str, Span)> {
    let mut found = None;
    for i in inl {
        match &i.kind {
            InlineKind::Image { url, .. } if found.is_none() => {
                found = Some((url.as_str(), i.span))
            }
            InlineKind::Text(t) if t.trim().is_empty() => {}
            InlineKind::SoftBreak | InlineKind::HardBreak => {}
            _ => return None,
        }
    }
    found
}

/// A code block's runs: one monospaced run per source line, forced breaks between.
fn code_runs(text: &str) -> Vec<Run> {
    let mono = RunStyle {
        monospace: true,
        ..RunStyle::default()
    };
    let mut runs = Vec::new();
    let mut offset = 0u32;
    for (k, line) in text.trim_end_matches('\n').split('\n').enumerate() {
        if k > 0 {
            runs.push(Run {
                offset,
                ..Run::new("\n", mono.clone())
            });
            offset += 1;
        }
        // Leading spaces become no-break spaces, so the indentation survives.
        let body = line.trim_start_matches(' ');
        let lead = "\u{a0}".repeat(line.len() - body.len());
        runs.push(Run {
            offset,
            counts: true,
            ..Run::new(format!("{lead}{body}"), mono.clone())
        });
        offset += line.chars().count() as u32;
    }
    runs
}
