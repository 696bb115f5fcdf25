//! What the subset fonts keep of the original `GSUB` (the subsetter drops it): the
//! `smcp` single substitutions (real small capitals) and the `liga` ligatures among the
//! glyphs we keep; `otl` writes them into a new table.

use skrifa::FontRef;
use skrifa::raw::TableProvider;
use skrifa::raw::tables::gsub::{LigatureSubstFormat1, SingleSubst, SubstitutionSubtables};
use skrifa::raw::types::Tag;
use std::collections::{BTreeMap, BTreeSet};

/// The lookups of every `tag` feature in the font's GSUB, with the lookup list.
fn lookups_of<'a>(font: &FontRef<'a>, tag: &[u8; 4]) -> Vec<SubstitutionSubtables<'a>> {
    let Ok(gsub) = font.gsub() else {
        return Vec::new();
    };
    let (Ok(features), Ok(lookups)) = (gsub.feature_list(), gsub.lookup_list()) else {
        return Vec::new();
    };
    let mut indices = BTreeSet::new();
    for rec in features.feature_records() {
        if rec.feature_tag() == Tag::new(tag)
            && let Ok(f) = rec.feature(features.offset_data())
        {
            indices.extend(f.lookup_list_indices().iter().map(|i| i.get()));
        }
    }
    indices
        .into_iter()
        .filter_map(|i| lookups.lookups().get(i as usize).ok()?.subtables().ok())
        .collect()
}

/// For each glyph of `glyphs` that has one, its small-capital glyph (original ids).
pub fn small_caps(font: &FontRef, glyphs: &BTreeSet<u16>) -> BTreeMap<u16, u16> {
    let mut out = BTreeMap::new();
    for lookup in lookups_of(font, b"smcp") {
        if let SubstitutionSubtables::Single(subtables) = lookup {
            for sub in subtables.iter().flatten() {
                single(&sub, glyphs, &mut out);
            }
        }
    }
    out
}

/// The standard ligatures whose components are all in `glyphs` (original ids): first
/// component → [(other components, ligature glyph)], longest first as in the font.
pub fn ligatures(font: &FontRef, glyphs: &BTreeSet<u16>) -> BTreeMap<u16, Vec<(Vec<u16>, u16)>> {
    let mut out: BTreeMap<u16, Vec<(Vec<u16>, u16)>> = BTreeMap::new();
    for lookup in lookups_of(font, b"liga") {
        if let SubstitutionSubtables::Ligature(subtables) = lookup {
            for sub in subtables.iter().flatten() {
                ligature(&sub, glyphs, &mut out);
            }
        }
    }
    out
}

fn ligature(
    sub: &LigatureSubstFormat1,
    glyphs: &BTreeSet<u16>,
    out: &mut BTreeMap<u16, Vec<(Vec<u16>, u16)>>,
) {
    let Ok(cov) = sub.coverage() else { return };
    for (i, first) in cov.iter().map(|g| g.to_u16()).enumerate() {
        let Some(Ok(set)) = glyphs.contains(&first).then(|| sub.ligature_sets().get(i)) else {
            continue;
        };
        for lig in set.ligatures().iter().flatten() {
            let rest: Vec<u16> = lig
                .component_glyph_ids()
                .iter()
                .map(|g| g.get().to_u16())
                .collect();
            if rest.iter().all(|g| glyphs.contains(g)) {
                let list = out.entry(first).or_default();
                if !list.iter().any(|(r, _)| *r == rest) {
                    list.push((rest, lig.ligature_glyph().to_u16()));
                }
            }
        }
    }
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
