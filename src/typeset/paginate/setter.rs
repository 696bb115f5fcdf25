//! The paragraph API behind the page builder's [`LineSetter`]: a collected paragraph's
//! runs are set as they are, its lines become [`SetLine`]s.

use super::SetLine;
use super::flow::{LineSetter, Second};
use crate::layout::{Layout, TextAlign};
use crate::typeset::collect::Para;
use crate::typeset::frame::TextPos;
use crate::typeset::paragraph::{MissingGlyph, ParagraphSettings, Typesetter};

/// Sets paragraphs with the book's [`Typesetter`] (fonts, hyphenation, Knuth–Plass).
pub struct BookSetter<'a> {
    /// The typesetter.
    pub ts: &'a Typesetter,
    /// Body size in pt.
    pub font_size: f64,
    /// Whether words may be hyphenated.
    pub hyphenate: bool,
    /// Characters no face could set, with the text they were in, for a warning.
    pub missing: Vec<(char, String)>,
    /// The typesetter's fork that sets half of a long chapter on a second thread, kept
    /// from chapter to chapter so its caches stay warm.
    twin: Option<Typesetter>,
}

impl<'a> BookSetter<'a> {
    /// A setter for `layout` with `ts`.
    pub fn new(ts: &'a Typesetter, layout: &Layout) -> BookSetter<'a> {
        BookSetter {
            ts,
            font_size: layout.font_size,
            hyphenate: layout.hyphenate,
            missing: Vec::new(),
            twin: None,
        }
    }
}

impl LineSetter for BookSetter<'_> {
    fn set(&mut self, para: &Para, width: f64, looseness: i32) -> Vec<SetLine> {
        let Some(settings) = self.paragraph_settings(para, width, looseness) else {
            return Vec::new();
        };
        let set = self.ts.paragraph(&para.runs, &settings);
        for MissingGlyph { run, ch, .. } in set.missing {
            self.missing.push((ch, para.runs[run].text.clone()));
        }
        set.lines
            .into_iter()
            .map(|l| SetLine {
                runs: l.runs,
                links: l.links.into_iter().map(|k| (k.rect, k.target)).collect(),
                anchors: l.anchors.into_iter().map(|a| a.name).collect(),
                notes: l.notes,
                width: l.x + l.width,
                pos: para.pos.map(|pos| TextPos {
                    offset: l.start,
                    ..pos
                }),
                hyphenated: l.hyphenated,
                cut: l.cut,
                ratio: l.ratio,
                strikes: l.strikes,
            })
            .collect()
    }

    fn split(&mut self, first: &mut dyn FnMut(&mut dyn LineSetter), second: &mut Second<'_>) {
        let twin = self.twin.take().unwrap_or_else(|| self.ts.fork());
        let mut fork = BookSetter {
            ts: &twin,
            font_size: self.font_size,
            hyphenate: self.hyphenate,
            missing: Vec::new(),
            twin: None,
        };
        std::thread::scope(|s| {
            let other = s.spawn(|| second(&mut fork));
            first(self);
            other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        });
        // In the order a single thread would have met them.
        self.missing.append(&mut fork.missing);
        self.twin = Some(twin);
    }
}

impl BookSetter<'_> {
    /// How [`LineSetter::set`] has the paragraph API set `para` at `width` (its runs go
    /// as they are), or `None` when it has no text. Public for the benchmarks.
    pub fn paragraph_settings(
        &self,
        para: &Para,
        width: f64,
        looseness: i32,
    ) -> Option<ParagraphSettings> {
        if para.runs.is_empty() {
            return None;
        }
        Some(ParagraphSettings {
            measure: width,
            size: self.font_size * para.style.size,
            indent_left: 0.0,
            indent_right: 0.0,
            first_line_indent: para.style.first_line_indent * self.font_size,
            align: para.style.align,
            leading: para.style.leading * self.font_size,
            // Justified text only: no hyphens in headings, contents or code; a table
            // cell narrower than its longest word hyphenates although ragged.
            hyphenate: self.hyphenate
                && (para.style.align == TextAlign::Justify || para.hyphenate_ragged)
                && !para.code
                && !para.runs.iter().all(|r| r.style.monospace),
            old_style_figures: para.pos.is_some(),
            looseness,
        })
    }
}
