//! `narhet validate`: the feeds' problems ([`crate::feed::validate`]) with the region's
//! surroundings as the area stops are expected in, grouped and counted for people and as JSON.
//! Prints nothing.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::feed::{Area, LoadOptions, Severity, Validation, validate};
use crate::region::Region;
use crate::spatial::haversine_m;

/// How far beyond the county's outline a stop may lie before it is reported (km): neighbouring
/// counties and national rail reach that far, a stop at the wrong end of the world does not.
pub const MARGIN_KM: f64 = 300.0;

/// The area around the county: the outline's centre, and its farthest corner plus [`MARGIN_KM`].
pub fn area_of(region: &Region) -> Option<Area> {
    let ring = region.extent.ring();
    if ring.is_empty() {
        return None;
    }
    let n = ring.len() as f64;
    let (lon, lat) = (ring.iter().map(|p| p[0]).sum::<f64>() / n, ring.iter().map(|p| p[1]).sum::<f64>() / n);
    let far = ring.iter().map(|p| haversine_m(lat, lon, p[1], p[0]) / 1000.0).fold(0.0, f64::max);
    Some(Area { lat, lon, radius_km: far + MARGIN_KM })
}

/// Validates `paths` (stops checked against `region`'s surroundings when given).
pub fn run(paths: &[PathBuf], opts: &LoadOptions, region: Option<&Region>) -> Validation {
    validate(paths, opts, region.and_then(area_of))
}

/// Text for people: counts, then each kind with its count and up to `shown` problems (all with
/// `None`), errors first.
pub fn render(v: &Validation, shown: Option<usize>) -> String {
    let mut o = format!("{} errors, {} warnings\n", v.errors(), v.warnings());
    let mut last = None;
    for (sev, kind, probs) in v.groups() {
        if last != Some(sev) {
            o += match sev {
                Severity::Error => "\nErrors (the other commands refuse the feed)\n",
                Severity::Warning => "\nWarnings (the other commands load the feed and skip or count these apart)\n",
            };
            last = Some(sev);
        }
        o += &format!("  {kind} ×{}\n", probs.len());
        let n = shown.unwrap_or(usize::MAX).min(probs.len());
        for p in &probs[..n] {
            o += &format!("    {}", p.file);
            if let Some(l) = p.line {
                o += &format!(", line {l}");
            }
            if let Some(f) = &p.field {
                o += &format!(", field '{f}'");
            }
            o += &format!(": {}\n", p.message);
        }
        if n < probs.len() {
            o += &format!("    … and {} more (--all lists every one)\n", probs.len() - n);
        }
    }
    o
}

/// The same as JSON: `{errors, warnings, groups: [{severity, kind, count, problems}]}`.
pub fn to_json(v: &Validation) -> Value {
    let groups: Vec<Value> = v
        .groups()
        .into_iter()
        .map(|(sev, kind, probs)| json!({"severity": sev, "kind": kind, "count": probs.len(), "problems": probs}))
        .collect();
    json!({"errors": v.errors(), "warnings": v.warnings(), "groups": groups})
}
