//! The walking model of a run: the straight line × detour of the region's `[walk]`, or — with an
//! OpenStreetMap extract (`--osm`, or `osm = "…"` in the region file) — paths on its walking
//! network. Every walk to, from and between stops in `reach`, `ptal`, `stops`, `route` and `od`
//! asks [`WalkPaths`] for the metres walked and walks them at the region's (or profile's) speed.
//!
//! On the network a point joins the nearest way of the network's largest connected part; the
//! distance to it is walked straight and counted (at both ends). Which stops count stays as
//! before: those within the access radius in a straight line (a path is never shorter), now with
//! their time on the network, which must still be within the longest walk. The Glesbygdstrafik
//! rule stays in a straight line (fågelvägen), as Region Kronoberg applies it.
//!
//! Depends on `network` (graphs, snapping, Dijkstra) and the base modules.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use super::streets::Streets;
use crate::network::{CLOSED, Dir, Graph, Leg, Search, Snap};
use crate::spatial::Xy;
use crate::walk::{Walk, WalkPaths};

/// Paths on the walking network of an OSM extract.
pub struct NetworkPaths {
    pub streets: Arc<Streets>,
}

thread_local! {
    /// One search per thread, sized for the last graph it served.
    static SEARCH: RefCell<Option<Search>> = const { RefCell::new(None) };
}

thread_local! {
    /// The snaps of the points this thread has walked to or from, for the graph of that id:
    /// the same stops are asked for by origin after origin.
    static SNAPS: RefCell<(u64, SnapCache)> = RefCell::new((u64::MAX, HashMap::new()));
}

/// Snaps by the bits of the point's coordinates.
type SnapCache = HashMap<[u64; 2], Option<Snap>>;

/// At most this many snaps are kept per thread (then the cache starts again).
const MAX_SNAPS: usize = 1 << 20;

/// `g.snap(p)`, remembered per thread.
fn snap(g: &Graph, p: Xy) -> Option<Snap> {
    SNAPS.with(|cell| {
        let mut c = cell.borrow_mut();
        if c.0 != g.id() || c.1.len() >= MAX_SNAPS {
            *c = (g.id(), HashMap::new());
        }
        *c.1.entry([p.x.to_bits(), p.y.to_bits()]).or_insert_with(|| g.snap(p))
    })
}

fn with_search<T>(g: &Graph, f: impl FnOnce(&mut Search) -> T) -> T {
    SEARCH.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|s| s.size() != g.vertices()) {
            *slot = Some(Search::new(g));
        }
        f(slot.as_mut().expect("set above"))
    })
}

impl WalkPaths for NetworkPaths {
    fn paths_m(&self, from: Xy, to: &[Xy], max_m: f64) -> Vec<Option<f64>> {
        let g = &self.streets.walk;
        let Some(o) = snap(g, from) else { return vec![None; to.len()] };
        // Costs are millimetres; search no farther than max_m.
        let limit = (max_m.max(0.0) * 1000.0).ceil().min((CLOSED - 1) as f64) as u32;
        with_search(g, |search| {
            let sources: Vec<(u32, u32)> = g.depart(&o).iter().map(Leg::source).collect();
            search.run(g, Dir::Forward, &sources, limit);
            to.iter()
                .map(|&t| {
                    let d = snap(g, t)?;
                    let via = search.best(&g.arrive(&d), limit);
                    let mm = match (g.along(&o, &d, Dir::Forward, limit), via) {
                        (Some(a), Some(b)) => a.min(b),
                        (a, b) => a.or(b)?,
                    };
                    Some(mm as f64 / 1000.0).filter(|&m| m <= max_m)
                })
                .collect()
        })
    }

    fn on_network(&self) -> bool {
        true
    }
}

/// The walking paths of the OSM extract at `path` (for `route` and `od`, which have no study).
pub fn load_paths(path: &std::path::Path) -> Result<Arc<dyn WalkPaths>, crate::network::NetworkError> {
    Ok(Arc::new(NetworkPaths { streets: Arc::new(Streets::load(path)?) }))
}

/// One line on the walks between stops, for `route` and `od`.
pub fn footpath_text(fp: &crate::timetable::FootpathOptions) -> String {
    let w = fp.walk;
    match fp.paths {
        Some(_) => format!(
            "Walks between stops up to {} m apart (straight line): on the street network at {} m/s.",
            fp.radius_m,
            w.speed_mps()
        ),
        None => format!(
            "Walks between stops up to {} m apart: straight line × {} at {} m/s (no --osm street network).",
            fp.radius_m,
            w.detour(),
            w.speed_mps()
        ),
    }
}

/// Which walking model a run uses, for outputs and the report.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct WalkingModel {
    /// `network` or `straight_line`.
    pub model: &'static str,
    /// The OSM file walked on, if any.
    pub osm: Option<String>,
    pub speed_mps: f64,
    /// The detour factor (straight line only).
    pub detour_factor: Option<f64>,
}

impl WalkingModel {
    pub fn new(streets: Option<&Streets>, walk: Walk) -> WalkingModel {
        match streets {
            Some(s) => WalkingModel {
                model: "network",
                osm: Some(s.source.display().to_string()),
                speed_mps: walk.speed_mps(),
                detour_factor: None,
            },
            None => WalkingModel {
                model: "straight_line",
                osm: None,
                speed_mps: walk.speed_mps(),
                detour_factor: Some(walk.detour()),
            },
        }
    }

    /// One line for a terminal summary.
    pub fn text(&self) -> String {
        match (&self.osm, self.detour_factor) {
            (Some(osm), _) => format!("Walking on the street network of {osm} at {} m/s\n", self.speed_mps),
            (None, d) => format!(
                "Walking in a straight line × {} at {} m/s (no --osm street network)\n",
                d.unwrap_or(1.0),
                self.speed_mps
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{no_footpaths, test_feed};
    use crate::date::Date;
    use crate::metrics::reach::{CareKind, CareNode, DestGroup, Origin, ReachParams, compute_on};
    use crate::network::profile::WayTags;
    use crate::network::{OsmCounts, RoadData, RoadWay};
    use crate::spatial::to_sweref;
    use crate::timetable::Timetable;

    fn xy(x: f64, y: f64) -> Xy {
        Xy { x, y }
    }

    /// Stop A (the trip leaves 08:00) on the north bank of a river 50 m south of it; the south
    /// street 100 m south of A; one bridge 200 m east. Stop B (arrival 08:10) on a street joined
    /// to the north bank's street at its west end.
    fn river(a: Xy, b: Xy) -> Arc<Streets> {
        let way = |nodes: &[u32], hw: &str| RoadWay { nodes: nodes.to_vec(), tags: WayTags::of(hw, &[]) };
        let data = RoadData {
            xy: vec![
                xy(a.x - 200.0, a.y - 100.0), // 0 south street, west end
                xy(a.x + 200.0, a.y - 100.0), // 1 south street, east end
                xy(a.x - 200.0, a.y),         // 2 north street, west end
                xy(a.x + 200.0, a.y),         // 3 north street, east end
                xy(a.x - 200.0, b.y),         // 4
                b,                            // 5 stop B
                xy(b.x + 200.0, b.y),         // 6
            ],
            ways: vec![
                way(&[0, 1], "residential"),
                way(&[2, 3], "residential"),
                way(&[1, 3], "footway"), // the bridge
                way(&[2, 4, 5, 6], "residential"),
            ],
        };
        Arc::new(Streets::from_data(std::path::Path::new("river.osm.pbf"), OsmCounts::default(), &data))
    }

    #[test]
    fn a_river_makes_the_access_walk_and_the_travel_time_longer() {
        let feed = test_feed("stop_id,stop_name,stop_lat,stop_lon\nA,A,56.80,14.80\nB,B,56.81,14.80\n");
        let tt = Timetable::build(&feed, Date::parse("2026-11-24").unwrap(), &no_footpaths());
        let (a, b) = (to_sweref(56.80, 14.80), to_sweref(56.81, 14.80));
        let paths = NetworkPaths { streets: river(a, b) };
        let home = xy(a.x, a.y - 100.0); // on the south street, 100 m straight south of A
        let off = xy(a.x, a.y - 130.0); // 30 m south of the south street, no way nearer
        // A 10-minute walk at most, so that walking all the way (B is 1.2 km off) never counts.
        let p = ReachParams {
            window_start: 7 * 3600 + 50 * 60,
            window_end: 8 * 3600,
            max_walk_secs: 600,
            ..Default::default()
        };
        // Straight line: 100 m × 1.3 / 1.3 m/s = 100 s. On the network: east 200 m, over the
        // bridge 100 m, back west 200 m = 500 m / 1.3 m/s = 384.6 → 385 s. From 30 m off the
        // street: 30 m straight to it, then the same 500 m: 530 m / 1.3 = 407.7 → 408 s.
        let cand = [(0, home.dist(a)), (1, off.dist(a))];
        let at = |i: u32| if i == 0 { home } else { off };
        let straight: Vec<Option<u32>> = cand.iter().map(|&c| p.walks(None, at(c.0), &[c], |_| a)[0]).collect();
        assert_eq!(straight, [Some(100), Some(130)]);
        let net: Vec<Option<u32>> = cand.iter().map(|&c| p.walks(Some(&paths), at(c.0), &[c], |_| a)[0]).collect();
        assert_eq!(net, [Some(385), Some(408)]);
        assert_eq!(paths.paths_m(off, &[a], 1000.0), [Some(530.0)]);

        // Reach to a care unit at B (egress 0 m either way), leaving home 07:50–07:59.
        let nodes = [CareNode { name: "B".into(), kind: CareKind::Vardcentral, at: b }];
        let groups = [DestGroup { key: "vc".into(), label: "VC".into(), nodes: vec![0] }];
        let origin = |at| Origin { id: String::new(), name: String::new(), at, population: 1, municipality: 0 };
        let origins = [origin(home)];
        let by_line = &compute_on(&tt, &nodes, &groups, &origins, &p, None, &|_| {})[0][0];
        let by_net = &compute_on(&tt, &nodes, &groups, &origins, &p, Some(&paths), &|_| {})[0][0];
        // Straight: 2 whole minutes to A, so every departure up to 07:58 catches the 08:00 and
        // arrives 08:10: 20 min from 07:50 down to 12 min from 07:58; 07:59 misses it.
        let mins = |g: &crate::metrics::reach::GroupReach| -> Vec<Option<u32>> {
            g.times.iter().map(|t| t.map(|s| s / 60)).collect()
        };
        let s = |v: &[u32]| v.iter().map(|&m| Some(m)).chain(std::iter::repeat(None)).take(10).collect::<Vec<_>>();
        assert_eq!(mins(by_line), s(&[20, 19, 18, 17, 16, 15, 14, 13, 12]));
        // Network: 385 s = 7 whole minutes to A, so only 07:50–07:53 catch it: 20 … 17 min. The
        // shortest trip is 17 min instead of 12: 5 minutes longer, the 7 − 2 minutes of walking.
        assert_eq!(mins(by_net), s(&[20, 19, 18, 17]));
        assert_eq!(by_net.stats.map(|x| x.min), Some(17 * 60));
        assert_eq!(by_line.stats.map(|x| x.min), Some(12 * 60));
    }

    #[test]
    fn a_transfer_across_the_river_walks_round_by_the_bridge() {
        // Stops A and C (B is 5 km off; C 0.0009° ≈ 100 m south of A, across the river): the south street runs
        // through C, the north street through A, both 400 m long, with the bridge between their
        // east ends. The bridge is the A–C line moved 200 m east, so it is as long as the
        // straight line d: the walk is 200 + d + 200 m.
        let feed =
            test_feed("stop_id,stop_name,stop_lat,stop_lon\nA,A,56.80,14.80\nB,B,56.85,14.80\nC,C,56.7991,14.80\n");
        let (a, c) = (to_sweref(56.80, 14.80), to_sweref(56.7991, 14.80));
        let way = |nodes: &[u32], hw: &str| RoadWay { nodes: nodes.to_vec(), tags: WayTags::of(hw, &[]) };
        let data = RoadData {
            xy: vec![xy(c.x - 200.0, c.y), xy(c.x + 200.0, c.y), xy(a.x - 200.0, a.y), xy(a.x + 200.0, a.y)],
            ways: vec![way(&[0, 1], "residential"), way(&[2, 3], "residential"), way(&[1, 3], "footway")],
        };
        let streets = Arc::new(Streets::from_data(std::path::Path::new("x"), OsmCounts::default(), &data));
        let date = Date::parse("2026-11-24").unwrap();
        let secs = |fp: &crate::timetable::FootpathOptions| {
            let tt = Timetable::build(&feed, date, fp);
            tt.footpaths(crate::timetable::StopIdx(2)).iter().find(|f| f.to.0 == 0).map(|f| f.secs)
        };
        let d = c.dist(a);
        assert!((d - 100.0).abs() < 1.0, "{d}");
        let straight = crate::timetable::FootpathOptions::default();
        let net =
            crate::timetable::FootpathOptions { paths: Some(Arc::new(NetworkPaths { streets })), ..straight.clone() };
        // Straight line: d × 1.3 / 1.3 m/s = ⌈d⌉ s. Network: (400 + d) / 1.3 m/s, rounded up.
        assert_eq!(secs(&straight), Some(d.ceil() as u32));
        assert_eq!(secs(&net), Some(((400.0 + d) / 1.3).ceil() as u32));
        // Within 3 × 500 m: a longer detour (radius 100 m: at most 300 m) is no transfer at all.
        let short = crate::timetable::FootpathOptions { radius_m: 101.0, ..net };
        assert_eq!(secs(&short), None);
    }
}
