//! PTAL results as tables: one row per populated cell, and population shares per level and
//! municipality.

use super::municipality_name;
use crate::export::{Field, Geometry, Table};
use crate::metrics::ptal::{CellPtal, LevelShare};
use crate::spatial::Cell;

/// The per-cell table (`cell_id,x,y,size_m,municipality,population,ptal_ai,ptal`, AI with 2
/// decimals) and each cell's polygon in WGS84.
pub fn cells_table(cells: &[Cell], results: &[CellPtal], names: &[String]) -> (Table, Vec<Geometry>) {
    let mut t = Table::new(&["cell_id", "x", "y", "size_m", "municipality", "population", "ptal_ai", "ptal"]);
    let mut g = Vec::with_capacity(results.len());
    for r in results {
        let c = &cells[r.cell as usize];
        t.push(vec![
            Field::Text(c.id().to_string()),
            Field::Num(c.x, 0),
            Field::Num(c.y, 0),
            Field::Num(c.size_m, 0),
            Field::Text(municipality_name(names, c.municipality)),
            Field::Int(c.population as i64),
            Field::Fixed(r.ai, 2),
            Field::Text(r.level.name().into()),
        ]);
        g.push(Geometry::Polygon(vec![c.ring_wgs84().to_vec()]));
    }
    (t, g)
}

/// `municipality,ptal,population,share_pct` (share of the municipality's population in cells, in
/// per cent with 1 decimal); the region total is named `(all)`.
pub fn shares_table(shares: &[LevelShare], names: &[String]) -> Table {
    let mut t = Table::new(&["municipality", "ptal", "population", "share_pct"]);
    for s in shares {
        t.push(vec![
            Field::Text(s.municipality.map_or_else(|| "(all)".to_string(), |m| municipality_name(names, m))),
            Field::Text(s.level.name().into()),
            Field::Int(s.population as i64),
            Field::Fixed(s.share * 100.0, 1),
        ]);
    }
    t
}
