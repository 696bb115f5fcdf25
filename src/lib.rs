//! pamphleteer turns a Markdown manuscript — with footnotes, a glossary and a
//! bibliography — into an EPUB 3 and a print-ready PDF from one layout model.
//!
//! The pipeline is a straight line; each stage is a module and [`build`] is the only
//! place they meet:
//!
//! ```text
//! manuscript files ─ parse ─> document model + layout model ─ typeset ─> pages ─ pdf
//!                                           └───────────────── epub <── page starts
//! ```
//!
//! - [`parse`] reads `book.toml`, the chapters, `glossary.md` and the bibliography and
//!   resolves notes, citations and glossary terms into one [`model::Document`], plus the
//!   [`layout::Layout`] both outputs share. Problems become [`diag::Diagnostic`]s.
//! - [`typeset`] shapes, hyphenates, breaks lines and paginates into [`typeset::Pages`].
//! - [`epub`] writes the EPUB from the document and layout models (and the printed page
//!   starts, when the PDF was built in the same run); [`pdf`] writes the PDF from pages.
//! - [`cover`] designs the cover once, for the print cover and the EPUB's cover image.
//! - [`build`] is the driver: it finds the project, calls the stages in order and
//!   reports what they did; [`cli`] parses the command line and calls [`build`], which
//!   does not know the command line.

pub mod build;
pub mod cli;
pub mod cover;
pub mod diag;
pub mod epub;
pub mod layout;
pub mod locale;
pub mod memo;
pub mod model;
pub mod output;
pub mod paint;
pub mod parse;
pub mod pdf;
pub mod proof;
pub mod scaffold;
pub mod serve;
pub mod typeset;
