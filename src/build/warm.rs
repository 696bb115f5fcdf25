//! What one build keeps for the next: the typesetter and the other stages' memos.

use crate::cover::artwork;
use std::sync::Arc;

/// What one build leaves for the next, for [`MakeOptions::warm`]: the typesetter (its
/// patterns, shaped words and set paragraphs) and the memos of the other stages, all
/// keyed by content. Nothing is global: the preview and `watch` keep one and hand it
/// to every rebuild; a plain build starts cold. The bytes are the same either way.
#[derive(Clone, Default)]
pub struct Warm(Option<Arc<Kept>>);

/// What a [`Warm`] keeps.
struct Kept {
    typesetter: std::sync::Mutex<Option<crate::typeset::Typesetter>>,
    memos: Memos,
}

/// The memos of the stages besides the typesetter's.
#[derive(Default)]
pub(crate) struct Memos {
    /// The parser's: formatted citations, decoded citation styles.
    pub parse: Arc<crate::parse::Memos>,
    /// The EPUB cover image by its scene and faces.
    pub cover: Arc<artwork::FrontMemo>,
    /// The EPUB writer's: subset fonts, compressed entries.
    pub epub: Arc<crate::epub::Memos>,
}

impl Memos {
    /// Starts a build: what the last build did not use is forgotten.
    fn next_generation(&self) {
        self.parse.next_generation();
        self.cover.next_generation();
        self.epub.next_generation();
    }
}

impl Warm {
    /// A place to keep a typesetter and memos between builds.
    pub fn kept() -> Warm {
        let memos = Memos {
            parse: Arc::new(crate::parse::Memos::kept()),
            ..Memos::default()
        };
        Warm(Some(Arc::new(Kept {
            typesetter: Default::default(),
            memos,
        })))
    }

    /// Whether this keeps anything for the next build.
    pub(super) fn is_kept(&self) -> bool {
        self.0.is_some()
    }

    /// The kept typesetter, if any.
    pub(super) fn take(&self) -> Option<crate::typeset::Typesetter> {
        self.0.as_ref()?.typesetter.lock().ok()?.take()
    }

    /// Keeps `ts` for the next build, when keeping was asked for.
    pub(super) fn keep(&self, ts: crate::typeset::Typesetter) {
        if let Some(Ok(mut slot)) = self.0.as_ref().map(|s| s.typesetter.lock()) {
            *slot = Some(ts);
        }
    }

    /// The memos for a build that starts now (fresh ones when nothing is kept).
    pub(super) fn memos(&self) -> Memos {
        match &self.0 {
            Some(kept) => {
                kept.memos.next_generation();
                Memos {
                    parse: kept.memos.parse.clone(),
                    cover: kept.memos.cover.clone(),
                    epub: kept.memos.epub.clone(),
                }
            }
            None => Memos::default(),
        }
    }
}

impl std::fmt::Debug for Warm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Warm(kept)"
        } else {
            "Warm(cold)"
        })
    }
}
