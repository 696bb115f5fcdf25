//! The build driver: the only place the stages meet.

use crate::cli::Format;
use crate::diag::{Diagnostics, Sources};
use crate::parse::{self, DirFiles, ProjectFiles};
use std::path::{Path, PathBuf};

/// What the user asked for.
#[derive(Debug, Clone)]
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

/// Runs a build or check.
pub fn run(opts: &BuildOptions) -> Outcome {
    let mut outcome = Outcome::default();
    let root = opts.project.clone().unwrap_or_else(|| PathBuf::from("."));
    let use_embedded =
        opts.project.is_none() && !root.join(parse::MANUSCRIPT).join("book.toml").is_file();
    let files: Box<dyn ProjectFiles> = if use_embedded {
        outcome
            .summary
            .push("     Using the bundled pamphlet (no manuscript/book.toml here)".into());
        Box::new(parse::files::embedded_pamphlet())
    } else {
        Box::new(DirFiles::new(&root))
    };
    let input = parse::parse_project(
        files.as_ref(),
        &mut outcome.sources,
        &mut outcome.diagnostics,
    );
    outcome.diagnostics.sort();
    let errors = outcome.diagnostics.has_errors()
        || (opts.deny_warnings && outcome.diagnostics.warning_count() > 0);
    let Some(_input) = input.filter(|_| !errors) else {
        outcome.failed = true;
        outcome.summary.push(format!(
            "error: could not build: {} problem(s) above",
            outcome.diagnostics.len()
        ));
        return outcome;
    };
    if !opts.write {
        outcome.summary.push("    Checked: no errors".into());
        return outcome;
    }
    let _out_dir: PathBuf = opts.out.clone().unwrap_or_else(|| root.join("out"));
    for f in &opts.formats {
        outcome.failed = true;
        outcome
            .summary
            .push(format!("error: the {f:?} backend is not available yet"));
    }
    outcome
}

/// Creates a new project folder that builds as it stands.
pub fn scaffold(dir: &Path) -> std::io::Result<()> {
    crate::scaffold::create(dir)
}
