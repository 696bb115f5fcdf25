//! Pandoc citation syntax, found in plain text: `[@key]`, `[@key, p. 33]`,
//! `[see @a, pp. 3–5; @b]`, `[-@key]`, narrative `@key` and `@key [p. 33]`. Also finds
//! footnote marks `[^label]` that pulldown-cmark left as text (no definition).
//!
//! Everything here works on byte ranges of one string; the caller maps them to spans.

use std::ops::Range;

/// Something found in a run of text.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A citation of one or more works.
    Cite {
        /// The whole citation, brackets included.
        range: Range<usize>,
        /// The works cited.
        items: Vec<FoundItem>,
        /// `@key` in the sentence rather than `[@key]`.
        narrative: bool,
    },
    /// `[^label]` left as text: a footnote mark without a definition.
    NoteMark {
        /// The mark, brackets included.
        range: Range<usize>,
        /// The label.
        label: String,
    },
}

/// One work inside a citation.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundItem {
    /// The citation key.
    pub key: String,
    /// Where the key is (without `@`).
    pub key_range: Range<usize>,
    /// Text before the key (`see`).
    pub prefix: Option<String>,
    /// A locator such as `p. 33`.
    pub locator: Option<String>,
    /// Text after the locator.
    pub suffix: Option<String>,
    /// Where the prefix is in the scanned text (trimmed), for its formatting.
    pub prefix_range: Option<Range<usize>>,
    /// Where the suffix is in the scanned text (trimmed), for its formatting.
    pub suffix_range: Option<Range<usize>>,
    /// A comma separates the suffix from what comes before it (`[@key, passim]`,
    /// `[@key, p. 3, passim]`), printed as written, as pandoc does.
    pub suffix_comma: bool,
    /// `-@key`.
    pub suppress_author: bool,
}

/// Finds citations and dangling footnote marks in `text`, in order.
pub fn scan(text: &str) -> Vec<Found> {
    let pairs = Brackets::new(text);
    let mut found = vec![];
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().expect("in bounds");
        if c == '['
            && let Some(close) = pairs.innermost(i)
        {
            let inner = &text[i + 1..close];
            if let Some(label) = inner.strip_prefix('^').filter(|l| is_note_label(l)) {
                found.push(Found::NoteMark {
                    range: i..close + 1,
                    label: label.to_string(),
                });
                i = close + 1;
                continue;
            }
            if let Some(items) = bracketed(text, i + 1..close) {
                found.push(Found::Cite {
                    range: i..close + 1,
                    items,
                    narrative: false,
                });
                i = close + 1;
                continue;
            }
        }
        if c == '@'
            && at_word_start(text, i)
            && let Some(key_range) = key_at(text, i + 1)
        {
            let (end, locator, suffix_range, suffix_comma) =
                narrative_tail(text, key_range.end, &pairs);
            found.push(Found::Cite {
                range: i..end,
                items: vec![FoundItem {
                    key: text[key_range.clone()].to_string(),
                    key_range,
                    prefix: None,
                    locator: locator.and_then(|r| non_empty(&text[r])),
                    suffix: suffix_range.clone().and_then(|r| non_empty(&text[r])),
                    prefix_range: None,
                    suffix_range,
                    suffix_comma,
                    suppress_author: false,
                }],
                narrative: true,
            });
            i = end;
            continue;
        }
        i += c.len_utf8();
    }
    found
}

/// Every `[` of a text with the `]` that closes it (nesting counted), found in one
/// pass, so a text of many unclosed brackets is scanned in linear time. Only a pair with
/// no pair inside it can be a citation or a note mark (neither holds brackets), which
/// keeps deeply nested brackets linear too: innermost pairs do not overlap.
struct Brackets(std::collections::HashMap<usize, (usize, bool)>);

impl Brackets {
    fn new(text: &str) -> Brackets {
        // Open brackets, each with whether a pair has closed inside it.
        let mut open: Vec<(usize, bool)> = vec![];
        let mut pairs = std::collections::HashMap::new();
        for (k, b) in text.bytes().enumerate() {
            match b {
                b'[' => open.push((k, false)),
                b']' => {
                    if let Some((o, nested)) = open.pop() {
                        pairs.insert(o, (k, !nested));
                        if let Some(parent) = open.last_mut() {
                            parent.1 = true;
                        }
                    }
                }
                _ => {}
            }
        }
        Brackets(pairs)
    }

    /// The index of the `]` closing the `[` at `open`.
    fn close(&self, open: usize) -> Option<usize> {
        self.0.get(&open).map(|&(close, _)| close)
    }

    /// The `]` closing the `[` at `open` when no bracket pair is between them.
    fn innermost(&self, open: usize) -> Option<usize> {
        self.0
            .get(&open)
            .and_then(|&(close, innermost)| innermost.then_some(close))
    }
}

fn is_note_label(l: &str) -> bool {
    !l.is_empty() && !l.contains(char::is_whitespace) && !l.contains(['[', ']'])
}

/// Parses the inside of `[…]` as `item; item; …`; `None` if any item has no key.
fn bracketed(text: &str, inner: Range<usize>) -> Option<Vec<FoundItem>> {
    let mut items = vec![];
    let mut start = inner.start;
    for part in text[inner.clone()].split(';') {
        let range = start..start + part.len();
        start = range.end + 1;
        items.push(item(text, range)?);
    }
    Some(items)
}

/// One `prefix -@key, locator suffix` item.
fn item(text: &str, range: Range<usize>) -> Option<FoundItem> {
    let part = &text[range.clone()];
    let at = part
        .char_indices()
        .filter(|&(_, c)| c == '@')
        .map(|(k, _)| range.start + k)
        .find(|&a| {
            at_word_start(text, a) || text[..a].ends_with('-') && at_word_start(text, a - 1)
        })?;
    let key_range = key_at(text, at + 1)?;
    let suppress = at > range.start && text[..at].ends_with('-');
    let prefix_end = if suppress { at - 1 } else { at };
    let prefix_range = trimmed(text, range.start..prefix_end);
    let rest = trimmed(text, key_range.end..range.end).unwrap_or(range.end..range.end);
    let (locator, suffix_range) = match text[rest.clone()].strip_prefix(',') {
        Some(_) => split_locator_in(text, rest.start + 1..rest.end),
        // pandoc also reads a labelled locator without the comma: `[@doe2005 pp. 33-35]`.
        None if starts_with_label(&text[rest.clone()]) => split_locator_in(text, rest),
        None => (None, trimmed(text, rest)),
    };
    let string = |r: &Option<Range<usize>>| r.clone().and_then(|r| non_empty(&text[r]));
    let suffix_comma = comma_before(text, key_range.end, &locator, &suffix_range);
    Some(FoundItem {
        key: text[key_range.clone()].to_string(),
        key_range,
        prefix: string(&prefix_range),
        locator: string(&locator),
        suffix: string(&suffix_range),
        prefix_range,
        suffix_range,
        suffix_comma,
        suppress_author: suppress,
    })
}

/// After a narrative `@key`: an optional ` [p. 33]` with a locator and suffix.
fn narrative_tail(
    text: &str,
    key_end: usize,
    pairs: &Brackets,
) -> (usize, Option<Range<usize>>, Option<Range<usize>>, bool) {
    let rest = &text[key_end..];
    let after = rest.trim_start_matches(' ');
    let open = key_end + (rest.len() - after.len());
    if after.starts_with('[')
        && !after.starts_with("[^")
        && let Some(close) = pairs.close(open)
        && !text[open..close].contains('@')
    {
        let inner = trimmed(text, open + 1..close).unwrap_or(close..close);
        let start = inner.start + usize::from(text[inner.clone()].starts_with(','));
        let (locator, suffix) = split_locator_in(text, start..inner.end);
        let comma = comma_before(text, open + 1, &locator, &suffix);
        return (close + 1, locator, suffix, comma);
    }
    (key_end, None, None, false)
}

/// Whether the `@` at `at` starts a word (not inside an email address — whose local
/// part may hold `+`, `=`, `%` and more —, a URL or a word).
fn at_word_start(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || "_@.-/:+=%&#!?^~|$*".contains(c)))
}

/// The citation key starting at `start` (after `@`): `{any key}` or pandoc's key
/// characters, trailing punctuation excluded.
fn key_at(text: &str, start: usize) -> Option<Range<usize>> {
    let rest = &text[start..];
    if let Some(braced) = rest.strip_prefix('{') {
        let end = braced.find('}')?;
        return (end > 0).then(|| start + 1..start + 1 + end);
    }
    let first = rest.chars().next()?;
    if !(first.is_alphanumeric() || first == '_') {
        return None;
    }
    let len: usize = rest
        .chars()
        .take_while(|&c| c.is_alphanumeric() || "_:.#$%&-+?<>~/".contains(c))
        .map(char::len_utf8)
        .sum();
    let key = rest[..len].trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
    Some(start..start + key.len())
}

/// Whether a comma is written between `from` (or the locator's end) and the suffix.
fn comma_before(
    text: &str,
    from: usize,
    locator: &Option<Range<usize>>,
    suffix: &Option<Range<usize>>,
) -> bool {
    let start = locator.as_ref().map_or(from, |l| l.end);
    suffix
        .as_ref()
        .is_some_and(|s| text.get(start..s.start).is_some_and(|t| t.contains(',')))
}

/// `range` of `text` without the whitespace at its ends; `None` if nothing is left.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    (start < end).then_some(start..end)
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// Locator labels pandoc understands, with the CSL locator each stands for.
pub const LOCATOR_LABELS: &[(&str, &str)] = &[
    ("pp.", "page"),
    ("p.", "page"),
    ("pages", "page"),
    ("page", "page"),
    ("chaps.", "chapter"),
    ("chap.", "chapter"),
    ("ch.", "chapter"),
    ("chapter", "chapter"),
    ("§§", "section"),
    ("§", "section"),
    ("sec.", "section"),
    ("section", "section"),
    ("vols.", "volume"),
    ("vol.", "volume"),
    ("volume", "volume"),
    ("paras.", "paragraph"),
    ("para.", "paragraph"),
    ("¶", "paragraph"),
    ("nn.", "note"),
    ("n.", "note"),
    ("note", "note"),
    ("ll.", "line"),
    ("l.", "line"),
    ("line", "line"),
    ("figs.", "figure"),
    ("fig.", "figure"),
    ("col.", "column"),
    ("bk.", "book"),
    ("pt.", "part"),
    ("no.", "issue"),
];

/// Whether `s` starts with a locator label followed by a value (`pp. 33`, `chap. 3`).
fn starts_with_label(s: &str) -> bool {
    let lower = s.to_lowercase();
    LOCATOR_LABELS.iter().any(|(l, _)| {
        lower.starts_with(l)
            && lower[l.len()..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || "ivxlcdm".contains(c))
    })
}

/// Splits `p. 33, emphasis added` into locator `p. 33` and suffix `emphasis added`.
/// A bare number is a page locator; text without a locator is all suffix.
pub fn split_locator(s: &str) -> (Option<String>, Option<String>) {
    let (locator, suffix) = split_locator_in(s, 0..s.len());
    let string = |r: Option<Range<usize>>| r.and_then(|r| non_empty(&s[r]));
    (string(locator), string(suffix))
}

/// [`split_locator`] of `text[range]`, giving the ranges of locator and suffix in `text`.
fn split_locator_in(
    text: &str,
    range: Range<usize>,
) -> (Option<Range<usize>>, Option<Range<usize>>) {
    let Some(range) = trimmed(text, range) else {
        return (None, None);
    };
    let s = &text[range.clone()];
    let at = |r: Range<usize>| range.start + r.start..range.start + r.end;
    let lower = s.to_lowercase();
    let label_len = LOCATOR_LABELS
        .iter()
        .find(|(l, _)| {
            lower.starts_with(l)
                && lower[l.len()..].starts_with(|c: char| c == ' ' || c.is_ascii_digit())
        })
        .map_or(0, |(l, _)| l.len());
    let after = &s[label_len..];
    let value_start = label_len + (after.len() - after.trim_start().len());
    let value_len = locator_value_len(&s[value_start..]);
    if value_len == 0 {
        return (None, Some(range));
    }
    let end = value_start + value_len;
    let suffix_start = s.len() - s[end..].trim_start_matches([',', ' ']).len();
    let suffix = trimmed(s, suffix_start..s.len()).map(at);
    (Some(at(0..end)), suffix)
}

/// Length of a locator value: numbers, roman numerals and ranges (`3–5`, `xii, 4`).
fn locator_value_len(s: &str) -> usize {
    let is_num = |c: char| c.is_ascii_digit() || "ivxlcdmIVXLCDM".contains(c);
    let mut end = 0;
    let mut i = 0;
    let b: Vec<(usize, char)> = s.char_indices().collect();
    while i < b.len() {
        let (at, c) = b[i];
        if is_num(c) {
            let mut j = i;
            while j < b.len() && (is_num(b[j].1) || b[j].1.is_ascii_alphabetic() && j > i) {
                j += 1;
            }
            let word_end = b.get(j).map_or(s.len(), |x| x.0);
            if !s[at..word_end].chars().any(|c| c.is_ascii_digit())
                && !s[at..word_end]
                    .chars()
                    .all(|c| "ivxlcdmIVXLCDM".contains(c))
            {
                break;
            }
            end = word_end;
            i = j;
            // A separator continues the value only if a number follows.
            let mut k = i;
            while k < b.len() && matches!(b[k].1, '–' | '-' | ',' | ' ' | '—') {
                k += 1;
            }
            if k > i && k < b.len() && b[k].1.is_ascii_digit() {
                i = k;
                continue;
            }
            break;
        }
        break;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    type Item = (String, Option<String>, Option<String>, Option<String>, bool);

    fn keys(text: &str) -> Vec<Item> {
        scan(text)
            .into_iter()
            .flat_map(|f| match f {
                Found::Cite { items, .. } => items,
                Found::NoteMark { .. } => vec![],
            })
            .map(|i| (i.key, i.prefix, i.locator, i.suffix, i.suppress_author))
            .collect()
    }

    #[test]
    fn bracketed_forms() {
        let t = "As argued [see @a, pp. 3–5; @b] and [-@c, 12, emphasis added].";
        let k = keys(t);
        assert_eq!(
            k[0],
            (
                "a".into(),
                Some("see".into()),
                Some("pp. 3–5".into()),
                None,
                false
            )
        );
        assert_eq!(k[1], ("b".into(), None, None, None, false));
        assert_eq!(
            k[2],
            (
                "c".into(),
                None,
                Some("12".into()),
                Some("emphasis added".into()),
                true
            )
        );
    }

    #[test]
    fn narrative_and_emails() {
        let t = "Write to a@b.org; @trotsky1937 [p. 33] says, and @lenin.";
        let found = scan(t);
        assert_eq!(found.len(), 2);
        let Found::Cite {
            items,
            narrative,
            range,
        } = &found[0]
        else {
            panic!()
        };
        assert!(narrative);
        assert_eq!(&t[range.clone()], "@trotsky1937 [p. 33]");
        assert_eq!(items[0].locator.as_deref(), Some("p. 33"));
        assert_eq!(keys(t)[1].0, "lenin");
    }

    #[test]
    fn not_citations() {
        assert!(scan("[a note without keys] and [x@y.z]").is_empty());
        assert_eq!(
            scan("see [^missing]"),
            vec![Found::NoteMark {
                range: 4..14,
                label: "missing".into()
            }]
        );
    }

    #[test]
    fn a_labelled_locator_needs_no_comma() {
        let found =
            scan("[@doe2005 pp. 33-35] and [@doe2006 chap. 3, passim] and [@doe2007 passim]");
        let items: Vec<(Option<String>, Option<String>)> = found
            .iter()
            .filter_map(|f| match f {
                Found::Cite { items, .. } => {
                    Some((items[0].locator.clone(), items[0].suffix.clone()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            items,
            [
                (Some("pp. 33-35".into()), None),
                (Some("chap. 3".into()), Some("passim".into())),
                (None, Some("passim".into())),
            ]
        );
    }

    #[test]
    fn locators() {
        assert_eq!(split_locator("chap. 2"), (Some("chap. 2".into()), None));
        assert_eq!(split_locator("xii"), (Some("xii".into()), None));
        assert_eq!(
            split_locator("and elsewhere"),
            (None, Some("and elsewhere".into()))
        );
        assert_eq!(
            split_locator("p. 33, note"),
            (Some("p. 33".into()), Some("note".into()))
        );
    }
}
