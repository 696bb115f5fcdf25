//! Reading a built EPUB back: its entries, and the text of an XHTML document.

#![allow(dead_code)]

use std::io::Read;

/// The zip entries in order: name and bytes.
pub fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().expect("a UTF-8 name").to_string(), data)
        })
        .collect()
}

/// One entry as text.
pub fn entry(epub: &[u8], name: &str) -> String {
    entries(epub)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .unwrap_or_else(|| panic!("{name} is in the EPUB"))
}

/// Removes every `<open …>…</close>` region that starts with `open`.
pub fn remove_regions(s: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find(close).expect("region closes") + close.len();
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "li",
    "th",
    "td",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "br",
    "pre",
    "blockquote",
    "hr",
    "tr",
    "aside",
    "div",
    "section",
    "title",
];

/// The text of XHTML: block tags become spaces, inline tags vanish, entities decode.
pub fn text(xhtml: &str) -> String {
    let mut out = String::new();
    let mut rest = xhtml;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').expect("tag closes") + i;
        let tag = &rest[i + 1..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if BLOCK_TAGS.contains(&name.as_str()) {
            out.push(' ');
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}
