//! `narhet compare`: two networks side by side — two timetables on their dates (before and after
//! a tidtabellsskifte, a winter and a summer day) or one feed and a scenario's edit of it — with
//! the report's measures on both, their differences and the cost side, written as HTML,
//! Markdown, JSON, Excel and GeoJSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;

use super::common::{
    DEFAULT_REGION, FeedArgs, TravelArgs, load_study, out_dir, parse_date, pick_date, stdout, window_arg,
};
use super::report::LangArg;
use crate::analysis::assess::{Assessment, assess};
use crate::analysis::compare::{ScenarioInfo, Side, SideInfo, Sides, cells_table, compare_data};
use crate::analysis::reach::ReachOptions;
use crate::analysis::{Network, Study};
use crate::date::Date;
use crate::feed::Feed;
use crate::report::compare_page::{MapSide, build, text_summary};
use crate::report::text::L;
use crate::scenario::Scenario;

/// Compares two networks with the report's measures: service per stop, route and municipality,
/// reach to care, coverage and Glesbygdstrafik, goals of both kinds, restidskvot and cost.
///
/// Two sides, each a feed (or several merged) on a date, optionally with a scenario applied:
/// --before-gtfs/--before-date/--before-scenario and --after-gtfs/--after-date/--after-scenario.
/// A side without its own feed takes --gtfs (default: the sample), without a date --date
/// (default: a typical weekday of its feed). --scenario S is --after-scenario S: today's
/// network against the scenario, same feed, same date.
///
/// Output (in --out, default out/compare): compare.html, compare.md, compare.json (before, after
/// and difference of every measure), compare.xlsx, figures/*.png (change maps),
/// cells_change.geojson (minutes per cell to each care group before and after) and
/// stops_change.geojson (each changed stop) for QGIS. A short summary is printed.
///
/// Examples:
///   narhet compare --scenario regions/kronoberg/scenarios/alvesta-rappe-direktlinje.toml
///   narhet compare --before-gtfs krono-2026-06.zip --after-gtfs krono-2026-08.zip
///   narhet compare --gtfs krono.zip --before-date 2026-05-12 --after-date 2026-07-14
#[derive(Args, Debug)]
pub struct CompareArgs {
    /// A scenario applied to the after side (same as --after-scenario).
    #[arg(long, conflicts_with = "after_scenario")]
    pub scenario: Option<PathBuf>,
    /// The before side's feeds (repeat to merge); default --gtfs.
    #[arg(long, value_name = "PATH")]
    pub before_gtfs: Vec<PathBuf>,
    /// The after side's feeds (repeat to merge); default the before side's.
    #[arg(long, value_name = "PATH")]
    pub after_gtfs: Vec<PathBuf>,
    /// The before side's service date (YYYY-MM-DD); default --date.
    #[arg(long, value_parser = parse_date)]
    pub before_date: Option<Date>,
    /// The after side's service date; default --date, else the before side's date on the same
    /// feed, else a typical weekday of the after feed.
    #[arg(long, value_parser = parse_date)]
    pub after_date: Option<Date>,
    /// A scenario applied to the before side.
    #[arg(long)]
    pub before_scenario: Option<PathBuf>,
    /// A scenario applied to the after side.
    #[arg(long)]
    pub after_scenario: Option<PathBuf>,
    /// Region file (municipalities, towns, goals, care nodes, population grid); both sides.
    #[arg(long, default_value = DEFAULT_REGION)]
    pub region: PathBuf,
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Service date of both sides (YYYY-MM-DD) unless --before-date/--after-date.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Output folder (replaced only if an earlier `narhet compare` made it).
    #[arg(long, default_value = "out/compare")]
    pub out: PathBuf,
    /// Language of the page and the summary.
    #[arg(long, value_enum, default_value = "sv")]
    pub lang: LangArg,
    /// Morning departure window for travel times, HH:MM-HH:MM (from the start up to, not
    /// including, the end).
    #[arg(long, default_value = "07:00-09:00")]
    pub window: String,
    #[command(flatten)]
    pub travel: TravelArgs,
    #[command(flatten)]
    pub osm: super::network::OsmArgs,
}

pub fn run(args: &CompareArgs) -> anyhow::Result<()> {
    let t0 = Instant::now();
    let l = L(args.lang.into());
    let mut study = load_study(&args.region)?;
    let pb = if args.before_gtfs.is_empty() { args.feed.paths() } else { args.before_gtfs.clone() };
    let pa = if args.after_gtfs.is_empty() { pb.clone() } else { args.after_gtfs.clone() };
    let sc_a = args.after_scenario.as_ref().or(args.scenario.as_ref());
    let (sb, sa) = (load_scenario(args.before_scenario.as_deref())?, load_scenario(sc_a.map(|p| p.as_path()))?);
    let scen_files = sb.iter().chain(&sa).flat_map(|s| s.input_files());
    let inputs = [pb.clone(), pa.clone(), study.input_files(), scen_files.collect(), args.osm.paths()].concat();
    let out = out_dir(&args.out, "compare", &inputs)?;
    let terminal = args.osm.attach(&mut study)?;
    let feed_b = FeedArgs { gtfs: pb.clone(), ..args.feed.clone() }.load_for(&study)?;
    let own_a =
        if pa == pb { None } else { Some(FeedArgs { gtfs: pa.clone(), ..args.feed.clone() }.load_for(&study)?) };
    let feed_a = own_a.as_ref().unwrap_or(&feed_b);
    let date_b = pick_date(&feed_b, args.before_date.or(args.date), true)?;
    let date_a = match args.after_date.or(args.date) {
        None if own_a.is_none() => date_b,
        d => pick_date(feed_a, d, true)?,
    };
    let (ed_b, st_b, info_b) = prepare(&study, (&feed_b, &pb), date_b, sb.as_ref())?;
    let (ed_a, st_a, info_a) = prepare(&study, (feed_a, &pa), date_a, sa.as_ref())?;
    let (fb, fa) = (ed_b.as_ref().unwrap_or(&feed_b), ed_a.as_ref().unwrap_or(feed_a));
    let opts = args.travel.options(window_arg(&args.window)?, None)?;
    let (net_b, a_b) = assess_side(terminal, &st_b, fb, date_b, &opts)?;
    let (net_a, a_a) = assess_side(terminal, &st_a, fa, date_a, &opts)?;
    let sides = Sides {
        before: Side { study: &st_b, feed: fb, date: date_b, assessment: &a_b },
        after: Side { study: &st_a, feed: fa, date: date_a, assessment: &a_a },
    };
    let data = compare_data([info_b, info_a], &sides, [opts.window.0, opts.window.1]);
    let page = build(&l, &data, &MapSide { study: &st_a, net: &net_a, before: &a_b, after: &a_a })?;
    drop(net_b);
    crate::report::compare_files::write(&out, &l, &page, &data, &cells_table(&sides, &data.groups_compared))?;
    let path = out.commit()?;
    let mut w = stdout();
    write!(w, "{}", text_summary(&l, &data))?;
    writeln!(
        w,
        "{}: {}/compare.html · {:.1} s",
        l.t("Skrivet", "Written"),
        path.display(),
        t0.elapsed().as_secs_f64()
    )?;
    w.flush()?;
    Ok(())
}

fn load_scenario(path: Option<&Path>) -> anyhow::Result<Option<Scenario>> {
    Ok(match path {
        Some(p) => Some(Scenario::load(p)?),
        None => None,
    })
}

/// A side's study on its date and, with a scenario, its edited feed (the region's care-node and
/// goal edits applied before the date's closures).
fn prepare(
    study: &Study,
    (feed, paths): (&Feed, &[PathBuf]),
    date: Date,
    scenario: Option<&Scenario>,
) -> anyhow::Result<(Option<Feed>, Study, SideInfo)> {
    let (edited, full) = match scenario {
        Some(s) => {
            let (f, r) = s.apply(feed, &study.region)?;
            (
                Some(f),
                Study {
                    borders: study.borders.clone(),
                    streets: study.streets.clone(),
                    ..Study::new(r, study.cells.clone())
                },
            )
        }
        None => (None, study.clone()),
    };
    let info = SideInfo {
        feeds: paths.iter().map(|p| p.display().to_string()).collect(),
        date: date.to_string(),
        scenario: scenario.map(ScenarioInfo::of),
        care_closed: full.region.care.iter().filter(|c| !c.open_on(date)).map(|c| c.name.clone()).collect(),
    };
    Ok((edited, full.on_date(date), info))
}

/// The report's assessment of one side: reach, nodes, coverage and restidskvot.
fn assess_side<'a>(
    terminal: u32,
    study: &Study,
    feed: &'a Feed,
    date: Date,
    opts: &ReachOptions,
) -> anyhow::Result<(Network<'a>, Assessment)> {
    let (bar, tick) = super::progress::counter("restider");
    let net = Network::build(feed, date, &study.footpaths());
    let mut a = assess(study, &net, opts, &tick)?;
    bar.finish_and_clear();
    a.add_coverage(study, &net)?;
    a.add_restidskvot(study, study.streets.as_deref(), terminal);
    Ok((net, a))
}
