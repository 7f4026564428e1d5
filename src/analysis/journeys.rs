//! Journeys between places on one service day: planning the journeys a traveller would pick
//! (`route`), answering many origin–destination queries at once (`od`), and writing journeys as a
//! planner reads them (times as HH:MM, line names, headsigns, stop names from the [`Feed`]).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use super::places::{Place, stops_of};
use crate::date::{fmt_hm, fmt_time, parse_time};
use crate::feed::Feed;
use crate::router::{Journey, Leg, Raptor, ReverseRaptor, RouterConfig, TargetRule};
use crate::timetable::{StopIdx, Timetable};

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

/// Arrive by `arrive_by`: the latest departure from `from` that reaches `to` in time (a reverse
/// search), and the journeys leaving then — the forward Pareto set over (arrival, rides) from
/// that departure, only those in time. Empty when nothing arrives in time.
///
/// Travel time is `arrival − departure` of a journey; the time set aside is `arrive_by −
/// departure` (it includes any wait before the time).
pub fn plan_arrive_by(tt: &Timetable, cfg: RouterConfig, from: &Place, to: &Place, arrive_by: u32) -> Vec<Journey> {
    let targets: Vec<_> = to.stops.iter().map(|&s| (s, arrive_by)).collect();
    let mut rev = ReverseRaptor::new(tt, cfg);
    rev.latest_departure(&targets, TargetRule::RideOrWalk, true);
    let Some((_, leave)) = rev.best_of(&from.stops) else { return Vec::new() };
    let mut r = Raptor::new(tt, cfg);
    let origins: Vec<_> = from.stops.iter().map(|&s| (s, leave)).collect();
    r.earliest_arrival_to(&origins, true, &to.stops);
    r.pareto_journeys(&to.stops).into_iter().filter(|j| j.arrival <= arrive_by).collect()
}

/// Splits journeys at the travel-time limit, as `reach` counts it: a journey whose travel time
/// (arrival − departure) is over `limit_secs` does not reach the place. Returns those within,
/// in their order, and the fastest of those beyond (to say what the limit left out).
pub fn split_at_limit(journeys: Vec<Journey>, limit_secs: u32) -> (Vec<Journey>, Option<Journey>) {
    let (within, beyond): (Vec<Journey>, Vec<Journey>) =
        journeys.into_iter().partition(|j| j.arrival.saturating_sub(j.leave_at()) <= limit_secs);
    let fastest = beyond.into_iter().min_by_key(|j| (j.arrival - j.leave_at(), j.leave_at()));
    (within, fastest)
}

/// The line `route` prints for journeys beyond the limit: `None` when there are none. `shown`
/// is whether any journey within the limit is printed.
pub fn beyond_limit_text(fastest: Option<&Journey>, limit_secs: u32, shown: bool) -> Option<String> {
    let j = fastest?;
    let took = fmt_minutes(j.arrival - j.leave_at());
    let limit = fmt_minutes(limit_secs);
    Some(if shown {
        format!(
            "Journeys over the {limit} limit are not shown (not reached, as reach counts them; the fastest of them takes {took})."
        )
    } else {
        format!(
            "Not reached: no journey within the {limit} limit (the fastest found, leaving {}, takes {took}; --limit to change).",
            fmt_hm(j.leave_at())
        )
    })
}

/// One origin–destination query: the ids as given, the stops they stand for (a station's
/// platforms) and the departure time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub origin_id: String,
    pub destination_id: String,
    pub departure_text: String,
    pub origins: Vec<StopIdx>,
    pub targets: Vec<StopIdx>,
    pub departure: u32,
}

/// The columns a query file must have.
pub const QUERY_COLUMNS: [&str; 3] = ["origin_stop_id", "destination_stop_id", "departure_time"];

/// A query file that cannot be read, with the file, line and field.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("{file}: cannot read")]
    Open { file: String, source: csv::Error },
    #[error("{file}, line 1: cannot read the header")]
    Header { file: String, source: csv::Error },
    #[error("{file}, line 1: missing column '{column}'")]
    MissingColumn { file: String, column: &'static str },
    #[error("{file}: unreadable CSV")]
    Csv { file: String, source: csv::Error },
    #[error("{file}, line {line}, field '{field}': unknown stop id '{id}'")]
    UnknownStop { file: String, line: u64, field: &'static str, id: String },
    #[error("{file}, line {line}, field '{field}': '{text}' is not a time HH:MM:SS")]
    BadTime { file: String, line: u64, field: &'static str, text: String },
}

/// Reads a CSV of queries (columns [`QUERY_COLUMNS`], in any order, others ignored).
pub fn read_queries(path: &Path, feed: &Feed) -> Result<Vec<Query>, QueryError> {
    read_queries_timed(path, feed, QUERY_COLUMNS[2])
}

/// Reads a CSV of queries whose time is in column `time_column` (`departure_time`, or
/// `arrival_time` for arrive-by queries); the time is kept in [`Query::departure`].
pub fn read_queries_timed(path: &Path, feed: &Feed, time_column: &'static str) -> Result<Vec<Query>, QueryError> {
    let file = path.display().to_string();
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|source| QueryError::Open { file: file.clone(), source })?;
    let headers = rdr.headers().map_err(|source| QueryError::Header { file: file.clone(), source })?.clone();
    let col = |column: &'static str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == column)
            .ok_or_else(|| QueryError::MissingColumn { file: file.clone(), column })
    };
    let idx = [col(QUERY_COLUMNS[0])?, col(QUERY_COLUMNS[1])?, col(time_column)?];
    let ids: HashMap<&str, StopIdx> =
        feed.stops.iter().enumerate().map(|(i, s)| (s.id.as_str(), StopIdx(i as u32))).collect();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|source| QueryError::Csv { file: file.clone(), source })?;
        let line = rec.position().map_or(0, |p| p.line());
        let field = |i: usize| rec.get(idx[i]).unwrap_or("").to_string();
        let stop = |i: usize| -> Result<(String, Vec<StopIdx>), QueryError> {
            let id = field(i);
            match ids.get(id.as_str()) {
                Some(&s) => Ok((id, stops_of(feed, s))),
                None => Err(QueryError::UnknownStop { file: file.clone(), line, field: QUERY_COLUMNS[i], id }),
            }
        };
        let (origin_id, origins) = stop(0)?;
        let (destination_id, targets) = stop(1)?;
        let departure_text = field(2);
        let Some(departure) = parse_time(&departure_text) else {
            return Err(QueryError::BadTime { file: file.clone(), line, field: time_column, text: departure_text });
        };
        out.push(Query { origin_id, destination_id, departure_text, origins, targets, departure });
    }
    Ok(out)
}

/// The earliest arrival and the rides of the journey with the fewest rides among those arriving
/// then, per query in order (`None`: unreachable); queries run in parallel.
pub fn answer(tt: &Timetable, cfg: RouterConfig, queries: &[Query]) -> Vec<Option<(u32, u8)>> {
    queries
        .par_iter()
        .map_init(
            || (Raptor::new(tt, cfg), Vec::new()),
            |(r, origins), q| {
                origins.clear();
                origins.extend(q.origins.iter().map(|&s| (s, q.departure)));
                r.earliest_arrival_to(origins, true, &q.targets);
                r.best_at(&q.targets)
            },
        )
        .collect()
}

/// Writes the answers as CSV: the query's columns, `earliest_arrival_time` (HH:MM:SS, empty when
/// unreachable) and `transfers` (rides − 1; 0 for walking only; empty when unreachable).
pub fn write_answers<W: Write>(w: W, queries: &[Query], answers: &[Option<(u32, u8)>]) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(w);
    w.write_record(["origin_stop_id", "destination_stop_id", "departure_time", "earliest_arrival_time", "transfers"])?;
    for (q, a) in queries.iter().zip(answers) {
        let (arr, tr) = match a {
            Some((t, rides)) => (fmt_time(*t), rides.saturating_sub(1).to_string()),
            None => (String::new(), String::new()),
        };
        w.write_record([q.origin_id.as_str(), &q.destination_id, &q.departure_text, &arr, &tr])?;
    }
    w.flush()?;
    Ok(())
}

/// An arrive-by answer: the latest departure in time, the earliest arrival leaving then, and the
/// rides of the journey with the fewest rides among those arriving then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArriveByAnswer {
    pub departure: u32,
    pub arrival: u32,
    pub rides: u8,
}

/// Arrive-by queries (the query's time is the time to be there by), in parallel: a reverse
/// search for the latest departure, then a forward query from it for the arrival and rides.
pub fn answer_arrive_by(tt: &Timetable, cfg: RouterConfig, queries: &[Query]) -> Vec<Option<ArriveByAnswer>> {
    queries
        .par_iter()
        .map_init(
            || (ReverseRaptor::new(tt, cfg), Raptor::new(tt, cfg)),
            |(rev, fwd), q| {
                let targets: Vec<_> = q.targets.iter().map(|&s| (s, q.departure)).collect();
                rev.latest_departure(&targets, TargetRule::RideOrWalk, true);
                let (_, departure) = rev.best_of(&q.origins)?;
                let origins: Vec<_> = q.origins.iter().map(|&s| (s, departure)).collect();
                fwd.earliest_arrival_to(&origins, true, &q.targets);
                let (arrival, rides) = fwd.best_at(&q.targets)?;
                Some(ArriveByAnswer { departure, arrival, rides })
            },
        )
        .collect()
}

/// Writes arrive-by answers as CSV: the query's columns (`arrival_time` as given), then
/// `latest_departure_time`, `earliest_arrival_time` (of the journey leaving then), `transfers`,
/// `travel_min` (arrival − departure) and `set_aside_min` (arrival_time − departure), all empty
/// when nothing arrives in time.
pub fn write_arrive_by<W: Write>(
    w: W,
    queries: &[Query],
    answers: &[Option<ArriveByAnswer>],
) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(w);
    w.write_record([
        "origin_stop_id",
        "destination_stop_id",
        "arrival_time",
        "latest_departure_time",
        "earliest_arrival_time",
        "transfers",
        "travel_min",
        "set_aside_min",
    ])?;
    let min = |s: u32| format!("{:.1}", s as f64 / 60.0);
    for (q, a) in queries.iter().zip(answers) {
        let cols: [String; 5] = match a {
            Some(a) => [
                fmt_time(a.departure),
                fmt_time(a.arrival),
                a.rides.saturating_sub(1).to_string(),
                min(a.arrival - a.departure),
                min(q.departure - a.departure),
            ],
            None => Default::default(),
        };
        w.write_record(
            [q.origin_id.as_str(), &q.destination_id, &q.departure_text]
                .into_iter()
                .chain(cols.iter().map(String::as_str)),
        )?;
    }
    w.flush()?;
    Ok(())
}

/// The stop's name, with its id in brackets.
pub fn stop_label(feed: &Feed, s: StopIdx) -> String {
    match feed.stops.get(s.ix()) {
        Some(st) if st.name.is_empty() => st.id.to_string(),
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
                        (format!("{m} {}", r.display_name()), t.headsign.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::places::find_place;
    use crate::date::Date;
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

    /// Writes the feed and the query file into `dir`; returns the feed and the query file's path.
    fn setup(dir: &Path, queries: &str) -> (Feed, std::path::PathBuf) {
        for (n, t) in FEED {
            std::fs::write(dir.join(n), t).expect("write");
        }
        std::fs::write(dir.join("q.csv"), queries).expect("write");
        let feed = crate::feed::load(&[dir.to_path_buf()], &Default::default()).expect("feed");
        (feed, dir.join("q.csv"))
    }

    /// Answers the queries as `narhet od` does: no walking between stops, 60 s to change.
    fn od(dir: &Path, queries: &str) -> Result<String, QueryError> {
        let (feed, path) = setup(dir, queries);
        let qs = read_queries(&path, &feed)?;
        let fp = FootpathOptions { radius_m: 0.0, ..Default::default() };
        let tt = Timetable::build(&feed, Date::parse("2026-11-23").expect("date"), &fp);
        let answers = answer(&tt, RouterConfig { max_rounds: 8, min_change_secs: 60 }, &qs);
        let mut out = Vec::new();
        write_answers(&mut out, &qs, &answers).expect("written");
        Ok(String::from_utf8(out).expect("utf-8"))
    }

    #[test]
    fn answers_in_input_order() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = od(
            dir.path(),
            "origin_stop_id,destination_stop_id,departure_time\nS1,S3,07:00:00\nS3,S1,07:00:00\nS2,S2,09:00:00\nS1,S2,08:00:00\n",
        )
        .expect("answers");
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
        let e = od(dir.path(), "origin_stop_id,destination_stop_id,departure_time\nS1,S2,08:00:00\nS1,S9,08:00:00\n")
            .expect_err("unknown stop")
            .to_string();
        assert!(e.contains("q.csv, line 3, field 'destination_stop_id': unknown stop id 'S9'"), "{e}");
        let e = od(dir.path(), "origin_stop_id,destination_stop_id,departure_time\nS1,S2,8h\n").expect_err("bad time");
        assert!(e.to_string().contains("q.csv, line 2, field 'departure_time'"), "{e}");
        let e = od(dir.path(), "origin,destination_stop_id,departure_time\n").expect_err("bad header");
        assert!(e.to_string().contains("q.csv, line 1: missing column 'origin_stop_id'"), "{e}");
    }

    #[test]
    fn minutes_as_people_say_them() {
        // Rounded up to whole minutes; from an hour on as "h mm".
        assert_eq!(fmt_minutes(61), "2 min");
        assert_eq!(fmt_minutes(3600), "1 h 00 min");
        assert_eq!(fmt_minutes(3_661), "1 h 02 min");
    }
}
