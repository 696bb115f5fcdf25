//! A text listing of typeset pages, in the manner of SILE's `*.expected` files: for
//! golden tests and for diffs when the page builder changes.
//!
//! ```text
//! page 3 (label "1")
//!   65.57 48.19 The first line of the chapter
//!   rule 500.00 48.19-161.39
//!   image 80.00 48.19 240.00x160.00 figures/map.png (1200x800 px)
//!   anchor 52.03 fn-1
//!   link 48.19 470.10 4.20x6.00 -> #fnref-1
//! ```
//! Text items on one baseline (a superscript mark counts as on its line) are joined
//! left to right;
//! a visible gap between runs is shown as ` | `. Numbers are pt with two decimals.

use crate::typeset::frame::{Item, LinkTarget, Pages, TextRun};
use std::fmt::Write;

/// What to include besides text and rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct DumpOptions {
    /// List anchors.
    pub anchors: bool,
    /// List links.
    pub links: bool,
}

/// Dumps every page.
pub fn dump(pages: &Pages, opts: DumpOptions) -> String {
    let mut out = String::new();
    for (i, page) in pages.pages.iter().enumerate() {
        let _ = writeln!(out, "page {} (label \"{}\")", i + 1, page.label);
        if page.blank {
            out.push_str("  blank\n");
        }
        let mut line: Vec<&TextRun> = Vec::new();
        for item in &page.items {
            if let Item::Text(r) = item {
                let same = line
                    .first()
                    .is_some_and(|f| (f.y - r.y).abs() < 0.5 * f.size.max(r.size));
                if !same {
                    flush(&mut out, &line);
                    line.clear();
                }
                line.push(r);
                continue;
            }
            flush(&mut out, &line);
            line.clear();
            other(&mut out, item, opts);
        }
        flush(&mut out, &line);
    }
    if pages.padding_pages > 0 {
        let _ = writeln!(out, "padding {}", pages.padding_pages);
    }
    out
}

/// Writes one joined text line.
fn flush(out: &mut String, runs: &[&TextRun]) {
    let Some(first) = runs.first() else { return };
    let mut runs = runs.to_vec();
    runs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut text = String::new();
    let mut end = first.x;
    for r in &runs {
        if r.x > end + 0.5 * r.size && !text.is_empty() {
            text.push_str(" | ");
        }
        text.push_str(&r.text);
        end = r.x + r.glyphs.iter().map(|g| g.x_advance).sum::<f64>();
    }
    let base = runs
        .iter()
        .find(|r| r.size >= first.size)
        .map_or(first.y, |r| r.y);
    let x = runs.iter().map(|r| r.x).fold(f64::INFINITY, f64::min);
    let _ = writeln!(out, "  {base:.2} {x:.2} {text}");
}

fn other(out: &mut String, item: &Item, opts: DumpOptions) {
    match item {
        Item::Rule { x0, x1, y, .. } => {
            let _ = writeln!(out, "  rule {y:.2} {x0:.2}-{x1:.2}");
        }
        Item::Image { rect, picture } => {
            let _ = writeln!(
                out,
                "  image {:.2} {:.2} {:.2}x{:.2} {} ({}x{} px)",
                rect.y, rect.x, rect.w, rect.h, picture.name, picture.width, picture.height
            );
        }
        Item::Anchor { name, y } if opts.anchors => {
            let _ = writeln!(out, "  anchor {y:.2} {name}");
        }
        Item::Link { rect, target } if opts.links => {
            let t = match target {
                LinkTarget::Url(u) => u.clone(),
                LinkTarget::Anchor(a) => format!("#{a}"),
            };
            let _ = writeln!(
                out,
                "  link {:.2} {:.2} {:.2}x{:.2} -> {t}",
                rect.x, rect.y, rect.w, rect.h
            );
        }
        _ => {}
    }
}
