//! The one place that renders diagnostics for a terminal (codespan-reporting).

use super::{Diagnostic, Diagnostics, Severity, Sources};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};

/// Writes every diagnostic with its source line, a caret under the place and its hints.
pub fn emit(
    out: &mut dyn WriteColor,
    sources: &Sources,
    diags: &Diagnostics,
) -> std::io::Result<()> {
    let mut files = SimpleFiles::new();
    let ids: Vec<usize> = sources
        .iter()
        .map(|(_, f)| files.add(f.display.display().to_string(), f.text.clone()))
        .collect();
    let config = term::Config::default();
    for d in diags.iter() {
        let cs = convert(d, &ids);
        term::emit_to_write_style(out, &config, &files, &cs).map_err(std::io::Error::other)?;
    }
    Ok(())
}

fn convert(d: &Diagnostic, ids: &[usize]) -> CsDiagnostic<usize> {
    let base = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    };
    let mut cs = base
        .with_message(&d.message)
        .with_notes(d.hints.iter().map(|h| format!("help: {h}")).collect());
    if let Some(span) = d.span.filter(|s| !s.is_detached()) {
        cs = cs.with_labels(vec![Label::primary(
            ids[span.file.0 as usize],
            span.range(),
        )]);
    }
    cs
}
