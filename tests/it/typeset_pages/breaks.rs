//! Page breaking on synthetic flows: lines of a 12 pt grid on a 10-line page, notes
//! of 10 pt lines. The facts every pagination must satisfy are checked by `check`.

use pamphleteer::model::NoteId;
use pamphleteer::typeset::paginate::breaks::{legal_break, paginate};
use pamphleteer::typeset::paginate::{
    Elem, ElemKind, Flow, Geometry, NoteLine, NoteLines, PagePlan, SetLine,
};

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
            .map(|_| NoteLine {
                height: 10.0,
                size: 8.0,
                ..NoteLine::default()
            })
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
    // + 30 > 120). One line less of body would keep it whole, but only by moving the
    // reference on with its note: the page would stop four lines short with no note
    // at its foot, a hole. So the note splits, two lines staying with the reference.
    let f = flow(&[12], &[(0, 6, 0)], &[3]);
    let plans = paginate(&f, &GEO);
    check(&f, &plans);
    assert_eq!(plans[0].body, 0..7);
    assert_eq!((plans[0].notes[0].from, plans[0].notes[0].to), (0, 2));
    assert!(plans[1].notes[0].continued);
    // With notes at the foot either way, the shorter body that keeps them whole wins:
    // the note area is bottom-aligned, the page still ends on its last line. A 1-line
    // note on line 1 and a 4-line note on line 6 (72 + 12 + 10 + 40 > 120; split, 114):
    // the page ends after line 5 with the first note, and the second goes over whole
    // with its reference.
    let f = flow(&[12], &[(0, 0, 0), (0, 5, 1)], &[1, 4]);
    let plans = paginate(&f, &GEO);
    check(&f, &plans);
    assert_eq!(plans[0].body, 0..5);
    assert!(
        plans[0]
            .notes
            .iter()
            .all(|n| n.to == f.notes[&n.note].lines.len())
    );
    // A 6-line note referenced on line 5: whole it needs three body lines more than
    // the page can give, so it splits, two lines at least with its reference.
    let f = flow(&[12], &[(0, 4, 0)], &[6]);
    let plans = paginate(&f, &GEO);
    check(&f, &plans);
    assert!(plans[0].body.end >= 5);
    assert!(plans[0].notes[0].to >= 2 && plans[0].notes[0].to < 6);
    assert!(plans[1].notes[0].continued);
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
fn last_page_of_a_flow_takes_text_along_with_a_note_rest() {
    // A 6-line note referenced on the flow's last line cannot finish on that page:
    // rather than a page of note alone, two lines of text go over with its rest.
    let f = flow(&[4, 5], &[(1, 4, 0)], &[6]);
    let plans = paginate(&f, &GEO);
    check(&f, &plans);
    assert!(plans.iter().all(|p| !p.body.is_empty()), "{plans:?}");
}

#[test]
fn a_flow_may_end_on_an_element_that_keeps_with_the_next() {
    let mut f = flow(&[3], &[], &[]);
    f.elems.last_mut().unwrap().keep_with_next = true;
    let plans = paginate(&f, &GEO);
    assert_eq!(plans.len(), 1);
    assert!(!plans[0].forced);
}

#[test]
fn a_note_referenced_twice_is_set_once() {
    let f = flow(&[4, 4, 12], &[(0, 1, 0), (2, 9, 0)], &[3]);
    let plans = paginate(&f, &GEO);
    check(&f, &plans);
    let parts: usize = plans.iter().map(|p| p.notes.len()).sum();
    assert_eq!(parts, 1);
}

#[test]
fn without_a_legal_break_a_widow_beats_a_stranded_heading() {
    // Eight heading lines and a 3-line paragraph: more than a page, one keep chain.
    let mut f = flow(&[1, 1, 1, 1, 1, 1, 1, 1, 3], &[], &[]);
    for e in &mut f.elems[..8] {
        e.keep_with_next = true;
        e.heading = true;
    }
    let plans = paginate(&f, &GEO);
    assert!(plans[0].forced);
    assert_eq!(plans[0].body, 0..10, "the page ends inside the paragraph");
}

#[test]
fn facing_pages_end_on_the_same_line() {
    use pamphleteer::typeset::paginate::spreads::balance;
    // Page 0 (a verso) stops at 9 lines to keep B's first line off its foot; its recto
    // would hold 10. Balanced, the recto stops at 9 too.
    let f = flow(&[9, 3, 12], &[], &[]);
    let plans = balance(&f, &GEO, paginate(&f, &GEO), false);
    check(&f, &plans);
    assert_eq!(plans[0].depth, 108.0);
    assert_eq!(plans[1].depth, 108.0);
    // Opening on a recto, page 0 stands alone: nothing to balance.
    let plans = balance(&f, &GEO, paginate(&f, &GEO), true);
    assert_eq!(plans[1].depth, 120.0);
}
