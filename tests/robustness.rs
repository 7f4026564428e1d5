//! Broken and odd input, through the real binary: every broken feed, region file and population
//! grid gives exit code 2 and one `error:` line naming the file, the line and the field, without
//! a panic; odd but usable input loads with a warning. Also: the memory budget is checked before
//! parsing, output directories are never left half-written or replaced when not narhet's, and
//! inputs that crashed the loader stay fixed (at the end of the file).
//!
//! Every feed here is written by the test itself (inline text, zips built on the spot).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::*;
use narhet::feed::{LoadOptions, load_from_files};

use narhet::output::MARKER;

const ST_HEADER: &str = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";

/// Runs the binary with its network cache in a folder of the test run (not the user's).
fn narhet(args: &[&str]) -> Output {
    let cache = std::env::temp_dir().join("narhet-test-cache");
    Command::new(env!("CARGO_BIN_EXE_narhet")).args(args).env("NARHET_CACHE_DIR", cache).output().expect("run narhet")
}

fn summary(feed: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["summary", "--gtfs", feed.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    narhet(&args)
}

/// Asserts a refusal: exit code 2, nothing on stdout, no panic, and stderr holding each of
/// `parts`. Returns stderr.
fn refused(out: &Output, parts: &[&str]) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "exit code; stderr: {err}");
    assert!(out.stdout.is_empty(), "stdout: {}", String::from_utf8_lossy(&out.stdout));
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
    assert!(err.starts_with("error: "), "{err}");
    for p in parts {
        assert!(err.contains(p), "expected {p:?} in: {err}");
    }
    err
}

/// Runs `summary` on `files` and asserts the refusal names `file`, `line N` and `field 'x'`.
fn feed_refused(files: &[(&'static str, String)], file: &str, line: u64, field: &str, more: &[&str]) {
    let dir = write(files);
    let mut parts = vec![format!("/{file}, line {line}, field '{field}': ")];
    parts.extend(more.iter().map(|s| s.to_string()));
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    refused(&summary(dir.path(), &[]), &parts);
}

/// Runs `summary` on `files` and asserts it succeeds; returns stderr (the warnings).
fn loads(path: &Path) -> String {
    let out = summary(path, &[]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!out.stdout.is_empty());
    err
}

fn stop_times(rows: &str) -> String {
    format!("{ST_HEADER}{rows}")
}

// --- feeds ------------------------------------------------------------------------------

#[test]
fn missing_stops_file() {
    let dir = write(&without(minimal(), "stops.txt"));
    refused(&summary(dir.path(), &[]), &["/stops.txt: required file is missing"]);
}

#[test]
fn missing_stop_id_column() {
    // The header is line 1; the column it lacks is the field.
    let files = with(minimal(), "stops.txt", "stop_name,stop_lat,stop_lon\nEtt,56.87,14.80\n");
    feed_refused(&files, "stops.txt", 1, "stop_id", &["required column is missing"]);
}

#[test]
fn duplicate_stop_id() {
    // S1 again on the third line.
    let files = with(
        minimal(),
        "stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,56.87,14.80\nS1,Två,56.88,14.82\nS3,Tre,56.89,14.84\n",
    );
    feed_refused(&files, "stops.txt", 3, "stop_id", &["duplicate stop_id 'S1'"]);
}

#[test]
fn stop_time_of_unknown_trip() {
    // Line 3 (second row) names trip TX, which trips.txt lacks.
    let st = stop_times("T1,08:00:00,08:00:00,S1,1\nTX,08:10:00,08:10:00,S2,2\n");
    feed_refused(&with(minimal(), "stop_times.txt", &st), "stop_times.txt", 3, "trip_id", &["unknown trip_id 'TX'"]);
}

#[test]
fn invalid_times() {
    // 61 minutes; a sign; single-digit minutes and seconds: all on line 3, arrival_time.
    for bad in ["25:61:00", "-01:00:00", "7:5:0"] {
        let st = stop_times(&format!("T1,08:00:00,08:00:00,S1,1\nT1,{bad},08:30:00,S2,2\nT1,08:40:00,08:40:00,S3,3\n"));
        let msg = format!("'{bad}' is not a valid time");
        feed_refused(&with(minimal(), "stop_times.txt", &st), "stop_times.txt", 3, "arrival_time", &[&msg]);
    }
    // The same check in frequencies.txt: 06:00:60 has 60 seconds, on line 2.
    let fq = "trip_id,start_time,end_time,headway_secs\nT1,06:00:60,07:00:00,600\n";
    feed_refused(&with(minimal(), "frequencies.txt", fq), "frequencies.txt", 2, "start_time", &["'06:00:60'"]);
}

#[test]
fn arrival_after_departure() {
    // At S2 the bus arrives 08:12 and leaves 08:10.
    let st = stop_times("T1,08:00:00,08:00:00,S1,1\nT1,08:12:00,08:10:00,S2,2\nT1,08:40:00,08:40:00,S3,3\n");
    let files = with(minimal(), "stop_times.txt", &st);
    feed_refused(&files, "stop_times.txt", 3, "departure_time", &["departure 08:10:00 is before arrival 08:12:00"]);
}

#[test]
fn repeated_stop_sequence() {
    // Sequence 2 on lines 3 and 4: the second is reported.
    let st = stop_times("T1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S2,2\nT1,08:20:00,08:20:00,S3,2\n");
    let files = with(minimal(), "stop_times.txt", &st);
    feed_refused(&files, "stop_times.txt", 4, "stop_sequence", &["trip 'T1' has stop_sequence 2 twice"]);
}

#[test]
fn time_running_backwards_along_the_sequence() {
    // In stop_sequence order S1 (seq 1, 08:00) → S3 (seq 2, line 4, 07:50): back in time. The
    // rows are out of order in the file, which GTFS allows.
    let st = stop_times("T1,08:00:00,08:00:00,S1,1\nT1,08:30:00,08:30:00,S2,3\nT1,07:50:00,07:50:00,S3,2\n");
    let files = with(minimal(), "stop_times.txt", &st);
    feed_refused(&files, "stop_times.txt", 4, "arrival_time", &["arrives at 07:50:00 before it left"]);
}

#[test]
fn latitude_out_of_range() {
    let files = with(
        minimal(),
        "stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,56.87,14.80\nS2,Två,200,14.82\nS3,Tre,56.89,14.84\n",
    );
    feed_refused(&files, "stops.txt", 3, "stop_lat", &["latitude 200 is out of range"]);
}

#[test]
fn empty_files() {
    for name in ["stops.txt", "stop_times.txt", "routes.txt", "calendar.txt"] {
        let dir = write(&with(minimal(), name, ""));
        let msg = format!("/{name}: the file is empty (it needs at least a header row)");
        refused(&summary(dir.path(), &[]), &[&msg]);
    }
    // Blank lines only count as empty too.
    let dir = write(&with(minimal(), "trips.txt", "\r\n\n"));
    refused(&summary(dir.path(), &[]), &["/trips.txt: the file is empty"]);
}

#[test]
fn header_only_files() {
    // A required file with a header and no rows is refused: a feed without stops, routes,
    // trips or stop_times cannot be analysed.
    let cases = [
        ("stops.txt", "stop_id,stop_name,stop_lat,stop_lon\n", "no stops"),
        ("routes.txt", "route_id,agency_id,route_short_name,route_type\n", "no routes"),
        ("trips.txt", "route_id,service_id,trip_id\n", "no trips"),
        ("stop_times.txt", ST_HEADER, "no stop_times"),
    ];
    for (name, text, what) in cases {
        let dir = write(&with(minimal(), name, text));
        let msg = format!("/{name}: {what}: the file has a header but no rows");
        refused(&summary(dir.path(), &[]), &[&msg]);
    }
    // Optional files with a header only are fine: no exceptions, no transfers, no frequencies.
    let mut files = minimal();
    files = with(files, "calendar_dates.txt", "service_id,date,exception_type\n");
    files = with(files, "transfers.txt", "from_stop_id,to_stop_id,transfer_type\n");
    files = with(files, "frequencies.txt", "trip_id,start_time,end_time,headway_secs\n");
    let dir = write(&files);
    let warnings = loads(dir.path());
    assert!(!warnings.contains("warning"), "{warnings}");
}

#[test]
fn latin1_names_decoded_with_a_warning() {
    // "Växjö" and "Älmhult" in Latin-1: ä = E4, ö = F6, Ä = C4.
    let mut stops = b"stop_id,stop_name,stop_lat,stop_lon\nS1,V\xe4xj\xf6,56.87,14.80\n".to_vec();
    stops.extend_from_slice(b"S2,\xc4lmhult,56.88,14.82\nS3,Tre,56.89,14.84\n");
    let mut files: Vec<(&str, Vec<u8>)> = minimal().into_iter().map(|(n, t)| (n, t.into_bytes())).collect();
    files.retain(|(n, _)| *n != "stops.txt");
    files.push(("stops.txt", stops));
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let feed = load_from_files(&refs, &LoadOptions::default()).unwrap();
    assert_eq!(feed.stops[0].name, "Växjö");
    assert_eq!(feed.stops[1].name, "Älmhult");
    assert_eq!(feed.warnings.count("latin1_decoded"), 1);
    // The binary loads it too and says so on stderr.
    let dir = tempfile::tempdir().unwrap();
    for (n, b) in &files {
        std::fs::write(dir.path().join(n), b).unwrap();
    }
    let warnings = loads(dir.path());
    assert!(warnings.contains("warning: latin1_decoded ×1"), "{warnings}");
    assert!(warnings.contains("stops.txt is not UTF-8"), "{warnings}");
}

#[test]
fn bom_and_crlf_load_and_keep_line_numbers() {
    let files: Vec<(&'static str, String)> =
        minimal().into_iter().map(|(n, t)| (n, format!("\u{feff}{}", t.replace('\n', "\r\n")))).collect();
    let dir = write(&files);
    let warnings = loads(dir.path());
    // One BOM per file: six files.
    assert!(warnings.contains("warning: utf8_bom ×6"), "{warnings}");
    // An error in a CRLF file with a BOM still names the right line: S9 is on line 4.
    let st = "\u{feff}trip_id,arrival_time,departure_time,stop_id,stop_sequence\r\nT1,08:00:00,08:00:00,S1,1\r\nT1,08:10:00,08:10:00,S2,2\r\nT1,08:20:00,08:20:00,S9,3\r\n";
    feed_refused(&with(minimal(), "stop_times.txt", st), "stop_times.txt", 4, "stop_id", &["unknown stop_id 'S9'"]);
}

#[test]
fn quoted_fields_with_commas_and_newlines() {
    // S1's name spans lines 2–3 and holds a comma; S2 is on line 4, S3 on line 5.
    let stops = "stop_id,stop_name,stop_lat,stop_lon\nS1,\"Ett, norra\nsidan\",56.87,14.80\nS2,\"Två \"\"B\"\"\",56.88,14.82\nS3,Tre,56.89,14.84\n";
    let files = with(minimal(), "stops.txt", stops);
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let feed = load_from_files(&refs, &LoadOptions::default()).unwrap();
    assert_eq!(feed.stops[0].name, "Ett, norra\nsidan");
    assert_eq!(feed.stops[1].name, "Två \"B\"");
    loads(write(&files).path());

    // A duplicate after the multi-line row: the third record starts on line 5, not 4.
    let stops = "stop_id,stop_name,stop_lat,stop_lon\nS1,\"Ett, norra\nsidan\",56.87,14.80\nS2,Två,56.88,14.82\nS2,Tre,56.89,14.84\n";
    feed_refused(&with(minimal(), "stops.txt", stops), "stops.txt", 5, "stop_id", &["duplicate stop_id 'S2'"]);

    // In stop_times: a headsign over three lines (2–4) and blank lines (6, 8); the bad arrival
    // is on line 9, though it is only the fourth record.
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence,stop_headsign\n\
              T1,08:00:00,08:00:00,S1,1,\"Mot\nVäxjö,\nC\"\n\
              T1,08:10:00,08:10:00,S2,2,\n\
              \n\
              T1,08:20:00,08:20:00,S3,3,\n\
              \n\
              T1,08:30:00,08:29:00,S3,4,\n";
    feed_refused(&with(minimal(), "stop_times.txt", st), "stop_times.txt", 9, "departure_time", &["before arrival"]);
    // The strict time check (a separate pass) counts the same way: 8:5:00 on line 7.
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence,stop_headsign\n\
              T1,08:00:00,08:00:00,S1,1,\"Mot\nVäxjö,\nC\"\n\
              T1,08:10:00,08:10:00,S2,2,\n\
              \n\
              T1,8:5:00,08:20:00,S3,3,\n";
    feed_refused(&with(minimal(), "stop_times.txt", st), "stop_times.txt", 7, "arrival_time", &["'8:5:00'"]);
}

fn zip_of(dir: &Path, name: &str, folder: &str, files: &[(&'static str, String)]) -> PathBuf {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    feed_zip(dir, name, folder, &bytes)
}

#[test]
fn zip_with_a_sub_folder_is_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let zip = zip_of(tmp.path(), "nested.zip", "export/gtfs/", &minimal());
    let out = summary(&zip, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // minimal(): three stops, one trip of three calls.
    assert_eq!(
        (json["stops"].as_u64(), json["trips"].as_u64(), json["stop_times"].as_u64()),
        (Some(3), Some(1), Some(3))
    );
}

#[test]
fn zip_with_parent_paths_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let zip = zip_of(tmp.path(), "evil.zip", "../", &minimal());
    refused(&summary(&zip, &[]), &["evil.zip: zip entry '../agency.txt' has an unsafe path"]);
}

#[test]
fn zip_bomb_is_refused_past_the_limit() {
    // 20 MB of spaces in shapes.txt deflate to a few kB; with a 1 MB limit the zip is refused
    // while unpacking, whatever the entry's header claims.
    let tmp = tempfile::tempdir().unwrap();
    let shapes = format!("shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\n{}", " ".repeat(20_000_000));
    let files = with(minimal(), "shapes.txt", &shapes);
    let zip = zip_of(tmp.path(), "bomb.zip", "", &files);
    assert!(std::fs::metadata(&zip).unwrap().len() < 200_000);
    refused(
        &summary(&zip, &["--max-unzipped", "1000000"]),
        &["bomb.zip: unpacks to more than 1000000 bytes", "--max-unzipped"],
    );
    // Under the default limit (4 GB) the same zip loads.
    loads(&zip);
}

#[test]
fn the_network_cache_is_used_and_said_with_verbose() {
    let dir = write(&minimal());
    let cache = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["summary", "--gtfs", dir.path().to_str().unwrap(), "-v"];
        args.extend_from_slice(extra);
        let out = Command::new(env!("CARGO_BIN_EXE_narhet")).args(&args).env("NARHET_CACHE_DIR", cache.path()).output();
        let out = out.expect("run narhet");
        assert_eq!(out.status.code(), Some(0));
        (String::from_utf8_lossy(&out.stdout).to_string(), String::from_utf8_lossy(&out.stderr).to_string())
    };
    let (first, err) = run(&[]);
    let where_ = cache.path().display().to_string();
    assert!(err.contains("network cache: written to") && err.contains(&where_), "{err}");
    let (again, err) = run(&[]);
    assert!(err.contains("network cache: read") && err.contains(&where_), "{err}");
    assert_eq!(first, again);
    let (off, err) = run(&["--no-cache"]);
    assert!(err.contains("network cache: off"), "{err}");
    assert_eq!(off, first);
    // The feed's own folder is left as it was.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), minimal().len());
}

// --- memory budget -------------------------------------------------------------------------

#[test]
fn stop_times_budget_is_checked_before_parsing() {
    // Three rows against a budget of two; the third row's stop_sequence 'x' would be a parse
    // error, so the budget message proves the rows were counted before parsing.
    let st = stop_times("T1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S2,2\nT1,08:20:00,08:20:00,S3,x\n");
    let dir = write(&with(minimal(), "stop_times.txt", &st));
    refused(
        &summary(dir.path(), &["--max-stop-times", "2"]),
        &["/stop_times.txt: 3 rows exceed the memory budget of 2 stop_times (raise it with --max-stop-times)"],
    );
    // With quoted newlines the newline count (5 lines after the header) overstates the rows
    // (3), so the records are counted exactly: a budget of 3 admits the feed…
    let st = stop_times(
        "T1,08:00:00,08:00:00,S1,1\n\"T1\",\"08:10:00\n\",08:10:00,S2,2\nT1,08:20:00,08:20:00,S3,\"3\n\n\"\n",
    );
    let files = with(minimal(), "stop_times.txt", &st);
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let three = LoadOptions { max_stop_times: 3, ..Default::default() };
    assert_eq!(load_from_files(&refs, &three).unwrap().calls.len(), 3);
    // …and a budget of 2 refuses it with the same message.
    let two = LoadOptions { max_stop_times: 2, ..Default::default() };
    let e = load_from_files(&refs, &two).unwrap_err();
    assert_eq!(
        e.to_string(),
        "feed/stop_times.txt: 3 rows exceed the memory budget of 2 stop_times (raise it with --max-stop-times)"
    );
}

#[test]
fn frequencies_count_against_the_budget() {
    // 00:00–24:00 every second: 86 400 runs × 3 calls = 259 200 expanded calls, over a budget
    // of 100 000 (the 3 stop_times rows alone are far below it). Row on line 2.
    let fq = "trip_id,start_time,end_time,headway_secs\nT1,00:00:00,24:00:00,1\n";
    let dir = write(&with(minimal(), "frequencies.txt", fq));
    refused(
        &summary(dir.path(), &["--max-stop-times", "100000"]),
        &["/frequencies.txt, line 2, field 'headway_secs': the frequencies expand to more than 100000 stop_times"],
    );
    // Under the default budget it loads: 259 200 is far below 60 M.
    loads(dir.path());
}

#[test]
fn type_errors_name_the_field_and_a_shortened_value() {
    // gtfs-structures' own parsers used to give `stops.txt, line 2: invalid float literal` and a
    // strptime message, with no field.
    let stops = "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,56.87,14.80\nS2,Två,abc,14.82\nS3,Tre,56.89,14.84\n";
    feed_refused(&with(minimal(), "stops.txt", stops), "stops.txt", 3, "stop_lat", &["invalid value 'abc'"]);
    let cal = "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWD,1,1,1,1,1,0,0,2026-01-01,20261231\n";
    feed_refused(
        &with(minimal(), "calendar.txt", cal),
        "calendar.txt",
        2,
        "start_date",
        &["invalid value '2026-01-01'"],
    );
    // A huge field: at most 80 characters of it in the message.
    let huge = format!(
        "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,56.87,14.80\nS2,Två,{}x,14.82\nS3,Tre,56.89,14.84\n",
        "9".repeat(100_000)
    );
    let dir = write(&with(minimal(), "stops.txt", &huge));
    let err = refused(&summary(dir.path(), &[]), &["field 'stop_lat'", "… (100001 bytes)"]);
    assert!(err.len() < 400, "{} bytes of error", err.len());
}

#[test]
fn utf16_text_is_named_as_such() {
    // It used to be reported as `stops.txt, line 1, field 'stop_id': required column is missing`.
    let text = "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,56.87,14.80\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let dir = write(&minimal());
    std::fs::write(dir.path().join("stops.txt"), utf16).unwrap();
    refused(&summary(dir.path(), &[]), &["/stops.txt: is UTF-16, not UTF-8 or Latin-1; save it as UTF-8"]);
}

#[test]
fn many_stops_on_one_coordinate_keep_the_walks_linear() {
    // Placeholder coordinates: 600 stops at one point used to get 600 × 599 walks (20,000 such
    // stops: past 9 GB). Each stop keeps its MAX_WALKS nearest; stops elsewhere are unaffected.
    let mut stops = String::from(
        "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,56.95,14.95\nS2,Två,56.9502,14.95\nS3,Tre,56.99,14.99\n",
    );
    for i in 0..600 {
        stops.push_str(&format!("P{i},Placeholder,56.87,14.80\n"));
    }
    let feed = write(&with(minimal(), "stops.txt", &stops));
    let feed = narhet::feed::load(&[feed.path().to_path_buf()], &LoadOptions::default()).unwrap();
    let date = narhet::date::Date::from_ymd(2026, 11, 24).unwrap();
    let tt = narhet::timetable::Timetable::build(&feed, date, &Default::default());
    let walks: Vec<usize> =
        (0..tt.n_stops()).map(|s| tt.footpaths(narhet::timetable::StopIdx(s as u32)).len()).collect();
    assert_eq!(walks.iter().max(), Some(&narhet::timetable::MAX_WALKS));
    let at = |id: &str| feed.stops.iter().position(|s| s.id == id).unwrap();
    assert_eq!((walks[at("S1")], walks[at("S2")]), (1, 1), "S1 and S2 (22 m apart) still walk to each other");
    assert_eq!(walks[at("P0")], narhet::timetable::MAX_WALKS);
}

// --- region file and population grid --------------------------------------------------------

fn sample_region() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("regions/kronoberg.toml")).unwrap()
}

/// Line (1-based) of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("needle in text")].matches('\n').count() + 1
}

#[test]
fn region_file_with_a_typo() {
    let tmp = tempfile::tempdir().unwrap();
    let text = sample_region().replacen("population_2024 =", "populaton_2024 =", 1);
    let line = line_of(&text, "populaton_2024");
    let region = tmp.path().join("bad.toml");
    std::fs::write(&region, &text).unwrap();
    let out_dir = tmp.path().join("out");
    let out = narhet(&["report", "--region", region.to_str().unwrap(), "--out", out_dir.to_str().unwrap()]);
    let expect = format!("bad.toml, line {line}, key 'populaton_2024': unknown field `populaton_2024`");
    refused(&out, &[&expect, "did you mean `population_2024`?"]);
    assert!(!out_dir.exists(), "nothing written on a bad region file");
}

/// Writes the sample region with `from` replaced by `to` and runs `report` on it: refused with
/// exit 2 and `bad.toml, line N, key 'K': …`, where N is the line of the replaced value.
fn region_refused(from: &str, to: &str, key: &str, message: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let sample = sample_region();
    assert!(sample.contains(from), "{from}");
    let text = sample.replacen(from, to, 1);
    let line = line_of(&text, to);
    let region = tmp.path().join("bad.toml");
    std::fs::write(&region, &text).unwrap();
    let out_dir = tmp.path().join("out");
    let out = narhet(&["report", "--region", region.to_str().unwrap(), "--out", out_dir.to_str().unwrap()]);
    refused(&out, &[&format!("bad.toml, line {line}, key '{key}': {message}")]);
    assert!(!out_dir.exists(), "nothing written on a bad region file");
}

#[test]
fn walking_speed_below_zero_is_refused() {
    // A negative speed used to make `reach` report everyone within 30 minutes.
    region_refused("speed_mps = 1.3", "speed_mps = -1.3", "walk.speed_mps", "-1.3 m/s is not a walking speed");
}

#[test]
fn walking_speed_zero_is_refused() {
    // Zero used to make the walk times infinite and the reach table grow without end.
    region_refused("speed_mps = 1.3", "speed_mps = 0", "walk.speed_mps", "0 m/s is not a walking speed");
}

#[test]
fn detour_factor_zero_is_refused() {
    region_refused("detour_factor = 1.3", "detour_factor = 0", "walk.detour_factor", "0 is not a detour factor");
}

#[test]
fn removed_day_type_is_refused_with_the_reason() {
    // The shipped file no longer has `day_type`: put it back under [coverage].
    region_refused(
        "direction_relative_to = \"direction_id\"",
        "day_type = \"weekday\"\ndirection_relative_to = \"direction_id\"",
        "coverage.day_type",
        "`day_type` was removed: it changed nothing",
    );
}

#[test]
fn unknown_direction_word_lists_the_accepted_ones() {
    region_refused(
        "direction_relative_to = \"direction_id\"",
        "direction_relative_to = \"regional\"",
        "coverage.direction_relative_to",
        "\"regional\" is not an accepted value; accepted: \"municipal_seat\", \"regional_core\", \"direction_id\"",
    );
}

#[test]
fn population_grid_with_a_bad_row() {
    let tmp = tempfile::tempdir().unwrap();
    // Row 3 (line 3) has a population of "12a".
    std::fs::write(
        tmp.path().join("grid.csv"),
        "ruta,x,y,pop,kommunkod\n4870006300000,487000,6300000,5,0780\n4880006300000,488000,6300000,12a,0780\n",
    )
    .unwrap();
    let text =
        sample_region().replace("population_grid = \"kronoberg/population.csv\"", "population_grid = \"grid.csv\"");
    let region = tmp.path().join("r.toml");
    std::fs::write(&region, text).unwrap();
    let out =
        narhet(&["report", "--region", region.to_str().unwrap(), "--out", tmp.path().join("out").to_str().unwrap()]);
    refused(&out, &["grid.csv, line 3, key 'pop': '12a' is not a whole number ≥ 0 (population)"]);
}

#[test]
fn a_grid_listed_twice_is_refused_naming_both_lines() {
    // Two exports pasted together used to double the county (406,702 against 203,351).
    let tmp = tempfile::tempdir().unwrap();
    let grid = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("regions/kronoberg/population.csv"))
        .unwrap();
    let rows = grid.lines().count() - 1;
    let twice = format!("{grid}{}", grid.split_once('\n').unwrap().1);
    std::fs::write(tmp.path().join("grid.csv"), twice).unwrap();
    let text =
        sample_region().replace("population_grid = \"kronoberg/population.csv\"", "population_grid = \"grid.csv\"");
    let region = tmp.path().join("r.toml");
    std::fs::write(&region, text).unwrap();
    let out = narhet(&["coverage", "--region", region.to_str().unwrap()]);
    // The first row (line 2) comes again on line rows + 2.
    refused(&out, &[&format!("grid.csv, line {}, key 'ruta': cell ", rows + 2), "is listed again (first on line 2)"]);
}

#[test]
fn swapped_coordinates_are_warned() {
    // Every stop in the sea: loads, with a warning that names the count, a stop and the likely cause.
    let swapped = with(
        minimal(),
        "stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,14.80,56.87\nS2,Två,14.82,56.88\nS3,Tre,14.84,56.89\n",
    );
    let feed = write(&swapped);
    let out = narhet(&["coverage", "--gtfs", feed.path().to_str().unwrap(), "--date", "2026-11-24"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: 3 of 3 stops lie outside the region Kronobergs län (first: S1 'Ett' at lat 14.8, lon 56.87); latitude and longitude swapped?"),
        "{err}"
    );
}

#[test]
fn strict_makes_a_warning_an_error_and_keeps_the_previous_output() {
    // The swapped-coordinates feed above: a warning without --strict, exit 2 with it, and the
    // output of the run before is left as it was (nothing written, nothing removed).
    let swapped = with(
        minimal(),
        "stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,14.80,56.87\nS2,Två,14.82,56.88\nS3,Tre,14.84,56.89\n",
    );
    let feed = write(&swapped);
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("cov");
    let args = |strict: bool| {
        let mut a = vec!["coverage", "--gtfs", feed.path().to_str().unwrap(), "--date", "2026-11-24"];
        a.extend(["--format", "csv", "--out", out_dir.to_str().unwrap()]);
        if strict {
            a.push("--strict");
        }
        narhet(&a)
    };
    let first = args(false);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let listing = |d: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.file_name().unwrap().to_string_lossy().to_string(), std::fs::read(&p).unwrap()))
            .collect();
        v.sort();
        v
    };
    let before = listing(&out_dir);
    assert!(before.iter().any(|(n, _)| n.ends_with(".csv")), "{:?}", before.iter().map(|x| &x.0).collect::<Vec<_>>());
    let err = refused(&args(true), &["3 of 3 stops lie outside the region", "--strict: warnings are errors"]);
    assert!(!err.contains("warning:"), "a strict run reports the warning as its error: {err}");
    assert_eq!(listing(&out_dir), before, "the previous output is intact");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "no temporary folder left beside it");
}

#[test]
fn a_station_with_thousands_of_platforms_keeps_the_walks_linear() {
    // 600 platforms of one station on one coordinate: stops of a station change in 0 s, which
    // used to link every pair (600 × 599; 20,000 platforms: 400 million). Each keeps its
    // MAX_WALKS nearest siblings.
    let mut stops = String::from(
        "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\nST,Station,56.87,14.80,1,\n\
         S1,Ett,56.95,14.95,0,\nS2,Två,56.9502,14.95,0,\nS3,Tre,56.99,14.99,0,\n",
    );
    for i in 0..600 {
        stops.push_str(&format!("P{i},Plattform,56.87,14.80,0,ST\n"));
    }
    let feed = write(&with(minimal(), "stops.txt", &stops));
    let feed = narhet::feed::load(&[feed.path().to_path_buf()], &LoadOptions::default()).unwrap();
    let date = narhet::date::Date::from_ymd(2026, 11, 24).unwrap();
    let no_walks = narhet::timetable::FootpathOptions { radius_m: 0.0, ..Default::default() };
    let tt = narhet::timetable::Timetable::build(&feed, date, &no_walks);
    let walks: Vec<usize> =
        (0..tt.n_stops()).map(|s| tt.footpaths(narhet::timetable::StopIdx(s as u32)).len()).collect();
    let at = |id: &str| feed.stops.iter().position(|s| s.id == id).unwrap();
    assert_eq!(walks[at("P0")], narhet::timetable::MAX_WALKS);
    assert_eq!(walks.iter().max(), Some(&narhet::timetable::MAX_WALKS));
    assert_eq!(walks[at("S1")], 0, "no walking radius: stops outside the station have no walks");
}

#[test]
fn latin1_population_grid_loads() {
    // A semicolon grid saved as Latin-1 (Kommunnamn "Växjö": ä = E4, ö = F6) used to fail as
    // "stream did not contain valid UTF-8" with no line; the columns read are ASCII.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("grid.csv");
    std::fs::write(&path, b"Ruta;Beftotalt;Kommunkod;Kommunnamn\n4870006300000;12;0780;V\xe4xj\xf6\n").unwrap();
    let g = narhet::region::PopulationGrid::load(&path).unwrap();
    assert_eq!((g.cells.len(), g.total(), g.cells[0].kommunkod), (1, 12, Some(780)));
}

// --- output safety ---------------------------------------------------------------------------

/// `narhet report` on the sample region with the three-stop feed (the sample feed makes the
/// same points, only slower).
fn report_args<'a>(feed: &'a Path, out: &'a str) -> Vec<&'a str> {
    vec!["report", "--gtfs", feed.to_str().expect("utf-8 path"), "--out", out, "--lang", "en"]
}

/// Entries of `dir` whose names start with `prefix`.
fn entries_starting(dir: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

#[test]
fn foreign_output_directory_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("documents");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("thesis.docx"), "precious").unwrap();
    let feed = write(&minimal());
    let out = Command::new(env!("CARGO_BIN_EXE_narhet"))
        .args(report_args(feed.path(), docs.to_str().unwrap()))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    refused(&out, &["documents: exists and was not made by narhet", "choose another --out"]);
    assert_eq!(entries_starting(&docs, ""), vec!["thesis.docx".to_string()]);
    assert_eq!(std::fs::read_to_string(docs.join("thesis.docx")).unwrap(), "precious");
    assert_eq!(entries_starting(tmp.path(), ""), vec!["documents".to_string()], "no temporary directory left");
}

#[cfg(unix)]
#[test]
fn interrupted_report_leaves_the_previous_one() {
    use std::os::unix::process::ExitStatusExt;
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let out_s = out_dir.to_str().unwrap();
    let feed = write(&minimal());
    let run = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_narhet"));
        c.args(report_args(feed.path(), out_s))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(std::process::Stdio::null());
        c
    };
    let first = run().status().unwrap();
    assert!(first.success());
    let before = std::fs::read(out_dir.join("report.html")).unwrap();
    let files_before = entries_starting(&out_dir, "");

    // Second run: wait until it has made its temporary directory, then Ctrl-C it. The signal
    // comes from a shell started beforehand and waiting on its input (its `kill` is a builtin:
    // no process to start at the moment that counts). A run that finishes first anyway (a
    // release build on a busy machine) is tried again.
    let mut status = None;
    // The run to stop gets the lowest priority (`nice -n 19`), so that on a busy machine the
    // test and the shell get to it before it is done.
    let slow_run = || {
        let mut c = Command::new("nice");
        c.args(["-n", "19", env!("CARGO_BIN_EXE_narhet")])
            .args(report_args(feed.path(), out_s))
            .arg("--no-cache")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(std::process::Stdio::null());
        c
    };
    for _ in 0..20 {
        let mut child = slow_run().spawn().unwrap();
        let mut killer = Command::new("sh")
            .args(["-c", "read _ && kill -INT \"$0\"", &child.id().to_string()])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Made, and marked as narhet's (a run stopped between the two leaves a folder the next
        // run may not remove).
        let marked =
            || entries_starting(tmp.path(), ".out.tmp-").iter().any(|d| tmp.path().join(d).join(MARKER).is_file());
        while !marked() {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        use std::io::Write;
        let _ = killer.stdin.take().unwrap().write_all(b"\n");
        let _ = killer.wait();
        let s = child.wait().unwrap();
        status = Some(s);
        if s.signal().is_some() {
            break;
        }
        assert!(s.success(), "{s:?}");
    }
    let status = status.unwrap();
    if status.signal().is_none() {
        // Every run finished before the signal reached it: nothing to check this time (the
        // debug build, slower, always gets there).
        eprintln!("note: 20 runs finished before SIGINT reached them; the interruption is not checked");
        return;
    }
    assert_eq!(status.signal(), Some(2), "the run was interrupted by SIGINT: {status:?}");
    // The previous report is all there, byte for byte.
    assert_eq!(std::fs::read(out_dir.join("report.html")).unwrap(), before);
    assert_eq!(entries_starting(&out_dir, ""), files_before);

    // The next run clears what the interrupted one left behind.
    assert!(run().status().unwrap().success());
    assert_eq!(entries_starting(tmp.path(), ""), vec!["out".to_string()], "no temporary directories left");
    assert_eq!(std::fs::read(out_dir.join("report.html")).unwrap(), before);
}

// --- inputs that crashed ---------------------------------------------------------------------
// Overflows found while writing the fuzz targets (reading the code paths they drive); the fuzz
// runs themselves (see fuzz/README.md) have found no crash so far. Each input is inline.

#[test]
fn time_column_header_with_unicode_space() {
    // gtfs-structures trims headers as Unicode, so "\u{3000}arrival_time" is arrival_time to it;
    // the strict check matched headers trimmed as ASCII only and skipped the column, and
    // gtfs-structures then computed 1193047 × 3600 s, past u32 (a panic in debug builds, a
    // wrong time in release). Now the value is refused on line 2.
    let st = "trip_id,\u{3000}arrival_time,departure_time,stop_id,stop_sequence\nT1,1193047:00:00,,S1,1\nT1,08:10:00,08:10:00,S2,2\n";
    let files = with(minimal(), "stop_times.txt", st);
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let e = load_from_files(&refs, &LoadOptions::default()).unwrap_err();
    assert_eq!(
        (e.file.as_str(), e.line, e.field.as_deref()),
        ("feed/stop_times.txt", Some(2), Some("arrival_time")),
        "{e}"
    );
    assert!(e.message.contains("'1193047:00:00' is not a valid time"), "{e}");
}

#[test]
fn huge_headway_ends_the_expansion() {
    // start 00:00:01 + headway 4294967295 passes u32::MAX: the expansion loop added in u32,
    // which panicked in debug builds and wrapped to 0 in release, looping until memory ran
    // out. One run, at 00:00:01: the template's 08:00 departure shifted by 1 − 28 800 s.
    let fq = "trip_id,start_time,end_time,headway_secs\nT1,00:00:01,00:00:02,4294967295\n";
    let files = with(minimal(), "frequencies.txt", fq);
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let feed = load_from_files(&refs, &LoadOptions::default()).unwrap();
    assert_eq!(feed.run_shifts(0), vec![1 - 8 * 3600]);
}
