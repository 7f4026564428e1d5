//! `narhet od`: earliest arrival and transfers for a CSV of origin–destination queries.

use std::io::Write;
use std::path::PathBuf;

use super::common::{AccessArgs, FeedArgs, WalkArgs, note, out_dir, parse_date, pick_date, stdout};
use crate::analysis::journeys::{answer, answer_arrive_by, read_queries_timed, write_answers, write_arrive_by};
use crate::date::Date;
use crate::router::{DEFAULT_MIN_CHANGE_SECS, RouterConfig};
use crate::timetable::{Booking, Timetable};

/// Earliest arrival time and number of transfers for many stop-to-stop queries, in parallel.
///
/// Input CSV columns: origin_stop_id,destination_stop_id,departure_time (HH:MM:SS, may pass
/// 24:00:00). Output CSV, same row order: the input columns plus earliest_arrival_time
/// (HH:MM:SS, empty when unreachable) and transfers (rides − 1 of the journey with the fewest
/// rides among those arriving earliest; 0 for walking only; empty when unreachable). A station
/// id stands for all its platforms.
///
/// Example: narhet od --gtfs gtfs/kronoberg --date 2026-11-23 --queries queries.csv --out out/od
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
    #[command(flatten)]
    pub access: AccessArgs,
    /// Seconds needed to change vehicles at the same stop, and the least a move to another
    /// stop between two rides takes (transfers.txt rows may set their own).
    #[arg(long, value_name = "S", default_value_t = DEFAULT_MIN_CHANGE_SECS)]
    pub min_change: u32,
    /// Arrive-by queries: the input's time column is arrival_time (be there by), and the output
    /// adds latest_departure_time, earliest_arrival_time (of the journey leaving then),
    /// transfers, travel_min (arrival − departure) and set_aside_min (arrival_time − departure).
    #[arg(long)]
    pub arrive_by: bool,
    /// Most rides (vehicles) in one journey.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_rounds: u8,
    /// Write the answers into this folder (answers.csv) instead of to standard output.
    /// Replaced only if an earlier `narhet od` made it.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(args: &OdArgs) -> anyhow::Result<()> {
    let fp = args.walk.footpaths()?;
    note(format_args!("{}", crate::analysis::walking::footpath_text(&fp)));
    let inputs = [args.feed.paths(), vec![args.queries.clone()], args.walk.osm.iter().cloned().collect()].concat();
    let out = args.out.as_deref().map(|dir| out_dir(dir, "od", &inputs)).transpose()?;
    let feed = args.feed.load()?;
    let date = pick_date(&feed, args.date, false)?;
    let time_column = if args.arrive_by { "arrival_time" } else { "departure_time" };
    let queries = read_queries_timed(&args.queries, &feed, time_column)?;
    let tt = Timetable::build_for(&feed, date, &fp, Booking::Exclude, args.access.access());
    let cfg = RouterConfig { max_rounds: args.max_rounds, min_change_secs: args.min_change };
    let mut buf = Vec::new();
    if args.arrive_by {
        write_arrive_by(&mut buf, &queries, &answer_arrive_by(&tt, cfg, &queries))?;
    } else {
        write_answers(&mut buf, &queries, &answer(&tt, cfg, &queries))?;
    }
    let Some(out) = out else {
        let mut w = stdout();
        w.write_all(&buf)?;
        w.flush()?;
        return Ok(());
    };
    out.write("answers.csv", buf)?;
    let path = out.commit()?;
    note(format_args!("wrote {}", path.join("answers.csv").display()));
    Ok(())
}
