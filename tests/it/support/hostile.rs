//! Shared by the proof tests (hostile, roundtrip, determinism, atomic, fuzz
//! regressions): whole builds in memory, diagnostics as plain lines, the XHTML
//! documents of an EPUB in spine order, and an XML well-formedness check.
#![allow(dead_code)]

use pamphleteer::build::Format;
use pamphleteer::build::{self, MakeOptions, Outcome, Products};
use pamphleteer::parse::{MemFiles, ProjectFiles};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

/// A minimal book.toml.
pub const TOML: &str = "[book]\ntitle = \"Hostile\"\nlanguage = \"en-GB\"\n";

/// What a build in memory gave.
pub struct Built {
    /// Diagnostics and summary.
    pub outcome: Outcome,
    /// The outputs, when the build succeeded.
    pub products: Option<Products>,
    /// Every diagnostic as `path:line:col: severity: message`, sorted by place.
    pub diags: Vec<String>,
    /// How long the build took.
    pub took: Duration,
}

impl Built {
    /// The products; panics with the diagnostics when the build failed.
    pub fn ok(&self) -> &Products {
        self.products.as_ref().unwrap_or_else(|| {
            panic!(
                "the build failed:\n{}\n{}",
                self.diags.join("\n"),
                self.outcome.summary.join("\n")
            )
        })
    }

    /// The EPUB's XHTML documents in spine order (name, text); each checked well-formed.
    pub fn xhtml(&self) -> Vec<(String, String)> {
        let epub = self.ok().epub.as_ref().expect("an EPUB");
        spine_documents(epub)
    }

    /// Asserts the build failed and reported exactly `expected` (plain lines, in order).
    pub fn fails_with(&self, expected: &[&str]) {
        assert!(
            self.products.is_none() && self.outcome.failed,
            "expected a failed build"
        );
        assert_eq!(self.diags, expected, "diagnostics");
    }
}

/// An in-memory project: `(path under manuscript/, bytes)`; a minimal book.toml unless given.
pub fn project(files: &[(&str, &[u8])]) -> MemFiles {
    let mut m = MemFiles::new();
    if !files.iter().any(|(p, _)| *p == "book.toml") {
        m.insert("manuscript/book.toml", TOML);
    }
    for (p, b) in files {
        m.insert(format!("manuscript/{p}"), b.to_vec());
    }
    m
}

/// Builds PDF, booklet and EPUB in memory, with `SOURCE_DATE_EPOCH` = `date`.
pub fn build_files(files: &dyn ProjectFiles, date: Option<&str>) -> Built {
    let opts = MakeOptions {
        formats: vec![Format::Pdf, Format::Booklet, Format::Epub],
        deny_warnings: false,
        fonts_root: None,
        source_date_epoch: date.map(str::to_string),
        ..MakeOptions::default()
    };
    let started = Instant::now();
    let mut outcome = Outcome::default();
    let products = build::make(files, &opts, &mut outcome);
    let diags = outcome
        .diagnostics
        .iter()
        .map(|d| d.plain(&outcome.sources))
        .collect();
    Built {
        outcome,
        products,
        diags,
        took: started.elapsed(),
    }
}

/// Builds an in-memory project (see [`project`]).
pub fn build(files: &[(&str, &[u8])]) -> Built {
    build_files(&project(files), None)
}

/// The entries of a zip: name and bytes, in order.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().expect("a UTF-8 name").to_string(), data)
        })
        .collect()
}

/// The spine's XHTML documents in reading order, each asserted to be well-formed XML.
pub fn spine_documents(epub: &[u8]) -> Vec<(String, String)> {
    let entries = unzip(epub);
    let text = |name: &str| {
        let (_, d) = entries
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} is in the EPUB"));
        String::from_utf8(d.clone()).expect("UTF-8")
    };
    let opf = text("OEBPS/content.opf");
    let href_of = |id: &str| {
        let item = opf
            .split("<item ")
            .find(|i| i.contains(&format!("id=\"{id}\"")))
            .unwrap_or_else(|| panic!("manifest item {id}"));
        attr(item, "href")
    };
    opf.split("<itemref ")
        .skip(1)
        .map(|r| {
            let name = format!("OEBPS/{}", href_of(&attr(r, "idref")));
            let doc = text(&name);
            assert_well_formed(&name, &doc);
            (name, doc)
        })
        .collect()
}

fn attr(tag: &str, name: &str) -> String {
    let at = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
    tag[at..].split('"').next().unwrap().to_string()
}

/// Panics unless `xml` parses as XML to the end with balanced tags and no control characters.
pub fn assert_well_formed(name: &str, xml: &str) {
    if let Some(c) = xml
        .chars()
        .find(|&c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}')
    {
        panic!("{name} holds U+{:04X}, which XML forbids", c as u32);
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i64;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "{name} is not well-formed at byte {}: {e}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(depth, 0, "{name}: unbalanced elements");
}

/// Elements that separate words; every other tag (a page-break marker inside a
/// hyphenated word, a note mark, emphasis) is removed without a space.
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "td",
    "th",
    "dt",
    "dd",
    "br",
    "div",
    "section",
    "blockquote",
    "pre",
    "hr",
    "aside",
    "nav",
    "header",
    "footer",
    "tr",
    "figure",
    "figcaption",
    "ol",
    "ul",
    "table",
    "title",
    "dl",
    "caption",
    "img",
];

/// The text of an XHTML document's body: tags removed, entities decoded, whitespace collapsed.
pub fn strip_tags(xhtml: &str) -> String {
    let body = xhtml.split("<body").nth(1).unwrap_or(xhtml);
    let body = &body[body.find('>').map_or(0, |i| i + 1)..];
    let mut out = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |i| open + i + 1);
        let tag = &rest[open + 1..close.saturating_sub(1).max(open + 1)];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if BLOCKS.contains(&name.as_str()) {
            out.push(' ');
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&#160;", "\u{a0}")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The peak resident memory of this process, in MB (Linux), for bounds in giant cases.
pub fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// A fixture project folder under tests/fixtures.
pub fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
