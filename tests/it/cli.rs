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
    let cmd = format!(
        "{bin} build --example --format pdf --out {}",
        out.to_str().unwrap()
    );
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
        .args([
            "build",
            "--example",
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
        ])
        .current_dir(dir.path())
        .env("PAMPHLETEER_PROGRESS_AFTER", "0")
        .output()
        .unwrap();
    let text = stderr(&piped);
    assert!(piped.status.success(), "{text}");
    assert!(!text.contains('…') && !text.contains('\r'), "{text}");
}

/// The last line of stderr: the run's one summary line.
fn last_line(o: &Output) -> String {
    stderr(o).lines().last().unwrap_or("").to_string()
}

/// A project made by `new`, with `extra` appended to its chapter.
fn project_with(dir: &Path, extra: &str) {
    let o = pamphleteer(&["new", "p"], dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let chapter = dir.join("p/manuscript/01-introduction.md");
    let mut text = std::fs::read_to_string(&chapter).unwrap();
    text.push_str(extra);
    std::fs::write(&chapter, text).unwrap();
}

#[test]
fn build_outside_a_project_fails_with_a_hint_to_new() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["build", "check"] {
        let o = pamphleteer(&[cmd], dir.path());
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.starts_with(
                "error: no project here: the current folder has no manuscript/book.toml\n \
                 = help: start one with `pamphleteer new FOLDER`, name a project folder \
                 (`pamphleteer build FOLDER`), or build the bundled example with `--example`\n"
            ),
            "{err}"
        );
    }
    assert_eq!(
        last_line(&pamphleteer(&["build"], dir.path())),
        "error: could not build: 1 error"
    );
    assert_eq!(
        last_line(&pamphleteer(&["check"], dir.path())),
        "error: check failed: 1 error"
    );
    assert!(!dir.path().join("out").exists(), "nothing is written");
}

#[test]
fn a_missing_or_foreign_project_folder_is_named_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let o = pamphleteer(&["build", "nosuchdir"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "error: the project folder `nosuchdir` does not exist\n \
             = help: check the path, or create a project there with `pamphleteer new nosuchdir`\n"
        ),
        "{err}"
    );
    assert!(!err.contains("remove it from the list"), "{err}");

    std::fs::create_dir(dir.path().join("notes")).unwrap();
    let o = pamphleteer(&["check", "notes"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(
            "error: `notes` is not a pamphleteer project: it has no manuscript/book.toml\n"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_bundled_pamphlet_builds_on_request_with_one_print_instruction() {
    let dir = tempfile::tempdir().unwrap();
    let o = pamphleteer(
        &[
            "build",
            "--example",
            "--format",
            "PDF booklet",
            "--out",
            "o",
        ],
        dir.path(),
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        dir.path().join("o").read_dir().unwrap().count() == 2,
        "{err}"
    );
    assert!(!err.contains("Print Print"), "{err}");
    let instruction = err
        .lines()
        .find(|l| l.contains("Print the booklet on"))
        .expect("the booklet's printing instruction");
    assert!(
        instruction.starts_with(&format!(
            "{}Print the booklet on 7 A4 sheets",
            " ".repeat(13)
        )),
        "{instruction:?}"
    );
    assert!(last_line(&o).starts_with("    Finished in "), "{err}");
    assert!(!last_line(&o).contains("warning"), "{err}");
}

#[test]
fn format_takes_commas_spaces_and_any_case_and_names_the_valid_ones() {
    let dir = tempfile::tempdir().unwrap();
    project_with(dir.path(), "");
    let o = pamphleteer(&["build", "p", "--format", "EPUB, Pdf"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let mut made: Vec<_> = std::fs::read_dir(dir.path().join("p/out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    made.sort();
    assert_eq!(made.len(), 2, "{made:?}");
    assert!(
        made[0].ends_with(".epub") && made[1].ends_with(".pdf"),
        "{made:?}"
    );

    let o = pamphleteer(&["build", "p", "--format", "epub,mobi"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "invalid value 'epub,mobi' for '--format <FORMATS>': unknown format `mobi`; \
             the formats are epub, pdf, booklet, cover"
        ),
        "{}",
        stderr(&o)
    );
    let help = pamphleteer(&["build", "--help"], dir.path());
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("[default: epub,pdf,booklet,cover]"), "{help}");
}

#[test]
fn every_run_ends_with_its_errors_and_warnings_counted() {
    let dir = tempfile::tempdir().unwrap();
    // One warning: raw HTML is kept as text.
    project_with(dir.path(), "\nA <b>bold</b> claim.\n");
    let o = pamphleteer(&["check", "p"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(last_line(&o), "     Checked: 2 warnings");
    assert!(!stderr(&o).contains("could not build"), "{}", stderr(&o));

    let o = pamphleteer(&["build", "p", "--format", "epub"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let last = last_line(&o);
    assert!(
        last.starts_with("    Finished in ") && last.ends_with(" s with 2 warnings"),
        "{last}"
    );

    let o = pamphleteer(&["check", "--deny-warnings", "p"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        last_line(&o),
        "error: check failed: 2 warnings (warnings denied by --deny-warnings)"
    );

    // An error and a warning: a note without a definition, raw HTML.
    std::fs::create_dir(dir.path().join("q")).unwrap();
    project_with(&dir.path().join("q"), "\nA mark.[^nowhere] <b>\n");
    let o = pamphleteer(&["check", "q/p"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(last_line(&o), "error: check failed: 1 error, 1 warning");
    let o = pamphleteer(&["build", "q/p"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(last_line(&o), "error: could not build: 1 error, 1 warning");

    let o = pamphleteer(&["new", "clean"], dir.path());
    assert!(o.status.success());
    let o = pamphleteer(&["check", "clean"], dir.path());
    assert_eq!(last_line(&o), "     Checked: no errors or warnings");
}

/// A work cited only in a chapter that could not be read is not "never cited", nor is
/// the work a misspelt key most likely meant: one mistake, one message.
#[test]
fn errors_bring_no_cascade_of_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let man = dir.path().join("manuscript");
    std::fs::create_dir_all(&man).unwrap();
    std::fs::write(
        man.join("book.toml"),
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\nchapters = [\"one.md\", \"gone.md\"]\n",
    )
    .unwrap();
    std::fs::write(man.join("one.md"), "# One\n\nAs shown [@marx1867].\n").unwrap();
    std::fs::write(
        man.join("references.bib"),
        "@book{marx1867, author = {Marx, Karl}, title = {Capital}, year = {1867}}\n\
         @book{lenin1917, author = {Lenin, V. I.}, title = {The State and Revolution}, year = {1917}}\n",
    )
    .unwrap();
    let o = pamphleteer(&["check", "."], dir.path());
    let err = stderr(&o);
    assert!(err.contains("`manuscript/gone.md` does not exist"), "{err}");
    assert!(!err.contains("never cited"), "{err}");
    assert_eq!(last_line(&o), "error: check failed: 1 error");

    // With every chapter read, an entry nobody cites is reported…
    std::fs::write(
        man.join("book.toml"),
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\nchapters = [\"one.md\"]\n",
    )
    .unwrap();
    let err = stderr(&pamphleteer(&["check", "."], dir.path()));
    assert!(
        err.contains("bibliography entry `lenin1917` is never cited"),
        "{err}"
    );
    // …but not the one a misspelt key meant.
    std::fs::write(
        man.join("one.md"),
        "# One\n\nAs shown [@marx1876; @lenin1917].\n",
    )
    .unwrap();
    let o = pamphleteer(&["check", "."], dir.path());
    let err = stderr(&o);
    assert!(err.contains("unknown citation key `marx1876`"), "{err}");
    assert!(err.contains("did you mean `marx1867`?"), "{err}");
    assert!(!err.contains("never cited"), "{err}");
    assert_eq!(last_line(&o), "error: check failed: 1 error");
}
