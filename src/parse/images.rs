//! The local images a chapter shows: they must exist inside manuscript/ and, when their
//! first bytes claim PNG, JPEG or GIF, be readable (a file of another kind is shown as
//! its alt text). The EPUB embeds them byte for byte, so a damaged or enormous file is
//! caught here, at the place that names it.

use super::ProjectFiles;
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::ImageKind;
use std::path::Path;

/// Images larger than this many pixels are accepted with a warning (readers may refuse them).
pub const MAX_PIXELS: u64 = 25_000_000;

/// Checks each `(path as written, span)`: missing, unknown or damaged files are errors.
pub fn check(files: &dyn ProjectFiles, images: &[(String, Span)], diags: &mut Diagnostics) {
    for (url, span) in images {
        let Ok(bytes) = files.read(&image_path(url)) else {
            diags.push(
                Diagnostic::error(*span, format!("image `{url}` does not exist")).with_hint(
                    "image paths are relative to the manuscript folder; check the file name",
                ),
            );
            continue;
        };
        if let Some(d) = inspect(url, &bytes, *span) {
            diags.push(d);
        }
    }
}

/// What is wrong with an image's bytes, if anything.
fn inspect(url: &str, bytes: &[u8], span: Span) -> Option<Diagnostic> {
    let damaged = |why: String| {
        Diagnostic::error(span, format!("image `{url}` is damaged: {why}"))
            .with_hint("open it in an image editor and save it again as PNG or JPEG")
    };
    let size = match ImageKind::sniff(bytes) {
        Some(ImageKind::Png) => match png_size(bytes) {
            Some(s) => s,
            None => return Some(damaged("its PNG header cannot be read".into())),
        },
        Some(ImageKind::Jpeg) => match jpeg_size(bytes) {
            Some(s) => s,
            None => return Some(damaged("no JPEG frame header".into())),
        },
        Some(ImageKind::Gif) => match bytes {
            [_, _, _, _, b'7' | b'9', b'a', w0, w1, h0, h1, ..] => (
                u64::from(u16::from_le_bytes([*w0, *w1])),
                u64::from(u16::from_le_bytes([*h0, *h1])),
            ),
            _ => return Some(damaged("its GIF header is cut short".into())),
        },
        Some(ImageKind::WebP | ImageKind::Svg) => (0, 0),
        None => {
            return Some(
                Diagnostic::warning(
                    span,
                    format!("image `{url}` is not a PNG, JPEG, GIF, WebP or SVG file; its alt text is shown instead"),
                )
                .with_hint(
                    "EPUB readers show only these formats; convert the image to PNG or JPEG",
                ),
            );
        }
    };
    if size.0 == 0 && size.1 == 0 {
        return None;
    }
    if size.0 == 0 || size.1 == 0 {
        return Some(damaged(format!("it is {} × {} pixels", size.0, size.1)));
    }
    (size.0 * size.1 > MAX_PIXELS).then(|| {
        Diagnostic::warning(
            span,
            format!(
                "image `{url}` is {} × {} pixels, too large for many readers",
                size.0, size.1
            ),
        )
        .with_hint("scale it down to at most 25 million pixels (e.g. 5000 × 5000)")
    })
}

/// Width and height in pixels of a PNG or JPEG file (from its header); `None` for any
/// other file or a header that cannot be read.
pub fn pixel_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let (w, h) = match ImageKind::sniff(bytes)? {
        ImageKind::Png => png_size(bytes)?,
        ImageKind::Jpeg => jpeg_size(bytes)?,
        _ => return None,
    };
    let (w, h) = (u32::try_from(w).ok()?, u32::try_from(h).ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

/// Width and height of a PNG file from its header; `None` when it cannot be read.
fn png_size(bytes: &[u8]) -> Option<(u64, u64)> {
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .ok()?;
    let info = reader.info();
    Some((u64::from(info.width), u64::from(info.height)))
}

/// The project path of an image URL as written (relative to `manuscript/`).
pub fn image_path(url: &str) -> std::path::PathBuf {
    Path::new(super::MANUSCRIPT).join(url.replace("%20", " "))
}

/// Width and height from a JPEG's first start-of-frame marker.
fn jpeg_size(bytes: &[u8]) -> Option<(u64, u64)> {
    let mut at = 2;
    while at + 9 < bytes.len() {
        if bytes[at] != 0xff {
            return None;
        }
        let marker = bytes[at + 1];
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let is_frame = matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
        if is_frame {
            let h = u16::from_be_bytes([bytes[at + 5], bytes[at + 6]]);
            let w = u16::from_be_bytes([bytes[at + 7], bytes[at + 8]]);
            return Some((u64::from(w), u64::from(h)));
        }
        at += 2 + len;
    }
    None
}
