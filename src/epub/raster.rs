//! A small anti-aliased rasterizer for the drawn cover: glyph outlines (through
//! skrifa's outline pen) and rectangles become line segments whose signed coverage is
//! accumulated per pixel (the approach of font-rs), then blended into an RGB image.

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, GlyphId, MetadataProvider};

/// An RGB image being drawn.
pub struct Canvas {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    pixels: Vec<[u8; 3]>,
}

/// A path as line segments, in pixels, y down.
#[derive(Default)]
pub struct Path {
    lines: Vec<[(f32, f32); 2]>,
    start: (f32, f32),
    at: (f32, f32),
}

impl Path {
    /// An axis-aligned rectangle.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.move_to(x, y);
        self.line_to(x + w, y);
        self.line_to(x + w, y + h);
        self.line_to(x, y + h);
        self.close();
    }

    fn move_to(&mut self, x: f32, y: f32) {
        self.start = (x, y);
        self.at = (x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.lines.push([self.at, (x, y)]);
        self.at = (x, y);
    }

    fn close(&mut self) {
        if self.at != self.start {
            self.lines.push([self.at, self.start]);
        }
        self.at = self.start;
    }
}

/// Feeds a glyph outline (font units scaled to pixels, y up) into a [`Path`].
struct GlyphPen<'p> {
    path: &'p mut Path,
    x: f32,
    baseline: f32,
}

impl GlyphPen<'_> {
    fn pt(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x, self.baseline - y)
    }
}

impl OutlinePen for GlyphPen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.pt(x, y);
        self.path.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.pt(x, y);
        self.path.line_to(x, y);
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        let (p0, p1, p2) = (self.path.at, self.pt(cx, cy), self.pt(x, y));
        for i in 1..=8 {
            let t = i as f32 / 8.0;
            let u = 1.0 - t;
            let q = |a: f32, b: f32, c: f32| u * u * a + 2.0 * u * t * b + t * t * c;
            self.path.line_to(q(p0.0, p1.0, p2.0), q(p0.1, p1.1, p2.1));
        }
    }
    fn curve_to(&mut self, c0x: f32, c0y: f32, c1x: f32, c1y: f32, x: f32, y: f32) {
        let (p0, p1, p2, p3) = (
            self.path.at,
            self.pt(c0x, c0y),
            self.pt(c1x, c1y),
            self.pt(x, y),
        );
        for i in 1..=12 {
            let t = i as f32 / 12.0;
            let u = 1.0 - t;
            let c = |a: f32, b: f32, c: f32, d: f32| {
                u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
            };
            self.path
                .line_to(c(p0.0, p1.0, p2.0, p3.0), c(p0.1, p1.1, p2.1, p3.1));
        }
    }
    fn close(&mut self) {
        self.path.close();
    }
}

/// A font at a pixel size, for measuring and drawing text.
pub struct TextFace<'a> {
    font: FontRef<'a>,
    size: f32,
}

impl<'a> TextFace<'a> {
    /// The font in `data` at `size` pixels per em.
    pub fn new(data: &'a [u8], size: f32) -> Option<TextFace<'a>> {
        Some(TextFace {
            font: FontRef::new(data).ok()?,
            size,
        })
    }

    fn glyph(&self, c: char) -> GlyphId {
        self.font.charmap().map(c).unwrap_or_default()
    }

    /// The advance of `text` with `tracking` pixels added after each character.
    pub fn width(&self, text: &str, tracking: f32) -> f32 {
        let m = self
            .font
            .glyph_metrics(Size::new(self.size), LocationRef::default());
        text.chars()
            .map(|c| m.advance_width(self.glyph(c)).unwrap_or(0.0) + tracking)
            .sum::<f32>()
            - if text.is_empty() { 0.0 } else { tracking }
    }

    /// Adds the outlines of `text` with its baseline starting at (x, y).
    pub fn draw(&self, path: &mut Path, text: &str, x: f32, y: f32, tracking: f32) {
        let m = self
            .font
            .glyph_metrics(Size::new(self.size), LocationRef::default());
        let outlines = self.font.outline_glyphs();
        let mut pen_x = x;
        for c in text.chars() {
            let gid = self.glyph(c);
            if let Some(g) = outlines.get(gid) {
                let settings = DrawSettings::unhinted(Size::new(self.size), LocationRef::default());
                let mut pen = GlyphPen {
                    path,
                    x: pen_x,
                    baseline: y,
                };
                let _ = g.draw(settings, &mut pen);
            }
            pen_x += m.advance_width(gid).unwrap_or(0.0) + tracking;
        }
    }
}

impl Canvas {
    /// A canvas filled with `background`.
    pub fn new(width: usize, height: usize, background: [u8; 3]) -> Canvas {
        Canvas {
            width,
            height,
            pixels: vec![background; width * height],
        }
    }

    /// Fills `path` (non-zero, anti-aliased) with `color`.
    pub fn fill(&mut self, path: &Path, color: [u8; 3]) {
        let (w, h) = (self.width, self.height);
        let mut acc = vec![0f32; w * h + 2];
        for &[p0, p1] in &path.lines {
            accumulate_line(&mut acc, w, h, p0, p1);
        }
        let mut sum = 0.0f32;
        for (i, px) in self.pixels.iter_mut().enumerate() {
            sum += acc[i];
            let a = sum.abs().min(1.0);
            if a > 0.0 {
                for k in 0..3 {
                    px[k] = (f32::from(px[k]) * (1.0 - a) + f32::from(color[k]) * a).round() as u8;
                }
            }
        }
    }

    /// The image as a PNG.
    pub fn png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, self.width as u32, self.height as u32);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            enc.set_compression(png::Compression::Balanced);
            let mut writer = enc.write_header().expect("PNG header to memory");
            let data: Vec<u8> = self.pixels.iter().flatten().copied().collect();
            writer.write_image_data(&data).expect("PNG data to memory");
        }
        out
    }
}

/// Adds the signed area a segment covers in each pixel of each row it crosses.
fn accumulate_line(acc: &mut [f32], w: usize, h: usize, p0: (f32, f32), p1: (f32, f32)) {
    if (p0.1 - p1.1).abs() < 1e-6 {
        return;
    }
    let clamp = |p: (f32, f32)| (p.0.clamp(0.0, w as f32 - 2.0), p.1);
    let (p0, p1) = (clamp(p0), clamp(p1));
    let (dir, p0, p1) = if p0.1 < p1.1 {
        (1.0, p0, p1)
    } else {
        (-1.0, p1, p0)
    };
    let dxdy = (p1.0 - p0.0) / (p1.1 - p0.1);
    let mut x = p0.0;
    if p0.1 < 0.0 {
        x -= p0.1 * dxdy;
    }
    let y0 = p0.1.max(0.0) as usize;
    for y in y0..h.min(p1.1.ceil() as usize) {
        let row = y * w;
        let dy = ((y + 1) as f32).min(p1.1) - (y as f32).max(p0.1);
        let xnext = x + dxdy * dy;
        let d = dy * dir;
        let (x0, x1) = if x < xnext { (x, xnext) } else { (xnext, x) };
        let x0f = x0.floor();
        let x0i = x0f as usize;
        let x1i = x1.ceil() as usize;
        if x1i <= x0i + 1 {
            let xm = 0.5 * (x + xnext) - x0f;
            acc[row + x0i] += d - d * xm;
            acc[row + x0i + 1] += d * xm;
        } else {
            let s = (x1 - x0).recip();
            let fx0 = x0 - x0f;
            let a0 = 0.5 * s * (1.0 - fx0) * (1.0 - fx0);
            let fx1 = x1 - x1.ceil() + 1.0;
            let am = 0.5 * s * fx1 * fx1;
            acc[row + x0i] += d * a0;
            if x1i == x0i + 2 {
                acc[row + x0i + 1] += d * (1.0 - a0 - am);
            } else {
                let a1 = s * (1.5 - fx0);
                acc[row + x0i + 1] += d * (a1 - a0);
                for xi in x0i + 2..x1i - 1 {
                    acc[row + xi] += d * s;
                }
                let a2 = a1 + (x1i - x0i - 3) as f32 * s;
                acc[row + x1i - 1] += d * (1.0 - a2 - am);
            }
            acc[row + x1i] += d * am;
        }
        x = xnext;
    }
}
