//! `narhet report`: the TFP report for Trafiknämnden — stops, reach to care and coverage run
//! once over one loaded network, written as HTML, Markdown, metrics.json, GeoJSON and CSV.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use super::common::{DEFAULT_REGION, FeedArgs, date_or_default, parse_date};
use super::reach::{origin_table, parse_window};
use crate::date::{Date, parse_duration};
use crate::export::{Format, Geometry, Table, table_to_string, write_csv_bom, write_csv_excel};
use crate::metrics::reach::ReachParams;
use crate::output::OutDir;
use crate::region::Region;
use crate::report::content;
use crate::report::data::{Inputs, compute_report, tfp_rows};
use crate::report::figures::figures;
use crate::report::render;
use crate::report::text::{L, Lang};
use crate::timetable::{FootpathOptions, Timetable};

/// Writes the TFP report for Trafiknämnden: a summary, the strategic nodes against their goals,
/// reach to care (vårdcentral, acute hospital, the Räppe what-if), coverage in sparse areas,
/// stops and the accessibility priority list, the TFP indicators, and method and data.
///
/// Output (in --out, default out/): report.html (self-contained, printable), report.md,
/// metrics.json (every number, with a schema version), figures/*.png, layers/*.geojson (QGIS)
/// and tables/*.csv (UTF-8 with BOM; --csv-excel for ';' and decimal comma).
///
/// With no arguments it runs on the shipped sample: regions/kronoberg.toml and gtfs/kronoberg.
///
/// Example: narhet report --date 2026-11-24 --lang en --out out-en
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Region file (municipalities, towns, goals, care nodes, population grid).
    #[arg(long, default_value = DEFAULT_REGION)]
    pub region: PathBuf,
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Service date to analyse (YYYY-MM-DD); default: a typical weekday of the feed.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Output directory (replaced only if narhet made it).
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Language of the report.
    #[arg(long, value_enum, default_value = "sv")]
    pub lang: Lang,
    /// Morning departure window for travel times, HH:MM-HH:MM.
    #[arg(long, default_value = "07:00-09:00")]
    pub window: String,
    /// Time at the care node before the trip home.
    #[arg(long, default_value = "2h")]
    pub return_after: String,
    /// Write CSV tables for Swedish Excel: ';' separators and decimal comma.
    #[arg(long)]
    pub csv_excel: bool,
}

pub fn run(args: &ReportArgs) -> anyhow::Result<()> {
    let t0 = Instant::now();
    let l = L(args.lang);
    let steps = super::progress::bar(6, l.t("rapport", "report"));
    steps.set_message(l.t("läser in", "loading").to_string());
    let region = Region::load(&args.region)?;
    let grid = region.load_population()?;
    let cells = super::common::region_cells(&region, &grid);
    // Fail on an unusable output directory before the work, not after.
    let out = OutDir::create(&args.out)?;
    let feed = args.feed.load()?;
    let date = date_or_default(&feed, args.date)?;
    steps.inc(1);
    steps.set_message(l.t("tidtabell", "timetable").to_string());
    let walk = FootpathOptions { walk: region.walk.model, ..Default::default() };
    let tt = Timetable::build(&feed, date, &walk);
    steps.inc(1);
    steps.set_message(l.t("restider", "travel times").to_string());
    let (start, end) = parse_window(&args.window)?;
    let stay = parse_duration(&args.return_after)
        .with_context(|| format!("--return-after '{}': expected e.g. 2h", args.return_after))?;
    let reach = ReachParams { window_start: start, window_end: end, return_after: Some(stay), ..region.reach_params() };
    let inputs = Inputs {
        region: &region,
        feed: &feed,
        date,
        tt: &tt,
        cells: &cells,
        population_source: grid_source(&region),
        reach,
        node_radius_m: region.walk.access_radius_m,
    };
    let mut computed = compute_report(&inputs);
    steps.inc(1);
    steps.set_message(l.t("täckning", "coverage").to_string());
    let cov = super::report_coverage::add(&l, &region, &feed, &tt, &cells, date, &mut computed.data)?;
    computed.data.tfp = tfp_rows(&region, &computed.data.summary);
    steps.inc(1);
    steps.set_message(l.t("figurer", "figures").to_string());
    let mut figs = figures(&l, &region, &computed, &feed, &tt, &cells)?;
    figs.extend(cov.figures);
    steps.inc(1);
    steps.set_message(l.t("skriver", "writing").to_string());

    let d = &computed.data;
    let title =
        format!("{} – {}", l.t("Kollektivtrafik och tillgänglighet", "Public transport and accessibility"), d.region);
    let cover = vec![
        format!(
            "{} {} ({})",
            l.t("Underlag till Trafiknämnden · trafikdag", "Background for Trafiknämnden · service day"),
            d.date,
            d.weekday
        ),
        format!(
            "{}: {}",
            l.t("Tidtabell", "Timetable"),
            d.feeds.iter().map(|f| f.path.clone()).collect::<Vec<_>>().join(", ")
        ),
        format!("{}: {}", l.t("Befolkning", "Population"), d.parameters.population_source),
    ];
    let blocks = content::build(&l, d, &cov.blocks);
    out.write("report.html", render::html(&l, &title, &cover, &blocks, &figs))?;
    out.write("report.md", render::markdown(&title, &cover, &blocks, &figs))?;
    out.write("metrics.json", serde_json::to_string_pretty(d)? + "\n")?;
    for f in &figs {
        out.write(&format!("figures/{}.png", f.name), &f.figure.png)?;
    }

    // Tables and layers.
    let csv = |t: &Table| -> anyhow::Result<Vec<u8>> {
        let mut buf = Vec::new();
        if args.csv_excel {
            write_csv_excel(t, &mut buf)?
        } else {
            write_csv_bom(t, &mut buf)?
        }
        Ok(buf)
    };
    let names = region.municipality_names();
    let (stops_t, stops_g) = crate::tables::stops::stop_table(&feed, &computed.stop_table);
    out.write("tables/hallplatser.csv", csv(&stops_t)?)?;
    out.write("layers/hallplatser.geojson", table_to_string(&stops_t, Some(&stops_g), Format::Geojson)?)?;
    let catchment = crate::metrics::stops::Catchment::new(&cells);
    let prio = crate::metrics::stops::priority_list(&computed.stop_table, &catchment, 400.0);
    let (prio_t, prio_g) = crate::tables::stops::priority_table(&feed, &computed.stop_table, &prio, &names, 400.0);
    out.write("tables/prioritering_tillganglighet.csv", csv(&prio_t)?)?;
    out.write("layers/prioritering_tillganglighet.geojson", table_to_string(&prio_t, Some(&prio_g), Format::Geojson)?)?;
    let run = &computed.reach;
    let cells_t = origin_table(&run.cells, &run.cell_results, &run.groups, &computed.nodes, &names, true);
    let cell_geoms: Vec<Geometry> = cells.iter().map(|c| Geometry::Polygon(vec![c.ring_wgs84().to_vec()])).collect();
    out.write("tables/restid_rutor.csv", csv(&cells_t)?)?;
    out.write("layers/restid_rutor.geojson", table_to_string(&cells_t, Some(&cell_geoms), Format::Geojson)?)?;
    let towns_t = origin_table(&run.towns, &run.town_results, &run.groups, &computed.nodes, &names, false);
    out.write("tables/restid_orter.csv", csv(&towns_t)?)?;
    out.write("tables/mal.csv", csv(&goals_table(d))?)?;
    out.write("tables/noder.csv", csv(&nodes_table(d))?)?;
    for (path, table) in &cov.tables {
        out.write(path, csv(table)?)?;
    }
    for (path, text) in &cov.files {
        out.write(path, text)?;
    }
    steps.inc(1);
    steps.finish_and_clear();
    let path = out.commit()?;
    println!(
        "{}: {}/report.html · {} {} / {} · {:.1} s",
        l.t("Rapporten", "The report"),
        path.display(),
        l.t("mål uppfyllda", "goals met"),
        d.summary.goals_met,
        d.summary.goals_total,
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

fn grid_source(region: &Region) -> String {
    let path = region.population_grid.as_ref().map_or("–".into(), |p| p.display().to_string());
    let synthetic = region
        .population_grid
        .as_ref()
        .is_some_and(|p| p.starts_with("regions") || p.to_string_lossy().contains("regions/kronoberg/"));
    if synthetic { format!("{path} (syntetiskt rutnät / synthetic grid)") } else { path }
}

fn goals_table(d: &crate::report::data::ReportData) -> Table {
    use crate::export::Field;
    let mut t = Table::new(&["subject", "goal", "target", "value", "met"]);
    for g in d.nodes.iter().flat_map(|n| n.goals.iter()).chain(d.municipality_goals.iter()) {
        t.push(vec![
            Field::Text(g.subject.clone()),
            Field::Text(g.goal.clone()),
            Field::Num(g.target, 3),
            Field::opt_num(g.value, 3),
            Field::Int(g.met as i64),
        ]);
    }
    t
}

fn nodes_table(d: &crate::report::data::ReportData) -> Table {
    use crate::export::Field;
    let mut t = Table::new(&[
        "town",
        "municipality",
        "stops",
        "departures_to_core",
        "first_to_core",
        "last_to_core",
        "fastest_to_core_min",
        "median_to_core_min",
        "median_to_acute_min",
        "median_to_planned_min",
        "departures_to_planned",
    ]);
    for n in &d.nodes {
        t.push(vec![
            Field::Text(n.town.clone()),
            Field::Text(n.municipality.clone()),
            Field::Int(n.stops as i64),
            Field::Int(n.to_core.departures as i64),
            Field::opt_text(n.to_core.first.map(crate::date::fmt_time)),
            Field::opt_text(n.to_core.last.map(crate::date::fmt_time)),
            Field::opt_num(n.fastest_to_core_min, 1),
            Field::opt_num(n.median_to_core_min, 1),
            Field::opt_num(n.median_to_acute_min, 1),
            Field::opt_num(n.median_to_planned_min, 1),
            Field::Int(n.departures_to_planned as i64),
        ]);
    }
    t
}
