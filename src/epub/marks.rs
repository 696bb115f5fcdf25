//! Page-break markers at the printed pages' first characters.
//!
//! A [`TextPos`](crate::typeset::TextPos) names a block of a chapter in pre-order (a
//! block quote, then the blocks inside it; a list, then each item's blocks; a definition
//! list, then each term as a block and its definitions' blocks; a div, then its blocks) and a
//! character offset inside it. The offset counts the Unicode scalar values of `Text`
//! and `Code` inlines (and of a code block's text), entering every inline with
//! children and skipping note marks, citations, breaks and image descriptions.
//! [`counted_text`] is that count written out, for tests and for the typesetter.

use crate::model::Block;
use crate::model::visit::text_blocks;

/// One marker to place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMarker {
    /// Block index in pre-order.
    pub block: u32,
    /// Character offset in the block.
    pub offset: u32,
    /// The marker's id (`page-7`).
    pub id: String,
    /// The printed page's label.
    pub label: String,
}

impl PageMarker {
    /// The marker's markup.
    pub fn markup(&self) -> String {
        format!(
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{}\" aria-label=\"{}\"></span>",
            self.id,
            super::xhtml::escape(&self.label)
        )
    }
}

/// The markers of one chapter, placed while its blocks are written.
pub struct Marks<'a> {
    marks: &'a [PageMarker],
    next: usize,
    counter: u32,
    block: Option<u32>,
    offset: u32,
    suspended: bool,
}

impl<'a> Marks<'a> {
    /// No markers (front and back matter).
    pub fn none() -> Marks<'static> {
        Marks::new(&[])
    }

    /// Markers sorted by block and offset.
    pub fn new(marks: &'a [PageMarker]) -> Marks<'a> {
        Marks {
            marks,
            next: 0,
            counter: 0,
            block: None,
            offset: 0,
            suspended: false,
        }
    }

    /// Whether text must be written character by character.
    pub fn active(&self) -> bool {
        !self.suspended && self.next < self.marks.len() && self.block.is_some()
    }

    /// Enters the next block in pre-order.
    pub fn start_block(&mut self) {
        if self.suspended {
            return;
        }
        self.block = Some(self.counter);
        self.counter += 1;
        self.offset = 0;
    }

    /// Places markers at or before the current character, then counts it.
    pub fn before_char(&mut self, out: &mut String) {
        if self.suspended {
            return;
        }
        if let Some(b) = self.block {
            let at = (b, self.offset);
            self.emit_while(out, |m| (m.block, m.offset) <= at);
            self.offset += 1;
        }
    }

    /// Places the current block's remaining markers (a page starting after its text).
    pub fn end_block(&mut self, out: &mut String) {
        if self.suspended {
            return;
        }
        if let Some(b) = self.block {
            self.emit_while(out, |m| m.block <= b);
        }
    }

    /// Places every marker left (positions past the chapter's last block).
    pub fn finish(&mut self, out: &mut String) {
        self.emit_while(out, |_| true);
    }

    /// Stops counting (note marks, citations, notes); returns the previous state.
    pub fn suspend(&mut self) -> bool {
        std::mem::replace(&mut self.suspended, true)
    }

    /// Restores the state [`Marks::suspend`] returned.
    pub fn resume(&mut self, was: bool) {
        self.suspended = was;
    }

    fn emit_while(&mut self, out: &mut String, pred: impl Fn(&PageMarker) -> bool) {
        while let Some(m) = self.marks.get(self.next) {
            if !pred(m) {
                break;
            }
            out.push_str(&m.markup());
            self.next += 1;
        }
    }
}

/// The counted text of each block of a chapter, in pre-order: character `offset` of
/// `counted_text(blocks)[block]` is where a `TextPos` points.
pub fn counted_text(blocks: &[Block]) -> Vec<String> {
    text_blocks(blocks).into_iter().map(|b| b.text).collect()
}

/// Number of counted characters of each block, in pre-order.
pub fn count_chars(blocks: &[Block]) -> Vec<u32> {
    text_blocks(blocks).iter().map(|b| b.chars).collect()
}
