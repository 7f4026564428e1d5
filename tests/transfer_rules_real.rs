//! Trip-bound `transfers.txt` rows of the real GTFS Sverige 2 rail subset (`../shared/data/
//! se-rail-2025`), through the public router API: they bind the trips they name and nothing else.
//! Skips with a printed notice when the folder is absent.

use narhet::date::Date;
use narhet::feed::{Feed, LoadOptions, load};
use narhet::router::{Raptor, RouterConfig};
use narhet::timetable::{FootpathOptions, StopIdx, Timetable};

use crate::common::shared;

fn stop(feed: &Feed, id: &str) -> StopIdx {
    StopIdx(feed.stops.iter().position(|s| s.id == id).expect("stop in the subset") as u32)
}

fn hm(h: u32, m: u32) -> u32 {
    h * 3600 + m * 60
}

/// Earliest arrival at `to` leaving `from` at `dep` on `date`.
fn arrival(feed: &Feed, date: &str, from: &str, dep: u32, to: &str) -> Option<u32> {
    let tt = Timetable::build(feed, Date::parse(date).expect("date"), &FootpathOptions::default());
    let mut r = Raptor::new(&tt, RouterConfig::default());
    r.earliest_arrival(&[(stop(feed, from), dep)], true);
    r.arrival(stop(feed, to))
}

/// The feed without its route- and trip-bound rows.
fn without_bound_rows(feed: &Feed) -> Feed {
    let mut f = feed.clone();
    f.transfers.retain(|t| !t.is_specific());
    f
}

#[test]
fn a_trip_rule_of_12000_s_at_lund_forbids_a_change_the_stations_600_s_allows() {
    let Some(dir) = shared("se-rail-2025") else { return };
    let feed = load(&[dir], &LoadOptions::default()).expect("the subset loads");
    // 2025-09-21: SJ trip 20740539002009 leaves 740000140 at 17:55 and reaches Lund C
    // (740000120) 19:40; trip 23000803010588 leaves Lund 19:51 and reaches 740000937 at 19:57.
    // Lund's stop-level row asks 600 s; the 11 min (660 s) between them would do. The trip-to-trip
    // row 740000120 → 740000120 type 2, 12000 s for exactly this pair forbids it in practice.
    let (date, from, to) = ("2025-09-21", "740000140", "740000937");
    let plain = arrival(&without_bound_rows(&feed), date, from, hm(17, 50), to).expect("reached");
    assert_eq!(plain, hm(19, 57), "without the trip rows the 19:51 connection is made");
    let bound = arrival(&feed, date, from, hm(17, 50), to);
    assert!(bound.is_none_or(|b| b > hm(19, 57)), "the 12000 s row binds this pair: {bound:?}");
}

#[test]
fn a_trip_rule_of_0_s_at_alvesta_makes_a_change_the_stations_time_would_not() {
    let Some(dir) = shared("se-rail-2025") else { return };
    let mut feed = load(&[dir], &LoadOptions::default()).expect("the subset loads");
    // 2025-08-04: Krösatåg 23000803010591 leaves Växjö (740000250) 19:09 and reaches Alvesta
    // (740000004) 19:20; trip 20740548046728 leaves Alvesta 19:31 and reaches 740000140 at 20:04.
    // Alvesta's own row asks 540 s, which 660 s meets; the brief's planner case is a station
    // asking 1200 s, so that row is raised to 1200 s here: then only the trip-to-trip row
    // (type 2, 0 s, for this pair) lets the traveller make the 19:31.
    let alvesta = stop(&feed, "740000004").0;
    let row = feed.transfers.iter_mut().find(|t| !t.is_specific() && t.from == alvesta && t.to == alvesta);
    let row = row.expect("Alvesta's stop-level row");
    assert_eq!(row.min_time, Some(540));
    row.min_time = Some(1200);
    let (date, from, to) = ("2025-08-04", "740000250", "740000140");
    let bound = arrival(&feed, date, from, hm(19, 5), to).expect("reached");
    assert_eq!(bound, hm(20, 4), "the 0 s trip row makes the 19:31 at Alvesta");
    let plain = arrival(&without_bound_rows(&feed), date, from, hm(19, 5), to);
    assert!(plain.is_none_or(|p| p > hm(20, 4)), "with only the station's 1200 s the 19:31 is missed: {plain:?}");
}
