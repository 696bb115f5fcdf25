//! Booklet imposition: the typeset pages two-up on landscape sheets in saddle-stitch
//! order, for printing double-sided (flipped on the short edge), folding as a stack and
//! stapling through the fold.
//!
//! Sheets i = 0 … n/4−1 from the outside in: front left n−2i, front right 2i+1,
//! back left 2i+2, back right n−2i−1 (8 pages: 8|1, 2|7, 6|3, 4|5).

use super::boxes::PageBoxes;
use super::draw::{self, Fonts};
use super::images::ImageCache;
use super::metadata::{self, DocInfo};
use super::{PdfError, pdfx};
use crate::layout::{PageGeometry, Size};
use crate::model::Metadata;
use crate::output::Timestamp;
use crate::typeset::frame::{FaceData, Pages};
use krilla::Document;
use krilla::geom::{PathBuilder, Rect, Transform};
use krilla::page::{PageLabel, PageSettings};
use krilla::paint::FillRule;
use krilla::surface::Surface;

/// How the booklet is made.
#[derive(Debug, Clone, PartialEq)]
pub struct BookletOptions {
    /// The creation date (as for the print PDF).
    pub date: Timestamp,
    /// Creep compensation: the paper thickness in pt, or `None` for none. Each sheet's
    /// pages move toward the fold by this much per sheet it lies inside.
    pub creep: Option<f64>,
}

/// A written booklet.
#[derive(Debug, Clone)]
pub struct Booklet {
    /// The PDF (PDF/X-4), one page per sheet side.
    pub pdf: Vec<u8>,
    /// The sheet's name, e.g. "A4".
    pub sheet: &'static str,
    /// How many sheets of paper.
    pub sheets: usize,
    /// A one-line printing and folding instruction for the build to print.
    pub instructions: String,
}

/// The two pages on one side of a sheet, as 1-based page numbers of the padded book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetSide {
    /// The page left of the fold.
    pub left: usize,
    /// The page right of the fold.
    pub right: usize,
}

/// One sheet of paper: its front and back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sheet {
    /// Printed first.
    pub front: SheetSide,
    /// Printed on the back, flipped on the short edge.
    pub back: SheetSide,
}

/// The sheets for `page_count` pages (padded up to a multiple of 4), outermost first.
pub fn saddle_stitch_order(page_count: usize) -> Vec<Sheet> {
    let n = page_count.div_ceil(4) * 4;
    (0..n / 4)
        .map(|i| Sheet {
            front: SheetSide {
                left: n - 2 * i,
                right: 2 * i + 1,
            },
            back: SheetSide {
                left: 2 * i + 2,
                right: n - 2 * i - 1,
            },
        })
        .collect()
}

/// Standard sheets (portrait width × height in pt), in the order they are preferred.
const SHEETS: &[(&str, f64, f64)] = &[
    ("A6", 297.64, 419.53),
    ("A5", 419.53, 595.28),
    ("A4", 595.28, 841.89),
    ("US letter", 612.0, 792.0),
    ("US legal", 612.0, 1008.0),
    ("tabloid", 792.0, 1224.0),
    ("A3", 841.89, 1190.55),
    ("A2", 1190.55, 1683.78),
];

/// The smallest standard sheet that holds two `trim` pages side by side in landscape
/// (A5 → A4, A6 → A5, half-letter → US letter), as its name and landscape size.
pub fn sheet_for(trim: Size) -> Result<(&'static str, Size), PdfError> {
    const SLACK: f64 = 0.5;
    SHEETS
        .iter()
        .filter(|(_, w, h)| 2.0 * trim.width <= h + SLACK && trim.height <= w + SLACK)
        .min_by(|a, b| (a.1 * a.2).total_cmp(&(b.1 * b.2)))
        .map(|&(name, w, h)| {
            (
                name,
                Size {
                    width: h,
                    height: w,
                },
            )
        })
        .ok_or(PdfError::NoSheet {
            width: trim.width,
            height: trim.height,
        })
}

/// Writes the imposed booklet.
pub(crate) fn write(
    pages: &Pages,
    faces: &[FaceData],
    meta: &Metadata,
    geometry: &PageGeometry,
    opts: &BookletOptions,
) -> Result<Booklet, PdfError> {
    let boxes = PageBoxes::new(geometry, false)?;
    let (sheet_name, sheet) = sheet_for(geometry.trim)?;
    let fonts = Fonts::load(faces)?;
    let plan = saddle_stitch_order(pages.pages.len());
    let imposer = Imposer {
        pages,
        fonts: &fonts,
        images: ImageCache::default(),
        boxes: &boxes,
        sheet,
    };
    let mut doc = Document::new_with(super::serialize_settings()?);
    for (i, s) in plan.iter().enumerate() {
        // Sheet i lies inside i others: its pages move that many thicknesses inward.
        let creep = opts.creep.unwrap_or(0.0) * i as f64;
        imposer.side(&mut doc, s.front, creep, format!("sheet {} front", i + 1))?;
        imposer.side(&mut doc, s.back, creep, format!("sheet {} back", i + 1))?;
    }
    doc.set_metadata(metadata::krilla_metadata(meta, opts.date));
    let bytes = doc.finish().map_err(super::krilla_error)?;
    let pdf = pdfx::make_pdfx4(&bytes, &DocInfo::new(meta, opts.date))?;
    Ok(Booklet {
        pdf,
        sheet: sheet_name,
        sheets: plan.len(),
        instructions: instructions(plan.len(), sheet_name, opts.creep.is_some()),
    })
}

/// What every sheet side is drawn with.
struct Imposer<'a> {
    pages: &'a Pages,
    fonts: &'a Fonts,
    images: ImageCache,
    boxes: &'a PageBoxes,
    sheet: Size,
}

impl Imposer<'_> {
    /// Adds one sheet side: the left page ends at the fold, the right one starts there,
    /// both centred vertically, their content moved `creep` pt toward the fold.
    fn side(
        &self,
        doc: &mut Document,
        side: SheetSide,
        creep: f64,
        label: String,
    ) -> Result<(), PdfError> {
        let (w, h) = (self.sheet.width, self.sheet.height);
        let whole = Rect::from_xywh(0.0, 0.0, w as f32, h as f32);
        let settings = PageSettings::from_wh(w as f32, h as f32)
            .expect("standard sheets are positive")
            .with_trim_box(whole)
            .with_bleed_box(whole)
            .with_page_label(PageLabel::new(None, Some(label), None));
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        let y = (h - self.boxes.trim_h) / 2.0;
        let fold = w / 2.0;
        let left = self.place(
            &mut surface,
            side.left,
            (fold - self.boxes.trim_w, y),
            creep,
        );
        let right = self.place(&mut surface, side.right, (fold, y), -creep);
        surface.finish();
        page.finish();
        left.and(right)
    }

    /// Draws page `number` (1-based; past the end or blank draws nothing) with its
    /// trim's top-left at `at`, clipped to the trim, its content moved `shift` pt right.
    fn place(
        &self,
        surface: &mut Surface,
        number: usize,
        at: (f64, f64),
        shift: f64,
    ) -> Result<(), PdfError> {
        let Some(page) = self.pages.pages.get(number - 1).filter(|p| !p.blank) else {
            return Ok(());
        };
        let (w, h) = (self.boxes.trim_w as f32, self.boxes.trim_h as f32);
        let mut clip = PathBuilder::new();
        clip.push_rect(Rect::from_xywh(0.0, 0.0, w, h).expect("checked positive"));
        let clip = clip.finish().expect("a rectangle is a path");
        surface.push_transform(&Transform::from_translate(at.0 as f32, at.1 as f32));
        surface.push_clip_path(&clip, &FillRule::NonZero);
        surface.push_transform(&Transform::from_translate(shift as f32, 0.0));
        let drawn = draw::draw_page(surface, page, self.fonts, &self.images);
        surface.pop();
        surface.pop();
        surface.pop();
        drawn
    }
}

/// The line the build prints after writing the booklet.
fn instructions(sheets: usize, sheet: &str, creep: bool) -> String {
    let plural = if sheets == 1 { "" } else { "s" };
    format!(
        "Print the booklet on {sheets} {sheet} sheet{plural}, double-sided, flipped on the short edge, \
         at actual size (no fit to page); keep the sheets in order, fold the stack in half and staple \
         through the fold{}.",
        if creep { " (creep compensated)" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sides(n: usize) -> Vec<(usize, usize)> {
        saddle_stitch_order(n)
            .iter()
            .flat_map(|s| [(s.front.left, s.front.right), (s.back.left, s.back.right)])
            .collect()
    }

    #[test]
    fn eight_pages_impose_as_in_the_print_notes() {
        assert_eq!(sides(8), [(8, 1), (2, 7), (6, 3), (4, 5)]);
    }

    #[test]
    fn odd_counts_pad_to_a_multiple_of_four() {
        assert_eq!(sides(5), sides(8));
        assert_eq!(sides(4), [(4, 1), (2, 3)]);
        assert!(saddle_stitch_order(0).is_empty());
    }

    #[test]
    fn every_page_is_on_exactly_one_side() {
        let mut seen: Vec<usize> = sides(24).iter().flat_map(|&(l, r)| [l, r]).collect();
        seen.sort();
        assert_eq!(seen, (1..=24).collect::<Vec<_>>());
    }

    #[test]
    fn sheets_fit_the_trim() {
        let a5 = Size {
            width: 419.53,
            height: 595.28,
        };
        let a6 = Size {
            width: 297.64,
            height: 419.53,
        };
        let half_letter = Size {
            width: 396.0,
            height: 612.0,
        };
        assert_eq!(sheet_for(a5).unwrap().0, "A4");
        assert_eq!(sheet_for(a6).unwrap().0, "A5");
        assert_eq!(sheet_for(half_letter).unwrap().0, "US letter");
        let (_, size) = sheet_for(a5).unwrap();
        assert!(size.width > size.height, "landscape");
        let huge = Size {
            width: 2000.0,
            height: 3000.0,
        };
        assert!(matches!(sheet_for(huge), Err(PdfError::NoSheet { .. })));
    }
}
