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

fn goal_rows(l: &L, goals: &[&GoalCheck]) -> Vec<Vec<Cell>> {
    goals
        .iter()
        .map(|g| {
            vec![
                Cell::Text(g.subject.clone()),
                Cell::Text(goal_name(l, &g.goal)),
                Cell::Num(goal_value(l, &g.goal, g.target)),
                g.value.map_or(Cell::Text("–".into()), |v| Cell::Num(goal_value(l, &g.goal, v))),
                Cell::Status(g.met, l.yes_no(g.met).into()),
            ]
        })
        .collect()
}

/// Minutes, or "> limit" beyond the time limit (where only a long walk remains).
fn capped(l: &L, m: Option<f64>, limit: u32) -> String {
    match m {
        Some(m) if m <= limit as f64 => l.min(Some(m)),
        _ => format!("> {limit} min"),
    }
}

fn opt_pct(l: &L, x: Option<f64>) -> String {
    x.map_or("–".into(), |x| l.pct(x))
}

/// The report's blocks, section by section; `coverage` is the sparse-areas part.
pub fn build(l: &L, d: &ReportData, coverage: &[Block]) -> Vec<Block> {
    let secs = sections(l);
    let mut b = Vec::new();
    let parts: [Vec<Block>; 7] =
        [summary(l, d), nodes(l, d), care(l, d), coverage.to_vec(), stops(l, d), tfp(l, d), method(l, d)];
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
        l.t("en vardag", "on a weekday"),
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
    if let Some(w) = &d.care.what_if {
        kpis.push((
            w.comparison
                .mean_change_min
                .map_or("–".into(), |m| format!("{}{} min", if m > 0.0 { "+" } else { "" }, l.dec(m, 1))),
            l.t(
                "genomsnittlig förändring av restiden till akutsjukhus med Räppe (what-if)",
                "mean change in travel time to acute care with Räppe (what-if)",
            )
            .to_string(),
        ));
    }
    b.push(Block::Kpis(kpis));
    b.push(Block::Note(l.t(
        "Underlaget är syntetiskt (exempeldata byggda från verkliga orter) när rapporten körs på den medföljande exempelregionen. Räppe är ett what-if: projektet stoppades 2023-06-08.",
        "The input is synthetic (sample data built from real places) when the report runs on the shipped sample region. Räppe is a what-if: the project was stopped on 2023-06-08.",
    ).into()));
    b
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
                Cell::Num(l.min(n.fastest_to_core_min)),
                Cell::Num(l.min(n.median_to_core_min)),
                Cell::Num(l.min(n.median_to_acute_min)),
                Cell::Num(l.min(n.median_to_planned_min)),
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
    b.push(Block::Table(goal_headers, goal_rows(l, &goals)));
    b.push(Block::Note(l.t("Målvärdena står i regionfilen; för exempelregionen är de valda av narhet och inte hämtade ur TFP (som inte kunde läsas).", "The targets are in the region file; for the sample region they were chosen by narhet, not taken from the TFP (which could not be read).").into()));
    b
}

/// Travel times to care.
fn care(l: &L, d: &ReportData) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::P(format!(
        "{} {}–{} {} {} {}",
        l.t("Restid med kollektivtrafik och gång från varje befolkad ruta till närmaste vårdcentral, akutsjukhus och Räppe, för varje avgångsminut", "Travel time by public transport and on foot from every populated cell to the nearest vårdcentral, acute hospital and Räppe, for every departure minute"),
        d.parameters.window[0],
        d.parameters.window[1],
        l.t("och medianen över minuterna. Gångväg till och från hållplats högst", "and the median over the minutes. Walk to and from a stop at most"),
        l.int(d.parameters.access_radius_m as u64),
        l.t("m fågelväg.", "m straight line."),
    )));
    let mut band_headers =
        [l.t("Mål", "Destination"), "30 min", "45 min", "60 min", "90 min"].map(String::from).to_vec();
    band_headers.push(format!("{} {} min", l.t("Ej inom", "Not within"), d.parameters.limit_min));
    let band_rows = d
        .care
        .groups
        .iter()
        .map(|g| {
            let p = g.county.population.max(1) as f64;
            let mut r = vec![Cell::Text(g.label.clone())];
            r.extend(g.county.within.iter().map(|&w| Cell::Num(format!("{} ({})", l.int(w), l.pct(w as f64 / p)))));
            r.push(Cell::Num(l.int(g.population_not_reached)));
            r
        })
        .collect();
    b.push(Block::Table(band_headers, band_rows));
    b.push(Block::Figure("restid_kurvor".into()));
    b.push(Block::Figure("restid_staplar".into()));
    if let Some(acute) = d.care.groups.iter().find(|g| g.key == "acute_hospital") {
        b.push(Block::H3(l.t("Akutsjukhus per kommun", "Acute hospital per municipality").into()));
        let headers =
            [l.t("Kommun", "Municipality"), l.t("Befolkning", "Population"), "30 min", "45 min", "60 min", "90 min"]
                .map(String::from)
                .to_vec();
        let rows = acute
            .municipalities
            .iter()
            .map(|m| {
                let p = m.population.max(1) as f64;
                let mut r = vec![Cell::Text(m.area.clone()), Cell::Num(l.int(m.population))];
                r.extend(m.within.iter().map(|&w| Cell::Num(l.pct(w as f64 / p))));
                r
            })
            .collect();
        b.push(Block::Table(headers, rows));
    }
    b.push(Block::Figure("karta_akutsjukhus".into()));
    b.push(Block::Figure("karta_vardcentral".into()));
    if let Some(w) = &d.care.what_if {
        let c = &w.comparison;
        b.push(Block::H3(
            l.t("Räppe: vad ändras om akutvården flyttar dit?", "Räppe: what changes if acute care moves there?")
                .into(),
        ));
        b.push(Block::P(format!(
            "{} {} {} {}",
            l.t(
                "Jämförelse av medianrestiden till närmaste akutsjukhus i dag och om akutsjukhuset",
                "Comparison of the median travel time to the nearest acute hospital today and if the acute hospital"
            ),
            crate::text::short_name(&w.replaced),
            l.t("ersätts av", "is replaced by"),
            crate::text::short_name(&w.planned),
        )));
        let headers = [l.t("Förändring", "Change"), l.t("Befolkning", "Population")].map(String::from).to_vec();
        let rows = vec![
            (l.t("kortare restid, mer än 15 min", "shorter, more than 15 min"), c.gain_over_15),
            (l.t("kortare restid, 5–15 min", "shorter, 5–15 min"), c.gain_5_15),
            (l.t("oförändrad (± 5 min)", "unchanged (± 5 min)"), c.unchanged),
            (l.t("längre restid, 5–15 min", "longer, 5–15 min"), c.lose_5_15),
            (l.t("längre restid, mer än 15 min", "longer, more than 15 min"), c.lose_over_15),
            (l.t("når inte längre inom fönstret", "no longer reached"), c.lost_access),
            (l.t("når nu inom fönstret", "newly reached"), c.new_access),
        ]
        .into_iter()
        .map(|(a, n)| vec![Cell::Text(a.into()), Cell::Num(l.int(n))])
        .collect();
        b.push(Block::Table(headers, rows));
        b.push(Block::Figure("karta_rappe_forandring".into()));
        b.push(Block::Figure("karta_rappe".into()));
    }
    for (label, towns) in &d.care.towns_worst_first {
        b.push(Block::H3(format!(
            "{}: {}",
            l.t("Orter med längst restid", "Towns with the longest travel time"),
            label
        )));
        let headers = [
            l.t("Ort", "Town"),
            l.t("Invånare", "Inhabitants"),
            l.t("Median", "Median"),
            l.t("Snabbast", "Fastest"),
            l.t("Andel minuter inom gränsen", "Share of minutes within the limit"),
        ]
        .map(String::from)
        .to_vec();
        let rows = towns
            .iter()
            .take(8)
            .map(|t| {
                vec![
                    Cell::Text(t.town.clone()),
                    Cell::Num(l.int(t.population as u64)),
                    Cell::Num(capped(l, t.median_min, d.parameters.limit_min)),
                    Cell::Num(capped(l, t.min_min, d.parameters.limit_min)),
                    Cell::Num(l.pct(t.share_within_limit)),
                ]
            })
            .collect();
        b.push(Block::Table(headers, rows));
    }
    if let Some(ra) = d.parameters.return_after_min {
        let impossible: Vec<String> = d.care.returns.iter().filter(|r| !r.1).map(|r| r.0.clone()).collect();
        b.push(Block::P(format!(
            "{} {} {} {}",
            l.t("Hemresa efter", "Return after"),
            ra,
            l.t(
                "minuter på akutsjukhuset: orter utan hemresa samma dag:",
                "minutes at the acute hospital: towns with no way home the same day:"
            ),
            if impossible.is_empty() { l.t("inga", "none").to_string() } else { impossible.join(", ") }
        )));
    }
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
    items.push(format!("{}: {} ({})", l.t("Analyserad trafikdag", "Service day analysed"), d.date, d.weekday));
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
        "{}: {} m {}, {} × {}, {} m/s; {} {}; {} {} s",
        l.t("Gång", "Walking"),
        l.int(p.access_radius_m as u64),
        l.t("till/från hållplats (fågelväg, SWEREF 99 TM)", "to/from a stop (straight line, SWEREF 99 TM)"),
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
    b.push(Block::P(l.t(
        "Restider: RAPTOR över tidtabellen, en avgång per minut i fönstret; gång direkt till målet räknas när den är snabbare. Medianen över fönstrets minuter är måttet i tabellerna. Tider till och från hållplats avrundas uppåt till hela minuter.",
        "Travel times: RAPTOR over the timetable, one departure per minute of the window; walking straight to the destination counts when faster. The median over the window's minutes is the measure in the tables. Walks to and from stops are rounded up to whole minutes.",
    ).into()));
    b
}
