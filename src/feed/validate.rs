//! `narhet validate`: every problem in a feed, not only the first. Reads each file to the end
//! with its own lenient pass (so one fault does not hide the next), then runs the loader itself
//! so that whatever the loader refuses is listed too. Each problem names file, line, field and a
//! short reason, with a kind for grouping; errors are what makes the other commands refuse the
//! feed (or would silently mislead them), warnings what they skip or count apart.
//!
//! Within `feed` (and `crate::date`); knows nothing of regions: the caller gives the area stops
//! are expected in as plain coordinates.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;

use super::source::{Input, known_columns};
use super::{FeedError, LoadOptions, short};
use crate::date::Date;
use crate::spatial::haversine_m;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// What kind of problem, e.g. `unknown_stop_in_transfer` (the grouping key).
    pub kind: &'static str,
    pub file: String,
    pub line: Option<u64>,
    pub field: Option<String>,
    pub message: String,
}

/// Where the stops are expected: a centre (WGS84) and how far from it a stop may lie.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub lat: f64,
    pub lon: f64,
    pub radius_km: f64,
}

/// Every problem of the feeds, in the order found (file by file).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Validation {
    pub problems: Vec<Problem>,
}

impl Validation {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }

    /// Problems grouped by severity (errors first) and kind: `(severity, kind, problems)`.
    pub fn groups(&self) -> Vec<(Severity, &'static str, Vec<&Problem>)> {
        let mut g: BTreeMap<(Severity, &'static str), Vec<&Problem>> = BTreeMap::new();
        for p in &self.problems {
            g.entry((p.severity, p.kind)).or_default().push(p);
        }
        g.into_iter().map(|((s, k), v)| (s, k, v)).collect()
    }
}

/// Validates the feeds at `paths` (each on its own, then merged by the loader).
pub fn validate(paths: &[PathBuf], opts: &LoadOptions, area: Option<Area>) -> Validation {
    let mut v = Validation::default();
    for path in paths {
        let shown = path.display().to_string();
        match Input::open(path).and_then(|i| i.raw_files(&shown, opts)) {
            Ok(files) => {
                let files: BTreeMap<String, Vec<u8>> = files.into_iter().map(|(n, b)| (n, b.to_vec())).collect();
                Checker { shown: &shown, files: &files, area, out: &mut v.problems }.run();
            }
            Err(e) => v.problems.push(from_error(e, "unreadable")),
        }
    }
    if let Err(e) = super::load(paths, opts) {
        let known = v
            .problems
            .iter()
            .any(|p| p.severity == Severity::Error && p.file == e.file && p.line == e.line && p.field == e.field);
        if !known {
            v.problems.push(from_error(e, "refused_by_loader"));
        }
    }
    v
}

fn from_error(e: FeedError, kind: &'static str) -> Problem {
    Problem { severity: Severity::Error, kind, file: e.file, line: e.line, field: e.field, message: e.message }
}

/// One file read leniently: its header and rows (with the line each starts on).
struct Table {
    header: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

impl Table {
    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The values of column `name` (empty where the row is short), with their lines.
    fn values<'a>(&'a self, name: &str) -> Vec<(u64, &'a str)> {
        let Some(c) = self.col(name) else { return Vec::new() };
        self.rows.iter().map(|(l, r)| (*l, r.get(c).map_or("", |s| s.as_str()))).collect()
    }
}

struct Checker<'a> {
    shown: &'a str,
    files: &'a BTreeMap<String, Vec<u8>>,
    area: Option<Area>,
    out: &'a mut Vec<Problem>,
}

impl Checker<'_> {
    fn push(
        &mut self,
        severity: Severity,
        kind: &'static str,
        file: &str,
        line: Option<u64>,
        field: &str,
        msg: String,
    ) {
        self.out.push(Problem {
            severity,
            kind,
            file: format!("{}/{file}", self.shown),
            line,
            field: (!field.is_empty()).then(|| field.to_string()),
            message: msg,
        });
    }

    fn table(&mut self, name: &str) -> Option<Table> {
        let bytes = self.files.get(name)?;
        let mut rdr = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(&bytes[..]);
        let header: Vec<String> = match rdr.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
            Err(e) => {
                self.push(Severity::Error, "unreadable", name, Some(1), "", e.to_string());
                return None;
            }
        };
        let mut rows = Vec::new();
        for rec in rdr.records() {
            match rec {
                Ok(r) => rows.push((r.position().map_or(0, |p| p.line()), r.iter().map(String::from).collect())),
                Err(e) => {
                    let line = e.position().map(|p| p.line());
                    self.push(Severity::Error, "unreadable", name, line, "", e.to_string());
                }
            }
        }
        let known = known_columns(name);
        for (i, h) in header.iter().enumerate() {
            if h.is_empty() && i == 0 && header.len() > 1 {
                let msg = "the first column has no name (a spreadsheet's index column?)".to_string();
                self.push(Severity::Error, "unnamed_column", name, Some(1), "", msg);
            } else if !known.is_empty() && !known.contains(&h.as_str()) {
                let what = if h.is_empty() { format!("column {} (no name)", i + 1) } else { format!("'{h}'") };
                self.push(
                    Severity::Warning,
                    "extra_column",
                    name,
                    Some(1),
                    h,
                    format!("{what} is not a column of {name} in GTFS: ignored"),
                );
            }
        }
        Some(Table { header, rows })
    }

    fn run(&mut self) {
        let stops = self.table("stops.txt");
        let routes = self.table("routes.txt");
        let trips = self.table("trips.txt");
        let stop_ids = stops.as_ref().map(|t| self.stops(t)).unwrap_or_default();
        let route_ids: HashMap<String, i32> = routes
            .as_ref()
            .map(|t| {
                let types = t.values("route_type");
                t.values("route_id")
                    .iter()
                    .zip(types)
                    .map(|((_, id), (_, ty))| (id.to_string(), ty.parse().unwrap_or(3)))
                    .collect()
            })
            .unwrap_or_default();
        let services = self.services();
        let trip_ids = trips.as_ref().map(|t| self.trips(t, &route_ids, &services)).unwrap_or_default();
        self.stop_times(&stop_ids, &trip_ids);
        self.transfers(&stop_ids, &route_ids, &trip_ids);
    }

    /// `stops.txt`: duplicate ids, positions at (0, 0), out of range or far from the area, and
    /// different stops at exactly one position.
    fn stops(&mut self, t: &Table) -> HashSet<String> {
        const F: &str = "stops.txt";
        let (ids, lats, lons) = (t.values("stop_id"), t.values("stop_lat"), t.values("stop_lon"));
        let types = t.values("location_type");
        let parents = t.values("parent_station");
        let mut seen = HashSet::new();
        let mut at: HashMap<(i64, i64), (String, u64)> = HashMap::new();
        for (k, &(line, id)) in ids.iter().enumerate() {
            if !seen.insert(id.to_string()) {
                self.push(
                    Severity::Error,
                    "duplicate_id",
                    F,
                    Some(line),
                    "stop_id",
                    format!("duplicate stop_id '{}'", short(id)),
                );
            }
            let (lat, lon) = (lats.get(k).map_or("", |v| v.1), lons.get(k).map_or("", |v| v.1));
            let ty = types.get(k).map_or("", |v| v.1);
            if lat.is_empty() && lon.is_empty() && matches!(ty, "3" | "4") {
                continue;
            }
            let (Ok(la), Ok(lo)) = (lat.parse::<f64>(), lon.parse::<f64>()) else {
                let msg = format!(
                    "stop '{}': position '{}', '{}' is not a pair of numbers",
                    short(id),
                    short(lat),
                    short(lon)
                );
                self.push(Severity::Error, "bad_position", F, Some(line), "stop_lat", msg);
                continue;
            };
            if la == 0.0 && lo == 0.0 {
                self.push(
                    Severity::Error,
                    "stop_at_zero",
                    F,
                    Some(line),
                    "stop_lat",
                    format!("stop '{}' is at (0, 0)", short(id)),
                );
                continue;
            }
            if !(-90.0..=90.0).contains(&la) || !(-180.0..=180.0).contains(&lo) {
                let msg = format!("stop '{}': ({la}, {lo}) is out of range", short(id));
                self.push(Severity::Error, "bad_position", F, Some(line), "stop_lat", msg);
                continue;
            }
            if let Some(a) = self.area {
                let km = haversine_m(a.lat, a.lon, la, lo) / 1000.0;
                if km > a.radius_km {
                    let msg = format!(
                        "stop '{}' lies {km:.0} km from the region (more than {:.0} km)",
                        short(id),
                        a.radius_km
                    );
                    self.push(Severity::Warning, "stop_far_from_region", F, Some(line), "stop_lat", msg);
                }
            }
            // Same position, different ids, same kind, neither the other's parent.
            let key = ((la * 1e6).round() as i64, (lo * 1e6).round() as i64);
            let parent = parents.get(k).map_or("", |v| v.1);
            match at.get(&(key.0 * 10 + ty.len() as i64, key.1)) {
                Some((other, l2)) if other != parent => {
                    let msg = format!("stops '{}' and '{}' (line {l2}) share one position", short(other), short(id));
                    self.push(Severity::Warning, "stops_share_position", F, Some(line), "stop_lat", msg);
                }
                Some(_) => {}
                None => {
                    at.insert((key.0 * 10 + ty.len() as i64, key.1), (id.to_string(), line));
                }
            }
        }
        seen
    }

    /// Services and their dates from `calendar.txt` and `calendar_dates.txt`.
    fn services(&mut self) -> HashMap<String, Vec<Date>> {
        let mut dates: HashMap<String, Vec<Date>> = HashMap::new();
        if let Some(t) = self.table("calendar.txt") {
            let cols = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map(|c| t.col(c));
            let (sid, start, end) = (t.col("service_id"), t.col("start_date"), t.col("end_date"));
            for (_, r) in &t.rows {
                let get = |c: Option<usize>| c.and_then(|c| r.get(c)).map_or("", |s| s.as_str());
                let e = dates.entry(get(sid).to_string()).or_default();
                let (Some(s), Some(en)) = (ymd(get(start)), ymd(get(end))) else { continue };
                let mut d = s;
                while d <= en && e.len() < 4000 {
                    if get(cols[d.weekday().index() as usize]) == "1" {
                        e.push(d);
                    }
                    d = d.add_days(1);
                }
            }
        }
        if let Some(t) = self.table("calendar_dates.txt") {
            let (sid, date, ty) = (t.values("service_id"), t.values("date"), t.values("exception_type"));
            for ((_, s), ((_, d), (_, x))) in sid.iter().zip(date.iter().zip(ty)) {
                let e = dates.entry(s.to_string()).or_default();
                match (ymd(d), x) {
                    (Some(d), "1") => e.push(d),
                    (Some(d), "2") => e.retain(|&x| x != d),
                    _ => {}
                }
            }
        }
        dates
    }

    /// `trips.txt`: unknown routes and services, booking-required routes, and services with no
    /// date in the feed's main period. Returns trip id → booking route?
    fn trips(
        &mut self,
        t: &Table,
        routes: &HashMap<String, i32>,
        services: &HashMap<String, Vec<Date>>,
    ) -> HashMap<String, bool> {
        const F: &str = "trips.txt";
        let main = main_period(services);
        let (ids, rids, sids) = (t.values("trip_id"), t.values("route_id"), t.values("service_id"));
        let mut out = HashMap::new();
        let mut outside: HashSet<&str> = HashSet::new();
        for (k, &(line, id)) in ids.iter().enumerate() {
            let (r, s) = (rids.get(k).map_or("", |v| v.1), sids.get(k).map_or("", |v| v.1));
            if out.contains_key(id) {
                self.push(
                    Severity::Error,
                    "duplicate_id",
                    F,
                    Some(line),
                    "trip_id",
                    format!("duplicate trip_id '{}'", short(id)),
                );
            }
            let booking = match routes.get(r) {
                Some(&ty) => super::is_booking_route_type(ty),
                None => {
                    self.push(
                        Severity::Error,
                        "unknown_id",
                        F,
                        Some(line),
                        "route_id",
                        format!("unknown route_id '{}'", short(r)),
                    );
                    false
                }
            };
            if booking {
                let msg = format!("trip '{}': its route type is booking-required service (counted apart)", short(id));
                self.push(Severity::Warning, "booking_required_trip", F, Some(line), "route_id", msg);
            }
            match services.get(s) {
                None => {
                    self.push(
                        Severity::Error,
                        "unknown_id",
                        F,
                        Some(line),
                        "service_id",
                        format!("unknown service_id '{}'", short(s)),
                    );
                }
                Some(d) => {
                    if let Some((lo, hi)) = main
                        && !d.iter().any(|&x| x >= lo && x <= hi)
                        && outside.insert(s)
                    {
                        let msg = format!("service '{}' has no date in the feed's main period {lo} – {hi}", short(s));
                        self.push(Severity::Warning, "service_outside_main_period", F, Some(line), "service_id", msg);
                    }
                }
            }
            out.insert(id.to_string(), booking);
        }
        out
    }

    /// `stop_times.txt`: unknown trips and stops, and booking-required calls (one warning per
    /// trip).
    fn stop_times(&mut self, stops: &HashSet<String>, trips: &HashMap<String, bool>) {
        const F: &str = "stop_times.txt";
        let Some(t) = self.table(F) else { return };
        let (tids, sids) = (t.values("trip_id"), t.values("stop_id"));
        let (pick, drop) = (t.values("pickup_type"), t.values("drop_off_type"));
        let rule = t.values("pickup_booking_rule_id");
        let mut booked: HashSet<&str> = HashSet::new();
        for (k, &(line, trip)) in tids.iter().enumerate() {
            let booking_route = match trips.get(trip) {
                Some(&b) => b,
                None => {
                    self.push(
                        Severity::Error,
                        "unknown_id",
                        F,
                        Some(line),
                        "trip_id",
                        format!("unknown trip_id '{}'", short(trip)),
                    );
                    true
                }
            };
            let stop = sids.get(k).map_or("", |v| v.1);
            if !stops.contains(stop) {
                self.push(
                    Severity::Error,
                    "unknown_id",
                    F,
                    Some(line),
                    "stop_id",
                    format!("unknown stop_id '{}'", short(stop)),
                );
            }
            let two = |v: &Vec<(u64, &str)>| v.get(k).is_some_and(|x| x.1 == "2");
            let ruled = rule.get(k).is_some_and(|x| !x.1.is_empty());
            if !booking_route && (two(&pick) || two(&drop) || ruled) && booked.insert(trip) {
                let msg = format!(
                    "trip '{}': boarding or alighting must be booked (pickup_type/drop_off_type 2 or a booking rule)",
                    short(trip)
                );
                self.push(Severity::Warning, "booking_required_call", F, Some(line), "pickup_type", msg);
            }
        }
    }

    /// `transfers.txt`: ids the feed lacks (the row is skipped by the other commands), and ids
    /// written as floats (`539.0` for `539`), which silently break the reference.
    fn transfers(&mut self, stops: &HashSet<String>, routes: &HashMap<String, i32>, trips: &HashMap<String, bool>) {
        const F: &str = "transfers.txt";
        let Some(t) = self.table(F) else { return };
        let cols: [(&str, &str); 6] = [
            ("from_stop_id", "stop"),
            ("to_stop_id", "stop"),
            ("from_route_id", "route"),
            ("to_route_id", "route"),
            ("from_trip_id", "trip"),
            ("to_trip_id", "trip"),
        ];
        for (col, what) in cols {
            for (line, id) in t.values(col) {
                let has = |x: &str| match what {
                    "stop" => stops.contains(x),
                    "route" => routes.contains_key(x),
                    _ => trips.contains_key(x),
                };
                if id.is_empty() || has(id) {
                    continue;
                }
                if let Some(int) = id.strip_suffix(".0").filter(|i| has(i)) {
                    let msg = format!("{what} id '{}' is written as a float; the feed has '{}'", short(id), short(int));
                    self.push(Severity::Error, "id_written_as_float", F, Some(line), col, msg);
                } else {
                    let kind = match what {
                        "stop" => "transfer_unknown_stop",
                        "route" => "transfer_unknown_route",
                        _ => "transfer_unknown_trip",
                    };
                    let msg = format!("unknown {what} id '{}': the row is skipped", short(id));
                    self.push(Severity::Warning, kind, F, Some(line), col, msg);
                }
            }
        }
    }
}

fn ymd(s: &str) -> Option<Date> {
    if s.len() != 8 {
        return None;
    }
    Date::from_ymd(s[..4].parse().ok()?, s[4..6].parse().ok()?, s[6..].parse().ok()?)
}

/// The feed's main period: the dates from the 5th to the 95th percentile of all service days
/// (so a few stray dates far out do not stretch it).
fn main_period(services: &HashMap<String, Vec<Date>>) -> Option<(Date, Date)> {
    let mut all: Vec<Date> = services.values().flatten().copied().collect();
    if all.is_empty() {
        return None;
    }
    all.sort();
    let at = |q: usize| all[(all.len() - 1) * q / 100];
    Some((at(5), at(95)))
}
