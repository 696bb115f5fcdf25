//! The page painter's two outputs agree: a page's SVG document (the live preview's),
//! rasterised by resvg, shows what the PNG painter (the contact sheets') draws, pixel
//! for pixel up to antialiasing; and it is a well-formed, self-contained document.

use pamphleteer::build::{self, Format, MakeOptions, Outcome, PrintPages};
use pamphleteer::paint::{self, Glyphs};
use pamphleteer::parse::DirFiles;
use pamphleteer::typeset::{Item, LinkTarget, Rect};
use resvg::{tiny_skia, usvg};
use std::path::Path;

fn print_pages(book: &str) -> PrintPages {
    let book = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(book);
    let opts = MakeOptions {
        formats: vec![Format::Epub],
        fonts_root: Some(book.clone()),
        source_date_epoch: Some("1764115200".into()),
        keep_pages: true,
        ..MakeOptions::default()
    };
    let mut outcome = Outcome::default();
    let products = build::make(&DirFiles::new(&book), &opts, &mut outcome).expect("it builds");
    products.pages.expect("pages kept")
}

/// Grey levels of `svg` drawn `width` × `height` pixels on white.
fn rasterise(svg: &str, width: u32, height: u32) -> Vec<u8> {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("a valid SVG");
    let mut pixmap = tiny_skia::Pixmap::new(width, height).unwrap();
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let ts = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, ts, &mut pixmap.as_mut());
    pixmap.data().chunks_exact(4).map(|p| p[0]).collect()
}

#[test]
fn the_svg_page_paints_like_the_png_page() {
    let print = print_pages("a4-field-report");
    let (w, h) = (print.trim.width, print.trim.height);
    let pages = &print.pages.pages;
    let text = pages
        .iter()
        .position(|p| p.lines.len() > 20)
        .expect("a page of text");
    let figure = pages
        .iter()
        .position(|p| p.items.iter().any(|i| matches!(i, Item::Image { .. })))
        .expect("a page with a figure");
    let glyphs = Glyphs::default();
    // Two pixels per pt: fine enough that a misplaced glyph shows.
    let scale = 2.0;
    for index in [text, figure, 0] {
        let page = &pages[index];
        let svg = paint::page_svg(page, (w, h), &print.faces, &glyphs);
        let png = paint::page(page, (w, h), &print.faces, scale).unwrap();
        let ours = rasterise(&svg, png.width(), png.height());
        let theirs: Vec<u8> = png.data().chunks_exact(4).map(|p| p[0]).collect();
        // Ink as total coverage: antialiasing moves it between pixels, not away.
        let ink = |px: &[u8]| px.iter().map(|v| 255 - u64::from(*v)).sum::<u64>() / 255;
        let (ink_svg, ink_png) = (ink(&ours), ink(&theirs));
        let far = ours
            .iter()
            .zip(&theirs)
            .filter(|(a, b)| a.abs_diff(**b) > 96)
            .count();
        assert!(ink_png > 0 || page.blank, "page {index} paints nothing");
        assert!(
            ink_svg.abs_diff(ink_png) * 50 <= ink_png.max(50),
            "page {index}: ink of {ink_svg} pixels in the SVG, {ink_png} in the PNG"
        );
        assert!(
            far * 500 <= ours.len(),
            "page {index}: {far} of {} pixels differ",
            ours.len()
        );
    }
}

#[test]
fn the_svg_page_defines_each_glyph_once_and_keeps_links() {
    let print = print_pages("a4-field-report");
    let trim = (print.trim.width, print.trim.height);
    let pages = &print.pages.pages;
    let page = pages.iter().max_by_key(|p| p.lines.len()).expect("pages");
    let glyphs = Glyphs::default();
    let svg = paint::page_svg(page, trim, &print.faces, &glyphs);
    // Well-formed XML, one root, nothing loaded from elsewhere.
    let doc = usvg::roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let defined: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    let mut unique = defined.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), defined.len(), "a glyph defined twice");
    let uses = doc.descendants().filter(|n| n.has_tag_name("use")).count();
    assert!(
        uses > 3 * defined.len(),
        "{uses} uses of {} glyphs",
        defined.len()
    );
    for n in doc.descendants().filter(|n| n.has_tag_name("use")) {
        let href = n.attribute("href").unwrap();
        assert!(defined.contains(&&href[1..]), "{href} is not defined");
    }
    // The same page again, from outlines kept by the first: the same document.
    assert_eq!(paint::page_svg(page, trim, &print.faces, &glyphs), svg);
    assert_eq!(
        paint::page_svg(page, trim, &print.faces, &Glyphs::default()),
        svg
    );
    // A link to the web is a link in the SVG, its address escaped.
    let mut linked = page.clone();
    let url = "https://example.org/?a=1&b=<2>";
    linked.items.push(Item::Link {
        rect: Rect {
            x: 40.0,
            y: 60.0,
            w: 100.0,
            h: 12.0,
        },
        target: LinkTarget::Url(url.into()),
    });
    let svg = paint::page_svg(&linked, trim, &print.faces, &glyphs);
    assert!(svg.contains("https://example.org/?a=1&amp;b=&lt;2&gt;"));
    let doc = usvg::roxmltree::Document::parse(&svg).unwrap();
    let a = doc
        .descendants()
        .find(|n| n.has_tag_name("a"))
        .expect("a link");
    assert_eq!(a.attribute("href"), Some(url));
    let area = a.first_element_child().unwrap();
    assert_eq!(area.attribute("width"), Some("100"));
}
