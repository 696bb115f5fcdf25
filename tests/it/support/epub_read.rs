//! Reading a built EPUB back: its entries, and the text of an XHTML document.

#![allow(dead_code)]

use pamphleteer::model::{Block, BlockKind, Chapter, Document, Inline, InlineKind};
use std::io::Read;

/// The zip entries in order: name and bytes.
pub fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().expect("a UTF-8 name").to_string(), data)
        })
        .collect()
}

/// One entry as text.
pub fn entry(epub: &[u8], name: &str) -> String {
    entries(epub)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .unwrap_or_else(|| panic!("{name} is in the EPUB"))
}

/// Removes every `<open …>…</close>` region that starts with `open`.
pub fn remove_regions(s: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find(close).expect("region closes") + close.len();
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "li",
    "th",
    "td",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "br",
    "pre",
    "blockquote",
    "hr",
    "tr",
    "aside",
    "div",
    "section",
    "title",
];

/// The text of XHTML: block tags become spaces, inline tags vanish, entities decode.
pub fn text(xhtml: &str) -> String {
    let mut out = String::new();
    let mut rest = xhtml;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').expect("tag closes") + i;
        let tag = &rest[i + 1..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if BLOCK_TAGS.contains(&name.as_str()) {
            out.push(' ');
        }
        if name == "img"
            && let Some(alt) = tag.split("alt=\"").nth(1).and_then(|a| a.split('"').next())
        {
            out.push_str(&format!(" {alt} "));
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The words of blocks as the model has them (citations included, notes apart).
pub fn model_words(doc: &Document, blocks: &[Block], out: &mut Vec<String>) {
    fn inl(i: &[Inline], doc: &Document, out: &mut String) {
        for x in i {
            match &x.kind {
                InlineKind::Text(t) | InlineKind::Code(t) => out.push_str(t),
                InlineKind::Emphasis(c)
                | InlineKind::Strong(c)
                | InlineKind::Strikethrough(c)
                | InlineKind::SmallCaps(c)
                | InlineKind::Superscript(c)
                | InlineKind::Subscript(c)
                | InlineKind::Span { content: c, .. }
                | InlineKind::CrossRef { content: c, .. }
                | InlineKind::Link { content: c, .. }
                | InlineKind::TermRef { content: c, .. } => inl(c, doc, out),
                InlineKind::Cite(id) => inl(&doc.citation(*id).rendered, doc, out),
                InlineKind::Image { alt, .. } => out.push_str(alt),
                InlineKind::SoftBreak | InlineKind::HardBreak => out.push(' '),
                InlineKind::NoteRef(_) => {}
            }
        }
    }
    for b in blocks {
        let mut s = String::new();
        match &b.kind {
            BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => inl(c, doc, &mut s),
            BlockKind::BlockQuote(inner) => model_words(doc, inner, out),
            BlockKind::List { items, .. } => items.iter().for_each(|i| model_words(doc, i, out)),
            BlockKind::CodeBlock { text, .. } => s.push_str(text),
            BlockKind::Table {
                caption,
                header,
                rows,
                ..
            } => std::iter::once(caption)
                .chain(header.iter().chain(rows.iter().flatten()))
                .for_each(|c| {
                    inl(c, doc, &mut s);
                    s.push(' ');
                }),
            BlockKind::Figure { alt, caption, .. } => {
                s.push_str(alt);
                s.push(' ');
                inl(caption, doc, &mut s);
            }
            BlockKind::DefinitionList(items) => {
                for d in items {
                    let mut t = String::new();
                    inl(&d.term, doc, &mut t);
                    out.extend(t.split_whitespace().map(str::to_string));
                    d.definitions.iter().for_each(|x| model_words(doc, x, out));
                }
            }
            BlockKind::Div { blocks: inner, .. } => model_words(doc, inner, out),
            BlockKind::ThematicBreak => {}
        }
        out.extend(s.split_whitespace().map(str::to_string));
    }
}

/// Asserts the chapter's words (title first) appear in `got` in order.
pub fn assert_words_in_order(doc: &Document, ch: &Chapter, got: &[&str], file: &str) {
    let mut want: Vec<String> = pamphleteer::model::plain_text(&ch.title)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    model_words(doc, &ch.blocks, &mut want);
    assert!(!want.is_empty());
    let mut at = 0;
    for w in &want {
        let found = got[at..].iter().position(|g| g == w);
        assert!(
            found.is_some(),
            "{file}: word {w:?} missing or out of order after {:?}",
            &got[at.saturating_sub(30)..at]
        );
        at += found.unwrap() + 1;
    }
}

/// The words of a chapter file's running text: footnotes, note marks and page-break
/// markers left out.
pub fn chapter_words(xhtml: &str) -> String {
    let body = xhtml.split("<div class=\"footnotes\">").next().unwrap();
    let body = remove_regions(body, "<sup class=\"noteref\">", "</sup>");
    let body = remove_regions(&body, "<span epub:type=\"pagebreak\"", "</span>");
    text(&body)
}
