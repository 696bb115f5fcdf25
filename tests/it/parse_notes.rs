//! Footnotes: numbering through the book, multi-paragraph notes, and every diagnostic.
use crate::support::common;

use common::{dump, run_mem};
use pamphleteer::model::{BlockKind, InlineKind};

#[test]
fn numbered_through_the_book_in_order_of_first_reference() {
    let r = run_mem(&[
        (
            "a.md",
            "# A\n\nOne[^b] two[^a].\n\n[^a]: Note a.\n\n[^b]: Note b,\n    on two lines.\n\n    Second paragraph.\n",
        ),
        (
            "b.md",
            "# B\n\nThree[^a].\n\n[^a]: Same label, next chapter.\n",
        ),
    ]);
    assert_eq!(r.diags, Vec::<String>::new());
    let notes: Vec<(u32, &str, u32, usize)> = r
        .doc()
        .notes
        .iter()
        .map(|n| (n.number, n.label.as_str(), n.chapter.0, n.blocks.len()))
        .collect();
    assert_eq!(notes, [(1, "b", 0, 2), (2, "a", 0, 1), (3, "a", 1, 1)]);
    let d = dump(&r);
    assert!(
        d.contains("para @3:1: One<note 1 @3:4> two<note 2 @3:12>."),
        "{d}"
    );
    assert!(d.contains("note 1 [^b] chapter 0 @7:1\n  para @7:7: Note b,⏎on two lines.\n  para @10:5: Second paragraph."), "{d}");
}

#[test]
fn diagnostics() {
    let r = run_mem(&[
        (
            "a.md",
            "# A\n\nMissing[^nope] and twice[^x] and again[^x].\n\n[^x]: Defined.\n\n[^x]: Defined again.\n\n[^unused]: Never referenced.\n\n[^other]: Used in b only.\n",
        ),
        ("b.md", "# B\n\nElsewhere[^other].\n"),
    ]);
    assert_eq!(
        r.diags,
        [
            "manuscript/a.md:3:8: error: footnote `[^nope]` has no definition",
            "manuscript/a.md:3:39: warning: footnote `[^x]` is referenced a second time; both marks show note 1",
            "manuscript/a.md:7:1: error: footnote `[^x]` is defined twice in this chapter",
            "manuscript/a.md:9:1: warning: footnote `[^unused]` is defined but never referenced",
            "manuscript/a.md:11:1: warning: footnote `[^other]` is defined but never referenced",
            "manuscript/b.md:3:10: error: footnote `[^other]` has no definition",
        ]
    );
    assert!(
        r.hints[5][0].contains("defined in another chapter"),
        "{:?}",
        r.hints[5]
    );
    // The dangling mark stays as text; the repeated one reuses the note.
    let BlockKind::Paragraph(p) = &r.doc().chapters[0].blocks[0].kind else {
        panic!()
    };
    assert!(matches!(&p[1].kind, InlineKind::Text(t) if t == "[^nope]"));
    let refs: Vec<u32> = p
        .iter()
        .filter_map(|i| match i.kind {
            InlineKind::NoteRef(n) => Some(r.doc().note(n).number),
            _ => None,
        })
        .collect();
    assert_eq!(refs, [1, 1]);
}

#[test]
fn citations_inside_notes_and_no_notes_in_the_glossary() {
    let bib = include_str!("../fixtures/small/manuscript/references.bib");
    let r = run_mem(&[
        ("references.bib", bib),
        (
            "a.md",
            "# A\n\nText.[^1] More [@lenin1917].\n\n[^1]: See [@trotsky1937, p. 3] and [@trotsky1933].\n",
        ),
        (
            "glossary.md",
            "Term\n: A definition with a mark[^g].\n\n[^g]: Not allowed.\n",
        ),
    ]);
    assert_eq!(
        r.diags,
        [
            "manuscript/glossary.md:2:27: error: footnotes are not supported in the glossary",
            "manuscript/glossary.md:4:1: error: footnotes are not supported in the glossary",
        ]
    );
    // Citations are numbered in reading order, the note's where the note is referenced.
    let cites: Vec<&str> = r.doc().citations.iter().map(|c| r.slice(c.span)).collect();
    assert_eq!(
        cites,
        ["[@trotsky1937, p. 3]", "[@trotsky1933]", "[@lenin1917]"]
    );
}
