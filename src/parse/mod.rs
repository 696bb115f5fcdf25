//! Parsing: manuscript files in, document model and layout model out.
//!
//! `parse_project` runs the sub-steps in order: read book.toml (`config`), read each
//! chapter (`markdown`), the glossary (`glossary`) and the bibliography
//! (`bibliography`), then `resolve` notes, citations and glossary terms into one
//! [`Document`]. Every problem is pushed to the diagnostics and parsing goes on, so a
//! run reports all of them.

pub mod config;
pub mod files;
mod metadata;

pub use files::{DirFiles, MemFiles, ProjectFiles};

use crate::diag::{Diagnostic, Diagnostics, FileId, Sources, Span};
use crate::layout::Layout;
use crate::model::Document;
use std::path::{Path, PathBuf};

/// What the later stages need from the manuscript.
#[derive(Debug, Clone)]
pub struct Input {
    /// The resolved book.
    pub document: Document,
    /// The shared layout model.
    pub layout: Layout,
}

/// The manuscript folder inside a project.
pub const MANUSCRIPT: &str = "manuscript";

/// Parses and resolves a whole project. Returns `None` only when nothing sensible can be
/// built (book.toml unreadable); otherwise a document, with problems in `diags`.
pub fn parse_project(
    files: &dyn ProjectFiles,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<Input> {
    let toml_path = Path::new(MANUSCRIPT).join("book.toml");
    let toml_file = read_text(files, &toml_path, None, sources, diags)?;
    let config = config::parse(toml_file, &sources.get(toml_file).text, diags)?;
    let meta = metadata::build(toml_file, &config.book, diags);
    let layout: Layout = config::layout(toml_file, &config.layout, &meta.language, diags);
    let _chapters = chapter_paths(files, toml_file, &config.book, diags);
    let document = Document {
        meta,
        chapters: vec![],
        notes: vec![],
        citations: vec![],
        glossary: vec![],
        bibliography: vec![],
        citation_mode: crate::model::CitationMode::InText,
    };
    Some(Input { document, layout })
}

/// The chapter files, from `chapters` in book.toml or every .md in manuscript/ but glossary.md.
fn chapter_paths(
    files: &dyn ProjectFiles,
    toml_file: FileId,
    book: &config::BookSection,
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, Option<Span>)> {
    let dir = Path::new(MANUSCRIPT);
    match &book.chapters {
        Some(list) => list
            .iter()
            .filter_map(|c| {
                let span = Span::new(toml_file, c.span());
                let rel = Path::new(c.get_ref());
                if !files::is_safe(rel) {
                    diags.push(
                        Diagnostic::error(span, format!("chapter path `{}` leaves the manuscript folder", c.get_ref()))
                            .with_hint("list chapter files relative to manuscript/, without `..` or a leading `/`"),
                    );
                    return None;
                }
                Some((dir.join(rel), Some(span)))
            })
            .collect(),
        None => files
            .list(dir)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md") && p.file_name().is_some_and(|n| n != "glossary.md"))
            .map(|p| (p, None))
            .collect(),
    }
}

/// Reads a UTF-8 text file into `sources`; a missing, binary or non-UTF-8 file is an
/// error at `listed_at` (where the manuscript names it) or at the file itself.
pub fn read_text(
    files: &dyn ProjectFiles,
    path: &Path,
    listed_at: Option<Span>,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<FileId> {
    let bytes = match files.read(path) {
        Ok(b) => b,
        Err(e) => {
            let what = match e.kind() {
                std::io::ErrorKind::NotFound => "does not exist".to_string(),
                _ => format!("cannot be read: {e}"),
            };
            diags.push(
                Diagnostic::error(listed_at, format!("`{}` {what}", path.display()))
                    .with_hint("check the file name, or remove it from the list in book.toml"),
            );
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) if !text.contains('\0') => Some(sources.add(path, text)),
        Ok(text) => {
            let at = text.find('\0').unwrap_or(0);
            let id = sources.add(path, text.replace('\0', " "));
            diags.push(
                Diagnostic::error(
                    Span::new(id, at..at + 1),
                    format!("`{}` contains a NUL byte", path.display()),
                )
                .with_hint("is this a binary file? chapters must be UTF-8 Markdown text"),
            );
            None
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let id = sources.add(path, String::from_utf8_lossy(&bytes).into_owned());
            diags.push(
                Diagnostic::error(
                    Span::new(id, valid..valid + 1),
                    format!("`{}` is not valid UTF-8", path.display()),
                )
                .with_hint(
                    "save the file as UTF-8 (most editors offer this under “Save with encoding”)",
                ),
            );
            None
        }
    }
}
