//! The bibliography: `[bibliography]` in book.toml, the BibLaTeX file it names, the CSL
//! style from hayagriva's bundled archive and the one or two locales the book needs.

use super::config::BibliographySection;
use super::{MANUSCRIPT, ProjectFiles, read_text};
use crate::diag::{Diagnostic, Diagnostics, FileId, Sources, Span};
use crate::model::CitationMode;
use biblatex::{ParseErrorKind, Token};
use hayagriva::Library;
use hayagriva::archive::{ArchivedStyle, LOCALES};
use hayagriva::citationberg::json::Item;
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, Style, StyleClass};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The default bibliography file, relative to manuscript/.
const DEFAULT_FILE: &str = "references.bib";
/// The default CSL style.
const DEFAULT_STYLE: &str = "chicago-author-date";

/// The works of a bibliography, as read from BibLaTeX or CSL-JSON.
pub enum Works {
    /// From a .bib file.
    BibLaTeX(Library),
    /// From a CSL-JSON file, by id.
    CslJson(BTreeMap<String, Item>),
}

impl Works {
    /// Whether a key is known.
    pub fn contains(&self, key: &str) -> bool {
        match self {
            Works::BibLaTeX(l) => l.get(key).is_some(),
            Works::CslJson(m) => m.contains_key(key),
        }
    }

    /// All keys (file order for BibLaTeX, sorted for CSL-JSON).
    pub fn keys(&self) -> Vec<&str> {
        match self {
            Works::BibLaTeX(l) => l.keys().collect(),
            Works::CslJson(m) => m.keys().map(String::as_str).collect(),
        }
    }
}

/// Everything needed to format citations.
pub struct Bibliography {
    /// The works, by key.
    pub works: Works,
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

/// The slow part of loading a bibliography that needs no file: the CSL style and the
/// locales decoded from hayagriva's archive (CBOR), about half the parse of a
/// pamphlet. `parse_project` makes it on a second thread while the chapters are read.
#[derive(Clone)]
pub struct Decoded {
    /// The style book.toml names: from the archive (`None` if it has no such name), or
    /// parsed from the project's .csl file.
    style: Option<Result<Style, StyleError>>,
    /// The locales for the book's language (or the style's `default-locale`).
    locales: Vec<Locale>,
    /// The locale the style is rendered in.
    locale: String,
}

/// Why a .csl file could not be used: a message and the byte range it concerns.
#[derive(Debug, Clone)]
pub struct StyleError {
    /// What is wrong.
    pub message: String,
    /// Where, in the .csl file.
    pub range: std::ops::Range<usize>,
}

impl Decoded {
    /// Decodes the style `section` names (from `csl`, the text of the project's .csl
    /// file, when it names one) and the locales for `language`, or for the style's own
    /// `default-locale` where it sets one.
    pub fn new(section: &BibliographySection, language: &str, csl: Option<&str>) -> Decoded {
        let style = match csl {
            Some(text) => Some(parse_csl(text)),
            None if is_csl_path(style_name(section)) => None,
            None => ArchivedStyle::by_name(style_name(section)).map(|s| Ok(s.get())),
        };
        let locale = match &style {
            Some(Ok(Style::Independent(s))) => s
                .default_locale
                .as_ref()
                .map_or(language.to_string(), |l| l.0.clone()),
            _ => language.to_string(),
        };
        Decoded {
            style,
            locales: load_locales(&locale),
            locale,
        }
    }
}

/// Whether a `style` value names a CSL file rather than a bundled style.
fn is_csl_path(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".csl")
}

/// The names of the bundled styles, sorted (`pamphleteer styles` lists them).
fn style_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ArchivedStyle::all()
        .iter()
        .flat_map(|s| s.names().iter().copied())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// What `pamphleteer styles` prints: each bundled style, its other names and class.
pub fn styles_listing() -> String {
    use std::fmt::Write;
    let mut rows: Vec<(String, String)> = ArchivedStyle::all()
        .iter()
        .map(|s| {
            let names = s.names();
            let class = match s.get() {
                Style::Independent(i) if i.settings.class == StyleClass::Note => "notes",
                _ => "in-text",
            };
            let also = match &names[1..] {
                [] => String::new(),
                more => format!(" (also {})", more.join(", ")),
            };
            (names[0].to_string(), format!("{class}{also}"))
        })
        .collect();
    rows.sort();
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (name, what) in rows {
        writeln!(out, "{name:width$}  {what}").unwrap();
    }
    writeln!(
        out,
        "\nUse one in book.toml: [bibliography] style = \"chicago-notes\"\n\
         Or a CSL 1.0.2 file of your own, relative to manuscript/: style = \"styles/house.csl\""
    )
    .unwrap();
    out
}

/// Parses a CSL 1.0.2 style; XML errors and CSL errors carry the place they concern.
fn parse_csl(text: &str) -> Result<Style, StyleError> {
    // Well-formedness first: quick-xml knows where the XML breaks.
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
            Err(e) => {
                let at = (reader.error_position() as usize).min(text.len());
                return Err(StyleError {
                    message: format!("the style is not well-formed XML: {e}"),
                    range: at..at,
                });
            }
        }
    }
    if depth > 0 {
        return Err(StyleError {
            message: "the style is not well-formed XML: an element is never closed".into(),
            range: text.len()..text.len(),
        });
    }
    if !text.contains("<style") {
        return Err(StyleError {
            message: "this file is not a CSL style: it has no `<style>` element".into(),
            range: 0..0,
        });
    }
    Style::from_xml(text).map_err(|e| {
        // serde's path ("citation.layout") names the element; point at its last part.
        let path = e.path.as_ref().map(|p| p.to_string()).unwrap_or_default();
        let source = e.source.to_string();
        let range = path
            .rsplit('.')
            .filter(|p| !p.is_empty() && !p.starts_with('?') && !p.starts_with('['))
            .find_map(|name| {
                let name = name.trim_start_matches('@').trim_start_matches('$');
                text.find(&format!("<{name}"))
                    .map(|at| at + 1..at + 1 + name.len())
            })
            .unwrap_or(0..0);
        let within = if path.is_empty() || path == "?" {
            String::new()
        } else {
            format!(" (in `{path}`)")
        };
        StyleError {
            message: format!("the style is not valid CSL 1.0.2: {source}{within}"),
            range,
        }
    })
}

/// Reads the project's .csl file when book.toml names one (relative to manuscript/).
pub fn open_style(
    files: &dyn ProjectFiles,
    section: &BibliographySection,
    toml_file: FileId,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<FileId> {
    let named = section.style.as_ref()?;
    let name = named.get_ref().as_str();
    if !is_csl_path(name) {
        return None;
    }
    let listed_at = Some(Span::new(toml_file, named.span()));
    if !super::files::is_safe(Path::new(name)) {
        diags.push(
            Diagnostic::error(
                listed_at,
                format!("style path `{name}` leaves the manuscript folder"),
            )
            .with_hint("put the .csl file inside manuscript/, e.g. `style = \"styles/house.csl\"`"),
        );
        return None;
    }
    read_text(
        files,
        &Path::new(MANUSCRIPT).join(name),
        listed_at,
        sources,
        diags,
    )
}

/// Whether the book has a bibliography file to load: one named in book.toml, or
/// references.bib.
pub fn wanted(files: &dyn ProjectFiles, section: &BibliographySection) -> bool {
    let path = Path::new(MANUSCRIPT).join(DEFAULT_FILE);
    section.file.is_some() || files.exists(&path)
}

/// The bibliography file, read (so its place among the project's files, and in the
/// order of diagnostics, is right after book.toml) but not yet parsed.
pub enum Opened {
    /// None named and no references.bib.
    Missing,
    /// Named but unusable (already reported).
    Broken,
    /// Read.
    File(FileId),
}

/// Reads the bibliography named in book.toml (or references.bib, if it exists).
pub fn open(
    files: &dyn ProjectFiles,
    section: &BibliographySection,
    toml_file: FileId,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Opened {
    if !wanted(files, section) {
        return Opened::Missing;
    }
    let (name, listed_at) = file_name(section, toml_file);
    if !super::files::is_safe(Path::new(name)) {
        diags.push(
            Diagnostic::error(
                listed_at,
                format!("bibliography path `{name}` leaves the manuscript folder"),
            )
            .with_hint("name a file inside manuscript/, e.g. `file = \"references.bib\"`"),
        );
        return Opened::Broken;
    }
    let path = Path::new(MANUSCRIPT).join(name);
    match read_text(files, &path, listed_at, sources, diags) {
        Some(file) => Opened::File(file),
        None => Opened::Broken,
    }
}

/// The bibliography file's name in manuscript/, and where book.toml names it.
fn file_name(section: &BibliographySection, toml_file: FileId) -> (&str, Option<Span>) {
    match &section.file {
        Some(f) => (f.get_ref().as_str(), Some(Span::new(toml_file, f.span()))),
        None => (DEFAULT_FILE, None),
    }
}

/// Parses the opened bibliography with its style and locales (`decoded`, or decoded
/// here).
#[allow(clippy::too_many_arguments)]
pub fn load(
    opened: Opened,
    section: &BibliographySection,
    toml_file: FileId,
    csl_file: Option<FileId>,
    language: &str,
    decoded: Option<Decoded>,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> BibState {
    let file = match opened {
        Opened::Missing => return BibState::Missing,
        Opened::Broken => return BibState::Broken,
        Opened::File(file) => file,
    };
    let decoded = decoded.unwrap_or_else(|| {
        let csl = csl_file.map(|f| sources.get(f).text.as_str());
        Decoded::new(section, language, csl)
    });
    let style_at = StyleAt {
        toml_file,
        csl_file,
    };
    match load_file(file, section, style_at, decoded, sources, diags) {
        Some(b) => BibState::Loaded(Box::new(b)),
        None => BibState::Broken,
    }
}

/// Parses a read bibliography; `None` after reporting why it cannot be used.
fn load_file(
    file: FileId,
    section: &BibliographySection,
    style_at: StyleAt,
    decoded: Decoded,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Option<Bibliography> {
    let toml_file = style_at.toml_file;
    let style = style(section, decoded.style, style_at, diags)?;
    let (name, _) = file_name(section, toml_file);
    let text = &sources.get(file).text;
    let (works, entry_spans) = if name.ends_with(".json") {
        (
            Works::CslJson(parse_csl_json(file, text, diags)?),
            json_spans(file, text),
        )
    } else {
        let library = parse_biblatex(file, text, diags)?;
        warn_split_publishers(file, text, diags);
        (Works::BibLaTeX(library), entry_spans(file, text))
    };
    let mode = match style.settings.class {
        StyleClass::Note => CitationMode::Notes,
        StyleClass::InText => CitationMode::InText,
    };
    let locale = LocaleCode(decoded.locale);
    Some(Bibliography {
        nocite: nocite(section, &works, toml_file),
        entry_spans,
        works,
        locales: decoded.locales,
        locale,
        style,
        mode,
    })
}

/// The `nocite` keys with their place in book.toml; `"*"` stands for every work.
fn nocite(section: &BibliographySection, works: &Works, toml_file: FileId) -> Vec<(String, Span)> {
    let mut out = vec![];
    for k in &section.nocite {
        let span = Span::new(toml_file, k.span());
        if k.get_ref() == "*" {
            out.extend(works.keys().into_iter().map(|key| (key.to_string(), span)));
        } else {
            out.push((k.get_ref().clone(), span));
        }
    }
    out
}

/// The name of the CSL style book.toml asks for.
fn style_name(section: &BibliographySection) -> &str {
    section
        .style
        .as_ref()
        .map_or(DEFAULT_STYLE, |s| s.get_ref().as_str())
}

/// Where the style is named: book.toml, and the .csl file if it names one.
#[derive(Clone, Copy)]
struct StyleAt {
    toml_file: FileId,
    csl_file: Option<FileId>,
}

/// The CSL style named in book.toml, `decoded` (unknown names are an error with the
/// closest name; a broken .csl file is reported where it breaks).
fn style(
    section: &BibliographySection,
    decoded: Option<Result<Style, StyleError>>,
    at: StyleAt,
    diags: &mut Diagnostics,
) -> Option<IndependentStyle> {
    let name = style_name(section);
    let span = section
        .style
        .as_ref()
        .map(|s| Span::new(at.toml_file, s.span()));
    let decoded = match decoded {
        Some(Ok(style)) => style,
        Some(Err(e)) => {
            let place = at.csl_file.map(|f| Span::new(f, e.range.clone())).or(span);
            diags.push(Diagnostic::error(place, format!("citation style `{name}`: {}", e.message))
                .with_hint("check the file against the CSL 1.0.2 specification (https://docs.citationstyles.org/en/stable/specification.html), or start from a style of https://github.com/citation-style-language/styles"));
            return None;
        }
        // A .csl file that could not be read was reported when it was opened.
        None if is_csl_path(name) => return None,
        None => {
            let names = style_names();
            let closest = super::closest(name, names.iter().copied());
            let mut d = Diagnostic::error(span, format!("unknown citation style `{name}`"));
            if let Some(c) = closest {
                d = d.with_hint(format!("did you mean `{c}`?"));
            }
            d = d.with_hint(format!("`pamphleteer styles` lists the {} bundled styles; for a house style, put its .csl file in manuscript/ and name it, e.g. `style = \"styles/house.csl\"`", names.len()));
            diags.push(d);
            return None;
        }
    };
    match decoded {
        Style::Independent(s) => Some(s),
        Style::Dependent(d) => {
            let parent = &d
                .info
                .link
                .iter()
                .find(|l| l.rel == hayagriva::citationberg::InfoLinkRel::IndependentParent)
                .map(|l| l.href.clone())
                .unwrap_or_default();
            let parent = parent.rsplit('/').next().unwrap_or_default();
            let hint = match ArchivedStyle::by_name(parent) {
                Some(_) => format!("use its parent style: `style = \"{parent}\"`"),
                None if !parent.is_empty() => {
                    format!("use its parent style `{parent}` (as a bundled name or a .csl file)")
                }
                None => "use the parent style it names instead".to_string(),
            };
            diags.push(
                Diagnostic::error(
                    span,
                    format!("citation style `{name}` depends on another style"),
                )
                .with_hint(hint),
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
            // An unclosed brace or quote makes the parser fail at the next entry;
            // report it where it opens instead.
            if let Some((at, c)) = unclosed_delimiter(text) {
                let what = if c == '"' { "quote" } else { "brace" };
                diags.push(
                    Diagnostic::error(Span::new(file, at..at + 1), format!("bibliography: this {what} `{c}` is never closed"))
                        .with_hint(if c == '"' { "close the value with `\"`; a `\"` inside a quoted value must be written `{\"}`" } else { "add the matching `}`; a literal brace is written `\\{`" }),
                );
                return None;
            }
            for e in errors {
                if let hayagriva::io::BibLaTeXError::Parse(p) = &e
                    && p.kind == ParseErrorKind::Expected(Token::Comma)
                    && let Some(end) = field_end_before(text, p.span.start)
                {
                    diags.push(
                        Diagnostic::error(Span::new(file, end..end + 1), "bibliography: missing comma after this field")
                            .with_hint("fields of an entry are separated by commas: put a `,` here, at the end of the field"),
                    );
                    continue;
                }
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

/// Where the field before `at` ends: the byte offset of its last character (the
/// closing `}` or `"`, or the last of a bare value), skipping whitespace and lines
/// that are `%` comments. `None` at the start of the file.
fn field_end_before(text: &str, at: usize) -> Option<usize> {
    let mut before = text.get(..at)?;
    loop {
        let trimmed = before.trim_end();
        let line_start = trimmed.rfind('\n').map_or(0, |k| k + 1);
        if trimmed[line_start..].trim_start().starts_with('%') {
            before = &trimmed[..line_start];
            continue;
        }
        let c = trimmed.chars().next_back()?;
        return Some(trimmed.len() - c.len_utf8());
    }
}

/// The first brace or quote of a .bib file that is not closed before the next entry
/// (a line starting with `@`) or the end of the file, with its byte offset.
fn unclosed_delimiter(text: &str) -> Option<(usize, char)> {
    let mut stack: Vec<usize> = vec![];
    let mut quote: Option<usize> = None;
    let mut line_start = true;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        if line_start && c == '@' {
            if let Some(q) = quote {
                return Some((q, '"'));
            }
            if let Some(&open) = stack.last() {
                return Some((open, '{'));
            }
        }
        // A line that starts a new field (`date = …`) while a field's brace is still
        // open: that brace was never closed (the entry's own `}` would close it).
        if line_start && !c.is_whitespace() && stack.len() >= 2 && starts_field(&text[at..]) {
            return Some((stack[1], '{'));
        }
        if c == '\n' {
            line_start = true;
        } else if !c.is_whitespace() {
            line_start = false;
        }
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '{' => stack.push(at),
            '}' => {
                stack.pop();
            }
            // A quoted value: only at field level (inside the entry's own brace).
            '"' if stack.len() == 1 => {
                quote = match quote {
                    Some(_) => None,
                    None => Some(at),
                }
            }
            _ => {}
        }
    }
    if let Some(q) = quote {
        return Some((q, '"'));
    }
    stack.last().map(|&open| (open, '{'))
}

/// Whether a line starts like a BibLaTeX field: `name =`.
fn starts_field(line: &str) -> bool {
    let name_len = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    name_len > 0
        && line.as_bytes()[0].is_ascii_alphabetic()
        && line[name_len..]
            .trim_start_matches([' ', '\t'])
            .starts_with('=')
}

/// Parses CSL-JSON (an array of items with `id`s); syntax errors point into the file.
fn parse_csl_json(
    file: FileId,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<BTreeMap<String, Item>> {
    let items: Vec<Item> = match serde_json::from_str(text) {
        Ok(items) => items,
        Err(e) => {
            let line_start: usize = text
                .split_inclusive('\n')
                .take(e.line().saturating_sub(1))
                .map(str::len)
                .sum();
            let at = (line_start + e.column().saturating_sub(1)).min(text.len());
            let message = e.to_string();
            let message = message.split(" at line").next().unwrap_or(&message);
            diags.push(
                Diagnostic::error(Span::new(file, at..at), format!("bibliography: {message}"))
                    .with_hint(
                        "CSL-JSON is an array of objects, each with an `id`, `type` and `title`",
                    ),
            );
            return None;
        }
    };
    let mut out = BTreeMap::new();
    for item in items {
        match item.id().map(|id| id.into_owned()) {
            Some(id) => {
                out.insert(id, item);
            }
            None => diags.push(
                Diagnostic::warning(
                    Span::new(file, 0..0),
                    "a bibliography item without `id` is ignored",
                )
                .with_hint("give every item an `id`: it is the key you cite with `[@id]`"),
            ),
        }
    }
    Some(out)
}

/// Where each `"id": "key"` of a CSL-JSON file is, by key.
fn json_spans(file: FileId, text: &str) -> HashMap<String, Span> {
    let mut out = HashMap::new();
    for (at, _) in text.match_indices("\"id\"") {
        let rest = text[at + 4..].trim_start();
        let Some(value) = rest.strip_prefix(':').map(str::trim_start) else {
            continue;
        };
        let Some(value) = value.strip_prefix('"') else {
            continue;
        };
        let Some(end) = value.find('"') else { continue };
        let stop = text.len() - value.len() + end + 1;
        out.entry(value[..end].to_string())
            .or_insert(Span::new(file, at..stop));
    }
    out
}

/// BibLaTeX reads `publisher = {A and B}` as two publishers ("A, B"): warns where a
/// publisher's name contains `and` outside inner braces.
fn warn_split_publishers(file: FileId, text: &str, diags: &mut Diagnostics) {
    let lower = text.to_ascii_lowercase();
    for (at, _) in lower.match_indices("publisher") {
        let rest = &text[at + "publisher".len()..];
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let start = text.len() - value.len();
        let Some(inner) = value.strip_prefix('{') else {
            continue;
        };
        let (mut depth, mut end) = (1, None);
        let mut split = false;
        for (k, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 1 => {
                    end = Some(k);
                    break;
                }
                '}' => depth -= 1,
                _ if depth == 1 && inner[k..].starts_with(" and ") => split = true,
                _ => {}
            }
        }
        let Some(end) = end.filter(|_| split) else {
            continue;
        };
        let name = &inner[..end];
        diags.push(
            Diagnostic::warning(Span::new(file, start..start + end + 2), format!("publisher `{name}` will be read as several publishers"))
                .with_hint(format!("BibLaTeX splits lists at `and`; for one name, add braces: `publisher = {{{{{name}}}}}`")),
        );
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

/// The locale for `language` (exact, else its main dialect, else any of the same
/// language) and en-US, CSL's fallback.
///
/// Decoding all 63 bundled locales costs ~70 ms; each file starts with its
/// `@xml:lang` code, so only the one or two needed are decoded.
fn load_locales(language: &str) -> Vec<Locale> {
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
    // The exact tag, else the language's main dialect (en-US, de-DE, fr-FR…), else any.
    let main = match primary {
        "en" => "en-US".to_string(),
        p => format!("{p}-{}", p.to_ascii_uppercase()),
    };
    if let Some(i) = find(&|c| c.eq_ignore_ascii_case(language))
        .or_else(|| find(&|c| c == main))
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

#[cfg(test)]
mod tests {
    use super::load_locales;

    #[test]
    fn a_field_ends_before_comments_and_blank_lines() {
        use super::field_end_before;
        let bib = "@book{a,\n  title = {50% of One}\n  % the date\n\n  date = {1999},\n}";
        let at = bib.find("date").unwrap();
        assert_eq!(field_end_before(bib, at), Some(bib.find("}\n").unwrap()));
        assert_eq!(field_end_before("  date", 2), None);
    }

    #[test]
    fn unclosed_braces_and_quotes_where_they_open() {
        use super::unclosed_delimiter;
        let bib =
            "@book{a,\n  title = {One {Two},\n  date = {1999},\n}\n\n@book{b,\n  title = {B},\n}\n";
        assert_eq!(unclosed_delimiter(bib), Some((19, '{')));
        let bib = "@book{a,\n  title = \"One,\n}\n@book{b, title = {B}}\n";
        assert_eq!(unclosed_delimiter(bib), Some((19, '"')));
        assert_eq!(unclosed_delimiter("@book{a, title = {A \\{ b}}\n"), None);
        assert_eq!(unclosed_delimiter("@book{a, title = {A}\n"), Some((5, '{')));
    }

    #[test]
    fn locales_by_language() {
        let langs = |l: &str| -> Vec<String> {
            load_locales(l)
                .iter()
                .filter_map(|x| x.lang.as_ref().map(|c| c.0.clone()))
                .collect()
        };
        assert_eq!(langs("en-GB"), ["en-GB", "en-US"]);
        assert_eq!(langs("en"), ["en-US"]);
        assert_eq!(langs("de"), ["de-DE", "en-US"]);
        assert_eq!(langs("fr-CA"), ["fr-CA", "en-US"]);
    }
}
