//! Everything the report shows, as one serialisable value (`metrics.json`), built from one
//! [`Assessment`] of the network. The HTML and Markdown are renderings of this and nothing else.

use serde::Serialize;

use super::ReportError;
use crate::analysis::assess::Assessment;
use crate::analysis::coverage::CoverageFile;
use crate::analysis::dates::{DateCheck, check_date};
use crate::analysis::goals::{GoalCheck, GoalCount};
use crate::analysis::nodes::NodeRow;
use crate::analysis::{Network, Study};
use crate::date::{Weekday, fmt_hm};
use crate::feed::Feed;
use crate::metrics::reach::CareKind;
use crate::metrics::reach_summary::{Comparison, GroupSummary, TownRank};
use crate::metrics::stops::{PriorityRow, StopRow, StopTable};

/// Bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Clone, Debug, Serialize)]
pub struct ReportData {
    pub schema_version: u32,
    pub generator: String,
    pub region: String,
    /// The regional core town (the strategic nodes' "core").
    pub core: String,
    pub date: String,
    /// English key of the weekday ("wednesday").
    pub weekday: String,
    /// The date's day type (vardag, lördag, söndag, helgdag), its trips against a typical
    /// weekday of the feed, and the warnings shown in the report's header.
    pub date_check: DateCheck,
    pub feeds: Vec<FeedInfo>,
    pub parameters: Parameters,
    pub summary: Summary,
    pub nodes: Vec<NodeRow>,
    pub municipality_goals: Vec<GoalCheck>,
    pub care: Care,
    pub stops: Stops,
    pub tfp: Vec<super::tfp::TfpGoal>,
    /// Who lacks basic line service and is eligible for Glesbygdstrafik, per municipality (from
    /// coverage, when it ran).
    pub glesbygd: Option<Glesbygd>,
    /// Filled by the coverage part of the report.
    pub coverage: Option<serde_json::Value>,
    /// Public transport ÷ car (see `analysis::restidskvot`), when computed.
    pub restidskvot: Option<serde_json::Value>,
    /// Care reach (vårdcentral ≤ 30 min, acute hospital ≤ 60 min) for a wheelchair (unknown
    /// access as not accessible, and as accessible) and each walking profile, beside the
    /// default traveller; when computed.
    pub travellers: Option<Vec<crate::analysis::travellers::TravellerReach>>,
    /// Per care kind (vårdcentral, acute hospital), the dispersion of travel time per
    /// municipality and for the county: Gini, Palma, shares beyond 60/90 min (see
    /// `metrics::equity`; not reached counted at the limit).
    pub equity: Vec<EquityGroup>,
    /// Kolada's "Andel av befolkningen i kollektivtrafiknära läge" per municipality and for the
    /// county on the weekday (from coverage, when it ran).
    pub kolada: Option<crate::analysis::kolada::KoladaJson>,
    /// The headline care and coverage figures per age group of the grid (only "all" without
    /// age columns; `age_columns` says which).
    pub age_groups: crate::analysis::ages::AgeFigures,
    /// Care reach by departure window on the weekday, the Saturday and the Sunday.
    pub profile: Option<crate::analysis::profile::Profile>,
    /// Appointments (see `analysis::appointments`): who cannot make a visit at the region
    /// file's times, per care kind and municipality; when computed.
    pub appointments: Option<serde_json::Value>,
    /// The walking model: straight line × detour, or the OSM walking network.
    pub walking: crate::analysis::walking::WalkingModel,
}

/// One care kind's dispersion of travel time, per municipality and the county (last).
#[derive(Clone, Debug, Serialize)]
pub struct EquityGroup {
    pub key: String,
    pub label: String,
    pub limit_min: u32,
    pub areas: Vec<crate::metrics::equity::Dispersion>,
}

/// People by basic line service on the weekday, per municipality and for the county.
#[derive(Clone, Debug, Serialize)]
pub struct Glesbygd {
    pub municipalities: Vec<GlesbygdRow>,
    pub county: GlesbygdRow,
}

#[derive(Clone, Debug, Serialize)]
pub struct GlesbygdRow {
    pub name: String,
    pub population: u64,
    /// With basic service by scheduled lines.
    pub basic: u64,
    /// Without it: eligible for Glesbygdstrafik.
    pub eligible: u64,
    /// Of the eligible, those inside a demand-responsive zone of the feed (GTFS-Flex).
    pub in_flex_zone: u64,
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
    /// The departure window `[from, to)`: the end is not a departure minute.
    pub window: [String; 2],
    /// Departure minutes in the window and the last of them.
    pub departure_minutes: usize,
    pub last_departure: String,
    pub step_s: u32,
    pub limit_min: u32,
    pub return_after_min: Option<u32>,
    pub access_radius_m: f64,
    /// The longest walk that counts (all the way, and each access and egress walk), minutes.
    pub max_walk_min: f64,
    pub detour: f64,
    pub walk_speed_mps: f64,
    pub max_rounds: u8,
    pub min_change_s: u32,
    pub node_radius_m: f64,
    pub headway_window: [String; 2],
    pub peak_window: [String; 2],
    pub population_source: String,
    /// The grid is the shipped synthetic one.
    pub population_synthetic: bool,
    pub population_total: u64,
    pub populated_cells: usize,
    pub cell_size_m: Vec<f64>,
}

/// The handful of numbers that matter.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub population: u64,
    pub stops: usize,
    pub stops_served: usize,
    pub departures: u64,
    /// Stops with departures by `wheelchair_boarding`: 1 adapted, 2 not adapted, 0/empty no
    /// information — three separate shares of the stops with departures (they add up to 1).
    pub share_stops_wheelchair_accessible: f64,
    pub share_stops_wheelchair_not_accessible: f64,
    pub share_stops_wheelchair_unknown: f64,
    pub share_pop_within_30_vardcentral: Option<f64>,
    pub share_pop_within_60_acute_hospital: Option<f64>,
    pub share_pop_within_60_acute_with_planned: Option<f64>,
    pub share_pop_basic_service: Option<f64>,
    /// People without basic line service on the weekday: eligible for Glesbygdstrafik.
    pub people_eligible_glesbygdstrafik: Option<u64>,
    pub share_nodes_travel_time_goal_met: Option<f64>,
    /// Goals of the strategic nodes (departures and travel times).
    pub node_goals: GoalCount,
    /// Goals of the municipalities (share with basic service); `None` when coverage did not run.
    pub municipality_goals: Option<GoalCount>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Care {
    pub groups: Vec<GroupSummary>,
    /// Every town of the region with its departures and travel times to each group.
    pub towns: Vec<TownRow>,
    /// Vårdcentraler in the region file per municipality (in municipality order).
    pub vardcentraler_per_municipality: Vec<usize>,
    pub towns_worst_first: Vec<(String, Vec<TownRank>)>,
    pub what_if: Option<WhatIf>,
    /// Towns' return trips after `return_after` at the acute hospital: (town, possible,
    /// earliest home, latest departure home).
    pub returns: Vec<(String, bool, Option<String>, Option<String>)>,
}

/// One town's service and travel times (the report's town table).
#[derive(Clone, Debug, Serialize)]
pub struct TownRow {
    pub town: String,
    pub municipality: String,
    pub population: u32,
    /// Departures from the town's stops during the service day.
    pub departures: usize,
    /// Per destination group, in `Care::groups` order.
    pub times: Vec<TownTimes>,
}

/// A town's travel time to one group over the morning window.
#[derive(Clone, Debug, Serialize)]
pub struct TownTimes {
    pub key: String,
    pub median_min: Option<f64>,
    pub min_min: Option<f64>,
    /// Share of the window's minutes arriving within the time limit.
    pub share_within_limit: f64,
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

/// The report's data: the assessment of `net` for `study` (with coverage when it was added).
pub fn report_data(study: &Study, net: &Network, a: &Assessment) -> Result<ReportData, ReportError> {
    let stops = stops_part(net.feed, &a.stop_table, &a.priority, &study.names);
    let care = care_part(study, a);
    let mut summary = summary_part(study, a, &stops, &care);
    let (coverage, glesbygd) = match &a.coverage {
        Some((run, _)) => {
            let wd = &run.result.county.days[0].all;
            summary.share_pop_basic_service = (wd.population > 0).then(|| wd.basic as f64 / wd.population as f64);
            summary.people_eligible_glesbygdstrafik = Some(wd.unserved + wd.nartrafik);
            let json = run.render(CoverageFile::SummaryJson, &study.cells, net.feed)?;
            (Some(serde_json::from_str(&json)?), Some(glesbygd_part(run)))
        }
        None => (None, None),
    };
    Ok(ReportData {
        schema_version: SCHEMA_VERSION,
        generator: format!("narhet {}", env!("CARGO_PKG_VERSION")),
        region: study.region.name.clone(),
        core: study.region.core().name.clone(),
        date: net.date.to_string(),
        weekday: weekday_key(net.date.weekday()).into(),
        date_check: check_date(net.feed, net.date, true),
        feeds: feeds(net.feed),
        parameters: parameters(study, a),
        tfp: super::tfp::goals(&study.region, &summary),
        summary,
        nodes: a.nodes.clone(),
        municipality_goals: a.coverage.as_ref().map(|(_, g)| g.clone()).unwrap_or_default(),
        care,
        stops,
        glesbygd,
        coverage,
        restidskvot: a.restidskvot.as_ref().map(|r| r.json()),
        travellers: a.travellers.clone(),
        equity: ["vardcentral", "acute_hospital"]
            .iter()
            .filter_map(|k| a.reach.group(k))
            .map(|g| EquityGroup {
                key: a.reach.groups[g].key.clone(),
                label: a.reach.groups[g].label.clone(),
                limit_min: a.reach.params.limit_secs / 60,
                areas: a.reach.equity(g, &study.names, &study.region.name),
            })
            .collect(),
        kolada: a.coverage.as_ref().map(|(run, _)| run.kolada.json(&study.region.name)),
        age_groups: crate::analysis::ages::age_figures(study, Some(&a.reach), a.coverage.as_ref().map(|(r, _)| r)),
        profile: Some(profile_part(study, net, a)),
        appointments: a.appointments.as_ref().map(|r| r.json(&study.names)),
        walking: study.walking_model(),
    })
}

/// Care reach by window on the weekday (its timetable reused) and the weekend days after it.
fn profile_part(study: &Study, net: &Network, a: &Assessment) -> crate::analysis::profile::Profile {
    use crate::analysis::profile::{DEFAULT_WINDOWS, profile_days, run_profile};
    let (days, left_out) = profile_days(net.feed, net.date);
    let weekend: Vec<(&str, crate::timetable::Timetable)> = (days.iter().skip(1))
        .map(|&(n, d)| (n, crate::timetable::Timetable::build(net.feed, d, &study.footpaths())))
        .collect();
    let all: Vec<(&str, &crate::timetable::Timetable)> =
        std::iter::once(("weekday", &net.tt)).chain(weekend.iter().map(|(n, t)| (*n, t))).collect();
    run_profile(study, &all, &DEFAULT_WINDOWS, a.reach.params, left_out)
}

/// Eligibility for Glesbygdstrafik per municipality on the weekday.
fn glesbygd_part(run: &crate::analysis::coverage::CoverageRun) -> Glesbygd {
    let row = |name: &str, a: &crate::metrics::coverage::AreaSummary| {
        let t = a.days.first().map(|d| d.all).unwrap_or_default();
        GlesbygdRow {
            name: name.to_string(),
            population: t.population,
            basic: t.basic,
            eligible: t.unserved + t.nartrafik,
            in_flex_zone: t.nartrafik,
        }
    };
    let r = &run.result;
    Glesbygd {
        municipalities: (r.municipalities.iter().enumerate())
            .map(|(i, m)| row(run.inputs.names.name(i as u16), m))
            .collect(),
        county: row("", &r.county),
    }
}

/// The weekday's key in metrics.json; the report words it in its language ([`L::weekday`]).
///
/// [`L::weekday`]: super::text::L::weekday
fn weekday_key(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// The stops section: stops by departures, wheelchair access, the busiest, the priority list,
/// PTAL levels.
fn stops_part(feed: &crate::feed::Feed, table: &StopTable, prio: &[PriorityRow], names: &[String]) -> Stops {
    let stop = |r: &StopRow| feed.stops.get(r.stop.ix());
    let id_of = |r: &StopRow| stop(r).map_or(String::new(), |st| st.id.to_string());
    let name_of = |r: &StopRow| stop(r).map_or(String::new(), |st| st.name.to_string());
    let served: Vec<&StopRow> = table.rows.iter().filter(|r| r.departures > 0).collect();
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
    let wheelchair = wheelchair_counts(&served);
    let mut busiest: Vec<&StopRow> = served.clone();
    busiest.sort_by(|a, b| b.departures.cmp(&a.departures).then_with(|| id_of(a).cmp(&id_of(b))));
    let brief = |r: &StopRow| StopBrief {
        stop_id: id_of(r),
        name: name_of(r),
        departures: r.departures,
        routes: r.routes,
        first: r.first_departure.map(fmt_hm),
        last: r.last_departure.map(fmt_hm),
        pop_400: r.pop.as_ref().and_then(|p| p.first().copied()).map(f64::round),
        ptal: r.ptal.level.name().to_string(),
        wheelchair_boarding: r.wheelchair_boarding,
    };
    let mut ptal: Vec<(String, usize)> = Vec::new();
    for r in &served {
        let l = r.ptal.level.name().to_string();
        match ptal.iter_mut().find(|(k, _)| *k == l) {
            Some(e) => e.1 += 1,
            None => ptal.push((l, 1)),
        }
    }
    ptal.sort();
    let priority = prio
        .iter()
        .take(20)
        .map(|p| {
            let r = &table.rows[p.row];
            PriorityBrief {
                rank: p.rank,
                stop_id: id_of(r),
                name: name_of(r),
                municipality: p.municipality.and_then(|m| names.get(m as usize).cloned()).unwrap_or_default(),
                departures: r.departures,
                pop_400: p.pop,
                score: p.score,
            }
        })
        .collect();
    Stops { by_departures, wheelchair, busiest: busiest.iter().take(15).map(|r| brief(r)).collect(), priority, ptal }
}

/// Stops with departures by wheelchair_boarding 1, 2 and unknown.
fn wheelchair_counts(served: &[&StopRow]) -> [usize; 3] {
    [1u8, 2, 0].map(|w| served.iter().filter(|r| r.wheelchair_boarding == w).count())
}

/// The care section: band summaries per group, every town, worst towns, the what-if, trips home.
fn care_part(study: &Study, a: &Assessment) -> Care {
    let (run, nodes, names) = (&a.reach, &study.care, &study.names);
    let groups: Vec<GroupSummary> = (0..run.groups.len()).map(|g| run.summary(g, names)).collect();
    let worst = run.groups.iter().enumerate().map(|(g, grp)| (grp.label.clone(), run.towns_worst_first(g))).collect();
    let what_if = run.what_if_comparison(names).map(|(comparison, replaced)| WhatIf {
        planned: nodes.iter().find(|n| n.kind == CareKind::PlannedHospital).map(|n| n.name.clone()).unwrap_or_default(),
        replaced: replaced.to_string(),
        comparison,
    });
    let returns = run
        .group("acute_hospital")
        .map(|a| {
            run.towns
                .iter()
                .zip(&run.town_results)
                .filter_map(|(t, r)| {
                    let ret = r[a].ret?;
                    Some((
                        t.name.clone(),
                        ret.possible(),
                        ret.home_earliest.map(fmt_hm),
                        if ret.walk && ret.latest_departure_home.is_none() {
                            Some("walk".into())
                        } else {
                            ret.latest_departure_home.map(fmt_hm)
                        },
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let towns = run
        .towns
        .iter()
        .zip(&run.town_results)
        .enumerate()
        .map(|(i, (t, r))| TownRow {
            town: t.name.clone(),
            municipality: names.get(t.municipality as usize).cloned().unwrap_or_default(),
            population: t.population,
            departures: a.town_departures.get(i).copied().unwrap_or(0),
            times: run
                .groups
                .iter()
                .zip(r)
                .map(|(g, x)| TownTimes {
                    key: g.key.clone(),
                    median_min: x.stats.and_then(|s| s.median).map(|s| s as f64 / 60.0),
                    min_min: x.stats.map(|s| s.min as f64 / 60.0),
                    share_within_limit: x.share_within_limit,
                })
                .collect(),
        })
        .collect();
    let vardcentraler_per_municipality = (0..names.len())
        .map(|m| {
            let code = &study.region.municipalities[m].kommunkod;
            study
                .region
                .care
                .iter()
                .filter(|c| &c.kommunkod == code && c.kind == crate::region::CareKind::Vardcentral)
                .count()
        })
        .collect();
    Care { groups, towns, vardcentraler_per_municipality, towns_worst_first: worst, what_if, returns }
}

/// The headline numbers; the share with basic service is filled in from coverage.
fn summary_part(study: &Study, a: &Assessment, stops: &Stops, care: &Care) -> Summary {
    let table = &a.stop_table;
    let served: Vec<&StopRow> = table.rows.iter().filter(|r| r.departures > 0).collect();
    let share = |x: u64, total: u64| (total > 0).then(|| x as f64 / total as f64);
    let band_share = |key: &str, band: usize| {
        a.reach.group(key).map(|g| &care.groups[g]).and_then(|s| share(s.county.within[band], s.county.population))
    };
    let goals = a.goals();
    let time_goals: Vec<&GoalCheck> = goals.nodes.iter().copied().filter(|g| g.goal == "minutes_to_core").collect();
    let of_served = |n: usize| if served.is_empty() { 0.0 } else { n as f64 / served.len() as f64 };
    Summary {
        population: study.cells.iter().map(|c| c.population as u64).sum(),
        stops: table.rows.len(),
        stops_served: served.len(),
        departures: served.iter().map(|r| r.departures as u64).sum(),
        share_stops_wheelchair_accessible: of_served(stops.wheelchair[0]),
        share_stops_wheelchair_not_accessible: of_served(stops.wheelchair[1]),
        share_stops_wheelchair_unknown: of_served(stops.wheelchair[2]),
        share_pop_within_30_vardcentral: band_share("vardcentral", 0),
        share_pop_within_60_acute_hospital: band_share("acute_hospital", 2),
        share_pop_within_60_acute_with_planned: band_share("acute_with_planned", 2),
        share_pop_basic_service: None,
        people_eligible_glesbygdstrafik: None,
        share_nodes_travel_time_goal_met: (!time_goals.is_empty())
            .then(|| time_goals.iter().filter(|g| g.met).count() as f64 / time_goals.len() as f64),
        node_goals: goals.node_count(),
        municipality_goals: goals.municipality_count(),
    }
}

/// Each feed's source, version, service range and size.
fn feeds(feed: &Feed) -> Vec<FeedInfo> {
    let range = feed.service_range();
    feed.sources
        .iter()
        .enumerate()
        .map(|(i, s)| FeedInfo {
            path: s.path.clone(),
            publisher: s.publisher.clone(),
            version: s.version.clone(),
            service_start: s.feed_start.or(range.map(|r| r.0)).map(|d| d.to_string()),
            service_end: s.feed_end.or(range.map(|r| r.1)).map(|d| d.to_string()),
            stops: feed.stops.iter().filter(|x| x.feed as usize == i).count(),
            routes: feed.routes.iter().filter(|x| x.feed as usize == i).count(),
            trips: feed.trips.iter().filter(|x| x.feed as usize == i).count(),
        })
        .collect()
}

/// The settings the numbers were computed with.
fn parameters(study: &Study, a: &Assessment) -> Parameters {
    let (p, opts, cells) = (&a.reach.params, &a.stop_options, &study.cells);
    let mut sizes: Vec<f64> = cells.iter().map(|c| c.size_m).collect();
    sizes.sort_by(f64::total_cmp);
    sizes.dedup();
    Parameters {
        window: [fmt_hm(p.window_start), fmt_hm(p.window_end)],
        departure_minutes: p.minutes(),
        last_departure: fmt_hm(p.window_start + (p.minutes().max(1) as u32 - 1) * p.step),
        step_s: p.step,
        limit_min: p.limit_secs / 60,
        return_after_min: p.return_after.map(|s| s / 60),
        access_radius_m: p.access_radius_m,
        max_walk_min: p.max_walk_secs as f64 / 60.0,
        detour: p.walk.detour(),
        walk_speed_mps: p.walk.speed_mps(),
        max_rounds: p.router.max_rounds,
        min_change_s: p.router.min_change_secs,
        node_radius_m: a.node_radius_m,
        headway_window: [fmt_hm(opts.headway_window.0), fmt_hm(opts.headway_window.1)],
        peak_window: [fmt_hm(opts.peak_window.0), fmt_hm(opts.peak_window.1)],
        population_source: study.population_source().0,
        population_synthetic: study.population_source().1,
        population_total: cells.iter().map(|c| c.population as u64).sum(),
        populated_cells: cells.len(),
        cell_size_m: sizes,
    }
}
