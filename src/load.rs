//! Reading GeoJSON (RFC 7946) into [`Layer`]s, tolerant of foreign data and precise about
//! what is wrong with bad data.
//!
//! A file with errors (bad JSON, wrong geometry, coordinates out of range, wrong property types)
//! is rejected as a whole with every problem listed, so nothing half-read ever reaches the map.
//! Problems that do not make the data wrong (a feature without geometry, an unknown status)
//! become warnings on the loaded layer.

use crate::model::{
    Feature, Figure, FigureValue, Indicator, Kind, Layer, Mode, Origin, Source, Status, unit_of,
};
use geo::{
    Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// One thing wrong with a file, located as precisely as we can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Index of the feature in the file's `features` array.
    pub feature_index: Option<usize>,
    pub feature_id: Option<String>,
    /// The property (or `geometry`) at fault.
    pub property: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(i) = self.feature_index {
            write!(f, "feature {i}")?;
            if let Some(id) = &self.feature_id {
                write!(f, " (id \"{id}\")")?;
            }
            write!(f, ": ")?;
        }
        if let Some(p) = &self.property {
            write!(f, "property \"{p}\": ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Why a file could not be loaded. The path comes last in the message.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("could not read the file: {source} — {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the file is empty — {path}")]
    Empty { path: String },
    #[error("loading was cancelled — {path}")]
    Cancelled { path: String },
    #[error("not valid JSON at line {line}, column {column}: {message} — {path}")]
    Json {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not a GeoJSON FeatureCollection or Feature (type is {found}) — {path}")]
    NotGeoJson { path: String, found: String },
    #[error("{} problem(s), first: {} — {path}", problems.len(), problems.first().map(ToString::to_string).unwrap_or_default())]
    Invalid {
        path: String,
        problems: Vec<Problem>,
    },
}

impl LoadError {
    pub fn path(&self) -> &str {
        match self {
            LoadError::Io { path, .. }
            | LoadError::Empty { path }
            | LoadError::Cancelled { path }
            | LoadError::Json { path, .. }
            | LoadError::NotGeoJson { path, .. }
            | LoadError::Invalid { path, .. } => path,
        }
    }

    /// One line per problem, `file:feature: message` (for `corridor-atlas check`).
    pub fn lines(&self) -> Vec<String> {
        match self {
            LoadError::Invalid { path, problems } => problems
                .iter()
                .map(|p| {
                    let mut s = path.clone();
                    if let Some(i) = p.feature_index {
                        s.push_str(&format!(":feature {i}"));
                        if let Some(id) = &p.feature_id {
                            s.push_str(&format!(" (id \"{id}\")"));
                        }
                    }
                    s.push_str(": ");
                    if let Some(prop) = &p.property {
                        s.push_str(&format!("property \"{prop}\": "));
                    }
                    s.push_str(&p.message);
                    s
                })
                .collect(),
            LoadError::Json {
                path,
                line,
                column,
                message,
            } => vec![format!("{path}:{line}:{column}: not valid JSON: {message}")],
            other => vec![format!("{}: {}", other.path(), other.short())],
        }
    }

    /// The message without the path.
    pub fn short(&self) -> String {
        match self {
            LoadError::Io { source, .. } => format!("could not read the file: {source}"),
            LoadError::Empty { .. } => "the file is empty".into(),
            LoadError::Cancelled { .. } => CANCELLED.into(),
            LoadError::Json {
                line,
                column,
                message,
                ..
            } => format!("not valid JSON at line {line}, column {column}: {message}"),
            LoadError::NotGeoJson { found, .. } => {
                format!("not a GeoJSON FeatureCollection or Feature (type is {found})")
            }
            LoadError::Invalid { problems, .. } => problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Raw serde layer: only structure, no judgement. Coordinates are read into a light tree so that
// a 2-million-vertex file does not become 2 million `serde_json::Value`s.

/// Nested coordinate arrays as found in the file.
#[derive(Debug, Clone)]
enum Coords {
    Num(f64),
    /// An array of numbers, kept inline: (x, y, how many numbers, what was wrong).
    Pos([f64; 2], u8, Option<&'static str>),
    Arr(Vec<Coords>),
    /// Something that is neither a number nor an array (a string, null, an object…).
    Bad(&'static str),
}

impl<'de> Deserialize<'de> for Coords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Coords;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("coordinates")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Coords, E> {
                Ok(Coords::Num(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Coords, E> {
                Ok(Coords::Num(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Coords, E> {
                Ok(Coords::Num(v as f64))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Coords, E> {
                Ok(Coords::Bad("a string"))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Coords, E> {
                Ok(Coords::Bad("a boolean"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Coords, E> {
                Ok(Coords::Bad("null"))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Coords, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Coords::Bad("an object"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Coords, A::Error> {
                let Some(first) = seq.next_element::<Coords>()? else {
                    return Ok(Coords::Arr(Vec::new()));
                };
                if let Coords::Num(x) = first {
                    // A position: numbers inline, no allocation.
                    let mut xy = [x, 0.0];
                    let mut n: u8 = 1;
                    let mut bad = None;
                    while let Some(c) = seq.next_element::<Coords>()? {
                        match c {
                            Coords::Num(v) => {
                                if n == 1 {
                                    xy[1] = v;
                                }
                                n = n.saturating_add(1);
                            }
                            Coords::Bad(what) => bad = bad.or(Some(what)),
                            _ => bad = bad.or(Some("an array")),
                        }
                    }
                    return Ok(Coords::Pos(xy, n, bad));
                }
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(4).min(4096) + 1);
                v.push(first);
                while let Some(c) = seq.next_element::<Coords>()? {
                    v.push(c);
                }
                Ok(Coords::Arr(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
struct RawGeometry {
    #[serde(rename = "type")]
    kind: Option<Value>,
    coordinates: Option<Coords>,
    geometries: Option<Vec<Option<RawGeometry>>>,
}

/// A feature whose geometry is kept raw until we judge it.
#[derive(Debug, Deserialize)]
struct RawFeatureGeom {
    #[serde(rename = "type")]
    kind: Option<Value>,
    id: Option<Value>,
    #[serde(default)]
    geometry: GeomSlot,
    properties: Option<Box<serde_json::value::RawValue>>,
}

#[derive(Debug, Default)]
enum GeomSlot {
    #[default]
    Missing,
    Null,
    Present(Box<RawGeometry>),
    Bad(&'static str),
}

/// Consume and describe a JSON value that has the wrong shape.
struct Describe;
impl<'de> Visitor<'de> for Describe {
    type Value = &'static str;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok("a boolean")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok("a number")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok("a number")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok("a number")
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok("a string")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok("null")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok("an array")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok("an object")
    }
}

impl<'de> Deserialize<'de> for GeomSlot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = GeomSlot;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a geometry object or null")
            }
            fn visit_unit<E: de::Error>(self) -> Result<GeomSlot, E> {
                Ok(GeomSlot::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<GeomSlot, E> {
                Ok(GeomSlot::Null)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<GeomSlot, A::Error> {
                RawGeometry::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|g| GeomSlot::Present(Box::new(g)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<GeomSlot, E> {
                Describe.visit_bool(v).map(GeomSlot::Bad)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<GeomSlot, E> {
                Describe.visit_i64(v).map(GeomSlot::Bad)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<GeomSlot, E> {
                Describe.visit_u64(v).map(GeomSlot::Bad)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<GeomSlot, E> {
                Describe.visit_f64(v).map(GeomSlot::Bad)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<GeomSlot, E> {
                Describe.visit_str(v).map(GeomSlot::Bad)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<GeomSlot, A::Error> {
                Describe.visit_seq(seq).map(GeomSlot::Bad)
            }
        }
        d.deserialize_any(V)
    }
}

/// An entry of `features`: a feature object, or something else we report.
#[derive(Debug)]
enum FeatureSlot {
    /// Converted as soon as it was read, so a big file never holds all raw coordinates at once.
    Done(Result<Option<Feature>, Vec<Problem>>),
}

/// Per-parse state shared with the feature visitor.
#[derive(Default)]
struct ParseCtx {
    index: usize,
    warnings: Vec<String>,
}

thread_local! {
    static PARSE: std::cell::RefCell<ParseCtx> = std::cell::RefCell::new(ParseCtx::default());
}

impl FeatureSlot {
    fn convert(raw: RawFeatureGeom) -> Self {
        PARSE.with(|c| {
            let mut c = c.borrow_mut();
            let index = c.index;
            c.index += 1;
            FeatureSlot::Done(read_feature(index, raw, &mut c.warnings))
        })
    }

    fn bad(what: &'static str) -> Self {
        PARSE.with(|c| {
            let mut c = c.borrow_mut();
            let index = c.index;
            c.index += 1;
            FeatureSlot::Done(Err(vec![Problem {
                feature_index: Some(index),
                feature_id: None,
                property: None,
                message: format!("a feature must be an object, found {what}"),
            }]))
        })
    }
}

impl<'de> Deserialize<'de> for FeatureSlot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FeatureSlot;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a feature object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<FeatureSlot, A::Error> {
                let f = RawFeatureGeom::deserialize(de::value::MapAccessDeserializer::new(map))?;
                if PROGRESS.with(|p| p.borrow().as_ref().is_some_and(|p| p.tick_parsed())) {
                    return Err(de::Error::custom(CANCELLED));
                }
                Ok(FeatureSlot::convert(f))
            }
            fn visit_unit<E: de::Error>(self) -> Result<FeatureSlot, E> {
                Ok(FeatureSlot::bad("null"))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<FeatureSlot, E> {
                Describe.visit_bool(v).map(FeatureSlot::bad)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FeatureSlot, E> {
                Describe.visit_i64(v).map(FeatureSlot::bad)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FeatureSlot, E> {
                Describe.visit_u64(v).map(FeatureSlot::bad)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FeatureSlot, E> {
                Describe.visit_f64(v).map(FeatureSlot::bad)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FeatureSlot, E> {
                Describe.visit_str(v).map(FeatureSlot::bad)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<FeatureSlot, A::Error> {
                Describe.visit_seq(seq).map(FeatureSlot::bad)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
struct RawCollection {
    #[serde(rename = "type")]
    kind: Option<Value>,
    features: Option<Vec<FeatureSlot>>,
    name: Option<Value>,
    schema_version: Option<Value>,
    // A single Feature at the top level:
    #[serde(default)]
    geometry: GeomSlot,
    properties: Option<Box<serde_json::value::RawValue>>,
    // A bare Geometry at the top level:
    coordinates: Option<Coords>,
    geometries: Option<Vec<Option<RawGeometry>>>,
    id: Option<Value>,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

// ---------------------------------------------------------------------------------------------

/// Progress of a load, shared with the thread doing it; also its Cancel button.
#[derive(Debug, Default)]
pub struct Progress {
    /// Features parsed so far.
    pub parsed: AtomicUsize,
    /// Estimated number of features (counted before parsing).
    pub estimated: AtomicUsize,
    /// Set to stop the load as soon as possible.
    pub cancel: AtomicBool,
}

impl Progress {
    /// Count one parsed feature; returns true when the load should stop.
    fn tick_parsed(&self) -> bool {
        self.parsed.fetch_add(1, Ordering::Relaxed);
        self.cancel.load(Ordering::Relaxed)
    }

    /// 0..1
    pub fn fraction(&self) -> f32 {
        let total = self.estimated.load(Ordering::Relaxed).max(1);
        (self.parsed.load(Ordering::Relaxed) as f32 / total as f32).min(1.0)
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

const CANCELLED: &str = "loading was cancelled";

thread_local! {
    static PROGRESS: std::cell::RefCell<Option<Arc<Progress>>> = const { std::cell::RefCell::new(None) };
}

/// Number of `"Feature"` members in the text: a fast estimate of the feature count.
fn estimate_features(text: &str) -> usize {
    text.as_bytes()
        .windows(9)
        .filter(|w| w == b"\"Feature\"")
        .count()
}

/// Read and parse a file, reporting progress and stopping when cancelled.
pub fn load_file_with_progress(path: &Path, progress: Arc<Progress>) -> Result<Layer, LoadError> {
    let (shown, bytes) = read_bytes(path)?;
    let text = String::from_utf8_lossy(&bytes);
    progress
        .estimated
        .store(estimate_features(&text), Ordering::Relaxed);
    PROGRESS.with(|p| *p.borrow_mut() = Some(progress.clone()));
    let result = parse_layer(&text, &shown, Origin::File(path.to_path_buf()));
    PROGRESS.with(|p| *p.borrow_mut() = None);
    if progress.cancelled() {
        return Err(LoadError::Cancelled { path: shown });
    }
    note_invalid_utf8(result, &bytes)
}

/// (the path as shown in messages, the file's bytes)
fn read_bytes(path: &Path) -> Result<(String, Vec<u8>), LoadError> {
    let shown = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => Ok((shown, bytes)),
        Err(source) => Err(LoadError::Io {
            path: shown,
            source,
        }),
    }
}

/// Read a file from disk and parse it.
pub fn load_file(path: &Path) -> Result<Layer, LoadError> {
    load_file_with_progress(path, Arc::new(Progress::default()))
}

/// GeoJSON is UTF-8 (RFC 7946 §11). A file in another encoding still
/// loads, with the bad bytes shown as U+FFFD, and a warning saying so.
fn note_invalid_utf8(result: Result<Layer, LoadError>, bytes: &[u8]) -> Result<Layer, LoadError> {
    let mut layer = result?;
    if let Err(e) = std::str::from_utf8(bytes) {
        layer.warnings.push(format!(
            "the file is not valid UTF-8 (first bad byte at offset {}): \
             those characters are shown as U+FFFD",
            e.valid_up_to()
        ));
    }
    Ok(layer)
}

/// Parse GeoJSON text. `shown` is the name used in messages.
pub fn parse_layer(text: &str, shown: &str, origin: Origin) -> Result<Layer, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty { path: shown.into() });
    }
    if text.contains('\0') {
        return Err(LoadError::Json {
            path: shown.into(),
            line: 1,
            column: 1,
            message: "the file is binary, not text".into(),
        });
    }
    PARSE.with(|c| *c.borrow_mut() = ParseCtx::default());
    let raw: RawCollection = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            return Err(LoadError::Json {
                path: shown.into(),
                line: e.line(),
                column: e.column(),
                message: json_message(&e),
            });
        }
    };
    let kind = raw.kind.as_ref().and_then(Value::as_str).unwrap_or("");
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let corridor_schema = raw.schema_version.is_some();
    let default_name = Path::new(shown)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| shown.to_string());
    let name = raw
        .name
        .as_ref()
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or(default_name);

    let raw_features: Vec<FeatureSlot> = match kind {
        "FeatureCollection" => match raw.features {
            Some(f) => f,
            None => {
                return Err(LoadError::Invalid {
                    path: shown.into(),
                    problems: vec![Problem {
                        feature_index: None,
                        feature_id: None,
                        property: Some("features".into()),
                        message: "a FeatureCollection needs a \"features\" array".into(),
                    }],
                });
            }
        },
        "Feature" => vec![FeatureSlot::convert(RawFeatureGeom {
            kind: None,
            id: raw.id,
            geometry: raw.geometry,
            properties: raw.properties,
        })],
        "Point" | "MultiPoint" | "LineString" | "MultiLineString" | "Polygon" | "MultiPolygon"
        | "GeometryCollection" => {
            // RFC 7946 §2: a bare Geometry is a complete GeoJSON text; load it as one feature.
            let geometry = GeomSlot::Present(Box::new(RawGeometry {
                kind: raw.kind.clone(),
                coordinates: raw.coordinates,
                geometries: raw.geometries,
            }));
            warnings.push(format!(
                "the file holds a bare {kind} geometry, not a FeatureCollection: loaded as one feature"
            ));
            vec![FeatureSlot::convert(RawFeatureGeom {
                kind: None,
                id: None,
                geometry,
                properties: None,
            })]
        }
        other => {
            return Err(LoadError::NotGeoJson {
                path: shown.into(),
                found: if other.is_empty() {
                    "missing".into()
                } else {
                    format!("\"{other}\"")
                },
            });
        }
    };

    warnings.append(&mut PARSE.with(|c| std::mem::take(&mut c.borrow_mut().warnings)));
    let mut features = Vec::with_capacity(raw_features.len());
    for slot in raw_features {
        let FeatureSlot::Done(r) = slot;
        match r {
            Ok(Some(f)) => features.push(f),
            Ok(None) => {}
            Err(mut p) => problems.append(&mut p),
        }
    }
    if corridor_schema {
        for f in &features {
            if let Kind::Other(k) = &f.kind {
                warnings.push(format!(
                    "feature {}{}: property \"kind\": unknown value \"{k}\", drawn with a neutral style",
                    f.index,
                    id_suffix(&Some(f.id.clone()))
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(LoadError::Invalid {
            path: shown.into(),
            problems,
        });
    }
    Ok(Layer {
        uid: crate::model::next_layer_uid(),
        name,
        origin,
        features,
        corridor_schema,
        visible: true,
        warnings,
    })
}

fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    // serde_json appends " at line L column C"; we report those separately.
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Read one feature. `Ok(None)`: skipped with a warning.
fn read_feature(
    index: usize,
    raw: RawFeatureGeom,
    warnings: &mut Vec<String>,
) -> Result<Option<Feature>, Vec<Problem>> {
    let mut problems = Vec::new();
    let problem = |id: &Option<String>, prop: Option<&str>, msg: String| Problem {
        feature_index: Some(index),
        feature_id: id.clone(),
        property: prop.map(str::to_string),
        message: msg,
    };
    let props_value: Value = match &raw.properties {
        Some(r) => match serde_json::from_str(r.get()) {
            Ok(v) => v,
            // Valid JSON that serde_json will not hold as a value: a number
            // beyond f64 (1e400) or nesting past its recursion limit.
            Err(e) => {
                return Err(vec![problem(
                    &raw.id.as_ref().and_then(id_text),
                    Some("properties"),
                    format!("could not be read: {}", json_message(&e)),
                )]);
            }
        },
        None => Value::Null,
    };
    let props = match props_value {
        Value::Null => Map::new(),
        Value::Object(m) => m,
        other => {
            return Err(vec![problem(
                &raw.id.as_ref().and_then(id_text),
                Some("properties"),
                format!("expected an object, found {}", type_name(&other)),
            )]);
        }
    };
    let id = raw
        .id
        .as_ref()
        .and_then(id_text)
        .or_else(|| props.get("id").and_then(id_text));
    if let Some(k) = raw.kind.as_ref().and_then(Value::as_str)
        && k != "Feature"
    {
        problems.push(problem(
            &id,
            Some("type"),
            format!("expected \"Feature\", found \"{k}\""),
        ));
    }

    let geometry = match raw.geometry {
        GeomSlot::Missing | GeomSlot::Null => None,
        GeomSlot::Bad(what) => {
            problems.push(problem(
                &id,
                Some("geometry"),
                format!("expected an object or null, found {what}"),
            ));
            None
        }
        GeomSlot::Present(g) => match build_geometry(&g, 0) {
            Ok(g) => Some(g),
            Err(msg) => {
                problems.push(problem(&id, Some("geometry"), msg));
                None
            }
        },
    };

    // Typed properties.
    let text_prop = |name: &str, problems: &mut Vec<Problem>| -> Option<String> {
        match props.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) if name == "id" => Some(n.to_string()),
            Some(other) => {
                problems.push(problem(
                    &id,
                    Some(name),
                    format!("expected a string, found {}", type_name(other)),
                ));
                None
            }
        }
    };
    let name = text_prop("name", &mut problems);
    let kind_raw = text_prop("kind", &mut problems);
    let mode_raw = text_prop("mode", &mut problems);
    let status_raw = text_prop("status", &mut problems);
    let _ = text_prop("id", &mut problems);

    let (kind, implied_mode) = kind_raw
        .as_deref()
        .map(Kind::parse)
        .unwrap_or((Kind::Other(String::new()), None));
    let mode = match mode_raw.as_deref() {
        Some(m) => match Mode::parse(m) {
            Some(m) => Some(m),
            None => {
                warnings.push(format!(
                    "feature {index}{}: property \"mode\": unknown value \"{m}\"",
                    id_suffix(&id)
                ));
                implied_mode
            }
        },
        None => implied_mode,
    };
    let status = match status_raw.as_deref() {
        Some(s) => {
            let st = Status::parse(s);
            if st.is_none() {
                warnings.push(format!(
                    "feature {index}{}: property \"status\": unknown value \"{s}\"",
                    id_suffix(&id)
                ));
            }
            st
        }
        None => None,
    };

    let sources = read_sources(props.get("sources"), &id, index, &mut problems);
    let figures = read_figures(props.get("figures"), &id, index, &mut problems);
    // Flat figure properties (foreign files, or a headline value next to `figures`): checked
    // here, turned into figures on demand (`Feature::all_figures`).
    for (key, value) in &props {
        if key == "figures" || key == "status" || unit_of(key).is_none() {
            continue;
        }
        match value {
            Value::Null => {}
            Value::Number(n) => {
                let v = n.as_f64().unwrap_or(f64::NAN);
                if !v.is_finite() {
                    problems.push(problem(&id, Some(key), "the number is out of range".into()));
                }
            }
            other => problems.push(problem(
                &id,
                Some(key),
                format!("expected a number, found {}", type_name(other)),
            )),
        }
    }
    for f in &figures {
        if let Some(s) = &f.source
            && !sources.iter().any(|x| &x.id == s)
        {
            problems.push(problem(
                &id,
                Some("figures"),
                format!(
                    "figure \"{}\" cites source \"{s}\", which is not in this feature's \"sources\"",
                    f.property
                ),
            ));
        }
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    let Some(geometry) = geometry else {
        warnings.push(format!(
            "feature {index}{}: no geometry, not drawn",
            id_suffix(&id)
        ));
        return Ok(None);
    };
    let id = id.unwrap_or_else(|| format!("#{index}"));
    let capacity_mt_per_year = figures
        .iter()
        .chain(crate::model::flat_figures(&props, &figures).iter())
        .filter(|f| f.property == "capacity_mt_per_year")
        .filter_map(Figure::number)
        .reduce(f64::max);
    Ok(Some(Feature {
        name: name.unwrap_or_else(|| id.clone()),
        id,
        kind,
        mode,
        status,
        geometry,
        figures,
        sources,
        capacity_mt_per_year,
        properties_json: raw.properties.unwrap_or_else(empty_properties),
        index,
    }))
}

fn empty_properties() -> Box<serde_json::value::RawValue> {
    serde_json::value::RawValue::from_string("{}".into()).unwrap_or_else(|_| {
        // "{}" is always valid JSON; this branch cannot be reached.
        serde_json::value::to_raw_value(&Map::new()).unwrap_or_default()
    })
}

fn id_suffix(id: &Option<String>) -> String {
    id.as_ref()
        .map(|i| format!(" (id \"{i}\")"))
        .unwrap_or_default()
}

fn read_sources(
    v: Option<&Value>,
    id: &Option<String>,
    index: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Source> {
    let mut out = Vec::new();
    let mut bad = |msg: String| {
        problems.push(Problem {
            feature_index: Some(index),
            feature_id: id.clone(),
            property: Some("sources".into()),
            message: msg,
        })
    };
    let items = match v {
        None | Some(Value::Null) => return out,
        Some(Value::Array(a)) => a,
        Some(other) => {
            bad(format!("expected an array, found {}", type_name(other)));
            return out;
        }
    };
    for (k, item) in items.iter().enumerate() {
        let Some(obj) = item.as_object() else {
            bad(format!(
                "entry {k}: expected an object, found {}",
                type_name(item)
            ));
            continue;
        };
        let s = |name: &str| obj.get(name).and_then(Value::as_str).map(str::to_string);
        match (s("id"), s("publication")) {
            (Some(sid), Some(publication)) => out.push(Source {
                id: sid,
                publication,
                date: s("date").unwrap_or_default(),
                title: s("title"),
                url: s("url"),
            }),
            _ => bad(format!(
                "entry {k}: a source needs the strings \"id\" and \"publication\""
            )),
        }
    }
    out
}

fn read_figures(
    v: Option<&Value>,
    id: &Option<String>,
    index: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut bad = |msg: String| {
        problems.push(Problem {
            feature_index: Some(index),
            feature_id: id.clone(),
            property: Some("figures".into()),
            message: msg,
        })
    };
    let items = match v {
        None | Some(Value::Null) => return out,
        Some(Value::Array(a)) => a,
        Some(other) => {
            bad(format!("expected an array, found {}", type_name(other)));
            return out;
        }
    };
    for (k, item) in items.iter().enumerate() {
        match read_figure(item) {
            Ok(f) => out.push(f),
            Err(msg) => bad(format!("entry {k}: {msg}")),
        }
    }
    out
}

/// One figure object (also used for indicator series).
fn read_figure(item: &Value) -> Result<Figure, String> {
    let obj = item
        .as_object()
        .ok_or_else(|| format!("expected an object, found {}", type_name(item)))?;
    let property = obj
        .get("property")
        .and_then(Value::as_str)
        .unwrap_or("value")
        .to_string();
    let value = match obj.get("value") {
        Some(Value::Number(n)) => {
            let v = n.as_f64().unwrap_or(f64::NAN);
            if !v.is_finite() {
                return Err(format!("\"{property}\": the number is out of range"));
            }
            FigureValue::Number(v)
        }
        Some(Value::String(s)) => FigureValue::Text(s.clone()),
        Some(other) => {
            return Err(format!(
                "\"{property}\": value must be a number or a string, found {}",
                type_name(other)
            ));
        }
        None => return Err(format!("\"{property}\": a figure needs a \"value\"")),
    };
    let year = match obj.get("year") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => match n.as_i64() {
            Some(y) if (1800..=2200).contains(&y) => Some(y as i32),
            _ => {
                return Err(format!(
                    "\"{property}\": year must be a whole year, found {n}"
                ));
            }
        },
        Some(other) => {
            return Err(format!(
                "\"{property}\": year must be a number, found {}",
                type_name(other)
            ));
        }
    };
    let s = |name: &str| -> Result<Option<String>, String> {
        match obj.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!(
                "\"{property}\": {name} must be a string, found {}",
                type_name(other)
            )),
        }
    };
    Ok(Figure {
        value,
        year,
        qualifier: s("qualifier")?,
        note: s("note")?,
        source: s("source")?,
        property,
    })
}

// ---------------------------------------------------------------------------------------------
// Geometry

const MAX_DEPTH: usize = 8;

fn position(c: &Coords) -> Result<Coord<f64>, String> {
    let (x, y) = match c {
        Coords::Pos(_, _, Some(what)) => {
            return Err(format!("a position must hold numbers only, found {what}"));
        }
        Coords::Pos(_, n, None) if *n < 2 => {
            return Err(format!(
                "a position needs at least 2 numbers (longitude, latitude), found {n}"
            ));
        }
        Coords::Pos(xy, _, None) => (xy[0], xy[1]),
        Coords::Arr(v) if v.is_empty() => {
            return Err(
                "a position needs at least 2 numbers (longitude, latitude), found 0".into(),
            );
        }
        Coords::Arr(_) => return Err("a position must hold numbers, found an array".into()),
        Coords::Num(_) => {
            return Err("a position must be an array of numbers, found a number".into());
        }
        Coords::Bad(what) => {
            return Err(format!(
                "a position must be an array of numbers, found {what}"
            ));
        }
    };
    if !x.is_finite() || !y.is_finite() {
        return Err("a coordinate is not a finite number".into());
    }
    if !(-180.0..=180.0).contains(&x) {
        return Err(format!("longitude {x} is outside -180..180"));
    }
    if !(-90.0..=90.0).contains(&y) {
        return Err(format!("latitude {y} is outside -90..90"));
    }
    Ok(Coord { x, y })
}

fn array<'a>(c: &'a Coords, what: &str) -> Result<&'a [Coords], String> {
    match c {
        Coords::Arr(v) => Ok(v),
        Coords::Pos(..) => Err(format!(
            "{what} is nested too shallowly: found a single position where arrays were expected"
        )),
        Coords::Num(_) => Err(format!("{what} must be an array, found a number")),
        Coords::Bad(b) => Err(format!("{what} must be an array, found {b}")),
    }
}

fn line(c: &Coords) -> Result<LineString<f64>, String> {
    let pts = array(c, "a LineString")?
        .iter()
        .map(position)
        .collect::<Result<Vec<_>, _>>()?;
    if pts.len() < 2 {
        return Err(format!(
            "a LineString needs at least 2 positions, found {}",
            pts.len()
        ));
    }
    Ok(LineString::new(pts))
}

fn polygon(c: &Coords) -> Result<Polygon<f64>, String> {
    let rings = array(c, "a Polygon")?;
    if rings.is_empty() {
        return Err("a Polygon needs at least one ring".into());
    }
    let mut out = Vec::with_capacity(rings.len());
    for (k, r) in rings.iter().enumerate() {
        let pts = array(r, "a ring")?
            .iter()
            .map(position)
            .collect::<Result<Vec<_>, _>>()?;
        if pts.len() < 4 {
            return Err(format!(
                "ring {k} needs at least 4 positions, found {}",
                pts.len()
            ));
        }
        if pts.first() != pts.last() {
            return Err(format!(
                "ring {k} is not closed (its first and last positions differ)"
            ));
        }
        out.push(LineString::new(pts));
    }
    let exterior = out.remove(0);
    Ok(Polygon::new(exterior, out))
}

fn build_geometry(g: &RawGeometry, depth: usize) -> Result<Geometry<f64>, String> {
    if depth > MAX_DEPTH {
        return Err("GeometryCollections are nested too deeply".into());
    }
    let kind = match &g.kind {
        Some(Value::String(s)) => s.as_str(),
        Some(other) => {
            return Err(format!(
                "\"type\" must be a string, found {}",
                type_name(other)
            ));
        }
        None => return Err("the geometry has no \"type\"".into()),
    };
    if kind == "GeometryCollection" {
        let parts = g
            .geometries
            .as_ref()
            .ok_or("a GeometryCollection needs \"geometries\"")?;
        let mut out = Vec::with_capacity(parts.len());
        for p in parts.iter().flatten() {
            out.push(build_geometry(p, depth + 1)?);
        }
        return Ok(Geometry::GeometryCollection(GeometryCollection::new_from(
            out,
        )));
    }
    let c = g
        .coordinates
        .as_ref()
        .ok_or_else(|| format!("a {kind} needs \"coordinates\""))?;
    Ok(match kind {
        "Point" => Geometry::Point(Point(position(c)?)),
        "MultiPoint" => Geometry::MultiPoint(MultiPoint::new(
            array(c, "a MultiPoint")?
                .iter()
                .map(|p| position(p).map(Point))
                .collect::<Result<_, _>>()?,
        )),
        "LineString" => Geometry::LineString(line(c)?),
        "MultiLineString" => Geometry::MultiLineString(MultiLineString::new(
            array(c, "a MultiLineString")?
                .iter()
                .map(line)
                .collect::<Result<_, _>>()?,
        )),
        "Polygon" => Geometry::Polygon(polygon(c)?),
        "MultiPolygon" => Geometry::MultiPolygon(MultiPolygon::new(
            array(c, "a MultiPolygon")?
                .iter()
                .map(polygon)
                .collect::<Result<_, _>>()?,
        )),
        other => return Err(format!("unknown geometry type \"{other}\"")),
    })
}

// ---------------------------------------------------------------------------------------------
// Folders and the built-in dataset

/// The GeoJSON files of a folder (recursively, sorted), or the path itself if it is a file.
/// Folders named `basemap` are skipped unless `include_basemap`.
pub fn data_files(path: &Path, include_basemap: bool) -> Result<Vec<PathBuf>, LoadError> {
    let meta = std::fs::metadata(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| LoadError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                let is_basemap = p.file_name().is_some_and(|n| n == "basemap");
                if include_basemap || !is_basemap {
                    stack.push(p);
                }
            } else if p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                x.eq_ignore_ascii_case("geojson") || x.eq_ignore_ascii_case("json")
            }) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Is this file an indicators file rather than GeoJSON?
pub fn is_indicators_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "indicators.json")
}

/// The corridor-wide figures file.
#[derive(Debug, Clone, Default)]
pub struct Indicators {
    pub indicators: Vec<Indicator>,
    pub sources: Vec<Source>,
}

/// Parse `indicators.json`.
pub fn parse_indicators(text: &str, shown: &str) -> Result<Indicators, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let v: Value = serde_json::from_str(text).map_err(|e| LoadError::Json {
        path: shown.into(),
        line: e.line(),
        column: e.column(),
        message: json_message(&e),
    })?;
    let mut problems = Vec::new();
    let mut p = |prop: &str, msg: String| {
        problems.push(Problem {
            feature_index: None,
            feature_id: None,
            property: Some(prop.into()),
            message: msg,
        })
    };
    let mut sources_probs = Vec::new();
    let sources = read_sources(v.get("sources"), &None, 0, &mut sources_probs);
    for sp in sources_probs {
        p("sources", sp.message);
    }
    let mut indicators = Vec::new();
    match v.get("indicators").and_then(Value::as_array) {
        None => p("indicators", "expected an array of indicators".into()),
        Some(items) => {
            for (k, item) in items.iter().enumerate() {
                let s = |n: &str| item.get(n).and_then(Value::as_str).map(str::to_string);
                let Some(id) = s("id") else {
                    p("indicators", format!("entry {k}: needs a string \"id\""));
                    continue;
                };
                let property = s("property").unwrap_or_else(|| "value".into());
                let mut series = Vec::new();
                for (j, point) in item
                    .get("series")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let mut point = point.clone();
                    if let Some(o) = point.as_object_mut() {
                        o.entry("property").or_insert(Value::from(property.clone()));
                    }
                    match read_figure(&point) {
                        Ok(f) => {
                            if let Some(src) = &f.source
                                && !sources.iter().any(|x| &x.id == src)
                            {
                                p(
                                    "indicators",
                                    format!("{id}: series {j} cites unknown source \"{src}\""),
                                );
                            }
                            series.push(f)
                        }
                        Err(msg) => p("indicators", format!("{id}: series {j}: {msg}")),
                    }
                }
                indicators.push(Indicator {
                    label: s("label").unwrap_or_else(|| id.clone()),
                    unit: s("unit").unwrap_or_default(),
                    id,
                    series,
                });
            }
        }
    }
    if !problems.is_empty() {
        return Err(LoadError::Invalid {
            path: shown.into(),
            problems,
        });
    }
    Ok(Indicators {
        indicators,
        sources,
    })
}

/// The default dataset, built into the binary.
pub mod embedded {
    pub const NODES: &str = include_str!("../geodata/corridor/nodes.geojson");
    pub const SECTIONS: &str = include_str!("../geodata/corridor/sections.geojson");
    pub const ZONES: &str = include_str!("../geodata/corridor/zones.geojson");
    pub const INDICATORS: &str = include_str!("../geodata/indicators.json");
    pub const BASEMAP_50M: &str = include_str!("../geodata/basemap/countries-50m.geojson");
    pub const BASEMAP_10M: &str = include_str!("../geodata/basemap/countries-10m.geojson");

    /// (file name, text) of the corridor layers, drawn in this order (zones, sections, nodes).
    pub const LAYERS: [(&str, &str); 3] = [
        ("geodata/corridor/zones.geojson", ZONES),
        ("geodata/corridor/sections.geojson", SECTIONS),
        ("geodata/corridor/nodes.geojson", NODES),
    ];
}

/// Load the built-in corridor dataset. Errors here are bugs in our data, reported not panicked.
pub fn embedded_layers() -> (Vec<Layer>, Vec<LoadError>) {
    let mut layers = Vec::new();
    let mut errors = Vec::new();
    for (name, text) in embedded::LAYERS {
        match parse_layer(text, name, Origin::Embedded(name.to_string())) {
            Ok(l) => layers.push(l),
            Err(e) => errors.push(e),
        }
    }
    (layers, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Layer, LoadError> {
        parse_layer(text, "test.geojson", Origin::Embedded("test".into()))
    }

    #[test]
    fn a_plain_feature_collection_loads_with_all_properties_kept() {
        let l = parse(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","id":7,"geometry":{"type":"Point","coordinates":[51.1,43.6,12]},
             "properties":{"name":"X","colour":"red"}}]}"#,
        )
        .expect("loads");
        assert_eq!(l.features.len(), 1);
        let f = &l.features[0];
        assert_eq!(f.id, "7");
        assert_eq!(f.text("colour").as_deref(), Some("red"));
        assert!(!l.corridor_schema);
    }

    #[test]
    fn out_of_range_latitude_names_feature_and_geometry() {
        let err = parse(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}},
            {"type":"Feature","id":"bad","geometry":{"type":"Point","coordinates":[51,95]},"properties":{}}]}"#,
        )
        .expect_err("must fail");
        let lines = err.lines();
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0].contains(
                "test.geojson:feature 1 (id \"bad\"): property \"geometry\": latitude 95 is outside"
            ),
            "{lines:?}"
        );
    }

    #[test]
    fn wrong_property_type_is_reported_with_the_property() {
        let err = parse(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[1,2]},
             "properties":{"capacity_mt_per_year":"lots","name":5}}]}"#,
        )
        .expect_err("must fail");
        let text = err.lines().join("\n");
        assert!(
            text.contains("property \"capacity_mt_per_year\": expected a number, found a string"),
            "{text}"
        );
        assert!(
            text.contains("property \"name\": expected a string, found a number"),
            "{text}"
        );
    }

    #[test]
    fn bad_json_gives_line_and_column() {
        let err = parse("{\"type\": \"FeatureCollection\",\n \"features\": [ }").expect_err("bad");
        match err {
            LoadError::Json { line, .. } => assert_eq!(line, 2),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn empty_binary_and_bom_files_are_handled() {
        assert!(matches!(parse(""), Err(LoadError::Empty { .. })));
        assert!(matches!(parse("\0\u{1}\u{2}"), Err(LoadError::Json { .. })));
        let l = parse("\u{feff}{\"type\":\"FeatureCollection\",\"features\":[]}").expect("bom ok");
        assert!(l.features.is_empty());
    }

    #[test]
    fn null_geometry_is_a_warning_not_an_error() {
        let l = parse(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","id":"n","geometry":null,"properties":{}}]}"#,
        )
        .expect("loads");
        assert!(l.features.is_empty());
        assert_eq!(l.warnings.len(), 1);
        assert!(l.warnings[0].contains("id \"n\""));
    }

    #[test]
    fn unclosed_ring_and_short_line_are_errors() {
        let err = parse(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]},"properties":{}},
            {"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0]]},"properties":{}}]}"#,
        )
        .expect_err("bad");
        let text = err.lines().join("\n");
        assert!(
            text.contains("feature 0: property \"geometry\": ring 0 is not closed"),
            "{text}"
        );
        assert!(
            text.contains("feature 1: property \"geometry\": a LineString needs at least 2"),
            "{text}"
        );
    }

    #[test]
    fn a_figure_citing_a_missing_source_is_an_error() {
        let err = parse(
            r#"{"type":"FeatureCollection","schema_version":1,"features":[
            {"type":"Feature","id":"p","geometry":{"type":"Point","coordinates":[1,2]},
             "properties":{"id":"p","name":"P","kind":"port","figures":[{"property":"capacity_mt_per_year","value":3,"source":"nope"}],"sources":[]}}]}"#,
        )
        .expect_err("bad");
        assert!(err.lines()[0].contains("cites source \"nope\""));
    }

    #[test]
    fn a_string_in_coordinates_is_an_error_not_a_panic() {
        let err = parse(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,"x"],[1,1]]},"properties":{}}]}"#,
        )
        .expect_err("bad");
        assert!(err.lines()[0].contains("found a string"));
    }

    fn one_point(properties: &str) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[
            {{"type":"Feature","id":"p","geometry":{{"type":"Point","coordinates":[1,2]}},"properties":{properties}}}]}}"#
        )
    }

    #[test]
    fn a_huge_number_in_properties_is_reported_on_the_property_not_dropped() {
        let err = parse(&one_point(r#"{"name":"P","length_km":1e400}"#)).expect_err("bad");
        let lines = err.lines();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].contains("feature 0 (id \"p\"): property \"properties\": could not be read"),
            "{lines:?}"
        );
        assert!(lines[0].contains("number out of range"), "{lines:?}");
    }

    #[test]
    fn deep_nesting_in_properties_is_reported_or_kept_never_silently_dropped() {
        for depth in [10, 100, 126, 127, 200, 10_000] {
            let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
            let text = one_point(&format!(r#"{{"name":"P","deep":{nested}}}"#));
            match parse(&text) {
                Ok(l) => {
                    let props = l.features[0].properties();
                    assert_eq!(
                        props.get("name").and_then(Value::as_str),
                        Some("P"),
                        "depth {depth}"
                    );
                    assert!(props.contains_key("deep"), "depth {depth}");
                }
                Err(e) => {
                    let text = e.lines().join("\n");
                    assert!(
                        text.contains("recursion limit") || text.contains("properties"),
                        "depth {depth}: {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_longitude_beyond_180_alone_is_an_error_naming_the_feature() {
        let err = parse(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","id":"east","geometry":{"type":"Point","coordinates":[190.5,40]},"properties":{}}]}"#,
        )
        .expect_err("bad");
        let lines = err.lines();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].contains("feature 0 (id \"east\"): property \"geometry\": longitude 190.5 is outside -180..180"),
            "{lines:?}"
        );
    }

    #[test]
    fn an_empty_object_and_a_blank_file_are_clear_errors() {
        assert!(matches!(parse(" \n\t\r\n"), Err(LoadError::Empty { .. })));
        let err = parse("{}").expect_err("an empty object is not GeoJSON");
        let text = err.lines().join("\n");
        assert!(text.starts_with("test.geojson"), "{text}");
        assert!(text.contains("type"), "{text}");
    }

    #[test]
    fn geometry_collections_nested_past_the_limit_are_an_error() {
        let mut g = r#"{"type":"Point","coordinates":[1,2]}"#.to_string();
        for _ in 0..(MAX_DEPTH + 2) {
            g = format!(r#"{{"type":"GeometryCollection","geometries":[{g}]}}"#);
        }
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","id":"g","geometry":{g},"properties":{{}}}}]}}"#
        );
        let err = parse(&text).expect_err("too deep");
        let lines = err.lines();
        assert!(
            lines[0].contains("feature 0 (id \"g\"): property \"geometry\""),
            "{lines:?}"
        );
        let mut ok = r#"{"type":"Point","coordinates":[1,2]}"#.to_string();
        for _ in 0..2 {
            ok = format!(r#"{{"type":"GeometryCollection","geometries":[{ok}]}}"#);
        }
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{ok},"properties":{{}}}}]}}"#
        );
        assert_eq!(parse(&text).expect("two levels load").features.len(), 1);
    }

    #[test]
    fn files_on_disk_zero_bytes_binary_and_latin1_are_handled() {
        let dir = std::env::temp_dir().join(format!("atlas-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let empty = dir.join("empty.geojson");
        std::fs::write(&empty, b"").expect("write");
        match load_file(&empty) {
            Err(LoadError::Empty { path }) => assert!(path.ends_with("empty.geojson")),
            other => panic!("0-byte file: {other:?}"),
        }
        // The first bytes of a gzip file: invalid UTF-8, binary.
        let binary = dir.join("data.geojson");
        std::fs::write(&binary, [0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x80, 0x81]).expect("write");
        let err = load_file(&binary).expect_err("binary");
        assert!(err.lines()[0].contains("data.geojson"), "{:?}", err.lines());
        // A Latin-1 name: loads, with a warning that the file is not UTF-8.
        let latin1 = dir.join("latin1.geojson");
        let mut bytes = br#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"name":"Ta"#.to_vec();
        bytes.push(0xe9); // é in Latin-1
        bytes.extend_from_slice(br#"r"}}]}"#);
        std::fs::write(&latin1, &bytes).expect("write");
        let l = load_file(&latin1).expect("loads");
        assert_eq!(l.features[0].text("name").as_deref(), Some("Ta\u{fffd}r"));
        assert!(
            l.warnings
                .iter()
                .any(|w| w.contains("not valid UTF-8") && w.contains("offset")),
            "{:?}",
            l.warnings
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn huge_numbers_and_deep_nesting_do_not_panic() {
        let huge = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[1e400,1]},"properties":{}}]}"#;
        assert!(parse(huge).is_err());
        let deep = format!(
            "{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{{}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":{}1{}}}}}]}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn the_built_in_dataset_loads_cleanly() {
        let (layers, errors) = embedded_layers();
        let msgs: Vec<String> = errors.iter().flat_map(LoadError::lines).collect();
        assert!(msgs.is_empty(), "{msgs:#?}");
        assert_eq!(layers.len(), 3);
        for l in &layers {
            assert!(l.warnings.is_empty(), "{}: {:?}", l.name, l.warnings);
        }
        parse_indicators(embedded::INDICATORS, "geodata/indicators.json").expect("indicators");
    }
}
