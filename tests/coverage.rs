//! Coverage on hand-made grids and feeds, every answer worked out by hand beside its assertion.
//!
//! The test network, in SWEREF 99 TM metres (stops are written to stops.txt through `to_wgs84`):
//!
//! ```text
//!   C (480 500, 6 310 500)   3 runs to the seat 06:00–08:00, back at 05:00 and 09:00
//!   |
//!   SEAT (480 500, 6 300 500) ---- A (490 500, 6 300 500)   3 runs to the seat, 2 back (12:00, 16:00)
//!   |
//!   B (480 500, 6 290 500)   1 run each way
//! ```
//! Saturday: one run each way between A and the seat. Sunday: nothing.

use crate::common::*;
use narhet::date::Date;
use narhet::export::{Format, geojson_sorted_string, table_to_string};
use narhet::feed::{Feed, LoadOptions, load};
use narhet::metrics::coverage::{
    Adjacency, AreaClass, Band, CountRule, Coverage, CoverageError, CoverageInput, CoverageParams, DayTimetables,
    DayType, DirectionRule, Municipality, Served, StopRule, Town, centroids_in,
};
use narhet::spatial::{Cell, Xy, to_wgs84};
use narhet::tables::coverage::{AreaNames, CoverageView};
use narhet::timetable::{FootpathOptions, StopIdx, Timetable};

fn xy(x: f64, y: f64) -> Xy {
    Xy { x, y }
}

/// `lat,lon` of a SWEREF 99 TM point, to 1e-9 degrees (0.1 mm).
fn ll(x: f64, y: f64) -> String {
    let (lat, lon) = to_wgs84(xy(x, y));
    format!("{lat:.9},{lon:.9}")
}

fn network() -> Vec<(&'static str, String)> {
    let stops = format!(
        "stop_id,stop_name,stop_lat,stop_lon\nSEAT,Centrum,{}\nA,Aby,{}\nB,Bby,{}\nC,Cby,{}\n",
        ll(480_500.0, 6_300_500.0),
        ll(490_500.0, 6_300_500.0),
        ll(480_500.0, 6_290_500.0),
        ll(480_500.0, 6_310_500.0),
    );
    let mut trips = String::from("route_id,service_id,trip_id,direction_id\n");
    let mut times = String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
    let runs: [(&str, &str, &str, &str, &str, &str, u8); 14] = [
        ("RA", "WD", "TA1", "A", "07:00", "SEAT", 0),
        ("RA", "WD", "TA2", "A", "10:00", "SEAT", 0),
        ("RA", "WD", "TA3", "A", "14:00", "SEAT", 0),
        ("RA", "WD", "FA1", "SEAT", "12:00", "A", 1),
        ("RA", "WD", "FA2", "SEAT", "16:00", "A", 1),
        ("RA", "SA", "SA1", "A", "09:00", "SEAT", 0),
        ("RA", "SA", "SA2", "SEAT", "13:00", "A", 1),
        ("RB", "WD", "TB1", "B", "07:00", "SEAT", 0),
        ("RB", "WD", "FB1", "SEAT", "15:00", "B", 1),
        ("RC", "WD", "TC1", "C", "06:00", "SEAT", 0),
        ("RC", "WD", "TC2", "C", "07:00", "SEAT", 0),
        ("RC", "WD", "TC3", "C", "08:00", "SEAT", 0),
        ("RC", "WD", "FC1", "SEAT", "05:00", "C", 1),
        ("RC", "WD", "FC2", "SEAT", "09:00", "C", 1),
    ];
    for (route, service, trip, from, dep, to, dir) in runs {
        trips += &format!("{route},{service},{trip},{dir}\n");
        // Every run takes 20 minutes.
        let (h, m) = (dep[0..2].parse::<u32>().unwrap(), dep[3..5].parse::<u32>().unwrap());
        let arr = format!("{:02}:{:02}:00", h + (m + 20) / 60, (m + 20) % 60);
        times += &format!("{trip},{dep}:00,{dep}:00,{from},1\n{trip},{arr},{arr},{to},2\n");
    }
    vec![
        ("agency.txt", AGENCY.to_string()),
        ("stops.txt", stops),
        ("routes.txt", "route_id,agency_id,route_short_name,route_type\nRA,A,1,3\nRB,A,2,3\nRC,A,3,3\n".into()),
        ("trips.txt", trips),
        ("stop_times.txt", times),
        (
            "calendar.txt",
            "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
             WD,1,1,1,1,1,0,0,20260101,20261231\nSA,0,0,0,0,0,1,0,20260101,20261231\n"
                .into(),
        ),
    ]
}

fn munis() -> Vec<Municipality> {
    vec![Municipality { seat: xy(480_500.0, 6_300_500.0) }, Municipality { seat: xy(520_500.0, 6_300_500.0) }]
}

fn names() -> AreaNames {
    AreaNames { names: vec!["Alfa".into(), "Beta".into()], seat_towns: vec!["Centrum".into(), "Betaby".into()] }
}

/// Coverage of `cells` over the timetables `tts`, with the närtrafik zones of `days`' feed.
fn compute(
    days: &Days,
    tts: &DayTimetables,
    cells: &[Cell],
    municipalities: &[Municipality],
    towns: &[Town],
    params: &CoverageParams,
) -> Result<Coverage, CoverageError> {
    let in_demand_area = centroids_in(cells, |lat, lon| days.feed.demand_areas.iter().any(|a| a.contains(lat, lon)));
    let input = CoverageInput { days: *tts, cells, in_demand_area: &in_demand_area, municipalities, towns };
    narhet::metrics::coverage::compute(&input, params)
}

/// The id of feed stop `s`.
fn id(days: &Days, s: StopIdx) -> &str {
    &days.feed.stops[s.ix()].id
}

/// A 1 km cell by its lower-left corner.
fn cell(x: f64, y: f64, population: u32, municipality: u16) -> Cell {
    Cell { x, y, size_m: 1000.0, population, municipality }
}

/// Tuesday, Saturday and Sunday of one week.
struct Days {
    feed: Feed,
    wd: Timetable,
    sa: Timetable,
    su: Timetable,
}

impl Days {
    fn new(files: &[(&'static str, String)]) -> Days {
        let dir = write(files);
        let feed = load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
        let fp = FootpathOptions { radius_m: 0.0, ..Default::default() };
        let d = |s: &str| Date::parse(s).unwrap();
        let (wd, sa, su) = (
            Timetable::build(&feed, d("2026-11-24"), &fp),
            Timetable::build(&feed, d("2026-11-28"), &fp),
            Timetable::build(&feed, d("2026-11-29"), &fp),
        );
        Days { feed, wd, sa, su }
    }

    fn tts(&self) -> DayTimetables<'_> {
        DayTimetables { weekday: &self.wd, saturday: Some(&self.sa), sunday: Some(&self.su) }
    }
}

/// Defaults, except a planning level of 3 runs towards the seat (default 6) to keep the feed small.
/// The tests below were worked by hand for the pooled, towards-the-seat reading; the literal
/// reading (the default) has its own test.
fn params() -> CoverageParams {
    CoverageParams {
        planning_min_departures_towards_seat: 3,
        stops: StopRule::Pooled,
        direction: DirectionRule::Seat,
        ..Default::default()
    }
}

const SEAT_CELL: (f64, f64) = (480_000.0, 6_300_000.0);
const A_CELL: (f64, f64) = (490_000.0, 6_300_000.0);
const B_CELL: (f64, f64) = (480_000.0, 6_290_000.0);
const C_CELL: (f64, f64) = (480_000.0, 6_310_000.0);
const FAR_CELL: (f64, f64) = (470_000.0, 6_320_000.0);

fn five_cells() -> Vec<Cell> {
    vec![
        cell(SEAT_CELL.0, SEAT_CELL.1, 1000, 0),
        cell(A_CELL.0, A_CELL.1, 50, 0),
        cell(B_CELL.0, B_CELL.1, 40, 0),
        cell(C_CELL.0, C_CELL.1, 30, 0),
        cell(FAR_CELL.0, FAR_CELL.1, 20, 0),
    ]
}

#[test]
fn bands_by_hand() {
    let days = Days::new(&network());
    let cells = five_cells();
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &params()).unwrap();
    let wd = |i: usize| *cov.cells[i].weekday();

    // Seat cell: its centroid is the seat, so it counts out / back at SEAT. Out = runs picking up
    // at SEAT: FA1, FA2, FB1, FC1, FC2 = 5; back = runs setting down there: TA1–3, TB1, TC1–3 = 7.
    // min(5, 7) ≥ 2 → basic; ≥ 3 out and back → good.
    assert!(cov.cells[0].at_seat);
    assert_eq!(cov.cells[0].rule, CountRule::OutBack);
    assert_eq!((wd(0).out, wd(0).back), (5, 7));
    assert_eq!(wd(0).band, Band::Good);

    // A: 3 runs towards the seat (TA1–3), 2 from it (FA1, FA2) → basic. First arrival at the seat
    // 07:20 (26 400 s); last departure from the seat 16:00 (57 600 s) ≥ 07:20 + 3 h → a return;
    // 3 towards ≥ 3 → good.
    let a = wd(1);
    assert_eq!(cov.cells[1].rule, CountRule::Seat);
    assert_eq!((a.towards_seat, a.from_seat, a.counted), (3, 2, [3, 2]));
    assert_eq!((a.first_seat_arrival, a.last_seat_departure), (Some(26_400), Some(57_600)));
    assert!(a.same_day_return);
    assert_eq!(a.band, Band::Good);

    // B: a stop at 0 m, but 1 run each way < 2 → few, and unserved (no närtrafik area).
    assert_eq!((wd(2).towards_seat, wd(2).from_seat), (1, 1));
    assert_eq!(wd(2).band, Band::Few);
    assert_eq!(cov.cells[2].served(DayType::Weekday), Some(Served::Unserved));

    // C: 3 towards, 2 from → basic; but the first arrival is 06:20 (22 800 s) and the last run
    // back leaves the seat at 09:00 (32 400 s) < 06:20 + 3 h = 09:20 → no same-day return → basic,
    // not good, though it has the 3 runs towards the seat.
    let c = wd(3);
    assert_eq!((c.towards_seat, c.from_seat), (3, 2));
    assert_eq!((c.first_seat_arrival, c.last_seat_departure), (Some(22_800), Some(32_400)));
    assert!(!c.same_day_return);
    assert_eq!(c.band, Band::Basic);

    // Far cell: centroid (470 500, 6 320 500); nearest stop C at √(10 000² + 10 000²) = 14 142 m.
    assert_eq!(wd(4).band, Band::NoStop);
    assert_eq!(cov.cells[4].stops_within, 0);
    let (s, d) = cov.cells[4].nearest_stop.unwrap();
    assert_eq!(id(&days, s), "C");
    assert!((d - 14_142.136).abs() < 0.01, "{d}");

    // Saturday: SA1 towards and SA2 from the seat, 1 each → A few; the seat cell has out 1,
    // back 1 → few; B and C have stops but no Saturday runs → few; the far cell no stop.
    let sat: Vec<Band> = cov.cells.iter().map(|c| c.days[DayType::Saturday.ix()].unwrap().band).collect();
    assert_eq!(sat, [Band::Few, Band::Few, Band::Few, Band::Few, Band::NoStop]);
    let a_sat = cov.cells[1].days[DayType::Saturday.ix()].unwrap();
    assert_eq!((a_sat.towards_seat, a_sat.from_seat), (1, 1));
    // Sunday: no runs at all.
    let sun: Vec<Band> = cov.cells.iter().map(|c| c.days[DayType::Sunday.ix()].unwrap().band).collect();
    assert_eq!(sun, [Band::Few, Band::Few, Band::Few, Band::Few, Band::NoStop]);
}

#[test]
fn return_needs_the_minimum_stay() {
    // C again with a 2 h minimum stay: 09:00 ≥ 06:20 + 2 h = 08:20 → a return → good.
    let days = Days::new(&network());
    let cells = [cell(C_CELL.0, C_CELL.1, 30, 0)];
    let p = CoverageParams { return_min_stay_s: 2 * 3600, ..params() };
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &p).unwrap();
    assert!(cov.cells[0].weekday().same_day_return);
    assert_eq!(cov.cells[0].weekday().band, Band::Good);
    // With the default planning level (6 runs towards the seat) C's 3 runs are not enough.
    let p = CoverageParams { return_min_stay_s: 2 * 3600, planning_min_departures_towards_seat: 6, ..params() };
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &p).unwrap();
    assert_eq!(cov.cells[0].weekday().band, Band::Basic);
}

#[test]
fn planning_distance_and_count_per_direction() {
    let days = Days::new(&network());
    // Centroids at A (0 m) and 700 m east of A.
    let cells = [cell(A_CELL.0, A_CELL.1, 50, 0), cell(490_700.0, 6_300_000.0, 10, 0)];
    // Planning within 600 m: the cell at A stays good; the one 700 m away has no planning stop,
    // so basic (3 towards / 2 from within 1 km) but not good.
    let p = CoverageParams { planning_max_distance_m: 600.0, ..params() };
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &p).unwrap();
    assert_eq!(cov.cells[0].weekday().band, Band::Good);
    assert_eq!(cov.cells[1].weekday().band, Band::Basic);
    // 3 per direction for planning: A has 3 towards but 2 from → basic, not good.
    let p = CoverageParams { planning_min_departures_per_direction: 3, ..params() };
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &p).unwrap();
    assert_eq!(cov.cells[0].weekday().band, Band::Basic);
}

#[test]
fn one_km_is_out_of_reach() {
    let days = Days::new(&network());
    // Centroids 999 m and 1 001 m east of A (490 500, 6 300 500); the nearest other stop (SEAT)
    // is over 10 km away. The two cells overlap, which coverage allows.
    let cells = [cell(490_999.0, 6_300_000.0, 10, 0), cell(491_001.0, 6_300_000.0, 10, 0)];
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &params()).unwrap();
    assert_eq!(cov.cells[0].stops_within, 1);
    assert_eq!(cov.cells[0].weekday().band, Band::Good); // A's service, as for the A cell
    assert_eq!(cov.cells[1].stops_within, 0);
    assert_eq!(cov.cells[1].weekday().band, Band::NoStop);
    assert!((cov.cells[1].nearest_stop.unwrap().1 - 1001.0).abs() < 0.01);
}

#[test]
fn a_trip_calling_at_two_stops_in_reach_counts_once() {
    // A second stop A2 300 m north of A on every A run (A2 → A → SEAT and back). A cell between
    // them reaches both; TA1–3 pick up at both, yet count 3 towards the seat, not 6.
    let mut files = network();
    let stops = files.iter().find(|f| f.0 == "stops.txt").unwrap().1.clone()
        + &format!("A2,Aby norra,{}\n", ll(490_500.0, 6_300_800.0));
    files = with(files, "stops.txt", &stops);
    let times = files.iter().find(|f| f.0 == "stop_times.txt").unwrap().1.clone();
    let mut out = String::new();
    for line in times.lines() {
        let f: Vec<&str> = line.split(',').collect();
        let is_a_run = f[0].starts_with("TA") || f[0].starts_with("FA") || f[0].starts_with("SA");
        if is_a_run && f[3] == "A" && f[4] == "1" {
            // Board at A2 five minutes earlier, then A.
            out += &format!("{},{},{},A2,0\n", f[0], shift(f[1], -5), shift(f[2], -5));
        }
        out += line;
        out.push('\n');
        if is_a_run && f[3] == "A" && f[4] == "2" {
            out += &format!("{},{},{},A2,3\n", f[0], shift(f[1], 5), shift(f[2], 5));
        }
    }
    files = with(files, "stop_times.txt", &out);
    let days = Days::new(&files);
    let cells = [cell(A_CELL.0, A_CELL.1, 50, 0)]; // centroid = A; A2 at 300 m
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &params()).unwrap();
    let a = cov.cells[0].weekday();
    assert_eq!(cov.cells[0].stops_within, 2);
    assert_eq!((a.towards_seat, a.from_seat), (3, 2));
    // The first run towards the seat now starts at A2 06:55 but still reaches it at 07:20.
    assert_eq!(a.first_seat_arrival, Some(26_400));
}

fn shift(t: &str, min: i32) -> String {
    let p: Vec<i32> = t.split(':').map(|x| x.parse().unwrap()).collect();
    let m = p[0] * 60 + p[1] + min;
    format!("{:02}:{:02}:00", m / 60, m % 60)
}

#[test]
fn direction_id_reading() {
    // With direction_id, A counts runs picking up at A by direction: TA1–3 are direction 0;
    // FA1–2 end at A and pick up nobody there → direction 1 has 0 → few. The seat cell still
    // counts out / back.
    let days = Days::new(&network());
    let cells = [cell(A_CELL.0, A_CELL.1, 50, 0), cell(SEAT_CELL.0, SEAT_CELL.1, 1000, 0)];
    let p = CoverageParams { direction: DirectionRule::DirectionId, ..params() };
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &p).unwrap();
    let a = cov.cells[0].weekday();
    assert_eq!(cov.cells[0].rule, CountRule::DirectionId);
    assert_eq!((a.dir0, a.dir1, a.counted), (3, 0, [3, 0]));
    assert_eq!(a.band, Band::Few);
    assert_eq!(cov.cells[1].rule, CountRule::OutBack);
    assert_eq!(cov.cells[1].weekday().band, Band::Good);
}

/// Far-away unserved cells: g_a and g_b share an edge, g_c touches g_b at a corner, g_d stands
/// alone, and an empty cell touches g_b and g_c by edges. With B (few) and A (served).
fn gap_cells() -> Vec<Cell> {
    vec![
        cell(470_000.0, 6_320_000.0, 20, 0), // 0 g_a
        cell(470_000.0, 6_321_000.0, 30, 0), // 1 g_b
        cell(471_000.0, 6_322_000.0, 5, 0),  // 2 g_c
        cell(474_000.0, 6_320_000.0, 40, 0), // 3 g_d
        cell(471_000.0, 6_321_000.0, 0, 0),  // 4 empty
        cell(B_CELL.0, B_CELL.1, 40, 0),     // 5 B
        cell(A_CELL.0, A_CELL.1, 50, 0),     // 6 A, served
    ]
}

#[test]
fn gaps_by_corner_adjacency() {
    let days = Days::new(&network());
    let cells = gap_cells();
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &params()).unwrap();
    // Gaps: {g_a, g_b, g_c} 55; {g_d} 40; {B} 40. The two 40s are ordered by centroid east:
    // g_d 474 500 before B 480 500. The empty cell and the served A cell are in none.
    let got: Vec<(u32, Vec<u32>, u64)> = cov.gaps.iter().map(|g| (g.id, g.cells.clone(), g.population)).collect();
    assert_eq!(got, vec![(1, vec![0, 1, 2], 55), (2, vec![3], 40), (3, vec![5], 40)]);
    let gap_of: Vec<Option<u32>> = cov.cells.iter().map(|c| c.gap).collect();
    assert_eq!(gap_of, [Some(1), Some(1), Some(1), Some(2), None, Some(3), None]);

    // Gap 1's population-weighted centroid: x = (470 500·50 + 471 500·5) / 55 = 470 590.91,
    // y = 6 320 500 + (1 000·30 + 2 000·5) / 55 = 6 321 227.27.
    let g = &cov.gaps[0];
    assert!((g.centroid.x - 470_590.909).abs() < 0.01 && (g.centroid.y - 6_321_227.273).abs() < 0.01);
    // Stops with basic service by themselves: SEAT (out 5 / back 7), A (3 / 2), C (3 / 2); not
    // B (1 / 1). Nearest to the centroid: C, √(9 909.09² + 10 727.27²) = 14 603.58 m.
    let near = g.nearest_basic_stop.as_ref().unwrap();
    assert_eq!((id(&days, near.stop), days.feed.stops[near.stop.ix()].name.as_str()), ("C", "Cby"));
    assert!((near.distance_m - 14_603.58).abs() < 0.01, "{}", near.distance_m);
    // B's own stop is not basic: its nearest basic stop is SEAT, 10 000 m north.
    let near_b = cov.gaps[2].nearest_basic_stop.as_ref().unwrap();
    assert_eq!(id(&days, near_b.stop), "SEAT");
    assert!((near_b.distance_m - 10_000.0).abs() < 0.01);
    assert_eq!(g.municipality, 0);
}

#[test]
fn gaps_by_edge_adjacency() {
    let days = Days::new(&network());
    let cells = gap_cells();
    let p = CoverageParams { gap_adjacency: Adjacency::Edge, ..params() };
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &p).unwrap();
    // g_c only touches g_b at a corner, and the empty cell between them does not bridge:
    // {g_a, g_b} 50; {g_d} 40; {B} 40; {g_c} 5.
    let got: Vec<(Vec<u32>, u64)> = cov.gaps.iter().map(|g| (g.cells.clone(), g.population)).collect();
    assert_eq!(got, vec![(vec![0, 1], 50), (vec![3], 40), (vec![5], 40), (vec![2], 5)]);
}

#[test]
fn gaps_split_at_municipal_borders() {
    // g_a in Alfa, g_b (touching it by an edge) in Beta: two gaps by default, one without the
    // split. The other cells are as in gap_cells().
    let days = Days::new(&network());
    let mut cells = gap_cells();
    cells[1].municipality = 1;
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &params()).unwrap();
    // Split (default): g_b (Beta) joins neither g_a nor g_c (both Alfa), and g_a and g_c do not
    // touch → {g_d} 40, {B} 40, {g_b} 30, {g_a} 20, {g_c} 5.
    let got: Vec<(Vec<u32>, u64, u16)> =
        cov.gaps.iter().map(|g| (g.cells.clone(), g.population, g.municipality)).collect();
    assert_eq!(got, vec![(vec![3], 40, 0), (vec![5], 40, 0), (vec![1], 30, 1), (vec![0], 20, 0), (vec![2], 5, 0)]);
    // Without the split, {g_a, g_b, g_c} 55 is one gap; Beta holds 30 of it, Alfa 20 + 5 = 25,
    // so its municipality is Beta.
    let p = CoverageParams { gap_split_by_municipality: false, ..params() };
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &p).unwrap();
    assert_eq!((cov.gaps[0].cells.clone(), cov.gaps[0].population, cov.gaps[0].municipality), (vec![0, 1, 2], 55, 1));
}

#[test]
fn cells_in_a_nartrafik_area_are_reported_apart() {
    // A GTFS-Flex zone covering g_a and g_b (a SWEREF square 469 000–472 000 × 6 319 000–
    // 6 322 000, written in WGS84): their centroids (470 500, 6 320 500) and (470 500, 6 321 500)
    // are inside, and so is the empty cell's (471 500, 6 321 500); g_c's (471 500, 6 322 500) is not.
    let ring: Vec<String> = [
        (469_000.0, 6_319_000.0),
        (472_000.0, 6_319_000.0),
        (472_000.0, 6_322_000.0),
        (469_000.0, 6_322_000.0),
        (469_000.0, 6_319_000.0),
    ]
    .iter()
    .map(|&(x, y)| {
        let (lat, lon) = to_wgs84(xy(x, y));
        format!("[{lon:.9},{lat:.9}]")
    })
    .collect();
    let geojson = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","id":"Z1","properties":{{"stop_name":"Glesbygd Alfa"}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}}]}}"#,
        ring.join(",")
    );
    let files = with(network(), "locations.geojson", &geojson);
    let days = Days::new(&files);
    let cells = gap_cells();
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &params()).unwrap();
    let inside: Vec<bool> = cov.cells.iter().map(|c| c.in_demand_area).collect();
    assert_eq!(inside, [true, true, false, false, true, false, false]);
    assert_eq!(cov.cells[0].served(DayType::Weekday), Some(Served::Nartrafik));
    assert_eq!(cov.cells[0].weekday().band, Band::NoStop); // the band is about line service
    // Gaps now: {g_d} 40, {B} 40, {g_c} 5 (corner adjacency, g_c's neighbours are in the zone).
    let got: Vec<(Vec<u32>, u64)> = cov.gaps.iter().map(|g| (g.cells.clone(), g.population)).collect();
    assert_eq!(got, vec![(vec![3], 40), (vec![5], 40), (vec![2], 5)]);
    // Weekday county: närtrafik 20 + 30 = 50; unserved g_c 5 + g_d 40 + B 40 = 85; basic A 50.
    let t = cov.county.days[0].all;
    assert_eq!((t.basic, t.nartrafik, t.unserved), (50, 50, 85));
}

#[test]
fn area_classes_by_hand() {
    let days = Days::new(&network());
    let towns = [
        Town { pos: xy(480_500.0, 6_300_500.0), population: 5000, municipality: 0 }, // Storby
        Town { pos: xy(490_500.0, 6_300_500.0), population: 250, municipality: 0 },  // Lillby
        Town { pos: xy(480_500.0, 6_310_500.0), population: 150, municipality: 0 },  // Småby
    ];
    let cells = [
        cell(SEAT_CELL.0, SEAT_CELL.1, 1000, 0), // 0
        cell(A_CELL.0, A_CELL.1, 50, 0),         // 1
        cell(C_CELL.0, C_CELL.1, 30, 0),         // 2
        cell(FAR_CELL.0, FAR_CELL.1, 20, 0),     // 3
        cell(470_000.0, 6_321_000.0, 30, 0),     // 4, north of 3
        cell(500_000.0, 6_300_000.0, 600, 0),    // 5
        cell(460_000.0, 6_340_000.0, 40, 0),     // 6
    ];
    let cov = compute(&days, &days.tts(), &cells, &munis(), &towns, &CoverageParams::default()).unwrap();
    let classes: Vec<AreaClass> = cov.cells.iter().map(|c| c.class).collect();
    // 0: Storby (≥ 200) at 0 m → town. 1: Lillby (250 ≥ 200) at 0 m → town.
    // 2: Småby has 150 < 200, not a tätort; 30 /km² < 500; neighbourhood 30 / 9 = 3.3 < 5, but
    //    Storby (≥ 2 500) is exactly 10 000 m away, not more → rural.
    // 3 and 4: neighbours, (20 + 30) / 9 = 5.6 /km² ≥ 5 → rural.
    // 5: 600 /km² ≥ 500 → town, though no town is near.
    // 6: 40 / 9 = 4.4 < 5, Storby √(20 000² + 40 000²) = 44 721 m > 10 000 → sparse.
    let (t, r, s) = (AreaClass::Town, AreaClass::Rural, AreaClass::Sparse);
    assert_eq!(classes, [t, t, r, r, r, t, s]);
    assert!((cov.cells[3].neighbourhood_density_km2 - 50.0 / 9.0).abs() < 1e-9);
    assert!((cov.cells[2].nearest_big_town_m.unwrap() - 10_000.0).abs() < 1e-6);
}

#[test]
fn municipality_totals_by_hand() {
    let days = Days::new(&network());
    let mut cells = five_cells();
    cells.push(cell(520_000.0, 6_300_000.0, 70, 1)); // Beta, 30 km from A: no stop
    let cov = compute(&days, &days.tts(), &cells, &munis(), &[], &params()).unwrap();
    // No towns given, so classes by density and neighbourhood only: seat 1 000 /km² → town;
    // A 50 / 9 = 5.6 → rural; Beta 70 / 9 = 7.8 → rural; B 4.4, C 3.3, far 2.2 → sparse.
    let alfa = &cov.municipalities[0];
    let w = alfa.days[0].all;
    // Weekday, Alfa: population 1 000 + 50 + 40 + 30 + 20 = 1 140; basic seat + A + C = 1 080;
    // unserved B 40 + far 20 = 60. Bands: no_stop far 20; few B 40; basic C 30; good seat + A.
    assert_eq!((w.cells, w.population, w.basic, w.nartrafik, w.unserved), (5, 1140, 1080, 0, 60));
    assert_eq!(w.bands, [20, 40, 30, 1050]);
    let [town, rural, sparse] = alfa.days[0].by_class;
    assert_eq!((town.population, town.basic), (1000, 1000));
    assert_eq!((rural.population, rural.basic), (50, 50));
    // Sparse: B 40 (few), C 30 (basic), far 20 (no stop).
    assert_eq!((sparse.population, sparse.basic, sparse.unserved, sparse.bands), (90, 30, 60, [20, 40, 30, 0]));
    // Beta: 70, no stop.
    let b = cov.municipalities[1].days[0].all;
    assert_eq!((b.population, b.basic, b.unserved, b.bands), (70, 0, 70, [70, 0, 0, 0]));
    // Beta's seat (520 500, 6 300 500) has no stop within 1 500 m; Alfa's has SEAT.
    assert_eq!(cov.seats_without_stops, [1]);
    // County = Alfa + Beta.
    let c = cov.county.days[0].all;
    assert_eq!((c.population, c.basic, c.unserved, c.bands), (1210, 1080, 130, [90, 40, 30, 1050]));
    // Saturday and Sunday: no cell reaches 2 per direction → Alfa basic 0; few = every cell with a
    // stop in reach (1 000 + 50 + 40 + 30), no stop = far 20.
    for k in [1, 2] {
        let d = &alfa.days[k];
        assert_eq!(d.day, [DayType::Weekday, DayType::Saturday, DayType::Sunday][k]);
        assert_eq!((d.all.basic, d.all.unserved, d.all.bands), (0, 1140, [20, 1120, 0, 0]));
    }
    assert_eq!(
        cov.dates.iter().map(|d| d.1.to_string()).collect::<Vec<_>>(),
        ["2026-11-24", "2026-11-28", "2026-11-29"]
    );
}

#[test]
fn bad_inputs_are_named() {
    let days = Days::new(&network());
    let cells = [cell(0.0, 0.0, 1, 0), cell(0.0, 1000.0, 1, 5)];
    let e = compute(&days, &days.tts(), &cells, &munis(), &[], &params()).unwrap_err();
    assert!(matches!(e, CoverageError::Cell { cell: 1, .. }), "{e}");
    assert!(e.to_string().contains("municipality index 5"), "{e}");

    let p = CoverageParams { max_stop_distance_m: 0.0, ..params() };
    let e = compute(&days, &days.tts(), &cells[..1], &munis(), &[], &p).unwrap_err();
    assert!(e.to_string().contains("max_stop_distance_m"), "{e}");

    // A Saturday timetable of another feed (minimal(): 3 stops, this feed 4).
    let other = Days::new(&minimal());
    let tts = DayTimetables { weekday: &days.wd, saturday: Some(&other.wd), sunday: None };
    let e = compute(&days, &tts, &cells[..1], &munis(), &[], &params()).unwrap_err();
    assert_eq!(e, CoverageError::Timetable { day: "saturday", got: 3, want: 4 });

    // One närtrafik flag per cell.
    let (m, tts) = (munis(), days.tts());
    let input = CoverageInput { days: tts, cells: &cells[..1], in_demand_area: &[], municipalities: &m, towns: &[] };
    let e = narhet::metrics::coverage::compute(&input, &params()).unwrap_err();
    assert_eq!(e, CoverageError::DemandAreas { got: 0, want: 1 });
}

#[test]
fn outputs_are_well_formed_and_deterministic() {
    let days = Days::new(&network());
    let cells = gap_cells();
    let m = munis();
    let n = names();
    let run = || compute(&days, &days.tts(), &cells, &m, &[], &params()).unwrap();
    let (a, b) = (run(), run());
    let view = |cov| CoverageView { cov, cells: &cells, names: &n, feed: &days.feed };
    let (va, vb) = (view(&a), view(&b));
    let csv = |t| table_to_string(&t, None, Format::Csv).unwrap();
    let geojson = |(t, g): (_, Vec<_>)| geojson_sorted_string(&t, &g).unwrap();

    let cells_csv = csv(va.cells_table());
    assert_eq!(cells_csv, csv(vb.cells_table()));
    let lines: Vec<&str> = cells_csv.lines().collect();
    assert_eq!(lines.len(), 1 + cells.len());
    assert!(lines[0].starts_with("cell,x,y,size_m,lon,lat,population,municipality,class"));
    // Row of the A cell (index 6): weekday counts 3 / 2, band good, served by line, no gap.
    assert!(lines[7].contains(",3,2,good,line,"), "{}", lines[7]);

    let munis_csv = csv(va.municipalities_table());
    // Header + (county + 2 municipalities) × 3 days × (all + 3 classes).
    assert_eq!(munis_csv.lines().count(), 1 + 3 * 3 * 4);
    assert!(munis_csv.lines().nth(1).unwrap().starts_with("County,,weekday,2026-11-24,all,7,185,50,0,135,"));

    let gaps_csv = csv(va.gaps_table());
    assert_eq!(gaps_csv.lines().count(), 1 + 3);
    assert!(gaps_csv.lines().nth(1).unwrap().starts_with("1,3,55,470591,6321227,"));

    let gj: serde_json::Value = serde_json::from_str(&geojson(va.gaps_layer())).unwrap();
    let f = &gj["features"][0];
    assert_eq!(f["geometry"]["type"], "MultiPolygon");
    let polys = f["geometry"]["coordinates"].as_array().unwrap();
    assert_eq!(polys.len(), 3); // gap 1 has three cells
    let ring = polys[0][0].as_array().unwrap();
    assert_eq!(ring.len(), 5);
    assert_eq!(ring[0], ring[4]);
    // Lon first, within Sweden, at most 6 decimals.
    let lon = ring[0][0].as_f64().unwrap();
    assert!((10.0..25.0).contains(&lon) && (ring[0][1].as_f64().unwrap() > 55.0));
    assert!(ring[0][0].to_string().split('.').nth(1).unwrap().len() <= 6);
    assert_eq!(f["properties"]["nearest_basic_stop"], "Cby");

    let cells_gj = geojson(va.cells_layer());
    // One line, keys in alphabetical order.
    assert!(cells_gj.starts_with(r#"{"features":[{"geometry":{"coordinates":"#), "{cells_gj}");
    assert_eq!(cells_gj.lines().count(), 1);
    let cj: serde_json::Value = serde_json::from_str(&cells_gj).unwrap();
    assert_eq!(cj["features"].as_array().unwrap().len(), cells.len());
    assert_eq!(cj["features"][6]["properties"]["weekday_band"], "good");
    assert_eq!(cj["features"][0]["properties"]["gap"], 1);
    assert_eq!(cj["features"][0]["properties"]["in_nartrafik_area"], false);

    let pts: serde_json::Value = serde_json::from_str(&geojson(va.gap_points_layer())).unwrap();
    assert_eq!(pts["features"][0]["geometry"]["type"], "Point");

    let js: serde_json::Value = serde_json::from_str(&va.summary_json(&params()).unwrap()).unwrap();
    assert_eq!(js["county"]["days"][0]["all"]["population"], 185);
    assert_eq!(js["county"]["name"], "County");
    assert_eq!(js["municipalities"][1]["seat_town"], "Betaby");
    assert_eq!(js["gaps"][0]["population"], 55);
    assert_eq!(js["gaps"][0]["municipality_name"], "Alfa");
    assert_eq!(js["gaps"][0]["nearest_basic_stop"]["id"], "C");
    assert_eq!(js["params"]["max_stop_distance_m"], 1000.0);

    let text = va.render_text(5);
    assert!(text.contains("Alfa") && text.contains("Largest gaps"), "{text}");
}

/// The readings of the Glesbygdstrafik rule on one network (seat S at 480 500, 6 300 500):
///
/// * cell P (10 people, centroid 500 500, 6 300 500): stop N1 300 m east, N2 600 m north. One
///   run N1 → S (direction 0) and one S → N1 → E (direction 1); the same at N2.
/// * cell Q (20 people, centroid 500 500, 6 320 500): stop Q1 at its centroid on a line W → Q1 → Z
///   (direction 0, twice) and back Z → Q1 → W (direction 1, twice) that never reaches the seat.
/// * cell R (5 people): no stop within 1 km.
fn readings_network() -> Vec<(&'static str, String)> {
    let stops = [
        ("S", 480_500.0, 6_300_500.0),
        ("N1", 500_800.0, 6_300_500.0),
        ("N2", 500_500.0, 6_301_100.0),
        ("E", 540_500.0, 6_300_500.0),
        ("Q1", 500_500.0, 6_320_500.0),
        ("W", 490_500.0, 6_320_500.0),
        ("Z", 510_500.0, 6_320_500.0),
    ];
    let mut stops_txt = String::from("stop_id,stop_name,stop_lat,stop_lon\n");
    for (id, x, y) in stops {
        stops_txt += &format!("{id},{id},{}\n", ll(x, y));
    }
    let runs: [(&str, u8, &[&str], u32); 8] = [
        ("P1", 0, &["N1", "S"], 7),
        ("P2", 1, &["S", "N1", "E"], 15),
        ("P3", 0, &["N2", "S"], 8),
        ("P4", 1, &["S", "N2", "E"], 16),
        ("Q1a", 0, &["W", "Q1", "Z"], 7),
        ("Q1b", 0, &["W", "Q1", "Z"], 12),
        ("Q2a", 1, &["Z", "Q1", "W"], 9),
        ("Q2b", 1, &["Z", "Q1", "W"], 17),
    ];
    let mut trips = String::from("route_id,service_id,trip_id,direction_id\n");
    let mut times = String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
    for (trip, dir, calls, hour) in runs {
        trips += &format!("R,WD,{trip},{dir}\n");
        for (i, stop) in calls.iter().enumerate() {
            let t = format!("{hour:02}:{:02}:00", 20 * i);
            times += &format!("{trip},{t},{t},{stop},{}\n", i + 1);
        }
    }
    vec![
        ("agency.txt", AGENCY.to_string()),
        ("stops.txt", stops_txt),
        ("routes.txt", "route_id,agency_id,route_short_name,route_type\nR,A,1,3\n".into()),
        ("trips.txt", trips),
        ("stop_times.txt", times),
        (
            "calendar.txt",
            "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
             WD,1,1,1,1,1,0,0,20260101,20261231\n"
                .into(),
        ),
    ]
}

#[test]
fn glesbygdstrafik_readings_by_hand() {
    let days = Days::new(&readings_network());
    let cells = [
        cell(500_000.0, 6_300_000.0, 10, 0), // P
        cell(500_000.0, 6_320_000.0, 20, 0), // Q
        cell(460_000.0, 6_340_000.0, 5, 0),  // R
    ];
    let munis = [Municipality { seat: xy(480_500.0, 6_300_500.0) }];
    let eligible = |stops: StopRule, direction: DirectionRule| {
        let p = CoverageParams { stops, direction, ..Default::default() };
        let cov = compute(&days, &days.tts(), &cells, &munis, &[], &p).unwrap();
        let wd = cov.county.days[DayType::Weekday.ix()].all;
        (wd.unserved + wd.nartrafik, cov)
    };
    // The literal reading is the default: the nearest stop, the timetable's directions.
    let d = CoverageParams::default();
    assert_eq!((d.stops, d.direction), (StopRule::Nearest, DirectionRule::DirectionId));

    // Literal (nearest, direction_id): P counts N1 only — P1 picks up there in direction 0, P2 in
    // direction 1: 1 and 1 < 2 → eligible. Q: Q1a, Q1b pick up at Q1 in direction 0, Q2a, Q2b in
    // direction 1: 2 and 2 → basic. R: no stop. Eligible 10 + 5 = 15.
    let (n, cov) = eligible(StopRule::Nearest, DirectionRule::DirectionId);
    assert_eq!(n, 15);
    assert_eq!(cov.cells[0].weekday().counted, [1, 1]);
    assert_eq!(cov.cells[0].stops_within, 2);
    assert_eq!(cov.cells[1].weekday().counted, [2, 2]);
    // Nearest, towards / from the seat: P 1 towards (P1), 1 from (P2) → eligible; Q's line never
    // reaches the seat: 0 towards → eligible too. 10 + 20 + 5 = 35.
    let (n, cov) = eligible(StopRule::Nearest, DirectionRule::Seat);
    assert_eq!(n, 35);
    assert_eq!(cov.cells[1].weekday().counted, [0, 0]);
    // Pooled, direction_id: P counts N1 and N2 — P1, P3 in direction 0 and P2, P4 in direction 1:
    // 2 and 2 → basic; Q basic. Only R: 5.
    let (n, cov) = eligible(StopRule::Pooled, DirectionRule::DirectionId);
    assert_eq!(n, 5);
    assert_eq!(cov.cells[0].weekday().counted, [2, 2]);
    // Pooled, towards / from the seat (the old default): P 2 towards, 2 from → basic; Q eligible.
    // 20 + 5 = 25.
    let (n, _) = eligible(StopRule::Pooled, DirectionRule::Seat);
    assert_eq!(n, 25);
}
