//! `add_stop` and `move_stop`. A new or moved stop must lie within `max_stop_offset_m` of a stop
//! the feed already has (the existing stops stand in for the road network); a moved stop's own
//! current place counts, so it may always move up to the limit. `move_stop` keeps every call at
//! the stop.

use serde::Deserialize;

use super::{Cx, check_stop_position, stop_index};
use crate::feed::{Feed, LocationType, Stop};
use crate::scenario::ScenarioError;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddStop {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub wheelchair: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveStop {
    pub id: String,
    pub lat: f64,
    pub lon: f64,
    pub name: Option<String>,
}

/// The new stop, checked.
#[derive(Debug, Clone)]
pub struct AddStopPlan {
    stop: Stop,
}

/// The stop (an index into the feed's stops), its new place and, if given, its new name.
#[derive(Debug, Clone)]
pub struct MoveStopPlan {
    stop: usize,
    lat: f64,
    lon: f64,
    name: Option<String>,
}

impl AddStop {
    pub(super) fn resolve(&self, cx: &Cx, feed: &Feed) -> Result<AddStopPlan, ScenarioError> {
        if self.id.is_empty() {
            return Err(cx.err("id", "empty stop id"));
        }
        if feed.stops.iter().any(|s| s.id == self.id) {
            return Err(cx.err("id", format!("stop '{}' already exists in the feed (use move_stop)", self.id)));
        }
        check_stop_position(cx, feed, self.lat, self.lon)?;
        let stop = Stop {
            id: self.id.as_str().into(),
            name: self.name.as_str().into(),
            lat: self.lat,
            lon: self.lon,
            location_type: LocationType::Stop,
            parent: None,
            wheelchair_boarding: match self.wheelchair {
                Some(true) => 1,
                Some(false) => 2,
                None => 0,
            },
            feed: 0,
        };
        Ok(AddStopPlan { stop })
    }
}

impl AddStopPlan {
    pub(super) fn apply(self, feed: &mut Feed) {
        feed.stops.push(self.stop);
    }
}

impl MoveStop {
    pub(super) fn resolve(&self, cx: &Cx, feed: &Feed) -> Result<MoveStopPlan, ScenarioError> {
        // Its own current place counts: a stop may move up to the limit.
        let stop = stop_index(cx, feed, "id", &self.id)?;
        check_stop_position(cx, feed, self.lat, self.lon)?;
        Ok(MoveStopPlan { stop, lat: self.lat, lon: self.lon, name: self.name.clone() })
    }
}

impl MoveStopPlan {
    pub(super) fn apply(self, feed: &mut Feed) {
        let st = &mut feed.stops[self.stop];
        st.lat = self.lat;
        st.lon = self.lon;
        if let Some(n) = self.name {
            st.name = n.into();
        }
    }
}
