//! The report's "Glesa miljöer" part: coverage computed over the region's cells for the analysed
//! weekday and the Saturday and Sunday after it, as blocks, a map, files and goal checks.

use plotters::style::RGBColor;

use crate::date::{Date, Weekday};
use crate::export::{Table, geojson_sorted_string};
use crate::feed::Feed;
use crate::metrics::coverage::{self, AreaClass, Band, CoverageInput, DayTimetables, DayType, Served};
use crate::region::Region;
use crate::report::content::Block;
use crate::report::data::{GoalCheck, ReportData};
use crate::report::figure::render;
use crate::report::figures::Named;
use crate::report::html::Cell as C;
use crate::report::map::{Map, Place, PlaceKind};
use crate::report::text::L;
use crate::spatial::{Cell, to_sweref};
use crate::tables::coverage::{AreaNames, CoverageView};
use crate::timetable::{FootpathOptions, Timetable};

/// What the coverage part adds to the report.
pub struct CoverageOut {
    pub blocks: Vec<Block>,
    pub figures: Vec<Named>,
    /// CSV tables: (path inside the output directory, table).
    pub tables: Vec<(String, Table)>,
    /// (path inside the output directory, content).
    pub files: Vec<(String, String)>,
}

/// The first `day` strictly after `d`.
pub fn next_weekday(d: Date, day: Weekday) -> Date {
    (1..=7).map(|k| d.add_days(k)).find(|x| x.weekday() == day).unwrap_or(d)
}

pub fn add(
    l: &L,
    region: &Region,
    feed: &Feed,
    tt: &Timetable,
    cells: &[Cell],
    date: Date,
    data: &mut ReportData,
) -> anyhow::Result<CoverageOut> {
    let inputs = region.coverage_inputs(cells);
    let fp = FootpathOptions { radius_m: 0.0, ..Default::default() };
    let sat = Timetable::build(feed, next_weekday(date, Weekday::Sat), &fp);
    let sun = Timetable::build(feed, next_weekday(date, Weekday::Sun), &fp);
    let days = DayTimetables { weekday: tt, saturday: Some(&sat), sunday: Some(&sun) };
    let in_demand_area =
        coverage::centroids_in(cells, |lat, lon| feed.demand_areas.iter().any(|a| a.contains(lat, lon)));
    let input = CoverageInput {
        days,
        cells,
        in_demand_area: &in_demand_area,
        municipalities: &inputs.municipalities,
        towns: &inputs.towns,
    };
    let cov = coverage::compute(&input, &inputs.params)?;
    let names = AreaNames { names: region.municipality_names(), seat_towns: inputs.seat_towns.clone() };
    let view = CoverageView { cov: &cov, cells, names: &names, feed };
    let p = &inputs.params;

    // Numbers into the data (metrics.json).
    let wd = &cov.county.days[0].all;
    data.summary.share_pop_basic_service = (wd.population > 0).then(|| wd.basic as f64 / wd.population as f64);
    for g in &region.goals.municipality {
        let Some(min) = g.min_share_basic_service else { continue };
        let Some(m) = g.kommunkod.trim().parse::<u16>().ok().and_then(|k| region.municipality_index(k)) else {
            continue;
        };
        let t = &cov.municipalities[m].days[0].all;
        let value = (t.population > 0).then(|| t.basic as f64 / t.population as f64);
        data.municipality_goals.push(GoalCheck {
            subject: region.municipalities[m].name.clone(),
            goal: "share_basic_service".into(),
            target: min,
            value: value.map(|v| (v * 1000.0).round() / 1000.0),
            met: value.is_some_and(|v| v >= min),
        });
    }
    data.summary.goals_met =
        data.nodes.iter().flat_map(|n| &n.goals).chain(&data.municipality_goals).filter(|g| g.met).count();
    data.summary.goals_total = data.nodes.iter().map(|n| n.goals.len()).sum::<usize>() + data.municipality_goals.len();
    let json = view.summary_json(p)?;
    data.coverage = Some(serde_json::from_str(&json)?);

    // Blocks.
    let mut b = Vec::new();
    b.push(Block::P(format!(
        "{} {} m {} {} {}",
        l.t("Grundläggande resmöjligheter enligt Region Kronobergs regel för Glesbygdstrafik (från 1 mars 2025): en plats saknar grundläggande service när närmaste hållplats ligger minst", "Basic service by Region Kronoberg's rule for Glesbygdstrafik (from 1 March 2025): a place lacks basic service when the nearest stop is at least"),
        l.int(p.max_stop_distance_m as u64),
        l.t("bort, eller när hållplatserna inom det avståndet har färre än", "away, or when the stops within that distance have fewer than"),
        p.min_departures_per_direction,
        l.t("avgångar per riktning (mot och från centralorten) under dagen. Avstånd fågelväg från rutans mitt.", "departures per direction (towards and from the municipal seat) during the day. Straight-line distance from the cell's centre."),
    )));
    let share = |x: u64, of: u64| if of == 0 { "–".to_string() } else { l.pct(x as f64 / of as f64) };
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
    let goal_of = |name: &str| data.municipality_goals.iter().find(|g| g.subject == name);
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
    let mut rows: Vec<Vec<C>> = (cov.municipalities.iter().enumerate())
        .map(|(m, a)| (names.name(m as u16), a))
        .chain(std::iter::once(("County", &cov.county)))
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
            let stop_name =
                |s: &coverage::NearStop| feed.stops.get(s.stop.ix()).map_or(String::new(), |st| st.name.clone());
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

    // Map.
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
    let figures =
        vec![Named { name: "karta_tackning".into(), caption: map.title.clone(), figure: render(1000, 820, &map)? }];

    let tables = vec![
        ("tables/tackning_kommuner.csv".to_string(), view.municipalities_table()),
        ("tables/tackning_rutor.csv".to_string(), view.cells_table()),
        ("tables/narttrafik_kandidater.csv".to_string(), view.gaps_table()),
    ];
    let geojson = |(t, g): (Table, Vec<_>)| geojson_sorted_string(&t, &g);
    let files = vec![
        ("layers/tackning_rutor.geojson".to_string(), geojson(view.cells_layer())?),
        ("layers/narttrafik_kandidater.geojson".to_string(), geojson(view.gaps_layer())?),
        ("layers/narttrafik_kandidater_punkter.geojson".to_string(), geojson(view.gap_points_layer())?),
    ];
    Ok(CoverageOut { blocks: b, figures, tables, files })
}
