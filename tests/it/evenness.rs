//! The typesetter's bar for even colour, measured on the built PDF from
//! `pdftotext -bbox-layout`, the way a reader's eye (or a peer's PDF) would see it:
//!
//! - loose lines: a line whose mean word gap is over 1.5× the median word gap of all
//!   measured lines — at most 2 %;
//! - hyphenated line ends — at most 10 %;
//! - consecutive hyphenated lines — never more than 2.
//!
//! Which lines are measured: justified lines of body text. From the word boxes alone,
//! a line is body text when its height (the font's ascent to descent, so proportional
//! to the size) is within 4 % of the book's most common line height — headings, notes,
//! running heads and folios are other sizes; note marks (smaller words on a body
//! line) are glued to the word before them. A body line is justified when it reaches
//! its page's right edge of the text block (the rightmost body line, less half an em
//! for margin protrusion) — paragraph-final lines, centred and ragged lines stop
//! short; it needs two words for a gap. Runs of hyphenated lines are counted in
//! reading order over all body lines, so a paragraph's last line ends a run.
//!
//! `EVENNESS_PDF=peer.pdf cargo test --test it evenness:: -- --ignored --nocapture` measures
//! any PDF (benches/compare.sh does it for Typst's).

use crate::support::pdf_tools;

use pamphleteer::build::Format;
use pamphleteer::build::{self, BuildOptions};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A word box from pdftotext.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f64,
    x1: f64,
    height: f64,
}

/// A line of words on a page.
#[derive(Debug, Clone)]
struct TextLine {
    page: usize,
    words: Vec<Word>,
}

impl TextLine {
    fn height(&self) -> f64 {
        self.words.iter().map(|w| w.height).fold(0.0, f64::max)
    }
    fn right(&self) -> f64 {
        self.words.last().map_or(0.0, |w| w.x1)
    }
    fn hyphenated(&self) -> bool {
        self.words
            .last()
            .is_some_and(|w| w.text.ends_with(['-', '\u{2010}', '\u{ad}']))
    }
    /// The gaps between words, note marks glued to the word before them.
    fn gaps(&self) -> Vec<f64> {
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

/// The figures the bar is about.
#[derive(Debug)]
struct Evenness {
    lines: usize,
    loose: usize,
    hyphenated: usize,
    longest_hyphen_run: usize,
    median_gap: f64,
}

impl Evenness {
    fn loose_share(&self) -> f64 {
        self.loose as f64 / self.lines.max(1) as f64
    }
    fn hyphen_share(&self) -> f64 {
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

/// Every line of the PDF with its words, from `pdftotext -bbox-layout`.
fn read_lines(pdf: &Path) -> Option<Vec<TextLine>> {
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
    let mut lines = vec![];
    for (page, page_xml) in xml.split("<page ").skip(1).enumerate() {
        for line_xml in page_xml.split("<line ").skip(1) {
            let words = line_xml
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let (tag, rest) = w.split_once('>').unwrap_or((w, ""));
                    let tag = format!(" {tag}");
                    Word {
                        text: unescape(rest.split("</word>").next().unwrap_or("")),
                        x0: attr(&tag, "xMin"),
                        x1: attr(&tag, "xMax"),
                        height: attr(&tag, "yMax") - attr(&tag, "yMin"),
                    }
                })
                .collect();
            lines.push(TextLine { page, words });
        }
    }
    Some(lines)
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Measures the justified body lines.
fn measure(lines: &[TextLine]) -> Evenness {
    // Body text: the most common line height (in tenths of a point), ± 4 %.
    let mut counts = std::collections::HashMap::<i64, usize>::new();
    for l in lines {
        *counts
            .entry((l.height() * 10.0).round() as i64)
            .or_default() += 1;
    }
    let body = counts
        .into_iter()
        .max_by_key(|&(h, n)| (n, h))
        .map_or(0.0, |(h, _)| h as f64 / 10.0);
    let is_body = |l: &TextLine| (l.height() - body).abs() <= 0.04 * body;
    let body_lines: Vec<&TextLine> = lines.iter().filter(|l| is_body(l)).collect();
    // Each page's right edge of the text block; half an em of slack for protrusion.
    let pages = lines.iter().map(|l| l.page + 1).max().unwrap_or(0);
    let mut right = vec![f64::NEG_INFINITY; pages];
    for l in &body_lines {
        right[l.page] = right[l.page].max(l.right());
    }
    let slack = 0.5 * body / 1.3;
    let justified = |l: &TextLine| l.words.len() >= 2 && l.right() >= right[l.page] - slack;
    let measured: Vec<&TextLine> = body_lines
        .iter()
        .copied()
        .filter(|l| justified(l))
        .collect();
    let gaps: Vec<Vec<f64>> = measured.iter().map(|l| l.gaps()).collect();
    let median_gap = median(gaps.iter().flatten().copied().collect());
    let loose = gaps
        .iter()
        .filter(|g| !g.is_empty() && g.iter().sum::<f64>() / g.len() as f64 > 1.5 * median_gap)
        .count();
    let hyphenated = measured.iter().filter(|l| l.hyphenated()).count();
    let (mut run, mut longest) = (0, 0);
    for l in &body_lines {
        run = if justified(l) && l.hyphenated() {
            run + 1
        } else {
            0
        };
        longest = longest.max(run);
    }
    Evenness {
        lines: measured.len(),
        loose,
        hyphenated,
        longest_hyphen_run: longest,
        median_gap,
    }
}

/// Builds the bundled pamphlet's print PDF into a temporary folder.
fn build_pamphlet(out: &Path) -> PathBuf {
    let outcome = build::run(&BuildOptions {
        project: Some(PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
        out: Some(out.to_path_buf()),
        formats: vec![Format::Pdf],
        deny_warnings: false,
        write: true,
        marks: false,
        creep: false,
        ..BuildOptions::default()
    });
    assert!(!outcome.failed, "the build failed: {:?}", outcome.summary);
    std::fs::read_dir(out)
        .expect("output folder")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF was written")
}

#[test]
fn the_pamphlet_is_evenly_set() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let pdf = build_pamphlet(dir.path());
    let Some(lines) = read_lines(&pdf) else {
        return;
    };
    let e = measure(&lines);
    eprintln!("pamphleteer: {e}");
    assert!(e.lines >= 100, "too few lines measured to judge: {e}");
    assert!(e.loose_share() <= 0.02, "too many loose lines: {e}");
    assert!(e.hyphen_share() <= 0.10, "too many hyphens: {e}");
    assert!(e.longest_hyphen_run <= 2, "a ladder of hyphens: {e}");
}

#[test]
fn a_loose_line_and_a_hyphen_ladder_are_seen() {
    let word = |text: &str, x0: f64, x1: f64| Word {
        text: text.to_string(),
        x0,
        x1,
        height: 13.0,
    };
    let line = |page, words| TextLine { page, words };
    let tight = |end: &str| {
        line(
            0,
            vec![
                word("aaa", 0.0, 30.0),
                word("bbb", 33.0, 60.0),
                word(end, 63.0, 100.0),
            ],
        )
    };
    let mut lines: Vec<TextLine> = (0..20).map(|_| tight("ccc")).collect();
    // Three hyphenated lines in a row, then a loose line, then a short last line.
    lines.extend((0..3).map(|_| tight("cc-")));
    lines.push(line(
        0,
        vec![
            word("aaa", 0.0, 30.0),
            word("bbb", 40.0, 60.0),
            word("ccc", 70.0, 100.0),
        ],
    ));
    lines.push(line(
        0,
        vec![word("end", 0.0, 20.0), word("here", 40.0, 60.0)],
    ));
    // A note mark glued to its word: no gap of its own; a heading of another size.
    let mut marked = tight("ccc");
    marked.words.insert(
        1,
        Word {
            height: 8.0,
            ..word("1", 31.0, 33.0)
        },
    );
    lines.push(marked);
    lines.push(line(
        0,
        vec![
            Word {
                height: 20.0,
                ..word("Title", 0.0, 50.0)
            },
            Word {
                height: 20.0,
                ..word("Here", 70.0, 100.0)
            },
        ],
    ));
    let e = measure(&lines);
    assert_eq!(e.lines, 25, "{e}");
    assert_eq!(e.loose, 1, "{e}");
    assert_eq!(e.hyphenated, 3, "{e}");
    assert_eq!(e.longest_hyphen_run, 3, "{e}");
    assert!((e.median_gap - 3.0).abs() < 1e-9, "{e}");
}

/// Measures any PDF named by `EVENNESS_PDF` (a peer's, for the benchmark report).
#[test]
#[ignore = "measures the PDF named by EVENNESS_PDF"]
fn measure_a_given_pdf() {
    let pdf = PathBuf::from(std::env::var("EVENNESS_PDF").expect("EVENNESS_PDF=file.pdf"));
    if let Some(lines) = read_lines(&pdf) {
        println!("{}: {}", pdf.display(), measure(&lines));
    }
}
