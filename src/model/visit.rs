//! One walk over the book's text: every block and inline of the chapters, the notes,
//! the citations, the glossary and the works cited, in reading order. The build, the
//! EPUB, print figures and the tests ask the model rather than walking it themselves.

use super::{Block, BlockKind, ChapterId, Document, Inline, InlineKind, NoteId};
use crate::diag::Span;

/// What [`Document::visit`] meets, in reading order.
#[derive(Debug, Clone, Copy)]
pub enum Visit<'a> {
    /// A chapter begins: its title, then its text.
    Chapter(ChapterId),
    /// A block, before what is inside it.
    Block(&'a Block),
    /// An inline, before its children (a figure's image is met as an image inline).
    Inline(&'a Inline),
    /// A note's text begins: at its first reference, or among the unreferenced.
    Note(NoteId),
    /// The glossary's definitions begin.
    Glossary,
    /// The works cited begin.
    WorksCited,
    /// The notes no text references begin, last.
    Unreferenced,
}

impl Document {
    /// Calls `f` on every block and inline of the book, each before what is inside
    /// it, in reading order: each chapter's title and text, a note's text at its first
    /// reference and a citation's rendering where it stands; then the glossary's
    /// definitions, the works cited, and last any note no text references. Where each
    /// part begins is announced, so a caller can tell which file or page it is on.
    pub fn visit(&self, f: &mut dyn FnMut(Visit<'_>)) {
        let mut walk = Walk {
            doc: self,
            seen: vec![false; self.notes.len()],
            f,
        };
        for (i, chapter) in self.chapters.iter().enumerate() {
            (walk.f)(Visit::Chapter(ChapterId(i as u32)));
            walk.inlines(&chapter.title);
            walk.blocks(&chapter.blocks);
        }
        (walk.f)(Visit::Glossary);
        for entry in &self.glossary {
            walk.blocks(&entry.definition);
        }
        (walk.f)(Visit::WorksCited);
        for entry in &self.bibliography {
            walk.inlines(&entry.rendered);
        }
        (walk.f)(Visit::Unreferenced);
        for i in 0..self.notes.len() {
            walk.note(NoteId(i as u32));
        }
    }

    /// Calls `f` on every inline of the book, each before its children, in the order
    /// of [`Document::visit`].
    pub fn visit_inlines(&self, f: &mut dyn FnMut(&Inline)) {
        self.visit(&mut |v| {
            if let Visit::Inline(i) = v {
                f(i)
            }
        });
    }

    /// Calls `f` on every inline of `list`, each before its children, and on a
    /// citation's rendering where it stands; notes are not followed (their text is
    /// elsewhere).
    pub fn visit_inlines_of(&self, list: &[Inline], f: &mut dyn FnMut(&Inline)) {
        for i in list {
            f(i);
            if let Some(c) = i.kind.children() {
                self.visit_inlines_of(c, f);
            }
            if let InlineKind::Cite(c) = i.kind {
                self.visit_inlines_of(&self.citation(c).rendered, f);
            }
        }
    }

    /// The URLs of the images the book shows (as written, relative to `manuscript/`),
    /// once each, in reading order.
    pub fn image_urls(&self) -> Vec<String> {
        let mut urls: Vec<String> = Vec::new();
        self.visit_inlines(&mut |i| {
            if let InlineKind::Image { url, .. } = &i.kind
                && !urls.contains(url)
            {
                urls.push(url.clone());
            }
        });
        urls
    }
}

/// Calls `f` on every inline of `blocks` (nested blocks included), each before its
/// children; notes and citations are not followed.
pub fn visit_block_inlines(blocks: &[Block], f: &mut dyn FnMut(&Inline)) {
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => {
                visit_inline_list(c, f)
            }
            BlockKind::BlockQuote(inner) => visit_block_inlines(inner, f),
            BlockKind::List { items, .. } => items.iter().for_each(|i| visit_block_inlines(i, f)),
            BlockKind::Table {
                header,
                rows,
                caption,
                ..
            } => std::iter::once(caption)
                .chain(header)
                .chain(rows.iter().flatten())
                .for_each(|cell| visit_inline_list(cell, f)),
            BlockKind::Figure { .. } => {
                f(&figure_image(b));
                b.kind.for_each_inlines(&mut |c| visit_inline_list(c, f));
            }
            BlockKind::DefinitionList(_) | BlockKind::Div { .. } => {
                b.kind.for_each_inlines(&mut |c| visit_inline_list(c, f));
                b.kind
                    .for_each_blocks(&mut |inner| visit_block_inlines(inner, f));
            }
            BlockKind::CodeBlock { .. } | BlockKind::ThematicBreak => {}
        }
    }
}

/// A figure's image as the inline it was written as (walks see it like any image).
fn figure_image(b: &Block) -> Inline {
    let (url, alt) = match &b.kind {
        BlockKind::Figure { url, alt, .. } => (url.clone(), alt.clone()),
        _ => (String::new(), String::new()),
    };
    Inline {
        kind: InlineKind::Image { url, alt },
        span: b.span,
    }
}

/// Calls `f` on every inline of `list`, each before its children; notes and
/// citations are not followed.
fn visit_inline_list(list: &[Inline], f: &mut dyn FnMut(&Inline)) {
    for i in list {
        f(i);
        if let Some(c) = i.kind.children() {
            visit_inline_list(c, f);
        }
    }
}

/// The reading-order walk of [`Document::visit_inlines`].
struct Walk<'d, 'f> {
    doc: &'d Document,
    /// Notes already walked (at their first reference).
    seen: Vec<bool>,
    f: &'f mut dyn FnMut(Visit<'_>),
}

impl Walk<'_, '_> {
    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            (self.f)(Visit::Block(b));
            match &b.kind {
                BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => self.inlines(c),
                BlockKind::BlockQuote(inner) => self.blocks(inner),
                BlockKind::List { items, .. } => items.iter().for_each(|i| self.blocks(i)),
                BlockKind::Table {
                    header,
                    rows,
                    caption,
                    ..
                } => std::iter::once(caption)
                    .chain(header)
                    .chain(rows.iter().flatten())
                    .for_each(|cell| self.inlines(cell)),
                BlockKind::Figure { caption, .. } => {
                    (self.f)(Visit::Inline(&figure_image(b)));
                    self.inlines(caption);
                }
                BlockKind::DefinitionList(items) => {
                    for d in items {
                        self.inlines(&d.term);
                        d.definitions.iter().for_each(|x| self.blocks(x));
                    }
                }
                BlockKind::Div { blocks, .. } => self.blocks(blocks),
                BlockKind::CodeBlock { .. } | BlockKind::ThematicBreak => {}
            }
        }
    }

    /// Each inline, then its children; a note's text at its first reference and a
    /// citation's rendering where they stand.
    fn inlines(&mut self, list: &[Inline]) {
        let doc = self.doc;
        for i in list {
            (self.f)(Visit::Inline(i));
            if let Some(c) = i.kind.children() {
                self.inlines(c);
            }
            match i.kind {
                InlineKind::NoteRef(n) => self.note(n),
                InlineKind::Cite(c) => self.inlines(&doc.citation(c).rendered),
                _ => {}
            }
        }
    }

    fn note(&mut self, n: NoteId) {
        if let Some(seen) = self.seen.get_mut(n.index())
            && !std::mem::replace(seen, true)
        {
            let doc = self.doc;
            (self.f)(Visit::Note(n));
            self.blocks(&doc.note(n).blocks);
        }
    }
}

/// One block of a chapter's running text as a [`TextPos`](crate::typeset::TextPos)
/// counts it: blocks in pre-order (a block quote, then the blocks inside it; a list,
/// then each item's blocks; a definition list, then each term as a block and its
/// definitions' blocks; a div, then its blocks), characters of `Text` and `Code`
/// inlines (and of a code block's text), entering every inline with children and
/// skipping note marks, citations, breaks and image descriptions.
#[derive(Debug, Clone)]
pub struct TextBlock {
    /// Where the block is in the manuscript.
    pub span: Span,
    /// The counted text.
    pub text: String,
    /// Its length in characters.
    pub chars: u32,
    /// Where each counted piece starts: its first character's offset in `text` (in
    /// characters) and its place in the manuscript.
    pub starts: Vec<(u32, Span)>,
}

impl TextBlock {
    fn new(span: Span) -> TextBlock {
        TextBlock {
            span,
            text: String::new(),
            chars: 0,
            starts: Vec::new(),
        }
    }

    fn push(&mut self, text: &str, span: Span) {
        self.starts.push((self.chars, span));
        self.text.push_str(text);
        self.chars += text.chars().count() as u32;
    }

    /// The manuscript place of the counted character at `offset`: the start of the
    /// piece that holds it, or the block's own place.
    pub fn place(&self, offset: u32) -> Span {
        let i = self.starts.partition_point(|(start, _)| *start <= offset);
        i.checked_sub(1).map_or(self.span, |i| self.starts[i].1)
    }
}

/// The blocks of a chapter's running text, numbered as a `TextPos` numbers them.
pub fn text_blocks(blocks: &[Block]) -> Vec<TextBlock> {
    let mut out = Vec::new();
    for b in blocks {
        text_block(b, &mut out);
    }
    out
}

fn text_block(b: &Block, out: &mut Vec<TextBlock>) {
    let at = out.len();
    out.push(TextBlock::new(b.span));
    match &b.kind {
        BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => {
            counted_inlines(c, &mut out[at])
        }
        BlockKind::BlockQuote(inner) => inner.iter().for_each(|i| text_block(i, out)),
        BlockKind::List { items, .. } => items.iter().flatten().for_each(|i| text_block(i, out)),
        BlockKind::CodeBlock { text, .. } => out[at].push(text.trim_end_matches('\n'), b.span),
        BlockKind::Table {
            header,
            rows,
            caption,
            ..
        } => {
            // The caption comes first, as in the XHTML and above the table in print.
            counted_inlines(caption, &mut out[at]);
            for cell in header.iter().chain(rows.iter().flatten()) {
                counted_inlines(cell, &mut out[at]);
            }
        }
        BlockKind::Figure { caption, .. } => counted_inlines(caption, &mut out[at]),
        BlockKind::DefinitionList(items) => {
            for d in items {
                let term = out.len();
                let span = d.term.first().map_or(b.span, |i| i.span);
                out.push(TextBlock::new(span));
                counted_inlines(&d.term, &mut out[term]);
                d.definitions
                    .iter()
                    .flatten()
                    .for_each(|i| text_block(i, out));
            }
        }
        BlockKind::Div { blocks, .. } => blocks.iter().for_each(|i| text_block(i, out)),
        BlockKind::ThematicBreak => {}
    }
}

fn counted_inlines(inlines: &[Inline], out: &mut TextBlock) {
    for i in inlines {
        match &i.kind {
            InlineKind::Text(t) | InlineKind::Code(t) => out.push(t, i.span),
            // Note marks and citations are not counted (frame::TextPos).
            kind => counted_inlines(kind.children().unwrap_or_default(), out),
        }
    }
}
