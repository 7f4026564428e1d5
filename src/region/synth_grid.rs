//! A synthetic 1 km population grid for a region, deterministic, so the shipped sample
//! (`regions/kronoberg/population.csv`) can be regenerated and checked byte for byte.
//!
//! SYNTHETIC, not SCB data. The method:
//! 1. Cells: every 1 km cell (corners on multiples of 1000 m, SWEREF 99 TM) whose centre lies
//!    inside the region's rough outline (`extent`).
//! 2. Municipality of a cell: that of the nearest `[[town]]` (a Voronoi stand-in for the real
//!    municipal borders, which are not in the reference data).
//! 3. Each town's population is spread over the cells of its own municipality around its centre
//!    with a Gaussian kernel, σ = 400 m + 250 m × √(population / 1000), cut at 3σ.
//! 4. The rest of the municipality's 2024 population (reference total minus its towns; towns
//!    are scaled down if they alone exceed it) is spread over its cells with a deterministic
//!    pseudo-random weight (a third of the cells get none: forest, lakes, bog).
//! 5. Rounding by largest remainder per municipality, so each total is exact.

use geo::{Contains, Coord};

use super::{PopulationGrid, Region, ring_polygon};
use crate::region::Cell;
use crate::spatial::{Xy, to_sweref};

/// Builds the synthetic grid for `region` (only cells with people are kept, in ruta order).
pub fn synthesize(region: &Region) -> PopulationGrid {
    // 1. Cells inside the outline, via its SWEREF bounding box.
    let ring: Vec<Xy> = region.extent.ring().iter().map(|p| to_sweref(p[1], p[0])).collect();
    let outline = ring_polygon(&ring.iter().map(|p| [p.x, p.y]).collect::<Vec<_>>());
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in &ring {
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    }
    let (cx0, cy0) = ((x0 / 1000.0).floor() as i64, (y0 / 1000.0).floor() as i64);
    let (cx1, cy1) = ((x1 / 1000.0).ceil() as i64, (y1 / 1000.0).ceil() as i64);
    let towns: Vec<(Xy, usize)> = region
        .towns
        .iter()
        .map(|t| {
            let m = region.municipalities.iter().position(|m| m.kommunkod == t.kommunkod).unwrap_or(0);
            (to_sweref(t.lat, t.lon), m)
        })
        .collect();
    let mut cells: Vec<(i64, i64, usize)> = Vec::new(); // (cx, cy, municipality)
    for cx in cx0..cx1 {
        for cy in cy0..cy1 {
            let c = Xy { x: cx as f64 * 1000.0 + 500.0, y: cy as f64 * 1000.0 + 500.0 };
            if !outline.contains(&Coord { x: c.x, y: c.y }) {
                continue;
            }
            let m = towns.iter().min_by(|a, b| a.0.dist(c).total_cmp(&b.0.dist(c))).map_or(0, |t| t.1);
            cells.push((cx, cy, m));
        }
    }
    let centre = |i: usize| Xy { x: cells[i].0 as f64 * 1000.0 + 500.0, y: cells[i].1 as f64 * 1000.0 + 500.0 };
    let n_m = region.municipalities.len();
    let mut share = vec![0.0f64; cells.len()];
    for (mi, m) in region.municipalities.iter().enumerate() {
        let mine: Vec<usize> = (0..cells.len()).filter(|&i| cells[i].2 == mi).collect();
        if mine.is_empty() {
            continue;
        }
        let total = m.population_2024 as f64;
        let town_sum: f64 =
            region.towns.iter().filter(|t| t.kommunkod == m.kommunkod).map(|t| t.population as f64).sum();
        // Leave at least 10 % for the countryside.
        let scale = if town_sum > 0.9 * total { 0.9 * total / town_sum } else { 1.0 };
        for (ti, t) in region.towns.iter().enumerate() {
            if t.kommunkod != m.kommunkod {
                continue;
            }
            let p = towns[ti].0;
            let sigma = 400.0 + 250.0 * (t.population as f64 / 1000.0).sqrt();
            let w: Vec<(usize, f64)> = mine
                .iter()
                .map(|&i| (i, centre(i).dist(p)))
                .filter(|(_, d)| *d <= 3.0 * sigma)
                .map(|(i, d)| (i, (-d * d / (2.0 * sigma * sigma)).exp()))
                .collect();
            let ws: f64 = w.iter().map(|x| x.1).sum();
            let people = t.population as f64 * scale;
            if ws > 0.0 {
                for (i, x) in w {
                    share[i] += people * x / ws;
                }
            } else {
                // The town's centre lies outside the outline: give it to the nearest own cell.
                if let Some(&i) = mine.iter().min_by(|a, b| centre(**a).dist(p).total_cmp(&centre(**b).dist(p))) {
                    share[i] += people;
                }
            }
        }
        let rural = (total - town_sum * scale).max(0.0);
        let w: Vec<(usize, f64)> = mine
            .iter()
            .map(|&i| {
                let h = hash01(cells[i].0, cells[i].1);
                (i, if h < 0.33 { 0.0 } else { 0.2 + h })
            })
            .collect();
        let ws: f64 = w.iter().map(|x| x.1).sum();
        if ws > 0.0 {
            for (i, x) in w {
                share[i] += rural * x / ws;
            }
        }
    }
    // 5. Largest remainder per municipality.
    let mut pop = vec![0u32; cells.len()];
    for mi in 0..n_m {
        let target = region.municipalities[mi].population_2024 as i64;
        let mine: Vec<usize> = (0..cells.len()).filter(|&i| cells[i].2 == mi).collect();
        let mut floor_sum = 0i64;
        let mut rem: Vec<(f64, usize)> = Vec::with_capacity(mine.len());
        for &i in &mine {
            let f = share[i].floor();
            pop[i] = f as u32;
            floor_sum += f as i64;
            rem.push((share[i] - f, i));
        }
        rem.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut left = target - floor_sum;
        for &(_, i) in rem.iter().cycle().take(rem.len() * 4) {
            if left <= 0 {
                break;
            }
            pop[i] += 1;
            left -= 1;
        }
    }
    let codes: Vec<Option<u16>> = region.municipalities.iter().map(|m| m.kommunkod.parse::<u16>().ok()).collect();
    let mut out: Vec<Cell> = cells
        .iter()
        .zip(&pop)
        .filter(|(_, p)| **p > 0)
        .map(|(&(cx, cy, m), &p)| Cell {
            x: (cx * 1000) as u32,
            y: (cy * 1000) as u32,
            size_m: 1000,
            population: p,
            kommunkod: codes[m],
        })
        .collect();
    out.sort_by_key(|c| (c.x, c.y));
    PopulationGrid { cells: out, ages: Vec::new() }
}

/// A deterministic hash of a cell to [0, 1).
fn hash01(x: i64, y: i64) -> f64 {
    let mut h = (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (y as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    h ^= h >> 31;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 29;
    (h >> 11) as f64 / (1u64 << 53) as f64
}
