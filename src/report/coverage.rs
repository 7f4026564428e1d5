//! The report's "Glesa miljöer" part: coverage on the analysed weekday and the Saturday and
//! Sunday after it, as blocks, a map and files, with the municipality goals.

use plotters::style::RGBColor;

use super::ReportError;
use super::content::Block;
use super::figure::render;
use super::figures::Named;
use super::figures::blank_map;
use super::html::Cell as C;
use super::map::{Map, Place, PlaceKind};
use super::text::L;
use crate::analysis::Study;
use crate::analysis::coverage::{CoverageFile, CoverageRun};
use crate::analysis::goals::GoalCheck;
use crate::export::Table;
use crate::feed::Feed;
use crate::metrics::coverage::{AreaClass, Band, CoverageParams, DayType, DirectionRule, Served, StopRule};
use crate::spatial::to_sweref;

/// What the coverage part adds to the report.
pub struct CoverageSection {
    pub blocks: Vec<Block>,
    pub figures: Vec<Named>,
    /// (path inside the output directory, content).
    pub files: Vec<(String, String)>,
    /// CSV tables: (path inside the output directory, table), written as the report's other tables.
    pub tables: Vec<(String, Table)>,
}

/// The coverage part from a coverage run and the municipality goals checked on it.
pub fn section(
    l: &L,
    study: &Study,
    feed: &Feed,
    run: &CoverageRun,
    goals: &[GoalCheck],
) -> Result<CoverageSection, ReportError> {
    let mut blocks = summary_blocks(l, run, goals);
    blocks.extend(class_blocks(l, run));
    blocks.extend(candidate_blocks(l, study, run, feed));
    let map = map(l, study, run);
    let figures =
        vec![Named { name: "karta_tackning".into(), caption: map.title.clone(), figure: render(1000, 620, &map)? }];
    let view = run.view(&study.cells, feed);
    let tables = vec![
        ("tables/tackning_kommuner.csv".to_string(), view.municipalities_table()),
        ("tables/tackning_rutor.csv".to_string(), view.cells_table()),
        ("tables/glesbygdstrafik_omraden.csv".to_string(), view.gaps_table()),
    ];
    let mut files = Vec::new();
    for (path, f) in [
        ("layers/tackning_rutor.geojson", CoverageFile::CellsGeojson),
        ("layers/glesbygdstrafik_omraden.geojson", CoverageFile::GapsGeojson),
        ("layers/glesbygdstrafik_omraden_punkter.geojson", CoverageFile::GapPointsGeojson),
    ] {
        files.push((path.to_string(), run.render(f, &study.cells, feed)?));
    }
    Ok(CoverageSection { blocks, figures, files, tables })
}

/// "–" for an empty population, else the share.
fn share(l: &L, x: u64, of: u64) -> String {
    if of == 0 { "–".to_string() } else { l.pct(x as f64 / of as f64) }
}

/// The rule as the run applied it, in words, naming the reading used.
pub fn rule_text(l: &L, p: &CoverageParams) -> String {
    let dir = match p.direction {
        DirectionRule::DirectionId => l.t(
            "Riktning är tidtabellens egen riktning (GTFS direction_id)",
            "Direction is the timetable's own direction (GTFS direction_id)",
        ),
        DirectionRule::Seat => l.t(
            "Riktning räknas mot och från kommunens centralort",
            "Direction is counted towards and from the municipal seat",
        ),
    };
    let stops = match p.stops {
        StopRule::Nearest => l.t(
            "Avgångarna räknas vid den närmaste hållplatsen, som regeln säger",
            "Departures are counted at the nearest stop, as the rule says",
        ),
        StopRule::Pooled => l.t(
            "Avgångarna räknas vid alla hållplatser inom avståndet tillsammans (en tolkning som ger färre berättigade än regelns ordalydelse)",
            "Departures are counted at all stops within the distance together (a reading that finds fewer eligible than the rule's words)",
        ),
    };
    let literal = p.stops == StopRule::Nearest && p.direction == DirectionRule::DirectionId;
    format!(
        "{} {} m {} {} m {} {} {} {stops}. {dir}; {} {}",
        l.t(
            "Region Kronobergs regel för Glesbygdstrafik (från 1 mars 2025): en adress har rätt till Glesbygdstrafik när den ligger minst",
            "Region Kronoberg's rule for Glesbygdstrafik (from 1 March 2025): an address is eligible for Glesbygdstrafik when it lies at least"
        ),
        l.int(p.max_stop_distance_m as u64),
        l.t("från en hållplats för linjetrafik, eller närmare än", "from a stop for scheduled lines, or nearer than"),
        l.int(p.max_stop_distance_m as u64),
        l.t("men den närmaste hållplatsen har färre än", "but the nearest stop has fewer than"),
        p.min_departures_per_direction,
        l.t("avgångar i varje riktning under dagen.", "departures in each direction during the day."),
        l.t(
            "vid centralorten räknas resor ut och hem. Avstånd fågelväg från rutans mitt; en ruta räknas som en adress.",
            "at the seat, trips out and home are counted. Straight-line distance from the cell's centre; a cell counts as one address."
        ),
        if literal {
            l.t("Rapporten använder regelns ordalydelse.", "The report uses the rule's literal reading.")
        } else {
            l.t(
                "Rapporten använder en annan tolkning än regelns ordalydelse (närmaste hållplats, tidtabellens riktning), vald i regionfilen.",
                "The report uses a reading other than the rule's literal one (nearest stop, the timetable's direction), chosen in the region file.",
            )
        },
    )
}

/// The rule, the key figures and the table per municipality with its goal.
fn summary_blocks(l: &L, run: &CoverageRun, goals: &[GoalCheck]) -> Vec<Block> {
    let (cov, p) = (&run.result, &run.inputs.params);
    let wd = &cov.county.days[0].all;
    let share = |x: u64, of: u64| share(l, x, of);
    let eligible = wd.unserved + wd.nartrafik;
    let mut b = vec![Block::P(rule_text(l, p))];
    b.push(Block::Kpis(vec![
        (
            share(wd.basic, wd.population),
            l.t("har grundläggande resmöjligheter en vardag", "have basic service on a weekday").into(),
        ),
        (
            l.int(eligible),
            format!(
                "{} ({})",
                l.t(
                    "invånare har rätt till Glesbygdstrafik en vardag",
                    "inhabitants are eligible for Glesbygdstrafik on a weekday"
                ),
                share(eligible, wd.population)
            ),
        ),
        (
            l.int(wd.nartrafik),
            l.t(
                "av dem bor inom ett område med anropsstyrd trafik i tidtabellen",
                "of them live in an area with demand-responsive service in the timetable",
            )
            .into(),
        ),
        (
            l.int(cov.gaps.len() as u64),
            l.t("sammanhängande områden utan grundläggande linjetrafik", "connected areas without basic line service")
                .into(),
        ),
    ]));
    b.push(Block::H3(l.t("Per kommun", "Per municipality").into()));
    let goal_of = |name: &str| goals.iter().find(|g| g.subject == name);
    let headers = [
        l.t("Kommun", "Municipality"),
        l.t("Befolkning", "Population"),
        l.t("Grundläggande, vardag", "Basic, weekday"),
        l.t("Rätt till Glesbygdstrafik", "Eligible for Glesbygdstrafik"),
        l.t("Andel med rätt", "Share eligible"),
        l.t("Grundläggande, lördag", "Basic, Saturday"),
        l.t("Grundläggande, söndag", "Basic, Sunday"),
        l.t("Kommunmål", "Municipal goal"),
        l.t("Status", "Status"),
    ]
    .map(String::from)
    .to_vec();
    let names = &run.inputs.names;
    let rows: Vec<Vec<C>> = (cov.municipalities.iter().enumerate())
        .map(|(m, a)| (names.name(m as u16).to_string(), a, goal_of(names.name(m as u16))))
        .chain(std::iter::once((l.t("Länet", "County").to_string(), &cov.county, None)))
        .map(|(name, a, goal)| {
            let d = |k: usize| a.days.get(k).map(|x| x.all);
            let w = d(0).unwrap_or_default();
            vec![
                C::Text(name),
                C::Num(l.int(w.population)),
                C::Num(share(w.basic, w.population)),
                C::Num(l.int(w.unserved + w.nartrafik)),
                C::Num(share(w.unserved + w.nartrafik, w.population)),
                C::Num(d(1).map_or("–".into(), |t| share(t.basic, t.population))),
                C::Num(d(2).map_or("–".into(), |t| share(t.basic, t.population))),
                goal.map_or(C::Empty, |g| C::Num(format!("≥ {}", l.pct(g.target)))),
                goal.map_or(C::Empty, |g| C::Status(g.met, l.yes_no(g.met).into())),
            ]
        })
        .collect();
    b.push(Block::Table(headers, rows));
    let met = goals.iter().filter(|g| g.met).count();
    b.push(Block::Note(format!(
        "{} {met} {} {} {}",
        l.t("Kommunmål uppfyllda:", "Municipal goals met:"),
        l.t("av", "of"),
        goals.len(),
        l.t(
            "(målvärdena står i regionfilen; för exempelregionen är de valda av narhet).",
            "(the targets are in the region file; for the sample region narhet chose them)."
        )
    )));
    b
}

/// Population by area class and by service level, the planning level, the map.
fn class_blocks(l: &L, run: &CoverageRun) -> Vec<Block> {
    let (cov, p) = (&run.result, &run.inputs.params);
    let wd = &cov.county.days[0].all;
    let share = |x: u64, of: u64| share(l, x, of);
    let mut b = Vec::new();
    b.push(Block::H3(l.t("Per områdestyp", "By area class").into()));
    let class_name = |c: AreaClass| match c {
        AreaClass::Town => l.t("tätort", "town"),
        AreaClass::Rural => l.t("landsbygd", "rural"),
        AreaClass::Sparse => l.t("glesbygd", "sparse"),
    };
    let headers = [
        l.t("Områdestyp", "Area class"),
        l.t("Rutor", "Cells"),
        l.t("Befolkning", "Population"),
        l.t("Grundläggande", "Basic"),
        l.t("Rätt till Glesbygdstrafik", "Eligible for Glesbygdstrafik"),
        l.t("Andel med rätt", "Share eligible"),
    ]
    .map(String::from)
    .to_vec();
    let rows = AreaClass::ALL
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let t = cov.county.days[0].by_class[i];
            vec![
                C::Text(class_name(c).into()),
                C::Num(l.int(t.cells as u64)),
                C::Num(l.int(t.population)),
                C::Num(share(t.basic, t.population)),
                C::Num(l.int(t.unserved + t.nartrafik)),
                C::Num(share(t.unserved + t.nartrafik, t.population)),
            ]
        })
        .collect();
    b.push(Block::Table(headers, rows));
    b.push(Block::H3(l.t("Servicenivå en vardag", "Service level on a weekday").into()));
    let band_name = |x: Band| match x {
        Band::NoStop => l.t("ingen hållplats närmare än gränsen", "no stop nearer than the limit"),
        Band::Few => l.t("hållplats nära men för få avgångar", "a stop near but too few departures"),
        Band::Basic => l.t("grundläggande", "basic"),
        Band::Good => l.t("planeringsnivån", "the planning level"),
    };
    let headers = [l.t("Servicenivå", "Service level"), l.t("Befolkning", "Population"), l.t("Andel", "Share")]
        .map(String::from)
        .to_vec();
    let rows = Band::ALL
        .iter()
        .map(|&x| {
            let n = wd.bands[x as usize];
            vec![C::Text(band_name(x).into()), C::Num(l.int(n)), C::Num(share(n, wd.population))]
        })
        .collect();
    b.push(Block::Table(headers, rows));
    b.push(Block::Note(planning_text(l, p)));
    b.push(Block::Figure("karta_tackning".into()));
    b
}

/// The planning level, every condition of it.
pub fn planning_text(l: &L, p: &CoverageParams) -> String {
    format!(
        "{} {} m {} {} {} {} {} {} {}",
        l.t(
            "Planeringsnivån är narhets eget mått, inte trafikförsörjningsprogrammets: grundläggande resmöjligheter och dessutom hållplatser inom",
            "The planning level is narhet's own measure, not the regional transport plan's: basic service and in addition stops within"
        ),
        l.int(p.planning_max_distance_m as u64),
        l.t("som tillsammans har minst", "that together have at least"),
        p.planning_min_departures_per_direction,
        l.t(
            "avgångar i varje riktning en vardag, varav minst",
            "departures in each direction on a weekday, of them at least"
        ),
        p.planning_min_departures_towards_seat,
        l.t(
            "mot centralorten, och en resa hem samma dag efter minst",
            "towards the municipal seat, and a trip home the same day after at least"
        ),
        l.dec(p.return_min_stay_s as f64 / 3600.0, 0),
        l.t(
            "timmar i centralorten. I centralorten räknas avgångar ut och hem i stället.",
            "hours at the seat. At the seat, departures out and home are counted instead."
        ),
    )
}

/// The sites where a stop on a fixed line would give most people basic service.
fn candidate_blocks(l: &L, study: &Study, run: &CoverageRun, feed: &Feed) -> Vec<Block> {
    let (cov, p) = (&run.result, &run.inputs.params);
    let sites = run.candidates(&study.cells, 10);
    let mut b = vec![Block::H3(
        l.t(
            "Var en linje skulle nå flest med rätt till Glesbygdstrafik",
            "Where a line would reach most of the eligible",
        )
        .into(),
    )];
    b.push(Block::P(format!(
        "{} {} m {}",
        l.t(
            "Platser där en hållplats med minst två avgångar i varje riktning skulle ge flest av dem som i dag har rätt till Glesbygdstrafik grundläggande resmöjligheter: invånare utan grundläggande service inom",
            "Places where a stop with at least two departures in each direction would give basic service to most of those eligible for Glesbygdstrafik today: inhabitants without basic service within"
        ),
        l.int(p.max_stop_distance_m as u64),
        l.t(
            "från platsen, var och en räknad vid den första platsen som når den.",
            "of the place, each counted at the first place that reaches them."
        ),
    )));
    let headers = [
        "#",
        l.t("Kommun", "Municipality"),
        l.t("Närmaste ort", "Nearest town"),
        l.t("Invånare som skulle nås", "Inhabitants reached"),
        l.t("Närmaste hållplats i dag", "Nearest stop today"),
        l.t("Varför service saknas", "Why service is lacking"),
    ]
    .map(String::from)
    .to_vec();
    let rows = sites
        .iter()
        .map(|c| {
            let cc = &cov.cells[c.cell as usize];
            let town = study
                .towns
                .iter()
                .min_by(|a, b| a.at.dist(c.at).total_cmp(&b.at.dist(c.at)))
                .map(|t| format!("{} ({} km)", t.name, l.dec(t.at.dist(c.at) / 1000.0, 1)))
                .unwrap_or_default();
            let (stop, why) = match cc.nearest_stop {
                Some((s, d)) => {
                    let name = feed.stops[s.ix()].name.to_string();
                    let why = if d >= p.max_stop_distance_m {
                        l.t("ingen hållplats inom räckhåll", "no stop within reach").to_string()
                    } else {
                        let k = cc.weekday().counted;
                        format!("{} ({} / {})", l.t("för få avgångar", "too few departures"), k[0], k[1])
                    };
                    (format!("{name} ({} km)", l.dec(d / 1000.0, 1)), why)
                }
                None => ("–".into(), l.t("ingen hållplats", "no stop").into()),
            };
            vec![
                C::Num(c.rank.to_string()),
                C::Text(study.names.get(c.municipality as usize).cloned().unwrap_or_default()),
                C::Text(town),
                C::Num(l.int(c.population)),
                C::Text(stop),
                C::Text(why),
            ]
        })
        .collect();
    b.push(Block::Table(headers, rows));
    b.push(Block::Note(l.t(
        "Avgångar i parentes: i var och en av de två riktningarna under vardagen. Platserna visar var behovet är störst, inte hur en linje ska dras. Alla platser och de sammanhängande områdena utan service finns i tables/ och layers/ för Excel och QGIS.",
        "Departures in brackets: in each of the two directions on the weekday. The places show where the need is largest, not how a line should run. All places and the connected areas without service are in tables/ and layers/ for Excel and QGIS.",
    ).into()));
    b
}

/// The weekday service level per cell, the seats and the candidate sites.
fn map(l: &L, study: &Study, run: &CoverageRun) -> Map {
    let (cov, region, cells) = (&run.result, &study.region, &study.cells);
    let title = l.t("Grundläggande resmöjligheter en vardag", "Basic service on a weekday");
    let mut map = Map {
        // ColorBrewer: blues for service, oranges for the people eligible for Glesbygdstrafik.
        classes: vec![
            (l.t("planeringsnivån", "the planning level").into(), RGBColor(8, 81, 156)),
            (l.t("grundläggande", "basic").into(), RGBColor(107, 174, 214)),
            (l.t("anropsstyrt område (GTFS)", "demand-responsive zone (GTFS)").into(), RGBColor(158, 154, 200)),
            (l.t("hållplats, för få avgångar", "stop, too few departures").into(), RGBColor(230, 85, 13)),
            (l.t("ingen hållplats inom 1 km", "no stop within 1 km").into(), RGBColor(253, 208, 162)),
        ],
        legend_title: l.t("Servicenivå", "Service level").into(),
        ..blank_map(l, title, study)
    };
    map.cells = cells
        .iter()
        .zip(&cov.cells)
        .map(|(c, cc)| {
            let w = cc.weekday();
            let class = match (cc.served(DayType::Weekday), w.band) {
                (_, Band::Good) => 0,
                (_, Band::Basic) => 1,
                (Some(Served::Nartrafik), _) => 2,
                (_, Band::Few) => 3,
                _ => 4,
            };
            (c.x, c.y, c.size_m, class)
        })
        .collect();
    map.places = region
        .municipalities
        .iter()
        .filter_map(|m| region.town(&m.seat))
        .map(|t| Place { at: to_sweref(t.lat, t.lon), label: t.name.clone(), kind: PlaceKind::Seat })
        .chain(run.candidates(cells, 5).into_iter().map(|c| Place {
            at: c.at,
            label: c.rank.to_string(),
            kind: PlaceKind::Marker,
        }))
        .collect();
    map.place_legend = vec![
        (l.t("Centralort", "Municipal seat").into(), PlaceKind::Seat),
        (l.t("Plats där en linje når flest (1–5)", "Where a line reaches most (1–5)").into(), PlaceKind::Marker),
    ];
    map
}
