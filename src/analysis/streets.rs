//! Streets and roads for a study: the walking and driving networks of an OSM extract, the
//! planner's check of one trip (`narhet network`), and car travel times from origins to
//! destinations — on the road network's contraction hierarchy (built once, on first use), one
//! RPHAST sweep per destination, exactly the reverse Dijkstra's times; or, without a network,
//! an estimate from the straight line (always labelled "uppskattad").

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::network::{CLOSED, Ch, Graph, NetworkError, OsmCounts, PhastSearch, RoadData, Search, Snap, ToOne, Trip};
use crate::spatial::{Xy, to_wgs84};
use crate::walk::Walk;

/// Parking and walking to the door, added to every car trip by default (seconds).
pub const DEFAULT_TERMINAL_SECS: u32 = 300;

/// Car trips longer than this are not searched (seconds): no one in the county is further.
const CAR_LIMIT_SECS: u32 = 4 * 3600;

/// The networks of one OSM extract.
pub struct Streets {
    pub source: PathBuf,
    pub counts: OsmCounts,
    pub walk: Graph,
    pub car: Graph,
    /// The driving network's contraction hierarchy, built by the first [`car_times`].
    car_ch: OnceLock<Ch>,
}

impl std::fmt::Debug for Streets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Streets({}: {} walking nodes, {} driving nodes)",
            self.source.display(),
            self.walk.nodes(),
            self.car.nodes()
        )
    }
}

impl Streets {
    /// Reads `path` and builds both networks.
    pub fn load(path: &Path) -> Result<Streets, NetworkError> {
        let (data, counts) = crate::network::load(path)?;
        Ok(Streets::from_data(path, counts, &data))
    }

    pub fn from_data(path: &Path, counts: OsmCounts, data: &RoadData) -> Streets {
        let (walk, car) = (data.walk_graph(), data.car_graph());
        Streets { source: path.to_path_buf(), counts, walk, car, car_ch: OnceLock::new() }
    }

    /// The driving network's contraction hierarchy (contracted on the first call).
    pub fn car_hierarchy(&self) -> &Ch {
        self.car_ch.get_or_init(|| self.car.contract())
    }
}

/// Walk or car, for a trip check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TravelMode {
    Walk,
    Car,
}

impl TravelMode {
    /// "walking" or "driving", for messages.
    pub fn network_name(self) -> &'static str {
        match self {
            TravelMode::Walk => "walking",
            TravelMode::Car => "driving",
        }
    }
}

/// One trip on a network, as `narhet network` reports it.
#[derive(Clone, Debug)]
pub struct TripCheck {
    pub mode: TravelMode,
    pub straight_m: f64,
    pub network_m: f64,
    /// Door to door, seconds (walking at the walking pace; driving plus the terminal time).
    pub secs: u32,
    pub terminal_secs: u32,
    pub from_snap_m: f64,
    pub to_snap_m: f64,
    pub trip: Trip,
}

/// Checks one trip between two points; `None` when the network does not connect them.
pub fn check_trip(
    s: &Streets,
    mode: TravelMode,
    from: Xy,
    to: Xy,
    walk: Walk,
    terminal_secs: u32,
) -> Option<TripCheck> {
    let g = if mode == TravelMode::Walk { &s.walk } else { &s.car };
    let trip = g.trip(&mut Search::new(g), from, to)?;
    let (secs, terminal_secs) = match mode {
        TravelMode::Walk => ((trip.cost as f64 / 1000.0 / walk.speed_mps()).ceil() as u32, 0),
        TravelMode::Car => (trip.cost.div_ceil(1000) + terminal_secs, terminal_secs),
    };
    Some(TripCheck {
        mode,
        straight_m: from.dist(to),
        network_m: trip.length_m,
        secs,
        terminal_secs,
        from_snap_m: trip.from.dist_m,
        to_snap_m: trip.to.dist_m,
        trip,
    })
}

impl TripCheck {
    /// The lines `narhet network` prints: the networks' sizes, the straight-line and network
    /// distances, the snaps and the time.
    pub fn text(&self, s: &Streets, osm: &Path, walk_speed: f64) -> String {
        use crate::numfmt::int;
        let (c, g) = (s.counts, if self.mode == TravelMode::Walk { &s.walk } else { &s.car });
        let mut t = format!(
            "{}: {} nodes, {} ways ({} highways); {} network: {} nodes, {} segments\n",
            osm.display(),
            int(c.nodes),
            int(c.ways),
            int(c.highways),
            self.mode.network_name(),
            int(g.nodes() as u64),
            int(g.segments() as u64)
        );
        let ratio = self.network_m / self.straight_m.max(1.0);
        t += &format!("straight line     {:>10.0} m\n", self.straight_m);
        t += &format!("on the network    {:>10.0} m  ({ratio:.2} × the straight line)\n", self.network_m);
        t += &format!("snap at start     {:>10.0} m\n", self.from_snap_m);
        t += &format!("snap at end       {:>10.0} m\n", self.to_snap_m);
        let min = self.secs as f64 / 60.0;
        t += &match self.mode {
            TravelMode::Walk => format!("time              {min:>10.1} min at {walk_speed} m/s\n"),
            TravelMode::Car => format!(
                "time              {min:>10.1} min ({:.1} min driving + {:.0} min parking and walking to the door)\n",
                self.secs.saturating_sub(self.terminal_secs) as f64 / 60.0,
                self.terminal_secs as f64 / 60.0
            ),
        };
        t
    }

    /// The path as a GeoJSON FeatureCollection (a LineString in WGS84 with the figures as
    /// properties), for QGIS.
    pub fn geojson(&self) -> String {
        let coords: Vec<[f64; 2]> = self
            .trip
            .line
            .iter()
            .map(|&p| {
                let (lat, lon) = to_wgs84(p);
                [(lon * 1e7).round() / 1e7, (lat * 1e7).round() / 1e7]
            })
            .collect();
        let v = serde_json::json!({
            "type": "FeatureCollection",
            "features": [{
                "type": "Feature",
                "geometry": { "type": "LineString", "coordinates": coords },
                "properties": {
                    "mode": if self.mode == TravelMode::Walk { "walk" } else { "car" },
                    "network_m": (self.network_m * 10.0).round() / 10.0,
                    "straight_m": (self.straight_m * 10.0).round() / 10.0,
                    "minutes": (self.secs as f64 / 6.0).round() / 10.0,
                    "terminal_min": self.terminal_secs as f64 / 60.0,
                    "snap_from_m": (self.from_snap_m * 10.0).round() / 10.0,
                    "snap_to_m": (self.to_snap_m * 10.0).round() / 10.0,
                }
            }]
        });
        serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
    }
}

/// Where car times come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CarSource {
    /// Driven on the OSM road network.
    Network,
    /// Estimated from the straight line ("uppskattad").
    Estimate,
}

/// The straight-line estimate: the distance × [`ESTIMATE_DETOUR`], the first 5 km at 40 km/h,
/// the next 15 km at 70 km/h and the rest at 90 km/h (town streets, then county roads, then
/// riksvägar), plus the terminal time. A rough check by hand: Alvesta–Växjö (15.4 km straight)
/// gives 19.7 min and Ljungby–Växjö (52.8 km) 51.0 min before the terminal time, about what
/// the main roads take; an OSM road network (`--osm`) replaces it.
pub const ESTIMATE_DETOUR: f64 = 1.25;

/// Estimated car seconds for a straight-line distance (see [`ESTIMATE_DETOUR`]).
pub fn estimate_car_secs(straight_m: f64, terminal_secs: u32) -> u32 {
    let road = straight_m.max(0.0) * ESTIMATE_DETOUR;
    let bands = [(5_000.0, 40.0), (15_000.0, 70.0), (f64::INFINITY, 90.0)];
    let (mut left, mut secs) = (road, 0.0);
    for (len, kmh) in bands {
        let d = left.min(len);
        secs += d * 3.6 / kmh;
        left -= d;
        if left <= 0.0 {
            break;
        }
    }
    secs.ceil() as u32 + terminal_secs
}

/// From this many destinations on, [`car_times`] contracts the driving network and sweeps it
/// with RPHAST; below it, one reverse Dijkstra per destination costs less CPU than the
/// contraction (measured: on the 2 M-node bench lattice the contraction costs as much as
/// 110–140 searches; on the synthetic county network of 861 k nodes the sample's 27
/// destinations took 8.2 s CPU for the whole report with Dijkstra, 11.8 s with the hierarchy —
/// BENCHMARKS.md, "Streets and roads"). Both give the same costs (`ch_tests`, `network_phast`).
pub const CH_MIN_DESTINATIONS: usize = 100;

/// Car times from every origin to each destination point: `out[d][o]` in seconds, door to
/// door. On the network (in parallel over destinations): with at least
/// [`CH_MIN_DESTINATIONS`] destinations, or when the hierarchy is already built, one RPHAST
/// sweep of the driving network's contraction hierarchy per destination; otherwise one reverse
/// Dijkstra per destination — equal costs either way. Without a network: the estimate.
pub fn car_times(roads: Option<&Streets>, dests: &[Xy], origins: &[Xy], terminal_secs: u32) -> Vec<Vec<Option<u32>>> {
    let Some(streets) = roads else {
        return dests
            .iter()
            .map(|d| origins.iter().map(|o| Some(estimate_car_secs(o.dist(*d), terminal_secs))).collect())
            .collect();
    };
    let g = &streets.car;
    let limit = (CAR_LIMIT_SECS * 1000).min(CLOSED - 1);
    let to_secs = |c: Option<u32>| c.map(|ms| ms.div_ceil(1000) + terminal_secs);
    let snaps: Vec<Option<Snap>> = origins.par_iter().map(|&o| g.snap(o)).collect();
    if dests.len() < CH_MIN_DESTINATIONS && streets.car_ch.get().is_none() {
        return dests
            .par_iter()
            .map_init(
                || Search::new(g),
                |search, &d| {
                    let Some(ds) = g.snap(d) else { return vec![None; origins.len()] };
                    g.costs_to(search, &ds, &snaps, limit).into_iter().map(to_secs).collect()
                },
            )
            .collect();
    }
    let ch = streets.car_hierarchy();
    let to_one = ToOne::new(g, ch, &snaps);
    dests
        .par_iter()
        .map_init(
            || PhastSearch::new(ch),
            |search, &d| {
                let Some(ds) = g.snap(d) else { return vec![None; origins.len()] };
                to_one.costs_to(search, &ds, limit).into_iter().map(to_secs).collect()
            },
        )
        .collect()
}

/// The fastest of several destinations for each origin: `min over d in group of out[d][o]`.
pub fn fastest_of(times: &[Vec<Option<u32>>], group: &[usize], origins: usize) -> Vec<Option<u32>> {
    (0..origins).map(|o| group.iter().filter_map(|&d| times.get(d).and_then(|t| t[o])).min()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_by_hand() {
        // 1 km straight × 1.25 = 1 250 m at 40 km/h = 112.5 s → 113 s, + 300 s terminal = 413 s.
        assert_eq!(estimate_car_secs(1000.0, 300), 413);
        // 20 km straight × 1.25 = 25 km: 5 km at 40 (450 s) + 15 km at 70 (771.43 s) + 5 km at
        // 90 (200 s) = 1 421.43 s → 1 422 s.
        assert_eq!(estimate_car_secs(20_000.0, 0), 1422);
    }

    #[test]
    fn fastest_of_a_group() {
        let t = vec![vec![Some(10), None, Some(5)], vec![Some(7), None, None]];
        assert_eq!(fastest_of(&t, &[0, 1], 3), vec![Some(7), None, Some(5)]);
    }
}
