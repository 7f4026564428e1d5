//! `--osm` with a small OSM XML file (`tests/data/*.osm`, hand-made): the command line reads it
//! like a `.osm.pbf`, and a malformed file stops the run with exit 2 naming file and line.

use std::process::Command;

fn narhet(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_narhet"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("narhet runs")
}

/// The river file's (0, 0) and (0, 100) m, on both sides of the river (see the file).
const SOUTH: &str = "56.888575033,14.803050310";
const NORTH: &str = "56.889473393,14.803045585";

#[test]
fn network_walks_round_the_river_of_an_xml_file() {
    let out = narhet(&["network", "--osm", "tests/data/river.osm", "--from", SOUTH, "--to", NORTH, "--mode", "walk"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // 100 m across, 500 m round by the bridge (200 + 100 + 200 m), at 1.3 m/s = 384.6 s = 6.4 min.
    assert!(text.contains("straight line            100 m"), "{text}");
    assert!(text.contains("on the network           500 m"), "{text}");
    assert!(text.contains("6.4 min"), "{text}");
}

#[test]
fn a_malformed_xml_file_stops_the_run_with_exit_2_naming_file_and_line() {
    let out = narhet(&["network", "--osm", "tests/data/broken.osm", "--from", SOUTH, "--to", NORTH]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("tests/data/broken.osm: line 10: malformed XML"), "{err}");
    assert!(out.stdout.is_empty());
}
