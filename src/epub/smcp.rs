//! Real small capitals in the subset fonts: the `smcp` single substitutions of the
//! glyphs we keep are read from the original `GSUB` and written into a minimal new one
//! (one feature, one lookup, one subtable), since the subsetter drops layout tables.

use skrifa::FontRef;
use skrifa::raw::TableProvider;
use skrifa::raw::tables::gsub::{SingleSubst, SubstitutionSubtables};
use skrifa::raw::types::Tag;
use std::collections::{BTreeMap, BTreeSet};

/// For each glyph of `glyphs` that has one, its small-capital glyph (original ids).
pub fn substitutes(font: &FontRef, glyphs: &BTreeSet<u16>) -> BTreeMap<u16, u16> {
    let mut out = BTreeMap::new();
    let Ok(gsub) = font.gsub() else { return out };
    let (Ok(features), Ok(lookups)) = (gsub.feature_list(), gsub.lookup_list()) else {
        return out;
    };
    let mut indices = BTreeSet::new();
    for rec in features.feature_records() {
        if rec.feature_tag() == Tag::new(b"smcp")
            && let Ok(f) = rec.feature(features.offset_data())
        {
            indices.extend(f.lookup_list_indices().iter().map(|i| i.get()));
        }
    }
    for i in indices {
        let Ok(lookup) = lookups.lookups().get(i as usize) else {
            continue;
        };
        let Ok(SubstitutionSubtables::Single(subtables)) = lookup.subtables() else {
            continue;
        };
        for sub in subtables.iter().flatten() {
            single(&sub, glyphs, &mut out);
        }
    }
    out
}

fn single(sub: &SingleSubst, glyphs: &BTreeSet<u16>, out: &mut BTreeMap<u16, u16>) {
    match sub {
        SingleSubst::Format1(s) => {
            let Ok(cov) = s.coverage() else { return };
            for g in cov.iter().map(|g| g.to_u16()) {
                if glyphs.contains(&g) {
                    out.entry(g)
                        .or_insert(g.wrapping_add(s.delta_glyph_id() as u16));
                }
            }
        }
        SingleSubst::Format2(s) => {
            let Ok(cov) = s.coverage() else { return };
            let subs = s.substitute_glyph_ids();
            for (i, g) in cov.iter().map(|g| g.to_u16()).enumerate() {
                if let Some(to) = subs.get(i).filter(|_| glyphs.contains(&g)) {
                    out.entry(g).or_insert(to.get().to_u16());
                }
            }
        }
    }
}

/// A `GSUB` with only `smcp` (for DFLT and latn) mapping `pairs` (new glyph ids).
pub fn gsub(pairs: &BTreeMap<u16, u16>) -> Vec<u8> {
    let n = pairs.len() as u16;
    let mut b = Vec::new();
    let words = |b: &mut Vec<u8>, ws: &[u16]| ws.iter().for_each(|w| b.extend(w.to_be_bytes()));
    // Header: version 1.0, then ScriptList, FeatureList and LookupList offsets.
    words(&mut b, &[1, 0, 10, 36, 50]);
    // ScriptList: DFLT and latn share one Script, whose default LangSys has feature 0.
    words(&mut b, &[2]);
    b.extend(b"DFLT");
    words(&mut b, &[14]);
    b.extend(b"latn");
    words(&mut b, &[14]);
    words(&mut b, &[4, 0, 0, 0xFFFF, 1, 0]);
    // FeatureList: smcp → lookup 0.
    words(&mut b, &[1]);
    b.extend(b"smcp");
    words(&mut b, &[8, 0, 1, 0]);
    // LookupList: one single-substitution lookup with one format-2 subtable.
    words(&mut b, &[1, 4, 1, 0, 1, 8]);
    words(&mut b, &[2, 6 + 2 * n, n]);
    words(&mut b, &pairs.values().copied().collect::<Vec<_>>());
    words(&mut b, &[1, n]);
    words(&mut b, &pairs.keys().copied().collect::<Vec<_>>());
    b
}
