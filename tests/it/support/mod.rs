//! Helpers shared by the integration tests.
//!
//! # Tests that need an external tool
//!
//! The crate's build script looks for the checkers and sets one cfg per tool:
//! `has_qpdf`, `has_poppler` (pdftotext, pdffonts, pdftoppm, pdfimages), `has_gs`,
//! `has_java`, `has_epubcheck` (Java + the EPUBCheck jar), `has_chromium`, `has_ace`
//! (Ace + Chromium), `has_pandoc` (on PATH or from pypandoc-binary), `has_calibre`
//! (ebook-convert) and `has_script`. With `CI=true` it sets all of them, so in CI
//! every such test runs (and fails where a tool is missing). Mark each test that needs
//! a tool so that a machine without it reports the test as *ignored*, with the reason
//! and the install command, rather than `ok` after a skip nobody sees:
//!
//! ```ignore
//! #[test]
//! #[cfg_attr(not(has_pandoc), ignore = "needs pandoc: pip install pypandoc-binary")]
//! fn pandoc_reads_the_epub() { … }
//! ```
//!
//! (several tools: `not(all(has_qpdf, has_gs))`). Keep calling the runtime helpers
//! (`pdf_tools`, `epub_validators`): they find the tool, fail under `CI=true` when it
//! is missing and skip loudly elsewhere. `tool_cfgs::every_tool_test_is_marked` checks
//! that each test calling a helper carries the attribute.

pub mod common;
pub mod epub_fixture;
pub mod epub_read;
pub mod epub_validators;
pub mod hostile;
pub mod pages;
pub mod pdf_book;
pub mod pdf_lines;
pub mod pdf_tools;
pub mod snapshot;
