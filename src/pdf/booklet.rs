//! Booklet imposition: the typeset pages two-up on landscape sheets in saddle-stitch
//! order, for printing double-sided (flipped on the short edge), folding as a stack and
//! stapling through the fold.
//!
//! Sheets i = 0 … n/4−1 from the outside in: front left n−2i, front right 2i+1,
//! back left 2i+2, back right n−2i−1 (8 pages: 8|1, 2|7, 6|3, 4|5).
//!
//! The paper is the one the book's region stocks (`[layout] sheet`, see
//! [`crate::layout::Paper`]). Two pages side by side go on it sideways (A5 on A4,
//! half-letter on letter); a spread half its height or less is printed twice, one copy
//! above the other on the upright sheet with a dashed cut line between them (A6 on A4:
//! step and repeat, as a print shop does, since offices stock A4 and not A5), for
//! duplex flipped on the long edge; a spread smaller than the paper is centred with crop
//! marks at its corners. A trim whose spread does not fit the paper goes on the
//! smallest standard sheet that holds it.

use super::PdfError;
use super::metadata::DocInfo;
use super::pdfx::{self, post};
use crate::layout::{PageGeometry, Paper, Size};
use crate::model::Metadata;
use crate::output::Timestamp;
use crate::typeset::frame::Pages;
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use std::fmt::Write as _;

/// How the booklet is made.
#[derive(Debug, Clone, PartialEq)]
pub struct BookletOptions {
    /// The creation date (as for the print PDF).
    pub date: Timestamp,
    /// Creep compensation: the paper thickness in pt, or `None` for none. Each sheet's
    /// pages move toward the fold by this much per sheet it lies inside.
    pub creep: Option<f64>,
    /// The paper it is printed on ([`crate::layout::Layout::sheet`]).
    pub paper: Paper,
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
    /// Copies of the booklet the sheets make (two when each sheet is cut in half).
    pub copies: usize,
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

/// How the booklet's sheet sides go on the paper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Imposition {
    /// The paper's name.
    pub sheet: &'static str,
    /// The PDF page: the paper as it is printed (sideways or upright), in pt.
    pub page: Size,
    /// One booklet sheet side: two pages side by side.
    pub spread: Size,
    /// Copies of each sheet side on the paper, one above the other: 1 or 2.
    pub copies: usize,
}

impl Imposition {
    /// Where copy `k`'s spread has its lower left corner on the page (PDF space):
    /// the copies are stacked and the stack centred.
    fn origin(&self, k: usize) -> (f64, f64) {
        let x = (self.page.width - self.spread.width) / 2.0;
        let stack = self.spread.height * self.copies as f64;
        let y = (self.page.height - stack) / 2.0 + self.spread.height * k as f64;
        (x, y)
    }
}

/// How a booklet of `trim` pages is printed on `paper` (see the module's notes).
pub fn impose(trim: Size, paper: Paper) -> Result<Imposition, PdfError> {
    const SLACK: f64 = 0.5;
    let spread = Size {
        width: 2.0 * trim.width,
        height: trim.height,
    };
    let p = paper.size();
    if spread.width <= p.width + SLACK && 2.0 * spread.height <= p.height + SLACK {
        return Ok(Imposition {
            sheet: paper.name(),
            page: p,
            spread,
            copies: 2,
        });
    }
    let sideways = Size {
        width: p.height,
        height: p.width,
    };
    if spread.width <= sideways.width + SLACK && spread.height <= sideways.height + SLACK {
        return Ok(Imposition {
            sheet: paper.name(),
            page: sideways,
            spread,
            copies: 1,
        });
    }
    let (sheet, page) = sheet_for(trim)?;
    Ok(Imposition {
        sheet,
        page,
        spread,
        copies: 1,
    })
}

/// Imposes the print PDF `book` (as loaded from krilla's bytes `content`, before PDF/X
/// finishing) into the booklet.
///
/// Nothing is drawn again: each book page becomes a form XObject holding its content
/// stream as it is (still compressed) with its resources, so fonts and images are
/// shared, and each sheet side places two of them, clipped to their trim boxes.
/// Bookmarks, links and named destinations belong to the book, not to sheets, and go.
pub(crate) fn write(
    book: lopdf::Document,
    content: &[u8],
    pages: &Pages,
    meta: &Metadata,
    geometry: &PageGeometry,
    opts: &BookletOptions,
) -> Result<Booklet, PdfError> {
    let imposition = impose(geometry.trim, opts.paper)?;
    let plan = saddle_stitch_order(pages.pages.len());
    let mut doc = book;
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if page_ids.len() != pages.pages.len() {
        return Err(PdfError::PostProcess(format!(
            "the print PDF has {} pages, the typesetter made {}",
            page_ids.len(),
            pages.pages.len()
        )));
    }
    let root = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(post)?;
    let mut kids = vec![];
    let mut labels = vec![];
    for (i, s) in plan.iter().enumerate() {
        // Sheet i lies inside i others: its pages move that many thicknesses inward.
        let creep = opts.creep.unwrap_or(0.0) * i as f64;
        for (side, name) in [(s.front, "front"), (s.back, "back")] {
            let mut placed = Side::default();
            for (number, at_fold, shift) in [(side.left, true, creep), (side.right, false, -creep)]
            {
                // Past the end (padding) or blank: nothing on that half.
                if pages.pages.get(number - 1).is_some_and(|p| !p.blank) {
                    let form = Form::of(&mut doc, page_ids[number - 1])?;
                    for k in 0..imposition.copies {
                        let origin = imposition.origin(k);
                        let spread = imposition.spread;
                        placed.place(&form, number, origin, spread, at_fold, shift);
                    }
                }
            }
            placed.marks(&imposition);
            kids.push(placed.add_page(&mut doc, root, imposition.page));
            labels.push(format!("sheet {} {name}", i + 1));
        }
    }
    let count = kids.len() as i64;
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set(
        "Kids",
        Object::Array(kids.into_iter().map(Object::Reference).collect()),
    );
    tree.set("Count", count);
    doc.objects.insert(root, Object::Dictionary(tree));
    let catalog = doc.catalog_mut().map_err(post)?;
    for key in [
        b"Outlines".as_slice(),
        b"Names",
        b"Dests",
        b"OpenAction",
        b"PageMode",
    ] {
        catalog.remove(key);
    }
    catalog.set("PageLabels", page_labels(labels));
    doc.prune_objects();
    // A file of its own: its own id, and an instance id of its own in the XMP.
    let seed = [content, b"booklet"].concat();
    let id = Object::String(
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, &seed)
            .as_bytes()
            .to_vec(),
        StringFormat::Hexadecimal,
    );
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    pdfx::finish(&mut doc, &DocInfo::new(meta, opts.date), &seed)?;
    let pdf = pdfx::save(doc, content.len())?;
    Ok(Booklet {
        pdf,
        sheet: imposition.sheet,
        sheets: plan.len(),
        copies: imposition.copies,
        instructions: instructions(plan.len(), &imposition, opts.creep.is_some()),
    })
}

/// A book page as a form XObject, and its trim box in its own space.
struct Form {
    id: ObjectId,
    trim: [f64; 4],
}

impl Form {
    /// Turns page `page` into a form: the page's content stream (one stream, as krilla
    /// writes them; several are joined), resources and transparency group, with the
    /// media box as bounding box.
    fn of(doc: &mut lopdf::Document, page: ObjectId) -> Result<Form, PdfError> {
        let dict = doc.get_dictionary(page).map_err(post)?.clone();
        let rect = |key: &[u8]| -> Option<[f64; 4]> {
            let a = dict.get(key).and_then(Object::as_array).ok()?;
            let n: Vec<f64> = a.iter().filter_map(number).collect();
            <[f64; 4]>::try_from(n).ok()
        };
        let media = rect(b"MediaBox").ok_or_else(|| {
            PdfError::PostProcess("a page of the print PDF has no MediaBox".into())
        })?;
        let trim = rect(b"TrimBox").unwrap_or(media);
        let mut form = Dictionary::new();
        form.set("Type", Object::Name(b"XObject".to_vec()));
        form.set("Subtype", Object::Name(b"Form".to_vec()));
        form.set(
            "BBox",
            Object::Array(media.iter().map(|&v| Object::Real(v as f32)).collect()),
        );
        form.set(
            "Resources",
            dict.get(b"Resources")
                .cloned()
                .unwrap_or_else(|_| Object::Dictionary(Dictionary::new())),
        );
        if let Ok(group) = dict.get(b"Group") {
            form.set("Group", group.clone());
        }
        let streams = doc.get_page_contents(page);
        let bytes = match streams.as_slice() {
            [one] => {
                let stream = doc
                    .get_object(*one)
                    .and_then(Object::as_stream)
                    .map_err(post)?;
                for key in [b"Filter".as_slice(), b"DecodeParms"] {
                    if let Ok(v) = stream.dict.get(key) {
                        form.set(key, v.clone());
                    }
                }
                stream.content.clone()
            }
            _ => doc.get_page_content(page),
        };
        let id = doc.add_object(Stream::new(form, bytes).with_compression(false));
        Ok(Form { id, trim })
    }
}

/// What one sheet side draws: its content stream and the forms it names.
#[derive(Default)]
struct Side {
    ops: String,
    forms: Dictionary,
}

impl Side {
    /// Places `form` (book page `number`) left of the fold or right of it in the
    /// spread whose lower left corner is at `origin`, centred vertically, clipped to
    /// its trim, its content moved `shift` pt right.
    fn place(
        &mut self,
        form: &Form,
        number: usize,
        origin: (f64, f64),
        spread: Size,
        left: bool,
        shift: f64,
    ) {
        let [x0, y0, x1, y1] = form.trim;
        let (w, h) = (x1 - x0, y1 - y0);
        let fold = origin.0 + spread.width / 2.0;
        let x = if left { fold - w } else { fold };
        let y = origin.1 + (spread.height - h) / 2.0;
        let name = format!("P{number}");
        let _ = writeln!(
            self.ops,
            "q 1 0 0 1 {} {} cm 0 0 {} {} re W n 1 0 0 1 {} {} cm /{name} Do Q",
            num(x),
            num(y),
            num(w),
            num(h),
            num(shift - x0),
            num(-y0),
        );
        self.forms.set(name, Object::Reference(form.id));
    }

    /// Draws the cut line between two copies (dashed, across the sheet) and crop marks
    /// at the corners of the copies where the paper leaves room for them, in black.
    fn marks(&mut self, imp: &Imposition) {
        const LENGTH: f64 = 12.0;
        const OFFSET: f64 = 3.0;
        let mut ops = String::new();
        let (x0, y0) = imp.origin(0);
        let (x1, y1) = (
            x0 + imp.spread.width,
            y0 + imp.spread.height * imp.copies as f64,
        );
        if imp.copies == 2 {
            let y = y0 + imp.spread.height;
            let _ = writeln!(
                ops,
                "[4 3] 0 d 0 {} m {} {} l S [] 0 d",
                num(y),
                num(imp.page.width),
                num(y)
            );
        }
        // Corner marks, outside the block by OFFSET, where there is room.
        let room_x = x0 >= OFFSET + 6.0;
        let room_y = y0 >= OFFSET + 6.0;
        for (x, y, dx, dy) in [
            (x0, y0, -1.0, -1.0),
            (x1, y0, 1.0, -1.0),
            (x0, y1, -1.0, 1.0),
            (x1, y1, 1.0, 1.0),
        ] {
            if room_x {
                let len = LENGTH.min(x0 - OFFSET);
                let (a, b) = (x + dx * OFFSET, x + dx * (OFFSET + len));
                let _ = writeln!(ops, "{} {} m {} {} l S", num(a), num(y), num(b), num(y));
            }
            if room_y {
                let len = LENGTH.min(y0 - OFFSET);
                let (a, b) = (y + dy * OFFSET, y + dy * (OFFSET + len));
                let _ = writeln!(ops, "{} {} m {} {} l S", num(x), num(a), num(x), num(b));
            }
        }
        if !ops.is_empty() {
            let _ = write!(self.ops, "q 0 0 0 1 K 0.25 w\n{ops}Q\n");
        }
    }

    /// Adds the sheet side as a page under `parent`.
    fn add_page(self, doc: &mut lopdf::Document, parent: ObjectId, sheet: Size) -> ObjectId {
        let contents = doc.add_object(Stream::new(Dictionary::new(), self.ops.into_bytes()));
        let whole = Object::Array(
            [0.0, 0.0, sheet.width, sheet.height]
                .iter()
                .map(|&v| Object::Real(v as f32))
                .collect(),
        );
        let mut resources = Dictionary::new();
        resources.set("XObject", Object::Dictionary(self.forms));
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(parent));
        page.set("MediaBox", whole.clone());
        page.set("TrimBox", whole.clone());
        page.set("BleedBox", whole);
        page.set("Resources", Object::Dictionary(resources));
        page.set("Contents", Object::Reference(contents));
        doc.add_object(Object::Dictionary(page))
    }
}

/// A number of a PDF array.
fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

/// A number for a content stream: at most four decimals, no trailing zeros.
fn num(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// A page label number tree: each page labelled by its prefix alone.
fn page_labels(labels: Vec<String>) -> Object {
    let mut nums = vec![];
    for (i, label) in labels.into_iter().enumerate() {
        let mut d = Dictionary::new();
        d.set(
            "P",
            Object::String(label.into_bytes(), StringFormat::Literal),
        );
        nums.push(Object::Integer(i as i64));
        nums.push(Object::Dictionary(d));
    }
    let mut tree = Dictionary::new();
    tree.set("Nums", Object::Array(nums));
    Object::Dictionary(tree)
}

/// The line the build prints after writing the booklet.
fn instructions(sheets: usize, imp: &Imposition, creep: bool) -> String {
    let plural = if sheets == 1 { "" } else { "s" };
    let sheet = imp.sheet;
    let creep = if creep { " (creep compensated)" } else { "" };
    if imp.copies == 2 {
        return format!(
            "Print the booklet on {sheets} {sheet} sheet{plural}, double-sided, flipped on the long edge, \
             at actual size (no fit to page); cut the stack in half along the dashed line, and fold each \
             half in order and staple it through the fold{creep}: two copies."
        );
    }
    let trim =
        if imp.spread.width + 1.0 < imp.page.width || imp.spread.height + 1.0 < imp.page.height {
            ", then trim it at the crop marks"
        } else {
            ""
        };
    format!(
        "Print the booklet on {sheets} {sheet} sheet{plural}, double-sided, flipped on the short edge, \
         at actual size (no fit to page); keep the sheets in order, fold the stack in half and staple \
         through the fold{creep}{trim}."
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
