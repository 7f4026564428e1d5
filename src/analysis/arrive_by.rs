//! Reach to care arriving by a time (`reach --arrive-by`): the study's cells and towns to each
//! destination group, as a [`ReachRun`] (so the forward reach's summaries and tables apply) plus
//! the latest departures and times set aside. Prints nothing.

use super::Study;
use super::inputs::cell_origins;
use super::reach::{ReachRun, origin_table};
use crate::date::{Date, fmt_hm, fmt_time};
use crate::export::{Field, Table};
use crate::metrics::arrive_by::{ArriveByReach, compute_arrive_by};
use crate::metrics::reach::{DestGroup, Origin, ReachParams};
use crate::timetable::Timetable;

/// An arrive-by run: the reach view (travel times per arrival minute) and the arrive-by details
/// per origin and group, cells first, then towns.
pub struct ArriveByRun {
    pub reach: ReachRun,
    pub cells: Vec<Vec<ArriveByReach>>,
    pub towns: Vec<Vec<ArriveByReach>>,
}

/// Runs arrive-by reach from the study's cells and towns to `groups`; `params.window_*` are
/// the arrival minutes `[from, to)`.
pub fn run_arrive_by(
    study: &Study,
    tt: &Timetable,
    groups: Vec<DestGroup>,
    params: ReachParams,
    progress: &(dyn Fn(u64) + Sync),
) -> ArriveByRun {
    let cell_o = cell_origins(&study.cells);
    let all: Vec<Origin> = cell_o.iter().chain(study.towns.iter()).cloned().collect();
    let paths = study.network_paths();
    let mut res = compute_arrive_by(tt, &study.care, &groups, &all, &params, paths.as_deref(), progress);
    let towns = res.split_off(cell_o.len());
    let view = |r: &[Vec<ArriveByReach>]| -> Vec<_> {
        r.iter().map(|o| o.iter().map(|g| g.reach.clone()).collect()).collect()
    };
    let reach = ReachRun {
        groups,
        cell_results: view(&res),
        cells: cell_o,
        town_results: view(&towns),
        towns: study.towns.clone(),
        params,
        what_if: None,
        core: None,
    };
    ArriveByRun { reach, cells: res, towns }
}

impl ArriveByRun {
    /// The reach table (travel-time statistics per group) with, per group, the latest departure
    /// and arrival for the window's first arrival minute and the median time set aside.
    pub fn table(&self, study: &Study, cells: bool) -> Table {
        let r = &self.reach;
        let (origins, results, extra) =
            if cells { (&r.cells, &r.cell_results, &self.cells) } else { (&r.towns, &r.town_results, &self.towns) };
        let base = origin_table(origins, results, &r.groups, &study.care, &study.names, cells);
        let mut cols: Vec<String> = base.columns.clone();
        for g in &r.groups {
            for c in ["latest_departure", "arrival", "set_aside_median"] {
                cols.push(format!("{}_{c}", g.key));
            }
        }
        let mut t = Table::new(&cols);
        for (row, ex) in base.rows.iter().zip(extra) {
            let mut row = row.clone();
            for g in ex {
                row.push(Field::opt_text(g.leave.first().copied().flatten().map(fmt_time)));
                row.push(Field::opt_text(g.arrive.first().copied().flatten().map(fmt_time)));
                row.push(Field::opt_num(g.set_aside.and_then(|s| s.median).map(|s| s as f64 / 60.0), 1));
            }
            t.push(row);
        }
        t
    }

    /// The machine-readable summary: the reach summary with the arrival window and definitions.
    pub fn summary_json(&self, study: &Study, date: Date) -> serde_json::Value {
        let p = &self.reach.params;
        let mut v = super::reach::summary_json(&self.reach, &study.names, &study.region.name, date);
        v["mode"] = "arrive_by".into();
        v["window_rule"] = "[from, to): arrival minutes from the start up to, not including, the end".into();
        v["arrival_window"] = serde_json::json!([fmt_hm(p.window_start), fmt_hm(p.window_end)]);
        v["measure"] = "median over the arrival minutes of the travel time (arrival, rounded up to the minute, − latest departure) of the latest departure arriving in time; over the limit, or arriving more than the limit early, is none".into();
        v
    }

    /// The county summary for a terminal: the reach summary under an arrive-by heading.
    pub fn text_summary(&self, study: &Study, date: Date) -> String {
        let p = &self.reach.params;
        let text = super::reach::text_summary(&self.reach, &study.names, date);
        let rest = text.split_once('\n').map_or("", |x| x.1);
        let last = p.window_start + (p.minutes().max(1) as u32 - 1) * p.step;
        let by = if last == p.window_start {
            fmt_hm(last)
        } else {
            format!("{}–{}", fmt_hm(p.window_start), fmt_hm(last))
        };
        format!(
            "Arriving by {by} on {date} ({} arrival minutes; median travel time of the latest departure in time; limit {} min)\n{rest}",
            p.minutes(),
            p.limit_secs / 60
        )
    }
}
