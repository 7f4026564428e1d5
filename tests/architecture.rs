//! The shape of the code, checked (as OpenTripPlanner's `RaptorArchitectureTest` keeps its raptor
//! module apart): every `crate::…` path in `src/` is read and the module it names is checked
//! against the allowed dependencies of the module it is written in. A rule written only in prose
//! drifts; this one fails the build.
//!
//! Data flows one way: feed → timetable → router → metrics → analysis → report/compare → cli.
//! Base modules (date, spatial, walk, text, numfmt, export, output) are usable from anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Modules that depend on nothing above them and may be used by every module.
const BASE: &[&str] = &["date", "spatial", "walk", "text", "numfmt", "export", "output", "gtfs_write"];

/// For each top-level module: the other top-level modules it may use besides [`BASE`].
/// A module missing here may use anything but `cli` (checked separately).
fn allowed() -> BTreeMap<&'static str, &'static [&'static str]> {
    BTreeMap::from([
        // The router sees the compact timetable only (and dates) — never GTFS, regions or reports.
        ("router", &["timetable", "date"][..]),
        ("timetable", &["feed"][..]),
        ("feed", &[][..]),
        // Metrics compute from the timetable and typed inputs: never the Feed or the region file.
        ("metrics", &["timetable", "router"][..]),
        // The region file is configuration only.
        ("region", &[][..]),
        // Streets and roads (OSM reading, graphs, snapping, Dijkstra) stand on the base modules
        // alone: the analysis turns them into metric inputs, never the other way round.
        ("network", &[][..]),
    ])
}

/// Base modules that must stay free of the domain: they may use other base modules only.
const BASE_STRICT: &[&str] = &["date", "spatial", "walk", "text", "numfmt", "export", "output", "gtfs_write"];

/// Modules where `gtfs_structures` may appear.
const GTFS_STRUCTURES_IN: &[&str] = &["feed"];
/// Modules where `clap` may appear (library types never derive CLI traits).
const CLAP_IN: &[&str] = &["cli", "main"];

const MAX_FILE_LINES: usize = 700;
const MAX_FN_LINES: usize = 150;
/// `src/cli` holds argument types and short `run` functions: its functions stay short, and the whole
/// module stays small enough that logic creeping into it shows.
const MAX_CLI_LINES: usize = 2200;
const MAX_CLI_FN_LINES: usize = 60;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).expect("src/ is readable").filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to: `src/router/mod.rs` → `router`, `src/date.rs` → `date`.
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).expect("file under src/");
    let first = rel.components().next().expect("non-empty path").as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a file without comments and string literals (so a path in a doc comment or in a
/// message does not count as a dependency).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                if b[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                if i < b.len() && b[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'r' && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#')) && raw_start(b, i) {
            // r"…" or r#"…"#
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"' && b[j + 1..].iter().take(hashes).filter(|&&c| c == b'#').count() == hashes {
                    j += 1 + hashes;
                    break;
                }
                if b[j] == b'\n' {
                    out.push('\n');
                }
                j += 1;
            }
            i = j;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            // A char literal such as '"'.
            out.push_str("' '");
            i += 3;
        } else {
            let ch_len = utf8_len(b[i]);
            out.push_str(&text[i..i + ch_len]);
            i += ch_len;
        }
    }
    out
}

fn raw_start(b: &[u8], i: usize) -> bool {
    // `r` starts a raw string only when it is not the end of an identifier.
    i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Every top-level module named by a `crate::x` path in the code, and the paths that name it,
/// including grouped imports (`use crate::{a::b, c};`).
fn crate_deps(code: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `narhet_crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = matching_brace(group);
            for item in split_top(&group[..end]) {
                let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() && name != "self" {
                    deps.entry(name).or_default().insert(format!("crate::{}", item.trim()));
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let path: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            if !name.is_empty() {
                deps.entry(name).or_default().insert(format!("crate::{path}"));
            }
        }
    }
    deps
}

fn matching_brace(s: &str) -> usize {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            _ => {}
        }
    }
    s.len()
}

/// Splits `a::b, c::{d, e}, f` at top-level commas.
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

struct File {
    path: PathBuf,
    module: String,
    text: String,
    code: String,
}

fn files() -> Vec<File> {
    let mut paths = Vec::new();
    rust_files(&src(), &mut paths);
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).expect("source is UTF-8");
            let code = code_only(&text);
            File { module: module_of(&path), path, text, code }
        })
        .collect()
}

fn rel(p: &Path) -> String {
    p.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap_or(p).display().to_string()
}

#[test]
fn modules_depend_only_downwards() {
    let allowed = allowed();
    let mut bad = Vec::new();
    for f in files() {
        for (dep, paths) in crate_deps(&f.code) {
            if dep == f.module {
                continue;
            }
            let ok = if dep == "cli" {
                f.module == "cli" || f.module == "main"
            } else if BASE_STRICT.contains(&f.module.as_str()) {
                BASE.contains(&dep.as_str())
            } else if let Some(list) = allowed.get(f.module.as_str()) {
                BASE.contains(&dep.as_str()) || list.contains(&dep.as_str())
            } else {
                true
            };
            if !ok {
                bad.push(format!(
                    "{} ({}) uses {}",
                    rel(&f.path),
                    f.module,
                    paths.into_iter().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    assert!(bad.is_empty(), "forbidden dependencies:\n  {}", bad.join("\n  "));
}

#[test]
fn gtfs_structures_and_clap_stay_in_their_modules() {
    let mut bad = Vec::new();
    for f in files() {
        if f.code.contains("gtfs_structures") && !GTFS_STRUCTURES_IN.contains(&f.module.as_str()) {
            bad.push(format!("{} uses gtfs_structures (only src/feed/ may)", rel(&f.path)));
        }
        if f.code.contains("clap") && !CLAP_IN.contains(&f.module.as_str()) {
            bad.push(format!(
                "{} uses clap (only src/cli/ and main.rs may; library types never derive CLI traits)",
                rel(&f.path)
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_module_says_what_it_owns() {
    let bad: Vec<String> = files()
        .into_iter()
        .filter(|f| {
            let name = f.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            // Module roots and single-file modules; a `tests.rs` holds tests only.
            name != "tests.rs" && !f.text.trim_start().starts_with("//!")
        })
        .map(|f| rel(&f.path))
        .collect();
    assert!(bad.is_empty(), "files without a //! module doc comment:\n  {}", bad.join("\n  "));
}

#[test]
fn files_and_functions_stay_small() {
    let mut bad = Vec::new();
    let mut cli_lines = 0;
    for f in files() {
        let n = f.text.lines().count();
        if f.module == "cli" {
            cli_lines += n;
        }
        if n > MAX_FILE_LINES {
            bad.push(format!("{}: {n} lines (at most {MAX_FILE_LINES})", rel(&f.path)));
        }
        for (name, line, len) in functions(&f.code) {
            let max = if f.module == "cli" { MAX_CLI_FN_LINES } else { MAX_FN_LINES };
            if len > max {
                bad.push(format!("{}:{line}: fn {name} has {len} lines (at most {max})", rel(&f.path)));
            }
        }
    }
    if cli_lines > MAX_CLI_LINES {
        bad.push(format!(
            "src/cli/: {cli_lines} lines (at most {MAX_CLI_LINES}: argument types and short run functions)"
        ));
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Functions of rustfmt-formatted code: (name, first line, length in lines from `fn` to its
/// closing brace).
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let indent = l.len() - t.len();
        let Some(pos) = fn_keyword(t) else { continue };
        let name: String = t[pos + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        // The body ends at the first line after the signature that is `}` at the same indent.
        let mut end = None;
        for (j, m) in lines.iter().enumerate().skip(i) {
            let mt = m.trim_start();
            if j > i && m.len() - mt.len() == indent && mt.starts_with('}') {
                end = Some(j);
                break;
            }
            if j == i && (t.ends_with(';') || t.ends_with('}')) {
                end = Some(j);
                break;
            }
        }
        if let Some(e) = end {
            out.push((name, i + 1, e - i + 1));
        }
    }
    out
}

/// Where `fn ` starts a function definition in a trimmed line, if it does.
fn fn_keyword(t: &str) -> Option<usize> {
    let mut rest = t;
    let mut pos = 0;
    for prefix in ["pub(crate) ", "pub(super) ", "pub ", "const ", "async ", "unsafe ", "extern \"\" "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            pos += prefix.len();
            rest = r;
        }
    }
    rest.starts_with("fn ").then_some(pos)
}

#[test]
fn the_checker_reads_paths_as_written() {
    let code = code_only(
        "use crate::{timetable::{StopIdx, Timetable}, date::Date};\n// crate::cli in a comment\nlet s = \"crate::feed\";\nlet x = crate::spatial::to_sweref(1.0, 2.0);\n",
    );
    let deps = crate_deps(&code);
    assert_eq!(deps.keys().cloned().collect::<Vec<_>>(), ["date", "spatial", "timetable"]);
    let f = functions("fn a() {\n    x\n}\n    pub fn b(\n        y: u8,\n    ) -> u8 {\n        y\n    }\n");
    assert_eq!(f, vec![("a".to_string(), 1, 3), ("b".to_string(), 4, 5)]);
}

/// The integration tests are one binary (`autotests = false`): a file in `tests/` that
/// `tests/main.rs` does not declare as a module would never be compiled or run.
#[test]
fn every_test_file_is_a_module() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = fs::read_to_string(dir.join("main.rs")).expect("tests/main.rs is readable");
    let declared: BTreeSet<&str> =
        main.lines().filter_map(|l| l.trim().strip_prefix("mod ")?.strip_suffix(';')).collect();
    let mut missing = Vec::new();
    for e in fs::read_dir(&dir).expect("tests/ is readable").filter_map(Result::ok) {
        let p = e.path();
        let name = p.file_stem().and_then(|n| n.to_str()).unwrap_or("").to_string();
        let is_module = if p.is_dir() { p.join("mod.rs").exists() } else { p.extension().is_some_and(|x| x == "rs") };
        if is_module && name != "main" && !declared.contains(name.as_str()) {
            missing.push(rel(&p));
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "test files tests/main.rs does not declare (`mod <name>;`):\n  {}",
        missing.join("\n  ")
    );
}
