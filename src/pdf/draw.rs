//! Drawing one typeset page: glyph runs and rules, in pure black ink (0/0/0/100), and
//! figures, converted to CMYK or gray by [`super::images`].
//!
//! The surface's transform already maps the typesetter's coordinates (pt from the
//! top-left of the trim, y down) to the page; callers push it.

use super::PdfError;
use super::images::ImageCache;
use crate::typeset::frame::{FaceData, FaceId, Item, Page, TextRun};
use krilla::color::cmyk;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};

/// Pure black ink: K only, so text prints on one plate and never registers badly.
pub(crate) fn black() -> Fill {
    Fill {
        paint: cmyk::Color::new(0, 0, 0, 255).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

/// The book's faces, loaded once, indexed by [`FaceId`], with their bytes.
pub(crate) struct Fonts(Vec<(Font, FaceData)>);

impl Fonts {
    /// Loads every face; a face krilla cannot read is an error naming it.
    pub fn load(faces: &[FaceData]) -> Result<Fonts, PdfError> {
        let mut fonts = Vec::with_capacity(faces.len());
        for (i, face) in faces.iter().enumerate() {
            let font = Font::new(face.data.clone().into(), face.index)
                .ok_or(PdfError::BadFont(FaceId(i as u32)))?;
            fonts.push((font, face.clone()));
        }
        Ok(Fonts(fonts))
    }

    /// The font for `id`.
    pub fn get(&self, id: FaceId) -> Result<&Font, PdfError> {
        self.0
            .get(id.0 as usize)
            .map(|(font, _)| font)
            .ok_or(PdfError::MissingFace(id))
    }

    /// The bytes of the first face, for slug lines; `None` for a book without text.
    pub fn first_data(&self) -> Option<&FaceData> {
        self.0.first().map(|(_, data)| data)
    }
}

/// Draws every text run, rule and image of `page`; links and anchors are not drawn.
pub(crate) fn draw_page(
    surface: &mut Surface,
    page: &Page,
    fonts: &Fonts,
    images: &ImageCache,
) -> Result<(), PdfError> {
    surface.set_fill(Some(black()));
    surface.set_stroke(None);
    for item in &page.items {
        match item {
            Item::Text(run) => draw_run(surface, run, fonts)?,
            Item::Rule {
                x0,
                x1,
                y,
                thickness,
            } => fill_rect(surface, *x0, y - thickness / 2.0, x1 - x0, *thickness),
            Item::Image { rect, picture } => {
                let image = images.get(&picture.name, &picture.bytes)?;
                draw_image(surface, image, rect);
            }
            Item::Link { .. } | Item::Anchor { .. } => {}
        }
    }
    Ok(())
}

/// Draws `image` scaled into `rect` (x, y of its top-left, y down); an empty rect draws
/// nothing.
pub(crate) fn draw_image(surface: &mut Surface, image: Image, rect: &crate::typeset::frame::Rect) {
    let Some(size) = krilla::geom::Size::from_wh(rect.w as f32, rect.h as f32) else {
        return;
    };
    surface.push_transform(&Transform::from_translate(rect.x as f32, rect.y as f32));
    surface.draw_image(image, size);
    surface.pop();
}

/// Draws one run from its glyph ids. Each glyph carries its cluster's byte range in
/// the run's text, so a ligature copies as its letters and an added hyphen as "-".
pub(crate) fn draw_run(
    surface: &mut Surface,
    run: &TextRun,
    fonts: &Fonts,
) -> Result<(), PdfError> {
    if run.glyphs.is_empty() || run.size <= 0.0 {
        return Ok(());
    }
    let font = fonts.get(run.face)?.clone();
    // A run of an expanded line is drawn horizontally scaled about its start, as the
    // PDF's `Tz` would scale it: the advances (which include the scale) are given
    // unscaled, and the transform widens them and the glyphs' shapes alike.
    let h = run.h_scale;
    let scaled = (h - 1.0).abs() > 1e-9 && h > 0.0;
    let k = if scaled { h } else { 1.0 };
    let em = run.size * k;
    let len = run.text.len();
    let glyphs: Vec<KrillaGlyph> = run
        .glyphs
        .iter()
        .map(|g| KrillaGlyph {
            glyph_id: GlyphId::new(u32::from(g.id)),
            text_range: clamp_range(g.text.start as usize, g.text.end as usize, len, &run.text),
            x_advance: (g.x_advance / em) as f32,
            x_offset: (g.x_offset / em) as f32,
            y_offset: (g.y_offset / run.size) as f32,
            y_advance: 0.0,
            location: None,
        })
        .collect();
    if scaled {
        let shift = run.x * (1.0 - h);
        surface.push_transform(&Transform::from_row(
            h as f32,
            0.0,
            0.0,
            1.0,
            shift as f32,
            0.0,
        ));
    }
    surface.draw_glyphs(
        Point::from_xy(run.x as f32, run.y as f32),
        &glyphs,
        font,
        &run.text,
        run.size as f32,
        false,
    );
    if scaled {
        surface.pop();
    }
    Ok(())
}

/// A cluster range kept inside the text and on character boundaries, so a bad range
/// from upstream copies as less text rather than panicking.
fn clamp_range(start: usize, end: usize, len: usize, text: &str) -> std::ops::Range<usize> {
    let mut s = start.min(len);
    let mut e = end.clamp(s, len);
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    s..e
}

/// Fills an axis-aligned rectangle with the current fill.
pub(crate) fn fill_rect(surface: &mut Surface, x: f64, y: f64, w: f64, h: f64) {
    let Some(rect) = Rect::from_xywh(x as f32, y as f32, w as f32, h as f32) else {
        return;
    };
    let mut pb = PathBuilder::new();
    pb.push_rect(rect);
    if let Some(path) = pb.finish() {
        surface.draw_path(&path);
    }
}
