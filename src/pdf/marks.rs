//! Printer's marks outside the bleed (with `--marks`): crop marks at the four trim
//! corners and a slug line naming the title, the page and the date. Drawn in
//! registration-free pure black (K only), in media coordinates.

use super::boxes::{MARKS_ROOM, PageBoxes};
use super::draw::{self, Fonts};
use crate::model::Metadata;
use crate::output::Timestamp;
use crate::typeset::frame::{FaceId, Page};
use crate::typeset::shaping;
use krilla::surface::Surface;

/// Gap between the bleed edge and a crop mark.
const GAP: f64 = 3.0;
/// Length of a crop mark.
const LENGTH: f64 = 15.0;
/// Crop mark thickness (a hairline printers accept).
const THICKNESS: f64 = 0.25;
/// Slug text size.
const SLUG_SIZE: f64 = 6.0;

/// The slug line for one page: title, folio, physical position, date.
pub(crate) fn slug_text(
    meta: &Metadata,
    page: &Page,
    index: usize,
    count: usize,
    date: Timestamp,
) -> String {
    let folio = if page.label.is_empty() {
        "–"
    } else {
        page.label.as_str()
    };
    format!(
        "{} · page {} ({} of {}) · {}",
        meta.title,
        folio,
        index + 1,
        count,
        &date.iso()[..10]
    )
}

/// Draws the crop marks and the slug line.
pub(crate) fn draw_marks(surface: &mut Surface, boxes: &PageBoxes, fonts: &Fonts, slug: &str) {
    surface.set_fill(Some(draw::black()));
    let o = boxes.offset;
    let start = boxes.bleed + GAP;
    for x in [o, o + boxes.trim_w] {
        for y in [o, o + boxes.trim_h] {
            // Marks point away from the page: left of a left corner, above a top one.
            let dx = if x == o { -1.0 } else { 1.0 };
            let dy = if y == o { -1.0 } else { 1.0 };
            let hx = if dx < 0.0 {
                x - start - LENGTH
            } else {
                x + start
            };
            draw::fill_rect(surface, hx, y - THICKNESS / 2.0, LENGTH, THICKNESS);
            let vy = if dy < 0.0 {
                y - start - LENGTH
            } else {
                y + start
            };
            draw::fill_rect(surface, x - THICKNESS / 2.0, vy, THICKNESS, LENGTH);
        }
    }
    debug_assert!(start + LENGTH + SLUG_SIZE < MARKS_ROOM + boxes.bleed);
    let baseline = o + boxes.trim_h + start + LENGTH + SLUG_SIZE;
    if let Some(run) = fonts
        .first_data()
        .map(std::slice::from_ref)
        .and_then(|face| {
            shaping::simple_run(
                face,
                FaceId(0),
                slug,
                SLUG_SIZE,
                (o + start + LENGTH, baseline),
            )
        })
    {
        // The slug is an aid for the printer: if the first face cannot draw it, omit it.
        let _ = draw::draw_run(surface, &run, fonts);
    }
}
