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

/// On a terminal a long build shows what it is doing on one line, cleared at the end;
/// through a pipe (CI logs, scripts) it never does. The threshold (a second) is moved to
/// zero here so the test does not depend on the machine's speed; `script` (util-linux)
/// gives the build a terminal.
#[test]
#[cfg_attr(
    not(has_script),
    ignore = "needs script (util-linux): apt-get install bsdutils"
)]
fn a_long_build_shows_progress_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let bin = env!("CARGO_BIN_EXE_pamphleteer");
    let cmd = format!("{bin} build --format pdf --out {}", out.to_str().unwrap());
    let tty = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(dir.path())
        .env("PAMPHLETEER_PROGRESS_AFTER", "0")
        .output();
    let Ok(tty) = tty else {
        assert!(
            std::env::var("CI").is_err(),
            "`script` (util-linux) is missing: apt-get install bsdutils"
        );
        eprintln!("SKIPPED: `script` is missing (apt-get install bsdutils)");
        return;
    };
    let seen = String::from_utf8_lossy(&tty.stdout);
    assert!(tty.status.success(), "{seen}");
    let stages = ["Reading", "Typesetting", "Writing PDF", "Saving"];
    assert!(
        stages.iter().any(|s| seen.contains(&format!("{s} …"))),
        "a step and its time: {seen}"
    );
    assert!(seen.contains("\r\x1b[K"), "the line is cleared: {seen}");

    let piped = Command::new(bin)
        .args(["build", "--format", "pdf", "--out", out.to_str().unwrap()])
        .current_dir(dir.path())
        .env("PAMPHLETEER_PROGRESS_AFTER", "0")
        .output()
        .unwrap();
    let text = stderr(&piped);
    assert!(piped.status.success(), "{text}");
    assert!(!text.contains('…') && !text.contains('\r'), "{text}");
}
