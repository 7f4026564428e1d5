//! Speed of the stop table and PTAL on a generated network of 1 million stop_times: 10 000 stops
//! on a 300 m grid, 400 routes of 25 stops, 100 trips each between 05:00 and 23:00, and a
//! 250 m population grid of 14 400 cells. The timetable is built once outside the timing: the
//! issue asks for the table "after loading".

use criterion::{Criterion, criterion_group, criterion_main};
use narhet::date::Date;
use narhet::feed::{Call, Feed, LocationType, Route, Service, Stop, Trip};
use narhet::metrics::ptal::{PtalIndex, PtalParams, cell_ptal};
use narhet::metrics::stops::{Catchment, StopOptions, priority_list, stop_table};
use narhet::spatial::{Cell, Xy, to_wgs84};
use narhet::timetable::{FootpathOptions, Timetable};

const GRID: u32 = 100;
const SPACING: f64 = 300.0;
const X0: f64 = 440_000.0;
const Y0: f64 = 6_280_000.0;
const ROUTES: u32 = 400;
const STOPS_PER_ROUTE: u32 = 25;
const TRIPS_PER_ROUTE: u32 = 100;

/// A small deterministic generator (64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u32) -> u32 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as u32
    }
}

fn network() -> Feed {
    let mut feed = Feed::default();
    let mut rng = Lcg(7);
    for j in 0..GRID {
        for i in 0..GRID {
            let (lat, lon) = to_wgs84(Xy { x: X0 + i as f64 * SPACING, y: Y0 + j as f64 * SPACING });
            feed.stops.push(Stop {
                id: format!("S{:05}", j * GRID + i).into(),
                name: format!("Hållplats {i}:{j}").into(),
                lat,
                lon,
                location_type: LocationType::Stop,
                parent: None,
                wheelchair_boarding: rng.next(3) as u8,
                feed: 0,
            });
        }
    }
    feed.services.push(Service {
        id: "WD".into(),
        weekdays: 0b0011111,
        start: Date::from_ymd(2026, 1, 1),
        end: Date::from_ymd(2026, 12, 31),
        added: vec![],
        removed: vec![],
    });
    for r in 0..ROUTES {
        feed.routes.push(Route {
            id: format!("R{r}"),
            short_name: r.to_string(),
            long_name: String::new(),
            route_type: if r % 20 == 0 { 2 } else { 3 },
            agency: None,
            feed: 0,
        });
        // A line along a grid row or column, starting anywhere it fits.
        let horizontal = r % 2 == 0;
        let (a, b) = (rng.next(GRID), rng.next(GRID - STOPS_PER_ROUTE));
        let stops: Vec<u32> =
            (0..STOPS_PER_ROUTE).map(|k| if horizontal { a * GRID + b + k } else { (b + k) * GRID + a }).collect();
        for t in 0..TRIPS_PER_ROUTE {
            let dir = t % 2;
            let start = 5 * 3600 + t * (18 * 3600 / TRIPS_PER_ROUTE) + rng.next(300);
            let first_call = feed.calls.len() as u32;
            for k in 0..STOPS_PER_ROUTE {
                let s = if dir == 0 { stops[k as usize] } else { stops[(STOPS_PER_ROUTE - 1 - k) as usize] };
                let time = start + k * 90;
                feed.calls.push(Call {
                    stop: s,
                    arrival: time,
                    departure: time + 20,
                    pickup: true,
                    drop_off: true,
                    booking: false,
                });
            }
            feed.trips.push(Trip {
                id: format!("R{r}T{t}").into(),
                route: r,
                service: 0,
                headsign: Default::default(),
                direction: Some(dir as u8),
                wheelchair: 0,
                first_call,
                n_calls: STOPS_PER_ROUTE,
                first_freq: 0,
                n_freq: 0,
                feed: 0,
            });
        }
    }
    feed
}

fn cells() -> Vec<Cell> {
    let mut rng = Lcg(11);
    let n = (GRID as f64 * SPACING / 250.0) as u32;
    let mut out = Vec::new();
    for j in 0..n {
        for i in 0..n {
            out.push(Cell {
                x: X0 - 125.0 + i as f64 * 250.0,
                y: Y0 - 125.0 + j as f64 * 250.0,
                size_m: 250.0,
                population: rng.next(60),
                municipality: (i * 4 / n) as u16,
            });
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let feed = network();
    assert_eq!(feed.calls.len(), 1_000_000);
    let date = Date::from_ymd(2026, 11, 24).expect("date");
    let tt = Timetable::build(&feed, date, &FootpathOptions { radius_m: 0.0, ..Default::default() });
    let cells = cells();
    let opts = StopOptions::default();

    let mut g = c.benchmark_group("stops_1M_stop_times");
    g.sample_size(10);
    g.bench_function("stop_table", |b| b.iter(|| stop_table(&tt, &opts, None).expect("table")));
    g.bench_function("stop_table_with_population", |b| b.iter(|| stop_table(&tt, &opts, Some(&cells)).expect("table")));
    let table = stop_table(&tt, &opts, Some(&cells)).expect("table");
    let catchment = Catchment::new(&cells);
    g.bench_function("priority_list", |b| b.iter(|| priority_list(&table, &catchment, 400.0)));
    g.bench_function("ptal_cells", |b| {
        b.iter(|| {
            let idx = PtalIndex::new(&tt, &PtalParams::default()).expect("ptal");
            cell_ptal(&idx, &cells)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
