//! The cover's sources and faces: artwork found in `covers/` (SVG, PNG or JPEG), the
//! EPUB's cover image, and the print spread with a spine as wide as the book is thick.

use super::design::{self, ArtKind, ArtSource, Artwork};
use super::{Art, Scene, SceneItem, raster, svg};
use crate::diag::{Diagnostic, Diagnostics, Sources, Span};
use crate::layout::{Binding, Layout};
use crate::memo::{self, BytesKeys, Key, Memo};
use crate::model::Metadata;
use crate::parse::{self, ProjectFiles};
use crate::typeset::Rect;
use crate::typeset::Typesetter;
use crate::typeset::frame::FaceData;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The artwork could not be read (an SVG that does not parse); the error is in the
/// diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

/// Cover artwork from `covers/`: `front.*` (the whole front, full bleed) or else
/// `illustration.*` (framed by the typographic design), each as SVG, PNG or JPEG.
/// `Ok(None)` without artwork, or with a raster file that is no PNG or JPEG (a warning).
pub fn find(
    files: &dyn ProjectFiles,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Result<Option<Artwork>, Unreadable> {
    let mut found: Vec<(ArtKind, PathBuf)> = vec![];
    for (kind, stem) in [
        (ArtKind::Front, "front"),
        (ArtKind::Illustration, "illustration"),
    ] {
        for ext in ["svg", "png", "jpg", "jpeg"] {
            let path = Path::new("covers").join(format!("{stem}.{ext}"));
            if files.exists(&path) && !found.iter().any(|(k, _)| *k == kind) {
                found.push((kind, path));
            }
        }
    }
    let Some((kind, path)) = found.first().cloned() else {
        return Ok(None);
    };
    if let Some((_, ignored)) = found.get(1) {
        diags.push(
            Diagnostic::warning(
                None,
                format!(
                    "{} is not used: {} is the whole front cover",
                    ignored.display(),
                    path.display()
                ),
            )
            .with_hint(
                "keep one of them: front.* replaces the design, illustration.* is framed by it",
            ),
        );
    }
    let Ok(bytes) = files.read(&path) else {
        return Ok(None);
    };
    if path.extension().is_none_or(|e| e != "svg") {
        let aspect = parse::images::pixel_size(&bytes).map(|(w, h)| f64::from(w) / f64::from(h));
        let Some(aspect) = aspect else {
            diags.push(
                Diagnostic::warning(
                    None,
                    format!(
                        "{} is not a PNG or JPEG file; the typographic cover is used",
                        path.display()
                    ),
                )
                .with_hint("export the artwork as SVG, PNG or JPEG"),
            );
            return Ok(None);
        };
        let data = Arc::new(bytes);
        return Ok(Some(Artwork {
            kind,
            source: ArtSource::Raster { data, aspect },
            path,
        }));
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let file = sources.add(&path, text.clone());
    match svg::parse(&text) {
        Ok(parsed) => {
            if let Some(first) = parsed.text_elements.first() {
                let more = match parsed.text_elements.len() - 1 {
                    0 => String::new(),
                    1 => " (and 1 more)".to_string(),
                    n => format!(" (and {n} more)"),
                };
                diags.push(
                    Diagnostic::warning(
                        Span::new(file, first.clone()),
                        format!("the cover artwork has text, which is not drawn{more}: text must be converted to outlines"),
                    )
                    .with_hint("convert the text to paths in the drawing program (Inkscape: Path ▸ Object to Path) and export again"),
                );
            }
            Ok(Some(Artwork {
                kind,
                source: ArtSource::Svg(parsed.svg),
                path,
            }))
        }
        Err(e) => {
            diags.push(
                Diagnostic::error(Span::new(file, e.at), e.message).with_hint(
                    "fix the SVG (or export it again), or remove it to use the typographic cover",
                ),
            );
            Err(Unreadable)
        }
    }
}

/// An encoded image of the front cover.
#[derive(Debug, Clone)]
pub struct FrontImage {
    /// PNG or JPEG bytes.
    pub bytes: Vec<u8>,
    /// `image/png` or `image/jpeg`.
    pub media_type: &'static str,
}

/// The EPUB cover image's height in pixels.
const FRONT_IMAGE_HEIGHT: u32 = 2000;

/// The e-book's cover image: PNG or JPEG front artwork as given, or else the front
/// (typographic, framing an illustration, or SVG front artwork) rendered 2000 px tall
/// (1409 px wide at A5: Apple asks 1400 on the short side) — the same face as the
/// print cover.
fn front_image(
    front: &Scene,
    art: Option<&Artwork>,
    faces: &[FaceData],
) -> Result<FrontImage, raster::RasterError> {
    if let Some(Artwork {
        kind: ArtKind::Front,
        source: ArtSource::Raster { data, .. },
        ..
    }) = art
        && let Some(media_type) = image_kind(data)
    {
        return Ok(FrontImage {
            bytes: data.to_vec(),
            media_type,
        });
    }
    raster::png(front, faces, FRONT_IMAGE_HEIGHT).map(|bytes| FrontImage {
        bytes,
        media_type: "image/png",
    })
}

/// EPUB cover images kept from build to build, by everything drawn and the faces.
#[derive(Debug, Default)]
pub struct FrontMemo {
    images: Memo<Arc<Vec<u8>>>,
    faces: BytesKeys,
}

impl FrontMemo {
    /// Starts a build: an image the last build did not use is forgotten.
    pub fn next_generation(&self) {
        self.images.next_generation();
    }
}

/// [`front_image`], kept in `memo`: a rebuild whose cover design, artwork and faces
/// are unchanged draws no cover (an SVG illustration, which keeps no bytes to
/// fingerprint, is drawn every time).
pub fn front_image_memo(
    front: &Scene,
    art: Option<&Artwork>,
    faces: &[FaceData],
    memo: &FrontMemo,
) -> Result<FrontImage, raster::RasterError> {
    if art.is_some_and(|a| a.kind == ArtKind::Front && matches!(a.source, ArtSource::Raster { .. }))
    {
        // Given as it is used: nothing to draw.
        return front_image(front, art, faces);
    }
    let key = scene_key(front, faces, memo);
    if let Some(bytes) = key.and_then(|k| memo.images.get(k)) {
        return Ok(FrontImage {
            bytes: bytes.to_vec(),
            media_type: "image/png",
        });
    }
    let made = front_image(front, art, faces)?;
    if let Some(k) = key
        && made.media_type == "image/png"
    {
        memo.images.put(k, Arc::new(made.bytes.clone()));
    }
    Ok(made)
}

/// The fingerprint of what [`front_image`] draws `scene` from; `None` when it shows an
/// SVG drawing.
fn scene_key(scene: &Scene, faces: &[FaceData], memo: &FrontMemo) -> Option<Key> {
    fn walk(marks: &[SceneItem], parts: &mut Vec<Key>) -> Option<()> {
        for mark in marks {
            match mark {
                SceneItem::Image { rect, data } => match data {
                    Art::Encoded(bytes) => parts.push(memo::key(&(rect, memo::key_bytes(bytes)))),
                    Art::Svg(_) => return None,
                },
                SceneItem::Clip { rect, marks } => {
                    parts.push(memo::key(&("clip", rect, marks.len())));
                    walk(marks, parts)?;
                }
                other => parts.push(memo::key(other)),
            }
        }
        Some(())
    }
    let mut parts = Vec::new();
    walk(&scene.marks, &mut parts)?;
    let faces: Vec<(Key, u32)> = (faces.iter())
        .map(|f| (memo.faces.key(&f.data), f.index))
        .collect();
    let size = (scene.width, scene.height, scene.bleed, FRONT_IMAGE_HEIGHT);
    Some(memo::key(&(size, parts, faces)))
}

/// `image/png` or `image/jpeg` from the file's signature.
fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    crate::model::ImageKind::sniff(bytes)
        .filter(|k| k.printable())
        .map(|k| k.media_type())
}

/// The print cover: back, spine and front as one spread.
pub struct PrintSpread {
    /// What the cover PDF draws.
    pub scene: Scene,
    /// Set when a perfect-bound spine is too narrow for its title and stays plain.
    pub plain_spine: Option<PlainSpine>,
}

/// A spine left without a title, and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlainSpine {
    /// The spine's width, pt.
    pub width: f64,
    /// Pages of the book.
    pub pages: usize,
    /// The paper's thickness, pt.
    pub paper: f64,
}

impl std::fmt::Display for PlainSpine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "left plain: {:.1} mm wide ({} pages at {:.3} mm), narrower than the {:.1} mm that carries its title",
            self.width / MM,
            self.pages,
            self.paper / MM,
            design::MIN_SPINE_FOR_TEXT / MM
        )
    }
}

/// Points in a millimetre.
const MM: f64 = 72.0 / 25.4;

/// The spine's width: half the page count (rounded up) sheets of the layout's paper
/// for perfect binding; none for a saddle-stitched booklet.
fn spine_width(layout: &Layout, pages: usize) -> f64 {
    match layout.binding {
        Binding::Perfect => pages.div_ceil(2) as f64 * layout.paper_thickness,
        Binding::SaddleStitch => 0.0,
    }
}

/// Lays out the print spread of a book of `pages` pages around `front`.
pub fn print_spread(
    meta: &Metadata,
    layout: &Layout,
    ts: &Typesetter,
    pages: usize,
    front: &Scene,
) -> PrintSpread {
    let back = design::back(meta, layout, ts);
    let spine = spine_width(layout, pages);
    let mut plain_spine = None;
    let spine_marks: Vec<SceneItem> = match layout.binding {
        Binding::Perfect => {
            let marks = design::spine(meta, ts, spine, front.height);
            if marks.is_none() {
                plain_spine = Some(PlainSpine {
                    width: spine,
                    pages,
                    paper: layout.paper_thickness,
                });
            }
            marks.unwrap_or_default()
        }
        Binding::SaddleStitch => vec![],
    };
    let scene = design::spread(front, &back, spine, design::FIELD, &spine_marks);
    PrintSpread { scene, plain_spine }
}

/// The least resolution of raster artwork at its printed size, in pixels per inch.
const PRINT_PPI: f64 = 300.0;

/// Warns when raster artwork is printed on `front` at less than [`PRINT_PPI`]: the
/// print cover would show its pixels. (SVG is drawn at any resolution.)
pub fn check_resolution(front: &Scene, art: &Artwork, diags: &mut Diagnostics) {
    let ArtSource::Raster { data, .. } = &art.source else {
        return;
    };
    let Some((px_w, px_h)) = parse::images::pixel_size(data) else {
        return;
    };
    fn printed(items: &[SceneItem]) -> Option<Rect> {
        items.iter().find_map(|item| match item {
            SceneItem::Image {
                rect,
                data: Art::Encoded(_),
            } => Some(*rect),
            SceneItem::Clip { marks, .. } => printed(marks),
            _ => None,
        })
    }
    let Some(rect) = printed(&front.marks) else {
        return;
    };
    let ppi = f64::from(px_w) / (rect.w / 72.0);
    if ppi + 0.5 < PRINT_PPI {
        let mm = |pt: f64| pt * 25.4 / 72.0;
        let needed = |pt: f64| (pt / 72.0 * PRINT_PPI).ceil();
        diags.push(
            Diagnostic::warning(
                None,
                format!(
                    "{} is {px_w} × {px_h} px, printed {:.0} × {:.0} mm on the cover: {ppi:.0} ppi, below the {PRINT_PPI:.0} print needs",
                    art.path.display(),
                    mm(rect.w),
                    mm(rect.h),
                ),
            )
            .with_hint(format!(
                "export it at least {:.0} × {:.0} px, or as SVG",
                needed(rect.w),
                needed(rect.h)
            )),
        );
    }
}
