//! The build driver: the only place the stages meet.
//!
//! parse → (fonts, typesetter) → typeset → pdf, booklet → epub (with the printed page
//! starts when the PDF was typeset in the same run). Every output is written through
//! [`output::write_atomic`].

use crate::cli::Format;
use crate::cover::{self, Scene, design::Artwork};
use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::epub::{self, CoverImage, EpubAssets, FontFamily, ImageFile};
use crate::layout::Binding;
use crate::model::Document;
use crate::output::{self, Timestamp};
use crate::parse::{self, DirFiles, Input, ProjectFiles};
use crate::pdf::{self, BookletOptions, PdfOptions};
use crate::typeset::fonts::{FaceStyle, FontBook};
use crate::typeset::{self, PageStart, Pages, Typesetter};
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

/// Runs a build or check.
pub fn run(opts: &BuildOptions) -> Outcome {
    let started = Instant::now();
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
    let input = parse::parse_project(
        files.as_ref(),
        &mut outcome.sources,
        &mut outcome.diagnostics,
    );
    outcome.diagnostics.sort();
    let input = match input {
        Some(input) if !outcome.blocked(opts.deny_warnings) => input,
        _ => {
            let n = outcome.diagnostics.len();
            outcome.fail(format!(
                "could not build: {n} problem{} above",
                if n == 1 { "" } else { "s" }
            ));
            return outcome;
        }
    };
    let doc = &input.document;
    outcome.say(
        "Resolved",
        format!(
            "{} chapters, {} notes, {} citations, {} glossary terms, {} works cited",
            doc.chapters.len(),
            doc.notes.len(),
            doc.citations.len(),
            doc.glossary.len(),
            doc.bibliography.len()
        ),
    );
    if !opts.write {
        outcome.say(
            "Checked",
            format!(
                "no errors ({} warnings)",
                outcome.diagnostics.warning_count()
            ),
        );
        return outcome;
    }

    let out_dir = opts.out.clone().unwrap_or_else(|| root.join("out"));
    let date = Timestamp::for_build(
        std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(),
        doc.meta.date.as_deref(),
    );
    let Some(ts) = typesetter(
        &input,
        if embedded { None } else { Some(&root) },
        &mut outcome,
    ) else {
        outcome.fail("could not load the fonts");
        return outcome;
    };
    let wants = |f: Format| opts.formats.contains(&f);
    let print = wants(Format::Pdf) || wants(Format::Booklet) || wants(Format::Cover);

    // Typeset once for every print output; the EPUB's page-list comes from the same pages.
    let pages = print.then(|| {
        let t = Instant::now();
        let pages = typeset::typeset(doc, &input.layout, &ts, &mut outcome.diagnostics);
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
    if outcome.blocked(opts.deny_warnings) {
        outcome.fail("the typesetter reported problems above");
        return outcome;
    }
    let ctx = Ctx {
        input: &input,
        ts: &ts,
        files: files.as_ref(),
        date,
        out_dir: &out_dir,
        opts,
    };
    if let Some(pages) = &pages {
        write_print(&ctx, pages, &mut outcome);
    }
    // One cover design for the print cover and the EPUB's cover image.
    let artwork = artwork(ctx.files, &mut outcome);
    let front = cover::design::front(&doc.meta, &input.layout, &ts, artwork.as_ref());
    if let (true, Some(pages)) = (wants(Format::Cover), &pages) {
        write_cover(&ctx, pages, &front, &mut outcome);
    }
    if wants(Format::Epub) {
        // The printed page starts go into the EPUB only when the PDF is made too.
        let starts = pages
            .as_ref()
            .filter(|_| wants(Format::Pdf))
            .map(|p| p.page_starts.as_slice());
        write_epub(&ctx, &front, artwork.as_ref(), starts, &mut outcome);
    }
    outcome.diagnostics.sort();
    if !outcome.failed {
        outcome.say(
            "Finished",
            format!("in {:.2} s", started.elapsed().as_secs_f64()),
        );
    }
    outcome
}

/// What every output writer needs.
struct Ctx<'a> {
    input: &'a Input,
    ts: &'a Typesetter,
    files: &'a dyn ProjectFiles,
    date: Timestamp,
    out_dir: &'a Path,
    opts: &'a BuildOptions,
}

impl Ctx<'_> {
    fn path(&self, suffix: &str) -> PathBuf {
        self.out_dir
            .join(format!("{}{suffix}", self.input.document.meta.slug))
    }
}

/// The print PDF and the imposed booklet, from the typeset pages.
fn write_print(ctx: &Ctx, pages: &Pages, outcome: &mut Outcome) {
    let (meta, geometry) = (&ctx.input.document.meta, &ctx.input.layout.page);
    if ctx.opts.formats.contains(&Format::Pdf) {
        let opts = PdfOptions {
            marks: ctx.opts.marks,
            date: ctx.date,
        };
        let r = pdf::write(pages, ctx.ts.fonts.faces(), meta, geometry, &opts);
        save(outcome, &ctx.path(".pdf"), r);
    }
    if ctx.opts.formats.contains(&Format::Booklet) {
        let creep = ctx.input.layout.paper_thickness;
        let opts = BookletOptions {
            date: ctx.date,
            creep: ctx.opts.creep.then_some(creep),
        };
        match pdf::write_booklet(pages, ctx.ts.fonts.faces(), meta, geometry, &opts) {
            Ok(b) => {
                save(
                    outcome,
                    &ctx.path("-booklet.pdf"),
                    Ok::<_, pdf::PdfError>(b.pdf),
                );
                outcome.say("Print", b.instructions);
            }
            Err(e) => outcome.fail(format!("{}: {e}", ctx.path("-booklet.pdf").display())),
        }
    }
}

/// The print cover: back, spine (for perfect binding) and front as one spread.
fn write_cover(ctx: &Ctx, pages: &Pages, front: &Scene, outcome: &mut Outcome) {
    let (doc, layout) = (&ctx.input.document, &ctx.input.layout);
    let back = cover::design::back(&doc.meta, layout, ctx.ts);
    let spine = match layout.binding {
        Binding::Perfect => pages.pages.len().div_ceil(2) as f64 * layout.paper_thickness,
        Binding::SaddleStitch => 0.0,
    };
    let spread = cover::design::spread(front, &back, spine, cover::design::FIELD);
    let r = pdf::write_cover(&spread, ctx.ts.fonts.faces(), &doc.meta, ctx.date);
    save(outcome, &ctx.path("-cover.pdf"), r);
}

/// The EPUB, with the print edition's fonts, cover and (optionally) page starts.
fn write_epub(
    ctx: &Ctx,
    front: &Scene,
    art: Option<&Artwork>,
    starts: Option<&[PageStart]>,
    outcome: &mut Outcome,
) {
    let doc = &ctx.input.document;
    let mut assets = epub_assets(ctx.ts, ctx.date, doc, ctx.files);
    assets.cover = epub_cover(front, art, ctx.ts, outcome);
    let r = epub::write(doc, &ctx.input.layout, &assets, starts);
    save(outcome, &ctx.path(".epub"), r);
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
fn epub_assets(
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

/// Cover artwork from `covers/front.png` or `covers/front.jpg`, if the project has one.
fn artwork(files: &dyn ProjectFiles, outcome: &mut Outcome) -> Option<Artwork> {
    for name in ["front.png", "front.jpg", "front.jpeg"] {
        let path = Path::new("covers").join(name);
        if let Ok(bytes) = files.read(&path) {
            if image_kind(&bytes).is_none() {
                outcome.diagnostics.push(
                    Diagnostic::warning(
                        None,
                        format!(
                            "{} is not a PNG or JPEG file; the typographic cover is used",
                            path.display()
                        ),
                    )
                    .with_hint("export the artwork as PNG or JPEG, at the trim size plus bleed"),
                );
                return None;
            }
            return Some(Artwork {
                data: Arc::new(bytes),
            });
        }
    }
    if files.exists(Path::new("covers/front.svg")) {
        outcome.diagnostics.push(
            Diagnostic::warning(
                None,
                "covers/front.svg: SVG artwork is not supported yet; the typographic cover is used",
            )
            .with_hint(
                "export the artwork as PNG or JPEG (at least 1600 px tall) as covers/front.png",
            ),
        );
    }
    None
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

/// The EPUB's cover image: the artwork as given, or the typographic front rendered
/// 2000 px tall (1409 px wide at A5: Apple asks 1400 on the short side) — the same face
/// as the print cover.
fn epub_cover(
    front: &Scene,
    art: Option<&Artwork>,
    ts: &Typesetter,
    outcome: &mut Outcome,
) -> Option<CoverImage> {
    if let Some(art) = art {
        let media_type = image_kind(&art.data)?.to_string();
        return Some(CoverImage {
            bytes: art.data.to_vec(),
            media_type,
        });
    }
    match cover::raster::png(front, ts.fonts.faces(), 2000) {
        Ok(bytes) => Some(CoverImage {
            bytes,
            media_type: "image/png".into(),
        }),
        Err(e) => {
            outcome.diagnostics.push(Diagnostic::warning(
                None,
                format!("cannot draw the cover image: {e:?}"),
            ));
            None
        }
    }
}

/// Writes one output atomically and records it in the summary.
fn save<E: std::fmt::Display>(outcome: &mut Outcome, path: &Path, bytes: Result<Vec<u8>, E>) {
    match bytes {
        Ok(bytes) => match output::write_atomic(path, &bytes) {
            Ok(()) => outcome.say(
                "Wrote",
                format!("{} ({} KB)", path.display(), bytes.len().div_ceil(1024)),
            ),
            Err(e) => outcome.fail(format!("cannot write {}: {e}", path.display())),
        },
        Err(e) => outcome.fail(format!("{}: {e}", path.display())),
    }
}

/// Creates a new project folder that builds as it stands.
pub fn scaffold(dir: &Path) -> std::io::Result<()> {
    crate::scaffold::create(dir)
}
