//! The print side of a build: the book's fonts, the typesetting pass with its
//! figures and placed warnings, and the print PDF, booklet and cover made from it.

use super::outcome::made;
use super::{Format, MakeOptions, Outcome, PrintPages, Products};
use crate::cover::{self, artwork};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::output::Timestamp;
use crate::parse::{Input, ProjectFiles};
use crate::pdf::{self, BookletOptions, PdfOptions};
use crate::typeset::{self, Pages, Typesetter, fonts::FontBook};
use std::sync::Arc;
use std::time::Instant;

/// The typesetter of the book's fonts; `None` (with the build stopped) when they
/// cannot be loaded.
pub(super) fn typesetter(
    input: &Input,
    opts: &MakeOptions,
    outcome: &mut Outcome,
) -> Option<Typesetter> {
    let (root, family) = (opts.fonts_root.as_deref(), input.layout.font.as_deref());
    let Some(fonts) = FontBook::for_project(root, family, &mut outcome.diagnostics) else {
        outcome.stop();
        return None;
    };
    let language = &input.layout.language;
    let mut ts = match opts.warm.take() {
        Some(old) => old.renew(fonts, language),
        None if opts.warm.is_kept() => Typesetter::new(fonts, language).remembering(),
        None => Typesetter::new(fonts, language),
    };
    ts.justify_with(&input.layout.justification);
    if input.layout.hyphenate && !ts.hyphenation_available() {
        outcome.diagnostics.push(
            Diagnostic::warning(None, format!("no hyphenation patterns for language `{}`", input.layout.language))
                .with_hint("lines are broken without hyphenation; set `hyphenate = false` in [layout] to silence this"),
        );
    }
    Some(ts)
}

/// Typesets the book, with its figures, and reports what it set.
pub(super) fn typeset_pages(
    input: &Input,
    ts: &Typesetter,
    files: &dyn ProjectFiles,
    opts: &MakeOptions,
    outcome: &mut Outcome,
) -> Pages {
    opts.stage.set("Typesetting");
    let (doc, t) = (&input.document, Instant::now());
    let mut diags = Diagnostics::default();
    let pictures = typeset::pictures::read(doc, files);
    let pages = typeset::typeset(doc, &input.layout, ts, &pictures, &mut diags);
    // A file the parser already called no image needs no second word from print.
    let told: Vec<_> = outcome.diagnostics.iter().filter_map(|d| d.span).collect();
    diags.retain(|d| {
        !(d.code == Some(Code::PrintSetsAltText) && d.span.is_some_and(|s| told.contains(&s)))
    });
    diags.extend(typeset::missing::warnings(
        doc,
        &outcome.sources,
        &pages.missing_chars,
    ));
    outcome.diagnostics.extend(diags);
    let padding = match pages.padding_pages {
        0 => String::new(),
        n => format!(", {n} blank for saddle stitching"),
    };
    let (n, ms) = (pages.pages.len(), t.elapsed().as_millis());
    outcome.say("Typeset", format!("{n} pages{padding} ({ms} ms)"));
    pages
}

/// The print PDF and the booklet from one drawing of the pages, then the print cover.
#[allow(clippy::too_many_arguments)]
pub(super) fn print_outputs(
    input: &Input,
    ts: &Typesetter,
    pages: &Pages,
    front: &cover::Scene,
    date: Timestamp,
    opts: &MakeOptions,
    outcome: &mut Outcome,
    products: &mut Products,
) {
    let wants = |f: Format| opts.formats.contains(&f);
    let (meta, layout) = (&input.document.meta, &input.layout);
    if wants(Format::Pdf) || wants(Format::Booklet) {
        let step = if wants(Format::Pdf) {
            "Writing PDF"
        } else {
            "Imposing"
        };
        opts.stage.set(step);
        let pdf_opts = PdfOptions {
            marks: opts.marks,
            date,
        };
        let booklet_opts = wants(Format::Booklet).then(|| BookletOptions {
            date,
            creep: opts.creep.then_some(layout.paper_thickness),
            paper: layout.sheet,
        });
        let faces = ts.fonts.faces();
        let r = pdf::write_print(
            pages,
            faces,
            meta,
            &layout.page,
            &pdf_opts,
            booklet_opts.as_ref(),
        );
        let (pdf, booklet) = match r {
            Ok(print) => (Ok(print.pdf), print.booklet),
            // One failure of the drawing is told once, as the PDF's when it was asked for.
            Err(e) if wants(Format::Pdf) => (Err(e), None),
            Err(e) => (Err(e.clone()), Some(Err(e))),
        };
        if wants(Format::Pdf) {
            products.pdf = made(outcome, "PDF", pdf);
        }
        if let Some(r) = booklet {
            products.booklet = made(outcome, "booklet", r).map(|b| (b.pdf, b.instructions));
        }
    }
    if wants(Format::Cover) {
        opts.stage.set("Drawing cover");
        let spread = artwork::print_spread(meta, layout, ts, pages.pages.len(), front);
        if let Some(plain) = spread.plain_spine {
            outcome.say("Spine", plain);
        }
        let r = pdf::write_cover(&spread.scene, ts.fonts.faces(), meta, date);
        products.cover = made(outcome, "cover", r);
    }
}

/// The typeset pages handed back for painting (the live preview).
pub(super) fn kept_pages(pages: Arc<Pages>, ts: &Typesetter, input: &Input) -> PrintPages {
    PrintPages {
        pages,
        faces: Arc::new(ts.fonts.faces().to_vec()),
        trim: input.layout.page.trim,
        geometry: input.layout.page,
        leading: input.layout.leading,
        text: input
            .document
            .chapters
            .iter()
            .map(|c| {
                let title = c.title.first().map_or(c.span, |i| i.span);
                (title, crate::model::visit::text_blocks(&c.blocks))
            })
            .collect(),
    }
}
