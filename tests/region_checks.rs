//! The region file's typed, range-checked settings, on a small hand-made region: every check
//! refuses a bad value with the line of that value and its key path; removed keys say why.

use std::path::Path;

use narhet::region::{Coverage, DirectionRelativeTo, MetricKind, Region, RegionError};

/// A valid region of 32 lines. Line 3 names `Lessebo`, `lat`, `lon` and
/// `min_share_basic_service` before their keys, so a check that searched the text for them
/// would point there.
const BASE: &str = r#"name = "Test"
county_code = "07"
# A comment naming Lessebo, lat, lon and min_share_basic_service before their keys.
extent = [[14.0, 56.0], [16.0, 56.0], [16.0, 57.5], [14.0, 57.5]]

[[municipality]]
name = "Växjö"
kommunkod = "0780"
seat = "Växjö"
population_2024 = 98334

[[municipality]]
name = "Lessebo"
kommunkod = "0761"
seat = "Lessebo"
population_2024 = 8289

[[town]]
name = "Växjö"
kommunkod = "0780"
lat = 56.8777
lon = 14.8091
population = 66288
level = "regional_core"

[[town]]
name = "Lessebo"
kommunkod = "0761"
lat = 56.75
lon = 15.262
population = 2857
level = "strategic_node"
"#;

fn load(text: &str) -> Result<Region, RegionError> {
    Region::from_str(text, Path::new("t.toml"))
}

/// Asserts `text` is refused at `line`, `key`, with `message` in the message.
fn refused(text: &str, line: u64, key: &str, message: &str) {
    let e = load(text).expect_err(&format!("accepted:\n{text}"));
    assert_eq!((e.line, e.key.as_deref()), (Some(line), Some(key)), "{e}");
    assert!(e.message.contains(message), "expected {message:?} in: {e}");
    assert!(e.to_string().starts_with(&format!("t.toml, line {line}, key '{key}': ")), "{e}");
}

#[test]
fn base_loads_and_unset_coverage_keys_stay_unset() {
    assert_eq!(BASE.lines().count(), 32);
    let r = load(BASE).unwrap();
    // No [coverage]: every key is None, the metric's own defaults will apply.
    assert_eq!(r.coverage, Coverage::default());
    assert_eq!(r.coverage.planning_max_distance_m, None);
    assert_eq!(r.walk, narhet::region::WalkSettings::default());
}

#[test]
fn same_word_earlier_in_the_file_gets_the_value_line() {
    // Lessebo's latitude is on line 29; "Lessebo" and "lat" first occur on line 3.
    refused(&BASE.replace("lat = 56.75", "lat = 91"), 29, "town[1].lat", "latitude 91 is not between -90 and 90");
    refused(&BASE.replace("lon = 15.262", "lon = 200"), 30, "town[1].lon", "longitude 200 is not between");
    // The share is on line 36 (appended after the 32 lines, a blank one and the table); the word first
    // occurs on line 3.
    let text = format!("{BASE}\n[[goals.municipality]]\nkommunkod = \"0761\"\nmin_share_basic_service = 1.5\n");
    refused(&text, 36, "goals.municipality[0].min_share_basic_service", "1.5 is not a share; give a value from 0 to 1");
}

#[test]
fn places_codes_and_outline() {
    refused(&BASE.replace("county_code = \"07\"", "county_code = \"7\""), 2, "county_code", "not a 2-digit");
    // The third point's latitude: line 4, `extent[2][1]`.
    refused(&BASE.replace("[16.0, 57.5]", "[16.0, 95.0]"), 4, "extent[2][1]", "latitude 95 is not between");
    let bow = "extent = [[14.0, 56.0], [16.0, 57.5], [16.0, 56.0], [14.0, 57.5]]";
    refused(&BASE.replace(&BASE.lines().nth(3).unwrap().to_string(), bow), 4, "extent", "self-intersection");
    let two = "extent = [[14.0, 56.0], [16.0, 57.5]]";
    refused(&BASE.replace(&BASE.lines().nth(3).unwrap().to_string(), two), 4, "extent", "not a polygon");
    let text = BASE.replace("population_2024 = 8289", "population_2024 = -5");
    refused(&text, 16, "municipality[1].population_2024", "expected a whole number from 0 to 4294967295");
    let text = BASE.replace("population = 2857", "population = 2857.5");
    refused(&text, 31, "town[1].population", "expected a whole number from 0");
    refused(&BASE.replace("seat = \"Lessebo\"", "seat = \"Kosta\""), 15, "municipality[1].seat", "not a [[town]]");
    // A second regional core: the second one's level, line 32.
    let text = BASE.replace("level = \"strategic_node\"", "level = \"regional_core\"");
    refused(&text, 32, "town[1].level", "exactly one town must have level = \"regional_core\"; found 2");
    let text = BASE.replace("level = \"strategic_node\"", "level = \"strategic\"");
    refused(&text, 32, "town[1].level", "accepted: \"regional_core\", \"strategic_node\", \"other\"");
    let care = "\n[[care]]\nname = \"C\"\nkind = \"hospital\"\nlat = 56.8\nlon = 14.8\nkommunkod = \"0780\"\n";
    refused(&format!("{BASE}{care}"), 36, "care[0].kind", "\"hospital\" is not an accepted value");
    let care = care.replace("\"hospital\"", "\"acute_hospital\"").replace("lat = 56.8", "lat = -91");
    refused(&format!("{BASE}{care}"), 37, "care[0].lat", "latitude -91");
    let outside = "\n[[outside_place]]\nname = \"Kalmar\"\nlat = 56.66\nlon = 196.36\n";
    refused(&format!("{BASE}{outside}"), 37, "outside_place[0].lon", "longitude 196.36");
}

#[test]
fn coverage_values_out_of_range() {
    // `[coverage]` on line 34, its key on line 35.
    let cov = |kv: &str| format!("{BASE}\n[coverage]\n{kv}\n");
    let key = |k: &str| format!("coverage.{k}");
    for (kv, k, msg) in [
        (
            "basic_max_distance_m = 0",
            "basic_max_distance_m",
            "0 m is not a distance here; give a value above 0 and at most 5000",
        ),
        ("basic_max_distance_m = -100", "basic_max_distance_m", "-100 m is not a distance"),
        ("basic_max_distance_m = nan", "basic_max_distance_m", "NaN m is not a distance"),
        ("basic_max_distance_m = 6000", "basic_max_distance_m", "6000 m is not a distance"),
        ("planning_max_distance_m = 5001", "planning_max_distance_m", "5001 m is not a distance"),
        ("town_max_distance_m = 0", "town_max_distance_m", "at most 20000"),
        (
            "basic_min_departures_per_direction = 0",
            "basic_min_departures_per_direction",
            "0 is not a number of departures per direction; give a whole number from 1",
        ),
        (
            "planning_min_departures_per_direction = 0",
            "planning_min_departures_per_direction",
            "0 is not a number of departures",
        ),
        (
            "town_min_density_km2 = -1",
            "town_min_density_km2",
            "-1 is not a density (inhabitants per km²); give a number ≥ 0",
        ),
        ("sparse_max_density_km2 = inf", "sparse_max_density_km2", "inf is not a density"),
        ("town_min_population = -1", "town_min_population", "expected a whole number from 0"),
        (
            "direction_relative_to = \"seat\"",
            "direction_relative_to",
            "accepted: \"municipal_seat\", \"regional_core\", \"direction_id\"",
        ),
    ] {
        refused(&cov(kv), 35, &key(k), msg);
    }
}

#[test]
fn direction_id_is_a_third_reading() {
    let r = load(&format!("{BASE}\n[coverage]\ndirection_relative_to = \"direction_id\"\n")).unwrap();
    assert_eq!(r.coverage.direction_relative_to, Some(DirectionRelativeTo::DirectionId));
    assert_eq!(r.coverage.basic_max_distance_m, None);
}

#[test]
fn walk_settings_out_of_range() {
    // `[walk]` on line 34, its key on line 35.
    let walk = |kv: &str| format!("{BASE}\n[walk]\n{kv}\n");
    refused(
        &walk("speed_mps = -1.3"),
        35,
        "walk.speed_mps",
        "-1.3 m/s is not a walking speed; give a value from 0.3 to 3",
    );
    refused(&walk("speed_mps = 0"), 35, "walk.speed_mps", "0 m/s is not a walking speed");
    refused(&walk("detour_factor = 0"), 35, "walk.detour_factor", "0 is not a detour factor");
    refused(&walk("access_radius_m = 0"), 35, "walk.access_radius_m", "0 m is not an access radius");
    refused(&walk("access_radius_m = 5001"), 35, "walk.access_radius_m", "at most 5000");
    refused(&walk("max_walk_min = 0"), 35, "walk.max_walk_min", "0 min is not a longest walk");
    refused(&walk("max_walk_min = 181"), 35, "walk.max_walk_min", "at most 180");
    refused(&walk("max_walk_min = -5"), 35, "walk.max_walk_min", "give minutes above 0");
    // Keys left out take the walking model's defaults (and a 30-minute longest walk).
    let r = load(&walk("speed_mps = 1.5")).unwrap();
    assert_eq!((r.walk.model.speed_mps(), r.walk.model.detour(), r.walk.access_radius_m), (1.5, 1.3, 1000.0));
    assert_eq!(r.walk.max_walk_min, 30.0);
    assert_eq!(load(&walk("max_walk_min = 45")).unwrap().walk.max_walk_min, 45.0);
}

#[test]
fn walk_profiles_are_checked_and_inherit_from_walk() {
    // `[walk]` on line 34 (speed 1.1 on 35), the profile's table on 37, its key on 38.
    let file = |kv: &str| format!("{BASE}\n[walk]\nspeed_mps = 1.1\n\n[walk_profile.elderly]\n{kv}\n");
    refused(&file("speed_mps = 0.1"), 38, "walk_profile.elderly.speed_mps", "0.1 m/s is not a walking speed");
    refused(&file("access_radius_m = 0"), 38, "walk_profile.elderly.access_radius_m", "0 m is not an access radius");
    refused(&file("max_walk_min = 200"), 38, "walk_profile.elderly.max_walk_min", "at most 180");
    // A key left out is [walk]'s (speed 1.1), then the defaults (detour 1.3, 30 min).
    let r = load(&file("access_radius_m = 600")).unwrap();
    let e = r.walk_profile("elderly").expect("profile");
    assert_eq!((e.model.speed_mps(), e.model.detour(), e.access_radius_m, e.max_walk_min), (1.1, 1.3, 600.0, 30.0));
    assert_eq!(r.walk_profile("default"), Some(r.walk));
    assert_eq!(r.walk_profile("tired"), None);
    // "default" is [walk] itself and cannot be redefined.
    let bad = format!("{BASE}\n[walk_profile.default]\nspeed_mps = 1.0\n");
    let e = load(&bad).unwrap_err();
    assert_eq!(e.key.as_deref(), Some("walk_profile.default"), "{e}");
    assert!(e.to_string().contains("not a profile name"), "{e}");
}

#[test]
fn routing_settings_out_of_range() {
    // `[routing]` on line 34, its key on line 35.
    let routing = |kv: &str| format!("{BASE}\n[routing]\n{kv}\n");
    refused(&routing("min_change_s = 1801"), 35, "routing.min_change_s", "1801 s is not a change time");
    assert_eq!(load(&routing("min_change_s = 0")).unwrap().routing.min_change_s, Some(0));
    assert_eq!(load(&routing("min_change_s = 90")).unwrap().routing.min_change_s, Some(90));
    // Left out: the router's default.
    assert_eq!(load(BASE).unwrap().routing.min_change_s, None);
}

#[test]
fn goals_out_of_range_or_unknown() {
    let text = format!("{BASE}\n[goals.node_default]\nmax_minutes_to_core = 0\n");
    refused(
        &text,
        35,
        "goals.node_default.max_minutes_to_core",
        "0 is not a goal in minutes; give a whole number from 1 to 1440",
    );
    let text = format!("{BASE}\n[goals.node_default]\nmax_minutes_to_acute_hospital = 1441\n");
    refused(&text, 35, "goals.node_default.max_minutes_to_acute_hospital", "1441 is not a goal in minutes");
    let text = format!("{BASE}\n[goals.node_default]\ntown = \"Lessebo\"\n");
    refused(&text, 35, "goals.node_default.town", "the default goals apply to every node");
    let node = "\n[[goals.node]]\ntown = \"Lessebo\"\nmin_weekday_departures_to_core = 0\n";
    refused(
        &format!("{BASE}{node}"),
        36,
        "goals.node[0].min_weekday_departures_to_core",
        "0 is not a number of departures",
    );
    let node = "\n[[goals.node]]\ntown = \"Kosta\"\n";
    refused(&format!("{BASE}{node}"), 35, "goals.node[0].town", "unknown town 'Kosta'");
    // The same town twice: the second row's town, line 38.
    let node = "\n[[goals.node]]\ntown = \"Lessebo\"\n\n[[goals.node]]\ntown = \"Lessebo\"\n";
    refused(&format!("{BASE}{node}"), 38, "goals.node[1].town", "town 'Lessebo' has goals twice");
    let m = "\n[[goals.municipality]]\nkommunkod = \"0999\"\n";
    refused(&format!("{BASE}{m}"), 35, "goals.municipality[0].kommunkod", "unknown kommunkod '0999'");
}

#[test]
fn removed_keys_say_why_and_what_to_do() {
    let text = format!("{BASE}\n[coverage]\nbasic_max_distance_m = 1000\nday_type = \"weekday\"\n");
    refused(&text, 36, "coverage.day_type", "coverage always reports weekday, Saturday and Sunday. Delete this line.");
    let m = "\n[[goals.municipality]]\nkommunkod = \"0780\"\n\n[[goals.municipality]]\nkommunkod = \"0761\"\nmax_minutes_seat_to_core = 30\n";
    refused(
        &format!("{BASE}{m}"),
        39,
        "goals.municipality[1].max_minutes_seat_to_core",
        "was removed: no report or comparison ever checked it",
    );
}

#[test]
fn metric_rows() {
    let row = |extra: &str| {
        format!(
            "{BASE}\n[[metric]]\nindicator = \"NKI\"\nkind = \"outcome\"\nunit = \"percent\"\nsource = \"x\"\n{extra}\n"
        )
    };
    // The row's table on line 34; `kind` on 36; an extra key on 39.
    let r = load(&row("measure = \"share_pop_basic_service\"")).unwrap();
    assert_eq!(r.metrics[0].kind, MetricKind::Outcome);
    assert_eq!(r.metrics[0].measure.map(|m| m.as_str()), Some("share_pop_basic_service"));
    refused(&row("").replace("\"outcome\"", "\"goal\""), 36, "metric[0].kind", "accepted: \"outcome\", \"target\"");
    refused(
        &row("measure = \"share_pop_basic\""),
        39,
        "metric[0].measure",
        "\"share_pop_basic\" is not an accepted value",
    );
    refused(&row("year = 3000"), 39, "metric[0].year", "3000 is not a year; give one from 1900 to 2100");
    refused(&row("value = nan"), 39, "metric[0].value", "NaN is not a value; give a finite number");
}

#[test]
fn missing_key_names_its_table() {
    // Lessebo's [[town]] (line 26) without `level`.
    let text = BASE.replace("level = \"strategic_node\"\n", "");
    refused(&text, 26, "town[1].level", "missing field `level`");
}

#[test]
fn appointments_are_typed_and_checked() {
    // `[appointments]` on line 34, its first kind on line 35.
    let appt = |kv: &str| format!("{BASE}\n[appointments]\n{kv}\n");
    let r = load(&appt(r#"vardcentral = { from = "09:00", to = "15:00", stay = "1h" }"#)).unwrap();
    let (kind, a) = r.appointments[0];
    assert_eq!(kind, narhet::region::CareKind::Vardcentral);
    // 09:00 = 32,400 s, 15:00 = 54,000 s, step 15 min by default, stay 1 h.
    assert_eq!((a.from, a.to, a.step, a.stay), (32_400, 54_000, 900, 3600));
    assert_eq!(a.window_text(), "09:00–15:00");
    // One time only: `to` is `from`.
    let r = load(&appt(r#"acute_hospital = { from = "10:00", stay = "90m", step_min = 30 }"#)).unwrap();
    assert_eq!((r.appointments[0].1.to, r.appointments[0].1.step, r.appointments[0].1.stay), (36_000, 1800, 5400));
    refused(
        &appt(r#"vardcentral = { from = "9", stay = "1h" }"#),
        35,
        "appointments.vardcentral.from",
        "'9' is not a time of day",
    );
    refused(
        &appt(r#"vardcentral = { from = "10:00", to = "09:00", stay = "1h" }"#),
        35,
        "appointments.vardcentral.to",
        "09:00 is before from (10:00)",
    );
    refused(
        &appt(r#"vardcentral = { from = "10:00", stay = "soon" }"#),
        35,
        "appointments.vardcentral.stay",
        "'soon' is not a stay",
    );
    refused(
        &appt(r#"vardcentral = { from = "10:00", stay = "1h", step_min = 0 }"#),
        35,
        "appointments.vardcentral.step_min",
        "0 is not a slot step",
    );
    // A kind that does not exist, and a key that does not.
    assert!(load(&appt(r#"dentist = { from = "10:00", stay = "1h" }"#)).is_err());
    assert!(load(&appt(r#"vardcentral = { from = "10:00", stay = "1h", until = "x" }"#)).is_err());
    // Left out: none.
    assert!(load(BASE).unwrap().appointments.is_empty());
}
