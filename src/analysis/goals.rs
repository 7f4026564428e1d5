//! The region's goals checked against what was measured, and counted — in one place. Node goals
//! (departures and travel times of the strategic nodes) and municipality goals (share with basic
//! service, from coverage) are separate lists with separate counts; a run that did not compute
//! coverage has its municipality goals "not evaluated", not zero.

use serde::Serialize;

use crate::metrics::coverage::Coverage;
use crate::region::{NodeGoal, Region};

/// One goal checked: its target, the measured value and whether it is met.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GoalCheck {
    pub subject: String,
    /// `departures_to_core` (at least), `minutes_to_core`, `minutes_to_acute_hospital` (at most),
    /// `share_basic_service` (at least).
    pub goal: String,
    pub target: f64,
    pub value: Option<f64>,
    pub met: bool,
}

/// What was measured for a strategic node, for its goals.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NodeMeasures {
    /// Direct departures towards the regional core during the day.
    pub departures_to_core: usize,
    /// Median travel time to the core over the morning window, minutes.
    pub median_to_core_min: Option<f64>,
    /// Median travel time to the nearest acute hospital, minutes.
    pub median_to_acute_min: Option<f64>,
}

/// The node's goals that the region sets, checked in the order departures, core, acute hospital.
/// A travel time that was not measured (not reached) does not meet a goal.
pub fn node_goals(town: &str, goal: &NodeGoal, m: &NodeMeasures) -> Vec<GoalCheck> {
    let check = |goal: &str, target: f64, value: Option<f64>, met: bool| GoalCheck {
        subject: town.to_string(),
        goal: goal.into(),
        target,
        value,
        met,
    };
    let mut out = Vec::new();
    if let Some(min) = goal.min_weekday_departures_to_core {
        let d = m.departures_to_core;
        out.push(check("departures_to_core", min as f64, Some(d as f64), d as u32 >= min));
    }
    if let Some(max) = goal.max_minutes_to_core {
        let v = m.median_to_core_min;
        out.push(check("minutes_to_core", max as f64, v, v.is_some_and(|v| v <= max as f64)));
    }
    if let Some(max) = goal.max_minutes_to_acute_hospital {
        let v = m.median_to_acute_min;
        out.push(check("minutes_to_acute_hospital", max as f64, v, v.is_some_and(|v| v <= max as f64)));
    }
    out
}

/// The municipality goals on the share of the population with basic service on the weekday,
/// in file order; goals of a municipality the region does not have are skipped. The value is
/// rounded to three decimals; a municipality without population has no value and misses.
pub fn municipality_goals(region: &Region, cov: &Coverage) -> Vec<GoalCheck> {
    let mut out = Vec::new();
    for g in &region.goals.municipality {
        let Some(min) = g.min_share_basic_service else { continue };
        let Some(m) = g.kommunkod.trim().parse::<u16>().ok().and_then(|k| region.municipality_index(k)) else {
            continue;
        };
        let Some(t) = cov.municipalities.get(m).and_then(|a| a.days.first()).map(|d| d.all) else { continue };
        let value = (t.population > 0).then(|| t.basic as f64 / t.population as f64);
        out.push(GoalCheck {
            subject: region.municipalities[m].name.clone(),
            goal: "share_basic_service".into(),
            target: min,
            value: value.map(|v| (v * 1000.0).round() / 1000.0),
            met: value.is_some_and(|v| v >= min),
        });
    }
    out
}

/// How many goals of a list are met.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GoalCount {
    pub met: usize,
    pub total: usize,
}

impl GoalCount {
    pub fn of<'a>(goals: impl IntoIterator<Item = &'a GoalCheck>) -> GoalCount {
        goals
            .into_iter()
            .fold(GoalCount::default(), |c, g| GoalCount { met: c.met + g.met as usize, total: c.total + 1 })
    }
}

/// A run's goals: the nodes' and, when coverage ran, the municipalities'.
#[derive(Clone, Debug)]
pub struct Goals<'a> {
    pub nodes: Vec<&'a GoalCheck>,
    /// `None`: not evaluated in this run (no coverage).
    pub municipalities: Option<&'a [GoalCheck]>,
}

impl Goals<'_> {
    pub fn node_count(&self) -> GoalCount {
        GoalCount::of(self.nodes.iter().copied())
    }

    /// `None` when the municipality goals were not evaluated.
    pub fn municipality_count(&self) -> Option<GoalCount> {
        self.municipalities.map(GoalCount::of)
    }

    /// Every goal, node goals first.
    pub fn all(&self) -> impl Iterator<Item = &GoalCheck> {
        self.nodes.iter().copied().chain(self.municipalities.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(met: bool) -> GoalCheck {
        GoalCheck { subject: "x".into(), goal: "g".into(), target: 1.0, value: None, met }
    }

    #[test]
    fn node_goals_in_order_with_unmeasured_times_missed() {
        let g = NodeGoal {
            town: None,
            min_weekday_departures_to_core: Some(10),
            max_minutes_to_core: Some(40),
            max_minutes_to_acute_hospital: Some(50),
            // Checked apart (`restidskvot_goals`): never one of the node goals below.
            max_restidskvot_to_core: Some(1.5),
        };
        // 10 departures meet "at least 10"; 44 min misses "at most 40"; acute not reached misses.
        let m = NodeMeasures { departures_to_core: 10, median_to_core_min: Some(44.0), median_to_acute_min: None };
        let checks = node_goals("Nodby", &g, &m);
        let got: Vec<(&str, f64, Option<f64>, bool)> =
            checks.iter().map(|c| (c.goal.as_str(), c.target, c.value, c.met)).collect();
        assert_eq!(
            got,
            vec![
                ("departures_to_core", 10.0, Some(10.0), true),
                ("minutes_to_core", 40.0, Some(44.0), false),
                ("minutes_to_acute_hospital", 50.0, None, false),
            ]
        );
        assert!(checks.iter().all(|c| c.subject == "Nodby"));
        // A goal the region does not set is not checked.
        let only_core = NodeGoal { max_minutes_to_core: Some(45), ..Default::default() };
        let c = node_goals("Nodby", &only_core, &m);
        assert_eq!((c.len(), c[0].met), (1, true));
    }

    #[test]
    fn counts_keep_node_and_municipality_goals_apart() {
        let nodes = [goal(true), goal(false), goal(true)];
        let munis = [goal(true), goal(false)];
        // Nodes 2 of 3, municipalities 1 of 2: never added together (they measure different things).
        let g = Goals { nodes: nodes.iter().collect(), municipalities: Some(&munis) };
        assert_eq!(g.node_count(), GoalCount { met: 2, total: 3 });
        assert_eq!(g.municipality_count(), Some(GoalCount { met: 1, total: 2 }));
        assert_eq!(g.all().count(), 5);
        // Not evaluated: no municipality count (not 0 of 0), the nodes' 2 of 3 unchanged.
        let g = Goals { nodes: nodes.iter().collect(), municipalities: None };
        assert_eq!(g.municipality_count(), None);
        assert_eq!(g.node_count(), GoalCount { met: 2, total: 3 });
        assert_eq!(g.all().count(), 3);
    }
}
