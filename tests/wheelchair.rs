//! Wheelchair-accessible journeys on a hand-made feed: the timetable built for a wheelchair
//! leaves out trips that are not accessible and closes stops that are not, and a platform's
//! empty `wheelchair_boarding` is its station's. The expected answers are worked out beside each
//! assertion.

use crate::common::{TestFeed, stop, t, test_date};
use narhet::router::{Raptor, RouterConfig};
use narhet::timetable::{Access, Booking, FootpathOptions, Timetable};

/// S1 (accessible) → S3, a platform of station P (P accessible, S3 empty: inherits 1); S2 is not
/// accessible (2).
///
/// - a: S1 08:00 → S3 08:20, trip not accessible (2): the fastest.
/// - c: S1 08:05 → S2 08:10 (accessible trip), d: S2 08:12 → S3 08:30 (accessible trip): the
///   change at S2 works on foot, not in a wheelchair (S2 is 2).
/// - e: S1 08:10 → S3 08:32, trip's accessibility unknown (empty).
/// - b: S1 08:15 → S3 08:40, trip accessible (1).
fn files() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "stops.txt",
            "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,wheelchair_boarding
S1,Ett,56.8000,14.8000,0,,1
S2,Två,56.8100,14.8000,0,,2
P,Tre station,56.8200,14.8000,1,,1
S3,Tre,56.8200,14.8000,0,P,
",
        ),
        ("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR,A,1,,3\n"),
        (
            "trips.txt",
            "route_id,service_id,trip_id,wheelchair_accessible\nR,S,a,2\nR,S,c,1\nR,S,d,1\nR,S,e,\nR,S,b,1\n",
        ),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence
a,08:00:00,08:00:00,S1,1
a,08:20:00,08:20:00,S3,2
c,08:05:00,08:05:00,S1,1
c,08:10:00,08:10:00,S2,2
d,08:12:00,08:12:00,S2,1
d,08:30:00,08:30:00,S3,2
e,08:10:00,08:10:00,S1,1
e,08:32:00,08:32:00,S3,2
b,08:15:00,08:15:00,S1,1
b,08:40:00,08:40:00,S3,2
",
        ),
    ]
}

fn arrival(access: Access) -> Option<(u32, u8)> {
    let feed = TestFeed::new(&files()).load();
    let fp = FootpathOptions { radius_m: 0.0, ..Default::default() };
    let tt = Timetable::build_for(&feed, test_date(), &fp, Booking::Exclude, access);
    let mut r = Raptor::new(&tt, RouterConfig { max_rounds: 8, min_change_secs: 60 });
    r.earliest_arrival(&[(stop(&feed, "S1"), t("07:55"))], true);
    r.best_at(&[stop(&feed, "S3")])
}

#[test]
fn feed_keeps_trips_wheelchair_accessible() {
    let feed = TestFeed::new(&files()).load();
    let codes: Vec<(&str, u8)> = feed.trips.iter().map(|t| (&*t.id, t.wheelchair)).collect();
    assert_eq!(codes, [("a", 2), ("c", 1), ("d", 1), ("e", 0), ("b", 1)]);
    // S3's empty value is its station's 1.
    assert_eq!(feed.stops[stop(&feed, "S3").0 as usize].wheelchair_boarding, 1);
}

#[test]
fn a_journey_whose_fastest_trip_is_not_accessible_is_later_in_a_wheelchair() {
    // On foot: trip a, 08:20, one ride.
    assert_eq!(arrival(Access::Everyone), Some((t("08:20"), 1)));
    // In a wheelchair, unknown counted as not accessible: a is out (2), c+d change at S2 (2),
    // e is unknown → b, 08:40: 20 minutes later.
    let strict = arrival(Access::Wheelchair { unknown_accessible: false });
    assert_eq!(strict, Some((t("08:40"), 1)));
    assert_eq!(strict.unwrap().0 - t("08:20"), 20 * 60);
    // Unknown counted as accessible: e, 08:32 (c+d still change at S2, which says 2).
    assert_eq!(arrival(Access::Wheelchair { unknown_accessible: true }), Some((t("08:32"), 1)));
}

#[test]
fn a_stop_that_is_not_accessible_is_neither_boarded_nor_left() {
    let feed = TestFeed::new(&files()).load();
    let fp = FootpathOptions { radius_m: 0.0, ..Default::default() };
    let tt = Timetable::build_for(
        &feed,
        test_date(),
        &fp,
        Booking::Exclude,
        Access::Wheelchair { unknown_accessible: true },
    );
    let mut r = Raptor::new(&tt, RouterConfig { max_rounds: 8, min_change_secs: 60 });
    // From S2 (2) nothing can be boarded; S2 is not reached from S1 either.
    r.earliest_arrival(&[(stop(&feed, "S2"), t("08:00"))], true);
    assert_eq!(r.best_at(&[stop(&feed, "S3")]), None);
    r.earliest_arrival(&[(stop(&feed, "S1"), t("08:00"))], true);
    assert_eq!(r.best_at(&[stop(&feed, "S2")]), None);
}
