//! `narhet compare`: the same metrics as the report (strategic nodes, reach to care per cell,
//! town and municipality, goals) run on today's network and on a scenario's edited copy, with
//! their differences and the cost side, written as HTML, JSON and GeoJSON.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::common::{
    DEFAULT_REGION, FeedArgs, TravelArgs, load_study, out_dir, parse_date, pick_date, stdout, window_arg,
};
use crate::analysis::assess::assess;
use crate::analysis::compare::{Sides, apply_scenario, cells_table, compare_data};
use crate::analysis::{Network, Study};
use crate::date::Date;
use crate::export::{Format, table_to_string};
use crate::report::compare_page::{AfterSide, html, text_summary};
use crate::scenario::Scenario;

/// Compares a scenario with today's network: loads the region and the feed once, applies the
/// scenario to copies, and runs the report's metrics on both.
///
/// Output (in --out, default out/compare): compare.html (self-contained), compare.json
/// (before, after and difference of every metric), cells_change.geojson (per populated cell:
/// median minutes to each destination group before, after and the difference; for QGIS).
/// A short summary is printed.
///
/// Example: narhet compare --scenario regions/kronoberg/scenarios/alvesta-rappe-direktlinje.toml --date 2026-11-24
#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The scenario file (TOML; see regions/kronoberg/scenarios/).
    #[arg(long)]
    pub scenario: PathBuf,
    /// Region file (municipalities, towns, goals, care nodes, population grid).
    #[arg(long, default_value = DEFAULT_REGION)]
    pub region: PathBuf,
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Service date to analyse (YYYY-MM-DD); default: a typical weekday of the feed. The cost
    /// side counts the trips run on this date.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Output folder (replaced only if an earlier `narhet compare` made it).
    #[arg(long, default_value = "out/compare")]
    pub out: PathBuf,
    /// Morning departure window for travel times, HH:MM-HH:MM (from the start up to, not
    /// including, the end).
    #[arg(long, default_value = "07:00-09:00")]
    pub window: String,
    #[command(flatten)]
    pub travel: TravelArgs,
    #[command(flatten)]
    pub osm: super::network::OsmArgs,
}

pub fn run(args: &CompareArgs) -> anyhow::Result<()> {
    let t0 = Instant::now();
    let scenario = Scenario::load(&args.scenario)?;
    let study = load_study(&args.region)?;
    let inputs = [args.feed.paths(), study.input_files(), scenario.input_files(), args.osm.paths()].concat();
    let out = out_dir(&args.out, "compare", &inputs)?;
    let feed = args.feed.load_for(&study)?;
    let date = pick_date(&feed, args.date, true)?;
    let (feed2, region2) = apply_scenario(&scenario, &feed, &study.region)?;
    let study2 = Study { borders: study.borders.clone(), ..Study::new(region2, study.cells.clone()) };
    let opts = args.travel.options(window_arg(&args.window)?, None)?;
    let steps = super::progress::bar(2, "jämförelse");
    let (bar, tick) = super::progress::counter("restider");
    let net = Network::build(&feed, date, &study.footpaths());
    let (streets, terminal) = args.osm.load(study.region.osm.as_deref())?;
    let mut before = assess(&study, &net, &opts, &tick)?;
    before.add_restidskvot(&study, streets.as_ref(), terminal);
    steps.inc(1);
    let net2 = Network::build(&feed2, date, &study2.footpaths());
    let mut after = assess(&study2, &net2, &opts, &tick)?;
    after.add_restidskvot(&study2, streets.as_ref(), terminal);
    bar.finish_and_clear();
    steps.finish_and_clear();

    let sides = Sides { study: &study, before: &before, after: &after, feed_before: &feed, feed_after: &feed2 };
    let data = compare_data(&scenario, &sides, date, [opts.window.0, opts.window.1]);
    let page = html(&data, &AfterSide { study: &study2, net: &net2, before: &before, after: &after })?;
    out.write("compare.html", page)?;
    out.write("compare.json", serde_json::to_string_pretty(&data)? + "\n")?;
    let (t, g) = cells_table(&sides, &data.groups_compared);
    out.write("cells_change.geojson", table_to_string(&t, Some(&g), Format::Geojson)?)?;
    let path = out.commit()?;
    let mut w = stdout();
    write!(w, "{}", text_summary(&data))?;
    writeln!(
        w,
        "Skrivet: {}/compare.html, compare.json, cells_change.geojson · {:.1} s",
        path.display(),
        t0.elapsed().as_secs_f64()
    )?;
    w.flush()?;
    Ok(())
}
