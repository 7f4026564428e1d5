//! Reach to care on a hand-made network, every answer worked out by hand.

use crate::common::*;
use narhet::date::Date;
use narhet::feed::{LoadOptions, load};
use narhet::metrics::reach::{CareKind, CareNode, DestGroup, Origin, ReachParams, compute};
use narhet::spatial::{Xy, to_sweref};
use narhet::timetable::{FootpathOptions, Timetable};

const H: (f64, f64) = (56.90, 14.80);
const A: (f64, f64) = (56.90, 15.13);
const B: (f64, f64) = (57.10, 14.80);
const D: (f64, f64) = (56.90, 14.40);

fn feed() -> Vec<(&'static str, String)> {
    let stops = format!(
        "stop_id,stop_name,stop_lat,stop_lon\nH,Sjukhuset,{},{}\nA,Aby,{},{}\nB,Boda,{},{}\nX,Bytet,57.00,14.80\nD,Dala,{},{}\nE,Eda,56.90,14.35\n",
        H.0, H.1, A.0, A.1, B.0, B.1, D.0, D.1
    );
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
        T1,07:05:00,07:05:00,A,1\nT1,07:35:00,07:35:00,H,2\n\
        T2,07:00:00,07:00:00,B,1\nT2,07:20:00,07:20:00,X,2\n\
        T3,07:30:00,07:30:00,X,1\nT3,07:50:00,07:50:00,H,2\n\
        T5,09:00:00,09:00:00,H,1\nT5,09:30:00,09:30:00,A,2\n\
        T6,12:00:00,12:00:00,H,1\nT6,12:20:00,12:20:00,X,2\n\
        T7,12:30:00,12:30:00,X,1\nT7,12:50:00,12:50:00,B,2\n\
        T8,08:00:00,08:00:00,D,1\nT8,08:10:00,08:10:00,E,2\n";
    let trips = "route_id,service_id,trip_id\nR1,WD,T1\nR2,WD,T2\nR3,WD,T3\nR1,WD,T5\nR3,WD,T6\nR2,WD,T7\nR5,WD,T8\n";
    let routes =
        "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,1,,3\nR2,A,2,,3\nR3,A,3,,3\nR5,A,5,,3\n";
    let files = with(minimal(), "stops.txt", &stops);
    let files = with(files, "stop_times.txt", st);
    let files = with(files, "trips.txt", trips);
    with(files, "routes.txt", routes)
}

fn xy(p: (f64, f64)) -> Xy {
    to_sweref(p.0, p.1)
}

#[test]
fn reach_by_hand() {
    let dir = write(&feed());
    let feed = load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
    let tt = Timetable::build(&feed, Date::parse("2026-11-24").unwrap(), &FootpathOptions::default());
    let h = xy(H);
    let nodes = vec![CareNode { name: "Sjukhuset".into(), kind: CareKind::AcuteHospital, at: h }];
    let groups = vec![DestGroup { key: "acute".into(), label: "Akutsjukhus".into(), nodes: vec![0] }];
    let origin = |id: &str, at: Xy| Origin { id: id.into(), name: id.into(), at, population: 100, municipality: 0 };
    let origins = vec![
        origin("walker", Xy { x: h.x + 300.0, y: h.y }),
        origin("one_bus", xy(A)),
        origin("transfer", xy(B)),
        origin("unreachable", xy(D)),
    ];
    // Walking at 1 m/s with no detour: a walk takes as many seconds as it is metres long. The
    // window [07:00, 07:10) has ten departure minutes, 07:00 … 07:09.
    let p = ReachParams {
        window_start: 7 * 3600,
        window_end: 7 * 3600 + 10 * 60,
        walk: narhet::walk::Walk::new(1.0, 1.0).unwrap(),
        return_after: Some(2 * 3600),
        ..Default::default()
    };
    let r = compute(&tt, &nodes, &groups, &origins, &p, &|_| {});
    let walk = |o: Xy| o.dist(h).ceil() as u32;

    // The walker is 300 m away: 300 s at every minute, all within the limit.
    let w = &r[0][0];
    assert_eq!(w.times, vec![Some(300); 10]);
    assert_eq!(w.share_within_limit, 1.0);
    // Home again: arrives 07:05, leaves 09:05, walks home by 09:10; no bus needed.
    let ret = w.ret.unwrap();
    assert_eq!(
        (ret.arrival_at_node, ret.leave_node, ret.home_earliest, ret.walk),
        (25_500, 32_700, Some(33_000), true)
    );

    // One bus: leaving 07:00…07:05 catches T1 (07:05 → 07:35): 35…30 min; later minutes could
    // only walk the ~20 km (over 5 h), beyond the 30-minute walk: not reached. The node is
    // reached within the limit in 6 of 10 minutes.
    let a = &r[1][0];
    assert!(walk(xy(A)) > 7200);
    let expect: Vec<Option<u32>> =
        [Some(2100), Some(2040), Some(1980), Some(1920), Some(1860), Some(1800), None, None, None, None].to_vec();
    assert_eq!(a.times, expect);
    let st = a.stats.unwrap();
    // Sorted: 1800 1860 1920 1980 2040 2100 ∞ ∞ ∞ ∞ (n = 10); nearest rank ceil(p × 10) − 1: p25 =
    // index 2, median = index 4, p75 = index 7 (∞), max ∞.
    assert_eq!((st.min, st.p25, st.median, st.p75, st.max), (1800, Some(1920), Some(2040), None, None));
    assert!((a.share_within_limit - 0.6).abs() < 1e-12);
    // Return: arrives 07:35, leaves 09:35; the last bus home (T5) left at 09:00 → impossible.
    let ret = a.ret.unwrap();
    assert_eq!((ret.arrival_at_node, ret.leave_node), (27_300, 34_500));
    assert_eq!((ret.home_earliest, ret.latest_departure_home, ret.walk), (None, None, false));
    assert!(!ret.possible());

    // A transfer: only 07:00 catches T2 (→ X 07:20), then T3 (X 07:30 → H 07:50): 50 min; the
    // 10 minutes at X are more than the 2-minute change time. Later minutes: not reached.
    let b = &r[2][0];
    assert_eq!(b.times[0], Some(3000));
    assert_eq!(b.times[1], None);
    // Home: leaves 09:50; T6 12:00 → X 12:20, T7 12:30 → B 12:50. Latest departure 12:00.
    let ret = b.ret.unwrap();
    assert_eq!((ret.leave_node, ret.home_earliest, ret.latest_departure_home), (35_400, Some(46_200), Some(43_200)));

    // Dala has a bus, but not towards the hospital: only the 24 km walk, which does not count.
    let u = &r[3][0];
    assert_eq!(u.share_within_limit, 0.0);
    assert_eq!((u.stats, u.times.iter().all(Option::is_none)), (None, true));
}

#[test]
fn no_travel_time_above_the_limit_and_no_walk_above_the_ceiling() {
    let dir = write(&feed());
    let feed = load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
    let tt = Timetable::build(&feed, Date::parse("2026-11-24").unwrap(), &FootpathOptions::default());
    let h = xy(H);
    let nodes = vec![CareNode { name: "Sjukhuset".into(), kind: CareKind::AcuteHospital, at: h }];
    let groups = vec![DestGroup { key: "acute".into(), label: "Akutsjukhus".into(), nodes: vec![0] }];
    let origin = |id: &str, at: Xy| Origin { id: id.into(), name: id.into(), at, population: 100, municipality: 0 };
    // Walking at 1 m/s, no detour. The walker stands 300 m from the hospital; "one_bus" at A.
    let origins = vec![origin("walker", Xy { x: h.x + 300.0, y: h.y }), origin("one_bus", xy(A))];
    let base = ReachParams {
        window_start: 7 * 3600,
        window_end: 7 * 3600 + 10 * 60,
        walk: narhet::walk::Walk::new(1.0, 1.0).unwrap(),
        ..Default::default()
    };
    // A 33-minute limit: T1's 35, 34 and 33 min at 07:00…07:02 — 35 and 34 are beyond it, not
    // reached (33 min = 1980 s is within); 07:03…07:05 give 32, 31, 30 min.
    let p = ReachParams { limit_secs: 33 * 60, ..base };
    let r = compute(&tt, &nodes, &groups, &origins, &p, &|_| {});
    let a = &r[1][0];
    let expect = [None, None, Some(1980), Some(1920), Some(1860), Some(1800), None, None, None, None];
    assert_eq!(a.times, expect.to_vec());
    assert!(a.times.iter().flatten().all(|&t| t <= 33 * 60));
    assert!((a.share_within_limit - 0.4).abs() < 1e-12);
    // A 4-minute longest walk: the walker's 300 s (5 min) walk no longer counts and there is no
    // stop near them that helps: not reached at any minute.
    let p = ReachParams { max_walk_secs: 4 * 60, ..base };
    let r = compute(&tt, &nodes, &groups, &origins, &p, &|_| {});
    assert_eq!(r[0][0].times, vec![None; 10]);
    // The egress walk obeys it too: with a 4-minute ceiling the bus rider, who alights at H
    // itself (0 m from the node), is still reached.
    assert_eq!(r[1][0].times[5], Some(1800));
}

#[test]
fn summaries_by_hand() {
    use narhet::metrics::reach::GroupReach;
    use narhet::metrics::reach_summary::{compare, group_summary, towns_worst_first};
    use narhet::router::WindowStats;
    // Three origins with fixed median times (one minute windows): 20 min, 50 min, unreached.
    let mk = |secs: Option<u32>| GroupReach {
        times: vec![secs],
        stats: WindowStats::of(&[secs]),
        share_within_limit: if secs.is_some() { 1.0 } else { 0.0 },
        node: None,
        first_node: None,
        ret: None,
    };
    let origin = |name: &str, pop: u32, m: u16| Origin {
        id: name.into(),
        name: name.into(),
        at: Xy::default(),
        population: pop,
        municipality: m,
    };
    let origins = vec![origin("a", 100, 0), origin("b", 300, 0), origin("c", 50, 1)];
    // Group 0 (today): 20, 50, none. Group 1 (what-if): 40, 30, 80.
    let results = vec![
        vec![mk(Some(1200)), mk(Some(2400))],
        vec![mk(Some(3000)), mk(Some(1800))],
        vec![mk(None), mk(Some(4800))],
    ];
    let names = vec!["Ett".to_string(), "Två".to_string()];
    let s = group_summary("acute", "Akut", 0, &origins, &results, &names, 7200);
    // Within 30/45/60/90 min: a (100) in all; b (300, 50 min) within 60 and 90.
    assert_eq!(s.county.within, [100, 100, 400, 400]);
    assert_eq!(s.county.population, 450);
    assert_eq!(s.municipalities[1].within, [0, 0, 0, 0]);
    assert_eq!(s.population_not_reached, 50);
    // Curve at 20 min: 100/450; at 50 min: 400/450.
    assert_eq!(s.curve[4], (20, 100.0 / 450.0));
    assert_eq!(s.curve[10], (50, 400.0 / 450.0));
    // Percentiles: p10 needs 45 people → a (20 min); p50 needs 225 → b (50 min); p90 needs 405 →
    // beyond the 400 reached → None.
    assert_eq!(s.pop_percentiles_min, [Some(20.0), Some(50.0), Some(50.0), Some(50.0), None]);

    let towns = towns_worst_first(0, &origins, &results);
    assert_eq!(towns.iter().map(|t| t.town.as_str()).collect::<Vec<_>>(), vec!["c", "b", "a"]);

    // What-if: a 20 → 40 (+20, loses over 15); b 50 → 30 (−20, gains over 15); c gets access.
    let c = compare((0, "today"), (1, "what-if"), &origins, &results, &names).county;
    assert_eq!((c.gain_over_15, c.lose_over_15, c.unchanged, c.new_access, c.lost_access), (300, 100, 0, 50, 0));
    assert_eq!((c.reached_both, c.reached_neither, c.population), (400, 0, 450));
    // Mean change over a and b: (100 × 20 + 300 × −20) / 400 = −10. Median over their 400
    // people: sorted changes −20 (300 people), +20 (100); person 200 has −20.
    assert_eq!((c.mean_change_min, c.median_change_min), (Some(-10.0), Some(-20.0)));
    // Bands: a leaves ≤ 30 (20 → 40) and b enters it (50 → 30): +300 −100; a stays within 45,
    // b enters 45: +300; c enters 90 (80 min): +50.
    let bands: Vec<(u32, u64, u64)> = c.bands.iter().map(|b| (b.minutes, b.gained, b.lost)).collect();
    assert_eq!(bands, [(30, 300, 100), (45, 300, 0), (60, 0, 0), (90, 50, 0)]);
}
