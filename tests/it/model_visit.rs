//! The model's one walk: every inline in reading order, notes at their first
//! reference, and the images the book shows in that order (the EPUB numbers its image
//! files so, and print reads the same list).
use crate::support::common::run_mem;
use pamphleteer::model::InlineKind;

const CHAPTER_ONE: &str = "# One\n\nFirst ![a](a.png) then a note.[^n] Then ![c](c.png) and ![a again](a.png).\n\n[^n]: The note shows ![b](b.png).\n";
const CHAPTER_TWO: &str = "# Two\n\nLast ![d](d.png).\n";

#[test]
fn images_in_reading_order_with_notes_at_their_reference() {
    let r = run_mem(&[
        ("01-one.md", CHAPTER_ONE),
        ("02-two.md", CHAPTER_TWO),
        ("glossary.md", "Term\n: Defined with ![e](e.png).\n"),
    ]);
    assert_eq!(
        r.doc().image_urls(),
        ["a.png", "b.png", "c.png", "d.png", "e.png"]
            .map(String::from)
            .to_vec(),
        "{:#?}",
        r.diags
    );
}

#[test]
fn every_text_is_visited_once_in_order() {
    let r = run_mem(&[("01-one.md", CHAPTER_ONE), ("02-two.md", CHAPTER_TWO)]);
    let mut texts = String::new();
    r.doc().visit_inlines(&mut |i| {
        if let InlineKind::Text(t) = &i.kind {
            texts.push_str(t);
            texts.push('|');
        }
    });
    let note = texts.find("The note shows").expect("the note's text");
    let then = texts.find("Then").expect("the text after the mark");
    let two = texts.find("Two").expect("chapter two's title");
    // The note where its mark stands: after the text before it, before the text after.
    assert!(
        texts.find("then a note") < Some(note) && note < then && then < two,
        "{texts}"
    );
    assert_eq!(texts.matches("The note shows").count(), 1, "{texts}");
}

#[test]
fn the_walk_announces_where_each_part_begins() {
    use pamphleteer::model::visit::Visit;
    let r = run_mem(&[
        ("01-one.md", CHAPTER_ONE),
        (
            "02-two.md",
            "# Two\n\nText.[^lost]\n\n[^lost]: Unused? No: referenced.\n",
        ),
        ("glossary.md", "Term\n: Defined.\n"),
    ]);
    let mut events = Vec::new();
    r.doc().visit(&mut |v| match v {
        Visit::Chapter(id) => events.push(format!("chapter {}", id.0)),
        Visit::Note(n) => events.push(format!("note {}", n.0)),
        Visit::Glossary => events.push("glossary".into()),
        Visit::WorksCited => events.push("works cited".into()),
        Visit::Unreferenced => events.push("unreferenced".into()),
        Visit::Block(_) | Visit::Inline(_) => {}
    });
    assert_eq!(
        events,
        [
            "chapter 0",
            "note 0",
            "chapter 1",
            "note 1",
            "glossary",
            "works cited",
            "unreferenced"
        ],
        "{:#?}",
        r.diags
    );
    // A citation's rendering is walked where it stands; a note's text is not.
    let doc = r.doc();
    let para = match &doc.chapters[0].blocks[0].kind {
        pamphleteer::model::BlockKind::Paragraph(p) => p,
        other => panic!("a paragraph, not {other:?}"),
    };
    let mut texts = String::new();
    doc.visit_inlines_of(para, &mut |i| {
        if let InlineKind::Text(t) = &i.kind {
            texts.push_str(t);
        }
    });
    assert!(texts.contains("then a note") && !texts.contains("The note shows"));
}
