//! Warnings about Markdown that parses, but not as its author meant: checks on the
//! source text that the Markdown parser has no opinion on.

use crate::diag::{Diagnostic, Diagnostics, FileId, Span};

/// A paragraph after a note, indented by one to three spaces: CommonMark ends the note
/// at the blank line and makes the paragraph body text (it takes four spaces to
/// continue a note), so the note loses its second paragraph without a word.
pub fn note_continuations(file: FileId, text: &str, diags: &mut Diagnostics) {
    let mut note: Option<&str> = None;
    let mut after_blank = false;
    let mut fence: Option<&str> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let content = &body[indent..];
        if let Some(f) = fence {
            if content.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if content.is_empty() {
            after_blank = true;
            continue;
        }
        if indent < 4 && (content.starts_with("```") || content.starts_with("~~~")) {
            fence = Some(&content[..3]);
            note = None;
            continue;
        }
        if indent < 4
            && let Some(rest) = content.strip_prefix("[^")
            && let Some((label, _)) = rest.split_once("]:")
        {
            note = Some(label);
            after_blank = false;
            continue;
        }
        if let (Some(label), true) = (note, after_blank) {
            if (1..4).contains(&indent) {
                let span = Span::new(file, start + indent..start + body.len());
                diags.push(
                    Diagnostic::warning(
                        span,
                        format!(
                            "this paragraph is indented {indent} space{}: it ends note [^{label}] and is set as body text",
                            if indent == 1 { "" } else { "s" }
                        ),
                    )
                    .with_hint("indent it by four spaces to keep it in the note, or by none to make it body text"),
                );
            }
            if indent < 4 {
                note = None;
            }
        }
        after_blank = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(text: &str) -> Vec<String> {
        let mut diags = Diagnostics::default();
        note_continuations(FileId(0), text, &mut diags);
        diags.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn under_indented_continuations_are_named() {
        let text = "Body.[^a]\n\n[^a]: First.\n\n  Second, two spaces.\n\nBody again.\n";
        assert_eq!(
            warnings(text),
            ["this paragraph is indented 2 spaces: it ends note [^a] and is set as body text"]
        );
        // Four spaces continue the note; none is body text on purpose.
        assert!(warnings("[^a]: First.\n\n    Second.\n\n    Third.\n\nBody.\n").is_empty());
        assert!(warnings("[^a]: First.\n\nBody.\n\n  Indented body, no note before.\n").is_empty());
        // A fenced block is not read.
        assert!(warnings("```\n[^a]: x\n\n  y\n```\n").is_empty());
    }
}
