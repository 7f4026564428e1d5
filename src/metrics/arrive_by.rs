//! Reach to care arriving by a time: for every origin (cell, town) and destination group, the
//! latest departure from home that is at the group's nearest node by each arrival minute of a
//! window, the travel time of that journey and the time set aside.
//!
//! Depends on the timetable and the router only (never on Feed or Region).
//!
//! # Method
//! - Access and egress as [`super::reach`] (straight line, or paths on a street network): walks to stops within `access_radius_m`, rounded up
//!   to whole minutes; from stops within `egress_radius_m` of a node to it in exact seconds; each
//!   walk at most `max_walk_secs`; walking all the way counts when within it.
//! - Per group, one reverse RAPTOR range ([`ReverseRaptor::range`]) over deadlines `T'` every
//!   minute from `window_start − limit − 1 min` to the window's last minute: the targets are the
//!   group's egress stops, each due `walk` seconds before `T'` (a ride must alight there, as the
//!   forward reach uses ride arrivals). The latest departure from an origin for `T'` is
//!   `D(T') = max(max over access stops (latest boarding − walk minutes), T' − walk all the way)`,
//!   floored to a whole minute (departure minutes from home, as in forward reach).
//! - The journey leaving at `D(T)` arrives at `A(T)` = the smallest swept `T'` with
//!   `D(T') ≥ D(T)` (a departure in time for `T'` exists from `D(T)` on ⇔ leaving at `D(T)`
//!   arrives by `T'`): the earliest arrival leaving then, **rounded up to the whole minute**.
//! - Travel time = `A − D`; time set aside = `T − D` (includes the wait before the time). The
//!   limit applies to the travel time: above it the origin is not reached for that minute; a
//!   journey arriving more than the limit before `T` does not count either (the sweep covers
//!   `[T − limit, T]`), so the time set aside is at most twice the limit.
//! - Statistics over the window's arrival minutes as in forward reach ([`WindowStats`]).

use rayon::prelude::*;

use super::reach::{CareNode, DestGroup, GroupReach, Origin, ReachParams};
use crate::router::{ReverseRaptor, TargetRule, WindowStats};
use crate::spatial::PointIndex;
use crate::timetable::{StopIdx, Timetable};
use crate::walk::WalkPaths;

/// One origin's arrive-by result for one group.
#[derive(Clone, Debug, PartialEq)]
pub struct ArriveByReach {
    /// Travel times per arrival minute with their statistics (node and return trip empty), so
    /// the forward reach's summaries apply unchanged.
    pub reach: GroupReach,
    /// Per arrival minute: the latest departure from home (`None`: not reached).
    pub leave: Vec<Option<u32>>,
    /// Per arrival minute: the arrival of the journey leaving then, rounded up to a minute.
    pub arrive: Vec<Option<u32>>,
    /// Statistics of the time set aside (arrival minute − departure) over the window.
    pub set_aside: Option<WindowStats>,
}

/// The swept deadlines for `p`'s arrival window: first deadline and count.
fn sweep(p: &ReachParams) -> (u32, usize) {
    let first = p.window_start.saturating_sub(p.limit_secs + 60) / 60 * 60;
    let last = p.window_start + (p.minutes().max(1) as u32 - 1) * p.step;
    (first, ((last - first) / 60) as usize + 1)
}

/// Arrive-by reach for every origin and group (`p.window_*` are arrival minutes). `progress`
/// gets the number of groups done.
pub fn compute_arrive_by(
    tt: &Timetable,
    nodes: &[CareNode],
    groups: &[DestGroup],
    origins: &[Origin],
    p: &ReachParams,
    paths: Option<&dyn WalkPaths>,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Vec<ArriveByReach>> {
    let index = PointIndex::new(tt.stop_indices().filter(|&s| tt.is_served(s)).map(|s| (tt.stop_xy(s), s.0)));
    let stop_walks = |at, radius| {
        let cand = index.within(at, radius);
        let secs = p.walks(paths, at, &cand, |s| tt.stop_xy(StopIdx(s)));
        cand.iter().zip(secs).filter_map(|(&(s, _), w)| Some((s, w?))).collect::<Vec<(u32, u32)>>()
    };
    // Per origin: (compact stop, walk seconds rounded up to whole minutes).
    let (near, used) = super::reach::access_walks(tt, &index, origins, p, paths);
    let access: Vec<Vec<(u32, u32)>> =
        near.into_iter().map(|acc| acc.into_iter().map(|(u, w)| (u, w.div_ceil(60) * 60)).collect()).collect();
    let egress: Vec<Vec<(u32, u32)>> = nodes.iter().map(|n| stop_walks(n.at, p.egress_radius_m)).collect();
    let all_nodes: Vec<u32> = (0..nodes.len() as u32).collect();
    let direct: Vec<Vec<Option<u32>>> = origins
        .par_iter()
        .map(|o| {
            let cand: Vec<(u32, f64)> = all_nodes.iter().map(|&n| (n, o.at.dist(nodes[n as usize].at))).collect();
            p.walks(paths, o.at, &cand, |n| nodes[n as usize].at)
        })
        .collect();
    let (first, n_sweep) = sweep(p);
    let done = std::sync::atomic::AtomicU64::new(0);
    // Per group: latest boarding per (swept deadline, used stop), row-major by deadline.
    let boards: Vec<Vec<u32>> = groups
        .par_iter()
        .map(|g| {
            let mut targets: Vec<(StopIdx, u32)> = Vec::new();
            for &n in &g.nodes {
                targets.extend(egress[n].iter().map(|&(s, w)| (StopIdx(s), w)));
            }
            let mut out = vec![NO; n_sweep * used.len()];
            let mut rev = ReverseRaptor::new(tt, p.router);
            let end = first + (n_sweep as u32 - 1) * 60;
            rev.range(&targets, TargetRule::Ride, false, first, end, 60, |t, r| {
                let i = ((t - first) / 60) as usize;
                for (u, &s) in used.iter().enumerate() {
                    out[i * used.len() + u] = r.board_departure(StopIdx(s)).unwrap_or(NO);
                }
            });
            progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
            out
        })
        .collect();
    origins
        .par_iter()
        .zip(access.par_iter().zip(direct.par_iter()))
        .map(|(_, (acc, direct))| {
            groups
                .iter()
                .enumerate()
                .map(|(g, grp)| {
                    let walk_all = grp.nodes.iter().filter_map(|&n| direct[n]).min();
                    // D(T') per swept deadline, whole minutes.
                    let dep: Vec<Option<u32>> = (0..n_sweep)
                        .map(|i| {
                            let t = first + i as u32 * 60;
                            let row = &boards[g][i * used.len()..(i + 1) * used.len()];
                            let by_stop = acc
                                .iter()
                                .filter(|a| row[a.0 as usize] != NO)
                                .map(|a| row[a.0 as usize].checked_sub(a.1));
                            let on_foot = walk_all.map(|w| t.checked_sub(w));
                            by_stop.chain(on_foot).flatten().max().map(|d| d / 60 * 60)
                        })
                        .collect();
                    one_origin(&dep, first, p)
                })
                .collect()
        })
        .collect()
}

/// "No boarding" in the per-stop tables.
const NO: u32 = u32::MAX;

/// An origin's result from its latest departures `dep` per swept deadline.
fn one_origin(dep: &[Option<u32>], first: u32, p: &ReachParams) -> ArriveByReach {
    let m = p.minutes();
    let (mut times, mut leave, mut arrive, mut aside) = (vec![None; m], vec![None; m], vec![None; m], vec![None; m]);
    for k in 0..m {
        let t = p.window_start + k as u32 * p.step;
        let i = ((t - first) / 60) as usize;
        let Some(d) = dep.get(i).copied().flatten() else { continue };
        // The earliest swept deadline still reached leaving at d: the arrival, to the minute.
        let mut j = i;
        while j > 0 && dep[j - 1].is_some_and(|x| x >= d) {
            j -= 1;
        }
        let a = first + j as u32 * 60;
        // Arrival not pinned (at the sweep's start) or more than the limit early: not counted.
        if j == 0 || a + p.limit_secs < t || a - d > p.limit_secs {
            continue;
        }
        times[k] = Some(a - d);
        leave[k] = Some(d);
        arrive[k] = Some(a);
        aside[k] = Some(t - d);
    }
    let within = times.iter().filter(|t| t.is_some()).count();
    let reach = GroupReach {
        stats: WindowStats::of(&times),
        share_within_limit: if m == 0 { 0.0 } else { within as f64 / m as f64 },
        node: None,
        first_node: None,
        times,
        ret: None,
    };
    ArriveByReach { reach, leave, arrive, set_aside: WindowStats::of(&aside) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrival_is_the_earliest_deadline_still_reached() {
        // Sweep from 07:00 (first) every minute; arrival minute T = 09:00 (index 120).
        let p = ReachParams { window_start: 9 * 3600, window_end: 9 * 3600 + 60, ..ReachParams::default() };
        let first = 9 * 3600 - 121 * 60;
        let mut dep = vec![None; 122];
        // A bus leaving 08:05 arriving 08:31 (deadlines from 08:31 on), so D(T') = 08:05 from
        // index of 08:31 to 09:00.
        let i831 = ((8 * 3600 + 31 * 60 - first) / 60) as usize;
        for d in dep.iter_mut().skip(i831) {
            *d = Some(8 * 3600 + 5 * 60);
        }
        let r = one_origin(&dep, first, &p);
        // Leave 08:05, arrive 08:31: travel 26 min, set aside 55 min.
        assert_eq!(r.leave, vec![Some(8 * 3600 + 300)]);
        assert_eq!(r.arrive, vec![Some(8 * 3600 + 31 * 60)]);
        assert_eq!(r.reach.times, vec![Some(26 * 60)]);
        assert_eq!(r.set_aside.map(|s| s.min), Some(55 * 60));
        // The same bus arriving 06:50 would be more than 120 min early: not counted.
        let dep = vec![Some(6 * 3600); 122];
        assert_eq!(one_origin(&dep, first, &p).reach.times, vec![None]);
    }
}
