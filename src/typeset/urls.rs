//! External links in print (`[layout] urls`): paper cannot be clicked, so a link's
//! address is set as a footnote, after its text in parentheses, or not at all. The EPUB
//! keeps every link live and never sees this.
//!
//! - `footnote` (the default): [`for_print`] makes a print-only copy of the document in
//!   which each external link of the running text is followed by a note holding its
//!   URL, numbered in the one series with the book's own notes, in reading order (so
//!   print numbers may run ahead of the EPUB's). In a note, a heading, a caption or a
//!   definition term the URL goes in parentheses instead (notes do not nest).
//! - `inline`: "text (URL)". `collect` sets the parentheses after the link's text,
//!   outside the counted text, so print's text positions still match the EPUB's.
//! - `hidden`: the text alone (the PDF's link annotation stays).
//!
//! A link whose text already is its address (`<https://…>`, a bare `www.…`, an e-mail
//! address) is left as it is in every style.

use crate::layout::UrlStyle;
use crate::model::{
    Block, BlockKind, ChapterId, Document, Inline, InlineKind, Note, NoteId, plain_text,
};
use std::borrow::Cow;

/// The label of a URL's note (a space never begins a label written in Markdown).
const NOTE_LABEL: &str = " url";

/// Whether a note is an address [`for_print`] made.
fn is_url_note(note: &Note) -> bool {
    note.label.starts_with(NOTE_LABEL)
}

/// Whether the inlines after a link start with its URL's note mark (after the
/// punctuation [`for_print`] moved before it).
pub fn noted(doc: &Document, after: &[Inline]) -> bool {
    let mut rest = after;
    if let Some(Inline {
        kind: InlineKind::Text(t),
        ..
    }) = rest.first()
        && !t.is_empty()
        && t.chars()
            .all(|c| PUNCTUATION.contains(c) || CLOSING.contains(c))
    {
        rest = &rest[1..];
    }
    matches!(rest.first().map(|i| &i.kind),
        Some(InlineKind::NoteRef(id)) if is_url_note(doc.note(*id)))
}

/// The stops a URL's note mark follows, and the closing quotes after them.
const PUNCTUATION: &str = ".,;:!?";
const CLOSING: &str = "’”»›\"'";

/// The document as print shows it: under `footnote`, each external link in running
/// text gets its address as a note. The parentheses of `inline` (and of links in notes,
/// headings and captions under `footnote`) are set by `collect`, not counted as text.
pub fn for_print(doc: &Document, style: UrlStyle) -> Cow<'_, Document> {
    if style != UrlStyle::Footnote || !has_url_to_show(doc) {
        return Cow::Borrowed(doc);
    }
    let mut doc = doc.clone();
    let mut notes = vec![];
    for (i, chapter) in doc.chapters.iter_mut().enumerate() {
        let mut w = Walk {
            chapter: ChapterId(i as u32),
            first_new: doc.notes.len(),
            new: &mut notes,
        };
        w.blocks(&mut chapter.blocks, false);
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
pub fn shows_itself(url: &str, content: &[Inline]) -> bool {
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
pub fn printed(url: &str) -> &str {
    url.strip_prefix("mailto:").unwrap_or(url)
}

struct Walk<'a> {
    chapter: ChapterId,
    /// The id the first new note gets.
    first_new: usize,
    new: &'a mut Vec<Note>,
}

impl Walk<'_> {
    /// `inline_only`: in headings and captions a URL is never a note (notes are not
    /// walked: they do not nest).
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
                if inline_only {
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
                let id = NoteId((self.first_new + self.new.len()) as u32);
                self.new.push(Note {
                    label: format!("{NOTE_LABEL} {}", self.new.len() + 1),
                    number: 0,
                    chapter: self.chapter,
                    blocks: vec![Block {
                        kind: BlockKind::Paragraph(vec![address]),
                        span,
                    }],
                    span,
                });
                // The mark follows the punctuation that closes the link's phrase, as
                // note marks do: "see the site.¹", not "see the site¹.".
                let at = k + 1 + usize::from(split_punctuation(list, k + 1));
                list.insert(
                    at,
                    Inline {
                        kind: InlineKind::NoteRef(id),
                        span,
                    },
                );
                k = at + 1;
                continue;
            }
            if let Some(c) = list[k].kind.children_mut() {
                self.inlines(c, inline_only);
            }
            k += 1;
        }
    }
}

/// Splits the punctuation (`.,;:!?`, then closing quotes) that opens the text at
/// `list[k]` into an inline of its own; whether there was any.
fn split_punctuation(list: &mut Vec<Inline>, k: usize) -> bool {
    let Some(Inline {
        kind: InlineKind::Text(t),
        span,
    }) = list.get(k)
    else {
        return false;
    };
    let stops = t.chars().take_while(|c| PUNCTUATION.contains(*c)).count();
    if stops == 0 {
        return false;
    }
    let quotes = t[stops..]
        .chars()
        .take_while(|c| CLOSING.contains(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    let n = stops + quotes;
    let (head, tail) = (t[..n].to_string(), t[n..].to_string());
    let span = *span;
    // Stops are one byte in the source too; a curled quote may not be, so the split
    // span is only exact for the stops and stays within the text's span.
    let cut = if span.is_detached() {
        span
    } else {
        span.sub(0..stops.min(span.range().len()))
    };
    list[k] = Inline {
        kind: InlineKind::Text(head),
        span: cut,
    };
    if !tail.is_empty() {
        let rest = if span.is_detached() {
            span
        } else {
            span.sub(stops.min(span.range().len())..span.range().len())
        };
        list.insert(
            k + 1,
            Inline {
                kind: InlineKind::Text(tail),
                span: rest,
            },
        );
    }
    true
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
