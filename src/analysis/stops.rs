//! Service at stops and PTAL for `narhet stops` and `narhet ptal`: the timetable of the day
//! (no walking between stops is needed), the metrics, and the tables they are written as. With
//! a street network (`--osm`), PTAL at the stops and the `pop_net_*` catchments walk on it.

use super::{AnalysisError, Study, no_footpaths};
use crate::date::Date;
use crate::export::{Geometry, Table};
use crate::feed::Feed;
use crate::metrics::ptal::{PtalIndex, PtalParams, cell_ptal, level_shares};
use crate::metrics::stops::{Catchment, StopOptions, priority_list, stop_table, stop_table_walking};
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
    // With a street network, PTAL at each stop walks to the stops on it.
    let paths = study.and_then(|s| s.network_paths());
    let table = stop_table_walking(&tt, opts, study.map(|s| s.cells.as_slice()), paths)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::streets::Streets;
    use crate::analysis::walking::NetworkPaths;
    use crate::metrics::stops::StopTable;
    use crate::network::profile::WayTags;
    use crate::network::{OsmCounts, RoadData, RoadWay};
    use crate::spatial::{Xy, to_sweref};
    use std::sync::Arc;

    #[test]
    fn ptal_at_a_stop_across_a_river_walks_round_by_the_bridge() {
        // A bus leaves A at 08:30 (one departure in TfL's peak 08:15–09:15) for Z; C is 0.0009°
        // (≈ 100 m) south of A across a river: the north street runs through A and the south
        // street through C, both 400 m long, with a footbridge between their east ends.
        let feed = crate::analysis::test_feed_with(
            "stop_id,stop_name,stop_lat,stop_lon\nA,A,56.80,14.80\nZ,Z,56.85,14.80\nC,C,56.7991,14.80\n",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nt,08:30:00,08:30:00,A,1\nt,08:40:00,08:40:00,Z,2\n",
        );
        let tt = Timetable::build(&feed, Date::parse("2026-11-24").unwrap(), &no_footpaths());
        let (a, c) = (to_sweref(56.80, 14.80), to_sweref(56.7991, 14.80));
        let xy = |x, y| Xy { x, y };
        let way = |nodes: &[u32], hw: &str| RoadWay { nodes: nodes.to_vec(), tags: WayTags::of(hw, &[]) };
        let data = RoadData {
            xy: vec![xy(c.x - 200.0, c.y), xy(c.x + 200.0, c.y), xy(a.x - 200.0, a.y), xy(a.x + 200.0, a.y)],
            ways: vec![way(&[0, 1], "residential"), way(&[2, 3], "residential"), way(&[1, 3], "footway")],
        };
        let streets = Arc::new(Streets::from_data(std::path::Path::new("x"), OsmCounts::default(), &data));
        let opts = StopOptions::default();
        let table = stop_table(&tt, &opts, None).unwrap();
        let ai = |t: &StopTable, at: Xy| t.rows.iter().find(|r| r.xy.dist(at) < 1.0).map(|r| r.ptal.ai).unwrap();
        let d = a.dist(c);
        assert!((d - 100.0).abs() < 1.0, "{d}");
        // One route, one departure an hour at A: SWT = 0.5 × 60 / 1 = 30 min, bus reliability
        // 2 min, AWT = 32 min. At A (walk 0): EDF = AI = 30 / 32 = 0.9375. At C in a straight
        // line (× 1.0) the walk is d / 80 m/min: AI = 30 / (d / 80 + 32) ≈ 0.902.
        let straight = |d: f64| 30.0 / (d / 80.0 + 32.0);
        assert!((ai(&table, a) - 0.9375).abs() < 1e-9);
        assert!((ai(&table, c) - straight(d)).abs() < 1e-9);
        // On the network C walks 200 m east, over the bridge (d, the bridge is the A–C line
        // moved 200 m east) and 200 m back west: 400 + d ≈ 500 m, within the bus limit of
        // 640 m: AI = 30 / ((400 + d) / 80 + 32) ≈ 0.784. A is unchanged.
        let table = stop_table_walking(&tt, &opts, None, Some(Arc::new(NetworkPaths { streets }))).unwrap();
        assert!((ai(&table, a) - 0.9375).abs() < 1e-9);
        assert!((ai(&table, c) - straight(400.0 + d)).abs() < 1e-6, "{}", ai(&table, c));
    }
}
