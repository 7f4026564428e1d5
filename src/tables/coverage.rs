//! A [`Coverage`] as output: CSV tables (per municipality, per cell, gaps) for Excel, GeoJSON
//! layers (cells, gap clusters, gap centroids) for QGIS, a JSON summary, and text tables for
//! the terminal. The tables and layers are [`Table`]s written by [`crate::export`]; everything
//! is deterministic byte for byte.
//!
//! The metric's results are keyed by index; here they get the municipalities' names
//! ([`AreaNames`]), the stops' ids and names (from the feed) and WGS84 coordinates. GeoJSON
//! follows RFC 7946: WGS84 `[lon, lat]` rounded to 6 decimals (about 0.1 m), polygon rings
//! counter-clockwise, one geometry type per file (QGIS wants one per layer), written on one line
//! with keys in alphabetical order ([`crate::export::write_geojson_sorted`]). CSV:
//! comma-separated, UTF-8, plain numbers (no grouping) so that spreadsheets read them.

use serde::Serialize;

use crate::date::{Date, fmt_hm};
use crate::export::{ExportError, Field, Geometry, Table, pretty_json};
use crate::feed::{Feed, Stop};
use crate::metrics::coverage::{AreaClass, AreaSummary, Band, Coverage, CoverageParams, DayType, Gap, Tally};
use crate::numfmt::{int, pct};
use crate::spatial::{Cell, to_wgs84};
use crate::timetable::StopIdx;

/// How the municipalities are named in coverage output, by municipality index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AreaNames {
    pub names: Vec<String>,
    /// Name of each municipality's seat town (centralort), e.g. "Åseda" for Uppvidinge.
    pub seat_towns: Vec<String>,
}

impl AreaNames {
    pub fn name(&self, m: u16) -> &str {
        self.names.get(m as usize).map_or("", String::as_str)
    }

    pub fn seat_town(&self, m: u16) -> &str {
        self.seat_towns.get(m as usize).map_or("", String::as_str)
    }
}

/// A coverage result with what it needs for output: the cells it was computed for, the
/// municipalities' names and the feed (for stop ids and names).
#[derive(Clone, Copy, Debug)]
pub struct CoverageView<'a> {
    pub cov: &'a Coverage,
    pub cells: &'a [Cell],
    pub names: &'a AreaNames,
    pub feed: &'a Feed,
}

fn opt_time(t: Option<u32>) -> Field {
    Field::opt_text(t.map(fmt_hm))
}

fn share(part: u64, whole: u64) -> Field {
    if whole == 0 { Field::Null } else { Field::Fixed(part as f64 / whole as f64, 4) }
}

impl<'a> CoverageView<'a> {
    fn stop(&self, s: StopIdx) -> Option<&'a Stop> {
        self.feed.stops.get(s.ix())
    }

    /// The per-municipality table in long form, one row per (area, day, class): the county
    /// first, then the municipalities in region order; class `all`, then town, rural, sparse.
    pub fn municipalities_table(&self) -> Table {
        let mut t = Table::new(&[
            "area",
            "seat_town",
            "day",
            "date",
            "class",
            "cells",
            "population",
            "basic",
            "nartrafik",
            "unserved",
            "share_basic",
            "band_no_stop",
            "band_few",
            "band_basic",
            "band_good",
        ]);
        let areas = std::iter::once(("County", "", &self.cov.county)).chain(
            self.cov.municipalities.iter().enumerate().map(|(m, a)| {
                let m = m as u16;
                (self.names.name(m), self.names.seat_town(m), a)
            }),
        );
        for (name, seat_town, a) in areas {
            for d in &a.days {
                let date = self.cov.dates.iter().find(|x| x.0 == d.day).map_or(String::new(), |x| x.1.to_string());
                let classes = std::iter::once(("all", &d.all))
                    .chain(AreaClass::ALL.iter().map(|c| (c.name(), &d.by_class[*c as usize])));
                for (class, x) in classes {
                    let mut row = vec![
                        Field::Text(name.into()),
                        Field::Text(seat_town.into()),
                        Field::Text(d.day.name().into()),
                        Field::Text(date.clone()),
                        Field::Text(class.into()),
                        Field::Int(x.cells as i64),
                        Field::Int(x.population as i64),
                        Field::Int(x.basic as i64),
                        Field::Int(x.nartrafik as i64),
                        Field::Int(x.unserved as i64),
                        share(x.basic, x.population),
                    ];
                    row.extend(x.bands.iter().map(|&b| Field::Int(b as i64)));
                    t.push(row);
                }
            }
        }
        t
    }

    /// One row per input cell, in input order. `<day>_dep_a` / `<day>_dep_b` are the two counts
    /// the basic test compared, as `direction_rule` says: `seat` (towards / from the seat),
    /// `out_back` (cells at the seat: boarding / alighting in reach) or `direction_id` (0 / 1).
    /// Times HH:MM.
    pub fn cells_table(&self) -> Table {
        let mut head: Vec<String> = [
            "cell",
            "x",
            "y",
            "size_m",
            "lon",
            "lat",
            "population",
            "municipality",
            "class",
            "density_km2",
            "neighbourhood_density_km2",
            "nearest_big_town_m",
            "nearest_stop_id",
            "nearest_stop_name",
            "nearest_stop_m",
            "stops_within",
            "direction_rule",
            "in_nartrafik_area",
        ]
        .map(String::from)
        .to_vec();
        for &(d, _) in &self.cov.dates {
            for f in ["dep_a", "dep_b", "band", "served"] {
                head.push(format!("{}_{f}", d.name()));
            }
        }
        head.extend(
            ["towards_seat", "from_seat", "first_seat_arrival", "last_seat_departure", "same_day_return", "gap"]
                .map(String::from),
        );
        let mut t = Table::new(&head);
        for (i, (c, cc)) in self.cells.iter().zip(&self.cov.cells).enumerate() {
            let (lat, lon) = to_wgs84(c.centroid());
            let stop = cc.nearest_stop.and_then(|(s, d)| Some((self.stop(s)?, d)));
            let mut r = vec![
                Field::Int(i as i64),
                Field::Fixed(c.x, 0),
                Field::Fixed(c.y, 0),
                Field::Fixed(c.size_m, 0),
                Field::Fixed(lon, 6),
                Field::Fixed(lat, 6),
                Field::Int(c.population as i64),
                Field::Text(self.names.name(c.municipality).into()),
                Field::Text(cc.class.name().into()),
                Field::Fixed(cc.density_km2, 1),
                Field::Fixed(cc.neighbourhood_density_km2, 1),
                cc.nearest_big_town_m.map_or(Field::Null, |d| Field::Fixed(d, 0)),
                Field::opt_text(stop.map(|(st, _)| st.id.to_string())),
                Field::opt_text(stop.map(|(st, _)| st.name.to_string())),
                stop.map_or(Field::Null, |(_, d)| Field::Fixed(d, 0)),
                Field::Int(cc.stops_within as i64),
                Field::Text(cc.rule.name().into()),
                Field::Bool(cc.in_demand_area),
            ];
            for &(d, _) in &self.cov.dates {
                match (cc.days[d.ix()], cc.served(d)) {
                    (Some(ds), Some(s)) => r.extend([
                        Field::Int(ds.counted[0] as i64),
                        Field::Int(ds.counted[1] as i64),
                        Field::Text(ds.band.name().into()),
                        Field::Text(s.name().into()),
                    ]),
                    _ => r.extend(std::iter::repeat_n(Field::Null, 4)),
                }
            }
            let w = cc.weekday();
            r.extend([
                Field::Int(w.towards_seat as i64),
                Field::Int(w.from_seat as i64),
                opt_time(w.first_seat_arrival),
                opt_time(w.last_seat_departure),
                Field::Bool(w.same_day_return),
                cc.gap.map_or(Field::Null, |g| Field::Int(g as i64)),
            ]);
            t.push(r);
        }
        t
    }

    /// The gap's nearest stop with basic service: (id, name, distance).
    fn gap_stop(&self, g: &Gap) -> Option<(&'a str, &'a str, f64)> {
        let s = g.nearest_basic_stop.as_ref()?;
        let st = self.stop(s.stop)?;
        Some((&st.id, &st.name, s.distance_m))
    }

    /// One row per gap, by rank.
    pub fn gaps_table(&self) -> Table {
        let mut t = Table::new(&[
            "gap",
            "cells",
            "population",
            "x",
            "y",
            "lon",
            "lat",
            "municipality",
            "seat_town",
            "nearest_basic_stop_id",
            "nearest_basic_stop_name",
            "nearest_basic_stop_m",
        ]);
        for g in &self.cov.gaps {
            let (lat, lon) = to_wgs84(g.centroid);
            let stop = self.gap_stop(g);
            t.push(vec![
                Field::Int(g.id as i64),
                Field::Int(g.n_cells as i64),
                Field::Int(g.population as i64),
                Field::Fixed(g.centroid.x, 0),
                Field::Fixed(g.centroid.y, 0),
                Field::Fixed(lon, 6),
                Field::Fixed(lat, 6),
                Field::Text(self.names.name(g.municipality).into()),
                Field::Text(self.names.seat_town(g.municipality).into()),
                Field::opt_text(stop.map(|s| s.0.to_string())),
                Field::opt_text(stop.map(|s| s.1.to_string())),
                stop.map_or(Field::Null, |s| Field::Fixed(s.2, 0)),
            ]);
        }
        t
    }

    /// Cells as polygons with their class, bands and service as properties.
    pub fn cells_layer(&self) -> (Table, Vec<Geometry>) {
        let mut head: Vec<String> =
            ["cell", "population", "municipality", "class", "stops_within", "nearest_stop_m", "in_nartrafik_area"]
                .map(String::from)
                .to_vec();
        for &(d, _) in &self.cov.dates {
            for f in ["band", "served", "dep_min"] {
                head.push(format!("{}_{f}", d.name()));
            }
        }
        head.push("gap".into());
        let mut t = Table::new(&head);
        let mut geoms = Vec::with_capacity(self.cells.len());
        for (i, (c, cc)) in self.cells.iter().zip(&self.cov.cells).enumerate() {
            let mut r = vec![
                Field::Int(i as i64),
                Field::Int(c.population as i64),
                Field::Text(self.names.name(c.municipality).into()),
                Field::Text(cc.class.name().into()),
                Field::Int(cc.stops_within as i64),
                cc.nearest_stop.map_or(Field::Null, |(_, d)| Field::Int(d.round() as i64)),
                Field::Bool(cc.in_demand_area),
            ];
            for &(d, _) in &self.cov.dates {
                match (cc.days[d.ix()], cc.served(d)) {
                    (Some(ds), Some(s)) => r.extend([
                        Field::Text(ds.band.name().into()),
                        Field::Text(s.name().into()),
                        Field::Int(ds.counted[0].min(ds.counted[1]) as i64),
                    ]),
                    _ => r.extend(std::iter::repeat_n(Field::Null, 3)),
                }
            }
            r.push(cc.gap.map_or(Field::Null, |g| Field::Int(g as i64)));
            t.push(r);
            geoms.push(Geometry::Polygon(vec![c.ring_wgs84().to_vec()]));
        }
        (t, geoms)
    }

    /// The properties of a gap in its layers.
    fn gap_props(&self) -> Table {
        let mut t = Table::new(&[
            "gap",
            "cells",
            "population",
            "municipality",
            "seat_town",
            "nearest_basic_stop",
            "nearest_basic_stop_id",
            "nearest_basic_stop_m",
        ]);
        for g in &self.cov.gaps {
            let stop = self.gap_stop(g);
            t.push(vec![
                Field::Int(g.id as i64),
                Field::Int(g.n_cells as i64),
                Field::Int(g.population as i64),
                Field::Text(self.names.name(g.municipality).into()),
                Field::Text(self.names.seat_town(g.municipality).into()),
                Field::opt_text(stop.map(|s| s.1.to_string())),
                Field::opt_text(stop.map(|s| s.0.to_string())),
                stop.map_or(Field::Null, |s| Field::Int(s.2.round() as i64)),
            ]);
        }
        t
    }

    /// Gap clusters as MultiPolygons of their cells, by rank.
    pub fn gaps_layer(&self) -> (Table, Vec<Geometry>) {
        let geoms = self
            .cov
            .gaps
            .iter()
            .map(|g| {
                Geometry::MultiPolygon(
                    g.cells
                        .iter()
                        .filter_map(|&i| self.cells.get(i as usize))
                        .map(|c| vec![c.ring_wgs84().to_vec()])
                        .collect(),
                )
            })
            .collect();
        (self.gap_props(), geoms)
    }

    /// Gap centroids (population-weighted) as points, by rank.
    pub fn gap_points_layer(&self) -> (Table, Vec<Geometry>) {
        let geoms = self
            .cov
            .gaps
            .iter()
            .map(|g| {
                let (lat, lon) = to_wgs84(g.centroid);
                Geometry::Point { lon, lat }
            })
            .collect();
        (self.gap_props(), geoms)
    }
}

/// An area's tallies with its names, for the JSON summary.
#[derive(Serialize)]
struct AreaJson<'a> {
    name: &'a str,
    seat_town: &'a str,
    days: &'a [crate::metrics::coverage::DaySummary],
}

/// A gap's nearest stop with service, for the JSON summary.
#[derive(Serialize)]
struct NearStopJson<'a> {
    id: &'a str,
    name: &'a str,
    distance_m: f64,
}

/// A gap with its municipality named, for the JSON summary.
#[derive(Serialize)]
struct GapJson<'a> {
    id: u32,
    n_cells: u32,
    population: u64,
    /// Population-weighted centroid, SWEREF 99 TM, to the centimetre.
    centroid: [f64; 2],
    lat: f64,
    lon: f64,
    municipality: u16,
    nearest_basic_stop: Option<NearStopJson<'a>>,
    municipality_name: &'a str,
    seat_town: &'a str,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    dates: Vec<(DayType, String)>,
    params: &'a CoverageParams,
    county: AreaJson<'a>,
    municipalities: Vec<AreaJson<'a>>,
    gaps: Vec<GapJson<'a>>,
}

impl CoverageView<'_> {
    /// The summary as pretty JSON: dates, parameters, county and municipality tallies, all gaps.
    pub fn summary_json(&self, params: &CoverageParams) -> Result<String, ExportError> {
        fn area<'b>(name: &'b str, seat_town: &'b str, a: &'b AreaSummary) -> AreaJson<'b> {
            AreaJson { name, seat_town, days: &a.days }
        }
        let cm = |x: f64| (x * 100.0).round() / 100.0;
        let r = SummaryJson {
            dates: self.cov.dates.iter().map(|&(d, date): &(DayType, Date)| (d, date.to_string())).collect(),
            params,
            county: area("County", "", &self.cov.county),
            municipalities: (self.cov.municipalities.iter().enumerate())
                .map(|(m, a)| area(self.names.name(m as u16), self.names.seat_town(m as u16), a))
                .collect(),
            gaps: (self.cov.gaps.iter())
                .map(|g| {
                    let (lat, lon) = to_wgs84(g.centroid);
                    GapJson {
                        id: g.id,
                        n_cells: g.n_cells,
                        population: g.population,
                        centroid: [cm(g.centroid.x), cm(g.centroid.y)],
                        lat,
                        lon,
                        municipality: g.municipality,
                        nearest_basic_stop: self.gap_stop(g).map(|(id, name, distance_m)| NearStopJson {
                            id,
                            name,
                            distance_m,
                        }),
                        municipality_name: self.names.name(g.municipality),
                        seat_town: self.names.seat_town(g.municipality),
                    }
                })
                .collect(),
        };
        pretty_json(&r)
    }

    /// Text tables for the terminal (and the README): population with and without basic
    /// service per municipality on the weekday (shares for Saturday and Sunday beside it),
    /// population per area class and band for the county, and the `top` largest gaps.
    pub fn render_text(&self, top: usize) -> String {
        let cov = self.cov;
        let mut o = String::new();
        let dates: Vec<String> = cov.dates.iter().map(|(d, date)| format!("{} {date}", d.name())).collect();
        o += &format!("Coverage ({})\n\n", dates.join(", "));
        let has = |d: DayType| cov.dates.iter().any(|x| x.0 == d);
        let mut head = format!(
            "{:<16} {:>9} {:>9} {:>9} {:>9} {:>9}",
            "Municipality", "Pop.", "Basic", "Närtrafik", "Unserved", "Basic %"
        );
        for d in [DayType::Saturday, DayType::Sunday] {
            if has(d) {
                head += &format!(" {:>9}", if d == DayType::Saturday { "Sat %" } else { "Sun %" });
            }
        }
        o += &head;
        o += "\n";
        let line = |name: &str, a: &AreaSummary| {
            let w = &a.days[0].all;
            let mut l = format!(
                "{:<16} {:>9} {:>9} {:>9} {:>9} {:>9}",
                name,
                int(w.population),
                int(w.basic),
                int(w.nartrafik),
                int(w.unserved),
                share_pct(w.basic, w.population)
            );
            for t in a.days.iter().skip(1) {
                l += &format!(" {:>9}", share_pct(t.all.basic, t.all.population));
            }
            l + "\n"
        };
        for (m, a) in cov.municipalities.iter().enumerate() {
            o += &line(self.names.name(m as u16), a);
        }
        o += &line("County", &cov.county);
        o += &self.class_text();
        o += &self.gaps_text(top);
        o
    }

    /// The county's weekday population per area class and band.
    fn class_text(&self) -> String {
        let mut o = format!(
            "\nCounty, weekday, by area class\n{:<16} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n",
            "Class", "Pop.", "No stop", "Few", "Basic", "Good", "Närtrafik", "Unserved"
        );
        let wk = &self.cov.county.days[0];
        let class_line = |name: &str, t: &Tally| {
            format!(
                "{:<16} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n",
                name,
                int(t.population),
                int(t.bands[Band::NoStop as usize]),
                int(t.bands[Band::Few as usize]),
                int(t.bands[Band::Basic as usize]),
                int(t.bands[Band::Good as usize]),
                int(t.nartrafik),
                int(t.unserved)
            )
        };
        for c in AreaClass::ALL {
            o += &class_line(c.name(), &wk.by_class[c as usize]);
        }
        o += &class_line("all", &wk.all);
        o
    }

    /// The `top` largest gaps.
    fn gaps_text(&self, top: usize) -> String {
        let mut o = format!("\nLargest gaps without basic service ({} in all)\n", int(self.cov.gaps.len() as u64));
        o += &format!(
            "{:>4} {:>7} {:>6} {:<16} {:<12} {:>11} {:>10}  {}\n",
            "Gap", "Pop.", "Cells", "Municipality", "Seat", "Lat", "Lon", "Nearest stop with basic service"
        );
        for g in self.cov.gaps.iter().take(top) {
            let near = self
                .gap_stop(g)
                .map_or("none".to_string(), |(_, name, d)| format!("{name} ({} m)", int(d.round() as u64)));
            let (lat, lon) = to_wgs84(g.centroid);
            o += &format!(
                "{:>4} {:>7} {:>6} {:<16} {:<12} {:>11.5} {:>10.5}  {}\n",
                g.id,
                int(g.population),
                int(g.n_cells as u64),
                self.names.name(g.municipality),
                self.names.seat_town(g.municipality),
                lat,
                lon,
                near
            );
        }
        o
    }
}

fn share_pct(part: u64, whole: u64) -> String {
    if whole == 0 { "–".into() } else { pct(part as f64 / whole as f64, false) }
}
