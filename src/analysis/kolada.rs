//! Kolada's "Andel av befolkningen i kollektivtrafiknära läge" for a study (see
//! `metrics::kolada` for the definition): computed on the coverage weekday's timetable over the
//! region's grid, with the day checked (Kolada counts weekdays) and the files `coverage` writes
//! (`kolada.csv`, `kolada.json`) and its text table. Prints nothing.

use serde::Serialize;

use super::holidays::DayType;
use crate::date::Date;
use crate::export::{Field, Table};
use crate::metrics::kolada::{KOLADA_NAME, Kolada, KoladaArea, KoladaParams, compute};
use crate::numfmt::{int, pct};
use crate::spatial::Cell;
use crate::timetable::Timetable;

/// The indicator on one day with its municipalities' names.
#[derive(Clone, Debug)]
pub struct KoladaRun {
    pub date: Date,
    pub params: KoladaParams,
    pub result: Kolada,
    pub names: Vec<String>,
}

/// One area in the JSON and the report.
#[derive(Clone, Debug, Serialize)]
pub struct KoladaRow {
    pub name: String,
    pub population: u64,
    pub near: u64,
    pub share: Option<f64>,
}

/// The machine-readable form (coverage's `kolada.json`, metrics.json's `kolada`).
#[derive(Clone, Debug, Serialize)]
pub struct KoladaJson {
    pub indicator: &'static str,
    pub definition: &'static str,
    pub date: String,
    /// The day is a weekday that is not a public holiday (Kolada's day).
    pub weekday: bool,
    pub warning: Option<String>,
    pub radius_m: f64,
    pub hours: [u32; 2],
    pub trafikerade_hallplatser: u32,
    pub municipalities: Vec<KoladaRow>,
    pub county: KoladaRow,
}

const DEFINITION: &str = "share of the population with a stop (hållplats; platforms of one station count as one) within 500 m straight line of the grid cell's centroid that has at least one departure in every clock hour 06–07 … 19–20 of the analysed weekday, from that one stop; each person counted once";

/// The indicator on `tt`'s day over `cells` (municipality names `names`, in index order).
pub fn run_kolada(tt: &Timetable, cells: &[Cell], names: &[String]) -> KoladaRun {
    let params = KoladaParams::default();
    KoladaRun { date: tt.date(), params, result: compute(tt, cells, names.len(), &params), names: names.to_vec() }
}

impl KoladaRun {
    /// Why the figure is not Kolada's own day, if it is not a weekday.
    pub fn warning(&self) -> Option<String> {
        match DayType::of(self.date) {
            DayType::Vardag => None,
            d => Some(format!(
                "{KOLADA_NAME}: {} is a {} — Kolada counts departures on weekdays; choose a weekday (--date)",
                self.date,
                d.en()
            )),
        }
    }

    fn row(name: &str, a: &KoladaArea) -> KoladaRow {
        KoladaRow { name: name.to_string(), population: a.population, near: a.near, share: a.share() }
    }

    /// The municipalities in index order, then the county (named `county`).
    pub fn rows(&self, county: &str) -> Vec<KoladaRow> {
        let r = &self.result;
        let mut rows: Vec<KoladaRow> = self.names.iter().zip(&r.municipalities).map(|(n, a)| Self::row(n, a)).collect();
        rows.push(Self::row(county, &r.county));
        rows
    }

    pub fn json(&self, county: &str) -> KoladaJson {
        let mut rows = self.rows(county);
        let county = rows.pop().expect("rows end with the county");
        KoladaJson {
            indicator: KOLADA_NAME,
            definition: DEFINITION,
            date: self.date.to_string(),
            weekday: DayType::of(self.date) == DayType::Vardag,
            warning: self.warning(),
            radius_m: self.params.radius_m,
            hours: [self.params.from_hour, self.params.to_hour],
            trafikerade_hallplatser: self.result.hallplatser,
            municipalities: rows,
            county,
        }
    }

    /// `area, population, near, share` per municipality and the county.
    pub fn table(&self, county: &str) -> Table {
        let mut t = Table::new(&["area", "population", "population_near", "share"]);
        for r in self.rows(county) {
            t.push(vec![
                Field::Text(r.name),
                Field::Int(r.population as i64),
                Field::Int(r.near as i64),
                Field::opt_num(r.share, 4),
            ]);
        }
        t
    }

    /// The text table for a terminal.
    pub fn text(&self, county: &str) -> String {
        let mut o = format!(
            "\n{KOLADA_NAME} (Kolada; {}: a stop within {} m with a departure every hour {:02}–{:02}; {} such stops)\n",
            self.date,
            self.params.radius_m,
            self.params.from_hour,
            self.params.to_hour,
            int(self.result.hallplatser as u64)
        );
        if let Some(w) = self.warning() {
            o += &format!("  warning: {w}\n");
        }
        for r in self.rows(county) {
            let share = r.share.map_or("–".into(), |s| pct(s, false));
            o += &format!("  {:<24} {:>10} of {:>10}  {:>8}\n", r.name, int(r.near), int(r.population), share);
        }
        o
    }
}
