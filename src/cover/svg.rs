//! SVG cover artwork: parsed once with usvg, checked for live text, and rasterised with
//! resvg by each renderer at the resolution it needs: the EPUB's cover image draws it
//! at its own pixel size, the print cover at 300 dpi of the size it is printed at (as
//! PNG bytes, so the PDF backend converts it to CMYK exactly like a PNG).
//!
//! resvg is built without its `text` feature (it would bring a second shaper and font
//! database): text in the SVG would silently vanish, so [`parse`] reports every `<text>`
//! element, and the build warns at its place.

use resvg::usvg;
use std::ops::Range;
use std::sync::Arc;

/// Resolution of rasterised artwork in the print cover.
const DPI: f64 = 300.0;

/// A parsed SVG, ready to rasterise.
#[derive(Clone)]
pub struct Svg {
    tree: Arc<usvg::Tree>,
}

impl std::fmt::Debug for Svg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let size = self.tree.size();
        write!(f, "Svg({} × {})", size.width(), size.height())
    }
}

/// Why an SVG file cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub struct SvgError {
    /// Byte range in the file the problem is at (empty at the start when it has no place).
    pub at: Range<usize>,
    /// What is wrong.
    pub message: String,
}

/// A parsed SVG and the byte ranges of its `<text>` elements (which are not drawn).
#[derive(Debug)]
pub struct Parsed {
    /// The drawing.
    pub svg: Svg,
    /// Each `<text>` element's start tag, as a byte range of the file.
    pub text_elements: Vec<Range<usize>>,
}

/// Parses an SVG file. External files referenced by `<image>` are not read (only
/// `data:` URLs are), so the artwork is self-contained and the build reproducible.
pub fn parse(text: &str) -> Result<Parsed, SvgError> {
    let xml_opt = usvg::roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = usvg::roxmltree::Document::parse_with_options(text, xml_opt).map_err(|e| {
        let pos = e.pos();
        let at = offset(text, pos.row, pos.col);
        // The message names the position, which the diagnostic shows already.
        let what = e.to_string();
        let what = what.trim_end_matches(&format!(" at {}:{}", pos.row, pos.col));
        SvgError {
            at: at..at,
            message: format!("the SVG is not well-formed XML: {what}"),
        }
    })?;
    let text_elements = doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "text")
        .map(|n| {
            let r = n.range();
            let end = text[r.clone()].find('>').map_or(r.end, |i| r.start + i + 1);
            r.start..end
        })
        .collect();
    let mut opt = usvg::Options::default();
    opt.image_href_resolver.resolve_string = Box::new(|_, _| None);
    let tree = usvg::Tree::from_xmltree(&doc, &opt).map_err(|e| SvgError {
        at: 0..0,
        message: match e {
            usvg::Error::InvalidSize => {
                "the SVG has no size: give the root element a viewBox (or width and height)"
                    .to_string()
            }
            e => format!("cannot read the SVG: {e}"),
        },
    })?;
    Ok(Parsed {
        svg: Svg {
            tree: Arc::new(tree),
        },
        text_elements,
    })
}

/// The byte offset of a 1-based row and column (in characters).
fn offset(text: &str, row: u32, col: u32) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(row.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let line = &text[line_start.min(text.len())..];
    line_start
        + line
            .char_indices()
            .nth(col.saturating_sub(1) as usize)
            .map_or(line.len(), |(i, _)| i)
}

impl Svg {
    /// Width over height of the drawing.
    pub fn aspect(&self) -> f64 {
        let s = self.tree.size();
        f64::from(s.width()) / f64::from(s.height())
    }

    /// Renders at 300 dpi for `width_pt` × `height_pt` (cropped to fill, centred) and
    /// returns PNG bytes.
    pub fn png(&self, width_pt: f64, height_pt: f64) -> Option<Vec<u8>> {
        let px = |pt: f64| (pt / 72.0 * DPI).round().max(1.0) as u32;
        let pixmap = self.pixmap(px(width_pt), px(height_pt))?;
        super::raster::encode_png(&pixmap).ok()
    }

    /// Renders into `w` × `h` pixels on white, scaled to fill them (cropped, centred).
    pub fn pixmap(&self, w: u32, h: u32) -> Option<tiny_skia::Pixmap> {
        let mut pixmap = tiny_skia::Pixmap::new(w.max(1), h.max(1))?;
        pixmap.fill(tiny_skia::Color::WHITE);
        let size = self.tree.size();
        let (w, h) = (f64::from(pixmap.width()), f64::from(pixmap.height()));
        let scale = (w / f64::from(size.width())).max(h / f64::from(size.height()));
        let dx = (w - f64::from(size.width()) * scale) / 2.0;
        let dy = (h - f64::from(size.height()) * scale) / 2.0;
        let ts = tiny_skia::Transform::from_row(
            scale as f32,
            0.0,
            0.0,
            scale as f32,
            dx as f32,
            dy as f32,
        );
        resvg::render(&self.tree, ts, &mut pixmap.as_mut());
        Some(pixmap)
    }
}
