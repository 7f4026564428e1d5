//! `narhet network`: one walk or drive on an OSM extract, for planners who want to see why a
//! time is what it is; and the `--osm` options that `reach` and `report` share.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use std::io::Write;

use super::common::{duration_arg, out_dir, stdout};
use crate::analysis::Study;
use crate::analysis::streets::{DEFAULT_TERMINAL_SECS, Streets, TravelMode, check_trip};
use crate::spatial::{Xy, to_sweref};
use crate::walk::Walk;

/// Check the walking or driving network of an OpenStreetMap extract between two points: the
/// network distance and time, the straight-line distance, and how far each point is from the
/// nearest usable way (walked straight, or driven slowly, and counted). With --out, the path as
/// GeoJSON for QGIS.
///
/// Example: narhet network --osm kronoberg.osm.pbf --from 56.8777,14.8091 --to 56.8550,14.8290 --mode car
#[derive(Args, Debug)]
pub struct NetworkArgs {
    /// An OpenStreetMap extract (.osm.pbf, or a small .osm XML file), e.g. Kronoberg cut out of a Sweden extract.
    #[arg(long, value_name = "FILE")]
    pub osm: PathBuf,
    /// Start, LAT,LON in WGS84 degrees.
    #[arg(long, value_name = "LAT,LON")]
    pub from: String,
    /// End, LAT,LON in WGS84 degrees.
    #[arg(long, value_name = "LAT,LON")]
    pub to: String,
    #[arg(long, value_enum, default_value = "walk")]
    pub mode: ModeArg,
    /// Walking speed in m/s.
    #[arg(long, value_name = "M/S", default_value_t = 1.3)]
    pub walk_speed: f64,
    /// Parking and walking to the door, added to a drive (e.g. 5m).
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub car_terminal: String,
    /// Write the path as GeoJSON (a LineString) to DIR/path.geojson (a folder narhet makes and owns).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModeArg {
    Walk,
    Car,
}

/// `--osm` and the car's terminal time, for `reach`, `report` and `compare`.
#[derive(Args, Debug, Clone)]
pub struct OsmArgs {
    /// An OpenStreetMap extract (.osm.pbf, or a small .osm XML file): walks on its streets and paths, car times on its
    /// roads (restidskvot). Without it walks are straight lines × the detour factor and car
    /// times are estimated from the straight line and labelled "uppskattad".
    #[arg(long, value_name = "FILE")]
    pub osm: Option<PathBuf>,
    /// Parking and walking to the door, added to every car trip (e.g. 5m).
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub car_terminal: String,
}

impl OsmArgs {
    /// The --osm file, if given: an input of the run (its output may not overwrite it).
    pub fn paths(&self) -> Vec<PathBuf> {
        self.osm.iter().cloned().collect()
    }

    /// Loads the networks (from --osm, else the region's `osm`, else none) into the study, which
    /// then walks on them; returns the car's terminal time in seconds.
    pub fn attach(&self, study: &mut Study) -> anyhow::Result<u32> {
        let terminal = terminal_arg(&self.car_terminal)?;
        if let Some(w) = study.load_streets(self.osm.as_deref())? {
            super::common::warn(w)?;
        }
        Ok(terminal)
    }
}

fn terminal_arg(s: &str) -> anyhow::Result<u32> {
    let t = duration_arg("--car-terminal", s, "5m")?;
    anyhow::ensure!(t <= 3600, "--car-terminal '{s}': at most 1h (default {} min)", DEFAULT_TERMINAL_SECS / 60);
    Ok(t)
}

/// `LAT,LON` in degrees, projected to SWEREF 99 TM.
fn point_arg(option: &str, s: &str) -> anyhow::Result<Xy> {
    let parse = || -> Option<(f64, f64)> {
        let (a, b) = s.split_once(',')?;
        let (lat, lon): (f64, f64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
    };
    let (lat, lon) =
        parse().with_context(|| format!("{option} '{s}': expected LAT,LON in degrees, e.g. 56.8777,14.8091"))?;
    Ok(to_sweref(lat, lon))
}

pub fn run(args: &NetworkArgs) -> anyhow::Result<()> {
    let (from, to) = (point_arg("--from", &args.from)?, point_arg("--to", &args.to)?);
    // Fail on an unusable output folder before the work, not after.
    let out = args.out.as_deref().map(|dir| out_dir(dir, "network", std::slice::from_ref(&args.osm))).transpose()?;
    let walk = Walk::new(args.walk_speed, 1.0).map_err(|e| anyhow::anyhow!("--walk-speed: {}", e.message))?;
    let terminal = terminal_arg(&args.car_terminal)?;
    let streets = Streets::load(&args.osm)?;
    let mode = if args.mode == ModeArg::Walk { TravelMode::Walk } else { TravelMode::Car };
    let Some(trip) = check_trip(&streets, mode, from, to, walk, terminal) else {
        anyhow::bail!("the {} network does not connect the two points", mode.network_name());
    };
    let mut text = trip.text(&streets, &args.osm, args.walk_speed);
    if let Some(out) = out {
        out.write("path.geojson", trip.geojson())?;
        let path = out.commit()?;
        text += &format!("Wrote {}/path.geojson\n", path.display());
    }
    let mut w = stdout();
    write!(w, "{text}")?;
    w.flush()?;
    Ok(())
}
