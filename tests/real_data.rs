//! Real Swedish data from `../shared/data` (see its README): the GTFS Sverige 2 rail subset, the
//! same files with a spreadsheet's damage, and Kalmar länstrafik's GTFS Regional zip. Each test
//! skips with a printed notice when the folder is absent (a clone without it).

use narhet::date::Date;
use narhet::feed::{LoadOptions, LocationType, Severity, load, validate};
use narhet::timetable::{FootpathOptions, Timetable};

use crate::common::shared;

#[test]
fn the_national_rail_subset_loads_with_its_trip_to_trip_rules() {
    let Some(dir) = shared("se-rail-2025") else { return };
    let feed = load(&[dir], &LoadOptions::default()).unwrap();
    // The README's counts: 94 stations, 89 routes, 1 093 trips, 12 142 stop_times.
    assert_eq!((feed.stops.len(), feed.routes.len(), feed.trips.len(), feed.calls.len()), (94, 89, 1093, 12142));
    // 1 135 transfers rows, 1 041 of them trip-to-trip; none names anything outside the subset.
    assert_eq!(feed.transfers.len(), 1135);
    let trip_rows = feed.transfers.iter().filter(|t| t.from_trip.is_some() && t.to_trip.is_some()).count();
    assert_eq!(trip_rows, 1041);
    assert_eq!(feed.warnings.count("transfer_unknown_reference"), 0);
    // calendar_dates.txt only: service from 2025-05-23 to 2025-12-13.
    let (lo, hi) = feed.service_range().unwrap();
    assert_eq!((lo.to_string(), hi.to_string()), ("2025-05-23".into(), "2025-12-13".into()));
    // Trip-bound rows at Alvesta do not become a change time for everyone there: the stop's own
    // change time comes from its plain stop-to-stop row only.
    let alvesta = feed.stops.iter().position(|s| s.id == "740000004").unwrap() as u32;
    let plain: Vec<_> =
        feed.transfers.iter().filter(|t| t.from == alvesta && t.to == alvesta && !t.is_specific()).collect();
    let bound = feed.transfers.iter().filter(|t| t.from == alvesta && t.is_specific()).count();
    assert!(bound > 0, "the subset has trip-to-trip rules at Alvesta");
    let d = Date::parse("2025-09-23").unwrap();
    let tt = Timetable::build(&feed, d, &FootpathOptions { radius_m: 0.0, ..Default::default() });
    let s = narhet::timetable::StopIdx(alvesta);
    assert_eq!(tt.change_at(s, 999_999), plain.first().map(|t| t.min_time.unwrap_or(0)).or(Some(999_999)));
}

#[test]
fn validate_lists_the_damage_of_the_raw_rail_files_with_lines() {
    let Some(dir) = shared("raw/se-rail-2025") else { return };
    let v = validate(std::slice::from_ref(&dir), &LoadOptions::default(), None);
    let of = |kind: &str| v.problems.iter().filter(|p| p.kind == kind).collect::<Vec<_>>();
    // The unnamed index column, in trips.txt and transfers.txt, on line 1.
    let unnamed = of("unnamed_column");
    assert_eq!(unnamed.len(), 2);
    assert!(unnamed.iter().all(|p| p.severity == Severity::Error && p.line == Some(1)));
    // Trip ids written as floats ("23000803010006.0"), each with its line and column.
    let floats = of("id_written_as_float");
    assert!(!floats.is_empty());
    assert!(
        floats
            .iter()
            .all(|p| p.line.is_some_and(|l| l > 1) && p.field.as_deref().is_some_and(|f| f.ends_with("trip_id")))
    );
    assert!(floats[0].message.contains(".0"), "{}", floats[0].message);
    // Rows naming stops outside the subset: warnings (the loader skips them), with lines.
    let stops = of("transfer_unknown_stop");
    assert!(!stops.is_empty() && stops.iter().all(|p| p.severity == Severity::Warning && p.line.is_some()));
    assert!(v.errors() > 0);
    // And the other commands refuse it, naming the first problem.
    let e = load(&[dir], &LoadOptions::default()).unwrap_err();
    assert!(e.file.ends_with("transfers.txt") || e.file.ends_with("trips.txt"), "{e}");
}

#[test]
fn kalmar_gtfs_regional_loads_with_stop_areas_and_platforms() {
    let Some(zip) = shared("klt-minified-2019.zip") else { return };
    let feed = load(&[zip], &LoadOptions::default()).unwrap();
    let areas = feed.stops.iter().filter(|s| s.location_type == LocationType::Station).count();
    let quays = feed.stops.iter().filter(|s| s.location_type == LocationType::Stop).count();
    // 9 375 rows: stop areas (9021…) and quays (9022…) under them.
    assert_eq!(areas + quays, 9375);
    assert!(areas > 0 && quays > 0);
    assert!(feed.stops.iter().filter(|s| s.location_type == LocationType::Station).all(|s| s.id.starts_with("9021")));
    let q = feed.stops.iter().find(|s| s.id.starts_with("9022") && s.parent.is_some()).unwrap();
    assert!(feed.stops[q.parent.unwrap() as usize].id.starts_with("9021"));
    assert_eq!((feed.trips.len(), feed.calls.len(), feed.transfers.len()), (2, 92, 9));
    // The agency listed twice is a warning, not a refusal.
    assert_eq!(feed.warnings.count("agency_listed_twice"), 1);
}

#[test]
fn the_validate_command_exits_2_with_json_and_other_commands_name_it() {
    let Some(dir) = shared("raw/se-rail-2025") else { return };
    let cache = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_narhet"))
            .args(args)
            .env("NARHET_CACHE_DIR", cache.path())
            .output()
            .unwrap()
    };
    let gtfs = dir.to_str().unwrap();
    let out = run(&["validate", "--gtfs", gtfs, "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["errors"].as_u64().unwrap() > 0 && v["warnings"].as_u64().unwrap() > 0);
    let kinds: Vec<&str> = v["groups"].as_array().unwrap().iter().map(|g| g["kind"].as_str().unwrap()).collect();
    for k in ["unnamed_column", "id_written_as_float", "transfer_unknown_stop"] {
        assert!(kinds.contains(&k), "{k} not in {kinds:?}");
    }
    let out = run(&["summary", "--gtfs", gtfs]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("narhet validate --gtfs"));
    // The clean subset validates without errors.
    let Some(clean) = shared("se-rail-2025") else { return };
    assert_eq!(run(&["validate", "--gtfs", clean.to_str().unwrap()]).status.code(), Some(0));
}
