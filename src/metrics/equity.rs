//! Dispersion of travel time to care over the population ("lika villkor oavsett bostadsort"):
//! per area the Gini coefficient and the Palma ratio of the population-weighted distribution of
//! travel times, and the shares beyond 60 and 90 minutes.
//!
//! Definitions. Each origin's travel time is its median over the departure window (as every
//! reach figure). An origin **not reached** within the limit is counted **at the limit** for
//! Gini and Palma (a lower bound of its true time: the dispersion is then, if anything,
//! understated) and beyond 60 and 90 minutes. Gini = Σᵢ Σⱼ wᵢ wⱼ |xᵢ − xⱼ| / (2 W² μ) with
//! weights w (people), W their sum and μ the weighted mean; 0 when everyone has the same time.
//! Palma = the travel time summed over the 10 % of people with the longest times ÷ the sum over
//! the 40 % with the shortest (people split at the boundaries); `None` when that is 0.
//!
//! Reads only reach results and origins; never the feed, the region or the report.

use serde::Serialize;

use super::reach::{Origin, OriginReach};

/// One area's dispersion of travel time to a destination group.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Dispersion {
    pub area: String,
    pub population: u64,
    pub gini: Option<f64>,
    pub palma: Option<f64>,
    /// Share of the population with a travel time over 60 (over 90) minutes or not reached.
    pub share_beyond_60: Option<f64>,
    pub share_beyond_90: Option<f64>,
    pub not_reached: u64,
}

/// Gini of `(value, weight)` pairs; `None` without people or when every value is 0.
pub fn gini(values: &[(f64, u64)]) -> Option<f64> {
    let mut v: Vec<(f64, u64)> = values.iter().copied().filter(|&(_, w)| w > 0).collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let w_total: f64 = v.iter().map(|&(_, w)| w as f64).sum();
    let s_total: f64 = v.iter().map(|&(x, w)| x * w as f64).sum();
    if w_total == 0.0 || s_total <= 0.0 {
        return None;
    }
    // Half the double sum: each pair once, the larger value minus the smaller.
    let (mut w_below, mut s_below, mut half) = (0.0, 0.0, 0.0);
    for &(x, w) in &v {
        let w = w as f64;
        half += w * (x * w_below - s_below);
        w_below += w;
        s_below += x * w;
    }
    Some(half / (w_total * s_total))
}

/// Palma ratio of `(value, weight)` pairs (see the module doc); `None` without people or when
/// the bottom 40 % sum to 0.
pub fn palma(values: &[(f64, u64)]) -> Option<f64> {
    let mut v: Vec<(f64, u64)> = values.iter().copied().filter(|&(_, w)| w > 0).collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let w_total: f64 = v.iter().map(|&(_, w)| w as f64).sum();
    // The value summed over the people between ranks `lo` and `hi` (people, from the shortest).
    let sum_between = |lo: f64, hi: f64| {
        let (mut at, mut s) = (0.0, 0.0);
        for &(x, w) in &v {
            let (a, b) = (at, at + w as f64);
            s += x * (b.min(hi) - a.max(lo)).max(0.0);
            at = b;
        }
        s
    };
    let bottom = sum_between(0.0, 0.4 * w_total);
    let top = sum_between(0.9 * w_total, w_total);
    (w_total > 0.0 && bottom > 0.0).then(|| top / bottom)
}

/// The dispersion of `(minutes or None for not reached, people)` in one area; not reached
/// counts at `limit_min`.
pub fn dispersion(area: &str, times: &[(Option<f64>, u64)], limit_min: f64) -> Dispersion {
    let at_limit: Vec<(f64, u64)> = times.iter().map(|&(t, w)| (t.unwrap_or(limit_min), w)).collect();
    let population: u64 = times.iter().map(|&(_, w)| w).sum();
    let beyond = |m: f64| {
        let n: u64 = times.iter().filter(|&&(t, _)| t.is_none_or(|t| t > m)).map(|&(_, w)| w).sum();
        (population > 0).then(|| n as f64 / population as f64)
    };
    Dispersion {
        area: area.to_string(),
        population,
        gini: gini(&at_limit),
        palma: palma(&at_limit),
        share_beyond_60: beyond(60.0),
        share_beyond_90: beyond(90.0),
        not_reached: times.iter().filter(|&&(t, _)| t.is_none()).map(|&(_, w)| w).sum(),
    }
}

/// Per municipality (in `names` order) and for the county (last), the dispersion of the median
/// travel time to group `g` over `origins`; a median over `limit_secs` is not reached.
pub fn equity_by_area(
    g: usize,
    origins: &[Origin],
    results: &[OriginReach],
    names: &[String],
    limit_secs: u32,
    county: &str,
) -> Vec<Dispersion> {
    let mut per: Vec<Vec<(Option<f64>, u64)>> = vec![Vec::new(); names.len()];
    let mut all = Vec::new();
    for (o, r) in origins.iter().zip(results) {
        let med = r.get(g).and_then(|x| x.stats).and_then(|s| s.median).filter(|&t| t <= limit_secs);
        let item = (med.map(|t| t as f64 / 60.0), o.population as u64);
        if let Some(v) = per.get_mut(o.municipality as usize) {
            v.push(item);
        }
        all.push(item);
    }
    let limit = limit_secs as f64 / 60.0;
    let mut out: Vec<Dispersion> = names.iter().zip(&per).map(|(n, v)| dispersion(n, v, limit)).collect();
    out.push(dispersion(county, &all, limit));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ten people: 4 at 10 min, 3 at 20, 2 at 30, 1 at 90.
    const TEN: [(f64, u64); 4] = [(30.0, 2), (10.0, 4), (90.0, 1), (20.0, 3)];

    #[test]
    fn gini_equals_the_hand_worked_value() {
        // Sorted, each value times the people below it minus their sum, times its people:
        // 10: 0; 20: 3·(20·4 − 40) = 120; 30: 2·(30·7 − 100) = 220; 90: 1·(90·9 − 160) = 650.
        // Half the double sum 990; W = 10, total 250 (μ = 25): 990 / (10 · 250) = 0.396.
        // (Direct: 2 · 990 / (2 · 10² · 25) = 1980 / 5000.)
        assert!((gini(&TEN).unwrap() - 0.396).abs() < 1e-12);
        // Everyone equal: 0. Nobody: none.
        assert_eq!(gini(&[(42.0, 7), (42.0, 3)]), Some(0.0));
        assert_eq!(gini(&[]), None);
        // Two people, 0 and 10: |0 − 10| · 2 / (2 · 4 · 5) = 0.5.
        assert_eq!(gini(&[(0.0, 1), (10.0, 1)]), Some(0.5));
    }

    #[test]
    fn palma_equals_the_hand_worked_value() {
        // Bottom 40 % = the 4 people at 10 min: 40. Top 10 % = the 1 person at 90: 90.
        // 90 / 40 = 2.25.
        assert!((palma(&TEN).unwrap() - 2.25).abs() < 1e-12);
        // 5 people at 10 and 5 at 30 (W = 10): bottom 40 % = ranks 0–4, 4 × 10 = 40; top 10 % =
        // ranks 9–10, 1 × 30 = 30. 30 / 40 = 0.75.
        assert!((palma(&[(10.0, 5), (30.0, 5)]).unwrap() - 0.75).abs() < 1e-12);
        // 4 people at 5 min and 1 at 20 (W = 5): bottom 40 % = ranks 0–2, 2 × 5 = 10; top 10 % =
        // ranks 4.5–5, half a person at 20 = 10. 10 / 10 = 1.0 (people split at the boundary).
        assert!((palma(&[(5.0, 4), (20.0, 1)]).unwrap() - 1.0).abs() < 1e-12);
        // Bottom 40 % at 0 min: none.
        assert_eq!(palma(&[(0.0, 5), (30.0, 5)]), None);
    }

    #[test]
    fn not_reached_counts_at_the_limit_and_beyond_both_bands() {
        // 4 at 10, 3 at 20, 2 at 61 (beyond 60 only), 1 not reached (counted at the limit, 90).
        let d = dispersion("A", &[(Some(10.0), 4), (Some(20.0), 3), (Some(61.0), 2), (None, 1)], 90.0);
        assert_eq!((d.population, d.not_reached), (10, 1));
        assert_eq!((d.share_beyond_60, d.share_beyond_90), (Some(0.3), Some(0.1)));
        // Not reached at the limit 90: same as TEN's 90-minute person → Palma 90 / 40.
        assert!((d.palma.unwrap() - 2.25).abs() < 1e-12);
        // Gini with 61 for 30: 10: 0; 20: 120; 61: 2·(61·7 − 100) = 654; 90: 1·(90·9 − 222) = 588.
        // 1362 / (10 · (40 + 60 + 122 + 90 = 312)) = 1362 / 3120.
        assert!((d.gini.unwrap() - 1362.0 / 3120.0).abs() < 1e-12);
    }
}
