//! Section 6, the TFP mätetal: the region file's `[[metric]]` rows (outcomes and targets of the
//! region's budget, per goal) as one table per goal, with the tool's own supply measures set
//! beside the goal they serve (`[[measure]]`) and the sources in words a committee can read.
//!
//! Values are never invented: a year the file has no value for is an empty cell, and the tool's
//! measures are shown as what they are — computed from the timetable, not survey answers.

use serde::Serialize;

use super::content::Block;
use super::data::Summary;
use super::html::Cell;
use super::text::L;
use crate::region::{Measure, MetricKind, Region};

/// One goal of the TFP table: its indicators, the tool's measures beside it and its sources.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TfpGoal {
    /// The goal as the region file words it; empty for rows that name none.
    pub goal: String,
    /// The value columns of this goal: (kind, year), outcomes first, then targets, by year.
    pub columns: Vec<(String, Option<i32>)>,
    pub indicators: Vec<TfpIndicator>,
    pub measures: Vec<TfpMeasure>,
    /// Distinct sources of the goal's rows, in file order.
    pub sources: Vec<String>,
}

/// One indicator (mätetal) with a value per column of its goal (`None`: not in the sources).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TfpIndicator {
    pub indicator: String,
    pub unit: String,
    pub values: Vec<Option<f64>>,
}

/// One of the tool's measures with its value on this run.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TfpMeasure {
    pub measure: String,
    /// The value: a share 0–1, or a count for `people_eligible_glesbygdstrafik` and
    /// `departures_weekday`; `None` when the run did not compute it.
    pub value: Option<f64>,
    /// For `share_stops_wheelchair_accessible`: the shares adapted, not adapted, no information.
    pub split: Option<[f64; 3]>,
}

/// The TFP goals in file order (goals of `[[metric]]` rows first, then those only a
/// `[[measure]]` names), each with its indicators and the tool's measures.
pub fn goals(region: &Region, s: &Summary) -> Vec<TfpGoal> {
    let mut out: Vec<TfpGoal> = Vec::new();
    let goal_ix = |out: &mut Vec<TfpGoal>, g: &str| match out.iter().position(|x| x.goal == g) {
        Some(i) => i,
        None => {
            out.push(TfpGoal {
                goal: g.to_string(),
                columns: Vec::new(),
                indicators: Vec::new(),
                measures: Vec::new(),
                sources: Vec::new(),
            });
            out.len() - 1
        }
    };
    for m in &region.metrics {
        let i = goal_ix(&mut out, m.goal.as_deref().unwrap_or(""));
        let g = &mut out[i];
        if m.value.is_some() {
            let col = (m.kind.as_str().to_string(), m.year);
            if !g.columns.contains(&col) {
                g.columns.push(col);
            }
        }
        if !g.indicators.iter().any(|x| x.indicator == m.indicator) {
            g.indicators.push(TfpIndicator {
                indicator: m.indicator.clone(),
                unit: m.unit.clone(),
                values: Vec::new(),
            });
        }
        if !m.source.trim().is_empty() && !g.sources.contains(&m.source) {
            g.sources.push(m.source.clone());
        }
        if let Some(x) = m.measure {
            push_measure(g, x, s);
        }
    }
    for r in &region.measures {
        let i = goal_ix(&mut out, &r.goal);
        push_measure(&mut out[i], r.measure, s);
    }
    for g in &mut out {
        // Outcomes before targets, each by year (a target without a year last).
        g.columns.sort_by_key(|(k, y)| (k != MetricKind::Outcome.as_str(), y.is_none(), *y));
        for ind in &mut g.indicators {
            ind.values = g
                .columns
                .iter()
                .map(|(k, y)| {
                    region
                        .metrics
                        .iter()
                        .filter(|m| m.goal.as_deref().unwrap_or("") == g.goal && m.indicator == ind.indicator)
                        .find(|m| m.kind.as_str() == k && m.year == *y)
                        .and_then(|m| m.value)
                })
                .collect();
        }
    }
    out
}

fn push_measure(g: &mut TfpGoal, m: Measure, s: &Summary) {
    if g.measures.iter().any(|x| x.measure == m.as_str()) {
        return;
    }
    let split = (m == Measure::ShareStopsWheelchairAccessible).then_some([
        s.share_stops_wheelchair_accessible,
        s.share_stops_wheelchair_not_accessible,
        s.share_stops_wheelchair_unknown,
    ]);
    g.measures.push(TfpMeasure { measure: m.as_str().to_string(), value: measure_value(m, s), split });
}

/// The value of one of the tool's measures on this run.
pub fn measure_value(m: Measure, s: &Summary) -> Option<f64> {
    match m {
        Measure::SharePopBasicService => s.share_pop_basic_service,
        Measure::PeopleEligibleGlesbygdstrafik => s.people_eligible_glesbygdstrafik.map(|p| p as f64),
        Measure::ShareStopsWheelchairAccessible => Some(s.share_stops_wheelchair_accessible),
        Measure::ShareNodesTravelTimeGoalMet => s.share_nodes_travel_time_goal_met,
        Measure::SharePopWithin30Vardcentral => s.share_pop_within_30_vardcentral,
        Measure::SharePopWithin60AcuteHospital => s.share_pop_within_60_acute_hospital,
        Measure::DeparturesWeekday => Some(s.departures as f64),
    }
}

/// What a measure is, in the report's language.
fn measure_label(l: &L, m: &str) -> String {
    match m {
        "share_pop_basic_service" => l.t(
            "Andel av befolkningen med grundläggande resmöjligheter en vardag (Glesbygdstrafikens regel)",
            "Share of the population with basic service on a weekday (the Glesbygdstrafik rule)",
        ),
        "people_eligible_glesbygdstrafik" => l.t(
            "Invånare som saknar grundläggande linjetrafik och har rätt till Glesbygdstrafik",
            "Inhabitants without basic line service, eligible for Glesbygdstrafik",
        ),
        "share_stops_wheelchair_accessible" => l.t(
            "Hållplatser med avgångar: tillgänglighetsanpassade / inte anpassade / uppgift saknas",
            "Stops with departures: adapted / not adapted / no information",
        ),
        "share_nodes_travel_time_goal_met" => l.t(
            "Strategiska noder som når Växjö inom sitt restidsmål",
            "Strategic nodes reaching Växjö within their travel-time goal",
        ),
        "share_pop_within_30_vardcentral" => {
            l.t("Befolkning som når en vårdcentral inom 30 min", "Population reaching a vårdcentral within 30 min")
        }
        "share_pop_within_60_acute_hospital" => {
            l.t("Befolkning som når ett akutsjukhus inom 60 min", "Population reaching an acute hospital within 60 min")
        }
        "departures_weekday" => l.t("Avgångar från hållplatser en vardag", "Departures from stops on a weekday"),
        other => other,
    }
    .to_string()
}

/// A measure's value as people read it.
fn measure_text(l: &L, m: &TfpMeasure) -> String {
    match (m.split, m.value) {
        (Some([a, n, u]), _) => format!("{} / {} / {}", l.pct(a), l.pct(n), l.pct(u)),
        (None, None) => l.t("beräknas inte i denna körning", "not computed in this run").into(),
        (None, Some(v)) if matches!(m.measure.as_str(), "people_eligible_glesbygdstrafik" | "departures_weekday") => {
            l.int(v.round() as u64)
        }
        (None, Some(v)) => l.pct(v),
    }
}

fn column_header(l: &L, (kind, year): &(String, Option<i32>)) -> String {
    let word =
        if kind == MetricKind::Outcome.as_str() { l.t("Bokslut", "Outcome") } else { l.t("Målvärde", "Target") };
    match year {
        Some(y) => format!("{word} {y}"),
        None => format!("{word} ({})", l.t("år ej angivet", "year not given")),
    }
}

fn value_text(l: &L, unit: &str, v: f64) -> String {
    if unit == "percent" { format!("{} %", l.dec(v, 0)) } else { l.int(v.round() as u64) }
}

/// The section's blocks.
pub fn blocks(l: &L, goals: &[TfpGoal]) -> Vec<Block> {
    let mut b = vec![Block::P(
        l.t(
            "Regionens mätetal för kollektivtrafiken (bokslut och målvärden ur regionfilen) mål för mål. Mätetalen om nöjdhet och resvanor kommer ur enkäter och kan inte räknas fram ur en tidtabell; bredvid varje mål står i stället det utbud narhet mäter i tidtabellen och befolkningsrutnätet för samma mål. Tomma celler saknas i källorna.",
            "The region's indicators for public transport (outcomes and targets from the region file), goal by goal. The indicators of satisfaction and travel come from surveys and cannot be computed from a timetable; beside each goal stands instead the supply narhet measures in the timetable and the population grid for the same goal. Empty cells are missing from the sources.",
        )
        .into(),
    )];
    for g in goals {
        let title =
            if g.goal.is_empty() { l.t("Övriga mätetal", "Other indicators").to_string() } else { g.goal.clone() };
        b.push(Block::H3(title));
        if !g.indicators.is_empty() && !g.columns.is_empty() {
            let mut headers = vec![l.t("Mätetal", "Indicator").to_string()];
            headers.extend(g.columns.iter().map(|c| column_header(l, c)));
            let rows = g
                .indicators
                .iter()
                .map(|i| {
                    let mut r = vec![Cell::Text(i.indicator.clone())];
                    r.extend(i.values.iter().map(|v| v.map_or(Cell::Empty, |v| Cell::Num(value_text(l, &i.unit, v)))));
                    r
                })
                .collect();
            b.push(Block::Table(headers, rows));
        }
        if !g.measures.is_empty() {
            let headers =
                [l.t("narhet mäter i tidtabellen", "narhet measures in the timetable"), l.t("Värde", "Value")]
                    .map(String::from)
                    .to_vec();
            let rows = g
                .measures
                .iter()
                .map(|m| vec![Cell::Text(measure_label(l, &m.measure)), Cell::Num(measure_text(l, m))])
                .collect();
            b.push(Block::Table(headers, rows));
        }
        if !g.sources.is_empty() {
            b.push(Block::Note(format!("{}: {}", l.t("Källa", "Source"), g.sources.join(" · "))));
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::text::Lang;

    const REGION: &str = r#"
name = "Testlän"
county_code = "99"
extent = [[14.9, 56.9], [15.4, 56.9], [15.4, 57.1], [14.9, 57.1], [14.9, 56.9]]

[[municipality]]
name = "Kärnkommun"
kommunkod = "0001"
seat = "Kärnby"
population_2024 = 1000

[[town]]
name = "Kärnby"
kommunkod = "0001"
lat = 57.0
lon = 15.0
population = 1000
level = "regional_core"

[[metric]]
goal = "Stärkt tillgänglighet"
indicator = "Avgångstiderna passar mina behov"
year = 2026
kind = "target"
value = 67
unit = "percent"
source = "Budget 2024"

[[metric]]
goal = "Stärkt tillgänglighet"
indicator = "Avgångstiderna passar mina behov"
year = 2022
kind = "outcome"
value = 57
unit = "percent"
source = "Budget 2024"

[[metric]]
goal = "Marknadsandel"
indicator = "Marknadsandel"
year = 2022
kind = "outcome"
value = 14
unit = "percent"
source = "Budget 2024"

[[measure]]
goal = "Stärkt tillgänglighet"
measure = "share_pop_basic_service"
"#;

    #[test]
    fn goals_gather_their_rows_outcomes_first_and_the_tools_measures() {
        let region = Region::from_str(REGION, std::path::Path::new("/x/region.toml")).unwrap();
        let s = Summary { share_pop_basic_service: Some(0.5), ..Default::default() };
        let g = goals(&region, &s);
        // Two goals in file order; the first has the outcome 2022 before the target 2026 though
        // the file lists the target first, and the tool's measure beside it.
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].goal, "Stärkt tillgänglighet");
        assert_eq!(g[0].columns, vec![("outcome".to_string(), Some(2022)), ("target".to_string(), Some(2026))]);
        assert_eq!(g[0].indicators[0].values, vec![Some(57.0), Some(67.0)]);
        assert_eq!(
            g[0].measures,
            vec![TfpMeasure { measure: "share_pop_basic_service".into(), value: Some(0.5), split: None }]
        );
        assert_eq!(g[0].sources, vec!["Budget 2024".to_string()]);
        assert!(g[1].measures.is_empty());
        // The committee reads Swedish headers and values with a per cent sign, no internal notes.
        let l = L(Lang::Sv);
        let text = format!("{:?}", blocks(&l, &g));
        for want in ["Bokslut 2022", "Målvärde 2026", "57 %", "67 %", "Källa: Budget 2024"] {
            assert!(text.contains(want), "{want} missing in {text}");
        }
    }
}
