//! One Markdown file into model blocks: pulldown-cmark's event stream folded into a
//! tree with a stack of open elements, each node with its source span.
//!
//! Notes, citations and `glossary:` links cannot be resolved yet (numbering needs the
//! whole book, keys need the bibliography), so they come out as model inlines holding
//! *provisional* ids into the tables of [`Pending`]; `resolve` swaps them for final ids.

use super::citations::{self, Found};
pub use super::pending::{Pending, PendingCite, PendingNoteRef, PendingTermLink};
use super::textrun::{self, merge_texts};
use crate::diag::{Diagnostic, Diagnostics, FileId, Span};
use crate::model::{
    Align, Block, BlockKind, CiteId, Definition, Inline, InlineKind, NoteId, TermId, plain_text,
};
use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, LinkType, MetadataBlockKind, Options, Parser, Tag,
};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A footnote definition `[^label]: …`.
#[derive(Debug, Clone)]
pub struct FootnoteDef {
    /// The label.
    pub label: String,
    /// The note's content.
    pub blocks: Vec<Block>,
    /// The whole definition.
    pub span: Span,
}

/// A `term` / `: definition` pair of a definition list (glossary only).
#[derive(Debug, Clone)]
pub struct DefItem {
    /// The term's inlines.
    pub term: Vec<Inline>,
    /// The term line.
    pub term_span: Span,
    /// The definition's blocks (several `:` definitions are joined).
    pub blocks: Vec<Block>,
    /// Term and definitions together.
    pub span: Span,
}

/// A parsed Markdown file.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The first `#` heading, if any (with its span).
    pub title: Option<(Vec<Inline>, Span)>,
    /// Whether the title heading said `{.unlisted}`.
    pub title_unlisted: bool,
    /// The body, without title and footnote definitions.
    pub blocks: Vec<Block>,
    /// Footnote definitions, in source order.
    pub footnotes: Vec<FootnoteDef>,
    /// Definition-list entries (only with `definition_lists`).
    pub definitions: Vec<DefItem>,
    /// Local images as (path as written, span), to be checked by the caller.
    pub images: Vec<(String, Span)>,
    /// Whether nesting beyond [`MAX_NESTING`] was reported (once per file).
    pub too_deep: bool,
    /// The ids a link may name in this file (`{#id}` as written, or generated from a
    /// heading's text as pandoc, GitHub and mdBook do), each with its book-wide anchor.
    pub ids: Vec<(String, String)>,
}

/// The id under which [`Parsed::ids`] lists the chapter's title: links to it go to the
/// chapter itself, whose slug is not known here.
pub const TITLE_ANCHOR: &str = "";

/// What pandoc's `{#id .class}` after a heading says that the book uses.
struct HeadingAttrs {
    id: Option<String>,
    unlisted: bool,
}

/// The anchors and slugs taken so far in a book, with a log of every name asked for
/// since [`Anchors::start_log`] and the answer: what a chapter's parse depends on from
/// the chapters before it, so that a parse kept from an earlier build can be checked
/// against this one's anchors ([`Anchors::replay`]).
#[derive(Debug, Default)]
pub struct Anchors {
    taken: HashSet<String>,
    log: Vec<(String, bool)>,
}

impl Anchors {
    /// Takes `name` if it is free; whether it was.
    pub fn take(&mut self, name: &str) -> bool {
        let free = self.taken.insert(name.to_string());
        self.log.push((name.to_string(), free));
        free
    }

    /// Starts a new log (the names asked for so far are forgotten, not freed).
    pub fn start_log(&mut self) {
        self.log.clear();
    }

    /// The names asked for since [`Anchors::start_log`], each with whether it was free.
    pub fn take_log(&mut self) -> Vec<(String, bool)> {
        std::mem::take(&mut self.log)
    }

    /// Asks for the names of `log` again, in order: when every answer is the same, the
    /// names are taken as they were then and `true` is returned; otherwise nothing is
    /// taken.
    pub fn replay(&mut self, log: &[(String, bool)]) -> bool {
        for (k, (name, free)) in log.iter().enumerate() {
            let now_free = !self.taken.contains(name.as_str());
            // A name taken earlier in the same log reads as taken now, as it did then.
            if now_free != *free {
                for (name, free) in &log[..k] {
                    if *free {
                        self.taken.remove(name.as_str());
                    }
                }
                return false;
            }
            if *free {
                self.taken.insert(name.clone());
            }
        }
        true
    }
}

/// Shared state for parsing the files of one book.
pub struct Context<'a> {
    /// Provisional references of the whole book.
    pub pending: &'a mut Pending,
    /// Anchors and slugs taken so far, book-wide.
    pub anchors: &'a mut Anchors,
    /// The book's metadata from book.toml, to answer a YAML block's keys.
    pub meta: Option<&'a crate::model::Metadata>,
    /// Where problems go.
    pub diags: &'a mut Diagnostics,
}

/// The Markdown options chapters are parsed with: CommonMark with GFM's tables,
/// strikethrough, task lists and footnotes, and pandoc's heading attributes, definition
/// lists, `^super^`/`~sub~` and math (recognised, to be reported). A YAML metadata block
/// is found by [`front_matter`] instead: pulldown-cmark's option takes any `---` line
/// followed by text and a later `---` or `...` line for one, anywhere in a file, so a
/// thematic break before a paragraph would swallow the text up to the next one.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_MATH
}

/// How deeply elements may nest (block quotes, lists, emphasis, links…, counted
/// together). Every later stage walks the tree recursively, so the limit is set here,
/// once: an element deeper than this is an error at its place, and its content is kept
/// as the text of the element it is in.
const MAX_NESTING: usize = 32;

/// Parses one file; `definition_lists` is for glossary.md.
pub fn parse(file: FileId, src: &str, definition_lists: bool, cx: &mut Context) -> Parsed {
    let mut b = Builder {
        file,
        src,
        cx,
        stack: vec![Frame::new(None, 0..src.len())],
        out: Parsed::default(),
        flattened: 0,
        glossary: definition_lists,
        image_titles: HashMap::new(),
        in_comment: false,
        reported: HashSet::new(),
        open_scripts: vec![],
    };
    // The YAML block is answered, then parsed as blank lines so every offset stays.
    let blanked;
    let mut text = src;
    if let Some((block, content)) = front_matter(src) {
        let span = Span::new(file, block.clone());
        b.metadata_block(MetadataBlockKind::YamlStyle, &src[content], span);
        let mut bytes = src.as_bytes().to_vec();
        for byte in &mut bytes[block] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
        blanked = String::from_utf8(bytes).expect("whole characters replaced by spaces");
        text = &blanked;
    }
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        b.event(event, range);
    }
    // A `<sup>` or `<sub>` never closed stays text, with the raw HTML warning.
    for open in std::mem::take(&mut b.open_scripts) {
        let html = &src[open.range.clone()];
        b.raw_html(html, open.range);
    }
    let mut root = b.stack.pop().expect("root frame");
    b.flush(&mut root);
    let blocks = super::pandoc::blocks(root.blocks, &mut b);
    b.out.blocks = blocks;
    b.out
}

/// An element still open while its events arrive.
/// A `<sup>` or `<sub>` tag waiting for its end tag.
#[derive(Debug, Clone)]
struct OpenScript {
    /// The element it was opened in (the stack's length then).
    depth: usize,
    /// Where its own text stands in that element's inlines.
    index: usize,
    /// `<sup>` rather than `<sub>`.
    up: bool,
    range: Range<usize>,
}

struct Frame<'e> {
    tag: Option<Tag<'e>>,
    range: Range<usize>,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    text: String,
    items: Vec<Vec<Block>>,
    /// For a list: which of `items` are task items. For an item: whether it is one.
    tasks: Vec<bool>,
    task: bool,
    defs: Vec<Definition>,
    /// Each term's span, and whether a definition of it is really a `:::` fence.
    def_spans: Vec<(Span, bool)>,
    cells: Vec<Vec<Inline>>,
    header: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
}

impl<'e> Frame<'e> {
    fn new(tag: Option<Tag<'e>>, range: Range<usize>) -> Self {
        Frame {
            tag,
            range,
            blocks: vec![],
            inlines: vec![],
            text: String::new(),
            items: vec![],
            tasks: vec![],
            task: false,
            defs: vec![],
            def_spans: vec![],
            cells: vec![],
            header: vec![],
            rows: vec![],
        }
    }
}

pub(super) struct Builder<'a, 'c, 'e> {
    file: FileId,
    pub(super) src: &'e str,
    pub(super) cx: &'a mut Context<'c>,
    stack: Vec<Frame<'e>>,
    out: Parsed,
    /// Elements open beyond [`MAX_NESTING`], not given frames of their own.
    flattened: usize,
    /// glossary.md: definition lists are its entries, not blocks.
    glossary: bool,
    /// Image titles by the image's start offset (captions of figures).
    image_titles: HashMap<usize, String>,
    /// Inside an inline `<!-- … -->` that pulldown-cmark split into several events.
    in_comment: bool,
    /// Pandoc-only constructs already reported in this file (once each).
    pub(super) reported: HashSet<&'static str>,
    /// `<sup>`/`<sub>` tags not yet closed, innermost last.
    open_scripts: Vec<OpenScript>,
}

fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

impl<'e> Builder<'_, '_, 'e> {
    fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.file, range)
    }

    fn top(&mut self) -> &mut Frame<'e> {
        self.stack.last_mut().expect("root frame")
    }

    fn inline(&mut self, kind: InlineKind, range: Range<usize>) {
        let span = self.span(range);
        self.top().inlines.push(Inline { kind, span });
    }

    fn event(&mut self, event: Event<'e>, range: Range<usize>) {
        if self.in_comment {
            // Everything up to the `-->` belongs to the comment.
            let text = match &event {
                Event::Text(t) | Event::InlineHtml(t) | Event::Html(t) | Event::Code(t) => {
                    Some(t.as_ref())
                }
                _ => None,
            };
            if matches!(event, Event::Start(_) | Event::End(_)) {
                self.in_comment = false;
            } else {
                if text.is_some_and(|t| t.contains("-->")) {
                    self.in_comment = false;
                }
                return;
            }
        }
        match event {
            Event::Start(_) if self.stack.len() > MAX_NESTING => self.too_deep(range),
            Event::End(_) if self.flattened > 0 => self.flattened -= 1,
            Event::Start(tag) => {
                if is_block(&tag) {
                    let mut top = self.stack.pop().expect("root frame");
                    self.flush(&mut top);
                    self.stack.push(top);
                }
                self.stack.push(Frame::new(Some(tag), range));
            }
            Event::End(_) => {
                let frame = self.stack.pop().expect("balanced events");
                self.end(frame);
            }
            Event::Text(t) => {
                let top = self.top();
                match top.tag {
                    Some(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                        top.text.push_str(&t)
                    }
                    _ => self.inline(InlineKind::Text(t.into_string()), range),
                }
            }
            Event::Code(t) => self.inline(InlineKind::Code(t.into_string()), range),
            Event::Html(t) => self.top().text.push_str(&t),
            Event::InlineHtml(t) => self.inline_html(t, range),
            Event::FootnoteReference(label) => {
                let span = self.span(range.clone());
                let id = NoteId(self.cx.pending.note_refs.len() as u32);
                self.cx.pending.note_refs.push(PendingNoteRef {
                    label: label.into_string(),
                    span,
                });
                self.inline(InlineKind::NoteRef(id), range);
            }
            Event::SoftBreak => self.inline(InlineKind::SoftBreak, range),
            Event::HardBreak => self.inline(InlineKind::HardBreak, range),
            Event::Rule => self.block(BlockKind::ThematicBreak, range),
            Event::TaskListMarker(done) => {
                let mark = if done {
                    "\u{2611}\u{a0}"
                } else {
                    "\u{2610}\u{a0}"
                };
                self.inline(InlineKind::Text(mark.into()), range);
                let item = self.stack.iter_mut().rev();
                if let Some(item) = item
                    .take_while(|f| !matches!(f.tag, Some(Tag::List(_))))
                    .find(|f| matches!(f.tag, Some(Tag::Item)))
                {
                    item.task = true;
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                let span = self.span(range.clone());
                self.report_once(
                    "math",
                    span,
                    "TeX math is not typeset; its source is shown as code",
                    "write the formula with Unicode characters (x², α, ≤), or use an image",
                );
                self.inline(InlineKind::Code(t.into_string()), range)
            }
        }
    }

    /// An element nested deeper than [`MAX_NESTING`]: reported at the first one (the
    /// source line where the limit is crossed), then flattened into its container.
    fn too_deep(&mut self, range: Range<usize>) {
        if self.flattened == 0 && !self.out.too_deep {
            self.out.too_deep = true;
            self.cx.diags.push(
                Diagnostic::error(
                    self.span(range.start..(range.start + 1).min(range.end)),
                    format!("Markdown nested more than {MAX_NESTING} levels deep"),
                )
                .with_hint(format!(
                    "quotes, lists, emphasis and links inside each other are limited to {MAX_NESTING} levels; flatten the nesting here"
                )),
            );
        }
        self.flattened += 1;
    }

    fn block(&mut self, kind: BlockKind, range: Range<usize>) {
        let span = self.span(range);
        let mut top = self.stack.pop().expect("root frame");
        self.flush(&mut top);
        top.blocks.push(Block { kind, span });
        self.stack.push(top);
    }

    /// Turns loose inlines of a container (a tight list item) into a paragraph.
    fn flush(&mut self, frame: &mut Frame) {
        if frame.inlines.is_empty() || matches!(frame.tag, Some(ref t) if !is_block(t)) {
            return;
        }
        let inlines = std::mem::take(&mut frame.inlines);
        let span = Span {
            file: self.file,
            start: inlines[0].span.start,
            end: inlines[inlines.len() - 1].span.end,
        };
        let content = self.finish_inlines(inlines);
        frame.blocks.push(Block {
            kind: BlockKind::Paragraph(content),
            span,
        });
    }

    /// Inline HTML: comments vanish, `<br>` is a line break, other tags stay text
    /// with a warning.
    fn inline_html(&mut self, t: CowStr<'e>, range: Range<usize>) {
        let trimmed = t.trim();
        if trimmed.starts_with("<!--") {
            self.in_comment = !trimmed.ends_with("-->") || trimmed == "<!-->";
            if trimmed == "<!-->" || trimmed == "<!--->" {
                self.in_comment = false;
            }
            return;
        }
        let tag = trimmed.to_ascii_lowercase();
        if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
            return self.inline(InlineKind::HardBreak, range);
        }
        // `<sup>…</sup>` and `<sub>…</sub>` around text of one element: raised, lowered.
        if matches!(tag.as_str(), "<sup>" | "<sub>") {
            let index = self.top().inlines.len();
            self.open_scripts.push(OpenScript {
                depth: self.stack.len(),
                index,
                up: tag == "<sup>",
                range: range.clone(),
            });
            return self.inline(InlineKind::Text(t.into_string()), range);
        }
        if matches!(tag.as_str(), "</sup>" | "</sub>") && self.close_script(tag == "</sup>", &range)
        {
            return;
        }
        self.raw_html(&t, range.clone());
        self.inline(InlineKind::Text(t.into_string()), range);
    }

    /// Closes the last `<sup>`/`<sub>` if it was opened in the same element (its text
    /// still there): the inlines since become its content. `false` when it was not.
    fn close_script(&mut self, up: bool, close: &Range<usize>) -> bool {
        let Some(open) = self.open_scripts.last().cloned() else {
            return false;
        };
        let depth = self.stack.len();
        let start = self.span(open.range.clone());
        let placeholder = self
            .top()
            .inlines
            .get(open.index)
            .is_some_and(|i| i.span == start);
        if open.up != up || open.depth != depth || !placeholder {
            return false;
        }
        self.open_scripts.pop();
        let top = self.top();
        let content: Vec<Inline> = top.inlines.drain(open.index..).skip(1).collect();
        let kind = if up {
            InlineKind::Superscript(content)
        } else {
            InlineKind::Subscript(content)
        };
        self.inline(kind, open.range.start..close.end);
        true
    }

    /// Adds a footnote definition (pandoc's inline notes make their own).
    pub(super) fn push_footnote(&mut self, def: FootnoteDef) {
        self.out.footnotes.push(def);
    }

    /// Reports a construct pamphleteer does not render, once per file.
    pub(super) fn report_once(&mut self, key: &'static str, span: Span, msg: &str, hint: &str) {
        if self.reported.insert(key) {
            self.cx
                .diags
                .push(Diagnostic::warning(span, msg.to_string()).with_hint(hint.to_string()));
        }
    }

    fn raw_html(&mut self, html: &str, range: Range<usize>) {
        let shown: String = html.trim().chars().take(40).collect();
        self.cx.diags.push(
            Diagnostic::warning(self.span(range), format!("raw HTML `{shown}` is kept as text"))
                .with_hint("pamphleteer does not pass HTML through: write it in Markdown, or escape `<` as `\\<` to show it as text"),
        );
    }

    /// Closes an element: builds its node and hands it to the enclosing one.
    fn end(&mut self, mut f: Frame<'e>) {
        let span = self.span(f.range.clone());
        let Some(tag) = f.tag.take() else { return };
        match tag {
            Tag::Paragraph => {
                let content = self.finish_inlines(std::mem::take(&mut f.inlines));
                match self.lone_image(&content) {
                    // The figure's span is the image's, as the image checks report it.
                    Some((kind, image)) => self.push_block(kind, image),
                    None => self.push_block(BlockKind::Paragraph(content), span),
                }
            }
            Tag::Heading {
                level, id, classes, ..
            } => {
                let attrs = HeadingAttrs {
                    id: id.map(|i| i.into_string()),
                    unlisted: classes.iter().any(|c| c.as_ref() == "unlisted"),
                };
                self.heading(level as u8, f.inlines, span, attrs)
            }
            Tag::BlockQuote(_) => {
                self.flush(&mut f);
                self.push_block(BlockKind::BlockQuote(f.blocks), span);
            }
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) if info.trim().starts_with("{=") => {
                self.report_once(
                    "raw",
                    span,
                    &format!("a raw `{}` block is left out", info.trim()),
                    "raw blocks are for one output format; write the content in Markdown",
                );
            }
            Tag::CodeBlock(kind) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                };
                self.push_block(
                    BlockKind::CodeBlock {
                        language,
                        text: f.text,
                    },
                    span,
                );
            }
            Tag::HtmlBlock => {
                let kept = without_comments(&f.text);
                if kept.trim().is_empty() {
                    return;
                }
                self.raw_html(&kept, f.range.clone());
                let text = InlineKind::Text(kept.trim().to_string());
                self.push_block(
                    BlockKind::Paragraph(vec![Inline { kind: text, span }]),
                    span,
                );
            }
            Tag::List(start) => self.push_block(
                BlockKind::List {
                    start,
                    items: f.items,
                    tasks: if f.tasks.contains(&true) {
                        f.tasks
                    } else {
                        vec![]
                    },
                },
                span,
            ),
            Tag::Item => {
                self.flush(&mut f);
                let top = self.top();
                top.items.push(f.blocks);
                top.tasks.push(f.task);
            }
            Tag::FootnoteDefinition(label) => {
                self.flush(&mut f);
                let label = label.into_string();
                self.out.footnotes.push(FootnoteDef {
                    label,
                    blocks: f.blocks,
                    span,
                });
            }
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.end_definition(tag, f, span)
            }
            Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => {
                self.end_table(tag, f, span)
            }
            Tag::Emphasis => self.push_inline(InlineKind::Emphasis(f.inlines), span),
            Tag::Strong => self.push_inline(InlineKind::Strong(f.inlines), span),
            Tag::Strikethrough => self.push_inline(InlineKind::Strikethrough(f.inlines), span),
            Tag::Superscript => self.push_inline(InlineKind::Superscript(f.inlines), span),
            Tag::Subscript => self.push_inline(InlineKind::Subscript(f.inlines), span),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.link(link_type, &dest_url, f.inlines, span),
            Tag::Image {
                dest_url, title, ..
            } => {
                if !title.is_empty() {
                    self.image_titles
                        .insert(span.start as usize, title.into_string());
                }
                self.image(&dest_url, &f.inlines, span)
            }
            Tag::MetadataBlock(kind) => self.metadata_block(kind, &f.text, span),
        }
    }

    /// Definition lists: in glossary.md each title starts an entry and definitions join
    /// it; in chapters they are blocks. Spans come from titles and definitions, not from
    /// the list (whose range runs on).
    fn end_definition(&mut self, tag: Tag, mut f: Frame, span: Span) {
        if !self.glossary {
            match tag {
                Tag::DefinitionList => {
                    self.flush(&mut f);
                    if f.def_spans.iter().any(|(_, fence)| *fence) {
                        // A pandoc fenced div (`:::`) after a paragraph looks like a
                        // definition to pulldown-cmark: the term is a paragraph again and
                        // the definitions' blocks follow it; `pandoc::divs` reads fences.
                        for (d, (term_span, _)) in f.defs.into_iter().zip(f.def_spans) {
                            if !d.term.is_empty() {
                                self.push_block(BlockKind::Paragraph(d.term), term_span);
                            }
                            for blocks in d.definitions {
                                self.top().blocks.extend(blocks);
                            }
                        }
                        return;
                    }
                    self.push_block(BlockKind::DefinitionList(f.defs), span)
                }
                Tag::DefinitionListTitle => {
                    let term = self.finish_inlines(f.inlines);
                    let top = self.top();
                    top.defs.push(Definition {
                        term,
                        definitions: vec![],
                    });
                    top.def_spans.push((span, false));
                }
                Tag::DefinitionListDefinition => {
                    self.flush(&mut f);
                    let fence = line_at(self.src, span.start as usize)
                        .trim_start()
                        .starts_with(":::");
                    let top = self.top();
                    if top.defs.is_empty() {
                        top.defs.push(Definition {
                            term: vec![],
                            definitions: vec![],
                        });
                        top.def_spans.push((span, false));
                    }
                    if let Some(d) = top.defs.last_mut() {
                        d.definitions.push(f.blocks);
                    }
                    if let Some(s) = top.def_spans.last_mut() {
                        s.1 |= fence;
                    }
                }
                _ => {}
            }
            return;
        }
        match tag {
            Tag::DefinitionListTitle => {
                let term = merge_texts(f.inlines);
                let item = DefItem {
                    term,
                    term_span: span,
                    blocks: vec![],
                    span,
                };
                self.out.definitions.push(item);
            }
            Tag::DefinitionListDefinition => {
                self.flush(&mut f);
                if let Some(item) = self.out.definitions.last_mut() {
                    item.blocks.extend(f.blocks);
                    item.span.end = span.end;
                }
            }
            _ => {}
        }
    }

    /// Tables: cells collect into rows, the head row and body rows into the table.
    fn end_table(&mut self, tag: Tag, f: Frame, span: Span) {
        match tag {
            Tag::Table(aligns) => {
                let align = aligns.iter().map(|a| match a {
                    Alignment::None => Align::None,
                    Alignment::Left => Align::Left,
                    Alignment::Center => Align::Center,
                    Alignment::Right => Align::Right,
                });
                let kind = BlockKind::Table {
                    align: align.collect(),
                    header: f.header,
                    rows: f.rows,
                    caption: vec![],
                };
                self.push_block(kind, span);
            }
            Tag::TableHead => self.top().header = f.cells,
            Tag::TableRow => self.top().rows.push(f.cells),
            Tag::TableCell => {
                let cell = self.finish_inlines(f.inlines);
                self.top().cells.push(cell);
            }
            _ => {}
        }
    }

    fn push_block(&mut self, kind: BlockKind, span: Span) {
        let top = self.top();
        top.blocks.push(Block { kind, span });
    }

    fn push_inline(&mut self, kind: InlineKind, span: Span) {
        self.top().inlines.push(Inline { kind, span });
    }

    /// `#` is the chapter title (the first one); `##`… are sections with unique anchors:
    /// `{#id}` as written (made unique), else a slug of the text. Empty headings are
    /// left out with a warning.
    fn heading(&mut self, level: u8, inlines: Vec<Inline>, span: Span, attrs: HeadingAttrs) {
        let content = merge_texts(inlines);
        self.warn_citations_in_heading(&content);
        let text = plain_text(&content);
        if text.trim().is_empty() {
            self.cx.diags.push(
                Diagnostic::warning(span, "an empty heading is left out")
                    .with_hint("write the heading's text after the `#` marks, or delete the line"),
            );
            return;
        }
        let at_top = self.stack.len() == 1;
        if level == 1 && at_top && self.out.title.is_none() {
            if let Some(id) = &attrs.id {
                self.out.ids.push((id.clone(), TITLE_ANCHOR.into()));
            }
            self.out
                .ids
                .push((super::metadata::slug(&text), TITLE_ANCHOR.into()));
            self.out.title = Some((content, span));
            self.out.title_unlisted = attrs.unlisted;
            return;
        }
        let level = if level == 1 {
            self.cx.diags.push(
                Diagnostic::warning(span, "a second `#` heading in this file becomes a section")
                    .with_hint("each chapter has one `#` title; use `##` for sections, or move this part into a file of its own"),
            );
            2
        } else {
            level
        };
        let anchor = match &attrs.id {
            Some(id) => self.explicit_anchor(id, span),
            None => unique_anchor(&text, "section", self.cx.anchors),
        };
        self.out
            .ids
            .push((super::metadata::slug(&text), anchor.clone()));
        self.push_block(
            BlockKind::Heading {
                level,
                content,
                anchor,
                listed: !attrs.unlisted,
            },
            span,
        );
    }

    /// A written `{#id}` as an anchor: characters an id cannot hold become `-`; an id
    /// used before in the book is made unique, with a warning (links find the first).
    pub(super) fn explicit_anchor(&mut self, id: &str, span: Span) -> String {
        let clean: String = id
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let clean = if clean.is_empty() {
            "section".to_string()
        } else if crate::model::anchors::reserved(&clean) {
            format!("section-{clean}")
        } else {
            clean
        };
        if self.cx.anchors.take(&clean) {
            self.out.ids.push((id.to_string(), clean.clone()));
            return clean;
        }
        let mut n = 2;
        let unique = loop {
            let c = format!("{clean}-{n}");
            if self.cx.anchors.take(&c) {
                break c;
            }
            n += 1;
        };
        self.cx.diags.push(
            Diagnostic::warning(
                span,
                format!("the id `{id}` is used before in the book; this one becomes `{unique}`"),
            )
            .with_hint("give each heading, div and span an id of its own"),
        );
        self.out.ids.push((id.to_string(), unique.clone()));
        unique
    }

    /// A paragraph that is only an image (spaces and breaks aside) is a figure, its
    /// title the caption.
    fn lone_image(&mut self, content: &[Inline]) -> Option<(BlockKind, Span)> {
        if self.glossary {
            return None;
        }
        let mut found = None;
        for i in content {
            match &i.kind {
                InlineKind::Image { .. } if found.is_none() => found = Some(i),
                InlineKind::Text(t) if t.trim().is_empty() => {}
                InlineKind::SoftBreak | InlineKind::HardBreak => {}
                _ => return None,
            }
        }
        let image = found?;
        let InlineKind::Image { url, alt } = &image.kind else {
            return None;
        };
        let caption = match self.image_titles.get(&(image.span.start as usize)) {
            Some(t) => vec![Inline {
                kind: InlineKind::Text(t.clone()),
                span: image.span,
            }],
            None => vec![],
        };
        let kind = BlockKind::Figure {
            url: url.clone(),
            alt: alt.clone(),
            caption,
        };
        Some((kind, image.span))
    }

    /// A YAML metadata block is never printed; each key is answered with the book.toml
    /// line to use (an error when book.toml says otherwise, a warning when it does not).
    fn metadata_block(&mut self, kind: MetadataBlockKind, text: &str, span: Span) {
        if kind != MetadataBlockKind::YamlStyle {
            return;
        }
        for (key, value) in yaml_keys(text) {
            let (line, given) = match key.as_str() {
                "title" => (
                    format!("title = {value:?}"),
                    self.cx.meta.map(|m| m.title.clone()),
                ),
                "subtitle" => (
                    format!("subtitle = {value:?}"),
                    self.cx.meta.and_then(|m| m.subtitle.clone()),
                ),
                "author" | "authors" => (
                    format!("authors = [{value:?}]"),
                    self.cx
                        .meta
                        .and_then(|m| (!m.authors.is_empty()).then(|| m.authors.join(", "))),
                ),
                "lang" | "language" => (
                    format!("language = {value:?}"),
                    self.cx.meta.map(|m| m.language.clone()),
                ),
                "date" => (
                    format!("date = {value:?}"),
                    self.cx.meta.and_then(|m| m.date.clone()),
                ),
                "publisher" => (
                    format!("publisher = {value:?}"),
                    self.cx.meta.and_then(|m| m.publisher.clone()),
                ),
                "description" | "abstract" => (
                    format!("description = {value:?}"),
                    self.cx.meta.and_then(|m| m.description.clone()),
                ),
                "rights" | "copyright" => (
                    format!("rights = {value:?}"),
                    self.cx.meta.and_then(|m| m.rights.clone()),
                ),
                _ => {
                    self.cx.diags.push(
                        Diagnostic::warning(
                            span,
                            format!("`{key}` in the YAML metadata block is ignored"),
                        )
                        .with_hint("book settings belong in book.toml; the block is never printed"),
                    );
                    continue;
                }
            };
            let conflict = given.filter(|g| !value.is_empty() && g.trim() != value.trim());
            let d = match conflict {
                Some(g) => Diagnostic::error(
                    span,
                    format!(
                        "`{key}: {value}` in the YAML metadata block contradicts book.toml (`{g}`)"
                    ),
                ),
                None => Diagnostic::warning(
                    span,
                    format!("`{key}` in the YAML metadata block is ignored"),
                ),
            };
            self.cx.diags.push(d.with_hint(format!(
                "book metadata comes from book.toml: write `{line}` under `[book]` and delete the block"
            )));
        }
    }

    /// Headings go into contents and running heads: citations there stay text.
    fn warn_citations_in_heading(&mut self, content: &[Inline]) {
        for i in content {
            let InlineKind::Text(t) = &i.kind else {
                continue;
            };
            if citations::scan(t)
                .iter()
                .any(|f| matches!(f, Found::Cite { .. }))
            {
                self.cx.diags.push(
                    Diagnostic::warning(i.span, "a citation in a heading is kept as text")
                        .with_hint("cite in the text under the heading, or in a footnote to it"),
                );
            }
        }
    }

    fn link(&mut self, link_type: LinkType, dest: &str, inlines: Vec<Inline>, span: Span) {
        let content = merge_texts(inlines);
        if let Some(target) = dest.strip_prefix("glossary:") {
            let id = TermId(self.cx.pending.term_links.len() as u32);
            self.cx.pending.term_links.push(PendingTermLink {
                target: target.to_string(),
                span,
            });
            let kind = InlineKind::TermRef {
                term: id,
                content,
                use_index: u32::MAX,
            };
            return self.push_inline(kind, span);
        }
        let url = match link_type {
            LinkType::Email => format!("mailto:{dest}"),
            _ => dest.trim().to_string(),
        };
        self.push_inline(InlineKind::Link { url, content }, span);
    }

    /// Local images are kept (checked later); remote ones become their alt text.
    fn image(&mut self, url: &str, inlines: &[Inline], span: Span) {
        let alt = plain_text(inlines);
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            self.cx.diags.push(
                Diagnostic::warning(span, format!("remote image `{url}` is not fetched; its alt text is kept"))
                    .with_hint("download the image into the manuscript folder and refer to it by a relative path"),
            );
            return self.push_inline(InlineKind::Text(alt), span);
        }
        if !super::files::is_safe(std::path::Path::new(url)) {
            self.cx.diags.push(
                Diagnostic::error(span, format!("image path `{url}` leaves the manuscript folder"))
                    .with_hint("put the image inside manuscript/ and use a relative path without `..` or a leading `/`"),
            );
            return self.push_inline(InlineKind::Text(alt), span);
        }
        self.out.images.push((url.to_string(), span));
        self.push_inline(
            InlineKind::Image {
                url: url.to_string(),
                alt,
            },
            span,
        );
    }

    /// Merges split text and turns citations and dangling `[^x]` marks into inlines.
    fn finish_inlines(&mut self, inlines: Vec<Inline>) -> Vec<Inline> {
        let inlines = merge_texts(inlines);
        self.scan(inlines)
    }

    fn scan(&mut self, inlines: Vec<Inline>) -> Vec<Inline> {
        let mut inlines = inlines;
        for i in &mut inlines {
            if matches!(
                i.kind,
                InlineKind::Emphasis(_)
                    | InlineKind::Strong(_)
                    | InlineKind::Strikethrough(_)
                    | InlineKind::Superscript(_)
                    | InlineKind::Subscript(_)
            ) {
                textrun::map_children(i, |c| self.scan(c));
            }
        }
        let src = self.src;
        let pending = &mut *self.cx.pending;
        // First the bracketed citations whose prefix or suffix holds formatting
        // (`[*see* @key p. **32**]`, which pulldown-cmark splits at the emphasis), then
        // everything in plain runs of text.
        let formatted = inlines.iter().any(|i| i.kind.children().is_some());
        let inlines = match formatted {
            false => inlines,
            true => textrun::rewrite_formatted_runs(inlines, src, &mut |run| {
                let found: Vec<Found> = citations::scan(&run.text)
                    .into_iter()
                    .filter(|f| match f {
                        Found::Cite {
                            range,
                            items,
                            narrative: false,
                        } => {
                            run.touches_formatting(range.clone())
                                && run.within_text(range.start..range.start + 1)
                                && run.within_text(range.end - 1..range.end)
                                && items.iter().all(|i| run.within_text(i.key_range.clone()))
                                && !escaped(run, src, range.start)
                        }
                        _ => false,
                    })
                    .collect();
                replace_found(run, found, pending)
            }),
        };
        textrun::rewrite_runs(inlines, src, &mut |run| {
            let found = citations::scan(&run.text);
            let found: Vec<Found> = found
                .into_iter()
                .filter(|f| {
                    let (Found::NoteMark { range, .. } | Found::Cite { range, .. }) = f;
                    !escaped(run, src, range.start)
                })
                .collect();
            replace_found(run, found, pending)
        })
    }
}

/// Whether the character at `at` of a run is escaped with `\` in the source.
fn escaped(run: &textrun::JoinedText, src: &str, at: usize) -> bool {
    let at = run.span(at..at + 1).start as usize;
    src.as_bytes().get(at) == Some(&b'\\')
}

/// A run with what was found in it replaced by note marks and citations (recorded as
/// pending); `None` when nothing was found.
fn replace_found(
    run: &textrun::JoinedText,
    found: Vec<Found>,
    pending: &mut Pending,
) -> Option<Vec<Inline>> {
    if found.is_empty() {
        return None;
    }
    let mut out = vec![];
    let mut at = 0;
    for f in found {
        let (range, kind) = match f {
            Found::NoteMark { range, label } => {
                let id = NoteId(pending.note_refs.len() as u32);
                pending.note_refs.push(PendingNoteRef {
                    label,
                    span: run.span(range.clone()),
                });
                (range, InlineKind::NoteRef(id))
            }
            Found::Cite {
                range,
                items,
                narrative,
            } => {
                let id = CiteId(pending.cites.len() as u32);
                let affix = |r: &Option<std::ops::Range<usize>>| {
                    r.clone().map(|r| run.inlines(r)).filter(|i| !i.is_empty())
                };
                let affixes = items
                    .iter()
                    .map(|i| (affix(&i.prefix_range), affix(&i.suffix_range)))
                    .collect();
                let items = items.into_iter().map(|i| {
                    let span = run.span(i.key_range.clone());
                    (i, span)
                });
                let span = run.span(range.clone());
                pending.cites.push(PendingCite {
                    items: items.collect(),
                    affixes,
                    narrative,
                    span,
                });
                (range, InlineKind::Cite(id))
            }
        };
        out.extend(run.inlines(at..range.start));
        out.push(Inline {
            kind,
            span: run.span(range.clone()),
        });
        at = range.end;
    }
    out.extend(run.inlines(at..run.text.len()));
    Some(out)
}

/// The whole source line holding byte `at`, from its start.
pub(super) fn line_at(src: &str, at: usize) -> &str {
    let at = at.min(src.len());
    let start = src[..at].rfind('\n').map_or(0, |k| k + 1);
    let end = src[start..].find('\n').map_or(src.len(), |k| start + k);
    &src[start..end]
}

/// `s` without HTML comments (an unclosed one runs to the end).
fn without_comments(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        rest = match rest[at + 4..].find("-->") {
            Some(end) => &rest[at + 4 + end + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// A YAML metadata block opening a file, as pandoc reads one: a `---` line, then lines
/// that read as a YAML mapping (`key: value`, indented or `- ` continuation lines,
/// comments), closed by a `---` or `...` line. Returns the block's byte range and its
/// content's. Anything else — a thematic break, a setext heading's text — is Markdown.
pub fn front_matter(src: &str) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let first = src.split_inclusive('\n').next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let start = first.len();
    let mut at = start;
    let mut keys = 0;
    for line in src[start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if (bare == "---" || bare == "...") && at > start {
            return (keys > 0).then_some((0..at + line.len(), start..at));
        }
        let is_key = bare.split_once(':').is_some_and(|(k, v)| {
            !k.is_empty()
                && k.chars().all(|c| c.is_alphanumeric() || "_-.".contains(c))
                && (v.is_empty() || v.starts_with([' ', '\t']))
        });
        let continuation = keys > 0 && (line.starts_with([' ', '\t', '-']) || bare.is_empty());
        if bare.trim_start().starts_with('#') {
            // A YAML comment.
        } else if is_key {
            keys += 1;
        } else if !continuation {
            return None;
        }
        at += line.len();
    }
    None
}

/// The top-level `key: value` pairs of a YAML block (a list's items joined by `, `;
/// quotes around a value removed). Enough to answer each key; nested maps are skipped.
fn yaml_keys(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![];
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if indented || line.starts_with('-') {
            let item = line.trim().trim_start_matches('-').trim();
            if let Some((_, v)) = out.last_mut()
                && line.trim_start().starts_with('-')
                && !item.contains(": ")
            {
                if !v.is_empty() {
                    v.push_str(", ");
                }
                v.push_str(unquote(item));
            }
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() || key.contains(' ') {
            continue;
        }
        let value = unquote(value.trim());
        let value = if value == "|" || value == ">" {
            ""
        } else {
            value
        };
        out.push((key.to_string(), value.to_string()));
    }
    out
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// A slug of `text` not yet in `taken` (then taken): `x`, `x-2`, `x-3`…; `fallback` when
/// the text has no letters or digits.
pub fn unique_slug(text: &str, fallback: &str, taken: &mut HashSet<String>) -> String {
    take(slug_or(text, fallback), taken)
}

/// The slug of `text`, `fallback` when it has no letters or digits.
fn slug_or(text: &str, fallback: &str) -> String {
    let base = super::metadata::slug(text);
    if base == "book" && !text.to_ascii_lowercase().contains("book") {
        fallback.to_string()
    } else {
        base
    }
}

/// A chapter's or heading's anchor: [`unique_slug`], with `section-` in front of a slug
/// that starts like a generated anchor (`fn-`, `term-`, `page-` …, see
/// [`crate::model::anchors`]), so `## Page 1` cannot meet the marker of page 1.
pub fn unique_anchor(text: &str, fallback: &str, taken: &mut Anchors) -> String {
    let mut base = slug_or(text, fallback);
    if crate::model::anchors::reserved(&base) {
        base = format!("section-{base}");
    }
    let mut slug = base.clone();
    let mut n = 2;
    while !taken.take(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}

/// `base`, or `base-2`, `base-3` … : the first not yet in `taken` (then taken).
fn take(base: String, taken: &mut HashSet<String>) -> String {
    let mut slug = base.clone();
    let mut n = 2;
    while !taken.insert(slug.clone()) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}
