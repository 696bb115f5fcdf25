//! The lines of a built PDF as a reader sees them, from `pdftotext -bbox-layout`, and
//! the evenness figures measured on them (shared by `evenness.rs` and `corpus.rs`).
//!
//! Which lines are measured for evenness: justified lines of body text. From the word
//! boxes alone, a line is body text when its height (the font's ascent to descent, so
//! proportional to the size) is within 4 % of the book's most common line height —
//! headings, notes, running heads and folios are other sizes; note marks (smaller words
//! on a body line) are glued to the word before them. A body line is justified when it
//! reaches the right edge of the text block (the rightmost body line on any page of the
//! same side, recto or verso, less half an em for margin protrusion) — paragraph-final
//! lines, centred and ragged lines stop short; it needs two words for a gap. (The edge
//! is not taken from the line's own page: a title page's one centred line would be the
//! rightmost there, and so "justified".) Runs of hyphenated lines are counted in reading
//! order over all body lines, so a paragraph's last line ends a run.

#![allow(dead_code)]

use crate::support::pdf_tools;
use std::path::Path;
use std::process::Command;

/// A word box from pdftotext, in pt from the page's top left (the MediaBox).
#[derive(Debug, Clone)]
pub struct Word {
    /// The word's text.
    pub text: String,
    /// Left edge.
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
    /// Top (the font's ascent).
    pub y0: f64,
    /// Bottom (the font's descent).
    pub y1: f64,
    /// `y1 - y0`: proportional to the font size.
    pub height: f64,
}

impl Word {
    /// A word at `x0..x1` on a line whose box is `y0..y1`.
    pub fn new(text: &str, x0: f64, x1: f64, y0: f64, y1: f64) -> Word {
        Word {
            text: text.to_string(),
            x0,
            x1,
            y0,
            y1,
            height: y1 - y0,
        }
    }
}

/// A line of words on a page (0-based).
#[derive(Debug, Clone)]
pub struct TextLine {
    /// The page, from 0.
    pub page: usize,
    /// The words, left to right.
    pub words: Vec<Word>,
}

impl TextLine {
    /// The tallest word's height.
    pub fn height(&self) -> f64 {
        self.words.iter().map(|w| w.height).fold(0.0, f64::max)
    }
    /// The first word's left edge.
    pub fn left(&self) -> f64 {
        self.words.first().map_or(0.0, |w| w.x0)
    }
    /// The last word's right edge.
    pub fn right(&self) -> f64 {
        self.words.last().map_or(0.0, |w| w.x1)
    }
    /// The top of the line's box.
    pub fn top(&self) -> f64 {
        self.words
            .iter()
            .map(|w| w.y0)
            .fold(f64::INFINITY, f64::min)
    }
    /// The bottom of the line's box.
    pub fn bottom(&self) -> f64 {
        self.words.iter().map(|w| w.y1).fold(0.0, f64::max)
    }
    /// The line's text, words joined by spaces.
    pub fn text(&self) -> String {
        let words: Vec<&str> = self.words.iter().map(|w| w.text.as_str()).collect();
        words.join(" ")
    }
    /// Whether the line ends with a hyphen.
    pub fn hyphenated(&self) -> bool {
        self.words
            .last()
            .is_some_and(|w| w.text.ends_with(['-', '\u{2010}', '\u{ad}']))
    }
    /// The gaps between words, note marks glued to the word before them.
    pub fn gaps(&self) -> Vec<f64> {
        let h = self.height();
        let mut words: Vec<Word> = vec![];
        for w in &self.words {
            match words.last_mut() {
                Some(prev) if w.height < 0.8 * h => prev.x1 = prev.x1.max(w.x1),
                _ => words.push(w.clone()),
            }
        }
        words.windows(2).map(|p| p[1].x0 - p[0].x1).collect()
    }
}

/// The figures the evenness bar is about.
#[derive(Debug)]
pub struct Evenness {
    /// Justified body lines measured.
    pub lines: usize,
    /// Of them, loose (mean gap over 1.5× the median gap).
    pub loose: usize,
    /// Of them, ending with a hyphen.
    pub hyphenated: usize,
    /// The longest run of consecutive hyphenated lines.
    pub longest_hyphen_run: usize,
    /// The median word gap, pt.
    pub median_gap: f64,
    /// Each loose line: (page from 0, its text).
    pub loose_lines: Vec<(usize, String)>,
    /// Each run of three or more hyphenated lines: (page from 0, length).
    pub ladders: Vec<(usize, usize)>,
}

impl Evenness {
    /// Loose lines as a share of measured lines.
    pub fn loose_share(&self) -> f64 {
        self.loose as f64 / self.lines.max(1) as f64
    }
    /// Hyphenated line ends as a share of measured lines.
    pub fn hyphen_share(&self) -> f64 {
        self.hyphenated as f64 / self.lines.max(1) as f64
    }
}

impl std::fmt::Display for Evenness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} justified body lines: {:.1} % loose ({}), {:.1} % hyphenated ({}), \
             at most {} hyphenated in a row; median word gap {:.2} pt",
            self.lines,
            100.0 * self.loose_share(),
            self.loose,
            100.0 * self.hyphen_share(),
            self.hyphenated,
            self.longest_hyphen_run,
            self.median_gap
        )
    }
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!(" {name}=\"");
    tag.split(&key)
        .nth(1)
        .and_then(|v| v.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A page's size (the MediaBox, pt).
#[derive(Debug, Clone, Copy)]
pub struct PageSize {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// Every page's size and every line of the PDF with its words, from
/// `pdftotext -bbox-layout`; `None` when pdftotext is missing outside CI.
pub fn read_pages(pdf: &Path) -> Option<(Vec<PageSize>, Vec<TextLine>)> {
    if !pdf_tools::available("pdftotext") {
        return None;
    }
    let out = Command::new("pdftotext")
        .args(["-bbox-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("running pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let xml = String::from_utf8_lossy(&out.stdout);
    let mut pages = vec![];
    let mut lines = vec![];
    for (page, page_xml) in xml.split("<page ").skip(1).enumerate() {
        let tag = format!(" {}", page_xml.split('>').next().unwrap_or(""));
        pages.push(PageSize {
            width: attr(&tag, "width"),
            height: attr(&tag, "height"),
        });
        for line_xml in page_xml.split("<line ").skip(1) {
            let words = line_xml
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let (tag, rest) = w.split_once('>').unwrap_or((w, ""));
                    let tag = format!(" {tag}");
                    Word::new(
                        &unescape(rest.split("</word>").next().unwrap_or("")),
                        attr(&tag, "xMin"),
                        attr(&tag, "xMax"),
                        attr(&tag, "yMin"),
                        attr(&tag, "yMax"),
                    )
                })
                .collect();
            lines.push(TextLine { page, words });
        }
    }
    Some((pages, lines))
}

/// Every line of the PDF with its words.
pub fn read_lines(pdf: &Path) -> Option<Vec<TextLine>> {
    read_pages(pdf).map(|(_, lines)| lines)
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The book's body line height: the most common line height (in tenths of a point).
pub fn body_height(lines: &[TextLine]) -> f64 {
    let mut counts = std::collections::HashMap::<i64, usize>::new();
    for l in lines {
        *counts
            .entry((l.height() * 10.0).round() as i64)
            .or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(h, n)| (n, h))
        .map_or(0.0, |(h, _)| h as f64 / 10.0)
}

/// Whether a line is set in the body size (within 4 % of `body`).
pub fn is_body(l: &TextLine, body: f64) -> bool {
    (l.height() - body).abs() <= 0.04 * body
}

/// Measures the justified body lines.
pub fn measure(lines: &[TextLine]) -> Evenness {
    let body = body_height(lines);
    let body_lines: Vec<&TextLine> = lines.iter().filter(|l| is_body(l, body)).collect();
    // The right edge of the text block on rectos and on versos; half an em of slack for
    // protrusion.
    let mut right = [f64::NEG_INFINITY; 2];
    for l in &body_lines {
        right[l.page % 2] = right[l.page % 2].max(l.right());
    }
    let slack = 0.5 * body / 1.3;
    let justified = |l: &TextLine| l.words.len() >= 2 && l.right() >= right[l.page % 2] - slack;
    let measured: Vec<&TextLine> = body_lines
        .iter()
        .copied()
        .filter(|l| justified(l))
        .collect();
    let gaps: Vec<Vec<f64>> = measured.iter().map(|l| l.gaps()).collect();
    let median_gap = median(gaps.iter().flatten().copied().collect());
    let loose_lines: Vec<(usize, String)> = measured
        .iter()
        .zip(&gaps)
        .filter(|(_, g)| !g.is_empty() && g.iter().sum::<f64>() / g.len() as f64 > 1.5 * median_gap)
        .map(|(l, _)| (l.page, l.text()))
        .collect();
    let hyphenated = measured.iter().filter(|l| l.hyphenated()).count();
    let (mut run, mut longest, mut ladders) = (0, 0, vec![]);
    for (i, l) in body_lines.iter().enumerate() {
        run = if justified(l) && l.hyphenated() {
            run + 1
        } else {
            0
        };
        longest = longest.max(run);
        let ends = body_lines
            .get(i + 1)
            .is_none_or(|n| !(justified(n) && n.hyphenated()));
        if run >= 3 && ends {
            ladders.push((l.page, run));
        }
    }
    Evenness {
        lines: measured.len(),
        loose: loose_lines.len(),
        hyphenated,
        longest_hyphen_run: longest,
        median_gap,
        loose_lines,
        ladders,
    }
}
