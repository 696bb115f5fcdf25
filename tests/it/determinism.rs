//! Determinism: the same manuscript gives the same bytes — two builds in one process,
//! and two runs of the binary — and `SOURCE_DATE_EPOCH` alone sets the dates written
//! into the PDF (Info dictionary and XMP) and the EPUB (`dcterms:modified`).

use crate::support::hostile as support;

use pamphleteer::parse::DirFiles;
use std::path::Path;
use std::process::Command;

/// 2023-11-14T22:13:20Z.
const EPOCH: &str = "1700000000";

fn bytes(p: &pamphleteer::build::Products) -> [&[u8]; 3] {
    [
        p.pdf.as_deref().expect("a PDF"),
        &p.booklet.as_ref().expect("a booklet").0,
        p.epub.as_deref().expect("an EPUB"),
    ]
}

/// Two in-process builds of the small fixture give identical PDF, booklet and EPUB.
#[test]
fn same_bytes_in_one_process() {
    let files = DirFiles::new(support::fixture("small"));
    let a = support::build_files(&files, Some(EPOCH));
    let b = support::build_files(&files, Some(EPOCH));
    for (what, (x, y)) in ["PDF", "booklet", "EPUB"]
        .iter()
        .zip(bytes(a.ok()).into_iter().zip(bytes(b.ok())))
    {
        assert!(x.len() > 1000, "{what} is a real file");
        assert!(x == y, "{what} differs between two builds");
    }
}

/// The date comes from `SOURCE_DATE_EPOCH` in every place a date is written.
#[test]
fn source_date_epoch_sets_every_date() {
    let files = DirFiles::new(support::fixture("small"));
    let built = support::build_files(&files, Some(EPOCH));
    let [pdf, booklet, epub] = bytes(built.ok());
    for (what, pdf) in [("PDF", pdf), ("booklet", booklet)] {
        let text = String::from_utf8_lossy(pdf);
        assert!(
            text.contains("/CreationDate (D:20231114221320Z)")
                || text.contains("/CreationDate(D:20231114221320Z)"),
            "{what}: Info CreationDate"
        );
        assert!(text.contains("(D:20231114221320Z)"), "{what}: Info dates");
        for tag in ["xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"] {
            assert!(
                text.contains(&format!("<{tag}>2023-11-14T22:13:20Z</{tag}>"))
                    || text.contains(&format!("<{tag}>2023-11-14T22:13:20+00:00</{tag}>")),
                "{what}: {tag} in the XMP"
            );
        }
    }
    let opf = support::unzip(epub)
        .into_iter()
        .find(|(n, _)| n.ends_with(".opf"))
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .unwrap();
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"),
        "{opf}"
    );
    // A different epoch changes the bytes, and nothing else does.
    let other = support::build_files(&files, Some("1700000001"));
    assert!(other.ok().pdf != built.ok().pdf);
    assert!(other.ok().epub != built.ok().epub);
}

/// Builds with the binary; its summary and diagnostics are kept out of the test
/// output (a child's stderr is not captured by the test harness) unless it fails.
fn run_binary(project: &Path, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_pamphleteer"))
        .arg("build")
        .arg(project)
        .arg("--out")
        .arg(out)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "the build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Two runs of the binary (two processes: different addresses, hash seeds, thread
/// timing) write identical files, equal to the in-process build's bytes.
#[test]
fn same_bytes_across_processes() {
    let project = support::fixture("small");
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    run_binary(&project, &a);
    run_binary(&project, &b);
    let mut names: Vec<String> = std::fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "a-small-book-booklet.pdf",
            "a-small-book-cover.pdf",
            "a-small-book.epub",
            "a-small-book.pdf"
        ]
    );
    for n in &names {
        let x = std::fs::read(a.join(n)).unwrap();
        let y = std::fs::read(b.join(n)).unwrap();
        assert!(x == y, "{n} differs between two processes");
    }
    let built = support::build_files(&DirFiles::new(&project), Some(EPOCH));
    let p = built.ok();
    assert!(std::fs::read(a.join("a-small-book.pdf")).unwrap() == *p.pdf.as_ref().unwrap());
    assert!(std::fs::read(a.join("a-small-book.epub")).unwrap() == *p.epub.as_ref().unwrap());
}
