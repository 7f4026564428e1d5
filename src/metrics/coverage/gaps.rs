//! Gaps: populated cells without weekday basic service and outside every demand area, joined
//! into connected clusters when their squares touch, ranked by population.

use petgraph::unionfind::UnionFind;

use crate::spatial::{Cell, PointIndex, Xy};

use super::{Adjacency, CellCoverage, CoverageParams, Gap};

/// "No gap yet".
const NONE: u32 = u32::MAX;

/// Do two cells' squares touch under the adjacency rule (1 cm tolerance)?
pub(super) fn touches(a: &Cell, b: &Cell, adj: Adjacency) -> bool {
    const EPS: f64 = 0.01;
    let ox = (a.x + a.size_m).min(b.x + b.size_m) - a.x.max(b.x);
    let oy = (a.y + a.size_m).min(b.y + b.size_m) - a.y.max(b.y);
    match adj {
        Adjacency::Corner => ox >= -EPS && oy >= -EPS,
        Adjacency::Edge => (ox > EPS && oy >= -EPS) || (oy > EPS && ox >= -EPS),
    }
}

/// Joins populated cells without weekday basic service and outside demand areas into gaps,
/// ranks them and marks each cell with its gap id.
pub(super) fn find_gaps(
    cells: &[Cell],
    cov: &mut [CellCoverage],
    p: &CoverageParams,
    centroids: &PointIndex,
) -> Vec<Gap> {
    let is_gap = |i: usize| cells[i].population > 0 && !cov[i].in_demand_area && !cov[i].weekday().band.is_basic();
    let max_side = cells.iter().map(|c| c.size_m).fold(0.0, f64::max);
    let mut uf = UnionFind::<u32>::new(cells.len());
    for (i, c) in cells.iter().enumerate() {
        if !is_gap(i) {
            continue;
        }
        let m = c.size_m / 2.0 + max_side;
        let ctr = c.centroid();
        for j in centroids.in_box(Xy { x: ctr.x - m, y: ctr.y - m }, Xy { x: ctr.x + m, y: ctr.y + m }) {
            let j = j as usize;
            let same_muni = !p.gap_split_by_municipality || cells[j].municipality == c.municipality;
            if j > i && same_muni && is_gap(j) && touches(c, &cells[j], p.gap_adjacency) {
                uf.union(i as u32, j as u32);
            }
        }
    }
    // Group by root, in cell order.
    let mut root_gap: Vec<u32> = vec![NONE; cells.len()];
    let mut members: Vec<Vec<u32>> = Vec::new();
    for i in (0..cells.len()).filter(|&i| is_gap(i)) {
        let r = uf.find(i as u32) as usize;
        if root_gap[r] == NONE {
            root_gap[r] = members.len() as u32;
            members.push(Vec::new());
        }
        members[root_gap[r] as usize].push(i as u32);
    }
    let mut gaps: Vec<Gap> = members
        .into_iter()
        .map(|cs| {
            let population: u64 = cs.iter().map(|&i| cells[i as usize].population as u64).sum();
            let (mut sx, mut sy) = (0.0, 0.0);
            let mut by_muni: Vec<(u16, u64)> = Vec::new();
            for &i in &cs {
                let c = &cells[i as usize];
                let w = c.population as f64;
                sx += c.centroid().x * w;
                sy += c.centroid().y * w;
                match by_muni.iter_mut().find(|e| e.0 == c.municipality) {
                    Some(e) => e.1 += c.population as u64,
                    None => by_muni.push((c.municipality, c.population as u64)),
                }
            }
            let w = population.max(1) as f64;
            let centroid = Xy { x: sx / w, y: sy / w };
            by_muni.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            Gap {
                id: 0,
                n_cells: cs.len() as u32,
                cells: cs,
                population,
                centroid,
                municipality: by_muni[0].0,
                nearest_basic_stop: None,
            }
        })
        .collect();
    gaps.sort_by(|a, b| {
        b.population
            .cmp(&a.population)
            .then(a.centroid.x.total_cmp(&b.centroid.x))
            .then(a.centroid.y.total_cmp(&b.centroid.y))
    });
    for (k, g) in gaps.iter_mut().enumerate() {
        g.id = k as u32 + 1;
        for &i in &g.cells {
            cov[i as usize].gap = Some(g.id);
        }
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squares_touch_by_edge_or_corner() {
        let c = |x: f64, y: f64, s: f64| Cell { x, y, size_m: s, population: 1, municipality: 0 };
        let a = c(0.0, 0.0, 1000.0);
        assert!(touches(&a, &c(1000.0, 0.0, 1000.0), Adjacency::Edge)); // side by side
        assert!(!touches(&a, &c(1000.0, 1000.0, 1000.0), Adjacency::Edge)); // corner only
        assert!(touches(&a, &c(1000.0, 1000.0, 1000.0), Adjacency::Corner));
        assert!(!touches(&a, &c(2000.0, 0.0, 1000.0), Adjacency::Corner)); // a cell apart
        // A 250 m cell along the right edge of a 1 km cell, in a mixed grid.
        assert!(touches(&a, &c(1000.0, 500.0, 250.0), Adjacency::Edge));
    }
}
