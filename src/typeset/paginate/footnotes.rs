//! Footnotes at the foot of the page: the separator rule and the note lines.
//!
//! The note area is bottom-aligned to the text block, so full pages end on the same
//! line whatever their notes. A page's own first note sits under a short rule (a third
//! of the measure, as in TeX's plain format); a continued note sits under a
//! full-width rule, which tells the reader the note above runs on.

use super::{Flow, Geometry, NotePart, SetLine};

/// A note line placed in the note area: line, x, baseline y (text block coordinates).
pub type PlacedNoteLine<'a> = (&'a SetLine, f64, f64);

/// The note area of one page, ready to compose.
pub struct NoteArea<'a> {
    /// The separator: (x0, x1, y) from the top-left of the text block.
    pub rule: Option<(f64, f64, f64)>,
    /// Note lines with their positions.
    pub lines: Vec<PlacedNoteLine<'a>>,
}

/// Height of the note parts on a page, separator gap included.
fn area_height(flow: &Flow, geo: &Geometry, parts: &[NotePart]) -> f64 {
    if parts.is_empty() {
        return 0.0;
    }
    geo.note_gap
        + parts
            .iter()
            .map(|p| flow.notes[&p.note].height(p.from..p.to))
            .sum::<f64>()
}

/// Places the note parts at the foot of the text block.
pub fn place<'a>(flow: &'a Flow, geo: &Geometry, parts: &[NotePart]) -> NoteArea<'a> {
    let h = area_height(flow, geo, parts);
    if parts.is_empty() {
        return NoteArea {
            rule: None,
            lines: Vec::new(),
        };
    }
    let top = geo.height - h;
    let rule_y = top + geo.note_gap / 2.0;
    let rule_end = if parts[0].continued {
        geo.measure
    } else {
        geo.measure / 3.0
    };
    let mut y = top + geo.note_gap;
    let mut lines = Vec::new();
    for p in parts {
        for l in &flow.notes[&p.note].lines[p.from..p.to] {
            lines.push((&l.line, l.x, y + baseline_in(l.height, l.size)));
            y += l.height;
        }
    }
    NoteArea {
        rule: Some((0.0, rule_end, rule_y)),
        lines,
    }
}

/// Distance from the top of a line box of `height` to the baseline of text of `size`:
/// half the leading above, then 0.8 em of ascent.
pub fn baseline_in(height: f64, size: f64) -> f64 {
    (height - size) / 2.0 + 0.8 * size
}
