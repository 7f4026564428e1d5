//! Writing result tables for people and for GIS: CSV (via the `csv` crate), JSON (an array of
//! objects, one line per row) and RFC 7946 GeoJSON (a FeatureCollection in WGS84, `[lon, lat]`).
//!
//! The presentation layer ([`crate::tables`]) turns a metric's result into a [`Table`] of typed
//! [`Field`]s (and, for maps, one [`Geometry`] per row); this module owns how each field looks in
//! each format, so every command prints numbers the same way:
//! - [`Field::Fixed`] prints exactly `d` decimals in CSV (coordinates: `56.876845`);
//! - [`Field::Num`] prints at most `d` decimals with trailing zeros trimmed (`15`, `7.5`,
//!   `6.666667`);
//! - [`Field::Null`] is an empty CSV cell and `null` in JSON/GeoJSON;
//! - [`Field::Bool`] is `true`/`false` in CSV and a JSON boolean;
//! - JSON and GeoJSON get numbers as numbers (rounded to the field's decimals), text as strings;
//! - for Swedish Excel ([`write_csv_excel`]) numbers with decimals get a decimal comma; text is
//!   never changed (a feed version `2026.1` stays `2026.1`).
//!
//! GeoJSON coordinates are rounded to 6 decimals (about 0.1 m), polygons' outer rings are
//! counter-clockwise, and no `crs` member is written (RFC 7946 §4). Output is deterministic:
//! the same table gives the same bytes. Knows nothing about GTFS or metrics.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// Output format of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Geojson,
}

/// One cell of a result table.
#[derive(Clone, Debug, PartialEq)]
pub enum Field {
    /// Missing: empty in CSV, `null` in JSON.
    Null,
    Text(String),
    Int(i64),
    Bool(bool),
    /// A decimal printed with exactly this many decimals in CSV.
    Fixed(f64, u8),
    /// A decimal rounded to at most this many decimals, trailing zeros trimmed.
    Num(f64, u8),
}

impl Field {
    /// `Some(x)` as [`Field::Num`], `None` as [`Field::Null`].
    pub fn opt_num(x: Option<f64>, decimals: u8) -> Field {
        x.map_or(Field::Null, |x| Field::Num(x, decimals))
    }

    /// `Some(s)` as [`Field::Text`], `None` as [`Field::Null`].
    pub fn opt_text(s: Option<String>) -> Field {
        s.map_or(Field::Null, Field::Text)
    }

    /// The text of this field in a CSV cell.
    pub fn csv_text(&self) -> String {
        match self {
            Field::Null => String::new(),
            Field::Text(s) => s.clone(),
            Field::Int(n) => n.to_string(),
            Field::Bool(b) => b.to_string(),
            Field::Fixed(x, d) if x.is_finite() => {
                let s = format!("{:.*}", *d as usize, x);
                if is_negative_zero_text(&s) { s[1..].to_string() } else { s }
            }
            Field::Num(x, d) if x.is_finite() => trim_decimals(x.abs(), *d, *x < 0.0),
            Field::Fixed(..) | Field::Num(..) => String::new(),
        }
    }
}

fn is_negative_zero_text(s: &str) -> bool {
    s.starts_with('-') && s.bytes().skip(1).all(|b| b == b'0' || b == b'.')
}

/// `x` with at most `d` decimals, trailing zeros and a trailing point removed.
pub fn fmt_num(x: f64, d: u8) -> String {
    Field::Num(x, d).csv_text()
}

fn trim_decimals(abs: f64, d: u8, negative: bool) -> String {
    let mut s = format!("{:.*}", d as usize, abs);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if negative && s != "0" { format!("-{s}") } else { s }
}

fn round_to(x: f64, d: u8) -> f64 {
    let k = 10f64.powi(d as i32);
    let r = (x * k).round() / k;
    if r == 0.0 { 0.0 } else { r }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Null => s.serialize_none(),
            Field::Text(t) => s.serialize_str(t),
            Field::Int(n) => s.serialize_i64(*n),
            Field::Bool(b) => s.serialize_bool(*b),
            Field::Fixed(x, d) if x.is_finite() => s.serialize_f64(round_to(*x, *d)),
            Field::Num(x, d) if x.is_finite() => {
                let r = round_to(*x, *d);
                // Whole numbers as integers (`15`, not `15.0`), as in the CSV.
                if r.fract() == 0.0 && r.abs() < 9.0e15 { s.serialize_i64(r as i64) } else { s.serialize_f64(r) }
            }
            Field::Fixed(..) | Field::Num(..) => s.serialize_none(),
        }
    }
}

/// A result table: named columns and rows of typed fields (each row as long as `columns`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Field>>,
}

impl Table {
    pub fn new<S: AsRef<str>>(columns: &[S]) -> Table {
        Table { columns: columns.iter().map(|c| c.as_ref().to_string()).collect(), rows: Vec::new() }
    }

    /// Appends a row; it must have one field per column.
    pub fn push(&mut self, row: Vec<Field>) {
        debug_assert_eq!(row.len(), self.columns.len(), "row length differs from the columns");
        self.rows.push(row);
    }

    /// The field in `row` under column `name`.
    pub fn get(&self, row: usize, name: &str) -> Option<&Field> {
        let c = self.columns.iter().position(|n| n == name)?;
        self.rows.get(row)?.get(c)
    }
}

/// A feature's geometry, in WGS84 degrees.
#[derive(Clone, Debug, PartialEq)]
pub enum Geometry {
    Point {
        lon: f64,
        lat: f64,
    },
    /// Rings of `(lon, lat)`, the first the outer ring (counter-clockwise), each closed.
    Polygon(Vec<Vec<(f64, f64)>>),
    /// Polygons, each as in [`Geometry::Polygon`].
    MultiPolygon(Vec<Vec<Vec<(f64, f64)>>>),
}

/// A failure while writing output.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    File { path: PathBuf, source: io::Error },
    #[error("writing output: {0}")]
    Io(#[from] io::Error),
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("GeoJSON needs one geometry per row: {rows} rows, {geometries} geometries")]
    Geometries { rows: usize, geometries: usize },
    #[error("GeoJSON output needs geometries, and this table has none")]
    NoGeometry,
}

/// Writes `table` as CSV: header row first, `\n` line ends, quoting only where needed.
pub fn write_csv<W: Write>(table: &Table, w: W) -> Result<(), ExportError> {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(w);
    out.write_record(&table.columns)?;
    for row in &table.rows {
        out.write_record(row.iter().map(Field::csv_text))?;
    }
    out.flush()?;
    Ok(())
}

/// Writes `table` for Swedish Excel: a UTF-8 BOM, `;` between fields, CRLF, and a decimal comma
/// in numbers ([`Field::Fixed`], [`Field::Num`]) — never in text.
pub fn write_csv_excel<W: Write>(table: &Table, mut w: W) -> Result<(), ExportError> {
    w.write_all("\u{feff}".as_bytes())?;
    let mut out = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(w);
    out.write_record(&table.columns)?;
    for row in &table.rows {
        out.write_record(row.iter().map(|f| match f {
            Field::Fixed(..) | Field::Num(..) => f.csv_text().replace('.', ","),
            _ => f.csv_text(),
        }))?;
    }
    out.flush()?;
    Ok(())
}

/// Writes `table` as CSV with a UTF-8 BOM first, so Excel reads the text as UTF-8.
pub fn write_csv_bom<W: Write>(table: &Table, mut w: W) -> Result<(), ExportError> {
    w.write_all("\u{feff}".as_bytes())?;
    write_csv(table, w)
}

/// One row as a JSON object with keys in column order.
struct RowObject<'a> {
    columns: &'a [String],
    row: &'a [Field],
}

impl Serialize for RowObject<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.columns.len()))?;
        for (k, v) in self.columns.iter().zip(self.row) {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Writes `table` as a JSON array of objects (keys in column order), one row per line.
pub fn write_json<W: Write>(table: &Table, mut w: W) -> Result<(), ExportError> {
    w.write_all(b"[")?;
    for (i, row) in table.rows.iter().enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut w, &RowObject { columns: &table.columns, row })?;
    }
    w.write_all(b"\n]\n")?;
    w.flush()?;
    Ok(())
}

/// A position `[lon, lat]` rounded to 6 decimals.
struct Position(f64, f64);

impl Serialize for Position {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(2))?;
        seq.serialize_element(&round_to(self.0, 6))?;
        seq.serialize_element(&round_to(self.1, 6))?;
        seq.end()
    }
}

struct Ring<'a>(&'a [(f64, f64)]);

impl Serialize for Ring<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|&(lon, lat)| Position(lon, lat)))
    }
}

impl Serialize for Geometry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        match self {
            Geometry::Point { lon, lat } => {
                m.serialize_entry("type", "Point")?;
                m.serialize_entry("coordinates", &Position(*lon, *lat))?;
            }
            Geometry::Polygon(rings) => {
                m.serialize_entry("type", "Polygon")?;
                let rings: Vec<Ring> = rings.iter().map(|r| Ring(r)).collect();
                m.serialize_entry("coordinates", &rings)?;
            }
            Geometry::MultiPolygon(polygons) => {
                m.serialize_entry("type", "MultiPolygon")?;
                let polygons: Vec<Vec<Ring>> = polygons.iter().map(|p| p.iter().map(|r| Ring(r)).collect()).collect();
                m.serialize_entry("coordinates", &polygons)?;
            }
        }
        m.end()
    }
}

struct Feature<'a> {
    geometry: &'a Geometry,
    properties: RowObject<'a>,
}

impl Serialize for Feature<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("type", "Feature")?;
        m.serialize_entry("geometry", self.geometry)?;
        m.serialize_entry("properties", &self.properties)?;
        m.end()
    }
}

/// Writes `table` as an RFC 7946 FeatureCollection: feature `i` has `geometries[i]` and the
/// row's fields as properties (numbers typed, missing values `null`), one feature per line.
pub fn write_geojson<W: Write>(table: &Table, geometries: &[Geometry], mut w: W) -> Result<(), ExportError> {
    if geometries.len() != table.rows.len() {
        return Err(ExportError::Geometries { rows: table.rows.len(), geometries: geometries.len() });
    }
    w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
    for (i, (row, g)) in table.rows.iter().zip(geometries).enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        let f = Feature { geometry: g, properties: RowObject { columns: &table.columns, row } };
        serde_json::to_writer(&mut w, &f)?;
    }
    w.write_all(b"\n]}\n")?;
    w.flush()?;
    Ok(())
}

/// Writes `table` as an RFC 7946 FeatureCollection like [`write_geojson`], but on one line and
/// with every object's keys in alphabetical order (members, properties, geometry), as the
/// coverage layers have always been written.
pub fn write_geojson_sorted<W: Write>(table: &Table, geometries: &[Geometry], mut w: W) -> Result<(), ExportError> {
    use serde_json::{Map, Value};
    if geometries.len() != table.rows.len() {
        return Err(ExportError::Geometries { rows: table.rows.len(), geometries: geometries.len() });
    }
    let mut features = Vec::with_capacity(table.rows.len());
    for (row, g) in table.rows.iter().zip(geometries) {
        let props: Map<String, Value> = table
            .columns
            .iter()
            .zip(row)
            .map(|(k, v)| Ok((k.clone(), serde_json::to_value(v)?)))
            .collect::<Result<_, serde_json::Error>>()?;
        let mut f = Map::new();
        f.insert("type".into(), Value::from("Feature"));
        f.insert("geometry".into(), serde_json::to_value(g)?);
        f.insert("properties".into(), Value::Object(props));
        features.push(Value::Object(f));
    }
    let mut fc = Map::new();
    fc.insert("type".into(), Value::from("FeatureCollection"));
    fc.insert("features".into(), Value::Array(features));
    serde_json::to_writer(&mut w, &Value::Object(fc))?;
    w.write_all(b"\n")?;
    w.flush()?;
    Ok(())
}

/// [`write_geojson_sorted`] into a string.
pub fn geojson_sorted_string(table: &Table, geometries: &[Geometry]) -> Result<String, ExportError> {
    let mut buf = Vec::new();
    write_geojson_sorted(table, geometries, &mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// A summary that is not a table (nested settings and tallies) as pretty JSON with a final
/// line break.
pub fn pretty_json<T: Serialize>(value: &T) -> Result<String, ExportError> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

/// Writes `table` in `format`; GeoJSON needs `geometries`.
pub fn write_table<W: Write>(
    table: &Table,
    geometries: Option<&[Geometry]>,
    format: Format,
    w: W,
) -> Result<(), ExportError> {
    match format {
        Format::Csv => write_csv(table, w),
        Format::Json => write_json(table, w),
        Format::Geojson => write_geojson(table, geometries.ok_or(ExportError::NoGeometry)?, w),
    }
}

/// `table` in `format` as a string (for tests and small outputs).
pub fn table_to_string(table: &Table, geometries: Option<&[Geometry]>, format: Format) -> Result<String, ExportError> {
    let mut buf = Vec::new();
    write_table(table, geometries, format, &mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// A buffered writer to `path`, or to stdout when `None`.
pub fn output(path: Option<&Path>) -> Result<Box<dyn Write>, ExportError> {
    match path {
        None => Ok(Box::new(BufWriter::new(io::stdout().lock()))),
        Some(p) => {
            let f = File::create(p).map_err(|source| ExportError::File { path: p.to_path_buf(), source })?;
            Ok(Box::new(BufWriter::new(f)))
        }
    }
}

/// Writes `table` in `format` to the file `path` (created or replaced).
pub fn write_file(
    path: &Path,
    table: &Table,
    geometries: Option<&[Geometry]>,
    format: Format,
) -> Result<(), ExportError> {
    let w = output(Some(path))?;
    write_table(table, geometries, format, w).map_err(|e| match e {
        ExportError::Io(source) => ExportError::File { path: path.to_path_buf(), source },
        e => e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(&["id", "name", "lat", "mean", "n", "none"]);
        t.push(vec![
            Field::Text("S1".into()),
            Field::Text("Väg, \"1\"".into()),
            Field::Fixed(56.87, 6),
            Field::Num(20.0 / 3.0, 6),
            Field::Int(3),
            Field::Null,
        ]);
        t.push(vec![
            Field::Text("S2".into()),
            Field::Text("Två".into()),
            Field::Fixed(-0.0000001, 6),
            Field::Num(15.0, 6),
            Field::Int(-1),
            Field::Num(f64::NAN, 2),
        ]);
        t
    }

    #[test]
    fn number_formats() {
        assert_eq!(fmt_num(15.0, 6), "15");
        assert_eq!(fmt_num(7.5, 6), "7.5");
        assert_eq!(fmt_num(20.0 / 3.0, 6), "6.666667");
        assert_eq!(fmt_num(-0.0000001, 6), "0"); // rounds to zero: no sign
        assert_eq!(fmt_num(-2.50, 2), "-2.5");
        assert_eq!(fmt_num(1000.0, 0), "1000");
        assert_eq!(Field::Fixed(56.87, 6).csv_text(), "56.870000");
        assert_eq!(Field::Fixed(-0.0000001, 6).csv_text(), "0.000000");
    }

    #[test]
    fn csv_quotes_and_empties() {
        let s = table_to_string(&sample(), None, Format::Csv).unwrap();
        // The comma and quotes in the name force quoting with doubled quotes; NaN and Null are empty.
        assert_eq!(s, "id,name,lat,mean,n,none\nS1,\"Väg, \"\"1\"\"\",56.870000,6.666667,3,\nS2,Två,0.000000,15,-1,\n");
    }

    #[test]
    fn excel_gets_a_decimal_comma_in_numbers_only() {
        // A feed version `2026.1` is text and stays; the same digits as a number get a comma.
        let mut t = Table::new(&["version", "x", "mean", "n", "ok"]);
        t.push(vec![
            Field::Text("2026.1".into()),
            Field::Fixed(2026.1, 1),
            Field::Num(7.5, 6),
            Field::Int(3),
            Field::Bool(true),
        ]);
        let mut buf = Vec::new();
        write_csv_excel(&t, &mut buf).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "\u{feff}version;x;mean;n;ok\r\n2026.1;2026,1;7,5;3;true\r\n");
    }

    #[test]
    fn sorted_geojson_is_one_line_with_keys_in_order() {
        let mut t = Table::new(&["b", "a"]);
        t.push(vec![Field::Bool(false), Field::Null]);
        let g = [Geometry::MultiPolygon(vec![vec![vec![(1.0, 2.0), (3.0, 2.0), (3.0, 4.0), (1.0, 2.0)]]])];
        let s = geojson_sorted_string(&t, &g).unwrap();
        assert_eq!(
            s,
            "{\"features\":[{\"geometry\":{\"coordinates\":[[[[1.0,2.0],[3.0,2.0],[3.0,4.0],[1.0,2.0]]]],\
             \"type\":\"MultiPolygon\"},\"properties\":{\"a\":null,\"b\":false},\"type\":\"Feature\"}],\
             \"type\":\"FeatureCollection\"}\n"
        );
        assert!(geojson_sorted_string(&t, &[]).is_err());
    }

    #[test]
    fn json_keeps_column_order_and_types() {
        let s = table_to_string(&sample(), None, Format::Json).unwrap();
        let first_line = s.lines().nth(1).unwrap();
        assert_eq!(first_line, r#"{"id":"S1","name":"Väg, \"1\"","lat":56.87,"mean":6.666667,"n":3,"none":null},"#);
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v[1]["mean"], serde_json::json!(15)); // whole number → integer
        assert!(v[1]["none"].is_null()); // NaN → null
    }

    #[test]
    fn geojson_points_and_polygons() {
        let t = sample();
        let g = vec![
            Geometry::Point { lon: 14.123456789, lat: 56.987654321 },
            Geometry::Polygon(vec![vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]]),
        ];
        let s = table_to_string(&t, Some(&g), Format::Geojson).unwrap();
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["type"], "FeatureCollection");
        let f = &v["features"];
        assert_eq!(f[0]["type"], "Feature");
        assert_eq!(f[0]["geometry"]["type"], "Point");
        // [lon, lat], rounded to 6 decimals.
        assert_eq!(f[0]["geometry"]["coordinates"], serde_json::json!([14.123457, 56.987654]));
        assert_eq!(f[0]["properties"]["id"], "S1");
        assert_eq!(f[1]["geometry"]["type"], "Polygon");
        assert_eq!(f[1]["geometry"]["coordinates"][0].as_array().unwrap().len(), 5);
        assert!(table_to_string(&t, Some(&g[..1]), Format::Geojson).is_err());
        assert!(matches!(table_to_string(&t, None, Format::Geojson), Err(ExportError::NoGeometry)));
    }
}
