//! Formats citations and the list of works cited with hayagriva's CSL engine, and turns
//! its structured output (not `to_string()`, which carries ANSI escapes) into inlines.

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::memo::{self, Key, Memo};
use crate::model::{BibEntry, Citation, CiteId, Inline, InlineKind, RefId};
use crate::parse::bibliography::{Bibliography, Works};
use crate::parse::citations::{LOCATOR_LABELS, split_locator};
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{FontStyle, FontVariant, FontWeight, VerticalAlign};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild,
    ElemChildren, ElemMeta, Formatting, LocatorPayload, SpecificLocator,
};
use std::collections::HashMap;
use std::sync::Arc;

/// How a citation is to be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `[@key]`: bracketed.
    Normal,
    /// `@key` in author-date styles: "Trotsky (1937)".
    Narrative,
    /// `[-@key]` in author-date styles: "(1937)".
    SuppressAuthor,
    /// `@key` in note styles: only the author in the text (the note has the rest).
    AuthorOnly,
}

/// What formatting needs to know about one citation besides the model's `Citation`.
#[derive(Debug, Clone)]
pub struct CiteInfo {
    /// The cited keys, in order (all known to the bibliography).
    pub keys: Vec<String>,
    /// How to show it.
    pub form: Form,
    /// The number of the note the citation is in (note styles: for ibid and the like).
    pub note_number: Option<u32>,
    /// The citation is a generated note of its own: its first letter is capitalised.
    pub own_note: bool,
}

/// Runs hayagriva's driver over the citations (and `nocite`), with `$lookup` finding an
/// entry by key; gives the rendered citations and bibliography, and the author-only forms.
macro_rules! drive {
    ($bib:expr, $info:expr, $locators:expr, $diags:expr, $lookup:expr) => {{
        let (bib, info, locators, diags, lookup) = ($bib, $info, $locators, $diags, $lookup);
        let locale = Some(bib.locale.clone());
        let entry = |k: &str| lookup(k).expect("keys are checked before formatting");
        let mut driver = BibliographyDriver::new();
        let mut authors_only = BibliographyDriver::new();
        for (i, inf) in info.iter().enumerate() {
            let purpose = match inf.form {
                Form::Normal => None,
                Form::Narrative | Form::SuppressAuthor => Some(CitePurpose::Prose),
                Form::AuthorOnly => Some(CitePurpose::Author),
            };
            let items = inf.keys.iter().zip(&locators[i]).map(|(k, loc)| {
                let loc = loc
                    .as_ref()
                    .map(|(l, v)| SpecificLocator(*l, LocatorPayload::Str(v)));
                CitationItem::new(entry(k), loc, None, false, purpose)
            });
            let note = inf.note_number.map(|n| n as usize);
            let req = CitationRequest::new(
                items.collect(),
                &bib.style,
                locale.clone(),
                &bib.locales,
                note,
            );
            match inf.form {
                Form::AuthorOnly => authors_only.citation(req),
                _ => driver.citation(req),
            }
        }
        for (key, span) in &bib.nocite {
            match lookup(key) {
                Some(e) => driver.citation(CitationRequest::from_items(
                    vec![CitationItem::new(e, None, None, true, None)],
                    &bib.style,
                    &bib.locales,
                )),
                None => diags.push(unknown_key(key, *span, bib)),
            }
        }
        let request = || BibliographyRequest::new(&bib.style, locale.clone(), &bib.locales);
        (driver.finish(request()), authors_only.finish(request()))
    }};
}

/// What [`format`] made, kept by [`format_memo`]: each citation's rendering, the works
/// cited, and the problems found.
#[derive(Debug)]
pub struct Formatted {
    /// Per citation: `rendered`, `works`, and each item's `entry`.
    cites: Vec<FormattedCite>,
    entries: Vec<BibEntry>,
    diags: Vec<Diagnostic>,
}

/// One citation as [`format`] left it: `rendered`, `works`, each item's `entry`.
type FormattedCite = (
    Vec<Inline>,
    Vec<(std::ops::Range<usize>, usize)>,
    Vec<RefId>,
);

/// [`format`], answered from `memo` when the bibliography (works, style, locales, entry
/// places, `nocite`) and every citation's items and description are as a build before
/// saw them: an edit that touches no citation runs no CSL engine.
pub fn format_memo(
    bib: &Bibliography,
    citations: &mut [Citation],
    info: &[CiteInfo],
    diags: &mut Diagnostics,
    memo: &Memo<Arc<Formatted>>,
) -> Vec<BibEntry> {
    let key = citations_key(bib, citations, info);
    let made = memo.get_or(key, || {
        let mut cites = citations.to_vec();
        let mut found = Diagnostics::default();
        let entries = format(bib, &mut cites, info, &mut found);
        let cites = cites
            .into_iter()
            .map(|c| {
                (
                    c.rendered,
                    c.works,
                    c.items.iter().map(|i| i.entry).collect(),
                )
            })
            .collect();
        Arc::new(Formatted {
            cites,
            entries,
            diags: found.iter().cloned().collect(),
        })
    });
    for (c, (rendered, works, entries)) in citations.iter_mut().zip(&made.cites) {
        c.rendered = rendered.clone();
        c.works = works.clone();
        for (item, entry) in c.items.iter_mut().zip(entries) {
            item.entry = *entry;
        }
    }
    for d in &made.diags {
        diags.push(d.clone());
    }
    made.entries.clone()
}

/// Everything [`format`] reads: the bibliography and, of each citation, what it cites
/// and how (not where it was written, which formatting never reads).
fn citations_key(bib: &Bibliography, citations: &[Citation], info: &[CiteInfo]) -> Key {
    let spans: std::collections::BTreeMap<_, _> = bib.entry_spans.iter().collect();
    let works = match &bib.works {
        Works::BibLaTeX(lib) => memo::key(lib),
        Works::CslJson(items) => memo::key(items),
    };
    let style = memo::key_hash(&(&bib.style, &bib.locale, &bib.locales));
    let cited: Vec<_> = citations.iter().map(|c| (&c.items, c.narrative)).collect();
    // hayagriva reads note numbers only in note styles (`CitationRequest::new` drops
    // them otherwise): in an in-text style a note added before a citation in a note
    // formats nothing again.
    let notes = bib.style.settings.class == hayagriva::citationberg::StyleClass::Note;
    let info: Vec<_> = info
        .iter()
        .map(|i| CiteInfo {
            note_number: i.note_number.filter(|_| notes),
            ..i.clone()
        })
        .collect();
    memo::key(&(works, style, spans, bib.mode, &bib.nocite, cited, info))
}

/// Formats every citation in place and returns the works cited, in the style's order.
/// `citations[i]` is described by `info[i]`; their `entry` ids are filled in here.
pub fn format(
    bib: &Bibliography,
    citations: &mut [Citation],
    info: &[CiteInfo],
    diags: &mut Diagnostics,
) -> Vec<BibEntry> {
    let locators: Vec<Vec<Option<(Locator, String)>>> = citations
        .iter()
        .map(|c| {
            c.items
                .iter()
                .map(|i| i.locator.as_deref().map(locator))
                .collect()
        })
        .collect();
    // hayagriva's entry trait is private, so the driver code is written once per entry type.
    let (rendered, authors) = match &bib.works {
        Works::BibLaTeX(lib) => drive!(bib, info, &locators, diags, |k: &str| lib.get(k)),
        Works::CslJson(items) => drive!(bib, info, &locators, diags, |k: &str| items.get(k)),
    };
    let mut main = rendered.citations.into_iter();
    let mut authors = authors.citations.into_iter();
    for (c, inf) in citations.iter_mut().zip(info) {
        let out = match inf.form {
            Form::AuthorOnly => authors.next(),
            _ => main.next(),
        };
        let Some(out) = out else { continue };
        let mut children = out.citation;
        if inf.form == Form::SuppressAuthor {
            drop_authors(&mut children);
        }
        let (rendered, works) = convert_cite(&children, c);
        c.rendered = rendered;
        c.works = works;
        if inf.own_note {
            capitalize_first(&mut c.rendered);
        }
    }
    let mut entries = works_cited(bib, rendered.bibliography, info);
    let ids: HashMap<String, RefId> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key.clone(), RefId(i as u32)))
        .collect();
    for (k, (c, inf)) in citations.iter_mut().zip(info).enumerate() {
        for (item, key) in c.items.iter_mut().zip(&inf.keys) {
            item.entry = ids.get(key.as_str()).copied().unwrap_or(RefId(0));
            // A work cited twice in one citation has one back-link to it.
            if let Some(e) = entries.get_mut(item.entry.index())
                && e.uses.last() != Some(&CiteId(k as u32))
            {
                e.uses.push(CiteId(k as u32));
            }
        }
    }
    entries
}

/// The list of works cited; styles without a bibliography list the works in citation order.
fn works_cited(
    bib: &Bibliography,
    rendered: Option<hayagriva::RenderedBibliography>,
    info: &[CiteInfo],
) -> Vec<BibEntry> {
    let span = |k: &str| bib.entry_spans.get(k).copied().unwrap_or(Span::DETACHED);
    match rendered {
        Some(r) => r
            .items
            .into_iter()
            .map(|item| {
                // Numeric styles set the label ("[1]") apart (`second-field-align`).
                let mut rendered = match &item.first_field {
                    Some(label) => {
                        let mut l = convert(&ElemChildren(vec![label.clone()]), None);
                        l.push(Inline::text(" "));
                        l
                    }
                    None => vec![],
                };
                rendered.extend(convert(&item.content, None));
                BibEntry {
                    span: span(&item.key),
                    rendered: merge_adjacent(rendered),
                    key: item.key,
                    uses: vec![],
                }
            })
            .collect(),
        None => {
            let mut seen = std::collections::HashSet::new();
            let keys = info
                .iter()
                .flat_map(|i| &i.keys)
                .chain(bib.nocite.iter().map(|(k, _)| k));
            keys.filter(|k| bib.works.contains(k) && seen.insert(k.as_str()))
                .map(|k| BibEntry {
                    key: k.clone(),
                    rendered: vec![],
                    uses: vec![],
                    span: span(k),
                })
                .collect()
        }
    }
}

/// An unknown key, with the closest known key as a hint.
pub fn unknown_key(key: &str, span: Span, bib: &Bibliography) -> Diagnostic {
    let mut d = Diagnostic::error(span, format!("unknown citation key `{key}`"));
    match crate::parse::closest(key, bib.works.keys()) {
        Some(c) => d = d.with_hint(format!("did you mean `{c}`?")),
        None => d = d.with_hint("add an entry with this key to the bibliography file, or write `\\@` for an @ that is not a citation"),
    }
    d
}

/// `p. 33` → (page, "33"); a locator without a label is a page.
fn locator(written: &str) -> (Locator, String) {
    let lower = written.to_lowercase();
    for (label, csl) in LOCATOR_LABELS {
        if let Some(rest) = lower.strip_prefix(label) {
            let value = written
                .get(written.len() - rest.len()..)
                .unwrap_or(rest)
                .trim()
                .to_string();
            let loc = match *csl {
                "chapter" => Locator::Chapter,
                "section" => Locator::Section,
                "volume" => Locator::Volume,
                "paragraph" => Locator::Paragraph,
                "note" => Locator::Note,
                "line" => Locator::Line,
                "figure" => Locator::Figure,
                "column" => Locator::Column,
                "book" => Locator::Book,
                "part" => Locator::Part,
                "issue" => Locator::Issue,
                _ => Locator::Page,
            };
            return (loc, value);
        }
    }
    let (loc, _) = split_locator(written);
    (Locator::Page, loc.unwrap_or_else(|| written.to_string()))
}

/// In a "Trotsky (1937, 33)" rendering, drops the author part: "(1937, 33)".
fn drop_authors(children: &mut ElemChildren) {
    for child in &mut children.0 {
        if let ElemChild::Elem(e) = child
            && matches!(e.meta, Some(ElemMeta::Entry(_)))
        {
            let cut = e.children.0.iter().position(
                |c| matches!(c, ElemChild::Text(t) if t.text.trim_start().starts_with('(')),
            );
            if let Some(cut) = cut {
                e.children.0.drain(..cut);
            }
        }
    }
}

/// A citation's inlines, and which of them show which of its works (hayagriva marks
/// each work's part of the output with its index among the citation's items).
type WorkRanges = Vec<(std::ops::Range<usize>, usize)>;

fn convert_cite(children: &ElemChildren, cite: &Citation) -> (Vec<Inline>, WorkRanges) {
    // Segments of the output: between works (None) or one work (Some(item)).
    let mut segments: Vec<(Option<usize>, Vec<Inline>)> = vec![];
    for child in &children.0 {
        let work = match child {
            ElemChild::Elem(e) => match e.meta {
                Some(ElemMeta::Entry(i)) if i < cite.items.len() => Some(i),
                _ => None,
            },
            _ => None,
        };
        let part = convert_one(child, Some(cite));
        match segments.last_mut() {
            Some((None, inlines)) if work.is_none() => inlines.extend(part),
            _ => segments.push((work, part)),
        }
    }
    let mut out = vec![];
    let mut works = vec![];
    for (work, inlines) in segments {
        let inlines = merge_adjacent(inlines);
        let start = out.len();
        out.extend(inlines);
        if let Some(i) = work
            && out.len() > start
        {
            works.push((start..out.len(), i));
        }
    }
    drop_doubled_period(&mut out);
    // A citation of one work is one link, whatever surrounds it.
    if works.len() < 2 {
        works.clear();
    }
    (out, works)
}

/// hayagriva's output as inlines; with a citation, its items' prefixes and suffixes are
/// put around each work (hayagriva has no place for them).
fn convert(children: &ElemChildren, cite: Option<&Citation>) -> Vec<Inline> {
    let mut out = vec![];
    for child in &children.0 {
        out.extend(convert_one(child, cite));
    }
    let mut out = merge_adjacent(out);
    drop_doubled_period(&mut out);
    out
}

/// One child of hayagriva's output as inlines (not yet merged).
fn convert_one(child: &ElemChild, cite: Option<&Citation>) -> Vec<Inline> {
    let mut out = vec![];
    {
        match child {
            ElemChild::Text(t) => push_text(&mut out, &t.text, t.formatting),
            ElemChild::Markup(m) => push_text(&mut out, m, Formatting::default()),
            ElemChild::Link { text, url } => {
                let mut content = vec![];
                push_text(&mut content, &text.text, text.formatting);
                out.push(Inline {
                    kind: InlineKind::Link {
                        url: url.clone(),
                        content,
                    },
                    span: Span::DETACHED,
                });
            }
            ElemChild::Transparent { .. } => {}
            ElemChild::Elem(e) => {
                let item = match e.meta {
                    Some(ElemMeta::Entry(i)) => cite.and_then(|c| c.items.get(i)),
                    _ => None,
                };
                if let Some(p) = item.and_then(|i| i.prefix.as_ref()) {
                    out.extend(detached(p));
                    out.push(Inline::text(" "));
                }
                let mut inner = convert(&e.children, None);
                if let Some(item) = item
                    && let Some(s) = &item.suffix
                {
                    let sep = if item.suffix_comma { ", " } else { " " };
                    let mut suffix = vec![Inline::text(sep)];
                    suffix.extend(detached(s));
                    add_suffix(&mut inner, &e.children, suffix);
                }
                out.extend(inner);
            }
        }
    }
    out
}

/// A copy of written inlines (a prefix or suffix) without their source spans: they
/// become part of generated text.
fn detached(inlines: &[Inline]) -> Vec<Inline> {
    inlines
        .iter()
        .map(|i| {
            let mut i = i.clone();
            i.span = Span::DETACHED;
            if let Some(c) = i.kind.children_mut() {
                *c = detached(c);
            }
            i
        })
        .collect()
}

/// Drops punctuation a style doubles where two fields meet: the period or comma a
/// style adds after a title that ends in `?` or `!` ("… Going?." becomes "… Going?",
/// "True!,”" becomes "True!”"), and a second period ("Street.. In:"), but not an
/// ellipsis; across formatting boundaries. URLs are left alone. (CSL 1.0.2 leaves
/// this to the processor; citeproc-js and pandoc do the same.)
fn drop_doubled_period(inlines: &mut [Inline]) {
    fn walk(inlines: &mut [Inline], prev: &mut [Option<char>; 2]) {
        for i in inlines {
            match &mut i.kind {
                InlineKind::Text(t) => {
                    let chars: Vec<char> = t.chars().collect();
                    let mut out = String::with_capacity(t.len());
                    for (k, &c) in chars.iter().enumerate() {
                        let next = chars.get(k + 1).copied();
                        let after_mark = matches!(prev[1], Some('?' | '!'));
                        let after_period =
                            prev[1] == Some('.') && prev[0] != Some('.') && next != Some('.');
                        let drop =
                            (c == '.' && (after_mark || after_period)) || (c == ',' && after_mark);
                        if !drop {
                            out.push(c);
                            *prev = [prev[1], Some(c)];
                        }
                    }
                    *t = out;
                }
                InlineKind::Link { .. } => *prev = [None, None],
                kind => {
                    if let Some(c) = kind.children_mut() {
                        walk(c, prev);
                    }
                }
            }
        }
    }
    walk(inlines, &mut [None, None])
}

/// Capitalises the first letter of the first text ("see Trotsky…" opening a note).
fn capitalize_first(inlines: &mut [Inline]) {
    let Some(first) = inlines.first_mut() else {
        return;
    };
    match &mut first.kind {
        InlineKind::Text(t) => {
            if let Some(c) = t.chars().next().filter(|c| c.is_lowercase()) {
                let upper: String = c.to_uppercase().collect();
                t.replace_range(..c.len_utf8(), &upper);
            }
        }
        InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::SmallCaps(c) => {
            capitalize_first(c)
        }
        _ => {}
    }
}

/// Appends an item's suffix; in "Trotsky (1937, 33)" forms it goes inside the parenthesis.
fn add_suffix(inner: &mut Vec<Inline>, children: &ElemChildren, suffix: Vec<Inline>) {
    let own_parens = children
        .0
        .iter()
        .any(|c| matches!(c, ElemChild::Text(t) if t.text.trim_start().starts_with('(')));
    if own_parens
        && let Some(Inline {
            kind: InlineKind::Text(t),
            ..
        }) = inner.last_mut()
        && t.ends_with(')')
    {
        t.pop();
        inner.extend(suffix);
        inner.push(Inline::text(")"));
        return;
    }
    inner.extend(suffix);
}

/// Pushes text wrapped in the inlines its formatting asks for.
fn push_text(out: &mut Vec<Inline>, text: &str, f: Formatting) {
    if text.is_empty() {
        return;
    }
    // Spaces at the edges of a formatted run are set roman, outside it (as pandoc
    // does): "Darnton: <em>Title</em> URL", not "Darnton:<em> Title </em>URL".
    let core = text.trim();
    // Small capitals of punctuation alone (a name list's " ; " or " & ") are plain.
    let only_caps = Formatting {
        font_variant: FontVariant::Normal,
        ..f
    } == Formatting::default();
    if only_caps
        && f.font_variant == FontVariant::SmallCaps
        && !core.chars().any(char::is_alphanumeric)
    {
        return push_text(out, text, Formatting::default());
    }
    if f != Formatting::default() && core.len() < text.len() {
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[text.trim_end().len()..];
        if !lead.is_empty() {
            out.push(Inline::text(lead));
        }
        if !core.is_empty() {
            push_text(out, core, f);
        }
        if !trail.is_empty() {
            out.push(Inline::text(trail));
        }
        return;
    }
    let mut inline = Inline::text(text);
    let wrap = |kind: fn(Vec<Inline>) -> InlineKind, i: Inline| Inline {
        kind: kind(vec![i]),
        span: Span::DETACHED,
    };
    if f.font_variant == FontVariant::SmallCaps {
        inline = wrap(InlineKind::SmallCaps, inline);
    }
    if f.font_weight == FontWeight::Bold {
        inline = wrap(InlineKind::Strong, inline);
    }
    if f.font_style == FontStyle::Italic {
        inline = wrap(InlineKind::Emphasis, inline);
    }
    match f.vertical_align {
        VerticalAlign::Sup => inline = wrap(InlineKind::Superscript, inline),
        VerticalAlign::Sub => inline = wrap(InlineKind::Subscript, inline),
        _ => {}
    }
    out.push(inline);
}

/// Joins neighbouring texts, and neighbouring wrappers of the same kind.
fn merge_adjacent(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = vec![];
    for i in inlines {
        if let Some(last) = out.last_mut() {
            match (&mut last.kind, i.kind) {
                (InlineKind::Text(a), InlineKind::Text(b)) => {
                    a.push_str(&b);
                    continue;
                }
                (InlineKind::Emphasis(a), InlineKind::Emphasis(b))
                | (InlineKind::Strong(a), InlineKind::Strong(b))
                | (InlineKind::SmallCaps(a), InlineKind::SmallCaps(b)) => {
                    a.extend(b);
                    *a = merge_adjacent(std::mem::take(a));
                    continue;
                }
                (_, kind) => out.push(Inline { kind, span: i.span }),
            }
        } else {
            out.push(i);
        }
    }
    out
}
