//! Citation styles: bundled names, house styles from .csl files (validated with
//! file:line), the style's own locale, and the works-cited faults of issue #16 in the
//! bundled Chicago styles.
use crate::support::common::{inlines, run_mem};

const BIB: &str = include_str!("../fixtures/cite/oracle.bib");
const DIN: &str = include_str!("../fixtures/csl/din-1505-2.csl");

fn toml(language: &str, style: &str) -> String {
    format!(
        "[book]\ntitle = \"T\"\nlanguage = \"{language}\"\n\n[bibliography]\nstyle = \"{style}\"\nnocite = [\"*\"]\n"
    )
}

fn rendered(r: &crate::support::common::Run) -> (Vec<String>, Vec<(String, String)>) {
    let doc = r.doc();
    (
        doc.citations
            .iter()
            .map(|c| inlines(r, &c.rendered).replace('\u{a0}', " "))
            .collect(),
        doc.bibliography
            .iter()
            .map(|b| {
                (
                    b.key.clone(),
                    inlines(r, &b.rendered).replace('\u{a0}', " "),
                )
            })
            .collect(),
    )
}

#[test]
fn bundled_chicago_gets_issue_16_right() {
    let r = run_mem(&[
        ("book.toml", &toml("en-US", "chicago-author-date")),
        ("references.bib", BIB),
        (
            "a.md",
            "# A\n\nText [@lissagaray1886, 126-128; @tombs1999] and [see @doe2005, chap. 3; @doeroe2007; @doe2006].\n",
        ),
    ]);
    assert!(
        r.diags.iter().all(|d| !d.contains("error")),
        "{:#?}",
        r.diags
    );
    let (cites, works) = rendered(&r);
    // Page ranges in locators follow the style's page-range-format (chicago-16).
    assert_eq!(cites[0], "(Lissagaray 1886, 126–28; Tombs 1999)");
    // Doe and Roe's work is not given to Doe alone; John Doe is told from Jane Doe
    // (listed through `nocite`) by his given name, document-wide (primary-name), as
    // pandoc's citeproc does.
    assert_eq!(
        cites[1],
        "(see John Doe 2005, chap. 3; 2006; John Doe and Roe 2007)"
    );
    let work = |k: &str| works.iter().find(|w| w.0 == k).unwrap().1.clone();
    // A chapter in collected works names its book once.
    let lenin = work("lenin1921");
    assert_eq!(lenin.matches("Collected Works").count(), 1, "{lenin}");
    assert!(lenin.contains("vol. 32"), "{lenin}");
    let doe = work("doe2008");
    assert_eq!(doe.matches("Third Book").count(), 1, "{doe}");
    assert!(doe.contains("edited by Sam Smith"), "{doe}");
    // No space before the colon of volume and pages.
    assert!(
        work("mckenzie1986").contains("6 (4): 333–65"),
        "{}",
        work("mckenzie1986")
    );
    assert!(
        work("barbier2001").contains("112: 101–20"),
        "{}",
        work("barbier2001")
    );
    // A thesis names its kind and its university; a newspaper article its date.
    assert!(work("ortiz2015").contains("PhD thesis, Universidad Complutense de Madrid"));
    assert!(
        work("times1871").contains("March 20"),
        "{}",
        work("times1871")
    );
    // An edited volume lists its editors as editors.
    assert!(
        work("smith2010").starts_with("Smith, Sam, and Ann Jones, eds."),
        "{}",
        work("smith2010")
    );
}

#[test]
fn scaffold_style_incollection_names_its_book_once() {
    let bib = "@incollection{orwell1946,\n  author = {Orwell, George},\n  title = {Why I Write},\n  booktitle = {Gangrel},\n  number = {4},\n  date = {1946},\n}\n";
    let r = run_mem(&[
        ("references.bib", bib),
        ("a.md", "# A\n\nAs Orwell put it [@orwell1946].\n"),
    ]);
    let (_, works) = rendered(&r);
    assert_eq!(works[0].1.matches("Gangrel").count(), 1, "{}", works[0].1);
}

#[test]
fn a_house_style_from_a_csl_file_with_its_own_locale() {
    // din-1505-2 sets default-locale="de-DE": its terms are German in an English book.
    let r = run_mem(&[
        ("book.toml", &toml("en-GB", "styles/din.csl")),
        ("references.bib", BIB),
        ("styles/din.csl", DIN),
        ("a.md", "# A\n\nText [@lenin1921, 330].\n"),
    ]);
    assert!(
        r.diags.iter().all(|d| !d.contains("error")),
        "{:#?}",
        r.diags
    );
    let (cites, works) = rendered(&r);
    assert_eq!(cites[0], "(<sc>Lenin</sc>, 1965, S. 330)");
    let lenin = &works.iter().find(|w| w.0 == "lenin1921").unwrap().1;
    assert!(lenin.contains("Bd. 32"), "{lenin}");
}

#[test]
fn a_broken_csl_file_is_reported_where_it_breaks() {
    let broken = DIN.replacen("</macro>", "</macr>", 1);
    let line = DIN[..DIN.find("</macro>").unwrap()].lines().count();
    let r = run_mem(&[
        ("book.toml", &toml("en-GB", "styles/din.csl")),
        ("references.bib", BIB),
        ("styles/din.csl", &broken),
        ("a.md", "# A\n\nText [@lenin1921].\n"),
    ]);
    let d = r
        .diags
        .iter()
        .find(|d| d.contains("din.csl"))
        .expect("an error in the .csl");
    assert!(
        d.starts_with(&format!("manuscript/styles/din.csl:{line}:")),
        "{d}"
    );
    assert!(d.contains("not well-formed XML"), "{d}");
    // Valid XML that is not CSL: named as such, in the file.
    let r = run_mem(&[
        ("book.toml", &toml("en-GB", "styles/x.csl")),
        ("references.bib", BIB),
        (
            "styles/x.csl",
            "<?xml version=\"1.0\"?>\n<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">\n  <info><title>X</title><id>x</id><updated>2024-01-01T00:00:00+00:00</updated></info>\n</style>\n",
        ),
        ("a.md", "# A\n\nText [@lenin1921].\n"),
    ]);
    let d = r
        .diags
        .iter()
        .find(|d| d.contains("x.csl"))
        .expect("an error in the .csl");
    assert!(d.contains("not valid CSL 1.0.2"), "{d}");
    // A missing file: at its name in book.toml.
    let r = run_mem(&[
        ("book.toml", &toml("en-GB", "styles/none.csl")),
        ("references.bib", BIB),
        ("a.md", "# A\n\nText [@lenin1921].\n"),
    ]);
    assert!(
        r.diags
            .iter()
            .any(|d| d.starts_with("manuscript/book.toml:6:") && d.contains("does not exist")),
        "{:#?}",
        r.diags
    );
}

#[test]
fn an_unknown_style_suggests_the_closest_and_the_list() {
    let r = run_mem(&[
        ("book.toml", &toml("en-GB", "chicago-note")),
        ("references.bib", BIB),
        ("a.md", "# A\n\nText [@lenin1921].\n"),
    ]);
    let k = r
        .diags
        .iter()
        .position(|d| d.contains("unknown citation style `chicago-note`"))
        .expect("reported");
    let hints = r.hints[k].join("\n");
    assert!(hints.contains("did you mean `chicago-notes`?"), "{hints}");
    assert!(hints.contains("pamphleteer styles"), "{hints}");
    assert!(hints.contains(".csl"), "{hints}");
}

#[test]
fn the_styles_listing_names_the_bundled_styles() {
    let list = pamphleteer::parse::bibliography::styles_listing();
    assert!(
        list.lines()
            .any(|l| l.starts_with("chicago-notes ") && l.contains("notes")),
        "{list}"
    );
    assert!(list.lines().any(|l| l.starts_with("american-psychological-association ") && l.contains("also apa")), "{list}");
    assert!(list.contains("styles/house.csl"));
}

#[test]
fn a_citation_glued_to_the_word_before_warns_where_it_is() {
    let r = run_mem(&[
        ("references.bib", BIB),
        (
            "a.md",
            "# A\n\nThe assistant.[see @febvre1958] And impressions [@tombs1999].\n",
        ),
    ]);
    assert_eq!(
        r.diags
            .iter()
            .filter(|d| d.contains("citation attached"))
            .collect::<Vec<_>>(),
        ["manuscript/a.md:3:15: warning: citation attached to the `.` before it"]
    );
}
