//! Compose: a page plan → items at page coordinates.
//!
//! Replays the vertical model of [`super::breaks`] (grid snapping included) to place
//! the chosen body elements from the top of the text block, then the note area at its
//! foot. Also reports what the page holds for the outline and the EPUB page-list.

use super::breaks::snap;
use super::footnotes::{self, baseline_in};
use super::{ElemKind, Flow, Geometry, PagePlan, SetLine};
use crate::typeset::frame::{Item, LineSource, Rect, TextPos};

/// A composed page body.
#[derive(Debug, Clone, Default)]
pub struct Composed {
    /// The items, in page coordinates.
    pub items: Vec<Item>,
    /// Outline entries that start on the page.
    pub outline: Vec<OutlineMark>,
    /// The text position of the first body line, if it is chapter text.
    pub first_pos: Option<TextPos>,
    /// The body's lines of chapter text.
    pub lines: Vec<LineSource>,
}

/// An outline entry found on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineMark {
    /// The title.
    pub title: String,
    /// 1 for chapters and matter, 2 for sections, …
    pub level: u8,
    /// y on the page.
    pub y: f64,
    /// The anchor at its start, for links from the contents.
    pub anchor: Option<String>,
}

/// Places a plan's body and notes; `(ox, oy)` is the text block's top-left on the page.
pub fn compose(flow: &Flow, geo: &Geometry, plan: &PagePlan, ox: f64, oy: f64) -> Composed {
    // A page run a line long has its notes at its own foot.
    let geo = &Geometry {
        height: geo.height.max(plan.height),
        ..*geo
    };
    let mut out = Composed::default();
    let mut y = 0.0;
    // A table continued from the page before: its head again, as a copy (no anchors,
    // no outline entries, no text positions: the page's text starts below it).
    if let Some(head) = flow
        .elems
        .get(plan.body.start)
        .and_then(|e| e.head.as_ref())
        && !plan.body.is_empty()
    {
        for e in head.iter() {
            let top = y;
            y += e.height();
            match &e.kind {
                ElemKind::Line {
                    line,
                    x,
                    height,
                    size,
                } => {
                    let copy = SetLine {
                        anchors: Vec::new(),
                        pos: None,
                        ..line.clone()
                    };
                    let base = oy + top + baseline_in(*height, *size);
                    emit_line(&mut out.items, &copy, ox + x, base, oy + top);
                }
                ElemKind::Rule { x0, x1, height } => out.items.push(Item::Rule {
                    x0: ox + x0,
                    x1: ox + x1,
                    y: oy + top + height / 2.0,
                    thickness: 0.4,
                }),
                _ => {}
            }
        }
    }
    for e in &flow.elems[plan.body.clone()] {
        let top = if e.on_grid { snap(y, geo.grid) } else { y };
        y = top + e.height();
        if let Some((title, level)) = &e.outline {
            let anchor = match &e.kind {
                ElemKind::Line { line, .. } => line.anchors.first().cloned(),
                _ => None,
            };
            out.outline.push(OutlineMark {
                title: title.clone(),
                level: *level,
                y: oy + top,
                anchor,
            });
        }
        match &e.kind {
            ElemKind::Line {
                line,
                x,
                height,
                size,
            } => {
                if out.first_pos.is_none() {
                    out.first_pos = line.pos;
                }
                if let Some(pos) = line.pos {
                    out.lines.push(LineSource {
                        top: oy + top,
                        bottom: oy + top + height,
                        pos,
                        x: (ox + x, ox + x + line.width),
                        ratio: line.ratio,
                        hyphenated: line.hyphenated,
                    });
                }
                let base = oy + top + baseline_in(*height, *size);
                emit_line(&mut out.items, line, ox + x, base, oy + top);
            }
            ElemKind::Rule { x0, x1, height } => out.items.push(Item::Rule {
                x0: ox + x0,
                x1: ox + x1,
                y: oy + top + height / 2.0,
                thickness: 0.4,
            }),
            ElemKind::Image {
                picture,
                x,
                w,
                h,
                height,
            } => out.items.push(Item::Image {
                rect: Rect {
                    x: ox + x,
                    y: oy + top + (height - h) / 2.0,
                    w: *w,
                    h: *h,
                },
                picture: picture.clone(),
            }),
            ElemKind::Space(_) | ElemKind::Fixed(_) => {}
        }
    }
    let area = footnotes::place(flow, geo, &plan.notes);
    if let Some((x0, x1, ry)) = area.rule {
        out.items.push(Item::Rule {
            x0: ox + x0,
            x1: ox + x1,
            y: oy + ry,
            thickness: 0.4,
        });
    }
    for (line, x, base) in area.lines {
        emit_line(
            &mut out.items,
            line,
            ox + x,
            oy + base,
            oy + base - 0.8 * geo.grid,
        );
    }
    out
}

/// Emits a set line's anchors, runs and links with its origin at (`x`, `baseline`).
pub fn emit_line(items: &mut Vec<Item>, line: &SetLine, x: f64, baseline: f64, top: f64) {
    for a in &line.anchors {
        items.push(Item::Anchor {
            name: a.clone(),
            y: top,
        });
    }
    for r in &line.runs {
        let mut r = r.clone();
        r.x += x;
        r.y += baseline;
        items.push(Item::Text(r));
    }
    for [x0, x1, y, thickness] in &line.strikes {
        items.push(Item::Rule {
            x0: x + x0,
            x1: x + x1,
            y: baseline + y,
            thickness: *thickness,
        });
    }
    for (rect, target) in &line.links {
        items.push(Item::Link {
            rect: Rect {
                x: rect.x + x,
                y: rect.y + baseline,
                ..*rect
            },
            target: target.clone(),
        });
    }
}
