//! The report's care and service figures per age group (65+, 80+, 85+ when the population grid
//! has age columns, beside everyone), for the county; without age columns it says so and shows the
//! totals. Presentation only: the numbers come from `analysis::ages`.

use super::content::Block;
use super::html::Cell;
use super::text::L;
use crate::analysis::ages::AgeFigures;

/// The blocks of the subsection.
pub fn blocks(l: &L, a: &AgeFigures) -> Vec<Block> {
    let mut b = vec![Block::H3(l.t("Åldersgrupper", "Age groups").into())];
    b.push(Block::P(
        l.t(
            "Andel av varje åldersgrupp i länet som når vårdcentral inom 30 minuter och akutsjukhus inom 60 minuter (median över avresefönstret), har grundläggande linjetrafik en vardag, är berättigad till Glesbygdstrafik (antal) och bor i kollektivtrafiknära läge (Kolada). Samma rutor och samma restider som för hela befolkningen; bara vikterna byts.",
            "Share of each age group in the county reaching a vårdcentral within 30 minutes and an acute hospital within 60 minutes (median over the departure window), with basic line service on a weekday, eligible for Glesbygdstrafik (people) and living near public transport (Kolada). The same cells and travel times as for the whole population; only the weights change.",
        )
        .into(),
    ));
    if !a.age_columns {
        b.push(Block::Note(
            l.t(
                "Befolkningsrutnätet har inga ålderskolumner (pop_65, pop_80, pop_85): här visas bara hela befolkningen.",
                "The population grid has no age columns (pop_65, pop_80, pop_85): only the whole population is shown.",
            )
            .into(),
        ));
    }
    let head = vec![
        l.t("åldersgrupp", "age group").to_string(),
        l.t("befolkning", "population").into(),
        l.t("vårdcentral ≤ 30 min", "vårdcentral ≤ 30 min").into(),
        l.t("akutsjukhus ≤ 60 min", "acute hospital ≤ 60 min").into(),
        l.t("grundläggande service", "basic service").into(),
        l.t("berättigade till Glesbygdstrafik", "eligible for Glesbygdstrafik").into(),
        l.t("kollektivtrafiknära läge", "near public transport (Kolada)").into(),
    ];
    let rows = a
        .groups
        .iter()
        .filter_map(|g| Some((g, g.areas.last()?)))
        .map(|(g, c)| {
            let share = |x: Option<u64>| match (x, c.population) {
                (Some(n), p) if p > 0 => Cell::Num(l.pct(n as f64 / p as f64)),
                _ => Cell::Empty,
            };
            let name = if g.group == "all" { l.t("alla", "all").to_string() } else { g.group.clone() };
            vec![
                Cell::Text(name),
                Cell::Num(l.int(c.population)),
                share(c.vardcentral_30),
                share(c.acute_hospital_60),
                share(c.basic_service),
                c.eligible_glesbygdstrafik.map_or(Cell::Empty, |n| Cell::Num(l.int(n))),
                share(c.kolada_near),
            ]
        })
        .collect();
    b.push(Block::Table(head, rows));
    b
}
