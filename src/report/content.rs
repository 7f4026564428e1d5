//! The report's content as a list of blocks — headings, text, key figures, tables, figures —
//! built from [`ReportData`] alone, then rendered to HTML or Markdown.

use super::data::ReportData;
use super::html::Cell;
use super::text::L;
use super::{care_tables, sections};
use crate::analysis::goals::GoalCheck;

/// One piece of the report.
#[derive(Clone, Debug)]
pub enum Block {
    H2(String, String),
    H3(String),
    /// A small heading over one table of several under an `H3`.
    H4(String),
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

/// Rows of a goals table: subject, goal, target, outcome, status.
pub fn goal_rows(l: &L, goals: &[&GoalCheck]) -> Vec<Vec<Cell>> {
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

/// The report's blocks, section by section; `coverage` is the sparse-areas part.
pub fn build(l: &L, d: &ReportData, coverage: &[Block]) -> Vec<Block> {
    let secs = sections(l);
    let mut b = Vec::new();
    let findings = super::findings::findings(l, &super::findings::Facts::of(d));
    let parts: [Vec<Block>; 7] = [
        sections::summary(l, d, &findings),
        sections::nodes(l, d),
        care(l, d),
        coverage.to_vec(),
        sections::stops(l, d),
        super::tfp::blocks(l, &d.tfp),
        method(l, d),
    ];
    for (i, part) in parts.into_iter().enumerate() {
        b.push(Block::H2(secs[i].0.clone(), secs[i].1.clone()));
        b.extend(part);
    }
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
            let mut r = vec![Cell::Text(care_tables::group_label(l, &g.key, &g.label, care_tables::planned_name(d)))];
            r.extend(g.county.within.iter().map(|&w| Cell::Num(format!("{} ({})", l.int(w), l.pct(w as f64 / p)))));
            r.push(Cell::Num(l.int(g.population_not_reached)));
            r
        })
        .collect();
    b.push(Block::Table(band_headers, band_rows));
    b.push(Block::Figure("restid_kurvor".into()));
    b.push(Block::Figure("restid_staplar".into()));
    b.extend(care_tables::municipality_tables(l, d));
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
    b.extend(care_tables::town_table(l, d));
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
        "{}: {} ({})",
        l.t("Analyserad trafikdag", "Service day analysed"),
        d.date,
        l.weekday(&d.weekday)
    ));
    items.push(format!(
        "{}: {} ({} {}, {} {} m)",
        l.t("Befolkning", "Population"),
        super::population_source(l, p),
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
