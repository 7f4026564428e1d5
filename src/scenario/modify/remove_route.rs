//! `remove_route`: a route goes, with its trips, their calls and frequencies.

use serde::Deserialize;

use super::{Cx, retain_trips, route_index};
use crate::feed::Feed;
use crate::scenario::ScenarioError;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveRoute {
    pub route: String,
}

/// The route to remove (an index into the feed's routes).
#[derive(Debug, Clone)]
pub struct RemoveRoutePlan {
    route: usize,
}

impl RemoveRoute {
    pub(super) fn resolve(&self, cx: &Cx, feed: &Feed) -> Result<RemoveRoutePlan, ScenarioError> {
        Ok(RemoveRoutePlan { route: route_index(cx, feed, "route", &self.route)? })
    }
}

impl RemoveRoutePlan {
    /// Removes the route and its trips; later routes move down one index.
    pub(super) fn apply(self, feed: &mut Feed) {
        let r = self.route as u32;
        retain_trips(feed, |t| t.route != r);
        feed.routes.remove(r as usize);
        for t in &mut feed.trips {
            if t.route > r {
                t.route -= 1;
            }
        }
    }
}
