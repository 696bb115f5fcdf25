//! The chapter memos of [`super::Memos`]: a warm parse gives the document and the
//! diagnostics of a cold one, after every kind of edit, and parses and resolves again
//! only what the edit touched.

use super::{MemFiles, Memos, parse_project, parse_project_with};
use crate::diag::{Diagnostics, Sources};
use crate::model::Document;

const TOML: &str = r#"[book]
title = "Memo"
language = "en-GB"
chapters = ["01-one.md", "02-two.md", "03-three.md", "04-four.md"]

[bibliography]
file = "references.bib"
style = "STYLE"
"#;

const BIB: &str = r#"@book{marx1852,
  author = {Marx, Karl},
  title = {The Eighteenth Brumaire of Louis Bonaparte},
  date = {1852},
}

@book{trotsky1937,
  author = {Trotsky, Leon},
  title = {The Revolution Betrayed},
  date = {1937},
}

@book{lenin1917,
  author = {Lenin, V. I.},
  title = {The State and Revolution},
  date = {1917},
}
"#;

const GLOSSARY: &str =
    "Bonapartism\n: Rule above the classes.\n\nWorkers' state\n: A state of the working class.\n";

/// Four chapters with notes, citations, glossary terms, cross-references, shared
/// heading names, and problems of every step (a note never referenced, a mark with its
/// note in another chapter, an unknown key, a link to nowhere, an unclosed quotation
/// mark, a duplicate footnote label).
fn chapters() -> [String; 4] {
    [
        "# One\n\n## Background\n\nBonapartism rose in 1852, p. 3 [@marx1852].[^a]\n\n[^a]: A \"note\" on 12 mm of text.\n\n[^lost]: Never referenced.\n".into(),
        "# Two\n\n## Background\n\nA workers' state, see [the first](01-one.md#background) and [nowhere](#missing).\n\nHe said \"open and never closed.\n\n[^b] refers to a note of chapter three.[^c]\n\n[^b]: Here.\n".into(),
        "# Three\n\nAs @trotsky1937 argued, the word Bonapartism [@lenin1917; @nokey].[^c]\n\n[^c]: The note.\n\n[^c]: Twice.\n".into(),
        "# Four\n\n## Background {#background}\n\nThe end, with [a term](glossary:workers-state) and a citation [@trotsky1937, 12].\n".into(),
    ]
}

fn files(style: &str, chapters: &[String; 4]) -> MemFiles {
    let mut f = MemFiles::new();
    f.insert("manuscript/book.toml", TOML.replace("STYLE", style));
    f.insert("manuscript/references.bib", BIB);
    f.insert("manuscript/glossary.md", GLOSSARY);
    for (k, text) in chapters.iter().enumerate() {
        let name = ["01-one.md", "02-two.md", "03-three.md", "04-four.md"][k];
        f.insert(format!("manuscript/{name}"), text.clone());
    }
    f
}

/// The document and every diagnostic of a parse.
fn parsed(files: &MemFiles, memos: Option<&Memos>) -> (Option<Document>, String) {
    let (mut sources, mut diags) = (Sources::default(), Diagnostics::default());
    let input = match memos {
        Some(m) => {
            m.next_generation();
            parse_project_with(files, &mut sources, &mut diags, m)
        }
        None => parse_project(files, &mut sources, &mut diags),
    };
    let diags: Vec<String> = diags.iter().map(|d| format!("{d:?}")).collect();
    (input.map(|i| i.document), diags.join("\n"))
}

/// A warm parse of `files` with `memos`, checked against a cold one; how many chapters
/// it parsed and resolved.
fn warm(files: &MemFiles, memos: &Memos) -> (usize, usize) {
    let (cold, cold_diags) = parsed(files, None);
    let (warm, warm_diags) = parsed(files, Some(memos));
    assert!(cold.is_some());
    assert!(warm == cold, "the warm document differs from the cold one");
    assert_eq!(warm_diags, cold_diags, "the warm diagnostics differ");
    memos.chapters_made()
}

#[test]
fn the_test_book_has_problems_of_every_step() {
    let (_, diags) = parsed(&files("chicago-author-date", &chapters()), None);
    for expected in [
        "never referenced",
        "has no definition",
        "defined twice",
        "goes nowhere",
        "never closed",
        "unknown citation key",
        "used before in the book",
    ] {
        assert!(diags.contains(expected), "no “{expected}” in {diags}");
    }
}

#[test]
fn a_warm_parse_gives_the_cold_document_and_diagnostics() {
    for style in ["chicago-author-date", "chicago-notes"] {
        let memos = Memos::kept();
        let files = files(style, &chapters());
        assert_eq!(
            warm(&files, &memos),
            (4, 4),
            "{style}: the first build makes all"
        );
        // Chapter two's mark whose note is in chapter three reads other chapters: it is
        // resolved each time; the others come from the memo.
        assert_eq!(warm(&files, &memos), (0, 1), "{style}: nothing changed");
    }
}

#[test]
fn an_edit_parses_and_resolves_its_chapter_alone() {
    let memos = Memos::kept();
    let mut text = chapters();
    warm(&files("chicago-author-date", &text), &memos);
    text[2] = text[2].replace("argued", "wrote");
    assert_eq!(warm(&files("chicago-author-date", &text), &memos), (1, 2));
    // A note added before later chapters renumbers theirs: their kept ids are shifted,
    // not made again.
    text[0] = text[0].replace("of text.", "of text.[^new]\n\n[^new]: Added.");
    assert_eq!(warm(&files("chicago-author-date", &text), &memos), (1, 2));
    // A heading that takes an anchor a later chapter had: that chapter is parsed again.
    text[2] = text[2].replace("# Three\n", "# Three\n\n## Background\n\nMore.\n");
    let (parsed, resolved) = warm(&files("chicago-author-date", &text), &memos);
    assert_eq!((parsed, resolved), (2, 4), "chapters three and four");
    // And back: the same bytes as a cold parse.
    warm(&files("chicago-author-date", &chapters()), &memos);
}

#[test]
fn notes_citations_and_term_uses_added_earlier_renumber_kept_chapters() {
    for style in ["chicago-author-date", "chicago-notes"] {
        let memos = Memos::kept();
        let mut text = chapters();
        warm(&files(style, &text), &memos);
        // A citation (in a note style, a generated note too), a footnote and a use of
        // a glossary term in chapter one: the chapters after it are shifted.
        text[0] = text[0].replace(
            "of text.\n",
            "of text.\n\nA workers' state [@lenin1917] and a mark.[^more]\n\n[^more]: More [@marx1852].\n",
        );
        assert_eq!(warm(&files(style, &text), &memos), (1, 2), "{style}");
        // And taken out again.
        assert_eq!(warm(&files(style, &chapters()), &memos), (1, 2), "{style}");
    }
}

#[test]
fn a_note_referenced_twice_keeps_its_number_in_the_warning() {
    let memos = Memos::kept();
    let mut text = chapters();
    text[3].push_str("\nTwice.[^d] Again.[^d]\n\n[^d]: The note.\n");
    warm(&files("chicago-author-date", &text), &memos);
    // The warning names the note's number: a note added before it makes the chapter
    // resolve again rather than shift.
    text[0] = text[0].replace("of text.", "of text.[^new]\n\n[^new]: Added.");
    assert_eq!(warm(&files("chicago-author-date", &text), &memos), (1, 3));
}

#[test]
fn the_glossary_bibliography_and_book_toml_invalidate_chapters() {
    let memos = Memos::kept();
    let text = chapters();
    let base = files("chicago-author-date", &text);
    warm(&base, &memos);
    let mut f = base.clone();
    f.insert(
        "manuscript/glossary.md",
        GLOSSARY.replace("Bonapartism", "Caesarism"),
    );
    assert_eq!(warm(&f, &memos), (0, 4), "a glossary term changed");
    let mut f = base.clone();
    f.insert(
        "manuscript/references.bib",
        BIB.replace("lenin1917", "lenin1918"),
    );
    assert_eq!(warm(&f, &memos), (0, 4), "a bibliography key changed");
    let f = files("chicago-notes", &text);
    assert_eq!(warm(&f, &memos), (0, 4), "another citation style");
    let mut f = base.clone();
    let toml = TOML.replace("STYLE", "chicago-author-date");
    f.insert("manuscript/book.toml", toml.replace("en-GB", "fr"));
    assert_eq!(warm(&f, &memos), (4, 4), "another language");
    let mut f = base.clone();
    f.insert(
        "manuscript/book.toml",
        format!("{toml}\n[layout]\nquotes = \"guillemets\"\n"),
    );
    assert_eq!(warm(&f, &memos).1, 4, "other quotation marks");
    // A chapter taken out of the list: the files after it are read under other ids.
    let mut f = base.clone();
    f.insert("manuscript/book.toml", toml.replace("\"01-one.md\", ", ""));
    assert_eq!(warm(&f, &memos), (3, 3), "chapters two to four");
}

#[test]
fn control_characters_are_found_in_the_bytes_as_in_the_characters() {
    for text in [
        "plain «text» § 3\u{a0}mm",
        "a\u{7}b",
        "c\u{85}d",
        "tab\tand\r\nline",
        "\u{9f}",
        "é\u{1}",
        "\u{7f}",
    ] {
        let (out, found) = super::without_controls(text.to_string());
        let expected: Vec<(usize, char)> = text
            .char_indices()
            .filter(|(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        assert_eq!(found, expected, "{text:?}");
        assert_eq!(out.len(), text.len());
    }
}
