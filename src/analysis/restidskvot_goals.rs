//! The region's restidskvot goals checked against a restidskvot run: per strategic node the
//! highest ratio to the regional core (`max_restidskvot_to_core`), per municipality the least
//! share of the population with a ratio ≤ 1.5 to the nearest vårdcentral or acute hospital
//! (`min_share_restidskvot_le_1_5_*`). Counted apart from the node and municipality goals of
//! `goals` (they measure against the car, and are estimated without `--osm`), so those counts
//! do not move when restidskvot goals are set. Depends on `region` (the goals) and the run's
//! results only.

use serde::Serialize;

use super::goals::{GoalCheck, GoalCount};
use super::restidskvot::NodeRatio;
use crate::metrics::restidskvot::RatioSummary;
use crate::region::Region;

/// The restidskvot goals checked, with their count.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct RestidskvotGoals {
    pub nodes: Vec<GoalCheck>,
    pub municipalities: Vec<GoalCheck>,
    /// Met of all, over nodes and municipalities together (both are restidskvot goals).
    pub count: GoalCount,
    /// Goals without a value: the node has no public transport to the core within the limit (or
    /// no car time), the municipality has no inhabitants, or the group was not computed. They are
    /// not met, and counted here as well.
    pub not_computable: usize,
}

/// The groups a municipality goal can name, with the goal's name in the checks.
const MUNICIPALITY_GOALS: [(&str, &str); 2] = [
    ("vardcentral", "share_restidskvot_le_1_5_vardcentral"),
    ("acute_hospital", "share_restidskvot_le_1_5_acute_hospital"),
];

/// Checks the region's restidskvot goals: nodes in the order of `nodes` (the strategic nodes,
/// each with its own goal falling back to `[goals.node_default]`), municipalities in file order.
/// A node's ratio is compared as shown (two decimals); a share is rounded to three decimals.
pub fn check(region: &Region, nodes: &[NodeRatio], groups: &[RatioSummary]) -> RestidskvotGoals {
    let mut out = RestidskvotGoals::default();
    for n in nodes {
        let Some(max) = region.node_goal(&n.town).max_restidskvot_to_core else { continue };
        out.nodes.push(GoalCheck {
            subject: n.town.clone(),
            goal: "restidskvot_to_core".into(),
            target: max,
            value: n.restidskvot,
            met: n.restidskvot.is_some_and(|r| r <= max),
        });
    }
    for g in &region.goals.municipality {
        let Some(m) = g.kommunkod.trim().parse::<u16>().ok().and_then(|k| region.municipality_index(k)) else {
            continue;
        };
        let targets = [g.min_share_restidskvot_le_1_5_vardcentral, g.min_share_restidskvot_le_1_5_acute_hospital];
        for ((key, goal), target) in MUNICIPALITY_GOALS.into_iter().zip(targets) {
            let Some(min) = target else { continue };
            let shares = groups.iter().find(|s| s.key == key).and_then(|s| s.municipalities.get(m));
            let value = shares
                .filter(|s| s.population > 0)
                .map(|s| (s.le_1_5 as f64 / s.population as f64 * 1000.0).round() / 1000.0);
            out.municipalities.push(GoalCheck {
                subject: region.municipalities[m].name.clone(),
                goal: goal.into(),
                target: min,
                value,
                met: value.is_some_and(|v| v >= min),
            });
        }
    }
    out.count = GoalCount::of(out.nodes.iter().chain(&out.municipalities));
    out.not_computable = out.nodes.iter().chain(&out.municipalities).filter(|g| g.value.is_none()).count();
    out
}
