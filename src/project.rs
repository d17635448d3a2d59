//! Project files (`.atlas.json`): what a planner set up, to open again or hand to a colleague —
//! the layers in drawing order (the built-in ones, files by paths relative to the project,
//! database URLs without passwords) with their visibility and opacity, the view, bookmarks,
//! the filters and the timeline's year. Human-readable JSON, written atomically. No egui types.

use crate::model::{Filter, Mode, Origin, Status};
use crate::settings::Bookmark;
use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};

/// What this version writes (`atlas_project`); a newer file is refused, not misread.
pub const VERSION: u32 = 1;

/// Where a layer comes from, as the project says it: `{"builtin": NAME}`, `{"file": PATH,
/// "layer": TABLE}` or `{"database": URL}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Source {
    /// A built-in layer, by name ("geodata/corridor/nodes.geojson").
    Builtin { builtin: String },
    /// A file, relative to the project's folder (or absolute when on another drive), and the
    /// layer of it (a GeoPackage table, a shapefile in a zip) when it holds several.
    File {
        file: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        layer: Option<String>,
    },
    /// A database table, as a URL without its password.
    Database { database: String },
}

/// One layer: where it comes from and how it is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectLayer {
    #[serde(flatten)]
    pub source: Source,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default = "one")]
    pub opacity: f32,
}

fn yes() -> bool {
    true
}

fn one() -> f32 {
    1.0
}

/// The filters as words (kind, mode and status keys, ISO country codes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub modes: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_capacity_mt_per_year: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

impl ProjectFilter {
    pub fn of(f: &Filter) -> Self {
        Self {
            kinds: f.kinds.iter().cloned().collect(),
            modes: f.modes.iter().map(|m| m.key().to_string()).collect(),
            statuses: f.statuses.iter().map(|s| s.key().to_string()).collect(),
            countries: f.countries.iter().cloned().collect(),
            min_capacity_mt_per_year: f.min_capacity,
            year: f.year,
        }
    }

    /// The filter, and the words that name no mode or status (said, not guessed at).
    pub fn filter(&self) -> (Filter, Vec<String>) {
        let mut unknown = Vec::new();
        let mut f = Filter {
            kinds: self.kinds.iter().cloned().collect(),
            countries: self.countries.iter().cloned().collect(),
            min_capacity: self.min_capacity_mt_per_year,
            year: self.year,
            ..Default::default()
        };
        for m in &self.modes {
            match Mode::parse(m) {
                Some(m) => {
                    f.modes.insert(m);
                }
                None => unknown.push(format!("filter: unknown mode \"{m}\"")),
            }
        }
        for s in &self.statuses {
            match Status::parse(s) {
                Some(s) => {
                    f.statuses.insert(s);
                }
                None => unknown.push(format!("filter: unknown status \"{s}\"")),
            }
        }
        (f, unknown)
    }
}

/// A project file's contents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub atlas_project: u32,
    pub layers: Vec<ProjectLayer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<Bookmark>,
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
    #[serde(default)]
    pub filter: ProjectFilter,
}

/// Why a project could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a Corridor Atlas project: {message}")]
    Invalid { path: String, message: String },
    #[error(
        "{path}: written by a newer Corridor Atlas (project version {found}; this one reads {VERSION})"
    )]
    Newer { path: String, found: u32 },
}

pub use crate::load::is_project_file;

/// A path as the project stores it: relative to `base` (the project's folder) when it can be.
pub fn relative_to(base: &Path, file: &Path) -> String {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (base, file) = (abs(base), abs(file));
    let b: Vec<Component> = base.components().collect();
    let f: Vec<Component> = file.components().collect();
    let common = b.iter().zip(&f).take_while(|(x, y)| x == y).count();
    // Different roots (another drive): the absolute path.
    if common == 0 {
        return file.display().to_string();
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &f[common..] {
        out.push(c.as_os_str());
    }
    out.to_string_lossy().replace('\\', "/")
}

/// A stored path made whole again, against `base`.
pub fn resolve(base: &Path, stored: &str) -> PathBuf {
    let p = Path::new(stored);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

/// The order, visibility and opacity a project gives its layers, by the origin each gets when
/// it loads (database layers aside).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Arrangement {
    /// (origin, visible, opacity), in drawing order.
    pub layers: Vec<(Origin, bool, f32)>,
}

impl Arrangement {
    /// Where the project puts a layer of this origin.
    pub fn rank(&self, o: &Origin) -> Option<usize> {
        self.layers.iter().position(|l| &l.0 == o)
    }

    /// Whether it is drawn, and how opaque, by the project.
    pub fn state(&self, o: &Origin) -> Option<(bool, f32)> {
        self.rank(o).map(|r| (self.layers[r].1, self.layers[r].2))
    }

    /// The moves (from, to), to make one after another, that put layers of `origins` (in
    /// drawing order now) in the project's order; layers it does not list keep their order
    /// after the ones it does.
    pub fn moves(&self, origins: &[Origin]) -> Vec<(usize, usize)> {
        let mut now: Vec<usize> = origins
            .iter()
            .map(|o| self.rank(o).unwrap_or(usize::MAX))
            .collect();
        let mut out = Vec::new();
        for want in 0..now.len() {
            // The first of the lowest rank left (stable for the unlisted ones).
            let Some(i) = (want..now.len()).min_by_key(|&i| (now[i], i)) else {
                break;
            };
            if i != want {
                let r = now.remove(i);
                now.insert(want, r);
                out.push((i, want));
            }
        }
        out
    }
}

impl Project {
    /// The layers' order, visibility and opacity, files resolved against `base`.
    pub fn arrangement(&self, base: &Path) -> Arrangement {
        Arrangement {
            layers: self
                .layers
                .iter()
                .filter_map(|l| {
                    Self::origin_of(&l.source, base)
                        .map(|o| (o, l.visible, l.opacity.clamp(0.0, 1.0)))
                })
                .collect(),
        }
    }

    /// The source of a layer of that origin, with files relative to `base`.
    pub fn source_of(origin: &Origin, base: &Path) -> Source {
        match origin {
            Origin::Embedded(name) => Source::Builtin {
                builtin: name.clone(),
            },
            Origin::File(p) => Source::File {
                file: relative_to(base, p),
                layer: None,
            },
            Origin::Part { file, part } => Source::File {
                file: relative_to(base, file),
                layer: Some(part.clone()),
            },
            Origin::Database { url, .. } => Source::Database {
                database: url.clone(),
            },
        }
    }

    /// The origin a layer of `source` gets when it loads, files resolved against `base`.
    pub fn origin_of(source: &Source, base: &Path) -> Option<Origin> {
        match source {
            Source::Builtin { builtin } => Some(Origin::Embedded(builtin.clone())),
            Source::File { file, layer: None } => Some(Origin::File(resolve(base, file))),
            Source::File {
                file,
                layer: Some(l),
            } => Some(Origin::Part {
                file: resolve(base, file),
                part: l.clone(),
            }),
            Source::Database { database } => {
                let u = crate::load::postgis::DbUrl::parse(database).ok()?;
                let table = u.layer.clone()?;
                Some(Origin::Database {
                    url: u.shown(),
                    table,
                })
            }
        }
    }

    /// The files to open, once each, in the order the layers list them.
    pub fn files(&self, base: &Path) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = Vec::new();
        for l in &self.layers {
            if let Source::File { file, .. } = &l.source {
                let p = resolve(base, file);
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
        out
    }

    /// Read a project file.
    pub fn read(path: &Path) -> Result<Self, ProjectError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ProjectError::Io {
            path: shown.clone(),
            source,
        })?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| ProjectError::Invalid {
                path: shown.clone(),
                message: crate::load::json_message(&e),
            })?;
        match value
            .get("atlas_project")
            .and_then(serde_json::Value::as_u64)
        {
            None => {
                return Err(ProjectError::Invalid {
                    path: shown,
                    message: "no \"atlas_project\" version number".into(),
                });
            }
            Some(v) if v > u64::from(VERSION) => {
                return Err(ProjectError::Newer {
                    path: shown,
                    found: u32::try_from(v).unwrap_or(u32::MAX),
                });
            }
            Some(_) => {}
        }
        // Each layer on its own, so that a bad one is named.
        if let Some(layers) = value.get("layers").and_then(serde_json::Value::as_array) {
            for (i, l) in layers.iter().enumerate() {
                if let Err(e) = serde_json::from_value::<ProjectLayer>(l.clone()) {
                    return Err(ProjectError::Invalid {
                        path: shown,
                        message: format!(
                            "layer {} ({l}): {e}; expected {{\"builtin\": NAME}}, {{\"file\": PATH}} or {{\"database\": URL}}",
                            i + 1
                        ),
                    });
                }
            }
        }
        serde_json::from_value(value).map_err(|e| ProjectError::Invalid {
            path: shown,
            message: e.to_string(),
        })
    }

    /// Write it (pretty-printed, atomically: a crash leaves the old file or the new one).
    pub fn write(&self, path: &Path) -> Result<(), ProjectError> {
        let io = |source| ProjectError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut text = serde_json::to_string_pretty(self)
            .map_err(|e| io(std::io::Error::other(e.to_string())))?;
        text.push('\n');
        crate::load::write_atomic(path, text.as_bytes()).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_kept_relative_to_the_project() {
        let base = Path::new("/work/plans");
        assert_eq!(
            relative_to(base, Path::new("/work/plans/data/roads.shp")),
            "data/roads.shp"
        );
        assert_eq!(
            relative_to(base, Path::new("/work/shared/ports.gpkg")),
            "../shared/ports.gpkg"
        );
        assert_eq!(
            resolve(base, "../shared/ports.gpkg"),
            Path::new("/work/plans/../shared/ports.gpkg")
        );
        assert_eq!(resolve(base, "/srv/x.fgb"), Path::new("/srv/x.fgb"));
    }

    #[test]
    fn a_newer_or_foreign_file_is_refused_with_a_reason() {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join("p.atlas.json");
        std::fs::write(&p, r#"{"atlas_project": 7, "layers": []}"#).expect("write");
        let e = Project::read(&p).expect_err("newer").to_string();
        assert!(e.contains("newer") && e.contains("version 7"), "{e}");
        std::fs::write(&p, r#"{"type": "FeatureCollection"}"#).expect("write");
        let e = Project::read(&p).expect_err("foreign").to_string();
        assert!(e.contains("not a Corridor Atlas project"), "{e}");
        std::fs::write(&p, r#"{"atlas_project": 1, "layers": [{"file": 3}]}"#).expect("write");
        let e = Project::read(&p).expect_err("bad layer").to_string();
        assert!(e.contains("p.atlas.json") && e.contains("layer 1"), "{e}");
    }

    #[test]
    fn layers_take_the_projects_order_and_unlisted_ones_keep_theirs_after() {
        let o = |s: &str| Origin::Embedded(s.into());
        let a = Arrangement {
            layers: vec![
                (o("c"), true, 1.0),
                (o("a"), false, 0.5),
                (o("b"), true, 1.0),
            ],
        };
        let now = [o("a"), o("x"), o("b"), o("y"), o("c")];
        let mut v = now.to_vec();
        for (from, to) in a.moves(&now) {
            let l = v.remove(from);
            v.insert(to, l);
        }
        assert_eq!(v, [o("c"), o("a"), o("b"), o("x"), o("y")]);
        assert_eq!(a.state(&o("a")), Some((false, 0.5)));
        assert_eq!(a.state(&o("x")), None);
    }

    #[test]
    fn filters_round_trip_and_unknown_words_are_said() {
        let pf = ProjectFilter {
            modes: vec!["rail".into(), "hovercraft".into()],
            statuses: vec!["operational".into()],
            year: Some(2027),
            ..Default::default()
        };
        let (f, unknown) = pf.filter();
        assert_eq!(f.year, Some(2027));
        assert!(f.modes.contains(&Mode::Rail) && f.statuses.contains(&Status::Operational));
        assert_eq!(unknown, ["filter: unknown mode \"hovercraft\""]);
        assert_eq!(ProjectFilter::of(&f).modes, ["rail"]);
    }
}
