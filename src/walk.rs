//! The walking model: a straight line on SWEREF 99 TM, lengthened by a detour factor, walked at a
//! constant speed. One [`Walk`] is validated once (from the region file or the command line) and
//! every walk of a run — between stops, from a home to a stop, from a stop to a care node — takes
//! its time from [`Walk::secs`]. A street network (the analysis layer's, from OpenStreetMap) can
//! stand in for the straight line through [`WalkPaths`]: the metrics ask it for path lengths and
//! walk them at the model's speed ([`Walk::path_secs`]). Depends on `spatial` only.

use std::fmt;

use crate::spatial::Xy;

/// A validated walking model: `secs(d) = ⌈d × detour / speed⌉`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Walk {
    speed_mps: f64,
    detour: f64,
}

/// A walking setting outside its range.
#[derive(Clone, Debug, PartialEq)]
pub struct WalkError {
    /// The setting: `speed_mps` or `detour_factor`.
    pub key: &'static str,
    pub message: String,
}

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

impl std::error::Error for WalkError {}

impl Walk {
    /// Walking speeds people have: from a slow walk with a frame (0.3 m/s) to a brisk 3 m/s.
    pub const SPEED_RANGE: std::ops::RangeInclusive<f64> = 0.3..=3.0;
    /// A path is never shorter than the straight line, and rarely three times longer.
    pub const DETOUR_RANGE: std::ops::RangeInclusive<f64> = 1.0..=3.0;

    /// 1.3 m/s (4.7 km/h) and a detour of 1.3: the shipped region's setting.
    pub const DEFAULT: Walk = Walk { speed_mps: 1.3, detour: 1.3 };

    /// A walking model, if both settings lie in their ranges ([`Walk::SPEED_RANGE`],
    /// [`Walk::DETOUR_RANGE`]).
    pub fn new(speed_mps: f64, detour: f64) -> Result<Walk, WalkError> {
        if !Self::SPEED_RANGE.contains(&speed_mps) {
            return Err(WalkError {
                key: "speed_mps",
                message: format!(
                    "{speed_mps} m/s is not a walking speed; give a value from {} to {}",
                    Self::SPEED_RANGE.start(),
                    Self::SPEED_RANGE.end()
                ),
            });
        }
        if !Self::DETOUR_RANGE.contains(&detour) {
            return Err(WalkError {
                key: "detour_factor",
                message: format!(
                    "{detour} is not a detour factor; give a value from {} to {} (path length ÷ straight line)",
                    Self::DETOUR_RANGE.start(),
                    Self::DETOUR_RANGE.end()
                ),
            });
        }
        Ok(Walk { speed_mps, detour })
    }

    pub fn speed_mps(&self) -> f64 {
        self.speed_mps
    }

    pub fn detour(&self) -> f64 {
        self.detour
    }

    /// Seconds to walk a straight-line distance, rounded up to a whole second.
    pub fn secs(&self, straight_m: f64) -> u32 {
        let s = (straight_m.max(0.0) * self.detour / self.speed_mps).ceil();
        if s >= u32::MAX as f64 { u32::MAX } else { s as u32 }
    }

    /// Seconds to walk a path of `path_m` metres (already the length walked: the straight line ×
    /// the detour, or a street network's path), rounded up to a whole second. For the straight
    /// line, `path_secs(d × detour) == secs(d)` exactly (the same operations in the same order).
    pub fn path_secs(&self, path_m: f64) -> u32 {
        let s = (path_m.max(0.0) / self.speed_mps).ceil();
        if s >= u32::MAX as f64 { u32::MAX } else { s as u32 }
    }

    /// The longest straight-line distance walked within `secs`.
    pub fn reach_m(&self, secs: u32) -> f64 {
        secs as f64 * self.speed_mps / self.detour
    }
}

/// Where walking paths come from: the straight line × detour ([`Walk`] itself), or a street
/// network (built by the analysis from OpenStreetMap). Metrics take `&dyn WalkPaths` and never
/// know which.
pub trait WalkPaths: Sync + Send {
    /// The length walked (metres) from `from` to each of `to`, in order; `None` where it would be
    /// longer than `max_m` or the points are not connected. A path is never shorter than the
    /// straight line, so callers may leave out points farther than `max_m` in a straight line.
    fn paths_m(&self, from: Xy, to: &[Xy], max_m: f64) -> Vec<Option<f64>>;

    /// `true` for a street network, `false` for the straight line.
    fn on_network(&self) -> bool;
}

impl WalkPaths for Walk {
    /// The straight line × the detour factor.
    fn paths_m(&self, from: Xy, to: &[Xy], max_m: f64) -> Vec<Option<f64>> {
        to.iter().map(|&t| Some(from.dist(t).max(0.0) * self.detour).filter(|&m| m <= max_m)).collect()
    }

    fn on_network(&self) -> bool {
        false
    }
}

impl Default for Walk {
    fn default() -> Self {
        Walk::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_round_up() {
        let w = Walk::DEFAULT;
        // 500 m × 1.3 / 1.3 m/s = 500 s exactly; 501 m → 501 s; 0.1 m → 1 s.
        assert_eq!(w.secs(500.0), 500);
        assert_eq!(w.secs(0.1), 1);
        assert_eq!(w.secs(0.0), 0);
        // 1 000 m × 1.2 / 1.5 m/s = 800 s.
        assert_eq!(Walk::new(1.5, 1.2).unwrap().secs(1000.0), 800);
        assert!((w.reach_m(500) - 500.0).abs() < 1e-9);
        // The straight line as a path: 1 000 m × 1.3 = 1 300 m, walked in 1 000 s, the same
        // seconds as secs(1 000); beyond max_m none.
        let (a, b) = (Xy { x: 0.0, y: 0.0 }, Xy { x: 1000.0, y: 0.0 });
        let m = w.paths_m(a, &[b, a], 1500.0);
        assert_eq!(m, vec![Some(1300.0), Some(0.0)]);
        assert_eq!(w.path_secs(1300.0), w.secs(1000.0));
        assert_eq!(w.paths_m(a, &[b], 1000.0), vec![None]);
    }

    #[test]
    fn settings_out_of_range_are_refused() {
        assert_eq!(Walk::new(-1.3, 1.3).unwrap_err().key, "speed_mps");
        assert_eq!(Walk::new(0.0, 1.3).unwrap_err().key, "speed_mps");
        assert_eq!(Walk::new(f64::NAN, 1.3).unwrap_err().key, "speed_mps");
        assert_eq!(Walk::new(1.3, 0.0).unwrap_err().key, "detour_factor");
        assert_eq!(Walk::new(1.3, 0.9).unwrap_err().key, "detour_factor");
        assert!(Walk::new(0.8, 1.0).is_ok());
    }
}
