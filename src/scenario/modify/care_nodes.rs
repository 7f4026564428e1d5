//! `add_care_node`, `move_care_node` and `remove_care_node`: edits of the region's care nodes.
//! A node is named exactly, or by a unique prefix (case and diacritics ignored).

use serde::Deserialize;

use super::{Cx, care_index, check_coords};
use crate::region::{CareKind, CareNode, Region};
use crate::scenario::ScenarioError;
use crate::text::suggest;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddCareNode {
    pub name: String,
    pub kind: CareKind,
    pub lat: f64,
    pub lon: f64,
    pub kommunkod: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveCareNode {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveCareNode {
    pub name: String,
}

/// The new care node, checked.
#[derive(Debug, Clone)]
pub struct AddCareNodePlan {
    node: CareNode,
}

/// The care node (an index into the region's) and its new place.
#[derive(Debug, Clone)]
pub struct MoveCareNodePlan {
    node: usize,
    lat: f64,
    lon: f64,
}

/// The care node to remove (an index into the region's).
#[derive(Debug, Clone)]
pub struct RemoveCareNodePlan {
    node: usize,
}

impl AddCareNode {
    pub(super) fn resolve(&self, cx: &Cx, region: &Region) -> Result<AddCareNodePlan, ScenarioError> {
        if region.care.iter().any(|c| c.name == self.name) {
            return Err(cx.err("name", format!("a care node named '{}' already exists", self.name)));
        }
        check_coords(cx, self.lat, self.lon)?;
        if region.municipalities.iter().all(|x| x.kommunkod != self.kommunkod) {
            let codes: Vec<&str> = region.municipalities.iter().map(|x| x.kommunkod.as_str()).collect();
            return Err(cx.err(
                "kommunkod",
                format!("unknown kommunkod '{}'{}", self.kommunkod, suggest(&self.kommunkod, &codes)),
            ));
        }
        let node = CareNode {
            name: self.name.clone(),
            kind: self.kind,
            lat: self.lat,
            lon: self.lon,
            kommunkod: self.kommunkod.clone(),
            note: self.note.clone(),
            status: None,
            valid_from: None,
            valid_to: None,
        };
        Ok(AddCareNodePlan { node })
    }
}

impl AddCareNodePlan {
    pub(super) fn apply(self, region: &mut Region) {
        region.care.push(self.node);
    }
}

impl MoveCareNode {
    pub(super) fn resolve(&self, cx: &Cx, region: &Region) -> Result<MoveCareNodePlan, ScenarioError> {
        let node = care_index(cx, region, &self.name)?;
        check_coords(cx, self.lat, self.lon)?;
        Ok(MoveCareNodePlan { node, lat: self.lat, lon: self.lon })
    }
}

impl MoveCareNodePlan {
    pub(super) fn apply(self, region: &mut Region) {
        region.care[self.node].lat = self.lat;
        region.care[self.node].lon = self.lon;
    }
}

impl RemoveCareNode {
    pub(super) fn resolve(&self, cx: &Cx, region: &Region) -> Result<RemoveCareNodePlan, ScenarioError> {
        Ok(RemoveCareNodePlan { node: care_index(cx, region, &self.name)? })
    }
}

impl RemoveCareNodePlan {
    pub(super) fn apply(self, region: &mut Region) {
        region.care.remove(self.node);
    }
}
