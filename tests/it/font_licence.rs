//! The font licence comes from the font: a family from the project's fonts/ ships the
//! licence found beside its files, never the bundled Source Serif's; one without a
//! licence file is built with a warning.

use crate::support::epub_read as read;
use pamphleteer::build::{self, BuildOptions, Format, Outcome};
use std::path::Path;

/// The bundled Source Serif's licence begins so.
const BUNDLED: &str = "Copyright 2014 - 2023 Adobe";

/// A new project set in the family in `fonts/` (a copy of the bundled regular face),
/// with `licence` as `fonts/OFL.txt` when given.
fn project(dir: &Path, licence: Option<&str>) {
    build::scaffold(dir).unwrap();
    let toml = dir.join("manuscript/book.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let text = text.replacen("[layout]\n", "[layout]\nfont = \"Source Serif 4\"\n", 1);
    std::fs::write(&toml, text).unwrap();
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        repo.join("fonts/SourceSerif4-Regular.otf"),
        fonts.join("MyFamily-Regular.otf"),
    )
    .unwrap();
    if let Some(l) = licence {
        std::fs::write(fonts.join("OFL.txt"), l).unwrap();
    }
}

fn build_epub(dir: &Path) -> (Outcome, Vec<(String, Vec<u8>)>) {
    let outcome = build::run(&BuildOptions {
        project: Some(dir.to_path_buf()),
        out: Some(dir.join("out")),
        formats: vec![Format::Epub],
        write: true,
        ..BuildOptions::default()
    });
    assert!(!outcome.failed, "{:?}", outcome.summary);
    let epub = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .expect("an EPUB");
    let entries = read::entries(&std::fs::read(epub).unwrap());
    (outcome, entries)
}

/// The licence texts inside the package.
fn licences(entries: &[(String, Vec<u8>)]) -> Vec<String> {
    entries
        .iter()
        .filter(|(n, _)| n.starts_with("OEBPS/fonts/") && n.ends_with(".txt"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect()
}

#[test]
fn a_project_family_ships_its_own_licence() {
    let dir = tempfile::tempdir().unwrap();
    let own = "Copyright 2026 A Foundry. This Font Software is licensed under the SIL Open Font License, Version 1.1.\n";
    project(dir.path(), Some(own));
    let (outcome, entries) = build_epub(dir.path());
    let texts = licences(&entries);
    assert!(texts.iter().any(|t| t == own), "{texts:#?}");
    assert!(!texts.iter().any(|t| t.starts_with(BUNDLED)), "{texts:#?}");
    assert!(
        !outcome
            .diagnostics
            .iter()
            .any(|d| d.message.contains("licence")),
        "no warning with a licence"
    );
}

#[test]
fn a_project_family_without_a_licence_warns_and_ships_none_of_ours() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), None);
    let (outcome, entries) = build_epub(dir.path());
    let messages: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| d.plain(&outcome.sources))
        .collect();
    assert!(
        messages.contains(
            &"warning: the font family `Source Serif 4` has no licence file in fonts/".to_string()
        ),
        "{messages:#?}"
    );
    let texts = licences(&entries);
    assert!(!texts.iter().any(|t| t.starts_with(BUNDLED)), "{texts:#?}");
}

#[test]
fn the_bundled_families_ship_their_licences() {
    let dir = tempfile::tempdir().unwrap();
    build::scaffold(dir.path()).unwrap();
    let (_, entries) = build_epub(dir.path());
    let texts = licences(&entries);
    assert!(texts.iter().any(|t| t.starts_with(BUNDLED)), "{texts:#?}");
}
