//! The print cover: a [`Scene`] (back, spine, front) drawn with its bleed, in CMYK,
//! and made PDF/X-4 like the book, so the print shop gets the cover in the same form.

use super::boxes::PageBoxes;
use super::draw::{Fonts, draw_image, draw_run, fill_rect};
use super::metadata::{self, DocInfo};
use super::{PdfError, images, krilla_error, pdfx, serialize_settings};
use crate::cover::{Art, Cmyk, Scene, SceneItem};
use crate::layout::{Margins, PageGeometry, Size};
use crate::model::Metadata;
use crate::output::Timestamp;
use crate::typeset::frame::{FaceData, Page};
use krilla::Document;
use krilla::color::cmyk;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;

/// Writes a one-page PDF/X-4 of `scene`: MediaBox = BleedBox = trim + bleed, TrimBox the scene.
pub fn write_cover(
    scene: &Scene,
    faces: &[FaceData],
    meta: &Metadata,
    date: Timestamp,
) -> Result<Vec<u8>, PdfError> {
    let geometry = PageGeometry {
        trim: Size {
            width: scene.width,
            height: scene.height,
        },
        bleed: scene.bleed,
        margins: Margins {
            inner: 0.0,
            outer: 0.0,
            top: 0.0,
            bottom: 0.0,
        },
    };
    let boxes = PageBoxes::new(&geometry, false)?;
    let fonts = Fonts::load(faces)?;
    let mut doc = Document::new_with(serialize_settings()?);
    let label = Page {
        label: "cover".into(),
        ..Page::default()
    };
    let mut page = doc.start_page_with(boxes.settings(&label));
    let mut surface = page.surface();
    surface.push_transform(&boxes.trim_origin());
    let drawn = draw_scene(&mut surface, scene, &fonts);
    surface.pop();
    drawn?;
    surface.finish();
    page.finish();
    doc.set_metadata(metadata::krilla_metadata(meta, date));
    let bytes = doc.finish().map_err(krilla_error)?;
    pdfx::make_pdfx4(&bytes, &DocInfo::new(meta, date))
}

fn draw_scene(surface: &mut Surface, scene: &Scene, fonts: &Fonts) -> Result<(), PdfError> {
    surface.set_stroke(None);
    draw_marks(surface, &scene.marks, fonts)
}

fn draw_marks(surface: &mut Surface, marks: &[SceneItem], fonts: &Fonts) -> Result<(), PdfError> {
    for mark in marks {
        match mark {
            SceneItem::Clip { rect, marks } => {
                let area = krilla::geom::Rect::from_xywh(
                    rect.x as f32,
                    rect.y as f32,
                    rect.w as f32,
                    rect.h as f32,
                );
                let mut pb = krilla::geom::PathBuilder::new();
                if let Some(area) = area {
                    pb.push_rect(area);
                }
                let Some(path) = pb.finish() else { continue };
                surface.push_clip_path(&path, &FillRule::NonZero);
                let drawn = draw_marks(surface, marks, fonts);
                surface.pop();
                drawn?;
            }
            SceneItem::Fill { rect, color } => {
                surface.set_fill(Some(ink(*color)));
                fill_rect(surface, rect.x, rect.y, rect.w, rect.h);
            }
            SceneItem::Text {
                run,
                color,
                transform,
            } => {
                surface.set_fill(Some(ink(*color)));
                if let Some(t) = transform {
                    let [a, b, c, d, e, f] = t.m.map(|v| v as f32);
                    surface.push_transform(&krilla::geom::Transform::from_row(a, b, c, d, e, f));
                }
                let drawn = draw_run(surface, run, fonts);
                if transform.is_some() {
                    surface.pop();
                }
                drawn?;
            }
            SceneItem::Image { rect, data } => {
                // Drawings at 300 dpi; converted to CMYK or gray like every image of the book.
                let drawn;
                let data = match data {
                    Art::Encoded(bytes) => bytes.as_slice(),
                    Art::Svg(svg) => {
                        drawn = svg.png(rect.w, rect.h).ok_or_else(|| {
                            PdfError::BadGeometry("the cover drawing is too large to print".into())
                        })?;
                        drawn.as_slice()
                    }
                };
                let image = images::print_image("cover artwork in covers/", data)?;
                let rect = crate::typeset::frame::Rect {
                    x: rect.x,
                    y: rect.y,
                    w: rect.w,
                    h: rect.h,
                };
                draw_image(surface, image, &rect);
            }
        }
    }
    Ok(())
}

fn ink(c: Cmyk) -> Fill {
    let v = |x: f32| (x.clamp(0.0, 1.0) * 255.0).round() as u8;
    Fill {
        paint: cmyk::Color::new(v(c.0), v(c.1), v(c.2), v(c.3)).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}
