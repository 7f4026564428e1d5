//! Direct links between places on a hand-made feed.

use crate::common::*;
use narhet::date::Date;
use narhet::feed::{LoadOptions, load};
use narhet::metrics::nodes::direct_link;
use narhet::timetable::{FootpathOptions, StopIdx, Timetable};

#[test]
fn departures_towards_the_core_by_hand() {
    // Stops: N1, N2 (the node's two stops), M (between), C (the core).
    let stops = "stop_id,stop_name,stop_lat,stop_lon\nN1,Nod 1,56.90,14.50\nN2,Nod 2,56.901,14.50\nM,Mitt,56.90,14.60\nC,Kärnan,56.90,14.80\n";
    // T1 calls at N1 and N2 then C: counts once, at N1 (06:10).
    // T2 runs C → N1 (the wrong way): does not count.
    // T3 N2 → C at 23:50 → 24:20: counts, last departure 23:50.
    // T4 N1 → M only: does not reach the core.
    // T5 N1 → C but pickup_type 1 at N1: cannot board; does not count.
    // T6 N1 → C, a Monday-only trip: not on Tuesday.
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n\
        T1,06:10:00,06:10:00,N1,1,0,0\nT1,06:12:00,06:12:00,N2,2,0,0\nT1,06:40:00,06:40:00,C,3,0,0\n\
        T2,07:00:00,07:00:00,C,1,0,0\nT2,07:30:00,07:30:00,N1,2,0,0\n\
        T3,23:50:00,23:50:00,N2,1,0,0\nT3,24:20:00,24:20:00,C,2,0,0\n\
        T4,08:00:00,08:00:00,N1,1,0,0\nT4,08:10:00,08:10:00,M,2,0,0\n\
        T5,09:00:00,09:00:00,N1,1,1,0\nT5,09:30:00,09:30:00,C,2,0,0\n\
        T6,10:00:00,10:00:00,N1,1,0,0\nT6,10:30:00,10:30:00,C,2,0,0\n";
    let trips = "route_id,service_id,trip_id\nR1,WD,T1\nR1,WD,T2\nR1,WD,T3\nR1,WD,T4\nR1,WD,T5\nR1,MO,T6\n";
    let cal = "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
        WD,1,1,1,1,1,0,0,20260101,20261231\nMO,1,0,0,0,0,0,0,20260101,20261231\n";
    let files = with(
        with(with(with(minimal(), "stops.txt", stops), "stop_times.txt", st), "trips.txt", trips),
        "calendar.txt",
        cal,
    );
    let dir = write(&files);
    let feed = load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
    let tt = Timetable::build(&feed, Date::parse("2026-11-24").unwrap(), &FootpathOptions::default());
    let link = direct_link(&tt, &[StopIdx(0), StopIdx(1)], &[StopIdx(3)]);
    assert_eq!(link.departures, 2);
    assert_eq!((link.first, link.last), (Some(6 * 3600 + 600), Some(23 * 3600 + 3000)));
    assert_eq!(link.per_hour[6], 1);
    assert_eq!(link.per_hour[23], 1);
}

#[test]
fn one_ride_departures_by_hand_agree_with_route() {
    use narhet::metrics::nodes::one_ride_departures;
    use narhet::router::{Raptor, RouterConfig};
    // Stops: N (the node), X (a change point), P (the place's own stop), Q (a stop 700 m from P,
    // beyond the place's 500 m), all on one line of latitude.
    let stops = "stop_id,stop_name,stop_lat,stop_lon\nN,Nod,56.90,14.50\nX,Byte,56.90,14.60\nP,Platsen,56.90,14.80\nQ,Förbi,56.90,14.8115\n";
    // D1 N 07:00 → P 07:40: direct. D2 N 07:10 → P 08:00: overtaken by D3 N 07:20 → P 07:50
    // (leaves later, arrives earlier): D2 is no departure worth taking. D4 N 08:00 → Q 08:30:
    // passes Q only, 700 m away — not direct. D5 N 09:00 → X 09:10, D6 X 09:20 → P 09:40: one
    // change, not direct. D7 N 10:00:30 → P 10:30: direct (leaving at the minute 10:00).
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
        D1,07:00:00,07:00:00,N,1\nD1,07:40:00,07:40:00,P,2\n\
        D2,07:10:00,07:10:00,N,1\nD2,08:00:00,08:00:00,P,2\n\
        D3,07:20:00,07:20:00,N,1\nD3,07:50:00,07:50:00,P,2\n\
        D4,08:00:00,08:00:00,N,1\nD4,08:30:00,08:30:00,Q,2\n\
        D5,09:00:00,09:00:00,N,1\nD5,09:10:00,09:10:00,X,2\n\
        D6,09:20:00,09:20:00,X,1\nD6,09:40:00,09:40:00,P,2\n\
        D7,10:00:30,10:00:30,N,1\nD7,10:30:00,10:30:00,P,2\n";
    let trips = "route_id,service_id,trip_id\nR1,WD,D1\nR1,WD,D2\nR1,WD,D3\nR1,WD,D4\nR1,WD,D5\nR1,WD,D6\nR1,WD,D7\n";
    let files = with(with(with(minimal(), "stops.txt", stops), "stop_times.txt", st), "trips.txt", trips);
    let dir = write(&files);
    let feed = load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
    let tt = Timetable::build(&feed, Date::parse("2026-11-24").unwrap(), &FootpathOptions::default());
    let (n, p) = (StopIdx(0), StopIdx(2));
    let cfg = RouterConfig::default();
    // The place's own stop is P (Q, 700 m away, lies outside its 500 m).
    let link = one_ride_departures(&tt, &[n], &[(p, 0)], cfg);
    // D1 (07:00), D3 (07:20), D7 (10:00): 3 departures; D2 overtaken, D4 elsewhere, D5+D6 a change.
    assert_eq!(link.departures, 3);
    assert_eq!((link.first, link.last), (Some(7 * 3600), Some(10 * 3600)));
    assert_eq!((link.per_hour[7], link.per_hour[10]), (2, 1));
    // The same answer as a router query per departure with one ride (what `route` prints as
    // "direct"): from N at 07:00, 07:20 and 10:00 a one-ride journey reaches P; at 08:00 and
    // 09:00 none does (only Q, or with a change).
    let mut r = Raptor::new(&tt, RouterConfig { max_rounds: 1, ..cfg });
    for (leave, direct) in
        [(7 * 3600, true), (7 * 3600 + 1200, true), (8 * 3600, false), (9 * 3600, false), (10 * 3600, true)]
    {
        r.earliest_arrival(&[(n, leave)], false);
        let j = r.journey(&[p], 1);
        assert_eq!(j.is_some_and(|j| j.rides == 1 && j.leave_at() / 60 == leave / 60), direct, "leaving {leave}");
    }
    // Nothing to reach, or nothing leaving: no departures.
    assert_eq!(one_ride_departures(&tt, &[n], &[], cfg).departures, 0);
    assert_eq!(one_ride_departures(&tt, &[p], &[(n, 0)], cfg).departures, 0);
}
