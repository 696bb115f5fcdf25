//! Where everything lives: the file of each chapter, note and glossary use, the id of
//! each works-cited entry, and the page-break markers of each chapter.

use super::PrintedPages;
use super::marks::PageMarker;
use super::{ImageFile, Resource};
use crate::model::visit::Visit;
use crate::model::{BlockKind, Document, ImageKind, InlineKind, NoteId, anchors};
use crate::typeset::{Matter, PageStart};
use std::collections::{HashMap, HashSet};

/// The cover page.
pub const COVER: &str = "cover.xhtml";
/// The title page.
pub const TITLE: &str = "title.xhtml";
/// The navigation document, which is also the contents page.
pub const NAV: &str = "nav.xhtml";
/// The EPUB 2 navigation control file.
pub const NCX: &str = "toc.ncx";
/// The glossary.
pub const GLOSSARY: &str = "glossary.xhtml";
/// The works cited.
pub const WORKS_CITED: &str = "works-cited.xhtml";
/// The colophon.
pub const COLOPHON: &str = "colophon.xhtml";
/// The stylesheet.
pub const CSS: &str = "css/book.css";

/// The file of chapter `index` (0-based) with slug `slug`, e.g. `c01-introduction.xhtml`.
pub fn chapter_href(index: usize, slug: &str) -> String {
    format!("c{:02}-{}.xhtml", index + 1, id_safe(slug))
}

/// Keeps ASCII letters, digits, `-` and `_`; everything else becomes `-`: for file
/// names and manifest ids (anchors are named by [`crate::model::anchors`]).
pub fn id_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Where everything goes.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The book's language.
    pub lang: String,
    /// Each chapter's file.
    pub chapter_files: Vec<String>,
    /// Each note's file (where it is first referenced); `None` if never referenced.
    note_files: Vec<Option<String>>,
    /// For each glossary entry, the file of each use (by use index).
    pub use_files: Vec<Vec<Option<String>>>,
    /// The file each citation is in (indexed by `CiteId`), for the works cited's
    /// back-links.
    pub cite_files: Vec<Option<String>>,
    /// Page-break markers of each chapter that go before the title.
    pub title_marks: Vec<Vec<PageMarker>>,
    /// Page-break markers inside each chapter's blocks, sorted.
    pub marks: Vec<Vec<PageMarker>>,
    /// Page-break markers in the generated matter: the section, the entry they stand
    /// before (`None`: at the section's start), the marker.
    pub matter_marks: Vec<(Matter, Option<u32>, PageMarker)>,
    /// The page-list: label and href, in page order.
    pub page_list: Vec<(String, String)>,
    /// The file of each heading anchor, for `#anchor` links in the text.
    pub anchors: HashMap<String, String>,
    /// The book's language: wording, dates (raw text, for escaping writers).
    pub locale: crate::locale::Locale,
    /// The same wording escaped for XHTML, to put into markup as it is.
    pub labels: crate::locale::Labels,
    /// The package path and media type of each image the text shows, by its URL.
    pub images: HashMap<String, (String, &'static str)>,
}

/// `images/img-N.ext` for each usable image, numbered in the order given.
fn image_hrefs(images: &[ImageFile]) -> HashMap<String, (String, &'static str)> {
    let mut out = HashMap::new();
    for img in images {
        if let Some(kind) = ImageKind::sniff(&img.bytes).filter(|_| !out.contains_key(&img.url)) {
            out.insert(
                img.url.clone(),
                (
                    format!("images/img-{}.{}", out.len() + 1, kind.extension()),
                    kind.media_type(),
                ),
            );
        }
    }
    out
}

/// The package resources of the text's images, in the order given.
pub fn image_resources(plan: &Plan, images: &[ImageFile]) -> Vec<Resource> {
    let mut seen = HashSet::new();
    images
        .iter()
        .filter(|img| seen.insert(img.url.clone()))
        .filter_map(|img| {
            let (href, media_type) = plan.images.get(&img.url)?;
            Some(Resource {
                id: id_safe(href),
                href: href.clone(),
                media_type,
                properties: String::new(),
                spine: false,
                data: img.bytes.clone(),
            })
        })
        .collect()
}

impl Plan {
    /// Plans the book.
    pub fn new(doc: &Document, printed: Option<PrintedPages<'_>>, images: &[ImageFile]) -> Plan {
        let chapter_files = doc
            .chapters
            .iter()
            .enumerate()
            .map(|(i, c)| chapter_href(i, &c.slug))
            .collect();
        let mut plan = Plan {
            lang: doc.meta.language.clone(),
            chapter_files,
            note_files: vec![None; doc.notes.len()],
            use_files: doc
                .glossary
                .iter()
                .map(|g| vec![None; g.uses.len()])
                .collect(),
            cite_files: vec![None; doc.citations.len()],
            title_marks: vec![Vec::new(); doc.chapters.len()],
            marks: vec![Vec::new(); doc.chapters.len()],
            matter_marks: Vec::new(),
            page_list: Vec::new(),
            anchors: HashMap::new(),
            images: image_hrefs(images),
            locale: doc.meta.locale.clone(),
            labels: doc.meta.locale.labels.map(super::xhtml::escape),
        };
        plan.place_references(doc);
        if let Some(printed) = printed {
            let mut used = HashSet::new();
            let front = |m: &&crate::typeset::MatterStart| {
                matches!(m.matter, Matter::TitlePage | Matter::Contents)
            };
            let (front, back): (Vec<_>, Vec<_>) = printed.matter.iter().partition(front);
            plan.place_matter_marks(doc, &front, &mut used);
            plan.place_marks(printed.text, &mut used);
            plan.place_matter_marks(doc, &back, &mut used);
        }
        plan
    }

    /// The markup of the markers that stand before `entry` of `matter` (`None`: at
    /// the section's start).
    pub fn matter_markup(&self, matter: Matter, entry: Option<u32>) -> String {
        self.matter_marks
            .iter()
            .filter(|(m, e, _)| *m == matter && *e == entry)
            .map(|(_, _, mark)| mark.markup())
            .collect()
    }

    /// Where a link in the text goes: external URLs as they are, `#anchor` to the
    /// heading's file; `None` for anything else (a local file we do not ship).
    pub fn link_target(&self, url: &str) -> Option<String> {
        let url = url.trim();
        if let Some(anchor) = url.strip_prefix('#') {
            let file = self.anchors.get(anchor)?;
            return Some(format!("{file}#{}", anchors::heading(anchor)));
        }
        let scheme = url.split(':').next().unwrap_or("");
        let external = url.contains(':')
            && !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !scheme.eq_ignore_ascii_case("javascript");
        external.then(|| url.to_string())
    }

    /// The file a note lives in.
    pub fn note_file(&self, id: NoteId) -> &str {
        self.note_files[id.index()].as_deref().unwrap_or(COLOPHON)
    }

    /// Walks every file's content in reading order ([`Document::visit`]): a note
    /// lives where it is first referenced, and so do the notes its own text
    /// references; a glossary use, a citation and an anchor where first met. Notes no
    /// text references are not walked (they are listed in the colophon's file).
    fn place_references(&mut self, doc: &Document) {
        let mut file = String::new();
        let mut done = false;
        doc.visit(&mut |v| match v {
            _ if done => {}
            Visit::Chapter(id) => {
                file = self.chapter_files[id.index()].clone();
                let slug = &doc.chapters[id.index()].slug;
                self.anchor(slug, &file);
            }
            Visit::Glossary => file = GLOSSARY.to_string(),
            Visit::WorksCited => file = WORKS_CITED.to_string(),
            Visit::Unreferenced => done = true,
            Visit::Note(n) => self.note_files[n.index()] = Some(file.clone()),
            Visit::Block(b) => match &b.kind {
                BlockKind::Heading { anchor, .. } => self.anchor(anchor, &file),
                BlockKind::Div { attrs, .. } => {
                    if let Some(a) = &attrs.anchor {
                        self.anchor(a, &file);
                    }
                }
                _ => {}
            },
            Visit::Inline(i) => match &i.kind {
                InlineKind::Span { attrs, .. } => {
                    if let Some(a) = &attrs.anchor {
                        self.anchor(a, &file);
                    }
                }
                InlineKind::TermRef {
                    term, use_index, ..
                } => {
                    if let Some(slot) = self.use_files[term.index()].get_mut(*use_index as usize) {
                        slot.get_or_insert_with(|| file.clone());
                    }
                }
                InlineKind::Cite(c) => {
                    if let Some(slot) = self.cite_files.get_mut(c.index()) {
                        slot.get_or_insert_with(|| file.clone());
                    }
                }
                _ => {}
            },
        });
    }

    /// An anchor lives in the file where it is first met.
    fn anchor(&mut self, name: &str, file: &str) {
        if !self.anchors.contains_key(name) {
            self.anchors.insert(name.to_string(), file.to_string());
        }
    }

    /// Markers for pages of generated matter, in page order.
    fn place_matter_marks(
        &mut self,
        doc: &Document,
        starts: &[&crate::typeset::MatterStart],
        used: &mut HashSet<String>,
    ) {
        for start in starts {
            let (file, count) = match start.matter {
                Matter::TitlePage => (TITLE, 0),
                Matter::Contents => (NAV, 0),
                Matter::Glossary => (GLOSSARY, doc.glossary.len()),
                Matter::WorksCited => (WORKS_CITED, doc.bibliography.len()),
                Matter::Colophon => (COLOPHON, 0),
            };
            if start.entry.is_some_and(|e| e as usize >= count) {
                continue;
            }
            let id = unique_id(&start.label, used);
            self.page_list
                .push((start.label.clone(), format!("{file}#{id}")));
            let mark = PageMarker {
                block: 0,
                offset: 0,
                id,
                label: start.label.clone(),
            };
            self.matter_marks.push((start.matter, start.entry, mark));
        }
    }

    fn place_marks(&mut self, starts: &[PageStart], used: &mut HashSet<String>) {
        for start in starts {
            let ch = start.pos.chapter.index();
            let Some(file) = self.chapter_files.get(ch).cloned() else {
                continue;
            };
            let id = unique_id(&start.label, used);
            self.page_list
                .push((start.label.clone(), format!("{file}#{id}")));
            let mark = PageMarker {
                block: start.pos.block,
                offset: start.pos.offset,
                id,
                label: start.label.clone(),
            };
            if start.pos.before_title {
                self.title_marks[ch].push(mark);
            } else {
                self.marks[ch].push(mark);
            }
        }
        for m in &mut self.marks {
            m.sort_by_key(|m| (m.block, m.offset));
        }
    }
}

/// `page-LABEL`, or `page-LABEL-2` … when a label repeats.
fn unique_id(label: &str, used: &mut HashSet<String>) -> String {
    let base = anchors::page(label);
    let mut id = base.clone();
    let mut k = 1;
    while !used.insert(id.clone()) {
        k += 1;
        id = format!("{base}-{k}");
    }
    id
}
