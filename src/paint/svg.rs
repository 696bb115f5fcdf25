//! A painted scene as an SVG document: what a browser shows crisp at any zoom.
//!
//! Each glyph's outline is written once per document, in font units, as a `<path>` in
//! `<defs>`; every use of it is a `<use>` at its pen position inside its run's group,
//! whose transform scales the font units to the run's size (and expansion) and flips
//! them to the page's y-down. The outlines' path data is read from the fonts once and
//! kept in [`Glyphs`], so a page costs string assembly only.

use crate::cover::{Art, Cmyk, Scene, SceneItem, raster};
use crate::typeset::frame::FaceData;
use crate::typeset::{Rect, TextRun};
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, GlyphId, MetadataProvider};
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};

/// Glyph outlines as SVG path data, by font and glyph id: read from a font once, kept
/// from page to page and from build to build while the font is in use.
#[derive(Debug, Default)]
pub struct Glyphs {
    faces: Mutex<Vec<FaceOutlines>>,
}

#[derive(Debug)]
struct FaceOutlines {
    /// The font's bytes: held, so the address that identifies them stays theirs.
    data: Arc<Vec<u8>>,
    index: u32,
    units_per_em: f64,
    /// Path data in font units (y up) by glyph id; empty for a glyph without an
    /// outline (a space).
    paths: HashMap<u16, Box<str>>,
}

impl FaceOutlines {
    fn new(face: &FaceData) -> Option<FaceOutlines> {
        let font = FontRef::from_index(&face.data, face.index).ok()?;
        let units_per_em = font
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em;
        Some(FaceOutlines {
            data: face.data.clone(),
            index: face.index,
            units_per_em: f64::from(units_per_em.max(1)),
            paths: HashMap::new(),
        })
    }

    fn path(&mut self, id: u16) -> &str {
        let FaceOutlines {
            data, index, paths, ..
        } = self;
        paths.entry(id).or_insert_with(|| {
            let mut pen = PathData(String::new());
            if let Ok(font) = FontRef::from_index(data, *index)
                && let Some(glyph) = font.outline_glyphs().get(GlyphId::new(u32::from(id)))
            {
                let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
                if glyph.draw(settings, &mut pen).is_err() {
                    pen.0.clear();
                }
            }
            pen.0.into_boxed_str()
        })
    }
}

/// The scene (its trimmed area) as an SVG document in pt, with `links` (area, URL) on
/// top of it.
pub(super) fn document<'a>(
    scene: &Scene,
    faces: &[FaceData],
    glyphs: &Glyphs,
    links: impl Iterator<Item = (Rect, &'a str)>,
) -> String {
    let mut kept = glyphs.faces.lock().unwrap_or_else(|p| p.into_inner());
    // Fonts no build uses any more (only this cache holds them) are let go.
    kept.retain(|f| Arc::strong_count(&f.data) > 1);
    let mut w = Writer {
        faces,
        kept: &mut kept,
        face_slots: vec![None; faces.len()],
        used: HashMap::new(),
        defs: String::new(),
        body: String::with_capacity(64 * 1024),
        clips: 0,
    };
    w.marks(&scene.marks);
    for (rect, url) in links {
        w.body.push_str("<a href=\"");
        escape(&mut w.body, url);
        w.body.push_str("\" target=\"_blank\">");
        rect_element(&mut w.body, &rect, " fill-opacity=\"0\"");
        w.body.push_str("</a>");
    }
    let (width, height) = (scene.width, scene.height);
    let mut out = String::with_capacity(w.defs.len() + w.body.len() + 400);
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
    num(&mut out, width, 100);
    out.push_str("pt\" height=\"");
    num(&mut out, height, 100);
    out.push_str("pt\" viewBox=\"0 0 ");
    num(&mut out, width, 100);
    out.push(' ');
    num(&mut out, height, 100);
    out.push_str("\">\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n<defs>");
    out.push_str(&w.defs);
    out.push_str("</defs>\n");
    out.push_str(&w.body);
    out.push_str("</svg>\n");
    out
}

struct Writer<'a> {
    faces: &'a [FaceData],
    kept: &'a mut Vec<FaceOutlines>,
    /// Each face's place in `kept`, once looked up.
    face_slots: Vec<Option<usize>>,
    /// The id number of each glyph defined in this document (`None`: no outline).
    used: HashMap<(u32, u16), Option<u32>>,
    defs: String,
    body: String,
    clips: u32,
}

impl Writer<'_> {
    fn marks(&mut self, marks: &[SceneItem]) {
        for mark in marks {
            match mark {
                SceneItem::Fill { rect, color } => {
                    rect_element(&mut self.body, rect, &fill(*color));
                    self.body.push('\n');
                }
                SceneItem::Text {
                    run,
                    color,
                    transform,
                } => {
                    if let Some(t) = transform {
                        self.body.push_str("<g transform=\"matrix(");
                        list(&mut self.body, &t.m, 1000);
                        self.body.push_str(")\">");
                    }
                    self.run(run, *color);
                    if transform.is_some() {
                        self.body.push_str("</g>");
                    }
                }
                SceneItem::Clip { rect, marks } => {
                    self.clips += 1;
                    let _ = write!(self.defs, "<clipPath id=\"_c{}\">", self.clips);
                    rect_element(&mut self.defs, rect, "");
                    self.defs.push_str("</clipPath>");
                    let _ = write!(self.body, "<g clip-path=\"url(#_c{})\">", self.clips);
                    self.marks(marks);
                    self.body.push_str("</g>\n");
                }
                SceneItem::Image { rect, data } => self.image(rect, data),
            }
        }
    }

    /// A run: a group that maps its glyphs' font units to the page, a `<use>` per glyph.
    fn run(&mut self, run: &TextRun, color: Cmyk) {
        let Some(slot) = self.face_slot(run.face.0) else {
            return;
        };
        // The scales as written (to 1e-8), so that positions divided by them land
        // where the page has them even at the end of a long line.
        let exact = |v: f64| (v * 1e8).round() / 1e8;
        let k = exact(run.size / self.kept[slot].units_per_em);
        let kx = exact(run.size * run.h_scale / self.kept[slot].units_per_em);
        if !(kx.is_normal() && k.is_normal()) {
            return;
        }
        self.body.push_str("<g transform=\"matrix(");
        num(&mut self.body, kx, 100_000_000);
        self.body.push_str(" 0 0 ");
        num(&mut self.body, -k, 100_000_000);
        self.body.push(' ');
        list(&mut self.body, &[run.x, run.y], 1000);
        self.body.push_str(")\"");
        if color != Cmyk::BLACK {
            self.body.push_str(&fill(color));
        }
        self.body.push('>');
        let mut pen = 0.0;
        for g in &run.glyphs {
            let at = pen + g.x_offset;
            pen += g.x_advance;
            let Some(id) = self.glyph(run.face.0, slot, g.id) else {
                continue;
            };
            let _ = write!(self.body, "<use href=\"#_g{id}\"");
            if at != 0.0 {
                self.body.push_str(" x=\"");
                num(&mut self.body, at / kx, 10);
                self.body.push('"');
            }
            if g.y_offset != 0.0 {
                self.body.push_str(" y=\"");
                num(&mut self.body, g.y_offset / k, 10);
                self.body.push('"');
            }
            self.body.push_str("/>");
        }
        self.body.push_str("</g>\n");
    }

    /// The id of a glyph's definition in this document, writing it the first time.
    fn glyph(&mut self, face: u32, slot: usize, id: u16) -> Option<u32> {
        if let Some(defined) = self.used.get(&(face, id)) {
            return *defined;
        }
        let path = self.kept[slot].path(id);
        let defined = (!path.is_empty()).then(|| {
            let n = self.used.len() as u32;
            let _ = write!(self.defs, "<path id=\"_g{n}\" d=\"{path}\"/>");
            n
        });
        self.used.insert((face, id), defined);
        defined
    }

    fn face_slot(&mut self, face: u32) -> Option<usize> {
        let i = face as usize;
        if let Some(Some(slot)) = self.face_slots.get(i) {
            return Some(*slot);
        }
        let data = self.faces.get(i)?;
        let slot = match self
            .kept
            .iter()
            .position(|f| Arc::ptr_eq(&f.data, &data.data) && f.index == data.index)
        {
            Some(slot) => slot,
            None => {
                self.kept.push(FaceOutlines::new(data)?);
                self.kept.len() - 1
            }
        };
        self.face_slots[i] = Some(slot);
        Some(slot)
    }

    /// A figure, embedded (an SVG document shown as an image loads nothing else).
    fn image(&mut self, rect: &Rect, data: &Art) {
        let (media_type, bytes) = match data {
            Art::Encoded(bytes) if bytes.starts_with(b"\x89PNG") => ("image/png", bytes.to_vec()),
            Art::Encoded(bytes) if bytes.starts_with(&[0xff, 0xd8]) => {
                ("image/jpeg", bytes.to_vec())
            }
            Art::Encoded(_) => return,
            // Artwork drawn at twice its size in pt: sharp on a high-density screen.
            Art::Svg(svg) => {
                let px = |v: f64| (v * 2.0).round().max(1.0) as u32;
                let Some(png) = svg
                    .pixmap(px(rect.w), px(rect.h))
                    .and_then(|p| raster::encode_png_fast(&p).ok())
                else {
                    return;
                };
                ("image/png", png)
            }
        };
        use base64::Engine;
        self.body.push_str("<image x=\"");
        num(&mut self.body, rect.x, 100);
        self.body.push_str("\" y=\"");
        num(&mut self.body, rect.y, 100);
        self.body.push_str("\" width=\"");
        num(&mut self.body, rect.w, 100);
        self.body.push_str("\" height=\"");
        num(&mut self.body, rect.h, 100);
        let _ = write!(
            self.body,
            "\" preserveAspectRatio=\"none\" href=\"data:{media_type};base64,"
        );
        base64::engine::general_purpose::STANDARD.encode_string(&bytes, &mut self.body);
        self.body.push_str("\"/>\n");
    }
}

/// A `fill` attribute for a colour (with its leading space).
fn fill(color: Cmyk) -> String {
    let [r, g, b] = color.to_rgb();
    format!(" fill=\"#{r:02x}{g:02x}{b:02x}\"")
}

fn rect_element(out: &mut String, rect: &Rect, attrs: &str) {
    out.push_str("<rect x=\"");
    num(out, rect.x, 100);
    out.push_str("\" y=\"");
    num(out, rect.y, 100);
    out.push_str("\" width=\"");
    num(out, rect.w, 100);
    out.push_str("\" height=\"");
    num(out, rect.h, 100);
    out.push('"');
    out.push_str(attrs);
    out.push_str("/>");
}

/// Numbers separated by spaces, each to 1/`per` of a unit.
fn list(out: &mut String, values: &[f64], per: i64) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        num(out, *v, per);
    }
}

/// `v` rounded to 1/`per` (a power of ten) of a unit, without trailing zeros: integer
/// formatting, several times faster than a float's for the thousands of numbers a
/// page has.
fn num(out: &mut String, v: f64, per: i64) {
    let n = (v * per as f64).round();
    if !n.is_finite() || n.abs() > 1e15 {
        out.push('0');
        return;
    }
    let n = n as i64;
    if n < 0 {
        out.push('-');
    }
    let n = n.unsigned_abs();
    let per = per.unsigned_abs();
    let _ = write!(out, "{}", n / per);
    let mut frac = n % per;
    if frac != 0 {
        out.push('.');
        let mut unit = per / 10;
        while frac != 0 && unit != 0 {
            out.push(char::from(b'0' + (frac / unit) as u8));
            frac %= unit;
            unit /= 10;
        }
    }
}

/// Text as an XML attribute value.
fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// Receives a glyph outline in font units and writes it as SVG path data.
struct PathData(String);

impl PathData {
    fn point(&mut self, x: f32, y: f32) {
        num(&mut self.0, f64::from(x), 10);
        self.0.push(' ');
        num(&mut self.0, f64::from(y), 10);
    }
}

impl OutlinePen for PathData {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push('M');
        self.point(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push('L');
        self.point(x, y);
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        self.0.push('Q');
        self.point(cx, cy);
        self.0.push(' ');
        self.point(x, y);
    }
    fn curve_to(&mut self, c0x: f32, c0y: f32, c1x: f32, c1y: f32, x: f32, y: f32) {
        self.0.push('C');
        self.point(c0x, c0y);
        self.0.push(' ');
        self.point(c1x, c1y);
        self.0.push(' ');
        self.point(x, y);
    }
    fn close(&mut self) {
        self.0.push('Z');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_exact_enough() {
        let s = |v: f64, per: i64| {
            let mut out = String::new();
            num(&mut out, v, per);
            out
        };
        assert_eq!(s(12.0, 100), "12");
        assert_eq!(s(12.5, 100), "12.5");
        assert_eq!(s(12.345, 100), "12.35");
        assert_eq!(s(-0.05, 10), "-0.1");
        assert_eq!(s(-0.04, 10), "0");
        assert_eq!(s(0.07, 100), "0.07");
        assert_eq!(s(f64::NAN, 10), "0");
    }

    #[test]
    fn escaping() {
        let mut out = String::new();
        escape(&mut out, "https://x.org/?a=1&b=\"2\"<");
        assert_eq!(out, "https://x.org/?a=1&amp;b=&quot;2&quot;&lt;");
    }
}
