//! Building a [`Timetable`] from a [`Feed`] for one date.

use std::collections::{BTreeMap, HashMap};

use super::{
    CHANGE_DEFAULT, CHANGE_FORBIDDEN, Call, Csr, Footpath, RouteIdx, ServiceDay, StopIdx, StopInfo, Timetable,
    TimetableBuilder, TripInfo,
};
use crate::date::{DAY, Date};
use crate::feed::{Feed, LocationType, TransferKind};
use crate::spatial::{PointIndex, Xy, to_sweref};
use crate::walk::{Walk, WalkPaths};

/// How walking between stops is modelled: the [`Walk`] model for stops at most `radius_m` apart
/// (straight line). A radius of 0 leaves only `transfers.txt` and moves between stops of the
/// same parent station. With `paths` (a street network), the walk between two such stops is
/// its path on the network at the model's speed, and a path longer than
/// [`Walk::DETOUR_RANGE`]'s end × the radius (three times) is no walk.
#[derive(Clone)]
pub struct FootpathOptions {
    pub radius_m: f64,
    pub walk: Walk,
    pub paths: Option<std::sync::Arc<dyn WalkPaths>>,
}

impl std::fmt::Debug for FootpathOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let paths = if self.paths.is_some() { "network" } else { "straight line" };
        write!(f, "FootpathOptions {{ radius_m: {}, walk: {:?}, paths: {paths} }}", self.radius_m, self.walk)
    }
}

impl Default for FootpathOptions {
    fn default() -> Self {
        FootpathOptions { radius_m: 500.0, walk: Walk::DEFAULT, paths: None }
    }
}

/// Counts from a build, for `summary` and for tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Runs of trips of the date (frequency runs counted one by one).
    pub trips_today: usize,
    /// After-midnight runs of trips of the day before.
    pub trips_yesterday: usize,
    /// Runs that came from expanding `frequencies.txt`.
    pub frequency_runs: usize,
    pub patterns: usize,
    /// Patterns made only because a trip overtook another with the same stops.
    pub overtaking_splits: usize,
    pub footpaths: usize,
}

/// Which service goes into a timetable. Booking-required service (on-demand trips, see
/// [`Feed::trip_needs_booking`], and booked calls of fixed trips) is not fixed-route service: it
/// is left out unless asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Booking {
    /// Fixed-route service only (the default).
    #[default]
    Exclude,
    /// Fixed-route and booking-required service alike.
    Include,
    /// Booking-required trips only (for counting them apart).
    Only,
}

/// Who the service must carry: everyone, or a traveller in a wheelchair. For a wheelchair only
/// trips with GTFS `wheelchair_accessible` 1 run, and boarding and alighting happen only at
/// stops with `wheelchair_boarding` 1 (a platform's empty value taken from its station, as the
/// feed loader does); 2 is never accessible. Unknown (0 or empty) counts as not accessible unless
/// `unknown_accessible`. Walking between stops is left as it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Access {
    #[default]
    Everyone,
    Wheelchair {
        unknown_accessible: bool,
    },
}

impl Access {
    /// May this traveller use a stop or trip with GTFS code `code` (0 unknown, 1 yes, 2 no)?
    pub fn admits(self, code: u8) -> bool {
        match self {
            Access::Everyone => true,
            Access::Wheelchair { unknown_accessible } => code == 1 || (code == 0 && unknown_accessible),
        }
    }
}

struct Run {
    source: u32,
    shift: i64,
    day: ServiceDay,
    /// First call of the source trip that is kept (0 unless the run is yesterday's tail).
    skip: u32,
}

impl Timetable {
    /// The timetable of service date `date`, fixed-route service only ([`Booking::Exclude`]).
    pub fn build(feed: &Feed, date: Date, fp: &FootpathOptions) -> Timetable {
        Timetable::build_with(feed, date, fp, Booking::Exclude)
    }

    /// The timetable of service date `date` with the service class `booking` says.
    pub fn build_with(feed: &Feed, date: Date, fp: &FootpathOptions, booking: Booking) -> Timetable {
        Timetable::build_for(feed, date, fp, booking, Access::Everyone)
    }

    /// The timetable of service date `date` with the service class `booking` says, as the
    /// traveller `access` describes can use it (trips they cannot board left out, stops where
    /// they cannot board or alight closed to boarding and alighting).
    pub fn build_for(feed: &Feed, date: Date, fp: &FootpathOptions, booking: Booking, access: Access) -> Timetable {
        let runs = collect_runs(feed, date, booking, access);
        let mut stats = BuildStats {
            trips_today: runs.iter().filter(|r| r.day == ServiceDay::Today).count(),
            trips_yesterday: runs.iter().filter(|r| r.day == ServiceDay::Yesterday).count(),
            frequency_runs: runs.iter().filter(|r| feed.trips[r.source as usize].n_freq > 0).count(),
            ..Default::default()
        };

        // Group runs by (route, stops, pickup, drop-off).
        type Key = (u32, Vec<(u32, bool, bool)>);
        // foldhash: std's SipHash over each run's stop list was an eighth of a whole `summary`
        // on the 5 M feed; the order is made deterministic below either way.
        let mut groups: HashMap<Key, Vec<usize>, foldhash::fast::FixedState> = HashMap::default();
        for (ri, r) in runs.iter().enumerate() {
            let calls = &feed.trip_calls(r.source as usize)[r.skip as usize..];
            let n = calls.len();
            // A booked call of a fixed trip is not fixed service: no boarding or alighting there.
            let open = |c: &crate::feed::Call| {
                (booking != Booking::Exclude || !c.booking)
                    && access.admits(feed.stops[c.stop as usize].wheelchair_boarding)
            };
            let key_stops = calls
                .iter()
                .enumerate()
                .map(|(i, c)| (c.stop, c.pickup && open(c) && i + 1 < n, c.drop_off && open(c) && i > 0))
                .collect();
            groups.entry((feed.trips[r.source as usize].route, key_stops)).or_default().push(ri);
        }
        // Deterministic order: by the smallest run index in each group.
        let mut groups: Vec<(Key, Vec<usize>)> = groups.into_iter().collect();
        groups.sort_by_key(|(_, v)| v[0]);

        let stops = stop_infos(feed);
        let xy: Vec<Xy> = stops.iter().map(|s| s.xy).collect();
        let mut b = TimetableBuilder::new(date, stops, feed.routes.iter().map(|r| r.mode()).collect());
        b.stop_order(id_ranks(feed));
        let times_of = |r: &Run| -> Vec<(u32, u32)> {
            feed.trip_calls(r.source as usize)[r.skip as usize..]
                .iter()
                .map(|c| (shifted(c.arrival, r.shift), shifted(c.departure, r.shift)))
                .collect()
        };
        for ((route, key_stops), mut members) in groups {
            let mut timed: Vec<(Vec<(u32, u32)>, usize)> =
                members.drain(..).map(|ri| (times_of(&runs[ri]), ri)).collect();
            timed.sort();
            // Split into FIFO sub-patterns: a trip joins the first one whose last trip it never overtakes.
            let mut subs: Vec<Vec<usize>> = Vec::new();
            for (k, (times, _)) in timed.iter().enumerate() {
                let fits = |sub: &Vec<usize>| {
                    let last = &timed[*sub.last().expect("sub-patterns are never empty")].0;
                    last.iter().zip(times).all(|(a, b)| a.0 <= b.0 && a.1 <= b.1)
                };
                match subs.iter_mut().find(|s| fits(s)) {
                    Some(s) => s.push(k),
                    None => subs.push(vec![k]),
                }
            }
            stats.overtaking_splits += subs.len() - 1;
            for sub in subs {
                let calls = key_stops.iter().map(|&(s, up, down)| Call::new(StopIdx(s), up, down));
                let p = b.add_pattern(RouteIdx(route), calls);
                for k in sub {
                    let (times, ri) = &timed[k];
                    let r = &runs[*ri];
                    let direction = feed.trips[r.source as usize].direction;
                    b.add_trip(p, TripInfo { source: r.source, day: r.day, direction }, times.iter().copied());
                }
            }
        }
        stats.patterns = b.n_patterns();

        let (paths, change) = footpaths(feed, &xy, fp);
        stats.footpaths = paths.iter().map(Vec::len).sum();
        let mut csr = Csr::new();
        for list in paths {
            csr.push_list(list);
        }
        b.footpaths(csr);
        b.change_times(change);
        b.transfer_rules(super::rules::rules_of(feed));
        b.stats(stats);
        b.finish()
    }
}

/// The timetable's facts of each feed stop.
fn stop_infos(feed: &Feed) -> Vec<StopInfo> {
    feed.stops
        .iter()
        .map(|s| StopInfo {
            xy: to_sweref(s.lat, s.lon),
            location_type: s.location_type,
            parent: s.parent.map(StopIdx),
            wheelchair_boarding: s.wheelchair_boarding,
        })
        .collect()
}

/// Per stop, the rank of its id in byte order (equal ids: by index).
fn id_ranks(feed: &Feed) -> Vec<u32> {
    let mut by_id: Vec<u32> = (0..feed.stops.len() as u32).collect();
    by_id.sort_by(|&a, &b| feed.stops[a as usize].id.as_bytes().cmp(feed.stops[b as usize].id.as_bytes()));
    let mut rank = vec![0; by_id.len()];
    for (r, &s) in by_id.iter().enumerate() {
        rank[s as usize] = r as u32;
    }
    rank
}

fn shifted(t: u32, shift: i64) -> u32 {
    (t as i64 + shift).clamp(0, u32::MAX as i64) as u32
}

fn collect_runs(feed: &Feed, date: Date, booking: Booking, access: Access) -> Vec<Run> {
    let today = feed.active_services(date);
    let yesterday = feed.active_services(date.add_days(-1));
    let mut runs = Vec::new();
    for (t, trip) in feed.trips.iter().enumerate() {
        let (on_today, on_yesterday) = (today[trip.service as usize], yesterday[trip.service as usize]);
        if !on_today && !on_yesterday {
            continue;
        }
        let keep = match booking {
            Booking::Include => true,
            Booking::Exclude => !feed.trip_needs_booking(t),
            Booking::Only => feed.trip_needs_booking(t),
        };
        if !keep || !access.admits(trip.wheelchair) {
            continue;
        }
        let calls = feed.trip_calls(t);
        for shift in feed.run_shifts(t) {
            if on_today {
                runs.push(Run { source: t as u32, shift, day: ServiceDay::Today, skip: 0 });
            }
            if on_yesterday {
                // Keep the calls the vehicle leaves at or after midnight; it must still have a
                // stop ahead for anyone to ride it.
                let y_shift = shift - DAY as i64;
                if let Some(k) = calls.iter().position(|c| c.departure as i64 + y_shift >= 0)
                    && k + 1 < calls.len()
                {
                    runs.push(Run { source: t as u32, shift: y_shift, day: ServiceDay::Yesterday, skip: k as u32 });
                }
            }
        }
    }
    runs
}

/// Walks kept from one stop: its nearest stops within the radius, at most this many. Real
/// networks have far fewer stops within 500 m of one stop; many stops on one coordinate
/// (placeholder positions in poor feeds) would otherwise cost memory quadratic in their number
/// (20,000 such stops: 400 million walks, past 9 GB).
pub const MAX_WALKS: usize = 256;

/// Footpaths between different stops and same-stop change times, per the transfer semantics in
/// the README: walking within the radius, 0 s between stops of one parent station, and
/// `transfers.txt` rows (station rows stand for each child; stop rows override station rows;
/// type 3 removes the move). A row's `min_transfer_time` (0 s for a timed transfer, type 1) is
/// kept as given; a row without one is a move of 0 s that the router floors at its minimum
/// change time (between stops) or leaves the stop at the default change time (same stop).
fn footpaths(feed: &Feed, xy: &[Xy], fp: &FootpathOptions) -> (Vec<Vec<Footpath>>, Vec<u32>) {
    let n = feed.stops.len();
    // Per stop: target → `None` (forbidden) or (seconds, given by transfers.txt).
    let mut moves: Vec<BTreeMap<u32, Option<(u32, bool)>>> = vec![BTreeMap::new(); n];
    let mut change = vec![CHANGE_DEFAULT; n];
    let is_point = |s: usize| matches!(feed.stops[s].location_type, LocationType::Stop | LocationType::BoardingArea);

    if fp.radius_m > 0.0 {
        let index = PointIndex::new((0..n).filter(|&s| is_point(s)).map(|s| (xy[s], s as u32)));
        for s in (0..n).filter(|&s| is_point(s)) {
            // The nearest MAX_WALKS only (distance, then index): a feed with thousands of stops
            // on one placeholder coordinate would otherwise make the walks quadratic in memory.
            let near = index.nearest_within(xy[s], fp.radius_m, MAX_WALKS + 1);
            let near: Vec<(u32, f64)> = near.into_iter().filter(|&(o, _)| o as usize != s).take(MAX_WALKS).collect();
            match &fp.paths {
                None => {
                    for (o, d) in near {
                        moves[s].insert(o, Some((fp.walk.secs(d), false)));
                    }
                }
                Some(paths) => {
                    let to: Vec<Xy> = near.iter().map(|&(o, _)| xy[o as usize]).collect();
                    let max_m = fp.radius_m * Walk::DETOUR_RANGE.end();
                    for ((o, _), m) in near.iter().zip(paths.paths_m(xy[s], &to, max_m)) {
                        if let Some(m) = m {
                            moves[s].insert(*o, Some((fp.walk.path_secs(m), false)));
                        }
                    }
                }
            }
        }
    }
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, s) in feed.stops.iter().enumerate() {
        if let Some(p) = s.parent
            && is_point(i)
        {
            children[p as usize].push(i as u32);
        }
    }
    for kids in &children {
        // Stops of one station change in 0 s; a station with thousands of stops (a poor feed)
        // links each to its MAX_WALKS nearest siblings only, not quadratically.
        let near = (kids.len() > MAX_WALKS + 1).then(|| PointIndex::new(kids.iter().map(|&k| (xy[k as usize], k))));
        for &a in kids {
            let siblings: Vec<u32> = match &near {
                None => kids.clone(),
                Some(ix) => ix
                    .nearest_within(xy[a as usize], f64::INFINITY, MAX_WALKS + 1)
                    .into_iter()
                    .map(|(b, _)| b)
                    .collect(),
            };
            for b in siblings.into_iter().filter(|&b| b != a).take(MAX_WALKS) {
                moves[a as usize].insert(b, Some((0, false)));
            }
        }
    }
    // Station-level rows first, then stop-level rows, so the more specific row wins.
    let expand = |s: u32| -> Vec<u32> {
        if feed.stops[s as usize].location_type == LocationType::Station {
            children[s as usize].clone()
        } else {
            vec![s]
        }
    };
    // Rows bound to routes or trips apply to those rides only (the router's business), not to
    // every traveller between the two stops.
    let mut rows: Vec<_> = feed.transfers.iter().filter(|t| !t.is_specific()).collect();
    rows.sort_by_key(|t| {
        let station = |s: u32| feed.stops[s as usize].location_type == LocationType::Station;
        !(station(t.from) || station(t.to))
    });
    for t in rows {
        let secs = match (t.kind, t.min_time) {
            (TransferKind::Forbidden, _) => None,
            // In-seat rules are about two trips of one vehicle, never between plain stops.
            (TransferKind::InSeat | TransferKind::NoInSeat, _) => continue,
            (_, Some(m)) => Some((m, true)),
            (TransferKind::Timed, None) => Some((0, true)),
            (_, None) => Some((0, false)),
        };
        for a in expand(t.from) {
            for b in expand(t.to) {
                if a == b {
                    change[a as usize] = match secs {
                        None => CHANGE_FORBIDDEN,
                        Some((m, true)) => m,
                        Some((_, false)) => CHANGE_DEFAULT,
                    };
                } else {
                    moves[a as usize].insert(b, secs);
                }
            }
        }
    }
    let paths = moves
        .into_iter()
        .map(|m| {
            m.into_iter()
                .filter_map(|(to, x)| x.map(|(secs, given)| Footpath { to: StopIdx(to), secs, given }))
                .collect()
        })
        .collect();
    (paths, change)
}
