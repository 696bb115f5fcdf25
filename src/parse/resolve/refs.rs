//! Resolving the three kinds of reference: footnote marks, citations, glossary links;
//! and the checks for what was never referenced.

use super::format::{CiteInfo, Form, unknown_key};
use super::{Resolver, Where};
use crate::diag::{Diagnostic, Span};
use crate::model::{
    Block, BlockKind, Citation, CitationMode, CiteId, CiteItem, Inline, InlineKind, NoteId, RefId,
    TermId, TermUse,
};
use crate::parse::bibliography::Bibliography;
use crate::parse::markdown::PendingCite;

impl Resolver<'_> {
    /// A footnote mark: numbered at its first reference, its note read right there.
    pub(super) fn note_ref(&mut self, p: NoteId, span: Span, w: Where) -> Inline {
        let label = self.pending.note_refs[p.index()].label.clone();
        if w.glossary {
            self.diags.push(
                Diagnostic::error(span, "footnotes are not supported in the glossary")
                    .with_hint("put the remark into the definition itself"),
            );
            return self.as_written(span);
        }
        let Some(slot) = self.defs.get_mut(&label) else {
            self.looked_elsewhere = true;
            let elsewhere = self.labels.iter().position(|d| d.contains(&label));
            let hint = match elsewhere {
                Some(_) => format!(
                    "`[^{label}]` is defined in another chapter; footnote labels belong to their chapter, so define it in this file"
                ),
                None => format!("add a definition `[^{label}]: …` to this chapter"),
            };
            self.diags.push(
                Diagnostic::error(span, format!("footnote `[^{label}]` has no definition"))
                    .with_hint(hint),
            );
            return self.as_written(span);
        };
        if let Some(id) = slot.id {
            let number = self.notes[id.index()].number;
            self.numbered = true;
            self.diags.push(
                Diagnostic::warning(span, format!("footnote `[^{label}]` is referenced a second time; both marks show note {number}"))
                    .with_hint("a note is normally referenced once: give the second place a note of its own"),
            );
            return Inline {
                kind: InlineKind::NoteRef(id),
                span,
            };
        }
        let def = slot
            .def
            .take()
            .expect("a slot without id still has its definition");
        let id = self.new_note(label, def.span);
        if let Some(slot) = self.defs.get_mut(&def.label) {
            slot.id = Some(id);
        }
        let inside = Where {
            note: Some(id),
            autolink: false,
            glossary: false,
        };
        let blocks = self.blocks(def.blocks, inside);
        self.notes[id.index()].blocks = blocks;
        Inline {
            kind: InlineKind::NoteRef(id),
            span,
        }
    }

    /// A citation: keys checked; in note styles, text citations become generated notes.
    pub(super) fn cite(&mut self, p: CiteId, span: Span, w: Where) -> Vec<Inline> {
        let pc = self.pending.cites[p.index()].clone();
        let pc = &pc;
        if !self.check_keys(pc, span) {
            return vec![self.as_written(span)];
        }
        let keys: Vec<String> = pc.items.iter().map(|(i, _)| i.key.clone()).collect();
        let items: Vec<CiteItem> = pc
            .items
            .iter()
            .zip(&pc.affixes)
            .map(|((i, _), (prefix, suffix))| CiteItem {
                entry: RefId(0),
                locator: i.locator.clone(),
                prefix: prefix.clone(),
                suffix: suffix.clone(),
                suffix_comma: i.suffix_comma,
                suppress_author: i.suppress_author,
            })
            .collect();
        let narrative = pc.narrative;
        let in_text = self.mode == CitationMode::InText;
        if !narrative {
            // In a note style a citation in the text becomes a note mark, which
            // rightly follows the punctuation (`word.[@key]` gives "word.¹").
            let printed_inline = in_text || w.note.is_some() || w.glossary;
            self.warn_glued(span, printed_inline);
        }
        if !(in_text || w.note.is_some() || w.glossary) {
            return self.cite_as_note(items, keys, narrative, span);
        }
        let form = if narrative && in_text {
            Form::Narrative
        } else if in_text && items.iter().all(|i| i.suppress_author) {
            Form::SuppressAuthor
        } else {
            Form::Normal
        };
        let note_number = w.note.map(|n| self.notes[n.index()].number);
        let info = CiteInfo {
            keys,
            form,
            note_number,
            own_note: false,
        };
        let id = self.push_cite(items, narrative, span, info);
        vec![Inline {
            kind: InlineKind::Cite(id),
            span,
        }]
    }

    /// Warns about a bracketed citation written against the word or punctuation before
    /// it (`assistant.[see @key]`): it would print as "assistant.(see …)".
    fn warn_glued(&mut self, span: Span, printed_inline: bool) {
        if span == Span::DETACHED {
            return;
        }
        let text = &self.sources.get(span.file).text;
        let Some(before) = text
            .get(..span.start as usize)
            .and_then(|t| t.chars().next_back())
        else {
            return;
        };
        if before.is_alphanumeric() || printed_inline && ".,;:!?)”’".contains(before) {
            self.diags.push(
                Diagnostic::warning(span, format!("citation attached to the `{before}` before it"))
                    .with_hint("put a space before the `[`: `word [@key]`, or `word [@key].` before the punctuation; in note styles the note mark is then set after the period or comma"),
            );
        }
    }

    /// Whether every key of a citation is in the bibliography (unknown keys are reported).
    fn check_keys(&mut self, pc: &PendingCite, span: Span) -> bool {
        // A bare `@word` that names no work is a handle or a word, not a citation.
        if pc.narrative
            && let Some((item, key_span)) = pc.items.first()
            && !self.bib.is_some_and(|b| b.works.contains(&item.key))
        {
            if !self.broken_bib {
                let mut d = Diagnostic::warning(
                    *key_span,
                    format!("`@{}` is no citation key; it is kept as text", item.key),
                );
                if let Some(c) = self
                    .bib
                    .and_then(|b| crate::parse::closest(&item.key, b.works.keys()))
                {
                    d = d.with_hint(format!(
                        "did you mean `@{c}`? otherwise write `\\@` for an @ that is not a citation"
                    ));
                } else {
                    d = d.with_hint("write `\\@` for an @ that is not a citation");
                }
                self.diags.push(d);
            }
            return false;
        }
        let Some(bib) = self.bib else {
            if !self.broken_bib {
                self.diags.push(
                    Diagnostic::error(span, "citation, but the book has no bibliography")
                        .with_hint("add manuscript/references.bib, or name the file under `[bibliography]` in book.toml"),
                );
            }
            return false;
        };
        let mut ok = true;
        for (item, key_span) in &pc.items {
            if bib.works.contains(&item.key) {
                self.cite_key(&item.key);
            } else {
                self.diags.push(unknown_key(&item.key, *key_span, bib));
                // The entry the misspelt key most likely meant is not reported as
                // never cited too: one mistake, one message.
                if let Some(meant) = crate::parse::closest(&item.key, bib.works.keys()) {
                    self.cite_key(meant);
                }
                ok = false;
            }
        }
        ok
    }

    /// In a note style, a citation in the text becomes a generated note holding it; for
    /// `@key` the author's name stays in the sentence.
    fn cite_as_note(
        &mut self,
        items: Vec<CiteItem>,
        keys: Vec<String>,
        narrative: bool,
        span: Span,
    ) -> Vec<Inline> {
        let mut out = vec![];
        if narrative {
            let info = CiteInfo {
                keys: keys.clone(),
                form: Form::AuthorOnly,
                note_number: None,
                own_note: false,
            };
            let id = self.push_cite(items.clone(), true, span, info);
            out.push(Inline {
                kind: InlineKind::Cite(id),
                span,
            });
        }
        let note = self.new_note(String::new(), span);
        self.generated.insert(note);
        let number = self.notes[note.index()].number;
        let info = CiteInfo {
            keys,
            form: Form::Normal,
            note_number: Some(number),
            own_note: true,
        };
        let id = self.push_cite(items, false, span, info);
        let n = &mut self.notes[note.index()];
        n.label = format!("citation-{}", id.0 + 1);
        let cite = Inline {
            kind: InlineKind::Cite(id),
            span,
        };
        n.blocks = vec![Block {
            kind: BlockKind::Paragraph(vec![cite]),
            span,
        }];
        out.push(Inline {
            kind: InlineKind::NoteRef(note),
            span,
        });
        out
    }

    fn push_cite(
        &mut self,
        items: Vec<CiteItem>,
        narrative: bool,
        span: Span,
        info: CiteInfo,
    ) -> CiteId {
        let id = CiteId(self.citations.len() as u32);
        self.citations.push(Citation {
            items,
            narrative,
            rendered: vec![],
            works: vec![],
            span,
        });
        self.info.push(info);
        id
    }

    /// An explicit `[text](glossary:term)`: the term by name (any case) or slug.
    pub(super) fn term_link(
        &mut self,
        p: TermId,
        content: Vec<Inline>,
        span: Span,
        w: Where,
    ) -> Vec<Inline> {
        let target = self.pending.term_links[p.index()]
            .target
            .replace("%20", " ");
        let slug = crate::parse::metadata::slug(&target);
        let found = self.glossary.iter().position(|g| {
            let key = crate::parse::glossary::sort_key(&g.term);
            g.term.to_lowercase() == target.trim().to_lowercase()
                || key == crate::parse::glossary::sort_key(&target)
                || g.slug == target
                || g.slug == slug
        });
        let Some(t) = found else {
            let mut d = Diagnostic::error(span, format!("unknown glossary term `{target}`"));
            let terms = self.glossary.iter().map(|g| g.term.as_str());
            d = match crate::parse::closest(&target, terms) {
                Some(c) => d.with_hint(format!("did you mean `{c}`?")),
                None if self.glossary.is_empty() => {
                    d.with_hint("there is no manuscript/glossary.md; add the term there")
                }
                None => d.with_hint("add the term to manuscript/glossary.md"),
            };
            self.diags.push(d);
            return content;
        };
        let term = TermId(t as u32);
        let use_index = if w.glossary {
            TermUse::NONE
        } else {
            if w.note.is_none() {
                self.linked.insert(term);
            }
            self.add_use(term, span)
        };
        vec![Inline {
            kind: InlineKind::TermRef {
                term,
                content,
                use_index,
            },
            span,
        }]
    }

    /// Records a bibliography key as cited (by this chapter: whether an earlier one
    /// cited it too is not this chapter's to know).
    fn cite_key(&mut self, key: &str) {
        self.cited.insert(key.to_string());
        self.cited_now.push(key.to_string());
    }

    /// Warns about footnote definitions no mark refers to (each chapter's, by label
    /// and place).
    pub(super) fn unreferenced(&mut self, mut left: Vec<(String, Span)>) {
        left.sort_by_key(|(_, span)| (span.file, span.start));
        for (label, span) in left {
            self.diags.push(
                Diagnostic::warning(
                    span,
                    format!("footnote `[^{label}]` is defined but never referenced"),
                )
                .with_hint(format!(
                    "refer to it with `[^{label}]` in the text, or delete the definition"
                )),
            );
        }
    }

    /// Warns about bibliography entries neither cited nor listed in `nocite` (or meant
    /// by an unknown key).
    pub(super) fn uncited(&mut self, bib: &Bibliography) {
        let mut keys: Vec<&str> = bib
            .works
            .keys()
            .into_iter()
            .filter(|k| !self.cited.contains(*k) && !bib.nocite.iter().any(|(n, _)| n == k))
            .collect();
        keys.sort_by_key(|k| bib.entry_spans.get(*k).map(|s| s.start));
        for key in keys {
            let span = bib.entry_spans.get(key).copied();
            self.diags.push(
                Diagnostic::warning(span, format!("bibliography entry `{key}` is never cited"))
                    .with_hint(format!(
                        "cite it with `[@{key}]`, list it under `nocite` in book.toml, or remove it"
                    )),
            );
        }
    }
}
