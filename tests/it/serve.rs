//! The live preview: what the server answers (and refuses), rebuilds after edits and
//! bad edits, the file watch, and a real browser driving the page.

use pamphleteer::serve::{self, Preview, ServeOptions};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A fresh project from `pamphleteer new`, in a temporary folder.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    pamphleteer::build::scaffold(&root).unwrap();
    (dir, root)
}

fn chapter(root: &Path) -> PathBuf {
    let dir = root.join("manuscript");
    let mut md: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("glossary.md"))
        .collect();
    md.sort();
    md.remove(0)
}

/// A raw GET of `path` exactly as written (no client normalises it): status and body.
fn get(addr: SocketAddr, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut raw = vec![];
    s.read_to_end(&mut raw).unwrap();
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP response");
    let head = String::from_utf8_lossy(&raw[..head_end]);
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, raw[head_end + 4..].to_vec())
}

fn start(root: &Path) -> serve::Running {
    serve::start(&ServeOptions {
        project: root.to_path_buf(),
        host: "127.0.0.1".parse().unwrap(),
        port: 0,
    })
    .unwrap()
}

#[test]
fn serves_the_preview_and_nothing_else() {
    let (_dir, root) = project();
    // A file beside the project that a traversal would reach.
    std::fs::write(root.join("secret.txt"), "do not serve").unwrap();
    let running = start(&root);
    let addr = running.addr;
    assert!(addr.ip().is_loopback());

    let (code, page) = get(addr, "/");
    assert_eq!(code, 200);
    let page = String::from_utf8(page).unwrap();
    assert!(
        page.contains("EventSource") && !page.contains("http://") && !page.contains("https://"),
        "the page works offline: no external resource"
    );

    let (code, state) = get(addr, "/state");
    assert_eq!(code, 200);
    let state: serde_json::Value = serde_json::from_slice(&state).unwrap();
    let pages = state["pages"].as_array().unwrap();
    assert!(pages.len() >= 4, "{state}");
    assert!(!state["failed"].as_bool().unwrap());
    let spine: Vec<&str> = state["spine"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(spine.iter().any(|d| d.ends_with("nav.xhtml")), "{spine:?}");

    // A print page is an SVG document of the trim's size in pt.
    let key = pages[pages.len() / 2].as_str().unwrap();
    let (code, svg) = get(addr, &format!("/print/{key}.svg"));
    assert_eq!(code, 200);
    let svg = String::from_utf8(svg).unwrap();
    let trim = &state["trim"];
    let size = |v: &serde_json::Value| {
        let v = v.as_f64().unwrap();
        format!("{}", (v * 100.0).round() / 100.0)
    };
    let view_box = format!("viewBox=\"0 0 {} {}\"", size(&trim[0]), size(&trim[1]));
    assert!(
        svg.starts_with("<svg ") && svg.contains(&view_box),
        "{view_box}: {svg:.300}"
    );
    assert!(svg.contains("<use href=\"#_g"), "{svg:.300}");

    // EPUB documents with their media types.
    let (code, xhtml) = get(addr, &format!("/epub/{}", spine[spine.len() / 2]));
    assert_eq!(code, 200);
    assert!(String::from_utf8_lossy(&xhtml).contains("<html"));
    assert_eq!(get(addr, "/book.epub").1[..2], *b"PK");

    // Nothing outside the preview: traversal, absolute paths, listings, unknown pages.
    for path in [
        "/../secret.txt",
        "/epub/../../secret.txt",
        "/epub/..%2f..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/epub/%2e%2e/%2e%2e/secret.txt",
        "/epub//etc/passwd",
        "/epub/",
        "/epub/OEBPS/",
        "/print/",
        "/print/../secret.txt.svg",
        "/print/0000000000000000.svg",
        format!("/print/{key}.png").as_str(),
        "/secret.txt",
        "/manuscript/book.toml",
        "//etc/passwd",
    ] {
        let (code, body) = get(addr, path);
        assert_eq!(code, 404, "{path}");
        assert!(
            !String::from_utf8_lossy(&body).contains("do not serve"),
            "{path}"
        );
    }
    running.stop();
}

#[test]
fn a_rebuild_shows_the_edit_and_a_bad_edit_keeps_the_last_good_pages() {
    let (_dir, root) = project();
    let preview = Preview::default();
    serve::rebuild(&root, &preview);
    let first = preview.status();
    assert!(!first.failed && first.problems.is_empty(), "{first:?}");

    // One word changed: only the pages that show it change.
    let path = chapter(&root);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("pamphlet", "treatise", 1)).unwrap();
    serve::rebuild(&root, &preview);
    let second = preview.status();
    assert!(second.version > first.version);
    let changed = second
        .pages
        .iter()
        .zip(&first.pages)
        .filter(|(a, b)| a != b)
        .count();
    assert!(
        (1..=2).contains(&changed) && second.pages.len() == first.pages.len(),
        "{changed} of {} pages changed",
        second.pages.len()
    );
    let snap = preview.snapshot().unwrap();
    let shown = snap
        .spine
        .iter()
        .any(|d| String::from_utf8_lossy(&snap.epub[d]).contains("treatise"));
    assert!(shown, "the word reaches the EPUB pane");
    // The edited chapter's document changes; documents that do not show it keep their
    // fingerprint, so the EPUB pane does not reload them.
    let which: Vec<&String> = second
        .spine
        .iter()
        .zip(second.docs.iter().zip(&first.docs))
        .filter(|(_, (a, b))| a != b)
        .map(|(d, _)| d)
        .collect();
    assert!(
        which.iter().any(|d| d.contains("introduction")),
        "{which:?}"
    );
    for unchanged in [
        "cover.xhtml",
        "title.xhtml",
        "colophon.xhtml",
        "works-cited.xhtml",
    ] {
        assert!(!which.iter().any(|d| d.ends_with(unchanged)), "{which:?}");
    }

    // A bad edit: the problem with its place, and the last good pages stay.
    std::fs::write(&path, format!("{text}\nA claim [@no-such-work].\n")).unwrap();
    serve::rebuild(&root, &preview);
    let bad = preview.status();
    assert!(bad.failed);
    let problem = bad
        .problems
        .iter()
        .find(|p| p.message.contains("no-such-work"))
        .unwrap_or_else(|| panic!("{:?}", bad.problems));
    assert_eq!(problem.severity, "error");
    let at = problem.at.as_deref().unwrap();
    let file = path.file_name().unwrap().to_str().unwrap();
    assert!(at.contains(file) && at.split(':').count() >= 3, "{at}");
    assert_eq!(bad.pages, second.pages, "the last good pages stay");

    // Half-written, deleted, renamed away: problems, never a crash.
    std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
    serve::rebuild(&root, &preview);
    assert!(preview.status().failed);
    std::fs::remove_file(&path).unwrap();
    serve::rebuild(&root, &preview);
    assert!(preview.status().failed);
    let moved = root.with_file_name("moved");
    std::fs::rename(&root, &moved).unwrap();
    serve::rebuild(&root, &preview);
    let gone = preview.status();
    assert!(gone.failed && !gone.problems.is_empty(), "{gone:?}");
    assert_eq!(gone.pages, second.pages);
    std::fs::rename(&moved, &root).unwrap();

    // Fixed: the problems clear.
    std::fs::write(&path, &text).unwrap();
    serve::rebuild(&root, &preview);
    let fixed = preview.status();
    assert!(!fixed.failed && fixed.problems.is_empty(), "{fixed:?}");
    assert_eq!(
        fixed.pages, first.pages,
        "the same text paints the same pages"
    );
}

#[test]
fn a_save_rebuilds_the_preview() {
    let (_dir, root) = project();
    let running = start(&root);
    let preview = running.preview.clone();
    let seen = preview.status().version;
    let watch_root = root.clone();
    let watching = preview.clone();
    std::thread::spawn(move || serve::rebuild_on_change(&watch_root, &watching, |_| {}));
    // Give the watch a moment to be in place, then save.
    std::thread::sleep(Duration::from_millis(300));
    let path = chapter(&root);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("pamphlet", "Quaggaquill", 1)).unwrap();
    let t = Instant::now();
    loop {
        let s = preview.status();
        if s.version > seen && !s.building {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "no rebuild after a save"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let snap = preview.snapshot().unwrap();
    assert!(
        snap.spine
            .iter()
            .any(|d| String::from_utf8_lossy(&snap.epub[d]).contains("Quaggaquill"))
    );
    running.stop();
}

/// Where puppeteer is: Ace's install brings it (`.ci/tools/node_modules`), or `$ACE_CLI`'s.
fn puppeteer_modules() -> Option<PathBuf> {
    let mut candidates = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/tools/node_modules")];
    if let Ok(ace) = std::env::var("ACE_CLI") {
        // ACE_CLI is node_modules/.bin/ace-cli.
        if let Some(modules) = Path::new(&ace).parent().and_then(Path::parent) {
            candidates.push(modules.to_path_buf());
        }
    }
    candidates
        .into_iter()
        .find(|m| m.join("puppeteer/package.json").is_file())
}

#[test]
#[cfg_attr(
    not(all(has_chromium, has_ace)),
    ignore = "needs Chromium and puppeteer (Ace's install): apt-get install chromium; cd .ci/tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@1.4.6"
)]
fn the_page_follows_edits_in_a_real_browser() {
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let install = "cd .ci/tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@1.4.6; apt-get install -y chromium nodejs";
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok();
    let chromium =
        std::env::var("PUPPETEER_EXECUTABLE_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let (Some(modules), true, true) = (puppeteer_modules(), node, Path::new(&chromium).is_file())
    else {
        assert!(
            !in_ci,
            "node, puppeteer or chromium missing in CI: {install}"
        );
        eprintln!("\n!!! SKIPPED: node, puppeteer or chromium missing — {install} !!!\n");
        return;
    };
    let (_dir, root) = project();
    let running = start(&root);
    let preview = running.preview.clone();
    let watch_root = root.clone();
    std::thread::spawn(move || serve::rebuild_on_change(&watch_root, &preview, |_| {}));
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("preview.png");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/preview.mjs");
    let out = std::process::Command::new("node")
        .arg(&script)
        .arg(format!("http://{}/", running.addr))
        .arg(chapter(&root))
        .arg(&shot)
        .env("NODE_PATH", &modules)
        .output()
        .unwrap();
    running.stop();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let seen: serde_json::Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|_| panic!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    assert!(seen.get("error").is_none(), "{seen}");
    // A print line and an EPUB paragraph lead to their place in the chapter file.
    let file = chapter(&root);
    let file = file.file_name().unwrap().to_str().unwrap();
    let print = &seen["printSource"];
    assert_eq!(print["shown"], print["expected"], "{seen}");
    assert!(print["shown"].as_str().unwrap().contains(file), "{seen}");
    let epub = seen["epubSource"].as_str().unwrap();
    assert!(
        epub.contains(file) && epub.split(':').count() == 3,
        "{seen}"
    );
    assert_eq!(seen["wordBefore"], false, "{seen}");
    assert_eq!(seen["wordInEpub"], true, "{seen}");
    let changed = seen["changedPages"].as_u64().unwrap();
    assert!((1..=2).contains(&changed), "{seen}");
    assert_eq!(
        seen["reloadedImages"].as_u64().unwrap(),
        changed,
        "only changed pages reload: {seen}"
    );
    assert_eq!(seen["changedPageServed"], 200, "{seen}");
    let svg = &seen["changedPageSvg"];
    assert_eq!(svg["type"], "image/svg+xml", "{seen}");
    assert_eq!(svg["parsed"], true, "{seen}");
    assert!(svg["glyphs"].as_u64().unwrap() > 20, "{seen}");
    assert!(
        svg["uses"].as_u64().unwrap() > svg["glyphs"].as_u64().unwrap(),
        "{seen}"
    );
    // The browser draws the changed pages anew (the word is there: their pixels
    // differ), and every other page exactly as before.
    let changed_at: Vec<u64> = seen["changedIndices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(seen["pagesDrawn"], seen["pages"], "{seen}");
    for (i, n) in seen["pixelsChanged"].as_array().unwrap().iter().enumerate() {
        let n = n.as_u64().unwrap_or(u64::MAX);
        if changed_at.contains(&(i as u64)) {
            assert!(n > 0 && n < u64::MAX, "page {i} shows no change: {seen}");
        } else {
            assert_eq!(n, 0, "page {i} changed: {seen}");
        }
    }
    assert!(seen["problem"].as_str().unwrap().contains(".md:"), "{seen}");
    assert_eq!(seen["pagesKeptOnError"], seen["pages"], "{seen}");
    assert_eq!(seen["problemsAfterFix"], 0, "{seen}");
    assert!(std::fs::metadata(&shot).is_ok_and(|m| m.len() > 10_000));
}

/// Every corpus book built after another with the typesetter the preview keeps warm
/// (its shaped words, hyphenated words and patterns carried over, whatever the last
/// book's language and fonts) gives the same bytes as a cold build.
#[test]
fn a_warm_build_is_byte_identical_to_a_cold_one() {
    use crate::cache::{Outputs, make_formats};
    use pamphleteer::build::{Format, Warm};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut books = crate::corpus::books();
    books.push(root.to_path_buf());
    assert!(books.len() >= 9, "{books:?}");
    let warm = Warm::kept();
    let make = |book: &Path, warm: &Warm| -> Outputs {
        let made = make_formats(book, warm, &[Format::Epub, Format::Pdf]);
        for (name, bytes) in &made[..2] {
            assert!(bytes.is_some(), "{}: no {name}", book.display());
        }
        made
    };
    for book in &books {
        let cold = make(book, &Warm::default());
        let warmed = make(book, &warm);
        for ((name, a), (_, b)) in cold.iter().zip(&warmed) {
            assert!(a == b, "{}: the {name}s differ", book.display());
        }
    }
    // And again, every cache now full of other books' words.
    for book in books.iter().rev().take(3) {
        assert!(
            make(book, &Warm::default()) == make(book, &warm),
            "{}",
            book.display()
        );
    }
}
