//! Facing pages: when the keep rules leave one page of an opening short, its partner is
//! cut to the same depth, so both pages of the spread end on the same line (the
//! classic rule). A page with notes counts as full: its note area is bottom-aligned.
//! A chapter's last page is short by nature and is left alone, with its partner.

use super::breaks::{carry_after, first_refs, resume};
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
    let firsts = first_refs(&flow.elems);
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
        // Pages before the spread cannot change; after it, the pages are made again
        // only until they meet the old ones (linear in the chapter, not quadratic).
        let carry = a.checked_sub(1).and_then(|p| carry_after(flow, &plans[p]));
        let start = (plans[a].body.start, carry);
        let r = resume(
            flow,
            geo,
            &caps,
            &firsts,
            (a, start),
            &plans,
            deep + 1,
            &Some,
        );
        let page = |k: usize| -> Option<&PagePlan> {
            match r.pages.get(k - a) {
                Some(p) => Some(p),
                None => r
                    .synced_at
                    .and_then(|s| plans.get(s + (k - a - r.pages.len()))),
            }
        };
        let len = a + r.pages.len() + r.synced_at.map_or(0, |s| plans.len() - s);
        let kept = len > b + 1
            && page(deep).is_some_and(|p| !p.forced)
            && match (page(a), page(b)) {
                (Some(pa), Some(pb)) => (depth(pa, geo) - depth(pb, geo)).abs() < EPS,
                _ => false,
            };
        if kept {
            let end = r.synced_at.unwrap_or(plans.len());
            plans.splice(a..end, r.pages);
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
        geo.height.max(plan.height)
    }
}
