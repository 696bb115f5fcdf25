//! Kerning in the subset fonts: the `kern` pair adjustments between the glyphs we
//! keep are read from the original `GPOS` (glyph pairs and class pairs alike) and
//! written as one pair-positioning lookup of glyph pairs in a minimal new `GPOS`.

use skrifa::FontRef;
use skrifa::raw::TableProvider;
use skrifa::raw::tables::gpos::{PairPos, PositionSubtables};
use skrifa::raw::types::{GlyphId16, Tag};
use std::collections::{BTreeMap, BTreeSet};

/// Kerning pairs `(first, second) → x advance adjustment` among `glyphs` (original ids).
pub fn pairs(font: &FontRef, glyphs: &BTreeSet<u16>) -> BTreeMap<(u16, u16), i16> {
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

/// A `GPOS` with only `kern` (for DFLT and latn) holding `pairs` (new glyph ids) as
/// one format-1 pair subtable; `None` if they do not fit 16-bit offsets.
pub fn gpos(pairs: &BTreeMap<(u16, u16), i16>) -> Option<Vec<u8>> {
    let mut by_first: BTreeMap<u16, Vec<(u16, i16)>> = BTreeMap::new();
    for (&(a, b), &v) in pairs {
        by_first.entry(a).or_default().push((b, v));
    }
    let n = by_first.len();
    let words = |b: &mut Vec<u8>, ws: &[u16]| ws.iter().for_each(|w| b.extend(w.to_be_bytes()));
    // The pair subtable: header, pair sets, then the coverage.
    let header = 10 + 2 * n;
    let mut sets = Vec::new();
    let mut set_offsets = Vec::new();
    for seconds in by_first.values() {
        set_offsets.push(u16::try_from(header + sets.len()).ok()?);
        words(&mut sets, &[seconds.len() as u16]);
        for &(g, v) in seconds {
            words(&mut sets, &[g, v as u16]);
        }
    }
    let coverage_at = u16::try_from(header + sets.len()).ok()?;
    let mut sub = Vec::new();
    words(&mut sub, &[1, coverage_at, 0x0004, 0, n as u16]);
    words(&mut sub, &set_offsets);
    sub.extend(sets);
    words(&mut sub, &[1, n as u16]);
    words(&mut sub, &by_first.keys().copied().collect::<Vec<_>>());
    let mut b = Vec::new();
    // Header, ScriptList and FeatureList as in the small-caps GSUB, with `kern`.
    words(&mut b, &[1, 0, 10, 36, 50, 2]);
    b.extend(b"DFLT");
    words(&mut b, &[14]);
    b.extend(b"latn");
    words(&mut b, &[14, 4, 0, 0, 0xFFFF, 1, 0, 1]);
    b.extend(b"kern");
    words(&mut b, &[8, 0, 1, 0]);
    // LookupList: one pair-positioning lookup with the one subtable.
    words(&mut b, &[1, 4, 2, 0, 1, 8]);
    b.extend(sub);
    Some(b)
}
