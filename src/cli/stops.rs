//! `narhet stops`: the stop table (service, catchment population, wheelchair access, PTAL) and
//! the priority list for tillgänglighetsanpassning.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::common::{FeedArgs, FormatArg, load_study, note, out_dir, parse_date, pick_date, stdout};
use crate::analysis::stops::stops_table;
use crate::date::{Date, WindowError};
use crate::export::{self, Format};
use crate::metrics::ptal::PtalParams;
use crate::metrics::stops::StopOptions;

/// One row per stop (or per station with --stations) with the service on a date: calls,
/// departures, routes, first and last departure, peak departures (07–09), mean and max headway
/// (07:00–19:00), wheelchair_boarding, population within 400/800/1000 m (with --region) and the
/// PTAL level (TfL method, 08:15–09:15). With --priority: stops not marked wheelchair accessible,
/// ranked by departures × population within 400 m.
///
/// Example: narhet stops --gtfs gtfs/kronoberg --date 2026-11-24 --region regions/kronoberg.toml --out out/stops
#[derive(Args, Debug)]
pub struct StopsArgs {
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Service date (YYYY-MM-DD). Default: a typical weekday in the feed's first weeks.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Region file whose population grid fills pop_* (needed for --priority).
    #[arg(long, value_name = "FILE")]
    pub region: Option<PathBuf>,
    /// One row per parent station (child stops aggregated) plus stops without a station.
    #[arg(long)]
    pub stations: bool,
    /// Output format: csv, json (array of objects) or geojson (points, WGS84).
    #[arg(long, value_enum, default_value = "csv")]
    pub format: FormatArg,
    /// Write the table into this folder (stops.csv, .json or .geojson; priority.* with
    /// --priority) instead of to stdout. Replaced only if an earlier `narhet stops` made it.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Headways from departures in this window, both ends included.
    #[arg(long, value_name = "HH:MM-HH:MM", default_value = "07:00-19:00", value_parser = parse_window)]
    pub headway_window: (u32, u32),
    /// Peak departures: start included, end excluded.
    #[arg(long, value_name = "HH:MM-HH:MM", default_value = "07:00-09:00", value_parser = parse_window)]
    pub peak_window: (u32, u32),
    /// Catchment radii in metres (comma-separated), one pop_* column each (pop_400, …).
    #[arg(
        long = "radii",
        visible_alias = "walk-radius",
        value_name = "M,M,…",
        value_delimiter = ',',
        default_value = "400,800,1000"
    )]
    pub radii: Vec<f64>,
    /// Print the priority list for tillgänglighetsanpassning instead of the table.
    #[arg(long)]
    pub priority: bool,
    /// An OpenStreetMap extract (.osm.pbf or .osm XML; default: the region's `osm`; needs --region): the
    /// ptal column walks on its streets and paths (as `narhet ptal --osm`), and pop_net_* columns
    /// add the population within a walk of each radius on them.
    #[arg(long, value_name = "FILE", requires = "region")]
    pub osm: Option<PathBuf>,
    /// Catchment radius of the priority score, in metres.
    #[arg(long, value_name = "M", default_value_t = 400.0)]
    pub priority_radius: f64,
}

/// Parses `HH:MM-HH:MM` (or with seconds) into seconds since midnight, for clap.
pub fn parse_window(s: &str) -> Result<(u32, u32), String> {
    crate::date::parse_window(s).map_err(|e| match e {
        WindowError::Reversed => format!("time window '{s}' ends before it starts"),
        _ => format!("'{s}' is not a time window like 07:00-19:00"),
    })
}

pub fn run(args: &StopsArgs) -> anyhow::Result<()> {
    if args.priority && args.region.is_none() {
        anyhow::bail!("--priority needs --region (the population grid)");
    }
    let mut study = args.region.as_deref().map(load_study).transpose()?;
    let osm = args.osm.iter().cloned().collect();
    let inputs = [args.feed.paths(), study.as_ref().map(|s| s.input_files()).unwrap_or_default(), osm].concat();
    let out_folder = args.out.as_deref().map(|dir| out_dir(dir, "stops", &inputs)).transpose()?;
    if let Some(s) = study.as_mut() {
        if let Some(w) = s.load_streets(args.osm.as_deref())? {
            super::common::warn(w)?;
        }
        if let Some(n) = &s.streets {
            note(format_args!("ptal: walks to stops on the street network of {} (TfL: 80 m/min)", n.source.display()));
            note(format_args!("pop_net_*: the population within a walk on {}", n.source.display()));
        }
    }
    let feed = match &study {
        Some(s) => args.feed.load_for(s)?,
        None => args.feed.load()?,
    };
    let date = pick_date(&feed, args.date, false)?;
    if args.date.is_none() {
        note(format_args!("date: {date} (a typical weekday; give --date to choose)"));
    }
    let opts = StopOptions {
        headway_window: args.headway_window,
        peak_window: args.peak_window,
        radii_m: args.radii.clone(),
        stations: args.stations,
        ptal: PtalParams::default(),
    };
    let priority = args.priority.then_some(args.priority_radius);
    let (out, geoms) = stops_table(&feed, date, &opts, study.as_ref(), priority)?;
    let format: Format = args.format.into();
    let Some(folder) = out_folder else {
        let mut w = stdout();
        export::write_table(&out, Some(&geoms), format, &mut w)?;
        w.flush()?;
        return Ok(());
    };
    let ext = match format {
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Geojson => "geojson",
    };
    let name = format!("{}.{ext}", if args.priority { "priority" } else { "stops" });
    folder.write(&name, export::table_to_string(&out, Some(&geoms), format)?)?;
    let path = folder.commit()?;
    note(format_args!("wrote {}", path.join(name).display()));
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn windows() {
        assert_eq!(super::parse_window("07:00-19:00"), Ok((25_200, 68_400)));
        assert_eq!(super::parse_window("06:30:30-25:00"), Ok((23_430, 90_000)));
        assert_eq!(super::parse_window("19:00-07:00"), Err("time window '19:00-07:00' ends before it starts".into()));
        assert_eq!(super::parse_window("7-19"), Err("'7-19' is not a time window like 07:00-19:00".into()));
    }
}
