//! The report's "Glesa miljöer" part: coverage on the analysed weekday and the Saturday and
//! Sunday after it, as blocks, a map and files, with the municipality goals.

use plotters::style::RGBColor;

use super::ReportError;
use super::content::Block;
use super::figure::render;
use super::figures::Named;
use super::html::Cell as C;
use super::map::{Map, Place, PlaceKind};
use super::text::L;
use crate::analysis::Study;
use crate::analysis::coverage::{CoverageFile, CoverageRun};
use crate::analysis::goals::GoalCheck;
use crate::export::Table;
use crate::feed::Feed;
use crate::metrics::coverage::{AreaClass, Band, DayType, NearStop, Served};
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
    blocks.extend(gap_blocks(l, run, feed));
    let map = map(l, study, run);
    let figures =
        vec![Named { name: "karta_tackning".into(), caption: map.title.clone(), figure: render(1000, 820, &map)? }];
    let view = run.view(&study.cells, feed);
    let tables = vec![
        ("tables/tackning_kommuner.csv".to_string(), view.municipalities_table()),
        ("tables/tackning_rutor.csv".to_string(), view.cells_table()),
        ("tables/narttrafik_kandidater.csv".to_string(), view.gaps_table()),
    ];
    let mut files = Vec::new();
    for (path, f) in [
        ("layers/tackning_rutor.geojson", CoverageFile::CellsGeojson),
        ("layers/narttrafik_kandidater.geojson", CoverageFile::GapsGeojson),
        ("layers/narttrafik_kandidater_punkter.geojson", CoverageFile::GapPointsGeojson),
    ] {
        files.push((path.to_string(), run.render(f, &study.cells, feed)?));
    }
    Ok(CoverageSection { blocks, figures, files, tables })
}

/// "–" for an empty population, else the share.
fn share(l: &L, x: u64, of: u64) -> String {
    if of == 0 { "–".to_string() } else { l.pct(x as f64 / of as f64) }
}

/// The rule, the key figures and the table per municipality with its goal.
fn summary_blocks(l: &L, run: &CoverageRun, goals: &[GoalCheck]) -> Vec<Block> {
    let (cov, p) = (&run.result, &run.inputs.params);
    let wd = &cov.county.days[0].all;
    let share = |x: u64, of: u64| share(l, x, of);
    let mut b = Vec::new();
    b.push(Block::P(format!(
        "{} {} m {} {} {}",
        l.t("Grundläggande resmöjligheter enligt Region Kronobergs regel för Glesbygdstrafik (från 1 mars 2025): en plats saknar grundläggande service när närmaste hållplats ligger minst", "Basic service by Region Kronoberg's rule for Glesbygdstrafik (from 1 March 2025): a place lacks basic service when the nearest stop is at least"),
        l.int(p.max_stop_distance_m as u64),
        l.t("bort, eller när hållplatserna inom det avståndet har färre än", "away, or when the stops within that distance have fewer than"),
        p.min_departures_per_direction,
        l.t("avgångar per riktning (mot och från centralorten) under dagen. Avstånd fågelväg från rutans mitt.", "departures per direction (towards and from the municipal seat) during the day. Straight-line distance from the cell's centre."),
    )));
    b.push(Block::Kpis(vec![
        (
            share(wd.basic, wd.population),
            l.t("har grundläggande service en vardag", "have basic service on a weekday").into(),
        ),
        (
            l.int(wd.unserved),
            l.t(
                "invånare utan grundläggande service och utan närtrafik",
                "inhabitants without basic service or närtrafik",
            )
            .into(),
        ),
        (l.int(wd.nartrafik), l.t("invånare inom närtrafikområde", "inhabitants in a närtrafik area").into()),
        (
            l.int(cov.gaps.len() as u64),
            l.t(
                "sammanhängande områden utan service (kandidater för närtrafik)",
                "connected areas without service (närtrafik candidates)",
            )
            .into(),
        ),
    ]));
    let goal_of = |name: &str| goals.iter().find(|g| g.subject == name);
    let headers = [
        l.t("Kommun", "Municipality"),
        l.t("Befolkning", "Population"),
        l.t("Grundläggande, vardag", "Basic, weekday"),
        l.t("Utan service", "Unserved"),
        l.t("Närtrafik", "Närtrafik"),
        l.t("Lördag", "Saturday"),
        l.t("Söndag", "Sunday"),
        l.t("Mål", "Goal"),
    ]
    .map(String::from)
    .to_vec();
    let names = &run.inputs.names;
    let mut rows: Vec<Vec<C>> = (cov.municipalities.iter().enumerate())
        .map(|(m, a)| (names.name(m as u16), a))
        .chain(std::iter::once(("", &cov.county)))
        .map(|(name, a)| {
            let d = |k: usize| a.days.get(k).map(|x| x.all);
            let w = d(0).unwrap_or_default();
            let goal = goal_of(name)
                .map_or(C::Empty, |g| C::Status(g.met, format!("≥ {} · {}", l.pct(g.target), l.yes_no(g.met))));
            vec![
                C::Text(if name.is_empty() { l.t("Länet", "County").into() } else { name.to_string() }),
                C::Num(l.int(w.population)),
                C::Num(share(w.basic, w.population)),
                C::Num(l.int(w.unserved)),
                C::Num(l.int(w.nartrafik)),
                C::Num(d(1).map_or("–".into(), |t| share(t.basic, t.population))),
                C::Num(d(2).map_or("–".into(), |t| share(t.basic, t.population))),
                goal,
            ]
        })
        .collect();
    if let Some(last) = rows.last_mut() {
        last[0] = C::Text(l.t("Länet", "County").into());
    }
    b.push(Block::Table(headers, rows));
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
        l.t("Utan service", "Unserved"),
        l.t("Närtrafik", "Närtrafik"),
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
                C::Num(l.int(t.unserved)),
                C::Num(l.int(t.nartrafik)),
            ]
        })
        .collect();
    b.push(Block::Table(headers, rows));
    let band_name = |x: Band| match x {
        Band::NoStop => l.t("ingen hållplats inom räckhåll", "no stop within reach"),
        Band::Few => l.t("hållplats med för få avgångar", "stop with too few departures"),
        Band::Basic => l.t("grundläggande", "basic"),
        Band::Good => l.t("god (planeringsnivå)", "good (planning level)"),
    };
    let headers = [l.t("Servicenivå, vardag", "Service level, weekday"), l.t("Befolkning", "Population")]
        .map(String::from)
        .to_vec();
    let rows =
        Band::ALL.iter().map(|&x| vec![C::Text(band_name(x).into()), C::Num(l.int(wd.bands[x as usize]))]).collect();
    b.push(Block::Table(headers, rows));
    b.push(Block::Note(format!(
        "{} {} {} {} {}",
        l.t("Planeringsnivån (narhets val): minst", "The planning level (narhet's choice): at least"),
        p.planning_min_departures_towards_seat,
        l.t(
            "avgångar mot centralorten en vardag och hemresa samma dag efter minst",
            "departures towards the municipal seat on a weekday and a return the same day after at least"
        ),
        p.return_min_stay_s / 3600,
        l.t("timmar där.", "hours there."),
    )));
    b.push(Block::Figure("karta_tackning".into()));
    b
}

/// The largest connected areas without service.
fn gap_blocks(l: &L, run: &CoverageRun, feed: &Feed) -> Vec<Block> {
    let cov = &run.result;
    let mut b = Vec::new();
    b.push(Block::H3(
        l.t(
            "Största områdena utan service – kandidater för närtrafik",
            "Largest areas without service – närtrafik candidates",
        )
        .into(),
    ));
    let headers = [
        "#",
        l.t("Kommun", "Municipality"),
        l.t("Centralort", "Seat"),
        l.t("Rutor", "Cells"),
        l.t("Befolkning", "Population"),
        l.t("Närmaste hållplats med service", "Nearest stop with service"),
        l.t("Avstånd", "Distance"),
    ]
    .map(String::from)
    .to_vec();
    let rows = cov
        .gaps
        .iter()
        .take(10)
        .map(|g| {
            let names = &run.inputs.names;
            let stop_name = |s: &NearStop| feed.stops.get(s.stop.ix()).map_or(String::new(), |st| st.name.to_string());
            vec![
                C::Num(g.id.to_string()),
                C::Text(names.name(g.municipality).to_string()),
                C::Text(names.seat_town(g.municipality).to_string()),
                C::Num(l.int(g.n_cells as u64)),
                C::Num(l.int(g.population)),
                C::Text(g.nearest_basic_stop.as_ref().map_or("–".into(), stop_name)),
                C::Num(
                    g.nearest_basic_stop
                        .as_ref()
                        .map_or("–".into(), |s| format!("{} km", l.dec(s.distance_m / 1000.0, 1))),
                ),
            ]
        })
        .collect();
    b.push(Block::Table(headers, rows));

    b
}

/// The weekday service level per cell, the seats and the largest gaps.
fn map(l: &L, study: &Study, run: &CoverageRun) -> Map {
    let (cov, region, cells) = (&run.result, &study.region, &study.cells);
    let mut map = Map {
        title: l.t("Grundläggande resmöjligheter en vardag", "Basic service on a weekday").into(),
        classes: vec![
            (l.t("god (planeringsnivå)", "good (planning level)").into(), RGBColor(0, 104, 55)),
            (l.t("grundläggande", "basic").into(), RGBColor(120, 198, 121)),
            (l.t("närtrafik", "närtrafik").into(), RGBColor(116, 169, 207)),
            (l.t("för få avgångar", "too few departures").into(), RGBColor(253, 174, 97)),
            (l.t("ingen hållplats inom räckhåll", "no stop within reach").into(), RGBColor(215, 48, 39)),
        ],
        legend_title: l.t("Servicenivå", "Service level").into(),
        km: "km".into(),
        ..Default::default()
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
        .chain(cov.gaps.iter().take(5).map(|g| Place {
            at: g.centroid,
            label: format!("#{}", g.id),
            kind: PlaceKind::Marker,
        }))
        .collect();
    map.place_legend = vec![
        (l.t("Centralort", "Municipal seat").into(), PlaceKind::Seat),
        (l.t("Största områdena utan service", "Largest areas without service").into(), PlaceKind::Marker),
    ];
    map
}
