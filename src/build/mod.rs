//! The build driver: the only place the stages meet.
//!
//! [`run`] finds the project ([`input`]), then calls the stages in order — parse and
//! resolve, fonts, cover design, typeset, print PDF and booklet, print cover, EPUB —
//! and saves what they made; [`outcome`] holds what a run reports and ends it with one
//! line counting its errors and warnings. Domain work lives in the stages: cover
//! artwork in [`crate::cover::artwork`], fonts in [`crate::typeset::fonts`], figures
//! in [`crate::typeset::pictures`], EPUB assets in [`crate::epub::EpubAssets::for_book`].

mod ebook;
mod format;
mod input;
mod options;
mod outcome;
mod print;
mod warm;

pub use format::{Format, UnknownFormat};
pub use options::{BuildOptions, MakeOptions};
pub use outcome::{Outcome, PrintPages, Products, Stage};
pub(crate) use warm::Memos;
pub use warm::Warm;

use crate::cover::{self, artwork};
use crate::diag::Diagnostic;
use crate::epub::EpubAssets;
use crate::output::Timestamp;
use crate::parse::{self, Input, ProjectFiles};
use crate::typeset::Pages;
use outcome::{Action, count, made};
use print::{print_outputs, typeset_pages, typesetter};
use std::sync::Arc;
use std::time::Instant;

/// Runs a build or check.
pub fn run(opts: &BuildOptions) -> Outcome {
    run_with(opts, &Stage::default())
}

/// [`run`], naming each step in `stage` as it starts.
pub fn run_with(opts: &BuildOptions, stage: &Stage) -> Outcome {
    run_warm(opts, stage, &Warm::default())
}

/// [`run_with`], starting from what earlier builds left in `warm` (`watch` keeps one for
/// all its rebuilds). The bytes are the same as a cold build's.
pub fn run_warm(opts: &BuildOptions, stage: &Stage, warm: &Warm) -> Outcome {
    let started = Instant::now();
    let action = if opts.write {
        Action::Build
    } else {
        Action::Check
    };
    let mut outcome = Outcome::default();
    stage.set("Reading");
    run_stages(opts, stage, warm, &mut outcome);
    outcome.diagnostics.sort();
    if !outcome.failed && outcome.blocked(opts.deny_warnings) {
        outcome.stop();
    }
    let seconds = started.elapsed().as_secs_f64();
    outcome.finish(action, opts.deny_warnings, seconds);
    outcome
}

/// The steps of [`run_with`] up to its summary line.
fn run_stages(opts: &BuildOptions, stage: &Stage, warm: &Warm, outcome: &mut Outcome) {
    // The project: the folder given, the current one, or the bundled pamphlet.
    let project = match input::project(opts.project.as_deref(), opts.example) {
        Ok(p) => p,
        Err(d) => {
            outcome.diagnostics.push(d);
            return outcome.stop();
        }
    };
    let files = project.files.as_ref();
    // Parse and resolve the manuscript; stop on errors before writing anything.
    let memos = warm.memos();
    let Some(input) = resolve(files, opts.deny_warnings, outcome, &memos.parse) else {
        return;
    };
    if !opts.write {
        // `check` reads the cover artwork too: an SVG with text or malformed.
        if artwork::find(files, &mut outcome.sources, &mut outcome.diagnostics).is_err() {
            outcome.stop();
        }
        return;
    }
    // Make every output in memory; write only when all of them were made.
    let make_opts = MakeOptions {
        formats: opts.formats.clone(),
        deny_warnings: opts.deny_warnings,
        fonts_root: project.fonts_root.clone(),
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
        marks: opts.marks,
        creep: opts.creep,
        stage: stage.clone(),
        keep_pages: false,
        warm: warm.clone(),
    };
    let made = render(&input, files, &make_opts, &memos, outcome);
    let Some(products) = made.filter(|_| !outcome.failed) else {
        return;
    };
    stage.set("Saving");
    let out_dir = opts.out.clone().unwrap_or_else(|| project.root.join("out"));
    products.save(&out_dir, &input.document.meta.slug, outcome);
}

/// Parses, typesets and renders a project in memory, writing nothing: `None` when the
/// manuscript or a stage failed (the reasons are in `outcome`). Used by [`run`], the
/// fuzzers and the tests.
pub fn make(
    files: &dyn ProjectFiles,
    opts: &MakeOptions,
    outcome: &mut Outcome,
) -> Option<Products> {
    let memos = opts.warm.memos();
    let input = resolve(files, opts.deny_warnings, outcome, &memos.parse)?;
    let products = render(&input, files, opts, &memos, outcome);
    outcome.diagnostics.sort();
    products.filter(|_| !outcome.failed)
}

/// Parses and resolves the manuscript; `None` (with the build stopped) on errors, or
/// on warnings when they are denied.
fn resolve(
    files: &dyn ProjectFiles,
    deny_warnings: bool,
    outcome: &mut Outcome,
    memos: &parse::Memos,
) -> Option<Input> {
    let (sources, diags) = (&mut outcome.sources, &mut outcome.diagnostics);
    let input = parse::parse_project_with(files, sources, diags, memos);
    outcome.diagnostics.sort();
    let Some(input) = input.filter(|_| !outcome.blocked(deny_warnings)) else {
        outcome.stop();
        return None;
    };
    let doc = &input.document;
    let counts = [
        count(doc.chapters.len(), "chapter", "chapters"),
        count(doc.notes.len(), "note", "notes"),
        count(doc.citations.len(), "citation", "citations"),
        count(doc.glossary.len(), "glossary term", "glossary terms"),
        count(doc.bibliography.len(), "work cited", "works cited"),
    ];
    outcome.say("Resolved", counts.join(", "));
    Some(input)
}

/// Typesets once and renders every output asked for, in memory.
fn render(
    input: &Input,
    files: &dyn ProjectFiles,
    opts: &MakeOptions,
    memos: &Memos,
    outcome: &mut Outcome,
) -> Option<Products> {
    let doc = &input.document;
    let date = Timestamp::for_build(opts.source_date_epoch.as_deref(), doc.meta.date.as_deref());
    let wants = |f: Format| opts.formats.contains(&f);
    // The fonts: bundled, or the project's family from fonts/.
    let ts = typesetter(input, opts, outcome)?;
    // One cover design for the print cover and the EPUB's cover image.
    let art = if wants(Format::Cover) || wants(Format::Epub) {
        let found = artwork::find(files, &mut outcome.sources, &mut outcome.diagnostics);
        found.map_err(|_| outcome.stop()).ok()?
    } else {
        None
    };
    let front = cover::design::front(&doc.meta, &input.layout, &ts, art.as_ref());
    if let Some(art) = &art {
        artwork::check_resolution(&front, art, &mut outcome.diagnostics);
    }
    // The EPUB is made on a second thread: its cover image and fonts while this one
    // typesets, its documents (which need the printed page starts) while this one writes
    // the print PDFs. The two share nothing but the immutable pages, sent over when set.
    let assets = wants(Format::Epub).then(|| EpubAssets::for_book(&ts.fonts, date, doc, files));
    let (send_pages, pages_sent) = std::sync::mpsc::channel::<Option<Arc<Pages>>>();
    let (mut products, epub_made) = std::thread::scope(|s| {
        let epub = assets.map(|assets| {
            let (front, art, ts) = (&front, art.as_ref(), &ts);
            let keep = opts.keep_pages;
            s.spawn(move || ebook::make(input, assets, (front, art), ts, memos, pages_sent, keep))
        });
        // Typeset once for every print output; the EPUB's page-list comes from the same pages.
        let print =
            wants(Format::Pdf) || wants(Format::Booklet) || wants(Format::Cover) || opts.keep_pages;
        let pages = print.then(|| Arc::new(typeset_pages(input, &ts, files, opts, outcome)));
        let kept = pages.clone().filter(|_| opts.keep_pages);
        let mut products = Products {
            pages: kept.map(|pages| print::kept_pages(pages, &ts, input)),
            ..Products::default()
        };
        if !outcome.blocked(opts.deny_warnings) {
            // The printed page starts go into the EPUB only when the PDF is made too.
            let printed = pages.clone().filter(|_| wants(Format::Pdf));
            send_pages.send(printed).ok();
            if let Some(pages) = &pages {
                print_outputs(
                    input,
                    &ts,
                    pages,
                    &front,
                    date,
                    opts,
                    outcome,
                    &mut products,
                );
            }
        }
        drop(send_pages);
        opts.stage.set("Writing EPUB");
        match epub.map(|h| h.join()) {
            Some(Ok(made)) => (products, made),
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => (products, None),
        }
    });
    opts.warm.keep(ts);
    if outcome.blocked(opts.deny_warnings) {
        outcome.stop();
        return None;
    }
    if let Some((epub, files, cover_error)) = epub_made {
        products.epub_files = files;
        if let Some(e) = cover_error {
            let message = format!("cannot draw the cover image: {e}");
            outcome.diagnostics.push(Diagnostic::warning(None, message));
        }
        products.epub = made(outcome, "EPUB", epub);
    }
    Some(products)
}

/// Creates a new project folder that builds as it stands.
pub fn scaffold(dir: &std::path::Path) -> std::io::Result<()> {
    crate::scaffold::create(dir)
}
