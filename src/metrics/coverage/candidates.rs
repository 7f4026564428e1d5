//! Where a fixed line would serve many of the people who lack basic service: candidate stop
//! sites, picked greedily. A site is the centre of a cell whose people lack basic service; it
//! would serve the lacking people of every cell whose centre lies within `radius_m` of it (the
//! rule's distance, inclusive, so that on a 1 km grid a site reaches its four edge neighbours).
//! The site serving most people not yet served by a better-ranked site is taken next (ties: the
//! more westerly, then the more southerly), until `top` sites or fewer than `min_population`.
//!
//! A site says where a stop with enough departures would give most people basic service; it
//! does not design the line. Depends only on cells and a flag per cell.

use serde::Serialize;

use crate::spatial::{Cell, PointIndex, Xy, to_wgs84};

/// One candidate stop site.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// 1 = serves most.
    pub rank: u32,
    /// Index of the cell whose centre is the site.
    pub cell: u32,
    #[serde(skip)]
    pub at: Xy,
    pub lat: f64,
    pub lon: f64,
    /// People lacking basic service within the radius, not already counted for a better site.
    pub population: u64,
    /// Cells those people live in.
    pub cells: u32,
    /// The site cell's municipality index.
    pub municipality: u16,
}

/// Candidate sites among `cells` where `lacking[i]` says cell `i`'s people lack basic service.
pub fn candidates(cells: &[Cell], lacking: &[bool], radius_m: f64, min_population: u64, top: usize) -> Vec<Candidate> {
    let ids: Vec<usize> =
        (0..cells.len()).filter(|&i| lacking.get(i) == Some(&true) && cells[i].population > 0).collect();
    let index = PointIndex::new(ids.iter().enumerate().map(|(k, &i)| (cells[i].centroid(), k as u32)));
    // Neighbours (positions in `ids`) within the radius, itself included; 1 cm of tolerance so
    // that centres exactly one radius apart count on either side of the rounding.
    let near: Vec<Vec<u32>> = ids
        .iter()
        .map(|&i| index.within(cells[i].centroid(), radius_m + 0.01).into_iter().map(|(k, _)| k).collect())
        .collect();
    let pop = |k: u32| cells[ids[k as usize]].population as u64;
    let mut value: Vec<u64> = near.iter().map(|n| n.iter().map(|&k| pop(k)).sum()).collect();
    let mut served = vec![false; ids.len()];
    let mut out = Vec::new();
    while out.len() < top {
        let best = (0..ids.len()).max_by(|&a, &b| {
            let (ca, cb) = (cells[ids[a]].centroid(), cells[ids[b]].centroid());
            value[a].cmp(&value[b]).then(cb.x.total_cmp(&ca.x)).then(cb.y.total_cmp(&ca.y))
        });
        let Some(k) = best.filter(|&k| value[k] >= min_population.max(1)) else { break };
        let newly: Vec<u32> = near[k].iter().copied().filter(|&j| !served[j as usize]).collect();
        for &j in &newly {
            served[j as usize] = true;
            for &m in &near[j as usize] {
                value[m as usize] -= pop(j);
            }
        }
        let c = &cells[ids[k]];
        let (lat, lon) = to_wgs84(c.centroid());
        out.push(Candidate {
            rank: out.len() as u32 + 1,
            cell: ids[k] as u32,
            at: c.centroid(),
            lat,
            lon,
            population: newly.iter().map(|&j| pop(j)).sum(),
            cells: newly.len() as u32,
            municipality: c.municipality,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(x: f64, y: f64, population: u32) -> Cell {
        Cell { x, y, size_m: 1000.0, population, municipality: 0 }
    }

    #[test]
    fn greedy_sites_serve_the_most_people_once() {
        // A row of 1 km cells at x = 0, 1, 2, 3, 4 km (people 10, 50, 10, 0-lacking, 30) and one
        // far away at 10 km (40). Cell 3 has service. Within 1 km of a centre: its edge neighbours.
        let cells = [
            cell(0.0, 0.0, 10),
            cell(1000.0, 0.0, 50),
            cell(2000.0, 0.0, 10),
            cell(3000.0, 0.0, 99),
            cell(4000.0, 0.0, 30),
            cell(10_000.0, 0.0, 40),
        ];
        let lacking = [true, true, true, false, true, true];
        // Site values: c0 10+50 = 60, c1 10+50+10 = 70, c2 50+10 = 60 (c3 has service),
        // c4 30, c5 40. Best c1 (70) serves c0, c1, c2. Then c5 40, then c4 30; then none left.
        let got = candidates(&cells, &lacking, 1000.0, 1, 10);
        let summary: Vec<(u32, u32, u64, u32)> = got.iter().map(|c| (c.rank, c.cell, c.population, c.cells)).collect();
        assert_eq!(summary, vec![(1, 1, 70, 3), (2, 5, 40, 1), (3, 4, 30, 1)]);
        // At most two sites, and none serving fewer than 35.
        let got = candidates(&cells, &lacking, 1000.0, 35, 10);
        assert_eq!(got.iter().map(|c| c.cell).collect::<Vec<_>>(), vec![1, 5]);
        assert_eq!(candidates(&cells, &lacking, 1000.0, 1, 1).len(), 1);
        // Nobody lacking: no sites.
        assert!(candidates(&cells, &[false; 6], 1000.0, 1, 10).is_empty());
    }
}
