//! The book's language: every word the outputs generate themselves (headings of the
//! matter, imprint and colophon lines, "p."/"pp.", landmarks, the accessibility
//! summary), dates spelled out, decimal numbers and quotation marks — one table per
//! language, read by the print typesetter, the cover and the EPUB alike.
//!
//! [`Locale::new`] picks the table by the primary subtag of a BCP 47 tag; a language
//! without a table gets English (and the parser warns once). `[labels]` in book.toml
//! replaces any string ([`Locale::set`]).

pub mod quotes;
mod tables;

use std::borrow::Cow;
use tables::Table;

macro_rules! labels {
    ($($field:ident $key:literal $doc:literal,)*) => {
        /// Generated wording in one language (after `[labels]` overrides). `{name}`
        /// placeholders are filled in where the text is used.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Labels {
            $(#[doc = $doc] pub $field: Cow<'static, str>,)*
        }

        /// One language's wording as written in [`tables`].
        #[derive(Debug)]
        pub(crate) struct Words {
            $(pub(crate) $field: &'static str,)*
        }

        /// The keys `[labels]` accepts, as written in book.toml.
        pub const LABEL_KEYS: &[&str] = &[$($key),*];

        impl Labels {
            fn from_words(w: &Words) -> Labels {
                Labels { $($field: Cow::Borrowed(w.$field),)* }
            }

            /// The label behind a `[labels]` key, for replacing it.
            fn slot(&mut self, key: &str) -> Option<&mut Cow<'static, str>> {
                match key {
                    $($key => Some(&mut self.$field),)*
                    _ => None,
                }
            }

            /// Every label passed through `f` (e.g. escaped for markup).
            pub fn map(&self, f: impl Fn(&str) -> String) -> Labels {
                Labels { $($field: Cow::Owned(f(&self.$field)),)* }
            }

            /// Every label with its key, in table order.
            pub fn entries(&self) -> Vec<(&'static str, &str)> {
                vec![$(($key, &*self.$field)),*]
            }
        }
    };
}

labels! {
    contents "contents" "The contents page's heading.",
    glossary "glossary" "The glossary's heading.",
    works_cited "works-cited" "The heading of the list of works cited.",
    colophon "colophon" "The colophon's heading (EPUB, print outline).",
    cover "cover" "The cover page (EPUB).",
    title_page "title-page" "The title page (EPUB).",
    landmarks "landmarks" "The landmarks list (EPUB).",
    page_list "page-list" "The list of print pages (EPUB).",
    start "start" "The landmark of the first chapter (EPUB).",
    used_in "used-in" "Before a glossary entry's back-links (EPUB).",
    cited_in "cited-in" "Before a works-cited entry's back-links to the chapters citing it (EPUB).",
    cited_on "cited-on" "Before the pages citing a works-cited entry (print: \"Cited on pp. 3, 7\").",
    page "page" "Before one page number (\"p.\").",
    pages "pages" "Before several page numbers (\"pp.\").",
    chapter "chapter" "A chapter without a title, before its number.",
    by "by" "Between a title and its authors; empty: a comma.",
    and "and" "Before the last of several authors.",
    published_by "published-by" "The publisher line: `{publisher}`.",
    first_published "first-published" "The copyright page's edition line: `{year}`.",
    identifier "identifier" "Before the identifier (EPUB colophon).",
    set_in "set-in" "The EPUB's font sentence: `{font}`, `{file}`.",
    made_with "made-with" "The EPUB's tool sentence: `{version}`.",
    print_colophon "print-colophon" "The printed colophon: `{title}`, `{font}`, `{size}`, `{leading}`.",
}

/// The book's language: its wording, dates, numbers and quotation marks.
#[derive(Debug, Clone)]
pub struct Locale {
    /// The BCP 47 tag as the book gives it.
    pub tag: String,
    /// The wording, after `[labels]`.
    pub labels: Labels,
    /// Whether the language has a table of its own (else the wording is English).
    pub known: bool,
    table: &'static Table,
}

impl PartialEq for Locale {
    fn eq(&self, other: &Locale) -> bool {
        self.tag == other.tag && self.labels == other.labels && self.table.lang == other.table.lang
    }
}

impl Eq for Locale {}

/// Why a `[labels]` entry was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum LabelError {
    /// No label has this key; the closest key, if one is close.
    Unknown(Option<&'static str>),
    /// The text leaves out placeholders the label's text needs.
    Missing(Vec<&'static str>),
}

impl Locale {
    /// The locale of a BCP 47 tag (by its primary subtag; English if there is no table).
    pub fn new(tag: &str) -> Locale {
        let primary = primary(tag);
        let found = tables::ALL.iter().copied().find(|t| t.lang == primary);
        Locale {
            tag: tag.to_string(),
            labels: Labels::from_words(found.unwrap_or(&tables::EN).words),
            known: found.is_some(),
            table: found.unwrap_or(&tables::EN),
        }
    }

    /// Replaces the label behind a `[labels]` key.
    pub fn set(&mut self, key: &str, text: &str) -> Result<(), LabelError> {
        let english = Labels::from_words(tables::EN.words);
        let needed: Vec<&'static str> = english
            .entries()
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, t)| placeholders(t))
            .unwrap_or_default();
        let Some(slot) = self.labels.slot(key) else {
            let close = LABEL_KEYS
                .iter()
                .map(|k| (strsim::jaro_winkler(k, key), *k))
                .filter(|(s, _)| *s > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, k)| k);
            return Err(LabelError::Unknown(close));
        };
        let missing: Vec<_> = needed
            .into_iter()
            .filter(|p| !text.contains(&format!("{{{p}}}")))
            .collect();
        *slot = Cow::Owned(text.to_string());
        if missing.is_empty() {
            Ok(())
        } else {
            Err(LabelError::Missing(missing))
        }
    }

    /// "Chapter 3", for a chapter without a title.
    pub fn chapter_n(&self, index: usize) -> String {
        format!("{} {}", self.labels.chapter, index + 1)
    }

    /// The authors joined for display: "A", "A and B", "A, B and C".
    pub fn authors(&self, authors: &[String]) -> String {
        match authors {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} {} {last}", rest.join(", "), self.labels.and),
        }
    }

    /// A title and its authors, for a text alternative: "Title, by A and B" (or
    /// "Title, A i B" where the language has no word for "by").
    pub fn title_by(&self, title: &str, authors: &[String]) -> String {
        if authors.is_empty() {
            return title.to_string();
        }
        match &*self.labels.by {
            "" => format!("{title}, {}", self.authors(authors)),
            by => format!("{title}, {by} {}", self.authors(authors)),
        }
    }

    /// A colon as the language sets it between two parts of a line: `:` in most,
    /// `\u{a0}:` (a no-break space before) in French.
    pub fn colon(&self) -> &'static str {
        if self.table.lang == "fr" {
            "\u{a0}:"
        } else {
            ":"
        }
    }

    /// "p." or "pp." before `count` page numbers.
    pub fn pages_abbr(&self, count: usize) -> &str {
        if count == 1 {
            &self.labels.page
        } else {
            &self.labels.pages
        }
    }

    /// An ISO date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) as the language writes it in
    /// running text: "18 March 2026", "18. März 2026", "18 mars 2026". Anything else
    /// is returned as it is.
    pub fn date(&self, iso: &str) -> String {
        let mut parts = iso.trim().splitn(3, '-');
        let year = parts.next().unwrap_or("");
        let month = parts.next().and_then(|m| m.parse::<usize>().ok());
        let day = parts.next().and_then(|d| d.parse::<u32>().ok());
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return iso.to_string();
        }
        let t = self.table;
        let en_us = t.lang == "en" && self.tag.to_ascii_lowercase().ends_with("-us");
        match (month, day) {
            (Some(m @ 1..=12), Some(d @ 1..=31)) => {
                let pattern = if en_us { "{M} {d}, {y}" } else { t.date };
                let day = match (t.lang, d) {
                    ("fr", 1) => "1er".to_string(),
                    ("it", 1) => "1º".to_string(),
                    _ => d.to_string(),
                };
                fill(
                    pattern,
                    &[("d", &day), ("M", t.months_genitive[m - 1]), ("y", year)],
                )
            }
            (Some(m @ 1..=12), None) => fill(t.month_year, &[("M", t.months[m - 1]), ("y", year)]),
            _ => year.to_string(),
        }
    }

    /// The year of an ISO date, if it starts with one.
    pub fn year(iso: &str) -> Option<&str> {
        iso.get(..4)
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
    }

    /// A number with `decimals` places and the language's decimal separator.
    pub fn number(&self, value: f64, decimals: usize) -> String {
        let s = format!("{value:.decimals$}");
        if self.table.decimal_comma {
            s.replace('.', ",")
        } else {
            s
        }
    }

    /// The accessibility summary for the EPUB's package, and the language it is in
    /// (English where the language has no translation yet).
    pub fn accessibility_summary(
        &self,
        glossary: bool,
        works_cited: bool,
        images: bool,
        pages: bool,
    ) -> (String, &str) {
        let (s, lang) = match self.table.summary {
            Some(s) => (s, self.tag.as_str()),
            None => (tables::EN.summary.expect("English has a summary"), "en"),
        };
        let mut out = s.base.to_string();
        if glossary {
            out.push_str(s.glossary);
        }
        if works_cited {
            out.push_str(s.works_cited);
        }
        out.push_str(s.end);
        if images {
            out.push(' ');
            out.push_str(s.images);
        }
        if pages {
            out.push(' ');
            out.push_str(s.pages);
        }
        (out, lang)
    }
}

/// Fills `{name}` placeholders of `pattern`.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = pattern.to_string();
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// The placeholders of a pattern, in order.
fn placeholders(text: &str) -> Vec<&'static str> {
    const NAMES: &[&str] = &[
        "publisher",
        "year",
        "font",
        "file",
        "version",
        "title",
        "size",
        "leading",
    ];
    NAMES
        .iter()
        .copied()
        .filter(|n| text.contains(&format!("{{{n}}}")))
        .collect()
}

/// The primary language subtag, lower case: `de` of `de-AT`.
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The accessibility summary's sentences in one language.
#[derive(Debug)]
pub(crate) struct Summary {
    pub(crate) base: &'static str,
    pub(crate) glossary: &'static str,
    pub(crate) works_cited: &'static str,
    pub(crate) end: &'static str,
    pub(crate) images: &'static str,
    pub(crate) pages: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_primary_language_subtag() {
        assert_eq!(Locale::new("de-AT").labels.glossary, "Glossar");
        assert_eq!(Locale::new("FR").labels.contents, "Table des matières");
        assert_eq!(Locale::new("en-GB").labels.works_cited, "Works Cited");
        assert_eq!(Locale::new("pt-BR").labels.glossary, "Glossário");
        assert!(!Locale::new("tlh").known);
        assert_eq!(Locale::new("tlh").labels.contents, "Contents");
        let en = Locale::new("en");
        assert_eq!(
            en.authors(&["A".into(), "B".into(), "C".into()]),
            "A, B and C"
        );
        assert_eq!(Locale::new("es").chapter_n(2), "Capítulo 3");
    }

    #[test]
    fn every_language_fills_every_label() {
        let en = Locale::new("en");
        for t in tables::ALL {
            let l = Locale::new(t.lang);
            for ((key, text), (_, english)) in
                l.labels.entries().into_iter().zip(en.labels.entries())
            {
                assert_eq!(
                    placeholders(text),
                    placeholders(english),
                    "{} {key}",
                    t.lang
                );
                if t.lang != "en"
                    && !["by", "page", "pages", "colophon", "chapter", "cover"].contains(&key)
                {
                    assert_ne!(text, english, "{} {key} is English", t.lang);
                }
            }
        }
    }

    #[test]
    fn dates_are_spelled_the_languages_way() {
        let d = "2026-03-18";
        assert_eq!(Locale::new("en-GB").date(d), "18 March 2026");
        assert_eq!(Locale::new("en-US").date(d), "March 18, 2026");
        assert_eq!(Locale::new("de").date(d), "18. März 2026");
        assert_eq!(Locale::new("fr").date(d), "18 mars 2026");
        assert_eq!(Locale::new("fr").date("2026-03-01"), "1er mars 2026");
        assert_eq!(Locale::new("es").date(d), "18 de marzo de 2026");
        assert_eq!(Locale::new("ru").date(d), "18 марта 2026 г.");
        assert_eq!(Locale::new("pl").date(d), "18 marca 2026");
        assert_eq!(Locale::new("pl").date("2026-03"), "marzec 2026");
        assert_eq!(Locale::new("sv").date("2026"), "2026");
        assert_eq!(Locale::new("de").number(10.5, 1), "10,5");
    }

    #[test]
    fn overrides_replace_and_check_keys() {
        let mut l = Locale::new("fr");
        assert_eq!(l.set("works-cited", "Ouvrages cités"), Ok(()));
        assert_eq!(l.labels.works_cited, "Ouvrages cités");
        assert_eq!(
            l.set("work-cited", "x"),
            Err(LabelError::Unknown(Some("works-cited")))
        );
        assert_eq!(
            l.set("published-by", "Éditions"),
            Err(LabelError::Missing(vec!["publisher"]))
        );
    }
}
