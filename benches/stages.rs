//! Criterion benchmarks of each stage on the bundled pamphlet and on a 30x pamphlet
//! (the chapters repeated 30 times with unique note labels, built in memory like
//! `benches/scale.py` builds it on disk).
//!
//! Each stage gets the previous stage's output precomputed outside the timed loop:
//!
//! - `parse`: book.toml, bibliography, chapters, glossary, and resolution (notes
//!   numbered, citations formatted) — one call, `parse::parse_project`.
//! - `shape`: the longest paragraph of the essay shaped in one go (harfrust).
//! - `set_paragraphs`: every paragraph the book sets, through the paragraph API
//!   (shaping, hyphenation, Knuth–Plass, glyph positioning).
//! - `break_lines`: Knuth–Plass alone on every justified body paragraph, prepared.
//! - `paginate`: the whole book's pages with every paragraph's lines already set
//!   (collection, flows, page breaks, notes, matter pages).
//! - `typeset`: the whole typesetting stage as `build` runs it.
//! - `write_pdf`: the print PDF from pages; `write_pdf_and_booklet`: the print PDF
//!   and the booklet imposed from it, as `build` makes them; `draw_cover`: the
//!   typographic front cover rendered to the EPUB's 2000 px PNG; `write_epub`: the EPUB
//!   writer from the models, with that cover.
//!
//! - `long_paragraph/essay` and `long_paragraph/narrow`: one paragraph of the whole
//!   seed essay (about 24,000 characters) on the A5 measure, and its first 20,000
//!   characters on a 60 pt measure: the paragraph API at sizes no book should need
//!   (this was a test that only printed timings).
//!
//! Times are the process's CPU time, every thread's (stages that use helper threads
//! count their work too), not wall time: the machine is shared, and waiting for a core
//! is not our cost.
//!
//! Run with `cargo bench --bench stages`; `cargo bench --bench stages -- 30x` runs one
//! scale only.

#[path = "support/cpu_time.rs"]
mod cpu_time;

use cpu_time::CpuTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use pamphleteer::cover;
use pamphleteer::diag::{Diagnostics, Sources};
use pamphleteer::epub::{self, CoverImage};
use pamphleteer::layout::TextAlign;
use pamphleteer::output::Timestamp;
use pamphleteer::parse::{self, Input, MemFiles};
use pamphleteer::pdf::{self, BookletOptions, PdfOptions};
use pamphleteer::typeset::collect::Para;
use pamphleteer::typeset::fonts::{FaceStyle, FontBook};
use pamphleteer::typeset::paginate::SetLine;
use pamphleteer::typeset::paginate::flow::{LineSetter, Second};
use pamphleteer::typeset::paginate::setter::BookSetter;
use pamphleteer::typeset::shaping::{self, Features};
use pamphleteer::typeset::{self, Pages, Typesetter};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

/// The bundled project repeated `n` times, note labels made unique per copy.
fn project(n: usize) -> MemFiles {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let read = |name: &str| std::fs::read_to_string(root.join(name)).expect("manuscript file");
    let toml = read("book.toml");
    let start = toml.find("chapters = [").expect("chapters list");
    let end = start + toml[start..].find(']').expect("end of chapters list") + 1;
    let chapters: Vec<String> = toml[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    let mut files = MemFiles::new();
    let mut names = vec![];
    for i in 0..n {
        for c in &chapters {
            let name = format!("{i:03}-{c}");
            files.insert(
                Path::new("manuscript").join(&name),
                relabel_notes(&read(c), i),
            );
            names.push(format!("\"{name}\""));
        }
    }
    let list = format!("chapters = [{}]", names.join(", "));
    let toml = format!("{}{list}{}", &toml[..start], &toml[end..]);
    files.insert("manuscript/book.toml", toml);
    for extra in ["glossary.md", "references.bib"] {
        if root.join(extra).is_file() {
            files.insert(Path::new("manuscript").join(extra), read(extra));
        }
    }
    files
}

/// `[^label]` becomes `[^label-i]` (the regex of scale.py).
fn relabel_notes(text: &str, i: usize) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(k) = rest.find("[^") {
        out.push_str(&rest[..k + 2]);
        rest = &rest[k + 2..];
        match rest.find(']') {
            Some(e) if e > 0 && !rest[..e].contains('[') => {
                out.push_str(&rest[..e]);
                out.push_str(&format!("-{i}"));
                rest = &rest[e..];
            }
            _ => {}
        }
    }
    out.push_str(rest);
    out
}

fn parse(files: &MemFiles) -> Input {
    let mut diags = Diagnostics::default();
    let input = parse::parse_project(files, &mut Sources::default(), &mut diags);
    assert!(!diags.has_errors(), "the benchmark manuscript has errors");
    input.expect("the benchmark manuscript parses")
}

/// A line setter that remembers every paragraph it was asked to set and its lines, so
/// pagination can be timed without line breaking.
#[derive(Default)]
struct Recorder {
    asked: Vec<(Para, f64, i32)>,
    lines: HashMap<u64, Vec<SetLine>>,
}

fn key(para: &Para, width: f64, looseness: i32) -> u64 {
    let mut h = DefaultHasher::new();
    para.runs.hash(&mut h);
    para.style.size.to_bits().hash(&mut h);
    para.style.first_line_indent.to_bits().hash(&mut h);
    format!("{:?}", para.style.align).hash(&mut h);
    para.pos.map(|p| (p.chapter.0, p.block)).hash(&mut h);
    width.to_bits().hash(&mut h);
    looseness.hash(&mut h);
    h.finish()
}

/// Records what a real setter sets.
struct Recording<'a> {
    inner: BookSetter<'a>,
    rec: &'a mut Recorder,
}

impl LineSetter for Recording<'_> {
    fn set(&mut self, para: &Para, width: f64, looseness: i32) -> Vec<SetLine> {
        let lines = self.inner.set(para, width, looseness);
        self.rec.asked.push((para.clone(), width, looseness));
        self.rec
            .lines
            .insert(key(para, width, looseness), lines.clone());
        lines
    }

    fn split(&mut self, first: &mut dyn FnMut(&mut dyn LineSetter), second: &mut Second<'_>) {
        first(self);
        second(self);
    }
}

/// Replays recorded lines.
struct Replay<'a>(&'a Recorder);

impl LineSetter for Replay<'_> {
    fn set(&mut self, para: &Para, width: f64, looseness: i32) -> Vec<SetLine> {
        self.0.lines[&key(para, width, looseness)].clone()
    }

    fn split(&mut self, first: &mut dyn FnMut(&mut dyn LineSetter), second: &mut Second<'_>) {
        first(self);
        second(self);
    }
}

fn stages(c: &mut Criterion<CpuTime>) {
    for n in [1, 30] {
        let files = project(n);
        let input = parse(&files);
        let ts = Typesetter::new(FontBook::bundled(), &input.layout.language);
        let mut group = c.benchmark_group(format!("{n}x"));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(if n == 1 { 3 } else { 10 }));
        group.bench_function("parse", |b| b.iter(|| parse(black_box(&files))));
        let pages = typeset_stages(&mut group, &input, &ts);
        writer_stages(&mut group, &input, &ts, &pages, &files);
        group.finish();
    }
}

/// Shaping, line breaking, pagination and the whole typesetting stage.
fn typeset_stages(group: &mut BenchmarkGroup<CpuTime>, input: &Input, ts: &Typesetter) -> Pages {
    let (doc, layout) = (&input.document, &input.layout);
    // Record every paragraph the book sets (and its lines) in one real run.
    let mut rec = Recorder::default();
    let pages = {
        let mut setter = Recording {
            inner: BookSetter::new(ts, layout),
            rec: &mut rec,
        };
        typeset::typeset_with(
            doc,
            layout,
            &mut setter,
            &Default::default(),
            &mut Diagnostics::default(),
        )
    };
    let justified: Vec<&(Para, f64, i32)> = rec
        .asked
        .iter()
        .filter(|(p, ..)| p.pos.is_some() && p.style.align == TextAlign::Justify)
        .collect();
    // The longest paragraph, shaped as one string in the body face.
    let longest = justified
        .iter()
        .map(|(p, ..)| p.runs.iter().map(|r| r.text.as_str()).collect::<String>())
        .max_by_key(String::len)
        .expect("a justified paragraph");
    let face = ts.fonts.select(FaceStyle {
        italic: false,
        bold: false,
    });
    group.bench_function("shape", |b| {
        b.iter(|| {
            shaping::shape(
                &ts.fonts,
                face,
                layout.font_size,
                black_box(&longest),
                Features::default(),
                &layout.language,
            )
        })
    });
    group.bench_function("set_paragraphs", |b| {
        let mut setter = BookSetter::new(ts, layout);
        b.iter(|| {
            for (p, w, l) in &rec.asked {
                black_box(setter.set(p, *w, *l));
            }
        })
    });
    let input = BookSetter::new(ts, layout);
    let prepared: Vec<_> = justified
        .iter()
        .filter_map(|(p, w, l)| Some((p, input.paragraph_settings(p, *w, *l)?)))
        .map(|(p, settings)| ts.prepare(&p.runs, &settings))
        .collect();
    group.bench_function("break_lines", |b| {
        b.iter(|| {
            for p in &prepared {
                black_box(ts.break_lines(p));
            }
        })
    });
    group.bench_function("paginate", |b| {
        b.iter(|| {
            typeset::typeset_with(
                doc,
                layout,
                &mut Replay(&rec),
                &Default::default(),
                &mut Diagnostics::default(),
            )
        })
    });
    group.bench_function("typeset", |b| {
        b.iter(|| {
            typeset::typeset(
                doc,
                layout,
                ts,
                &Default::default(),
                &mut Diagnostics::default(),
            )
        })
    });
    pages
}

/// The PDF, booklet and EPUB writers.
fn writer_stages(
    group: &mut BenchmarkGroup<CpuTime>,
    input: &Input,
    ts: &Typesetter,
    pages: &Pages,
    files: &MemFiles,
) {
    let (doc, layout) = (&input.document, &input.layout);
    let date = Timestamp::for_build(None, doc.meta.date.as_deref());
    let faces = ts.fonts.faces();
    group.bench_function("write_pdf", |b| {
        let opts = PdfOptions { marks: false, date };
        b.iter(|| pdf::write(pages, faces, &doc.meta, &layout.page, &opts).expect("pdf"))
    });
    group.bench_function("write_pdf_and_booklet", |b| {
        let opts = PdfOptions { marks: false, date };
        let booklet = BookletOptions {
            date,
            creep: None,
            paper: pamphleteer::layout::Paper::A4,
        };
        b.iter(|| {
            let print =
                pdf::write_print(pages, faces, &doc.meta, &layout.page, &opts, Some(&booklet));
            print
                .expect("pdf")
                .booklet
                .expect("asked")
                .expect("booklet")
        })
    });
    // The typographic cover, drawn as the build draws the EPUB's cover image.
    let front = cover::design::front(&doc.meta, layout, ts, None);
    group.bench_function("draw_cover", |b| {
        b.iter(|| cover::raster::png(&front, faces, 2000).expect("cover"))
    });
    let mut assets = pamphleteer::epub::EpubAssets::for_book(&ts.fonts, date, doc, files);
    assets.cover = Some(CoverImage {
        bytes: cover::raster::png(&front, faces, 2000).expect("cover"),
        media_type: "image/png".into(),
    });
    group.bench_function("write_epub", |b| {
        b.iter(|| epub::write(doc, layout, &assets, Some(&pages.page_starts)).expect("epub"))
    });
}

/// The whole seed essay as one paragraph, set at two measures.
fn long_paragraphs(c: &mut Criterion<CpuTime>) {
    use pamphleteer::typeset::{ParagraphSettings, Run, RunStyle};
    const SEED: &str = include_str!("../tests/fixtures/seed/class-nature-of-the-soviet-state.txt");
    const A5_MEASURE: f64 = (148.0 - 37.0) * 72.0 / 25.4;
    let essay: String = SEED
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let ts = Typesetter::bundled();
    let mut group = c.benchmark_group("long_paragraph");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (name, measure, chars) in [("essay", A5_MEASURE, essay.len()), ("narrow", 60.0, 20_000)] {
        let text = &essay[..essay.floor_char_boundary(chars)];
        let run = Run::new(text, RunStyle::default());
        let settings = ParagraphSettings {
            measure,
            size: 10.5,
            indent_left: 0.0,
            indent_right: 0.0,
            first_line_indent: 1.2 * 10.5,
            align: TextAlign::Justify,
            leading: 13.65,
            hyphenate: true,
            old_style_figures: true,
            looseness: 0,
        };
        group.bench_function(name, |b| {
            b.iter(|| ts.paragraph(black_box(std::slice::from_ref(&run)), &settings))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = stages, long_paragraphs
}
criterion_main!(benches);
