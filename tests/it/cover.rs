//! The print cover and the EPUB cover share one design; the cover PDF carries bleed,
//! a spine for perfect binding, and an ISBN barcode on the back.

use crate::support::pdf_tools;

use pamphleteer::build::Format;
use pamphleteer::build::{self, BuildOptions};
use std::path::Path;

const PT_PER_MM: f64 = 72.0 / 25.4;

fn project(dir: &Path, extra_book: &str, extra_layout: &str) {
    let man = dir.join("manuscript");
    std::fs::create_dir_all(&man).unwrap();
    std::fs::write(
        man.join("book.toml"),
        format!(
            "[book]\ntitle = \"A Cover Test\"\nlanguage = \"en-GB\"\ndate = \"2026-03-01\"\npublisher = \"Test Press\"\ndescription = \"A short book about covers.\"\n{extra_book}\n[layout]\ntrim = \"A5\"\n{extra_layout}\n"
        ),
    )
    .unwrap();
    let para = "Words set on a page to give the book some length. ".repeat(40);
    let body: String = (0..12)
        .map(|i| format!("## Part {i}\n\n{para}\n\n"))
        .collect();
    std::fs::write(man.join("01-one.md"), format!("# One\n\n{body}")).unwrap();
}

fn build(dir: &Path, formats: &[Format]) -> build::Outcome {
    let outcome = build::run(&BuildOptions {
        project: Some(dir.to_path_buf()),
        out: None,
        formats: formats.to_vec(),
        deny_warnings: false,
        write: true,
        ..Default::default()
    });
    assert!(!outcome.failed, "{:?}", outcome.summary);
    outcome
}

/// (MediaBox, TrimBox, BleedBox) of the first page, as [x0 y0 x1 y1].
fn boxes(pdf: &Path) -> [[f64; 4]; 3] {
    let doc = lopdf::Document::load(pdf).unwrap();
    let page = doc.get_pages().into_values().next().unwrap();
    let dict = doc.get_dictionary(page).unwrap();
    let get = |k: &[u8]| -> [f64; 4] {
        let arr = dict.get(k).unwrap().as_array().unwrap();
        let v: Vec<f64> = arr
            .iter()
            .map(|o| {
                o.as_float()
                    .map(f64::from)
                    .unwrap_or_else(|_| o.as_i64().unwrap() as f64)
            })
            .collect();
        [v[0], v[1], v[2], v[3]]
    };
    [get(b"MediaBox"), get(b"TrimBox"), get(b"BleedBox")]
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn saddle_stitched_cover_is_back_and_front_with_bleed_and_a_barcode() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), "identifier = \"978-0-306-40615-7\"", "");
    build(dir.path(), &[Format::Cover, Format::Epub]);
    let pdf = dir.path().join("out/a-cover-test-cover.pdf");
    let [media, trim, bleed] = boxes(&pdf);
    let (a5_w, a5_h, b) = (148.0 * PT_PER_MM, 210.0 * PT_PER_MM, 3.0 * PT_PER_MM);
    assert!(
        (trim[2] - trim[0] - 2.0 * a5_w).abs() < 0.01,
        "trim is two A5 pages wide, no spine: {trim:?}"
    );
    assert!((trim[3] - trim[1] - a5_h).abs() < 0.01);
    assert!(
        (media[2] - media[0] - (2.0 * a5_w + 2.0 * b)).abs() < 0.01,
        "bleed on both sides: {media:?}"
    );
    assert_eq!(bleed, media, "the bleed box is the media box");
    let Some(text) = pdf_tools::pdftotext(&pdf, None) else {
        return;
    };
    assert!(
        text.contains("ISBN 9780306406157"),
        "barcode label on the back: {text}"
    );
    assert!(
        text.contains("030640") && text.contains("615"),
        "human-readable digits under the bars: {text}"
    );
    assert!(text.contains("A Cover Test") && text.contains("A short book about covers."));

    // The EPUB's cover image is the same design, large enough for every store.
    let epub = std::fs::File::open(dir.path().join("out/a-cover-test.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(epub).unwrap();
    let opf = {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("OEBPS/content.opf").unwrap(), &mut s)
            .unwrap();
        s
    };
    let item = opf
        .lines()
        .find(|l| l.contains("properties=\"cover-image\""))
        .expect("a manifest item is the cover image");
    let href = item
        .split("href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let mut png = vec![];
    std::io::Read::read_to_end(
        &mut zip.by_name(&format!("OEBPS/{href}")).unwrap(),
        &mut png,
    )
    .unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let (w, h) = (reader.info().width, reader.info().height);
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    let channels = frame.line_size / w as usize;
    // The title is set in paper white on the red field: its glyphs leave light pixels
    // in the field's rows, and the field itself is red.
    let field_rows = (h as f64 * 0.55) as usize;
    let (mut red, mut light) = (0usize, 0usize);
    for px in buf[..field_rows * frame.line_size].chunks(channels) {
        if px[0] > 150 && px[1] < 60 && px[2] < 70 {
            red += 1;
        } else if px[0] > 230 && px[1] > 230 && px[2] > 230 {
            light += 1;
        }
    }
    let total = field_rows * w as usize;
    assert!(red > total / 2, "the field is red: {red} of {total}");
    assert!(
        light > total / 400 && light < total / 4,
        "title glyphs drawn in the field: {light} light pixels"
    );
    assert!(h >= 1600, "cover at least 1600 px tall: {h}");
    assert!(
        ((w as f64 / h as f64) - 148.0 / 210.0).abs() < 0.01,
        "cover has the trim's proportions"
    );
}

#[test]
fn perfect_bound_cover_has_a_spine_as_thick_as_the_paper() {
    let dir = tempfile::tempdir().unwrap();
    project(
        dir.path(),
        "",
        "binding = \"perfect\"\npaper-thickness = \"0.1mm\"",
    );
    build(dir.path(), &[Format::Cover, Format::Pdf]);
    let book = lopdf::Document::load(dir.path().join("out/a-cover-test.pdf")).unwrap();
    let leaves = book.get_pages().len().div_ceil(2) as f64;
    let [_, trim, _] = boxes(&dir.path().join("out/a-cover-test-cover.pdf"));
    let spine = trim[2] - trim[0] - 2.0 * 148.0 * PT_PER_MM;
    assert!(
        (spine - leaves * 0.1 * PT_PER_MM).abs() < 0.01,
        "spine {spine} pt for {leaves} leaves"
    );
}

#[test]
fn a_wrong_isbn_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), "identifier = \"978-0-306-40615-8\"", "");
    let outcome = build::run(&BuildOptions {
        project: Some(dir.path().to_path_buf()),
        out: None,
        formats: vec![Format::Cover],
        deny_warnings: false,
        write: true,
        ..Default::default()
    });
    assert!(outcome.failed);
    let msgs: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| d.plain(&outcome.sources))
        .collect();
    assert!(
        msgs.contains(&"manuscript/book.toml:7:14: error: `978-0-306-40615-8` is not a valid ISBN: its check digit is wrong".to_string()),
        "{msgs:#?}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
}

/// The EPUB's cover image, decoded: (width, height, RGB rows).
fn epub_cover_rgb(epub: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut png = vec![];
    std::io::Read::read_to_end(
        &mut zip.by_name("OEBPS/images/cover.png").unwrap(),
        &mut png,
    )
    .unwrap();
    decode_rgb(png)
}

/// A PNG's RGB pixels: (width, height, pixels).
fn decode_rgb(png: Vec<u8>) -> (u32, u32, Vec<[u8; 3]>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    let channels = frame.line_size / frame.width as usize;
    let px = buf[..frame.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (frame.width, frame.height, px)
}

/// The pixel size of every image XObject in a PDF.
fn pdf_image_sizes(pdf: &Path) -> Vec<(i64, i64)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|v| v.as_name())
                .is_ok_and(|n| n == b"Image")
        })
        .map(|s| {
            let get = |k: &[u8]| s.dict.get(k).unwrap().as_i64().unwrap();
            (get(b"Width"), get(b"Height"))
        })
        .collect()
}

fn write_cover(dir: &Path, name: &str, svg: &str) {
    let covers = dir.join("covers");
    std::fs::create_dir_all(&covers).unwrap();
    std::fs::write(covers.join(name), svg).unwrap();
}

const BLUE_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 140\">\n  <rect width=\"100\" height=\"140\" fill=\"#1030c0\"/>\n</svg>\n";

fn is_blue(p: &[u8; 3]) -> bool {
    p[2] > 150 && p[0] < 60 && p[1] < 90
}

#[test]
fn svg_front_artwork_is_the_whole_front_of_the_print_cover_and_the_epub_cover() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), "", "");
    write_cover(dir.path(), "front.svg", BLUE_SVG);
    let outcome = build(dir.path(), &[Format::Cover, Format::Epub]);
    assert_eq!(
        outcome.diagnostics.warning_count(),
        0,
        "{:?}",
        outcome.summary
    );

    // Print: rasterised at 300 dpi of the front with its bleed (154 × 216 mm).
    let sizes = pdf_image_sizes(&dir.path().join("out/a-cover-test-cover.pdf"));
    let px = |mm: f64| (mm / 25.4 * 300.0).round() as i64;
    assert!(
        sizes.contains(&(px(154.0), px(216.0))),
        "the artwork at 300 dpi: {sizes:?}"
    );
    // EPUB: the same front, all artwork (the typographic design is not drawn).
    let (w, h, px) = epub_cover_rgb(&dir.path().join("out/a-cover-test.epub"));
    assert!(h >= 1600 && (f64::from(w) / f64::from(h) - 148.0 / 210.0).abs() < 0.01);
    let blue = px.iter().filter(|p| is_blue(p)).count();
    assert!(blue > px.len() * 99 / 100, "{blue} of {} blue", px.len());
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn svg_illustration_is_framed_by_the_typographic_design() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), "", "");
    write_cover(dir.path(), "illustration.svg", BLUE_SVG);
    let outcome = build(dir.path(), &[Format::Cover, Format::Epub]);
    assert_eq!(
        outcome.diagnostics.warning_count(),
        0,
        "{:?}",
        outcome.summary
    );

    let pdf = dir.path().join("out/a-cover-test-cover.pdf");
    let sizes = pdf_image_sizes(&pdf);
    assert_eq!(sizes.len(), 1, "one image: {sizes:?}");
    if let Some(text) = pdf_tools::pdftotext(&pdf, None) {
        assert!(
            text.contains("A Cover Test"),
            "the title is still set: {text}"
        );
        assert!(text.contains("Test Press"), "and the publisher: {text}");
    }
    // EPUB: the red field at the top, the artwork below it, inside the margins.
    let (w, h, px) = epub_cover_rgb(&dir.path().join("out/a-cover-test.epub"));
    let at = |x: u32, y: u32| px[(y * w + x) as usize];
    let red = |p: [u8; 3]| p[0] > 150 && p[1] < 60 && p[2] < 70;
    assert!(red(at(w / 2, h / 20)), "field at the top");
    assert!(is_blue(&at(w / 2, h * 6 / 10)), "artwork in the middle");
    assert!(
        !is_blue(&at(w / 50, h * 6 / 10)),
        "margin beside the artwork"
    );
    assert!(
        !is_blue(&at(w / 2, h * 97 / 100)),
        "footer below the artwork"
    );
}

#[test]
fn svg_with_text_warns_where_the_text_is() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), "", "");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 140\">\n  <rect width=\"100\" height=\"140\" fill=\"#1030c0\"/>\n  <text x=\"10\" y=\"20\">Title</text>\n</svg>\n";
    write_cover(dir.path(), "illustration.svg", svg);
    let outcome = build(dir.path(), &[Format::Epub]);
    let msgs: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| d.plain(&outcome.sources))
        .collect();
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("covers/illustration.svg:3:3: warning: ")
                && m.contains("text must be converted to outlines")),
        "{msgs:#?}"
    );
}

#[test]
fn malformed_svg_is_an_error_at_its_position() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), "", "");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 140\">\n  <rect width=\"100\" height=\"140\" fill=\"#1030c0\">\n</svg>\n";
    write_cover(dir.path(), "front.svg", svg);
    let outcome = build::run(&BuildOptions {
        project: Some(dir.path().to_path_buf()),
        out: None,
        formats: vec![Format::Cover, Format::Epub],
        write: true,
        ..Default::default()
    });
    assert!(outcome.failed, "{:?}", outcome.summary);
    let msgs: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| d.plain(&outcome.sources))
        .collect();
    assert!(
        msgs.iter()
            .any(|m| m == "covers/front.svg:3:1: error: the SVG is not well-formed XML: expected 'rect' tag, not 'svg'"),
        "{msgs:#?}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");

    // `check` reads the artwork too.
    let checked = build::run(&BuildOptions {
        project: Some(dir.path().to_path_buf()),
        write: false,
        ..Default::default()
    });
    assert!(checked.failed, "{:?}", checked.summary);
    assert_eq!(checked.diagnostics.len(), 1);
}

/// How often `needle` occurs in the cover's text.
fn occurrences(pdf: &Path, needle: &str) -> Option<usize> {
    Some(pdf_tools::pdftotext(pdf, None)?.matches(needle).count())
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn a_wide_spine_carries_title_and_author_and_a_thin_one_stays_plain() {
    let dir = tempfile::tempdir().unwrap();
    project(
        dir.path(),
        "authors = [\"Ann Author\"]",
        "binding = \"perfect\"\npaper-thickness = \"1mm\"",
    );
    let outcome = build(dir.path(), &[Format::Cover]);
    assert!(
        !outcome.summary.iter().any(|l| l.contains("Spine")),
        "{:?}",
        outcome.summary
    );
    let pdf = dir.path().join("out/a-cover-test-cover.pdf");
    let [_, trim, _] = boxes(&pdf);
    let spine = trim[2] - trim[0] - 2.0 * 148.0 * PT_PER_MM;
    assert!(spine >= 18.0, "the test needs a spine of 1/4 in: {spine}");
    if let Some(n) = occurrences(&pdf, "A Cover Test") {
        assert_eq!(n, 2, "the title on the front and along the spine");
    }

    let thin = tempfile::tempdir().unwrap();
    project(
        thin.path(),
        "authors = [\"Ann Author\"]",
        "binding = \"perfect\"\npaper-thickness = \"0.1mm\"",
    );
    let outcome = build(thin.path(), &[Format::Cover]);
    assert!(
        outcome
            .summary
            .iter()
            .any(|l| l.contains("Spine") && l.contains("left plain")),
        "the build says why the spine is plain: {:?}",
        outcome.summary
    );
    if let Some(n) = occurrences(
        &thin.path().join("out/a-cover-test-cover.pdf"),
        "A Cover Test",
    ) {
        assert_eq!(n, 1, "the title on the front only");
    }
}

#[test]
fn png_illustration_is_framed_keeping_its_proportions() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), "", "");
    // A wide blue picture, 300 × 100 px.
    let mut png = vec![];
    {
        let mut e = png::Encoder::new(&mut png, 300, 100);
        e.set_color(png::ColorType::Rgb);
        let mut w = e.write_header().unwrap();
        w.write_image_data(&[0x10, 0x30, 0xc0].repeat(300 * 100))
            .unwrap();
    }
    std::fs::create_dir_all(dir.path().join("covers")).unwrap();
    std::fs::write(dir.path().join("covers/illustration.png"), png).unwrap();
    build(dir.path(), &[Format::Cover, Format::Epub]);
    let sizes = pdf_image_sizes(&dir.path().join("out/a-cover-test-cover.pdf"));
    assert_eq!(sizes, vec![(300, 100)], "the PNG as it is");
    let (w, h, px) = epub_cover_rgb(&dir.path().join("out/a-cover-test.epub"));
    // Blue rows: a band as tall as a third of the measure (the picture's proportions).
    let blue_rows = (0..h)
        .filter(|&y| is_blue(&px[(y * w + w / 2) as usize]))
        .count() as f64;
    let blue_cols = (0..w)
        .filter(|&x| {
            let y = (0..h)
                .find(|&y| is_blue(&px[(y * w + w / 2) as usize]))
                .unwrap();
            is_blue(&px[(y * w + x) as usize])
        })
        .count() as f64;
    assert!(
        (blue_cols / blue_rows - 3.0).abs() < 0.1,
        "{blue_cols} × {blue_rows} px"
    );
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler (pdftotext, pdffonts, pdftoppm, pdfimages): apt-get install poppler-utils"
)]
fn front_artwork_bleeds_off_the_outer_edges_but_stops_at_the_fold() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), "", "");
    write_cover(dir.path(), "front.svg", BLUE_SVG);
    let outcome = build(dir.path(), &[Format::Cover]);
    assert!(!outcome.failed, "{:?}", outcome.summary);
    let pdf = dir.path().join("out/a-cover-test-cover.pdf");
    let prefix = dir.path().join("spread");
    if pdf_tools::pdftoppm(&pdf, 1, 72, &prefix).is_none() {
        return; // pdf_tools said why (and fails under CI=true)
    }
    let (w, h, px) = decode_rgb(std::fs::read(dir.path().join("spread-1.png")).unwrap());
    // At 72 dpi one pixel is a point: the fold of an A5 saddle-stitched spread lies
    // at the bleed (3 mm) plus the back's width (148 mm).
    let mm: f64 = 72.0 / 25.4;
    let fold = (3.0 * mm + 148.0 * mm).round() as u32;
    let at = |x: u32, y: u32| px[(y * w + x) as usize];
    for y in (h / 4..3 * h / 4).step_by(10) {
        assert!(is_blue(&at(fold + 3, y)), "front at ({}, {y})", fold + 3);
        assert!(is_blue(&at(w - 2, y)), "front bleed at ({}, {y})", w - 2);
        assert!(!is_blue(&at(fold - 3, y)), "back at ({}, {y})", fold - 3);
    }
}
