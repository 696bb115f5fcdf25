//! The EPUB side of a build, on its own thread: the cover image while the print side
//! typesets, then the package once the printed pages (or word that there are none)
//! arrive.

use super::Memos;
use crate::cover::{Scene, artwork, design::Artwork};
use crate::epub::{self, CoverImage, EpubAssets, EpubError};
use crate::parse::Input;
use crate::typeset::{Pages, Typesetter};
use std::sync::Arc;
use std::sync::mpsc::Receiver;

/// The EPUB's bytes (or why not), its files when asked for, and the reason its cover
/// image could not be drawn.
pub(super) type Made = (
    Result<Vec<u8>, EpubError>,
    Option<epub::Files>,
    Option<String>,
);

/// Makes the EPUB; `None` when no pages were sent (the build stopped after
/// typesetting).
pub(super) fn make(
    input: &Input,
    mut assets: EpubAssets,
    (front, art): (&Scene, Option<&Artwork>),
    ts: &Typesetter,
    memos: &Memos,
    pages_sent: Receiver<Option<Arc<Pages>>>,
    keep_files: bool,
) -> Option<Made> {
    let cover = artwork::front_image_memo(front, art, ts.fonts.faces(), &memos.cover);
    let cover_error = cover.as_ref().err().map(|e| format!("{e:?}"));
    assets.cover = cover.ok().map(|c| CoverImage {
        bytes: c.bytes,
        media_type: c.media_type.to_string(),
    });
    let pages = pages_sent.recv().ok()?;
    let printed = pages.as_ref().map(|p| epub::PrintedPages {
        text: &p.page_starts,
        matter: &p.matter_starts,
    });
    let (doc, layout) = (&input.document, &input.layout);
    let mut files = keep_files.then(Vec::new);
    let epub = epub::write_files(doc, layout, &assets, printed, &memos.epub, &mut files);
    Some((epub, files, cover_error))
}
