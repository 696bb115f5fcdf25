//! `proof`: findings measured from the set pages, contact sheets that show every page
//! with the findings marked, and the painter against poppler's rendering of the PDF.

use pamphleteer::build::{self, Format, MakeOptions, Outcome, PrintPages};
use pamphleteer::parse::DirFiles;
use pamphleteer::proof::{self, Kind};
use std::path::{Path, PathBuf};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

fn pages(book: &Path, formats: Vec<Format>) -> (PrintPages, Outcome, Option<Vec<u8>>) {
    let opts = MakeOptions {
        formats,
        fonts_root: Some(book.to_path_buf()),
        source_date_epoch: Some("1764115200".into()),
        keep_pages: true,
        ..MakeOptions::default()
    };
    let mut outcome = Outcome::default();
    let products = build::make(&DirFiles::new(book), &opts, &mut outcome).expect("it builds");
    (products.pages.expect("pages kept"), outcome, products.pdf)
}

/// The workshop manual's pages with the first line of its second chapter (the records
/// chapter) made to reach 30 pt past the measure: the typesetter no longer sets an
/// overfull line (code wraps, words too wide break with a hyphen), but the proof
/// must still see and mark one.
fn with_overfull(mut print: PrintPages) -> PrintPages {
    let mut pages = (*print.pages).clone();
    let line = pages
        .pages
        .iter_mut()
        .flat_map(|p| p.lines.iter_mut())
        .find(|l| l.pos.chapter.index() == 1 && !l.pos.before_title)
        .expect("a line of the second chapter");
    line.x.1 += 30.0 + print.geometry.measure() - (line.x.1 - line.x.0);
    print.pages = std::sync::Arc::new(pages);
    print
}

#[test]
fn findings_name_their_page_and_manuscript_place() {
    let (print, outcome, _) = pages(&corpus("letter-workshop-manual"), vec![]);
    // Nothing in the manual is overfull as set …
    let found = proof::findings(&print);
    assert!(
        !found.iter().any(|f| f.kind == Kind::Overfull),
        "{found:#?}"
    );
    // … and a line made overfull is found, with its page and place.
    let print = with_overfull(print);
    let found = proof::findings(&print);
    let overfull: Vec<_> = found.iter().filter(|f| f.kind == Kind::Overfull).collect();
    assert!(!overfull.is_empty(), "{found:#?}");
    for f in &overfull {
        let line = f.line(|s| outcome.sources.locate(s).map(|l| l.to_string()));
        assert!(line.contains("02-records.md:"), "{line}");
        assert!(line.starts_with(&format!("p. {}", f.label)), "{line}");
    }
    // The pamphlet has no overfull line and no hole.
    let (print, _, _) = pages(Path::new(env!("CARGO_MANIFEST_DIR")), vec![]);
    let found = proof::findings(&print);
    assert!(
        !found
            .iter()
            .any(|f| matches!(f.kind, Kind::Overfull | Kind::Hole)),
        "{found:#?}"
    );
}

#[test]
fn sheets_show_every_page_in_spreads_with_findings_marked() {
    let (print, _, _) = pages(&corpus("letter-workshop-manual"), vec![]);
    let print = with_overfull(print);
    let found = proof::findings(&print);
    let sheets = proof::sheets(&print, &found);
    let n = print.pages.pages.len();
    assert_eq!(sheets.len(), (n + 1).div_ceil(40), "{n} pages");
    let sheet = &sheets[0];
    // Four spreads of two 300 px pages across, 24 px between them.
    let page_w = (print.trim.width * 300.0 / print.trim.height).round() as u32;
    assert!(
        sheet.width().abs_diff(24 + 4 * (2 * page_w + 24)) <= 2,
        "{}",
        sheet.width()
    );
    // The overfull line is red on its page; a page without findings has none.
    let red = |x0: u32, y0: u32, w: u32, h: u32| {
        let mut count = 0;
        for y in y0..(y0 + h).min(sheet.height()) {
            for x in x0..(x0 + w).min(sheet.width()) {
                let p = sheet.pixel(x, y).unwrap();
                if p.red() > 180 && p.green() < 140 && p.blue() < 140 {
                    count += 1;
                }
            }
        }
        count
    };
    let f = found.iter().find(|f| f.kind == Kind::Overfull).unwrap();
    let slot = f.page + 1;
    let (row, col) = (slot / 8, slot % 8);
    let x = 24 + (col as u32 / 2) * (2 * page_w + 24) + (col as u32 % 2) * page_w;
    let y = 24 + row as u32 * (300 + 24);
    assert!(red(x, y, page_w, 300) > 100, "the overfull line is marked");
    let clean = (0..n)
        .find(|i| !found.iter().any(|f| f.page == *i))
        .unwrap();
    let slot = clean + 1;
    let (row, col) = (slot / 8, slot % 8);
    let x = 24 + (col as u32 / 2) * (2 * page_w + 24) + (col as u32 % 2) * page_w;
    let y = 24 + row as u32 * (300 + 24);
    assert_eq!(
        red(x, y, page_w, 300),
        0,
        "page {clean} has nothing to mark"
    );
}

/// The painter draws what the PDF shows: ink in the same bands of each page as
/// poppler's rendering of the print PDF, at the same resolution.
#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler: apt-get install poppler-utils"
)]
fn the_painter_agrees_with_poppler() {
    use crate::support::pdf_tools;
    if !pdf_tools::available("pdftoppm") {
        return;
    }
    let (print, _, pdf) = pages(&corpus("a5-public-essays"), vec![Format::Pdf]);
    let dir = tempfile::tempdir().unwrap();
    let pdf_path = dir.path().join("book.pdf");
    std::fs::write(&pdf_path, pdf.unwrap()).unwrap();
    // 72 dpi: one pixel per pt. The print PDF's pages carry bleed around the trim.
    let bleed = print.geometry.bleed;
    let with_text: Vec<usize> = (0..print.pages.pages.len())
        .filter(|i| print.pages.pages[*i].lines.len() > 10)
        .take(3)
        .collect();
    assert_eq!(with_text.len(), 3);
    for index in with_text {
        let out = dir.path().join(format!("p{index}"));
        let run = std::process::Command::new("pdftoppm")
            .args(["-r", "72", "-gray", "-f", &(index + 1).to_string(), "-l"])
            .arg((index + 1).to_string())
            .arg(&pdf_path)
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let pgm = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("p{index}-"))
            })
            .unwrap();
        let poppler = read_pgm(&std::fs::read(pgm).unwrap());
        let ours = pamphleteer::paint::page(
            &print.pages.pages[index],
            (print.trim.width, print.trim.height),
            &print.faces,
            1.0,
        )
        .unwrap();
        // Ink per band of 20 pt, inside the trim.
        let bands = (print.trim.height / 20.0) as usize;
        let ink_ours: Vec<u32> = (0..bands)
            .map(|b| {
                let mut n = 0;
                for y in b * 20..(b + 1) * 20 {
                    for x in 0..ours.width() {
                        if ours.pixel(x, y as u32).is_some_and(|p| p.red() < 128) {
                            n += 1;
                        }
                    }
                }
                n
            })
            .collect();
        let off = bleed.round() as usize;
        let ink_poppler: Vec<u32> = (0..bands)
            .map(|b| {
                let mut n = 0;
                for y in b * 20..(b + 1) * 20 {
                    for x in 0..ours.width() as usize {
                        if poppler.pixel(x + off, y + off) < 128 {
                            n += 1;
                        }
                    }
                }
                n
            })
            .collect();
        // The same amount of ink, distributed down the page the same way (the
        // share above each band's foot), whatever the anti-aliasing.
        let (total_o, total_p) = (
            f64::from(ink_ours.iter().sum::<u32>()),
            f64::from(ink_poppler.iter().sum::<u32>()),
        );
        assert!(
            (total_o - total_p).abs() <= 0.35 * total_o.max(total_p),
            "page {index}: ours {total_o}, poppler {total_p}"
        );
        let (mut above_o, mut above_p) = (0.0, 0.0);
        for (b, (o, p)) in ink_ours.iter().zip(&ink_poppler).enumerate() {
            above_o += f64::from(*o);
            above_p += f64::from(*p);
            assert!(
                (above_o / total_o - above_p / total_p).abs() <= 0.06,
                "page {index}, band {b}\n{ink_ours:?}\n{ink_poppler:?}"
            );
        }
        assert!(ink_ours.iter().sum::<u32>() > 1000, "page {index} has text");
    }
}

struct Gray {
    width: usize,
    data: Vec<u8>,
}

impl Gray {
    fn pixel(&self, x: usize, y: usize) -> u8 {
        self.data.get(y * self.width + x).copied().unwrap_or(255)
    }
}

/// A binary PGM (`P5`) as pdftoppm writes it.
fn read_pgm(bytes: &[u8]) -> Gray {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).to_string());
    }
    assert_eq!(fields[0], "P5");
    let width = fields[1].parse().unwrap();
    Gray {
        width,
        data: bytes[i + 1..].to_vec(),
    }
}
