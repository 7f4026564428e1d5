//! What real Swedish feeds do that the sample did not: booking-required service, transfers
//! naming stops or trips outside the feed, trip- and route-bound transfer rows, and `validate`
//! listing every problem. Hand-made feeds with hand-worked answers.

use std::path::PathBuf;

use crate::common::*;
use narhet::date::Date;
use narhet::feed::{LoadOptions, Severity, load, validate};
use narhet::timetable::{Booking, FootpathOptions, Timetable};

fn tue() -> Date {
    Date::parse("2026-11-24").unwrap()
}

fn load_dir(files: &[(&'static str, String)]) -> (tempfile::TempDir, narhet::feed::Feed) {
    let dir = write(files);
    let feed = load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
    (dir, feed)
}

/// Two trips on two routes: R1 fixed (bus 700), R2 as given.
fn two_routes(r2_type: &str, t2_pickup: &str) -> Vec<(&'static str, String)> {
    let routes = format!(
        "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,1,Linje 1,700\nR2,A,280,Linje 280,{r2_type}\n"
    );
    let st = format!(
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n\
         T1,08:00:00,08:00:00,S1,1,0,0\nT1,08:10:00,08:10:00,S2,2,0,0\n\
         T2,09:00:00,09:00:00,S2,1,{t2_pickup},0\nT2,09:10:00,09:10:00,S3,2,{t2_pickup},0\n"
    );
    let files = with(minimal(), "routes.txt", &routes);
    let files = with(files, "trips.txt", "route_id,service_id,trip_id\nR1,WD,T1\nR2,WD,T2\n");
    with(files, "stop_times.txt", &st)
}

fn trips_in(tt: &Timetable) -> usize {
    tt.n_trips()
}

#[test]
fn booking_required_trips_are_left_out_unless_asked_for() {
    let fp = FootpathOptions { radius_m: 0.0, ..Default::default() };
    // Fixed bus 700 and pickup_type 0: two fixed trips.
    let (_d, feed) = load_dir(&two_routes("700", "0"));
    assert!(!feed.trip_needs_booking(1));
    assert_eq!(trips_in(&Timetable::build(&feed, tue(), &fp)), 2);
    // Route types 715, 717, 1501: T2 is booking-required; 1 fixed trip, 2 with the switch, 1 booked.
    for ty in ["715", "717", "1501"] {
        let (_d, feed) = load_dir(&two_routes(ty, "0"));
        assert!(feed.trip_needs_booking(1), "{ty}");
        assert_eq!(trips_in(&Timetable::build(&feed, tue(), &fp)), 1, "{ty}");
        assert_eq!(trips_in(&Timetable::build_with(&feed, tue(), &fp, Booking::Include)), 2, "{ty}");
        assert_eq!(trips_in(&Timetable::build_with(&feed, tue(), &fp, Booking::Only)), 1, "{ty}");
    }
    // pickup_type 2 at every call of a bus: booking-required too.
    let (_d, feed) = load_dir(&two_routes("700", "2"));
    assert!(feed.trip_needs_booking(1));
    assert_eq!(trips_in(&Timetable::build(&feed, tue(), &fp)), 1);
    // A GTFS-Flex booking rule on every call: the same.
    let mut files = two_routes("700", "0");
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_booking_rule_id\n\
              T1,08:00:00,08:00:00,S1,1,\nT1,08:10:00,08:10:00,S2,2,\n\
              T2,09:00:00,09:00:00,S2,1,BR1\nT2,09:10:00,09:10:00,S3,2,BR1\n";
    files = with(files, "stop_times.txt", st);
    let (_d, feed) = load_dir(&files);
    assert!(feed.trip_needs_booking(1) && !feed.trip_needs_booking(0));
}

#[test]
fn a_booked_call_of_a_fixed_trip_is_closed_in_fixed_service() {
    // T1 S1 → S2 → S3, boarding at S2 must be booked: fixed service boards at S1 only (and
    // alights at S3 only, since S2's drop-off is booked too).
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n\
              T1,08:00:00,08:00:00,S1,1,0,0\nT1,08:10:00,08:10:00,S2,2,2,2\nT1,08:20:00,08:20:00,S3,3,0,0\n";
    let (_d, feed) = load_dir(&with(minimal(), "stop_times.txt", st));
    assert!(!feed.trip_needs_booking(0));
    let fp = FootpathOptions { radius_m: 0.0, ..Default::default() };
    let tt = Timetable::build(&feed, tue(), &fp);
    let p = tt.patterns().next().unwrap();
    let calls = tt.calls(p);
    assert!(calls[0].pickup() && !calls[1].pickup() && !calls[1].drop_off() && calls[2].drop_off());
    let tt = Timetable::build_with(&feed, tue(), &fp, Booking::Include);
    let calls = tt.calls(tt.patterns().next().unwrap());
    assert!(calls[1].pickup() && calls[1].drop_off());
}

#[test]
fn transfers_naming_unknown_stops_or_trips_are_skipped_with_a_warning() {
    let tr = "from_stop_id,to_stop_id,transfer_type,min_transfer_time,from_trip_id,to_trip_id\n\
              S1,S9,2,60,,\nS2,S2,2,0,T1,TX\nS2,S2,1,,T1,T1\nS2,S3,2,120,,\n";
    let (_d, feed) = load_dir(&with(minimal(), "transfers.txt", tr));
    // Rows 2 and 3 (lines 2, 3) name S9 and TX: skipped; the trip-bound row and the plain one stay.
    assert_eq!(feed.transfers.len(), 2);
    assert_eq!(feed.warnings.count("transfer_unknown_reference"), 2);
    let (_, _, ex) = feed.warnings.iter().find(|w| w.0 == "transfer_unknown_reference").unwrap();
    assert!(ex.contains("line 2") && ex.contains("to_stop_id") && ex.contains("S9"), "{ex}");
    assert_eq!(feed.transfers[0].from_trip, Some(0));
    assert!(feed.transfers[0].is_specific() && !feed.transfers[1].is_specific());
}

#[test]
fn a_trip_bound_transfer_row_is_not_applied_to_every_traveller() {
    // S2 → S3 at 60 s for trip T1 only: no footpath S2 → S3 for everyone (walking off, radius 0).
    let tr = "from_stop_id,to_stop_id,transfer_type,min_transfer_time,from_trip_id\nS2,S3,2,60,T1\n";
    let (_d, feed) = load_dir(&with(minimal(), "transfers.txt", tr));
    let tt = Timetable::build(&feed, tue(), &FootpathOptions { radius_m: 0.0, ..Default::default() });
    assert!(tt.footpaths(stop(&feed, "S2")).is_empty());
    // The same row without the trip: a footpath of 60 s.
    let tr = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS2,S3,2,60\n";
    let (_d, feed) = load_dir(&with(minimal(), "transfers.txt", tr));
    let tt = Timetable::build(&feed, tue(), &FootpathOptions { radius_m: 0.0, ..Default::default() });
    assert_eq!(tt.footpaths(stop(&feed, "S2")).iter().map(|f| f.secs).collect::<Vec<_>>(), [60]);
}

#[test]
fn validate_lists_every_problem_with_its_line() {
    // Problems in three files: a stop at (0, 0) (line 3), two stops at one position (lines 2, 4),
    // an unknown route (trips line 3), an unknown stop in stop_times (line 4), a transfer to a
    // missing stop (line 2) and a float trip id (line 3).
    let stops = "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,56.87,14.80\nS2,Två,0,0\nS3,Tre,56.87,14.80\n";
    let files = with(minimal(), "stops.txt", stops);
    let files = with(files, "trips.txt", "route_id,service_id,trip_id\nR1,WD,T1\nR9,WD,T2\n");
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\n\
              T1,08:10:00,08:10:00,S2,2\nT1,08:20:00,08:20:00,S7,3\n";
    let files = with(files, "stop_times.txt", st);
    let tr = "from_stop_id,to_stop_id,transfer_type,from_trip_id\nS1,S8,2,\nS1,S1,2,T1.0\n";
    let files = with(files, "transfers.txt", tr);
    let dir = write(&files);
    let v = validate(&[dir.path().to_path_buf()], &LoadOptions::default(), None);
    let found: Vec<(Severity, &str, &str, Option<u64>)> = v
        .problems
        .iter()
        .filter(|p| p.kind != "refused_by_loader")
        .map(|p| (p.severity, p.kind, p.file.rsplit('/').next().unwrap(), p.line))
        .collect();
    use Severity::*;
    let want = [
        (Error, "stop_at_zero", "stops.txt", Some(3)),
        (Warning, "stops_share_position", "stops.txt", Some(4)),
        (Error, "unknown_id", "trips.txt", Some(3)),
        (Error, "unknown_id", "stop_times.txt", Some(4)),
        (Warning, "transfer_unknown_stop", "transfers.txt", Some(2)),
        (Error, "id_written_as_float", "transfers.txt", Some(3)),
    ];
    for w in want {
        assert!(found.contains(&w), "{w:?} missing from {found:?}");
    }
    assert_eq!(found.len(), want.len(), "{found:?}");
    assert_eq!(v.errors(), 4 + usize::from(v.problems.iter().any(|p| p.kind == "refused_by_loader")));
}

#[test]
fn two_copies_of_the_sample_merge_into_one_set_of_stops() {
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("gtfs/kronoberg");
    let one = load(std::slice::from_ref(&sample), &LoadOptions::default()).unwrap();
    let two = load(&[sample.clone(), sample], &LoadOptions::default()).unwrap();
    assert_eq!(two.stops.len(), one.stops.len());
    assert_eq!(two.warnings.count("stop_merged_across_feeds"), one.stops.len());
    assert_eq!(two.trips.len(), 2 * one.trips.len());
    assert_eq!(two.transfers.len(), 2 * one.transfers.len());
}

#[test]
fn the_stop_table_counts_booked_departures_apart() {
    // T1 (bus 700) S1 08:00 → S2; T2 (route type 717, booked) S2 09:00 → S3.
    let (_d, feed) = load_dir(&two_routes("717", "0"));
    let opts = narhet::metrics::stops::StopOptions::default();
    let (t, _) = narhet::analysis::stops::stops_table(&feed, tue(), &opts, None, None).unwrap();
    let col = |row: usize, name: &str| t.get(row, name).map(|f| f.csv_text());
    // Rows in stop_id order S1, S2, S3. Fixed departures: S1 1 (T1), S2 0 (T1 ends there; T2 is
    // booked), S3 0. Booked departures: S2 1 (T2), S3 0 (T2 ends there).
    let fixed: Vec<_> = (0..3).map(|r| col(r, "departures").unwrap()).collect();
    let booked: Vec<_> = (0..3).map(|r| col(r, "booked_departures").unwrap()).collect();
    assert_eq!(fixed, ["1", "0", "0"]);
    assert_eq!(booked, ["0", "1", "0"]);
}
