//! The population grid: square cells on SWEREF 99 TM with a head count, read from CSV in the
//! shape of SCB's "befolkning per km-ruta" (1 km or 250 m cells).
//!
//! # Accepted CSV
//! - Separator `;` or `,` (taken from the header line); a UTF-8 BOM is ignored; a file that is
//!   not UTF-8 is read as Latin-1; column names are matched case-insensitively.
//! - Position: `ruta` (also `rut_id`, `rutid`): SCB's 13-digit id, the lower-left corner as 6-digit
//!   easting + 7-digit northing (`4870006300000` = E 487 000, N 6 300 000); **or** `x` and `y`
//!   (also `e`/`n`, `easting`/`northing`): the lower-left corner in metres. If both are given
//!   they must agree.
//! - Population: `pop`, `population`, `befolkning`, `beftotalt` or `beftot` (a whole number ≥ 0).
//! - Optional `kommunkod` (also `kommun`, `kn`): 4-digit municipality code.
//! - Optional `size` (also `size_m`, `rutstorlek`): cell side in metres. Without it the size is
//!   inferred per file: 1000 if every corner is a multiple of 1000, else 250.
//!
//! - Optional age columns, people of the cell in an age group (a whole number, at most the cell's
//!   population): `pop_65` (also `pop65`, `bef_65plus`, `bef65plus`, `ald65plus`, `65+`) for
//!   65 years and older, `pop_80` (…`80+`) for 80+, `pop_85` (…`85+`) for 85+. SCB sells its grid
//!   statistics by age in classes; sum the classes from 65 (80, 85) up into these columns.
//!
//! Any bad row is an error naming the file, the line and the column.

use std::collections::BTreeMap;
use std::path::Path;

use super::RegionError;
use crate::spatial::{Xy, to_wgs84};

/// One grid cell. `x`, `y` are the lower-left corner in SWEREF 99 TM metres.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub x: u32,
    pub y: u32,
    pub size_m: u32,
    pub population: u32,
    /// SCB kommunkod as a number (0780 → 780), when the file gives it.
    pub kommunkod: Option<u16>,
}

impl Cell {
    /// The cell's centre in SWEREF 99 TM.
    pub fn centroid(&self) -> Xy {
        let h = self.size_m as f64 / 2.0;
        Xy { x: self.x as f64 + h, y: self.y as f64 + h }
    }

    /// The centre as (lat, lon).
    pub fn centroid_wgs84(&self) -> (f64, f64) {
        to_wgs84(self.centroid())
    }

    /// The square as a closed ring of `[lon, lat]` (lower-left, lower-right, upper-right,
    /// upper-left, lower-left), e.g. for GeoJSON.
    pub fn polygon_wgs84(&self) -> [[f64; 2]; 5] {
        let (x, y, s) = (self.x as f64, self.y as f64, self.size_m as f64);
        let c = [(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)];
        c.map(|(x, y)| {
            let (lat, lon) = to_wgs84(Xy { x, y });
            [lon, lat]
        })
    }

    /// SCB's 13-digit id of the lower-left corner.
    pub fn ruta(&self) -> crate::spatial::CellId {
        crate::spatial::CellId { e: self.x, n: self.y }
    }
}

/// Cells in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PopulationGrid {
    pub cells: Vec<Cell>,
    /// The age columns the file has, each with one count per cell (in `cells` order).
    pub ages: Vec<AgeColumn>,
}

/// People of one age group per cell.
#[derive(Debug, Clone, PartialEq)]
pub struct AgeColumn {
    /// The group as the report names it: `65+`, `80+`, `85+`.
    pub label: String,
    pub counts: Vec<u32>,
}

/// The age groups read, with their accepted column names.
const AGE_COLS: [(&str, [&str; 6]); 3] = [
    ("65+", ["pop_65", "pop65", "bef_65plus", "bef65plus", "ald65plus", "65+"]),
    ("80+", ["pop_80", "pop80", "bef_80plus", "bef80plus", "ald80plus", "80+"]),
    ("85+", ["pop_85", "pop85", "bef_85plus", "bef85plus", "ald85plus", "85+"]),
];

const ID_COLS: [&str; 3] = ["ruta", "rut_id", "rutid"];
const X_COLS: [&str; 3] = ["x", "e", "easting"];
const Y_COLS: [&str; 3] = ["y", "n", "northing"];
const POP_COLS: [&str; 5] = ["pop", "population", "befolkning", "beftotalt", "beftot"];
const KOM_COLS: [&str; 3] = ["kommunkod", "kommun", "kn"];
const SIZE_COLS: [&str; 3] = ["size", "size_m", "rutstorlek"];

impl PopulationGrid {
    pub fn total(&self) -> u64 {
        self.cells.iter().map(|c| c.population as u64).sum()
    }

    /// Population per kommunkod (cells without a code are left out).
    pub fn total_by_kommun(&self) -> BTreeMap<u16, u64> {
        let mut m = BTreeMap::new();
        for c in &self.cells {
            if let Some(k) = c.kommunkod {
                *m.entry(k).or_insert(0) += c.population as u64;
            }
        }
        m
    }

    /// Reads a grid CSV (see the module doc for the columns).
    pub fn load(path: &Path) -> Result<PopulationGrid, RegionError> {
        let bytes = std::fs::read(path).map_err(|e| RegionError {
            file: path.display().to_string(),
            line: None,
            key: None,
            message: e.to_string(),
        })?;
        // Grids saved from Excel or older SCB downloads are often Latin-1; the columns read here
        // are ASCII, so decoding them as Latin-1 loses nothing.
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
        };
        PopulationGrid::parse(&text, &path.display().to_string())
    }

    /// Parses grid CSV text; `file` names it in messages.
    pub fn parse(text: &str, file: &str) -> Result<PopulationGrid, RegionError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let header_line = text.lines().next().unwrap_or("");
        let sep = if header_line.contains(';') { b';' } else { b',' };
        let mut rdr = csv::ReaderBuilder::new().delimiter(sep).trim(csv::Trim::All).from_reader(text.as_bytes());
        let err = |line: Option<u64>, key: Option<&str>, message: String| RegionError {
            file: file.to_string(),
            line,
            key: key.map(str::to_string),
            message,
        };
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| err(Some(1), None, e.to_string()))?
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect();
        let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
        let id_col = find(&ID_COLS);
        let x_col = find(&X_COLS);
        let y_col = find(&Y_COLS);
        let Some(pop_col) = find(&POP_COLS) else {
            return Err(err(Some(1), Some("pop"), format!("no population column (one of {})", POP_COLS.join(", "))));
        };
        let has_xy = x_col.is_some() && y_col.is_some();
        if id_col.is_none() && !has_xy {
            return Err(err(Some(1), Some("ruta"), "no position: give `ruta` (SCB id) or `x` and `y`".into()));
        }
        let kom_col = find(&KOM_COLS);
        let size_col = find(&SIZE_COLS);
        let age_cols: Vec<(&str, usize)> = AGE_COLS.iter().filter_map(|(l, names)| Some((*l, find(names)?))).collect();
        let mut ages: Vec<AgeColumn> =
            age_cols.iter().map(|(l, _)| AgeColumn { label: l.to_string(), counts: Vec::new() }).collect();
        let mut cells = Vec::new();
        let mut lines = Vec::new();
        let mut rec = csv::StringRecord::new();
        let mut line = 1u64;
        loop {
            match rdr.read_record(&mut rec) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    return Err(err(e.position().map(|p| p.line()), None, e.to_string()));
                }
            }
            line = rec.position().map_or(line + 1, |p| p.line());
            let field = |i: usize| rec.get(i).unwrap_or("");
            let num = |i: usize, what: &str| -> Result<u32, RegionError> {
                let v = field(i);
                v.parse::<u32>().map_err(|_| {
                    err(Some(line), Some(&headers[i]), format!("'{v}' is not a whole number ≥ 0 ({what})"))
                })
            };
            let from_id = match id_col {
                Some(i) => {
                    let v = field(i);
                    let Some(id) = crate::spatial::CellId::parse(v) else {
                        return Err(err(
                            Some(line),
                            Some(&headers[i]),
                            format!("'{v}' is not a 13-digit SCB ruta id (6-digit E + 7-digit N)"),
                        ));
                    };
                    Some((id.e, id.n))
                }
                None => None,
            };
            let (x, y) = match (x_col, y_col) {
                (Some(xc), Some(yc)) => {
                    let xy = (num(xc, "easting")?, num(yc, "northing")?);
                    if let Some(idxy) = from_id
                        && idxy != xy
                    {
                        return Err(err(
                            Some(line),
                            Some(&headers[xc]),
                            format!("x,y {},{} disagree with the ruta id ({},{})", xy.0, xy.1, idxy.0, idxy.1),
                        ));
                    }
                    xy
                }
                _ => from_id.unwrap_or((0, 0)),
            };
            let population = num(pop_col, "population")?;
            let kommunkod = match kom_col {
                Some(i) if !field(i).is_empty() => {
                    let v = field(i);
                    match v.parse::<u16>() {
                        Ok(k) if v.len() <= 4 && k <= 9999 => Some(k),
                        _ => {
                            return Err(err(
                                Some(line),
                                Some(&headers[i]),
                                format!("'{v}' is not a kommunkod (4 digits)"),
                            ));
                        }
                    }
                }
                _ => None,
            };
            let size_m = match size_col {
                Some(i) => {
                    let s = num(i, "cell size in metres")?;
                    if s == 0 {
                        return Err(err(Some(line), Some(&headers[i]), "cell size must be positive".into()));
                    }
                    s
                }
                None => 0,
            };
            for ((_, i), col) in age_cols.iter().zip(&mut ages) {
                let n = num(*i, "people in the age group")?;
                if n > population {
                    let msg = format!("{n} people in the age group, more than the cell's population {population}");
                    return Err(err(Some(line), Some(&headers[*i]), msg));
                }
                col.counts.push(n);
            }
            cells.push(Cell { x, y, size_m, population, kommunkod });
            lines.push(line);
        }
        if size_col.is_none() {
            let size = if cells.iter().all(|c| c.x % 1000 == 0 && c.y % 1000 == 0) { 1000 } else { 250 };
            for c in &mut cells {
                c.size_m = size;
            }
        }
        // A grid listed twice (two exports pasted together) would silently double the county.
        let mut seen = std::collections::HashMap::with_capacity(cells.len());
        for (c, &l) in cells.iter().zip(&lines) {
            if let Some(first) = seen.insert((c.x, c.y, c.size_m), l) {
                let key = id_col.or(x_col).map(|i| headers[i].as_str());
                return Err(err(Some(l), key, format!("cell {},{} is listed again (first on line {first})", c.x, c.y)));
            }
        }
        Ok(PopulationGrid { cells, ages })
    }

    /// The grid as CSV in the shipped form: `ruta,x,y,pop,kommunkod`, one row per cell.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("ruta,x,y,pop,kommunkod\n");
        for c in &self.cells {
            let k = c.kommunkod.map_or(String::new(), |k| format!("{k:04}"));
            s.push_str(&format!("{},{},{},{},{}\n", c.ruta(), c.x, c.y, c.population, k));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scb_id_and_xy_forms() {
        // Semicolon file with SCB ids, population under `Beftotalt`, no size column:
        // corners are multiples of 1000 → 1 km cells.
        let g =
            PopulationGrid::parse("Ruta;Beftotalt;Kommunkod\n4870006300000;12;0780\n4880006301000;0;0780\n", "a.csv")
                .unwrap();
        assert_eq!(g.cells.len(), 2);
        assert_eq!((g.cells[0].x, g.cells[0].y), (487_000, 6_300_000));
        assert_eq!(g.cells[0].size_m, 1000);
        assert_eq!(g.cells[0].kommunkod, Some(780));
        assert_eq!(g.total(), 12);
        // x,y with a 250 m corner → all cells of the file are 250 m.
        let g = PopulationGrid::parse("x,y,pop\n487250,6300000,3\n487000,6300000,4\n", "b.csv").unwrap();
        assert!(g.cells.iter().all(|c| c.size_m == 250));
        // Centre of the 250 m cell at (487250, 6300000) is 125 m in from its corner.
        assert_eq!(g.cells[0].centroid(), Xy { x: 487_375.0, y: 6_300_125.0 });
        assert_eq!(g.total_by_kommun().len(), 0);
    }

    #[test]
    fn reads_age_columns_and_refuses_more_than_the_population() {
        let g =
            PopulationGrid::parse("ruta;pop;Pop_65;bef80plus\n4870006300000;12;5;2\n4880006300000;3;0;0\n", "a.csv")
                .unwrap();
        let labels: Vec<&str> = g.ages.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["65+", "80+"]);
        assert_eq!((g.ages[0].counts.clone(), g.ages[1].counts.clone()), (vec![5, 0], vec![2, 0]));
        // Without age columns: none.
        assert!(PopulationGrid::parse("x,y,pop\n487000,6300000,3\n", "b.csv").unwrap().ages.is_empty());
        // 4 people aged 85+ in a cell of 3: refused at line 2, column pop_85.
        let e = PopulationGrid::parse("x,y,pop,pop_85\n487000,6300000,3,4\n", "c.csv").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("pop_85")), "{e}");
    }

    #[test]
    fn bad_row_names_file_line_and_field() {
        let e = PopulationGrid::parse("x,y,pop\n487000,6300000,3\n488000,6300000,many\n", "g.csv").unwrap_err();
        // The header is line 1, so the third row of text is line 3.
        assert_eq!(e.file, "g.csv");
        assert_eq!(e.line, Some(3));
        assert_eq!(e.key.as_deref(), Some("pop"));
        // The same cell twice: refused on the second line, naming the first.
        let e = PopulationGrid::parse("ruta,pop\n4870006300000,3\n4880006300000,1\n4870006300000,3\n", "d.csv")
            .unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (Some(4), Some("ruta")), "{e}");
        assert!(e.to_string().contains("cell 487000,6300000 is listed again (first on line 2)"), "{e}");
        let e = PopulationGrid::parse("ruta,pop\n48700063000,3\n", "h.csv").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("ruta")));
        let e = PopulationGrid::parse("ruta,x,y,pop\n4870006300000,487000,6301000,1\n", "i.csv").unwrap_err();
        assert!(e.message.contains("disagree"), "{}", e.message);
        let e = PopulationGrid::parse("a,b\n1,2\n", "j.csv").unwrap_err();
        assert_eq!(e.key.as_deref(), Some("pop"));
    }

    #[test]
    fn polygon_is_closed_and_round_trips() {
        let c = Cell { x: 487_000, y: 6_300_000, size_m: 1000, population: 1, kommunkod: None };
        let p = c.polygon_wgs84();
        assert_eq!(p[0], p[4]);
        let g = PopulationGrid { cells: vec![c], ages: Vec::new() };
        assert_eq!(g.to_csv(), "ruta,x,y,pop,kommunkod\n4870006300000,487000,6300000,1,\n");
        assert_eq!(PopulationGrid::parse(&g.to_csv(), "x").unwrap(), g);
    }
}
