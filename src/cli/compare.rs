//! `narhet compare`: the same metrics as the report (strategic nodes, reach to care per cell,
//! town and municipality, goals) run on today's network and on a scenario's edited copy, with
//! their differences and the cost side, written as HTML, JSON and GeoJSON.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use plotters::style::RGBColor;
use serde::Serialize;

use super::common::{DEFAULT_REGION, FeedArgs, date_or_default, parse_date};
use super::reach::parse_window;
use crate::date::Date;
use crate::export::{Field, Format, Geometry, Table, table_to_string};
use crate::feed::Feed;
use crate::metrics::reach_summary::BANDS_MIN;
use crate::numfmt::{dec, int};
use crate::output::OutDir;
use crate::region::Region;
use crate::report::data::{Computed, Inputs, compute_report};
use crate::report::figure::render;
use crate::report::html::{Cell as H, Doc};
use crate::report::text::{L, Lang};
use crate::scenario::Scenario;
use crate::scenario::cost::{RouteCost, route_costs, totals};
use crate::scenario::diff::{BandChange, access_change, median_changes};
use crate::spatial::Cell;
use crate::timetable::{FootpathOptions, Timetable};

/// Compares a scenario with today's network: loads the region and the feed once, applies the
/// scenario to copies, and runs the report's metrics on both.
///
/// Output (in --out, default out/compare): compare.html (self-contained), compare.json
/// (before, after and difference of every metric), cells_change.geojson (per populated cell:
/// median minutes to each destination group before, after and the difference; for QGIS).
/// A short summary is printed.
///
/// Example: narhet compare --scenario regions/kronoberg/scenarios/alvesta-rappe-direktlinje.toml --date 2026-11-24
#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The scenario file (TOML; see regions/kronoberg/scenarios/).
    #[arg(long)]
    pub scenario: PathBuf,
    /// Region file (municipalities, towns, goals, care nodes, population grid).
    #[arg(long, default_value = DEFAULT_REGION)]
    pub region: PathBuf,
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Service date to analyse (YYYY-MM-DD); default: a typical weekday of the feed. The cost
    /// side counts the trips run on this date.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Output directory (replaced only if narhet made it).
    #[arg(long, default_value = "out/compare")]
    pub out: PathBuf,
    /// Morning departure window for travel times, HH:MM-HH:MM.
    #[arg(long, default_value = "07:00-09:00")]
    pub window: String,
}

/// One metric before and after.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Change {
    pub metric: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub difference: Option<f64>,
}

fn change(metric: &str, before: Option<f64>, after: Option<f64>) -> Change {
    Change {
        metric: metric.into(),
        before,
        after,
        difference: before.zip(after).map(|(b, a)| ((a - b) * 10.0).round() / 10.0),
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct NodeChange {
    pub town: String,
    pub municipality: String,
    pub metrics: Vec<Change>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AreaGroupChange {
    pub area: String,
    pub group: String,
    pub population: u64,
    /// Population within 30/45/60/90 min, before / after / difference.
    pub within: Vec<Change>,
    /// Population gaining and losing access per band.
    pub bands: Vec<BandChange>,
    /// Population-weighted mean change of the median travel time among cells reached both times.
    pub mean_change_min: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GoalChange {
    pub subject: String,
    pub goal: String,
    pub target_before: Option<f64>,
    pub target_after: Option<f64>,
    pub value_before: Option<f64>,
    pub value_after: Option<f64>,
    pub met_before: Option<bool>,
    pub met_after: Option<bool>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CostSide {
    pub date: String,
    pub before: CostTotals,
    pub after: CostTotals,
    pub difference: CostTotals,
    /// Routes whose runs, hours or km changed: (before, after); `None` where the route does not run.
    pub routes: Vec<(String, Option<RouteCost>, Option<RouteCost>)>,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct CostTotals {
    pub runs: i64,
    pub vehicle_hours: f64,
    pub vehicle_km: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct CompareData {
    pub scenario: String,
    pub description: String,
    pub scenario_file: String,
    pub modifications: Vec<String>,
    pub region: String,
    pub date: String,
    pub window: [String; 2],
    pub groups_compared: Vec<String>,
    /// Groups only one side has (e.g. the planned hospital once it is made acute).
    pub groups_only_before: Vec<String>,
    pub groups_only_after: Vec<String>,
    pub nodes: Vec<NodeChange>,
    pub county: Vec<AreaGroupChange>,
    pub municipalities: Vec<AreaGroupChange>,
    pub goals_changed: Vec<GoalChange>,
    pub goals_met: Change,
    pub cost: CostSide,
}

pub fn run(args: &CompareArgs) -> anyhow::Result<()> {
    let t0 = Instant::now();
    let scenario = Scenario::load(&args.scenario)?;
    let region = Region::load(&args.region)?;
    let grid = region.load_population()?;
    let cells = super::common::region_cells(&region, &grid);
    let out = OutDir::create(&args.out)?;
    let feed = args.feed.load()?;
    let date = date_or_default(&feed, args.date)?;
    let (feed2, region2) = scenario.apply(&feed, &region)?;
    let (start, end) = parse_window(&args.window)?;
    let steps = super::progress::bar(2, "jämförelse");
    let run_one = |region: &Region, feed: &Feed| -> (Computed, Timetable) {
        let walk = FootpathOptions { walk: region.walk.model, ..Default::default() };
        let tt = Timetable::build(feed, date, &walk);
        let reach = crate::metrics::reach::ReachParams {
            window_start: start,
            window_end: end,
            return_after: None,
            ..region.reach_params()
        };
        let inputs = Inputs {
            region,
            feed,
            date,
            tt: &tt,
            cells: &cells,
            population_source: region.population_grid.as_ref().map_or("–".into(), |p| p.display().to_string()),
            reach,
            node_radius_m: region.walk.access_radius_m,
        };
        let c = compute_report(&inputs);
        (c, tt)
    };
    let (before, _) = run_one(&region, &feed);
    steps.inc(1);
    let (after, tt_after) = run_one(&region2, &feed2);
    steps.finish_and_clear();

    let data = compare_data(&scenario, &region, date, &before, &after, &feed, &feed2, [start, end]);
    let html = html(&data, &region2, &after, &feed2, &tt_after, &cells, &before)?;
    out.write("compare.html", html)?;
    out.write("compare.json", serde_json::to_string_pretty(&data)? + "\n")?;
    let (t, g) = cells_table(&cells, &region.municipality_names(), &before, &after, &data.groups_compared);
    out.write("cells_change.geojson", table_to_string(&t, Some(&g), Format::Geojson)?)?;
    let path = out.commit()?;
    print!("{}", text_summary(&data));
    println!(
        "Skrivet: {}/compare.html, compare.json, cells_change.geojson · {:.1} s",
        path.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

fn group_pos(c: &Computed, key: &str) -> Option<usize> {
    c.reach.groups.iter().position(|g| g.key == key)
}

#[allow(clippy::too_many_arguments)]
fn compare_data(
    scenario: &Scenario,
    region: &Region,
    date: Date,
    b: &Computed,
    a: &Computed,
    feed_b: &Feed,
    feed_a: &Feed,
    window: [u32; 2],
) -> CompareData {
    let keys_b: Vec<String> = b.reach.groups.iter().map(|g| g.key.clone()).collect();
    let keys_a: Vec<String> = a.reach.groups.iter().map(|g| g.key.clone()).collect();
    let both: Vec<String> = keys_b.iter().filter(|k| keys_a.contains(k)).cloned().collect();
    let label = |k: &str| {
        a.reach.groups.iter().chain(&b.reach.groups).find(|g| g.key == k).map_or(k.to_string(), |g| g.label.clone())
    };

    // Strategic nodes.
    let nodes = b
        .data
        .nodes
        .iter()
        .filter_map(|nb| {
            let na = a.data.nodes.iter().find(|n| n.town == nb.town)?;
            Some(NodeChange {
                town: nb.town.clone(),
                municipality: nb.municipality.clone(),
                metrics: vec![
                    change(
                        "departures_to_core",
                        Some(nb.to_core.departures as f64),
                        Some(na.to_core.departures as f64),
                    ),
                    change("fastest_to_core_min", nb.fastest_to_core_min, na.fastest_to_core_min),
                    change("median_to_core_min", nb.median_to_core_min, na.median_to_core_min),
                    change("median_to_acute_min", nb.median_to_acute_min, na.median_to_acute_min),
                    change("median_to_planned_min", nb.median_to_planned_min, na.median_to_planned_min),
                    // No planned node on a side: no departures to count (not zero).
                    change(
                        "departures_to_planned",
                        group_pos(b, "planned_hospital").map(|_| nb.departures_to_planned as f64),
                        group_pos(a, "planned_hospital").map(|_| na.departures_to_planned as f64),
                    ),
                ],
            })
        })
        .collect();

    // County and municipalities, per group compared.
    let names = region.municipality_names();
    let mut county = Vec::new();
    let mut municipalities = Vec::new();
    for k in &both {
        let (gb, ga) = (group_pos(b, k), group_pos(a, k));
        let area = |m: Option<u16>| {
            let idx: Vec<usize> =
                (0..b.reach.cells.len()).filter(|&i| m.is_none_or(|m| b.reach.cells[i].municipality == m)).collect();
            let origins: Vec<_> = idx.iter().map(|&i| b.reach.cells[i].clone()).collect();
            let rb: Vec<_> = idx.iter().map(|&i| b.reach.cell_results[i].clone()).collect();
            let ra: Vec<_> = idx.iter().map(|&i| a.reach.cell_results[i].clone()).collect();
            let bands = access_change(&origins, &rb, gb, &ra, ga);
            let pop: u64 = origins.iter().map(|o| o.population as u64).sum();
            let within = |rs: &[crate::metrics::reach::OriginReach], g: Option<usize>, band: u32| {
                origins
                    .iter()
                    .zip(rs)
                    .filter(|(_, r)| g.and_then(|g| r[g].stats).and_then(|s| s.median).is_some_and(|m| m <= band * 60))
                    .map(|(o, _)| o.population as u64)
                    .sum::<u64>() as f64
            };
            let changes = median_changes(&rb, gb, &ra, ga);
            let (mut w, mut sum) = (0.0, 0.0);
            for (o, c) in origins.iter().zip(&changes) {
                if let Some(d) = c.2 {
                    w += o.population as f64;
                    sum += d * o.population as f64;
                }
            }
            AreaGroupChange {
                area: m.and_then(|m| names.get(m as usize).cloned()).unwrap_or_else(|| region.name.clone()),
                group: k.clone(),
                population: pop,
                within: BANDS_MIN
                    .iter()
                    .map(|&band| {
                        change(&format!("within_{band}_min"), Some(within(&rb, gb, band)), Some(within(&ra, ga, band)))
                    })
                    .collect(),
                bands,
                mean_change_min: (w > 0.0).then(|| (sum / w * 10.0).round() / 10.0),
            }
        };
        county.push(area(None));
        for m in 0..names.len() {
            municipalities.push(area(Some(m as u16)));
        }
    }

    // Goals whose status changes (or that exist on one side only).
    let goals_b: Vec<_> = b.data.nodes.iter().flat_map(|n| n.goals.iter()).collect();
    let goals_a: Vec<_> = a.data.nodes.iter().flat_map(|n| n.goals.iter()).collect();
    let mut goals_changed = Vec::new();
    let mut keys: Vec<(String, String)> =
        goals_b.iter().chain(&goals_a).map(|g| (g.subject.clone(), g.goal.clone())).collect();
    keys.sort();
    keys.dedup();
    for (s, g) in keys {
        let x = goals_b.iter().find(|q| q.subject == s && q.goal == g);
        let y = goals_a.iter().find(|q| q.subject == s && q.goal == g);
        if x.map(|q| q.met) != y.map(|q| q.met) {
            goals_changed.push(GoalChange {
                subject: s,
                goal: g,
                target_before: x.map(|q| q.target),
                target_after: y.map(|q| q.target),
                value_before: x.and_then(|q| q.value),
                value_after: y.and_then(|q| q.value),
                met_before: x.map(|q| q.met),
                met_after: y.map(|q| q.met),
            });
        }
    }
    let goals_met = change("goals_met", Some(b.data.summary.goals_met as f64), Some(a.data.summary.goals_met as f64));

    // Cost side.
    let cb = route_costs(feed_b, date);
    let ca = route_costs(feed_a, date);
    let tot = |c: &[RouteCost]| {
        let (r, h, k) = totals(c);
        CostTotals { runs: r as i64, vehicle_hours: round1(h), vehicle_km: round1(k) }
    };
    let (tb, ta) = (tot(&cb), tot(&ca));
    let mut ids: Vec<&str> = cb.iter().chain(&ca).map(|r| r.route_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let routes = ids
        .into_iter()
        .filter_map(|id| {
            let x = cb.iter().find(|r| r.route_id == id);
            let y = ca.iter().find(|r| r.route_id == id);
            let same = match (x, y) {
                (Some(x), Some(y)) => {
                    x.runs == y.runs
                        && (x.vehicle_hours - y.vehicle_hours).abs() < 1e-6
                        && (x.vehicle_km - y.vehicle_km).abs() < 1e-6
                }
                _ => false,
            };
            (!same).then(|| (id.to_string(), x.cloned().map(rounded), y.cloned().map(rounded)))
        })
        .collect();
    let cost = CostSide {
        date: date.to_string(),
        before: tb,
        after: ta,
        difference: CostTotals {
            runs: ta.runs - tb.runs,
            vehicle_hours: round1(ta.vehicle_hours - tb.vehicle_hours),
            vehicle_km: round1(ta.vehicle_km - tb.vehicle_km),
        },
        routes,
    };
    CompareData {
        scenario: scenario.meta.name.clone(),
        description: scenario.meta.description.clone(),
        scenario_file: scenario.source.clone(),
        modifications: scenario.modifications.iter().map(|m| m.kind().to_string()).collect(),
        region: region.name.clone(),
        date: date.to_string(),
        window: [crate::date::fmt_hm(window[0]), crate::date::fmt_hm(window[1])],
        groups_compared: both.iter().map(|k| format!("{k}: {}", label(k))).collect(),
        groups_only_before: keys_b
            .iter()
            .filter(|k| !keys_a.contains(k))
            .map(|k| format!("{k}: {}", label(k)))
            .collect(),
        groups_only_after: keys_a
            .iter()
            .filter(|k| !keys_b.contains(k))
            .map(|k| format!("{k}: {}", label(k)))
            .collect(),
        nodes,
        county,
        municipalities,
        goals_changed,
        goals_met,
        cost,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn rounded(mut r: RouteCost) -> RouteCost {
    r.vehicle_hours = (r.vehicle_hours * 100.0).round() / 100.0;
    r.vehicle_km = round1(r.vehicle_km);
    r
}

fn key_of(s: &str) -> &str {
    s.split(':').next().unwrap_or(s)
}

/// Per populated cell: median minutes per compared group before, after and the difference.
fn cells_table(
    cells: &[Cell],
    names: &[String],
    b: &Computed,
    a: &Computed,
    groups: &[String],
) -> (Table, Vec<Geometry>) {
    let mut cols = vec!["cell_id".to_string(), "population".into(), "municipality".into()];
    for g in groups {
        let k = key_of(g);
        cols.extend([format!("{k}_before_min"), format!("{k}_after_min"), format!("{k}_diff_min")]);
    }
    let mut t = Table::new(&cols);
    let per_group: Vec<_> = groups
        .iter()
        .map(|g| {
            let k = key_of(g);
            median_changes(&b.reach.cell_results, group_pos(b, k), &a.reach.cell_results, group_pos(a, k))
        })
        .collect();
    for (i, c) in cells.iter().enumerate() {
        let mut row = vec![
            Field::Text(c.id().to_string()),
            Field::Int(c.population as i64),
            Field::opt_text(names.get(c.municipality as usize).cloned()),
        ];
        for pg in &per_group {
            let (x, y, d) = pg[i];
            row.extend([Field::opt_num(x, 1), Field::opt_num(y, 1), Field::opt_num(d, 1)]);
        }
        t.push(row);
    }
    let geoms = cells.iter().map(|c| Geometry::Polygon(vec![c.ring_wgs84().to_vec()])).collect();
    (t, geoms)
}

fn num(x: Option<f64>) -> H {
    x.map_or(H::Text("–".into()), |x| H::Num(dec(x, 1, true)))
}

fn signed_num(x: Option<f64>) -> H {
    match x {
        Some(x) if x > 0.0 => H::Num(format!("+{}", dec(x, 1, true))),
        Some(x) => H::Num(dec(round1(x) + 0.0, 1, true)),
        None => H::Text("–".into()),
    }
}

fn metric_label(m: &str) -> &str {
    match m {
        "departures_to_core" => "Avgångar till Växjö (direkt)",
        "fastest_to_core_min" => "Snabbaste till Växjö, min",
        "median_to_core_min" => "Median till Växjö, min",
        "median_to_acute_min" => "Median till akutsjukhus, min",
        "median_to_planned_min" => "Median till Räppe, min",
        "departures_to_planned" => "Avgångar till Räppe (direkt)",
        other => other,
    }
}

fn html(
    d: &CompareData,
    region: &Region,
    after: &Computed,
    feed: &Feed,
    tt: &Timetable,
    cells: &[Cell],
    before: &Computed,
) -> anyhow::Result<String> {
    let title = format!("Scenario: {}", d.scenario);
    let mut doc = Doc::new(&title, "sv");
    let mut cover = vec![
        format!("Jämförelse med dagens nät · {} · trafikdag {}", d.region, d.date),
        format!("Scenariofil: {} · ändringar: {}", d.scenario_file, d.modifications.join(", ")),
    ];
    if !d.description.is_empty() {
        cover.push(d.description.clone());
    }
    doc.cover(&cover);
    let c = &d.cost;
    doc.kpis(&[
        (
            signed_i(d.goals_met.difference),
            format!("mål uppfyllda ({} → {})", opt_i(d.goals_met.before), opt_i(d.goals_met.after)),
        ),
        (
            signed_dec(c.difference.vehicle_hours),
            format!(
                "fordonstimmar per dag ({} → {})",
                dec(c.before.vehicle_hours, 1, true),
                dec(c.after.vehicle_hours, 1, true)
            ),
        ),
        (
            signed_dec(c.difference.vehicle_km),
            format!("fordonskm per dag ({} → {})", dec(c.before.vehicle_km, 0, true), dec(c.after.vehicle_km, 0, true)),
        ),
        (format!("{:+}", c.difference.runs), "turer per dag".into()),
    ]);

    doc.h2("noder", "Strategiska noder: före, efter, skillnad");
    let mut rows = Vec::new();
    for n in &d.nodes {
        for m in &n.metrics {
            if m.before.is_none() && m.after.is_none() {
                continue;
            }
            rows.push(vec![
                H::Text(n.town.clone()),
                H::Text(metric_label(&m.metric).into()),
                num(m.before),
                num(m.after),
                signed_num(m.difference),
            ]);
        }
    }
    doc.table(&["Nod", "Mått", "Före", "Efter", "Skillnad"].map(String::from), &rows);

    doc.h2("mal", "Mål som ändrar status");
    if d.goals_changed.is_empty() {
        doc.p("Inget mål ändrar status.");
    } else {
        let st = |m: Option<bool>| match m {
            Some(true) => H::Status(true, "uppfyllt".into()),
            Some(false) => H::Status(false, "ej uppfyllt".into()),
            None => H::Text("–".into()),
        };
        let rows: Vec<Vec<H>> = d
            .goals_changed
            .iter()
            .map(|g| {
                vec![
                    H::Text(g.subject.clone()),
                    H::Text(g.goal.clone()),
                    num(g.target_after.or(g.target_before)),
                    num(g.value_before),
                    num(g.value_after),
                    st(g.met_before),
                    st(g.met_after),
                ]
            })
            .collect();
        doc.table(&["Ort", "Mål", "Målvärde", "Före", "Efter", "Status före", "Status efter"].map(String::from), &rows);
    }

    doc.h2("befolkning", "Befolkning som får eller förlorar tillgång, per tidsband");
    doc.note("Median av restiden i morgonfönstret, per befolkningsruta. Får tillgång: utanför bandet (eller ej nådd) före, inom efter.");
    for a in &d.county {
        doc.h3(&group_label(d, &a.group));
        let rows: Vec<Vec<H>> = a
            .bands
            .iter()
            .zip(&a.within)
            .map(|(b, w)| {
                vec![
                    H::Text(format!("≤ {} min", b.minutes)),
                    H::Num(int(w.before.unwrap_or(0.0) as u64)),
                    H::Num(int(w.after.unwrap_or(0.0) as u64)),
                    H::Num(format!("+{}", int(b.gained))),
                    H::Num(format!("−{}", int(b.lost))),
                ]
            })
            .collect();
        doc.table(&["Tidsband", "Inom före", "Inom efter", "Får tillgång", "Förlorar"].map(String::from), &rows);
    }
    doc.h2("kommuner", "Per kommun");
    let rows: Vec<Vec<H>> = d
        .municipalities
        .iter()
        .filter(|m| {
            m.bands.iter().any(|b| b.gained > 0 || b.lost > 0) || m.mean_change_min.is_some_and(|x| x.abs() >= 0.1)
        })
        .map(|m| {
            let mut r = vec![H::Text(m.area.clone()), H::Text(group_label(d, &m.group)), signed_num(m.mean_change_min)];
            for b in &m.bands {
                r.push(H::Num(format!("+{} / −{}", int(b.gained), int(b.lost))));
            }
            r
        })
        .collect();
    if rows.is_empty() {
        doc.p("Ingen kommun får ändrade restider.");
    } else {
        let mut head = vec!["Kommun".to_string(), "Mål".into(), "Medeländring, min".into()];
        head.extend(BANDS_MIN.iter().map(|b| format!("≤ {b} min: får / förlorar")));
        doc.table(&head, &rows);
    }

    doc.h2("kartor", "Kartor: förändrad restid per ruta");
    let l = L(Lang::Sv);
    for g in &d.groups_compared {
        let k = key_of(g);
        let (gb, ga) = (group_pos(before, k), group_pos(after, k));
        let title = format!("Förändrad restid: {}", group_label(d, k));
        let mut m = crate::report::figures::base_map(&l, &title, region, after, feed, tt, k == "vardcentral");
        m.classes = vec![
            ("kortare > 10 min".into(), RGBColor(0, 104, 55)),
            ("kortare 2–10 min".into(), RGBColor(120, 198, 121)),
            ("± 2 min".into(), RGBColor(230, 230, 230)),
            ("längre 2–10 min".into(), RGBColor(253, 174, 97)),
            ("längre > 10 min".into(), RGBColor(215, 48, 39)),
            ("nås nu".into(), RGBColor(33, 102, 172)),
            ("nås inte längre".into(), RGBColor(90, 20, 20)),
            ("nås varken före eller efter".into(), RGBColor(150, 150, 150)),
        ];
        m.legend_title = "Scenario jämfört med i dag".into();
        let ch = median_changes(&before.reach.cell_results, gb, &after.reach.cell_results, ga);
        m.cells = cells
            .iter()
            .zip(ch)
            .map(|(c, (x, y, dmin))| {
                let class = match (x, y, dmin) {
                    (_, _, Some(v)) if v < -10.0 => 0,
                    (_, _, Some(v)) if v <= -2.0 => 1,
                    (_, _, Some(v)) if v < 2.0 => 2,
                    (_, _, Some(v)) if v <= 10.0 => 3,
                    (_, _, Some(_)) => 4,
                    (None, Some(_), _) => 5,
                    (Some(_), None, _) => 6,
                    _ => 7,
                };
                (c.x, c.y, c.size_m, class)
            })
            .collect();
        let fig = render(1000, 820, &m)?;
        doc.figure(&fig.svg, &title);
    }
    if !d.groups_only_before.is_empty() || !d.groups_only_after.is_empty() {
        doc.note(&format!(
            "Målgrupper som bara finns på ena sidan jämförs inte: före {}; efter {}.",
            if d.groups_only_before.is_empty() { "–".into() } else { d.groups_only_before.join("; ") },
            if d.groups_only_after.is_empty() { "–".into() } else { d.groups_only_after.join("; ") },
        ));
    }

    doc.h2("kostnad", "Kostnadssidan: fordonstimmar och fordonskm");
    doc.p(&format!(
        "Trafikdag {}: {} → {} turer, {} → {} fordonstimmar, {} → {} fordonskm.",
        c.date,
        int(c.before.runs.max(0) as u64),
        int(c.after.runs.max(0) as u64),
        dec(c.before.vehicle_hours, 1, true),
        dec(c.after.vehicle_hours, 1, true),
        dec(c.before.vehicle_km, 0, true),
        dec(c.after.vehicle_km, 0, true)
    ));
    let rows: Vec<Vec<H>> = c
        .routes
        .iter()
        .map(|(id, x, y)| {
            let h = |r: &Option<RouteCost>| r.as_ref().map(|r| r.vehicle_hours);
            let k = |r: &Option<RouteCost>| r.as_ref().map(|r| r.vehicle_km);
            let n = |r: &Option<RouteCost>| Some(r.as_ref().map_or(0.0, |r| r.runs as f64));
            let name = y.as_ref().or(x.as_ref()).map_or(id.clone(), |r| format!("{} ({id})", r.name));
            vec![
                H::Text(name),
                num(n(x)),
                num(n(y)),
                num(h(x)),
                num(h(y)),
                signed_num(Some(round1(h(y).unwrap_or(0.0) - h(x).unwrap_or(0.0)))),
                num(k(x)),
                num(k(y)),
                signed_num(Some(round1(k(y).unwrap_or(0.0) - k(x).unwrap_or(0.0)))),
            ]
        })
        .collect();
    if rows.is_empty() {
        doc.p("Ingen linje ändras.");
    } else {
        doc.table(
            &[
                "Linje",
                "Turer före",
                "Turer efter",
                "Tim före",
                "Tim efter",
                "Tim skillnad",
                "Km före",
                "Km efter",
                "Km skillnad",
            ]
            .map(String::from),
            &rows,
        );
    }
    doc.note(
        "Fordonstimmar: varje tur som körs trafikdagen, från första avgång till sista ankomst (turer i frequencies.txt räknas en och en; reglertid och tomkörning ingår inte). Fordonskm: fågelvägen mellan på varandra följande hållplatser × 1,3 för buss, × 1,0 för spårtrafik och färja.",
    );
    doc.h2("metod", "Metod");
    doc.note("Samma mått som rapporten (narhet report), beräknade två gånger på samma inlästa nät: i dag och med scenariots ändringar (i minnet; GTFS-filerna ändras inte). Restider: median över morgonfönstrets avgångsminuter. Täckningsmåttet (grundläggande resmöjligheter) och kommunmålen för det ingår inte i jämförelsen.");
    Ok(doc.finish())
}

fn group_label(d: &CompareData, key: &str) -> String {
    d.groups_compared
        .iter()
        .find(|g| key_of(g) == key)
        .and_then(|g| g.split_once(": ").map(|x| x.1.to_string()))
        .unwrap_or_else(|| key.to_string())
}

fn opt_i(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| int(x as u64))
}

fn signed_i(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{:+}", x as i64))
}

fn signed_dec(x: f64) -> String {
    let x = round1(x) + 0.0; // no "−0,0"
    if x > 0.0 { format!("+{}", dec(x, 1, true)) } else { dec(x, 1, true) }
}

/// The printed summary.
pub fn text_summary(d: &CompareData) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "Scenario: {} ({}), trafikdag {}", d.scenario, d.modifications.join(", "), d.date);
    let c = &d.cost;
    let _ = writeln!(
        s,
        "Kostnad: {:+} turer, {} fordonstimmar, {} fordonskm per dag",
        c.difference.runs,
        signed_dec(c.difference.vehicle_hours),
        signed_dec(c.difference.vehicle_km)
    );
    let _ = writeln!(
        s,
        "Mål uppfyllda: {} → {}; {} mål ändrar status",
        opt_i(d.goals_met.before),
        opt_i(d.goals_met.after),
        d.goals_changed.len()
    );
    for g in &d.goals_changed {
        let st = |m: Option<bool>| match m {
            Some(true) => "uppfyllt",
            Some(false) => "ej uppfyllt",
            None => "–",
        };
        let _ = writeln!(s, "  {} {}: {} → {}", g.subject, g.goal, st(g.met_before), st(g.met_after));
    }
    for a in &d.county {
        let bands: Vec<String> =
            a.bands.iter().map(|b| format!("≤{}: +{} −{}", b.minutes, int(b.gained), int(b.lost))).collect();
        let _ = writeln!(
            s,
            "{}: medeländring {} min; invånare {}",
            group_label(d, &a.group),
            a.mean_change_min.map_or("–".into(), signed_dec),
            bands.join(", ")
        );
    }
    if !d.groups_only_before.is_empty() {
        let _ = writeln!(s, "Bara före: {}", d.groups_only_before.join("; "));
    }
    if !d.groups_only_after.is_empty() {
        let _ = writeln!(s, "Bara efter: {}", d.groups_only_after.join("; "));
    }
    s
}
