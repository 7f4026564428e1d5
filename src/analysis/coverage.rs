//! Coverage in sparse areas for a study: the weekday's timetable and those of the Saturday and
//! Sunday after it, the coverage metric over the region's cells, and the files it is written as.

use super::AnalysisError;
use super::inputs::CoverageInputs;
use crate::date::Date;
use crate::export::{Format, geojson_sorted_string, table_to_string};
use crate::feed::Feed;
use crate::metrics::coverage::candidates::{Candidate, candidates};
use crate::metrics::coverage::{self, Coverage, CoverageInput, DayTimetables};
use crate::spatial::Cell;
use crate::tables::coverage::CoverageView;
use crate::timetable::Timetable;

/// A coverage result with the inputs it was computed from.
pub struct CoverageRun {
    pub inputs: CoverageInputs,
    pub result: Coverage,
    /// Kolada's "kollektivtrafiknära läge" on the weekday.
    pub kolada: super::kolada::KoladaRun,
}

/// Computes coverage on `weekday` (its timetable given; coverage reads only trips and stop
/// positions, so any walking setting does) and on `saturday` and `sunday`, built here.
pub fn run_coverage(
    feed: &Feed,
    weekday: &Timetable,
    (saturday, sunday): (Date, Date),
    cells: &[Cell],
    inputs: CoverageInputs,
) -> Result<CoverageRun, AnalysisError> {
    let fp = super::no_footpaths();
    let sat = Timetable::build(feed, saturday, &fp);
    let sun = Timetable::build(feed, sunday, &fp);
    let days = DayTimetables { weekday, saturday: Some(&sat), sunday: Some(&sun) };
    // Närtrafik zones of the feed, as one flag per cell centroid (the metric reads no Feed).
    let in_demand_area =
        coverage::centroids_in(cells, |lat, lon| feed.demand_areas.iter().any(|a| a.contains(lat, lon)));
    let i = &inputs;
    let input = CoverageInput {
        days,
        cells,
        in_demand_area: &in_demand_area,
        municipalities: &i.municipalities,
        towns: &i.towns,
    };
    let result = coverage::compute(&input, &i.params)?;
    let kolada = super::kolada::run_kolada(weekday, cells, &i.names.names);
    Ok(CoverageRun { inputs, result, kolada })
}

/// The county's name in coverage's Kolada files (as in coverage.json).
const KOLADA_COUNTY: &str = "County";

/// A file coverage is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoverageFile {
    MunicipalitiesCsv,
    CellsCsv,
    GapsCsv,
    CellsGeojson,
    GapsGeojson,
    GapPointsGeojson,
    SummaryJson,
    KoladaCsv,
    KoladaJson,
}

/// The file sets of `narhet coverage --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoverageFormat {
    /// Text tables only, no files.
    Text,
    Csv,
    Geojson,
    Json,
}

/// The files of a format, with their names.
pub fn files(format: CoverageFormat) -> &'static [(&'static str, CoverageFile)] {
    use CoverageFile::*;
    match format {
        CoverageFormat::Text => &[],
        CoverageFormat::Csv => &[
            ("municipalities.csv", MunicipalitiesCsv),
            ("cells.csv", CellsCsv),
            ("gaps.csv", GapsCsv),
            ("kolada.csv", KoladaCsv),
        ],
        CoverageFormat::Geojson => {
            &[("cells.geojson", CellsGeojson), ("gaps.geojson", GapsGeojson), ("gap_points.geojson", GapPointsGeojson)]
        }
        CoverageFormat::Json => &[("coverage.json", SummaryJson), ("kolada.json", KoladaJson)],
    }
}

impl CoverageRun {
    /// The result with the names and geometry its tables need; `cells` are the cells it was
    /// computed over, `feed` names the stops.
    pub fn view<'a>(&'a self, cells: &'a [Cell], feed: &'a Feed) -> CoverageView<'a> {
        CoverageView { cov: &self.result, cells, names: &self.inputs.names, feed }
    }

    /// The content of a file; `cells` are the cells it was computed over, `feed` names the stops.
    pub fn render(&self, file: CoverageFile, cells: &[Cell], feed: &Feed) -> Result<String, AnalysisError> {
        let v = self.view(cells, feed);
        let csv = |t| table_to_string(&t, None, Format::Csv);
        let geojson = |(t, g): (_, Vec<_>)| geojson_sorted_string(&t, &g);
        Ok(match file {
            CoverageFile::MunicipalitiesCsv => csv(v.municipalities_table())?,
            CoverageFile::CellsCsv => csv(v.cells_table())?,
            CoverageFile::GapsCsv => csv(v.gaps_table())?,
            CoverageFile::CellsGeojson => geojson(v.cells_layer())?,
            CoverageFile::GapsGeojson => geojson(v.gaps_layer())?,
            CoverageFile::GapPointsGeojson => geojson(v.gap_points_layer())?,
            CoverageFile::SummaryJson => v.summary_json(&self.inputs.params)?,
            CoverageFile::KoladaCsv => csv(self.kolada.table(KOLADA_COUNTY))?,
            CoverageFile::KoladaJson => {
                serde_json::to_string_pretty(&self.kolada.json(KOLADA_COUNTY))
                    .map_err(crate::export::ExportError::from)?
                    + "\n"
            }
        })
    }

    /// The `top` sites where a stop would give most people without basic service on the weekday
    /// basic service (within the rule's distance), serving at least 10 people each.
    pub fn candidates(&self, cells: &[Cell], top: usize) -> Vec<Candidate> {
        let lacking: Vec<bool> = self.result.cells.iter().map(|c| !c.weekday().band.is_basic()).collect();
        candidates(cells, &lacking, self.inputs.params.max_stop_distance_m, 10, top)
    }

    /// The text tables for a terminal, listing the `top` largest gaps.
    pub fn text(&self, top: usize, cells: &[Cell], feed: &Feed) -> String {
        self.view(cells, feed).render_text(top) + &self.kolada.text(KOLADA_COUNTY)
    }

    /// Seats with no counted stop near them: most likely a wrong position in the region file.
    pub fn seat_warnings(&self) -> Vec<String> {
        let radius = self.inputs.params.seat_radius_m;
        self.result
            .seats_without_stops
            .iter()
            .filter(|&&m| (m as usize) < self.inputs.municipalities.len())
            .map(|&m| {
                let n = &self.inputs.names;
                format!(
                    "no stop within {radius} m of the seat of {} ({}): check its position in the region file",
                    n.name(m),
                    n.seat_town(m)
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::coverage::{CoverageParams, Municipality};
    use crate::spatial::{Xy, to_wgs84};

    #[test]
    fn files_of_each_format() {
        // One stop S at the seat, one village stop V 10 km east with one weekday run to the seat
        // and one back; one cell of 9 people around V.
        let dir = tempfile::tempdir().unwrap();
        let (lat, lon) = to_wgs84(Xy { x: 480_500.0, y: 6_300_500.0 });
        let (lat2, lon2) = to_wgs84(Xy { x: 490_500.0, y: 6_300_500.0 });
        for (name, text) in [
            ("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,T,http://x.org,Europe/Stockholm\n".to_string()),
            ("stops.txt", format!("stop_id,stop_name,stop_lat,stop_lon\nS,Seat,{lat},{lon}\nV,By,{lat2},{lon2}\n")),
            ("routes.txt", "route_id,agency_id,route_short_name,route_type\nR,A,1,3\n".into()),
            ("trips.txt", "route_id,service_id,trip_id\nR,WD,T1\nR,WD,T2\n".into()),
            (
                "stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
                 T1,07:00:00,07:00:00,V,1\nT1,07:20:00,07:20:00,S,2\nT2,16:00:00,16:00:00,S,1\nT2,16:20:00,16:20:00,V,2\n"
                    .into(),
            ),
            (
                "calendar.txt",
                "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
                 WD,1,1,1,1,1,0,0,20260101,20261231\n"
                    .into(),
            ),
        ] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let feed = crate::feed::load(&[dir.path().to_path_buf()], &Default::default()).unwrap();
        let cells = [Cell { x: 490_000.0, y: 6_300_000.0, size_m: 1000.0, population: 9, municipality: 0 }];
        let inputs = CoverageInputs {
            municipalities: vec![Municipality { seat: Xy { x: 480_500.0, y: 6_300_500.0 } }],
            towns: Vec::new(),
            params: CoverageParams::default(),
            names: crate::tables::coverage::AreaNames { names: vec!["Alfa".into()], seat_towns: vec!["Seat".into()] },
        };
        let weekday = Date::parse("2026-11-24").unwrap();
        let tt = Timetable::build(&feed, weekday, &super::super::no_footpaths());
        let weekend = crate::analysis::dates::weekend_after(weekday, None, None);
        let run = run_coverage(&feed, &tt, weekend, &cells, inputs).unwrap();
        // The village cell has 1 run each way < 2 → unserved, one gap of 9 people.
        let text = run.text(5, &cells, &feed);
        assert!(text.contains("weekday 2026-11-24, saturday 2026-11-28, sunday 2026-11-29"), "{text}");
        assert!(run.seat_warnings().is_empty());
        let names = |f: CoverageFormat| files(f).iter().map(|x| x.0).collect::<Vec<_>>();
        assert_eq!(names(CoverageFormat::Text), Vec::<&str>::new());
        assert_eq!(names(CoverageFormat::Csv), ["municipalities.csv", "cells.csv", "gaps.csv", "kolada.csv"]);
        assert_eq!(names(CoverageFormat::Geojson), ["cells.geojson", "gaps.geojson", "gap_points.geojson"]);
        assert_eq!(names(CoverageFormat::Json), ["coverage.json", "kolada.json"]);
        for f in [CoverageFormat::Csv, CoverageFormat::Geojson, CoverageFormat::Json] {
            for (name, file) in files(f) {
                assert!(!run.render(*file, &cells, &feed).unwrap().is_empty(), "{name} is empty");
            }
        }
        let gaps = run.render(CoverageFile::GapsCsv, &cells, &feed).unwrap();
        assert_eq!(gaps.lines().count(), 2);
        assert!(gaps.lines().nth(1).unwrap().starts_with("1,1,9,"), "{gaps}");
    }
}
