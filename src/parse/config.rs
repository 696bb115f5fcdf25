//! `manuscript/book.toml`: typed with serde, unknown keys rejected, every value checked
//! with its place in the file. Produces the book's [`Metadata`] inputs and the [`Layout`].

use crate::diag::{Diagnostic, Diagnostics, FileId, Span};
use crate::layout::{
    self, Binding, ChapterOpening, Justification, Layout, PageGeometry, Paper, ParagraphStyle,
    Size, Styles, UrlStyle,
};
use crate::locale::quotes::QuoteSetting;
use serde::Deserialize;
use toml::Spanned;

/// book.toml as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookToml {
    /// `[book]`: metadata and chapter list.
    pub book: BookSection,
    /// `[layout]`: the shared layout model.
    #[serde(default)]
    pub layout: LayoutSection,
    /// `[bibliography]`: works cited.
    #[serde(default)]
    pub bibliography: BibliographySection,
    /// `[labels]`: the house's own wording for generated text (`works-cited = "…"`).
    #[serde(default)]
    pub labels: std::collections::BTreeMap<Spanned<String>, Spanned<String>>,
}

/// `[book]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BookSection {
    /// The title (required).
    pub title: Spanned<String>,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// Authors, in order: names, or `{ name = "…", file-as = "…" }` tables.
    #[serde(default)]
    pub authors: Vec<AuthorValue>,
    /// The series the book belongs to.
    pub series: Option<Spanned<String>>,
    /// The book's number in its series.
    pub series_number: Option<Spanned<SeriesNumber>>,
    /// The print edition's ISBN (the page list's source).
    pub print_identifier: Option<Spanned<String>>,
    /// Publisher.
    pub publisher: Option<String>,
    /// BCP 47 language tag (required).
    pub language: Spanned<String>,
    /// ISO date.
    pub date: Option<Spanned<String>>,
    /// ISBN or URN.
    pub identifier: Option<Spanned<String>>,
    /// Description.
    pub description: Option<String>,
    /// Rights statement.
    pub rights: Option<String>,
    /// Chapter files in order, relative to manuscript/.
    pub chapters: Option<Vec<Spanned<String>>>,
}

/// One entry of `authors`: a name, or a name with how it is filed.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum AuthorValue {
    /// `"Leon Trotsky"`.
    Name(String),
    /// `{ name = "Leon Trotsky", file-as = "Trotsky, Leon" }`.
    Table(AuthorTable),
}

/// `{ name = "…", file-as = "…" }`.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AuthorTable {
    /// The name as printed.
    pub name: String,
    /// How the name is sorted, e.g. `Trotsky, Leon`.
    pub file_as: Option<String>,
}

impl AuthorValue {
    /// The name as printed.
    pub fn name(&self) -> &str {
        match self {
            AuthorValue::Name(n) => n,
            AuthorValue::Table(t) => &t.name,
        }
    }

    /// The sort name, when given.
    pub fn file_as(&self) -> Option<&str> {
        match self {
            AuthorValue::Name(_) => None,
            AuthorValue::Table(t) => t.file_as.as_deref(),
        }
    }
}

/// `series-number`: a number or a string such as `"2.5"`.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum SeriesNumber {
    /// `series-number = 3`.
    Integer(i64),
    /// `series-number = 2.5`.
    Float(f64),
    /// `series-number = "3"`.
    Text(String),
}

/// A length: a number (pt) or a string with a unit.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum LengthValue {
    /// A bare number, in pt.
    Number(f64),
    /// A string such as `12mm`.
    Text(String),
}

/// `[layout]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LayoutSection {
    /// Trim size name or `W x H`.
    pub trim: Option<Spanned<String>>,
    /// Body font size.
    pub font_size: Option<Spanned<LengthValue>>,
    /// Baseline distance.
    pub leading: Option<Spanned<LengthValue>>,
    /// Margins.
    pub margins: Option<MarginsSection>,
    /// Bleed.
    pub bleed: Option<Spanned<LengthValue>>,
    /// Font family in fonts/.
    pub font: Option<Spanned<String>>,
    /// `indent` or `spaced`.
    pub paragraph: Option<Spanned<String>>,
    /// Hyphenation on or off.
    pub hyphenate: Option<bool>,
    /// `any` or `right`.
    pub chapters_open: Option<Spanned<String>>,
    /// `saddle-stitch` or `perfect`.
    pub binding: Option<Spanned<String>>,
    /// Paper thickness (for spine and creep).
    pub paper_thickness: Option<Spanned<LengthValue>>,
    /// Quotation marks: `language` (default), `double`, `single` or `guillemets`.
    pub quotes: Option<Spanned<String>>,
    /// External links' addresses in print: `footnote` (default), `inline` or `hidden`.
    pub urls: Option<Spanned<String>>,
    /// The booklet's paper: `A4` or `letter` (default: the language's region's).
    pub sheet: Option<Spanned<String>>,
}

/// `[layout.margins]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarginsSection {
    /// Binding side.
    pub inner: Option<Spanned<LengthValue>>,
    /// Fore-edge.
    pub outer: Option<Spanned<LengthValue>>,
    /// Head.
    pub top: Option<Spanned<LengthValue>>,
    /// Foot.
    pub bottom: Option<Spanned<LengthValue>>,
}

/// `[bibliography]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BibliographySection {
    /// The bibliography file, relative to manuscript/ (default references.bib).
    pub file: Option<Spanned<String>>,
    /// CSL style name (default chicago-author-date).
    pub style: Option<Spanned<String>>,
    /// Keys listed though not cited (`"*"`: all).
    #[serde(default)]
    pub nocite: Vec<Spanned<String>>,
}

/// Parses book.toml; syntax errors, unknown keys and values of the wrong type become
/// diagnostics. A value of the wrong type is replaced by a stand-in of the expected type
/// and parsing is retried, so every wrong value is reported, each at its place.
pub fn parse(file: FileId, text: &str, diags: &mut Diagnostics) -> Option<BookToml> {
    let mut text = text.to_string();
    // Edits made so far: (offset in the edited text, bytes added), to map spans back.
    let mut shifts: Vec<(usize, isize)> = vec![];
    for _ in 0..64 {
        let e = match toml::from_str::<BookToml>(&text) {
            Ok(t) if shifts.is_empty() => return Some(t),
            // Stand-ins fill wrong values: report, but build nothing from them.
            Ok(_) => return None,
            Err(e) => e,
        };
        let range = e.span().unwrap_or(0..0);
        let original = unshift(&shifts, range.start)..unshift(&shifts, range.end);
        let message = e.message().trim_end_matches('.').replace('\n', " ");
        if !message.starts_with("missing field") || shifts.is_empty() {
            diags.push(diagnostic(Span::new(file, original), &message));
        }
        match stand_in(&message) {
            Some(value) if range.end > range.start && range.end <= text.len() => {
                text.replace_range(range.clone(), value);
                shifts.push((range.start, value.len() as isize - range.len() as isize));
            }
            _ => return None,
        }
    }
    None
}

/// A diagnostic for one serde error of book.toml.
fn diagnostic(span: Span, message: &str) -> Diagnostic {
    let message = message
        .replace(
            "data did not match any variant of untagged enum LengthValue",
            "invalid type, expected a length (a number in pt, or a string such as \"12mm\")",
        )
        .replace(
            "expected struct MarginsSection",
            "expected a table of margins",
        );
    let d = Diagnostic::error(span, format!("book.toml: {message}"));
    if message.contains("unknown field") {
        let d = match nearest_key(&message) {
            Some(key) => d.with_hint(format!("did you mean `{key}`?")),
            None => d,
        };
        d.with_hint(
            "remove the key, or check its spelling against the manuscript format in the README",
        )
    } else if message.starts_with("missing field") {
        d.with_hint("`[book]` needs at least `title` and `language`, e.g. `language = \"en-GB\"`")
    } else {
        d
    }
}

/// For serde's "unknown field `author`, expected one of `title`, `authors`, …": the
/// expected key closest to the unknown one, when it is close enough to be a slip.
fn nearest_key(message: &str) -> Option<&str> {
    let mut quoted = message.split('`').skip(1).step_by(2);
    let unknown = quoted.next()?;
    quoted
        .map(|k| (strsim::normalized_damerau_levenshtein(unknown, k), k))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// A TOML value of the type an `invalid type` error expected, if it names one.
fn stand_in(message: &str) -> Option<&'static str> {
    if message.contains("untagged enum LengthValue") {
        return Some("0");
    }
    let expected = message
        .strip_prefix("invalid type: ")?
        .split(", expected ")
        .nth(1)?;
    Some(match expected {
        "a string" => "\"\"",
        "a sequence" => "[]",
        "a boolean" => "false",
        e if e.contains("LengthValue") || e.contains("f64") || e.contains("integer") => "0",
        e if e.starts_with("struct") || e.contains("map") || e.contains("table") => "{}",
        _ => return None,
    })
}

/// An offset of the edited text as an offset of the original.
fn unshift(shifts: &[(usize, isize)], at: usize) -> usize {
    let mut at = at as isize;
    for (pos, delta) in shifts.iter().rev() {
        if at > *pos as isize {
            at = (at - delta).max(*pos as isize);
        }
    }
    at.max(0) as usize
}

/// Builds the layout model from `[layout]` (defaults for everything left out).
pub fn layout(
    file: FileId,
    section: &LayoutSection,
    language: &str,
    diags: &mut Diagnostics,
) -> Layout {
    let span = |s: &std::ops::Range<usize>| Span::new(file, s.clone());
    let length = |v: &Option<Spanned<LengthValue>>,
                  what: &str,
                  default_mm: f64,
                  diags: &mut Diagnostics|
     -> f64 {
        let default = default_mm * 72.0 / 25.4;
        let Some(v) = v else { return default };
        let parsed = match v.get_ref() {
            LengthValue::Number(n) if n.is_finite() && *n >= 0.0 => Some(*n),
            LengthValue::Number(_) => None,
            LengthValue::Text(t) if layout::lacks_unit(t) => {
                diags.push(
                    Diagnostic::error(span(&v.span()), format!("{what} `{t}` has no unit"))
                        .with_hint(format!(
                            "write \"{}mm\" (or cm, in, pt); a bare number without quotes is pt",
                            t.trim()
                        )),
                );
                return default;
            }
            LengthValue::Text(t) => layout::parse_length(t),
        };
        parsed.unwrap_or_else(|| {
            diags.push(
                Diagnostic::error(span(&v.span()), format!("{what} is not a length")).with_hint(
                    "write a number in pt, or a string with a unit: \"12mm\", \"0.5in\", \"10pt\"",
                ),
            );
            default
        })
    };
    let trim = match &section.trim {
        None => layout::parse_trim("A5").expect("A5 is known"),
        Some(t) if layout::lacks_unit(t.get_ref()) => {
            diags.push(
                Diagnostic::error(span(&t.span()), format!("the trim size `{}` has no unit", t.get_ref()))
                    .with_hint(format!(
                        "write it with one, such as \"{}\" (mm, cm, in or pt)",
                        t.get_ref()
                            .split(['x', '×'])
                            .map(|n| format!("{}mm", n.trim()))
                            .collect::<Vec<_>>()
                            .join(" x ")
                    )),
            );
            layout::parse_trim("A5").expect("A5 is known")
        }
        Some(t) => layout::parse_trim(t.get_ref()).unwrap_or_else(|| {
            diags.push(
                Diagnostic::error(span(&t.span()), format!("unknown trim size `{}`", t.get_ref())).with_hint(
                    "use A4, A5, A6, B5, US letter, half-letter, digest, or \"W x H\" such as \"140mm x 216mm\"",
                ),
            );
            layout::parse_trim("A5").expect("A5 is known")
        }),
    };
    // Keys left out take their defaults from the trim (src/layout/defaults.rs).
    let given = |v: &Option<Spanned<LengthValue>>, what: &str, diags: &mut Diagnostics| {
        v.as_ref().map(|_| length(v, what, 0.0, diags))
    };
    let m = section.margins.as_ref();
    let none = None;
    let size = Size {
        width: trim.0,
        height: trim.1,
    };
    let d = layout::defaults::for_trim_in(
        size,
        layout::defaults::Given {
            inner: given(m.map_or(&none, |m| &m.inner), "margins.inner", diags),
            outer: given(m.map_or(&none, |m| &m.outer), "margins.outer", diags),
            top: given(m.map_or(&none, |m| &m.top), "margins.top", diags),
            bottom: given(m.map_or(&none, |m| &m.bottom), "margins.bottom", diags),
            font_size: given(&section.font_size, "font-size", diags),
            leading: given(&section.leading, "leading", diags),
        },
        layout::defaults::line_text(language),
    );
    let (font_size, leading, margins) = (d.font_size, d.leading, d.margins);
    let bleed = length(&section.bleed, "bleed", 3.0, diags);
    let paper_thickness = length(&section.paper_thickness, "paper-thickness", 0.1, diags);
    let paragraph = choice(
        file,
        &section.paragraph,
        "paragraph",
        &[
            ("indent", ParagraphStyle::Indent),
            ("spaced", ParagraphStyle::Spaced),
        ],
        diags,
    );
    let chapters_open = choice(
        file,
        &section.chapters_open,
        "chapters-open",
        &[
            ("any", ChapterOpening::Any),
            ("right", ChapterOpening::Right),
        ],
        diags,
    );
    let binding = choice(
        file,
        &section.binding,
        "binding",
        &[
            ("saddle-stitch", Binding::SaddleStitch),
            ("perfect", Binding::Perfect),
        ],
        diags,
    );
    let urls = choice(
        file,
        &section.urls,
        "urls",
        &[
            ("footnote", UrlStyle::Footnote),
            ("inline", UrlStyle::Inline),
            ("hidden", UrlStyle::Hidden),
        ],
        diags,
    );
    let sheet = match &section.sheet {
        None => Paper::for_language(language),
        Some(v) => {
            let paper = choice(file, &section.sheet, "sheet", Paper::NAMES, diags);
            if !paper.holds_spread(size) {
                let inches = |pt: f64| format!("{:.1}", pt / 72.0);
                diags.push(
                    Diagnostic::warning(
                        Span::new(file, v.span()),
                        format!(
                            "two pages of this trim side by side ({} × {} in) do not fit on {} paper",
                            inches(2.0 * size.width),
                            inches(size.height),
                            paper.name()
                        ),
                    )
                    .with_hint("the booklet is printed on the smallest standard sheet that holds them; a smaller trim fits"),
                );
            }
            paper
        }
    };
    let page = PageGeometry {
        trim: size,
        bleed,
        margins,
    };
    if page.measure() < 72.0 || page.text_height() < 144.0 {
        let at = section.trim.as_ref().map(|t| span(&t.span()));
        diags.push(
            Diagnostic::error(at, "the margins leave too little room for text on this trim size")
                .with_hint("make the margins smaller or the trim larger; at least 1in wide and 2in tall must remain"),
        );
    }
    if !(4.0..=72.0).contains(&font_size) {
        let at = section.font_size.as_ref().map(|v| span(&v.span()));
        diags.push(Diagnostic::error(
            at,
            "font-size must be between 4pt and 72pt",
        ));
    }
    let leading = if leading < font_size {
        font_size * 1.3
    } else {
        leading
    };
    Layout {
        page,
        font: section.font.as_ref().map(|f| f.get_ref().clone()),
        font_size,
        leading,
        paragraph,
        hyphenate: section.hyphenate.unwrap_or(true),
        language: language.to_string(),
        chapters_open,
        binding,
        paper_thickness,
        styles: Styles::new(paragraph, leading / font_size),
        urls,
        justification: Justification::default(),
        sheet,
    }
}

/// The quotation marks `[layout] quotes` asks for.
pub fn quotes(file: FileId, section: &LayoutSection, diags: &mut Diagnostics) -> QuoteSetting {
    choice(
        file,
        &section.quotes,
        "quotes",
        &[
            ("language", QuoteSetting::Language),
            ("double", QuoteSetting::Double),
            ("single", QuoteSetting::Single),
            ("guillemets", QuoteSetting::Guillemets),
        ],
        diags,
    )
}

/// Reads a keyword value from a fixed list; the first entry is the default.
fn choice<T: Copy>(
    file: FileId,
    value: &Option<Spanned<String>>,
    key: &str,
    options: &[(&str, T)],
    diags: &mut Diagnostics,
) -> T {
    let Some(v) = value else { return options[0].1 };
    if let Some((_, t)) = options
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(v.get_ref()))
    {
        return *t;
    }
    let names: Vec<String> = options.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    diags.push(
        Diagnostic::error(
            Span::new(file, v.span()),
            format!("unknown {key} `{}`", v.get_ref()),
        )
        .with_hint(format!("use one of {}", names.join(", "))),
    );
    options[0].1
}
