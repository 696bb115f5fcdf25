//! A draft line setter: fixed advances, greedy first-fit, ragged right.
//!
//! It stands in for the real paragraph API in tests of the page builder (results do
//! not depend on fonts, so golden dumps stay stable) and wherever no font book is at
//! hand. Every character advances half an em (0.6 em in code); `looseness` +1 narrows
//! the target width by 6%, −1 lets word spaces shrink to 60%, enough to gain or lose a
//! line in most paragraphs.

use super::SetLine;
use super::flow::{LineSetter, Second};
use crate::layout::TextAlign;
use crate::typeset::collect::Para;
use crate::typeset::frame::{FaceId, Glyph, Rect, TextPos, TextRun};
use crate::typeset::run::Run;

/// The draft setter; `size` of the body comes from the paragraph style times `font_size`.
#[derive(Debug, Clone, Copy)]
pub struct DraftSetter {
    /// Body font size in pt.
    pub font_size: f64,
}

/// A word or space of one run.
struct Piece<'a> {
    run: usize,
    text: &'a str,
    char_start: u32,
    space: bool,
    width: f64,
}

impl DraftSetter {
    fn advance(&self, run: &Run, size: f64) -> f64 {
        let size = if run.style.superscript || run.style.subscript {
            size * 0.6
        } else {
            size
        };
        if run.style.monospace {
            0.6 * size
        } else {
            0.5 * size
        }
    }

    fn pieces<'a>(&self, para: &'a Para, size: f64) -> Vec<Piece<'a>> {
        let mut out = Vec::new();
        for (i, run) in para.runs.iter().enumerate() {
            let adv = self.advance(run, size);
            let mut chars = 0u32;
            let mut rest = run.text.as_str();
            while !rest.is_empty() {
                let space = rest.starts_with(' ') || rest.starts_with('\n');
                let end = rest
                    .find(|c: char| (c == ' ' || c == '\n') != space)
                    .unwrap_or(rest.len());
                let end = if rest.starts_with('\n') { 1 } else { end };
                let text = &rest[..end];
                let n = text.chars().count() as u32;
                out.push(Piece {
                    run: i,
                    text,
                    char_start: chars,
                    space,
                    width: n as f64 * adv,
                });
                chars += n;
                rest = &rest[end..];
            }
        }
        out
    }
}

impl LineSetter for DraftSetter {
    fn set(&mut self, para: &Para, width: f64, looseness: i32) -> Vec<SetLine> {
        let size = self.font_size * para.style.size;
        let target = width * if looseness > 0 { 0.94 } else { 1.0 };
        let mut pieces = self.pieces(para, size);
        if looseness < 0 {
            for p in pieces.iter_mut().filter(|p| p.space) {
                p.width *= 0.6;
            }
        }
        let mut lines: Vec<Vec<&Piece>> = vec![Vec::new()];
        let mut used = para.style.first_line_indent * self.font_size;
        let mut first_indent = used;
        for p in &pieces {
            if p.text == "\n" {
                lines.push(Vec::new());
                used = 0.0;
                continue;
            }
            let line = lines.last_mut().unwrap();
            if p.space {
                if !line.is_empty() {
                    line.push(p);
                    used += p.width;
                }
                continue;
            }
            let glued = line.last().is_some_and(|q| !q.space);
            if !line.is_empty() && !glued && used + p.width > target + 1e-6 {
                while line.last().is_some_and(|q| q.space) {
                    line.pop();
                }
                lines.push(vec![p]);
                used = p.width;
            } else {
                line.push(p);
                used += p.width;
            }
        }
        let mut out = Vec::new();
        for (k, line) in lines.iter().enumerate() {
            let indent = if k == 0 { first_indent } else { 0.0 };
            first_indent = 0.0;
            out.push(self.line(para, line, indent, width, size));
        }
        out
    }

    fn split(&mut self, first: &mut dyn FnMut(&mut dyn LineSetter), second: &mut Second<'_>) {
        first(self);
        second(self);
    }
}

impl DraftSetter {
    /// Builds one line from its pieces: runs per source run, links, anchors, notes.
    fn line(&self, para: &Para, pieces: &[&Piece], indent: f64, width: f64, size: f64) -> SetLine {
        let content: f64 = pieces.iter().map(|p| p.width).sum();
        let mut x = match para.style.align {
            TextAlign::Center => indent + (width - content) / 2.0,
            _ => indent,
        };
        let mut out = SetLine {
            width: content,
            ..SetLine::default()
        };
        let mut k = 0;
        while k < pieces.len() {
            let run_idx = pieces[k].run;
            let run = &para.runs[run_idx];
            let start = x;
            let mut text = String::new();
            if out.pos.is_none() {
                out.pos = para.pos.map(|p| TextPos {
                    offset: run.offset + if run.counts { pieces[k].char_start } else { 0 },
                    ..p
                });
            }
            if pieces[k].char_start == 0 {
                out.anchors.extend(run.anchor.clone());
                out.notes.extend(run.note);
            }
            let mut glyphs = Vec::new();
            while k < pieces.len() && pieces[k].run == run_idx {
                let n = pieces[k].text.chars().count().max(1) as f64;
                for (i, c) in pieces[k].text.char_indices() {
                    let at = (text.len() + i) as u32;
                    glyphs.push(Glyph {
                        id: 0,
                        x_advance: pieces[k].width / n,
                        x_offset: 0.0,
                        y_offset: 0.0,
                        text: at..at + c.len_utf8() as u32,
                    });
                }
                text.push_str(pieces[k].text);
                x += pieces[k].width;
                k += 1;
            }
            let raise = if run.style.superscript {
                -0.35 * size
            } else {
                0.0
            };
            if let Some(t) = &run.link {
                let r = Rect {
                    x: start,
                    y: raise - 0.8 * size,
                    w: x - start,
                    h: size,
                };
                out.links.push((r, t.clone()));
            }
            out.runs.push(TextRun {
                x: start,
                y: raise,
                face: FaceId(0),
                size: if raise != 0.0 { size * 0.6 } else { size },
                text,
                glyphs,
                h_scale: 1.0,
            });
        }
        out
    }
}
