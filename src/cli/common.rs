//! Arguments shared by the commands that read feeds, and the code that loads them.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::date::Date;
use crate::feed::{Feed, LoadOptions};
use crate::timetable::FootpathOptions;

/// Where the shipped sample feed lives, used when no `--gtfs` is given.
pub const DEFAULT_GTFS: &str = "gtfs/kronoberg";
/// The shipped region configuration.
pub const DEFAULT_REGION: &str = "regions/kronoberg.toml";

#[derive(Args, Debug, Clone)]
pub struct FeedArgs {
    /// A GTFS feed: a .zip or a directory. Repeat to merge feeds (ids that collide are kept apart).
    /// Default: the shipped sample, gtfs/kronoberg.
    #[arg(long = "gtfs", value_name = "PATH")]
    pub gtfs: Vec<PathBuf>,
    /// Refuse a zip that unpacks to more than this many bytes (guards against zip bombs).
    #[arg(long, value_name = "BYTES", default_value_t = 4_000_000_000)]
    pub max_unzipped: u64,
    /// Refuse a feed with more stop_times rows than this (a memory budget).
    #[arg(long, value_name = "ROWS", default_value_t = 60_000_000)]
    pub max_stop_times: u64,
    /// Load the feeds from GTFS, not from the network cache (nor write it). The cache is in
    /// $NARHET_CACHE_DIR, else $XDG_CACHE_HOME/narhet, else ~/.cache/narhet.
    #[arg(long)]
    pub no_cache: bool,
    /// Say on stderr whether the network cache was used, and where it is.
    #[arg(short = 'v', long)]
    pub verbose: bool,
}

impl FeedArgs {
    pub fn paths(&self) -> Vec<PathBuf> {
        if self.gtfs.is_empty() { vec![PathBuf::from(DEFAULT_GTFS)] } else { self.gtfs.clone() }
    }

    /// Loads and merges the feeds, printing warnings to stderr.
    pub fn load(&self) -> anyhow::Result<Feed> {
        let opts = LoadOptions { max_uncompressed_bytes: self.max_unzipped, max_stop_times: self.max_stop_times };
        let feed = match crate::feed::Cache::default_location().filter(|_| !self.no_cache) {
            Some(cache) => {
                let (feed, used) = crate::feed::load_cached(&self.paths(), &opts, &cache)?;
                if self.verbose {
                    eprintln!("{used}");
                }
                feed
            }
            None => {
                if self.verbose {
                    eprintln!("network cache: off");
                }
                crate::feed::load(&self.paths(), &opts)?
            }
        };
        for (kind, n, example) in feed.warnings.iter() {
            eprintln!("warning: {kind} ×{n} (first: {example})");
        }
        Ok(feed)
    }
}

#[derive(Args, Debug, Clone)]
pub struct WalkArgs {
    /// Walk between stops up to this straight-line distance, in metres (0: only transfers.txt and
    /// stops of one station).
    #[arg(long, value_name = "M", default_value_t = 500.0)]
    pub walk_radius: f64,
    /// Walking distance = straight line × this detour factor.
    #[arg(long, value_name = "F", default_value_t = 1.3)]
    pub walk_detour: f64,
    /// Walking speed in m/s.
    #[arg(long, value_name = "M/S", default_value_t = 1.3)]
    pub walk_speed: f64,
}

impl WalkArgs {
    /// The walking model between stops; an error names the option out of range.
    pub fn footpaths(&self) -> anyhow::Result<FootpathOptions> {
        if !(self.walk_radius >= 0.0 && self.walk_radius.is_finite()) {
            anyhow::bail!("--walk-radius {}: give 0 or more metres", self.walk_radius);
        }
        let walk = crate::walk::Walk::new(self.walk_speed, self.walk_detour).map_err(|e| {
            let opt = if e.key == "speed_mps" { "--walk-speed" } else { "--walk-detour" };
            anyhow::anyhow!("{opt}: {}", e.message)
        })?;
        Ok(FootpathOptions { radius_m: self.walk_radius, walk })
    }
}

/// Parses a `YYYY-MM-DD` date for clap.
pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("'{s}' is not a date of the form YYYY-MM-DD"))
}

/// The date to analyse: the one given, else the first Tuesday on which the feed runs the most trips
/// within its first weeks (a typical weekday).
pub fn date_or_default(feed: &Feed, date: Option<Date>) -> anyhow::Result<Date> {
    if let Some(d) = date {
        return Ok(d);
    }
    let (start, _) = feed.service_range().context("the feed has no service dates; give --date")?;
    Ok(typical_weekday(feed, start))
}

/// The weekday (Tuesday–Thursday) with the most active trips in the feed's first eight weeks.
pub fn typical_weekday(feed: &Feed, start: Date) -> Date {
    let mut best = (0usize, start);
    for k in 0..56 {
        let d = start.add_days(k);
        if !matches!(d.weekday(), crate::date::Weekday::Tue | crate::date::Weekday::Wed | crate::date::Weekday::Thu) {
            continue;
        }
        let active = feed.active_services(d);
        let n = feed.trips.iter().filter(|t| active[t.service as usize]).count();
        if n > best.0 {
            best = (n, d);
        }
    }
    best.1
}

/// The population grid of a region, as the metrics read it: cells and municipality names (a
/// cell's `municipality` indexes `municipalities`).
#[derive(Debug, Clone, Default)]
pub struct Population {
    pub cells: Vec<crate::spatial::Cell>,
    pub municipalities: Vec<String>,
}

/// Loads the population grid of the region file at `region`.
pub fn load_population(region: &std::path::Path) -> anyhow::Result<Population> {
    let region = crate::region::Region::load(region)?;
    let grid = region.load_population()?;
    Ok(Population { cells: region_cells(&region, &grid), municipalities: region.municipality_names() })
}

/// What `coverage` needs from the region file: the population grid, the municipalities with their
/// seats, the towns, and the coverage settings.
#[derive(Debug, Clone)]
pub struct CoverageInputs {
    pub cells: Vec<crate::spatial::Cell>,
    pub municipalities: Vec<crate::metrics::coverage::Municipality>,
    pub towns: Vec<crate::metrics::coverage::Town>,
    pub params: crate::metrics::coverage::CoverageParams,
}

/// Reads the coverage inputs named by the region file: the population grid, the municipalities
/// with their seats, the towns, and the `[coverage]` settings.
pub fn load_coverage_inputs(region: &std::path::Path) -> anyhow::Result<CoverageInputs> {
    let region = crate::region::Region::load(region)?;
    let grid = region.load_population()?;
    let cells = region_cells(&region, &grid);
    let c = region.coverage_inputs(&cells);
    Ok(CoverageInputs { cells, municipalities: c.municipalities, towns: c.towns, params: c.params })
}

/// The region's populated cells for the metrics, warning about cells left out.
pub fn region_cells(
    region: &crate::region::Region,
    grid: &crate::region::population::PopulationGrid,
) -> Vec<crate::spatial::Cell> {
    let (cells, dropped) = region.metric_cells(grid);
    if dropped > 0 {
        eprintln!("warning: {dropped} population cells lie in no municipality of the region; left out");
    }
    cells
}
