//! From parsed line definitions to the text of each GTFS file (in memory, deterministic).

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::date::{Date, fmt_time, parse_time};
use crate::gtfs_write::{LineEnd, coord, geojson_text, rows_text};
use crate::spatial::to_sweref;

/// Counts of what was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    /// Stops and platforms (location_type 0).
    pub stops: usize,
    /// Stations (location_type 1).
    pub stations: usize,
    pub routes: usize,
    /// Rows of trips.txt (a frequency template counts once).
    pub trips: usize,
    pub stop_times: usize,
    pub services: usize,
    pub frequencies: usize,
    pub transfers: usize,
    /// Demand-responsive areas written to locations.geojson.
    pub areas: usize,
    /// Stops defined with `[[stop]]` but served by no line, left out of stops.txt.
    pub unused_stops: Vec<String>,
}

/// The generated files: `(file name, contents)` sorted by name, and the counts.
#[derive(Debug, Clone, Default)]
pub struct GtfsTables {
    pub files: Vec<(String, String)>,
    pub report: BuildReport,
}

struct StopRec {
    def: StopDef,
    file: String,
    used: bool,
}

fn parse_date(file: &str, key: &str, s: &str) -> Result<Date, LinesError> {
    Date::parse(s).ok_or_else(|| LinesError::at(file, key, format!("'{s}' is not a date (expected YYYY-MM-DD)")))
}

fn check_coords(file: &str, key: &str, lat: f64, lon: f64) -> Result<(), LinesError> {
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(LinesError::at(file, format!("{key}.lat"), format!("latitude {lat} is out of range")));
    }
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Err(LinesError::at(file, format!("{key}.lon"), format!("longitude {lon} is out of range")));
    }
    Ok(())
}

fn csv_text(header: &[&str], rows: &[Vec<String>]) -> String {
    rows_text(LineEnd::Lf, header, rows)
}

struct SvcKey {
    days: u8,
    school: bool,
    except: Vec<Date>,
    also: Vec<Date>,
}

fn day_code(days: u8) -> &'static str {
    match days {
        1 => "WD",
        2 => "SA",
        4 => "SU",
        3 => "WDSA",
        5 => "WDSU",
        6 => "SASU",
        _ => "ALL",
    }
}

/// Turns definitions into GTFS tables. All files are merged: ids must be unique across them
/// (a stop defined twice must be defined identically). An error names the file and key, and
/// the line of the table it concerns when the file's text is known.
pub fn to_gtfs_tables(files: &[LinesFile]) -> Result<GtfsTables, LinesError> {
    tables(files).map_err(|mut e| {
        if e.line.is_none() {
            e.line = locate(files, &e);
        }
        e
    })
}

/// The line of the `id = "…"` that a key like `line[L].stops[2].id` or `stop[S].lat` points
/// into (the nearest such anchor; the key path says the rest).
fn locate(files: &[LinesFile], e: &LinesError) -> Option<u64> {
    let f = files.iter().find(|f| f.source == e.file)?;
    let key = e.key.as_deref()?;
    let id = key.split_once('[')?.1.split_once(']')?.0;
    if id.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let needle = format!("id = \"{id}\"");
    let at = f.text.find(&needle)?;
    Some(f.text[..at].matches('\n').count() as u64 + 1)
}

fn tables(files: &[LinesFile]) -> Result<GtfsTables, LinesError> {
    // --- feed, agencies, calendar facts ------------------------------------------------------
    let mut feed: Option<(&FeedDef, &str)> = None;
    for f in files {
        if let Some(fd) = &f.feed {
            if let Some((_, other)) = feed {
                return Err(LinesError::at(&f.source, "feed", format!("[feed] is already defined in {other}")));
            }
            feed = Some((fd, &f.source));
        }
    }
    let Some((fd, fd_file)) = feed else {
        return Err(LinesError {
            file: files.first().map_or(String::new(), |f| f.source.clone()),
            line: None,
            key: Some("feed".into()),
            message: "no [feed] table in any file (publisher, start_date, end_date)".into(),
        });
    };
    let start = parse_date(fd_file, "feed.start_date", &fd.start_date)?;
    let end = parse_date(fd_file, "feed.end_date", &fd.end_date)?;
    if end < start {
        return Err(LinesError::at(fd_file, "feed.end_date", "end_date is before start_date"));
    }
    let mut agencies: BTreeMap<&str, &AgencyDef> = BTreeMap::new();
    let mut holidays: BTreeMap<Date, DayType> = BTreeMap::new();
    let mut breaks: BTreeSet<Date> = BTreeSet::new();
    let mut stops: BTreeMap<String, StopRec> = BTreeMap::new();
    for f in files {
        let src = f.source.as_str();
        for (i, a) in f.agency.iter().enumerate() {
            if agencies.insert(&a.id, a).is_some() {
                return Err(LinesError::at(src, format!("agency[{i}].id"), format!("duplicate agency id '{}'", a.id)));
            }
        }
        for (i, h) in f.holiday.iter().enumerate() {
            let d = parse_date(src, &format!("holiday[{i}].date"), &h.date)?;
            holidays.insert(d, h.run_as);
        }
        for (i, b) in f.school_break.iter().enumerate() {
            let a = parse_date(src, &format!("school_break[{i}].from"), &b.from)?;
            let z = parse_date(src, &format!("school_break[{i}].to"), &b.to)?;
            if z < a {
                return Err(LinesError::at(src, format!("school_break[{i}].to"), "`to` is before `from`"));
            }
            let mut d = a;
            while d <= z {
                breaks.insert(d);
                d = d.add_days(1);
            }
        }
        for (i, s) in f.stop.iter().enumerate() {
            let key = format!("stop[{}]", s.id);
            check_coords(src, &key, s.lat, s.lon)?;
            if s.id.is_empty() {
                return Err(LinesError::at(src, format!("stop[{i}].id"), "empty id"));
            }
            if let Some(prev) = stops.get(&s.id) {
                return Err(LinesError::at(
                    src,
                    key,
                    format!("stop id '{}' is already defined in {}", s.id, prev.file),
                ));
            }
            stops.insert(s.id.clone(), StopRec { def: s.clone(), file: src.to_string(), used: false });
        }
    }

    // Inline stops of lines join the stop table.
    let mut line_ids: BTreeMap<&str, &str> = BTreeMap::new();
    for f in files {
        let src = f.source.as_str();
        for l in &f.line {
            if let Some(other) = line_ids.insert(&l.id, src) {
                return Err(LinesError::at(
                    src,
                    format!("line[{}].id", l.id),
                    format!("duplicate line id (also in {other})"),
                ));
            }
            for (k, s) in l.stops.iter().enumerate() {
                let key = format!("line[{}].stops[{k}]", l.id);
                match (&s.name, s.lat, s.lon) {
                    (None, None, None) => {
                        if s.wheelchair.is_some() || s.parent.is_some() || s.platform.is_some() {
                            return Err(LinesError::at(
                                src,
                                key,
                                "wheelchair/parent/platform belong to a new stop (give name, lat and lon too) or to its [[stop]] table",
                            ));
                        }
                    }
                    (Some(name), Some(lat), Some(lon)) => {
                        check_coords(src, &key, lat, lon)?;
                        let def = StopDef {
                            id: s.id.clone(),
                            name: name.clone(),
                            lat,
                            lon,
                            wheelchair: s.wheelchair,
                            parent: s.parent.clone(),
                            station: false,
                            platform: s.platform.clone(),
                        };
                        if let Some(prev) = stops.get(&s.id) {
                            if prev.def != def {
                                return Err(LinesError::at(
                                    src,
                                    key,
                                    format!("stop id '{}' is already defined differently in {}", s.id, prev.file),
                                ));
                            }
                        } else {
                            stops.insert(s.id.clone(), StopRec { def, file: src.to_string(), used: false });
                        }
                    }
                    _ => {
                        return Err(LinesError::at(
                            src,
                            key,
                            "a new stop needs all of name, lat and lon (an existing stop only its id)",
                        ));
                    }
                }
            }
        }
    }
    // Parents must be stations.
    for (id, r) in &stops {
        if let Some(p) = &r.def.parent {
            match stops.get(p) {
                Some(pr) if pr.def.station => {}
                Some(_) => {
                    return Err(LinesError::at(
                        &r.file,
                        format!("stop[{id}].parent"),
                        format!("parent '{p}' is not a station (set station = true on it)"),
                    ));
                }
                None => {
                    return Err(LinesError::at(
                        &r.file,
                        format!("stop[{id}].parent"),
                        format!("unknown parent station '{p}'"),
                    ));
                }
            }
        }
        if r.def.station && r.def.parent.is_some() {
            return Err(LinesError::at(&r.file, format!("stop[{id}].parent"), "a station cannot have a parent"));
        }
    }

    // --- lines → routes, services, trips -------------------------------------------------------
    let mut routes: Vec<Vec<String>> = Vec::new();
    let mut trips: Vec<Vec<String>> = Vec::new();
    let mut stop_times: Vec<(String, u32, Vec<String>)> = Vec::new();
    let mut freqs: Vec<Vec<String>> = Vec::new();
    let mut services: BTreeMap<String, SvcKey> = BTreeMap::new();
    let mut areas: Vec<serde_json::Value> = Vec::new();
    let mut trip_ids: BTreeSet<String> = BTreeSet::new();

    for f in files {
        let src = f.source.as_str();
        for l in &f.line {
            let lk = format!("line[{}]", l.id);
            if !agencies.contains_key(l.agency.as_str()) {
                return Err(LinesError::at(src, format!("{lk}.agency"), format!("unknown agency '{}'", l.agency)));
            }
            if l.stops.len() < 2 {
                return Err(LinesError::at(src, format!("{lk}.stops"), "a line needs at least two stops"));
            }
            // Resolve stops and their positions.
            let mut ids: Vec<&str> = Vec::with_capacity(l.stops.len());
            let mut xy = Vec::with_capacity(l.stops.len());
            for (k, s) in l.stops.iter().enumerate() {
                let Some(r) = stops.get_mut(&s.id) else {
                    return Err(LinesError::at(
                        src,
                        format!("{lk}.stops[{k}].id"),
                        format!("unknown stop '{}' (define it with name, lat, lon)", s.id),
                    ));
                };
                if r.def.station {
                    return Err(LinesError::at(
                        src,
                        format!("{lk}.stops[{k}].id"),
                        format!("'{}' is a station; a line calls at one of its platforms", s.id),
                    ));
                }
                r.used = true;
                ids.push(&s.id);
                xy.push(to_sweref(r.def.lat, r.def.lon));
            }
            // Segment run times (outbound), seconds as f64.
            let factor = l.road_factor.unwrap_or(1.3);
            let mut seg = vec![0.0f64; l.stops.len()];
            for k in 1..l.stops.len() {
                seg[k] = match (l.stops[k].min, l.speed_kmh) {
                    (Some(m), _) if m >= 0.0 && m.is_finite() => m * 60.0,
                    (Some(m), _) => {
                        return Err(LinesError::at(
                            src,
                            format!("{lk}.stops[{k}].min"),
                            format!("run time {m} must be a non-negative number of minutes"),
                        ));
                    }
                    (None, Some(v)) if v > 0.0 && v.is_finite() => xy[k - 1].dist(xy[k]) * factor / (v / 3.6),
                    (None, _) => {
                        return Err(LinesError::at(
                            src,
                            format!("{lk}.stops[{k}].min"),
                            "no run time: give `min` for this segment or a positive `speed_kmh` for the line",
                        ));
                    }
                };
            }
            let dwell: Vec<f64> = l.stops.iter().map(|s| s.dwell_s.or(l.dwell_s).unwrap_or(0) as f64).collect();
            let pick: Vec<u8> = l.stops.iter().map(|s| s.pickup.or(l.pickup).unwrap_or_default().code()).collect();
            let drop: Vec<u8> = l.stops.iter().map(|s| s.drop_off.or(l.drop_off).unwrap_or_default().code()).collect();
            let rt = l.mode.route_type();
            routes.push(vec![
                l.id.clone(),
                l.agency.clone(),
                l.short_name.clone(),
                l.long_name.clone(),
                rt.to_string(),
                l.color.clone().unwrap_or_default(),
            ]);
            if let Some(a) = &l.area {
                if a.polygon.len() < 3 {
                    return Err(LinesError::at(
                        src,
                        format!("{lk}.area.polygon"),
                        "a polygon needs at least three points",
                    ));
                }
                let mut ring: Vec<serde_json::Value> = Vec::new();
                for (k, p) in a.polygon.iter().enumerate() {
                    check_coords(src, &format!("{lk}.area.polygon[{k}]"), p[1], p[0])?;
                    ring.push(serde_json::json!([round6(p[0]), round6(p[1])]));
                }
                if a.polygon.first() != a.polygon.last() {
                    ring.push(ring[0].clone());
                }
                areas.push(serde_json::json!({
                    "type": "Feature",
                    "id": format!("{}_area", l.id),
                    "properties": {"stop_name": a.name, "zone_type": "narttrafik", "route_id": l.id},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }));
            }

            for (si, sv) in l.service.iter().enumerate() {
                let sk = format!("{lk}.service[{si}]");
                if sv.days.is_empty() {
                    return Err(LinesError::at(
                        src,
                        format!("{sk}.days"),
                        "give at least one of weekday, saturday, sunday",
                    ));
                }
                let days = sv.days.iter().fold(0u8, |m, d| m | d.bit());
                let mut except = Vec::new();
                for (k, s) in sv.except.iter().enumerate() {
                    except.push(parse_date(src, &format!("{sk}.except[{k}]"), s)?);
                }
                let mut also = Vec::new();
                for (k, s) in sv.also.iter().enumerate() {
                    also.push(parse_date(src, &format!("{sk}.also[{k}]"), s)?);
                }
                except.sort();
                also.sort();
                let mut sid = format!("{}{}", day_code(days), if sv.school_days_only { "_SKOL" } else { "" });
                if !except.is_empty() || !also.is_empty() {
                    sid = format!("{sid}_{}_{si}", l.id);
                }
                services.entry(sid.clone()).or_insert(SvcKey { days, school: sv.school_days_only, except, also });
                // Which departures.
                let mut deps: Vec<u32> = Vec::new();
                for (k, d) in sv.departures.iter().enumerate() {
                    deps.push(parse_time(d).ok_or_else(|| {
                        LinesError::at(src, format!("{sk}.departures[{k}]"), format!("'{d}' is not a time (HH:MM)"))
                    })?);
                }
                let mut headway: Option<(u32, u32, u32)> = None;
                match (&sv.first, &sv.last, sv.headway_min) {
                    (None, None, None) => {}
                    (Some(a), Some(b), Some(h)) if h > 0 => {
                        let t = |s: &String, key: &str| {
                            parse_time(s).ok_or_else(|| {
                                LinesError::at(src, format!("{sk}.{key}"), format!("'{s}' is not a time (HH:MM)"))
                            })
                        };
                        let (a, b) = (t(a, "first")?, t(b, "last")?);
                        if b < a {
                            return Err(LinesError::at(
                                src,
                                format!("{sk}.last"),
                                "last departure is before the first",
                            ));
                        }
                        headway = Some((a, b, h * 60));
                    }
                    _ => {
                        return Err(LinesError::at(
                            src,
                            format!("{sk}.headway_min"),
                            "a headway service needs first, last and a positive headway_min",
                        ));
                    }
                }
                if deps.is_empty() && headway.is_none() {
                    return Err(LinesError::at(
                        src,
                        format!("{sk}.departures"),
                        "no departures: give `departures` or first/last/headway_min",
                    ));
                }
                let as_template = l.frequency && headway.is_some();
                if let (Some((a, b, h)), false) = (headway, as_template) {
                    let mut t = a;
                    while t <= b {
                        deps.push(t);
                        t += h;
                    }
                }
                deps.sort();
                // Part-line runs.
                let pos = |id: &Option<String>, key: &str, dflt: usize| match id {
                    None => Ok(dflt),
                    Some(id) => ids.iter().position(|x| x == id).ok_or_else(|| {
                        LinesError::at(src, format!("{sk}.{key}"), format!("stop '{id}' is not on this line"))
                    }),
                };
                let i0 = pos(&sv.from, "from", 0)?;
                let i1 = pos(&sv.to, "to", ids.len() - 1)?;
                if i1 <= i0 {
                    return Err(LinesError::at(
                        src,
                        format!("{sk}.to"),
                        "`to` must come after `from` in the line's stop order",
                    ));
                }
                let part = sv.from.is_some() || sv.to.is_some();
                let mut dirs: Vec<u8> = Vec::new();
                if sv.direction != Direction::Inbound {
                    dirs.push(0);
                }
                if sv.direction != Direction::Outbound && l.reverse {
                    dirs.push(1);
                }
                if sv.direction == Direction::Inbound && !l.reverse {
                    return Err(LinesError::at(
                        src,
                        format!("{sk}.direction"),
                        "inbound service on a line with reverse = false",
                    ));
                }
                for &dir in &dirs {
                    // Stop order for this direction (indices into the line's stops).
                    let order: Vec<usize> = if dir == 0 { (i0..=i1).collect() } else { (i0..=i1).rev().collect() };
                    // Exact offsets from the first departure.
                    let mut offs: Vec<(f64, f64)> = Vec::with_capacity(order.len());
                    let mut t = 0.0f64;
                    for (j, &k) in order.iter().enumerate() {
                        if j > 0 {
                            let prev = order[j - 1];
                            t += seg[prev.max(k)];
                        }
                        let last = j + 1 == order.len();
                        let dw = if j == 0 || last { 0.0 } else { dwell[k] };
                        offs.push((t, t + dw));
                        t += dw;
                    }
                    let headsign =
                        stops.get(ids[*order.last().unwrap_or(&0)]).map_or(String::new(), |r| r.def.name.clone());
                    let runs: Vec<u32> =
                        if as_template { headway.map(|(a, _, _)| vec![a]).unwrap_or_default() } else { deps.clone() };
                    for d0 in runs {
                        let mut tid = format!(
                            "{}-{}-{}-{}",
                            l.id,
                            if dir == 0 { "o" } else { "i" },
                            sid,
                            fmt_time(d0).replace(':', "").get(0..4).unwrap_or("")
                        );
                        if part {
                            tid = format!("{tid}-{}-{}", ids[i0], ids[i1]);
                        }
                        if !trip_ids.insert(tid.clone()) {
                            return Err(LinesError::at(
                                src,
                                format!("{sk}.departures"),
                                format!("departure {} is listed twice", fmt_time(d0)),
                            ));
                        }
                        trips.push(vec![l.id.clone(), sid.clone(), tid.clone(), headsign.clone(), dir.to_string()]);
                        let mut prev_dep = 0u32;
                        for (j, (&k, &(a, b))) in order.iter().zip(&offs).enumerate() {
                            let arr = (d0 + round_min(a)).max(prev_dep);
                            let dep = (d0 + round_min(b)).max(arr);
                            prev_dep = dep;
                            let first = j == 0;
                            let last = j + 1 == order.len();
                            stop_times.push((
                                tid.clone(),
                                j as u32,
                                vec![
                                    tid.clone(),
                                    fmt_time(arr),
                                    fmt_time(dep),
                                    ids[k].to_string(),
                                    (j + 1).to_string(),
                                    if last { 1 } else { pick[k] }.to_string(),
                                    if first { 1 } else { drop[k] }.to_string(),
                                ],
                            ));
                        }
                        if let (true, Some((a, b, h))) = (as_template, headway) {
                            freqs.push(vec![tid.clone(), fmt_time(a), fmt_time(b + h), h.to_string(), "1".into()]);
                        }
                    }
                }
            }
            if l.service.is_empty() {
                return Err(LinesError::at(src, format!("{lk}.service"), "a line needs at least one [[line.service]]"));
            }
        }
    }

    // --- transfers --------------------------------------------------------------------------
    let mut transfers: Vec<Vec<String>> = Vec::new();
    for f in files {
        for (i, t) in f.transfer.iter().enumerate() {
            for (id, key) in [(&t.from, "from"), (&t.to, "to")] {
                let ok = stops.get(id).is_some_and(|r| r.used || (r.def.station && any_child_used(&stops, id)));
                if !ok {
                    return Err(LinesError::at(
                        &f.source,
                        format!("transfer[{i}].{key}"),
                        format!("stop '{id}' is unknown or served by no line"),
                    ));
                }
            }
            let kind = t.kind.unwrap_or(TransferKind::MinTime);
            transfers.push(vec![
                t.from.clone(),
                t.to.clone(),
                kind.code().to_string(),
                t.min_minutes.map_or(String::new(), |m| (m * 60).to_string()),
            ]);
        }
    }
    transfers.sort();

    // --- stops.txt --------------------------------------------------------------------------
    // Parents of used stops are used too.
    let parents: Vec<String> = stops.values().filter(|r| r.used).filter_map(|r| r.def.parent.clone()).collect();
    for p in parents {
        if let Some(r) = stops.get_mut(&p) {
            r.used = true;
        }
    }
    let mut report = BuildReport::default();
    let mut stop_rows = Vec::new();
    for (id, r) in &stops {
        if !r.used {
            report.unused_stops.push(id.clone());
            continue;
        }
        let d = &r.def;
        if d.station {
            report.stations += 1;
        } else {
            report.stops += 1;
        }
        stop_rows.push(vec![
            id.clone(),
            d.name.clone(),
            coord(d.lat),
            coord(d.lon),
            if d.station { "1" } else { "0" }.into(),
            d.parent.clone().unwrap_or_default(),
            match d.wheelchair {
                None => String::new(),
                Some(true) => "1".into(),
                Some(false) => "2".into(),
            },
            d.platform.clone().unwrap_or_default(),
        ]);
    }

    // --- calendar ---------------------------------------------------------------------------
    let mut cal_rows = Vec::new();
    let mut cd_rows = Vec::new();
    for (sid, k) in &services {
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
            let hol = holidays.get(&d);
            let mut want = k.days & hol.copied().unwrap_or(DayType::of(d)).bit() != 0;
            if k.school && (hol.is_some() || breaks.contains(&d)) {
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

    // --- assemble ---------------------------------------------------------------------------
    routes.sort();
    trips.sort_by(|a, b| a[2].cmp(&b[2]));
    stop_times.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    freqs.sort();
    let st_rows: Vec<Vec<String>> = stop_times.into_iter().map(|r| r.2).collect();
    let agency_rows: Vec<Vec<String>> = agencies
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
    report.routes = routes.len();
    report.trips = trips.len();
    report.stop_times = st_rows.len();
    report.services = services.len();
    report.frequencies = freqs.len();
    report.transfers = transfers.len();
    report.areas = areas.len();

    let mut out: Vec<(String, String)> = vec![
        (
            "agency.txt".into(),
            csv_text(
                &["agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang", "agency_phone"],
                &agency_rows,
            ),
        ),
        (
            "stops.txt".into(),
            csv_text(
                &[
                    "stop_id",
                    "stop_name",
                    "stop_lat",
                    "stop_lon",
                    "location_type",
                    "parent_station",
                    "wheelchair_boarding",
                    "platform_code",
                ],
                &stop_rows,
            ),
        ),
        (
            "routes.txt".into(),
            csv_text(
                &["route_id", "agency_id", "route_short_name", "route_long_name", "route_type", "route_color"],
                &routes,
            ),
        ),
        ("trips.txt".into(), csv_text(&["route_id", "service_id", "trip_id", "trip_headsign", "direction_id"], &trips)),
        (
            "stop_times.txt".into(),
            csv_text(
                &[
                    "trip_id",
                    "arrival_time",
                    "departure_time",
                    "stop_id",
                    "stop_sequence",
                    "pickup_type",
                    "drop_off_type",
                ],
                &st_rows,
            ),
        ),
        (
            "calendar.txt".into(),
            csv_text(
                &[
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
                ],
                &cal_rows,
            ),
        ),
        ("calendar_dates.txt".into(), csv_text(&["service_id", "date", "exception_type"], &cd_rows)),
        (
            "feed_info.txt".into(),
            csv_text(
                &[
                    "feed_publisher_name",
                    "feed_publisher_url",
                    "feed_lang",
                    "feed_start_date",
                    "feed_end_date",
                    "feed_version",
                ],
                &[vec![
                    fd.publisher_name.clone(),
                    fd.publisher_url.clone(),
                    fd.lang.clone(),
                    start.gtfs(),
                    end.gtfs(),
                    fd.version.clone(),
                ]],
            ),
        ),
    ];
    if !freqs.is_empty() {
        out.push((
            "frequencies.txt".into(),
            csv_text(&["trip_id", "start_time", "end_time", "headway_secs", "exact_times"], &freqs),
        ));
    }
    if !transfers.is_empty() {
        out.push((
            "transfers.txt".into(),
            csv_text(&["from_stop_id", "to_stop_id", "transfer_type", "min_transfer_time"], &transfers),
        ));
    }
    if !areas.is_empty() {
        let fc = serde_json::json!({"type": "FeatureCollection", "features": areas});
        out.push(("locations.geojson".into(), geojson_text(&fc)));
    }
    out.sort();
    Ok(GtfsTables { files: out, report })
}

fn any_child_used(stops: &BTreeMap<String, StopRec>, station: &str) -> bool {
    stops.values().any(|r| r.used && r.def.parent.as_deref() == Some(station))
}

fn round_min(secs: f64) -> u32 {
    ((secs / 60.0).round() as u32) * 60
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// GTFS transfer_type of a `[[transfer]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    Recommended,
    Timed,
    MinTime,
    Forbidden,
}

impl TransferKind {
    fn code(self) -> u8 {
        match self {
            TransferKind::Recommended => 0,
            TransferKind::Timed => 1,
            TransferKind::MinTime => 2,
            TransferKind::Forbidden => 3,
        }
    }
}

/// A `[[transfer]]` row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferDef {
    pub from: String,
    pub to: String,
    pub kind: Option<TransferKind>,
    pub min_minutes: Option<u32>,
}
