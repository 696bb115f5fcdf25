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
use crate::diag::{Diagnostic, Diagnostics, FileId, Sources, Span};
use crate::memo::Memo;
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
    /// The parse.
    pub parsed: Parsed,
    /// Its unique slug.
    pub slug: String,
}

/// The parsed book, waiting for resolution.
pub struct Book {
    /// The chapters, in reading order.
    pub chapters: Vec<RawChapter>,
    /// Glossary entries, sorted, with provisional references in their definitions.
    pub glossary: Vec<GlossaryEntry>,
    /// glossary.md, if there is one.
    pub glossary_file: Option<FileId>,
    /// The provisional references of all files.
    pub pending: Pending,
    /// Chapters listed but not read (an error each): what they cite is unknown.
    pub unread_chapters: usize,
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
    pending: &'a Pending,
    bib: Option<&'a Bibliography>,
    broken_bib: bool,
    diags: &'a mut Diagnostics,
    mode: CitationMode,
    defs: Vec<HashMap<String, Slot>>,
    chapter: ChapterId,
    src: &'a str,
    notes: Vec<Note>,
    citations: Vec<Citation>,
    info: Vec<CiteInfo>,
    glossary: Vec<GlossaryEntry>,
    matcher: terms::Matcher,
    linked: HashSet<TermId>,
    cited: HashSet<String>,
    generated: HashSet<NoteId>,
}

/// Resolves the parsed book into the final document (metadata is filled in by the caller).
pub fn resolve(
    doc: &mut Document,
    book: Book,
    bib: &BibState,
    sources: &Sources,
    diags: &mut Diagnostics,
    formatted: &Memo<Arc<format::Formatted>>,
) {
    let Book {
        mut chapters,
        glossary,
        glossary_file,
        pending,
        unread_chapters,
    } = book;
    let pending = &pending;
    let broken_bib = matches!(bib, BibState::Broken);
    let bib = bib.get();
    let mut link_table = links::LinkTable::default();
    for ch in &chapters {
        let path = &sources.get(ch.file).display;
        link_table.add(ch.file, path, &ch.slug, &ch.parsed.ids);
    }
    let defs = chapters
        .iter_mut()
        .map(|c| collect_defs(&mut c.parsed, diags))
        .collect();
    let mut r = Resolver {
        sources,
        pending,
        bib,
        broken_bib,
        mode: bib.map_or(CitationMode::InText, |b| b.mode),
        diags,
        defs,
        chapter: ChapterId(0),
        src: "",
        notes: vec![],
        citations: vec![],
        info: vec![],
        matcher: terms::Matcher::new(glossary.iter().map(|g| super::glossary::sort_key(&g.term))),
        glossary,
        linked: HashSet::new(),
        cited: HashSet::new(),
        generated: HashSet::new(),
    };
    // The chapters in reading order: notes numbered, citations checked, terms linked.
    for (i, ch) in chapters.into_iter().enumerate() {
        doc.chapters.push(r.chapter(ChapterId(i as u32), ch));
    }
    // The glossary's definitions: citations stay inline, links are cross-references.
    if let Some(file) = glossary_file {
        r.resolve_glossary(file);
    }
    // Footnotes never referenced.
    r.unreferenced();
    // Citations and the works cited, formatted by the style.
    if let Some(bib) = bib {
        doc.bibliography = format::format_memo(bib, &mut r.citations, &r.info, r.diags, formatted);
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
    // Links between chapters and to headings, now that every anchor is known.
    links::resolve(doc, &link_table, sources, r.diags);
    // Ties (no-break spaces) once, where both backends read the text.
    crate::model::ties::tie_document(doc);
}

/// Footnote definitions of one chapter by label; a label defined twice is an error.
fn collect_defs(parsed: &mut Parsed, diags: &mut Diagnostics) -> HashMap<String, Slot> {
    let mut map: HashMap<String, Slot> = HashMap::new();
    for def in std::mem::take(&mut parsed.footnotes) {
        if map.contains_key(&def.label) {
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
            continue;
        }
        map.insert(
            def.label.clone(),
            Slot {
                def: Some(def),
                id: None,
            },
        );
    }
    map
}

impl Resolver<'_> {
    fn chapter(&mut self, id: ChapterId, ch: RawChapter) -> Chapter {
        self.chapter = id;
        self.src = &self.sources.get(ch.file).text;
        self.linked.clear();
        let heading = Where {
            note: None,
            autolink: false,
            glossary: false,
        };
        let listed = !ch.parsed.title_unlisted;
        let title = match ch.parsed.title {
            Some((inlines, _)) => self.inlines(inlines, heading),
            None => vec![],
        };
        let text = Where {
            autolink: true,
            ..heading
        };
        let blocks = self.blocks(ch.parsed.blocks, text);
        let len = self.src.len();
        Chapter {
            title,
            listed,
            slug: ch.slug,
            blocks,
            span: Span::new(ch.file, 0..len),
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
        uses.push(TermUse {
            chapter: self.chapter,
            span,
        });
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
