//! The font book: the faces a book is set in, by style, with what the shaper and the
//! backends need from each (bytes, metrics, OpenType features, the name table).
//!
//! The default is Source Serif 4 (OFL), embedded in the binary; a project may supply
//! another family in its `fonts/` folder, found by the family name in its name table.

use super::frame::{FaceData, FaceId};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider, string::StringId};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The four styles of a text family.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct FaceStyle {
    /// Italic (or oblique).
    pub italic: bool,
    /// Bold (weight 600 or more).
    pub bold: bool,
}

/// A face's metrics and abilities, in units of the em (multiply by the size in pt).
#[derive(Debug, Clone)]
pub struct FaceInfo {
    /// Family name (typographic family if present).
    pub family: String,
    /// Its style.
    pub style: FaceStyle,
    /// Ascender, in em (positive).
    pub ascent: f64,
    /// Descender, in em (positive below the baseline).
    pub descent: f64,
    /// Width of the space, in em.
    pub space: f64,
    /// Whether GSUB has real small capitals (`smcp`).
    pub small_caps: bool,
    /// Whether GSUB has old-style figures (`onum`).
    pub old_style_figures: bool,
}

/// The faces a book is set in.
pub struct FontBook {
    data: Vec<FaceData>,
    info: Vec<FaceInfo>,
    shapers: Vec<harfrust::ShaperData>,
    /// Face for each style: [regular, italic, bold, bold italic].
    by_style: [FaceId; 4],
    /// The monospace face for code (bundled Source Code Pro).
    mono: FaceId,
    /// The text family's licence, as found beside its font files (`None`: none found).
    licence: Option<String>,
    /// The monospace family's licence.
    mono_licence: Option<String>,
    /// Shape plans already compiled: harfrust would compile one per shaping call.
    plans: Mutex<HashMap<PlanKey, Arc<harfrust::ShapePlan>>>,
}

/// What a shape plan depends on: face, script, language and the features asked for
/// (small capitals, old-style figures); the direction is always left to right.
type PlanKey = (
    FaceId,
    Option<harfrust::Script>,
    Option<harfrust::Language>,
    [bool; 2],
);

/// Why a family could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum FontError {
    /// The folder could not be read.
    Io(String),
    /// No face of the family in the folder has the regular style.
    NoRegular {
        /// The family asked for.
        family: String,
        /// Families that were found, for a hint.
        found: Vec<String>,
    },
}

impl std::fmt::Display for FontError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FontError::Io(e) => write!(f, "cannot read fonts: {e}"),
            FontError::NoRegular { family, found } => write!(
                f,
                "no regular face of \"{family}\" in fonts/ (found: {})",
                found.join(", ")
            ),
        }
    }
}

const BUNDLED_MONO: &[u8] = include_bytes!("../../fonts/SourceCodePro-Regular.otf");
/// The licences of the bundled families, which travel with them into the EPUB.
const BUNDLED_LICENCE: &str = include_str!("../../fonts/OFL-SourceSerif4.md");
const BUNDLED_MONO_LICENCE: &str = include_str!("../../fonts/OFL-SourceCodePro.md");

const BUNDLED: [&[u8]; 4] = [
    include_bytes!("../../fonts/SourceSerif4-Regular.otf"),
    include_bytes!("../../fonts/SourceSerif4-It.otf"),
    include_bytes!("../../fonts/SourceSerif4-Semibold.otf"),
    include_bytes!("../../fonts/SourceSerif4-SemiboldIt.otf"),
];

fn style_slot(s: FaceStyle) -> usize {
    s.italic as usize + 2 * s.bold as usize
}

impl FontBook {
    /// The bundled family (Source Serif 4: regular, italic, semibold, semibold italic).
    pub fn bundled() -> FontBook {
        let faces = BUNDLED.iter().map(|b| (Arc::new(b.to_vec()), 0)).collect();
        let mut book = FontBook::from_faces(faces, None).expect("bundled fonts are valid");
        book.licence = Some(BUNDLED_LICENCE.to_string());
        book
    }

    /// The fonts of a project: the bundled family, or the `font` of `[layout]` from the
    /// project's `fonts/` folder (`root` is `None` for the bundled pamphlet). A family
    /// that cannot be loaded is an error; one without a licence file beside it, a
    /// warning (its licence must travel with the fonts the EPUB embeds).
    pub fn for_project(
        root: Option<&Path>,
        family: Option<&str>,
        diags: &mut crate::diag::Diagnostics,
    ) -> Option<FontBook> {
        use crate::diag::Diagnostic;
        let (Some(root), Some(family)) = (root, family) else {
            return Some(FontBook::bundled());
        };
        match FontBook::from_dir(&root.join("fonts"), family) {
            Ok(book) => {
                if book.licence.is_none() {
                    diags.push(
                        Diagnostic::warning(
                            None,
                            format!("the font family `{}` has no licence file in fonts/", book.family()),
                        )
                        .with_hint("put the family's licence (OFL.txt, LICENSE…) beside its font files: the EPUB embeds the fonts and ships it with them"),
                    );
                }
                Some(book)
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error(None, format!("cannot load the font family `{family}`: {e}"))
                        .with_hint("put the family's .otf or .ttf files in fonts/, or remove `font` from [layout]"),
                );
                None
            }
        }
    }

    /// The book's fonts: the bundled family for `None`, else `family` from `dir` (the
    /// project's `fonts/` folder).
    pub fn load(dir: &Path, family: Option<&str>) -> Result<FontBook, FontError> {
        match family {
            None => Ok(FontBook::bundled()),
            Some(f) => FontBook::from_dir(dir, f),
        }
    }

    /// Loads `family` from the font files (`.otf`, `.ttf`, `.ttc`, `.otc`) in `dir`,
    /// matching the family name in each face's name table (case-insensitive).
    fn from_dir(dir: &Path, family: &str) -> Result<FontBook, FontError> {
        let mut faces = Vec::new();
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| FontError::Io(e.to_string()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in entries {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !["otf", "ttf", "ttc", "otc"].contains(&ext.to_ascii_lowercase().as_str()) {
                continue;
            }
            let bytes = Arc::new(std::fs::read(&path).map_err(|e| FontError::Io(e.to_string()))?);
            let count = skrifa::raw::FileRef::new(&bytes)
                .map(|f| f.fonts().count())
                .unwrap_or(0);
            for index in 0..count as u32 {
                faces.push((bytes.clone(), index));
            }
        }
        let mut book = FontBook::from_faces(faces, Some(family))?;
        book.licence = licence_in(dir, family);
        Ok(book)
    }

    /// Builds a book from font files, keeping faces of `family` (all, if `None`).
    fn from_faces(
        files: Vec<(Arc<Vec<u8>>, u32)>,
        family: Option<&str>,
    ) -> Result<FontBook, FontError> {
        let mut book = FontBook {
            data: Vec::new(),
            info: Vec::new(),
            shapers: Vec::new(),
            by_style: [FaceId(0); 4],
            mono: FaceId(0),
            licence: None,
            mono_licence: Some(BUNDLED_MONO_LICENCE.to_string()),
            plans: Mutex::default(),
        };
        let mut slots: [Option<FaceId>; 4] = [None; 4];
        let mut found = Vec::new();
        for (data, index) in files {
            let Ok(font) = FontRef::from_index(&data, index) else {
                continue;
            };
            let info = face_info(&font);
            if family.is_some_and(|f| !f.eq_ignore_ascii_case(&info.family)) {
                if !found.contains(&info.family) {
                    found.push(info.family.clone());
                }
                continue;
            }
            let id = FaceId(book.data.len() as u32);
            let slot = &mut slots[style_slot(info.style)];
            if slot.is_none() {
                *slot = Some(id);
            }
            book.shapers.push(harfrust::ShaperData::new(&font));
            book.info.push(info);
            book.data.push(FaceData {
                data: data.clone(),
                index,
            });
        }
        let Some(regular) = slots[0] else {
            return Err(FontError::NoRegular {
                family: family.unwrap_or("").to_string(),
                found,
            });
        };
        // Missing styles fall back: bold italic → bold → italic → regular.
        let italic = slots[1].unwrap_or(regular);
        let bold = slots[2].unwrap_or(regular);
        let bold_italic = slots[3].or(slots[2]).unwrap_or(italic);
        book.by_style = [regular, italic, bold, bold_italic];
        book.mono = book.add_mono();
        Ok(book)
    }

    /// Adds the bundled monospace face (any family sets code in it).
    fn add_mono(&mut self) -> FaceId {
        let data = Arc::new(BUNDLED_MONO.to_vec());
        let font = FontRef::new(&data).expect("bundled font is valid");
        self.shapers.push(harfrust::ShaperData::new(&font));
        self.info.push(face_info(&font));
        self.data.push(FaceData {
            data: data.clone(),
            index: 0,
        });
        FaceId(self.data.len() as u32 - 1)
    }

    /// The face code is set in.
    pub fn monospace(&self) -> FaceId {
        self.mono
    }

    /// The family name.
    pub fn family(&self) -> &str {
        &self.info[self.by_style[0].0 as usize].family
    }

    /// The text family's licence text, as found beside its font files.
    pub fn licence(&self) -> Option<&str> {
        self.licence.as_deref()
    }

    /// The monospace family's name.
    pub fn mono_family(&self) -> &str {
        &self.info(self.mono).family
    }

    /// The monospace family's licence text.
    pub fn mono_licence(&self) -> Option<&str> {
        self.mono_licence.as_deref()
    }

    /// The bytes of every face, indexed by [`FaceId`] (for the PDF writer).
    pub fn faces(&self) -> &[FaceData] {
        &self.data
    }

    /// The face that sets a style (after fallback).
    pub fn select(&self, style: FaceStyle) -> FaceId {
        self.by_style[style_slot(style)]
    }

    /// Metrics and abilities of a face.
    pub fn info(&self, face: FaceId) -> &FaceInfo {
        &self.info[face.0 as usize]
    }

    /// The distinct faces with their style, for the EPUB's `@font-face` rules.
    pub fn styles(&self) -> Vec<(FaceStyle, &FaceData)> {
        let mut out: Vec<(FaceStyle, &FaceData)> = Vec::new();
        for id in self.by_style {
            let info = self.info(id);
            if !out.iter().any(|(s, _)| *s == info.style) {
                out.push((info.style, &self.data[id.0 as usize]));
            }
        }
        out
    }

    /// The font of a face, parsed (cheap: a view over the bytes).
    pub(crate) fn font(&self, face: FaceId) -> FontRef<'_> {
        let d = &self.data[face.0 as usize];
        FontRef::from_index(&d.data, d.index).expect("validated when loaded")
    }

    /// The shaper's cached tables for a face.
    pub(crate) fn shaper_data(&self, face: FaceId) -> &harfrust::ShaperData {
        &self.shapers[face.0 as usize]
    }

    /// The shape plan for `key` (left to right, with `features`), compiled on first use.
    pub(crate) fn shape_plan(
        &self,
        shaper: &harfrust::Shaper,
        key: PlanKey,
        features: &[harfrust::Feature],
    ) -> Arc<harfrust::ShapePlan> {
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(plan) = plans.get(&key) {
            return plan.clone();
        }
        let plan = Arc::new(harfrust::ShapePlan::new(
            shaper,
            harfrust::Direction::LeftToRight,
            key.1,
            key.2.as_ref(),
            features,
        ));
        plans.insert(key, plan.clone());
        plan
    }

    /// Whether a face maps a character to a glyph.
    pub fn covers(&self, face: FaceId, c: char) -> bool {
        self.font(face).charmap().map(c).is_some()
    }

    /// Faces to try for a character `first` lacks: the text faces, regular first,
    /// then the rest (the monospace face last).
    pub(crate) fn fallback_order(&self, first: FaceId) -> impl Iterator<Item = FaceId> + '_ {
        std::iter::once(first)
            .chain(self.by_style)
            .chain((0..self.data.len() as u32).map(FaceId))
    }
}

fn face_info(font: &FontRef) -> FaceInfo {
    let name = |id| {
        font.localized_strings(id)
            .english_or_first()
            .map(|s| s.to_string())
    };
    let family = name(StringId::TYPOGRAPHIC_FAMILY_NAME)
        .or_else(|| name(StringId::FAMILY_NAME))
        .unwrap_or_default();
    let (italic, bold) = match font.os2() {
        Ok(os2) => {
            let sel = os2.fs_selection();
            (
                sel.contains(skrifa::raw::tables::os2::SelectionFlags::ITALIC),
                os2.us_weight_class() >= 600,
            )
        }
        Err(_) => (false, false),
    };
    let metrics = skrifa::metrics::Metrics::new(
        font,
        skrifa::instance::Size::unscaled(),
        skrifa::instance::LocationRef::default(),
    );
    let upem = metrics.units_per_em as f64;
    let glyphs = font.glyph_metrics(
        skrifa::instance::Size::unscaled(),
        skrifa::instance::LocationRef::default(),
    );
    let space = font
        .charmap()
        .map(' ')
        .and_then(|g| glyphs.advance_width(g))
        .map_or(0.25, |w| w as f64 / upem);
    let features = gsub_features(font);
    FaceInfo {
        family,
        style: FaceStyle { italic, bold },
        ascent: metrics.ascent as f64 / upem,
        descent: -metrics.descent as f64 / upem,
        space,
        small_caps: features.iter().any(|t| t == b"smcp"),
        old_style_figures: features.iter().any(|t| t == b"onum"),
    }
}

fn gsub_features(font: &FontRef) -> Vec<[u8; 4]> {
    let Ok(gsub) = font.gsub() else {
        return Vec::new();
    };
    let Ok(list) = gsub.feature_list() else {
        return Vec::new();
    };
    list.feature_records()
        .iter()
        .map(|r| r.feature_tag().to_be_bytes())
        .collect()
}

/// The licence of `family` among the files of `dir`: a text file named like a licence
/// (`OFL.txt`, `LICENSE`, `LICENCE.md`, `OFL-SourceSerif4.md`, `COPYING`…). One whose
/// name carries the family's name wins; otherwise the folder's only licence file (with
/// several and none named for the family, which one is meant is unknown: `None`).
fn licence_in(dir: &Path, family: &str) -> Option<String> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let family = squash(family);
    let mut candidates: Vec<(bool, std::path::PathBuf)> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_ascii_lowercase();
            let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
            let texty = ["", "txt", "md", "markdown"].contains(&ext);
            let licence = stem.contains("ofl")
                || stem.starts_with("license")
                || stem.starts_with("licence")
                || stem.starts_with("copying");
            (texty && licence).then(|| (squash(stem).contains(&family), p))
        })
        .collect();
    candidates.sort();
    let chosen = match candidates.iter().find(|(named, _)| *named) {
        Some((_, p)) => p,
        None if candidates.len() == 1 => &candidates[0].1,
        None => return None,
    };
    std::fs::read_to_string(chosen)
        .ok()
        .filter(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_family_has_four_styles_and_features() {
        let book = FontBook::bundled();
        assert_eq!(book.family(), "Source Serif 4");
        assert_eq!(book.faces().len(), 5);
        assert_eq!(book.info(book.monospace()).family, "Source Code Pro");
        let regular = book.select(FaceStyle {
            italic: false,
            bold: false,
        });
        let bold_italic = book.select(FaceStyle {
            italic: true,
            bold: true,
        });
        assert_ne!(regular, bold_italic);
        assert!(book.info(bold_italic).style.italic && book.info(bold_italic).style.bold);
        let info = book.info(regular);
        assert!(info.small_caps && info.old_style_figures);
        assert!(info.space > 0.15 && info.space < 0.35, "{}", info.space);
        for c in ['é', 'Ж', 'λ', '’', '—'] {
            assert!(book.covers(regular, c), "{c}");
        }
    }

    #[test]
    fn unknown_family_in_dir_is_an_error_with_hint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.otf"), BUNDLED[0]).unwrap();
        let err = FontBook::from_dir(dir.path(), "Nonesuch").err().unwrap();
        assert!(err.to_string().contains("Source Serif 4"), "{err}");
        let book = FontBook::from_dir(dir.path(), "source serif 4").unwrap();
        assert_eq!(
            book.faces().len(),
            2,
            "the family's one face and the monospace"
        );
        assert_eq!(
            book.select(FaceStyle {
                italic: true,
                bold: true
            }),
            FaceId(0)
        );
    }
}
