//! The strategic nodes of the region: each node's direct service towards the regional core, its
//! travel times to the core, the nearest acute hospital and the planned site, and its goals.
//! A node's stops are the served stops within a radius of the town's point.

use serde::Serialize;

use super::goals::{GoalCheck, NodeMeasures, node_goals};
use super::inputs::towns_at;
use super::reach::ReachRun;
use super::{Network, Study};
use crate::metrics::nodes::{Link, direct_link, one_ride_departures};
use crate::metrics::reach::{CareKind, CareNode, DestGroup, Origin, OriginReach, ReachParams, compute_on};
use crate::region::{NodeLevel, Town};
use crate::spatial::to_sweref;
use crate::timetable::StopIdx;

/// One strategic node's measures and goals.
#[derive(Clone, Debug, Serialize)]
pub struct NodeRow {
    pub town: String,
    pub municipality: String,
    pub level: String,
    pub stops: usize,
    pub to_core: Link,
    pub fastest_to_core_min: Option<f64>,
    pub median_to_core_min: Option<f64>,
    pub median_to_acute_min: Option<f64>,
    pub median_to_planned_min: Option<f64>,
    pub fastest_to_planned_min: Option<f64>,
    /// Departures of the day from the node's stops with a journey of one ride to the planned
    /// site, as the router finds them ([`one_ride_departures`]).
    pub departures_to_planned: usize,
    pub goals: Vec<GoalCheck>,
}

/// Seconds as minutes with one decimal.
pub fn minutes(s: Option<u32>) -> Option<f64> {
    s.map(|s| (s as f64 / 60.0 * 10.0).round() / 10.0)
}

/// The strategic nodes in file order. Travel times to the core come from a reach run of their
/// own (to the core's point, over the same window, without the trip home); times to the acute
/// and planned hospitals are the towns' results in `reach`.
pub fn strategic_nodes(study: &Study, net: &Network, reach: &ReachRun, radius_m: f64) -> Vec<NodeRow> {
    let region = &study.region;
    let core = region.core();
    let core_xy = to_sweref(core.lat, core.lon);
    let stops_near = |at| net.stops.near(at, radius_m);
    let core_stops = stops_near(core_xy);
    let node_towns = towns_at(region, NodeLevel::StrategicNode);
    let node_origins: Vec<Origin> =
        node_towns.iter().filter_map(|t| study.towns.iter().find(|o| o.name == t.name).cloned()).collect();
    let core_node = [CareNode { name: core.name.clone(), kind: CareKind::AcuteHospital, at: core_xy }];
    let core_group = [DestGroup { key: "core".into(), label: core.name.clone(), nodes: vec![0] }];
    let params = ReachParams { return_after: None, ..reach.params };
    let paths = study.network_paths();
    let to_core = compute_on(&net.tt, &core_node, &core_group, &node_origins, &params, paths.as_deref(), &|_| {});
    // The planned site's own stops: those within the router's walking radius between stops
    // (500 m), so that a direct departure is one `route` also prints as direct to the site's
    // stop; with the walk from each.
    let planned = study.care.iter().find(|n| n.kind == CareKind::PlannedHospital);
    let fp = study.footpaths();
    let planned_stops: Vec<(StopIdx, u32)> = planned
        .map(|n| {
            let near = net.stops.near(n.at, fp.radius_m);
            let cand: Vec<(u32, f64)> = near.iter().map(|s| (s.0, net.tt.stop_xy(*s).dist(n.at))).collect();
            let secs = params.walks(paths.as_deref(), n.at, &cand, |s| net.tt.stop_xy(StopIdx(s)));
            near.into_iter().zip(secs).filter_map(|(s, w)| Some((s, w?))).collect()
        })
        .unwrap_or_default();
    let ctx = NodeContext { study, net, reach, core_stops: &core_stops, planned_stops: &planned_stops };
    node_towns.iter().zip(&to_core).map(|(t, core_r)| ctx.row(t, core_r, stops_near(to_sweref(t.lat, t.lon)))).collect()
}

/// Departures from each town of the study (in `study.towns` order) on the service day: trip runs
/// that can be boarded at a served stop within `radius_m` of the town's point and left at a
/// later stop; a trip counts once.
pub fn town_departures(study: &Study, net: &Network, radius_m: f64) -> Vec<usize> {
    let all: Vec<StopIdx> = (0..net.tt.n_stops() as u32).map(StopIdx).collect();
    study.towns.iter().map(|t| direct_link(&net.tt, &net.stops.near(t.at, radius_m), &all).departures).collect()
}

struct NodeContext<'a> {
    study: &'a Study,
    net: &'a Network<'a>,
    reach: &'a ReachRun,
    core_stops: &'a [StopIdx],
    planned_stops: &'a [(StopIdx, u32)],
}

impl NodeContext<'_> {
    fn row(&self, t: &Town, to_core: &OriginReach, own: Vec<StopIdx>) -> NodeRow {
        let (region, run) = (&self.study.region, self.reach);
        let link = direct_link(&self.net.tt, &own, self.core_stops);
        let core_stats = to_core[0].stats;
        let town_r = run.towns.iter().position(|o| o.name == t.name).map(|k| &run.town_results[k]);
        let stats = |key: &str| town_r.and_then(|r| run.group(key).and_then(|g| r[g].stats));
        let measures = NodeMeasures {
            departures_to_core: link.departures,
            median_to_core_min: minutes(core_stats.and_then(|s| s.median)),
            median_to_acute_min: minutes(stats("acute_hospital").and_then(|s| s.median)),
        };
        let goals = node_goals(&t.name, &region.node_goal(&t.name), &measures);
        let municipality = t.kommunkod.trim().parse::<u16>().ok().and_then(|k| region.municipality_index(k));
        NodeRow {
            town: t.name.clone(),
            municipality: municipality.and_then(|m| self.study.names.get(m).cloned()).unwrap_or_default(),
            level: "strategic_node".into(),
            stops: own.len(),
            fastest_to_core_min: minutes(core_stats.map(|s| s.min)),
            median_to_core_min: measures.median_to_core_min,
            median_to_acute_min: measures.median_to_acute_min,
            median_to_planned_min: minutes(stats("planned_hospital").and_then(|s| s.median)),
            fastest_to_planned_min: minutes(stats("planned_hospital").map(|s| s.min)),
            departures_to_planned: one_ride_departures(&self.net.tt, &own, self.planned_stops, run.params.router)
                .departures,
            to_core: link,
            goals,
        }
    }
}
