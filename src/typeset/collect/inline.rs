//! Inlines → runs: styles nest, links and anchors ride along, and [`TextPos`] offsets
//! count only the characters of `Text` and `Code`.

use super::{Collector, Para, plain_para};
use crate::layout::BlockStyle;
use crate::layout::UrlStyle;
use crate::model::{CiteId, Inline, InlineKind, anchors};
use crate::typeset::frame::{LinkTarget, TextPos};
use crate::typeset::run::{Run, RunStyle};
use crate::typeset::urls;

impl Collector<'_> {
    /// A paragraph of inlines; its [`TextPos`] offsets count from the block start.
    pub(super) fn para(&mut self, inl: &[Inline], style: BlockStyle, pos: Option<TextPos>) -> Para {
        let base = RunStyle {
            italic: style.italic,
            bold: style.bold,
            small_caps: style.small_caps,
            lang: self.lang.clone(),
            ..RunStyle::default()
        };
        let mut out = Sink::default();
        self.inlines(inl, &base, None, &mut out);
        Para {
            pos,
            ..plain_para(out.runs, style)
        }
    }

    fn inlines(
        &mut self,
        inl: &[Inline],
        st: &RunStyle,
        link: Option<&LinkTarget>,
        out: &mut Sink,
    ) {
        for (k, i) in inl.iter().enumerate() {
            self.inline(i, st, link, out);
            if let InlineKind::Link { url, content } = &i.kind {
                let noted = urls::noted(self.doc, &inl[k + 1..]);
                if !noted
                    && self.layout.urls != UrlStyle::Hidden
                    && !urls::shows_itself(url, content)
                {
                    // "text (URL)", not counted: the EPUB's text has no address.
                    let target = LinkTarget::Url(url.clone());
                    out.push(" (", st, link, false);
                    out.push(urls::printed(url), st, Some(&target), false);
                    out.push(")", st, link, false);
                }
            }
        }
    }

    fn inline(&mut self, i: &Inline, st: &RunStyle, link: Option<&LinkTarget>, out: &mut Sink) {
        if let Some((children, st)) = nested(&i.kind, st) {
            return self.inlines(children, &st, link, out);
        }
        match &i.kind {
            InlineKind::Text(t) => out.push(t, st, link, true),
            InlineKind::Code(t) => {
                let code = RunStyle {
                    monospace: true,
                    ..st.clone()
                };
                out.push(t, &code, link, true)
            }
            InlineKind::SoftBreak => out.push(" ", st, link, false),
            InlineKind::HardBreak => out.push("\n", st, link, false),
            InlineKind::Image { alt, .. } => out.push(&format!("[{alt}]"), st, link, false),
            InlineKind::CrossRef { anchor, content } => {
                let name = if self.doc.chapters.iter().any(|c| &c.slug == anchor) {
                    crate::model::anchors::chapter(anchor)
                } else {
                    crate::model::anchors::heading(anchor)
                };
                let target = LinkTarget::Anchor(name);
                self.inlines(content, st, Some(&target), out)
            }
            InlineKind::Link { url, content } => {
                let target = LinkTarget::Url(url.clone());
                self.inlines(content, st, Some(&target), out)
            }
            InlineKind::TermRef {
                term,
                content,
                use_index,
            } => {
                let slug = &self.doc.term(*term).slug;
                let target = LinkTarget::Anchor(anchors::term(slug));
                let first = out.runs.len();
                self.inlines(content, st, Some(&target), out);
                if let Some(r) = out.runs.get_mut(first) {
                    r.anchor = Some(anchors::term_use(slug, *use_index));
                }
            }
            InlineKind::NoteRef(id) => {
                let number = self.doc.note(*id).number;
                let mark = RunStyle {
                    superscript: true,
                    ..st.clone()
                };
                out.push(&number.to_string(), &mark, None, false);
                let mark = out.runs.last_mut().expect("just pushed");
                mark.link = Some(LinkTarget::Anchor(anchors::note(number)));
                // A note referenced again links to it, but its mark anchor is the first.
                if !self.notes.contains(id) {
                    mark.anchor = Some(anchors::note_mark(number));
                    self.notes.push(*id);
                }
                mark.note = Some(*id);
            }
            InlineKind::Cite(id) => self.cite(*id, st, link, out),
            // Handled by `nested` above.
            InlineKind::Emphasis(_)
            | InlineKind::Strong(_)
            | InlineKind::Strikethrough(_)
            | InlineKind::SmallCaps(_)
            | InlineKind::Superscript(_)
            | InlineKind::Subscript(_)
            | InlineKind::Span { .. } => {}
        }
    }

    /// A citation: its rendered inlines, each work linked to its entry, not counted;
    /// its first run carries the citation's anchor.
    fn cite(&mut self, id: CiteId, st: &RunStyle, link: Option<&LinkTarget>, out: &mut Sink) {
        let cite = self.doc.citation(id);
        let target = |item: usize| {
            cite.items.get(item).map(|it| {
                LinkTarget::Anchor(anchors::work_cited(&self.doc.reference(it.entry).key))
            })
        };
        let mut sub = Sink {
            runs: Vec::new(),
            offset: out.offset,
            counting: false,
        };
        let rendered = &cite.rendered;
        let fits = cite.works.iter().all(|(r, _)| r.end <= rendered.len());
        if cite.works.is_empty() || !fits {
            // One work: the whole citation is one link.
            let first = target(0);
            self.inlines(rendered, st, first.as_ref().or(link), &mut sub);
        } else {
            // Several works: one link (annotation) per work, to its own entry.
            let mut at = 0;
            for (range, item) in &cite.works {
                self.inlines(
                    &rendered[at.min(range.start)..range.start],
                    st,
                    link,
                    &mut sub,
                );
                let t = target(*item);
                self.inlines(&rendered[range.clone()], st, t.as_ref().or(link), &mut sub);
                at = range.end;
            }
            self.inlines(&rendered[at..], st, link, &mut sub);
        }
        // Where the works cited's entries point back to.
        if let Some(first) = sub.runs.iter_mut().find(|r| r.anchor.is_none()) {
            first.anchor = Some(anchors::citation(id));
        }
        out.runs.extend(sub.runs);
    }
}

/// The children and style of an inline that only restyles its content: emphasis and
/// the like, and a span, whose `lang` (`[text]{lang=ru}`) its runs carry.
fn nested<'i>(kind: &'i InlineKind, st: &RunStyle) -> Option<(&'i [Inline], RunStyle)> {
    let st = st.clone();
    let (children, st) = match kind {
        InlineKind::Emphasis(c) => (
            c,
            RunStyle {
                italic: !st.italic,
                ..st
            },
        ),
        InlineKind::Strong(c) => (c, RunStyle { bold: true, ..st }),
        InlineKind::Strikethrough(c) => (c, RunStyle { strike: true, ..st }),
        InlineKind::SmallCaps(c) => (
            c,
            RunStyle {
                small_caps: true,
                ..st
            },
        ),
        InlineKind::Superscript(c) => (
            c,
            RunStyle {
                superscript: true,
                ..st
            },
        ),
        InlineKind::Subscript(c) => (
            c,
            RunStyle {
                subscript: true,
                ..st
            },
        ),
        InlineKind::Span { content, attrs } => (
            content,
            match &attrs.lang {
                Some(lang) => RunStyle {
                    lang: Some(lang.clone()),
                    ..st
                },
                None => st,
            },
        ),
        _ => return None,
    };
    Some((children.as_slice(), st))
}

/// Runs being collected, with the running [`TextPos`] offset.
struct Sink {
    runs: Vec<Run>,
    offset: u32,
    /// Whether text counts in offsets here (not inside a citation).
    counting: bool,
}

impl Default for Sink {
    fn default() -> Sink {
        Sink {
            runs: Vec::new(),
            offset: 0,
            counting: true,
        }
    }
}

impl Sink {
    /// Adds a run; `counts` says whether its characters advance the offset.
    fn push(&mut self, text: &str, style: &RunStyle, link: Option<&LinkTarget>, counts: bool) {
        let counts = counts && self.counting;
        self.runs.push(Run {
            text: text.to_string(),
            style: style.clone(),
            link: link.cloned(),
            anchor: None,
            note: None,
            offset: self.offset,
            counts,
        });
        if counts {
            self.offset += text.chars().count() as u32;
        }
    }
}
