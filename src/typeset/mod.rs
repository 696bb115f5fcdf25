//! Typesetting: document + layout model in, positioned pages out.
//!
//! The stage runs as a straight line: `collect` turns blocks into styled runs, the
//! paragraph API (shaping, hyphenation, Knuth–Plass) sets them into lines,
//! `paginate` fills pages — footnotes at the foot of the page that references them, no
//! widows or orphans, headings kept with their text — and builds the front and back
//! matter around the chapters; `dump` prints the result for golden tests.

pub mod collect;
pub mod dump;
pub mod fonts;
pub mod frame;
pub mod hyphenate;
pub mod linebreak;
pub mod paginate;
pub mod paragraph;
pub mod shaping;

pub use frame::{
    FaceId, Glyph, Item, LinkTarget, OutlineEntry, Page, PageStart, Pages, Rect, TextPos, TextRun,
};
pub use paragraph::{
    Line, LineAnchor, LineLink, MissingGlyph, Paragraph, ParagraphSettings, Run, Style, Typesetter,
};

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::{Binding, ChapterOpening, Layout};
use crate::model::{Document, plain_text};
use paginate::book::{self, Numbering, SectionStyle, Sequence};
use paginate::breaks::paginate;
use paginate::flow::{FlowBuilder, LineSetter};
use paginate::matter::ContentsEntry;
use paginate::{Flow, PagePlan, chapter};
use std::collections::HashMap;

/// Typesets the book: paragraphs set by `ts`, pages built around them.
pub fn typeset(doc: &Document, layout: &Layout, ts: &Typesetter, diags: &mut Diagnostics) -> Pages {
    let mut setter = paginate::setter::BookSetter::new(ts, layout);
    let pages = typeset_with(doc, layout, &mut setter, diags);
    let mut missing: Vec<char> = setter.missing.iter().map(|m| m.0).collect();
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        let list: String = missing
            .iter()
            .map(|c| format!(" U+{:04X} ‘{c}’", *c as u32))
            .collect();
        diags.push(
            Diagnostic::warning(
                None,
                format!("no font of the book has these characters:{list}"),
            )
            .with_hint("they print as empty boxes; choose a font that has them or replace them"),
        );
    }
    pages
}

/// Typesets the book with the given line setter.
pub fn typeset_with(
    doc: &Document,
    layout: &Layout,
    setter: &mut dyn LineSetter,
    diags: &mut Diagnostics,
) -> Pages {
    let geo = book::geometry(layout);
    let mut b = FlowBuilder { layout, setter };
    let right = layout.chapters_open == ChapterOpening::Right;
    let title = &doc.meta.title;
    // Collect each chapter's blocks into styled runs, notes alongside.
    let chapters = collect::collect_chapters(doc, layout);
    // Set and paginate the chapters, retrying short pages with looseness.
    let mut body = Sequence::new(Numbering::Arabic);
    for ch in &chapters {
        let mut cf = chapter::build(&mut b, doc, ch);
        let plans = chapter::paginate_chapter(&mut b, ch, &mut cf, &geo);
        warn_forced(
            &plans,
            &plain_text(&doc.chapters[ch.id.index()].title),
            diags,
        );
        let style = SectionStyle {
            head: Some(plain_text(&doc.chapters[ch.id.index()].title)),
            right,
            text: true,
        };
        body.push(&mut *b.setter, layout, title, (&cf.flow, &plans, &style));
    }
    // Back matter: the glossary points back to the pages where its terms were used.
    if !doc.glossary.is_empty() {
        let flow = b.glossary(doc, &anchor_labels(&body));
        section(&mut b, &mut body, &flow, "Glossary", right, title);
    }
    if !doc.bibliography.is_empty() {
        let flow = b.works_cited(doc);
        section(&mut b, &mut body, &flow, "Works Cited", right, title);
    }
    // Front matter, set last so the contents carry the final page numbers.
    let front = front_matter(&mut b, doc, &body);
    // Saddle stitching: blanks before the colophon up to a multiple of four.
    let colophon = b.colophon(doc);
    let total = front.pages.len() + body.pages.len() + 1;
    let padding = match layout.binding {
        Binding::SaddleStitch => (4 - total % 4) % 4,
        Binding::Perfect => 0,
    };
    for _ in 0..padding {
        body.blank();
    }
    let plans = paginate(&colophon, &geo);
    let plain = SectionStyle {
        head: None,
        right: false,
        text: false,
    };
    body.push(&mut *b.setter, layout, title, (&colophon, &plans, &plain));
    // Join front matter and body into the book, outline and page starts.
    book::join(vec![front, body], padding)
}

/// Paginates a back-matter flow and appends it to `seq`.
fn section(
    b: &mut FlowBuilder,
    seq: &mut Sequence,
    flow: &Flow,
    head: &str,
    right: bool,
    title: &str,
) {
    let plans = paginate(flow, &book::geometry(b.layout));
    let style = SectionStyle {
        head: Some(head.to_string()),
        right,
        text: false,
    };
    seq.push(&mut *b.setter, b.layout, title, (flow, &plans, &style));
}

/// Half-title, blank, title page, copyright verso, contents; padded to an even count.
fn front_matter(b: &mut FlowBuilder, doc: &Document, body: &Sequence) -> Sequence {
    let layout = b.layout;
    let geo = book::geometry(layout);
    let mut front = Sequence::new(Numbering::Roman);
    let plain = SectionStyle {
        head: None,
        right: true,
        text: false,
    };
    let half = b.half_title(doc);
    front.push(
        &mut *b.setter,
        layout,
        &doc.meta.title,
        (&half, &paginate(&half, &geo), &plain),
    );
    let title = b.title_page(doc);
    front.push(
        &mut *b.setter,
        layout,
        &doc.meta.title,
        (&title, &paginate(&title, &geo), &plain),
    );
    let copy = b.copyright(doc);
    let verso = SectionStyle {
        right: false,
        ..plain
    };
    front.push(
        &mut *b.setter,
        layout,
        &doc.meta.title,
        (&copy, &paginate(&copy, &geo), &verso),
    );
    let contents = b.contents(&contents_entries(body));
    let style = SectionStyle {
        head: Some("Contents".into()),
        right: true,
        text: false,
    };
    let plans = paginate(&contents, &geo);
    front.push(
        &mut *b.setter,
        layout,
        &doc.meta.title,
        (&contents, &plans, &style),
    );
    front.pad_even();
    front
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
            anchor: m.anchor.clone().unwrap_or_default(),
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
                format!("chapter “{chapter}”: page {} breaks a keep rule", k + 1),
            )
            .with_hint("a block or note is taller than the page; shorten it or split it"),
        );
    }
}
