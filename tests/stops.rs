//! Stop accessibility and PTAL on hand-made feeds, every number worked out by hand beside it.
//!
//! Stops are placed at round SWEREF 99 TM coordinates (converted to WGS84 for stops.txt) so that
//! distances, circle–cell overlaps and walk times are easy to work out.

use crate::common::*;
use narhet::date::Date;
use narhet::export::{Format, table_to_string};
use narhet::feed::{Feed, LoadOptions, load};
use narhet::metrics::ptal::{PtalIndex, PtalLevel, PtalParams, cell_ptal, level_shares};
use narhet::metrics::stops::{Catchment, StopOptions, StopTable, priority_list, stop_table};
use narhet::spatial::{Cell, Xy, to_wgs84};
use narhet::tables::ptal::{cells_table, shares_table};
use narhet::tables::stops::{priority_table, row_by_id, stop_table as stop_rows};
use narhet::timetable::{FootpathOptions, Timetable};

/// `lat,lon` of a SWEREF 99 TM point, to 9 decimals (0.1 mm).
fn ll(x: f64, y: f64) -> String {
    let (lat, lon) = to_wgs84(Xy { x, y });
    format!("{lat:.9},{lon:.9}")
}

/// `lat,lon` as the stop table prints them (6 decimals).
fn ll6(x: f64, y: f64) -> String {
    let (lat, lon) = to_wgs84(Xy { x, y });
    format!("{lat:.6},{lon:.6}")
}

fn load_feed(files: &[(&'static str, String)]) -> Feed {
    let dir = write(files);
    load(&[dir.path().to_path_buf()], &LoadOptions::default()).expect("feed loads")
}

fn tuesday() -> Date {
    Date::from_ymd(2026, 11, 24).unwrap() // a Tuesday; service WD runs Monday to Friday
}

fn timetable(feed: &Feed) -> Timetable {
    Timetable::build(feed, tuesday(), &FootpathOptions { radius_m: 0.0, ..Default::default() })
}

/// The stop table as printed, CSV.
fn stops_csv(feed: &Feed, table: &StopTable) -> String {
    table_to_string(&stop_rows(feed, table).0, None, Format::Csv).unwrap()
}

fn cell(x: f64, y: f64, size_m: f64, population: u32, municipality: u16) -> Cell {
    Cell { x, y, size_m, population, municipality }
}

const X0: f64 = 480_000.0;
const Y0: f64 = 6_300_000.0;

/// Stops 3 km apart on a north–south line (so no catchment or PTAL walk reaches a neighbour), a
/// station with two platforms 10 m from it, a boarding area, and a far rail terminus F.
///
/// Trips (service WD, Monday–Friday):
/// - T1 (bus B1, dir 0): A 07:00 → B 07:10 → A 07:20 → C 07:30 — calls at A twice.
/// - T2 (B1, dir 0): A 07:30 → B 07:40 → C 07:50.
/// - T3 (B1, dir 1): C 08:00 → B 08:10 (pickup_type 1) → A 08:20.
/// - T5 (B1, dir 1): C 08:00 → B 08:10 → A 08:20 (same second as T3 at C).
/// - T4 (bus B2, dir 0): B 23:40 → D 24:05 → P1 24:20 — past midnight; Monday's run is
///   Tuesday's 00:05 at D and 00:20 at P1, which must not count.
/// - TF (B2, dir 1): C 07:00 → B 07:05 → A 07:10, frequencies 07:00–07:20 every 400 s: runs
///   leave C at 07:00:00, 07:06:40, 07:13:20.
/// - TR1 (rail R1, dir 0): P1 08:30 → F 09:00. TR2 (R1, dir 1): F 08:00 → P2 08:30.
///   TR3 (R1, dir 0): P2 10:00 → F 10:30.
fn network() -> Vec<(&'static str, String)> {
    let stops = format!(
        "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,wheelchair_boarding\n\
         A,Alfa,{a},,,\n\
         B,Bravo,{b},,,2\n\
         C,Charlie,{c},,,1\n\
         D,Delta,{d},0,,\n\
         E,Echo,{e},,,\n\
         ST,Centralen,{st},1,,1\n\
         P1,Centralen läge A,{p1},0,ST,\n\
         P2,Centralen läge B,{p2},0,ST,2\n\
         BA,Centralen läge A påstigning,{p1},4,P1,\n\
         F,Foxtrot,{f},,,1\n",
        a = ll(X0, Y0),
        b = ll(X0, Y0 + 3000.0),
        c = ll(X0, Y0 + 6000.0),
        d = ll(X0, Y0 + 9000.0),
        e = ll(X0, Y0 + 12_000.0),
        st = ll(X0, Y0 + 15_000.0),
        p1 = ll(X0, Y0 + 15_010.0),
        p2 = ll(X0 + 10.0, Y0 + 15_000.0),
        f = ll(X0, Y0 + 30_000.0),
    );
    vec![
        ("agency.txt", AGENCY.to_string()),
        ("stops.txt", stops),
        (
            "routes.txt",
            "route_id,agency_id,route_short_name,route_long_name,route_type\nB1,A,1,,3\nB2,A,2,,3\nR1,A,,Tåget,2\n".into(),
        ),
        (
            "trips.txt",
            "route_id,service_id,trip_id,direction_id\n\
             B1,WD,T1,0\nB1,WD,T2,0\nB1,WD,T3,1\nB1,WD,T5,1\nB2,WD,T4,0\nB2,WD,TF,1\n\
             R1,WD,TR1,0\nR1,WD,TR2,1\nR1,WD,TR3,0\n"
                .into(),
        ),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n\
             T1,07:00:00,07:00:00,A,1,,\nT1,07:10:00,07:10:00,B,2,,\nT1,07:20:00,07:20:00,A,3,,\nT1,07:30:00,07:30:00,C,4,,\n\
             T2,07:30:00,07:30:00,A,1,,\nT2,07:40:00,07:40:00,B,2,,\nT2,07:50:00,07:50:00,C,3,,\n\
             T3,08:00:00,08:00:00,C,1,,\nT3,08:10:00,08:10:00,B,2,1,\nT3,08:20:00,08:20:00,A,3,,\n\
             T5,08:00:00,08:00:00,C,1,,\nT5,08:10:00,08:10:00,B,2,,\nT5,08:20:00,08:20:00,A,3,,\n\
             T4,23:40:00,23:40:00,B,1,,\nT4,24:05:00,24:05:00,D,2,,\nT4,24:20:00,24:20:00,P1,3,,\n\
             TF,07:00:00,07:00:00,C,1,,\nTF,07:05:00,07:05:00,B,2,,\nTF,07:10:00,07:10:00,A,3,,\n\
             TR1,08:30:00,08:30:00,P1,1,,\nTR1,09:00:00,09:00:00,F,2,,\n\
             TR2,08:00:00,08:00:00,F,1,,\nTR2,08:30:00,08:30:00,P2,2,,\n\
             TR3,10:00:00,10:00:00,P2,1,,\nTR3,10:30:00,10:30:00,F,2,,\n"
                .into(),
        ),
        (
            "calendar.txt",
            "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
             WD,1,1,1,1,1,0,0,20260101,20261231\n"
                .into(),
        ),
        ("frequencies.txt", "trip_id,start_time,end_time,headway_secs,exact_times\nTF,07:00:00,07:20:00,400,1\n".into()),
    ]
}

/// Population cells (1000 m unless said) around the network's stops. Municipalities:
/// 0 Växjö, 1 Alvesta, 2 Tingsryd.
fn network_cells() -> Vec<Cell> {
    vec![
        cell(X0 - 500.0, Y0 - 500.0, 1000.0, 1000, 0),   // centred on A
        cell(X0 + 500.0, Y0 - 500.0, 1000.0, 2000, 1),   // east of A, 500 m away
        cell(X0 - 500.0, Y0 + 2500.0, 1000.0, 400, 1),   // centred on B
        cell(X0 - 500.0, Y0 + 5500.0, 1000.0, 3000, 1),  // centred on C
        cell(X0, Y0 + 9000.0, 1000.0, 800, 2),           // lower-left corner at D
        cell(X0 - 500.0, Y0 + 11_500.0, 1000.0, 500, 2), // centred on E
    ]
}

fn names() -> Vec<String> {
    vec!["Växjö".into(), "Alvesta".into(), "Tingsryd".into()]
}

#[test]
fn stop_table_every_column() {
    let feed = load_feed(&network());
    let tt = timetable(&feed);
    let cells = network_cells();
    let table = stop_table(&tt, &StopOptions::default(), Some(&cells)).unwrap();
    let csv = stops_csv(&feed, &table);
    let header = "stop_id,stop_name,lat,lon,trips,departures,routes,first_departure,last_departure,peak_departures,\
                  mean_headway_min,max_headway_min,wheelchair_boarding,pop_400,pop_800,pop_1000,ptal";
    let rows = [
        // A: calls T1 07:00 + 07:20 (twice), T2 07:30, T3 and T5 08:20 (ends), TF ×3 (ends) = 8;
        // departures 07:00, 07:20, 07:30 = 3; routes B1, B2; peak 3; headways 20, 10 → mean 15,
        // max 20; wheelchair empty → 0.
        // pop_400: the 400 m circle lies inside the centred cell: π·400²/1000² = 0.502655 of
        // 1000 = 502.65 → 503. pop_800: centred cell whole (corner 707 m) = 1000, plus the east
        // cell's cap 2·[500·(√390000 − 500) + ∫ from √390000 to 800 of √(800² − x²) dx]
        // = 244 334 m² → 0.244334 · 2000 = 488.67; total 1488.67 → 1489. pop_1000: 1000 plus
        // 2·[500·(500√3 − 500) + 10⁶·π/12 − 125 000√3] = 456 611 m² → 913.22; → 1913.
        // PTAL: nothing leaves A in 08:15–09:15 and nothing else is within 960 m → 0.
        format!("A,Alfa,{},8,3,2,07:00:00,07:30:00,3,15,20,0,503,1489,1913,0", ll6(X0, Y0)),
        // B: calls T1, T2, T3 (pickup 1), T5, T4, TF ×3 = 8; departures all but T3's = 7;
        // first 07:05 (TF), last 23:40 (T4); peak 07:05, 07:10, 07:11:40, 07:18:20, 07:40, 08:10
        // = 6; headways (23:40 outside 07–19) 5, 1.67, 6.67, 21.67, 30 → mean 65/5 = 13, max
        // 30; wheelchair 2; pop 400 · 0.502655 = 201.06 → 201, then 400, 400.
        format!("B,Bravo,{},8,7,2,07:05:00,23:40:00,6,13,30,2,201,400,400,0", ll6(X0, Y0 + 3000.0)),
        // C: calls T1, T2 (both end here), T3, T5, TF ×3 = 7; departures T3, T5 (both 08:00),
        // TF 07:00:00, 07:06:40, 07:13:20 = 5; headways 6.666667, 6.666667, 46.666667, 0 →
        // mean 60/4 = 15, max 46.666667; pop 3000 · 0.502655 = 1507.96 → 1508.
        format!("C,Charlie,{},7,5,2,07:00:00,08:00:00,5,15,46.666667,1,1508,3000,3000,0", ll6(X0, Y0 + 6000.0)),
        // D: only Tuesday's T4 at 24:05 (Monday's T4 at 00:05 does not count): 1 call, 1
        // departure, 1 route; not in peak; one departure → no headways. Quarter circles of the
        // cell whose corner is D: π·r²/4 / 10⁶ · 800 = 100.53, 402.12, 628.32 → 101, 402, 628.
        format!("D,Delta,{},1,1,1,24:05:00,24:05:00,0,,,0,101,402,628,0", ll6(X0, Y0 + 9000.0)),
        // E: no calls: zeros and empty times; pop 500 · 0.502655 = 251.33 → 251, then 500, 500.
        format!("E,Echo,{},0,0,0,,,0,,,0,251,500,500,0", ll6(X0, Y0 + 12_000.0)),
        // F: TR1 and TR3 end here, TR2 leaves at 08:00 (before the PTAL hour) → 3, 1, 1.
        format!("F,Foxtrot,{},3,1,1,08:00:00,08:00:00,1,,,1,0,0,0,0", ll6(X0, Y0 + 30_000.0)),
        // P1: T4 ends 24:20 (Monday's 00:20 not counted), TR1 leaves 08:30 → 2 calls, 1
        // departure, routes B2 and R1; wheelchair inherited from ST = 1. PTAL: R1 at 1/h, walk 0:
        // SWT 30, AWT 30.75, EDF 30/30.75 = 0.976 → AI 0.98 → 1a.
        format!("P1,Centralen läge A,{},2,1,2,08:30:00,08:30:00,1,,,1,0,0,0,1a", ll6(X0, Y0 + 15_010.0)),
        // P2: TR2 ends 08:30, TR3 leaves 10:00 → 2, 1, 1; not in peak. PTAL: P1 at √200 = 14.14 m,
        // walk 0.177 min → EDF 30/30.927 = 0.970 → 1a.
        format!("P2,Centralen läge B,{},2,1,1,10:00:00,10:00:00,0,,,2,0,0,0,1a", ll6(X0 + 10.0, Y0 + 15_000.0)),
    ];
    let expected = format!("{header}\n{}\n", rows.join("\n"));
    assert_eq!(csv, expected);

    // The same numbers typed in JSON.
    let json: serde_json::Value =
        serde_json::from_str(&table_to_string(&stop_rows(&feed, &table).0, None, Format::Json).unwrap()).unwrap();
    assert_eq!(json[2]["max_headway_min"], serde_json::json!(46.666667));
    assert_eq!(json[2]["mean_headway_min"], serde_json::json!(15));
    assert!(json[3]["mean_headway_min"].is_null());
    assert_eq!(json[0]["pop_800"], serde_json::json!(1489));
    assert_eq!(json[6]["ptal"], "1a");
}

#[test]
fn stations_aggregate_their_platforms() {
    let feed = load_feed(&network());
    let tt = timetable(&feed);
    let opts = StopOptions { stations: true, ..Default::default() };
    let table = stop_table(&tt, &opts, None).unwrap();
    let ids: Vec<&str> = table.rows.iter().map(|r| feed.stops[r.stop.ix()].id.as_str()).collect();
    // Stops without a station stay; P1 and P2 fold into ST; the boarding area is no row.
    assert_eq!(ids, ["A", "B", "C", "D", "E", "F", "ST"]);
    let csv = stops_csv(&feed, &table);
    let st = csv.lines().last().unwrap();
    // ST: calls 2 (P1) + 2 (P2) = 4; departures P1 08:30 and P2 10:00 = 2; routes B2, R1;
    // peak only 08:30; pooled headway 08:30 → 10:00 = 90 min; wheelchair the station's own 1;
    // station coordinates; no cells → empty pop; PTAL at ST: P1 10 m away, walk 0.125 min,
    // EDF 30/30.875 = 0.972 → 1a.
    assert_eq!(st, format!("ST,Centralen,{},4,2,2,08:30:00,10:00:00,1,90,90,1,,,,1a", ll6(X0, Y0 + 15_000.0)));
    // A is unchanged by --stations.
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with(&format!("A,Alfa,{},8,3,2,07:00:00,07:30:00,3,15,20,0,,,,0", ll6(X0, Y0)))
    );
}

#[test]
fn headway_window_is_configurable() {
    let feed = load_feed(&network());
    let tt = timetable(&feed);
    // 07:10–07:40 at B: 07:10, 07:11:40, 07:18:20, 07:40 (both ends included) → gaps 1.666667,
    // 6.666667, 21.666667 → mean 30/3 = 10, max 21.666667. Peak 07:00–07:10 (end excluded): 07:05.
    let opts = StopOptions { headway_window: (25_800, 27_600), peak_window: (25_200, 25_800), ..Default::default() };
    let table = stop_table(&tt, &opts, None).unwrap();
    let b = row_by_id(&feed, &table, "B").unwrap();
    assert_eq!(b.mean_headway_min, Some(10.0));
    assert!((b.max_headway_min.unwrap() - 65.0 / 3.0).abs() < 1e-9);
    assert_eq!(b.peak_departures, 1);
    let bad = StopOptions { headway_window: (10, 5), ..Default::default() };
    assert!(stop_table(&tt, &bad, None).is_err());
    let bad = StopOptions { radii_m: vec![400.0, 0.0], ..Default::default() };
    assert!(stop_table(&tt, &bad, None).is_err());
}

#[test]
fn priority_list_ranks_inaccessible_stops() {
    let feed = load_feed(&network());
    let tt = timetable(&feed);
    let cells = network_cells();
    let table = stop_table(&tt, &StopOptions::default(), Some(&cells)).unwrap();
    let catchment = Catchment::new(&cells);
    let list = priority_list(&table, &catchment, 400.0);
    let (t, g) = priority_table(&feed, &table, &list, &names(), 400.0);
    // Not wheelchair_boarding 1 and at least one departure: A (0), B (2), D (0), P2 (2); E has no
    // departure; C, F, P1 are 1. Scores: A 3 × 503 = 1509, B 7 × 201 = 1407, D 1 × 101 = 101,
    // P2 1 × 0 = 0. Municipality: the cell containing the stop (A: Växjö, B: Alvesta,
    // D: Tingsryd — its cell's corner, or nearest centroid), P2 has none → the nearest centroid
    // is E's cell 3 km south (Tingsryd).
    assert_eq!(
        table_to_string(&t, None, Format::Csv).unwrap(),
        "rank,stop_id,stop_name,municipality,wheelchair_boarding,departures,pop_400,score\n\
         1,A,Alfa,Växjö,0,3,503,1509\n\
         2,B,Bravo,Alvesta,2,7,201,1407\n\
         3,D,Delta,Tingsryd,0,1,101,101\n\
         4,P2,Centralen läge B,Tingsryd,2,1,0,0\n"
    );
    assert_eq!(g.len(), 4);
}

#[test]
fn priority_ties_go_by_stop_id() {
    // Z2 comes first in stops.txt (and in the trip), but "Z10" < "Z2" in byte order. Both have
    // one departure and a cell of 100 centred on them → equal scores.
    let stops = format!(
        "stop_id,stop_name,stop_lat,stop_lon\nZ2,Två,{}\nZ10,Tio,{}\nZ3,Slut,{}\n",
        ll(X0, Y0),
        ll(X0 + 5000.0, Y0),
        ll(X0 + 10_000.0, Y0)
    );
    let files = with(
        with(minimal(), "stops.txt", &stops),
        "stop_times.txt",
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,Z2,1\nT1,08:10:00,08:10:00,Z10,2\nT1,08:20:00,08:20:00,Z3,3\n",
    );
    let feed = load_feed(&files);
    let tt = timetable(&feed);
    let cells = vec![cell(X0 - 500.0, Y0 - 500.0, 1000.0, 100, 0), cell(X0 + 4500.0, Y0 - 500.0, 1000.0, 100, 0)];
    let table = stop_table(&tt, &StopOptions::default(), Some(&cells)).unwrap();
    let list = priority_list(&table, &Catchment::new(&cells), 400.0);
    let id = |p: &narhet::metrics::stops::PriorityRow| feed.stops[table.rows[p.row].stop.ix()].id.as_str();
    let order: Vec<(&str, u64)> = list.iter().map(|p| (id(p), p.score)).collect();
    // 1 × round(100 · 0.502655) = 50 each; Z3 has no departure (trip ends there).
    assert_eq!(order, [("Z10", 50), ("Z2", 50)]);
}

#[test]
fn stop_table_geojson_is_rfc7946() {
    let feed = load_feed(&network());
    let tt = timetable(&feed);
    let table = stop_table(&tt, &StopOptions::default(), None).unwrap();
    let (t, g) = stop_rows(&feed, &table);
    let text = table_to_string(&t, Some(&g), Format::Geojson).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    assert!(v.get("crs").is_none());
    let features = v["features"].as_array().unwrap();
    assert_eq!(features.len(), 8);
    for (f, row) in features.iter().zip(&table.rows) {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        // [lon, lat] order: Kronoberg is near 14.7 E, 56.8 N.
        let stop = &feed.stops[row.stop.ix()];
        assert!((lon - stop.lon).abs() < 1e-6 && (lat - stop.lat).abs() < 1e-6);
        assert!(lon < 20.0 && lat > 50.0);
        assert_eq!(f["properties"]["stop_id"], stop.id.as_str());
        // Without population the pop properties are null, counts are numbers.
        assert!(f["properties"]["pop_400"].is_null());
        assert!(f["properties"]["trips"].is_u64());
    }
}

// ---------------------------------------------------------------------------------------------
// PTAL

const PX: f64 = 500_000.0;
const PY: f64 = 6_400_000.0;

/// X at the origin, Y 300 m east, rail stop R 400 m north, Z 20 km east; terminals far away.
/// In the hour 08:15–09:15 (end excluded):
/// - bus BA dir 0 leaves X (and Y 5 min later) every 10 min: 6/h at each.
/// - bus BA dir 1 leaves Y and X every 30 min: 2/h.
/// - bus BB leaves X every 20 min: 3/h.
/// - rail RR leaves R every 15 min: 4/h (08:15 … 09:00; the extra 09:15 train is outside).
/// - bus BZ leaves Z every 10 min: 6/h.
fn ptal_network() -> Vec<(&'static str, String)> {
    let stops = format!(
        "stop_id,stop_name,stop_lat,stop_lon\nX,X,{}\nY,Y,{}\nR,R,{}\nW,W,{}\nQ,Q,{}\nRF,RF,{}\nZ,Z,{}\nW2,W2,{}\n",
        ll(PX, PY),
        ll(PX + 300.0, PY),
        ll(PX, PY + 400.0),
        ll(PX + 10_000.0, PY),
        ll(PX - 10_000.0, PY),
        ll(PX, PY + 20_000.0),
        ll(PX + 20_000.0, PY),
        ll(PX + 30_000.0, PY),
    );
    vec![
        ("agency.txt", AGENCY.to_string()),
        ("stops.txt", stops),
        (
            "routes.txt",
            "route_id,agency_id,route_short_name,route_long_name,route_type\nBA,A,A,,3\nBB,A,B,,3\nRR,A,,Tåg,2\nBZ,A,Z,,3\n"
                .into(),
        ),
        (
            "trips.txt",
            "route_id,service_id,trip_id,direction_id\nBA,WD,BA0,0\nBA,WD,BA1,1\nBB,WD,BB0,0\nRR,WD,RR0,0\nRR,WD,RR9,0\nBZ,WD,BZ0,0\n"
                .into(),
        ),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
             BA0,08:15:00,08:15:00,X,1\nBA0,08:20:00,08:20:00,Y,2\nBA0,08:40:00,08:40:00,W,3\n\
             BA1,08:00:00,08:00:00,W,1\nBA1,08:15:00,08:15:00,Y,2\nBA1,08:20:00,08:20:00,X,3\nBA1,08:40:00,08:40:00,Q,4\n\
             BB0,08:15:00,08:15:00,X,1\nBB0,08:45:00,08:45:00,W,2\n\
             RR0,08:15:00,08:15:00,R,1\nRR0,08:45:00,08:45:00,RF,2\n\
             RR9,09:15:00,09:15:00,R,1\nRR9,09:45:00,09:45:00,RF,2\n\
             BZ0,08:15:00,08:15:00,Z,1\nBZ0,08:30:00,08:30:00,W2,2\n"
                .into(),
        ),
        (
            "calendar.txt",
            "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
             WD,1,1,1,1,1,0,0,20260101,20261231\n"
                .into(),
        ),
        (
            "frequencies.txt",
            "trip_id,start_time,end_time,headway_secs,exact_times\n\
             BA0,08:15:00,09:15:00,600,1\nBA1,08:00:00,09:00:00,1800,1\nBB0,08:15:00,09:15:00,1200,1\n\
             RR0,08:15:00,09:15:00,900,1\nBZ0,08:15:00,09:15:00,600,1\n"
                .into(),
        ),
    ]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-4
}

#[test]
fn ptal_one_bus_route_six_an_hour() {
    let feed = load_feed(&ptal_network());
    let tt = timetable(&feed);
    let idx = PtalIndex::new(&tt, &PtalParams::default()).unwrap();
    let z = Xy { x: PX + 20_000.0, y: PY };
    let ex = idx.explain(z);
    assert_eq!(ex.len(), 1);
    let r = &ex[0];
    // 6 buses/h: SWT 0.5·60/6 = 5, AWT 5 + 2 = 7, walk 0 → TAT 7, EDF 30/7 = 4.2857, weight 1.
    assert!(close(r.per_hour, 6.0) && close(r.swt_min, 5.0) && close(r.awt_min, 7.0));
    assert!(close(r.walk_min, 0.0) && close(r.tat_min, 7.0) && close(r.edf, 30.0 / 7.0));
    assert_eq!(r.weight, 1.0);
    let p = idx.at(z);
    // AI 4.29 → 1b (2.51–5.00).
    assert!(close(p.ai, 4.285714));
    assert_eq!(p.level, PtalLevel::L1b);
}

#[test]
fn ptal_bus_and_rail_combined() {
    let feed = load_feed(&ptal_network());
    let tt = timetable(&feed);
    let idx = PtalIndex::new(&tt, &PtalParams::default()).unwrap();

    // At X. Bus BA: dir 0 at X 6/h → EDF 30/7 = 4.285714; dir 1 at X 2/h → SWT 15, AWT 17,
    // EDF 1.764706; the route counts once with its better direction (4.285714), and only at
    // its nearest stop (BA at Y, 300 m, is ignored). BB at X 3/h: SWT 10, AWT 12, EDF 2.5.
    // Bus AI = 4.285714 + 0.5·2.5 = 5.535714. Rail RR at R, 400 m → walk 5 min; 4/h (the
    // 09:15 train is outside the hour): SWT 7.5, AWT 8.25, TAT 13.25, EDF 2.264151.
    // AI = 5.535714 + 2.264151 = 7.799865 → 7.80 → level 2 (5.01–10).
    let p = idx.at(Xy { x: PX, y: PY });
    assert!(close(p.ai, 7.799865), "{}", p.ai);
    assert_eq!(p.level, PtalLevel::L2);
    let ex = idx.explain(Xy { x: PX, y: PY });
    assert_eq!(ex.len(), 3);
    let rail = ex.iter().find(|r| r.per_hour == 4.0).unwrap();
    assert!(close(rail.walk_min, 5.0) && close(rail.edf, 30.0 / 13.25) && rail.weight == 1.0);

    // At Y. BA dir 0 at Y itself: 4.285714. BB only at X, 300 m → walk 3.75, TAT 15.75,
    // EDF 1.904762, weight 0.5. Bus AI 4.285714 + 0.952381 = 5.238095. Rail R 500 m away:
    // walk 6.25 + 8.25 = 14.5 → EDF 2.068966. AI 7.307061 → level 2.
    let p = idx.at(Xy { x: PX + 300.0, y: PY });
    assert!(close(p.ai, 7.307061), "{}", p.ai);

    // 600 m south of X: X at 600 m (walk 7.5): BA 30/14.5 = 2.068966 (dir 1: 30/24.5, less),
    // BB 30/19.5 = 1.538462; Y at 670.8 m is beyond 640 m; R (400 m north of X) at 1000 m is
    // beyond 960 m. AI = 2.068966 + 0.5·1.538462 = 2.838197 → 2.84 → 1b.
    let p = idx.at(Xy { x: PX, y: PY - 600.0 });
    assert!(close(p.ai, 2.838197), "{}", p.ai);
    assert_eq!(p.level, PtalLevel::L1b);

    // 700 m south of X: no bus stop within 640 m, R at 1100 m beyond 960 m → AI 0, level 0.
    let p = idx.at(Xy { x: PX, y: PY - 700.0 });
    assert_eq!((p.ai, p.level), (0.0, PtalLevel::L0));

    // The stop table's ptal column is the level at the stop.
    let table = stop_table(&tt, &StopOptions::default(), None).unwrap();
    assert_eq!(row_by_id(&feed, &table, "X").unwrap().ptal.level, PtalLevel::L2);
    assert_eq!(row_by_id(&feed, &table, "Z").unwrap().ptal.level, PtalLevel::L1b);
}

#[test]
fn ptal_per_cell_and_municipality() {
    let feed = load_feed(&ptal_network());
    let tt = timetable(&feed);
    let idx = PtalIndex::new(&tt, &PtalParams::default()).unwrap();
    let cells = vec![
        cell(PX - 125.0, PY - 125.0, 250.0, 100, 0), // centroid X → AI 7.80, level 2
        cell(PX - 125.0, PY - 825.0, 250.0, 50, 1),  // centroid 700 m south of X → 0
        cell(PX + 20_000.0 - 125.0, PY - 125.0, 250.0, 30, 1), // centroid Z → 4.29, 1b
        cell(PX + 10_000.0 - 125.0, PY - 125.0, 250.0, 0, 0), // unpopulated → no row
    ];
    let res = cell_ptal(&idx, &cells);
    assert_eq!(
        res.iter().map(|r| (r.cell, r.level)).collect::<Vec<_>>(),
        [(0, PtalLevel::L2), (1, PtalLevel::L0), (2, PtalLevel::L1b)]
    );
    let (t, g) = cells_table(&cells, &res, &names());
    assert_eq!(
        table_to_string(&t, None, Format::Csv).unwrap(),
        "cell_id,x,y,size_m,municipality,population,ptal_ai,ptal\n\
         4998756399875,499875,6399875,250,Växjö,100,7.80,2\n\
         4998756399175,499875,6399175,250,Alvesta,50,0.00,0\n\
         5198756399875,519875,6399875,250,Alvesta,30,4.29,1b\n"
    );
    // Cell polygons: closed five-position rings, [lon, lat].
    let v: serde_json::Value = serde_json::from_str(&table_to_string(&t, Some(&g), Format::Geojson).unwrap()).unwrap();
    let ring = v["features"][0]["geometry"]["coordinates"][0].as_array().unwrap();
    assert_eq!(ring.len(), 5);
    assert_eq!(ring[0], ring[4]);
    assert!(ring[0][0].as_f64().unwrap() < ring[1][0].as_f64().unwrap()); // east along the bottom

    // Växjö: all 100 at level 2. Alvesta: 50 of 80 at 0 (62.5 %), 30 at 1b (37.5 %).
    // All: 180 people: 0 → 50 (27.8 %), 1b → 30 (16.7 %), 2 → 100 (55.6 %).
    let shares = shares_table(&level_shares(&cells, &res), &names());
    let csv = table_to_string(&shares, None, Format::Csv).unwrap();
    assert_eq!(csv.lines().count(), 1 + 3 * 9);
    for line in [
        "Växjö,2,100,100.0",
        "Växjö,0,0,0.0",
        "Alvesta,0,50,62.5",
        "Alvesta,1b,30,37.5",
        "(all),0,50,27.8",
        "(all),1b,30,16.7",
        "(all),2,100,55.6",
        "(all),6b,0,0.0",
    ] {
        assert!(csv.lines().any(|l| l == line), "missing {line} in\n{csv}");
    }
}

// ---------------------------------------------------------------------------------------------
// The fast table against a plain count straight from the feed, on seeded random networks.

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u32) -> u32 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as u32
    }
}

/// Random trips (some calling a stop twice, some past midnight, some frequency-based, random
/// pickup_type 1) on 12 stops, on services that run on Monday and/or Tuesday.
fn random_feed(seed: u64) -> Feed {
    use narhet::feed::{Call, Frequency, LocationType, Route, Service, Stop, Trip};
    let mut rng = Lcg(seed);
    let mut feed = Feed::default();
    for s in 0..12 {
        feed.stops.push(Stop {
            id: format!("S{s}").into(),
            name: Default::default(),
            lat: 56.8 + s as f64 * 0.01,
            lon: 14.8,
            location_type: LocationType::Stop,
            parent: None,
            wheelchair_boarding: 0,
            feed: 0,
        });
    }
    let day = |y, m, d| Date::from_ymd(y, m, d);
    for (id, weekdays) in [("MON", 0b0000001u8), ("TUE", 0b0000010), ("BOTH", 0b0000011)] {
        feed.services.push(Service {
            id: id.into(),
            weekdays,
            start: day(2026, 1, 1),
            end: day(2026, 12, 31),
            added: vec![],
            removed: vec![],
        });
    }
    for r in 0..3 {
        feed.routes.push(Route {
            id: format!("R{r}"),
            short_name: String::new(),
            long_name: String::new(),
            route_type: 3,
            agency: None,
            feed: 0,
        });
    }
    for t in 0..30 {
        let n = 2 + rng.next(5);
        let first_call = feed.calls.len() as u32;
        let mut time = 5 * 3600 + rng.next(22 * 3600); // up to 27:00
        for _ in 0..n {
            let stop = rng.next(12);
            feed.calls.push(Call {
                stop,
                arrival: time,
                departure: time,
                pickup: rng.next(5) != 0,
                drop_off: true,
                booking: false,
            });
            time += rng.next(3) * 300; // 0, 5 or 10 min: equal times happen
        }
        let (first_freq, n_freq) = if rng.next(6) == 0 {
            let start = 6 * 3600 + rng.next(12) * 3600;
            feed.frequencies.push(Frequency {
                trip: t,
                start,
                end: start + 3600,
                headway: 600 + rng.next(3) * 300,
                exact_times: true,
            });
            (feed.frequencies.len() as u32 - 1, 1)
        } else {
            (0, 0)
        };
        feed.trips.push(Trip {
            id: format!("T{t}").into(),
            route: rng.next(3),
            service: rng.next(3),
            headsign: Default::default(),
            direction: None,
            wheelchair: 0,
            first_call,
            n_calls: n,
            first_freq,
            n_freq,
            feed: 0,
        });
    }
    feed
}

#[test]
fn stop_table_matches_a_plain_count() {
    for seed in 1..40u64 {
        let feed = random_feed(seed);
        let tt = timetable(&feed);
        let table = stop_table(&tt, &StopOptions::default(), None).unwrap();
        let active = feed.active_services(tuesday());
        for (s, stop) in feed.stops.iter().enumerate() {
            // Plain count: every run of every trip whose service runs on Tuesday.
            let (mut calls, mut deps, mut routes) = (0u32, Vec::new(), Vec::new());
            for (t, trip) in feed.trips.iter().enumerate() {
                if !active[trip.service as usize] {
                    continue;
                }
                let cs = feed.trip_calls(t);
                for shift in feed.run_shifts(t) {
                    for (i, c) in cs.iter().enumerate() {
                        if c.stop as usize == s {
                            calls += 1;
                            routes.push(trip.route);
                            if c.pickup && i + 1 < cs.len() {
                                deps.push((c.departure as i64 + shift) as u32);
                            }
                        }
                    }
                }
            }
            deps.sort_unstable();
            routes.sort_unstable();
            routes.dedup();
            let in_window: Vec<u32> = deps.iter().copied().filter(|&t| (25_200..=68_400).contains(&t)).collect();
            let gaps: Vec<f64> = in_window.windows(2).map(|w| (w[1] - w[0]) as f64 / 60.0).collect();
            let row = table.row(narhet::timetable::StopIdx(s as u32)).unwrap();
            let ctx = format!("seed {seed}, stop {}", stop.id);
            assert_eq!(row.trips, calls, "{ctx}");
            assert_eq!(row.departures as usize, deps.len(), "{ctx}");
            assert_eq!(row.routes as usize, routes.len(), "{ctx}");
            assert_eq!(row.first_departure, deps.first().copied(), "{ctx}");
            assert_eq!(row.last_departure, deps.last().copied(), "{ctx}");
            let peak = deps.iter().filter(|&&t| (25_200..32_400).contains(&t)).count();
            assert_eq!(row.peak_departures as usize, peak, "{ctx}");
            let mean = (!gaps.is_empty()).then(|| gaps.iter().sum::<f64>() / gaps.len() as f64);
            let max = gaps.iter().copied().reduce(f64::max);
            assert_eq!(row.mean_headway_min.map(|m| (m * 1e6).round()), mean.map(|m| (m * 1e6).round()), "{ctx}");
            assert_eq!(row.max_headway_min, max, "{ctx}");
        }
    }
}
