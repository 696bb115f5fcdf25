//! Passages in another language in print (#15): a `[…]{lang=de}` span or a
//! `::: {lang=de}` div is hyphenated with German patterns in an English book, a
//! passage in a language without patterns (Swahili) is never hyphenated, and the
//! quotation marks inside a passage are its language's. Measured from the PDF's text
//! (`pdftotext`): every word broken at a line end is looked up in the passages, and its
//! break checked against the patterns of the language it is in. The same text without
//! the markup is the control: there the book's English patterns break the same words.

use crate::support::hostile::{Built, build};
use crate::support::pdf_tools;
use pamphleteer::typeset::hyphenate::{BreakKind, Hyphenator};
use std::path::PathBuf;

/// Long German words, most of whose German break points English patterns lack.
const GERMAN: &str = "Die Gewerkschaftszeitung der Druckereiarbeiter forderte Mitbestimmung, \
    einen Tarifvertrag mit den Zeitungsverlegern, Flugschriften für jede \
    Betriebsratsvorsitzende und die Arbeiterselbstverwaltung der Genossenschaftsdruckerei";

const SWAHILI: &str = "Wafanyakazi walishirikiana kuunganisha mashirika yanayojitegemea, \
    wakachapisha magazeti yaliyosomwa vijijini kote, wakiwahamasisha wanachama";

const ENGLISH: &str = "The printers of the cooperative remembered how";

/// A book in American English on A6 (a narrow measure, so long words break), with the
/// passages marked (`marked`) or left as the book's language.
fn book(marked: bool) -> Built {
    let (de, de_end, sw, sw_end) = if marked {
        ("[", "]{lang=de}", "[", "]{lang=sw}")
    } else {
        ("", "", "", "")
    };
    let mut md = String::from("# Passages\n\n");
    for k in 0..4 {
        md.push_str(&format!(
            "{ENGLISH} {de}{GERMAN}{de_end} and then {sw}{SWAHILI}{sw_end} in the year {}.\n\n",
            1920 + k
        ));
        // A paragraph of nothing but Swahili: justifying it needs hyphens.
        if marked {
            md.push_str(&format!("::: {{lang=de}}\n{GERMAN}.\n:::\n\n"));
            md.push_str(&format!("::: {{lang=sw}}\n{SWAHILI}, {SWAHILI}.\n:::\n\n"));
        } else {
            md.push_str(&format!("{GERMAN}.\n\n{SWAHILI}, {SWAHILI}.\n\n"));
        }
    }
    md.push_str(if marked {
        "She quoted [Er sagte \"ja, 'vielleicht'\" und ging.]{lang=de} and said \"yes\".\n"
    } else {
        "She quoted Er sagte \"ja, 'vielleicht'\" und ging. and said \"yes\".\n"
    });
    let toml = "[book]\ntitle = \"Passages\"\nlanguage = \"en-US\"\n\n[layout]\ntrim = \"A6\"\n";
    let built = build(&[("book.toml", toml.as_bytes()), ("01.md", md.as_bytes())]);
    built.ok();
    built
}

/// The PDF's text, or `None` when pdftotext is missing (skipped loudly by pdf_tools).
fn pdf_text(built: &Built, name: &str) -> Option<String> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("passages");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, built.ok().pdf.as_ref().expect("a PDF")).unwrap();
    pdf_tools::pdftotext(&path, None)
}

/// Words broken at a line end with an inserted hyphen: (the word, bytes before the
/// break). A line ending in a letter and `-` continues on the next line with text (or
/// with the next page's running head: such a joined word is found in no passage).
fn broken_words(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let letters = |s: &str| -> String { s.chars().filter(|c| c.is_alphabetic()).collect() };
    let mut out = Vec::new();
    for pair in lines.windows(2) {
        let Some(head) = pair[0].strip_suffix('-') else {
            continue;
        };
        let Some(last) = head.split_whitespace().last() else {
            continue;
        };
        if !last.chars().last().is_some_and(char::is_alphabetic) {
            continue;
        }
        let first = letters(pair[1].split_whitespace().next().unwrap_or(""));
        let before = letters(last);
        out.push((format!("{before}{first}"), before.len()));
    }
    out
}

/// Where a language's patterns would insert a hyphen in `word` (byte offsets).
fn points(h: &Hyphenator, word: &str) -> Vec<usize> {
    h.break_points(word, true)
        .into_iter()
        .filter(|p| {
            matches!(
                p.kind,
                BreakKind::Hyphen | BreakKind::ProperName | BreakKind::InsideCompound
            )
        })
        .map(|p| p.offset)
        .collect()
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn passages_are_hyphenated_with_their_own_languages_patterns() {
    let (de, en) = (Hyphenator::new("de"), Hyphenator::new("en-US"));
    let german = words_of(GERMAN);
    let swahili = words_of(SWAHILI);
    // The control: unmarked, every word is the book's, broken at English points,
    // Swahili words too.
    let Some(plain) = pdf_text(&book(false), "unmarked") else {
        return;
    };
    let plain = broken_words(&plain);
    for (word, at) in &plain {
        if german.contains(word) || swahili.contains(word) {
            assert!(
                points(&en, word).contains(at),
                "unmarked, {word:?} is broken at {at}, not an English point ({:?})",
                points(&en, word)
            );
        }
    }
    assert!(
        plain.iter().any(|(w, _)| swahili.contains(w)),
        "unmarked, English patterns break Swahili words: {plain:?}"
    );

    let marked = book(true);
    let text = pdf_text(&marked, "marked").expect("pdftotext ran above");
    let broken = broken_words(&text);
    let english = words_of(ENGLISH);
    let mut in_german = 0;
    let mut not_english = 0;
    for (word, at) in &broken {
        if swahili.contains(word) {
            panic!("{word:?} is Swahili, which has no patterns, but was broken at {at}");
        } else if german.contains(word) {
            assert!(
                points(&de, word).contains(at),
                "{word:?} broken at {at}, not a German point ({:?})",
                points(&de, word)
            );
            in_german += 1;
            not_english += usize::from(!points(&en, word).contains(at));
        } else if english.contains(word) {
            assert!(
                points(&en, word).contains(at),
                "{word:?} broken at {at}, not an English point ({:?})",
                points(&en, word)
            );
        }
    }
    assert!(
        in_german >= 3 && not_english >= 1,
        "German words broken at German points that English patterns lack: {broken:?}"
    );
    // The quotation marks of the German passage are German, the book's English.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Er sagte „ja, ‚vielleicht‘“ und ging."),
        "German quotes in print: {flat}"
    );
    assert!(
        flat.contains("said “yes”."),
        "English quotes in print: {flat}"
    );
}
