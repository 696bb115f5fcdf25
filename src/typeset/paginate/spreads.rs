//! Facing pages: when the keep rules leave one page of an opening short, its partner is
//! cut to the same depth, so both pages of the spread end on the same line (the
//! classic rule). A page with notes counts as full: its note area is bottom-aligned.
//! A chapter's last page is short by nature and is left alone, with its partner.

use super::breaks::paginate_capped;
use super::{Flow, Geometry, PagePlan};
use std::collections::HashMap;

const EPS: f64 = 1e-6;

/// Evens the depths of facing pages; `first_recto` says whether page 0 is a recto.
pub fn balance(
    flow: &Flow,
    geo: &Geometry,
    plans: Vec<PagePlan>,
    first_recto: bool,
) -> Vec<PagePlan> {
    let mut plans = plans;
    let mut caps = HashMap::new();
    // A spread is a verso and the recto after it.
    let mut verso = usize::from(first_recto);
    while verso + 2 < plans.len() {
        let (a, b) = (verso, verso + 1);
        verso += 2;
        let (da, db) = (depth(&plans[a], geo), depth(&plans[b], geo));
        if (da - db).abs() < geo.grid - EPS {
            continue;
        }
        let (deep, target) = if da > db { (a, db) } else { (b, da) };
        if !plans[deep].notes.is_empty() {
            continue;
        }
        caps.insert(deep, target);
        let new = paginate_capped(flow, geo, &caps);
        let kept = new[..a] == plans[..a]
            && new.len() > b + 1
            && !new[deep].forced
            && (depth(&new[a], geo) - depth(&new[b], geo)).abs() < EPS;
        if kept {
            plans = new;
        } else {
            caps.remove(&deep);
        }
    }
    plans
}

/// How deep a page's text reaches, a page with notes counting as full.
fn depth(plan: &PagePlan, geo: &Geometry) -> f64 {
    if plan.notes.is_empty() {
        plan.depth
    } else {
        geo.height
    }
}
