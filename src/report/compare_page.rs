//! The `compare` page on the report's content model: [`CompareData`] as blocks (summary, service,
//! care, sparse areas, cost, maps, method) and change maps, rendered like the report to HTML,
//! Markdown and an Excel workbook, in Swedish or English; and the summary printed on the
//! terminal. Presentation only: every number comes from `analysis::compare`.

use super::ReportError;
use super::content::Block;
use super::figure::render;
use super::figures::{Named, base_map, change_legend};
use super::html::Cell as H;
use super::text::L;
use crate::analysis::assess::Assessment;
use crate::analysis::compare::{Change, CompareData, SideInfo, cell_changes, key_of, round1};
use crate::analysis::compare_service::{RouteChange, Status, StopChange};
use crate::analysis::{Network, Study};

/// Stops listed one by one on the page (all of them are in compare.json, the workbook's
/// last sheet and stops_change.geojson).
pub const STOP_LINES: usize = 40;

/// What the maps need: the after side's study and network (for lines and places) and both
/// assessments.
pub struct MapSide<'a> {
    pub study: &'a Study,
    pub net: &'a Network<'a>,
    pub before: &'a Assessment,
    pub after: &'a Assessment,
}

/// The page: title, cover lines, table of contents, blocks and figures.
pub struct ComparePage {
    pub title: String,
    pub cover: Vec<String>,
    pub toc: Vec<(String, String)>,
    pub blocks: Vec<Block>,
    pub figures: Vec<Named>,
}

/// "gtfs/kronoberg, 2026-11-24 + scenario X".
pub fn side_text(l: &L, s: &SideInfo) -> String {
    let mut t = format!("{} · {} {}", s.feeds.join(" + "), l.t("trafikdag", "service day"), s.date);
    if let Some(sc) = &s.scenario {
        t += &format!(" · {} {} ({})", l.t("scenario", "scenario"), sc.name, sc.file);
    }
    if !s.care_closed.is_empty() {
        t += &format!(" · {}: {}", l.t("stängd vård", "care closed"), s.care_closed.join(", "));
    }
    t
}

/// Builds the page in language `l`.
pub fn build(l: &L, d: &CompareData, maps: &MapSide) -> Result<ComparePage, ReportError> {
    let title = format!("{} – {}", l.t("Jämförelse av kollektivtrafiken", "Public transport compared"), d.region);
    let mut cover = vec![
        format!("{}: {}", l.t("Före", "Before"), side_text(l, &d.before)),
        format!("{}: {}", l.t("Efter", "After"), side_text(l, &d.after)),
    ];
    for sc in d.before.scenario.iter().chain(&d.after.scenario) {
        if !sc.description.is_empty() {
            cover.push(format!("{}: {}", sc.name, sc.description));
        }
    }
    let toc: Vec<(String, String)> = [
        ("sammanfattning", l.t("1. Sammanfattning", "1. Summary")),
        ("utbud", l.t("2. Trafikutbud", "2. Service")),
        ("vard", l.t("3. Vård och strategiska noder", "3. Care and strategic nodes")),
        ("glesa", l.t("4. Glesa miljöer", "4. Sparse areas")),
        ("kostnad", l.t("5. Kostnad", "5. Cost")),
        ("kartor", l.t("6. Kartor", "6. Maps")),
        ("metod", l.t("7. Metod", "7. Method")),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let (figures, map_blocks) = maps_part(l, d, maps)?;
    let parts: [Vec<Block>; 7] = [
        summary(l, d),
        service(l, d),
        super::compare_sections::care(l, d),
        super::compare_sections::coverage(l, d),
        super::compare_sections::cost(l, d),
        map_blocks,
        super::compare_sections::method(l, d),
    ];
    let mut blocks = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        blocks.push(Block::H2(toc[i].0.clone(), toc[i].1.clone()));
        blocks.extend(part);
    }
    Ok(ComparePage { title, cover, toc, blocks, figures })
}

/// The key figures and, when nothing differs, "inga förändringar".
fn summary(l: &L, d: &CompareData) -> Vec<Block> {
    let mut b = Vec::new();
    if d.no_changes {
        b.push(Block::P(
            l.t(
                "Inga förändringar: varje skillnad i jämförelsen är noll.",
                "No changes: every difference in the comparison is zero.",
            )
            .into(),
        ));
    }
    let c = &d.cost;
    let s = &d.service;
    let mut kpis = vec![
        (
            signed(c.difference.runs as f64, 0, l),
            format!(
                "{} ({} → {})",
                l.t("turer per dag", "trips per day"),
                l.int(c.before.runs.max(0) as u64),
                l.int(c.after.runs.max(0) as u64)
            ),
        ),
        (
            signed(c.difference.vehicle_hours, 1, l),
            format!(
                "{} ({} → {})",
                l.t("fordonstimmar per dag", "vehicle-hours per day"),
                l.dec(c.before.vehicle_hours, 1),
                l.dec(c.after.vehicle_hours, 1)
            ),
        ),
        (
            signed(c.difference.vehicle_km, 0, l),
            format!(
                "{} ({} → {})",
                l.t("fordonskm per dag", "vehicle-km per day"),
                l.dec(c.before.vehicle_km, 0),
                l.dec(c.after.vehicle_km, 0)
            ),
        ),
        (
            format!("+{} / −{} / ~{}", s.stops_added, s.stops_removed, s.stops_changed),
            l.t("hållplatser tillkommer / försvinner / ändras", "stops added / removed / changed").into(),
        ),
        (
            format!("+{} / −{} / ~{}", s.routes_added, s.routes_removed, s.routes_changed),
            l.t("linjer tillkommer / försvinner / ändras", "routes added / removed / changed").into(),
        ),
        goal_kpi(l, &d.node_goals_met, l.t("mål för strategiska noder uppfyllda", "strategic-node goals met")),
        goal_kpi(l, &d.municipality_goals_met, l.t("kommunmål uppfyllda", "municipal goals met")),
    ];
    for a in &d.county {
        kpis.push((
            format!("+{} / −{}", l.int(a.change.new_access), l.int(a.change.lost_access)),
            format!(
                "{} {} {} {} min",
                l.t("invånare får / förlorar", "inhabitants gain / lose"),
                group_label(l, d, &a.group),
                l.t("inom", "within"),
                d.limit_min
            ),
        ));
    }
    b.push(Block::Kpis(kpis));
    let mut lines: Vec<String> =
        d.service.routes.iter().take(10).map(|r| route_line(l, r, &d.service.routes)).collect();
    lines.extend(d.goals_changed.iter().map(|g| {
        let goal = super::content::goal_name(l, &g.goal);
        format!("{} – {goal}: {} → {}", g.subject, met_text(l, g.met_before), met_text(l, g.met_after))
    }));
    if !lines.is_empty() {
        b.push(Block::H3(l.t("Största förändringarna", "Largest changes").into()));
        b.push(Block::List(lines));
    }
    b
}

fn goal_kpi(l: &L, c: &Change, label: &str) -> (String, String) {
    let v = |x: Option<f64>| x.map_or("–".into(), |x| l.int(x as u64));
    (c.difference.map_or("–".into(), |x| signed(x, 0, l)), format!("{label} ({} → {})", v(c.before), v(c.after)))
}

pub fn met_text(l: &L, m: Option<bool>) -> String {
    match m {
        Some(true) => l.t("uppfyllt", "met"),
        Some(false) => l.t("ej uppfyllt", "not met"),
        None => "–",
    }
    .into()
}

/// "+3", "−1,5", "0".
pub fn signed(x: f64, d: usize, l: &L) -> String {
    let x = round1(x) + 0.0;
    let t = l.dec(x.abs(), d);
    if x > 0.0 {
        format!("+{t}")
    } else if x < 0.0 {
        format!("−{t}")
    } else {
        t
    }
}

fn status_text(l: &L, s: Status) -> &'static str {
    match s {
        Status::Added => l.t("ny", "new"),
        Status::Removed => l.t("upphör", "discontinued"),
        Status::Changed => l.t("ändrad", "changed"),
    }
}

/// "Linje 280: 14 → 8 turer (ändrad; 2 345 invånare)"; with its route_id when another route
/// in `all` has the same name ("Linje 2 (vxo-2): …").
pub fn route_line(l: &L, r: &RouteChange, all: &[RouteChange]) -> String {
    let twin = all.iter().any(|x| x.name == r.name && x.route_id != r.route_id);
    let name = if twin { format!("{} ({})", r.name, r.route_id) } else { r.name.clone() };
    format!(
        "{} {name}: {} → {} {} ({}; {} {})",
        l.t("Linje", "Route"),
        r.runs[0],
        r.runs[1],
        l.t("turer", "trips"),
        status_text(l, r.status),
        l.int(r.people),
        l.t("invånare nära linjen", "inhabitants near the route")
    )
}

/// "Moheda station: 30 → 22 avgångar (ändrad; 412 invånare inom 400 m)".
pub fn stop_line(l: &L, s: &StopChange) -> String {
    format!(
        "{}: {} → {} {} ({}; {} {})",
        s.name,
        s.departures[0],
        s.departures[1],
        l.t("avgångar", "departures"),
        status_text(l, s.status),
        l.int(s.people),
        l.t("invånare inom 400 m", "inhabitants within 400 m")
    )
}

fn service(l: &L, d: &CompareData) -> Vec<Block> {
    let mut b = Vec::new();
    let s = &d.service;
    b.push(Block::P(format!(
        "{} {} → {}; {} {} → {}. {}",
        l.t("Hållplatser med avgångar:", "Stops with departures:"),
        l.int(s.stops_served[0] as u64),
        l.int(s.stops_served[1] as u64),
        l.t("linjer i trafik:", "routes running:"),
        l.int(s.routes_running[0] as u64),
        l.int(s.routes_running[1] as u64),
        l.t(
            "Varje sida räknas på sin egen trafikdag. Invånare berörda: för en hållplats de som bor inom 400 m (ytviktat, som rapportens hållplatstabeller); för en linje de som bor inom 400 m från någon av linjens hållplatser, före eller efter (varje ruta räknas en gång, med den största andel av den som ligger inom en hållplats cirkel). Listorna är sorterade efter berörda invånare.",
            "Each side is counted on its own service day. People affected: for a stop, those living within 400 m (area-weighted, as in the report's stop tables); for a route, those living within 400 m of any of its stops, before or after (each grid cell counted once, by the largest share of it inside one stop's circle). The lists are sorted by people affected.",
        )
    )));
    b.push(Block::H3(l.t("Per kommun", "Per municipality").into()));
    let head = [
        l.t("Kommun", "Municipality"),
        l.t("Avgångar före", "Departures before"),
        l.t("Avgångar efter", "Departures after"),
        l.t("Skillnad", "Difference"),
        l.t("Hållplatser före → efter", "Stops before → after"),
        l.t("Linjer före → efter", "Routes before → after"),
        l.t("Första–sista före", "First–last before"),
        l.t("Första–sista efter", "First–last after"),
    ]
    .map(String::from)
    .to_vec();
    let rows = s
        .areas
        .iter()
        .map(|a| {
            let n = |c: &Change, i: usize| l.int([c.before, c.after][i].unwrap_or(0.0) as u64);
            vec![
                H::Text(if a.area.is_empty() { d.region.clone() } else { a.area.clone() }),
                H::Num(n(&a.departures, 0)),
                H::Num(n(&a.departures, 1)),
                H::Num(signed(a.departures.difference.unwrap_or(0.0), 0, l)),
                H::Num(format!("{} → {}", n(&a.stops_served, 0), n(&a.stops_served, 1))),
                H::Num(format!("{} → {}", n(&a.routes, 0), n(&a.routes, 1))),
                H::Num(span(&a.first[0], &a.last[0])),
                H::Num(span(&a.first[1], &a.last[1])),
            ]
        })
        .collect();
    b.push(Block::Table(head, rows));
    b.push(Block::H3(l.t("Linjer som ändras", "Routes that change").into()));
    if s.routes.is_empty() {
        b.push(Block::P(l.t("Ingen linje ändras.", "No route changes.").into()));
    } else {
        b.push(Block::List(s.routes.iter().map(|r| route_line(l, r, &d.service.routes)).collect()));
        b.push(routes_table(l, &s.routes));
    }
    b.push(Block::H3(l.t("Hållplatser som ändras", "Stops that change").into()));
    if s.stops.is_empty() {
        b.push(Block::P(l.t("Ingen hållplats ändras.", "No stop changes.").into()));
    } else {
        b.push(Block::List(s.stops.iter().take(STOP_LINES).map(|x| stop_line(l, x)).collect()));
        if s.stops.len() > STOP_LINES {
            b.push(Block::Note(format!(
                "{} {} {}",
                l.t("De", "The"),
                l.int(STOP_LINES as u64),
                l.t(
                    "hållplatser med flest berörda invånare visas; alla finns i compare.json, compare.xlsx (sista bladet) och stops_change.geojson.",
                    "stops with the most people affected are shown; all are in compare.json, compare.xlsx (last sheet) and stops_change.geojson.",
                )
            )));
        }
        b.push(stops_table(l, &s.stops, STOP_LINES));
    }
    b
}

fn routes_table(l: &L, routes: &[RouteChange]) -> Block {
    let head = [
        l.t("Linje", "Route"),
        "route_id",
        l.t("Status", "Status"),
        l.t("Turer före", "Trips before"),
        l.t("Turer efter", "Trips after"),
        l.t("Fordonstimmar före", "Vehicle-hours before"),
        l.t("Fordonstimmar efter", "Vehicle-hours after"),
        l.t("Fordonskm före", "Vehicle-km before"),
        l.t("Fordonskm efter", "Vehicle-km after"),
        l.t("Hållplatser före → efter", "Stops before → after"),
        l.t("Invånare berörda", "People affected"),
    ]
    .map(String::from)
    .to_vec();
    let rows = routes
        .iter()
        .map(|r| {
            vec![
                H::Text(r.name.clone()),
                H::Text(r.route_id.clone()),
                H::Text(status_text(l, r.status).into()),
                H::Num(l.int(r.runs[0] as u64)),
                H::Num(l.int(r.runs[1] as u64)),
                H::Num(l.dec(r.vehicle_hours[0], 2)),
                H::Num(l.dec(r.vehicle_hours[1], 2)),
                H::Num(l.dec(r.vehicle_km[0], 1)),
                H::Num(l.dec(r.vehicle_km[1], 1)),
                H::Num(format!("{} → {}", r.stops[0], r.stops[1])),
                H::Num(l.int(r.people)),
            ]
        })
        .collect();
    Block::Table(head, rows)
}

/// The stops table, the first `n` rows.
/// "first–last" of a side's service span, or "–" when the side has no service there.
fn span(first: &Option<String>, last: &Option<String>) -> String {
    match (first, last) {
        (Some(f), Some(t)) => format!("{f}–{t}"),
        _ => "–".into(),
    }
}

pub fn stops_table(l: &L, stops: &[StopChange], n: usize) -> Block {
    let head = [
        l.t("Hållplats", "Stop"),
        "stop_id",
        l.t("Kommun", "Municipality"),
        l.t("Status", "Status"),
        l.t("Avgångar före", "Departures before"),
        l.t("Avgångar efter", "Departures after"),
        l.t("Linjer före → efter", "Routes before → after"),
        l.t("Första–sista före", "First–last before"),
        l.t("Första–sista efter", "First–last after"),
        l.t("Invånare inom 400 m", "Inhabitants within 400 m"),
    ]
    .map(String::from)
    .to_vec();
    let rows = stops
        .iter()
        .take(n)
        .map(|s| {
            vec![
                H::Text(s.name.clone()),
                H::Text(s.stop_id.clone()),
                H::Text(s.municipality.clone().unwrap_or_default()),
                H::Text(status_text(l, s.status).into()),
                H::Num(l.int(s.departures[0] as u64)),
                H::Num(l.int(s.departures[1] as u64)),
                H::Num(format!("{} → {}", s.routes[0], s.routes[1])),
                H::Num(span(&s.first[0], &s.last[0])),
                H::Num(span(&s.first[1], &s.last[1])),
                H::Num(l.int(s.people)),
            ]
        })
        .collect();
    Block::Table(head, rows)
}

fn maps_part(l: &L, d: &CompareData, side: &MapSide) -> Result<(Vec<Named>, Vec<Block>), ReportError> {
    let (mut figs, mut b) = (Vec::new(), Vec::new());
    b.push(Block::P(
        l.t(
            "Förändrad medianrestid per befolkningsruta, efter jämfört med före.",
            "Change of the median travel time per population cell, after against before.",
        )
        .into(),
    ));
    for g in &d.groups_compared {
        let k = key_of(g);
        let title = format!("{}: {}", l.t("Förändrad restid", "Change in travel time"), group_label(l, d, k));
        let mut m = base_map(l, &title, side.study, side.net, k == "vardcentral");
        m.classes = change_legend(l);
        m.legend_title = l.t("Efter jämfört med före", "After against before").into();
        let ch = cell_changes(side.before, side.after, k);
        m.cells = side.study.cells.iter().zip(ch).map(|(c, x)| (c.x, c.y, c.size_m, x.class.index())).collect();
        let name = format!("andrad_restid_{k}");
        figs.push(Named { name: name.clone(), caption: title, figure: render(1000, 620, &m)? });
        b.push(Block::Figure(name));
    }
    if !d.groups_only_before.is_empty() || !d.groups_only_after.is_empty() {
        let list = |v: &[String]| if v.is_empty() { "–".to_string() } else { v.join("; ") };
        b.push(Block::Note(format!(
            "{} {}; {} {}.",
            l.t(
                "Målgrupper som bara finns på ena sidan jämförs inte: före",
                "Groups on one side only are not compared: before"
            ),
            list(&d.groups_only_before),
            l.t("efter", "after"),
            list(&d.groups_only_after)
        )));
    }
    Ok((figs, b))
}

/// A group's name in the page's language (the report's), else its label from `key: label`.
pub fn group_label(l: &L, d: &CompareData, key: &str) -> String {
    let fallback = d
        .groups_compared
        .iter()
        .chain(&d.groups_only_before)
        .chain(&d.groups_only_after)
        .find(|g| key_of(g) == key)
        .and_then(|g| g.split_once(": ").map(|x| x.1.to_string()))
        .unwrap_or_else(|| key.to_string());
    super::care_tables::group_label(l, key, &fallback, None)
}

/// The printed summary.
pub fn text_summary(l: &L, d: &CompareData) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "{}: {}", l.t("Före", "Before"), side_text(l, &d.before));
    let _ = writeln!(s, "{}: {}", l.t("Efter", "After"), side_text(l, &d.after));
    if d.no_changes {
        let _ = writeln!(s, "{}", l.t("Inga förändringar.", "No changes."));
    }
    let c = &d.cost;
    let _ = writeln!(
        s,
        "{}: {} {}, {} {}, {} {}",
        l.t("Kostnad per dag", "Cost per day"),
        signed(c.difference.runs as f64, 0, l),
        l.t("turer", "trips"),
        signed(c.difference.vehicle_hours, 1, l),
        l.t("fordonstimmar", "vehicle-hours"),
        signed(c.difference.vehicle_km, 1, l),
        l.t("fordonskm", "vehicle-km")
    );
    let sv = &d.service;
    let _ = writeln!(
        s,
        "{}: +{} −{} ~{}; {}: +{} −{} ~{}",
        l.t("Hållplatser", "Stops"),
        sv.stops_added,
        sv.stops_removed,
        sv.stops_changed,
        l.t("linjer", "routes"),
        sv.routes_added,
        sv.routes_removed,
        sv.routes_changed
    );
    for r in sv.routes.iter().take(5) {
        let _ = writeln!(s, "  {}", route_line(l, r, &sv.routes));
    }
    let (n, m) = (&d.node_goals_met, &d.municipality_goals_met);
    let v = |x: Option<f64>| x.map_or("–".into(), |x| l.int(x as u64));
    let _ = writeln!(
        s,
        "{}: {} → {}; {}: {} → {}; {} {}",
        l.t("Nodmål uppfyllda", "Node goals met"),
        v(n.before),
        v(n.after),
        l.t("kommunmål", "municipal goals"),
        v(m.before),
        v(m.after),
        d.goals_changed.len(),
        l.t("ändrar status", "change status")
    );
    for a in &d.county {
        let c = &a.change;
        let _ = writeln!(
            s,
            "{}: {} {} min +{} −{} {}",
            group_label(l, d, &a.group),
            l.t("inom", "within"),
            d.limit_min,
            l.int(c.new_access),
            l.int(c.lost_access),
            l.t("invånare", "inhabitants")
        );
    }
    s
}
