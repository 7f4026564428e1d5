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
    let fp = args.walk.footpaths();
    if !(fp.radius_m >= 0.0 && fp.radius_m.is_finite() && fp.speed_mps > 0.0 && fp.detour > 0.0) {
        bail!("--walk-radius must be 0 or more metres, --walk-speed and --walk-detour above 0");
    }
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
