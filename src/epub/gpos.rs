//! What the subset fonts keep of the original `GPOS` (the subsetter drops it): the
//! `kern` pair adjustments between the glyphs we keep, from glyph-pair and class-pair
//! subtables alike; `otl` writes them as glyph pairs into a new table.

use skrifa::FontRef;
use skrifa::raw::TableProvider;
use skrifa::raw::tables::gpos::{PairPos, PositionSubtables};
use skrifa::raw::types::{GlyphId16, Tag};
use std::collections::{BTreeMap, BTreeSet};

/// Kerning pairs `(first, second) → x advance adjustment` among `glyphs` (original ids).
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
    for i in indices {
        let Ok(lookup) = lookups.lookups().get(i as usize) else {
            continue;
        };
        let Ok(PositionSubtables::Pair(subtables)) = lookup.subtables() else {
            continue;
        };
        let subtables: Vec<PairPos> = subtables.iter().flatten().collect();
        for &a in glyphs {
            for &b in glyphs {
                if let Some(v) = subtables.iter().find_map(|s| pair_value(s, a, b))
                    && v != 0
                {
                    *out.entry((a, b)).or_insert(0) += v;
                }
            }
        }
    }
    out.retain(|_, v| *v != 0);
    out
}

/// The first glyph's x advance adjustment for the pair, if this subtable applies.
fn pair_value(sub: &PairPos, a: u16, b: u16) -> Option<i16> {
    let (ga, gb) = (GlyphId16::new(a), GlyphId16::new(b));
    match sub {
        PairPos::Format1(p) => {
            let index = p.coverage().ok()?.get(ga)?;
            let set = p.pair_sets().get(index as usize).ok()?;
            let rec = set
                .pair_value_records()
                .iter()
                .flatten()
                .find(|r| r.second_glyph() == gb)?;
            Some(rec.value_record1().x_advance.map_or(0, |v| v.get()))
        }
        PairPos::Format2(p) => {
            p.coverage().ok()?.get(ga)?;
            let c1 = p.class_def1().ok()?.get(ga);
            let c2 = p.class_def2().ok()?.get(gb);
            let rec = p.class1_records().get(c1 as usize).ok()?;
            let rec2 = rec.class2_records().get(c2 as usize).ok()?;
            Some(rec2.value_record1().x_advance.map_or(0, |v| v.get()))
        }
    }
}
