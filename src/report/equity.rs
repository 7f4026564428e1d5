//! The report's "lika villkor" part: per care kind (vårdcentral, acute hospital) and
//! municipality, how unevenly travel time to care is spread over the population — Gini, Palma
//! ratio, the shares beyond 60 and 90 minutes — with the method in words. Presentation only:
//! the numbers come from `metrics::equity` through [`super::data::EquityGroup`].

use super::content::Block;
use super::data::EquityGroup;
use super::html::Cell;
use super::text::L;

/// The method in words, shown under the tables.
fn method(l: &L, limit_min: u32) -> String {
    let (sv, en) = (
        format!(
            "Restiden är varje rutas median över avresefönstret, vägd med rutans befolkning. Gini-koefficienten är medelavståndet mellan två personers restider delat med två gånger medelrestiden: 0 när alla har samma restid, närmare 1 ju mer ojämnt. Palmakvoten är den sammanlagda restiden för de 10 % av befolkningen med längst restid (\"toppen\" är alltså de som har längst till vården) delad med den för de 40 % med kortast restid; personer delas vid gränserna. Den som inte når vården inom gränsen {limit_min} minuter räknas med restiden {limit_min} minuter i Gini och Palma (en undre gräns: ojämlikheten underskattas snarare än överskattas) och räknas som över 60 och över 90 minuter. När alla har samma restid är Palmakvoten 0,25 (10 % av befolkningen står för 10 % av restiden, 40 % för 40 %); över 0,25 väger de längsta restiderna mer än sin andel av befolkningen."
        ),
        format!(
            "Travel time is each cell's median over the departure window, weighted by the cell's population. The Gini coefficient is the mean difference between two people's travel times divided by twice the mean travel time: 0 when everyone has the same time, nearer 1 the more uneven. The Palma ratio is the total travel time of the 10 % of the population with the longest times (so the \"top\" is those furthest from care) divided by that of the 40 % with the shortest; people are split at the boundaries. Whoever does not reach care within the limit of {limit_min} minutes counts at {limit_min} minutes in Gini and Palma (a lower bound: inequality is understated rather than overstated) and as beyond 60 and beyond 90 minutes. When everyone has the same travel time the Palma ratio is 0.25 (10 % of the people carry 10 % of the time, 40 % carry 40 %); above 0.25 the longest times weigh more than their share of people."
        ),
    );
    l.t(&sv, &en).to_string()
}

/// The blocks of the subsection (none without groups).
pub fn blocks(l: &L, groups: &[EquityGroup]) -> Vec<Block> {
    let Some(first) = groups.first() else { return Vec::new() };
    let mut b = vec![Block::H3(
        l.t("Lika villkor: spridning i restid till vård", "Equal terms: spread of travel time to care").into(),
    )];
    b.push(Block::P(
        l.t(
            "Hur ojämnt restiden till vård fördelar sig över befolkningen i varje kommun och i länet, så att målet om vård på lika villkor oavsett bostadsort (Nära Kronobergaren) kan följas över tid.",
            "How unevenly travel time to care is spread over the population in each municipality and in the county, so that the aim of care on equal terms wherever one lives (Nära Kronobergaren) can be followed over time.",
        )
        .into(),
    ));
    let head = vec![
        l.t("kommun", "municipality").to_string(),
        l.t("befolkning", "population").into(),
        "Gini".into(),
        "Palma".into(),
        l.t("över 60 min", "beyond 60 min").into(),
        l.t("över 90 min", "beyond 90 min").into(),
        l.t("når inte inom gränsen", "not reached within the limit").into(),
    ];
    let opt = |x: Option<f64>, d: usize| x.map_or(Cell::Empty, |v| Cell::Num(l.dec(v, d)));
    let share = |x: Option<f64>| x.map_or(Cell::Empty, |v| Cell::Num(l.pct(v)));
    for g in groups {
        b.push(Block::H4(care_label(l, &g.key, &g.label)));
        let rows = g
            .areas
            .iter()
            .map(|d| {
                vec![
                    Cell::Text(d.area.clone()),
                    Cell::Num(l.int(d.population)),
                    opt(d.gini, 2),
                    opt(d.palma, 2),
                    share(d.share_beyond_60),
                    share(d.share_beyond_90),
                    Cell::Num(l.int(d.not_reached)),
                ]
            })
            .collect();
        b.push(Block::Table(head.clone(), rows));
    }
    b.push(Block::Note(method(l, first.limit_min)));
    b
}

/// The care kind's name in the report's language.
fn care_label(l: &L, key: &str, label: &str) -> String {
    match key {
        "vardcentral" => l.t("Spridning, vårdcentral", "Spread, vårdcentral").into(),
        "acute_hospital" => l.t("Spridning, akutsjukhus", "Spread, acute hospital").into(),
        _ => label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::equity::dispersion;
    use crate::report::text::Lang;

    #[test]
    fn the_section_shows_each_area_with_its_figures_and_the_method() {
        let l = L(Lang::Sv);
        let d = dispersion("Alvesta", &[(Some(10.0), 4), (Some(20.0), 3), (Some(30.0), 2), (None, 1)], 90.0);
        let g = EquityGroup { key: "vardcentral".into(), label: "Vårdcentral".into(), limit_min: 90, areas: vec![d] };
        let b = blocks(&l, &[g]);
        let text = format!("{b:?}");
        assert!(text.contains("Alvesta") && text.contains("Palma") && text.contains("90 minuter"));
        assert!(blocks(&l, &[]).is_empty());
    }
}
