//! Bookmarks: the typesetter's flat list with levels, nested into a tree.

use super::PdfError;
use super::boxes::PageBoxes;
use crate::typeset::frame::OutlineEntry;
use krilla::destination::XyzDestination;
use krilla::outline::{Outline, OutlineNode};

/// Nests `entries` by level: an entry becomes a child of the nearest earlier entry of
/// a lower level (a level that skips, 1 → 3, simply nests one deeper).
pub(crate) fn build(
    entries: &[OutlineEntry],
    page_count: usize,
    boxes: &PageBoxes,
) -> Result<Outline, PdfError> {
    // A stack of open nodes with their levels; a node is attached to its parent when closed.
    let mut stack: Vec<(u8, OutlineNode)> = Vec::new();
    let mut outline = Outline::new();
    for entry in entries {
        if entry.page >= page_count {
            return Err(PdfError::OutlinePage(entry.page));
        }
        close_down_to(&mut stack, &mut outline, entry.level);
        let dest = XyzDestination::new(entry.page, boxes.point(0.0, entry.y));
        stack.push((entry.level, OutlineNode::new(entry.title.clone(), dest)));
    }
    close_down_to(&mut stack, &mut outline, 0);
    Ok(outline)
}

/// Closes every open node whose level is `level` or deeper.
fn close_down_to(stack: &mut Vec<(u8, OutlineNode)>, outline: &mut Outline, level: u8) {
    while stack.last().is_some_and(|(l, _)| *l >= level) {
        let (_, node) = stack.pop().expect("checked non-empty");
        match stack.last_mut() {
            Some((_, parent)) => parent.push_child(node),
            None => outline.push_child(node),
        }
    }
}
