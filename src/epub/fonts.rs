//! Font embedding: each face of the text (and monospace) family subset to the
//! characters the book uses, with the family's licence beside it.
//!
//! `subsetter` keeps the outlines and metrics of the glyphs we ask for but drops the
//! tables a PDF does not need and a reading system does (`cmap`, `OS/2`); we map the
//! book's characters to the new glyph ids in a fresh `cmap` and carry `OS/2` over.
//! Of the layout tables we keep the small capitals and ligatures (`gsub`) and the
//! kerning (`gpos`), rewritten for the subset's glyph ids (`otl`).

use super::usage::Usage;
use super::{EpubError, FontFamily, Resource};
use crate::memo::{self, BytesKeys, Memo};
use skrifa::{FontRef, MetadataProvider};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use subsetter::GlyphRemapper;

/// An sfnt table: tag and bytes.
type Table = ([u8; 4], Vec<u8>);

/// The embedded families.
#[derive(Debug, Clone)]
pub struct Embedded {
    /// The text family's name for the stylesheet.
    pub family: String,
    /// Whether the text face has real small capitals (`smcp`).
    pub small_caps: bool,
    /// The monospace family's name, when one is embedded.
    pub mono: Option<String>,
    /// Each face's file and CSS descriptors.
    pub faces: Vec<Face>,
    /// The font files and their licences.
    pub resources: Vec<Resource>,
}

/// One embedded face.
#[derive(Debug, Clone)]
pub struct Face {
    /// The family it belongs to.
    pub family: String,
    /// Its path in the package.
    pub href: String,
    /// `normal` or `italic`.
    pub style: &'static str,
    /// `normal` or `bold`.
    pub weight: &'static str,
}

/// Characters a reading system may add on its own (hyphens, spaces, quotes, digits).
const ALWAYS: &str = " !\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_{|}~\u{a0}\u{ad}\u{2010}\u{2011}\u{2013}\u{2014}\u{2018}\u{2019}\u{201c}\u{201d}\u{2026}";

/// Subsets and packages the text family (and the monospace one) for `chars`.
///
/// A face that sets no character of the book is left out (a pamphlet without bold
/// text carries no bold face); the others are each subset to the characters they set,
/// plus [`ALWAYS`].
pub fn embed(
    text: &FontFamily,
    mono: Option<&FontFamily>,
    usage: &Usage,
    subsets: &Subsets,
) -> Result<Embedded, EpubError> {
    let mut out = Embedded {
        family: embedded_name(text),
        mono: mono.map(embedded_name),
        small_caps: has_small_caps(&text.regular),
        faces: Vec::new(),
        resources: Vec::new(),
    };
    let sets = [
        usage.face(false, false).clone(),
        usage.face(true, false).clone(),
        usage.face(false, true).clone(),
        usage.face(true, true).clone(),
    ];
    // The regular face is always embedded: it is the family's fallback.
    embed_family(text, &sets, true, subsets, &mut out)?;
    if let Some(m) = mono.filter(|_| !usage.mono.is_empty()) {
        let empty = BTreeSet::new();
        embed_family(
            m,
            &[usage.mono.clone(), empty.clone(), empty.clone(), empty],
            false,
            subsets,
            &mut out,
        )?;
    } else {
        out.mono = None;
    }
    Ok(out)
}

/// Whether a font's `smcp` feature covers the lowercase letters.
fn has_small_caps(data: &[u8]) -> bool {
    let Ok(font) = FontRef::new(data) else {
        return false;
    };
    let glyphs: BTreeSet<u16> = ('a'..='z')
        .filter_map(|c| Some(font.charmap().map(c)?.to_u32() as u16))
        .collect();
    super::gsub::small_caps(&font, &glyphs).len() == glyphs.len() && !glyphs.is_empty()
}

/// The name a family's subsets go by: its own, with its Reserved Font Names replaced
/// (`rfn`).
fn embedded_name(family: &FontFamily) -> String {
    super::rfn::rename(&family.family, &super::rfn::reserved_names(&family.licence))
}

/// The file name of a family's licence inside the package.
pub fn licence_href(family: &str) -> String {
    format!("fonts/OFL-{}.txt", super::plan::id_safe(family))
}

/// Embeds the faces of `family` that set characters: `sets` for regular, italic, bold
/// and bold italic; `keep_regular` embeds the regular face even when it sets none.
fn embed_family(
    family: &FontFamily,
    sets: &[BTreeSet<char>; 4],
    keep_regular: bool,
    subsets: &Subsets,
    out: &mut Embedded,
) -> Result<(), EpubError> {
    let rfns = super::rfn::reserved_names(&family.licence);
    let name_in_book = embedded_name(family);
    let slug = super::plan::id_safe(&name_in_book);
    let faces = [
        (Some(&family.regular), "Regular", "normal", "normal"),
        (family.italic.as_ref(), "Italic", "italic", "normal"),
        (family.bold.as_ref(), "Bold", "normal", "bold"),
        (family.bold_italic.as_ref(), "BoldItalic", "italic", "bold"),
    ];
    for (i, (data, name, style, weight)) in faces.into_iter().enumerate() {
        let Some(data) = data else { continue };
        if sets[i].is_empty() && !(i == 0 && keep_regular) {
            continue;
        }
        let mut chars = sets[i].clone();
        chars.extend(ALWAYS.chars());
        let href = format!("fonts/{slug}-{name}.otf");
        out.resources.push(Resource {
            href: href.clone(),
            id: format!("font-{}-{}", slug.to_lowercase(), name.to_lowercase()),
            media_type: "font/otf",
            properties: String::new(),
            spine: false,
            data: subset_memo(data, &chars, &rfns, subsets)
                .map_err(|e| EpubError::Font(format!("{} {name}: {e}", family.family)))?,
        });
        out.faces.push(Face {
            family: name_in_book.clone(),
            href,
            style,
            weight,
        });
    }
    if !family.licence.is_empty() {
        out.resources.push(Resource {
            href: licence_href(&family.family),
            id: format!("licence-{}", slug.to_lowercase()),
            media_type: "text/plain",
            properties: String::new(),
            spine: false,
            data: family.licence.clone().into_bytes(),
        });
    }
    Ok(())
}

/// Subset faces by the face's bytes, the characters and the reserved names.
#[derive(Debug, Default)]
pub struct Subsets {
    made: Memo<Result<Arc<Vec<u8>>, String>>,
    faces: BytesKeys,
}

impl Subsets {
    /// Starts a build: subsets the last build did not make are forgotten.
    pub fn next_generation(&self) {
        self.made.next_generation();
    }
}

/// [`subset_renamed`], kept in `subsets`: a rebuild that sets no new character
/// subsets no face again.
fn subset_memo(
    data: &[u8],
    chars: &BTreeSet<char>,
    rfns: &[String],
    subsets: &Subsets,
) -> Result<Vec<u8>, String> {
    let key = memo::key(&(subsets.faces.key(data), chars, rfns));
    let made = (subsets.made).get_or(key, || subset_renamed(data, chars, rfns).map(Arc::new));
    made.map(|bytes| bytes.to_vec())
}

/// A face reduced to the glyphs of `chars` (plus their small capitals and ligatures),
/// with a cmap for them and the layout features we keep.
/// The Reserved Font Names `rfns` are replaced in the font's names (`rfn`).
fn subset_renamed(data: &[u8], chars: &BTreeSet<char>, rfns: &[String]) -> Result<Vec<u8>, String> {
    let font = FontRef::new(data).map_err(|e| format!("not an OpenType font ({e})"))?;
    let charmap = font.charmap();
    let mapped: Vec<(char, u16)> = chars
        .iter()
        .filter_map(|&c| Some((c, charmap.map(c)?.to_u32() as u16)))
        .filter(|&(_, g)| g != 0)
        .collect();
    let glyphs: BTreeSet<u16> = mapped.iter().map(|&(_, g)| g).collect();
    let smcp = super::gsub::small_caps(&font, &glyphs);
    let liga = super::gsub::ligatures(&font, &glyphs);
    let mut kept = glyphs.clone();
    kept.extend(smcp.values());
    kept.extend(liga.values().flatten().map(|(_, lig)| *lig));
    let mut remapper = GlyphRemapper::new();
    remapper.remap(0);
    for &g in &kept {
        remapper.remap(g);
    }
    let sub = subsetter::subset(data, 0, &remapper).map_err(|e| e.to_string())?;
    let new: Vec<(u32, u16)> = mapped
        .iter()
        .map(|&(c, g)| (c as u32, remapper.get(g).unwrap_or(0)))
        .collect();
    let mut tables = read_tables(&sub)?;
    tables.push((*b"cmap", cmap(&new)));
    let id = |g: &u16| remapper.get(*g);
    let smcp: BTreeMap<u16, u16> = smcp
        .iter()
        .filter_map(|(a, b)| Some((id(a)?, id(b)?)))
        .collect();
    let liga: BTreeMap<u16, Vec<(Vec<u16>, u16)>> = liga
        .iter()
        .filter_map(|(first, list)| {
            let list = list
                .iter()
                .filter_map(|(rest, lig)| {
                    Some((rest.iter().map(id).collect::<Option<Vec<_>>>()?, id(lig)?))
                })
                .collect();
            Some((id(first)?, list))
        })
        .collect();
    let kern: BTreeMap<(u16, u16), i16> = super::gpos::kerning(&font, &kept)
        .into_iter()
        .filter_map(|((a, b), v)| Some(((id(&a)?, id(&b)?), v)))
        .collect();
    tables.extend(layout_tables(&smcp, &liga, &kern));
    if let Some(os2) = table(data, *b"OS/2") {
        tables.push((*b"OS/2", os2_for(os2, &new)));
    }
    if !rfns.is_empty() {
        for (tag, t) in &mut tables {
            match &*tag {
                b"name" => super::rfn::rename_name_table(t, rfns),
                b"CFF " => super::rfn::rename_cff(t, rfns),
                _ => {}
            }
        }
    }
    Ok(build_sfnt(&sub[0..4], tables))
}

/// New GSUB (small capitals, ligatures) and GPOS (kerning), each only if not empty.
fn layout_tables(
    smcp: &BTreeMap<u16, u16>,
    liga: &BTreeMap<u16, Vec<(Vec<u16>, u16)>>,
    kern: &BTreeMap<(u16, u16), i16>,
) -> Vec<Table> {
    let mut gsub = Vec::new();
    if !smcp.is_empty() {
        gsub.push((*b"smcp", 1, super::otl::single_subst(smcp)));
    }
    if let Some(sub) = super::otl::ligature_subst(liga).filter(|_| !liga.is_empty()) {
        gsub.push((*b"liga", 4, sub));
    }
    let mut out = Vec::new();
    if let Some(t) = Some(gsub)
        .filter(|g| !g.is_empty())
        .and_then(super::otl::table)
    {
        out.push((*b"GSUB", t));
    }
    let gpos = super::otl::pair_pos(kern).filter(|_| !kern.is_empty());
    if let Some(t) = gpos.and_then(|sub| super::otl::table(vec![(*b"kern", 2, sub)])) {
        out.push((*b"GPOS", t));
    }
    out
}

/// The original OS/2 with the first and last character indices of the subset.
fn os2_for(os2: &[u8], map: &[(u32, u16)]) -> Vec<u8> {
    let mut os2 = os2.to_vec();
    if os2.len() >= 68 {
        let first = map.first().map_or(0, |&(c, _)| c.min(0xFFFF)) as u16;
        let last = map.last().map_or(0, |&(c, _)| c.min(0xFFFF)) as u16;
        os2[64..66].copy_from_slice(&first.to_be_bytes());
        os2[66..68].copy_from_slice(&last.to_be_bytes());
    }
    os2
}

/// The table with `tag` in an sfnt.
fn table(data: &[u8], tag: [u8; 4]) -> Option<&[u8]> {
    let n = u16::from_be_bytes(data.get(4..6)?.try_into().ok()?) as usize;
    (0..n).find_map(|i| {
        let rec = data.get(12 + 16 * i..28 + 16 * i)?;
        if rec[0..4] != tag {
            return None;
        }
        let off = u32::from_be_bytes(rec[8..12].try_into().ok()?) as usize;
        let len = u32::from_be_bytes(rec[12..16].try_into().ok()?) as usize;
        data.get(off..off + len)
    })
}

/// All tables of an sfnt, in directory order.
fn read_tables(data: &[u8]) -> Result<Vec<Table>, String> {
    let n = u16::from_be_bytes([data[4], data[5]]) as usize;
    (0..n)
        .map(|i| {
            let rec = data
                .get(12 + 16 * i..28 + 16 * i)
                .ok_or("truncated subset")?;
            let tag: [u8; 4] = rec[0..4].try_into().map_err(|_| "bad tag")?;
            let t = table(data, tag).ok_or("bad table record")?;
            Ok((tag, t.to_vec()))
        })
        .collect()
}

/// A cmap with formats 4 (BMP) and 12 (all planes) for sorted `(char, glyph)` pairs.
fn cmap(map: &[(u32, u16)]) -> Vec<u8> {
    let bmp: Vec<(u32, u16)> = map.iter().copied().filter(|&(c, _)| c < 0xFFFF).collect();
    let f4 = cmap_format4(&bmp);
    let f12 = cmap_format12(map);
    let mut out = Vec::new();
    out.extend(0u16.to_be_bytes());
    out.extend(3u16.to_be_bytes());
    let f4_at = 4 + 3 * 8u32;
    let f12_at = f4_at + f4.len() as u32;
    for (platform, encoding, at) in [(0u16, 3u16, f4_at), (3, 1, f4_at), (3, 10, f12_at)] {
        out.extend(platform.to_be_bytes());
        out.extend(encoding.to_be_bytes());
        out.extend(at.to_be_bytes());
    }
    out.extend(f4);
    out.extend(f12);
    out
}

/// Format 4: one segment per character, then the final 0xFFFF segment.
fn cmap_format4(bmp: &[(u32, u16)]) -> Vec<u8> {
    let seg = bmp.len() + 1;
    let mut f4 = Vec::new();
    let len = 16 + 8 * seg;
    let entry = (seg as f64).log2().floor() as u32;
    let search = 2 * (1u32 << entry);
    for v in [
        4u16,
        len as u16,
        0,
        (2 * seg) as u16,
        search as u16,
        entry as u16,
        (2 * seg as u32 - search) as u16,
    ] {
        f4.extend(v.to_be_bytes());
    }
    bmp.iter()
        .for_each(|&(c, _)| f4.extend((c as u16).to_be_bytes()));
    f4.extend(0xFFFFu16.to_be_bytes());
    f4.extend(0u16.to_be_bytes());
    bmp.iter()
        .for_each(|&(c, _)| f4.extend((c as u16).to_be_bytes()));
    f4.extend(0xFFFFu16.to_be_bytes());
    bmp.iter()
        .for_each(|&(c, g)| f4.extend(g.wrapping_sub(c as u16).to_be_bytes()));
    f4.extend(1u16.to_be_bytes());
    (0..seg).for_each(|_| f4.extend(0u16.to_be_bytes()));
    f4
}

/// Format 12: one group per character.
fn cmap_format12(map: &[(u32, u16)]) -> Vec<u8> {
    let mut f12 = Vec::new();
    f12.extend(12u16.to_be_bytes());
    f12.extend(0u16.to_be_bytes());
    f12.extend((16 + 12 * map.len() as u32).to_be_bytes());
    f12.extend(0u32.to_be_bytes());
    f12.extend((map.len() as u32).to_be_bytes());
    for &(c, g) in map {
        f12.extend(c.to_be_bytes());
        f12.extend(c.to_be_bytes());
        f12.extend(u32::from(g).to_be_bytes());
    }
    f12
}

/// An sfnt from tables: sorted directory, checksums, `head.checkSumAdjustment`.
fn build_sfnt(flavor: &[u8], mut tables: Vec<Table>) -> Vec<u8> {
    tables.sort_by_key(|t| t.0);
    let n = tables.len() as u16;
    let entry = 15 - n.leading_zeros() as u16;
    let search = (1u16 << entry) * 16;
    let mut out = flavor.to_vec();
    for v in [n, search, entry, n * 16 - search] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &mut tables {
        if tag == b"head" && data.len() >= 12 {
            data[8..12].fill(0);
            head_at = Some(offset + 8);
        }
        out.extend(*tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adj = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at..at + 4].copy_from_slice(&adj.to_be_bytes());
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut b = [0u8; 4];
        b[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(b))
    })
}
