//! Metrics computed from the timetable and the population grid; each submodule one metric.
//! They take plain parameter structs and typed inputs, never the region file and never the feed,
//! and return typed results keyed by stop, cell or municipality index (no ids or names); the
//! output tables are made by [`crate::tables`]. Depends on `timetable`, `router`, `spatial`,
//! `walk` and `date` only.

pub mod appointments;
pub mod arrive_by;
pub mod coverage;
pub mod equity;
pub mod kolada;
pub mod nodes;
pub mod ptal;
pub mod reach;
pub mod reach_summary;
pub mod restidskvot;
pub mod stops;
