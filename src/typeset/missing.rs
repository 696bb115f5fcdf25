//! Characters no font of the book has, placed in the manuscript: one warning per
//! character at its first use (file:line:col), and one list for those with no place in
//! the manuscript (generated text, or from book.toml).

use crate::diag::{Diagnostic, Diagnostics, Sources, Span};
use crate::model::{Document, InlineKind};

/// The warnings for `chars` (from [`super::Pages::missing_chars`]).
pub fn warnings(doc: &Document, sources: &Sources, chars: &[char]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    if chars.is_empty() {
        return diags;
    }
    let mut first_use: Vec<Option<Span>> = vec![None; chars.len()];
    doc.visit_inlines(&mut |i| {
        let (InlineKind::Text(t) | InlineKind::Code(t)) = &i.kind else {
            return;
        };
        if i.span.is_detached() {
            return;
        }
        for (k, c) in chars.iter().enumerate() {
            if first_use[k].is_none() && t.contains(*c) {
                // The source may spell it otherwise (an entity, a citation's key):
                // only a character found in the source has a place.
                let source = sources.slice(i.span);
                if let Some(at) = source.find(*c) {
                    first_use[k] = Some(i.span.sub(at..at + c.len_utf8()));
                }
            }
        }
    });
    let mut unplaced = String::new();
    for (c, span) in chars.iter().zip(first_use) {
        let Some(span) = span else {
            unplaced.push_str(&format!(" U+{:04X} ‘{c}’", *c as u32));
            continue;
        };
        diags.push(
            Diagnostic::warning(span, format!("no font of the book has ‘{c}’ (U+{:04X})", *c as u32))
                .with_hint("it prints as an empty box; choose a font that has it, or replace it (first use shown)"),
        );
    }
    if !unplaced.is_empty() {
        diags.push(
            Diagnostic::warning(
                None,
                format!("no font of the book has these characters:{unplaced}"),
            )
            .with_hint("they print as empty boxes; choose a font that has them or replace them"),
        );
    }
    diags
}
