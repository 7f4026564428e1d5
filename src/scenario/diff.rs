//! Before/after differences of the reach metrics, cell by cell: the median travel time per
//! destination group and its change class. The population sums ([`access_change`]) live with
//! the reach summaries. Groups are matched by key; a group only one side has counts as
//! unreachable on the other.

use serde::Serialize;

use crate::metrics::reach::OriginReach;
pub use crate::metrics::reach_summary::{AccessChange, BandChange, ChangeClass, Side, access_change};

/// The median travel time in seconds of group `g` for one origin (`None`: not reached within
/// the limit, or no such group).
pub fn median_secs(r: &OriginReach, g: Option<usize>) -> Option<u32> {
    r.get(g?)?.stats?.median
}

/// The median travel time in minutes (one decimal) of group `g` for one origin.
pub fn median_min(r: &OriginReach, g: Option<usize>) -> Option<f64> {
    median_secs(r, g).map(|s| (s as f64 / 60.0 * 10.0).round() / 10.0)
}

/// One origin's median travel time before and after, in minutes with one decimal.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CellChange {
    pub before_min: Option<f64>,
    pub after_min: Option<f64>,
    /// After − before; `None` unless reached within the limit on both sides.
    pub diff_min: Option<f64>,
    pub class: ChangeClass,
}

/// Per origin: median minutes before, after, the difference and its class.
pub fn median_changes(
    before: &[OriginReach],
    gb: Option<usize>,
    after: &[OriginReach],
    ga: Option<usize>,
) -> Vec<CellChange> {
    before
        .iter()
        .zip(after)
        .map(|(b, a)| {
            let (x, y) = (median_min(b, gb), median_min(a, ga));
            CellChange {
                before_min: x,
                after_min: y,
                diff_min: x.zip(y).map(|(x, y)| ((y - x) * 10.0).round() / 10.0),
                class: ChangeClass::of(median_secs(b, gb), median_secs(a, ga)),
            }
        })
        .collect()
}
