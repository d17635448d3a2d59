//! Writing a file so that a crash never leaves half of it: a temporary file in the same
//! folder, flushed to disk, then renamed over the old one (and the rename made durable). The
//! settings and the export both write this way.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, bytes, |f, b| f.write_all(b))
}

/// [`write_atomic`], with `write` putting the bytes into the open temporary file: tests pass
/// one that fails, or kills the process, half-way through.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "file".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        write(&mut f, bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_that_fails_half_way_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("settings.json");
        write_atomic(&p, b"[1, 2, 3]").expect("write");
        let err = write_atomic_with(&p, b"[4, 5, 6, 7]", |f, b| {
            f.write_all(&b[..b.len() / 2])?;
            Err(std::io::Error::other("disk full"))
        })
        .expect_err("fails");
        assert!(err.to_string().contains("disk full"));
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "[1, 2, 3]");
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
        // A missing folder is an error (the settings make theirs first).
        assert!(write_atomic(&dir.path().join("sub/x.png"), b"png").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
    }
}
