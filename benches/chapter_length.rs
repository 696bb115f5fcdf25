//! One long chapter against many short chapters of the same text (issue #14): the
//! typesetting stage must be linear in a chapter's length, so the two take about the
//! same time. Prints the median of 3 runs of `typeset::typeset` for each shape at a
//! few sizes, and the ratio long / short.
//!
//! Run with `cargo bench --bench chapter_length` (add `-- 32` for one size).

use pamphleteer::diag::{Diagnostics, Sources};
use pamphleteer::parse::{self, Input, MemFiles};
use pamphleteer::typeset::{self, Typesetter, fonts::FontBook};
use std::path::Path;
use std::time::Instant;

/// The essay's chapters as Markdown bodies (titles dropped), note labels unique.
fn bodies() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&root).expect("manuscript/") {
        let p = e.expect("entry").path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".md") && name.as_bytes()[0].is_ascii_digit() {
            out.push((name, std::fs::read_to_string(&p).expect("chapter")));
        }
    }
    out.sort();
    out.into_iter()
        .map(|(_, t)| {
            t.lines()
                .skip_while(|l| !l.starts_with("# "))
                .skip(1)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// `[^label]` becomes `[^label-i]`.
fn relabel(text: &str, i: usize) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(k) = rest.find("[^") {
        out.push_str(&rest[..k + 2]);
        rest = &rest[k + 2..];
        if let Some(e) = rest
            .find(']')
            .filter(|&e| e > 0 && !rest[..e].contains('['))
        {
            out.push_str(&rest[..e]);
            out.push_str(&format!("-{i}"));
            rest = &rest[e..];
        }
    }
    out.push_str(rest);
    out
}

/// `n` copies of the essay's text: as one chapter, or as `n × 5` chapters.
fn project(n: usize, one_chapter: bool) -> MemFiles {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let bodies = bodies();
    let mut files = MemFiles::new();
    let mut names = Vec::new();
    let mut long = String::from("# The whole text\n\n");
    let mut k = 0;
    for i in 0..n {
        for b in &bodies {
            let text = relabel(b, k);
            k += 1;
            if one_chapter {
                long.push_str(&text);
                long.push_str("\n\n");
            } else {
                let name = format!("{k:04}.md");
                files.insert(
                    Path::new("manuscript").join(&name),
                    format!("# Part {k}\n\n{text}\n"),
                );
                names.push(format!("\"{name}\""));
            }
        }
        let _ = i;
    }
    if one_chapter {
        files.insert("manuscript/0001.md", long);
        names.push("\"0001.md\"".into());
    }
    let toml = format!(
        "[book]\ntitle = \"Bench\"\nlanguage = \"en-GB\"\nchapters = [{}]\n\n[layout]\ntrim = \"A5\"\n\n[bibliography]\nfile = \"references.bib\"\n",
        names.join(", ")
    );
    files.insert("manuscript/book.toml", toml);
    for extra in ["glossary.md", "references.bib"] {
        let text = std::fs::read_to_string(root.join(extra)).expect("extra file");
        files.insert(Path::new("manuscript").join(extra), text);
    }
    files
}

fn parse(files: &MemFiles) -> Input {
    let mut diags = Diagnostics::default();
    let input = parse::parse_project(files, &mut Sources::default(), &mut diags);
    input.expect("the benchmark manuscript parses")
}

/// Median seconds of 3 runs of the typesetting stage, and the page count.
fn time(input: &Input) -> (f64, usize) {
    let ts = Typesetter::new(FontBook::bundled(), &input.layout.language);
    let mut runs = Vec::new();
    let mut pages = 0;
    for _ in 0..3 {
        let mut diags = Diagnostics::default();
        let t = Instant::now();
        let p = typeset::typeset(
            &input.document,
            &input.layout,
            &ts,
            &Default::default(),
            &mut diags,
        );
        runs.push(t.elapsed().as_secs_f64());
        pages = p.pages.len();
    }
    runs.sort_by(f64::total_cmp);
    (runs[1], pages)
}

fn main() {
    let only: Option<usize> = std::env::args().skip(1).find_map(|a| a.parse().ok());
    println!("| copies | pages | one chapter (s) | 5 × copies chapters (s) | ratio |");
    println!("| --- | --- | --- | --- | --- |");
    for n in [1usize, 8, 32, 64] {
        if only.is_some_and(|o| o != n) {
            continue;
        }
        let (long, pages) = time(&parse(&project(n, true)));
        let (short, _) = time(&parse(&project(n, false)));
        println!(
            "| {n} | {pages} | {long:.3} | {short:.3} | {:.2} |",
            long / short
        );
    }
}
