//! Metrics computed from the timetable and the population grid; each submodule one metric.
//! They take plain parameter structs, never the region file.

pub mod ptal;
pub mod stops;
