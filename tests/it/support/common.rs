//! Shared helpers for the parse tests: in-memory projects, diagnostics as plain lines,
//! a stable text dump of the resolved model, and snapshot files.
#![allow(dead_code)]

use pamphleteer::diag::{Diagnostics, Sources, Span};
use pamphleteer::model::{Block, BlockKind, Document, Inline, InlineKind};
use pamphleteer::parse::{self, Input, MemFiles, ProjectFiles};
use std::fmt::Write;

/// A minimal book.toml.
pub const BOOK_TOML: &str = "[book]\ntitle = \"Test\"\nlanguage = \"en-GB\"\n";

/// An in-memory project: `(path under manuscript/, text)`; book.toml is added unless given.
pub fn project(files: &[(&str, &str)]) -> MemFiles {
    let mut m = MemFiles::new();
    if !files.iter().any(|(p, _)| *p == "book.toml") {
        m.insert("manuscript/book.toml", BOOK_TOML);
    }
    for (p, t) in files {
        m.insert(format!("manuscript/{p}"), *t);
    }
    m
}

/// The outcome of parsing a project.
pub struct Run {
    pub input: Option<Input>,
    pub sources: Sources,
    pub diags: Vec<String>,
    /// The hints of each diagnostic, in the same order.
    pub hints: Vec<Vec<String>>,
}

impl Run {
    /// The document (panics if parsing gave none).
    pub fn doc(&self) -> &Document {
        &self.input.as_ref().expect("a document").document
    }

    /// Line:column of a span.
    pub fn at(&self, span: Span) -> String {
        self.sources
            .locate(span)
            .map_or("-".into(), |l| format!("{}:{}", l.line, l.column))
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.sources.slice(span)
    }
}

/// Parses a project; diagnostics sorted and rendered as `path:line:col: severity: message`.
pub fn run(files: &dyn ProjectFiles) -> Run {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let input = parse::parse_project(files, &mut sources, &mut diags);
    diags.sort();
    let hints = diags.iter().map(|d| d.hints.clone()).collect();
    let diags = diags.iter().map(|d| d.plain(&sources)).collect();
    Run {
        input,
        sources,
        diags,
        hints,
    }
}

/// Parses an in-memory project.
pub fn run_mem(files: &[(&str, &str)]) -> Run {
    run(&project(files))
}

/// A stable text dump of the resolved document.
pub fn dump(r: &Run) -> String {
    let doc = r.doc();
    let mut out = String::new();
    writeln!(out, "mode: {:?}", doc.citation_mode).unwrap();
    for (i, c) in doc.chapters.iter().enumerate() {
        writeln!(out, "chapter {i} `{}`: {}", c.slug, inlines(r, &c.title)).unwrap();
        blocks(r, &c.blocks, 1, &mut out);
    }
    for n in &doc.notes {
        writeln!(
            out,
            "note {} [^{}] chapter {} @{}",
            n.number,
            n.label,
            n.chapter.0,
            r.at(n.span)
        )
        .unwrap();
        blocks(r, &n.blocks, 1, &mut out);
    }
    for (i, c) in doc.citations.iter().enumerate() {
        let items: Vec<String> = c
            .items
            .iter()
            .map(|it| {
                let mut s = doc.reference(it.entry).key.clone();
                if let Some(p) = &it.prefix {
                    s = format!("{}|{s}", inlines(r, p));
                }
                if it.suppress_author {
                    s = format!("-{s}");
                }
                if let Some(l) = &it.locator {
                    s.push_str(&format!("|loc={l}"));
                }
                if let Some(x) = &it.suffix {
                    s.push_str(&format!("|suffix={}", inlines(r, x)));
                }
                s
            })
            .collect();
        let kind = if c.narrative { "narrative" } else { "cite" };
        writeln!(
            out,
            "citation {i} {kind} @{} [{}]: {}",
            r.at(c.span),
            items.join("; "),
            inlines(r, &c.rendered)
        )
        .unwrap();
    }
    for g in &doc.glossary {
        let uses: Vec<String> = g
            .uses
            .iter()
            .map(|u| format!("ch{}@{}", u.chapter.0, r.at(u.span)))
            .collect();
        writeln!(
            out,
            "term `{}` #{} @{} uses [{}]",
            g.term,
            g.slug,
            r.at(g.span),
            uses.join(", ")
        )
        .unwrap();
        blocks(r, &g.definition, 1, &mut out);
    }
    for (i, b) in doc.bibliography.iter().enumerate() {
        writeln!(
            out,
            "work {i} `{}` @{}: {}",
            b.key,
            r.at(b.span),
            inlines(r, &b.rendered)
        )
        .unwrap();
    }
    out
}

fn blocks(r: &Run, bs: &[Block], depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    for b in bs {
        let at = r.at(b.span);
        match &b.kind {
            BlockKind::Paragraph(i) => writeln!(out, "{pad}para @{at}: {}", inlines(r, i)).unwrap(),
            BlockKind::Heading {
                level,
                content,
                anchor,
                listed,
            } => writeln!(
                out,
                "{pad}h{level} #{anchor}{} @{at}: {}",
                if *listed { "" } else { " unlisted" },
                inlines(r, content)
            )
            .unwrap(),
            BlockKind::Figure { url, alt, caption } => writeln!(
                out,
                "{pad}figure {url} alt={alt:?} @{at}: {}",
                inlines(r, caption)
            )
            .unwrap(),
            BlockKind::DefinitionList(items) => {
                writeln!(out, "{pad}deflist @{at}").unwrap();
                for d in items {
                    writeln!(out, "{pad}  term: {}", inlines(r, &d.term)).unwrap();
                    for def in &d.definitions {
                        writeln!(out, "{pad}  def").unwrap();
                        blocks(r, def, depth + 2, out);
                    }
                }
            }
            BlockKind::Div {
                attrs,
                blocks: inner,
            } => {
                writeln!(out, "{pad}div {attrs:?} @{at}").unwrap();
                blocks(r, inner, depth + 1, out);
            }
            BlockKind::BlockQuote(c) => {
                writeln!(out, "{pad}quote @{at}").unwrap();
                blocks(r, c, depth + 1, out);
            }
            BlockKind::List { start, items, .. } => {
                writeln!(out, "{pad}list start={start:?} @{at}").unwrap();
                for it in items {
                    writeln!(out, "{pad}  item").unwrap();
                    blocks(r, it, depth + 2, out);
                }
            }
            BlockKind::CodeBlock { language, text } => {
                writeln!(out, "{pad}code {language:?} @{at}: {text:?}").unwrap()
            }
            BlockKind::Table {
                align,
                header,
                rows,
                caption,
            } => {
                if !caption.is_empty() {
                    writeln!(out, "{pad}caption: {}", inlines(r, caption)).unwrap();
                }
                let cells = |cs: &Vec<Vec<Inline>>| {
                    cs.iter()
                        .map(|c| inlines(r, c))
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                writeln!(out, "{pad}table {align:?} @{at}").unwrap();
                writeln!(out, "{pad}  head: {}", cells(header)).unwrap();
                for row in rows {
                    writeln!(out, "{pad}  row: {}", cells(row)).unwrap();
                }
            }
            BlockKind::ThematicBreak => writeln!(out, "{pad}*** @{at}").unwrap(),
        }
    }
}

/// Inlines as one line: text as is, structure in brackets.
pub fn inlines(r: &Run, is: &[Inline]) -> String {
    let mut s = String::new();
    for i in is {
        match &i.kind {
            InlineKind::Text(t) => s.push_str(t),
            InlineKind::Emphasis(c) => write!(s, "<em>{}</em>", inlines(r, c)).unwrap(),
            InlineKind::Strong(c) => write!(s, "<b>{}</b>", inlines(r, c)).unwrap(),
            InlineKind::Strikethrough(c) => write!(s, "<del>{}</del>", inlines(r, c)).unwrap(),
            InlineKind::SmallCaps(c) => write!(s, "<sc>{}</sc>", inlines(r, c)).unwrap(),
            InlineKind::Superscript(c) => write!(s, "<sup>{}</sup>", inlines(r, c)).unwrap(),
            InlineKind::Subscript(c) => write!(s, "<sub>{}</sub>", inlines(r, c)).unwrap(),
            InlineKind::Code(t) => write!(s, "<code>{t}</code>").unwrap(),
            InlineKind::Span { attrs, content } => {
                write!(s, "<span {attrs:?}>{}</span>", inlines(r, content)).unwrap()
            }
            InlineKind::CrossRef { anchor, content } => {
                write!(s, "<xref #{anchor}>{}</xref>", inlines(r, content)).unwrap()
            }
            InlineKind::Link { url, content } => {
                write!(s, "<a {url}>{}</a>", inlines(r, content)).unwrap()
            }
            InlineKind::TermRef {
                term,
                content,
                use_index,
            } => {
                let slug = &r.doc().term(*term).slug;
                write!(
                    s,
                    "<term {slug}#{use_index} @{}>{}</term>",
                    r.at(i.span),
                    inlines(r, content)
                )
                .unwrap()
            }
            InlineKind::NoteRef(n) => {
                write!(s, "<note {} @{}>", r.doc().note(*n).number, r.at(i.span)).unwrap()
            }
            InlineKind::Cite(c) => write!(s, "<cite {} @{}>", c.0, r.at(i.span)).unwrap(),
            InlineKind::SoftBreak => s.push('⏎'),
            InlineKind::HardBreak => s.push_str("<br>"),
            InlineKind::Image { url, alt } => write!(s, "<img {url} alt={alt:?}>").unwrap(),
        }
    }
    s
}
