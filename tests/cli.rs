//! The command line as a user meets it: `new`, `check`, `build`, exit codes, messages.

use std::path::Path;
use std::process::{Command, Output};

fn pamphleteer(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pamphleteer"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run pamphleteer")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn new_project_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let o = pamphleteer(&["new", "pamphlet"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "book.toml",
        "01-introduction.md",
        "glossary.md",
        "references.bib",
    ] {
        assert!(
            dir.path().join("pamphlet/manuscript").join(f).is_file(),
            "{f} created"
        );
    }
    let o = pamphleteer(&["check", "--deny-warnings", "pamphlet"], dir.path());
    assert!(
        o.status.success(),
        "a new project checks clean:\n{}",
        stderr(&o)
    );
    // A second `new` into the same folder refuses to overwrite the manuscript.
    let o = pamphleteer(&["new", "pamphlet"], dir.path());
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("already has a manuscript"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_reports_every_problem_with_its_place_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let man = dir.path().join("manuscript");
    std::fs::create_dir_all(&man).unwrap();
    std::fs::write(
        man.join("book.toml"),
        "[book]\ntitle = \"Broken\"\nlanguage = \"en\"\nchapters = [\"one.md\", \"missing.md\"]\n\n[layout]\ntrim = \"huge\"\n",
    )
    .unwrap();
    std::fs::write(man.join("one.md"), "# One\n\nText with a note.[^nowhere]\n").unwrap();
    let o = pamphleteer(&["check", "."], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("unknown trim size `huge`"), "{err}");
    assert!(
        err.contains("manuscript/book.toml:7:8"),
        "trim error located: {err}"
    );
    assert!(
        err.contains("`manuscript/missing.md` does not exist"),
        "{err}"
    );
    assert!(
        err.contains("manuscript/book.toml:4:23"),
        "missing chapter located at its list entry: {err}"
    );
    assert!(
        err.contains("manuscript/one.md:3"),
        "dangling note located: {err}"
    );
}

#[test]
fn unknown_key_in_book_toml_is_an_error_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let man = dir.path().join("manuscript");
    std::fs::create_dir_all(&man).unwrap();
    std::fs::write(
        man.join("book.toml"),
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\ntitel = \"typo\"\n",
    )
    .unwrap();
    let o = pamphleteer(&["check", "."], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("unknown field `titel`"), "{err}");
    assert!(err.contains("manuscript/book.toml:4:1"), "{err}");
}
