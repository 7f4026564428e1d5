//! Helpers shared by integration tests: tiny GTFS feeds written inline to a temporary folder.
#![allow(dead_code)]

use std::path::PathBuf;

use narhet::date::Date;
use narhet::feed::{Feed, LoadOptions};
use narhet::timetable::{FootpathOptions, StopIdx, Timetable};

/// The date most tests route on: Monday 23 November 2026.
pub fn test_date() -> Date {
    Date::from_ymd(2026, 11, 23).expect("valid date")
}

pub const AGENCY: &str = "agency_id,agency_name,agency_url,agency_timezone\nA,Test,https://example.org,Europe/Stockholm\n";
/// Service `S` runs every day of 2026.
pub const CALENDAR: &str = "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS,1,1,1,1,1,1,1,20260101,20261231\n";

/// A GTFS feed folder; `agency.txt` and `calendar.txt` get defaults unless given.
pub struct TestFeed {
    pub dir: tempfile::TempDir,
}

impl TestFeed {
    pub fn new(files: &[(&str, &str)]) -> TestFeed {
        let dir = tempfile::tempdir().expect("temp dir");
        let has = |n: &str| files.iter().any(|(f, _)| *f == n);
        if !has("agency.txt") {
            std::fs::write(dir.path().join("agency.txt"), AGENCY).expect("write");
        }
        if !has("calendar.txt") && !has("calendar_dates.txt") {
            std::fs::write(dir.path().join("calendar.txt"), CALENDAR).expect("write");
        }
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        TestFeed { dir }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    pub fn load(&self) -> Feed {
        narhet::feed::load(&[self.path()], &LoadOptions::default()).expect("test feed loads")
    }
}

/// Loads `files` and builds the timetable of `date` with walking radius `radius_m` (0 = only
/// transfers.txt and same-station moves).
pub fn build(files: &[(&str, &str)], date: Date, radius_m: f64) -> (Feed, Timetable) {
    let feed = TestFeed::new(files).load();
    let fp = FootpathOptions {
        radius_m,
        ..FootpathOptions::default()
    };
    let tt = Timetable::build(&feed, date, &fp);
    (feed, tt)
}

/// Index of the stop with GTFS id `id`.
pub fn stop(feed: &Feed, id: &str) -> StopIdx {
    StopIdx(
        feed.stops
            .iter()
            .position(|s| s.id == id)
            .unwrap_or_else(|| panic!("no stop {id}")) as u32,
    )
}

/// Seconds of `HH:MM[:SS]`.
pub fn t(s: &str) -> u32 {
    narhet::date::parse_time(s).unwrap_or_else(|| panic!("bad time {s}"))
}
