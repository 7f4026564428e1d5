//! `narhet reach`: travel times from every populated cell and town to the nearest care node of
//! each kind, over a departure window, with the trip home.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;

use super::common::{DEFAULT_REGION, FeedArgs, date_or_default, parse_date};
use crate::date::{Date, fmt_hm, parse_duration, parse_time};
use crate::export::{Field, Format, Geometry, Table, table_to_string};
use crate::metrics::reach::{DestGroup, Origin, OriginReach, ReachParams, compute};
use crate::metrics::reach_summary::{BANDS_MIN, compare, group_summary, towns_worst_first};
use crate::numfmt::{int, pct};
use crate::region::Region;
use crate::region::params::{cell_origins, dest_groups, what_if_group};
use crate::timetable::{FootpathOptions, Timetable};

/// Travel times by public transport and on foot from every populated grid cell and every town of
/// the region to the nearest vårdcentral, acute hospital and planned (what-if) hospital — min,
/// p25, median, p75, max over the departure window and the share of minutes within the limit —
/// and, with --return-after, whether and when the traveller gets home the same day.
///
/// With --out DIR it writes cells.csv, cells.geojson (polygons for QGIS), towns.csv and
/// summary.json, and prints the county summary; without, it prints the towns table.
///
/// Example: narhet reach --date 2026-11-24 --window 07:00-09:00 --return-after 2h --out out/reach
#[derive(Args, Debug)]
pub struct ReachArgs {
    /// Region file (municipalities, towns, care nodes, population grid).
    #[arg(long, default_value = DEFAULT_REGION)]
    pub region: PathBuf,
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Service date (YYYY-MM-DD); default: a typical weekday of the feed.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Departure window from home, HH:MM-HH:MM (both ends included, one departure a minute).
    #[arg(long, default_value = "07:00-09:00")]
    pub window: String,
    /// Destinations: a kind (vardcentral, acute_hospital, planned_hospital) or a care node's
    /// name (prefix). Repeatable. Default: every kind the region has.
    #[arg(long = "to", value_name = "KIND_OR_NAME")]
    pub to: Vec<String>,
    /// Time spent at the care node before going home, e.g. 2h or 90m.
    #[arg(long, value_name = "DURATION")]
    pub return_after: Option<String>,
    /// Travel-time limit for "share of minutes within", e.g. 120m.
    #[arg(long, default_value = "120m")]
    pub limit: String,
    /// Output format when printing to stdout (without --out).
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// Write all outputs into this directory (replaced only if narhet made it).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Parses `HH:MM-HH:MM`.
pub fn parse_window(s: &str) -> anyhow::Result<(u32, u32)> {
    let (a, b) = s.split_once('-').with_context(|| format!("--window '{s}': expected HH:MM-HH:MM"))?;
    let (a, b) = (parse_time(a), parse_time(b));
    match (a, b) {
        (Some(a), Some(b)) if a <= b => Ok((a, b)),
        _ => bail!("--window '{s}': expected HH:MM-HH:MM with the start not after the end"),
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
}

/// Runs reach for the region's cells and towns with a progress bar.
pub fn run_reach(
    region: &Region,
    cells: &[crate::spatial::Cell],
    tt: &Timetable,
    mut groups: Vec<DestGroup>,
    params: ReachParams,
) -> ReachRun {
    let nodes = region.care_nodes();
    let mut what_if = None;
    let acute = groups.iter().position(|g| g.key == "acute_hospital");
    if let (Some(a), true) = (acute, groups.iter().any(|g| g.key == "planned_hospital"))
        && let Some((g, replaced)) = what_if_group(&nodes)
    {
        groups.push(g);
        what_if = Some((a, groups.len() - 1, replaced));
    }
    let cell_o = cell_origins(cells);
    let towns = region.town_origins();
    let all: Vec<Origin> = cell_o.iter().chain(towns.iter()).cloned().collect();
    let pb = super::progress::bar(0, "restider");
    let pbc = pb.clone();
    let mut res = compute(tt, &nodes, &groups, &all, &params, &move |n| {
        pbc.set_length(pbc.length().unwrap_or(0).max(n));
        pbc.set_position(n)
    });
    pb.finish_and_clear();
    let town_results = res.split_off(cell_o.len());
    ReachRun { groups, cells: cell_o, cell_results: res, towns, town_results, params, what_if }
}

pub fn run(args: &ReachArgs) -> anyhow::Result<()> {
    let region = Region::load(&args.region)?;
    let grid = region.load_population()?;
    let cells = super::common::region_cells(&region, &grid);
    let feed = args.feed.load()?;
    let date = date_or_default(&feed, args.date)?;
    let (start, end) = parse_window(&args.window)?;
    let limit =
        parse_duration(&args.limit).with_context(|| format!("--limit '{}': expected e.g. 120m or 2h", args.limit))?;
    let return_after = match &args.return_after {
        Some(s) => Some(parse_duration(s).with_context(|| format!("--return-after '{s}': expected e.g. 2h or 90m"))?),
        None => None,
    };
    let groups = dest_groups(&region.care_nodes(), &args.to).map_err(anyhow::Error::msg)?;
    // The same network as the report: walks between stops within 500 m, the region's pace.
    let walk = FootpathOptions { walk: region.walk.model, ..Default::default() };
    let tt = Timetable::build(&feed, date, &walk);
    let params =
        ReachParams { window_start: start, window_end: end, limit_secs: limit, return_after, ..region.reach_params() };
    let run = run_reach(&region, &cells, &tt, groups, params);
    let names = region.municipality_names();

    let nodes = region.care_nodes();
    let cells_table = origin_table(&run.cells, &run.cell_results, &run.groups, &nodes, &names, true);
    let towns_table = origin_table(&run.towns, &run.town_results, &run.groups, &nodes, &names, false);
    let geoms: Vec<Geometry> = cells.iter().map(|c| Geometry::Polygon(vec![c.ring_wgs84().to_vec()])).collect();
    let summary = summary_json(&run, &names, &region, date);

    match &args.out {
        None => {
            let s = match args.format {
                Format::Csv => table_to_string(&towns_table, None, Format::Csv)?,
                Format::Json => serde_json::to_string_pretty(&summary)? + "\n",
                Format::Geojson => table_to_string(&cells_table, Some(&geoms), Format::Geojson)?,
            };
            print!("{s}");
        }
        Some(dir) => {
            let out = crate::output::OutDir::create(dir)?;
            out.write("cells.csv", table_to_string(&cells_table, None, Format::Csv)?)?;
            out.write("cells.geojson", table_to_string(&cells_table, Some(&geoms), Format::Geojson)?)?;
            out.write("towns.csv", table_to_string(&towns_table, None, Format::Csv)?)?;
            out.write("summary.json", serde_json::to_string_pretty(&summary)? + "\n")?;
            let path = out.commit()?;
            print!("{}", text_summary(&run, &names, date));
            println!("\nWrote {}/{{cells.csv, cells.geojson, towns.csv, summary.json}}", path.display());
        }
    }
    Ok(())
}

/// One row per origin: id, position, population, municipality, and per group the statistics
/// in minutes, the share within the limit, the node, and the return trip.
pub fn origin_table(
    origins: &[Origin],
    results: &[OriginReach],
    groups: &[DestGroup],
    nodes: &[crate::metrics::reach::CareNode],
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
pub fn summary_json(run: &ReachRun, names: &[String], region: &Region, date: Date) -> serde_json::Value {
    let groups: Vec<serde_json::Value> = run
        .groups
        .iter()
        .enumerate()
        .map(|(g, grp)| {
            let s = group_summary(&grp.key, &grp.label, g, &run.cells, &run.cell_results, names, run.params.limit_secs);
            let worst = towns_worst_first(g, &run.towns, &run.town_results);
            serde_json::json!({ "summary": s, "towns_worst_first": worst })
        })
        .collect();
    let cmp = run.what_if.as_ref().map(|(a, b, replaced)| {
        let c = compare((*a, &run.groups[*a].label), (*b, &run.groups[*b].label), &run.cells, &run.cell_results, names);
        serde_json::json!({ "replaced": replaced, "comparison": c })
    });
    serde_json::json!({
        "region": region.name,
        "date": date.to_string(),
        "window": [fmt_hm(run.params.window_start), fmt_hm(run.params.window_end)],
        "limit_min": run.params.limit_secs / 60,
        "measure": "median travel time over the departure window",
        "groups": groups,
        "what_if": cmp,
    })
}

/// The county summary for a terminal.
pub fn text_summary(run: &ReachRun, names: &[String], date: Date) -> String {
    let mut o = format!(
        "Reach on {date}, leaving {}–{} (median over the window; {} cells, {} towns)\n\n",
        fmt_hm(run.params.window_start),
        fmt_hm(run.params.window_end),
        int(run.cells.len() as u64),
        int(run.towns.len() as u64)
    );
    o += &format!("{:<44} {:>10} {:>10} {:>10} {:>10}\n", "Population within", "30 min", "45 min", "60 min", "90 min");
    for (g, grp) in run.groups.iter().enumerate() {
        let s = group_summary(&grp.key, &grp.label, g, &run.cells, &run.cell_results, names, run.params.limit_secs);
        let share = |x: u64| pct(x as f64 / s.county.population.max(1) as f64, false);
        o += &format!("{:<44}", grp.label);
        for i in 0..BANDS_MIN.len() {
            o += &format!(" {:>10}", share(s.county.within[i]));
        }
        o += "\n";
    }
    if let Some((a, b, replaced)) = &run.what_if {
        let c = compare((*a, &run.groups[*a].label), (*b, &run.groups[*b].label), &run.cells, &run.cell_results, names);
        o += &format!("\nWhat-if: acute care moves from {replaced} to the planned site\n");
        o += &format!(
            "  gain > 15 min {:>8}   gain 5–15 min {:>8}   within ±5 min {:>8}\n",
            int(c.gain_over_15),
            int(c.gain_5_15),
            int(c.unchanged)
        );
        o += &format!(
            "  lose 5–15 min {:>8}   lose > 15 min {:>8}   mean change {:+.1} min\n",
            int(c.lose_5_15),
            int(c.lose_over_15),
            c.mean_change_min.unwrap_or(0.0)
        );
    }
    let limit_min = run.params.limit_secs as f64 / 60.0;
    for (g, grp) in run.groups.iter().enumerate() {
        let worst = towns_worst_first(g, &run.towns, &run.town_results);
        o += &format!("\nFive worst towns, {}:\n", grp.label);
        for t in worst.iter().take(5) {
            o += &format!(
                "  {:<22} {:>7} inv.  median {:>9}  within limit {:>7}\n",
                t.town,
                int(t.population as u64),
                match t.median_min {
                    Some(m) if m <= limit_min => format!("{m:.0} min"),
                    _ => format!("> {limit_min:.0} min"),
                },
                pct(t.share_within_limit, false)
            );
        }
    }
    o
}
