//! Time-of-day and day-of-week profiles of reach to care: the share of the population reaching a
//! vårdcentral within 30 minutes and an acute hospital within 60 minutes (median over each
//! window, as every reach figure) for several departure windows (default 06–09, 09–12, 12–15,
//! 15–18, 18–21) on the analysed weekday and on the first Saturday and Sunday after it that lie
//! in the feed's service period. The caller builds each day's timetable; prints nothing.

use serde::Serialize;

use super::Study;
use super::dates::{service_period, weekend_after};
use super::inputs::dest_groups;
use super::reach::run_reach;
use crate::date::{Date, fmt_hm};
use crate::feed::Feed;
use crate::metrics::reach::ReachParams;
use crate::timetable::Timetable;

/// The default windows, hours `[from, to)`.
pub const DEFAULT_WINDOWS: [(u32, u32); 5] = [(6, 9), (9, 12), (12, 15), (15, 18), (18, 21)];

/// One day and window of the profile.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProfileRow {
    /// `weekday`, `saturday` or `sunday`.
    pub day: String,
    pub date: String,
    /// `[from, to)` as HH:MM.
    pub window: [String; 2],
    pub population: u64,
    /// Share (0–1) with a median travel time within 30 min to a vårdcentral.
    pub vardcentral_30: Option<f64>,
    /// Share within 60 min to an acute hospital.
    pub acute_hospital_60: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Profile {
    pub rows: Vec<ProfileRow>,
    /// Days left out because they lie outside the feed's service period.
    pub days_left_out: Vec<String>,
}

/// The days of a profile: the weekday `date`, then the first Saturday and Sunday after it when
/// they lie in the feed's service period (`Err`: the ones that do not, as `day date`).
pub fn profile_days(feed: &Feed, date: Date) -> (Vec<(&'static str, Date)>, Vec<String>) {
    let (sat, sun) = weekend_after(date, None, None);
    let period = service_period(feed);
    let (mut days, mut out) = (vec![("weekday", date)], Vec::new());
    for (name, d) in [("saturday", sat), ("sunday", sun)] {
        match period {
            Some(p) if d >= p.start && d <= p.end => days.push((name, d)),
            _ => out.push(format!("{name} {d}")),
        }
    }
    (days, out)
}

/// The profile over `days` (name, its timetable) and `windows` (hours), reach parameters `base`
/// otherwise.
pub fn run_profile(
    study: &Study,
    days: &[(&str, &Timetable)],
    windows: &[(u32, u32)],
    base: ReachParams,
    days_left_out: Vec<String>,
) -> Profile {
    let mut rows = Vec::new();
    for &(day, tt) in days {
        let s = study.on_date(tt.date());
        let asked = ["vardcentral".to_string(), "acute_hospital".to_string()];
        let groups = dest_groups(&s.care, &asked).unwrap_or_default();
        for &(from, to) in windows {
            let params = ReachParams { window_start: from * 3600, window_end: to * 3600, ..base };
            let run = run_reach(&s, tt, groups.clone(), params, &|_| {});
            // Bands are 30, 45, 60, 90 min: index 0 is 30, index 2 is 60.
            let share = |key: &str, band: usize| {
                let g = run.group(key)?;
                let c = run.summary(g, &s.names).county;
                (c.population > 0).then(|| c.within[band] as f64 / c.population as f64)
            };
            let population = s.cells.iter().map(|c| c.population as u64).sum();
            rows.push(ProfileRow {
                day: day.to_string(),
                date: tt.date().to_string(),
                window: [fmt_hm(from * 3600), fmt_hm(to * 3600)],
                population,
                vardcentral_30: share("vardcentral", 0),
                acute_hospital_60: share("acute_hospital", 2),
            });
        }
    }
    Profile { rows, days_left_out }
}

impl Profile {
    /// `day, date, from, to, population, vardcentral_30, acute_hospital_60` per row.
    pub fn table(&self) -> crate::export::Table {
        use crate::export::Field;
        let cols = ["day", "date", "from", "to", "population", "share_vardcentral_30", "share_acute_hospital_60"];
        let mut t = crate::export::Table::new(&cols);
        for r in &self.rows {
            t.push(vec![
                Field::Text(r.day.clone()),
                Field::Text(r.date.clone()),
                Field::Text(r.window[0].clone()),
                Field::Text(r.window[1].clone()),
                Field::Int(r.population as i64),
                Field::opt_num(r.vardcentral_30, 4),
                Field::opt_num(r.acute_hospital_60, 4),
            ]);
        }
        t
    }

    /// The table for a terminal.
    pub fn text(&self) -> String {
        let pct = |x: Option<f64>| x.map_or("–".into(), |x| crate::numfmt::pct(x, false));
        let mut o = format!(
            "{:<10} {:<11} {:<12} {:>22} {:>22}\n",
            "Day", "Date", "Window", "Vårdcentral ≤ 30 min", "Akutsjukhus ≤ 60 min"
        );
        for r in &self.rows {
            let w = format!("{}–{}", r.window[0], r.window[1]);
            o += &format!(
                "{:<10} {:<11} {:<12} {:>22} {:>22}\n",
                r.day,
                r.date,
                w,
                pct(r.vardcentral_30),
                pct(r.acute_hospital_60)
            );
        }
        for d in &self.days_left_out {
            o += &format!("(left out, outside the feed's service period: {d})\n");
        }
        o
    }
}
