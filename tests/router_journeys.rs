//! Hand-worked journeys on tiny inline feeds; the expected answer is worked out beside each
//! assertion. Stops are 1.1 km apart (0.01° of latitude) unless a test is about walking.

use crate::common::{self, build, stop, t, test_date};
use narhet::router::{Leg, Raptor, RouterConfig};

const STOPS: &str = "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station
S1,One,56.8000,14.8000,0,
S2,Two,56.8100,14.8000,0,
S3,Three,56.8200,14.8000,0,
S4,Four,56.8300,14.8000,0,
";
const ROUTES: &str = "route_id,agency_id,route_short_name,route_long_name,route_type
A,A,1,,3
B,A,2,,3
C,A,3,,3
";

fn cfg(min_change: u32) -> RouterConfig {
    RouterConfig { max_rounds: 8, min_change_secs: min_change }
}

/// Line 1 S1 08:00 → S2 08:10; line 2 S2 → S3 at 08:11:59 (arr 08:29:59) and 08:42 (arr 09:00).
fn change_feed() -> Vec<(&'static str, &'static str)> {
    vec![
        ("stops.txt", STOPS),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nA,S,a1,Two\nB,S,b1,Three\nB,S,b2,Three\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence
a1,08:00:00,08:00:00,S1,1
a1,08:10:00,08:10:00,S2,2
b1,08:11:59,08:11:59,S2,1
b1,08:29:59,08:29:59,S3,2
b2,08:42:00,08:42:00,S2,1
b2,09:00:00,09:00:00,S3,2
",
        ),
    ]
}

#[test]
fn transfer_that_just_fits() {
    let (feed, tt) = build(&change_feed(), test_date(), 0.0);
    let (s1, s3) = (stop(&feed, "S1"), stop(&feed, "S3"));
    // Arrive S2 08:10:00 + 119 s change = 08:11:59 = b1's departure: fits exactly.
    let mut r = Raptor::new(&tt, cfg(119));
    r.earliest_arrival(&[(s1, t("07:55"))], true);
    assert_eq!(r.best_at(&[s3]), Some((t("08:29:59"), 2)));
    let j = r.journey(&[s3], 2).expect("journey");
    assert_eq!(j.legs.len(), 2);
    assert!(matches!(j.legs[0], Leg::Ride { dep, arr, .. } if dep == t("08:00") && arr == t("08:10")));
    assert!(matches!(j.legs[1], Leg::Ride { dep, arr, .. } if dep == t("08:11:59") && arr == t("08:29:59")));
    assert_eq!(j.changes(), 1);
}

#[test]
fn transfer_that_misses_by_a_second() {
    let (feed, tt) = build(&change_feed(), test_date(), 0.0);
    let (s1, s3) = (stop(&feed, "S1"), stop(&feed, "S3"));
    // 08:10:00 + 120 s = 08:12:00 > 08:11:59: b1 is missed, b2 (08:42) arrives 09:00.
    let mut r = Raptor::new(&tt, cfg(120));
    r.earliest_arrival(&[(s1, t("07:55"))], true);
    assert_eq!(r.best_at(&[s3]), Some((t("09:00"), 2)));
    // Starting at S2 itself at 08:10 there is no change: b1 is caught.
    r.earliest_arrival(&[(stop(&feed, "S2"), t("08:10"))], true);
    assert_eq!(r.best_at(&[s3]), Some((t("08:29:59"), 1)));
}

#[test]
fn same_stop_transfer_row_sets_its_own_change_time_or_forbids() {
    let mut files = change_feed();
    // transfers.txt S2→S2 type 2, 60 s: beats the global 120 s, so b1 (08:11:59) fits again.
    files.push(("transfers.txt", "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS2,S2,2,60\n"));
    let (feed, tt) = build(&files, test_date(), 0.0);
    let (s1, s3) = (stop(&feed, "S1"), stop(&feed, "S3"));
    let mut r = Raptor::new(&tt, cfg(120));
    r.earliest_arrival(&[(s1, t("07:55"))], true);
    assert_eq!(r.best_at(&[s3]), Some((t("08:29:59"), 2)));

    // Type 3 at S2: no change there at all, S3 is unreachable.
    let mut files = change_feed();
    files.push(("transfers.txt", "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS2,S2,3,\n"));
    let (feed, tt) = build(&files, test_date(), 0.0);
    let mut r = Raptor::new(&tt, cfg(0));
    r.earliest_arrival(&[(stop(&feed, "S1"), t("07:55"))], true);
    assert_eq!(r.best_at(&[stop(&feed, "S3")]), None);
    // S2 itself is still reached by the first ride (08:10).
    assert_eq!(r.best_at(&[stop(&feed, "S2")]), Some((t("08:10"), 1)));
}

/// Line 1 S1 → S2a (arr 08:10); line 2 from S2b (08:12 and 08:20) → S3 (08:30 / 08:38).
/// S2a and S2b are platforms of station P2.
fn station_feed(transfers: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "stops.txt",
            "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station
S1,One,56.8000,14.8000,0,
P2,Two,56.8100,14.8000,1,
S2a,Two A,56.8100,14.8000,0,P2
S2b,Two B,56.8101,14.8000,0,P2
S3,Three,56.8200,14.8000,0,
",
        ),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nA,S,a1,Two\nB,S,b1,Three\nB,S,b2,Three\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence
a1,08:00:00,08:00:00,S1,1
a1,08:10:00,08:10:00,S2a,2
b1,08:12:00,08:12:00,S2b,1
b1,08:30:00,08:30:00,S3,2
b2,08:20:00,08:20:00,S2b,1
b2,08:38:00,08:38:00,S3,2
",
        ),
        ("transfers.txt", transfers),
    ]
}

#[test]
fn platforms_of_a_station_connect_in_zero_seconds_without_walking_radius() {
    let (feed, tt) =
        build(&station_feed("from_stop_id,to_stop_id,transfer_type,min_transfer_time\n"), test_date(), 0.0);
    // S2a and S2b share a parent: a 0 s move, but after a ride never shorter than the change
    // time. With 120 s: S2a 08:10 → S2b 08:12 → b1 (08:12) → S3 08:30.
    let mut r = Raptor::new(&tt, cfg(120));
    r.earliest_arrival(&[(stop(&feed, "S1"), t("07:50"))], true);
    assert_eq!(r.best_at(&[stop(&feed, "S3")]), Some((t("08:30"), 2)));
    let j = r.journey(&[stop(&feed, "S3")], 2).expect("journey");
    // Ride, move S2a→S2b (lengthened to 120 s), ride.
    assert_eq!(j.legs.len(), 3);
    assert!(matches!(j.legs[1], Leg::Walk { dep, arr, .. } if dep == t("08:10") && arr == t("08:12")));
    // With 180 s the move ends 08:13: b1 (08:12) is gone, b2 08:20 → S3 08:38. With 0 s the
    // move takes its own 0 s and b1 is caught as before.
    let mut r = Raptor::new(&tt, cfg(180));
    r.earliest_arrival(&[(stop(&feed, "S1"), t("07:50"))], true);
    assert_eq!(r.best_at(&[stop(&feed, "S3")]), Some((t("08:38"), 2)));
    let mut r = Raptor::new(&tt, cfg(0));
    r.earliest_arrival(&[(stop(&feed, "S1"), t("07:50"))], true);
    assert_eq!(r.best_at(&[stop(&feed, "S3")]), Some((t("08:30"), 2)));
    let j = r.journey(&[stop(&feed, "S3")], 2).expect("journey");
    assert!(matches!(j.legs[1], Leg::Walk { dep, arr, .. } if dep == t("08:10") && arr == t("08:10")));
}

#[test]
fn station_level_transfer_row_stands_for_each_child() {
    // P2→P2 type 2, 300 s: S2a→S2b now takes 300 s: 08:15 misses b1 (08:12), b2 08:20 → 08:38.
    let (feed, tt) = build(
        &station_feed("from_stop_id,to_stop_id,transfer_type,min_transfer_time\nP2,P2,2,300\n"),
        test_date(),
        0.0,
    );
    let mut r = Raptor::new(&tt, cfg(0));
    r.earliest_arrival(&[(stop(&feed, "S1"), t("07:50"))], true);
    assert_eq!(r.best_at(&[stop(&feed, "S3")]), Some((t("08:38"), 2)));
    // A stop-level row overrides the station row: S2a→S2b 60 s catches b1 again.
    let (feed, tt) = build(
        &station_feed("from_stop_id,to_stop_id,transfer_type,min_transfer_time\nP2,P2,2,300\nS2a,S2b,2,60\n"),
        test_date(),
        0.0,
    );
    let mut r = Raptor::new(&tt, cfg(0));
    r.earliest_arrival(&[(stop(&feed, "S1"), t("07:50"))], true);
    assert_eq!(r.best_at(&[stop(&feed, "S3")]), Some((t("08:30"), 2)));
}

#[test]
fn forbidden_transfer_between_platforms() {
    // S2a→S2b type 3 removes the 0 s station move: S3 cannot be reached.
    let (feed, tt) =
        build(&station_feed("from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS2a,S2b,3,\n"), test_date(), 0.0);
    let mut r = Raptor::new(&tt, cfg(0));
    r.earliest_arrival(&[(stop(&feed, "S1"), t("07:50"))], true);
    assert_eq!(r.best_at(&[stop(&feed, "S3")]), None);
}

#[test]
fn transfer_row_with_min_transfer_time_between_stops() {
    // Line 1 S1→S2 arr 08:10; S2→S4 transfers.txt type 2, 300 s; line 3 from S4 at 08:14 (missed,
    // 08:15 needed) and 08:16 → S3 at 08:30 / 08:32. S2 and S4 are 2.2 km apart: no walking.
    let files = vec![
        ("stops.txt", STOPS),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nA,S,a1,Two\nC,S,c1,Three\nC,S,c2,Three\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence
a1,08:00:00,08:00:00,S1,1
a1,08:10:00,08:10:00,S2,2
c1,08:14:00,08:14:00,S4,1
c1,08:30:00,08:30:00,S3,2
c2,08:16:00,08:16:00,S4,1
c2,08:32:00,08:32:00,S3,2
",
        ),
        ("transfers.txt", "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS2,S4,2,300\n"),
    ];
    let (feed, tt) = build(&files, test_date(), 500.0);
    let mut r = Raptor::new(&tt, cfg(0));
    r.earliest_arrival(&[(stop(&feed, "S1"), t("07:50"))], true);
    assert_eq!(r.best_at(&[stop(&feed, "S3")]), Some((t("08:32"), 2)));
    // At S4 on foot at 08:15.
    assert_eq!(r.arrival(stop(&feed, "S4")), Some(t("08:15")));
    assert_eq!(r.ride_arrival(stop(&feed, "S4")), None);
}

#[test]
fn overtaking_trip_is_found() {
    // Slow x1 leaves S1 08:00, reaches S2 08:20, S3 09:00; express x2 leaves S1 08:05, S2 08:15,
    // S3 08:30. Same stops, but x2 overtakes x1, so they are split into two patterns.
    let files = vec![
        ("stops.txt", STOPS),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nA,S,x1,Three\nA,S,x2,Three\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence
x1,08:00:00,08:00:00,S1,1
x1,08:20:00,08:20:00,S2,2
x1,09:00:00,09:00:00,S3,3
x2,08:05:00,08:05:00,S1,1
x2,08:15:00,08:15:00,S2,2
x2,08:30:00,08:30:00,S3,3
",
        ),
    ];
    let (feed, tt) = build(&files, test_date(), 0.0);
    assert_eq!(tt.stats().overtaking_splits, 1);
    let mut r = Raptor::new(&tt, cfg(0));
    r.earliest_arrival(&[(stop(&feed, "S1"), t("07:55"))], true);
    // Waiting for the express is best: S2 08:15, S3 08:30, one ride each.
    assert_eq!(r.best_at(&[stop(&feed, "S2")]), Some((t("08:15"), 1)));
    assert_eq!(r.best_at(&[stop(&feed, "S3")]), Some((t("08:30"), 1)));
}

#[test]
fn after_midnight_part_of_yesterdays_trip() {
    // y1 runs only on the day before (22 Nov): S1 23:40, S2 24:10, S3 24:30. On 23 Nov its tail
    // is S2 00:10 → S3 00:30. t1 runs only on 23 Nov: S1 23:50 → S2 24:20 (= 87 600 s).
    let d = test_date();
    let cal = format!("service_id,date,exception_type\nY,{},1\nT,{},1\n", d.add_days(-1).gtfs(), d.gtfs());
    let files = vec![
        ("stops.txt", STOPS),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nA,Y,y1,Three\nA,T,t1,Two\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence
y1,23:40:00,23:40:00,S1,1
y1,24:10:00,24:10:00,S2,2
y1,24:30:00,24:30:00,S3,3
t1,23:50:00,23:50:00,S1,1
t1,24:20:00,24:20:00,S2,2
",
        ),
        ("calendar_dates.txt", cal.as_str()),
    ];
    let (feed, tt) = build(&files, d, 0.0);
    let (s1, s2, s3) = (stop(&feed, "S1"), stop(&feed, "S2"), stop(&feed, "S3"));
    let mut r = Raptor::new(&tt, cfg(0));
    r.earliest_arrival(&[(s2, t("00:05"))], true);
    assert_eq!(r.best_at(&[s3]), Some((t("00:30"), 1)));
    // From S1 early on the 23rd: y1's 23:40 departure belongs to the 22nd, so S3 is not
    // reached; t1 reaches S2 at 24:20 (past midnight, still the 23rd's service day).
    r.earliest_arrival(&[(s1, t("00:00"))], true);
    assert_eq!(r.best_at(&[s3]), None);
    assert_eq!(r.best_at(&[s2]), Some((t("24:20"), 1)));
    assert_eq!(t("24:20"), 87_600);
}

#[test]
fn frequency_based_trip() {
    // Template f1 S1 10:00 → S2 10:15, run every 10 min from 08:00 until before 09:00:
    // departures 08:00 … 08:50. At S1 at 08:21 → next run 08:30 → S2 08:45.
    let files = vec![
        ("stops.txt", STOPS),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nA,S,f1,Two\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence
f1,10:00:00,10:00:00,S1,1
f1,10:15:00,10:15:00,S2,2
",
        ),
        ("frequencies.txt", "trip_id,start_time,end_time,headway_secs,exact_times\nf1,08:00:00,09:00:00,600,1\n"),
    ];
    let (feed, tt) = build(&files, test_date(), 0.0);
    let (s1, s2) = (stop(&feed, "S1"), stop(&feed, "S2"));
    let mut r = Raptor::new(&tt, cfg(0));
    r.earliest_arrival(&[(s1, t("08:21"))], true);
    assert_eq!(r.best_at(&[s2]), Some((t("08:45"), 1)));
    // 08:51: the last run left 08:50, the template time 10:00 is not a run: unreachable.
    r.earliest_arrival(&[(s1, t("08:51"))], true);
    assert_eq!(r.best_at(&[s2]), None);

    // Window 08:20–08:30 from S1: departures 08:20 … 08:30 wait for 08:20 (→08:35) or 08:30
    // (→08:45): travel 15, 24, 23, …, 16, 15 min.
    let prof = r.range_profile(&[(s1, 0)], true, t("08:20"), t("08:30"), 60, &[s2]);
    let mins: Vec<u32> = prof[0].travel_secs.iter().map(|x| x.expect("reached") / 60).collect();
    assert_eq!(mins, vec![15, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
    let st = prof[0].stats.expect("stats");
    // Sorted: 15 15 16 17 18 19 20 21 22 23 24 (n = 11); nearest rank ceil(p × 11) − 1: p25
    // index 2 (16), median index 5 (19), p75 index 8 (22).
    assert_eq!((st.min, st.p25, st.median, st.p75, st.max), (900, Some(960), Some(1140), Some(1320), Some(1440)));
}

#[test]
fn pickup_and_drop_off_bans() {
    // z1 S1 08:00 → S2 08:10 (drop_off_type 1, pickup_type 1) → S3 08:20.
    let files = vec![
        ("stops.txt", STOPS),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nA,S,z1,Three\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type
z1,08:00:00,08:00:00,S1,1,0,0
z1,08:10:00,08:10:00,S2,2,1,1
z1,08:20:00,08:20:00,S3,3,0,0
",
        ),
    ];
    let (feed, tt) = build(&files, test_date(), 0.0);
    let mut r = Raptor::new(&tt, cfg(0));
    r.earliest_arrival(&[(stop(&feed, "S1"), t("07:59"))], true);
    // Riding through S2 is fine, alighting there is not.
    assert_eq!(r.best_at(&[stop(&feed, "S3")]), Some((t("08:20"), 1)));
    assert_eq!(r.best_at(&[stop(&feed, "S2")]), None);
    // Boarding at S2 is not allowed either.
    r.earliest_arrival(&[(stop(&feed, "S2"), t("08:00"))], true);
    assert_eq!(r.best_at(&[stop(&feed, "S3")]), None);
}

/// W1 and W2 are about 98 m apart, W3 another ~98 m east of W2 (~195 m from W1).
const WALK_STOPS: &str = "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station
S1,One,56.8000,14.8000,0,
W1,Walk one,56.8300,14.8000,0,
W2,Walk two,56.8300,14.8016,0,
W3,Walk three,56.8300,14.8032,0,
";

#[test]
fn one_footpath_between_rides_and_at_the_ends() {
    // w1 S1 08:00 → W1 08:10. With a 150 m radius W1–W2 and W2–W3 are footpaths, W1–W3 is not.
    let files = vec![
        ("stops.txt", WALK_STOPS),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nA,S,w1,Walk\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence
w1,08:00:00,08:00:00,S1,1
w1,08:10:00,08:10:00,W1,2
",
        ),
    ];
    let (feed, tt) = build(&files, test_date(), 150.0);
    let (w1, w2, w3) = (stop(&feed, "W1"), stop(&feed, "W2"), stop(&feed, "W3"));
    let secs = tt.footpaths(w1).iter().find(|f| f.to == w2).expect("W1→W2").secs;
    assert!((95..=100).contains(&secs), "W1→W2 walk {secs} s");
    assert!(tt.footpaths(w1).iter().all(|f| f.to != w3));
    let mut r = Raptor::new(&tt, cfg(0));
    r.earliest_arrival(&[(stop(&feed, "S1"), t("07:59"))], true);
    // Alight W1 08:10, walk to W2: 08:10 + secs. W3 would need a second walk: unreachable.
    assert_eq!(r.arrival(w2), Some(t("08:10") + secs));
    assert_eq!(r.arrival(w3), None);
    // Starting at W1: one walk from the origin reaches W2 but not W3.
    r.earliest_arrival(&[(w1, t("09:00"))], true);
    assert_eq!(r.arrival(w2), Some(t("09:00") + secs));
    assert_eq!(r.arrival(w3), None);
    // A grid-cell style query (walk already included): no walk from the origin stop.
    r.earliest_arrival(&[(w1, t("09:00"))], false);
    assert_eq!(r.arrival(w2), None);
    assert_eq!(r.arrival(w1), Some(t("09:00")));
}

#[test]
fn pareto_set_over_arrival_and_rides() {
    // Direct d1 S1 08:00 → S3 09:00; faster with a change: a1 S1 08:00 → S2 08:10, b1 S2 08:15 → S3
    // 08:40. Pareto: (09:00, 1 ride), (08:40, 2 rides).
    let files = vec![
        ("stops.txt", STOPS),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nC,S,d1,Three\nA,S,a1,Two\nB,S,b1,Three\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence
d1,08:00:00,08:00:00,S1,1
d1,09:00:00,09:00:00,S3,2
a1,08:00:00,08:00:00,S1,1
a1,08:10:00,08:10:00,S2,2
b1,08:15:00,08:15:00,S2,1
b1,08:40:00,08:40:00,S3,2
",
        ),
    ];
    let (feed, tt) = build(&files, test_date(), 0.0);
    let s3 = stop(&feed, "S3");
    let mut r = Raptor::new(&tt, cfg(0));
    r.earliest_arrival(&[(stop(&feed, "S1"), t("07:50"))], true);
    let p: Vec<(u32, u8)> = r.pareto(&[s3]).iter().map(|x| (x.0, x.1)).collect();
    assert_eq!(p, vec![(t("09:00"), 1), (t("08:40"), 2)]);
    let js = r.pareto_journeys(&[s3]);
    assert_eq!(js.len(), 2);
    assert_eq!((js[0].rides, js[1].rides), (1, 2));
    // With at most one ride only the direct trip counts.
    let mut r1 = Raptor::new(&tt, RouterConfig { max_rounds: 1, min_change_secs: 0 });
    r1.earliest_arrival(&[(stop(&feed, "S1"), t("07:50"))], true);
    assert_eq!(r1.best_at(&[s3]), Some((t("09:00"), 1)));
}

#[test]
fn a_one_minute_change_fails_by_default_and_works_with_min_change_0() {
    // Line 1 S1 08:00 → S2 08:10; line 2 leaves S2 08:11 → S3 08:30: a change that needs 60 s.
    // The default minimum change time is 120 s: ready at 08:12, the 08:11 bus is gone and no
    // later one runs — no journey. With --min-change 0 (or 60) it is caught.
    let files = [
        ("stops.txt", STOPS),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nA,S,a1,Two\nB,S,b1,Three\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence\na1,08:00:00,08:00:00,S1,1\n\
             a1,08:10:00,08:10:00,S2,2\nb1,08:11:00,08:11:00,S2,1\nb1,08:30:00,08:30:00,S3,2\n",
        ),
    ];
    let feed = common::TestFeed::new(&files);
    let route = |extra: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_narhet"))
            .args(["route", "--gtfs"])
            .arg(feed.path())
            .args(["--date", &test_date().to_string(), "--from", "S1", "--to", "S3", "--depart", "07:55"])
            .args(extra)
            .output()
            .expect("run narhet");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    let default = route(&[]);
    assert!(default.contains("No journey found."), "{default}");
    for s in ["0", "60"] {
        let out = route(&["--min-change", s]);
        assert!(out.contains("08:00 → 08:30 · 30 min · 1 change"), "--min-change {s}: {out}");
    }
    // 61 s is one second too many.
    assert!(route(&["--min-change", "61"]).contains("No journey found."));
}

#[test]
fn a_short_walk_between_stops_after_a_ride_takes_at_least_the_change_time() {
    // S2 and its neighbour S2w are 0.0003° of latitude apart: 33.4 m, a walk of
    // ceil(33.4 × 1.3 / 1.3) = 34 s. Line 1 reaches S2 08:10; line 2 leaves S2w at 08:11
    // (→ S3 08:30) and 08:13 (→ S3 08:32).
    let stops = "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station
S1,One,56.8000,14.8000,0,
S2,Two,56.8100,14.8000,0,
S2w,Two west,56.8103,14.8000,0,
S3,Three,56.8200,14.8000,0,
";
    let files = vec![
        ("stops.txt", stops),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nA,S,a1,Two\nB,S,b1,Three\nB,S,b2,Three\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence
a1,08:00:00,08:00:00,S1,1
a1,08:10:00,08:10:00,S2,2
b1,08:11:00,08:11:00,S2w,1
b1,08:30:00,08:30:00,S3,2
b2,08:13:00,08:13:00,S2w,1
b2,08:32:00,08:32:00,S3,2
",
        ),
    ];
    let (feed, tt) = build(&files, test_date(), 500.0);
    let (s1, s2, s2w, s3) = (stop(&feed, "S1"), stop(&feed, "S2"), stop(&feed, "S2w"), stop(&feed, "S3"));
    let walk = tt.footpaths(s2).iter().find(|f| f.to == s2w).expect("a walk S2 → S2w");
    assert_eq!((walk.secs, walk.given), (34, false));
    // Minimum change 0: the 34 s walk holds; at S2w 08:10:34, b1 at 08:11 is caught: 08:30.
    let mut r = Raptor::new(&tt, cfg(0));
    r.earliest_arrival(&[(s1, t("07:55"))], true);
    assert_eq!(r.best_at(&[s3]), Some((t("08:30"), 2)));
    // Default 120 s: the walk is floored at 120 s, ready 08:12 — b1 is gone, b2 (08:13): 08:32.
    let mut r = Raptor::new(&tt, cfg(120));
    r.earliest_arrival(&[(s1, t("07:55"))], true);
    assert_eq!(r.best_at(&[s3]), Some((t("08:32"), 2)));
    // 60 s floor: ready 08:11:00, b1 departs 08:11:00 and is caught.
    let mut r = Raptor::new(&tt, cfg(60));
    r.earliest_arrival(&[(s1, t("07:55"))], true);
    assert_eq!(r.best_at(&[s3]), Some((t("08:30"), 2)));
    // Starting on foot at S2 (no ride before), the walk is 34 s even with a 120 s change time:
    // at S2w 08:10:34, b1 at 08:11 (floored, it would be b2 and 08:32).
    let mut r = Raptor::new(&tt, cfg(120));
    r.earliest_arrival(&[(s2, t("08:10"))], true);
    assert_eq!(r.best_at(&[s3]), Some((t("08:30"), 1)));
}

#[test]
fn route_says_not_reached_beyond_the_travel_time_limit() {
    // a1 S1 07:00 → S4 09:30 (2 h 30 min), a2 S1 08:00 → S4 09:40 (1 h 40 min). The limit is
    // 120 min by default, as in reach: a1 is over it, a2 within.
    let files = [
        ("stops.txt", STOPS),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nA,S,a1,Four\nA,S,a2,Four\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence\na1,07:00:00,07:00:00,S1,1\n\
             a1,09:30:00,09:30:00,S4,2\na2,08:00:00,08:00:00,S1,1\na2,09:40:00,09:40:00,S4,2\n",
        ),
    ];
    let feed = common::TestFeed::new(&files);
    let route = |extra: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_narhet"))
            .args(["route", "--gtfs"])
            .arg(feed.path())
            .args(["--date", &test_date().to_string(), "--from", "S1", "--to", "S4"])
            .args(extra)
            .output()
            .expect("run narhet");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    // Leaving from 06:55 the fastest journey is a1 (there 09:30, a2 only 09:40): 2 h 30 min >
    // 2 h, so S4 is not reached, and a1 is not printed as a journey.
    let out = route(&["--depart", "06:55"]);
    assert!(out.contains("Not reached: no journey within the 2 h 00 min limit"), "{out}");
    assert!(out.contains("(the fastest found, leaving 07:00, takes 2 h 30 min; --limit to change)"), "{out}");
    assert!(!out.contains("07:00 → 09:30"), "{out}");
    // With --limit 3h it is a journey again.
    let out = route(&["--depart", "06:55", "--limit", "3h"]);
    assert!(out.contains("07:00 → 09:30 · 2 h 30 min") && !out.contains("Not reached"), "{out}");
    // A window over both departures: a2 (1 h 40 min) is shown, a1 is left out and said so.
    let out = route(&["--depart", "06:55", "--window", "65"]);
    assert!(out.contains("08:00 → 09:40 · 1 h 40 min") && !out.contains("07:00 → 09:30"), "{out}");
    assert!(out.contains("Journeys over the 2 h 00 min limit are not shown"), "{out}");
    // Arrive by 09:35: the latest departure in time is 07:00 (a2 is 5 min late): not reached.
    let out = route(&["--arrive-by", "09:35"]);
    assert!(out.contains("Not reached: no journey within the 2 h 00 min limit"), "{out}");
}
