//! Links and anchors: every [`Item::Anchor`] becomes a named destination, every
//! [`Item::Link`] an invisible link annotation (to a named destination or a URL).

use super::PdfError;
use super::boxes::PageBoxes;
use crate::typeset::frame::{Item, LinkTarget, Page, Pages};
use krilla::Document;
use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::destination::{NamedDestination, XyzDestination};
use krilla::geom::Rect;
use std::collections::BTreeMap;

/// Where each anchor is: name → (page index, y in trim coordinates).
pub(crate) struct Anchors(BTreeMap<String, (usize, f64)>);

impl Anchors {
    /// Collects the anchors of all pages; a name used twice is an error.
    pub fn collect(pages: &Pages) -> Result<Anchors, PdfError> {
        let mut map = BTreeMap::new();
        for (index, page) in pages.pages.iter().enumerate() {
            for item in &page.items {
                if let Item::Anchor { name, y } = item
                    && map.insert(name.clone(), (index, *y)).is_some()
                {
                    return Err(PdfError::DuplicateAnchor(name.clone()));
                }
            }
        }
        Ok(Anchors(map))
    }

    /// The named destination for `name`.
    fn destination(&self, name: &str, boxes: &PageBoxes) -> Option<NamedDestination> {
        let (page, y) = *self.0.get(name)?;
        let xyz = XyzDestination::new(page, boxes.point(0.0, y));
        Some(NamedDestination::new(name.to_string(), xyz))
    }

    /// Registers every anchor with the document, in name order.
    pub fn register(&self, doc: &mut Document, boxes: &PageBoxes) -> Result<(), PdfError> {
        for name in self.0.keys() {
            let dest = self.destination(name, boxes).expect("name from the map");
            doc.register_named_destination(dest)
                .ok_or_else(|| PdfError::DuplicateAnchor(name.clone()))?;
        }
        Ok(())
    }
}

/// Adds a link annotation for every [`Item::Link`] on `page` (no border, not printed).
pub(crate) fn annotate(
    pdf_page: &mut krilla::page::Page,
    page: &Page,
    anchors: &Anchors,
    boxes: &PageBoxes,
) -> Result<(), PdfError> {
    for item in &page.items {
        let Item::Link { rect, target } = item else {
            continue;
        };
        let Some(area) = Rect::from_xywh(
            (rect.x + boxes.offset) as f32,
            (rect.y + boxes.offset) as f32,
            rect.w as f32,
            rect.h as f32,
        ) else {
            continue;
        };
        let target = match target {
            LinkTarget::Url(url) => Target::Action(LinkAction::new(url.clone()).into()),
            LinkTarget::Anchor(name) => Target::Destination(
                anchors
                    .destination(name, boxes)
                    .ok_or_else(|| PdfError::UnknownAnchor(name.clone()))?
                    .into(),
            ),
        };
        pdf_page.add_annotation(Annotation::new_link(
            LinkAnnotation::new(area, target),
            None,
        ));
    }
    Ok(())
}
