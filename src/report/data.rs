//! Everything the report shows, computed once over one loaded network, as one serialisable value
//! (`metrics.json`). The HTML and Markdown are renderings of this and nothing else.

use serde::Serialize;

use crate::cli::reach::{ReachRun, run_reach};
use crate::date::{Date, Weekday};
use crate::feed::Feed;
use crate::metrics::nodes::{Link, direct_link};
use crate::metrics::reach::{CareKind, CareNode, DestGroup, Origin, ReachParams, compute};
use crate::metrics::reach_summary::{Comparison, GroupSummary, TownRank, compare, group_summary, towns_worst_first};
use crate::metrics::stops::{Catchment, StopOptions, StopTable, priority_list, stop_table};
use crate::region::params::dest_groups;
use crate::region::{NodeLevel, Region};
use crate::spatial::{Cell, PointIndex, to_sweref};
use crate::timetable::{StopIdx, Timetable};

/// Bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize)]
pub struct ReportData {
    pub schema_version: u32,
    pub generator: String,
    pub region: String,
    pub date: String,
    pub weekday: String,
    pub feeds: Vec<FeedInfo>,
    pub parameters: Parameters,
    pub summary: Summary,
    pub nodes: Vec<NodeRow>,
    pub municipality_goals: Vec<GoalCheck>,
    pub care: Care,
    pub stops: Stops,
    pub tfp: Vec<TfpRow>,
    /// Filled by the coverage part of the report.
    pub coverage: Option<serde_json::Value>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FeedInfo {
    pub path: String,
    pub publisher: Option<String>,
    pub version: Option<String>,
    pub service_start: Option<String>,
    pub service_end: Option<String>,
    pub stops: usize,
    pub routes: usize,
    pub trips: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Parameters {
    pub window: [String; 2],
    pub step_s: u32,
    pub limit_min: u32,
    pub return_after_min: Option<u32>,
    pub access_radius_m: f64,
    pub detour: f64,
    pub walk_speed_mps: f64,
    pub max_rounds: u8,
    pub min_change_s: u32,
    pub node_radius_m: f64,
    pub headway_window: [String; 2],
    pub peak_window: [String; 2],
    pub population_source: String,
    pub population_total: u64,
    pub populated_cells: usize,
    pub cell_size_m: Vec<f64>,
}

/// The handful of numbers that matter.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub population: u64,
    pub stops: usize,
    pub stops_served: usize,
    pub departures: u64,
    pub share_stops_wheelchair_accessible: f64,
    pub share_pop_within_30_vardcentral: Option<f64>,
    pub share_pop_within_60_acute_hospital: Option<f64>,
    pub share_pop_within_60_acute_with_planned: Option<f64>,
    pub share_pop_basic_service: Option<f64>,
    pub share_nodes_travel_time_goal_met: Option<f64>,
    pub goals_met: usize,
    pub goals_total: usize,
}

/// One goal checked: its target, the measured value and whether it is met.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GoalCheck {
    pub subject: String,
    /// `departures_to_core` (at least), `minutes_to_core`, `minutes_to_acute_hospital` (at most),
    /// `share_basic_service` (at least).
    pub goal: String,
    pub target: f64,
    pub value: Option<f64>,
    pub met: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct NodeRow {
    pub town: String,
    pub municipality: String,
    pub level: String,
    pub stops: usize,
    pub to_core: Link,
    pub fastest_to_core_min: Option<f64>,
    pub median_to_core_min: Option<f64>,
    pub median_to_acute_min: Option<f64>,
    pub median_to_planned_min: Option<f64>,
    pub fastest_to_planned_min: Option<f64>,
    pub departures_to_planned: usize,
    pub goals: Vec<GoalCheck>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Care {
    pub groups: Vec<GroupSummary>,
    pub towns_worst_first: Vec<(String, Vec<TownRank>)>,
    pub what_if: Option<WhatIf>,
    /// Towns' return trips after `return_after` at the acute hospital: (town, possible,
    /// earliest home, latest departure home).
    pub returns: Vec<(String, bool, Option<String>, Option<String>)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct WhatIf {
    pub planned: String,
    pub replaced: String,
    pub comparison: Comparison,
}

#[derive(Clone, Debug, Serialize)]
pub struct Stops {
    /// Stops by weekday departures: 0, 1–9, 10–29, 30–59, 60–119, 120+.
    pub by_departures: Vec<(String, usize)>,
    /// Among stops with departures: wheelchair_boarding 1, 2 and unknown.
    pub wheelchair: [usize; 3],
    pub busiest: Vec<StopBrief>,
    pub priority: Vec<PriorityBrief>,
    /// Stops by PTAL level at the stop: (level, count).
    pub ptal: Vec<(String, usize)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StopBrief {
    pub stop_id: String,
    pub name: String,
    pub departures: u32,
    pub routes: u32,
    pub first: Option<String>,
    pub last: Option<String>,
    pub pop_400: Option<f64>,
    pub ptal: String,
    pub wheelchair_boarding: u8,
}

#[derive(Clone, Debug, Serialize)]
pub struct PriorityBrief {
    pub rank: u32,
    pub stop_id: String,
    pub name: String,
    pub municipality: String,
    pub departures: u32,
    pub pop_400: u64,
    pub score: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TfpRow {
    pub indicator: String,
    pub unit: String,
    pub outcome_2022: Option<f64>,
    pub target_2024: Option<f64>,
    pub target_2026: Option<f64>,
    /// Other (kind, year, value) rows of the indicator.
    pub other: Vec<(String, Option<i32>, f64)>,
    pub measure: Option<String>,
    /// The tool's value of `measure`, as a share (0–1) where the unit is percent.
    pub computed: Option<f64>,
    pub source: String,
}

/// What the report computes from, all loaded once.
pub struct Inputs<'a> {
    pub region: &'a Region,
    pub feed: &'a Feed,
    pub date: Date,
    pub tt: &'a Timetable,
    pub cells: &'a [Cell],
    pub population_source: String,
    pub reach: ReachParams,
    /// Stops within this distance of a town's point are the town's stops (default: walk radius).
    pub node_radius_m: f64,
}

/// Intermediate results the figures need beside [`ReportData`].
pub struct Computed {
    pub data: ReportData,
    pub stop_table: StopTable,
    pub reach: ReachRun,
    pub nodes: Vec<CareNode>,
}

fn minutes(s: Option<u32>) -> Option<f64> {
    s.map(|s| (s as f64 / 60.0 * 10.0).round() / 10.0)
}

/// Runs stops and reach (coverage is added by its own part) and checks the goals.
pub fn compute_report(inp: &Inputs) -> Computed {
    let region = inp.region;
    let names = region.municipality_names();
    let nodes = region.care_nodes();

    // --- stops -------------------------------------------------------------------------------
    let opts = StopOptions::default();
    // The options are the defaults and always valid; an error here would be a defect.
    let table = stop_table(inp.tt, &opts, Some(inp.cells)).unwrap_or_else(|e| panic!("stop table: {e}"));
    let catchment = Catchment::new(inp.cells);
    let prio = priority_list(&table, &catchment, 400.0);
    let served: Vec<_> = table.rows.iter().filter(|r| r.departures > 0).collect();
    let bands = [
        (0, 0, "0"),
        (1, 9, "1–9"),
        (10, 29, "10–29"),
        (30, 59, "30–59"),
        (60, 119, "60–119"),
        (120, u32::MAX, "120+"),
    ];
    let by_departures = bands
        .iter()
        .map(|&(a, b, l)| (l.to_string(), table.rows.iter().filter(|r| r.departures >= a && r.departures <= b).count()))
        .collect();
    let wheelchair = [1u8, 2, 0].map(|w| served.iter().filter(|r| r.wheelchair_boarding == w).count());
    let mut busiest: Vec<_> = served.clone();
    let stop = |r: &crate::metrics::stops::StopRow| inp.feed.stops.get(r.stop.ix());
    let id_of = |r: &crate::metrics::stops::StopRow| stop(r).map_or(String::new(), |st| st.id.clone());
    busiest.sort_by(|a, b| b.departures.cmp(&a.departures).then_with(|| id_of(a).cmp(&id_of(b))));
    let brief = |r: &crate::metrics::stops::StopRow| StopBrief {
        stop_id: id_of(r),
        name: stop(r).map_or(String::new(), |st| st.name.clone()),
        departures: r.departures,
        routes: r.routes,
        first: r.first_departure.map(crate::date::fmt_hm),
        last: r.last_departure.map(crate::date::fmt_hm),
        pop_400: r.pop.as_ref().and_then(|p| p.first().copied()).map(f64::round),
        ptal: r.ptal.level.name().to_string(),
        wheelchair_boarding: r.wheelchair_boarding,
    };
    let mut ptal_counts: Vec<(String, usize)> = Vec::new();
    for r in &served {
        let l = r.ptal.level.name().to_string();
        match ptal_counts.iter_mut().find(|(k, _)| *k == l) {
            Some(e) => e.1 += 1,
            None => ptal_counts.push((l, 1)),
        }
    }
    ptal_counts.sort();
    let stops = Stops {
        by_departures,
        wheelchair,
        busiest: busiest.iter().take(15).map(|r| brief(r)).collect(),
        priority: prio
            .iter()
            .take(20)
            .map(|p| {
                let r = &table.rows[p.row];
                PriorityBrief {
                    rank: p.rank,
                    stop_id: id_of(r),
                    name: stop(r).map_or(String::new(), |st| st.name.clone()),
                    municipality: p.municipality.and_then(|m| names.get(m as usize).cloned()).unwrap_or_default(),
                    departures: r.departures,
                    pop_400: p.pop,
                    score: p.score,
                }
            })
            .collect(),
        ptal: ptal_counts,
    };

    // --- reach -------------------------------------------------------------------------------
    let groups = dest_groups(&nodes, &[]).unwrap_or_default();
    let run = run_reach(region, inp.cells, inp.tt, groups, inp.reach);
    let gsum: Vec<GroupSummary> = run
        .groups
        .iter()
        .enumerate()
        .map(|(g, grp)| {
            group_summary(&grp.key, &grp.label, g, &run.cells, &run.cell_results, &names, run.params.limit_secs)
        })
        .collect();
    let worst = run
        .groups
        .iter()
        .enumerate()
        .map(|(g, grp)| (grp.label.clone(), towns_worst_first(g, &run.towns, &run.town_results)))
        .collect();
    let what_if = run.what_if.as_ref().map(|(a, b, replaced)| WhatIf {
        planned: nodes.iter().find(|n| n.kind == CareKind::PlannedHospital).map(|n| n.name.clone()).unwrap_or_default(),
        replaced: replaced.clone(),
        comparison: compare(
            (*a, &run.groups[*a].label),
            (*b, &run.groups[*b].label),
            &run.cells,
            &run.cell_results,
            &names,
        ),
    });
    let gi = |key: &str| run.groups.iter().position(|g| g.key == key);
    let acute = gi("acute_hospital");
    let planned = gi("planned_hospital");
    let returns = acute
        .map(|a| {
            run.towns
                .iter()
                .zip(&run.town_results)
                .filter_map(|(t, r)| {
                    let ret = r[a].ret?;
                    Some((
                        t.name.clone(),
                        ret.possible(),
                        ret.home_earliest.map(crate::date::fmt_hm),
                        if ret.walk && ret.latest_departure_home.is_none() {
                            Some("walk".into())
                        } else {
                            ret.latest_departure_home.map(crate::date::fmt_hm)
                        },
                    ))
                })
                .collect()
        })
        .unwrap_or_default();

    // --- strategic nodes -----------------------------------------------------------------------
    let core = region.core().clone();
    let core_xy = to_sweref(core.lat, core.lon);
    let index =
        PointIndex::new(inp.tt.stop_indices().filter(|&s| inp.tt.is_served(s)).map(|s| (inp.tt.stop_xy(s), s.0)));
    let stops_near = |at| index.within(at, inp.node_radius_m).into_iter().map(|(s, _)| StopIdx(s)).collect::<Vec<_>>();
    let core_stops = stops_near(core_xy);
    let node_towns: Vec<&crate::region::Town> =
        region.towns.iter().filter(|t| t.level == NodeLevel::StrategicNode).collect();
    let all_towns = region.town_origins();
    let node_origins: Vec<Origin> =
        node_towns.iter().filter_map(|t| all_towns.iter().find(|o| o.name == t.name).cloned()).collect();
    let core_node = [CareNode { name: core.name.clone(), kind: CareKind::AcuteHospital, at: core_xy }];
    let core_group = [DestGroup { key: "core".into(), label: core.name.clone(), nodes: vec![0] }];
    let to_core = compute(
        inp.tt,
        &core_node,
        &core_group,
        &node_origins,
        &ReachParams { return_after: None, ..inp.reach },
        &|_| {},
    );
    let planned_node = nodes.iter().find(|n| n.kind == CareKind::PlannedHospital);
    let planned_stops = planned_node.map(|n| stops_near(n.at)).unwrap_or_default();
    let mut goal_checks = Vec::new();
    let node_rows: Vec<NodeRow> = node_towns
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let own = stops_near(to_sweref(t.lat, t.lon));
            let link = direct_link(inp.tt, &own, &core_stops);
            let core_stats = to_core[i][0].stats;
            let town_r = run.towns.iter().position(|o| o.name == t.name).map(|k| &run.town_results[k]);
            let med = |g: Option<usize>| town_r.and_then(|r| g.and_then(|g| r[g].stats)).and_then(|s| s.median);
            let fastest = |g: Option<usize>| town_r.and_then(|r| g.and_then(|g| r[g].stats)).map(|s| s.min);
            let goal = region.node_goal(&t.name);
            let mut goals = Vec::new();
            let median_core = minutes(core_stats.and_then(|s| s.median));
            let median_acute = minutes(med(acute));
            if let Some(min) = goal.min_weekday_departures_to_core {
                goals.push(GoalCheck {
                    subject: t.name.clone(),
                    goal: "departures_to_core".into(),
                    target: min as f64,
                    value: Some(link.departures as f64),
                    met: link.departures as u32 >= min,
                });
            }
            if let Some(max) = goal.max_minutes_to_core {
                goals.push(GoalCheck {
                    subject: t.name.clone(),
                    goal: "minutes_to_core".into(),
                    target: max as f64,
                    value: median_core,
                    met: median_core.is_some_and(|m| m <= max as f64),
                });
            }
            if let Some(max) = goal.max_minutes_to_acute_hospital {
                goals.push(GoalCheck {
                    subject: t.name.clone(),
                    goal: "minutes_to_acute_hospital".into(),
                    target: max as f64,
                    value: median_acute,
                    met: median_acute.is_some_and(|m| m <= max as f64),
                });
            }
            goal_checks.extend(goals.iter().cloned());
            NodeRow {
                town: t.name.clone(),
                municipality: t
                    .kommunkod
                    .trim()
                    .parse::<u16>()
                    .ok()
                    .and_then(|k| region.municipality_index(k))
                    .and_then(|m| names.get(m).cloned())
                    .unwrap_or_default(),
                level: "strategic_node".into(),
                stops: own.len(),
                to_core: link,
                fastest_to_core_min: minutes(core_stats.map(|s| s.min)),
                median_to_core_min: median_core,
                median_to_acute_min: median_acute,
                median_to_planned_min: minutes(med(planned)),
                fastest_to_planned_min: minutes(fastest(planned)),
                departures_to_planned: direct_link(inp.tt, &own, &planned_stops).departures,
                goals,
            }
        })
        .collect();

    let share = |x: u64, total: u64| (total > 0).then(|| x as f64 / total as f64);
    let band_share = |g: Option<usize>, band: usize| {
        g.map(|g| &gsum[g]).and_then(|s| share(s.county.within[band], s.county.population))
    };
    let time_goals: Vec<&GoalCheck> = goal_checks.iter().filter(|g| g.goal == "minutes_to_core").collect();
    let population: u64 = inp.cells.iter().map(|c| c.population as u64).sum();
    let summary = Summary {
        population,
        stops: table.rows.len(),
        stops_served: served.len(),
        departures: served.iter().map(|r| r.departures as u64).sum(),
        share_stops_wheelchair_accessible: if served.is_empty() {
            0.0
        } else {
            wheelchair[0] as f64 / served.len() as f64
        },
        share_pop_within_30_vardcentral: band_share(gi("vardcentral"), 0),
        share_pop_within_60_acute_hospital: band_share(acute, 2),
        share_pop_within_60_acute_with_planned: band_share(gi("acute_with_planned"), 2),
        share_pop_basic_service: None,
        share_nodes_travel_time_goal_met: (!time_goals.is_empty())
            .then(|| time_goals.iter().filter(|g| g.met).count() as f64 / time_goals.len() as f64),
        goals_met: goal_checks.iter().filter(|g| g.met).count(),
        goals_total: goal_checks.len(),
    };

    let weekday = match inp.date.weekday() {
        Weekday::Mon => "måndag",
        Weekday::Tue => "tisdag",
        Weekday::Wed => "onsdag",
        Weekday::Thu => "torsdag",
        Weekday::Fri => "fredag",
        Weekday::Sat => "lördag",
        Weekday::Sun => "söndag",
    };
    let feeds = inp
        .feed
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let range = inp.feed.service_range();
            FeedInfo {
                path: s.path.clone(),
                publisher: s.publisher.clone(),
                version: s.version.clone(),
                service_start: s.feed_start.or(range.map(|r| r.0)).map(|d| d.to_string()),
                service_end: s.feed_end.or(range.map(|r| r.1)).map(|d| d.to_string()),
                stops: inp.feed.stops.iter().filter(|x| x.feed as usize == i).count(),
                routes: inp.feed.routes.iter().filter(|x| x.feed as usize == i).count(),
                trips: inp.feed.trips.iter().filter(|x| x.feed as usize == i).count(),
            }
        })
        .collect();
    let mut sizes: Vec<f64> = inp.cells.iter().map(|c| c.size_m).collect();
    sizes.sort_by(f64::total_cmp);
    sizes.dedup();
    let data = ReportData {
        schema_version: SCHEMA_VERSION,
        generator: format!("narhet {}", env!("CARGO_PKG_VERSION")),
        region: region.name.clone(),
        date: inp.date.to_string(),
        weekday: weekday.into(),
        feeds,
        parameters: Parameters {
            window: [crate::date::fmt_hm(inp.reach.window_start), crate::date::fmt_hm(inp.reach.window_end)],
            step_s: inp.reach.step,
            limit_min: inp.reach.limit_secs / 60,
            return_after_min: inp.reach.return_after.map(|s| s / 60),
            access_radius_m: inp.reach.access_radius_m,
            detour: inp.reach.walk.detour(),
            walk_speed_mps: inp.reach.walk.speed_mps(),
            max_rounds: inp.reach.router.max_rounds,
            min_change_s: inp.reach.router.min_change_secs,
            node_radius_m: inp.node_radius_m,
            headway_window: [crate::date::fmt_hm(opts.headway_window.0), crate::date::fmt_hm(opts.headway_window.1)],
            peak_window: [crate::date::fmt_hm(opts.peak_window.0), crate::date::fmt_hm(opts.peak_window.1)],
            population_source: inp.population_source.clone(),
            population_total: population,
            populated_cells: inp.cells.len(),
            cell_size_m: sizes,
        },
        summary,
        nodes: node_rows,
        municipality_goals: Vec::new(),
        care: Care { groups: gsum, towns_worst_first: worst, what_if, returns },
        stops,
        tfp: Vec::new(),
        coverage: None,
    };
    Computed { data, stop_table: table, reach: run, nodes }
}

/// The TFP mätetal table: the region file's rows pivoted per indicator, with the tool's measure.
pub fn tfp_rows(region: &Region, s: &Summary) -> Vec<TfpRow> {
    let mut out: Vec<TfpRow> = Vec::new();
    for m in &region.metrics {
        let i = match out.iter().position(|r| r.indicator == m.indicator) {
            Some(i) => i,
            None => {
                out.push(TfpRow {
                    indicator: m.indicator.clone(),
                    unit: m.unit.clone(),
                    outcome_2022: None,
                    target_2024: None,
                    target_2026: None,
                    other: Vec::new(),
                    measure: None,
                    computed: None,
                    source: String::new(),
                });
                out.len() - 1
            }
        };
        let row = &mut out[i];
        match (m.kind.as_str(), m.year, m.value) {
            ("outcome", Some(2022), Some(v)) => row.outcome_2022 = Some(v),
            ("target", Some(2024), Some(v)) => row.target_2024 = Some(v),
            ("target", Some(2026), Some(v)) => row.target_2026 = Some(v),
            (k, y, Some(v)) => row.other.push((k.to_string(), y, v)),
            _ => {}
        }
        if m.measure.is_some() {
            row.measure = m.measure.clone();
        }
        if !row.source.contains(&m.source) {
            if !row.source.is_empty() {
                row.source.push_str("; ");
            }
            row.source.push_str(&m.source);
        }
    }
    for r in &mut out {
        r.computed = r.measure.as_deref().and_then(|m| measure_value(m, s));
    }
    out
}

/// The value of a named measure the tool computes.
pub fn measure_value(name: &str, s: &Summary) -> Option<f64> {
    match name {
        "share_pop_basic_service" => s.share_pop_basic_service,
        "share_stops_wheelchair_accessible" => Some(s.share_stops_wheelchair_accessible),
        "share_nodes_travel_time_goal_met" => s.share_nodes_travel_time_goal_met,
        "share_pop_within_30_vardcentral" => s.share_pop_within_30_vardcentral,
        "share_pop_within_60_acute_hospital" => s.share_pop_within_60_acute_hospital,
        _ => None,
    }
}
