//! Helpers shared by the integration tests.

pub mod common;
pub mod epub_fixture;
pub mod epub_read;
pub mod epub_validators;
pub mod hostile;
pub mod pages;
pub mod pdf_book;
pub mod pdf_lines;
pub mod pdf_tools;
