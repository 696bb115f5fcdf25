//! `[book]` into [`Metadata`]: checks the language, date and identifier, derives the slug
//! and, when no identifier is given, a stable UUID from title and authors.

use super::config::{BookSection, SeriesNumber};
use crate::diag::{Diagnostic, Diagnostics, FileId, Span};
use crate::locale::{LABEL_KEYS, LabelError, Locale};
use crate::model::{Catalogue, Identifier, Metadata};
use std::collections::BTreeMap;
use toml::Spanned;

/// Namespace for derived book UUIDs (v5), fixed forever so identifiers stay stable.
const NAMESPACE: uuid::Uuid = uuid::Uuid::from_bytes([
    0x6b, 0x1e, 0x2f, 0x9a, 0x53, 0x0c, 0x4d, 0x8e, 0x9a, 0x41, 0x7d, 0x2b, 0x10, 0xc4, 0x5e, 0x77,
]);

/// Builds the metadata, reporting malformed values.
pub fn build(file: FileId, book: &BookSection, diags: &mut Diagnostics) -> Metadata {
    let title = book.title.get_ref().trim().to_string();
    if title.is_empty() {
        diags.push(Diagnostic::error(
            Span::new(file, book.title.span()),
            "the title is empty",
        ));
    }
    let language = book.language.get_ref().trim().to_string();
    if !is_language_tag(&language) {
        diags.push(
            Diagnostic::error(
                Span::new(file, book.language.span()),
                format!("`{language}` is not a BCP 47 language tag"),
            )
            .with_hint("write e.g. \"en\", \"en-GB\", \"de\", \"fr-CA\""),
        );
    }
    if let Some(d) = &book.date
        && !is_iso_date(d.get_ref())
    {
        diags.push(
            Diagnostic::error(
                Span::new(file, d.span()),
                format!("`{}` is not an ISO date", d.get_ref()),
            )
            .with_hint("write YYYY-MM-DD, YYYY-MM or YYYY"),
        );
    }
    let authors: Vec<String> = book
        .authors
        .iter()
        .map(|a| a.name().trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();
    let identifier = match &book.identifier {
        None => derived_identifier(&title, &authors),
        Some(id) => match isbn13(id.get_ref()) {
            IsbnCheck::Valid(digits) => Identifier::Isbn(digits),
            IsbnCheck::NotIsbn => Identifier::Other(id.get_ref().trim().to_string()),
            IsbnCheck::BadChecksum(expected) => {
                diags.push(
                    Diagnostic::error(Span::new(file, id.span()), format!("`{}` is not a valid ISBN: its check digit is wrong", id.get_ref()))
                        .with_hint(format!("the check digit for these digits would be {expected}; copy the ISBN again from your agency's record")),
                );
                Identifier::Other(id.get_ref().trim().to_string())
            }
        },
    };
    let locale = Locale::new(&language);
    if !locale.known && is_language_tag(&language) {
        diags.push(
            Diagnostic::warning(
                Span::new(file, book.language.span()),
                format!("pamphleteer has no wording for language `{language}`: headings, imprint and colophon will be in English"),
            )
            .with_hint("give the book's own words under `[labels]` in book.toml (keys as in the README), or use one of en, de, fr, es, it, pt, nl, pl, ru, sv"),
        );
    }
    Metadata {
        locale,
        slug: title_slug(&title, &language),
        title,
        subtitle: book.subtitle.clone().filter(|s| !s.trim().is_empty()),
        catalogue: catalogue(file, book, diags),
        authors,
        publisher: book.publisher.clone().filter(|s| !s.trim().is_empty()),
        language,
        date: book.date.as_ref().map(|d| d.get_ref().clone()),
        identifier,
        description: book.description.clone(),
        rights: book.rights.clone(),
    }
}

/// Applies `[labels]` to the book's wording: unknown keys are errors (with the closest
/// key), a text without the placeholders its label needs a warning.
pub fn apply_labels(
    file: FileId,
    locale: &mut Locale,
    labels: &BTreeMap<Spanned<String>, Spanned<String>>,
    diags: &mut Diagnostics,
) {
    for (key, text) in labels {
        match locale.set(key.get_ref(), text.get_ref()) {
            Ok(()) => {}
            Err(LabelError::Unknown(close)) => {
                let hint = match close {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("the labels are: {}", LABEL_KEYS.join(", ")),
                };
                diags.push(
                    Diagnostic::error(
                        Span::new(file, key.span()),
                        format!("book.toml: unknown label `{}`", key.get_ref()),
                    )
                    .with_hint(hint),
                );
            }
            Err(LabelError::Missing(names)) => {
                let names: Vec<String> = names.iter().map(|n| format!("{{{n}}}")).collect();
                diags.push(
                    Diagnostic::warning(
                        Span::new(file, text.span()),
                        format!(
                            "the label `{}` leaves out {}",
                            key.get_ref(),
                            names.join(", ")
                        ),
                    )
                    .with_hint(
                        "the text is used as written; add the placeholders where the values belong",
                    ),
                );
            }
        }
    }
}

/// Sort names, series and the print edition's ISBN.
fn catalogue(file: FileId, book: &BookSection, diags: &mut Diagnostics) -> Catalogue {
    let authors_file_as = book
        .authors
        .iter()
        .filter(|a| !a.name().trim().is_empty())
        .map(
            |a| match a.file_as().map(str::trim).filter(|f| !f.is_empty()) {
                Some(f) => f.to_string(),
                None => crate::model::file_as(a.name().trim()),
            },
        )
        .collect();
    let series = book
        .series
        .as_ref()
        .map(|s| s.get_ref().trim().to_string())
        .filter(|s| !s.is_empty());
    let series_number = book.series_number.as_ref().and_then(|n| {
        let text = match n.get_ref() {
            SeriesNumber::Integer(i) if *i >= 0 => Some(i.to_string()),
            SeriesNumber::Float(f) if f.is_finite() && *f >= 0.0 => Some(f.to_string()),
            SeriesNumber::Text(t) if t.trim().parse::<f64>().is_ok_and(|f| f >= 0.0) => {
                Some(t.trim().to_string())
            }
            _ => None,
        };
        if text.is_none() {
            diags.push(
                Diagnostic::error(
                    Span::new(file, n.span()),
                    "`series-number` is not a number of the series",
                )
                .with_hint("write e.g. series-number = 3 (or \"2.5\" for a book between two)"),
            );
        }
        if series.is_none() {
            diags.push(
                Diagnostic::warning(
                    Span::new(file, n.span()),
                    "`series-number` without a `series`",
                )
                .with_hint("add series = \"…\" to [book], or remove the number"),
            );
        }
        text
    });
    let print_isbn = book.print_identifier.as_ref().and_then(|id| match isbn13(id.get_ref()) {
        IsbnCheck::Valid(digits) => Some(digits),
        IsbnCheck::NotIsbn => {
            diags.push(
                Diagnostic::error(Span::new(file, id.span()), format!("`{}` is not an ISBN", id.get_ref()))
                    .with_hint("`print-identifier` is the print edition's ISBN, e.g. \"978-3-16-148410-0\""),
            );
            None
        }
        IsbnCheck::BadChecksum(expected) => {
            diags.push(
                Diagnostic::error(Span::new(file, id.span()), format!("`{}` is not a valid ISBN: its check digit is wrong", id.get_ref()))
                    .with_hint(format!("the check digit for these digits would be {expected}; copy the ISBN again from your agency's record")),
            );
            None
        }
    });
    Catalogue {
        authors_file_as,
        series,
        series_number,
        print_isbn,
    }
}

/// A lowercase ASCII slug: letters and digits, words joined by `-` (at most 60 bytes).
/// Letters outside ASCII are transliterated (`deunicode`): "Élan" → `elan`, Cyrillic
/// and Greek to Latin; a text with nothing to spell becomes `book`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c.is_ascii_whitespace() || c == '-' || c == '/')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
    }
    let mut s = out.trim_end_matches('-').to_string();
    if s.len() > 60 {
        s.truncate(60);
        s = s.trim_end_matches('-').to_string();
    }
    if s.is_empty() { "book".to_string() } else { s }
}

/// The slug of a title in language `lang`: German spells ä ö ü ß as ae oe ue ss.
fn title_slug(title: &str, lang: &str) -> String {
    if crate::locale::primary(lang) != "de" {
        return slug(title);
    }
    let mut t = String::with_capacity(title.len());
    for c in title.chars() {
        match c {
            'ä' => t.push_str("ae"),
            'ö' => t.push_str("oe"),
            'ü' => t.push_str("ue"),
            'Ä' => t.push_str("Ae"),
            'Ö' => t.push_str("Oe"),
            'Ü' => t.push_str("Ue"),
            'ß' => t.push_str("ss"),
            c => t.push(c),
        }
    }
    slug(&t)
}

fn derived_identifier(title: &str, authors: &[String]) -> Identifier {
    let name = format!("{}\u{1f}{}", title, authors.join("\u{1e}"));
    Identifier::Derived(format!(
        "urn:uuid:{}",
        uuid::Uuid::new_v5(&NAMESPACE, name.as_bytes())
    ))
}

enum IsbnCheck {
    Valid(String),
    NotIsbn,
    BadChecksum(char),
}

/// Validates an ISBN-10 or ISBN-13 (hyphens, spaces and an `ISBN`/`urn:isbn:` prefix allowed).
fn isbn13(s: &str) -> IsbnCheck {
    let lower = s.trim().to_ascii_lowercase();
    let body = lower
        .strip_prefix("urn:isbn:")
        .or_else(|| lower.strip_prefix("isbn"))
        .unwrap_or(&lower);
    let body = body.trim_start_matches([':', ' ']);
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || c == 'x')
    {
        return IsbnCheck::NotIsbn;
    }
    let digits: Vec<char> = body
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'x')
        .collect();
    match digits.len() {
        13 if digits.iter().all(char::is_ascii_digit) => {
            let d: Vec<u32> = digits.iter().map(|c| c.to_digit(10).unwrap_or(0)).collect();
            let check = ean_check(&d[..12]);
            if d[12] == check {
                IsbnCheck::Valid(digits.iter().collect())
            } else {
                IsbnCheck::BadChecksum(char::from_digit(check, 10).unwrap_or('0'))
            }
        }
        10 => {
            let mut sum = 0;
            for (i, c) in digits.iter().enumerate() {
                let v = if *c == 'x' && i == 9 {
                    10
                } else {
                    c.to_digit(10).unwrap_or(99)
                };
                sum += v * (10 - i as u32);
            }
            if sum % 11 != 0 {
                let partial: u32 = digits[..9]
                    .iter()
                    .enumerate()
                    .map(|(i, c)| c.to_digit(10).unwrap_or(0) * (10 - i as u32))
                    .sum();
                let check = (11 - partial % 11) % 11;
                return IsbnCheck::BadChecksum(if check == 10 {
                    'X'
                } else {
                    char::from_digit(check, 10).unwrap_or('0')
                });
            }
            let mut d: Vec<u32> = vec![9, 7, 8];
            d.extend(digits[..9].iter().map(|c| c.to_digit(10).unwrap_or(0)));
            let check = ean_check(&d);
            d.push(check);
            IsbnCheck::Valid(
                d.iter()
                    .map(|v| char::from_digit(*v, 10).unwrap_or('0'))
                    .collect(),
            )
        }
        _ => IsbnCheck::NotIsbn,
    }
}

/// The EAN-13 check digit of 12 digits (weights 1, 3).
fn ean_check(d: &[u32]) -> u32 {
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, v)| if i % 2 == 0 { *v } else { v * 3 })
        .sum();
    (10 - sum % 10) % 10
}

fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let ok_num = |p: &str, len: usize, max: u32| {
        p.len() == len && p.parse::<u32>().is_ok_and(|v| (1..=max).contains(&v))
    };
    match parts.as_slice() {
        [y] => ok_num(y, 4, 9999),
        [y, m] => ok_num(y, 4, 9999) && ok_num(m, 2, 12),
        [y, m, d] => ok_num(y, 4, 9999) && ok_num(m, 2, 12) && ok_num(d, 2, 31),
        _ => false,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn authors_are_filed_surname_first() {
        use crate::model::file_as;
        assert_eq!(file_as("Leon Trotsky"), "Trotsky, Leon");
        assert_eq!(file_as("Ludwig van Beethoven"), "Beethoven, Ludwig van");
        assert_eq!(
            file_as("Martin Luther King Jr."),
            "King, Martin Luther, Jr."
        );
        assert_eq!(file_as("Trotsky, Leon"), "Trotsky, Leon");
        assert_eq!(file_as("Plato"), "Plato");
        assert_eq!(file_as("A. N. Other & Co"), "A. N. Other & Co");
        assert_eq!(file_as("Pluto Press"), "Pluto Press");
        assert_eq!(file_as("毛泽东"), "毛泽东");
    }

    use super::*;

    #[test]
    fn isbn() {
        assert!(matches!(isbn13("978-0-306-40615-7"), IsbnCheck::Valid(d) if d == "9780306406157"));
        assert!(matches!(isbn13("0-306-40615-2"), IsbnCheck::Valid(d) if d == "9780306406157"));
        assert!(matches!(
            isbn13("978-0-306-40615-8"),
            IsbnCheck::BadChecksum('7')
        ));
        assert!(matches!(isbn13("urn:uuid:1234"), IsbnCheck::NotIsbn));
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("On Trotsky’s “The Class Nature of the Soviet State”"),
            "on-trotskys-the-class-nature-of-the-soviet-state"
        );
        assert_eq!(slug("Élan — vital"), "elan-vital");
        assert_eq!(slug("???"), "book");
        assert_eq!(
            slug("Über die Selbstverwaltung"),
            "uber-die-selbstverwaltung"
        );
        assert_eq!(
            title_slug("Über die Selbstverwaltung", "de-DE"),
            "ueber-die-selbstverwaltung"
        );
        assert_eq!(
            slug("Государство и революция"),
            "gosudarstvo-i-revoliutsiia"
        );
        assert_eq!(slug("Πολιτεία"), "politeia");
        assert_eq!(slug("Ça ira ! — « chanson »"), "ca-ira-chanson");
    }
}
