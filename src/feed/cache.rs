//! The network cache: a loaded [`Feed`] kept on disk in a versioned binary form (see
//! [`super::codec`]), as R5 keeps `network.dat` and OpenTripPlanner `graph.obj`, so that every
//! later command on the same inputs starts without parsing GTFS.
//!
//! An entry is named by a 128-bit content hash (xxh3) of everything that shapes the loaded
//! feed: every byte of every file the loader reads (a zip as it is), the paths as given (they
//! appear in messages and in [`FeedSource::path`]), the [`LoadOptions`], the cache format and
//! narhet's version. A changed input, option or version therefore names another entry and is
//! never served stale. An entry holds the key again, its length and a hash of its body; one
//! that is truncated, damaged or of another format is not trusted but rebuilt. The body hash is
//! computed on one thread while the body is decoded on the others, and the decoded feed is
//! dropped unless the hash matched: the check costs a start no wall time, and never less safety.
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
///
/// The body's hash is checked while the body is decoded (on another thread): the decoded feed
/// is returned only when the hash matched too, so a damaged entry is never served, and the
/// decoder itself checks every length and code so that damaged bytes cannot make it fail
/// other than by `None`.
fn read(path: &Path, key: u128) -> Option<Feed> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the map is only read. Entries are written whole and renamed into place, never
    // changed in place, so the mapped bytes stay as they are (a later run replaces the
    // directory entry, not this file's contents). `populate` reads the file in with the map
    // (one call instead of a page fault per 64 kB, 20 % of a cached start before).
    let map = unsafe { memmap2::MmapOptions::new().populate().map(&file) }.ok()?;
    let bytes: &[u8] = &map;
    let (head, body) = (bytes.get(..HEADER)?, bytes.get(HEADER..)?);
    let u64_at = |i: usize| head.get(i..i + 8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes);
    let u128_at = |i: usize| head.get(i..i + 16).and_then(|b| b.try_into().ok()).map(u128::from_le_bytes);
    let format = head.get(8..12).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes)?;
    let ok = &head[..8] == MAGIC && format == FORMAT && u128_at(12)? == key && u64_at(28)? == body.len() as u64;
    if !ok {
        return None;
    }
    let (whole, feed) = rayon::join(
        || u128_at(36) == Some(super::split::hash(body)),
        || {
            let mut r = Reader::new(body);
            codec::read(&mut r).filter(|_| r.done())
        },
    );
    feed.filter(|_| whole)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::Label;

    fn small_feed() -> Feed {
        let files: [(&str, &[u8]); 5] = [
            ("agency.txt", b"agency_id,agency_name,agency_url,agency_timezone\nA,Bolaget,http://x,Europe/Stockholm\n"),
            ("stops.txt", b"stop_id,stop_name,stop_lat,stop_lon\nS1,V\xc3\xa4xj\xc3\xb6,56.87,14.80\nS2,Alvesta station via Moheda och Vislanda,56.90,14.55\n"),
            ("routes.txt", b"route_id,agency_id,route_short_name,route_type\nR,A,1,3\n"),
            ("calendar.txt", b"service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nW,1,1,1,1,1,0,0,20260101,20261231\n"),
            ("trips.txt", b"route_id,service_id,trip_id,trip_headsign\nR,W,T1,Alvesta\nR,W,T2,Alvesta\n"),
        ];
        let st = b"trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:20:00,08:20:00,S2,2\nT2,09:00:00,09:00:00,S1,1\nT2,09:20:00,09:21:00,S2,2\n";
        let mut all: Vec<(&str, &[u8])> = files.to_vec();
        all.push(("stop_times.txt", st));
        super::super::load_from_files(&all, &LoadOptions::default()).unwrap()
    }

    #[test]
    fn an_entry_reads_back_equal_and_a_change_of_any_byte_is_never_served() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let feed = small_feed();
        let entry = cache.entry(7);
        write(&cache, &entry, 7, &feed).unwrap();
        assert_eq!(read(&entry, 7).as_ref(), Some(&feed));
        assert_eq!(read(&entry, 8), None, "another key");
        let whole = std::fs::read(&entry).unwrap();
        // Every byte (header and body: a time, an index, a letter of a name, a length) flipped
        // in turn, one bit then all bits: the hash or a header check refuses each.
        for i in 0..whole.len() {
            for mask in [1u8, 0xff] {
                let mut b = whole.clone();
                b[i] ^= mask;
                std::fs::write(&entry, &b).unwrap();
                assert_eq!(read(&entry, 7), None, "byte {i} ^ {mask:#x} served");
            }
        }
        // Truncated, or with a byte more.
        for b in [whole[..whole.len() - 1].to_vec(), [whole.as_slice(), b"\0"].concat()] {
            std::fs::write(&entry, &b).unwrap();
            assert_eq!(read(&entry, 7), None);
        }
    }

    #[test]
    fn an_entry_of_another_format_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let entry = cache.entry(7);
        write(&cache, &entry, 7, &small_feed()).unwrap();
        let mut b = std::fs::read(&entry).unwrap();
        // The format number (bytes 8..12) of the previous layout, the rest as it was.
        b[8..12].copy_from_slice(&(FORMAT - 1).to_le_bytes());
        std::fs::write(&entry, &b).unwrap();
        assert_eq!(read(&entry, 7), None);
    }

    #[test]
    fn headsigns_are_shared_and_long_names_kept_whole() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let entry = cache.entry(1);
        let mut feed = small_feed();
        let long = "Ljungby resecentrum via Lagan och Vittaryd";
        for t in &mut feed.trips {
            t.headsign = Label::new(long);
        }
        write(&cache, &entry, 1, &feed).unwrap();
        let back = read(&entry, 1).unwrap();
        assert_eq!(back, feed);
        // One shared text for both trips' long headsign (written once in the entry).
        let (a, b) = (&back.trips[0].headsign, &back.trips[1].headsign);
        assert!(!a.is_inline() && std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(back.stops[1].name, "Alvesta station via Moheda och Vislanda");
    }
}
