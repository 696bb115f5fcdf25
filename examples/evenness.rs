//! Sets every paragraph of the seed essay at the A5 measure (10.5 pt on 13.65 pt) and
//! prints the evenness figures: `cargo run --release --example evenness`.
//! Parameters can be tried without rebuilding: `KP=tolerance=300,hyphen_penalty=200`.

use pamphleteer::layout::TextAlign;
use pamphleteer::typeset::paragraph::evenness;
use pamphleteer::typeset::{ParagraphSettings, Run, RunStyle, Typesetter};

const SEED: &str = include_str!("../tests/fixtures/seed/class-nature-of-the-soviet-state.txt");

fn main() {
    let mut ts = Typesetter::bundled();
    if let Ok(spec) = std::env::var("KP") {
        for kv in spec.split(',').filter(|s| !s.is_empty()) {
            let (k, v) = kv.split_once('=').expect("key=value");
            let v: f64 = v.parse().expect("a number");
            let p = &mut ts.params;
            match k {
                "tolerance" => p.tolerance = v,
                "pretolerance" => p.pretolerance = v,
                "line_penalty" => p.line_penalty = v,
                "hyphen_penalty" => p.hyphen_penalty = v,
                "last_word_hyphen_penalty" => p.last_word_hyphen_penalty = v,
                "ex_hyphen_penalty" => p.ex_hyphen_penalty = v,
                "double_hyphen_demerits" => p.double_hyphen_demerits = v,
                "final_hyphen_demerits" => p.final_hyphen_demerits = v,
                "adj_demerits" => p.adj_demerits = v,
                "emergency_stretch" => p.emergency_stretch = v,
                "space_stretch" => p.space_stretch = v,
                "space_shrink" => p.space_shrink = v,
                "protrusion" => p.protrusion = v != 0.0,
                "letter_space" => p.letter_space = v,
                "max_hyphens_in_a_row" => p.max_hyphens_in_a_row = v as u8,
                _ => panic!("unknown parameter {k}"),
            }
        }
    }
    let measure = std::env::var("MEASURE")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or((148.0 - 37.0) * 72.0 / 25.4);
    let settings = ParagraphSettings {
        measure,
        size: 10.5,
        indent_left: 0.0,
        indent_right: 0.0,
        first_line_indent: 1.2 * 10.5,
        align: TextAlign::Justify,
        leading: 13.65,
        hyphenate: true,
        old_style_figures: true,
        looseness: 0,
    };
    let start = std::time::Instant::now();
    let set: Vec<_> = SEED
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|p| {
            let run = Run::new(p, RunStyle::default());
            ts.paragraph(&[run], &settings).lines
        })
        .collect();
    let e = evenness(&set);
    if std::env::var_os("SHOW").is_some() {
        for lines in &set {
            for l in &lines[..lines.len() - 1] {
                let g = pamphleteer::typeset::paragraph::mean_gap(l).unwrap_or(0.0);
                if g > 1.5 * e.median_gap {
                    print!(
                        "{g:.2} {}",
                        pamphleteer::typeset::paragraph::dump(std::slice::from_ref(l))
                    );
                }
            }
        }
    }
    println!(
        "{} paragraphs, {} lines in {:.0?}: {:.1}% loose, {:.1}% hyphenated, {} hyphens in a row (median gap {:.2} pt)",
        set.len(),
        e.lines,
        start.elapsed(),
        100.0 * e.loose,
        100.0 * e.hyphenated,
        e.hyphens_in_a_row,
        e.median_gap
    );
}
