//! The print cover and the EPUB cover share one design; the cover PDF carries bleed,
//! a spine for perfect binding, and an ISBN barcode on the back.

#[path = "support/pdf_tools.rs"]
mod pdf_tools;

use pamphleteer::build::{self, BuildOptions};
use pamphleteer::cli::Format;
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
        .find(|l| l.contains("cover-image"))
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
