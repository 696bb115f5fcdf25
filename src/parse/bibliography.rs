//! The bibliography: `[bibliography]` in book.toml, the BibLaTeX file it names, the CSL
//! style from hayagriva's bundled archive and the one or two locales the book needs.

use super::config::BibliographySection;
use super::{MANUSCRIPT, ProjectFiles, read_text};
use crate::diag::{Diagnostic, Diagnostics, FileId, Sources, Span};
use crate::model::CitationMode;
use hayagriva::Library;
use hayagriva::archive::{ArchivedStyle, LOCALES};
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, Style, StyleClass};
use std::collections::HashMap;
use std::path::Path;

/// The default bibliography file, relative to manuscript/.
pub const DEFAULT_FILE: &str = "references.bib";
/// The default CSL style.
pub const DEFAULT_STYLE: &str = "chicago-author-date";

/// Everything needed to format citations.
pub struct Bibliography {
    /// The works, by key.
    pub library: Library,
    /// Where each entry starts in the .bib file (`@book{key`).
    pub entry_spans: HashMap<String, Span>,
    /// The CSL style.
    pub style: IndependentStyle,
    /// The book's locale code, for terms and punctuation.
    pub locale: LocaleCode,
    /// The locale files loaded (book language, then en-US as CSL's fallback).
    pub locales: Vec<Locale>,
    /// In-text or note citations, from the style's class.
    pub mode: CitationMode,
    /// Keys to list though not cited, with their place in book.toml.
    pub nocite: Vec<(String, Span)>,
}

/// Whether the book has a bibliography.
pub enum BibState {
    /// No `[bibliography]` file and no references.bib: citations are errors.
    Missing,
    /// There is one, but it could not be used (already reported): citations are left as written.
    Broken,
    /// Loaded.
    Loaded(Box<Bibliography>),
}

impl BibState {
    /// The bibliography, when loaded.
    pub fn get(&self) -> Option<&Bibliography> {
        match self {
            BibState::Loaded(b) => Some(b),
            _ => None,
        }
    }
}

/// Loads the bibliography named in book.toml (or references.bib, if it exists).
pub fn load(
    files: &dyn ProjectFiles,
    section: &BibliographySection,
    toml_file: FileId,
    language: &str,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> BibState {
    let default = DEFAULT_FILE;
    let path = Path::new(MANUSCRIPT).join(section.file.as_ref().map_or(default, |f| f.get_ref()));
    if section.file.is_none() && !files.exists(&path) {
        return BibState::Missing;
    }
    match load_file(files, section, toml_file, language, sources, diags) {
        Some(b) => BibState::Loaded(Box::new(b)),
        None => BibState::Broken,
    }
}

/// Loads an existing bibliography; `None` after reporting why it cannot be used.
fn load_file(
    files: &dyn ProjectFiles,
    section: &BibliographySection,
    toml_file: FileId,
    language: &str,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<Bibliography> {
    let at = |r: std::ops::Range<usize>| Span::new(toml_file, r);
    let (name, listed_at) = match &section.file {
        Some(f) => (f.get_ref().as_str(), Some(at(f.span()))),
        None => (DEFAULT_FILE, None),
    };
    let path = Path::new(MANUSCRIPT).join(name);
    if !super::files::is_safe(Path::new(name)) {
        diags.push(
            Diagnostic::error(
                listed_at,
                format!("bibliography path `{name}` leaves the manuscript folder"),
            )
            .with_hint("name a file inside manuscript/, e.g. `file = \"references.bib\"`"),
        );
        return None;
    }
    let style = style(section, toml_file, diags)?;
    let file = read_text(files, &path, listed_at, sources, diags)?;
    if name.ends_with(".json") {
        diags.push(
            Diagnostic::error(listed_at, "CSL-JSON bibliographies are not supported yet")
                .with_hint(
                    "export the bibliography as BibLaTeX (.bib) from your reference manager",
                ),
        );
        return None;
    }
    let text = &sources.get(file).text;
    let library = parse_biblatex(file, text, diags)?;
    let mode = match style.settings.class {
        StyleClass::Note => CitationMode::Notes,
        StyleClass::InText => CitationMode::InText,
    };
    let locale = LocaleCode(language.to_string());
    Some(Bibliography {
        entry_spans: entry_spans(file, text),
        library,
        locales: load_locales(language),
        locale,
        style,
        mode,
        nocite: section
            .nocite
            .iter()
            .map(|k| (k.get_ref().clone(), at(k.span())))
            .collect(),
    })
}

/// The CSL style named in book.toml (unknown names are an error with the closest name).
fn style(
    section: &BibliographySection,
    toml_file: FileId,
    diags: &mut Diagnostics,
) -> Option<IndependentStyle> {
    let name = section
        .style
        .as_ref()
        .map_or(DEFAULT_STYLE, |s| s.get_ref().as_str());
    let span = section
        .style
        .as_ref()
        .map(|s| Span::new(toml_file, s.span()));
    let Some(archived) = ArchivedStyle::by_name(name) else {
        let names = ArchivedStyle::all()
            .iter()
            .flat_map(|s| s.names().iter().copied());
        let closest = super::closest(name, names);
        let mut d = Diagnostic::error(span, format!("unknown citation style `{name}`"));
        if let Some(c) = closest {
            d = d.with_hint(format!("did you mean `{c}`? Styles are named as in hayagriva's archive, e.g. `chicago-notes`"));
        }
        diags.push(d);
        return None;
    };
    match archived.get() {
        Style::Independent(s) => Some(s),
        Style::Dependent(_) => {
            diags.push(
                Diagnostic::error(
                    span,
                    format!("citation style `{name}` depends on another style"),
                )
                .with_hint("use the parent style's name instead"),
            );
            None
        }
    }
}

/// Parses BibLaTeX; each error becomes a diagnostic at its place in the file.
fn parse_biblatex(file: FileId, text: &str, diags: &mut Diagnostics) -> Option<Library> {
    match hayagriva::io::from_biblatex_str(text) {
        Ok(lib) => Some(lib),
        Err(errors) => {
            for e in errors {
                let (range, message) = match &e {
                    hayagriva::io::BibLaTeXError::Parse(p) => (p.span.clone(), p.kind.to_string()),
                    hayagriva::io::BibLaTeXError::Type(t) => (t.span.clone(), t.kind.to_string()),
                };
                let end = range.end.max(range.start + 1).min(text.len());
                let start = range.start.min(end);
                diags.push(
                    Diagnostic::error(Span::new(file, start..end), format!("bibliography: {message}"))
                        .with_hint("fix the entry; BibLaTeX entries look like `@book{key, author = {…}, title = {…}, year = {1937}}`"),
                );
            }
            None
        }
    }
}

/// Where each `@type{key` starts, by key.
fn entry_spans(file: FileId, text: &str) -> HashMap<String, Span> {
    let mut out = HashMap::new();
    for (at, _) in text.match_indices('@') {
        let rest = &text[at + 1..];
        let Some(open) = rest.find(['{', '(']) else {
            continue;
        };
        let kind = &rest[..open];
        if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let body = &rest[open + 1..];
        let key_len = body.find([',', '}', '\n']).unwrap_or(body.len());
        let key = body[..key_len].trim();
        let end = at + 1 + open + 1 + key_len;
        out.entry(key.to_string())
            .or_insert(Span::new(file, at..end));
    }
    out
}

/// The locale for `language` (exact, else the first of the same language) and en-US.
///
/// Decoding all 63 bundled locales costs ~70 ms; each file starts with its
/// `@xml:lang` code, so only the one or two needed are decoded.
pub fn load_locales(language: &str) -> Vec<Locale> {
    let primary = language.split('-').next().unwrap_or("en");
    let code = |bytes: &[u8]| -> Option<String> {
        let head = b"\x69@xml:lang";
        let rest = bytes.get(1..)?.strip_prefix(head)?;
        let len = (*rest.first()? as usize)
            .checked_sub(0x60)
            .filter(|l| *l < 24)?;
        std::str::from_utf8(rest.get(1..1 + len)?)
            .ok()
            .map(str::to_string)
    };
    let codes: Vec<Option<String>> = LOCALES.iter().map(|b| code(b)).collect();
    let find =
        |pred: &dyn Fn(&str) -> bool| codes.iter().position(|c| c.as_deref().is_some_and(pred));
    let mut wanted = vec![];
    if let Some(i) = find(&|c| c.eq_ignore_ascii_case(language))
        .or_else(|| find(&|c| c.split('-').next() == Some(primary)))
    {
        wanted.push(i);
    }
    if let Some(i) = find(&|c| c == "en-US")
        && !wanted.contains(&i)
    {
        wanted.push(i);
    }
    let decoded: Vec<Locale> = wanted
        .into_iter()
        .filter_map(|i| ciborium::de::from_reader::<Locale, _>(LOCALES[i]).ok())
        .collect();
    if decoded.is_empty() {
        // The archive's layout changed: fall back to decoding everything.
        return hayagriva::archive::locales();
    }
    decoded
}
