//! Knuth–Plass total-fit line breaking on boxes, glue and penalties.
//!
//! A paragraph is a list of [`Item`]s. A line may end at a glue that follows a box
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

/// Penalties at or above this forbid a break; at or below its negative force one.
pub const INFINITY: f64 = 10000.0;

/// The stretch of `\parfillskip` and other "infinite" glue.
pub const FILL: f64 = 1.0e6;

/// Something to set: the breaker knows only widths.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Unbreakable material.
    Box {
        /// Natural width.
        width: f64,
        /// How much letter spacing may widen or narrow it (at ratio ±1).
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

/// The breaker's parameters, as in TeX (SILE declares the same with help text).
#[derive(Debug, Clone, PartialEq)]
pub struct BreakParams {
    /// Highest badness accepted in the first pass, without hyphenation; negative skips it.
    pub pretolerance: f64,
    /// Highest badness accepted in the second pass, with hyphenation.
    pub tolerance: f64,
    /// Added to every line's badness before squaring: favours fewer lines.
    pub line_penalty: f64,
    /// Cost of a break at an inserted hyphen.
    pub hyphen_penalty: f64,
    /// Cost of hyphenating a paragraph's last word (its tail would end the paragraph alone).
    pub last_word_hyphen_penalty: f64,
    /// Cost of a break after a hyphen or dash in the text.
    pub ex_hyphen_penalty: f64,
    /// Cost of a break inside a URL or identifier.
    pub url_penalty: f64,
    /// Cost of a break between two characters of a word too wide for the measure.
    pub emergency_penalty: f64,
    /// Extra demerits for two hyphenated lines in a row.
    pub double_hyphen_demerits: f64,
    /// Extra demerits for a hyphen ending the second-last line.
    pub final_hyphen_demerits: f64,
    /// Extra demerits for neighbouring lines two or more fitness classes apart.
    pub adj_demerits: f64,
    /// Most hyphenated lines allowed in a row (a hard limit; TeX has none).
    pub max_hyphens_in_a_row: u8,
    /// Stretch added to every line in the emergency pass, as a fraction of the measure.
    pub emergency_stretch: f64,
    /// Glue stretch as a fraction of the space's width.
    pub space_stretch: f64,
    /// Glue shrink as a fraction of the space's width.
    pub space_shrink: f64,
    /// Let punctuation, hyphens and quotes hang into the margins (margin kerning).
    pub protrusion: bool,
    /// Most spacing a justified line may add or remove between the letters of a word,
    /// in ems per letter: a stand-in for pdfTeX's font expansion (which scales glyphs,
    /// something our PDF frames cannot say). 0 turns it off.
    pub letter_space: f64,
}

/// TeX's values, except where measured on the seed essay at A5 (10.5/13.65 pt, 314.6 pt
/// measure; `cargo run --example evenness`): hyphen penalty 150 instead of 50 and
/// letter spacing ±0.012 em bring hyphenated line ends from 21% to 8% and loose
/// lines from 9% to 0.5%; shrink 0.4 of the space instead of 1/3; emergency stretch
/// 3% of the measure (larger values let a failed paragraph pile looseness into few lines).
impl Default for BreakParams {
    fn default() -> Self {
        BreakParams {
            pretolerance: 100.0,
            tolerance: 200.0,
            line_penalty: 10.0,
            hyphen_penalty: 150.0,
            last_word_hyphen_penalty: 1000.0,
            ex_hyphen_penalty: 50.0,
            url_penalty: 50.0,
            emergency_penalty: 5000.0,
            double_hyphen_demerits: 10000.0,
            final_hyphen_demerits: 5000.0,
            adj_demerits: 10000.0,
            max_hyphens_in_a_row: 2,
            emergency_stretch: 0.03,
            space_stretch: 0.5,
            space_shrink: 0.4,
            protrusion: true,
            letter_space: 0.012,
        }
    }
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
pub fn total_fit(items: &[Item], shape: Shape, params: &BreakParams) -> Vec<Break> {
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
    // later pass is tried only to meet it, and the last pass (which accepts any line
    // that fits) only if no other succeeded: never a very loose paragraph for looseness.
    let mut target = None;
    let mut best: Option<(Vec<Break>, i64)> = None;
    for pass in passes.iter().filter(|p| p.tolerance >= 0.0) {
        if pass.last && best.is_some() {
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
    fn new(items: &[Item]) -> Sums {
        let mut s = Sums {
            width: vec![0.0],
            stretch: vec![0.0],
            shrink: vec![0.0],
        };
        for item in items {
            let (w, y, z) = match *item {
                Item::Box { width, expand, .. } => (width, expand, expand),
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => (width, stretch, shrink),
                Item::Penalty { .. } => (0.0, 0.0, 0.0),
            };
            s.width.push(s.width.last().unwrap() + w);
            s.stretch.push(s.stretch.last().unwrap() + y);
            s.shrink.push(s.shrink.last().unwrap() + z);
        }
        s
    }
}

/// Where the line after a break at `item` starts: glue and penalties after it vanish.
fn line_start(items: &[Item], item: usize) -> usize {
    if item == 0 {
        return 0;
    }
    let mut i = item + 1;
    while i < items.len() && !matches!(items[i], Item::Box { .. }) {
        if let Item::Penalty { penalty, .. } = items[i]
            && penalty <= -INFINITY
        {
            break;
        }
        i += 1;
    }
    i
}

/// Whether a line may end at `i` in this pass, and the penalty if so.
fn breakpoint(items: &[Item], i: usize, pass: &Pass) -> Option<(f64, f64, bool, f64)> {
    match items[i] {
        Item::Glue { .. } if i > 0 && matches!(items[i - 1], Item::Box { .. }) => {
            let protrude = match items[i - 1] {
                Item::Box { protrude_right, .. } => protrude_right,
                _ => 0.0,
            };
            Some((0.0, 0.0, false, protrude))
        }
        Item::Penalty {
            width,
            penalty,
            flagged,
            hyphenation,
            protrude,
        } if penalty < INFINITY && (pass.hyphenate || !hyphenation) => {
            // A penalty with no width ends on the box before it.
            let protrude = if width == 0.0 && i > 0 {
                match items[i - 1] {
                    Item::Box { protrude_right, .. } => protrude_right,
                    _ => protrude,
                }
            } else {
                protrude
            };
            Some((width, penalty, flagged, protrude))
        }
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

/// One pass; `None` if no way through was found. Returns the breaks, their line count
/// and the line count of the least-demerits setting. `target`: the line count wanted.
fn run_pass(
    items: &[Item],
    shape: &Shape,
    params: &BreakParams,
    pass: &Pass,
    target: Option<i64>,
) -> Option<(Vec<Break>, i64, i64)> {
    let sums = Sums::new(items);
    let width_of = |line: usize| shape.widths[line.min(shape.widths.len() - 1)];
    let mut nodes = vec![Node {
        item: 0,
        line: 0,
        fitness: 2,
        hyphens: 0,
        demerits: 0.0,
        prev: None,
        ratio: 0.0,
        width: width_of(0),
        protrude_left: 0.0,
    }];
    let mut active: Vec<usize> = vec![0];
    let by_line = shape.looseness != 0;
    for b in 0..items.len() {
        let Some((pen_width, penalty, flagged, protrude_right)) = breakpoint(items, b, pass) else {
            continue;
        };
        let forced = penalty <= -INFINITY;
        let mut candidates: Vec<Node> = Vec::new();
        let mut last_killed = None;
        active.retain(|&a| {
            let node = nodes[a];
            let start = line_start(items, node.item);
            let start = if node.prev.is_none() { 0 } else { start };
            let protrude_left = match items.get(start) {
                Some(Item::Box { protrude_left, .. }) if params.protrusion => *protrude_left,
                _ => 0.0,
            };
            let hang = if params.protrusion {
                protrude_right
            } else {
                0.0
            };
            let width = width_of(node.line) + protrude_left + hang;
            let natural = sums.width[b] - sums.width[start.min(b)] + pen_width;
            let stretch = sums.stretch[b] - sums.stretch[start.min(b)] + shape.background_stretch;
            let shrink = sums.shrink[b] - sums.shrink[start.min(b)];
            let gap = width - natural;
            let (ratio, judged) = if gap >= 0.0 {
                let r = if stretch > 0.0 {
                    gap / stretch
                } else if gap < 1e-9 {
                    0.0
                } else {
                    INFINITY
                };
                let e = stretch + pass.extra_stretch;
                (r, if e > 0.0 { gap / e } else { r })
            } else {
                let r = if shrink > 0.0 {
                    gap / shrink
                } else {
                    -INFINITY
                };
                (r, r)
            };
            let bad = badness(judged);
            let overfull = ratio < -1.0 - 1e-9;
            if !overfull && (bad <= pass.tolerance || (pass.last && gap >= 0.0)) {
                let double = flagged && node.hyphens > 0;
                if !(flagged && node.hyphens >= params.max_hyphens_in_a_row) {
                    let cand = candidate(params, &node, a, b, ratio, bad, penalty, flagged, double);
                    let cand = Node {
                        width,
                        protrude_left,
                        ..cand
                    };
                    let cand = if forced && node.hyphens > 0 && !flagged {
                        Node {
                            demerits: cand.demerits + params.final_hyphen_demerits,
                            ..cand
                        }
                    } else {
                        cand
                    };
                    keep_best(&mut candidates, cand, by_line);
                }
            }
            if overfull || forced {
                last_killed = Some(a);
                return false;
            }
            true
        });
        if candidates.is_empty() && active.is_empty() && pass.last {
            // Nothing fits (a box wider than the measure): break anyway rather than fail.
            let a = last_killed?;
            let node = nodes[a];
            candidates.push(Node {
                item: b,
                line: node.line + 1,
                prev: Some(a),
                demerits: node.demerits + INFINITY * INFINITY,
                ratio: -1.0,
                width: width_of(node.line),
                protrude_left: 0.0,
                ..node
            });
        }
        for c in candidates {
            nodes.push(c);
            active.push(nodes.len() - 1);
        }
        if active.is_empty() {
            return None;
        }
    }
    let (end, optimum) = choose(&nodes, &active, items.len() - 1, shape.looseness, target)?;
    Some((chain(&nodes, end, items), nodes[end].line as i64, optimum))
}

/// The node a line from `node` to break `b` would make.
#[allow(clippy::too_many_arguments)]
fn candidate(
    params: &BreakParams,
    node: &Node,
    a: usize,
    b: usize,
    ratio: f64,
    bad: f64,
    penalty: f64,
    flagged: bool,
    double: bool,
) -> Node {
    let mut d = (params.line_penalty + bad).powi(2);
    if penalty >= 0.0 {
        d += penalty * penalty;
    } else if penalty > -INFINITY {
        d -= penalty * penalty;
    }
    if double {
        d += params.double_hyphen_demerits;
    }
    let fit = fitness(ratio, bad);
    if fit.abs_diff(node.fitness) > 1 {
        d += params.adj_demerits;
    }
    Node {
        item: b,
        line: node.line + 1,
        fitness: fit,
        hyphens: if flagged { node.hyphens + 1 } else { 0 },
        demerits: node.demerits + d,
        prev: Some(a),
        ratio,
        width: 0.0,
        protrude_left: 0.0,
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

fn chain(nodes: &[Node], end: usize, items: &[Item]) -> Vec<Break> {
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
mod tests {
    use super::*;

    fn word(width: f64) -> Item {
        Item::Box {
            width,
            expand: 0.0,
            protrude_left: 0.0,
            protrude_right: 0.0,
        }
    }

    fn space() -> Item {
        Item::Glue {
            width: 3.0,
            stretch: 1.5,
            shrink: 1.0,
        }
    }

    fn hyphen() -> Item {
        Item::Penalty {
            width: 3.0,
            penalty: 50.0,
            flagged: true,
            hyphenation: true,
            protrude: 0.0,
        }
    }

    fn end(items: &mut Vec<Item>) {
        let pen = |penalty| Item::Penalty {
            width: 0.0,
            penalty,
            flagged: false,
            hyphenation: false,
            protrude: 0.0,
        };
        items.push(pen(INFINITY));
        items.push(Item::Glue {
            width: 0.0,
            stretch: FILL,
            shrink: 0.0,
        });
        items.push(pen(-INFINITY));
    }

    fn words(widths: &[f64]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in widths.iter().enumerate() {
            if i > 0 {
                items.push(space());
            }
            items.push(word(w));
        }
        end(&mut items);
        items
    }

    fn shape(widths: &[f64], looseness: i32) -> Shape<'_> {
        Shape {
            widths,
            background_stretch: 0.0,
            looseness,
        }
    }

    #[test]
    fn equal_words_fill_equal_lines() {
        // Four 20 pt words and three 3 pt spaces make 89 pt: two words a line at 43 pt.
        let items = words(&[20.0; 8]);
        let breaks = total_fit(&items, shape(&[43.0], 0), &BreakParams::default());
        assert_eq!(breaks.len(), 4);
        for b in &breaks[..3] {
            assert!(b.ratio.abs() < 1e-9, "{b:?}");
        }
        assert_eq!(breaks.last().unwrap().item, items.len() - 1);
    }

    #[test]
    fn total_fit_is_more_even_than_first_fit() {
        let mut seed = 7u32;
        let widths: Vec<f64> = (0..80)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                6.0 + (seed >> 16) as f64 % 14.0
            })
            .collect();
        let items = words(&widths);
        let measure = 200.0;
        let badness_sum = |ratios: &[f64]| ratios.iter().map(|&r| badness(r)).sum::<f64>();
        let breaks = total_fit(&items, shape(&[measure], 0), &BreakParams::default());
        let kp: Vec<f64> = breaks[..breaks.len() - 1].iter().map(|b| b.ratio).collect();
        // First fit: as many words as fit with the spaces shrunk at most fully.
        let (mut greedy, mut natural, mut spaces) = (Vec::new(), 0.0, 0);
        for &w in &widths {
            let with = natural
                + if spaces > 0 || natural > 0.0 {
                    3.0
                } else {
                    0.0
                }
                + w;
            let n = if natural > 0.0 { spaces + 1 } else { 0 };
            if with - n as f64 > measure {
                let gap = measure - natural;
                let give = if gap > 0.0 { 1.5 } else { 1.0 } * spaces.max(1) as f64;
                greedy.push(gap / give);
                (natural, spaces) = (w, 0);
            } else {
                (natural, spaces) = (with, n);
            }
        }
        assert!(kp.iter().all(|&r| r >= -1.0), "{kp:?}");
        assert!(
            badness_sum(&kp) < badness_sum(&greedy),
            "{kp:?} vs {greedy:?}"
        );
    }

    #[test]
    fn looseness_changes_the_line_count_when_it_can() {
        let items = words(&[20.0; 12]);
        let count = |l| total_fit(&items, shape(&[66.0], l), &BreakParams::default()).len();
        let params = BreakParams {
            tolerance: 10000.0,
            ..BreakParams::default()
        };
        let loose = total_fit(&items, shape(&[66.0], 1), &params).len();
        assert_eq!(count(0), 4);
        assert_eq!(loose, 5);
    }

    #[test]
    fn at_most_two_hyphens_in_a_row() {
        // Every line must break inside a word: six lines of 40 pt words split in two.
        let mut items = Vec::new();
        for i in 0..6 {
            if i > 0 {
                items.push(space());
            }
            items.extend([word(20.0), hyphen(), word(20.0)]);
        }
        end(&mut items);
        let breaks = total_fit(&items, shape(&[66.0], 0), &BreakParams::default());
        let flagged: Vec<bool> = breaks
            .iter()
            .map(|b| matches!(items[b.item], Item::Penalty { flagged: true, .. }))
            .collect();
        assert!(
            !flagged.windows(3).any(|w| w.iter().all(|&f| f)),
            "{flagged:?}"
        );
    }

    #[test]
    fn a_box_wider_than_the_measure_is_set_rather_than_lost() {
        let items = words(&[10.0, 500.0, 10.0]);
        let breaks = total_fit(&items, shape(&[100.0], 0), &BreakParams::default());
        assert_eq!(breaks.last().unwrap().item, items.len() - 1);
        assert!(breaks.len() >= 2);
    }

    #[test]
    fn badness_and_fitness_follow_tex() {
        assert_eq!(badness(1.0), 100.0);
        assert_eq!(badness(-1.5), INFINITY + 1.0);
        assert_eq!(fitness(1.2, badness(1.2)), 0);
        assert_eq!(fitness(0.6, badness(0.6)), 1);
        assert_eq!(fitness(0.1, badness(0.1)), 2);
        assert_eq!(fitness(-0.8, badness(-0.8)), 3);
    }
}
