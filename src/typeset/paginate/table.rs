//! Table column widths from their content, as CSS's automatic table layout does.
//!
//! Each column has three widths, measured by setting its cells:
//! - `natural`: the widest cell set on one line (CSS's max-content);
//! - `words`: the narrowest width at which every cell sets without breaking a word at
//!   all (its longest word);
//! - `least`: the narrowest at which every cell sets with no break inside a word other
//!   than at a hyphen (inserted by the book's hyphenation, or written).
//!
//! If the natural widths fit the measure they are used. Otherwise each column gets its
//! `words` width plus a share of what is left in proportion to how much more it would
//! like (natural − words). Failing that, the type steps down by 5 % at a time to
//! [`FLOOR`], then the column gap narrows to [`TIGHT_GAP`]. Only a table that does not
//! fit even so has its narrow columns hyphenated with the book's patterns (`least` plus
//! a share towards `words`, at the largest step that fits). Then the type goes on down
//! to [`LAST_FLOOR`] (never under [`SMALLEST_PT`]), without and then with hyphenation;
//! a table that does not fit even there is set at `least` widths scaled to the
//! measure, its words broken with a hyphen added where they have no hyphenation point.
//! The book warns at the table's place in the manuscript when its type goes below the
//! floor. A word never breaks without a hyphen.

use super::SetLine;
use super::flow::LineSetter;
use crate::typeset::collect::{Para, Table};

/// The smallest type a wide table steps down to, relative to its normal size, before
/// the book warns about it.
pub const FLOOR: f64 = 0.8;

/// The smallest type a table too wide even at [`FLOOR`] is set in, relative to its
/// normal size (with a warning): a spreadsheet's rows of figures in 7 or 8 pt, as a
/// report prints them, rather than figures broken across lines.
const LAST_FLOOR: f64 = 0.65;

/// Nor is a table ever set smaller than this, in pt.
const SMALLEST_PT: f64 = 6.5;

/// How a table is to be set.
#[derive(Debug, Clone, PartialEq)]
pub struct TableFit {
    /// Width of each column in pt.
    pub widths: Vec<f64>,
    /// The type size relative to body text (1 unless stepped down).
    pub scale: f64,
    /// The space between columns in pt.
    pub gap: f64,
    /// For each column, whether it is narrower than its longest word: its cells are
    /// then hyphenated (ragged as they are) with the book's patterns.
    pub hyphenate: Vec<bool>,
    /// Whether the table is too wide even at [`FLOOR`] with hyphenation: words with no
    /// hyphenation point that fits are then broken with a hyphen added.
    pub overflows: bool,
}

/// The space between columns, in ems of the table's type.
const COLUMN_GAP: f64 = 1.0;

/// The space between columns of a table that does not fit otherwise, at the floor.
const TIGHT_GAP: f64 = 0.5;

/// A copy of `table` with every cell's type scaled by `s`.
pub fn scaled(table: &Table, s: f64) -> Table {
    let scale = |p: &Para| {
        let mut p = p.clone();
        p.style.size *= s;
        p.style.leading *= s;
        p
    };
    Table {
        align: table.align.clone(),
        header: table.header.iter().map(scale).collect(),
        rows: table
            .rows
            .iter()
            .map(|r| r.iter().map(scale).collect())
            .collect(),
        span: table.span,
    }
}

/// Number of columns.
pub fn columns(t: &Table) -> usize {
    t.rows
        .iter()
        .map(Vec::len)
        .chain([t.header.len()])
        .max()
        .unwrap_or(0)
}

/// A step down: the type's scale and the column gap in ems.
type Step = (f64, f64);

/// The steps a table too wide for the measure is tried at, in order, as (scale, gap in
/// ems): its type 5 % smaller at a time down to [`FLOOR`] with a gap of [`COLUMN_GAP`],
/// then [`TIGHT_GAP`] at the floor; and the steps below the floor, with the tight gap.
fn steps(font_size: f64) -> (Vec<Step>, Vec<Step>) {
    let mut out = vec![];
    let mut s = 1.0f64;
    loop {
        out.push((s, COLUMN_GAP));
        if s <= FLOOR + 1e-9 {
            break;
        }
        s = (s - 0.05).max(FLOOR);
    }
    out.push((FLOOR, TIGHT_GAP));
    let mut smaller = vec![];
    let last = LAST_FLOOR.max(SMALLEST_PT / font_size).min(FLOOR);
    while s > last + 1e-9 {
        s = (s - 0.05).max(last);
        smaller.push((s, TIGHT_GAP));
    }
    (out, smaller)
}

/// Chooses column widths and the type size for `table` on `measure` pt.
///
/// First without breaking a word, at every step down ([`steps`]); only a table that
/// cannot fit so at the floor has its narrow columns hyphenated, at the largest step
/// that then fits. A table that does not fit even so is set at the floor with its
/// `least` widths scaled to the measure, and words are broken with a hyphen added.
pub fn fit(setter: &mut dyn LineSetter, table: &Table, measure: f64, font_size: f64) -> TableFit {
    let cols = columns(table);
    // Glyph advances scale with the size, so the widths measured once at full size
    // serve every step down.
    let m = measure_columns(setter, table, cols, font_size);
    let sum = |v: &[f64], s: f64| v.iter().sum::<f64>() * s;
    let room =
        |s: f64, gap: f64| (measure - gap * s * font_size * cols.saturating_sub(1) as f64).max(1.0);
    let at = |v: &[f64], s: f64| v.iter().map(|w| w * s).collect::<Vec<f64>>();
    let done = |widths: Vec<f64>, (s, gap): (f64, f64), overflows: bool| {
        let hyphenate = widths
            .iter()
            .zip(&m.words)
            .map(|(w, words)| *w < words * s - 1e-6)
            .collect();
        TableFit {
            widths,
            scale: s,
            gap: gap * s * font_size,
            hyphenate,
            overflows,
        }
    };
    let (normal, smaller) = steps(font_size);
    for steps in [&normal, &smaller] {
        for &(s, gap) in steps {
            let room = room(s, gap);
            if sum(&m.natural, s) <= room {
                return done(at(&m.natural, s), (s, gap), false);
            }
            if sum(&m.words, s) <= room {
                return done(
                    share(&at(&m.words, s), &at(&m.natural, s), room),
                    (s, gap),
                    false,
                );
            }
        }
        for &(s, gap) in steps {
            let room = room(s, gap);
            if sum(&m.least, s) <= room {
                return done(
                    share(&at(&m.least, s), &at(&m.words, s), room),
                    (s, gap),
                    false,
                );
            }
        }
    }
    let (s, gap) = *smaller.last().or(normal.last()).expect("a step");
    let room = room(s, gap);
    let total = sum(&m.least, s).max(1e-6);
    let widths = at(&m.least, s).iter().map(|w| w / total * room).collect();
    done(widths, (s, gap), true)
}

/// `low` plus a share of `room − Σlow` in proportion to `high − low`.
fn share(low: &[f64], high: &[f64], room: f64) -> Vec<f64> {
    let extra = room - low.iter().sum::<f64>();
    let want: f64 = low.iter().zip(high).map(|(l, h)| (h - l).max(0.0)).sum();
    low.iter()
        .zip(high)
        .map(|(l, h)| {
            if want > 0.0 {
                l + extra * (h - l).max(0.0) / want
            } else {
                l + extra / low.len() as f64
            }
        })
        .collect()
}

struct ColumnWidths {
    natural: Vec<f64>,
    words: Vec<f64>,
    least: Vec<f64>,
}

fn measure_columns(setter: &mut dyn LineSetter, t: &Table, cols: usize, size: f64) -> ColumnWidths {
    let mut m = ColumnWidths {
        natural: vec![0.0; cols],
        words: vec![0.0; cols],
        least: vec![0.0; cols],
    };
    for row in std::iter::once(&t.header).chain(&t.rows) {
        for (c, cell) in row.iter().enumerate() {
            let mut flush = cell.clone();
            flush.style.align = crate::layout::TextAlign::Left;
            let natural = setter
                .set(&flush, 1e6, 0)
                .iter()
                .map(|l| l.width)
                .fold(0.0, f64::max);
            let words = narrowest(setter, &flush, natural, size, false);
            flush.hyphenate_ragged = true;
            let least = narrowest(setter, &flush, words, size, true);
            // A hair of slack: a line set at exactly its natural width may still turn.
            let slack = 0.02 * size;
            m.natural[c] = m.natural[c].max(natural + slack);
            m.words[c] = m.words[c].max(words + slack);
            m.least[c] = m.least[c].max(least + slack);
        }
    }
    m
}

/// The narrowest width (to a twentieth of an em) at most `upper` at which `cell` sets
/// without cutting a word (`hyphens`: except at hyphens).
fn narrowest(
    setter: &mut dyn LineSetter,
    cell: &Para,
    upper: f64,
    size: f64,
    hyphens: bool,
) -> f64 {
    let text: String = cell.runs.iter().map(|r| r.text.as_str()).collect();
    if text.trim().is_empty() || upper <= 0.0 {
        return upper.max(0.0);
    }
    let (mut lo, mut hi) = (0.0f64, upper);
    while hi - lo > 0.05 * size {
        let mid = (lo + hi) / 2.0;
        let lines = setter.set(cell, mid, 0);
        if clean(&text, &lines, mid, size, hyphens) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Whether `lines` set `text` within `width` with no word cut (and, unless `hyphens`,
/// no word broken at all).
pub fn clean(text: &str, lines: &[SetLine], width: f64, size: f64, hyphens: bool) -> bool {
    if lines.iter().any(|l| l.width > width + 0.3 * size + 1e-6) {
        return false;
    }
    cuts(text, lines, hyphens) == 0
}

/// How many line ends in `lines` fall inside a word of `text` without a hyphen (or,
/// unless `hyphens`, inside a word at all).
pub fn cuts(text: &str, lines: &[SetLine], hyphens: bool) -> usize {
    // The text's visible characters, each with whether a space follows it.
    // A tie (no-break space) is part of its word here: a line may not end at it.
    let space = |c: &char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}');
    let word = |c: char| c.is_alphanumeric() || matches!(c, '\u{a0}' | '\u{202f}');
    let chars: Vec<char> = text.chars().collect();
    let mut visible: Vec<(char, bool)> = Vec::new();
    for (k, c) in chars.iter().enumerate() {
        if !space(c) {
            let space = chars.get(k + 1).is_none_or(space);
            visible.push((*c, space));
        }
    }
    let mut at = 0usize;
    let mut count = 0;
    for (k, line) in lines.iter().enumerate() {
        let mut t: String = line.runs.iter().map(|r| r.text.as_str()).collect();
        if line.hyphenated && t.ends_with('-') {
            // The inserted hyphen is not in the text, unless it was written there.
            let written = visible
                .get((at + t.chars().filter(|c| !space(c)).count()).saturating_sub(1))
                .is_some_and(|v| v.0 == '-');
            if !written {
                t.pop();
            }
        }
        at += t.chars().filter(|c| !space(c)).count();
        if k + 1 == lines.len() || at == 0 || at >= visible.len() {
            continue;
        }
        let (last, space) = visible[at - 1];
        let next = visible[at].0;
        let inside = !space && word(last) && word(next);
        if inside && (!line.hyphenated || line.cut || !hyphens) {
            count += 1;
        }
    }
    count
}
