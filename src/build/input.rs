//! Where a build's files come from: the project folder given, the current folder, or
//! (asked for with `--example`) the pamphlet compiled into the binary.

use crate::diag::Diagnostic;
use crate::parse::{self, DirFiles, ProjectFiles};
use std::path::{Path, PathBuf};

/// The project a build reads.
pub(crate) struct Project {
    /// Its files.
    pub files: Box<dyn ProjectFiles>,
    /// The folder outputs go under by default (`ROOT/out`).
    pub root: PathBuf,
    /// The folder of the project's own fonts; `None` for the bundled pamphlet.
    pub fonts_root: Option<PathBuf>,
}

/// Finds the project: `Err` with a diagnostic when there is none to read.
pub(crate) fn project(folder: Option<&Path>, example: bool) -> Result<Project, Diagnostic> {
    if example {
        return Ok(Project {
            files: Box::new(parse::files::embedded_pamphlet()),
            root: PathBuf::from("."),
            fonts_root: None,
        });
    }
    let root = folder.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let book = Path::new(parse::MANUSCRIPT).join("book.toml");
    if root.join(&book).is_file() {
        return Ok(Project {
            files: Box::new(DirFiles::new(&root)),
            fonts_root: Some(root.clone()),
            root,
        });
    }
    Err(match folder {
        None => Diagnostic::error(None, "no project here: the current folder has no manuscript/book.toml")
            .with_hint("start one with `pamphleteer new FOLDER`, name a project folder (`pamphleteer build FOLDER`), or build the bundled example with `--example`"),
        Some(dir) if !dir.exists() => Diagnostic::error(
            None,
            format!("the project folder `{}` does not exist", dir.display()),
        )
        .with_hint(format!(
            "check the path, or create a project there with `pamphleteer new {}`",
            dir.display()
        )),
        Some(dir) if !dir.is_dir() => Diagnostic::error(
            None,
            format!("`{}` is not a folder", dir.display()),
        )
        .with_hint("name the project folder, the one that holds manuscript/book.toml"),
        Some(dir) => Diagnostic::error(
            None,
            format!(
                "`{}` is not a pamphleteer project: it has no manuscript/book.toml",
                dir.display()
            ),
        )
        .with_hint(format!(
            "name the folder that holds manuscript/, or start a project with `pamphleteer new {}`",
            dir.display()
        )),
    })
}
