//! Pandoc's extensions that pulldown-cmark does not parse, recognised in the blocks it
//! made: table captions (`Table: …` or `: …` next to a table), fenced divs
//! (`::: {lang=de}` … `:::`), bracketed spans (`[text]{lang=ru}`), inline notes
//! (`^[…]`), and grid tables (reported, not printed as noise).
//!
//! Fences and attributes are read from the source (not the rendered text, where smart
//! punctuation has curled the quotes), through the spans of the inlines.

use super::markdown::{Builder, FootnoteDef};
use super::pending::PendingNoteRef;
use super::textrun;
use crate::diag::{Diagnostic, Span};
use crate::model::{Attrs, Block, BlockKind, Inline, InlineKind, NoteId};

/// How deep in nested blocks the pass looks (deeper blocks are left as parsed).
const MAX_DEPTH: usize = 32;

/// The post-pass over a file's blocks (recursively), skipped when the file has none of
/// the constructs' marks.
pub(super) fn blocks(blocks: Vec<Block>, b: &mut Builder) -> Vec<Block> {
    let src = b.src;
    let marks = [
        ":::", "Table:", "\n:", "^", "~", "]{", "+-", "+=", "http://", "https://", "www.",
    ];
    if !marks.iter().any(|m| src.contains(m)) && !src.starts_with(':') {
        return blocks;
    }
    blocks_inner(blocks, b, 0)
}

/// The source text of a block.
fn source<'s>(b: &Builder<'_, '_, 's>, span: Span) -> &'s str {
    b.src.get(span.range()).unwrap_or("")
}

/// Table captions before or after a table; grid tables reported; recursion into
/// containers; inline spans and notes in every paragraph.
fn captions(blocks: Vec<Block>, b: &mut Builder, depth: usize) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut iter = blocks.into_iter().peekable();
    while let Some(mut block) = iter.next() {
        block.kind = match block.kind {
            BlockKind::BlockQuote(inner) => BlockKind::BlockQuote(blocks_inner(inner, b, depth)),
            BlockKind::List {
                start,
                items,
                tasks,
            } => BlockKind::List {
                start,
                items: items
                    .into_iter()
                    .map(|i| blocks_inner(i, b, depth))
                    .collect(),
                tasks,
            },
            BlockKind::DefinitionList(items) => BlockKind::DefinitionList(
                items
                    .into_iter()
                    .map(|mut d| {
                        d.term = inlines(d.term, b);
                        d.definitions = d
                            .definitions
                            .into_iter()
                            .map(|x| blocks_inner(x, b, depth))
                            .collect();
                        d
                    })
                    .collect(),
            ),
            BlockKind::Paragraph(c) => {
                let src = source(b, block.span);
                if src.starts_with("+-") && src.contains('|') || src.starts_with("+=") {
                    b.report_once(
                        "grid",
                        block.span,
                        "pandoc grid tables are not supported; the table is printed as text",
                        "write it as a pipe table (`| a | b |` with a `|---|---|` line)",
                    );
                }
                BlockKind::Paragraph(inlines(c, b))
            }
            other => other,
        };
        // A caption paragraph after the table, or before it.
        let is_table = matches!(block.kind, BlockKind::Table { .. });
        if is_table {
            let after = iter.peek().and_then(|n| caption_of(n, b));
            if let Some(c) = after {
                iter.next();
                set_caption(&mut block, c);
            } else if let Some(prev) = out.last()
                && let Some(c) = caption_of(prev, b)
                && source(b, prev.span).trim_start().starts_with("Table:")
            {
                out.pop();
                set_caption(&mut block, c);
            }
        }
        out.push(block);
    }
    out
}

fn blocks_inner(blocks: Vec<Block>, b: &mut Builder, depth: usize) -> Vec<Block> {
    if depth > MAX_DEPTH {
        return blocks;
    }
    let blocks = captions(blocks, b, depth + 1);
    divs(blocks, b)
}

fn set_caption(table: &mut Block, c: Vec<Inline>) {
    if let BlockKind::Table { caption, .. } = &mut table.kind {
        *caption = c;
    }
}

/// The caption of a `Table: …` or `: …` paragraph, without its prefix.
fn caption_of(block: &Block, b: &Builder) -> Option<Vec<Inline>> {
    let BlockKind::Paragraph(content) = &block.kind else {
        return None;
    };
    let src = source(b, block.span).trim_start();
    if !(src.starts_with("Table:") || src.starts_with(": ")) {
        return None;
    }
    let mut content = content.clone();
    let first = content.first_mut()?;
    let InlineKind::Text(t) = &mut first.kind else {
        return None;
    };
    let rest = t
        .strip_prefix("Table:")
        .or_else(|| t.strip_prefix(':'))?
        .trim_start()
        .to_string();
    let cut = t.len() - rest.len();
    first.span.start = (first.span.start + cut as u32).min(first.span.end);
    *t = rest;
    Some(content)
}

/// Fenced divs: a paragraph whose first source line is `:::` with attributes opens a
/// div, one whose last line is `:::` alone closes it; the lines between stay the
/// paragraph they are in.
fn divs(blocks: Vec<Block>, b: &mut Builder) -> Vec<Block> {
    // Each open div: its attributes, its opening span, the blocks before it.
    let mut stack: Vec<(Attrs, Span, Vec<Block>)> = vec![];
    let mut cur: Vec<Block> = vec![];
    for block in blocks {
        let BlockKind::Paragraph(_) = &block.kind else {
            cur.push(block);
            continue;
        };
        // Whole source lines: inside a would-be definition the span starts after `:`.
        let start = block.span.start as usize;
        let line_start = start - super::markdown::line_at(b.src, start).len().min(start);
        let line_start = b.src[..start]
            .rfind('\n')
            .map_or(0, |k| k + 1)
            .max(line_start);
        let src = b.src.get(line_start..block.span.end as usize).unwrap_or("");
        let mut lines: Vec<&str> = src.lines().collect();
        let first = lines.first().map(|l| l.trim()).unwrap_or("");
        let opens = first.starts_with(":::") && first.trim_start_matches(':').trim() != "";
        let closes_all = lines.len() == 1 && is_fence(first);
        if !opens && !closes_all && !lines.last().is_some_and(|l| is_fence(l.trim())) {
            cur.push(block);
            continue;
        }
        let mut rest_block = block;
        if opens {
            let attrs_src = first.trim_start_matches(':').trim();
            let attrs_src = attrs_src.trim_end_matches(':').trim();
            let attrs = parse_attrs(attrs_src, rest_block.span, b);
            stack.push((attrs, rest_block.span, std::mem::take(&mut cur)));
            lines.remove(0);
        }
        let closing = lines.last().is_some_and(|l| is_fence(l.trim()));
        if closing {
            lines.pop();
        }
        // Whatever remains between the fence lines is the paragraph's text.
        if !lines.is_empty()
            && let Some(p) = strip_fence_lines(rest_block.clone(), opens, closing)
        {
            rest_block = p;
            cur.push(rest_block);
        }
        if closing && let Some((attrs, _, before)) = stack.pop() {
            let inner = std::mem::replace(&mut cur, before);
            let span = inner.first().map(|f| f.span).unwrap_or(Span::DETACHED);
            cur.push(Block {
                kind: BlockKind::Div {
                    attrs,
                    blocks: inner,
                },
                span,
            });
        }
    }
    // Unclosed divs run to the end of the file, with a warning.
    while let Some((attrs, span, before)) = stack.pop() {
        b.cx.diags.push(
            Diagnostic::warning(
                span,
                "this `:::` div is not closed; it runs to the end of the file",
            )
            .with_hint("end the div with a line of `:::`"),
        );
        let inner = std::mem::replace(&mut cur, before);
        cur.push(Block {
            kind: BlockKind::Div {
                attrs,
                blocks: inner,
            },
            span,
        });
    }
    cur
}

fn is_fence(line: &str) -> bool {
    line.len() >= 3 && line.chars().all(|c| c == ':')
}

/// The paragraph without its first (`opens`) and last (`closes`) source lines.
fn strip_fence_lines(block: Block, opens: bool, closes: bool) -> Option<Block> {
    let BlockKind::Paragraph(mut content) = block.kind else {
        return None;
    };
    if opens {
        let cut = content
            .iter()
            .position(|i| matches!(i.kind, InlineKind::SoftBreak | InlineKind::HardBreak))?;
        content.drain(..=cut);
    }
    if closes {
        let cut = content
            .iter()
            .rposition(|i| matches!(i.kind, InlineKind::SoftBreak | InlineKind::HardBreak))?;
        content.truncate(cut);
    }
    if content.is_empty() {
        return None;
    }
    let span = Span {
        start: content[0].span.start,
        end: content[content.len() - 1].span.end,
        ..block.span
    };
    Some(Block {
        kind: BlockKind::Paragraph(content),
        span,
    })
}

/// `{#id .class lang=de key="v"}` or a bare class word (`::: note`): the id and
/// language the book uses.
fn parse_attrs(src: &str, span: Span, b: &mut Builder) -> Attrs {
    let inner = src
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(src);
    let mut attrs = Attrs::default();
    for word in split_attrs(inner) {
        if let Some(id) = word.strip_prefix('#') {
            attrs.anchor = Some(b.explicit_anchor(id, span));
        } else if let Some((k, v)) = word.split_once('=') {
            let v = v.trim_matches('"').trim_matches('\'');
            if k == "lang" && !v.is_empty() {
                attrs.lang = Some(v.to_string());
            }
        }
    }
    attrs
}

/// Attribute words split at spaces outside quotes.
fn split_attrs(s: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    let mut quote = None;
    for c in s.chars() {
        match (c, quote) {
            ('"' | '\'', None) => {
                quote = Some(c);
                cur.push(c);
            }
            (c, Some(q)) if c == q => {
                quote = None;
                cur.push(c);
            }
            (c, None) if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Inline notes `^[…]` and bracketed spans `[…]{…}` inside runs of text, recursively.
fn inlines(list: Vec<Inline>, b: &mut Builder) -> Vec<Inline> {
    let mut list = list;
    for i in &mut list {
        if !matches!(i.kind, InlineKind::Link { .. } | InlineKind::TermRef { .. }) {
            textrun::map_children(i, |c| inlines(c, b));
        }
    }
    let src = b.src;
    // Runs hold formatting, code and links, so `^[see *this*]` is one note; a
    // construct's own marks must stand in plain text, never inside code or a link.
    textrun::rewrite_rich_runs(list, src, &mut |run| {
        let mut found = find_brackets(&run.text);
        found.retain(|f| {
            !run.touches_formatting(f.whole.start..f.inner.start)
                && !run.touches_formatting(f.inner.end..f.whole.end)
        });
        // Bare URLs (GFM's extended autolinks) outside the bracketed constructs.
        for (range, url) in find_urls(&run.text) {
            if !run.touches_formatting(range.clone())
                && !found
                    .iter()
                    .any(|f| f.whole.start < range.end && range.start < f.whole.end)
            {
                found.push(Bracket {
                    whole: range.clone(),
                    inner: range,
                    attrs: None,
                    script: None,
                    url: Some(url),
                });
            }
        }
        found.sort_by_key(|f| f.whole.start);
        if found.is_empty() {
            return None;
        }
        let mut out = vec![];
        let mut at = 0;
        for f in found {
            out.extend(run.inlines(at..f.whole.start));
            let span = run.span(f.whole.clone());
            let content = run.inlines(f.inner.clone());
            if let Some(url) = f.url {
                out.push(Inline {
                    kind: InlineKind::Link {
                        url,
                        content: textrun::merge_texts(content),
                    },
                    span,
                });
                at = f.whole.end;
                continue;
            }
            if let Some(up) = f.script {
                let content = textrun::merge_texts(content);
                let kind = if up {
                    InlineKind::Superscript(content)
                } else {
                    InlineKind::Subscript(content)
                };
                out.push(Inline { kind, span });
                at = f.whole.end;
                continue;
            }
            match f.attrs {
                None => {
                    // An inline note: a footnote of its own, numbered like the others.
                    let label = format!(" inline {}", span.start);
                    let id = NoteId(b.cx.pending.note_refs.len() as u32);
                    b.cx.pending.note_refs.push(PendingNoteRef {
                        label: label.clone(),
                        span,
                    });
                    b.push_footnote(FootnoteDef {
                        label,
                        blocks: vec![Block {
                            kind: BlockKind::Paragraph(textrun::merge_texts(content)),
                            span: run.span(f.inner.clone()),
                        }],
                        span,
                    });
                    out.push(Inline {
                        kind: InlineKind::NoteRef(id),
                        span,
                    });
                }
                Some(ref a) => {
                    let attrs_src = b.src.get(run.span(a.clone()).range()).unwrap_or("");
                    let attrs = parse_attrs(attrs_src, span, b);
                    out.push(Inline {
                        kind: InlineKind::Span {
                            attrs,
                            content: textrun::merge_texts(content),
                        },
                        span,
                    });
                }
            }
            at = f.whole.end;
        }
        out.extend(run.inlines(at..run.text.len()));
        Some(out)
    })
}

/// `^[…]` (attrs `None`), `[…]{…}` (attrs the `{…}` range), or pandoc's `^sup^` and
/// `~sub~` inside a word (`H~2~O`, `2^10^`: pulldown-cmark takes them only at word
/// boundaries) in a run's text.
struct Bracket {
    whole: std::ops::Range<usize>,
    inner: std::ops::Range<usize>,
    attrs: Option<std::ops::Range<usize>>,
    /// `Some(true)` for a superscript, `Some(false)` for a subscript.
    script: Option<bool>,
    /// A bare URL's link target.
    url: Option<String>,
}

/// Bare `https://…`, `http://…` and `www.…` at the start of a word, as GFM's extended
/// autolinks: the URL runs to a space or `<`; trailing `?!.,:*_~'"` and an unbalanced
/// `)` stay text. `www.` links get `http://`.
fn find_urls(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = vec![];
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let starts = ["https://", "http://", "www."].iter().any(|p| {
            rest.len() > p.len()
                && rest
                    .get(..p.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(p))
        });
        let word_start = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "*_~(\"'“‘".contains(c));
        if !(starts && word_start) {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let mut end = i + rest
            .find(|c: char| c.is_whitespace() || c == '<')
            .unwrap_or(rest.len());
        loop {
            let s = &text[i..end];
            let Some(last) = s.chars().next_back() else {
                break;
            };
            let unbalanced = last == ')' && s.matches(')').count() > s.matches('(').count();
            if "?!.,:*_~'\"’”".contains(last) || unbalanced {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        let s = &text[i..end];
        let host = s.split("://").nth(1).unwrap_or(s);
        if host.contains('.') && host.len() > 4 {
            let url = if s.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("www.")) {
                format!("http://{s}")
            } else {
                s.to_string()
            };
            out.push((i..end, url));
        }
        i = end.max(i + 1);
    }
    out
}

/// The end of `^x^` or `~x~` starting at `i`: no spaces inside, not empty, not `~~`.
fn script_end(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mark = bytes[i];
    if bytes.get(i + 1) == Some(&mark) || (i > 0 && bytes[i - 1] == mark) {
        return None;
    }
    let rest = &text[i + 1..];
    let end = rest.find(|c: char| c as u32 == mark as u32 || c.is_whitespace())?;
    let close = i + 1 + end;
    (end > 0 && bytes[close] == mark && bytes.get(close + 1) != Some(&mark)).then_some(close)
}

fn find_brackets(text: &str) -> Vec<Bracket> {
    let bytes = text.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'^' | b'~')
            && bytes.get(i + 1) != Some(&b'[')
            && let Some(close) = script_end(text, i)
        {
            out.push(Bracket {
                whole: i..close + 1,
                inner: i + 1..close,
                attrs: None,
                script: Some(bytes[i] == b'^'),
                url: None,
            });
            i = close + 1;
            continue;
        }
        if bytes[i] != b'[' || (i > 0 && bytes[i - 1] == b'\\') {
            i += 1;
            continue;
        }
        let note = i > 0 && bytes[i - 1] == b'^';
        // The matching `]`.
        let mut depth = 0;
        let mut j = i;
        let close = loop {
            if j >= bytes.len() {
                break None;
            }
            match bytes[j] {
                b'[' => depth += 1,
                b']' => {
                    depth -= 1;
                    if depth == 0 {
                        break Some(j);
                    }
                }
                _ => {}
            }
            j += 1;
        };
        let Some(close) = close else {
            i += 1;
            continue;
        };
        if note {
            out.push(Bracket {
                whole: i - 1..close + 1,
                inner: i + 1..close,
                attrs: None,
                script: None,
                url: None,
            });
            i = close + 1;
            continue;
        }
        if bytes.get(close + 1) == Some(&b'{')
            && let Some(end) = text[close + 1..].find('}')
        {
            let end = close + 1 + end;
            let attrs = &text[close + 2..end];
            if attrs.contains('=') || attrs.starts_with('#') || attrs.starts_with('.') {
                out.push(Bracket {
                    whole: i..end + 1,
                    inner: i + 1..close,
                    attrs: Some(close + 1..end + 1),
                    script: None,
                    url: None,
                });
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_are_found_with_their_parts() {
        let t = "a^[note [x]] and [Привет]{lang=ru} [no] H~2~O 2^10^ ~~no~~ a ~ b~";
        let f = find_brackets(t);
        assert_eq!(f.len(), 4);
        assert_eq!(&t[f[2].inner.clone()], "2");
        assert_eq!(f[2].script, Some(false));
        assert_eq!(&t[f[3].inner.clone()], "10");
        assert_eq!(f[3].script, Some(true));
        assert_eq!(&t[f[0].inner.clone()], "note [x]");
        assert!(f[0].attrs.is_none());
        assert_eq!(&t[f[1].inner.clone()], "Привет");
        assert_eq!(&t[f[1].attrs.clone().unwrap()], "{lang=ru}");
    }

    #[test]
    fn bare_urls_are_found_without_trailing_punctuation() {
        let t = "Ünïcode — See https://x.org/a_(b)). Or www.example.com, or e@www.no.";
        let u = find_urls(t);
        assert_eq!(
            u.iter()
                .map(|(r, url)| (&t[r.clone()], url.as_str()))
                .collect::<Vec<_>>(),
            [
                ("https://x.org/a_(b)", "https://x.org/a_(b)"),
                ("www.example.com", "http://www.example.com"),
            ]
        );
    }

    #[test]
    fn attribute_words_keep_quoted_spaces() {
        assert_eq!(
            split_attrs("#id .c lang=\"de AT\" x=y"),
            vec!["#id", ".c", "lang=\"de AT\"", "x=y"]
        );
    }
}
