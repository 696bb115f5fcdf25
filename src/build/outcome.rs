//! What a build reports: the diagnostics, the lines of its summary, and the one line
//! that ends every run with its errors and warnings counted.

use crate::diag::{Diagnostics, Sources};
use crate::output;
use crate::typeset::Pages;
use crate::typeset::frame::FaceData;
use std::path::Path;
use std::sync::Arc;

/// What a build did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every file read (for rendering diagnostics).
    pub sources: Sources,
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// Lines for the terminal: what was written, or why not; the last one counts the
    /// errors and warnings of the run.
    pub summary: Vec<String>,
    /// Whether the exit status should be non-zero.
    pub failed: bool,
    /// Failures that are not diagnostics (a backend's or the file system's), each also
    /// a line of the summary.
    failures: usize,
}

impl Outcome {
    /// Adds a line `{verb:>12} {what}` to the summary (`       Wrote out/book.pdf`).
    pub(crate) fn say(&mut self, verb: &str, what: impl std::fmt::Display) {
        self.summary.push(format!("{verb:>12} {what}"));
    }

    /// Whether the diagnostics so far stop the build.
    pub(crate) fn blocked(&self, deny_warnings: bool) -> bool {
        self.diagnostics.has_errors() || (deny_warnings && self.diagnostics.warning_count() > 0)
    }

    /// The build failed for a reason that is no diagnostic; it is told in the summary.
    pub(crate) fn fail(&mut self, why: impl std::fmt::Display) {
        self.failed = true;
        self.failures += 1;
        self.summary.push(format!("error: {why}"));
    }

    /// The build stops because of the diagnostics (which tell why).
    pub(crate) fn stop(&mut self) {
        self.failed = true;
    }

    /// The errors of the run: error diagnostics and other failures.
    fn error_count(&self) -> usize {
        let diagnosed = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .count();
        diagnosed + self.failures
    }

    /// "2 errors, 1 warning", "1 warning", "no errors or warnings".
    pub fn counts(&self) -> String {
        let (errors, warnings) = (self.error_count(), self.diagnostics.warning_count());
        match (errors, warnings) {
            (0, 0) => "no errors or warnings".to_string(),
            (0, w) => count(w, "warning", "warnings"),
            (e, 0) => count(e, "error", "errors"),
            (e, w) => format!(
                "{}, {}",
                count(e, "error", "errors"),
                count(w, "warning", "warnings")
            ),
        }
    }

    /// Ends the summary with the run's one counting line: `check` speaks of checking,
    /// `build` of building; warnings that failed the run say why.
    pub(crate) fn finish(&mut self, action: Action, deny_warnings: bool, seconds: f64) {
        let counts = self.counts();
        let denied = if deny_warnings && self.error_count() == 0 {
            " (warnings denied by --deny-warnings)"
        } else {
            ""
        };
        let warnings = self.diagnostics.warning_count();
        let line = match (action, self.failed) {
            (Action::Check, false) => format!("{:>12}: {counts}", "Checked"),
            (Action::Check, true) => format!("error: check failed: {counts}{denied}"),
            (Action::Build, false) if warnings == 0 => {
                format!("{:>12} in {seconds:.2} s", "Finished")
            }
            (Action::Build, false) => {
                format!("{:>12} in {seconds:.2} s with {counts}", "Finished")
            }
            (Action::Build, true) => format!("error: could not build: {counts}{denied}"),
        };
        self.summary.push(line);
    }
}

/// What a run does, for the words of its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// `check`: resolve only.
    Check,
    /// `build`: make outputs.
    Build,
}

/// "1 chapter", "5 chapters".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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
    /// The typeset pages, when [`super::MakeOptions::keep_pages`] asked for them (the
    /// live preview paints them).
    pub pages: Option<PrintPages>,
    /// The EPUB's files (path in the container, bytes), when
    /// [`super::MakeOptions::keep_pages`] asked for the pages too: the preview serves
    /// them without unzipping the EPUB.
    pub epub_files: Option<crate::epub::Files>,
}

/// Typeset pages with what painting them needs.
#[derive(Debug, Clone)]
pub struct PrintPages {
    /// The pages.
    pub pages: Arc<Pages>,
    /// The faces their text runs use.
    pub faces: Arc<Vec<FaceData>>,
    /// The trimmed page size, pt.
    pub trim: crate::layout::Size,
    /// The page geometry (trim, margins).
    pub geometry: crate::layout::PageGeometry,
    /// Baseline to baseline of the body text, pt.
    pub leading: f64,
    /// Each chapter's title place and text blocks, to find the source of a line
    /// ([`crate::typeset::TextPos`] points into them).
    pub text: Vec<(crate::diag::Span, Vec<crate::model::visit::TextBlock>)>,
}

impl PrintPages {
    /// The manuscript place of the text at `pos`.
    pub fn place(&self, pos: crate::typeset::TextPos) -> Option<crate::diag::Span> {
        let (title, blocks) = self.text.get(pos.chapter.index())?;
        match pos.before_title {
            true => Some(*title),
            false => Some(blocks.get(pos.block as usize)?.place(pos.offset)),
        }
    }
}

impl Products {
    /// Writes every output into `dir` atomically, one summary line each (the booklet's
    /// printing instruction below its line).
    pub(crate) fn save(self, dir: &Path, slug: &str, outcome: &mut Outcome) {
        if let Some(pdf) = self.pdf {
            save(outcome, &dir.join(format!("{slug}.pdf")), pdf);
        }
        if let Some((booklet, instructions)) = self.booklet {
            save(outcome, &dir.join(format!("{slug}-booklet.pdf")), booklet);
            outcome.say("", instructions);
        }
        if let Some(cover) = self.cover {
            save(outcome, &dir.join(format!("{slug}-cover.pdf")), cover);
        }
        if let Some(epub) = self.epub {
            save(outcome, &dir.join(format!("{slug}.epub")), epub);
        }
    }
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

/// An output's bytes, or the build failed with the backend's reason.
pub(crate) fn made<T, E: std::fmt::Display>(
    outcome: &mut Outcome,
    what: &str,
    r: Result<T, E>,
) -> Option<T> {
    r.map_err(|e| outcome.fail(format!("cannot make the {what}: {e}")))
        .ok()
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
