//! Scenarios: a TOML file of edits that change a copy of the loaded network (the [`Feed`]) and of
//! the [`Region`] — never the GTFS files — so the same metrics can run before and after.
//!
//! One small type per kind of change, as Conveyal R5 does (`modify/`, one file per kind):
//! [`Modification`] has one variant per change; each *resolves* — checks its parameters and looks
//! its ids up, once, against the network as edited so far — into a [`Plan`], and applying the
//! plan cannot fail. Modifications run in file order; each is resolved just before it is applied.
//! [`Scenario::apply`] returns edited copies of the feed and the region; the inputs are untouched.
//!
//! # Format
//! ```toml
//! [scenario]
//! name = "Direktlinje Alvesta–Räppe"
//! description = "…"              # optional
//! max_stop_offset_m = 2000        # optional, default 2000
//!
//! [[modification]]
//! type = "add_lines"              # line definitions as in regions/kronoberg/lines/ (src/lines)
//! files = ["lines/x.toml"]        # optional, relative to the scenario file
//! [[modification.line]]           # and/or inline lines (…stop, …holiday tables too)
//! id = "alv-rappe"; mode = "bus"; agency = "ltk"   # an agency of the feed, or one defined here
//! stops = [{ id = "alvesta-station-busstop" }, { id = "rappe", name = "Räppe", lat = 56.868, lon = 14.755 }]
//!
//! [[modification]]
//! type = "remove_route";     route = "vxo-4"
//! [[modification]]
//! type = "change_headway";   route = "vxo-4"; days = ["weekday"]; headway_min = 15
//!                            # first = "06:00"; last = "22:00" (default: today's span)
//! [[modification]]
//! type = "scale_run_times";  route = "vxo-4"; factor = 0.85
//! [[modification]]
//! type = "add_stop";         id = "rappe"; name = "Räppe"; lat = 56.868; lon = 14.755
//! [[modification]]
//! type = "move_stop";        id = "vxo-rappe"; lat = 56.868; lon = 14.755   # name optional
//! [[modification]]
//! type = "add_care_node";    name = "…"; kind = "acute_hospital"; lat = …; lon = …; kommunkod = "0780"
//! [[modification]]
//! type = "move_care_node";   name = "…"; lat = …; lon = …
//! [[modification]]
//! type = "remove_care_node"; name = "…"
//! [[modification]]
//! type = "change_goal";      town = "Alvesta"; max_minutes_to_core = 25
//!                            # or kommunkod = "0764"; min_share_basic_service = 0.9
//! ```
//!
//! # What is checked
//! Route and stop ids must exist (a near miss is suggested). A new or moved stop must lie within
//! `max_stop_offset_m` (straight line, SWEREF 99 TM metres) of some stop the feed already has:
//! the existing stops stand in for the road network, which narhet does not have, so this only
//! catches a stop far off any served road (a typo in a coordinate, a stop in a lake or forest),
//! not a stop beside a road no bus can use. Factors and headways must be positive; day types,
//! care nodes, towns and municipalities must exist in the network or region.
//!
//! # How the edits work
//! - `add_lines` turns the lines into GTFS tables with [`crate::lines::to_gtfs_tables`] (the
//!   feed's own agencies and stops are handed to it when a line names them by id), loads them
//!   as a small feed — once, when it resolves — and splices it into the copy: stops named by id
//!   are the feed's existing stops; new services are prefixed `scn<N>:`. Calendar: the feed's
//!   service range; holidays only if the scenario gives `[[modification.holiday]]` tables.
//! - `change_headway` replaces the route's trips on the chosen day types, per direction, by
//!   copies of the first trip (earliest departure) every `headway_min` minutes from `first` to
//!   `last` (default: the first and last departures of today's trips that direction). Trips
//!   that also run on other day types keep running on those. The new service runs on the chosen
//!   day types, over the replaced services' date range, except the dates that all of them
//!   skipped (holidays; a school-days-only service's breaks do not carry over).
//! - `scale_run_times` multiplies each trip's times relative to its first departure (rounded to
//!   the second); departures from the first stop do not move.
//! - `move_stop` keeps every call at the stop; its own current place counts in the offset
//!   check, so a stop may always move up to `max_stop_offset_m`.
//!
//! Depends on `feed`, `region`, `lines`, `spatial`, `text`, `date` and `gtfs_write`; never on
//! `metrics` (except [`cost`] and [`diff`], which compare metric results), `report` or `cli`.

pub mod cost;
pub mod diff;
mod modify;
pub mod write_gtfs;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use modify::{
    AddCareNode, AddCareNodePlan, AddLines, AddLinesPlan, AddStop, AddStopPlan, ChangeGoal, ChangeGoalPlan,
    ChangeHeadway, ChangeHeadwayPlan, Modification, MoveCareNode, MoveCareNodePlan, MoveStop, MoveStopPlan,
    NetworkPlan, Plan, RegionPlan, RemoveCareNode, RemoveCareNodePlan, RemoveRoute, RemoveRoutePlan, ScaleRunTimes,
    ScaleRunTimesPlan,
};

use crate::feed::Feed;
use crate::region::{Region, strict};
use modify::Cx;

/// A problem in a scenario: the file, which modification (1-based index and kind), the field,
/// and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    pub file: String,
    /// 1-based line in the TOML file, when known (syntax and unknown keys).
    pub line: Option<u64>,
    /// 1-based index of the modification and its kind, when the error concerns one.
    pub modification: Option<(usize, &'static str)>,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some((i, k)) = self.modification {
            write!(f, ", modification {i} ({k})")?;
        }
        if let Some(k) = &self.field {
            write!(f, ", field '{k}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

fn d_offset() -> f64 {
    2000.0
}

/// The `[scenario]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// A new or moved stop must lie within this distance (m) of an existing stop.
    #[serde(default = "d_offset")]
    pub max_stop_offset_m: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioToml {
    scenario: Meta,
    #[serde(default)]
    modification: Vec<Modification>,
}

/// A parsed scenario file.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file, for messages.
    pub source: String,
    /// The folder that `files` paths are relative to.
    pub dir: PathBuf,
    pub meta: Meta,
    pub modifications: Vec<Modification>,
}

impl Scenario {
    /// Reads and parses a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
            file: path.display().to_string(),
            line: None,
            modification: None,
            field: None,
            message: e.to_string(),
        })?;
        let dir = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Scenario::parse(&text, &path.display().to_string(), &dir)
    }

    /// The files this scenario reads: itself and the line files its modifications name (for
    /// the output checks: no run writes over its own inputs).
    pub fn input_files(&self) -> Vec<PathBuf> {
        let mut v = vec![PathBuf::from(&self.source)];
        for m in &self.modifications {
            if let Modification::AddLines(a) = m {
                v.extend(a.files.iter().map(|f| self.dir.join(f)));
            }
        }
        v
    }

    /// Parses scenario TOML; `source` names it in messages, `dir` anchors `files` paths.
    pub fn parse(text: &str, source: &str, dir: &Path) -> Result<Scenario, ScenarioError> {
        let raw: ScenarioToml = strict::from_str(text).map_err(|p| ScenarioError {
            file: source.to_string(),
            line: p.line,
            modification: None,
            field: p.key,
            message: p.message,
        })?;
        let m = &raw.scenario;
        if !(m.max_stop_offset_m.is_finite() && m.max_stop_offset_m > 0.0) {
            return Err(ScenarioError {
                file: source.to_string(),
                line: None,
                modification: None,
                field: Some("scenario.max_stop_offset_m".into()),
                message: "must be a positive number of metres".into(),
            });
        }
        Ok(Scenario {
            source: source.to_string(),
            dir: dir.to_path_buf(),
            meta: raw.scenario,
            modifications: raw.modification,
        })
    }

    /// Applies every modification in file order and returns the edited network and region, as
    /// copies: `feed` and `region` are untouched. Each modification is resolved against the
    /// network as edited so far and then applied; the first that does not resolve stops the
    /// run with an error naming the file, the modification (index and kind) and the field.
    ///
    /// ```no_run
    /// # use std::path::Path;
    /// # use narhet::{feed, region::Region, scenario::Scenario};
    /// # fn main() -> anyhow::Result<()> {
    /// let scenario = Scenario::load(Path::new("regions/kronoberg/scenarios/rappe-sjukhus.toml"))?;
    /// let region = Region::load(Path::new("regions/kronoberg.toml"))?;
    /// let feed = feed::load(&["gtfs/kronoberg".into()], &Default::default())?;
    /// let (after, region_after) = scenario.apply(&feed, &region)?;
    /// # Ok(()) }
    /// ```
    pub fn apply(&self, feed: &Feed, region: &Region) -> Result<(Feed, Region), ScenarioError> {
        let (mut feed, mut region) = (feed.clone(), region.clone());
        for index in 0..self.modifications.len() {
            self.resolve(index, &feed, Some(&region))?.apply(&mut feed, &mut region);
        }
        Ok((feed, region))
    }

    /// [`Scenario::apply`] for a caller without a region: the edited copy of `feed`. A care-node
    /// or goal edit is an error ("give a region file").
    pub fn apply_to_feed(&self, feed: &Feed) -> Result<Feed, ScenarioError> {
        let mut feed = feed.clone();
        for index in 0..self.modifications.len() {
            match self.resolve(index, &feed, None)? {
                Plan::Network(p) => p.apply(&mut feed),
                // Without a region a region edit does not resolve; this arm is never taken.
                Plan::Region(_) => return Err(self.cx(index, &self.modifications[index]).needs_region()),
            }
        }
        Ok(feed)
    }

    /// Resolves modification `index` (0-based, file order) against `feed` and `region` — the
    /// network as edited by the modifications before it — into a plan to apply to them.
    pub fn resolve(&self, index: usize, feed: &Feed, region: Option<&Region>) -> Result<Plan, ScenarioError> {
        let Some(m) = self.modifications.get(index) else {
            return Err(ScenarioError {
                file: self.source.clone(),
                line: None,
                modification: None,
                field: None,
                message: format!("there is no modification {} (the file has {})", index + 1, self.modifications.len()),
            });
        };
        m.resolve(&self.cx(index, m), feed, region)
    }

    fn cx<'a>(&'a self, index: usize, m: &Modification) -> Cx<'a> {
        Cx {
            file: &self.source,
            dir: &self.dir,
            index: index + 1,
            kind: m.kind(),
            max_offset_m: self.meta.max_stop_offset_m,
        }
    }
}
