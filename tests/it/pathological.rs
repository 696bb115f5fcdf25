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
use pamphleteer::parse::{self, MemFiles};
use std::time::{Duration, Instant};

fn chapter(body: &str) -> String {
    format!("# T\n\n{body}\n")
}

/// How long parsing a one-chapter project takes.
fn parse_once(files: &MemFiles) -> Duration {
    let started = Instant::now();
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let input = parse::parse_project(files, &mut sources, &mut diags);
    assert!(input.is_some(), "a document");
    started.elapsed()
}

/// `gen(n)` parsed at n and 4n: the ratio of the times, per 4× of input (an input that
/// grows faster than n, like cmark's backticks, is judged by its length).
///
/// The two sizes are parsed in turn, five rounds, and each keeps its fastest time, so a
/// busy machine slows both alike; a ratio over the bar is measured again (up to three
/// times) and the best kept. Quadratic growth gives 16 at every try, so a retry cannot
/// hide it; a burst of load on the other core during one try can no longer fail it.
fn growth(name: &str, n: usize, generate: impl Fn(usize) -> String) -> f64 {
    let (a, b) = (chapter(&generate(n)), chapter(&generate(4 * n)));
    let (small_files, large_files) = (project(&[("01.md", &a)]), project(&[("01.md", &b)]));
    let bytes = b.len() as f64 / a.len() as f64;
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let (mut small, mut large) = (Duration::MAX, Duration::MAX);
        for _ in 0..5 {
            small = small.min(parse_once(&small_files));
            large = large.min(parse_once(&large_files));
        }
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6) * 4.0 / bytes;
        eprintln!(
            "{name}: n={n} {small:?}, 4n {large:?} ({bytes:.1}× the bytes), ratio {ratio:.1}"
        );
        best = best.min(ratio);
        if best <= LINEAR_BAR {
            break;
        }
    }
    best
}

/// 4n against n: linear gives about 4, quadratic 16.
const LINEAR_BAR: f64 = 12.0;

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
        if ratio > LINEAR_BAR {
            slow.push(format!("{name}: 4n took {ratio:.1}× n"));
        }
    }
    assert!(slow.is_empty(), "not linear:\n{}", slow.join("\n"));
}

#[test]
fn printing_warnings_is_linear() {
    let prepare = |n: usize| {
        let text = chapter(&"a <b> c\n\n".repeat(n));
        let files = project(&[("01.md", &text)]);
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        parse::parse_project(&files, &mut sources, &mut diags).expect("a document");
        assert_eq!(diags.warning_count(), n, "one warning per raw HTML tag");
        (sources, diags)
    };
    let print = |(sources, diags): &(Sources, Diagnostics)| {
        let started = Instant::now();
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        render::emit(&mut out, sources, diags).expect("rendered");
        (started.elapsed(), out.into_inner().len())
    };
    let (small_input, large_input) = (prepare(1_000), prepare(4_000));
    // In turn, fastest of each, best of up to three tries (see `growth`).
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let (mut small, mut large) = (Duration::MAX, Duration::MAX);
        for _ in 0..3 {
            let (s, bytes) = print(&small_input);
            let (l, large_bytes) = print(&large_input);
            assert!(large_bytes > 3 * bytes, "every warning is printed");
            small = small.min(s);
            large = large.min(l);
        }
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
        eprintln!("warnings: 1,000 in {small:?}, 4,000 in {large:?}, ratio {ratio:.1}");
        best = best.min(ratio);
        if best < LINEAR_BAR {
            break;
        }
    }
    assert!(
        best < LINEAR_BAR,
        "printing warnings is not linear: {best:.1}×"
    );
}
