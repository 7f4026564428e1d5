//! `narhet validate`: every problem of the feeds, grouped and counted; exit 2 on errors.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::common::{DEFAULT_REGION, FeedArgs, is_strict, note, stdout};
use crate::analysis::validate::{render, run as validate, to_json};
use crate::feed::LoadOptions;
use crate::region::Region;

/// Reads every file of the feeds to the end and lists every problem found — file, line, field
/// and a short reason — grouped and counted by kind, errors apart from warnings. Errors are what
/// makes the other commands refuse the feed; warnings are rows they skip (e.g. transfers naming
/// stops or trips outside the feed) or service they count apart (booking-required trips).
/// Exits 2 when there are errors (with `--strict`, also when there are warnings).
///
/// Example: narhet validate --gtfs ../shared/data/raw/se-rail-2025
#[derive(Args, Debug)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Region file: stops far outside it are reported. Skipped if it cannot be read.
    #[arg(long, default_value = DEFAULT_REGION)]
    pub region: PathBuf,
    /// List every problem of each kind (default: the first 10 of each).
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: super::summary::Format,
}

pub fn run(args: &ValidateArgs) -> anyhow::Result<()> {
    let f = &args.feed;
    let opts = LoadOptions { max_uncompressed_bytes: f.max_unzipped, max_stop_times: f.max_stop_times };
    let region = match Region::load(&args.region) {
        Ok(r) => Some(r),
        Err(e) => {
            note(format_args!("note: no region check ({e})"));
            None
        }
    };
    let v = validate(&f.paths(), &opts, region.as_ref());
    let mut w = stdout();
    match args.format {
        super::summary::Format::Json => writeln!(w, "{}", serde_json::to_string_pretty(&to_json(&v))?)?,
        super::summary::Format::Text => write!(w, "{}", render(&v, (!args.all).then_some(10)))?,
    }
    w.flush()?;
    if v.errors() > 0 {
        anyhow::bail!("{} errors in the feed", v.errors());
    }
    if v.warnings() > 0 && is_strict() {
        anyhow::bail!("{} warnings in the feed (--strict: warnings are errors)", v.warnings());
    }
    Ok(())
}
