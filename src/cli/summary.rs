//! `narhet summary`: what is in the feeds and what runs on a date.

use clap::Args;

use super::common::{FeedArgs, parse_date};
use crate::analysis::summary::{render, summarise};
use crate::date::Date;

/// Counts what the feeds hold: agencies, routes by mode, stops and stations, trips and stop_times,
/// the service date range, and warnings by kind; with --date, what runs on that service day.
///
/// Example: narhet summary --gtfs gtfs/kronoberg --date 2026-11-24
#[derive(Args, Debug)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub feed: FeedArgs,
    /// Service date to count active trips on (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: &SummaryArgs) -> anyhow::Result<()> {
    let feed = args.feed.load()?;
    if let Some(d) = args.date {
        super::common::pick_date(&feed, Some(d), false)?;
    }
    let s = summarise(&feed, args.date);
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&s)?),
        Format::Text => print!("{}", render(&s)),
    }
    Ok(())
}
