//! RAPTOR against an independent, plainly written Connection Scan Algorithm on many random small
//! feeds (seeded, so failures reproduce): earliest arrival with at most k rides at every stop, for
//! every k, with and without footpaths, across midnight, with random change times (which also
//! floor every move between stops after a ride whose time transfers.txt does not give), and with
//! route- and trip-bound transfers.txt rows of every type (0–5), which the scan applies from its
//! own reading of the rows: it keeps every trip arrival at every stop and, when a connection
//! departs, checks each arrival against the most specific row that binds the two trips.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::common::{TestFeed, test_date};
use narhet::feed::Feed;
use narhet::router::{Leg, Raptor, ReverseRaptor, RouterConfig, TargetRule, UNREACHED};
use narhet::timetable::{Access, Booking, FootpathOptions, StopIdx, Timetable, TripIdx};

// ---------------------------------------------------------------------------------------------
// The test's own reading of route- and trip-bound transfers.txt rows (shares no code with the
// timetable's rule index).

/// One generated row that names a route or a trip.
#[derive(Clone, Debug)]
struct Row {
    from: String,
    to: String,
    from_route: Option<String>,
    to_route: Option<String>,
    from_trip: Option<String>,
    to_trip: Option<String>,
    ty: u8,
    min: Option<u32>,
}

/// The rows with the feed's ids, and a cache of looked-up requirements.
struct Model {
    rows: Vec<Row>,
    stop_id: Vec<String>,
    /// Parent station id of each stop, if any.
    parent_id: Vec<Option<String>>,
    trip_id: Vec<String>,
    trip_route_id: Vec<String>,
    cache: RefCell<HashMap<Key, Option<(u32, bool)>>>,
}

/// (arriving trip, its stop, departing trip, its stop, minimum change time).
type Key = (u32, usize, u32, usize, u32);

impl Model {
    fn new(feed: &Feed, rows: Vec<Row>) -> Model {
        let stop_id = feed.stops.iter().map(|s| s.id.as_str().to_string()).collect();
        let parent_id =
            feed.stops.iter().map(|s| s.parent.map(|p| feed.stops[p as usize].id.as_str().to_string())).collect();
        let trip_id = feed.trips.iter().map(|t| t.id.as_str().to_string()).collect();
        let trip_route_id = feed.trips.iter().map(|t| feed.routes[t.route as usize].id.to_string()).collect();
        Model { rows, stop_id, parent_id, trip_id, trip_route_id, cache: RefCell::new(HashMap::new()) }
    }

    /// Does the row's stop id name stop `s` (itself: `Some(false)`, its station: `Some(true)`)?
    fn names(&self, id: &str, s: usize) -> Option<bool> {
        if self.stop_id[s] == id {
            Some(false)
        } else if self.parent_id[s].as_deref() == Some(id) {
            Some(true)
        } else {
            None
        }
    }

    /// The rule binding (trip `a` arriving at `s0`) → (trip `b` leaving `s`): the most specific
    /// matching row (GTFS: both trips 5 > trip and route 4 > one trip 3 > both routes 2 > one
    /// route 1; then a row naming the stops over one naming a station; then the first row).
    fn rule(&self, tt: &Timetable, a: TripIdx, s0: usize, b: TripIdx, s: usize) -> Option<&Row> {
        let (fa, fb) = (tt.trip_source(a) as usize, tt.trip_source(b) as usize);
        let side_ok = |trip: &Option<String>, route: &Option<String>, f: usize| match (trip, route) {
            (Some(t), _) => *t == self.trip_id[f],
            (None, Some(r)) => *r == self.trip_route_id[f],
            (None, None) => true,
        };
        let mut best: Option<(u8, &Row)> = None;
        for row in &self.rows {
            let (Some(st0), Some(st1)) = (self.names(&row.from, s0), self.names(&row.to, s)) else { continue };
            if !side_ok(&row.from_trip, &row.from_route, fa) || !side_ok(&row.to_trip, &row.to_route, fb) {
                continue;
            }
            let trips = row.from_trip.is_some() as u8 + row.to_trip.is_some() as u8;
            let routes = (row.from_trip.is_none() && row.from_route.is_some()) as u8
                + (row.to_trip.is_none() && row.to_route.is_some()) as u8;
            let spec = match (trips, routes) {
                (2, _) => 5,
                (1, 1) => 4,
                (1, 0) => 3,
                (0, 2) => 2,
                (0, 1) => 1,
                _ => continue,
            };
            let rank = spec * 2 + u8::from(!(st0 || st1));
            if best.is_none_or(|(r, _)| rank > r) {
                best = Some((rank, row));
            }
        }
        best.map(|b| b.1)
    }

    /// Seconds from trip `a`'s arrival at `s0` until trip `b` may leave `s` (`None`: not
    /// possible), and whether a route/trip-bound row decided it.
    fn required(
        &self,
        tt: &Timetable,
        a: TripIdx,
        s0: usize,
        b: TripIdx,
        s: usize,
        min_change: u32,
    ) -> Option<(u32, bool)> {
        let key = (a.0, s0, b.0, s, min_change);
        if let Some(&v) = self.cache.borrow().get(&key) {
            return v;
        }
        let stop_level = || {
            if s0 == s {
                tt.change_at(StopIdx(s as u32), min_change)
            } else {
                let fp = tt.footpaths(StopIdx(s0 as u32)).iter().find(|f| f.to.ix() == s)?;
                Some(if fp.given { fp.secs } else { fp.secs.max(min_change) })
            }
        };
        let v = match self.rule(tt, a, s0, b, s) {
            None => stop_level().map(|x| (x, false)),
            Some(row) => match (row.ty, row.min) {
                (3, _) => None,
                (1, m) => Some((m.unwrap_or(0), true)),
                (2, Some(m)) => Some((m, true)),
                (4, _) => Some((0, true)),
                _ => stop_level().map(|x| (x, true)),
            },
        };
        self.cache.borrow_mut().insert(key, v);
        v
    }
}

// ---------------------------------------------------------------------------------------------
// The reference: Connection Scan with per-ride-count labels. Shares no code with the router.

const INF: u32 = u32::MAX;

/// Labels "with at most j rides": `ride[j][s]` arrival by alighting, `foot[j][s]` arrival on foot
/// (from an origin or one footpath after a ride).
struct Csa {
    ride: Vec<Vec<u32>>,
    foot: Vec<Vec<u32>>,
    /// Boardings at their fewest rides that a route/trip-bound row decided.
    by_rule: usize,
}

impl Csa {
    fn arrival(&self, j: usize, s: usize) -> u32 {
        self.ride[j][s].min(self.foot[j][s])
    }
}

fn lower(v: &mut [Vec<u32>], from_j: usize, s: usize, x: u32) -> bool {
    let mut changed = false;
    for row in v.iter_mut().skip(from_j) {
        if x < row[s] {
            row[s] = x;
            changed = true;
        }
    }
    changed
}

fn csa(tt: &Timetable, model: &Model, origins: &[(usize, u32)], relax: bool, max_rides: usize, min_change: u32) -> Csa {
    csa_with(tt, model, origins, relax, max_rides, min_change, None)
}

/// Which trips a traveller may ride and at which stops they may board and alight, per index of
/// the timetable the scan runs on (for the wheelchair check); `None` in [`csa_with`]: all.
struct Allow {
    trip: Vec<bool>,
    stop: Vec<bool>,
}

fn csa_with(
    tt: &Timetable,
    model: &Model,
    origins: &[(usize, u32)],
    relax: bool,
    max_rides: usize,
    min_change: u32,
    allow: Option<&Allow>,
) -> Csa {
    let trip_ok = |t: usize| allow.is_none_or(|a| a.trip[t]);
    let stop_ok = |s: usize| allow.is_none_or(|a| a.stop[s]);
    let n = tt.n_stops();
    let mut l = Csa { ride: vec![vec![INF; n]; max_rides + 1], foot: vec![vec![INF; n]; max_rides + 1], by_rule: 0 };
    // Before any ride: at an origin, or one walk from it.
    let mut start = vec![INF; n];
    for &(o, time) in origins {
        start[o] = start[o].min(time);
    }
    if relax {
        for &(o, time) in origins {
            for fp in tt.footpaths(StopIdx(o as u32)) {
                let to = fp.to.ix();
                start[to] = start[to].min(time.saturating_add(fp.secs));
            }
        }
    }
    for (s, &t) in start.iter().enumerate() {
        lower(&mut l.foot, 0, s, t);
    }
    // Every trip arrival at every stop: (trip, position, time, fewest rides to be on it).
    let mut arrivals: Vec<Vec<(usize, usize, u32, usize)>> = vec![Vec::new(); n];
    // Connections: (dep, arr, trip, position of departure).
    let mut conns: Vec<(u32, u32, usize, usize)> = Vec::new();
    for t in (0..tt.n_trips()).filter(|&t| trip_ok(t)) {
        let arr = tt.trip_arr(TripIdx(t as u32));
        let dep = tt.trip_dep(TripIdx(t as u32));
        for i in 0..dep.len() - 1 {
            conns.push((dep[i], arr[i + 1], t, i));
        }
    }
    conns.sort();
    // onboard[t][i]: fewest rides with which the traveller can be on trip t leaving position i.
    let mut onboard: Vec<Vec<usize>> =
        (0..tt.n_trips()).map(|t| vec![usize::MAX; tt.trip_dep(TripIdx(t as u32)).len()]).collect();
    // Fewest rides with which trip `t` can be boarded at stop `s` leaving at `dep`: from the
    // start, or after any trip arrival at any stop under the rule (or stop level) binding the two.
    let board = |arrivals: &[Vec<(usize, usize, u32, usize)>], t: usize, s: usize, dep: u32| -> (usize, bool) {
        let mut best = (if start[s] <= dep { 1 } else { usize::MAX }, false);
        for (s0, list) in arrivals.iter().enumerate() {
            for &(a, _, time, rides) in list {
                if time > dep || rides + 1 >= best.0 {
                    continue;
                }
                let need = model.required(tt, TripIdx(a as u32), s0, TripIdx(t as u32), s, min_change);
                if let Some((secs, rule)) = need
                    && time.saturating_add(secs) <= dep
                {
                    best = (rides + 1, rule);
                }
            }
        }
        best
    };
    let mut g = 0;
    while g < conns.len() {
        let mut h = g;
        while h < conns.len() && conns[h].0 == conns[g].0 {
            h += 1;
        }
        // Connections leaving at the same second can feed each other (zero-length hops, 0 s
        // footpaths): repeat until nothing changes.
        loop {
            let mut changed = false;
            for &(dep, arr, t, i) in &conns[g..h] {
                let calls = tt.calls(tt.trip_pattern(TripIdx(t as u32)));
                let mut k = if i > 0 { onboard[t][i - 1] } else { usize::MAX };
                if calls[i].pickup() && stop_ok(calls[i].stop().ix()) {
                    let s = calls[i].stop().ix();
                    let (j, rule) = board(&arrivals, t, s, dep);
                    if j <= max_rides && j < k {
                        k = j;
                        if rule && j < onboard[t][i] {
                            l.by_rule += 1;
                        }
                    }
                }
                if k < onboard[t][i] {
                    onboard[t][i] = k;
                    changed = true;
                }
                let k = onboard[t][i];
                if k <= max_rides && calls[i + 1].drop_off() && stop_ok(calls[i + 1].stop().ix()) {
                    let s2 = calls[i + 1].stop().ix();
                    match arrivals[s2].iter_mut().find(|x| x.0 == t && x.1 == i + 1) {
                        Some(x) if x.3 > k => {
                            x.3 = k;
                            changed = true;
                        }
                        Some(_) => {}
                        None => {
                            arrivals[s2].push((t, i + 1, arr, k));
                            changed = true;
                        }
                    }
                    changed |= lower(&mut l.ride, k, s2, arr);
                    for fp in tt.footpaths(StopIdx(s2 as u32)) {
                        // After a ride a move to another stop lasts at least the change time,
                        // unless transfers.txt gives its time.
                        let secs = if fp.given { fp.secs } else { fp.secs.max(min_change) };
                        changed |= lower(&mut l.foot, k, fp.to.ix(), arr.saturating_add(secs));
                    }
                }
            }
            if !changed {
                break;
            }
        }
        g = h;
    }
    l
}

// ---------------------------------------------------------------------------------------------
// Random feeds.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // SplitMix64.
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

fn hms(s: u64) -> String {
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// A random feed: a few stops (some grouped under stations, within walking distance of each
/// other), trips of three services (the date only, the day before only, both) running late in
/// the evening and past midnight, random pickup/drop-off bans, transfers.txt rows of every type
/// (station rows and same-stop rows included), route- and trip-bound rows of every type, and an
/// occasional frequency-based trip.
fn random_feed(rng: &mut Rng) -> (Vec<(&'static str, String)>, Vec<Row>) {
    let n_stops = rng.range(3, 8);
    let n_stations = rng.range(0, 2);
    let mut stops = String::from("stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n");
    for k in 0..n_stations {
        stops += &format!("P{k},Station {k},56.8800,14.8000,1,\n");
    }
    for s in 0..n_stops {
        let parent =
            if n_stations > 0 && rng.chance(40) { format!("P{}", rng.below(n_stations)) } else { String::new() };
        // ~0.009° lat = 1 km, ~0.016° lon = 1 km at 57°N: stops spread over about 1 km.
        let lat = 56.875 + rng.below(900) as f64 * 0.00001;
        let lon = 14.795 + rng.below(1600) as f64 * 0.00001;
        stops += &format!("S{s},Stop {s},{lat:.5},{lon:.5},0,{parent}\n");
    }
    let d = test_date();
    let (today, yesterday) = (d.gtfs(), d.add_days(-1).gtfs());
    let cal = format!("service_id,date,exception_type\nT,{today},1\nY,{yesterday},1\nB,{today},1\nB,{yesterday},1\n");
    let n_routes = rng.range(1, 4);
    let mut routes = String::from("route_id,agency_id,route_short_name,route_long_name,route_type\n");
    for r in 0..n_routes {
        routes += &format!("R{r},A,{r},,3\n");
    }
    let n_trips = rng.range(3, 14);
    let mut trips = String::from("route_id,service_id,trip_id,trip_headsign\n");
    let mut st = String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n");
    let mut freq = String::from("trip_id,start_time,end_time,headway_secs,exact_times\n");
    // A few stop sequences shared by several trips so patterns hold many trips.
    let seqs: Vec<Vec<u64>> = (0..rng.range(1, 4))
        .map(|_| {
            let len = rng.range(2, 5);
            let mut v: Vec<u64> = Vec::new();
            while v.len() < len as usize {
                let s = rng.below(n_stops);
                if v.last() != Some(&s) {
                    v.push(s);
                }
            }
            v
        })
        .collect();
    let mut trip_seq: Vec<usize> = Vec::new();
    for tr in 0..n_trips {
        let service = ["T", "Y", "B"][rng.below(3) as usize];
        let route = rng.below(n_routes);
        trips += &format!("R{route},{service},X{tr},To {tr}\n");
        trip_seq.push(rng.below(seqs.len() as u64) as usize);
        let seq = &seqs[trip_seq[tr as usize]];
        // Start between 21:00 and 25:59, minute or second precision.
        let mut time = rng.range(21 * 60, 25 * 60 + 59) * 60;
        if rng.chance(30) {
            time += rng.below(60);
        }
        for (i, s) in seq.iter().enumerate() {
            let arr = time;
            let dep = arr + if rng.chance(30) { rng.range(0, 120) } else { 0 };
            let pickup = if rng.chance(10) { 1 } else { 0 };
            let drop = if rng.chance(10) { 1 } else { 0 };
            st += &format!("X{tr},{},{},S{s},{},{pickup},{drop}\n", hms(arr), hms(dep), i + 1);
            time = dep + rng.range(0, 15) * 60 + if rng.chance(20) { rng.below(60) } else { 0 };
        }
        if rng.chance(15) {
            let start = rng.range(22 * 60, 25 * 60) * 60;
            freq +=
                &format!("X{tr},{},{},{},0\n", hms(start), hms(start + rng.range(10, 60) * 60), rng.range(5, 20) * 60);
        }
    }
    let mut transfers = String::from(
        "from_stop_id,to_stop_id,transfer_type,min_transfer_time,from_route_id,to_route_id,from_trip_id,to_trip_id\n",
    );
    for _ in 0..rng.range(0, 4) {
        let pick = |rng: &mut Rng| {
            if n_stations > 0 && rng.chance(20) {
                format!("P{}", rng.below(n_stations))
            } else {
                format!("S{}", rng.below(n_stops))
            }
        };
        let a = pick(rng);
        let b = if rng.chance(30) { a.clone() } else { pick(rng) };
        let ty = rng.below(4);
        // Type 2 always has a time; the others sometimes (a given time is never floored).
        let min = if ty == 2 || (ty < 2 && rng.chance(30)) { rng.range(0, 600).to_string() } else { String::new() };
        transfers += &format!("{a},{b},{ty},{min},,,,\n");
    }
    // Route- and trip-bound rows: each side names nothing, a route or a trip (not both sides
    // nothing), mostly at stops the named trips call at, often the same stop on both sides.
    let mut rows = Vec::new();
    for _ in 0..rng.range(1, 12) {
        let (from_kind, to_kind) = loop {
            let k = (rng.below(3), rng.below(3));
            if k != (0, 0) {
                break k;
            }
        };
        let side = |rng: &mut Rng, kind: u64| -> (Option<String>, Option<String>, Option<u64>) {
            match kind {
                1 => (Some(format!("R{}", rng.below(n_routes))), None, None),
                2 => {
                    let t = rng.below(n_trips);
                    (None, Some(format!("X{t}")), Some(t))
                }
                _ => (None, None, None),
            }
        };
        let (from_route, from_trip, ft) = side(rng, from_kind);
        let (to_route, to_trip, tt_) = side(rng, to_kind);
        let stop_of = |rng: &mut Rng, t: Option<u64>| match t {
            Some(t) if rng.chance(80) => {
                let seq = &seqs[trip_seq[t as usize]];
                format!("S{}", seq[rng.below(seq.len() as u64) as usize])
            }
            _ if n_stations > 0 && rng.chance(10) => format!("P{}", rng.below(n_stations)),
            _ => format!("S{}", rng.below(n_stops)),
        };
        let from = stop_of(rng, ft);
        let to = if rng.chance(50) { from.clone() } else { stop_of(rng, tt_) };
        let ty = rng.below(6) as u8;
        let min = match ty {
            2 => Some([0, 0, 30, 60, 300, 600, 3600, 12000][rng.below(8) as usize]),
            _ if rng.chance(30) => Some(rng.range(0, 900) as u32),
            _ => None,
        };
        let text = |x: &Option<String>| x.clone().unwrap_or_default();
        transfers += &format!(
            "{from},{to},{ty},{},{},{},{},{}\n",
            min.map(|m| m.to_string()).unwrap_or_default(),
            text(&from_route),
            text(&to_route),
            text(&from_trip),
            text(&to_trip)
        );
        rows.push(Row { from, to, from_route, to_route, from_trip, to_trip, ty, min });
    }
    let files = vec![
        ("stops.txt", stops),
        ("calendar_dates.txt", cal),
        ("routes.txt", routes),
        ("trips.txt", trips),
        ("stop_times.txt", st),
        ("frequencies.txt", freq),
        ("transfers.txt", transfers),
    ];
    (files, rows)
}

/// A random router configuration: eight rounds or zero to three, and a change time of 0, 60,
/// 120 s or any under 300 s.
fn random_config(rng: &mut Rng) -> RouterConfig {
    RouterConfig {
        max_rounds: if rng.chance(50) { 8 } else { rng.range(0, 4) as u8 },
        min_change_secs: [0, 60, 120, rng.below(300) as u32][rng.below(4) as usize],
    }
}

fn random_timetable(seed: u64) -> (Timetable, Rng, Model) {
    let mut rng = Rng(seed);
    let (files, rows) = random_feed(&mut rng);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let feed = TestFeed::new(&refs).load();
    let radius = if rng.chance(50) { 0.0 } else { 500.0 };
    let tt = Timetable::build(&feed, test_date(), &FootpathOptions { radius_m: radius, ..Default::default() });
    let model = Model::new(&feed, rows);
    (tt, rng, model)
}

/// Point stops (not stations) of the timetable: the ones with patterns or footpaths are all of
/// them here, as stations never have calls.
fn point_stops(tt: &Timetable) -> Vec<usize> {
    (0..tt.n_stops())
        .filter(|&s| tt.stop_patterns(StopIdx(s as u32)).len() + tt.footpaths(StopIdx(s as u32)).len() > 0)
        .collect()
}

/// Checks a journey leg by leg against the timetable and the transfer rules (the test's own
/// reading of them); true when a walk in it was lengthened to the change time.
fn check_journey(tt: &Timetable, model: &Model, j: &narhet::router::Journey, min_change: u32, relax: bool) -> bool {
    let mut floored = false;
    let mut time = j.start_time;
    let mut at = j.start;
    let mut walked_since_ride = false;
    let mut rides = 0;
    // The last ride: its trip, where it was left and when.
    let mut last: Option<(TripIdx, StopIdx, u32)> = None;
    for (i, leg) in j.legs.iter().enumerate() {
        match *leg {
            Leg::Walk { from, to, dep, arr } => {
                assert_eq!(from, at, "walk starts where the traveller is");
                assert!(!walked_since_ride, "two walks in a row");
                assert!(relax || rides > 0, "walk from an origin in a grid query");
                assert!(dep >= time);
                let next_ride = matches!(j.legs.get(i + 1), Some(Leg::Ride { .. }));
                if rides > 0 && next_ride {
                    // A walk between two rides: the next ride checks the time the rules need.
                    assert!(arr >= dep);
                } else {
                    let fp = tt.footpaths(from).iter().find(|f| f.to == to).expect("footpath exists");
                    let secs = if rides > 0 && !fp.given { fp.secs.max(min_change) } else { fp.secs };
                    assert_eq!(arr - dep, secs);
                    floored |= secs > fp.secs;
                }
                time = if i == 0 { time + (arr - dep) } else { arr };
                at = to;
                walked_since_ride = true;
            }
            Leg::Ride { trip, pattern, board_pos, alight_pos, from, to, dep, arr } => {
                assert_eq!(from, at);
                assert_eq!(tt.trip_pattern(trip), pattern);
                let calls = tt.calls(pattern);
                assert!(board_pos < alight_pos);
                assert!(calls[board_pos as usize].pickup());
                assert!(calls[alight_pos as usize].drop_off());
                assert_eq!((calls[board_pos as usize].stop(), calls[alight_pos as usize].stop()), (from, to));
                assert_eq!(tt.trip_dep(trip)[board_pos as usize], dep);
                assert_eq!(tt.trip_arr(trip)[alight_pos as usize], arr);
                let need = match last {
                    Some((a, s0, t)) => {
                        let (secs, _) =
                            model.required(tt, a, s0.ix(), trip, from.ix(), min_change).expect("change allowed here");
                        t.saturating_add(secs)
                    }
                    None => time,
                };
                assert!(dep >= need, "boards {dep} before ready {need}");
                time = arr;
                at = to;
                rides += 1;
                walked_since_ride = false;
                last = Some((trip, to, arr));
            }
        }
    }
    assert_eq!(j.rides, rides);
    assert_eq!(j.arrival, time);
    floored
}

#[test]
fn raptor_equals_csa_on_random_feeds() {
    let mut queries = 0;
    // Coverage of what the generator is meant to produce.
    let (mut yesterday, mut freq, mut multi_ride, mut walk_labels, mut floored) = (0, 0, 0, 0, 0);
    let (mut by_rule, mut types) = (0, [0usize; 6]);
    for seed in 0..400u64 {
        let (tt, mut rng, model) = random_timetable(seed);
        for r in &model.rows {
            types[r.ty as usize] += 1;
        }
        yesterday += tt.stats().trips_yesterday;
        freq += tt.stats().frequency_runs;
        let stops = point_stops(&tt);
        if stops.is_empty() {
            continue;
        }
        for _ in 0..4 {
            let cfg = random_config(&mut rng);
            // Stop-to-stop query (one origin, footpath allowed) or grid-like query (several
            // origins with walk times, no further walk before the first ride).
            let relax = rng.chance(50);
            let n_orig = if relax { 1 } else { rng.range(1, 3) };
            let base = rng.range(21 * 3600, 26 * 3600) as u32;
            let origins: Vec<(StopIdx, u32)> = (0..n_orig)
                .map(|_| (StopIdx(stops[rng.below(stops.len() as u64) as usize] as u32), base + rng.below(600) as u32))
                .collect();
            let mut raptor = Raptor::new(&tt, cfg);
            raptor.earliest_arrival(&origins, relax);
            let reference = csa(
                &tt,
                &model,
                &origins.iter().map(|o| (o.0.ix(), o.1)).collect::<Vec<_>>(),
                relax,
                cfg.max_rounds as usize,
                cfg.min_change_secs,
            );
            by_rule += reference.by_rule;
            for s in 0..tt.n_stops() {
                let stop = StopIdx(s as u32);
                for k in 0..=cfg.max_rounds {
                    assert_eq!(
                        raptor.round_arrival(k, stop),
                        reference.arrival(k as usize, s),
                        "seed {seed}: stop {s}, at most {k} rides, origins {origins:?}, {cfg:?}, relax {relax}"
                    );
                }
                let best = reference.arrival(cfg.max_rounds as usize, s);
                assert_eq!(raptor.arrival(stop).unwrap_or(UNREACHED), best, "seed {seed} stop {s}");
                assert_eq!(
                    raptor.ride_arrival(stop).unwrap_or(UNREACHED),
                    reference.ride[cfg.max_rounds as usize][s],
                    "seed {seed} stop {s} by ride"
                );
                if reference.foot[cfg.max_rounds as usize][s] < reference.ride[cfg.max_rounds as usize][s] {
                    walk_labels += 1;
                }
                if best != UNREACHED {
                    let fewest =
                        (0..=cfg.max_rounds as usize).find(|&k| reference.arrival(k, s) == best).expect("some k");
                    assert_eq!(raptor.best_at(&[stop]), Some((best, fewest as u8)), "seed {seed} stop {s}");
                    if fewest >= 2 {
                        multi_ride += 1;
                    }
                    for (a, k, _) in raptor.pareto(&[stop]) {
                        let j = raptor.journey(&[stop], k).expect("journey for a Pareto label");
                        floored += check_journey(&tt, &model, &j, cfg.min_change_secs, relax) as usize;
                        assert_eq!(j.arrival, a, "seed {seed} stop {s} journey arrival");
                        assert!(j.rides <= k);
                        assert_eq!(j.end(), stop);
                    }
                } else {
                    assert_eq!(raptor.best_at(&[stop]), None);
                }
            }
            // Target pruning (as OD queries use it) keeps the targets' labels exact.
            let targets: Vec<StopIdx> =
                (0..rng.range(1, 2)).map(|_| StopIdx(stops[rng.below(stops.len() as u64) as usize] as u32)).collect();
            raptor.earliest_arrival_to(&origins, relax, &targets);
            for k in 0..=cfg.max_rounds {
                let want = targets.iter().map(|t| reference.arrival(k as usize, t.ix())).min().unwrap_or(INF);
                let got = targets.iter().map(|&t| raptor.round_arrival(k, t)).min().unwrap_or(INF);
                assert_eq!(got, want, "seed {seed}: pruned query to {targets:?}, at most {k} rides");
            }
            for j in raptor.pareto_journeys(&targets) {
                check_journey(&tt, &model, &j, cfg.min_change_secs, relax);
                assert!(targets.contains(&j.end()));
            }
            queries += 1;
        }
    }
    assert!(queries > 1000, "only {queries} queries ran");
    eprintln!(
        "{queries} queries; runs of yesterday {yesterday}, frequency runs {freq}; stops best reached with 2+ rides {multi_ride}, on foot {walk_labels}; journeys with a walk lengthened to the change time {floored}; route/trip-bound rows by type {types:?}, boardings a bound row decided {by_rule}"
    );
    assert!(yesterday > 100 && freq > 100 && multi_ride > 100 && walk_labels > 100 && floored > 100);
    assert!(types.iter().all(|&t| t > 50) && by_rule > 100);
}

#[test]
fn range_equals_independent_queries_on_random_feeds() {
    for seed in 1000..1150u64 {
        let (tt, mut rng, model) = random_timetable(seed);
        let stops = point_stops(&tt);
        if stops.is_empty() {
            continue;
        }
        let cfg = RouterConfig {
            max_rounds: rng.range(1, 8) as u8,
            min_change_secs: [0, 60, rng.below(300) as u32][rng.below(3) as usize],
        };
        let relax = rng.chance(50);
        let origins: Vec<(StopIdx, u32)> = (0..rng.range(1, 3))
            .map(|_| (StopIdx(stops[rng.below(stops.len() as u64) as usize] as u32), rng.below(600) as u32))
            .collect();
        let start = rng.range(21 * 60, 25 * 60) as u32 * 60;
        let end = start + rng.range(0, 120) as u32 * 60;
        let mut range = Raptor::new(&tt, cfg);
        let mut single = Raptor::new(&tt, cfg);
        let mut minutes = Vec::new();
        range.range(&origins, relax, start, end, 60, |m, ride, arr| {
            minutes.push(m);
            let shifted: Vec<(StopIdx, u32)> = origins.iter().map(|o| (o.0, m + o.1)).collect();
            single.earliest_arrival(&shifted, relax);
            assert_eq!(arr, single.arrivals(), "seed {seed} minute {m}");
            assert_eq!(ride, single.ride_arrivals(), "seed {seed} minute {m} (by ride)");
        });
        let expect: Vec<u32> = (0..=(end - start) / 60).rev().map(|i| start + i * 60).collect();
        assert_eq!(minutes, expect);
        // Journeys after the sweep are those of the window's first minute.
        for s in 0..tt.n_stops() {
            let stop = StopIdx(s as u32);
            for (a, k, _) in range.pareto(&[stop]) {
                let j = range.journey(&[stop], k).expect("journey");
                check_journey(&tt, &model, &j, cfg.min_change_secs, relax);
                assert_eq!(j.arrival, a);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-made feeds: each specificity level and each type, worked out by hand and checked against
// both the router and the connection scan.

/// Stops A, C, X, B far apart (no walks). T1 (route R1) A 07:50 → X 08:00; U1 (route R3) C 07:50
/// → X 08:00; route R2 leaves X for B: T2 08:01 → 08:11, T3 08:10 → 08:20, T4 08:30 → 08:40.
/// Changing at X takes 300 s for everyone (a stop-level row), so without bound rows a traveller
/// from A or C catches T3 and reaches B at 08:20.
fn rules_feed(rows: &str) -> (Timetable, Model) {
    let d = test_date();
    let stops =
        "stop_id,stop_name,stop_lat,stop_lon\nA,A,56.80,14.80\nC,C,56.90,14.80\nX,X,56.85,14.90\nB,B,56.85,15.00\n";
    let routes = "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,1,,3\nR2,A,2,,3\nR3,A,3,,3\n";
    let trips = "route_id,service_id,trip_id\nR1,T,T1\nR3,T,U1\nR2,T,T2\nR2,T,T3\nR2,T,T4\n";
    let mut st = String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
    for (trip, a, t0, b, t1) in [
        ("T1", "A", "07:50:00", "X", "08:00:00"),
        ("U1", "C", "07:50:00", "X", "08:00:00"),
        ("T2", "X", "08:01:00", "B", "08:11:00"),
        ("T3", "X", "08:10:00", "B", "08:20:00"),
        ("T4", "X", "08:30:00", "B", "08:40:00"),
    ] {
        st += &format!("{trip},{t0},{t0},{a},1\n{trip},{t1},{t1},{b},2\n");
    }
    let header =
        "from_stop_id,to_stop_id,transfer_type,min_transfer_time,from_route_id,to_route_id,from_trip_id,to_trip_id";
    let transfers = format!("{header}\nX,X,2,300,,,,\n{rows}");
    let cal = format!("service_id,date,exception_type\nT,{},1\n", d.gtfs());
    let files = [
        ("stops.txt", stops.to_string()),
        ("routes.txt", routes.to_string()),
        ("trips.txt", trips.to_string()),
        ("stop_times.txt", st),
        ("calendar_dates.txt", cal),
        ("transfers.txt", transfers),
    ];
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let feed = TestFeed::new(&refs).load();
    let tt = Timetable::build(&feed, d, &FootpathOptions { radius_m: 0.0, ..Default::default() });
    let opt = |x: &str| (!x.is_empty()).then(|| x.to_string());
    let rows = rows
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Row {
                from: f[0].into(),
                to: f[1].into(),
                ty: f[2].parse().expect("type"),
                min: f[3].parse().ok(),
                from_route: opt(f[4]),
                to_route: opt(f[5]),
                from_trip: opt(f[6]),
                to_trip: opt(f[7]),
            }
        })
        .collect();
    (tt, Model::new(&feed, rows))
}

/// Arrival at B from A and from C (leaving 07:45), by the router and by the connection scan,
/// which must agree.
fn arrivals_at_b(rows: &str) -> (Option<String>, Option<String>) {
    let (tt, model) = rules_feed(rows);
    let stop = |id: usize| StopIdx(id as u32);
    let (a, c, b) = (stop(0), stop(1), stop(3));
    let mut r = Raptor::new(&tt, RouterConfig::default());
    let mut one = |o: StopIdx| {
        r.earliest_arrival(&[(o, 27_900)], true);
        let got = r.arrival(b);
        let reference = csa(&tt, &model, &[(o.ix(), 27_900)], true, 8, RouterConfig::default().min_change_secs);
        let want = reference.arrival(8, b.ix());
        assert_eq!(got.unwrap_or(UNREACHED), want, "router and connection scan differ for rows {rows:?}");
        if let Some(j) = r.journey(&[b], 8) {
            check_journey(&tt, &model, &j, RouterConfig::default().min_change_secs, true);
        }
        got.map(|t| format!("{:02}:{:02}", t / 3600, t / 60 % 60))
    };
    (one(a), one(c))
}

/// The latest departure from A and from C arriving at B by `by` (HH:MM), by the reverse search
/// and by bisection over forward queries, which must agree.
fn arrive_by_b(rows: &str, by: &str) -> (Option<String>, Option<String>) {
    let (tt, _) = rules_feed(rows);
    let stop = |id: usize| StopIdx(id as u32);
    let (a, c, b) = (stop(0), stop(1), stop(3));
    let deadline = by[..2].parse::<u32>().expect("hour") * 3600 + by[3..].parse::<u32>().expect("minute") * 60;
    let cfg = RouterConfig::default();
    let mut rev = ReverseRaptor::new(&tt, cfg);
    rev.latest_departure(&[(b, deadline)], TargetRule::RideOrWalk, true);
    let mut fwd = Raptor::new(&tt, cfg);
    let mut one = |o: StopIdx| {
        let got = rev.departure(o);
        let want = latest_by_bisection(&mut fwd, o, true, &[(b, deadline)], TargetRule::RideOrWalk, cfg.max_rounds);
        assert_eq!(got, want, "reverse and forward bisection differ for rows {rows:?} by {by}");
        got.map(|t| format!("{:02}:{:02}", t / 3600, t / 60 % 60))
    };
    (one(a), one(c))
}

fn at(t: &str) -> Option<String> {
    Some(t.to_string())
}

#[test]
fn each_transfer_type_bound_to_trips() {
    // No bound rows: 08:00 + 300 s → T3 (08:10) → 08:20, from A and from C.
    assert_eq!(arrivals_at_b(""), (at("08:20"), at("08:20")));
    // Type 0 (recommended) T1 → T2: as the stop says (300 s), so still T3.
    assert_eq!(arrivals_at_b("X,X,0,,,,T1,T2"), (at("08:20"), at("08:20")));
    // Type 1 (timed) T1 → T2: T2 waits, 0 s → T2 at 08:01 → 08:11; U1 from C is not bound.
    assert_eq!(arrivals_at_b("X,X,1,,,,T1,T2"), (at("08:11"), at("08:20")));
    // Type 2 with 0 s, shorter than the stop's 300 s: T2 → 08:11.
    assert_eq!(arrivals_at_b("X,X,2,0,,,T1,T2"), (at("08:11"), at("08:20")));
    // Type 2 T1 → T3 with 1,500 s, longer than the stop's: T3 would need 08:25, so T4 → 08:40.
    assert_eq!(arrivals_at_b("X,X,2,1500,,,T1,T3"), (at("08:40"), at("08:20")));
    // Type 3 T1 → T3 not possible: T2 leaves too soon (60 s < 300 s), so T4 → 08:40.
    assert_eq!(arrivals_at_b("X,X,3,,,,T1,T3"), (at("08:40"), at("08:20")));
    // Type 4 (in-seat) T1 → T2: 0 s, same vehicle → 08:11.
    assert_eq!(arrivals_at_b("X,X,4,,,,T1,T2"), (at("08:11"), at("08:20")));
    // Type 5 (in-seat not allowed) T1 → T2: an ordinary change (300 s) → T3 → 08:20.
    assert_eq!(arrivals_at_b("X,X,5,,,,T1,T2"), (at("08:20"), at("08:20")));

    // Arriving by a time (the reverse search). Only T1 leaves A and U1 leaves C, both at 07:50,
    // so the answer is 07:50 or none. No bound rows: by 08:20 via T3 (08:00 + 300 s ≤ 08:10);
    // by 08:15 only T2 (leaves X 08:01 < 08:05) is in time: none.
    assert_eq!(arrive_by_b("", "08:20"), (at("07:50"), at("07:50")));
    assert_eq!(arrive_by_b("", "08:15"), (None, None));
    // Type 0 T1 → T2: as the stop says, so none by 08:15.
    assert_eq!(arrive_by_b("X,X,0,,,,T1,T2", "08:15"), (None, None));
    // Type 1 T1 → T2 (waits, 0 s): from A by 08:15 on T2 (08:11); U1 from C is not bound.
    assert_eq!(arrive_by_b("X,X,1,,,,T1,T2", "08:15"), (at("07:50"), None));
    // Type 2 with 0 s T1 → T2: the same.
    assert_eq!(arrive_by_b("X,X,2,0,,,T1,T2", "08:15"), (at("07:50"), None));
    // Type 2 T1 → T3 with 1,500 s: T3 would need 08:25, T2 the stop's 300 s: none from A by
    // 08:20 (C still on T3); by 08:40 T4 (08:30 ≥ 08:05) from both.
    assert_eq!(arrive_by_b("X,X,2,1500,,,T1,T3", "08:20"), (None, at("07:50")));
    assert_eq!(arrive_by_b("X,X,2,1500,,,T1,T3", "08:40"), (at("07:50"), at("07:50")));
    // Type 3 T1 → T3 not possible: none from A by 08:20; by 08:40 on T4.
    assert_eq!(arrive_by_b("X,X,3,,,,T1,T3", "08:20"), (None, at("07:50")));
    assert_eq!(arrive_by_b("X,X,3,,,,T1,T3", "08:40"), (at("07:50"), at("07:50")));
    // Type 4 T1 → T2 in-seat (0 s): from A by 08:15.
    assert_eq!(arrive_by_b("X,X,4,,,,T1,T2", "08:15"), (at("07:50"), None));
    // Type 5 T1 → T2: an ordinary change (300 s), none by 08:15.
    assert_eq!(arrive_by_b("X,X,5,,,,T1,T2", "08:15"), (None, None));
}

#[test]
fn the_most_specific_bound_row_wins() {
    // Both trips (5) over trip + route (4): T1 → R2 forbidden, but T1 → T2 timed → 08:11.
    assert_eq!(arrivals_at_b("X,X,3,,,R2,T1,\nX,X,1,,,,T1,T2"), (at("08:11"), at("08:20")));
    // Trip + route (4) over one trip (3): from T1 anything forbidden, T1 → R2 0 s → T2 → 08:11.
    assert_eq!(arrivals_at_b("X,X,3,,,,T1,\nX,X,2,0,,R2,T1,"), (at("08:11"), at("08:20")));
    // One trip (3) over both routes (2): R1 → R2 forbidden, from T1 0 s → T2 → 08:11.
    assert_eq!(arrivals_at_b("X,X,3,,R1,R2,,\nX,X,2,0,,,T1,"), (at("08:11"), at("08:20")));
    // Both routes (2) over one route (1): from R1 forbidden, R1 → R2 0 s → T2 → 08:11.
    assert_eq!(arrivals_at_b("X,X,3,,R1,,,\nX,X,2,0,R1,R2,,"), (at("08:11"), at("08:20")));
    // One route (1) over the stop (300 s): from R1 nothing at X (unreachable from A); C untouched.
    assert_eq!(arrivals_at_b("X,X,3,,R1,,,"), (None, at("08:20")));
    // A row naming only the departing route binds every arrival: 1,500 s to R2 → T4 → 08:40.
    assert_eq!(arrivals_at_b("X,X,2,1500,,R2,,"), (at("08:40"), at("08:40")));
    // Order in the file does not matter: the trip pair still wins when written last or first.
    assert_eq!(arrivals_at_b("X,X,1,,,,T1,T2\nX,X,3,,,R2,T1,"), (at("08:11"), at("08:20")));

    // Arriving by a time (the reverse search; T1 and U1 leave at 07:50, so 07:50 or none).
    // Both trips (5) over trip + route (4): from A by 08:15 on T2 (timed); by 08:20 T1 → T3 is
    // forbidden but T2 (08:11) is in time, so the search must follow T2 although the later T3
    // of the same pattern arrives in time too; C changes to T3 as the stop says.
    assert_eq!(arrive_by_b("X,X,3,,,R2,T1,\nX,X,1,,,,T1,T2", "08:15"), (at("07:50"), None));
    assert_eq!(arrive_by_b("X,X,3,,,R2,T1,\nX,X,1,,,,T1,T2", "08:20"), (at("07:50"), at("07:50")));
    assert_eq!(arrive_by_b("X,X,1,,,,T1,T2\nX,X,3,,,R2,T1,", "08:20"), (at("07:50"), at("07:50")));
    // Trip + route (4) over one trip (3): T1 → R2 0 s, from A by 08:15 on T2.
    assert_eq!(arrive_by_b("X,X,3,,,,T1,\nX,X,2,0,,R2,T1,", "08:15"), (at("07:50"), None));
    // One trip (3) over both routes (2): from T1 0 s, by 08:15 on T2.
    assert_eq!(arrive_by_b("X,X,3,,R1,R2,,\nX,X,2,0,,,T1,", "08:15"), (at("07:50"), None));
    // Both routes (2) over one route (1): R1 → R2 0 s, by 08:15 on T2.
    assert_eq!(arrive_by_b("X,X,3,,R1,,,\nX,X,2,0,R1,R2,,", "08:15"), (at("07:50"), None));
    // R1 → R2 forbidden, T1 → T2 timed (5 over 2): by 08:20 only on the earlier T2, not T3.
    assert_eq!(arrive_by_b("X,X,3,,R1,R2,,\nX,X,1,,,,T1,T2", "08:20"), (at("07:50"), at("07:50")));
    // One route (1): nothing from R1 at X, not even by 08:40; C untouched.
    assert_eq!(arrive_by_b("X,X,3,,R1,,,", "08:40"), (None, at("07:50")));
    // A row naming only the departing route binds every arrival: 1,500 s to R2, so none by
    // 08:20 (T3 would need 08:25), both by 08:40 on T4.
    assert_eq!(arrive_by_b("X,X,2,1500,,R2,,", "08:20"), (None, None));
    assert_eq!(arrive_by_b("X,X,2,1500,,R2,,", "08:40"), (at("07:50"), at("07:50")));
}

/// Adds random `wheelchair_boarding` (stops and stations) and `wheelchair_accessible` (trips)
/// columns — empty, 0, 1 or 2 — and returns, by id, each stop's (value, parent) and each trip's
/// value as written (empty as 0).
fn add_wheelchair(
    files: &mut [(&'static str, String)],
    rng: &mut Rng,
) -> (HashMap<String, (u8, String)>, HashMap<String, u8>) {
    let (mut stops, mut trips) = (HashMap::new(), HashMap::new());
    for (name, text) in files.iter_mut() {
        let (col, is_stops) = match *name {
            "stops.txt" => ("wheelchair_boarding", true),
            "trips.txt" => ("wheelchair_accessible", false),
            _ => continue,
        };
        let mut out = String::new();
        for (i, line) in text.lines().enumerate() {
            if i == 0 {
                out += &format!("{line},{col}\n");
                continue;
            }
            let code = rng.below(4) as u8; // 3: written empty
            let written = if code == 3 { String::new() } else { code.to_string() };
            out += &format!("{line},{written}\n");
            let f: Vec<&str> = line.split(',').collect();
            let code = code % 3;
            if is_stops {
                stops.insert(f[0].to_string(), (code, f[5].to_string()));
            } else {
                trips.insert(f[2].to_string(), code);
            }
        }
        *text = out;
    }
    (stops, trips)
}

#[test]
fn wheelchair_timetable_equals_csa_with_its_own_filter_on_random_feeds() {
    let (mut queries, mut later, mut lost) = (0, 0, 0);
    for seed in 3000..3300u64 {
        let mut rng = Rng(seed);
        let (mut files, rows) = random_feed(&mut rng);
        let (stop_codes, trip_codes) = add_wheelchair(&mut files, &mut rng);
        let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let feed = TestFeed::new(&refs).load();
        let model = Model::new(&feed, rows);
        let fp = FootpathOptions { radius_m: if rng.chance(50) { 0.0 } else { 500.0 }, ..Default::default() };
        let unknown_accessible = rng.chance(50);
        let access = Access::Wheelchair { unknown_accessible };
        let full = Timetable::build(&feed, test_date(), &fp);
        let chair = Timetable::build_for(&feed, test_date(), &fp, Booking::Exclude, access);
        // The reference's own rule, from the values as written: 1 yes, 2 no, 0/empty as the
        // switch says; a stop's 0/empty takes its parent station's value.
        let ok = |code: u8| code == 1 || (code == 0 && unknown_accessible);
        let stop_code = |id: &str| {
            let (code, parent) = &stop_codes[id];
            if *code == 0 && !parent.is_empty() { stop_codes[parent.as_str()].0 } else { *code }
        };
        let allow = Allow {
            trip: full.trip_indices().map(|t| ok(trip_codes[&*feed.trips[full.trip_source(t) as usize].id])).collect(),
            stop: (0..full.n_stops()).map(|s| ok(stop_code(&feed.stops[s].id))).collect(),
        };
        let stops = point_stops(&full);
        if stops.is_empty() {
            continue;
        }
        for _ in 0..4 {
            let cfg = random_config(&mut rng);
            let relax = rng.chance(50);
            let origin = (stops[rng.below(stops.len() as u64) as usize], rng.range(21 * 3600, 26 * 3600) as u32);
            let (rounds, min_change) = (cfg.max_rounds as usize, cfg.min_change_secs);
            let reference = csa_with(&full, &model, &[origin], relax, rounds, min_change, Some(&allow));
            let everyone = csa(&full, &model, &[origin], relax, rounds, min_change);
            let mut raptor = Raptor::new(&chair, cfg);
            raptor.earliest_arrival(&[(StopIdx(origin.0 as u32), origin.1)], relax);
            for s in 0..chair.n_stops() {
                for k in 0..=cfg.max_rounds {
                    assert_eq!(
                        raptor.round_arrival(k, StopIdx(s as u32)),
                        reference.arrival(k as usize, s),
                        "seed {seed}: stop {s}, at most {k} rides, {access:?}, {cfg:?}, relax {relax}"
                    );
                }
                let (a, b) = (reference.arrival(rounds, s), everyone.arrival(rounds, s));
                assert!(a >= b, "seed {seed}: a wheelchair is never faster");
                later += (a > b && a != INF) as usize;
                lost += (a == INF && b != INF) as usize;
            }
            queries += 1;
        }
    }
    eprintln!("{queries} queries; stops reached later in a wheelchair {later}, not at all {lost}");
    assert!(queries > 800 && later > 50 && lost > 200, "{queries} {later} {lost}");
}

/// A random timetable as [`random_timetable`] makes, with the transfers.txt rows bound to routes
/// or trips left out (for the point-to-point pruning, which is used only without them).
fn random_timetable_stop_rules_only(seed: u64) -> (Timetable, Rng, Model) {
    stop_rules_only_timetable(seed, false)
}

/// As [`random_timetable_stop_rules_only`], with `padded` up to 150 idle stops far away too.
fn stop_rules_only_timetable(seed: u64, padded: bool) -> (Timetable, Rng, Model) {
    let mut rng = Rng(seed);
    let (mut files, _) = random_feed(&mut rng);
    let pad = if padded { rng.range(0, 150) } else { 0 };
    for (name, text) in files.iter_mut() {
        if *name == "transfers.txt" {
            *text = text
                .lines()
                .enumerate()
                .filter(|(i, l)| *i == 0 || l.split(',').skip(4).all(str::is_empty))
                .map(|(_, l)| format!("{l}\n"))
                .collect();
        }
        if *name == "stops.txt" {
            for i in 0..pad {
                // 0.45° of latitude north (50 km) of the served stops, 10 m apart.
                text.push_str(&format!("X{i},Idle {i},57.3250,{:.5},0,\n", 14.795 + i as f64 * 0.00016));
            }
        }
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let feed = TestFeed::new(&refs).load();
    let radius = if rng.chance(50) { 0.0 } else { 500.0 };
    let tt = Timetable::build(&feed, test_date(), &FootpathOptions { radius_m: radius, ..Default::default() });
    assert!(!tt.has_transfer_rules(), "seed {seed}: bound rows left in");
    (tt, rng, Model::new(&feed, Vec::new()))
}

/// Point-to-point pruning against the connection scan: the targets' arrival as a bound, lowered
/// as soon as a single target improves, and the lower bound on the time left from each stop
/// (`router::prune`), which is used only without route/trip-bound rows — so these feeds have
/// none. One worker runs every query of a feed (the bounds are reset between queries), and the
/// queries end at one to three targets; every target's label is checked in every round.
#[test]
fn pruned_queries_equal_csa_on_random_feeds() {
    let (mut queries, mut reached, mut rides, mut pruned) = (0, 0, 0, 0);
    for seed in 0..400u64 {
        let (tt, mut rng, model) = random_timetable_stop_rules_only(seed);
        let stops = point_stops(&tt);
        if stops.is_empty() {
            continue;
        }
        let cfg = random_config(&mut rng);
        let mut raptor = Raptor::new(&tt, cfg);
        let pick = |rng: &mut Rng| StopIdx(stops[rng.below(stops.len() as u64) as usize] as u32);
        for _ in 0..6 {
            let relax = rng.chance(50);
            let n_orig = if relax { 1 } else { rng.range(1, 3) };
            let base = rng.range(21 * 3600, 26 * 3600) as u32;
            let origins: Vec<(StopIdx, u32)> =
                (0..n_orig).map(|_| (pick(&mut rng), base + rng.below(600) as u32)).collect();
            let targets: Vec<StopIdx> = (0..rng.range(1, 3)).map(|_| pick(&mut rng)).collect();
            let o: Vec<(usize, u32)> = origins.iter().map(|o| (o.0.ix(), o.1)).collect();
            let reference = csa(&tt, &model, &o, relax, cfg.max_rounds as usize, cfg.min_change_secs);
            raptor.earliest_arrival_to(&origins, relax, &targets);
            for &t in &targets {
                for k in 0..=cfg.max_rounds {
                    assert_eq!(
                        raptor.round_arrival(k, t),
                        reference.arrival(k as usize, t.ix()),
                        "seed {seed}: pruned query {origins:?} to {targets:?}, target {t:?}, at most {k} rides, {cfg:?}"
                    );
                }
            }
            // The earliest arrival at any target, and the fewest rides reaching it.
            let best = |k: usize| targets.iter().map(|t| reference.arrival(k, t.ix())).min().unwrap_or(INF);
            let want = (best(cfg.max_rounds as usize) != INF).then(|| {
                let a = best(cfg.max_rounds as usize);
                (a, (0..=cfg.max_rounds).find(|&k| best(k as usize) == a).expect("some k"))
            });
            assert_eq!(raptor.best_at(&targets), want, "seed {seed}: {origins:?} to {targets:?}");
            reached += want.is_some() as usize;
            rides += want.is_some_and(|w| w.1 >= 1) as usize;
            // Evidence that the query pruned: some other stop's label is later than the truth.
            let last = cfg.max_rounds;
            pruned += (0..tt.n_stops())
                .any(|s| raptor.round_arrival(last, StopIdx(s as u32)) > reference.arrival(last as usize, s))
                as usize;
            for (a, k, t) in raptor.pareto(&targets) {
                let j = raptor.journey(&targets, k).expect("journey for a Pareto label");
                check_journey(&tt, &model, &j, cfg.min_change_secs, relax);
                assert_eq!((j.arrival, j.end()), (a, t), "seed {seed}: journey to {targets:?}");
                assert!(j.rides <= k);
            }
            queries += 1;
        }
    }
    eprintln!("{queries} pruned queries, {reached} reached a target, {rides} by riding, {pruned} left stops out");
    assert!(queries > 1500 && reached > 500 && rides > 300 && pruned > 300, "{queries} {reached} {rides} {pruned}");
}

/// A random feed without route/trip-bound rows (as [`random_timetable_stop_rules_only`]) with
/// up to 150 extra stops that nothing serves, 50 km away from the others (no footpaths): a
/// query then labels anywhere from one stop in a hundred to all of them, so the router's
/// bookkeeping runs both ways — stop by stop for few labelled stops, whole rounds for many
/// (`router::carry`, a sixteenth of the stops) — and the idle stops are unreachable targets.
fn padded_random_timetable(seed: u64) -> (Timetable, Rng, Model) {
    stop_rules_only_timetable(seed, true)
}

/// The router's bookkeeping (clearing a query's labels and carrying rounds, stop by stop or
/// whole rounds, `router::carry`) against the connection scan: one worker per feed runs
/// one-to-all queries (every stop's label in every round checked), point-to-point queries (each
/// target's label in every round, unreachable idle stops among the targets, round limits 0–8)
/// and a range query (labels reused from minute to minute, so never copied whole) in turn, so
/// each query starts from labels a different kind of query left behind.
#[test]
fn bookkeeping_equals_csa_on_padded_random_feeds() {
    let (mut queries, mut few, mut many, mut unreachable, mut minutes) = (0, 0, 0, 0, 0);
    for seed in 5000..5300u64 {
        let (tt, mut rng, model) = padded_random_timetable(seed);
        let stops = point_stops(&tt);
        if stops.is_empty() {
            continue;
        }
        let n = tt.n_stops();
        let cfg = random_config(&mut rng);
        let mut raptor = Raptor::new(&tt, cfg);
        let pick = |rng: &mut Rng| StopIdx(stops[rng.below(stops.len() as u64) as usize] as u32);
        for q in 0..8 {
            let relax = rng.chance(50);
            let base = rng.range(21 * 3600, 26 * 3600) as u32;
            let origins: Vec<(StopIdx, u32)> =
                (0..if relax { 1 } else { rng.range(1, 3) }).map(|_| (pick(&mut rng), base)).collect();
            let o: Vec<(usize, u32)> = origins.iter().map(|o| (o.0.ix(), o.1)).collect();
            let reference = csa(&tt, &model, &o, relax, cfg.max_rounds as usize, cfg.min_change_secs);
            let labelled = (0..n).filter(|&s| reference.arrival(cfg.max_rounds as usize, s) != INF).count();
            if labelled * 16 >= n {
                many += 1
            } else {
                few += 1
            }
            match q % 4 {
                0 | 2 => {
                    raptor.earliest_arrival(&origins, relax);
                    for s in 0..n {
                        for k in 0..=cfg.max_rounds {
                            assert_eq!(
                                raptor.round_arrival(k, StopIdx(s as u32)),
                                reference.arrival(k as usize, s),
                                "seed {seed}: query {q} {origins:?}, stop {s}, at most {k} rides, {cfg:?}"
                            );
                        }
                    }
                }
                1 => {
                    // One or two targets; an idle stop (never reachable) when there are some.
                    let mut targets: Vec<StopIdx> = (0..rng.range(1, 2)).map(|_| pick(&mut rng)).collect();
                    if n > stops.len() && rng.chance(40) {
                        targets[0] = StopIdx((n - 1 - rng.below((n - stops.len()) as u64) as usize) as u32);
                    }
                    raptor.earliest_arrival_to(&origins, relax, &targets);
                    for &t in &targets {
                        unreachable += (reference.arrival(cfg.max_rounds as usize, t.ix()) == INF) as usize;
                        for k in 0..=cfg.max_rounds {
                            assert_eq!(
                                raptor.round_arrival(k, t),
                                reference.arrival(k as usize, t.ix()),
                                "seed {seed}: query {q} {origins:?} to {t:?}, at most {k} rides, {cfg:?}"
                            );
                        }
                    }
                }
                _ => {
                    // At the origin stops at the departure minute itself (no walk to them).
                    let at_stops: Vec<(StopIdx, u32)> = origins.iter().map(|o| (o.0, 0)).collect();
                    let mut single = Raptor::new(&tt, cfg);
                    raptor.range(&at_stops, relax, base, base + 300, 60, |m, ride, arr| {
                        let shifted: Vec<(StopIdx, u32)> = origins.iter().map(|o| (o.0, m)).collect();
                        single.earliest_arrival(&shifted, relax);
                        assert_eq!(arr, single.arrivals(), "seed {seed}: query {q}, minute {m}");
                        assert_eq!(ride, single.ride_arrivals(), "seed {seed}: query {q}, minute {m} (by ride)");
                        minutes += 1;
                    });
                    // The window's first minute is the reference's departure.
                    for s in 0..n {
                        let want = reference.arrival(cfg.max_rounds as usize, s);
                        assert_eq!(
                            raptor.arrival(StopIdx(s as u32)).unwrap_or(INF),
                            want,
                            "seed {seed}: range, stop {s}"
                        );
                    }
                }
            }
            queries += 1;
        }
    }
    eprintln!(
        "{queries} queries: {few} label few stops, {many} many; {unreachable} unreachable targets; {minutes} range minutes"
    );
    assert!(
        queries > 1500 && few > 300 && many > 300 && unreachable > 100 && minutes > 1000,
        "{queries} {few} {many} {unreachable} {minutes}"
    );
}

// Reverse RAPTOR (arrive by) against bisection over forward queries.

/// Whether a forward query from `(origin, t)` reaches some target by its deadline with at most
/// `k` rides under `rule`.
fn in_time(
    fwd: &mut Raptor,
    origin: StopIdx,
    t: u32,
    relax: bool,
    targets: &[(StopIdx, u32)],
    rule: TargetRule,
    k: u8,
) -> bool {
    fwd.earliest_arrival(&[(origin, t)], relax);
    targets.iter().any(|&(s, d)| {
        let a = match rule {
            TargetRule::RideOrWalk => fwd.round_arrival(k, s),
            TargetRule::Ride => fwd.ride_arrival(s).unwrap_or(UNREACHED),
        };
        a <= d
    })
}

/// The latest departure from `origin` in time for the targets, by bisection over forward queries
/// (being in time is monotone: leaving later never arrives earlier).
fn latest_by_bisection(
    fwd: &mut Raptor,
    origin: StopIdx,
    relax: bool,
    targets: &[(StopIdx, u32)],
    rule: TargetRule,
    k: u8,
) -> Option<u32> {
    if !in_time(fwd, origin, 0, relax, targets, rule, k) {
        return None;
    }
    let (mut lo, mut hi) = (0u32, targets.iter().map(|t| t.1).max().unwrap_or(0) + 1);
    // Invariant: in time at lo, not in time at hi (nothing leaving after every deadline is).
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if in_time(fwd, origin, mid, relax, targets, rule, k) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(lo)
}

/// The reverse search on the random feeds with transfers.txt rows bound to routes and trips (as
/// the forward search is checked against the connection scan): every latest departure equals the
/// bisection over forward queries, which apply those rows exactly. 1,000 feeds: a mutation that
/// keeps a walk from a rule stop to a stop its rules lead to on the ordinary label first fails at
/// seed 2873 (400 feeds did not catch it).
#[test]
fn reverse_equals_bisection_over_forward_queries_on_random_feeds() {
    let (mut checked, mut reached, mut multi_ride, mut ruled) = (0, 0, 0, 0);
    for seed in 2000..3000u64 {
        let (tt, mut rng, _) = random_timetable(seed);
        let stops = point_stops(&tt);
        if stops.is_empty() {
            continue;
        }
        ruled += tt.has_transfer_rules() as usize;
        for _ in 0..6 {
            let max_rounds = if rng.chance(50) { 8 } else { rng.range(0, 4) as u8 };
            let cfg = RouterConfig {
                max_rounds,
                min_change_secs: [0, 60, 120, rng.below(300) as u32][rng.below(4) as usize],
            };
            let relax = rng.chance(50);
            let rule = if rng.chance(50) { TargetRule::RideOrWalk } else { TargetRule::Ride };
            // One deadline for all targets (a care kind with several nodes) or one each (egress walks).
            let base = rng.range(22 * 3600, 27 * 3600) as u32;
            let same = rng.chance(50);
            let targets: Vec<(StopIdx, u32)> = (0..rng.range(1, 3))
                .map(|_| {
                    let s = StopIdx(stops[rng.below(stops.len() as u64) as usize] as u32);
                    (s, if same { base } else { base - rng.below(900) as u32 })
                })
                .collect();
            let mut rev = ReverseRaptor::new(&tt, cfg);
            rev.latest_departure(&targets, rule, relax);
            let mut fwd = Raptor::new(&tt, cfg);
            for &s in &stops {
                let o = StopIdx(s as u32);
                // Every round count for the forward arrival array; the full count for rides only.
                let ks: Vec<u8> = match rule {
                    TargetRule::RideOrWalk => (0..=max_rounds).collect(),
                    TargetRule::Ride => vec![max_rounds],
                };
                for k in ks {
                    let want = latest_by_bisection(&mut fwd, o, relax, &targets, rule, k);
                    let got = rev.round_departure(k, o);
                    assert_eq!(
                        got, want,
                        "seed {seed}: from stop {s}, at most {k} rides, targets {targets:?}, {rule:?}, relax {relax}, {cfg:?}"
                    );
                    checked += 1;
                    if let Some(d) = got {
                        reached += 1;
                        // Leaving later thanks to a second ride: the rounds matter.
                        multi_ride += (k >= 2 && rev.round_departure(1, o).is_none_or(|d1| d1 < d)) as usize;
                    }
                }
            }
        }
    }
    eprintln!(
        "{checked} latest departures checked, {reached} reached, {multi_ride} with 2+ rides, {ruled} feeds with bound rows"
    );
    assert!(
        checked > 2000 && reached > 500 && multi_ride > 50 && ruled > 200,
        "{checked} {reached} {multi_ride} {ruled}"
    );
}

#[test]
fn reverse_range_equals_independent_queries_on_random_feeds() {
    for seed in 3000..3150u64 {
        let (tt, mut rng, _) = random_timetable(seed);
        let stops = point_stops(&tt);
        if stops.is_empty() {
            continue;
        }
        let cfg = RouterConfig {
            max_rounds: rng.range(1, 8) as u8,
            min_change_secs: [0, 60, rng.below(300) as u32][rng.below(3) as usize],
        };
        let relax = rng.chance(50);
        let rule = if rng.chance(50) { TargetRule::RideOrWalk } else { TargetRule::Ride };
        // (stop, seconds before the deadline it must be reached: an egress walk).
        let targets: Vec<(StopIdx, u32)> = (0..rng.range(1, 3))
            .map(|_| (StopIdx(stops[rng.below(stops.len() as u64) as usize] as u32), rng.below(600) as u32))
            .collect();
        let start = rng.range(22 * 60, 26 * 60) as u32 * 60;
        let end = start + rng.range(0, 120) as u32 * 60;
        let mut range = ReverseRaptor::new(&tt, cfg);
        let mut single = ReverseRaptor::new(&tt, cfg);
        let mut deadlines = Vec::new();
        range.range(&targets, rule, relax, start, end, 60, |d, r| {
            deadlines.push(d);
            let shifted: Vec<(StopIdx, u32)> = targets.iter().map(|t| (t.0, d - t.1)).collect();
            single.latest_departure(&shifted, rule, relax);
            for s in 0..tt.n_stops() {
                let s = StopIdx(s as u32);
                assert_eq!(r.departure(s), single.departure(s), "seed {seed} deadline {d} stop {s:?}");
                assert_eq!(r.board_departure(s), single.board_departure(s), "seed {seed} deadline {d} stop {s:?}");
            }
        });
        let expect: Vec<u32> = (0..=(end - start) / 60).map(|i| start + i * 60).collect();
        assert_eq!(deadlines, expect);
    }
}

/// The router's answers do not depend on how the feed numbers its stops (stops.txt row order):
/// the same random feed with its stops.txt rows shuffled gives, stop id by stop id, the same
/// arrival with at most k rides for every k, and the same fewest-rides answer. This is what the
/// renumbering measurement in BENCHMARKS.md relies on (it times one network under two
/// numberings), and what any internal renumbering of stops must keep.
#[test]
fn answers_do_not_depend_on_stop_numbering() {
    let mut compared = 0;
    for seed in 0..150u64 {
        let mut rng = Rng(seed);
        let (files, _) = random_feed(&mut rng);
        let mut shuffled = files.clone();
        let stops = &mut shuffled.iter_mut().find(|(n, _)| *n == "stops.txt").expect("stops.txt").1;
        let mut lines: Vec<String> = stops.lines().map(str::to_string).collect();
        // Fisher–Yates over the data rows (the header stays first).
        for i in (2..lines.len()).rev() {
            let j = 1 + rng.below(i as u64) as usize;
            lines.swap(i, j);
        }
        *stops = lines.join("\n") + "\n";
        let radius = if rng.chance(50) { 0.0 } else { 500.0 };
        let fp = FootpathOptions { radius_m: radius, ..Default::default() };
        let load = |files: &[(&'static str, String)]| -> (Feed, Timetable) {
            let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
            let feed = TestFeed::new(&refs).load();
            let tt = Timetable::build(&feed, test_date(), &fp);
            (feed, tt)
        };
        let ((fa, ta), (fb, tb)) = (load(&files), load(&shuffled));
        // Stop a's index in the shuffled feed, by stop id.
        let to_b: Vec<StopIdx> = (0..fa.stops.len())
            .map(|a| {
                let b = fb.stops.iter().position(|s| s.id == fa.stops[a].id).expect("same stop ids");
                StopIdx(b as u32)
            })
            .collect();
        let stops = point_stops(&ta);
        if stops.is_empty() {
            continue;
        }
        for _ in 0..4 {
            let cfg = RouterConfig { max_rounds: rng.range(1, 8) as u8, min_change_secs: rng.below(300) as u32 };
            let relax = rng.chance(50);
            let o = stops[rng.below(stops.len() as u64) as usize];
            let dep = rng.range(21 * 3600, 26 * 3600) as u32;
            let (mut ra, mut rb) = (Raptor::new(&ta, cfg), Raptor::new(&tb, cfg));
            ra.earliest_arrival(&[(StopIdx(o as u32), dep)], relax);
            rb.earliest_arrival(&[(to_b[o], dep)], relax);
            for (a, &sb) in to_b.iter().enumerate() {
                let sa = StopIdx(a as u32);
                assert_eq!(ra.arrival(sa), rb.arrival(sb), "seed {seed}, stop {}", fa.stops[a].id);
                for k in 0..=cfg.max_rounds {
                    assert_eq!(ra.round_arrival(k, sa), rb.round_arrival(k, sb), "seed {seed}, k {k}");
                }
                assert_eq!(ra.best_at(&[sa]), rb.best_at(&[sb]), "seed {seed}, stop {}", fa.stops[a].id);
                compared += 1;
            }
        }
    }
    // Enough stops compared that a numbering-dependent answer would show.
    assert!(compared > 2000, "only {compared} stop answers compared");
}
