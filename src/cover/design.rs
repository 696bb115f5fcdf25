//! The typographic cover: laid out from the metadata on the book's own fonts, so it
//! looks like the book. Front: a colour field bleeding off the top with the title set
//! large in paper white; subtitle and publisher below. Back: the description set as a
//! justified paragraph and, with an ISBN, an EAN-13 barcode in its white quiet zone.

use super::barcode;
use super::svg::Svg;
use super::{Affine, Art, Cmyk, Scene, SceneItem};
use crate::layout::{Layout, TextAlign};
use crate::model::{Identifier, Metadata};
use crate::typeset::paragraph::{Line, ParagraphSettings, Typesetter};
use crate::typeset::run::{Run, RunStyle};
use crate::typeset::{Rect, TextRun};
use std::sync::Arc;

/// The house colour of the cover field: a deep pamphlet red.
pub const FIELD: Cmyk = Cmyk(0.0, 0.92, 0.82, 0.22);

/// Artwork supplied in `covers/`.
#[derive(Debug, Clone)]
pub struct Artwork {
    /// What the artwork is on the cover.
    pub kind: ArtKind,
    /// Its image.
    pub source: ArtSource,
    /// Its file, as found under `covers/`.
    pub path: std::path::PathBuf,
}

/// The two kinds of cover artwork.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtKind {
    /// `covers/front.*`: the complete front cover, drawn full-bleed instead of the design.
    Front,
    /// `covers/illustration.*`: a picture framed by the typographic design.
    Illustration,
}

/// An artwork's image.
#[derive(Debug, Clone)]
pub enum ArtSource {
    /// PNG or JPEG bytes, with the image's width over height.
    Raster {
        /// The file.
        data: Arc<Vec<u8>>,
        /// Width over height in pixels.
        aspect: f64,
    },
    /// A vector drawing, rasterised at the size it is printed.
    Svg(Svg),
}

impl ArtSource {
    /// Width over height.
    fn aspect(&self) -> f64 {
        match self {
            ArtSource::Raster { aspect, .. } => *aspect,
            ArtSource::Svg(svg) => svg.aspect(),
        }
    }

    /// The image drawn to fill `rect` (an SVG rasterised at 300 dpi of that size).
    fn mark(&self, rect: Rect) -> Option<SceneItem> {
        let data = match self {
            ArtSource::Raster { data, .. } => Art::Encoded(data.clone()),
            ArtSource::Svg(svg) => Art::Svg(svg.clone()),
        };
        Some(SceneItem::Image { rect, data })
    }
}

impl Scene {
    /// An empty cover side at the book's trim size and bleed.
    fn blank(layout: &Layout) -> Scene {
        let page = &layout.page;
        Scene {
            width: page.trim.width,
            height: page.trim.height,
            bleed: page.bleed,
            marks: vec![],
        }
    }
}

/// The front cover at the book's trim size: front artwork full-bleed, or the
/// typographic design — the title in paper white on the red field, with an
/// illustration (when given) framed between the field and the footer.
pub fn front(meta: &Metadata, layout: &Layout, ts: &Typesetter, art: Option<&Artwork>) -> Scene {
    let mut s = Scene::blank(layout);
    let (w, h, bleed, m) = (s.width, s.height, s.bleed, s.width * 0.1);
    if let Some(art) = art.filter(|a| a.kind == ArtKind::Front) {
        let rect = Rect {
            x: -bleed,
            y: -bleed,
            w: w + 2.0 * bleed,
            h: h + 2.0 * bleed,
        };
        s.marks.extend(art.source.mark(rect));
        return s;
    }
    let illustration = art.filter(|a| a.kind == ArtKind::Illustration);
    let field_bottom = match illustration {
        Some(_) => (h * 0.36).round(),
        None => (h * 0.6).round(),
    };
    s.marks.push(SceneItem::Fill {
        rect: Rect {
            x: -bleed,
            y: -bleed,
            w: w + 2.0 * bleed,
            h: field_bottom + bleed,
        },
        color: FIELD,
    });

    let measure = w - 2.0 * m;
    if !meta.authors.is_empty() {
        let size = w / 26.0;
        let lines = set(
            ts,
            &meta.locale.authors(&meta.authors),
            RunStyle {
                small_caps: true,
                ..RunStyle::default()
            },
            size,
            measure,
            TextAlign::Left,
        );
        place(&mut s, &lines, m, m + size, Cmyk::PAPER);
    }
    let title_size = w / 13.0;
    let title = set(
        ts,
        &meta.title,
        RunStyle {
            bold: true,
            ..RunStyle::default()
        },
        title_size,
        measure,
        TextAlign::Left,
    );
    let depth: f64 = title.iter().skip(1).map(|l| l.height).sum();
    let title_base = match illustration {
        Some(_) => field_bottom - m * 0.7 - depth,
        None => field_bottom - m * 0.9 - depth,
    };
    place(&mut s, &title, m, title_base, Cmyk::PAPER);

    let mut below = field_bottom;
    if let Some(sub) = &meta.subtitle {
        let size = w / 22.0;
        let lines = set(
            ts,
            sub,
            RunStyle {
                italic: true,
                ..RunStyle::default()
            },
            size,
            measure,
            TextAlign::Left,
        );
        below = place(
            &mut s,
            &lines,
            m,
            field_bottom + m * 0.6 + size,
            Cmyk::BLACK,
        ) + size * 0.4;
    }
    let rule = footer(&mut s, meta, ts, m);
    if let Some(art) = illustration {
        // The frame: the measure wide, from below the field (and subtitle) to above the
        // footer's rule, narrowed to the artwork's proportions and centred in it.
        let (top, bottom) = (below + m * 0.5, rule - m * 0.5);
        let (bw, bh) = (measure, bottom - top);
        let aspect = art.source.aspect();
        let (iw, ih) = if bw / bh > aspect {
            (bh * aspect, bh)
        } else {
            (bw, bw / aspect)
        };
        if iw > 0.0 && ih > 0.0 {
            let rect = Rect {
                x: m + (bw - iw) / 2.0,
                y: top + (bh - ih) / 2.0,
                w: iw,
                h: ih,
            };
            s.marks.extend(art.source.mark(rect));
        }
    }
    s
}

/// The foot of the front: a hairline in the field colour, the publisher at the left
/// and the year of publication at the right, in small capitals. Returns the rule's y.
fn footer(s: &mut Scene, meta: &Metadata, ts: &Typesetter, m: f64) -> f64 {
    let (w, h) = (s.width, s.height);
    let size = w / 34.0;
    let style = RunStyle {
        small_caps: true,
        ..RunStyle::default()
    };
    let baseline = h - m;
    s.marks.push(SceneItem::Fill {
        rect: Rect {
            x: m,
            y: baseline - size * 2.2,
            w: w - 2.0 * m,
            h: 0.8,
        },
        color: FIELD,
    });
    if let Some(publisher) = &meta.publisher {
        let lines = set(
            ts,
            publisher,
            style.clone(),
            size,
            (w - 2.0 * m) * 0.7,
            TextAlign::Left,
        );
        place(s, &lines, m, baseline, Cmyk::BLACK);
    }
    if let Some(year) = meta.date.as_deref().and_then(|d| d.get(..4)) {
        let width = w * 0.25;
        let lines = set(ts, year, style, size, width, TextAlign::Left);
        let used = lines.first().map_or(0.0, |l| l.width);
        place(s, &lines, w - m - used, baseline, Cmyk::BLACK);
    }
    baseline - size * 2.2
}

/// The back cover: description, publisher, and the ISBN barcode when there is one.
pub fn back(meta: &Metadata, layout: &Layout, ts: &Typesetter) -> Scene {
    let mut s = Scene::blank(layout);
    let (w, h, bleed, m) = (s.width, s.height, s.bleed, s.width * 0.1);
    s.marks.push(SceneItem::Fill {
        rect: Rect {
            x: -bleed,
            y: -bleed,
            w: w + 2.0 * bleed,
            h: m * 0.5 + bleed,
        },
        color: FIELD,
    });
    let measure = w - 2.0 * m;
    if let Some(desc) = &meta.description {
        let size = layout.font_size * 1.15;
        let top = h * 0.2;
        s.marks.push(SceneItem::Fill {
            rect: Rect {
                x: m,
                y: top - size * 2.0,
                w: m * 0.8,
                h: 1.2,
            },
            color: FIELD,
        });
        let lines = set(
            ts,
            desc,
            RunStyle::default(),
            size,
            measure,
            TextAlign::Justify,
        );
        place(&mut s, &lines, m, top, Cmyk::BLACK);
    }
    if let Some(publisher) = &meta.publisher {
        let size = w / 34.0;
        let lines = set(
            ts,
            publisher,
            RunStyle {
                small_caps: true,
                ..RunStyle::default()
            },
            size,
            measure * 0.5,
            TextAlign::Left,
        );
        place(&mut s, &lines, m, h - m, Cmyk::BLACK);
    }
    if let Identifier::Isbn(digits) = &meta.identifier {
        isbn_barcode(&mut s, ts, digits, w - m, h - m);
    }
    s
}

/// The narrowest spine that carries text: a quarter of an inch.
pub const MIN_SPINE_FOR_TEXT: f64 = 18.0;

/// The spine's text, title and author, set along a spine `width` wide and `height` tall,
/// reading top to bottom (the English convention), centred both ways, in paper white on
/// the field: marks relative to the spine's top-left corner. `None` when the spine is
/// narrower than [`MIN_SPINE_FOR_TEXT`].
pub fn spine(meta: &Metadata, ts: &Typesetter, width: f64, height: f64) -> Option<Vec<SceneItem>> {
    if width < MIN_SPINE_FOR_TEXT {
        return None;
    }
    let size = (width * 0.42).min(11.0);
    let length = height * 0.8;
    let title = RunStyle {
        bold: true,
        ..RunStyle::default()
    };
    let author = RunStyle {
        small_caps: true,
        ..RunStyle::default()
    };
    let one_line = |text: &str, style: RunStyle| set(ts, text, style, size, 1.0e6, TextAlign::Left);
    let mut parts = vec![(one_line(&meta.title, title), 0.0)];
    if !meta.authors.is_empty() {
        parts.push((
            one_line(&meta.locale.authors(&meta.authors), author),
            size * 1.5,
        ));
    }
    let widths: Vec<f64> = parts
        .iter()
        .map(|(lines, gap)| gap + lines.first().map_or(0.0, |l| l.width))
        .collect();
    let total: f64 = widths.iter().sum();
    // A title longer than the spine is set smaller rather than run off its ends.
    let shrink = (length / total).min(1.0);
    let turn = Affine::quarter_turn_at(width / 2.0, height / 2.0);
    let mut marks = vec![];
    let mut x = -total * shrink / 2.0;
    for ((lines, gap), w) in parts.iter().zip(&widths) {
        x += gap * shrink;
        for run in lines.iter().take(1).flat_map(|l| &l.runs) {
            let mut run = run.clone();
            scale_run(&mut run, shrink);
            // The centre of the lower-case letters on the spine's centre line.
            run.x = x + run.x * shrink;
            run.y = size * shrink * 0.25;
            marks.push(SceneItem::Text {
                run,
                color: Cmyk::PAPER,
                transform: Some(turn),
            });
        }
        x += (w - gap) * shrink;
    }
    Some(marks)
}

/// Scales a run's size and advances by `k`.
fn scale_run(run: &mut TextRun, k: f64) {
    if k == 1.0 {
        return;
    }
    run.size *= k;
    for g in &mut run.glyphs {
        g.x_advance *= k;
        g.x_offset *= k;
        g.y_offset *= k;
    }
}

/// The print cover as one spread: back, spine (with `spine_marks` relative to its
/// top-left corner), front, side by side.
pub fn spread(
    front: &Scene,
    back: &Scene,
    spine: f64,
    spine_color: Cmyk,
    spine_marks: &[SceneItem],
) -> Scene {
    let mut s = Scene {
        width: back.width + spine + front.width,
        height: front.height,
        bleed: front.bleed,
        marks: vec![],
    };
    // Each side bleeds off its outer edges only: at the fold (or spine) it is cut.
    let b = s.bleed;
    let full = |x: f64, w: f64| Rect {
        x,
        y: -b,
        w,
        h: s.height + 2.0 * b,
    };
    s.marks
        .extend(clip_to(back.marks.clone(), full(-b, back.width + b)));
    let dx = back.width + spine;
    let front_marks = front.marks.iter().cloned().map(|m| shift(m, dx)).collect();
    s.marks
        .extend(clip_to(front_marks, full(dx, front.width + b)));
    // The spine last: the sides' bleed reaches into it and must not cover its text.
    if spine > 0.0 {
        let rect = Rect {
            x: back.width,
            y: -s.bleed,
            w: spine,
            h: s.height + 2.0 * s.bleed,
        };
        s.marks.push(SceneItem::Fill {
            rect,
            color: spine_color,
        });
        s.marks
            .extend(spine_marks.iter().cloned().map(|m| shift(m, back.width)));
    }
    s
}

/// Keeps `marks` inside `area`: fills are cut to it (no clipping path, so no seam
/// where two sides meet), artwork reaching beyond it is clipped.
fn clip_to(marks: Vec<SceneItem>, area: Rect) -> Vec<SceneItem> {
    let inside = |r: &Rect| {
        r.x >= area.x
            && r.y >= area.y
            && r.x + r.w <= area.x + area.w
            && r.y + r.h <= area.y + area.h
    };
    marks
        .into_iter()
        .filter_map(|m| match m {
            SceneItem::Fill { rect, color } => {
                let x0 = rect.x.max(area.x);
                let y0 = rect.y.max(area.y);
                let x1 = (rect.x + rect.w).min(area.x + area.w);
                let y1 = (rect.y + rect.h).min(area.y + area.h);
                (x1 > x0 && y1 > y0).then_some(SceneItem::Fill {
                    rect: Rect {
                        x: x0,
                        y: y0,
                        w: x1 - x0,
                        h: y1 - y0,
                    },
                    color,
                })
            }
            SceneItem::Image { rect, .. } if !inside(&rect) => Some(SceneItem::Clip {
                rect: area,
                marks: vec![m],
            }),
            m => Some(m),
        })
        .collect()
}

fn shift(mark: SceneItem, dx: f64) -> SceneItem {
    match mark {
        SceneItem::Clip { rect, marks } => SceneItem::Clip {
            rect: Rect {
                x: rect.x + dx,
                ..rect
            },
            marks: marks.into_iter().map(|m| shift(m, dx)).collect(),
        },
        SceneItem::Fill { rect, color } => SceneItem::Fill {
            rect: Rect {
                x: rect.x + dx,
                ..rect
            },
            color,
        },
        SceneItem::Image { rect, data } => SceneItem::Image {
            rect: Rect {
                x: rect.x + dx,
                ..rect
            },
            data,
        },
        SceneItem::Text {
            run,
            color,
            transform: Some(t),
        } => SceneItem::Text {
            run,
            color,
            transform: Some(t.shifted(dx)),
        },
        SceneItem::Text {
            mut run,
            color,
            transform: None,
        } => {
            run.x += dx;
            SceneItem::Text {
                run,
                color,
                transform: None,
            }
        }
    }
}

/// An EAN-13 symbol whose bottom-right corner (quiet zone included) is at (right, bottom).
fn isbn_barcode(s: &mut Scene, ts: &Typesetter, digits: &str, right: f64, bottom: f64) {
    let Some(modules) = barcode::ean13_modules(digits) else {
        return;
    };
    let x_mod = 0.33 * 72.0 / 25.4; // 0.33 mm: the nominal (100 %) module width
    let bar_h = 18.0 * 72.0 / 25.4;
    let text = 8.0;
    let (quiet_l, quiet_r) = (11.0 * x_mod, 7.0 * x_mod);
    let width = quiet_l + barcode::MODULES as f64 * x_mod + quiet_r;
    let height = text * 1.4 + bar_h + text * 1.2;
    let (x0, y0) = (right - width, bottom - height);
    s.marks.push(SceneItem::Fill {
        rect: Rect {
            x: x0,
            y: y0 - 3.0,
            w: width,
            h: height + 3.0,
        },
        color: Cmyk::PAPER,
    });
    let label = set(
        ts,
        &format!("ISBN {digits}"),
        RunStyle::default(),
        text,
        width,
        TextAlign::Center,
    );
    place(s, &label, x0, y0 + text, Cmyk::BLACK);
    let bars_top = y0 + text * 1.4;
    let bars_x = x0 + quiet_l;
    for (start, len, guard) in barcode::bars(&modules) {
        let h = if guard { bar_h + text * 0.6 } else { bar_h };
        let rect = Rect {
            x: bars_x + start as f64 * x_mod,
            y: bars_top,
            w: len as f64 * x_mod,
            h,
        };
        s.marks.push(SceneItem::Fill {
            rect,
            color: Cmyk::BLACK,
        });
    }
    let digit_y = bars_top + bar_h + text;
    let groups = [
        (&digits[..1], -9.0, 7.0),
        (&digits[1..7], 3.0, 42.0),
        (&digits[7..], 50.0, 42.0),
    ];
    for (g, at, span) in groups {
        let lines = set(
            ts,
            g,
            RunStyle::default(),
            text,
            span * x_mod,
            TextAlign::Center,
        );
        place(s, &lines, bars_x + at * x_mod, digit_y, Cmyk::BLACK);
    }
}

/// Sets a short text at a measure with the book's typesetter.
fn set(
    ts: &Typesetter,
    text: &str,
    style: RunStyle,
    size: f64,
    measure: f64,
    align: TextAlign,
) -> Vec<Line> {
    let run = Run::new(text, style);
    let settings = ParagraphSettings {
        measure,
        size,
        indent_left: 0.0,
        indent_right: 0.0,
        first_line_indent: 0.0,
        align,
        leading: size * 1.18,
        hyphenate: false,
        old_style_figures: false,
        looseness: 0,
    };
    ts.paragraph(&[run], &settings).lines
}

/// Places lines with the first baseline at `y`; returns the last baseline.
fn place(s: &mut Scene, lines: &[Line], x: f64, y: f64, color: Cmyk) -> f64 {
    let mut baseline = y;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            baseline += line.height;
        }
        for run in &line.runs {
            let run = TextRun {
                x: x + run.x,
                y: baseline + run.y,
                ..run.clone()
            };
            s.marks.push(SceneItem::Text {
                run,
                color,
                transform: None,
            });
        }
    }
    baseline
}
