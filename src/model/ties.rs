//! Ties: the spaces a typographer never breaks a line at, made no-break spaces (U+00A0)
//! once, in the resolved model, so the print edition and the EPUB tie the same words.
//!
//! A space is tied
//! - after an abbreviation that introduces a number: "p. 3", "pp. 3–5", "§ 3", "no. 7",
//!   "vol. 2", "ch. 4", "fig. 1", "n. 12";
//! - after an initial: "V. I. Lenin" (a single capital and a full stop);
//! - between a capitalised word and a number: author–year "Trotsky 1933", "Source Serif 4",
//!   "Chapter 3";
//! - between a year or page and the locator after its comma: "1933, 12";
//! - between a number and its unit: "12 mm", "40 per cent", "5 %".
//!
//! A note mark needs no tie: it follows its word with no space, and neither backend
//! breaks between touching runs.

use super::{Document, Inline, InlineKind};

/// The no-break space ties are made of.
const TIE: char = '\u{a0}';

/// Abbreviations that tie to the number after them (compared without case).
const BEFORE_NUMBER: &[&str] = &[
    "p.", "pp.", "§", "§§", "no.", "nos.", "vol.", "vols.", "ch.", "chap.", "fig.", "figs.", "n.",
    "nn.", "art.", "para.", "l.", "ll.", "s.", "ss.", "bd.", "t.", "c.", "ca.", "nr.", "n°", "№",
    "S.", "Nr.",
];

/// Units that tie to the number before them.
const UNITS: &[&str] = &[
    "mm",
    "cm",
    "m",
    "km",
    "kg",
    "g",
    "mg",
    "t",
    "l",
    "ml",
    "s",
    "ms",
    "h",
    "min",
    "pt",
    "px",
    "in",
    "ft",
    "%",
    "‰",
    "°",
    "°C",
    "°F",
    "K",
    "kWh",
    "MW",
    "GW",
    "kW",
    "W",
    "V",
    "Hz",
    "MHz",
    "dpi",
    "km/h",
    "per",
    "pc",
    "bn",
    "m²",
    "km²",
    "ha",
    "GB",
    "MB",
    "kB",
    "TB",
    "€",
    "$",
    "£",
    "roubles",
    "rubles",
    "dollars",
    "pounds",
    "euros",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Ties every text of the document: chapters, notes, citations, glossary, works cited.
pub fn tie_document(doc: &mut Document) {
    for ch in &mut doc.chapters {
        tie_chapter(ch);
    }
    for n in &mut doc.notes {
        tie_blocks(&mut n.blocks);
    }
    tie_generated(doc);
    for g in &mut doc.glossary {
        tie_blocks(&mut g.definition);
    }
}

/// Ties a chapter's title and text (its notes are apart, in [`Document::notes`]).
pub fn tie_chapter(ch: &mut super::Chapter) {
    tie_inlines_in(&mut ch.title);
    tie_blocks(&mut ch.blocks);
}

/// Ties the texts of some blocks (a note's, a glossary definition's).
pub fn tie_blocks(blocks: &mut [super::Block]) {
    blocks.iter_mut().for_each(tie_block);
}

/// Ties what the citation style wrote: the citations and the works cited.
pub fn tie_generated(doc: &mut Document) {
    for c in &mut doc.citations {
        tie_inlines_in(&mut c.rendered);
    }
    for e in &mut doc.bibliography {
        tie_inlines_in(&mut e.rendered);
    }
}

fn tie_block(b: &mut super::Block) {
    use super::BlockKind as K;
    match &mut b.kind {
        K::Paragraph(inl) => tie_inlines_in(inl),
        K::Heading { content, .. } => tie_inlines_in(content),
        K::BlockQuote(blocks) => blocks.iter_mut().for_each(tie_block),
        K::List { items, .. } => items.iter_mut().flatten().for_each(tie_block),
        K::Table {
            header,
            rows,
            caption,
            ..
        } => {
            header.iter_mut().for_each(|c| tie_inlines_in(c));
            rows.iter_mut().flatten().for_each(|c| tie_inlines_in(c));
            tie_inlines_in(caption);
        }
        K::Figure { caption, .. } => tie_inlines_in(caption),
        K::DefinitionList(items) => {
            for d in items {
                tie_inlines_in(&mut d.term);
                d.definitions.iter_mut().flatten().for_each(tie_block);
            }
        }
        K::Div { blocks, .. } => blocks.iter_mut().for_each(tie_block),
        K::CodeBlock { .. } | K::ThematicBreak => {}
    }
}

/// Ties the text inlines of a run of inlines (not code, not URLs).
fn tie_inlines_in(inlines: &mut [Inline]) {
    for i in inlines {
        match &mut i.kind {
            InlineKind::Text(t) => {
                if let Some(tied) = tie_changed(t) {
                    *t = tied;
                }
            }
            kind => {
                if let Some(c) = kind.children_mut() {
                    tie_inlines_in(c)
                }
            }
        }
    }
}

/// `text` with its ties made.
pub fn tie(text: &str) -> String {
    tie_changed(text).unwrap_or_else(|| text.to_string())
}

/// `text` with its ties made, or `None` if there are none to make.
fn tie_changed(text: &str) -> Option<String> {
    if !text.contains(' ') {
        return None;
    }
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut out: Option<String> = None;
    let mut copied = 0;
    for (k, &(i, c)) in bytes.iter().enumerate() {
        if c != ' ' || k == 0 || k + 1 == bytes.len() {
            continue;
        }
        let before = &text[..i];
        let after = &text[i + 1..];
        let prev = before.rsplit(char::is_whitespace).next().unwrap_or("");
        let next = after.split(char::is_whitespace).next().unwrap_or("");
        if prev.is_empty() || next.is_empty() || !ties(prev, next) {
            continue;
        }
        let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 8));
        o.push_str(&text[copied..i]);
        o.push(TIE);
        copied = i + 1;
    }
    let mut o = out?;
    o.push_str(&text[copied..]);
    Some(o)
}

/// Whether the space between the words `prev` and `next` is a tie.
fn ties(prev: &str, next: &str) -> bool {
    // Opening punctuation does not change what a word is: "(Trotsky 1933".
    let p = prev.trim_start_matches(['(', '[', '“', '‘', '"', '\'', '«', '„']);
    let number_next = next.starts_with(|c: char| c.is_ascii_digit());
    let roman_next = next
        .trim_end_matches(['.', ',', ';', ':', ')', ']'])
        .chars()
        .all(|c| "IVXLCDMivxlcdm".contains(c))
        && !next.is_empty();
    if BEFORE_NUMBER.iter().any(|a| a.eq_ignore_ascii_case(p)) && (number_next || roman_next) {
        return true;
    }
    // "§" and "№" tie to whatever follows.
    if matches!(p, "§" | "§§" | "№") {
        return true;
    }
    // An initial: one capital letter and a full stop, then a capitalised word.
    let mut pc = p.chars();
    if let (Some(a), Some('.'), None) = (pc.next(), pc.next(), pc.next())
        && a.is_uppercase()
        && next.starts_with(char::is_uppercase)
    {
        return true;
    }
    // Author–year, name and number: a capitalised word, then a number.
    if number_next
        && p.starts_with(char::is_uppercase)
        && p.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '’' | '\''))
    {
        return true;
    }
    // Year or page, comma, locator: "1933, 12".
    if number_next
        && p.ends_with(',')
        && p.trim_end_matches(',')
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '–' | '-' | 'a' | 'b' | 'c'))
        && p.starts_with(|c: char| c.is_ascii_digit())
    {
        return true;
    }
    // A number and its unit.
    if p.chars().next().is_some_and(|c| c.is_ascii_digit())
        && p.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '–' | '/' | '\u{2009}'))
        && !p.ends_with([',', '.'])
    {
        let unit = next.trim_end_matches(['.', ',', ';', ':', ')', ']', '”', '’']);
        if UNITS.contains(&unit) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> String {
        tie(s).replace(TIE, "~")
    }

    #[test]
    fn citations_and_locators() {
        assert_eq!(t("(Trotsky 1933)"), "(Trotsky~1933)");
        assert_eq!(t("(Trotsky 1933, 12)"), "(Trotsky~1933,~12)");
        assert_eq!(t("see p. 3 and pp. 3–5"), "see p.~3 and pp.~3–5");
        assert_eq!(t("in § 3 of the law"), "in §~3 of the law");
        assert_eq!(t("vol. II, ch. 4"), "vol.~II, ch.~4");
    }

    #[test]
    fn initials_names_and_units() {
        assert_eq!(t("by V. I. Lenin in"), "by V.~I.~Lenin in");
        assert_eq!(t("set in Source Serif 4 at"), "set in Source Serif~4 at");
        assert_eq!(
            t("a 12 mm margin, 40 per cent"),
            "a 12~mm margin, 40~per cent"
        );
    }

    #[test]
    fn leaves_ordinary_spaces() {
        assert_eq!(t("in 1933 the party was"), "in 1933 the party was");
        assert_eq!(t("It was 1917. Then"), "It was 1917. Then");
        assert_eq!(t("a. b"), "a. b");
        assert_eq!(t("plain words only"), "plain words only");
        assert_eq!(t(" p. 3 "), " p.~3 ");
    }
}
