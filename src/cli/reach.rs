//! `narhet reach`: travel times from every populated cell and town to the nearest care node of
//! each kind, over a departure window, with the trip home.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::common::{
    DEFAULT_REGION, FeedArgs, FormatArg, TravelArgs, duration_arg, load_study, out_dir, parse_date, pick_date, stdout,
    window_arg,
};
use anyhow::Context;

use crate::analysis::Study;
use crate::analysis::appointments::{AppointmentRun, appointments_for, parse_appointment, run_appointments};
use crate::analysis::arrive_by::run_arrive_by;
use crate::analysis::inputs::dest_groups;
use crate::analysis::reach::{ReachRun, equity_table, origin_table, run_reach_and_core, summary_json, text_summary};
use crate::analysis::restidskvot::run_restidskvot;
use crate::analysis::travellers::Traveller;
use crate::date::{Date, parse_time};
use crate::export::{Format, Geometry, Table, table_to_string};
use crate::feed::Feed;
use crate::output::OutDir;
use crate::timetable::{Booking, Timetable};

/// Travel times by public transport and on foot from every populated grid cell and every town of
/// the region to the nearest vårdcentral, acute hospital and planned (what-if) hospital — min,
/// p25, median, p75, max over the departure window and the share of minutes within the limit —
/// and, with --return-after, whether and when the traveller gets home the same day.
///
/// With --out DIR it writes cells.csv, cells.geojson (polygons for QGIS), towns.csv and
/// summary.json, and prints the county summary; without, it prints the towns table.
///
/// Example: narhet reach --date 2026-11-24 --window 07:00-09:00 --return-after 2h --out out/reach
#[derive(Args, Debug)]
pub struct ReachArgs {
    /// Region file (municipalities, towns, care nodes, population grid).
    #[arg(long, default_value = DEFAULT_REGION)]
    pub region: PathBuf,
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Service date (YYYY-MM-DD); default: a typical weekday of the feed.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Departure window from home, HH:MM-HH:MM: one departure a minute from the start up to, not
    /// including, the end (07:00-09:00 is 120 minutes, 07:00 to 08:59, as in Conveyal R5).
    #[arg(long, default_value = "07:00-09:00")]
    pub window: String,
    /// Destinations: a kind (vardcentral, acute_hospital, planned_hospital) or a care node's
    /// name (prefix). Repeatable. Default: every kind the region has.
    #[arg(long = "to", value_name = "KIND_OR_NAME")]
    pub to: Vec<String>,
    /// Arrive by HH:MM (one arrival minute) or by every minute of HH:MM-HH:MM instead of
    /// leaving in --window: the latest departure from home in time, its travel time (arrival,
    /// rounded up to the minute, − departure; the limit applies to it) and the time set aside
    /// (the arrival minute − departure).
    #[arg(long, value_name = "HH:MM[-HH:MM]", conflicts_with = "return_after")]
    pub arrive_by: Option<String>,
    /// Time spent at the care node before going home, e.g. 2h or 90m.
    #[arg(long, value_name = "DURATION")]
    pub return_after: Option<String>,
    /// Appointments too: is a visit at HH:MM (or at any slot every 15 min of HH:MM-HH:MM)
    /// feasible — there by the time, home by 24:00 after --stay, each way at most the limit —
    /// with when to leave home, when one is home and the time away; "region": the region
    /// file's [appointments] per care kind.
    #[arg(long, value_name = "HH:MM[-HH:MM]|region", conflicts_with = "arrive_by")]
    pub appointment: Option<String>,
    /// The stay at the care node for --appointment, e.g. 1h or 90m (overrides the region's).
    #[arg(long, value_name = "DURATION", requires = "appointment")]
    pub stay: Option<String>,
    #[command(flatten)]
    pub travel: TravelArgs,
    /// Output format when printing to stdout (without --out).
    #[arg(long, value_enum, default_value = "csv")]
    pub format: FormatArg,
    /// Write all outputs into this folder (replaced only if an earlier `narhet reach` made it).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Ride booking-required service too (on-demand trips: pickup_type 2, route types 715/717/1501,
    /// GTFS-Flex booking rules). Default: fixed-route service only.
    #[arg(long)]
    pub include_booking: bool,
    /// Time-of-day and weekday profile instead: the share reaching a vårdcentral within 30 min
    /// and an acute hospital within 60 min for the windows 06–09, 09–12, 12–15, 15–18, 18–21 on
    /// --date and on the next Saturday and Sunday in the feed's period (profile.csv with --out).
    #[arg(long, conflicts_with = "arrive_by")]
    pub profile: bool,
    #[command(flatten)]
    pub access: super::common::AccessArgs,
    /// Walk as the region file's profile NAME ([walk_profile.NAME], e.g. elderly) to and from
    /// stops and all the way to care; "default" is [walk].
    #[arg(long, value_name = "NAME", default_value = "default")]
    pub walk_profile: String,

    #[command(flatten)]
    pub osm: super::network::OsmArgs,
}

pub fn run(args: &ReachArgs) -> anyhow::Result<()> {
    if let Some(by) = &args.arrive_by {
        return run_by(args, by);
    }
    if args.profile {
        return run_profile_cmd(args);
    }
    let (study, out, feed, date, terminal) = start(args)?;
    let window = window_arg(&args.window)?;
    let return_after =
        args.return_after.as_deref().map(|s| duration_arg("--return-after", s, "2h or 90m")).transpose()?;
    let opts = args.travel.options(window, return_after)?;
    let groups = dest_groups(&study.care, &args.to).map_err(anyhow::Error::msg)?;
    let booking = if args.include_booking { Booking::Include } else { Booking::Exclude };
    let tt = Timetable::build_for(&feed, date, &study.footpaths(), booking, args.access.access());
    let (bar, tick) = super::progress::counter("restider");
    let run = run_reach_and_core(&study, &tt, groups, opts.params(&study.region), &tick);
    bar.finish_and_clear();
    let appt = appointments(args, &study, &tt, &run)?;
    let (names, care) = (&study.names, &study.care);
    let mut cells_table = origin_table(&run.cells, &run.cell_results, &run.groups, care, names, true);
    let mut towns_table = origin_table(&run.towns, &run.town_results, &run.groups, care, names, false);
    let mut summary = summary_json(&run, names, &study.region.name, date);
    if let Some(a) = &appt {
        (cells_table, towns_table) =
            (a.extend_table(&cells_table, care, true), a.extend_table(&towns_table, care, false));
        summary["appointments"] = a.json(names);
    }
    let kvot = run_restidskvot(&study, &run, &[], study.streets.as_deref(), terminal);
    summary["restidskvot"] = kvot.json();
    let ages = crate::analysis::ages::age_figures(&study, Some(&run), None);
    summary["age_groups"] = serde_json::to_value(&ages)?;
    summary["traveller"] = serde_json::to_value(Traveller::new(args.access.access(), &args.walk_profile))?;
    summary["walking"] = serde_json::to_value(study.walking_model())?;
    let mut kvot_files = [("restidskvot_cells.csv", true), ("restidskvot_towns.csv", false)]
        .map(|(file, cells)| Ok((file, table_to_string(&kvot.table(&run, names, cells), None, Format::Csv)?)))
        .into_iter()
        .collect::<anyhow::Result<Vec<_>>>()?;
    kvot_files
        .push(("equity.csv", table_to_string(&equity_table(&run, names, &study.region.name), None, Format::Csv)?));
    kvot_files.push(("restidskvot_cells.geojson", kvot.cells_geojson(&run, names, &study.cells)?));
    kvot_files.push(("age_groups.csv", table_to_string(&ages.table(), None, Format::Csv)?));
    let tables = Tables { cells: &cells_table, towns: &towns_table, summary: &summary };
    write_outputs(args.format, out, &study, tables, &kvot_files, || {
        let appt = appt.as_ref().map_or(String::new(), |a| a.text(names));
        format!("{}{}{}{appt}", study.walking_model().text(), text_summary(&run, names, date), kvot.text())
    })
}

/// `--appointment`: the appointments of the run's groups (the command line's for all, or the
/// region file's per kind), or `None` without it.
fn appointments(
    args: &ReachArgs,
    study: &Study,
    tt: &Timetable,
    run: &ReachRun,
) -> anyhow::Result<Option<AppointmentRun>> {
    let Some(at) = args.appointment.as_deref() else { return Ok(None) };
    let given = match (at, args.stay.as_deref()) {
        ("region", _) => None,
        (_, None) => anyhow::bail!("--appointment {at} needs --stay DURATION (e.g. 1h)"),
        (_, Some(stay)) => Some(parse_appointment(at, stay).map_err(anyhow::Error::msg)?),
    };
    let mut appts = appointments_for(&study.region, study, &run.groups, given).map_err(anyhow::Error::msg)?;
    if let (None, Some(stay)) = (given, args.stay.as_deref()) {
        let stay = duration_arg("--stay", stay, "1h or 90m")?;
        appts.iter_mut().for_each(|a| a.stay = stay);
    }
    let (bar, tick) = super::progress::counter("besök");
    let a = run_appointments(study, tt, run.groups.clone(), appts, &run.params, &tick);
    bar.finish_and_clear();
    Ok(Some(a))
}

/// The tables both forms of reach write.
struct Tables<'a> {
    cells: &'a Table,
    towns: &'a Table,
    summary: &'a serde_json::Value,
}

/// Without `--out`, one output on stdout as `--format` says (towns CSV, the summary JSON or the
/// cells GeoJSON); with it, cells.csv, cells.geojson, towns.csv, summary.json and `more` into the
/// folder, then the text summary and what was written.
fn write_outputs(
    format: FormatArg,
    out: Option<OutDir>,
    study: &Study,
    t: Tables,
    more: &[(&str, String)],
    text: impl FnOnce() -> String,
) -> anyhow::Result<()> {
    let geoms: Vec<Geometry> = study.cells.iter().map(|c| Geometry::Polygon(vec![c.ring_wgs84().to_vec()])).collect();
    let mut w = stdout();
    let Some(out) = out else {
        let text = match format.into() {
            Format::Csv => table_to_string(t.towns, None, Format::Csv)?,
            Format::Json => serde_json::to_string_pretty(t.summary)? + "\n",
            Format::Geojson => table_to_string(t.cells, Some(&geoms), Format::Geojson)?,
        };
        write!(w, "{text}")?;
        w.flush()?;
        return Ok(());
    };
    out.write("cells.csv", table_to_string(t.cells, None, Format::Csv)?)?;
    out.write("cells.geojson", table_to_string(t.cells, Some(&geoms), Format::Geojson)?)?;
    out.write("towns.csv", table_to_string(t.towns, None, Format::Csv)?)?;
    out.write("summary.json", serde_json::to_string_pretty(t.summary)? + "\n")?;
    for (file, body) in more {
        out.write(file, body)?;
    }
    let path = out.commit()?;
    let names: Vec<&str> = ["cells.csv", "cells.geojson", "towns.csv", "summary.json"]
        .into_iter()
        .chain(more.iter().map(|(f, _)| *f))
        .collect();
    write!(w, "{}", text())?;
    writeln!(w, "\nWrote {}/{{{}}}", path.display(), names.join(", "))?;
    w.flush()?;
    Ok(())
}

/// What both forms of reach start with: the study with its walking profile, the output folder
/// (refused before the work, not after), the street networks (`--osm`: walks on them), the feed,
/// the date, the care nodes open on it (region-file valid_from/valid_to) and the car's terminal
/// time.
fn start(args: &ReachArgs) -> anyhow::Result<(Study, Option<OutDir>, Feed, Date, u32)> {
    let mut study = load_study(&args.region)?;
    study.use_walk_profile(&args.walk_profile)?;
    let inputs = [args.feed.paths(), study.input_files(), args.osm.paths()].concat();
    let out = args.out.as_deref().map(|dir| out_dir(dir, "reach", &inputs)).transpose()?;
    let terminal = args.osm.attach(&mut study)?;
    let feed = args.feed.load_for(&study)?;
    let date = pick_date(&feed, args.date, true)?;
    Ok((study.on_date(date), out, feed, date, terminal))
}

/// `reach --profile`: care reach per window on the weekday and the weekend days after it.
fn run_profile_cmd(args: &ReachArgs) -> anyhow::Result<()> {
    use crate::analysis::profile::{DEFAULT_WINDOWS, profile_days, run_profile};
    let (study, out, feed, date, _) = start(args)?;
    let opts = args.travel.options(window_arg(&args.window)?, None)?;
    let booking = if args.include_booking { Booking::Include } else { Booking::Exclude };
    let (days, left_out) = profile_days(&feed, date);
    let fp = study.footpaths();
    let tts: Vec<(&str, Timetable)> =
        days.iter().map(|&(n, d)| (n, Timetable::build_for(&feed, d, &fp, booking, args.access.access()))).collect();
    let refs: Vec<(&str, &Timetable)> = tts.iter().map(|(n, t)| (*n, t)).collect();
    let p = run_profile(&study, &refs, &DEFAULT_WINDOWS, opts.params(&study.region), left_out);
    let mut w = stdout();
    write!(w, "{}", p.text())?;
    if let Some(out) = out {
        out.write("profile.csv", table_to_string(&p.table(), None, Format::Csv)?)?;
        writeln!(w, "\nWrote {}/profile.csv", out.commit()?.display())?;
    }
    w.flush()?;
    Ok(())
}

/// `reach --arrive-by`: arrival minutes instead of departure minutes, no trip home.
fn run_by(args: &ReachArgs, by: &str) -> anyhow::Result<()> {
    let (study, out, feed, date, _) = start(args)?;
    let window = match by.contains('-') {
        true => window_arg(by)?,
        false => parse_time(by).map(|t| (t, t + 60)).with_context(|| format!("--arrive-by '{by}': expected HH:MM"))?,
    };
    let opts = args.travel.options(window, None)?;
    let groups = dest_groups(&study.care, &args.to).map_err(anyhow::Error::msg)?;
    let booking = if args.include_booking { Booking::Include } else { Booking::Exclude };
    let tt = Timetable::build_for(&feed, date, &study.footpaths(), booking, args.access.access());
    let (bar, tick) = super::progress::counter("restider");
    let run = run_arrive_by(&study, &tt, groups, opts.params(&study.region), &tick);
    bar.finish_and_clear();
    let (cells, towns) = (run.table(&study, true), run.table(&study, false));
    let mut summary = run.summary_json(&study, date);
    summary["traveller"] = serde_json::to_value(Traveller::new(args.access.access(), &args.walk_profile))?;
    summary["walking"] = serde_json::to_value(study.walking_model())?;
    let tables = Tables { cells: &cells, towns: &towns, summary: &summary };
    write_outputs(args.format, out, &study, tables, &[], || {
        study.walking_model().text() + &run.text_summary(&study, date)
    })
}
