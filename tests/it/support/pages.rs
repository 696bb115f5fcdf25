//! Builders for test documents and layouts, and checks on typeset pages.

#![allow(dead_code)]

use pamphleteer::diag::{Diagnostics, Span};
use pamphleteer::layout::{
    Binding, ChapterOpening, Layout, Margins, PageGeometry, ParagraphStyle, Size, Styles,
};
use pamphleteer::model::*;
use pamphleteer::typeset::paginate::draft::DraftSetter;
use pamphleteer::typeset::{Item, Pages, typeset_with};
use std::collections::HashMap;

/// Body size and leading of the test layouts.
pub const SIZE: f64 = 10.0;
/// Baseline distance.
pub const LEADING: f64 = 12.0;

/// A small page: a 200 pt measure (40 draft characters) and `lines` body lines.
pub fn layout(lines: usize, opening: ChapterOpening, binding: Binding) -> Layout {
    let margins = Margins {
        inner: 30.0,
        outer: 40.0,
        top: 40.0,
        bottom: 50.0,
    };
    Layout {
        page: PageGeometry {
            trim: Size {
                width: 270.0,
                height: 90.0 + lines as f64 * LEADING,
            },
            bleed: 0.0,
            margins,
        },
        font: None,
        font_size: SIZE,
        leading: LEADING,
        paragraph: ParagraphStyle::Indent,
        hyphenate: false,
        language: "en".into(),
        chapters_open: opening,
        binding,
        paper_thickness: 0.1,
        styles: Styles::new(ParagraphStyle::Indent, LEADING / SIZE),
        urls: Default::default(),
        justification: Default::default(),
        sheet: pamphleteer::layout::Paper::A4,
    }
}

/// An empty document titled "Test Book".
pub fn doc() -> Document {
    Document {
        meta: Metadata {
            title: "Test Book".into(),
            subtitle: Some("A Fixture".into()),
            authors: vec!["A. Author".into()],
            publisher: Some("Test Press".into()),
            language: "en".into(),
            date: Some("2026".into()),
            identifier: Identifier::Other("urn:test:1".into()),
            description: None,
            rights: None,
            slug: "test-book".into(),
            locale: pamphleteer::locale::Locale::new("en"),
            catalogue: Default::default(),
        },
        chapters: Vec::new(),
        notes: Vec::new(),
        citations: Vec::new(),
        glossary: Vec::new(),
        bibliography: Vec::new(),
        citation_mode: CitationMode::InText,
    }
}

/// Adds a chapter and returns its id.
pub fn chapter(d: &mut Document, title: &str, blocks: Vec<Block>) -> ChapterId {
    d.chapters.push(Chapter {
        title: vec![Inline::text(title)],
        listed: true,
        slug: format!("chapter-{}", d.chapters.len() + 1),
        blocks,
        span: Span::DETACHED,
    });
    ChapterId(d.chapters.len() as u32 - 1)
}

/// A block of a kind.
pub fn block(kind: BlockKind) -> Block {
    Block {
        kind,
        span: Span::DETACHED,
    }
}

/// A paragraph of inlines.
pub fn para(inl: Vec<Inline>) -> Block {
    block(BlockKind::Paragraph(inl))
}

/// A heading.
pub fn heading(text: &str, anchor: &str) -> Block {
    block(BlockKind::Heading {
        level: 2,
        content: vec![Inline::text(text)],
        anchor: anchor.into(),
        listed: true,
    })
}

/// Text that the draft setter sets in about `lines` lines (of 40 characters).
/// Each word is five letters plus a space: six words fill a line of 36 characters.
pub fn words(tag: &str, lines: usize) -> String {
    let mut out = Vec::new();
    for i in 0..lines * 6 {
        out.push(format!("{}{:03}", &tag[..2.min(tag.len())], i % 1000));
    }
    out.join(" ")
}

/// A paragraph of about `lines` lines.
pub fn lines(tag: &str, lines: usize) -> Block {
    para(vec![Inline::text(words(tag, lines))])
}

/// Adds a note of about `lines` lines in `ch`, returning the mark inline.
pub fn note(d: &mut Document, ch: ChapterId, tag: &str, lines: usize) -> Inline {
    let id = NoteId(d.notes.len() as u32);
    d.notes.push(Note {
        label: format!("n{}", id.0 + 1),
        number: id.0 + 1,
        chapter: ch,
        blocks: vec![para(vec![Inline::text(words(tag, lines))])],
        span: Span::DETACHED,
    });
    Inline {
        kind: InlineKind::NoteRef(id),
        span: Span::DETACHED,
    }
}

/// Typesets with the draft setter; fails on any diagnostic.
pub fn typeset(d: &Document, l: &Layout) -> Pages {
    let mut diags = Diagnostics::default();
    let mut setter = DraftSetter {
        font_size: l.font_size,
    };
    let pages = typeset_with(d, l, &mut setter, &Default::default(), &mut diags);
    assert!(
        diags.is_empty(),
        "diagnostics: {diags:?}\n{}",
        pamphleteer::typeset::dump::dump(&pages, Default::default())
    );
    pages
}

/// The page index of every anchor.
pub fn anchor_pages(p: &Pages) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for (i, page) in p.pages.iter().enumerate() {
        for item in &page.items {
            if let Item::Anchor { name, .. } = item {
                out.entry(name.clone()).or_insert(i);
            }
        }
    }
    out
}

/// Every note's text starts on the page of its mark.
pub fn assert_notes_on_ref_pages(p: &Pages, d: &Document) {
    let at = anchor_pages(p);
    for n in &d.notes {
        let mark = at[&format!("fnref-{}", n.number)];
        let note = at[&format!("fn-{}", n.number)];
        assert_eq!(
            mark, note,
            "note {} starts on page {note}, its mark is on {mark}",
            n.number
        );
    }
}

/// No text runs past the text block's edges by more than `hang` pt (margin kerning
/// lets hyphens and punctuation protrude a little).
pub fn assert_within_measure(p: &Pages, l: &Layout, hang: f64) {
    for (i, page) in p.pages.iter().enumerate() {
        let recto = i % 2 == 0;
        let x0 = if recto {
            l.page.margins.inner
        } else {
            l.page.margins.outer
        };
        let x1 = x0 + l.page.measure();
        for item in &page.items {
            if let Item::Text(r) = item {
                let w: f64 = r.glyphs.iter().map(|g| g.x_advance).sum();
                let (a, b) = (x0 - r.x, r.x + w - x1);
                let ok = a <= hang + 1e-6 && b <= hang + 1e-6;
                assert!(ok, "page {i}: {:?} overruns by {a:.2}/{b:.2}", r.text);
            }
        }
    }
}

/// Compares a dump with `tests/golden/pages/NAME.txt`; `UPDATE_SNAPSHOTS=1` rewrites it.
pub fn golden(name: &str, actual: &str) {
    super::snapshot::assert_snapshot(&format!("golden/pages/{name}.txt"), actual);
}

/// The seed essay as a book: two chapters, a section heading, notes every few
/// paragraphs, a glossary term used twice and one work cited.
pub fn seed_doc() -> Document {
    let text = include_str!("../../fixtures/seed/class-nature-of-the-soviet-state.txt");
    let mut paras: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let title = paras.remove(0);
    let mut d = doc();
    d.glossary.push(GlossaryEntry {
        term: "Stalinism".into(),
        slug: "stalinism".into(),
        definition: vec![para(vec![Inline::text(
            "The politics of the bureaucracy that usurped power in the USSR.",
        )])],
        uses: Vec::new(),
        span: Span::DETACHED,
    });
    d.bibliography.push(BibEntry {
        key: "trotsky1933".into(),
        rendered: vec![
            Inline::text("Trotsky, Leon. 1933. "),
            emph("The Class Nature of the Soviet State."),
            Inline::text(" London: New Park."),
        ],
        uses: Vec::new(),
        span: Span::DETACHED,
    });
    let half = paras.len() / 2;
    for (k, chunk) in [&paras[..half], &paras[half..]].into_iter().enumerate() {
        let ch = chapter(
            &mut d,
            if k == 0 {
                title
            } else {
                "The Argument Continued"
            },
            Vec::new(),
        );
        let mut blocks = Vec::new();
        for (i, p) in chunk.iter().enumerate() {
            let mut inl = vec![Inline::text(*p)];
            if i % 4 == 1 {
                let src = chunk[(i + 3) % chunk.len()];
                inl.push(note_with(&mut d, ch, src));
            }
            if i == 2 {
                inl.push(Inline::text(" "));
                inl.push(term_use(&mut d, ch, "Stalinism"));
                inl.push(Inline::text(" "));
                inl.push(cite(&mut d, 0));
            }
            if i == chunk.len() / 2 {
                blocks.push(heading("A closer look", &format!("closer-{k}")));
            }
            blocks.push(para(inl));
        }
        d.chapters[ch.index()].blocks = blocks;
    }
    d
}

fn emph(s: &str) -> Inline {
    Inline {
        kind: InlineKind::Emphasis(vec![Inline::text(s)]),
        span: Span::DETACHED,
    }
}

fn note_with(d: &mut Document, ch: ChapterId, text: &str) -> Inline {
    let id = NoteId(d.notes.len() as u32);
    d.notes.push(Note {
        label: format!("n{}", id.0 + 1),
        number: id.0 + 1,
        chapter: ch,
        blocks: vec![para(vec![Inline::text(text)])],
        span: Span::DETACHED,
    });
    Inline {
        kind: InlineKind::NoteRef(id),
        span: Span::DETACHED,
    }
}

fn term_use(d: &mut Document, ch: ChapterId, text: &str) -> Inline {
    let uses = &mut d.glossary[0].uses;
    uses.push(TermUse {
        chapter: ch,
        span: Span::DETACHED,
    });
    Inline {
        kind: InlineKind::TermRef {
            term: TermId(0),
            content: vec![Inline::text(text)],
            use_index: uses.len() as u32 - 1,
        },
        span: Span::DETACHED,
    }
}

fn cite(d: &mut Document, entry: u32) -> Inline {
    d.citations.push(Citation {
        items: vec![CiteItem {
            entry: RefId(entry),
            locator: None,
            prefix: None,
            suffix: None,
            suffix_comma: false,
            suppress_author: false,
        }],
        narrative: false,
        rendered: vec![Inline::text("(Trotsky 1933)")],
        works: vec![],
        span: Span::DETACHED,
    });
    let id = CiteId(d.citations.len() as u32 - 1);
    if let Some(e) = d.bibliography.get_mut(entry as usize) {
        e.uses.push(id);
    }
    Inline {
        kind: InlineKind::Cite(CiteId(d.citations.len() as u32 - 1)),
        span: Span::DETACHED,
    }
}

/// An A5 book layout with the parser's default margins (in pt).
pub fn a5(opening: ChapterOpening, binding: Binding) -> Layout {
    let mm = 72.0 / 25.4;
    let mut l = layout(10, opening, binding);
    l.page.trim = Size {
        width: 148.0 * mm,
        height: 210.0 * mm,
    };
    l.page.margins = Margins {
        inner: 17.0 * mm,
        outer: 20.0 * mm,
        top: 18.0 * mm,
        bottom: 24.0 * mm,
    };
    l.font_size = 10.5;
    l.leading = 13.65;
    l.hyphenate = true;
    l.styles = Styles::new(ParagraphStyle::Indent, l.leading / l.font_size);
    l
}

/// Checks each chapter's page breaks directly from paragraph membership: where a
/// paragraph is split across pages, at least two of its lines are on each side.
pub fn assert_no_widows_or_orphans(
    d: &Document,
    l: &Layout,
    setter: &mut dyn pamphleteer::typeset::paginate::flow::LineSetter,
) {
    use pamphleteer::typeset::collect::collect_chapters;
    use pamphleteer::typeset::paginate::{book::geometry, chapter, flow::FlowBuilder};
    let pictures = Default::default();
    let mut b = FlowBuilder {
        layout: l,
        setter,
        pictures: &pictures,
    };
    for (ch, recto) in collect_chapters(d, l)
        .iter()
        .flat_map(|c| [(c, true), (c, false)])
    {
        let mut cf = chapter::build(&mut b, d, ch);
        let plans = chapter::paginate_chapter(&mut b, ch, &mut cf, &geometry(l), recto);
        let elems = &cf.flow.elems;
        let para_of = |i: usize| elems[i].para.filter(|_| !elems[i].is_space());
        for plan in &plans[..plans.len() - 1] {
            let b = plan.body.end;
            let Some(p) = (0..b)
                .rev()
                .find_map(|i| para_of(i).filter(|_| i >= plan.body.start))
            else {
                continue;
            };
            let before = (plan.body.start..b)
                .filter(|&i| para_of(i) == Some(p))
                .count();
            let after = (b..elems.len()).filter(|&i| para_of(i) == Some(p)).count();
            if p > 0 && after > 0 {
                assert!(
                    before >= 2 && after >= 2,
                    "chapter {:?}: paragraph {p} split {before}/{after}",
                    ch.id
                );
            }
        }
    }
}

/// Writes the pages as a PDF with the bundled faces; panics if the writer refuses them.
pub fn assert_pdf_writes(
    p: &Pages,
    d: &Document,
    l: &Layout,
    faces: &[pamphleteer::typeset::frame::FaceData],
) {
    use pamphleteer::output::Timestamp;
    use pamphleteer::pdf::{PdfOptions, write};
    let opts = PdfOptions {
        marks: false,
        date: Timestamp::for_build(None, Some("2026-11-26")),
    };
    if let Err(e) = write(p, faces, &d.meta, &l.page, &opts) {
        panic!("the PDF writer refused the pages: {e}");
    }
}
