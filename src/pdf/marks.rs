//! Printer's marks outside the bleed (with `--marks`): crop marks at the four trim
//! corners and a slug line naming the title, the page and the date. Drawn in
//! registration-free pure black (K only), in media coordinates.

use super::boxes::{MARKS_ROOM, PageBoxes};
use super::draw::{self, Fonts};
use crate::model::Metadata;
use crate::output::Timestamp;
use crate::typeset::frame::{FaceId, Glyph, Page, TextRun};
use harfrust::{FontRef, ShapeOptions, ShaperData, UnicodeBuffer};
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
    if let Some(run) = shape_slug(fonts, slug, o + start + LENGTH, baseline) {
        // The slug is an aid for the printer: if the first face cannot draw it, omit it.
        let _ = draw::draw_run(surface, &run, fonts);
    }
}

/// Shapes the slug with the book's first face.
fn shape_slug(fonts: &Fonts, text: &str, x: f64, y: f64) -> Option<TextRun> {
    let face = fonts.first_data()?;
    let font = FontRef::from_index(&face.data[..], face.index).ok()?;
    let data = ShaperData::new(&font);
    let shaper = data.shaper(&font).build();
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = shaper.shape(buffer, ShapeOptions::new());
    let scale = SLUG_SIZE / f64::from(shaper.units_per_em());
    let infos = shaped.glyph_infos();
    let glyphs = infos
        .iter()
        .zip(shaped.glyph_positions())
        .enumerate()
        .map(|(i, (info, pos))| {
            // The cluster ends where the next cluster begins (glyphs of one cluster share it).
            let end = infos[i..]
                .iter()
                .map(|n| n.cluster)
                .find(|&c| c > info.cluster)
                .unwrap_or(text.len() as u32);
            Glyph {
                id: info.glyph_id as u16,
                x_advance: f64::from(pos.x_advance) * scale,
                x_offset: f64::from(pos.x_offset) * scale,
                y_offset: f64::from(pos.y_offset) * scale,
                text: info.cluster..end,
            }
        })
        .collect();
    Some(TextRun {
        x,
        y,
        face: FaceId(0),
        size: SLUG_SIZE,
        text: text.to_string(),
        glyphs,
    })
}
