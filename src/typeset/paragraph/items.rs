//! From runs to the breaker's items: shape each run, cut the glyphs into clusters
//! (the smallest pieces that map to text), then turn words into boxes with penalties
//! at their break points and spaces into glue.

use super::super::frame::{FaceId, Glyph};
use super::super::hyphenate::BreakKind;
use super::super::linebreak::{BreakItem, FILL, INFINITY};
use super::super::shaping::{Features, advance, shape, shape_words};
use super::{MissingGlyph, ParagraphSettings, Run, RunStyle, Typesetter};
use smallvec::SmallVec;
use std::ops::Range;

/// Size of a superscript relative to its text, and how far it is raised (in ems of the text).
const SUPERSCRIPT_SIZE: f64 = 0.62;
/// How far a superscript's baseline is raised, in ems of the text.
pub const SUPERSCRIPT_RAISE: f64 = 0.36;
/// How far a subscript's baseline is lowered, in ems of the text (it is set at
/// [`SUPERSCRIPT_SIZE`] too).
pub const SUBSCRIPT_DROP: f64 = 0.14;

/// Glyphs that stand for a piece of one run's text.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// Index of the run.
    pub run: usize,
    /// The face that sets it.
    pub face: FaceId,
    /// The size it is set at (smaller for superscripts).
    pub size: f64,
    /// Glyphs; their `text` ranges index the run's text. Nearly always one, kept inline:
    /// a paragraph has a cluster per character.
    pub glyphs: SmallVec<[Glyph; 1]>,
    /// Bytes of the run's text.
    pub text: Range<usize>,
    /// Natural width in pt.
    pub width: f64,
    /// What kind of text it is.
    pub kind: ClusterKind,
    /// The character, if the cluster is one (for margin protrusion).
    pub single: Option<char>,
    /// Whether the line's letter spacing may touch it (not code, not note marks).
    pub spaceable: bool,
}

/// Spaces become glue, a newline a forced break, the rest boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterKind {
    /// Letters, punctuation, marks.
    Text,
    /// An interword space.
    Space,
    /// A forced line break.
    Newline,
}

/// The size a style is set at in text of `size` pt.
fn set_size(style: &RunStyle, size: f64) -> f64 {
    if style.superscript || style.subscript {
        size * SUPERSCRIPT_SIZE
    } else {
        size
    }
}

/// OpenType features for a style in a paragraph.
pub fn features(style: &RunStyle, settings: &ParagraphSettings) -> Features {
    Features {
        small_caps: style.small_caps,
        old_style_figures: settings.old_style_figures && !style.superscript && !style.subscript,
    }
}

/// Shapes every run and cuts it into clusters.
pub fn clusters(
    ts: &Typesetter,
    runs: &[Run],
    settings: &ParagraphSettings,
) -> (Vec<Cluster>, Vec<MissingGlyph>) {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for (r, run) in runs.iter().enumerate() {
        let size = set_size(&run.style, settings.size);
        let feats = features(&run.style, settings);
        let shaped = shape_words(
            &ts.fonts,
            &ts.words,
            ts.face(&run.style),
            size,
            &run.text,
            feats,
            run.style.lang.as_deref().unwrap_or(&ts.language),
        );
        missing.extend(shaped.missing.iter().map(|&(offset, ch)| MissingGlyph {
            run: r,
            offset,
            ch,
        }));
        for seg in shaped.segments {
            let mut i = 0;
            while i < seg.glyphs.len() {
                let text = seg.glyphs[i].text.clone();
                let mut j = i + 1;
                while j < seg.glyphs.len() && seg.glyphs[j].text == text {
                    j += 1;
                }
                let range = text.start as usize..text.end as usize;
                let s = &run.text[range.clone()];
                let kind = if s == "\n" {
                    ClusterKind::Newline
                } else if s
                    .chars()
                    .all(|c| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}')
                {
                    ClusterKind::Space
                } else {
                    ClusterKind::Text
                };
                let glyphs = SmallVec::from(&seg.glyphs[i..j]);
                out.push(Cluster {
                    run: r,
                    face: seg.face,
                    size,
                    width: advance(&glyphs),
                    glyphs,
                    text: range,
                    kind,
                    single: (s.chars().count() == 1).then(|| s.chars().next()).flatten(),
                    spaceable: !run.style.monospace && !run.style.superscript,
                });
                i = j;
            }
        }
    }
    (out, missing)
}

/// What an item stands for, to set it once the breaks are chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Meta {
    /// Clusters of a word (a box) or of a space (glue).
    Clusters(Range<usize>),
    /// An inserted hyphen, set like the cluster before it.
    Hyphen {
        /// The cluster the hyphen follows.
        after: usize,
        /// The hyphen glyph.
        glyph: Glyph,
        /// A last-resort break inside a word too wide for the line, at no
        /// hyphenation point.
        cut: bool,
    },
    /// Nothing to draw.
    None,
}

/// The items of a paragraph with what each stands for.
pub struct Items {
    /// For the breaker.
    pub items: Vec<BreakItem>,
    /// For setting the lines, parallel to `items`.
    pub meta: Vec<Meta>,
}

impl Items {
    fn push(&mut self, item: BreakItem, meta: Meta) {
        self.items.push(item);
        self.meta.push(meta);
    }
}

/// What turning clusters into items needs to know.
struct Builder<'a> {
    ts: &'a Typesetter,
    runs: &'a [Run],
    clusters: &'a [Cluster],
    settings: &'a ParagraphSettings,
    /// The narrowest line: a fragment wider than this is cut between characters.
    narrowest: f64,
    justify: bool,
    out: Items,
    /// Hyphen glyphs already shaped, by run (a run has one face, size and features).
    hyphens: Vec<(usize, FaceId, Glyph)>,
}

/// Turns clusters into boxes, glue and penalties.
pub fn items(
    ts: &Typesetter,
    runs: &[Run],
    clusters: &[Cluster],
    settings: &ParagraphSettings,
    narrowest: f64,
) -> Items {
    let mut b = Builder {
        ts,
        runs,
        clusters,
        settings,
        narrowest,
        justify: settings.align == crate::layout::TextAlign::Justify,
        out: Items {
            items: Vec::new(),
            meta: Vec::new(),
        },
        hyphens: Vec::new(),
    };
    // Hyphenating the last word costs more: the last line would be a mere fragment.
    let last_text = clusters.iter().rposition(|c| c.kind == ClusterKind::Text);
    let mut i = 0;
    while i < clusters.len() {
        let mut j = i + 1;
        let kind = clusters[i].kind;
        while j < clusters.len() && clusters[j].kind == kind && kind != ClusterKind::Newline {
            j += 1;
        }
        match kind {
            ClusterKind::Space if i > 0 && j < clusters.len() => b.space(i..j),
            ClusterKind::Space => {}
            ClusterKind::Newline => forced_break(&mut b.out),
            ClusterKind::Text => b.word(i..j, last_text.is_some_and(|l| l < j)),
        }
        i = j;
    }
    // Drop trailing glue, then end with \parfillskip and a forced break.
    let out = &mut b.out;
    while matches!(
        out.items.last(),
        Some(BreakItem::Glue { .. } | BreakItem::Penalty { .. })
    ) {
        out.items.pop();
        out.meta.pop();
    }
    forced_break(out);
    b.out
}

fn forced_break(out: &mut Items) {
    out.push(penalty(INFINITY, false), Meta::None);
    let fill = BreakItem::Glue {
        width: 0.0,
        stretch: FILL,
        shrink: 0.0,
    };
    out.push(fill, Meta::None);
    out.push(penalty(-INFINITY, false), Meta::None);
}

fn penalty(penalty: f64, flagged: bool) -> BreakItem {
    BreakItem::Penalty {
        width: 0.0,
        penalty,
        flagged,
        hyphenation: false,
        protrude: 0.0,
    }
}

impl Builder<'_> {
    /// The hyphen glyph to insert after cluster `k`, shaped once per run and face.
    fn hyphen(&mut self, k: usize) -> Glyph {
        let c = &self.clusters[k];
        if let Some((_, _, g)) = self.hyphens.iter().find(|h| h.0 == c.run && h.1 == c.face) {
            return g.clone();
        }
        let g = hyphen_glyph(self.ts, self.runs, c, self.settings);
        self.hyphens.push((c.run, c.face, g.clone()));
        g
    }

    /// Interword space: glue that stretches and shrinks when justified, fixed otherwise
    /// (ragged and centred lines get their give from the breaker's background stretch).
    fn space(&mut self, range: Range<usize>) {
        let width = self.clusters[range.start].width;
        let p = &self.ts.params;
        let (stretch, shrink) = if self.justify {
            (width * p.space_stretch, width * p.space_shrink)
        } else {
            (0.0, 0.0)
        };
        let glue = BreakItem::Glue {
            width,
            stretch,
            shrink,
        };
        self.out.push(glue, Meta::Clusters(range));
    }

    /// A word: boxes between its break points, a penalty at each.
    fn word(&mut self, range: Range<usize>, last: bool) {
        // The word's text, and where each cluster starts in it.
        let mut text = String::new();
        let mut starts = Vec::new();
        for c in &self.clusters[range.clone()] {
            starts.push(text.len());
            text.push_str(&self.runs[c.run].text[c.text.clone()]);
        }
        let words = &self.clusters[range.clone()];
        // The word's language is that of its letters (punctuation around a passage
        // may belong to the text outside it); a word of letters in two languages gets
        // no inserted hyphen.
        let mut langs = words
            .iter()
            .filter(|c| {
                self.runs[c.run].text[c.text.clone()]
                    .chars()
                    .any(char::is_alphabetic)
            })
            .map(|c| self.runs[c.run].style.lang.as_deref());
        let lang = langs.next().flatten();
        let one_language = langs.all(|l| l == lang);
        let hyphenate = self.settings.hyphenate
            && one_language
            && words.iter().all(|c| !self.runs[c.run].style.monospace);
        let mut from = range.start;
        for point in self.ts.hyphenators.break_points(lang, &text, hyphenate) {
            let Some(k) = starts.iter().position(|&s| s == point.offset) else {
                continue; // inside a ligature: not a break
            };
            let at = range.start + k;
            if at <= from {
                continue;
            }
            self.fragment(from..at);
            let p = &self.ts.params;
            let (item, meta) = match point.kind {
                BreakKind::Hyphen | BreakKind::ProperName | BreakKind::InsideCompound => {
                    let glyph = self.hyphen(at - 1);
                    let base = match point.kind {
                        BreakKind::ProperName => p.proper_name_hyphen_penalty,
                        BreakKind::InsideCompound => p.inside_compound_hyphen_penalty,
                        _ => p.hyphen_penalty,
                    };
                    let item = BreakItem::Penalty {
                        width: glyph.x_advance,
                        penalty: if last {
                            p.last_word_hyphen_penalty.max(base)
                        } else {
                            base
                        },
                        flagged: true,
                        hyphenation: true,
                        protrude: glyph.x_advance * right_protrusion('-'),
                    };
                    (
                        item,
                        Meta::Hyphen {
                            after: at - 1,
                            glyph,
                            cut: false,
                        },
                    )
                }
                BreakKind::Explicit => (penalty(p.ex_hyphen_penalty, true), Meta::None),
                BreakKind::Url => (penalty(p.url_penalty, false), Meta::None),
            };
            self.out.push(item, meta);
            from = at;
        }
        self.fragment(from..range.end);
    }

    /// A box for clusters that cannot break, or, if it is wider than the narrowest line,
    /// one box per cluster with costly breaks between them: never overflow the measure.
    fn fragment(&mut self, range: Range<usize>) {
        let clusters = self.clusters;
        let width: f64 = clusters[range.clone()].iter().map(|c| c.width).sum();
        let give = if self.justify {
            (self.ts.params.letter_space, self.ts.params.expansion)
        } else {
            (0.0, 0.0)
        };
        if width <= self.narrowest || range.len() < 2 {
            let item = make_box(clusters, range.clone(), width, give);
            self.out.push(item, Meta::Clusters(range));
            return;
        }
        for k in range.clone() {
            if k > range.start {
                self.emergency_break(k - 1);
            }
            let item = make_box(clusters, k..k + 1, clusters[k].width, give);
            self.out.push(item, Meta::Clusters(k..k + 1));
        }
    }
}

impl Builder<'_> {
    /// A costly break after cluster `k` inside a word too wide for the line. A word is
    /// never cut without a mark: text gets a hyphen (unless the cut follows a hyphen or
    /// slash already); code gets none, as it never does.
    fn emergency_break(&mut self, k: usize) {
        let c = &self.clusters[k];
        let cost = self.ts.params.emergency_penalty;
        let text = &self.runs[c.run].text[c.text.clone()];
        let natural = text.ends_with(['-', '\u{2010}', '/', '\u{2013}', '\u{2014}']);
        // Chinese, Japanese and Korean break between characters without a mark.
        let next = self
            .clusters
            .get(k + 1)
            .map(|n| &self.runs[n.run].text[n.text.clone()]);
        let unmarked = text.chars().last().is_some_and(breaks_between)
            || next
                .and_then(|t| t.chars().next())
                .is_some_and(breaks_between);
        if self.runs[c.run].style.monospace || natural || unmarked {
            self.out.push(penalty(cost, false), Meta::None);
            return;
        }
        let glyph = self.hyphen(k);
        // Not flagged, and open to every pass, as the cut was before it had a hyphen:
        // a word several lines long breaks on every line whatever it costs.
        let item = BreakItem::Penalty {
            width: glyph.x_advance,
            penalty: cost,
            flagged: false,
            hyphenation: false,
            protrude: glyph.x_advance * right_protrusion('-'),
        };
        self.out.push(
            item,
            Meta::Hyphen {
                after: k,
                glyph,
                cut: true,
            },
        );
    }
}

/// A box for `clusters[range]`, `width` wide. `give`: tracking in ems per letter and
/// font expansion as a fraction of the width, both of which only spaceable text takes.
/// Whether a line may end before or after `c` with no hyphen: the ideographs, kana
/// and hangul of Chinese, Japanese and Korean, which break between any two characters.
fn breaks_between(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{2FA1F}')
}

fn make_box(clusters: &[Cluster], range: Range<usize>, width: f64, give: (f64, f64)) -> BreakItem {
    let (letter_space, expansion) = give;
    let first = &clusters[range.start];
    let last = &clusters[range.end - 1];
    let gaps = range
        .clone()
        .filter(|&k| letter_gap_after(clusters, k))
        .count();
    let expandable: f64 = clusters[range.clone()]
        .iter()
        .filter(|c| c.spaceable)
        .map(|c| c.width)
        .sum();
    BreakItem::Box {
        width,
        expand: gaps as f64 * letter_space * first.size + expansion * expandable,
        protrude_left: first.width * first.single.map_or(0.0, left_protrusion),
        protrude_right: last.width * last.single.map_or(0.0, right_protrusion),
    }
}

/// The glyph of a hyphen inserted after `c`, in its face and size.
fn hyphen_glyph(ts: &Typesetter, runs: &[Run], c: &Cluster, settings: &ParagraphSettings) -> Glyph {
    let style = &runs[c.run].style;
    let shaped = shape(
        &ts.fonts,
        c.face,
        c.size,
        "-",
        features(style, settings),
        style.lang.as_deref().unwrap_or(&ts.language),
    );
    shaped
        .segments
        .first()
        .and_then(|s| s.glyphs.first().cloned())
        .unwrap_or(Glyph {
            id: 0,
            x_advance: c.size * 0.3,
            x_offset: 0.0,
            y_offset: 0.0,
            text: 0..1,
        })
}

/// Whether letter spacing goes after cluster `k`: inside a word, not before a space.
pub fn letter_gap_after(clusters: &[Cluster], k: usize) -> bool {
    clusters[k].kind == ClusterKind::Text
        && clusters[k].spaceable
        && clusters
            .get(k + 1)
            .is_some_and(|n| n.kind == ClusterKind::Text && n.run == clusters[k].run)
}

/// How much of a character's width may hang into the left margin (microtype's defaults, roughly).
fn left_protrusion(c: char) -> f64 {
    match c {
        '“' | '„' | '"' | '«' => 0.5,
        '‘' | '\'' | '‹' => 0.7,
        '(' | '[' => 0.05,
        _ => 0.0,
    }
}

/// How much of a character's width may hang into the right margin.
fn right_protrusion(c: char) -> f64 {
    match c {
        '.' | ',' => 0.7,
        '-' | '\u{2010}' => 0.7,
        '–' => 0.3,
        '—' => 0.2,
        ':' | ';' => 0.5,
        '!' | '?' => 0.2,
        '’' | '\'' | '›' => 0.7,
        '”' | '"' | '»' => 0.5,
        ')' | ']' => 0.05,
        _ => 0.0,
    }
}

/// The item of the first hyphenated line end that breaks a word an earlier line end of
/// `breaks` already broke (compared without case), if any.
pub fn repeated_hyphen(
    runs: &[Run],
    clusters: &[Cluster],
    items: &Items,
    breaks: &[super::super::linebreak::Break],
) -> Option<usize> {
    let mut seen: Vec<String> = Vec::new();
    for b in breaks {
        let Some(Meta::Hyphen { after, .. }) = items.meta.get(b.item) else {
            continue;
        };
        let word = word_around(runs, clusters, *after).to_lowercase();
        if seen.contains(&word) {
            return Some(b.item);
        }
        seen.push(word);
    }
    None
}

/// Makes the break at `item` impossible.
pub fn forbid(items: &mut Items, item: usize) {
    if let Some(BreakItem::Penalty { penalty, .. }) = items.items.get_mut(item) {
        *penalty = INFINITY;
    }
}

/// The letters of the word cluster `k` belongs to.
fn word_around(runs: &[Run], clusters: &[Cluster], k: usize) -> String {
    let is_word = |c: &Cluster| c.kind == ClusterKind::Text;
    let mut from = k;
    while from > 0 && is_word(&clusters[from - 1]) {
        from -= 1;
    }
    let mut to = k + 1;
    while to < clusters.len() && is_word(&clusters[to]) {
        to += 1;
    }
    clusters[from..to]
        .iter()
        .map(|c| &runs[c.run].text[c.text.clone()])
        .filter(|t| t.chars().any(char::is_alphabetic))
        .collect::<String>()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect()
}
