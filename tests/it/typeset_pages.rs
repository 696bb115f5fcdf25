//! The page builder: breaking on synthetic flows (facts checked over many random
//! inputs, in `pages/breaks.rs`), and whole books set with the draft setter and the
//! real typesetter, compared with golden dumps and checked for the rules.

use crate::support::pages as support;

mod breaks;

use pamphleteer::layout::{Binding, ChapterOpening};
use pamphleteer::model::Inline;
use pamphleteer::typeset::dump::{DumpOptions, dump};
use pamphleteer::typeset::paginate::draft::DraftSetter;
use support::*;

/// A chapter whose 9th body line starts a paragraph: a widow/orphan without the rules.
fn widow_doc() -> pamphleteer::model::Document {
    let mut d = doc();
    let blocks = vec![
        lines("aa", 3),
        lines("bb", 4),
        lines("cc", 5),
        lines("dd", 12),
    ];
    chapter(&mut d, "One", blocks);
    d
}

#[test]
fn golden_widow() {
    let l = layout(16, ChapterOpening::Any, Binding::Perfect);
    let d = widow_doc();
    let p = typeset(&d, &l);
    assert_within_measure(&p, &l, 0.0);
    assert_no_widows_or_orphans(
        &d,
        &l,
        &mut DraftSetter {
            font_size: l.font_size,
        },
    );
    let text = dump(&p, DumpOptions::default());
    golden("widow", &text);
    let pages: Vec<&str> = text.split("page ").collect();
    // Page 1 would have to stop a line short rather than leave cc's first line at its
    // foot; it runs a line long instead (it opens the chapter: no partner to match),
    // with cc's first two lines …
    assert!(
        pages
            .iter()
            .any(|p| p.contains("bb018") && p.contains("cc006") && !p.contains("cc012"))
    );
    // … and nothing is set looser or tighter to get there: dd ends the chapter on page
    // 2 in its natural six words a line.
    assert!(
        pages
            .iter()
            .any(|p| p.contains("cc012") && p.contains("dd066 dd067 dd068 dd069 dd070 dd071"))
    );
}

#[test]
fn golden_footnote_split() {
    let l = layout(16, ChapterOpening::Any, Binding::Perfect);
    let mut d = doc();
    let ch = chapter(&mut d, "Notes", vec![]);
    let mark = note(&mut d, ch, "nn", 8);
    let text = vec![Inline::text(words("pp", 2)), mark, Inline::text(" end.")];
    let blocks = vec![lines("aa", 4), lines("bb", 4), para(text), lines("cc", 12)];
    d.chapters[0].blocks = blocks;
    let p = typeset(&d, &l);
    assert_notes_on_ref_pages(&p, &d);
    assert_within_measure(&p, &l, 0.0);
    golden(
        "footnote-split",
        &dump(
            &p,
            DumpOptions {
                anchors: true,
                links: true,
            },
        ),
    );
}

#[test]
fn golden_heading_keeps_with_next() {
    let l = layout(16, ChapterOpening::Any, Binding::Perfect);
    let mut d = doc();
    let blocks = vec![
        lines("aa", 5),
        heading("A Section", "a-section"),
        lines("bb", 4),
    ];
    chapter(&mut d, "Keep", blocks);
    let p = typeset(&d, &l);
    let text = dump(&p, DumpOptions::default());
    let page = text
        .split("page ")
        .find(|pg| pg.contains("A Section"))
        .unwrap();
    assert!(
        page.contains("bb000"),
        "the heading is on the page of the text under it"
    );
    golden("heading-keep", &text);
}

#[test]
fn golden_chapter_opens_right_and_pads_to_four() {
    let l = layout(16, ChapterOpening::Right, Binding::SaddleStitch);
    let mut d = doc();
    chapter(&mut d, "First", vec![lines("aa", 4)]);
    chapter(&mut d, "Second", vec![lines("bb", 4)]);
    let p = typeset(&d, &l);
    assert_eq!(p.pages.len() % 4, 0);
    let at = anchor_pages(&p);
    assert_eq!(at["chapter-2"] % 2, 0, "chapter 2 starts on a recto");
    assert!(
        p.pages[at["chapter-2"] - 1].blank,
        "a blank verso before it"
    );
    golden("right-and-padding", &dump(&p, DumpOptions::default()));
}

#[test]
fn seed_book_with_real_fonts_keeps_every_rule() {
    use pamphleteer::typeset::{Typesetter, typeset};
    let l = a5(ChapterOpening::Right, Binding::SaddleStitch);
    let d = seed_doc();
    let ts = Typesetter::bundled();
    let mut diags = pamphleteer::diag::Diagnostics::default();
    let p = typeset(&d, &l, &ts, &Default::default(), &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(p.pages.len() % 4, 0);
    assert_notes_on_ref_pages(&p, &d);
    // Margin kerning hangs hyphens and punctuation up to about a third of an em.
    assert_within_measure(&p, &l, 0.35 * l.font_size);
    let text = dump(
        &p,
        DumpOptions {
            anchors: true,
            links: true,
        },
    );
    std::fs::write(
        concat!(env!("CARGO_TARGET_TMPDIR"), "/seed-book.txt"),
        &text,
    )
    .unwrap();
    let at = anchor_pages(&p);
    for key in [
        "chapter-1",
        "chapter-2",
        "_glossary",
        "_works-cited",
        "ref-trotsky1933",
        "term-stalinism",
        "use-stalinism-0",
    ] {
        assert!(at.contains_key(key), "anchor {key}");
    }
    assert!(
        text.contains("Stalinism. The politics"),
        "glossary entry set"
    );
    assert!(
        p.outline
            .iter()
            .any(|o| o.level == 2 && o.title == "A closer look")
    );
    let top: Vec<&str> = p
        .outline
        .iter()
        .filter(|o| o.level == 1)
        .map(|o| o.title.as_str())
        .collect();
    let chapter_one = pamphleteer::model::plain_text(&d.chapters[0].title);
    let expected = [
        "Contents",
        &chapter_one,
        "The Argument Continued",
        "Glossary",
        "Works Cited",
        "Colophon",
    ];
    assert_eq!(top, expected);
    assert!(
        p.outline.windows(2).all(|w| w[0].page <= w[1].page),
        "outline in page order"
    );
    // One page start for each page of chapter text, the first before the title.
    let chapter_pages = (at["chapter-1"]..at["_glossary"])
        .filter(|&i| !p.pages[i].blank)
        .count();
    assert_eq!(p.page_starts.len(), chapter_pages);
    assert!(p.page_starts[0].pos.before_title);
    let key = |s: &pamphleteer::typeset::PageStart| {
        (
            s.pos.chapter,
            !s.pos.before_title,
            s.pos.block,
            s.pos.offset,
        )
    };
    assert!(
        p.page_starts.windows(2).all(|w| key(&w[0]) < key(&w[1])),
        "{:?}",
        p.page_starts
    );
    let mut setter = pamphleteer::typeset::paginate::setter::BookSetter::new(&ts, &l);
    assert_no_widows_or_orphans(&d, &l, &mut setter);
    assert_pdf_writes(&p, &d, &l, ts.fonts.faces());
}

/// Every kind of block once, set by the draft setter.
fn blocks_doc() -> pamphleteer::model::Document {
    use pamphleteer::model::{Align, BlockKind};
    let mut d = doc();
    let item = |t: &str| vec![para(vec![Inline::text(t)])];
    let cell = |t: &str| vec![Inline::text(t)];
    let blocks = vec![
        lines("aa", 2),
        block(BlockKind::BlockQuote(vec![lines("qq", 2)])),
        block(BlockKind::List {
            start: None,
            items: vec![item("First point."), item(&words("li", 2))],
            tasks: vec![],
        }),
        block(BlockKind::List {
            start: Some(3),
            items: vec![item("Third."), item("Fourth.")],
            tasks: vec![],
        }),
        block(BlockKind::ThematicBreak),
        block(BlockKind::CodeBlock {
            language: None,
            text: "fn main() {\n    println!(\"hi\");\n}\n".into(),
        }),
        block(BlockKind::Table {
            align: vec![Align::Left, Align::Right],
            header: vec![cell("Year"), cell("Event")],
            rows: vec![
                vec![cell("1917"), cell("Revolution")],
                vec![cell("1924"), cell(&words("ev", 1))],
            ],
            caption: vec![],
        }),
        lines("zz", 2),
    ];
    chapter(&mut d, "Blocks", blocks);
    d
}

#[test]
fn golden_blocks() {
    let l = layout(30, ChapterOpening::Any, Binding::Perfect);
    let d = blocks_doc();
    let p = typeset(&d, &l);
    assert_within_measure(&p, &l, 0.0);
    golden("blocks", &dump(&p, DumpOptions::default()));
}

#[test]
fn collect_counts_text_positions_as_frame_documents() {
    use pamphleteer::model::{BlockKind, InlineKind};
    use pamphleteer::typeset::collect::{Piece, collect_chapters};
    let mut d = doc();
    let ch = chapter(&mut d, "Positions", vec![]);
    let mark = note(&mut d, ch, "nn", 1);
    let inl = |kind| Inline {
        kind,
        span: pamphleteer::diag::Span::DETACHED,
    };
    let first = para(vec![
        Inline::text("Hello "),
        inl(InlineKind::Emphasis(vec![Inline::text("big")])),
        mark,
        inl(InlineKind::SoftBreak),
        Inline::text("world"),
        inl(InlineKind::Code("x+1".into())),
    ]);
    let quote = block(BlockKind::BlockQuote(vec![lines("qa", 1), lines("qb", 1)]));
    let list = block(BlockKind::List {
        start: None,
        items: vec![vec![lines("la", 1)]],
        tasks: vec![],
    });
    d.chapters[0].blocks = vec![first, quote, list, lines("zz", 1)];
    let l = layout(16, ChapterOpening::Any, Binding::Perfect);
    let c = &collect_chapters(&d, &l)[0];
    assert!(c.title.pos.unwrap().before_title);
    let Piece::Para(p) = &c.pieces[0] else {
        panic!()
    };
    let offs: Vec<(&str, u32, bool)> = p
        .runs
        .iter()
        .map(|r| (r.text.as_str(), r.offset, r.counts))
        .collect();
    assert_eq!(
        offs,
        [
            ("Hello ", 0, true),
            ("big", 6, true),
            ("1", 9, false),
            (" ", 9, false),
            ("world", 9, true),
            ("x+1", 14, true)
        ]
    );
    assert_eq!(
        p.runs[2].link,
        Some(pamphleteer::typeset::LinkTarget::Anchor("fn-1".into()))
    );
    // Blocks in pre-order: para 0, quote 1 (its paras 2, 3), list 4 (its para 5), para 6.
    let blocks: Vec<u32> = c
        .pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Para(p) => p.pos.map(|t| t.block),
            _ => None,
        })
        .collect();
    assert_eq!(blocks, [0, 2, 3, 5, 6]);
}

#[test]
fn spaced_paragraphs_have_half_line_gaps() {
    use pamphleteer::layout::{ParagraphStyle, Styles};
    let mut l = layout(30, ChapterOpening::Any, Binding::Perfect);
    l.paragraph = ParagraphStyle::Spaced;
    l.styles = Styles::new(ParagraphStyle::Spaced, LEADING / SIZE);
    let mut d = doc();
    chapter(&mut d, "Spaced", vec![lines("aa", 2), lines("bb", 2)]);
    let text = dump(&typeset(&d, &l), DumpOptions::default());
    let y = |tag: &str| -> f64 {
        let line = text.lines().find(|l| l.contains(tag)).unwrap();
        line.split_whitespace().next().unwrap().parse().unwrap()
    };
    assert!((y("bb000") - y("aa006") - 1.5 * LEADING).abs() < 1e-6);
    assert!(text.contains(" 30.00 bb000"), "no first-line indent");
}

#[test]
fn random_books_keep_every_rule() {
    use pamphleteer::model::BlockKind;
    let mut seed = 0x9e37_79b9_u64;
    let mut rnd = |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    for round in 0..150 {
        let opening = if rnd(2) == 0 {
            ChapterOpening::Any
        } else {
            ChapterOpening::Right
        };
        let l = layout(20 + rnd(16), opening, Binding::SaddleStitch);
        let mut d = doc();
        for c in 0..1 + rnd(3) {
            let ch = chapter(&mut d, &format!("Chapter {c}"), vec![]);
            let mut blocks = Vec::new();
            for k in 0..2 + rnd(12) {
                let tag = format!("{}{}", (b'a' + (k % 26) as u8) as char, c);
                blocks.push(match rnd(8) {
                    0 => heading(&format!("Section {k}"), &format!("s-{c}-{k}")),
                    1 => block(BlockKind::BlockQuote(vec![lines(&tag, 1 + rnd(4))])),
                    2 => block(BlockKind::List {
                        start: None,
                        items: vec![vec![lines(&tag, 1 + rnd(3))]],
                        tasks: vec![],
                    }),
                    _ => {
                        let mut inl = vec![Inline::text(words(&tag, 1 + rnd(8)))];
                        if rnd(3) == 0 {
                            inl.push(note(&mut d, ch, "nt", 1 + rnd(8)));
                            inl.push(Inline::text(format!(" {}", words(&tag, rnd(3)))));
                        }
                        para(inl)
                    }
                });
            }
            d.chapters[ch.index()].blocks = blocks;
        }
        let p = typeset(&d, &l);
        assert_eq!(p.pages.len() % 4, 0, "round {round}");
        assert_notes_on_ref_pages(&p, &d);
        assert_within_measure(&p, &l, 0.0);
        assert_no_widows_or_orphans(
            &d,
            &l,
            &mut DraftSetter {
                font_size: l.font_size,
            },
        );
    }
}

#[test]
fn the_manuscript_sets_with_every_rule_kept() {
    use pamphleteer::diag::{Diagnostics, Sources};
    use pamphleteer::parse::{DirFiles, parse_project};
    use pamphleteer::typeset::{Typesetter, typeset};
    let (mut sources, mut diags) = (Sources::default(), Diagnostics::default());
    let files = DirFiles::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    let input = parse_project(&files, &mut sources, &mut diags).expect("the manuscript parses");
    let (d, l) = (&input.document, &input.layout);
    let ts = Typesetter::new(
        pamphleteer::typeset::fonts::FontBook::bundled(),
        &l.language,
    );
    let mut diags = Diagnostics::default();
    let p = typeset(d, l, &ts, &Default::default(), &mut diags);
    assert!(diags.is_empty(), "{:?}", diags);
    if l.binding == Binding::SaddleStitch {
        assert_eq!(p.pages.len() % 4, 0);
    }
    assert_notes_on_ref_pages(&p, d);
    assert_within_measure(&p, l, 0.35 * l.font_size);
    let mut setter = pamphleteer::typeset::paginate::setter::BookSetter::new(&ts, l);
    assert_no_widows_or_orphans(d, l, &mut setter);
    assert_pdf_writes(&p, d, l, ts.fonts.faces());
    // The contents give each chapter the label of the page it opens on.
    let at = anchor_pages(&p);
    let contents = dump(&p, DumpOptions::default());
    for ch in &d.chapters {
        let label = &p.pages[at[&ch.slug]].label;
        let title = pamphleteer::model::plain_text(&ch.title);
        let line = format!("{title} | {label}\n");
        assert!(contents.contains(&line), "contents line {line:?}");
    }
    // Every glossary use is on a page the glossary names.
    for e in &d.glossary {
        for i in 0..e.uses.len() {
            let label = &p.pages[at[&format!("use-{}-{i}", e.slug)]].label;
            let entry = at[&format!("term-{}", e.slug)];
            let listed = p.pages[entry..entry + 2]
                .iter()
                .flat_map(|pg| &pg.items)
                .any(|it| matches!(it, pamphleteer::typeset::Item::Text(r) if &r.text == label));
            assert!(listed, "{} use {i} on p. {label}", e.term);
        }
    }
    // Every citation of a work is on a page its works-cited entry names.
    for e in &d.bibliography {
        for c in &e.uses {
            let label = &p.pages[at[&pamphleteer::model::anchors::citation(*c)]].label;
            let entry = at[&pamphleteer::model::anchors::work_cited(&e.key)];
            let listed = p.pages[entry..(entry + 2).min(p.pages.len())]
                .iter()
                .flat_map(|pg| &pg.items)
                .any(|it| matches!(it, pamphleteer::typeset::Item::Text(r) if &r.text == label));
            assert!(listed, "{} cited on p. {label}", e.key);
        }
    }
}

#[test]
fn repeated_and_nested_note_marks_leave_every_link_landing() {
    use pamphleteer::typeset::{Typesetter, typeset};
    let l = layout(24, ChapterOpening::Any, Binding::Perfect);
    let mut d = doc();
    let ch = chapter(&mut d, "Marks", vec![]);
    let first = note(&mut d, ch, "nn", 2);
    let inner = note(&mut d, ch, "in", 1);
    d.notes[0]
        .blocks
        .push(para(vec![Inline::text("See also"), inner]));
    let again = first.clone();
    d.chapters[0].blocks = vec![
        para(vec![Inline::text(words("aa", 2)), first]),
        heading("Glossary", "glossary"),
        para(vec![Inline::text(words("bb", 2)), again]),
    ];
    let ts = Typesetter::bundled();
    let mut diags = pamphleteer::diag::Diagnostics::default();
    let p = typeset(&d, &l, &ts, &Default::default(), &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    assert_pdf_writes(&p, &d, &l, ts.fonts.faces());
}

#[test]
fn a_running_head_too_long_for_the_measure_is_shortened() {
    let l = layout(12, ChapterOpening::Any, Binding::Perfect);
    let mut d = doc();
    d.meta.title = "A Title Far Too Long to Stand Above the Text Block on One Line".into();
    chapter(&mut d, "One", vec![lines("aa", 30)]);
    let text = dump(&typeset(&d, &l), DumpOptions::default());
    assert!(
        text.contains(" A Title Far Too Long to Stand Above the Text…\n"),
        "{text}"
    );
}

/// Long chapters are set in two halves, the second on another thread by a fork of the
/// typesetter with caches of its own (`chapter::build`, `BookSetter::split`): the book
/// must come out as when one setter sets both halves in turn, glyph for glyph. (That
/// the halves join in order is the golden seed book's part.)
#[test]
fn setting_a_chapter_on_two_threads_gives_the_book_one_thread_gives() {
    use pamphleteer::typeset::collect::Para;
    use pamphleteer::typeset::paginate::SetLine;
    use pamphleteer::typeset::paginate::flow::{LineSetter, Second};
    use pamphleteer::typeset::paginate::setter::BookSetter;
    use pamphleteer::typeset::{Typesetter, typeset_with};

    /// The book's setter, but never splitting.
    struct OneThread<'a>(BookSetter<'a>);
    impl LineSetter for OneThread<'_> {
        fn set(&mut self, para: &Para, width: f64, looseness: i32) -> Vec<SetLine> {
            self.0.set(para, width, looseness)
        }
        fn split(&mut self, first: &mut dyn FnMut(&mut dyn LineSetter), second: &mut Second<'_>) {
            first(self);
            second(self);
        }
    }

    let l = a5(ChapterOpening::Right, Binding::SaddleStitch);
    let d = seed_doc();
    let ts = Typesetter::bundled();
    let set = |setter: &mut dyn LineSetter| {
        let mut diags = pamphleteer::diag::Diagnostics::default();
        let p = typeset_with(&d, &l, setter, &Default::default(), &mut diags);
        (format!("{p:?}"), format!("{diags:?}"))
    };
    let two = set(&mut BookSetter::new(&ts, &l));
    let one = set(&mut OneThread(BookSetter::new(&Typesetter::bundled(), &l)));
    assert!(two.0.len() > 100_000, "a real book was set");
    assert!(one == two, "two threads set the seed differently from one");
}
