//! Arguments shared by the commands (feeds, walking, dates, windows, formats), the code that
//! loads feeds and regions and prints their warnings, and the two ways a command's results leave
//! it: standard output ([`stdout`]) and an output folder ([`out_dir`]).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use crate::analysis::Study;
use crate::analysis::dates::{check_date, date_or_default};
use crate::analysis::reach::ReachOptions;
use crate::date::{Date, WindowError, parse_duration, parse_window};
use crate::export::Format;
use crate::feed::{Feed, LoadOptions};
use crate::output::OutDir;
use crate::timetable::{Access, FootpathOptions};

/// Where the shipped sample feed lives, used when no `--gtfs` is given.
pub const DEFAULT_GTFS: &str = "gtfs/kronoberg";
/// The shipped region configuration.
pub const DEFAULT_REGION: &str = "regions/kronoberg.toml";

#[derive(Args, Debug, Clone)]
pub struct FeedArgs {
    /// A GTFS feed: a .zip or a directory. Repeat to merge feeds (a stop id two feeds share is one
    /// stop when they lie within 50 m; other ids that collide are kept apart).
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

    /// Loads the feeds as [`FeedArgs::load`] does and warns of stops outside the study's region.
    pub fn load_for(&self, study: &Study) -> anyhow::Result<Feed> {
        let feed = self.load()?;
        if let Some(w) = crate::analysis::sanity::stops_outside(&feed, &study.region) {
            warn(w)?;
        }
        Ok(feed)
    }

    /// A load error, with the command that lists every problem of the feeds.
    fn refused(&self, e: impl std::fmt::Display) -> anyhow::Error {
        let gtfs: Vec<String> = self.paths().iter().map(|p| format!("--gtfs {}", p.display())).collect();
        anyhow::anyhow!("{e}\n(run `narhet validate {}` to list every problem of the feed)", gtfs.join(" "))
    }

    /// Loads and merges the feeds, printing warnings to stderr.
    pub fn load(&self) -> anyhow::Result<Feed> {
        let opts = LoadOptions { max_uncompressed_bytes: self.max_unzipped, max_stop_times: self.max_stop_times };
        let feed = match crate::feed::Cache::default_location().filter(|_| !self.no_cache) {
            Some(cache) => {
                let (feed, used) =
                    crate::feed::load_cached(&self.paths(), &opts, &cache).map_err(|e| self.refused(e))?;
                if self.verbose {
                    note(&used);
                }
                feed
            }
            None => {
                if self.verbose {
                    note("network cache: off");
                }
                crate::feed::load(&self.paths(), &opts).map_err(|e| self.refused(e))?
            }
        };
        for (kind, n, example) in feed.warnings.iter() {
            warn(format_args!("{kind} ×{n} (first: {example})"))?;
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
    /// An OpenStreetMap extract (.osm.pbf, or a small .osm XML file): walks between stops on its streets and paths
    /// (between stops within --walk-radius in a straight line; the detour factor is not used).
    #[arg(long, value_name = "FILE")]
    pub osm: Option<PathBuf>,
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
        let paths = self.osm.as_deref().map(crate::analysis::walking::load_paths).transpose()?;
        Ok(FootpathOptions { radius_m: self.walk_radius, walk, paths })
    }
}

/// Who travels: `--wheelchair` and what an accessibility value left empty counts as.
#[derive(Args, Debug, Clone, Default)]
pub struct AccessArgs {
    /// Wheelchair-accessible journeys only: trips with wheelchair_accessible 1, boarding and
    /// alighting only at stops with wheelchair_boarding 1 (a platform's empty value taken from its
    /// station; 2 is never accessible).
    #[arg(long)]
    pub wheelchair: bool,
    /// With --wheelchair: what an empty or 0 wheelchair_boarding / wheelchair_accessible counts
    /// as.
    #[arg(long, value_enum, value_name = "AS", default_value = "not-accessible", requires = "wheelchair")]
    pub wheelchair_unknown: UnknownArg,
}

/// How unknown wheelchair access counts.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum UnknownArg {
    #[default]
    NotAccessible,
    Accessible,
}

impl AccessArgs {
    /// The traveller the timetable is built for.
    pub fn access(&self) -> Access {
        match self.wheelchair {
            false => Access::Everyone,
            true => Access::Wheelchair { unknown_accessible: self.wheelchair_unknown == UnknownArg::Accessible },
        }
    }
}

/// The travel-time settings of reach, report and compare: the limit and the change time.
#[derive(Args, Debug, Clone)]
pub struct TravelArgs {
    /// Travel-time limit, e.g. 120m or 2h: a journey that takes longer is none — the place is
    /// "not reached" at that departure minute (as R5's maximum trip duration).
    #[arg(long, default_value = "120m")]
    pub limit: String,
    /// Seconds needed to change vehicles at the same stop (and the least a move to another stop
    /// between two rides takes); transfers.txt rows may set their own. Default: the region's
    /// [routing] min_change_s, else 120.
    #[arg(long, value_name = "S")]
    pub min_change: Option<u32>,
}

impl TravelArgs {
    /// Reach options for the departure `window` and the optional stay before the trip home.
    pub fn options(&self, window: (u32, u32), return_after: Option<u32>) -> anyhow::Result<ReachOptions> {
        let limit = duration_arg("--limit", &self.limit, "120m or 2h")?;
        if limit == 0 {
            bail!("--limit '{}': give a duration above 0, e.g. 120m", self.limit);
        }
        Ok(ReachOptions { window, limit_secs: Some(limit), return_after, min_change_secs: self.min_change })
    }
}

/// The service day to analyse: `date` if given (an error, exit 2, when it lies outside the
/// feed's service period), else a typical weekday of the feed. Its warnings — no trips, far
/// fewer than a typical weekday, and for a `weekday_analysis` a weekend, holiday or holiday
/// eve — go to stderr.
pub fn pick_date(feed: &Feed, date: Option<Date>, weekday_analysis: bool) -> anyhow::Result<Date> {
    let d = date_or_default(feed, date)?;
    for w in check_date(feed, d, weekday_analysis).warnings {
        warn(w.en(d))?;
    }
    Ok(d)
}

/// Parses a `YYYY-MM-DD` date for clap.
pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("'{s}' is not a date of the form YYYY-MM-DD"))
}

/// The `--window` of reach, report and compare as seconds since midnight: departure minutes
/// from the start up to, not including, the end.
pub fn window_arg(s: &str) -> anyhow::Result<(u32, u32)> {
    match parse_window(s) {
        Ok((a, b)) if a < b => Ok((a, b)),
        Ok(_) => bail!("--window '{s}': expected HH:MM-HH:MM with the start before the end"),
        Err(WindowError::NoDash) => bail!("--window '{s}': expected HH:MM-HH:MM"),
        Err(_) => bail!("--window '{s}': expected HH:MM-HH:MM with the start before the end"),
    }
}

/// A duration option (`--limit`, `--return-after`) in seconds; `example` shows the form.
pub fn duration_arg(option: &str, s: &str, example: &str) -> anyhow::Result<u32> {
    parse_duration(s).with_context(|| format!("{option} '{s}': expected e.g. {example}"))
}

/// Loads the region file and its population grid, printing warnings to stderr.
pub fn load_study(region: &Path) -> anyhow::Result<Study> {
    let study = Study::load(region)?;
    for w in &study.warnings {
        warn(w)?;
    }
    Ok(study)
}

/// `--format` of the table commands.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatArg {
    Csv,
    Json,
    Geojson,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Geojson => Format::Geojson,
        }
    }
}

/// A command's results on standard output: locked and buffered. Write with `write!`/`writeln!`
/// and `?`, and `flush()?` at the end: a reader that stops early (`narhet reach | head`) then
/// ends the command with a broken-pipe error, which `main` turns into a quiet exit 0 — never
/// the panic of `print!`.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

/// Whether warnings are errors (`--strict`); set once by [`super::run`].
static STRICT: AtomicBool = AtomicBool::new(false);

/// Makes every later [`warn`] an error (`--strict`).
pub fn set_strict(on: bool) {
    STRICT.store(on, Ordering::Relaxed);
}

/// Whether `--strict` was given.
pub fn is_strict() -> bool {
    STRICT.load(Ordering::Relaxed)
}

/// A warning on standard error (`warning: …`; a closed standard error is ignored). With
/// `--strict` it is an error instead: the command stops before writing anything (exit 2), so a
/// scheduled run never publishes figures from input it would only have warned about.
pub fn warn(msg: impl std::fmt::Display) -> anyhow::Result<()> {
    if is_strict() {
        bail!("{msg}\n(--strict: warnings are errors; run without --strict to continue past it)");
    }
    let _ = writeln!(io::stderr(), "warning: {msg}");
    Ok(())
}

/// A note on standard error (what was written where, the date chosen); a closed standard error
/// is ignored.
pub fn note(msg: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "{msg}");
}

/// Starts writing the output folder `out` of the command `kind` (see [`crate::output`]):
/// refused before any work when it is not narhet's, is another command's, or is, holds or lies
/// inside one of `inputs`.
pub fn out_dir(out: &Path, kind: &'static str, inputs: &[PathBuf]) -> anyhow::Result<OutDir> {
    let ext = out.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    if ext.is_some_and(|e| ["csv", "json", "geojson", "txt", "html", "md", "zip", "toml"].contains(&e.as_str())) {
        bail!(
            "--out {}: names a folder, which the command writes its files into, not a file; give e.g. --out out/{}",
            out.display(),
            kind.replace(' ', "-")
        );
    }
    Ok(OutDir::create(out, kind, inputs)?)
}
