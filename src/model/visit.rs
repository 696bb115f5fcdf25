//! One walk over the book's text: every inline of the chapters, the notes, the
//! citations, the glossary and the works cited, in reading order. The build, the EPUB,
//! print figures and the tests ask the model rather than walking it themselves.

use super::{Block, BlockKind, Document, Inline, InlineKind, NoteId};

impl Document {
    /// Calls `f` on every inline of the book, each before its children, in reading
    /// order: each chapter's title and text, a note's text at its first reference and a
    /// citation's rendering where it stands; then the glossary's definitions, the works
    /// cited, and last any note no text references.
    pub fn visit_inlines(&self, f: &mut dyn FnMut(&Inline)) {
        let mut walk = Walk {
            doc: self,
            seen: vec![false; self.notes.len()],
            f,
        };
        for chapter in &self.chapters {
            walk.inlines(&chapter.title);
            walk.blocks(&chapter.blocks);
        }
        for entry in &self.glossary {
            walk.blocks(&entry.definition);
        }
        for entry in &self.bibliography {
            walk.inlines(&entry.rendered);
        }
        for i in 0..self.notes.len() {
            walk.note(NoteId(i as u32));
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
pub fn visit_inline_list(list: &[Inline], f: &mut dyn FnMut(&Inline)) {
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
    f: &'f mut dyn FnMut(&Inline),
}

impl Walk<'_, '_> {
    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
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
                    (self.f)(&figure_image(b));
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
            (self.f)(i);
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
            self.blocks(&doc.note(n).blocks);
        }
    }
}
