//! The navigation document, which is also the contents page: the table of contents
//! (chapters and their sections), the landmarks and, with printed pages, the page-list.

use super::Resource;
use super::plan::{self, Plan};
use super::xhtml::{self, escape};
use crate::model::{BlockKind, Document, anchors, plain_text};
use crate::typeset::Matter;
use std::fmt::Write as _;

/// One contents entry: depth (1 for chapters and matter), label, href.
type Entry = (u8, String, String);

/// The navigation document.
pub fn document(doc: &Document, plan: &Plan) -> Resource {
    let l = &plan.labels;
    let mut b = format!(
        "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"{contents}\">\n\
         <h1 id=\"{contents}\">{}{}</h1>\n",
        plan.matter_markup(Matter::Contents, None),
        l.contents,
        contents = anchors::CONTENTS,
    );
    nested_list(&mut b, &entries(doc, plan));
    b.push_str("</nav>\n");
    landmarks(&mut b, doc, plan);
    if !plan.page_list.is_empty() {
        let _ = writeln!(
            b,
            "<nav epub:type=\"page-list\" role=\"doc-pagelist\" aria-label=\"{}\" hidden=\"hidden\">\n<ol>",
            l.page_list
        );
        for (label, href) in &plan.page_list {
            let _ = writeln!(b, "<li><a href=\"{href}\">{}</a></li>", escape(label));
        }
        b.push_str("</ol>\n</nav>\n");
    }
    Resource {
        href: plan::NAV.to_string(),
        id: "nav".to_string(),
        media_type: "application/xhtml+xml",
        properties: "nav".to_string(),
        spine: true,
        data: xhtml::document(&plan.lang, &plan.locale.labels.contents, "matter", &b),
    }
}

/// The contents in reading order: chapters with their `##` and `###` headings, then
/// the back matter.
fn entries(doc: &Document, plan: &Plan) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, ch) in doc.chapters.iter().enumerate() {
        let file = &plan.chapter_files[i];
        let title = match plain_text(&ch.title) {
            t if t.trim().is_empty() => plan.locale.chapter_n(i),
            t => t,
        };
        if !ch.listed {
            continue;
        }
        out.push((1, title, file.clone()));
        for b in &ch.blocks {
            if let BlockKind::Heading {
                level,
                content,
                anchor,
                listed: true,
            } = &b.kind
                && *level <= 3
            {
                out.push((
                    *level,
                    plain_text(content),
                    format!("{file}#{}", escape(&anchors::heading(anchor))),
                ));
            }
        }
    }
    if !doc.glossary.is_empty() {
        out.push((
            1,
            plan.locale.labels.glossary.to_string(),
            plan::GLOSSARY.into(),
        ));
    }
    if !doc.bibliography.is_empty() {
        out.push((
            1,
            plan.locale.labels.works_cited.to_string(),
            plan::WORKS_CITED.into(),
        ));
    }
    out.push((
        1,
        plan.locale.labels.colophon.to_string(),
        plan::COLOPHON.into(),
    ));
    out
}

/// Writes entries as nested `<ol>`s; a level deeper than the one before nests one step.
fn nested_list(b: &mut String, entries: &[Entry]) {
    let mut depth = 0u8;
    b.push_str("<ol>\n");
    for (i, (level, label, href)) in entries.iter().enumerate() {
        let level = (*level).min(depth + 1).max(1);
        if i > 0 {
            if level > depth {
                b.push_str("\n<ol>\n");
            } else {
                b.push_str("</li>\n");
                for _ in level..depth {
                    b.push_str("</ol>\n</li>\n");
                }
            }
        }
        depth = level;
        let _ = write!(b, "<li><a href=\"{href}\">{}</a>", escape(label));
    }
    if !entries.is_empty() {
        b.push_str("</li>\n");
        for _ in 1..depth {
            b.push_str("</ol>\n</li>\n");
        }
    }
    b.push_str("</ol>\n");
}

/// The EPUB 2 navigation control file (`toc.ncx`), for the reading systems that still
/// read it instead of the navigation document: Adobe RMSDK (older Kobo and Nook, many
/// dedicated readers), Kindle conversions (calibre, KindleGen) and calibre's viewer.
/// Same entries as the contents, and the print edition's pages as a `pageList`.
///
/// Two levels, chapters and their sections: Kindle devices read no deeper (Amazon's
/// Kindle Publishing Guidelines, NCX guidelines).
pub fn ncx(doc: &Document, plan: &Plan) -> Resource {
    let entries: Vec<Entry> = entries(doc, plan)
        .into_iter()
        .filter(|e| e.0 <= 2)
        .collect();
    let mut b = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{}\">\n\
         <head>\n<meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"{}\"/>\n\
         <meta name=\"dtb:totalPageCount\" content=\"{}\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"{}\"/>\n</head>\n\
         <docTitle><text>{}</text></docTitle>\n",
        escape(&plan.lang),
        escape(&doc.meta.identifier.urn()),
        entries.iter().map(|e| e.0).max().unwrap_or(1),
        plan.page_list.len(),
        plan.page_list
            .iter()
            .filter_map(|(label, _)| label.parse::<u32>().ok())
            .max()
            .unwrap_or(0),
        escape(&doc.meta.title)
    );
    for a in &doc.meta.authors {
        let _ = writeln!(b, "<docAuthor><text>{}</text></docAuthor>", escape(a));
    }
    b.push_str("<navMap>\n");
    let mut play = 0;
    let mut open: Vec<u8> = Vec::new();
    for (level, label, href) in &entries {
        let level = (*level).min(open.last().map_or(1, |l| l + 1)).max(1);
        while open.last().is_some_and(|&l| l >= level) {
            open.pop();
            b.push_str("</navPoint>\n");
        }
        play += 1;
        let _ = writeln!(
            b,
            "<navPoint id=\"nav-{play}\" playOrder=\"{play}\"><navLabel><text>{}</text></navLabel><content src=\"{href}\"/>",
            escape(label)
        );
        open.push(level);
    }
    for _ in open {
        b.push_str("</navPoint>\n");
    }
    b.push_str("</navMap>\n");
    if !plan.page_list.is_empty() {
        b.push_str("<pageList>\n<navLabel><text>");
        b.push_str(&plan.labels.page_list);
        b.push_str("</text></navLabel>\n");
        let mut seen = std::collections::HashSet::new();
        for (i, (label, href)) in plan.page_list.iter().enumerate() {
            // `value` is the page's number; (value, type) must be unique, so pages
            // numbered otherwise (roman front matter) and repeated numbers go
            // without one.
            let (kind, value) = match label.parse::<u32>() {
                Ok(n) if seen.insert(n) => ("normal", format!(" value=\"{n}\"")),
                Ok(_) => ("normal", String::new()),
                Err(_) => ("front", String::new()),
            };
            let _ = writeln!(
                b,
                "<pageTarget id=\"pt-{}\" type=\"{kind}\"{value}><navLabel><text>{}</text></navLabel><content src=\"{href}\"/></pageTarget>",
                i + 1,
                escape(label)
            );
        }
        b.push_str("</pageList>\n");
    }
    b.push_str("</ncx>\n");
    Resource {
        href: plan::NCX.to_string(),
        id: "ncx".to_string(),
        media_type: "application/x-dtbncx+xml",
        properties: String::new(),
        spine: false,
        data: b.into_bytes(),
    }
}

fn landmarks(b: &mut String, doc: &Document, plan: &Plan) {
    let l = &plan.labels;
    let _ = writeln!(
        b,
        "<nav epub:type=\"landmarks\" aria-label=\"{}\" hidden=\"hidden\">\n<ol>",
        l.landmarks
    );
    let mut items = vec![
        ("cover", plan::COVER.to_string(), &*l.cover),
        ("toc", format!("{}#toc", plan::NAV), &*l.contents),
    ];
    if let Some(first) = plan.chapter_files.first() {
        items.push(("bodymatter", first.clone(), &*l.start));
    }
    if !doc.glossary.is_empty() {
        items.push(("glossary", plan::GLOSSARY.into(), &*l.glossary));
    }
    if !doc.bibliography.is_empty() {
        items.push(("bibliography", plan::WORKS_CITED.into(), &*l.works_cited));
    }
    for (t, href, label) in items {
        let _ = writeln!(
            b,
            "<li><a epub:type=\"{t}\" href=\"{href}\">{label}</a></li>"
        );
    }
    b.push_str("</ol>\n</nav>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_nest_and_close_properly() {
        let e = |l: u8, s: &str| (l, s.to_string(), format!("{s}.xhtml"));
        let mut b = String::new();
        nested_list(
            &mut b,
            &[e(1, "a"), e(2, "b"), e(3, "c"), e(1, "d"), e(3, "e")],
        );
        let flat: String = b.split_whitespace().collect();
        assert_eq!(
            flat,
            "<ol><li><ahref=\"a.xhtml\">a</a><ol><li><ahref=\"b.xhtml\">b</a><ol><li><ahref=\"c.xhtml\">c</a></li></ol></li></ol></li>\
             <li><ahref=\"d.xhtml\">d</a><ol><li><ahref=\"e.xhtml\">e</a></li></ol></li></ol>"
        );
    }
}
