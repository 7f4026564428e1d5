//! Writing results without ever leaving them half-written: files go to a temporary sibling and
//! are renamed into place; an output directory is replaced only if narhet made it (marker file).

use std::io;
use std::path::{Path, PathBuf};

/// The marker file in every output directory narhet writes.
pub const MARKER: &str = ".narhet-output";

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "{0}: exists and was not made by narhet (no {MARKER} file); refusing to replace it — choose another --out or remove it"
    )]
    NotOurs(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_path_buf(), source }
}

/// An output directory being written: everything goes to a temporary directory beside the
/// target, which [`OutDir::commit`] renames into place. Dropped uncommitted, it is removed.
pub struct OutDir {
    target: PathBuf,
    tmp: PathBuf,
    done: bool,
}

impl OutDir {
    /// Starts writing `target`. Fails at once if `target` exists and is not narhet's.
    pub fn create(target: &Path) -> Result<OutDir, OutputError> {
        if target.exists() && !target.join(MARKER).is_file() {
            let empty_dir = target.is_dir() && std::fs::read_dir(target).map_err(io_err(target))?.next().is_none();
            if !empty_dir {
                return Err(OutputError::NotOurs(target.to_path_buf()));
            }
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let name = target.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().to_string());
        // Leftovers of an interrupted run (killed before it could clean up) go first.
        if let Ok(entries) = std::fs::read_dir(&parent) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().to_string();
                // `.old-`: a run stopped inside `commit`, after moving the previous result aside.
                let stale = n.starts_with(&format!(".{name}.tmp-")) || n.starts_with(&format!(".{name}.old-"));
                if stale && e.path().join(MARKER).is_file() {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(io_err(&tmp))?;
        }
        std::fs::create_dir_all(&tmp).map_err(io_err(&tmp))?;
        std::fs::write(tmp.join(MARKER), "made by narhet; this directory is replaced by the next run\n")
            .map_err(io_err(&tmp))?;
        Ok(OutDir { target: target.to_path_buf(), tmp, done: false })
    }

    /// The directory to write into now.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Writes `bytes` to `rel` (sub-folders made as needed).
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> Result<(), OutputError> {
        let p = self.tmp.join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(io_err(d))?;
        }
        std::fs::write(&p, bytes).map_err(io_err(&p))
    }

    /// Moves the finished directory into place, replacing the previous one.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let old = self.tmp.with_file_name(format!(
            ".{}.old-{}",
            self.target.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().to_string()),
            std::process::id()
        ));
        if self.target.exists() {
            std::fs::rename(&self.target, &old).map_err(io_err(&self.target))?;
        }
        std::fs::rename(&self.tmp, &self.target).map_err(io_err(&self.target))?;
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
        self.done = true;
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

/// Writes one file atomically: to a temporary sibling, then renamed over `path`.
pub fn write_file(path: &Path, bytes: impl AsRef<[u8]>) -> Result<(), OutputError> {
    let name = path.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().to_string());
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    if let Some(d) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(d).map_err(io_err(d))?;
    }
    std::fs::write(&tmp, bytes).map_err(io_err(&tmp))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        OutputError::Io { path: path.to_path_buf(), source: e }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_our_own_directories() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        let d = OutDir::create(&target).unwrap();
        d.write("report.html", "one").unwrap();
        d.commit().unwrap();
        assert_eq!(std::fs::read_to_string(target.join("report.html")).unwrap(), "one");

        // A failed run (dropped before commit) leaves the previous result intact.
        let d = OutDir::create(&target).unwrap();
        d.write("report.html", "half").unwrap();
        drop(d);
        assert_eq!(std::fs::read_to_string(target.join("report.html")).unwrap(), "one");

        let d = OutDir::create(&target).unwrap();
        d.write("tables/a.csv", "two").unwrap();
        d.commit().unwrap();
        assert!(!target.join("report.html").exists());
        assert_eq!(std::fs::read_to_string(target.join("tables/a.csv")).unwrap(), "two");
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1, "no temporary leftovers");

        // Leftovers of runs killed mid-way (marked) go at the next start; unmarked ones stay.
        for left in [".out.tmp-1", ".out.old-2", ".out.tmp-3"] {
            std::fs::create_dir(root.path().join(left)).unwrap();
        }
        std::fs::write(root.path().join(".out.tmp-1").join(MARKER), "").unwrap();
        std::fs::write(root.path().join(".out.old-2").join(MARKER), "").unwrap();
        let d = OutDir::create(&target).unwrap();
        d.commit().unwrap();
        let mut left: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        assert_eq!(left, vec![".out.tmp-3", "out"]);
        std::fs::remove_dir(root.path().join(".out.tmp-3")).unwrap();

        let foreign = root.path().join("documents");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("thesis.docx"), "precious").unwrap();
        assert!(matches!(OutDir::create(&foreign), Err(OutputError::NotOurs(_))));
        assert_eq!(std::fs::read_to_string(foreign.join("thesis.docx")).unwrap(), "precious");
    }
}
