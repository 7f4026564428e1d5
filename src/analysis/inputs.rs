//! From the region file to the metrics' own inputs: care nodes, origins (cells and towns),
//! reach parameters, destination groups (with the what-if of a planned hospital) and the coverage
//! inputs. The metrics never read the region file themselves; `region` never builds metric inputs.

use crate::metrics::coverage as cov;
use crate::metrics::reach::{CareKind, CareNode, DestGroup, Origin, ReachParams};
use crate::region::{BasicStops, CareKind as RegionKind, DirectionRelativeTo, NodeLevel, Region, Town};
use crate::router::RouterConfig;
use crate::spatial::{Cell, to_sweref};
use crate::tables::coverage::AreaNames;
use crate::text::{fold, short_name, slug};

/// The care nodes, in file order.
pub fn care_nodes(region: &Region) -> Vec<CareNode> {
    region
        .care
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

/// The municipality index of a town (`u16::MAX` when its kommunkod is not the region's).
fn town_municipality(region: &Region, t: &Town) -> u16 {
    t.kommunkod.trim().parse::<u16>().ok().and_then(|k| region.municipality_index(k)).map_or(u16::MAX, |m| m as u16)
}

/// Every town as an origin (population from the file, an indicative size).
pub fn town_origins(region: &Region) -> Vec<Origin> {
    region
        .towns
        .iter()
        .map(|t| Origin {
            id: t.name.clone(),
            name: t.name.clone(),
            at: to_sweref(t.lat, t.lon),
            population: t.population,
            municipality: town_municipality(region, t),
        })
        .collect()
}

/// Towns of a level, e.g. the strategic nodes, in file order.
pub fn towns_at(region: &Region, level: NodeLevel) -> Vec<&Town> {
    region.towns.iter().filter(|t| t.level == level).collect()
}

/// Reach parameters from `[walk]` (access and egress radius, longest walk, detour, speed) and
/// `[routing]` (minimum change time); the rest are the metric's defaults.
pub fn reach_params(region: &Region) -> ReachParams {
    let d = ReachParams::default();
    ReachParams {
        access_radius_m: region.walk.access_radius_m,
        egress_radius_m: region.walk.access_radius_m,
        max_walk_secs: (region.walk.max_walk_min * 60.0).round() as u32,
        walk: region.walk.model,
        router: RouterConfig {
            min_change_secs: region.routing.min_change_s.unwrap_or(d.router.min_change_secs),
            ..d.router
        },
        ..d
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
            CareKind::PlannedHospital => ("planned_hospital", "Planerat sjukhus (scenario)"),
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
/// `[coverage]` settings mapped onto [`CoverageParams`](cov::CoverageParams) (settings the file
/// does not name keep the metric's defaults).
#[derive(Clone, Debug)]
pub struct CoverageInputs {
    pub municipalities: Vec<cov::Municipality>,
    pub towns: Vec<cov::Town>,
    pub params: cov::CoverageParams,
    /// The municipalities' and seat towns' names, for output (the metric reads no names).
    pub names: AreaNames,
}

/// The coverage inputs of `region`.
pub fn coverage_inputs(region: &Region) -> CoverageInputs {
    let (municipalities, seat_towns): (Vec<_>, Vec<_>) = region
        .municipalities
        .iter()
        .map(|m| {
            // Directions count towards the seat, or towards the regional core if the file says so.
            let town = if region.coverage.direction_relative_to == Some(DirectionRelativeTo::RegionalCore) {
                Some(region.core())
            } else {
                region.town(&m.seat)
            };
            let seat = town.map_or_else(crate::spatial::Xy::default, |t| to_sweref(t.lat, t.lon));
            (cov::Municipality { seat }, town.map_or_else(|| m.seat.clone(), |t| t.name.clone()))
        })
        .unzip();
    let towns = town_origins(region)
        .into_iter()
        .filter(|t| t.municipality != u16::MAX)
        .map(|t| cov::Town { pos: t.at, population: t.population, municipality: t.municipality })
        .collect();
    let c = &region.coverage;
    // Keys the file leaves out keep the metric's own defaults.
    let d = cov::CoverageParams::default();
    let params = cov::CoverageParams {
        max_stop_distance_m: c.basic_max_distance_m.unwrap_or(d.max_stop_distance_m),
        min_departures_per_direction: c.basic_min_departures_per_direction.unwrap_or(d.min_departures_per_direction),
        stops: match c.basic_stops {
            Some(BasicStops::Nearest) => cov::StopRule::Nearest,
            Some(BasicStops::Pooled) => cov::StopRule::Pooled,
            None => d.stops,
        },
        direction: match c.direction_relative_to {
            Some(DirectionRelativeTo::DirectionId) => cov::DirectionRule::DirectionId,
            Some(_) => cov::DirectionRule::Seat,
            None => d.direction,
        },
        planning_max_distance_m: c.planning_max_distance_m.unwrap_or(d.planning_max_distance_m),
        planning_min_departures_per_direction: c
            .planning_min_departures_per_direction
            .unwrap_or(d.planning_min_departures_per_direction),
        town_radius_m: c.town_max_distance_m.unwrap_or(d.town_radius_m),
        town_min_pop: c.town_min_population.unwrap_or(d.town_min_pop),
        town_density: c.town_min_density_km2.unwrap_or(d.town_density),
        sparse_density: c.sparse_max_density_km2.unwrap_or(d.sparse_density),
        ..d
    };
    let names = AreaNames { names: region.municipalities.iter().map(|m| m.name.clone()).collect(), seat_towns };
    CoverageInputs { municipalities, towns, params, names }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spatial::Xy;

    fn node(name: &str, kind: CareKind, x: f64) -> CareNode {
        CareNode { name: name.into(), kind, at: Xy { x, y: 6_300_000.0 } }
    }

    /// Two vårdcentraler, two acute hospitals 2 km and 52 km from the planned site.
    fn nodes() -> Vec<CareNode> {
        vec![
            node("Växjö vårdcentral", CareKind::Vardcentral, 500_000.0), // 0
            node("Centrallasarettet Växjö", CareKind::AcuteHospital, 510_000.0), // 1
            node("Ljungby lasarett", CareKind::AcuteHospital, 460_000.0), // 2
            node("Räppe, planerat sjukhus", CareKind::PlannedHospital, 512_000.0), // 3
            node("Vislanda vårdcentral", CareKind::Vardcentral, 480_000.0), // 4
        ]
    }

    fn keys(groups: &[DestGroup]) -> Vec<(&str, &[usize])> {
        groups.iter().map(|g| (g.key.as_str(), g.nodes.as_slice())).collect()
    }

    #[test]
    fn dest_groups_by_kind_name_or_default() {
        let n = nodes();
        // No --to: the three kinds, each with its nodes in file order.
        let all = dest_groups(&n, &[]).unwrap();
        assert_eq!(
            keys(&all),
            vec![("vardcentral", &[0, 4][..]), ("acute_hospital", &[1, 2]), ("planned_hospital", &[3])]
        );
        assert_eq!(all[2].label, "Planerat sjukhus (scenario)");
        // Swedish kinds, case and accents ignored; a name prefix picks one node, keyed by its slug.
        let asked = ["Akutsjukhus".to_string(), "vårdcentral".into(), "ljungby".into()];
        let g = dest_groups(&n, &asked).unwrap();
        assert_eq!(
            keys(&g),
            vec![("acute_hospital", &[1, 2][..]), ("vardcentral", &[0, 4]), ("ljungby_lasarett", &[2])]
        );
        assert_eq!(g[2].label, "Ljungby lasarett");
        // "v" starts two node names; "lund" none; a kind the region lacks is refused.
        let e = dest_groups(&n, &["v".into()]).unwrap_err();
        assert_eq!(e, "'v' matches several care nodes: Växjö vårdcentral; Vislanda vårdcentral");
        let e = dest_groups(&n, &["lund".into()]).unwrap_err();
        assert!(e.starts_with("no care node or kind matches 'lund'; kinds: "), "{e}");
        let e = dest_groups(&n[..3], &["planerat".into()]).unwrap_err();
        assert_eq!(e, "the region has no care node of kind 'planerat'");
    }

    #[test]
    fn what_if_replaces_the_nearest_acute_hospital() {
        let n = nodes();
        // Räppe (x 512 000) is 2 km from Centrallasarettet (510 000) and 52 km from Ljungby
        // (460 000): Centrallasarettet is replaced; the group is Ljungby (2) and Räppe (3).
        let (g, replaced) = what_if_group(&n).unwrap();
        assert_eq!(replaced, "Centrallasarettet Växjö");
        assert_eq!((g.key.as_str(), g.nodes.as_slice()), ("acute_with_planned", &[2, 3][..]));
        assert_eq!(g.label, "Akutsjukhus med Räppe");
        // No planned site, or no acute hospital to replace: no what-if.
        assert!(what_if_group(&n[..3]).is_none());
        assert!(what_if_group(&[n[0].clone(), n[3].clone()]).is_none());
    }

    #[test]
    fn cells_are_origins_with_their_ruta() {
        let c = Cell { x: 396_000.0, y: 6_276_000.0, size_m: 1000.0, population: 7, municipality: 2 };
        let o = cell_origins(&[c]);
        // SCB ruta: 6 digits of easting, 7 of northing; centroid 500 m in from the corner.
        assert_eq!(o[0].id, "3960006276000");
        assert_eq!((o[0].at.x, o[0].at.y, o[0].population, o[0].municipality), (396_500.0, 6_276_500.0, 7, 2));
    }
}
