//! Fuzzes the whole build in memory: parse, typeset, PDF, booklet and EPUB, no files.
//! A successful build must give a PDF and an EPUB that start as they should.
#![no_main]

mod split;

use libfuzzer_sys::fuzz_target;
use pamphleteer::build::{self, MakeOptions, Outcome};
use pamphleteer::build::Format;

fuzz_target!(|data: &[u8]| {
    let files = split::project(data);
    let opts = MakeOptions {
        formats: vec![Format::Pdf, Format::Booklet, Format::Epub],
        ..MakeOptions::default()
    };
    let mut outcome = Outcome::default();
    if let Some(p) = build::make(&files, &opts, &mut outcome) {
        assert!(p.pdf.as_deref().is_some_and(|b| b.starts_with(b"%PDF-")));
        assert!(p.epub.as_deref().is_some_and(|b| b.starts_with(b"PK")));
    }
});
