//! The report's figures, drawn from its own data: population-versus-travel-time curves, band
//! bars, and maps of travel time, of the what-if change and of coverage.

use plotters::style::RGBColor;

use super::care_tables::{group_label, planned_name};
use super::chart::{Bars, Curves, Series};
use super::data::ReportData;
use super::figure::{DrawError, Figure, render};
use super::map::{Map, Place, PlaceKind};
use super::text::L;
use crate::analysis::assess::Assessment;
use crate::analysis::{Network, Study};
use crate::metrics::reach::{CareKind, CareNode};
use crate::metrics::reach_summary::{BANDS_MIN, ChangeClass};
use crate::region::Region;
use crate::spatial::{Xy, to_sweref};
use crate::timetable::Timetable;

/// A figure with its file name (without extension) and caption.
pub struct Named {
    pub name: String,
    pub caption: String,
    pub figure: Figure,
}

/// A destination group's colour in charts (Okabe–Ito, safe for colour-blind readers).
pub fn group_color(key: &str) -> RGBColor {
    match key {
        "vardcentral" => RGBColor(0, 114, 178),
        "acute_hospital" => RGBColor(213, 94, 0),
        "planned_hospital" => RGBColor(204, 121, 167),
        "acute_with_planned" => RGBColor(230, 159, 0),
        _ => RGBColor(0, 158, 115),
    }
}

/// Not reached within the limit: a neutral grey on every map.
pub const NOT_REACHED: RGBColor = RGBColor(204, 204, 204);

/// The legend of the change maps (the report's what-if and compare's), in the order of
/// [`ChangeClass::ALL`]: faster or slower by more than 15 or by 5–15 min, unchanged (± 5 min),
/// now reached, reached before but not now, reached neither time (within the limit).
/// ColorBrewer PuOr: purple shorter, orange longer (safe for colour-blind readers).
pub fn change_legend(l: &L) -> Vec<(String, RGBColor)> {
    ChangeClass::ALL
        .iter()
        .map(|c| {
            let (sv, en, color) = match c {
                ChangeClass::GainOver15 => ("kortare > 15 min", "shorter > 15 min", RGBColor(84, 39, 136)),
                ChangeClass::Gain5To15 => ("kortare 5–15 min", "shorter 5–15 min", RGBColor(153, 142, 195)),
                ChangeClass::Unchanged => ("± 5 min", "± 5 min", RGBColor(247, 247, 247)),
                ChangeClass::Lose5To15 => ("längre 5–15 min", "longer 5–15 min", RGBColor(241, 163, 64)),
                ChangeClass::LoseOver15 => ("längre > 15 min", "longer > 15 min", RGBColor(179, 88, 6)),
                // Teal, apart from the purple gains and from the near-black rail lines on the same map.
                ChangeClass::NewAccess => ("nås nu", "now reached", RGBColor(1, 133, 113)),
                ChangeClass::LostAccess => ("nådd förut, inte nu", "reached before, not now", RGBColor(127, 59, 8)),
                ChangeClass::NotReached => ("nås varken förut eller nu", "reached neither time", NOT_REACHED),
            };
            (l.t(sv, en).to_string(), color)
        })
        .collect()
}

/// Travel-time classes for maps (ColorBrewer YlGnBu, dark = near): ≤15, ≤30, ≤45, ≤60, ≤90,
/// ≤ limit, and not within the limit (grey).
fn time_classes(l: &L, limit_min: u32) -> Vec<(String, RGBColor)> {
    vec![
        ("≤ 15 min".into(), RGBColor(37, 52, 148)),
        ("15–30 min".into(), RGBColor(44, 127, 184)),
        ("30–45 min".into(), RGBColor(65, 182, 196)),
        ("45–60 min".into(), RGBColor(127, 205, 187)),
        ("60–90 min".into(), RGBColor(199, 233, 180)),
        (format!("90–{limit_min} min"), RGBColor(255, 255, 204)),
        (format!("{} {limit_min} min", l.t("ej inom", "not within")), NOT_REACHED),
    ]
}

fn time_class(median_secs: Option<u32>, limit_min: u32) -> u8 {
    match median_secs.map(|s| s.div_ceil(60)) {
        Some(m) if m <= 15 => 0,
        Some(m) if m <= 30 => 1,
        Some(m) if m <= 45 => 2,
        Some(m) if m <= 60 => 3,
        Some(m) if m <= 90 => 4,
        Some(m) if m <= limit_min => 5,
        _ => 6,
    }
}

const RAIL: RGBColor = RGBColor(25, 25, 25);
const BUS: RGBColor = RGBColor(120, 120, 120);

/// Route patterns as polylines: rail dark and wider, on top of buses.
fn lines(feed: &crate::feed::Feed, tt: &Timetable) -> Vec<(Vec<Xy>, RGBColor, u32)> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for p in tt.patterns() {
        let stops: Vec<u32> = tt.stops(p).map(|s| s.0).collect();
        if !seen.insert(stops.clone()) {
            continue;
        }
        let rail = feed.routes[tt.pattern_route(p).ix()].mode() == crate::feed::Mode::Rail;
        let (color, width) = if rail { (RAIL, 2) } else { (BUS, 1) };
        out.push((stops.iter().map(|&s| tt.stop_xy(crate::timetable::StopIdx(s))).collect(), color, width));
    }
    out.sort_by_key(|(_, c, _)| *c == RAIL);
    out
}

fn places(region: &Region, care: &[CareNode], with_vc: bool) -> Vec<Place> {
    let mut out: Vec<Place> = region
        .municipalities
        .iter()
        .filter_map(|m| region.town(&m.seat))
        .map(|t| Place { at: to_sweref(t.lat, t.lon), label: t.name.clone(), kind: PlaceKind::Seat })
        .collect();
    for n in care {
        let kind = match n.kind {
            CareKind::AcuteHospital => PlaceKind::AcuteHospital,
            CareKind::PlannedHospital => PlaceKind::PlannedHospital,
            CareKind::Vardcentral if with_vc => PlaceKind::Vardcentral,
            CareKind::Vardcentral => continue,
        };
        out.push(Place { at: n.at, label: String::new(), kind });
    }
    out
}

fn place_legend(l: &L, with_vc: bool) -> Vec<(String, PlaceKind)> {
    let mut v = vec![
        (l.t("Centralort", "Municipal seat").into(), PlaceKind::Seat),
        (l.t("Akutsjukhus", "Acute hospital").into(), PlaceKind::AcuteHospital),
        (l.t("Räppe (scenario)", "Räppe (scenario)").into(), PlaceKind::PlannedHospital),
    ];
    if with_vc {
        v.push((l.t("Vårdcentral", "Vårdcentral (primary care)").into(), PlaceKind::Vardcentral));
    }
    v
}

/// The study's municipal borders on SWEREF 99 TM, with their attribution.
pub fn borders(study: &Study) -> (Vec<Vec<Xy>>, String) {
    match &study.borders {
        Some(b) => (
            b.municipalities
                .iter()
                .flat_map(|m| &m.rings)
                .map(|r| r.iter().map(|p| to_sweref(p[1], p[0])).collect())
                .collect(),
            b.attribution.clone(),
        ),
        None => (Vec::new(), String::new()),
    }
}

/// An empty map with the study's borders, attribution and the language's legend words.
pub fn blank_map(l: &L, title: &str, study: &Study) -> Map {
    let (borders, attribution) = borders(study);
    Map {
        title: title.into(),
        borders,
        attribution,
        border_label: l.t("Kommungräns", "Municipal border").into(),
        km: "km".into(),
        ..Default::default()
    }
}

/// A map with the network's lines, the seats and the care nodes (vårdcentraler with `with_vc`).
pub fn base_map(l: &L, title: &str, study: &Study, net: &Network, with_vc: bool) -> Map {
    Map {
        lines: lines(net.feed, &net.tt),
        line_legend: vec![(l.t("Järnväg", "Rail").into(), RAIL, 2), (l.t("Busslinje", "Bus line").into(), BUS, 1)],
        places: places(&study.region, &study.care, with_vc),
        place_legend: place_legend(l, with_vc),
        ..blank_map(l, title, study)
    }
}

/// Every figure of the report.
pub fn figures(l: &L, study: &Study, net: &Network, a: &Assessment, d: &ReportData) -> Result<Vec<Named>, DrawError> {
    let mut out = Vec::new();
    let (run, cells) = (&a.reach, &study.cells);

    // Cumulative curves.
    let curves = Curves {
        title: l
            .t(
                "Andel av befolkningen inom restid (median, morgonfönstret)",
                "Share of population within travel time (median, morning window)",
            )
            .into(),
        x_label: l.t("restid, minuter", "travel time, minutes").into(),
        y_label: l.t("andel av befolkningen", "share of population").into(),
        x_max: d.parameters.limit_min as f64,
        y_max: 100.0,
        series: d
            .care
            .groups
            .iter()
            .map(|g| Series {
                label: group_label(l, &g.key, &g.label, planned_name(d)),
                color: group_color(&g.key),
                points: g.curve.iter().map(|&(t, s)| (t as f64, s * 100.0)).collect(),
            })
            .collect(),
        y_percent: true,
    };
    out.push(Named { name: "restid_kurvor".into(), caption: curves.title.clone(), figure: render(900, 480, &curves)? });

    let bars = Bars {
        title: l.t("Befolkning inom 30/45/60/90 minuter", "Population within 30/45/60/90 minutes").into(),
        y_label: l.t("andel av befolkningen", "share of population").into(),
        categories: BANDS_MIN.iter().map(|b| format!("{b} min")).collect(),
        series: d
            .care
            .groups
            .iter()
            .map(|g| {
                (
                    group_label(l, &g.key, &g.label, planned_name(d)),
                    group_color(&g.key),
                    g.county.within.iter().map(|&w| w as f64 * 100.0 / g.county.population.max(1) as f64).collect(),
                )
            })
            .collect(),
        y_percent: true,
    };
    out.push(Named { name: "restid_staplar".into(), caption: bars.title.clone(), figure: render(900, 420, &bars)? });

    // Travel-time maps per group (acute, vårdcentral, Räppe).
    for (key, name, with_vc) in [
        ("acute_hospital", "karta_akutsjukhus", false),
        ("vardcentral", "karta_vardcentral", true),
        ("planned_hospital", "karta_rappe", false),
    ] {
        let Some(g) = run.groups.iter().position(|x| x.key == key) else { continue };
        let label = group_label(l, key, &run.groups[g].label, planned_name(d));
        let title =
            format!("{}: {}", l.t("Restid (median) till närmaste", "Travel time (median) to the nearest"), label);
        let mut m = base_map(l, &title, study, net, with_vc);
        let limit = d.parameters.limit_min;
        m.classes = time_classes(l, limit);
        m.legend_title = l.t("Restid, median", "Travel time, median").into();
        m.cells = cells
            .iter()
            .zip(&run.cell_results)
            .map(|(cell, r)| (cell.x, cell.y, cell.size_m, time_class(r[g].stats.and_then(|s| s.median), limit)))
            .collect();
        out.push(Named { name: name.into(), caption: title, figure: render(1000, 620, &m)? });
    }

    // What-if change map.
    if let Some((a, b, replaced)) = &run.what_if {
        let title = format!(
            "{} {}",
            l.t(
                "Förändrad restid till akutsjukhus om akutvården flyttar till Räppe från",
                "Change in travel time to acute care if it moves to Räppe from"
            ),
            crate::text::short_name(replaced)
        );
        let mut m = base_map(l, &title, study, net, false);
        m.classes = change_legend(l);
        m.legend_title = l.t("Med Räppe jämfört med i dag", "With Räppe compared with today").into();
        m.cells = cells
            .iter()
            .zip(&run.cell_results)
            .map(|(cell, r)| {
                let med = |g: usize| r[g].stats.and_then(|s| s.median);
                (cell.x, cell.y, cell.size_m, ChangeClass::of(med(*a), med(*b)).index())
            })
            .collect();
        out.push(Named { name: "karta_rappe_forandring".into(), caption: title, figure: render(1000, 620, &m)? });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::text::Lang;

    #[test]
    fn no_change_class_looks_like_a_line() {
        // The change maps draw rail (25, 25, 25) and bus (120, 120, 120) lines over the cells.
        // A class colour near a line colour is read as a line: "nådd förut, inte nu" was once
        // (90, 20, 60), 65 + 5 + 35 = 105 from today's rail; "nås nu" (45, 0, 75) was 20 + 25 + 50
        // = 95 (sum of |ΔR| + |ΔG| + |ΔB|). Every class must be at least 100 from each line. The
        // closest now: "kortare 5–15 min" (153, 142, 195) is 33 + 22 + 75 = 130 from bus,
        // "nådd förut, inte nu" (127, 59, 8) 102 + 34 + 17 = 153 from rail.
        let dist =
            |a: RGBColor, b: RGBColor| a.0.abs_diff(b.0) as u32 + a.1.abs_diff(b.1) as u32 + a.2.abs_diff(b.2) as u32;
        for (label, class) in change_legend(&L(Lang::Sv)) {
            for line in [RAIL, BUS] {
                assert!(dist(class, line) >= 100, "{label}: {class:?} is close to the line colour {line:?}");
            }
        }
        assert_eq!(dist(RGBColor(45, 0, 75), RAIL), 95, "the old colour would fail");
        assert_eq!(dist(RGBColor(153, 142, 195), BUS), 130);
        assert_eq!(dist(RGBColor(127, 59, 8), RAIL), 153);
    }
}
