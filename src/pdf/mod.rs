//! The PDF backend: draws the typesetter's pages with krilla, then makes the file PDF/X-4.
//!
//! [`write()`] runs as a straight line: page boxes from the geometry (`boxes`), the
//! book's faces loaded once (`draw::Fonts`), every page drawn with its links and
//! anchors (`draw`, `links`), optional crop marks and slug (`marks`), bookmarks
//! (`outline`), document metadata (`metadata`), and finally the PDF/X-4
//! post-processing with lopdf (`pdfx`): output intent, Info and XMP in agreement.
//! [`write_print()`] also imposes the same drawn pages two-up for saddle stitching
//! (`booklet`), reusing their content streams.
//!
//! Nothing here reflows or shapes book text: the backend only draws what was placed.
//!
//! How the build calls it:
//!
//! ```text
//! let date = Timestamp::for_build(SOURCE_DATE_EPOCH, meta.date);
//! let print = pdf::write(&pages, typesetter.fonts.faces(), &meta, &layout.page,
//!                        &PdfOptions { marks, date })?;              // → <slug>.pdf
//! let booklet = pdf::write_booklet(&pages, faces, &meta, &layout.page,
//!     &BookletOptions { date, creep: Some(layout.paper_thickness), paper: layout.sheet })?; // → <slug>-booklet.pdf
//! summary.push(booklet.instructions);
//! ```

mod booklet;
mod boxes;
mod cover;
mod draw;
mod images;
mod links;
mod marks;
mod metadata;
mod outline;
mod pdfx;
mod xmp;

pub use booklet::{
    Booklet, BookletOptions, Imposition, Sheet, SheetSide, impose, saddle_stitch_order, sheet_for,
};
pub use cover::write_cover;

use crate::layout::PageGeometry;
use crate::model::Metadata;
use crate::output::Timestamp;
use crate::typeset::frame::{FaceData, FaceId, Pages};
use krilla::configure::{ConfigurationBuilder, PdfVersion};
use krilla::{Document, SerializeSettings};
use std::fmt;

/// The vendored CMYK output profile (FOGRA39L coated, from TeX Live's colorprofiles).
pub const FOGRA39_ICC: &[u8] = include_bytes!("../../print/FOGRA39L_coated.icc");

/// [`FOGRA39_ICC`] deflated (zlib), by build.rs, for the output intent's stream.
pub(crate) const FOGRA39_ICC_ZLIB: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/FOGRA39L_coated.icc.zlib"));

/// How the print PDF is made.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfOptions {
    /// Crop marks and a slug line (title, page, date) outside the bleed.
    pub marks: bool,
    /// The creation and modification date written into Info and XMP: the build's
    /// [`Timestamp::for_build`], never the clock.
    pub date: Timestamp,
}

/// Why a PDF could not be written.
#[derive(Debug, Clone, PartialEq)]
pub enum PdfError {
    /// A text run names a face that is not in the face list.
    MissingFace(FaceId),
    /// A face's bytes are not a font krilla can read.
    BadFont(FaceId),
    /// A link points to an anchor no page defines.
    UnknownAnchor(String),
    /// Two anchors share a name.
    DuplicateAnchor(String),
    /// A bookmark points past the last page.
    OutlinePage(usize),
    /// The trim size or bleed cannot make a page (zero or negative).
    BadGeometry(String),
    /// No standard sheet holds two pages of this trim side by side.
    NoSheet {
        /// Trim width in pt.
        width: f64,
        /// Trim height in pt.
        height: f64,
    },
    /// krilla refused to write the document.
    Krilla(String),
    /// The PDF/X post-processing could not read or write the file.
    PostProcess(String),
    /// An image could not be decoded or converted to CMYK or gray for print.
    Image {
        /// The file, as the manuscript names it (or `covers/front.png`).
        name: String,
        /// What went wrong.
        why: String,
    },
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::MissingFace(id) => {
                write!(f, "text uses font face {} which was not loaded", id.0)
            }
            PdfError::BadFont(id) => write!(f, "font face {} could not be read", id.0),
            PdfError::UnknownAnchor(a) => write!(f, "link to `{a}`, but no page has that anchor"),
            PdfError::DuplicateAnchor(a) => write!(f, "two anchors are named `{a}`"),
            PdfError::OutlinePage(p) => {
                write!(f, "bookmark points to page {p}, past the last page")
            }
            PdfError::BadGeometry(m) => write!(f, "page geometry: {m}"),
            PdfError::NoSheet { width, height } => write!(
                f,
                "no standard sheet holds two {width:.0}×{height:.0} pt pages side by side"
            ),
            PdfError::Krilla(m) => write!(f, "PDF writer: {m}"),
            PdfError::PostProcess(m) => write!(f, "PDF/X post-processing: {m}"),
            PdfError::Image { name, why } => write!(
                f,
                "image `{name}` cannot be printed: {why}; open it in an image editor and \
                 save it again as an RGB, gray or CMYK PNG or JPEG"
            ),
        }
    }
}

impl std::error::Error for PdfError {}

/// Writes the print PDF (PDF/X-4): one PDF page per typeset page, MediaBox = trim +
/// bleed (+ room for marks), TrimBox and BleedBox on every page, text in 100 % K,
/// links, named destinations, nested bookmarks, and Info/XMP from `meta`.
///
/// `faces[i]` must hold the bytes of `FaceId(i)`. Deterministic: the same input gives
/// the same bytes.
pub fn write(
    pages: &Pages,
    faces: &[FaceData],
    meta: &Metadata,
    geometry: &PageGeometry,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    write_print(pages, faces, meta, geometry, opts, None).map(|p| p.pdf)
}

/// The print PDF and the booklet imposed from it.
#[derive(Debug)]
pub struct Print {
    /// The print PDF (PDF/X-4).
    pub pdf: Vec<u8>,
    /// The booklet, when asked for. Imposing can fail (no sheet holds two pages) where
    /// the book did not.
    pub booklet: Option<Result<Booklet, PdfError>>,
}

/// Writes the print PDF ([`write()`]) and, with `booklet`, imposes the booklet from
/// the same drawn pages: the pages are drawn and compressed once, and the booklet
/// reuses their content streams, fonts and images (see `booklet`). Both files are
/// finished as PDF/X-4 side by side.
pub fn write_print(
    pages: &Pages,
    faces: &[FaceData],
    meta: &Metadata,
    geometry: &PageGeometry,
    opts: &PdfOptions,
    booklet: Option<&BookletOptions>,
) -> Result<Print, PdfError> {
    let bytes = draw_book(pages, faces, meta, geometry, opts)?;
    let mut book = pdfx::load(&bytes)?;
    let imposed = booklet.map(|b| (book.clone(), b));
    std::thread::scope(|s| {
        let booklet = imposed.map(|(copy, b)| {
            let bytes = &bytes;
            s.spawn(move || booklet::write(copy, bytes, pages, meta, geometry, b))
        });
        pdfx::finish(&mut book, &metadata::DocInfo::new(meta, opts.date), &bytes)?;
        let pdf = pdfx::save(book, bytes.len())?;
        let booklet = booklet.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        Ok(Print { pdf, booklet })
    })
}

/// Draws every page with krilla: the book as krilla writes it, before PDF/X.
fn draw_book(
    pages: &Pages,
    faces: &[FaceData],
    meta: &Metadata,
    geometry: &PageGeometry,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let boxes = boxes::PageBoxes::new(geometry, opts.marks)?;
    let fonts = draw::Fonts::load(faces)?;
    let anchors = links::Anchors::collect(pages)?;
    let images = images::ImageCache::default();
    let mut doc = Document::new_with(serialize_settings()?);
    // Anchors become named destinations even when nothing in the book links to them.
    anchors.register(&mut doc, &boxes)?;
    for (index, page) in pages.pages.iter().enumerate() {
        let mut pdf_page = doc.start_page_with(boxes.settings(page));
        let mut surface = pdf_page.surface();
        surface.push_transform(&boxes.trim_origin());
        let drawn = draw::draw_page(&mut surface, page, &fonts, &images);
        // Pop before any early return: krilla asserts a balanced surface when dropped.
        surface.pop();
        drawn?;
        if opts.marks {
            let slug = marks::slug_text(meta, page, index, pages.pages.len(), opts.date);
            marks::draw_marks(&mut surface, &boxes, &fonts, &slug);
        }
        surface.finish();
        links::annotate(&mut pdf_page, page, &anchors, &boxes)?;
        pdf_page.finish();
    }
    doc.set_outline(outline::build(&pages.outline, pages.pages.len(), &boxes)?);
    doc.set_metadata(metadata::krilla_metadata(meta, opts.date));
    doc.finish().map_err(krilla_error)
}

/// krilla's error as ours, without dumping a whole font into the message.
pub(crate) fn krilla_error(e: krilla::error::KrillaError) -> PdfError {
    match e {
        krilla::error::KrillaError::Font(_, message) => {
            PdfError::Krilla(format!("font: {message}"))
        }
        other => PdfError::Krilla(format!("{other:?}")),
    }
}

/// The krilla settings every file shares: PDF 1.6 (PDF/X-4 is built on it), device
/// CMYK and gray colour (the output intent characterises them), no tagging.
pub(crate) fn serialize_settings() -> Result<SerializeSettings, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_version(PdfVersion::Pdf16)
        .finish()
        .map_err(|e| PdfError::Krilla(format!("{e:?}")))?;
    Ok(SerializeSettings {
        configuration,
        no_device_cs: false,
        enable_tagging: false,
        xmp_metadata: true,
        ..SerializeSettings::default()
    })
}

/// Writes the booklet PDF: the pages imposed two-up in saddle-stitch order on the
/// sheet that fits the trim, landscape, for duplex printing flipped on the short edge.
/// Also PDF/X-4. The returned [`Booklet`] carries the one-line printing instruction.
/// (The build uses [`write_print()`], which makes the print PDF and the booklet from
/// one drawing; this draws the pages for the booklet alone.)
pub fn write_booklet(
    pages: &Pages,
    faces: &[FaceData],
    meta: &Metadata,
    geometry: &PageGeometry,
    opts: &BookletOptions,
) -> Result<Booklet, PdfError> {
    let print_opts = PdfOptions {
        marks: false,
        date: opts.date,
    };
    let print = write_print(pages, faces, meta, geometry, &print_opts, Some(opts))?;
    print.booklet.expect("asked for")
}
