//! Saved view state and bookmarks.
//!
//! Written atomically: a temporary file in the same folder, flushed to disk, then renamed over
//! the old one, so a crash or kill during a write leaves the previous version whole.
//!
//! Read tolerantly, because bookmarks are the planner's work: a field that is missing or of
//! the wrong type takes its default, a bookmark that cannot be read is left out with a
//! warning and the others are kept, and a file that cannot be read at all (or that lost a
//! bookmark) is first copied aside as `settings.json.damaged-YYYYMMDD-HHMMSS`, so the next
//! save never writes over the only copy.

use crate::load::json_type;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What is remembered between runs (view state only; data and indexes are rebuilt).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedState {
    /// The last map view; `None` before the map was first drawn (then it fits the corridor).
    pub view: Option<Bookmark>,
    pub tiles: bool,
    pub labels: bool,
    /// Origins (as text) of layers the planner switched off.
    pub hidden_layers: Vec<String>,
    /// Named views.
    pub bookmarks: Vec<Bookmark>,
}

impl Default for SavedState {
    fn default() -> Self {
        Self {
            view: None,
            tiles: false,
            labels: true,
            hidden_layers: Vec::new(),
            bookmarks: Vec::new(),
        }
    }
}

/// A named map view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    pub name: String,
    pub center_lon: f64,
    pub center_lat: f64,
    pub zoom: f64,
}

/// The zoom a bookmark without one gets: a country-sized view.
pub const DEFAULT_ZOOM: f64 = 6.0;

/// Why settings could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("could not write settings: {source} — {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the settings file could not be read ({message}) nor moved aside; settings will not be saved this session — {path}"
    )]
    Stuck { path: String, message: String },
    #[error("could not encode settings: {0}")]
    Encode(String),
}

/// What reading the settings file found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub state: SavedState,
    /// What was wrong with the file and what became of it, for the planner.
    pub warnings: Vec<String>,
    /// Where the damaged file was copied to.
    pub moved_aside: Option<PathBuf>,
}

/// Where Corridor Atlas keeps its settings (`$XDG_CONFIG_HOME/corridor-atlas/settings.json`).
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("corridor-atlas").join("settings.json"))
}

/// Read the settings at `path`: no file is the defaults. Anything wrong in it is a warning,
/// never a loss (see the module's documentation); an error only when a damaged file could
/// not even be copied aside (then nothing must be saved over it).
pub fn read(path: &Path) -> Result<Loaded, SettingsError> {
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Loaded::default()),
        Err(e) => {
            return Err(SettingsError::Stuck {
                path: shown,
                message: e.to_string(),
            });
        }
    };
    let object = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(other) => Err(format!("it holds {}, not settings", json_type(&other))),
        Err(e) => Err(format!("not valid JSON: {e}")),
    };
    let mut loaded = match object {
        Ok(o) => {
            let mut warnings = Vec::new();
            let (state, lost) = read_state(&o, &mut warnings);
            Loaded {
                state,
                warnings,
                moved_aside: None,
            }
            .keep_original(path, &bytes, lost)?
        }
        Err(why) => Loaded {
            state: SavedState::default(),
            warnings: vec![format!("{shown}: {why}; starting with default settings")],
            moved_aside: None,
        }
        .keep_original(path, &bytes, true)?,
    };
    if let Some(aside) = &loaded.moved_aside {
        loaded.warnings.push(format!(
            "{shown}: the file as it was is kept at {}",
            aside.display()
        ));
    }
    Ok(loaded)
}

impl Loaded {
    /// When something of the file was not taken, copy it aside first.
    fn keep_original(
        mut self,
        path: &Path,
        bytes: &[u8],
        lost: bool,
    ) -> Result<Self, SettingsError> {
        if lost {
            let aside = damaged_name(path);
            write_atomic(&aside, bytes).map_err(|e| SettingsError::Stuck {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            self.moved_aside = Some(aside);
        }
        Ok(self)
    }
}

/// The settings a window starts with.
#[derive(Debug)]
pub struct Opened {
    pub state: SavedState,
    /// Where to save them; `None` when saving would write over a file that could not be
    /// kept (or when there is no settings file).
    pub path: Option<PathBuf>,
    /// For the problems panel.
    pub warnings: Vec<String>,
    /// For the status bar: where a damaged file went, or why nothing will be saved.
    pub notice: Option<String>,
}

/// Open the settings at `path` for a window (see [`read`]).
pub fn open(path: Option<PathBuf>) -> Opened {
    let Some(path) = path else {
        return Opened {
            state: SavedState::default(),
            path: None,
            warnings: Vec::new(),
            notice: None,
        };
    };
    match read(&path) {
        Ok(loaded) => Opened {
            notice: loaded.moved_aside.as_ref().map(|aside| {
                format!(
                    "The settings file had problems; it is kept as it was at {}",
                    aside.display()
                )
            }),
            state: loaded.state,
            path: Some(path),
            warnings: loaded.warnings,
        },
        // Saving would write over the only copy: not this session.
        Err(e) => Opened {
            state: SavedState::default(),
            path: None,
            warnings: vec![e.to_string()],
            notice: Some(e.to_string()),
        },
    }
}

/// `settings.json.damaged-20261201-212540` beside `path` (UTC).
fn damaged_name(path: &Path) -> PathBuf {
    let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "settings.json".into());
    let mut aside = path.with_file_name(format!("{name}.damaged-{stamp}"));
    // Two in the same second: keep both.
    let mut k = 1;
    while aside.exists() {
        aside = path.with_file_name(format!("{name}.damaged-{stamp}-{k}"));
        k += 1;
    }
    aside
}

/// The state in a settings object, field by field; `true` when something was left out.
fn read_state(o: &Map<String, Value>, warnings: &mut Vec<String>) -> (SavedState, bool) {
    let defaults = SavedState::default();
    let mut lost = false;
    let flag = |name: &str, default: bool, warnings: &mut Vec<String>| match o.get(name) {
        None => default,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            warnings.push(format!(
                "setting \"{name}\" is {}, not true or false: {default} used",
                json_type(other)
            ));
            default
        }
    };
    let tiles = flag("tiles", defaults.tiles, warnings);
    let labels = flag("labels", defaults.labels, warnings);
    let view = match o.get("view") {
        None | Some(Value::Null) => None,
        Some(v) => read_bookmark(v, "last view").ok(),
    };
    let mut hidden_layers = Vec::new();
    match o.get("hidden_layers") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for item in items {
                match item.as_str() {
                    Some(s) => hidden_layers.push(s.to_string()),
                    None => warnings.push(format!(
                        "a hidden layer is {}, not a file name: left out",
                        json_type(item)
                    )),
                }
            }
        }
        Some(other) => warnings.push(format!(
            "setting \"hidden_layers\" is {}, not a list: no layer hidden",
            json_type(other)
        )),
    }
    let mut bookmarks = Vec::new();
    match o.get("bookmarks") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (k, item) in items.iter().enumerate() {
                let default_name = format!("Bookmark {}", k + 1);
                match read_bookmark(item, &default_name) {
                    Ok(b) => {
                        if !item.get("zoom").is_some_and(Value::is_number) {
                            warnings.push(format!(
                                "bookmark \"{}\" had no zoom: zoom {DEFAULT_ZOOM} used",
                                b.name
                            ));
                        }
                        bookmarks.push(b);
                    }
                    Err(why) => {
                        lost = true;
                        let name = item
                            .get("name")
                            .and_then(Value::as_str)
                            .unwrap_or(&default_name);
                        warnings.push(format!(
                            "bookmark {} (\"{name}\") could not be read ({why}): left out",
                            k + 1
                        ));
                    }
                }
            }
        }
        Some(other) => {
            lost = true;
            warnings.push(format!(
                "setting \"bookmarks\" is {}, not a list: no bookmark could be read",
                json_type(other)
            ));
        }
    }
    let state = SavedState {
        view,
        tiles,
        labels,
        hidden_layers,
        bookmarks,
    };
    (state, lost)
}

/// One bookmark: a position it must have; a name and a zoom it may lack.
fn read_bookmark(v: &Value, default_name: &str) -> Result<Bookmark, String> {
    let o = v
        .as_object()
        .ok_or_else(|| format!("it is {}, not a view", json_type(v)))?;
    let number = |name: &str, range: std::ops::RangeInclusive<f64>| -> Result<f64, String> {
        let x = o
            .get(name)
            .ok_or_else(|| format!("no \"{name}\""))?
            .as_f64()
            .ok_or_else(|| format!("\"{name}\" is not a number"))?;
        if range.contains(&x) {
            Ok(x)
        } else {
            Err(format!("\"{name}\" {x} is outside {range:?}"))
        }
    };
    let center_lon = number("center_lon", -180.0..=180.0)?;
    let center_lat = number("center_lat", -85.0..=85.0)?;
    let zoom = number("zoom", 0.0..=20.0).unwrap_or(DEFAULT_ZOOM);
    let name = o
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(default_name)
        .to_string();
    Ok(Bookmark {
        name,
        center_lon,
        center_lat,
        zoom,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bookmark(name: &str) -> Bookmark {
        Bookmark {
            name: name.into(),
            center_lon: 51.0,
            center_lat: 43.0,
            zoom: 7.0,
        }
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn saved_settings_read_back_and_leave_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("sub/settings.json");
        let mut state = SavedState {
            bookmarks: vec![bookmark("Aktau")],
            ..Default::default()
        };
        save(&p, &state).expect("save");
        state.tiles = true;
        save(&p, &state).expect("save again");
        let loaded = read(&p).expect("read");
        assert_eq!(loaded.state, state);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(files_in(&dir.path().join("sub")), ["settings.json"]);
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
        assert_eq!(
            std::fs::read_to_string(&p).expect("read"),
            "[\n  1,\n  2,\n  3\n]"
        );
        assert_eq!(files_in(dir.path()), ["settings.json"]);
    }

    #[test]
    fn a_missing_file_is_the_defaults_without_a_warning() {
        let dir = tempfile::tempdir().expect("tmp");
        let loaded = read(&dir.path().join("settings.json")).expect("read");
        assert_eq!(loaded.state, SavedState::default());
        assert!(loaded.warnings.is_empty() && loaded.moved_aside.is_none());
    }

    #[test]
    fn a_half_written_bookmark_is_left_out_and_the_others_are_kept() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("settings.json");
        let text = r#"{"labels": false, "bookmarks": [
            {"name": "Aktau", "center_lon": 51.2, "center_lat": 43.6, "zoom": 8},
            {"name": "Khorgos", "center_lon": 80.4},
            {"center_lon": 49.8, "center_lat": 40.4},
            {"name": "Poti", "center_lon": 41.7, "center_lat": 42.1, "zoom": "near"}
        ], "something_new": 1}"#;
        std::fs::write(&p, text).expect("write");
        let loaded = read(&p).expect("read");
        let names: Vec<&str> = loaded
            .state
            .bookmarks
            .iter()
            .map(|b| b.name.as_str())
            .collect();
        assert_eq!(names, ["Aktau", "Bookmark 3", "Poti"]);
        assert_eq!(loaded.state.bookmarks[1].zoom, DEFAULT_ZOOM);
        assert!(!loaded.state.labels);
        let warnings = loaded.warnings.join("\n");
        assert!(
            warnings.contains("bookmark 2 (\"Khorgos\") could not be read (no \"center_lat\")"),
            "{warnings}"
        );
        // The file as it was (with Khorgos) is kept before anything is written over it.
        let aside = loaded.moved_aside.expect("copied aside");
        assert!(
            aside
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("settings.json.damaged-")),
            "{aside:?}"
        );
        assert_eq!(std::fs::read_to_string(&aside).expect("aside"), text);
        assert!(
            warnings.contains(&aside.display().to_string()),
            "{warnings}"
        );
    }

    #[test]
    fn a_file_that_cannot_be_read_at_all_is_moved_aside_before_anything_is_written() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("settings.json");
        std::fs::write(&p, "{ \"bookmarks\": [ {\"name\": \"Aktau\", ").expect("write");
        let loaded = read(&p).expect("read");
        assert_eq!(loaded.state, SavedState::default());
        let aside = loaded.moved_aside.expect("moved aside");
        assert!(
            loaded.warnings[0].contains("not valid JSON"),
            "{:?}",
            loaded.warnings
        );
        // The next save writes a fresh file; the damaged one is still there, as it was.
        save(&p, &loaded.state).expect("save");
        assert!(
            std::fs::read_to_string(&aside)
                .expect("aside")
                .contains("Aktau")
        );
        assert_eq!(files_in(dir.path()).len(), 2);
        // A whole but empty array, or a number, is not settings either.
        std::fs::write(&p, "[]").expect("write");
        let loaded = read(&p).expect("read");
        assert!(
            loaded.warnings[0].contains("an array"),
            "{:?}",
            loaded.warnings
        );
        assert_eq!(files_in(dir.path()).len(), 3);
    }
}
