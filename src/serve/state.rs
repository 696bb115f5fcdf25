//! What the preview shows: the last good build (its EPUB's files and its print pages),
//! the problems of the latest build, and a version that changes with every build.

use crate::typeset::frame::FaceData;
use crate::typeset::{Page, Pages};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Condvar, Mutex};

/// The files of an EPUB by their path in the container.
pub type EpubFiles = BTreeMap<String, Vec<u8>>;

/// One problem of a build, as the page lists it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Problem {
    /// "error" or "warning".
    pub severity: &'static str,
    /// `file:line:column`, when the problem has a place.
    pub at: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hints: Vec<String>,
}

/// The outputs of one successful build, as the preview serves them.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Every file of the EPUB by its path in the container.
    pub epub: EpubFiles,
    /// The EPUB's XHTML documents in reading order (paths in the container).
    pub spine: Vec<String>,
    /// A fingerprint of each document of the spine (with the stylesheets and fonts it
    /// may use): the EPUB pane reloads only when the one shown changed.
    pub doc_keys: Vec<String>,
    /// The whole EPUB, for download.
    pub epub_file: Vec<u8>,
    /// The print pages.
    pub pages: Arc<Pages>,
    /// The faces the pages use.
    pub faces: Arc<Vec<FaceData>>,
    /// A fingerprint of each page's content: the page shows again only when it changed.
    pub page_keys: Vec<String>,
    /// Trim size in pt (width, height).
    pub trim: (f64, f64),
    /// Each page's lines of chapter text: top and bottom (pt) and the manuscript place
    /// (`file:line:column`) where the line's text starts.
    pub lines: Vec<Vec<(f64, f64, String)>>,
    /// Every block of chapter text: its counted text and the manuscript place of its
    /// start, to find an EPUB paragraph's source by its words.
    pub blocks: Vec<(String, String)>,
}

/// What the page asks for after each build (`/state` and the `/events` stream).
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// Counts builds; every change of anything below changes it.
    pub version: u64,
    /// Whether a build is running now.
    pub building: bool,
    /// The problems of the latest build (its pages stay those of the last good one).
    pub problems: Vec<Problem>,
    /// Whether the latest build failed (the pages shown are older).
    pub failed: bool,
    /// The fingerprint of each print page, in order.
    pub pages: Vec<String>,
    /// Page labels (folios), in order.
    pub labels: Vec<String>,
    /// The EPUB's documents in reading order.
    pub spine: Vec<String>,
    /// A fingerprint of each of them.
    pub docs: Vec<String>,
    /// Trim width and height in pt.
    pub trim: (f64, f64),
    /// How long the latest build took, in ms.
    pub build_ms: u64,
}

#[derive(Debug, Default)]
struct Inner {
    version: u64,
    building: bool,
    failed: bool,
    problems: Vec<Problem>,
    good: Option<Arc<Snapshot>>,
    build_ms: u64,
    closed: bool,
}

/// The preview's shared state: written by the build loop, read by the server's threads.
#[derive(Debug)]
pub struct Preview {
    inner: Mutex<Inner>,
    changed: Condvar,
    /// Painted pages by fingerprint, so an unchanged page is never painted again.
    painted: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    /// The typesetter each rebuild starts from, warm from the one before.
    pub(super) warm: crate::build::Warm,
}

impl Default for Preview {
    fn default() -> Preview {
        Preview {
            inner: Mutex::default(),
            changed: Condvar::new(),
            painted: Mutex::default(),
            warm: crate::build::Warm::kept(),
        }
    }
}

impl Preview {
    /// Marks a build as started.
    pub fn building(&self) {
        self.update(|s| s.building = true);
    }

    /// Records a finished build: its snapshot when it succeeded (else the last good one
    /// stays) and its problems.
    pub fn finished(&self, snapshot: Option<Snapshot>, problems: Vec<Problem>, build_ms: u64) {
        let keep: Option<Vec<String>> = snapshot.as_ref().map(|s| s.page_keys.clone());
        self.update(|s| {
            s.building = false;
            s.failed = snapshot.is_none();
            s.problems = problems;
            s.build_ms = build_ms;
            if let Some(snap) = snapshot {
                s.good = Some(Arc::new(snap));
            }
        });
        // Forget painted pages that no longer exist.
        if let (Some(keep), Ok(mut painted)) = (keep, self.painted.lock()) {
            painted.retain(|k, _| keep.contains(k));
        }
    }

    /// Wakes every waiting stream so it can end.
    pub fn close(&self) {
        self.update(|s| s.closed = true);
    }

    fn update(&self, f: impl FnOnce(&mut Inner)) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut inner);
        inner.version += 1;
        self.changed.notify_all();
    }

    /// The current status.
    pub fn status(&self) -> Status {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        status_of(&inner)
    }

    /// Waits until the version differs from `seen` (or the preview closes), then returns
    /// the new status; `None` once closed.
    pub fn wait_change(&self, seen: u64) -> Option<Status> {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let inner = self
            .changed
            .wait_while(inner, |s| s.version == seen && !s.closed)
            .unwrap_or_else(|p| p.into_inner());
        (!inner.closed).then(|| status_of(&inner))
    }

    /// The last good build.
    pub fn snapshot(&self) -> Option<Arc<Snapshot>> {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.good.clone()
    }

    /// A painted page by its fingerprint, painting it (once) with `paint` if needed.
    pub fn painted(
        &self,
        key: &str,
        paint: impl FnOnce() -> Option<Vec<u8>>,
    ) -> Option<Arc<Vec<u8>>> {
        if let Some(png) = self.painted.lock().ok()?.get(key) {
            return Some(png.clone());
        }
        let png = Arc::new(paint()?);
        self.painted
            .lock()
            .ok()?
            .insert(key.to_string(), png.clone());
        Some(png)
    }
}

fn status_of(inner: &Inner) -> Status {
    let good = inner.good.as_deref();
    Status {
        version: inner.version,
        building: inner.building,
        problems: inner.problems.clone(),
        failed: inner.failed,
        pages: good.map(|g| g.page_keys.clone()).unwrap_or_default(),
        labels: good
            .map(|g| g.pages.pages.iter().map(|p| p.label.clone()).collect())
            .unwrap_or_default(),
        spine: good.map(|g| g.spine.clone()).unwrap_or_default(),
        docs: good.map(|g| g.doc_keys.clone()).unwrap_or_default(),
        trim: good.map_or((0.0, 0.0), |g| g.trim),
        build_ms: inner.build_ms,
    }
}

/// A fingerprint of what a page shows: equal for pages that paint the same.
pub fn page_key(page: &Page, trim: (f64, f64)) -> String {
    use crate::typeset::Item;
    let mut h = rustc_hash::FxHasher::default();
    let f = |h: &mut rustc_hash::FxHasher, v: f64| v.to_bits().hash(h);
    f(&mut h, trim.0);
    f(&mut h, trim.1);
    page.blank.hash(&mut h);
    for item in &page.items {
        match item {
            Item::Text(run) => {
                0u8.hash(&mut h);
                f(&mut h, run.x);
                f(&mut h, run.y);
                f(&mut h, run.size);
                run.face.hash(&mut h);
                for g in &run.glyphs {
                    g.id.hash(&mut h);
                    f(&mut h, g.x_advance);
                    f(&mut h, g.x_offset);
                    f(&mut h, g.y_offset);
                }
            }
            Item::Rule {
                x0,
                x1,
                y,
                thickness,
            } => {
                1u8.hash(&mut h);
                for v in [x0, x1, y, thickness] {
                    f(&mut h, *v);
                }
            }
            Item::Image { rect, picture } => {
                2u8.hash(&mut h);
                for v in [rect.x, rect.y, rect.w, rect.h] {
                    f(&mut h, v);
                }
                picture.name.hash(&mut h);
                picture.bytes.len().hash(&mut h);
                picture.bytes.hash(&mut h);
            }
            // Links and anchors are not painted.
            Item::Link { .. } | Item::Anchor { .. } => {}
        }
    }
    format!("{:016x}", h.finish())
}

/// A fingerprint of each spine document together with the stylesheets, fonts and
/// images, which any of them may show.
pub fn doc_keys(files: &EpubFiles, spine: &[String]) -> Vec<String> {
    let mut shared = rustc_hash::FxHasher::default();
    for (name, bytes) in files {
        let shown = [
            ".css", ".otf", ".ttf", ".woff2", ".png", ".jpg", ".jpeg", ".svg", ".gif",
        ];
        if shown.iter().any(|ext| name.ends_with(ext)) {
            name.hash(&mut shared);
            bytes.hash(&mut shared);
        }
    }
    let shared = shared.finish();
    spine
        .iter()
        .map(|doc| {
            let mut h = rustc_hash::FxHasher::default();
            shared.hash(&mut h);
            files.get(doc).hash(&mut h);
            format!("{:016x}", h.finish())
        })
        .collect()
}

/// The EPUB's files by path, and its XHTML documents in reading order (from the
/// package document's spine).
pub fn unpack_epub(bytes: &[u8]) -> Result<(EpubFiles, Vec<String>), String> {
    use std::io::Read;
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("EPUB: {e}"))?;
    let mut files = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| format!("EPUB: {e}"))?;
        if f.is_dir() {
            continue;
        }
        let name = f.name().map_err(|e| format!("EPUB: {e}"))?.to_string();
        let mut data = Vec::with_capacity(f.size() as usize);
        f.read_to_end(&mut data).map_err(|e| format!("EPUB: {e}"))?;
        files.insert(name, data);
    }
    if !files.keys().any(|k| k.ends_with(".opf")) {
        return Err("EPUB: no package document".into());
    }
    Ok(with_spine(files))
}

/// The EPUB's files with its XHTML documents in reading order (from the package
/// document's spine; none without one).
pub fn with_spine(files: EpubFiles) -> (EpubFiles, Vec<String>) {
    let Some(opf_path) = files.keys().find(|k| k.ends_with(".opf")).cloned() else {
        return (files, Vec::new());
    };
    let opf = String::from_utf8_lossy(&files[&opf_path]).into_owned();
    let dir = opf_path.rsplit_once('/').map_or("", |(d, _)| d);
    let attr = |tag: &str, name: &str| -> Option<String> {
        let tag = format!(" {tag}");
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..].split('"').next()?.to_string())
    };
    let items: HashMap<String, String> = opf
        .split("<item ")
        .skip(1)
        .filter_map(|t| Some((attr(t, "id")?, attr(t, "href")?)))
        .collect();
    let spine = opf
        .split("<itemref ")
        .skip(1)
        .filter_map(|t| items.get(&attr(t, "idref")?))
        .map(|href| {
            if dir.is_empty() {
                href.clone()
            } else {
                format!("{dir}/{href}")
            }
        })
        .collect();
    (files, spine)
}
