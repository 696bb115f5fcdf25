//! Code blocks: each source line set as written, flush left, never hyphenated; a line
//! wider than the measure is wrapped, and each turn-over starts with a continuation
//! mark ([`MARK`], which the bundled Source Code Pro has) at the line's own
//! indentation, its text two columns in — the hanging turn-over of `listings`'
//! `breaklines`. A line breaks after a space if one falls in the second half of the
//! line, else after punctuation, else between any two characters: code has no
//! hyphens to add, and the mark says the line goes on. Nothing of the source is
//! dropped or added but the mark, so text copied from the PDF is the code.

use super::flow::LineSetter;
use crate::typeset::collect::Para;
use crate::typeset::run::Run;

/// The continuation mark at the start of a turned-over code line.
pub const MARK: char = '→';

/// Columns a turn-over gives the mark (the mark and a space).
const MARK_COLUMNS: usize = 2;

/// Below this many columns a measure is not worth wrapping for (a turn-over would hold
/// a character or two); the setter then cuts the line where it must.
const MIN_COLUMNS: usize = 8;

/// `p` (a code block) with its lines wrapped to `width` pt. The columns are counted
/// from the monospaced advance, then checked by setting the result: a character of
/// another width (a fallback face) narrows the count until every line fits.
pub fn wrap(setter: &mut dyn LineSetter, p: &Para, width: f64) -> Para {
    let Some(style) = p
        .runs
        .iter()
        .find(|r| r.text != "\n")
        .map(|r| r.style.clone())
    else {
        return p.clone();
    };
    let probe = Para {
        runs: vec![Run::new("0".repeat(10), style)],
        ..p.clone()
    };
    let advance = setter
        .set(&probe, 1e6, 0)
        .first()
        .map_or(0.0, |l| l.width / 10.0);
    if advance <= 0.0 {
        return p.clone();
    }
    let mut columns = ((width + 1e-6) / advance).floor() as usize;
    let mut out = p.clone();
    for _ in 0..8 {
        if columns < MIN_COLUMNS {
            break;
        }
        out = Para {
            runs: wrap_runs(&p.runs, columns),
            ..p.clone()
        };
        let set = setter.set(&out, width, 0);
        if set.iter().all(|l| l.width <= width + 1e-3) {
            return out;
        }
        columns = (columns * 9 / 10).min(columns - 1);
    }
    out
}

/// One character of a source line and the run it comes from.
#[derive(Clone, Copy)]
struct Ch {
    c: char,
    run: usize,
    /// Its index among its run's characters.
    at: u32,
}

/// The runs of a code block with every line longer than `columns` characters wrapped.
fn wrap_runs(runs: &[Run], columns: usize) -> Vec<Run> {
    let mut out = Vec::new();
    let mut line: Vec<Ch> = Vec::new();
    for (r, run) in runs.iter().enumerate() {
        if run.text == "\n" {
            wrap_line(runs, &line, columns, &mut out);
            line.clear();
            out.push(run.clone());
        } else {
            line.extend(run.text.chars().enumerate().map(|(k, c)| Ch {
                c,
                run: r,
                at: k as u32,
            }));
        }
    }
    wrap_line(runs, &line, columns, &mut out);
    out
}

/// Appends one source line's runs to `out`, wrapped to `columns`.
fn wrap_line(runs: &[Run], line: &[Ch], columns: usize, out: &mut Vec<Run>) {
    if line.len() <= columns {
        push_chars(runs, line, out);
        return;
    }
    let lead = line
        .iter()
        .take_while(|c| matches!(c.c, '\u{a0}' | ' ' | '\t'))
        .count();
    // Turn-overs hang at the line's indentation, unless that leaves too little room.
    let lead = if columns.saturating_sub(lead + MARK_COLUMNS) >= columns / 2 {
        lead
    } else {
        0
    };
    let mut start = 0;
    let mut room = columns;
    loop {
        let rest = line.len() - start;
        if rest <= room {
            push_chars(runs, &line[start..], out);
            return;
        }
        let end = start + break_at(&line[start..], room);
        push_chars(runs, &line[start..end], out);
        // The forced break, then the mark at the indentation.
        let next = line[end];
        let offset = runs[next.run].offset + if runs[next.run].counts { next.at } else { 0 };
        let base = Run {
            anchor: None,
            note: None,
            link: None,
            counts: false,
            offset,
            ..runs[next.run].clone()
        };
        out.push(Run {
            text: "\n".into(),
            ..base.clone()
        });
        let indent: String = "\u{a0}".repeat(lead);
        out.push(Run {
            text: format!("{indent}{MARK}\u{a0}"),
            ..base
        });
        start = end;
        room = columns - lead - MARK_COLUMNS;
    }
}

/// How many of `chars` go on a line of `room` columns (fewer than all): after the last
/// gap of two spaces or more in the line's second half, else after its last space,
/// else after punctuation there, else `room`.
fn break_at(chars: &[Ch], room: usize) -> usize {
    let half = (room / 2).max(1);
    let space = |k: usize| chars[k - 1].c == ' ' && chars[k].c != ' ';
    let punct = |k: usize| {
        matches!(
            chars[k - 1].c,
            ',' | ';' | ')' | ']' | '}' | '>' | '/' | '|' | '&' | '.' | ':' | '=' | '-'
        ) && !chars[k].c.is_whitespace()
    };
    // A run of spaces is a column gap (an aligned log, a table in a comment).
    let gap = |k: usize| space(k) && k >= 2 && chars[k - 2].c == ' ';
    (half..=room)
        .rev()
        .find(|&k| gap(k))
        .or_else(|| (half..=room).rev().find(|&k| space(k)))
        .or_else(|| (half..=room).rev().find(|&k| punct(k)))
        .unwrap_or(room)
}

/// Appends `chars` as runs: one per stretch of one source run, its offset kept.
fn push_chars(runs: &[Run], chars: &[Ch], out: &mut Vec<Run>) {
    let mut k = 0;
    while k < chars.len() {
        let r = chars[k].run;
        let mut j = k;
        while j < chars.len() && chars[j].run == r {
            j += 1;
        }
        let src = &runs[r];
        let first = chars[k].at;
        out.push(Run {
            text: chars[k..j].iter().map(|c| c.c).collect(),
            offset: src.offset + if src.counts { first } else { 0 },
            // Anchors and note marks belong to the run's start only.
            anchor: if first == 0 { src.anchor.clone() } else { None },
            note: if first == 0 { src.note } else { None },
            ..src.clone()
        });
        k = j;
    }
}
