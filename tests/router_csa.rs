//! RAPTOR against an independent, plainly written Connection Scan Algorithm on many random small
//! feeds (seeded, so failures reproduce): earliest arrival with at most k rides at every stop, for
//! every k, with and without footpaths, across midnight, with random change times (which also
//! floor every move between stops after a ride whose time transfers.txt does not give).

mod common;

use common::{TestFeed, test_date};
use narhet::router::{Leg, Raptor, ReverseRaptor, RouterConfig, TargetRule, UNREACHED};
use narhet::timetable::{FootpathOptions, StopIdx, Timetable, TripIdx};

// ---------------------------------------------------------------------------------------------
// The reference: Connection Scan with per-ride-count labels. Shares no code with the router.

const INF: u32 = u32::MAX;

/// Labels "with at most j rides": `ride[j][s]` arrival by alighting, `foot[j][s]` arrival on foot
/// (from an origin or one footpath after a ride).
struct Csa {
    ride: Vec<Vec<u32>>,
    foot: Vec<Vec<u32>>,
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

fn csa(tt: &Timetable, origins: &[(usize, u32)], relax: bool, max_rides: usize, min_change: u32) -> Csa {
    let n = tt.n_stops();
    let mut l = Csa { ride: vec![vec![INF; n]; max_rides + 1], foot: vec![vec![INF; n]; max_rides + 1] };
    for &(o, time) in origins {
        lower(&mut l.foot, 0, o, time);
    }
    if relax {
        for &(o, time) in origins {
            for fp in tt.footpaths(StopIdx(o as u32)) {
                lower(&mut l.foot, 0, fp.to.ix(), time.saturating_add(fp.secs));
            }
        }
    }
    // Connections: (dep, arr, trip, position of departure).
    let mut conns: Vec<(u32, u32, usize, usize)> = Vec::new();
    for t in 0..tt.n_trips() {
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
    let ready = |l: &Csa, j: usize, s: usize| -> u32 {
        let change = tt.change_at(StopIdx(s as u32), min_change);
        let by_ride = match change {
            Some(c) => l.ride[j][s].saturating_add(c),
            None => INF,
        };
        by_ride.min(l.foot[j][s])
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
                if calls[i].pickup() {
                    let s = calls[i].stop().ix();
                    if let Some(j) = (1..=max_rides).find(|&j| ready(&l, j - 1, s) <= dep) {
                        k = k.min(j);
                    }
                }
                if k < onboard[t][i] {
                    onboard[t][i] = k;
                    changed = true;
                }
                let k = onboard[t][i];
                if k <= max_rides && calls[i + 1].drop_off() {
                    let s2 = calls[i + 1].stop().ix();
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
/// (station rows and same-stop rows included) and an occasional frequency-based trip.
fn random_feed(rng: &mut Rng) -> Vec<(&'static str, String)> {
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
    for tr in 0..n_trips {
        let service = ["T", "Y", "B"][rng.below(3) as usize];
        let route = rng.below(n_routes);
        trips += &format!("R{route},{service},X{tr},To {tr}\n");
        let seq = &seqs[rng.below(seqs.len() as u64) as usize];
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
    let mut transfers = String::from("from_stop_id,to_stop_id,transfer_type,min_transfer_time\n");
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
        transfers += &format!("{a},{b},{ty},{min}\n");
    }
    vec![
        ("stops.txt", stops),
        ("calendar_dates.txt", cal),
        ("routes.txt", routes),
        ("trips.txt", trips),
        ("stop_times.txt", st),
        ("frequencies.txt", freq),
        ("transfers.txt", transfers),
    ]
}

fn random_timetable(seed: u64) -> (Timetable, Rng) {
    let mut rng = Rng(seed);
    let files = random_feed(&mut rng);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let feed = TestFeed::new(&refs).load();
    let radius = if rng.chance(50) { 0.0 } else { 500.0 };
    let tt = Timetable::build(&feed, test_date(), &FootpathOptions { radius_m: radius, ..Default::default() });
    (tt, rng)
}

/// Point stops (not stations) of the timetable: the ones with patterns or footpaths are all of
/// them here, as stations never have calls.
fn point_stops(tt: &Timetable) -> Vec<usize> {
    (0..tt.n_stops())
        .filter(|&s| tt.stop_patterns(StopIdx(s as u32)).len() + tt.footpaths(StopIdx(s as u32)).len() > 0)
        .collect()
}

/// Checks a journey leg by leg against the timetable and the transfer rules; true when a walk
/// in it was lengthened to the change time.
fn check_journey(tt: &Timetable, j: &narhet::router::Journey, min_change: u32, relax: bool) -> bool {
    let mut floored = false;
    let mut time = j.start_time;
    let mut at = j.start;
    let mut last_was_ride = false;
    let mut walked_since_ride = false;
    let mut rides = 0;
    for (i, leg) in j.legs.iter().enumerate() {
        match *leg {
            Leg::Walk { from, to, dep, arr } => {
                assert_eq!(from, at, "walk starts where the traveller is");
                assert!(!walked_since_ride, "two walks in a row");
                assert!(relax || rides > 0, "walk from an origin in a grid query");
                let fp = tt.footpaths(from).iter().find(|f| f.to == to).expect("footpath exists");
                assert!(dep >= time);
                let secs = if rides > 0 && !fp.given { fp.secs.max(min_change) } else { fp.secs };
                assert_eq!(arr - dep, secs);
                floored |= secs > fp.secs;
                time = if i == 0 { time + secs } else { arr };
                at = to;
                walked_since_ride = true;
                last_was_ride = false;
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
                let need = if last_was_ride {
                    time.saturating_add(tt.change_at(from, min_change).expect("change allowed here"))
                } else {
                    time
                };
                assert!(dep >= need, "boards {dep} before ready {need}");
                time = arr;
                at = to;
                rides += 1;
                walked_since_ride = false;
                last_was_ride = true;
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
    for seed in 0..400u64 {
        let (tt, mut rng) = random_timetable(seed);
        yesterday += tt.stats().trips_yesterday;
        freq += tt.stats().frequency_runs;
        let stops = point_stops(&tt);
        if stops.is_empty() {
            continue;
        }
        for _ in 0..4 {
            let cfg = RouterConfig {
                max_rounds: if rng.chance(50) { 8 } else { rng.range(0, 4) as u8 },
                min_change_secs: [0, 60, 120, rng.below(300) as u32][rng.below(4) as usize],
            };
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
                &origins.iter().map(|o| (o.0.ix(), o.1)).collect::<Vec<_>>(),
                relax,
                cfg.max_rounds as usize,
                cfg.min_change_secs,
            );
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
                        floored += check_journey(&tt, &j, cfg.min_change_secs, relax) as usize;
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
                check_journey(&tt, &j, cfg.min_change_secs, relax);
                assert!(targets.contains(&j.end()));
            }
            queries += 1;
        }
    }
    assert!(queries > 1000, "only {queries} queries ran");
    eprintln!(
        "{queries} queries; runs of yesterday {yesterday}, frequency runs {freq}; stops best reached with 2+ rides {multi_ride}, on foot {walk_labels}; journeys with a walk lengthened to the change time {floored}"
    );
    assert!(yesterday > 100 && freq > 100 && multi_ride > 100 && walk_labels > 100 && floored > 100);
}

#[test]
fn range_equals_independent_queries_on_random_feeds() {
    for seed in 1000..1150u64 {
        let (tt, mut rng) = random_timetable(seed);
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
                check_journey(&tt, &j, cfg.min_change_secs, relax);
                assert_eq!(j.arrival, a);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
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

#[test]
fn reverse_equals_bisection_over_forward_queries_on_random_feeds() {
    let (mut checked, mut reached, mut multi_ride) = (0, 0, 0);
    for seed in 2000..2400u64 {
        let (tt, mut rng) = random_timetable(seed);
        let stops = point_stops(&tt);
        if stops.is_empty() {
            continue;
        }
        for _ in 0..2 {
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
    eprintln!("{checked} latest departures checked, {reached} reached, {multi_ride} with 2+ rides");
    assert!(checked > 2000 && reached > 500 && multi_ride > 50, "{checked} {reached} {multi_ride}");
}

#[test]
fn reverse_range_equals_independent_queries_on_random_feeds() {
    for seed in 3000..3150u64 {
        let (tt, mut rng) = random_timetable(seed);
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
