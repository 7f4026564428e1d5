//! Writes a **synthetic** OpenStreetMap street network (OSM XML) covering a region file's towns,
//! for measuring narhet with `--osm` where no real extract is at hand (not for planning: no road
//! here is real, only the places it joins).
//!
//! - **Roads between towns**: a spanning tree of the towns (shortest links first) plus each town's
//!   two nearest neighbours, as polylines with a shape node every `--spacing` metres and a gentle
//!   deterministic bend. Class by the towns' size, as Swedish roads go: both ≥ 8 000 people (or
//!   the regional core and a town ≥ 3 000): trunk; the larger ≥ 3 000 and the smaller ≥ 1 000:
//!   primary; the smaller ≥ 600: secondary; else tertiary. Every other road carries `maxspeed`
//!   (80, `SE:rural`), the rest take the class speed.
//! - **A street grid in each town**: a square of side 2 × (300 m + 8 m × √population) with 100 m
//!   blocks (Växjö ≈ 4.7 km across); every fourth street tertiary (`maxspeed=50`), the rest
//!   residential, every sixth row one-way in towns over 10 000; a footway across every third
//!   block; the inter-town roads start at the town's centre node.
//! - **Tracks and paths**: every 1.5 km along a road outside the towns, a dead-end track or path
//!   (1–4 km, alternating sides) into the forest, as farm and forest roads are.
//!
//! Deterministic: the same region gives the same bytes. Node ids count up from 1.
//!
//! Usage: cargo run --release --example synth_osm -- --region regions/kronoberg.toml --out target/kronoberg-synth.osm

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;

use narhet::region::{NodeLevel, Region};
use narhet::spatial::{Xy, to_sweref, to_wgs84};

/// Generate a synthetic OSM street network over a region's towns (for benchmarks, not planning).
#[derive(Parser, Debug)]
#[command(name = "synth_osm")]
struct Args {
    /// The region file whose towns the network joins.
    #[arg(long, default_value = "regions/kronoberg.toml")]
    region: PathBuf,
    /// The .osm file to write.
    #[arg(long)]
    out: PathBuf,
    /// Metres between shape nodes along roads, tracks and paths.
    #[arg(long, default_value_t = 50.0)]
    spacing: f64,
}

/// A way's tags.
type Tags = Vec<(&'static str, &'static str)>;

/// The network being written: node positions and ways (node ids are indices + 1).
#[derive(Default)]
struct Net {
    nodes: Vec<Xy>,
    ways: Vec<(Vec<usize>, Tags)>,
}

impl Net {
    fn node(&mut self, p: Xy) -> usize {
        self.nodes.push(p);
        self.nodes.len() - 1
    }

    /// A way from node `a` to node `b` with shape nodes every `spacing` m, bent sideways by up
    /// to `bend` m (a half sine, zero at both ends).
    fn line(&mut self, a: usize, b: usize, spacing: f64, bend: f64, tags: Tags) {
        let (pa, pb) = (self.nodes[a], self.nodes[b]);
        let len = pa.dist(pb);
        let n = (len / spacing).ceil().max(1.0) as usize;
        let (ux, uy) = ((pb.x - pa.x) / len.max(1e-9), (pb.y - pa.y) / len.max(1e-9));
        let mut ids = vec![a];
        for i in 1..n {
            let t = i as f64 / n as f64;
            let off = bend * (t * std::f64::consts::PI).sin();
            ids.push(self.node(Xy { x: pa.x + (pb.x - pa.x) * t - uy * off, y: pa.y + (pb.y - pa.y) * t + ux * off }));
        }
        ids.push(b);
        self.ways.push((ids, tags));
    }
}

struct Town {
    at: Xy,
    pop: u32,
    core: bool,
    /// Half the side of its street grid, metres.
    half: f64,
    centre: usize,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let region = Region::load(&args.region).with_context(|| format!("reading {}", args.region.display()))?;
    let mut net = Net::default();
    let mut towns: Vec<Town> = Vec::new();
    for t in &region.towns {
        let half = 300.0 + 8.0 * (t.population as f64).sqrt();
        let at = to_sweref(t.lat, t.lon);
        let centre = town_grid(&mut net, at, half, t.population);
        towns.push(Town { at, pop: t.population, core: t.level == NodeLevel::RegionalCore, half, centre });
    }
    let links = town_links(&towns);
    for (k, &(i, j)) in links.iter().enumerate() {
        let (a, b) = (&towns[i], &towns[j]);
        let (big, small) = (a.pop.max(b.pop), a.pop.min(b.pop));
        let core = a.core || b.core;
        let class = if small >= 8000 || core && small >= 3000 {
            "trunk"
        } else if big >= 3000 && small >= 1000 {
            "primary"
        } else if small >= 600 {
            "secondary"
        } else {
            "tertiary"
        };
        let mut tags = vec![("highway", class)];
        match k % 4 {
            1 => tags.push(("maxspeed", "80")),
            3 => tags.push(("maxspeed", "SE:rural")),
            _ => {}
        }
        let first = net.nodes.len();
        let bend = 0.08 * a.at.dist(b.at) * if k.is_multiple_of(2) { 1.0 } else { -1.0 };
        net.line(a.centre, b.centre, args.spacing, bend, tags);
        let shape: Vec<usize> = (first..net.nodes.len()).collect();
        spurs(&mut net, &shape, &towns, k, args.spacing);
    }
    let xml = to_xml(&net, &region.name);
    std::fs::write(&args.out, &xml).with_context(|| format!("writing {}", args.out.display()))?;
    let ways = net.ways.len();
    eprintln!(
        "wrote {}: {} nodes, {ways} ways, {} links between {} towns",
        args.out.display(),
        net.nodes.len(),
        links.len(),
        towns.len()
    );
    Ok(())
}

/// A town's street grid around `at`; returns its centre node.
fn town_grid(net: &mut Net, at: Xy, half: f64, pop: u32) -> usize {
    let n = (half / 100.0).round() as i64;
    let first = net.nodes.len();
    let id = |i: i64, j: i64| first + ((j + n) * (2 * n + 1) + (i + n)) as usize;
    for j in -n..=n {
        for i in -n..=n {
            net.node(Xy { x: at.x + i as f64 * 100.0, y: at.y + j as f64 * 100.0 });
        }
    }
    for j in -n..=n {
        let (row, col): (Vec<usize>, Vec<usize>) =
            ((-n..=n).map(|i| id(i, j)).collect(), (-n..=n).map(|i| id(j, i)).collect());
        let main = j % 4 == 0;
        let street = |one: bool| {
            let mut t =
                if main { vec![("highway", "tertiary"), ("maxspeed", "50")] } else { vec![("highway", "residential")] };
            if one {
                t.push(("oneway", "yes"));
            }
            t
        };
        net.ways.push((row, street(pop > 10_000 && j % 6 == 3)));
        net.ways.push((col, street(false)));
    }
    // A footway across every third block, corner to corner.
    for j in -n..n {
        for i in -n..n {
            if (i + 2 * j).rem_euclid(3) == 0 {
                net.ways.push((vec![id(i, j), id(i + 1, j + 1)], vec![("highway", "footway")]));
            }
        }
    }
    id(0, 0)
}

/// The links between towns: a minimum spanning tree (Kruskal, shortest first) plus each town's
/// two nearest neighbours; each pair once, in a fixed order.
fn town_links(towns: &[Town]) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for i in 0..towns.len() {
        for j in i + 1..towns.len() {
            pairs.push((towns[i].at.dist(towns[j].at), i, j));
        }
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let mut part: Vec<usize> = (0..towns.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut links = BTreeSet::new();
    for &(_, i, j) in &pairs {
        let (a, b) = (root(&mut part, i), root(&mut part, j));
        if a != b {
            part[a] = b;
            links.insert((i, j));
        }
    }
    for i in 0..towns.len() {
        let mut near: Vec<&(f64, usize, usize)> = pairs.iter().filter(|p| p.1 == i || p.2 == i).collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0));
        for p in near.iter().take(2) {
            links.insert((p.1, p.2));
        }
    }
    links.into_iter().collect()
}

/// Dead-end tracks and paths off a road's shape nodes, every 1.5 km outside the towns.
fn spurs(net: &mut Net, shape: &[usize], towns: &[Town], k: usize, spacing: f64) {
    let every = (1500.0 / spacing).round().max(1.0) as usize;
    for (n, &s) in shape.iter().enumerate().skip(every / 2).step_by(every) {
        let p = net.nodes[s];
        if towns.iter().any(|t| (p.x - t.at.x).abs() < t.half + 500.0 && (p.y - t.at.y).abs() < t.half + 500.0) {
            continue;
        }
        // Across the road: from the neighbouring shape nodes' direction.
        let (a, b) = (net.nodes[shape[n.saturating_sub(1)]], net.nodes[shape[(n + 1).min(shape.len() - 1)]]);
        let d = a.dist(b).max(1e-9);
        let side = if (n / every + k).is_multiple_of(2) { 1.0 } else { -1.0 };
        let h = (n * 7919 + k * 104_729) % 4;
        let len = 1000.0 + 1000.0 * h as f64;
        let end = net.node(Xy { x: p.x - (b.y - a.y) / d * len * side, y: p.y + (b.x - a.x) / d * len * side });
        let class = if h == 3 { "path" } else { "track" };
        net.line(s, end, spacing, 0.05 * len, vec![("highway", class)]);
    }
}

/// The network as OSM XML (WGS84 with 7 decimals, as OSM stores them).
fn to_xml(net: &Net, name: &str) -> String {
    let mut s = String::with_capacity(net.nodes.len() * 70 + net.ways.len() * 200);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<!-- SYNTHETIC street network over the towns of {name}, written by narhet's examples/synth_osm.rs \
         for benchmarks: no road in it is real. -->"
    );
    s.push_str("<osm version=\"0.6\" generator=\"narhet synth_osm\">\n");
    for (i, p) in net.nodes.iter().enumerate() {
        let (lat, lon) = to_wgs84(*p);
        let _ = writeln!(s, "  <node id=\"{}\" lat=\"{lat:.7}\" lon=\"{lon:.7}\"/>", i + 1);
    }
    for (w, (nodes, tags)) in net.ways.iter().enumerate() {
        let _ = writeln!(s, "  <way id=\"{}\">", w + 1);
        for n in nodes {
            let _ = writeln!(s, "    <nd ref=\"{}\"/>", n + 1);
        }
        for (k, v) in tags {
            let _ = writeln!(s, "    <tag k=\"{k}\" v=\"{v}\"/>");
        }
        s.push_str("  </way>\n");
    }
    s.push_str("</osm>\n");
    s
}
