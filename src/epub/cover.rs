//! The cover: the author's image, or a typographic one drawn from the book's font
//! (publisher, rule, title, subtitle, rule, authors on a deep red ground), and the
//! XHTML page that shows it.

use super::labels::Labels;
use super::plan::{self, Plan};
use super::raster::{Canvas, Path, TextFace};
use super::xhtml::{self, escape};
use super::{EpubAssets, EpubError, Resource};
use crate::model::Document;

const WIDTH: usize = 1600;
const HEIGHT: usize = 2400;
const MARGIN: f32 = 170.0;
const GROUND: [u8; 3] = [0x86, 0x1f, 0x1c];
const INK: [u8; 3] = [0xf6, 0xee, 0xdf];

/// The cover image (when there is one) and the cover page.
pub fn resources(
    doc: &Document,
    assets: &EpubAssets,
    plan: &Plan,
) -> Result<Vec<Resource>, EpubError> {
    let image = match &assets.cover {
        Some(c) => Some((c.bytes.clone(), cover_type(c)?)),
        None => assets
            .fonts
            .as_ref()
            .map(|f| (draw(doc, f, plan.labels), "image/png")),
    };
    let alt = cover_alt(doc, plan.labels);
    let mut out = Vec::new();
    let body = match image {
        Some((bytes, media_type)) => {
            let ext = if media_type == "image/png" {
                "png"
            } else {
                "jpg"
            };
            let href = format!("images/cover.{ext}");
            out.push(Resource {
                href: href.clone(),
                id: "cover-image".into(),
                media_type,
                properties: "cover-image".into(),
                spine: false,
                data: bytes,
            });
            format!(
                "<section class=\"cover\" aria-label=\"{}\">\n<img epub:type=\"cover\" role=\"doc-cover\" src=\"{href}\" alt=\"{}\"/>\n</section>\n",
                plan.labels.cover,
                escape(&alt)
            )
        }
        None => format!(
            "<section class=\"cover titlepage\" aria-label=\"{}\">\n<p class=\"title\">{}</p>\n</section>\n",
            plan.labels.cover,
            escape(&alt)
        ),
    };
    out.push(Resource {
        href: plan::COVER.into(),
        id: "cover".into(),
        media_type: "application/xhtml+xml",
        properties: String::new(),
        spine: true,
        data: xhtml::document(&plan.lang, plan.labels.cover, "cover", &body),
    });
    Ok(out)
}

/// The media type of a supplied cover, checked against its bytes.
fn cover_type(c: &super::CoverImage) -> Result<&'static str, EpubError> {
    match (c.media_type.as_str(), c.bytes.as_slice()) {
        ("image/png", [0x89, b'P', b'N', b'G', ..]) => Ok("image/png"),
        ("image/jpeg", [0xff, 0xd8, ..]) => Ok("image/jpeg"),
        (t, _) => Err(EpubError::Cover(format!(
            "expected a JPEG or PNG file, got {t} whose bytes do not match"
        ))),
    }
}

/// What the cover says, for its text alternative.
fn cover_alt(doc: &Document, labels: &Labels) -> String {
    let m = &doc.meta;
    let mut s = m.title.clone();
    if let Some(sub) = &m.subtitle {
        s = format!("{s}: {sub}");
    }
    if !m.authors.is_empty() {
        s = format!("{s}, {} {}", labels.by, labels.authors(&m.authors));
    }
    s
}

/// Words of `text` broken into lines no wider than `max`.
fn wrap(face: &TextFace, text: &str, max: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if face.width(&format!("{l} {word}"), 0.0) <= max => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Draws centred lines from baseline `y`; returns the baseline after the last.
fn centred(
    canvas: &mut Canvas,
    face: &TextFace,
    lines: &[String],
    y: f32,
    step: f32,
    tracking: f32,
) -> f32 {
    let mut path = Path::default();
    let mut y = y;
    for l in lines {
        let x = (WIDTH as f32 - face.width(l, tracking)) / 2.0;
        face.draw(&mut path, l, x, y, tracking);
        y += step;
    }
    canvas.fill(&path, INK);
    y - step
}

/// The largest size from `sizes` at which `text` fits in `max_lines` lines.
fn fit<'a>(
    data: &'a [u8],
    text: &str,
    sizes: &[f32],
    max_lines: usize,
) -> (TextFace<'a>, Vec<String>, f32) {
    let measure = WIDTH as f32 - 2.0 * MARGIN;
    for &s in sizes {
        let face = TextFace::new(data, s).expect("font checked by the subsetter");
        let lines = wrap(&face, text, measure);
        if lines.len() <= max_lines && lines.iter().all(|l| face.width(l, 0.0) <= measure) {
            return (face, lines, s);
        }
    }
    let s = *sizes.last().unwrap_or(&60.0);
    let face = TextFace::new(data, s).expect("font checked by the subsetter");
    let lines = wrap(&face, text, measure);
    (face, lines, s)
}

/// The typographic cover as a PNG.
fn draw(doc: &Document, fonts: &super::FontFamily, labels: &Labels) -> Vec<u8> {
    let m = &doc.meta;
    let regular = &fonts.regular;
    let bold = fonts.bold.as_ref().unwrap_or(regular);
    let italic = fonts.italic.as_ref().unwrap_or(regular);
    let mut c = Canvas::new(WIDTH, HEIGHT, GROUND);
    let rule = |c: &mut Canvas, y: f32, w: f32| {
        let mut p = Path::default();
        p.rect((WIDTH as f32 - w) / 2.0, y, w, 5.0);
        c.fill(&p, INK);
    };
    // Publisher, tracked capitals, at the head.
    if let Some(p) = &m.publisher {
        let face = TextFace::new(regular, 46.0).expect("font checked by the subsetter");
        centred(&mut c, &face, &[p.to_uppercase()], MARGIN + 60.0, 0.0, 9.0);
    }
    rule(&mut c, MARGIN + 130.0, WIDTH as f32 - 2.0 * MARGIN);
    // Title, as large as fits in four lines, then the subtitle in italic.
    let (face, lines, size) = fit(bold, &m.title, &[170.0, 150.0, 130.0, 112.0, 96.0, 84.0], 4);
    let mut y = centred(&mut c, &face, &lines, 760.0, size * 1.18, 0.0);
    if let Some(sub) = &m.subtitle {
        let (face, lines, size) = fit(italic, sub, &[80.0, 70.0, 60.0, 52.0], 3);
        y = centred(&mut c, &face, &lines, y + size * 1.9, size * 1.3, 0.0);
    }
    rule(&mut c, y + 150.0, 260.0);
    // Authors at the foot, one to a line when each fits.
    if !m.authors.is_empty() {
        let (face, mut lines, size) =
            fit(regular, &labels.authors(&m.authors), &[84.0, 72.0, 60.0], 3);
        let measure = WIDTH as f32 - 2.0 * MARGIN;
        if lines.len() > 1
            && m.authors.len() <= 3
            && m.authors.iter().all(|a| face.width(a, 2.0) <= measure)
        {
            lines = m.authors.clone();
        }
        let top = HEIGHT as f32 - MARGIN - 120.0 - (lines.len() as f32 - 1.0) * size * 1.3;
        centred(&mut c, &face, &lines, top, size * 1.3, 2.0);
    }
    let mut p = Path::default();
    p.rect(
        MARGIN,
        HEIGHT as f32 - MARGIN - 40.0,
        WIDTH as f32 - 2.0 * MARGIN,
        5.0,
    );
    c.fill(&p, INK);
    c.png()
}
