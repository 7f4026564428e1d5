//! Direct links between places on a hand-made feed.

mod common;

use common::*;
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
