//! Finding glossary terms in running text: case-insensitive, whole words, with simple
//! plurals (`-s`, `-es`) and possessives (`’s`, `'s`, `s’`); curly and straight
//! apostrophes are the same. A possessive ending is left outside the link.

use crate::model::TermId;
use std::ops::Range;

/// The terms of a glossary, prepared for matching.
#[derive(Debug, Default)]
pub struct Matcher {
    terms: Vec<Vec<char>>,
}

fn norm(c: char) -> char {
    match c {
        '’' | '‘' | 'ʼ' => '\'',
        c if c.is_whitespace() => ' ',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

impl Matcher {
    /// Prepares `terms` (indexed by `TermId`).
    pub fn new<S: AsRef<str>>(terms: impl IntoIterator<Item = S>) -> Self {
        let terms = terms
            .into_iter()
            .map(|t| {
                let mut v: Vec<char> = vec![];
                for c in t.as_ref().trim().chars().map(norm) {
                    if !(c == ' ' && v.last() == Some(&' ')) {
                        v.push(c);
                    }
                }
                v
            })
            .collect();
        Matcher { terms }
    }

    /// How many terms there are.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.iter().all(Vec::is_empty)
    }

    /// The first use of each term not `done`, in `text`, without overlaps (the longest
    /// term wins where several start at one place), in text order.
    pub fn find(&self, text: &str, done: &dyn Fn(TermId) -> bool) -> Vec<(TermId, Range<usize>)> {
        // The terms still to find, asked once per run rather than at every word.
        let mut live: Vec<usize> = (0..self.terms.len())
            .filter(|&t| !self.terms[t].is_empty() && !done(TermId(t as u32)))
            .collect();
        let mut found: Vec<(TermId, Range<usize>)> = vec![];
        if live.is_empty() {
            return found;
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 0;
        while i < chars.len() && !live.is_empty() {
            if i > 0 && is_word(chars[i - 1].1) {
                i += 1;
                continue;
            }
            let first = norm(chars[i].1);
            let best = live
                .iter()
                .enumerate()
                .filter(|&(_, &t)| self.terms[t][0] == first)
                .filter_map(|(k, &t)| match_at(&chars, i, &self.terms[t]).map(|end| (k, t, end)))
                .max_by_key(|&(_, t, end)| (end, std::cmp::Reverse(t)));
            match best {
                Some((k, t, end)) => {
                    let stop = chars.get(end).map_or(text.len(), |c| c.0);
                    found.push((TermId(t as u32), chars[i].0..stop));
                    live.remove(k);
                    i = end;
                }
                None => i += 1,
            }
        }
        found
    }
}

/// Where a match of `term` starting at char `i` ends (char index), plural included.
fn match_at(chars: &[(usize, char)], i: usize, term: &[char]) -> Option<usize> {
    let mut j = i;
    for &tc in term {
        let c = norm(chars.get(j)?.1);
        if tc == ' ' {
            if c != ' ' {
                return None;
            }
            while chars.get(j).is_some_and(|c| norm(c.1) == ' ') {
                j += 1;
            }
            continue;
        }
        if c != tc {
            return None;
        }
        j += 1;
    }
    let at_end = |k: usize| chars.get(k).is_none_or(|c| !is_word(c.1));
    let lower = |k: usize| chars.get(k).map(|c| norm(c.1));
    if at_end(j) {
        return Some(j);
    }
    if lower(j) == Some('s') && at_end(j + 1) {
        return Some(j + 1);
    }
    if lower(j) == Some('e') && lower(j + 1) == Some('s') && at_end(j + 2) {
        return Some(j + 2);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_plurals_possessives() {
        let m = Matcher::new(["state", "workers’ state", "class"]);
        let none = |_| false;
        let f = m.find("The workers' state’s classes; statesman.", &none);
        let text = "The workers' state’s classes; statesman.";
        let got: Vec<(u32, &str)> = f.iter().map(|(t, r)| (t.0, &text[r.clone()])).collect();
        assert_eq!(got, vec![(1, "workers' state"), (2, "classes")]);
        assert!(m.find("the statesman", &none).is_empty());
    }
}
