//! The page builder: breaking on synthetic flows (facts checked over many random
//! inputs), and whole books set with the draft setter, compared with golden dumps.

#[path = "support/pages.rs"]
mod support;

use pamphleteer::layout::{Binding, ChapterOpening};
use pamphleteer::model::{Inline, NoteId};
use pamphleteer::typeset::dump::{DumpOptions, dump};
use pamphleteer::typeset::paginate::breaks::{legal_break, paginate};
use pamphleteer::typeset::paginate::draft::DraftSetter;
use pamphleteer::typeset::paginate::{
    Elem, ElemKind, Flow, Geometry, NoteLines, PagePlan, SetLine,
};
use support::*;

const GEO: Geometry = Geometry {
    height: 120.0,
    grid: 12.0,
    note_gap: 12.0,
    measure: 200.0,
};

/// A line element of the body grid, referencing `notes`.
fn line(notes: Vec<NoteId>) -> Elem {
    let mut e = Elem::new(ElemKind::Line {
        line: SetLine {
            notes,
            ..SetLine::default()
        },
        x: 0.0,
        height: 12.0,
        size: 10.0,
    });
    e.on_grid = true;
    e
}

/// A flow of paragraphs with `sizes[i]` lines each; note `n` of `note_lines[n]` lines
/// is referenced from line `at` of paragraph `p` for each `(p, at, n)`.
fn flow(sizes: &[usize], refs: &[(usize, usize, usize)], note_lines: &[usize]) -> Flow {
    let mut f = Flow::default();
    for (p, &n) in sizes.iter().enumerate() {
        for k in 0..n {
            let notes = refs
                .iter()
                .filter(|r| r.0 == p && r.1 == k)
                .map(|r| NoteId(r.2 as u32))
                .collect();
            let mut e = line(notes);
            e.keep_with_next = k == 0 && n >= 2;
            e.keep_with_prev = k + 1 == n && n >= 2;
            e.para = Some(p);
            f.elems.push(e);
        }
    }
    for (n, &len) in note_lines.iter().enumerate() {
        let lines = (0..len)
            .map(|_| (SetLine::default(), 0.0, 10.0, 8.0))
            .collect();
        f.notes.insert(NoteId(n as u32), NoteLines { lines });
    }
    f
}

/// The facts every pagination must satisfy.
fn check(f: &Flow, plans: &[PagePlan]) {
    let mut next = 0;
    let mut note_next = vec![0usize; f.notes.len()];
    for (i, plan) in plans.iter().enumerate() {
        assert!(plan.body.start >= next, "page {i} repeats elements");
        next = plan.body.end;
        if !plan.forced && plan.body.end < f.elems.len() {
            assert!(
                legal_break(&f.elems, plan.body.end),
                "page {i} ends at an illegal break"
            );
        }
        let body: f64 = plan.body.clone().map(|k| f.elems[k].height()).sum();
        let notes: f64 = plan
            .notes
            .iter()
            .map(|p| f.notes[&p.note].height(p.from..p.to))
            .sum();
        let gap = if plan.notes.is_empty() {
            0.0
        } else {
            GEO.note_gap
        };
        assert!(
            plan.forced || body + notes + gap <= GEO.height + 1e-6,
            "page {i} overflows"
        );
        for part in &plan.notes {
            let n = part.note.0 as usize;
            assert_eq!(part.from, note_next[n], "note {n} lines out of order");
            note_next[n] = part.to;
            if !part.continued {
                let on_page = f.elems[plan.body.clone()]
                    .iter()
                    .any(|e| e.notes().contains(&part.note));
                assert!(on_page, "page {i}: note {n} starts away from its reference");
            }
        }
    }
    assert_eq!(next, f.elems.len(), "every element placed");
    for (n, &done) in note_next.iter().enumerate() {
        assert_eq!(
            done,
            f.notes[&NoteId(n as u32)].lines.len(),
            "note {n} set whole"
        );
    }
}

#[test]
fn orphan_moves_to_next_page() {
    // 9 lines fill the page but one; a 3-line paragraph cannot leave one line there.
    let f = flow(&[9, 3], &[], &[]);
    let plans = paginate(&f, &GEO);
    assert_eq!(plans[0].body, 0..9);
    assert!(plans[0].short);
    check(&f, &plans);
}

#[test]
fn widow_takes_a_line_along() {
    // 6 + 5 lines on a 10-line page: breaking after line 4 of the second paragraph
    // would leave its last line alone; the page ends after line 3 instead.
    let f = flow(&[6, 5], &[], &[]);
    let plans = paginate(&f, &GEO);
    assert_eq!(plans[0].body, 0..9);
    assert_eq!(plans[1].body, 9..11);
    check(&f, &plans);
}

#[test]
fn note_travels_with_its_reference() {
    // A 3-line note referenced on line 7 does not fit whole under 7 lines (84 + 12
    // + 30 > 120): the split keeps two lines with the reference and carries one.
    let f = flow(&[12], &[(0, 6, 0)], &[3]);
    let plans = paginate(&f, &GEO);
    check(&f, &plans);
    assert_eq!(plans[0].body, 0..7);
    assert_eq!((plans[0].notes[0].from, plans[0].notes[0].to), (0, 2));
    assert!(plans[1].notes[0].continued);
    // Referenced on line 8, not even two note lines fit: the line moves on with its note.
    let f = flow(&[12], &[(0, 7, 0)], &[3]);
    let plans = paginate(&f, &GEO);
    check(&f, &plans);
    assert_eq!(plans[0].body, 0..7);
    assert!(plans[0].notes.is_empty());
}

#[test]
fn long_note_splits_and_continues() {
    let f = flow(&[4, 20], &[(0, 1, 0)], &[14]);
    let plans = paginate(&f, &GEO);
    check(&f, &plans);
    assert!(plans[0].notes[0].to < 14, "the note was split");
    assert!(
        plans[1].notes[0].continued,
        "its rest opens the next note area"
    );
}

#[test]
fn random_flows_keep_every_rule() {
    let mut seed = 0x2545_f491_u64;
    let mut rnd = |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    for _ in 0..1000 {
        let sizes: Vec<usize> = (0..2 + rnd(10)).map(|_| 1 + rnd(9)).collect();
        let mut refs = Vec::new();
        let mut note_lines = Vec::new();
        for (p, &n) in sizes.iter().enumerate() {
            if rnd(3) == 0 {
                refs.push((p, rnd(n), note_lines.len()));
                note_lines.push(if rnd(8) == 0 {
                    10 + rnd(25)
                } else {
                    1 + rnd(6)
                });
            }
        }
        let f = flow(&sizes, &refs, &note_lines);
        check(&f, &paginate(&f, &GEO));
    }
}

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
    let pages: Vec<&str> = text.split("page ").collect();
    // Page 1 stops a line short rather than leave cc's first line at its foot …
    assert!(
        pages
            .iter()
            .any(|p| p.contains("bb018") && !p.contains("cc000"))
    );
    // … and dd, set a line tighter, ends on page 2 instead of leaving a widow.
    assert!(
        pages
            .iter()
            .any(|p| p.contains("cc000") && p.contains("dd071"))
    );
    golden("widow", &text);
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
    let p = typeset(&d, &l, &ts, &mut diags);
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
        "glossary",
        "works-cited",
        "ref-trotsky1933",
        "gls-stalinism",
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
    // One page start for each page of chapter text, the first before the title.
    let chapter_pages = (at["chapter-1"]..at["glossary"])
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
        }),
        block(BlockKind::List {
            start: Some(3),
            items: vec![item("Third."), item("Fourth.")],
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
fn note_longer_than_a_page_runs_on_over_pages() {
    // Note 0 has 30 lines; note 1 is referenced soon after. Note 1 may not start
    // while note 0 still runs on, so its reference waits.
    let f = flow(&[3, 3, 12], &[(0, 1, 0), (1, 0, 1)], &[30, 2]);
    let plans = paginate(&f, &GEO);
    check(&f, &plans);
    assert!(plans.iter().all(|p| !p.forced));
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
