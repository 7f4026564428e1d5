//! Appointments on a tiny inline feed; the expected answers are worked out beside each
//! assertion. Stops are 1.1 km apart (0.01° of latitude): with a 100 m access and egress radius
//! the patient at S1 uses S1 only, the node at S3 is served by S3 only, and walking all the
//! way (2.2 km × 1.3 detour at 1.3 m/s ≈ 37 min) is over the 30-minute walk limit.

use crate::common::{build, stop, t, test_date};
use narhet::analysis::appointments::parse_appointment;
use narhet::metrics::appointments::{Appointment, DEFAULT_DAY_END_SECS, Visit, compute_appointments};
use narhet::metrics::reach::{CareKind, CareNode, DestGroup, Origin, ReachParams};
use narhet::router::RouterConfig;

const STOPS: &str = "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station
S1,Home,56.8000,14.8000,0,
S2,Middle,56.8100,14.8000,0,
S3,Care,56.8200,14.8000,0,
";
const ROUTES: &str = "route_id,agency_id,route_short_name,route_long_name,route_type
A,A,1,,3
";

/// There: S1 08:05 → S3 08:30 and S1 08:50 → S3 09:10. Home: S3 10:00 → S1 10:25 and
/// S3 10:30 → S1 10:55.
fn feed() -> Vec<(&'static str, &'static str)> {
    vec![
        ("stops.txt", STOPS),
        ("routes.txt", ROUTES),
        (
            "trips.txt",
            "route_id,service_id,trip_id,trip_headsign\nA,S,out1,Care\nA,S,out2,Care\nA,S,back1,Home\nA,S,back2,Home\n",
        ),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence
out1,08:05:00,08:05:00,S1,1
out1,08:30:00,08:30:00,S3,2
out2,08:50:00,08:50:00,S1,1
out2,09:10:00,09:10:00,S3,2
back1,10:00:00,10:00:00,S3,1
back1,10:25:00,10:25:00,S1,2
back2,10:30:00,10:30:00,S3,1
back2,10:55:00,10:55:00,S1,2
",
        ),
    ]
}

/// The visits of the patient at S1 to the node at S3 for `a`, with `limit_min` and `day_end`.
fn visit(a: Appointment, limit_min: u32, day_end: u32) -> (Option<Visit>, u32) {
    let (feed, tt) = build(&feed(), test_date(), 0.0);
    let (s1, s3) = (stop(&feed, "S1"), stop(&feed, "S3"));
    let home = Origin { id: "h".into(), name: "Home".into(), at: tt.stop_xy(s1), population: 10, municipality: 0 };
    let node = CareNode { name: "Care".into(), kind: CareKind::Vardcentral, at: tt.stop_xy(s3) };
    let group = DestGroup { key: "vardcentral".into(), label: "Vårdcentral".into(), nodes: vec![0] };
    let p = ReachParams {
        access_radius_m: 100.0,
        egress_radius_m: 100.0,
        limit_secs: limit_min * 60,
        router: RouterConfig { max_rounds: 4, min_change_secs: 120 },
        ..ReachParams::default()
    };
    let r = compute_appointments(&tt, &[node], &[group], &[a], &[home], &p, day_end, None, &|_| ());
    (r[0][0].best, r[0][0].feasible_slots)
}

fn at(from: &str, to: &str, stay_min: u32) -> Appointment {
    Appointment { from: t(from), to: t(to), step: 15 * 60, stay: stay_min * 60 }
}

#[test]
fn a_visit_that_works_gives_the_hand_worked_times() {
    // 09:00 for 1 h: the 08:05 bus arrives 08:30 (the 09:10 one is too late) → leave home 08:05;
    // leave the node 10:00, the 10:00 bus home arrives 10:25 → home 10:25; away 2 h 20 min.
    let (v, slots) = visit(at("09:00", "09:00", 60), 120, DEFAULT_DAY_END_SECS);
    let v = v.expect("feasible");
    assert_eq!((v.slot, v.leave_home, v.leave_node, v.home), (t("09:00"), t("08:05"), t("10:00"), t("10:25")));
    assert_eq!((v.away(), slots), (140 * 60, 1));
}

#[test]
fn the_last_bus_home_leaving_before_the_stay_ends_makes_it_infeasible() {
    // 10:00 for 30 min: there by the 09:10 arrival (leave 08:50); the node is left at 10:30 and
    // the 10:30 bus still takes the patient home (10:55).
    let (v, _) = visit(at("10:00", "10:00", 30), 120, DEFAULT_DAY_END_SECS);
    assert_eq!(v.map(|v| (v.leave_home, v.home)), Some((t("08:50"), t("10:55"))));
    // 10:00 for 31 min: the node is left at 10:31, the last bus home left at 10:30: not feasible.
    assert_eq!(visit(at("10:00", "10:00", 31), 120, DEFAULT_DAY_END_SECS), (None, 0));
    // Before the first arrival (08:30) there is no way there: not feasible.
    assert_eq!(visit(at("08:15", "08:15", 10), 120, DEFAULT_DAY_END_SECS), (None, 0));
}

#[test]
fn limits_and_the_end_of_the_day() {
    // 09:00 for 1 h: there 55 min before (08:05), home 25 min after leaving (10:25).
    // A 55-min limit still allows it; 54 min does not (the way there takes 55).
    assert!(visit(at("09:00", "09:00", 60), 55, DEFAULT_DAY_END_SECS).0.is_some());
    assert_eq!(visit(at("09:00", "09:00", 60), 54, DEFAULT_DAY_END_SECS), (None, 0));
    // Home by 10:25 is required: a day ending 10:24 refuses it.
    assert!(visit(at("09:00", "09:00", 60), 120, t("10:25")).0.is_some());
    assert_eq!(visit(at("09:00", "09:00", 60), 120, t("10:24")), (None, 0));
}

#[test]
fn a_window_takes_the_slot_with_the_least_time_away() {
    // Slots 08:30, 08:45, 09:00, 09:15, 09:30 for 1 h:
    //   08:30: leave 08:05 (arr 08:30), leave node 09:30 → 10:00 bus → home 10:25: 140 min away
    //   08:45: 08:05, node 09:45 → home 10:25: 140 min;  09:00: 08:05, node 10:00 → 10:25: 140
    //   09:15: leave 08:50 (arr 09:10), node 10:15 → 10:30 bus → home 10:55: 125 min
    //   09:30: 08:50, node 10:30 → 10:30 bus → 10:55: 125 min (a tie: the earlier slot wins)
    let (v, slots) = visit(at("08:30", "09:30", 60), 120, DEFAULT_DAY_END_SECS);
    let v = v.expect("feasible");
    assert_eq!((v.slot, v.leave_home, v.home, v.away()), (t("09:15"), t("08:50"), t("10:55"), 125 * 60));
    assert_eq!(slots, 5);
    // With a 61-min stay, 09:30 is out (node left 10:31, the last bus went 10:30); 09:15 leaves
    // the node 10:16 and still takes the 10:30 bus (home 10:55, 125 min): 4 slots, same best.
    let (v, slots) = visit(at("08:30", "09:30", 61), 120, DEFAULT_DAY_END_SECS);
    assert_eq!((v.map(|v| (v.slot, v.away())), slots), (Some((t("09:15"), 125 * 60)), 4));
}

#[test]
fn the_command_line_appointment_is_checked() {
    let a = parse_appointment("09:00-15:00", "90m").expect("valid");
    assert_eq!((a.from, a.to, a.step, a.stay), (t("09:00"), t("15:00"), 900, 5400));
    // 09:00 to 15:00 every 15 min: 25 slots.
    assert_eq!(a.slots().len(), 25);
    assert!(parse_appointment("9", "1h").unwrap_err().contains("expected HH:MM"));
    assert!(parse_appointment("15:00-09:00", "1h").unwrap_err().contains("ends before it starts"));
    assert!(parse_appointment("09:00", "forever").unwrap_err().contains("--stay 'forever'"));
}

/// On the shipped sample through the command: `reach --appointment` adds its columns and the
/// summary's `appointments`; `reach --arrive-by` names the traveller as forward reach does.
#[test]
fn reach_writes_appointments_and_arrive_by_names_the_traveller() {
    use std::process::Command;
    let root = env!("CARGO_MANIFEST_DIR");
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_narhet")).current_dir(root).args(args).output().expect("run narhet");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("json")
    };
    let v = run(&["reach", "--to", "vardcentral", "--appointment", "09:00", "--stay", "1h", "--format", "json"]);
    let g = &v["appointments"]["groups"][0];
    assert_eq!(
        (g["key"].as_str(), g["appointment"].as_str(), g["stay_min"].as_u64()),
        (Some("vardcentral"), Some("09:00"), Some(60))
    );
    let county = &g["county"];
    assert!(county["not_feasible"].as_u64().unwrap() <= county["population"].as_u64().unwrap());
    // The region file's times: vårdcentral 09:00–15:00, 1 h.
    let v = run(&["reach", "--to", "vardcentral", "--appointment", "region", "--format", "json"]);
    assert_eq!(v["appointments"]["groups"][0]["appointment"].as_str(), Some("09:00–15:00"));
    let v = run(&["reach", "--to", "vardcentral", "--arrive-by", "09:00", "--format", "json"]);
    assert_eq!(v["traveller"]["walk_profile"].as_str(), Some("default"), "{}", v["traveller"]);
}
