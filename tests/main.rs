//! narhet's integration tests, one module per file beside this one, built as **one** test
//! binary (`autotests = false`, `[[test]] suite` in `Cargo.toml`): 31 binaries each compiled
//! and linked against every dependency cost the README's `cargo test --release` about 55 s of
//! CPU on a fresh clone; one binary links once. Run one file's tests by its module name:
//! `cargo test --release --test suite real_data::`. `architecture::every_test_file_is_a_module`
//! checks that no file here is left out.

mod common;

mod appointments;
mod architecture;
mod arrive_by;
mod compare;
mod coverage;
mod feed_load;
mod kolada;
mod limits;
mod network_osm;
mod network_osm_xml;
mod network_phast;
mod nodes;
mod output_safety;
mod profile;
mod reach;
mod real_data;
mod region_checks;
mod report;
mod restidskvot_core;
mod restidskvot_goals;
mod robustness;
mod router_csa;
mod router_journeys;
mod sample_feed;
mod sample_region;
mod scenario;
mod stops;
mod swedish_feeds;
mod synth;
mod transfer_rules_real;
mod wheelchair;
