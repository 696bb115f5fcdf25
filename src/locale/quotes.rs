//! Quotation marks and the spaces around punctuation, by language.

/// Which marks a book uses, from `[layout] quotes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuoteSetting {
    /// The language's own (the default).
    #[default]
    Language,
    /// Double outside, single inside, in the language's shapes where it has them
    /// (“ ‘ in English, „ ‚ in German).
    Double,
    /// Single outside, double inside (many British houses): ‘ “.
    Single,
    /// Guillemets: » › in German (pointing inwards), « ‹ elsewhere.
    Guillemets,
}

/// The marks of one language: outer pair, inner pair, and the space set inside
/// guillemets (French).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteStyle {
    /// Opening and closing marks of a quotation.
    pub outer: (char, char),
    /// Opening and closing marks of a quotation inside a quotation.
    pub inner: (char, char),
    /// A no-break space set inside the marks (French: U+00A0).
    pub inner_space: Option<char>,
}

const fn style(outer: (char, char), inner: (char, char)) -> QuoteStyle {
    QuoteStyle {
        outer,
        inner,
        inner_space: None,
    }
}

const ENGLISH: QuoteStyle = style(('“', '”'), ('‘', '’'));
const BRITISH_SINGLE: QuoteStyle = style(('‘', '’'), ('“', '”'));
const GERMAN: QuoteStyle = style(('„', '“'), ('‚', '‘'));
const GERMAN_GUILLEMETS: QuoteStyle = style(('»', '«'), ('›', '‹'));
const GUILLEMETS: QuoteStyle = style(('«', '»'), ('‹', '›'));
const FRENCH: QuoteStyle = QuoteStyle {
    outer: ('«', '»'),
    inner: ('‹', '›'),
    inner_space: Some('\u{a0}'),
};
const SPANISH: QuoteStyle = style(('«', '»'), ('“', '”'));
const RUSSIAN: QuoteStyle = style(('«', '»'), ('„', '“'));
const POLISH: QuoteStyle = style(('„', '”'), ('«', '»'));
const SWEDISH: QuoteStyle = style(('”', '”'), ('’', '’'));
const SWISS: QuoteStyle = style(('«', '»'), ('‹', '›'));

/// The marks a book in language `tag` uses under `setting`.
pub fn quote_style(tag: &str, setting: QuoteSetting) -> QuoteStyle {
    let lower = tag.to_ascii_lowercase();
    let primary = super::primary(tag);
    let german = matches!(primary.as_str(), "de" | "lb");
    match setting {
        QuoteSetting::Single => return BRITISH_SINGLE,
        QuoteSetting::Guillemets if german && !lower.ends_with("-ch") => {
            return GERMAN_GUILLEMETS;
        }
        QuoteSetting::Guillemets if primary == "fr" => return FRENCH,
        QuoteSetting::Guillemets => return GUILLEMETS,
        QuoteSetting::Double if german => return GERMAN,
        QuoteSetting::Double if primary == "pl" => return POLISH,
        QuoteSetting::Double => return ENGLISH,
        QuoteSetting::Language => {}
    }
    match primary.as_str() {
        "de" | "lb" if lower.ends_with("-ch") || lower.ends_with("-li") => SWISS,
        "de" | "lb" | "cs" | "sk" | "lt" | "et" | "is" => GERMAN,
        "fr" if lower.ends_with("-ch") => GUILLEMETS,
        "fr" => FRENCH,
        "es" | "it" | "ca" | "gl" | "el" | "eu" => SPANISH,
        "pt" if lower.ends_with("-br") => ENGLISH,
        "pt" => SPANISH,
        "ru" | "uk" | "be" => RUSSIAN,
        "pl" | "ro" | "hu" => POLISH,
        "sv" | "fi" => SWEDISH,
        _ => ENGLISH,
    }
}

impl QuoteStyle {
    /// The opening and closing marks at nesting depth `depth` (0: outermost).
    pub fn at(&self, depth: usize) -> (char, char) {
        if depth.is_multiple_of(2) {
            self.outer
        } else {
            self.inner
        }
    }

    /// Whether `c` is one of this style's marks.
    pub fn has(&self, c: char) -> bool {
        [self.outer.0, self.outer.1, self.inner.0, self.inner.1].contains(&c)
    }

    /// Whether `c` opens a quotation in this style.
    pub fn opens(&self, c: char) -> bool {
        c == self.outer.0 || c == self.inner.0
    }

    /// Whether `c` closes a quotation in this style.
    pub fn closes(&self, c: char) -> bool {
        c == self.outer.1 || c == self.inner.1
    }
}

/// Every quotation mark pamphleteer knows, typed or set.
pub fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '„' | '‚' | '«' | '»' | '‹' | '›' | '"' | '\''
    )
}

/// The no-break space French sets before `c` (`;`, `!`, `?`: narrow U+202F; `:`:
/// U+00A0), or `None`.
pub fn french_space_before(c: char) -> Option<char> {
    match c {
        ';' | '!' | '?' => Some('\u{202f}'),
        ':' => Some('\u{a0}'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_by_language_and_setting() {
        let l = QuoteSetting::Language;
        assert_eq!(quote_style("en-US", l).at(0), ('“', '”'));
        assert_eq!(quote_style("en-GB", QuoteSetting::Single).at(0), ('‘', '’'));
        assert_eq!(quote_style("de", l).at(1), ('‚', '‘'));
        assert_eq!(
            quote_style("de-DE", QuoteSetting::Guillemets).at(0),
            ('»', '«')
        );
        assert_eq!(quote_style("de-CH", l).at(0), ('«', '»'));
        assert_eq!(quote_style("fr", l).inner_space, Some('\u{a0}'));
        assert_eq!(quote_style("es", l).at(1), ('“', '”'));
        assert_eq!(quote_style("ru", l).at(1), ('„', '“'));
        assert_eq!(quote_style("pl", l).at(0), ('„', '”'));
        assert_eq!(quote_style("pl", l).at(1), ('«', '»'));
        assert_eq!(quote_style("sv", l).at(0), ('”', '”'));
        assert_eq!(quote_style("nl", l).at(0), ('“', '”'));
        assert_eq!(quote_style("pt-BR", l).at(0), ('“', '”'));
        assert_eq!(quote_style("tlh", l).at(2), ('“', '”'));
    }
}
