//! Page make-up with the real fonts (#12): code lines wrapped with a continuation
//! mark and never past the measure, table heads repeated on every page a table runs
//! onto, and table cells whose words never break without a hyphen.

use crate::support::pages::*;
use pamphleteer::diag::Diagnostics;
use pamphleteer::layout::{Binding, ChapterOpening, Layout};
use pamphleteer::model::{Align, BlockKind, Document, Inline};
use pamphleteer::typeset::collect::{Para, Table, plain_para};
use pamphleteer::typeset::paginate::code::MARK;
use pamphleteer::typeset::paginate::flow::LineSetter;
use pamphleteer::typeset::paginate::setter::BookSetter;
use pamphleteer::typeset::paginate::table;
use pamphleteer::typeset::run::{Run, RunStyle};
use pamphleteer::typeset::{Item, Pages, Typesetter, typeset};

fn set(d: &Document, l: &Layout) -> Pages {
    let ts = Typesetter::bundled();
    let mut diags = Diagnostics::default();
    typeset(d, l, &ts, &Default::default(), &mut diags)
}

/// Each page's lines of text, top to bottom: the runs sharing a baseline, joined.
fn page_lines(p: &Pages) -> Vec<Vec<(f64, String)>> {
    p.pages
        .iter()
        .map(|page| {
            let mut lines: Vec<(f64, String)> = Vec::new();
            for item in &page.items {
                if let Item::Text(r) = item {
                    match lines.iter_mut().find(|(y, _)| (y - r.y).abs() < 0.01) {
                        Some((_, t)) => t.push_str(&r.text),
                        None => lines.push((r.y, r.text.clone())),
                    }
                }
            }
            lines.sort_by(|a, b| a.0.total_cmp(&b.0));
            lines
        })
        .collect()
}

const CODE: &str = "\
fn main() {
    let total = measurements.iter().filter(|m| m.district == \"Northgate\").map(|m| m.flow).sum::<f64>();
    println!(\"{total}\");
    let path = \"/var/lib/survey/districts/northgate/meters/household/readings-2026-09.csv\";
}";

#[test]
fn long_code_lines_wrap_with_a_mark_and_lose_nothing() {
    let l = layout(30, ChapterOpening::Any, Binding::Perfect);
    let mut d = doc();
    let code = block(BlockKind::CodeBlock {
        language: Some("rust".into()),
        text: CODE.into(),
    });
    chapter(&mut d, "Code", vec![lines("aa", 2), code, lines("bb", 2)]);
    let p = set(&d, &l);
    // No glyph past the measure: code has no protrusion.
    assert_within_measure(&p, &l, 0.01);
    // Turn-overs start with the mark; without it, joined to the line before, every
    // source line is there as written.
    let mut text = String::new();
    let mut marks = 0;
    for (_, line) in page_lines(&p).into_iter().flatten() {
        let line = line.replace('\u{a0}', " ");
        match line.trim_start().strip_prefix(MARK) {
            Some(rest) => {
                marks += 1;
                text.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            }
            None => {
                text.push('\n');
                text.push_str(&line);
            }
        }
    }
    assert!(marks >= 3, "{marks} turn-overs:\n{text}");
    for source in CODE.lines() {
        assert!(text.contains(source), "`{source}` not in\n{text}");
    }
    // The turn-over of the indented line hangs at its indentation.
    assert!(text.contains("\n    let total"), "{text}");
}

/// A table of `rows` rows under a head of "Alpha | Beta".
fn long_table(rows: usize) -> pamphleteer::model::Block {
    let cell = |s: String| vec![Inline::text(s)];
    block(BlockKind::Table {
        align: vec![Align::Left, Align::Right],
        header: vec![cell("Alpha".into()), cell("Beta".into())],
        rows: (0..rows)
            .map(|i| vec![cell(format!("row{i:02}")), cell(format!("{}", i * 7))])
            .collect(),
        caption: vec![],
    })
}

#[test]
fn a_table_repeats_its_head_on_every_page_it_runs_onto() {
    let l = layout(12, ChapterOpening::Any, Binding::Perfect);
    let mut d = doc();
    chapter(
        &mut d,
        "Figures",
        vec![lines("aa", 3), long_table(40), lines("bb", 3)],
    );
    let p = set(&d, &l);
    let mut rows_seen = Vec::new();
    let mut continued = 0;
    for (k, page) in page_lines(&p).iter().enumerate() {
        let rows: Vec<usize> = page
            .iter()
            .filter(|(_, t)| t.starts_with("row"))
            .map(|(y, _)| *y)
            .map(|y| page.iter().position(|(yy, _)| *yy == y).unwrap())
            .collect();
        rows_seen.extend(
            page.iter()
                .filter(|(_, t)| t.starts_with("row"))
                .map(|(_, t)| t[3..5].to_string()),
        );
        if rows.is_empty() {
            continue;
        }
        // The head once, above the page's first row.
        let heads: Vec<usize> = (0..page.len())
            .filter(|&i| page[i].1.starts_with("Alpha"))
            .collect();
        assert_eq!(heads.len(), 1, "page {k}: {page:?}");
        assert_eq!(heads[0] + 1, rows[0], "page {k}: {page:?}");
        if page.iter().all(|(_, t)| !t.starts_with("aa")) {
            continued += 1;
        }
    }
    assert!(continued >= 2, "the table runs over {continued} more pages");
    // Every row once, in order: the head is repeated, the rows are not.
    let expected: Vec<String> = (0..40).map(|i| format!("{i:02}")).collect();
    assert_eq!(rows_seen, expected);
}

/// A table too wide for a 200 pt measure with long words in narrow columns.
fn wide_table(words: &[&str], rows: usize) -> Table {
    let cell = |s: &str| plain_para(vec![Run::new(s, RunStyle::default())], body_style());
    Table {
        align: vec![Align::Left; words.len()],
        header: words.iter().map(|w| cell(w)).collect(),
        rows: (0..rows)
            .map(|_| {
                words
                    .iter()
                    .map(|w| cell(&format!("{w} and more")))
                    .collect()
            })
            .collect(),
        span: pamphleteer::diag::Span::DETACHED,
    }
}

fn body_style() -> pamphleteer::layout::BlockStyle {
    let l = layout(12, ChapterOpening::Any, Binding::Perfect);
    pamphleteer::layout::BlockStyle {
        first_line_indent: 0.0,
        align: pamphleteer::layout::TextAlign::Left,
        ..l.styles.body
    }
}

/// Sets every cell of `t` as the page builder does and counts the line ends inside a
/// word, and those of them without a hyphen.
fn breaks_in_words(
    setter: &mut dyn LineSetter,
    t: &Table,
    fit: &table::TableFit,
) -> (usize, usize) {
    let t = table::scaled(t, fit.scale);
    let (mut inside, mut bare) = (0, 0);
    for row in std::iter::once(&t.header).chain(&t.rows) {
        for (c, cell) in row.iter().enumerate() {
            let cell = Para {
                hyphenate_ragged: fit.hyphenate[c],
                ..cell.clone()
            };
            let text: String = cell.runs.iter().map(|r| r.text.as_str()).collect();
            let lines = setter.set(&cell, fit.widths[c], 0);
            let all = table::cuts(&text, &lines, false);
            inside += all;
            let hyphened = lines[..lines.len().saturating_sub(1)]
                .iter()
                .filter(|l| l.hyphenated)
                .count();
            bare += all.saturating_sub(hyphened);
        }
    }
    (inside, bare)
}

#[test]
fn table_cells_never_break_a_word_without_a_hyphen() {
    let mut l = layout(12, ChapterOpening::Any, Binding::Perfect);
    l.hyphenate = true;
    let ts = Typesetter::bundled();
    let mut setter = BookSetter::new(&ts, &l);
    let size = l.font_size;
    // Fits without breaking a word: natural or words widths.
    let easy = wide_table(&["one", "two", "three"], 2);
    let fit = table::fit(&mut setter, &easy, 200.0, size);
    assert!(!fit.overflows && fit.hyphenate.iter().all(|h| !h));
    assert_eq!(breaks_in_words(&mut setter, &easy, &fit), (0, 0));
    // Long words in five columns: hyphenated with the patterns, type stepped down.
    let hard = wide_table(
        &[
            "telecommunications",
            "internationalisation",
            "responsibilities",
            "characteristically",
            "administration",
        ],
        2,
    );
    let fit = table::fit(&mut setter, &hard, 200.0, size);
    assert!(fit.hyphenate.iter().any(|h| *h), "{fit:?}");
    let (inside, bare) = breaks_in_words(&mut setter, &hard, &fit);
    assert!(inside > 0, "words were broken");
    assert_eq!(bare, 0, "every word broken carries a hyphen");
    // Far too wide: words broken where they have no hyphenation point, still with a
    // hyphen; never past the column.
    let worst = wide_table(
        &[
            "Northgate",
            "5,610",
            "5,580",
            "5,540",
            "5,500",
            "5,460",
            "5,470",
            "steady",
        ],
        1,
    );
    let fit = table::fit(&mut setter, &worst, 120.0, size);
    assert!(fit.overflows, "{fit:?}");
    let (_, bare) = breaks_in_words(&mut setter, &worst, &fit);
    assert_eq!(bare, 0);
}

#[test]
fn a_figure_that_does_not_fit_floats_to_the_next_page_and_text_fills_this_one() {
    use pamphleteer::typeset::{Picture, Pictures};
    use std::sync::Arc;
    let l = layout(16, ChapterOpening::Any, Binding::Perfect);
    let mut d = doc();
    let figure = block(BlockKind::Figure {
        url: "plate.png".into(),
        alt: "A plate".into(),
        caption: vec![],
    });
    chapter(
        &mut d,
        "Plates",
        vec![lines("aa", 3), figure, lines("bb", 30)],
    );
    // 200 × 120 px: 150 × 90 pt, a box of nine 12 pt lines; the chapter's first page
    // has eight lines under its title, three of them aa's.
    let picture = Picture {
        name: "plate.png".into(),
        bytes: Arc::new(Vec::new()),
        width: 200,
        height: 120,
    };
    let pictures: Pictures = [("plate.png".to_string(), Arc::new(picture))]
        .into_iter()
        .collect();
    let ts = Typesetter::bundled();
    let mut diags = Diagnostics::default();
    let p = typeset(&d, &l, &ts, &pictures, &mut diags);
    let on = |k: usize| {
        page_lines(&p)[k]
            .iter()
            .map(|(_, t)| t.clone())
            .collect::<Vec<_>>()
    };
    let at = p
        .pages
        .iter()
        .position(|page| page.items.iter().any(|i| matches!(i, Item::Image { .. })))
        .expect("the figure is set");
    // The page before the figure's goes on with bb's text to its foot …
    let before = on(at - 1);
    assert!(before.iter().any(|t| t.starts_with("bb000")), "{before:?}");
    let foot = l.page.margins.top + l.page.text_height();
    let last = page_lines(&p)[at - 1]
        .iter()
        .filter(|(_, t)| t.starts_with("bb"))
        .map(|(y, _)| *y)
        .fold(0.0, f64::max);
    assert!(
        foot - last < 2.0 * l.leading,
        "text stops at {last}, foot {foot}"
    );
    // … and the figure heads its page, the text going on below it.
    let Some(Item::Image { rect, .. }) = p.pages[at]
        .items
        .iter()
        .find(|i| matches!(i, Item::Image { .. }))
    else {
        unreachable!()
    };
    assert!(rect.y - l.page.margins.top < l.leading, "{rect:?}");
    assert!(on(at).iter().any(|t| t.starts_with("bb")));
}
