//! Renders a cover [`Scene`] to a PNG (the EPUB's cover image): fills with tiny-skia,
//! glyphs from their outlines (skrifa) so the image shows the book's own type.

use super::{Art, Scene, SceneItem};
use crate::typeset::frame::FaceData;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, GlyphId, MetadataProvider};
use std::collections::HashMap;
use tiny_skia::{
    FillRule, FilterQuality, Mask, Paint, PathBuilder, Pixmap, PixmapPaint, Transform,
};

/// Why a scene could not be rendered.
#[derive(Debug)]
pub enum RasterError {
    /// The requested size is zero or too large.
    Size,
    /// PNG encoding failed.
    Encode(String),
}

/// Renders the trimmed area of `scene` at `height_px` pixels tall and returns PNG bytes.
pub fn png(scene: &Scene, faces: &[FaceData], height_px: u32) -> Result<Vec<u8>, RasterError> {
    encode_png(&pixmap(scene, faces, height_px)?)
}

/// Renders the trimmed area of `scene` at `height_px` pixels tall, on white.
pub fn pixmap(scene: &Scene, faces: &[FaceData], height_px: u32) -> Result<Pixmap, RasterError> {
    let scale = height_px as f64 / scene.height;
    let width_px = (scene.width * scale).round() as u32;
    let mut pixmap = Pixmap::new(width_px, height_px).ok_or(RasterError::Size)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    draw_marks(&mut pixmap, &scene.marks, faces, scale, None);
    Ok(pixmap)
}

/// [`pixmap`] for a screen (the live preview's pages): each run of text filled as one
/// path, each glyph's outline read from the font once. Several times faster; where two
/// glyphs overlap, their edges blend a little differently.
pub fn pixmap_fast(
    scene: &Scene,
    faces: &[FaceData],
    height_px: u32,
) -> Result<Pixmap, RasterError> {
    let scale = height_px as f64 / scene.height;
    let width_px = (scene.width * scale).round() as u32;
    let mut pixmap = Pixmap::new(width_px, height_px).ok_or(RasterError::Size)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let ts = Transform::from_scale(scale as f32, scale as f32);
    let mut outlines: HashMap<(u32, u16, u64, u64), Option<tiny_skia::Path>> = HashMap::new();
    for mark in &scene.marks {
        let SceneItem::Text {
            run,
            color,
            transform: None,
        } = mark
        else {
            draw_marks(&mut pixmap, std::slice::from_ref(mark), faces, scale, None);
            continue;
        };
        let Some(face) = faces.get(run.face.0 as usize) else {
            continue;
        };
        let Ok(font) = FontRef::from_index(&face.data, face.index) else {
            continue;
        };
        let glyphs = font.outline_glyphs();
        let mut pb = PathBuilder::new();
        let mut pen_x = run.x;
        for g in &run.glyphs {
            let key = (run.face.0, g.id, run.size.to_bits(), run.h_scale.to_bits());
            let outline = outlines.entry(key).or_insert_with(|| {
                let glyph = glyphs.get(GlyphId::new(u32::from(g.id)))?;
                let mut pen = Pen {
                    pb: PathBuilder::new(),
                    x: 0.0,
                    y: 0.0,
                    h_scale: run.h_scale,
                };
                let settings =
                    DrawSettings::unhinted(Size::new(run.size as f32), LocationRef::default());
                glyph.draw(settings, &mut pen).ok()?;
                pen.pb.finish()
            });
            if let Some(path) = outline {
                let at = Transform::from_translate(
                    (pen_x + g.x_offset) as f32,
                    (run.y - g.y_offset) as f32,
                );
                if let Some(placed) = path.clone().transform(at) {
                    pb.push_path(&placed);
                }
            }
            pen_x += g.x_advance;
        }
        if let Some(path) = pb.finish() {
            let p = paint(color.to_rgb());
            pixmap.fill_path(&path, &p, FillRule::Winding, ts, None);
        }
    }
    Ok(pixmap)
}

/// Draws marks at `scale` px per pt, inside `mask` when given.
fn draw_marks(
    pixmap: &mut Pixmap,
    marks: &[SceneItem],
    faces: &[FaceData],
    scale: f64,
    mask: Option<&Mask>,
) {
    let ts = Transform::from_scale(scale as f32, scale as f32);
    for mark in marks {
        match mark {
            SceneItem::Clip { rect, marks } => {
                let Some(mut clip) = Mask::new(pixmap.width(), pixmap.height()) else {
                    continue;
                };
                if let Some(r) = tiny_skia::Rect::from_xywh(
                    rect.x as f32,
                    rect.y as f32,
                    rect.w as f32,
                    rect.h as f32,
                ) {
                    let path = PathBuilder::from_rect(r);
                    clip.fill_path(&path, FillRule::Winding, true, ts);
                }
                if let Some(outer) = mask {
                    // Inside both: the outer clip's coverage times this one's.
                    for (c, o) in clip.data_mut().iter_mut().zip(outer.data()) {
                        *c = ((u16::from(*c) * u16::from(*o)) / 255) as u8;
                    }
                }
                draw_marks(pixmap, marks, faces, scale, Some(&clip));
            }
            SceneItem::Fill { rect, color } => {
                let Some(r) = tiny_skia::Rect::from_xywh(
                    rect.x as f32,
                    rect.y as f32,
                    rect.w as f32,
                    rect.h as f32,
                ) else {
                    continue;
                };
                pixmap.fill_rect(r, &paint(color.to_rgb()), ts, mask);
            }
            SceneItem::Text {
                run,
                color,
                transform,
            } => {
                let ts = match transform {
                    Some(t) => {
                        let [a, b, c, d, e, f] = t.m.map(|v| v as f32);
                        Transform::from_row(a, b, c, d, e, f).post_concat(ts)
                    }
                    None => ts,
                };
                let Some(face) = faces.get(run.face.0 as usize) else {
                    continue;
                };
                let Ok(font) = FontRef::from_index(&face.data, face.index) else {
                    continue;
                };
                let outlines = font.outline_glyphs();
                let mut pen_x = run.x;
                let p = paint(color.to_rgb());
                for g in &run.glyphs {
                    if let Some(glyph) = outlines.get(GlyphId::new(u32::from(g.id))) {
                        let mut pen = Pen {
                            pb: PathBuilder::new(),
                            x: pen_x + g.x_offset,
                            y: run.y - g.y_offset,
                            h_scale: run.h_scale,
                        };
                        let settings = DrawSettings::unhinted(
                            Size::new(run.size as f32),
                            LocationRef::default(),
                        );
                        if glyph.draw(settings, &mut pen).is_ok()
                            && let Some(path) = pen.pb.finish()
                        {
                            pixmap.fill_path(&path, &p, FillRule::Winding, ts, mask);
                        }
                    }
                    pen_x += g.x_advance;
                }
            }
            SceneItem::Image {
                rect,
                data: Art::Svg(svg),
            } => {
                // Drawn straight at this image's resolution, clipped to its area.
                let (x, y) = (rect.x * scale, rect.y * scale);
                let (w, h) = ((rect.w * scale).round(), (rect.h * scale).round());
                let Some(drawn) = svg.pixmap(w as u32, h as u32) else {
                    continue;
                };
                let at = |v: f64| v.round() as i32;
                pixmap.draw_pixmap(
                    at(x),
                    at(y),
                    drawn.as_ref(),
                    &PixmapPaint::default(),
                    Transform::identity(),
                    mask,
                );
            }
            SceneItem::Image {
                rect,
                data: Art::Encoded(data),
            } => {
                let Some(img) = decode(data) else {
                    continue;
                };
                let sx = rect.w / img.width() as f64;
                let sy = rect.h / img.height() as f64;
                let t = Transform::from_row(
                    sx as f32,
                    0.0,
                    0.0,
                    sy as f32,
                    rect.x as f32,
                    rect.y as f32,
                )
                .post_concat(ts);
                // Artwork is usually larger than this image: a smooth filter, not the
                // nearest pixel, when it is scaled down.
                let paint = PixmapPaint {
                    quality: FilterQuality::Bicubic,
                    ..PixmapPaint::default()
                };
                pixmap.draw_pixmap(0, 0, img.as_ref(), &paint, t, mask);
            }
        }
    }
}

/// Encodes a pixmap (composited on white) as an 8-bit RGB PNG with the `png` crate:
/// its balanced (fdeflate/zlib) level and the Paeth filter. Measured on the pamphlet's
/// 1410 × 2000 cover, that is 8 ms and 120 KB, where tiny-skia's writer (demultiplied
/// RGBA, adaptive filter) took 20 ms for 125 KB, and the fast level 3 ms for 172 KB: a
/// third more bytes in every EPUB is not worth 5 ms of a build.
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, RasterError> {
    encode(
        pixmap,
        png::Compression::Balanced,
        png::Filter::Paeth,
        false,
    )
}

/// [`encode_png`] for a screen that shows the image at once (the live preview's
/// pages): fast compression, and one channel when every pixel is grey (a page of
/// black text). Several times faster, the file somewhat larger.
pub fn encode_png_fast(pixmap: &Pixmap) -> Result<Vec<u8>, RasterError> {
    encode(pixmap, png::Compression::Fast, png::Filter::Up, true)
}

fn encode(
    pixmap: &Pixmap,
    compression: png::Compression,
    filter: png::Filter,
    grey_if_possible: bool,
) -> Result<Vec<u8>, RasterError> {
    let mut rgb = vec![0u8; pixmap.width() as usize * pixmap.height() as usize * 3];
    let mut grey = grey_if_possible;
    for (d, p) in rgb.chunks_exact_mut(3).zip(pixmap.data().chunks_exact(4)) {
        // Premultiplied over white: colour + (1 − alpha) × white.
        let white = 255 - p[3];
        d[0] = p[0].saturating_add(white);
        d[1] = p[1].saturating_add(white);
        d[2] = p[2].saturating_add(white);
        grey &= d[0] == d[1] && d[1] == d[2];
    }
    let (color, data) = if grey {
        let luma: Vec<u8> = rgb.chunks_exact(3).map(|p| p[0]).collect();
        (png::ColorType::Grayscale, luma)
    } else {
        (png::ColorType::Rgb, rgb)
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(compression);
    encoder.set_filter(filter);
    let encode = |e: png::EncodingError| RasterError::Encode(e.to_string());
    let mut writer = encoder.write_header().map_err(encode)?;
    writer.write_image_data(&data).map_err(encode)?;
    writer.finish().map_err(encode)?;
    Ok(out)
}

/// A PNG or JPEG file as a pixmap.
pub fn decode(data: &[u8]) -> Option<Pixmap> {
    if let Ok(img) = Pixmap::decode_png(data) {
        return Some(img);
    }
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGBA);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(std::io::Cursor::new(data), options);
    let rgba = decoder.decode().ok()?;
    if decoder.output_colorspace()? != ColorSpace::RGBA {
        return None;
    }
    let (w, h) = decoder.dimensions()?;
    Pixmap::from_vec(rgba, tiny_skia::IntSize::from_wh(w as u32, h as u32)?)
}

fn paint(rgb: [u8; 3]) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(rgb[0], rgb[1], rgb[2], 255);
    p.anti_alias = true;
    p
}

/// Receives a glyph outline in pt (y up) and builds a path in page pt (y down).
struct Pen {
    pb: PathBuilder,
    x: f64,
    y: f64,
    /// Horizontal scale of the outline (a justified line's font expansion).
    h_scale: f64,
}

impl Pen {
    fn p(&self, x: f32, y: f32) -> (f32, f32) {
        (
            (self.x + self.h_scale * f64::from(x)) as f32,
            (self.y - f64::from(y)) as f32,
        )
    }
}

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.p(x, y);
        self.pb.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.p(x, y);
        self.pb.line_to(x, y);
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        let ((cx, cy), (x, y)) = (self.p(cx, cy), self.p(x, y));
        self.pb.quad_to(cx, cy, x, y);
    }
    fn curve_to(&mut self, c0x: f32, c0y: f32, c1x: f32, c1y: f32, x: f32, y: f32) {
        let ((c0x, c0y), (c1x, c1y), (x, y)) = (self.p(c0x, c0y), self.p(c1x, c1y), self.p(x, y));
        self.pb.cubic_to(c0x, c0y, c1x, c1y, x, y);
    }
    fn close(&mut self) {
        self.pb.close();
    }
}
