//! `narhet route`: journeys between two stops on one date, printed as a planner reads them.

use anyhow::Context;

use super::common::{FeedArgs, WalkArgs, date_or_default, parse_date};
use crate::date::{Date, fmt_hm, parse_time};
use crate::router::lookup::{Place, find_place};
use crate::router::print::{format_journey, stop_label};
use crate::router::{Journey, Raptor, RouterConfig};
use crate::timetable::Timetable;

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
    #[arg(long)]
    pub depart: String,
    /// Show the best journeys of every departure minute from --depart to --depart + MIN.
    #[arg(long, value_name = "MIN")]
    pub window: Option<u32>,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// Seconds needed to change vehicles at the same stop (transfers.txt may set its own).
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub min_change: u32,
    /// Most rides (vehicles) in one journey.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_rounds: u8,
}

pub fn run(args: &RouteArgs) -> anyhow::Result<()> {
    let depart = parse_time(&args.depart).with_context(|| format!("--depart '{}': expected HH:MM", args.depart))?;
    let fp = args.walk.footpaths()?;
    let feed = args.feed.load()?;
    let date = date_or_default(&feed, args.date)?;
    let from = find_place(&feed, &args.from).context("--from")?;
    let to = find_place(&feed, &args.to).context("--to")?;
    let tt = Timetable::build(&feed, date, &fp);
    let cfg = RouterConfig { max_rounds: args.max_rounds, min_change_secs: args.min_change };
    let journeys = plan(&tt, cfg, &from, &to, depart, args.window.unwrap_or(0));
    println!(
        "From {} to {}, {date}, leaving from {}{}",
        stop_label(&feed, from.stop),
        stop_label(&feed, to.stop),
        fmt_hm(depart),
        match args.window {
            Some(w) => format!(" to {}", fmt_hm(depart + w * 60)),
            None => String::new(),
        }
    );
    if journeys.is_empty() {
        println!("No journey found.");
        return Ok(());
    }
    for j in &journeys {
        println!();
        print!("{}", format_journey(&feed, &tt, j));
    }
    Ok(())
}

/// The journeys to show: for each departure minute of `[depart, depart + window_min]`, the
/// Pareto set over (arrival, rides); identical journeys once; journeys another one beats (leaves
/// no earlier, arrives no later, no more rides) dropped. Ordered by departure, then arrival.
pub fn plan(tt: &Timetable, cfg: RouterConfig, from: &Place, to: &Place, depart: u32, window_min: u32) -> Vec<Journey> {
    let mut r = Raptor::new(tt, cfg);
    let mut all: Vec<Journey> = Vec::new();
    let origins: Vec<_> = from.stops.iter().map(|&s| (s, 0u32)).collect();
    for m in 0..=window_min {
        let t = depart + m * 60;
        let o: Vec<_> = origins.iter().map(|&(s, _)| (s, t)).collect();
        r.earliest_arrival_to(&o, true, &to.stops);
        for j in r.pareto_journeys(&to.stops) {
            if !all.iter().any(|x| x.legs == j.legs && x.start == j.start) {
                all.push(j);
            }
        }
    }
    let beats = |b: &Journey, a: &Journey| {
        b.leave_at() >= a.leave_at()
            && b.arrival <= a.arrival
            && b.rides <= a.rides
            && (b.leave_at(), b.arrival, b.rides) != (a.leave_at(), a.arrival, a.rides)
    };
    let mut keep: Vec<Journey> = all.iter().filter(|a| !all.iter().any(|b| beats(b, a))).cloned().collect();
    keep.sort_by_key(|j| (j.leave_at(), j.arrival, j.rides));
    // Journeys equal in (leave, arrive, rides) but different legs: keep the first found.
    keep.dedup_by_key(|j| (j.leave_at(), j.arrival, j.rides));
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::router::lookup::find_place;
    use crate::timetable::FootpathOptions;

    #[test]
    fn window_keeps_distinct_undominated_journeys() {
        let dir = tempfile::tempdir().expect("tmp");
        let files = [
            ("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,T,http://x.org,Europe/Stockholm\n"),
            ("stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nS1,Öster,56.80,14.80\nS2,Väster,56.81,14.80\n"),
            ("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR,A,1,,3\n"),
            ("trips.txt", "route_id,service_id,trip_id\nR,S,a\nR,S,b\nR,S,c\n"),
            (
                "stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
                 a,08:05:00,08:05:00,S1,1\na,08:30:00,08:30:00,S2,2\n\
                 b,08:10:00,08:10:00,S1,1\nb,08:25:00,08:25:00,S2,2\n\
                 c,08:40:00,08:40:00,S1,1\nc,08:55:00,08:55:00,S2,2\n",
            ),
            (
                "calendar.txt",
                "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS,1,1,1,1,1,1,1,20260101,20261231\n",
            ),
        ];
        for (n, t) in files {
            std::fs::write(dir.path().join(n), t).expect("write");
        }
        let feed = crate::feed::load(&[dir.path().to_path_buf()], &Default::default()).expect("feed");
        let tt = Timetable::build(&feed, Date::parse("2026-11-23").expect("date"), &FootpathOptions::default());
        let from = find_place(&feed, "oster").expect("Öster");
        let to = find_place(&feed, "VASTER").expect("Väster");
        // 08:00–08:30 window: b (08:10 → 08:25) beats a (leaves earlier, arrives later); from
        // 08:11 on c (08:40 → 08:55) is best. So two journeys, b then c, each once.
        let js = plan(&tt, RouterConfig::default(), &from, &to, 8 * 3600, 30);
        let times: Vec<(u32, u32)> = js.iter().map(|j| (j.leave_at(), j.arrival)).collect();
        assert_eq!(times, vec![(8 * 3600 + 600, 8 * 3600 + 1500), (8 * 3600 + 2400, 8 * 3600 + 3300)]);
    }
}
