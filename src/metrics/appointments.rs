//! Appointments at care: for every origin (cell, town) and destination group, whether a visit
//! is feasible by public transport and on foot — there by the appointment time, home again the
//! same day after the stay — when one must leave home, when one is home and the time away.
//!
//! Depends on the timetable and the router only (never on Feed or Region).
//!
//! # Method
//! - **Slots**: an appointment is a time `T`, or a window `from–to` in which the patient may be
//!   given any slot `from, from + step, …, ≤ to` (default step 15 min).
//! - **There by `T`**, per node of the group: one reverse RAPTOR range per node over the slots
//!   ([`ReverseRaptor::range`], targets the stops within `egress_radius_m` of the node, each due
//!   its walk to the node before `T`, alighting there). The latest departure from home is
//!   `D = max(max over access stops (latest boarding − walk, whole minutes), T − walk all the
//!   way)`, floored to a whole minute — as `reach --arrive-by`.
//! - **Home the same day**, per node: one forward RAPTOR range per node over the slots, leaving
//!   the node at `L = T + stay` (rounded up to a whole minute), walking to the stops within
//!   `egress_radius_m`. The earliest arrival home is `H = min(min over access stops (ride arrival
//!   + walk), L + walk all the way)`, rounded up to a whole minute.
//! - **Limits**: the journey there, counted from leaving home to the appointment (`T − D`,
//!   waiting at the node included), and the journey home, counted from leaving the node to
//!   being home (`H − L`, waiting for the bus included), are each at most `limit_secs`; home by
//!   `day_end` (24:00: Trafikverket's "tillbaka före klockan 24", criteria for basic
//!   accessibility). Walks count only up to `max_walk_secs`, as everywhere.
//! - **The rule for a window**: the visit is feasible when at least one slot at one node of the
//!   group is; the reported visit is the feasible slot and node with the shortest time away
//!   from home `H − D` (ties: the earlier slot, then the node listed first).

use rayon::prelude::*;

use super::reach::{CareNode, DestGroup, Origin, ReachParams};
use crate::router::{Raptor, ReverseRaptor, TargetRule, UNREACHED};
use crate::spatial::PointIndex;
use crate::timetable::{StopIdx, Timetable};
use crate::walk::WalkPaths;

/// The default distance between slots of an appointment window: 15 minutes.
pub const DEFAULT_SLOT_STEP_SECS: u32 = 15 * 60;
/// Home by this time of the service day: 24:00 (Trafikverket, "tillbaka före klockan 24").
pub const DEFAULT_DAY_END_SECS: u32 = 24 * 3600;

/// An appointment: the slots `from, from + step, …, ≤ to` (seconds since midnight, whole
/// minutes) and the time spent at the node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Appointment {
    pub from: u32,
    pub to: u32,
    pub step: u32,
    pub stay: u32,
}

impl Appointment {
    /// The slot times, earliest first.
    pub fn slots(&self) -> Vec<u32> {
        let step = self.step.max(60);
        (0..).map(|i| self.from + i * step).take_while(|&t| t <= self.to.max(self.from)).collect()
    }
}

/// A feasible visit: the slot, the node and the times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Visit {
    /// The appointment time.
    pub slot: u32,
    /// Index into the node list.
    pub node: usize,
    /// Latest departure from home in time for the slot.
    pub leave_home: u32,
    /// When the traveller leaves the node (slot + stay, rounded up to a minute).
    pub leave_node: u32,
    /// Earliest arrival home, rounded up to a minute.
    pub home: u32,
}

impl Visit {
    /// The time away from home, seconds.
    pub fn away(&self) -> u32 {
        self.home - self.leave_home
    }
}

/// One origin's appointment result for one group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct OriginVisit {
    /// The visit with the least time away; `None`: not feasible at any slot.
    pub best: Option<Visit>,
    /// How many of the slots are feasible (at some node).
    pub feasible_slots: u32,
}

/// "No journey" in the per-stop tables.
const NO: u32 = u32::MAX;

/// Per node and slot: latest boarding (reverse) and earliest ride arrival (forward) at each
/// used stop, row-major by slot.
struct NodeTables {
    board: Vec<u32>,
    ride: Vec<u32>,
}

/// Appointment feasibility for every origin and group; `appts[g]` is group `g`'s appointment,
/// `day_end` the time by which one must be home. `progress` gets the number of nodes done.
#[allow(clippy::too_many_arguments)]
pub fn compute_appointments(
    tt: &Timetable,
    nodes: &[CareNode],
    groups: &[DestGroup],
    appts: &[Appointment],
    origins: &[Origin],
    p: &ReachParams,
    day_end: u32,
    paths: Option<&dyn WalkPaths>,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Vec<OriginVisit>> {
    let index = PointIndex::new(tt.stop_indices().filter(|&s| tt.is_served(s)).map(|s| (tt.stop_xy(s), s.0)));
    // Per origin: (compact stop, walk seconds).
    let (access, used) = super::reach::access_walks(tt, &index, origins, p, paths);
    // One job per (group, node): its slots and its tables.
    let jobs: Vec<(usize, usize)> =
        groups.iter().enumerate().flat_map(|(g, grp)| grp.nodes.iter().map(move |&n| (g, n))).collect();
    let done = std::sync::atomic::AtomicU64::new(0);
    let tables: Vec<NodeTables> = jobs
        .par_iter()
        .map(|&(g, n)| {
            let near = index.within(nodes[n].at, p.egress_radius_m);
            let secs = p.walks(paths, nodes[n].at, &near, |s| tt.stop_xy(StopIdx(s)));
            let egress: Vec<(StopIdx, u32)> =
                near.into_iter().zip(secs).filter_map(|((s, _), w)| Some((StopIdx(s), w?))).collect();
            let t = node_tables(tt, p, &appts[g], &egress, &used);
            progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
            t
        })
        .collect();
    origins
        .par_iter()
        .zip(access.par_iter())
        .map(|(o, acc)| {
            groups
                .iter()
                .enumerate()
                .map(|(g, _)| {
                    let a = &appts[g];
                    let slots = a.slots();
                    let mut out = OriginVisit::default();
                    // Walking all the way to each of the group's nodes (on the network when given).
                    let cand: Vec<(u32, f64)> = jobs
                        .iter()
                        .filter(|&&(jg, _)| jg == g)
                        .map(|&(_, n)| (n as u32, o.at.dist(nodes[n].at)))
                        .collect();
                    let walks_all = p.walks(paths, o.at, &cand, |n| nodes[n as usize].at);
                    for (i, &slot) in slots.iter().enumerate() {
                        let mut k = 0;
                        let mut any = false;
                        for (j, &(jg, n)) in jobs.iter().enumerate() {
                            if jg != g {
                                continue;
                            }
                            let walk_all = walks_all[k];
                            k += 1;
                            let v =
                                visit(&tables[j], used.len(), i, slot, a.stay, acc, walk_all, p.limit_secs, day_end);
                            let Some((leave_home, leave_node, home)) = v else { continue };
                            any = true;
                            let v = Visit { slot, node: n, leave_home, leave_node, home };
                            if out.best.is_none_or(|b| v.away() < b.away()) {
                                out.best = Some(v);
                            }
                        }
                        out.feasible_slots += any as u32;
                    }
                    out
                })
                .collect()
        })
        .collect()
}

/// The reverse and forward searches of one node over the appointment's slots.
fn node_tables(
    tt: &Timetable,
    p: &ReachParams,
    a: &Appointment,
    egress: &[(StopIdx, u32)],
    used: &[u32],
) -> NodeTables {
    let slots = a.slots();
    let nu = used.len();
    let mut board = vec![NO; slots.len() * nu];
    let mut ride = vec![NO; slots.len() * nu];
    if egress.is_empty() || slots.is_empty() {
        return NodeTables { board, ride };
    }
    let step = a.step.max(60);
    let last = *slots.last().unwrap_or(&a.from);
    let mut rev = ReverseRaptor::new(tt, p.router);
    rev.range(egress, TargetRule::Ride, false, a.from, last, step, |t, r| {
        let i = ((t - a.from) / step) as usize;
        for (u, &s) in used.iter().enumerate() {
            board[i * nu + u] = r.board_departure(StopIdx(s)).unwrap_or(NO);
        }
    });
    // Slots are whole minutes and the stay is rounded up to one: the leave times step evenly.
    let stay = a.stay.div_ceil(60) * 60;
    let (l0, l1) = (a.from + stay, last + stay);
    let mut fwd = Raptor::new(tt, p.router);
    fwd.range(egress, false, l0, l1, step, |m, r, _| {
        let i = ((m - l0) / step) as usize;
        for (u, &s) in used.iter().enumerate() {
            ride[i * nu + u] = r[s as usize];
        }
    });
    NodeTables { board, ride }
}

/// One origin's visit at slot `i` of one node: `(leave home, leave node, home)` when feasible.
#[allow(clippy::too_many_arguments)]
fn visit(
    t: &NodeTables,
    nu: usize,
    i: usize,
    slot: u32,
    stay: u32,
    acc: &[(u32, u32)],
    walk_all: Option<u32>,
    limit: u32,
    day_end: u32,
) -> Option<(u32, u32, u32)> {
    let board = &t.board[i * nu..(i + 1) * nu];
    let ride = &t.ride[i * nu..(i + 1) * nu];
    let by_stop = acc
        .iter()
        .filter(|a| board[a.0 as usize] != NO)
        .map(|a| board[a.0 as usize].checked_sub(a.1.div_ceil(60) * 60));
    let leave_home = by_stop.chain(walk_all.map(|w| slot.checked_sub(w))).flatten().max()? / 60 * 60;
    let leave_node = (slot + stay).div_ceil(60) * 60;
    let by_stop = acc.iter().filter(|a| ride[a.0 as usize] != UNREACHED).map(|a| ride[a.0 as usize] + a.1);
    let home = by_stop.chain(walk_all.map(|w| leave_node + w)).min()?.div_ceil(60) * 60;
    (slot - leave_home <= limit && home.saturating_sub(leave_node) <= limit && home <= day_end)
        .then_some((leave_home, leave_node, home))
}
