//! `narhet coverage`: who has basic service, who does not, and where närtrafik would serve.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use super::common::{DEFAULT_REGION, FeedArgs, load_study, note, out_dir, parse_date, pick_date, stdout, warn};
use crate::analysis::coverage::{CoverageFormat, files, run_coverage};
use crate::analysis::dates::{check_in_period, weekend_after};
use crate::analysis::inputs::coverage_inputs;
use crate::analysis::no_footpaths;
use crate::date::Date;
use crate::timetable::Timetable;

/// Coverage in sparse areas: per population grid cell, its area class (town / rural / sparse) and
/// whether it has basic service by Region Kronoberg's Glesbygdstrafik rule (a stop under 1 km away
/// with at least 2 departures per direction, towards and from the municipal seat) on a weekday,
/// a Saturday and a Sunday; a stricter planning level (enough weekday trips to the seat and a
/// same-day return); närtrafik zones of the feed; and the connected gaps of unserved cells,
/// ranked by population, as candidates for närtrafik. Thresholds come from the region file.
///
/// Saturday and Sunday are the first Saturday and the first Sunday after --date unless given.
/// Distances are straight lines in metres on SWEREF 99 TM (EPSG:3006).
///
/// Example: narhet coverage --region regions/kronoberg.toml --gtfs gtfs/kronoberg --date 2026-11-24 --format csv --out out/coverage
#[derive(Args, Debug)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Region file (population grid, municipalities and seats, towns, coverage thresholds).
    #[arg(long, value_name = "TOML", default_value = DEFAULT_REGION)]
    pub region: PathBuf,
    /// The weekday to assess (YYYY-MM-DD). Default: a typical Tuesday–Thursday of the feed.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// The Saturday to assess. Default: the first Saturday after --date.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub saturday: Option<Date>,
    /// The Sunday to assess. Default: the first Sunday after --date.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub sunday: Option<Date>,
    /// Files to write into --out (csv: municipalities.csv, cells.csv, gaps.csv; geojson:
    /// cells.geojson, gaps.geojson, gap_points.geojson; json: coverage.json); text: none unless
    /// --out is given, then all of them. The text tables are printed in every case.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Folder for the output files (replaced only if an earlier `narhet coverage` made it).
    /// Default with --format csv, geojson or json: out/coverage.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// How many of the largest gaps the text table lists.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub top: usize,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Geojson,
    Json,
}

impl From<Format> for CoverageFormat {
    fn from(f: Format) -> CoverageFormat {
        match f {
            Format::Text => CoverageFormat::Text,
            Format::Csv => CoverageFormat::Csv,
            Format::Geojson => CoverageFormat::Geojson,
            Format::Json => CoverageFormat::Json,
        }
    }
}

pub fn run(args: &CoverageArgs) -> anyhow::Result<()> {
    let study =
        load_study(&args.region).with_context(|| format!("reading coverage inputs from {}", args.region.display()))?;
    let files: Vec<_> = match (args.format, &args.out) {
        (Format::Text, None) => Vec::new(),
        (Format::Text, Some(_)) => {
            [Format::Csv, Format::Geojson, Format::Json].into_iter().flat_map(|f| files(f.into()).iter()).collect()
        }
        (f, _) => files(f.into()).iter().collect(),
    };
    let target = args.out.as_deref().unwrap_or(Path::new("out/coverage"));
    let inputs = [args.feed.paths(), study.input_files()].concat();
    let out = (!files.is_empty()).then(|| out_dir(target, "coverage", &inputs)).transpose()?;
    let feed = args.feed.load_for(&study)?;
    let weekday = pick_date(&feed, args.date, true)?;
    for d in [args.saturday, args.sunday].into_iter().flatten() {
        check_in_period(&feed, d)?;
    }
    let weekend = weekend_after(weekday, args.saturday, args.sunday);
    let tt = Timetable::build(&feed, weekday, &no_footpaths());
    let run = run_coverage(&feed, &tt, weekend, &study.cells, coverage_inputs(&study.region))?;
    for w in run.seat_warnings().into_iter().chain(run.kolada.warning()) {
        warn(w)?;
    }
    let text = run.text(args.top, &study.cells, &feed);
    if let Some(out) = out {
        for (name, file) in &files {
            out.write(name, run.render(*file, &study.cells, &feed)?)?;
        }
        // Basic service, Glesbygdstrafik and Kolada per age group of the grid (only "all" without
        // age columns).
        let ages = crate::analysis::ages::age_figures(&study, None, Some(&run)).table();
        out.write("age_groups.csv", crate::export::table_to_string(&ages, None, crate::export::Format::Csv)?)?;
        let path = out.commit()?;
        let names: Vec<&str> = files.iter().map(|(n, _)| *n).chain(["age_groups.csv"]).collect();
        note(format_args!("wrote {}/{{{}}}", path.display(), names.join(", ")));
    }
    let mut w = stdout();
    write!(w, "{text}")?;
    w.flush()?;
    Ok(())
}
