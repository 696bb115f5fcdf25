//! The one snapshot helper: compares a text with a file under `tests/` and, with
//! `UPDATE_SNAPSHOTS=1`, rewrites the file instead.
//!
//! Snapshots live in `tests/snapshots/` (model and EPUB dumps) and `tests/golden/`
//! (typeset lines and pages); the name given is the path below `tests/`. When a text
//! differs, the failure shows the first differing lines and where the whole new text
//! was written (under the target folder), so `diff` can compare them.

use std::path::{Path, PathBuf};

/// Whether this run rewrites snapshots (`UPDATE_SNAPSHOTS=1`).
pub fn updating() -> bool {
    std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Asserts `actual` equals the file `tests/PATH`; with `UPDATE_SNAPSHOTS=1`, writes it.
#[track_caller]
pub fn assert_snapshot(path: &str, actual: &str) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(path);
    if updating() {
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("snapshot folder");
        std::fs::write(&file, actual).expect("write the snapshot");
        return;
    }
    let Ok(expected) = std::fs::read_to_string(&file) else {
        panic!("no snapshot tests/{path}; run with UPDATE_SNAPSHOTS=1 to write it, then review it");
    };
    if expected == actual {
        return;
    }
    let new = save_actual(path, actual);
    panic!(
        "snapshot tests/{path} differs ({} lines expected, {} now):\n{}\n\
         the new text is in {}; rerun with UPDATE_SNAPSHOTS=1 if the change is right",
        expected.lines().count(),
        actual.lines().count(),
        first_differences(&expected, actual, 5),
        new.display()
    );
}

/// The first `n` differing lines, numbered (a missing line shows as `∅`).
pub fn first_differences(expected: &str, actual: &str, n: usize) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    (0..e.len().max(a.len()))
        .filter(|&i| e.get(i) != a.get(i))
        .take(n)
        .map(|i| {
            format!(
                "line {}:\n  - {}\n  + {}",
                i + 1,
                e.get(i).unwrap_or(&"∅"),
                a.get(i).unwrap_or(&"∅")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes `actual` beside the build's temporary files; returns where.
fn save_actual(path: &str, actual: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("snapshots")
        .join(path);
    if let Some(dir) = out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(&out, actual);
    out
}

#[test]
fn differences_name_the_lines() {
    let d = first_differences("a\nb\nc\n", "a\nB\nc\nd\n", 5);
    assert_eq!(d, "line 2:\n  - b\n  + B\nline 4:\n  - ∅\n  + d");
    assert_eq!(first_differences("x\n", "x\n", 5), "");
}

#[test]
fn a_matching_snapshot_passes_and_a_missing_one_says_how_to_write_it() {
    if updating() {
        return;
    }
    assert_snapshot(
        "snapshots/markdown_kinds.txt",
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/markdown_kinds.txt"),
        )
        .expect("the markdown snapshot"),
    );
    let err = std::panic::catch_unwind(|| assert_snapshot("snapshots/no-such-snapshot.txt", "x"))
        .expect_err("a missing snapshot fails");
    let msg = err.downcast_ref::<String>().expect("a message");
    assert!(msg.contains("UPDATE_SNAPSHOTS=1"), "{msg}");
    let err =
        std::panic::catch_unwind(|| assert_snapshot("snapshots/markdown_kinds.txt", "changed\n"))
            .expect_err("a different text fails");
    let msg = err.downcast_ref::<String>().expect("a message");
    assert!(
        msg.contains("line 1:") && msg.contains("+ changed"),
        "{msg}"
    );
}
