//! The report's national indicator in the TFP section: Kolada's "Andel av befolkningen i
//! kollektivtrafiknära läge" per municipality and for the county, named as Kolada names it, with
//! its definition and where narhet's count differs from Kolada's (grid cells, not addresses).
//! Presentation only: the numbers come from `analysis::kolada`.

use super::content::Block;
use super::html::Cell;
use super::text::L;
use crate::analysis::kolada::KoladaJson;

/// The blocks of the subsection (none when coverage did not run).
pub fn blocks(l: &L, k: Option<&KoladaJson>) -> Vec<Block> {
    let Some(k) = k else { return Vec::new() };
    let mut b = vec![Block::H3(format!("{} (Kolada)", k.indicator))];
    b.push(Block::P(format!(
        "{} {} {}",
        l.t(
            "Nationellt nyckeltal (RKA:s nyckeltal för Agenda 2030, SCB via Kolada), så att nämnden kan jämföra med andra län. Andel av befolkningen som har en trafikerad hållplats inom 500 meter fågelväg; en trafikerad hållplats har minst en avgång i varje klocktimme 06–07, 07–08 … 19–20 på en vardag, från den hållplatsen (avgångar från två olika hållplatser läggs inte ihop; en stations plattformar räknas som en hållplats). Varje person räknas en gång. Trafikdag:",
            "National key figure (RKA's key figures for Agenda 2030, SCB via Kolada), so that the committee can compare with other counties. Share of the population with a served stop within 500 metres straight line; a served stop has at least one departure in every clock hour 06–07, 07–08 … 19–20 on a weekday, from that stop (departures of two different stops are not added up; the platforms of a station count as one stop). Each person is counted once. Service day:",
        ),
        k.date,
        l.t(
            &format!("({} hållplatser uppfyller kravet).", l.int(k.trafikerade_hallplatser as u64)),
            &format!("({} stops meet the requirement).", l.int(k.trafikerade_hallplatser as u64)),
        )
    )));
    if let Some(w) = &k.warning {
        b.push(Block::Note(format!("{} {w}", l.t("⚠ Varning:", "⚠ Warning:"))));
    }
    let head = vec![
        l.t("kommun", "municipality").to_string(),
        l.t("befolkning", "population").into(),
        l.t("i kollektivtrafiknära läge", "near public transport").into(),
        l.t("andel", "share").into(),
    ];
    let rows = k
        .municipalities
        .iter()
        .chain(std::iter::once(&k.county))
        .map(|r| {
            vec![
                Cell::Text(r.name.clone()),
                Cell::Num(l.int(r.population)),
                Cell::Num(l.int(r.near)),
                r.share.map_or(Cell::Empty, |s| Cell::Num(l.pct(s))),
            ]
        })
        .collect();
    b.push(Block::Table(head, rows));
    b.push(Block::Note(
        l.t(
            "Kolada mäter från varje persons folkbokföringsadress; här mäts från mitten av befolkningsrutan, så en ruta räknas helt eller inte alls. Siffran blir därför inte exakt Koladas, men följer samma definition och kan följas över tid med samma rutnät.",
            "Kolada measures from each person's registered address; here it is measured from the centre of the population grid cell, so a cell counts wholly or not at all. The figure is therefore not exactly Kolada's, but follows the same definition and can be followed over time with the same grid.",
        )
        .into(),
    ));
    b
}

/// Puts the subsection at the end of the TFP section (before the next `H2`).
pub fn insert(blocks: &mut Vec<Block>, part: Vec<Block>) {
    let tfp = blocks.iter().position(|b| matches!(b, Block::H2(id, _) if id == "tfp"));
    let at = tfp
        .and_then(|c| blocks.iter().skip(c + 1).position(|b| matches!(b, Block::H2(..))).map(|p| c + 1 + p))
        .unwrap_or(blocks.len());
    blocks.splice(at..at, part);
}
