//! The paragraph API: styled runs in, typeset lines out.
//!
//! ```text
//! runs ─ shape ─> clusters ─ items ─> boxes/glue/penalties ─ total_fit ─> breaks ─ lines ─> Vec<Line>
//! ```
//!
//! A [`Typesetter`] holds what a book sets every paragraph with: its fonts, its
//! hyphenation patterns and the breaker's parameters. [`Typesetter::paragraph`] sets one
//! paragraph at a measure; the pages engine stacks the [`Line`]s.

mod evenness;
mod items;
mod lines;

pub use evenness::{Evenness, evenness, mean_gap};

use super::fonts::{FaceStyle, FontBook};
use super::frame::{LinkTarget, Rect, TextRun};
use super::hyphenate::Hyphenators;
use super::linebreak::{Break, BreakParams, Shape, total_fit};
use super::run::{Run, RunStyle};
use crate::layout::TextAlign;
use crate::memo::{self, Memo};
use crate::model::NoteId;
use std::sync::Arc;

/// How a paragraph is set. Lengths in pt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParagraphSettings {
    /// Width of the text block.
    pub measure: f64,
    /// Font size of the text (a superscript is set smaller than this).
    pub size: f64,
    /// Indent of every line from the left edge.
    pub indent_left: f64,
    /// Indent of every line from the right edge.
    pub indent_right: f64,
    /// Extra indent of the first line; negative for a hanging indent.
    pub first_line_indent: f64,
    /// Justified, ragged right or centred.
    pub align: TextAlign,
    /// Baseline-to-baseline distance.
    pub leading: f64,
    /// Whether words may be hyphenated (explicit hyphens and URLs break regardless).
    pub hyphenate: bool,
    /// Old-style figures (`onum`) in running text; lining figures when false.
    pub old_style_figures: bool,
    /// Lines to add (+) or remove (−) from the best setting, if the text allows.
    pub looseness: i32,
}

/// A clickable area on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineLink {
    /// The area, relative to the line's start and baseline.
    pub rect: Rect,
    /// Where it goes.
    pub target: LinkTarget,
}

/// An anchor placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineAnchor {
    /// Its name.
    pub name: String,
    /// Its x, relative to the line's start.
    pub x: f64,
}

/// One typeset line. x is relative to the left edge of the measure, y to the baseline
/// (y grows down, so raised text has a negative y).
#[derive(Debug, Clone)]
pub struct Line {
    /// The glyphs, one run per face, size and baseline.
    pub runs: Vec<TextRun>,
    /// Link areas.
    pub links: Vec<LineLink>,
    /// Anchors.
    pub anchors: Vec<LineAnchor>,
    /// Baseline-to-baseline distance from the previous line.
    pub height: f64,
    /// Highest ink above the baseline (font ascent, raised marks included).
    pub ascent: f64,
    /// Lowest extent below the baseline (positive).
    pub descent: f64,
    /// Notes whose marks are on this line, in order.
    pub notes: Vec<NoteId>,
    /// Whether the line ends with an inserted hyphen.
    pub hyphenated: bool,
    /// Whether that hyphen is at no hyphenation point: a word too wide for the line
    /// broken as a last resort.
    pub cut: bool,
    /// Where the line's text starts: the [`TextPos`](super::TextPos) offset in its
    /// block, counted from the runs' offsets.
    pub start: u32,
    /// Left edge of the first glyph (negative when it hangs into the margin).
    pub x: f64,
    /// Width from the first glyph's left edge to the last glyph's advance end.
    pub width: f64,
    /// How much the glue stretched (> 0) or shrank (< 0), as a fraction of what it offers.
    pub ratio: f64,
    /// Strikethrough rules: from x, to x, y (from the baseline, down positive),
    /// thickness.
    pub strikes: Vec<[f64; 4]>,
}

/// A character no face of the book could set (it shows as a `.notdef` box).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MissingGlyph {
    /// Index of the input run.
    pub run: usize,
    /// Byte offset in the run's text.
    pub offset: usize,
    /// The character.
    pub ch: char,
}

/// A typeset paragraph.
#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    /// The lines, top to bottom.
    pub lines: Vec<Line>,
    /// Characters no face could set, for diagnostics.
    pub missing: Vec<MissingGlyph>,
}

/// A paragraph shaped and turned into boxes, glue and penalties, not yet broken.
pub struct Prepared {
    clusters: Vec<items::Cluster>,
    missing: Vec<MissingGlyph>,
    /// `None` when there is nothing to set.
    items: Option<items::Items>,
    widths: [f64; 2],
    background_stretch: f64,
    looseness: i32,
    centred: bool,
}

/// Everything a book sets paragraphs with: fonts, hyphenation patterns, parameters.
pub struct Typesetter {
    /// The faces (shared with forks).
    pub fonts: Arc<FontBook>,
    /// Line-breaking parameters.
    pub params: BreakParams,
    hyphenators: Hyphenators,
    language: String,
    words: super::shaping::WordCache,
    /// Set paragraphs by their runs and settings, shared with forks and kept by
    /// [`Typesetter::renew`]: a rebuild after a one-word edit sets one paragraph anew.
    /// `None` in a typesetter made for one build, which would only pay for the keys.
    paragraphs: Option<Arc<Memo<Arc<Paragraph>>>>,
}

impl Typesetter {
    /// A typesetter for a book in `language` (BCP 47), with default parameters.
    pub fn new(fonts: FontBook, language: &str) -> Typesetter {
        Typesetter {
            fonts: Arc::new(fonts),
            params: BreakParams::default(),
            hyphenators: Hyphenators::new(language),
            language: language.to_string(),
            words: Default::default(),
            paragraphs: None,
        }
    }

    /// This typesetter, keeping the paragraphs it sets for the typesetters renewed from
    /// it (the first build of a preview or `watch`).
    pub fn remembering(mut self) -> Typesetter {
        self.paragraphs.get_or_insert_with(Default::default);
        self
    }

    /// A typesetter for `fonts` and `language` that keeps what this one learnt where it
    /// still holds: the hyphenation patterns and hyphenated words for the same
    /// language, the shaped words for the same faces. It sets exactly as
    /// [`Typesetter::new`] would (the caches return what recomputing would); the live
    /// preview renews its typesetter for every rebuild.
    pub fn renew(self, fonts: FontBook, language: &str) -> Typesetter {
        let same_language = self.language == language;
        let same_faces = self.fonts.faces().len() == fonts.faces().len()
            && self
                .fonts
                .faces()
                .iter()
                .zip(fonts.faces())
                .all(|(a, b)| a.index == b.index && a.data == b.data);
        Typesetter {
            fonts: Arc::new(fonts),
            params: BreakParams::default(),
            hyphenators: if same_language {
                self.hyphenators
            } else {
                Hyphenators::new(language)
            },
            language: language.to_string(),
            words: if same_faces {
                self.words
            } else {
                Default::default()
            },
            paragraphs: Some(match self.paragraphs {
                Some(kept) if same_faces && same_language => {
                    kept.next_generation();
                    kept
                }
                _ => Default::default(),
            }),
        }
    }

    /// A typesetter that sets exactly as this one, sharing its fonts and patterns, with
    /// caches of its own: for another thread, which would otherwise take turns with
    /// this one at the caches' locks for every word.
    pub fn fork(&self) -> Typesetter {
        Typesetter {
            fonts: self.fonts.clone(),
            params: self.params.clone(),
            hyphenators: self.hyphenators.fork(),
            language: self.language.clone(),
            words: Default::default(),
            paragraphs: self.paragraphs.clone(),
        }
    }

    /// Sets justified lines with `j`'s microtypography (expansion, tracking, margin
    /// kerning) from now on.
    pub fn justify_with(&mut self, j: &crate::layout::Justification) {
        self.params = self.params.clone().justified(j);
    }

    /// The bundled fonts and English (US) hyphenation: a quick start for tests.
    pub fn bundled() -> Typesetter {
        Typesetter::new(FontBook::bundled(), "en-US")
    }

    /// Whether the book's language has hyphenation patterns; if not, warn the user.
    pub fn hyphenation_available(&self) -> bool {
        self.hyphenators.supports_language()
    }

    /// Sets a paragraph. A paragraph set before by this typesetter (or the one it was
    /// renewed from, with the same faces and language) with the same runs and settings
    /// is not set again.
    pub fn paragraph(&self, runs: &[Run], settings: &ParagraphSettings) -> Paragraph {
        let Some(kept) = &self.paragraphs else {
            return self.set_paragraph(runs, settings);
        };
        let key = memo::key(&(runs, settings, &self.params));
        let set = kept.get_or(key, || Arc::new(self.set_paragraph(runs, settings)));
        Paragraph::clone(&set)
    }

    /// [`Typesetter::paragraph`], without the memo.
    fn set_paragraph(&self, runs: &[Run], settings: &ParagraphSettings) -> Paragraph {
        let mut prepared = self.prepare(runs, settings);
        let mut breaks = self.break_lines(&prepared);
        // The same word broken twice in a paragraph reads as a stutter: forbid the
        // later break and set the paragraph again (a few rounds at most).
        for _ in 0..3 {
            let Some(para) = prepared.items.as_mut() else {
                break;
            };
            let again = items::repeated_hyphen(runs, &prepared.clusters, para, &breaks);
            let Some(item) = again else { break };
            items::forbid(para, item);
            breaks = self.break_lines(&prepared);
        }
        // Turn each line's items back into positioned glyphs.
        let lines = match &prepared.items {
            Some(para) => lines::lines(self, runs, &prepared.clusters, para, &breaks, settings),
            None => Vec::new(),
        };
        Paragraph {
            lines,
            missing: prepared.missing,
        }
    }

    /// The first steps of [`Typesetter::paragraph`]: shapes the runs and turns them into
    /// items, ready for [`Typesetter::break_lines`]. Public so benchmarks can time
    /// Knuth–Plass alone.
    pub fn prepare(&self, runs: &[Run], settings: &ParagraphSettings) -> Prepared {
        // Shape every run, cut the result into clusters, report what no face has.
        let (clusters, missing) = items::clusters(self, runs, settings);
        let widths = line_widths(settings);
        // Words, spaces and break points become boxes, glue and penalties.
        let items = (!clusters.is_empty())
            .then(|| items::items(self, runs, &clusters, settings, widths[0].min(widths[1])));
        Prepared {
            clusters,
            missing,
            items,
            widths,
            background_stretch: match settings.align {
                TextAlign::Justify => 0.0,
                _ => 3.0 * settings.size,
            },
            looseness: settings.looseness,
            centred: settings.align == TextAlign::Center,
        }
    }

    /// Chooses the breaks of a prepared paragraph by total fit (Knuth–Plass).
    pub fn break_lines(&self, prepared: &Prepared) -> Vec<Break> {
        let Some(para) = &prepared.items else {
            return Vec::new();
        };
        let shape = Shape {
            widths: &prepared.widths,
            background_stretch: prepared.background_stretch,
            looseness: prepared.looseness,
        };
        // Centred lines have no margin to hang into.
        let centred;
        let params = if prepared.centred {
            centred = BreakParams {
                protrusion: false,
                ..self.params.clone()
            };
            &centred
        } else {
            &self.params
        };
        total_fit(&para.items, shape, params)
    }

    /// The face that sets a style.
    fn face(&self, style: &RunStyle) -> super::frame::FaceId {
        if style.monospace {
            return self.fonts.monospace();
        }
        self.fonts.select(FaceStyle {
            italic: style.italic,
            bold: style.bold,
        })
    }
}

/// Width of the first line and of the others.
fn line_widths(s: &ParagraphSettings) -> [f64; 2] {
    let rest = (s.measure - s.indent_left - s.indent_right).max(1.0);
    [(rest - s.first_line_indent).max(1.0), rest]
}

/// A text dump of lines for golden tests, one line per typeset line: baseline y, x,
/// width, adjustment ratio and the text (an inserted hyphen shown as `-`).
pub fn dump(lines: &[Line]) -> String {
    let mut out = String::new();
    let mut y = 0.0;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            y += line.height;
        }
        let text: String = line.runs.iter().map(|r| r.text.as_str()).collect();
        let mark = if line.hyphenated { " [hyphen]" } else { "" };
        out.push_str(&format!(
            "{y:7.2} {:7.2} {:7.2} {:+7.3} |{text}|{mark}\n",
            line.x, line.width, line.ratio
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_typesetter_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<super::Typesetter>();
    }
}
