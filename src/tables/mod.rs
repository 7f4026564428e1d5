//! Presentation of metric results: typed results (keyed by stop index or cell index) turned into
//! [`crate::export::Table`]s with ids, names and WGS84 geometry, and into the text and JSON
//! summaries the commands print. The only layer between metrics and output that may read the
//! [`Feed`](crate::feed::Feed) — for ids and names, never to compute.
//!
//! Depends on `metrics`, `feed`, `timetable` (indices), `spatial` and `export`; must not depend
//! on `cli`, `report`, `region` or `analysis`: those call it.

pub mod coverage;
pub mod ptal;
pub mod stops;

/// The name of municipality `m`, or `#m` when `names` has none.
pub fn municipality_name(names: &[String], m: u16) -> String {
    names.get(m as usize).cloned().unwrap_or_else(|| format!("#{m}"))
}
