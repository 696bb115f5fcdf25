//! Content-keyed memos for warm rebuilds (the live preview's, `watch`'s).
//!
//! A stage that may be asked the same question build after build keeps a [`Memo`]: a
//! map from a [`Key`] — a 128-bit fingerprint of *everything* the answer depends on —
//! to the answer. Keys are made with [`key`] from the `Debug` form of the inputs, so a
//! field added to an input type later is part of the key without anyone remembering to
//! add it (a float's `Debug` form round-trips, so no two values print alike).
//!
//! A memo keeps two generations: what the current build used and what the build before
//! it used. [`Memo::next_generation`] (called once per build) forgets whatever the last
//! build did not ask for, so a long session does not grow without bound.
//!
//! Nothing here is global: a memo lives in the value that owns it (the typesetter, the
//! EPUB writer's assets, [`crate::build::Warm`]) and is handed from build to build.
//! A hit returns exactly what computing again would: every memo's tests compare its
//! output with a cold one's, and the corpus test compares whole builds byte for byte.

use rustc_hash::FxHashMap;
use siphasher::sip128::{Hasher128, SipHasher13};
use std::fmt::{self, Debug, Write};
use std::sync::Mutex;

/// A fingerprint of a memo's inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub u128);

impl Key {
    /// The key as 32 hex digits (a file name in the persistent cache).
    pub fn hex(self) -> String {
        format!("{:032x}", self.0)
    }
}

/// Writes `Debug` output straight into the hasher, without building the string.
struct Feed(SipHasher13);

impl Write for Feed {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        std::hash::Hasher::write(&mut self.0, s.as_bytes());
        Ok(())
    }
}

/// The fingerprint of `inputs` (usually a tuple of everything an answer depends on),
/// from its `Debug` form. Inputs must not hold hash maps, whose order varies (a varying
/// order costs only misses, never a wrong answer).
pub fn key(inputs: &impl Debug) -> Key {
    let mut feed = Feed(SipHasher13::new_with_keys(
        0x7061_6d70_686c_6574,
        0x6565_7220_6d65_6d6f,
    ));
    // Writing into the hasher cannot fail; a `Debug` impl that errs only loses bits.
    let _ = write!(feed, "{inputs:?}");
    Key(feed.0.finish128().as_u128())
}

/// The fingerprint of a value through its `Hash` (for types whose `Debug` form is long
/// and whose `Hash` is derived, such as a CSL style).
pub fn key_hash(value: &impl std::hash::Hash) -> Key {
    let mut h = SipHasher13::new_with_keys(0x6861_7368_6564_2121, 0x7061_6d70_686c_6574);
    value.hash(&mut h);
    Key(h.finish128().as_u128())
}

/// The fingerprint of some bytes (a font file, an image), cheaper than [`key`] on them.
pub fn key_bytes(bytes: &[u8]) -> Key {
    let mut h = SipHasher13::new_with_keys(0x6279_7465_7321_2121, 0x7061_6d70_686c_6574);
    std::hash::Hasher::write(&mut h, bytes);
    Key(h.finish128().as_u128())
}

/// Fingerprints of large byte strings a rebuild reads again (font files): comparing
/// the bytes with those fingerprinted before is several times faster than hashing them.
#[derive(Debug, Default)]
pub struct BytesKeys(Mutex<Vec<(Vec<u8>, Key)>>);

/// How many byte strings [`BytesKeys`] remembers (a book's faces, and some to spare).
const BYTES_KEPT: usize = 16;

impl BytesKeys {
    /// The fingerprint of `bytes`: [`key_bytes`], remembered.
    pub fn key(&self, bytes: &[u8]) -> Key {
        let mut kept = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = kept.iter().position(|(b, _)| b.as_slice() == bytes) {
            // Most recently used first.
            let found = kept.remove(k);
            let key = found.1;
            kept.insert(0, found);
            return key;
        }
        let key = key_bytes(bytes);
        kept.insert(0, (bytes.to_vec(), key));
        kept.truncate(BYTES_KEPT);
        key
    }
}

/// Answers by key, kept for the current build and the one before.
pub struct Memo<V> {
    gens: Mutex<Generations<V>>,
}

struct Generations<V> {
    now: FxHashMap<Key, V>,
    before: FxHashMap<Key, V>,
}

impl<V> Default for Memo<V> {
    fn default() -> Memo<V> {
        Memo {
            gens: Mutex::new(Generations {
                now: FxHashMap::default(),
                before: FxHashMap::default(),
            }),
        }
    }
}

impl<V> Debug for Memo<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Memo({} kept)", self.len())
    }
}

impl<V: Clone> Memo<V> {
    /// The answer kept for `key`, if any.
    pub fn get(&self, key: Key) -> Option<V> {
        let mut g = self.gens.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = g.now.get(&key) {
            return Some(v.clone());
        }
        let v = g.before.remove(&key)?;
        g.now.insert(key, v.clone());
        Some(v)
    }

    /// Keeps `value` as the answer for `key`.
    pub fn put(&self, key: Key, value: V) {
        let mut g = self.gens.lock().unwrap_or_else(|p| p.into_inner());
        g.now.insert(key, value);
    }

    /// The answer for `key`: kept, or made by `make` (outside the lock) and kept.
    pub fn get_or(&self, key: Key, make: impl FnOnce() -> V) -> V {
        if let Some(v) = self.get(key) {
            return v;
        }
        let v = make();
        self.put(key, v.clone());
        v
    }
}

impl<V> Memo<V> {
    /// Starts a build: answers the last build did not ask for are forgotten.
    pub fn next_generation(&self) {
        let mut g = self.gens.lock().unwrap_or_else(|p| p.into_inner());
        g.before = std::mem::take(&mut g.now);
    }

    /// How many answers are kept.
    pub fn len(&self) -> usize {
        let g = self.gens.lock().unwrap_or_else(|p| p.into_inner());
        g.now.len() + g.before.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_apart_what_debug_tells_apart() {
        assert_eq!(key(&("a", 1.0)), key(&("a", 1.0)));
        assert_ne!(key(&("a", 1.0)), key(&("a", 1.0 + f64::EPSILON)));
        assert_ne!(key(&("ab", "c")), key(&("a", "bc")));
        assert_ne!(key_bytes(b"x"), key_bytes(b"y"));
        let kept = BytesKeys::default();
        assert_eq!(kept.key(b"font"), key_bytes(b"font"));
        assert_eq!(kept.key(b"font"), key_bytes(b"font"));
        assert_eq!(kept.key(b"fonts"), key_bytes(b"fonts"));
    }

    #[test]
    fn a_generation_unused_is_forgotten() {
        let m: Memo<u32> = Memo::default();
        m.put(key(&1), 1);
        m.put(key(&2), 2);
        m.next_generation();
        assert_eq!(m.get(key(&1)), Some(1), "kept from the build before");
        m.next_generation();
        assert_eq!(m.get(key(&1)), Some(1), "used in the last build");
        assert_eq!(m.get(key(&2)), None, "unused for a whole build");
        assert_eq!(m.get_or(key(&3), || 3), 3);
        assert_eq!(m.len(), 2);
    }
}
