//! From chosen breaks back to glyphs: each line's clusters become text runs, its glue
//! is set at the line's ratio, and links, anchors and note marks are collected.

use super::items::{Cluster, ClusterKind, Items, Meta, SUPERSCRIPT_RAISE, letter_gap_after};
use super::{Line, LineAnchor, LineLink, ParagraphSettings, Run, Typesetter};
use crate::layout::TextAlign;
use crate::typeset::frame::{Glyph, Rect, TextRun};
use crate::typeset::linebreak::{Break, BreakItem};

/// Sets every line.
pub fn lines(
    ts: &Typesetter,
    runs: &[Run],
    clusters: &[Cluster],
    para: &Items,
    breaks: &[Break],
    settings: &ParagraphSettings,
) -> Vec<Line> {
    // Anchors sit at the first cluster of their run (or of the next run with text).
    let mut anchor_at = vec![usize::MAX; runs.len()];
    for (k, c) in clusters.iter().enumerate().rev() {
        anchor_at[c.run] = k;
    }
    let mut next = clusters.len().saturating_sub(1);
    for r in (0..runs.len()).rev() {
        if anchor_at[r] == usize::MAX {
            anchor_at[r] = next;
        }
        next = anchor_at[r];
    }
    let mut cursor = CharCursor::default();
    let mut out: Vec<Line> = breaks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mut setter =
                LineSetter::new(ts, runs, clusters, &anchor_at, &mut cursor, settings.size);
            setter.set(para, b, i, settings);
            setter.line
        })
        .collect();
    // An anchor whose cluster vanished (a space at a break) goes to the last line's end.
    let placed: Vec<String> = out
        .iter()
        .flat_map(|l| &l.anchors)
        .map(|a| a.name.clone())
        .collect();
    if let Some(last) = out.last_mut() {
        let x = last.x + last.width;
        for name in runs.iter().flat_map(|r| &r.anchor) {
            if !placed.contains(name) {
                last.anchors.push(LineAnchor {
                    name: name.clone(),
                    x,
                });
            }
        }
    }
    out
}

/// Character counts of run prefixes, counted forward from the last line start asked
/// for: lines come in order, so a long run is counted once, not once per line.
#[derive(Default)]
struct CharCursor {
    /// (run, byte offset, characters before it in the run).
    at: (usize, usize, u32),
}

impl CharCursor {
    /// The running-text offset of a cluster in its block.
    fn text_pos(&mut self, runs: &[Run], c: &Cluster) -> u32 {
        let run = &runs[c.run];
        let (r, byte, chars) = self.at;
        let from = if r == c.run && byte <= c.text.start {
            (byte, chars)
        } else {
            (0, 0)
        };
        let chars = from.1 + run.text[from.0..c.text.start].chars().count() as u32;
        self.at = (c.run, c.text.start, chars);
        run.offset + chars
    }
}

struct LineSetter<'a> {
    ts: &'a Typesetter,
    cursor: &'a mut CharCursor,
    runs: &'a [Run],
    clusters: &'a [Cluster],
    anchor_at: &'a [usize],
    line: Line,
    pen: f64,
    /// Run of the last glyphs pushed (to know when a new TextRun starts).
    current: Option<(usize, crate::typeset::frame::FaceId)>,
    /// The run the last strikethrough rule belongs to, while its glyphs continue.
    struck: Option<usize>,
    first_x: Option<f64>,
    /// Letter spacing of this line, in ems.
    letter: f64,
    /// Font expansion of this line: the horizontal scale of its expandable glyphs.
    scale: f64,
    /// The paragraph's text size.
    size: f64,
}

impl<'a> LineSetter<'a> {
    fn new(
        ts: &'a Typesetter,
        runs: &'a [Run],
        clusters: &'a [Cluster],
        anchor_at: &'a [usize],
        cursor: &'a mut CharCursor,
        size: f64,
    ) -> Self {
        let start = runs[0].offset;
        LineSetter {
            ts,
            cursor,
            runs,
            clusters,
            anchor_at,
            line: Line {
                runs: Vec::new(),
                links: Vec::new(),
                anchors: Vec::new(),
                height: 0.0,
                ascent: 0.0,
                descent: 0.0,
                notes: Vec::new(),
                hyphenated: false,
                cut: false,
                start,
                x: 0.0,
                width: 0.0,
                ratio: 0.0,
                strikes: Vec::new(),
            },
            pen: 0.0,
            current: None,
            struck: None,
            first_x: None,
            letter: 0.0,
            scale: 1.0,
            size,
        }
    }

    /// Sets line `index`, which ends at break `b`.
    fn set(&mut self, para: &Items, b: &Break, index: usize, s: &ParagraphSettings) {
        let indent = s.indent_left + if index == 0 { s.first_line_indent } else { 0.0 };
        let natural = natural_width(para, b);
        let offset = match s.align {
            TextAlign::Center => ((b.width - b.protrude_left - natural) / 2.0).max(0.0),
            _ => 0.0,
        };
        self.pen = indent - b.protrude_left + offset;
        self.line.height = s.leading;
        self.line.ratio = b.ratio;
        let justify = s.align == TextAlign::Justify;
        let (glue_ratio, letter_ratio) = split_ratio(para, b);
        // Tracking and expansion take their share of the give first (split_ratio).
        (self.letter, self.scale) = if justify {
            let p = &self.ts.params;
            (
                letter_ratio * p.letter_space,
                1.0 + letter_ratio * p.expansion,
            )
        } else {
            (0.0, 1.0)
        };
        let mut first = true;
        for k in b.start..=b.item {
            let last = k == b.item;
            match (&para.items[k], &para.meta[k]) {
                (BreakItem::Box { .. }, Meta::Clusters(r)) => {
                    for c in r.clone() {
                        if first {
                            self.line.start = self.cursor.text_pos(self.runs, &self.clusters[c]);
                            first = false;
                        }
                        self.cluster(c, 0.0);
                    }
                }
                (
                    BreakItem::Glue {
                        width,
                        stretch,
                        shrink,
                    },
                    Meta::Clusters(r),
                ) if !last => {
                    let set = if !justify || glue_ratio == 0.0 {
                        *width
                    } else if glue_ratio > 0.0 {
                        width + glue_ratio * stretch
                    } else {
                        width + glue_ratio * shrink
                    };
                    for c in r.clone() {
                        let extra = if c == r.start { set - width } else { 0.0 };
                        self.cluster(c, extra);
                    }
                }
                (BreakItem::Penalty { .. }, Meta::Hyphen { after, glyph, cut }) if last => {
                    self.hyphen(*after, glyph);
                    self.line.cut = *cut;
                }
                _ => {}
            }
        }
        let x = self.first_x.unwrap_or(self.pen);
        self.line.x = x;
        self.line.width = self.pen - x;
    }

    /// Adds a cluster's glyphs at the pen; `extra` widens its first glyph (stretched glue).
    fn cluster(&mut self, k: usize, extra: f64) {
        let c = &self.clusters[k];
        let run = &self.runs[c.run];
        // `anchor_at` never decreases: the runs anchored here are one stretch of it.
        let first = self.anchor_at.partition_point(|&a| a < k);
        let here = self.anchor_at[first..]
            .iter()
            .take_while(|&&a| a == k)
            .count();
        for rr in &self.runs[first..first + here] {
            if let Some(name) = &rr.anchor {
                self.line.anchors.push(LineAnchor {
                    name: name.clone(),
                    x: self.pen,
                });
            }
        }
        if let Some(note) = run.note
            && !self.line.notes.contains(&note)
        {
            self.line.notes.push(note);
        }
        let text = &run.text[c.text.clone()];
        let start_x = self.pen;
        let gap = if self.letter != 0.0 && letter_gap_after(self.clusters, k) {
            self.letter * c.size
        } else {
            0.0
        };
        // Only a word's letters are expanded, as the breaker's boxes counted them.
        let expand = c.kind == ClusterKind::Text && c.spaceable;
        self.push(
            c.run,
            c.face,
            c.size,
            text,
            c.text.start,
            &c.glyphs,
            (extra, gap),
            expand,
        );
        if let Some(target) = &run.link {
            self.link(start_x, k, target);
        }
    }

    /// Appends glyphs for text that starts at byte `origin` of the run's text, the first
    /// widened by `widen.0` and the last by `widen.1`; `expand`: scaled by the line's
    /// font expansion (the glyphs of a run are drawn at its scale either way).
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        run: usize,
        face: crate::typeset::frame::FaceId,
        size: f64,
        text: &str,
        origin: usize,
        glyphs: &[Glyph],
        widen: (f64, f64),
        expand: bool,
    ) {
        let style = &self.runs[run].style;
        // Code and note marks keep their shapes (as `Cluster::spaceable` says).
        let h_scale = if style.monospace || style.superscript {
            1.0
        } else {
            self.scale
        };
        let raise = if style.superscript {
            self.size * SUPERSCRIPT_RAISE
        } else if style.subscript {
            -self.size * super::items::SUBSCRIPT_DROP
        } else {
            0.0
        };
        let info = self.ts.fonts.info(face);
        self.line.ascent = self.line.ascent.max(info.ascent * size + raise);
        self.line.descent = self.line.descent.max(info.descent * size - raise);
        if self.current != Some((run, face)) || self.line.runs.is_empty() {
            self.line.runs.push(TextRun {
                x: self.pen,
                y: -raise,
                face,
                size,
                text: String::new(),
                glyphs: Vec::new(),
                h_scale,
            });
            self.current = Some((run, face));
        }
        self.first_x.get_or_insert(self.pen);
        if style.strike {
            // Through the middle of the lower case, a rule as thick as an underline;
            // one rule for a run's words and the spaces between them.
            let (y, thickness) = (-raise - 0.27 * size, 0.05 * size);
            let k = if expand { h_scale } else { 1.0 };
            let advance: f64 =
                glyphs.iter().map(|g| g.x_advance * k).sum::<f64>() + widen.0 + widen.1;
            match self.line.strikes.last_mut() {
                Some(last)
                    if self.struck == Some(run) && last[1] <= self.pen + 1e-6 && last[2] == y =>
                {
                    last[1] = self.pen + advance;
                }
                _ => self
                    .line
                    .strikes
                    .push([self.pen, self.pen + advance, y, thickness]),
            }
            self.struck = Some(run);
        } else {
            self.struck = None;
        }
        let tr = self.line.runs.last_mut().expect("pushed above");
        let base = tr.text.len() as u32;
        tr.text.push_str(text);
        let last = glyphs.len().saturating_sub(1);
        for (i, g) in glyphs.iter().enumerate() {
            let mut g = g.clone();
            if expand {
                g.x_advance *= h_scale;
                g.x_offset *= h_scale;
            }
            if i == 0 {
                g.x_advance += widen.0;
            }
            if i == last {
                g.x_advance += widen.1;
            }
            g.text = (g.text.start - origin as u32 + base)..(g.text.end - origin as u32 + base);
            self.pen += g.x_advance;
            tr.glyphs.push(g);
        }
    }

    /// Appends an inserted hyphen after cluster `after`.
    fn hyphen(&mut self, after: usize, glyph: &Glyph) {
        let c = &self.clusters[after];
        let mut g = glyph.clone();
        g.text = 0..1;
        let x = self.pen;
        // Its advance as the breaker counted it (unexpanded); drawn at the run's scale.
        self.push(c.run, c.face, c.size, "-", 0, &[g], (0.0, 0.0), false);
        self.line.hyphenated = true;
        if let Some(target) = &self.runs[c.run].link {
            self.link(x, after, target);
        }
    }

    /// Extends the line's last link area to the pen, or starts one at `x`; the area
    /// spans the ascent and descent of cluster `k`'s face at its run's text size.
    fn link(&mut self, x: f64, k: usize, target: &crate::typeset::frame::LinkTarget) {
        let c = &self.clusters[k];
        let info = self.ts.fonts.info(c.face);
        let size = self.size;
        let (asc, desc) = (info.ascent * size, info.descent * size);
        match self.line.links.last_mut() {
            Some(l) if &l.target == target && (l.rect.x + l.rect.w - x).abs() < 1e-6 => {
                l.rect.w = self.pen - l.rect.x;
            }
            _ => self.line.links.push(LineLink {
                rect: Rect {
                    x,
                    y: -asc,
                    w: self.pen - x,
                    h: asc + desc,
                },
                target: target.clone(),
            }),
        }
    }
}

/// Splits a line's ratio between its glue and its letters (tracking and expansion), as
/// pdfTeX sets an expanded line (`hpack` with `cal_expand_ratio` in its `hz.ch`): the
/// letters take the line's excess or shortfall first, up to their limit, and the word
/// spaces only what is left. The breaker counted both as the line's give, so the line
/// is as wide either way, but its word spaces stay nearer their natural width, which
/// is what font expansion is for: a line set at ratio 0.96 had spaces 1.48 times their
/// width shared evenly, and 1.45 times this way; a line set tight keeps its spaces and
/// narrows its letters. A line ended by infinite glue (a paragraph's last) is set at
/// its natural width.
fn split_ratio(para: &Items, b: &Break) -> (f64, f64) {
    let r = b.ratio.clamp(-1.0, crate::typeset::linebreak::INFINITY);
    let (mut glue, mut letters) = (0.0, 0.0);
    for k in b.start..b.item {
        match para.items[k] {
            BreakItem::Glue {
                stretch, shrink, ..
            } => glue += if r >= 0.0 { stretch } else { shrink },
            BreakItem::Box { expand, .. } => letters += expand,
            _ => {}
        }
    }
    if glue >= crate::typeset::linebreak::FILL || letters <= 0.0 {
        return (r, r.min(1.0));
    }
    let excess = r * (glue + letters);
    let letter_ratio = (excess / letters).clamp(-1.0, 1.0);
    if glue <= 0.0 {
        return (r, letter_ratio);
    }
    ((excess - letter_ratio * letters) / glue, letter_ratio)
}

/// The natural width of a line (glue unstretched, the hyphen included).
fn natural_width(para: &Items, b: &Break) -> f64 {
    let mut w = 0.0;
    for k in b.start..=b.item {
        w += match para.items[k] {
            BreakItem::Box { width, .. } => width,
            BreakItem::Glue { width, .. } if k != b.item => width,
            BreakItem::Penalty { width, .. } if k == b.item => width,
            _ => 0.0,
        };
    }
    w
}
