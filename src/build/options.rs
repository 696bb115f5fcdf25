//! What a build is asked to do: the command line's [`BuildOptions`] and the library's
//! [`MakeOptions`].

use super::{Format, Stage, Warm};
use std::path::PathBuf;

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Project folder; `None` means the current folder.
    pub project: Option<PathBuf>,
    /// Build the bundled pamphlet (compiled into the binary) instead of a project.
    pub example: bool,
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
    /// A typesetter kept from build to build, whose caches a build starts from (the
    /// live preview's): `None` starts cold. The bytes are the same either way.
    pub warm: Warm,
}
