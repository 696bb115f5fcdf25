//! A chapter's flow, and the looseness retries that fill pages cut short by the keep
//! rules.
//!
//! The keep rules alone give a page one line short when a widow or orphan threatens.
//! Before accepting that, we try what a compositor would: set one paragraph on or
//! at the foot of that page a line longer (looseness +1, so two lines go over) or an
//! earlier one a line shorter (looseness −1, so the threatened line fits). The same
//! is tried for a page whose last line ends in a hyphen (a word broken across a page
//! turn). A retry is kept only if the page becomes full without a hyphen at its foot
//! and no earlier page changes.

use super::breaks::{Resumed, carry_after, first_refs, paginate, resume};
use super::flow::{FlowBuilder, LineSetter};
use super::{Elem, ElemKind, Flow, Geometry, NoteLines, PagePlan};
use crate::model::{Document, NoteId};
use crate::typeset::collect::{self, ChapterPieces, Para, Piece};
use std::collections::HashMap;

/// A chapter's elements kept per block (block 0 is the title), so one paragraph can be
/// set again without redoing the rest.
pub struct ChapterFlow {
    /// Elements of each block; `Elem::para` is the block's index.
    pub blocks: Vec<Vec<Elem>>,
    /// The looseness each block was set with.
    pub looseness: Vec<i32>,
    /// The flow (all blocks joined, notes set).
    pub flow: Flow,
    /// For each element of the flow, the notes it references first.
    pub firsts: Vec<Vec<NoteId>>,
}

impl ChapterFlow {
    fn join(&mut self) {
        self.flow.elems = self.blocks.iter().flatten().cloned().collect();
        self.firsts = first_refs(&self.flow.elems);
    }
}

/// Sets a chapter: sinkage, title, body blocks, and its notes.
pub fn build(b: &mut FlowBuilder, doc: &Document, ch: &ChapterPieces) -> ChapterFlow {
    let mut title = Flow::default();
    let s = b.layout.styles.chapter_title;
    let mut sink = Elem::new(ElemKind::Fixed(s.space_before * b.layout.font_size));
    sink.keep_with_next = true;
    sink.heading = true;
    title.elems.push(sink);
    let mut tp = ch.title.clone();
    tp.style.space_before = 0.0;
    b.push_para(&mut title, &tp, 0, 0);
    let mut blocks = vec![title.elems];
    let mut jobs: Vec<Job> = (ch.pieces.iter().enumerate())
        .map(|(k, p)| Job::Block(k + 1, p))
        .collect();
    jobs.extend(
        ch.notes
            .iter()
            .map(|&id| Job::Note(id, collect::collect_note(doc, b.layout, id))),
    );
    let mut flow = Flow::default();
    for done in set_jobs(b, &jobs) {
        match done {
            Done::Block(elems) => blocks.push(elems),
            Done::Note(id, lines) => {
                flow.notes.insert(id, lines);
            }
        }
    }
    let mut cf = ChapterFlow {
        looseness: vec![0; blocks.len()],
        blocks,
        flow,
        firsts: Vec::new(),
    };
    cf.join();
    cf
}

/// A piece of a chapter to set: a body block (with its index) or a note.
enum Job<'p> {
    Block(usize, &'p Piece),
    Note(NoteId, Vec<Piece>),
}

/// A set job, in the order of the jobs.
enum Done {
    Block(Vec<Elem>),
    Note(NoteId, NoteLines),
}

/// Below this many characters a chapter is set on one thread: a second costs more
/// than it saves.
const SPLIT_AT_CHARS: usize = 1_500;

/// Sets the jobs in order. A long chapter is cut in two halves of about equal text,
/// the second set on another thread by a fork of the setter; paragraphs are set
/// independently of each other, so the result is the same as on one thread.
fn set_jobs(b: &mut FlowBuilder, jobs: &[Job]) -> Vec<Done> {
    let weights: Vec<usize> = jobs.iter().map(Job::chars).collect();
    let total: usize = weights.iter().sum();
    if total < SPLIT_AT_CHARS || jobs.len() < 2 {
        return jobs.iter().map(|j| j.set(b)).collect();
    }
    let mut sum = 0;
    let split = weights
        .iter()
        .position(|w| {
            sum += w;
            2 * sum >= total
        })
        .map_or(jobs.len() - 1, |k| k + 1)
        .clamp(1, jobs.len() - 1);
    let (mine, theirs) = jobs.split_at(split);
    let (layout, pictures) = (b.layout, b.pictures);
    let set_all = |jobs: &[Job], setter: &mut dyn LineSetter| {
        let mut fb = FlowBuilder {
            layout,
            setter,
            pictures,
        };
        jobs.iter().map(|j| j.set(&mut fb)).collect::<Vec<_>>()
    };
    let (mut done, mut rest) = (vec![], vec![]);
    b.setter
        .split(&mut |setter| done = set_all(mine, setter), &mut |setter| {
            rest = set_all(theirs, setter)
        });
    done.append(&mut rest);
    done
}

impl Job<'_> {
    fn set(&self, b: &mut FlowBuilder) -> Done {
        match self {
            Job::Block(k, piece) => {
                let mut f = Flow::default();
                b.push_piece(&mut f, piece, 0, *k);
                Done::Block(f.elems)
            }
            Job::Note(id, pieces) => Done::Note(*id, b.note_lines(pieces)),
        }
    }

    /// About how much text there is to set.
    fn chars(&self) -> usize {
        match self {
            Job::Block(_, piece) => piece_chars(piece),
            Job::Note(_, pieces) => pieces.iter().map(piece_chars).sum(),
        }
    }
}

fn piece_chars(piece: &Piece) -> usize {
    let para = |p: &Para| p.runs.iter().map(|r| r.text.len()).sum::<usize>();
    match piece {
        Piece::Para(p) => para(p),
        Piece::Table(t) => t
            .header
            .iter()
            .chain(t.rows.iter().flatten())
            .map(para)
            .sum(),
        Piece::Figure(_) | Piece::Break => 1,
    }
}

/// Paginates a chapter, retrying flawed pages with looseness ±1 on nearby paragraphs,
/// then evening the depths of facing pages (`first_recto`: the chapter opens on a recto).
pub fn paginate_chapter(
    b: &mut FlowBuilder,
    ch: &ChapterPieces,
    cf: &mut ChapterFlow,
    geo: &Geometry,
    first_recto: bool,
) -> Vec<PagePlan> {
    let mut plans = paginate(&cf.flow, geo);
    let mut page = 0;
    while page < plans.len() {
        if flawed(&cf.flow, &plans[page]) {
            if let Some(better) = retry_page(b, ch, cf, geo, &plans, page) {
                plans = better;
            } else if let Some(better) = run_long(cf, geo, &plans, page, first_recto) {
                plans = better;
            }
        }
        page += 1;
    }
    let plans = float_figures(cf, geo, plans);
    super::spreads::balance(&cf.flow, geo, plans, first_recto)
}

/// A figure that does not fit at the foot of a page would leave the page short by
/// what it needs: more than two lines of white. It floats instead, as a compositor
/// floats a plate: the text after it fills the page, and the figure (with its caption)
/// heads the next page, the text going on below it. Figures keep their order: one
/// never floats past another. The chapter's blocks are not updated: after this only
/// the flow and the plans are used.
fn float_figures(cf: &mut ChapterFlow, geo: &Geometry, mut plans: Vec<PagePlan>) -> Vec<PagePlan> {
    let is_image = |e: &Elem| matches!(e.kind, ElemKind::Image { .. });
    let no_caps = HashMap::new();
    let mut k = 0;
    while k + 1 < plans.len() {
        let (plan, i) = (&plans[k], plans[k + 1].body.start);
        let room = plan.height.max(geo.height) - plan.depth;
        let floats = cf.flow.elems.get(i).is_some_and(is_image)
            && plan.notes.is_empty()
            && !plan.forced
            && room > 2.0 * geo.grid + 1e-6;
        if !floats {
            k += 1;
            continue;
        }
        // The figure and its caption: the elements of its block.
        let para = cf.flow.elems[i].para;
        let mut j = i + 1;
        while para.is_some() && cf.flow.elems.get(j).is_some_and(|e| e.para == para) {
            j += 1;
        }
        let figure: Vec<Elem> = cf.flow.elems.drain(i..j).collect();
        // Where page k ends with the figure out of the way.
        let carry = k
            .checked_sub(1)
            .and_then(|p| carry_after(&cf.flow, &plans[p]));
        let start = (plans[k].body.start, carry);
        let firsts = first_refs(&cf.flow.elems);
        let trial = resume(
            &cf.flow,
            geo,
            &no_caps,
            &firsts,
            (k, start),
            &[],
            k + 1,
            &Some,
        );
        let end = trial.pages.first().map_or(i, |p| p.body.end);
        let past_figure = cf.flow.elems[i..end.max(i)].iter().any(is_image);
        if end <= i || past_figure {
            cf.flow.elems.splice(i..i, figure);
            k += 1;
            continue;
        }
        cf.flow.elems.splice(end..end, figure);
        cf.firsts = first_refs(&cf.flow.elems);
        let r = resume(
            &cf.flow,
            geo,
            &no_caps,
            &cf.firsts,
            (k, start),
            &[],
            usize::MAX,
            &Some,
        );
        plans.truncate(k);
        plans.extend(r.pages);
        k += 1;
    }
    plans
}

/// A page the keep rules leave a line or more short, that no looseness mends without
/// loose lines, runs a line long instead, and its facing page with it (TeX's
/// `\enlargethispage{\baselineskip}` on both pages of the spread): returns the new
/// plans if the page then ends full. Its partner's depth must come out the same, or
/// it is not worth it (a chapter's last page, short by nature, is no partner).
fn run_long(
    cf: &ChapterFlow,
    geo: &Geometry,
    plans: &[PagePlan],
    page: usize,
    first_recto: bool,
) -> Option<Vec<PagePlan>> {
    if !plans[page].short || plans[page].height > geo.height + 1e-6 {
        return None;
    }
    // Spreads are (verso, recto) from the first verso; a chapter opening on a recto
    // has no partner for its first page within the chapter.
    let first_verso = usize::from(first_recto);
    let partner = match page.checked_sub(first_verso) {
        None => None,
        Some(k) if k % 2 == 0 => Some(page + 1),
        Some(_) => Some(page - 1),
    };
    let long = geo.height + geo.grid;
    let mut caps = HashMap::new();
    caps.insert(page, long);
    if let Some(p) = partner {
        caps.insert(p, long);
    }
    let from = partner.map_or(page, |p| p.min(page));
    let upto = partner.map_or(page, |p| p.max(page));
    let r = remake_from(cf, geo, &caps, plans, from, upto + 1, &Some);
    let new = |k: usize| r.pages.get(k - from);
    let filled = new(page).is_some_and(|p| !p.short && !p.forced);
    // The partner runs long too, unless it ends its chapter.
    let partner_ok = partner.is_none_or(|p| match new(p) {
        Some(pp) => {
            let last = r.synced_at.is_none() && p + 1 == from + r.pages.len();
            !pp.forced
                && (last
                    || (pp.depth - new(page).map_or(0.0, |q| q.depth)).abs() < 1e-6
                    || !pp.notes.is_empty())
        }
        None => false,
    });
    if !filled || !partner_ok {
        return None;
    }
    let mut out = plans[..from].to_vec();
    let tail = r.synced_at.unwrap_or(plans.len());
    out.extend(r.pages);
    out.extend(plans[tail..].iter().cloned());
    Some(out)
}

/// The chapter's pages made again from page `from` on (starting where `plans` start
/// it, with what the page before carries over), until they fall in step with `plans`
/// again at or after `sync_from`; `map` takes an old element index to the new one.
fn remake_from(
    cf: &ChapterFlow,
    geo: &Geometry,
    caps: &HashMap<usize, f64>,
    plans: &[PagePlan],
    from: usize,
    sync_from: usize,
    map: &dyn Fn(usize) -> Option<usize>,
) -> Resumed {
    let carry = from
        .checked_sub(1)
        .and_then(|k| carry_after(&cf.flow, &plans[k]));
    let start = (plans[from].body.start, carry);
    let firsts = &cf.firsts;
    resume(
        &cf.flow,
        geo,
        caps,
        firsts,
        (from, start),
        plans,
        sync_from,
        map,
    )
}

/// Whether a page is worth a retry: short of full depth, or ending on a hyphen.
fn flawed(flow: &Flow, plan: &PagePlan) -> bool {
    let last_hyphenated = flow.elems[plan.body.clone()]
        .iter()
        .rev()
        .find_map(|e| match &e.kind {
            ElemKind::Line { line, .. } => Some(line.hyphenated),
            _ => None,
        })
        .unwrap_or(false);
    let turns = plan.body.end < flow.elems.len();
    !plan.forced && (plan.short || (last_hyphenated && turns))
}

/// Paragraphs longer than this many lines are not set again with a looseness: asking
/// for a line count other than the optimum keeps a set of ways through the paragraph
/// for every line count, which grows with its length (quadratic time: a 20,000-word
/// paragraph took seconds), and a compositor would not reset two pages of text to
/// mend one page anyway.
const MAX_LOOSE_LINES: usize = 60;

/// Tries looseness on the paragraphs of `page` and the next one; returns the new plans
/// if one fills the page without disturbing earlier pages.
///
/// Of the paragraphs that would mend the page, the first whose lines all stay within
/// [`COMFORTABLE_RATIO`] is taken; if none does, the one whose most stretched or
/// shrunk line is the least so, rather than the first found (which could stretch a
/// line to the edge of loose where a paragraph further up would have set evenly).
///
/// Each attempt replaces the paragraph's elements in the flow in place and makes pages
/// again only from two pages before it until they meet the old pages (see
/// [`resume`]): the cost of a retry does not grow with the chapter's length.
fn retry_page(
    b: &mut FlowBuilder,
    ch: &ChapterPieces,
    cf: &mut ChapterFlow,
    geo: &Geometry,
    plans: &[PagePlan],
    page: usize,
) -> Option<Vec<PagePlan>> {
    let plan = &plans[page];
    let end = (plan.body.end + 1).min(cf.flow.elems.len());
    let mut paras: Vec<usize> = cf.flow.elems[plan.body.start..end]
        .iter()
        .filter_map(|e| e.para)
        .filter(|&p| p > 0 && cf.looseness[p] == 0)
        .collect();
    paras.dedup();
    paras.reverse();
    // Every mend is undone once measured; the one chosen is made again (the paragraph
    // is set from the typesetter's memo).
    let tries = paras
        .iter()
        .take(6)
        .flat_map(|&para| [(para, 1), (para, -1)]);
    let measured = tries.filter_map(|(para, looseness)| {
        let mended = mend(b, ch, cf, geo, plans, page, para, looseness)?;
        cf.splice(para, mended.at, mended.old);
        Some((mended.worst, (para, looseness)))
    });
    let (para, looseness) = first_good_or_least(measured, COMFORTABLE_RATIO)?;
    let mended = mend(b, ch, cf, geo, plans, page, para, looseness)?;
    cf.looseness[para] = looseness;
    Some(mended.plans)
}

/// The first of `items` whose cost is at most `good`, or else the least costly (the
/// first of equals); `items` is consumed only as far as needed.
fn first_good_or_least<T>(items: impl Iterator<Item = (f64, T)>, good: f64) -> Option<T> {
    let mut least: Option<(f64, T)> = None;
    for (cost, item) in items {
        if cost <= good {
            return Some(item);
        }
        if least.as_ref().is_none_or(|(c, _)| cost < *c) {
            least = Some((cost, item));
        }
    }
    least.map(|(_, item)| item)
}

/// A looseness that mends a page, applied to the chapter's flow.
struct Mended {
    /// The chapter's new plans.
    plans: Vec<PagePlan>,
    /// The paragraph's most stretched or shrunk line, as a ratio (0 to 1).
    worst: f64,
    /// Where the paragraph's elements start in the flow, and its elements before.
    at: usize,
    old: Vec<Elem>,
}

/// Sets paragraph `para` with `looseness` and makes the pages again; if that mends
/// `page` (earlier pages unchanged), leaves the new setting in `cf` and returns it, and
/// otherwise leaves `cf` as it was.
#[allow(clippy::too_many_arguments)]
fn mend(
    b: &mut FlowBuilder,
    ch: &ChapterPieces,
    cf: &mut ChapterFlow,
    geo: &Geometry,
    plans: &[PagePlan],
    page: usize,
    para: usize,
    looseness: i32,
) -> Option<Mended> {
    let Piece::Para(p) = &ch.pieces[para - 1] else {
        return None;
    };
    if cf.blocks[para].len() > MAX_LOOSE_LINES {
        return None;
    }
    let mut f = Flow::default();
    b.push_para(&mut f, p, looseness, para);
    let lines = |v: &[Elem]| v.iter().filter(|e| !e.is_space()).count();
    if lines(&f.elems) == lines(&cf.blocks[para]) {
        return None;
    }
    // A page a line short is no hole; loose lines to fill it are a flaw a reader sees
    // (the spaces stretched past what they offer).
    if loosest(&f.elems) > MAX_RETRY_RATIO.max(loosest(&cf.blocks[para])) {
        return None;
    }
    let worst = loosest(&f.elems).max(-tightest(&f.elems));
    // Where the paragraph's elements sit in the flow.
    let at: usize = cf.blocks[..para].iter().map(Vec::len).sum();
    let (old_len, new_len) = (cf.blocks[para].len(), f.elems.len());
    let old = cf.splice(para, at, f.elems);
    let map = |i: usize| {
        if i < at {
            Some(i)
        } else if i >= at + old_len {
            Some(i + new_len - old_len)
        } else {
            None
        }
    };
    // Pages from two before the paragraph's first are made again: a page's make-up
    // looks a little past its end.
    let first = plans.partition_point(|pl| pl.body.end <= at);
    let from = first.min(page).saturating_sub(2);
    let r = remake_from(cf, geo, &HashMap::new(), plans, from, page + 1, &map);
    let same_before = r.pages.len() > page - from && r.pages[..page - from] == plans[from..page];
    if !same_before || flawed(&cf.flow, &r.pages[page - from]) {
        cf.splice(para, at, old);
        return None;
    }
    let mut new = plans[..from].to_vec();
    let tail_from = r.synced_at.unwrap_or(plans.len());
    new.extend(r.pages);
    new.extend(plans[tail_from..].iter().map(|pl| {
        let mut pl = pl.clone();
        let shift = |i: usize| map(i).unwrap_or(i);
        pl.body = shift(pl.body.start)..shift(pl.body.end);
        pl
    }));
    Some(Mended {
        plans: new,
        worst,
        at,
        old,
    })
}

/// A looseness retry whose lines all stay within this ratio is taken at once: badness
/// 50, the breaker's first-pass tolerance (`BreakParams::pretolerance`), where word
/// spaces are stretched to about 1.4 times their width at most.
const COMFORTABLE_RATIO: f64 = 0.8;

/// The most a looseness retry may stretch a line's spaces, as a share of what they
/// offer: past it the line is loose (the proof's and the corpus gates' measure).
const MAX_RETRY_RATIO: f64 = 1.0;

/// The largest adjustment ratio among `elems`' lines.
fn loosest(elems: &[Elem]) -> f64 {
    ratios(elems).fold(0.0, f64::max)
}

/// The smallest adjustment ratio among `elems`' lines (negative when one shrinks).
fn tightest(elems: &[Elem]) -> f64 {
    ratios(elems).fold(0.0, f64::min)
}

fn ratios(elems: &[Elem]) -> impl Iterator<Item = f64> + '_ {
    elems.iter().filter_map(|e| match &e.kind {
        ElemKind::Line { line, .. } => Some(line.ratio),
        _ => None,
    })
}

impl ChapterFlow {
    /// Puts `elems` in place of block `para` (whose elements start at `at` in the
    /// flow), in the blocks, the flow and the first-reference lists; returns the old.
    fn splice(&mut self, para: usize, at: usize, elems: Vec<Elem>) -> Vec<Elem> {
        let old = std::mem::replace(&mut self.blocks[para], elems);
        let range = at..at + old.len();
        // The notes first referenced in this block stay first referenced in it.
        let mut firsts: Vec<NoteId> = self.firsts[range.clone()].concat();
        let new_firsts: Vec<Vec<NoteId>> = self.blocks[para]
            .iter()
            .map(|e| {
                let here: Vec<NoteId> = e
                    .notes()
                    .iter()
                    .copied()
                    .filter(|n| firsts.contains(n))
                    .collect();
                firsts.retain(|n| !here.contains(n));
                here
            })
            .collect();
        self.firsts.splice(range.clone(), new_firsts);
        self.flow
            .elems
            .splice(range, self.blocks[para].iter().cloned());
        old
    }
}

#[cfg(test)]
mod tests {
    use super::first_good_or_least;

    #[test]
    fn a_retry_takes_the_first_comfortable_mend_or_else_the_least_stretched() {
        // The first comfortable one, without measuring those after it.
        let mut measured = vec![];
        let items = [(0.93, 'a'), (0.6, 'b'), (0.1, 'c')]
            .into_iter()
            .inspect(|&(_, x)| measured.push(x));
        assert_eq!(first_good_or_least(items, 0.8), Some('b'));
        assert_eq!(measured, ['a', 'b']);
        // None comfortable: the least stretched, not the first found.
        let items = [(0.93, 'a'), (0.85, 'b'), (0.98, 'c'), (0.85, 'd')];
        assert_eq!(first_good_or_least(items.into_iter(), 0.8), Some('b'));
        assert_eq!(
            first_good_or_least(std::iter::empty::<(f64, char)>(), 0.8),
            None
        );
    }
}
