//! `[layout] urls`: how print shows an external link's address (footnote, inline or
//! hidden), with the EPUB keeping every link live and note numbers in one series.
use crate::support::{common, hostile, pages};
use pamphleteer::typeset::dump::dump;

const TEXT: &str = "# A\n\nSee [the site](https://example.org/a) and <https://example.org/b>.[^n]\n\nWrite to [us](mailto:us@example.org). Or \"[here](https://example.org/d).\" Done.\n\n[^n]: A note with [a link](https://example.org/c).\n";

/// The typeset text of a one-chapter book with `urls` (None: left out).
fn print_text(urls: Option<&str>) -> String {
    let toml = match urls {
        Some(u) => format!("{}\n[layout]\nurls = \"{u}\"\n", common::BOOK_TOML),
        None => common::BOOK_TOML.to_string(),
    };
    let r = common::run_mem(&[("book.toml", &toml), ("a.md", TEXT)]);
    assert_eq!(r.diags, Vec::<String>::new());
    let input = r.input.as_ref().unwrap();
    let p = pages::typeset(&input.document, &input.layout);
    dump(&p, Default::default())
}

/// The body and note lines of the chapter's page (text only, positions dropped).
fn chapter_lines(urls: Option<&str>) -> Vec<String> {
    let d = print_text(urls);
    let page = d
        .split("page ")
        .find(|p| p.contains(" A\n") && p.contains("See "))
        .expect("the chapter's page");
    page.lines()
        .skip(2)
        .filter(|l| !l.starts_with("  rule"))
        .map(|l| l.trim().splitn(3, ' ').nth(2).unwrap_or("").to_string())
        .collect()
}

#[test]
fn footnote_is_the_default_and_numbers_urls_with_the_books_notes() {
    // Marks follow the stop and closing quote that end the link's phrase.
    assert_eq!(
        chapter_lines(None),
        [
            "See the site1 and https://example.org/b.2",
            "Write to us.3 Or “here.”4 Done.",
            "1 https://example.org/a",
            "2 A note with a link (https://example.org/c).",
            "3 us@example.org",
            "4 https://example.org/d",
        ]
    );
    assert_eq!(chapter_lines(Some("footnote")), chapter_lines(None));
}

#[test]
fn inline_sets_the_url_in_parentheses_unless_the_text_is_the_url() {
    assert_eq!(
        chapter_lines(Some("inline")),
        [
            "See the site (https://example.org/a) and",
            "https://example.org/b.1",
            "Write to us (us@example.org). Or “here (https://example.org/d).”",
            "Done.",
            "1 A note with a link (https://example.org/c).",
        ]
    );
}

#[test]
fn hidden_keeps_the_text_alone() {
    assert_eq!(
        chapter_lines(Some("hidden")),
        [
            "See the site and https://example.org/b.1",
            "Write to us. Or “here.” Done.",
            "1 A note with a link.",
        ]
    );
}

#[test]
fn the_epub_keeps_live_links_and_its_own_note_numbers() {
    let toml = format!("{}\n[layout]\nurls = \"footnote\"\n", hostile::TOML);
    let built = hostile::build(&[("book.toml", toml.as_bytes()), ("a.md", TEXT.as_bytes())]);
    let docs = built.xhtml();
    let (_, chapter) = docs
        .iter()
        .find(|(n, _)| n.ends_with("-a.xhtml"))
        .expect("chapter a");
    assert!(
        chapter.contains(r#"See <a href="https://example.org/a">the site</a> and <a href="https://example.org/b">"#),
        "{chapter}"
    );
    assert!(
        chapter.contains(r#"<a href="mailto:us@example.org">us</a>"#),
        "{chapter}"
    );
    // One note, the author's, numbered 1; no URL notes.
    assert!(
        chapter.contains("fn-1") && !chapter.contains("fn-2"),
        "{chapter}"
    );
}

#[test]
fn an_unknown_urls_value_is_an_error_with_the_choices() {
    let toml = format!("{}\n[layout]\nurls = \"margin\"\n", common::BOOK_TOML);
    let r = common::run_mem(&[("book.toml", &toml), ("a.md", TEXT)]);
    assert_eq!(
        r.diags,
        ["manuscript/book.toml:6:8: error: unknown urls `margin`"]
    );
    assert_eq!(r.hints[0], [r#"use one of "footnote", "inline", "hidden""#]);
}
