//! The page painter: a typeset page drawn from the same frames the PDF backend draws
//! (glyph outlines from the fonts, rules, figures). One walk of the page makes a cover
//! [`Scene`]; the scene becomes pixels with the cover's rasteriser (`proof`'s contact
//! sheets) or an SVG document (`svg.rs`: the live preview's pages, crisp at any zoom).

mod svg;

pub use svg::Glyphs;

use crate::cover::{Art, Cmyk, Scene, SceneItem, raster};
use crate::typeset::frame::FaceData;
use crate::typeset::{Item, LinkTarget, Page, Rect};
use tiny_skia::Pixmap;

/// `page` of a book of `trim` (width, height in pt) at `scale` pixels per pt, on white;
/// `None` when the size is zero or too large.
pub fn page(page: &Page, trim: (f64, f64), faces: &[FaceData], scale: f64) -> Option<Pixmap> {
    let height_px = (trim.1 * scale).round() as u32;
    raster::pixmap_fast(&scene(page, trim), faces, height_px).ok()
}

/// `page` of a book of `trim` (width, height in pt) as a standalone SVG document in pt:
/// each glyph's outline defined once and placed where it is used, rules as
/// rectangles, figures embedded, links to the web clickable. `glyphs` keeps the
/// outlines from page to page and build to build.
pub fn page_svg(page: &Page, trim: (f64, f64), faces: &[FaceData], glyphs: &Glyphs) -> String {
    let links = page.items.iter().filter_map(|item| match item {
        Item::Link {
            rect,
            target: LinkTarget::Url(url),
        } => Some((*rect, url.as_str())),
        _ => None,
    });
    svg::document(&scene(page, trim), faces, glyphs, links)
}

/// The page walk: what `page` shows, as a scene of the trim's size without bleed.
/// Links and anchors are not drawn.
fn scene(page: &Page, trim: (f64, f64)) -> Scene {
    let marks = page
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Text(run) => Some(SceneItem::Text {
                run: run.clone(),
                color: Cmyk::BLACK,
                transform: None,
            }),
            Item::Rule {
                x0,
                x1,
                y,
                thickness,
            } => Some(SceneItem::Fill {
                rect: Rect {
                    x: *x0,
                    y: y - thickness / 2.0,
                    w: x1 - x0,
                    h: *thickness,
                },
                color: Cmyk::BLACK,
            }),
            Item::Image { rect, picture } => Some(SceneItem::Image {
                rect: *rect,
                data: Art::Encoded(picture.bytes.clone()),
            }),
            Item::Link { .. } | Item::Anchor { .. } => None,
        })
        .collect();
    Scene {
        width: trim.0,
        height: trim.1,
        bleed: 0.0,
        marks,
    }
}
