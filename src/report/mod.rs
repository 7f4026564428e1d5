//! The TFP report for Trafiknämnden: one self-contained HTML file with charts and maps, and
//! beside it Markdown, metrics.json, GeoJSON layers and CSV tables; and the `compare` page.
//!
//! Owns presentation only: the content model ([`data::ReportData`], [`content::Block`]), texts in
//! Swedish and English, figures, and the files written. Everything it shows is computed by
//! `analysis`; it never imports `cli`.

pub mod ages;
pub mod appointments;
pub mod care;
pub mod care_tables;
pub mod chart;
pub mod compare_files;
pub mod compare_page;
pub mod compare_restidskvot;
pub mod compare_sections;
pub mod content;
pub mod coverage;
pub mod data;
pub mod equity;
pub mod figure;
pub mod figures;
pub mod files;
pub mod findings;
pub mod html;
pub mod kolada;
pub mod map;
pub mod profile;
pub mod render;
pub mod restidskvot;
pub mod restidskvot_map;
pub mod sections;
pub mod text;
pub mod tfp;
pub mod travellers;
pub mod walking;
pub mod xlsx;

use crate::analysis::assess::Assessment;
use crate::analysis::{Network, Study};
use content::Block;
use data::ReportData;
use figures::Named;
use text::L;

/// Why the report could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Draw(#[from] figure::DrawError),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
    #[error("the Excel workbook could not be written: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error(transparent)]
    Analysis(#[from] crate::analysis::AnalysisError),
}

/// The report made from an assessment: its data, its blocks and figures, and the coverage files.
pub struct Report {
    pub data: ReportData,
    pub blocks: Vec<Block>,
    pub figures: Vec<Named>,
    /// (path inside the output directory, content) of the coverage tables and layers.
    pub coverage_files: Vec<(String, String)>,
    /// (path inside the output directory, table) of the coverage CSV tables.
    pub coverage_tables: Vec<(String, crate::export::Table)>,
}

impl Report {
    /// The report in language `l` of the assessment `a` of `net` (with coverage, when added).
    pub fn build(l: &L, study: &Study, net: &Network, a: &Assessment) -> Result<Report, ReportError> {
        let data = data::report_data(study, net, a)?;
        let cov = match &a.coverage {
            Some((run, goals)) => Some(coverage::section(l, study, net.feed, run, goals)?),
            None => None,
        };
        let mut figures = figures::figures(l, study, net, a, &data)?;
        let (cov_blocks, coverage_files, coverage_tables) = match cov {
            Some(c) => {
                figures.extend(c.figures);
                (c.blocks, c.files, c.tables)
            }
            None => (Vec::new(), Vec::new(), Vec::new()),
        };
        let mut blocks = content::build(l, &data, &cov_blocks);
        if let Some(r) = &a.restidskvot {
            restidskvot::insert(&mut blocks, restidskvot::blocks(l, r));
            figures.extend(restidskvot_map::figures(l, study, net, &a.reach, r)?);
        }
        if let Some(t) = &a.travellers {
            restidskvot::insert(&mut blocks, travellers::blocks(l, t));
        }
        restidskvot::insert(&mut blocks, equity::blocks(l, &data.equity));
        restidskvot::insert(&mut blocks, ages::blocks(l, &data.age_groups));
        restidskvot::insert(&mut blocks, profile::blocks(l, data.profile.as_ref()));
        figures.extend(profile::figures(l, data.profile.as_ref())?);
        kolada::insert(&mut blocks, kolada::blocks(l, data.kolada.as_ref()));
        if let Some(r) = &a.appointments {
            appointments::insert(&mut blocks, l, r, study, care_tables::planned_name(&data));
        }
        Ok(Report { data, blocks, figures, coverage_files, coverage_tables })
    }
}

/// The report's title and the lines of its cover.
pub fn title_and_cover(l: &L, d: &ReportData) -> (String, Vec<String>) {
    let title =
        format!("{} – {}", l.t("Kollektivtrafik och tillgänglighet", "Public transport and accessibility"), d.region);
    let mut cover = vec![format!(
        "{} {} ({})",
        l.t("Underlag till Trafiknämnden · trafikdag", "Background for Trafiknämnden · service day"),
        d.date,
        day_label(l, d)
    )];
    let check = &d.date_check;
    cover.extend(check.warnings.iter().map(|w| {
        let text = match l.0 {
            text::Lang::Sv => w.sv(check.date),
            text::Lang::En => w.en(check.date),
        };
        format!("{} {text}", l.t("⚠ Varning:", "⚠ Warning:"))
    }));
    cover.extend([
        format!(
            "{}: {}",
            l.t("Tidtabell", "Timetable"),
            d.feeds.iter().map(|f| f.path.clone()).collect::<Vec<_>>().join(", ")
        ),
        format!("{}: {}", l.t("Befolkning", "Population"), population_source(l, &d.parameters)),
    ]);
    (title, cover)
}

/// The population grid's path, marked when it is the shipped synthetic grid.
pub fn population_source(l: &L, p: &data::Parameters) -> String {
    if p.population_synthetic {
        format!("{} ({})", p.population_source, l.t("syntetiskt rutnät", "synthetic grid"))
    } else {
        p.population_source.clone()
    }
}

/// The analysed day as the header names it: the weekday and, when it says more, the day type
/// ("tisdag, vardag", "lördag", "fredag, helgdag (första maj)").
pub fn day_label(l: &L, d: &ReportData) -> String {
    use crate::analysis::holidays::DayType;
    let dt = d.date_check.day_type;
    let weekday = match l.0 {
        text::Lang::Sv => l.weekday(&d.weekday).to_string(),
        text::Lang::En => format!("{:?}", d.date_check.date.weekday()),
    };
    let kind = match l.0 {
        text::Lang::Sv => dt.sv(),
        text::Lang::En => dt.en(),
    };
    match dt {
        DayType::Lordag | DayType::Sondag => kind,
        _ => format!("{weekday}, {kind}"),
    }
}

#[cfg(test)]
mod tests {
    use super::chart::{Curves, Series};
    use super::figure::render;
    use super::map::{Map, Place, PlaceKind};
    use crate::spatial::{Xy, to_sweref};
    use plotters::style::RGBColor;

    #[test]
    fn charts_and_maps_render_deterministically_with_text() {
        let curves = Curves {
            title: "Befolkning inom restid".into(),
            x_label: "minuter".into(),
            y_label: "andel".into(),
            x_max: 120.0,
            y_max: 100.0,
            series: vec![Series {
                label: "Räppe".into(),
                color: RGBColor(150, 40, 180),
                points: vec![(0.0, 0.0), (60.0, 50.0), (120.0, 80.0)],
            }],
            y_percent: true,
        };
        let a = render(640, 400, &curves).unwrap();
        let b = render(640, 400, &curves).unwrap();
        assert_eq!(a.svg, b.svg);
        assert_eq!(a.png, b.png);
        assert!(a.svg.contains("Räppe") && a.svg.contains("viewBox"));
        assert!(a.png.starts_with(b"\x89PNG"));

        let vx = to_sweref(56.8777, 14.8091);
        let map = Map {
            title: "Karta".into(),
            cells: vec![(vx.x - 5000.0, vx.y - 5000.0, 1000.0, 0), (vx.x, vx.y, 1000.0, 1)],
            classes: vec![("< 30 min".into(), RGBColor(30, 150, 80)), ("30–60 min".into(), RGBColor(250, 200, 60))],
            legend_title: "Restid".into(),
            lines: vec![(vec![vx, Xy { x: vx.x + 3000.0, y: vx.y + 2000.0 }], RGBColor(90, 90, 90), 1)],
            stops: vec![vx],
            places: vec![Place { at: vx, label: "Växjö".into(), kind: PlaceKind::Seat }],
            place_legend: vec![("Centralort".into(), PlaceKind::Seat)],
            line_legend: vec![("Buss".into(), RGBColor(90, 90, 90), 1)],
            km: "km".into(),
            ..Default::default()
        };
        let m = render(800, 600, &map).unwrap();
        assert!(m.svg.contains("Växjö") && m.svg.contains("30–60 min") && m.svg.contains("Buss"));
        if let Ok(dir) = std::env::var("NARHET_FIGURE_DIR") {
            std::fs::write(format!("{dir}/map.png"), &m.png).unwrap();
            std::fs::write(format!("{dir}/curves.png"), &a.png).unwrap();
        }
    }
}
