//! The report's "care for every traveller" part: the headline care reach (vårdcentral within
//! 30 min, acute hospital within 60 min) for a traveller in a wheelchair — unknown access counted
//! as not accessible, and as accessible, so the gap the missing data leaves is visible — and for
//! each walking profile of the region, beside the default. Presentation only: the numbers come
//! from `analysis::travellers`.

use super::content::Block;
use super::html::Cell;
use super::text::L;
use crate::analysis::travellers::TravellerReach;

/// The traveller's name in the report.
fn label(l: &L, r: &TravellerReach) -> String {
    let t = &r.traveller;
    match t.key.as_str() {
        "default" => l.t("Gående (standard)", "Walking (default)").to_string(),
        "wheelchair" => {
            l.t("Rullstol, okänd tillgänglighet = ej tillgänglig", "Wheelchair, unknown = not accessible").into()
        }
        "wheelchair_unknown_accessible" => {
            l.t("Rullstol, okänd tillgänglighet = tillgänglig", "Wheelchair, unknown = accessible").into()
        }
        _ => format!("{} «{}»", l.t("Gångprofil", "Walking profile"), t.walk_profile),
    }
}

/// The blocks of the subsection (none without results).
pub fn blocks(l: &L, rows: &[TravellerReach]) -> Vec<Block> {
    if rows.is_empty() {
        return Vec::new();
    }
    let mut b = vec![Block::H3(l.t("Vård för alla resenärer", "Care for every traveller").into())];
    b.push(Block::P(
        l.t(
            "Andel av befolkningen som når vårdcentral inom 30 minuter och akutsjukhus inom 60 minuter (median över avresefönstret) för olika resenärer. Rullstol: bara turer märkta tillgängliga (wheelchair_accessible = 1) och påstigning och avstigning bara vid hållplatser märkta tillgängliga (wheelchair_boarding = 1; en plattform utan uppgift ärver stationens). Uppgift saknas räknas först som ej tillgänglig, sedan som tillgänglig: skillnaden är det som bristande data i GTFS lämnar öppet.",
            "Share of the population reaching a vårdcentral within 30 minutes and an acute hospital within 60 minutes (median over the departure window) for different travellers. Wheelchair: only trips marked accessible (wheelchair_accessible = 1), boarding and alighting only at stops marked accessible (wheelchair_boarding = 1; a platform without a value takes its station's). Missing values count first as not accessible, then as accessible: the difference is what missing GTFS data leaves open.",
        )
        .to_string(),
    ));
    let head = vec![
        l.t("resenär", "traveller").to_string(),
        l.t("vårdcentral ≤ 30 min", "vårdcentral ≤ 30 min").into(),
        l.t("skillnad, procentenheter", "difference, points").into(),
        l.t("akutsjukhus ≤ 60 min", "acute hospital ≤ 60 min").into(),
        l.t("skillnad, procentenheter", "difference, points").into(),
    ];
    let base = rows.iter().find(|r| r.traveller.key == "default");
    let share = |x: Option<f64>| x.map_or(Cell::Empty, |v| Cell::Num(l.pct(v)));
    let diff = |x: Option<f64>, b: Option<f64>| match (x, b) {
        (Some(x), Some(b)) => {
            Cell::Num(format!("{}{}", if x >= b { "+" } else { "−" }, l.dec((x - b).abs() * 100.0, 1)))
        }
        _ => Cell::Empty,
    };
    let table = rows
        .iter()
        .map(|r| {
            let (bv, ba) = base
                .map_or((None, None), |b| (b.share_pop_within_30_vardcentral, b.share_pop_within_60_acute_hospital));
            vec![
                Cell::Text(label(l, r)),
                share(r.share_pop_within_30_vardcentral),
                diff(r.share_pop_within_30_vardcentral, bv),
                share(r.share_pop_within_60_acute_hospital),
                diff(r.share_pop_within_60_acute_hospital, ba),
            ]
        })
        .collect();
    b.push(Block::Table(head, table));
    b.push(Block::Note(
        l.t(
            "Gångprofilerna står i regionfilen ([walk_profile.NAMN]: hastighet, längsta avstånd till hållplats, längsta gångtid). I rullstol gäller standardprofilens gång mellan hållplatser och till och från dem.",
            "The walking profiles are in the region file ([walk_profile.NAME]: speed, longest distance to a stop, longest walk). In a wheelchair the default profile's walking applies between stops and to and from them.",
        )
        .to_string(),
    ));
    b
}
