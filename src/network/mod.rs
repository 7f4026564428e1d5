//! Streets and roads from OpenStreetMap: a walking network and a driving network as compact
//! graphs (u32 node ids, CSR edges), snapping of points to the nearest usable way, and
//! Dijkstra searches (one trip, or from everywhere to one destination).
//!
//! - **Walking** ([`profile::walkable`]): footways, paths, steps, pedestrian streets, cycleways,
//!   tracks and every road but motorways and motortrafikleder, unless `foot=no`; in both
//!   directions. Costs are millimetres; the walking speed is applied by the caller.
//! - **Driving** ([`profile::drivable`]): roads open to cars, at `maxspeed` or, where it is
//!   missing or unreadable, the class speed of [`profile::CLASS_SPEEDS_KMH`]; one-way streets,
//!   roundabouts and motorways in their direction only. Costs are milliseconds.
//! - **One destination, many origins** ([`ch`], [`phast`]): a contraction hierarchy of the
//!   driving network, searched with RPHAST; exactly the reverse Dijkstra's costs.
//! - **Snapping**: a point joins the nearest segment of the network's largest connected part;
//!   the distance to it is walked straight (walking, at the walking pace) or driven at
//!   [`CONNECTOR_KMH`] (a driveway or a yard; driving), and counted in the cost.
//!
//! Owns reading `.osm.pbf` and `.osm` (XML) files. Depends on the base modules `spatial` and `walk` only; never
//! on the timetable, the region file, the analysis or the report.

pub mod ch;
#[cfg(test)]
mod ch_tests;
mod chain;
#[cfg(test)]
mod chain_tests;
pub mod graph;
pub mod osm;
pub mod osm_xml;
pub mod phast;
pub mod profile;
pub mod search;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod xml_tests;

use std::path::Path;

pub use ch::Ch;
pub use graph::{CLOSED, Graph, Leg, Mode, Seg, Snap};
pub use osm::{OsmCounts, read_pbf};
pub use phast::{PhastSearch, Selection, ToOne};
pub use search::{Dir, Search, Trip};

use crate::spatial::Xy;
use profile::{Oneway, WayTags, drivable, walkable};

/// The speed between a point and the road when driving (a yard, a driveway), km/h.
pub const CONNECTOR_KMH: f64 = 20.0;

/// An OSM file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct NetworkError {
    pub file: String,
    pub message: String,
}

impl NetworkError {
    pub fn new(file: &Path, message: String) -> NetworkError {
        NetworkError { file: file.display().to_string(), message }
    }
}

/// A way of the road data: its nodes (indices into [`RoadData::xy`]) and tags.
#[derive(Clone, Debug, PartialEq)]
pub struct RoadWay {
    pub nodes: Vec<u32>,
    pub tags: WayTags,
}

/// The ways read from OpenStreetMap (or made by hand in tests), before the networks are built.
#[derive(Clone, Debug, Default)]
pub struct RoadData {
    pub xy: Vec<Xy>,
    pub ways: Vec<RoadWay>,
}

impl RoadData {
    /// Each consecutive pair of a way's nodes, with the way's tags.
    fn pairs(&self) -> impl Iterator<Item = (u32, u32, f64, &WayTags)> + '_ {
        self.ways.iter().flat_map(move |w| {
            w.nodes.windows(2).map(move |p| (p[0], p[1], self.xy[p[0] as usize].dist(self.xy[p[1] as usize]), &w.tags))
        })
    }

    /// The walking network: costs in millimetres, both ways.
    pub fn walk_graph(&self) -> Graph {
        self.walk_graph_with(true)
    }

    /// The driving network: costs in milliseconds, one-way streets in their direction only.
    pub fn car_graph(&self) -> Graph {
        self.car_graph_with(true)
    }

    /// The walking network, its degree-2 chains contracted or (`contract` false) every node
    /// searched; the costs are the same.
    pub fn walk_graph_with(&self, contract: bool) -> Graph {
        let segs = self.pairs().filter(|p| walkable(p.3)).map(|(a, b, len, _)| {
            let c = (len * 1000.0).round() as u32;
            Seg { a, b, ab: c, ba: c }
        });
        Graph::build_with(Mode::Walk, &self.xy, segs, 1000.0, contract)
    }

    /// The driving network, contracted or not, as [`RoadData::walk_graph_with`].
    pub fn car_graph_with(&self, contract: bool) -> Graph {
        let segs = self.pairs().filter_map(|(a, b, len, t)| {
            let (kmh, dir) = drivable(t)?;
            let c = (len * 3600.0 / kmh).round() as u32;
            Some(Seg {
                a,
                b,
                ab: if dir == Oneway::Backward { CLOSED } else { c },
                ba: if dir == Oneway::Forward { CLOSED } else { c },
            })
        });
        Graph::build_with(Mode::Car, &self.xy, segs, 3600.0 / CONNECTOR_KMH, contract)
    }
}

/// Reads an OSM extract: `.osm.pbf`, or OSM XML (`.osm`) when the file's first bytes are XML or
/// its name ends in `.osm`/`.xml` (so that a broken XML file is told so, not called a bad PBF).
pub fn load(path: &Path) -> Result<(RoadData, OsmCounts), NetworkError> {
    use std::io::Read;
    if !path.exists() {
        return Err(NetworkError::new(path, "no such file".into()));
    }
    let mut head = [0u8; 64];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| NetworkError::new(path, format!("cannot be read: {e}")))?;
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if osm_xml::looks_like_xml(&head[..n]) || matches!(ext.as_deref(), Some("osm" | "xml")) {
        osm_xml::read_xml(path)
    } else {
        read_pbf(path)
    }
}
