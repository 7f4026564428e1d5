//! Single files narhet keeps for itself (the network cache's entries and memos): each written
//! whole into a new temporary file beside its target and renamed into place, in a folder narhet
//! made and tagged ([`CACHE_TAG`]), never into or through anything else.
//!
//! Depends on nothing else in the crate.

use std::io::Write;
use std::path::Path;

use super::{OutputError, io_err, parent_of, unique};

/// The tag file of a folder narhet keeps for itself (the cache-directory tag backup tools know:
/// <https://bford.info/cachedir/>).
pub const CACHE_TAG: &str = "CACHEDIR.TAG";
const TAG_SIGNATURE: &str = "Signature: 8a477f597d28d172789f06886806bc55";
const TAG_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
    # narhet's network cache: narhet writes and removes files here; it can be deleted at any time.\n\
    # For information about cache directory tags see https://bford.info/cachedir/\n";

/// Makes sure `dir` is a folder narhet may keep its own files in: made and tagged when missing;
/// an existing one must be a real folder (not a symbolic link) that holds narhet's tag, or holds
/// nothing but names `ours` accepts (it is then tagged). Anything else is refused untouched.
pub fn own_folder(dir: &Path, ours: impl Fn(&str) -> bool) -> Result<(), OutputError> {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(io_err(dir))?;
            return replace_file(&dir.join(CACHE_TAG), TAG_TEXT.as_bytes());
        }
        Err(e) => return Err(OutputError::Io { path: dir.to_path_buf(), err: e }),
        Ok(m) if m.file_type().is_symlink() => return Err(OutputError::Symlink(dir.to_path_buf())),
        Ok(m) if !m.is_dir() => return Err(OutputError::NotOurFolder(dir.to_path_buf())),
        Ok(_) => {}
    }
    let tag = dir.join(CACHE_TAG);
    let tagged = std::fs::symlink_metadata(&tag).is_ok_and(|m| m.is_file())
        && std::fs::read_to_string(&tag).is_ok_and(|t| t.starts_with(TAG_SIGNATURE) && t.contains("narhet"));
    if tagged {
        return Ok(());
    }
    for e in std::fs::read_dir(dir).map_err(io_err(dir))? {
        let e = e.map_err(io_err(dir))?;
        let plain = e.file_type().is_ok_and(|t| t.is_file());
        if !plain || !ours(&e.file_name().to_string_lossy()) {
            return Err(OutputError::NotOurFolder(dir.to_path_buf()));
        }
    }
    replace_file(&tag, TAG_TEXT.as_bytes())
}

/// Writes `bytes` to the file `path` whole or not at all: into a new temporary file beside it
/// (`.tmp-…`, made new, so never an existing file or link), then renamed over `path`. A `path`
/// that is a symbolic link or not a plain file is refused.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => return Err(OutputError::Symlink(path.to_path_buf())),
        Ok(m) if !m.is_file() => return Err(OutputError::NotOurs(path.to_path_buf())),
        _ => {}
    }
    let tmp = parent_of(path).join(format!(".tmp-{}", unique()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .map_err(io_err(&tmp))
        .and_then(|()| std::fs::rename(&tmp, path).map_err(io_err(path)));
    match &written {
        Ok(()) => super::sync_dir(&parent_of(path)),
        Err(_) => {
            let _ = std::fs::remove_file(&tmp);
        }
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache_name(n: &str) -> bool {
        n.starts_with("feed-")
    }

    #[test]
    fn a_new_folder_is_made_and_tagged_and_files_replace_whole() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/narhet");
        own_folder(&dir, cache_name).unwrap();
        assert!(std::fs::read_to_string(dir.join(CACHE_TAG)).unwrap().starts_with(TAG_SIGNATURE));
        replace_file(&dir.join("feed-1.bin"), b"one").unwrap();
        replace_file(&dir.join("feed-1.bin"), b"two").unwrap();
        assert_eq!(std::fs::read(dir.join("feed-1.bin")).unwrap(), b"two");
        let mut names: Vec<String> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
        names.sort();
        assert_eq!(names, [CACHE_TAG, "feed-1.bin"], "no temporary file left");
        own_folder(&dir, cache_name).unwrap();
    }

    #[test]
    fn a_users_folder_is_refused_and_an_untagged_cache_adopted() {
        let root = tempfile::tempdir().unwrap();
        let docs = root.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        std::fs::write(docs.join("feed-notes.txt"), "mine").unwrap();
        std::fs::write(docs.join("thesis.docx"), "mine").unwrap();
        assert!(matches!(own_folder(&docs, cache_name), Err(OutputError::NotOurFolder(_))));
        assert!(!docs.join(CACHE_TAG).exists());
        // A folder holding only the cache's own names (an earlier narhet's, untagged): adopted.
        let old = root.path().join("old");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("feed-2.bin"), "x").unwrap();
        own_folder(&old, cache_name).unwrap();
        assert!(old.join(CACHE_TAG).is_file());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_never_written_through() {
        let root = tempfile::tempdir().unwrap();
        let real = root.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = root.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(matches!(own_folder(&link, cache_name), Err(OutputError::Symlink(_))));
        let victim = root.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, real.join("feed-3.bin")).unwrap();
        assert!(matches!(replace_file(&real.join("feed-3.bin"), b"x"), Err(OutputError::Symlink(_))));
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(std::fs::read_dir(&real).unwrap().count() == 1, "no temporary file left");
    }
}
