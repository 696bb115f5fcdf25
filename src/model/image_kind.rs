//! What kind of image a file is, from its first bytes: the one sniffer the parser's
//! checks, the build driver (cover artwork), the PDF backend and the EPUB backend share.
//!
//! Each kind is told by the leading bytes that name its format, not by a whole header:
//! a file that starts like a PNG but is cut short or damaged is still a PNG, and the
//! decoder that reads it says what is wrong.

/// An image format pamphleteer knows by its signature.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ImageKind {
    /// `89 50 4E 47` (`\x89PNG`), the start of the PNG signature.
    Png,
    /// `FF D8 FF`: the start-of-image marker and the first segment's marker.
    Jpeg,
    /// `GIF8` (`GIF87a` or `GIF89a`).
    Gif,
    /// `RIFF`, a 4-byte size, `WEBP`.
    WebP,
    /// UTF-8 text with an `<svg` element near its start (after an XML declaration,
    /// comments or a doctype).
    Svg,
}

/// How far into a text file an `<svg` tag is looked for.
const SVG_WINDOW: usize = 1024;

impl ImageKind {
    /// The kind of `bytes`, or `None` when no known signature starts them.
    pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
        match bytes {
            [0x89, b'P', b'N', b'G', ..] => Some(ImageKind::Png),
            [0xff, 0xd8, 0xff, ..] => Some(ImageKind::Jpeg),
            [b'G', b'I', b'F', b'8', ..] => Some(ImageKind::Gif),
            [
                b'R',
                b'I',
                b'F',
                b'F',
                _,
                _,
                _,
                _,
                b'W',
                b'E',
                b'B',
                b'P',
                ..,
            ] => Some(ImageKind::WebP),
            _ if looks_like_svg(bytes) => Some(ImageKind::Svg),
            _ => None,
        }
    }

    /// The media type, as the EPUB manifest names it.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Gif => "image/gif",
            ImageKind::WebP => "image/webp",
            ImageKind::Svg => "image/svg+xml",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Gif => "gif",
            ImageKind::WebP => "webp",
            ImageKind::Svg => "svg",
        }
    }

    /// Whether the print PDF can place it (PNG and JPEG; the others are shown as
    /// their alt text).
    pub fn printable(self) -> bool {
        matches!(self, ImageKind::Png | ImageKind::Jpeg)
    }
}

/// Whether the start of `bytes` is text (UTF-8, a character cut at the window's end
/// allowed) holding `<svg`.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SVG_WINDOW)];
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        // Only a character cut by the window may be incomplete; anything else is binary.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or("")
        }
        Err(_) => return false,
    };
    text.contains("<svg")
}

#[cfg(test)]
mod tests {
    use super::ImageKind::{self, *};

    #[test]
    fn each_kind_by_its_signature() {
        let cases: [(&[u8], ImageKind); 7] = [
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Png),
            (b"\xff\xd8\xff\xe0\0\x10JFIF\0", Jpeg),
            (b"\xff\xd8\xff\xdb\0\x43\0", Jpeg),
            (b"GIF89a\x01\0\x01\0", Gif),
            (b"GIF87a\x01\0\x01\0", Gif),
            (b"RIFF\x24\0\0\0WEBPVP8 ", WebP),
            (
                b"<?xml version=\"1.0\"?>\n<!-- drawn -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                Svg,
            ),
        ];
        for (bytes, kind) in cases {
            assert_eq!(ImageKind::sniff(bytes), Some(kind), "{bytes:?}");
        }
        assert_eq!(Png.media_type(), "image/png");
        assert_eq!(Jpeg.extension(), "jpg");
        assert!(Jpeg.printable() && Png.printable() && !Gif.printable() && !Svg.printable());
    }

    #[test]
    fn a_damaged_file_keeps_its_kind_for_the_decoder_to_judge() {
        assert_eq!(ImageKind::sniff(b"\x89PNG\r\r\n"), Some(Png));
        assert_eq!(ImageKind::sniff(b"\xff\xd8\xff\xe0 truncated"), Some(Jpeg));
        assert_eq!(ImageKind::sniff(b"GIF8"), Some(Gif));
    }

    #[test]
    fn truncated_signatures_are_nothing() {
        for bytes in [
            &b""[..],
            b"\x89",
            b"\x89PN",
            b"\xff",
            b"\xff\xd8",
            b"\xff\xd8\x00\x00",
            b"GIF",
            b"RIFF",
            b"RIFF\0\0\0\0WEB",
            b"RIFF\0\0\0\0WAVE",
            b"<sv",
        ] {
            assert_eq!(ImageKind::sniff(bytes), None, "{bytes:?}");
        }
    }

    #[test]
    fn svg_needs_text_and_may_be_cut_mid_character() {
        let mut long = "<svg>".to_string();
        long.push_str(&"é".repeat(2000));
        assert_eq!(ImageKind::sniff(long.as_bytes()), Some(Svg));
        let mut cut = vec![b'x'; super::SVG_WINDOW - 10];
        cut.extend_from_slice(b"<svg \xc3\xa9\xc3\xa9\xc3\xa9");
        assert_eq!(
            ImageKind::sniff(&cut),
            Some(Svg),
            "a character cut by the window"
        );
        assert_eq!(
            ImageKind::sniff(b"\x00\x80<svg"),
            None,
            "binary before the tag"
        );
        assert_eq!(ImageKind::sniff(b"just text"), None);
    }
}
