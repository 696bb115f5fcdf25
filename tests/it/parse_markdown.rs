//! Markdown features of chapters, their spans, and the warnings and errors they raise.
use crate::support::common;

use common::{dump, run_mem};
use pamphleteer::model::{BlockKind, InlineKind};

#[test]
fn every_block_and_inline_kind() {
    let src = "# Title with *style*\n\nIt's \"smart\" -- and... [a link](https://x.org) ~~gone~~ `code`.\\\nHard break, <me@example.org>.\n\n> Quoted\n> text.\n\n3. three\n4. four\n   - nested\n\n- loose item\n\n- second\n\n| a | b |\n|:--|--:|\n| *1* | 2 |\n\n---\n\n```text\nverbatim <b>\n```\n\n    indented code\n";
    let r = run_mem(&[("a.md", src)]);
    assert_eq!(r.diags, Vec::<String>::new());
    crate::support::snapshot::assert_snapshot("snapshots/markdown_kinds.txt", &dump(&r));
    // Smart punctuation arrives split; it is one Text inline here.
    let BlockKind::Paragraph(p) = &r.doc().chapters[0].blocks[0].kind else {
        panic!()
    };
    assert!(
        matches!(&p[0].kind, InlineKind::Text(t) if t == "It’s “smart” – and… "),
        "{:?}",
        p[0]
    );
    assert_eq!(r.slice(p[0].span), "It's \"smart\" -- and... ");
}

#[test]
fn raw_html_is_kept_as_text_with_a_warning() {
    let r = run_mem(&[(
        "a.md",
        "# A\n\nSome <b>bold</b> here.\n\n<div class=\"x\">\nblock\n</div>\n",
    )]);
    assert_eq!(
        r.diags,
        [
            "manuscript/a.md:3:6: warning: raw HTML `<b>` is kept as text",
            "manuscript/a.md:3:13: warning: raw HTML `</b>` is kept as text",
            "manuscript/a.md:5:1: warning: raw HTML `<div class=\"x\">\nblock\n</div>` is kept as text",
        ]
    );
    let d = dump(&r);
    assert!(d.contains("para @3:1: Some <b>bold</b> here."), "{d}");
    assert!(
        d.contains("para @5:1: <div class=\"x\">\nblock\n</div>"),
        "{d}"
    );
}

#[test]
fn images() {
    let r = run_mem(&[
        (
            "a.md",
            "# A\n\n![ok](img/fig.png) ![far](https://x.org/a.png) ![up](../secret.png) ![abs](/etc/a.png) ![gone](nope.png)\n",
        ),
        // A real image (an SVG is text): a file that is no image would be warned about.
        ("img/fig.png", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    ]);
    assert_eq!(
        r.diags,
        [
            "manuscript/a.md:3:20: warning: remote image `https://x.org/a.png` is not fetched; its alt text is kept",
            "manuscript/a.md:3:48: error: image path `../secret.png` leaves the manuscript folder",
            "manuscript/a.md:3:69: error: image path `/etc/a.png` leaves the manuscript folder",
            "manuscript/a.md:3:88: error: image `nope.png` does not exist",
        ]
    );
    let d = dump(&r);
    assert!(
        d.contains(
            "para @3:1: <img img/fig.png alt=\"ok\"> far up abs <img nope.png alt=\"gone\">"
        ),
        "{d}"
    );
}

#[test]
fn headings_title_sections_and_anchors() {
    let r = run_mem(&[
        (
            "a.md",
            "Intro before the title.\n\n# The Title\n\n## Same\n\n### Same\n\n# Another Title\n",
        ),
        ("b.md", "# B\n\n## Same\n\n## ???\n"),
    ]);
    assert_eq!(
        r.diags,
        ["manuscript/a.md:9:1: warning: a second `#` heading in this file becomes a section"]
    );
    let d = dump(&r);
    assert!(d.contains("chapter 0 `a`: The Title\n  para @1:1: Intro before the title.\n  h2 #same @5:1: Same\n  h3 #same-2 @7:1: Same\n  h2 #another-title @9:1: Another Title\n"), "{d}");
    assert!(
        d.contains("h2 #same-3 @3:1: Same\n  h2 #section @5:1: ???"),
        "{d}"
    );
}

#[test]
fn citation_in_heading_stays_text() {
    let bib = include_str!("../fixtures/small/manuscript/references.bib");
    let r = run_mem(&[
        ("references.bib", bib),
        (
            "a.md",
            "# A\n\n## After [@trotsky1937]\n\nText [@trotsky1937].\n",
        ),
    ]);
    assert_eq!(
        r.diags,
        [
            "manuscript/references.bib:9:1: warning: bibliography entry `trotsky1933` is never cited",
            "manuscript/references.bib:18:1: warning: bibliography entry `lenin1917` is never cited",
            "manuscript/a.md:3:4: warning: a citation in a heading is kept as text",
        ]
    );
    assert!(dump(&r).contains("h2 #after-trotsky1937 @3:1: After [@trotsky1937]"));
}
