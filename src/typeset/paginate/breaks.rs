//! Page breaking: where each page of a flow ends, and which note lines go with it.
//!
//! Greedy, like TeX's page builder, one page at a time: the page takes elements while
//! they fit, and ends at the last *legal* break that fits. A break is legal unless the
//! element before it keeps with the next (a heading, the first line of a paragraph)
//! or the one after keeps with the previous (the last line of a paragraph) — so widows,
//! orphans and stranded headings never happen; the price is a page one line short.
//!
//! Footnotes are insertions charged to the page holding their reference line: a
//! break is feasible only if every note referenced above it *starts* on the page. All
//! notes but the last must fit whole; the last may be split (`\vsplit`) if at least two
//! of its lines (or all, if shorter) fit, its rest carried to the top of the next
//! page's note area (two lines at least, if two stay behind). A page whose note area
//! still carries an unfinished continuation cannot take new references, so notes never
//! start after their page. A break up to two lines earlier that keeps every note whole
//! is preferred to a split.

use super::{Elem, Flow, Geometry, NotePart, PagePlan};
use crate::model::NoteId;
use std::collections::HashMap;

const EPS: f64 = 1e-6;

/// Lines of a note that must stay on the page of its reference, if it has that many.
const MIN_NOTE_LINES: usize = 2;

/// Breaks a flow into pages.
pub fn paginate(flow: &Flow, geo: &Geometry) -> Vec<PagePlan> {
    paginate_capped(flow, geo, &HashMap::new())
}

/// Breaks a flow into pages, page `k`'s text block `caps[k]` pt tall where given (cut
/// to its partner's depth, or run a line long).
fn paginate_capped(flow: &Flow, geo: &Geometry, caps: &HashMap<usize, f64>) -> Vec<PagePlan> {
    let firsts = first_refs(&flow.elems);
    resume(
        flow,
        geo,
        caps,
        &firsts,
        (0, (0, None)),
        &[],
        usize::MAX,
        &|i| Some(i),
    )
    .pages
}

/// Where a page starts: its first element and the note continued onto it, if any.
pub type Start = (usize, Option<(NoteId, usize)>);

/// The note a page leaves unfinished, to be continued on the next.
pub fn carry_after(flow: &Flow, plan: &PagePlan) -> Option<(NoteId, usize)> {
    plan.notes.last().and_then(|p| {
        let total = flow.notes[&p.note].lines.len();
        (p.to < total).then_some((p.note, p.to))
    })
}

/// Pages made by [`resume`].
pub struct Resumed {
    /// The new pages, the first numbered as `resume` was asked.
    pub pages: Vec<PagePlan>,
    /// The old page at which the new pages met the old ones again: from it on, the old
    /// pages (their elements mapped) stand as they are.
    pub synced_at: Option<usize>,
}

/// Paginates from page `from.0`, starting at `from.1`, until the flow ends or — from
/// page `sync_from` on — a page would start exactly where `old`'s page of the same
/// number started (`map_old` takes an old element index to the new flow's, `None` for
/// elements that were replaced). Greedy page building depends only on where a page
/// starts, so from there on the old pages hold: a change to one paragraph costs the
/// pages around it, not the chapter's whole past (pagination stays linear).
#[allow(clippy::too_many_arguments)]
pub fn resume(
    flow: &Flow,
    geo: &Geometry,
    caps: &HashMap<usize, f64>,
    firsts: &[Vec<NoteId>],
    from: (usize, Start),
    old: &[PagePlan],
    sync_from: usize,
    map_old: &dyn Fn(usize) -> Option<usize>,
) -> Resumed {
    let mut pages = Vec::new();
    let (first, (mut start, mut carry)) = from;
    loop {
        start = skip_spaces(&flow.elems, start);
        let k = first + pages.len();
        if k >= sync_from && k < old.len() && k > 0 {
            let old_carry = carry_after(flow, &old[k - 1]);
            if map_old(old[k].body.start) == Some(start) && old_carry == carry {
                return Resumed {
                    pages,
                    synced_at: Some(k),
                };
            }
        }
        if start >= flow.elems.len() && carry.is_none() {
            break;
        }
        let geo = Geometry {
            height: caps.get(&k).copied().unwrap_or(geo.height),
            ..*geo
        };
        let plan = fill_page(flow, &geo, (start, firsts), carry);
        carry = carry_after(flow, &plan);
        start = plan.body.end;
        pages.push(plan);
    }
    Resumed {
        pages,
        synced_at: None,
    }
}

/// For each element, the notes it references for the first time (a note referenced
/// twice is placed once, by its first reference).
pub fn first_refs(elems: &[Elem]) -> Vec<Vec<NoteId>> {
    let mut seen = std::collections::HashSet::new();
    elems
        .iter()
        .map(|e| {
            e.notes()
                .iter()
                .copied()
                .filter(|n| seen.insert(*n))
                .collect()
        })
        .collect()
}

/// The first index at or after `i` that is not a space.
fn skip_spaces(elems: &[Elem], mut i: usize) -> usize {
    while i < elems.len() && elems[i].is_space() {
        i += 1;
    }
    i
}

/// Whether a page may end before element `b`.
pub fn legal_break(elems: &[Elem], b: usize) -> bool {
    if b >= elems.len() {
        return true;
    }
    let after_ok = b == 0 || !elems[b - 1].keep_with_next;
    let before_ok = !elems[b].keep_with_prev;
    after_ok && before_ok
}

/// A possible end of the page.
#[derive(Clone, Copy)]
struct Candidate {
    end: usize,
    body_end: f64,
    notes: usize,
    whole: bool,
}

/// The continuation carried onto this page: its part and the height it takes.
struct Carry {
    part: Option<NotePart>,
    height: f64,
    open: bool,
}

fn place_carry(flow: &Flow, geo: &Geometry, carry: Option<(NoteId, usize)>) -> Carry {
    let Some((note, from)) = carry else {
        return Carry {
            part: None,
            height: 0.0,
            open: false,
        };
    };
    let lines = &flow.notes[&note];
    // Leave room for a few body lines so the page still carries text.
    let cap = geo.height - geo.note_gap - 4.0 * geo.grid;
    let mut to = from;
    let mut h = 0.0;
    while to < lines.lines.len() && (h + lines.lines[to].height <= cap + EPS || to == from) {
        h += lines.lines[to].height;
        to += 1;
    }
    Carry {
        part: Some(NotePart {
            note,
            from,
            to,
            continued: true,
        }),
        height: geo.note_gap + h,
        open: to < lines.lines.len(),
    }
}

/// The least note height a page needs for `notes` to start on it, or `None` if they
/// cannot (an open continuation is in the way).
fn notes_need(flow: &Flow, geo: &Geometry, carry: &Carry, notes: &[NoteId]) -> Option<f64> {
    let Some((last, whole)) = notes.split_last() else {
        return Some(carry.height);
    };
    if carry.open {
        return None;
    }
    let gap = if carry.part.is_some() {
        0.0
    } else {
        geo.note_gap
    };
    let full: f64 = whole
        .iter()
        .map(|n| flow.notes[n].height(0..flow.notes[n].lines.len()))
        .sum();
    let last = &flow.notes[last];
    let min = last.height(0..last.lines.len().min(MIN_NOTE_LINES));
    Some(carry.height + gap + full + min)
}

/// Every feasible end of a page starting at `start`: the legal ones, the last of any
/// kind, and the notes referenced up to the last.
fn scan(
    flow: &Flow,
    geo: &Geometry,
    (start, firsts): (usize, &[Vec<NoteId>]),
    carry: &Carry,
) -> (Vec<Candidate>, Option<Candidate>, Vec<NoteId>) {
    let elems = &flow.elems;
    // A table continued from the page before repeats its head first.
    let head = elems.get(start).map_or(0.0, Elem::head_height);
    let (mut y, mut body_end) = (head, head);
    let mut notes: Vec<NoteId> = Vec::new();
    let (mut legal, mut last) = (Vec::new(), None);
    for (i, e) in elems.iter().enumerate().skip(start) {
        let top = if e.on_grid { snap(y, geo.grid) } else { y };
        y = top + e.height();
        if !e.is_space() {
            body_end = y;
        }
        notes.extend_from_slice(&firsts[i]);
        let Some(need) = notes_need(flow, geo, carry, &notes) else {
            break;
        };
        if body_end + need > geo.height + EPS {
            break;
        }
        let whole = notes_whole(flow, geo, carry, &notes);
        let cand = Candidate {
            end: i + 1,
            body_end,
            notes: notes.len(),
            whole: body_end + whole <= geo.height + EPS,
        };
        if legal_break(elems, i + 1) {
            legal.push(cand);
        }
        // Without a legal break, a widow or orphan is better than a stranded heading.
        if !e.heading || last.is_none() {
            last = Some(cand);
        }
    }
    (legal, last, notes)
}

/// The note height if every note on the page is set whole.
fn notes_whole(flow: &Flow, geo: &Geometry, carry: &Carry, notes: &[NoteId]) -> f64 {
    if notes.is_empty() {
        return carry.height;
    }
    let gap = if carry.part.is_some() {
        0.0
    } else {
        geo.note_gap
    };
    let full: f64 = notes
        .iter()
        .map(|n| flow.notes[n].height(0..flow.notes[n].lines.len()))
        .sum();
    carry.height + gap + full
}

/// Picks the page's end among the feasible ones; `None` if nothing fits at all.
/// Also says whether a rule had to give way.
fn choose(
    legal: &[Candidate],
    fallback: Option<Candidate>,
    geo: &Geometry,
    (start, len): (usize, usize),
    carry: &Carry,
) -> (Option<Candidate>, bool) {
    let mut best = legal.last().copied();
    // Splitting a note is worse than a body up to two lines shorter: the note area is
    // bottom-aligned, so the page still ends on its last line. Not so if the shorter
    // page would have no notes at all: its text would stop short of the foot, a hole
    // as deep as the note area the longer page fills.
    if let Some(b) = best
        && !b.whole
    {
        let bottomed = |c: &Candidate| c.notes > 0 || carry.part.is_some();
        let near = |c: &&Candidate| {
            c.whole && bottomed(c) && b.body_end - c.body_end <= 2.0 * geo.grid + EPS
        };
        best = legal.iter().rev().find(near).copied().or(best);
    }
    // A flow's last page should not send a note's rest to a page of its own: end
    // earlier, so some text goes along with it.
    if let Some(b) = best
        && b.end == len
        && !b.whole
    {
        best = legal.iter().rev().find(|c| c.end < len).copied().or(best);
    }
    if best.is_some() {
        return (best, false);
    }
    if carry.open {
        // Beside a continuation that runs on, a page of note alone beats a broken rule.
        let alone = Candidate {
            end: start,
            body_end: 0.0,
            notes: 0,
            whole: true,
        };
        return (Some(alone), false);
    }
    (fallback, start < len)
}

fn fill_page(
    flow: &Flow,
    geo: &Geometry,
    (start, firsts): (usize, &[Vec<NoteId>]),
    carry: Option<(NoteId, usize)>,
) -> PagePlan {
    let elems = &flow.elems;
    let carry = place_carry(flow, geo, carry);
    let (legal, fallback, notes) = scan(flow, geo, (start, firsts), &carry);
    let (cand, forced) = choose(&legal, fallback, geo, (start, elems.len()), &carry);
    let cand = cand.unwrap_or_else(|| Candidate {
        // One element too tall for any page: it goes here, overfull.
        end: (start + 1).min(elems.len()),
        body_end: elems.get(start).map_or(0.0, Elem::height),
        notes: firsts.get(start).map_or(0, Vec::len),
        whole: false,
    });
    let mut plan = PagePlan {
        depth: cand.body_end,
        body: start..cand.end,
        notes: carry.part.into_iter().collect(),
        short: false,
        forced,
        height: geo.height,
    };
    let mut notes_h = carry.height;
    if cand.notes > 0 {
        notes_h += place_notes(
            flow,
            geo,
            &notes[..cand.notes],
            cand.body_end + notes_h,
            &mut plan,
        );
    }
    let room = geo.height - notes_h - cand.body_end;
    // With notes the page still ends on its last line: the gap above them is no flaw.
    plan.short = cand.end < elems.len() && room >= geo.grid - EPS && plan.notes.is_empty();
    plan
}

/// Adds the parts of `notes` to the plan, the last one split to what fits below
/// `used`; returns the height they take.
fn place_notes(
    flow: &Flow,
    geo: &Geometry,
    notes: &[NoteId],
    used: f64,
    plan: &mut PagePlan,
) -> f64 {
    let mut h = if plan.notes.is_empty() {
        geo.note_gap
    } else {
        0.0
    };
    for (k, &note) in notes.iter().enumerate() {
        let lines = &flow.notes[&note];
        let mut to = lines.lines.len();
        if k + 1 == notes.len() {
            to = 0;
            let mut part = 0.0;
            while to < lines.lines.len()
                && used + h + part + lines.lines[to].height <= geo.height + EPS
            {
                part += lines.lines[to].height;
                to += 1;
            }
            // Carry two lines rather than one, if two stay behind.
            let n = lines.lines.len();
            if n - to == 1 && to > MIN_NOTE_LINES {
                to -= 1;
            }
            // A forced page still starts the note where it is referenced.
            to = to.max(1).min(n);
        }
        h += lines.height(0..to);
        plan.notes.push(NotePart {
            note,
            from: 0,
            to,
            continued: false,
        });
    }
    h
}

/// Rounds `y` up to the next multiple of `grid`.
pub fn snap(y: f64, grid: f64) -> f64 {
    if grid <= 0.0 {
        return y;
    }
    (y / grid - EPS).ceil().max(0.0) * grid
}
