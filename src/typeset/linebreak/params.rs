//! The breaker's parameters: TeX's, with help text as SILE declares them.

/// The breaker's parameters, as in TeX (SILE declares the same with help text).
#[derive(Debug, Clone, PartialEq)]
pub struct BreakParams {
    /// Highest badness accepted in the first pass, without hyphenation; negative skips it.
    pub pretolerance: f64,
    /// Highest badness accepted in the second pass, with hyphenation.
    pub tolerance: f64,
    /// Highest badness accepted in a third pass, with hyphenation, for a paragraph the
    /// second pass could not set or a looseness it could not meet (before any
    /// emergency stretch); TeX's own `\tolerance`.
    pub second_chance_tolerance: f64,
    /// Added to every line's badness before squaring: favours fewer lines.
    pub line_penalty: f64,
    /// Cost of a break at an inserted hyphen.
    pub hyphen_penalty: f64,
    /// Cost of a break at a hyphen inserted into a capitalised word (a proper name):
    /// high enough that only a line that would otherwise be overfull or far too loose
    /// takes it, yet below [`super::INFINITY`], so it is not a ban.
    pub proper_name_hyphen_penalty: f64,
    /// Cost of a break at a hyphen inserted inside one part of a compound whose parts'
    /// seam is elsewhere in the word ([`crate::typeset::hyphenate::BreakKind::InsideCompound`]).
    pub inside_compound_hyphen_penalty: f64,
    /// Cost of hyphenating a paragraph's last word (its tail would end the paragraph alone).
    pub last_word_hyphen_penalty: f64,
    /// Cost of a break after a hyphen or dash in the text.
    pub ex_hyphen_penalty: f64,
    /// Cost of a break inside a URL or identifier.
    pub url_penalty: f64,
    /// Cost of a break between two characters of a word too wide for the measure.
    pub emergency_penalty: f64,
    /// Extra demerits for two hyphenated lines in a row.
    pub double_hyphen_demerits: f64,
    /// Extra demerits for a hyphen ending the second-last line.
    pub final_hyphen_demerits: f64,
    /// Extra demerits for neighbouring lines two or more fitness classes apart.
    pub adj_demerits: f64,
    /// Most hyphenated lines allowed in a row (a hard limit; TeX has none).
    pub max_hyphens_in_a_row: u8,
    /// Stretch added to every line in the emergency pass, as a fraction of the measure.
    pub emergency_stretch: f64,
    /// Glue stretch as a fraction of the space's width.
    pub space_stretch: f64,
    /// Glue shrink as a fraction of the space's width.
    pub space_shrink: f64,
    /// Let punctuation, hyphens and quotes hang into the margins (margin kerning).
    pub protrusion: bool,
    /// Most spacing a justified line may add or remove between the letters of a word,
    /// in ems per letter ([`crate::layout::Justification::letter_space`]). 0 turns it off.
    pub letter_space: f64,
    /// Most a justified line may widen or narrow its glyphs, as a fraction of their
    /// width: pdfTeX's font expansion ([`crate::layout::Justification::expansion`]).
    /// 0 turns it off.
    pub expansion: f64,
}

impl BreakParams {
    /// These parameters with the book's microtypography.
    pub fn justified(self, j: &crate::layout::Justification) -> BreakParams {
        BreakParams {
            letter_space: j.letter_space,
            expansion: j.expansion,
            protrusion: j.protrusion,
            ..self
        }
    }
}

/// TeX's values, except where measured on the seed essay at A5 (10.5/13.65 pt, 314.6 pt
/// measure; `cargo run --example evenness`). TeX's alone (no protrusion, no letter
/// spacing) give 3.7% loose lines and 24% hyphenated line ends; hyphen penalty 150,
/// shrink 0.4 of the space and letter spacing ±0.012 em give 0.5% and 7.6%. The
/// emergency stretch is 3% of the measure: larger values let a paragraph that failed
/// at tolerance pile its looseness into a few lines. Microtypography is the layout
/// model's default ([`crate::layout::Justification`]).
///
/// With font expansion (±2 %) on top of the tracking a line has about twice the give of
/// its word spaces alone, and the tolerances are stricter than TeX's 100 and 200: a
/// first pass without hyphens at 50 (word spaces stretched at most to about 1.4 times
/// their width, where a reader starts to see gaps; the corpus gate's "loose" is a gap
/// over 1.5 times the median), then 100 with hyphens. Measured on the 15 corpus books
/// (`tests/it/corpus.rs`): 100/200 gave 6 loose lines in 462 and 18 hyphenated; 50/100
/// give 3 and 24.
impl Default for BreakParams {
    fn default() -> Self {
        let j = crate::layout::Justification::default();
        BreakParams {
            pretolerance: 50.0,
            tolerance: 100.0,
            second_chance_tolerance: 200.0,
            line_penalty: 10.0,
            hyphen_penalty: 150.0,
            proper_name_hyphen_penalty: 3000.0,
            inside_compound_hyphen_penalty: 300.0,
            last_word_hyphen_penalty: 1000.0,
            ex_hyphen_penalty: 50.0,
            url_penalty: 50.0,
            emergency_penalty: 5000.0,
            double_hyphen_demerits: 10000.0,
            final_hyphen_demerits: 5000.0,
            adj_demerits: 10000.0,
            max_hyphens_in_a_row: 2,
            emergency_stretch: 0.03,
            space_stretch: 0.5,
            space_shrink: 0.4,
            protrusion: j.protrusion,
            letter_space: j.letter_space,
            expansion: j.expansion,
        }
    }
}
