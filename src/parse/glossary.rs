//! `manuscript/glossary.md`: a Markdown definition list (`Term` / `: definition`) into
//! glossary entries, sorted by term with unique slugs.

use super::markdown::{self, Context};
use crate::diag::{Diagnostic, FileId};
use crate::model::{BlockKind, GlossaryEntry, plain_text};
use std::collections::HashSet;

/// The glossary file, relative to manuscript/.
pub const FILE: &str = "glossary.md";

/// Parses glossary.md. Definitions may hold citations and `glossary:` links (resolved
/// later); footnotes are not allowed there.
pub fn parse(file: FileId, src: &str, cx: &mut Context) -> Vec<GlossaryEntry> {
    let parsed = markdown::parse(file, src, true, cx);
    for block in &parsed.blocks {
        if matches!(block.kind, BlockKind::Heading { .. }) {
            continue;
        }
        cx.diags.push(
            Diagnostic::warning(
                block.span,
                "text outside the definition list in glossary.md is ignored",
            )
            .with_hint("write each entry as the term on one line and `: definition` on the next"),
        );
    }
    for def in &parsed.footnotes {
        cx.diags.push(
            Diagnostic::error(def.span, "footnotes are not supported in the glossary")
                .with_hint("put the remark into the definition itself"),
        );
    }
    let mut seen: HashSet<String> = HashSet::new();
    let mut entries = vec![];
    for item in parsed.definitions {
        let term = plain_text(&item.term).trim().to_string();
        if !seen.insert(term.to_lowercase()) {
            cx.diags.push(
                Diagnostic::error(
                    item.term_span,
                    format!("glossary term `{term}` is defined twice"),
                )
                .with_hint("merge the two definitions into one"),
            );
            continue;
        }
        entries.push(GlossaryEntry {
            term,
            slug: String::new(),
            definition: item.blocks,
            uses: vec![],
            span: item.span,
        });
    }
    entries.sort_by_cached_key(|e| sort_key(&e.term));
    let mut slugs = HashSet::new();
    for e in &mut entries {
        e.slug = markdown::unique_slug(&e.term, "term", &mut slugs);
    }
    entries
}

/// Sort (and match) key: case-insensitive, surrounding punctuation and a leading
/// article (the, a, an) ignored.
pub fn sort_key(term: &str) -> String {
    let t = term
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    for article in ["the ", "a ", "an "] {
        if let Some(rest) = t.strip_prefix(article) {
            return rest.trim_start().to_string();
        }
    }
    t
}
