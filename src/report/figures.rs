//! The report's figures, drawn from its own data: population-versus-travel-time curves, band
//! bars, and maps of travel time, of the what-if change and of coverage.

use plotters::style::RGBColor;

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

const GROUP_COLORS: [RGBColor; 5] = [
    RGBColor(20, 120, 200),
    RGBColor(200, 30, 45),
    RGBColor(150, 40, 180),
    RGBColor(230, 120, 0),
    RGBColor(30, 150, 80),
];

/// The legend of the change maps (the report's what-if and compare's), in the order of
/// [`ChangeClass::ALL`]: faster or slower by more than 15 or by 5–15 min, unchanged (± 5 min),
/// now reached, reached before but not now, reached neither time (within the limit).
pub fn change_legend(l: &L) -> Vec<(String, RGBColor)> {
    ChangeClass::ALL
        .iter()
        .map(|c| {
            let (sv, en, color) = match c {
                ChangeClass::GainOver15 => ("kortare > 15 min", "shorter > 15 min", RGBColor(0, 104, 55)),
                ChangeClass::Gain5To15 => ("kortare 5–15 min", "shorter 5–15 min", RGBColor(120, 198, 121)),
                ChangeClass::Unchanged => ("± 5 min", "± 5 min", RGBColor(200, 200, 200)),
                ChangeClass::Lose5To15 => ("längre 5–15 min", "longer 5–15 min", RGBColor(253, 174, 97)),
                ChangeClass::LoseOver15 => ("längre > 15 min", "longer > 15 min", RGBColor(215, 48, 39)),
                ChangeClass::NewAccess => ("nås nu", "now reached", RGBColor(33, 102, 172)),
                ChangeClass::LostAccess => ("nådd förut, inte nu", "reached before, not now", RGBColor(90, 20, 60)),
                ChangeClass::NotReached => {
                    ("nås varken förut eller nu", "reached neither time", RGBColor(242, 238, 226))
                }
            };
            (l.t(sv, en).to_string(), color)
        })
        .collect()
}

/// Travel-time classes for maps: ≤15, ≤30, ≤45, ≤60, ≤90 min, more / not reached.
fn time_classes(l: &L) -> Vec<(String, RGBColor)> {
    vec![
        (l.t("≤ 15 min", "≤ 15 min").into(), RGBColor(0, 104, 55)),
        ("15–30 min".into(), RGBColor(49, 163, 84)),
        ("30–45 min".into(), RGBColor(173, 221, 142)),
        ("45–60 min".into(), RGBColor(254, 224, 139)),
        ("60–90 min".into(), RGBColor(252, 141, 89)),
        (l.t("> 90 min / ej nådd", "> 90 min / not reached").into(), RGBColor(215, 48, 39)),
    ]
}

fn time_class(median_secs: Option<u32>) -> u8 {
    match median_secs.map(|s| s / 60) {
        Some(m) if m <= 15 => 0,
        Some(m) if m <= 30 => 1,
        Some(m) if m <= 45 => 2,
        Some(m) if m <= 60 => 3,
        Some(m) if m <= 90 => 4,
        _ => 5,
    }
}

/// Route patterns as polylines: rail dark red, others grey.
fn lines(feed: &crate::feed::Feed, tt: &Timetable) -> Vec<(Vec<Xy>, RGBColor)> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for p in tt.patterns() {
        let stops: Vec<u32> = tt.stops(p).map(|s| s.0).collect();
        if !seen.insert(stops.clone()) {
            continue;
        }
        let rail = feed.routes[tt.pattern_route(p).ix()].mode() == crate::feed::Mode::Rail;
        let color = if rail { RGBColor(140, 20, 40) } else { RGBColor(150, 150, 150) };
        out.push((stops.iter().map(|&s| tt.stop_xy(crate::timetable::StopIdx(s))).collect(), color));
    }
    // Rail on top.
    out.sort_by_key(|(_, c)| *c == RGBColor(140, 20, 40));
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
        (l.t("Räppe (what-if)", "Räppe (what-if)").into(), PlaceKind::PlannedHospital),
    ];
    if with_vc {
        v.push((l.t("Vårdcentral", "Primary care centre").into(), PlaceKind::Vardcentral));
    }
    v
}

/// A map with the network's lines, the seats and the care nodes (vårdcentraler with `with_vc`).
pub fn base_map(l: &L, title: &str, study: &Study, net: &Network, with_vc: bool) -> Map {
    Map {
        title: title.into(),
        lines: lines(net.feed, &net.tt),
        places: places(&study.region, &study.care, with_vc),
        place_legend: place_legend(l, with_vc),
        km: "km".into(),
        ..Default::default()
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
            .enumerate()
            .map(|(i, g)| Series {
                label: g.label.clone(),
                color: GROUP_COLORS[i % 5],
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
            .enumerate()
            .map(|(i, g)| {
                (
                    g.label.clone(),
                    GROUP_COLORS[i % 5],
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
        let title = format!(
            "{}: {}",
            l.t("Restid (median) till närmaste", "Travel time (median) to the nearest"),
            run.groups[g].label.to_lowercase()
        );
        let mut m = base_map(l, &title, study, net, with_vc);
        m.classes = time_classes(l);
        m.legend_title = l.t("Restid, median", "Travel time, median").into();
        m.cells = cells
            .iter()
            .zip(&run.cell_results)
            .map(|(cell, r)| (cell.x, cell.y, cell.size_m, time_class(r[g].stats.and_then(|s| s.median))))
            .collect();
        out.push(Named { name: name.into(), caption: title, figure: render(1000, 820, &m)? });
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
        out.push(Named { name: "karta_rappe_forandring".into(), caption: title, figure: render(1000, 820, &m)? });
    }
    Ok(out)
}
