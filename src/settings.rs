//! Saved view state and bookmarks.
//!
//! Written atomically: a temporary file in the same folder, flushed to disk, then renamed over
//! the old one, so a crash or kill during a write leaves the previous version whole.
//!
//! Read tolerantly, because bookmarks are the planner's work: a field that is missing, of the
//! wrong type or out of range takes its default (or the nearest value that is in range), a
//! bookmark without a position is left out, each with a warning, and the others are kept.
//! Whenever something was not taken as it was, the file as it was is first copied aside as
//! `settings.json.damaged-YYYYMMDD-HHMMSS`, so the next save never writes over the only copy.
//! Settings this version does not know (from a newer one) are kept and written back.

use crate::load::{json_type, write_atomic};
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// What is remembered between runs (view state only; data and indexes are rebuilt).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedState {
    /// The last map view; `None` before the map was first drawn (then it fits the corridor).
    pub view: Option<Bookmark>,
    pub tiles: bool,
    pub labels: bool,
    /// Origins (as text) of layers the planner switched off.
    pub hidden_layers: Vec<String>,
    /// Basemap layers switched off (`lakes`, `rivers`, `places`).
    pub hidden_basemap: Vec<String>,
    /// Named views.
    pub bookmarks: Vec<Bookmark>,
    /// Settings of another version, kept as they were.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Default for SavedState {
    fn default() -> Self {
        Self {
            view: None,
            tiles: false,
            labels: true,
            hidden_layers: Vec::new(),
            hidden_basemap: Vec::new(),
            bookmarks: Vec::new(),
            other: Map::new(),
        }
    }
}

/// A named map view.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Bookmark {
    pub name: String,
    pub center_lon: f64,
    pub center_lat: f64,
    pub zoom: f64,
}

/// The zoom a bookmark without one gets: a country-sized view.
pub const DEFAULT_ZOOM: f64 = 6.0;
/// The map's zoom levels.
pub const ZOOMS: std::ops::RangeInclusive<f64> = 0.0..=20.0;
/// Web Mercator's latitude limit: the map shows nothing beyond it.
const MAX_LAT: f64 = 85.051_128;

impl Bookmark {
    /// A view of `lon`, `lat` at `zoom`, brought into range: the longitude wrapped into
    /// −180..180 (a view panned past the antimeridian), the latitude and zoom clamped.
    pub fn at(name: String, lon: f64, lat: f64, zoom: f64) -> Self {
        Self {
            name,
            center_lon: (lon + 180.0).rem_euclid(360.0) - 180.0,
            center_lat: lat.clamp(-MAX_LAT, MAX_LAT),
            zoom: zoom.clamp(*ZOOMS.start(), *ZOOMS.end()),
        }
    }
}

/// Why settings could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("could not write settings: {source} — {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not read settings ({source}); they will not be saved this session — {path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "could not keep a copy of the settings file as it was ({source}); settings will not be saved this session — {path}"
    )]
    KeepCopy {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not encode settings: {0}")]
    Encode(String),
}

/// What reading the settings file found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub state: SavedState,
    /// What was wrong with the file and what became of it, for the planner.
    pub warnings: Vec<String>,
    /// Where the file as it was was copied to.
    pub moved_aside: Option<PathBuf>,
    /// Why saving would write over the only copy of something that was not taken as it was
    /// (the copy aside failed): then nothing is saved this session.
    pub keep_from_saving: Option<SettingsError>,
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
/// never a loss (see the module's documentation); an error only when the file cannot be read.
pub fn read(path: &Path) -> Result<Loaded, SettingsError> {
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Loaded::default()),
        Err(source) => {
            return Err(SettingsError::Read {
                path: shown,
                source,
            });
        }
    };
    let mut warnings = Vec::new();
    let state = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(o)) => read_state(&o, &mut warnings),
        Ok(other) => {
            warnings.push(format!(
                "it holds {}, not settings; starting with default settings",
                json_type(&other)
            ));
            SavedState::default()
        }
        Err(e) => {
            warnings.push(format!(
                "not valid JSON ({e}); starting with default settings"
            ));
            SavedState::default()
        }
    };
    let mut loaded = Loaded {
        state,
        warnings: warnings
            .into_iter()
            .map(|w| format!("{shown}: {w}"))
            .collect(),
        ..Default::default()
    };
    if !loaded.warnings.is_empty() {
        // Something was not taken as it was: keep the file as it was before a save.
        let aside = damaged_name(path);
        match write_atomic(&aside, &bytes) {
            Ok(()) => {
                loaded.warnings.push(format!(
                    "{shown}: the file as it was is kept at {}",
                    aside.display()
                ));
                loaded.moved_aside = Some(aside);
            }
            Err(source) => {
                let e = SettingsError::KeepCopy {
                    path: shown,
                    source,
                };
                loaded.warnings.push(e.to_string());
                loaded.keep_from_saving = Some(e);
            }
        }
    }
    Ok(loaded)
}

/// The settings a window starts with.
#[derive(Debug)]
pub struct Opened {
    pub state: SavedState,
    /// Where to save them; `None` when saving would write over something that could not be
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
            notice: match (&loaded.keep_from_saving, &loaded.moved_aside) {
                (Some(e), _) => Some(e.to_string()),
                (None, Some(aside)) => Some(format!(
                    "The settings file had problems; it is kept as it was at {}",
                    aside.display()
                )),
                (None, None) => None,
            },
            path: loaded.keep_from_saving.is_none().then_some(path),
            state: loaded.state,
            warnings: loaded.warnings,
        },
        // Saving would write over a file that could not be read: not this session.
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

/// The state in a settings object, field by field.
fn read_state(o: &Map<String, Value>, warnings: &mut Vec<String>) -> SavedState {
    let defaults = SavedState::default();
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
        Some(v) => match read_bookmark(v, "last view", warnings) {
            Ok(b) => Some(b),
            Err(why) => {
                warnings.push(format!(
                    "the last view could not be read ({why}): the map opens on the corridor"
                ));
                None
            }
        },
    };
    // A list of names; an entry that is not text is left out with a warning.
    let names = |key: &str, what: &str, warnings: &mut Vec<String>| {
        let mut out = Vec::new();
        for item in list(o, key, warnings) {
            match item.as_str() {
                Some(s) => out.push(s.to_string()),
                None => warnings.push(format!(
                    "{what} is {}, not a name: left out",
                    json_type(item)
                )),
            }
        }
        out
    };
    let hidden_layers = names("hidden_layers", "a hidden layer", warnings);
    let hidden_basemap = names("hidden_basemap", "a hidden basemap layer", warnings);
    let mut bookmarks = Vec::new();
    for (k, item) in list(o, "bookmarks", warnings).iter().enumerate() {
        let default_name = format!("Bookmark {}", k + 1);
        match read_bookmark(item, &default_name, warnings) {
            Ok(b) => bookmarks.push(b),
            Err(why) => {
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
    const KNOWN: [&str; 6] = [
        "view",
        "tiles",
        "labels",
        "hidden_layers",
        "hidden_basemap",
        "bookmarks",
    ];
    let other = o
        .iter()
        .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    SavedState {
        view,
        tiles,
        labels,
        hidden_layers,
        hidden_basemap,
        bookmarks,
        other,
    }
}

/// The entries of a list setting: none when absent, and a warning when it is no list.
fn list<'a>(o: &'a Map<String, Value>, name: &str, warnings: &mut Vec<String>) -> &'a [Value] {
    match o.get(name) {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(other) => {
            warnings.push(format!(
                "setting \"{name}\" is {}, not a list: none could be read",
                json_type(other)
            ));
            &[]
        }
    }
}

/// One bookmark: a position it must have; a name and a zoom it may lack. What is out of range
/// is brought in (see [`Bookmark::at`]), with a warning.
fn read_bookmark(
    v: &Value,
    default_name: &str,
    warnings: &mut Vec<String>,
) -> Result<Bookmark, String> {
    let o = v
        .as_object()
        .ok_or_else(|| format!("it is {}, not a view", json_type(v)))?;
    let number = |name: &str| -> Result<f64, String> {
        o.get(name)
            .ok_or_else(|| format!("no \"{name}\""))?
            .as_f64()
            .ok_or_else(|| format!("\"{name}\" is not a number"))
    };
    let lon = number("center_lon")?;
    let lat = number("center_lat")?;
    let name = match o.get("name").and_then(Value::as_str) {
        Some(n) if !n.trim().is_empty() => n.to_string(),
        _ => {
            warnings.push(format!("a bookmark had no name: \"{default_name}\" used"));
            default_name.to_string()
        }
    };
    let zoom = number("zoom").unwrap_or_else(|why| {
        warnings.push(format!(
            "bookmark \"{name}\": {why}, zoom {DEFAULT_ZOOM} used"
        ));
        DEFAULT_ZOOM
    });
    let b = Bookmark::at(name, lon, lat, zoom);
    if (b.center_lon, b.center_lat, b.zoom) != (lon, lat, zoom) {
        warnings.push(format!(
            "bookmark \"{}\" was out of range ({lon}, {lat}, zoom {zoom}): brought to ({}, {}, zoom {})",
            b.name, b.center_lon, b.center_lat, b.zoom
        ));
    }
    Ok(b)
}

/// Save a value as pretty JSON, atomically (making the settings folder on the first save).
pub fn save<T: Serialize>(path: &Path, value: &T) -> Result<(), SettingsError> {
    let bytes =
        serde_json::to_vec_pretty(value).map_err(|e| SettingsError::Encode(e.to_string()))?;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    folder
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| write_atomic(path, &bytes))
        .map_err(|source| SettingsError::Write {
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
    fn out_of_range_values_are_brought_in_with_a_warning_and_unknown_settings_are_kept() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("settings.json");
        // A view panned past the antimeridian and the pole, as the map allows, and a zoom
        // beyond the map's; and a setting of a newer version.
        let text = r#"{"bookmarks": [
            {"name": "East", "center_lon": 190.5, "center_lat": 85.2, "zoom": 25}],
            "filters": {"kind": ["port"]}}"#;
        std::fs::write(&p, text).expect("write");
        let loaded = read(&p).expect("read");
        let b = &loaded.state.bookmarks[0];
        assert_eq!(b.name, "East");
        assert!((b.center_lon - -169.5).abs() < 1e-9, "{b:?}");
        assert!(
            (b.center_lat - MAX_LAT).abs() < 1e-9 && b.zoom == 20.0,
            "{b:?}"
        );
        assert!(
            loaded.warnings.iter().any(|w| w.contains("out of range")),
            "{:?}",
            loaded.warnings
        );
        assert!(
            loaded.moved_aside.is_some(),
            "the original values are kept aside"
        );
        save(&p, &loaded.state).expect("save");
        let again = read(&p).expect("read");
        assert!(again.warnings.is_empty(), "{:?}", again.warnings);
        assert_eq!(
            again.state.other.get("filters"),
            loaded.state.other.get("filters")
        );
        assert!(again.state.other.contains_key("filters"));
        // What the window writes is in range already.
        let w = Bookmark::at("x".into(), -181.0, -86.0, -1.0);
        assert_eq!((w.center_lon, w.center_lat, w.zoom), (179.0, -MAX_LAT, 0.0));
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
