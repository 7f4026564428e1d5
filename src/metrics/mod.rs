//! Metrics computed from the timetable and the population grid; each submodule one metric; they take plain parameter structs, never the region file.

pub mod coverage;
