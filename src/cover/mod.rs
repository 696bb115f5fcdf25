//! Covers: one design, three faces. The design is a [`Scene`] of coloured fills and
//! glyph runs in pt; the print cover PDF draws it with bleed, and the EPUB's cover
//! image is the same scene rasterised — so the book, the e-book and the print cover
//! share one face.
//!
//! `design` lays out a typographic cover from the metadata (or frames artwork from
//! `covers/`), `barcode` encodes an ISBN as EAN-13, `raster` renders a scene to PNG,
//! `svg` reads and rasterises SVG artwork.

pub mod artwork;
pub mod barcode;
pub mod design;
pub mod raster;
pub mod svg;

use crate::typeset::{Rect, TextRun};

/// A process colour: cyan, magenta, yellow, black ink coverage, each 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cmyk(pub f32, pub f32, pub f32, pub f32);

impl Cmyk {
    /// No ink: the paper.
    pub const PAPER: Cmyk = Cmyk(0.0, 0.0, 0.0, 0.0);
    /// Pure black ink.
    pub const BLACK: Cmyk = Cmyk(0.0, 0.0, 0.0, 1.0);

    /// An approximate sRGB rendering for screens (naive, without an ICC transform).
    pub fn to_rgb(self) -> [u8; 3] {
        let Cmyk(c, m, y, k) = self;
        let ch = |v: f32| (255.0 * (1.0 - v) * (1.0 - k)).round().clamp(0.0, 255.0) as u8;
        [ch(c), ch(m), ch(y)]
    }
}

/// Something drawn on a cover.
#[derive(Debug, Clone)]
pub enum SceneItem {
    /// A filled rectangle.
    Fill {
        /// The area, in pt from the top-left of the trimmed area.
        rect: Rect,
        /// Its colour.
        color: Cmyk,
    },
    /// Glyphs, positioned in pt from the top-left of the trimmed area.
    Text {
        /// The glyphs (as the typesetter made them).
        run: TextRun,
        /// Their colour.
        color: Cmyk,
        /// Applied to the run's coordinates before they are placed, when the text is
        /// not horizontal (the spine).
        transform: Option<Affine>,
    },
    /// Marks drawn only inside a rectangle: one side of a spread, whose bleed must not
    /// reach over the other side.
    Clip {
        /// The area that shows.
        rect: Rect,
        /// The marks, back to front.
        marks: Vec<SceneItem>,
    },
    /// Artwork, scaled to fill the area.
    Image {
        /// The area.
        rect: Rect,
        /// The picture.
        data: Art,
    },
}

/// Cover artwork as given: raster bytes, or a drawing each renderer rasterises at the
/// resolution it needs (the EPUB's cover image at its pixel size; print at 300 dpi).
#[derive(Debug, Clone)]
pub enum Art {
    /// PNG or JPEG bytes.
    Encoded(std::sync::Arc<Vec<u8>>),
    /// An SVG drawing.
    Svg(svg::Svg),
}

/// An affine map of the plane `(x, y) → (a·x + c·y + e, b·x + d·y + f)`, in pt with y
/// growing down (the order of PDF's `cm` operator and tiny-skia's `from_row`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affine {
    /// The matrix, `[a, b, c, d, e, f]`.
    pub m: [f64; 6],
}

impl Affine {
    /// A quarter turn clockwise on the page (text reading top to bottom), then a move of
    /// the origin to `(x, y)`.
    pub fn quarter_turn_at(x: f64, y: f64) -> Affine {
        Affine {
            m: [0.0, 1.0, -1.0, 0.0, x, y],
        }
    }

    /// The same map moved `dx` to the right.
    pub fn shifted(self, dx: f64) -> Affine {
        let mut m = self.m;
        m[4] += dx;
        Affine { m }
    }
}

/// A cover (or one side of it): what is drawn, in pt, relative to the trimmed area,
/// which starts at (0, 0). Marks meant to bleed extend beyond it by [`Scene::bleed`].
#[derive(Debug, Clone)]
pub struct Scene {
    /// Trimmed width.
    pub width: f64,
    /// Trimmed height.
    pub height: f64,
    /// How far edge-touching marks extend beyond the trim.
    pub bleed: f64,
    /// The marks, back to front.
    pub marks: Vec<SceneItem>,
}
