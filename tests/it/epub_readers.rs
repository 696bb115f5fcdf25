//! The EPUB as readers meet it (#17): the pamphlet and every corpus book, built with
//! the binary as a user would, then
//! - converted by calibre (`ebook-convert`) to PDF and AZW3, the conversions many
//!   publishers use for Kindle: no blank page but the cover, one cover, a page count
//!   near the text's length, and every note and glossary link still arriving after the
//!   AZW3 is converted back to EPUB;
//! - opened in headless Chromium at 360 × 740 and 768 × 1024 CSS px, every XHTML
//!   document with the book's CSS: no horizontal overflow, no text smaller than the
//!   reader's size but notes and sub- and superscripts;
//! - and read back for what the reading systems need in the package: NCX, guide,
//!   markers inside headings, only the faces the book sets, catalogue metadata.
//!
//! calibre, node with puppeteer-core (Ace's install brings it) and Chromium are external:
//! missing, they fail the test under `CI=true` and are skipped loudly elsewhere.

use crate::support::epub_read as read;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

fn missing(what: &str, install: &str) {
    let msg = format!("{what} is not installed; install it with: {install}");
    assert!(!in_ci(), "{msg}");
    eprintln!("\n!!!!!!!!!! SKIPPED: {msg} !!!!!!!!!!\n");
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn work(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("epub-readers")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The projects: the pamphlet and each corpus book (a directory with `manuscript/`).
fn projects() -> Vec<(String, PathBuf)> {
    let mut out = vec![("pamphlet".to_string(), root())];
    for b in crate::corpus::books() {
        let name = b.file_name().unwrap().to_string_lossy().into_owned();
        out.push((name, b));
    }
    out
}

/// Builds the EPUB (with the PDF, so it has the print edition's page-break markers)
/// of `project` with the binary, as a user would; its path.
fn build(name: &str, project: &Path) -> PathBuf {
    build_for(name, project, "")
}

/// [`build`] into a directory of its own for each test (`tag`): the tests run at once.
fn build_for(name: &str, project: &Path, tag: &str) -> PathBuf {
    let out = work(&format!("{name}-build{tag}"));
    let run = Command::new(env!("CARGO_BIN_EXE_pamphleteer"))
        .args(["build", "--format", "epub,pdf", "--out"])
        .arg(&out)
        .arg(project)
        .env("SOURCE_DATE_EPOCH", "1764547200")
        .output()
        .expect("pamphleteer runs");
    assert!(
        run.status.success(),
        "{name} builds: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .expect("an EPUB is written")
}

/// Every entry of the EPUB unpacked under `dir`; the paths of the XHTML documents.
fn unpack(epub: &Path, dir: &Path) -> Vec<PathBuf> {
    let bytes = std::fs::read(epub).unwrap();
    let mut docs = Vec::new();
    for (name, data) in read::entries(&bytes) {
        let path = dir.join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &data).unwrap();
        if name.ends_with(".xhtml") {
            docs.push(path);
        }
    }
    docs.sort();
    docs
}

fn calibre_available() -> bool {
    let ok = Command::new("ebook-convert")
        .arg("--version")
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        missing(
            "calibre (ebook-convert)",
            "apt-get install -y --no-install-recommends calibre",
        );
    }
    ok
}

fn convert(from: &Path, to: &Path) {
    let run = Command::new("ebook-convert")
        .arg(from)
        .arg(to)
        .env("QT_QPA_PLATFORM", "offscreen")
        .env("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
        .output()
        .expect("ebook-convert runs");
    assert!(
        run.status.success() && to.is_file(),
        "ebook-convert {} -> {}: {}",
        from.display(),
        to.display(),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// The text of each page of a PDF (pdftotext).
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let run = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(run.status.success());
    let text = String::from_utf8_lossy(&run.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Internal links (`file#id`) of a converted EPUB that point nowhere, and how many there are.
fn dangling_links(epub: &Path) -> (Vec<String>, usize) {
    let bytes = std::fs::read(epub).unwrap();
    let entries = read::entries(&bytes);
    let base = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    for (name, data) in &entries {
        let text = String::from_utf8_lossy(data);
        let set = ids.entry(base(name)).or_default();
        for part in text.split(" id=\"").skip(1) {
            set.insert(part.split('"').next().unwrap_or("").to_string());
        }
    }
    let mut dangling = Vec::new();
    let mut count = 0;
    for (name, data) in &entries {
        if !(name.ends_with(".html") || name.ends_with(".xhtml")) {
            continue;
        }
        let text = String::from_utf8_lossy(data);
        for part in text.split("href=\"").skip(1) {
            let href = part.split('"').next().unwrap_or("");
            let Some((file, id)) = href.split_once('#') else {
                continue;
            };
            if href.contains(':') {
                continue;
            }
            count += 1;
            let file = if file.is_empty() {
                base(name)
            } else {
                base(file)
            };
            if !ids.get(&file).is_some_and(|s| s.contains(id)) {
                dangling.push(format!("{name}: {href}"));
            }
        }
    }
    (dangling, count)
}

#[test]
#[cfg_attr(
    not(has_calibre),
    ignore = "needs calibre (ebook-convert): apt-get install --no-install-recommends calibre"
)]
fn calibre_conversions_have_no_blank_page_one_cover_and_every_link() {
    if !calibre_available() {
        return;
    }
    let mut failures = Vec::new();
    for (name, project) in projects() {
        let epub = build_for(&name, &project, "-calibre");
        let dir = work(&format!("{name}-calibre"));
        let docs = unpack(&epub, &dir.join("epub"));
        let original = std::fs::read(&epub).unwrap();
        let spine = docs.len();
        let (noterefs, glossrefs, images) = docs.iter().fold((0, 0, 0), |(n, g, i), d| {
            let x = std::fs::read_to_string(d).unwrap();
            (
                n + x.matches("epub:type=\"noteref\"").count(),
                g + x.matches("epub:type=\"glossref\"").count(),
                i + x.matches("<img ").count(),
            )
        });
        drop(original);

        // PDF: no page without text but the first (the cover), a length near the text's.
        let pdf = dir.join("book.pdf");
        convert(&epub, &pdf);
        let pages = pdf_pages(&pdf);
        let blank: Vec<usize> = pages
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, p)| p.trim().is_empty())
            .map(|(i, _)| i + 1)
            .collect();
        if !blank.is_empty() {
            failures.push(format!(
                "{name}: calibre's PDF has blank pages {blank:?} of {}",
                pages.len()
            ));
        }
        if pages.first().is_some_and(|p| !p.trim().is_empty()) {
            failures.push(format!("{name}: the PDF does not open with the cover"));
        }
        let chars: usize = pages
            .iter()
            .map(|p| p.chars().filter(|c| !c.is_whitespace()).count())
            .sum();
        // Each document starts a page, an image may take one of its own; a full page
        // holds well over 1,200 characters.
        let most = spine + images + chars / 1_200 + 1;
        if pages.len() > most {
            failures.push(format!(
                "{name}: calibre's PDF has {} pages for {chars} characters in {spine} documents (at most {most} expected)",
                pages.len()
            ));
        }

        // AZW3, read back as EPUB: one cover, every note and glossary link arriving.
        let azw3 = dir.join("book.azw3");
        convert(&epub, &azw3);
        let back = dir.join("back.epub");
        convert(&azw3, &back);
        let back_bytes = std::fs::read(&back).unwrap();
        let entries = read::entries(&back_bytes);
        let covers = entries
            .iter()
            .filter(|(n, _)| n.ends_with(".html") || n.ends_with(".xhtml"))
            .filter(|(_, d)| {
                let t = String::from_utf8_lossy(d);
                t.contains("<img") && t.contains("cover")
                    || t.contains("<svg") && t.contains("<image")
            })
            .count();
        if covers > 1 {
            failures.push(format!("{name}: the AZW3 shows the cover {covers} times"));
        }
        let (dangling, links) = dangling_links(&back);
        if !dangling.is_empty() {
            failures.push(format!(
                "{name}: {} of {links} links lost in the AZW3: {:?}",
                dangling.len(),
                &dangling[..dangling.len().min(5)]
            ));
        }
        if links < noterefs + glossrefs {
            failures.push(format!(
                "{name}: the AZW3 keeps {links} internal links, fewer than the {noterefs} note and {glossrefs} glossary links"
            ));
        }
        eprintln!(
            "{name}: calibre PDF {} pages ({chars} characters, {spine} documents); AZW3 {links} internal links, {covers} cover",
            pages.len()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `node` with puppeteer-core on its module path, or `None` (skipped or failed).
fn node_with_puppeteer() -> Option<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    if let Ok(p) = std::env::var("PUPPETEER_NODE_MODULES") {
        dirs.push(PathBuf::from(p));
    }
    for var in ["ACE_CLI", "ACE_BIN"] {
        if let Ok(p) = std::env::var(var) {
            // …/node_modules/.bin/ace-cli → …/node_modules
            if let Some(nm) = Path::new(&p).parent().and_then(Path::parent) {
                dirs.push(nm.to_path_buf());
            }
        }
    }
    dirs.push(root().join(".ci/tools/node_modules"));
    let dirs: Vec<PathBuf> = dirs
        .into_iter()
        .filter(|d| d.join("puppeteer-core").is_dir())
        .collect();
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let chromium = Path::new(
        &std::env::var("PUPPETEER_EXECUTABLE_PATH").unwrap_or("/usr/bin/chromium".into()),
    )
    .is_file();
    if dirs.is_empty() || !node || !chromium {
        missing(
            "node with puppeteer-core and Chromium",
            "apt-get install -y chromium nodejs npm; cd .ci/tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@1.4.6",
        );
        return None;
    }
    Some(dirs)
}

#[test]
fn chromium_at_phone_and_tablet_widths_shows_no_overflow_and_no_small_text() {
    let Some(modules) = node_with_puppeteer() else {
        return;
    };
    let node_path = std::env::join_paths(&modules).unwrap();
    let script = root().join("tests/it/support/measure.js");
    let mut failures = Vec::new();
    let mut measured = 0;
    for (name, project) in projects() {
        let epub = build_for(&name, &project, "-chromium");
        let dir = work(&format!("{name}-chromium"));
        let docs = unpack(&epub, &dir);
        let run = Command::new("node")
            .arg(&script)
            .args(&docs)
            .env("NODE_PATH", &node_path)
            .output()
            .expect("node runs");
        let out = String::from_utf8_lossy(&run.stdout);
        assert!(
            run.status.success(),
            "{name}: the measuring script failed: {out}{}",
            String::from_utf8_lossy(&run.stderr)
        );
        measured += out.lines().filter(|l| l.starts_with("OK ")).count();
        failures.extend(
            out.lines()
                .filter(|l| l.starts_with("FAIL "))
                .map(|l| format!("{name}: {l}")),
        );
        assert_eq!(
            out.lines()
                .filter(|l| l.starts_with("OK ") || l.starts_with("FAIL "))
                .count()
                > 0,
            !docs.is_empty()
        );
    }
    assert!(measured > 0, "no document was measured");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_package_carries_what_older_reading_systems_need() {
    let epub = build("pamphlet-package", &root());
    let bytes = std::fs::read(&epub).unwrap();
    let opf = read::entry(&bytes, "OEBPS/content.opf");
    assert!(
        opf.contains("<spine toc=\"ncx\">"),
        "the spine names the NCX"
    );
    assert!(opf.contains("<reference type=\"cover\" title=\"Cover\" href=\"cover.xhtml\"/>"));
    assert!(opf.contains("<meta name=\"cover\" content=\"cover-image\"/>"));
    let ncx = read::entry(&bytes, "OEBPS/toc.ncx");
    let chapters = ncx.matches("<navPoint ").count();
    assert!(chapters >= 5, "the NCX lists the contents: {chapters}");
    assert!(ncx.contains("<pageList>"), "and the printed pages");
    assert_eq!(
        ncx.matches("<navPoint ").count(),
        ncx.matches("</navPoint>").count()
    );
    // No page-break marker ahead of a heading that starts a page.
    for (name, data) in read::entries(&bytes) {
        let x = String::from_utf8_lossy(&data);
        assert!(
            !x.contains("></span><h1")
                && !x.contains("></span>\n<h1")
                && !x.contains("</span><nav"),
            "{name}: a marker stands before a heading"
        );
    }
    // Only the faces the pamphlet sets: it has no bold and no code.
    let fonts: Vec<String> = read::entries(&bytes)
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.ends_with(".otf"))
        .collect();
    assert_eq!(
        fonts,
        [
            "OEBPS/fonts/Subset-Serif-4-Regular.otf",
            "OEBPS/fonts/Subset-Serif-4-Italic.otf"
        ]
    );
    assert!(
        bytes.len() < 160_000,
        "the pamphlet is {} bytes",
        bytes.len()
    );
}

#[test]
fn catalogue_metadata_reaches_the_package() {
    let dir = work("catalogue");
    let m = dir.join("manuscript");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("book.toml"),
        "[book]\ntitle = \"Essays\"\nlanguage = \"en\"\n\
         authors = [\"Leon Trotsky\", { name = \"Rosa Luxemburg\", file-as = \"LUXEMBURG, Rosa\" }]\n\
         series = \"Pamphlets of the Left\"\nseries-number = 3\n\
         print-identifier = \"978-3-16-148410-0\"\n\
         chapters = [\"a.md\"]\n",
    )
    .unwrap();
    std::fs::write(
        m.join("a.md"),
        "# One\n\nText at https://example.org/a/very/long/path/name.html here.\n",
    )
    .unwrap();
    let epub = build("catalogue", &dir);
    let bytes = std::fs::read(&epub).unwrap();
    let opf = read::entry(&bytes, "OEBPS/content.opf");
    for needle in [
        "<dc:creator id=\"creator-1\">Leon Trotsky</dc:creator>",
        "<meta refines=\"#creator-1\" property=\"file-as\">Trotsky, Leon</meta>",
        "<meta refines=\"#creator-2\" property=\"file-as\">LUXEMBURG, Rosa</meta>",
        "<meta property=\"belongs-to-collection\" id=\"series\">Pamphlets of the Left</meta>",
        "<meta refines=\"#series\" property=\"collection-type\">series</meta>",
        "<meta refines=\"#series\" property=\"group-position\">3</meta>",
        "<meta name=\"calibre:series_index\" content=\"3\"/>",
        "<dc:source id=\"print-source\">urn:isbn:9783161484100</dc:source>",
    ] {
        assert!(opf.contains(needle), "missing {needle} in\n{opf}");
    }
    let c1 = read::entry(&bytes, "OEBPS/c01-a.xhtml");
    assert!(
        c1.contains("https://example<wbr/>.org/<wbr/>a/<wbr/>very/"),
        "URLs break after slashes and before dots: {c1}"
    );
    // A wrong check digit is an error with the place in book.toml.
    std::fs::write(
        m.join("book.toml"),
        "[book]\ntitle = \"Essays\"\nlanguage = \"en\"\nprint-identifier = \"978-3-16-148410-9\"\nchapters = [\"a.md\"]\n",
    )
    .unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_pamphleteer"))
        .arg("check")
        .arg(&dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(
        err.contains("book.toml:4:") && err.contains("check digit"),
        "{err}"
    );
}
