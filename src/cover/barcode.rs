//! EAN-13 barcodes for ISBN-13s (GS1 General Specifications, §5.2.1.2).

/// Left-hand odd-parity (L) patterns for digits 0–9; 1 = dark module.
const L: [u8; 10] = [0x0d, 0x19, 0x13, 0x3d, 0x23, 0x31, 0x2f, 0x3b, 0x37, 0x0b];

/// Which of the six left digits use even parity (G), by the first (implied) digit; bit 5 = second digit.
const PARITY: [u8; 10] = [0x00, 0x0b, 0x0d, 0x0e, 0x13, 0x19, 0x1c, 0x15, 0x16, 0x1a];

/// Number of modules in an EAN-13 symbol without its quiet zones.
pub const MODULES: usize = 95;

/// The 95 modules of an EAN-13 symbol (true = bar), or `None` unless `digits` is 13 ASCII
/// digits with a correct check digit.
pub fn ean13_modules(digits: &str) -> Option<Vec<bool>> {
    let d: Vec<u8> = digits.bytes().map(|b| b.wrapping_sub(b'0')).collect();
    if d.len() != 13 || d.iter().any(|&v| v > 9) {
        return None;
    }
    let sum: u32 = d[..12]
        .iter()
        .enumerate()
        .map(|(i, &v)| if i % 2 == 0 { v as u32 } else { 3 * v as u32 })
        .sum();
    if (10 - sum % 10) % 10 != d[12] as u32 {
        return None;
    }
    let mut m = Vec::with_capacity(MODULES);
    let push = |m: &mut Vec<bool>, bits: u8, n: usize| {
        (0..n).rev().for_each(|i| m.push(bits >> i & 1 == 1))
    };
    push(&mut m, 0b101, 3);
    for (i, &v) in d[1..7].iter().enumerate() {
        let even = PARITY[d[0] as usize] >> (5 - i) & 1 == 1;
        // G patterns are the R patterns reversed; R patterns are L patterns inverted.
        let l = L[v as usize];
        let code = if even { reverse7(!l & 0x7f) } else { l };
        push(&mut m, code, 7);
    }
    push(&mut m, 0b01010, 5);
    for &v in &d[7..13] {
        push(&mut m, !L[v as usize] & 0x7f, 7);
    }
    push(&mut m, 0b101, 3);
    Some(m)
}

fn reverse7(bits: u8) -> u8 {
    (0..7).fold(0, |acc, i| acc | ((bits >> i & 1) << (6 - i)))
}

/// The bars of a symbol as (first module, width in modules) runs, and whether each is a
/// guard bar (guards extend below the digits).
pub fn bars(modules: &[bool]) -> Vec<(usize, usize, bool)> {
    let mut out = vec![];
    let mut i = 0;
    while i < modules.len() {
        if modules[i] {
            let start = i;
            while i < modules.len() && modules[i] {
                i += 1;
            }
            let guard = start < 3 || (45..50).contains(&start) || start >= 92;
            out.push((start, i - start, guard));
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(m: &[bool]) -> String {
        m.iter().map(|&b| if b { '1' } else { '0' }).collect()
    }

    #[test]
    fn known_symbol() {
        // 4006381333931: the GS1 example; first digit 4 → parity LGLLGG.
        let m = ean13_modules("4006381333931").unwrap();
        assert_eq!(m.len(), MODULES);
        let s = render(&m);
        assert_eq!(&s[..3], "101");
        assert_eq!(&s[3..10], "0001101", "0 in L");
        assert_eq!(&s[10..17], "0100111", "0 in G");
        assert_eq!(&s[45..50], "01010");
        assert_eq!(&s[50..57], "1000010", "3 in R");
        assert_eq!(&s[92..], "101");
    }

    #[test]
    fn isbn_symbol_and_bad_checksum() {
        assert!(ean13_modules("9780306406157").is_some());
        assert!(ean13_modules("9780306406158").is_none());
        assert!(ean13_modules("978030640615").is_none());
        let bars = bars(&ean13_modules("9780306406157").unwrap());
        assert_eq!(bars.len(), 30, "an EAN-13 symbol has 30 bars");
        assert_eq!(
            bars.iter().filter(|b| b.2).count(),
            6,
            "three guards of two bars each"
        );
    }
}
