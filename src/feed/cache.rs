//! The network cache: a loaded [`Feed`] kept on disk in a versioned binary form (see
//! [`super::codec`]), as R5 keeps `network.dat` and OpenTripPlanner `graph.obj`, so that every
//! later command on the same inputs starts without parsing GTFS.
//!
//! An entry is named by a 128-bit content hash (xxh3) of everything that shapes the loaded
//! feed: every byte of every file the loader reads (a zip as it is), the paths as given (they
//! appear in messages and in [`FeedSource::path`]), the [`LoadOptions`], the cache format and
//! narhet's version. A changed input, option or version therefore names another entry and is
//! never served stale. An entry holds the key again, its length and a hash of its body; one
//! that is truncated, damaged or of another format is not trusted but rebuilt.
//!
//! Entries are written to a temporary file in the cache folder and renamed into place, so two
//! runs building the same entry at once each write a whole file and readers never see half of
//! one. The folder keeps the [`KEEP`] most recently used entries. It is never a feed's folder:
//! `NARHET_CACHE_DIR`, else `$XDG_CACHE_HOME/narhet`, else `~/.cache/narhet`.
//!
//! Within `feed` only (source, codec, memo); no other part of narhet.

use std::path::{Path, PathBuf};

use super::codec::{self, FORMAT, Reader, Writer};
use super::memo::Memo;
use super::source::Input;
use super::{Feed, FeedError, LoadOptions};

/// Entries kept in the cache folder (the least recently used beyond are removed).
pub const KEEP: usize = 16;

const MAGIC: &[u8; 8] = b"NARHETNC";
/// Magic, format, key, body length, body hash.
const HEADER: usize = 8 + 4 + 16 + 8 + 16;

/// Where the network cache lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cache {
    dir: PathBuf,
}

/// What the cache did for one load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheUse {
    /// The feed was read from this entry.
    Hit(PathBuf),
    /// The feed was loaded from GTFS and written to this entry.
    Written(PathBuf),
    /// The feed was loaded from GTFS; the entry could not be written (why).
    NotWritten(PathBuf, String),
}

impl std::fmt::Display for CacheUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CacheUse::Hit(p) => write!(f, "network cache: read {}", p.display()),
            CacheUse::Written(p) => write!(f, "network cache: written to {}", p.display()),
            CacheUse::NotWritten(p, why) => write!(f, "network cache: not written to {} ({why})", p.display()),
        }
    }
}

impl Cache {
    /// A cache in `dir` (created when first written).
    pub fn at(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// The default location: `$NARHET_CACHE_DIR`, else `$XDG_CACHE_HOME/narhet`, else
    /// `$HOME/.cache/narhet`; `None` when none of these is set.
    pub fn default_location() -> Option<Cache> {
        let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
        var("NARHET_CACHE_DIR")
            .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("narhet")))
            .or_else(|| var("HOME").map(|h| h.join(".cache").join("narhet")))
            .map(Cache::at)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The entry for `key`.
    fn entry(&self, key: u128) -> PathBuf {
        self.dir.join(format!("feed-{key:032x}.bin"))
    }
}

/// Loads and merges feeds as [`super::load`] does, through the cache: the same inputs, options
/// and version give the entry written by an earlier load, equal to what loading would give.
pub fn load_cached(paths: &[PathBuf], opts: &LoadOptions, cache: &Cache) -> Result<(Feed, CacheUse), FeedError> {
    // The content key as memoised for these files' metadata, if it may be trusted.
    let memo = Memo::of(paths, opts, &cache.dir);
    if let Some(k) = memo.as_ref().and_then(|m| m.key())
        && let Some(hit) = hit(cache, k)
    {
        return Ok(hit);
    }
    let mut inputs = Vec::with_capacity(paths.len());
    for p in paths {
        match Input::open(p) {
            Ok(i) => inputs.push(i),
            // Report the error as loading does, in its order among the feeds' errors.
            Err(_) => {
                let feed = super::load(paths, opts)?;
                return Ok((
                    feed,
                    CacheUse::NotWritten(cache.dir.clone(), "an input could not be read at first".into()),
                ));
            }
        }
    }
    let k = key(paths, &inputs, opts);
    if let Some(m) = &memo {
        m.remember(k);
    }
    if let Some(hit) = hit(cache, k) {
        return Ok(hit);
    }
    let entry = cache.entry(k);
    let feed = super::load_inputs(paths, inputs.into_iter().map(Ok), opts)?;
    let used = match write(cache, &entry, k, &feed) {
        Ok(()) => CacheUse::Written(entry),
        Err(e) => CacheUse::NotWritten(entry, e.to_string()),
    };
    Ok((feed, used))
}

/// The feed in the entry for `key`, marked used (for the pruning of old entries).
fn hit(cache: &Cache, key: u128) -> Option<(Feed, CacheUse)> {
    let entry = cache.entry(key);
    let feed = read(&entry, key)?;
    // A failure to mark it only makes it look older.
    let _ = std::fs::File::options().append(true).open(&entry).and_then(|f| f.set_modified(now()));
    Some((feed, CacheUse::Hit(entry)))
}

fn now() -> std::time::SystemTime {
    std::time::SystemTime::now()
}

/// The content key of a load: inputs, paths, options, format and version.
fn key(paths: &[PathBuf], inputs: &[Input], opts: &LoadOptions) -> u128 {
    let mut all: Vec<u8> = Vec::new();
    all.extend_from_slice(MAGIC);
    all.extend_from_slice(&FORMAT.to_le_bytes());
    let version = env!("CARGO_PKG_VERSION");
    all.extend_from_slice(&(version.len() as u64).to_le_bytes());
    all.extend_from_slice(version.as_bytes());
    let LoadOptions { max_uncompressed_bytes, max_stop_times } = opts;
    all.extend_from_slice(&max_uncompressed_bytes.to_le_bytes());
    all.extend_from_slice(&max_stop_times.to_le_bytes());
    for (path, input) in paths.iter().zip(inputs) {
        let shown = path.display().to_string();
        all.extend_from_slice(&(shown.len() as u64).to_le_bytes());
        all.extend_from_slice(shown.as_bytes());
        all.extend_from_slice(&input.hash().to_le_bytes());
    }
    xxhash_rust::xxh3::xxh3_128(&all)
}

/// The feed in entry `path` if it is a whole, undamaged entry of this format for `key`.
fn read(path: &Path, key: u128) -> Option<Feed> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the map is only read. Entries are written whole and renamed into place, never
    // changed in place, so the mapped bytes stay as they are (a later run replaces the
    // directory entry, not this file's contents).
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let bytes: &[u8] = &map;
    let (head, body) = (bytes.get(..HEADER)?, bytes.get(HEADER..)?);
    let u64_at = |i: usize| head.get(i..i + 8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes);
    let u128_at = |i: usize| head.get(i..i + 16).and_then(|b| b.try_into().ok()).map(u128::from_le_bytes);
    let format = head.get(8..12).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes)?;
    let ok = &head[..8] == MAGIC
        && format == FORMAT
        && u128_at(12)? == key
        && u64_at(28)? == body.len() as u64
        && u128_at(36)? == super::split::hash(body);
    if !ok {
        return None;
    }
    let mut r = Reader::new(body);
    let feed = codec::read(&mut r)?;
    r.done().then_some(feed)
}

/// Writes the entry through a temporary file renamed into place; then prunes old entries.
fn write(cache: &Cache, entry: &Path, key: u128, feed: &Feed) -> std::io::Result<()> {
    std::fs::create_dir_all(&cache.dir)?;
    let mut w = Writer(Vec::with_capacity(HEADER + feed.calls.len() * 13 + feed.trips.len() * 64));
    w.0.resize(HEADER, 0);
    codec::write(&mut w, feed);
    let mut bytes = w.0;
    let body_len = (bytes.len() - HEADER) as u64;
    let body_hash = super::split::hash(&bytes[HEADER..]);
    bytes[..8].copy_from_slice(MAGIC);
    bytes[8..12].copy_from_slice(&FORMAT.to_le_bytes());
    bytes[12..28].copy_from_slice(&key.to_le_bytes());
    bytes[28..36].copy_from_slice(&body_len.to_le_bytes());
    bytes[36..52].copy_from_slice(&body_hash.to_le_bytes());
    let tmp = cache.dir.join(format!(".tmp-{}-{:x}", std::process::id(), key as u64 ^ nanos()));
    let written = std::fs::write(&tmp, &bytes).and_then(|()| std::fs::rename(&tmp, entry));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    prune(&cache.dir);
    Ok(())
}

fn nanos() -> u64 {
    now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
}

/// Removes all but the [`KEEP`] most recently used entries, and temporary files left behind
/// by runs that stopped (older than an hour). Failures are ignored: another run may be doing
/// the same.
fn prune(dir: &Path) {
    let Ok(list) = std::fs::read_dir(dir) else { return };
    let mut entries = Vec::new();
    for e in list.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Ok(modified) = e.metadata().and_then(|m| m.modified()) else { continue };
        if (name.starts_with("feed-") && name.ends_with(".bin")) || name.starts_with("memo-") {
            entries.push((modified, e.path()));
        } else if name.starts_with(".tmp-") && now().duration_since(modified).is_ok_and(|d| d.as_secs() > 3600) {
            let _ = std::fs::remove_file(e.path());
        }
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (_, path) in entries.into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(path);
    }
}
