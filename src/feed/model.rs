//! The merged, validated GTFS network, independent of any date: what the loader produces and
//! the timetable builder reads. Stop times live in flat arrays indexed by trip ranges.

use crate::date::{Date, Weekday};
use crate::feed::Warnings;
pub use crate::feed::label::Label;

/// One loaded feed (a zip or a directory) and what it said about itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeedSource {
    /// The path as the user gave it.
    pub path: String,
    /// Short name used to keep colliding ids apart (`name:id`).
    pub name: String,
    pub publisher: Option<String>,
    pub version: Option<String>,
    /// `feed_info.txt` start/end dates, when given.
    pub feed_start: Option<Date>,
    pub feed_end: Option<Date>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Agency {
    pub id: String,
    pub name: String,
    pub feed: u16,
}

/// GTFS `location_type`: 0 stop/platform, 1 station, 2 entrance, 3 generic node, 4 boarding area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocationType {
    Stop,
    Station,
    Entrance,
    GenericNode,
    BoardingArea,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stop {
    pub id: Label,
    pub name: Label,
    pub lat: f64,
    pub lon: f64,
    pub location_type: LocationType,
    /// Index of the parent station in [`Feed::stops`].
    pub parent: Option<u32>,
    /// 0 unknown, 1 possible, 2 not possible — after inheritance from the parent station.
    pub wheelchair_boarding: u8,
    pub feed: u16,
}

/// Broad mode, from GTFS `route_type` (basic and extended codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Tram,
    Metro,
    Rail,
    Bus,
    Ferry,
    Other,
}

impl Mode {
    pub fn from_route_type(code: i32) -> Mode {
        match code {
            0 | 900..=999 => Mode::Tram,
            1 | 400..=499 => Mode::Metro,
            2 | 100..=199 => Mode::Rail,
            3 | 11 | 200..=299 | 700..=799 | 800..=899 => Mode::Bus,
            4 | 1000..=1099 | 1200..=1299 => Mode::Ferry,
            _ => Mode::Other,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Mode::Tram => "tram",
            Mode::Metro => "metro",
            Mode::Rail => "rail",
            Mode::Bus => "bus",
            Mode::Ferry => "ferry",
            Mode::Other => "other",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub id: String,
    pub short_name: String,
    pub long_name: String,
    /// The GTFS `route_type` code as written (basic or extended).
    pub route_type: i32,
    pub agency: Option<u32>,
    pub feed: u16,
}

impl Route {
    pub fn mode(&self) -> Mode {
        Mode::from_route_type(self.route_type)
    }

    /// The name a traveller sees: short name, else long name, else the id.
    /// Is every trip of the route booked service ([`is_booking_route_type`])?
    pub fn needs_booking(&self) -> bool {
        is_booking_route_type(self.route_type)
    }

    pub fn display_name(&self) -> &str {
        [&self.short_name, &self.long_name, &self.id].into_iter().find(|s| !s.is_empty()).map_or("", |s| s)
    }
}

/// Extended route types of on-demand service that must be booked: 715 demand and response bus,
/// 717 share taxi, 1501 communal taxi (Swedish "anropsstyrd trafik", "närtrafik").
pub fn is_booking_route_type(code: i32) -> bool {
    matches!(code, 715 | 717 | 1501)
}

/// A service calendar: `calendar.txt` days and range, with `calendar_dates.txt` exceptions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    pub id: String,
    /// Bit `i` set when the service runs on weekday `i` (Monday = 0), within `start..=end`.
    pub weekdays: u8,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// Sorted dates added by exception type 1.
    pub added: Vec<Date>,
    /// Sorted dates removed by exception type 2.
    pub removed: Vec<Date>,
}

impl Service {
    /// Does this service run on `d`? Exceptions win over the weekly pattern.
    pub fn runs_on(&self, d: Date) -> bool {
        if self.removed.binary_search(&d).is_ok() {
            return false;
        }
        if self.added.binary_search(&d).is_ok() {
            return true;
        }
        match (self.start, self.end) {
            (Some(s), Some(e)) => d >= s && d <= e && self.weekdays & (1 << d.weekday().index()) != 0,
            _ => false,
        }
    }

    /// The first and last dates on which it could run (ignoring removals).
    pub fn span(&self) -> Option<(Date, Date)> {
        let mut lo = self.start;
        let mut hi = self.end;
        if self.weekdays == 0 {
            lo = None;
            hi = None;
        }
        for &d in &self.added {
            lo = Some(lo.map_or(d, |l| l.min(d)));
            hi = Some(hi.map_or(d, |h| h.max(d)));
        }
        lo.zip(hi)
    }
}

/// Bit for a weekday in [`Service::weekdays`].
pub fn weekday_bit(w: Weekday) -> u8 {
    1 << w.index()
}

/// A trip; its calls are `Feed::stop_times[first_call..first_call + n_calls]`, in stop_sequence
/// order, times as seconds since its service day's midnight (may pass 24:00:00).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trip {
    pub id: Label,
    pub route: u32,
    pub service: u32,
    pub headsign: Label,
    pub direction: Option<u8>,
    /// GTFS `wheelchair_accessible`: 0 unknown, 1 at least one wheelchair place, 2 none.
    pub wheelchair: u8,
    pub first_call: u32,
    pub n_calls: u32,
    /// Its `frequencies.txt` rows: `Feed::frequencies[first_freq..first_freq + n_freq]`.
    pub first_freq: u32,
    pub n_freq: u32,
    pub feed: u16,
}

/// One call of a trip at a stop (a row of `stop_times.txt`, times interpolated where blank).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Call {
    pub stop: u32,
    pub arrival: u32,
    pub departure: u32,
    /// `pickup_type` != 1.
    pub pickup: bool,
    /// `drop_off_type` != 1.
    pub drop_off: bool,
    /// Boarding or alighting here must be booked (`pickup_type`/`drop_off_type` 2, or a GTFS-Flex
    /// booking rule).
    pub booking: bool,
}

/// A `frequencies.txt` row: the trip's calls are a template run every `headway` seconds from
/// `start` while the start time is before `end`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frequency {
    pub trip: u32,
    pub start: u32,
    pub end: u32,
    pub headway: u32,
    pub exact_times: bool,
}

/// GTFS `transfer_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransferKind {
    /// 0: a recommended point.
    Recommended,
    /// 1: the departing vehicle waits for the arriving one.
    Timed,
    /// 2: at least `min_transfer_time`.
    MinTime,
    /// 3: not possible.
    Forbidden,
    /// 4: stay seated (the same vehicle goes on as the next trip).
    InSeat,
    /// 5: in-seat transfer not allowed (alight and board again).
    NoInSeat,
}

/// A `transfers.txt` row between stops (station ids are kept; the timetable expands them),
/// optionally bound to routes or trips: a row naming trips binds only those trips, one naming
/// routes only trips of those routes; the most specific row that matches wins (trip over route
/// over stop). Route and trip indices are into [`Feed::routes`] and [`Feed::trips`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transfer {
    pub from: u32,
    pub to: u32,
    pub from_route: Option<u32>,
    pub to_route: Option<u32>,
    pub from_trip: Option<u32>,
    pub to_trip: Option<u32>,
    pub kind: TransferKind,
    pub min_time: Option<u32>,
}

impl Transfer {
    /// A plain stop-to-stop row.
    pub fn between(from: u32, to: u32, kind: TransferKind, min_time: Option<u32>) -> Transfer {
        Transfer { from, to, from_route: None, to_route: None, from_trip: None, to_trip: None, kind, min_time }
    }

    /// Does the row name a route or trip (so it binds only some rides)?
    pub fn is_specific(&self) -> bool {
        self.from_route.is_some() || self.to_route.is_some() || self.from_trip.is_some() || self.to_trip.is_some()
    }
}

/// The merged network of all loaded feeds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Feed {
    pub sources: Vec<FeedSource>,
    pub agencies: Vec<Agency>,
    pub stops: Vec<Stop>,
    pub routes: Vec<Route>,
    pub services: Vec<Service>,
    pub trips: Vec<Trip>,
    pub calls: Vec<Call>,
    pub frequencies: Vec<Frequency>,
    pub transfers: Vec<Transfer>,
    /// Demand-responsive (närtrafik) service areas from `locations.geojson`.
    pub demand_areas: Vec<DemandArea>,
    /// Recoverable oddities met while loading, counted by kind.
    pub warnings: Warnings,
}

impl Feed {
    pub fn trip_calls(&self, t: usize) -> &[Call] {
        let tr = &self.trips[t];
        &self.calls[tr.first_call as usize..(tr.first_call + tr.n_calls) as usize]
    }

    /// Is trip `t` booking-required service: a booking route type, or every call where one may
    /// board needs a booking? (A fixed trip with a few booked calls is fixed service; those
    /// calls are [`Call::booking`].)
    pub fn trip_needs_booking(&self, t: usize) -> bool {
        if self.routes[self.trips[t].route as usize].needs_booking() {
            return true;
        }
        let mut boardable = self.trip_calls(t).iter().filter(|c| c.pickup).peekable();
        boardable.peek().is_some() && boardable.all(|c| c.booking)
    }

    /// Per service, does it run on `d`?
    pub fn active_services(&self, d: Date) -> Vec<bool> {
        self.services.iter().map(|s| s.runs_on(d)).collect()
    }

    /// The first and last date on which any service runs.
    pub fn service_range(&self) -> Option<(Date, Date)> {
        self.services.iter().filter_map(Service::span).reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
    }

    /// The runs of trip `t` on one service day, as the seconds to add to its template times:
    /// `[0]` for a plain trip; one entry per expanded departure for a frequency-based trip
    /// (the template's first departure moves to `start`, `start + headway`, … while `< end`;
    /// exact_times 0 and 1 are expanded alike, a schedule being what the router needs).
    pub fn run_shifts(&self, t: usize) -> Vec<i64> {
        let tr = &self.trips[t];
        if tr.n_freq == 0 {
            return vec![0];
        }
        let base = self.trip_calls(t).first().map_or(0, |c| c.departure) as i64;
        let rows = &self.frequencies[tr.first_freq as usize..(tr.first_freq + tr.n_freq) as usize];
        let mut out = Vec::new();
        for f in rows {
            // In u64: a headway near u32::MAX must end the loop, not wrap round to 0.
            let mut s = f.start as u64;
            while s < f.end as u64 {
                out.push(s as i64 - base);
                s += f.headway.max(1) as u64;
            }
        }
        out
    }
}

/// A demand-responsive service area (a GTFS-Flex zone from `locations.geojson`): polygons in
/// WGS84 as `(lon, lat)` rings, the first ring of each polygon its outer boundary.
#[derive(Clone, Debug, PartialEq)]
pub struct DemandArea {
    pub id: String,
    pub name: String,
    pub polygons: Vec<Vec<Vec<(f64, f64)>>>,
    pub feed: u16,
}

impl DemandArea {
    /// Is the WGS84 point inside the area (even-odd rule per polygon, holes respected)?
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        self.polygons.iter().any(|rings| rings.iter().filter(|r| ring_contains(r, lon, lat)).count() % 2 == 1)
    }
}

fn ring_contains(ring: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut inside = false;
    let n = ring.len();
    for i in 0..n {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[(i + n - 1) % n];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
    }
    inside
}
