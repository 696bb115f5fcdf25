//! Front and back matter as flows: half-title, title page, copyright verso, contents,
//! glossary (with page back-references), works cited and colophon.
//!
//! Each is a [`Flow`] paginated like a chapter. The contents and the glossary need
//! page labels, so they are built after the chapters are paginated (two passes: the
//! body's labels do not depend on the front matter's length, see `typeset::assemble`).

use super::flow::FlowBuilder;
use super::{Elem, ElemKind, Flow};
use crate::layout::{BlockStyle, TextAlign};
use crate::model::{Document, anchors};
use crate::typeset::collect::{Para, inline_para, plain_para};
use crate::typeset::frame::LinkTarget;
use crate::typeset::run::{Run, RunStyle};
use std::collections::HashMap;

/// One contents line: title, level, page label, anchor it links to.
#[derive(Debug, Clone)]
pub struct ContentsEntry {
    /// The title as shown.
    pub title: String,
    /// 1 for chapters and matter, 2 for sections.
    pub level: u8,
    /// The page label.
    pub label: String,
    /// The anchor of its start, if it has one.
    pub anchor: Option<String>,
}

impl FlowBuilder<'_> {
    fn style(&self, base: BlockStyle, align: TextAlign) -> BlockStyle {
        BlockStyle {
            align,
            first_line_indent: 0.0,
            space_before: 0.0,
            space_after: 0.0,
            indent_left: 0.0,
            indent_right: 0.0,
            ..base
        }
    }

    /// A fixed (never discarded) space of `lines` body lines.
    fn fixed(&self, flow: &mut Flow, lines: f64) {
        let mut e = Elem::new(ElemKind::Fixed(lines * self.layout.leading));
        e.keep_with_next = true;
        flow.elems.push(e);
    }

    /// A centred line of generated text in `style`.
    fn centred(&mut self, flow: &mut Flow, text: &str, base: BlockStyle, st: RunStyle) {
        let p = plain_para(
            vec![Run::new(text, st)],
            self.style(base, TextAlign::Center),
        );
        self.push_para(flow, &p, 0, 0);
    }

    /// A matter section's opening: sinkage, title (anchored, in the outline), space.
    fn matter_title(&mut self, flow: &mut Flow, title: &str, anchor: &str) {
        let s = self.layout.styles.chapter_title;
        self.fixed(
            flow,
            s.space_before * self.layout.font_size / self.layout.leading,
        );
        let mut p = plain_para(
            vec![Run::new(title, RunStyle::default())],
            self.style(s, s.align),
        );
        p.keep_with_next = true;
        p.anchor = Some(anchor.to_string());
        p.outline = Some((title.to_string(), 1));
        self.push_para(flow, &p, 0, 0);
        self.fixed(
            flow,
            s.space_after * self.layout.font_size / self.layout.leading,
        );
    }

    /// The half-title: the title alone, a third of the way down.
    pub fn half_title(&mut self, doc: &Document) -> Flow {
        let mut flow = Flow::default();
        self.fixed(&mut flow, 8.0);
        let st = self.layout.styles.section;
        self.centred(
            &mut flow,
            &doc.meta.title,
            st,
            RunStyle {
                small_caps: true,
                ..Default::default()
            },
        );
        flow
    }

    /// The title page: title, subtitle, authors, and the publisher at the foot.
    pub fn title_page(&mut self, doc: &Document) -> Flow {
        let mut flow = Flow::default();
        let m = &doc.meta;
        let (title, body) = (self.layout.styles.chapter_title, self.layout.styles.body);
        self.fixed(&mut flow, 6.0);
        self.centred(
            &mut flow,
            &m.title,
            title,
            RunStyle {
                bold: title.bold,
                ..Default::default()
            },
        );
        if let Some(sub) = &m.subtitle {
            self.centred(
                &mut flow,
                sub,
                body,
                RunStyle {
                    italic: true,
                    ..Default::default()
                },
            );
        }
        self.fixed(&mut flow, 3.0);
        for a in &m.authors {
            self.centred(
                &mut flow,
                a,
                body,
                RunStyle {
                    small_caps: true,
                    ..Default::default()
                },
            );
        }
        if let Some(p) = &m.publisher {
            let mut foot = Flow::default();
            self.centred(&mut foot, p, body, RunStyle::default());
            self.at_foot(&mut flow, foot);
        }
        flow
    }

    /// Appends `foot` to `flow` behind a fixed space that sets it on the page's last
    /// line (or right after `flow`, if they do not fit together).
    fn at_foot(&self, flow: &mut Flow, foot: Flow) {
        let used: f64 = flow.elems.iter().map(Elem::height).sum();
        let need: f64 = foot.elems.iter().map(Elem::height).sum();
        let room = self.layout.page.text_height() - used - need - 0.01;
        if room > 0.0 {
            let mut e = Elem::new(ElemKind::Fixed(room));
            e.keep_with_next = true;
            flow.elems.push(e);
        }
        flow.elems.extend(foot.elems);
    }

    /// The copyright verso: rights, identifier, publisher and date, set at the foot.
    pub fn copyright(&mut self, doc: &Document) -> Flow {
        let m = &doc.meta;
        let mut texts = Vec::new();
        let l = &m.locale;
        let year = m.date.as_deref().and_then(crate::locale::Locale::year);
        // A rights line of the author's own that names the copyright says it once.
        let own_notice = m
            .rights
            .as_deref()
            .is_some_and(|r| r.contains('©') || r.to_lowercase().contains("copyright"));
        if !m.authors.is_empty() && !own_notice {
            let y = year.as_ref().map(|y| format!("{y} ")).unwrap_or_default();
            texts.push(format!("© {y}{}", m.locale.authors(&m.authors)));
        }
        if let Some(y) = &year {
            texts.push(crate::locale::fill(
                &l.labels.first_published,
                &[("year", y)],
            ));
        }
        texts.extend(m.rights.clone());
        // The ISBN as books print it; a derived UUID means nothing to a reader.
        match &m.identifier {
            crate::model::Identifier::Isbn(isbn) => texts.push(format!("ISBN {isbn}")),
            crate::model::Identifier::Other(id) => texts.push(id.clone()),
            crate::model::Identifier::Derived(_) => {}
        }
        texts.extend(
            m.publisher
                .as_ref()
                .map(|p| crate::locale::fill(&l.labels.published_by, &[("publisher", p)])),
        );
        let style = self.style(self.layout.styles.footnote, TextAlign::Left);
        let mut foot = Flow::default();
        for t in texts {
            let mut p = plain_para(vec![Run::new(t, RunStyle::default())], style);
            p.style.space_after = 0.3;
            self.push_para(&mut foot, &p, 0, 0);
        }
        foot.elems.pop_if(|e| e.is_space());
        let mut flow = Flow::default();
        self.at_foot(&mut flow, foot);
        flow
    }

    /// The contents: one line per entry, its page label set flush right, all linked.
    pub fn contents(&mut self, doc: &Document, entries: &[ContentsEntry]) -> Flow {
        let mut flow = Flow::default();
        self.matter_title(
            &mut flow,
            &doc.meta.locale.labels.contents,
            anchors::CONTENTS,
        );
        let fs = self.layout.font_size;
        let measure = self.layout.page.measure();
        let base = self.style(self.layout.styles.body, TextAlign::Left);
        for e in entries {
            let link = e.anchor.clone().map(LinkTarget::Anchor);
            let indent = if e.level > 1 { 1.5 } else { 0.0 };
            let run = Run {
                link: link.clone(),
                ..Run::new(e.title.clone(), RunStyle::default())
            };
            let mut p = plain_para(vec![run], base);
            p.indent = indent;
            p.style.indent_right = 3.0;
            p.grid = true;
            let start = flow.elems.len();
            self.push_para(&mut flow, &p, 0, 0);
            let label = plain_para(
                vec![Run {
                    link,
                    ..Run::new(e.label.clone(), RunStyle::default())
                }],
                base,
            );
            let set = self.setter.set(&label, 3.0 * fs, 0);
            let Some(num) = set.into_iter().next() else {
                continue;
            };
            let last = flow.elems[start..]
                .iter_mut()
                .rev()
                .find(|e| matches!(e.kind, ElemKind::Line { .. }));
            if let Some(Elem {
                kind: ElemKind::Line { line, x, .. },
                ..
            }) = last
            {
                let dx = measure - *x - num.width;
                line.runs.extend(num.runs.into_iter().map(|mut r| {
                    r.x += dx;
                    r
                }));
                line.links.extend(num.links.into_iter().map(|(mut r, t)| {
                    r.x += dx;
                    (r, t)
                }));
            }
        }
        flow
    }

    /// The glossary: each term in bold, its definition, and the pages of its uses.
    pub fn glossary(&mut self, doc: &Document, labels: &HashMap<String, String>) -> Flow {
        let mut flow = Flow::default();
        let locale = &doc.meta.locale;
        self.matter_title(&mut flow, &locale.labels.glossary, anchors::GLOSSARY);
        for (k, entry) in doc.glossary.iter().enumerate() {
            let mut runs = vec![Run::new(
                entry.term.clone(),
                RunStyle {
                    bold: true,
                    ..Default::default()
                },
            )];
            runs.push(Run::new(". ", RunStyle::default()));
            let entry_style = self.layout.styles.entry;
            for b in &entry.definition {
                if let crate::model::BlockKind::Paragraph(inl) = &b.kind {
                    runs.extend(inline_para(doc, self.layout, inl, entry_style).runs);
                    runs.push(Run::new(" ", RunStyle::default()));
                }
            }
            let mut seen = Vec::new();
            for i in 0..entry.uses.len() {
                let anchor = anchors::term_use(&entry.slug, i as u32);
                if let Some(l) = labels.get(&anchor).filter(|l| !seen.contains(*l)) {
                    seen.push(l.clone());
                    let sep = if seen.len() == 1 { "" } else { ", " };
                    runs.push(Run::new(sep, RunStyle::default()));
                    runs.push(Run {
                        link: Some(LinkTarget::Anchor(anchor)),
                        ..Run::new(l.clone(), RunStyle::default())
                    });
                }
            }
            if !seen.is_empty() {
                let pp = format!("{}\u{a0}", locale.pages_abbr(seen.len()));
                let at = runs.len() - (2 * seen.len() - 1);
                runs.insert(at, Run::new(pp, RunStyle::default()));
            }
            self.push_entry(&mut flow, runs, anchors::term(&entry.slug), k + 1);
        }
        flow
    }

    /// Works cited: each entry as rendered, with a hanging indent and its anchor, and
    /// the pages that cite it ("Cited on pp. 3, 7"), each a link, as the glossary
    /// points to its uses.
    pub fn works_cited(&mut self, doc: &Document, labels: &HashMap<String, String>) -> Flow {
        let mut flow = Flow::default();
        let locale = &doc.meta.locale;
        self.matter_title(&mut flow, &locale.labels.works_cited, anchors::WORKS_CITED);
        for (k, entry) in doc.bibliography.iter().enumerate() {
            let p = inline_para(doc, self.layout, &entry.rendered, self.layout.styles.entry);
            let mut runs = p.runs;
            let mut pages: Vec<Run> = vec![];
            let mut seen: Vec<&String> = vec![];
            for &c in &entry.uses {
                let anchor = anchors::citation(c);
                if let Some(l) = labels.get(&anchor).filter(|l| !seen.contains(l)) {
                    seen.push(l);
                    if seen.len() > 1 {
                        pages.push(Run::new(", ", RunStyle::default()));
                    }
                    pages.push(Run {
                        link: Some(LinkTarget::Anchor(anchor)),
                        ..Run::new(l.clone(), RunStyle::default())
                    });
                }
            }
            if !seen.is_empty() {
                let pp = locale.pages_abbr(seen.len());
                // "Cited on p." is kept on one line with the first page number.
                let label = locale.labels.cited_on.replace(' ', "\u{a0}");
                let lead = format!(" {label}\u{a0}{pp}\u{a0}");
                runs.push(Run::new(lead, RunStyle::default()));
                runs.extend(pages);
            }
            self.push_entry(&mut flow, runs, anchors::work_cited(&entry.key), k + 1);
        }
        flow
    }

    fn push_entry(&mut self, flow: &mut Flow, runs: Vec<Run>, anchor: String, id: usize) {
        let mut p: Para = plain_para(runs, self.layout.styles.entry);
        p.anchor = Some(anchor);
        self.push_para(flow, &p, 0, id);
    }

    /// The colophon: how the book was made.
    pub fn colophon(&mut self, doc: &Document) -> Flow {
        let mut flow = Flow::default();
        self.fixed(&mut flow, 10.0);
        let body = self.layout.styles.body;
        let face = self
            .layout
            .font
            .clone()
            .unwrap_or_else(|| "Source Serif 4".to_string());
        let l = &doc.meta.locale;
        let text = crate::model::ties::tie(&crate::locale::fill(
            &l.labels.print_colophon,
            &[
                ("title", &doc.meta.title),
                ("font", &face),
                ("size", &l.number(self.layout.font_size, 1)),
                ("leading", &l.number(self.layout.leading, 1)),
            ],
        ));
        let mut p = plain_para(
            vec![Run::new(
                text,
                RunStyle {
                    italic: true,
                    ..Default::default()
                },
            )],
            self.style(body, TextAlign::Center),
        );
        p.anchor = Some(anchors::COLOPHON.into());
        p.outline = Some((l.labels.colophon.to_string(), 1));
        self.push_para(&mut flow, &p, 0, 0);
        flow
    }
}
