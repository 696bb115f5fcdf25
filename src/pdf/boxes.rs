//! Page boxes: where the trim and bleed sit on the media, and the shift from the
//! typesetter's coordinates (top-left of the trim) to krilla's (top-left of the media).

use super::PdfError;
use crate::layout::PageGeometry;
use crate::typeset::frame::Page;
use krilla::geom::{Point, Rect, Size, Transform};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use std::num::NonZeroU32;

/// Room beyond the bleed for crop marks and the slug line, in pt.
pub(crate) const MARKS_ROOM: f64 = 28.0;

/// The boxes of every page of one document (all pages share the trim size).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageBoxes {
    /// Trimmed page width.
    pub trim_w: f64,
    /// Trimmed page height.
    pub trim_h: f64,
    /// Bleed on each side.
    pub bleed: f64,
    /// Distance from the media edge to the trim edge (bleed plus marks room).
    pub offset: f64,
}

impl PageBoxes {
    /// Boxes for `geometry`, with room for marks when asked.
    pub fn new(geometry: &PageGeometry, marks: bool) -> Result<PageBoxes, PdfError> {
        let (w, h, bleed) = (geometry.trim.width, geometry.trim.height, geometry.bleed);
        if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
            return Err(PdfError::BadGeometry(format!("trim {w}×{h} pt")));
        }
        if !(bleed >= 0.0 && bleed.is_finite()) {
            return Err(PdfError::BadGeometry(format!("bleed {bleed} pt")));
        }
        let offset = bleed + if marks { MARKS_ROOM } else { 0.0 };
        Ok(PageBoxes {
            trim_w: w,
            trim_h: h,
            bleed,
            offset,
        })
    }

    /// Media width.
    fn media_w(&self) -> f64 {
        self.trim_w + 2.0 * self.offset
    }

    /// Media height.
    fn media_h(&self) -> f64 {
        self.trim_h + 2.0 * self.offset
    }

    /// The shift that makes the typesetter's coordinates krilla's.
    pub fn trim_origin(&self) -> Transform {
        Transform::from_translate(self.offset as f32, self.offset as f32)
    }

    /// A point given in trim coordinates, in media coordinates.
    pub fn point(&self, x: f64, y: f64) -> Point {
        Point::from_xy((x + self.offset) as f32, (y + self.offset) as f32)
    }

    /// The page settings: media, bleed and trim boxes, and the page label.
    pub fn settings(&self, page: &Page) -> PageSettings {
        let size = Size::from_wh(self.media_w() as f32, self.media_h() as f32)
            .expect("checked positive in new");
        let inset = |d: f64| {
            Rect::from_xywh(
                d as f32,
                d as f32,
                (self.media_w() - 2.0 * d) as f32,
                (self.media_h() - 2.0 * d) as f32,
            )
        };
        let trim_inset = self.offset;
        let bleed_inset = self.offset - self.bleed;
        PageSettings::new(size)
            .with_bleed_box(inset(bleed_inset))
            .with_trim_box(inset(trim_inset))
            .with_page_label(page_label(&page.label))
    }
}

/// The viewer's page label: arabic or lower roman numbering when the folio is one,
/// otherwise the folio as a prefix.
fn page_label(label: &str) -> PageLabel {
    if let Some(n) = label.parse::<u32>().ok().and_then(NonZeroU32::new) {
        return PageLabel::new(Some(NumberingStyle::Arabic), None, Some(n));
    }
    if let Some(n) = roman_value(label).and_then(NonZeroU32::new) {
        return PageLabel::new(Some(NumberingStyle::LowerRoman), None, Some(n));
    }
    if label.is_empty() {
        PageLabel::default()
    } else {
        PageLabel::new(None, Some(label.to_string()), None)
    }
}

/// The value of a lowercase roman numeral, if `s` is one.
fn roman_value(s: &str) -> Option<u32> {
    let digit = |c| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        'd' => Some(500),
        'm' => Some(1000),
        _ => None,
    };
    let values: Option<Vec<isize>> = s.chars().map(digit).collect();
    let values = values.filter(|v| !v.is_empty())?;
    let mut total: isize = 0;
    for (i, v) in values.iter().enumerate() {
        match values.get(i + 1) {
            Some(next) if next > v => total -= v,
            _ => total += v,
        }
    }
    u32::try_from(total).ok().filter(|&t| t > 0)
}

#[cfg(test)]
mod tests {
    use super::roman_value;

    #[test]
    fn roman_numerals_read_as_numbers() {
        assert_eq!(roman_value("iv"), Some(4));
        assert_eq!(roman_value("xii"), Some(12));
        assert_eq!(roman_value("mcmxc"), Some(1990));
        assert_eq!(roman_value("7"), None);
        assert_eq!(roman_value(""), None);
    }
}
