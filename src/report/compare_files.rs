//! Writing the `compare` page's files: compare.html, compare.md, compare.json, compare.xlsx,
//! the change maps as PNG and the GeoJSON change layers (cells and stops) for QGIS.

use super::ReportError;
use super::compare_page::{ComparePage, stops_table};
use super::content::Block;
use super::render;
use super::text::L;
use crate::analysis::compare::CompareData;
use crate::analysis::compare_service::StopChange;
use crate::export::{Field, Format, Geometry, Table, table_to_string};
use crate::output::OutDir;

/// Every file of the comparison into `out`; `cells` is the per-cell change layer.
pub fn write(
    out: &OutDir,
    l: &L,
    page: &ComparePage,
    d: &CompareData,
    cells: &(Table, Vec<Geometry>),
) -> Result<(), ReportError> {
    let (title, cover) = (&page.title, &page.cover);
    out.write("compare.html", render::html_toc(l, (title, cover), &page.toc, &page.blocks, &page.figures))?;
    out.write("compare.md", render::markdown(title, cover, &page.blocks, &page.figures))?;
    out.write("compare.json", serde_json::to_string_pretty(d)? + "\n")?;
    let mut blocks = page.blocks.clone();
    if !d.service.stops.is_empty() {
        blocks.push(Block::H3(l.t("Alla hållplatser som ändras", "All stops that change").into()));
        blocks.push(stops_table(l, &d.service.stops, usize::MAX));
    }
    out.write("compare.xlsx", super::xlsx::workbook(l, title, cover, &blocks)?)?;
    for f in &page.figures {
        out.write(&format!("figures/{}.png", f.name), &f.figure.png)?;
    }
    if !d.restidskvot_bands.is_empty() {
        let t = crate::analysis::restidskvot_compare::table(&d.restidskvot_bands);
        out.write("restidskvot_change.csv", table_to_string(&t, None, Format::Csv)?)?;
    }
    out.write("cells_change.geojson", table_to_string(&cells.0, Some(&cells.1), Format::Geojson)?)?;
    let (t, g) = stops_layer(&d.service.stops);
    out.write("stops_change.geojson", table_to_string(&t, Some(&g), Format::Geojson)?)?;
    Ok(())
}

/// One point per changed stop: its service before and after and the people affected.
pub fn stops_layer(stops: &[StopChange]) -> (Table, Vec<Geometry>) {
    let mut t = Table::new(&[
        "stop_id",
        "stop_name",
        "municipality",
        "status",
        "departures_before",
        "departures_after",
        "departures_diff",
        "routes_before",
        "routes_after",
        "people_400m",
    ]);
    let status = |s: &StopChange| serde_json::to_value(s.status).ok().and_then(|v| v.as_str().map(String::from));
    for s in stops {
        t.push(vec![
            Field::Text(s.stop_id.clone()),
            Field::Text(s.name.clone()),
            Field::opt_text(s.municipality.clone()),
            Field::opt_text(status(s)),
            Field::Int(s.departures[0] as i64),
            Field::Int(s.departures[1] as i64),
            Field::Int(s.departures[1] as i64 - s.departures[0] as i64),
            Field::Int(s.routes[0] as i64),
            Field::Int(s.routes[1] as i64),
            Field::Int(s.people as i64),
        ]);
    }
    (t, stops.iter().map(|s| Geometry::Point { lon: s.lon, lat: s.lat }).collect())
}
