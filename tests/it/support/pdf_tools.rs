//! External PDF checkers (qpdf, poppler, Ghostscript) for the PDF tests.
//!
//! A missing tool FAILS the test when `CI=true`; elsewhere the check is skipped with a
//! loud message naming the install command.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The command that installs every tool used here (Debian).
pub const INSTALL: &str = "apt-get install -y qpdf poppler-utils ghostscript";

/// Whether `tool` can be run; panics in CI when it cannot.
pub fn available(tool: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(!in_ci, "`{tool}` is missing in CI: run `{INSTALL}`");
        eprintln!("\n!!! SKIPPED: `{tool}` not found — install it with `{INSTALL}` !!!\n");
    }
    found
}

/// Runs `tool ARGS FILE AFTER…`, or `None` when the tool is missing outside CI.
fn run(tool: &str, args: &[&str], file: &Path) -> Option<Output> {
    run_with(tool, args, file, &[])
}

fn run_with(tool: &str, args: &[&str], file: &Path, after: &[&str]) -> Option<Output> {
    if !available(tool) {
        return None;
    }
    let out = Command::new(tool)
        .args(args)
        .arg(file)
        .args(after)
        .output()
        .unwrap_or_else(|e| panic!("running {tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed:\n{}",
        text(&out)
    );
    Some(out)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `qpdf --check`: `Some(report)` when clean (exit 0; warnings exit 3), panics otherwise.
pub fn qpdf_check(file: &Path) -> Option<String> {
    let out = run("qpdf", &["--check"], file)?;
    Some(text(&out))
}

/// `pdffonts` rows: (name, type, emb, sub) for every font.
pub fn pdffonts(file: &Path) -> Option<Vec<(String, String, bool, bool)>> {
    let out = run("pdffonts", &[], file)?;
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let rows = stdout
        .lines()
        .skip(2)
        .map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // name type... encoding emb sub uni object ID: the flags are the 5th–3rd from the end.
            let n = cols.len();
            assert!(n >= 7, "unexpected pdffonts row: {line}");
            let yes = |s: &str| s == "yes";
            (
                cols[0].to_string(),
                cols[1..n - 6].join(" "),
                yes(cols[n - 5]),
                yes(cols[n - 4]),
            )
        })
        .collect();
    Some(rows)
}

/// `pdftotext -layout` of pages `first..=last` (1-based; `None` for all).
pub fn pdftotext(file: &Path, pages: Option<(usize, usize)>) -> Option<String> {
    let (f, l) = pages.map_or((String::new(), String::new()), |(f, l)| {
        (f.to_string(), l.to_string())
    });
    let mut args = vec!["-layout", "-enc", "UTF-8"];
    if pages.is_some() {
        args.extend(["-f", &f, "-l", &l]);
    }
    let out = run_with("pdftotext", &args, file, &["-"])?;
    Some(String::from_utf8_lossy(&out.stdout).to_string())
}

/// Words with their left edge on page `page` (1-based), from `pdftotext -bbox`.
pub fn words_with_x(file: &Path, page: usize) -> Option<Vec<(String, f64)>> {
    let p = page.to_string();
    let args = ["-bbox", "-enc", "UTF-8", "-f", &p, "-l", &p];
    let out = run_with("pdftotext", &args, file, &["-"])?;
    let html = String::from_utf8_lossy(&out.stdout).to_string();
    let words = html
        .split("<word ")
        .skip(1)
        .filter_map(|w| {
            let x = w.split("xMin=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let word = w.split('>').nth(1)?.split("</word").next()?.to_string();
            Some((word, x))
        })
        .collect();
    Some(words)
}

/// Renders every page with Ghostscript and stops at the first error; panics on failure.
pub fn gs_renders(file: &Path) -> Option<()> {
    let args = [
        "-q",
        "-dNOPAUSE",
        "-dBATCH",
        "-dPDFSTOPONERROR",
        "-sDEVICE=nullpage",
    ];
    run("gs", &args, file).map(|_| ())
}

/// Ink coverage per page as [C, M, Y, K] fractions, from Ghostscript's inkcov device.
pub fn inkcov(file: &Path) -> Option<Vec<[f64; 4]>> {
    let out = run("gs", &["-q", "-o", "-", "-sDEVICE=inkcov"], file)?;
    let rows = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("CMYK"))
        .map(|l| {
            let v: Vec<f64> = l
                .split_whitespace()
                .take(4)
                .map(|n| n.parse().expect("inkcov number"))
                .collect();
            [v[0], v[1], v[2], v[3]]
        })
        .collect();
    Some(rows)
}

/// Renders page `page` (1-based) to `out_prefix-N.png` at `dpi`, for looking at.
pub fn pdftoppm(file: &Path, page: usize, dpi: u32, out_prefix: &Path) -> Option<()> {
    let (p, r) = (page.to_string(), dpi.to_string());
    let prefix = out_prefix.to_string_lossy().to_string();
    run_with(
        "pdftoppm",
        &["-r", &r, "-png", "-f", &p, "-l", &p],
        file,
        &[&prefix],
    )?;
    Some(())
}

/// One row of `pdfimages -list`.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedImage {
    /// 1-based page.
    pub page: usize,
    /// `cmyk`, `gray`, `rgb`, …
    pub colour: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// `pdfimages -list`: every image (soft masks included) with its colour space.
pub fn pdfimages_list(file: &Path) -> Option<Vec<ListedImage>> {
    let out = run("pdfimages", &["-list"], file)?;
    let rows = String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            ListedImage {
                page: f[0].parse().expect("page"),
                colour: f[5].to_string(),
                width: f[3].parse().expect("width"),
                height: f[4].parse().expect("height"),
            }
        })
        .collect();
    Some(rows)
}
