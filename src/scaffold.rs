//! `pamphleteer new`: a project that builds as it stands and shows every feature.

use std::io;
use std::path::Path;

/// The files of a new project: (path relative to the project, contents).
const FILES: &[(&str, &str)] = &[
    ("manuscript/book.toml", include_str!("scaffold/book.toml")),
    (
        "manuscript/01-introduction.md",
        include_str!("scaffold/01-introduction.md"),
    ),
    (
        "manuscript/glossary.md",
        include_str!("scaffold/glossary.md"),
    ),
    (
        "manuscript/references.bib",
        include_str!("scaffold/references.bib"),
    ),
];

/// Creates `dir` (if needed) with a new project; refuses to overwrite a manuscript.
pub fn create(dir: &Path) -> io::Result<()> {
    if dir.join("manuscript").exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} already has a manuscript/ folder; choose a new folder",
                dir.display()
            ),
        ));
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    std::fs::create_dir_all(dir.join("fonts"))?;
    std::fs::create_dir_all(dir.join("covers"))?;
    Ok(())
}
