//! What the EPUB embeds besides the text: the book's font families with their
//! licences, and the image files the text shows.

use super::{EpubAssets, FontFamily, ImageFile};
use crate::model::Document;
use crate::output::Timestamp;
use crate::parse::{self, ProjectFiles};
use crate::typeset::fonts::{FaceStyle, FontBook};
use std::path::Path;

impl EpubAssets {
    /// The assets of a book set in `fonts` (the same faces as the print edition, each
    /// family with the licence found beside it) and showing the images of `doc`, read
    /// from `manuscript/` in `files`. No cover image: the build adds the cover's.
    pub fn for_book(
        fonts: &FontBook,
        date: Timestamp,
        doc: &Document,
        files: &dyn ProjectFiles,
    ) -> EpubAssets {
        let face = |italic, bold| {
            fonts
                .styles()
                .into_iter()
                .find(|(s, _)| *s == FaceStyle { italic, bold })
                .map(|(_, d)| d.data.to_vec())
        };
        let text = face(false, false).map(|regular| FontFamily {
            family: fonts.family().to_string(),
            regular,
            italic: face(true, false),
            bold: face(false, true),
            bold_italic: face(true, true),
            licence: fonts.licence().unwrap_or_default().to_string(),
        });
        let mono_face = &fonts.faces()[fonts.monospace().0 as usize];
        let mono = Some(FontFamily {
            family: fonts.mono_family().to_string(),
            regular: mono_face.data.to_vec(),
            italic: None,
            bold: None,
            bold_italic: None,
            licence: fonts.mono_licence().unwrap_or_default().to_string(),
        });
        EpubAssets {
            fonts: text,
            mono,
            cover: None,
            images: images(doc, files),
            version: env!("CARGO_PKG_VERSION").to_string(),
            modified: date,
        }
    }
}

/// The local images the book shows (chapters, notes, glossary, works cited), read from
/// manuscript/ (the parser checked that they exist).
fn images(doc: &Document, files: &dyn ProjectFiles) -> Vec<ImageFile> {
    doc.image_urls()
        .into_iter()
        .filter_map(|url| {
            let bytes = files.read(&Path::new(parse::MANUSCRIPT).join(&url)).ok()?;
            Some(ImageFile { url, bytes })
        })
        .collect()
}
