//! narhet: public transport accessibility for Kronobergs län.
//!
//! Data flows one way, and a module imports only from the modules above it in this list:
//!
//! 1. [`feed`] loads GTFS into a merged [`feed::Feed`] (the only user of `gtfs-structures`);
//! 2. [`timetable`] compacts one service date of it into flat arrays with typed indices;
//! 3. [`router`] runs RAPTOR on the timetable — it depends on `timetable` and `date` only;
//! 4. [`metrics`] compute from the timetable and typed inputs; they never read the region file;
//! 5. [`analysis`], the application layer, turns a [`region::Region`], a feed and a date into the
//!    metrics' inputs, runs them, and owns the walking model choice, the date policy, the "stops
//!    near a point" index and the goal checks;
//! 6. [`tables`] turns metric results into output tables with ids, names and WGS84 geometry;
//!    [`report`] (the content model, HTML, Markdown, figures, the `compare` page) presents what
//!    `analysis` computed;
//! 7. [`cli`] holds the argument types and short `run` functions; only `main.rs` uses it.
//!
//! Beside the flow: [`region`] is configuration only (the region file and the population grid)
//! and imports none of `metrics`, `analysis`, `report` or `cli`; [`scenario`] edits a feed and a
//! region; [`lines`] builds GTFS from line definitions. Base modules anyone may use: [`date`],
//! [`spatial`], [`walk`], [`text`], [`numfmt`], [`export`], [`output`]. No library type derives a
//! command-line trait: `cli` has its own argument enums and maps them.

pub mod analysis;
pub mod cli;
pub mod date;
pub mod export;
pub mod feed;
pub mod gtfs_write;
pub mod lines;
pub mod metrics;
pub mod numfmt;
pub mod output;
pub mod region;
pub mod report;
pub mod router;
pub mod scenario;
pub mod spatial;
pub mod tables;
pub mod text;
pub mod timetable;
pub mod walk;
