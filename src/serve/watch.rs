//! Watching a project's files: which changes matter, and waiting for a burst of saves
//! to settle before a rebuild.

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

/// How long the files must stay still before a rebuild while a file written to has not
/// been closed: editors save in several writes (a temporary file, a rename, a chmod).
const SETTLE: Duration = Duration::from_millis(15);

/// How long they must stay still once every file written to has been closed (or was
/// renamed into place, which is atomic): only a second file of the same save may
/// still come.
const QUICK: Duration = Duration::from_millis(2);

/// The folders of a project whose files feed a build.
const INPUTS: [&str; 3] = ["manuscript", "fonts", "covers"];

/// A watch on a project folder; [`Changes::wait`] returns when an input changed.
pub struct Changes {
    root: PathBuf,
    events: Receiver<notify::Result<notify::Event>>,
    // Kept alive: dropping the watcher ends the events.
    watcher: notify::RecommendedWatcher,
    /// The input folders watched so far (one made later is added when it appears).
    watched: Vec<&'static str>,
}

impl Changes {
    /// Watches `root` (the project folder) itself and its input folders with
    /// everything below them — not `out/` or a `target/` of thousands of folders.
    pub fn watch(root: &Path) -> Result<Changes, String> {
        let root = root
            .canonicalize()
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        let (send, events) = channel();
        let mut watcher = notify::recommended_watcher(move |e| {
            let _ = send.send(e);
        })
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        let mut changes = Changes {
            root,
            events,
            watcher,
            watched: Vec::new(),
        };
        changes.watch_inputs();
        Ok(changes)
    }

    /// Adds a recursive watch for each input folder that exists and is not watched.
    fn watch_inputs(&mut self) {
        for dir in INPUTS {
            let path = self.root.join(dir);
            if !self.watched.contains(&dir)
                && path.is_dir()
                && self.watcher.watch(&path, RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(dir);
            }
        }
    }

    /// Blocks until a build input changed and the files have been still for a moment;
    /// returns the changed paths (relative to the project), or `None` when the watch
    /// ended.
    pub fn wait(&mut self) -> Option<Vec<PathBuf>> {
        let mut changed = vec![];
        // Inputs written to and not yet closed: the save may not be complete.
        let mut open: Vec<PathBuf> = vec![];
        loop {
            let next = if changed.is_empty() {
                self.events
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected)
            } else if open.is_empty() {
                self.events.recv_timeout(QUICK)
            } else {
                self.events.recv_timeout(SETTLE)
            };
            match next {
                Ok(Ok(event)) => {
                    let closed = match event.kind {
                        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                        // Reading a file changes nothing.
                        EventKind::Access(_) => continue,
                        _ => false,
                    };
                    // A write (or a new file) may go on; a rename, removal or close is
                    // complete.
                    let writing = matches!(
                        event.kind,
                        EventKind::Create(CreateKind::File | CreateKind::Any)
                            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any)
                    );
                    for path in event.paths {
                        let Some(rel) = self.input(&path) else {
                            continue;
                        };
                        if closed {
                            open.retain(|p| *p != rel);
                        } else if writing && !open.contains(&rel) {
                            open.push(rel.clone());
                        }
                        if !changed.contains(&rel) {
                            changed.push(rel);
                        }
                    }
                }
                // A watch error (a folder renamed away, too many files): rebuild, which
                // reports what is missing.
                Ok(Err(_)) => changed.push(PathBuf::from("manuscript")),
                Err(RecvTimeoutError::Timeout) => {
                    // A folder made since (covers/ added): watch what is inside it too.
                    self.watch_inputs();
                    return Some(changed);
                }
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// `path` relative to the project when it is an input of the build: under
    /// manuscript/, fonts/ or covers/, and not an editor's temporary or hidden file.
    fn input(&self, path: &Path) -> Option<PathBuf> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let top = rel.components().next()?.as_os_str().to_str()?;
        let name = rel.file_name()?.to_str()?;
        let scratch = name.starts_with('.')
            || name.starts_with('#')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".tmp");
        (INPUTS.contains(&top) && !scratch).then(|| rel.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inputs_count() {
        let dir = tempfile::tempdir().unwrap();
        let changes = Changes::watch(dir.path()).unwrap();
        let root = &changes.root;
        let input = |p: &str| changes.input(&root.join(p));
        assert_eq!(
            input("manuscript/01.md"),
            Some(PathBuf::from("manuscript/01.md"))
        );
        assert_eq!(input("fonts/X.otf"), Some(PathBuf::from("fonts/X.otf")));
        assert_eq!(input("out/book.epub"), None);
        assert_eq!(input("manuscript/.01.md.swp"), None);
        assert_eq!(input("manuscript/01.md~"), None);
        assert_eq!(input("target/x"), None);
    }

    #[test]
    fn a_save_is_seen_once_settled() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("manuscript")).unwrap();
        let mut changes = Changes::watch(dir.path()).unwrap();
        let writer = {
            let path = dir.path().join("manuscript/a.md");
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                std::fs::write(&path, "one").unwrap();
                std::fs::write(dir.path().join("out.txt"), "not an input").unwrap();
                std::fs::write(&path, "two").unwrap();
                dir
            })
        };
        let changed = changes.wait().unwrap();
        assert_eq!(changed, vec![PathBuf::from("manuscript/a.md")]);
        drop(writer.join());
    }

    #[test]
    fn a_folder_made_later_is_watched_inside() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("manuscript")).unwrap();
        std::fs::create_dir_all(dir.path().join("target/debug/deep")).unwrap();
        let mut changes = Changes::watch(dir.path()).unwrap();
        assert_eq!(changes.watched, ["manuscript"], "not target/");
        std::fs::create_dir(dir.path().join("covers")).unwrap();
        assert_eq!(changes.wait().unwrap(), vec![PathBuf::from("covers")]);
        std::fs::write(dir.path().join("covers/front.svg"), "<svg/>").unwrap();
        assert_eq!(
            changes.wait().unwrap(),
            vec![PathBuf::from("covers/front.svg")]
        );
    }
}
