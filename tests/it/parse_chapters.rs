//! Which files are chapters, their order and slugs; and a broken fixture book that
//! reports every problem in one run.
use crate::support::common;

use common::{run, run_mem};
use pamphleteer::parse::DirFiles;

#[test]
fn chapters_by_name_without_a_list() {
    let r = run_mem(&[
        ("02-intro.md", "# Second\n"),
        ("01-intro.md", "# First\n"),
        ("glossary.md", "Term\n: Definition.\n"),
        ("notes.txt", "not Markdown"),
        ("10.md", "No title here.\n"),
    ]);
    assert_eq!(
        r.diags,
        [
            "manuscript/10.md:1:1: warning: this chapter has no heading; its title is “10”, from the file name"
        ]
    );
    let chapters: Vec<(String, String)> = r
        .doc()
        .chapters
        .iter()
        .map(|c| (c.slug.clone(), pamphleteer::model::plain_text(&c.title)))
        .collect();
    assert_eq!(
        chapters,
        [
            ("intro".into(), "First".into()),
            ("intro-2".into(), "Second".into()),
            ("chapter-3".into(), "10".into()),
        ]
    );
    assert_eq!(r.doc().glossary.len(), 1);
}

#[test]
fn listed_chapters_in_order() {
    let toml = "[book]\ntitle = \"T\"\nlanguage = \"en\"\nchapters = [\"b.md\", \"sub/a.md\"]\n";
    let r = run_mem(&[
        ("book.toml", toml),
        ("sub/a.md", "# A\n"),
        ("b.md", "# B\n"),
        ("c.md", "# C\n"),
    ]);
    assert_eq!(r.diags, Vec::<String>::new());
    let slugs: Vec<&str> = r.doc().chapters.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs, ["b", "a"]);
}

#[test]
fn no_chapters() {
    let r = run_mem(&[]);
    assert_eq!(
        r.diags,
        ["manuscript/book.toml:1:1: error: the manuscript has no chapters"]
    );
}

/// Every problem at once, and no cascade: `trotsky1937` is neither reported as never
/// cited (a missing chapter may cite it, and `trotsky1973` most likely means it).
#[test]
fn broken_fixture_reports_everything_at_once() {
    let files = DirFiles::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/broken"
    ));
    let r = run(&files);
    assert_eq!(
        r.diags,
        [
            "manuscript/book.toml:4:23: error: `manuscript/missing.md` does not exist",
            "manuscript/one.md:3:22: error: footnote `[^nope]` has no definition",
            "manuscript/one.md:3:33: warning: raw HTML `<span>` is kept as text",
            "manuscript/one.md:3:43: warning: raw HTML `</span>` is kept as text",
            "manuscript/one.md:3:65: error: unknown citation key `trotsky1973`",
            "manuscript/one.md:5:1: warning: footnote `[^unused]` is defined but never referenced",
            "manuscript/two.md:3:1: warning: a second `#` heading in this file becomes a section",
            "manuscript/two.md:5:9: error: unknown glossary term `stat`",
            "manuscript/two.md:5:36: warning: remote image `https://x.org/a.png` is not fetched; its alt text is kept",
        ]
    );
    assert_eq!(r.hints[4], ["did you mean `trotsky1937`?"]);
    assert_eq!(r.hints[7], ["did you mean `state`?"]);
    // Still a whole document: the two chapters that exist.
    assert_eq!(r.doc().chapters.len(), 2);
}

#[test]
fn unreadable_chapters() {
    let toml = "[book]\ntitle = \"T\"\nlanguage = \"en\"\nchapters = [\"../escape.md\", \"latin1.md\", \"nul.md\", \"ok.md\"]\n";
    let mut files = common::project(&[("book.toml", toml), ("ok.md", "# OK\n")]);
    files.insert("manuscript/latin1.md", b"# Caf\xe9\n".to_vec());
    files.insert("manuscript/nul.md", b"# A\n\nx\0y\n".to_vec());
    let r = run(&files);
    assert_eq!(
        r.diags,
        [
            "manuscript/book.toml:4:13: error: chapter path `../escape.md` leaves the manuscript folder",
            "manuscript/latin1.md:1:6: error: `manuscript/latin1.md` is not valid UTF-8",
            "manuscript/nul.md:3:2: error: `manuscript/nul.md` contains a NUL byte",
        ]
    );
    assert_eq!(r.doc().chapters.len(), 1);
}
