//! Journeys as a planner reads them: times as HH:MM, line names, headsigns, stop names.
//! The one part of the router that looks at the [`Feed`] (for names only).

use super::{Journey, Leg};
use crate::date::fmt_hm;
use crate::feed::Feed;
use crate::timetable::{StopIdx, Timetable};

/// The stop's name, with its id in brackets.
pub fn stop_label(feed: &Feed, s: StopIdx) -> String {
    match feed.stops.get(s.ix()) {
        Some(st) if st.name.is_empty() => st.id.clone(),
        Some(st) => format!("{} ({})", st.name, st.id),
        None => format!("stop #{}", s.0),
    }
}

fn stop_name(feed: &Feed, s: StopIdx) -> &str {
    feed.stops.get(s.ix()).map_or("?", |st| if st.name.is_empty() { &st.id } else { &st.name })
}

/// Minutes, rounded up, as people say them: `7 min`, `1 h 05 min`.
pub fn fmt_minutes(secs: u32) -> String {
    let min = secs.div_ceil(60);
    if min < 60 { format!("{min} min") } else { format!("{} h {:02} min", min / 60, min % 60) }
}

/// A one-line summary: `08:05 → 09:40 · 1 h 35 min · 1 change`.
pub fn summary(j: &Journey) -> String {
    let dep = j.leave_at();
    let changes = match j.changes() {
        0 if j.rides == 0 => "walk only".to_string(),
        0 => "direct".to_string(),
        1 => "1 change".to_string(),
        c => format!("{c} changes"),
    };
    format!("{} → {} · {} · {}", fmt_hm(dep), fmt_hm(j.arrival), fmt_minutes(j.arrival.saturating_sub(dep)), changes)
}

/// The journey as a few indented lines, one per leg, after a summary line.
pub fn format_journey(feed: &Feed, tt: &Timetable, j: &Journey) -> String {
    let mut out = summary(j);
    out.push('\n');
    if j.legs.is_empty() {
        out.push_str(&format!("  {}  already at {}\n", fmt_hm(j.start_time), stop_name(feed, j.start)));
    }
    for leg in &j.legs {
        let line = match *leg {
            Leg::Walk { from, to, dep, arr } => format!(
                "  {}–{}  Walk {}: {} → {}",
                fmt_hm(dep),
                fmt_hm(arr),
                fmt_minutes(arr - dep),
                stop_name(feed, from),
                stop_name(feed, to)
            ),
            Leg::Ride { trip, from, to, dep, arr, .. } => {
                let src = tt.trip_source(trip) as usize;
                let (line, headsign) = match feed.trips.get(src) {
                    Some(t) => {
                        let r = &feed.routes[t.route as usize];
                        let mode = r.mode().name();
                        let mut m = mode.to_string();
                        if let Some(c) = m.get_mut(0..1) {
                            c.make_ascii_uppercase();
                        }
                        (format!("{m} {}", r.display_name()), t.headsign.clone())
                    }
                    None => ("?".to_string(), String::new()),
                };
                let towards = if headsign.is_empty() { String::new() } else { format!(" towards {headsign}") };
                format!(
                    "  {}–{}  {line}{towards}: {} → {}",
                    fmt_hm(dep),
                    fmt_hm(arr),
                    stop_name(feed, from),
                    stop_name(feed, to)
                )
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}
