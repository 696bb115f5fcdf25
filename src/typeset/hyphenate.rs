//! Where a word may break at a line end: Liang hyphenation (the hyphenation crate's
//! embedded patterns, loaded once per book), after explicit hyphens and dashes, and
//! inside URLs and identifiers at `/ . - _ ? & = #` without adding a hyphen.
//!
//! A book hyphenates with its language's patterns; a passage marked as another
//! language (`[text]{lang=de}`, `::: {lang=de}`) with that language's, loaded when its
//! first word is met ([`Hyphenators`]), and not at all where there are none: wrong
//! patterns break words where no reader of the language would.

use hyphenation::{Hyphenator as _, Language, Load, Standard};
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex};

/// Fewest characters a word must have to be hyphenated.
const MIN_WORD: usize = 5;
/// Fewest characters before a hyphen (TeX's `\lefthyphenmin`).
const LEFT_MIN: usize = 2;
/// Fewest characters after a hyphen (TeX's `\righthyphenmin`).
const RIGHT_MIN: usize = 3;

/// How a word may break at a point.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BreakKind {
    /// A hyphen is inserted (Liang patterns).
    Hyphen,
    /// After a hyphen or dash already in the text.
    Explicit,
    /// Inside a URL or identifier, nothing inserted.
    Url,
    /// A hyphen inserted into a capitalised word (a proper name): allowed only where no
    /// other feasible break exists, so it costs far more than [`BreakKind::Hyphen`].
    ProperName,
    /// A hyphen inserted inside one part of a compound that has a seam elsewhere
    /// ("Genos-senschaftsgesetz" where "Genossenschafts-gesetz" is its seam): costs
    /// more than [`BreakKind::Hyphen`], which the seam keeps ([`super::compounds`]).
    InsideCompound,
}

/// A place a word may break: the byte offset where the next line would start.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct BreakPoint {
    /// Byte offset in the word.
    pub offset: usize,
    /// What happens there.
    pub kind: BreakKind,
}

/// The hyphenation dictionaries of a book: its language's, plus Russian for Cyrillic
/// and Greek for Greek words met in a book in another script.
pub struct Hyphenator {
    dicts: Arc<Dictionaries>,
    /// Fewest letters before and after an inserted hyphen, in the book's language.
    minima: (usize, usize),
    /// Whether a capital marks a proper name (not in German, which capitalises nouns).
    names_capitalised: bool,
    /// Whether the main patterns' language is German, whose compounds break by their
    /// parts first ([`super::compounds`]).
    german: bool,
    /// Break offsets of letter runs already hyphenated (running text repeats its
    /// words; the pattern lookup was a tenth of a long book's build).
    known: Mutex<HashMap<Box<str>, Arc<[usize]>>>,
}

/// The pattern sets, shared by a hyphenator and its forks.
struct Dictionaries {
    main: Option<Standard>,
    cyrillic: Option<Standard>,
    greek: Option<Standard>,
}

/// Maps a BCP 47 tag to a pattern set.
fn language_of(tag: &str) -> Option<Language> {
    let tag = tag.to_ascii_lowercase();
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    // A tag that names a pattern set exactly (de-1901, la-x-classic, el-polyton) first.
    if let Some(exact) = Language::try_from_code(tag.as_str()) {
        return Some(exact);
    }
    Some(match (primary, tag.as_str()) {
        (_, "en-gb" | "en-au" | "en-nz" | "en-ie" | "en-za" | "en-in") => Language::EnglishGB,
        ("en", _) => Language::EnglishUS,
        (_, "de-ch") => Language::GermanSwiss,
        ("de", _) => Language::German1996,
        ("fr", _) => Language::French,
        ("es", _) => Language::Spanish,
        ("it", _) => Language::Italian,
        ("pt", _) => Language::Portuguese,
        ("nl", _) => Language::Dutch,
        ("pl", _) => Language::Polish,
        ("cs", _) => Language::Czech,
        ("sk", _) => Language::Slovak,
        ("sv", _) => Language::Swedish,
        ("da", _) => Language::Danish,
        ("nb" | "no", _) => Language::NorwegianBokmal,
        ("nn", _) => Language::NorwegianNynorsk,
        ("fi", _) => Language::Finnish,
        ("hu", _) => Language::Hungarian,
        ("ro", _) => Language::Romanian,
        ("tr", _) => Language::Turkish,
        ("ca", _) => Language::Catalan,
        ("ru", _) => Language::Russian,
        ("uk", _) => Language::Ukrainian,
        ("bg", _) => Language::Bulgarian,
        ("el", _) => Language::GreekMono,
        ("la", _) => Language::Latin,
        (_, "sr-latn" | "sr-latn-rs" | "bs" | "bs-latn") => Language::SerbocroatianLatin,
        ("sr", _) => Language::SerbianCyrillic,
        ("mn", _) => Language::Mongolian,
        // Pinyin patterns are for romanised Chinese only: Chinese text breaks between
        // characters, never by patterns.
        ("zh", _) => return None,
        // Every other language the patterns cover, by its primary subtag (hr, sl, et, lt, lv, cy, eu, is, ga, gl, …).
        _ => return Language::try_from_code(primary),
    })
}

/// Fewest letters before and after a hyphen: TeX's `\lefthyphenmin`/`\righthyphenmin`
/// as each language's babel/polyglossia settings have them where they differ from
/// English's 2 and 3 (German, Russian and Dutch allow two after; never fewer than two).
fn minima(lang: Option<Language>) -> (usize, usize) {
    use Language::*;
    match lang {
        Some(German1996 | GermanSwiss | Russian | Ukrainian | Bulgarian | Dutch | Polish) => {
            (LEFT_MIN, 2)
        }
        Some(Italian | Spanish | Portuguese | Catalan | Czech | Slovak) => (LEFT_MIN, 2),
        _ => (LEFT_MIN, RIGHT_MIN),
    }
}

/// Words remembered at most (a manuscript of unique words must not fill memory).
const MAX_KNOWN_WORDS: usize = 50_000;

impl Hyphenator {
    /// Loads the patterns for a BCP 47 language tag (e.g. `en-GB`, `de`, `ru`), with
    /// Russian and Greek patterns for words in those scripts.
    pub fn new(language: &str) -> Hyphenator {
        Hyphenator::with(language_of(language), true)
    }

    /// The patterns of one language and no other: for a passage marked as in it.
    fn passage(language: Language) -> Hyphenator {
        Hyphenator::with(Some(language), false)
    }

    fn with(main_lang: Option<Language>, scripts: bool) -> Hyphenator {
        let load = |l| Standard::from_embedded(l).ok();
        let script_dict = |l: Language, same: &[Language]| {
            if !scripts || main_lang.is_some_and(|m| same.contains(&m)) {
                None
            } else {
                load(l)
            }
        };
        Hyphenator {
            minima: minima(main_lang),
            names_capitalised: !matches!(
                main_lang,
                Some(Language::German1996 | Language::GermanSwiss)
            ),
            german: matches!(
                main_lang,
                Some(Language::German1996 | Language::GermanSwiss | Language::German1901)
            ),
            dicts: Arc::new(Dictionaries {
                main: main_lang.and_then(load),
                cyrillic: script_dict(
                    Language::Russian,
                    &[Language::Russian, Language::Ukrainian, Language::Bulgarian],
                ),
                greek: script_dict(Language::GreekMono, &[Language::GreekMono]),
            }),
            known: Mutex::default(),
        }
    }

    /// The same patterns with a cache of its own, for another thread: a shared cache
    /// would have the two threads take turns at one lock for every word.
    pub fn fork(&self) -> Hyphenator {
        Hyphenator {
            minima: self.minima,
            names_capitalised: self.names_capitalised,
            german: self.german,
            dicts: self.dicts.clone(),
            known: Mutex::default(),
        }
    }

    /// Whether the book's language has patterns (if not, the caller should warn that
    /// the text will not be hyphenated).
    pub fn supports_language(&self) -> bool {
        self.dicts.main.is_some()
    }

    /// The places `word` (text between spaces, punctuation included) may break.
    pub fn break_points(&self, word: &str, hyphenate: bool) -> Vec<BreakPoint> {
        if is_url_like(word) {
            return url_breaks(word);
        }
        if word.contains('\u{ad}') {
            // Soft hyphens in the text are the author's choice: break there only.
            let soft = word.match_indices('\u{ad}').map(|(i, _)| BreakPoint {
                offset: i + 2,
                kind: BreakKind::Hyphen,
            });
            return soft.filter(|p| p.offset < word.len()).collect();
        }
        let mut out = Vec::new();
        let mut letters_start = None;
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        // In a hyphenated compound ("co-operative", "working-class") the explicit
        // hyphen is the only break: a second, inserted one reads as a misprint.
        let compound = chars.windows(3).any(|w| {
            matches!(w[1].1, '-' | '\u{2010}') && w[0].1.is_alphabetic() && w[2].1.is_alphabetic()
        });
        let hyphenate = hyphenate && !compound;
        for (k, &(i, c)) in chars.iter().enumerate() {
            if c.is_alphabetic() {
                letters_start.get_or_insert(i);
                continue;
            }
            if let Some(s) = letters_start.take()
                && hyphenate
            {
                self.hyphenate_letters(word, s..i, &mut out);
            }
            // After a hyphen or dash between letters (or digits): "self-evident", "1917–1923".
            let dash = matches!(c, '-' | '\u{2010}' | '\u{2013}' | '\u{2014}');
            let before = k > 0
                && (chars[k - 1].1.is_alphanumeric()
                    || matches!(chars[k - 1].1, ')' | ']' | '’' | '”'));
            let after = chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
            if dash && before && after {
                out.push(BreakPoint {
                    offset: i + c.len_utf8(),
                    kind: BreakKind::Explicit,
                });
            }
        }
        if let Some(s) = letters_start
            && hyphenate
        {
            self.hyphenate_letters(word, s..word.len(), &mut out);
        }
        out
    }

    /// Hyphenates a run of letters `word[range]` into `out`.
    fn hyphenate_letters(
        &self,
        word: &str,
        range: std::ops::Range<usize>,
        out: &mut Vec<BreakPoint>,
    ) {
        let letters = &word[range.clone()];
        let count = letters.chars().count();
        // Short words stay whole, and so do acronyms and words set in capitals.
        if count < MIN_WORD || !letters.chars().any(char::is_lowercase) {
            return;
        }
        let first = letters.chars().next().unwrap_or('a');
        let (dict, main) = match first {
            'Ѐ'..='ӿ' if self.dicts.cyrillic.is_some() => (self.dicts.cyrillic.as_ref(), false),
            'Ͱ'..='Ͽ' | 'ἀ'..='῾' if self.dicts.greek.is_some() => {
                (self.dicts.greek.as_ref(), false)
            }
            _ => (self.dicts.main.as_ref(), true),
        };
        let Some(dict) = dict else { return };
        let known = self.known.lock().ok().and_then(|m| m.get(letters).cloned());
        let breaks = match known {
            Some(b) => b,
            None => {
                let lower = letters.to_lowercase();
                if lower.len() != letters.len() {
                    return; // case folding moved bytes: rare, not worth the realignment
                }
                let b: Arc<[usize]> = dict.hyphenate(&lower).breaks.into();
                if let Ok(mut m) = self.known.lock()
                    && m.len() < MAX_KNOWN_WORDS
                {
                    m.insert(letters.into(), b.clone());
                }
                b
            }
        };
        // A capitalised word with lower case after its first letter is a name (or a
        // sentence's first word, which the high cost spares as well).
        // German capitalises every noun, so there a capital says nothing.
        let kind = if first.is_uppercase() && self.names_capitalised {
            BreakKind::ProperName
        } else {
            BreakKind::Hyphen
        };
        let (left, right) = self.minima;
        let allowed: Vec<usize> = breaks
            .iter()
            .copied()
            .filter(|&b| {
                let before = letters[..b].chars().count();
                before >= left && count - before >= right
            })
            .collect();
        // A German compound breaks where its parts meet; its other points cost more.
        let seams: Vec<bool> = if self.german && main && kind == BreakKind::Hyphen {
            let lower = letters.to_lowercase();
            allowed
                .iter()
                .map(|&b| super::compounds::german_seam(&lower, b))
                .collect()
        } else {
            vec![false; allowed.len()]
        };
        let compound = seams.contains(&true);
        for (&b, &seam) in allowed.iter().zip(&seams) {
            out.push(BreakPoint {
                offset: range.start + b,
                kind: if compound && !seam {
                    BreakKind::InsideCompound
                } else {
                    kind
                },
            });
        }
    }
}

/// A book's hyphenators: its language's, and one for each language of a passage in
/// another, loaded when the first word of that language is met and kept for the
/// typesetter's life (the live preview's rebuilds find them warm).
pub struct Hyphenators {
    book: Hyphenator,
    /// The book's pattern set, so a passage in the book's own language uses `book`.
    book_language: Option<Language>,
    /// Passages' hyphenators by pattern set.
    passages: Mutex<HashMap<Language, Arc<Hyphenator>>>,
}

impl Hyphenators {
    /// The hyphenators of a book in `language` (BCP 47); passages' load on demand.
    pub fn new(language: &str) -> Hyphenators {
        Hyphenators {
            book: Hyphenator::new(language),
            book_language: language_of(language),
            passages: Mutex::default(),
        }
    }

    /// The same patterns, those of passages already met included, with caches of
    /// their own (see [`Hyphenator::fork`]).
    pub fn fork(&self) -> Hyphenators {
        let passages = self.passages.lock().map_or_else(
            |_| HashMap::default(),
            |m| m.iter().map(|(l, h)| (*l, Arc::new(h.fork()))).collect(),
        );
        Hyphenators {
            book: self.book.fork(),
            book_language: self.book_language,
            passages: Mutex::new(passages),
        }
    }

    /// Whether the book's language has patterns.
    pub fn supports_language(&self) -> bool {
        self.book.supports_language()
    }

    /// The places `word` may break, as [`Hyphenator::break_points`] has them, in
    /// `lang` (a passage's BCP 47 tag; `None` for the book's language). A passage in a
    /// language without patterns gets no inserted hyphens; soft hyphens, explicit
    /// hyphens and URLs break in every language.
    pub fn break_points(&self, lang: Option<&str>, word: &str, hyphenate: bool) -> Vec<BreakPoint> {
        let Some(tag) = lang else {
            return self.book.break_points(word, hyphenate);
        };
        match language_of(tag) {
            Some(l) if Some(l) == self.book_language => self.book.break_points(word, hyphenate),
            Some(l) => match self.passage(l) {
                Some(h) => h.break_points(word, hyphenate),
                None => self.book.break_points(word, false), // a poisoned lock
            },
            None => self.book.break_points(word, false),
        }
    }

    /// The hyphenator of a passage's pattern set, loaded on first use.
    fn passage(&self, l: Language) -> Option<Arc<Hyphenator>> {
        let mut m = self.passages.lock().ok()?;
        Some(
            m.entry(l)
                .or_insert_with(|| Arc::new(Hyphenator::passage(l)))
                .clone(),
        )
    }
}

/// Whether a word is a URL, e-mail address, path or identifier rather than prose.
fn is_url_like(word: &str) -> bool {
    word.contains("://")
        || word.starts_with("www.")
        || (word.contains('@') && word.contains('.'))
        || word.contains('_')
        || (word.contains('/')
            && word.chars().filter(|c| c.is_alphabetic()).count() > 3
            && word.len() > 12)
}

/// Break points inside a URL (Chicago style): after `//` and `:`, before `/ . _ ? # & = -`.
fn url_breaks(word: &str) -> Vec<BreakPoint> {
    let bytes = word.as_bytes();
    let mut out = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        let at = match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => None,
            b'/' if i > 0 && bytes[i - 1] == b'/' => Some(i + 1),
            b':' if bytes.get(i + 1) == Some(&b'/') => None,
            b':' => Some(i + 1),
            b'/' | b'.' | b'_' | b'?' | b'#' | b'&' | b'=' | b'-' | b'@' => Some(i),
            _ => None,
        };
        // Never at the very start or end, and not twice at the same place.
        if let Some(at) = at.filter(|&a| a > 0 && a < word.len())
            && out.last().is_none_or(|p: &BreakPoint| p.offset != at)
        {
            out.push(BreakPoint {
                offset: at,
                kind: BreakKind::Url,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(h: &Hyphenator, word: &str) -> String {
        let mut s = String::new();
        let points = h.break_points(word, true);
        for (i, c) in word.char_indices() {
            if let Some(p) = points.iter().find(|p| p.offset == i) {
                s.push(match p.kind {
                    BreakKind::Hyphen => '-',
                    BreakKind::ProperName => '=',
                    BreakKind::InsideCompound => '~',
                    BreakKind::Explicit => '|',
                    BreakKind::Url => '¦',
                });
            }
            s.push(c);
        }
        s
    }

    #[test]
    fn languages_and_minimums() {
        let en = Hyphenator::new("en-GB");
        assert!(en.supports_language());
        assert_eq!(show(&en, "revolutionary"), "re-volu-tion-ary");
        assert_eq!(show(&en, "state,"), "state,");
        assert_eq!(show(&en, "UNESCO"), "UNESCO");
        assert_eq!(show(&en, "Троцкий"), "Троц=кий");
        assert_eq!(show(&en, "Trotskyist"), "Trot=sky=ist");
        assert_eq!(show(&en, "Montmartre"), "Mont=martre");
        let de = Hyphenator::new("de");
        assert_eq!(
            show(&de, "Gewerkschaftsbewegung"),
            "Ge~werk~schafts-be~we~gung"
        );
        assert_eq!(show(&de, "Selbstverwaltung"), "Selbst-ver~wal~tung");
        assert_eq!(show(&de, "Bewegung"), "Be-we-gung");
        assert!(!Hyphenator::new("tlh").supports_language());
    }

    /// Every language the embedded patterns cover is reached from its BCP 47 tag, not
    /// only the ones named in the table.
    #[test]
    fn every_embedded_language_is_reached_by_its_tag() {
        for (tag, lang) in [
            ("hr", Language::Croatian),
            ("sl-SI", Language::Slovenian),
            ("et", Language::Estonian),
            ("lt", Language::Lithuanian),
            ("lv", Language::Latvian),
            ("cy", Language::Welsh),
            ("eu", Language::Basque),
            ("is", Language::Icelandic),
            ("ga", Language::Irish),
            ("de-1901", Language::German1901),
            ("la-x-classic", Language::LatinClassic),
            ("sr", Language::SerbianCyrillic),
            ("sr-Latn", Language::SerbocroatianLatin),
        ] {
            assert_eq!(language_of(tag), Some(lang), "{tag}");
        }
        assert_eq!(
            language_of("zh-Hans"),
            None,
            "no pinyin patterns for Chinese text"
        );
        let hr = Hyphenator::new("hr");
        assert!(hr.supports_language());
        assert!(
            show(&hr, "sveučilište").contains('-'),
            "{}",
            show(&hr, "sveučilište")
        );
    }

    #[test]
    fn passages_hyphenate_with_their_own_patterns_or_none() {
        let book = Hyphenators::new("en-US");
        let at = |lang: Option<&str>, word: &str| -> Vec<usize> {
            let points = book.break_points(lang, word, true);
            points.iter().map(|p| p.offset).collect()
        };
        let de = Hyphenator::new("de").break_points("Gewerkschaftsbewegung", true);
        let de: Vec<usize> = de.iter().map(|p| p.offset).collect();
        assert_eq!(at(Some("de-DE"), "Gewerkschaftsbewegung"), de);
        assert_ne!(at(None, "Gewerkschaftsbewegung"), de);
        // The book's own language, however tagged, is the book's hyphenator.
        assert_eq!(
            at(Some("en-US"), "revolutionary"),
            at(None, "revolutionary")
        );
        // No patterns (Swahili, a made-up tag): no inserted hyphens, explicit ones stay.
        assert!(!at(None, "walishirikiana").is_empty());
        assert!(at(Some("sw"), "walishirikiana").is_empty());
        assert!(at(Some("x-unknown"), "revolutionary").is_empty());
        assert_eq!(at(Some("sw"), "kazi-kazi"), vec![5]);
        // A fork sets the same, with the passages already loaded.
        let fork = book.fork();
        let fork_de = fork.break_points(Some("de"), "Gewerkschaftsbewegung", true);
        assert_eq!(fork_de.iter().map(|p| p.offset).collect::<Vec<_>>(), de);
    }

    #[test]
    fn explicit_hyphens_and_urls() {
        let en = Hyphenator::new("en");
        assert_eq!(show(&en, "working-class"), "working-|class");
        assert_eq!(show(&en, "co-operative"), "co-|operative");
        assert_eq!(show(&en, "1917–1923"), "1917–|1923");
        assert_eq!(
            show(&en, "Bol\u{ad}she\u{ad}vik"),
            "Bol\u{ad}-she\u{ad}-vik"
        );
        assert_eq!(
            show(&en, "https://example.org/a_b?x=1"),
            "https://¦example¦.org¦/a¦_b¦?x¦=1"
        );
    }
}
