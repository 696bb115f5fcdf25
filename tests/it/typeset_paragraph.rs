//! Paragraph setting: golden text dumps (SILE-style) and the evenness bar measured on
//! the seed essay. `UPDATE_SNAPSHOTS=1 cargo test --test it typeset_paragraph::` rewrites the dumps.

use pamphleteer::layout::TextAlign;
use pamphleteer::typeset::paragraph::dump;
use pamphleteer::typeset::{Line, ParagraphSettings, Run, RunStyle, Typesetter};

const SEED: &str = include_str!("../fixtures/seed/class-nature-of-the-soviet-state.txt");
/// A5 with margins inner 17 mm, outer 20 mm.
const A5_MEASURE: f64 = (148.0 - 37.0) * 72.0 / 25.4;

fn run(text: &str, style: RunStyle) -> Run {
    Run::new(text, style)
}

fn body(measure: f64) -> ParagraphSettings {
    ParagraphSettings {
        measure,
        size: 10.5,
        indent_left: 0.0,
        indent_right: 0.0,
        first_line_indent: 1.2 * 10.5,
        align: TextAlign::Justify,
        leading: 13.65,
        hyphenate: true,
        old_style_figures: true,
        looseness: 0,
    }
}

fn paragraphs() -> Vec<&'static str> {
    SEED.lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Compares with `tests/golden/NAME.txt`; `UPDATE_SNAPSHOTS=1` rewrites it.
fn golden(name: &str, actual: &str) {
    crate::support::snapshot::assert_snapshot(&format!("golden/{name}.txt"), actual);
}

/// No line's ink passes the measure by more than intended protrusion (a hyphen's or a stop's).
fn assert_within(lines: &[Line], measure: f64, size: f64) {
    for l in lines {
        assert!(l.x >= -0.5 * size, "hangs too far left: {l:?}");
        assert!(
            l.x + l.width <= measure + 0.3 * size + 1e-6,
            "overfull: {}",
            dump(std::slice::from_ref(l))
        );
    }
}

#[test]
fn justified_english_paragraph() {
    let ts = Typesetter::bundled();
    let text = paragraphs()[3];
    let lines = ts
        .paragraph(&[run(text, RunStyle::default())], &body(A5_MEASURE))
        .lines;
    assert_within(&lines, A5_MEASURE, 10.5);
    golden("justified-english", &dump(&lines));
}

/// The bar: ≤ 2 % loose lines, ≤ 10 % hyphenated line ends, never 3 hyphens in a row.
#[test]
fn seed_essay_meets_the_evenness_bar() {
    let ts = Typesetter::bundled();
    let set: Vec<Vec<Line>> = paragraphs()
        .iter()
        .map(|p| {
            ts.paragraph(&[run(p, RunStyle::default())], &body(A5_MEASURE))
                .lines
        })
        .collect();
    for lines in &set {
        assert_within(lines, A5_MEASURE, 10.5);
    }
    let e = pamphleteer::typeset::paragraph::evenness(&set);
    println!(
        "{} lines: {:.1}% loose, {:.1}% hyphenated, {} hyphens in a row, median gap {:.2}pt",
        e.lines,
        100.0 * e.loose,
        100.0 * e.hyphenated,
        e.hyphens_in_a_row,
        e.median_gap
    );
    assert!(
        e.loose <= 0.02 && e.hyphenated <= 0.10 && e.hyphens_in_a_row <= 2,
        "{e:?}"
    );
}

/// As pdfTeX sets an expanded line, a justified line's letters take its give first (up
/// to their limit) and its word spaces only the rest: a line a little loose or tight
/// widens or narrows its glyphs by more than its share of the ratio, and the word
/// spaces of every line stay closer to one width than the ratios would make them.
#[test]
fn letters_take_a_lines_give_before_its_word_spaces() {
    let ts = Typesetter::bundled();
    let expansion = ts.params.expansion;
    assert!(expansion > 0.0);
    let mut checked = 0;
    for p in paragraphs() {
        let lines = ts
            .paragraph(&[run(p, RunStyle::default())], &body(A5_MEASURE))
            .lines;
        for l in &lines[..lines.len() - 1] {
            let scale = l.runs[0].h_scale;
            assert!((scale - 1.0).abs() <= expansion + 1e-9, "{scale}");
            if l.ratio.abs() < 0.05 || l.ratio.abs() >= 1.0 {
                continue;
            }
            // Proportional sharing would scale by 1 + ratio × expansion.
            let shared = 1.0 + l.ratio * expansion;
            if l.ratio > 0.0 {
                assert!(scale > shared + 1e-6, "{} {scale}", l.ratio);
            } else {
                assert!(scale < shared - 1e-6, "{} {scale}", l.ratio);
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked}");
}

fn set(ts: &Typesetter, runs: &[Run], settings: &ParagraphSettings) -> Vec<Line> {
    let p = ts.paragraph(runs, settings);
    assert!(p.missing.is_empty(), "{:?}", p.missing);
    assert_within(&p.lines, settings.measure, settings.size);
    p.lines
}

#[test]
fn hyphenation_in_english_german_and_russian() {
    let narrow = ParagraphSettings {
        measure: 150.0,
        first_line_indent: 0.0,
        ..body(0.0)
    };
    let en = Typesetter::new(pamphleteer::typeset::fonts::FontBook::bundled(), "en-GB");
    let text = "Lev Davidovich Trotsky (Лев Давидович Троцкий) characterised the Soviet \
                bureaucracy as a parasitic excrescence upon the nationalised economy.";
    let mut out = dump(&set(&en, &[run(text, RunStyle::default())], &narrow));
    let de = Typesetter::new(pamphleteer::typeset::fonts::FontBook::bundled(), "de");
    let text = "Die Gewerkschaftsbewegung verteidigte die Errungenschaften der \
                Oktoberrevolution gegen die Bürokratie und ihre Unterdrückungsmaßnahmen.";
    out.push_str("--- de\n");
    out.push_str(&dump(&set(&de, &[run(text, RunStyle::default())], &narrow)));
    let ru = Typesetter::new(pamphleteer::typeset::fonts::FontBook::bundled(), "ru");
    let text = "Лев Троцкий считал, что бюрократия является паразитическим наростом \
                на теле рабочего государства.";
    out.push_str("--- ru\n");
    out.push_str(&dump(&set(&ru, &[run(text, RunStyle::default())], &narrow)));
    assert!(out.contains("-| [hyphen]"));
    golden("hyphenation-en-de-ru", &out);
}

#[test]
fn long_url_in_a_narrow_measure_breaks_without_hyphens() {
    let ts = Typesetter::bundled();
    let narrow = ParagraphSettings {
        measure: 110.0,
        first_line_indent: 0.0,
        ..body(0.0)
    };
    let text = "Read it at https://www.marxists.org/archive/trotsky/1933/10/sovstate.htm?lang=en&print=1 today.";
    let lines = set(&ts, &[run(text, RunStyle::default())], &narrow);
    assert!(lines.iter().all(|l| !l.hyphenated));
    let joined: String = lines
        .iter()
        .flat_map(|l| l.runs.iter().map(|r| r.text.as_str()))
        .collect();
    assert!(
        joined.contains(
            "https://www.marxists.org/archive/trotsky/1933/10/sovstate.htm?lang=en&print=1"
        )
    );
    golden("url-narrow", &dump(&lines));
}

#[test]
fn looseness_adds_and_removes_a_line() {
    let ts = Typesetter::bundled();
    let text = paragraphs()[39];
    let runs = [run(text, RunStyle::default())];
    let mut out = String::new();
    let mut counts = Vec::new();
    for looseness in [0, 1, -1] {
        let lines = set(
            &ts,
            &runs,
            &ParagraphSettings {
                looseness,
                ..body(A5_MEASURE)
            },
        );
        counts.push(lines.len() as i32);
        out.push_str(&format!("--- looseness {looseness:+}\n{}", dump(&lines)));
    }
    assert_eq!(counts[1], counts[0] + 1, "{out}");
    assert_eq!(counts[2], counts[0] - 1, "{out}");
    golden("looseness", &out);
    // A paragraph whose last line is a single word could only be made a line longer
    // with the emergency stretch, spreading that word over thirteen lines: the
    // looseness is not met, and no line goes looser than the tolerances allow.
    let runs = [run(paragraphs()[35], RunStyle::default())];
    let set_with = |looseness| {
        let settings = ParagraphSettings {
            looseness,
            ..body(A5_MEASURE)
        };
        set(&ts, &runs, &settings)
    };
    let (plain, loose) = (set_with(0), set_with(1));
    assert_eq!(plain.len(), loose.len());
    assert!(loose.iter().all(|l| l.ratio < 1.3), "{}", dump(&loose));
}

#[test]
fn a_word_wider_than_the_measure_never_overflows() {
    let ts = Typesetter::bundled();
    let word: String = "0123456789".repeat(20);
    let text = format!("Before {word} after.");
    let settings = ParagraphSettings {
        measure: 200.0,
        ..body(0.0)
    };
    let lines = set(&ts, &[run(&text, RunStyle::default())], &settings);
    assert!(lines.len() >= 5);
    // The word is broken on every line it spans, each time with a hyphen added.
    assert!(
        lines[..lines.len() - 1]
            .iter()
            .all(|l| l.hyphenated && l.cut)
    );
    assert_within(&lines, 200.0, 10.5);
    golden("overfull-proof", &dump(&lines));
}

#[test]
fn chinese_breaks_between_characters_without_a_hyphen() {
    // Ideographs break between any two characters, unmarked; the last-resort hyphen of
    // a word too wide for the line is for alphabetic scripts.
    let ts = Typesetter::bundled();
    let text = "中文排版".repeat(30);
    let settings = ParagraphSettings {
        measure: 100.0,
        ..body(0.0)
    };
    // The bundled faces have no ideographs: they are set as missing glyphs, which is
    // beside the point here.
    let lines = ts
        .paragraph(&[run(&text, RunStyle::default())], &settings)
        .lines;
    assert!(lines.len() >= 3, "{}", dump(&lines));
    assert!(lines.iter().all(|l| !l.hyphenated), "{}", dump(&lines));
}

#[test]
fn ragged_centred_and_hanging() {
    let ts = Typesetter::bundled();
    let text = paragraphs()[2];
    let runs = [run(text, RunStyle::default())];
    let mut out = String::new();
    for (name, align, left, first) in [
        ("ragged", TextAlign::Left, 0.0, 0.0),
        ("centred", TextAlign::Center, 0.0, 0.0),
        ("hanging", TextAlign::Left, 15.75, -15.75),
    ] {
        let s = ParagraphSettings {
            align,
            indent_left: left,
            first_line_indent: first,
            ..body(200.0)
        };
        let lines = set(&ts, &runs, &s);
        out.push_str(&format!("--- {name}\n{}", dump(&lines)));
        if name == "centred" {
            for l in &lines {
                let right = 200.0 - (l.x + l.width);
                assert!((l.x - right).abs() < 2.5, "not centred: {l:?}");
            }
        }
        if name == "hanging" {
            assert!(lines[0].x < 0.5 && lines[1].x > 15.0);
        }
    }
    golden("ragged-centred-hanging", &out);
}

#[test]
fn note_marks_links_and_anchors_stay_with_their_words() {
    let ts = Typesetter::bundled();
    let mut runs = vec![run(
        "The bureaucracy is a parasitic excrescence upon the workers’ state",
        RunStyle::default(),
    )];
    let mut mark = run(
        "12",
        RunStyle {
            superscript: true,
            ..RunStyle::default()
        },
    );
    mark.note = Some(pamphleteer::model::NoteId(11));
    mark.anchor = Some("ref-12".into());
    runs.push(mark);
    let mut link = run(
        ", as Trotsky wrote in 1933.",
        RunStyle {
            italic: true,
            ..RunStyle::default()
        },
    );
    link.link = Some(pamphleteer::typeset::LinkTarget::Url(
        "https://example.org".into(),
    ));
    runs.push(link);
    for measure in [120.0, 150.0, 180.0, 210.0] {
        let lines = set(
            &ts,
            &runs,
            &ParagraphSettings {
                measure,
                ..body(0.0)
            },
        );
        let with_mark = lines
            .iter()
            .position(|l| l.notes.contains(&pamphleteer::model::NoteId(11)))
            .unwrap();
        let text: String = lines[with_mark]
            .runs
            .iter()
            .map(|r| r.text.as_str())
            .collect();
        assert!(text.contains("state12"), "{text}");
        let mark_run = lines[with_mark]
            .runs
            .iter()
            .find(|r| r.text == "12")
            .unwrap();
        assert!(mark_run.y < -3.0 && mark_run.size < 7.0);
        assert_eq!(lines[with_mark].anchors[0].name, "ref-12");
        assert!(lines.iter().any(|l| !l.links.is_empty()));
        let link = &lines.last().unwrap().links[0];
        assert!(link.rect.y < 0.0 && link.rect.w > 0.0);
    }
}

#[test]
fn missing_glyphs_are_reported_with_their_run() {
    let ts = Typesetter::bundled();
    let runs = [
        run("Plain ", RunStyle::default()),
        run("sign 𓀀 here", RunStyle::default()),
    ];
    let p = ts.paragraph(&runs, &body(A5_MEASURE));
    assert_eq!(p.missing.len(), 1);
    assert_eq!(
        (p.missing[0].run, p.missing[0].offset, p.missing[0].ch),
        (1, 5, '𓀀')
    );
    assert_eq!(p.lines.len(), 1);
}

#[test]
fn code_is_set_in_the_monospace_face_and_never_hyphenated() {
    let ts = Typesetter::bundled();
    let code = RunStyle {
        monospace: true,
        ..RunStyle::default()
    };
    let runs = [
        run("Call ", RunStyle::default()),
        run("representation_of_revolutionary()", code),
        run(" now.", RunStyle::default()),
    ];
    let lines = set(
        &ts,
        &runs,
        &ParagraphSettings {
            measure: 120.0,
            first_line_indent: 0.0,
            ..body(0.0)
        },
    );
    let mono = ts.fonts.monospace();
    let code_runs: Vec<_> = lines
        .iter()
        .flat_map(|l| &l.runs)
        .filter(|r| r.face == mono)
        .collect();
    assert!(!code_runs.is_empty());
    assert!(lines.iter().all(|l| !l.hyphenated));
    let advances: Vec<f64> = code_runs[0].glyphs.iter().map(|g| g.x_advance).collect();
    assert!(
        advances.windows(2).all(|w| (w[0] - w[1]).abs() < 1e-6),
        "monospaced: {advances:?}"
    );
}

#[test]
fn a_newline_forces_a_break_and_is_not_a_missing_glyph() {
    let ts = Typesetter::bundled();
    let p = ts.paragraph(
        &[run("First line\nsecond line", RunStyle::default())],
        &body(A5_MEASURE),
    );
    assert!(p.missing.is_empty(), "{:?}", p.missing);
    assert_eq!(p.lines.len(), 2);
    let text: String = p.lines[1].runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(text, "second line");
}

/// Odd input never panics and never loses text: random runs of letters, spaces,
/// marks, controls, RTL and emoji, at measures from 1 pt up.
#[test]
fn odd_input_never_panics_or_loses_text() {
    let pool: Vec<char> = "aé fi ffl-—–/._?&=\u{301}\u{200d}\u{ad}\u{a0}\t\nЖλ👍שׁ1234“”’ "
        .chars()
        .collect();
    let ts = Typesetter::bundled();
    let mut seed = 1u64;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    for case in 0..300 {
        let runs: Vec<Run> = (0..1 + next(4))
            .map(|_| {
                let text: String = (0..next(40)).map(|_| pool[next(pool.len())]).collect();
                let style = RunStyle {
                    superscript: next(5) == 0,
                    italic: next(2) == 0,
                    monospace: next(6) == 0,
                    ..RunStyle::default()
                };
                run(&text, style)
            })
            .collect();
        let measure = [1.0, 12.0, 40.0, 150.0][case % 4];
        let align = [TextAlign::Justify, TextAlign::Left, TextAlign::Center][case % 3];
        let settings = ParagraphSettings {
            measure,
            align,
            looseness: [0, 1, -1][case % 3],
            first_line_indent: -5.0 + case as f64 % 20.0,
            ..body(measure)
        };
        let p = ts.paragraph(&runs, &settings);
        let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
        let given: usize = runs.iter().map(|r| visible(&r.text)).sum();
        let set: usize = p
            .lines
            .iter()
            .flat_map(|l| &l.runs)
            .map(|r| visible(&r.text))
            .sum();
        let hyphens = p.lines.iter().filter(|l| l.hyphenated).count();
        assert_eq!(
            set,
            given + hyphens,
            "case {case}: {runs:?}\n{}",
            dump(&p.lines)
        );
    }
}

#[test]
fn every_anchor_is_placed_once() {
    let ts = Typesetter::bundled();
    let mut first = run(
        "Opening words of a paragraph that runs on",
        RunStyle::default(),
    );
    first.anchor = Some("start".into());
    let mut space = run(" ", RunStyle::default());
    space.anchor = Some("on-a-space".into());
    let mut empty = run("", RunStyle::default());
    empty.anchor = Some("empty".into());
    let rest = run(
        "for a while longer, over several lines of the measure.",
        RunStyle::default(),
    );
    let lines = set(
        &ts,
        &[first, space, empty, rest],
        &ParagraphSettings {
            measure: 150.0,
            ..body(0.0)
        },
    );
    let mut names: Vec<&str> = lines
        .iter()
        .flat_map(|l| &l.anchors)
        .map(|a| a.name.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["empty", "on-a-space", "start"]);
    assert_eq!(lines[0].anchors[0].name, "start");
}
