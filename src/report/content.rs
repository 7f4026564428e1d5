//! The report's content as a list of blocks — headings, text, key figures, tables, figures —
//! built from [`ReportData`] alone, then rendered to HTML or Markdown.

use super::data::ReportData;
use super::html::Cell;
use super::sections;
use super::text::L;
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

pub fn goal_name(l: &L, g: &str) -> String {
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
        "restidskvot_to_core" => {
            l.t("Restidskvot till regionala kärnan (högst)", "Travel time ratio to the regional core (at most)")
        }
        "share_restidskvot_le_1_5_vardcentral" => l.t(
            "Andel med restidskvot ≤ 1,5 till vårdcentral (minst)",
            "Share with ratio ≤ 1.5 to a vårdcentral (at least)",
        ),
        "share_restidskvot_le_1_5_acute_hospital" => l.t(
            "Andel med restidskvot ≤ 1,5 till akutsjukhus (minst)",
            "Share with ratio ≤ 1.5 to an acute hospital (at least)",
        ),
        other => other,
    }
    .to_string()
}

/// How a goal's target and value read.
pub fn goal_value(l: &L, goal: &str, v: f64) -> String {
    match goal {
        "departures_to_core" => l.int(v.round() as u64),
        "share_basic_service" => l.pct(v),
        g if g.starts_with("share_restidskvot") => l.pct(v),
        "restidskvot_to_core" => l.dec(v, 2),
        _ => format!("{} min", l.dec(v, 0)),
    }
}

/// Rows of a goals table: subject, goal, target, outcome, status. A travel-time goal has no
/// value when the place is not reached within the limit (said in the value column, aligned as
/// the values are).
pub fn goal_rows(l: &L, goals: &[&GoalCheck], limit_min: u32) -> Vec<Vec<Cell>> {
    goals
        .iter()
        .map(|g| {
            let missing = if g.goal.starts_with("minutes_") { l.travel(None, limit_min) } else { "–".into() };
            vec![
                Cell::Text(g.subject.clone()),
                Cell::Text(goal_name(l, &g.goal)),
                Cell::Num(goal_value(l, &g.goal, g.target)),
                g.value.map_or(Cell::Num(missing), |v| Cell::Num(goal_value(l, &g.goal, v))),
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
        super::care::care(l, d),
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
    items.push(super::walking::method_item(l, &d.walking));
    if d.travellers.is_some() {
        items.push(
            l.t(
                "Rullstol: bara turer med wheelchair_accessible = 1, på- och avstigning bara vid hållplatser med wheelchair_boarding = 1 (plattform utan uppgift ärver stationens, 2 = ej tillgänglig); uppgift saknas räknas som ej tillgänglig, och i en andra rad som tillgänglig. Gångprofiler: regionfilens [walk_profile.*] i stället för [walk].",
                "Wheelchair: only trips with wheelchair_accessible = 1, boarding and alighting only at stops with wheelchair_boarding = 1 (a platform without a value takes its station's, 2 = not accessible); a missing value counts as not accessible, and in a second row as accessible. Walking profiles: the region file's [walk_profile.*] instead of [walk].",
            )
            .into(),
        );
    }
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
    if d.restidskvot.is_some() {
        items.push(super::restidskvot::method_item(l));
    }
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
