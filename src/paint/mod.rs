//! The page painter: a typeset page as pixels, drawn from the same frames the PDF
//! backend draws (glyph outlines from the fonts, rules, figures) with the cover's
//! rasteriser. The live preview shows its pages and `proof` lays them out on contact
//! sheets.

use crate::cover::{Art, Cmyk, Scene, SceneItem, raster};
use crate::typeset::frame::FaceData;
use crate::typeset::{Item, Page, Rect};
use tiny_skia::Pixmap;

/// `page` of a book of `trim` (width, height in pt) at `scale` pixels per pt, on white;
/// `None` when the size is zero or too large.
pub fn page(page: &Page, trim: (f64, f64), faces: &[FaceData], scale: f64) -> Option<Pixmap> {
    let items = page
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
    let scene = Scene {
        width: trim.0,
        height: trim.1,
        bleed: 0.0,
        marks: items,
    };
    let height_px = (trim.1 * scale).round() as u32;
    raster::pixmap_fast(&scene, faces, height_px).ok()
}
