//! Kolada's "Andel av befolkningen i kollektivtrafiknära läge" on a hand-made grid and feed; every
//! answer worked out by hand beside its assertion.
//!
//! Stops (SWEREF 99 TM; every trip runs from the stop to T, 30 min, weekdays only):
//!
//! ```text
//! H  (480 500, 6 300 500)  departs 06:10, 07:10, … 19:10 — every hour 06–20: qualifies
//! G  (482 000, 6 300 500)  every hour but 12–13: fails
//! P1 (484 000, 6 300 500)  platform of station ST, departs in even hours 06, 08, … 18
//! P2 (484 050, 6 300 500)  platform of ST, odd hours 07, 09, … 19: the station qualifies as one
//! A1 (486 000, 6 300 500)  even hours; A2 (486 300, 6 300 500) odd hours, no station: both fail
//! E  (488 000, 6 300 500)  06:00 … 18:00 and 20:00 — nothing in 19–20 (20:00 is hour 20): fails
//! E2 (490 000, 6 300 500)  06:00 … 18:00 and 19:59: qualifies
//! T  (600 000, 6 300 500)  arrivals of every trip, never a boarding: fails
//! ```

use crate::common::*;
use narhet::analysis::kolada::run_kolada;
use narhet::date::Date;
use narhet::feed::{LoadOptions, load};
use narhet::metrics::kolada::{KOLADA_NAME, KoladaArea, KoladaParams, compute};
use narhet::spatial::{Cell, Xy, to_wgs84};
use narhet::timetable::{FootpathOptions, Timetable};

fn ll(x: f64, y: f64) -> String {
    let (lat, lon) = to_wgs84(Xy { x, y });
    format!("{lat:.9},{lon:.9}")
}

const Y: f64 = 6_300_500.0;

fn feed_files() -> Vec<(&'static str, String)> {
    let mut stops = String::from("stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n");
    for (id, x, lt, parent) in [
        ("H", 480_500.0, 0, ""),
        ("G", 482_000.0, 0, ""),
        ("ST", 484_025.0, 1, ""),
        ("P1", 484_000.0, 0, "ST"),
        ("P2", 484_050.0, 0, "ST"),
        ("A1", 486_000.0, 0, ""),
        ("A2", 486_300.0, 0, ""),
        ("E", 488_000.0, 0, ""),
        ("E2", 490_000.0, 0, ""),
        ("T", 600_000.0, 0, ""),
    ] {
        stops += &format!("{id},{id},{},{lt},{parent}\n", ll(x, Y));
    }
    let even: Vec<String> = (6..19).step_by(2).map(|h| format!("{h:02}:00")).collect();
    let odd: Vec<String> = (7..20).step_by(2).map(|h| format!("{h:02}:00")).collect();
    let hours = |skip: Option<u32>, min: u32| -> Vec<String> {
        (6..20).filter(|&h| Some(h) != skip).map(|h| format!("{h:02}:{min:02}")).collect()
    };
    let upto18: Vec<String> = (6..19).map(|h| format!("{h:02}:00")).collect();
    let deps: Vec<(&str, Vec<String>)> = vec![
        ("H", hours(None, 10)),
        ("G", hours(Some(12), 10)),
        ("P1", even.clone()),
        ("P2", odd.clone()),
        ("A1", even),
        ("A2", odd),
        ("E", [upto18.clone(), vec!["20:00".into()]].concat()),
        ("E2", [upto18, vec!["19:59".into()]].concat()),
    ];
    let mut trips = String::from("route_id,service_id,trip_id\n");
    let mut times = String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
    for (stop, list) in deps {
        for (i, dep) in list.iter().enumerate() {
            let trip = format!("{stop}{i}");
            let (h, m) = (dep[0..2].parse::<u32>().unwrap(), dep[3..5].parse::<u32>().unwrap());
            let arr = format!("{:02}:{:02}:00", h + (m + 30) / 60, (m + 30) % 60);
            trips += &format!("R,WD,{trip}\n");
            times += &format!("{trip},{dep}:00,{dep}:00,{stop},1\n{trip},{arr},{arr},T,2\n");
        }
    }
    vec![
        ("agency.txt", AGENCY.to_string()),
        ("stops.txt", stops),
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

/// A 1 km cell whose centroid is `(cx, cy)`.
fn cell(cx: f64, cy: f64, population: u32, municipality: u16) -> Cell {
    Cell { x: cx - 500.0, y: cy - 500.0, size_m: 1000.0, population, municipality }
}

fn grid() -> Vec<Cell> {
    vec![
        cell(480_500.0, Y, 10, 0),         // at H: near
        cell(480_500.0, Y + 499.0, 20, 0), // 499 m from H: near
        cell(480_500.0, Y - 501.0, 40, 0), // 501 m from H: not near
        cell(482_000.0, Y, 7, 1),          // at G (gap 12–13): not near
        cell(484_400.0, Y, 5, 1),          // 400 m from P1, 350 m from P2 (station ST): near
        cell(486_150.0, Y, 3, 1),          // 150 m from A1 and A2, not pooled: not near
        cell(488_000.0, Y, 11, 1),         // at E (nothing 19–20): not near
        cell(490_000.0, Y, 13, 1),         // at E2 (19:59): near
        cell(600_000.0, Y, 100, 2),        // at T (no boarding); municipality 2 counts in the county only
    ]
}

fn timetable(date: &str) -> Timetable {
    let dir = write(&feed_files());
    let feed = load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
    let fp = FootpathOptions { radius_m: 0.0, ..Default::default() };
    Timetable::build(&feed, Date::parse(date).unwrap(), &fp)
}

#[test]
fn the_indicator_on_a_hand_made_grid_equals_the_hand_count() {
    // Tuesday 24 November 2026.
    let tt = timetable("2026-11-24");
    let k = compute(&tt, &grid(), 2, &KoladaParams::default());
    // Qualifying hållplatser: H, the station ST (P1 + P2), E2 = 3.
    assert_eq!(k.hallplatser, 3);
    assert_eq!(k.cell_near, [true, true, false, false, true, false, false, true, false]);
    // Municipality 0: 10 + 20 + 40 = 70 people, near 10 + 20 = 30 → 3/7.
    assert_eq!(k.municipalities[0], KoladaArea { population: 70, near: 30 });
    assert!((k.municipalities[0].share().unwrap() - 3.0 / 7.0).abs() < 1e-12);
    // Municipality 1: 7 + 5 + 3 + 11 + 13 = 39, near 5 + 13 = 18.
    assert_eq!(k.municipalities[1], KoladaArea { population: 39, near: 18 });
    // County: 70 + 39 + 100 = 209 people, near 30 + 18 = 48.
    assert_eq!(k.county, KoladaArea { population: 209, near: 48 });
    // Pooling would count the A1/A2 cell (3 more); one stop per hour is the rule.
    // A wider window 06–21 fails every stop: only E departs in 20–21, and it misses 19–20.
    let wide = compute(&tt, &grid(), 2, &KoladaParams { to_hour: 21, ..Default::default() });
    assert_eq!((wide.hallplatser, wide.county.near), (0, 0));
}

#[test]
fn a_day_that_is_not_a_weekday_is_warned_about() {
    let names = vec!["Alfa".to_string(), "Beta".to_string()];
    let weekday = run_kolada(&timetable("2026-11-24"), &grid(), &names);
    assert_eq!(weekday.warning(), None);
    let j = weekday.json("Län");
    assert_eq!((j.indicator, j.county.near, j.county.population), (KOLADA_NAME, 48, 209));
    assert_eq!(j.municipalities[1].name, "Beta");
    // Saturday 28 November: no weekday trips, nobody near, and a warning naming the day.
    let saturday = run_kolada(&timetable("2026-11-28"), &grid(), &names);
    assert_eq!(saturday.result.county.near, 0);
    let w = saturday.warning().expect("a Saturday is warned about");
    assert!(w.contains("2026-11-28") && w.contains("weekday"), "{w}");
}
