//! The one naming scheme for anchors. The typesetter places them (PDF named
//! destinations, page lookups) and the EPUB uses the same names as XHTML ids, so a
//! name means the same place in both books:
//!
//! | anchor | name |
//! | --- | --- |
//! | note N, its first mark | `fn-N`, `fnref-N` (EPUB: `fnref-N-K`, its K-th mark in one file) |
//! | glossary entry, its I-th use | `term-SLUG`, `use-SLUG-I` |
//! | work cited, a citation (N: 1-based, of all the book's citations) | `ref-KEY`, `cite-N` |
//! | chapter, heading | the chapter's slug, the heading's anchor |
//! | generated matter | `_contents`, `_glossary`, `_works-cited`, `_colophon` |
//! | EPUB page-break marker | `page-LABEL` (`page-LABEL-2` … when a label repeats) |
//!
//! Every name is a valid XML id (an NCName) and names are unique: slugs and keys are
//! passed through [`escape`], which keeps `A–Z a–z 0–9 . -` and writes any other byte
//! as `_xx` (so `doe:2020` is `ref-doe_3a2020` and no two keys meet); chapter and
//! heading slugs never start with a prefix of the generated names ([`reserved`]); and
//! generated matter starts with `_`, which no slug has.

/// The contents page.
pub const CONTENTS: &str = "_contents";
/// The glossary's title.
pub const GLOSSARY: &str = "_glossary";
/// The works cited's title.
pub const WORKS_CITED: &str = "_works-cited";
/// The colophon.
pub const COLOPHON: &str = "_colophon";

/// The prefixes of generated names, which a chapter's or heading's slug never starts with.
const PREFIXES: [&str; 7] = ["fn-", "fnref-", "term-", "use-", "ref-", "cite-", "page-"];

/// Note `number`'s text.
pub fn note(number: u32) -> String {
    format!("fn-{number}")
}

/// Note `number`'s first mark in the text.
pub fn note_mark(number: u32) -> String {
    format!("fnref-{number}")
}

/// Note `number`'s `k`-th mark in one EPUB file (`k` ≥ 1; the first is [`note_mark`]).
pub fn note_mark_nth(number: u32, k: u32) -> String {
    if k <= 1 {
        note_mark(number)
    } else {
        format!("fnref-{number}-{k}")
    }
}

/// A glossary entry, by its slug.
pub fn term(slug: &str) -> String {
    format!("term-{}", escape(slug))
}

/// The `index`-th linked use of a glossary term.
pub fn term_use(slug: &str, index: u32) -> String {
    format!("use-{}-{index}", escape(slug))
}

/// A works-cited entry, by its citation key.
pub fn work_cited(key: &str) -> String {
    format!("ref-{}", escape(key))
}

/// A citation in the text (or a note), where a works-cited entry links back to.
pub fn citation(id: super::CiteId) -> String {
    format!("cite-{}", id.0 + 1)
}

/// A chapter's opening (its title), by the chapter's slug.
pub fn chapter(slug: &str) -> String {
    name_or(slug, "chapter")
}

/// A heading, by its anchor.
pub fn heading(anchor: &str) -> String {
    name_or(anchor, "section")
}

/// An EPUB page-break marker, by the page's label (the caller numbers repeats).
pub fn page(label: &str) -> String {
    format!("page-{}", escape(label))
}

/// Whether `slug`, as a chapter's or heading's name, could meet a generated name.
pub fn reserved(slug: &str) -> bool {
    PREFIXES.iter().any(|p| slug.starts_with(p))
}

/// `s` with every byte other than ASCII letters, digits, `.` and `-` written as `_xx`
/// (lowercase hex): readable for the usual slugs and keys, and never the same for two
/// different strings.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("_{b:02x}"));
        }
    }
    out
}

/// `s` escaped, starting with a letter (an XML id cannot start with a digit, `-` or
/// `.`); `fallback` when `s` is empty.
fn name_or(s: &str, fallback: &str) -> String {
    let e = escape(s);
    match e.bytes().next() {
        None => fallback.to_string(),
        Some(b) if b.is_ascii_alphabetic() || b == b'_' => e,
        Some(_) => format!("{fallback}-{e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// An XML NCName restricted to what these names use.
    fn is_xml_id(s: &str) -> bool {
        let mut bytes = s.bytes();
        bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && bytes.all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    }

    #[test]
    fn the_usual_names_read_as_before() {
        assert_eq!(note(3), "fn-3");
        assert_eq!(note_mark(3), "fnref-3");
        assert_eq!(note_mark_nth(3, 1), "fnref-3");
        assert_eq!(note_mark_nth(3, 2), "fnref-3-2");
        assert_eq!(term("bureaucracy"), "term-bureaucracy");
        assert_eq!(term_use("bureaucracy", 0), "use-bureaucracy-0");
        assert_eq!(work_cited("trotsky1937"), "ref-trotsky1937");
        assert_eq!(chapter("introduction"), "introduction");
        assert_eq!(heading("the-workers-state"), "the-workers-state");
        assert_eq!(page("iv"), "page-iv");
    }

    #[test]
    fn hostile_keys_and_slugs_give_distinct_valid_ids() {
        let keys = [
            "doe:2020", "doe/2020", "doe_2020", "doe-2020", "doe 2020", "doe.2020", "Doe2020",
            "doe2020", "", "é", "e\u{301}", "<&\">", "_3a", ":",
        ];
        let ids: Vec<String> = keys.iter().map(|k| work_cited(k)).collect();
        for id in &ids {
            assert!(is_xml_id(id), "{id}");
        }
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            keys.len(),
            "{ids:?}"
        );
        assert_eq!(work_cited("doe:2020"), "ref-doe_3a2020");
        for s in ["naïve", "naive!", "??", "1st", "-x", ".x", ""] {
            for id in [term(s), term_use(s, 1), chapter(s), heading(s), page(s)] {
                assert!(is_xml_id(&id), "{s:?} gives {id}");
            }
        }
        assert_eq!(heading("1st"), "section-1st");
    }

    #[test]
    fn generated_prefixes_are_reserved_and_matter_names_cannot_be_slugs() {
        for s in [
            "fn-1",
            "fnref-2",
            "term-limits",
            "use-cases",
            "ref-desk",
            "page-12",
        ] {
            assert!(reserved(s), "{s}");
        }
        for s in [
            "fnord",
            "terms",
            "user-1",
            "reference",
            "pages",
            "introduction",
        ] {
            assert!(!reserved(s), "{s}");
        }
        for m in [CONTENTS, GLOSSARY, WORKS_CITED, COLOPHON] {
            assert!(m.starts_with('_') && is_xml_id(m));
        }
    }
}
