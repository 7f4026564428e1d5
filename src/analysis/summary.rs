//! What the feeds hold (agencies, routes by mode, stops, trips, the service range, warnings) and,
//! for a date, what runs on that service day.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::Date;
use crate::feed::{Feed, LocationType};
use crate::numfmt::int;
use crate::timetable::Timetable;

/// Everything `summary` reports.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Summary {
    pub feeds: Vec<FeedLine>,
    pub service_start: Option<String>,
    pub service_end: Option<String>,
    pub agencies: usize,
    pub routes: usize,
    pub routes_by_mode: BTreeMap<String, usize>,
    pub stops: usize,
    pub stations: usize,
    pub other_locations: usize,
    pub trips: usize,
    pub frequency_trips: usize,
    pub stop_times: usize,
    pub transfers: usize,
    pub on_date: Option<OnDate>,
    pub warnings: BTreeMap<String, usize>,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct FeedLine {
    pub path: String,
    pub publisher: Option<String>,
    pub version: Option<String>,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct OnDate {
    pub date: String,
    /// Trip runs of the service day (frequency runs counted one by one).
    pub trips: usize,
    pub frequency_runs: usize,
    /// Calls of those runs.
    pub stop_times: usize,
    /// Trips of the day before still running after midnight.
    pub trips_from_previous_day: usize,
    pub routes: usize,
    pub stops_served: usize,
    pub patterns: usize,
}

/// Counts what the feeds hold, and what runs on `date`.
pub fn summarise(feed: &Feed, date: Option<Date>) -> Summary {
    let mut routes_by_mode = BTreeMap::new();
    for r in &feed.routes {
        *routes_by_mode.entry(r.mode().name().to_string()).or_insert(0) += 1;
    }
    let count = |lt: LocationType| feed.stops.iter().filter(|s| s.location_type == lt).count();
    let on_date = date.map(|d| {
        let tt = Timetable::build(feed, d, &super::no_footpaths());
        let today = |t: &crate::timetable::TripIdx| tt.trip_day(*t) == crate::timetable::ServiceDay::Today;
        let stop_times = tt.trip_indices().filter(today).map(|t| tt.pattern_len(tt.trip_pattern(t))).sum();
        let mut routes: Vec<_> =
            tt.trip_indices().filter(today).map(|t| tt.pattern_route(tt.trip_pattern(t))).collect();
        routes.sort_unstable();
        routes.dedup();
        let served = tt.stop_indices().filter(|&s| tt.is_served(s)).count();
        OnDate {
            date: d.to_string(),
            trips: tt.stats().trips_today,
            frequency_runs: tt
                .trip_indices()
                .filter(|t| today(t) && feed.trips[tt.trip_source(*t) as usize].n_freq > 0)
                .count(),
            stop_times,
            trips_from_previous_day: tt.stats().trips_yesterday,
            routes: routes.len(),
            stops_served: served,
            patterns: tt.n_patterns(),
        }
    });
    let range = feed.service_range();
    Summary {
        feeds: feed
            .sources
            .iter()
            .map(|s| FeedLine { path: s.path.clone(), publisher: s.publisher.clone(), version: s.version.clone() })
            .collect(),
        service_start: range.map(|r| r.0.to_string()),
        service_end: range.map(|r| r.1.to_string()),
        agencies: feed.agencies.len(),
        routes: feed.routes.len(),
        routes_by_mode,
        stops: count(LocationType::Stop),
        stations: count(LocationType::Station),
        other_locations: feed.stops.len() - count(LocationType::Stop) - count(LocationType::Station),
        trips: feed.trips.len(),
        frequency_trips: feed.trips.iter().filter(|t| t.n_freq > 0).count(),
        stop_times: feed.calls.len(),
        transfers: feed.transfers.len(),
        on_date,
        warnings: feed.warnings.iter().map(|(k, n, _)| (k.to_string(), n)).collect(),
    }
}

/// The text form, aligned for a terminal.
pub fn render(s: &Summary) -> String {
    let mut o = String::new();
    for f in &s.feeds {
        let who = [f.publisher.as_deref(), f.version.as_deref().map(|v| v.trim())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        o += &format!(
            "Feed            {}{}\n",
            f.path,
            if who.is_empty() { String::new() } else { format!(" ({who})") }
        );
    }
    let range = match (&s.service_start, &s.service_end) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        _ => "none".into(),
    };
    o += &format!("Service dates   {range}\n");
    o += &format!("Agencies        {}\n", int(s.agencies as u64));
    let modes: Vec<String> = s.routes_by_mode.iter().map(|(m, n)| format!("{m} {}", int(*n as u64))).collect();
    o += &format!("Routes          {} ({})\n", int(s.routes as u64), modes.join(", "));
    o += &format!(
        "Stops           {} stops, {} stations, {} other locations\n",
        int(s.stops as u64),
        int(s.stations as u64),
        int(s.other_locations as u64)
    );
    o += &format!("Trips           {} ({} frequency-based)\n", int(s.trips as u64), int(s.frequency_trips as u64));
    o += &format!("Stop times      {}\n", int(s.stop_times as u64));
    o += &format!("Transfers       {}\n", int(s.transfers as u64));
    if let Some(d) = &s.on_date {
        o += &format!("On {}\n", d.date);
        o += &format!("  trips         {} ({} from frequencies)\n", int(d.trips as u64), int(d.frequency_runs as u64));
        o += &format!("  stop times    {}\n", int(d.stop_times as u64));
        o += &format!("  after midnight from the day before  {}\n", int(d.trips_from_previous_day as u64));
        o += &format!("  routes        {}\n", int(d.routes as u64));
        o += &format!("  stops served  {}\n", int(d.stops_served as u64));
        o += &format!("  patterns      {}\n", int(d.patterns as u64));
    }
    if s.warnings.is_empty() {
        o += "Warnings        none\n";
    } else {
        o += &format!("Warnings        {}\n", int(s.warnings.values().sum::<usize>() as u64));
        for (k, n) in &s.warnings {
            o += &format!("  {k}  {}\n", int(*n as u64));
        }
    }
    o
}
