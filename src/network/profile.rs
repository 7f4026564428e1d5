//! Who may use a way and how fast: the walking and driving rules read from a way's OSM tags, and
//! the table of car speeds by road class used where `maxspeed` is missing. Pure functions of the
//! tags; depends on nothing else in the crate.

/// The tags of a way that the profiles read, kept from the OSM file (everything else is dropped
/// at load).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WayTags {
    pub highway: String,
    pub maxspeed: Option<String>,
    pub oneway: Option<String>,
    pub junction: Option<String>,
    pub access: Option<String>,
    pub foot: Option<String>,
    pub motor_vehicle: Option<String>,
    pub motorcar: Option<String>,
    /// `motorroad=yes`: a Swedish motortrafikled, closed to pedestrians.
    pub motorroad: Option<String>,
    pub area: Option<String>,
}

impl WayTags {
    /// Keeps the tag if the profiles read it; returns whether it did.
    pub fn set(&mut self, key: &str, value: &str) -> bool {
        let slot = match key {
            "highway" => {
                self.highway = value.to_string();
                return true;
            }
            "maxspeed" => &mut self.maxspeed,
            "oneway" => &mut self.oneway,
            "junction" => &mut self.junction,
            "access" => &mut self.access,
            "foot" => &mut self.foot,
            "motor_vehicle" => &mut self.motor_vehicle,
            "motorcar" => &mut self.motorcar,
            "motorroad" => &mut self.motorroad,
            "area" => &mut self.area,
            _ => return false,
        };
        *slot = Some(value.to_string());
        true
    }

    /// A way with these tags: `highway=…` plus `key=value` pairs (for tests and benches).
    pub fn of(highway: &str, pairs: &[(&str, &str)]) -> WayTags {
        let mut t = WayTags { highway: highway.to_string(), ..Default::default() };
        for (k, v) in pairs {
            t.set(k, v);
        }
        t
    }
}

fn is_yes(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("yes" | "designated" | "permissive" | "destination"))
}

/// May a pedestrian use the way? Footways, paths, steps, pedestrian streets, cycleways (in
/// Sweden mostly gång- och cykelvägar), tracks, and every road except motorways and
/// motortrafikleder — unless tagged `foot=no` (or `access=no` without `foot=yes`).
pub fn walkable(t: &WayTags) -> bool {
    let class_ok = matches!(
        t.highway.as_str(),
        "footway"
            | "path"
            | "pedestrian"
            | "steps"
            | "cycleway"
            | "bridleway"
            | "track"
            | "living_street"
            | "residential"
            | "service"
            | "unclassified"
            | "road"
            | "tertiary"
            | "tertiary_link"
            | "secondary"
            | "secondary_link"
            | "primary"
            | "primary_link"
            | "trunk"
            | "trunk_link"
            | "corridor"
    );
    if !class_ok || t.area.as_deref() == Some("yes") && t.highway != "pedestrian" {
        return false;
    }
    if t.foot.as_deref() == Some("no") || t.motorroad.as_deref() == Some("yes") && !is_yes(&t.foot) {
        return false;
    }
    t.access.as_deref() != Some("no") || is_yes(&t.foot)
}

/// Car speeds by road class where `maxspeed` is missing, km/h. Swedish default limits (70 on
/// rural roads, 50 in built-up areas, 110–120 on motorways) lowered where real speeds are
/// lower: local streets 35, service roads and forest tracks 20, living streets 10.
pub const CLASS_SPEEDS_KMH: &[(&str, f64)] = &[
    ("motorway", 110.0),
    ("motorway_link", 60.0),
    ("trunk", 90.0),
    ("trunk_link", 50.0),
    ("primary", 80.0),
    ("primary_link", 50.0),
    ("secondary", 70.0),
    ("secondary_link", 50.0),
    ("tertiary", 60.0),
    ("tertiary_link", 40.0),
    ("unclassified", 50.0),
    ("road", 40.0),
    ("residential", 35.0),
    ("living_street", 10.0),
    ("service", 20.0),
    ("track", 20.0),
];

/// The speed of a road class, km/h, if cars use that class.
pub fn class_speed_kmh(highway: &str) -> Option<f64> {
    CLASS_SPEEDS_KMH.iter().find(|(k, _)| *k == highway).map(|(_, v)| *v)
}

/// `maxspeed` in km/h: a number (`50`), with `mph`, or a Swedish implicit limit (`SE:urban` 50,
/// `SE:rural` 70, `SE:motorway` 110). `None` for anything else (`signals`, `none`, typos).
pub fn parse_maxspeed(v: &str) -> Option<f64> {
    let v = v.trim();
    match v {
        "SE:urban" => return Some(50.0),
        "SE:rural" => return Some(70.0),
        "SE:motorway" => return Some(110.0),
        "walk" | "SE:walk" => return Some(7.0),
        _ => {}
    }
    // Of several values (`50;30`), the first.
    let v = v.split(';').next().unwrap_or(v).trim();
    let (num, factor) = match v.strip_suffix("mph") {
        Some(n) => (n.trim(), 1.609_344),
        None => (v.strip_suffix("km/h").unwrap_or(v).trim(), 1.0),
    };
    let n: f64 = num.parse().ok()?;
    (n.is_finite() && n > 0.0 && n <= 200.0).then_some(n * factor)
}

/// The direction a car may drive a way in, in the way's node order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Oneway {
    Both,
    Forward,
    Backward,
}

/// Car speed in km/h if cars may use the way: `maxspeed` when it can be read, else the class
/// speed of [`CLASS_SPEEDS_KMH`]; with the direction allowed. `None` for ways closed to cars.
pub fn drivable(t: &WayTags) -> Option<(f64, Oneway)> {
    let class = class_speed_kmh(&t.highway)?;
    if t.area.as_deref() == Some("yes") {
        return None;
    }
    let closed = |v: &Option<String>| matches!(v.as_deref(), Some("no" | "agricultural" | "forestry"));
    let allowed = |v: &Option<String>| is_yes(v) || v.as_deref() == Some("private");
    if closed(&t.motorcar) || (closed(&t.motor_vehicle) && !allowed(&t.motorcar)) {
        return None;
    }
    if closed(&t.access) && !allowed(&t.motor_vehicle) && !allowed(&t.motorcar) {
        return None;
    }
    let speed = t.maxspeed.as_deref().and_then(parse_maxspeed).unwrap_or(class);
    let oneway = match t.oneway.as_deref() {
        Some("yes" | "true" | "1") => Oneway::Forward,
        Some("-1" | "reverse") => Oneway::Backward,
        Some("no" | "false" | "0") => Oneway::Both,
        _ if t.junction.as_deref() == Some("roundabout") || t.highway == "motorway" => Oneway::Forward,
        _ => Oneway::Both,
    };
    Some((speed, oneway))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maxspeed_values() {
        assert_eq!(parse_maxspeed("50"), Some(50.0));
        assert_eq!(parse_maxspeed("SE:rural"), Some(70.0));
        assert_eq!(parse_maxspeed("30 mph").map(|v| (v * 10.0).round()), Some(483.0));
        assert_eq!(parse_maxspeed("50;30"), Some(50.0));
        assert_eq!(parse_maxspeed("signals"), None);
        assert_eq!(parse_maxspeed("-5"), None);
    }

    #[test]
    fn missing_maxspeed_takes_the_class_speed() {
        // A tertiary road without maxspeed drives at the table's 60 km/h; with maxspeed=40, 40.
        assert_eq!(drivable(&WayTags::of("tertiary", &[])), Some((60.0, Oneway::Both)));
        assert_eq!(drivable(&WayTags::of("tertiary", &[("maxspeed", "40")])), Some((40.0, Oneway::Both)));
        // An unreadable maxspeed falls back to the class too.
        assert_eq!(drivable(&WayTags::of("residential", &[("maxspeed", "fast")])).map(|d| d.0), Some(35.0));
    }

    #[test]
    fn who_may_use_what() {
        assert!(walkable(&WayTags::of("footway", &[])));
        assert!(walkable(&WayTags::of("residential", &[])));
        assert!(!walkable(&WayTags::of("motorway", &[])));
        assert!(!walkable(&WayTags::of("primary", &[("foot", "no")])));
        assert!(!walkable(&WayTags::of("trunk", &[("motorroad", "yes")])));
        assert!(walkable(&WayTags::of("service", &[("access", "no"), ("foot", "yes")])));
        assert!(drivable(&WayTags::of("footway", &[])).is_none());
        assert!(drivable(&WayTags::of("track", &[("motor_vehicle", "no")])).is_none());
        assert_eq!(drivable(&WayTags::of("motorway", &[])).map(|d| d.1), Some(Oneway::Forward));
        assert_eq!(drivable(&WayTags::of("residential", &[("oneway", "-1")])).map(|d| d.1), Some(Oneway::Backward));
        assert_eq!(
            drivable(&WayTags::of("primary", &[("junction", "roundabout")])).map(|d| d.1),
            Some(Oneway::Forward)
        );
    }
}
