//! A chapter's fingerprint: what a later stage's per-chapter memo keys on.
//!
//! A chapter's text shows more than its own blocks: its notes (their text and
//! numbers), its citations as rendered, the glossary entries and works its terms and
//! citations link to, and whether a cross-reference points at a chapter or a heading.
//! [`Document::chapter_key`] hashes exactly that, through the model's derived `Hash`
//! (no `Debug` formatting: it runs on every chapter of every warm rebuild). A stage
//! adds what else its output depends on (settings, the starting page) to its own key.

use super::{ChapterId, Document, Inline, InlineKind, NoteId, visit};
use crate::memo::{Key, key_hash};
use std::hash::{Hash, Hasher};

impl Document {
    /// The fingerprint of everything chapter `id` shows: equal keys, equal text, notes,
    /// citations and links, so a stage may reuse what it made of the chapter before.
    pub fn chapter_key(&self, id: ChapterId) -> Key {
        key_hash(&ChapterShows { doc: self, id })
    }
}

/// The chapter and what it refers to, hashed in reading order.
struct ChapterShows<'d> {
    doc: &'d Document,
    id: ChapterId,
}

impl Hash for ChapterShows<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let (doc, chapter) = (self.doc, &self.doc.chapters[self.id.index()]);
        self.id.hash(h);
        doc.citation_mode.hash(h);
        chapter.hash(h);
        // Notes met (in reading order, each once), then what the inlines link to.
        let mut notes: Vec<NoteId> = vec![];
        for i in &chapter.title {
            links(doc, i, &mut notes, h);
        }
        visit::visit_block_inlines(&chapter.blocks, &mut |i| links(doc, i, &mut notes, h));
        // A note's text may itself cite, link or refer to another note.
        let mut next = 0;
        while next < notes.len() {
            let note = doc.note(notes[next]);
            note.hash(h);
            visit::visit_block_inlines(&note.blocks, &mut |i| links(doc, i, &mut notes, h));
            next += 1;
        }
    }
}

/// Hashes what `i` links to outside its chapter, and notes the notes it refers to.
fn links<H: Hasher>(doc: &Document, i: &Inline, notes: &mut Vec<NoteId>, h: &mut H) {
    match &i.kind {
        InlineKind::NoteRef(n) if !notes.contains(n) => notes.push(*n),
        InlineKind::Cite(c) => {
            let citation = doc.citation(*c);
            citation.hash(h);
            for (_, work) in &citation.works {
                doc.bibliography.get(*work).map(|w| &w.key).hash(h);
            }
        }
        InlineKind::TermRef { term, .. } => {
            let entry = doc.term(*term);
            (&entry.term, &entry.slug).hash(h);
        }
        InlineKind::CrossRef { anchor, .. } => {
            doc.chapters.iter().any(|c| &c.slug == anchor).hash(h);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::{Diagnostics, Sources};
    use crate::model::{ChapterId, Document};
    use crate::parse::{self, MemFiles};

    fn doc(chapters: &[(&str, &str)]) -> Document {
        let mut files = MemFiles::default();
        let list: Vec<String> = chapters.iter().map(|(n, _)| format!("\"{n}\"")).collect();
        files.insert(
            "manuscript/book.toml",
            format!(
                "[book]\ntitle = \"T\"\nauthors = [\"A B\"]\nlanguage = \"en\"\nchapters = [{}]\n",
                list.join(", ")
            ),
        );
        for (name, text) in chapters {
            files.insert(format!("manuscript/{name}"), *text);
        }
        let (mut sources, mut diags) = (Sources::default(), Diagnostics::default());
        let input = parse::parse_project(&files, &mut sources, &mut diags);
        input.expect("parses").document
    }

    const ONE: &str = "# One\n\nA paragraph with a note.[^a]\n\n[^a]: The note.\n";
    const TWO: &str = "# Two\n\nAnother paragraph.\n";

    #[test]
    fn equal_text_gives_equal_keys_and_an_edit_changes_only_its_chapter() {
        let a = doc(&[("1.md", ONE), ("2.md", TWO)]);
        let b = doc(&[("1.md", ONE), ("2.md", TWO)]);
        let edited = doc(&[("1.md", ONE), ("2.md", "# Two\n\nAnother sentence.\n")]);
        let (c1, c2) = (ChapterId(0), ChapterId(1));
        assert_eq!(a.chapter_key(c1), b.chapter_key(c1));
        assert_eq!(a.chapter_key(c2), b.chapter_key(c2));
        assert_ne!(a.chapter_key(c1), a.chapter_key(c2));
        assert_eq!(a.chapter_key(c1), edited.chapter_key(c1));
        assert_ne!(a.chapter_key(c2), edited.chapter_key(c2));
    }

    #[test]
    fn a_note_edit_changes_the_key_of_the_chapter_that_shows_it() {
        let a = doc(&[("1.md", ONE), ("2.md", TWO)]);
        let noted = ONE.replace("The note.", "The longer note.");
        let b = doc(&[("1.md", &noted), ("2.md", TWO)]);
        assert_ne!(a.chapter_key(ChapterId(0)), b.chapter_key(ChapterId(0)));
        assert_eq!(a.chapter_key(ChapterId(1)), b.chapter_key(ChapterId(1)));
    }
}
