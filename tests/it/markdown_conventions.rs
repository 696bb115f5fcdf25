//! Markdown as people write it (issue #13): comments, YAML blocks, pandoc's attributes
//! and extensions, links between chapter files, untitled chapters, bare `@`, task lists,
//! each with its exact diagnostics and its rendering in both outputs.
use crate::support::{common, hostile};

use common::{dump, run_mem};
use pamphleteer::model::{Attrs, BlockKind, InlineKind};

#[test]
fn comments_vanish_silently_from_block_and_inline() {
    let r = run_mem(&[(
        "a.md",
        "# A\n\n<!-- TODO: check this date -->\n\nIt was 1923<!-- or 1924? --> then.\n\n<!--\nmany\nlines\n-->\n\nEnd <br> here.\n",
    )]);
    assert_eq!(r.diags, Vec::<String>::new());
    let d = dump(&r);
    assert!(
        !d.contains("TODO") && !d.contains("1924") && !d.contains("many"),
        "{d}"
    );
    assert!(d.contains("para @5:1: It was 1923 then."), "{d}");
    assert!(d.contains("End <br> here."), "{d}");
}

#[test]
fn yaml_front_matter_is_never_printed_and_answered_per_key() {
    let r = run_mem(&[(
        "a.md",
        "---\ntitle: My Book\nauthor: Jane Doe\nkeywords: [a, b]\n---\n\n# One\n\nText.\n",
    )]);
    assert_eq!(
        r.diags,
        [
            "manuscript/a.md:1:1: error: `title: My Book` in the YAML metadata block contradicts book.toml (`Test`)",
            "manuscript/a.md:1:1: warning: `author` in the YAML metadata block is ignored",
            "manuscript/a.md:1:1: warning: `keywords` in the YAML metadata block is ignored",
        ]
    );
    assert_eq!(
        r.hints[0],
        [
            "book metadata comes from book.toml: write `title = \"My Book\"` under `[book]` and delete the block"
        ]
    );
    assert_eq!(
        r.hints[1],
        [
            "book metadata comes from book.toml: write `authors = [\"Jane Doe\"]` under `[book]` and delete the block"
        ]
    );
    let d = dump(&r);
    assert!(!d.contains("Jane") && !d.contains("rule"), "{d}");
    assert_eq!(
        pamphleteer::model::plain_text(&r.doc().chapters[0].title),
        "One"
    );
}

#[test]
fn heading_attributes_give_ids_and_unlisted_headings() {
    let r = run_mem(&[(
        "a.md",
        "# Chapter One {#one}\n\n## Setup {.unnumbered}\n\n## Aside {#aside .unlisted}\n\nSee [setup](#setup), [aside](#aside) and [top](#one).\n",
    )]);
    assert_eq!(r.diags, Vec::<String>::new());
    let ch = &r.doc().chapters[0];
    assert_eq!(pamphleteer::model::plain_text(&ch.title), "Chapter One");
    let d = dump(&r);
    assert!(d.contains("h2 #setup @3:1: Setup\n"), "{d}");
    assert!(d.contains("h2 #aside unlisted @5:1: Aside\n"), "{d}");
    assert!(
        d.contains("<xref #setup>setup</xref>, <xref #aside>aside</xref> and <xref #a>top</xref>"),
        "{d}"
    );
}

#[test]
fn links_between_chapter_files_resolve_and_dead_ones_warn() {
    let r = run_mem(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\nlanguage = \"en\"\nchapters = [\"one.md\", \"sub/two.md\"]\n",
        ),
        (
            "one.md",
            "# One\n\nGo to [chapter two](sub/two.md), [its setup](sub/two.md#setup), [x](#nowhere) and [y](missing.md).\n",
        ),
        (
            "sub/two.md",
            "# Two\n\n## Setup\n\nBack to [one](../one.md#one).\n",
        ),
    ]);
    assert_eq!(
        r.diags,
        [
            "manuscript/one.md:3:65: warning: the link to `#nowhere` goes nowhere: no heading or id `nowhere` in the book; its text is kept",
            "manuscript/one.md:3:83: warning: the link to `missing.md` goes nowhere: `missing.md` is not a chapter of the book; its text is kept",
        ]
    );
    let d = dump(&r);
    assert!(d.contains("<xref #two>chapter two</xref>"), "{d}");
    assert!(d.contains("<xref #setup>its setup</xref>"), "{d}");
    assert!(d.contains(", x and y."), "{d}");
    assert!(d.contains("<xref #one>one</xref>"), "{d}");
}

#[test]
fn untitled_chapters_take_their_first_heading_or_file_name() {
    let r = run_mem(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\nlanguage = \"en\"\nchapters = [\"01-first.md\", \"02-sub-part.md\"]\n",
        ),
        ("01-first.md", "## Sub-chapter title\n\nText.\n"),
        ("02-sub-part.md", "Only text.\n"),
    ]);
    assert_eq!(
        r.diags,
        [
            "manuscript/02-sub-part.md:1:1: warning: this chapter has no heading; its title is “Sub part”, from the file name"
        ]
    );
    let titles: Vec<String> = r
        .doc()
        .chapters
        .iter()
        .map(|c| pamphleteer::model::plain_text(&c.title))
        .collect();
    assert_eq!(titles, ["Sub-chapter title", "Sub part"]);
    // The heading became the title: it is not also a section.
    assert!(matches!(
        r.doc().chapters[0].blocks[0].kind,
        BlockKind::Paragraph(_)
    ));
}

#[test]
fn bare_at_words_are_text_with_a_warning_and_emails_never_cite() {
    let r = run_mem(&[(
        "a.md",
        "# A\n\nWrite to @handle or <foo\\+@bar.example.com> or <me@example.org>.\n",
    )]);
    assert_eq!(
        r.diags,
        ["manuscript/a.md:3:11: warning: `@handle` is no citation key; it is kept as text"]
    );
    assert_eq!(r.hints[0], ["write `\\@` for an @ that is not a citation"]);
    let d = dump(&r);
    assert!(
        d.contains("Write to @handle or <foo+@bar.example.com> or"),
        "{d}"
    );
    // A bracketed citation without a bibliography stays an error.
    let r = run_mem(&[("a.md", "# A\n\nAs shown [@smith2020].\n")]);
    assert_eq!(
        r.diags,
        ["manuscript/a.md:3:10: error: citation, but the book has no bibliography"]
    );
}

#[test]
fn pandoc_extensions_reach_the_model() {
    let src = "# A\n\nWater is H~2~O and 2^10^ is 1024.^[An inline note.]\n\nTerm\n: Its definition.\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\nTable: Numbers.\n\n::: {lang=de #german}\nEin Absatz.\n:::\n\nShe said [Привет]{lang=ru}.\n\n![A plate](plate.png \"The caption\")\n\n- [ ] open\n- [x] done\n";
    let r = run_mem(&[("a.md", src), ("plate.png", "")]);
    let d = dump(&r);
    assert!(
        d.contains("H<sub>2</sub>O and 2<sup>10</sup> is 1024."),
        "{d}"
    );
    assert!(
        d.contains("deflist @5:1\n    term: Term\n    def\n      para @6:3: Its definition."),
        "{d}"
    );
    assert!(d.contains("caption: Numbers."), "{d}");
    assert!(d.contains("table [Center, Right]"), "{d}");
    let ch = &r.doc().chapters[0];
    let div = ch
        .blocks
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::Div { attrs, blocks } => Some((attrs.clone(), blocks.len())),
            _ => None,
        })
        .expect("a div");
    assert_eq!(
        div,
        (
            Attrs {
                anchor: Some("german".into()),
                lang: Some("de".into())
            },
            1
        )
    );
    assert!(
        d.contains("<span Attrs { anchor: None, lang: Some(\"ru\") }>Привет</span>"),
        "{d}"
    );
    assert!(
        d.contains("figure plate.png alt=\"A plate\" @20:1: The caption"),
        "{d}"
    );
    assert!(
        d.contains("☐\u{a0}open") && d.contains("☑\u{a0}done"),
        "{d}"
    );
    assert_eq!(r.doc().notes.len(), 1);
    assert_eq!(
        pamphleteer::model::plain_text(match &r.doc().notes[0].blocks[0].kind {
            BlockKind::Paragraph(p) => p,
            _ => panic!(),
        }),
        "An inline note."
    );
}

#[test]
fn bare_urls_become_links() {
    let r = run_mem(&[(
        "a.md",
        "# A

See https://example.org/x?filter[status]=open. Or www.example.com, me@x.org.
",
    )]);
    assert_eq!(r.diags, Vec::<String>::new());
    let d = dump(&r);
    assert!(
        d.contains("See <a https://example.org/x?filter[status]=open>https://example.org/x?filter[status]=open</a>. Or <a http://www.example.com>www.example.com</a>, me@x.org."),
        "{d}"
    );
}

#[test]
fn empty_headings_are_warned_and_skipped() {
    let r = run_mem(&[("a.md", "# A\n\n##\n\nText.\n")]);
    assert_eq!(
        r.diags,
        ["manuscript/a.md:3:1: warning: an empty heading is left out"]
    );
    assert!(
        !r.doc().chapters[0]
            .blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Heading { .. }))
    );
}

#[test]
fn pandoc_only_constructs_are_reported_once() {
    let r = run_mem(&[(
        "a.md",
        "# A\n\nEuler: $e^{i\\pi}+1=0$ and $x$.\n\n```{=latex}\n\\newpage\n```\n",
    )]);
    assert_eq!(
        r.diags,
        [
            "manuscript/a.md:3:8: warning: TeX math is not typeset; its source is shown as code",
            "manuscript/a.md:5:1: warning: a raw `{=latex}` block is left out",
        ]
    );
    assert!(matches!(
        &r.doc().chapters[0].blocks[0].kind,
        BlockKind::Paragraph(p) if p.iter().any(|i| matches!(&i.kind, InlineKind::Code(c) if c == "e^{i\\pi}+1=0"))
    ));
}

/// Both outputs: the EPUB links across files to the right id, marks languages, has
/// figures with captions, definition lists and captions; EPUB stays well-formed.
#[test]
fn conventions_render_in_the_epub() {
    let b = hostile::build(&[
        ("book.toml", b"[book]\ntitle = \"T\"\nlanguage = \"en\"\nchapters = [\"one.md\", \"two.md\"]\n"),
        ("one.md", "# One\n\nSee [its setup](two.md#setup) and [two](two.md).\n\nTerm\n: Definition.\n\n| a |\n|:-:|\n| 1 |\n\nTable: Cap.\n\n::: {lang=de}\nDeutsch.\n:::\n\n[Привет]{lang=ru}\n".as_bytes()),
        ("two.md", "## Two\n\n## Setup\n\nText ~~struck~~.\n".as_bytes()),
    ]);
    let docs = b.xhtml();
    let one = &docs
        .iter()
        .find(|(n, _)| n.contains("c01"))
        .expect("chapter one")
        .1;
    assert!(
        one.contains("<a href=\"c02-two.xhtml#setup\">its setup</a>"),
        "{one}"
    );
    assert!(
        one.contains("<a href=\"c02-two.xhtml#two\">two</a>"),
        "{one}"
    );
    assert!(
        one.contains("<dl>\n<dt>Term</dt>\n<dd><p>Definition.</p>\n</dd>\n</dl>"),
        "{one}"
    );
    assert!(one.contains("<caption>Cap.</caption>"), "{one}");
    assert!(
        one.contains("<th scope=\"col\" class=\"center\">a</th>"),
        "{one}"
    );
    assert!(
        one.contains("<div lang=\"de\" xml:lang=\"de\">\n<p>Deutsch.</p>"),
        "{one}"
    );
    assert!(
        one.contains("<span lang=\"ru\" xml:lang=\"ru\">Привет</span>"),
        "{one}"
    );
    let two = &docs
        .iter()
        .find(|(n, _)| n.contains("c02"))
        .expect("chapter two")
        .1;
    assert!(
        two.contains("\"2\"></span>Two</h1>\n<h2 id=\"setup\">Setup</h2>"),
        "{two}"
    );
    assert!(two.contains("<s>struck</s>"), "{two}");
}

/// Print: a cross-reference is a link to the heading's anchor, a figure's caption and a
/// table's caption are set, definitions and divs keep their text.
#[test]
fn conventions_reach_the_print_pages() {
    use pamphleteer::typeset::frame::LinkTarget;
    use pamphleteer::typeset::paginate::draft::DraftSetter;
    use pamphleteer::typeset::{Item, typeset_with};
    let r = run_mem(&[
        (
            "a.md",
            "# A\n\nSee [the setup](#setup).\n\n![A plate](plate.png \"The caption\")\n\n| a |\n|:-:|\n| 1 |\n\nTable: Cap.\n\nTerm\n: Definition.\n\n::: {lang=de}\nDeutsch.\n:::\n\n## Setup\n\nH~2~O.\n",
        ),
        ("plate.png", ""),
    ]);
    let input = r.input.as_ref().expect("a document");
    let mut diags = pamphleteer::diag::Diagnostics::default();
    let mut setter = DraftSetter {
        font_size: input.layout.font_size,
    };
    let pages = typeset_with(
        &input.document,
        &input.layout,
        &mut setter,
        &Default::default(),
        &mut diags,
    );
    let items: Vec<&Item> = pages.pages.iter().flat_map(|p| &p.items).collect();
    assert!(
        items
            .iter()
            .any(|i| matches!(i, Item::Link { target: LinkTarget::Anchor(a), .. } if a == "setup"))
    );
    assert!(
        items
            .iter()
            .any(|i| matches!(i, Item::Anchor { name, .. } if name == "setup"))
    );
    let text = pamphleteer::typeset::dump::dump(&pages, Default::default());
    for want in [
        "[A plate]",
        "The caption",
        "Cap.",
        "Term",
        "Definition.",
        "Deutsch.",
        "H2O.",
    ] {
        assert!(text.contains(want), "{want} not in\n{text}");
    }
}

#[test]
fn thematic_breaks_around_text_are_not_a_yaml_block() {
    // pulldown-cmark's own option took `---` + text + `---` anywhere for metadata.
    let r = run_mem(&[(
        "a.md",
        "# A\n\nOne.\n\n---\nScene two, no key here.\n\n---\nScene three.\n...\n",
    )]);
    assert_eq!(r.diags, Vec::<String>::new());
    let d = dump(&r);
    assert!(d.contains("Scene two, no key here."), "{d}");
    assert!(d.contains("Scene three."), "{d}");
    // At the top of a file too: text that is no `key: value` mapping is Markdown.
    let r = run_mem(&[("a.md", "---\nFoo\n---\nBar\n---\nBaz\n")]);
    let d = dump(&r);
    assert!(
        d.contains("Foo") && d.contains("Bar") && d.contains("Baz"),
        "{d}"
    );
    // A mapping with comments, lists and a `...` end is one.
    let r = run_mem(&[(
        "a.md",
        "---\n# from pandoc\nkeywords:\n  - a\n  - b\nrights: CC0\n...\n\n# One\n\nText.\n",
    )]);
    assert_eq!(
        r.diags,
        [
            "manuscript/a.md:1:1: warning: `keywords` in the YAML metadata block is ignored",
            "manuscript/a.md:1:1: warning: `rights` in the YAML metadata block is ignored",
        ]
    );
    assert!(!dump(&r).contains("CC0"));
}

#[test]
fn invalid_external_urls_keep_their_text_without_a_link() {
    // EPUBCheck refuses `http://../` (RSC-020); a reader could not open it either.
    let r = run_mem(&[(
        "a.md",
        "# A\n\nSee <http://../> and [this](https://a..b/x), not [that](https://example.org/).\n",
    )]);
    assert_eq!(
        r.diags,
        [
            "manuscript/a.md:3:5: warning: the link to `http://../` is not a valid URL: the host `..` has an empty part; its text is kept",
            "manuscript/a.md:3:22: warning: the link to `https://a..b/x` is not a valid URL: the host `a..b` has an empty part; its text is kept",
        ]
    );
    let d = dump(&r);
    assert!(
        d.contains("See http://../ and this, not <a https://example.org/>that</a>."),
        "{d}"
    );
}

#[test]
fn inline_notes_and_spans_keep_their_formatting() {
    let r = run_mem(&[(
        "a.md",
        "# A\n\nText.^[See *this*, `x^2^` and [the site](https://example.org/).] And [**Привет** `код`]{lang=ru} here; `^[not a note]` and [`[x]{lang=de}`](https://e.org/) stay.\n",
    )]);
    assert_eq!(r.diags, Vec::<String>::new());
    let d = dump(&r);
    assert!(
        d.contains("para @3:1: Text.<note 1 @3:6> And <span Attrs { anchor: None, lang: Some(\"ru\") }><b>Привет</b> <code>код</code></span> here; <code>^[not a note]</code> and <a https://e.org/><code>[x]{lang=de}</code></a> stay."),
        "{d}"
    );
    assert!(
        d.contains("para @3:8: See <em>this</em>, <code>x^2^</code> and <a https://example.org/>the site</a>."),
        "{d}"
    );
}

#[test]
fn sup_and_sub_tags_raise_and_lower_their_text() {
    let r = run_mem(&[(
        "a.md",
        "# A\n\nH<sub>2</sub>O, E = mc<SUP>2</SUP>, x<sup>*n* + 1</sup>.\n\n*a<sup>b* c</sup> and <sup>open.\n",
    )]);
    assert_eq!(
        r.diags,
        [
            "manuscript/a.md:5:3: warning: raw HTML `<sup>` is kept as text",
            "manuscript/a.md:5:12: warning: raw HTML `</sup>` is kept as text",
            "manuscript/a.md:5:23: warning: raw HTML `<sup>` is kept as text",
        ]
    );
    let d = dump(&r);
    assert!(
        d.contains("para @3:1: H<sub>2</sub>O, E = mc<sup>2</sup>, x<sup><em>n</em> + 1</sup>."),
        "{d}"
    );
    assert!(d.contains("<em>a<sup>b</em> c</sup> and <sup>open."), "{d}");
}

/// Task boxes are set from the bundled text face (Source Serif 4 has U+2610 and
/// U+2611): no missing glyph, and each box stands in for its item's bullet, in print
/// (no bullet before it) and in the EPUB (`li.task`, which the stylesheet sets without
/// one), as GitHub shows them; a plain item in the same list keeps its bullet.
#[test]
fn task_boxes_print_from_the_bundled_face() {
    use crate::support::epub_read;
    use pamphleteer::build::{self, Format, MakeOptions, Outcome};
    let files = common::project(&[(
        "a.md",
        "# A\n\n- [ ] open\n- [x] done\n- plain\n  - [ ] nested\n",
    )]);
    let opts = MakeOptions {
        formats: vec![Format::Pdf, Format::Epub],
        keep_pages: true,
        ..MakeOptions::default()
    };
    let mut outcome = Outcome::default();
    let products = build::make(&files, &opts, &mut outcome).expect("a build");
    let diags: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| d.plain(&outcome.sources))
        .collect();
    assert_eq!(diags, Vec::<String>::new());
    let pages = products.pages.expect("the pages").pages;
    assert_eq!(pages.missing_chars, Vec::<char>::new());
    let text = pamphleteer::typeset::dump::dump(&pages, Default::default());
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| {
            ["open", "done", "plain", "nested"]
                .iter()
                .any(|w| l.contains(w))
        })
        .map(|l| l.trim().splitn(3, ' ').nth(2).unwrap_or(""))
        .collect();
    assert_eq!(
        lines,
        ["☐\u{a0}open", "☑\u{a0}done", "•plain", "☐\u{a0}nested"],
        "{text}"
    );
    let epub = products.epub.expect("the EPUB");
    let (_, chapter) = epub_read::entries(&epub)
        .into_iter()
        .find(|(name, bytes)| name.ends_with(".xhtml") && bytes.windows(4).any(|w| w == b"open"))
        .expect("the chapter");
    let chapter = String::from_utf8(chapter).expect("UTF-8");
    let items: Vec<&str> = chapter
        .split("<li")
        .skip(1)
        .filter(|li| li.starts_with(['>', ' ']))
        .map(|li| li.split('>').next().unwrap_or(""))
        .collect();
    assert_eq!(
        items,
        [" class=\"task\"", " class=\"task\"", "", " class=\"task\""],
        "{chapter}"
    );
    let css = epub_read::entries(&epub)
        .into_iter()
        .find(|(name, _)| name.ends_with(".css"))
        .map(|(_, b)| String::from_utf8(b).expect("UTF-8"))
        .expect("the stylesheet");
    assert!(css.contains("li.task { list-style: none; }"), "{css}");
}
