//! What a copy editor marks in citations and works cited: formatting inside a
//! citation's prefix and suffix, the note mark after the punctuation in note styles,
//! smart quotes in .bib fields, back-links from works cited to the citations, and
//! .bib errors where they are. pandoc's reading and rendering is the reference.
use crate::support::common;

use common::{inlines, run_mem};

const BIB: &str = include_str!("../fixtures/small/manuscript/references.bib");

fn toml(extra: &str) -> String {
    format!("[book]\ntitle = \"T\"\nlanguage = \"en-GB\"\n\n[bibliography]\n{extra}\n")
}

/// The rendered citations of a one-chapter book.
fn citations(style: &str, chapter: &str) -> (common::Run, Vec<String>) {
    let toml = toml(&format!("style = \"{style}\""));
    let r = run_mem(&[
        ("book.toml", &toml),
        ("references.bib", BIB),
        ("a.md", chapter),
    ]);
    let cites = r
        .doc()
        .citations
        .iter()
        .map(|c| inlines(&r, &c.rendered))
        .collect();
    (r, cites)
}

#[test]
fn emphasis_in_prefix_and_suffix_is_kept() {
    // pandoc reads all three as citations: the prefix and suffix keep their formatting,
    // the locator is plain (CSL formats it).
    let chapter = "# A\n\nA [*see* @trotsky1937 p. **32**]. B [@trotsky1937, p. 32, *passim*]. C [**cf.** @trotsky1933, pp. 3-5 and *elsewhere*; @lenin1917]. D [@lenin1917, passim].\n";
    let (r, cites) = citations("chicago-author-date", chapter);
    assert_eq!(r.diags, Vec::<String>::new());
    assert_eq!(
        cites,
        [
            "(<em>see</em> Trotsky\u{a0}1937,\u{a0}32)",
            "(Trotsky\u{a0}1937,\u{a0}32, <em>passim</em>)",
            "(<b>cf.</b> Trotsky\u{a0}1933,\u{a0}3–5 and <em>elsewhere</em>; Lenin\u{a0}1964)",
            "(Lenin\u{a0}1964, passim)",
        ]
    );
    // In a note style the note opens with the capitalised prefix, as pandoc's does.
    let (r, cites) = citations("chicago-notes", chapter);
    assert_eq!(r.diags, Vec::<String>::new());
    assert!(
        cites[0].starts_with("<em>See</em> Leon Trotsky,"),
        "{}",
        cites[0]
    );
    assert!(cites[1].ends_with(" 32, <em>passim</em>."), "{}", cites[1]);
    // Formatting that is not in a citation is left alone, and an escaped bracket is text.
    let (r, cites) = citations(
        "chicago-author-date",
        "# A\n\n*Not* a [citation] and \\[*see* @trotsky1937 p. 3].\n",
    );
    assert_eq!(cites.len(), 1, "{cites:?}");
    assert_eq!(cites[0], "Trotsky (1937)");
    let _ = r;
}

/// The first paragraph of the first chapter, as the test notation writes it.
fn first_paragraph(r: &common::Run) -> String {
    use pamphleteer::model::BlockKind;
    let BlockKind::Paragraph(c) = &r.doc().chapters[0].blocks[0].kind else {
        panic!("a paragraph first");
    };
    inlines(r, c)
}

#[test]
fn note_marks_follow_the_punctuation_in_note_styles() {
    // As pandoc (checked: pandoc 3.9, chicago-notes-bibliography) and CMOS 14.26 set
    // them: the mark after a period, comma, semicolon, colon, question or exclamation
    // mark, the space before the citation gone; after emphasis too; a mark before a
    // word stays before it.
    let chapter = "# A\n\nA [@trotsky1937]. B [@trotsky1937], C [@trotsky1937]; D [@trotsky1937]: E [@trotsky1937]? G [@trotsky1937] end. H *emph* [@trotsky1933].\nI\n[@lenin1917], J.\n";
    let (r, _) = citations("chicago-notes", chapter);
    assert_eq!(r.diags, Vec::<String>::new());
    let p = first_paragraph(&r);
    let p = regex_lite_strip_at(&p);
    assert_eq!(
        p,
        "A.<note 1> B,<note 2> C;<note 3> D:<note 4> E?<note 5> G<note 6> end. H <em>emph</em>.<note 7>⏎I,<note 8> J."
    );
    // Author-date styles move nothing.
    let (r, _) = citations("chicago-author-date", chapter);
    let p = regex_lite_strip_at(&first_paragraph(&r));
    assert!(p.starts_with("A <cite 0>. B <cite 1>, C <cite 2>;"), "{p}");
}

/// The test notation without source positions (` @1:2`).
fn regex_lite_strip_at(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(k) = rest.find(" @") {
        out.push_str(&rest[..k]);
        let after = &rest[k + 2..];
        let end = after.find('>').unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn a_missing_comma_is_reported_where_the_field_ends() {
    let bib = "@book{a,\n  author = {Doe, Jane},\n  title = {One}\n  date = {1999},\n  publisher = {P},\n}\n";
    let r = run_mem(&[("references.bib", bib), ("a.md", "# A\n\nText [@a].\n")]);
    // At the `}` that ends the title, not at `date` where the parser noticed.
    assert_eq!(
        r.diags,
        ["manuscript/references.bib:3:15: error: bibliography: missing comma after this field"]
    );
    assert_eq!(
        r.hints,
        [["fields of an entry are separated by commas: put a `,` here, at the end of the field"]]
    );
}

/// The works cited of a one-chapter book in `language` citing every entry of `bib`.
fn works_cited(language: &str, style: &str, bib: &str, chapter: &str) -> Vec<String> {
    let (language, layout) = language.split_once(' ').unwrap_or((language, ""));
    let toml = format!(
        "[book]\ntitle = \"T\"\nlanguage = \"{language}\"\n\n[bibliography]\nstyle = \"{style}\"\n\n[layout]\n{layout}\n"
    );
    let r = run_mem(&[
        ("book.toml", &toml),
        ("references.bib", bib),
        ("a.md", chapter),
    ]);
    assert_eq!(r.diags, Vec::<String>::new());
    r.doc()
        .bibliography
        .iter()
        .map(|e| inlines(&r, &e.rendered))
        .collect()
}

const QUOTES_BIB: &str = r#"@book{thompson1963,
  author = {Thompson, E. P.},
  title = {The Making of the English Working Class: "Working Men's" Societies},
  date = {1963},
  publisher = {Gollancz},
  location = {London},
  url = {https://example.org/it's},
}

@article{rude1964,
  author = {Rudé, George},
  title = {The "Crowd" in History},
  journaltitle = {Past & Present},
  volume = {1},
  date = {1964},
  pages = {1--20},
}
"#;

#[test]
fn straight_quotes_in_bib_fields_take_the_books_marks() {
    let chapter = "# A\n\nText [@thompson1963; @rude1964].\n";
    // English (en-GB, the language's marks: double outside, single inside): the
    // apostrophe curly, the URL untouched. The quotation marks the style sets around
    // the article title take the book's marks too (the CSL en-GB locale's are single),
    // so the straight quotes inside the title are the inner level.
    let en = works_cited("en-GB", "chicago-notes", QUOTES_BIB, chapter);
    assert_eq!(
        en,
        [
            "Rudé, George. “The ‘Crowd’ in History”. <em>Past & Present</em> 1 (1964): 1–20.",
            "Thompson, E.\u{a0}P. <em>The Making of the English Working Class: “Working Men’s” Societies</em>. Gollancz, 1963. <a https://example.org/it's>https://example.org/it's</a>.",
        ]
    );
    // A house that sets single quotes gets them in the works cited too.
    let single = works_cited(
        "en-GB quotes = \"single\"",
        "chicago-notes",
        QUOTES_BIB,
        chapter,
    );
    assert_eq!(
        single[0],
        "Rudé, George. ‘The “Crowd” in History’. <em>Past & Present</em> 1 (1964): 1–20."
    );
    assert!(
        single[1].contains("Class: ‘Working Men’s’ Societies"),
        "{}",
        single[1]
    );
    // German: „…“ and ‚…‘ inside the style's own „…“.
    let de = works_cited("de-DE", "chicago-notes", QUOTES_BIB, chapter);
    assert_eq!(
        de,
        [
            "Rudé, George. „The ‚Crowd‘ in History“. <em>Past & Present</em> 1 (1964): 1–20.",
            "Thompson, E.\u{a0}P. <em>The Making of the English Working Class: „Working Men’s“ Societies</em>. Gollancz, 1963. <a https://example.org/it's>https://example.org/it's</a>.",
        ]
    );
}

#[test]
fn works_cited_entries_link_back_to_their_citations() {
    use crate::support::hostile::{TOML, build};
    let bib = "@book{lissagaray1886,\n  author = {Lissagaray, Prosper-Olivier},\n  title = {History of the Paris Commune of 1871},\n  date = {1886},\n  publisher = {Reeves and Turner},\n}\n\n@book{tombs1999,\n  author = {Tombs, Robert},\n  title = {The Paris Commune, 1871},\n  date = {1999},\n  publisher = {Longman},\n}\n\n@book{unused,\n  author = {Nobody, A.},\n  title = {Never Cited},\n  date = {2000},\n}\n";
    let b = build(&[
        ("book.toml", format!("{TOML}\n[bibliography]\nnocite = [\"unused\"]\n").as_bytes()),
        ("references.bib", bib.as_bytes()),
        ("a.md", b"# The Rising\n\nThe Commune [@lissagaray1886, 126-128; @tombs1999] fell [@lissagaray1886, 130].\n"),
        ("b.md", b"# The Fall\n\nAfter it [@tombs1999].\n"),
    ]);
    let xhtml = b.xhtml();
    let find = |needle: &str| {
        xhtml
            .iter()
            .find(|(_, x)| x.contains(needle))
            .unwrap_or_else(|| panic!("no document with {needle}"))
    };
    // Each citation is a place to link back to.
    let (a, chapter) = find("The Commune");
    assert!(
        chapter.contains("The Commune (<a role=\"doc-biblioref\" class=\"cite\" href=\"works-cited.xhtml#ref-lissagaray1886\" id=\"cite-1\">"),
        "{chapter}"
    );
    assert!(
        chapter.contains("fell <a role=\"doc-biblioref\" class=\"cite\" href=\"works-cited.xhtml#ref-lissagaray1886\" id=\"cite-2\">"),
        "{chapter}"
    );
    let (b_name, _) = find("After it");
    let a = a.rsplit('/').next().unwrap();
    let b_name = b_name.rsplit('/').next().unwrap();
    // Each entry links back to each chapter citing it (to its first citation there),
    // labelled as the glossary's back-links are; a work only listed links nowhere.
    let (_, works) = find("doc-bibliography");
    let entry = |key: &str| {
        let start = works.find(&format!("id=\"ref-{key}\"")).unwrap();
        let end = works[start..].find("</li>").unwrap();
        works[start..start + end].to_string()
    };
    assert!(
        entry("lissagaray1886").ends_with(&format!(
            "<span class=\"uses\"> Cited in: <a role=\"doc-backlink\" href=\"{a}#cite-1\">The Rising</a></span>"
        )),
        "{}",
        entry("lissagaray1886")
    );
    assert!(
        entry("tombs1999").ends_with(&format!(
            "<span class=\"uses\"> Cited in: <a role=\"doc-backlink\" href=\"{a}#cite-1\">The Rising</a>, <a role=\"doc-backlink\" href=\"{b_name}#cite-3\">The Fall</a></span>"
        )),
        "{}",
        entry("tombs1999")
    );
    assert!(!entry("unused").contains("uses"), "{}", entry("unused"));
}

#[test]
fn given_names_tell_two_authors_of_one_family_apart() {
    // chicago-author-date: givenname-disambiguation-rule="primary-name", document-wide.
    // pandoc 3.9 gives the same three citations, and "Doe" alone without Jane.
    let bib = include_str!("../fixtures/cite/oracle.bib");
    let toml = "[book]\ntitle = \"T\"\nlanguage = \"en-US\"\n\n[bibliography]\nstyle = \"chicago-author-date\"\n";
    let cites = |chapter: &str| {
        let r = run_mem(&[
            ("book.toml", toml),
            ("references.bib", bib),
            ("a.md", chapter),
        ]);
        let c: Vec<String> = r
            .doc()
            .citations
            .iter()
            .map(|c| inlines(&r, &c.rendered).replace('\u{a0}', " "))
            .collect();
        c
    };
    assert_eq!(
        cites("# A\n\nA [see @doe2005, chap. 3; @doeroe2007; @doe2006].\n\nB [@doe2008, 15].\n"),
        [
            "(see John Doe 2005, chap. 3; 2006; John Doe and Roe 2007)",
            "(Jane Doe 2008, 15)",
        ]
    );
    assert_eq!(
        cites("# A\n\nA [see @doe2005, chap. 3; @doeroe2007; @doe2006].\n"),
        ["(see Doe 2005, chap. 3; 2006; Doe and Roe 2007)"]
    );
    // MLA (by-cite): the given name where it tells the cite from another person's,
    // and the titles for the two works that stay ambiguous — pandoc's output.
    let mla = toml.replace("chicago-author-date", "mla");
    let r = run_mem(&[
        ("book.toml", &mla),
        ("references.bib", bib),
        (
            "a.md",
            "# A\n\nA [see @doe2005, chap. 3; @doeroe2007; @doe2006].\n\nB [@doe2008, 15].\n",
        ),
    ]);
    let c: Vec<String> = r
        .doc()
        .citations
        .iter()
        .map(|c| inlines(&r, &c.rendered).replace('\u{a0}', " "))
        .collect();
    assert_eq!(
        c,
        [
            "(see John Doe, <em>First Book</em>, ch. 3; Doe and Roe; John Doe, <em>Second Book</em>)",
            "(Jane Doe 15)",
        ]
    );
    // The works cited keeps its own name forms.
    let r = run_mem(&[
        ("book.toml", toml),
        ("references.bib", bib),
        ("a.md", "# A\n\nA [@doe2005] and [@doe2008].\n"),
    ]);
    let doe = r
        .doc()
        .bibliography
        .iter()
        .find(|b| b.key == "doe2005")
        .map(|b| inlines(&r, &b.rendered))
        .unwrap();
    assert!(doe.starts_with("Doe, John. 2005."), "{doe}");
}
