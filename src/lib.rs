//! narhet: public transport accessibility for Kronobergs län.
//!
//! Data flows one way: [`feed`] loads GTFS into a merged [`feed::Feed`]; [`timetable`] compacts
//! one service date of it; the router and the metrics read only the timetable (metrics also typed
//! inputs such as the population grid); [`tables`] turns metric results into output tables with
//! ids, names and WGS84 geometry.

pub mod cli;
pub mod date;
pub mod export;
pub mod feed;
pub mod lines;
pub mod metrics;
pub mod numfmt;
pub mod output;
pub mod region;
pub mod report;
pub mod router;
pub mod scenario;
pub mod spatial;
pub mod synth;
pub mod tables;
pub mod text;
pub mod timetable;
pub mod walk;
