//! How both targets read their input: four files separated by 0xFF bytes (a byte UTF-8
//! never uses) — book.toml, one chapter, glossary.md, references.bib. A book.toml
//! without a `[book]` table gets a minimal one in front, so most inputs reach the
//! chapter parser instead of stopping at the missing title. The same split is used by
//! tests/fuzz_regressions.rs to replay saved inputs.

use pamphleteer::parse::MemFiles;

/// The project an input stands for.
pub fn project(data: &[u8]) -> MemFiles {
    let mut parts = data.splitn(4, |&b| b == 0xFF);
    let toml = parts.next().unwrap_or_default();
    let chapter = parts.next().unwrap_or_default();
    let glossary = parts.next();
    let bib = parts.next();
    let mut files = MemFiles::new();
    let mut book = Vec::new();
    if !toml.windows(6).any(|w| w == b"[book]") {
        book.extend_from_slice(b"[book]\ntitle = \"Fuzz\"\nlanguage = \"en\"\n");
    }
    book.extend_from_slice(toml);
    files.insert("manuscript/book.toml", book);
    files.insert("manuscript/01-chapter.md", chapter.to_vec());
    if let Some(g) = glossary {
        files.insert("manuscript/glossary.md", g.to_vec());
    }
    if let Some(b) = bib {
        files.insert("manuscript/references.bib", b.to_vec());
    }
    files
}
