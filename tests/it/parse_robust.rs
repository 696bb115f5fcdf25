//! Robustness: fragments of tricky Markdown in random combinations never panic the
//! parser, and every diagnostic they raise points inside its file.
use crate::support::common;

const FRAGMENTS: &[&str] = &[
    "[@",
    "@",
    "]",
    "[",
    "[^",
    "^1]",
    "[^1]: note\n",
    "[-@a",
    ", p. 3",
    "; @b]",
    "@a",
    "@{a b}",
    "a@b.org",
    "\"",
    "'",
    "--",
    "---",
    "...",
    "\\*",
    "&amp;",
    "&#x2014;",
    "*",
    "**",
    "~~",
    "`",
    "<b>",
    "</b>",
    "<!-- c -->",
    "\n",
    "\n\n",
    "# ",
    "## ",
    "> ",
    "- ",
    "1. ",
    "    ",
    "| a |",
    "|---|",
    "![x](",
    "http://x/a.png",
    ")",
    "(glossary:",
    "term",
    "Term’s",
    "İstanbul ẞ",
    "é",
    "\u{301}",
    "§ 2",
    "pp. 3–5",
    "xii",
    "\t",
    "***",
    "```",
    "[x]",
    "[^x]",
    ":",
];

fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn random_fragments_never_panic() {
    let bib = include_str!("../fixtures/small/manuscript/references.bib");
    let mut state = 0x9e3779b97f4a7c15u64;
    for case in 0..250 {
        let mut doc = String::new();
        let mut gloss = String::from("Term\n: ");
        for _ in 0..(next(&mut state) % 60) {
            doc.push_str(FRAGMENTS[(next(&mut state) % FRAGMENTS.len() as u64) as usize]);
        }
        for _ in 0..(next(&mut state) % 10) {
            gloss.push_str(FRAGMENTS[(next(&mut state) % FRAGMENTS.len() as u64) as usize]);
        }
        let style = if case % 2 == 0 {
            "chicago-notes"
        } else {
            "chicago-author-date"
        };
        let toml = format!(
            "[book]\ntitle = \"T\"\nlanguage = \"en\"\n[bibliography]\nstyle = \"{style}\"\n"
        );
        let r = common::run_mem(&[
            ("book.toml", &toml),
            ("references.bib", bib),
            ("a.md", &doc),
            ("glossary.md", &gloss),
        ]);
        assert!(r.input.is_some(), "case {case}: {doc:?}");
        for d in &r.diags {
            assert!(d.starts_with("manuscript/"), "case {case}: {d} for {doc:?}");
        }
        let _ = common::dump(&r);
    }
}
