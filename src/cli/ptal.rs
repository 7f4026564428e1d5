//! `narhet ptal`: the PTAL level of every populated grid cell and the population share per level
//! per municipality.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::common::{DEFAULT_REGION, FeedArgs, load_study, parse_date, pick_date};
use crate::analysis::stops::ptal_tables;
use crate::date::Date;
use crate::export::{self, Format};

/// PTAL (Transport for London's public transport accessibility level, AM peak 08:15–09:15) at
/// the centroid of every populated cell of the region's grid. Writes ptal_cells.csv,
/// ptal_cells.geojson (cell polygons, WGS84) and ptal_by_municipality.csv (population and share
/// per level per municipality) into --out.
///
/// Example: narhet ptal --region regions/kronoberg.toml --gtfs gtfs/kronoberg --date 2026-11-24 --out out/ptal
#[derive(Args, Debug)]
pub struct PtalArgs {
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Service date (YYYY-MM-DD). Default: a typical weekday in the feed's first weeks.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Region file with the population grid.
    #[arg(long, value_name = "FILE", default_value = DEFAULT_REGION)]
    pub region: PathBuf,
    /// Directory for the output files (created if missing).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
}

pub fn run(args: &PtalArgs) -> anyhow::Result<()> {
    let study = load_study(&args.region)?;
    let feed = args.feed.load()?;
    let date = pick_date(&feed, args.date, false)?;
    if args.date.is_none() {
        eprintln!("date: {date} (a typical weekday; give --date to choose)");
    }
    let t = ptal_tables(&feed, date, &study)?;
    std::fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    let files = [
        ("ptal_cells.csv", &t.cells, None, Format::Csv),
        ("ptal_cells.geojson", &t.cells, Some(t.geometries.as_slice()), Format::Geojson),
        ("ptal_by_municipality.csv", &t.shares, None, Format::Csv),
    ];
    for (name, table, g, format) in files {
        let path = args.out.join(name);
        export::write_file(&path, table, g, format).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
