//! Parsing: manuscript files in, document model and layout model out.
//!
//! `parse_project` runs the sub-steps in order: read book.toml (`config`, `metadata`),
//! the bibliography (`bibliography`: BibLaTeX or CSL-JSON, CSL style, locales), each
//! chapter (`markdown`, which finds pandoc citations and stray `[^x]` marks with
//! `citations` in runs of text from `textrun`) and the glossary (`glossary`). What
//! cannot be resolved file by file is left as provisional references (`pending`); then
//! `resolve` numbers notes, formats citations, links glossary terms and
//! cross-references, and sets ties and quotation marks (`typography`) into one
//! [`Document`]. Warm builds keep each chapter as parsed and as resolved ([`Memos`]).
//! Every problem is pushed to the diagnostics and parsing goes on, so a
//! run reports all of them.

pub mod bibliography;
pub mod citations;
pub mod config;
pub mod files;
pub mod glossary;
pub mod images;
mod lint;
pub mod markdown;
#[cfg(test)]
mod memo_tests;
pub(crate) mod metadata;
mod pandoc;
pub mod pending;
pub mod resolve;
pub mod textrun;
pub mod typography;

pub use files::{DirFiles, MemFiles, ProjectFiles};

use crate::diag::{Diagnostic, Diagnostics, FileId, Sources, Span};
use crate::layout::Layout;
use crate::memo::{self, Memo};
use crate::model::{Document, GlossaryEntry};
use markdown::{Anchors, Context, Pending};
use resolve::{ParsedChapter, RawChapter};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What the later stages need from the manuscript.
#[derive(Debug, Clone)]
pub struct Input {
    /// The resolved book.
    pub document: Document,
    /// The shared layout model.
    pub layout: Layout,
}

/// The manuscript folder inside a project.
pub const MANUSCRIPT: &str = "manuscript";

/// What parsing keeps from build to build (the live preview's), keyed by content: the
/// decoded citation styles and locales, the formatted citations, and each chapter as
/// parsed and as resolved. A rebuild after an edit to one chapter parses and resolves
/// that chapter alone (and the chapters after it, if the edit changed how many notes,
/// citations or glossary uses come before them); one that touches no citation formats
/// none.
#[derive(Debug, Default)]
pub struct Memos {
    styles: Memo<Arc<bibliography::Decoded>>,
    citations: Memo<Arc<resolve::format::Formatted>>,
    /// Chapters as parsed, by file id, path, content and the book's metadata (checked
    /// against the anchors taken before them when used).
    parsed: Memo<Arc<resolve::ParsedChapter>>,
    /// Chapters as resolved, by their parse, the book's anchors, glossary terms,
    /// bibliography keys and quotation marks, their place, and the notes, citations
    /// and term uses before them.
    resolved: Memo<Arc<resolve::Resolved>>,
    /// Whether chapters are kept: a build whose memos are dropped at its end (a plain
    /// `build`) would only pay for copying them.
    keep_chapters: bool,
    /// How many chapters the build under way parsed and resolved (not from the memos).
    made: [AtomicUsize; 2],
}

impl Memos {
    /// Memos for builds that follow each other (the preview's, `watch`'s): chapters
    /// are kept too.
    pub fn kept() -> Memos {
        Memos {
            keep_chapters: true,
            ..Memos::default()
        }
    }

    /// Starts a build: what the last build did not use is forgotten.
    pub fn next_generation(&self) {
        self.styles.next_generation();
        self.citations.next_generation();
        self.parsed.next_generation();
        self.resolved.next_generation();
        self.made.iter().for_each(|n| n.store(0, Ordering::Relaxed));
    }

    /// How many chapters the last build parsed, and how many it resolved, rather than
    /// take them from the memos.
    pub fn chapters_made(&self) -> (usize, usize) {
        let [parsed, resolved] = &self.made;
        (
            parsed.load(Ordering::Relaxed),
            resolved.load(Ordering::Relaxed),
        )
    }
}

/// Parses and resolves a whole project. Returns `None` only when nothing sensible can be
/// built (book.toml unreadable); otherwise a document, with problems in `diags`.
pub fn parse_project(
    files: &dyn ProjectFiles,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<Input> {
    parse_project_with(files, sources, diags, &Memos::default())
}

/// [`parse_project`], answering from `memos` what an earlier build already worked out
/// (the result is the same).
pub fn parse_project_with(
    files: &dyn ProjectFiles,
    sources: &mut Sources,
    diags: &mut Diagnostics,
    memos: &Memos,
) -> Option<Input> {
    // book.toml: metadata and the layout model.
    let toml_path = Path::new(MANUSCRIPT).join("book.toml");
    let toml_file = read_text(files, &toml_path, None, sources, diags)?;
    let config = config::parse(toml_file, &sources.get(toml_file).text, diags)?;
    let mut meta = metadata::build(toml_file, &config.book, diags);
    metadata::apply_labels(toml_file, &mut meta.locale, &config.labels, diags);
    let quotes = config::quotes(toml_file, &config.layout, diags);
    let layout: Layout = config::layout(toml_file, &config.layout, &meta.language, diags);
    // The bibliography file is read first; its style and locales are decoded on a second
    // thread while the chapters and glossary are read, and its works parsed after them.
    let section = &config.bibliography;
    let opened = bibliography::open(files, section, toml_file, sources, diags);
    let csl_file = matches!(opened, bibliography::Opened::File(_))
        .then(|| bibliography::open_style(files, section, toml_file, sources, diags))
        .flatten();
    let csl_text = csl_file.map(|f| sources.get(f).text.clone());
    let (bib, book) = std::thread::scope(|s| {
        let decoding = matches!(opened, bibliography::Opened::File(_)).then(|| {
            s.spawn(|| {
                let (language, csl) = (&meta.language, csl_text.as_deref());
                let key = memo::key(&(section, language, csl));
                let made = || Arc::new(bibliography::Decoded::new(section, language, csl));
                bibliography::Decoded::clone(&memos.styles.get_or(key, made))
            })
        });
        // Chapters and glossary, with provisional references.
        let mut glossary_pending = Pending::default();
        let mut anchors = Anchors::default();
        let paths = chapter_paths(files, toml_file, &config.book, diags);
        let refused = config.book.chapters.as_ref().is_some_and(|l| !l.is_empty());
        if paths.is_empty() && !refused {
            diags.push(
                Diagnostic::error(Span::new(toml_file, 0..0), "the manuscript has no chapters")
                    .with_hint("add Markdown files (.md) to manuscript/, or list them in `chapters` under `[book]`"),
            );
        }
        let listed = paths.len();
        let mut cx = Context {
            pending: &mut glossary_pending,
            anchors: &mut anchors,
            meta: Some(&meta),
            diags,
        };
        let chapters = read_chapters(files, paths, &mut cx, sources, memos);
        let unread_chapters = listed - chapters.len();
        let (glossary, glossary_file) = read_glossary(files, &mut cx, sources);
        let diags = cx.diags;
        let decoded = decoding.map(|d| d.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        // The bibliography, if any: works, citation style and locales.
        let bib = bibliography::load(
            opened,
            section,
            toml_file,
            csl_file,
            &meta.language,
            decoded,
            sources,
            diags,
        );
        let book = resolve::Book {
            chapters,
            glossary,
            glossary_file,
            glossary_pending,
            unread_chapters,
        };
        (bib, book)
    });
    // Resolution: notes numbered, citations formatted, glossary terms linked.
    let mut document = Document {
        meta,
        chapters: vec![],
        notes: vec![],
        citations: vec![],
        glossary: vec![],
        bibliography: vec![],
        citation_mode: crate::model::CitationMode::InText,
    };
    // Then quotation marks and spacing of each text's language.
    let inputs = resolve::Inputs {
        bib: &bib,
        quotes,
        sources,
        memos,
    };
    resolve::resolve(&mut document, book, inputs, diags);
    Some(Input { document, layout })
}

/// Reads and parses each chapter file; slugs come from file names (stable when titles
/// change). A chapter whose file, metadata and the anchors before it are as in an
/// earlier build is taken from `memos` unparsed.
fn read_chapters(
    files: &dyn ProjectFiles,
    paths: Vec<(PathBuf, Option<Span>)>,
    cx: &mut Context,
    sources: &mut Sources,
    memos: &Memos,
) -> Vec<RawChapter> {
    let slugs: Vec<String> = paths
        .iter()
        .enumerate()
        .map(|(i, (p, _))| chapter_slug(p, i, cx.anchors))
        .collect();
    let meta = memos.keep_chapters.then(|| memo::key(&cx.meta));
    let mut chapters = vec![];
    for ((path, listed_at), slug) in paths.into_iter().zip(slugs) {
        let Some(file) = read_text(files, &path, listed_at, sources, cx.diags) else {
            continue;
        };
        let text = &sources.get(file).text;
        let key = meta.map(|meta| {
            let content = memo::key_bytes(text.as_bytes());
            memo::key(&(file, &path, content, meta))
        });
        let kept = key
            .and_then(|k| memos.parsed.get(k))
            .filter(|kept| cx.anchors.replay(&kept.anchors));
        let parsed = kept.unwrap_or_else(|| {
            memos.made[0].fetch_add(1, Ordering::Relaxed);
            let made = Arc::new(parse_chapter(file, text, &path, cx));
            if let Some(k) = key {
                let made = resolve::ParsedChapter {
                    key: k,
                    ..ParsedChapter::clone(&made)
                };
                let made = Arc::new(made);
                memos.parsed.put(k, made.clone());
                return made;
            }
            made
        });
        cx.diags.extend(parsed.diags.clone());
        images::check(files, &parsed.parsed.images, cx.diags);
        chapters.push(RawChapter { file, parsed, slug });
    }
    chapters
}

/// Parses one chapter file, with provisional references of its own and its problems
/// apart (the anchors it takes are logged in `cx`).
fn parse_chapter(file: FileId, text: &str, path: &Path, cx: &mut Context) -> ParsedChapter {
    let mut pending = Pending::default();
    let mut diags = Diagnostics::default();
    cx.anchors.start_log();
    let mut own = Context {
        pending: &mut pending,
        anchors: cx.anchors,
        meta: cx.meta,
        diags: &mut diags,
    };
    let mut parsed = markdown::parse(file, text, false, &mut own);
    lint::note_continuations(file, text, &mut diags);
    if parsed.title.is_none() {
        untitled(&mut parsed, file, path, &mut diags);
    }
    ParsedChapter {
        parsed,
        pending,
        anchors: cx.anchors.take_log(),
        diags,
        key: memo::Key(0),
    }
}

/// A chapter without a `#` title takes its first heading of any level (mdBook's
/// sub-chapters start at `##`), lifted out of the text when it opens the file; without
/// any heading, its file name, with a warning.
fn untitled(parsed: &mut markdown::Parsed, file: FileId, path: &Path, diags: &mut Diagnostics) {
    let first = parsed
        .blocks
        .iter()
        .position(|b| matches!(b.kind, crate::model::BlockKind::Heading { .. }));
    if let Some(k) = first {
        let b = &parsed.blocks[k];
        let crate::model::BlockKind::Heading {
            content,
            anchor,
            listed,
            ..
        } = &b.kind
        else {
            unreachable!()
        };
        parsed.title = Some((content.clone(), b.span));
        parsed.title_unlisted = !listed;
        if k == 0 {
            // Links to the heading now go to the chapter.
            let anchor = anchor.clone();
            for (_, a) in parsed.ids.iter_mut().filter(|(_, a)| *a == anchor) {
                *a = markdown::TITLE_ANCHOR.to_string();
            }
            parsed.blocks.remove(0);
        }
        return;
    }
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let name = stem
        .trim_start_matches(|c: char| c.is_ascii_digit() || "-_. ".contains(c))
        .replace(['-', '_'], " ");
    let name = if name.trim().is_empty() {
        stem.to_string()
    } else {
        name
    };
    let mut chars = name.trim().chars();
    let title: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    diags.push(
        Diagnostic::warning(
            Span::new(file, 0..0),
            format!("this chapter has no heading; its title is “{title}”, from the file name"),
        )
        .with_hint("start the file with a `# Title` line"),
    );
    parsed.title = Some((
        vec![crate::model::Inline::text(title)],
        Span::new(file, 0..0),
    ));
}

/// A chapter's slug from its file name without a leading number: `01-intro.md` → `intro`.
fn chapter_slug(path: &Path, index: usize, taken: &mut Anchors) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let name = stem.trim_start_matches(|c: char| {
        c.is_ascii_digit() || c == '-' || c == '_' || c == '.' || c == ' '
    });
    let fallback = format!("chapter-{}", index + 1);
    let name = if name.is_empty() {
        fallback.as_str()
    } else {
        name
    };
    markdown::unique_anchor(name, &fallback, taken)
}

/// Reads manuscript/glossary.md if there is one.
fn read_glossary(
    files: &dyn ProjectFiles,
    cx: &mut Context,
    sources: &mut Sources,
) -> (Vec<GlossaryEntry>, Option<FileId>) {
    let path = Path::new(MANUSCRIPT).join(glossary::FILE);
    if !files.exists(&path) {
        return (vec![], None);
    }
    let Some(file) = read_text(files, &path, None, sources, cx.diags) else {
        return (vec![], None);
    };
    let entries = glossary::parse(file, &sources.get(file).text, cx);
    (entries, Some(file))
}

/// The chapter files, from `chapters` in book.toml or every .md in manuscript/ but glossary.md.
fn chapter_paths(
    files: &dyn ProjectFiles,
    toml_file: FileId,
    book: &config::BookSection,
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, Option<Span>)> {
    let dir = Path::new(MANUSCRIPT);
    match &book.chapters {
        Some(list) => list
            .iter()
            .filter_map(|c| {
                let span = Span::new(toml_file, c.span());
                let rel = Path::new(c.get_ref());
                if !files::is_safe(rel) {
                    diags.push(
                        Diagnostic::error(span, format!("chapter path `{}` leaves the manuscript folder", c.get_ref()))
                            .with_hint("list chapter files relative to manuscript/, without `..` or a leading `/`"),
                    );
                    return None;
                }
                Some((dir.join(rel), Some(span)))
            })
            .collect(),
        None => files
            .list(dir)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md") && p.file_name().is_some_and(|n| n != "glossary.md"))
            .map(|p| (p, None))
            .collect(),
    }
}

/// The file beside `path` (same folder and extension) whose name is closest to its
/// name, when one is close enough to be a misspelling or a rename.
fn nearest_file(files: &dyn ProjectFiles, path: &Path) -> Option<PathBuf> {
    let name = path.file_stem()?.to_str()?;
    let listed = files.list(path.parent()?).ok()?;
    listed
        .into_iter()
        .filter(|p| p.extension() == path.extension() && p != path)
        .filter_map(|p| {
            let other = p.file_stem()?.to_str()?.to_string();
            let score = strsim::normalized_damerau_levenshtein(name, &other);
            // "02-spread.md" for "02-spreading.md", or a shared number prefix.
            let same_number = name.split('-').next().is_some_and(|n| {
                n.chars().all(|c| c.is_ascii_digit()) && other.split('-').next() == Some(n)
            });
            (score >= 0.6 || same_number).then_some((score, p))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, p)| p)
}

/// Reads a UTF-8 text file into `sources`; a missing, binary or non-UTF-8 file is an
/// error at `listed_at` (where the manuscript names it) or at the file itself.
pub fn read_text(
    files: &dyn ProjectFiles,
    path: &Path,
    listed_at: Option<Span>,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<FileId> {
    let bytes = match files.read(path) {
        Ok(b) => b,
        Err(e) => {
            let what = match e.kind() {
                std::io::ErrorKind::NotFound => "does not exist".to_string(),
                _ => format!("cannot be read: {e}"),
            };
            let mut d = Diagnostic::error(listed_at, format!("`{}` {what}", path.display()));
            if let Some(near) = nearest_file(files, path) {
                let name = near.file_name().unwrap_or(near.as_os_str());
                d = d.with_hint(format!("did you mean `{}`?", name.to_string_lossy()));
            }
            diags.push(d.with_hint("check the file name, or remove it from the list in book.toml"));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) if !text.contains('\0') => {
            let (text, controls) = without_controls(text);
            let id = sources.add(path, text);
            for (at, c) in controls {
                diags.push(
                    Diagnostic::warning(
                        Span::new(id, at..at + c.len_utf8()),
                        format!(
                            "control character U+{:04X} is replaced by a space",
                            c as u32
                        ),
                    )
                    .with_hint(
                        "control characters cannot be printed or stored in an EPUB; delete it",
                    ),
                );
            }
            Some(id)
        }
        Ok(text) => {
            let at = text.find('\0').unwrap_or(0);
            let id = sources.add(path, text.replace('\0', " "));
            diags.push(
                Diagnostic::error(
                    Span::new(id, at..at + 1),
                    format!("`{}` contains a NUL byte", path.display()),
                )
                .with_hint("is this a binary file? chapters must be UTF-8 Markdown text"),
            );
            None
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let id = sources.add(path, String::from_utf8_lossy(&bytes).into_owned());
            diags.push(
                Diagnostic::error(
                    Span::new(id, valid..valid + 1),
                    format!("`{}` is not valid UTF-8", path.display()),
                )
                .with_hint(
                    "save the file as UTF-8 (most editors offer this under “Save with encoding”)",
                ),
            );
            None
        }
    }
}

/// Replaces C0 and C1 control characters (but tab, line feed and carriage return) and
/// DEL with spaces of the same byte length, so spans stay true; returns where they were.
/// XML forbids them, and they draw nothing.
fn without_controls(text: String) -> (String, Vec<(usize, char)>) {
    let is_bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    // The control characters are U+0000–U+001F and U+007F–U+009F: looked for in the
    // bytes (a rebuild reads every chapter again), decoded only when one is there.
    let bytes = text.as_bytes();
    let maybe = bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0..=0x1f | 0x7f => true,
        0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        _ => false,
    });
    if !maybe {
        return (text, vec![]);
    }
    let mut at = vec![];
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if is_bad(c) {
            at.push((i, c));
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    (out, at)
}

/// The candidate closest to `word` (Jaro–Winkler, case-insensitive), if any is close.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
