//! The integration tests: one binary, one module per area, helpers in `support/`.

mod support;

mod atomic;
mod cli;
mod cover;
mod determinism;
mod epub_cover;
mod epub_fonts;
mod epub_manuscript;
mod epub_pages;
mod epub_structure;
mod epub_validators;
mod evenness;
mod fuzz_regressions;
mod hostile;
mod languages;
mod parse_chapters;
mod parse_citations;
mod parse_glossary;
mod parse_markdown;
mod parse_model;
mod parse_notes;
mod parse_robust;
mod pdf_booklet;
mod pdf_errors;
mod pdf_images;
mod pdf_tools_ci;
mod pdf_typeset;
mod pdf_write;
mod pdf_x4;
mod print_pages_in_epub;
mod roundtrip;
mod seed_text;
mod typeset_pages;
mod typeset_paragraph;
