//! Where a German compound's parts meet, among the points Liang's patterns give.
//!
//! The patterns give every syllable of "Genossenschaftsgesetz" alike
//! (ge-nos-sen-schafts-ge-setz), but a German typographer breaks a compound where its
//! words meet, "Genossenschafts-gesetz", and a syllable inside one of them
//! ("Genos-senschaftsgesetz") only when nothing else will do: the reader then takes in
//! whole words on each side (Duden's rule to break compounds by their parts; the
//! German word list behind the patterns marks these points with `=`, but the
//! patterns do not keep the distinction). This module finds such seams from the
//! word's letters, without a lexicon, by three signs:
//!
//! - the part before ends in a noun suffix, with or without the linking s
//!   ("Wohnungs|genossenschaft", "Gesellschafts|recht", "Mitgliedschafts|antrag");
//! - the part after starts with an unstressed verb prefix (ver-, be-, ge-, er-, ent-,
//!   zer-, emp-) after a part of four letters or more ("Selbst|verwaltung",
//!   "General|versammlung", "Energie|genossenschaft", "Gesetz|gebung");
//! - the part before is a particle that also stands alone ("zusammen|taten",
//!   "über|höhten", "mit|entscheiden").
//!
//! A point so found is a seam; the line breaker charges a word's other points more
//! ([`super::hyphenate::BreakKind::InsideCompound`]), so they are taken only when the
//! seam will not do. A false sign costs little: the point is a correct syllable break
//! either way, only a slightly cheaper one.

/// Noun suffixes that end the first part of a compound (each also with the linking s).
const NOUN_SUFFIXES: &[&str] = &[
    "ung", "heit", "keit", "schaft", "tion", "sion", "tät", "tum", "ling",
];
/// Unstressed verb prefixes that start a second part.
const VERB_PREFIXES: &[&str] = &["ver", "be", "ge", "er", "ent", "zer", "emp"];
/// Particles that start a word and also stand alone.
const PARTICLES: &[&str] = &[
    "zusammen", "über", "unter", "gegen", "wider", "durch", "hinter", "nach", "mit", "aus", "auf",
    "ein", "vor", "zurück", "weiter", "wieder",
];

/// Whether the break `at` (a byte offset) in `lower`, a lower-case German word, falls
/// where two parts of a compound meet.
pub fn german_seam(lower: &str, at: usize) -> bool {
    let (left, right) = lower.split_at(at);
    let left_len = left.chars().count();
    let right_len = right.chars().count();
    let suffix = NOUN_SUFFIXES.iter().any(|s| {
        left_len > s.chars().count() + 1
            && (left.ends_with(s) || left.strip_suffix('s').is_some_and(|l| l.ends_with(s)))
    });
    // A prefix and at least a syllable of stem after it: "verwaltung", not "gen".
    let prefix = left_len >= 4
        && VERB_PREFIXES
            .iter()
            .any(|p| right.starts_with(p) && right_len >= p.chars().count() + 3);
    let particle = PARTICLES.contains(&left) && right_len >= 3;
    suffix || prefix || particle
}

#[cfg(test)]
mod tests {
    use super::german_seam;

    /// The seams among the points, shown as `=` (other points as `-`).
    fn seams(word: &str, points: &[usize]) -> String {
        let mut out = String::new();
        for (i, c) in word.char_indices() {
            if points.contains(&i) {
                out.push(if german_seam(word, i) { '=' } else { '-' });
            }
            out.push(c);
        }
        out
    }

    fn at(word: &str, hyphenated: &str) -> Vec<usize> {
        // "ge-nos-sen" → byte offsets of the hyphens in the plain word.
        let mut points = vec![];
        let mut offset = 0;
        for part in hyphenated.split('-') {
            offset += part.len();
            points.push(offset);
        }
        points.pop();
        assert_eq!(hyphenated.replace('-', ""), word);
        points
    }

    #[test]
    fn compounds_break_where_their_words_meet() {
        for (word, points, expected) in [
            (
                "genossenschaftsgesetz",
                "ge-nos-sen-schafts-ge-setz",
                "ge-nos-sen-schafts=ge-setz",
            ),
            (
                "selbstverwaltung",
                "selbst-ver-wal-tung",
                "selbst=ver-wal-tung",
            ),
            (
                "wohnungsgenossenschaft",
                "woh-nungs-ge-nos-sen-schaft",
                "woh-nungs=ge-nos-sen-schaft",
            ),
            (
                "generalversammlung",
                "ge-ne-ral-ver-samm-lung",
                "ge-ne-ral=ver-samm-lung",
            ),
            ("zusammentaten", "zu-sam-men-ta-ten", "zu-sam-men=ta-ten"),
            ("gesetzgebung", "ge-setz-ge-bung", "ge-setz=ge-bung"),
            (
                "energiegenossenschaften",
                "ener-gie-ge-nos-sen-schaf-ten",
                "ener-gie=ge-nos-sen-schaf-ten",
            ),
        ] {
            assert_eq!(seams(word, &at(word, points)), expected);
        }
        // Simple words have no seam.
        for (word, points) in [
            ("bewegung", "be-we-gung"),
            ("gemeinsam", "ge-mein-sam"),
            ("arbeiter", "ar-bei-ter"),
            ("bauern", "bau-ern"),
        ] {
            assert!(!seams(word, &at(word, points)).contains('='), "{word}");
        }
    }
}
