//! Where a project's files come from: a folder on disk, or memory (the embedded
//! default pamphlet, tests and fuzzing). Every path is checked here once: relative,
//! inside the project, no `..`.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Read access to one project's files, by paths relative to the project root.
pub trait ProjectFiles {
    /// The bytes of a file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// The files (not folders) directly inside a folder, sorted by name; empty if it does not exist.
    fn list(&self, dir: &Path) -> io::Result<Vec<PathBuf>>;
    /// Whether a file exists.
    fn exists(&self, path: &Path) -> bool;
}

/// Whether a path written in the manuscript stays inside the project: relative, no `..`.
pub fn is_safe(path: &Path) -> bool {
    !path.as_os_str().is_empty()
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// A project in a folder on disk.
#[derive(Debug, Clone)]
pub struct DirFiles {
    root: PathBuf,
}

impl DirFiles {
    /// A project rooted at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DirFiles { root: root.into() }
    }

    /// The project's root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn resolve(&self, path: &Path) -> io::Result<PathBuf> {
        if !is_safe(path) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "path leaves the project",
            ));
        }
        Ok(self.root.join(path))
    }
}

impl ProjectFiles for DirFiles {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let full = self.resolve(path)?;
        if full.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "is a folder, not a file",
            ));
        }
        std::fs::read(full)
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let full = if dir.as_os_str().is_empty() {
            self.root.clone()
        } else {
            self.resolve(dir)?
        };
        let Ok(entries) = std::fs::read_dir(&full) else {
            return Ok(vec![]);
        };
        let mut out = vec![];
        for e in entries {
            let e = e?;
            if e.file_type()?.is_file() {
                out.push(dir.join(e.file_name()));
            }
        }
        out.sort();
        Ok(out)
    }

    fn exists(&self, path: &Path) -> bool {
        self.resolve(path).map(|p| p.is_file()).unwrap_or(false)
    }
}

/// A project held in memory.
#[derive(Debug, Clone, Default)]
pub struct MemFiles {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemFiles {
    /// An empty project.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }
}

impl ProjectFiles for MemFiles {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        if !is_safe(path) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "path leaves the project",
            ));
        }
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        Ok(self
            .files
            .keys()
            .filter(|p| p.parent() == Some(dir))
            .cloned()
            .collect())
    }

    fn exists(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }
}

/// The bundled pamphlet, compiled into the binary: the tool's default job.
pub fn embedded_pamphlet() -> MemFiles {
    let mut m = MemFiles::new();
    for (path, bytes) in EMBEDDED {
        m.insert(*path, *bytes);
    }
    m
}

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
