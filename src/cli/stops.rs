//! `narhet stops`: the stop table (service, catchment population, wheelchair access, PTAL) and
//! the priority list for tillgänglighetsanpassning.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::common::{FeedArgs, date_or_default, load_population, parse_date};
use crate::date::{Date, parse_time};
use crate::export::{self, Format};
use crate::metrics::ptal::PtalParams;
use crate::metrics::stops::{Catchment, StopOptions, priority_list, stop_table};
use crate::tables::stops::{priority_table, stop_table as stop_rows};
use crate::timetable::{FootpathOptions, Timetable};

/// One row per stop (or per station with --stations) with the service on a date: calls,
/// departures, routes, first and last departure, peak departures (07–09), mean and max headway
/// (07:00–19:00), wheelchair_boarding, population within 400/800/1000 m (with --region) and the
/// PTAL level (TfL method, 08:15–09:15). With --priority: stops not marked wheelchair accessible,
/// ranked by departures × population within 400 m.
///
/// Example: narhet stops --gtfs gtfs/kronoberg --date 2026-11-24 --region regions/kronoberg.toml --out stops.csv
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
    pub format: Format,
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
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
    /// Catchment radius of the priority score, in metres.
    #[arg(long, value_name = "M", default_value_t = 400.0)]
    pub priority_radius: f64,
}

/// Parses `HH:MM-HH:MM` (or with seconds) into seconds since midnight.
pub fn parse_window(s: &str) -> Result<(u32, u32), String> {
    let err = || format!("'{s}' is not a time window like 07:00-19:00");
    let (a, b) = s.split_once('-').ok_or_else(err)?;
    let (a, b) = (parse_time(a).ok_or_else(err)?, parse_time(b).ok_or_else(err)?);
    if b < a {
        return Err(format!("time window '{s}' ends before it starts"));
    }
    Ok((a, b))
}

pub fn run(args: &StopsArgs) -> anyhow::Result<()> {
    if args.priority && args.region.is_none() {
        anyhow::bail!("--priority needs --region (the population grid)");
    }
    let feed = args.feed.load()?;
    let date = date_or_default(&feed, args.date)?;
    if args.date.is_none() {
        eprintln!("date: {date} (a typical weekday; give --date to choose)");
    }
    let tt = Timetable::build(&feed, date, &FootpathOptions { radius_m: 0.0, ..Default::default() });
    let pop = args.region.as_deref().map(load_population).transpose()?;
    let opts = StopOptions {
        headway_window: args.headway_window,
        peak_window: args.peak_window,
        radii_m: args.radii.clone(),
        stations: args.stations,
        ptal: PtalParams::default(),
    };
    let table = stop_table(&tt, &opts, pop.as_ref().map(|p| p.cells.as_slice()))?;
    let (out, geoms) = match (&pop, args.priority) {
        (Some(pop), true) => {
            let catchment = Catchment::new(&pop.cells);
            let list = priority_list(&table, &catchment, args.priority_radius);
            priority_table(&feed, &table, &list, &pop.municipalities, args.priority_radius)
        }
        _ => stop_rows(&feed, &table),
    };
    match &args.out {
        Some(path) => export::write_file(path, &out, Some(&geoms), args.format)
            .with_context(|| format!("writing {}", path.display()))?,
        None => export::write_table(&out, Some(&geoms), args.format, export::output(None)?)?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn windows() {
        assert_eq!(super::parse_window("07:00-19:00"), Ok((25_200, 68_400)));
        assert_eq!(super::parse_window("06:30:30-25:00"), Ok((23_430, 90_000)));
        assert!(super::parse_window("19:00-07:00").is_err());
        assert!(super::parse_window("7-19").is_err());
    }
}
