//! Assemble: the book's sections in page order — chapters, back matter, front matter
//! (set last, for the contents' page numbers), padding and colophon.

use super::book::{self, Numbering, SectionStyle, Sequence};
use super::breaks::paginate;
use super::chapter;
use super::flow::FlowBuilder;
use super::matter::ContentsEntry;
use super::{Flow, PagePlan};
use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::{Binding, ChapterOpening};
use crate::model::{Document, anchors, plain_text};
use crate::typeset::collect::ChapterPieces;
use crate::typeset::frame::{Item, LinkTarget, Matter, Pages};
use std::collections::HashMap;

/// Sets and paginates the chapters into an arabic-numbered sequence.
pub fn chapters(
    b: &mut FlowBuilder,
    doc: &Document,
    chapters: &[ChapterPieces],
    diags: &mut Diagnostics,
) -> Sequence {
    let geo = book::geometry(b.layout);
    let mut body = Sequence::new(Numbering::Arabic);
    for ch in chapters {
        let mut cf = chapter::build(b, doc, ch);
        let right = b.layout.chapters_open == ChapterOpening::Right;
        let first_recto = right || body.next_is_recto();
        let plans = chapter::paginate_chapter(b, ch, &mut cf, &geo, first_recto);
        let title = plain_text(&doc.chapters[ch.id.index()].title);
        warn_forced(&plans, &title, diags);
        let style = SectionStyle {
            head: Some(title),
            right,
            text: true,
            matter: None,
        };
        body.push(
            &mut *b.setter,
            b.layout,
            &doc.meta.title,
            (&cf.flow, &plans, &style),
        );
    }
    body
}

/// Appends the glossary (pointing back to the pages of its uses) and works cited.
pub fn back_matter(b: &mut FlowBuilder, doc: &Document, body: &mut Sequence) {
    if !doc.glossary.is_empty() {
        let flow = b.glossary(doc, &anchor_labels(body));
        let entries = doc.glossary.iter().map(|e| anchors::term(&e.slug));
        let matter = (Matter::Glossary, entries.collect());
        let head = doc.meta.locale.labels.glossary.to_string();
        section(b, doc, body, &flow, &head, matter);
    }
    if !doc.bibliography.is_empty() {
        let flow = b.works_cited(doc, &anchor_labels(body));
        let entries = doc.bibliography.iter().map(|e| anchors::work_cited(&e.key));
        let matter = (Matter::WorksCited, entries.collect());
        let head = doc.meta.locale.labels.works_cited.to_string();
        section(b, doc, body, &flow, &head, matter);
    }
}

/// Paginates a back-matter flow and appends it to `seq`.
fn section(
    b: &mut FlowBuilder,
    doc: &Document,
    seq: &mut Sequence,
    flow: &Flow,
    head: &str,
    matter: (Matter, Vec<String>),
) {
    let plans = paginate(flow, &book::geometry(b.layout));
    let style = SectionStyle {
        head: Some(head.to_string()),
        right: b.layout.chapters_open == ChapterOpening::Right,
        text: false,
        matter: Some(matter),
    };
    seq.push(
        &mut *b.setter,
        b.layout,
        &doc.meta.title,
        (flow, &plans, &style),
    );
}

/// Half-title, blank, title page, copyright verso, contents; padded to an even count.
pub fn front_matter(b: &mut FlowBuilder, doc: &Document, body: &Sequence) -> Sequence {
    let geo = book::geometry(b.layout);
    let mut front = Sequence::new(Numbering::Roman);
    let plain = SectionStyle {
        head: None,
        right: true,
        text: false,
        matter: None,
    };
    let verso = SectionStyle {
        right: false,
        ..plain.clone()
    };
    let title = SectionStyle {
        matter: Some((Matter::TitlePage, vec![])),
        ..plain.clone()
    };
    let contents = SectionStyle {
        head: Some(doc.meta.locale.labels.contents.to_string()),
        matter: Some((Matter::Contents, vec![])),
        ..plain.clone()
    };
    // The half-title and the copyright page have no page of their own in the EPUB
    // (its title page and colophon are the title page's and the colophon's).
    let flows = [
        (b.half_title(doc), plain),
        (b.title_page(doc), title),
        (b.copyright(doc), verso),
        (b.contents(doc, &contents_entries(body)), contents),
    ];
    for (flow, style) in &flows {
        let plans = paginate(flow, &geo);
        front.push(
            &mut *b.setter,
            b.layout,
            &doc.meta.title,
            (flow, &plans, style),
        );
    }
    front.pad_even();
    front
}

/// Pads for saddle stitching (blanks before the colophon, up to a multiple of four
/// pages in all) and appends the colophon; returns the number of blanks added.
pub fn colophon(b: &mut FlowBuilder, doc: &Document, front: usize, body: &mut Sequence) -> usize {
    let flow = b.colophon(doc);
    let plans = paginate(&flow, &book::geometry(b.layout));
    let total = front + body.pages.len() + plans.len();
    let padding = match b.layout.binding {
        Binding::SaddleStitch => (4 - total % 4) % 4,
        Binding::Perfect => 0,
    };
    for _ in 0..padding {
        body.blank();
    }
    let style = SectionStyle {
        head: None,
        right: false,
        text: false,
        matter: Some((Matter::Colophon, vec![])),
    };
    body.push(
        &mut *b.setter,
        b.layout,
        &doc.meta.title,
        (&flow, &plans, &style),
    );
    padding
}

/// Level-1 outline entries of the body (chapters and back matter) with their labels.
fn contents_entries(body: &Sequence) -> Vec<ContentsEntry> {
    body.pages
        .iter()
        .flat_map(|p| p.outline.iter().map(move |m| (m, &p.page.label)))
        .filter(|(m, _)| m.level == 1)
        .map(|(m, label)| ContentsEntry {
            title: m.title.clone(),
            level: m.level,
            label: label.clone(),
            anchor: m.anchor.clone(),
        })
        .collect()
}

/// The page label of every anchor in a sequence.
fn anchor_labels(seq: &Sequence) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for p in &seq.pages {
        for item in &p.page.items {
            if let Item::Anchor { name, .. } = item {
                out.entry(name.clone())
                    .or_insert_with(|| p.page.label.clone());
            }
        }
    }
    out
}

/// Warns about pages where a keep rule or a note had to give way.
fn warn_forced(plans: &[PagePlan], chapter: &str, diags: &mut Diagnostics) {
    if let Some(k) = plans.iter().position(|p| p.forced) {
        diags.push(
            Diagnostic::warning(
                None,
                format!("chapter “{chapter}”: its page {} breaks a keep rule", k + 1),
            )
            .with_hint("a block or note is taller than the page; shorten it or split it"),
        );
    }
}

/// Drops repeated anchors (the first stays) and links to anchors no page has, so the
/// PDF writer never refuses the pages; warns about each.
pub fn tidy_links(pages: &mut Pages, diags: &mut Diagnostics) {
    let mut seen = std::collections::HashSet::new();
    for page in &mut pages.pages {
        page.items.retain(|item| match item {
            Item::Anchor { name, .. } if !seen.insert(name.clone()) => {
                diags.push(
                    Diagnostic::warning(
                        None,
                        format!("two places are both named “{name}”; links go to the first"),
                    )
                    .with_hint("give the heading or chapter a title unlike the other's"),
                );
                false
            }
            _ => true,
        });
    }
    for page in &mut pages.pages {
        page.items.retain(|item| match item {
            Item::Link {
                target: LinkTarget::Anchor(a),
                ..
            } if !seen.contains(a) => {
                diags.push(Diagnostic::warning(
                    None,
                    format!("a link points to “{a}”, which is on no page"),
                ));
                false
            }
            _ => true,
        });
    }
}
