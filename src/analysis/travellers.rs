//! Care reach for travellers other than the default walker: in a wheelchair (accessible trips
//! and stops only, unknown access counted as not accessible and, to show the difference, as
//! accessible) and with each named walking profile of the region (e.g. `elderly`). The report
//! shows each beside the default; `reach --wheelchair`/`--walk-profile` run one of them alone.
//!
//! Depends on `feed`, `timetable`, `metrics` and the rest of `analysis`; never on `report` or
//! `cli`. Prints nothing.

use serde::Serialize;

use super::Study;
use super::inputs::dest_groups;
use super::reach::{ReachOptions, ReachRun, run_reach};
use crate::date::Date;
use crate::feed::Feed;
use crate::timetable::{Access, Booking, Timetable};

/// Who travels in one run: how they walk (a region profile) and whether in a wheelchair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Traveller {
    /// `default`, `wheelchair`, `wheelchair_unknown_accessible` or `walk_<profile>`.
    pub key: String,
    pub walk_profile: String,
    pub wheelchair: bool,
    /// With `wheelchair`: unknown access counted as accessible.
    pub unknown_accessible: bool,
}

impl Traveller {
    /// The traveller `access` and walking profile `profile` describe.
    pub fn new(access: Access, profile: &str) -> Traveller {
        let (wheelchair, unknown_accessible) = match access {
            Access::Everyone => (false, false),
            Access::Wheelchair { unknown_accessible } => (true, unknown_accessible),
        };
        let key = match (wheelchair, unknown_accessible, profile) {
            (false, _, "default") => "default".to_string(),
            (false, _, p) => format!("walk_{p}"),
            (true, false, _) => "wheelchair".to_string(),
            (true, true, _) => "wheelchair_unknown_accessible".to_string(),
        };
        Traveller { key, walk_profile: profile.to_string(), wheelchair, unknown_accessible }
    }

    pub fn access(&self) -> Access {
        match self.wheelchair {
            false => Access::Everyone,
            true => Access::Wheelchair { unknown_accessible: self.unknown_accessible },
        }
    }
}

/// The report's headline care reach for one traveller: population shares within 30 min of a
/// vårdcentral and within 60 min of an acute hospital (median over the window, as the
/// headline figures), and the change against the default traveller in percentage points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TravellerReach {
    pub traveller: Traveller,
    pub share_pop_within_30_vardcentral: Option<f64>,
    pub share_pop_within_60_acute_hospital: Option<f64>,
}

/// The travellers the report compares: default, wheelchair (unknown not accessible), wheelchair
/// (unknown accessible), and each walking profile of the region.
pub fn report_travellers(study: &Study) -> Vec<Traveller> {
    let mut v = vec![
        Traveller::new(Access::Everyone, "default"),
        Traveller::new(Access::Wheelchair { unknown_accessible: false }, "default"),
        Traveller::new(Access::Wheelchair { unknown_accessible: true }, "default"),
    ];
    v.extend(study.region.walk_profiles.iter().map(|(n, _)| Traveller::new(Access::Everyone, n)));
    v
}

/// The headline shares of a reach run (`None` for a kind the region lacks).
pub fn headline(t: Traveller, run: &ReachRun, names: &[String]) -> TravellerReach {
    let share = |key: &str, band: usize| {
        let g = run.group(key)?;
        let s = run.summary(g, names);
        (s.county.population > 0).then(|| s.county.within[band] as f64 / s.county.population as f64)
    };
    TravellerReach {
        traveller: t,
        share_pop_within_30_vardcentral: share("vardcentral", 0),
        share_pop_within_60_acute_hospital: share("acute_hospital", 2),
    }
}

/// Care reach (vårdcentral, acute hospital) on `date` for each of `travellers` with the
/// settings of `opts`; the default traveller's figures are taken from `base` (the report's own
/// run) rather than computed again.
pub fn traveller_reach(
    study: &Study,
    feed: &Feed,
    date: Date,
    opts: &ReachOptions,
    travellers: &[Traveller],
    base: &ReachRun,
) -> Vec<TravellerReach> {
    let want = ["vardcentral", "acute_hospital"];
    travellers
        .iter()
        .map(|t| {
            if t.key == "default" {
                return headline(t.clone(), base, &study.names);
            }
            let mut s = study.clone();
            // The names come from the region itself; an unknown one cannot occur here.
            if s.use_walk_profile(&t.walk_profile).is_err() {
                return TravellerReach {
                    traveller: t.clone(),
                    share_pop_within_30_vardcentral: None,
                    share_pop_within_60_acute_hospital: None,
                };
            }
            let tt = Timetable::build_for(feed, date, &s.footpaths(), Booking::Exclude, t.access());
            let groups: Vec<_> = dest_groups(&s.care, &[])
                .unwrap_or_default()
                .into_iter()
                .filter(|g| want.contains(&g.key.as_str()))
                .collect();
            let run = run_reach(&s, &tt, groups, opts.params(&s.region), &|_| {});
            headline(t.clone(), &run, &s.names)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn travellers_are_named_by_what_they_change() {
        let keys = |a, p| Traveller::new(a, p).key;
        assert_eq!(keys(Access::Everyone, "default"), "default");
        assert_eq!(keys(Access::Everyone, "elderly"), "walk_elderly");
        assert_eq!(keys(Access::Wheelchair { unknown_accessible: false }, "default"), "wheelchair");
        assert_eq!(keys(Access::Wheelchair { unknown_accessible: true }, "default"), "wheelchair_unknown_accessible");
        // The access a traveller was made from comes back out.
        for a in [Access::Everyone, Access::Wheelchair { unknown_accessible: true }] {
            assert_eq!(Traveller::new(a, "default").access(), a);
        }
        // Unknown (0) admitted only when asked; 2 never, 1 always.
        let strict = Access::Wheelchair { unknown_accessible: false };
        assert_eq!([0, 1, 2].map(|c| strict.admits(c)), [false, true, false]);
        assert_eq!([0, 1, 2].map(|c| Access::Everyone.admits(c)), [true, true, true]);
    }
}
