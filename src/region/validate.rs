//! The region file's checks after serde has typed it: names and codes that must match, and every
//! number in its range. Each error names the key path and the line of that key's own value
//! (from the document's spans, never from a text search).

use std::collections::BTreeSet;
use std::ops::RangeInclusive;
use std::path::Path;

use super::strict::Doc;
use super::{
    Coverage, Extent, Goals, MetricRow, NodeLevel, Region, RegionError, RegionToml, RoutingSettings, RoutingToml,
    WalkSettings, WalkToml,
};
use crate::walk::Walk;

/// Keys that were removed, with why and what to do. A file that still has one is refused with
/// this message at the line of the key.
const REMOVED: [(&str, &str); 2] = [
    (
        "coverage.day_type",
        "`day_type` was removed: it changed nothing, coverage always reports weekday, Saturday and Sunday. \
         Delete this line.",
    ),
    (
        "goals.municipality[].max_minutes_seat_to_core",
        "`max_minutes_seat_to_core` was removed: no report or comparison ever checked it. Delete this line; \
         the travel-time goals of a seat town are `max_minutes_to_core` under [[goals.node]].",
    ),
];

/// Stop distances: nobody walks further than this to a stop.
const MAX_STOP_DISTANCE_M: f64 = 5000.0;
/// "Near a town": a town is not wider than this.
const MAX_TOWN_DISTANCE_M: f64 = 20_000.0;
/// Goal minutes: a day.
const MAX_GOAL_MINUTES: u32 = 24 * 60;
/// Restidskvot goals: public transport ten times slower than the car is no goal.
const MAX_GOAL_RATIO: f64 = 10.0;
const YEARS: RangeInclusive<i32> = 1900..=2100;

/// Refuses a file that still uses a removed key.
pub(super) fn removed_keys(doc: &Doc, file: &str) -> Result<(), RegionError> {
    for (pattern, why) in REMOVED {
        if let Some(key) = doc.find(pattern).into_iter().next() {
            return Err(RegionError { file: file.into(), line: doc.line(&key), key: Some(key), message: why.into() });
        }
    }
    Ok(())
}

/// Checks the typed file and builds the [`Region`].
pub(super) fn region(raw: RegionToml, doc: &Doc, path: &Path) -> Result<Region, RegionError> {
    let ck = Check { file: path.display().to_string(), doc };
    if !(raw.county_code.len() == 2 && raw.county_code.bytes().all(|b| b.is_ascii_digit())) {
        return Err(ck.err("county_code", format!("'{}' is not a 2-digit SCB länskod", raw.county_code)));
    }
    for (i, p) in raw.extent.iter().enumerate() {
        ck.degrees([&format!("extent[{i}][1]"), &format!("extent[{i}][0]")], p[1], p[0])?;
    }
    for (i, p) in raw.outside_place.iter().enumerate() {
        ck.lat_lon(&format!("outside_place[{i}]"), p.lat, p.lon)?;
    }
    let codes = places(&ck, &raw)?;
    goals(&ck, &raw.goals, &codes, &raw.town)?;
    coverage(&ck, &raw.coverage)?;
    metrics(&ck, &raw.metric)?;
    let walk = walk(&ck, "walk", raw.walk.as_ref(), &WalkSettings::default())?;
    let mut walk_profiles = Vec::new();
    for (name, w) in &raw.walk_profile {
        let key = format!("walk_profile.{name}");
        if name == "default" || name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            let short: String = name.chars().take(40).collect();
            let message = format!("'{short}' is not a profile name; give letters, digits or _ (not 'default': [walk])");
            return Err(ck.err(&key, message));
        }
        walk_profiles.push((name.clone(), self::walk(&ck, &key, Some(w), &walk)?));
    }
    let routing = routing(&ck, raw.routing.as_ref())?;
    let appointments = super::appointments::settings(&raw.appointments, |k, m| ck.err(k, m))?;
    let extent = Extent::new(raw.extent).map_err(|e| {
        let message = format!("the outline is not a polygon: {e}; give at least three [lon, lat] points, not crossing");
        ck.err("extent", message)
    })?;
    let base = path.parent().unwrap_or(Path::new(""));
    Ok(Region {
        name: raw.name,
        county_code: raw.county_code,
        source: path.to_path_buf(),
        population_grid: raw.population_grid.map(|g| base.join(g)),
        osm: raw.osm.map(|g| base.join(g)),
        extent,
        outside_places: raw.outside_place,
        municipalities: raw.municipality,
        towns: raw.town,
        care: raw.care,
        care_list: raw.care_list,
        municipality_borders: raw
            .municipality_borders
            .map(|b| (base.join(b), raw.municipality_borders_attribution.unwrap_or_default())),
        goals: raw.goals,
        coverage: raw.coverage,
        walk,
        walk_profiles,
        routing,
        appointments,
        metrics: raw.metric,
        measures: raw.measure,
    })
}

/// Errors at a key path, with the line of its value.
struct Check<'a> {
    file: String,
    doc: &'a Doc<'a>,
}

impl Check<'_> {
    fn err(&self, key: &str, message: String) -> RegionError {
        RegionError { file: self.file.clone(), line: self.doc.line(key), key: Some(key.to_string()), message }
    }

    /// Valid WGS84 degrees in the table at `at` (its `lat` and `lon` keys).
    fn lat_lon(&self, at: &str, lat: f64, lon: f64) -> Result<(), RegionError> {
        self.degrees([&format!("{at}.lat"), &format!("{at}.lon")], lat, lon)
    }

    /// Valid WGS84 degrees; `keys` name the latitude and the longitude.
    fn degrees(&self, keys: [&str; 2], lat: f64, lon: f64) -> Result<(), RegionError> {
        if !(-90.0..=90.0).contains(&lat) {
            return Err(self.err(keys[0], format!("latitude {lat} is not between -90 and 90 degrees")));
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(self.err(keys[1], format!("longitude {lon} is not between -180 and 180 degrees")));
        }
        Ok(())
    }

    /// A distance in metres: above 0 and at most `max`.
    fn distance(&self, key: &str, v: Option<f64>, max: f64) -> Result<(), RegionError> {
        match v {
            Some(d) if !(d > 0.0 && d <= max) => {
                Err(self.err(key, format!("{d} m is not a distance here; give a value above 0 and at most {max}")))
            }
            _ => Ok(()),
        }
    }

    /// A count or a number of minutes: at least 1 (0 would be met by anything) and at most `max`.
    fn at_least_one(&self, key: &str, v: Option<u32>, max: u32, what: &str) -> Result<(), RegionError> {
        match v {
            Some(n) if !(1..=max).contains(&n) => {
                Err(self.err(key, format!("{n} is not {what}; give a whole number from 1 to {max}")))
            }
            _ => Ok(()),
        }
    }

    /// A finite number ≥ 0.
    fn non_negative(&self, key: &str, v: Option<f64>, what: &str) -> Result<(), RegionError> {
        match v {
            Some(x) if !(x >= 0.0 && x.is_finite()) => {
                Err(self.err(key, format!("{x} is not {what}; give a number ≥ 0")))
            }
            _ => Ok(()),
        }
    }
}

/// Municipalities, towns and care nodes: codes, names, seats, coordinates. Returns the codes.
fn places<'r>(ck: &Check, raw: &'r RegionToml) -> Result<BTreeSet<&'r str>, RegionError> {
    let mut codes = BTreeSet::new();
    for (i, m) in raw.municipality.iter().enumerate() {
        let key = format!("municipality[{i}].kommunkod");
        if m.kommunkod.len() != 4 || !m.kommunkod.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ck.err(&key, format!("'{}' is not a 4-digit kommunkod", m.kommunkod)));
        }
        if !codes.insert(m.kommunkod.as_str()) {
            return Err(ck.err(&key, format!("kommunkod {} appears twice", m.kommunkod)));
        }
    }
    let mut names = BTreeSet::new();
    for (i, t) in raw.town.iter().enumerate() {
        ck.lat_lon(&format!("town[{i}]"), t.lat, t.lon)?;
        if !codes.contains(t.kommunkod.as_str()) {
            let message = format!("town '{}': unknown kommunkod '{}'", t.name, t.kommunkod);
            return Err(ck.err(&format!("town[{i}].kommunkod"), message));
        }
        if !names.insert(t.name.as_str()) {
            return Err(ck.err(&format!("town[{i}].name"), format!("town '{}' appears twice", t.name)));
        }
    }
    for (i, m) in raw.municipality.iter().enumerate() {
        if !raw.town.iter().any(|t| t.name == m.seat && t.kommunkod == m.kommunkod) {
            let message = format!("seat '{}' is not a [[town]] of kommunkod {}", m.seat, m.kommunkod);
            return Err(ck.err(&format!("municipality[{i}].seat"), message));
        }
    }
    let cores: Vec<usize> = (0..raw.town.len()).filter(|&i| raw.town[i].level == NodeLevel::RegionalCore).collect();
    if cores.len() != 1 {
        let key = cores.get(1).map_or_else(|| "town".to_string(), |i| format!("town[{i}].level"));
        let message = format!("exactly one town must have level = \"regional_core\"; found {}", cores.len());
        return Err(ck.err(&key, message));
    }
    for (i, c) in raw.care.iter().enumerate() {
        ck.lat_lon(&format!("care[{i}]"), c.lat, c.lon)?;
        if !codes.contains(c.kommunkod.as_str()) {
            let message = format!("care node '{}': unknown kommunkod '{}'", c.name, c.kommunkod);
            return Err(ck.err(&format!("care[{i}].kommunkod"), message));
        }
        for (key, d) in [("valid_from", c.valid_from), ("valid_to", c.valid_to)] {
            if let Some(d) = d.filter(|d| !YEARS.contains(&d.ymd().0)) {
                let message = format!("care node '{}': {d} is not a year from 1900 to 2100", c.name);
                return Err(ck.err(&format!("care[{i}].{key}"), message));
            }
        }
        if let (Some(f), Some(t)) = (c.valid_from, c.valid_to)
            && f > t
        {
            let message = format!("care node '{}': valid_from {f} is after valid_to {t}", c.name);
            return Err(ck.err(&format!("care[{i}].valid_to"), message));
        }
    }
    Ok(codes)
}

/// Goal rows name known towns and municipalities, once each; counts and minutes ≥ 1, shares 0–1.
fn goals(ck: &Check, g: &Goals, codes: &BTreeSet<&str>, towns: &[super::Town]) -> Result<(), RegionError> {
    let node_numbers = |at: &str, n: &super::NodeGoal| -> Result<(), RegionError> {
        ck.at_least_one(
            &format!("{at}.min_weekday_departures_to_core"),
            n.min_weekday_departures_to_core,
            u32::MAX,
            "a number of departures",
        )?;
        ck.at_least_one(
            &format!("{at}.max_minutes_to_core"),
            n.max_minutes_to_core,
            MAX_GOAL_MINUTES,
            "a goal in minutes",
        )?;
        let key = format!("{at}.max_minutes_to_acute_hospital");
        ck.at_least_one(&key, n.max_minutes_to_acute_hospital, MAX_GOAL_MINUTES, "a goal in minutes")?;
        match n.max_restidskvot_to_core {
            Some(r) if !(r > 0.0 && r <= MAX_GOAL_RATIO) => Err(ck.err(
                &format!("{at}.max_restidskvot_to_core"),
                format!("{r} is not a restidskvot goal; give a number above 0, at most {MAX_GOAL_RATIO}"),
            )),
            _ => Ok(()),
        }
    };
    if let Some(t) = &g.node_default.town {
        return Err(ck.err(
            "goals.node_default.town",
            format!("the default goals apply to every node; remove `town = \"{t}\"` or move it to a [[goals.node]]"),
        ));
    }
    node_numbers("goals.node_default", &g.node_default)?;
    let mut seen = BTreeSet::new();
    for (i, n) in g.node.iter().enumerate() {
        let key = format!("goals.node[{i}].town");
        match &n.town {
            Some(t) if !towns.iter().any(|x| &x.name == t) => {
                return Err(ck.err(&key, format!("unknown town '{t}'")));
            }
            Some(t) if !seen.insert(t.as_str()) => {
                return Err(ck.err(&key, format!("town '{t}' has goals twice; give each node one [[goals.node]]")));
            }
            Some(_) => {}
            None => return Err(ck.err(&key, "a node goal needs `town`".into())),
        }
        node_numbers(&format!("goals.node[{i}]"), n)?;
    }
    let mut seen = BTreeSet::new();
    for (i, m) in g.municipality.iter().enumerate() {
        let key = format!("goals.municipality[{i}].kommunkod");
        if !codes.contains(m.kommunkod.as_str()) {
            return Err(ck.err(&key, format!("unknown kommunkod '{}'", m.kommunkod)));
        }
        if !seen.insert(m.kommunkod.as_str()) {
            return Err(ck.err(&key, format!("kommunkod {} has goals twice", m.kommunkod)));
        }
        for (name, v) in [
            ("min_share_basic_service", m.min_share_basic_service),
            ("min_share_restidskvot_le_1_5_vardcentral", m.min_share_restidskvot_le_1_5_vardcentral),
            ("min_share_restidskvot_le_1_5_acute_hospital", m.min_share_restidskvot_le_1_5_acute_hospital),
        ] {
            if let Some(s) = v
                && !(0.0..=1.0).contains(&s)
            {
                let key = format!("goals.municipality[{i}].{name}");
                return Err(ck.err(&key, format!("{s} is not a share; give a value from 0 to 1")));
            }
        }
    }
    Ok(())
}

fn coverage(ck: &Check, c: &Coverage) -> Result<(), RegionError> {
    ck.distance("coverage.basic_max_distance_m", c.basic_max_distance_m, MAX_STOP_DISTANCE_M)?;
    ck.distance("coverage.planning_max_distance_m", c.planning_max_distance_m, MAX_STOP_DISTANCE_M)?;
    ck.distance("coverage.town_max_distance_m", c.town_max_distance_m, MAX_TOWN_DISTANCE_M)?;
    let per_direction = "a number of departures per direction";
    let key = "coverage.basic_min_departures_per_direction";
    ck.at_least_one(key, c.basic_min_departures_per_direction, u32::MAX, per_direction)?;
    let key = "coverage.planning_min_departures_per_direction";
    ck.at_least_one(key, c.planning_min_departures_per_direction, u32::MAX, per_direction)?;
    ck.non_negative("coverage.town_min_density_km2", c.town_min_density_km2, "a density (inhabitants per km²)")?;
    ck.non_negative("coverage.sparse_max_density_km2", c.sparse_max_density_km2, "a density (inhabitants per km²)")
}

fn metrics(ck: &Check, rows: &[MetricRow]) -> Result<(), RegionError> {
    for (i, m) in rows.iter().enumerate() {
        if let Some(y) = m.year
            && !YEARS.contains(&y)
        {
            let message = format!("{y} is not a year; give one from {} to {}", YEARS.start(), YEARS.end());
            return Err(ck.err(&format!("metric[{i}].year"), message));
        }
        if let Some(v) = m.value
            && !v.is_finite()
        {
            return Err(ck.err(&format!("metric[{i}].value"), format!("{v} is not a value; give a finite number")));
        }
    }
    Ok(())
}

/// `[walk]` (or a `[walk_profile.NAME]`, `key` saying which): speed and detour through
/// [`Walk::new`] (its ranges), the access radius and longest walk here; a key left out takes
/// `base`'s value.
fn walk(ck: &Check, key: &str, w: Option<&WalkToml>, base: &WalkSettings) -> Result<WalkSettings, RegionError> {
    let Some(w) = w else { return Ok(*base) };
    let d = base.model;
    let model = Walk::new(w.speed_mps.unwrap_or(d.speed_mps()), w.detour_factor.unwrap_or(d.detour()))
        .map_err(|e| ck.err(&format!("{key}.{}", e.key), e.message))?;
    let access_radius_m = w.access_radius_m.unwrap_or(base.access_radius_m);
    if !(access_radius_m > 0.0 && access_radius_m <= WalkSettings::MAX_ACCESS_RADIUS_M) {
        let message = format!(
            "{access_radius_m} m is not an access radius; give a distance above 0 and at most {}",
            WalkSettings::MAX_ACCESS_RADIUS_M
        );
        return Err(ck.err(&format!("{key}.access_radius_m"), message));
    }
    let max_walk_min = w.max_walk_min.unwrap_or(base.max_walk_min);
    if !(max_walk_min > 0.0 && max_walk_min <= WalkSettings::MAX_MAX_WALK_MIN) {
        let message = format!(
            "{max_walk_min} min is not a longest walk; give minutes above 0 and at most {}",
            WalkSettings::MAX_MAX_WALK_MIN
        );
        return Err(ck.err(&format!("{key}.max_walk_min"), message));
    }
    Ok(WalkSettings { access_radius_m, max_walk_min, model })
}

/// `[routing]`: the minimum change time in its range.
fn routing(ck: &Check, r: Option<&RoutingToml>) -> Result<RoutingSettings, RegionError> {
    let min_change_s = r.and_then(|r| r.min_change_s);
    if let Some(s) = min_change_s.filter(|&s| s > RoutingSettings::MAX_MIN_CHANGE_S) {
        let message =
            format!("{s} s is not a change time; give seconds from 0 to {}", RoutingSettings::MAX_MIN_CHANGE_S);
        return Err(ck.err("routing.min_change_s", message));
    }
    Ok(RoutingSettings { min_change_s })
}
