//! Fuzzes the front end: book.toml, a chapter, the glossary and the bibliography are
//! parsed and resolved in memory; every diagnostic must point inside its file.
#![no_main]

mod split;

use libfuzzer_sys::fuzz_target;
use pamphleteer::diag::{Diagnostics, Sources};
use pamphleteer::parse;

fuzz_target!(|data: &[u8]| {
    let files = split::project(data);
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let _ = parse::parse_project(&files, &mut sources, &mut diags);
    for d in diags.iter() {
        if let Some(span) = d.span {
            let text = &sources.get(span.file).text;
            assert!(span.start <= span.end && span.end as usize <= text.len());
            assert!(text.is_char_boundary(span.start as usize), "{d:?}");
            let _ = d.plain(&sources);
        }
    }
});
