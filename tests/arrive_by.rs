//! Arrive-by and appointments on tiny inline feeds; the expected answers are worked out beside
//! each assertion. Stops are 1.1 km apart (0.01° of latitude): no walking between them.

use crate::common::{build, stop, t, test_date};
use narhet::analysis::journeys::plan_arrive_by;
use narhet::analysis::places::Place;
use narhet::router::{Leg, ReverseRaptor, RouterConfig, TargetRule};

const STOPS: &str = "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station
S1,One,56.8000,14.8000,0,
S2,Two,56.8100,14.8000,0,
S3,Three,56.8200,14.8000,0,
";
const ROUTES: &str = "route_id,agency_id,route_short_name,route_long_name,route_type
A,A,1,,3
B,A,2,,3
";

fn cfg(min_change: u32) -> RouterConfig {
    RouterConfig { max_rounds: 8, min_change_secs: min_change }
}

fn place(s: narhet::timetable::StopIdx) -> Place {
    Place { stop: s, stops: vec![s] }
}

/// Line 1 S1 → S3: leaves 08:05 arrives 08:30, leaves 08:40 arrives 09:10.
fn two_trips() -> Vec<(&'static str, &'static str)> {
    vec![
        ("stops.txt", STOPS),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nA,S,early,Three\nA,S,late,Three\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence
early,08:05:00,08:05:00,S1,1
early,08:30:00,08:30:00,S3,2
late,08:40:00,08:40:00,S1,1
late,09:10:00,09:10:00,S3,2
",
        ),
    ]
}

#[test]
fn arrive_by_nine_takes_the_trip_arriving_half_past_eight() {
    let (feed, tt) = build(&two_trips(), test_date(), 0.0);
    let (s1, s3) = (stop(&feed, "S1"), stop(&feed, "S3"));
    // By 09:00: the 09:10 arrival is too late; the 08:30 one leaves S1 at 08:05.
    let js = plan_arrive_by(&tt, cfg(120), &place(s1), &place(s3), t("09:00"));
    assert_eq!(js.len(), 1);
    let j = &js[0];
    assert_eq!((j.leave_at(), j.arrival), (t("08:05"), t("08:30")));
    assert!(matches!(j.legs[0], Leg::Ride { dep, arr, .. } if dep == t("08:05") && arr == t("08:30")));
    // Travel time 25 min; time set aside 09:00 − 08:05 = 55 min.
    assert_eq!(j.arrival - j.leave_at(), 25 * 60);
    // By 09:10 the later trip fits: leave 08:40. By 08:29:59 nothing does.
    let js = plan_arrive_by(&tt, cfg(120), &place(s1), &place(s3), t("09:10"));
    assert_eq!(js[0].leave_at(), t("08:40"));
    assert!(plan_arrive_by(&tt, cfg(120), &place(s1), &place(s3), t("08:29:59")).is_empty());
    // The reverse search alone: at S3 itself one may "leave" at the deadline (no ride needed)
    // under the stop-to-stop rule, not under the grid rule (a ride is required there).
    let mut r = ReverseRaptor::new(&tt, cfg(120));
    r.latest_departure(&[(s3, t("09:00"))], TargetRule::RideOrWalk, true);
    assert_eq!(r.departure(s1), Some(t("08:05")));
    assert_eq!(r.departure(s3), Some(t("09:00")));
    r.latest_departure(&[(s3, t("09:00"))], TargetRule::Ride, false);
    assert_eq!((r.departure(s1), r.departure(s3)), (Some(t("08:05")), None));
}

/// Line 1 S1 08:00 → S2 08:10; line 2 S2 08:11:59 → S3 08:29:59.
fn change_feed() -> Vec<(&'static str, &'static str)> {
    vec![
        ("stops.txt", STOPS),
        ("routes.txt", ROUTES),
        ("trips.txt", "route_id,service_id,trip_id,trip_headsign\nA,S,a1,Two\nB,S,b1,Three\n"),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence
a1,08:00:00,08:00:00,S1,1
a1,08:10:00,08:10:00,S2,2
b1,08:11:59,08:11:59,S2,1
b1,08:29:59,08:29:59,S3,2
",
        ),
    ]
}

#[test]
fn arrive_by_respects_the_change_time_to_the_second() {
    let (feed, tt) = build(&change_feed(), test_date(), 0.0);
    let (s1, s3) = (stop(&feed, "S1"), stop(&feed, "S3"));
    // Arrive S2 08:10:00; change 119 s → ready 08:11:59 = b1's departure: fits, leave S1 08:00.
    let mut r = ReverseRaptor::new(&tt, cfg(119));
    r.latest_departure(&[(s3, t("08:30"))], TargetRule::RideOrWalk, true);
    assert_eq!(r.departure(s1), Some(t("08:00")));
    // One ride only: no way from S1.
    assert_eq!(r.round_departure(1, s1), None);
    // Change 120 s → ready 08:12:00, b1 gone: no journey from S1 in time.
    let mut r = ReverseRaptor::new(&tt, cfg(120));
    r.latest_departure(&[(s3, t("08:30"))], TargetRule::RideOrWalk, true);
    assert_eq!(r.departure(s1), None);
}

/// On the shipped sample: for every town, group and arrival minute, the arrive-by answer agrees
/// with forward reach — leaving at the latest departure D arrives by the minute with the travel
/// time given (forward's exact arrival rounded up to the minute), and leaving at D + 1 min does
/// not arrive in time within the limit.
#[test]
fn arrive_by_reach_agrees_with_forward_reach_on_the_sample() {
    use narhet::analysis::Study;
    use narhet::analysis::arrive_by::run_arrive_by;
    use narhet::analysis::inputs::dest_groups;
    use narhet::feed::{LoadOptions, load};
    use narhet::metrics::reach::{ReachParams, compute};
    use narhet::timetable::Timetable;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let study = Study::load(&root.join("regions/kronoberg.toml")).expect("sample region");
    let feed = load(&[root.join("gtfs/kronoberg")], &LoadOptions::default()).expect("sample feed");
    let date = narhet::date::Date::parse("2026-08-19").unwrap();
    let tt = Timetable::build(&feed, date, &study.footpaths());
    let groups = dest_groups(&study.care, &[]).unwrap();
    let base = ReachParams::default();
    let (mut checked, mut reached) = (0, 0);
    for by in [t("08:00"), t("09:00")] {
        let p = ReachParams { window_start: by, window_end: by + 60, ..base };
        let run = run_arrive_by(&study, &tt, groups.clone(), p, &|_| {});
        for (o, res) in study.towns.iter().zip(&run.towns) {
            for (g, r) in res.iter().enumerate() {
                checked += 1;
                let forward = |dep: u32| {
                    let q = ReachParams { window_start: dep, window_end: dep + 60, ..base };
                    compute(&tt, &study.care, &groups[g..g + 1], std::slice::from_ref(o), &q, &|_| {})[0][0].times[0]
                };
                match (r.leave[0], r.reach.times[0]) {
                    (Some(d), Some(travel)) => {
                        reached += 1;
                        let f = forward(d).expect("forward reaches from the latest departure");
                        assert_eq!((d + f).div_ceil(60) * 60, d + travel, "{} group {g} by {by}", o.name);
                        assert!(d + f <= by);
                        assert!(
                            forward(d + 60).is_none_or(|f| d + 60 + f > by),
                            "{} group {g}: later is in time",
                            o.name
                        );
                    }
                    _ => {
                        // Not reached: no departure within the limit before `by` arrives in time
                        // (checked at the departure minutes a journey of at most the limit could use).
                        for dep in (by - p.limit_secs..by).step_by(60) {
                            let late = forward(dep).is_none_or(|f| dep + f > by);
                            // A journey in time but arriving more than the limit early does not count.
                            let early = forward(dep).is_some_and(|f| dep + f + p.limit_secs < by);
                            assert!(late || early, "{} group {g} by {by}: leaving {dep} arrives in time", o.name);
                        }
                    }
                }
            }
        }
    }
    eprintln!("{checked} town × group × minute answers checked, {reached} reached");
    assert!(checked > 100 && reached > 50);
}
