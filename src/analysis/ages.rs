//! Reach and coverage figures per age group: when the population grid carries age columns
//! (65+, 80+, 85+; see `region::population`), the headline figures — vårdcentral within 30 min,
//! acute hospital within 60 min (median over the window), basic line service on the weekday,
//! eligible for Glesbygdstrafik, Kolada's kollektivtrafiknära läge — counted over the people of
//! each group instead of everyone. Each figure is a per-cell yes/no from its own run; only the
//! weights change. Without age columns only the totals ("all") are given, and `age_columns` says so.

use serde::Serialize;

use super::Study;
use super::coverage::CoverageRun;
use super::reach::ReachRun;
use crate::export::{Field, Table};

/// The figures of one group in one area; a figure is `None` when its run was not made.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AgeArea {
    pub name: String,
    pub population: u64,
    pub vardcentral_30: Option<u64>,
    pub acute_hospital_60: Option<u64>,
    pub basic_service: Option<u64>,
    pub eligible_glesbygdstrafik: Option<u64>,
    pub kolada_near: Option<u64>,
}

/// One age group ("all", "65+", …): the municipalities in index order, then the county.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgeGroup {
    pub group: String,
    pub areas: Vec<AgeArea>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgeFigures {
    /// The grid has age columns; without them only "all" is given.
    pub age_columns: bool,
    pub groups: Vec<AgeGroup>,
}

/// Per cell: vårdcentral ≤ 30 min, acute ≤ 60 min, basic service, eligible, Kolada near
/// (`None`: not computed).
pub type CellFlags = [Option<bool>; 5];

/// Sums `weights` of the cells per figure where the flag is set, per municipality (index below
/// `names.len()`) and for the county (named `county`, last).
pub fn tally(flags: &[CellFlags], weights: &[u32], munis: &[u16], names: &[String], county: &str) -> Vec<AgeArea> {
    let blank = |name: &str, f: &CellFlags| {
        let z = |x: Option<bool>| x.map(|_| 0);
        AgeArea {
            name: name.to_string(),
            population: 0,
            vardcentral_30: z(f[0]),
            acute_hospital_60: z(f[1]),
            basic_service: z(f[2]),
            eligible_glesbygdstrafik: z(f[3]),
            kolada_near: z(f[4]),
        }
    };
    let first = flags.first().copied().unwrap_or([None; 5]);
    let mut areas: Vec<AgeArea> = names.iter().map(|n| blank(n, &first)).collect();
    let mut total = blank(county, &first);
    for ((f, &w), &m) in flags.iter().zip(weights).zip(munis) {
        let w = w as u64;
        for a in [areas.get_mut(m as usize), Some(&mut total)].into_iter().flatten() {
            a.population += w;
            let slots = [
                &mut a.vardcentral_30,
                &mut a.acute_hospital_60,
                &mut a.basic_service,
                &mut a.eligible_glesbygdstrafik,
                &mut a.kolada_near,
            ];
            for (slot, flag) in slots.into_iter().zip(f) {
                if let (Some(n), Some(true)) = (slot.as_mut(), flag) {
                    *n += w;
                }
            }
        }
    }
    areas.push(total);
    areas
}

/// The figures per age group of `study` from the runs made (reach and/or coverage over
/// `study.cells`).
pub fn age_figures(study: &Study, reach: Option<&ReachRun>, coverage: Option<&CoverageRun>) -> AgeFigures {
    let within = |key: &str, secs: u32| {
        let r = reach?;
        let g = r.group(key)?;
        Some(
            (r.cell_results.iter())
                .map(|x| x.get(g).and_then(|x| x.stats).and_then(|s| s.median).is_some_and(|t| t <= secs))
                .collect::<Vec<bool>>(),
        )
    };
    let (vc, acute) = (within("vardcentral", 30 * 60), within("acute_hospital", 60 * 60));
    let basic: Option<Vec<bool>> =
        coverage.map(|c| c.result.cells.iter().map(|x| x.weekday().band.is_basic()).collect());
    let kolada = coverage.map(|c| &c.kolada.result.cell_near);
    let flag = |v: Option<&Vec<bool>>, i: usize| v.and_then(|v| v.get(i).copied());
    let flags: Vec<CellFlags> = (0..study.cells.len())
        .map(|i| {
            let b = flag(basic.as_ref(), i);
            [flag(vc.as_ref(), i), flag(acute.as_ref(), i), b, b.map(|b| !b), flag(kolada, i)]
        })
        .collect();
    let munis: Vec<u16> = study.cells.iter().map(|c| c.municipality).collect();
    let county = &study.region.name;
    let all: Vec<u32> = study.cells.iter().map(|c| c.population).collect();
    let mut groups = vec![AgeGroup { group: "all".into(), areas: tally(&flags, &all, &munis, &study.names, county) }];
    for a in &study.ages {
        groups.push(AgeGroup { group: a.label.clone(), areas: tally(&flags, &a.counts, &munis, &study.names, county) });
    }
    AgeFigures { age_columns: !study.ages.is_empty(), groups }
}

impl AgeFigures {
    /// One row per age group and area (municipalities, then the county): the population and
    /// the people counted by each figure (empty where its run was not made) — `age_groups.csv`
    /// of `reach` and `coverage`.
    pub fn table(&self) -> Table {
        let cols = [
            "age_group",
            "area",
            "population",
            "vardcentral_within_30",
            "acute_hospital_within_60",
            "basic_service",
            "eligible_glesbygdstrafik",
            "kolada_near",
        ];
        let mut t = Table::new(&cols.map(String::from));
        let n = |x: Option<u64>| x.map_or(Field::Null, |v| Field::Int(v as i64));
        for g in &self.groups {
            for a in &g.areas {
                t.push(vec![
                    Field::Text(g.group.clone()),
                    Field::Text(a.name.clone()),
                    Field::Int(a.population as i64),
                    n(a.vardcentral_30),
                    n(a.acute_hospital_60),
                    n(a.basic_service),
                    n(a.eligible_glesbygdstrafik),
                    n(a.kolada_near),
                ]);
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_weights_each_figure_by_the_group() {
        // Three cells: A (municipality 0) reaches everything; B (0) only the vårdcentral and has
        // no basic service (so eligible); C (1) reaches nothing; the Kolada figure was not run.
        let t = Some(true);
        let f = Some(false);
        let flags: Vec<CellFlags> = vec![[t, t, t, f, None], [t, f, f, t, None], [f, f, f, t, None]];
        let names = vec!["Alfa".to_string(), "Beta".to_string()];
        // Everyone: 10, 20, 30 people. 65+: 1, 5, 9.
        let all = tally(&flags, &[10, 20, 30], &[0, 0, 1], &names, "Län");
        // Alfa: 30 people, vårdcentral 10 + 20 = 30, acute 10, basic 10, eligible 20.
        assert_eq!(
            all[0],
            AgeArea {
                name: "Alfa".into(),
                population: 30,
                vardcentral_30: Some(30),
                acute_hospital_60: Some(10),
                basic_service: Some(10),
                eligible_glesbygdstrafik: Some(20),
                kolada_near: None
            }
        );
        // County: 60 people, eligible 20 + 30 = 50.
        assert_eq!((all[2].name.as_str(), all[2].population, all[2].eligible_glesbygdstrafik), ("Län", 60, Some(50)));
        let old = tally(&flags, &[1, 5, 9], &[0, 0, 1], &names, "Län");
        // 65+ in the county: 15 people; vårdcentral 1 + 5 = 6, acute 1, basic 1, eligible 14.
        let c = &old[2];
        assert_eq!(
            (c.population, c.vardcentral_30, c.acute_hospital_60, c.basic_service, c.eligible_glesbygdstrafik),
            (15, Some(6), Some(1), Some(1), Some(14))
        );
        assert_eq!((old[1].population, old[1].vardcentral_30), (9, Some(0)));
        // The CSV: a row per group and area, the Kolada figure (not run) empty.
        let figs = AgeFigures {
            age_columns: true,
            groups: vec![AgeGroup { group: "all".into(), areas: all }, AgeGroup { group: "65+".into(), areas: old }],
        };
        let csv = crate::export::table_to_string(&figs.table(), None, crate::export::Format::Csv).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 1 + 2 * 3);
        assert_eq!(lines[6], "65+,Län,15,6,1,1,14,");
    }
}
