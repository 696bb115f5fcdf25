//! Diagnostics: every problem found in a manuscript, with where it is and what to do.
//!
//! Stages push [`Diagnostic`]s into a [`Diagnostics`] collection and keep going, so one
//! run reports every problem. Line and column are computed only when a message is shown
//! ([`Sources::locate`]); the terminal rendering lives in [`render`] alone.

pub mod render;

use std::path::{Path, PathBuf};

/// Index of a loaded source file in [`Sources`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one source file. Small and `Copy`: every model node carries one.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span over `range` in `file`.
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Self {
        Span {
            file,
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    /// The span for nodes that have no place in the manuscript (generated text).
    pub const DETACHED: Span = Span {
        file: FileId(u32::MAX),
        start: 0,
        end: 0,
    };

    /// Whether this span points into a real file.
    pub fn is_detached(self) -> bool {
        self.file.0 == u32::MAX
    }

    /// The byte range as a `Range<usize>`.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// A sub-range of this span, given offsets relative to its start.
    #[allow(clippy::should_implement_trait)]
    pub fn sub(self, range: std::ops::Range<usize>) -> Span {
        Span {
            file: self.file,
            start: self.start + range.start as u32,
            end: self.start + range.end as u32,
        }
    }
}

/// One loaded text file of the project.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown to the user (relative to the project root when possible).
    pub display: PathBuf,
    /// The file's text (lossless; invalid UTF-8 is rejected before a file gets here).
    pub text: String,
    line_starts: Vec<usize>,
}

/// All source files a build read, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

/// A resolved place in a file: 1-based line and column (column counts characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Path as shown to the user.
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, display: impl Into<PathBuf>, text: String) -> FileId {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.files.push(SourceFile {
            display: display.into(),
            text,
            line_starts,
        });
        FileId(self.files.len() as u32 - 1)
    }

    /// The file behind an id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The text a span covers ("" for a detached span).
    pub fn slice(&self, span: Span) -> &str {
        if span.is_detached() {
            return "";
        }
        &self.get(span.file).text[span.range()]
    }

    /// The id of a file already loaded under this display path.
    pub fn find(&self, display: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.display == display)
            .map(|i| FileId(i as u32))
    }

    /// Line and column of a span's start.
    pub fn locate(&self, span: Span) -> Option<Location> {
        if span.is_detached() {
            return None;
        }
        let file = self.get(span.file);
        let offset = (span.start as usize).min(file.text.len());
        let line = file.line_starts.partition_point(|&s| s <= offset) - 1;
        let line_start = file.line_starts[line];
        let column = file.text[line_start..offset].chars().count() + 1;
        Some(Location {
            path: file.display.clone(),
            line: line + 1,
            column,
        })
    }

    /// Iterates over all files with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

/// How serious a diagnostic is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Makes the build fail.
    Error,
    /// Reported; fails the build only with `--deny-warnings`.
    Warning,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where the problem is, when it has a place in a source file.
    pub span: Option<Span>,
    /// What is wrong, in one sentence without a trailing period.
    pub message: String,
    /// What to do about it.
    pub hints: Vec<String>,
    /// What kind of problem it is, for the stages that act on a kind (never on the
    /// wording of the message).
    pub code: Option<Code>,
}

/// Kinds of problem a later stage recognises.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Code {
    /// The print edition sets an image's alt text (not a PNG or JPEG it can decode).
    PrintSetsAltText,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: impl Into<Option<Span>>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span: span.into(),
            message: message.into(),
            hints: vec![],
            code: None,
        }
    }

    /// A warning at `span`.
    pub fn warning(span: impl Into<Option<Span>>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            span: span.into(),
            message: message.into(),
            hints: vec![],
            code: None,
        }
    }

    /// Marks the kind of problem.
    pub fn with_code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    /// Adds a hint saying what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// One plain line: `path:line:col: error: message` (used by tests and logs).
    pub fn plain(&self, sources: &Sources) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.span.and_then(|s| sources.locate(s)) {
            Some(loc) => format!("{loc}: {sev}: {}", self.message),
            None => format!("{sev}: {}", self.message),
        }
    }
}

/// The diagnostics of one run, in the order found.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of warnings recorded.
    pub fn warning_count(&self) -> usize {
        self.list
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// All diagnostics, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Sorts by file and position (stable), so output order does not depend on stage order.
    pub fn sort(&mut self) {
        self.list.sort_by_key(|d| {
            d.span
                .map(|s| (s.file, s.start))
                .unwrap_or((FileId(u32::MAX), 0))
        });
    }

    /// Keeps only the diagnostics `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.list.retain(keep);
    }

    /// Moves all diagnostics of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }
}
