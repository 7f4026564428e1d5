//! `narhet ptal`: the PTAL level of every populated grid cell and the population share per level
//! per municipality.

use std::path::PathBuf;

use clap::Args;

use super::common::{DEFAULT_REGION, FeedArgs, load_study, note, out_dir, parse_date, pick_date};
use crate::analysis::stops::ptal_tables;
use crate::date::Date;
use crate::export::{Format, table_to_string};

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
    /// Folder for the output files (replaced only if an earlier `narhet ptal` made it).
    #[arg(long, value_name = "DIR", default_value = "out/ptal")]
    pub out: PathBuf,
    /// An OpenStreetMap extract (.osm.pbf or .osm XML; default: the region's `osm`): walks to stops on its
    /// streets and paths, as TfL measures them. Without it, the straight line.
    #[arg(long, value_name = "FILE")]
    pub osm: Option<PathBuf>,
}

pub fn run(args: &PtalArgs) -> anyhow::Result<()> {
    let mut study = load_study(&args.region)?;
    let inputs = [args.feed.paths(), study.input_files(), args.osm.iter().cloned().collect()].concat();
    let out = out_dir(&args.out, "ptal", &inputs)?;
    if let Some(w) = study.load_streets(args.osm.as_deref())? {
        super::common::warn(w)?;
    }
    match &study.streets {
        Some(n) => note(format_args!("walks to stops on the street network of {} (TfL: 80 m/min)", n.source.display())),
        None => note(format_args!("walks to stops in a straight line (no --osm street network; TfL: 80 m/min)")),
    }
    let feed = args.feed.load_for(&study)?;
    let date = pick_date(&feed, args.date, false)?;
    if args.date.is_none() {
        note(format_args!("date: {date} (a typical weekday; give --date to choose)"));
    }
    let t = ptal_tables(&feed, date, &study)?;
    let files = [
        ("ptal_cells.csv", &t.cells, None, Format::Csv),
        ("ptal_cells.geojson", &t.cells, Some(t.geometries.as_slice()), Format::Geojson),
        ("ptal_by_municipality.csv", &t.shares, None, Format::Csv),
    ];
    for (name, table, g, format) in files {
        out.write(name, table_to_string(table, g, format)?)?;
    }
    let path = out.commit()?;
    note(format_args!("wrote {}/{{ptal_cells.csv, ptal_cells.geojson, ptal_by_municipality.csv}}", path.display()));
    Ok(())
}
