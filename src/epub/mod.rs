//! The EPUB 3 backend: document + layout model in, a validated `.epub` out.
//!
//! [`write`] runs the sub-steps in order: `plan` decides which file every chapter,
//! note, glossary use, works-cited entry and image lives in; `chapters` and `matter`
//! render the XHTML documents (through `xhtml`, which escapes every piece of text, and
//! `marks`, which places page-break markers at the typesetter's text positions) in the
//! book's language (`labels`); `nav` writes the navigation document (contents,
//! landmarks, page-list); `css` turns the layout model into the stylesheet; `fonts`
//! subsets the embedded faces to the characters the book uses, keeping small capitals,
//! ligatures and kerning (`gsub`, `gpos`, `otl`); `cover` writes the cover page around the cover image
//! (`raster`) when none is given; `package` writes the OPF; `container` zips it all,
//! deterministically.
//!
//! We write the package ourselves on the `zip` crate rather than use epub-builder
//! 0.8.3: that crate fails EPUBCheck 5.3 (duplicate `epub-creator-0` ids, RSC-005),
//! cannot write a page-list or manifest properties, always adds its own stylesheet
//! and NCX, and shells out to `zip`.

mod assets;
mod chapters;
mod container;
mod cover;
mod css;
mod fonts;
mod gpos;
mod gsub;
mod marks;
mod matter;
mod nav;
mod otl;
mod package;
mod plan;
mod rfn;
mod usage;
mod xhtml;

use crate::layout::Layout;
use crate::memo::Memo;
use crate::model::Document;
use crate::output::Timestamp;
use crate::typeset::{MatterStart, PageStart};
use std::sync::Arc;

pub use marks::{count_chars, counted_text};
pub use plan::chapter_href;

/// What the EPUB needs besides the document and layout models.
#[derive(Debug, Clone)]
pub struct EpubAssets {
    /// The text font to embed; `None` leaves the reader's own font.
    pub fonts: Option<FontFamily>,
    /// A monospace font for code, embedded only with a text font.
    pub mono: Option<FontFamily>,
    /// The cover image (the build renders `crate::cover`'s design); `None` sets the
    /// title as text on the cover page.
    pub cover: Option<CoverImage>,
    /// The images the text shows, by the URL written in the manuscript; an image
    /// not given here (or not PNG, JPEG, GIF, WebP or SVG) is shown as its alt text.
    pub images: Vec<ImageFile>,
    /// pamphleteer's version, for the colophon and the generator metadata.
    pub version: String,
    /// `dcterms:modified`: from `SOURCE_DATE_EPOCH` or the manuscript's date, never the
    /// clock ([`Timestamp::for_build`]).
    pub modified: Timestamp,
}

/// One font family: the four faces the book uses, as OpenType files.
#[derive(Debug, Clone)]
pub struct FontFamily {
    /// The family name used in the stylesheet, e.g. `Source Serif 4`.
    pub family: String,
    /// The upright face (required).
    pub regular: Vec<u8>,
    /// The italic face.
    pub italic: Option<Vec<u8>>,
    /// The bold (or semibold) face.
    pub bold: Option<Vec<u8>>,
    /// The bold italic face.
    pub bold_italic: Option<Vec<u8>>,
    /// The font licence (the OFL text), shipped inside the package (left out if empty).
    pub licence: String,
}

/// A cover image supplied by the author.
#[derive(Debug, Clone)]
pub struct CoverImage {
    /// The image file.
    pub bytes: Vec<u8>,
    /// `image/jpeg` or `image/png`.
    pub media_type: String,
}

/// An image of the text, read from the project.
#[derive(Debug, Clone)]
pub struct ImageFile {
    /// The URL as written in the manuscript (`InlineKind::Image::url`).
    pub url: String,
    /// The file.
    pub bytes: Vec<u8>,
}

/// Why an EPUB could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EpubError {
    /// A font could not be read or subset.
    Font(String),
    /// The cover image is not a JPEG or PNG.
    Cover(String),
    /// The zip container could not be written.
    Zip(String),
}

impl std::fmt::Display for EpubError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EpubError::Font(m) => write!(f, "cannot embed the font: {m}"),
            EpubError::Cover(m) => write!(f, "cannot use the cover: {m}"),
            EpubError::Zip(m) => write!(f, "cannot write the EPUB container: {m}"),
        }
    }
}

impl std::error::Error for EpubError {}

/// One file of the package, in the order it is zipped.
#[derive(Debug, Clone)]
pub(crate) struct Resource {
    /// Path below `OEBPS/`.
    pub href: String,
    /// Manifest id.
    pub id: String,
    /// MIME type.
    pub media_type: &'static str,
    /// Manifest `properties`, space separated (may be empty).
    pub properties: String,
    /// Whether it is read in the spine, in this order.
    pub spine: bool,
    /// The bytes.
    pub data: Vec<u8>,
}

/// Where the printed pages begin, when the PDF was typeset in the same run.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrintedPages<'a> {
    /// The pages of chapter text.
    pub text: &'a [PageStart],
    /// The pages of generated matter the EPUB also has (title page, contents,
    /// glossary, works cited, colophon).
    pub matter: &'a [MatterStart],
}

/// Writes the whole EPUB. `page_starts`, when the PDF was typeset in the same run, adds
/// page-break markers and a page-list pointing at the printed pages of chapter text.
pub fn write(
    doc: &Document,
    layout: &Layout,
    assets: &EpubAssets,
    page_starts: Option<&[PageStart]>,
) -> Result<Vec<u8>, EpubError> {
    let printed = page_starts.map(|text| PrintedPages { text, matter: &[] });
    write_with_pages(doc, layout, assets, printed)
}

/// Writes the whole EPUB with page-break markers and a page-list for every printed
/// page that has a counterpart in it: chapter text and the generated matter.
pub fn write_with_pages(
    doc: &Document,
    layout: &Layout,
    assets: &EpubAssets,
    printed: Option<PrintedPages<'_>>,
) -> Result<Vec<u8>, EpubError> {
    write_memo(doc, layout, assets, printed, &Memos::default())
}

/// The files of a package: each entry's path in the container and its bytes, in order.
pub type Files = Vec<(String, Vec<u8>)>;

/// What the EPUB writer keeps from build to build (the live preview's), keyed by
/// content: each face subset to a set of characters, and the last package written,
/// whose compressed entries are copied into the next where their bytes are unchanged.
#[derive(Debug, Default)]
pub struct Memos {
    subsets: fonts::Subsets,
    usage: Memo<Arc<usage::Usage>>,
    last: container::Last,
}

impl Memos {
    /// Starts a build: what the last build did not use is forgotten.
    pub fn next_generation(&self) {
        self.subsets.next_generation();
        self.usage.next_generation();
    }
}

/// [`write_with_pages`], answering from `memos` what an earlier build already made
/// (the bytes are the same).
fn write_memo(
    doc: &Document,
    layout: &Layout,
    assets: &EpubAssets,
    printed: Option<PrintedPages<'_>>,
    memos: &Memos,
) -> Result<Vec<u8>, EpubError> {
    write_files(doc, layout, assets, printed, memos, &mut None)
}

/// [`write_memo`], also handing back the package's files in `files` when it is `Some`.
pub fn write_files(
    doc: &Document,
    layout: &Layout,
    assets: &EpubAssets,
    printed: Option<PrintedPages<'_>>,
    memos: &Memos,
    files: &mut Option<Files>,
) -> Result<Vec<u8>, EpubError> {
    // Which file each chapter, note, term use and entry lives in; every anchor's id.
    let plan = plan::Plan::new(doc, printed, &assets.images);
    // The cover image and its page.
    let mut resources = cover::resources(doc, assets, &plan)?;
    // Title page, navigation (the contents page), chapters, glossary, works cited, colophon.
    resources.push(matter::title_page(doc, &plan));
    resources.push(nav::document(doc, &plan));
    resources.push(nav::ncx(doc, &plan));
    resources.extend(chapters::render(doc, &plan));
    resources.extend(matter::glossary(doc, &plan));
    resources.extend(matter::works_cited(doc, &plan));
    // The monospace family is embedded (and named in the colophon) only for code.
    let code = resources
        .iter()
        .any(|r| r.media_type == "application/xhtml+xml" && contains(&r.data, b"<code>"));
    resources.push(matter::colophon(doc, assets, &plan, code));
    // Embedded fonts, subset to the characters of the pages above.
    let fonts = match &assets.fonts {
        Some(family) => Some(fonts::embed(
            family,
            assets.mono.as_ref(),
            &used_chars(&resources, layout, &memos.usage),
            &memos.subsets,
        )?),
        None => None,
    };
    // The stylesheet from the layout model, the text's images, the fonts.
    resources.push(css::resource(layout, fonts.as_ref()));
    resources.extend(plan::image_resources(&plan, &assets.images));
    if let Some(f) = fonts {
        resources.extend(f.resources);
    }
    // The package document describes everything else.
    let opf = package::opf(doc, assets, &plan, &resources);
    // Zip: mimetype first and stored, fixed dates, fixed order.
    container::zip_files(&opf, &resources, &memos.last, files)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The characters each face sets in the XHTML documents (each document's kept in
/// `memo` by its bytes and the styles).
fn used_chars(
    resources: &[Resource],
    layout: &Layout,
    memo: &Memo<Arc<usage::Usage>>,
) -> usage::Usage {
    let styles = crate::memo::key(&layout.styles);
    let mut u = usage::Usage::default();
    for r in resources
        .iter()
        .filter(|r| r.media_type == "application/xhtml+xml")
    {
        let key = crate::memo::key(&(crate::memo::key_bytes(&r.data), styles));
        let one = memo.get_or(key, || {
            let mut one = usage::Usage::default();
            usage::collect(&String::from_utf8_lossy(&r.data), &layout.styles, &mut one);
            Arc::new(one)
        });
        for (all, this) in u.text.iter_mut().zip(&one.text) {
            all.extend(this);
        }
        u.mono.extend(&one.mono);
    }
    u
}
