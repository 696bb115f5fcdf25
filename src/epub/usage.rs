//! Which face sets each character: a walk over the XHTML we wrote, applying the
//! stylesheet's font rules, so that only the faces the book uses are embedded, each
//! subset to its own characters.
//!
//! The walk knows our markup and the rules of `css`: `em` switches italic on and off,
//! `cite`, `dfn`, `p.subtitle` and `.image-alt` are italic, `strong`, `b` and `th` bold,
//! `code` and `pre` monospace; headings, paragraphs, quotations, footnotes and entries
//! take weight and style from the layout's block styles. Text in `<head>` is not shown.

use crate::layout::{BlockStyle, Styles};
use std::collections::BTreeSet;

/// The characters each face sets.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Usage {
    /// Text family: regular, italic, bold, bold italic.
    pub text: [BTreeSet<char>; 4],
    /// Monospace family (one face).
    pub mono: BTreeSet<char>,
}

impl Usage {
    /// The characters of the text face with `italic` and `bold`.
    pub fn face(&self, italic: bool, bold: bool) -> &BTreeSet<char> {
        &self.text[usize::from(italic) + 2 * usize::from(bold)]
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Font {
    italic: bool,
    bold: bool,
    mono: bool,
}

/// Adds the characters of one XHTML document to `usage`.
pub fn collect(xhtml: &str, styles: &Styles, usage: &mut Usage) {
    let mut stack: Vec<(String, String, Font)> =
        vec![(String::new(), String::new(), Font::default())];
    let mut hidden = 0u32;
    let mut rest = xhtml;
    while !rest.is_empty() {
        let (text, after) = match rest.find('<') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if hidden == 0 {
            let font = stack.last().map(|s| s.2).unwrap_or_default();
            for c in decode(text).chars().filter(|c| !c.is_whitespace()) {
                let set = if font.mono {
                    &mut usage.mono
                } else {
                    &mut usage.text[usize::from(font.italic) + 2 * usize::from(font.bold)]
                };
                set.insert(c);
            }
        }
        let Some(end) = after.find('>') else { break };
        let tag = &after[1..end];
        rest = &after[end + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim();
            if let Some(at) = stack.iter().rposition(|(n, _, _)| n == name) {
                stack.truncate(at.max(1));
            }
            if name == "head" {
                hidden = hidden.saturating_sub(1);
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name = tag.split_whitespace().next().unwrap_or("");
        let class = attribute(tag, "class").unwrap_or_default();
        let (parent_class, parent) = stack
            .last()
            .map(|s| (s.1.as_str(), s.2))
            .unwrap_or_default();
        let entry = parent_class.split_whitespace().any(|c| c == "entries");
        let font = style(name, &class, entry, parent, styles);
        if self_closing {
            continue;
        }
        if name == "head" {
            hidden += 1;
        }
        stack.push((name.to_string(), class, font));
    }
}

/// The font of element `name` with `class` inside `parent`.
/// `entry`: the element is an item of a list of entries (`.entries > li`).
fn style(name: &str, class: &str, entry: bool, parent: Font, s: &Styles) -> Font {
    let has = |c: &str| class.split_whitespace().any(|x| x == c);
    let block = |b: &BlockStyle| Font {
        italic: b.italic || parent.italic,
        bold: b.bold,
        mono: false,
    };
    let mut f = parent;
    match name {
        "em" | "i" => f.italic = !parent.italic,
        "cite" | "dfn" => f.italic = true,
        "strong" | "b" | "th" => f.bold = true,
        "code" | "pre" | "kbd" | "samp" => f.mono = true,
        "h1" => f = block(&s.chapter_title),
        "h2" => f = block(&s.section),
        "h3" | "h4" | "h5" | "h6" => f = block(&s.subsection),
        "blockquote" => f = block(&s.quote),
        "aside" if has("footnote") => f = block(&s.footnote),
        "li" | "dt" if entry => f = block(&s.entry),
        "p" => {
            f = block(&s.body);
            // `blockquote p` and `aside.footnote p` keep their container's font.
            if parent.italic {
                f.italic = true;
            }
        }
        _ => {}
    }
    if has("subtitle") || has("image-alt") {
        f.italic = true;
    }
    f
}

/// The value of attribute `name` in a start tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')? + at;
    Some(decode(&tag[at..end]))
}

/// Text with the entities we write (`&amp;` `&lt;` `&gt;` `&quot;`, numeric) decoded.
fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(end) = tail.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles() -> Styles {
        Styles::new(crate::layout::ParagraphStyle::Indent, 1.25)
    }

    fn usage(x: &str) -> Usage {
        let mut u = Usage::default();
        collect(x, &styles(), &mut u);
        u
    }

    #[test]
    fn faces_follow_the_markup() {
        let u = usage(
            "<html><head><title>Q</title></head><body><p>a<em>b<em>c</em></em><strong>d<em>e</em></strong> &amp;<code>f</code></p></body></html>",
        );
        let set = |s: &str| s.chars().collect::<BTreeSet<char>>();
        let body_bold = styles().body.bold;
        assert!(!body_bold);
        assert_eq!(u.face(false, false), &set("ac&"));
        assert_eq!(u.face(true, false), &set("b"));
        assert_eq!(u.face(false, true), &set("d"));
        assert_eq!(u.face(true, true), &set("e"));
        assert_eq!(u.mono, set("f"));
        assert!(
            !u.text.iter().any(|s| s.contains(&'Q')),
            "the head is not shown"
        );
    }

    #[test]
    fn a_book_without_bold_or_code_uses_two_faces() {
        let u = usage("<body><p>plain <em>it</em></p><p class=\"subtitle\">sub</p></body>");
        assert!(u.face(false, true).is_empty());
        assert!(u.face(true, true).is_empty());
        assert!(u.mono.is_empty());
        assert!(u.face(true, false).contains(&'s'));
    }
}
