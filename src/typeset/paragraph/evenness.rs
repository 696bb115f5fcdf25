//! How even a setting is: the figures publishers judge us by.

use super::Line;

/// Evenness of a set of paragraphs. Paragraph-final lines (set at natural spacing) are
/// left out of every figure.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Evenness {
    /// Lines counted.
    pub lines: usize,
    /// Share of lines whose mean interword gap exceeds 1.5 × the median of those means.
    pub loose: f64,
    /// Share of lines ending with an inserted hyphen.
    pub hyphenated: f64,
    /// Longest run of consecutive hyphenated lines.
    pub hyphens_in_a_row: usize,
    /// The median mean interword gap, in pt.
    pub median_gap: f64,
}

/// Measures paragraphs, each given as its lines.
pub fn evenness(paragraphs: &[Vec<Line>]) -> Evenness {
    let mut gaps = Vec::new();
    let (mut hyphenated, mut longest) = (0, 0);
    for lines in paragraphs {
        let mut run = 0;
        for line in lines.iter().take(lines.len().saturating_sub(1)) {
            if let Some(g) = mean_gap(line) {
                gaps.push(g);
            }
            if line.hyphenated {
                hyphenated += 1;
                run += 1;
                longest = longest.max(run);
            } else {
                run = 0;
            }
        }
    }
    let counted: usize = paragraphs.iter().map(|p| p.len().saturating_sub(1)).sum();
    if counted == 0 {
        return Evenness::default();
    }
    let mut sorted = gaps.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
    let loose = gaps.iter().filter(|&&g| g > 1.5 * median).count();
    Evenness {
        lines: counted,
        loose: loose as f64 / counted as f64,
        hyphenated: hyphenated as f64 / counted as f64,
        hyphens_in_a_row: longest,
        median_gap: median,
    }
}

/// The mean width of a line's interword spaces, if it has any.
pub fn mean_gap(line: &Line) -> Option<f64> {
    let mut sum = 0.0;
    let mut n = 0;
    for run in &line.runs {
        for g in &run.glyphs {
            let t = &run.text[g.text.start as usize..g.text.end as usize];
            if !t.is_empty() && t.chars().all(|c| c == ' ') {
                sum += g.x_advance;
                n += 1;
            }
        }
    }
    (n > 0).then(|| sum / n as f64)
}
