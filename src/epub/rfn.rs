//! Reserved Font Names: a subset of an OFL font is a Modified Version (the OFL's
//! "Web Fonts and Reserved Font Names" paper: a reduced character set is not
//! functionally equivalent), and OFL condition 3 forbids a Modified Version to use a
//! Reserved Font Name. So the subsets we embed are renamed: every Reserved Font Name
//! in the font's names (family, full, PostScript and unique names in `name`; the
//! font name and the FullName/FamilyName strings in `CFF `) becomes a word of the
//! same length, `Source Serif 4` → `Subset Serif 4`. The copyright, trademark and
//! licence records are left as they are, as the OFL requires.
//!
//! Replacing with the same number of characters keeps every offset in both tables, so
//! the tables are edited in place.

/// The Reserved Font Names a licence declares: the quoted names after "Reserved Font
/// Name(s)" in its copyright lines.
pub fn reserved_names(licence: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in licence.lines() {
        let Some(at) = line.find("Reserved Font Name") else {
            continue;
        };
        // Only the copyright notices declare names; the licence's definitions mention
        // the term too, without quotes after it.
        let tail = &line[at..];
        let tail = tail.split(['.', ';']).next().unwrap_or(tail);
        let mut rest = tail;
        while let Some(open) = rest.find(['\'', '"', '‘', '“']) {
            let q = rest[open..].chars().next().unwrap_or('"');
            let close = match q {
                '‘' => '’',
                '“' => '”',
                c => c,
            };
            let inner = &rest[open + q.len_utf8()..];
            let Some(end) = inner.find(close) else { break };
            let name = inner[..end].trim();
            if !name.is_empty() && name.is_ascii() && !out.iter().any(|n| n == name) {
                out.push(name.to_string());
            }
            rest = &inner[end + close.len_utf8()..];
        }
    }
    out
}

/// The word that stands for Reserved Font Name `rfn`: as long as it, from the letters
/// of "Subset", in the case of its first letter.
pub fn replacement(rfn: &str) -> String {
    let pattern = "ubset".chars().cycle();
    let first = if rfn.starts_with(|c: char| c.is_ascii_lowercase()) {
        's'
    } else {
        'S'
    };
    std::iter::once(first)
        .chain(pattern)
        .take(rfn.chars().count())
        .zip(rfn.chars())
        .map(|(r, o)| if o == ' ' { ' ' } else { r })
        .collect()
}

/// `s` with every Reserved Font Name (also without its spaces, as in PostScript
/// names) replaced.
pub fn rename(s: &str, rfns: &[String]) -> String {
    let mut s = s.to_string();
    for rfn in rfns {
        let new = replacement(rfn);
        s = s.replace(rfn.as_str(), &new);
        let (tight, new_tight) = (rfn.replace(' ', ""), new.replace(' ', ""));
        if tight != *rfn {
            s = s.replace(&tight, &new_tight);
        }
    }
    s
}

/// The `name` records that name the font (not the notices).
const NAME_IDS: [u16; 9] = [1, 3, 4, 6, 16, 17, 18, 21, 22];

/// Renames the naming records of a `name` table in place.
pub fn rename_name_table(table: &mut [u8], rfns: &[String]) {
    let get = |t: &[u8], at: usize| -> Option<u16> {
        Some(u16::from_be_bytes(t.get(at..at + 2)?.try_into().ok()?))
    };
    let (Some(count), Some(storage)) = (get(table, 2), get(table, 4)) else {
        return;
    };
    for i in 0..count as usize {
        let rec = 6 + 12 * i;
        let (Some(platform), Some(id), Some(len), Some(off)) = (
            get(table, rec),
            get(table, rec + 6),
            get(table, rec + 8),
            get(table, rec + 10),
        ) else {
            return;
        };
        if !NAME_IDS.contains(&id) {
            continue;
        }
        let start = storage as usize + off as usize;
        let Some(bytes) = table.get_mut(start..start + len as usize) else {
            continue;
        };
        if platform == 1 {
            // Mac Roman: one byte a character; only ASCII names are replaced.
            let old = String::from_utf8_lossy(bytes).into_owned();
            let new = rename(&old, rfns);
            if new.len() == bytes.len() {
                bytes.copy_from_slice(new.as_bytes());
            }
        } else {
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            let old = String::from_utf16_lossy(&units);
            let new: Vec<u16> = rename(&old, rfns).encode_utf16().collect();
            if new.len() == units.len() {
                for (k, u) in new.iter().enumerate() {
                    bytes[2 * k..2 * k + 2].copy_from_slice(&u.to_be_bytes());
                }
            }
        }
    }
}

/// Renames the font names of a CFF table in place: the Name INDEX, and the strings
/// of the String INDEX that name the font (not the Notice and Copyright strings).
pub fn rename_cff(cff: &mut [u8], rfns: &[String]) {
    let Some(&hdr) = cff.get(2) else { return };
    let Some((names, after_names)) = index(cff, hdr as usize) else {
        return;
    };
    let Some((_, after_top)) = index(cff, after_names) else {
        return;
    };
    let Some((strings, _)) = index(cff, after_top) else {
        return;
    };
    for (start, end) in names.into_iter().chain(strings) {
        let Some(bytes) = cff.get_mut(start..end) else {
            continue;
        };
        let old = String::from_utf8_lossy(bytes).into_owned();
        let notice = ["©", "Copyright", "Reserved", "trademark", "http"]
            .iter()
            .any(|w| old.contains(w));
        let new = rename(&old, rfns);
        if !notice && new.len() == bytes.len() {
            bytes.copy_from_slice(new.as_bytes());
        }
    }
}

/// The byte ranges of the items of the CFF INDEX at `at`, and where it ends.
fn index(cff: &[u8], at: usize) -> Option<(Vec<(usize, usize)>, usize)> {
    let count = u16::from_be_bytes(cff.get(at..at + 2)?.try_into().ok()?) as usize;
    if count == 0 {
        return Some((Vec::new(), at + 2));
    }
    let size = *cff.get(at + 2)? as usize;
    if !(1..=4).contains(&size) {
        return None;
    }
    let offset = |i: usize| -> Option<usize> {
        let b = cff.get(at + 3 + i * size..at + 3 + (i + 1) * size)?;
        Some(b.iter().fold(0usize, |v, &x| (v << 8) | x as usize))
    };
    let data = at + 3 + (count + 1) * size - 1;
    let mut items = Vec::with_capacity(count);
    for i in 0..count {
        items.push((data + offset(i)?, data + offset(i + 1)?));
    }
    let end = data + offset(count)?;
    (end <= cff.len()).then_some((items, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_from_the_copyright_lines() {
        let l = "Copyright 2014 - 2023 Adobe (http://www.adobe.com/), with Reserved Font Name ‘Source’. All Rights Reserved.\n\
                 \"Reserved Font Name\" refers to any names specified as such after the\n";
        assert_eq!(reserved_names(l), ["Source"]);
        assert_eq!(
            reserved_names("© 2010 X, with Reserved Font Names \"Gentium\" and \"SIL\"."),
            ["Gentium", "SIL"]
        );
        assert!(reserved_names("Copyright 2020 Y. No reserved names.").is_empty());
    }

    #[test]
    fn renaming_keeps_lengths_and_notices() {
        let rfns = vec!["Source".to_string()];
        assert_eq!(rename("Source Serif 4", &rfns), "Subset Serif 4");
        assert_eq!(
            rename("SourceSerif4-Regular", &rfns),
            "SubsetSerif4-Regular"
        );
        assert_eq!(replacement("Gentium Plus").len(), "Gentium Plus".len());
        assert!(!replacement("Gentium Plus").contains("Gentium"));
    }
}
