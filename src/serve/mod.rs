//! Live preview and rebuild-on-save.
//!
//! `watch` rebuilds a project's outputs whenever one of its inputs changes
//! (manuscript/, fonts/, covers/). `serve` keeps the last good build in memory and
//! shows it on a local page: the print pages, painted, beside the EPUB's own XHTML
//! with its own CSS; the page follows every rebuild over server-sent events, shows a
//! failed build's problems above the last good pages, and repaints only pages whose
//! content changed.
//!
//! - `watch.rs`: which file changes matter, and waiting for a save to settle;
//! - `state.rs`: the last good build, the latest problems, page fingerprints;
//! - `http.rs`: the routes, all answered from memory.

mod http;
mod state;
mod watch;

pub use state::{Preview, Problem, Snapshot, Status};
pub use watch::Changes;

use crate::build::Format;
use crate::build::{self, MakeOptions, Outcome, Warm};
use crate::parse::DirFiles;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What `serve` listens on and shows.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The project folder.
    pub project: PathBuf,
    /// The address to listen on: loopback unless the user says otherwise.
    pub host: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
}

/// A running preview server.
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// What it shows.
    pub preview: Arc<Preview>,
    server: Arc<tiny_http::Server>,
}

impl Running {
    /// Stops serving: the listening socket closes and open event streams end.
    pub fn stop(&self) {
        self.preview.close();
        self.server.unblock();
    }
}

/// Binds the server, makes the first build and serves on background threads; the
/// caller runs [`rebuild_on_change`] (or stops it).
pub fn start(opts: &ServeOptions) -> Result<Running, String> {
    let server = tiny_http::Server::http((opts.host, opts.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.host, opts.port))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or("the server has no IP address")?;
    let server = Arc::new(server);
    let preview = Arc::new(Preview::default());
    rebuild(&opts.project, &preview);
    {
        let (server, preview) = (server.clone(), preview.clone());
        std::thread::spawn(move || http::run(server, preview, paint_page));
    }
    Ok(Running {
        addr,
        preview,
        server,
    })
}

/// Rebuilds the preview whenever an input of `project` changes, until the watch ends;
/// `told` hears each build's outcome (for the terminal).
pub fn rebuild_on_change(
    project: &Path,
    preview: &Preview,
    mut told: impl FnMut(&Outcome),
) -> Result<(), String> {
    let mut changes = Changes::watch(project)?;
    while changes.wait().is_some() {
        told(&rebuild(project, preview));
    }
    Ok(())
}

/// Builds `project` in memory for the preview and records the result.
pub fn rebuild(project: &Path, preview: &Preview) -> Outcome {
    preview.building();
    let started = Instant::now();
    let mut outcome = Outcome::default();
    let before = preview.snapshot();
    let snapshot = build_snapshot(project, &preview.warm, before.as_deref(), &mut outcome);
    drop(before);
    let problems = outcome
        .diagnostics
        .iter()
        .map(|d| Problem {
            severity: match d.severity {
                crate::diag::Severity::Error => "error",
                crate::diag::Severity::Warning => "warning",
            },
            at: d
                .span
                .and_then(|s| outcome.sources.locate(s))
                .map(|l| l.to_string()),
            message: d.message.clone(),
            hints: d.hints.clone(),
        })
        .chain(outcome.summary.iter().filter_map(|line| {
            line.strip_prefix("error: ").map(|m| Problem {
                severity: "error",
                at: None,
                message: m.to_string(),
                hints: vec![],
            })
        }))
        .collect();
    let ms = started.elapsed().as_millis() as u64;
    preview.finished(snapshot, problems, ms);
    outcome
}

/// Builds `project` for the preview; `before` is the last good build, whose
/// fingerprints are kept for what did not change.
fn build_snapshot(
    project: &Path,
    warm: &Warm,
    before: Option<&Snapshot>,
    outcome: &mut Outcome,
) -> Option<Snapshot> {
    if !project.join("manuscript/book.toml").is_file() {
        outcome.fail(format!("{} has no manuscript/book.toml", project.display()));
        return None;
    }
    let files = DirFiles::new(project);
    let opts = MakeOptions {
        formats: vec![Format::Epub],
        fonts_root: Some(project.to_path_buf()),
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
        keep_pages: true,
        warm: warm.clone(),
        ..MakeOptions::default()
    };
    let products = build::make(&files, &opts, outcome)?;
    let epub_file = products.epub?;
    let print = products.pages?;
    let trim = (print.trim.width, print.trim.height);
    let unpacked = match products.epub_files {
        Some(files) => Ok(state::with_spine(files.into_iter().collect())),
        None => state::unpack_epub(&epub_file),
    };
    let (epub, spine) = match unpacked {
        Ok(e) => e,
        Err(e) => {
            outcome.fail(e);
            return None;
        }
    };
    let (shared_key, doc_keys) = state::doc_keys(&epub, &spine, before);
    let page_keys = print
        .pages
        .pages
        .iter()
        .map(|p| state::page_key(p, trim))
        .collect();
    Some(Snapshot {
        epub,
        spine,
        doc_keys,
        shared_key,
        epub_file,
        print,
        page_keys,
        trim,
        // Places are looked up only when a line or paragraph is clicked.
        sources: outcome.sources.clone(),
    })
}

/// One print page as an SVG document.
fn paint_page(preview: &Preview, snap: &Snapshot, index: usize) -> Option<Vec<u8>> {
    let page = snap.pages().get(index)?;
    let svg = crate::paint::page_svg(page, snap.trim, &snap.print.faces, &preview.glyphs);
    Some(svg.into_bytes())
}
