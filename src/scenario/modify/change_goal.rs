//! `change_goal`: a goal of a strategic node (`town`) or of a municipality (`kommunkod`); the
//! fields given replace the region's values, the others stay.

use serde::Deserialize;

use super::Cx;
use crate::region::{MunicipalityGoal, NodeGoal, Region};
use crate::scenario::ScenarioError;
use crate::text::suggest;

/// A goal of a strategic node (`town`) or of a municipality (`kommunkod`); the fields given
/// replace the region's values.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeGoal {
    pub town: Option<String>,
    pub kommunkod: Option<String>,
    pub min_weekday_departures_to_core: Option<u32>,
    pub max_minutes_to_core: Option<u32>,
    pub max_minutes_to_acute_hospital: Option<u32>,
    pub min_share_basic_service: Option<f64>,
    /// Removed with the region key of the same name (it was never evaluated); refused with a
    /// reason rather than as an unknown key.
    pub max_minutes_seat_to_core: Option<u32>,
}

/// Whose goal changes, and where its goal row is today (`None`: a row is added).
#[derive(Debug, Clone)]
enum Target {
    Town { name: String, row: Option<usize> },
    Municipality { kommunkod: String, row: Option<usize> },
}

/// The checked change and the goal row it edits.
#[derive(Debug, Clone)]
pub struct ChangeGoalPlan {
    target: Target,
    change: ChangeGoal,
}

impl ChangeGoal {
    pub(super) fn resolve(&self, cx: &Cx, region: &Region) -> Result<ChangeGoalPlan, ScenarioError> {
        let node_fields = self.min_weekday_departures_to_core.is_some()
            || self.max_minutes_to_core.is_some()
            || self.max_minutes_to_acute_hospital.is_some();
        if self.max_minutes_seat_to_core.is_some() {
            return Err(cx.err(
                "max_minutes_seat_to_core",
                "this goal was removed: narhet never evaluated it (see the region file's [[goals.municipality]]); delete this line",
            ));
        }
        let mun_fields = self.min_share_basic_service.is_some();
        let target = match (&self.town, &self.kommunkod) {
            (Some(t), None) => {
                if region.town(t).is_none() {
                    let names: Vec<&str> = region.towns.iter().map(|x| x.name.as_str()).collect();
                    return Err(cx.err("town", format!("unknown town '{t}'{}", suggest(t, &names))));
                }
                if mun_fields {
                    return Err(cx.err("town", "min_share_basic_service is a municipality goal (give kommunkod)"));
                }
                if !node_fields {
                    return Err(cx.err("town", "no goal given (min_weekday_departures_to_core, max_minutes_to_core, max_minutes_to_acute_hospital)"));
                }
                let row = region.goals.node.iter().position(|g| g.town.as_deref() == Some(t));
                Target::Town { name: t.clone(), row }
            }
            (None, Some(k)) => {
                if region.municipality(k).is_none() {
                    let codes: Vec<&str> = region.municipalities.iter().map(|m| m.kommunkod.as_str()).collect();
                    return Err(cx.err("kommunkod", format!("unknown kommunkod '{k}'{}", suggest(k, &codes))));
                }
                if node_fields {
                    return Err(
                        cx.err("kommunkod", "departure and minute goals to the core belong to a town (give town)")
                    );
                }
                if !mun_fields {
                    return Err(cx.err("kommunkod", "no goal given (min_share_basic_service)"));
                }
                if let Some(s) = self.min_share_basic_service
                    && !(0.0..=1.0).contains(&s)
                {
                    return Err(cx.err("min_share_basic_service", "a share between 0 and 1"));
                }
                let row = region.goals.municipality.iter().position(|g| &g.kommunkod == k);
                Target::Municipality { kommunkod: k.clone(), row }
            }
            _ => return Err(cx.err("town", "give exactly one of town and kommunkod")),
        };
        Ok(ChangeGoalPlan { target, change: self.clone() })
    }
}

impl ChangeGoalPlan {
    pub(super) fn apply(self, region: &mut Region) {
        let c = self.change;
        match self.target {
            Target::Town { name, row } => {
                let goals = &mut region.goals.node;
                let i = row.unwrap_or_else(|| {
                    goals.push(NodeGoal { town: Some(name), ..Default::default() });
                    goals.len() - 1
                });
                let g = &mut goals[i];
                g.min_weekday_departures_to_core =
                    c.min_weekday_departures_to_core.or(g.min_weekday_departures_to_core);
                g.max_minutes_to_core = c.max_minutes_to_core.or(g.max_minutes_to_core);
                g.max_minutes_to_acute_hospital = c.max_minutes_to_acute_hospital.or(g.max_minutes_to_acute_hospital);
            }
            Target::Municipality { kommunkod, row } => {
                let goals = &mut region.goals.municipality;
                let i = row.unwrap_or_else(|| {
                    goals.push(MunicipalityGoal { kommunkod, ..Default::default() });
                    goals.len() - 1
                });
                let g = &mut goals[i];
                g.min_share_basic_service = c.min_share_basic_service.or(g.min_share_basic_service);
            }
        }
    }
}
