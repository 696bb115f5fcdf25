//! Typography that must hold at every trim: trim-derived defaults, tables set from their
//! content, ties, hyphenation discipline, lists and code (issue #12).

use crate::support::common::{project, run};
use pamphleteer::diag::{Diagnostics, Severity};
use pamphleteer::typeset::frame::{Item, Pages};
use pamphleteer::typeset::{self, Typesetter, fonts::FontBook};

/// Builds the pages of a one-chapter book at `trim`, with its warnings.
fn pages(trim: &str, language: &str, chapter: &str) -> (Pages, Vec<String>) {
    let toml = format!(
        "[book]\ntitle = \"T\"\nlanguage = \"{language}\"\n\n[layout]\ntrim = \"{trim}\"\n"
    );
    let files = project(&[("book.toml", &toml), ("01.md", chapter)]);
    let r = run(&files);
    assert!(
        r.diags.iter().all(|d| !d.contains("error")),
        "{:?}",
        r.diags
    );
    let input = r.input.as_ref().unwrap();
    let ts = Typesetter::new(FontBook::bundled(), &input.layout.language);
    let mut diags = Diagnostics::default();
    let p = typeset::typeset(
        &input.document,
        &input.layout,
        &ts,
        &Default::default(),
        &mut diags,
    );
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.plain(&r.sources))
        .collect();
    (p, warnings)
}

/// Every text line of the book as (y, x, text) per page, runs joined in x order.
fn lines(p: &Pages) -> Vec<Vec<(f64, f64, String)>> {
    p.pages
        .iter()
        .map(|page| {
            type Row = (f64, Vec<(f64, f64, String)>);
            let mut rows: Vec<Row> = Vec::new();
            for item in &page.items {
                if let Item::Text(r) = item {
                    let end = r.x + r.glyphs.iter().map(|g| g.x_advance).sum::<f64>();
                    let run = (r.x, end, r.text.clone());
                    match rows.iter_mut().find(|(y, _)| (y - r.y).abs() < 1.0) {
                        Some(row) => row.1.push(run),
                        None => rows.push((r.y, vec![run])),
                    }
                }
            }
            rows.into_iter()
                .map(|(y, mut runs)| {
                    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
                    let x = runs.first().map_or(0.0, |r| r.0);
                    // Runs apart by more than a space are cells: " | " between them.
                    let mut text = String::new();
                    let mut end = x;
                    for (x0, x1, t) in runs {
                        if x0 > end + 4.0 && !text.is_empty() {
                            text.push_str(" | ");
                        }
                        text.push_str(&t);
                        end = x1;
                    }
                    (y, x, text)
                })
                .collect()
        })
        .collect()
}

const TABLE: &str = "# Chronology\n\nThe decrees of the first year, with the language each was printed in.\n\n\
| Decree | Date | Language | Printed |\n\
| --- | --- | ---: | :---: |\n\
| Decree on Land | 2 April 1918 | allemand | Petrograd |\n\
| Decree on Peace | 26 October 1917 | Langue russe | Moscow |\n\
| Declaration of the Rights of the Peoples of Russia | 15 November 1917 | Ukrainian | Kharkov |\n\n\
After the table the text goes on, as running text does after any display.\n";

/// Each cell's words, as the manuscript has them: no line of a cell may end inside one
/// of them without a hyphen.
#[test]
fn a6_table_breaks_no_word_without_a_hyphen() {
    let (p, warnings) = pages("A6", "en-GB", TABLE);
    assert!(warnings.is_empty(), "{warnings:?}");
    let words: Vec<&str> = TABLE
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3)
        .collect();
    let all = lines(&p);
    let k = p
        .pages
        .iter()
        .position(|pg| pg.items.iter().any(|i| matches!(i, Item::Rule { .. })))
        .expect("a page with the table");
    for page in &all[k..=k] {
        for (_, _, text) in page {
            // A fragment that ends a cell line: every run-together piece must be a whole
            // word of the manuscript, or end in a hyphen.
            for piece in text.split(|c: char| c.is_whitespace() || c == '|') {
                let core = piece.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
                if core.chars().count() < 3
                    || core.ends_with('-')
                    || core.chars().all(|c| c.is_numeric())
                {
                    continue;
                }
                let core = core.trim_start_matches('-');
                assert!(
                    words.iter().any(|w| w.contains(core)) && !is_cut(core, &words),
                    "a word cut without a hyphen: `{core}` in |{text}|"
                );
            }
        }
    }
}

/// Whether `piece` is a proper prefix or suffix of a manuscript word but no word itself.
fn is_cut(piece: &str, words: &[&str]) -> bool {
    !words.contains(&piece)
        && words
            .iter()
            .any(|w| w.len() > piece.len() && (w.starts_with(piece) || w.ends_with(piece)))
        && !words.iter().any(|w| w.contains(&format!("{piece}-")))
}

#[test]
fn a6_table_columns_follow_content_and_sit_off_the_text() {
    let (p, _) = pages("A6", "en-GB", TABLE);
    let page = p
        .pages
        .iter()
        .find(|pg| pg.items.iter().any(|i| matches!(i, Item::Rule { .. })))
        .expect("a page with the table");
    if std::env::var_os("SHOW_TABLE").is_some() {
        for l in lines(&p).concat() {
            eprintln!("{:7.2} {:7.2} |{}|", l.0, l.1, l.2);
        }
    }
    let rules: Vec<f64> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rule { y, .. } => Some(*y),
            _ => None,
        })
        .collect();
    assert!(rules.len() >= 3, "booktabs rules: {rules:?}");
    // The baseline of the last text line above the table lies at least a third of a line
    // above the top rule.
    let above = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(r) if r.y < rules[0] => Some(r.y),
            _ => None,
        })
        .fold(f64::MIN, f64::max);
    assert!(
        rules[0] - above > 4.0,
        "top rule {} under text at {above}",
        rules[0]
    );
}

#[test]
fn table_too_wide_at_the_floor_is_a_warning_at_its_place() {
    let wide = "# W\n\nText.\n\n| a | b | c | d | e | f | g | h |\n| - | - | - | - | - | - | - | - |\n\
| Internationalisation | Counterrevolutionaries | Incomprehensibilities | Transubstantiation | Electroencephalograph | Uncharacteristically | Telecommunications | Disproportionately |\n";
    let (_, warnings) = pages("A6", "en-GB", wide);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("01.md:5:1") && w.contains("too wide")),
        "{warnings:?}"
    );
}

#[test]
fn trims_give_their_own_defaults() {
    for (trim, size, min_chars) in [
        ("A6", 8.5, 55.0),
        ("A5", 10.5, 60.0),
        ("US letter", 12.0, 65.0),
    ] {
        let toml =
            format!("[book]\ntitle = \"T\"\nlanguage = \"en\"\n\n[layout]\ntrim = \"{trim}\"\n");
        let r = run(&project(&[
            ("book.toml", &toml),
            ("01.md", "# A\n\nText.\n"),
        ]));
        let l = &r.input.as_ref().unwrap().layout;
        assert_eq!(l.font_size, size, "{trim}");
        let chars = l.page.measure() / (0.47 * l.font_size);
        assert!((min_chars..=75.0).contains(&chars), "{trim}: {chars}");
    }
    // An explicit key wins.
    let toml = "[book]\ntitle = \"T\"\nlanguage = \"en\"\n\n[layout]\ntrim = \"A6\"\nfont-size = 9\nmargins = { inner = \"10mm\" }\n";
    let r = run(&project(&[
        ("book.toml", toml),
        ("01.md", "# A\n\nText.\n"),
    ]));
    let l = &r.input.as_ref().unwrap().layout;
    assert_eq!(l.font_size, 9.0);
    assert!((l.page.margins.inner - 10.0 * 72.0 / 25.4).abs() < 1e-9);
}

#[test]
fn ties_hold_in_print() {
    // Narrow lines full of places a tie must hold.
    let text = "# T\n\nAs V. I. Lenin wrote (Trotsky 1933) and on p. 1 of § 3, a margin of 12 mm will do; \
again (Trotsky 1933) and p. 2 and pp. 3–5 and V. I. Lenin, twice over, in every line we set here, \
with 40 per cent of the words around them so that the lines must break somewhere near them.\n";
    let (p, _) = pages("A6", "en-GB", text);
    for page in lines(&p) {
        for (_, _, t) in &page {
            let t = t.trim_end();
            for bad in ["Trotsky", "p.", "pp.", "§", "V.", "I.", "12", "40"] {
                let last = t.rsplit(' ').next().unwrap_or("");
                assert!(
                    !last.trim_start_matches('(').eq(bad),
                    "a line ends at a tie: |{t}|"
                );
            }
        }
    }
}

#[test]
fn hyphenated_compounds_and_names_keep_their_shape() {
    // Words that invite breaks, at a narrow measure.
    let text = "# H\n\nThe co-operative movement of the Trotskyist opposition met in Montmartre, \
and the co-operative question divided the Trotskyist and the anti-Trotskyist tendencies of \
Montmartre, Kryuchkov and the co-operative unions alike, in discussions that went on all night.\n";
    let (p, _) = pages("A6", "en-GB", text);
    let all: Vec<String> = lines(&p).into_iter().flatten().map(|l| l.2).collect();
    for l in &all {
        let l = l.trim_end();
        for bad in [
            "co-oper-", "Trot-", "Trotsky-", "Mont-", "Kryuch-", "operat-",
        ] {
            assert!(!l.ends_with(bad), "bad break: |{l}|");
        }
    }
}

#[test]
fn code_lines_stay_inside_the_measure() {
    let text = "# C\n\nCode:\n\n```\nfn main() { let a_very_long_identifier_name = compute_something_long(argument_one, argument_two, argument_three); }\n```\n";
    let (p, _) = pages("A6", "en-GB", text);
    let measure = {
        let r = run(&project(&[(
            "book.toml",
            "[book]\ntitle = \"T\"\nlanguage = \"en\"\n\n[layout]\ntrim = \"A6\"\n",
        )]));
        r.input.unwrap().layout.page.measure()
    };
    for page in &p.pages {
        let left = page
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(r) => Some(r.x),
                _ => None,
            })
            .fold(f64::MAX, f64::min);
        for i in &page.items {
            if let Item::Text(r) = i {
                let end = r.x + r.glyphs.iter().map(|g| g.x_advance).sum::<f64>();
                assert!(end <= left + measure + 3.0, "past the measure: {}", r.text);
            }
        }
    }
}

#[test]
fn verse_lines_are_flush_left_and_turnovers_hang() {
    let text = "# V\n\nThe wind was a torrent of darkness among the gusty trees, the moon a galleon,  \nThe moon was a ghostly galleon,  \nThe road was a ribbon of moonlight over the purple moor, riding, riding, riding.\n";
    let (p, _) = pages("A6", "en-GB", text);
    let all: Vec<(f64, f64, String)> = lines(&p).concat();
    let starts: Vec<f64> = all
        .iter()
        .filter(|l| l.2.starts_with("The "))
        .map(|l| l.1)
        .collect();
    assert_eq!(starts.len(), 3, "{all:?}");
    assert!(
        starts.iter().all(|x| (x - starts[0]).abs() < 0.5),
        "{starts:?}"
    );
    // A turn-over (a line not starting a verse line) hangs to the right of them.
    let turn = all
        .iter()
        .find(|l| {
            l.2.starts_with("riding") || l.2.contains("galleon.") || l.2.starts_with("the moon")
        })
        .or_else(|| {
            all.iter()
                .find(|l| !l.2.starts_with("The ") && l.1 > starts[0] + 5.0)
        });
    let turn = turn.expect("a turn-over line");
    assert!(
        turn.1 > starts[0] + 5.0,
        "turn-over at {} vs {}",
        turn.1,
        starts[0]
    );
}

/// `~~struck~~` is drawn struck through in print: one rule across the struck words
/// (spaces included) at the middle of the lower case, and none elsewhere.
#[test]
fn strikethrough_is_drawn() {
    use pamphleteer::build::{self, MakeOptions, Outcome};
    use pamphleteer::typeset::Item;
    let mut files = pamphleteer::parse::MemFiles::new();
    files.insert(
        "manuscript/book.toml",
        "[book]\ntitle = \"S\"\nlanguage = \"en\"\n",
    );
    files.insert(
        "manuscript/01.md",
        "# One\n\nKept words and ~~three struck words~~ and kept again.\n",
    );
    let opts = MakeOptions {
        keep_pages: true,
        ..MakeOptions::default()
    };
    let mut outcome = Outcome::default();
    let print = build::make(&files, &opts, &mut outcome)
        .and_then(|p| p.pages)
        .expect("it builds");
    let page = print
        .pages
        .pages
        .iter()
        .find(|p| {
            p.items
                .iter()
                .any(|i| matches!(i, Item::Text(r) if r.text.contains("struck")))
        })
        .expect("the chapter's page");
    let text_x = |word: &str| {
        page.items.iter().find_map(|i| match i {
            Item::Text(r) if r.text.contains(word) => {
                let at = r.text.find(word)?;
                let mut x = r.x;
                for g in &r.glyphs {
                    if (g.text.start as usize) >= at {
                        break;
                    }
                    x += g.x_advance;
                }
                Some((x, r.y, r.size))
            }
            _ => None,
        })
    };
    let (x_three, baseline, size) = text_x("three").unwrap();
    let (x_and, _, _) = text_x(" and kept").unwrap();
    let strikes: Vec<(f64, f64, f64)> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rule { x0, x1, y, .. } if (y - baseline).abs() < size => Some((*x0, *x1, *y)),
            _ => None,
        })
        .collect();
    assert_eq!(strikes.len(), 1, "{strikes:?}");
    let (x0, x1, y) = strikes[0];
    assert!(
        (x0 - x_three).abs() < 0.5,
        "starts at “three”: {x0} vs {x_three}"
    );
    assert!(
        x1 <= x_and + 0.5 && x1 > x_three + 3.0 * size,
        "ends at “words”: {x1}"
    );
    assert!(
        y < baseline && y > baseline - 0.5 * size,
        "through the lower case: {y}"
    );
}
