//! The application layer: turns a [`Region`] (with its population grid), a loaded [`Feed`] and a
//! date into each metric's typed inputs, runs the metrics, and keeps what several commands share
//! in one place — the walking model between stops, the date policy ([`dates`]), the "stops near a
//! point" index ([`ServedStops`]), goal checks and counts ([`goals`]), and the runs behind
//! `reach`, `coverage`, `route`, `od`, `report` and `compare`.
//!
//! Owns: [`Study`] (the region side of a run, resolved once) and [`Network`] (one service day of
//! a feed with its timetable). Depends on `region`, `feed`, `timetable`, `router`, `metrics`,
//! `scenario` and the base modules; never on `report` or `cli`. Prints nothing: warnings and
//! progress go back to the caller as data or through a callback.

pub mod ages;
pub mod appointments;
pub mod arrive_by;
pub mod assess;
pub mod compare;
pub mod compare_service;
pub mod coverage;
pub mod dates;
pub mod goals;
pub mod holidays;
pub mod inputs;
pub mod journeys;
pub mod kolada;
pub mod nodes;
pub mod places;
pub mod profile;
pub mod reach;
pub mod restidskvot;
pub mod restidskvot_compare;
pub mod restidskvot_goals;
pub mod sanity;
pub mod stops;
pub mod streets;
pub mod summary;
pub mod travellers;
pub mod validate;
pub mod walking;

use std::path::Path;

use crate::date::Date;
use crate::feed::Feed;
use crate::metrics::reach::{CareNode, Origin};
use crate::region::{PopulationGrid, Region, RegionError};
use crate::spatial::{Cell, PointIndex, Xy};
use crate::timetable::{FootpathOptions, StopIdx, Timetable};

/// Why an analysis could not run.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error(transparent)]
    Region(#[from] RegionError),
    #[error("the feed has no service dates; give --date")]
    NoServiceDates,
    /// A date outside the feed's service period.
    #[error("--date {date} is outside the feed's service period {period}; give a date in it")]
    DateOutsidePeriod { date: Date, period: dates::ServicePeriod },
    /// `--to` named no care node or kind (the message lists the choices).
    #[error("{0}")]
    Destinations(String),
    /// `--walk-profile` named no profile of the region (the message lists the choices).
    #[error("{0}")]
    WalkProfile(String),
    #[error(transparent)]
    Coverage(#[from] crate::metrics::coverage::CoverageError),
    #[error(transparent)]
    Stops(#[from] crate::metrics::stops::StopsError),
    #[error(transparent)]
    Ptal(#[from] crate::metrics::ptal::PtalError),
    #[error(transparent)]
    Scenario(#[from] crate::scenario::ScenarioError),
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
}

/// The region side of a run, resolved once: the region file, its populated cells as the metrics
/// read them, municipality names (a cell's `municipality` indexes them), the care nodes and the
/// towns as origins.
#[derive(Clone, Debug)]
pub struct Study {
    pub region: Region,
    pub cells: Vec<Cell>,
    pub names: Vec<String>,
    pub care: Vec<CareNode>,
    pub towns: Vec<Origin>,
    /// Problems worth telling the user that did not stop the run (without a `warning:` prefix).
    pub warnings: Vec<String>,
    /// The municipal borders for maps, when the region file names them.
    pub borders: Option<crate::region::Borders>,
    /// The grid's age columns, each with one count per cell of `cells` (empty: the grid has
    /// none).
    pub ages: Vec<crate::region::population::AgeColumn>,
    /// The street networks of an OSM extract (`--osm` or the region's `osm`): walks on its
    /// walking network ([`Study::walker`]), car times on its roads.
    pub streets: Option<std::sync::Arc<streets::Streets>>,
}

impl Study {
    /// Reads the region file at `path`, the population grid and the municipal borders it names.
    pub fn load(path: &Path) -> Result<Study, RegionError> {
        let region = Region::load(path)?;
        let grid = region.load_population()?;
        let borders = region.load_borders()?;
        Ok(Study { borders, ..Study::from_grid(region, &grid) })
    }

    /// The study of `region` over its population grid; cells in no municipality are left out
    /// with a warning.
    pub fn from_grid(region: Region, grid: &PopulationGrid) -> Study {
        let (cells, dropped) = region.metric_cells(grid);
        let checks = sanity::grid_warnings(&region, grid);
        // The age counts follow the cells kept, found by their corner.
        let at: std::collections::HashMap<(u32, u32), usize> =
            grid.cells.iter().enumerate().map(|(i, c)| ((c.x, c.y), i)).collect();
        let kept: Vec<Option<usize>> = cells.iter().map(|c| at.get(&(c.x as u32, c.y as u32)).copied()).collect();
        let ages = (grid.ages.iter())
            .map(|a| crate::region::population::AgeColumn {
                label: a.label.clone(),
                counts: kept.iter().map(|i| i.and_then(|i| a.counts.get(i).copied()).unwrap_or(0)).collect(),
            })
            .collect();
        let mut study = Study { ages, ..Study::new(region, cells) };
        study.warnings.extend(checks);
        if dropped > 0 {
            study.warnings.push(format!("{dropped} population cells lie in no municipality of the region; left out"));
        }
        study
    }

    /// The study of `region` over cells already resolved (e.g. today's cells for a scenario's
    /// edited region).
    pub fn new(region: Region, cells: Vec<Cell>) -> Study {
        Study {
            names: region.municipality_names(),
            care: inputs::care_nodes(&region),
            towns: inputs::town_origins(&region),
            region,
            cells,
            warnings: Vec::new(),
            borders: None,
            ages: Vec::new(),
            streets: None,
        }
    }

    /// The study on `date`: care nodes outside their `valid_from`…`valid_to` are left out
    /// (the same region, cells and borders otherwise).
    pub fn on_date(&self, date: crate::date::Date) -> Study {
        if self.region.care.iter().all(|c| c.open_on(date)) {
            return self.clone();
        }
        let mut region = self.region.clone();
        region.care.retain(|c| c.open_on(date));
        Study {
            borders: self.borders.clone(),
            warnings: self.warnings.clone(),
            ages: self.ages.clone(),
            streets: self.streets.clone(),
            ..Study::new(region, self.cells.clone())
        }
    }

    /// Walks as the region's profile `name` says ("default": `[walk]`) from now on; an error
    /// lists the profiles the region has.
    pub fn use_walk_profile(&mut self, name: &str) -> Result<(), AnalysisError> {
        match self.region.walk_profile(name) {
            Some(w) => {
                self.region.walk = w;
                Ok(())
            }
            None => {
                let names: Vec<&str> = std::iter::once("default")
                    .chain(self.region.walk_profiles.iter().map(|(n, _)| n.as_str()))
                    .collect();
                Err(AnalysisError::WalkProfile(format!(
                    "--walk-profile '{name}': the region file has no such profile; choose one of {}",
                    names.join(", ")
                )))
            }
        }
    }

    /// The files this study was read from: the region file and its population grid.
    pub fn input_files(&self) -> Vec<std::path::PathBuf> {
        std::iter::once(self.region.source.clone())
            .chain(self.region.population_grid.clone())
            .chain(self.region.osm.clone())
            .collect()
    }

    /// The walks between stops for journeys from homes to care: within 500 m, at the region's
    /// pace (the network `reach` and the report route on); on the street network when there is one.
    pub fn footpaths(&self) -> FootpathOptions {
        FootpathOptions { walk: self.region.walk.model, paths: self.network_paths(), ..Default::default() }
    }

    /// Where walks come from: the street network, else the straight line × detour of `[walk]`.
    pub fn walker(&self) -> std::sync::Arc<dyn crate::walk::WalkPaths> {
        match self.network_paths() {
            Some(p) => p,
            None => std::sync::Arc::new(self.region.walk.model),
        }
    }

    /// Reads the street networks of `osm`, else of the region's `osm`, if either is given: the
    /// study then walks on them.
    ///
    /// Returns a warning when the extract does not cover the region: more than half of the
    /// towns over 1 km from its nearest walkable way (walks from there would be long straight
    /// lines to it, and mostly no walk at all).
    pub fn load_streets(&mut self, osm: Option<&Path>) -> Result<Option<String>, crate::network::NetworkError> {
        let Some(p) = osm.or(self.region.osm.as_deref()) else { return Ok(None) };
        let s = streets::Streets::load(p)?;
        let far = self.towns.iter().filter(|t| s.walk.snap(t.at).is_none_or(|n| n.dist_m > 1000.0)).count();
        self.streets = Some(std::sync::Arc::new(s));
        Ok((far * 2 > self.towns.len()).then(|| {
            format!(
                "{}: {far} of the region's {} towns lie over 1 km from its nearest walkable way; does the extract cover the region?",
                p.display(),
                self.towns.len()
            )
        }))
    }

    /// The street network's walking paths, if the study has one.
    pub fn network_paths(&self) -> Option<std::sync::Arc<dyn crate::walk::WalkPaths>> {
        let s = self.streets.clone()?;
        Some(std::sync::Arc::new(walking::NetworkPaths { streets: s }))
    }

    /// The walking model of this study, for outputs.
    pub fn walking_model(&self) -> walking::WalkingModel {
        walking::WalkingModel::new(self.streets.as_deref(), self.region.walk.model)
    }

    /// Where the population grid came from, for the report: its path, and whether it is the
    /// shipped synthetic grid (under `regions/`).
    pub fn population_source(&self) -> (String, bool) {
        let grid = self.region.population_grid.as_ref();
        let path = grid.map_or("–".into(), |p| p.display().to_string());
        let synthetic =
            grid.is_some_and(|p| p.starts_with("regions") || p.to_string_lossy().contains("regions/kronoberg/"));
        (path, synthetic)
    }
}

/// No walks between stops: for metrics that read only trips and stop positions (stops, PTAL,
/// coverage, summary).
pub fn no_footpaths() -> FootpathOptions {
    FootpathOptions { radius_m: 0.0, ..Default::default() }
}

/// One service day of a feed: the timetable and the index of the stops it serves.
pub struct Network<'a> {
    pub feed: &'a Feed,
    pub date: Date,
    pub tt: Timetable,
    pub stops: ServedStops,
}

impl<'a> Network<'a> {
    /// Builds the timetable of `date` with walks between stops as `footpaths` says.
    pub fn build(feed: &'a Feed, date: Date, footpaths: &FootpathOptions) -> Network<'a> {
        let tt = Timetable::build(feed, date, footpaths);
        let stops = ServedStops::new(&tt);
        Network { feed, date, tt, stops }
    }
}

/// The stops a timetable serves (at least one pattern calls there), indexed by position: the one
/// answer to "which served stops lie near this point" (a town's stops, the core's, a hospital's).
pub struct ServedStops {
    index: PointIndex,
}

impl ServedStops {
    pub fn new(tt: &Timetable) -> ServedStops {
        let served = tt.stop_indices().filter(|&s| tt.is_served(s));
        ServedStops { index: PointIndex::new(served.map(|s| (tt.stop_xy(s), s.0))) }
    }

    /// Served stops within `radius_m` (straight line) of `at`, nearest first.
    pub fn near(&self, at: Xy, radius_m: f64) -> Vec<StopIdx> {
        self.index.within(at, radius_m).into_iter().map(|(s, _)| StopIdx(s)).collect()
    }
}

/// A one-trip feed for the analysis tests: `stops` (a whole stops.txt) with trip `t` calling at
/// A (08:00) and B (08:10) every day of 2026.
#[cfg(test)]
pub(crate) fn test_feed(stops: &str) -> crate::feed::Feed {
    test_feed_with(
        stops,
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nt,08:00:00,08:00:00,A,1\nt,08:10:00,08:10:00,B,2\n",
    )
}

/// A one-trip feed as [`test_feed`], with trip `t`'s calls given as a whole stop_times.txt.
#[cfg(test)]
pub(crate) fn test_feed_with(stops: &str, stop_times: &str) -> crate::feed::Feed {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,T,http://x.org,Europe/Stockholm\n"),
        ("stops.txt", stops),
        ("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR,A,1,,3\n"),
        ("trips.txt", "route_id,service_id,trip_id\nR,S,t\n"),
        ("stop_times.txt", stop_times),
        (
            "calendar.txt",
            "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS,1,1,1,1,1,1,1,20260101,20261231\n",
        ),
    ];
    for (n, t) in files {
        std::fs::write(dir.path().join(n), t).unwrap();
    }
    crate::feed::load(&[dir.path().to_path_buf()], &Default::default()).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::reach::CareKind;

    const REGION: &str = r#"
name = "Testlän"
county_code = "99"
population_grid = "test/grid.csv"
extent = [[14.9, 56.9], [15.4, 56.9], [15.4, 57.1], [14.9, 57.1], [14.9, 56.9]]

[[municipality]]
name = "Kärnkommun"
kommunkod = "0001"
seat = "Kärnby"
population_2024 = 1000

[[municipality]]
name = "Nodkommun"
kommunkod = "0002"
seat = "Nodby"
population_2024 = 500

[[town]]
name = "Kärnby"
kommunkod = "0001"
lat = 57.0
lon = 15.0
population = 1000
level = "regional_core"

[[town]]
name = "Nodby"
kommunkod = "0002"
lat = 57.0
lon = 15.3
population = 500
level = "strategic_node"

[[care]]
name = "Kärnby sjukhus"
kind = "acute_hospital"
lat = 57.0
lon = 15.0
kommunkod = "0001"

[[care]]
name = "Nodby vårdcentral"
kind = "vardcentral"
lat = 57.0
lon = 15.3
kommunkod = "0002"
"#;

    #[test]
    fn study_resolves_the_region_once() {
        let region = Region::from_str(REGION, Path::new("regions/test.toml")).unwrap();
        // Kärnby's cell by its code; a cell with a code the region lacks (0009) at Nodby
        // (E 518 224) takes the nearest town's municipality, Nodkommun; an empty cell is dropped.
        let grid = PopulationGrid::parse(
            "ruta,x,y,pop,kommunkod\n5000006317000,500000,6317000,1000,0001\n\
             5180006317000,518000,6317000,40,0009\n5010006317000,501000,6317000,0,0001\n",
            "grid.csv",
        )
        .unwrap();
        let s = Study::from_grid(region, &grid);
        assert_eq!(s.names, ["Kärnkommun", "Nodkommun"]);
        let cells: Vec<(u32, u16)> = s.cells.iter().map(|c| (c.population, c.municipality)).collect();
        assert_eq!(cells, [(1000, 0), (40, 1)]);
        // Both oddities of this grid are said (the sanity checks): the unknown code, and a total
        // (1,000 + 40) far from the municipalities' 1,500.
        assert_eq!(s.warnings.len(), 2, "{:?}", s.warnings);
        assert!(s.warnings[0].starts_with("1 population cells have a kommunkod the region does not have (first: 0009"));
        assert!(
            s.warnings[1].starts_with("the population grid totals 1 040 people, the region's municipalities 1 500")
        );
        let care: Vec<(&str, CareKind)> = s.care.iter().map(|c| (c.name.as_str(), c.kind)).collect();
        assert_eq!(care, [("Kärnby sjukhus", CareKind::AcuteHospital), ("Nodby vårdcentral", CareKind::Vardcentral)]);
        let towns: Vec<(&str, u32, u16)> =
            s.towns.iter().map(|t| (t.id.as_str(), t.population, t.municipality)).collect();
        assert_eq!(towns, [("Kärnby", 1000, 0), ("Nodby", 500, 1)]);
        // The region's walking pace; walks between stops within 500 m.
        assert_eq!((s.footpaths().radius_m, s.footpaths().walk), (500.0, s.region.walk.model));
        // The grid path is anchored at the region file; under regions/ it is the shipped sample.
        assert_eq!(s.population_source(), ("regions/test/grid.csv".to_string(), true));
        let elsewhere = Study::new(Region::from_str(REGION, Path::new("/data/lan.toml")).unwrap(), Vec::new());
        assert_eq!(elsewhere.population_source(), ("/data/test/grid.csv".to_string(), false));
    }

    #[test]
    fn served_stops_leave_out_stops_without_service() {
        // A and B are served by one trip; C, 10 m from A, by none. B is about 1.1 km north of A.
        let feed =
            test_feed("stop_id,stop_name,stop_lat,stop_lon\nA,A,56.80,14.80\nB,B,56.81,14.80\nC,C,56.8001,14.80\n");
        let net = Network::build(&feed, Date::parse("2026-11-24").unwrap(), &no_footpaths());
        let a = crate::spatial::to_sweref(56.80, 14.80);
        assert_eq!(net.stops.near(a, 500.0), [StopIdx(0)]);
        assert_eq!(net.stops.near(a, 2000.0), [StopIdx(0), StopIdx(1)]);
    }
}
