//! The care tables a healthcare planner looks for: per municipality, the share of the population
//! within 30/45/60/90 minutes of a vårdcentral, an acute hospital and the acute hospitals of the
//! Räppe scenario; and every town with its departures and travel times.

use super::content::Block;
use super::data::{ReportData, TownRow};
use super::html::Cell;
use super::text::{L, Lang};

/// A destination group's name in the report's language (`planned`: the planned site's name).
pub fn group_label(l: &L, key: &str, fallback: &str, planned: Option<&str>) -> String {
    let site = planned.map_or("Räppe", crate::text::short_name);
    match key {
        "vardcentral" => l.t("Vårdcentral", "Vårdcentral (primary care)").into(),
        "acute_hospital" => l.t("Akutsjukhus", "Acute hospital").into(),
        "planned_hospital" => format!("{site} ({})", l.t("planerat sjukhus, scenario", "planned hospital, scenario")),
        "acute_with_planned" => match l.0 {
            Lang::Sv => format!("Akutsjukhus i {site}scenariot"),
            Lang::En => format!("Acute hospital in the {site} scenario"),
        },
        "core" => l.t("Regionkärnan", "The regional core").into(),
        _ => fallback.into(),
    }
}

/// The planned site's name, when the report has the scenario.
pub fn planned_name(d: &ReportData) -> Option<&str> {
    d.care.what_if.as_ref().map(|w| w.planned.as_str())
}

/// The groups shown per municipality, in this order, where the run has them.
const PER_MUNICIPALITY: [&str; 3] = ["vardcentral", "acute_hospital", "acute_with_planned"];

/// One table per destination group: municipalities (and the county) by share within each band.
pub fn municipality_tables(l: &L, d: &ReportData) -> Vec<Block> {
    let mut b = vec![Block::H3(l.t("Restid till vård per kommun", "Travel time to care per municipality").into())];
    b.push(Block::P(
        l.t(
            "Andel av kommunens befolkning vars medianrestid i morgonfönstret ligger inom 30, 45, 60 och 90 minuter, och andelen vars median inte nås inom tidsgränsen.",
            "Share of the municipality's population whose median travel time in the morning window is within 30, 45, 60 and 90 minutes, and the share whose median is not reached within the time limit.",
        )
        .into(),
    ));
    for key in PER_MUNICIPALITY {
        let Some(g) = d.care.groups.iter().find(|g| g.key == key) else { continue };
        let vc = key == "vardcentral";
        b.push(Block::H4(group_label(l, key, &g.label, planned_name(d))));
        let mut headers = vec![
            l.t("Kommun", "Municipality").into(),
            l.t("Befolkning", "Population").into(),
            "30 min".into(),
            "45 min".into(),
            "60 min".into(),
            "90 min".into(),
            format!("{} {} min", l.t("Ej nådd inom", "Not reached within"), d.parameters.limit_min),
        ];
        if vc {
            headers.push(l.t("Vårdcentraler i listan", "Vårdcentraler listed").into());
        }
        let listed: usize = d.care.vardcentraler_per_municipality.iter().sum();
        let rows = g
            .municipalities
            .iter()
            .enumerate()
            .map(|(i, m)| (m, d.care.vardcentraler_per_municipality.get(i).copied().unwrap_or(0)))
            .chain(std::iter::once((&g.county, listed)))
            .map(|(m, n)| {
                let p = m.population.max(1) as f64;
                let name = if m.area.is_empty() || std::ptr::eq(m, &g.county) {
                    l.t("Länet", "County").to_string()
                } else {
                    m.area.clone()
                };
                let mut r = vec![Cell::Text(name), Cell::Num(l.int(m.population))];
                r.extend(m.within.iter().map(|&w| Cell::Num(l.pct(w as f64 / p))));
                r.push(Cell::Num(l.pct(m.not_reached as f64 / p)));
                if vc {
                    r.push(Cell::Num(l.int(n as u64)));
                }
                r
            })
            .collect();
        b.push(Block::Table(headers, rows));
    }
    b
}

/// Every town: departures during the day and travel times (median over the window, and the share
/// of the window's minutes within the limit) to the groups, by municipality and size.
pub fn town_table(l: &L, d: &ReportData) -> Vec<Block> {
    let limit = d.parameters.limit_min;
    let keys: Vec<&str> = ["vardcentral", "acute_hospital", "acute_with_planned"]
        .into_iter()
        .filter(|k| d.care.groups.iter().any(|g| g.key == *k))
        .collect();
    let mut b = vec![Block::H3(l.t("Orterna", "The towns").into())];
    b.push(Block::P(format!(
        "{} {limit} {} {limit} {}",
        l.t(
            "Varje ort i regionfilen: avgångar från ortens hållplatser under dagen, medianrestid i morgonfönstret och andelen av fönstrets avgångsminuter som når fram inom",
            "Every town of the region file: departures from its stops during the day, the median travel time in the morning window, and the share of the window's departure minutes arriving within"
        ),
        l.t("minuter. ”Ej nådd”: medianen når inte fram inom", "minutes. \"Not reached\": the median does not arrive within"),
        l.t("minuter.", "minutes."),
    )));
    let mut headers =
        vec![l.t("Ort", "Town").into(), l.t("Kommun", "Municipality").into(), l.t("Invånare", "Inhabitants").into()];
    headers.push(l.t("Avgångar", "Departures").into());
    for k in &keys {
        let name = group_label(l, k, k, planned_name(d));
        headers.push(format!("{name}: {}", l.t("median", "median")));
        if *k != "vardcentral" {
            headers.push(format!("{name}: {} {limit} min", l.t("andel inom", "share within")));
        }
    }
    let mut towns: Vec<&TownRow> = d.care.towns.iter().collect();
    towns.sort_by(|a, b| a.municipality.cmp(&b.municipality).then(b.population.cmp(&a.population)));
    let pos = |k: &str| d.care.groups.iter().position(|g| g.key == k);
    let rows = towns
        .iter()
        .map(|t| {
            let mut r = vec![
                Cell::Text(t.town.clone()),
                Cell::Text(t.municipality.clone()),
                Cell::Num(l.int(t.population as u64)),
                Cell::Num(l.int(t.departures as u64)),
            ];
            for k in &keys {
                let x = pos(k).and_then(|i| t.times.get(i));
                // "ej nådd" short, as the paragraph above says (keeps the table within the page).
                let median = x.and_then(|x| x.median_min).filter(|m| *m <= limit as f64);
                r.push(Cell::Num(median.map_or(l.t("ej nådd", "not reached").into(), |m| l.min(Some(m)))));
                if *k != "vardcentral" {
                    r.push(Cell::Num(x.map_or("–".into(), |x| l.pct(x.share_within_limit))));
                }
            }
            r
        })
        .collect();
    b.push(Block::Table(headers, rows));
    b
}
