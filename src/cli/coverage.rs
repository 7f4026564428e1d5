//! `narhet coverage`: who has basic service, who does not, and where närtrafik would serve.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use super::common::{CoverageInputs, DEFAULT_REGION, FeedArgs, date_or_default, load_coverage_inputs, parse_date};
use crate::date::{Date, Weekday};
use crate::metrics::coverage::{self, DayTimetables, out};
use crate::timetable::{FootpathOptions, Timetable};

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
    /// Output: text tables on the terminal, or files in --out (csv: municipalities.csv,
    /// cells.csv, gaps.csv; geojson: cells.geojson, gaps.geojson, gap_points.geojson; json:
    /// coverage.json). The text tables are printed in every case.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Directory for the output files (created if missing).
    #[arg(long, value_name = "DIR", default_value = "out/coverage")]
    pub out: PathBuf,
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

/// The first date strictly after `d` that falls on `w`.
pub fn next_weekday(d: Date, w: Weekday) -> Date {
    (1..=7).map(|k| d.add_days(k)).find(|x| x.weekday() == w).unwrap_or(d.add_days(7))
}

pub fn run(args: &CoverageArgs) -> anyhow::Result<()> {
    let inputs = load_coverage_inputs(&args.region)
        .with_context(|| format!("reading coverage inputs from {}", args.region.display()))?;
    let text = run_with(args, &inputs)?;
    print!("{text}");
    Ok(())
}

/// Everything `run` does once the region is read: loads the feeds, builds the three timetables,
/// computes, writes the files of `--format` into `--out`, and returns the text tables.
pub fn run_with(args: &CoverageArgs, inputs: &CoverageInputs) -> anyhow::Result<String> {
    let feed = args.feed.load()?;
    let weekday = date_or_default(&feed, args.date)?;
    if matches!(weekday.weekday(), Weekday::Sat | Weekday::Sun) {
        eprintln!("warning: --date {weekday} is a {:?}, not a weekday", weekday.weekday());
    }
    let saturday = args.saturday.unwrap_or_else(|| next_weekday(weekday, Weekday::Sat));
    let sunday = args.sunday.unwrap_or_else(|| next_weekday(weekday, Weekday::Sun));
    // Coverage reads only trips and stop positions: no footpaths needed.
    let fp = FootpathOptions { radius_m: 0.0, ..Default::default() };
    let (tw, ts, tu) = (
        Timetable::build(&feed, weekday, &fp),
        Timetable::build(&feed, saturday, &fp),
        Timetable::build(&feed, sunday, &fp),
    );
    let days = DayTimetables { weekday: &tw, saturday: Some(&ts), sunday: Some(&tu) };
    let cov = coverage::compute(&feed, &days, &inputs.cells, &inputs.municipalities, &inputs.towns, &inputs.params)?;

    for &m in &cov.seats_without_stops {
        let mu = &inputs.municipalities[m as usize];
        eprintln!(
            "warning: no stop within {} m of the seat of {} ({}): check its position in the region file",
            inputs.params.seat_radius_m, mu.name, mu.seat_town
        );
    }
    let text = out::render_text(&cov, &inputs.municipalities, args.top);
    let files: Vec<(&str, String)> = match args.format {
        Format::Text => Vec::new(),
        Format::Csv => vec![
            ("municipalities.csv", out::municipalities_csv(&cov)),
            ("cells.csv", out::cells_csv(&cov, &inputs.cells, &inputs.municipalities, &feed)),
            ("gaps.csv", out::gaps_csv(&cov, &inputs.municipalities)),
        ],
        Format::Geojson => vec![
            ("cells.geojson", out::cells_geojson(&cov, &inputs.cells, &inputs.municipalities)),
            ("gaps.geojson", out::gaps_geojson(&cov, &inputs.cells, &inputs.municipalities)),
            ("gap_points.geojson", out::gap_points_geojson(&cov, &inputs.municipalities)),
        ],
        Format::Json => vec![("coverage.json", out::summary_json(&cov, &inputs.municipalities, &inputs.params))],
    };
    write_files(&args.out, &files)?;
    Ok(text)
}

fn write_files(dir: &Path, files: &[(&str, String)]) -> anyhow::Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekend_after_the_weekday() {
        let d = |s: &str| Date::parse(s).unwrap();
        // Tuesday 2026-11-24 → Saturday 28th, Sunday 29th.
        assert_eq!(next_weekday(d("2026-11-24"), Weekday::Sat), d("2026-11-28"));
        assert_eq!(next_weekday(d("2026-11-24"), Weekday::Sun), d("2026-11-29"));
        // Strictly after: from Saturday the 28th the next Saturday is 5 December.
        assert_eq!(next_weekday(d("2026-11-28"), Weekday::Sat), d("2026-12-05"));
    }

    #[test]
    fn writes_the_files_of_each_format() {
        // One stop S at the seat, one weekday run out and one back; one cell around it.
        let dir = tempfile::tempdir().unwrap();
        let feed_dir = dir.path().join("feed");
        std::fs::create_dir(&feed_dir).unwrap();
        let (lat, lon) = crate::spatial::to_wgs84(crate::spatial::Xy { x: 480_500.0, y: 6_300_500.0 });
        let (lat2, lon2) = crate::spatial::to_wgs84(crate::spatial::Xy { x: 490_500.0, y: 6_300_500.0 });
        for (name, text) in [
            ("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,T,http://x.org,Europe/Stockholm\n".to_string()),
            ("stops.txt", format!("stop_id,stop_name,stop_lat,stop_lon\nS,Seat,{lat},{lon}\nV,By,{lat2},{lon2}\n")),
            ("routes.txt", "route_id,agency_id,route_short_name,route_type\nR,A,1,3\n".into()),
            ("trips.txt", "route_id,service_id,trip_id\nR,WD,T1\nR,WD,T2\n".into()),
            (
                "stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
                 T1,07:00:00,07:00:00,V,1\nT1,07:20:00,07:20:00,S,2\nT2,16:00:00,16:00:00,S,1\nT2,16:20:00,16:20:00,V,2\n"
                    .into(),
            ),
            (
                "calendar.txt",
                "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
                 WD,1,1,1,1,1,0,0,20260101,20261231\n"
                    .into(),
            ),
        ] {
            std::fs::write(feed_dir.join(name), text).unwrap();
        }
        let inputs = CoverageInputs {
            cells: vec![crate::spatial::Cell {
                x: 490_000.0,
                y: 6_300_000.0,
                size_m: 1000.0,
                population: 9,
                municipality: 0,
            }],
            municipalities: vec![coverage::Municipality {
                name: "Alfa".into(),
                seat_town: "Seat".into(),
                seat: crate::spatial::Xy { x: 480_500.0, y: 6_300_500.0 },
            }],
            towns: Vec::new(),
            params: coverage::CoverageParams::default(),
        };
        for (format, files) in [
            (Format::Csv, &["municipalities.csv", "cells.csv", "gaps.csv"][..]),
            (Format::Geojson, &["cells.geojson", "gaps.geojson", "gap_points.geojson"][..]),
            (Format::Json, &["coverage.json"][..]),
        ] {
            let out = dir.path().join(format!("{format:?}"));
            let args = CoverageArgs {
                feed: FeedArgs {
                    gtfs: vec![feed_dir.clone()],
                    max_unzipped: 1 << 30,
                    max_stop_times: 1000,
                    no_cache: true,
                    verbose: false,
                },
                region: PathBuf::from("unused.toml"),
                date: Date::parse("2026-11-24"),
                saturday: None,
                sunday: None,
                format,
                out: out.clone(),
                top: 5,
            };
            let text = run_with(&args, &inputs).unwrap();
            // The village cell has 1 run each way < 2 → unserved, one gap of 9 people.
            assert!(text.contains("weekday 2026-11-24, saturday 2026-11-28, sunday 2026-11-29"), "{text}");
            for f in files {
                assert!(out.join(f).is_file(), "{f} missing for {format:?}");
            }
        }
        let gaps = std::fs::read_to_string(dir.path().join("Csv/gaps.csv")).unwrap();
        assert_eq!(gaps.lines().count(), 2);
        assert!(gaps.lines().nth(1).unwrap().starts_with("1,1,9,"), "{gaps}");
    }
}
