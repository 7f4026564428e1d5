//! The report's care section (travel times to vårdcentral, acute hospital and the Räppe
//! what-if), its key figures, and the method text that says what each travel-time figure means.
//! Built from [`ReportData`] alone.

use super::care_tables;
use super::content::Block;
use super::data::ReportData;
use super::html::Cell;
use super::text::L;
use crate::metrics::reach_summary::AccessChange;

/// The what-if's key figures for the summary: people losing (and gaining) acute care within the
/// limit, and the change of the median travel time over those reached both ways.
pub fn what_if_kpis(l: &L, d: &ReportData) -> Vec<(String, String)> {
    let Some(w) = &d.care.what_if else { return Vec::new() };
    let c = &w.comparison.county;
    let limit = d.parameters.limit_min;
    vec![
        (
            l.int(c.lost_access),
            format!(
                "{} {limit} min {} ({} {})",
                l.t(
                    "invånare når inte längre ett akutsjukhus inom",
                    "inhabitants no longer reach an acute hospital within"
                ),
                l.t("om akutvården flyttar till Räppe (scenario)", "if acute care moves to Räppe (scenario)"),
                l.int(c.new_access),
                l.t("når det nu", "now reach one"),
            ),
        ),
        (
            l.signed_min(c.median_change_min),
            format!(
                "{} {} {} {limit} min {}",
                l.t(
                    "ändrad medianrestid till akutsjukhus med Räppe, för de",
                    "change in median travel time to acute care with Räppe, for the"
                ),
                l.int(c.reached_both),
                l.t("invånare som når det inom", "inhabitants who reach it within"),
                l.t("både i dag och med Räppe", "both today and with Räppe"),
            ),
        ),
    ]
}

/// Travel times to care.
pub fn care(l: &L, d: &ReportData) -> Vec<Block> {
    let p = &d.parameters;
    let mut b = vec![Block::P(format!(
        "{} {}–{} ({} {}, {} {}–{}) {} {} {} {} {} {} m {} {} {} {}",
        l.t(
            "Restid med kollektivtrafik och gång från varje befolkad ruta (dess mittpunkt) till närmaste vårdcentral, akutsjukhus och Räppe, för varje avgångsminut i fönstret",
            "Travel time by public transport and on foot from every populated cell (its centre) to the nearest vårdcentral, acute hospital and Räppe, for every departure minute of the window"
        ),
        p.window[0],
        p.window[1],
        p.departure_minutes,
        l.t("minuter", "minutes"),
        l.t("avgång", "leaving"),
        p.window[0],
        p.last_departure,
        l.t(
            "och medianen över minuterna. En resa som tar mer än",
            "and the median over the minutes. A journey that takes more than"
        ),
        p.limit_min,
        l.t(
            "min räknas inte: rutan är då inte nådd den minuten, och en ruta vars median inte är nådd räknas som ej nådd. Gång till första och från sista hållplatsen högst",
            "min does not count: the cell is not reached at that minute, and a cell whose median is not reached counts as not reached. Walking to the first and from the last stop at most"
        ),
        l.dec(p.max_walk_min, 0),
        l.t("min och", "min and"),
        l.int(p.access_radius_m as u64),
        l.t("fågelväg; att gå hela vägen räknas bara upp till", "straight line; walking all the way counts only up to"),
        l.dec(p.max_walk_min, 0),
        l.t("min.", "min."),
        l.t("Se metodavsnittet för vad varje tal betyder.", "The method section says what each figure means."),
    ))];
    let mut band_headers =
        [l.t("Mål", "Destination"), "30 min", "45 min", "60 min", "90 min"].map(String::from).to_vec();
    band_headers.push(format!("{} {} min", l.t("Ej nådd inom", "Not reached within"), p.limit_min));
    let band_rows = d
        .care
        .groups
        .iter()
        .map(|g| {
            let pop = g.county.population.max(1) as f64;
            let mut r = vec![Cell::Text(care_tables::group_label(l, &g.key, &g.label, care_tables::planned_name(d)))];
            r.extend(g.county.within.iter().map(|&w| Cell::Num(format!("{} ({})", l.int(w), l.pct(w as f64 / pop)))));
            r.push(Cell::Num(l.int(g.population_not_reached)));
            r
        })
        .collect();
    b.push(Block::Table(band_headers, band_rows));
    b.push(Block::Figure("restid_kurvor".into()));
    b.push(Block::Figure("restid_staplar".into()));
    b.extend(care_tables::municipality_tables(l, d));
    b.push(Block::Figure("karta_akutsjukhus".into()));
    b.push(Block::Figure("karta_vardcentral".into()));
    b.extend(what_if(l, d));
    b.extend(care_tables::town_table(l, d));
    if let Some(ra) = p.return_after_min {
        let impossible: Vec<String> = d.care.returns.iter().filter(|r| !r.1).map(|r| r.0.clone()).collect();
        b.push(Block::P(format!(
            "{} {} {} {}",
            l.t("Hemresa efter", "Return after"),
            ra,
            l.t(
                "minuter på akutsjukhuset: orter utan hemresa samma dag:",
                "minutes at the acute hospital: towns with no way home the same day:"
            ),
            if impossible.is_empty() { l.t("inga", "none").to_string() } else { impossible.join(", ") }
        )));
    }
    b
}

/// The Räppe what-if in people: access within the limit and per band, and the change of the
/// median travel time over those reached both ways.
fn what_if(l: &L, d: &ReportData) -> Vec<Block> {
    let Some(w) = &d.care.what_if else { return Vec::new() };
    let c: &AccessChange = &w.comparison.county;
    let limit = d.parameters.limit_min;
    let (today, planned) = (crate::text::short_name(&w.replaced), crate::text::short_name(&w.planned));
    let mut b = vec![Block::H3(
        l.t("Räppe: vad ändras om akutvården flyttar dit?", "Räppe: what changes if acute care moves there?").into(),
    )];
    b.push(Block::P(format!(
        "{} {today} {} {planned}. {} {limit} min.",
        l.t(
            "Medianrestiden till närmaste akutsjukhus i dag jämförs med den om",
            "The median travel time to the nearest acute hospital today is compared with the one if"
        ),
        l.t("ersätts av", "is replaced by"),
        l.t("En ruta är nådd när medianen är högst", "A cell is reached when its median is at most"),
    )));
    let headers = [l.t("Tillgång till akutsjukhus", "Access to an acute hospital"), l.t("Befolkning", "Population")]
        .map(String::from)
        .to_vec();
    let row = |a: String, n: u64| vec![Cell::Text(a), Cell::Num(l.int(n))];
    let within = |sv: &str, en: &str| format!("{} {limit} min", l.t(sv, en));
    let rows = vec![
        row(
            within("nådd förut, inte nu – förlorar tillgång inom", "reached before, not now – lose access within"),
            c.lost_access,
        ),
        row(within("nås nu – får tillgång inom", "now reached – gain access within"), c.new_access),
        row(within("nådd både i dag och med Räppe, inom", "reached both today and with Räppe, within"), c.reached_both),
        row(
            within("nås varken i dag eller med Räppe inom", "reached neither today nor with Räppe within"),
            c.reached_neither,
        ),
    ];
    b.push(Block::Table(headers, rows));
    let headers =
        [l.t("Tidsband", "Band"), l.t("Får tillgång", "Gain access"), l.t("Förlorar tillgång", "Lose access")]
            .map(String::from)
            .to_vec();
    let rows = c
        .bands
        .iter()
        .map(|x| {
            vec![
                Cell::Text(format!("≤ {} min", x.minutes)),
                Cell::Num(format!("+{}", l.int(x.gained))),
                Cell::Num(format!("−{}", l.int(x.lost))),
            ]
        })
        .collect();
    b.push(Block::Table(headers, rows));
    b.push(Block::P(format!(
        "{} {} {} {limit} min {} {} ({} {}).",
        l.t("För de", "For the"),
        l.int(c.reached_both),
        l.t("invånare som når ett akutsjukhus inom", "inhabitants who reach an acute hospital within"),
        l.t(
            "både i dag och med Räppe ändras medianrestiden med, i mitten av dem,",
            "both today and with Räppe the median travel time changes by, for the middle one of them,"
        ),
        l.signed_min(c.median_change_min),
        l.t("i genomsnitt", "on average"),
        l.signed_min(c.mean_change_min),
    )));
    let headers =
        [l.t("Förändring, nådda båda gångerna", "Change, reached both times"), l.t("Befolkning", "Population")]
            .map(String::from)
            .to_vec();
    let rows = [
        (l.t("kortare restid, mer än 15 min", "shorter, more than 15 min"), c.gain_over_15),
        (l.t("kortare restid, 5–15 min", "shorter, 5–15 min"), c.gain_5_15),
        (l.t("oförändrad (± 5 min)", "unchanged (± 5 min)"), c.unchanged),
        (l.t("längre restid, 5–15 min", "longer, 5–15 min"), c.lose_5_15),
        (l.t("längre restid, mer än 15 min", "longer, more than 15 min"), c.lose_over_15),
    ]
    .into_iter()
    .map(|(a, n)| row(a.into(), n))
    .collect();
    b.push(Block::Table(headers, rows));
    b.push(Block::Figure("karta_rappe_forandring".into()));
    b.push(Block::Figure("karta_rappe".into()));
    b
}

/// What each travel-time figure means, for the method section.
pub fn travel_time_method(l: &L, d: &ReportData) -> Vec<Block> {
    let p = &d.parameters;
    let limit = p.limit_min;
    let walk = l.dec(p.max_walk_min, 0);
    let items = vec![
        format!(
            "{} {}–{} {} {} {} ({}–{}). {}",
            l.t("Avgångsminuter: fönstret", "Departure minutes: the window"),
            p.window[0],
            p.window[1],
            l.t("är halvöppet som i Conveyal R5 – starten ingår, slutet inte:", "is half-open as in Conveyal R5 – the start is included, the end is not:"),
            p.departure_minutes,
            l.t("avgångsminuter", "departure minutes"),
            p.window[0],
            p.last_departure,
            l.t(
                "Varje minut lämnar resenären rutans mittpunkt och tar den snabbaste resan (RAPTOR över tidtabellen, högst det antal resor med byten som anges ovan).",
                "At each minute the traveller leaves the cell's centre and takes the fastest journey (RAPTOR over the timetable, at most the number of rides given above)."
            ),
        ),
        format!(
            "{} {limit} {} {limit} {}",
            l.t("Tidsgränsen: en restid över", "The limit: a travel time above"),
            l.t(
                "min är ingen restid – rutan är inte nådd den minuten (som R5:s längsta restid). Inget tal i rapporten, tabellerna eller kartorna är större än",
                "min is no travel time – the cell is not reached at that minute (as R5's maximum trip duration). No figure in the report, the tables or the maps is larger than"
            ),
            l.t("min; där står i stället ”ej nådd inom”, i CSV en tom cell och i JSON null.", "min; instead they say \"not reached within\", an empty CSV cell and null in JSON."),
        ),
        format!(
            "{} {walk} {} {walk} {}",
            l.t("Gång: att gå hela vägen räknas när det går fortare, men bara upp till", "Walking: walking all the way counts when it is faster, but only up to"),
            l.t(
                "min; gången till första hållplatsen och från den sista högst",
                "min; the walk to the first stop and from the last at most"
            ),
            l.t(
                "min och inom radien ovan (fågelväg × omvägsfaktor i gånghastighet; till hållplatsen avrundad uppåt till hela minuter). En plats som bara nås genom en längre promenad är inte nådd.",
                "min and within the radius above (straight line × detour at walking speed; to the stop rounded up to whole minutes). A place reached only by a longer walk is not reached."
            ),
        ),
        format!(
            "{} {} {}",
            l.t("Byten: minst", "Changes: at least"),
            p.min_change_s,
            l.t(
                "s för att byta fordon på samma hållplats, och en förflyttning till en annan hållplats mellan två resor tar aldrig kortare tid; rader i transfers.txt med egen min_transfer_time gäller som de står, och rader som namnger linjer eller turer gäller bara de resorna (den mest specifika raden vinner, som i GTFS-referensen). 120 s är OpenTripPlanner 2:s förvalda bytesmarginal (transfer slack); Conveyal R5 lägger i stället 60 s på varje påstigning, även den första.",
                "s to change vehicles at the same stop, and a move to another stop between two rides never takes less; transfers.txt rows with their own min_transfer_time hold as given, and rows naming routes or trips bind only those rides (the most specific row wins, as in the GTFS reference). 120 s is OpenTripPlanner 2's default transfer slack; Conveyal R5 instead adds 60 s to every boarding, the first too."
            ),
        ),
        l.t(
            "Snabbast, p25, median, p75, max: över fönstrets avgångsminuter, sorterade, med minuter som inte nås sist; percentil p är värdet på plats ⌈p × N⌉ av N (närmaste rang som i R5, utan interpolering). Medianen av 120 minuter är den 60:e snabbaste. Medianen är måttet i tabeller, kartor, mål och jämförelser: den restid som en resenär som åker en slumpvis minut i fönstret har eller slår i hälften av fallen. En ruta eller ort vars median inte nås inom gränsen räknas som ej nådd.",
            "Fastest, p25, median, p75, max: over the window's departure minutes, sorted, minutes not reached last; percentile p is the value at rank ⌈p × N⌉ of N (nearest rank as in R5, no interpolation). The median of 120 minutes is the 60th fastest. The median is the measure in tables, maps, goals and comparisons: the travel time a traveller leaving at a random minute of the window has or beats half the time. A cell or town whose median is not reached within the limit counts as not reached.",
        ).to_string(),
        l.t(
            "Andel minuter nådd inom gränsen: andelen av fönstrets avgångsminuter med en restid inom tidsgränsen. Befolkning inom 30/45/60/90 min: invånare i rutor vars median är högst så många minuter.",
            "Share of minutes reached within the limit: the share of the window's departure minutes with a travel time within the limit. Population within 30/45/60/90 min: inhabitants of cells whose median is at most that many minutes.",
        ).to_string(),
        format!(
            "{} {limit} {}",
            l.t(
                "Räppe och jämförelser: en ruta förlorar tillgång när dess median är nådd förut men inte nu (inom",
                "Räppe and comparisons: a cell loses access when its median is reached before but not now (within"
            ),
            l.t(
                "min, eller inom ett tidsband), och får tillgång i omvänt fall. Ändrad restid räknas bara över rutor som nås inom gränsen båda gångerna: medianen över invånarna av varje rutas ändring av medianrestiden (och medelvärdet), med antalet övriga invånare bredvid.",
                "min, or within a band), and gains it the other way round. A change in travel time is taken only over cells reached within the limit both times: the median over the inhabitants of each cell's change of median travel time (and the mean), with the number of the others beside it."
            ),
        ),
        l.t(
            "Direkta avgångar till Räppe: avgångar under dagen från nodens hållplatser med en resa utan byte som routern själv hittar och som slutar vid Räppes hållplats eller en hållplats inom 500 m från den (gångavståndet mellan hållplatser) – samma resor som narhet route visar som direkta; en avgång räknas när ingen senare avgång utan byte kommer fram lika tidigt. En buss som bara passerar längre bort, som linje 160 vid Glimbacken 700 m från Räppe, är ingen direkt avgång, även om restiden till Räppe räknar med promenaden därifrån.",
            "Direct departures to Räppe: departures of the day from the node's stops with a journey without a change that the router itself finds and that ends at Räppe's stop or a stop within 500 m of it (the walking distance between stops) – the journeys narhet route shows as direct; a departure counts when no later departure without a change arrives as early. A bus that only passes further away, such as line 160 at Glimbacken 700 m from Räppe, is no direct departure, even though the travel time to Räppe counts the walk from there.",
        ).to_string(),
    ];
    vec![Block::H3(l.t("Vad restiderna betyder", "What the travel times mean").into()), Block::List(items)]
}
