//! Images in print: every image XObject of the book, the booklet and the cover is
//! DeviceCMYK, ICCBased CMYK or DeviceGray — never RGB — and a paragraph that is only an
//! image becomes a figure inside the text block. Low resolution warns; a damaged image
//! is a clear error.

use crate::support::pdf_tools;

use lopdf::Object;
use pamphleteer::build::Format;
use pamphleteer::build::{self, BuildOptions};
use pamphleteer::diag::{Diagnostics, Sources};
use pamphleteer::parse::{self, DirFiles};
use pamphleteer::typeset::fonts::FontBook;
use pamphleteer::typeset::{self, Item, Picture, Pictures, Typesetter};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/images");

/// The chapter: text, then an RGBA PNG, a JPEG, a gray PNG, a CMYK JPEG and a tiny PNG
/// as figures, and one image inside a sentence (set as its alt text).
const CHAPTER: &str = "# Pictures\n\n{P}\n\n![A photograph with a transparent edge](figures/photo.png)\n\n{P}\n\n\
![A JPEG photograph](figures/photo.jpg)\n\n{P}\n\n![A gray wedge](figures/gray.png)\n\n{P}\n\n\
![A CMYK JPEG](figures/cmyk.jpg)\n\n{P}\n\nA sentence with ![an inline icon](figures/small.png) in it.\n\n\
![A thumbnail](figures/small.png)\n\n{P}\n";

fn project(dir: &Path, images: &[(&str, &str)]) {
    let man = dir.join("manuscript");
    std::fs::create_dir_all(man.join("figures")).unwrap();
    std::fs::create_dir_all(dir.join("covers")).unwrap();
    std::fs::write(
        man.join("book.toml"),
        "[book]\ntitle = \"Pictures\"\nlanguage = \"en-GB\"\ndate = \"2026-03-01\"\n[layout]\ntrim = \"A5\"\n",
    )
    .unwrap();
    let para = "Words set on a page to give the book some length around its figures. ".repeat(12);
    std::fs::write(man.join("01-pictures.md"), CHAPTER.replace("{P}", &para)).unwrap();
    for (from, to) in images {
        std::fs::copy(Path::new(FIXTURES).join(from), dir.join(to)).unwrap();
    }
}

fn all_images(dir: &Path) {
    project(
        dir,
        &[
            ("photo.png", "manuscript/figures/photo.png"),
            ("photo.jpg", "manuscript/figures/photo.jpg"),
            ("gray.png", "manuscript/figures/gray.png"),
            ("cmyk.jpg", "manuscript/figures/cmyk.jpg"),
            ("small.png", "manuscript/figures/small.png"),
            ("front.png", "covers/front.png"),
        ],
    );
}

fn run(dir: &Path) -> build::Outcome {
    build::run(&BuildOptions {
        project: Some(dir.to_path_buf()),
        out: None,
        formats: vec![Format::Pdf, Format::Booklet, Format::Cover, Format::Epub],
        deny_warnings: false,
        write: true,
        ..Default::default()
    })
}

fn diags(outcome: &build::Outcome) -> Vec<String> {
    outcome
        .diagnostics
        .iter()
        .map(|d| d.plain(&outcome.sources))
        .collect()
}

/// The colour space of every image XObject: "DeviceCMYK", "DeviceGray",
/// "ICCBased/N" (N components), or whatever else is found.
fn image_spaces(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut out = vec![];
    for object in doc.objects.values() {
        let Object::Stream(s) = object else { continue };
        let subtype = s.dict.get(b"Subtype").and_then(Object::as_name).ok();
        if subtype != Some(b"Image".as_slice()) {
            continue;
        }
        // Soft masks are alpha, gray by definition; we flatten, so there should be none.
        let cs = s.dict.get(b"ColorSpace").unwrap();
        let cs = match cs {
            Object::Reference(id) => doc.get_object(*id).unwrap(),
            other => other,
        };
        out.push(match cs {
            Object::Name(n) => String::from_utf8_lossy(n).to_string(),
            Object::Array(a) => {
                let kind = a[0]
                    .as_name()
                    .map(|n| String::from_utf8_lossy(n).to_string());
                let n = a
                    .get(1)
                    .and_then(|r| r.as_reference().ok())
                    .and_then(|id| doc.get_object(id).ok())
                    .and_then(|o| o.as_stream().ok())
                    .and_then(|s| s.dict.get(b"N").ok().and_then(|n| n.as_i64().ok()));
                format!("{}/{}", kind.unwrap_or_default(), n.unwrap_or(0))
            }
            other => format!("{other:?}"),
        });
    }
    out
}

fn assert_cmyk_or_gray(pdf: &Path, at_least: usize) {
    let spaces = image_spaces(pdf);
    assert!(
        spaces.len() >= at_least,
        "{}: {} images, expected {at_least}: {spaces:?}",
        pdf.display(),
        spaces.len()
    );
    for s in &spaces {
        assert!(
            matches!(s.as_str(), "DeviceCMYK" | "DeviceGray" | "ICCBased/4"),
            "{}: an image in {s}: {spaces:?}",
            pdf.display()
        );
    }
    if let Some(rows) = pdf_tools::pdfimages_list(pdf) {
        for row in rows {
            assert!(
                row.colour == "cmyk" || row.colour == "gray",
                "{}: {row:?}",
                pdf.display()
            );
        }
    }
    pdf_tools::qpdf_check(pdf);
    pdf_tools::gs_renders(pdf);
}

#[test]
#[cfg_attr(
    not(all(has_qpdf, has_poppler, has_gs)),
    ignore = "needs qpdf and poppler (pdftotext, pdffonts, pdftoppm, pdfimages) and Ghostscript: apt-get install qpdf poppler-utils ghostscript"
)]
fn every_image_in_book_booklet_and_cover_is_cmyk_or_gray() {
    let dir = tempfile::tempdir().unwrap();
    all_images(dir.path());
    let outcome = run(dir.path());
    assert!(
        !outcome.failed,
        "{:?}\n{:?}",
        outcome.summary,
        diags(&outcome)
    );
    let out = dir.path().join("out");
    // Five figures (the inline image is text); the CMYK JPEG passes through as DCT.
    assert_cmyk_or_gray(&out.join("pictures.pdf"), 5);
    assert_cmyk_or_gray(&out.join("pictures-booklet.pdf"), 5);
    assert_cmyk_or_gray(&out.join("pictures-cover.pdf"), 1);
    let spaces = image_spaces(&out.join("pictures.pdf"));
    let gray = spaces.iter().filter(|s| *s == "DeviceGray").count();
    assert_eq!(gray, 1, "the gray wedge stays gray: {spaces:?}");
}

#[test]
fn a_low_resolution_figure_warns_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    all_images(dir.path());
    let outcome = run(dir.path());
    let d = diags(&outcome);
    let low: Vec<&String> = d.iter().filter(|m| m.contains("dpi")).collect();
    assert_eq!(low.len(), 1, "only the thumbnail is soft: {d:?}");
    assert!(
        low[0].starts_with(
            "manuscript/01-pictures.md:23:1: warning: image `figures/small.png` prints at 96 dpi"
        ),
        "{}",
        low[0]
    );
}

#[test]
fn figures_lie_inside_the_text_block_centred_and_in_reading_order() {
    let dir = tempfile::tempdir().unwrap();
    all_images(dir.path());
    let (mut sources, mut diags) = (Sources::default(), Diagnostics::default());
    let input = parse::parse_project(&DirFiles::new(dir.path()), &mut sources, &mut diags).unwrap();
    let pictures: Pictures = [
        "photo.png",
        "photo.jpg",
        "gray.png",
        "cmyk.jpg",
        "small.png",
    ]
    .iter()
    .map(|name| {
        let url = format!("figures/{name}");
        let bytes = std::fs::read(Path::new(FIXTURES).join(name)).unwrap();
        let (width, height) = parse::images::pixel_size(&bytes).unwrap();
        let picture = Picture {
            name: url.clone(),
            bytes: Arc::new(bytes),
            width,
            height,
        };
        (url, Arc::new(picture))
    })
    .collect();
    let layout = &input.layout;
    let ts = Typesetter::new(FontBook::bundled(), &layout.language);
    let pages = typeset::typeset(&input.document, layout, &ts, &pictures, &mut diags);
    let (m, trim) = (layout.page.margins, layout.page.trim);
    let mut order = vec![];
    for (i, page) in pages.pages.iter().enumerate() {
        let recto = i % 2 == 0;
        let left = if recto { m.inner } else { m.outer };
        let right = left + layout.page.measure();
        for item in &page.items {
            let Item::Image { rect, picture } = item else {
                continue;
            };
            order.push(picture.name.clone());
            let eps = 0.01;
            assert!(
                rect.x >= left - eps && rect.x + rect.w <= right + eps,
                "page {i}: {} spills sideways: {rect:?}",
                picture.name
            );
            assert!(
                rect.y >= m.top - eps && rect.y + rect.h <= trim.height - m.bottom + eps,
                "page {i}: {} spills up or down: {rect:?}",
                picture.name
            );
            let centre = rect.x + rect.w / 2.0;
            assert!(
                (centre - (left + right) / 2.0).abs() < eps,
                "centred: {rect:?}"
            );
            let aspect = f64::from(picture.width) / f64::from(picture.height);
            assert!(
                (rect.w / rect.h - aspect).abs() < 0.01,
                "aspect kept: {rect:?}"
            );
            assert!(rect.h <= layout.page.text_height() * 2.0 / 3.0 + eps);
            // Nothing of the text overlaps the figure.
            for other in &page.items {
                if let Item::Text(run) = other {
                    let inside = run.y > rect.y && run.y - 0.8 * run.size < rect.y + rect.h;
                    assert!(
                        !inside,
                        "page {i}: `{}` runs over {}",
                        run.text, picture.name
                    );
                }
            }
        }
    }
    let expected: Vec<String> = [
        "photo.png",
        "photo.jpg",
        "gray.png",
        "cmyk.jpg",
        "small.png",
    ]
    .iter()
    .map(|n| format!("figures/{n}"))
    .collect();
    assert_eq!(order, expected);
    // The page dump lists each figure with its place and pixel size.
    let dump = typeset::dump::dump(&pages, Default::default());
    let listed: Vec<&str> = dump.lines().filter(|l| l.starts_with("  image ")).collect();
    assert_eq!(listed.len(), 5, "{dump}");
    assert!(
        listed[0].ends_with("figures/photo.png (800x500 px)"),
        "{}",
        listed[0]
    );
}

/// A PNG whose header is fine but whose pixel data is damaged passes the parser's
/// header check; the PDF writer names it and says what to do.
#[test]
fn damaged_image_data_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    all_images(dir.path());
    let path: PathBuf = dir.path().join("manuscript/figures/photo.png");
    let mut bytes = std::fs::read(&path).unwrap();
    let idat = bytes.windows(4).position(|w| w == b"IDAT").unwrap();
    for b in &mut bytes[idat + 8..idat + 200] {
        *b ^= 0x5a;
    }
    std::fs::write(&path, bytes).unwrap();
    let outcome = run(dir.path());
    assert!(outcome.failed);
    let said = outcome.summary.join("\n");
    assert!(
        said.contains("image `figures/photo.png` cannot be printed")
            && said.contains("save it again"),
        "{said}"
    );
    assert!(
        !dir.path().join("out/pictures.pdf").exists(),
        "nothing written"
    );
}

/// A file that is not an image at all is refused by the parser, at its place.
#[test]
fn a_corrupt_image_header_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    all_images(dir.path());
    std::fs::write(
        dir.path().join("manuscript/figures/photo.jpg"),
        b"\xff\xd8\xff\xe0 not really a jpeg",
    )
    .unwrap();
    let outcome = run(dir.path());
    assert!(outcome.failed);
    let d = diags(&outcome);
    assert!(
        d.iter().any(|m| m.starts_with("manuscript/01-pictures.md:")
            && m.contains("error: image `figures/photo.jpg` is damaged")),
        "{d:?}"
    );
}

/// Cover artwork in RGB reaches the cover PDF as CMYK.
#[test]
fn rgb_cover_artwork_is_converted() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), &[("front.png", "covers/front.png")]);
    // No chapter images: keep the chapter text only.
    std::fs::write(
        dir.path().join("manuscript/01-pictures.md"),
        "# Pictures\n\nNo figures here.\n",
    )
    .unwrap();
    let outcome = build::run(&BuildOptions {
        project: Some(dir.path().to_path_buf()),
        formats: vec![Format::Pdf, Format::Cover],
        write: true,
        ..Default::default()
    });
    assert!(!outcome.failed, "{:?}", outcome.summary);
    let spaces = image_spaces(&dir.path().join("out/pictures-cover.pdf"));
    assert_eq!(spaces, vec!["DeviceCMYK".to_string()]);
}

/// The same project twice gives the same bytes, figures and converted pixels included.
#[test]
fn figures_are_deterministic() {
    let make = || {
        let dir = tempfile::tempdir().unwrap();
        all_images(dir.path());
        let outcome = run(dir.path());
        assert!(!outcome.failed, "{:?}", outcome.summary);
        ["pictures.pdf", "pictures-booklet.pdf", "pictures-cover.pdf"]
            .map(|f| std::fs::read(dir.path().join("out").join(f)).unwrap())
    };
    assert!(make() == make(), "two builds differ");
}

/// A GIF figure is shown by the EPUB; print sets its alt text and says so, once.
#[test]
fn a_gif_figure_is_set_as_alt_text_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), &[]);
    std::fs::write(
        dir.path().join("manuscript/figures/anim.gif"),
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("manuscript/01-pictures.md"),
        "# Pictures\n\n![An animation](figures/anim.gif)\n",
    )
    .unwrap();
    let outcome = run(dir.path());
    assert!(!outcome.failed, "{:?}", outcome.summary);
    assert_eq!(
        diags(&outcome),
        [
            "manuscript/01-pictures.md:3:1: warning: the print edition sets the alt text of image \
          `figures/anim.gif`: it is not a PNG or JPEG of at most 25 million pixels"
        ]
    );
    assert!(image_spaces(&dir.path().join("out/pictures.pdf")).is_empty());
}
