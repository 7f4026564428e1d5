//! `narhet report`: the TFP report for Trafiknämnden — stops, reach to care and coverage run
//! once over one loaded network, written as HTML, Markdown, metrics.json, GeoJSON and CSV.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, ValueEnum};

use super::common::{
    DEFAULT_REGION, FeedArgs, TravelArgs, duration_arg, load_study, out_dir, parse_date, pick_date, stdout, window_arg,
};
use crate::analysis::Network;
use crate::analysis::assess::assess;
use crate::date::Date;
use crate::report::text::{L, Lang};
use crate::report::{Report, files};

/// Writes the TFP report for Trafiknämnden: a summary, the strategic nodes against their goals,
/// reach to care (vårdcentral, acute hospital, the Räppe what-if), coverage in sparse areas,
/// stops and the accessibility priority list, the TFP indicators, and method and data.
///
/// Output (in --out, default out/report): report.html (self-contained, printable), report.md,
/// metrics.json (every number, with a schema version), figures/*.png, layers/*.geojson (QGIS),
/// tables/*.csv for Swedish Excel (UTF-8 with BOM, ';' and decimal comma; --csv-plain for ','
/// and decimal point) and tables/rapport.xlsx (the report's tables, one sheet each).
///
/// With no arguments it runs on the shipped sample: regions/kronoberg.toml and gtfs/kronoberg.
///
/// Example: narhet report --date 2026-11-24 --lang en --out out/report-en
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Region file (municipalities, towns, goals, care nodes, population grid).
    #[arg(long, default_value = DEFAULT_REGION)]
    pub region: PathBuf,
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Service date to analyse (YYYY-MM-DD); default: a typical weekday of the feed.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Output folder (replaced only if an earlier `narhet report` made it).
    #[arg(long, default_value = "out/report")]
    pub out: PathBuf,
    /// Language of the report.
    #[arg(long, value_enum, default_value = "sv")]
    pub lang: LangArg,
    /// Morning departure window for travel times, HH:MM-HH:MM (from the start up to, not
    /// including, the end).
    #[arg(long, default_value = "07:00-09:00")]
    pub window: String,
    #[command(flatten)]
    pub travel: TravelArgs,
    /// Time at the care node before the trip home.
    #[arg(long, default_value = "2h")]
    pub return_after: String,
    /// Write CSV tables with ',' separators and decimal points (for scripts) instead of the
    /// default for Swedish Excel (';' and decimal comma).
    #[arg(long)]
    pub csv_plain: bool,
    /// Accepted for older scripts: Swedish Excel is now the default.
    #[arg(long, hide = true)]
    pub csv_excel: bool,
    #[command(flatten)]
    pub osm: super::network::OsmArgs,
}

/// `--lang`: the report's language.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    Sv,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        }
    }
}

pub fn run(args: &ReportArgs) -> anyhow::Result<()> {
    let t0 = Instant::now();
    let l = L(args.lang.into());
    let steps = super::progress::bar(6, l.t("rapport", "report"));
    let step = |msg: &str| {
        steps.inc(1);
        steps.set_message(msg.to_string());
    };
    steps.set_message(l.t("läser in", "loading").to_string());
    let mut study = load_study(&args.region)?;
    // Fail on an unusable output directory before the work, not after.
    let inputs = [args.feed.paths(), study.input_files(), args.osm.paths()].concat();
    let out = out_dir(&args.out, "report", &inputs)?;
    let terminal = args.osm.attach(&mut study)?;
    let feed = args.feed.load_for(&study)?;
    let date = pick_date(&feed, args.date, true)?;
    // Care nodes closed on the date (region-file valid_from/valid_to) are left out.
    let study = study.on_date(date);
    step(l.t("tidtabell", "timetable"));
    let net = Network::build(&feed, date, &study.footpaths());
    step(l.t("restider", "travel times"));
    let window = window_arg(&args.window)?;
    let stay = duration_arg("--return-after", &args.return_after, "2h")?;
    let (bar, tick) = super::progress::counter("restider");
    let opts = args.travel.options(window, Some(stay))?;
    let mut a = assess(&study, &net, &opts, &tick)?;
    bar.finish_and_clear();
    step(l.t("täckning", "coverage"));
    a.add_coverage(&study, &net)?;
    a.add_restidskvot(&study, study.streets.as_deref(), terminal);
    a.add_travellers(&study, &net, &opts);
    a.add_appointments(&study, &net, &|_| ());
    step(l.t("figurer", "figures"));
    let report = Report::build(&l, &study, &net, &a)?;
    step(l.t("skriver", "writing"));
    files::write(&out, &l, &report, (&study, &feed), &a, !args.csv_plain)?;
    steps.inc(1);
    steps.finish_and_clear();
    let path = out.commit()?;
    let s = &report.data.summary;
    let muni = s.municipality_goals.map_or("–".into(), |g| format!("{} / {}", g.met, g.total));
    let mut w = stdout();
    writeln!(
        w,
        "{}: {}/report.html · {} {} / {} · {} {muni} · {:.1} s",
        l.t("Rapporten", "The report"),
        path.display(),
        l.t("nodmål uppfyllda", "node goals met"),
        s.node_goals.met,
        s.node_goals.total,
        l.t("kommunmål", "municipality goals"),
        t0.elapsed().as_secs_f64()
    )?;
    w.flush()?;
    Ok(())
}
