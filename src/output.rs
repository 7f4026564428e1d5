//! The one way narhet writes results: every command's `--out` is a folder, written as a
//! temporary sibling and renamed into place only when complete, so a failed or interrupted run
//! leaves the previous output as it was.
//!
//! Narhet replaces a folder only if it made it: the folder carries a marker file
//! ([`MARKER`]) naming the command that wrote it and every file it wrote, with its size and hash.
//! A folder that is not narhet's, was written by another command, holds a file narhet did not
//! write or a file changed since, is a symlink, lies inside another narhet output, or is (or
//! holds, or lies inside) an input of the same run is refused before any work, and again at the
//! moment of replacing it.
//!
//! Runs into the same folder take turns: the swap (and the clean-up of folders left by killed
//! runs) happens under an advisory lock on the parent folder, and each run's temporary folder is
//! locked for as long as the run lives, so a clean-up never removes another live run's work.
//! Files narhet keeps for itself (the network cache) follow the same rules one file at a time:
//! see [`own_folder`] and [`replace_file`].
//!
//! Depends on nothing else in the crate.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

mod file;
pub use file::{CACHE_TAG, own_folder, replace_file};

/// The marker file in every output folder narhet writes.
pub const MARKER: &str = ".narhet-output";
const MARKER_HEAD: &str = "narhet output v2";

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "{0}: exists and was not made by narhet (no {MARKER} file); refusing to replace it — choose another --out or remove it"
    )]
    NotOurs(PathBuf),
    #[error(
        "{path}: holds the output of `narhet {found}`, not of `narhet {kind}`; refusing to replace it — choose another --out"
    )]
    OtherKind { path: PathBuf, found: String, kind: &'static str },
    #[error(
        "{path}: holds '{entry}', which narhet did not write there; refusing to replace the folder — move that file out or choose another --out"
    )]
    Foreign { path: PathBuf, entry: String },
    #[error(
        "{path}: '{entry}' was changed after narhet wrote it; refusing to replace the folder — move that file out or choose another --out"
    )]
    Changed { path: PathBuf, entry: String },
    #[error(
        "{0}: made by an earlier narhet that kept no list of its files; refusing to replace it — remove it yourself or choose another --out"
    )]
    Legacy(PathBuf),
    #[error("{path}: {relation} '{input}', an input of this run; choose another --out")]
    Input { path: PathBuf, relation: &'static str, input: PathBuf },
    #[error("{0}: is a symbolic link; narhet writes only into what it made, never through a link")]
    Symlink(PathBuf),
    #[error(
        "{path}: lies inside '{parent}', another narhet output (replaced as a whole by its next run); choose another --out"
    )]
    InsideOutput { path: PathBuf, parent: PathBuf },
    #[error(
        "{0}: exists and is not a folder narhet made (no {CACHE_TAG} of narhet's, and files of others); narhet writes nothing there"
    )]
    NotOurFolder(PathBuf),
    #[error("{0}: not a folder name; give a folder such as out/report")]
    NoName(PathBuf),
    #[error("{path}: '{rel}' is not a plain relative file name")]
    BadName { path: PathBuf, rel: String },
    /// Shown once: the I/O error is part of the message, not a separate cause.
    #[error("{path}: {err}")]
    Io { path: PathBuf, err: io::Error },
    #[error("{path}: {err}; nothing was replaced (a previous output, if any, is as it was)")]
    Write { path: PathBuf, err: io::Error },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |err| OutputError::Io { path: path.to_path_buf(), err }
}

/// An output folder being written: everything goes to a temporary folder beside the target,
/// which [`OutDir::commit`] renames into place. Dropped uncommitted, it is removed.
pub struct OutDir {
    target: PathBuf,
    kind: &'static str,
    tmp: PathBuf,
    /// Held open and locked while the run lives, so no other run's clean-up removes it.
    _live: Option<File>,
    done: bool,
}

/// What is at the target now.
enum Existing {
    Nothing,
    EmptyDir,
    /// Ours, with the files of its marker.
    Ours(Manifest),
}

/// Relative path → (size, hash) of every file narhet wrote in an output folder.
type Manifest = BTreeMap<String, (u64, u64)>;

impl OutDir {
    /// Starts writing the folder `target` for the command `kind` (e.g. "report"). Fails at once
    /// if `target` may not be written (see the module doc); `inputs` are the files and folders
    /// this run reads (feeds, region file, grid, scenario and line files).
    pub fn create(target: &Path, kind: &'static str, inputs: &[PathBuf]) -> Result<OutDir, OutputError> {
        check_target(target, kind, inputs)?;
        let parent = parent_of(target);
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let name = file_name(target);
        {
            let _lock = lock_dir(&parent)?;
            clean_leftovers(&parent, &name);
        }
        let (tmp, live) = make_tmp(&parent, &name, kind)?;
        Ok(OutDir { target: target.to_path_buf(), kind, tmp, _live: live, done: false })
    }

    /// The folder being written now (the temporary one).
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Writes `bytes` to `rel` (sub-folders made as needed).
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> Result<(), OutputError> {
        let plain = Path::new(rel).components().all(|c| matches!(c, Component::Normal(_)));
        if !plain || rel.is_empty() || rel == MARKER || rel.contains('\n') {
            return Err(OutputError::BadName { path: self.target.clone(), rel: rel.to_string() });
        }
        // Errors name the file as it will be called (not the temporary folder's name).
        let shown = self.target.join(rel);
        let failed = |err| OutputError::Write { path: shown.clone(), err };
        let p = self.tmp.join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(failed)?;
        }
        // Made new: never an existing file, nor through a link someone put there.
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&p).map_err(failed)?;
        // On disk before the rename makes it the output: a crash or power cut after the commit
        // leaves the whole file, not an empty one under the new name.
        f.write_all(bytes.as_ref()).and_then(|()| f.sync_all()).map_err(failed)
    }

    /// Moves the finished folder into place, replacing the previous output (checked again,
    /// under the lock, to be narhet's and unchanged). Returns the target.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let manifest = manifest_of(&self.tmp)?;
        let marker = self.tmp.join(MARKER);
        std::fs::write(&marker, marker_text(self.kind, &manifest))
            .map_err(|err| OutputError::Write { path: self.target.join(MARKER), err })?;
        sync_dir(&self.tmp);
        let parent = parent_of(&self.target);
        let _lock = lock_dir(&parent)?;
        let existing = inspect(&self.target, self.kind)?;
        let old = parent.join(format!(".{}.old-{}", file_name(&self.target), unique()));
        if !matches!(existing, Existing::Nothing) {
            std::fs::rename(&self.target, &old).map_err(io_err(&self.target))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.target) {
            if !matches!(existing, Existing::Nothing) {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(OutputError::Io { path: self.target.clone(), err: e });
        }
        self.done = true;
        sync_dir(&parent);
        match existing {
            Existing::Nothing => {}
            Existing::EmptyDir => {
                let _ = std::fs::remove_dir(&old);
            }
            Existing::Ours(m) => remove_listed(&old, &m),
        }
        Ok(self.target.clone())
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// The checks made before any work: see the module doc.
fn check_target(target: &Path, kind: &'static str, inputs: &[PathBuf]) -> Result<(), OutputError> {
    if target.as_os_str().is_empty() || target.file_name().is_none() {
        return Err(OutputError::NoName(target.to_path_buf()));
    }
    let canon = canonical(target).map_err(io_err(target))?;
    for input in inputs {
        let Ok(i) = input.canonicalize() else { continue };
        let relation = if canon == i {
            "is"
        } else if i.starts_with(&canon) {
            "holds"
        } else if canon.starts_with(&i) {
            "lies inside"
        } else {
            continue;
        };
        return Err(OutputError::Input { path: target.to_path_buf(), relation, input: input.clone() });
    }
    for a in canon.ancestors().skip(1) {
        if a.join(MARKER).is_file() {
            return Err(OutputError::InsideOutput { path: target.to_path_buf(), parent: a.to_path_buf() });
        }
    }
    inspect(target, kind).map(|_| ())
}

/// Whether `target` may be replaced by a `kind` run, and what is there.
fn inspect(target: &Path, kind: &'static str) -> Result<Existing, OutputError> {
    let meta = match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Existing::Nothing),
        Err(e) => return Err(OutputError::Io { path: target.to_path_buf(), err: e }),
        Ok(m) => m,
    };
    if meta.file_type().is_symlink() {
        return Err(OutputError::Symlink(target.to_path_buf()));
    }
    if !meta.is_dir() {
        return Err(OutputError::NotOurs(target.to_path_buf()));
    }
    let marker = target.join(MARKER);
    let text = match std::fs::symlink_metadata(&marker) {
        Ok(m) if m.is_file() => std::fs::read_to_string(&marker).map_err(io_err(&marker))?,
        _ => {
            let empty = std::fs::read_dir(target).map_err(io_err(target))?.next().is_none();
            return if empty { Ok(Existing::EmptyDir) } else { Err(OutputError::NotOurs(target.to_path_buf())) };
        }
    };
    let Some((found, listed)) = parse_marker(&text) else {
        return Err(OutputError::Legacy(target.to_path_buf()));
    };
    if found != kind {
        return Err(OutputError::OtherKind { path: target.to_path_buf(), found, kind });
    }
    let now = manifest_of(target)?;
    for (rel, v) in &now {
        match listed.get(rel) {
            None => return Err(OutputError::Foreign { path: target.to_path_buf(), entry: rel.clone() }),
            Some(w) if w != v => return Err(OutputError::Changed { path: target.to_path_buf(), entry: rel.clone() }),
            Some(_) => {}
        }
    }
    Ok(Existing::Ours(listed))
}

/// Every file under `dir` (but the marker) with its size and hash. A symlink or anything that is
/// not a plain file counts as foreign: it is listed with an impossible size.
fn manifest_of(dir: &Path) -> Result<Manifest, OutputError> {
    let mut out = Manifest::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((d, prefix)) = stack.pop() {
        for e in std::fs::read_dir(&d).map_err(io_err(&d))? {
            let e = e.map_err(io_err(&d))?;
            let name = e.file_name().to_string_lossy().to_string();
            let rel = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
            let ft = e.file_type().map_err(io_err(&e.path()))?;
            if ft.is_dir() {
                stack.push((e.path(), rel));
            } else if ft.is_file() {
                if rel != MARKER {
                    let bytes = std::fs::read(e.path()).map_err(io_err(&e.path()))?;
                    out.insert(rel, (bytes.len() as u64, fnv1a(&bytes)));
                }
            } else {
                out.insert(rel, (u64::MAX, 0));
            }
        }
    }
    Ok(out)
}

fn marker_text(kind: &str, m: &Manifest) -> String {
    let mut s = format!(
        "{MARKER_HEAD}\nkind: {kind}\n# Written by `narhet {kind}`. The next `narhet {kind}` into this folder replaces it,\n# as long as it holds only these files, unchanged; anything else keeps narhet from touching it.\nfiles:\n"
    );
    for (rel, (size, hash)) in m {
        s.push_str(&format!("{hash:016x} {size} {rel}\n"));
    }
    s
}

/// The kind and the files of a marker in the current format; `None` for any other text.
fn parse_marker(text: &str) -> Option<(String, Manifest)> {
    let mut lines = text.lines();
    if lines.next()? != MARKER_HEAD {
        return None;
    }
    let kind = lines.next()?.strip_prefix("kind: ")?.to_string();
    let mut m = Manifest::new();
    let mut files = false;
    for l in lines {
        if l.starts_with('#') {
            continue;
        }
        if l == "files:" {
            files = true;
            continue;
        }
        if !files {
            return None;
        }
        let mut parts = l.splitn(3, ' ');
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let size = parts.next()?.parse().ok()?;
        m.insert(parts.next()?.to_string(), (size, hash));
    }
    files.then_some((kind, m))
}

/// Removes the files of `m` from `dir` and then the folders left empty; anything else stays
/// (the folder then stays too, under its hidden `.old-` name).
fn remove_listed(dir: &Path, m: &Manifest) {
    let mut dirs = vec![dir.to_path_buf()];
    for rel in m.keys() {
        let p = dir.join(rel);
        let _ = std::fs::remove_file(&p);
        let mut d = p.parent();
        while let Some(x) = d.filter(|x| x.starts_with(dir) && *x != dir) {
            dirs.push(x.to_path_buf());
            d = x.parent();
        }
    }
    let _ = std::fs::remove_file(dir.join(MARKER));
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    dirs.dedup();
    for d in dirs {
        let _ = std::fs::remove_dir(d);
    }
}

/// Removes temporary and old folders of runs into `.../name` that were killed before cleaning
/// up: marked as narhet's and not locked by a live run.
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().to_string();
        let ours = n.starts_with(&format!(".{name}.tmp-")) || n.starts_with(&format!(".{name}.old-"));
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if !ours || !is_dir || !e.path().join(MARKER).is_file() {
            continue;
        }
        let Ok(f) = File::open(e.path()) else { continue };
        if f.try_lock().is_ok() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// A new, locked temporary folder beside the target, with an in-progress marker.
fn make_tmp(parent: &Path, name: &str, kind: &str) -> Result<(PathBuf, Option<File>), OutputError> {
    let tmp = parent.join(format!(".{name}.tmp-{}", unique()));
    // Errors name the target: the temporary folder is narhet's business.
    let target = parent.join(name);
    std::fs::create_dir(&tmp).map_err(|err| OutputError::Write { path: target.clone(), err })?;
    let live = File::open(&tmp).ok().filter(|f| f.lock().is_ok());
    let marker = tmp.join(MARKER);
    std::fs::write(&marker, format!("{MARKER_HEAD}\nkind: {kind}\n# A run in progress (or one that was killed).\n"))
        .map_err(|e| {
            let _ = std::fs::remove_dir_all(&tmp);
            OutputError::Write { path: target.join(MARKER), err: e }
        })?;
    Ok((tmp, live))
}

/// An exclusive advisory lock on the folder `dir`, held until the returned handle is dropped.
/// Where folders cannot be locked (not Unix), runs go without it.
fn lock_dir(dir: &Path) -> Result<Option<File>, OutputError> {
    let Ok(f) = File::open(dir) else { return Ok(None) };
    match f.lock() {
        Ok(()) => Ok(Some(f)),
        Err(e) if e.kind() == io::ErrorKind::Unsupported => Ok(None),
        Err(e) => Err(OutputError::Io { path: dir.to_path_buf(), err: e }),
    }
}

/// Flushes a folder's entries to disk (best effort): a rename is durable only then.
fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_name(target: &Path) -> String {
    target.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().to_string())
}

/// `path` made absolute with symlinks resolved, also when its last parts do not exist yet.
fn canonical(path: &Path) -> io::Result<PathBuf> {
    let abs = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut rest = Vec::new();
    let mut p = abs.as_path();
    loop {
        if let Ok(c) = p.canonicalize() {
            let mut c = c;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        c.pop();
                    }
                    Component::Normal(n) => c.push(n),
                    _ => {}
                }
            }
            return Ok(c);
        }
        match (p.parent(), p.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                p = parent;
            }
            _ => return Ok(abs),
        }
    }
}

/// A name part no other run (nor an earlier one of this process) uses.
fn unique() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("{}-{}-{nanos:x}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// FNV-1a, 64 bits: a stable hash to notice a file changed after narhet wrote it.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

#[cfg(test)]
mod tests;
