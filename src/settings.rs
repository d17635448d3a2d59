//! Settings and bookmarks on disk, written atomically: a temporary file in the same folder,
//! flushed to disk, then renamed over the old one. A crash or kill during a write leaves the
//! previous version whole.

use serde::{Serialize, de::DeserializeOwned};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why settings could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("could not write settings: {source} — {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not read settings: {source} — {path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("settings file is damaged ({message}); using defaults — {path}")]
    Parse { path: String, message: String },
    #[error("could not encode settings: {0}")]
    Encode(String),
}

/// Where Corridor Atlas keeps its settings (`$XDG_CONFIG_HOME/corridor-atlas/settings.json`).
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("corridor-atlas").join("settings.json"))
}

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
    std::fs::create_dir_all(&dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "settings".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        write(&mut f, bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable.
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

/// Save a value as pretty JSON, atomically.
pub fn save<T: Serialize>(path: &Path, value: &T) -> Result<(), SettingsError> {
    let bytes =
        serde_json::to_vec_pretty(value).map_err(|e| SettingsError::Encode(e.to_string()))?;
    write_atomic(path, &bytes).map_err(|source| SettingsError::Write {
        path: path.display().to_string(),
        source,
    })
}

/// Load a value; `Ok(None)` when there is no file yet.
pub fn load<T: DeserializeOwned>(path: &Path) -> Result<Option<T>, SettingsError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(SettingsError::Read {
                path: path.display().to_string(),
                source,
            });
        }
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| SettingsError::Parse {
            path: path.display().to_string(),
            message: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_value_reads_back_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("sub/settings.json");
        save(&p, &vec![1, 2, 3]).expect("save");
        save(&p, &vec![4, 5]).expect("save again");
        assert_eq!(load::<Vec<i32>>(&p).expect("load"), Some(vec![4, 5]));
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .expect("ls")
            .flatten()
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_write_that_fails_half_way_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("settings.json");
        save(&p, &vec![1, 2, 3]).expect("save");
        let err = write_atomic_with(&p, b"[4, 5, 6, 7]", |f, b| {
            f.write_all(&b[..b.len() / 2])?;
            Err(std::io::Error::other("disk full"))
        })
        .expect_err("fails");
        assert!(err.to_string().contains("disk full"));
        assert_eq!(load::<Vec<i32>>(&p).expect("load"), Some(vec![1, 2, 3]));
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
    }

    #[test]
    fn a_missing_file_is_no_settings_and_a_damaged_one_is_an_error() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("settings.json");
        assert_eq!(load::<Vec<i32>>(&p).expect("load"), None);
        std::fs::write(&p, "{ half").expect("write");
        assert!(matches!(
            load::<Vec<i32>>(&p),
            Err(SettingsError::Parse { .. })
        ));
    }
}
