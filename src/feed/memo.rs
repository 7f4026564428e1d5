//! The memo of content keys by file metadata (see the module doc of the cache): one small
//! file per set of inputs, `memo-<hash of paths, options and metadata>`, holding the content
//! key and when it was made.
//!
//! Within `feed` only.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::LoadOptions;
use super::source::KNOWN;

/// Files changed less than this before a memo was made are hashed again.
const SETTLED: Duration = Duration::from_secs(2);

pub(super) struct Memo {
    file: PathBuf,
    /// The latest change of any input file.
    newest: SystemTime,
}

impl Memo {
    /// The memo for these inputs as they are now; `None` where metadata is not enough (not
    /// Unix, or a file that cannot be looked at).
    pub fn of(paths: &[PathBuf], opts: &LoadOptions, dir: &Path) -> Option<Memo> {
        let mut all: Vec<u8> = format!("{}\n{opts:?}\n", env!("CARGO_PKG_VERSION")).into_bytes();
        let mut newest = SystemTime::UNIX_EPOCH;
        for p in paths {
            all.extend_from_slice(p.display().to_string().as_bytes());
            all.push(0);
            let files: Vec<PathBuf> =
                if p.is_dir() { KNOWN.iter().map(|n| p.join(n)).collect() } else { vec![p.clone()] };
            for f in files {
                match std::fs::metadata(&f) {
                    Ok(m) => {
                        all.extend_from_slice(&stamp(&m)?);
                        newest = newest.max(m.modified().ok()?).max(changed(&m)?);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => all.push(b'-'),
                    Err(_) => return None,
                }
            }
        }
        let file = dir.join(format!("memo-{:032x}", xxhash_rust::xxh3::xxh3_128(&all)));
        Some(Memo { file, newest })
    }

    /// The content key memoised, if the memo was made after the files had settled.
    pub fn key(&self) -> Option<u128> {
        let text = std::fs::read_to_string(&self.file).ok()?;
        let (key, made) = text.trim().split_once(' ')?;
        let made = SystemTime::UNIX_EPOCH + Duration::from_nanos(made.parse().ok()?);
        let settled = self.newest.checked_add(SETTLED)? <= made;
        settled.then(|| u128::from_str_radix(key, 16).ok()).flatten()
    }

    /// Memoises the content key (through a temporary file renamed into place); failures are
    /// ignored (the next run hashes again).
    pub fn remember(&self, key: u128) {
        let Some(dir) = self.file.parent() else { return };
        let made = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        if self.newest.checked_add(SETTLED).is_none_or(|s| s > SystemTime::now()) {
            return;
        }
        let tmp = dir.join(format!(".tmp-memo-{}-{made:x}", std::process::id()));
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&tmp, format!("{key:032x} {made}\n")))
            .and_then(|()| std::fs::rename(&tmp, &self.file));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

#[cfg(unix)]
fn stamp(m: &std::fs::Metadata) -> Option<Vec<u8>> {
    use std::os::unix::fs::MetadataExt;
    let v = [m.len() as i64, m.mtime(), m.mtime_nsec(), m.ctime(), m.ctime_nsec(), m.ino() as i64, m.dev() as i64];
    Some(v.iter().flat_map(|x| x.to_le_bytes()).collect())
}

#[cfg(not(unix))]
fn stamp(_: &std::fs::Metadata) -> Option<Vec<u8>> {
    None
}

#[cfg(unix)]
fn changed(m: &std::fs::Metadata) -> Option<SystemTime> {
    use std::os::unix::fs::MetadataExt;
    let secs = u64::try_from(m.ctime()).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::new(secs, m.ctime_nsec() as u32))
}

#[cfg(not(unix))]
fn changed(_: &std::fs::Metadata) -> Option<SystemTime> {
    None
}
