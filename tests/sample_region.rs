//! The shipped region file and its synthetic population grid.
//!
//! Regenerate the grid with `NARHET_REGENERATE=1 cargo test --test suite sample_region::committed`.

use std::path::{Path, PathBuf};

use narhet::region::{
    BasicStops, CareKind, Coverage, DirectionRelativeTo, MetricKind, NodeLevel, PopulationGrid, Region, synth_grid,
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn region() -> Region {
    Region::load(&root().join("regions/kronoberg.toml")).expect("region file loads")
}

#[test]
fn region_file_loads_with_the_reference_facts() {
    let r = region();
    assert_eq!(r.municipalities.len(), 8);
    // County total 203,351 on 31 Dec 2024 [S5].
    let total: u32 = r.municipalities.iter().map(|m| m.population_2024).sum();
    assert_eq!(total, 203_351);
    assert_eq!(r.municipality("0780").map(|m| m.population_2024), Some(98_334));
    assert_eq!(r.core().name, "Växjö");
    // Every seat is a strategic node (the tool's assumption, documented in the file).
    for m in &r.municipalities {
        let t = r.town(&m.seat).expect("seat is a town");
        assert!(t.level <= NodeLevel::StrategicNode, "{}", t.name);
    }
    assert_eq!(r.care.iter().filter(|c| c.kind == CareKind::AcuteHospital).count(), 2);
    let rappe: Vec<_> = r.care.iter().filter(|c| c.kind == CareKind::PlannedHospital).collect();
    assert_eq!(rappe.len(), 1);
    assert!(rappe[0].note.contains("stopped 2023-06-08"));
    // Glesbygdstrafik rule [S48] as the basic-service settings.
    assert_eq!(r.coverage.basic_max_distance_m, Some(1000.0));
    assert_eq!(r.coverage.basic_min_departures_per_direction, Some(2));
    // Node goals fall back to the defaults field by field.
    let g = r.node_goal("Alvesta");
    assert_eq!(g.max_minutes_to_core, Some(20));
    assert_eq!(g.max_minutes_to_acute_hospital, r.goals.node_default.max_minutes_to_acute_hospital);
    // NKI rows from the budget table [B24].
    let nki: Vec<_> = r
        .metrics
        .iter()
        .filter(|m| m.indicator == "Nöjd kund-index (NKI), buss och tåg")
        .map(|m| (m.year, m.kind, m.value))
        .collect();
    assert!(nki.contains(&(Some(2022), MetricKind::Outcome, Some(62.0))));
    assert!(nki.contains(&(Some(2026), MetricKind::Target, Some(73.0))));
    assert!(r.population_grid.as_deref().is_some_and(Path::exists));
    assert!(r.contains(56.8777, 14.8091)); // Växjö
    assert!(!r.contains(56.6634, 16.3568)); // Kalmar
}

#[test]
fn shipped_file_sets_every_coverage_key() {
    // The region's coverage keys default to the metric's `CoverageParams::default()`, which
    // differs from the values below for three keys (planning distance 1000 m and 2 departures,
    // town density 500/km²); the shipped file gives every key, so its output does not depend
    // on those defaults.
    let r = region();
    let want = Coverage {
        basic_max_distance_m: Some(1000.0),
        basic_min_departures_per_direction: Some(2),
        // The literal reading of the Glesbygdstrafik rule [S48]: the nearest stop, the timetable's
        // own directions.
        basic_stops: Some(BasicStops::Nearest),
        direction_relative_to: Some(DirectionRelativeTo::DirectionId),
        planning_max_distance_m: Some(600.0),
        planning_min_departures_per_direction: Some(10),
        town_max_distance_m: Some(1000.0),
        town_min_population: Some(200),
        town_min_density_km2: Some(200.0),
        sparse_max_density_km2: Some(5.0),
    };
    assert_eq!(r.coverage, want);
}

/// The even-odd point-in-polygon the region used before `geo`, as the reference.
fn even_odd(ring: &[[f64; 2]], x: f64, y: f64) -> bool {
    let mut inside = false;
    let mut j = ring.len() - 1;
    for i in 0..ring.len() {
        let ([xi, yi], [xj, yj]) = (ring[i], ring[j]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[test]
fn county_outline_answers_as_before() {
    // A 0.01° grid over the outline's box (13.2–15.9 E, 56.3–57.4 N), shifted off the
    // outline's 0.05° vertices: `geo` and the old even-odd test agree on every point, inside and
    // out. (On the outline itself they differ: a vertex is inside for even-odd by chance, never
    // for `geo`; no output depends on a point exactly on the hand-drawn outline.)
    let r = region();
    let ring = r.extent.ring();
    let (mut inside, mut outside) = (0, 0);
    for i in 0..=270 {
        for j in 0..=110 {
            let (lon, lat) = (13.2003 + i as f64 * 0.01, 56.3004 + j as f64 * 0.01);
            let old = even_odd(ring, lon, lat);
            assert_eq!(r.contains(lat, lon), old, "{lat} {lon}");
            if old { inside += 1 } else { outside += 1 }
        }
    }
    assert!(inside > 10_000 && outside > 5_000, "{inside} {outside}");
}

#[test]
fn typo_in_region_file_names_line_and_suggests_the_key() {
    let text = std::fs::read_to_string(root().join("regions/kronoberg.toml")).unwrap();
    let bad = text.replacen("basic_max_distance_m = 1000", "basic_max_distanse_m = 1000", 1);
    let e = Region::from_str(&bad, Path::new("kronoberg.toml")).unwrap_err();
    let want_line = bad.lines().position(|l| l.starts_with("basic_max_distanse_m")).unwrap() as u64 + 1;
    assert_eq!(e.line, Some(want_line));
    assert_eq!(e.key.as_deref(), Some("basic_max_distanse_m"));
    assert!(e.message.contains("did you mean `basic_max_distance_m`"), "{e}");
    assert!(e.to_string().starts_with("kronoberg.toml, line "));
}

#[test]
fn semantic_errors_name_the_key() {
    let text = std::fs::read_to_string(root().join("regions/kronoberg.toml")).unwrap();
    let bad = text.replacen("seat = \"Åseda\"", "seat = \"Aseda\"", 1);
    let e = Region::from_str(&bad, Path::new("k.toml")).unwrap_err();
    assert_eq!(e.key.as_deref(), Some("municipality[0].seat"));
    assert!(e.line.is_some());
}

#[test]
fn population_grid_totals_equal_the_2024_figures() {
    let r = region();
    let g = r.load_population().unwrap();
    let by = g.total_by_kommun();
    for m in &r.municipalities {
        let k: u16 = m.kommunkod.parse().unwrap();
        assert_eq!(by.get(&k).copied(), Some(m.population_2024 as u64), "{}", m.name);
    }
    assert_eq!(g.total(), 203_351);
    assert!(g.cells.iter().all(|c| c.size_m == 1000 && c.population > 0));
    // The densest cell is in Växjö town.
    let top = g.cells.iter().max_by_key(|c| c.population).unwrap();
    let (lat, lon) = top.centroid_wgs84();
    assert!(narhet::spatial::haversine_m(lat, lon, 56.8777, 14.8091) < 3000.0, "{lat} {lon}");
}

#[test]
fn committed_grid_is_what_the_generator_makes() {
    let r = region();
    let path = r.population_grid.clone().unwrap();
    let fresh = synth_grid::synthesize(&r).to_csv();
    if std::env::var_os("NARHET_REGENERATE").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let old = std::fs::read_to_string(&path).unwrap();
    assert!(old == fresh, "{} differs from the generator; regenerate", path.display());
    assert_eq!(PopulationGrid::parse(&old, "x").unwrap(), synth_grid::synthesize(&r));
}
