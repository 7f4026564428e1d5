//! One network assessed for a study, as the report and `compare` need it: the stop table and the
//! accessibility priority list, reach to care, the strategic nodes with their goals, and —
//! for the report — coverage with the municipality goals.

use super::coverage::{CoverageRun, run_coverage};
use super::dates::weekend_after;
use super::goals::{GoalCheck, Goals, municipality_goals};
use super::inputs::{coverage_inputs, dest_groups};
use super::nodes::{NodeRow, strategic_nodes, town_departures};
use super::reach::{ReachOptions, ReachRun, run_reach_and_core};
use super::restidskvot::{RestidskvotRun, run_restidskvot};
use super::streets::Streets;
use super::travellers::{TravellerReach, report_travellers, traveller_reach};
use super::{AnalysisError, Network, Study};
use crate::export::{Geometry, Table};
use crate::feed::Feed;
use crate::metrics::stops::{Catchment, PriorityRow, StopOptions, StopTable, priority_list, stop_table};
use crate::tables::stops::priority_table;

/// Catchment radius of the accessibility priority score, metres.
pub const PRIORITY_RADIUS_M: f64 = 400.0;

/// Everything measured on one network.
pub struct Assessment {
    pub stop_options: StopOptions,
    pub stop_table: StopTable,
    /// Stops not marked accessible, ranked by departures × population within
    /// [`PRIORITY_RADIUS_M`].
    pub priority: Vec<PriorityRow>,
    pub reach: ReachRun,
    /// A node's stops are the served stops within this distance of its point.
    pub node_radius_m: f64,
    pub nodes: Vec<NodeRow>,
    /// Departures from each town (`study.towns` order) within `node_radius_m` of its point.
    pub town_departures: Vec<usize>,
    /// Coverage and the municipality goals checked on it; `None` when not computed.
    pub coverage: Option<(CoverageRun, Vec<GoalCheck>)>,
    /// Public transport against the car; `None` when not computed.
    pub restidskvot: Option<RestidskvotRun>,
    /// Care reach for a wheelchair and each walking profile beside the default; `None` when not
    /// computed.
    pub travellers: Option<Vec<TravellerReach>>,
    /// Appointments at the region file's times per care kind; `None` when not computed or the
    /// region has none.
    pub appointments: Option<super::appointments::AppointmentRun>,
}

/// Runs stops, reach to every kind of care node the region has (and the what-if) over the
/// morning window of `reach`, and the strategic nodes. `progress` follows the reach run.
pub fn assess(
    study: &Study,
    net: &Network,
    reach: &ReachOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Assessment, AnalysisError> {
    let stop_options = StopOptions::default();
    let stop_table = stop_table(&net.tt, &stop_options, Some(&study.cells))?;
    let priority = priority_list(&stop_table, &Catchment::new(&study.cells), PRIORITY_RADIUS_M);
    let groups = dest_groups(&study.care, &[]).unwrap_or_default();
    let reach = run_reach_and_core(study, &net.tt, groups, reach.params(&study.region), progress);
    let node_radius_m = study.region.walk.access_radius_m;
    let nodes = strategic_nodes(study, net, &reach, node_radius_m);
    let town_departures = town_departures(study, net, node_radius_m);
    Ok(Assessment {
        stop_options,
        stop_table,
        priority,
        reach,
        node_radius_m,
        nodes,
        town_departures,
        coverage: None,
        restidskvot: None,
        travellers: None,
        appointments: None,
    })
}

impl Assessment {
    /// Adds coverage on the network's day and the weekend after it, and checks the
    /// municipality goals on it.
    pub fn add_coverage(&mut self, study: &Study, net: &Network) -> Result<(), AnalysisError> {
        let weekend = weekend_after(net.date, None, None);
        let run = run_coverage(net.feed, &net.tt, weekend, &study.cells, coverage_inputs(&study.region))?;
        let goals = municipality_goals(&study.region, &run.result);
        self.coverage = Some((run, goals));
        Ok(())
    }

    /// Adds restidskvot: car times on `streets` (estimated without), `terminal_secs` added to
    /// each car trip.
    pub fn add_restidskvot(&mut self, study: &Study, streets: Option<&Streets>, terminal_secs: u32) {
        self.restidskvot = Some(run_restidskvot(study, &self.reach, &self.nodes, streets, terminal_secs));
    }

    /// Adds care reach for the report's travellers (wheelchair, walking profiles) with the
    /// settings `opts` of the default run.
    pub fn add_travellers(&mut self, study: &Study, net: &Network, opts: &ReachOptions) {
        let who = report_travellers(study);
        self.travellers = Some(traveller_reach(study, net.feed, net.date, opts, &who, &self.reach));
    }

    /// Adds appointments at the region file's `[appointments]` times (nothing when it has none)
    /// for the groups of the reach run; `progress` follows the care nodes.
    pub fn add_appointments(&mut self, study: &Study, net: &Network, progress: &(dyn Fn(u64) + Sync)) {
        use super::appointments::{appointments_for, run_appointments};
        let groups: Vec<_> = self.reach.groups.clone();
        let Ok(appts) = appointments_for(&study.region, study, &groups, None) else { return };
        self.appointments = Some(run_appointments(study, &net.tt, groups, appts, &self.reach.params, progress));
    }

    /// The priority list as a table with one point per stop.
    pub fn priority_table(&self, feed: &Feed, names: &[String]) -> (Table, Vec<Geometry>) {
        priority_table(feed, &self.stop_table, &self.priority, names, PRIORITY_RADIUS_M)
    }

    /// The goals checked in this run.
    pub fn goals(&self) -> Goals<'_> {
        Goals {
            nodes: self.nodes.iter().flat_map(|n| &n.goals).collect(),
            municipalities: self.coverage.as_ref().map(|(_, g)| g.as_slice()),
        }
    }
}
