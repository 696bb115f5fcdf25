//! Every work inside a citation cluster is its own link to its entry: one
//! `doc-biblioref` per work in the EPUB, one link annotation per work in the PDF.
use crate::support::hostile::{TOML, build};

const BIB: &str = "@book{lissagaray1886,\n  author = {Lissagaray, Prosper-Olivier},\n  title = {History of the Paris Commune of 1871},\n  date = {1886},\n  publisher = {Reeves and Turner},\n}\n\n@book{tombs1999,\n  author = {Tombs, Robert},\n  title = {The Paris Commune, 1871},\n  date = {1999},\n  publisher = {Longman},\n}\n";

fn links_in_pdf(pdf: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF");
    let mut n = 0;
    for (_, page) in doc.get_pages() {
        let Ok(annots) = doc.get_page_annotations(page) else {
            continue;
        };
        n += annots
            .iter()
            .filter(|a| {
                a.get(b"Subtype")
                    .and_then(|s| s.as_name())
                    .is_ok_and(|s| s == b"Link")
            })
            .count();
    }
    n
}

fn build_with(chapter: &str) -> (Vec<(String, String)>, usize) {
    let b = build(&[
        ("book.toml", TOML.as_bytes()),
        ("references.bib", BIB.as_bytes()),
        ("a.md", chapter.as_bytes()),
    ]);
    let xhtml = b.xhtml();
    let pdf = b.ok().pdf.as_ref().expect("a PDF");
    (xhtml, links_in_pdf(pdf))
}

#[test]
fn each_work_of_a_cluster_links_to_its_entry() {
    let (xhtml, two) =
        build_with("# A\n\nThe Commune [@lissagaray1886, 126-128; @tombs1999] fell.\n");
    let chapter = xhtml
        .iter()
        .map(|x| x.1.as_str())
        .find(|x| x.contains("The Commune"))
        .unwrap();
    let chapter = &chapter
        .replace(['\u{a0}', '\u{2009}', '\u{202f}'], " ")
        .replace("&#160;", " ");
    let refs: Vec<&str> = chapter.split("role=\"doc-biblioref\"").skip(1).collect();
    assert_eq!(refs.len(), 2, "{chapter}");
    assert!(
        refs[0].contains("#ref-lissagaray1886\" id=\"cite-1\">Lissagaray 1886, 126–28</a>"),
        "{}",
        refs[0]
    );
    assert!(
        refs[1].contains("#ref-tombs1999\">Tombs 1999</a>"),
        "{}",
        refs[1]
    );
    // The brackets and the separator are not part of either link.
    assert!(chapter.contains("The Commune ("), "{chapter}");
    // The PDF: one more link annotation than the same book citing one work.
    let (_, one) =
        build_with("# A\n\nThe Commune [@lissagaray1886, 126-128] fell [-@tombs1999].\n");
    assert_eq!(
        two, one,
        "two citations of one work each and one citation of two works both give two links"
    );
    let (_, single) =
        build_with("# A\n\nThe Commune [@lissagaray1886, 126-128] fell.\n\n[@tombs1999]\n");
    assert_eq!(two, single);
    let (_, only) =
        build_with("# A\n\nThe Commune fell [@lissagaray1886; @tombs1999; @lissagaray1886].\n");
    assert!(only >= two, "{only} {two}");
}
