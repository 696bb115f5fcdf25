//! The breaker on hand-made items.

use super::*;

fn word(width: f64) -> BreakItem {
    BreakItem::Box {
        width,
        expand: 0.0,
        protrude_left: 0.0,
        protrude_right: 0.0,
    }
}

fn space() -> BreakItem {
    BreakItem::Glue {
        width: 3.0,
        stretch: 1.5,
        shrink: 1.0,
    }
}

fn hyphen() -> BreakItem {
    BreakItem::Penalty {
        width: 3.0,
        penalty: 50.0,
        flagged: true,
        hyphenation: true,
        protrude: 0.0,
    }
}

fn end(items: &mut Vec<BreakItem>) {
    let pen = |penalty| BreakItem::Penalty {
        width: 0.0,
        penalty,
        flagged: false,
        hyphenation: false,
        protrude: 0.0,
    };
    items.push(pen(INFINITY));
    items.push(BreakItem::Glue {
        width: 0.0,
        stretch: FILL,
        shrink: 0.0,
    });
    items.push(pen(-INFINITY));
}

fn words(widths: &[f64]) -> Vec<BreakItem> {
    let mut items = Vec::new();
    for (i, &w) in widths.iter().enumerate() {
        if i > 0 {
            items.push(space());
        }
        items.push(word(w));
    }
    end(&mut items);
    items
}

fn shape(widths: &[f64], looseness: i32) -> Shape<'_> {
    Shape {
        widths,
        background_stretch: 0.0,
        looseness,
    }
}

#[test]
fn equal_words_fill_equal_lines() {
    // Four 20 pt words and three 3 pt spaces make 89 pt: two words a line at 43 pt.
    let items = words(&[20.0; 8]);
    let breaks = total_fit(&items, shape(&[43.0], 0), &BreakParams::default());
    assert_eq!(breaks.len(), 4);
    for b in &breaks[..3] {
        assert!(b.ratio.abs() < 1e-9, "{b:?}");
    }
    assert_eq!(breaks.last().unwrap().item, items.len() - 1);
}

#[test]
fn total_fit_is_more_even_than_first_fit() {
    let mut seed = 7u32;
    let widths: Vec<f64> = (0..80)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            6.0 + (seed >> 16) as f64 % 14.0
        })
        .collect();
    let items = words(&widths);
    let measure = 200.0;
    let badness_sum = |ratios: &[f64]| ratios.iter().map(|&r| badness(r)).sum::<f64>();
    let breaks = total_fit(&items, shape(&[measure], 0), &BreakParams::default());
    let kp: Vec<f64> = breaks[..breaks.len() - 1].iter().map(|b| b.ratio).collect();
    // First fit: as many words as fit with the spaces shrunk at most fully.
    let (mut greedy, mut natural, mut spaces) = (Vec::new(), 0.0, 0);
    for &w in &widths {
        let with = natural
            + if spaces > 0 || natural > 0.0 {
                3.0
            } else {
                0.0
            }
            + w;
        let n = if natural > 0.0 { spaces + 1 } else { 0 };
        if with - n as f64 > measure {
            let gap = measure - natural;
            let give = if gap > 0.0 { 1.5 } else { 1.0 } * spaces.max(1) as f64;
            greedy.push(gap / give);
            (natural, spaces) = (w, 0);
        } else {
            (natural, spaces) = (with, n);
        }
    }
    assert!(kp.iter().all(|&r| r >= -1.0), "{kp:?}");
    assert!(
        badness_sum(&kp) < badness_sum(&greedy),
        "{kp:?} vs {greedy:?}"
    );
}

#[test]
fn looseness_changes_the_line_count_when_it_can() {
    let items = words(&[20.0; 12]);
    let count = |l| total_fit(&items, shape(&[66.0], l), &BreakParams::default()).len();
    let params = BreakParams {
        tolerance: 10000.0,
        ..BreakParams::default()
    };
    let loose = total_fit(&items, shape(&[66.0], 1), &params).len();
    assert_eq!(count(0), 4);
    assert_eq!(loose, 5);
}

#[test]
fn at_most_two_hyphens_in_a_row() {
    // Every line must break inside a word: six lines of 40 pt words split in two.
    let mut items = Vec::new();
    for i in 0..6 {
        if i > 0 {
            items.push(space());
        }
        items.extend([word(20.0), hyphen(), word(20.0)]);
    }
    end(&mut items);
    let breaks = total_fit(&items, shape(&[66.0], 0), &BreakParams::default());
    let flagged: Vec<bool> = breaks
        .iter()
        .map(|b| matches!(items[b.item], BreakItem::Penalty { flagged: true, .. }))
        .collect();
    assert!(
        !flagged.windows(3).any(|w| w.iter().all(|&f| f)),
        "{flagged:?}"
    );
}

#[test]
fn a_box_wider_than_the_measure_is_set_rather_than_lost() {
    let items = words(&[10.0, 500.0, 10.0]);
    let breaks = total_fit(&items, shape(&[100.0], 0), &BreakParams::default());
    assert_eq!(breaks.last().unwrap().item, items.len() - 1);
    assert!(breaks.len() >= 2);
}

#[test]
fn badness_and_fitness_follow_tex() {
    assert_eq!(badness(1.0), 100.0);
    assert_eq!(badness(-1.5), INFINITY + 1.0);
    assert_eq!(fitness(1.2, badness(1.2)), 0);
    assert_eq!(fitness(0.6, badness(0.6)), 1);
    assert_eq!(fitness(0.1, badness(0.1)), 2);
    assert_eq!(fitness(-0.8, badness(-0.8)), 3);
}
