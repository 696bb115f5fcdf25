//! The build driver: the only place the stages meet.
//!
//! parse → (fonts, typesetter) → typeset → pdf, booklet → epub (with the printed page
//! starts when the PDF was typeset in the same run). Every output is written through
//! [`output::write_atomic`].

use crate::cli::Format;
use crate::cover::design::{ArtKind, ArtSource, Artwork};
use crate::cover::{self, Scene};
use crate::diag::{Diagnostic, Diagnostics, Sources, Span};
use crate::epub::{self, CoverImage, EpubAssets, FontFamily, ImageFile};
use crate::layout::Binding;
use crate::model::{Block, BlockKind, Document, Inline, InlineKind};
use crate::output::{self, Timestamp};
use crate::parse::{self, DirFiles, Input, ProjectFiles};
use crate::pdf::{self, BookletOptions, PdfOptions};
use crate::typeset::fonts::{FaceStyle, FontBook};
use crate::typeset::{self, Pages, Picture, Pictures, Typesetter};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Project folder; `None` means the current folder, or the bundled pamphlet.
    pub project: Option<PathBuf>,
    /// Output folder; `None` means `PROJECT/out`.
    pub out: Option<PathBuf>,
    /// Outputs to make.
    pub formats: Vec<Format>,
    /// Whether warnings fail the build.
    pub deny_warnings: bool,
    /// `false` for `check`: resolve only.
    pub write: bool,
    /// Crop marks and a slug line on the print PDF.
    pub marks: bool,
    /// Creep compensation in the booklet (by the layout's paper thickness).
    pub creep: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every file read (for rendering diagnostics).
    pub sources: Sources,
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// Lines for the terminal: what was written, or why not.
    pub summary: Vec<String>,
    /// Whether the exit status should be non-zero.
    pub failed: bool,
}

impl Outcome {
    fn say(&mut self, verb: &str, what: impl std::fmt::Display) {
        self.summary.push(format!("{verb:>12} {what}"));
    }

    /// Whether the diagnostics so far stop the build.
    fn blocked(&self, deny_warnings: bool) -> bool {
        self.diagnostics.has_errors() || (deny_warnings && self.diagnostics.warning_count() > 0)
    }

    fn fail(&mut self, why: impl std::fmt::Display) {
        self.failed = true;
        self.summary.push(format!("error: {why}"));
    }
}

/// The bytes of each output a build made, before anything is written.
#[derive(Debug, Default)]
pub struct Products {
    /// The print PDF.
    pub pdf: Option<Vec<u8>>,
    /// The imposed booklet, with its one-line printing instruction.
    pub booklet: Option<(Vec<u8>, String)>,
    /// The print cover (back, spine, front).
    pub cover: Option<Vec<u8>>,
    /// The EPUB.
    pub epub: Option<Vec<u8>>,
    /// The typeset pages, when [`MakeOptions::keep_pages`] asked for them (the live
    /// preview paints them).
    pub pages: Option<PrintPages>,
}

/// Typeset pages with what painting them needs.
#[derive(Debug, Clone)]
pub struct PrintPages {
    /// The pages.
    pub pages: Arc<Pages>,
    /// The faces their text runs use.
    pub faces: Arc<Vec<typeset::frame::FaceData>>,
    /// The trimmed page size, pt.
    pub trim: crate::layout::Size,
}

/// What a build is doing now, for a progress line (the CLI shows it when a build takes
/// longer than a second). Shared with the thread that watches it.
#[derive(Debug, Clone, Default)]
pub struct Stage(Arc<std::sync::Mutex<&'static str>>);

impl Stage {
    /// Names the step now running ("Typesetting").
    pub fn set(&self, what: &'static str) {
        if let Ok(mut s) = self.0.lock() {
            *s = what;
        }
    }

    /// The step now running ("" before the first).
    pub fn get(&self) -> &'static str {
        self.0.lock().map_or("", |s| *s)
    }
}

/// How [`make`] builds: what to make, and what it may read besides the manuscript.
#[derive(Debug, Clone, Default)]
pub struct MakeOptions {
    /// Outputs to make.
    pub formats: Vec<Format>,
    /// Whether warnings fail the build.
    pub deny_warnings: bool,
    /// The project folder, for a font family in its fonts/ folder; `None`: bundled fonts.
    pub fonts_root: Option<PathBuf>,
    /// `SOURCE_DATE_EPOCH`, if set: the date written into the outputs.
    pub source_date_epoch: Option<String>,
    /// Crop marks and a slug line on the print PDF.
    pub marks: bool,
    /// Creep compensation in the booklet.
    pub creep: bool,
    /// Where the build says what it is doing.
    pub stage: Stage,
    /// Typeset even when no print output is asked for, and hand the pages back.
    pub keep_pages: bool,
}

/// Runs a build or check.
pub fn run(opts: &BuildOptions) -> Outcome {
    run_with(opts, &Stage::default())
}

/// [`run`], naming each step in `stage` as it starts.
pub fn run_with(opts: &BuildOptions, stage: &Stage) -> Outcome {
    let started = Instant::now();
    stage.set("Reading");
    let mut outcome = Outcome::default();
    let root = opts.project.clone().unwrap_or_else(|| PathBuf::from("."));
    let embedded =
        opts.project.is_none() && !root.join(parse::MANUSCRIPT).join("book.toml").is_file();
    let files: Box<dyn ProjectFiles> = if embedded {
        outcome.say(
            "Using",
            "the bundled pamphlet (no manuscript/book.toml here)",
        );
        Box::new(parse::files::embedded_pamphlet())
    } else {
        Box::new(DirFiles::new(&root))
    };

    // Parse and resolve the manuscript; stop on errors before writing anything.
    let Some(input) = resolve(files.as_ref(), opts.deny_warnings, &mut outcome) else {
        return outcome;
    };
    if !opts.write {
        // The cover artwork is checked too: an SVG with text or malformed.
        if artwork(files.as_ref(), &mut outcome).is_err() {
            return outcome;
        }
        outcome.diagnostics.sort();
        outcome.say(
            "Checked",
            format!(
                "no errors ({} warnings)",
                outcome.diagnostics.warning_count()
            ),
        );
        return outcome;
    }
    // Make every output in memory; write only when all of them were made.
    let make_opts = MakeOptions {
        formats: opts.formats.clone(),
        deny_warnings: opts.deny_warnings,
        fonts_root: (!embedded).then(|| root.clone()),
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
        marks: opts.marks,
        creep: opts.creep,
        stage: stage.clone(),
        keep_pages: false,
    };
    let products = render(&input, files.as_ref(), &make_opts, &mut outcome);
    outcome.diagnostics.sort();
    let Some(products) = products.filter(|_| !outcome.failed) else {
        return outcome;
    };
    stage.set("Saving");
    let out_dir = opts.out.clone().unwrap_or_else(|| root.join("out"));
    let slug = &input.document.meta.slug;
    if let Some(pdf) = products.pdf {
        save(&mut outcome, &out_dir.join(format!("{slug}.pdf")), pdf);
    }
    if let Some((booklet, instructions)) = products.booklet {
        save(
            &mut outcome,
            &out_dir.join(format!("{slug}-booklet.pdf")),
            booklet,
        );
        outcome.say("Print", instructions);
    }
    if let Some(cover) = products.cover {
        save(
            &mut outcome,
            &out_dir.join(format!("{slug}-cover.pdf")),
            cover,
        );
    }
    if let Some(epub) = products.epub {
        save(&mut outcome, &out_dir.join(format!("{slug}.epub")), epub);
    }
    if !outcome.failed {
        outcome.say(
            "Finished",
            format!("in {:.2} s", started.elapsed().as_secs_f64()),
        );
    }
    outcome
}

/// Parses, typesets and renders a project in memory, writing nothing: `None` when the
/// manuscript or a stage failed (the reasons are in `outcome`). Used by [`run`], the
/// fuzzers and the tests.
pub fn make(
    files: &dyn ProjectFiles,
    opts: &MakeOptions,
    outcome: &mut Outcome,
) -> Option<Products> {
    let input = resolve(files, opts.deny_warnings, outcome)?;
    let products = render(&input, files, opts, outcome);
    outcome.diagnostics.sort();
    products.filter(|_| !outcome.failed)
}

/// Parses and resolves the manuscript; `None` (with the build failed) on errors.
/// "1 chapter", "5 chapters".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn resolve(files: &dyn ProjectFiles, deny_warnings: bool, outcome: &mut Outcome) -> Option<Input> {
    let input = parse::parse_project(files, &mut outcome.sources, &mut outcome.diagnostics);
    outcome.diagnostics.sort();
    match input {
        Some(input) if !outcome.blocked(deny_warnings) => {
            let doc = &input.document;
            outcome.say(
                "Resolved",
                [
                    count(doc.chapters.len(), "chapter", "chapters"),
                    count(doc.notes.len(), "note", "notes"),
                    count(doc.citations.len(), "citation", "citations"),
                    count(doc.glossary.len(), "glossary term", "glossary terms"),
                    count(doc.bibliography.len(), "work cited", "works cited"),
                ]
                .join(", "),
            );
            Some(input)
        }
        _ => {
            let n = outcome.diagnostics.len();
            outcome.fail(format!(
                "could not build: {n} problem{} above",
                if n == 1 { "" } else { "s" }
            ));
            None
        }
    }
}

/// Typesets once and renders every output asked for, in memory.
fn render(
    input: &Input,
    files: &dyn ProjectFiles,
    opts: &MakeOptions,
    outcome: &mut Outcome,
) -> Option<Products> {
    let doc = &input.document;
    let date = Timestamp::for_build(opts.source_date_epoch.as_deref(), doc.meta.date.as_deref());
    let Some(ts) = typesetter(input, opts.fonts_root.as_deref(), outcome) else {
        outcome.fail("could not load the fonts");
        return None;
    };
    let wants = |f: Format| opts.formats.contains(&f);
    let print =
        wants(Format::Pdf) || wants(Format::Booklet) || wants(Format::Cover) || opts.keep_pages;

    let (meta, geometry) = (&doc.meta, &input.layout.page);
    // One cover design for the print cover and the EPUB's cover image.
    let (artwork, front) = if wants(Format::Cover) || wants(Format::Epub) {
        let artwork = artwork(files, outcome).ok()?;
        let front = cover::design::front(meta, &input.layout, &ts, artwork.as_ref());
        (artwork, front)
    } else {
        (None, cover::design::front(meta, &input.layout, &ts, None))
    };
    // The EPUB is made on a second thread: its cover image and fonts while this one
    // typesets, its documents (which need the printed page starts) while this one writes
    // the print PDFs. The two share nothing but the immutable pages, sent over when set.
    let assets = wants(Format::Epub).then(|| epub_assets(&ts, date, doc, files));
    let (send_pages, pages_sent) = std::sync::mpsc::channel::<Option<Arc<Pages>>>();
    let (products, epub_made, cover_error) = std::thread::scope(|s| {
        let epub = assets.map(|mut assets| {
            let (front, art, ts, layout) = (&front, artwork.as_ref(), &ts, &input.layout);
            s.spawn(move || {
                let cover_error = match epub_cover(front, art, ts) {
                    Ok(cover) => {
                        assets.cover = Some(cover);
                        None
                    }
                    Err(e) => Some(e),
                };
                // No pages sent: the build stopped after typesetting.
                let pages = pages_sent.recv().ok()?;
                let printed = pages.as_ref().map(|p| epub::PrintedPages {
                    text: &p.page_starts,
                    matter: &p.matter_starts,
                });
                let epub = epub::write_with_pages(doc, layout, &assets, printed);
                Some((epub, cover_error))
            })
        });
        // Typeset once for every print output; the EPUB's page-list comes from the same pages.
        let pages = print.then(|| {
            opts.stage.set("Typesetting");
            let t = Instant::now();
            let mut diags = Diagnostics::default();
            let pictures = pictures(doc, files);
            let pages = typeset::typeset(doc, &input.layout, &ts, &pictures, &mut diags);
            // A file the parser already called no image needs no second word from print.
            let told: Vec<_> = outcome.diagnostics.iter().filter_map(|d| d.span).collect();
            diags.retain(|d| {
                !(d.message.starts_with(typeset::NOT_PRINTABLE)
                    && d.span.is_some_and(|s| told.contains(&s)))
            });
            place_missing_characters(doc, &outcome.sources, &mut diags);
            outcome.diagnostics.extend(diags);
            let padding = match pages.padding_pages {
                0 => String::new(),
                n => format!(", {n} blank for saddle stitching"),
            };
            outcome.say(
                "Typeset",
                format!(
                    "{} pages{padding} ({} ms)",
                    pages.pages.len(),
                    t.elapsed().as_millis()
                ),
            );
            pages
        });
        let pages = pages.map(Arc::new);
        let mut products = Products {
            pages: pages
                .clone()
                .filter(|_| opts.keep_pages)
                .map(|pages| PrintPages {
                    pages,
                    faces: Arc::new(ts.fonts.faces().to_vec()),
                    trim: geometry.trim,
                }),
            ..Products::default()
        };
        if !outcome.blocked(opts.deny_warnings) {
            // The printed page starts go into the EPUB only when the PDF is made too.
            send_pages
                .send(pages.clone().filter(|_| wants(Format::Pdf)))
                .ok();
            if let Some(pages) = &pages {
                // The print PDF and the booklet from one drawing of the pages.
                if wants(Format::Pdf) || wants(Format::Booklet) {
                    opts.stage.set(if wants(Format::Pdf) {
                        "Writing PDF"
                    } else {
                        "Imposing"
                    });
                    let pdf_opts = PdfOptions {
                        marks: opts.marks,
                        date,
                    };
                    let booklet_opts = wants(Format::Booklet).then(|| BookletOptions {
                        date,
                        creep: opts.creep.then_some(input.layout.paper_thickness),
                    });
                    let r = pdf::write_print(
                        pages,
                        ts.fonts.faces(),
                        meta,
                        geometry,
                        &pdf_opts,
                        booklet_opts.as_ref(),
                    );
                    let (pdf, booklet) = match r {
                        Ok(print) => (Ok(print.pdf), print.booklet),
                        // One failure of the drawing is told once, as the PDF's
                        // when the PDF was asked for.
                        Err(e) if wants(Format::Pdf) => (Err(e), None),
                        Err(e) => (Err(e.clone()), Some(Err(e))),
                    };
                    if wants(Format::Pdf) {
                        products.pdf = made(outcome, "PDF", pdf);
                    }
                    if let Some(r) = booklet {
                        products.booklet =
                            made(outcome, "booklet", r).map(|b| (b.pdf, b.instructions));
                    }
                }
                if wants(Format::Cover) {
                    opts.stage.set("Drawing cover");
                    products.cover = print_cover(input, &ts, pages, &front, date, outcome);
                }
            }
        }
        drop(send_pages);
        opts.stage.set("Writing EPUB");
        match epub.map(|h| h.join()) {
            Some(Ok(Some((epub, cover_error)))) => (products, Some(epub), cover_error),
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            Some(Ok(None)) | None => (products, None, None),
        }
    });
    if outcome.blocked(opts.deny_warnings) {
        outcome.fail("the typesetter reported problems above");
        return None;
    }
    let mut products = products;
    if let Some(e) = cover_error {
        outcome.diagnostics.push(Diagnostic::warning(
            None,
            format!("cannot draw the cover image: {e}"),
        ));
    }
    if let Some(r) = epub_made {
        products.epub = made(outcome, "EPUB", r);
    }
    Some(products)
}

/// The print cover: back, spine (for perfect binding) and front as one spread.
fn print_cover(
    input: &Input,
    ts: &Typesetter,
    pages: &Pages,
    front: &Scene,
    date: Timestamp,
    outcome: &mut Outcome,
) -> Option<Vec<u8>> {
    let (doc, layout) = (&input.document, &input.layout);
    let back = cover::design::back(&doc.meta, layout, ts);
    let spine = match layout.binding {
        Binding::Perfect => pages.pages.len().div_ceil(2) as f64 * layout.paper_thickness,
        Binding::SaddleStitch => 0.0,
    };
    let spine_marks = match layout.binding {
        Binding::Perfect => {
            let marks = cover::design::spine(&doc.meta, ts, spine, front.height);
            if marks.is_none() {
                outcome.say(
                    "Spine",
                    format!(
                        "left plain: {:.1} mm wide ({} pages at {:.3} mm), narrower than the {:.1} mm that carries its title",
                        spine / MM,
                        pages.pages.len(),
                        layout.paper_thickness / MM,
                        cover::design::MIN_SPINE_FOR_TEXT / MM
                    ),
                );
            }
            marks.unwrap_or_default()
        }
        Binding::SaddleStitch => vec![],
    };
    let spread = cover::design::spread(front, &back, spine, cover::design::FIELD, &spine_marks);
    let r = pdf::write_cover(&spread, ts.fonts.faces(), &doc.meta, date);
    made(outcome, "cover", r)
}

/// Points in a millimetre.
const MM: f64 = 72.0 / 25.4;

/// The typesetter's warning about characters no font has, without a place.
const NO_FONT: &str = "no font of the book has these characters:";

/// Replaces the typesetter's one warning listing the characters no font has with one
/// warning per character at its first use in the manuscript (file:line:col); characters
/// with no place in the manuscript (generated or from book.toml) stay in a list.
fn place_missing_characters(doc: &Document, sources: &Sources, diags: &mut Diagnostics) {
    let Some(list) = diags
        .iter()
        .find(|d| d.span.is_none() && d.message.starts_with(NO_FONT))
        .map(|d| d.message.clone())
    else {
        return;
    };
    let chars: Vec<char> = list
        .split('‘')
        .skip(1)
        .filter_map(|s| s.chars().next())
        .collect();
    let mut first_use: Vec<Option<Span>> = vec![None; chars.len()];
    let mut look = |i: &Inline| {
        let (InlineKind::Text(t) | InlineKind::Code(t)) = &i.kind else {
            return;
        };
        for (k, c) in chars.iter().enumerate() {
            if first_use[k].is_none() && t.contains(*c) && !i.span.is_detached() {
                let source = sources.slice(i.span);
                let at = source.find(*c).unwrap_or(0);
                let len = source[at..].chars().next().map_or(0, char::len_utf8);
                first_use[k] = Some(i.span.sub(at..at + len));
            }
        }
    };
    for chapter in &doc.chapters {
        let title = Block {
            kind: BlockKind::Paragraph(chapter.title.clone()),
            span: chapter.span,
        };
        visit_inlines(std::slice::from_ref(&title), &mut look);
        visit_inlines(&chapter.blocks, &mut look);
    }
    for note in &doc.notes {
        visit_inlines(&note.blocks, &mut look);
    }
    for entry in &doc.glossary {
        visit_inlines(&entry.definition, &mut look);
    }
    diags.retain(|d| !(d.span.is_none() && d.message.starts_with(NO_FONT)));
    let mut unplaced = String::new();
    for (c, span) in chars.into_iter().zip(first_use) {
        let Some(span) = span else {
            unplaced.push_str(&format!(" U+{:04X} ‘{c}’", c as u32));
            continue;
        };
        diags.push(
            Diagnostic::warning(span, format!("no font of the book has ‘{c}’ (U+{:04X})", c as u32))
                .with_hint("it prints as an empty box; choose a font that has it, or replace it (first use shown)"),
        );
    }
    if !unplaced.is_empty() {
        diags.push(
            Diagnostic::warning(None, format!("{NO_FONT}{unplaced}")).with_hint(
                "they print as empty boxes; choose a font that has them or replace them",
            ),
        );
    }
}

/// Calls `f` on every inline of `blocks`, children after their parent.
fn visit_inlines(blocks: &[Block], f: &mut dyn FnMut(&Inline)) {
    fn inlines(list: &[Inline], f: &mut dyn FnMut(&Inline)) {
        for i in list {
            f(i);
            if let Some(c) = i.kind.children() {
                inlines(c, f);
            }
        }
    }
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => inlines(c, f),
            BlockKind::BlockQuote(inner) => visit_inlines(inner, f),
            BlockKind::List { items, .. } => items.iter().for_each(|i| visit_inlines(i, f)),
            BlockKind::Table { header, rows, .. } => header
                .iter()
                .chain(rows.iter().flatten())
                .for_each(|cell| inlines(cell, f)),
            BlockKind::CodeBlock { .. } | BlockKind::ThematicBreak => {}
        }
    }
}

/// An output's bytes, or the build failed with the backend's reason.
fn made<T, E: std::fmt::Display>(outcome: &mut Outcome, what: &str, r: Result<T, E>) -> Option<T> {
    r.map_err(|e| outcome.fail(format!("cannot make the {what}: {e}")))
        .ok()
}

/// Loads the book's fonts (bundled, or a family from the project's fonts/ folder).
fn typesetter(input: &Input, root: Option<&Path>, outcome: &mut Outcome) -> Option<Typesetter> {
    let family = input.layout.font.as_deref();
    let fonts = match (root, family) {
        (Some(root), Some(_)) => FontBook::load(&root.join("fonts"), family),
        _ => Ok(FontBook::bundled()),
    };
    let fonts = match fonts {
        Ok(f) => f,
        Err(e) => {
            outcome.diagnostics.push(
                Diagnostic::error(
                    None,
                    format!(
                        "cannot load the font family `{}`: {e:?}",
                        family.unwrap_or("")
                    ),
                )
                .with_hint(
                    "put the family's .otf or .ttf files in fonts/, or remove `font` from [layout]",
                ),
            );
            return None;
        }
    };
    let ts = Typesetter::new(fonts, &input.layout.language);
    if input.layout.hyphenate && !ts.hyphenation_available() {
        outcome.diagnostics.push(
            Diagnostic::warning(None, format!("no hyphenation patterns for language `{}`", input.layout.language))
                .with_hint("lines are broken without hyphenation; set `hyphenate = false` in [layout] to silence this"),
        );
    }
    Some(ts)
}

/// The fonts, images and date the EPUB embeds: the same faces as the print edition.
/// Public for the benchmarks.
pub fn epub_assets(
    ts: &Typesetter,
    date: Timestamp,
    doc: &Document,
    files: &dyn ProjectFiles,
) -> EpubAssets {
    let face = |italic, bold| {
        ts.fonts
            .styles()
            .into_iter()
            .find(|(s, _)| *s == FaceStyle { italic, bold })
            .map(|(_, d)| d.data.to_vec())
    };
    let fonts = face(false, false).map(|regular| FontFamily {
        family: ts.fonts.family().to_string(),
        regular,
        italic: face(true, false),
        bold: face(false, true),
        bold_italic: face(true, true),
        licence: include_str!("../fonts/OFL-SourceSerif4.md").to_string(),
    });
    let mono_face = &ts.fonts.faces()[ts.fonts.monospace().0 as usize];
    let mono = Some(FontFamily {
        family: "Source Code Pro".to_string(),
        regular: mono_face.data.to_vec(),
        italic: None,
        bold: None,
        bold_italic: None,
        licence: include_str!("../fonts/OFL-SourceCodePro.md").to_string(),
    });
    EpubAssets {
        fonts,
        mono,
        cover: None,
        images: images(doc, files),
        version: env!("CARGO_PKG_VERSION").to_string(),
        modified: date,
    }
}

/// The local images the book shows (chapters, notes, glossary, works cited), read from
/// manuscript/ (the parser checked that they exist).
fn images(doc: &Document, files: &dyn ProjectFiles) -> Vec<ImageFile> {
    epub::image_urls(doc)
        .into_iter()
        .filter_map(|url| {
            let bytes = files.read(&Path::new(parse::MANUSCRIPT).join(&url)).ok()?;
            Some(ImageFile { url, bytes })
        })
        .collect()
}

/// The images the print pages may set as figures: the PNG and JPEG files the text
/// shows, with their size in pixels (other kinds, and images of more than 25 million
/// pixels, are set as their alt text).
fn pictures(doc: &Document, files: &dyn ProjectFiles) -> Pictures {
    epub::image_urls(doc)
        .into_iter()
        .filter_map(|url| {
            let bytes = files.read(&parse::images::image_path(&url)).ok()?;
            let (width, height) = parse::images::pixel_size(&bytes)?;
            // Beyond what the parser accepts without a warning, print does not decode
            // it (a 60000 × 60000 header would ask for gigabytes): the alt text is set.
            if u64::from(width) * u64::from(height) > parse::images::MAX_PIXELS {
                return None;
            }
            let picture = Picture {
                name: url.clone(),
                bytes: Arc::new(bytes),
                width,
                height,
            };
            Some((url, Arc::new(picture)))
        })
        .collect()
}

/// Cover artwork from `covers/`: `front.*` (the whole front, full bleed) or else
/// `illustration.*` (framed by the typographic design), each as SVG, PNG or JPEG.
/// `Err` when an SVG cannot be read (the error is in `outcome`).
fn artwork(files: &dyn ProjectFiles, outcome: &mut Outcome) -> Result<Option<Artwork>, ()> {
    let mut found: Vec<(ArtKind, PathBuf)> = vec![];
    for (kind, stem) in [
        (ArtKind::Front, "front"),
        (ArtKind::Illustration, "illustration"),
    ] {
        for ext in ["svg", "png", "jpg", "jpeg"] {
            let path = Path::new("covers").join(format!("{stem}.{ext}"));
            if files.exists(&path) && !found.iter().any(|(k, _)| *k == kind) {
                found.push((kind, path));
            }
        }
    }
    let Some((kind, path)) = found.first().cloned() else {
        return Ok(None);
    };
    if let Some((_, ignored)) = found.get(1) {
        outcome.diagnostics.push(
            Diagnostic::warning(
                None,
                format!(
                    "{} is not used: {} is the whole front cover",
                    ignored.display(),
                    path.display()
                ),
            )
            .with_hint(
                "keep one of them: front.* replaces the design, illustration.* is framed by it",
            ),
        );
    }
    let Ok(bytes) = files.read(&path) else {
        return Ok(None);
    };
    let svg = path.extension().is_some_and(|e| e == "svg");
    if !svg {
        let aspect = parse::images::pixel_size(&bytes).map(|(w, h)| f64::from(w) / f64::from(h));
        let Some(aspect) = aspect else {
            outcome.diagnostics.push(
                Diagnostic::warning(
                    None,
                    format!(
                        "{} is not a PNG or JPEG file; the typographic cover is used",
                        path.display()
                    ),
                )
                .with_hint("export the artwork as SVG, PNG or JPEG"),
            );
            return Ok(None);
        };
        let data = Arc::new(bytes);
        return Ok(Some(Artwork {
            kind,
            source: ArtSource::Raster { data, aspect },
        }));
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let file = outcome.sources.add(&path, text.clone());
    match cover::svg::parse(&text) {
        Ok(parsed) => {
            if let Some(first) = parsed.text_elements.first() {
                let more = match parsed.text_elements.len() - 1 {
                    0 => String::new(),
                    1 => " (and 1 more)".to_string(),
                    n => format!(" (and {n} more)"),
                };
                outcome.diagnostics.push(
                    Diagnostic::warning(
                        Span::new(file, first.clone()),
                        format!("the cover artwork has text, which is not drawn{more}: text must be converted to outlines"),
                    )
                    .with_hint("convert the text to paths in the drawing program (Inkscape: Path ▸ Object to Path) and export again"),
                );
            }
            Ok(Some(Artwork {
                kind,
                source: ArtSource::Svg(parsed.svg),
            }))
        }
        Err(e) => {
            outcome.diagnostics.push(
                Diagnostic::error(Span::new(file, e.at), e.message).with_hint(
                    "fix the SVG (or export it again), or remove it to use the typographic cover",
                ),
            );
            outcome.fail(format!("cannot read the cover artwork {}", path.display()));
            Err(())
        }
    }
}

/// `image/png` or `image/jpeg` from the file's signature.
fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// The EPUB's cover image: PNG or JPEG front artwork as given, or else the front
/// (typographic, framing an illustration, or SVG front artwork) rendered 2000 px tall
/// (1409 px wide at A5: Apple asks 1400 on the short side) — the same face as the
/// print cover.
fn epub_cover(front: &Scene, art: Option<&Artwork>, ts: &Typesetter) -> Result<CoverImage, String> {
    if let Some(Artwork {
        kind: ArtKind::Front,
        source: ArtSource::Raster { data, .. },
    }) = art
        && let Some(kind) = image_kind(data)
    {
        return Ok(CoverImage {
            bytes: data.to_vec(),
            media_type: kind.to_string(),
        });
    }
    cover::raster::png(front, ts.fonts.faces(), 2000)
        .map(|bytes| CoverImage {
            bytes,
            media_type: "image/png".into(),
        })
        .map_err(|e| format!("{e:?}"))
}

/// Writes one output atomically and records it in the summary.
fn save(outcome: &mut Outcome, path: &Path, bytes: Vec<u8>) {
    match output::write_atomic(path, &bytes) {
        Ok(()) => outcome.say(
            "Wrote",
            format!("{} ({} KB)", path.display(), bytes.len().div_ceil(1024)),
        ),
        Err(e) => outcome.fail(format!("cannot write {}: {e}", path.display())),
    }
}

/// Creates a new project folder that builds as it stands.
pub fn scaffold(dir: &Path) -> std::io::Result<()> {
    crate::scaffold::create(dir)
}
