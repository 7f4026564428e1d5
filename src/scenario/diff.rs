//! Before/after differences of the reach metrics, cell by cell: the median travel time per
//! destination group and the population gaining or losing access within each time band.
//! Groups are matched by key; a group only one side has counts as unreachable on the other.

use serde::Serialize;

use crate::metrics::reach::{Origin, OriginReach};
use crate::metrics::reach_summary::BANDS_MIN;

/// The median travel time in minutes (one decimal) of group `g` for one origin.
pub fn median_min(r: &OriginReach, g: Option<usize>) -> Option<f64> {
    let s = r.get(g?)?.stats?.median?;
    Some((s as f64 / 60.0 * 10.0).round() / 10.0)
}

/// Population gaining and losing access within one time band.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct BandChange {
    pub minutes: u32,
    /// Median travel time beyond the band (or not reached) before, within it after.
    pub gained: u64,
    /// Within the band before, beyond it (or not reached) after.
    pub lost: u64,
}

/// For group `gb` before and `ga` after (`None`: the side lacks the group), per band of
/// [`BANDS_MIN`]: the population gaining and losing access. `origins`, `before` and `after` are
/// in the same order.
pub fn access_change(
    origins: &[Origin],
    before: &[OriginReach],
    gb: Option<usize>,
    after: &[OriginReach],
    ga: Option<usize>,
) -> Vec<BandChange> {
    BANDS_MIN
        .iter()
        .map(|&band| {
            let limit = band * 60;
            let within = |r: &OriginReach, g: Option<usize>| {
                g.and_then(|g| r.get(g)).and_then(|x| x.stats).and_then(|s| s.median).is_some_and(|m| m <= limit)
            };
            let mut c = BandChange { minutes: band, gained: 0, lost: 0 };
            for ((o, b), a) in origins.iter().zip(before).zip(after) {
                match (within(b, gb), within(a, ga)) {
                    (false, true) => c.gained += o.population as u64,
                    (true, false) => c.lost += o.population as u64,
                    _ => {}
                }
            }
            c
        })
        .collect()
}

/// Per origin: median minutes before, after and the difference (after − before; `None` when
/// either side does not reach the group).
pub fn median_changes(
    before: &[OriginReach],
    gb: Option<usize>,
    after: &[OriginReach],
    ga: Option<usize>,
) -> Vec<(Option<f64>, Option<f64>, Option<f64>)> {
    before
        .iter()
        .zip(after)
        .map(|(b, a)| {
            let (x, y) = (median_min(b, gb), median_min(a, ga));
            let d = x.zip(y).map(|(x, y)| ((y - x) * 10.0).round() / 10.0);
            (x, y, d)
        })
        .collect()
}
