//! Lengths with units and named trim sizes, as written in book.toml.

/// A length in pt.
pub type Length = f64;

const PT_PER_MM: f64 = 72.0 / 25.4;

/// Parses `12mm`, `0.5in`, `10pt`, `1.2cm` (a bare number is pt). `None` if malformed.
pub fn parse_length(s: &str) -> Option<Length> {
    let s = s.trim();
    let split = s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let value: f64 = num.trim().parse().ok()?;
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    let factor = match unit.trim() {
        "" | "pt" => 1.0,
        "mm" => PT_PER_MM,
        "cm" => 10.0 * PT_PER_MM,
        "in" => 72.0,
        _ => return None,
    };
    Some(value * factor)
}

/// Whether a length or a `W x H` size written as a string has numbers but no unit at
/// all ("17", "105 x 148"): a slip, since a string is only needed for a unit.
pub fn lacks_unit(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ' ' | 'x' | '×'))
        && s.matches(['x', '×']).count() <= 1
}

/// Named trim sizes (portrait), in pt.
pub const TRIM_NAMES: &[(&str, f64, f64)] = &[
    ("A4", 210.0 * PT_PER_MM, 297.0 * PT_PER_MM),
    ("A5", 148.0 * PT_PER_MM, 210.0 * PT_PER_MM),
    ("A6", 105.0 * PT_PER_MM, 148.0 * PT_PER_MM),
    ("B5", 176.0 * PT_PER_MM, 250.0 * PT_PER_MM),
    ("US letter", 8.5 * 72.0, 11.0 * 72.0),
    ("half-letter", 5.5 * 72.0, 8.5 * 72.0),
    ("digest", 5.5 * 72.0, 8.25 * 72.0),
];

/// Parses a trim: a name from [`TRIM_NAMES`] (case-insensitive) or `W x H` with units.
pub fn parse_trim(s: &str) -> Option<(f64, f64)> {
    let t = s.trim();
    if let Some(&(_, w, h)) = TRIM_NAMES
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(t))
    {
        return Some((w, h));
    }
    if t.eq_ignore_ascii_case("letter") {
        return Some((8.5 * 72.0, 11.0 * 72.0));
    }
    let (w, h) = t.split_once(['x', '×'])?;
    let (w, h) = (w.trim(), h.trim());
    // "148 x 210mm": a unit on the height alone applies to both.
    let unit: String = h
        .chars()
        .skip_while(|c| c.is_ascii_digit() || *c == '.' || *c == ' ')
        .collect();
    let w = if w.chars().all(|c| c.is_ascii_digit() || c == '.') {
        format!("{w}{unit}")
    } else {
        w.to_string()
    };
    let (w, h) = (parse_length(&w)?, parse_length(h)?);
    (w > 0.0 && h > 0.0).then_some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(parse_length("72pt"), Some(72.0));
        assert_eq!(parse_length("1in"), Some(72.0));
        assert!((parse_length("25.4mm").unwrap() - 72.0).abs() < 1e-9);
        assert_eq!(parse_length("3 furlongs"), None);
        assert_eq!(parse_length("-2mm"), None);
    }

    #[test]
    fn trims() {
        let (w, h) = parse_trim("a5").unwrap();
        assert!((w - 419.527).abs() < 0.01 && (h - 595.276).abs() < 0.01);
        assert_eq!(parse_trim("5.5in x 8.5in"), Some((396.0, 612.0)));
        assert_eq!(parse_trim("148 x 210mm"), parse_trim("A5"));
        assert_eq!(parse_trim("huge"), None);
    }

    #[test]
    fn unitless() {
        assert!(lacks_unit("105 x 148"));
        assert!(lacks_unit("17"));
        assert!(lacks_unit(" 105×148 "));
        assert!(!lacks_unit("105mm x 148mm"));
        assert!(!lacks_unit("148 x 210mm"));
        assert!(!lacks_unit("A5"));
        assert!(!lacks_unit(""));
    }
}
