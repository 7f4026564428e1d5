//! The report's sections that are not about care: the summary (findings and key figures), the
//! strategic nodes with their goals, and the stops. Built from [`ReportData`] alone.

use super::content::{Block, goal_rows};
use super::data::ReportData;
use super::html::Cell;
use super::text::L;
use crate::analysis::goals::GoalCheck;

fn opt_pct(l: &L, x: Option<f64>) -> String {
    x.map_or("–".into(), |x| l.pct(x))
}

/// The summary: what the report covers, the findings that matter most, the key figures.
pub fn summary(l: &L, d: &ReportData, findings: &[String]) -> Vec<Block> {
    let mut b = Vec::new();
    let s = &d.summary;
    b.push(Block::P(format!(
        "{} {} {}, {} {}. {}",
        l.t(
            "Rapporten beskriver kollektivtrafikens utbud och tillgänglighet i",
            "The report describes public transport service and accessibility in"
        ),
        d.region,
        day_phrase(l, d),
        l.weekday(&d.weekday),
        d.date,
        l.t(
            "Alla tal kommer ur tidtabellen (GTFS) och befolkningsrutnätet och finns maskinläsbara i metrics.json och rapport.xlsx.",
            "Every number comes from the timetable (GTFS) and the population grid and is in metrics.json and rapport.xlsx.",
        )
    )));
    if !findings.is_empty() {
        b.push(Block::H3(l.t("Slutsatser", "Findings").into()));
        b.push(Block::List(findings.to_vec()));
    }
    b.push(Block::H3(l.t("Nyckeltal", "Key figures").into()));
    let mut kpis = vec![(l.int(s.population), l.t("invånare i rutnätet", "inhabitants in the grid").to_string())];
    if let Some(share) = s.share_pop_basic_service {
        kpis.push((
            l.pct(share),
            l.t(
                "har grundläggande resmöjligheter en vardag (Glesbygdstrafikens regel)",
                "have basic service on a weekday (the Glesbygdstrafik rule)",
            )
            .into(),
        ));
    }
    if let Some(p) = s.people_eligible_glesbygdstrafik {
        kpis.push((
            l.int(p),
            l.t("invånare har rätt till Glesbygdstrafik", "inhabitants are eligible for Glesbygdstrafik").into(),
        ));
    }
    kpis.push((
        opt_pct(l, s.share_pop_within_30_vardcentral),
        l.t("når en vårdcentral inom 30 min", "reach a vårdcentral within 30 min").into(),
    ));
    kpis.push((
        opt_pct(l, s.share_pop_within_60_acute_hospital),
        l.t("når ett akutsjukhus inom 60 min", "reach an acute hospital within 60 min").into(),
    ));
    kpis.push((
        l.pct(s.share_stops_wheelchair_accessible),
        format!(
            "{} {} {} {} {}",
            l.t(
                "av hållplatserna med avgångar är tillgänglighetsanpassade,",
                "of the stops with departures are wheelchair accessible,"
            ),
            l.pct(s.share_stops_wheelchair_not_accessible),
            l.t("är inte anpassade och för", "are not and for"),
            l.pct(s.share_stops_wheelchair_unknown),
            l.t("saknas uppgift", "there is no information")
        ),
    ));
    kpis.push((
        format!("{} / {}", s.node_goals.met, s.node_goals.total),
        l.t("mål för strategiska noder uppfyllda", "strategic-node goals met").into(),
    ));
    if let Some(m) = s.municipality_goals {
        kpis.push((
            format!("{} / {}", m.met, m.total),
            l.t("kommunmål för grundläggande resmöjligheter uppfyllda", "municipal goals for basic service met").into(),
        ));
    }
    kpis.extend(super::care::what_if_kpis(l, d));
    b.push(Block::Kpis(kpis));
    if d.parameters.population_synthetic {
        b.push(Block::Note(
            l.t(
                "Underlaget är syntetiskt: exempeldata byggda från verkliga orter, inte Länstrafikens tidtabell eller SCB:s rutnät. Räppe är ett scenario: projektet stoppades 2023-06-08.",
                "The input is synthetic: sample data built from real places, not Länstrafiken's timetable or SCB's grid. Räppe is a scenario: the project was stopped on 2023-06-08.",
            )
            .into(),
        ));
    }
    b
}

/// "en vardag", "en lördag", "en helgdag (juldagen)" — the analysed day for the summary.
fn day_phrase(l: &L, d: &ReportData) -> String {
    let dt = d.date_check.day_type;
    format!("{} {}", l.t("en", "on a"), if l.0 == super::text::Lang::Sv { dt.sv() } else { dt.en() })
}

/// The strategic nodes and their goals.
pub fn nodes(l: &L, d: &ReportData) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::P(format!(
        "{} {} m {}",
        l.t("Per strategisk nod: direkta avgångar mot den regionala kärnan under trafikdagen (en tur räknas en gång), första och sista avgång, och restid i morgonfönstret (snabbast och median över minuterna) till kärnan, till närmaste akutsjukhus och till Räppe. Nodens hållplatser är de inom", "Per strategic node: direct departures towards the regional core on the service day (a trip counts once), first and last departure, and travel time in the morning window (fastest and median over its minutes) to the core, to the nearest acute hospital and to Räppe. A node's stops are those within"),
        l.int(d.parameters.node_radius_m as u64),
        l.t("från ortens mittpunkt.", "of the town's point."),
    )));
    let headers = [
        l.t("Nod", "Node"),
        l.t("Kommun", "Municipality"),
        l.t("Avgångar mot kärnan", "Departures to core"),
        l.t("Första", "First"),
        l.t("Sista", "Last"),
        l.t("Snabbast till kärnan", "Fastest to core"),
        l.t("Median till kärnan", "Median to core"),
        l.t("Median till akutsjukhus", "Median to acute hospital"),
        l.t("Median till Räppe", "Median to Räppe"),
        l.t("Direkta avgångar till Räppe", "Direct departures to Räppe"),
    ]
    .map(String::from)
    .to_vec();
    let rows = d
        .nodes
        .iter()
        .map(|n| {
            vec![
                Cell::Text(n.town.clone()),
                Cell::Text(n.municipality.clone()),
                Cell::Num(l.int(n.to_core.departures as u64)),
                Cell::Num(n.to_core.first.map_or("–".into(), crate::date::fmt_hm)),
                Cell::Num(n.to_core.last.map_or("–".into(), crate::date::fmt_hm)),
                Cell::Num(l.travel(n.fastest_to_core_min, d.parameters.limit_min)),
                Cell::Num(l.travel(n.median_to_core_min, d.parameters.limit_min)),
                Cell::Num(l.travel(n.median_to_acute_min, d.parameters.limit_min)),
                Cell::Num(l.travel(n.median_to_planned_min, d.parameters.limit_min)),
                Cell::Num(l.int(n.departures_to_planned as u64)),
            ]
        })
        .collect();
    b.push(Block::Table(headers, rows));
    let count = d.summary.node_goals;
    b.push(Block::H3(format!(
        "{}: {} {} {} {}",
        l.t("Mål för strategiska noder", "Goals of the strategic nodes"),
        count.met,
        l.t("av", "of"),
        count.total,
        l.t("uppfyllda", "met"),
    )));
    let goal_headers = [
        l.t("Nod", "Node"),
        l.t("Mål", "Goal"),
        l.t("Målvärde", "Target"),
        l.t("Utfall", "Outcome"),
        l.t("Status", "Status"),
    ]
    .map(String::from)
    .to_vec();
    let goals: Vec<&GoalCheck> = d.nodes.iter().flat_map(|n| n.goals.iter()).collect();
    b.push(Block::Table(goal_headers, goal_rows(l, &goals, d.parameters.limit_min)));
    b.push(Block::Note(l.t("Målvärdena står i regionfilen. För exempelregionen är de valda av narhet och inte hämtade ur trafikförsörjningsprogrammet, vars målvärden inte har kunnat läsas. Kommunernas mål för grundläggande resmöjligheter redovisas i avsnitt 4.", "The targets are in the region file. For the sample region they were chosen by narhet, not taken from the regional transport plan, whose targets could not be read. The municipalities' goals for basic service are in section 4.").into()));
    b
}

/// Stops: departures, accessibility, the busiest and the priority list.
pub fn stops(l: &L, d: &ReportData) -> Vec<Block> {
    let mut b = Vec::new();
    let st = &d.stops;
    let served = d.summary.stops_served.max(1) as f64;
    let part = |n: usize| format!("{} ({})", l.int(n as u64), l.pct(n as f64 / served));
    b.push(Block::P(format!(
        "{} {} {}",
        l.int(d.summary.stops as u64),
        l.t("hållplatser, varav", "stops, of which"),
        l.t(
            &format!("{} har avgångar under dagen.", l.int(d.summary.stops_served as u64)),
            &format!("{} have departures during the day.", l.int(d.summary.stops_served as u64)),
        ),
    )));
    b.push(Block::H3(l.t("Tillgänglighetsanpassning", "Wheelchair accessibility").into()));
    let headers = [
        l.t("Uppgift i tidtabellen (wheelchair_boarding)", "In the timetable (wheelchair_boarding)"),
        l.t("Hållplatser med avgångar", "Stops with departures"),
    ]
    .map(String::from)
    .to_vec();
    let rows = vec![
        vec![
            Cell::Text(l.t("tillgänglighetsanpassad (1)", "accessible (1)").into()),
            Cell::Num(part(st.wheelchair[0])),
        ],
        vec![Cell::Text(l.t("inte anpassad (2)", "not accessible (2)").into()), Cell::Num(part(st.wheelchair[1]))],
        vec![
            Cell::Text(l.t("uppgift saknas (0 eller tomt)", "no information (0 or empty)").into()),
            Cell::Num(part(st.wheelchair[2])),
        ],
    ];
    b.push(Block::Table(headers, rows));
    b.push(Block::Note(l.t("Hållplatser utan uppgift räknas varken som anpassade eller som inte anpassade: uppgiften behöver samlas in innan andelen anpassade kan följas upp.", "Stops without information count neither as accessible nor as not accessible: the information must be collected before the accessible share can be followed up.").into()));
    b.push(Block::H3(l.t("Avgångar per hållplats", "Departures per stop").into()));
    let headers = [l.t("Avgångar under dagen", "Departures during the day"), l.t("Hållplatser", "Stops")]
        .map(String::from)
        .to_vec();
    b.push(Block::Table(
        headers,
        st.by_departures.iter().map(|(k, n)| vec![Cell::Text(k.clone()), Cell::Num(l.int(*n as u64))]).collect(),
    ));
    b.push(Block::H3(l.t("Mest trafikerade hållplatser", "Busiest stops").into()));
    let headers = [
        l.t("Hållplats", "Stop"),
        l.t("Avgångar", "Departures"),
        l.t("Linjer", "Routes"),
        l.t("Första", "First"),
        l.t("Sista", "Last"),
        l.t("Invånare inom 400 m", "Inhabitants within 400 m"),
        "PTAL",
    ]
    .map(String::from)
    .to_vec();
    let rows = st
        .busiest
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.name.clone()),
                Cell::Num(l.int(r.departures as u64)),
                Cell::Num(l.int(r.routes as u64)),
                Cell::Num(r.first.clone().unwrap_or_default()),
                Cell::Num(r.last.clone().unwrap_or_default()),
                Cell::Num(r.pop_400.map_or("–".into(), |p| l.int(p as u64))),
                Cell::Text(r.ptal.clone()),
            ]
        })
        .collect();
    b.push(Block::Table(headers, rows));
    b.push(Block::H3(l.t("Tillgänglighetsanpassning: prioriteringslista", "Accessibility: priority list").into()));
    b.push(Block::P(
        l.t(
            "Hållplatser som inte är anpassade eller saknar uppgift, rangordnade efter avgångar × invånare inom 400 m.",
            "Stops that are not accessible or have no information, ranked by departures × inhabitants within 400 m.",
        )
        .into(),
    ));
    let headers = [
        l.t("Rang", "Rank"),
        l.t("Hållplats", "Stop"),
        l.t("Kommun", "Municipality"),
        l.t("Avgångar", "Departures"),
        l.t("Invånare inom 400 m", "Inhabitants within 400 m"),
        l.t("Poäng", "Score"),
    ]
    .map(String::from)
    .to_vec();
    let rows = st
        .priority
        .iter()
        .map(|p| {
            vec![
                Cell::Num(p.rank.to_string()),
                Cell::Text(p.name.clone()),
                Cell::Text(p.municipality.clone()),
                Cell::Num(l.int(p.departures as u64)),
                Cell::Num(l.int(p.pop_400)),
                Cell::Num(l.int(p.score)),
            ]
        })
        .collect();
    b.push(Block::Table(headers, rows));
    b
}
