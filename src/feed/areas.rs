//! Reading GTFS-Flex `locations.geojson`: the demand-responsive (närtrafik) zones of a feed.

use serde_json::Value;

use super::{DemandArea, FeedError};

pub(super) fn parse(file: &str, bytes: &[u8], feed: u16) -> Result<Vec<DemandArea>, FeedError> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| FeedError {
        file: file.into(),
        line: Some(e.line() as u64),
        field: None,
        message: format!("not valid JSON: {e}"),
    })?;
    let features = v
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| FeedError::new(file, "expected a GeoJSON FeatureCollection with 'features'"))?;
    let mut out = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let where_ = |m: &str| FeedError {
            file: file.into(),
            line: None,
            field: Some(format!("features[{i}]")),
            message: m.into(),
        };
        let id = f
            .get("id")
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .unwrap_or_else(|| format!("zone{}", i + 1));
        let props = f.get("properties");
        let name = props.and_then(|p| p.get("stop_name")).and_then(Value::as_str).unwrap_or(&id).to_string();
        let geom = f.get("geometry").ok_or_else(|| where_("feature has no geometry"))?;
        let coords = geom.get("coordinates").ok_or_else(|| where_("geometry has no coordinates"))?;
        let polys: Vec<&Value> = match geom.get("type").and_then(Value::as_str) {
            Some("Polygon") => vec![coords],
            Some("MultiPolygon") => coords.as_array().map(|a| a.iter().collect()).unwrap_or_default(),
            other => return Err(where_(&format!("geometry type {other:?} is not a Polygon or MultiPolygon"))),
        };
        let mut polygons = Vec::new();
        for p in polys {
            let rings = p.as_array().ok_or_else(|| where_("polygon is not an array of rings"))?;
            let mut out_rings = Vec::new();
            for r in rings {
                let pts = r.as_array().ok_or_else(|| where_("ring is not an array of positions"))?;
                let ring: Option<Vec<(f64, f64)>> =
                    pts.iter().map(|pt| Some((pt.get(0)?.as_f64()?, pt.get(1)?.as_f64()?))).collect();
                let ring = ring.ok_or_else(|| where_("a position is not [lon, lat]"))?;
                if ring.len() < 4 {
                    return Err(where_("a ring needs at least 4 positions"));
                }
                if ring.iter().any(|(lon, lat)| !(-180.0..=180.0).contains(lon) || !(-90.0..=90.0).contains(lat)) {
                    return Err(where_("a position is outside WGS84 lon/lat ranges"));
                }
                out_rings.push(ring);
            }
            polygons.push(out_rings);
        }
        out.push(DemandArea { id, name, polygons, feed });
    }
    Ok(out)
}
