//! The modifications of a scenario, one file per kind, in Conveyal R5's shape: each kind
//! *resolves* — checks its parameters and looks its ids up, once, against the network as edited
//! so far — into a plan, and the plan is then *applied*, which cannot fail (no `Result`).
//!
//! Network edits resolve against the [`Feed`] and apply to it ([`NetworkPlan`]); care-node and
//! goal edits resolve against the [`Region`] and apply to it ([`RegionPlan`]).
//!
//! Depends on `feed`, `region`, `lines` (for `add_lines`), `spatial`, `text` and `date`; never on
//! `metrics`, `report` or `cli`.

mod add_lines;
mod care_nodes;
mod change_goal;
mod change_headway;
mod remove_route;
mod scale_run_times;
mod stops;

use std::path::Path;

use serde::Deserialize;

pub use add_lines::{AddLines, AddLinesPlan};
pub use care_nodes::{
    AddCareNode, AddCareNodePlan, MoveCareNode, MoveCareNodePlan, RemoveCareNode, RemoveCareNodePlan,
};
pub use change_goal::{ChangeGoal, ChangeGoalPlan};
pub use change_headway::{ChangeHeadway, ChangeHeadwayPlan};
pub use remove_route::{RemoveRoute, RemoveRoutePlan};
pub use scale_run_times::{ScaleRunTimes, ScaleRunTimesPlan};
pub use stops::{AddStop, AddStopPlan, MoveStop, MoveStopPlan};

use super::ScenarioError;
use crate::feed::{Feed, Frequency, Trip};
use crate::region::Region;
use crate::spatial::to_sweref;
use crate::text::{fold, suggest};

/// One change to the network or the region, as written in the file (`type = "…"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Modification {
    AddLines(AddLines),
    RemoveRoute(RemoveRoute),
    ChangeHeadway(ChangeHeadway),
    ScaleRunTimes(ScaleRunTimes),
    AddStop(AddStop),
    MoveStop(MoveStop),
    AddCareNode(AddCareNode),
    MoveCareNode(MoveCareNode),
    RemoveCareNode(RemoveCareNode),
    ChangeGoal(ChangeGoal),
}

/// A modification resolved against the network as edited so far: ids are indices, parameters
/// are checked. Applying it cannot fail; apply it to the network it was resolved against.
#[derive(Debug, Clone)]
pub enum Plan {
    Network(NetworkPlan),
    Region(RegionPlan),
}

/// A plan that edits the network (the feed).
#[derive(Debug, Clone)]
pub enum NetworkPlan {
    AddLines(AddLinesPlan),
    RemoveRoute(RemoveRoutePlan),
    ChangeHeadway(ChangeHeadwayPlan),
    ScaleRunTimes(ScaleRunTimesPlan),
    AddStop(AddStopPlan),
    MoveStop(MoveStopPlan),
}

/// A plan that edits the region (care nodes, goals).
#[derive(Debug, Clone)]
pub enum RegionPlan {
    AddCareNode(AddCareNodePlan),
    MoveCareNode(MoveCareNodePlan),
    RemoveCareNode(RemoveCareNodePlan),
    ChangeGoal(ChangeGoalPlan),
}

impl Modification {
    /// The `type` as written in the file.
    pub fn kind(&self) -> &'static str {
        match self {
            Modification::AddLines(_) => "add_lines",
            Modification::RemoveRoute(_) => "remove_route",
            Modification::ChangeHeadway(_) => "change_headway",
            Modification::ScaleRunTimes(_) => "scale_run_times",
            Modification::AddStop(_) => "add_stop",
            Modification::MoveStop(_) => "move_stop",
            Modification::AddCareNode(_) => "add_care_node",
            Modification::MoveCareNode(_) => "move_care_node",
            Modification::RemoveCareNode(_) => "remove_care_node",
            Modification::ChangeGoal(_) => "change_goal",
        }
    }

    /// Resolves this modification against `feed` and, for region edits, `region` (an error
    /// naming the modification when a region edit has none).
    pub(super) fn resolve(&self, cx: &Cx, feed: &Feed, region: Option<&Region>) -> Result<Plan, ScenarioError> {
        use Modification as M;
        Ok(match self {
            M::AddLines(m) => Plan::Network(NetworkPlan::AddLines(m.resolve(cx, feed)?)),
            M::RemoveRoute(m) => Plan::Network(NetworkPlan::RemoveRoute(m.resolve(cx, feed)?)),
            M::ChangeHeadway(m) => Plan::Network(NetworkPlan::ChangeHeadway(m.resolve(cx, feed)?)),
            M::ScaleRunTimes(m) => Plan::Network(NetworkPlan::ScaleRunTimes(m.resolve(cx, feed)?)),
            M::AddStop(m) => Plan::Network(NetworkPlan::AddStop(m.resolve(cx, feed)?)),
            M::MoveStop(m) => Plan::Network(NetworkPlan::MoveStop(m.resolve(cx, feed)?)),
            M::AddCareNode(m) => Plan::Region(RegionPlan::AddCareNode(m.resolve(cx, need_region(cx, region)?)?)),
            M::MoveCareNode(m) => Plan::Region(RegionPlan::MoveCareNode(m.resolve(cx, need_region(cx, region)?)?)),
            M::RemoveCareNode(m) => Plan::Region(RegionPlan::RemoveCareNode(m.resolve(cx, need_region(cx, region)?)?)),
            M::ChangeGoal(m) => Plan::Region(RegionPlan::ChangeGoal(m.resolve(cx, need_region(cx, region)?)?)),
        })
    }
}

impl Plan {
    /// Applies the plan to the network and region it was resolved against.
    pub fn apply(self, feed: &mut Feed, region: &mut Region) {
        match self {
            Plan::Network(p) => p.apply(feed),
            Plan::Region(p) => p.apply(region),
        }
    }
}

impl NetworkPlan {
    /// Applies the plan to the feed it was resolved against.
    pub fn apply(self, feed: &mut Feed) {
        match self {
            NetworkPlan::AddLines(p) => p.apply(feed),
            NetworkPlan::RemoveRoute(p) => p.apply(feed),
            NetworkPlan::ChangeHeadway(p) => p.apply(feed),
            NetworkPlan::ScaleRunTimes(p) => p.apply(feed),
            NetworkPlan::AddStop(p) => p.apply(feed),
            NetworkPlan::MoveStop(p) => p.apply(feed),
        }
    }
}

impl RegionPlan {
    /// Applies the plan to the region it was resolved against.
    pub fn apply(self, region: &mut Region) {
        match self {
            RegionPlan::AddCareNode(p) => p.apply(region),
            RegionPlan::MoveCareNode(p) => p.apply(region),
            RegionPlan::RemoveCareNode(p) => p.apply(region),
            RegionPlan::ChangeGoal(p) => p.apply(region),
        }
    }
}

/// Where a modification is resolved: the file, the modification, and the scenario's settings.
pub(super) struct Cx<'a> {
    pub(super) file: &'a str,
    /// The folder `add_lines` `files` are relative to.
    pub(super) dir: &'a Path,
    /// 1-based, as in messages; new ids are prefixed `scn<index>:`.
    pub(super) index: usize,
    pub(super) kind: &'static str,
    pub(super) max_offset_m: f64,
}

impl Cx<'_> {
    /// An error about `field` of this modification.
    pub(super) fn err(&self, field: impl Into<String>, message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            file: self.file.to_string(),
            line: None,
            modification: Some((self.index, self.kind)),
            field: Some(field.into()),
            message: message.into(),
        }
    }

    /// The error for a region edit without a region.
    pub(super) fn needs_region(&self) -> ScenarioError {
        self.err("type", "this modification edits the region; give a region file")
    }
}

fn need_region<'a>(cx: &Cx, region: Option<&'a Region>) -> Result<&'a Region, ScenarioError> {
    region.ok_or_else(|| cx.needs_region())
}

// --- lookups shared by the kinds ---------------------------------------------------------------

fn route_index(cx: &Cx, feed: &Feed, field: &str, id: &str) -> Result<usize, ScenarioError> {
    feed.routes.iter().position(|r| r.id == id).ok_or_else(|| {
        let ids: Vec<&str> = feed.routes.iter().map(|r| r.id.as_str()).collect();
        cx.err(field, format!("unknown route id '{id}'{}", suggest(id, &ids)))
    })
}

fn stop_index(cx: &Cx, feed: &Feed, field: &str, id: &str) -> Result<usize, ScenarioError> {
    feed.stops.iter().position(|s| s.id == id).ok_or_else(|| {
        let ids: Vec<&str> = feed.stops.iter().map(|s| s.id.as_str()).collect();
        cx.err(field, format!("unknown stop id '{id}'{}", suggest(id, &ids)))
    })
}

/// A care node by exact name, else by a unique prefix (case and diacritics ignored).
fn care_index(cx: &Cx, region: &Region, name: &str) -> Result<usize, ScenarioError> {
    if let Some(i) = region.care.iter().position(|c| c.name == name) {
        return Ok(i);
    }
    let f = fold(name);
    let hits: Vec<usize> = (0..region.care.len()).filter(|&i| fold(&region.care[i].name).starts_with(&f)).collect();
    match hits.as_slice() {
        [i] => Ok(*i),
        [] => {
            let names: Vec<&str> = region.care.iter().map(|c| c.name.as_str()).collect();
            Err(cx.err("name", format!("no care node named '{name}'{}", suggest(name, &names))))
        }
        many => Err(cx.err(
            "name",
            format!(
                "'{name}' matches several care nodes: {}",
                many.iter().map(|&i| region.care[i].name.as_str()).collect::<Vec<_>>().join("; ")
            ),
        )),
    }
}

fn check_coords(cx: &Cx, lat: f64, lon: f64) -> Result<(), ScenarioError> {
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(cx.err("lat", format!("latitude {lat} is not between -90 and 90")));
    }
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Err(cx.err("lon", format!("longitude {lon} is not between -180 and 180")));
    }
    Ok(())
}

/// The offset check: the point must lie within `max_offset_m` of a stop of the feed (for a
/// moved stop, its own current place counts).
fn check_stop_position(cx: &Cx, feed: &Feed, lat: f64, lon: f64) -> Result<(), ScenarioError> {
    check_coords(cx, lat, lon)?;
    let near = nearest_stop(feed, lat, lon);
    match near {
        Some((_, d)) if d <= cx.max_offset_m => Ok(()),
        Some((s, d)) => Err(cx.err(
            "lat/lon",
            format!(
                "the stop is {:.0} m from the nearest existing stop ('{}', {}); a stop farther than \
                 max_stop_offset_m = {:.0} m from every stop of the feed is taken to be off any road",
                d, feed.stops[s].id, feed.stops[s].name, cx.max_offset_m
            ),
        )),
        None => Err(cx.err("lat/lon", "the feed has no stops to check the position against")),
    }
}

fn nearest_stop(feed: &Feed, lat: f64, lon: f64) -> Option<(usize, f64)> {
    let p = to_sweref(lat, lon);
    feed.stops.iter().enumerate().map(|(i, s)| (i, to_sweref(s.lat, s.lon).dist(p))).min_by(|a, b| a.1.total_cmp(&b.1))
}

// --- an edit shared by the kinds ---------------------------------------------------------------

/// Keeps the trips for which `keep` holds, with their calls and frequencies, compacting the
/// flat arrays; `transfers.txt` rows naming a removed trip go too.
fn retain_trips(feed: &mut Feed, keep: impl Fn(&Trip) -> bool) {
    let old_trips = std::mem::take(&mut feed.trips);
    let old_calls = std::mem::take(&mut feed.calls);
    let old_freqs = std::mem::take(&mut feed.frequencies);
    let mut renumber: Vec<Option<u32>> = vec![None; old_trips.len()];
    for (old_t, tr) in old_trips.into_iter().enumerate() {
        if !keep(&tr) {
            continue;
        }
        let new_t = feed.trips.len() as u32;
        renumber[old_t] = Some(new_t);
        let calls = &old_calls[tr.first_call as usize..(tr.first_call + tr.n_calls) as usize];
        let freqs = &old_freqs[tr.first_freq as usize..(tr.first_freq + tr.n_freq) as usize];
        let t = Trip { first_call: feed.calls.len() as u32, first_freq: feed.frequencies.len() as u32, ..tr };
        feed.calls.extend_from_slice(calls);
        feed.frequencies.extend(freqs.iter().map(|f| Frequency { trip: new_t, ..*f }));
        feed.trips.push(t);
    }
    let kept = |t: Option<u32>| t.is_none_or(|t| renumber[t as usize].is_some());
    feed.transfers.retain(|x| kept(x.from_trip) && kept(x.to_trip));
    for x in &mut feed.transfers {
        x.from_trip = x.from_trip.and_then(|t| renumber[t as usize]);
        x.to_trip = x.to_trip.and_then(|t| renumber[t as usize]);
    }
}
