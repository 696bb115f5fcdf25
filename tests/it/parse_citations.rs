//! Citations: pandoc syntax, keys against the bibliography, both bundled Chicago styles,
//! and every bibliography diagnostic.
use crate::support::common;

use common::{dump, inlines, run_mem};
use pamphleteer::model::{CitationMode, InlineKind, plain_text};

const BIB: &str = include_str!("../fixtures/small/manuscript/references.bib");

fn toml(extra: &str) -> String {
    format!("[book]\ntitle = \"T\"\nlanguage = \"en-GB\"\n\n[bibliography]\n{extra}\n")
}

#[test]
fn author_date_forms() {
    let r = run_mem(&[
        ("references.bib", BIB),
        (
            "a.md",
            "# A\n\nAs @trotsky1937 [p. 33, my emphasis] argued [see @trotsky1933, pp. 33–35; @lenin1917] and [-@trotsky1937, 40, emphasis added]; mail a@b.org.\n",
        ),
    ]);
    assert_eq!(r.diags, Vec::<String>::new());
    let doc = r.doc();
    assert_eq!(doc.citation_mode, CitationMode::InText);
    let rendered: Vec<String> = doc
        .citations
        .iter()
        .map(|c| inlines(&r, &c.rendered))
        .collect();
    assert_eq!(
        rendered,
        [
            "Trotsky (1937,\u{a0}33, my emphasis)",
            "(see Trotsky\u{a0}1933,\u{a0}33–35; Lenin\u{a0}1964)",
            "(1937,\u{a0}40, emphasis added)",
        ]
    );
    assert!(doc.citations[0].narrative);
    assert_eq!(
        doc.citations[1].items[0].prefix.as_deref().map(plain_text),
        Some("see".into())
    );
    assert_eq!(
        doc.citations[1].items[0].locator.as_deref(),
        Some("pp. 33–35")
    );
    assert!(doc.citations[2].items[0].suppress_author);
    assert_eq!(
        doc.citations[2].items[0].suffix.as_deref().map(plain_text),
        Some("emphasis added".into())
    );
    // Spans: the whole citation, as written.
    assert_eq!(
        r.slice(doc.citations[0].span),
        "@trotsky1937 [p. 33, my emphasis]"
    );
    assert_eq!(
        r.slice(doc.citations[1].span),
        "[see @trotsky1933, pp. 33–35; @lenin1917]"
    );
    // Works cited: only those cited, in the style's order (author, then year).
    let keys: Vec<&str> = doc.bibliography.iter().map(|b| b.key.as_str()).collect();
    assert_eq!(keys, ["lenin1917", "trotsky1933", "trotsky1937"]);
    // Titles of books come out in italics as Emphasis, not as escape codes.
    let book = &doc.bibliography[2].rendered;
    assert!(book.iter().any(|i| matches!(&i.kind, InlineKind::Emphasis(c) if inlines(&r, c).starts_with("The Revolution Betrayed"))));
    assert!(!inlines(&r, book).contains('\u{1b}'));
    // Each item points at its entry.
    assert_eq!(
        doc.reference(doc.citations[1].items[1].entry).key,
        "lenin1917"
    );
}

#[test]
fn chicago_notes_turns_citations_into_notes() {
    let toml = toml("style = \"chicago-notes\"");
    let r = run_mem(&[
        ("book.toml", &toml),
        ("references.bib", BIB),
        (
            "a.md",
            "# A\n\nFirst [@trotsky1937, p. 33].[^n] Then @trotsky1933 says so.\n\n[^n]: A note citing [@lenin1917].\n\nAgain [see @trotsky1937, p. 40].",
        ),
    ]);
    assert_eq!(r.diags, Vec::<String>::new());
    assert_eq!(r.doc().citation_mode, CitationMode::Notes);
    crate::support::snapshot::assert_snapshot("snapshots/chicago_notes.txt", &dump(&r));
}

#[test]
fn diagnostics_for_keys() {
    let toml = toml("nocite = [\"lenin1917\", \"nobody\"]");
    let r = run_mem(&[
        ("book.toml", &toml),
        ("references.bib", BIB),
        (
            "a.md",
            "# A\n\nText [see @trotsky1973, p. 2] and @trotsky1937.\n",
        ),
    ]);
    assert_eq!(
        r.diags,
        [
            "manuscript/book.toml:6:24: error: unknown citation key `nobody`",
            "manuscript/references.bib:9:1: warning: bibliography entry `trotsky1933` is never cited",
            "manuscript/a.md:3:12: error: unknown citation key `trotsky1973`",
        ]
    );
    assert_eq!(r.hints[2], ["did you mean `trotsky1937`?"]);
    // The failed citation stays as written.
    let text = inlines(
        &r,
        match &r.doc().chapters[0].blocks[0].kind {
            pamphleteer::model::BlockKind::Paragraph(i) => i,
            _ => panic!(),
        },
    );
    assert!(
        text.starts_with("Text [see @trotsky1973, p.\u{a0}2] and <cite 0 @3:35>."),
        "{text}"
    );
}

#[test]
fn citation_without_bibliography() {
    let r = run_mem(&[("a.md", "# A\n\nAs [@marx1867] wrote.\n")]);
    assert_eq!(
        r.diags,
        ["manuscript/a.md:3:4: error: citation, but the book has no bibliography"]
    );
}

#[test]
fn bibtex_syntax_error_points_into_the_file() {
    let bad =
        "@book{a,\n  title = {Unclosed,\n  year = 1937\n}\n@book{b, title = {B}, year = {1990}\n";
    let r = run_mem(&[("references.bib", bad), ("a.md", "# A\n\n[@a]\n")]);
    assert_eq!(
        r.diags,
        // Where the brace opens, not at the next entry where the parser gives up.
        ["manuscript/references.bib:2:11: error: bibliography: this brace `{` is never closed"]
    );
    // The citation is left as written, without a second error.
    let text = match &r.doc().chapters[0].blocks[0].kind {
        pamphleteer::model::BlockKind::Paragraph(i) => inlines(&r, i),
        _ => panic!(),
    };
    assert_eq!(text, "[@a]");
}

#[test]
fn unknown_style_and_missing_file() {
    let t = toml("file = \"works.bib\"\nstyle = \"chicago-notez\"");
    let r = run_mem(&[("book.toml", &t), ("works.bib", BIB), ("a.md", "# A\n")]);
    assert_eq!(
        r.diags,
        ["manuscript/book.toml:7:9: error: unknown citation style `chicago-notez`"]
    );
    assert!(
        r.hints[0][0].starts_with("did you mean `chicago-notes`?"),
        "{:?}",
        r.hints
    );
    let t = toml("file = \"missing.bib\"");
    let r = run_mem(&[("book.toml", &t), ("a.md", "# A\n")]);
    assert_eq!(
        r.diags,
        ["manuscript/book.toml:6:8: error: `manuscript/missing.bib` does not exist"]
    );
}

#[test]
fn publisher_with_and_is_flagged() {
    let bib = "@book{a, author = {Doe, J.}, title = {T},\n  publisher = {Reeves and Turner}, year = {1937}}\n@book{b, title = {U}, publisher = {{Reeves and Turner}}, year = {1938}}\n";
    let r = run_mem(&[("references.bib", bib), ("a.md", "# A\n\n[@a; @b]\n")]);
    assert_eq!(
        r.diags,
        [
            "manuscript/references.bib:2:15: warning: publisher `Reeves and Turner` will be read as several publishers"
        ]
    );
    assert_eq!(
        r.hints[0],
        [
            "BibLaTeX splits lists at `and`; for one name, add braces: `publisher = {{Reeves and Turner}}`"
        ]
    );
    let works: Vec<String> = r
        .doc()
        .bibliography
        .iter()
        .map(|b| inlines(&r, &b.rendered))
        .collect();
    assert_eq!(
        works,
        [
            "Doe, J. 1937. <em>T</em>. Reeves, Turner.",
            "<em>U</em>. 1938. Reeves and Turner."
        ]
    );
}

#[test]
fn csl_json_bibliography() {
    let json = include_str!("../fixtures/small/references.json");
    let t = toml("file = \"works.json\"");
    let r = run_mem(&[
        ("book.toml", &t),
        ("works.json", json),
        (
            "a.md",
            "# A\n\nSee [@trotsky1937, p. 3] and @trotsky1933.\n",
        ),
    ]);
    assert_eq!(r.diags, Vec::<String>::new());
    let rendered: Vec<String> = r
        .doc()
        .citations
        .iter()
        .map(|c| inlines(&r, &c.rendered))
        .collect();
    // Author–year and year–page are tied (src/model/ties.rs).
    assert_eq!(rendered, ["(Trotsky\u{a0}1937,\u{a0}3)", "Trotsky (1933)"]);
    let works: Vec<String> = r
        .doc()
        .bibliography
        .iter()
        .map(|b| format!("{} @{}: {}", b.key, r.at(b.span), inlines(&r, &b.rendered)))
        .collect();
    assert_eq!(
        works,
        [
            "trotsky1933 @13:5: Trotsky, Leon. 1933. “The Class Nature of the Soviet State”. <em>The New International</em> 1 (2): 33–41.",
            "trotsky1937 @3:5: Trotsky, Leon. 1937. <em>The Revolution Betrayed: What Is the Soviet Union and Where Is It Going?</em> Translated by Max Eastman. Doubleday, Doran and Company.",
        ]
    );
    let bad = toml("file = \"works.json\"\nnocite = [\"nobody\"]");
    let r = run_mem(&[
        ("book.toml", &bad),
        ("works.json", "[\n  {\"id\": \"a\",}\n]"),
        ("a.md", "# A\n"),
    ]);
    assert_eq!(
        r.diags,
        ["manuscript/works.json:2:14: error: bibliography: trailing comma"]
    );
}

#[test]
fn nocite_star_lists_every_work() {
    let t = toml("nocite = [\"*\"]");
    let r = run_mem(&[
        ("book.toml", &t),
        ("references.bib", BIB),
        ("a.md", "# A\n\nNothing cited.\n"),
    ]);
    assert_eq!(r.diags, Vec::<String>::new());
    let keys: Vec<&str> = r
        .doc()
        .bibliography
        .iter()
        .map(|b| b.key.as_str())
        .collect();
    assert_eq!(keys, ["lenin1917", "trotsky1933", "trotsky1937"]);
    assert!(r.doc().citations.is_empty());
}

#[test]
fn bibliography_file_problems() {
    let t = toml("file = \"../outside.bib\"");
    let r = run_mem(&[("book.toml", &t), ("a.md", "# A\n\n[@x]\n")]);
    assert_eq!(
        r.diags,
        [
            "manuscript/book.toml:6:8: error: bibliography path `../outside.bib` leaves the manuscript folder"
        ]
    );
    let t = toml("file = \"works.json\"");
    let json = "[{\"type\": \"book\", \"title\": \"No id\"}, {\"id\": \"a\", \"type\": \"book\", \"title\": \"A\"}]";
    let r = run_mem(&[
        ("book.toml", &t),
        ("works.json", json),
        ("a.md", "# A\n\n[@a]\n"),
    ]);
    assert_eq!(
        r.diags,
        ["manuscript/works.json:1:1: warning: a bibliography item without `id` is ignored"]
    );
    assert_eq!(r.doc().bibliography.len(), 1);
}

#[test]
fn escaped_at_and_urls_are_not_citations() {
    let r = run_mem(&[
        ("references.bib", BIB),
        (
            "a.md",
            "# A\n\nWrite \\@home, see https://x.org/@user or a@b.org, but cite @trotsky1937.\n",
        ),
    ]);
    assert_eq!(
        r.diags,
        [
            "manuscript/references.bib:9:1: warning: bibliography entry `trotsky1933` is never cited",
            "manuscript/references.bib:18:1: warning: bibliography entry `lenin1917` is never cited",
        ]
    );
    let cites: Vec<&str> = r.doc().citations.iter().map(|c| r.slice(c.span)).collect();
    assert_eq!(cites, ["@trotsky1937"]);
}
