//! The report's content as a list of blocks — headings, text, key figures, tables, figures —
//! built from [`ReportData`] alone, then rendered to HTML or Markdown.

use super::data::ReportData;
use super::html::Cell;
use super::text::L;
use crate::analysis::goals::GoalCheck;

/// One piece of the report.
#[derive(Clone, Debug)]
pub enum Block {
    H2(String, String),
    H3(String),
    P(String),
    Note(String),
    List(Vec<String>),
    Kpis(Vec<(String, String)>),
    Table(Vec<String>, Vec<Vec<Cell>>),
    /// A figure by file name (without extension).
    Figure(String),
}

/// The section ids and titles, in order.
pub fn sections(l: &L) -> Vec<(String, String)> {
    [
        ("sammanfattning", l.t("1. Sammanfattning", "1. Summary")),
        ("noder", l.t("2. Strategiska noder", "2. Strategic nodes")),
        ("vard", l.t("3. Vård", "3. Care")),
        ("glesa", l.t("4. Glesa miljöer", "4. Sparse areas")),
        ("hallplatser", l.t("5. Hållplatser", "5. Stops")),
        ("tfp", l.t("6. TFP mätetal", "6. TFP indicators")),
        ("metod", l.t("7. Metod och data", "7. Method and data")),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect()
}

fn goal_name(l: &L, g: &str) -> String {
    match g {
        "departures_to_core" => {
            l.t("Avgångar mot regionala kärnan (minst)", "Departures towards the regional core (at least)")
        }
        "minutes_to_core" => {
            l.t("Restid till regionala kärnan, median (högst)", "Travel time to the regional core, median (at most)")
        }
        "minutes_to_acute_hospital" => {
            l.t("Restid till akutsjukhus, median (högst)", "Travel time to an acute hospital, median (at most)")
        }
        "share_basic_service" => l.t("Andel med grundläggande service (minst)", "Share with basic service (at least)"),
        other => other,
    }
    .to_string()
}

/// How a goal's target and value read.
pub fn goal_value(l: &L, goal: &str, v: f64) -> String {
    match goal {
        "departures_to_core" => l.int(v.round() as u64),
        "share_basic_service" => l.pct(v),
        _ => format!("{} min", l.dec(v, 0)),
    }
}

/// A travel-time goal has no value when the place is not reached within the limit.
fn goal_rows(l: &L, goals: &[&GoalCheck], limit_min: u32) -> Vec<Vec<Cell>> {
    goals
        .iter()
        .map(|g| {
            let missing = if g.goal.starts_with("minutes_") { l.travel(None, limit_min) } else { "–".into() };
            vec![
                Cell::Text(g.subject.clone()),
                Cell::Text(goal_name(l, &g.goal)),
                Cell::Num(goal_value(l, &g.goal, g.target)),
                g.value.map_or(Cell::Text(missing), |v| Cell::Num(goal_value(l, &g.goal, v))),
                Cell::Status(g.met, l.yes_no(g.met).into()),
            ]
        })
        .collect()
}

fn opt_pct(l: &L, x: Option<f64>) -> String {
    x.map_or("–".into(), |x| l.pct(x))
}

/// The report's blocks, section by section; `coverage` is the sparse-areas part.
pub fn build(l: &L, d: &ReportData, coverage: &[Block]) -> Vec<Block> {
    let secs = sections(l);
    let mut b = Vec::new();
    let parts: [Vec<Block>; 7] =
        [summary(l, d), nodes(l, d), super::care::care(l, d), coverage.to_vec(), stops(l, d), tfp(l, d), method(l, d)];
    for (i, part) in parts.into_iter().enumerate() {
        b.push(Block::H2(secs[i].0.clone(), secs[i].1.clone()));
        b.extend(part);
    }
    b
}

/// The summary: what the report covers and the key figures.
fn summary(l: &L, d: &ReportData) -> Vec<Block> {
    let mut b = Vec::new();
    let s = &d.summary;
    b.push(Block::P(format!(
        "{} {} {} ({} {}). {}",
        l.t(
            "Rapporten beskriver kollektivtrafikens utbud och tillgänglighet i",
            "The report describes public transport service and accessibility in"
        ),
        d.region,
        day_phrase(l, d),
        d.weekday,
        d.date,
        l.t(
            "Alla tal kommer ur tidtabellen (GTFS) och befolkningsrutnätet och finns maskinläsbara i metrics.json.",
            "Every number comes from the timetable (GTFS) and the population grid and is in metrics.json.",
        )
    )));
    let mut kpis = vec![
        (l.int(s.population), l.t("invånare i rutnätet", "inhabitants in the grid").to_string()),
        (l.int(s.stops_served as u64), l.t("hållplatser med avgångar", "stops with departures").to_string()),
        (
            l.int(s.departures),
            l.t("avgångar från hållplatser under dagen", "departures from stops during the day").to_string(),
        ),
        (
            opt_pct(l, s.share_pop_basic_service),
            l.t("av befolkningen har grundläggande resmöjligheter", "of the population has basic service").to_string(),
        ),
        (
            opt_pct(l, s.share_pop_within_30_vardcentral),
            l.t("når en vårdcentral inom 30 min", "reach a vårdcentral within 30 min").to_string(),
        ),
        (
            opt_pct(l, s.share_pop_within_60_acute_hospital),
            l.t("når ett akutsjukhus inom 60 min", "reach an acute hospital within 60 min").to_string(),
        ),
        (
            l.pct(s.share_stops_wheelchair_accessible),
            l.t("av hållplatserna är tillgänglighetsanpassade", "of the stops are wheelchair accessible").to_string(),
        ),
        (
            format!("{} / {}", s.goals_met, s.goals_total),
            l.t("mål för strategiska noder uppfyllda", "strategic-node goals met").to_string(),
        ),
    ];
    kpis.extend(super::care::what_if_kpis(l, d));
    b.push(Block::Kpis(kpis));
    b.push(Block::Note(l.t(
        "Underlaget är syntetiskt (exempeldata byggda från verkliga orter) när rapporten körs på den medföljande exempelregionen. Räppe är ett what-if: projektet stoppades 2023-06-08.",
        "The input is synthetic (sample data built from real places) when the report runs on the shipped sample region. Räppe is a what-if: the project was stopped on 2023-06-08.",
    ).into()));
    b
}

/// "en vardag", "en lördag", "en helgdag (juldagen)" — the analysed day for the summary.
fn day_phrase(l: &L, d: &ReportData) -> String {
    let dt = d.date_check.day_type;
    format!("{} {}", l.t("en", "on a"), if l.0 == super::text::Lang::Sv { dt.sv() } else { dt.en() })
}

/// The strategic nodes and their goals.
fn nodes(l: &L, d: &ReportData) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::P(format!(
        "{} {} m {}",
        l.t("Per strategisk nod: direkta avgångar mot den regionala kärnan under vardagen (en tur räknas en gång), första och sista avgång, och restid i morgonfönstret (snabbast och median över minuterna) till kärnan, till närmaste akutsjukhus och till Räppe. Nodens hållplatser är de inom", "Per strategic node: direct departures towards the regional core on the weekday (a trip counts once), first and last departure, and travel time in the morning window (fastest and median over its minutes) to the core, to the nearest acute hospital and to Räppe. A node's stops are those within"),
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
    b.push(Block::H3(l.t("Mål och utfall", "Goals and outcomes").into()));
    let goal_headers = [
        l.t("Nod", "Node"),
        l.t("Mål", "Goal"),
        l.t("Målvärde", "Target"),
        l.t("Utfall", "Outcome"),
        l.t("Status", "Status"),
    ]
    .map(String::from)
    .to_vec();
    let goals: Vec<&GoalCheck> =
        d.nodes.iter().flat_map(|n| n.goals.iter()).chain(d.municipality_goals.iter()).collect();
    b.push(Block::Table(goal_headers, goal_rows(l, &goals, d.parameters.limit_min)));
    b.push(Block::Note(l.t("Målvärdena står i regionfilen; för exempelregionen är de valda av narhet och inte hämtade ur TFP (som inte kunde läsas).", "The targets are in the region file; for the sample region they were chosen by narhet, not taken from the TFP (which could not be read).").into()));
    b
}

/// Stops: departures, accessibility, the busiest and the priority list.
fn stops(l: &L, d: &ReportData) -> Vec<Block> {
    let mut b = Vec::new();
    let st = &d.stops;
    b.push(Block::P(format!(
        "{} {} {} {} {} {} {} {} {} {}",
        l.int(d.summary.stops as u64),
        l.t("hållplatser, varav", "stops, of which"),
        l.int(d.summary.stops_served as u64),
        l.t("har avgångar under dagen. Bland dem är", "have departures during the day. Among them"),
        l.int(st.wheelchair[0] as u64),
        l.t("tillgänglighetsanpassade,", "are wheelchair accessible,"),
        l.int(st.wheelchair[1] as u64),
        l.t("inte anpassade och", "not accessible and"),
        l.int(st.wheelchair[2] as u64),
        l.t("utan uppgift.", "unknown.")
    )));
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
    b.push(Block::P(l.t("Hållplatser som inte är anpassade (eller saknar uppgift), rangordnade efter avgångar × invånare inom 400 m.", "Stops that are not accessible (or unknown), ranked by departures × inhabitants within 400 m.").into()));
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

/// The TFP indicators beside what narhet measures.
fn tfp(l: &L, d: &ReportData) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::P(l.t("Mätetalen ur regionfilen (utfall och mål) bredvid det narhet själv mäter i tidtabellen. Tomma värden saknas i källorna och är inte påhittade.", "The indicators from the region file (outcomes and targets) beside what narhet measures in the timetable. Empty values are missing from the sources and not invented.").into()));
    let headers = [
        l.t("Mätetal", "Indicator"),
        l.t("Utfall 2022", "Outcome 2022"),
        l.t("Mål 2024", "Target 2024"),
        l.t("Mål 2026", "Target 2026"),
        l.t("Övriga värden", "Other values"),
        l.t("narhet mäter", "narhet measures"),
        l.t("Källa", "Source"),
    ]
    .map(String::from)
    .to_vec();
    let val = |v: Option<f64>, unit: &str| match (v, unit) {
        (None, _) => Cell::Empty,
        (Some(v), "percent") => Cell::Num(format!("{} %", l.dec(v, 0))),
        (Some(v), _) => Cell::Num(l.int(v.round() as u64)),
    };
    let rows = d
        .tfp
        .iter()
        .map(|r| {
            let other: Vec<String> = r
                .other
                .iter()
                .map(|(k, y, v)| {
                    let kind = if k == "target" { l.t("mål", "target") } else { l.t("utfall", "outcome") };
                    let v = if r.unit == "percent" { format!("{} %", l.dec(*v, 0)) } else { l.int(v.round() as u64) };
                    format!("{kind} {}: {v}", y.map_or(String::new(), |y| y.to_string()))
                })
                .collect();
            vec![
                Cell::Text(r.indicator.clone()),
                val(r.outcome_2022, &r.unit),
                val(r.target_2024, &r.unit),
                val(r.target_2026, &r.unit),
                Cell::Text(other.join("; ")),
                r.computed.map_or(Cell::Empty, |c| Cell::Num(l.pct(c))),
                Cell::Text(r.source.clone()),
            ]
        })
        .collect();
    b.push(Block::Table(headers, rows));
    b
}

/// Method and data.
fn method(l: &L, d: &ReportData) -> Vec<Block> {
    let mut b = Vec::new();
    let p = &d.parameters;
    let mut items: Vec<String> = d
        .feeds
        .iter()
        .map(|f| {
            format!(
                "{}: {} ({}{}), {} {} – {}; {} {}, {} {}, {} {}",
                l.t("Tidtabell", "Timetable"),
                f.path,
                f.publisher.clone().unwrap_or_default(),
                f.version.as_ref().map_or(String::new(), |v| format!(", {v}")),
                l.t("trafik", "service"),
                f.service_start.clone().unwrap_or_default(),
                f.service_end.clone().unwrap_or_default(),
                l.int(f.stops as u64),
                l.t("hållplatser", "stops"),
                l.int(f.routes as u64),
                l.t("linjer", "routes"),
                l.int(f.trips as u64),
                l.t("turer", "trips")
            )
        })
        .collect();
    items.push(format!(
        "{}: {} ({}; {} {})",
        l.t("Analyserad trafikdag", "Service day analysed"),
        d.date,
        super::day_label(l, d),
        l.int(d.date_check.trips as u64),
        l.t("turer", "trips")
    ));
    items.push(format!(
        "{}: {} ({} {}, {} {} m)",
        l.t("Befolkning", "Population"),
        p.population_source,
        l.int(p.populated_cells as u64),
        l.t("befolkade rutor", "populated cells"),
        l.t("rutstorlek", "cell size"),
        p.cell_size_m.iter().map(|s| l.int(*s as u64)).collect::<Vec<_>>().join("/")
    ));
    items.push(format!(
        "{}: {}–{}, {} {} s; {} {} min; {} {}",
        l.t("Avgångsfönster", "Departure window"),
        p.window[0],
        p.window[1],
        l.t("steg", "step"),
        p.step_s,
        l.t("tidsgräns", "time limit"),
        p.limit_min,
        l.t("hemresa efter", "return after"),
        p.return_after_min.map_or("–".into(), |m| format!("{m} min"))
    ));
    items.push(format!(
        "{}: {} m {}, {} {} min, {} × {}, {} m/s; {} {}; {} {} s",
        l.t("Gång", "Walking"),
        l.int(p.access_radius_m as u64),
        l.t("till/från hållplats (fågelväg, SWEREF 99 TM)", "to/from a stop (straight line, SWEREF 99 TM)"),
        l.t("längsta gång som räknas", "longest walk that counts"),
        l.dec(p.max_walk_min, 0),
        l.t("omvägsfaktor", "detour factor"),
        l.dec(p.detour, 2),
        l.dec(p.walk_speed_mps, 2),
        l.t("högst antal resor med byten", "most rides per journey"),
        p.max_rounds,
        l.t("minsta bytestid", "minimum change time"),
        p.min_change_s
    ));
    items.push(format!(
        "{}: {}–{}; {}: {}–{}",
        l.t("Turtäthet räknas", "Headways counted"),
        p.headway_window[0],
        p.headway_window[1],
        l.t("högtrafik", "peak"),
        p.peak_window[0],
        p.peak_window[1]
    ));
    items.push(format!(
        "{} {} ({}: {})",
        l.t("Beräknat med", "Computed with"),
        d.generator,
        l.t("schemaversion för metrics.json", "metrics.json schema version"),
        d.schema_version
    ));
    b.push(Block::List(items));
    b.push(Block::Note(
        l.t(
            "Dagtyp: helgdagar räknas fram för varje år (lagen om allmänna helgdagar: nyårsdagen, trettondedag jul, långfredagen, påskdagen, annandag påsk, första maj, Kristi himmelsfärdsdag, nationaldagen, pingstdagen, midsommardagen, alla helgons dag, juldagen, annandag jul). Midsommarafton, julafton och nyårsafton är helgdagsaftnar: inte helgdagar enligt lag, men många trafikföretag kör lördagstidtabell; rapporten varnar när analysdagen är en sådan, inte är en vardag, saknar turer eller har färre än hälften av en typisk vardags turer.",
            "Day type: public holidays are computed for every year (the Swedish public holidays act: New Year's Day, Epiphany, Good Friday, Easter Sunday and Monday, 1 May, Ascension Day, National Day, Whitsunday, Midsummer Day, All Saints' Day, Christmas Day, Boxing Day). Midsummer Eve, Christmas Eve and New Year's Eve are holiday eves: not holidays by law, but many operators run a Saturday timetable; the report warns when the analysed day is one, is not a weekday, has no trips or fewer than half the trips of a typical weekday.",
        )
        .into(),
    ));
    b.extend(super::care::travel_time_method(l, d));
    b
}
