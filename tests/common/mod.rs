//! Helpers shared by the integration tests: tiny GTFS feeds written from inline text.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use narhet::date::Date;
use narhet::feed::{Feed, LoadOptions};
use narhet::timetable::{FootpathOptions, StopIdx, Timetable};

/// Writes `files` (name, content) into a fresh temporary directory.
pub fn feed_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write feed file");
    }
    dir
}

/// Zips `files` into `dir/name`, optionally under a sub-folder.
pub fn feed_zip(dir: &Path, name: &str, folder: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let path = dir.join(name);
    let f = std::fs::File::create(&path).expect("create zip");
    let mut w = zip::ZipWriter::new(f);
    for (n, bytes) in files {
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        w.start_file(format!("{folder}{n}"), opts).expect("zip entry");
        w.write_all(bytes).expect("zip write");
    }
    w.finish().expect("zip finish");
    path
}

pub const AGENCY: &str =
    "agency_id,agency_name,agency_url,agency_timezone\nA,Testtrafik,http://example.org,Europe/Stockholm\n";

/// A minimal valid feed: three stops on a line, one weekday trip.
pub fn minimal() -> Vec<(&'static str, String)> {
    vec![
        ("agency.txt", AGENCY.to_string()),
        ("stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,56.87,14.80\nS2,Två,56.88,14.82\nS3,Tre,56.89,14.84\n".into()),
        ("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,1,Linje 1,3\n".into()),
        ("trips.txt", "route_id,service_id,trip_id\nR1,WD,T1\n".into()),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S2,2\nT1,08:20:00,08:20:00,S3,3\n".into(),
        ),
        ("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWD,1,1,1,1,1,0,0,20260101,20261231\n".into()),
    ]
}

/// `minimal()` with one file replaced (or added).
pub fn with(mut files: Vec<(&'static str, String)>, name: &'static str, text: &str) -> Vec<(&'static str, String)> {
    files.retain(|(n, _)| *n != name);
    files.push((name, text.to_string()));
    files
}

/// `minimal()` without a file.
pub fn without(mut files: Vec<(&'static str, String)>, name: &str) -> Vec<(&'static str, String)> {
    files.retain(|(n, _)| *n != name);
    files
}

pub fn write(files: &[(&'static str, String)]) -> tempfile::TempDir {
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    feed_dir(&refs)
}

// --- Router tests: feeds with default agency/calendar, built into a timetable. ---

/// The date most tests route on: Monday 23 November 2026.
pub fn test_date() -> Date {
    Date::from_ymd(2026, 11, 23).expect("valid date")
}

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
    let fp = FootpathOptions { radius_m, ..FootpathOptions::default() };
    let tt = Timetable::build(&feed, date, &fp);
    (feed, tt)
}

/// Index of the stop with GTFS id `id`.
pub fn stop(feed: &Feed, id: &str) -> StopIdx {
    StopIdx(feed.stops.iter().position(|s| s.id == id).unwrap_or_else(|| panic!("no stop {id}")) as u32)
}

/// Seconds of `HH:MM[:SS]`.
pub fn t(s: &str) -> u32 {
    narhet::date::parse_time(s).unwrap_or_else(|| panic!("bad time {s}"))
}

/// `../shared/data` beside the repository (or the worktree's), else `/work/shared/data`.
pub fn shared(rel: &str) -> Option<std::path::PathBuf> {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let found =
        [root.join("../shared/data"), root.join("../../shared/data"), std::path::PathBuf::from("/work/shared/data")]
            .into_iter()
            .map(|d| d.join(rel))
            .find(|p| p.exists());
    if found.is_none() {
        println!("note: ../shared/data/{rel} is absent; this real-data test is skipped");
    }
    found
}
