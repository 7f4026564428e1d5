//! Restidskvot goals from the region file (`max_restidskvot_to_core` per node,
//! `min_share_restidskvot_le_1_5_*` per municipality): checked by hand against made-up results,
//! met / not met / not computable, and counted apart from the node and municipality goals.

use std::path::Path;

use narhet::analysis::goals::{GoalCount, NodeMeasures, node_goals};
use narhet::analysis::restidskvot::NodeRatio;
use narhet::analysis::restidskvot_goals::check;
use narhet::metrics::restidskvot::{BandShares, RatioSummary};
use narhet::region::Region;

const REGION: &str = r#"name = "Test"
county_code = "07"
extent = [[14.0, 56.0], [16.0, 56.0], [16.0, 57.5], [14.0, 57.5]]

[[municipality]]
name = "Växjö"
kommunkod = "0780"
seat = "Växjö"
population_2024 = 98334

[[municipality]]
name = "Lessebo"
kommunkod = "0761"
seat = "Lessebo"
population_2024 = 8289

[[town]]
name = "Växjö"
kommunkod = "0780"
lat = 56.8777
lon = 14.8091
population = 66288
level = "regional_core"

[[town]]
name = "Lessebo"
kommunkod = "0761"
lat = 56.75
lon = 15.262
population = 2857
level = "strategic_node"

[[town]]
name = "Kosta"
kommunkod = "0761"
lat = 56.84
lon = 15.39
population = 900
level = "strategic_node"

[[town]]
name = "Hovmantorp"
kommunkod = "0761"
lat = 56.79
lon = 15.14
population = 2000
level = "strategic_node"

[goals.node_default]
max_minutes_to_core = 60
max_restidskvot_to_core = 1.5

[[goals.node]]
town = "Hovmantorp"
max_restidskvot_to_core = 2.0

[[goals.municipality]]
kommunkod = "0780"
min_share_restidskvot_le_1_5_vardcentral = 0.5

[[goals.municipality]]
kommunkod = "0761"
min_share_basic_service = 0.85
min_share_restidskvot_le_1_5_vardcentral = 0.25
min_share_restidskvot_le_1_5_acute_hospital = 0.1
"#;

fn node(town: &str, r: Option<f64>) -> NodeRatio {
    NodeRatio { town: town.into(), municipality: "Lessebo".into(), pt_median_min: None, car_min: None, restidskvot: r }
}

fn shares(area: &str, population: u64, le_1_5: u64) -> BandShares {
    BandShares { area: area.into(), population, le_1_5, ..Default::default() }
}

#[test]
fn goals_met_missed_and_not_computable_by_hand() {
    let region = Region::from_str(REGION, Path::new("t.toml")).unwrap();
    // Nodes: Lessebo 1.26 ≤ 1.5 (default) → met; Hovmantorp 1.9 ≤ 2.0 (its own goal; the default
    // 1.5 would miss) → met; Kosta has no public transport to the core within the limit → no
    // value, not met, not computable.
    let nodes = [node("Lessebo", Some(1.26)), node("Hovmantorp", Some(1.9)), node("Kosta", None)];
    // Vårdcentral: Växjö 500 of 1,000 ≤ 1.5 → 0.5 ≥ 0.5 → met (the bound included); Lessebo
    // 74 of 300 → 0.2467, to three decimals 0.247 < 0.25 → not met. Acute hospital: Lessebo has
    // no inhabitants in this summary → no value, not computable.
    let vc = RatioSummary {
        key: "vardcentral".into(),
        label: "Vårdcentral".into(),
        municipalities: vec![shares("Växjö", 1000, 500), shares("Lessebo", 300, 74)],
        county: shares("county", 1300, 574),
    };
    let acute = RatioSummary {
        key: "acute_hospital".into(),
        label: "Akutsjukhus".into(),
        municipalities: vec![shares("Växjö", 1000, 10), shares("Lessebo", 0, 0)],
        county: shares("county", 1000, 10),
    };
    let g = check(&region, &nodes, &[vc.clone(), acute]);
    let got: Vec<(&str, &str, f64, Option<f64>, bool)> = g
        .nodes
        .iter()
        .chain(&g.municipalities)
        .map(|c| (c.subject.as_str(), c.goal.as_str(), c.target, c.value, c.met))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Lessebo", "restidskvot_to_core", 1.5, Some(1.26), true),
            ("Hovmantorp", "restidskvot_to_core", 2.0, Some(1.9), true),
            ("Kosta", "restidskvot_to_core", 1.5, None, false),
            ("Växjö", "share_restidskvot_le_1_5_vardcentral", 0.5, Some(0.5), true),
            ("Lessebo", "share_restidskvot_le_1_5_vardcentral", 0.25, Some(0.247), false),
            ("Lessebo", "share_restidskvot_le_1_5_acute_hospital", 0.1, None, false),
        ]
    );
    // 3 of 6 met, 2 without a value.
    assert_eq!((g.count, g.not_computable), (GoalCount { met: 3, total: 6 }, 2));
    // A run without the acute group: Lessebo's acute goal has no value either (not computed).
    let g = check(&region, &nodes, &[vc]);
    assert_eq!((g.count, g.not_computable), (GoalCount { met: 3, total: 6 }, 2));
    assert_eq!(g.municipalities[2].value, None);
}

#[test]
fn restidskvot_goals_leave_the_other_goal_counts_alone() {
    let region = Region::from_str(REGION, Path::new("t.toml")).unwrap();
    // Hovmantorp's goals: its own ratio 2.0 and the default 60 min; the node goals check only
    // the minutes (1 goal), never the ratio.
    let goal = region.node_goal("Hovmantorp");
    assert_eq!((goal.max_restidskvot_to_core, goal.max_minutes_to_core), (Some(2.0), Some(60)));
    let m = NodeMeasures { departures_to_core: 0, median_to_core_min: Some(50.0), median_to_acute_min: None };
    let checks = node_goals("Hovmantorp", &goal, &m);
    assert_eq!(checks.iter().map(|c| c.goal.as_str()).collect::<Vec<_>>(), vec!["minutes_to_core"]);
    // Växjö's row sets only a restidskvot goal: no basic-service goal is made of it.
    assert_eq!(region.goals.municipality[0].min_share_basic_service, None);
}

#[test]
fn bad_restidskvot_goals_are_refused_with_file_line_and_key() {
    let refused = |from: &str, to: &str, line: u64, key: &str, msg: &str| {
        let e = Region::from_str(&REGION.replace(from, to), Path::new("t.toml")).expect_err(to);
        assert_eq!((e.line, e.key.as_deref()), (Some(line), Some(key)), "{e}");
        assert!(e.to_string().starts_with(&format!("t.toml, line {line}, key '{key}': ")), "{e}");
        assert!(e.message.contains(msg), "{e}");
    };
    // Line 51: the default's ratio; 0 and 11 are out of (0, 10].
    let k = "goals.node_default.max_restidskvot_to_core";
    refused("max_restidskvot_to_core = 1.5", "max_restidskvot_to_core = 0", 51, k, "0 is not a restidskvot goal");
    refused("max_restidskvot_to_core = 1.5", "max_restidskvot_to_core = 11", 51, k, "at most 10");
    refused(
        "max_restidskvot_to_core = 2.0",
        "max_restidskvot_to_core = nan",
        55,
        "goals.node[0].max_restidskvot_to_core",
        "NaN",
    );
    // Line 59: a share above 1.
    refused(
        "min_share_restidskvot_le_1_5_vardcentral = 0.5",
        "min_share_restidskvot_le_1_5_vardcentral = 50",
        59,
        "goals.municipality[0].min_share_restidskvot_le_1_5_vardcentral",
        "50 is not a share; give a value from 0 to 1",
    );
    // A misspelt key: refused by name.
    let e = Region::from_str(
        &REGION.replace("max_restidskvot_to_core = 2.0", "max_restidskvot = 2.0"),
        Path::new("t.toml"),
    )
    .expect_err("misspelt");
    assert!(e.to_string().contains("max_restidskvot"), "{e}");
}
