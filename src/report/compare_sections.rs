//! The `compare` page's sections on care and strategic nodes, sparse areas (coverage and
//! Glesbygdstrafik), cost and method, as content blocks from [`CompareData`] alone.

use super::compare_page::{group_label, met_text, signed};
use super::content::Block;
use super::html::Cell as H;
use super::text::L;
use crate::analysis::compare::{Change, CompareData};
use crate::metrics::reach_summary::BANDS_MIN;

fn num(l: &L, x: Option<f64>) -> H {
    x.map_or(H::Text("–".into()), |x| H::Num(l.dec(x, 1)))
}

fn diff(l: &L, x: Option<f64>, d: usize) -> H {
    x.map_or(H::Text("–".into()), |x| H::Num(signed(x, d, l)))
}

fn metric_label<'a>(l: &L, m: &'a str) -> &'a str {
    match m {
        "departures_to_core" => l.t("Avgångar mot kärnan (direkt)", "Departures to the core (direct)"),
        "fastest_to_core_min" => l.t("Snabbaste till kärnan, min", "Fastest to the core, min"),
        "median_to_core_min" => l.t("Median till kärnan, min", "Median to the core, min"),
        "median_to_acute_min" => l.t("Median till akutsjukhus, min", "Median to an acute hospital, min"),
        "median_to_planned_min" => l.t("Median till Räppe, min", "Median to Räppe, min"),
        "departures_to_planned" => l.t("Direkta avgångar till Räppe", "Direct departures to Räppe"),
        other => other,
    }
}

/// Strategic nodes, goals changing status, and people gaining and losing access to care.
pub fn care(l: &L, d: &CompareData) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::H3(l.t("Strategiska noder", "Strategic nodes").into()));
    let mut rows = Vec::new();
    for n in &d.nodes {
        let moved = |m: &&Change| m.before != m.after;
        for m in n.metrics.iter().filter(moved) {
            // A travel time without a value is not reached within the limit.
            let value = |x: Option<f64>| match x {
                None if m.metric.ends_with("_min") => H::Text(l.travel(None, d.limit_min)),
                x => num(l, x),
            };
            rows.push(vec![
                H::Text(n.town.clone()),
                H::Text(metric_label(l, &m.metric).into()),
                value(m.before),
                value(m.after),
                diff(l, m.difference, 1),
            ]);
        }
    }
    let head = [
        l.t("Nod", "Node"),
        l.t("Mått", "Measure"),
        l.t("Före", "Before"),
        l.t("Efter", "After"),
        l.t("Skillnad", "Difference"),
    ];
    b.push(Block::Table(head.map(String::from).to_vec(), rows));
    b.push(Block::H3(l.t("Mål som ändrar status", "Goals that change status").into()));
    b.push(Block::P(format!(
        "{}: {}. {}: {}.",
        l.t("Mål för strategiska noder uppfyllda", "Strategic-node goals met"),
        before_after(l, &d.node_goals_met),
        l.t(
            "Kommunmål (andel med grundläggande resmöjligheter) uppfyllda",
            "Municipal goals (share with basic service) met"
        ),
        before_after(l, &d.municipality_goals_met),
    )));
    if d.goals_changed.is_empty() {
        b.push(Block::P(l.t("Inget mål ändrar status.", "No goal changes status.").into()));
    } else {
        let st = |m: Option<bool>| match m {
            Some(ok) => H::Status(ok, met_text(l, Some(ok))),
            None => H::Text("–".into()),
        };
        let rows = d
            .goals_changed
            .iter()
            .map(|g| {
                let v = |x: Option<f64>| {
                    x.map_or(H::Text("–".into()), |x| H::Num(super::content::goal_value(l, &g.goal, x)))
                };
                vec![
                    H::Text(g.subject.clone()),
                    H::Text(super::content::goal_name(l, &g.goal)),
                    v(g.target_after.or(g.target_before)),
                    v(g.value_before),
                    v(g.value_after),
                    st(g.met_before),
                    st(g.met_after),
                ]
            })
            .collect();
        let head = [
            l.t("Ort eller kommun", "Town or municipality"),
            l.t("Mål", "Goal"),
            l.t("Målvärde", "Target"),
            l.t("Före", "Before"),
            l.t("Efter", "After"),
            l.t("Status före", "Status before"),
            l.t("Status efter", "Status after"),
        ];
        b.push(Block::Table(head.map(String::from).to_vec(), rows));
    }
    population(l, d, &mut b);
    b
}

fn before_after(l: &L, c: &Change) -> String {
    let v = |x: Option<f64>| x.map_or(l.t("ej beräknat", "not evaluated").to_string(), |x| l.int(x as u64));
    format!("{} → {}", v(c.before), v(c.after))
}

fn population(l: &L, d: &CompareData, b: &mut Vec<Block>) {
    b.push(Block::H3(l.t("Befolkning som får eller förlorar tillgång", "People gaining or losing access").into()));
    b.push(Block::Note(format!(
        "{} ({} min). {}",
        l.t(
            "Per befolkningsruta: medianen av restiden över morgonfönstrets avgångsminuter. En ruta är nådd när medianen ligger inom tidsgränsen",
            "Per population cell: the median travel time over the morning window's departure minutes. A cell is reached when the median is within the time limit",
        ),
        d.limit_min,
        l.t(
            "Får tillgång: utanför bandet (eller ej nådd) före, inom efter. Ändringen av restiden räknas bara över rutor som nås inom gränsen både före och efter.",
            "Gaining: outside the band (or not reached) before, inside after. The change of travel time is taken only over cells reached within the limit both times.",
        )
    )));
    for a in &d.county {
        let c = &a.change;
        b.push(Block::H4(group_label(l, d, &a.group)));
        b.push(Block::P(format!(
            "{}: {}. {}: {}. {}: {} ({} {}). {}: {}.",
            l.t("Nådd förut, inte nu", "Reached before, not now"),
            l.int(c.lost_access),
            l.t("Nås nu, inte förut", "Reached now, not before"),
            l.int(c.new_access),
            l.t("Nådd båda gångerna", "Reached both times"),
            l.int(c.reached_both),
            l.t("medianändring, min:", "median change, min:"),
            c.median_change_min.map_or("–".into(), |x| signed(x, 1, l)),
            l.t("Nås varken före eller efter", "Reached neither time"),
            l.int(c.reached_neither),
        )));
        let rows = c
            .bands
            .iter()
            .zip(&a.within)
            .map(|(bd, w)| {
                vec![
                    H::Text(format!("≤ {} min", bd.minutes)),
                    H::Num(l.int(w.before.unwrap_or(0.0) as u64)),
                    H::Num(l.int(w.after.unwrap_or(0.0) as u64)),
                    H::Num(format!("+{}", l.int(bd.gained))),
                    H::Num(format!("−{}", l.int(bd.lost))),
                ]
            })
            .collect();
        let head = [
            l.t("Tidsband", "Band"),
            l.t("Inom före", "Within before"),
            l.t("Inom efter", "Within after"),
            l.t("Får tillgång", "Gaining"),
            l.t("Förlorar", "Losing"),
        ];
        b.push(Block::Table(head.map(String::from).to_vec(), rows));
    }
    b.push(Block::H4(l.t("Per kommun", "Per municipality").into()));
    let rows: Vec<Vec<H>> = d
        .municipalities
        .iter()
        .filter(|m| {
            let c = &m.change;
            c.lost_access + c.new_access > 0
                || c.bands.iter().any(|b| b.gained > 0 || b.lost > 0)
                || c.median_change_min.is_some_and(|x| x.abs() >= 0.1)
        })
        .map(|m| {
            let c = &m.change;
            let mut r = vec![
                H::Text(m.area.clone()),
                H::Text(group_label(l, d, &m.group)),
                H::Num(format!("+{} / −{}", l.int(c.new_access), l.int(c.lost_access))),
                diff(l, c.median_change_min, 1),
            ];
            r.extend(c.bands.iter().map(|b| H::Num(format!("+{} / −{}", l.int(b.gained), l.int(b.lost)))));
            r
        })
        .collect();
    if rows.is_empty() {
        b.push(Block::P(l.t("Ingen kommun får ändrade restider.", "No municipality's travel times change.").into()));
    } else {
        let mut head = vec![
            l.t("Kommun", "Municipality").to_string(),
            l.t("Mål", "Destination").into(),
            format!("{} {} min: {}", l.t("Inom", "Within"), d.limit_min, l.t("får / förlorar", "gain / lose")),
            l.t("Medianändring, min (nådda båda gångerna)", "Median change, min (reached both times)").into(),
        ];
        head.extend(BANDS_MIN.iter().map(|b| format!("≤ {b} min: {}", l.t("får / förlorar", "gain / lose"))));
        b.push(Block::Table(head, rows));
    }
}

/// Basic line service and Glesbygdstrafik per municipality.
pub fn coverage(l: &L, d: &CompareData) -> Vec<Block> {
    let mut b = Vec::new();
    if d.coverage.is_empty() {
        b.push(Block::P(l.t("Täckning beräknades inte.", "Coverage was not computed.").into()));
        return b;
    }
    b.push(Block::P(
        l.t(
            "Grundläggande resmöjligheter en vardag enligt Glesbygdstrafikens regel (se rapportens avsnitt 4), på varje sidas trafikdag. Invånare utan dem har rätt till Glesbygdstrafik.",
            "Basic line service on a weekday by the Glesbygdstrafik rule (see the report's section 4), on each side's service day. Inhabitants without it are eligible for Glesbygdstrafik.",
        )
        .into(),
    ));
    let head = [
        l.t("Kommun", "Municipality"),
        l.t("Invånare", "Inhabitants"),
        l.t("Med grundläggande resmöjligheter före", "With basic service before"),
        l.t("efter", "after"),
        l.t("Andel före, %", "Share before, %"),
        l.t("Andel efter, %", "Share after, %"),
        l.t("Rätt till Glesbygdstrafik före", "Eligible for Glesbygdstrafik before"),
        l.t("efter", "after"),
        l.t("Skillnad", "Difference"),
    ];
    let rows = d
        .coverage
        .iter()
        .map(|c| {
            let i = |x: Option<f64>| H::Num(l.int(x.unwrap_or(0.0) as u64));
            vec![
                H::Text(c.area.clone()),
                H::Num(l.int(c.population)),
                i(c.basic.before),
                i(c.basic.after),
                num(l, c.share_basic_pct.before),
                num(l, c.share_basic_pct.after),
                i(c.eligible_glesbygdstrafik.before),
                i(c.eligible_glesbygdstrafik.after),
                diff(l, c.eligible_glesbygdstrafik.difference, 0),
            ]
        })
        .collect();
    b.push(Block::Table(head.map(String::from).to_vec(), rows));
    b
}

/// Vehicle-hours and -km per day, and restidskvot.
pub fn cost(l: &L, d: &CompareData) -> Vec<Block> {
    let c = &d.cost;
    let mut b = vec![Block::P(format!(
        "{} {} → {}: {} → {} {}, {} → {} {}, {} → {} {}.",
        l.t("Trafikdag", "Service day"),
        c.dates[0],
        c.dates[1],
        l.int(c.before.runs.max(0) as u64),
        l.int(c.after.runs.max(0) as u64),
        l.t("turer", "trips"),
        l.dec(c.before.vehicle_hours, 1),
        l.dec(c.after.vehicle_hours, 1),
        l.t("fordonstimmar", "vehicle-hours"),
        l.dec(c.before.vehicle_km, 0),
        l.dec(c.after.vehicle_km, 0),
        l.t("fordonskm", "vehicle-km"),
    ))];
    b.push(Block::Note(l.t(
        "Fordonstimmar: varje tur som körs trafikdagen, från första avgång till sista ankomst (turer i frequencies.txt räknas en och en; reglertid och tomkörning ingår inte). Fordonskm: fågelvägen mellan på varandra följande hållplatser × 1,3 för buss, × 1,0 för spårtrafik och färja. Per linje: se tabellen i avsnitt 2.",
        "Vehicle-hours: every trip run on the service day, first departure to last arrival (frequencies.txt trips counted one by one; layover and empty running not included). Vehicle-km: straight line between consecutive stops × 1.3 for buses, × 1.0 for rail and ferry. Per route: see the table in section 2.",
    ).into()));
    if !d.restidskvot.is_empty() {
        b.push(Block::H3(
            l.t("Restidskvot (kollektivtrafik ÷ bil)", "Travel-time ratio (public transport ÷ car)").into(),
        ));
        let rows = d
            .restidskvot
            .iter()
            .map(|c| {
                vec![H::Text(ratio_label(l, d, &c.metric)), num(l, c.before), num(l, c.after), diff(l, c.difference, 1)]
            })
            .collect();
        let head =
            [l.t("Mått", "Measure"), l.t("Före", "Before"), l.t("Efter", "After"), l.t("Skillnad", "Difference")];
        b.push(Block::Table(head.map(String::from).to_vec(), rows));
    }
    b.extend(super::compare_restidskvot::blocks(l, d));
    b
}

/// "Andel med restidskvot ≤ 1,5, %: Vårdcentral" from `restidskvot_le_1_5_pct_vardcentral`.
fn ratio_label(l: &L, d: &CompareData, metric: &str) -> String {
    if let Some(k) = metric.strip_prefix("restidskvot_le_1_5_pct_") {
        format!(
            "{}: {}",
            l.t("Andel invånare med restidskvot ≤ 1,5, %", "Share of inhabitants with ratio ≤ 1.5, %"),
            group_label(l, d, k)
        )
    } else if let Some(k) = metric.strip_prefix("restidskvot_median_") {
        format!("{}: {}", l.t("Median av restidskvoten", "Median ratio"), group_label(l, d, k))
    } else {
        metric.to_string()
    }
}

/// What was computed and how.
pub fn method(l: &L, d: &CompareData) -> Vec<Block> {
    vec![
        Block::P(format!(
            "{} {}–{}, {} {} min.",
            l.t(
                "Samma mått som rapporten (narhet report), beräknade en gång per sida med samma region och samma befolkningsrutnät. Varje sida har sin tidtabell och sin trafikdag; ett scenario ändras i minnet (GTFS-filerna ändras inte). Vårdenheter med valid_from/valid_to i regionfilen räknas bara de dagar de är öppna. Morgonfönster",
                "The report's measures (narhet report), computed once per side with the same region and the same population grid. Each side has its own timetable and service day; a scenario edits it in memory (the GTFS files are not changed). Care units with valid_from/valid_to in the region file count only on the days they are open. Morning window",
            ),
            d.window[0],
            d.window[1],
            l.t("tidsgräns", "time limit"),
            d.limit_min
        )),
        Block::Note(
            l.t(
                "Hållplatser och linjer paras ihop med stop_id och route_id: ett id som bytts mellan två tidtabeller syns som en hållplats (linje) som upphör och en som tillkommer. Mötesbokning (ankomsttider) jämförs inte.",
                "Stops and routes are matched by stop_id and route_id: an id that changed between two timetables shows as one stop (route) discontinued and one added. Appointment feasibility (arrival times) is not compared.",
            )
            .into(),
        ),
    ]
}
