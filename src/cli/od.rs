//! `narhet od`: earliest arrival and transfers for a CSV of origin–destination queries.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use super::common::{FeedArgs, WalkArgs, parse_date, pick_date};
use crate::analysis::journeys::{answer, read_queries, write_answers};
use crate::date::Date;
use crate::router::{DEFAULT_MIN_CHANGE_SECS, RouterConfig};
use crate::timetable::Timetable;

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
    /// Seconds needed to change vehicles at the same stop, and the least a move to another
    /// stop between two rides takes (transfers.txt rows may set their own).
    #[arg(long, value_name = "S", default_value_t = DEFAULT_MIN_CHANGE_SECS)]
    pub min_change: u32,
    /// Most rides (vehicles) in one journey.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_rounds: u8,
    /// Write the answers here instead of to standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(args: &OdArgs) -> anyhow::Result<()> {
    let fp = args.walk.footpaths()?;
    let feed = args.feed.load()?;
    let date = pick_date(&feed, args.date, false)?;
    let queries = read_queries(&args.queries, &feed)?;
    let tt = Timetable::build(&feed, date, &fp);
    let cfg = RouterConfig { max_rounds: args.max_rounds, min_change_secs: args.min_change };
    let answers = answer(&tt, cfg, &queries);
    let sink: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(std::fs::File::create(p).with_context(|| format!("{}: cannot create", p.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    write_answers(std::io::BufWriter::new(sink), &queries, &answers)?;
    Ok(())
}
