//! Resolution: the parsed chapters' provisional references become final ids.
//!
//! One walk through the book in reading order (a note's content is read where it is
//! first referenced) numbers the notes, checks citation keys (in note styles turning
//! each citation in the text into a generated note), links glossary terms and records
//! their uses. Then hayagriva formats the citations and the works cited.
//!
//! Decisions: footnote labels are per chapter (`[^1]` may recur in every chapter); a
//! note referenced twice is a warning and both marks show the same number; glossary
//! terms are linked automatically only in running text (paragraphs, lists, quotes,
//! tables) — not in headings, links, code, or notes, which readers meet out of the flow;
//! explicit `glossary:` links work everywhere. Citations inside notes stay in the note.

pub mod format;
pub mod terms;

use super::bibliography::{BibState, Bibliography};
use super::markdown::{FootnoteDef, Parsed, Pending};
use super::textrun::{self, JoinedText};
use super::typography;
use crate::diag::{Diagnostic, Diagnostics, FileId, Sources, Span};
use crate::locale::quotes::QuoteSetting;
use crate::memo::{self, Key};
use crate::model::{
    Block, BlockKind, Chapter, ChapterId, Citation, CitationMode, Definition, Document,
    GlossaryEntry, Inline, InlineKind, Note, NoteId, TermId, TermUse,
};
use format::CiteInfo;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A chapter as parsed, before resolution.
#[derive(Debug)]
pub struct RawChapter {
    /// Its Markdown file.
    pub file: FileId,
    /// The parse (shared with the parse memo, if kept).
    pub parsed: Arc<ParsedChapter>,
    /// Its unique slug.
    pub slug: String,
}

/// What parsing one chapter file gives, and what it depends on from the book: kept
/// from build to build by the file's content (see [`super::Memos`]).
#[derive(Debug, Clone)]
pub struct ParsedChapter {
    /// The parse.
    pub parsed: Parsed,
    /// Its provisional references (the parse's ids point into these).
    pub pending: Pending,
    /// The anchors it asked for, each with whether it was free then.
    pub anchors: Vec<(String, bool)>,
    /// The parse's problems (the file's images, which may change on disk, are checked
    /// apart, each build).
    pub diags: Diagnostics,
    /// The fingerprint of the file and all the parse read (zero when not kept).
    pub key: Key,
}

/// The parsed book, waiting for resolution.
pub struct Book {
    /// The chapters, in reading order.
    pub chapters: Vec<RawChapter>,
    /// Glossary entries, sorted, with provisional references in their definitions.
    pub glossary: Vec<GlossaryEntry>,
    /// glossary.md, if there is one.
    pub glossary_file: Option<FileId>,
    /// The provisional references of glossary.md.
    pub glossary_pending: Pending,
    /// Chapters listed but not read (an error each): what they cite is unknown.
    pub unread_chapters: usize,
}

/// One chapter resolved to the end (notes numbered, citations checked, terms and
/// cross-references linked, ties and quotation marks set), with all it adds to the
/// book: kept from build to build by its parse and everything resolution reads
/// (see [`super::Memos`]).
#[derive(Debug, Clone)]
pub struct Resolved {
    chapter: Chapter,
    /// Its notes, numbered from the notes before it.
    notes: Vec<Note>,
    /// Its citations (not yet formatted) and what formatting needs to know of them.
    citations: Vec<Citation>,
    info: Vec<CiteInfo>,
    /// The glossary terms it uses, in order.
    uses: Vec<(TermId, TermUse)>,
    /// The bibliography keys it cites (or meant).
    cited: Vec<String>,
    /// Its notes that citations made.
    generated: Vec<NoteId>,
    /// Its footnote definitions no mark refers to.
    unreferenced: Vec<(String, Span)>,
    /// How many notes and citations came before it when it was resolved, and how many
    /// uses of each term it uses: its ids count from there.
    base: (usize, usize),
    term_base: Vec<(TermId, usize)>,
    /// Whether a diagnostic of its walk names a note number: it cannot be renumbered.
    numbered: bool,
    /// Its problems, by the step that found them (a cold build reports each step's
    /// for the whole book in turn).
    walk: Diagnostics,
    links_text: Diagnostics,
    links_notes: Diagnostics,
    marks_text: Diagnostics,
    marks_notes: Diagnostics,
}

/// A footnote definition waiting for its first reference.
struct Slot {
    def: Option<FootnoteDef>,
    id: Option<NoteId>,
}

/// Where in the book the walk is.
#[derive(Clone, Copy)]
struct Where {
    /// Inside this note.
    note: Option<NoteId>,
    /// Glossary terms may be linked automatically here.
    autolink: bool,
    /// Inside a glossary definition.
    glossary: bool,
}

struct Resolver<'a> {
    sources: &'a Sources,
    /// The provisional references of the file being walked.
    pending: Pending,
    bib: Option<&'a Bibliography>,
    broken_bib: bool,
    /// The problems found by the walk, in order.
    diags: Diagnostics,
    mode: CitationMode,
    /// The footnote definitions of the chapter being walked.
    defs: HashMap<String, Slot>,
    /// Every chapter's footnote labels (for the hint when a mark's note is elsewhere).
    labels: Vec<HashSet<String>>,
    /// Whether the walk of this chapter looked at other chapters' labels: its result
    /// then depends on more than its key says, and it is not kept.
    looked_elsewhere: bool,
    chapter: ChapterId,
    src: &'a str,
    notes: Vec<Note>,
    citations: Vec<Citation>,
    info: Vec<CiteInfo>,
    glossary: Vec<GlossaryEntry>,
    matcher: terms::Matcher,
    linked: HashSet<TermId>,
    cited: HashSet<String>,
    /// What the walk of the current chapter added to `cited` and the terms' uses, and
    /// whether one of its diagnostics names a note number.
    cited_now: Vec<String>,
    uses_now: Vec<(TermId, TermUse)>,
    numbered: bool,
    generated: HashSet<NoteId>,
}

/// What resolution reads besides the parsed book.
pub struct Inputs<'a> {
    /// The bibliography, if any.
    pub bib: &'a BibState,
    /// The book's quotation marks.
    pub quotes: QuoteSetting,
    /// The source files.
    pub sources: &'a Sources,
    /// The formatted citations and resolved chapters of earlier builds.
    pub memos: &'a super::Memos,
}

/// The problems of each step after the walk, in the order a cold build finds them.
#[derive(Default)]
struct Later {
    links_text: Diagnostics,
    links_notes: Diagnostics,
    marks_text: Diagnostics,
    marks_notes: Diagnostics,
}

/// Resolves the parsed book into the final document (metadata is filled in by the
/// caller): notes numbered, citations checked and formatted, glossary terms and
/// cross-references linked, ties and quotation marks set.
pub fn resolve(doc: &mut Document, book: Book, inputs: Inputs, diags: &mut Diagnostics) {
    let Inputs {
        bib,
        quotes,
        sources,
        memos,
    } = inputs;
    let Book {
        chapters,
        glossary,
        glossary_file,
        glossary_pending,
        unread_chapters,
    } = book;
    let broken_bib = matches!(bib, BibState::Broken);
    let bib = bib.get();
    let mut link_table = links::LinkTable::default();
    for ch in &chapters {
        let path = &sources.get(ch.file).display;
        link_table.add(ch.file, path, &ch.slug, &ch.parsed.parsed.ids);
    }
    // Footnote labels defined twice are reported before anything the walk finds.
    let labels = chapters
        .iter()
        .map(|c| def_labels(&c.parsed.parsed.footnotes, diags))
        .collect();
    let mode = bib.map_or(CitationMode::InText, |b| b.mode);
    let language = doc.meta.language.clone();
    let marks = typography::Marks::new(quotes, &language, sources);
    // What every chapter's resolution reads besides its own parse and the notes,
    // citations and term uses before it (a kept chapter's ids are shifted to those).
    let book_key = memos.keep_chapters.then(|| {
        let anchors: Vec<_> = chapters
            .iter()
            .map(|c| {
                let path = &sources.get(c.file).display;
                (c.file, path, &c.slug, &c.parsed.parsed.ids)
            })
            .collect();
        let terms: Vec<_> = glossary.iter().map(|g| (&g.term, &g.slug)).collect();
        let works = bib.map(|b| b.works.keys());
        memo::key(&(anchors, terms, works, mode, broken_bib, quotes, &language))
    });
    let mut r = Resolver {
        sources,
        pending: Pending::default(),
        bib,
        broken_bib,
        mode,
        diags: Diagnostics::default(),
        defs: HashMap::new(),
        labels,
        looked_elsewhere: false,
        chapter: ChapterId(0),
        src: "",
        notes: vec![],
        citations: vec![],
        info: vec![],
        matcher: terms::Matcher::new(glossary.iter().map(|g| super::glossary::sort_key(&g.term))),
        glossary,
        linked: HashSet::new(),
        cited: HashSet::new(),
        cited_now: vec![],
        uses_now: vec![],
        numbered: false,
        generated: HashSet::new(),
    };
    let mut later = Later::default();
    let mut unreferenced = vec![];
    // The chapters in reading order: notes numbered, citations checked, terms linked.
    for (i, ch) in chapters.into_iter().enumerate() {
        let id = ChapterId(i as u32);
        let key = book_key.map(|book| memo::key(&(book, ch.parsed.key, &ch.slug, i)));
        let kept = key.and_then(|k| memos.resolved.get(k)).and_then(|kept| {
            let mut kept = Resolved::clone(&kept);
            kept.rebase(r.notes.len(), r.citations.len(), &r.glossary)
                .then_some(kept)
        });
        let resolved = match kept {
            Some(kept) => kept,
            None => {
                memos.made[1].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let made = r.chapter_whole(id, ch, &link_table, &marks);
                if let Some(k) = key.filter(|_| !r.looked_elsewhere) {
                    memos.resolved.put(k, Arc::new(made.clone()));
                }
                made
            }
        };
        doc.chapters
            .push(r.add(resolved, &mut later, &mut unreferenced));
    }
    // The glossary's definitions: citations stay inline, links are cross-references.
    if let Some(file) = glossary_file {
        r.pending = glossary_pending;
        r.resolve_glossary(file);
    }
    // Footnotes never referenced.
    r.unreferenced(unreferenced);
    // Citations and the works cited, formatted by the style.
    if let Some(bib) = bib {
        let formatted = &memos.citations;
        doc.bibliography =
            format::format_memo(bib, &mut r.citations, &r.info, &mut r.diags, formatted);
        // A chapter that could not be read may cite any entry: no cascade of
        // "never cited" after its error.
        if unread_chapters == 0 {
            r.uncited(bib);
        }
    }
    doc.notes = r.notes;
    doc.citations = r.citations;
    doc.glossary = r.glossary;
    doc.citation_mode = r.mode;
    diags.extend(r.diags);
    // Links between chapters and to headings, now that every anchor is known; ties
    // (no-break spaces) once, where both backends read the text; quotation marks and
    // spacing of each text's language. The chapters' and their notes' were set as
    // each chapter was resolved; the glossary's and the style's texts are set here.
    let mut links_glossary = Diagnostics::default();
    for entry in &mut doc.glossary {
        links::blocks(
            &mut entry.definition,
            &link_table,
            sources,
            &mut links_glossary,
        );
        crate::model::ties::tie_blocks(&mut entry.definition);
    }
    crate::model::ties::tie_generated(doc);
    let mut marks_glossary = Diagnostics::default();
    for entry in &mut doc.glossary {
        marks.blocks(&mut entry.definition, &mut marks_glossary);
    }
    marks.generated(doc);
    for found in [
        later.links_text,
        later.links_notes,
        links_glossary,
        later.marks_text,
        later.marks_notes,
        marks_glossary,
    ] {
        diags.extend(found);
    }
}

/// The footnote labels of one chapter; a label defined twice is an error.
fn def_labels(footnotes: &[FootnoteDef], diags: &mut Diagnostics) -> HashSet<String> {
    let mut labels = HashSet::new();
    for def in footnotes {
        if !labels.insert(def.label.clone()) {
            diags.push(
                Diagnostic::error(
                    def.span,
                    format!(
                        "footnote `[^{}]` is defined twice in this chapter",
                        def.label
                    ),
                )
                .with_hint("give one of them another label; the first definition is used"),
            );
        }
    }
    labels
}

/// Footnote definitions of one chapter by label (the first of a label defined twice).
fn collect_defs(footnotes: Vec<FootnoteDef>) -> HashMap<String, Slot> {
    let mut map: HashMap<String, Slot> = HashMap::new();
    for def in footnotes {
        map.entry(def.label.clone()).or_insert(Slot {
            def: Some(def),
            id: None,
        });
    }
    map
}

impl Resolved {
    /// Shifts the ids of a chapter resolved after `base` notes and citations (and
    /// `term_base` uses of its terms) to follow `notes` notes, `citations` citations and
    /// the uses in `glossary`, as resolving it there would number them; `false` when a
    /// diagnostic names a note number that would change.
    fn rebase(&mut self, notes: usize, citations: usize, glossary: &[GlossaryEntry]) -> bool {
        let dn = notes as i64 - self.base.0 as i64;
        let dc = citations as i64 - self.base.1 as i64;
        let du: Vec<(TermId, i64)> = self
            .term_base
            .iter()
            .map(|&(t, then)| (t, glossary[t.index()].uses.len() as i64 - then as i64))
            .filter(|&(_, d)| d != 0)
            .collect();
        if dn == 0 && dc == 0 && du.is_empty() {
            return true;
        }
        if self.numbered && dn != 0 {
            return false;
        }
        let shift = |n: u32, d: i64| (n as i64 + d) as u32;
        let mut ids = |i: &mut Inline| match &mut i.kind {
            InlineKind::NoteRef(id) => id.0 = shift(id.0, dn),
            InlineKind::Cite(id) => id.0 = shift(id.0, dc),
            InlineKind::TermRef {
                term, use_index, ..
            } if *use_index != TermUse::NONE => {
                if let Some(&(_, d)) = du.iter().find(|(t, _)| t == term) {
                    *use_index = shift(*use_index, d);
                }
            }
            _ => {}
        };
        visit_inlines_mut(&mut self.chapter.title, &mut ids);
        visit_blocks_mut(&mut self.chapter.blocks, &mut ids);
        for note in &mut self.notes {
            visit_blocks_mut(&mut note.blocks, &mut ids);
            note.number = shift(note.number, dn);
        }
        for id in &mut self.generated {
            id.0 = shift(id.0, dn);
        }
        // A generated note is labelled by its citation's number.
        for note in &mut self.notes {
            if self.generated.contains(&NoteId(note.number - 1))
                && let Some(k) = note.label.strip_prefix("citation-")
                && let Ok(k) = k.parse::<u32>()
            {
                note.label = format!("citation-{}", shift(k, dc));
            }
        }
        for info in &mut self.info {
            if let Some(n) = &mut info.note_number {
                *n = shift(*n, dn);
            }
        }
        self.base = (notes, citations);
        for (t, then) in &mut self.term_base {
            *then = glossary[t.index()].uses.len();
        }
        true
    }
}

/// Calls `f` on every inline of `blocks`, at any depth.
fn visit_blocks_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Inline)) {
    for b in blocks {
        match &mut b.kind {
            BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => {
                visit_inlines_mut(c, f)
            }
            BlockKind::BlockQuote(inner) | BlockKind::Div { blocks: inner, .. } => {
                visit_blocks_mut(inner, f)
            }
            BlockKind::List { items, .. } => items.iter_mut().for_each(|i| visit_blocks_mut(i, f)),
            BlockKind::Table {
                header,
                rows,
                caption,
                ..
            } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    visit_inlines_mut(cell, f);
                }
                visit_inlines_mut(caption, f);
            }
            BlockKind::Figure { caption, .. } => visit_inlines_mut(caption, f),
            BlockKind::DefinitionList(items) => {
                for d in items {
                    visit_inlines_mut(&mut d.term, f);
                    d.definitions
                        .iter_mut()
                        .for_each(|x| visit_blocks_mut(x, f));
                }
            }
            BlockKind::CodeBlock { .. } | BlockKind::ThematicBreak => {}
        }
    }
}

/// Calls `f` on every inline of `list`, at any depth.
fn visit_inlines_mut(list: &mut [Inline], f: &mut impl FnMut(&mut Inline)) {
    for i in list {
        f(i);
        if let Some(c) = i.kind.children_mut() {
            visit_inlines_mut(c, f);
        }
    }
}

impl Resolver<'_> {
    /// Resolves one chapter to the end: walked (with what the walk adds to the book
    /// taken back out of the resolver, for [`Resolver::add`]), links resolved, ties and
    /// marks set.
    fn chapter_whole(
        &mut self,
        id: ChapterId,
        ch: RawChapter,
        table: &links::LinkTable,
        marks: &typography::Marks,
    ) -> Resolved {
        let (notes_before, citations_before) = (self.notes.len(), self.citations.len());
        let diags_before = std::mem::take(&mut self.diags);
        self.looked_elsewhere = false;
        self.numbered = false;
        let RawChapter { file, parsed, slug } = ch;
        let ParsedChapter {
            parsed, pending, ..
        } = Arc::try_unwrap(parsed).unwrap_or_else(|kept| ParsedChapter::clone(&kept));
        self.pending = pending;
        let mut chapter = self.chapter(id, file, parsed, slug);
        let walk = std::mem::replace(&mut self.diags, diags_before);
        let unreferenced = std::mem::take(&mut self.defs)
            .into_values()
            .filter_map(|s| s.def.map(|d| (d.label, d.span)))
            .collect();
        let mut notes = self.notes.split_off(notes_before);
        let citations = self.citations.split_off(citations_before);
        let info = self.info.split_off(citations_before);
        let uses = std::mem::take(&mut self.uses_now);
        for (term, _) in uses.iter().rev() {
            self.glossary[term.index()].uses.pop();
        }
        let mut term_base: Vec<(TermId, usize)> = vec![];
        for (term, _) in &uses {
            if !term_base.iter().any(|(t, _)| t == term) {
                term_base.push((*term, self.glossary[term.index()].uses.len()));
            }
        }
        let generated = notes
            .iter()
            .enumerate()
            .map(|(k, _)| NoteId((notes_before + k) as u32))
            .filter(|n| self.generated.contains(n))
            .collect();
        let sources = self.sources;
        let mut later = Later::default();
        links::chapter(&mut chapter, table, sources, &mut later.links_text);
        for note in &mut notes {
            links::blocks(&mut note.blocks, table, sources, &mut later.links_notes);
        }
        crate::model::ties::tie_chapter(&mut chapter);
        for note in &mut notes {
            crate::model::ties::tie_blocks(&mut note.blocks);
        }
        marks.chapter(&mut chapter, &mut later.marks_text);
        for note in &mut notes {
            marks.blocks(&mut note.blocks, &mut later.marks_notes);
        }
        Resolved {
            chapter,
            notes,
            citations,
            info,
            uses,
            cited: std::mem::take(&mut self.cited_now),
            generated,
            unreferenced,
            base: (notes_before, citations_before),
            term_base,
            numbered: self.numbered,
            walk,
            links_text: later.links_text,
            links_notes: later.links_notes,
            marks_text: later.marks_text,
            marks_notes: later.marks_notes,
        }
    }

    /// Adds a resolved chapter's notes, citations, term uses and problems to the book;
    /// gives the chapter.
    fn add(
        &mut self,
        r: Resolved,
        later: &mut Later,
        unreferenced: &mut Vec<(String, Span)>,
    ) -> Chapter {
        let first = self.notes.len() as u32;
        debug_assert!(r.notes.iter().zip(first..).all(|(n, k)| n.number == k + 1));
        self.notes.extend(r.notes);
        self.citations.extend(r.citations);
        self.info.extend(r.info);
        for (term, u) in r.uses {
            self.glossary[term.index()].uses.push(u);
        }
        self.cited.extend(r.cited);
        self.generated.extend(r.generated);
        unreferenced.extend(r.unreferenced);
        self.diags.extend(r.walk);
        later.links_text.extend(r.links_text);
        later.links_notes.extend(r.links_notes);
        later.marks_text.extend(r.marks_text);
        later.marks_notes.extend(r.marks_notes);
        r.chapter
    }
}

impl Resolver<'_> {
    fn chapter(&mut self, id: ChapterId, file: FileId, parsed: Parsed, slug: String) -> Chapter {
        let mut parsed = parsed;
        self.defs = collect_defs(std::mem::take(&mut parsed.footnotes));
        self.chapter = id;
        self.src = &self.sources.get(file).text;
        self.linked.clear();
        let heading = Where {
            note: None,
            autolink: false,
            glossary: false,
        };
        let listed = !parsed.title_unlisted;
        let title = match parsed.title {
            Some((inlines, _)) => self.inlines(inlines, heading),
            None => vec![],
        };
        let text = Where {
            autolink: true,
            ..heading
        };
        let blocks = self.blocks(parsed.blocks, text);
        let len = self.src.len();
        Chapter {
            title,
            listed,
            slug,
            blocks,
            span: Span::new(file, 0..len),
        }
    }

    fn resolve_glossary(&mut self, file: FileId) {
        self.src = &self.sources.get(file).text;
        let w = Where {
            note: None,
            autolink: false,
            glossary: true,
        };
        for i in 0..self.glossary.len() {
            let def = std::mem::take(&mut self.glossary[i].definition);
            let def = self.blocks(def, w);
            self.glossary[i].definition = def;
        }
    }

    fn blocks(&mut self, blocks: Vec<Block>, w: Where) -> Vec<Block> {
        let plain = Where {
            autolink: false,
            ..w
        };
        let mut out = Vec::with_capacity(blocks.len());
        for b in blocks {
            let kind = match b.kind {
                BlockKind::Paragraph(i) => BlockKind::Paragraph(self.inlines(i, w)),
                BlockKind::Heading {
                    level,
                    content,
                    anchor,
                    listed,
                } => BlockKind::Heading {
                    level,
                    content: self.inlines(content, plain),
                    anchor,
                    listed,
                },
                kind @ (BlockKind::Div { .. }
                | BlockKind::DefinitionList(_)
                | BlockKind::Figure { .. }) => self.pandoc_block(kind, w),
                BlockKind::BlockQuote(bs) => BlockKind::BlockQuote(self.blocks(bs, w)),
                BlockKind::List {
                    start,
                    items,
                    tasks,
                } => BlockKind::List {
                    start,
                    items: items.into_iter().map(|i| self.blocks(i, w)).collect(),
                    tasks,
                },
                BlockKind::Table {
                    align,
                    header,
                    rows,
                    caption,
                } => BlockKind::Table {
                    align,
                    caption: self.inlines(caption, w),
                    header: header.into_iter().map(|c| self.inlines(c, plain)).collect(),
                    rows: rows
                        .into_iter()
                        .map(|r| r.into_iter().map(|c| self.inlines(c, w)).collect())
                        .collect(),
                },
                other => other,
            };
            out.push(Block { kind, span: b.span });
        }
        out
    }

    /// Divs, definition lists and figures (apart, so the recursion's frames stay small).
    #[inline(never)]
    fn pandoc_block(&mut self, kind: BlockKind, w: Where) -> BlockKind {
        let plain = Where {
            autolink: false,
            ..w
        };
        match kind {
            BlockKind::Div { attrs, blocks } => BlockKind::Div {
                attrs,
                blocks: self.blocks(blocks, w),
            },
            BlockKind::DefinitionList(items) => BlockKind::DefinitionList(
                items
                    .into_iter()
                    .map(|d| Definition {
                        term: self.inlines(d.term, plain),
                        definitions: d
                            .definitions
                            .into_iter()
                            .map(|b| self.blocks(b, w))
                            .collect(),
                    })
                    .collect(),
            ),
            BlockKind::Figure { url, alt, caption } => BlockKind::Figure {
                url,
                alt,
                caption: self.inlines(caption, w),
            },
            other => other,
        }
    }

    fn inlines(&mut self, inlines: Vec<Inline>, w: Where) -> Vec<Inline> {
        let plain = Where {
            autolink: false,
            ..w
        };
        let mut out = Vec::with_capacity(inlines.len());
        let mut run = vec![];
        for mut i in inlines {
            if matches!(i.kind, InlineKind::Text(_) | InlineKind::SoftBreak) {
                run.push(i);
                continue;
            }
            self.flush_run(&mut run, &mut out, w);
            match i.kind {
                InlineKind::NoteRef(p) => out.push(self.note_ref(p, i.span, w)),
                InlineKind::Cite(p) => out.extend(self.cite(p, i.span, w)),
                InlineKind::TermRef { term, content, .. } => {
                    let content = self.inlines(content, plain);
                    out.extend(self.term_link(term, content, i.span, w));
                }
                InlineKind::Link { .. } => {
                    textrun::map_children(&mut i, |c| self.inlines(c, plain));
                    out.push(i);
                }
                _ => {
                    textrun::map_children(&mut i, |c| self.inlines(c, w));
                    out.push(i);
                }
            }
        }
        self.flush_run(&mut run, &mut out, w);
        if !self.generated.is_empty() {
            self.punctuation_before_notes(&mut out);
        }
        out
    }

    /// In note styles, "text [@key]." reads "text.¹", as pandoc and CMOS 14.26 set it:
    /// the spaces and line breaks before a generated note mark go, and punctuation
    /// right after it moves before it (`.,;:!?`; not into quotation marks).
    fn punctuation_before_notes(&self, out: &mut Vec<Inline>) {
        let mut k = 0;
        while k < out.len() {
            let InlineKind::NoteRef(id) = out[k].kind else {
                k += 1;
                continue;
            };
            if !self.generated.contains(&id) || k == 0 {
                k += 1;
                continue;
            }
            // The space before the mark (a soft break or trailing spaces) goes.
            while k > 0 {
                match &mut out[k - 1].kind {
                    InlineKind::SoftBreak => {
                        out.remove(k - 1);
                        k -= 1;
                    }
                    InlineKind::Text(t) if t.ends_with(' ') => {
                        let trimmed = t.trim_end_matches(' ').len();
                        t.truncate(trimmed);
                        if t.is_empty() {
                            out.remove(k - 1);
                            k -= 1;
                        }
                    }
                    _ => break,
                }
            }
            let punct = match out.get_mut(k + 1).map(|i| &mut i.kind) {
                Some(InlineKind::Text(next))
                    if next.starts_with(['.', ',', ';', ':', '!', '?']) =>
                {
                    Some(next.remove(0))
                }
                _ => None,
            };
            if let Some(p) = punct {
                let next = out[k + 1].span;
                if !next.is_detached() {
                    out[k + 1].span.start += 1;
                }
                match out.get_mut(k.wrapping_sub(1)).map(|i| &mut i.kind) {
                    Some(InlineKind::Text(t)) => t.push(p),
                    _ => {
                        let span = match next.is_detached() {
                            true => Span::DETACHED,
                            false => Span {
                                end: next.start + 1,
                                ..next
                            },
                        };
                        out.insert(
                            k,
                            Inline {
                                kind: InlineKind::Text(p.to_string()),
                                span,
                            },
                        );
                        k += 1;
                    }
                }
            }
            k += 1;
        }
        out.retain(|i| !matches!(&i.kind, InlineKind::Text(t) if t.is_empty()));
    }

    /// Links the first use of each glossary term in a run of running text.
    fn flush_run(&mut self, run: &mut Vec<Inline>, out: &mut Vec<Inline>, w: Where) {
        if run.is_empty() {
            return;
        }
        let pieces = std::mem::take(run);
        let all_linked = self.linked.len() >= self.matcher.len();
        if !w.autolink
            || all_linked
            || self.matcher.is_empty()
            || pieces.iter().any(|p| p.span.is_detached())
        {
            out.extend(pieces);
            return;
        }
        let run = JoinedText::new(&pieces, self.src);
        let linked = &self.linked;
        let found = self.matcher.find(&run.text, &|t| linked.contains(&t));
        if found.is_empty() {
            out.extend(pieces);
            return;
        }
        let mut at = 0;
        for (term, range) in found {
            out.extend(run.inlines(at..range.start));
            let span = run.span(range.clone());
            self.linked.insert(term);
            let use_index = self.add_use(term, span);
            let content = run.inlines(range.clone());
            out.push(Inline {
                kind: InlineKind::TermRef {
                    term,
                    content,
                    use_index,
                },
                span,
            });
            at = range.end;
        }
        out.extend(run.inlines(at..run.text.len()));
    }

    fn add_use(&mut self, term: TermId, span: Span) -> u32 {
        let uses = &mut self.glossary[term.index()].uses;
        let used = TermUse {
            chapter: self.chapter,
            span,
        };
        uses.push(used);
        self.uses_now.push((term, used));
        uses.len() as u32 - 1
    }

    /// The source text of a span, as a text inline (for references that failed).
    fn as_written(&self, span: Span) -> Inline {
        Inline {
            kind: InlineKind::Text(self.sources.slice(span).to_string()),
            span,
        }
    }

    fn new_note(&mut self, label: String, span: Span) -> NoteId {
        let id = NoteId(self.notes.len() as u32);
        let number = id.0 + 1;
        self.notes.push(Note {
            label,
            number,
            chapter: self.chapter,
            blocks: vec![],
            span,
        });
        id
    }
}

mod links;
mod refs;
