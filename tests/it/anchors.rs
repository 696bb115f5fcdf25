//! One anchor naming scheme for both books: hostile citation keys, glossary terms that
//! slug alike and headings shaped like generated names still give valid, unique XHTML
//! ids, every link in the EPUB lands on one, and the print PDF's named destinations
//! are the same names.

use crate::support::hostile as support;

use lopdf::Document;
use std::collections::{BTreeSet, HashMap};

const CHAPTER: &str = "# Keys\n\n\
    ## fn 1\n\nSee [@a:b], [@a/b] and [@a_b].[^1]\n\n\
    ## Use cases\n\nThe [naïve](glossary:naïve) reading and the [other](glossary:naive!) one.\n\n\
    ## Term limits\n\nAgain [@a:b].[^2]\n\n\
    ## Page 1\n\nThe end, [see](#use-cases), [not](#nowhere).\n\n\
    [^1]: A note citing [@a/b].\n\n\
    [^2]: Another.\n";

const GLOSSARY: &str = "Naïve\n: Credulous.\n\nNaive!\n: Shouted.\n\nnaive?\n: Asked.\n";

const BIB: &str = "@misc{a:b, title = {Colon}, year = {2001}}\n\
    @misc{a/b, title = {Slash}, year = {2002}}\n\
    @misc{a_b, title = {Underscore}, year = {2003}}\n";

/// An XML NCName of ASCII characters.
fn is_xml_id(s: &str) -> bool {
    let mut b = s.bytes();
    b.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        && b.all(|c| c.is_ascii_alphanumeric() || b"._-".contains(&c))
}

/// The values of `attr="…"` in a document.
fn attrs<'a>(xhtml: &'a str, attr: &str) -> Vec<&'a str> {
    let open = format!(" {attr}=\"");
    xhtml
        .split(open.as_str())
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// The names in the catalog's /Names /Dests tree.
fn named_destinations(pdf: &[u8]) -> BTreeSet<String> {
    let doc = Document::load_mem(pdf).expect("a PDF");
    let names = doc.catalog().unwrap().get(b"Names").unwrap();
    let names = doc.dereference(names).unwrap().1.as_dict().unwrap();
    let dests = doc.dereference(names.get(b"Dests").unwrap()).unwrap().1;
    let leaf = dests.as_dict().unwrap().get(b"Names").unwrap();
    leaf.as_array()
        .unwrap()
        .chunks(2)
        .map(|pair| String::from_utf8(pair[0].as_str().unwrap().to_vec()).unwrap())
        .collect()
}

fn hostile_book() -> support::Built {
    support::build(&[
        ("01-keys.md", CHAPTER.as_bytes()),
        ("glossary.md", GLOSSARY.as_bytes()),
        ("references.bib", BIB.as_bytes()),
    ])
}

#[test]
fn hostile_names_give_the_same_valid_unique_anchors_in_both_books() {
    let built = hostile_book();
    let products = built.ok();

    // Every id is an XML id, unique in its file; every in-book link lands on one.
    let docs = built.xhtml();
    let mut ids: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (name, text) in &docs {
        let file = name.rsplit('/').next().unwrap();
        let set = ids.entry(file).or_default();
        for id in attrs(text, "id") {
            assert!(is_xml_id(id), "{file}: id {id:?} is not an XML id");
            assert!(set.insert(id), "{file}: id {id:?} twice");
        }
    }
    for (name, text) in &docs {
        let here = name.rsplit('/').next().unwrap();
        for href in attrs(text, "href") {
            let Some((file, frag)) = href.split_once('#') else {
                continue;
            };
            if file.contains(':') {
                continue;
            }
            let file = if file.is_empty() { here } else { file };
            assert!(
                ids.get(file).is_some_and(|s| s.contains(frag)),
                "{here}: link {href} lands on no id"
            );
        }
    }
    let all: BTreeSet<&str> = ids.values().flatten().copied().collect();
    for expected in [
        "ref-a_3ab",
        "ref-a_2fb",
        "ref-a_5fb",
        "section-fn-1",
        "section-use-cases",
        "section-term-limits",
        "section-page-1",
        "term-naive",
        "term-naive-2",
        "term-naive-3",
        "fn-1",
        "fnref-1",
        "_glossary",
        "_works-cited",
    ] {
        assert!(all.contains(expected), "no id {expected} in {all:?}");
    }

    // The print PDF names the same places with the same names.
    let dests = named_destinations(products.pdf.as_deref().expect("a PDF"));
    let missing: Vec<&String> = dests.iter().filter(|d| !all.contains(d.as_str())).collect();
    assert!(
        missing.is_empty(),
        "PDF destinations the EPUB does not have: {missing:?}\nEPUB ids: {all:?}"
    );
    for expected in ["ref-a_3ab", "section-fn-1", "term-naive-2", "fn-2", "keys"] {
        assert!(
            dests.contains(expected),
            "no destination {expected} in {dests:?}"
        );
    }
}

/// `[see](#heading)` goes to the heading in the PDF too (a named destination, not a
/// URI the reader cannot follow); a link to no heading is left out in both books.
#[test]
fn links_to_headings_go_to_the_same_place_in_both_books() {
    let built = hostile_book();
    let pdf = Document::load_mem(built.ok().pdf.as_deref().expect("a PDF")).unwrap();
    let mut uris = Vec::new();
    let mut named = Vec::new();
    for obj in pdf.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if let Ok(uri) = d.get(b"URI").and_then(|u| u.as_str()) {
            uris.push(String::from_utf8_lossy(uri).into_owned());
        }
        if d.get(b"Subtype")
            .and_then(|s| s.as_name())
            .is_ok_and(|s| s == b"Link")
            && let Ok(dest) = d.get(b"Dest").and_then(|s| s.as_str())
        {
            named.push(String::from_utf8_lossy(dest).into_owned());
        }
    }
    assert!(uris.iter().all(|u| !u.starts_with('#')), "{uris:?}");
    assert!(named.iter().any(|d| d == "section-use-cases"), "{named:?}");
    let docs = built.xhtml();
    let chapter = &docs
        .iter()
        .find(|(n, _)| n.ends_with("c01-keys.xhtml"))
        .expect("the chapter")
        .1;
    assert!(chapter.contains("href=\"#section-use-cases\""), "{chapter}");
    assert!(!chapter.contains("#nowhere"), "{chapter}");
}
