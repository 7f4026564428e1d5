//! The report on a tiny hand-made region: numbers in metrics.json against hand-worked values,
//! the goals table against metrics.json, and the files an analyst gets.

use std::process::Command;

use crate::common::*;

const REGION: &str = r#"
name = "Testlän"
county_code = "99"
population_grid = "grid.csv"
extent = [[14.9, 56.9], [15.4, 56.9], [15.4, 57.1], [14.9, 57.1], [14.9, 56.9]]

[[municipality]]
name = "Kärnkommun"
kommunkod = "0001"
seat = "Kärnby"
population_2024 = 1000

[[municipality]]
name = "Nodkommun"
kommunkod = "0002"
seat = "Nodby"
population_2024 = 500

[[town]]
name = "Kärnby"
kommunkod = "0001"
lat = 57.0
lon = 15.0
population = 1000
level = "regional_core"

[[town]]
name = "Nodby"
kommunkod = "0002"
lat = 57.0
lon = 15.3
population = 500
level = "strategic_node"

[[care]]
name = "Kärnby sjukhus"
kind = "acute_hospital"
lat = 57.0
lon = 15.0
kommunkod = "0001"

[[care]]
name = "Nodby vårdcentral"
kind = "vardcentral"
lat = 57.0
lon = 15.3
kommunkod = "0002"

[[care]]
name = "Nytt sjukhus"
kind = "planned_hospital"
lat = 57.0
lon = 15.1
kommunkod = "0001"

[goals.node_default]
min_weekday_departures_to_core = 2
max_minutes_to_core = 40
max_minutes_to_acute_hospital = 50

[[goals.municipality]]
kommunkod = "0002"
min_share_basic_service = 0.5

[[metric]]
indicator = "Andel invånare med grundläggande resmöjligheter"
kind = "target"
unit = "percent"
source = "test"
measure = "share_pop_basic_service"
"#;

// Kärnby (57.0 N, 15.0 E) is at E 500 000, N 6 317 386 on SWEREF 99 TM; Nodby (15.3 E) at
// E 518 224, N 6 317 426 (PROJ). Their 1 km cells have lower-left corners as below.
const GRID: &str =
    "ruta,x,y,pop,kommunkod\n5000006317000,500000,6317000,1000,0001\n5180006317000,518000,6317000,500,0002\n";

/// Nodby → Kärnby every 30 min 06:30–09:00 (30 min ride); Kärnby → Nodby at 16:00 and 17:00.
fn feed() -> Vec<(&'static str, String)> {
    let stops = "stop_id,stop_name,stop_lat,stop_lon,wheelchair_boarding\nK,Kärnby resecentrum,57.0,15.0,1\nN,Nodby torg,57.0,15.3,\n";
    let mut st = String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
    let mut trips = String::from("route_id,service_id,trip_id\n");
    for (i, h) in ["06:30", "07:00", "07:30", "08:00", "08:30", "09:00"].iter().enumerate() {
        let (hh, mm): (u32, u32) = (h[..2].parse().unwrap(), h[3..].parse().unwrap());
        let arr = hh * 60 + mm + 30;
        st += &format!(
            "in{i},{h}:00,{h}:00,N,1\nin{i},{:02}:{:02}:00,{:02}:{:02}:00,K,2\n",
            arr / 60,
            arr % 60,
            arr / 60,
            arr % 60
        );
        trips += &format!("R1,WD,in{i}\n");
    }
    for (i, h) in ["16:00", "17:00"].iter().enumerate() {
        st += &format!("out{i},{h}:00,{h}:00,K,1\nout{i},{}:30:00,{}:30:00,N,2\n", &h[..2], &h[..2]);
        trips += &format!("R1,WD,out{i}\n");
    }
    let files = with(minimal(), "stops.txt", stops);
    let files = with(files, "stop_times.txt", &st);
    with(files, "trips.txt", &trips)
}

fn run_report(
    dir: &std::path::Path,
    feed_dir: &std::path::Path,
    out: &std::path::Path,
    lang: &str,
) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_narhet"))
        .args(["report", "--region"])
        .arg(dir.join("region.toml"))
        .arg("--gtfs")
        .arg(feed_dir)
        .args(["--date", "2026-11-24", "--lang", lang, "--out"])
        .arg(out)
        .output()
        .expect("run narhet")
}

#[test]
fn report_numbers_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("region.toml"), REGION).unwrap();
    std::fs::write(dir.path().join("grid.csv"), GRID).unwrap();
    let feed_dir = write(&feed());
    let out = dir.path().join("out");
    let o = run_report(dir.path(), feed_dir.path(), &out, "sv");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(m["schema_version"], 2);
    let s = &m["summary"];
    assert_eq!(s["population"], 1500);
    // Departures: Nodby 6 boardings (its last-stop arrivals at Kärnby do not count), Kärnby 2.
    assert_eq!(
        (s["stops"].as_u64(), s["stops_served"].as_u64(), s["departures"].as_u64()),
        (Some(2), Some(2), Some(8))
    );
    // Kärnby resecentrum is accessible, Nodby torg unknown: 1 of 2.
    assert_eq!(s["share_stops_wheelchair_accessible"], 0.5);
    // Both cells lie at their seat with a stop within 1 km; Nodby: 6 out, 2 back; Kärnby: 2 out,
    // 6 back → at least 2 each way → basic service for all 1 500.
    assert_eq!(s["share_pop_basic_service"], 1.0);

    let node = &m["nodes"][0];
    assert_eq!(node["town"], "Nodby");
    assert_eq!(node["to_core"]["departures"], 6);
    assert_eq!(
        (node["to_core"]["first"].as_u64(), node["to_core"]["last"].as_u64()),
        (Some(6 * 3600 + 1800), Some(9 * 3600))
    );
    // Leaving Nodby at each minute 07:00…09:00 (121 minutes): ride 30 min + wait 0–29 min. 30 min
    // occurs 5 times (07:00, 07:30, 08:00, 08:30, 09:00), each of 31…59 min 4 times. The median
    // (sorted index 60) is the smallest v with 5 + 4(v − 30) > 60: v = 44 min. Fastest 30 min.
    assert_eq!(node["median_to_core_min"], 44.0);
    assert_eq!(node["fastest_to_core_min"], 30.0);
    // The acute hospital is at the core's point: the same 44 min.
    assert_eq!(node["median_to_acute_min"], 44.0);
    // Goals: ≥ 2 departures (6: met), ≤ 40 min to core (44: not met), ≤ 50 min to acute (met);
    // Nodkommun ≥ 50 % basic service (100 %: met).
    let goals: Vec<(String, f64, f64, bool)> = node["goals"]
        .as_array()
        .unwrap()
        .iter()
        .chain(m["municipality_goals"].as_array().unwrap())
        .map(|g| {
            (
                g["goal"].as_str().unwrap().to_string(),
                g["target"].as_f64().unwrap(),
                g["value"].as_f64().unwrap(),
                g["met"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        goals,
        vec![
            ("departures_to_core".into(), 2.0, 6.0, true),
            ("minutes_to_core".into(), 40.0, 44.0, false),
            ("minutes_to_acute_hospital".into(), 50.0, 44.0, true),
            ("share_basic_service".into(), 0.5, 1.0, true),
        ]
    );
    // Node goals and municipality goals are counted apart: nodes 2 of 3, municipalities 1 of 1.
    assert_eq!((s["node_goals"]["met"].as_u64(), s["node_goals"]["total"].as_u64()), (Some(2), Some(3)));
    assert_eq!(
        (s["municipality_goals"]["met"].as_u64(), s["municipality_goals"]["total"].as_u64()),
        (Some(1), Some(1))
    );
    // The TFP row's measure is the tool's own share.
    assert_eq!(m["tfp"][0]["measures"][0]["value"], 1.0);

    // Every number in the goals table of the HTML is a target or value in metrics.json.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let start = html.find("Mål för strategiska noder: 2 av 3 uppfyllda").expect("goals heading");
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let numbers: Vec<f64> = table
        .split("<td class=\"n\">")
        .skip(1)
        .map(|c| c.split("</td>").next().unwrap())
        .map(|c| c.replace(" min", "").replace(" %", "").replace(',', ".").replace(' ', ""))
        .map(|c| c.parse::<f64>().unwrap_or_else(|_| panic!("not a number: {c}")))
        .collect();
    // Three node goals, target and value each (the municipal goal is in section 4).
    assert_eq!(numbers.len(), 6, "{table}");
    let json_numbers: Vec<f64> = goals.iter().flat_map(|g| [g.1, g.2, g.1 * 100.0, g.2 * 100.0]).collect();
    for n in numbers {
        assert!(json_numbers.iter().any(|j| (j - n).abs() < 1e-9), "{n} is not in metrics.json");
    }

    // Every section is there; the files an analyst needs exist.
    for h in [
        "1. Sammanfattning",
        "2. Strategiska noder",
        "3. Vård",
        "4. Glesa miljöer",
        "5. Hållplatser",
        "6. TFP mätetal",
        "7. Metod och data",
    ] {
        assert!(html.contains(&format!(">{h}</h2>")), "missing {h}");
    }
    // Nothing internal reaches the committee; the care planner's table per kommun is there, and
    // the rule's reading is named.
    for bad in ["NOT FOUND", "not verified", "project issue", "what-if", "1. 1."] {
        assert!(!html.contains(bad), "the report says {bad:?}");
    }
    assert!(html.contains("Restid till vård per kommun"));
    assert!(html.contains("Rapporten använder regelns ordalydelse."));
    // Self-contained: nothing loaded from elsewhere (the SVG namespace URI is a name, not a fetch).
    for bad in ["src=\"http", "href=\"http", "url(http", "<script", "<img", "<link"] {
        assert!(!html.contains(bad), "the report must not load {bad}");
    }
    for f in [
        "report.md",
        "figures/restid_kurvor.png",
        "layers/restid_rutor.geojson",
        "tables/hallplatser.csv",
        "tables/mal.csv",
        "tables/rapport.xlsx",
        ".narhet-output",
    ] {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    let csv = std::fs::read(out.join("tables/mal.csv")).unwrap();
    // Swedish Excel by default: BOM, ';' between fields.
    assert!(csv.starts_with("\u{feff}subject;goal".as_bytes()));

    // Same input, same bytes; English on request.
    let out2 = dir.path().join("out2");
    assert!(run_report(dir.path(), feed_dir.path(), &out2, "sv").status.success());
    for f in
        ["report.html", "report.md", "metrics.json", "figures/karta_akutsjukhus.png", "layers/tackning_rutor.geojson"]
    {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(out2.join(f)).unwrap(),
            "{f} differs between runs"
        );
    }
    let en = dir.path().join("en");
    assert!(run_report(dir.path(), feed_dir.path(), &en, "en").status.success());
    let html_en = std::fs::read_to_string(en.join("report.html")).unwrap();
    assert!(html_en.contains(">2. Strategic nodes</h2>") && html_en.contains("lang=\"en\""));
    // English all through: no Swedish weekday, no two-language grid note.
    for sv in ["tisdag", "syntetiskt", "Sammanfattning", "Kommun<"] {
        assert!(!html_en.contains(sv), "the English report says {sv:?}");
    }
}
