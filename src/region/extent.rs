//! The county outline (`extent`): a simple polygon, checked at load, tested for "is this point
//! inside" with `geo` (winding number with robust predicates). For a simple polygon that is the
//! same answer as the even-odd rule the tool used before, away from the boundary itself.

use geo::{BoundingRect, Contains, Coord, LineString, Polygon, Rect, Validation};

/// The rough county outline as a `[lon, lat]` ring (WGS84), validated: at least three distinct
/// points, finite, not crossing itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Extent {
    ring: Vec<[f64; 2]>,
    polygon: Polygon<f64>,
}

impl Extent {
    /// The outline, or why it is not a polygon (`geo`'s words: too few points, a
    /// self-intersection, a non-finite coordinate).
    pub fn new(ring: Vec<[f64; 2]>) -> Result<Extent, String> {
        let polygon = ring_polygon(&ring);
        polygon.check_validation().map_err(|e| e.to_string())?;
        Ok(Extent { ring, polygon })
    }

    /// The ring as written in the file, `[lon, lat]`.
    pub fn ring(&self) -> &[[f64; 2]] {
        &self.ring
    }

    /// The outline's bounding box (x = lon, y = lat).
    pub fn bounds(&self) -> Option<Rect<f64>> {
        self.polygon.bounding_rect()
    }

    /// Is a WGS84 point strictly inside the outline?
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        self.polygon.contains(&Coord { x: lon, y: lat })
    }
}

/// A polygon from `[x, y]` pairs (closed by `geo` if the last point is not the first).
pub fn ring_polygon(ring: &[[f64; 2]]) -> Polygon<f64> {
    Polygon::new(LineString::from(ring.iter().map(|p| Coord { x: p[0], y: p[1] }).collect::<Vec<_>>()), vec![])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The even-odd test the region used before `geo`, kept as the reference.
    fn even_odd(ring: &[[f64; 2]], x: f64, y: f64) -> bool {
        let mut inside = false;
        let n = ring.len();
        let mut j = n.wrapping_sub(1);
        for i in 0..n {
            let (xi, yi) = (ring[i][0], ring[i][1]);
            let (xj, yj) = (ring[j][0], ring[j][1]);
            if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                inside = !inside;
            }
            j = i;
        }
        inside
    }

    /// A concave outline (an L), open: the last point is not repeated.
    const L: [[f64; 2]; 6] = [[0.0, 0.0], [4.0, 0.0], [4.0, 1.0], [1.0, 1.0], [1.0, 3.0], [0.0, 3.0]];

    #[test]
    fn inside_and_outside_near_the_edges() {
        let e = Extent::new(L.to_vec()).unwrap();
        // (lat, lon) = (y, x). Just inside and just outside the bottom edge y = 0, the top of
        // the foot y = 1, the inner edge x = 1 and the inner corner (1, 1).
        for (y, x, want) in [
            (0.5, 2.0, true),
            (1e-9, 2.0, true),
            (-1e-9, 2.0, false),
            (1.0 - 1e-9, 3.0, true),
            (1.0 + 1e-9, 3.0, false),
            (2.0, 1.0 - 1e-9, true),
            (2.0, 1.0 + 1e-9, false),
            (1.0 + 1e-9, 1.0 + 1e-9, false),
            (1.0 - 1e-9, 1.0 - 1e-9, true),
            (2.0, 2.0, false),
            (3.5, 0.5, false),
        ] {
            assert_eq!(e.contains(y, x), want, "({x}, {y})");
            assert_eq!(even_odd(&L, x, y), want, "even-odd ({x}, {y})");
        }
    }

    #[test]
    fn same_answer_as_even_odd_on_a_grid() {
        // Every point of a fine grid over the L's box (offset so none lies on an edge).
        let e = Extent::new(L.to_vec()).unwrap();
        for i in 0..200 {
            for j in 0..200 {
                let (x, y) = (-0.5 + i as f64 * 0.0251, -0.5 + j as f64 * 0.0203);
                assert_eq!(e.contains(y, x), even_odd(&L, x, y), "({x}, {y})");
            }
        }
    }

    #[test]
    fn crossing_or_degenerate_outlines_are_refused() {
        // A bow tie crosses itself; two points are no area.
        let bow = vec![[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0]];
        assert!(Extent::new(bow).unwrap_err().contains("self-intersection"));
        assert!(Extent::new(vec![[0.0, 0.0], [1.0, 1.0]]).is_err());
        assert!(Extent::new(vec![[0.0, 0.0], [1.0, f64::NAN], [1.0, 0.0]]).is_err());
    }
}
