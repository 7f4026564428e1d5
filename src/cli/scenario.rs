//! `narhet scenario`: work with scenario files; `apply` writes the edited network as GTFS.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::common::{DEFAULT_REGION, FeedArgs, out_dir, stdout};
use crate::region::Region;
use crate::scenario::{Scenario, write_gtfs};

/// Scenario files: edits to the loaded network (see regions/kronoberg/scenarios/).
///
/// Example: narhet scenario apply regions/kronoberg/scenarios/landsbygdslinje-dubbel-turtathet.toml --out out/scenario-gtfs
#[derive(Args, Debug)]
pub struct ScenarioArgs {
    #[command(subcommand)]
    pub command: ScenarioCommand,
}

#[derive(Subcommand, Debug)]
pub enum ScenarioCommand {
    Apply(ApplyArgs),
}

/// Applies a scenario to the loaded feed and writes the edited network as a GTFS feed folder
/// (deterministic; it loads with zero warnings). Care-node and goal edits change the region
/// only and are not part of the GTFS.
///
/// Example: narhet scenario apply regions/kronoberg/scenarios/alvesta-rappe-direktlinje.toml --out out/scenario-gtfs
#[derive(Args, Debug)]
pub struct ApplyArgs {
    /// The scenario file (TOML).
    pub file: PathBuf,
    /// Region file (needed when the scenario edits care nodes or goals).
    #[arg(long, default_value = DEFAULT_REGION)]
    pub region: PathBuf,
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Output folder for the GTFS files (replaced only if an earlier `narhet scenario apply`
    /// made it).
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: &ScenarioArgs) -> anyhow::Result<()> {
    match &args.command {
        ScenarioCommand::Apply(a) => apply(a),
    }
}

fn apply(args: &ApplyArgs) -> anyhow::Result<()> {
    let scenario = Scenario::load(&args.file)?;
    let region = Region::load(&args.region)?;
    let inputs = [args.feed.paths(), scenario.input_files(), vec![region.source.clone()]].concat();
    let out = out_dir(&args.out, "scenario apply", &inputs)?;
    let before = args.feed.load()?;
    let (routes, trips, stops) = (before.routes.len(), before.trips.len(), before.stops.len());
    // Care-node and goal edits change only the region, which is not part of the GTFS.
    let (feed, _region) = scenario.apply(&before, &region)?;
    let publisher = format!("narhet scenario: {}", scenario.meta.name);
    let tables = write_gtfs::to_gtfs(&feed, &publisher);
    for (name, body) in &tables {
        out.write(name, body)?;
    }
    let path = out.commit()?;
    let n = scenario.modifications.len();
    let mut w = stdout();
    writeln!(
        w,
        "{}: {n} {} · linjer {routes} → {} · turer {trips} → {} · hållplatser {stops} → {} · {}",
        scenario.meta.name,
        if n == 1 { "ändring" } else { "ändringar" },
        feed.routes.len(),
        feed.trips.len(),
        feed.stops.len(),
        path.display()
    )?;
    w.flush()?;
    Ok(())
}
