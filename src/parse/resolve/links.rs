//! Links inside the book: `[x](#id)`, `[x](other.md)` and `[x](other.md#id)` (how
//! pandoc, mdBook and GitHub link between files) become [`InlineKind::CrossRef`]s to
//! a chapter's slug or an anchor in it. A link that names no chapter or id of the book
//! keeps its text, with a warning at the link.

use crate::diag::{Diagnostic, Diagnostics, FileId, Sources, Span};
use crate::model::{Block, BlockKind, Chapter, Inline, InlineKind};
use crate::parse::markdown::TITLE_ANCHOR;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// What links can name: each chapter's file, slug and ids.
#[derive(Debug, Default)]
pub struct LinkTable {
    /// Chapter index by its file path (normalised, as read).
    files: HashMap<PathBuf, usize>,
    /// Per chapter: the file, the slug, and its ids (as written or generated → anchor).
    chapters: Vec<(FileId, String, HashMap<String, String>)>,
}

impl LinkTable {
    /// Adds the next chapter (in reading order).
    pub fn add(&mut self, file: FileId, path: &Path, slug: &str, ids: &[(String, String)]) {
        let mut map = HashMap::new();
        for (id, anchor) in ids {
            let anchor = if anchor == TITLE_ANCHOR {
                slug.to_string()
            } else {
                anchor.clone()
            };
            map.entry(id.clone()).or_insert(anchor);
        }
        self.files.insert(normalise(path), self.chapters.len());
        self.chapters.push((file, slug.to_string(), map));
    }

    /// The anchor a destination names, seen from the file `from`; `Err` with the reason.
    fn target(&self, from: FileId, sources: &Sources, dest: &str) -> Result<String, String> {
        let (path, frag) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = percent_decode(path.split('?').next().unwrap_or(""));
        let frag = frag.map(percent_decode);
        let chapter = if path.is_empty() {
            self.chapters.iter().position(|c| c.0 == from)
        } else {
            let here = &sources.get(from).display;
            let dir = here.parent().unwrap_or(Path::new(""));
            let full = normalise(&dir.join(&path));
            match self.files.get(&full) {
                Some(&k) => Some(k),
                None => return Err(format!("`{path}` is not a chapter of the book")),
            }
        };
        let Some(frag) = frag.filter(|f| !f.is_empty()) else {
            return chapter
                .map(|k| self.chapters[k].1.clone())
                .ok_or_else(|| "the link names no chapter".to_string());
        };
        // The named chapter's ids first, then (for `#id`) any chapter's.
        let slug = super::super::metadata::slug(&frag);
        let find = |k: usize| {
            let ids = &self.chapters[k].2;
            ids.get(&frag).or_else(|| ids.get(&slug)).cloned()
        };
        if let Some(found) = chapter.and_then(find) {
            return Ok(found);
        }
        if path.is_empty()
            && let Some(found) = (0..self.chapters.len()).find_map(find)
        {
            return Ok(found);
        }
        Err(match chapter {
            Some(k) if !path.is_empty() => {
                let _ = k;
                format!("`{path}` has no heading or id `{frag}`")
            }
            _ => format!("no heading or id `{frag}` in the book"),
        })
    }
}

/// Resolves the internal links of a chapter's title and text (not its notes).
pub fn chapter(ch: &mut Chapter, table: &LinkTable, sources: &Sources, diags: &mut Diagnostics) {
    let mut cx = Cx {
        table,
        sources,
        diags,
    };
    cx.inlines(&mut ch.title);
    cx.blocks(&mut ch.blocks);
}

/// Resolves the internal links of some blocks (a note's, a glossary definition's).
pub fn blocks(list: &mut [Block], table: &LinkTable, sources: &Sources, diags: &mut Diagnostics) {
    Cx {
        table,
        sources,
        diags,
    }
    .blocks(list);
}

struct Cx<'a> {
    table: &'a LinkTable,
    sources: &'a Sources,
    diags: &'a mut Diagnostics,
}

impl Cx<'_> {
    fn blocks(&mut self, blocks: &mut [Block]) {
        for b in blocks {
            match &mut b.kind {
                BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => self.inlines(c),
                BlockKind::BlockQuote(inner) | BlockKind::Div { blocks: inner, .. } => {
                    self.blocks(inner)
                }
                BlockKind::List { items, .. } => items.iter_mut().for_each(|i| self.blocks(i)),
                BlockKind::Table {
                    header,
                    rows,
                    caption,
                    ..
                } => {
                    header
                        .iter_mut()
                        .chain(rows.iter_mut().flatten())
                        .for_each(|c| self.inlines(c));
                    self.inlines(caption);
                }
                BlockKind::Figure { caption, .. } => self.inlines(caption),
                BlockKind::DefinitionList(items) => {
                    for d in items {
                        self.inlines(&mut d.term);
                        d.definitions.iter_mut().for_each(|x| self.blocks(x));
                    }
                }
                BlockKind::CodeBlock { .. } | BlockKind::ThematicBreak => {}
            }
        }
    }

    fn inlines(&mut self, list: &mut Vec<Inline>) {
        let mut k = 0;
        while k < list.len() {
            if let Some(c) = list[k].kind.children_mut() {
                self.inlines(c);
            }
            let span = list[k].span;
            let InlineKind::Link { url, content } = &mut list[k].kind else {
                k += 1;
                continue;
            };
            if is_external(url) {
                match invalid_url(url) {
                    None => k += 1,
                    Some(why) => {
                        if !span.is_detached() {
                            self.diags.push(
                                Diagnostic::warning(span, format!("the link to `{url}` is not a valid URL: {why}; its text is kept"))
                                    .with_hint("check the address; a reader cannot open it, and EPUBCheck refuses it"),
                            );
                        }
                        let content = std::mem::take(content);
                        let n = content.len();
                        list.splice(k..=k, content);
                        k += n;
                    }
                }
                continue;
            }
            match self.target(span, url) {
                Some(anchor) => {
                    let content = std::mem::take(content);
                    list[k].kind = InlineKind::CrossRef { anchor, content };
                    k += 1;
                }
                None => {
                    // The text stays, without the link.
                    let content = std::mem::take(content);
                    let n = content.len();
                    list.splice(k..=k, content);
                    k += n;
                }
            }
        }
    }

    fn target(&mut self, span: Span, url: &str) -> Option<String> {
        if span.is_detached() {
            return None;
        }
        match self.table.target(span.file, self.sources, url) {
            Ok(anchor) => Some(anchor),
            Err(why) => {
                self.diags.push(
                    Diagnostic::warning(span, format!("the link to `{url}` goes nowhere: {why}; its text is kept"))
                        .with_hint("link to a chapter file (`other.md`), a heading in it (`other.md#heading`), or a heading or `{#id}` in the book (`#id`)"),
                );
                None
            }
        }
    }
}

/// Whether a URL has a scheme (`https:`, `mailto:` …) and so leaves the book.
fn is_external(url: &str) -> bool {
    let url = url.trim();
    match url.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => url.starts_with("//"),
    }
}

/// Why an external URL is no URL a reader can open (as the WHATWG URL standard, which
/// EPUBCheck follows, reads it): it does not parse, or its host has an empty label
/// (`http://../`, `https://a..b/`). `None` when it is fine.
fn invalid_url(url: &str) -> Option<String> {
    let url = url.trim();
    if url.starts_with("//") {
        return None;
    }
    let parsed = match url::Url::parse(url) {
        Ok(u) => u,
        Err(e) => return Some(e.to_string()),
    };
    if let Some(url::Host::Domain(d)) = parsed.host()
        && d.strip_suffix('.')
            .unwrap_or(d)
            .split('.')
            .any(str::is_empty)
    {
        return Some(format!("the host `{d}` has an empty part"));
    }
    None
}

/// `a/./b/../c.md` → `a/c.md`.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// `%20` and friends decoded (invalid sequences kept as written).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(s.get(i + 1..i + 3).unwrap_or("zz"), 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_make_links_external() {
        assert!(is_external("https://example.org"));
        assert!(is_external("mailto:a@b.example"));
        assert!(!is_external("two.md"));
        assert!(!is_external("#setup"));
        assert!(!is_external("two.md#a:b"));
    }

    #[test]
    fn paths_normalise_and_decode() {
        assert_eq!(
            normalise(Path::new("manuscript/./a/../two.md")),
            PathBuf::from("manuscript/two.md")
        );
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
