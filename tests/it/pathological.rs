//! Pathological inputs (#14), generated here after cmark's `test/pathological_tests.py`
//! and sized to run in seconds in a debug build: nothing crashes, nesting beyond the
//! parser's limit is one error at the place it is crossed, and parsing and printing
//! warnings grow linearly — judged only as a ratio between two sizes in the same run
//! (4n against n within 12×: linear gives about 4, quadratic 16), never a wall-clock
//! limit.

use crate::support::common::{project, run};
use crate::support::hostile::build_files;
use pamphleteer::diag::render;
use pamphleteer::diag::{Diagnostics, Sources};
use pamphleteer::parse;
use std::time::{Duration, Instant};

fn chapter(body: &str) -> String {
    format!("# T\n\n{body}\n")
}

/// The fastest of five parses of a one-chapter project.
fn parse_time(text: &str) -> Duration {
    let files = project(&[("01.md", text)]);
    (0..5)
        .map(|_| {
            let started = Instant::now();
            let mut sources = Sources::default();
            let mut diags = Diagnostics::default();
            let input = parse::parse_project(&files, &mut sources, &mut diags);
            assert!(input.is_some(), "a document");
            started.elapsed()
        })
        .min()
        .expect("five runs")
}

/// `gen(n)` parsed at n and 4n: the ratio of the times, per 4× of input (an input that
/// grows faster than n, like cmark's backticks, is judged by its length).
fn growth(name: &str, n: usize, generate: impl Fn(usize) -> String) -> f64 {
    let (a, b) = (chapter(&generate(n)), chapter(&generate(4 * n)));
    let small = parse_time(&a);
    let large = parse_time(&b);
    let bytes = b.len() as f64 / a.len() as f64;
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6) * 4.0 / bytes;
    eprintln!("{name}: n={n} {small:?}, 4n {large:?} ({bytes:.1}× the bytes), ratio {ratio:.1}");
    ratio
}

#[test]
fn ten_thousand_nested_quotes_are_one_error_in_check_and_build() {
    let text = chapter(&format!("{} deep", ">".repeat(10_000)));
    let r = run(&project(&[("01.md", &text)]));
    assert_eq!(
        r.diags,
        vec!["manuscript/01.md:3:33: error: Markdown nested more than 32 levels deep"],
    );
    let built = build_files(&project(&[("01.md", &text)]), None);
    assert!(built.outcome.failed, "the build fails on the error");
    assert_eq!(
        built.diags,
        vec!["manuscript/01.md:3:33: error: Markdown nested more than 32 levels deep"],
    );
}

#[test]
fn deep_emphasis_lists_and_quoted_emphasis_do_not_crash() {
    let cases = [
        // cmark's "nested strong emph", 5,000 deep.
        format!("{}b{}", "*a **a ".repeat(5_000), " a** a*".repeat(5_000)),
        // "deeply nested lists".
        (0..500)
            .map(|x| format!("{}* a\n", "  ".repeat(x)))
            .collect(),
        // "emph in deep blockquote".
        format!("{}{}", ">".repeat(10_000), "a*".repeat(10_000)),
        // "empty lines in deeply nested lists".
        format!("{}x{}", "- ".repeat(5_000), "\n".repeat(5_000)),
    ];
    for body in &cases {
        let text = chapter(body);
        let built = build_files(&project(&[("01.md", &text)]), None);
        let deep: Vec<&String> = built
            .diags
            .iter()
            .filter(|d| d.contains("nested more than 32 levels"))
            .collect();
        assert!(deep.len() <= 1, "reported once per file: {deep:?}");
        if deep.is_empty() {
            assert!(!built.outcome.failed, "{:?}", built.diags);
        }
    }
}

#[test]
fn nesting_within_the_limit_is_kept_whole() {
    let text = chapter(&format!("{} kept", ">".repeat(20)));
    let r = run(&project(&[("01.md", &text)]));
    assert!(r.diags.is_empty(), "{:?}", r.diags);
}

/// A pathological input: its name in cmark's suite, a size, and its generator.
type Case = (&'static str, usize, fn(usize) -> String);

#[test]
fn cmark_pathological_inputs_parse_in_linear_time() {
    let cases: [Case; 10] = [
        ("many link openers with no closers", 8_000, |n| {
            "[a".repeat(n)
        }),
        ("many link closers with no openers", 8_000, |n| {
            "a]".repeat(n)
        }),
        ("many emph openers with no closers", 8_000, |n| {
            "_a ".repeat(n)
        }),
        ("mismatched openers and closers", 6_000, |n| {
            "*a_ ".repeat(n)
        }),
        ("link openers and emph closers", 6_000, |n| "[ a_".repeat(n)),
        ("pattern [ (]( repeated", 6_000, |n| "[ (](".repeat(n)),
        ("unclosed links B", 5_000, |n| "[a](b".repeat(n)),
        ("nested brackets", 20_000, |n| {
            format!("{}a{}", "[".repeat(n), "]".repeat(n))
        }),
        ("backticks", 300, |n| {
            (1..n).map(|x| format!("e{}", "`".repeat(x))).collect()
        }),
        ("table rows", 3_000, |n| {
            format!("| a |\n| - |\n{}", "| b |\n".repeat(n))
        }),
    ];
    let mut slow = vec![];
    for (name, n, generate) in cases {
        let ratio = growth(name, n, generate);
        if ratio > 12.0 {
            slow.push(format!("{name}: 4n took {ratio:.1}× n"));
        }
    }
    assert!(slow.is_empty(), "not linear:\n{}", slow.join("\n"));
}

#[test]
fn printing_warnings_is_linear() {
    let time = |n: usize| {
        let text = chapter(&"a <b> c\n\n".repeat(n));
        let files = project(&[("01.md", &text)]);
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        parse::parse_project(&files, &mut sources, &mut diags).expect("a document");
        assert_eq!(diags.warning_count(), n, "one warning per raw HTML tag");
        (0..3)
            .map(|_| {
                let started = Instant::now();
                let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
                render::emit(&mut out, &sources, &diags).expect("rendered");
                (started.elapsed(), out.into_inner().len())
            })
            .min()
            .expect("three runs")
    };
    let (small, bytes) = time(1_000);
    let (large, large_bytes) = time(4_000);
    assert!(large_bytes > 3 * bytes, "every warning is printed");
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    eprintln!("warnings: 1,000 in {small:?}, 4,000 in {large:?}, ratio {ratio:.1}");
    assert!(ratio < 12.0, "printing warnings is not linear: {ratio:.1}×");
}
