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
