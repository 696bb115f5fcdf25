//! What the EPUB contains: XHTML snapshots of every document, each construct's markup,
//! every word in order, identical bytes from two builds, and the package layout.

use crate::support::epub_fixture as fixture;
use crate::support::epub_read as read;

fn build(fonts: bool, pages: bool) -> Vec<u8> {
    let starts = fixture::page_starts();
    pamphleteer::epub::write(
        &fixture::document(),
        &fixture::layout(),
        &fixture::assets(if fonts { fixture::fonts() } else { None }),
        pages.then_some(starts.as_slice()),
    )
    .unwrap()
}

/// Compares with `tests/snapshots/epub/NAME`; `UPDATE_SNAPSHOTS=1` rewrites it.
fn snapshot(name: &str, actual: &str) {
    crate::support::snapshot::assert_snapshot(&format!("snapshots/epub/{name}"), actual);
}

#[test]
fn documents_match_their_snapshots() {
    let epub = build(false, true);
    for name in [
        "c01-introduction.xhtml",
        "c02-conclusion.xhtml",
        "nav.xhtml",
        "title.xhtml",
        "cover.xhtml",
        "glossary.xhtml",
        "works-cited.xhtml",
        "colophon.xhtml",
        "content.opf",
        "css/book.css",
    ] {
        snapshot(
            &name.replace('/', "-"),
            &read::entry(&epub, &format!("OEBPS/{name}")),
        );
    }
}

#[test]
fn package_is_ordered_and_mimetype_stored_first() {
    let epub = build(true, true);
    assert_eq!(&epub[30..38], b"mimetype", "first entry's name");
    assert_eq!(&epub[8..10], &[0, 0], "mimetype is stored, not deflated");
    assert_eq!(&epub[38..58], b"application/epub+zip");
    let names: Vec<String> = read::entries(&epub).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names[..4],
        [
            "mimetype",
            "META-INF/container.xml",
            "OEBPS/content.opf",
            "OEBPS/images/cover.png"
        ]
    );
    assert!(
        names.contains(&"OEBPS/fonts/OFL-Source-Serif-4.txt".to_string())
            || fixture::fonts().is_none()
    );
}

#[test]
fn two_builds_are_identical() {
    assert!(
        build(true, true) == build(true, true),
        "with fonts and pages"
    );
    assert!(build(false, false) == build(false, false), "plain");
}

#[test]
fn constructs_render_as_specified() {
    let epub = build(false, false);
    let c1 = read::entry(&epub, "OEBPS/c01-introduction.xhtml");
    let c2 = read::entry(&epub, "OEBPS/c02-conclusion.xhtml");
    for (what, needle) in [
        (
            "chapter",
            "<section epub:type=\"chapter\" role=\"doc-chapter\"",
        ),
        ("emphasis", "<em>class nature</em>"),
        (
            "noteref, mark is the link text",
            "<sup class=\"noteref\"><a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\" id=\"fnref-1\">1</a></sup>",
        ),
        (
            "footnote starts with its back-link",
            "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-1\" class=\"footnote\">\n<p><a role=\"doc-backlink\" class=\"backlink\" href=\"#fnref-1\">1.</a> A note",
        ),
        (
            "multi-paragraph note",
            "this is the first.</p>\n<p>And this is the second paragraph of the note.</p>\n</aside>",
        ),
        (
            "citation links to its entry",
            "<a role=\"doc-biblioref\" class=\"cite\" href=\"works-cited.xhtml#ref-trotsky1937\" id=\"cite-1\"> (Trotsky 1937, 33)</a>",
        ),
        (
            "glossary use",
            "<a epub:type=\"glossref\" role=\"doc-glossref\" class=\"term\" href=\"glossary.xhtml#term-bureaucracy\" id=\"use-bureaucracy-0\">bureaucracy</a>",
        ),
        (
            "raw html stays text",
            "not by &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; friends.",
        ),
        (
            "section heading",
            "<h2 id=\"the-state-and-the-bureaucracy\">The state &amp; the bureaucracy</h2>",
        ),
        ("block quote", "<blockquote>\n<p>A quoted passage"),
        ("list", "<ul>\n<li><p>first item</p>\n</li>"),
        ("table", "<th scope=\"col\" class=\"right\">Members</th>"),
        ("code block", "<pre><code>let x = 1 &lt; 2;</code></pre>"),
        (
            "link url encoded",
            "href=\"https://example.org/a%20b?x=1&amp;y=2\"",
        ),
        (
            "small caps",
            "<span class=\"smallcaps\">small capitals</span>",
        ),
    ] {
        assert!(c1.contains(needle), "{what}: {needle}\nnot in:\n{c1}");
    }
    // A note referenced from a note lands in the same file, after the note that refers to it.
    let n2 = c2.find("id=\"fn-2\"").expect("note 2 in chapter 2");
    let n3 = c2
        .find("id=\"fn-3\"")
        .expect("note 3, referenced from note 2, in chapter 2");
    assert!(n2 < n3);
    assert!(c2.contains(
        "<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-3\" id=\"fnref-3\">3</a>"
    ));
    assert!(c2.contains("cites <a role=\"doc-biblioref\" class=\"cite\" href=\"works-cited.xhtml#ref-marx1871\" id=\"cite-2\">Marx (1871)</a>"));
    assert!(c2.contains("<ol start=\"3\">"));
    assert_eq!(
        fixture::document().image_urls(),
        ["figures/members.png", "figures/missing.png"]
    );
    assert!(c2.contains("<p><img src=\"images/img-1.png\" alt=\"Party membership, 1923–1927\"/> and <span class=\"image-alt\">a lost figure</span></p>"));
    assert!(
        c2.contains(
            "(<a href=\"c01-introduction.xhtml#a-subsection\">see above</a>; a local file)"
        )
    );
    // The glossary links back to each use; works cited entries carry the ids.
    let g = read::entry(&epub, "OEBPS/glossary.xhtml");
    assert!(g.contains("<section epub:type=\"glossary\" role=\"doc-glossary\""));
    assert!(g.contains("<dt id=\"term-bureaucracy\"><dfn>bureaucracy</dfn></dt>"));
    assert!(g.contains("href=\"c01-introduction.xhtml#use-bureaucracy-0\">Introduction</a>"));
    assert!(g.contains("href=\"c02-conclusion.xhtml#use-bureaucracy-1\">Conclusion</a>"));
    let w = read::entry(&epub, "OEBPS/works-cited.xhtml");
    assert!(w.contains("<section epub:type=\"bibliography\" role=\"doc-bibliography\""));
    assert!(
        w.contains("<li id=\"ref-trotsky1937\"><span class=\"smallcaps\">Trotsky, Leon</span>")
    );
}

#[test]
fn every_document_declares_its_language() {
    let epub = build(true, true);
    for (name, data) in read::entries(&epub) {
        if name.ends_with(".xhtml") {
            let s = String::from_utf8(data).unwrap();
            assert!(s.contains("lang=\"en-GB\" xml:lang=\"en-GB\""), "{name}");
            assert!(
                !s.contains("epub:type=\"chapter\">"),
                "{name}: epub:type without role"
            );
        }
    }
}

#[test]
fn metadata_is_escaped_and_complete() {
    let opf = read::entry(&build(false, true), "OEBPS/content.opf");
    for needle in [
        "<dc:title id=\"subtitle\">Workers &amp; “Bureaucrats” &lt;in&gt; 1933</dc:title>",
        "<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>",
        "<dc:creator id=\"creator-2\">A. N. Other &amp; Co</dc:creator>",
        "<meta refines=\"#creator-2\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
        "<dc:identifier id=\"pub-id\">urn:uuid:6b1e1f3a-2c55-5d8e-9a43-0d1b7c2f5a10</dc:identifier>",
        "<meta property=\"dcterms:modified\">1933-10-01T00:00:00Z</meta>",
        "<meta property=\"schema:accessibilityFeature\">printPageNumbers</meta>",
        "<meta property=\"schema:accessibilityFeature\">pageBreakMarkers</meta>",
        "<meta property=\"schema:accessibilityHazard\">none</meta>",
        "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>",
        "<meta refines=\"#print-source\" property=\"source-of\">pagination</meta>",
        "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>",
    ] {
        assert!(opf.contains(needle), "{needle}\nnot in\n{opf}");
    }
    let plain = read::entry(&build(false, false), "OEBPS/content.opf");
    assert!(!plain.contains("printPageNumbers") && !plain.contains("dc:source"));
    assert!(
        plain.contains("alternativeText") && plain.contains(">visual<"),
        "the chart is an image"
    );
}

#[test]
fn every_word_of_every_chapter_reaches_the_epub_in_order() {
    let doc = fixture::document();
    let epub = build(true, true);
    for (i, ch) in doc.chapters.iter().enumerate() {
        let file = format!("OEBPS/c{:02}-{}.xhtml", i + 1, ch.slug);
        let xhtml = read::entry(&epub, &file);
        let text = read::chapter_words(&xhtml);
        let got: Vec<&str> = text.split_whitespace().collect();
        read::assert_words_in_order(&doc, ch, &got, &file);
    }
}

#[test]
fn generated_words_follow_the_book_language() {
    let mut doc = fixture::document();
    doc.meta.language = "de-DE".into();
    doc.meta.locale = pamphleteer::locale::Locale::new("de-DE");
    let epub =
        pamphleteer::epub::write(&doc, &fixture::layout(), &fixture::assets(None), None).unwrap();
    let nav = read::entry(&epub, "OEBPS/nav.xhtml");
    assert!(nav.contains("lang=\"de-DE\"") && nav.contains("<h1 id=\"_contents\">Inhalt</h1>"));
    assert!(nav.contains(">Glossar</a>") && nav.contains(">Literaturverzeichnis</a>"));
    let colophon = read::entry(&epub, "OEBPS/colophon.xhtml");
    assert!(colophon.contains("von Leon Trotsky und A. N. Other &amp; Co"));
    assert!(colophon.contains("Hergestellt mit pamphleteer 0.1.0."));
}
