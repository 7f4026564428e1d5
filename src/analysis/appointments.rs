//! Appointments at care for a study (`reach --appointment`, the report's appointments part):
//! which appointment applies to each destination group (the command line's, else the region
//! file's `[appointments]` for the group's kind), the feasibility run over the study's cells and
//! towns, and its tables, per-municipality counts and summaries. Prints nothing.

use serde::Serialize;

use super::Study;
use super::inputs::cell_origins;
use crate::date::{fmt_hm, parse_duration, parse_time};
use crate::export::{Field, Table};
use crate::metrics::appointments::{
    Appointment, DEFAULT_DAY_END_SECS, DEFAULT_SLOT_STEP_SECS, OriginVisit, compute_appointments,
};
use crate::metrics::reach::{CareKind, DestGroup, Origin, ReachParams};
use crate::numfmt::{int, pct};
use crate::region::Region;
use crate::timetable::Timetable;

/// The appointment given on the command line: `HH:MM` or a window `HH:MM-HH:MM` (slots every
/// 15 min) and the stay, e.g. `1h`. Errors say what was expected.
pub fn parse_appointment(at: &str, stay: &str) -> Result<Appointment, String> {
    let time = |s: &str| {
        parse_time(s)
            .filter(|t| t % 60 == 0 && *t < 24 * 3600)
            .ok_or_else(|| format!("--appointment '{at}': expected HH:MM or HH:MM-HH:MM, times from 00:00 to 23:59"))
    };
    let (from, to) = match at.split_once('-') {
        Some((a, b)) => (time(a)?, time(b)?),
        None => (time(at)?, time(at)?),
    };
    if to < from {
        return Err(format!("--appointment '{at}': the window ends before it starts"));
    }
    let stay = parse_duration(stay)
        .filter(|s| (60..=12 * 3600).contains(s))
        .ok_or_else(|| format!("--stay '{stay}': expected a duration from 1m to 12h, e.g. 1h or 90m"))?;
    Ok(Appointment { from, to, step: DEFAULT_SLOT_STEP_SECS, stay })
}

/// The appointment of each group: `given` for all, else the region file's for the kind of the
/// group's nodes. A group without one is an error naming it.
pub fn appointments_for(
    region: &Region,
    study: &Study,
    groups: &[DestGroup],
    given: Option<Appointment>,
) -> Result<Vec<Appointment>, String> {
    groups
        .iter()
        .map(|g| {
            if let Some(a) = given {
                return Ok(a);
            }
            let kind = g.nodes.first().map(|&n| study.care[n].kind);
            let set = region.appointments.iter().find(|(k, _)| Some(config_kind(*k)) == kind).map(|(_, s)| *s);
            set.map(|s| Appointment { from: s.from, to: s.to, step: s.step, stay: s.stay }).ok_or_else(|| {
                format!(
                    "{} has no [appointments] entry for '{}'; add one or give --appointment HH:MM --stay DURATION",
                    region.source.display(),
                    g.key
                )
            })
        })
        .collect()
}

fn config_kind(k: crate::region::CareKind) -> CareKind {
    match k {
        crate::region::CareKind::Vardcentral => CareKind::Vardcentral,
        crate::region::CareKind::AcuteHospital => CareKind::AcuteHospital,
        crate::region::CareKind::PlannedHospital => CareKind::PlannedHospital,
    }
}

/// An appointment run: per group its appointment, and per origin and group the visit.
pub struct AppointmentRun {
    pub groups: Vec<DestGroup>,
    pub appts: Vec<Appointment>,
    pub cells: Vec<Origin>,
    pub cell_results: Vec<Vec<OriginVisit>>,
    pub towns: Vec<Origin>,
    pub town_results: Vec<Vec<OriginVisit>>,
    pub limit_secs: u32,
    pub day_end: u32,
}

/// Runs the appointments of `groups` from the study's cells and towns (walking, limit and
/// changes from `params`).
pub fn run_appointments(
    study: &Study,
    tt: &Timetable,
    groups: Vec<DestGroup>,
    appts: Vec<Appointment>,
    params: &ReachParams,
    progress: &(dyn Fn(u64) + Sync),
) -> AppointmentRun {
    let cells = cell_origins(&study.cells);
    let all: Vec<Origin> = cells.iter().chain(study.towns.iter()).cloned().collect();
    let day_end = DEFAULT_DAY_END_SECS;
    let paths = study.network_paths();
    let mut res =
        compute_appointments(tt, &study.care, &groups, &appts, &all, params, day_end, paths.as_deref(), progress);
    let town_results = res.split_off(cells.len());
    AppointmentRun {
        groups,
        appts,
        cells,
        cell_results: res,
        towns: study.towns.clone(),
        town_results,
        limit_secs: params.limit_secs,
        day_end,
    }
}

/// People for whom a group's visit is not feasible, in one area.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct InfeasibleRow {
    pub name: String,
    pub population: u64,
    pub not_feasible: u64,
    pub share_not_feasible: f64,
}

/// One group's appointment and who cannot make it, per municipality and for the county.
#[derive(Clone, Debug, Serialize)]
pub struct GroupAppointments {
    pub key: String,
    pub label: String,
    /// The slots, e.g. "09:00–15:00" or "09:00".
    pub appointment: String,
    pub slot_step_min: u32,
    pub stay_min: u32,
    pub municipalities: Vec<InfeasibleRow>,
    pub county: InfeasibleRow,
    /// Median over the people who can make it of the least time away from home, minutes.
    pub median_time_away_min: Option<f64>,
}

impl AppointmentRun {
    /// Per group: who cannot make the visit, by municipality (cells; every person once).
    pub fn summary(&self, names: &[String]) -> Vec<GroupAppointments> {
        self.groups
            .iter()
            .enumerate()
            .map(|(g, grp)| {
                let mut rows: Vec<InfeasibleRow> = names
                    .iter()
                    .map(|n| InfeasibleRow { name: n.clone(), population: 0, not_feasible: 0, share_not_feasible: 0.0 })
                    .collect();
                let mut county =
                    InfeasibleRow { name: String::new(), population: 0, not_feasible: 0, share_not_feasible: 0.0 };
                let mut away: Vec<(u32, u64)> = Vec::new();
                for (o, r) in self.cells.iter().zip(&self.cell_results) {
                    let pop = o.population as u64;
                    let no = r[g].best.is_none();
                    for row in rows.get_mut(o.municipality as usize).into_iter().chain([&mut county]) {
                        row.population += pop;
                        row.not_feasible += if no { pop } else { 0 };
                    }
                    if let Some(v) = r[g].best {
                        away.push((v.away(), pop));
                    }
                }
                for row in rows.iter_mut().chain([&mut county]) {
                    row.share_not_feasible = row.not_feasible as f64 / row.population.max(1) as f64;
                }
                county.name = "county".into();
                let a = &self.appts[g];
                GroupAppointments {
                    key: grp.key.clone(),
                    label: grp.label.clone(),
                    appointment: window_text(a),
                    slot_step_min: a.step / 60,
                    stay_min: a.stay.div_ceil(60),
                    municipalities: rows,
                    county,
                    median_time_away_min: weighted_median(&mut away).map(|s| s as f64 / 60.0),
                }
            })
            .collect()
    }

    /// Appends, per group, the appointment columns to a reach table of the same origins.
    pub fn extend_table(&self, t: &Table, nodes: &[crate::metrics::reach::CareNode], cells: bool) -> Table {
        let results = if cells { &self.cell_results } else { &self.town_results };
        let mut cols = t.columns.clone();
        for g in &self.groups {
            for c in ["feasible", "slot", "node", "leave_home", "home", "time_away_min", "feasible_slots"] {
                cols.push(format!("{}_appt_{c}", g.key));
            }
        }
        let mut out = Table::new(&cols);
        for (row, r) in t.rows.iter().zip(results) {
            let mut row = row.clone();
            for v in r {
                let b = v.best;
                row.push(Field::Int(b.is_some() as i64));
                row.push(Field::opt_text(b.map(|b| fmt_hm(b.slot))));
                row.push(Field::opt_text(b.map(|b| nodes[b.node].name.clone())));
                row.push(Field::opt_text(b.map(|b| fmt_hm(b.leave_home))));
                row.push(Field::opt_text(b.map(|b| fmt_hm(b.home))));
                row.push(Field::opt_num(b.map(|b| b.away() as f64 / 60.0), 0));
                row.push(Field::Int(v.feasible_slots as i64));
            }
            out.push(row);
        }
        out
    }

    /// The `appointments` value of summary.json and metrics.json.
    pub fn json(&self, names: &[String]) -> serde_json::Value {
        serde_json::json!({
            "rule": "feasible when at some slot of the window (every slot_step_min from the first to the last) at some node of the kind: there by the slot (latest departure from home, at most limit_min before it) and home again leaving the node at slot + stay (earliest arrival, at most limit_min after leaving, by day_end); the reported visit has the least time away from home",
            "limit_min": self.limit_secs / 60,
            "day_end": fmt_hm(self.day_end),
            "groups": self.summary(names),
        })
    }

    /// The county summary for a terminal.
    pub fn text(&self, names: &[String]) -> String {
        let mut o = format!(
            "\nAppointments (there by the slot, home by {} after the stay; each way at most {} min):\n",
            fmt_hm(self.day_end),
            self.limit_secs / 60
        );
        for s in self.summary(names) {
            o += &format!(
                "  {:<30} {}{}, stay {} min: not feasible for {} people ({}); median time away {}\n",
                s.label,
                s.appointment,
                if s.appointment.contains('–') { format!(" (every {} min)", s.slot_step_min) } else { String::new() },
                s.stay_min,
                int(s.county.not_feasible),
                pct(s.county.share_not_feasible, false),
                s.median_time_away_min.map_or("–".into(), |m| format!("{m:.0} min"))
            );
        }
        o
    }
}

/// "09:00–15:00" or "09:00".
fn window_text(a: &Appointment) -> String {
    if a.to <= a.from { fmt_hm(a.from) } else { format!("{}–{}", fmt_hm(a.from), fmt_hm(a.to)) }
}

/// The population-weighted median (nearest rank) of `(value, weight)`.
fn weighted_median(v: &mut [(u32, u64)]) -> Option<u32> {
    v.sort_unstable();
    let total: u64 = v.iter().map(|x| x.1).sum();
    if total == 0 {
        return None;
    }
    let mut acc = 0;
    v.iter()
        .find(|x| {
            acc += x.1;
            2 * acc >= total
        })
        .map(|x| x.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::appointments::Visit;
    use crate::spatial::Xy;

    #[test]
    fn people_who_cannot_are_counted_per_municipality_and_county() {
        let o = |pop, m| Origin {
            id: String::new(),
            name: String::new(),
            at: Xy { x: 0.0, y: 0.0 },
            population: pop,
            municipality: m,
        };
        let v = |away_min: u32| OriginVisit {
            best: Some(Visit {
                slot: 9 * 3600,
                node: 0,
                leave_home: 8 * 3600,
                leave_node: 10 * 3600,
                home: 8 * 3600 + away_min * 60,
            }),
            feasible_slots: 1,
        };
        let no = OriginVisit::default();
        let run = AppointmentRun {
            groups: vec![DestGroup { key: "vardcentral".into(), label: "Vårdcentral".into(), nodes: vec![0] }],
            appts: vec![Appointment { from: 9 * 3600, to: 15 * 3600, step: 900, stay: 3600 }],
            // Municipality 0: 10 can (120 min away), 30 cannot; municipality 1: 20 can (150 min),
            // 40 can (180 min).
            cells: vec![o(10, 0), o(30, 0), o(20, 1), o(40, 1)],
            cell_results: vec![vec![v(120)], vec![no], vec![v(150)], vec![v(180)]],
            towns: Vec::new(),
            town_results: Vec::new(),
            limit_secs: 7200,
            day_end: 24 * 3600,
        };
        let s = &run.summary(&["A".into(), "B".into()])[0];
        // A: 30 of 40 cannot (75 %); B: 0 of 60; county 30 of 100.
        assert_eq!((s.municipalities[0].not_feasible, s.municipalities[0].population), (30, 40));
        assert_eq!(s.municipalities[0].share_not_feasible, 0.75);
        assert_eq!((s.municipalities[1].not_feasible, s.county.not_feasible, s.county.population), (0, 30, 100));
        // Time away over the 70 who can: 10 × 120, 20 × 150, 40 × 180 → the 35th person: 180.
        assert_eq!(s.median_time_away_min, Some(180.0));
        assert_eq!((s.appointment.as_str(), s.slot_step_min, s.stay_min), ("09:00–15:00", 15, 60));
    }
}
