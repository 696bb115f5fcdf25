//! Nothing lost: every word of the manuscript reaches both outputs, in order.
//!
//! The words come from the resolved model (what the parser understood of the
//! manuscript: chapter titles and text, code, rendered citations, notes, glossary terms
//! and definitions, works cited) and are compared, as lowercase runs of letters and
//! digits, with the text of each output: the EPUB's spine documents with tags removed,
//! and `pdftotext` of the PDF with line-end hyphens joined.
//!
//! What proves "no word lost" without false failures: the outputs add words the model
//! lacks (running heads, page numbers, note numbers, contents, back-references) and the
//! PDF moves notes to page feet, so each *stream* — one chapter's body, one note, one
//! glossary entry, one work cited — is checked on its own as a subsequence of the
//! output's words, each next word within a bounded distance of the previous one (a page
//! or two of text, or the notes placed after a paragraph). A lost word makes the greedy match jump to a later occurrence of that word,
//! after which the rare words that follow are behind it, or beyond the bound: the check
//! fails. Chapters must also follow each other in order (each found after the previous
//! one's start, so a title repeated in the contents page cannot stand in for it).
//! A line-end break inside a word that had no hyphen (URLs) or at a real hyphen is
//! matched by allowing two words on one side to equal one on the other.

use crate::support::hostile as support;
use crate::support::pdf_tools;

use pamphleteer::diag::{Diagnostics, Sources};
use pamphleteer::model::{Block, BlockKind, Document, Inline, InlineKind};
use pamphleteer::parse::{self, DirFiles, ProjectFiles};

/// Lowercase words: maximal runs of letters, or of digits (ligatures unfolded). Letters
/// and digits are split apart because a note mark follows its word without a space
/// (`Cliff⁸` reads `Cliff8` in both outputs).
pub(crate) fn words(text: &str) -> Vec<String> {
    let text = text
        .replace('ﬁ', "fi")
        .replace('ﬂ', "fl")
        .replace('ﬀ', "ff")
        .replace('ﬃ', "ffi")
        .replace('ﬄ', "ffl")
        .to_lowercase();
    let mut out: Vec<String> = vec![];
    let mut prev: Option<bool> = None; // whether the previous character was a digit
    for c in text.chars() {
        if !c.is_alphanumeric() {
            prev = None;
            continue;
        }
        let digit = c.is_numeric();
        match out.last_mut() {
            Some(w) if prev == Some(digit) => w.push(c),
            _ => out.push(c.to_string()),
        }
        prev = Some(digit);
    }
    out
}

/// The text of `list` as the outputs show it: text and code, a citation's rendering
/// where it stands, breaks as spaces; not note numbers (they differ per output) nor an
/// image's alt text (an attribute in the EPUB).
pub(crate) fn inline_text(doc: &Document, list: &[Inline], out: &mut String) {
    doc.visit_inlines_of(list, &mut |i| match &i.kind {
        InlineKind::Text(t) | InlineKind::Code(t) => out.push_str(t),
        InlineKind::SoftBreak | InlineKind::HardBreak => out.push(' '),
        _ => {}
    });
    out.push(' ');
}

fn block_text(doc: &Document, blocks: &[Block], out: &mut String) {
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => {
                inline_text(doc, c, out)
            }
            BlockKind::BlockQuote(inner) => block_text(doc, inner, out),
            BlockKind::List { items, .. } => items.iter().for_each(|i| block_text(doc, i, out)),
            BlockKind::CodeBlock { text, .. } => {
                out.push_str(text);
                out.push(' ');
            }
            BlockKind::Table {
                caption,
                header,
                rows,
                ..
            } => {
                inline_text(doc, caption, out);
                // Only each cell's first word here: a cell set on several lines is read
                // line by line in the PDF, its second line after the first line of the
                // cells to its right. Each cell's words are a stream of their own
                // ([`table_cells`]).
                for cell in header.iter().chain(rows.iter().flatten()) {
                    let mut text = String::new();
                    inline_text(doc, cell, &mut text);
                    if let Some(first) = words(&text).first() {
                        out.push_str(first);
                        out.push(' ');
                    }
                }
            }
            BlockKind::Figure { caption, .. } => inline_text(doc, caption, out),
            BlockKind::DefinitionList(items) => {
                for d in items {
                    inline_text(doc, &d.term, out);
                    d.definitions.iter().for_each(|x| block_text(doc, x, out));
                }
            }
            BlockKind::Div { blocks: inner, .. } => block_text(doc, inner, out),
            BlockKind::ThematicBreak => {}
        }
    }
}

/// The text of every table cell in `blocks`, nested blocks included.
fn table_cells(doc: &Document, blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match &b.kind {
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    let mut text = String::new();
                    inline_text(doc, cell, &mut text);
                    out.push(text);
                }
            }
            BlockKind::BlockQuote(inner) | BlockKind::Div { blocks: inner, .. } => {
                table_cells(doc, inner, out)
            }
            BlockKind::List { items, .. } => items.iter().for_each(|i| table_cells(doc, i, out)),
            BlockKind::DefinitionList(items) => items
                .iter()
                .flat_map(|d| &d.definitions)
                .for_each(|x| table_cells(doc, x, out)),
            _ => {}
        }
    }
}

/// The streams of a book: (name, words), in the order they appear in both outputs.
/// A table cell's words are a stream of their own, checked alone, as notes are.
pub(crate) fn streams(doc: &Document) -> Vec<(String, Vec<String>)> {
    let mut out = vec![];
    let mut cells = vec![];
    for c in &doc.chapters {
        let mut s = String::new();
        inline_text(doc, &c.title, &mut s);
        block_text(doc, &c.blocks, &mut s);
        out.push((format!("chapter {}", c.slug), words(&s)));
        table_cells(doc, &c.blocks, &mut cells);
    }
    for n in &doc.notes {
        table_cells(doc, &n.blocks, &mut cells);
    }
    for (k, cell) in cells.iter().enumerate() {
        out.push((format!("table cell {}", k + 1), words(cell)));
    }
    for n in &doc.notes {
        let mut s = String::new();
        block_text(doc, &n.blocks, &mut s);
        out.push((format!("note {}", n.number), words(&s)));
    }
    for g in &doc.glossary {
        let mut s = g.term.clone() + " ";
        block_text(doc, &g.definition, &mut s);
        out.push((format!("glossary `{}`", g.term), words(&s)));
    }
    for b in &doc.bibliography {
        let mut s = String::new();
        inline_text(doc, &b.rendered, &mut s);
        out.push((format!("work `{}`", b.key), words(&s)));
    }
    out
}

/// Matches `want` in order inside `have`, starting at an occurrence of its first word at
/// or after `from` and each next word within `gap` words of the previous; returns where
/// the stream started, or the first word no start could get past.
fn find_in_order(
    want: &[String],
    have: &[String],
    from: usize,
    gap: usize,
) -> Result<usize, String> {
    let Some(first) = want.first() else {
        return Ok(from);
    };
    let mut furthest = (0, String::new());
    for start in
        (from..have.len()).filter(|&j| have[j] == *first || have[j].starts_with(first.as_str()))
    {
        match match_from(want, have, start, gap) {
            Ok(()) => return Ok(start),
            Err(i) if i >= furthest.0 => {
                let context = want[i.saturating_sub(5)..(i + 5).min(want.len())].join(" ");
                furthest = (i, format!("word {i} `{}` (in “… {context} …”)", want[i]));
            }
            Err(_) => {}
        }
    }
    Err(if furthest.1.is_empty() {
        format!("its first word `{first}`")
    } else {
        furthest.1
    })
}

/// How far after a page's last word its next page's first word may be in pdftotext.
const PAGE_TURN: usize = 400;

/// Matches all of `want` from `have[start]`, each word within `gap` of the previous;
/// `Err(i)`: word `i` was not found. Two words on one side may equal one on the other
/// (a line break at a real hyphen, or inside a URL).
///
/// A word broken at a page's last line continues after that page's notes: at most
/// [`PAGE_TURN`] words later.
fn match_from(want: &[String], have: &[String], start: usize, gap: usize) -> Result<(), usize> {
    let mut at = start;
    let mut i = 0;
    while i < want.len() {
        let limit = if i == 0 {
            start + 1
        } else {
            (at + gap).min(have.len())
        };
        let joined = want.get(i + 1).map(|n| format!("{}{n}", want[i]));
        let hit = (at..limit.min(have.len())).find_map(|j| {
            if have[j] == want[i] {
                Some((j + 1, 1))
            } else if joined.as_deref() == Some(have[j].as_str()) {
                Some((j + 1, 2))
            } else if have
                .get(j + 1)
                .is_some_and(|n| format!("{}{n}", have[j]) == want[i])
            {
                Some((j + 2, 1))
            } else if let Some(rest) = want[i]
                .strip_prefix(have[j].as_str())
                .filter(|r| !r.is_empty() && have[j].len() >= 2)
            {
                // Hyphenated at the foot of a page: the page's notes and running
                // head stand between the two halves.
                (j + 1..(j + PAGE_TURN).min(have.len()))
                    .find(|&k| have[k] == rest)
                    .map(|k| (k + 1, 1))
            } else {
                None
            }
        });
        let Some((next, used)) = hit else {
            return Err(i);
        };
        at = next;
        i += used;
    }
    Ok(())
}

fn check(
    output: &str,
    have: &[String],
    streams: &[(String, Vec<String>)],
    gap: usize,
) -> Result<(), String> {
    // Chapters follow each other; notes, glossary and works cited are each checked alone.
    let mut chapter_start = 0;
    for (name, want) in streams {
        let chapter = name.starts_with("chapter");
        let from = if chapter { chapter_start } else { 0 };
        let start = find_in_order(want, have, from, gap)
            .map_err(|e| format!("{output}: {name} lost {e}"))?;
        if chapter {
            chapter_start = start + 1;
        }
    }
    Ok(())
}

/// Checks both outputs of a built book against its manuscript's words: `(EPUB, PDF)`,
/// each `Err` naming the first word lost; the PDF's is `None` when pdftotext is missing.
pub(crate) fn lost_words(
    doc: &Document,
    epub: &[u8],
    pdf: &[u8],
) -> (Result<(), String>, Option<Result<(), String>>) {
    let streams = streams(doc);
    let epub_text: String = support::spine_documents(epub)
        .iter()
        .map(|(_, x)| support::strip_tags(x) + "\n")
        .collect();
    let epub = check("EPUB", &words(&epub_text), &streams, 1000);
    // A page of notes and running heads may sit between two body words in the PDF; in
    // the EPUB a paragraph's notes may follow it. 1,000 and 1,500 words are a few pages.
    let pdf = pdf_words(pdf).map(|have| check("PDF", &have, &streams, 1500));
    (epub, pdf)
}

/// pdftotext of a PDF with line-end hyphens joined (`ex-\nample` → `example`).
fn pdf_words(pdf: &[u8]) -> Option<Vec<String>> {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("book.pdf");
    std::fs::write(&path, pdf).unwrap();
    let text = pdf_tools::pdftotext(&path, None)?;
    let mut joined = String::new();
    for line in text.lines() {
        let line = line.trim_end();
        match line
            .strip_suffix('-')
            .or_else(|| line.strip_suffix('\u{2010}'))
        {
            Some(stem) if stem.ends_with(char::is_alphabetic) => {
                joined.push_str(stem.trim_start());
                joined.push('\u{1}'); // join marker, removed below
            }
            _ => {
                joined.push_str(line);
                joined.push('\n');
            }
        }
    }
    // Lines continue after a join marker with their leading spaces removed.
    let mut out = String::new();
    let mut glue = false;
    for part in joined.split('\n') {
        for (k, piece) in part.split('\u{1}').enumerate() {
            let piece = if k > 0 || glue {
                piece.trim_start()
            } else {
                piece
            };
            out.push_str(piece);
        }
        glue = false;
        out.push('\n');
    }
    Some(words(&out))
}

fn roundtrip(files: &dyn ProjectFiles) {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let input = parse::parse_project(files, &mut sources, &mut diags).expect("a document");
    let streams = streams(&input.document);
    let total: usize = streams.iter().map(|(_, w)| w.len()).sum();
    assert!(total > 100, "the book has words ({total})");
    let built = support::build_files(files, None);
    let products = built.ok();
    let (epub, pdf) = lost_words(
        &input.document,
        products.epub.as_ref().unwrap(),
        products.pdf.as_ref().unwrap(),
    );
    epub.unwrap_or_else(|e| panic!("{e}"));
    if let Some(pdf) = pdf {
        pdf.unwrap_or_else(|e| panic!("{e}"));
    }
}

/// The bundled pamphlet: five chapters, notes, glossary and works cited.
#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn bundled_pamphlet_loses_no_word() {
    roundtrip(&parse::files::embedded_pamphlet());
}

/// The parser's small fixture: citations in notes, glossary uses, a table, an image.
#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn small_fixture_loses_no_word() {
    roundtrip(&DirFiles::new(support::fixture("small")));
}

/// The checker itself: a dropped word is caught, extra words are not a failure.
#[test]
fn checker_catches_a_lost_word() {
    let want = words("the bureaucracy is not a class but a caste resting on property");
    let with_extras =
        words("12 the bureaucracy is not a class RUNNING HEAD 13 but a caste resting on property");
    assert!(find_in_order(&want, &with_extras, 0, 10).is_ok());
    let lost = words("the bureaucracy is not a class but a resting on property the caste");
    assert!(find_in_order(&want, &lost, 0, 10).is_err());
    let hyphen = words("the bureau cracy is not a class but a caste resting on property");
    assert!(find_in_order(&want, &hyphen, 0, 10).is_ok());
}
