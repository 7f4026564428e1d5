//! Municipal borders for maps: a GeoJSON FeatureCollection of (Multi)Polygons in WGS84 with a
//! `kommunkod` property (SCB's generalised borders, "Källa: SCB", CC BY 4.0, ship with the
//! Kronoberg region). Only the outer and inner rings are kept; nothing else of the file is read.
//!
//! A bad file is an error naming the file, the feature and what is wrong; a feature whose
//! `kommunkod` the region does not have is an error too (a border file of another county).

use std::path::Path;

use serde_json::Value;

use super::RegionError;

/// One municipality's border: its kommunkod and its rings of `[lon, lat]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Border {
    pub kommunkod: String,
    /// Every ring of every polygon, each closed.
    pub rings: Vec<Vec<[f64; 2]>>,
}

/// The borders of a region's municipalities.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Borders {
    pub municipalities: Vec<Border>,
    /// The attribution to print beside maps that draw them, e.g. "Källa: SCB".
    pub attribution: String,
}

/// Reads the borders at `path`; every feature must name one of `codes`.
pub fn load(path: &Path, attribution: &str, codes: &[&str]) -> Result<Borders, RegionError> {
    let file = path.display().to_string();
    let err = |key: Option<String>, message: String| RegionError { file: file.clone(), line: None, key, message };
    let text = std::fs::read_to_string(path).map_err(|e| err(None, e.to_string()))?;
    parse(&text, &file, attribution, codes)
}

/// Parses GeoJSON text; `file` names it in messages.
pub fn parse(text: &str, file: &str, attribution: &str, codes: &[&str]) -> Result<Borders, RegionError> {
    let err = |key: Option<String>, message: String| RegionError { file: file.into(), line: None, key, message };
    let doc: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| RegionError {
        file: file.into(),
        line: Some(e.line() as u64),
        key: None,
        message: e.to_string(),
    })?;
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| err(None, "not a GeoJSON FeatureCollection (no \"features\" array)".into()))?;
    let mut out = Vec::with_capacity(features.len());
    for (i, f) in features.iter().enumerate() {
        let key = |k: &str| Some(format!("features[{i}].{k}"));
        let code = f
            .pointer("/properties/kommunkod")
            .and_then(Value::as_str)
            .ok_or_else(|| err(key("properties.kommunkod"), "missing (a 4-digit string is needed)".into()))?;
        if !codes.contains(&code) {
            return Err(err(key("properties.kommunkod"), format!("'{code}' is not a municipality of the region")));
        }
        let geom = f.get("geometry").ok_or_else(|| err(key("geometry"), "missing".into()))?;
        let polygons: Vec<&Value> = match (geom.get("type").and_then(Value::as_str), geom.get("coordinates")) {
            (Some("Polygon"), Some(c)) => vec![c],
            (Some("MultiPolygon"), Some(Value::Array(ps))) => ps.iter().collect(),
            (t, _) => {
                let what = t.unwrap_or("no type");
                return Err(err(
                    key("geometry"),
                    format!("{what}: a Polygon or MultiPolygon with coordinates is needed"),
                ));
            }
        };
        let mut rings = Vec::new();
        for p in polygons {
            for ring in p.as_array().into_iter().flatten() {
                let pts: Option<Vec<[f64; 2]>> = ring.as_array().and_then(|r| r.iter().map(position).collect());
                match pts {
                    Some(r) if r.len() >= 4 => rings.push(r),
                    _ => {
                        return Err(err(
                            key("geometry.coordinates"),
                            "a ring needs at least four [lon, lat] positions in degrees".into(),
                        ));
                    }
                }
            }
        }
        out.push(Border { kommunkod: code.to_string(), rings });
    }
    Ok(Borders { municipalities: out, attribution: attribution.to_string() })
}

/// A `[lon, lat]` position in degrees.
fn position(xy: &Value) -> Option<[f64; 2]> {
    let a = xy.as_array()?;
    let (lon, lat) = (a.first()?.as_f64()?, a.get(1)?.as_f64()?);
    ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some([lon, lat])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borders_read_and_refuse() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"kommunkod":"0760"},"geometry":{"type":"MultiPolygon",
             "coordinates":[[[[15.0,57.0],[15.1,57.0],[15.1,57.1],[15.0,57.0]]]]}},
            {"type":"Feature","properties":{"kommunkod":"0761"},"geometry":{"type":"Polygon",
             "coordinates":[[[15.2,56.8],[15.3,56.8],[15.3,56.9],[15.2,56.8]]]}}]}"#;
        let b = parse(text, "b.geojson", "Källa: SCB", &["0760", "0761"]).unwrap();
        assert_eq!(b.municipalities.len(), 2);
        assert_eq!((b.municipalities[1].kommunkod.as_str(), b.municipalities[1].rings[0][1]), ("0761", [15.3, 56.8]));
        assert_eq!(b.attribution, "Källa: SCB");
        // Another county's file, a broken ring, not GeoJSON.
        let e = parse(text, "b.geojson", "", &["0760"]).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("features[1].properties.kommunkod"));
        assert!(e.message.contains("'0761' is not a municipality"), "{}", e.message);
        let bad = text.replace("[15.3,56.9]", "[15.3]");
        let e = parse(&bad, "b.geojson", "", &["0760", "0761"]).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("features[1].geometry.coordinates"));
        assert!(parse("[1, 2]", "b.geojson", "", &[]).unwrap_err().message.contains("FeatureCollection"));
        assert_eq!(parse("{", "b.geojson", "", &[]).unwrap_err().line, Some(1));
    }
}
