//! Statistics of travel times over a departure window: min, p25, median, p75 and max by nearest
//! rank, as Conveyal R5 takes them. Depends on nothing but the router's "unreached" value.

use super::UNREACHED;

/// Travel-time statistics over a window. Unreachable minutes count as infinitely long, so a
/// percentile that falls on them is `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowStats {
    pub min: u32,
    pub p25: Option<u32>,
    pub median: Option<u32>,
    pub p75: Option<u32>,
    pub max: Option<u32>,
    /// Departures of the window that reach the target.
    pub reachable: usize,
}

impl WindowStats {
    /// Percentiles by nearest rank, as Conveyal R5 takes them (`TravelTimeReducer`): percentile
    /// `p` of `n` sorted times is the one at 0-based index `ceil(p × n) − 1`, a time that occurs
    /// (no interpolation). The median of an even count is the lower middle; of 120 minutes, the
    /// 60th fastest. Unreached minutes sort last.
    pub fn of(times: &[Option<u32>]) -> Option<WindowStats> {
        let mut v: Vec<u32> = times.iter().map(|t| t.unwrap_or(UNREACHED)).collect();
        v.sort_unstable();
        let first = *v.first()?;
        if first == UNREACHED {
            return None;
        }
        let at = |num: usize, den: usize| {
            let x = v[nearest_rank(v.len(), num, den)];
            (x != UNREACHED).then_some(x)
        };
        Some(WindowStats {
            min: first,
            p25: at(1, 4),
            median: at(1, 2),
            p75: at(3, 4),
            max: at(1, 1),
            reachable: v.iter().filter(|&&x| x != UNREACHED).count(),
        })
    }
}

/// The 0-based index of percentile `num / den` among `n ≥ 1` sorted values by nearest rank:
/// `ceil(num × n / den) − 1`, in integers (no rounding of `0.25 × n` in floating point).
pub fn nearest_rank(n: usize, num: usize, den: usize) -> usize {
    (num * n).div_ceil(den).saturating_sub(1).min(n.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_stats_count_unreachable_minutes_as_infinite() {
        // Sorted: 300, 600, 900, ∞ (n = 4). Nearest rank ceil(p × 4) − 1: p25 → 0 → 300,
        // median → 1 → 600 (the lower middle of an even count), p75 → 2 → 900, max → 3 → ∞.
        let s = WindowStats::of(&[Some(600), None, Some(300), Some(900)]).expect("reachable");
        assert_eq!(
            s,
            WindowStats { min: 300, p25: Some(300), median: Some(600), p75: Some(900), max: None, reachable: 3 }
        );
        assert_eq!(WindowStats::of(&[None, None]), None);
        assert_eq!(WindowStats::of(&[]), None);
        // One value: every statistic is that value.
        let one = WindowStats::of(&[Some(60)]).expect("one");
        assert_eq!((one.min, one.median, one.max), (60, Some(60), Some(60)));
    }

    #[test]
    fn percentiles_are_r5_nearest_ranks_on_an_even_window() {
        // A 120-minute window [07:00, 09:00) has 120 departure minutes; travel times 1..=120
        // minutes in some order. R5's index ceil(p × 120) − 1: p25 → 29 (30 min), median → 59
        // (60 min), p75 → 89 (90 min), max → 119 (120 min). The old rule round(p × 119) gave
        // 30 → 31 min, 60 → 61 min (59.5 rounds up) and 89 → 90 min.
        let times: Vec<Option<u32>> = (1..=120u32).rev().map(|m| Some(m * 60)).collect();
        let s = WindowStats::of(&times).expect("reached");
        assert_eq!((s.min, s.p25, s.median, s.p75, s.max), (60, Some(1800), Some(3600), Some(5400), Some(7200)));
        // Indices by hand for small n: n = 2 → median index ceil(1) − 1 = 0; n = 3 → ceil(1.5) − 1
        // = 1; n = 5, p25 → ceil(1.25) − 1 = 1; p75 → ceil(3.75) − 1 = 3.
        assert_eq!(
            (nearest_rank(2, 1, 2), nearest_rank(3, 1, 2), nearest_rank(5, 1, 4), nearest_rank(5, 3, 4)),
            (0, 1, 1, 3)
        );
        assert_eq!((nearest_rank(1, 1, 4), nearest_rank(4, 1, 1)), (0, 3));
    }
}
