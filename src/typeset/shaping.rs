//! Shaping with harfrust: text in one style to positioned glyphs in pt, with the
//! byte range of the text each glyph stands for (so a ligature "fi" copies as two
//! characters). Characters the chosen face lacks are shaped with another face of the
//! book that has them; those no face has are reported, and keep the `.notdef` box.

use super::fonts::FontBook;
use super::frame::{FaceId, Glyph};
use harfrust::{Feature, Tag, UnicodeBuffer};
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// OpenType features a style asks for on top of the defaults (kerning, ligatures).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Features {
    /// Real small capitals (`smcp`).
    pub small_caps: bool,
    /// Old-style figures (`onum`), if the face has them.
    pub old_style_figures: bool,
}

/// A stretch of text shaped in one face.
#[derive(Debug, Clone)]
pub struct ShapedSegment {
    /// The face.
    pub face: FaceId,
    /// The bytes of the shaped text this segment covers.
    pub range: Range<usize>,
    /// Glyphs in order; `Glyph::text` ranges index the whole shaped text.
    pub glyphs: Vec<Glyph>,
}

/// Shaped text: segments in order, and characters no face could set.
#[derive(Debug, Clone, Default)]
pub struct Shaped {
    /// Segments covering the text in order.
    pub segments: Vec<ShapedSegment>,
    /// (byte offset, character) of each character no face of the book has.
    pub missing: Vec<(usize, char)>,
}

/// Shapes `text` at `size` pt in `face`, falling back to other faces of the book for
/// characters it lacks. `language` is a BCP 47 tag.
pub fn shape(
    book: &FontBook,
    face: FaceId,
    size: f64,
    text: &str,
    features: Features,
    language: &str,
) -> Shaped {
    let mut out = Shaped::default();
    let glyphs = shape_in(book, face, size, text, 0..text.len(), features, language);
    let cluster_of = |k: usize| glyphs[k].text.start;
    let (mut start, mut i) = (0, 0);
    while i < glyphs.len() {
        if glyphs[i].id != 0 {
            i += 1;
            continue;
        }
        // A cluster the face lacks (all its glyphs): set what came before it first.
        let mut first = i;
        while first > start && cluster_of(first - 1) == cluster_of(i) {
            first -= 1;
        }
        let mut end = i;
        while end < glyphs.len() && cluster_of(end) == cluster_of(i) {
            end += 1;
        }
        push_segment(&mut out, face, &glyphs[start..first]);
        let shaped = Shaping {
            book,
            size,
            text,
            features,
            language,
        };
        shaped.fall_back(&mut out, face, &glyphs[first..end]);
        (start, i) = (end, end);
    }
    push_segment(&mut out, face, &glyphs[start..]);
    out
}

/// What a fallback reshaping needs.
struct Shaping<'a> {
    book: &'a FontBook,
    size: f64,
    text: &'a str,
    features: Features,
    language: &'a str,
}

impl Shaping<'_> {
    /// Sets a cluster `face` lacks in another face of the book that has all its
    /// characters, or keeps the `.notdef` glyphs and reports the characters.
    fn fall_back(&self, out: &mut Shaped, face: FaceId, glyphs: &[Glyph]) {
        let book = self.book;
        let bad = glyphs[0].text.start as usize..glyphs[0].text.end as usize;
        let chars: Vec<char> = self.text[bad.clone()].chars().collect();
        // Controls and spaces (a forced line break's `\n`) draw nothing anyway.
        let invisible = |c: char| c.is_control() || c.is_whitespace();
        let fallback = book.fallback_order(face).find(|&f| {
            f != face
                && !chars.iter().all(|&c| invisible(c))
                && chars.iter().all(|&c| book.covers(f, c) || invisible(c))
        });
        if let Some(f) = fallback {
            let g = shape_in(
                book,
                f,
                self.size,
                self.text,
                bad,
                self.features,
                self.language,
            );
            push_segment(out, f, &g);
            return;
        }
        for (k, c) in self.text[bad.clone()].char_indices() {
            if !book.covers(face, c) && !invisible(c) {
                out.missing.push((bad.start + k, c));
            }
        }
        push_segment(out, face, glyphs);
    }
}

/// Appends glyphs to the shaped text, joining the last segment when the face is the
/// same and the text follows on.
fn push_segment(out: &mut Shaped, face: FaceId, glyphs: &[Glyph]) {
    push_shifted(out, face, glyphs, 0);
}

/// [`push_segment`], with the glyphs' text ranges moved `by` bytes on (a word shaped
/// alone, placed in its run).
fn push_shifted(out: &mut Shaped, face: FaceId, glyphs: &[Glyph], by: u32) {
    let (Some(first), Some(last)) = (glyphs.first(), glyphs.last()) else {
        return;
    };
    let range = (first.text.start + by) as usize..(last.text.end + by) as usize;
    let shifted = glyphs.iter().map(|g| Glyph {
        text: g.text.start + by..g.text.end + by,
        ..g.clone()
    });
    match out.segments.last_mut() {
        Some(seg) if seg.face == face && seg.range.end == range.start => {
            seg.range.end = range.end;
            seg.glyphs.extend(shifted);
        }
        _ => out.segments.push(ShapedSegment {
            face,
            range,
            glyphs: shifted.collect(),
        }),
    }
}

/// Shapes `text[range]` in one face; glyph ranges index `text`.
fn shape_in(
    book: &FontBook,
    face: FaceId,
    size: f64,
    text: &str,
    range: Range<usize>,
    features: Features,
    language: &str,
) -> Vec<Glyph> {
    let font = book.font(face);
    let shaper = book.shaper_data(face).shaper(&font).build();
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(&text[range.clone()]);
    buffer.set_pre_context(&text[..range.start]);
    buffer.set_post_context(&text[range.end..]);
    buffer.guess_segment_properties();
    // No bidi yet: right-to-left text is set left to right rather than reordered.
    buffer.set_direction(harfrust::Direction::LeftToRight);
    if let Ok(lang) = language.parse() {
        buffer.set_language(lang);
    }
    let info = book.info(face);
    let mut feats = Vec::new();
    if features.small_caps && info.small_caps {
        feats.push(Feature::new(Tag::new(b"smcp"), 1, ..));
    }
    if features.old_style_figures && info.old_style_figures {
        feats.push(Feature::new(Tag::new(b"onum"), 1, ..));
    }
    // Reuse a compiled plan. After guessing, the buffer's script is unset exactly when
    // it reads as UNKNOWN (a run of spaces, digits or punctuation): plan it unset then,
    // as harfrust itself would.
    let script = Some(buffer.script()).filter(|s| *s != harfrust::script::UNKNOWN);
    let key = (
        face,
        script,
        buffer.language(),
        [
            features.small_caps && info.small_caps,
            features.old_style_figures && info.old_style_figures,
        ],
    );
    let plan = book.shape_plan(&shaper, key, &feats);
    let options = harfrust::ShapeOptions::new()
        .features(&feats)
        .plan(Some(&plan));
    let shaped = shaper.shape(buffer, options);
    let scale = size / shaper.units_per_em() as f64;
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    // A cluster ends where the next cluster (in text order) starts.
    let mut starts: Vec<usize> = infos.iter().map(|g| g.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |i: usize| {
        let c = infos[i].cluster as usize;
        let k = starts.partition_point(|&s| s <= c);
        starts.get(k).copied().unwrap_or(range.len())
    };
    (0..infos.len())
        .map(|i| Glyph {
            id: infos[i].glyph_id as u16,
            x_advance: positions[i].x_advance as f64 * scale,
            x_offset: positions[i].x_offset as f64 * scale,
            y_offset: positions[i].y_offset as f64 * scale,
            text: (range.start + infos[i].cluster as usize) as u32
                ..(range.start + end_of(i)) as u32,
        })
        .collect()
}

/// Words already shaped, by face, size, features and text: running text repeats its
/// words, so most are shaped once per book (a third of typesetting time was shaping).
/// Owned by one typesetter; the lock is for typesetters shared between threads.
#[derive(Default)]
pub struct WordCache {
    words: Mutex<WordMap>,
}

/// Shaped words by style, then by text: a word is looked up by `&str`, without
/// building a key. FxHash, since the keys are our own text, not an attacker's
/// choice of collisions against a long-running service.
#[derive(Default)]
struct WordMap {
    styles: FxHashMap<StyleKey, FxHashMap<Box<str>, Arc<Shaped>>>,
    count: usize,
    /// The languages words were shaped in (the book's and its passages'), indexed by
    /// [`StyleKey::language`].
    languages: Vec<Box<str>>,
}

impl WordMap {
    /// The key index of a language; `None` past [`MAX_LANGUAGES`] (then words of new
    /// languages are shaped each time).
    fn language(&mut self, tag: &str) -> Option<u32> {
        if let Some(k) = self.languages.iter().position(|l| **l == *tag) {
            return Some(k as u32);
        }
        if self.languages.len() >= MAX_LANGUAGES {
            return None;
        }
        self.languages.push(tag.into());
        Some(self.languages.len() as u32 - 1)
    }
}

#[derive(PartialEq, Eq, Hash, Clone, Copy)]
struct StyleKey {
    face: FaceId,
    size: u64,
    features: Features,
    /// Index into [`WordMap::languages`]: a language's shaping may differ (`locl`).
    language: u32,
}

/// Languages whose words are cached at most.
const MAX_LANGUAGES: usize = 64;

/// Words kept at most: a manuscript of unique words (a hostile one) must not fill memory.
const MAX_CACHED_WORDS: usize = 50_000;

/// Like [`shape`], word by word: `text` is cut before and after each run of white space
/// (no-break spaces stay inside words), each piece is shaped alone or taken from `cache`.
/// Ligatures never cross a space; the few kerning pairs with the space glyph itself
/// are given up, which moves a justified line's spaces by less than their stretch
/// already does.
pub fn shape_words(
    book: &FontBook,
    cache: &WordCache,
    face: FaceId,
    size: f64,
    text: &str,
    features: Features,
    language: &str,
) -> Shaped {
    let mut out = Shaped::default();
    let language_key = cache
        .words
        .lock()
        .ok()
        .and_then(|mut m| m.language(language));
    let style = language_key.map(|language| StyleKey {
        face,
        size: size.to_bits(),
        features,
        language,
    });
    let breaking = |c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}';
    let mut start = 0;
    while start < text.len() {
        let space = text[start..].chars().next().is_some_and(breaking);
        let end = text[start..]
            .find(|c: char| breaking(c) != space)
            .map_or(text.len(), |k| start + k);
        let word = &text[start..end];
        let cached = style.and_then(|style| {
            let m = cache.words.lock().ok()?;
            m.styles.get(&style)?.get(word).cloned()
        });
        let shaped = match cached {
            Some(s) => s,
            None => {
                let s = Arc::new(shape(book, face, size, word, features, language));
                if let Some(style) = style
                    && let Ok(mut m) = cache.words.lock()
                    && m.count < MAX_CACHED_WORDS
                {
                    m.count += 1;
                    m.styles
                        .entry(style)
                        .or_default()
                        .insert(word.into(), s.clone());
                }
                s
            }
        };
        for seg in &shaped.segments {
            push_shifted(&mut out, seg.face, &seg.glyphs, start as u32);
        }
        out.missing
            .extend(shaped.missing.iter().map(|&(k, c)| (k + start, c)));
        start = end;
    }
    out
}

/// The total advance of glyphs, in pt.
pub fn advance(glyphs: &[Glyph]) -> f64 {
    glyphs.iter().map(|g| g.x_advance).sum()
}

/// Shapes `text` with one face and default features into a run at (x, y), `size` pt:
/// for short lines outside the book's flow (the slug line of printer's marks, test
/// pages). `None` if the face cannot be read.
pub fn simple_run(
    faces: &[super::frame::FaceData],
    face: FaceId,
    text: &str,
    size: f64,
    (x, y): (f64, f64),
) -> Option<super::frame::TextRun> {
    let data = faces.get(face.0 as usize)?;
    let font = harfrust::FontRef::from_index(&data.data[..], data.index).ok()?;
    let shaper_data = harfrust::ShaperData::new(&font);
    let shaper = shaper_data.shaper(&font).build();
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = shaper.shape(buffer, harfrust::ShapeOptions::new());
    let scale = size / f64::from(shaper.units_per_em());
    let infos = shaped.glyph_infos();
    let glyphs = infos
        .iter()
        .zip(shaped.glyph_positions())
        .enumerate()
        .map(|(i, (info, pos))| {
            // The cluster ends where the next cluster begins (glyphs of one cluster share it).
            let end = infos[i..]
                .iter()
                .map(|n| n.cluster)
                .find(|&c| c > info.cluster)
                .unwrap_or(text.len() as u32);
            Glyph {
                id: info.glyph_id as u16,
                x_advance: f64::from(pos.x_advance) * scale,
                x_offset: f64::from(pos.x_offset) * scale,
                y_offset: f64::from(pos.y_offset) * scale,
                text: info.cluster..end,
            }
        })
        .collect();
    Some(super::frame::TextRun {
        x,
        y,
        face,
        size,
        text: text.to_string(),
        glyphs,
        h_scale: 1.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::fonts::FaceStyle;

    fn regular(book: &FontBook) -> FaceId {
        book.select(FaceStyle {
            italic: false,
            bold: false,
        })
    }

    #[test]
    fn ligature_keeps_both_characters() {
        let book = FontBook::bundled();
        let s = shape(
            &book,
            regular(&book),
            10.0,
            "office",
            Features::default(),
            "en",
        );
        assert!(s.missing.is_empty());
        let glyphs = &s.segments[0].glyphs;
        assert!(glyphs.len() < 6, "ffi ligature expected: {glyphs:?}");
        assert_eq!(glyphs[1].text, 1..4);
        assert_eq!(glyphs.last().unwrap().text.end, 6);
    }

    #[test]
    fn kerning_and_features_change_advances() {
        let book = FontBook::bundled();
        let f = regular(&book);
        let w = |t: &str, feat| advance(&shape(&book, f, 10.0, t, feat, "en").segments[0].glyphs);
        assert!(
            w("AV", Features::default())
                < w("A", Features::default()) + w("V", Features::default())
        );
        let smcp = Features {
            small_caps: true,
            ..Default::default()
        };
        assert!(w("marx", smcp) > w("marx", Features::default()));
        let onum = Features {
            old_style_figures: true,
            ..Default::default()
        };
        let a = shape(&book, f, 10.0, "1917", onum, "en").segments[0].glyphs[0].id;
        let b = shape(&book, f, 10.0, "1917", Features::default(), "en").segments[0].glyphs[0].id;
        assert_ne!(a, b);
    }

    #[test]
    fn uncovered_characters_are_reported_not_dropped() {
        let book = FontBook::bundled();
        let text = "a\u{13000}b";
        let s = shape(&book, regular(&book), 10.0, text, Features::default(), "en");
        assert_eq!(s.missing, vec![(1, '\u{13000}')]);
        let n: usize = s.segments.iter().map(|s| s.glyphs.len()).sum();
        assert_eq!(n, 3);
    }
}
