//! Metrics computed from the timetable and the population grid; each submodule one metric.
//! They take plain parameter structs, never the region file.

pub mod coverage;
pub mod nodes;
pub mod ptal;
pub mod reach;
pub mod reach_summary;
pub mod stops;
