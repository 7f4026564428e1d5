//! Service at stops and PTAL for `narhet stops` and `narhet ptal`: the timetable of the day
//! (no walking between stops is needed), the metrics, and the tables they are written as.

use super::{AnalysisError, Study, no_footpaths};
use crate::date::Date;
use crate::export::{Geometry, Table};
use crate::feed::Feed;
use crate::metrics::ptal::{PtalIndex, PtalParams, cell_ptal, level_shares};
use crate::metrics::stops::{Catchment, StopOptions, priority_list, stop_table};
use crate::tables::ptal::{cells_table, shares_table};
use rayon::prelude::*;

use crate::tables::stops::{add_booked_departures, add_network_catchment, priority_table, stop_table as stop_rows};
use crate::timetable::{Booking, Timetable};

/// The stop table of `date` (population columns from the study's cells when there is a study),
/// or with `priority_radius_m` and a study, the priority list for tillgänglighetsanpassning.
pub fn stops_table(
    feed: &Feed,
    date: Date,
    opts: &StopOptions,
    study: Option<&Study>,
    priority_radius_m: Option<f64>,
) -> Result<(Table, Vec<Geometry>), AnalysisError> {
    let tt = Timetable::build(feed, date, &no_footpaths());
    let table = stop_table(&tt, opts, study.map(|s| s.cells.as_slice()))?;
    Ok(match (study, priority_radius_m) {
        (Some(s), Some(r)) => {
            let list = priority_list(&table, &Catchment::new(&s.cells), r);
            priority_table(feed, &table, &list, &s.names, r)
        }
        _ => {
            let (mut t, g) = stop_rows(feed, &table);
            // With a street network, the catchment walked on it beside the circle.
            if let (Some(s), Some(paths)) = (study, study.and_then(|s| s.network_paths())) {
                let c = Catchment::new(&s.cells);
                let pops: Vec<Vec<f64>> = table
                    .rows
                    .par_iter()
                    .map(|r| c.network_populations_within(r.xy, &opts.radii_m, paths.as_ref()))
                    .collect();
                add_network_catchment(&mut t, &opts.radii_m, &pops);
            }
            // Booking-required service, counted apart (only when the day has any).
            let booked_tt = Timetable::build_with(feed, date, &no_footpaths(), Booking::Only);
            if booked_tt.n_trips() > 0 {
                let booked = stop_table(&booked_tt, opts, None)?;
                add_booked_departures(&mut t, &table, &booked);
            }
            (t, g)
        }
    })
}

/// PTAL of the study's cells, as written by `narhet ptal`.
pub struct PtalTables {
    /// One row per populated cell, with its polygon in `geometries`.
    pub cells: Table,
    pub geometries: Vec<Geometry>,
    /// Population and share per level per municipality.
    pub shares: Table,
}

/// PTAL (TfL's method with its default parameters) at the centroid of every populated cell.
pub fn ptal_tables(feed: &Feed, date: Date, study: &Study) -> Result<PtalTables, AnalysisError> {
    let tt = Timetable::build(feed, date, &no_footpaths());
    let index = PtalIndex::new(&tt, &PtalParams::default())?.with_paths(study.network_paths());
    let results = cell_ptal(&index, &study.cells);
    let (cells, geometries) = cells_table(&study.cells, &results, &study.names);
    let shares = shares_table(&level_shares(&study.cells, &results), &study.names);
    Ok(PtalTables { cells, geometries, shares })
}
