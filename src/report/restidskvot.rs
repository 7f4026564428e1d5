//! The report's restidskvot part (public transport ÷ car, door to door): a subsection of the
//! care section with the population in bands per municipality for each destination (the care
//! groups and the regional core), and the strategic nodes to the core. Estimated car times are
//! marked "uppskattad" in every heading and table. Presentation only: the numbers come from
//! `analysis::restidskvot`.

use super::content::Block;
use super::html::Cell;
use super::text::L;
use crate::analysis::restidskvot::RestidskvotRun;
use crate::metrics::restidskvot::BandShares;

/// The blocks of the restidskvot subsection.
pub fn blocks(l: &L, r: &RestidskvotRun) -> Vec<Block> {
    let est = r.estimated();
    let mark = if est { l.t(" (uppskattad)", " (estimated)") } else { "" };
    let mut b = vec![Block::H3(format!(
        "{}{mark}",
        l.t("Restidskvot: kollektivtrafik mot bil", "Travel time ratio: public transport against the car")
    ))];
    b.push(Block::P(
        l.t(
            "Restidskvoten är kollektivtrafikens restid (median över avresefönstret, dörr till dörr) delad med bilens. Kvot ≤ 1,5 räknas som konkurrenskraftig (RUFS); över 2 är bilen mer än dubbelt så snabb.",
            "The ratio is the public transport travel time (median over the departure window, door to door) divided by the car's. A ratio ≤ 1.5 counts as competitive (RUFS); above 2 the car is more than twice as fast.",
        )
        .to_string(),
    ));
    let how = if est {
        l.t(
            "Bilens restid är uppskattad: fågelvägen × 1,25, de första 5 km i 40 km/h, nästa 15 km i 70 km/h, resten i 90 km/h, plus tid för parkering och gång till dörren. Med ett OpenStreetMap-utdrag (--osm) körs bilen på vägnätet.",
            "Car times are estimated: the straight line × 1.25, the first 5 km at 40 km/h, the next 15 km at 70 km/h, the rest at 90 km/h, plus time to park and walk to the door. With an OpenStreetMap extract (--osm) the car drives on the road network.",
        )
    } else {
        l.t(
            "Bilens restid är körd på vägnätet i OpenStreetMap (maxspeed, annars hastighet efter vägklass; enkelriktade gator), plus tid för parkering och gång till dörren.",
            "Car times are driven on the OpenStreetMap road network (maxspeed, else a speed by road class; one-way streets), plus time to park and walk to the door.",
        )
    };
    b.push(Block::Note(format!("{how} {} {} min.", l.t("Terminaltid", "Terminal time"), r.terminal_secs / 60)));
    let head = |first: &str| -> Vec<String> {
        vec![
            first.to_string(),
            l.t("invånare", "inhabitants").into(),
            l.t("≤ 1,5", "≤ 1.5").into(),
            l.t("1,5–2", "1.5–2").into(),
            "> 2".into(),
            l.t("ingen kollektivtrafik inom gränsen", "no public transport within the limit").into(),
            l.t("median kvot", "median ratio").into(),
        ]
    };
    let row = |s: &BandShares, name: String| -> Vec<Cell> {
        let share = |x: u64| Cell::Num(l.pct(x as f64 / s.population.max(1) as f64));
        vec![
            Cell::Text(name),
            Cell::Num(l.int(s.population)),
            share(s.le_1_5),
            share(s.from_1_5_to_2),
            share(s.over_2),
            share(s.no_transit_within_limit),
            s.median_ratio.map_or(Cell::Empty, |m| Cell::Num(l.dec(m, 2))),
        ]
    };
    for g in &r.groups {
        let label = match (g.key.as_str(), &r.core_name) {
            ("core", Some(name)) => format!("{} ({name})", l.t("Regionkärnan", "The regional core")),
            _ => g.label.clone(),
        };
        b.push(Block::P(format!("{label}{mark}")));
        let mut rows: Vec<Vec<Cell>> = g.municipalities.iter().map(|m| row(m, m.area.clone())).collect();
        rows.push(row(&g.county, l.t("Länet", "County").into()));
        b.push(Block::Table(head(l.t("kommun", "municipality")), rows));
        if let ("core", Some(name)) = (g.key.as_str(), &r.core_name) {
            b.push(Block::Note(core_note(l, name)));
        }
        if let Some(name) = super::restidskvot_map::map_name(&g.key) {
            b.push(Block::Figure(name.into()));
        }
    }
    if !r.nodes.is_empty() {
        b.push(Block::P(format!(
            "{}{mark}",
            l.t("Strategiska noder till regionkärnan", "Strategic nodes to the regional core")
        )));
        let head = vec![
            l.t("nod", "node").to_string(),
            l.t("kommun", "municipality").into(),
            l.t("kollektivt, median min", "public transport, median min").into(),
            l.t("bil, min", "car, min").into(),
            l.t("restidskvot", "ratio").into(),
        ];
        let rows = r
            .nodes
            .iter()
            .map(|n| {
                vec![
                    Cell::Text(n.town.clone()),
                    Cell::Text(n.municipality.clone()),
                    n.pt_median_min.map_or(Cell::Empty, |m| Cell::Num(l.dec(m, 0))),
                    n.car_min.map_or(Cell::Empty, |m| Cell::Num(l.dec(m, 0))),
                    n.restidskvot.map_or(Cell::Empty, |x| Cell::Num(l.dec(x, 2))),
                ]
            })
            .collect();
        b.push(Block::Table(head, rows));
    }
    b.extend(goal_blocks(l, r));
    b
}

/// What the regional core is and how it is reached, under its table.
fn core_note(l: &L, name: &str) -> String {
    match l.0 {
        super::text::Lang::Sv => format!(
            "Regionkärnan är {name}, regionfilens ort med nivån regional_core. Kollektivtrafiken räknas från varje ruta och ort till ortens punkt i regionfilen som till en vårdenhet (gång från hållplatser inom gångradien, eller hela vägen), i samma sökningar, över samma avresefönster och med samma tidsgräns; bilen kör till samma punkt. De strategiska nodernas tider nedan är samma mått från deras orter. Inne i och nära regionkärnan är bilresan kort (några minuter plus terminaltiden), så väntan och gång ger kvoter över 2 även där bussen går ofta; kvoten säger mest om resor mellan orter, som RUFS använder den."
        ),
        super::text::Lang::En => format!(
            "The regional core is {name}, the region file's town with level regional_core. Public transport is measured from every cell and town to the town's point in the region file as to a care unit (walking from stops within the walking radius, or all the way), in the same searches, over the same departure window and with the same time limit; the car drives to the same point. The strategic nodes' times below are the same measure from their towns. In and near the core the car trip is short (a few minutes plus the terminal time), so waiting and walking give ratios above 2 even where buses run often; the ratio speaks mostly to trips between towns, as RUFS uses it."
        ),
    }
}

/// The restidskvot goals, when the region sets any: a table and their own count, apart from
/// the node and municipality goals.
fn goal_blocks(l: &L, r: &RestidskvotRun) -> Vec<Block> {
    let g = &r.goals;
    let all: Vec<_> = g.nodes.iter().chain(&g.municipalities).collect();
    if all.is_empty() {
        return Vec::new();
    }
    let mark = if r.estimated() { l.t(" (uppskattad)", " (estimated)") } else { "" };
    let head = [
        l.t("nod/kommun", "node/municipality"),
        l.t("mål", "goal"),
        l.t("målvärde", "target"),
        l.t("utfall", "outcome"),
        l.t("uppfyllt", "met"),
    ]
    .map(String::from)
    .to_vec();
    vec![
        Block::P(format!("{}{mark}", l.t("Mål för restidskvoten", "Goals on the travel time ratio"))),
        Block::Table(head, super::content::goal_rows(l, &all, r.limit_secs / 60)),
        Block::Note(format!(
            "{} {} / {} {} {}.",
            l.t("Restidskvotmål uppfyllda:", "Travel time ratio goals met:"),
            g.count.met,
            g.count.total,
            l.t(
                "— räknas för sig och ingår inte i nod- och kommunmålen ovan. Utan värde (ej beräkningsbara, räknas som ej uppfyllda):",
                "— counted apart, not part of the node and municipal goals above. Without a value (not computable, counted as not met):",
            ),
            g.not_computable,
        )),
    ]
}

/// Puts the subsection at the end of the care section (before the next `H2`).
pub fn insert(blocks: &mut Vec<Block>, part: Vec<Block>) {
    let care = blocks.iter().position(|b| matches!(b, Block::H2(id, _) if id == "vard"));
    let at = care
        .and_then(|c| blocks.iter().skip(c + 1).position(|b| matches!(b, Block::H2(..))).map(|p| c + 1 + p))
        .unwrap_or(blocks.len());
    blocks.splice(at..at, part);
}

/// The method list's line on the restidskvot maps, layers and goals.
pub fn method_item(l: &L) -> String {
    l.t(
        "Restidskvot: kollektivtrafikens median över avresefönstret ÷ bilens restid till samma slags vårdenhet (närmaste med bil), per befolkad ruta och ort. Kartorna färgar varje ruta efter band (≤ 1,5 mörkblå, 1,5–2 ljusblå, > 2 orange, ingen kollektivtrafik inom tidsgränsen grå, inga invånare eller ingen bilrestid vit; färgerna är valda för att gå att skilja åt även vid rödgrön färgblindhet). Banden per ruta finns i tables/restidskvot_rutor.csv och layers/restidskvot_rutor.geojson. Mål för restidskvoten (regionfilens max_restidskvot_to_core och min_share_restidskvot_le_1_5_*) räknas för sig, inte i nod- eller kommunmålen; gränsen 1,5 är RUFS och Västra Götalands, målvärdena är narhets egna val. Till regionkärnan (regionfilens ort med nivån regional_core): kollektivtrafiken från varje befolkad ruta och ort till ortens punkt, nådd som en vårdenhet, i samma sökningar, fönster och tidsgräns; bilen kör till samma punkt.",
        "Travel time ratio: the public transport median over the departure window ÷ the car time to the same kind of care unit (the nearest by car), per populated cell and town. The maps colour each cell by band (≤ 1.5 dark blue, 1.5–2 light blue, > 2 orange, no public transport within the time limit grey, no inhabitants or no car time white; the colours are chosen to stay apart for red–green colour-blind readers). The bands per cell are in tables/restidskvot_rutor.csv and layers/restidskvot_rutor.geojson. Goals on the ratio (the region file's max_restidskvot_to_core and min_share_restidskvot_le_1_5_*) are counted apart, not in the node or municipal goals; the bound 1.5 is RUFS's and Västra Götaland's, the targets are narhet's own choice. To the regional core (the region file's town with level regional_core): public transport from every populated cell and town to the town's point, reached as a care unit is, in the same searches, window and time limit; the car drives to the same point.",
    )
    .into()
}
