//! The stop table and the accessibility priority list as printed: the metric's rows with each
//! stop's `stop_id`, name and WGS84 position from the feed.

use super::municipality_name;
use crate::date::fmt_time;
use crate::export::{Field, Geometry, Table, fmt_num};
use crate::feed::{Feed, Stop};
use crate::metrics::stops::{PriorityRow, StopTable};
use crate::timetable::StopIdx;

/// The column name of a catchment radius: `pop_400`.
pub fn pop_column(r: f64) -> String {
    format!("pop_{}", fmt_num(r, 1))
}

/// The feed stop of a row (the timetable was built from this feed, so it exists).
fn stop_of(feed: &Feed, s: StopIdx) -> Option<&Stop> {
    feed.stops.get(s.ix())
}

fn text_of(feed: &Feed, s: StopIdx, f: impl Fn(&Stop) -> &str) -> Field {
    Field::Text(stop_of(feed, s).map_or_else(String::new, |st| f(st).to_string()))
}

fn point_of(feed: &Feed, s: StopIdx) -> Geometry {
    stop_of(feed, s).map_or(Geometry::Point { lon: 0.0, lat: 0.0 }, |st| Geometry::Point { lon: st.lon, lat: st.lat })
}

/// The stop table as printed (the columns of [`crate::metrics::stops`] in order) and a WGS84
/// point per row, for GeoJSON.
pub fn stop_table(feed: &Feed, table: &StopTable) -> (Table, Vec<Geometry>) {
    let mut cols: Vec<String> = [
        "stop_id",
        "stop_name",
        "lat",
        "lon",
        "trips",
        "departures",
        "routes",
        "first_departure",
        "last_departure",
        "peak_departures",
        "mean_headway_min",
        "max_headway_min",
        "wheelchair_boarding",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    cols.extend(table.radii_m.iter().map(|&r| pop_column(r)));
    cols.push("ptal".into());
    let mut t = Table::new(&cols);
    for r in &table.rows {
        let (lat, lon) = stop_of(feed, r.stop).map_or((0.0, 0.0), |st| (st.lat, st.lon));
        let mut row = vec![
            text_of(feed, r.stop, |st| &st.id),
            text_of(feed, r.stop, |st| &st.name),
            Field::Fixed(lat, 6),
            Field::Fixed(lon, 6),
            Field::Int(r.trips as i64),
            Field::Int(r.departures as i64),
            Field::Int(r.routes as i64),
            Field::opt_text(r.first_departure.map(fmt_time)),
            Field::opt_text(r.last_departure.map(fmt_time)),
            Field::Int(r.peak_departures as i64),
            Field::opt_num(r.mean_headway_min, 6),
            Field::opt_num(r.max_headway_min, 6),
            Field::Int(r.wheelchair_boarding as i64),
        ];
        for i in 0..table.radii_m.len() {
            row.push(match &r.pop {
                Some(p) => Field::Int(p.get(i).map_or(0, |x| x.round() as i64)),
                None => Field::Null,
            });
        }
        row.push(Field::Text(r.ptal.level.name().into()));
        t.push(row);
    }
    let g = table.rows.iter().map(|r| point_of(feed, r.stop)).collect();
    (t, g)
}

/// Adds `pop_net_<r>` to a printed stop table (rows in order): the population within a walk of
/// `r` metres on the street network, beside the circle's `pop_<r>`.
pub fn add_network_catchment(t: &mut Table, radii_m: &[f64], pops: &[Vec<f64>]) {
    t.columns.extend(radii_m.iter().map(|&r| format!("pop_net_{}", fmt_num(r, 1))));
    for (row, p) in t.rows.iter_mut().zip(pops) {
        row.extend(p.iter().map(|x| Field::Int(x.round() as i64)));
    }
}

/// Adds `booked_departures` to a printed stop table (rows of `fixed`, in order): the departures
/// of booking-required service at each stop, from `booked` (the same date's booking-only
/// table), which the fixed-route columns leave out. Stops only booked service calls at have no
/// row of their own.
pub fn add_booked_departures(t: &mut Table, fixed: &StopTable, booked: &StopTable) {
    t.columns.push("booked_departures".into());
    let by_stop: std::collections::HashMap<StopIdx, u32> = booked.rows.iter().map(|r| (r.stop, r.departures)).collect();
    for (row, r) in t.rows.iter_mut().zip(&fixed.rows) {
        row.push(Field::Int(by_stop.get(&r.stop).copied().unwrap_or(0) as i64));
    }
}

/// The priority list as printed:
/// `rank,stop_id,stop_name,municipality,wheelchair_boarding,departures,pop_<r>,score`, and a
/// point per row.
pub fn priority_table(
    feed: &Feed,
    table: &StopTable,
    list: &[PriorityRow],
    municipalities: &[String],
    radius_m: f64,
) -> (Table, Vec<Geometry>) {
    let pop = pop_column(radius_m);
    let mut t = Table::new(&[
        "rank",
        "stop_id",
        "stop_name",
        "municipality",
        "wheelchair_boarding",
        "departures",
        pop.as_str(),
        "score",
    ]);
    let mut g = Vec::with_capacity(list.len());
    for p in list {
        let r = &table.rows[p.row];
        t.push(vec![
            Field::Int(p.rank as i64),
            text_of(feed, r.stop, |st| &st.id),
            text_of(feed, r.stop, |st| &st.name),
            Field::opt_text(p.municipality.map(|m| municipality_name(municipalities, m))),
            Field::Int(r.wheelchair_boarding as i64),
            Field::Int(r.departures as i64),
            Field::Int(p.pop as i64),
            Field::Int(p.score as i64),
        ]);
        g.push(point_of(feed, r.stop));
    }
    (t, g)
}

/// The row of the stop with id `stop_id`.
pub fn row_by_id<'a>(feed: &Feed, table: &'a StopTable, stop_id: &str) -> Option<&'a crate::metrics::stops::StopRow> {
    table.rows.iter().find(|r| stop_of(feed, r.stop).is_some_and(|st| st.id == stop_id))
}
