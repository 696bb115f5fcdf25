//! Typed indices into the arenas of [`super::Document`].

macro_rules! id {
    ($(#[$doc:meta] $name:ident),*) => {$(
        #[$doc]
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            /// The index into the arena.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

id!(
    /// Index into `Document::chapters`.
    ChapterId,
    /// Index into `Document::notes`.
    NoteId,
    /// Index into `Document::citations`.
    CiteId,
    /// Index into `Document::glossary`.
    TermId,
    /// Index into `Document::bibliography`.
    RefId
);
