//! Writing the report into its output directory: the HTML and Markdown documents, metrics.json,
//! the figures, and the tables (CSV) and layers (GeoJSON) an analyst opens in Excel or QGIS.

use super::data::ReportData;
use super::render;
use super::text::L;
use super::{Report, ReportError};
use crate::analysis::Study;
use crate::analysis::assess::Assessment;
use crate::analysis::goals::GoalCheck;
use crate::analysis::reach::origin_table;
use crate::export::{Field, Format, Geometry, Table, table_to_string, write_csv_bom, write_csv_excel};
use crate::feed::Feed;
use crate::output::OutDir;

/// Writes every file of the report into `out`: the documents, metrics.json, the figures, the
/// report's tables as one workbook, and the data tables as CSV — for Swedish Excel (`excel`:
/// ';' and decimal comma, with a BOM) or plain (',' and decimal point, with a BOM).
pub fn write(
    out: &OutDir,
    l: &L,
    r: &Report,
    (study, feed): (&Study, &Feed),
    a: &Assessment,
    excel: bool,
) -> Result<(), ReportError> {
    let (title, cover) = super::title_and_cover(l, &r.data);
    out.write("report.html", render::html(l, &title, &cover, &r.blocks, &r.figures))?;
    out.write("report.md", render::markdown(&title, &cover, &r.blocks, &r.figures))?;
    out.write("metrics.json", serde_json::to_string_pretty(&r.data)? + "\n")?;
    out.write("tables/rapport.xlsx", super::xlsx::workbook(l, &title, &cover, &r.blocks)?)?;
    for f in &r.figures {
        out.write(&format!("figures/{}.png", f.name), &f.figure.png)?;
    }
    let csv = |t: &Table| -> Result<Vec<u8>, ReportError> {
        let mut buf = Vec::new();
        if excel {
            write_csv_excel(t, &mut buf)?
        } else {
            write_csv_bom(t, &mut buf)?
        }
        Ok(buf)
    };
    let geojson = |t: &Table, g: &[Geometry]| table_to_string(t, Some(g), Format::Geojson);
    let names = &study.names;
    let (stops_t, stops_g) = crate::tables::stops::stop_table(feed, &a.stop_table);
    out.write("tables/hallplatser.csv", csv(&stops_t)?)?;
    out.write("layers/hallplatser.geojson", geojson(&stops_t, &stops_g)?)?;
    let (prio_t, prio_g) = a.priority_table(feed, names);
    out.write("tables/prioritering_tillganglighet.csv", csv(&prio_t)?)?;
    out.write("layers/prioritering_tillganglighet.geojson", geojson(&prio_t, &prio_g)?)?;
    let run = &a.reach;
    let cells_t = origin_table(&run.cells, &run.cell_results, &run.groups, &study.care, names, true);
    let cell_geoms: Vec<Geometry> =
        study.cells.iter().map(|c| Geometry::Polygon(vec![c.ring_wgs84().to_vec()])).collect();
    out.write("tables/restid_rutor.csv", csv(&cells_t)?)?;
    out.write("layers/restid_rutor.geojson", geojson(&cells_t, &cell_geoms)?)?;
    if let Some(k) = &a.restidskvot {
        let t = k.table(run, names, true);
        out.write("tables/restidskvot_rutor.csv", csv(&t)?)?;
        out.write("layers/restidskvot_rutor.geojson", geojson(&t, &cell_geoms)?)?;
        let goals = goal_checks_table(k.goals.nodes.iter().chain(&k.goals.municipalities));
        out.write("tables/mal_restidskvot.csv", csv(&goals)?)?;
    }
    let towns_t = origin_table(&run.towns, &run.town_results, &run.groups, &study.care, names, false);
    out.write("tables/restid_orter.csv", csv(&towns_t)?)?;
    out.write("tables/mal.csv", csv(&goals_table(&r.data))?)?;
    out.write("tables/noder.csv", csv(&nodes_table(&r.data))?)?;
    for (path, table) in &r.coverage_tables {
        out.write(path, csv(table)?)?;
    }
    for (path, text) in &r.coverage_files {
        out.write(path, text)?;
    }
    Ok(())
}

/// Every goal checked: subject, goal, target, value, met (tables/mal.csv).
fn goals_table(d: &ReportData) -> Table {
    goal_checks_table(d.nodes.iter().flat_map(|n| n.goals.iter()).chain(d.municipality_goals.iter()))
}

/// Goals checked, one row each: subject, goal, target, value, met.
fn goal_checks_table<'a>(goals: impl Iterator<Item = &'a GoalCheck>) -> Table {
    let mut t = Table::new(&["subject", "goal", "target", "value", "met"]);
    for g in goals {
        t.push(vec![
            Field::Text(g.subject.clone()),
            Field::Text(g.goal.clone()),
            Field::Num(g.target, 3),
            Field::opt_num(g.value, 3),
            Field::Int(g.met as i64),
        ]);
    }
    t
}

/// The strategic nodes (tables/noder.csv).
fn nodes_table(d: &ReportData) -> Table {
    let mut t = Table::new(&[
        "town",
        "municipality",
        "stops",
        "departures_to_core",
        "first_to_core",
        "last_to_core",
        "fastest_to_core_min",
        "median_to_core_min",
        "median_to_acute_min",
        "median_to_planned_min",
        "departures_to_planned",
    ]);
    for n in &d.nodes {
        t.push(vec![
            Field::Text(n.town.clone()),
            Field::Text(n.municipality.clone()),
            Field::Int(n.stops as i64),
            Field::Int(n.to_core.departures as i64),
            Field::opt_text(n.to_core.first.map(crate::date::fmt_time)),
            Field::opt_text(n.to_core.last.map(crate::date::fmt_time)),
            Field::opt_num(n.fastest_to_core_min, 1),
            Field::opt_num(n.median_to_core_min, 1),
            Field::opt_num(n.median_to_acute_min, 1),
            Field::opt_num(n.median_to_planned_min, 1),
            Field::Int(n.departures_to_planned as i64),
        ]);
    }
    t
}
