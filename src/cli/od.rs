//! `narhet od`: earliest arrival and transfers for a CSV of origin–destination queries.

use anyhow::{Context, bail};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::common::{FeedArgs, WalkArgs, date_or_default, parse_date};
use crate::date::{Date, fmt_time, parse_time};
use crate::feed::Feed;
use crate::router::lookup::stops_of;
use crate::router::{Raptor, RouterConfig};
use crate::timetable::{StopIdx, Timetable};
use rayon::prelude::*;

/// Earliest arrival time and number of transfers for many stop-to-stop queries, in parallel.
///
/// Input CSV columns: origin_stop_id,destination_stop_id,departure_time (HH:MM:SS, may pass
/// 24:00:00). Output CSV, same row order: the input columns plus earliest_arrival_time
/// (HH:MM:SS, empty when unreachable) and transfers (rides − 1 of the journey with the fewest
/// rides among those arriving earliest; 0 for walking only; empty when unreachable). A station
/// id stands for all its platforms.
///
/// Example: narhet od --gtfs gtfs/kronoberg --date 2026-11-23 --queries queries.csv --out answers.csv
#[derive(clap::Args, Debug, Clone)]
pub struct OdArgs {
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Service date, YYYY-MM-DD (default: a typical weekday of the feed).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// CSV file with columns origin_stop_id,destination_stop_id,departure_time.
    #[arg(long, value_name = "FILE")]
    pub queries: PathBuf,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// Seconds needed to change vehicles at the same stop (transfers.txt may set its own).
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub min_change: u32,
    /// Most rides (vehicles) in one journey.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_rounds: u8,
    /// Write the answers here instead of to standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

struct Query {
    origin_id: String,
    destination_id: String,
    departure_text: String,
    origins: Vec<StopIdx>,
    targets: Vec<StopIdx>,
    departure: u32,
}

const COLUMNS: [&str; 3] = ["origin_stop_id", "destination_stop_id", "departure_time"];

fn read_queries(path: &Path, feed: &Feed) -> anyhow::Result<Vec<Query>> {
    let shown = path.display();
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("{shown}: cannot read"))?;
    let headers = rdr.headers().with_context(|| format!("{shown}, line 1: cannot read the header"))?.clone();
    let col = |name: &str| -> anyhow::Result<usize> {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .with_context(|| format!("{shown}, line 1: missing column '{name}'"))
    };
    let idx = [col(COLUMNS[0])?, col(COLUMNS[1])?, col(COLUMNS[2])?];
    let ids: HashMap<&str, StopIdx> =
        feed.stops.iter().enumerate().map(|(i, s)| (s.id.as_str(), StopIdx(i as u32))).collect();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.with_context(|| format!("{shown}: unreadable CSV"))?;
        let line = rec.position().map_or(0, |p| p.line());
        let field = |i: usize| rec.get(idx[i]).unwrap_or("").to_string();
        let stop = |i: usize| -> anyhow::Result<(String, Vec<StopIdx>)> {
            let id = field(i);
            match ids.get(id.as_str()) {
                Some(&s) => Ok((id, stops_of(feed, s))),
                None => bail!("{shown}, line {line}, field '{}': unknown stop id '{id}'", COLUMNS[i]),
            }
        };
        let (origin_id, origins) = stop(0)?;
        let (destination_id, targets) = stop(1)?;
        let departure_text = field(2);
        let departure = parse_time(&departure_text).with_context(|| {
            format!("{shown}, line {line}, field 'departure_time': '{departure_text}' is not a time HH:MM:SS")
        })?;
        out.push(Query { origin_id, destination_id, departure_text, origins, targets, departure });
    }
    Ok(out)
}

pub fn run(args: &OdArgs) -> anyhow::Result<()> {
    let fp = args.walk.footpaths()?;
    let feed = args.feed.load()?;
    let date = date_or_default(&feed, args.date)?;
    let queries = read_queries(&args.queries, &feed)?;
    let tt = Timetable::build(&feed, date, &fp);
    let cfg = RouterConfig { max_rounds: args.max_rounds, min_change_secs: args.min_change };
    let answers: Vec<Option<(u32, u8)>> = queries
        .par_iter()
        .map_init(
            || (Raptor::new(&tt, cfg), Vec::new()),
            |(r, origins), q| {
                origins.clear();
                origins.extend(q.origins.iter().map(|&s| (s, q.departure)));
                r.earliest_arrival_to(origins, true, &q.targets);
                r.best_at(&q.targets)
            },
        )
        .collect();
    let sink: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(std::fs::File::create(p).with_context(|| format!("{}: cannot create", p.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(sink));
    w.write_record(["origin_stop_id", "destination_stop_id", "departure_time", "earliest_arrival_time", "transfers"])?;
    for (q, a) in queries.iter().zip(&answers) {
        let (arr, tr) = match a {
            Some((t, rides)) => (fmt_time(*t), rides.saturating_sub(1).to_string()),
            None => (String::new(), String::new()),
        };
        w.write_record([q.origin_id.as_str(), &q.destination_id, &q.departure_text, &arr, &tr])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: [(&str, &str); 6] = [
        ("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,T,http://x.org,Europe/Stockholm\n"),
        (
            "stops.txt",
            "stop_id,stop_name,stop_lat,stop_lon\nS1,One,56.80,14.80\nS2,Two,56.81,14.80\nS3,Three,56.82,14.80\n",
        ),
        ("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR,A,1,,3\n"),
        ("trips.txt", "route_id,service_id,trip_id\nR,S,a\nR,S,b\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence\na,08:00:00,08:00:00,S1,1\na,08:10:00,08:10:00,S2,2\nb,23:50:00,23:50:00,S2,1\nb,24:20:00,24:20:00,S3,2\n",
        ),
        (
            "calendar.txt",
            "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS,1,1,1,1,1,1,1,20260101,20261231\n",
        ),
    ];

    fn args(dir: &Path, queries: &str) -> OdArgs {
        for (n, t) in FEED {
            std::fs::write(dir.join(n), t).expect("write");
        }
        std::fs::write(dir.join("q.csv"), queries).expect("write");
        OdArgs {
            feed: FeedArgs {
                gtfs: vec![dir.to_path_buf()],
                max_unzipped: 1 << 30,
                max_stop_times: 1 << 20,
                no_cache: true,
                verbose: false,
            },
            date: Date::parse("2026-11-23"),
            queries: dir.join("q.csv"),
            walk: WalkArgs { walk_radius: 0.0, walk_detour: 1.3, walk_speed: 1.3 },
            min_change: 60,
            max_rounds: 8,
            out: Some(dir.join("out.csv")),
        }
    }

    #[test]
    fn answers_in_input_order() {
        let dir = tempfile::tempdir().expect("tmp");
        let a = args(
            dir.path(),
            "origin_stop_id,destination_stop_id,departure_time\nS1,S3,07:00:00\nS3,S1,07:00:00\nS2,S2,09:00:00\nS1,S2,08:00:00\n",
        );
        run(&a).expect("runs");
        let out = std::fs::read_to_string(dir.path().join("out.csv")).expect("output");
        // S1→S3: a to S2 08:10, change (60 s) to b 23:50 → S3 24:20:00, 2 rides = 1 transfer.
        // S3→S1: no trip that way. S2→S2: already there, 0 transfers. S1→S2 at 08:00: a, direct.
        assert_eq!(
            out,
            "origin_stop_id,destination_stop_id,departure_time,earliest_arrival_time,transfers\n\
             S1,S3,07:00:00,24:20:00,1\nS3,S1,07:00:00,,\nS2,S2,09:00:00,09:00:00,0\nS1,S2,08:00:00,08:10:00,0\n"
        );
    }

    #[test]
    fn bad_rows_name_file_line_and_field() {
        let dir = tempfile::tempdir().expect("tmp");
        let a = args(dir.path(), "origin_stop_id,destination_stop_id,departure_time\nS1,S2,08:00:00\nS1,S9,08:00:00\n");
        let e = format!("{:#}", run(&a).expect_err("unknown stop"));
        assert!(e.contains("q.csv, line 3, field 'destination_stop_id': unknown stop id 'S9'"), "{e}");
        let a = args(dir.path(), "origin_stop_id,destination_stop_id,departure_time\nS1,S2,8h\n");
        let e = format!("{:#}", run(&a).expect_err("bad time"));
        assert!(e.contains("q.csv, line 2, field 'departure_time'"), "{e}");
        let a = args(dir.path(), "origin,destination_stop_id,departure_time\n");
        let e = format!("{:#}", run(&a).expect_err("bad header"));
        assert!(e.contains("q.csv, line 1: missing column 'origin_stop_id'"), "{e}");
    }
}
