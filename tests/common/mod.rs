//! Helpers shared by the integration tests: tiny GTFS feeds written from inline text.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

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
