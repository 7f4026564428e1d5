//! Restidskvot before and after for `compare`: per destination group both sides have, the
//! population in each band (≤ 1.5, 1.5–2, > 2, no public transport within the limit) per
//! municipality and for the county, with the change in people. Depends on the bands of
//! `metrics::restidskvot` only.

use serde::Serialize;

use crate::metrics::restidskvot::{BandShares, RatioSummary};

/// The band names, in order, as in `compare.json` and the CSV.
pub const BANDS: [&str; 4] = ["le_1_5", "1_5_to_2", "over_2", "no_transit_within_limit"];

/// One band in one area: people before and after, the change, and the shares (percent, one
/// decimal; `None` without inhabitants).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BandChange {
    pub band: String,
    pub before: u64,
    pub after: u64,
    pub difference: i64,
    pub share_before_pct: Option<f64>,
    pub share_after_pct: Option<f64>,
}

/// One area (a municipality or the county) for one destination group.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct AreaBandChange {
    pub group: String,
    pub area: String,
    /// The inhabitants counted (the same grid on both sides, so the same number).
    pub population: u64,
    pub bands: Vec<BandChange>,
}

impl AreaBandChange {
    /// No one changed band.
    pub fn unchanged(&self) -> bool {
        self.bands.iter().all(|b| b.difference == 0)
    }
}

fn people(s: &BandShares) -> [u64; 4] {
    [s.le_1_5, s.from_1_5_to_2, s.over_2, s.no_transit_within_limit]
}

fn area(group: &str, b: &BandShares, a: &BandShares) -> AreaBandChange {
    let pct =
        |x: u64, s: &BandShares| (s.population > 0).then(|| (x as f64 * 1000.0 / s.population as f64).round() / 10.0);
    let (pb, pa) = (people(b), people(a));
    AreaBandChange {
        group: group.into(),
        area: a.area.clone(),
        population: a.population,
        bands: (0..4)
            .map(|i| BandChange {
                band: BANDS[i].into(),
                before: pb[i],
                after: pa[i],
                difference: pa[i] as i64 - pb[i] as i64,
                share_before_pct: pct(pb[i], b),
                share_after_pct: pct(pa[i], a),
            })
            .collect(),
    }
}

/// Per group both sides have (in the before side's order): its municipalities (matched by name)
/// and then the county.
pub fn band_changes(before: &[RatioSummary], after: &[RatioSummary]) -> Vec<AreaBandChange> {
    let mut out = Vec::new();
    for gb in before {
        let Some(ga) = after.iter().find(|g| g.key == gb.key) else { continue };
        for mb in &gb.municipalities {
            if let Some(ma) = ga.municipalities.iter().find(|m| m.area == mb.area) {
                out.push(area(&gb.key, mb, ma));
            }
        }
        out.push(area(&gb.key, &gb.county, &ga.county));
    }
    out
}

/// The changes as a table: group, area, population, and per band people before, after and
/// the difference (`restidskvot_change.csv`).
pub fn table(changes: &[AreaBandChange]) -> crate::export::Table {
    use crate::export::{Field, Table};
    let mut cols: Vec<String> = ["group", "area", "population"].map(String::from).to_vec();
    for b in BANDS {
        cols.extend([format!("{b}_before"), format!("{b}_after"), format!("{b}_diff")]);
    }
    let mut t = Table::new(&cols);
    for c in changes {
        let mut row = vec![Field::Text(c.group.clone()), Field::Text(c.area.clone()), Field::Int(c.population as i64)];
        for b in &c.bands {
            row.extend([Field::Int(b.before as i64), Field::Int(b.after as i64), Field::Int(b.difference)]);
        }
        t.push(row);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shares(area: &str, bands: [u64; 4]) -> BandShares {
        BandShares {
            area: area.into(),
            population: bands.iter().sum(),
            le_1_5: bands[0],
            from_1_5_to_2: bands[1],
            over_2: bands[2],
            no_transit_within_limit: bands[3],
            ..Default::default()
        }
    }

    fn summary(key: &str, munis: Vec<BandShares>, county: BandShares) -> RatioSummary {
        RatioSummary { key: key.into(), label: key.into(), municipalities: munis, county }
    }

    #[test]
    fn band_changes_by_hand() {
        // Before: Ett 100/50/30/20 (200 people), Två 0/0/10/90 (100). A new line moves Ett's 30
        // "> 2" people and 10 of its "no PT" people to ≤ 1.5, and 60 of Två's "no PT" to 1.5–2.
        // After: Ett 140/50/0/10, Två 0/60/10/30; county before 100/50/40/110, after 140/110/10/40.
        let before = [summary(
            "vardcentral",
            vec![shares("Ett", [100, 50, 30, 20]), shares("Två", [0, 0, 10, 90])],
            shares("county", [100, 50, 40, 110]),
        )];
        let after = [
            summary(
                "vardcentral",
                vec![shares("Ett", [140, 50, 0, 10]), shares("Två", [0, 60, 10, 30])],
                shares("county", [140, 110, 10, 40]),
            ),
            // A group only the after side has: not compared.
            summary("planned_hospital", vec![], shares("county", [1, 0, 0, 0])),
        ];
        let c = band_changes(&before, &after);
        assert_eq!(c.iter().map(|a| a.area.as_str()).collect::<Vec<_>>(), vec!["Ett", "Två", "county"]);
        let diffs = |a: &AreaBandChange| a.bands.iter().map(|b| b.difference).collect::<Vec<_>>();
        // Ett: +40 ≤ 1.5, 0, −30 > 2, −10 no PT (sums to 0: the same people).
        assert_eq!(diffs(&c[0]), vec![40, 0, -30, -10]);
        assert_eq!(diffs(&c[1]), vec![0, 60, 0, -60]);
        // County: +40, +60, −30, −70.
        assert_eq!(diffs(&c[2]), vec![40, 60, -30, -70]);
        // Shares: Ett ≤ 1.5 100/200 = 50.0 % → 140/200 = 70.0 %; county no PT 110/300 = 36.7 %
        // → 40/300 = 13.3 %.
        assert_eq!((c[0].bands[0].share_before_pct, c[0].bands[0].share_after_pct), (Some(50.0), Some(70.0)));
        assert_eq!((c[2].bands[3].share_before_pct, c[2].bands[3].share_after_pct), (Some(36.7), Some(13.3)));
        assert_eq!(c[2].population, 300);
        assert!(!c[0].unchanged());
        let same = band_changes(&before, &before);
        assert!(same.iter().all(AreaBandChange::unchanged));
        let t = table(&c);
        assert_eq!(t.rows.len(), 3);
    }
}
