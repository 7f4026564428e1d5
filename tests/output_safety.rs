//! Never lose a user's data, through the real binary (issue 19): an output folder is never an
//! input of the run, a folder or file narhet did not make, or reached through a symbolic link;
//! a run killed or stopped by a full or read-only disk leaves the previous output as it was and
//! an error naming the path; two runs into one folder both succeed; the network cache obeys the
//! same rules; a reader that closes the pipe early ends the command quietly.
//!
//! The full and read-only disks come from `.ci/run` (root, small tmpfs mounts) through
//! `NARHET_TEST_FULL_DISK` and `NARHET_TEST_READONLY_DIR`; without them those tests print a
//! notice and pass. Nothing here sleeps or measures time: the interrupted run is stopped while
//! it is blocked reading a named pipe.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::*;
use narhet::output::{CACHE_TAG, MARKER};

const DATE: &str = "2026-11-24";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run in the repository (for the sample region), with its network cache in
/// `cache` (a folder of the test's own).
fn cmd(cache: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_narhet"));
    c.args(args).current_dir(root()).env("NARHET_CACHE_DIR", cache);
    c
}

fn run(cache: &Path, args: &[&str]) -> Output {
    cmd(cache, args).output().expect("run narhet")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn ok(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "stderr: {err}");
    err
}

/// Exit 2, an `error:` line holding each of `parts`, no panic.
fn refused(out: &Output, parts: &[&str]) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "exit code; stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("error: "), "{err}");
    for p in parts {
        assert!(err.contains(p), "expected {p:?} in: {err}");
    }
    err
}

/// Every file under `dir` with its bytes, sorted (hidden ones too).
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if e.file_type().expect("file type").is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("under dir").display().to_string();
                out.push((rel, std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

/// A tiny feed, a query file for it and a cache folder, in one temporary folder.
struct Setup {
    tmp: tempfile::TempDir,
    feed: PathBuf,
    queries: PathBuf,
    cache: PathBuf,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().expect("tempdir");
    let feed = tmp.path().join("feed");
    std::fs::create_dir(&feed).expect("mkdir");
    for (n, t) in minimal() {
        std::fs::write(feed.join(n), t).expect("write feed");
    }
    let queries = tmp.path().join("queries.csv");
    std::fs::write(&queries, "origin_stop_id,destination_stop_id,departure_time\nS1,S3,07:55\n").expect("write");
    let cache = tmp.path().join("cache");
    Setup { tmp, feed, queries, cache }
}

impl Setup {
    fn od(&self, out: &Path) -> Output {
        run(&self.cache, &self.od_args(out))
    }

    fn od_args<'a>(&'a self, out: &'a Path) -> Vec<&'a str> {
        vec!["od", "--gtfs", s(&self.feed), "--date", DATE, "--queries", s(&self.queries), "--out", s(out)]
    }

    fn report(&self, out: &Path) -> Output {
        run(&self.cache, &["report", "--gtfs", s(&self.feed), "--date", DATE, "--lang", "en", "--out", s(out)])
    }
}

#[test]
fn an_input_of_the_run_is_never_the_output() {
    let t = setup();
    let before = snapshot(t.tmp.path());
    // The feed folder itself (this used to exit 0 and delete the feed), a folder holding it, a
    // folder inside it, and a file of it.
    refused(&t.report(&t.feed), &["an input of this run", "is '"]);
    refused(&t.report(t.tmp.path()), &["holds '"]);
    refused(&t.report(&t.feed.join("out")), &["lies inside '"]);
    let stops = t.feed.join("stops.txt");
    refused(&run(&t.cache, &["stops", "--gtfs", s(&t.feed), "--date", DATE, "--out", s(&stops)]), &["--out"]);
    refused(&t.od(&t.queries), &["--out"]);
    refused(&run(&t.cache, &["ptal", "--gtfs", s(&t.feed), "--out", "regions/kronoberg"]), &["holds '"]);
    assert_eq!(snapshot(t.tmp.path()), before, "nothing changed, nothing left behind");
}

#[test]
fn the_shipped_sample_feed_is_not_an_output_folder() {
    let sample = root().join("gtfs/kronoberg");
    assert!(!sample.join(MARKER).exists(), "the sample must not carry an output marker");
    let t = setup();
    let before = snapshot(&sample);
    // As the default feed, it is an input; given another feed, it is a folder narhet did not make.
    refused(&run(&t.cache, &["report", "--out", "gtfs/kronoberg"]), &["an input of this run"]);
    refused(&t.report(&sample), &["was not made by narhet"]);
    assert_eq!(snapshot(&sample), before);
    assert!(names(&root().join("gtfs")).iter().all(|n| !n.starts_with('.')), "no temporary folder in gtfs/");
}

#[test]
fn a_folder_with_the_users_files_is_never_written() {
    let t = setup();
    let mine = t.tmp.path().join("mine");
    std::fs::create_dir(&mine).expect("mkdir");
    std::fs::write(mine.join("cells.csv"), "my own cells").expect("write");
    std::fs::write(mine.join("ptal_cells.csv"), "my own ptal").expect("write");
    refused(
        &run(&t.cache, &["coverage", "--gtfs", s(&t.feed), "--format", "csv", "--out", s(&mine)]),
        &["was not made by narhet"],
    );
    refused(&run(&t.cache, &["ptal", "--gtfs", s(&t.feed), "--out", s(&mine)]), &["was not made by narhet"]);
    #[cfg(unix)]
    {
        // Also not through a symbolic link to it, nor to a folder narhet made.
        let link = t.tmp.path().join("link");
        std::os::unix::fs::symlink(&mine, &link).expect("symlink");
        refused(&run(&t.cache, &["ptal", "--gtfs", s(&t.feed), "--out", s(&link)]), &["symbolic link"]);
        let made = t.tmp.path().join("made");
        ok(&t.od(&made));
        let link2 = t.tmp.path().join("link2");
        std::os::unix::fs::symlink(&made, &link2).expect("symlink");
        refused(&t.od(&link2), &["symbolic link"]);
    }
    assert_eq!(names(&mine), ["cells.csv", "ptal_cells.csv"]);
    assert_eq!(std::fs::read_to_string(mine.join("cells.csv")).expect("read"), "my own cells");
}

#[test]
fn a_file_the_user_adds_or_edits_in_an_output_stops_the_next_run() {
    let t = setup();
    let out = t.tmp.path().join("od");
    ok(&t.od(&out));
    let answers = std::fs::read(out.join("answers.csv")).expect("answers");
    std::fs::write(out.join("notes.txt"), "mine").expect("write");
    refused(&t.od(&out), &["holds 'notes.txt', which narhet did not write"]);
    std::fs::remove_file(out.join("notes.txt")).expect("rm");
    std::fs::write(out.join("answers.csv"), "edited in Excel").expect("write");
    refused(&t.od(&out), &["'answers.csv' was changed after narhet wrote it"]);
    std::fs::write(out.join("answers.csv"), &answers).expect("write");
    ok(&t.od(&out));
    assert_eq!(std::fs::read(out.join("answers.csv")).expect("answers"), answers);
}

#[test]
fn commands_write_side_by_side_and_never_over_each_other() {
    let t = setup();
    let out = t.tmp.path().join("out");
    ok(&t.od(&out.join("od")));
    ok(&run(&t.cache, &["stops", "--gtfs", s(&t.feed), "--date", DATE, "--out", s(&out.join("stops"))]));
    // coverage given --out without --format writes its files (it used to write none).
    let cov = run(&t.cache, &["coverage", "--gtfs", s(&t.feed), "--date", DATE, "--out", s(&out.join("coverage"))]);
    ok(&cov);
    assert!(out.join("coverage/cells.csv").is_file() && out.join("coverage/coverage.json").is_file());
    assert_eq!(names(&out), ["coverage", "od", "stops"]);
    assert!(out.join("od/answers.csv").is_file() && out.join("stops/stops.csv").is_file());
    refused(&t.od(&out.join("stops")), &["holds the output of `narhet stops`, not of `narhet od`"]);
    // A folder inside another output is refused: the next run of that command replaces it whole.
    refused(&t.od(&out.join("stops/od")), &["lies inside"]);
}

#[test]
fn two_runs_into_one_folder_both_succeed() {
    let t = setup();
    let out = t.tmp.path().join("od");
    for _ in 0..3 {
        let a = cmd(&t.cache, &t.od_args(&out)).stderr(Stdio::piped()).spawn().expect("spawn");
        let b = cmd(&t.cache, &t.od_args(&out)).stderr(Stdio::piped()).spawn().expect("spawn");
        ok(&a.wait_with_output().expect("wait"));
        ok(&b.wait_with_output().expect("wait"));
        assert!(out.join(MARKER).is_file() && out.join("answers.csv").is_file());
        assert_eq!(names(t.tmp.path()), ["cache", "feed", "od", "queries.csv"], "no leftovers");
    }
}

/// A run killed while it works (here: blocked opening its query file, a named pipe, after it
/// made its temporary folder) leaves the previous output byte for byte; the next run removes
/// what the killed one left.
#[cfg(unix)]
#[test]
fn a_killed_run_leaves_the_previous_output() {
    let t = setup();
    let out = t.tmp.path().join("od");
    ok(&t.od(&out));
    let before = snapshot(&out);
    let fifo = t.tmp.path().join("pipe.csv");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo not available; the interrupted run is not checked");
        return;
    }
    let mut args = t.od_args(&out);
    args[6] = s(&fifo);
    let mut child = cmd(&t.cache, &args).stderr(Stdio::null()).spawn().expect("spawn");
    // Opening the pipe for writing returns once the run opened it for reading: by then it has
    // made its temporary folder. (A run that fails first would leave this open waiting, so
    // the wait happens on a thread and the run's exit is watched.)
    let (tx, rx) = std::sync::mpsc::channel();
    let f = fifo.clone();
    std::thread::spawn(move || tx.send(std::fs::OpenOptions::new().write(true).open(f)).ok());
    let writer = loop {
        match rx.recv_timeout(std::time::Duration::from_millis(100)) {
            Ok(w) => break w.expect("open the pipe"),
            Err(_) => assert!(child.try_wait().expect("try_wait").is_none(), "the run ended before reading the pipe"),
        }
    };
    let pending: Vec<String> = names(t.tmp.path()).into_iter().filter(|n| n.starts_with(".od.tmp-")).collect();
    assert_eq!(pending.len(), 1, "the run's temporary folder: {:?}", names(t.tmp.path()));
    // TERM, not INT: a run started in the background of a non-interactive shell ignores SIGINT
    // (and so would hang here on its blocked read).
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    let status = child.wait().expect("wait");
    drop(writer);
    assert!(!status.success(), "{status:?}");
    assert_eq!(snapshot(&out), before, "the previous output, byte for byte");
    ok(&t.od(&out));
    assert_eq!(snapshot(&out), before);
    assert_eq!(names(t.tmp.path()), ["cache", "feed", "od", "pipe.csv", "queries.csv"], "leftovers removed");
}

/// Fills the file system of `dir` to the last byte, then frees `leave` bytes.
fn fill(dir: &Path, leave: u64) {
    use std::io::Write;
    let mut f = std::fs::File::create(dir.join("filler")).expect("filler");
    let chunk = vec![0u8; 64 * 1024];
    while f.write_all(&chunk).is_ok() {}
    let _ = f.flush();
    let len = f.metadata().expect("metadata").len();
    f.set_len(len.saturating_sub(leave)).expect("truncate");
}

#[test]
fn a_full_disk_keeps_the_previous_output_and_names_the_file() {
    let Some(disk) = std::env::var_os("NARHET_TEST_FULL_DISK").map(PathBuf::from) else {
        eprintln!("note: NARHET_TEST_FULL_DISK not set (.ci/run mounts a small tmpfs): disk-full not checked");
        return;
    };
    let t = setup();
    let work = tempfile::tempdir_in(&disk).expect("tempdir on the small disk");
    let out = work.path().join("stops");
    let sample = ["stops", "--gtfs", "gtfs/kronoberg", "--date", DATE, "--out", s(&out)];
    ok(&run(&t.cache, &sample));
    let before = snapshot(&out);
    // Room for a little, not for the whole table (the sample's stops.geojson is far larger).
    fill(work.path(), 8 * 1024);
    let mut geo = sample.to_vec();
    geo.extend(["--format", "geojson"]);
    let target = out.join("stops.geojson");
    let err = refused(&run(&t.cache, &geo), &[s(&target), "No space left on device", "nothing was replaced"]);
    assert_eq!(err.matches("No space left").count(), 1, "said once: {err}");
    assert!(!err.contains(".tmp-"), "the file as the user will know it, not the temporary folder: {err}");
    assert_eq!(snapshot(&out), before, "the previous output survives");
    assert_eq!(names(work.path()), ["filler", "stops"], "no half-written folder left");
    // The standard output on a full disk: an error, not a panic.
    let full = std::fs::File::create("/dev/full");
    if let Ok(full) = full {
        let out = cmd(&t.cache, &["summary", "--gtfs", s(&t.feed)]).stdout(full).output().expect("run");
        refused(&out, &["No space left on device"]);
    }
}

#[test]
fn a_read_only_disk_is_an_error_naming_the_path() {
    let Some(ro) = std::env::var_os("NARHET_TEST_READONLY_DIR").map(PathBuf::from) else {
        eprintln!("note: NARHET_TEST_READONLY_DIR not set (.ci/run mounts one): read-only output not checked");
        return;
    };
    let t = setup();
    let out = ro.join("od");
    let err = refused(&t.od(&out), &[s(&out), "Read-only file system"]);
    assert!(!err.contains(".tmp-"), "{err}");
}

/// `narhet … | head`: the reader goes away before the command writes. The command ends quietly
/// (exit 0), never with a panic.
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let t = setup();
    let out_dir = t.tmp.path().join("cmp");
    let feed = s(&t.feed);
    let commands: Vec<Vec<&str>> = vec![
        vec!["summary", "--gtfs", feed, "--format", "json"],
        vec!["summary", "--gtfs", feed],
        vec!["route", "--gtfs", feed, "--date", DATE, "--from", "S1", "--to", "S3", "--depart", "07:50"],
        vec!["stops", "--gtfs", feed, "--date", DATE],
        vec!["od", "--gtfs", feed, "--date", DATE, "--queries", s(&t.queries)],
        vec!["reach", "--gtfs", feed, "--date", DATE, "--format", "json"],
        vec!["validate", "--gtfs", feed, "--format", "json"],
        vec!["validate", "--gtfs", feed],
    ];
    for args in commands {
        let mut child = cmd(&t.cache, &args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    assert!(!out_dir.exists());
}

#[test]
fn the_network_cache_writes_only_into_its_own_folder() {
    let t = setup();
    let summary = |cache: &Path| run(cache, &["summary", "--gtfs", s(&t.feed), "-v"]);
    // A new folder: made, tagged and written.
    let err = ok(&summary(&t.cache));
    assert!(err.contains("network cache: written to"), "{err}");
    assert!(t.cache.join(CACHE_TAG).is_file());
    assert!(ok(&summary(&t.cache)).contains("network cache: read"));
    // A folder of the user's (NARHET_CACHE_DIR set to the wrong place): not a byte written.
    let docs = t.tmp.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    std::fs::write(docs.join("memo-to-self.txt"), "mine").expect("write");
    let err = ok(&summary(&docs));
    assert!(err.contains("network cache: not written"), "{err}");
    assert_eq!(names(&docs), ["memo-to-self.txt"]);
    // The feed's own folder: not written either.
    let before = snapshot(&t.feed);
    ok(&summary(&t.feed));
    assert_eq!(snapshot(&t.feed), before);
    #[cfg(unix)]
    {
        // A symbolic link as the cache folder: not written through.
        let real = t.tmp.path().join("real");
        std::fs::create_dir(&real).expect("mkdir");
        let link = t.tmp.path().join("cachelink");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let err = ok(&summary(&link));
        assert!(err.contains("symbolic link"), "{err}");
        assert!(names(&real).is_empty());
    }
}
