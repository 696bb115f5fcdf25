//! Defaults that follow the trim: margins, body size and leading for any page size.
//!
//! The house proportions are those the bundled pamphlet was tuned on at A5 (148 × 210
//! mm: margins 17 / 20 / 18 / 24 mm inner / outer / top / foot, 10.5 on 13.65 pt, a
//! measure of about 64 characters). Other trims keep the same *proportions*, not the
//! same millimetres:
//!
//! 1. Margins are the same fractions of the trim as at A5: inner 17/148 and outer
//!    20/148 of the width, head 18/210 and foot 24/210 of the height.
//! 2. The body size is the one that sets about 64 characters on that measure (an
//!    average character, space included, is [`CHAR_EM`] em in the bundled serif),
//!    rounded to half a point and kept between [`MIN_SIZE`] and [`MAX_SIZE`]: small
//!    trims get smaller type, not a cramped measure. German and Finnish, whose long
//!    compounds leave a line few spaces, aim at [`COMPOUNDING_TARGET_CHARS`]
//!    ([`LineText`]).
//! 3. A measure that would hold more than [`MAX_CHARS`] characters at that size (large
//!    trims: A4, US letter) is narrowed to it; the width it gives up goes to the inner
//!    and outer margins in their 17 : 20 proportion, so the text block stays centred
//!    where a reader expects it, a little towards the spine.
//! 4. Leading is [`LEADING_RATIO`] × the size, as at A5.
//!
//! Keys written in `[layout]` always win; a default is computed only for what is left
//! out, from what is written (a book that sets only `font-size` gets trim-proportioned
//! margins and the measure cap for its size).

use super::{Margins, Size};

/// Width of an average character of running text, space included, in ems of the body
/// size (measured on the essay in the bundled Source Serif 4: 63.9 characters a line on
/// A5's 314.6 pt measure at 10.5 pt).
const CHAR_EM: f64 = 0.47;
/// The same for text in Cyrillic, whose lower case is wider in Source Serif 4 (and in
/// most faces): measured on the corpus at A5 and 10.5 pt, the Russian book sets 58.3
/// characters a justified line (0.514 em each) where the seven Latin-script books set
/// 65.8–69.2 (0.433–0.455 em). With [`CHAR_EM`] a Russian A5 page got 10.5 pt and 58
/// characters, and hyphenated a fifth of its lines; with this it gets 9.5 pt and 62.
const CYRILLIC_CHAR_EM: f64 = 0.51;
/// The characters a line the default size aims at.
const TARGET_CHARS: f64 = 64.0;
/// The same in a language whose running words are long because it writes its
/// compounds as one word ("Genossenschaftsgesetz"): 7.1 characters a word with its
/// space in the German corpus book against 5.7 in the English ones, so 64 characters
/// hold 9 German words (8 spaces to justify with) where they hold 11 English ones
/// (10), and a 21-letter compound that does not fit can only break at its pattern
/// points. At A5 and 10.5 pt the German book had 4.5 % loose lines and 13.6 %
/// hyphenated ones, two of its paragraphs having no setting without a loose line;
/// aiming at 68 characters (about 10 of its words: 10 pt at A5, 67 characters) gives
/// 0 % and 4.9 %, still well inside the 55–75 a typographer accepts.
const COMPOUNDING_TARGET_CHARS: f64 = 68.0;
/// The most characters a default measure holds (wider trims get wider margins).
const MAX_CHARS: f64 = 72.0;
/// The smallest default body size, in pt (A6 and smaller).
const MIN_SIZE: f64 = 8.5;
/// The largest default body size, in pt.
const MAX_SIZE: f64 = 12.0;
/// Leading as a multiple of the body size.
const LEADING_RATIO: f64 = 1.3;

/// A5 house margins as fractions of the trim: inner, outer (of the width), top, bottom
/// (of the height).
const MARGIN_SHARE: [f64; 4] = [17.0 / 148.0, 20.0 / 148.0, 18.0 / 210.0, 24.0 / 210.0];

/// What the trim gives when `[layout]` leaves keys out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrimDefaults {
    /// Margins in pt.
    pub margins: Margins,
    /// Body size in pt.
    pub font_size: f64,
    /// Leading in pt.
    pub leading: f64,
    /// The average character width the size was chosen with, in ems.
    pub char_em: f64,
}

/// How running text in a language fills a line: what the default body size is
/// chosen from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineText {
    /// Width of an average character, space included, in ems ([`char_em`]).
    pub char_em: f64,
    /// Characters a line aims at.
    pub target_chars: f64,
}

/// Languages set to [`COMPOUNDING_TARGET_CHARS`], by primary subtag: German, and
/// Finnish, whose words are longer still. The Scandinavian languages and Dutch also
/// write compounds as one word, but their running words are shorter (6.7 characters
/// with the space in the Swedish corpus book, and many short function words): set at
/// 10 pt the Swedish book went from no hyphenated line to 2 in 15 and gained nothing,
/// so they keep the common target.
const COMPOUNDING: &[&str] = &["de", "fi"];

/// How running text in `language` (BCP 47) fills a line.
pub fn line_text(language: &str) -> LineText {
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    LineText {
        char_em: char_em(language),
        target_chars: if COMPOUNDING.contains(&primary.as_str()) {
            COMPOUNDING_TARGET_CHARS
        } else {
            TARGET_CHARS
        },
    }
}

/// Languages written in Cyrillic (unless the tag names another script, `sr-Latn`).
const CYRILLIC: &[&str] = &[
    "ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg", "tt", "ba", "cv", "sah",
];

/// The average character width of running text in `language`'s script, in ems (see
/// [`CHAR_EM`] and [`CYRILLIC_CHAR_EM`]).
pub fn char_em(language: &str) -> f64 {
    let mut subtags = language.split(['-', '_']);
    let primary = subtags.next().unwrap_or("").to_ascii_lowercase();
    let script = subtags.find(|s| s.len() == 4).map(str::to_ascii_lowercase);
    let cyrillic = match script.as_deref() {
        Some("cyrl") => true,
        Some(_) => false,
        None => CYRILLIC.contains(&primary.as_str()),
    };
    if cyrillic { CYRILLIC_CHAR_EM } else { CHAR_EM }
}

impl TrimDefaults {
    /// The measure in pt.
    pub fn measure(&self, trim: Size) -> f64 {
        trim.width - self.margins.inner - self.margins.outer
    }

    /// Average characters a line on that measure at that size (the tests' measure).
    #[cfg(test)]
    fn chars_per_line(&self, trim: Size) -> f64 {
        self.measure(trim) / (self.char_em * self.font_size)
    }
}

/// Margins written in book.toml (pt), each `None` when left out.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Given {
    /// `margins.inner`.
    pub inner: Option<f64>,
    /// `margins.outer`.
    pub outer: Option<f64>,
    /// `margins.top`.
    pub top: Option<f64>,
    /// `margins.bottom`.
    pub bottom: Option<f64>,
    /// `font-size`.
    pub font_size: Option<f64>,
    /// `leading`.
    pub leading: Option<f64>,
}

/// The layout defaults for `trim`, honouring whatever `given` fixes, for text in a
/// Latin script (the tests' shorthand).
#[cfg(test)]
fn for_trim(trim: Size, given: Given) -> TrimDefaults {
    for_trim_in(trim, given, line_text("en"))
}

/// The layout defaults for `trim`, honouring whatever `given` fixes, for text that
/// fills a line as `text` says ([`line_text`] of the book's language).
pub fn for_trim_in(trim: Size, given: Given, text: LineText) -> TrimDefaults {
    let char_em = text.char_em;
    let share = |k: usize, of: f64| MARGIN_SHARE[k] * of;
    let mut inner = given.inner.unwrap_or_else(|| share(0, trim.width));
    let mut outer = given.outer.unwrap_or_else(|| share(1, trim.width));
    let top = given.top.unwrap_or_else(|| share(2, trim.height));
    let bottom = given.bottom.unwrap_or_else(|| share(3, trim.height));
    let measure = (trim.width - inner - outer).max(1.0);
    let font_size = given.font_size.unwrap_or_else(|| {
        let ideal = measure / (text.target_chars * char_em);
        ((ideal * 2.0).round() / 2.0).clamp(MIN_SIZE, MAX_SIZE)
    });
    // Narrow an over-long measure by widening the margins that were left out.
    let widest = MAX_CHARS * char_em * font_size;
    let excess = measure - widest;
    if excess > 0.0 {
        match (given.inner.is_some(), given.outer.is_some()) {
            (false, false) => {
                let (a, b) = (MARGIN_SHARE[0], MARGIN_SHARE[1]);
                inner += excess * a / (a + b);
                outer += excess * b / (a + b);
            }
            (true, false) => outer += excess,
            (false, true) => inner += excess,
            (true, true) => {}
        }
    }
    let leading = given.leading.unwrap_or(font_size * LEADING_RATIO);
    TrimDefaults {
        margins: Margins {
            inner,
            outer,
            top,
            bottom,
        },
        font_size,
        leading,
        char_em,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::units::TRIM_NAMES;

    const MM: f64 = 72.0 / 25.4;

    fn trim(name: &str) -> Size {
        let (width, height) = crate::layout::parse_trim(name).unwrap();
        Size { width, height }
    }

    #[test]
    fn a5_keeps_the_house_values() {
        let d = for_trim(trim("A5"), Given::default());
        assert!((d.margins.inner / MM - 17.0).abs() < 1e-9);
        assert!((d.margins.outer / MM - 20.0).abs() < 1e-9);
        assert!((d.margins.top / MM - 18.0).abs() < 1e-9);
        assert!((d.margins.bottom / MM - 24.0).abs() < 1e-9);
        assert_eq!(d.font_size, 10.5);
        assert!((d.leading - 13.65).abs() < 1e-9);
    }

    #[test]
    fn every_named_trim_sets_55_to_75_characters() {
        for &(name, _, _) in TRIM_NAMES.iter().chain([("6in x 9in", 0.0, 0.0)].iter()) {
            let t = trim(name);
            let d = for_trim(t, Given::default());
            let chars = d.chars_per_line(t);
            assert!((55.0..=75.0).contains(&chars), "{name}: {chars:.1} chars");
            assert!((MIN_SIZE..=MAX_SIZE).contains(&d.font_size), "{name}");
            // The spine margin is never wider than the fore-edge's.
            assert!(d.margins.inner < d.margins.outer, "{name}");
        }
    }

    #[test]
    fn cyrillic_text_gets_the_size_that_sets_as_many_characters() {
        assert_eq!(char_em("ru-RU"), CYRILLIC_CHAR_EM);
        assert_eq!(char_em("uk"), CYRILLIC_CHAR_EM);
        assert_eq!(char_em("sr-Cyrl-RS"), CYRILLIC_CHAR_EM);
        assert_eq!(char_em("sr-Latn"), CHAR_EM);
        assert_eq!(char_em("en-GB"), CHAR_EM);
        assert_eq!(char_em("de"), CHAR_EM);
        let a5 = trim("A5");
        let ru = for_trim_in(a5, Given::default(), line_text("ru"));
        assert_eq!(ru.font_size, 9.5);
        assert!((60.0..=68.0).contains(&ru.chars_per_line(a5)));
        // Latin text keeps the house size.
        assert_eq!(
            for_trim_in(a5, Given::default(), line_text("pl")).font_size,
            10.5
        );
    }

    #[test]
    fn compounding_languages_get_a_few_more_characters_a_line() {
        let a5 = trim("A5");
        for tag in ["de-DE", "de-CH", "de-AT", "fi"] {
            let d = for_trim_in(a5, Given::default(), line_text(tag));
            assert_eq!(d.font_size, 10.0, "{tag}");
            assert!((64.0..=72.0).contains(&d.chars_per_line(a5)), "{tag}");
        }
        for tag in ["en-GB", "fr", "es", "sv", "nl"] {
            let d = for_trim_in(a5, Given::default(), line_text(tag));
            assert_eq!(d.font_size, 10.5, "{tag}");
        }
        // Every named trim stays inside 55–75 characters in German too.
        for &(name, _, _) in TRIM_NAMES {
            let t = trim(name);
            let chars = for_trim_in(t, Given::default(), line_text("de")).chars_per_line(t);
            assert!((55.0..=75.0).contains(&chars), "{name}: {chars:.1} chars");
        }
    }

    #[test]
    fn a6_gets_a6_margins_not_a5s() {
        let d = for_trim(trim("A6"), Given::default());
        assert!(d.margins.inner / MM < 13.0 && d.margins.outer / MM < 15.0);
        assert!(d.measure(trim("A6")) / MM > 75.0);
        assert_eq!(d.font_size, 8.5);
    }

    #[test]
    fn explicit_keys_win() {
        let given = Given {
            inner: Some(20.0 * MM),
            font_size: Some(11.0),
            ..Given::default()
        };
        let d = for_trim(trim("A4"), given);
        assert_eq!(d.margins.inner, 20.0 * MM);
        assert_eq!(d.font_size, 11.0);
        assert!((d.leading - 14.3).abs() < 1e-9);
        // The cap on the measure is taken from the fore-edge alone.
        assert!((d.chars_per_line(trim("A4")) - MAX_CHARS).abs() < 1e-9);
    }

    /// Prints the README's table (`cargo test --lib trim_table -- --nocapture`).
    #[test]
    fn trim_table() {
        for &(name, _, _) in TRIM_NAMES.iter().chain([("6in x 9in", 0.0, 0.0)].iter()) {
            let t = trim(name);
            let d = for_trim(t, Given::default());
            let m = d.margins;
            println!(
                "| {name} | {:.1} / {:.1} / {:.1} / {:.1} | {} / {:.2} | {:.0} mm | {:.0} |",
                m.inner / MM,
                m.outer / MM,
                m.top / MM,
                m.bottom / MM,
                d.font_size,
                d.leading,
                d.measure(t) / MM,
                d.chars_per_line(t)
            );
        }
    }
}
