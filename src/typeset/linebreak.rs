//! Knuth–Plass total-fit line breaking on boxes, glue and penalties.
//!
//! A paragraph is a list of [`BreakItem`]s. A line may end at a glue that follows a box
//! (the glue vanishes) or at a penalty below [`INFINITY`] (its width, a hyphen, is
//! added). For every such place we keep "active" nodes: the best ways found so far to
//! end a line there, one per fitness class (and per count of hyphens in a row, and per
//! line number when a looseness is asked). Each new break is tried against every active
//! node; a line whose glue would have to shrink beyond its shrink kills the node. The
//! cost of a line is its demerits, `(linepenalty + badness)² ± penalty²`, plus extras
//! for two hyphens in a row, a hyphen before the last line, and neighbouring lines of
//! very different tightness. The paragraph's breaks are the chain of nodes with the
//! least total demerits that reaches the end.
//!
//! As in TeX (§863) the breaker runs up to three passes: without hyphenation at
//! `pretolerance`, with it at `tolerance`, and an emergency pass that adds
//! `emergency_stretch` to every line and accepts any line that does not overflow.

mod params;

pub use params::BreakParams;

/// Penalties at or above this forbid a break; at or below its negative force one.
pub const INFINITY: f64 = 10000.0;

/// The stretch of `\parfillskip` and other "infinite" glue.
pub const FILL: f64 = 1.0e6;

/// Something to set: the breaker knows only widths.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BreakItem {
    /// Unbreakable material.
    Box {
        /// Natural width.
        width: f64,
        /// How much letter spacing and font expansion may widen or narrow it (at
        /// ratio ±1).
        expand: f64,
        /// How far it may hang into the left margin when it starts a line.
        protrude_left: f64,
        /// How far it may hang into the right margin when it ends a line.
        protrude_right: f64,
    },
    /// Space that may stretch or shrink; a line may end at it.
    Glue {
        /// Natural width.
        width: f64,
        /// How far it may grow (at ratio 1).
        stretch: f64,
        /// How far it may shrink (at ratio −1, never further).
        shrink: f64,
    },
    /// A possible break with a cost.
    Penalty {
        /// Width added if the line breaks here (an inserted hyphen).
        width: f64,
        /// Cost of breaking here; ≥ [`INFINITY`] forbids, ≤ −[`INFINITY`] forces.
        penalty: f64,
        /// Hyphen-like: two flagged breaks in a row cost `double_hyphen_demerits`.
        flagged: bool,
        /// A discretionary hyphen, ignored in the first pass.
        hyphenation: bool,
        /// How far the inserted material may hang into the right margin.
        protrude: f64,
    },
}

/// One chosen break: the line ends at `item` and is set at `ratio`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    /// Index of the glue or penalty the line ends at (the last item for the last line).
    pub item: usize,
    /// Index of the first item of the line.
    pub start: usize,
    /// Adjustment ratio: stretch (> 0) or shrink (< 0) used, as a fraction of what the
    /// line's glue offers (without the emergency stretch).
    pub ratio: f64,
    /// Width the line is set to: its measure plus the protrusion taken.
    pub width: f64,
    /// How far its first box hangs into the left margin.
    pub protrude_left: f64,
}

/// What a paragraph asks of the breaker besides its items.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape<'a> {
    /// Width of each line; the last entry holds for all further lines.
    pub widths: &'a [f64],
    /// Stretch every line has besides its glue (ragged or centred lines).
    pub background_stretch: f64,
    /// Lines to add (positive) or remove (negative) from the optimum, if possible.
    pub looseness: i32,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    item: usize,
    line: usize,
    fitness: u8,
    hyphens: u8,
    demerits: f64,
    prev: Option<usize>,
    ratio: f64,
    width: f64,
    protrude_left: f64,
}

struct Pass {
    tolerance: f64,
    hyphenate: bool,
    extra_stretch: f64,
    last: bool,
}

/// Sets the paragraph: the chosen breaks, in order, the last one at the final item.
/// The items must end with a forced break (a penalty of −[`INFINITY`]).
pub fn total_fit(items: &[BreakItem], shape: Shape, params: &BreakParams) -> Vec<Break> {
    let measure = shape.widths.iter().copied().fold(f64::INFINITY, f64::min);
    let pass = |tolerance, hyphenate, extra_stretch, last| Pass {
        tolerance,
        hyphenate,
        extra_stretch,
        last,
    };
    let emergency = params.emergency_stretch * measure;
    let passes = [
        pass(params.pretolerance, false, 0.0, false),
        pass(params.tolerance, true, 0.0, false),
        pass(params.second_chance_tolerance, true, 0.0, false),
        pass(
            if emergency > 0.0 {
                params.tolerance
            } else {
                -1.0
            },
            true,
            emergency,
            false,
        ),
        pass(INFINITY, true, emergency, true),
    ];
    // The looseness counts from the line count of the first pass that succeeds; a
    // later pass is tried only to meet it. The third pass is the second chance at
    // TeX's own tolerance, for a paragraph the second could not set or a looseness it
    // could not meet. The emergency passes (whose stretch lets lines far looser than
    // any tolerance through) run only when no other succeeded: they are there so a
    // paragraph can be set at all. TeX also tries them for \looseness; a looseness met
    // that way costs a paragraph of lines twice as loose as their neighbours, and the
    // page make-up has better remedies (on the corpus: 3 loose lines in 16 pages of
    // a5-public-essays, gone without them).
    let mut target = None;
    let mut best: Option<(Vec<Break>, i64)> = None;
    for pass in passes.iter().filter(|p| p.tolerance >= 0.0) {
        if (pass.last || pass.extra_stretch > 0.0) && best.is_some() {
            break;
        }
        if let Some((breaks, lines, optimum)) = run_pass(items, &shape, params, pass, target) {
            let goal = *target.get_or_insert(optimum + shape.looseness as i64);
            let miss = (lines - goal).abs();
            if best.as_ref().is_none_or(|(_, m)| miss < *m) {
                best = Some((breaks, miss));
            }
            if miss == 0 {
                break;
            }
        }
    }
    best.map(|(b, _)| b).unwrap_or_default()
}

/// Running sums of width, stretch and shrink over items[..i].
struct Sums {
    width: Vec<f64>,
    stretch: Vec<f64>,
    shrink: Vec<f64>,
}

impl Sums {
    fn new(items: &[BreakItem]) -> Sums {
        let mut s = Sums {
            width: vec![0.0],
            stretch: vec![0.0],
            shrink: vec![0.0],
        };
        for item in items {
            let (w, y, z) = match *item {
                BreakItem::Box { width, expand, .. } => (width, expand, expand),
                BreakItem::Glue {
                    width,
                    stretch,
                    shrink,
                } => (width, stretch, shrink),
                BreakItem::Penalty { .. } => (0.0, 0.0, 0.0),
            };
            s.width.push(s.width.last().unwrap() + w);
            s.stretch.push(s.stretch.last().unwrap() + y);
            s.shrink.push(s.shrink.last().unwrap() + z);
        }
        s
    }
}

/// Where the line after a break at `item` starts: glue and penalties after it vanish.
fn line_start(items: &[BreakItem], item: usize) -> usize {
    if item == 0 {
        return 0;
    }
    let mut i = item + 1;
    while i < items.len() && !matches!(items[i], BreakItem::Box { .. }) {
        if let BreakItem::Penalty { penalty, .. } = items[i]
            && penalty <= -INFINITY
        {
            break;
        }
        i += 1;
    }
    i
}

/// Whether a line may end at item `i` in this pass, and at what cost.
fn breakpoint(items: &[BreakItem], i: usize, pass: &Pass) -> Option<Candidate> {
    // The box before, whose last glyph may hang into the margin.
    let before = |fallback| match i.checked_sub(1).map(|k| items[k]) {
        Some(BreakItem::Box { protrude_right, .. }) => protrude_right,
        _ => fallback,
    };
    match items[i] {
        BreakItem::Glue { .. } if i > 0 && matches!(items[i - 1], BreakItem::Box { .. }) => {
            Some(Candidate {
                item: i,
                width: 0.0,
                penalty: 0.0,
                flagged: false,
                protrude: before(0.0),
            })
        }
        BreakItem::Penalty {
            width,
            penalty,
            flagged,
            hyphenation,
            protrude,
        } if penalty < INFINITY && (pass.hyphenate || !hyphenation) => Some(Candidate {
            item: i,
            width,
            penalty,
            flagged,
            // A penalty with no width ends on the box before it.
            protrude: if width == 0.0 {
                before(protrude)
            } else {
                protrude
            },
        }),
        _ => None,
    }
}

/// TeX's badness: about 100·r³, capped just above [`INFINITY`].
fn badness(r: f64) -> f64 {
    if r < -1.0 {
        INFINITY + 1.0
    } else {
        (100.0 * r.abs().powi(3)).min(INFINITY)
    }
}

/// Fitness class: 0 very loose, 1 loose, 2 decent, 3 tight.
fn fitness(r: f64, b: f64) -> u8 {
    if r > 0.0 && b > 99.0 {
        0
    } else if r > 0.0 && b > 12.0 {
        1
    } else if r < 0.0 && b > 12.0 {
        3
    } else {
        2
    }
}

/// A possible break, as the breaker sees it.
#[derive(Clone, Copy)]
struct Candidate {
    item: usize,
    /// Width added if the line ends here (an inserted hyphen).
    width: f64,
    penalty: f64,
    flagged: bool,
    /// How far the line's last glyph may hang into the right margin.
    protrude: f64,
}

/// How a line from an active node to a candidate break would be set.
struct Fit {
    /// The measure plus the protrusion taken.
    width: f64,
    protrude_left: f64,
    /// Adjustment ratio from the line's own stretch or shrink.
    ratio: f64,
    /// Badness, counting the pass's emergency stretch.
    badness: f64,
    /// Room left at natural width (negative: must shrink).
    gap: f64,
}

/// One pass over a paragraph.
struct Breaker<'a> {
    items: &'a [BreakItem],
    shape: &'a Shape<'a>,
    params: &'a BreakParams,
    pass: &'a Pass,
    sums: Sums,
    nodes: Vec<Node>,
    active: Vec<usize>,
}

/// One pass; `None` if no way through was found. Returns the breaks, their line count
/// and the line count of the least-demerits setting. `target`: the line count wanted.
fn run_pass(
    items: &[BreakItem],
    shape: &Shape,
    params: &BreakParams,
    pass: &Pass,
    target: Option<i64>,
) -> Option<(Vec<Break>, i64, i64)> {
    let mut br = Breaker {
        items,
        shape,
        params,
        pass,
        sums: Sums::new(items),
        nodes: vec![Node {
            item: 0,
            line: 0,
            fitness: 2,
            hyphens: 0,
            demerits: 0.0,
            prev: None,
            ratio: 0.0,
            width: 0.0,
            protrude_left: 0.0,
        }],
        active: vec![0],
    };
    for b in 0..items.len() {
        if let Some(c) = breakpoint(items, b, pass) {
            br.try_break(c)?;
        }
    }
    let (end, optimum) = choose(
        &br.nodes,
        &br.active,
        items.len() - 1,
        shape.looseness,
        target,
    )?;
    Some((
        chain(&br.nodes, end, items),
        br.nodes[end].line as i64,
        optimum,
    ))
}

impl Breaker<'_> {
    fn width_of(&self, line: usize) -> f64 {
        self.shape.widths[line.min(self.shape.widths.len() - 1)]
    }

    /// Tries every active node against a break; `None` when none is left (the pass failed).
    fn try_break(&mut self, c: Candidate) -> Option<()> {
        let forced = c.penalty <= -INFINITY;
        let by_line = self.shape.looseness != 0;
        let mut found: Vec<Node> = Vec::new();
        let mut last_killed = None;
        let mut active = std::mem::take(&mut self.active);
        active.retain(|&a| {
            let fit = self.fit(a, &c);
            let overfull = fit.ratio < -1.0 - 1e-9;
            let acceptable =
                fit.badness <= self.pass.tolerance || (self.pass.last && fit.gap >= 0.0);
            if !overfull
                && acceptable
                && !(c.flagged && self.nodes[a].hyphens >= self.params.max_hyphens_in_a_row)
            {
                keep_best(&mut found, self.node(a, &c, &fit), by_line);
            }
            if overfull || forced {
                last_killed = Some(a);
            }
            !(overfull || forced)
        });
        self.active = active;
        if found.is_empty() && self.active.is_empty() && self.pass.last {
            // Nothing fits (a box wider than the measure): break anyway rather than fail.
            let a = last_killed?;
            let node = self.nodes[a];
            found.push(Node {
                item: c.item,
                line: node.line + 1,
                prev: Some(a),
                demerits: node.demerits + INFINITY * INFINITY,
                ratio: -1.0,
                width: self.width_of(node.line),
                protrude_left: 0.0,
                ..node
            });
        }
        for n in found {
            self.nodes.push(n);
            self.active.push(self.nodes.len() - 1);
        }
        (!self.active.is_empty()).then_some(())
    }

    /// How the line from active node `a` to break `c` would be set.
    fn fit(&self, a: usize, c: &Candidate) -> Fit {
        let node = &self.nodes[a];
        let items = self.items;
        let start = if node.prev.is_none() {
            0
        } else {
            line_start(items, node.item)
        };
        let start = start.min(c.item);
        let protrusion = self.params.protrusion;
        let protrude_left = match items.get(start) {
            Some(BreakItem::Box { protrude_left, .. }) if protrusion => *protrude_left,
            _ => 0.0,
        };
        let hang = if protrusion { c.protrude } else { 0.0 };
        let width = self.width_of(node.line) + protrude_left + hang;
        let s = &self.sums;
        let natural = s.width[c.item] - s.width[start] + c.width;
        let stretch = s.stretch[c.item] - s.stretch[start] + self.shape.background_stretch;
        let shrink = s.shrink[c.item] - s.shrink[start];
        let gap = width - natural;
        let (ratio, judged) = if gap >= 0.0 {
            let r = if stretch > 0.0 {
                gap / stretch
            } else if gap < 1e-9 {
                0.0
            } else {
                INFINITY
            };
            let e = stretch + self.pass.extra_stretch;
            (r, if e > 0.0 { gap / e } else { r })
        } else {
            let r = if shrink > 0.0 {
                gap / shrink
            } else {
                -INFINITY
            };
            (r, r)
        };
        Fit {
            width,
            protrude_left,
            ratio,
            badness: badness(judged),
            gap,
        }
    }

    /// The node a line from active node `a` to break `c` makes, with its demerits.
    fn node(&self, a: usize, c: &Candidate, fit: &Fit) -> Node {
        let p = self.params;
        let node = &self.nodes[a];
        let mut d = (p.line_penalty + fit.badness).powi(2);
        if c.penalty >= 0.0 {
            d += c.penalty * c.penalty;
        } else if c.penalty > -INFINITY {
            d -= c.penalty * c.penalty;
        }
        if c.flagged && node.hyphens > 0 {
            d += p.double_hyphen_demerits;
        }
        if c.penalty <= -INFINITY && node.hyphens > 0 {
            d += p.final_hyphen_demerits;
        }
        let fitness = fitness(fit.ratio, fit.badness);
        if fitness.abs_diff(node.fitness) > 1 {
            d += p.adj_demerits;
        }
        Node {
            item: c.item,
            line: node.line + 1,
            fitness,
            hyphens: if c.flagged { node.hyphens + 1 } else { 0 },
            demerits: node.demerits + d,
            prev: Some(a),
            ratio: fit.ratio,
            width: fit.width,
            protrude_left: fit.protrude_left,
        }
    }
}

/// Keeps the cheaper of two ways to reach the same break in the same state.
fn keep_best(candidates: &mut Vec<Node>, cand: Node, by_line: bool) {
    let same = |n: &Node| {
        n.fitness == cand.fitness && n.hyphens == cand.hyphens && (!by_line || n.line == cand.line)
    };
    match candidates.iter_mut().find(|n| same(n)) {
        Some(n) if n.demerits <= cand.demerits => {}
        Some(n) => *n = cand,
        None => candidates.push(cand),
    }
}

/// The best final node: least demerits, or for a looseness the line count nearest
/// `target` (by default the optimum plus looseness, TeX §875). Also returns the line
/// count of the least-demerits node.
fn choose(
    nodes: &[Node],
    active: &[usize],
    last: usize,
    looseness: i32,
    target: Option<i64>,
) -> Option<(usize, i64)> {
    let ends: Vec<usize> = active
        .iter()
        .copied()
        .filter(|&a| nodes[a].item == last)
        .collect();
    let best = *ends
        .iter()
        .min_by(|&&a, &&b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    let optimum = nodes[best].line as i64;
    if looseness == 0 {
        return Some((best, optimum));
    }
    let target = target.unwrap_or(optimum + looseness as i64);
    let pick = *ends.iter().min_by(|&&a, &&b| {
        let da = (nodes[a].line as i64 - target).abs();
        let db = (nodes[b].line as i64 - target).abs();
        da.cmp(&db)
            .then(nodes[a].demerits.total_cmp(&nodes[b].demerits))
    })?;
    Some((pick, optimum))
}

fn chain(nodes: &[Node], end: usize, items: &[BreakItem]) -> Vec<Break> {
    let mut out = Vec::new();
    let mut at = Some(end);
    while let Some(i) = at {
        let n = nodes[i];
        if let Some(p) = n.prev {
            let start = if nodes[p].prev.is_none() {
                0
            } else {
                line_start(items, nodes[p].item)
            };
            out.push(Break {
                item: n.item,
                start,
                ratio: n.ratio,
                width: n.width,
                protrude_left: n.protrude_left,
            });
        }
        at = n.prev;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests;
