//! The bundled pamphlet keeps every word of the essay it was made from, in order.
//! The only differences allowed are the mends listed in manuscript/EDITING.md.

use pamphleteer::diag::{Diagnostics, Sources};
use pamphleteer::model::{Block, BlockKind, Inline, InlineKind};
use pamphleteer::parse::{self, DirFiles};

/// The mends of manuscript/EDITING.md, exact strings before → after.
const MENDS: &[(&str, &str)] = &[
    ("political reigns", "political reins"),
    ("post- capitalist", "post-capitalist"),
    ("Urbahns conclusions", "Urbahns’ conclusions"),
    ("upon it.“", "upon it.”"),
    ("independent “class.”", "independent ‘class.’”"),
];

fn running_text(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph(inlines) => {
                inline_text(inlines, out);
                out.push('\n');
            }
            BlockKind::BlockQuote(inner) => running_text(inner, out),
            BlockKind::List { items, .. } => items.iter().for_each(|i| running_text(i, out)),
            BlockKind::Heading { .. } | BlockKind::ThematicBreak => {}
            BlockKind::CodeBlock { text, .. } => out.push_str(text),
            BlockKind::Div { blocks: inner, .. } => running_text(inner, out),
            BlockKind::Table { .. } | BlockKind::Figure { .. } | BlockKind::DefinitionList(_) => {
                panic!("the essay has no tables, figures or definition lists")
            }
        }
    }
}

fn inline_text(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match &i.kind {
            InlineKind::Text(t) | InlineKind::Code(t) => out.push_str(t),
            InlineKind::SoftBreak | InlineKind::HardBreak => out.push(' '),
            kind => inline_text(kind.children().unwrap_or_default(), out),
        }
    }
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

#[test]
fn every_word_of_the_seed_is_in_the_manuscript_in_order() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed/class-nature-of-the-soviet-state.txt"
    ))
    .unwrap();
    let (title, body) = seed.split_once('\n').unwrap();
    let mut expected = body.to_string();
    for (before, after) in MENDS {
        assert_eq!(
            expected.matches(before).count(),
            1,
            "mend `{before}` must occur exactly once in the seed"
        );
        expected = expected.replace(before, after);
    }

    let files = DirFiles::new(env!("CARGO_MANIFEST_DIR"));
    let (mut sources, mut diags) = (Sources::default(), Diagnostics::default());
    let input =
        parse::parse_project(&files, &mut sources, &mut diags).expect("the pamphlet parses");
    let problems: Vec<String> = diags.iter().map(|d| d.plain(&sources)).collect();
    assert!(
        problems.is_empty(),
        "the bundled pamphlet has diagnostics: {problems:#?}"
    );
    assert_eq!(input.document.meta.title, title.trim());

    let mut actual = String::new();
    for chapter in &input.document.chapters {
        running_text(&chapter.blocks, &mut actual);
    }
    let (expected, actual) = (words(&expected), words(&actual));
    if let Some(i) = expected.iter().zip(&actual).position(|(a, b)| a != b) {
        let from = i.saturating_sub(5);
        panic!(
            "first difference at word {i}:\n seed:       {:?}\n manuscript: {:?}",
            &expected[from..(i + 5).min(expected.len())],
            &actual[from..(i + 5).min(actual.len())]
        );
    }
    assert_eq!(
        expected.len(),
        actual.len(),
        "the manuscript has a different number of words"
    );
    assert!(expected.len() > 2500);
}
