//! Times a warm parse after a one-word edit in the middle chapter (the preview's case),
//! against a cold one: `cargo run --release --example parse_warm -- PROJECT [EDITS]`.

use pamphleteer::diag::{Diagnostics, Sources};
use pamphleteer::parse::{self, DirFiles, MemFiles, ProjectFiles};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("a project folder"));
    let edits: usize = args.next().map_or(10, |n| n.parse().expect("a number"));
    let disk = DirFiles::new(&root);
    let man = Path::new("manuscript");
    let mut files = MemFiles::new();
    let listed = disk.list(man).expect("manuscript/");
    for p in &listed {
        files.insert(p.clone(), disk.read(p).expect("readable"));
    }
    let chapters: Vec<&PathBuf> = listed
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("glossary.md"))
        .collect();
    let middle = chapters[chapters.len() / 2].clone();
    let text = String::from_utf8(files.read(&middle).unwrap()).unwrap();
    let words: Vec<(usize, &str)> = text
        .match_indices(|c: char| c.is_ascii_lowercase())
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || !text.as_bytes()[i - 1].is_ascii_alphabetic())
        .map(|i| {
            let end = text[i..]
                .find(|c: char| !c.is_ascii_lowercase())
                .map_or(text.len(), |e| i + e);
            (i, &text[i..end])
        })
        .filter(|(_, w)| w.len() >= 6)
        .collect();
    let (at, word) = words[words.len() / 2];
    let reversed: String = word.chars().rev().collect();
    // NOTE=1: the edit adds a footnote after the word instead (renumbering every note after it).
    let edited = match std::env::var_os("NOTE") {
        Some(_) => format!(
            "{}{word}[^timed]{}\n\n[^timed]: A note added.\n",
            &text[..at],
            &text[at + word.len()..]
        ),
        None => format!("{}{}{}", &text[..at], reversed, &text[at + word.len()..]),
    };
    let time = |files: &MemFiles, memos: &parse::Memos| {
        let (mut sources, mut diags) = (Sources::default(), Diagnostics::default());
        let t = Instant::now();
        let input = parse::parse_project_with(files, &mut sources, &mut diags, memos);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        assert!(input.is_some());
        ms
    };
    let mut cold = vec![];
    let colds = std::env::var("COLD").map_or(3, |n| n.parse().expect("a number"));
    for _ in 0..colds {
        cold.push(time(&files, &parse::Memos::default()));
    }
    let memos = parse::Memos::kept();
    time(&files, &memos);
    let mut warm = vec![];
    for i in 0..edits {
        let t = if i % 2 == 0 { &edited } else { &text };
        files.insert(middle.clone(), t.as_bytes().to_vec());
        memos.next_generation();
        warm.push(time(&files, &memos));
        if std::env::var_os("MADE").is_some() {
            eprintln!("chapters parsed, resolved: {:?}", memos.chapters_made());
        }
        if std::env::var_os("CHECK").is_some() {
            let parse = |memos: &parse::Memos| {
                let (mut sources, mut diags) = (Sources::default(), Diagnostics::default());
                memos.next_generation();
                let input = parse::parse_project_with(&files, &mut sources, &mut diags, memos);
                (
                    input.map(|i| i.document),
                    format!("{:?}", diags.iter().collect::<Vec<_>>()),
                )
            };
            let (a, b) = (parse(&memos), parse(&parse::Memos::default()));
            assert!(a.0 == b.0, "warm document differs from cold");
            assert_eq!(a.1, b.1, "warm diagnostics differ from cold");
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "{}: {} chapters, cold parse {:.1} ms, warm parse after an edit {:.1} ms (median of {edits}; min {:.1})",
        root.display(),
        chapters.len(),
        if cold.is_empty() {
            f64::NAN
        } else {
            median(&mut cold)
        },
        median(&mut warm.clone()),
        warm.iter().cloned().fold(f64::INFINITY, f64::min),
    );
}
