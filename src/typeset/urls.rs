//! External links in print (`[layout] urls`): paper cannot be clicked, so a link's
//! address is set as a footnote, after its text in parentheses, or not at all. The EPUB
//! keeps every link live and never sees this: it is a print-only copy of the document.
//!
//! - `footnote` (the default): the URL is a note, numbered in the one series with the
//!   book's own notes, in reading order (so print numbers may run ahead of the EPUB's).
//!   Inside a note, a heading or a table caption a URL goes in parentheses instead (notes
//!   do not nest; a mark would reach the contents and running heads).
//! - `inline`: "text (URL)".
//! - `hidden`: the text alone (the PDF's link annotation stays).
//!
//! A link whose text already is its address (`<https://…>`, a bare `www.…`, an e-mail
//! address) is left as it is in every style.

use crate::layout::UrlStyle;
use crate::model::{
    Block, BlockKind, ChapterId, Document, Inline, InlineKind, Note, NoteId, plain_text,
};
use std::borrow::Cow;

/// The document as print shows it under `style`.
pub fn for_print(doc: &Document, style: UrlStyle) -> Cow<'_, Document> {
    if style == UrlStyle::Hidden || !has_url_to_show(doc) {
        return Cow::Borrowed(doc);
    }
    let mut doc = doc.clone();
    let mut notes = vec![];
    for (i, chapter) in doc.chapters.iter_mut().enumerate() {
        let mut w = Walk {
            style,
            chapter: ChapterId(i as u32),
            first_new: doc.notes.len(),
            new: &mut notes,
        };
        w.blocks(&mut chapter.blocks, false);
    }
    let mut inline = Walk {
        style: UrlStyle::Inline,
        chapter: ChapterId(0),
        first_new: 0,
        new: &mut vec![],
    };
    for n in &mut doc.notes {
        inline.chapter = n.chapter;
        inline.blocks(&mut n.blocks, true);
    }
    for g in &mut doc.glossary {
        inline.blocks(&mut g.definition, true);
    }
    if !notes.is_empty() {
        doc.notes.extend(notes);
        renumber(&mut doc);
    }
    Cow::Owned(doc)
}

/// Whether any external link's text is not its address.
fn has_url_to_show(doc: &Document) -> bool {
    let mut found = false;
    doc.visit_inlines(&mut |i| {
        if let InlineKind::Link { url, content } = &i.kind {
            found |= !shows_itself(url, content);
        }
    });
    found
}

/// Whether a link's text already is its address.
fn shows_itself(url: &str, content: &[Inline]) -> bool {
    let text = plain_text(content);
    let text = text.trim().trim_end_matches('/');
    let url = url.trim().trim_end_matches('/');
    let bare = |u: &str| {
        for scheme in ["mailto:", "https://", "http://"] {
            if let Some(rest) = u.strip_prefix(scheme) {
                return rest.to_string();
            }
        }
        u.to_string()
    };
    text == url || bare(text) == bare(url)
}

/// The address as printed: without `mailto:`.
fn printed(url: &str) -> &str {
    url.strip_prefix("mailto:").unwrap_or(url)
}

struct Walk<'a> {
    style: UrlStyle,
    chapter: ChapterId,
    /// The id the first new note gets.
    first_new: usize,
    new: &'a mut Vec<Note>,
}

impl Walk<'_> {
    /// `inline_only`: in notes, headings and captions a URL is never a note.
    fn blocks(&mut self, blocks: &mut [Block], inline_only: bool) {
        for b in blocks {
            match &mut b.kind {
                BlockKind::Paragraph(c) => self.inlines(c, inline_only),
                BlockKind::Heading { content, .. } => self.inlines(content, true),
                BlockKind::BlockQuote(inner) | BlockKind::Div { blocks: inner, .. } => {
                    self.blocks(inner, inline_only)
                }
                BlockKind::List { items, .. } => {
                    items.iter_mut().for_each(|i| self.blocks(i, inline_only))
                }
                BlockKind::Table {
                    header,
                    rows,
                    caption,
                    ..
                } => {
                    self.inlines(caption, true);
                    for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                        self.inlines(cell, inline_only);
                    }
                }
                BlockKind::Figure { caption, .. } => self.inlines(caption, true),
                BlockKind::DefinitionList(items) => {
                    for d in items {
                        self.inlines(&mut d.term, true);
                        d.definitions
                            .iter_mut()
                            .for_each(|x| self.blocks(x, inline_only));
                    }
                }
                BlockKind::CodeBlock { .. } | BlockKind::ThematicBreak => {}
            }
        }
    }

    fn inlines(&mut self, list: &mut Vec<Inline>, inline_only: bool) {
        let mut k = 0;
        while k < list.len() {
            if let InlineKind::Link { url, content } = &list[k].kind {
                if shows_itself(url, content) {
                    k += 1;
                    continue;
                }
                let (url, span) = (url.clone(), list[k].span);
                let address = Inline {
                    kind: InlineKind::Link {
                        url: url.clone(),
                        content: vec![Inline::text(printed(&url))],
                    },
                    span,
                };
                let added: Vec<Inline> = if self.style == UrlStyle::Footnote && !inline_only {
                    let id = NoteId((self.first_new + self.new.len()) as u32);
                    self.new.push(Note {
                        label: format!("url-{}", self.new.len() + 1),
                        number: 0,
                        chapter: self.chapter,
                        blocks: vec![Block {
                            kind: BlockKind::Paragraph(vec![address]),
                            span,
                        }],
                        span,
                    });
                    vec![Inline {
                        kind: InlineKind::NoteRef(id),
                        span,
                    }]
                } else {
                    vec![Inline::text(" ("), address, Inline::text(")")]
                };
                let n = added.len();
                list.splice(k + 1..k + 1, added);
                k += 1 + n;
                continue;
            }
            if let Some(c) = list[k].kind.children_mut() {
                self.inlines(c, inline_only);
            }
            k += 1;
        }
    }
}

/// Numbers every note in the order print meets its first mark (chapters in order, a
/// note's own marks right after it), continuing the book's single series.
fn renumber(doc: &mut Document) {
    let mut order: Vec<NoteId> = vec![];
    let mut seen = vec![false; doc.notes.len()];
    fn walk(doc: &Document, list: &[Inline], seen: &mut Vec<bool>, order: &mut Vec<NoteId>) {
        for i in list {
            if let InlineKind::NoteRef(id) = i.kind
                && !std::mem::replace(&mut seen[id.index()], true)
            {
                order.push(id);
                let mut inner = vec![];
                crate::model::visit::visit_block_inlines(&doc.note(id).blocks, &mut |x| {
                    if let InlineKind::NoteRef(_) = x.kind {
                        inner.push(x.clone());
                    }
                });
                walk(doc, &inner, seen, order);
            }
            if let Some(c) = i.kind.children() {
                walk(doc, c, seen, order);
            }
        }
    }
    for c in &doc.chapters {
        let mut list = vec![];
        crate::model::visit::visit_block_inlines(&c.blocks, &mut |x| {
            if let InlineKind::NoteRef(_) = x.kind {
                list.push(x.clone());
            }
        });
        walk(doc, &list, &mut seen, &mut order);
    }
    order.extend(
        (0..doc.notes.len())
            .filter(|&i| !seen[i])
            .map(|i| NoteId(i as u32)),
    );
    for (n, id) in order.into_iter().enumerate() {
        doc.notes[id.index()].number = n as u32 + 1;
    }
}
