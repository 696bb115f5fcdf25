//! Runs of plain text: consecutive `Text` and `SoftBreak` inlines seen as one string, so
//! citations, footnote marks and glossary terms can be found across the pieces
//! pulldown-cmark splits text into, and the pieces rebuilt with exact source spans.

use crate::diag::Span;
use crate::model::{Inline, InlineKind};
use std::ops::Range;

/// Joins adjacent `Text` inlines (smart punctuation splits them) into one, recursively.
pub fn merge_texts(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for mut inline in inlines {
        map_children(&mut inline, merge_texts);
        if let (InlineKind::Text(add), Some(last)) = (&inline.kind, out.last_mut())
            && let InlineKind::Text(prev) = &mut last.kind
            && last.span.file == inline.span.file
        {
            prev.push_str(add);
            last.span.end = inline.span.end.max(last.span.end);
            continue;
        }
        out.push(inline);
    }
    out
}

/// Applies `f` to the child list of a formatting inline (emphasis, strong, …) in place.
pub fn map_children(inline: &mut Inline, f: impl FnOnce(Vec<Inline>) -> Vec<Inline>) {
    if let Some(c) = inline.kind.children_mut() {
        *c = f(std::mem::take(c));
    }
}

/// One piece of a run: a `Text` inline, a soft break or a formatting inline.
#[derive(Debug)]
struct Piece {
    /// Byte range in the run's string.
    range: Range<usize>,
    /// The inline's span.
    span: Span,
    /// Whether this piece is a soft break (shown as one space in the run's string).
    soft: bool,
    /// A formatting inline (emphasis, strong, …), shown as its plain text with the
    /// characters of citation syntax masked (see [`rewrite_formatted_runs`]).
    formatted: Option<Inline>,
}

/// Whether an inline may sit inside a run for [`rewrite_rich_runs`]: formatting, code
/// and links.
fn is_rich(kind: &InlineKind) -> bool {
    is_formatting(kind) || matches!(kind, InlineKind::Code(_) | InlineKind::Link { .. })
}

/// Whether an inline may sit inside a run for [`rewrite_formatted_runs`].
fn is_formatting(kind: &InlineKind) -> bool {
    matches!(
        kind,
        InlineKind::Emphasis(_)
            | InlineKind::Strong(_)
            | InlineKind::Strikethrough(_)
            | InlineKind::Superscript(_)
            | InlineKind::Subscript(_)
            | InlineKind::SmallCaps(_)
    )
}

/// The plain text of a formatting inline with `[`, `]`, `^`, `~`, `@`, `;` and `\`
/// masked (same length), so that nothing inside it reads as citation or pandoc syntax.
fn masked_text(inline: &Inline) -> String {
    crate::model::plain_text(std::slice::from_ref(inline))
        .chars()
        .map(|c| if "[]^~@;\\".contains(c) { '_' } else { c })
        .collect()
}

/// `inlines` cut to the byte range `lo..hi` of their plain text (as
/// `model::plain_text` gives it), formatting kept around what is left.
fn clip(inlines: &[Inline], lo: usize, hi: usize) -> Vec<Inline> {
    let mut out = vec![];
    let mut at = 0;
    for i in inlines {
        let len = crate::model::plain_text(std::slice::from_ref(i)).len();
        let (start, end) = (at, at + len);
        at = end;
        if end <= lo || start >= hi {
            continue;
        }
        if lo <= start && end <= hi {
            out.push(i.clone());
            continue;
        }
        let (a, b) = (lo.max(start) - start, hi.min(end) - start);
        let mut part = i.clone();
        match &mut part.kind {
            InlineKind::Text(t) | InlineKind::Code(t) => {
                let (a, b) = (floor_char(t, a), floor_char(t, b));
                *t = t[a..b].to_string();
            }
            kind => match kind.children_mut() {
                Some(c) => *c = clip(c, a, b),
                None => continue,
            },
        }
        out.push(part);
    }
    out
}

/// `at`, moved back to a character boundary of `s`.
fn floor_char(s: &str, at: usize) -> usize {
    (0..=at.min(s.len()))
        .rev()
        .find(|&k| s.is_char_boundary(k))
        .unwrap_or(0)
}

/// Consecutive `Text`/`SoftBreak` inlines as one string.
#[derive(Debug)]
pub struct JoinedText<'s> {
    /// The joined text; a soft break is one space.
    pub text: String,
    pieces: Vec<Piece>,
    src: &'s str,
}

impl<'s> JoinedText<'s> {
    /// The run of `inlines` (all `Text` or `SoftBreak`) from the file whose text is `src`.
    pub fn new(inlines: &[Inline], src: &'s str) -> Self {
        let mut text = String::new();
        let mut pieces = vec![];
        for i in inlines {
            let start = text.len();
            let (soft, formatted) = match &i.kind {
                InlineKind::Text(t) => {
                    text.push_str(t);
                    (false, None)
                }
                kind if is_rich(kind) => {
                    text.push_str(&masked_text(i));
                    (false, Some(i.clone()))
                }
                _ => {
                    text.push(' ');
                    (true, None)
                }
            };
            pieces.push(Piece {
                range: start..text.len(),
                span: i.span,
                soft,
                formatted,
            });
        }
        JoinedText { text, pieces, src }
    }

    /// Whether a byte range of the run's string lies inside one `Text` piece.
    pub fn within_text(&self, range: Range<usize>) -> bool {
        let k = self.pieces.partition_point(|p| p.range.end <= range.start);
        self.pieces.get(k).is_some_and(|p| {
            !p.soft
                && p.formatted.is_none()
                && p.range.start <= range.start
                && range.end <= p.range.end
        })
    }

    /// Whether a byte range of the run's string touches a formatting inline.
    pub fn touches_formatting(&self, range: Range<usize>) -> bool {
        let k = self.pieces.partition_point(|p| p.range.end <= range.start);
        self.pieces[k..]
            .iter()
            .take_while(|p| p.range.start < range.end)
            .any(|p| p.formatted.is_some())
    }

    /// The source span of a byte range of the run's string.
    pub fn span(&self, range: Range<usize>) -> Span {
        let start = self.offset(range.start, false);
        let end = self.offset(range.end, true).max(start);
        Span {
            file: self.pieces[0].span.file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// Source offset of a run offset (`end`: the offset closes a range).
    fn offset(&self, at: usize, end: bool) -> usize {
        let piece = self
            .pieces
            .iter()
            .find(|p| {
                if end {
                    p.range.start < at && at <= p.range.end
                } else {
                    p.range.start <= at && at < p.range.end
                }
            })
            .or(self.pieces.last())
            .expect("a run is never empty");
        if piece.soft || piece.formatted.is_some() || piece.span.is_detached() {
            return if at <= piece.range.start {
                piece.span.start as usize
            } else {
                piece.span.end as usize
            };
        }
        let text = &self.text[piece.range.clone()];
        let src = self.src.get(piece.span.range()).unwrap_or("");
        let rel = at.saturating_sub(piece.range.start).min(text.len());
        piece.span.start as usize + source_offset(src, text, rel)
    }

    /// The inlines covering a byte range of the run's string (text cut at the range).
    pub fn inlines(&self, range: Range<usize>) -> Vec<Inline> {
        let mut out = vec![];
        for p in &self.pieces {
            let lo = range.start.max(p.range.start);
            let hi = range.end.min(p.range.end);
            if lo >= hi {
                continue;
            }
            if let Some(f) = &p.formatted {
                let (a, b) = (lo - p.range.start, hi - p.range.start);
                out.extend(clip(std::slice::from_ref(f), a, b));
                continue;
            }
            let span = self.span(lo..hi);
            let kind = if p.soft {
                InlineKind::SoftBreak
            } else {
                InlineKind::Text(self.text[lo..hi].to_string())
            };
            out.push(Inline { kind, span });
        }
        out
    }
}

/// Rewrites every run of text in `inlines` (not descending into children) with `f`,
/// which returns the run's replacement, or `None` to keep it.
pub fn rewrite_runs(
    inlines: Vec<Inline>,
    src: &str,
    f: &mut dyn FnMut(&JoinedText) -> Option<Vec<Inline>>,
) -> Vec<Inline> {
    rewrite(inlines, src, |_| false, f)
}

/// [`rewrite_runs`] with formatting inlines (emphasis, strong, …) inside the runs, each
/// standing for its plain text with `[`, `]`, `@`, `;` and `\` masked: a citation
/// `[*see* @key p. **32**]` is one run. Pieces of a formatting inline keep its
/// formatting in [`JoinedText::inlines`].
pub fn rewrite_formatted_runs(
    inlines: Vec<Inline>,
    src: &str,
    f: &mut dyn FnMut(&JoinedText) -> Option<Vec<Inline>>,
) -> Vec<Inline> {
    rewrite(inlines, src, is_formatting, f)
}

/// [`rewrite_formatted_runs`] with code and links inside the runs too: pandoc's inline
/// notes and bracketed spans (`^[see `x` and [this](u)]`) hold any inline.
pub fn rewrite_rich_runs(
    inlines: Vec<Inline>,
    src: &str,
    f: &mut dyn FnMut(&JoinedText) -> Option<Vec<Inline>>,
) -> Vec<Inline> {
    rewrite(inlines, src, is_rich, f)
}

fn rewrite(
    inlines: Vec<Inline>,
    src: &str,
    joins: fn(&InlineKind) -> bool,
    f: &mut dyn FnMut(&JoinedText) -> Option<Vec<Inline>>,
) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    let mut pending: Vec<Inline> = vec![];
    let flush = |pending: &mut Vec<Inline>,
                 out: &mut Vec<Inline>,
                 f: &mut dyn FnMut(&JoinedText) -> Option<Vec<Inline>>| {
        if pending
            .iter()
            .any(|i| matches!(i.kind, InlineKind::Text(_)))
        {
            let run = JoinedText::new(pending, src);
            if let Some(new) = f(&run) {
                out.extend(new);
                pending.clear();
                return;
            }
        }
        out.append(pending);
    };
    for i in inlines {
        match i.kind {
            InlineKind::Text(_) | InlineKind::SoftBreak => pending.push(i),
            ref kind if joins(kind) => pending.push(i),
            _ => {
                flush(&mut pending, &mut out, f);
                out.push(i);
            }
        }
    }
    flush(&mut pending, &mut out, f);
    out
}

/// The byte offset in `src` (Markdown source) that corresponds to byte `at` of `text`
/// (its rendering: smart punctuation applied, escapes and entities decoded).
fn source_offset(src: &str, text: &str, at: usize) -> usize {
    if src.len() == text.len() {
        return at.min(src.len());
    }
    let (mut i, mut j) = (0, 0);
    while i < at && j < src.len() {
        let Some(tc) = text[i..].chars().next() else {
            break;
        };
        let rest = &src[j..];
        let sc = rest.chars().next().unwrap_or(' ');
        let entity = entity_len(rest);
        let step = if entity > 0 {
            entity
        } else if tc == sc {
            sc.len_utf8()
        } else if sc == '\\' && rest[1..].starts_with(tc) {
            1 + tc.len_utf8()
        } else {
            match (tc, sc) {
                ('–', '-') if rest.starts_with("--") => 2,
                ('—', '-') if rest.starts_with("---") => 3,
                ('…', '.') if rest.starts_with("...") => 3,
                _ => sc.len_utf8(),
            }
        };
        i += tc.len_utf8();
        j += step;
    }
    j.min(src.len())
}

/// The length of an HTML entity (`&amp;`, `&#8212;`) at the start of `s`, or 0.
pub(crate) fn entity_len(s: &str) -> usize {
    let Some(body) = s.strip_prefix('&') else {
        return 0;
    };
    let name_len = body
        .char_indices()
        .take_while(|&(k, c)| c.is_ascii_alphanumeric() || (k == 0 && c == '#'))
        .count();
    if name_len > 0 && name_len < 32 && body[name_len..].starts_with(';') {
        name_len + 2
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_through_smart_punctuation() {
        let src = "it's -- \"ok\" \\* &amp; x";
        let text = "it’s – “ok” * & x";
        let at = text.find('x').unwrap();
        assert_eq!(source_offset(src, text, at), src.find('x').unwrap());
        let at = text.find("ok").unwrap();
        assert_eq!(source_offset(src, text, at), src.find("ok").unwrap());
    }
}
