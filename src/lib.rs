//! narhet: public transport accessibility for Kronobergs län.
//!
//! Data flows one way: [`feed`] loads GTFS into a merged [`feed::Feed`]; [`timetable`] compacts
//! one service date of it; the router and the metrics read only the timetable.

pub mod date;
pub mod feed;
pub mod spatial;
pub mod synth;
pub mod timetable;
