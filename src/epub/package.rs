//! The package document (OPF): metadata with EPUB Accessibility 1.1, manifest, spine.

use super::plan::{self, Plan};
use super::xhtml::escape;
use super::{EpubAssets, Resource};
use crate::model::Document;
use std::fmt::Write as _;

/// The OPF of the book, listing `resources` in their order.
pub fn opf(doc: &Document, assets: &EpubAssets, plan: &Plan, resources: &[Resource]) -> Vec<u8> {
    let mut o = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" \
         xml:lang=\"{}\" prefix=\"a11y: http://www.idpf.org/epub/vocab/package/a11y/#\">\n\
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
        escape(&doc.meta.language)
    );
    descriptive(&mut o, doc, assets);
    accessibility(&mut o, doc, plan, resources);
    o.push_str("</metadata>\n<manifest>\n");
    for r in resources {
        let props = if r.properties.is_empty() {
            String::new()
        } else {
            format!(" properties=\"{}\"", r.properties)
        };
        let _ = writeln!(
            o,
            "<item id=\"{}\" href=\"{}\" media-type=\"{}\"{props}/>",
            r.id, r.href, r.media_type
        );
    }
    let ncx = resources.iter().any(|r| r.href == plan::NCX);
    o.push_str(if ncx {
        "</manifest>\n<spine toc=\"ncx\">\n"
    } else {
        "</manifest>\n<spine>\n"
    });
    for r in resources.iter().filter(|r| r.spine) {
        let _ = writeln!(o, "<itemref idref=\"{}\"/>", r.id);
    }
    o.push_str("</spine>\n");
    guide(&mut o, doc, plan);
    o.push_str("</package>\n");
    o.into_bytes()
}

/// The EPUB 2 `<guide>` (legacy in EPUB 3, still read by calibre, Kindle conversions
/// and Adobe RMSDK): the cover reference keeps calibre from generating a second cover,
/// the text reference is where Kindle opens the book.
fn guide(o: &mut String, doc: &Document, plan: &Plan) {
    let l = &plan.locale.labels;
    o.push_str("<guide>\n");
    let mut refs = vec![
        ("cover", plan::COVER.to_string(), &*l.cover),
        ("title-page", plan::TITLE.to_string(), &*l.title_page),
        ("toc", plan::NAV.to_string(), &*l.contents),
    ];
    if let Some(first) = plan.chapter_files.first() {
        refs.push(("text", first.clone(), &*l.start));
    }
    if !doc.glossary.is_empty() {
        refs.push(("glossary", plan::GLOSSARY.into(), &*l.glossary));
    }
    if !doc.bibliography.is_empty() {
        refs.push(("bibliography", plan::WORKS_CITED.into(), &*l.works_cited));
    }
    refs.push(("colophon", plan::COLOPHON.into(), &*l.colophon));
    for (kind, href, title) in refs {
        let _ = writeln!(
            o,
            "<reference type=\"{kind}\" title=\"{}\" href=\"{href}\"/>",
            escape(title)
        );
    }
    o.push_str("</guide>\n");
}

/// Title, subtitle, creators, language, identifier, dates, publisher, rights, description.
fn descriptive(o: &mut String, doc: &Document, assets: &EpubAssets) {
    let m = &doc.meta;
    let _ = writeln!(
        o,
        "<dc:identifier id=\"pub-id\">{}</dc:identifier>",
        escape(&m.identifier.urn())
    );
    let _ = writeln!(o, "<dc:title id=\"title\">{}</dc:title>", escape(&m.title));
    o.push_str("<meta refines=\"#title\" property=\"title-type\">main</meta>\n");
    if let Some(sub) = &m.subtitle {
        let _ = writeln!(o, "<dc:title id=\"subtitle\">{}</dc:title>", escape(sub));
        o.push_str("<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n");
    }
    // Each author with how it is filed (calibre, Apple Books and library catalogues
    // sort by `file-as`). A book without authors is filed under its publisher, as a
    // corporate author, so that no reading system shows it as by "Unknown".
    let creators: Vec<(&str, String)> = if m.authors.is_empty() {
        m.publisher
            .as_deref()
            .map(|p| (p, p.to_string()))
            .into_iter()
            .collect()
    } else {
        m.authors
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let sort = match m.catalogue.authors_file_as.get(i) {
                    Some(f) => f.clone(),
                    None => crate::model::file_as(a),
                };
                (a.as_str(), sort)
            })
            .collect()
    };
    for (i, (name, sort)) in creators.iter().enumerate() {
        let id = format!("creator-{}", i + 1);
        let _ = writeln!(o, "<dc:creator id=\"{id}\">{}</dc:creator>", escape(name));
        let _ = writeln!(
            o,
            "<meta refines=\"#{id}\" property=\"file-as\">{}</meta>",
            escape(sort)
        );
        let _ = writeln!(
            o,
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">aut</meta>"
        );
    }
    let _ = writeln!(o, "<dc:language>{}</dc:language>", escape(&m.language));
    if let Some(d) = &m.date {
        let _ = writeln!(o, "<dc:date>{}</dc:date>", escape(d));
    }
    if let Some(p) = &m.publisher {
        let _ = writeln!(o, "<dc:publisher>{}</dc:publisher>", escape(p));
    }
    if let Some(r) = &m.rights {
        let _ = writeln!(o, "<dc:rights>{}</dc:rights>", escape(r));
    }
    if let Some(d) = &m.description {
        let _ = writeln!(o, "<dc:description>{}</dc:description>", escape(d));
    }
    series(o, m);
    let _ = writeln!(
        o,
        "<meta property=\"dcterms:modified\">{}</meta>",
        assets.modified.iso()
    );
    // The EPUB 2 cover pointer: Kindle conversions and older readers find the cover
    // image only through it.
    if assets.cover.is_some() {
        o.push_str("<meta name=\"cover\" content=\"cover-image\"/>\n");
    }
    let _ = writeln!(
        o,
        "<meta name=\"generator\" content=\"pamphleteer {}\"/>",
        escape(&assets.version)
    );
}

/// The series: EPUB 3's `belongs-to-collection` (Apple Books, Thorium, calibre) and
/// calibre's own `calibre:series` (which Kobo reads from side-loaded books).
fn series(o: &mut String, m: &crate::model::Metadata) {
    let Some(series) = &m.catalogue.series else {
        return;
    };
    let _ = writeln!(
        o,
        "<meta property=\"belongs-to-collection\" id=\"series\">{}</meta>\n\
         <meta refines=\"#series\" property=\"collection-type\">series</meta>",
        escape(series)
    );
    if let Some(n) = &m.catalogue.series_number {
        let _ = writeln!(
            o,
            "<meta refines=\"#series\" property=\"group-position\">{}</meta>",
            escape(n)
        );
    }
    let _ = writeln!(
        o,
        "<meta name=\"calibre:series\" content=\"{}\"/>",
        escape(series)
    );
    if let Some(n) = &m.catalogue.series_number {
        let _ = writeln!(
            o,
            "<meta name=\"calibre:series_index\" content=\"{}\"/>",
            escape(n)
        );
    }
}

/// EPUB Accessibility 1.1 discovery and conformance metadata.
fn accessibility(o: &mut String, doc: &Document, plan: &Plan, resources: &[Resource]) {
    let images = resources.iter().any(|r| r.media_type.starts_with("image/"));
    let pages = !plan.page_list.is_empty();
    let mut meta = |p: &str, v: &str| {
        let _ = writeln!(o, "<meta property=\"schema:{p}\">{v}</meta>");
    };
    meta("accessMode", "textual");
    if images {
        meta("accessMode", "visual");
    }
    meta("accessModeSufficient", "textual");
    let mut features = vec!["structuralNavigation", "tableOfContents", "readingOrder"];
    if images {
        features.push("alternativeText");
    }
    if pages {
        features.extend(["printPageNumbers", "pageBreakMarkers"]);
    }
    for f in features {
        meta("accessibilityFeature", f);
    }
    meta("accessibilityHazard", "none");
    let (summary, lang) = doc.meta.locale.accessibility_summary(
        !doc.glossary.is_empty(),
        !doc.bibliography.is_empty(),
        images,
        pages,
    );
    // Marked with its own language where it is not the book's (English fallback).
    let lang = if lang == doc.meta.language {
        String::new()
    } else {
        format!(" xml:lang=\"{}\"", escape(lang))
    };
    let _ = writeln!(
        o,
        "<meta property=\"schema:accessibilitySummary\"{lang}>{}</meta>",
        escape(&summary)
    );
    o.push_str(
        "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>\n",
    );
    let en = if crate::locale::primary(&doc.meta.language) == "en" {
        ""
    } else {
        " xml:lang=\"en\""
    };
    let _ = writeln!(
        o,
        "<meta property=\"a11y:certifiedBy\"{en}>pamphleteer (automated build, checked with EPUBCheck and Ace by DAISY)</meta>"
    );
    if pages {
        // The print edition's ISBN when given; else the identifier the print edition
        // of this build shares with the EPUB.
        let source = match &doc.meta.catalogue.print_isbn {
            Some(isbn) => format!("urn:isbn:{isbn}"),
            None => escape(&doc.meta.identifier.urn()),
        };
        let _ = writeln!(o, "<dc:source id=\"print-source\">{source}</dc:source>");
        o.push_str("<meta refines=\"#print-source\" property=\"source-of\">pagination</meta>\n");
    }
}
