//! Coordinates and distances: WGS84 in, metres on SWEREF 99 TM (EPSG:3006) out, and an `rstar`
//! index of projected points for "what lies within r metres of here".
//!
//! Every distance in narhet is a straight-line distance on SWEREF 99 TM (the projection's scale
//! error is under 0.1 % in Kronoberg). The projection is the Gauss–Krüger formulation published by
//! Lantmäteriet for GRS 80 (central meridian 15° E, scale 0.9996, false easting 500 000 m).

use rstar::{AABB, RTree, primitives::GeomWithData};

/// A point in SWEREF 99 TM metres: `x` = easting (E), `y` = northing (N).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Xy {
    pub x: f64,
    pub y: f64,
}

impl Xy {
    pub fn dist(self, o: Xy) -> f64 {
        ((self.x - o.x).powi(2) + (self.y - o.y).powi(2)).sqrt()
    }
}

const A: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_222_101;
const LON0: f64 = 15.0;
const K0: f64 = 0.9996;
const FE: f64 = 500_000.0;

struct Consts {
    a_hat: f64,
    beta: [f64; 4],
    delta: [f64; 4],
    e2: f64,
    a_: f64,
    b_: f64,
    c_: f64,
    d_: f64,
}

fn consts() -> Consts {
    let e2 = F * (2.0 - F);
    let n = F / (2.0 - F);
    let (n2, n3, n4) = (n * n, n * n * n, n * n * n * n);
    Consts {
        a_hat: A / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0),
        beta: [
            n / 2.0 - 2.0 * n2 / 3.0 + 5.0 * n3 / 16.0 + 41.0 * n4 / 180.0,
            13.0 * n2 / 48.0 - 3.0 * n3 / 5.0 + 557.0 * n4 / 1440.0,
            61.0 * n3 / 240.0 - 103.0 * n4 / 140.0,
            49561.0 * n4 / 161280.0,
        ],
        delta: [
            n / 2.0 - 2.0 * n2 / 3.0 + 37.0 * n3 / 96.0 - n4 / 360.0,
            n2 / 48.0 + n3 / 15.0 - 437.0 * n4 / 1440.0,
            17.0 * n3 / 480.0 - 37.0 * n4 / 840.0,
            4397.0 * n4 / 161280.0,
        ],
        e2,
        a_: e2,
        b_: (5.0 * e2 * e2 - e2 * e2 * e2) / 6.0,
        c_: (104.0 * e2.powi(3) - 45.0 * e2.powi(4)) / 120.0,
        d_: 1237.0 * e2.powi(4) / 1260.0,
    }
}

/// WGS84 (lat, lon in degrees) to SWEREF 99 TM metres.
pub fn to_sweref(lat: f64, lon: f64) -> Xy {
    let c = consts();
    let phi = lat.to_radians();
    let dl = (lon - LON0).to_radians();
    let s2 = phi.sin().powi(2);
    let phi_star = phi - phi.sin() * phi.cos() * (c.a_ + c.b_ * s2 + c.c_ * s2 * s2 + c.d_ * s2 * s2 * s2);
    let xi = (phi_star.tan() / dl.cos()).atan();
    let eta = (phi_star.cos() * dl.sin()).atanh();
    let mut x = xi;
    let mut y = eta;
    for (j, b) in c.beta.iter().enumerate() {
        let k = 2.0 * (j as f64 + 1.0);
        x += b * (k * xi).sin() * (k * eta).cosh();
        y += b * (k * xi).cos() * (k * eta).sinh();
    }
    Xy { x: K0 * c.a_hat * y + FE, y: K0 * c.a_hat * x }
}

/// SWEREF 99 TM metres to WGS84 (lat, lon) in degrees.
pub fn to_wgs84(p: Xy) -> (f64, f64) {
    let c = consts();
    let xi = p.y / (K0 * c.a_hat);
    let eta = (p.x - FE) / (K0 * c.a_hat);
    let mut xp = xi;
    let mut yp = eta;
    for (j, d) in c.delta.iter().enumerate() {
        let k = 2.0 * (j as f64 + 1.0);
        xp -= d * (k * xi).sin() * (k * eta).cosh();
        yp -= d * (k * xi).cos() * (k * eta).sinh();
    }
    let phi_star = (xp.sin() / yp.cosh()).asin();
    let dl = (yp.sinh() / xp.cos()).atan();
    let e2 = c.e2;
    let (e4, e6, e8) = (e2 * e2, e2 * e2 * e2, e2 * e2 * e2 * e2);
    let a1 = e2 + e4 + e6 + e8;
    let b1 = -(7.0 * e4 + 17.0 * e6 + 30.0 * e8) / 6.0;
    let c1 = (224.0 * e6 + 889.0 * e8) / 120.0;
    let d1 = -(4279.0 * e8) / 1260.0;
    let s2 = phi_star.sin().powi(2);
    let phi = phi_star + phi_star.sin() * phi_star.cos() * (a1 + b1 * s2 + c1 * s2 * s2 + d1 * s2 * s2 * s2);
    (phi.to_degrees(), LON0 + dl.to_degrees())
}

/// Great-circle distance in metres (mean Earth radius 6 371 008.8 m), for places far apart or
/// outside Sweden where the projection is not meant to be used.
pub fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}

/// An index of projected points, each carrying a `u32` (a stop or cell index).
pub struct PointIndex {
    tree: RTree<GeomWithData<[f64; 2], u32>>,
}

impl PointIndex {
    pub fn new(points: impl IntoIterator<Item = (Xy, u32)>) -> Self {
        let items = points.into_iter().map(|(p, i)| GeomWithData::new([p.x, p.y], i)).collect();
        PointIndex { tree: RTree::bulk_load(items) }
    }

    /// Every `(index, distance)` within `radius` metres of `p`, nearest first (ties by index).
    pub fn within(&self, p: Xy, radius: f64) -> Vec<(u32, f64)> {
        let mut out: Vec<(u32, f64)> = self
            .tree
            .locate_within_distance([p.x, p.y], radius * radius)
            .map(|g| (g.data, Xy { x: g.geom()[0], y: g.geom()[1] }.dist(p)))
            .collect();
        out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The `k` nearest points within `radius` metres of `p`, nearest first (ties by index
    /// among those found). Time grows with `k`, not with the points within the radius, so many
    /// points on one coordinate (placeholder positions in poor feeds) cost no more than a few.
    pub fn nearest_within(&self, p: Xy, radius: f64, k: usize) -> Vec<(u32, f64)> {
        let mut out: Vec<(u32, f64)> = self
            .tree
            .nearest_neighbor_iter_with_distance_2(&[p.x, p.y])
            .take_while(|&(_, d2)| d2 <= radius * radius)
            .take(k)
            .map(|(g, _)| (g.data, Xy { x: g.geom()[0], y: g.geom()[1] }.dist(p)))
            .collect();
        out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The nearest point to `p`, if any, with its distance.
    pub fn nearest(&self, p: Xy) -> Option<(u32, f64)> {
        self.tree.nearest_neighbor(&[p.x, p.y]).map(|g| (g.data, Xy { x: g.geom()[0], y: g.geom()[1] }.dist(p)))
    }

    /// Points inside an axis-aligned box.
    pub fn in_box(&self, min: Xy, max: Xy) -> impl Iterator<Item = u32> + '_ {
        self.tree.locate_in_envelope(&AABB::from_corners([min.x, min.y], [max.x, max.y])).map(|g| g.data)
    }

    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }
}

/// SCB's id of a grid square ("ruta"): the lower-left corner in SWEREF 99 TM metres, written as
/// 13 digits, 6 of easting and 7 of northing (`3960006276000`). The one cell id of every output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellId {
    pub e: u32,
    pub n: u32,
}

impl CellId {
    /// Parses SCB's 13-digit form; `None` unless it is exactly 13 ASCII digits.
    pub fn parse(s: &str) -> Option<CellId> {
        if s.len() != 13 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (e, n) = s.split_at(6);
        Some(CellId { e: e.parse().ok()?, n: n.parse().ok()? })
    }
}

impl std::fmt::Display for CellId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:06}{:07}", self.e, self.n)
    }
}

/// A populated square cell of a population grid, as the metrics see it: lower-left corner in
/// SWEREF 99 TM metres, side, population, and the index of its municipality in the region.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cell {
    pub x: f64,
    pub y: f64,
    pub size_m: f64,
    pub population: u32,
    pub municipality: u16,
}

impl Cell {
    /// SCB's ruta id of the cell.
    pub fn id(&self) -> CellId {
        CellId { e: self.x.round().max(0.0) as u32, n: self.y.round().max(0.0) as u32 }
    }

    pub fn centroid(&self) -> Xy {
        Xy { x: self.x + self.size_m / 2.0, y: self.y + self.size_m / 2.0 }
    }

    /// The cell's corners in WGS84 `(lon, lat)`, counter-clockwise from the lower-left, closed
    /// (five positions), as RFC 7946 wants a polygon's outer ring.
    pub fn ring_wgs84(&self) -> [(f64, f64); 5] {
        let s = self.size_m;
        let c = [(0.0, 0.0), (s, 0.0), (s, s), (0.0, s), (0.0, 0.0)];
        c.map(|(dx, dy)| {
            let (lat, lon) = to_wgs84(Xy { x: self.x + dx, y: self.y + dy });
            (lon, lat)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweref_matches_reference_values() {
        // Reference values from PROJ (pyproj 3, EPSG:4326 → EPSG:3006), to the millimetre.
        let cases = [
            ((56.876845, 14.803625), (488_031.267, 6_303_694.195)), // Växjö station [S40]
            ((56.8333, 13.941), (435_382.106, 6_299_329.805)),      // Ljungby
        ];
        for ((lat, lon), (e, n)) in cases {
            let p = to_sweref(lat, lon);
            assert!((p.x - e).abs() < 0.01 && (p.y - n).abs() < 0.01, "{p:?} vs {e} {n}");
            let (lat2, lon2) = to_wgs84(p);
            assert!((lat2 - lat).abs() < 1e-9 && (lon2 - lon).abs() < 1e-9);
        }
        // On the central meridian, easting is exactly the false easting.
        assert!((to_sweref(57.0, 15.0).x - 500_000.0).abs() < 1e-6);
    }

    #[test]
    fn haversine_is_close_to_projected_distance() {
        // The sphere is up to 0.4 % short of the ellipsoid east–west at 57° N.
        let (a, b) = ((56.8777, 14.8091), (56.8333, 13.941)); // Växjö – Ljungby
        let d_proj = to_sweref(a.0, a.1).dist(to_sweref(b.0, b.1));
        let d_hav = haversine_m(a.0, a.1, b.0, b.1);
        assert!((d_proj - d_hav).abs() / d_hav < 0.005, "{d_proj} vs {d_hav}");
    }

    #[test]
    fn cell_ids_are_scb_ruta() {
        let c = Cell { x: 396_000.0, y: 6_276_000.0, size_m: 1000.0, population: 1, municipality: 0 };
        assert_eq!(c.id().to_string(), "3960006276000");
        assert_eq!(CellId::parse("3960006276000"), Some(c.id()));
        assert_eq!(CellId { e: 87_250, n: 6_300_000 }.to_string(), "0872506300000");
        assert_eq!(CellId::parse("396000_627600"), None);
    }

    #[test]
    fn index_within_and_nearest() {
        let idx = PointIndex::new([
            (Xy { x: 0.0, y: 0.0 }, 0),
            (Xy { x: 300.0, y: 400.0 }, 1),
            (Xy { x: 1000.0, y: 0.0 }, 2),
        ]);
        let w = idx.within(Xy { x: 0.0, y: 0.0 }, 500.0);
        assert_eq!(w, vec![(0, 0.0), (1, 500.0)]);
        assert_eq!(idx.nearest(Xy { x: 900.0, y: 0.0 }), Some((2, 100.0)));
    }
}
