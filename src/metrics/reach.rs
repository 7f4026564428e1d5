//! Reach to care: travel times by public transport (and on foot) from every origin — populated
//! grid cells and towns — to the nearest care node of each asked group, over a departure window,
//! and whether the traveller can get home again the same service day.
//!
//! # Method
//! - Departure minutes: `window_start, window_start + step, …` before `window_end` (the
//!   half-open window `[from, to)` of Conveyal R5: 07:00–09:00 is 120 minutes, 07:00 to 08:59).
//! - Access: from an origin's point to every stop within `access_radius_m` (straight line on
//!   SWEREF 99 TM × `detour` at `speed_mps`) whose walk takes at most `max_walk_secs`, **rounded
//!   up to whole minutes** so that a departure minute from home is a departure minute at the
//!   stop. Egress: from a stop within `egress_radius_m` of a care node to the node, in exact
//!   seconds, again at most `max_walk_secs`.
//! - Transit: one range RAPTOR per stop used for access (the R5 "propagation" split): for every
//!   minute of the window (extended by the longest access walk) the earliest arrival at each
//!   group's best node through `ride_arrival + egress`. An origin's time at departure minute `m`
//!   is the minimum over its access stops `(s, w)` of that stop's arrival for minute `m + w`,
//!   and walking all the way when that is faster **and** takes at most `max_walk_secs`.
//! - The limit: a travel time above `limit_secs` (R5's maximum trip duration, 120 min) is no
//!   travel time: the origin is *not reached* at that minute (`None`), exactly as if no journey
//!   existed. Every statistic below, and everything built on them, sees only times within it.
//! - Statistics over the window's minutes: min, p25, median, p75, max by nearest rank
//!   ([`WindowStats`]; minutes not reached count as infinitely long), and the share of minutes
//!   reached within the limit.
//! - Return trip (with `return_after`): the traveller leaves home at the first minute of the
//!   window from which the node is reached, arrives at `A`, stays `return_after`, and leaves
//!   the node at `A + stay` (rounded up to a whole minute). Reported: the earliest arrival home,
//!   and the latest minute one can leave the node and still get home on the same service day
//!   (a backward sweep over the rest of the day from the node). Walking home counts as always
//!   possible when the walk takes at most `max_walk_secs`.

use rayon::prelude::*;
use serde::Serialize;

use crate::router::{Raptor, RouterConfig, UNREACHED, WindowStats};
use crate::spatial::{PointIndex, Xy};
use crate::timetable::{ServiceDay, StopIdx, Timetable};
use crate::walk::{Walk, WalkPaths};

/// What a care node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CareKind {
    Vardcentral,
    AcuteHospital,
    /// A what-if site, such as Räppe (project stopped 2023).
    PlannedHospital,
}

#[derive(Clone, Debug)]
pub struct CareNode {
    pub name: String,
    pub kind: CareKind,
    pub at: Xy,
}

/// A set of nodes of which the nearest (fastest) counts, e.g. all vårdcentraler.
#[derive(Clone, Debug)]
pub struct DestGroup {
    /// Short key for columns, e.g. `vardcentral`.
    pub key: String,
    pub label: String,
    /// Indices into the node list.
    pub nodes: Vec<usize>,
}

/// A place people travel from.
#[derive(Clone, Debug)]
pub struct Origin {
    pub id: String,
    pub name: String,
    pub at: Xy,
    pub population: u32,
    pub municipality: u16,
}

#[derive(Clone, Copy, Debug)]
pub struct ReachParams {
    /// The departure window `[window_start, window_end)`, seconds since midnight: the first
    /// departure minute is included, the end is not.
    pub window_start: u32,
    pub window_end: u32,
    /// Departure step, seconds (60).
    pub step: u32,
    /// Travel-time limit, seconds (default 120 min, R5's maximum trip duration): a longer
    /// journey is no journey, the origin is not reached at that minute.
    pub limit_secs: u32,
    pub access_radius_m: f64,
    pub egress_radius_m: f64,
    /// The longest walk that counts, seconds (default 30 min): walking all the way, and each
    /// access and egress walk.
    pub max_walk_secs: u32,
    pub walk: Walk,
    /// Time at the node before going home, seconds.
    pub return_after: Option<u32>,
    pub router: RouterConfig,
}

impl Default for ReachParams {
    fn default() -> Self {
        ReachParams {
            window_start: 7 * 3600,
            window_end: 9 * 3600,
            step: 60,
            limit_secs: 120 * 60,
            access_radius_m: 1000.0,
            egress_radius_m: 1000.0,
            max_walk_secs: DEFAULT_MAX_WALK_SECS,
            walk: Walk::DEFAULT,
            return_after: None,
            router: RouterConfig::default(),
        }
    }
}

/// The longest walk that counts by default, seconds: 30 minutes.
pub const DEFAULT_MAX_WALK_SECS: u32 = 30 * 60;

impl ReachParams {
    /// Walking time over straight-line distance `d`, if it is a walk that counts
    /// (at most [`Self::max_walk_secs`]).
    fn walk_secs(&self, d: f64) -> Option<u32> {
        let w = self.walk.secs(d);
        (w <= self.max_walk_secs).then_some(w)
    }

    /// The walks from `from` to each candidate `(id, straight distance)` that count, in seconds:
    /// the straight line × detour, or the path on `paths` (a street network; `xy` gives a
    /// candidate's position) at the walking speed. `None` beyond [`Self::max_walk_secs`].
    pub fn walks(
        &self,
        paths: Option<&dyn WalkPaths>,
        from: Xy,
        cand: &[(u32, f64)],
        xy: impl Fn(u32) -> Xy,
    ) -> Vec<Option<u32>> {
        let Some(paths) = paths else { return cand.iter().map(|&(_, d)| self.walk_secs(d)).collect() };
        // A path is never shorter than the straight line: only candidates that might count.
        let max_m = (self.max_walk_secs as f64 + 1.0) * self.walk.speed_mps();
        let (idx, to): (Vec<usize>, Vec<Xy>) =
            cand.iter().enumerate().filter(|(_, c)| c.1 <= max_m).map(|(i, c)| (i, xy(c.0))).unzip();
        let mut out = vec![None; cand.len()];
        if to.is_empty() {
            return out;
        }
        for (i, m) in idx.into_iter().zip(paths.paths_m(from, &to, max_m)) {
            out[i] = m.map(|m| self.walk.path_secs(m)).filter(|&w| w <= self.max_walk_secs);
        }
        out
    }

    /// Departure minutes in the half-open window: `(end − start) / step`, rounded up.
    pub fn minutes(&self) -> usize {
        self.window_end.saturating_sub(self.window_start).div_ceil(self.step.max(1)) as usize
    }

    /// A travel time as the statistics see it: `None` above the limit.
    fn within_limit(&self, secs: u32) -> Option<u32> {
        (secs <= self.limit_secs).then_some(secs)
    }
}

/// The trip home after the visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReturnTrip {
    /// Arrival at the node on the first departure of the window that reaches it.
    pub arrival_at_node: u32,
    /// When the traveller leaves the node (`arrival + stay`, rounded up to a minute).
    pub leave_node: u32,
    /// Earliest arrival home leaving then; `None` if there is no way home that day.
    pub home_earliest: Option<u32>,
    /// The latest minute one can leave the node and still get home the same service day; `None`
    /// if none at or after `leave_node`. Walking home counts as always possible (then `walk`).
    pub latest_departure_home: Option<u32>,
    pub walk: bool,
}

impl ReturnTrip {
    pub fn possible(&self) -> bool {
        self.home_earliest.is_some()
    }
}

/// One origin's result for one destination group.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupReach {
    /// Travel time in seconds for each departure minute of the window; `None`: not reached
    /// within the limit (never a time above it).
    pub times: Vec<Option<u32>>,
    pub stats: Option<WindowStats>,
    /// Share of the window's minutes reached within the limit.
    pub share_within_limit: f64,
    /// The node that is fastest for most minutes (ties: the first in the group).
    pub node: Option<usize>,
    /// The node reached from the first departure minute that reaches any (used for the return).
    pub first_node: Option<usize>,
    pub ret: Option<ReturnTrip>,
}

/// All groups' results for one origin, in the order of the groups.
pub type OriginReach = Vec<GroupReach>;

/// A stop's use as an access stop: its compact index among used stops.
struct Access {
    stop: u32,
    walk_min: u32,
    walk_secs: u32,
}

/// Computes reach for every origin and group. `progress` is called with the number of stops
/// or nodes finished so far (for a progress bar), from several threads.
pub fn compute(
    tt: &Timetable,
    nodes: &[CareNode],
    groups: &[DestGroup],
    origins: &[Origin],
    p: &ReachParams,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<OriginReach> {
    compute_on(tt, nodes, groups, origins, p, None, progress)
}

/// As [`compute`], walking on `paths` (a street network) when given, else in a straight line.
pub fn compute_on(
    tt: &Timetable,
    nodes: &[CareNode],
    groups: &[DestGroup],
    origins: &[Origin],
    p: &ReachParams,
    paths: Option<&dyn WalkPaths>,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<OriginReach> {
    compute_with_extra(tt, nodes, (groups, &[]), origins, p, paths, progress).0
}

/// As [`compute_on`] for `groups`, and in the same range searches for `extra` groups (their
/// nodes in the same `nodes` list), which get no trip home: per origin the results of `groups`
/// and, apart, of `extra`. The range searches are shared, so an extra group costs its egress
/// only; each group's results are those [`compute_on`] gives it alone.
pub fn compute_with_extra(
    tt: &Timetable,
    nodes: &[CareNode],
    (groups, extra): (&[DestGroup], &[DestGroup]),
    origins: &[Origin],
    p: &ReachParams,
    paths: Option<&dyn WalkPaths>,
    progress: &(dyn Fn(u64) + Sync),
) -> (Vec<OriginReach>, Vec<OriginReach>) {
    let n_main = groups.len();
    let all: Vec<DestGroup>;
    let groups: &[DestGroup] = if extra.is_empty() {
        groups
    } else {
        all = groups.iter().chain(extra).cloned().collect();
        &all
    };
    let m = p.minutes();
    let index = PointIndex::new(tt.stop_indices().filter(|&s| tt.is_served(s)).map(|s| (tt.stop_xy(s), s.0)));

    let (access, used, direct) = origin_walks(tt, &index, nodes, origins, p, paths);
    let max_walk_min = access.iter().flatten().map(|a| a.walk_min).max().unwrap_or(0) as usize;
    let horizon = m + max_walk_min;

    // Egress per node: (stop, walk seconds).
    let egress: Vec<Vec<(u32, u32)>> = nodes
        .iter()
        .map(|n| {
            let cand = index.within(n.at, p.egress_radius_m);
            let secs = p.walks(paths, n.at, &cand, |s| tt.stop_xy(StopIdx(s)));
            cand.iter().zip(secs).filter_map(|(&(s, _), w)| Some((s, w?))).collect()
        })
        .collect();

    // Per used stop, per group, per minute of the horizon: best arrival and its node.
    let ng = groups.len();
    let done = std::sync::atomic::AtomicU64::new(0);
    let profiles: Vec<(Vec<u32>, Vec<u16>)> = used
        .par_iter()
        .map_init(
            || Raptor::new(tt, p.router),
            |raptor, &s| {
                let mut arr = vec![UNREACHED; ng * horizon];
                let mut via = vec![u16::MAX; ng * horizon];
                if horizon == 0 {
                    return (arr, via);
                }
                let end = p.window_start + (horizon - 1) as u32 * p.step;
                raptor.range(&[(StopIdx(s), 0)], false, p.window_start, end, p.step, |dep, ride, _| {
                    let i = ((dep - p.window_start) / p.step) as usize;
                    for (g, group) in groups.iter().enumerate() {
                        let mut best = (UNREACHED, u16::MAX);
                        for &n in &group.nodes {
                            for &(e, w) in &egress[n] {
                                let a = ride[e as usize].saturating_add(w);
                                if a < best.0 {
                                    best = (a, n as u16);
                                }
                            }
                        }
                        arr[g * horizon + i] = best.0;
                        via[g * horizon + i] = best.1;
                    }
                });
                progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
                (arr, via)
            },
        )
        .collect();

    let mut results: Vec<OriginReach> = origins
        .par_iter()
        .zip(access.par_iter().zip(direct.par_iter()))
        .map(|(_, (acc, direct))| {
            groups
                .iter()
                .enumerate()
                .map(|(g, group)| {
                    // Walking all the way to the nearest node of the group, if that walk counts.
                    let walk = group
                        .nodes
                        .iter()
                        .filter_map(|&n| Some((direct[n]?, n)))
                        .min()
                        .unwrap_or((UNREACHED, usize::MAX));
                    let mut times = Vec::with_capacity(m);
                    let mut votes = vec![0u32; nodes.len()];
                    let mut first_node = None;
                    for i in 0..m {
                        let dep = p.window_start + i as u32 * p.step;
                        let mut best = (dep.saturating_add(walk.0), walk.1);
                        for a in acc {
                            let (arr, via) = &profiles[a.stop as usize];
                            let k = g * horizon + i + a.walk_min as usize;
                            if arr[k] < best.0 {
                                best = (arr[k], via[k] as usize);
                            }
                        }
                        // Beyond the limit (or not at all): not reached at this minute.
                        match best.0.checked_sub(dep).and_then(|t| p.within_limit(t)) {
                            Some(t) if best.0 != UNREACHED => {
                                votes[best.1] += 1;
                                first_node.get_or_insert(best.1);
                                times.push(Some(t));
                            }
                            _ => times.push(None),
                        }
                    }
                    let within = times.iter().filter(|t| t.is_some()).count();
                    let node = votes
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| **v > 0)
                        .max_by_key(|(n, v)| (**v, std::cmp::Reverse(*n)))
                        .map(|(n, _)| n);
                    GroupReach {
                        stats: WindowStats::of(&times),
                        share_within_limit: if m == 0 { 0.0 } else { within as f64 / m as f64 },
                        node,
                        first_node,
                        times,
                        ret: None,
                    }
                })
                .collect()
        })
        .collect();

    let extra: Vec<OriginReach> = results.iter_mut().map(|r| r.split_off(n_main)).collect();
    if let Some(stay) = p.return_after {
        let walks = Walks { access: &access, used: &used, egress: &egress, direct: &direct };
        returns(tt, nodes, &walks, p, stay, &mut results, progress, &done);
    }
    (results, extra)
}

/// Access stops per origin, the used stops, and walks all the way per origin and node.
type OriginWalks = (Vec<Vec<Access>>, Vec<u32>, Vec<Vec<Option<u32>>>);

/// The stops each origin walks to within `p.access_radius_m` (on `paths` when given, else in a
/// straight line; found in parallel: on a street network each origin is a search), numbered
/// densely in order of first use: per origin `(compact stop, walk seconds)`, and the stops by
/// compact number. Shared by forward reach, arrive-by and appointments.
pub(crate) fn access_walks(
    tt: &Timetable,
    index: &PointIndex,
    origins: &[Origin],
    p: &ReachParams,
    paths: Option<&dyn WalkPaths>,
) -> (Vec<Vec<(u32, u32)>>, Vec<u32>) {
    let near: Vec<Vec<(u32, u32)>> = origins
        .par_iter()
        .map(|o| {
            let cand = index.within(o.at, p.access_radius_m);
            let secs = p.walks(paths, o.at, &cand, |s| tt.stop_xy(StopIdx(s)));
            cand.iter().zip(secs).filter_map(|(&(s, _), w)| Some((s, w?))).collect()
        })
        .collect();
    let mut compact_of_stop = vec![u32::MAX; tt.n_stops()];
    let mut used: Vec<u32> = Vec::new();
    let access = near
        .into_iter()
        .map(|acc: Vec<(u32, u32)>| {
            acc.into_iter()
                .map(|(s, walk_secs)| {
                    if compact_of_stop[s as usize] == u32::MAX {
                        compact_of_stop[s as usize] = used.len() as u32;
                        used.push(s);
                    }
                    (compact_of_stop[s as usize], walk_secs)
                })
                .collect()
        })
        .collect();
    (access, used)
}

/// Per origin: its access stops (indices into the returned list of used stops) and its walk
/// all the way to each node, if that walk counts. Walks are found in parallel (on a street
/// network each origin is a search).
fn origin_walks(
    tt: &Timetable,
    index: &PointIndex,
    nodes: &[CareNode],
    origins: &[Origin],
    p: &ReachParams,
    paths: Option<&dyn WalkPaths>,
) -> OriginWalks {
    let (near, used) = access_walks(tt, index, origins, p, paths);
    let access: Vec<Vec<Access>> = near
        .into_iter()
        .map(|acc| {
            acc.into_iter()
                .map(|(stop, walk_secs)| Access { stop, walk_min: walk_secs.div_ceil(60), walk_secs })
                .collect()
        })
        .collect();
    // Walking all the way: per origin, per node, the walk if it counts.
    let all_nodes: Vec<(u32, f64)> = (0..nodes.len() as u32).map(|n| (n, 0.0)).collect();
    let direct: Vec<Vec<Option<u32>>> = origins
        .par_iter()
        .map(|o| {
            let cand: Vec<(u32, f64)> = all_nodes.iter().map(|&(n, _)| (n, o.at.dist(nodes[n as usize].at))).collect();
            p.walks(paths, o.at, &cand, |n| nodes[n as usize].at)
        })
        .collect();
    (access, used, direct)
}

/// The walks of a reach run: access per origin (into the used stops), egress per node, and
/// walking all the way per origin and node.
struct Walks<'a> {
    access: &'a [Vec<Access>],
    used: &'a [u32],
    egress: &'a [Vec<(u32, u32)>],
    direct: &'a [Vec<Option<u32>>],
}

/// Fills in the return trips: one backward sweep per node over the rest of the day.
#[allow(clippy::too_many_arguments)]
fn returns(
    tt: &Timetable,
    nodes: &[CareNode],
    w: &Walks,
    p: &ReachParams,
    stay: u32,
    results: &mut [OriginReach],
    progress: &(dyn Fn(u64) + Sync),
    done: &std::sync::atomic::AtomicU64,
) {
    // Who goes home from which node, leaving when.
    let mut jobs: Vec<Vec<(usize, usize, u32, u32)>> = vec![Vec::new(); nodes.len()];
    for (o, groups) in results.iter().enumerate() {
        for (g, r) in groups.iter().enumerate() {
            let Some(i0) = r.times.iter().position(Option::is_some) else { continue };
            let dep = p.window_start + i0 as u32 * p.step;
            let arrival = dep + r.times[i0].unwrap_or(0);
            let leave = (arrival + stay).div_ceil(60) * 60;
            if let Some(n) = r.first_node {
                jobs[n].push((o, g, arrival, leave));
            }
        }
    }
    let last_dep = tt
        .trip_indices()
        .filter(|&t| tt.trip_day(t) == ServiceDay::Today)
        .flat_map(|t| tt.trip_dep(t).iter().copied())
        .max()
        .unwrap_or(0);
    let end = last_dep.div_ceil(60) * 60;
    let found: Vec<Vec<(usize, usize, ReturnTrip)>> = jobs
        .par_iter()
        .enumerate()
        .map_init(
            || Raptor::new(tt, p.router),
            |raptor, (n, jobs)| {
                if jobs.is_empty() {
                    return Vec::new();
                }
                let first = jobs.iter().map(|j| j.3).min().unwrap_or(0);
                let minutes = if end >= first { ((end - first) / 60) as usize + 1 } else { 0 };
                // ride arrival at used stops per minute, and the latest minute reaching each.
                let (used, access) = (w.used, w.access);
                let nu = used.len();
                let mut arr = vec![UNREACHED; minutes * nu];
                let mut latest = vec![UNREACHED; nu];
                let from: Vec<(StopIdx, u32)> = w.egress[n].iter().map(|&(s, w)| (StopIdx(s), w)).collect();
                if minutes > 0 && !from.is_empty() {
                    raptor.range(&from, false, first, end, 60, |dep, ride, _| {
                        let i = ((dep - first) / 60) as usize;
                        for (u, &s) in used.iter().enumerate() {
                            let a = ride[s as usize];
                            arr[i * nu + u] = a;
                            if a != UNREACHED && latest[u] == UNREACHED {
                                latest[u] = dep;
                            }
                        }
                    });
                }
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                progress(done.load(std::sync::atomic::Ordering::Relaxed));
                jobs.iter()
                    .map(|&(o, g, arrival, leave)| {
                        let walk_home = w.direct[o][n];
                        let walk = walk_home.is_some();
                        let i = ((leave.saturating_sub(first)) / 60) as usize;
                        let mut home = walk_home.map(|w| leave + w);
                        let mut latest_dep = None;
                        for a in &access[o] {
                            if i < minutes {
                                let t = arr[i * nu + a.stop as usize];
                                if t != UNREACHED {
                                    let h = t + a.walk_secs;
                                    home = Some(home.map_or(h, |x: u32| x.min(h)));
                                }
                            }
                            let l = latest[a.stop as usize];
                            if l != UNREACHED && l >= leave {
                                latest_dep = Some(latest_dep.map_or(l, |x: u32| x.max(l)));
                            }
                        }
                        let ret = ReturnTrip {
                            arrival_at_node: arrival,
                            leave_node: leave,
                            home_earliest: home,
                            latest_departure_home: latest_dep,
                            walk,
                        };
                        (o, g, ret)
                    })
                    .collect()
            },
        )
        .collect();
    for (o, g, ret) in found.into_iter().flatten() {
        results[o][g].ret = Some(ret);
    }
}
