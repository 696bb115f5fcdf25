//! Writing minimal OpenType layout tables (`GSUB`, `GPOS`) for the subset fonts: one
//! lookup with one subtable per feature, every feature on for the `DFLT` and `latn`
//! scripts. Glyph ids are the subset's.

use std::collections::BTreeMap;

fn words(b: &mut Vec<u8>, ws: &[u16]) {
    ws.iter().for_each(|w| b.extend(w.to_be_bytes()));
}

/// A layout table from `(feature tag, lookup type, subtable)`, features sorted by tag;
/// `None` if it outgrows 16-bit offsets.
pub fn table(mut features: Vec<([u8; 4], u16, Vec<u8>)>) -> Option<Vec<u8>> {
    features.sort_by_key(|f| f.0);
    let n = features.len();
    let script_list = 24 + 2 * n;
    let feature_list = 2 + 12 * n;
    let mut b = Vec::new();
    words(
        &mut b,
        &[
            1,
            0,
            10,
            (10 + script_list) as u16,
            (10 + script_list + feature_list) as u16,
        ],
    );
    // ScriptList: DFLT and latn share one Script whose default LangSys has every feature.
    words(&mut b, &[2]);
    b.extend(b"DFLT");
    words(&mut b, &[14]);
    b.extend(b"latn");
    words(&mut b, &[14, 4, 0, 0, 0xFFFF, n as u16]);
    words(&mut b, &(0..n as u16).collect::<Vec<_>>());
    // FeatureList: feature i uses lookup i.
    words(&mut b, &[n as u16]);
    for (i, (tag, _, _)) in features.iter().enumerate() {
        b.extend(tag);
        words(&mut b, &[(2 + 6 * n + 6 * i) as u16]);
    }
    (0..n as u16).for_each(|i| words(&mut b, &[0, 1, i]));
    // LookupList: lookup i is type t with subtable i right after its 8-byte header.
    words(&mut b, &[n as u16]);
    let mut at = 2 + 2 * n;
    for (_, _, sub) in &features {
        words(&mut b, &[u16::try_from(at).ok()?]);
        at += 8 + sub.len();
    }
    for (_, kind, sub) in features {
        words(&mut b, &[kind, 0, 1, 8]);
        b.extend(sub);
    }
    Some(b)
}

fn coverage(b: &mut Vec<u8>, glyphs: &[u16]) {
    words(b, &[1, glyphs.len() as u16]);
    words(b, glyphs);
}

/// A single-substitution subtable (format 2) for sorted `from → to` pairs.
pub fn single_subst(pairs: &BTreeMap<u16, u16>) -> Vec<u8> {
    let n = pairs.len() as u16;
    let mut b = Vec::new();
    words(&mut b, &[2, 6 + 2 * n, n]);
    words(&mut b, &pairs.values().copied().collect::<Vec<_>>());
    coverage(&mut b, &pairs.keys().copied().collect::<Vec<_>>());
    b
}

/// A ligature-substitution subtable: first glyph → [(other components, ligature)].
pub fn ligature_subst(ligs: &BTreeMap<u16, Vec<(Vec<u16>, u16)>>) -> Option<Vec<u8>> {
    let n = ligs.len();
    let header = 6 + 2 * n;
    let mut sets = Vec::new();
    let mut set_offsets = Vec::new();
    for list in ligs.values() {
        let set_at = header + sets.len();
        set_offsets.push(u16::try_from(set_at).ok()?);
        let mut lig_at = 2 + 2 * list.len();
        words(&mut sets, &[list.len() as u16]);
        for (rest, _) in list {
            words(&mut sets, &[lig_at as u16]);
            lig_at += 4 + 2 * rest.len();
        }
        for (rest, lig) in list {
            words(&mut sets, &[*lig, rest.len() as u16 + 1]);
            words(&mut sets, rest);
        }
    }
    let mut b = Vec::new();
    words(
        &mut b,
        &[1, u16::try_from(header + sets.len()).ok()?, n as u16],
    );
    words(&mut b, &set_offsets);
    b.extend(sets);
    coverage(&mut b, &ligs.keys().copied().collect::<Vec<_>>());
    Some(b)
}

/// A pair-positioning subtable (format 1, x advance of the first glyph).
pub fn pair_pos(pairs: &BTreeMap<(u16, u16), i16>) -> Option<Vec<u8>> {
    let mut by_first: BTreeMap<u16, Vec<(u16, i16)>> = BTreeMap::new();
    for (&(a, b), &v) in pairs {
        by_first.entry(a).or_default().push((b, v));
    }
    let n = by_first.len();
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
    let mut b = Vec::new();
    words(
        &mut b,
        &[
            1,
            u16::try_from(header + sets.len()).ok()?,
            0x0004,
            0,
            n as u16,
        ],
    );
    words(&mut b, &set_offsets);
    b.extend(sets);
    coverage(&mut b, &by_first.keys().copied().collect::<Vec<_>>());
    Some(b)
}
