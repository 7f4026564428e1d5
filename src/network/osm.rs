//! Reading an OpenStreetMap extract (`.osm.pbf`) into [`RoadData`]: the ways a pedestrian or a
//! car may use, with the tags the profiles read, and the positions of their nodes on SWEREF 99
//! TM. Two passes over the file (ways first, then only the nodes they use), decoded in parallel
//! by `osmpbf`, so a county extract never holds every node of the file. Depends on `spatial`.

use std::path::Path;

use osmpbf::{Element, ElementReader};

use super::profile::{WayTags, drivable, walkable};
use super::{NetworkError, RoadData, RoadWay};
use crate::spatial::{Xy, to_sweref};

/// What the file held, for the user and the tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OsmCounts {
    pub nodes: u64,
    pub ways: u64,
    /// Ways with a `highway` tag.
    pub highways: u64,
    /// Ways kept (walkable or drivable).
    pub kept_ways: u64,
    /// Way references to nodes missing from the file (the way is cut there).
    pub missing_refs: u64,
}

type Ways = (Vec<(Vec<i64>, WayTags)>, OsmCounts);

/// Reads the ways and their nodes from an `.osm.pbf` file.
pub fn read_pbf(path: &Path) -> Result<(RoadData, OsmCounts), NetworkError> {
    let err = |e: osmpbf::Error| NetworkError::new(path, format!("not a readable .osm.pbf file: {e}"));
    let reader = ElementReader::from_path(path).map_err(err)?;
    let (ways, mut counts): Ways = reader
        .par_map_reduce(
            |el| match el {
                Element::Way(w) => {
                    let mut c = OsmCounts { ways: 1, ..Default::default() };
                    let mut tags = WayTags::default();
                    for (k, v) in w.tags() {
                        tags.set(k, v);
                    }
                    if tags.highway.is_empty() {
                        return (Vec::new(), c);
                    }
                    c.highways = 1;
                    if !walkable(&tags) && drivable(&tags).is_none() {
                        return (Vec::new(), c);
                    }
                    c.kept_ways = 1;
                    (vec![(w.refs().collect(), tags)], c)
                }
                Element::Node(_) | Element::DenseNode(_) => (Vec::new(), OsmCounts { nodes: 1, ..Default::default() }),
                Element::Relation(_) => (Vec::new(), OsmCounts::default()),
            },
            || (Vec::new(), OsmCounts::default()),
            |(mut a, ca), (b, cb)| {
                a.extend(b);
                (a, add(ca, cb))
            },
        )
        .map_err(err)?;
    let mut ids: Vec<i64> = ways.iter().flat_map(|w| w.0.iter().copied()).collect();
    ids.sort_unstable();
    ids.dedup();
    let reader = ElementReader::from_path(path).map_err(err)?;
    let found: Vec<(u32, Xy)> = reader
        .par_map_reduce(
            |el| {
                let (id, lat, lon) = match el {
                    Element::Node(n) => (n.id(), n.lat(), n.lon()),
                    Element::DenseNode(n) => (n.id(), n.lat(), n.lon()),
                    _ => return Vec::new(),
                };
                match ids.binary_search(&id) {
                    Ok(i) => vec![(i as u32, to_sweref(lat, lon))],
                    Err(_) => Vec::new(),
                }
            },
            Vec::new,
            |mut a, b| {
                a.extend(b);
                a
            },
        )
        .map_err(err)?;
    let mut xy = vec![Xy { x: f64::NAN, y: f64::NAN }; ids.len()];
    for (i, p) in found {
        xy[i as usize] = p;
    }
    Ok((cut_at_missing(ways, &ids, xy, &mut counts), counts))
}

/// The kept ways on the nodes found: `ids` (sorted) are the node ids the ways use and `xy` their
/// positions (NaN where the file lacks the node). A way is cut at each missing node (counted in
/// `missing_refs`), and pieces of fewer than two nodes are dropped. Shared by the PBF and XML
/// readers so both build the same road data from the same ways.
pub(super) fn cut_at_missing(
    ways: Vec<(Vec<i64>, WayTags)>,
    ids: &[i64],
    xy: Vec<Xy>,
    counts: &mut OsmCounts,
) -> RoadData {
    let mut out = Vec::with_capacity(ways.len());
    for (refs, tags) in ways {
        let mut run: Vec<u32> = Vec::new();
        for r in refs {
            let i = ids.binary_search(&r).unwrap_or(0) as u32;
            if xy[i as usize].x.is_nan() {
                counts.missing_refs += 1;
                if run.len() > 1 {
                    out.push(RoadWay { nodes: std::mem::take(&mut run), tags: tags.clone() });
                }
                run.clear();
            } else {
                run.push(i);
            }
        }
        if run.len() > 1 {
            out.push(RoadWay { nodes: run, tags });
        }
    }
    RoadData { xy, ways: out }
}

fn add(a: OsmCounts, b: OsmCounts) -> OsmCounts {
    OsmCounts {
        nodes: a.nodes + b.nodes,
        ways: a.ways + b.ways,
        highways: a.highways + b.highways,
        kept_ways: a.kept_ways + b.kept_ways,
        missing_refs: a.missing_refs + b.missing_refs,
    }
}
