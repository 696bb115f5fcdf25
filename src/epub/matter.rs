//! Front and back matter: title page, glossary, works cited, colophon.

use super::plan::{self, Plan};
use super::xhtml::{self, Writer, escape};
use super::{EpubAssets, Resource};
use crate::model::{Document, anchors, plain_text};
use crate::typeset::Matter;
use std::fmt::Write as _;

fn page(href: &str, id: &str, data: Vec<u8>) -> Resource {
    Resource {
        href: href.to_string(),
        id: id.to_string(),
        media_type: "application/xhtml+xml",
        properties: String::new(),
        spine: true,
        data,
    }
}

/// The title page: title, subtitle, authors, publisher.
pub fn title_page(doc: &Document, plan: &Plan) -> Resource {
    let m = &doc.meta;
    let mut b = format!(
        "<section epub:type=\"titlepage\" class=\"titlepage\" aria-label=\"{}\">\n",
        plan.labels.title_page
    );
    let _ = writeln!(
        b,
        "<h1 class=\"title\">{}{}</h1>",
        plan.matter_markup(Matter::TitlePage, None),
        escape(&m.title)
    );
    if let Some(sub) = &m.subtitle {
        let _ = writeln!(
            b,
            "<p class=\"subtitle\" epub:type=\"subtitle\" role=\"doc-subtitle\">{}</p>",
            escape(sub)
        );
    }
    if !m.authors.is_empty() {
        let _ = writeln!(
            b,
            "<p class=\"authors\">{}</p>",
            escape(&plan.locale.authors(&m.authors))
        );
    }
    if let Some(p) = &m.publisher {
        let _ = writeln!(b, "<p class=\"publisher\">{}</p>", escape(p));
    }
    b.push_str("</section>\n");
    page(
        plan::TITLE,
        "title-page",
        xhtml::document(&plan.lang, &m.title, "matter", &b),
    )
}

/// The glossary: a definition list whose entries link back to every use.
pub fn glossary(doc: &Document, plan: &Plan) -> Option<Resource> {
    if doc.glossary.is_empty() {
        return None;
    }
    let mut w = Writer::new(doc, plan, plan::GLOSSARY);
    w.raw(&format!(
        "<section epub:type=\"glossary\" role=\"doc-glossary\" aria-labelledby=\"{}\">\n",
        anchors::GLOSSARY
    ));
    w.raw(&format!(
        "<h1 id=\"{}\">{}{}</h1>\n<dl class=\"entries\">\n",
        anchors::GLOSSARY,
        plan.matter_markup(Matter::Glossary, None),
        plan.labels.glossary
    ));
    for (t, entry) in doc.glossary.iter().enumerate() {
        w.raw(&format!("<dt id=\"{}\">", anchors::term(&entry.slug)));
        w.raw(&plan.matter_markup(Matter::Glossary, Some(t as u32)));
        w.raw("<dfn>");
        w.text(&entry.term);
        w.raw("</dfn></dt>\n<dd>\n");
        w.blocks(&entry.definition);
        let uses: Vec<String> = plan.use_files[t]
            .iter()
            .enumerate()
            .filter_map(|(u, file)| Some((u, file.as_ref()?)))
            .map(|(u, file)| {
                let label = use_label(doc, plan, file);
                format!(
                    "<a role=\"doc-backlink\" href=\"{}\">{}</a>",
                    w.href(file, &anchors::term_use(&entry.slug, u as u32)),
                    escape(&label)
                )
            })
            .collect();
        if !uses.is_empty() {
            w.raw(&format!(
                "<p class=\"uses\">{}{} {}</p>\n",
                plan.labels.used_in,
                plan.locale.colon(),
                uses.join(", ")
            ));
        }
        w.raw("</dd>\n");
    }
    w.raw("</dl>\n");
    w.footnotes();
    w.raw("</section>\n");
    let data = xhtml::document(&plan.lang, &plan.locale.labels.glossary, "matter", &w.out);
    Some(page(plan::GLOSSARY, "glossary", data))
}

/// What a back-link to a use says: the title of the chapter it is in.
fn use_label(doc: &Document, plan: &Plan, file: &str) -> String {
    match plan.chapter_files.iter().position(|f| f == file) {
        Some(i) => match plain_text(&doc.chapters[i].title) {
            t if t.trim().is_empty() => plan.locale.chapter_n(i),
            t => t,
        },
        None if file == plan::GLOSSARY => plan.locale.labels.glossary.to_string(),
        None => plan.locale.labels.works_cited.to_string(),
    }
}

/// The works cited, each entry with the id citations link to.
pub fn works_cited(doc: &Document, plan: &Plan) -> Option<Resource> {
    if doc.bibliography.is_empty() {
        return None;
    }
    let mut w = Writer::new(doc, plan, plan::WORKS_CITED);
    w.raw(&format!(
        "<section epub:type=\"bibliography\" role=\"doc-bibliography\" aria-labelledby=\"{}\">\n",
        anchors::WORKS_CITED
    ));
    w.raw(&format!(
        "<h1 id=\"{}\">{}{}</h1>\n<ul class=\"entries\">\n",
        anchors::WORKS_CITED,
        plan.matter_markup(Matter::WorksCited, None),
        plan.labels.works_cited
    ));
    for (i, entry) in doc.bibliography.iter().enumerate() {
        w.raw(&format!("<li id=\"{}\">", anchors::work_cited(&entry.key)));
        w.raw(&plan.matter_markup(Matter::WorksCited, Some(i as u32)));
        w.inlines(&entry.rendered);
        // Back-links, as the glossary has them: one per file that cites the work, to
        // its first citation there.
        let mut files: Vec<&str> = vec![];
        let mut links = vec![];
        for &c in &entry.uses {
            let Some(file) = plan.cite_files.get(c.index()).and_then(Option::as_deref) else {
                continue;
            };
            if files.contains(&file) {
                continue;
            }
            files.push(file);
            links.push(format!(
                "<a role=\"doc-backlink\" href=\"{}\">{}</a>",
                w.href(file, &anchors::citation(c)),
                escape(&use_label(doc, plan, file))
            ));
        }
        if !links.is_empty() {
            w.raw(&format!(
                "<span class=\"uses\"> {}{} {}</span>",
                plan.labels.cited_in,
                plan.locale.colon(),
                links.join(", ")
            ));
        }
        w.raw("</li>\n");
    }
    w.raw("</ul>\n");
    w.footnotes();
    w.raw("</section>\n");
    let data = xhtml::document(
        &plan.lang,
        &plan.locale.labels.works_cited,
        "matter",
        &w.out,
    );
    Some(page(plan::WORKS_CITED, "works-cited", data))
}

/// The colophon: publisher, rights, identifier, fonts, and the tool that made the book.
/// `code`: whether the book has code, set in (and embedding) the monospace family.
pub fn colophon(doc: &Document, assets: &EpubAssets, plan: &Plan, code: bool) -> Resource {
    let (m, l, locale) = (&doc.meta, &plan.labels, &plan.locale);
    let mut b = format!(
        "<section epub:type=\"colophon\" role=\"doc-colophon\" class=\"colophon\" aria-labelledby=\"{colophon}\">\n\
         <h1 id=\"{colophon}\">{}{}</h1>\n",
        plan.matter_markup(Matter::Colophon, None),
        l.colophon,
        colophon = anchors::COLOPHON,
    );
    let _ = write!(b, "<p><cite>{}</cite>", escape(&m.title));
    if !m.authors.is_empty() {
        let authors = escape(&locale.authors(&m.authors));
        match &*l.by {
            "" => write!(b, ", {authors}"),
            by => write!(b, " {by} {authors}"),
        }
        .ok();
    }
    b.push_str(".</p>\n");
    if let Some(p) = &m.publisher {
        let date = m
            .date
            .as_deref()
            .map(|d| format!(", {}", escape(&locale.date(d))))
            .unwrap_or_default();
        let line = crate::locale::fill(&l.published_by, &[("publisher", &escape(p))]);
        let _ = writeln!(b, "<p>{line}{date}.</p>");
    }
    if let Some(r) = &m.rights {
        let _ = writeln!(b, "<p>{}</p>", escape(r));
    }
    let _ = writeln!(
        b,
        "<p>{}{} {}</p>",
        l.identifier,
        locale.colon(),
        escape(&m.identifier.urn())
    );
    for f in assets.fonts.iter().chain(
        assets
            .fonts
            .as_ref()
            .and(assets.mono.as_ref())
            .filter(|_| code),
    ) {
        let sentence = l
            .set_in
            .replace("{font}", &escape(&crate::model::ties::tie(&f.family)))
            .replace("{file}", &super::fonts::licence_href(&f.family));
        let _ = writeln!(b, "<p>{sentence}</p>");
    }
    let made = l.made_with.replace("{version}", &escape(&assets.version));
    let _ = writeln!(b, "<p>{made}</p>\n</section>");
    page(
        plan::COLOPHON,
        "colophon",
        xhtml::document(&plan.lang, &locale.labels.colophon, "matter", &b),
    )
}
