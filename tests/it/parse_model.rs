//! The resolved model of a small fixture book, as a snapshot; and a check that every
//! span in it points at the source it came from.
use crate::support::common;

use pamphleteer::model::{Block, BlockKind, Inline, InlineKind};
use pamphleteer::parse::DirFiles;

fn small() -> common::Run {
    common::run(&DirFiles::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/small"
    )))
}

#[test]
fn small_book_snapshot() {
    let r = small();
    assert_eq!(r.diags, Vec::<String>::new());
    crate::support::snapshot::assert_snapshot("snapshots/small.txt", &common::dump(&r));
}

/// Text inlines whose text has no smart punctuation must slice to exactly that text.
fn check_inlines(r: &common::Run, inlines: &[Inline], checked: &mut usize) {
    for i in inlines {
        assert!(
            !i.span.is_detached(),
            "detached span in the manuscript's text: {i:?}"
        );
        match &i.kind {
            InlineKind::Text(t) if t.chars().all(|c| c.is_ascii() && c != '\'' && c != '"') => {
                assert_eq!(r.slice(i.span), t, "span of {t:?}");
                *checked += 1;
            }
            InlineKind::Code(t) => assert!(r.slice(i.span).contains(t.as_str())),
            InlineKind::Emphasis(c)
            | InlineKind::Strong(c)
            | InlineKind::Strikethrough(c)
            | InlineKind::Link { content: c, .. }
            | InlineKind::TermRef { content: c, .. } => {
                check_inlines(r, c, checked);
                if let InlineKind::TermRef { content, .. } = &i.kind {
                    let norm = |s: &str| s.replace('’', "'").replace(['\n', '⏎'], " ");
                    let text = norm(&pamphleteer::model::plain_text(content));
                    let source = norm(r.slice(i.span));
                    assert!(
                        source.contains(&text) || source.starts_with('['),
                        "{source:?} vs {text:?}"
                    );
                }
            }
            _ => {}
        }
    }
}

fn check_blocks(r: &common::Run, blocks: &[Block], checked: &mut usize) {
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph(i) | BlockKind::Heading { content: i, .. } => {
                check_inlines(r, i, checked)
            }
            BlockKind::BlockQuote(c) => check_blocks(r, c, checked),
            BlockKind::List { items, .. } => {
                items.iter().for_each(|it| check_blocks(r, it, checked))
            }
            BlockKind::Table { header, rows, .. } => {
                header.iter().for_each(|c| check_inlines(r, c, checked));
                rows.iter()
                    .flatten()
                    .for_each(|c| check_inlines(r, c, checked));
            }
            _ => {}
        }
    }
}

#[test]
fn spans_point_at_their_source() {
    let r = small();
    let doc = r.doc();
    let mut checked = 0;
    for c in &doc.chapters {
        check_inlines(&r, &c.title, &mut checked);
        check_blocks(&r, &c.blocks, &mut checked);
    }
    for n in &doc.notes {
        check_blocks(&r, &n.blocks, &mut checked);
    }
    for g in &doc.glossary {
        assert_eq!(r.slice(g.span).lines().next(), Some(g.term.as_str()));
        check_blocks(&r, &g.definition, &mut checked);
        for u in &g.uses {
            let used = r.slice(u.span).to_lowercase().replace('\'', "’");
            let used = used.trim_start_matches('[');
            let key = g.term.to_lowercase().trim_start_matches("the ").to_string();
            assert!(used.starts_with(&key), "use {used:?} of {:?}", g.term);
        }
    }
    for c in &doc.citations {
        let written = r.slice(c.span);
        assert!(
            written.starts_with('[') || written.starts_with('@'),
            "{written:?}"
        );
    }
    assert!(checked > 30, "only {checked} texts checked");
}
