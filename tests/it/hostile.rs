//! Hostile manuscripts: each case builds the whole book in memory (parse, typeset, PDF,
//! booklet, EPUB) and asserts either the exact diagnostics (file:line:col) of a refused
//! build or facts about a correct output — never a panic, always within a time bound.
//!
//! Sizes: the debug cases are scaled so each stays well under ~10 s of work (the CI
//! machine is shared); the giant cases of the issue (a 5 MB paragraph, 5,000 notes)
//! are `#[ignore]`d tests that `.ci/run` runs in release:
//! `cargo test --release --test it hostile:: -- --ignored`.
//! Every XHTML document of every EPUB built here is checked to be well-formed XML.

use crate::support::hostile as support;

use std::time::Duration;
use support::{Built, build, strip_tags};

/// Generous bound for one debug build on a shared 2-core machine; a hang or a
/// quadratic blow-up exceeds it by far.
fn bound() -> Duration {
    Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 20 })
}

fn within_bound(b: &Built) {
    assert!(b.took < bound(), "took {:?}", b.took);
}

/// All the text of the EPUB's spine documents.
fn epub_text(b: &Built) -> String {
    b.xhtml()
        .iter()
        .map(|(_, x)| strip_tags(x))
        .collect::<Vec<_>>()
        .join(" ")
}

fn one_paragraph(words: usize) -> String {
    let mut s = String::from("# Giant\n\nalpha ");
    for i in 0..words {
        s.push_str(
            [
                "lorem ",
                "ipsum ",
                "dolor ",
                "sit ",
                "amet, ",
                "consectetur ",
            ][i % 6],
        );
    }
    s.push_str("omega.\n");
    s
}

fn check_one_paragraph(words: usize) {
    let src = one_paragraph(words);
    let b = build(&[("a.md", src.as_bytes())]);
    within_bound(&b);
    assert!(b.diags.is_empty(), "{:?}", b.diags);
    let p = b.ok();
    assert!(p.pdf.as_ref().unwrap().starts_with(b"%PDF-"));
    // One paragraph of `words` words fills pages: about 300 words a page at least.
    let pages: usize = b
        .outcome
        .summary
        .iter()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Typeset ")?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .unwrap();
    assert!(pages > words / 400, "{pages} pages for {words} words");
    let text = epub_text(&b);
    assert!(text.contains("alpha lorem ipsum dolor sit amet, consectetur lorem"));
    assert!(text.contains(" omega."));
}

/// A single paragraph of ~120 KB: Knuth–Plass over 20,000 words stays linear enough.
#[test]
fn huge_single_paragraph_debug_size() {
    check_one_paragraph(20_000);
}

/// The 5 MB single paragraph (release only: `--release -- --ignored`).
#[test]
#[ignore = "giant: run with cargo test --release --test it hostile:: -- --ignored"]
fn giant_single_paragraph_5mb() {
    check_one_paragraph(850_000);
    if let Some(mb) = support::peak_memory_mb() {
        assert!(mb < 4096, "peak memory {mb} MB");
    }
}

fn notes(n: usize) -> String {
    let mut s = String::from("# Notes\n\n");
    for i in 1..=n {
        s.push_str(&format!("Claim {i}.[^n{i}] "));
        if i % 50 == 0 {
            s.push_str("\n\n");
        }
    }
    s.push_str("\n\n");
    for i in 1..=n {
        s.push_str(&format!("[^n{i}]: Source number {i}.\n"));
    }
    s
}

fn check_notes(n: usize) {
    let src = notes(n);
    let b = build(&[("a.md", src.as_bytes())]);
    within_bound(&b);
    assert!(b.diags.is_empty(), "{:?}", b.diags);
    let docs = b.xhtml();
    let all: String = docs.iter().map(|(_, x)| x.as_str()).collect();
    // Every note is in the EPUB with its back-link, the last one too.
    for i in [1, n / 2, n] {
        assert!(
            all.contains(&format!("id=\"fn-{i}\"")),
            "note {i} in the EPUB"
        );
        assert!(
            all.contains(&format!("Source number {i}.")),
            "note {i}'s text"
        );
    }
    assert!(!all.contains(&format!("id=\"fn-{}\"", n + 1)));
}

/// 600 footnotes in one chapter: all numbered, all kept, no quadratic slow-down.
#[test]
fn many_footnotes_debug_size() {
    check_notes(600);
}

/// The 5,000 footnotes (release only).
#[test]
#[ignore = "giant: run with cargo test --release --test it hostile:: -- --ignored"]
fn five_thousand_footnotes() {
    check_notes(5000);
}

/// Lists nested 500 deep: no stack overflow in any stage (tests run on 2 MB stacks,
/// smaller than the binary's main thread): the nesting limit is reported once, at the
/// first item past it.
#[test]
fn lists_nested_500_deep() {
    let mut s = String::from("# Deep\n\n");
    for i in 0..500 {
        s.push_str(&"  ".repeat(i));
        s.push_str(&format!("- level{i}\n"));
    }
    let b = build(&[("a.md", s.as_bytes())]);
    within_bound(&b);
    assert!(b.products.is_none());
    assert_eq!(
        b.diags,
        ["manuscript/a.md:19:33: error: Markdown nested more than 32 levels deep"]
    );
}

/// Block quotes nested 500 deep, and quotes and lists alternating 500 deep: the
/// nesting limit, once each, where it is crossed.
#[test]
fn quotes_nested_500_deep() {
    let s = format!("# Deep\n\n{} bottom of the well\n", "> ".repeat(500));
    let b = build(&[("a.md", s.as_bytes())]);
    within_bound(&b);
    assert_eq!(
        b.diags,
        ["manuscript/a.md:3:65: error: Markdown nested more than 32 levels deep"]
    );
    let s = format!("# Deep\n\n{}mixed bottom\n", "> - ".repeat(250));
    let b = build(&[("a.md", s.as_bytes())]);
    within_bound(&b);
    assert_eq!(b.diags.len(), 1, "{:?}", b.diags);
    assert!(b.diags[0].ends_with("error: Markdown nested more than 32 levels deep"));
}

/// A 5,000-character word: no line can hold it; it is set (overfull, or broken) and
/// kept whole in the EPUB.
#[test]
fn five_thousand_character_word() {
    let word = "x".repeat(5000);
    let s = format!("# Long\n\nBefore {word} after.\n");
    let b = build(&[("a.md", s.as_bytes())]);
    within_bound(&b);
    assert!(epub_text(&b).contains(&format!("Before {word} after.")));
}

/// Invalid UTF-8 and NUL bytes are refused at the first bad byte.
#[test]
fn invalid_utf8_and_nul() {
    build(&[("a.md", b"# T\n\nab\xff\xfe cd\n")])
        .fails_with(&["manuscript/a.md:3:3: error: `manuscript/a.md` is not valid UTF-8"]);
    build(&[("a.md", b"# T\n\nline\n\nab\0cd\n")])
        .fails_with(&["manuscript/a.md:5:3: error: `manuscript/a.md` contains a NUL byte"]);
}

/// A PNG listed as a chapter is refused where book.toml would read it, not parsed.
#[test]
fn binary_file_as_chapter() {
    let png = real_png(2, 2);
    let toml = "[book]\ntitle = \"B\"\nlanguage = \"en\"\nchapters = [\"figure.png\"]\n";
    let b = build(&[("book.toml", toml.as_bytes()), ("figure.png", &png)]);
    assert!(b.products.is_none());
    assert_eq!(b.diags.len(), 1, "{:?}", b.diags);
    assert!(
        b.diags[0].starts_with("manuscript/figure.png:1:")
            && (b.diags[0].ends_with("is not valid UTF-8")
                || b.diags[0].ends_with("contains a NUL byte")),
        "{}",
        b.diags[0]
    );
}

/// Hebrew, Arabic and an emoji: the fonts lack them, so each character is named at its
/// first use (file:line:col); the text still reaches the EPUB as written.
#[test]
fn right_to_left_and_emoji() {
    let s = "# T\n\nSay שלום and then مرحبا, smile 😀 twice 😀.\n";
    let b = build(&[("a.md", s.as_bytes())]);
    within_bound(&b);
    let expect = |at: &str, c: char| {
        let line = format!(
            "manuscript/a.md:{at}: warning: no font of the book has ‘{c}’ (U+{:04X})",
            c as u32
        );
        assert!(b.diags.contains(&line), "{line} in {:#?}", b.diags);
    };
    expect("3:5", 'ש');
    expect("3:8", 'ם');
    expect("3:19", 'م');
    expect("3:32", '😀');
    // Each character once: 4 Hebrew + 5 Arabic letters + the emoji.
    assert_eq!(b.diags.len(), 10, "{:#?}", b.diags);
    assert!(epub_text(&b).contains("Say שלום and then مرحبا, smile 😀 twice 😀."));
}

/// Zero-width and bidi characters pass through; C0/C1 control characters, which XML
/// forbids, are reported where they are and never reach the EPUB.
#[test]
fn zero_width_and_control_characters() {
    let s = "# T\n\nzero\u{200B}width joi\u{200D}ner \u{FEFF}bom \u{202E}rlo\u{202C} bell\u{7} esc\u{1b}[0m del\u{7f} c1\u{85}.\n";
    let b = build(&[("a.md", s.as_bytes())]);
    within_bound(&b);
    assert_eq!(
        b.diags,
        [
            "manuscript/a.md:3:35: warning: control character U+0007 is replaced by a space",
            "manuscript/a.md:3:40: warning: control character U+001B is replaced by a space",
            "manuscript/a.md:3:48: warning: control character U+007F is replaced by a space",
            "manuscript/a.md:3:52: warning: control character U+0085 is replaced by a space",
        ]
    );
    let text = epub_text(&b);
    assert!(text.contains("zero\u{200B}width joi\u{200D}ner"), "{text}");
    assert!(text.contains("\u{202E}rlo\u{202C}"));
}

/// Chapter and image paths leaving the manuscript folder are refused where written.
#[test]
fn paths_leaving_the_manuscript() {
    let toml = "[book]\ntitle = \"H\"\nlanguage = \"en\"\nchapters = [\"../secret.md\", \"/etc/passwd\", \"ok/../../x.md\"]\n";
    build(&[("book.toml", toml.as_bytes())]).fails_with(&[
        "manuscript/book.toml:4:13: error: chapter path `../secret.md` leaves the manuscript folder",
        "manuscript/book.toml:4:29: error: chapter path `/etc/passwd` leaves the manuscript folder",
        "manuscript/book.toml:4:44: error: chapter path `ok/../../x.md` leaves the manuscript folder",
    ]);
    let md = "# T\n\n![up](../x.png) and ![abs](/etc/x.png)\n";
    build(&[("a.md", md.as_bytes())]).fails_with(&[
        "manuscript/a.md:3:1: error: image path `../x.png` leaves the manuscript folder",
        "manuscript/a.md:3:21: error: image path `/etc/x.png` leaves the manuscript folder",
    ]);
}

/// An image by URL is never fetched: a warning, and its alt text stands in its place.
#[test]
fn image_by_url() {
    let md = "# T\n\nSee ![A map of Petrograd](https://example.com/map.png) here.\n";
    let b = build(&[("a.md", md.as_bytes())]);
    assert_eq!(
        b.diags,
        [
            "manuscript/a.md:3:5: warning: remote image `https://example.com/map.png` is not fetched; its alt text is kept"
        ]
    );
    let docs = b.xhtml();
    let all: String = docs.iter().map(|(_, x)| x.as_str()).collect();
    assert!(!all.contains("example.com"), "no reference to the URL");
    assert!(epub_text(&b).contains("See A map of Petrograd here."));
}

/// Raw HTML is text, never markup: no `<script>` element, no `onclick` attribute, and
/// an unbalanced `</div>` cannot break the document (each XHTML is well-formed).
#[test]
fn raw_html_never_passes_through() {
    let md = "# T\n\n<script>alert(1)</script>\n\nSome <b onclick=\"evil()\">bold</b> and </div> text.\n\n</div>\n\n<div><p>open\n";
    let b = build(&[("a.md", md.as_bytes())]);
    within_bound(&b);
    assert_eq!(
        b.diags,
        [
            "manuscript/a.md:3:1: warning: raw HTML `<script>alert(1)</script>` is kept as text",
            "manuscript/a.md:5:6: warning: raw HTML `<b onclick=\"evil()\">` is kept as text",
            "manuscript/a.md:5:30: warning: raw HTML `</b>` is kept as text",
            "manuscript/a.md:5:39: warning: raw HTML `</div>` is kept as text",
            "manuscript/a.md:7:1: warning: raw HTML `</div>` is kept as text",
            "manuscript/a.md:9:1: warning: raw HTML `<div><p>open` is kept as text",
        ]
    );
    for (name, x) in b.xhtml() {
        let lower = x.to_lowercase();
        assert!(!lower.contains("<script"), "{name}");
        assert!(
            !lower.contains("onclick=\"evil"),
            "{name}: attribute passed through"
        );
        assert!(!lower.contains("<b "), "{name}");
        assert!(!lower.contains("<div><p>open"), "{name}");
    }
    let text = epub_text(&b);
    assert!(
        text.contains("<script>alert(1)</script>"),
        "kept as visible text"
    );
    assert!(text.contains("Some <b onclick=\"evil()\">bold</b> and </div> text."));
}

/// A real grey PNG of `w`×`h` pixels.
fn real_png(w: u32, h: u32) -> Vec<u8> {
    let mut out = vec![];
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().unwrap();
    writer
        .write_image_data(&vec![128; (w * h) as usize])
        .unwrap();
    writer.finish().unwrap();
    out
}

/// A real 1×1 PNG re-labelled as `w`×`h` (header CRC fixed).
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut out = real_png(1, 1);
    out[16..20].copy_from_slice(&w.to_be_bytes());
    out[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&out[12..29]);
    out[29..33].copy_from_slice(&crc.to_be_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A damaged PNG and a file that is no image are refused at the image; an enormous
/// image is a warning; none of them is decoded into memory.
#[test]
fn huge_or_corrupt_images() {
    let md = b"# T\n\n![x](x.png)\n";
    build(&[
        ("a.md", md),
        ("x.png", b"\x89PNG\r\n\x1a\nnot really a png"),
    ])
    .fails_with(&[
        "manuscript/a.md:3:1: error: image `x.png` is damaged: its PNG header cannot be read",
    ]);
    build(&[("a.md", md), ("x.png", b"\xff\xd8\xff\xe0 truncated")]).fails_with(&[
        "manuscript/a.md:3:1: error: image `x.png` is damaged: no JPEG frame header",
    ]);
    build(&[("a.md", md), ("x.png", b"GIF89")]).fails_with(&[
        "manuscript/a.md:3:1: error: image `x.png` is damaged: its GIF header is cut short",
    ]);
    let b = build(&[("a.md", md), ("x.png", b"plain text")]);
    assert_eq!(
        b.diags,
        [
            "manuscript/a.md:3:1: warning: image `x.png` is not a PNG, JPEG, GIF, WebP or SVG file; its alt text is shown instead"
        ]
    );
    let epub = b.ok().epub.as_ref().unwrap();
    assert!(
        support::unzip(epub).iter().all(|(_, d)| d != b"plain text"),
        "not embedded"
    );
    let huge = png_claiming(60_000, 60_000);
    let b = build(&[("a.md", md), ("x.png", &huge)]);
    within_bound(&b);
    assert_eq!(
        b.diags,
        [
            "manuscript/a.md:3:1: warning: image `x.png` is 60000 × 60000 pixels, too large for many readers"
        ]
    );
    assert!(b.ok().epub.is_some());
}

/// No chapters at all, a manuscript with no book.toml, and an empty chapter.
#[test]
fn empty_manuscripts() {
    build(&[]).fails_with(&["manuscript/book.toml:1:1: error: the manuscript has no chapters"]);
    let mut m = pamphleteer::parse::MemFiles::new();
    m.insert("manuscript/a.md", "# T\n");
    let b = support::build_files(&m, None);
    assert!(b.products.is_none());
    assert_eq!(b.diags, ["error: `manuscript/book.toml` does not exist"]);
    let b = build(&[("a.md", b"")]);
    within_bound(&b);
    assert_eq!(
        b.diags,
        [
            "manuscript/a.md:1:1: warning: this chapter has no heading; its title is “A”, from the file name"
        ]
    );
    assert!(b.ok().pdf.is_some() && b.ok().epub.is_some());
}

/// Every key of book.toml with a value of the wrong type: each one reported at its own
/// line:col, in one run.
#[test]
fn book_toml_every_key_of_the_wrong_type() {
    let toml = include_bytes!("../fixtures/hostile/wrong-types.toml");
    let b = build(&[("book.toml", toml), ("a.md", b"# T\n")]);
    assert!(b.products.is_none());
    let places: Vec<&str> = b
        .diags
        .iter()
        .map(|d| d.split(": error: ").next().unwrap())
        .collect();
    let expected: Vec<String> = [
        (2, 9),
        (3, 12),
        (4, 11),
        (5, 13),
        (6, 12),
        (7, 8),
        (8, 14),
        (9, 15),
        (10, 10),
        (11, 12),
        (14, 8),
        (15, 13),
        (16, 11),
        (17, 11),
        (18, 9),
        (19, 8),
        (20, 13),
        (21, 13),
        (22, 17),
        (23, 11),
        (24, 19),
        (27, 8),
        (28, 9),
        (29, 10),
    ]
    .iter()
    .map(|(l, c)| format!("manuscript/book.toml:{l}:{c}"))
    .collect();
    assert_eq!(places, expected, "{:#?}", b.diags);
    assert!(b.diags.contains(&"manuscript/book.toml:2:9: error: book.toml: invalid type: integer `1`, expected a string".to_string()));
    assert!(b.diags.contains(&"manuscript/book.toml:21:13: error: book.toml: invalid type: string \"yes\", expected a boolean".to_string()));
    assert!(b.diags.contains(&"manuscript/book.toml:15:13: error: book.toml: invalid type, expected a length (a number in pt, or a string such as \"12mm\")".to_string()));
}
