//! Summaries of reach results for people: population within time bands per municipality, the
//! population-weighted distribution of travel times, towns ranked worst first, and the change a
//! what-if hospital brings compared with today's.
//!
//! The travel time of an origin is its **median over the departure window** (the time a
//! traveller leaving at a random minute of the window has or beats half the time); an origin
//! whose median is beyond the time limit (or that has none) counts as not reached. Changes in
//! travel time are taken only over origins reached on both sides; those reached on one side only
//! are counted as gaining or losing access.

use serde::Serialize;

use super::reach::{Origin, OriginReach};

/// Time bands the TFP report uses, minutes.
pub const BANDS_MIN: [u32; 4] = [30, 45, 60, 90];

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BandRow {
    pub area: String,
    pub population: u64,
    /// Population whose median travel time is within 30, 45, 60 and 90 minutes.
    pub within: [u64; 4],
    /// Population not reached within the limit.
    pub not_reached: u64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GroupSummary {
    pub key: String,
    pub label: String,
    pub municipalities: Vec<BandRow>,
    pub county: BandRow,
    /// Share of the population (0–1) with a median travel time within `t` minutes, for
    /// `t = 0, 5, …, limit`.
    pub curve: Vec<(u32, f64)>,
    /// Population-weighted percentiles (10, 25, 50, 75, 90) of the median travel time, minutes;
    /// `None` where it falls on people not reached.
    pub pop_percentiles_min: [Option<f64>; 5],
    pub population_not_reached: u64,
}

/// A town's travel time to a group, for the "worst first" list.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TownRank {
    pub town: String,
    pub population: u32,
    pub median_min: Option<f64>,
    pub min_min: Option<f64>,
    pub share_within_limit: f64,
}

/// Who gains and who loses when a what-if group replaces today's: the change over the county
/// and per municipality.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Comparison {
    pub current: String,
    pub planned: String,
    pub county: AccessChange,
    pub municipalities: Vec<AreaChange>,
}

/// An area's [`AccessChange`].
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct AreaChange {
    pub area: String,
    pub change: AccessChange,
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

/// The change of one destination group between two sides (today and a what-if, or today and a
/// scenario), by each origin's median travel time over the window. An origin is *reached* on a
/// side when that median is within the travel-time limit.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct AccessChange {
    pub population: u64,
    /// Reached within the limit on both sides: the only people the minute changes cover.
    pub reached_both: u64,
    /// Reached before, not after ("nådd förut, inte nu").
    pub lost_access: u64,
    /// Reached after, not before ("nås nu").
    pub new_access: u64,
    /// Reached on neither side.
    pub reached_neither: u64,
    /// Gaining and losing access within 30, 45, 60 and 90 minutes.
    pub bands: Vec<BandChange>,
    /// Among those reached both ways, by change of median travel time: gains more than 15 min,
    /// gains 5–15 min, changes less than 5 min, loses 5–15 min, loses more than 15 min.
    pub gain_over_15: u64,
    pub gain_5_15: u64,
    pub unchanged: u64,
    pub lose_5_15: u64,
    pub lose_over_15: u64,
    /// Population-weighted median of the change in minutes (after − before; negative = faster)
    /// among those reached both ways (nearest rank: the smallest change that half of them have
    /// or beat).
    pub median_change_min: Option<f64>,
    /// Population-weighted mean of the same changes.
    pub mean_change_min: Option<f64>,
}

/// How one origin's median travel time changes: the classes of the change maps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeClass {
    GainOver15,
    Gain5To15,
    Unchanged,
    Lose5To15,
    LoseOver15,
    /// Reached within the limit before, not after.
    LostAccess,
    /// Reached within the limit after, not before.
    NewAccess,
    /// Reached on neither side.
    NotReached,
}

impl ChangeClass {
    /// Every class, in the order of the maps' legends.
    pub const ALL: [ChangeClass; 8] = [
        ChangeClass::GainOver15,
        ChangeClass::Gain5To15,
        ChangeClass::Unchanged,
        ChangeClass::Lose5To15,
        ChangeClass::LoseOver15,
        ChangeClass::NewAccess,
        ChangeClass::LostAccess,
        ChangeClass::NotReached,
    ];

    /// The class of a change from `before` to `after` seconds (`None`: not reached within the
    /// limit): more than 15 min faster, 5–15 min faster, less than 5 min either way, 5–15 min
    /// slower, more than 15 min slower.
    pub fn of(before: Option<u32>, after: Option<u32>) -> ChangeClass {
        match (before, after) {
            (Some(b), Some(a)) => match (a as f64 - b as f64) / 60.0 {
                d if d < -15.0 => ChangeClass::GainOver15,
                d if d <= -5.0 => ChangeClass::Gain5To15,
                d if d < 5.0 => ChangeClass::Unchanged,
                d if d <= 15.0 => ChangeClass::Lose5To15,
                _ => ChangeClass::LoseOver15,
            },
            (Some(_), None) => ChangeClass::LostAccess,
            (None, Some(_)) => ChangeClass::NewAccess,
            (None, None) => ChangeClass::NotReached,
        }
    }

    /// The word in the files (`cells_change.geojson`), e.g. `lost_access`.
    pub fn key(self) -> &'static str {
        match self {
            ChangeClass::GainOver15 => "gain_over_15",
            ChangeClass::Gain5To15 => "gain_5_15",
            ChangeClass::Unchanged => "unchanged",
            ChangeClass::Lose5To15 => "lose_5_15",
            ChangeClass::LoseOver15 => "lose_over_15",
            ChangeClass::LostAccess => "lost_access",
            ChangeClass::NewAccess => "new_access",
            ChangeClass::NotReached => "not_reached",
        }
    }

    /// Position in [`Self::ALL`].
    pub fn index(self) -> u8 {
        ChangeClass::ALL.iter().position(|&c| c == self).unwrap_or(0) as u8
    }
}

/// One side of a comparison: each origin's results and the group's index in them (`None`: this
/// side has no such group, so nobody is reached).
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub results: &'a [OriginReach],
    pub group: Option<usize>,
}

impl Side<'_> {
    fn median(&self, o: usize) -> Option<u32> {
        self.group.and_then(|g| median_secs(&self.results[o], g))
    }
}

/// The change from `before` to `after` over `origins` (in the order of both sides' results).
pub fn access_change(origins: &[Origin], before: Side, after: Side) -> AccessChange {
    access_change_of(origins, before, after, |_| true)
}

fn access_change_of(origins: &[Origin], before: Side, after: Side, keep: impl Fn(&Origin) -> bool) -> AccessChange {
    let mut c = AccessChange {
        population: 0,
        reached_both: 0,
        lost_access: 0,
        new_access: 0,
        reached_neither: 0,
        bands: BANDS_MIN.iter().map(|&minutes| BandChange { minutes, gained: 0, lost: 0 }).collect(),
        gain_over_15: 0,
        gain_5_15: 0,
        unchanged: 0,
        lose_5_15: 0,
        lose_over_15: 0,
        median_change_min: None,
        mean_change_min: None,
    };
    let mut changes: Vec<(f64, u64)> = Vec::new();
    for (i, o) in origins.iter().enumerate().filter(|(_, o)| keep(o)) {
        let pop = o.population as u64;
        let (b, a) = (before.median(i), after.median(i));
        c.population += pop;
        for band in &mut c.bands {
            let within = |t: Option<u32>| t.is_some_and(|t| t <= band.minutes * 60);
            match (within(b), within(a)) {
                (false, true) => band.gained += pop,
                (true, false) => band.lost += pop,
                _ => {}
            }
        }
        let class = ChangeClass::of(b, a);
        *match class {
            ChangeClass::GainOver15 => &mut c.gain_over_15,
            ChangeClass::Gain5To15 => &mut c.gain_5_15,
            ChangeClass::Unchanged => &mut c.unchanged,
            ChangeClass::Lose5To15 => &mut c.lose_5_15,
            ChangeClass::LoseOver15 => &mut c.lose_over_15,
            ChangeClass::LostAccess => &mut c.lost_access,
            ChangeClass::NewAccess => &mut c.new_access,
            ChangeClass::NotReached => &mut c.reached_neither,
        } += pop;
        if let (Some(b), Some(a)) = (b, a) {
            c.reached_both += pop;
            changes.push(((a as f64 - b as f64) / 60.0, pop));
        }
    }
    let n: u64 = changes.iter().map(|x| x.1).sum();
    if n > 0 {
        c.mean_change_min = Some(changes.iter().map(|(d, p)| d * *p as f64).sum::<f64>() / n as f64);
        changes.sort_by(|x, y| x.0.total_cmp(&y.0));
        // Nearest rank over people: the change of the ceil(n / 2)-th person.
        let need = n.div_ceil(2);
        let mut acc = 0;
        c.median_change_min = changes
            .iter()
            .find(|(_, p)| {
                acc += p;
                acc >= need
            })
            .map(|x| x.0);
    }
    c
}

fn median_secs(r: &OriginReach, g: usize) -> Option<u32> {
    r.get(g).and_then(|x| x.stats).and_then(|s| s.median)
}

/// Band rows per municipality and for the county, the curve and percentiles, for group `g`.
pub fn group_summary(
    key: &str,
    label: &str,
    g: usize,
    origins: &[Origin],
    results: &[OriginReach],
    municipality_names: &[String],
    limit_secs: u32,
) -> GroupSummary {
    let mut rows: Vec<BandRow> = municipality_names
        .iter()
        .map(|m| BandRow { area: m.clone(), population: 0, within: [0; 4], not_reached: 0 })
        .collect();
    let mut county = BandRow { area: String::new(), population: 0, within: [0; 4], not_reached: 0 };
    let mut by_time: Vec<(u32, u64)> = Vec::new();
    let mut not_reached = 0u64;
    for (o, r) in origins.iter().zip(results) {
        let pop = o.population as u64;
        let med = median_secs(r, g).filter(|&t| t <= limit_secs);
        for row in [rows.get_mut(o.municipality as usize), Some(&mut county)].into_iter().flatten() {
            row.population += pop;
            row.not_reached += if med.is_none() { pop } else { 0 };
            for (i, b) in BANDS_MIN.iter().enumerate() {
                if med.is_some_and(|t| t <= b * 60) {
                    row.within[i] += pop;
                }
            }
        }
        match med {
            Some(t) => by_time.push((t, pop)),
            None => not_reached += pop,
        }
    }
    by_time.sort_unstable();
    let total = county.population.max(1) as f64;
    let curve = (0..=limit_secs / 60)
        .step_by(5)
        .map(|t| {
            let within: u64 = by_time.iter().take_while(|(s, _)| *s <= t * 60).map(|(_, p)| p).sum();
            (t, within as f64 / total)
        })
        .collect();
    let pct = [0.10, 0.25, 0.50, 0.75, 0.90].map(|q| {
        let need = q * county.population as f64;
        let mut acc = 0.0;
        for (t, p) in &by_time {
            acc += *p as f64;
            if acc >= need && *p > 0 {
                return Some(*t as f64 / 60.0);
            }
        }
        None
    });
    county.area = "Länet".into();
    GroupSummary {
        key: key.into(),
        label: label.into(),
        municipalities: rows,
        county,
        curve,
        pop_percentiles_min: pct,
        population_not_reached: not_reached,
    }
}

/// Towns ordered worst first: those not reached first (the fewest minutes reached within the
/// limit first), then by median travel time descending, then by name.
pub fn towns_worst_first(g: usize, towns: &[Origin], results: &[OriginReach]) -> Vec<TownRank> {
    let mut v: Vec<TownRank> = towns
        .iter()
        .zip(results)
        .map(|(t, r)| TownRank {
            town: t.name.clone(),
            population: t.population,
            median_min: median_secs(r, g).map(|s| s as f64 / 60.0),
            min_min: r.get(g).and_then(|x| x.stats).map(|s| s.min as f64 / 60.0),
            share_within_limit: r.get(g).map_or(0.0, |x| x.share_within_limit),
        })
        .collect();
    v.sort_by(|a, b| {
        let key = |t: &TownRank| t.median_min.unwrap_or(f64::INFINITY);
        key(b)
            .total_cmp(&key(a))
            .then_with(|| a.share_within_limit.total_cmp(&b.share_within_limit))
            .then_with(|| a.town.cmp(&b.town))
    });
    v
}

/// The change from group `current` to group `planned` over the same results (the what-if), for
/// the county and per municipality.
pub fn compare(
    current: (usize, &str),
    planned: (usize, &str),
    origins: &[Origin],
    results: &[OriginReach],
    municipality_names: &[String],
) -> Comparison {
    let before = Side { results, group: Some(current.0) };
    let after = Side { results, group: Some(planned.0) };
    Comparison {
        current: current.1.into(),
        planned: planned.1.into(),
        county: access_change(origins, before, after),
        municipalities: municipality_names
            .iter()
            .enumerate()
            .map(|(m, name)| AreaChange {
                area: name.clone(),
                change: access_change_of(origins, before, after, |o| o.municipality as usize == m),
            })
            .collect(),
    }
}
