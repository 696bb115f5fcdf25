//! Flow: collected pieces → set lines → a vertical list of elements with keep flags.
//!
//! The keep rules live here, as flags on elements: a paragraph of two or more lines
//! keeps its first line with the next (no orphan) and its last with the previous (no
//! widow); a heading keeps with what follows, and since that paragraph's first line
//! keeps with its second, a heading always has two lines under it on its page.

use super::table::TableFit;
use super::{Elem, ElemKind, Flow, NoteLine, NoteLines, SetLine};
use crate::layout::{Layout, TextAlign};
use crate::model::Align;
use crate::typeset::collect::{self, Figure, Para, Piece, Table};
use crate::typeset::frame::{Picture, Pictures};
use crate::typeset::run::{Run, RunStyle};

/// Sets paragraphs into lines: the paragraph API the page builder codes against.
pub trait LineSetter {
    /// Sets `para` into lines of `width` pt (indents of the block already taken
    /// off; the first-line indent and alignment are the setter's). `looseness` asks for
    /// that many lines more (or fewer) than the optimum, when the paragraph allows.
    fn set(&mut self, para: &Para, width: f64, looseness: i32) -> Vec<SetLine>;

    /// Runs `first` with this setter and `second` with one that sets exactly as this one
    /// does, perhaps on another thread at the same time (a setter that cannot fork runs
    /// both itself, one after the other).
    fn split(&mut self, first: &mut dyn FnMut(&mut dyn LineSetter), second: &mut Second<'_>);
}

/// The second half of [`LineSetter::split`]'s work, which may run on another thread.
pub type Second<'a> = dyn FnMut(&mut dyn LineSetter) + Send + 'a;

/// Builds flows with one setter and layout.
pub struct FlowBuilder<'a> {
    /// The layout in force.
    pub layout: &'a Layout,
    /// The line breaker.
    pub setter: &'a mut dyn LineSetter,
    /// The images figures may show; a figure whose image is missing is set as text.
    pub pictures: &'a Pictures,
}

/// The EPUB shows an image at its size in CSS pixels (1/96 in, 0.75 pt), no wider than
/// the text; print shows it at that size too, so the two editions agree.
const PT_PER_CSS_PX: f64 = 0.75;

/// A figure may take at most this share of the text block's height, so a page with a
/// figure still carries text (and the figure always fits on an empty page).
const MAX_FIGURE_SHARE: f64 = 2.0 / 3.0;

/// A figure's size on the page in pt: its size in CSS pixels, scaled down (aspect kept)
/// to fit the measure and two thirds of the text block — never enlarged.
pub fn figure_size(picture: &Picture, layout: &Layout) -> (f64, f64) {
    let w = f64::from(picture.width.max(1)) * PT_PER_CSS_PX;
    let h = f64::from(picture.height.max(1)) * PT_PER_CSS_PX;
    let max_h = layout.page.text_height() * MAX_FIGURE_SHARE;
    let scale = (layout.page.measure() / w).min(max_h / h).min(1.0);
    (w * scale, h * scale)
}

impl FlowBuilder<'_> {
    /// Font size of a block style in pt.
    fn size(&self, p: &Para) -> f64 {
        self.layout.font_size * p.style.size
    }

    /// Appends a paragraph's lines (and its spaces) to `flow`.
    pub fn push_para(&mut self, flow: &mut Flow, p: &Para, looseness: i32, para_id: usize) {
        let fs = self.layout.font_size;
        let left = (p.indent + p.style.indent_left) * fs;
        let width = self.layout.page.measure() - left - p.style.indent_right * fs;
        let wrapped;
        let p = if p.code {
            wrapped = super::code::wrap(self.setter, p, width);
            &wrapped
        } else {
            p
        };
        let mut lines = self.setter.set(p, width, looseness);
        if lines.is_empty() {
            lines.push(SetLine {
                pos: p.pos,
                ..SetLine::default()
            });
        }
        if let Some(marker) = &p.marker {
            self.hang_marker(&mut lines[0], marker, p);
        }
        if let Some(a) = &p.anchor {
            lines[0].anchors.insert(0, a.clone());
        }
        if p.style.space_before > 0.0 {
            let mut e = Elem::new(ElemKind::Space(p.style.space_before * fs));
            e.keep_with_next = true;
            flow.elems.push(e);
        }
        let n = lines.len();
        let (size, height) = (self.size(p), p.style.leading * fs);
        for (k, line) in lines.into_iter().enumerate() {
            let mut e = Elem::new(ElemKind::Line {
                line,
                x: left,
                height,
                size,
            });
            e.keep_with_next = p.keep_with_next || (k == 0 && n >= 2);
            e.heading = p.keep_with_next;
            e.keep_with_prev = k + 1 == n && n >= 2;
            e.on_grid = p.grid;
            e.para = Some(para_id);
            if k == 0 {
                e.outline = p.outline.clone();
            }
            flow.elems.push(e);
        }
        if p.style.space_after > 0.0 {
            let mut e = Elem::new(ElemKind::Space(p.style.space_after * fs));
            e.keep_with_next = p.keep_with_next;
            e.heading = p.keep_with_next;
            flow.elems.push(e);
        }
    }

    /// Sets a list marker and hangs it left of the first line, flush right against a
    /// gap of half an em, so that numbers of any width end in one column.
    fn hang_marker(&mut self, line: &mut SetLine, marker: &str, p: &Para) {
        let fs = self.layout.font_size;
        let gap = 0.5 * fs * p.style.size;
        let mut mp = collect::plain_para(vec![Run::new(marker, RunStyle::default())], p.style);
        mp.style.first_line_indent = 0.0;
        mp.style.align = TextAlign::Left;
        let set = self.setter.set(&mp, 1e6, 0);
        if let Some(m) = set.into_iter().next() {
            let dx = gap + m.width;
            line.runs.extend(m.runs.into_iter().map(|mut r| {
                r.x -= dx;
                r
            }));
        }
    }

    /// Appends a piece; `para_id` numbers paragraphs for looseness retries.
    pub fn push_piece(&mut self, flow: &mut Flow, piece: &Piece, looseness: i32, para_id: usize) {
        match piece {
            Piece::Para(p) => self.push_para(flow, p, looseness, para_id),
            Piece::Figure(f) => self.push_figure(flow, f, para_id),
            Piece::Table(t) => self.push_table(flow, t),
            Piece::Break => {
                let mut p = collect::plain_para(
                    vec![Run::new("*\u{2003}*\u{2003}*", RunStyle::default())],
                    self.layout.styles.body,
                );
                p.style.align = TextAlign::Center;
                p.style.first_line_indent = 0.0;
                p.grid = true;
                self.push_para(flow, &p, 0, para_id);
            }
        }
    }

    /// A figure: one box of whole grid lines holding the image, centred on the measure.
    /// It never splits, so a figure that does not fit moves to the next page and the
    /// text before it ends the page (short, as for a widow, and evened the same way).
    fn push_figure(&mut self, flow: &mut Flow, f: &Figure, para_id: usize) {
        let Some(picture) = self.pictures.get(&f.url) else {
            self.push_para(flow, &f.fallback, 0, para_id);
            if let Some(c) = &f.caption {
                self.push_para(flow, c, 0, para_id);
            }
            return;
        };
        let (w, h) = figure_size(picture, self.layout);
        let grid = self.layout.leading;
        // Half a line above and below at least, rounded up to whole lines.
        let height = ((h + grid) / grid - 1e-6).ceil() * grid;
        let mut e = Elem::new(ElemKind::Image {
            picture: picture.clone(),
            x: (self.layout.page.measure() - w) / 2.0,
            w,
            h,
            height,
        });
        e.on_grid = f.fallback.grid;
        e.para = Some(para_id);
        e.keep_with_next = f.caption.is_some();
        flow.elems.push(e);
        if let Some(c) = &f.caption {
            self.push_para(flow, c, 0, para_id);
        }
    }

    /// Sets a note's collected pieces at the foot of the page.
    pub fn note_lines(&mut self, pieces: &[Piece]) -> NoteLines {
        let mut tmp = Flow::default();
        for piece in pieces {
            self.push_piece(&mut tmp, piece, 0, 0);
        }
        let lines = tmp
            .elems
            .into_iter()
            .filter_map(|e| match e.kind {
                ElemKind::Line {
                    line,
                    x,
                    height,
                    size,
                } => Some(NoteLine {
                    line,
                    x,
                    height,
                    size,
                }),
                _ => None,
            })
            .collect();
        NoteLines { lines }
    }

    /// A table: columns sized to their content (table.rs), booktabs rules, rows kept
    /// whole. The rules sit in zones that keep the table a whole number of lines tall
    /// (rows at the body's leading: a head, the half-line zone under it and the half
    /// line after the bottom rule make whole lines), with half a line between the text
    /// above and the top rule, which is on the grid. A table that runs on
    /// to another page repeats its head there (every body row carries it, for the page
    /// builder and the composer).
    fn push_table(&mut self, flow: &mut Flow, t: &Table) {
        let measure = self.layout.page.measure();
        let fs = self.layout.font_size;
        if super::table::columns(t) == 0 {
            return;
        }
        let fit = super::table::fit(self.setter, t, measure, fs);
        let scaled;
        let t = if fit.scale < 1.0 {
            scaled = super::table::scaled(t, fit.scale);
            &scaled
        } else {
            t
        };
        let grid = self.layout.leading;
        let gap = fit.gap;
        // The rules span the table, not the measure (booktabs).
        let span = fit.widths.iter().sum::<f64>() + gap * (fit.widths.len() - 1) as f64;
        let span = span.min(measure);
        let rule = |flow: &mut Flow, height: f64, keep: bool| {
            let mut e = Elem::new(ElemKind::Rule {
                x0: 0.0,
                x1: span,
                height,
            });
            e.keep_with_next = keep;
            flow.elems.push(e);
        };
        let head_from = flow.elems.len();
        rule(flow, grid, true);
        // The table starts on a grid line, half a line above its top rule; set at the
        // body's leading it is then a whole number of lines tall, so the text after
        // it is on the grid with no gap to make up.
        if let Some(top) = flow.elems.last_mut() {
            top.on_grid = self.layout.paragraph == crate::layout::ParagraphStyle::Indent;
        }
        if !t.header.is_empty() {
            self.push_row(flow, &t.header, &fit, &t.align);
            // The header keeps with the first row.
            if let Some(last) = flow.elems.last_mut() {
                last.keep_with_next = true;
            }
            rule(flow, grid / 2.0, true);
        }
        let head: Option<std::sync::Arc<[Elem]>> =
            (!t.header.is_empty()).then(|| flow.elems[head_from..].to_vec().into());
        for row in &t.rows {
            let from = flow.elems.len();
            self.push_row(flow, row, &fit, &t.align);
            for e in &mut flow.elems[from..] {
                e.head.clone_from(&head);
            }
        }
        if let Some(last) = flow.elems.last_mut() {
            last.keep_with_next = true;
        }
        rule(flow, grid, false);
        if !t.header.is_empty() {
            flow.elems.push(Elem::new(ElemKind::Space(grid / 2.0)));
        }
    }

    /// One table row: its cells' lines side by side, kept together. A cell in a column
    /// narrower than its longest word is hyphenated (see [`super::table::TableFit`]).
    fn push_row(&mut self, flow: &mut Flow, row: &[Para], fit: &TableFit, align: &[Align]) {
        let widths = &fit.widths;
        let mut cells = Vec::new();
        let mut x = 0.0;
        for (c, cell) in row.iter().enumerate() {
            let Some(&w) = widths.get(c) else { break };
            let hyphenated;
            let cell = if fit.hyphenate.get(c) == Some(&true) {
                hyphenated = Para {
                    hyphenate_ragged: true,
                    ..cell.clone()
                };
                &hyphenated
            } else {
                cell
            };
            let mut lines = self.setter.set(cell, w, 0);
            if align.get(c) == Some(&Align::Right) {
                for l in &mut lines {
                    let dx = w - l.width;
                    *l = shifted(l, dx);
                }
            }
            cells.push((x, lines));
            x += w + fit.gap;
        }
        let n = cells.iter().map(|c| c.1.len()).max().unwrap_or(0);
        let first = row.first();
        let size = self.layout.font_size * first.map_or(1.0, |p| p.style.size);
        let height = self.layout.font_size * first.map_or(1.0, |p| p.style.leading);
        for k in 0..n {
            let mut line = SetLine::default();
            for (x, lines) in &cells {
                if let Some(l) = lines.get(k) {
                    merge(&mut line, l, *x);
                }
            }
            let mut e = Elem::new(ElemKind::Line {
                line,
                x: 0.0,
                height,
                size,
            });
            e.keep_with_next = k + 1 < n;
            flow.elems.push(e);
        }
    }
}

/// A copy of `line` moved right by `dx`.
fn shifted(line: &SetLine, dx: f64) -> SetLine {
    let mut out = SetLine {
        pos: line.pos,
        hyphenated: line.hyphenated,
        cut: line.cut,
        ratio: line.ratio,
        ..SetLine::default()
    };
    merge(&mut out, line, dx);
    out
}

/// Adds `src`'s content to `dst`, shifted right by `dx`.
fn merge(dst: &mut SetLine, src: &SetLine, dx: f64) {
    dst.runs.extend(src.runs.iter().cloned().map(|mut r| {
        r.x += dx;
        r
    }));
    dst.links
        .extend(src.links.iter().cloned().map(|(mut r, t)| {
            r.x += dx;
            (r, t)
        }));
    dst.strikes.extend(
        src.strikes
            .iter()
            .map(|s| [s[0] + dx, s[1] + dx, s[2], s[3]]),
    );
    dst.anchors.extend(src.anchors.iter().cloned());
    dst.notes.extend(src.notes.iter().copied());
    dst.width = dst.width.max(dx + src.width);
    dst.pos = dst.pos.or(src.pos);
}
