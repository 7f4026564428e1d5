//! The generated rows as GTFS text: calendar and calendar_dates from the services, every table
//! through the one GTFS writer ([`crate::gtfs_write`]), in file-name order.

use std::collections::{BTreeMap, BTreeSet};

use super::build::{BuildReport, Defs, GtfsTables};
use super::trips::{LineRows, SvcKey};
use super::*;
use crate::date::Date;
use crate::gtfs_write::{LineEnd, geojson_text, rows_text};

fn csv_text(header: &[&str], rows: &[Vec<String>]) -> String {
    rows_text(LineEnd::Lf, header, rows)
}

/// `calendar.txt` and `calendar_dates.txt` rows: each service's day types over the feed's
/// range, with holidays run as their `run_as` day, school breaks, `except` and `also`.
fn calendar_rows(defs: &Defs, services: &BTreeMap<String, SvcKey>) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let (start, end) = (defs.start, defs.end);
    let mut cal_rows = Vec::new();
    let mut cd_rows = Vec::new();
    for (sid, k) in services {
        let on = |b: u8| if k.days & b != 0 { "1" } else { "0" };
        let wd = on(1);
        cal_rows.push(vec![
            sid.clone(),
            wd.into(),
            wd.into(),
            wd.into(),
            wd.into(),
            wd.into(),
            on(2).into(),
            on(4).into(),
            start.gtfs(),
            end.gtfs(),
        ]);
        let mut d = start;
        let mut dates: BTreeSet<Date> = k.also.iter().copied().collect();
        while d <= end {
            dates.insert(d);
            d = d.add_days(1);
        }
        for d in dates {
            let in_range = d >= start && d <= end;
            let base = in_range && k.days & DayType::of(d).bit() != 0;
            let hol = defs.holidays.get(&d);
            let mut want = k.days & hol.copied().unwrap_or(DayType::of(d)).bit() != 0;
            if k.school && (hol.is_some() || defs.breaks.contains(&d)) {
                want = false;
            }
            if k.except.binary_search(&d).is_ok() {
                want = false;
            }
            if k.also.binary_search(&d).is_ok() {
                want = true;
            }
            if want && !base {
                cd_rows.push(vec![sid.clone(), d.gtfs(), "1".into()]);
            } else if !want && base {
                cd_rows.push(vec![sid.clone(), d.gtfs(), "2".into()]);
            }
        }
    }
    (cal_rows, cd_rows)
}

/// Sorts the rows, fills in the counts and writes every table.
pub(super) fn assemble(
    defs: &Defs,
    mut rows: LineRows,
    transfers: Vec<Vec<String>>,
    stop_rows: Vec<Vec<String>>,
    mut report: BuildReport,
) -> GtfsTables {
    let (cal_rows, cd_rows) = calendar_rows(defs, &rows.services);
    let fd = defs.fd;
    rows.routes.sort();
    rows.trips.sort_by(|a, b| a[2].cmp(&b[2]));
    // wheelchair_accessible only when some line says it (older definitions keep their bytes).
    let mut trip_cols = vec!["route_id", "service_id", "trip_id", "trip_headsign", "direction_id"];
    if rows.trips.iter().any(|r| r.get(5).is_some_and(|w| !w.is_empty())) {
        trip_cols.push("wheelchair_accessible");
    } else {
        rows.trips.iter_mut().for_each(|r| r.truncate(5));
    }
    rows.stop_times.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    rows.freqs.sort();
    let st_rows: Vec<Vec<String>> = rows.stop_times.into_iter().map(|r| r.2).collect();
    let agency_rows: Vec<Vec<String>> = defs
        .agencies
        .values()
        .map(|a| {
            vec![
                a.id.clone(),
                a.name.clone(),
                a.url.clone(),
                a.timezone.clone(),
                fd.lang.clone(),
                a.phone.clone().unwrap_or_default(),
            ]
        })
        .collect();
    report.routes = rows.routes.len();
    report.trips = rows.trips.len();
    report.stop_times = st_rows.len();
    report.services = rows.services.len();
    report.frequencies = rows.freqs.len();
    report.transfers = transfers.len();
    report.areas = rows.areas.len();

    let feed_info = vec![
        fd.publisher_name.clone(),
        fd.publisher_url.clone(),
        fd.lang.clone(),
        defs.start.gtfs(),
        defs.end.gtfs(),
        fd.version.clone(),
    ];
    let mut out: Vec<(String, String)> = vec![
        ("agency.txt".into(), csv_text(&AGENCY, &agency_rows)),
        ("stops.txt".into(), csv_text(&STOPS, &stop_rows)),
        ("routes.txt".into(), csv_text(&ROUTES, &rows.routes)),
        ("trips.txt".into(), csv_text(&trip_cols, &rows.trips)),
        ("stop_times.txt".into(), csv_text(&STOP_TIMES, &st_rows)),
        ("calendar.txt".into(), csv_text(&CALENDAR, &cal_rows)),
        ("calendar_dates.txt".into(), csv_text(&["service_id", "date", "exception_type"], &cd_rows)),
        ("feed_info.txt".into(), csv_text(&FEED_INFO, &[feed_info])),
    ];
    if !rows.freqs.is_empty() {
        out.push((
            "frequencies.txt".into(),
            csv_text(&["trip_id", "start_time", "end_time", "headway_secs", "exact_times"], &rows.freqs),
        ));
    }
    if !transfers.is_empty() {
        out.push((
            "transfers.txt".into(),
            csv_text(&["from_stop_id", "to_stop_id", "transfer_type", "min_transfer_time"], &transfers),
        ));
    }
    if !rows.areas.is_empty() {
        let fc = serde_json::json!({"type": "FeatureCollection", "features": rows.areas});
        out.push(("locations.geojson".into(), geojson_text(&fc)));
    }
    out.sort();
    GtfsTables { files: out, report }
}

const AGENCY: [&str; 6] = ["agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang", "agency_phone"];
const STOPS: [&str; 8] = [
    "stop_id",
    "stop_name",
    "stop_lat",
    "stop_lon",
    "location_type",
    "parent_station",
    "wheelchair_boarding",
    "platform_code",
];
const ROUTES: [&str; 6] = ["route_id", "agency_id", "route_short_name", "route_long_name", "route_type", "route_color"];
const STOP_TIMES: [&str; 7] =
    ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence", "pickup_type", "drop_off_type"];
const CALENDAR: [&str; 10] = [
    "service_id",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "start_date",
    "end_date",
];
const FEED_INFO: [&str; 6] =
    ["feed_publisher_name", "feed_publisher_url", "feed_lang", "feed_start_date", "feed_end_date", "feed_version"];
