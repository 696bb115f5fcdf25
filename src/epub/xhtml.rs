//! XHTML rendering of the model's inlines and blocks. Every piece of text from the
//! manuscript goes through [`escape_into`], so raw HTML in the text stays text.

use super::marks::Marks;
use super::plan::{self, Plan};
use crate::model::{
    Align, Attrs, Block, BlockKind, CiteId, Definition, Document, Inline, InlineKind, NoteId,
    anchors,
};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Appends `s` escaped for XHTML text and attribute values; characters XML forbids
/// (C0 controls but tab and newlines, U+FFFE, U+FFFF) are dropped.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        push_escaped(out, c);
    }
}

/// `s` escaped for XHTML (see [`escape_into`]).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\t' | '\n' | '\r' => out.push(c),
        '\u{0}'..='\u{1f}' | '\u{7f}' | '\u{fffe}' | '\u{ffff}' => {}
        _ => out.push(c),
    }
}

/// A URL made safe for an `href`: escaped, with spaces and other characters URLs may
/// not contain percent-encoded.
fn url_attr(url: &str) -> String {
    let mut out = String::new();
    let url = url.trim();
    // `[` and `]` are allowed only around an IPv6 host (`http://[::1]/`); in a path or
    // query (`?filter[status]=open`) EPUBCheck refuses them (RSC-020).
    let host_end = url.find("://").map_or(0, |k| {
        let rest = &url[k + 3..];
        k + 3 + rest.find(['/', '?', '#']).unwrap_or(rest.len())
    });
    for (i, c) in url.char_indices() {
        match c {
            '[' | ']' if i >= host_end => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            ' ' | '"' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            _ => push_escaped(&mut out, c),
        }
    }
    out
}

/// Where a line may break inside the URLs of `s`, as character indices to break
/// before: after `/` (after the last of `//`), before `.`, `?`, `#`, `&`, `=`, `~`,
/// `_`, `-`, `%` and `,` (Chicago Manual of Style 6.17), never in the first few
/// characters of the URL nor before its last two. A URL is a run of non-space
/// characters containing `://` or starting `www.`.
pub fn url_breaks(s: &str) -> Vec<usize> {
    if !s.contains("://") && !s.contains("www.") {
        return Vec::new();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        if chars[start].is_whitespace() {
            start += 1;
            continue;
        }
        let end = (start..chars.len())
            .find(|&i| chars[i].is_whitespace())
            .unwrap_or(chars.len());
        let word: String = chars[start..end].iter().collect();
        if word.contains("://") || word.starts_with("www.") {
            let scheme_end = word
                .find("://")
                .map_or(0, |i| word[..i].chars().count() + 3);
            for i in start + scheme_end + 1..end.saturating_sub(2) {
                let (prev, c) = (chars[i - 1], chars[i]);
                let after_slash = prev == '/' && c != '/';
                let before = ".?#&=~_-%,".contains(c) && prev != '/';
                if after_slash || before {
                    out.push(i);
                }
            }
        }
        start = end;
    }
    out
}

/// A complete XHTML content document around `body`.
pub fn document(lang: &str, title: &str, body_class: &str, body: &str) -> Vec<u8> {
    let lang = escape(lang);
    let class = if body_class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{body_class}\"")
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>{}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"{}\"/>\n</head>\n<body{class}>\n{body}</body>\n</html>\n",
        escape(title),
        plan::CSS
    )
    .into_bytes()
}

/// Renders inlines and blocks of one XHTML file, collecting the notes it references.
pub struct Writer<'a> {
    /// The book.
    pub doc: &'a Document,
    /// Where everything lives.
    pub plan: &'a Plan,
    /// The file being written (its href).
    pub file: &'a str,
    /// The markup so far.
    pub out: String,
    /// Notes whose home is this file, in order of first reference; rendered at its end.
    pub notes: Vec<NoteId>,
    /// Page-break markers still to place (chapters only).
    pub marks: Marks<'a>,
    refs_seen: HashMap<NoteId, u32>,
    link_depth: u32,
}

impl<'a> Writer<'a> {
    /// A writer for the file `file`.
    pub fn new(doc: &'a Document, plan: &'a Plan, file: &'a str) -> Writer<'a> {
        Writer {
            doc,
            plan,
            file,
            out: String::new(),
            notes: Vec::new(),
            marks: Marks::none(),
            refs_seen: HashMap::new(),
            link_depth: 0,
        }
    }

    /// Appends raw markup (never text from the manuscript).
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// Appends text, escaped, placing page-break markers that fall inside it and
    /// line-break opportunities (`<wbr/>`) inside URLs.
    pub fn text(&mut self, s: &str) {
        let breaks = url_breaks(s);
        if !self.marks.active() && breaks.is_empty() {
            escape_into(&mut self.out, s);
            return;
        }
        let mut next = breaks.iter().peekable();
        for (i, c) in s.chars().enumerate() {
            if next.next_if(|&&b| b == i).is_some() {
                self.out.push_str("<wbr/>");
            }
            self.marks.before_char(&mut self.out);
            push_escaped(&mut self.out, c);
        }
    }

    /// The href of `target` (`file#id`) as seen from this file.
    pub fn href(&self, file: &str, id: &str) -> String {
        if file == self.file {
            format!("#{id}")
        } else {
            format!("{file}#{id}")
        }
    }

    /// Renders inlines.
    pub fn inlines(&mut self, inlines: &[Inline]) {
        for i in inlines {
            self.inline(i);
        }
    }

    fn wrap(&mut self, open: &str, close: &str, content: &[Inline]) {
        self.raw(open);
        self.inlines(content);
        self.raw(close);
    }

    fn inline(&mut self, i: &Inline) {
        match &i.kind {
            InlineKind::Text(t) => self.text(t),
            InlineKind::Emphasis(c) => self.wrap("<em>", "</em>", c),
            InlineKind::Strong(c) => self.wrap("<strong>", "</strong>", c),
            InlineKind::Strikethrough(c) => self.wrap("<s>", "</s>", c),
            InlineKind::SmallCaps(c) => self.wrap("<span class=\"smallcaps\">", "</span>", c),
            InlineKind::Superscript(c) => self.wrap("<sup>", "</sup>", c),
            InlineKind::Subscript(c) => self.wrap("<sub>", "</sub>", c),
            InlineKind::Code(t) => {
                self.raw("<code>");
                self.text(t);
                self.raw("</code>");
            }
            InlineKind::Span { attrs, content } => {
                let open = format!("<span{}>", attrs_markup(attrs));
                self.wrap(&open, "</span>", content);
            }
            InlineKind::CrossRef { anchor, content } => {
                match self.plan.link_target(&format!("#{anchor}")) {
                    Some(target) => {
                        let target = match target.split_once('#') {
                            Some((file, id)) if file == self.file => format!("#{id}"),
                            _ => target,
                        };
                        let open = format!("<a href=\"{}\">", url_attr(&target));
                        self.link(&open, content);
                    }
                    None => self.inlines(content),
                }
            }
            InlineKind::Link { url, content } => match self.plan.link_target(url) {
                Some(target) => {
                    let target = match target.split_once('#') {
                        Some((file, id)) if file == self.file => format!("#{id}"),
                        _ => target,
                    };
                    let open = format!("<a href=\"{}\">", url_attr(&target));
                    self.link(&open, content);
                }
                None => self.inlines(content),
            },
            InlineKind::TermRef {
                term,
                content,
                use_index,
            } => {
                let slug = &self.doc.term(*term).slug;
                let open = format!(
                    "<a epub:type=\"glossref\" role=\"doc-glossref\" class=\"term\" href=\"{}\" id=\"{}\">",
                    self.href(plan::GLOSSARY, &anchors::term(slug)),
                    anchors::term_use(slug, *use_index)
                );
                self.link(&open, content);
            }
            InlineKind::NoteRef(n) => self.note_ref(*n),
            InlineKind::Cite(c) => self.cite(*c),
            InlineKind::SoftBreak => self.raw("\n"),
            InlineKind::HardBreak => self.raw("<br/>\n"),
            InlineKind::Image { url, alt } if self.plan.images.contains_key(url) => {
                let (href, _) = &self.plan.images[url];
                let _ = write!(self.out, "<img src=\"{href}\" alt=\"{}\"/>", escape(alt));
            }
            InlineKind::Image { alt, .. } => {
                self.raw("<span class=\"image-alt\">");
                escape_into(&mut self.out, alt);
                self.raw("</span>");
            }
        }
    }

    /// A link around `content`, or just the content inside another link.
    fn link(&mut self, open: &str, content: &[Inline]) {
        if self.link_depth > 0 {
            self.inlines(content);
            return;
        }
        self.link_depth += 1;
        self.wrap(open, "</a>", content);
        self.link_depth -= 1;
    }

    /// A footnote mark linking to its note; queues the note if it lives in this file.
    fn note_ref(&mut self, id: NoteId) {
        let number = self.doc.note(id).number;
        let home = self.plan.note_file(id).to_string();
        let seen = self.refs_seen.entry(id).or_insert(0);
        *seen += 1;
        let ref_id = anchors::note_mark_nth(number, *seen);
        if home == self.file && !self.notes.contains(&id) {
            self.notes.push(id);
        }
        if self.link_depth > 0 {
            let _ = write!(self.out, "<sup class=\"noteref\">{number}</sup>");
            return;
        }
        let href = self.href(&home, &anchors::note(number));
        let _ = write!(
            self.out,
            "<sup class=\"noteref\"><a epub:type=\"noteref\" role=\"doc-noteref\" href=\"{href}\" id=\"{ref_id}\">{number}</a></sup>"
        );
    }

    /// A citation as the style rendered it, each work linked to its entry in the works
    /// cited. Its first link carries the id the entries link back to.
    fn cite(&mut self, id: CiteId) {
        let citation = self.doc.citation(id);
        let was = self.marks.suspend();
        let doc = self.doc;
        let mut anchor = Some(anchors::citation(id));
        let open = |this: &Self, item: usize, anchor: &mut Option<String>| -> Option<String> {
            let item = citation.items.get(item)?;
            let id = anchor
                .take()
                .map(|a| format!(" id=\"{a}\""))
                .unwrap_or_default();
            Some(format!(
                "<a role=\"doc-biblioref\" class=\"cite\" href=\"{}\"{id}>",
                this.href(
                    plan::WORKS_CITED,
                    &anchors::work_cited(&doc.reference(item.entry).key),
                )
            ))
        };
        let rendered = &citation.rendered;
        let fits = citation.works.iter().all(|(r, _)| r.end <= rendered.len());
        if self.link_depth > 0 || citation.items.is_empty() {
            // Inside a link: no link of its own, the id on a span.
            let _ = write!(self.out, "<span id=\"{}\">", anchors::citation(id));
            self.inlines(rendered);
            self.out.push_str("</span>");
        } else if citation.works.is_empty() || !fits {
            // One work (or one link for the whole): the citation is its link.
            match open(self, 0, &mut anchor) {
                Some(o) => self.link(&o, rendered),
                None => self.inlines(rendered),
            }
        } else {
            // Several works: each is a link to its own entry, as pandoc does.
            let mut at = 0;
            for (range, item) in &citation.works {
                self.inlines(&rendered[at.min(range.start)..range.start]);
                match open(self, *item, &mut anchor) {
                    Some(o) => self.link(&o, &rendered[range.clone()]),
                    None => self.inlines(&rendered[range.clone()]),
                }
                at = range.end;
            }
            self.inlines(&rendered[at..]);
        }
        self.marks.resume(was);
    }

    /// Renders blocks (counting them in pre-order for page-break markers).
    pub fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    fn block(&mut self, b: &Block) {
        self.marks.start_block();
        match &b.kind {
            BlockKind::Paragraph(content) => {
                // A paragraph that is only an image is not indented: the indent would
                // push a full-width image past the screen's edge.
                let image_only = matches!(
                    content.as_slice(),
                    [Inline {
                        kind: InlineKind::Image { .. },
                        ..
                    }]
                );
                self.raw(if image_only {
                    "<p class=\"image\">"
                } else {
                    "<p>"
                });
                self.inlines(content);
                self.marks.end_block(&mut self.out);
                self.raw("</p>\n");
            }
            BlockKind::Heading {
                level,
                content,
                anchor,
                ..
            } => {
                let level = (*level).clamp(2, 6);
                let id = escape(&anchors::heading(anchor));
                let _ = write!(self.out, "<h{level} id=\"{id}\">");
                self.inlines(content);
                self.marks.end_block(&mut self.out);
                let _ = writeln!(self.out, "</h{level}>");
            }
            BlockKind::BlockQuote(inner) => {
                self.marks.end_block(&mut self.out);
                self.raw("<blockquote>\n");
                self.blocks(inner);
                self.raw("</blockquote>\n");
            }
            BlockKind::List {
                start,
                items,
                tasks,
            } => self.list(*start, items, tasks),
            BlockKind::CodeBlock { text, .. } => {
                self.raw("<pre><code>");
                self.text(text.trim_end_matches('\n'));
                self.marks.end_block(&mut self.out);
                self.raw("</code></pre>\n");
            }
            BlockKind::Table {
                align,
                header,
                rows,
                caption,
            } => self.table(align, header, rows, caption),
            BlockKind::Figure { url, alt, caption } => self.figure(url, alt, caption),
            BlockKind::DefinitionList(items) => self.definitions(items),
            BlockKind::Div { attrs, blocks } => {
                self.marks.end_block(&mut self.out);
                let _ = writeln!(self.out, "<div{}>", attrs_markup(attrs));
                self.blocks(blocks);
                self.raw("</div>\n");
            }
            BlockKind::ThematicBreak => {
                self.marks.end_block(&mut self.out);
                self.raw("<hr class=\"break\"/>\n");
            }
        }
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], tasks: &[bool]) {
        self.marks.end_block(&mut self.out);
        match start {
            None => self.raw("<ul>\n"),
            Some(1) => self.raw("<ol>\n"),
            Some(n) => {
                let _ = writeln!(self.out, "<ol start=\"{n}\">");
            }
        }
        for (k, item) in items.iter().enumerate() {
            // A task item's box, its first text, stands in for the bullet.
            self.raw(if tasks.get(k) == Some(&true) {
                "<li class=\"task\">"
            } else {
                "<li>"
            });
            self.blocks(item);
            self.raw("</li>\n");
        }
        self.raw(if start.is_some() {
            "</ol>\n"
        } else {
            "</ul>\n"
        });
    }

    /// An image paragraph: `<figure>` with the image and its caption, if any.
    #[inline(never)]
    fn figure(&mut self, url: &str, alt: &str, caption: &[Inline]) {
        self.raw("<figure>\n");
        match self.plan.images.get(url) {
            Some((href, _)) => {
                let _ = write!(self.out, "<img src=\"{href}\" alt=\"{}\"/>", escape(alt));
            }
            None => {
                self.raw("<p><span class=\"image-alt\">");
                escape_into(&mut self.out, alt);
                self.raw("</span></p>");
            }
        }
        if !caption.is_empty() {
            self.raw("\n<figcaption>");
            self.inlines(caption);
            self.raw("</figcaption>");
        }
        self.marks.end_block(&mut self.out);
        self.raw("\n</figure>\n");
    }

    /// A definition list: each term, then each of its definitions.
    #[inline(never)]
    fn definitions(&mut self, items: &[Definition]) {
        self.marks.end_block(&mut self.out);
        self.raw("<dl>\n");
        for d in items {
            // Each term counts as a block of its own (see `marks`).
            self.marks.start_block();
            self.raw("<dt>");
            self.inlines(&d.term);
            self.marks.end_block(&mut self.out);
            self.raw("</dt>\n");
            for def in &d.definitions {
                self.raw("<dd>");
                self.blocks(def);
                self.raw("</dd>\n");
            }
        }
        self.raw("</dl>\n");
    }

    fn table(
        &mut self,
        align: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        caption: &[Inline],
    ) {
        let class = |i: usize| match align.get(i) {
            Some(Align::Left) => " class=\"left\"",
            Some(Align::Center) => " class=\"center\"",
            Some(Align::Right) => " class=\"right\"",
            _ => "",
        };
        // The box scrolls sideways on its own when a wide table does not fit a phone,
        // instead of widening the page; it is focusable, so it scrolls from the
        // keyboard too (WCAG 2.1.1, axe's scrollable-region-focusable).
        self.raw("<div class=\"table\" tabindex=\"0\">\n<table>\n");
        if !caption.is_empty() {
            self.raw("<caption>");
            self.inlines(caption);
            self.raw("</caption>\n");
        }
        self.raw("<thead>\n<tr>");
        for (i, cell) in header.iter().enumerate() {
            let _ = write!(self.out, "<th scope=\"col\"{}>", class(i));
            self.inlines(cell);
            self.raw("</th>");
        }
        self.raw("</tr>\n</thead>\n<tbody>\n");
        for row in rows {
            self.raw("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let _ = write!(self.out, "<td{}>", class(i));
                self.inlines(cell);
                self.raw("</td>");
            }
            self.raw("</tr>\n");
        }
        self.marks.end_block(&mut self.out);
        self.raw("</tbody>\n</table>\n</div>\n");
    }

    /// Renders the queued notes as footnotes, each after a back-link to its first
    /// reference; notes referenced from notes join the queue and follow.
    pub fn footnotes(&mut self) {
        if self.notes.is_empty() {
            return;
        }
        let was = self.marks.suspend();
        // The rule is an element of its own, not a border of the notes' container:
        // reading systems that show a note in a pop-up (calibre, Apple Books, Kobo)
        // would otherwise carry the container's rule and space into every pop-up.
        self.raw("<hr class=\"footnotes\"/>\n<div class=\"footnotes\">\n");
        let mut i = 0;
        while i < self.notes.len() {
            let note = self.doc.note(self.notes[i]);
            let n = note.number;
            let _ = writeln!(
                self.out,
                "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"{}\" class=\"footnote\">",
                anchors::note(n)
            );
            let back = format!(
                "<a role=\"doc-backlink\" class=\"backlink\" href=\"#{}\">{n}.</a> ",
                anchors::note_mark(n)
            );
            match note.blocks.split_first() {
                Some((first, rest)) if matches!(first.kind, BlockKind::Paragraph(_)) => {
                    let BlockKind::Paragraph(content) = &first.kind else {
                        unreachable!()
                    };
                    self.raw("<p>");
                    self.raw(&back);
                    self.inlines(content);
                    self.raw("</p>\n");
                    self.blocks(rest);
                }
                _ => {
                    self.raw("<p>");
                    self.raw(back.trim_end());
                    self.raw("</p>\n");
                    self.blocks(&note.blocks);
                }
            }
            self.raw("</aside>\n");
            i += 1;
        }
        self.raw("</div>\n");
        self.marks.resume(was);
    }
}

/// ` id="…" lang="…" xml:lang="…"` for what the attributes carry.
fn attrs_markup(attrs: &Attrs) -> String {
    let mut out = String::new();
    if let Some(a) = &attrs.anchor {
        let _ = write!(out, " id=\"{}\"", escape(&anchors::heading(a)));
    }
    if let Some(l) = &attrs.lang {
        let l = escape(l);
        let _ = write!(out, " lang=\"{l}\" xml:lang=\"{l}\"");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_markup_out_and_drops_what_xml_forbids() {
        assert_eq!(
            escape("<b>\"A&B\"</b>\u{1}\u{7}\tok\u{ffff}"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;\tok"
        );
        assert_eq!(escape("’ – …"), "’ – …");
    }

    #[test]
    fn brackets_are_encoded_outside_an_ipv6_host() {
        assert_eq!(
            url_attr("https://x.org/issues?filter[status]=open"),
            "https://x.org/issues?filter%5Bstatus%5D=open"
        );
        assert_eq!(
            url_attr("http://[::1]:8080/a[1]"),
            "http://[::1]:8080/a%5B1%5D"
        );
    }

    #[test]
    fn urls_are_encoded_for_href() {
        assert_eq!(
            url_attr(" https://e.org/a b?q=\"x\"&y=<z> "),
            "https://e.org/a%20b?q=%22x%22&amp;y=%3Cz%3E"
        );
    }

    #[test]
    fn urls_get_break_opportunities_after_slashes_and_before_dots() {
        let s = "see https://example.org/a/b.html?x=1 now";
        let at: Vec<String> = url_breaks(s)
            .iter()
            .map(|&i| s.chars().skip(i).take(3).collect())
            .collect();
        assert_eq!(at, [".or", "a/b", "b.h", ".ht", "?x="]);
        assert!(url_breaks("no urls. here/there").is_empty());
        assert!(!url_breaks("www.example.com/path").is_empty());
    }

    #[test]
    fn documents_carry_both_language_attributes() {
        let d = String::from_utf8(document("de-AT", "A & B", "", "<p>x</p>\n")).unwrap();
        assert!(d.contains("lang=\"de-AT\" xml:lang=\"de-AT\""));
        assert!(d.contains("<title>A &amp; B</title>"));
        assert!(d.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>"));
    }
}
