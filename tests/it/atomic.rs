//! Nothing lost on failure: a build that fails leaves the previous good outputs byte
//! for byte; a build killed while writing leaves every output either absent or whole
//! (equal to a complete build's bytes — builds are deterministic), and the next build
//! removes the temporary file the killed one left behind.

use crate::support::hostile as support;

use pamphleteer::build::Format;
use pamphleteer::build::{self, BuildOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A copy of the small fixture project in a temporary folder.
fn project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("book");
    let from = support::fixture("small/manuscript");
    std::fs::create_dir_all(root.join("manuscript")).unwrap();
    for e in std::fs::read_dir(&from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), root.join("manuscript").join(e.file_name())).unwrap();
    }
    (tmp, root)
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        project: Some(root.to_path_buf()),
        out: Some(root.join("out")),
        formats: vec![Format::Pdf, Format::Booklet, Format::Epub],
        deny_warnings: false,
        write: true,
        ..BuildOptions::default()
    }
}

/// Every file in a folder with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let modified = e.metadata().unwrap().modified().unwrap();
            (
                e.file_name().into_string().unwrap(),
                (std::fs::read(e.path()).unwrap(), modified),
            )
        })
        .collect()
}

/// A manuscript broken after a good build: the build fails and the three outputs
/// are untouched (same bytes, same modification time), with nothing added.
#[test]
fn failed_build_keeps_previous_outputs() {
    let (_tmp, root) = project();
    let good = build::run(&options(&root));
    assert!(!good.failed, "{:?}", good.summary);
    let before = snapshot(&root.join("out"));
    assert_eq!(before.len(), 3);
    // Invalid UTF-8 in a chapter: refused by the parser.
    std::fs::write(
        root.join("manuscript/02-the-state.md"),
        b"# Broken\n\n\xff\n",
    )
    .unwrap();
    let bad = build::run(&options(&root));
    assert!(bad.failed);
    assert_eq!(snapshot(&root.join("out")), before);
    // An output that cannot be written (a folder stands where the EPUB goes): the build
    // fails, that output is not touched and no temporary file is left.
    std::fs::write(
        root.join("manuscript/02-the-state.md"),
        b"# Fixed\n\nNew text.\n",
    )
    .unwrap();
    let epub = before
        .keys()
        .find(|n| n.ends_with(".epub"))
        .unwrap()
        .clone();
    std::fs::remove_file(root.join("out").join(&epub)).unwrap();
    std::fs::create_dir(root.join("out").join(&epub)).unwrap();
    let blocked = build::run(&options(&root));
    assert!(blocked.failed, "{:?}", blocked.summary);
    assert!(root.join("out").join(&epub).is_dir());
    let names: Vec<String> = snapshot_names(&root.join("out"));
    assert!(names.iter().all(|n| !n.ends_with(".part")), "{names:?}");
}

fn snapshot_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// A temporary file left by a killed build (its process is gone) is removed by the next
/// build, and the outputs are whole.
#[test]
fn stale_part_of_a_killed_build_is_cleaned() {
    let (_tmp, root) = project();
    let out = root.join("out");
    std::fs::create_dir_all(&out).unwrap();
    // PID 0 is never a user process.
    let stale = out.join(".pamphleteer-0-AbC123.part");
    std::fs::write(&stale, b"%PDF-1.6 truncated").unwrap();
    let r = build::run(&options(&root));
    assert!(!r.failed);
    assert!(!stale.exists());
    assert_eq!(snapshot_names(&out).len(), 3);
}

/// The binary killed (SIGKILL) as soon as a temporary output appears, several times:
/// every output present is byte-identical to a complete build's, never truncated; a
/// final build leaves no temporary file.
#[test]
fn killed_mid_write_leaves_no_truncated_file() {
    let (_tmp, root) = project();
    let reference = root.join("reference");
    let mut opts = options(&root);
    opts.out = Some(reference.clone());
    assert!(!build::run(&opts).failed);
    let complete = snapshot(&reference);
    let out = root.join("out");
    let mut caught = 0;
    for _attempt in 0..4 {
        let _ = std::fs::remove_dir_all(&out);
        let mut child = Command::new(env!("CARGO_BIN_EXE_pamphleteer"))
            .arg("build")
            .arg(&root)
            .arg("--out")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        // Poll until a temporary file appears, then kill at once.
        loop {
            let writing = std::fs::read_dir(&out)
                .map(|d| {
                    d.flatten()
                        .any(|e| e.file_name().to_string_lossy().ends_with(".part"))
                })
                .unwrap_or(false);
            if writing {
                child.kill().unwrap();
                caught += 1;
                break;
            }
            if child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(120) {
                let _ = child.kill();
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        child.wait().unwrap();
        if out.is_dir() {
            for name in snapshot_names(&out) {
                if name.ends_with(".part") {
                    continue;
                }
                let bytes = std::fs::read(out.join(&name)).unwrap();
                assert!(
                    complete.get(&name).is_some_and(|(b, _)| *b == bytes),
                    "{name} is not a complete output ({} bytes)",
                    bytes.len()
                );
            }
        }
    }
    eprintln!("killed mid-write {caught} of 4 times");
    // The next build finishes the job and sweeps the killed builds' temporary files.
    let r = build::run(&options(&root));
    assert!(!r.failed);
    let names = snapshot_names(&out);
    assert_eq!(names.len(), 3, "{names:?}");
    for n in names {
        assert!(
            std::fs::read(out.join(&n)).unwrap() == complete[&n].0,
            "{n}"
        );
    }
}
