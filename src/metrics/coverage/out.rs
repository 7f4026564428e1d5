//! Writing a [`Coverage`]: CSV tables (per municipality, per cell, gaps) for Excel, GeoJSON
//! layers (cells, gap clusters, gap centroids) for QGIS, a JSON summary, and a text table for
//! the terminal. Pure functions from the result to a `String`; deterministic byte for byte.
//!
//! GeoJSON follows RFC 7946: WGS84 `[lon, lat]` rounded to 6 decimals (about 0.1 m), polygon
//! rings counter-clockwise. Each file holds one geometry type, as QGIS wants one per layer.
//! CSV: comma-separated, UTF-8, plain numbers (no grouping) so that spreadsheets read them.

use serde::Serialize;
use serde_json::{Value, json};

use super::{AreaClass, AreaSummary, Band, Coverage, CoverageParams, DayType, Gap, Municipality, Tally};
use crate::date::{Date, fmt_hm};
use crate::feed::Feed;
use crate::numfmt::{int, pct};
use crate::spatial::{Cell, to_wgs84};

fn r6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// One CSV field, quoted when it holds a comma, a quote or a line break.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn row(out: &mut String, fields: &[String]) {
    let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&line.join(","));
    out.push('\n');
}

fn share(part: u64, whole: u64) -> String {
    if whole == 0 { String::new() } else { format!("{:.4}", part as f64 / whole as f64) }
}

fn opt_time(t: Option<u32>) -> String {
    t.map(fmt_hm).unwrap_or_default()
}

/// The per-municipality table in long form, one row per (area, day, class): the county first,
/// then the municipalities in region order; class `all`, then town, rural, sparse.
pub fn municipalities_csv(cov: &Coverage) -> String {
    let mut o = String::new();
    row(
        &mut o,
        &[
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
        ]
        .map(String::from),
    );
    for a in std::iter::once(&cov.county).chain(&cov.municipalities) {
        for d in &a.days {
            let date = cov.dates.iter().find(|x| x.0 == d.day).map_or(String::new(), |x| x.1.to_string());
            let classes = std::iter::once(("all", &d.all))
                .chain(AreaClass::ALL.iter().map(|c| (c.name(), &d.by_class[*c as usize])));
            for (class, t) in classes {
                row(
                    &mut o,
                    &[
                        a.name.clone(),
                        a.seat_town.clone(),
                        d.day.name().into(),
                        date.clone(),
                        class.into(),
                        t.cells.to_string(),
                        t.population.to_string(),
                        t.basic.to_string(),
                        t.nartrafik.to_string(),
                        t.unserved.to_string(),
                        share(t.basic, t.population),
                        t.bands[0].to_string(),
                        t.bands[1].to_string(),
                        t.bands[2].to_string(),
                        t.bands[3].to_string(),
                    ],
                );
            }
        }
    }
    o
}

/// One row per input cell, in input order. `<day>_dep_a` / `<day>_dep_b` are the two counts the
/// basic test compared, as `direction_rule` says: `seat` (towards / from the seat), `out_back`
/// (cells at the seat: boarding / alighting in reach) or `direction_id` (0 / 1). Times HH:MM.
pub fn cells_csv(cov: &Coverage, cells: &[Cell], municipalities: &[Municipality], feed: &Feed) -> String {
    let mut o = String::new();
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
    for &(d, _) in &cov.dates {
        for f in ["dep_a", "dep_b", "band", "served"] {
            head.push(format!("{}_{f}", d.name()));
        }
    }
    head.extend(
        ["towards_seat", "from_seat", "first_seat_arrival", "last_seat_departure", "same_day_return", "gap"]
            .map(String::from),
    );
    row(&mut o, &head);
    for (i, (c, cc)) in cells.iter().zip(&cov.cells).enumerate() {
        let (lat, lon) = to_wgs84(c.centroid());
        let (sid, sname, sd) = match cc.nearest_stop {
            Some((s, d)) => {
                let st = &feed.stops[s.ix()];
                (st.id.clone(), st.name.clone(), format!("{d:.0}"))
            }
            None => Default::default(),
        };
        let mut r = vec![
            i.to_string(),
            format!("{:.0}", c.x),
            format!("{:.0}", c.y),
            format!("{:.0}", c.size_m),
            format!("{:.6}", lon),
            format!("{:.6}", lat),
            c.population.to_string(),
            municipalities[c.municipality as usize].name.clone(),
            cc.class.name().into(),
            format!("{:.1}", cc.density_km2),
            format!("{:.1}", cc.neighbourhood_density_km2),
            cc.nearest_big_town_m.map(|d| format!("{d:.0}")).unwrap_or_default(),
            sid,
            sname,
            sd,
            cc.stops_within.to_string(),
            cc.rule.name().into(),
            cc.in_demand_area.to_string(),
        ];
        for &(d, _) in &cov.dates {
            match (cc.days[d.ix()], cc.served(d)) {
                (Some(ds), Some(s)) => r.extend([
                    ds.counted[0].to_string(),
                    ds.counted[1].to_string(),
                    ds.band.name().into(),
                    s.name().into(),
                ]),
                _ => r.extend(std::iter::repeat_n(String::new(), 4)),
            }
        }
        let w = cc.weekday();
        r.extend([
            w.towards_seat.to_string(),
            w.from_seat.to_string(),
            opt_time(w.first_seat_arrival),
            opt_time(w.last_seat_departure),
            w.same_day_return.to_string(),
            cc.gap.map(|g| g.to_string()).unwrap_or_default(),
        ]);
        row(&mut o, &r);
    }
    o
}

/// One row per gap, by rank.
pub fn gaps_csv(cov: &Coverage, municipalities: &[Municipality]) -> String {
    let mut o = String::new();
    row(
        &mut o,
        &[
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
        ]
        .map(String::from),
    );
    for g in &cov.gaps {
        let m = &municipalities[g.municipality as usize];
        let (sid, sname, sd) = match &g.nearest_basic_stop {
            Some(s) => (s.id.clone(), s.name.clone(), format!("{:.0}", s.distance_m)),
            None => Default::default(),
        };
        row(
            &mut o,
            &[
                g.id.to_string(),
                g.n_cells.to_string(),
                g.population.to_string(),
                format!("{:.0}", g.centroid.x),
                format!("{:.0}", g.centroid.y),
                format!("{:.6}", g.lon),
                format!("{:.6}", g.lat),
                m.name.clone(),
                m.seat_town.clone(),
                sid,
                sname,
                sd,
            ],
        );
    }
    o
}

fn ring(c: &Cell) -> Value {
    Value::Array(c.ring_wgs84().iter().map(|&(lon, lat)| json!([r6(lon), r6(lat)])).collect())
}

fn collection(features: Vec<Value>) -> String {
    let mut s = serde_json::to_string(&json!({"type": "FeatureCollection", "features": features}))
        .expect("a JSON value always serialises");
    s.push('\n');
    s
}

/// Cells as polygons with their class, bands and service as properties.
pub fn cells_geojson(cov: &Coverage, cells: &[Cell], municipalities: &[Municipality]) -> String {
    let features = cells
        .iter()
        .zip(&cov.cells)
        .enumerate()
        .map(|(i, (c, cc))| {
            let mut props = serde_json::Map::new();
            props.insert("cell".into(), json!(i));
            props.insert("population".into(), json!(c.population));
            props.insert("municipality".into(), json!(municipalities[c.municipality as usize].name));
            props.insert("class".into(), json!(cc.class.name()));
            props.insert("stops_within".into(), json!(cc.stops_within));
            props
                .insert("nearest_stop_m".into(), cc.nearest_stop.map_or(Value::Null, |(_, d)| json!(d.round() as i64)));
            props.insert("in_nartrafik_area".into(), json!(cc.in_demand_area));
            for &(d, _) in &cov.dates {
                if let (Some(ds), Some(s)) = (cc.days[d.ix()], cc.served(d)) {
                    props.insert(format!("{}_band", d.name()), json!(ds.band.name()));
                    props.insert(format!("{}_served", d.name()), json!(s.name()));
                    props.insert(format!("{}_dep_min", d.name()), json!(ds.counted[0].min(ds.counted[1])));
                }
            }
            props.insert("gap".into(), cc.gap.map_or(Value::Null, |g| json!(g)));
            json!({
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring(c)]},
                "properties": Value::Object(props),
            })
        })
        .collect();
    collection(features)
}

fn gap_props(g: &Gap, municipalities: &[Municipality]) -> Value {
    let m = &municipalities[g.municipality as usize];
    json!({
        "gap": g.id,
        "cells": g.n_cells,
        "population": g.population,
        "municipality": m.name,
        "seat_town": m.seat_town,
        "nearest_basic_stop": g.nearest_basic_stop.as_ref().map(|s| s.name.clone()),
        "nearest_basic_stop_id": g.nearest_basic_stop.as_ref().map(|s| s.id.clone()),
        "nearest_basic_stop_m": g.nearest_basic_stop.as_ref().map(|s| s.distance_m.round() as i64),
    })
}

/// Gap clusters as MultiPolygons of their cells, by rank.
pub fn gaps_geojson(cov: &Coverage, cells: &[Cell], municipalities: &[Municipality]) -> String {
    let features = cov
        .gaps
        .iter()
        .map(|g| {
            let polys: Vec<Value> = g.cells.iter().map(|&i| json!([ring(&cells[i as usize])])).collect();
            json!({
                "type": "Feature",
                "geometry": {"type": "MultiPolygon", "coordinates": polys},
                "properties": gap_props(g, municipalities),
            })
        })
        .collect();
    collection(features)
}

/// Gap centroids (population-weighted) as points, by rank.
pub fn gap_points_geojson(cov: &Coverage, municipalities: &[Municipality]) -> String {
    let features = cov
        .gaps
        .iter()
        .map(|g| {
            json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [r6(g.lon), r6(g.lat)]},
                "properties": gap_props(g, municipalities),
            })
        })
        .collect();
    collection(features)
}

#[derive(Serialize)]
struct Report<'a> {
    dates: Vec<(DayType, String)>,
    params: &'a CoverageParams,
    county: &'a AreaSummary,
    municipalities: &'a [AreaSummary],
    gaps: Vec<GapView<'a>>,
}

/// A gap with its municipality named, for the JSON summary.
#[derive(Serialize)]
struct GapView<'a> {
    #[serde(flatten)]
    gap: &'a Gap,
    municipality_name: &'a str,
    seat_town: &'a str,
}

/// The summary as pretty JSON: dates, parameters, county and municipality tallies, all gaps.
pub fn summary_json(cov: &Coverage, municipalities: &[Municipality], params: &CoverageParams) -> String {
    let r = Report {
        dates: cov.dates.iter().map(|&(d, date): &(DayType, Date)| (d, date.to_string())).collect(),
        params,
        county: &cov.county,
        municipalities: &cov.municipalities,
        gaps: cov
            .gaps
            .iter()
            .map(|g| {
                let m = &municipalities[g.municipality as usize];
                GapView { gap: g, municipality_name: &m.name, seat_town: &m.seat_town }
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&r).expect("the report always serialises");
    s.push('\n');
    s
}

/// Text tables for the terminal (and the README): population with and without basic service
/// per municipality on the weekday (shares for Saturday and Sunday beside it), population per
/// area class and band for the county, and the `top` largest gaps.
pub fn render_text(cov: &Coverage, municipalities: &[Municipality], top: usize) -> String {
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
    let line = |a: &AreaSummary| {
        let w = &a.days[0].all;
        let mut l = format!(
            "{:<16} {:>9} {:>9} {:>9} {:>9} {:>9}",
            a.name,
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
    for a in &cov.municipalities {
        o += &line(a);
    }
    o += &line(&cov.county);

    o += &format!(
        "\nCounty, weekday, by area class\n{:<16} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n",
        "Class", "Pop.", "No stop", "Few", "Basic", "Good", "Närtrafik", "Unserved"
    );
    let wk = &cov.county.days[0];
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

    o += &format!("\nLargest gaps without basic service ({} in all)\n", int(cov.gaps.len() as u64));
    o += &format!(
        "{:>4} {:>7} {:>6} {:<16} {:<12} {:>11} {:>10}  {}\n",
        "Gap", "Pop.", "Cells", "Municipality", "Seat", "Lat", "Lon", "Nearest stop with basic service"
    );
    for g in cov.gaps.iter().take(top) {
        let m = &municipalities[g.municipality as usize];
        let near = g
            .nearest_basic_stop
            .as_ref()
            .map_or("none".to_string(), |s| format!("{} ({} m)", s.name, int(s.distance_m.round() as u64)));
        o += &format!(
            "{:>4} {:>7} {:>6} {:<16} {:<12} {:>11.5} {:>10.5}  {}\n",
            g.id,
            int(g.population),
            int(g.n_cells as u64),
            m.name,
            m.seat_town,
            g.lat,
            g.lon,
            near
        );
    }
    o
}

fn share_pct(part: u64, whole: u64) -> String {
    if whole == 0 { "–".into() } else { pct(part as f64 / whole as f64, false) }
}
