//! The cover page: the cover image the build hands over (the author's artwork, or the
//! typographic cover of `crate::cover` rendered to PNG — the same design as the print
//! cover), or, without one, a page that sets the title as text.

use super::plan::{self, Plan};
use super::xhtml::{self, escape};
use super::{EpubAssets, EpubError, Resource};
use crate::locale::Locale;
use crate::model::Document;

/// The cover image (when there is one) and the cover page.
pub fn resources(
    doc: &Document,
    assets: &EpubAssets,
    plan: &Plan,
) -> Result<Vec<Resource>, EpubError> {
    let image = match &assets.cover {
        Some(c) => Some((c.bytes.clone(), cover_type(c)?)),
        None => None,
    };
    let alt = cover_alt(doc, &plan.locale);
    let mut out = Vec::new();
    let body = match image {
        Some((bytes, media_type)) => {
            let ext = if media_type == "image/png" {
                "png"
            } else {
                "jpg"
            };
            let href = format!("images/cover.{ext}");
            out.push(Resource {
                href: href.clone(),
                id: "cover-image".into(),
                media_type,
                properties: "cover-image".into(),
                spine: false,
                data: bytes,
            });
            format!(
                "<section class=\"cover\" aria-label=\"{}\">\n<img epub:type=\"cover\" role=\"doc-cover\" src=\"{href}\" alt=\"{}\"/>\n</section>\n",
                plan.labels.cover,
                escape(&alt)
            )
        }
        None => format!(
            "<section class=\"cover titlepage\" aria-label=\"{}\">\n<p class=\"title\">{}</p>\n</section>\n",
            plan.labels.cover,
            escape(&alt)
        ),
    };
    out.push(Resource {
        href: plan::COVER.into(),
        id: "cover".into(),
        media_type: "application/xhtml+xml",
        properties: String::new(),
        spine: true,
        data: xhtml::document(&plan.lang, &plan.locale.labels.cover, "cover", &body),
    });
    Ok(out)
}

/// The media type of a supplied cover, checked against its bytes.
fn cover_type(c: &super::CoverImage) -> Result<&'static str, EpubError> {
    match crate::model::ImageKind::sniff(&c.bytes) {
        Some(kind) if kind.printable() && kind.media_type() == c.media_type => {
            Ok(kind.media_type())
        }
        _ => Err(EpubError::Cover(format!(
            "expected a JPEG or PNG file, got {} whose bytes do not match",
            c.media_type
        ))),
    }
}

/// What the cover says, for its text alternative.
fn cover_alt(doc: &Document, locale: &Locale) -> String {
    let m = &doc.meta;
    let mut s = m.title.clone();
    if let Some(sub) = &m.subtitle {
        s = format!("{s}{} {sub}", locale.colon());
    }
    locale.title_by(&s, &m.authors)
}
