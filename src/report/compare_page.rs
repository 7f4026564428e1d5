//! The `compare` page: a scenario against today's network as one self-contained HTML file, and
//! the short summary printed on the terminal. Swedish only for now.

use super::ReportError;
use super::figure::render;
use super::figures::{base_map, change_legend};
use super::html::{Cell as H, Doc};
use super::text::{L, Lang};
use crate::analysis::assess::Assessment;
use crate::analysis::compare::{CompareData, cell_changes, key_of, round1};
use crate::analysis::{Network, Study};
use crate::metrics::reach_summary::BANDS_MIN;
use crate::numfmt::{dec, int};
use crate::scenario::cost::RouteCost;

/// The scenario's side for the maps: its study, its network and both assessments.
pub struct AfterSide<'a> {
    pub study: &'a Study,
    pub net: &'a Network<'a>,
    pub before: &'a Assessment,
    pub after: &'a Assessment,
}

/// "1 ändring: add_lines", "2 ändringar: …".
fn changes_text(m: &[String]) -> String {
    let n = if m.len() == 1 { "ändring" } else { "ändringar" };
    format!("{} {n}: {}", m.len(), m.join(", "))
}

/// The HTML page.
pub fn html(d: &CompareData, side: &AfterSide) -> Result<String, ReportError> {
    let title = format!("Scenario: {}", d.scenario);
    let mut doc = Doc::new(&title, "sv");
    let mut cover = vec![
        format!("Jämförelse med dagens nät · {} · trafikdag {}", d.region, d.date),
        format!("Scenariofil: {} · {}", d.scenario_file, changes_text(&d.modifications)),
    ];
    if !d.description.is_empty() {
        cover.push(d.description.clone());
    }
    doc.cover(&cover);
    let c = &d.cost;
    doc.kpis(&[
        (
            signed_i(d.node_goals_met.difference),
            format!(
                "mål för strategiska noder uppfyllda ({} → {})",
                opt_i(d.node_goals_met.before),
                opt_i(d.node_goals_met.after)
            ),
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

    nodes_part(&mut doc, d);
    population_part(&mut doc, d);
    maps_part(&mut doc, d, side)?;
    cost_part(&mut doc, d);
    Ok(doc.finish())
}

fn nodes_part(doc: &mut Doc, d: &CompareData) {
    doc.h2("noder", "Strategiska noder: före, efter, skillnad");
    let mut rows = Vec::new();
    for n in &d.nodes {
        for m in &n.metrics {
            if m.before.is_none() && m.after.is_none() {
                continue;
            }
            // A travel time without a value is not reached within the limit.
            let value = |x: Option<f64>| match x {
                None if m.metric.ends_with("_min") => H::Text(format!("ej nådd inom {} min", d.limit_min)),
                x => num(x),
            };
            rows.push(vec![
                H::Text(n.town.clone()),
                H::Text(metric_label(&m.metric).into()),
                value(m.before),
                value(m.after),
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
}

fn population_part(doc: &mut Doc, d: &CompareData) {
    doc.h2("befolkning", "Befolkning som får eller förlorar tillgång");
    doc.note(&format!(
        "Per befolkningsruta: medianen av restiden över morgonfönstrets avgångsminuter. En ruta är nådd när medianen ligger inom tidsgränsen ({} min); en resa som tar längre är ingen resa. Får tillgång: utanför bandet (eller ej nådd) före, inom efter. Ändringen av restiden räknas bara över rutor som nås inom gränsen både före och efter.",
        d.limit_min
    ));
    for a in &d.county {
        doc.h3(&group_label(d, &a.group));
        let c = &a.change;
        doc.p(&format!(
            "Nådd förut, inte nu: {} invånare. Nås nu: {}. Nådd både före och efter: {} (ändrad medianrestid: median {}, medel {} min). Nås varken före eller efter: {}.",
            int(c.lost_access),
            int(c.new_access),
            int(c.reached_both),
            c.median_change_min.map_or("–".into(), signed_dec),
            c.mean_change_min.map_or("–".into(), signed_dec),
            int(c.reached_neither),
        ));
        let rows: Vec<Vec<H>> = c
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
            let c = &m.change;
            c.lost_access + c.new_access > 0
                || c.bands.iter().any(|b| b.gained > 0 || b.lost > 0)
                || c.median_change_min.is_some_and(|x| x.abs() >= 0.1)
        })
        .map(|m| {
            let c = &m.change;
            let mut r = vec![
                H::Text(m.area.clone()),
                H::Text(group_label(d, &m.group)),
                H::Num(format!("+{} / −{}", int(c.new_access), int(c.lost_access))),
                signed_num(c.median_change_min),
            ];
            for b in &c.bands {
                r.push(H::Num(format!("+{} / −{}", int(b.gained), int(b.lost))));
            }
            r
        })
        .collect();
    if rows.is_empty() {
        doc.p("Ingen kommun får ändrade restider.");
    } else {
        let mut head = vec![
            "Kommun".to_string(),
            "Mål".into(),
            format!("Inom {} min: får / förlorar", d.limit_min),
            "Medianändring, min (nådda båda gångerna)".into(),
        ];
        head.extend(BANDS_MIN.iter().map(|b| format!("≤ {b} min: får / förlorar")));
        doc.table(&head, &rows);
    }
}

fn maps_part(doc: &mut Doc, d: &CompareData, side: &AfterSide) -> Result<(), ReportError> {
    let (before, after, cells) = (side.before, side.after, &side.study.cells);
    doc.h2("kartor", "Kartor: förändrad restid per ruta");
    let l = L(Lang::Sv);
    for g in &d.groups_compared {
        let k = key_of(g);
        let title = format!("Förändrad restid: {}", group_label(d, k));
        let mut m = base_map(&l, &title, side.study, side.net, k == "vardcentral");
        m.classes = change_legend(&l);
        m.legend_title = "Scenario jämfört med i dag".into();
        let ch = cell_changes(before, after, k);
        m.cells = cells.iter().zip(ch).map(|(c, x)| (c.x, c.y, c.size_m, x.class.index())).collect();
        let fig = render(1000, 620, &m)?;
        doc.figure(&fig.svg, &title);
    }
    if !d.groups_only_before.is_empty() || !d.groups_only_after.is_empty() {
        doc.note(&format!(
            "Målgrupper som bara finns på ena sidan jämförs inte: före {}; efter {}.",
            if d.groups_only_before.is_empty() { "–".into() } else { d.groups_only_before.join("; ") },
            if d.groups_only_after.is_empty() { "–".into() } else { d.groups_only_after.join("; ") },
        ));
    }

    Ok(())
}

fn cost_part(doc: &mut Doc, d: &CompareData) {
    let c = &d.cost;
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
    doc.note("Samma mått som rapporten (narhet report), beräknade två gånger på samma inlästa nät: i dag och med scenariots ändringar (i minnet; GTFS-filerna ändras inte). Restider: median över morgonfönstrets avgångsminuter, inom tidsgränsen (se rapportens metodavsnitt för vad varje tal betyder). Täckningsmåttet (grundläggande resmöjligheter) och kommunmålen för det ingår inte i jämförelsen.");
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
        "departures_to_planned" => "Direkta avgångar till Räppe (resor utan byte)",
        other => other,
    }
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
        "Mål för strategiska noder uppfyllda: {} → {}; {} ändrar status (kommunmålen ingår inte)",
        opt_i(d.node_goals_met.before),
        opt_i(d.node_goals_met.after),
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
        let c = &a.change;
        let bands: Vec<String> =
            c.bands.iter().map(|b| format!("≤{}: +{} −{}", b.minutes, int(b.gained), int(b.lost))).collect();
        let _ = writeln!(
            s,
            "{}: inom {} min +{} −{} invånare; medianändring {} min över {} nådda båda gångerna; invånare {}",
            group_label(d, &a.group),
            d.limit_min,
            int(c.new_access),
            int(c.lost_access),
            c.median_change_min.map_or("–".into(), signed_dec),
            int(c.reached_both),
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
