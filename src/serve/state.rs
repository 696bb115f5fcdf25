//! What the preview shows: the last good build (its EPUB's files and its print pages),
//! the problems of the latest build, and a version that changes with every build.

use crate::build::PrintPages;
use crate::diag::{Sources, Span};
use crate::typeset::Page;
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
#[derive(Debug)]
pub struct Snapshot {
    /// Every file of the EPUB by its path in the container.
    pub epub: EpubFiles,
    /// The EPUB's XHTML documents in reading order (paths in the container).
    pub spine: Vec<String>,
    /// A fingerprint of each document of the spine (with the stylesheets and fonts it
    /// may use): the EPUB pane reloads only when the one shown changed.
    pub doc_keys: Vec<String>,
    /// A fingerprint of the stylesheets, fonts and images the documents share.
    pub shared_key: u64,
    /// The whole EPUB, for download.
    pub epub_file: Vec<u8>,
    /// The print pages with their faces and the text blocks their lines point into.
    pub print: PrintPages,
    /// A fingerprint of each page's content: the page shows again only when it changed.
    pub page_keys: Vec<String>,
    /// Trim size in pt (width, height).
    pub trim: (f64, f64),
    /// The manuscript's files, to turn a place in them into `file:line:column` when
    /// the page asks.
    pub sources: Sources,
}

impl Snapshot {
    /// The print pages.
    pub fn pages(&self) -> &[Page] {
        &self.print.pages.pages
    }

    /// Page `index`'s lines of chapter text: top and bottom (pt) and the manuscript
    /// place (`file:line:column`) where the line's text starts.
    pub fn lines(&self, index: usize) -> Vec<(f64, f64, String)> {
        let Some(page) = self.pages().get(index) else {
            return Vec::new();
        };
        page.lines
            .iter()
            .filter_map(|l| Some((l.top, l.bottom, self.at(self.print.place(l.pos)?)?)))
            .collect()
    }

    /// The manuscript place of the first block of chapter text that holds `words` (an
    /// EPUB paragraph's, spaces as they may be).
    pub fn source_of_text(&self, words: &str) -> Option<String> {
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let wanted = norm(words);
        if wanted.is_empty() {
            return None;
        }
        let block = self
            .print
            .text
            .iter()
            .flat_map(|(_, blocks)| blocks)
            .find(|b| norm(&b.text).contains(&wanted))?;
        self.at(block.span)
    }

    fn at(&self, span: Span) -> Option<String> {
        self.sources.locate(span).map(|l| l.to_string())
    }
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
    /// Glyph outlines, read from the fonts once for every page painted.
    pub(super) glyphs: crate::paint::Glyphs,
    /// The typesetter each rebuild starts from, warm from the one before.
    pub(super) warm: crate::build::Warm,
}

impl Default for Preview {
    fn default() -> Preview {
        Preview {
            inner: Mutex::default(),
            changed: Condvar::new(),
            painted: Mutex::default(),
            glyphs: crate::paint::Glyphs::default(),
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
        let keep: Option<std::collections::HashSet<String>> = snapshot
            .as_ref()
            .map(|s| s.page_keys.iter().cloned().collect());
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
            .map(|g| g.pages().iter().map(|p| p.label.clone()).collect())
            .unwrap_or_default(),
        spine: good.map(|g| g.spine.clone()).unwrap_or_default(),
        docs: good.map(|g| g.doc_keys.clone()).unwrap_or_default(),
        trim: good.map_or((0.0, 0.0), |g| g.trim),
        build_ms: inner.build_ms,
    }
}

/// A fingerprint of what a page shows: equal for pages that paint the same.
///
/// A run's glyphs follow from its text, face and size (the shaper is deterministic);
/// where they are placed, from its origin and its total advance (a justified line's
/// spaces share the stretch evenly) and from the few glyphs' offsets (marks the font
/// places). So a run is hashed by those, not glyph by glyph: a fraction of the work
/// for a page of a thousand glyphs.
pub fn page_key(page: &Page, trim: (f64, f64)) -> String {
    use crate::typeset::Item;
    let mut h = rustc_hash::FxHasher::default();
    h.write_u64(trim.0.to_bits());
    h.write_u64(trim.1.to_bits());
    page.blank.hash(&mut h);
    for item in &page.items {
        match item {
            Item::Text(run) => {
                0u8.hash(&mut h);
                let mut advance = 0.0;
                for (i, g) in run.glyphs.iter().enumerate() {
                    advance += g.x_advance;
                    if g.x_offset != 0.0 || g.y_offset != 0.0 {
                        i.hash(&mut h);
                        h.write_u64(g.x_offset.to_bits());
                        h.write_u64(g.y_offset.to_bits());
                    }
                }
                for v in [run.x, run.y, run.size, run.h_scale, advance] {
                    h.write_u64(v.to_bits());
                }
                run.face.hash(&mut h);
                run.text.hash(&mut h);
                run.glyphs.len().hash(&mut h);
            }
            Item::Rule {
                x0,
                x1,
                y,
                thickness,
            } => {
                1u8.hash(&mut h);
                for v in [x0, x1, y, thickness] {
                    h.write_u64(v.to_bits());
                }
            }
            Item::Image { rect, picture } => {
                2u8.hash(&mut h);
                for v in [rect.x, rect.y, rect.w, rect.h] {
                    h.write_u64(v.to_bits());
                }
                picture.name.hash(&mut h);
                picture.bytes.hash(&mut h);
            }
            Item::Link { rect, target } => {
                3u8.hash(&mut h);
                for v in [rect.x, rect.y, rect.w, rect.h] {
                    h.write_u64(v.to_bits());
                }
                target.hash(&mut h);
            }
            // Anchors are not drawn.
            Item::Anchor { .. } => {}
        }
    }
    format!("{:016x}", h.finish())
}

/// Whether an EPUB file may be shown by any document (a stylesheet, font or image).
fn shared(name: &str) -> bool {
    [
        ".css", ".otf", ".ttf", ".woff2", ".png", ".jpg", ".jpeg", ".svg", ".gif",
    ]
    .iter()
    .any(|ext| name.ends_with(ext))
}

/// A fingerprint of the stylesheets, fonts and images, which any document may show,
/// and of each spine document with them. What the last good build (`before`) had
/// byte for byte keeps its fingerprint without being hashed again: after an edit,
/// only the documents that changed are.
pub fn doc_keys(
    files: &EpubFiles,
    spine: &[String],
    before: Option<&Snapshot>,
) -> (u64, Vec<String>) {
    let same =
        |name: &String, bytes: &Vec<u8>| before.is_some_and(|b| b.epub.get(name) == Some(bytes));
    let shared_files = || files.iter().filter(|(name, _)| shared(name));
    let shared_same = before.is_some_and(|b| {
        shared_files().count() == b.epub.keys().filter(|n| shared(n)).count()
            && shared_files().all(|(n, bytes)| same(n, bytes))
    });
    let shared_key = match before {
        Some(b) if shared_same => b.shared_key,
        _ => {
            let mut h = rustc_hash::FxHasher::default();
            for (name, bytes) in shared_files() {
                name.hash(&mut h);
                bytes.hash(&mut h);
            }
            h.finish()
        }
    };
    let keys = spine
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let bytes = files.get(doc);
            if let (Some(b), Some(bytes)) = (before.filter(|_| shared_same), bytes)
                && same(doc, bytes)
                && let Some(i) = (b.spine.get(i) == Some(doc))
                    .then_some(i)
                    .or_else(|| b.spine.iter().position(|d| d == doc))
            {
                return b.doc_keys[i].clone();
            }
            let mut h = rustc_hash::FxHasher::default();
            shared_key.hash(&mut h);
            bytes.hash(&mut h);
            format!("{:016x}", h.finish())
        })
        .collect();
    (shared_key, keys)
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
