//! From the region file to the metrics' own inputs: care nodes, origins (cells and towns),
//! walking and reach parameters. The metrics never read the region file themselves.

use super::{CareKind as RegionKind, NodeLevel, Region};
use crate::metrics::reach::{CareKind, CareNode, DestGroup, Origin, ReachParams};
use crate::spatial::{Cell, to_sweref};
use crate::text::{fold, short_name, slug};

impl Region {
    /// The care nodes, in file order.
    pub fn care_nodes(&self) -> Vec<CareNode> {
        self.care
            .iter()
            .map(|c| CareNode {
                name: c.name.clone(),
                kind: match c.kind {
                    RegionKind::Vardcentral => CareKind::Vardcentral,
                    RegionKind::AcuteHospital => CareKind::AcuteHospital,
                    RegionKind::PlannedHospital => CareKind::PlannedHospital,
                },
                at: to_sweref(c.lat, c.lon),
            })
            .collect()
    }

    /// Every town as an origin (population from the file, an indicative size).
    pub fn town_origins(&self) -> Vec<Origin> {
        self.towns
            .iter()
            .map(|t| Origin {
                id: t.name.clone(),
                name: t.name.clone(),
                at: to_sweref(t.lat, t.lon),
                population: t.population,
                municipality: t
                    .kommunkod
                    .trim()
                    .parse::<u16>()
                    .ok()
                    .and_then(|k| self.municipality_index(k))
                    .map_or(u16::MAX, |m| m as u16),
            })
            .collect()
    }

    /// Towns of a level, e.g. the strategic nodes.
    pub fn towns_at(&self, level: NodeLevel) -> Vec<&super::Town> {
        self.towns.iter().filter(|t| t.level == level).collect()
    }

    /// Reach parameters from `[walk]` (access and egress radius, detour, speed).
    pub fn reach_params(&self) -> ReachParams {
        ReachParams {
            access_radius_m: self.walk.access_radius_m,
            egress_radius_m: self.walk.access_radius_m,
            walk: self.walk.model,
            ..ReachParams::default()
        }
    }
}

/// Populated cells as origins, identified by SCB's ruta id (lower-left E and N).
pub fn cell_origins(cells: &[Cell]) -> Vec<Origin> {
    cells
        .iter()
        .map(|c| Origin {
            id: c.id().to_string(),
            name: String::new(),
            at: c.centroid(),
            population: c.population,
            municipality: c.municipality,
        })
        .collect()
}

/// The destination groups asked for by `--to`: kinds (`vardcentral`, `acute_hospital`,
/// `planned_hospital`, or Swedish `vårdcentral`, `akutsjukhus`, `planerat`) or a care node's name
/// (prefix, case and diacritics ignored). Empty: the three kinds that exist.
pub fn dest_groups(nodes: &[CareNode], asked: &[String]) -> Result<Vec<DestGroup>, String> {
    let kind_group = |kind: CareKind| {
        let (key, label) = match kind {
            CareKind::Vardcentral => ("vardcentral", "Vårdcentral"),
            CareKind::AcuteHospital => ("acute_hospital", "Akutsjukhus"),
            CareKind::PlannedHospital => ("planned_hospital", "Planerat sjukhus (what-if)"),
        };
        DestGroup {
            key: key.into(),
            label: label.into(),
            nodes: nodes.iter().enumerate().filter(|(_, n)| n.kind == kind).map(|(i, _)| i).collect(),
        }
    };
    let kinds = [CareKind::Vardcentral, CareKind::AcuteHospital, CareKind::PlannedHospital];
    if asked.is_empty() {
        return Ok(kinds.into_iter().map(kind_group).filter(|g| !g.nodes.is_empty()).collect());
    }
    let mut out = Vec::new();
    for a in asked {
        let f = fold(a);
        let kind = match f.replace(' ', "_").as_str() {
            "vardcentral" | "vardcentraler" => Some(CareKind::Vardcentral),
            "acute_hospital" | "acute" | "akutsjukhus" | "akut" | "sjukhus" => Some(CareKind::AcuteHospital),
            "planned_hospital" | "planned" | "planerat" | "planerat_sjukhus" => Some(CareKind::PlannedHospital),
            _ => None,
        };
        if let Some(k) = kind {
            let g = kind_group(k);
            if g.nodes.is_empty() {
                return Err(format!("the region has no care node of kind '{a}'"));
            }
            out.push(g);
            continue;
        }
        let hits: Vec<usize> =
            nodes.iter().enumerate().filter(|(_, n)| fold(&n.name).starts_with(&f)).map(|(i, _)| i).collect();
        match hits.as_slice() {
            [i] => out.push(DestGroup { key: slug(&nodes[*i].name), label: nodes[*i].name.clone(), nodes: vec![*i] }),
            [] => {
                return Err(format!(
                    "no care node or kind matches '{a}'; kinds: vardcentral, acute_hospital, planned_hospital; nodes: {}",
                    nodes.iter().map(|n| n.name.as_str()).collect::<Vec<_>>().join("; ")
                ));
            }
            many => {
                return Err(format!(
                    "'{a}' matches several care nodes: {}",
                    many.iter().map(|&i| nodes[i].name.as_str()).collect::<Vec<_>>().join("; ")
                ));
            }
        }
    }
    Ok(out)
}

/// The what-if of a planned hospital: acute care moves there from the acute hospital nearest to
/// it (Räppe would have replaced Centrallasarettet Växjö), the other acute hospitals stay.
/// Returns the group and the name of the hospital it replaces.
pub fn what_if_group(nodes: &[CareNode]) -> Option<(DestGroup, String)> {
    let planned: Vec<usize> = (0..nodes.len()).filter(|&i| nodes[i].kind == CareKind::PlannedHospital).collect();
    let acute: Vec<usize> = (0..nodes.len()).filter(|&i| nodes[i].kind == CareKind::AcuteHospital).collect();
    let &p = planned.first()?;
    let replaced =
        *acute.iter().min_by(|&&a, &&b| nodes[a].at.dist(nodes[p].at).total_cmp(&nodes[b].at.dist(nodes[p].at)))?;
    let mut members: Vec<usize> = acute.iter().copied().filter(|&a| a != replaced).collect();
    members.push(p);
    members.sort_unstable();
    Some((
        DestGroup {
            key: "acute_with_planned".into(),
            label: format!("Akutsjukhus med {}", short_name(&nodes[p].name)),
            nodes: members,
        },
        nodes[replaced].name.clone(),
    ))
}

/// Coverage inputs from the region file: municipalities with their seats, towns, and the
/// `[coverage]` settings mapped onto [`CoverageParams`](crate::metrics::coverage::CoverageParams)
/// (settings the file does not name keep the metric's defaults).
pub struct CoverageInputs {
    pub municipalities: Vec<crate::metrics::coverage::Municipality>,
    /// Name of each municipality's seat town, for output.
    pub seat_towns: Vec<String>,
    pub towns: Vec<crate::metrics::coverage::Town>,
    pub params: crate::metrics::coverage::CoverageParams,
}

impl Region {
    pub fn coverage_inputs(&self, _cells: &[Cell]) -> CoverageInputs {
        use crate::metrics::coverage as cov;
        let (municipalities, seat_towns) = self
            .municipalities
            .iter()
            .map(|m| {
                // Directions count towards the seat, or towards the regional core if the file says so.
                let town = if self.coverage.direction_relative_to == "regional_core" {
                    Some(self.core())
                } else {
                    self.town(&m.seat)
                };
                let seat = town.map_or_else(crate::spatial::Xy::default, |t| to_sweref(t.lat, t.lon));
                (cov::Municipality { seat }, town.map_or_else(|| m.seat.clone(), |t| t.name.clone()))
            })
            .unzip();
        let towns = self
            .town_origins()
            .into_iter()
            .filter(|t| t.municipality != u16::MAX)
            .map(|t| cov::Town { pos: t.at, population: t.population, municipality: t.municipality })
            .collect();
        let c = &self.coverage;
        let params = cov::CoverageParams {
            max_stop_distance_m: c.basic_max_distance_m,
            min_departures_per_direction: c.basic_min_departures_per_direction,
            direction: if c.direction_relative_to == "direction_id" {
                cov::DirectionRule::DirectionId
            } else {
                cov::DirectionRule::Seat
            },
            planning_max_distance_m: c.planning_max_distance_m,
            planning_min_departures_per_direction: c.planning_min_departures_per_direction,
            town_radius_m: c.town_max_distance_m,
            town_min_pop: c.town_min_population,
            town_density: c.town_min_density_km2,
            sparse_density: c.sparse_max_density_km2,
            ..cov::CoverageParams::default()
        };
        CoverageInputs { municipalities, seat_towns, towns, params }
    }
}
