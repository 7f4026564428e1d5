//! CPU time from /proc, for the benches and the timing examples (Linux; 0 elsewhere). Shared by
//! `#[path]` so each measuring program reads it the same way.

/// CPU seconds (user + system) used so far by `scope`: `"self"` (the process) or
/// `"thread-self"` (the calling thread).
pub fn cpu_secs(scope: &str) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{scope}/stat")) else { return 0.0 };
    let Some(rest) = stat.rsplit_once(')').map(|x| x.1) else { return 0.0 };
    let f: Vec<&str> = rest.split_whitespace().collect();
    // After the command: state is field 3, utime 14 and stime 15 (1-based over the whole line).
    let ticks = |i: usize| f.get(i - 3).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(14) + ticks(15)) / 100.0
}
