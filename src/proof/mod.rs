//! `proof`: the whole print edition at a glance. Every page small, spread by spread, on
//! contact sheets, with what a proofreader would circle marked in colour: loose, tight
//! and overfull lines, holes (a page whose text stops short while the chapter goes
//! on), and ladders of three or more hyphenated lines. Each finding is also a line for
//! the terminal, with the page and the manuscript place.

use crate::build::PrintPages;
use crate::diag::Span;
use crate::paint;
use crate::typeset::LineSource;
use tiny_skia::{Color, Paint, Pixmap, PixmapPaint, Rect, Transform};

/// Spaces stretched beyond what they offer (TeX's badness over 100).
const LOOSE: f64 = 1.0;
/// Spaces shrunk by more than nine tenths of what they offer.
const TIGHT: f64 = -0.9;
/// Ink past the text block by more than this fraction of the leading is overfull:
/// less is punctuation hanging into the margin, as it is meant to.
const OVERFULL: f64 = 0.3;
/// A page whose text stops this many lines short while its chapter goes on has a hole.
const HOLE_LINES: f64 = 2.0;
/// This many hyphenated line ends in a row make a ladder.
const LADDER: usize = 3;

/// What a proofreader would circle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A line whose spaces stretched too far.
    Loose,
    /// A line whose spaces shrank nearly as far as they can.
    Tight,
    /// A line whose ink runs past the text block.
    Overfull,
    /// A page whose text stops short while its chapter goes on.
    Hole,
    /// Hyphenated line ends in a row.
    Ladder,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Loose => "loose line",
            Kind::Tight => "tight line",
            Kind::Overfull => "overfull line",
            Kind::Hole => "hole",
            Kind::Ladder => "hyphen ladder",
        }
    }

    /// The colour it is marked in on a sheet (RGBA).
    fn color(self) -> [u8; 4] {
        match self {
            Kind::Loose => [0, 120, 255, 90],
            Kind::Tight => [0, 170, 90, 90],
            Kind::Overfull => [230, 0, 0, 140],
            Kind::Hole => [255, 140, 0, 90],
            Kind::Ladder => [160, 0, 200, 90],
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// What it is.
    pub kind: Kind,
    /// Index of the page.
    pub page: usize,
    /// The page's label (folio).
    pub label: String,
    /// The area to mark, in pt on the page: top and bottom.
    pub band: (f64, f64),
    /// Where its text is in the manuscript.
    pub span: Option<Span>,
    /// A measure of it ("ratio 1.34", "4 lines short").
    pub detail: String,
}

impl Finding {
    /// One line for the terminal; `at` renders a span as `file:line:col`.
    pub fn line(&self, at: impl Fn(Span) -> Option<String>) -> String {
        let place = self.span.and_then(at).unwrap_or_default();
        format!(
            "p. {:<5} {:<14} {:<18} {place}",
            self.label,
            self.kind.name(),
            self.detail
        )
    }
}

/// Everything to circle in `print`, page by page.
pub fn findings(print: &PrintPages) -> Vec<Finding> {
    let geo = &print.geometry;
    let pages = &print.pages.pages;
    let mut out = Vec::new();
    let mut run: Vec<(usize, LineSource)> = Vec::new();
    let flush = |run: &mut Vec<(usize, LineSource)>, out: &mut Vec<Finding>| {
        if run.len() >= LADDER {
            for (page, line) in run.iter() {
                out.push(Finding {
                    kind: Kind::Ladder,
                    page: *page,
                    label: pages[*page].label.clone(),
                    band: (line.top, line.bottom),
                    span: print.place(line.pos),
                    detail: format!("{} in a row", run.len()),
                });
            }
        }
        run.clear();
    };
    for (i, page) in pages.iter().enumerate() {
        // Pages alternate recto, verso from the first, a recto.
        let left = if i % 2 == 0 {
            geo.margins.inner
        } else {
            geo.margins.outer
        };
        let right = left + geo.measure();
        for line in &page.lines {
            let finding = |kind, detail: String| Finding {
                kind,
                page: i,
                label: page.label.clone(),
                band: (line.top, line.bottom),
                span: print.place(line.pos),
                detail,
            };
            if line.x.1 > right + OVERFULL * print.leading {
                out.push(finding(
                    Kind::Overfull,
                    format!("{:.1} pt over", line.x.1 - right),
                ));
            } else if line.ratio > LOOSE {
                out.push(finding(Kind::Loose, format!("ratio {:.2}", line.ratio)));
            } else if line.ratio < TIGHT {
                out.push(finding(Kind::Tight, format!("ratio {:.2}", line.ratio)));
            }
            if line.hyphenated {
                run.push((i, *line));
            } else {
                flush(&mut run, &mut out);
            }
        }
        // A hole: the chapter goes on overleaf, but this page's text stops short.
        let (Some(last), Some(next)) = (
            page.lines.last(),
            pages.get(i + 1).and_then(|p| p.lines.first()),
        ) else {
            continue;
        };
        let foot = geo.trim.height - geo.margins.bottom;
        let short = (foot - last.bottom) / print.leading;
        let continues = next.pos.chapter == last.pos.chapter && !next.pos.before_title;
        let notes_below = page
            .items
            .iter()
            .any(|item| matches!(item, crate::typeset::Item::Rule { y, .. } if *y > last.bottom));
        if continues && !notes_below && short > HOLE_LINES {
            out.push(Finding {
                kind: Kind::Hole,
                page: i,
                label: page.label.clone(),
                band: (last.bottom, foot),
                span: print.place(last.pos),
                detail: format!("{short:.1} lines short"),
            });
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Page height on a sheet, in pixels.
const THUMB_HEIGHT: f64 = 300.0;
/// Spreads across a sheet, and rows of spreads down it.
const SPREADS_ACROSS: usize = 4;
const ROWS: usize = 5;
/// Space between spreads and around the sheet, px.
const GAP: f64 = 24.0;

/// The contact sheets: every page at [`THUMB_HEIGHT`] pixels, in spreads (the first
/// page alone on the right), the findings marked over their lines.
pub fn sheets(print: &PrintPages, findings: &[Finding]) -> Vec<Pixmap> {
    let (w, h) = (print.trim.width, print.trim.height);
    let scale = THUMB_HEIGHT / h;
    let (tw, th) = (w * scale, THUMB_HEIGHT);
    // Slot 0 is the empty left of the first spread.
    let slots = print.pages.pages.len() + 1;
    let per_sheet = SPREADS_ACROSS * 2 * ROWS;
    let sheet_w = GAP + SPREADS_ACROSS as f64 * (2.0 * tw + GAP);
    let mut sheets = Vec::new();
    for first in (0..slots).step_by(per_sheet) {
        let rows = (slots - first).min(per_sheet).div_ceil(SPREADS_ACROSS * 2);
        let sheet_h = GAP + rows as f64 * (th + GAP);
        let Some(mut sheet) = Pixmap::new(sheet_w.ceil() as u32, sheet_h.ceil() as u32) else {
            continue;
        };
        sheet.fill(Color::from_rgba8(120, 120, 120, 255));
        for slot in first..(first + per_sheet).min(slots) {
            let Some(index) = slot.checked_sub(1) else {
                continue;
            };
            let k = slot - first;
            let (row, col) = (k / (SPREADS_ACROSS * 2), k % (SPREADS_ACROSS * 2));
            let x = GAP + (col / 2) as f64 * (2.0 * tw + GAP) + (col % 2) as f64 * tw;
            let y = GAP + row as f64 * (th + GAP);
            let page = &print.pages.pages[index];
            if let Some(thumb) = paint::page(page, (w, h), &print.faces, scale) {
                sheet.draw_pixmap(
                    x.round() as i32,
                    y.round() as i32,
                    thumb.as_ref(),
                    &PixmapPaint::default(),
                    Transform::identity(),
                    None,
                );
            }
            for f in findings.iter().filter(|f| f.page == index) {
                let [r, g, b, a] = f.kind.color();
                let mut paint = Paint::default();
                paint.set_color_rgba8(r, g, b, a);
                let top = y + f.band.0 * scale;
                let height = ((f.band.1 - f.band.0) * scale).max(2.0);
                if let Some(rect) = Rect::from_xywh(x as f32, top as f32, tw as f32, height as f32)
                {
                    sheet.fill_rect(rect, &paint, Transform::identity(), None);
                }
            }
        }
        sheets.push(sheet);
    }
    sheets
}
