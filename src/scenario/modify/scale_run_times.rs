//! `scale_run_times`: multiplies each trip's times on a route relative to its first departure
//! (rounded to the second); departures from the first stop do not move.

use serde::Deserialize;

use super::{Cx, route_index};
use crate::feed::Feed;
use crate::scenario::ScenarioError;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleRunTimes {
    pub route: String,
    pub factor: f64,
}

/// The route (an index into the feed's routes) and a factor above 0.
#[derive(Debug, Clone)]
pub struct ScaleRunTimesPlan {
    route: u32,
    factor: f64,
}

impl ScaleRunTimes {
    pub(super) fn resolve(&self, cx: &Cx, feed: &Feed) -> Result<ScaleRunTimesPlan, ScenarioError> {
        let route = route_index(cx, feed, "route", &self.route)? as u32;
        if !(self.factor.is_finite() && self.factor > 0.0) {
            return Err(cx.err("factor", format!("must be above 0 (got {})", self.factor)));
        }
        Ok(ScaleRunTimesPlan { route, factor: self.factor })
    }
}

impl ScaleRunTimesPlan {
    pub(super) fn apply(self, feed: &mut Feed) {
        for t in 0..feed.trips.len() {
            if feed.trips[t].route != self.route {
                continue;
            }
            let tr = &feed.trips[t];
            let range = tr.first_call as usize..(tr.first_call + tr.n_calls) as usize;
            let Some(t0) = feed.calls.get(range.start).map(|c| c.departure as f64) else { continue };
            let scale = |x: u32| (t0 + (x as f64 - t0) * self.factor).round().max(0.0) as u32;
            for c in &mut feed.calls[range] {
                c.arrival = scale(c.arrival);
                c.departure = scale(c.departure).max(c.arrival);
            }
        }
    }
}
