//! The book: sections (title pages, contents, chapters, back matter) in page order,
//! with blanks, labels, running heads and folios.
//!
//! Front matter is numbered in roman and padded to an even count, so arabic page 1 is
//! always a recto and a page's side follows from its label alone: odd labels are
//! rectos. That lets the body be paginated before the front matter exists, and the
//! contents be set with the body's final page numbers (the two-pass layout).

use super::compose::{OutlineMark, compose};
use super::flow::LineSetter;
use super::running::{self, roman, text_origin};
use super::{Flow, Geometry, PagePlan};
use crate::layout::Layout;
use crate::typeset::frame::{Item, Matter, MatterStart, OutlineEntry, Page, PageStart, Pages};

/// How a sequence of pages is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// i, ii, iii …
    Roman,
    /// 1, 2, 3 …
    Arabic,
}

/// What heads and folios a section's pages get.
#[derive(Debug, Clone)]
pub struct SectionStyle {
    /// The recto running head (the verso carries the book's title); `None`: no heads
    /// and no folios at all (title pages).
    pub head: Option<String>,
    /// Start on a recto, inserting a blank verso if needed.
    pub right: bool,
    /// The pages are chapter text: record where each begins for the EPUB.
    pub text: bool,
    /// The pages are matter the EPUB also has: record where each begins, by the
    /// section and the anchors of its entries in order (glossary terms, works cited).
    pub matter: Option<(Matter, Vec<String>)>,
}

/// A page built, before the book's pages are joined.
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// The page.
    pub page: Page,
    /// Outline entries on it.
    pub outline: Vec<OutlineMark>,
    /// For chapter text, where it begins.
    pub start: Option<PageStart>,
    /// For matter the EPUB has, where it begins.
    pub matter_start: Option<MatterStart>,
}

/// A run of consecutively numbered pages.
pub struct Sequence {
    /// Numbering of the pages.
    pub numbering: Numbering,
    /// The pages so far.
    pub pages: Vec<Built>,
}

impl Sequence {
    /// An empty sequence.
    pub fn new(numbering: Numbering) -> Sequence {
        Sequence {
            numbering,
            pages: Vec::new(),
        }
    }

    fn label(&self, n: usize) -> String {
        match self.numbering {
            Numbering::Roman => roman(n),
            Numbering::Arabic => n.to_string(),
        }
    }

    /// The label the next page will get.
    fn next_label(&self) -> String {
        self.label(self.pages.len() + 1)
    }

    /// Whether the next page is a recto.
    pub fn next_is_recto(&self) -> bool {
        self.pages.len().is_multiple_of(2)
    }

    /// Appends a blank page.
    pub fn blank(&mut self) {
        let label = self.next_label();
        self.pages.push(Built {
            page: Page {
                label,
                blank: true,
                items: Vec::new(),
                lines: Vec::new(),
            },
            ..Built::default()
        });
    }

    /// Appends a paginated flow as a section.
    pub fn push(
        &mut self,
        setter: &mut dyn LineSetter,
        layout: &Layout,
        book_title: &str,
        section: (&Flow, &[PagePlan], &SectionStyle),
    ) {
        let (flow, plans, style) = section;
        if style.right && !self.next_is_recto() {
            self.blank();
        }
        let geo = geometry(layout);
        for (k, plan) in plans.iter().enumerate() {
            let recto = self.next_is_recto();
            let label = self.next_label();
            let (ox, oy) = text_origin(layout, recto);
            let c = compose(flow, &geo, plan, ox, oy);
            let mut items: Vec<Item> = c.items;
            if let Some(head) = &style.head
                && k > 0
            {
                let text = if recto { head.as_str() } else { book_title };
                items.extend(running::head(setter, layout, text, recto));
                // A page run a line long keeps its folio as far below its last line.
                let extra = (plan.height - geo.height).max(0.0);
                items.extend(
                    running::folio(setter, layout, &label, recto)
                        .into_iter()
                        .map(|mut item| {
                            if let Item::Text(r) = &mut item {
                                r.y += extra;
                            }
                            item
                        }),
                );
            }
            let start = c.first_pos.filter(|_| style.text).map(|pos| PageStart {
                label: label.clone(),
                pos,
            });
            let matter_start = style.matter.as_ref().and_then(|(matter, entries)| {
                let entry = match k {
                    0 => None,
                    _ => Some(first_entry(&items, entries)?),
                };
                Some(MatterStart {
                    label: label.clone(),
                    matter: *matter,
                    entry,
                })
            });
            self.pages.push(Built {
                page: Page {
                    label,
                    blank: false,
                    items,
                    lines: c.lines,
                },
                outline: c.outline,
                start,
                matter_start,
            });
        }
    }

    /// Appends blanks up to an even page count.
    pub fn pad_even(&mut self) {
        if !self.pages.len().is_multiple_of(2) {
            self.blank();
        }
    }
}

/// The index in `entries` of the first entry whose anchor is on the page.
fn first_entry(items: &[Item], entries: &[String]) -> Option<u32> {
    items.iter().find_map(|item| match item {
        Item::Anchor { name, .. } => entries.iter().position(|e| e == name).map(|i| i as u32),
        _ => None,
    })
}

/// The vertical measures of the layout's text block.
pub fn geometry(layout: &Layout) -> Geometry {
    Geometry {
        height: layout.page.text_height(),
        grid: layout.leading,
        note_gap: layout.leading,
        measure: layout.page.measure(),
    }
}

/// Joins the sequences into the book's pages, outline and page starts.
pub fn join(sequences: Vec<Sequence>, padding_pages: usize) -> Pages {
    let mut out = Pages {
        padding_pages,
        ..Pages::default()
    };
    for seq in sequences {
        for b in seq.pages {
            let index = out.pages.len();
            out.outline
                .extend(b.outline.into_iter().map(|m| OutlineEntry {
                    title: m.title,
                    level: m.level,
                    page: index,
                    y: m.y,
                }));
            out.page_starts.extend(b.start);
            out.matter_starts.extend(b.matter_start);
            out.pages.push(b.page);
        }
    }
    out
}
