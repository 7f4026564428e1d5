//! Restidskvot for a reach run: car times from every cell and town to each destination group
//! (on the OSM road network, or estimated and so labelled), the ratio public transport ÷ car per
//! origin, the population bands per municipality and county — to each care group and, from every
//! cell and town, to the regional core (group `core`) — and the strategic nodes to the core.
//! Tables and JSON for `reach` and the report.

use serde::Serialize;

use super::Study;
use super::nodes::NodeRow;
use super::reach::ReachRun;
use super::restidskvot_goals::RestidskvotGoals;
use super::streets::{CarSource, Streets, car_times, fastest_of};
use crate::export::{Field, Format, Geometry, Table, table_to_string};
use crate::metrics::reach::Origin;
use crate::metrics::restidskvot::{Band, RatioSummary, band, ratio, summarise};
use crate::spatial::{Xy, to_sweref};

/// A strategic node's restidskvot to the regional core.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NodeRatio {
    pub town: String,
    pub municipality: String,
    /// Median public transport time over the window, minutes (from the node table).
    pub pt_median_min: Option<f64>,
    pub car_min: Option<f64>,
    pub restidskvot: Option<f64>,
}

/// Restidskvot over one reach run.
pub struct RestidskvotRun {
    pub source: CarSource,
    pub osm: Option<String>,
    pub terminal_secs: u32,
    /// Car seconds per group (in the run's group order, then the regional core when the run
    /// has it), per cell and per town.
    pub cell_car: Vec<Vec<Option<u32>>>,
    pub town_car: Vec<Vec<Option<u32>>>,
    /// Per group, over the cells (the run's groups, then the regional core, key `core`).
    pub groups: Vec<RatioSummary>,
    pub nodes: Vec<NodeRatio>,
    pub limit_secs: u32,
    /// The region's restidskvot goals, counted apart from the other goals.
    pub goals: RestidskvotGoals,
    /// The regional core's name, when the groups end with it (key `core`).
    pub core_name: Option<String>,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Car times to every group of `run` and to the regional core, then the ratios: per group, and
/// to the core from every cell and town when the run has [`ReachRun::core`]. `nodes` are the
/// strategic nodes with their public transport times to the core (may be empty).
pub fn run_restidskvot(
    study: &Study,
    run: &ReachRun,
    nodes: &[NodeRow],
    streets: Option<&Streets>,
    terminal_secs: u32,
) -> RestidskvotRun {
    let core = study.region.core();
    let core_xy = to_sweref(core.lat, core.lon);
    let mut dests: Vec<Xy> = study.care.iter().map(|c| c.at).collect();
    dests.push(core_xy);
    let origins: Vec<Xy> = run.cells.iter().chain(&run.towns).map(|o| o.at).collect();
    let times = car_times(streets, &dests, &origins, terminal_secs);
    let (nc, nt) = (run.cells.len(), run.towns.len());
    let mut cell_car = Vec::new();
    let mut town_car = Vec::new();
    let mut groups = Vec::new();
    for (g, grp) in run.groups.iter().enumerate() {
        let mut all = fastest_of(&times, &grp.nodes, nc + nt);
        let towns = all.split_off(nc);
        groups.push(summarise(
            (&grp.key, &grp.label),
            g,
            &run.cells,
            &run.cell_results,
            &all,
            &study.names,
            run.params.limit_secs,
        ));
        cell_car.push(all);
        town_car.push(towns);
    }
    let to_core = &times[dests.len() - 1];
    if let Some(core) = &run.core {
        let mut all = to_core.clone();
        let towns = all.split_off(nc);
        let key = (core.group.key.as_str(), core.group.label.as_str());
        let limit = run.params.limit_secs;
        groups.push(summarise(key, 0, &run.cells, &core.cell_results, &all, &study.names, limit));
        cell_car.push(all);
        town_car.push(towns);
    }
    let node_ratios: Vec<NodeRatio> = nodes
        .iter()
        .map(|n| {
            let car = run.towns.iter().position(|t| t.name == n.town).and_then(|i| to_core[nc + i]);
            let pt = n.median_to_core_min;
            let car_min = car.map(|c| round1(c as f64 / 60.0));
            // Beyond the limit there is no public transport travel time, so no ratio (as for cells).
            let pt_secs = pt.map(|p| (p * 60.0).round() as u32);
            let r = ratio(pt_secs, car, run.params.limit_secs).map(|x| (x * 100.0).round() / 100.0);
            NodeRatio {
                town: n.town.clone(),
                municipality: n.municipality.clone(),
                pt_median_min: pt,
                car_min,
                restidskvot: r,
            }
        })
        .collect();
    let goals = super::restidskvot_goals::check(&study.region, &node_ratios, &groups);
    RestidskvotRun {
        goals,
        source: if streets.is_some() { CarSource::Network } else { CarSource::Estimate },
        osm: streets.map(|s| s.source.display().to_string()),
        terminal_secs,
        cell_car,
        town_car,
        groups,
        nodes: node_ratios,
        limit_secs: run.params.limit_secs,
        core_name: run.core.as_ref().map(|c| c.node.name.clone()),
    }
}

/// The public transport median of origin `i` (a cell, or a town) to group `g` in a restidskvot
/// run's order: the reach run's groups, then the regional core.
fn pt_median(run: &ReachRun, g: usize, i: usize, cells: bool) -> Option<u32> {
    let (results, g) = match (g.checked_sub(run.groups.len()), &run.core) {
        (None, _) => (if cells { &run.cell_results } else { &run.town_results }, g),
        (Some(0), Some(c)) => (if cells { &c.cell_results } else { &c.town_results }, 0),
        _ => return None,
    };
    results.get(i)?.get(g)?.stats?.median
}

/// Before and after, per group both sides have: the county's share of the population with a
/// ratio ≤ 1.5 (percent) and the median ratio.
pub fn changes(before: Option<&RestidskvotRun>, after: Option<&RestidskvotRun>) -> Vec<super::compare::Change> {
    let (Some(b), Some(a)) = (before, after) else { return Vec::new() };
    let share = |s: &RatioSummary| {
        (s.county.population > 0).then(|| round1(s.county.le_1_5 as f64 * 100.0 / s.county.population as f64))
    };
    let median = |s: &RatioSummary| s.county.median_ratio.map(|m| (m * 100.0).round() / 100.0);
    let mut out = Vec::new();
    for gb in &b.groups {
        if let Some(ga) = a.groups.iter().find(|g| g.key == gb.key) {
            out.push(super::compare::change(&format!("restidskvot_le_1_5_pct_{}", gb.key), share(gb), share(ga)));
            out.push(super::compare::change(&format!("restidskvot_median_{}", gb.key), median(gb), median(ga)));
        }
    }
    out
}

impl RestidskvotRun {
    /// "uppskattad" (estimated) or "vägnät" (road network), for labels.
    pub fn estimated(&self) -> bool {
        self.source == CarSource::Estimate
    }

    /// The band of cell `i` (in `run.cells` order) to group `g` (in [`Self::groups`] order): its
    /// public transport median against its car time, as in the tables and the population shares.
    pub fn cell_band(&self, run: &ReachRun, g: usize, i: usize) -> Band {
        let pt = pt_median(run, g, i, true);
        let car = self.cell_car.get(g).and_then(|c| c.get(i)).copied().flatten();
        band(pt, car, self.limit_secs)
    }

    /// The machine-readable part for `summary.json` and `metrics.json`.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "car_times": self.source,
            "label": if self.estimated() { "uppskattad (estimated from the straight line)" } else { "vägnät (OSM road network)" },
            "osm": self.osm,
            "terminal_min": self.terminal_secs as f64 / 60.0,
            "measure": "median public transport time over the departure window ÷ car time, door to door",
            "bands": ["<= 1.5", "1.5-2", "> 2", "no public transport within the limit"],
            "groups": self.groups,
            "strategic_nodes_to_core": self.nodes,
            "goals": self.goals,
        })
    }

    /// One row per origin: id, municipality, population, and per group the public transport
    /// median, the car time, the ratio and its band.
    pub fn table(&self, run: &ReachRun, names: &[String], cells: bool) -> Table {
        let (origins, car): (&[Origin], _) =
            if cells { (&run.cells, &self.cell_car) } else { (&run.towns, &self.town_car) };
        let mut cols: Vec<String> = vec![if cells { "cell_id" } else { "town" }.into()];
        cols.extend(["municipality", "population"].map(String::from));
        for g in &self.groups {
            for c in ["pt_median_min", "car_min", "restidskvot", "band"] {
                cols.push(format!("{}_{c}", g.key));
            }
        }
        cols.push("car_times".into());
        let mut t = Table::new(&cols);
        for (o, ob) in origins.iter().zip(0..) {
            let mut row = vec![
                Field::Text(if cells { o.id.clone() } else { o.name.clone() }),
                Field::Text(names.get(o.municipality as usize).cloned().unwrap_or_default()),
                Field::Int(o.population as i64),
            ];
            for (g, cars) in car.iter().enumerate() {
                let pt = pt_median(run, g, ob, cells);
                let c = cars[ob];
                row.push(Field::opt_num(pt.map(|s| s as f64 / 60.0), 1));
                row.push(Field::opt_num(c.map(|s| s as f64 / 60.0), 1));
                row.push(Field::opt_num(ratio(pt, c, self.limit_secs), 2));
                let b = serde_json::to_value(band(pt, c, self.limit_secs)).unwrap_or_default();
                row.push(Field::Text(b.as_str().unwrap_or("").to_string()));
            }
            row.push(Field::Text(if self.estimated() { "uppskattad" } else { "vägnät" }.into()));
            t.push(row);
        }
        t
    }

    /// The cells' table (see [`RestidskvotRun::table`]) as a GeoJSON layer of cell squares, so that
    /// QGIS users can colour the cells by `<group>_band`.
    pub fn cells_geojson(
        &self,
        run: &ReachRun,
        names: &[String],
        cells: &[crate::spatial::Cell],
    ) -> Result<String, crate::export::ExportError> {
        let geoms: Vec<Geometry> = cells.iter().map(|c| Geometry::Polygon(vec![c.ring_wgs84().to_vec()])).collect();
        table_to_string(&self.table(run, names, true), Some(&geoms), Format::Geojson)
    }

    /// The county lines for a terminal.
    pub fn text(&self) -> String {
        let how =
            if self.estimated() { "bilrestid uppskattad / car time estimated" } else { "car on the OSM road network" };
        let mut o = format!("\nRestidskvot (public transport median ÷ car, door to door; {how}):\n");
        o += &format!("{:<44} {:>8} {:>8} {:>8} {:>10}\n", "Population", "≤ 1.5", "1.5–2", "> 2", "no PT");
        for g in &self.groups {
            let c = &g.county;
            let pc = |x: u64| crate::numfmt::pct(x as f64 / c.population.max(1) as f64, false);
            o += &format!(
                "{:<44} {:>8} {:>8} {:>8} {:>10}\n",
                g.label,
                pc(c.le_1_5),
                pc(c.from_1_5_to_2),
                pc(c.over_2),
                pc(c.no_transit_within_limit)
            );
        }
        o
    }
}
