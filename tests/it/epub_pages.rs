//! Page-break markers land at the exact `TextPos` the typesetter reports, and the
//! navigation document lists them.

use crate::support::epub_fixture as fixture;
use crate::support::epub_read as read;

use pamphleteer::epub::counted_text;
use pamphleteer::model::ChapterId;
use pamphleteer::typeset::{PageStart, TextPos};

fn build(starts: &[PageStart]) -> Vec<u8> {
    pamphleteer::epub::write(
        &fixture::document(),
        &fixture::layout(),
        &fixture::assets(None),
        Some(starts),
    )
    .unwrap()
}

fn marker(label: &str) -> String {
    format!(
        "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-{label}\" aria-label=\"{label}\"></span>"
    )
}

#[test]
fn counted_text_follows_frame_rs() {
    let doc = fixture::document();
    let texts = counted_text(&doc.chapters[0].blocks);
    assert_eq!(
        texts.len(),
        13,
        "blocks in pre-order: quote and list count with their children"
    );
    assert_eq!(
        texts[0],
        "The question of the class nature of the Soviet state is posed anew, above all by the bureaucracyand not by <script>alert(\"x\")</script> & friends."
    );
    assert_eq!(texts[3], "", "a block quote has no text of its own");
    assert_eq!(
        texts[4],
        "A quoted passage, set off from the text, speaks of workers’ democracy."
    );
    assert_eq!(texts[8], "YearMembers1923386,00019271,200,000");
    assert_eq!(&texts[8][..11], "YearMembers");
    assert_eq!(texts[10], "let x = 1 < 2;");
    assert_eq!(
        pamphleteer::epub::count_chars(&doc.chapters[0].blocks)[4],
        70
    );
}

#[test]
fn fixture_markers_sit_where_the_pages_start() {
    let epub = build(&fixture::page_starts());
    let c1 = read::entry(&epub, "OEBPS/c01-introduction.xhtml");
    let c2 = read::entry(&epub, "OEBPS/c02-conclusion.xhtml");
    assert!(
        c1.contains(&format!(
            "id=\"introduction\">{}Introduction</h1>",
            marker("1")
        )),
        "inside the title (a marker ahead of it would get a blank page of its own)"
    );
    assert!(
        c1.contains(&format!("<em>clas{}s nature</em>", marker("2"))),
        "inside emphasis, by characters"
    );
    assert!(
        c1.contains(&format!("<blockquote>\n<p>{}A quoted", marker("3"))),
        "first block inside a quote"
    );
    assert!(
        c1.contains(&format!("Me{}mbers</th>", marker("4"))),
        "inside a table cell"
    );
    assert!(
        c2.contains(&format!(
            "id=\"use-bureaucracy-1\">{}bureaucracy",
            marker("5")
        )),
        "inside a glossary link"
    );
    let nav = read::entry(&epub, "OEBPS/nav.xhtml");
    assert!(nav.contains("<nav epub:type=\"page-list\" role=\"doc-pagelist\""));
    for (label, file) in [
        ("1", "c01-introduction"),
        ("4", "c01-introduction"),
        ("5", "c02-conclusion"),
    ] {
        assert!(
            nav.contains(&format!(
                "<li><a href=\"{file}.xhtml#page-{label}\">{label}</a></li>"
            )),
            "{label}"
        );
    }
}

/// The chapter's counted text as the XHTML shows it, with `\u{E000}` for the marker.
fn shown_text(xhtml: &str) -> String {
    let body = xhtml.split("</h1>").nth(1).unwrap();
    let body = body.split("<div class=\"footnotes\">").next().unwrap();
    let body = read::remove_regions(body, "<sup class=\"noteref\">", "</sup>");
    let body = read::remove_regions(&body, "<a role=\"doc-biblioref\"", "</a>");
    let body = read::remove_regions(&body, "<span epub:type=\"pagebreak\"", "</span>")
        .replace("</section>", "");
    let body = body.replace("<span epub:type=\"pagebreak\"", "");
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '\n' => {}
            _ => out.push(c),
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn a_marker_at_every_position_of_a_chapter_lands_at_that_character() {
    let doc = fixture::document();
    let texts: Vec<String> = counted_text(&doc.chapters[0].blocks)
        .into_iter()
        .map(|t| t.replace('\n', ""))
        .collect();
    let mut before = 0;
    for (block, text) in texts.iter().enumerate() {
        let len = text.chars().count();
        for offset in 0..=len {
            let start = PageStart {
                label: "9".into(),
                pos: TextPos {
                    chapter: ChapterId(0),
                    before_title: false,
                    block: block as u32,
                    offset: offset as u32,
                },
            };
            let xhtml = read::entry(&build(&[start]), "OEBPS/c01-introduction.xhtml");
            let sentinel = xhtml.replace(&marker("9"), "\u{E000}");
            let shown = shown_text(&sentinel);
            let at = shown
                .chars()
                .position(|c| c == '\u{E000}')
                .expect("the marker is placed");
            assert_eq!(
                at,
                before + offset,
                "block {block} offset {offset}: {shown}"
            );
        }
        before += len;
    }
}
