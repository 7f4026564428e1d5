//! Two networks compared — two timetables on their dates (a tidtabellsskifte, a summer date) or
//! one feed and a scenario's edit of it: the same assessment run on both sides (strategic nodes,
//! reach to care per cell, town and municipality, coverage, goals of both kinds, restidskvot),
//! their differences, the service per stop, route and municipality (`compare_service`) and the
//! cost side (vehicle-hours and -km per day). The page is built by `report::compare_page`.
//! Prints nothing; never imports `report` or `cli`.

use serde::Serialize;

use super::assess::Assessment;
use super::compare_service::{AreaService, ServiceChanges, ServiceSide, service_changes};
use super::goals::GoalCheck;
use super::{AnalysisError, Study};
use crate::date::Date;
use crate::export::{Field, Geometry, Table};
use crate::feed::Feed;
use crate::metrics::reach::OriginReach;
use crate::metrics::reach_summary::BANDS_MIN;
use crate::region::Region;
use crate::scenario::Scenario;
use crate::scenario::cost::{RouteCost, route_costs, totals};
use crate::scenario::diff::{AccessChange, CellChange, Side as ReachSide, access_change, median_changes};

/// Today's feed and region with the scenario applied (copies; the originals are unchanged).
pub fn apply_scenario(scenario: &Scenario, feed: &Feed, region: &Region) -> Result<(Feed, Region), AnalysisError> {
    Ok(scenario.apply(feed, region)?)
}

/// One metric before and after.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Change {
    pub metric: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub difference: Option<f64>,
}

pub fn change(metric: &str, before: Option<f64>, after: Option<f64>) -> Change {
    Change {
        metric: metric.into(),
        before,
        after,
        difference: before.zip(after).map(|(b, a)| ((a - b) * 10.0).round() / 10.0),
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NodeChange {
    pub town: String,
    pub municipality: String,
    pub metrics: Vec<Change>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct AreaGroupChange {
    pub area: String,
    pub group: String,
    pub population: u64,
    /// Population within 30/45/60/90 min, before / after / difference.
    pub within: Vec<Change>,
    /// Population gaining and losing access (within the limit and per band), and the change of
    /// the median travel time among cells reached within the limit both times.
    pub change: AccessChange,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GoalChange {
    pub subject: String,
    pub goal: String,
    pub target_before: Option<f64>,
    pub target_after: Option<f64>,
    pub value_before: Option<f64>,
    pub value_after: Option<f64>,
    pub met_before: Option<bool>,
    pub met_after: Option<bool>,
}

/// Runs, vehicle-hours and vehicle-km per day on each side's date (see [`crate::scenario::cost`]).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CostSide {
    pub dates: [String; 2],
    pub before: CostTotals,
    pub after: CostTotals,
    pub difference: CostTotals,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct CostTotals {
    pub runs: i64,
    pub vehicle_hours: f64,
    pub vehicle_km: f64,
}

/// A side of the comparison as the user gave it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SideInfo {
    /// The feeds (paths as given).
    pub feeds: Vec<String>,
    pub date: String,
    /// The scenario applied to this side, if any.
    pub scenario: Option<ScenarioInfo>,
    /// Care nodes left out on this date by their `valid_from`/`valid_to`.
    pub care_closed: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ScenarioInfo {
    pub name: String,
    pub description: String,
    pub file: String,
    pub modifications: Vec<String>,
}

impl ScenarioInfo {
    pub fn of(s: &Scenario) -> ScenarioInfo {
        ScenarioInfo {
            name: s.meta.name.clone(),
            description: s.meta.description.clone(),
            file: s.source.clone(),
            modifications: s.modifications.iter().map(|m| m.kind().to_string()).collect(),
        }
    }
}

/// Basic line service (Glesbygdstrafik's rule) on the weekday in one municipality or the county:
/// people with it, people without it (eligible for Glesbygdstrafik) and the share with it, %.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CoverageChange {
    pub area: String,
    pub population: u64,
    pub basic: Change,
    pub eligible_glesbygdstrafik: Change,
    pub share_basic_pct: Change,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CompareData {
    pub before: SideInfo,
    pub after: SideInfo,
    pub region: String,
    pub window: [String; 2],
    /// The travel-time limit, minutes: a cell is reached when its median is within it.
    pub limit_min: u32,
    /// True when every difference below is zero (the page says "inga förändringar").
    pub no_changes: bool,
    pub groups_compared: Vec<String>,
    /// Groups only one side has (e.g. the planned hospital once it is made acute).
    pub groups_only_before: Vec<String>,
    pub groups_only_after: Vec<String>,
    pub nodes: Vec<NodeChange>,
    pub county: Vec<AreaGroupChange>,
    pub municipalities: Vec<AreaGroupChange>,
    /// Goals of both kinds (strategic nodes; municipalities' share with basic service) whose
    /// status changes or that exist on one side only.
    pub goals_changed: Vec<GoalChange>,
    pub node_goals_met: Change,
    /// `None` on a side without coverage.
    pub municipality_goals_met: Change,
    /// Per municipality, then the county (empty when a side has no coverage).
    pub coverage: Vec<CoverageChange>,
    pub cost: CostSide,
    pub service: ServiceChanges,
    /// Restidskvot per group over the county (share ≤ 1.5, median ratio), when both sides
    /// have it.
    pub restidskvot: Vec<Change>,
    /// Restidskvot bands per municipality and county, people before and after, when both sides
    /// have it.
    pub restidskvot_bands: Vec<super::restidskvot_compare::AreaBandChange>,
}

/// The index of a destination group in a run.
fn group_pos(c: &Assessment, key: &str) -> Option<usize> {
    c.reach.group(key)
}

/// One side of a comparison: its study (the region on its date, same cells), feed, date and
/// assessment (with coverage and restidskvot when computed).
pub struct Side<'a> {
    pub study: &'a Study,
    pub feed: &'a Feed,
    pub date: Date,
    pub assessment: &'a Assessment,
}

/// The two sides; their studies share the grid (same cells, same order).
pub struct Sides<'a> {
    pub before: Side<'a>,
    pub after: Side<'a>,
}

/// Before, after and difference of every metric; the morning `window` is the reach options'.
pub fn compare_data(info: [SideInfo; 2], s: &Sides, window: [u32; 2]) -> CompareData {
    let (b, a) = (s.before.assessment, s.after.assessment);
    let keys_b: Vec<String> = b.reach.groups.iter().map(|g| g.key.clone()).collect();
    let keys_a: Vec<String> = a.reach.groups.iter().map(|g| g.key.clone()).collect();
    let both: Vec<String> = keys_b.iter().filter(|k| keys_a.contains(k)).cloned().collect();
    let label = |k: &String| {
        let g = a.reach.groups.iter().chain(&b.reach.groups).find(|g| &g.key == k);
        format!("{k}: {}", g.map_or(k.to_string(), |g| g.label.clone()))
    };
    let mut county = Vec::new();
    let mut municipalities = Vec::new();
    for k in &both {
        county.push(area_change(s, k, None));
        for m in 0..s.before.study.names.len() {
            municipalities.push(area_change(s, k, Some(m as u16)));
        }
    }
    let (gb, ga) = (b.goals(), a.goals());
    let met = |g: &super::goals::Goals| Some(g.node_count().met as f64);
    let muni_met = |g: &super::goals::Goals| g.municipality_count().map(|c| c.met as f64);
    let all_b: Vec<&GoalCheck> = gb.all().collect();
    let all_a: Vec<&GoalCheck> = ga.all().collect();
    let [before, after] = info;
    let service = service_changes(
        &ServiceSide { feed: s.before.feed, date: s.before.date, stops: &b.stop_table },
        &ServiceSide { feed: s.after.feed, date: s.after.date, stops: &a.stop_table },
        &s.before.study.cells,
        &s.before.study.names,
    );
    let mut d = CompareData {
        before,
        after,
        region: s.before.study.region.name.clone(),
        window: [crate::date::fmt_hm(window[0]), crate::date::fmt_hm(window[1])],
        limit_min: b.reach.params.limit_secs / 60,
        no_changes: false,
        groups_compared: both.iter().map(label).collect(),
        groups_only_before: keys_b.iter().filter(|k| !keys_a.contains(k)).map(label).collect(),
        groups_only_after: keys_a.iter().filter(|k| !keys_b.contains(k)).map(label).collect(),
        nodes: node_changes(b, a),
        county,
        municipalities,
        goals_changed: goal_changes(&all_b, &all_a),
        node_goals_met: change("node_goals_met", met(&gb), met(&ga)),
        municipality_goals_met: change("municipality_goals_met", muni_met(&gb), muni_met(&ga)),
        coverage: coverage_changes(s),
        cost: cost_side((s.before.feed, s.before.date), (s.after.feed, s.after.date)),
        service,
        restidskvot: super::restidskvot::changes(b.restidskvot.as_ref(), a.restidskvot.as_ref()),
        restidskvot_bands: match (&b.restidskvot, &a.restidskvot) {
            (Some(x), Some(y)) => super::restidskvot_compare::band_changes(&x.groups, &y.groups),
            _ => Vec::new(),
        },
    };
    d.no_changes = d.unchanged();
    d
}

impl CompareData {
    /// Every difference is zero: no metric moves, no goal, stop, route or cell changes.
    pub fn unchanged(&self) -> bool {
        let same = |c: &Change| c.before == c.after;
        let access = |a: &AreaGroupChange| {
            let c = &a.change;
            a.within.iter().all(same)
                && c.lost_access == 0
                && c.new_access == 0
                && c.bands.iter().all(|b| b.gained == 0 && b.lost == 0)
                && c.median_change_min.is_none_or(|m| m == 0.0)
        };
        let cov = |c: &CoverageChange| same(&c.basic) && same(&c.eligible_glesbygdstrafik);
        let area = |a: &AreaService| same(&a.departures) && same(&a.stops_served) && same(&a.routes);
        self.groups_only_before.is_empty()
            && self.groups_only_after.is_empty()
            && self.nodes.iter().all(|n| n.metrics.iter().all(same))
            && self.county.iter().chain(&self.municipalities).all(access)
            && self.goals_changed.is_empty()
            && same(&self.node_goals_met)
            && same(&self.municipality_goals_met)
            && self.coverage.iter().all(cov)
            && self.cost.before == self.cost.after
            && self.service.stops.is_empty()
            && self.service.routes.is_empty()
            && self.service.areas.iter().all(area)
            && self.restidskvot.iter().all(same)
            && self.restidskvot_bands.iter().all(|c| c.unchanged())
    }
}

/// Basic service per municipality and for the county, when both sides computed coverage.
fn coverage_changes(s: &Sides) -> Vec<CoverageChange> {
    use crate::metrics::coverage::AreaSummary;
    let (Some((cb, _)), Some((ca, _))) = (&s.before.assessment.coverage, &s.after.assessment.coverage) else {
        return Vec::new();
    };
    let row = |name: &str, x: &AreaSummary, y: &AreaSummary| {
        let (tx, ty) =
            (x.days.first().map(|d| d.all).unwrap_or_default(), y.days.first().map(|d| d.all).unwrap_or_default());
        let share = |basic: u64, pop: u64| (pop > 0).then(|| basic as f64 * 100.0 / pop as f64);
        CoverageChange {
            area: name.to_string(),
            population: tx.population,
            basic: change("basic", Some(tx.basic as f64), Some(ty.basic as f64)),
            eligible_glesbygdstrafik: change(
                "eligible_glesbygdstrafik",
                Some((tx.unserved + tx.nartrafik) as f64),
                Some((ty.unserved + ty.nartrafik) as f64),
            ),
            share_basic_pct: change(
                "share_basic_pct",
                share(tx.basic, tx.population).map(round1),
                share(ty.basic, ty.population).map(round1),
            ),
        }
    };
    let (rb, ra) = (&cb.result, &ca.result);
    let names = &s.before.study.names;
    let mut out: Vec<CoverageChange> = rb
        .municipalities
        .iter()
        .zip(&ra.municipalities)
        .enumerate()
        .map(|(i, (x, y))| row(names.get(i).map_or("", |n| n.as_str()), x, y))
        .collect();
    out.push(row(&s.before.study.region.name, &rb.county, &ra.county));
    out
}

/// The strategic nodes both sides have, with each measure before and after.
fn node_changes(b: &Assessment, a: &Assessment) -> Vec<NodeChange> {
    b.nodes
        .iter()
        .filter_map(|nb| {
            let na = a.nodes.iter().find(|n| n.town == nb.town)?;
            Some(NodeChange {
                town: nb.town.clone(),
                municipality: nb.municipality.clone(),
                metrics: vec![
                    change(
                        "departures_to_core",
                        Some(nb.to_core.departures as f64),
                        Some(na.to_core.departures as f64),
                    ),
                    change("fastest_to_core_min", nb.fastest_to_core_min, na.fastest_to_core_min),
                    change("median_to_core_min", nb.median_to_core_min, na.median_to_core_min),
                    change("median_to_acute_min", nb.median_to_acute_min, na.median_to_acute_min),
                    change("median_to_planned_min", nb.median_to_planned_min, na.median_to_planned_min),
                    // No planned node on a side: no departures to count (not zero).
                    change(
                        "departures_to_planned",
                        group_pos(b, "planned_hospital").map(|_| nb.departures_to_planned as f64),
                        group_pos(a, "planned_hospital").map(|_| na.departures_to_planned as f64),
                    ),
                ],
            })
        })
        .collect()
}

/// One group's change over the county (`None`) or a municipality.
fn area_change(s: &Sides, key: &str, m: Option<u16>) -> AreaGroupChange {
    let (b, a) = (s.before.assessment, s.after.assessment);
    let (gb, ga) = (group_pos(b, key), group_pos(a, key));
    let idx: Vec<usize> =
        (0..b.reach.cells.len()).filter(|&i| m.is_none_or(|m| b.reach.cells[i].municipality == m)).collect();
    let origins: Vec<_> = idx.iter().map(|&i| b.reach.cells[i].clone()).collect();
    let rb: Vec<_> = idx.iter().map(|&i| b.reach.cell_results[i].clone()).collect();
    let ra: Vec<_> = idx.iter().map(|&i| a.reach.cell_results[i].clone()).collect();
    let mut access =
        access_change(&origins, ReachSide { results: &rb, group: gb }, ReachSide { results: &ra, group: ga });
    access.median_change_min = access.median_change_min.map(round1);
    access.mean_change_min = access.mean_change_min.map(round1);
    let within = |rs: &[OriginReach], g: Option<usize>, band: u32| {
        origins
            .iter()
            .zip(rs)
            .filter(|(_, r)| g.and_then(|g| r[g].stats).and_then(|s| s.median).is_some_and(|m| m <= band * 60))
            .map(|(o, _)| o.population as u64)
            .sum::<u64>() as f64
    };
    let names = &s.before.study.names;
    AreaGroupChange {
        area: m.and_then(|m| names.get(m as usize).cloned()).unwrap_or_else(|| s.before.study.region.name.clone()),
        group: key.to_string(),
        population: access.population,
        within: BANDS_MIN
            .iter()
            .map(|&band| {
                change(&format!("within_{band}_min"), Some(within(&rb, gb, band)), Some(within(&ra, ga, band)))
            })
            .collect(),
        change: access,
    }
}

/// Goals whose status changes (or that exist on one side only), by subject and goal.
fn goal_changes(goals_b: &[&GoalCheck], goals_a: &[&GoalCheck]) -> Vec<GoalChange> {
    let mut keys: Vec<(String, String)> =
        goals_b.iter().chain(goals_a).map(|g| (g.subject.clone(), g.goal.clone())).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for (s, g) in keys {
        let x = goals_b.iter().find(|q| q.subject == s && q.goal == g);
        let y = goals_a.iter().find(|q| q.subject == s && q.goal == g);
        if x.map(|q| q.met) != y.map(|q| q.met) {
            out.push(GoalChange {
                subject: s,
                goal: g,
                target_before: x.map(|q| q.target),
                target_after: y.map(|q| q.target),
                value_before: x.and_then(|q| q.value),
                value_after: y.and_then(|q| q.value),
                met_before: x.map(|q| q.met),
                met_after: y.map(|q| q.met),
            });
        }
    }
    out
}

/// Runs, vehicle-hours and vehicle-km on each side's date.
fn cost_side((feed_b, date_b): (&Feed, Date), (feed_a, date_a): (&Feed, Date)) -> CostSide {
    let tot = |c: &[RouteCost]| {
        let (r, h, k) = totals(c);
        CostTotals { runs: r as i64, vehicle_hours: round1(h), vehicle_km: round1(k) }
    };
    let (tb, ta) = (tot(&route_costs(feed_b, date_b)), tot(&route_costs(feed_a, date_a)));
    CostSide {
        dates: [date_b.to_string(), date_a.to_string()],
        before: tb,
        after: ta,
        difference: CostTotals {
            runs: ta.runs - tb.runs,
            vehicle_hours: round1(ta.vehicle_hours - tb.vehicle_hours),
            vehicle_km: round1(ta.vehicle_km - tb.vehicle_km),
        },
    }
}

/// Rounded to one decimal.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The group key of a `key: label` entry of [`CompareData::groups_compared`].
pub fn key_of(s: &str) -> &str {
    s.split(':').next().unwrap_or(s)
}

/// Per cell, the median minutes to group `key` before, after, the difference (`None` where a
/// side does not reach it within the limit or has no such group) and the class of the change.
pub fn cell_changes(before: &Assessment, after: &Assessment, key: &str) -> Vec<CellChange> {
    median_changes(&before.reach.cell_results, group_pos(before, key), &after.reach.cell_results, group_pos(after, key))
}

/// Per populated cell: median minutes per compared group before, after, the difference (empty
/// unless reached within the limit both times) and the change class (`lost_access` = reached
/// before, not now; `new_access` = reached now, not before; see [`ChangeClass`](crate::scenario::diff::ChangeClass)).
pub fn cells_table(s: &Sides, groups: &[String]) -> (Table, Vec<Geometry>) {
    let (b, a) = (s.before.assessment, s.after.assessment);
    let (cells, names) = (&s.before.study.cells, &s.before.study.names);
    let mut cols = vec!["cell_id".to_string(), "population".into(), "municipality".into()];
    for g in groups {
        let k = key_of(g);
        cols.extend([
            format!("{k}_before_min"),
            format!("{k}_after_min"),
            format!("{k}_diff_min"),
            format!("{k}_change"),
        ]);
    }
    let mut t = Table::new(&cols);
    let per_group: Vec<_> = groups.iter().map(|g| cell_changes(b, a, key_of(g))).collect();
    for (i, c) in cells.iter().enumerate() {
        let mut row = vec![
            Field::Text(c.id().to_string()),
            Field::Int(c.population as i64),
            Field::opt_text(names.get(c.municipality as usize).cloned()),
        ];
        for pg in &per_group {
            let c = pg[i];
            row.extend([
                Field::opt_num(c.before_min, 1),
                Field::opt_num(c.after_min, 1),
                Field::opt_num(c.diff_min, 1),
                Field::Text(c.class.key().into()),
            ]);
        }
        t.push(row);
    }
    let geoms = cells.iter().map(|c| Geometry::Polygon(vec![c.ring_wgs84().to_vec()])).collect();
    (t, geoms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(subject: &str, met: bool) -> GoalCheck {
        GoalCheck { subject: subject.into(), goal: "minutes_to_core".into(), target: 40.0, value: Some(41.0), met }
    }

    #[test]
    fn changes_round_to_a_tenth() {
        // 12.34 → 10.0: −2.34, rounded to −2.3; a side without a value has no difference.
        assert_eq!(change("m", Some(12.34), Some(10.0)).difference, Some(-2.3));
        assert_eq!(change("m", None, Some(10.0)).difference, None);
        assert_eq!(key_of("acute_hospital: Akutsjukhus"), "acute_hospital");
    }

    #[test]
    fn only_goals_that_change_status_are_listed() {
        let (a1, a2, b1, c2) = (goal("A", true), goal("A", true), goal("B", false), goal("C", true));
        // A is met on both sides: not listed. B exists only before, C only after: both listed,
        // sorted by subject.
        let out = goal_changes(&[&a1, &b1], &[&a2, &c2]);
        let got: Vec<(&str, Option<bool>, Option<bool>)> =
            out.iter().map(|g| (g.subject.as_str(), g.met_before, g.met_after)).collect();
        assert_eq!(got, [("B", Some(false), None), ("C", None, Some(true))]);
    }
}
