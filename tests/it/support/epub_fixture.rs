//! A representative book built by hand from the model's constructors: sections,
//! emphasis, a multi-paragraph note, a note referenced from a note, citations (one
//! inside a note), glossary uses, a block quote, a list, a table, a code block, and
//! text that looks like HTML.

#![allow(dead_code)]

use pamphleteer::diag::Span;
use pamphleteer::epub::{CoverImage, EpubAssets, FontFamily, ImageFile};
use pamphleteer::layout::{
    Binding, ChapterOpening, Layout, Margins, PageGeometry, ParagraphStyle, Size, Styles,
};
use pamphleteer::model::*;
use pamphleteer::typeset::{PageStart, TextPos};

pub fn t(s: &str) -> Inline {
    Inline::text(s)
}

pub fn il(kind: InlineKind) -> Inline {
    Inline {
        kind,
        span: Span::DETACHED,
    }
}

pub fn bl(kind: BlockKind) -> Block {
    Block {
        kind,
        span: Span::DETACHED,
    }
}

pub fn para(content: Vec<Inline>) -> Block {
    bl(BlockKind::Paragraph(content))
}

pub fn layout() -> Layout {
    Layout {
        page: PageGeometry {
            trim: Size {
                width: 396.0,
                height: 612.0,
            },
            bleed: 9.0,
            margins: Margins {
                inner: 54.0,
                outer: 45.0,
                top: 54.0,
                bottom: 63.0,
            },
        },
        font: None,
        font_size: 10.5,
        leading: 14.0,
        paragraph: ParagraphStyle::Indent,
        hyphenate: true,
        language: "en-GB".into(),
        chapters_open: ChapterOpening::Right,
        binding: Binding::Perfect,
        paper_thickness: 0.1,
        styles: Styles::new(ParagraphStyle::Indent, 1.35),
        urls: Default::default(),
        justification: Default::default(),
        sheet: pamphleteer::layout::Paper::A4,
    }
}

fn chapter_one() -> Chapter {
    let blocks = vec![
        // block 0
        para(vec![
            t("The question of the "),
            il(InlineKind::Emphasis(vec![t("class nature")])),
            t(" of the Soviet state"),
            il(InlineKind::NoteRef(NoteId(0))),
            t(" is posed anew"),
            il(InlineKind::Cite(CiteId(0))),
            t(", above all by the "),
            il(InlineKind::TermRef {
                term: TermId(0),
                content: vec![t("bureaucracy")],
                use_index: 0,
            }),
            il(InlineKind::SoftBreak),
            t("and not by <script>alert(\"x\")</script> & friends."),
        ]),
        // block 1
        bl(BlockKind::Heading {
            level: 2,
            content: vec![t("The state & the bureaucracy")],
            anchor: "the-state-and-the-bureaucracy".into(),
            listed: true,
        }),
        // block 2
        para(vec![
            t("After the heading the first paragraph is not indented; "),
            il(InlineKind::Strong(vec![t("strong words")])),
            t(" and "),
            il(InlineKind::SmallCaps(vec![t("small capitals")])),
            t(" and "),
            il(InlineKind::Code("code()".into())),
            t(" and a "),
            il(InlineKind::Link {
                url: "https://example.org/a b?x=1&y=2".into(),
                content: vec![t("link")],
            }),
            t("."),
        ]),
        // block 3, 4
        bl(BlockKind::BlockQuote(vec![para(vec![t(
            "A quoted passage, set off from the text, speaks of workers’ democracy.",
        )])])),
        // block 5, 6, 7
        bl(BlockKind::List {
            start: None,
            items: vec![
                vec![para(vec![t("first item")])],
                vec![para(vec![t("second item")])],
            ],
            tasks: vec![],
        }),
        // block 8
        bl(BlockKind::Table {
            align: vec![Align::Left, Align::Right],
            header: vec![vec![t("Year")], vec![t("Members")]],
            rows: vec![
                vec![vec![t("1923")], vec![t("386,000")]],
                vec![vec![t("1927")], vec![t("1,200,000")]],
            ],
            caption: vec![],
        }),
        // block 9
        bl(BlockKind::Heading {
            level: 3,
            content: vec![t("A subsection")],
            anchor: "a-subsection".into(),
            listed: true,
        }),
        // block 10
        bl(BlockKind::CodeBlock {
            language: None,
            text: "let x = 1 < 2;\n".into(),
        }),
        // block 11
        bl(BlockKind::ThematicBreak),
        // block 12
        para(vec![t("After the break, the chapter ends.")]),
    ];
    Chapter {
        title: vec![t("Introduction")],
        listed: true,
        slug: "introduction".into(),
        blocks,
        span: Span::DETACHED,
    }
}

fn chapter_two() -> Chapter {
    Chapter {
        title: vec![t("Conclusion")],
        listed: true,
        slug: "conclusion".into(),
        blocks: vec![
            para(vec![
                t("The "),
                il(InlineKind::TermRef {
                    term: TermId(0),
                    content: vec![t("bureaucracy")],
                    use_index: 1,
                }),
                t(" is a caste, not a class"),
                il(InlineKind::NoteRef(NoteId(1))),
                t(" ("),
                il(InlineKind::Link {
                    url: "#a-subsection".into(),
                    content: vec![t("see above")],
                }),
                t("; "),
                il(InlineKind::Link {
                    url: "drafts/other.md".into(),
                    content: vec![t("a local file")],
                }),
                t(")."),
            ]),
            para(vec![
                il(InlineKind::Image {
                    url: "figures/members.png".into(),
                    alt: "Party membership, 1923–1927".into(),
                }),
                t(" and "),
                il(InlineKind::Image {
                    url: "figures/missing.png".into(),
                    alt: "a lost figure".into(),
                }),
            ]),
            bl(BlockKind::List {
                start: Some(3),
                items: vec![
                    vec![para(vec![t("third point")])],
                    vec![para(vec![t("fourth point")])],
                ],
                tasks: vec![],
            }),
        ],
        span: Span::DETACHED,
    }
}

/// The representative document.
pub fn document() -> Document {
    let note = |number, chapter, blocks| Note {
        label: format!("n{number}"),
        number,
        chapter: ChapterId(chapter),
        blocks,
        span: Span::DETACHED,
    };
    Document {
        meta: Metadata {
            title: "The Class Nature of the Soviet State".into(),
            subtitle: Some("Workers & “Bureaucrats” <in> 1933".into()),
            authors: vec!["Leon Trotsky".into(), "A. N. Other & Co".into()],
            publisher: Some("Pamphleteer Press".into()),
            language: "en-GB".into(),
            date: Some("1933-10-01".into()),
            identifier: Identifier::Derived("urn:uuid:6b1e1f3a-2c55-5d8e-9a43-0d1b7c2f5a10".into()),
            description: Some("A pamphlet on the <state> & its nature.".into()),
            rights: Some("Public domain.".into()),
            slug: "class-nature".into(),
            locale: pamphleteer::locale::Locale::new("en-GB"),
            catalogue: Default::default(),
        },
        chapters: vec![chapter_one(), chapter_two()],
        notes: vec![
            note(
                1,
                0,
                vec![
                    para(vec![t("A note with two paragraphs; this is the first.")]),
                    para(vec![t("And this is the second paragraph of the note.")]),
                ],
            ),
            note(
                2,
                1,
                vec![para(vec![
                    t("A note that refers to another note"),
                    il(InlineKind::NoteRef(NoteId(2))),
                    t("."),
                ])],
            ),
            note(
                3,
                1,
                vec![para(vec![
                    t("The note inside a note cites "),
                    il(InlineKind::Cite(CiteId(1))),
                    t("."),
                ])],
            ),
        ],
        citations: vec![
            Citation {
                items: vec![CiteItem {
                    entry: RefId(0),
                    locator: Some("p. 33".into()),
                    prefix: None,
                    suffix: None,
                    suffix_comma: false,
                    suppress_author: false,
                }],
                narrative: false,
                rendered: vec![t(" (Trotsky 1937, 33)")],
                works: vec![],
                span: Span::DETACHED,
            },
            Citation {
                items: vec![CiteItem {
                    entry: RefId(1),
                    locator: None,
                    prefix: None,
                    suffix: None,
                    suffix_comma: false,
                    suppress_author: false,
                }],
                narrative: false,
                rendered: vec![t("Marx (1871)")],
                works: vec![],
                span: Span::DETACHED,
            },
        ],
        glossary: vec![
            GlossaryEntry {
                term: "bureaucracy".into(),
                slug: "bureaucracy".into(),
                definition: vec![para(vec![t("The privileged administrative caste.")])],
                uses: vec![
                    TermUse {
                        chapter: ChapterId(0),
                        span: Span::DETACHED,
                    },
                    TermUse {
                        chapter: ChapterId(1),
                        span: Span::DETACHED,
                    },
                ],
                span: Span::DETACHED,
            },
            GlossaryEntry {
                term: "workers’ state".into(),
                slug: "workers-state".into(),
                definition: vec![para(vec![t("A state in which the working class rules.")])],
                uses: vec![],
                span: Span::DETACHED,
            },
        ],
        bibliography: vec![
            BibEntry {
                key: "trotsky1937".into(),
                rendered: vec![
                    il(InlineKind::SmallCaps(vec![t("Trotsky, Leon")])),
                    t(". 1937. "),
                    il(InlineKind::Emphasis(vec![t("The Revolution Betrayed")])),
                    t(". New York: Doubleday."),
                ],
                uses: vec![CiteId(0)],
                span: Span::DETACHED,
            },
            BibEntry {
                key: "marx1871".into(),
                rendered: vec![
                    t("Marx, Karl. 1871. "),
                    il(InlineKind::Emphasis(vec![t("The Civil War in France")])),
                    t("."),
                ],
                uses: vec![CiteId(1)],
                span: Span::DETACHED,
            },
        ],
        citation_mode: CitationMode::InText,
    }
}

/// Page starts: one before the first chapter's title, some inside blocks, one in the
/// second chapter.
pub fn page_starts() -> Vec<PageStart> {
    let at = |chapter, before_title, block, offset, label: &str| PageStart {
        label: label.into(),
        pos: TextPos {
            chapter: ChapterId(chapter),
            before_title,
            block,
            offset,
        },
    };
    vec![
        at(0, true, 0, 0, "1"),
        at(0, false, 0, 24, "2"),
        at(0, false, 4, 0, "3"),
        at(0, false, 8, 6, "4"),
        at(1, false, 0, 4, "5"),
    ]
}

/// The project's bundled fonts.
fn fonts_dir() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/fonts")
}

pub fn fonts() -> Option<FontFamily> {
    let dir = fonts_dir();
    let read = |n: &str| std::fs::read(format!("{dir}/SourceSerif4-{n}.otf")).ok();
    Some(FontFamily {
        family: "Source Serif 4".into(),
        regular: read("Regular")?,
        italic: read("It"),
        bold: read("Semibold"),
        bold_italic: read("SemiboldIt"),
        licence: std::fs::read_to_string(format!("{dir}/OFL-SourceSerif4.md"))
            .or_else(|_| std::fs::read_to_string(format!("{dir}/OFL.md")))
            .unwrap_or_default(),
    })
}

/// Source Code Pro from the same folder, if it is there.
pub fn mono() -> Option<FontFamily> {
    let dir = fonts_dir();
    Some(FontFamily {
        family: "Source Code Pro".into(),
        regular: std::fs::read(format!("{dir}/SourceCodePro-Regular.otf")).ok()?,
        italic: None,
        bold: None,
        bold_italic: None,
        licence: std::fs::read_to_string(format!("{dir}/OFL-SourceCodePro.md")).unwrap_or_default(),
    })
}

/// A small PNG: a bar chart in two colours.
pub fn png() -> Vec<u8> {
    let (w, h) = (60u32, 30u32);
    let mut data = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let bar = (x / 20 + 1) * 9 >= h - y;
            data.extend(if bar {
                [0x86, 0x1f, 0x1c]
            } else {
                [0xf6, 0xee, 0xdf]
            });
        }
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header().unwrap().write_image_data(&data).unwrap();
    out
}

pub fn assets(fonts: Option<FontFamily>) -> EpubAssets {
    EpubAssets {
        images: vec![ImageFile {
            url: "figures/members.png".into(),
            bytes: png(),
        }],
        mono: fonts.as_ref().and_then(|_| mono()),
        fonts,
        // The build always hands over a cover image (crate::cover's design, rendered).
        cover: Some(CoverImage {
            bytes: png(),
            media_type: "image/png".into(),
        }),
        version: "0.1.0".into(),
        modified: pamphleteer::output::Timestamp::for_build(None, Some("1933-10-01")),
    }
}
