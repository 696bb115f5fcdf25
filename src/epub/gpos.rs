//! What the subset fonts keep of the original `GPOS` (the subsetter drops it): the
//! `kern` pair adjustments between the glyphs we keep, from glyph-pair and class-pair
//! subtables alike; `otl` writes them as glyph pairs into a new table.

use skrifa::FontRef;
use skrifa::raw::TableProvider;
use skrifa::raw::tables::gpos::{PairPos, PositionSubtables};
use skrifa::raw::types::{GlyphId16, Tag};
use std::collections::{BTreeMap, BTreeSet};

/// Kerning pairs `(first, second) → x advance adjustment` among `glyphs` (original ids).
///
/// Within a lookup the first subtable that matches a pair decides it (OpenType's rule):
/// a glyph-pair subtable matches when it has a record for the pair, a class-pair
/// subtable whenever it covers the first glyph. Each subtable is read once per first
/// glyph, not once per pair: the classes of the second glyphs are looked up up front.
pub fn kerning(font: &FontRef, glyphs: &BTreeSet<u16>) -> BTreeMap<(u16, u16), i16> {
    let mut out = BTreeMap::new();
    let Ok(gpos) = font.gpos() else { return out };
    let (Ok(features), Ok(lookups)) = (gpos.feature_list(), gpos.lookup_list()) else {
        return out;
    };
    let mut indices = BTreeSet::new();
    for rec in features.feature_records() {
        if rec.feature_tag() == Tag::new(b"kern")
            && let Ok(f) = rec.feature(features.offset_data())
        {
            indices.extend(f.lookup_list_indices().iter().map(|i| i.get()));
        }
    }
    let seconds: Vec<u16> = glyphs.iter().copied().collect();
    for i in indices {
        let Ok(lookup) = lookups.lookups().get(i as usize) else {
            continue;
        };
        let Ok(PositionSubtables::Pair(subtables)) = lookup.subtables() else {
            continue;
        };
        let subtables: Vec<Subtable> = subtables
            .iter()
            .flatten()
            .map(|s| Subtable::new(s, &seconds))
            .collect();
        let mut decided = vec![false; seconds.len()];
        for &a in glyphs {
            decided.fill(false);
            for sub in &subtables {
                sub.pairs(a, &seconds, &mut decided, |b, v| {
                    if v != 0 {
                        *out.entry((a, b)).or_insert(0) += v;
                    }
                });
            }
        }
    }
    out.retain(|_, v| *v != 0);
    out
}

/// A pair-adjustment subtable, with the class of every candidate second glyph looked up
/// once (class-pair subtables).
struct Subtable<'a> {
    sub: PairPos<'a>,
    class2: Vec<u16>,
}

impl<'a> Subtable<'a> {
    fn new(sub: PairPos<'a>, seconds: &[u16]) -> Self {
        let class2 = match &sub {
            PairPos::Format1(_) => vec![],
            PairPos::Format2(p) => match p.class_def2() {
                Ok(def) => seconds
                    .iter()
                    .map(|&b| def.get(GlyphId16::new(b)))
                    .collect(),
                Err(_) => vec![0; seconds.len()],
            },
        };
        Subtable { sub, class2 }
    }

    /// Calls `found(second, x advance adjustment)` for every undecided second glyph this
    /// subtable matches after `a`, and marks it decided.
    fn pairs(
        &self,
        a: u16,
        seconds: &[u16],
        decided: &mut [bool],
        mut found: impl FnMut(u16, i16),
    ) {
        let ga = GlyphId16::new(a);
        match &self.sub {
            PairPos::Format1(p) => {
                let Some(index) = p.coverage().ok().and_then(|c| c.get(ga)) else {
                    return;
                };
                let Ok(set) = p.pair_sets().get(index as usize) else {
                    return;
                };
                for rec in set.pair_value_records().iter().flatten() {
                    let b = rec.second_glyph().to_u16();
                    if let Ok(k) = seconds.binary_search(&b)
                        && !decided[k]
                    {
                        decided[k] = true;
                        found(b, rec.value_record1().x_advance.map_or(0, |v| v.get()));
                    }
                }
            }
            PairPos::Format2(p) => {
                if p.coverage().ok().and_then(|c| c.get(ga)).is_none() {
                    return;
                }
                let c1 = p.class_def1().map_or(0, |d| d.get(ga));
                let Ok(rec) = p.class1_records().get(c1 as usize) else {
                    return;
                };
                let records = rec.class2_records();
                for (k, &b) in seconds.iter().enumerate() {
                    if decided[k] {
                        continue;
                    }
                    decided[k] = true;
                    if let Ok(rec2) = records.get(self.class2[k] as usize) {
                        found(b, rec2.value_record1().x_advance.map_or(0, |v| v.get()));
                    }
                }
            }
        }
    }
}
