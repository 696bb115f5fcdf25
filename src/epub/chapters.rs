//! One XHTML file per chapter: the title, the blocks with page-break markers, and the
//! chapter's footnotes at its end.

use super::Resource;
use super::marks::Marks;
use super::plan::Plan;
use super::xhtml::{self, Writer};
use crate::model::{Chapter, Document, anchors, plain_text};

/// The chapters' files, in reading order.
pub fn render(doc: &Document, plan: &Plan) -> Vec<Resource> {
    doc.chapters
        .iter()
        .enumerate()
        .map(|(i, chapter)| Resource {
            href: plan.chapter_files[i].clone(),
            id: format!("c{:02}", i + 1),
            media_type: "application/xhtml+xml",
            properties: String::new(),
            spine: true,
            data: chapter_file(doc, plan, i, chapter),
        })
        .collect()
}

/// The XHTML of one chapter.
fn chapter_file(doc: &Document, plan: &Plan, index: usize, chapter: &Chapter) -> Vec<u8> {
    let file = &plan.chapter_files[index];
    let mut w = Writer::new(doc, plan, file);
    let title_id = anchors::chapter(&chapter.slug);
    w.raw(&format!(
        "<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"{title_id}\">\n"
    ));
    // The markers of the page the title starts go inside the heading: an empty
    // marker ahead of a heading with `break-before: page` gets a blank page of its own
    // in paginated reading systems (calibre's conversions, Adobe RMSDK).
    w.raw(&format!("<h1 id=\"{title_id}\">"));
    for m in &plan.title_marks[index] {
        w.raw(&m.markup());
    }
    if chapter.title.is_empty() {
        w.text(&plan.locale.chapter_n(index));
    } else {
        w.inlines(&chapter.title);
    }
    w.raw("</h1>\n");
    w.marks = Marks::new(&plan.marks[index]);
    w.blocks(&chapter.blocks);
    let mut out = std::mem::take(&mut w.out);
    w.marks.finish(&mut out);
    w.out = out;
    w.footnotes();
    w.raw("</section>\n");
    let title = match plain_text(&chapter.title) {
        t if t.trim().is_empty() => plan.locale.chapter_n(index),
        t => t,
    };
    xhtml::document(&plan.lang, &title, "chapter", &w.out)
}
