//! `narhet route`: journeys between two stops on one date, printed as a planner reads them.

use std::io::Write;

use anyhow::Context;

use super::common::{AccessArgs, FeedArgs, WalkArgs, parse_date, pick_date, stdout};
use crate::analysis::journeys::{
    beyond_limit_text, fmt_minutes, format_journey, plan, plan_arrive_by, split_at_limit, stop_label,
};
use crate::analysis::places::{Place, find_place};
use crate::date::{Date, fmt_hm, parse_time};
use crate::feed::Feed;
use crate::router::{DEFAULT_MIN_CHANGE_SECS, RouterConfig};
use crate::timetable::{Booking, Timetable};

/// Plan journeys from one stop to another on a date: the fastest journey and those with fewer
/// changes, or with --window every distinct best journey leaving within the window.
///
/// Stops are given by id or by the start of their name, ignoring case and accents ("vaxjo
/// resecentrum" finds "Växjö Resecentrum"); a station stands for all its platforms.
///
/// Example: narhet route --gtfs gtfs/kronoberg --date 2026-11-23 --from "vaxjo resecentrum" --to "alvesta" --depart 07:30 --window 60
#[derive(clap::Args, Debug, Clone)]
pub struct RouteArgs {
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Service date, YYYY-MM-DD (default: a typical weekday of the feed).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Origin: stop id, or the start of a stop or station name.
    #[arg(long)]
    pub from: String,
    /// Destination: stop id, or the start of a stop or station name.
    #[arg(long)]
    pub to: String,
    /// Earliest departure, HH:MM (may pass 24:00 for the date's after-midnight service).
    #[arg(long, required_unless_present = "arrive_by", conflicts_with = "arrive_by")]
    pub depart: Option<String>,
    /// Arrive by HH:MM instead: the latest departure that is there in time (a reverse search)
    /// and the journeys leaving then, with travel time (arrival − departure) and the time set
    /// aside (HH:MM − departure, the wait before the time included).
    #[arg(long, value_name = "HH:MM", conflicts_with = "window")]
    pub arrive_by: Option<String>,
    /// Show the best journeys of every departure minute from --depart to --depart + MIN.
    #[arg(long, value_name = "MIN")]
    pub window: Option<u32>,
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub access: AccessArgs,
    /// Seconds needed to change vehicles at the same stop, and the least a move to another
    /// stop between two rides takes (transfers.txt rows may set their own).
    #[arg(long, value_name = "S", default_value_t = DEFAULT_MIN_CHANGE_SECS)]
    pub min_change: u32,
    /// Most rides (vehicles) in one journey.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_rounds: u8,
    /// Travel-time limit, e.g. 120m or 2h, as in reach: a longer journey is not shown and the
    /// place is "not reached" by it.
    #[arg(long, default_value = "120m")]
    pub limit: String,
}

pub fn run(args: &RouteArgs) -> anyhow::Result<()> {
    if let Some(by) = &args.arrive_by {
        return run_arrive_by(args, by);
    }
    let text = args.depart.as_deref().unwrap_or_default();
    let depart = parse_time(text).with_context(|| format!("--depart '{text}': expected HH:MM"))?;
    let Setup { feed, date, from, to, tt, cfg, walking, limit } = setup(args)?;
    let (journeys, beyond) = split_at_limit(plan(&tt, cfg, &from, &to, depart, args.window.unwrap_or(0)), limit);
    let mut w = stdout();
    writeln!(
        w,
        "From {} to {}, {date}, leaving from {}{}",
        stop_label(&feed, from.stop),
        stop_label(&feed, to.stop),
        fmt_hm(depart),
        match args.window {
            Some(w) => format!(" to {}", fmt_hm(depart + w * 60)),
            None => String::new(),
        }
    )?;
    if args.access.wheelchair {
        let unknown = if args.access.access().admits(0) { "accessible" } else { "not accessible" };
        writeln!(w, "Wheelchair-accessible trips and stops only (unknown counted as {unknown}).")?;
    }
    writeln!(w, "{walking}")?;
    let over = beyond_limit_text(beyond.as_ref(), limit, !journeys.is_empty());
    if journeys.is_empty() && over.is_none() {
        writeln!(w, "No journey found.")?;
    }
    for j in &journeys {
        writeln!(w)?;
        write!(w, "{}", format_journey(&feed, &tt, j))?;
    }
    if let Some(line) = over {
        writeln!(w, "{}{line}", if journeys.is_empty() { "" } else { "\n" })?;
    }
    w.flush()?;
    Ok(())
}

/// What both forms of `route` start with.
struct Setup {
    feed: Feed,
    date: Date,
    from: Place,
    to: Place,
    tt: Timetable,
    cfg: RouterConfig,
    /// The walks between stops, in a line.
    walking: String,
    /// The travel-time limit, seconds.
    limit: u32,
}

fn setup(args: &RouteArgs) -> anyhow::Result<Setup> {
    let limit = super::common::duration_arg("--limit", &args.limit, "120m or 2h")?;
    let fp = args.walk.footpaths()?;
    let feed = args.feed.load()?;
    let date = pick_date(&feed, args.date, false)?;
    let from = find_place(&feed, &args.from).context("--from")?;
    let to = find_place(&feed, &args.to).context("--to")?;
    let tt = Timetable::build_for(&feed, date, &fp, Booking::Exclude, args.access.access());
    let cfg = RouterConfig { max_rounds: args.max_rounds, min_change_secs: args.min_change };
    let walking = crate::analysis::walking::footpath_text(&fp);
    Ok(Setup { feed, date, from, to, tt, cfg, walking, limit })
}

fn run_arrive_by(args: &RouteArgs, by: &str) -> anyhow::Result<()> {
    let arrive_by = parse_time(by).with_context(|| format!("--arrive-by '{by}': expected HH:MM"))?;
    let Setup { feed, date, from, to, tt, cfg, walking, limit } = setup(args)?;
    let (journeys, beyond) = split_at_limit(plan_arrive_by(&tt, cfg, &from, &to, arrive_by), limit);
    let mut w = stdout();
    let (a, b) = (stop_label(&feed, from.stop), stop_label(&feed, to.stop));
    writeln!(w, "From {a} to {b}, {date}, arriving by {}", fmt_hm(arrive_by))?;
    writeln!(w, "{walking}")?;
    let over = beyond_limit_text(beyond.as_ref(), limit, !journeys.is_empty());
    if journeys.is_empty() {
        writeln!(w, "{}", over.as_deref().unwrap_or("No journey arrives in time."))?;
    }
    for j in &journeys {
        let leave = j.leave_at();
        writeln!(w)?;
        writeln!(
            w,
            "Latest departure {}: travel time {}, time set aside {} (arrives {})",
            fmt_hm(leave),
            fmt_minutes(j.arrival - leave),
            fmt_minutes(arrive_by - leave),
            fmt_hm(j.arrival)
        )?;
        write!(w, "{}", format_journey(&feed, &tt, j))?;
    }
    if let (false, Some(line)) = (journeys.is_empty(), over) {
        writeln!(w, "\n{line}")?;
    }
    w.flush()?;
    Ok(())
}
