//! Area classes of cells (town / rural / sparse) and the population tallies per municipality
//! and for the county.

use crate::date::Date;
use crate::spatial::{Cell, PointIndex, Xy};

use super::{AreaClass, AreaSummary, CellCoverage, CoverageParams, DaySummary, DayType, Tally, Town};

/// Per cell: (class, own density, neighbourhood density, distance to the nearest big town).
pub(super) fn area_classes(
    cells: &[Cell],
    towns: &[Town],
    p: &CoverageParams,
    centroids: &PointIndex,
) -> Vec<(AreaClass, f64, f64, Option<f64>)> {
    cells
        .iter()
        .map(|c| {
            let centre = c.centroid();
            let km = c.size_m / 1000.0;
            let density = c.population as f64 / (km * km);
            let h = 1.5 * c.size_m;
            let nbh_pop: u64 = centroids
                .in_box(Xy { x: centre.x - h, y: centre.y - h }, Xy { x: centre.x + h, y: centre.y + h })
                .map(|i| cells[i as usize].population as u64)
                .sum();
            let nbh = nbh_pop as f64 / (9.0 * km * km);
            let near_town =
                towns.iter().any(|t| t.population >= p.town_min_pop && t.pos.dist(centre) <= p.town_radius_m);
            let big = towns
                .iter()
                .filter(|t| t.population >= p.sparse_town_pop)
                .map(|t| t.pos.dist(centre))
                .min_by(|a, b| a.total_cmp(b));
            let class = if near_town || density >= p.town_density {
                AreaClass::Town
            } else if nbh < p.sparse_density && big.is_none_or(|d| d > p.sparse_min_dist_m) {
                AreaClass::Sparse
            } else {
                AreaClass::Rural
            };
            (class, density, nbh, big)
        })
        .collect()
}

/// Tallies per municipality (`n_municipalities`, in index order) and for the county.
pub(super) fn summarise(
    cells: &[Cell],
    cov: &[CellCoverage],
    n_municipalities: usize,
    dates: &[(DayType, Date)],
) -> (Vec<AreaSummary>, AreaSummary) {
    let empty = || AreaSummary {
        days: dates
            .iter()
            .map(|&(day, _)| DaySummary { day, all: Tally::default(), by_class: [Tally::default(); 3] })
            .collect(),
    };
    let mut munis: Vec<AreaSummary> = (0..n_municipalities).map(|_| empty()).collect();
    let mut county = empty();
    for (c, cc) in cells.iter().zip(cov) {
        for (k, &(day, _)) in dates.iter().enumerate() {
            let (Some(ds), Some(served)) = (cc.days[day.ix()], cc.served(day)) else { continue };
            let pop = c.population as u64;
            for area in [&mut munis[c.municipality as usize], &mut county] {
                let s = &mut area.days[k];
                s.all.add(pop, ds.band, served);
                s.by_class[cc.class as usize].add(pop, ds.band, served);
            }
        }
    }
    (munis, county)
}
