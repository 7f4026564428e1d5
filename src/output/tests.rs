use super::*;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    v.sort();
    v
}

#[test]
fn replaces_only_our_own_folders() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("out");
    let d = OutDir::create(&target, "report", &[]).unwrap();
    d.write("report.html", "one").unwrap();
    d.commit().unwrap();
    assert_eq!(std::fs::read_to_string(target.join("report.html")).unwrap(), "one");

    // A failed run (dropped before commit) leaves the previous result intact.
    let d = OutDir::create(&target, "report", &[]).unwrap();
    d.write("report.html", "half").unwrap();
    drop(d);
    assert_eq!(std::fs::read_to_string(target.join("report.html")).unwrap(), "one");

    let d = OutDir::create(&target, "report", &[]).unwrap();
    d.write("tables/a.csv", "two").unwrap();
    d.commit().unwrap();
    assert!(!target.join("report.html").exists());
    assert_eq!(std::fs::read_to_string(target.join("tables/a.csv")).unwrap(), "two");
    assert_eq!(names(root.path()), vec!["out"], "no temporary leftovers");

    // Leftovers of runs killed mid-way (marked, unlocked) go at the next start; unmarked ones stay.
    for left in [".out.tmp-1", ".out.old-2", ".out.tmp-3"] {
        std::fs::create_dir(root.path().join(left)).unwrap();
    }
    std::fs::write(root.path().join(".out.tmp-1").join(MARKER), "").unwrap();
    std::fs::write(root.path().join(".out.old-2").join(MARKER), "").unwrap();
    OutDir::create(&target, "report", &[]).unwrap().commit().unwrap();
    assert_eq!(names(root.path()), vec![".out.tmp-3", "out"]);
    std::fs::remove_dir(root.path().join(".out.tmp-3")).unwrap();

    let foreign = root.path().join("documents");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.docx"), "precious").unwrap();
    assert!(matches!(OutDir::create(&foreign, "report", &[]), Err(OutputError::NotOurs(_))));
    assert_eq!(std::fs::read_to_string(foreign.join("thesis.docx")).unwrap(), "precious");
}

#[test]
fn a_live_runs_temporary_folder_survives_another_runs_start() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("out");
    let a = OutDir::create(&target, "reach", &[]).unwrap();
    a.write("x.csv", "a").unwrap();
    // b's start-up clean-up finds a's temporary folder, locked: it stays.
    let b = OutDir::create(&target, "reach", &[]).unwrap();
    assert!(a.path().join("x.csv").is_file());
    b.write("x.csv", "b").unwrap();
    a.commit().unwrap();
    b.commit().unwrap();
    assert_eq!(std::fs::read_to_string(target.join("x.csv")).unwrap(), "b");
    assert!(target.join(MARKER).is_file());
    assert_eq!(names(root.path()), vec!["out"]);
}

#[test]
fn a_users_file_in_our_folder_is_never_deleted() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("out");
    let d = OutDir::create(&target, "coverage", &[]).unwrap();
    d.write("cells.csv", "narhet's").unwrap();
    d.commit().unwrap();
    // A file added by the user: refused, before and at the swap.
    std::fs::write(target.join("notes.txt"), "mine").unwrap();
    let e = OutDir::create(&target, "coverage", &[]).err().unwrap();
    assert!(e.to_string().contains("holds 'notes.txt', which narhet did not write"), "{e}");
    std::fs::remove_file(target.join("notes.txt")).unwrap();
    let d = OutDir::create(&target, "coverage", &[]).unwrap();
    std::fs::write(target.join("notes.txt"), "mine").unwrap();
    assert!(matches!(d.commit(), Err(OutputError::Foreign { .. })));
    assert_eq!(std::fs::read_to_string(target.join("notes.txt")).unwrap(), "mine");
    assert_eq!(std::fs::read_to_string(target.join("cells.csv")).unwrap(), "narhet's");
    std::fs::remove_file(target.join("notes.txt")).unwrap();
    // A file the user edited (saved from Excel): refused too.
    std::fs::write(target.join("cells.csv"), "edited").unwrap();
    let e = OutDir::create(&target, "coverage", &[]).err().unwrap();
    assert!(e.to_string().contains("'cells.csv' was changed after narhet wrote it"), "{e}");
    // Another command's output is not replaced either.
    std::fs::write(target.join("cells.csv"), "narhet's").unwrap();
    let e = OutDir::create(&target, "ptal", &[]).err().unwrap();
    assert!(e.to_string().contains("holds the output of `narhet coverage`, not of `narhet ptal`"), "{e}");
    // An older marker without a file list: refused.
    std::fs::write(target.join(MARKER), "made by narhet; this directory is replaced by the next run\n").unwrap();
    assert!(matches!(OutDir::create(&target, "coverage", &[]), Err(OutputError::Legacy(_))));
}

#[test]
fn inputs_and_their_folders_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let feed = root.path().join("gtfs/kronoberg");
    std::fs::create_dir_all(&feed).unwrap();
    std::fs::write(feed.join("stops.txt"), "x").unwrap();
    let region = root.path().join("regions/r.toml");
    std::fs::create_dir_all(region.parent().unwrap()).unwrap();
    std::fs::write(&region, "x").unwrap();
    let inputs = [feed.clone(), region.clone()];
    for (target, relation) in [
        (feed.clone(), "is"),
        (root.path().join("gtfs"), "holds"),
        (feed.join("sub"), "lies inside"),
        (root.path().join("gtfs/kronoberg/../kronoberg/stops.txt"), "lies inside"),
        (root.path().join("regions"), "holds"),
        (region.clone(), "is"),
    ] {
        let e = OutDir::create(&target, "report", &inputs).err().unwrap();
        assert!(e.to_string().contains(&format!(": {relation} '")), "{target:?}: {e}");
    }
    assert!(OutDir::create(&root.path().join("regions/out"), "report", &inputs).is_ok());
    assert_eq!(names(&feed), vec!["stops.txt"]);
    assert!(matches!(OutDir::create(Path::new("."), "report", &[]), Err(OutputError::NoName(_))));
}

#[cfg(unix)]
#[test]
fn symlinks_and_folders_inside_outputs_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let real = root.path().join("real");
    let d = OutDir::create(&real, "reach", &[]).unwrap();
    d.write("cells.csv", "1").unwrap();
    d.commit().unwrap();
    let link = root.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    assert!(matches!(OutDir::create(&link, "reach", &[]), Err(OutputError::Symlink(_))));
    assert!(matches!(OutDir::create(&real.join("inner"), "reach", &[]), Err(OutputError::InsideOutput { .. })));
    // A symlink narhet finds inside its own folder is not its own: refused.
    std::os::unix::fs::symlink("/etc/passwd", real.join("cells.geojson")).unwrap();
    assert!(matches!(OutDir::create(&real, "reach", &[]), Err(OutputError::Foreign { .. })));
}

#[test]
fn marker_round_trip() {
    let mut m = Manifest::new();
    m.insert("a b/c.csv".into(), (3, 0xdead));
    m.insert("x".into(), (0, 1));
    assert_eq!(parse_marker(&marker_text("report", &m)), Some(("report".to_string(), m)));
    assert_eq!(parse_marker("made by narhet; this directory is replaced by the next run\n"), None);
    // An in-progress marker (no file list) is not a finished output.
    assert_eq!(parse_marker(&format!("{MARKER_HEAD}\nkind: report\n# a run\n")), None);
}
