//! Reach to care for a study: every populated cell and town of the region to the nearest care
//! node of each destination group (with the what-if of a planned hospital) and, for restidskvot,
//! to the regional core in the same searches; and the tables and summaries `narhet reach` and the
//! report write from it.

use super::Study;
use super::inputs::{cell_origins, reach_params, what_if_group};
use crate::date::{Date, fmt_hm};
use crate::export::{Field, Table};
use crate::metrics::reach::{CareNode, DestGroup, Origin, OriginReach, ReachParams, compute_with_extra};
use crate::metrics::reach_summary::{
    AccessChange, BANDS_MIN, Comparison, GroupSummary, TownRank, compare, group_summary, towns_worst_first,
};
use crate::numfmt::{int, pct};
use crate::region::Region;
use crate::router::RouterConfig;
use crate::timetable::Timetable;

/// What a reach run varies; the rest comes from the region's `[walk]` and `[routing]` and the
/// metric's defaults.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct ReachOptions {
    /// The departure window from home `[from, to)`, seconds since midnight: the first minute
    /// is included, the end is not.
    pub window: (u32, u32),
    /// Travel-time limit (`None`: the metric's default, 120 min): a longer journey is none.
    pub limit_secs: Option<u32>,
    /// Time at the care node before the trip home (`None`: no trip home).
    pub return_after: Option<u32>,
    /// Minimum change time, seconds (`None`: the region's `[routing]`, else the router's 120 s).
    pub min_change_secs: Option<u32>,
}

impl ReachOptions {
    /// The metric's parameters for `region`.
    pub fn params(&self, region: &Region) -> ReachParams {
        let base = reach_params(region);
        let min_change_secs = self.min_change_secs.unwrap_or(base.router.min_change_secs);
        ReachParams {
            window_start: self.window.0,
            window_end: self.window.1,
            limit_secs: self.limit_secs.unwrap_or(base.limit_secs),
            return_after: self.return_after,
            router: RouterConfig { min_change_secs, ..base.router },
            ..base
        }
    }
}

/// Everything a reach run produces.
pub struct ReachRun {
    pub groups: Vec<DestGroup>,
    pub cells: Vec<Origin>,
    pub cell_results: Vec<OriginReach>,
    pub towns: Vec<Origin>,
    pub town_results: Vec<OriginReach>,
    pub params: ReachParams,
    /// (current group index, what-if group index, name of the replaced hospital).
    pub what_if: Option<(usize, usize, String)>,
    /// Public transport to the regional core from every cell and town, when asked for.
    pub core: Option<CoreReach>,
}

/// The regional core as one more destination of a reach run (for restidskvot): the core town's
/// point from the region file, reached as a care node is (walking from stops within the egress
/// radius, or all the way), in the same range searches, without the trip home.
pub struct CoreReach {
    /// Key `core`, labelled with the core town's name; its one node is the core.
    pub group: DestGroup,
    pub node: CareNode,
    /// One result per origin (in `cells` and `towns` order), each a list of one group.
    pub cell_results: Vec<OriginReach>,
    pub town_results: Vec<OriginReach>,
}

impl ReachRun {
    /// The index of the group with this key.
    pub fn group(&self, key: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.key == key)
    }

    /// Group `g` over the cells: population within each band, per municipality, the curve.
    pub fn summary(&self, g: usize, names: &[String]) -> GroupSummary {
        let grp = &self.groups[g];
        group_summary(&grp.key, &grp.label, g, &self.cells, &self.cell_results, names, self.params.limit_secs)
    }

    /// Group `g`'s dispersion of travel time over the cells per municipality, the county last
    /// (named `county`): Gini, Palma, shares beyond 60 and 90 min.
    pub fn equity(&self, g: usize, names: &[String], county: &str) -> Vec<crate::metrics::equity::Dispersion> {
        let limit = self.params.limit_secs;
        crate::metrics::equity::equity_by_area(g, &self.cells, &self.cell_results, names, limit, county)
    }

    /// The towns by their median travel time to group `g`, the longest first.
    pub fn towns_worst_first(&self, g: usize) -> Vec<TownRank> {
        towns_worst_first(g, &self.towns, &self.town_results)
    }

    /// The what-if against today's acute care over the cells, with the replaced hospital's name.
    pub fn what_if_comparison(&self, names: &[String]) -> Option<(Comparison, &str)> {
        let (a, b, replaced) = self.what_if.as_ref()?;
        let (ga, gb) = ((*a, self.groups[*a].label.as_str()), (*b, self.groups[*b].label.as_str()));
        Some((compare(ga, gb, &self.cells, &self.cell_results, names), replaced.as_str()))
    }
}

/// Runs reach from the study's cells and towns to `groups`; when both acute and planned
/// hospitals are asked for, adds the what-if group. `progress` gets the number of stops or nodes
/// done so far (from several threads).
pub fn run_reach(
    study: &Study,
    tt: &Timetable,
    groups: Vec<DestGroup>,
    params: ReachParams,
    progress: &(dyn Fn(u64) + Sync),
) -> ReachRun {
    reach_run(study, tt, groups, params, false, progress)
}

/// As [`run_reach`], and to the regional core as well ([`ReachRun::core`]) in the same searches.
pub fn run_reach_and_core(
    study: &Study,
    tt: &Timetable,
    groups: Vec<DestGroup>,
    params: ReachParams,
    progress: &(dyn Fn(u64) + Sync),
) -> ReachRun {
    reach_run(study, tt, groups, params, true, progress)
}

/// The core as a node after the study's care nodes, and its group (`CareKind` does not matter
/// to the search; the node is never shown as care).
fn core_destination(study: &Study) -> (CareNode, DestGroup) {
    let core = study.region.core();
    let at = crate::spatial::to_sweref(core.lat, core.lon);
    let node = CareNode { name: core.name.clone(), kind: crate::metrics::reach::CareKind::AcuteHospital, at };
    let label = format!("Regionkärnan ({})", core.name);
    let group = DestGroup { key: "core".into(), label, nodes: vec![study.care.len()] };
    (node, group)
}

fn reach_run(
    study: &Study,
    tt: &Timetable,
    mut groups: Vec<DestGroup>,
    params: ReachParams,
    to_core: bool,
    progress: &(dyn Fn(u64) + Sync),
) -> ReachRun {
    let nodes = &study.care;
    let mut what_if = None;
    let acute = groups.iter().position(|g| g.key == "acute_hospital");
    if let (Some(a), true) = (acute, groups.iter().any(|g| g.key == "planned_hospital"))
        && let Some((g, replaced)) = what_if_group(nodes)
    {
        groups.push(g);
        what_if = Some((a, groups.len() - 1, replaced));
    }
    let cell_o = cell_origins(&study.cells);
    let all: Vec<Origin> = cell_o.iter().chain(study.towns.iter()).cloned().collect();
    let paths = study.network_paths();
    let core = to_core.then(|| core_destination(study));
    let mut with_core = nodes.clone();
    with_core.extend(core.iter().map(|c| c.0.clone()));
    let extra: Vec<DestGroup> = core.iter().map(|c| c.1.clone()).collect();
    let (mut res, mut to) =
        compute_with_extra(tt, &with_core, (&groups, &extra), &all, &params, paths.as_deref(), progress);
    let town_results = res.split_off(cell_o.len());
    let core = core.map(|(node, group)| {
        let town_results = to.split_off(cell_o.len());
        CoreReach { group, node, cell_results: to, town_results }
    });
    let towns = study.towns.clone();
    ReachRun { groups, cells: cell_o, cell_results: res, towns, town_results, params, what_if, core }
}

/// One row per origin: id, position, population, municipality, and per group the statistics
/// in minutes, the share within the limit, the node, and the return trip.
pub fn origin_table(
    origins: &[Origin],
    results: &[OriginReach],
    groups: &[DestGroup],
    nodes: &[CareNode],
    names: &[String],
    cells: bool,
) -> Table {
    let mut cols: Vec<String> = vec![if cells { "cell_id" } else { "town" }.into()];
    cols.extend(["lat", "lon", "municipality", "population"].map(String::from));
    for g in groups {
        for c in [
            "min",
            "p25",
            "median",
            "p75",
            "max",
            "share_within_limit",
            "node",
            "return_possible",
            "home_earliest",
            "latest_departure_home",
        ] {
            cols.push(format!("{}_{c}", g.key));
        }
    }
    let mut t = Table::new(&cols);
    let min = |s: Option<u32>| Field::opt_num(s.map(|s| s as f64 / 60.0), 1);
    for (o, r) in origins.iter().zip(results) {
        let (lat, lon) = crate::spatial::to_wgs84(o.at);
        let mut row = vec![
            Field::Text(if cells { o.id.clone() } else { o.name.clone() }),
            Field::Fixed(lat, 6),
            Field::Fixed(lon, 6),
            Field::Text(names.get(o.municipality as usize).cloned().unwrap_or_default()),
            Field::Int(o.population as i64),
        ];
        for gr in r {
            let s = gr.stats;
            row.push(min(s.map(|s| s.min)));
            row.push(min(s.and_then(|s| s.p25)));
            row.push(min(s.and_then(|s| s.median)));
            row.push(min(s.and_then(|s| s.p75)));
            row.push(min(s.and_then(|s| s.max)));
            row.push(Field::Num(gr.share_within_limit, 4));
            row.push(Field::opt_text(gr.node.map(|n| nodes[n].name.clone())));
            match gr.ret {
                Some(ret) => {
                    row.push(Field::Int(ret.possible() as i64));
                    row.push(Field::opt_text(ret.home_earliest.map(crate::date::fmt_time)));
                    row.push(if ret.walk && ret.latest_departure_home.is_none() {
                        Field::Text("walk".into())
                    } else {
                        Field::opt_text(ret.latest_departure_home.map(crate::date::fmt_time))
                    });
                }
                None => row.extend([Field::Null, Field::Null, Field::Null]),
            }
        }
        t.push(row);
    }
    t
}

/// The machine-readable summary: per group the band table and curve, worst towns, the what-if.
pub fn summary_json(run: &ReachRun, names: &[String], region: &str, date: Date) -> serde_json::Value {
    let groups: Vec<serde_json::Value> = run
        .groups
        .iter()
        .enumerate()
        .map(|(g, _)| serde_json::json!({ "summary": run.summary(g, names), "towns_worst_first": run.towns_worst_first(g) }))
        .collect();
    let cmp =
        run.what_if_comparison(names).map(|(c, replaced)| serde_json::json!({ "replaced": replaced, "comparison": c }));
    serde_json::json!({
        "region": region,
        "date": date.to_string(),
        "window": [fmt_hm(run.params.window_start), fmt_hm(run.params.window_end)],
        "window_rule": "[from, to): departure minutes from the start up to, not including, the end",
        "departure_minutes": run.params.minutes(),
        "limit_min": run.params.limit_secs / 60,
        "max_walk_min": run.params.max_walk_secs as f64 / 60.0,
        "min_change_s": run.params.router.min_change_secs,
        "measure": "median travel time over the departure minutes (nearest rank); a journey over the limit is none, a median not reached within it is null",
        "groups": groups,
        "what_if": cmp,
        "equity": equity_json(run, names, region),
    })
}

/// Per group, the dispersion of travel time per municipality and for the county (last): Gini,
/// Palma, shares beyond 60 and 90 min (see `metrics::equity`; not reached counts at the limit).
pub fn equity_json(run: &ReachRun, names: &[String], county: &str) -> serde_json::Value {
    let groups: Vec<serde_json::Value> = (run.groups.iter().enumerate())
        .map(|(g, grp)| {
            serde_json::json!({
                "key": grp.key, "label": grp.label, "limit_min": run.params.limit_secs / 60,
                "areas": run.equity(g, names, county),
            })
        })
        .collect();
    serde_json::json!({
        "not_reached": "counted at the limit in Gini and Palma, and as beyond 60 and 90 min",
        "palma": "total travel time of the 10 % of people with the longest times / that of the 40 % with the shortest",
        "groups": groups,
    })
}

/// One row per group and area (municipalities, then the county): the dispersion of travel time.
pub fn equity_table(run: &ReachRun, names: &[String], county: &str) -> Table {
    let cols = ["group", "area", "population", "gini", "palma", "share_beyond_60", "share_beyond_90", "not_reached"];
    let mut t = Table::new(&cols.map(String::from));
    for (g, grp) in run.groups.iter().enumerate() {
        for d in run.equity(g, names, county) {
            t.push(vec![
                Field::Text(grp.key.clone()),
                Field::Text(d.area),
                Field::Int(d.population as i64),
                Field::opt_num(d.gini, 4),
                Field::opt_num(d.palma, 4),
                Field::opt_num(d.share_beyond_60, 4),
                Field::opt_num(d.share_beyond_90, 4),
                Field::Int(d.not_reached as i64),
            ]);
        }
    }
    t
}

/// The county summary for a terminal.
pub fn text_summary(run: &ReachRun, names: &[String], date: Date) -> String {
    let p = &run.params;
    let last = p.window_start + (p.minutes().max(1) as u32 - 1) * p.step;
    let mut o = format!(
        "Reach on {date}, leaving {}–{} ({} departure minutes; median; limit {} min, walks up to {} min, changes {} s; {} cells, {} towns)\n\n",
        fmt_hm(p.window_start),
        fmt_hm(last),
        p.minutes(),
        p.limit_secs / 60,
        p.max_walk_secs / 60,
        p.router.min_change_secs,
        int(run.cells.len() as u64),
        int(run.towns.len() as u64)
    );
    o += &format!("{:<44} {:>10} {:>10} {:>10} {:>10}\n", "Population within", "30 min", "45 min", "60 min", "90 min");
    for (g, grp) in run.groups.iter().enumerate() {
        let s = run.summary(g, names);
        let share = |x: u64| pct(x as f64 / s.county.population.max(1) as f64, false);
        o += &format!("{:<44}", grp.label);
        for i in 0..BANDS_MIN.len() {
            o += &format!(" {:>10}", share(s.county.within[i]));
        }
        o += "\n";
    }
    if let Some((c, replaced)) = run.what_if_comparison(names) {
        o += &what_if_text(&c.county, replaced, run.params.limit_secs / 60);
    }
    o += &format!(
        "\n{:<44} {:>10} {:>10} {:>10} {:>10}\n",
        "Spread over the county", "Gini", "Palma", "> 60 min", "> 90 min"
    );
    for (g, grp) in run.groups.iter().enumerate() {
        let Some(c) = run.equity(g, names, "").pop() else { continue };
        let dec = |x: Option<f64>| x.map_or("–".into(), |x| format!("{x:.2}"));
        let share = |x: Option<f64>| x.map_or("–".into(), |x| pct(x, false));
        o += &format!(
            "{:<44} {:>10} {:>10} {:>10} {:>10}\n",
            grp.label,
            dec(c.gini),
            dec(c.palma),
            share(c.share_beyond_60),
            share(c.share_beyond_90)
        );
    }
    let limit_min = run.params.limit_secs / 60;
    for (g, grp) in run.groups.iter().enumerate() {
        let worst = run.towns_worst_first(g);
        o += &format!("\nFive worst towns, {}:\n", grp.label);
        for t in worst.iter().take(5) {
            o += &format!(
                "  {:<22} {:>7} people  median {:>24}  reached in {:>7} of minutes\n",
                t.town,
                int(t.population as u64),
                match t.median_min {
                    Some(m) => format!("{m:.0} min"),
                    None => format!("not reached in {limit_min} min"),
                },
                pct(t.share_within_limit, false)
            );
        }
    }
    o
}

/// The what-if in people: who loses and gains access within the limit and per band, and the
/// change of the median travel time over those reached both ways.
fn what_if_text(c: &AccessChange, replaced: &str, limit_min: u32) -> String {
    let signed = |x: Option<f64>| x.map_or("–".into(), |x| format!("{x:+.1} min"));
    let mut o = format!("\nWhat-if: acute care moves from {replaced} to the planned site (median travel time)\n");
    o += &format!(
        "  loses access within {limit_min} min {:>8}   gains access {:>8}   reached both ways {:>8}   neither {:>8}\n",
        int(c.lost_access),
        int(c.new_access),
        int(c.reached_both),
        int(c.reached_neither)
    );
    o += "  access within";
    for b in &c.bands {
        o += &format!("  {} min: +{} −{}", b.minutes, int(b.gained), int(b.lost));
    }
    o += "\n";
    o += &format!(
        "  reached both ways: median change {}, mean {}; gain > 15 min {}, 5–15 min {}, ±5 min {}, lose 5–15 min {}, > 15 min {}\n",
        signed(c.median_change_min),
        signed(c.mean_change_min),
        int(c.gain_over_15),
        int(c.gain_5_15),
        int(c.unchanged),
        int(c.lose_5_15),
        int(c.lose_over_15)
    );
    o
}
