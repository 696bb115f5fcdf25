//! The glossary: definition list, sorting, slugs, automatic and explicit links, uses.
use crate::support::common;

use common::{dump, run_mem};
use pamphleteer::model::TermUse;

const GLOSSARY: &str = "# Glossary\n\nThe State\n: An organ of class rule.\n\n\"Permanent revolution\"\n: See [the state](glossary:state).\n\nclass\n: A group defined by its relation to production.\n\n  Second paragraph.\n\nbureaucracy\n: A caste.\n";

#[test]
fn entries_sorted_with_slugs_and_spans() {
    let r = run_mem(&[("glossary.md", GLOSSARY), ("a.md", "# A\n")]);
    assert_eq!(r.diags, Vec::<String>::new());
    let g = &r.doc().glossary;
    let terms: Vec<(&str, &str)> = g
        .iter()
        .map(|e| (e.term.as_str(), e.slug.as_str()))
        .collect();
    assert_eq!(
        terms,
        [
            ("bureaucracy", "bureaucracy"),
            ("class", "class"),
            ("“Permanent revolution”", "permanent-revolution"),
            ("The State", "the-state"),
        ]
    );
    assert_eq!(r.at(g[1].span), "9:1");
    assert_eq!(g[1].definition.len(), 2);
    // A link inside the glossary is a cross-reference, not a use in the text.
    let d = dump(&r);
    assert!(
        d.contains(&format!(
            "See <term the-state#{} @7:7>the state</term>.",
            TermUse::NONE
        )),
        "{d}"
    );
}

#[test]
fn first_use_per_chapter_is_linked() {
    let r = run_mem(&[
        ("glossary.md", GLOSSARY),
        (
            "a.md",
            "# The state and class\n\n## On the state\n\nThe *state’s* role: classes, [a class link](https://x.org), `class`.\nThe state again; class again.[^1]\n\n[^1]: A class in a note is not linked.\n",
        ),
        (
            "b.md",
            "# B\n\nThe bureaucracy's State, [our class](glossary:Class); then class.\n",
        ),
    ]);
    assert_eq!(r.diags, Vec::<String>::new());
    let d = dump(&r);
    assert!(
        d.contains("chapter 0 `a`: The state and class\n  h2 #on-the-state @3:1: On the state\n"),
        "{d}"
    );
    assert!(
        d.contains("para @5:1: The <em><term the-state#0 @5:6>state</term>’s</em> role: <term class#0 @5:21>classes</term>, <a https://x.org>a class link</a>, <code>class</code>.⏎The state again; class again.<note 1 @6:30>"),
        "{d}"
    );
    assert!(
        d.contains("para @8:7: A class in a note is not linked."),
        "{d}"
    );
    assert!(
        d.contains("para @3:1: The <term bureaucracy#0 @3:5>bureaucracy</term>’s <term the-state#1 @3:19>State</term>, <term class#1 @3:26>our class</term>; then class."),
        "{d}"
    );
    let uses: Vec<String> = r.doc().glossary[1]
        .uses
        .iter()
        .map(|u| format!("{}@{}", u.chapter.0, r.at(u.span)))
        .collect();
    assert_eq!(uses, ["0@5:21", "1@3:26"]);
}

#[test]
fn diagnostics() {
    let glossary = "Intro text that is not an entry.\n\nLabour\n: Work.\n\nlabour\n: Again.\n";
    let r = run_mem(&[
        ("glossary.md", glossary),
        (
            "a.md",
            "# A\n\nSee [work](glossary:labor) and [x](glossary:zzzzzz).\n",
        ),
    ]);
    assert_eq!(
        r.diags,
        [
            "manuscript/a.md:3:5: error: unknown glossary term `labor`",
            "manuscript/a.md:3:32: error: unknown glossary term `zzzzzz`",
            "manuscript/glossary.md:1:1: warning: text outside the definition list in glossary.md is ignored",
            "manuscript/glossary.md:6:1: error: glossary term `labour` is defined twice",
        ]
    );
    assert_eq!(r.hints[0], ["did you mean `Labour`?"]);
    assert_eq!(r.hints[1], ["add the term to manuscript/glossary.md"]);
    // The unknown link's text stays.
    assert!(dump(&r).contains("para @3:1: See work and x."));
}

#[test]
fn quoted_terms_match_without_their_quotes() {
    let r = run_mem(&[
        ("glossary.md", GLOSSARY),
        ("a.md", "# A\n\nThe theory of permanent revolution.\n"),
    ]);
    assert_eq!(r.diags, Vec::<String>::new());
    assert!(dump(&r).contains(
        "para @3:1: The theory of <term permanent-revolution#0 @3:15>permanent revolution</term>."
    ));
}
