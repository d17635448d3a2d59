//! Reading GeoJSON (RFC 7946) into [`Layer`]s, tolerant of foreign data and precise about
//! what is wrong with bad data.
//!
//! A file is rejected only when it cannot be read as GeoJSON at all (bad JSON, no
//! `features` array) or none of its features can be drawn, with every problem listed. Otherwise
//! every feature that can be drawn is loaded: one whose geometry is wrong is left out, one with
//! a wrong property is drawn without it, and each is a warning naming the feature and the
//! property (as QGIS opens the 51 good polygons of a 52-polygon file).
//!
//! Features are judged one by one as serde reads them (a [`DeserializeSeed`] carries the state
//! of the parse), so a big file never holds all its raw coordinates at once.

mod feature;
mod geometry;
mod raw;
#[cfg(test)]
mod tests;

pub(crate) use feature::{id_suffix, read_figure, read_sources};
pub use raw::json_type;

use super::crs::Crs;
use super::error::{LoadError, MAX_PROBLEMS, Problem};
use super::job::Progress;
use crate::model::{Feature, Kind, Layer, Origin, next_layer_uid};
use raw::{Coords, Describe, GeomSlot, RawFeature, RawGeometry, describe_scalars};
use serde::Deserialize as _;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;
use std::path::Path;

/// At most this many warnings are kept per file (a file of 100k features without geometry
/// has 100k); the rest are counted in a last one.
pub const MAX_WARNINGS: usize = 1000;

const CANCELLED: &str = "loading was cancelled";

/// The state of one parse: what has been read so far.
struct Parse<'p> {
    progress: Option<&'p Progress>,
    /// Index of the next entry of `features`.
    index: usize,
    features: Vec<Feature>,
    /// The first [`MAX_PROBLEMS`] problems, and how many more there were.
    problems: Vec<Problem>,
    more_problems: usize,
    /// The first [`MAX_WARNINGS`] warnings, and how many more there were.
    warnings: Vec<String>,
    more_warnings: usize,
    /// A legacy `crs` member's system, when it is not WGS 84 (positions are reprojected).
    crs: Option<Crs>,
}

impl Parse<'_> {
    fn new(progress: Option<&Progress>) -> Parse<'_> {
        Parse {
            progress,
            index: 0,
            features: Vec::new(),
            problems: Vec::new(),
            more_problems: 0,
            warnings: Vec::new(),
            more_warnings: 0,
            crs: None,
        }
    }

    /// Judge one raw feature and keep what comes of it.
    fn take(&mut self, raw: RawFeature) {
        let index = self.index;
        self.index += 1;
        match feature::read_feature(index, raw, &mut self.warnings, self.crs.as_ref()) {
            Ok(Some(f)) => self.features.push(f),
            Ok(None) => {}
            Err(p) => self.problems.extend(p),
        }
        self.keep_within_limits();
    }

    /// A broken 2-million-feature file must not hold 2 million messages: count the rest.
    fn keep_within_limits(&mut self) {
        if self.problems.len() > MAX_PROBLEMS {
            self.more_problems += self.problems.len() - MAX_PROBLEMS;
            self.problems.truncate(MAX_PROBLEMS);
        }
        if self.warnings.len() > MAX_WARNINGS {
            self.more_warnings += self.warnings.len() - MAX_WARNINGS;
            self.warnings.truncate(MAX_WARNINGS);
        }
    }

    /// Start over (what was read so far does not count).
    fn forget(&mut self) {
        let progress = self.progress;
        *self = Parse::new(progress);
    }

    /// An entry of `features` that is not an object.
    fn not_an_object(&mut self, what: &str) {
        self.problems.push(Problem {
            feature_index: Some(self.index),
            feature_id: None,
            property: None,
            message: format!("a feature must be an object, found {what}"),
        });
        self.index += 1;
        self.keep_within_limits();
    }
}

/// The top-level object, less its features (read into [`Parse`] as they come).
#[derive(Default)]
struct Top {
    kind: Option<Value>,
    /// `None`: no `features` member; `Some(Err(what))`: one that is not an array.
    features: Option<Result<(), &'static str>>,
    name: Option<Value>,
    schema_version: bool,
    // A single Feature at the top level:
    geometry: GeomSlot,
    properties: Option<Box<serde_json::value::RawValue>>,
    id: Option<Value>,
    // A bare Geometry at the top level:
    coordinates: Option<Coords>,
    geometries: Option<Vec<GeomSlot>>,
}

/// Reads the top level: an object (a FeatureCollection, a Feature or a Geometry), or
/// something else, described.
struct TopSeed<'a, 'p>(&'a mut Parse<'p>);

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = Result<Top, &'static str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Fails on a second member of the same name, as serde's derive does.
fn once<T>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), &'static str> {
    if slot.is_some() {
        return Err(name);
    }
    *slot = Some(value);
    Ok(())
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = Result<Top, &'static str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut top = Top::default();
        let (mut seen_geometry, mut seen_schema) = (false, false);
        while let Some(key) = map.next_key::<String>()? {
            let dup = match key.as_str() {
                "type" => once(&mut top.kind, map.next_value()?, "type"),
                "features" => {
                    let read = map.next_value_seed(FeaturesSeed(self.0))?;
                    once(&mut top.features, read, "features")
                }
                "name" => once(&mut top.name, map.next_value()?, "name"),
                "schema_version" => {
                    // `null` is as good as absent.
                    let v: Value = map.next_value()?;
                    top.schema_version = !v.is_null();
                    if std::mem::replace(&mut seen_schema, true) {
                        Err("schema_version")
                    } else {
                        Ok(())
                    }
                }
                "geometry" => {
                    top.geometry = map.next_value()?;
                    if std::mem::replace(&mut seen_geometry, true) {
                        Err("geometry")
                    } else {
                        Ok(())
                    }
                }
                "properties" => once(&mut top.properties, map.next_value()?, "properties"),
                "id" => once(&mut top.id, map.next_value()?, "id"),
                "coordinates" => once(&mut top.coordinates, map.next_value()?, "coordinates"),
                "geometries" => once(&mut top.geometries, map.next_value()?, "geometries"),
                _ => {
                    let _: de::IgnoredAny = map.next_value()?;
                    Ok(())
                }
            };
            if let Err(name) = dup {
                return Err(de::Error::duplicate_field(name));
            }
        }
        Ok(Ok(top))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Describe.visit_seq(seq).map(Err)
    }
    describe_scalars!(|_, what| Err(what));
}

/// Reads `features`: each entry judged as it is read. `Err(what)`: not an array.
struct FeaturesSeed<'a, 'p>(&'a mut Parse<'p>);

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_, '_> {
    type Value = Result<(), &'static str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_, '_> {
    type Value = Result<(), &'static str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element_seed(FeatureSeed(&mut *self.0))?.is_some() {}
        Ok(Ok(()))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Describe.visit_map(map).map(Err)
    }
    describe_scalars!(|_, what| Err(what));
}

/// Reads one entry of `features` and hands it to the parse.
struct FeatureSeed<'a, 'p>(&'a mut Parse<'p>);

impl<'de> DeserializeSeed<'de> for FeatureSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FeatureSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a feature object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let raw = RawFeature::deserialize(de::value::MapAccessDeserializer::new(map))?;
        if self.0.progress.is_some_and(Progress::tick) {
            return Err(de::Error::custom(CANCELLED));
        }
        self.0.take(raw);
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let what = Describe.visit_seq(seq)?;
        self.0.not_an_object(what);
        Ok(())
    }
    describe_scalars!(|this: Self, what| this.0.not_an_object(what));
}

/// Number of `"Feature"` members in the text: a fast estimate of the feature count.
fn estimate_features(text: &str) -> usize {
    text.as_bytes()
        .windows(9)
        .filter(|w| w == b"\"Feature\"")
        .count()
}

/// The system a top-level legacy `crs` member names (`{"type": "name", "properties":
/// {"name": "urn:ogc:def:crs:EPSG::3857"}}`), if the file has one. A member of another kind
/// (`link`, or malformed) is read as WGS 84, as GDAL does, with a warning; a named system this
/// program does not know is an error (its metres must not be drawn as degrees).
fn legacy_crs(text: &str) -> Result<(Option<Crs>, Option<String>), String> {
    if !text.contains("\"crs\"") {
        return Ok((None, None));
    }
    #[derive(serde::Deserialize)]
    struct Top {
        crs: Option<Value>,
    }
    let Ok(Top { crs: Some(c) }) = serde_json::from_str::<Top>(text) else {
        return Ok((None, None));
    };
    if c.is_null() {
        return Ok((None, None));
    }
    match c.pointer("/properties/name").and_then(Value::as_str) {
        Some(name) => Crs::from_name(name).map(|c| (Some(c), None)),
        None => Ok((
            None,
            Some(format!(
                "property \"crs\": {c} is not a named coordinate system; positions read as WGS 84"
            )),
        )),
    }
}

/// Read a file from disk and parse it.
pub fn load_file(path: &Path) -> Result<Layer, LoadError> {
    load_file_with_progress(path, &Progress::default())
}

/// Read and parse a file, reporting progress and stopping when cancelled.
pub fn load_file_with_progress(path: &Path, progress: &Progress) -> Result<Layer, LoadError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: shown.clone(),
        source,
    })?;
    if path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("gpx"))
    {
        return super::gpx::parse_gpx(&bytes, &shown, Origin::File(path.to_path_buf()));
    }
    let text = String::from_utf8_lossy(&bytes);
    if path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
    {
        return super::table::parse_csv(&text, &shown, Origin::File(path.to_path_buf()));
    }
    progress.set_total(estimate_features(&text));
    let result = parse(
        &text,
        &shown,
        Origin::File(path.to_path_buf()),
        Some(progress),
    );
    if progress.cancelled() {
        return Err(LoadError::Cancelled { path: shown });
    }
    let mut layer = result?;
    // GeoJSON is UTF-8 (RFC 7946 §11). A file in another encoding still loads, with the bad
    // bytes shown as U+FFFD, and a warning saying so.
    if let Err(e) = std::str::from_utf8(&bytes) {
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
    parse(text, shown, origin, None)
}

fn parse(
    text: &str,
    shown: &str,
    origin: Origin,
    progress: Option<&Progress>,
) -> Result<Layer, LoadError> {
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
    let mut parse = Parse::new(progress);
    // A legacy (2008) `crs` member names the file's system; RFC 7946 files are WGS 84. Looked
    // for before the features are read, as it may come after them.
    let crs = legacy_crs(text).map_err(|e| LoadError::Invalid {
        path: shown.into(),
        problems: vec![Problem {
            feature_index: None,
            feature_id: None,
            property: Some("crs".into()),
            message: e,
        }],
        more: 0,
    })?;
    let (crs, crs_warning) = crs;
    parse.warnings.extend(crs_warning);
    let crs_name = crs.as_ref().map(|c| c.name.clone());
    parse.crs = crs.filter(|c| !c.is_wgs84());
    let mut de = serde_json::Deserializer::from_str(text);
    let top = TopSeed(&mut parse)
        .deserialize(&mut de)
        .and_then(|top| de.end().map(|()| top))
        .map_err(|e| LoadError::from_json(shown, &e))?;
    let top = top.map_err(|what| LoadError::NotGeoJson {
        path: shown.into(),
        found: format!("missing: the file holds {what}, not an object"),
    })?;
    let kind = top.kind.as_ref().and_then(Value::as_str).unwrap_or("");
    match kind {
        "FeatureCollection" => match top.features {
            Some(Ok(())) => {}
            Some(Err(what)) => {
                parse.problems.push(Problem {
                    feature_index: None,
                    feature_id: None,
                    property: Some("features".into()),
                    message: format!("expected an array of features, found {what}"),
                });
            }
            None => {
                parse.problems.push(Problem {
                    feature_index: None,
                    feature_id: None,
                    property: Some("features".into()),
                    message: "a FeatureCollection needs a \"features\" array".into(),
                });
            }
        },
        "Feature" => {
            // A Feature may carry other members (even "features"); only its own count.
            parse.forget();
            parse.take(RawFeature {
                kind: None,
                id: top.id,
                geometry: top.geometry,
                properties: top.properties,
            });
        }
        "Point" | "MultiPoint" | "LineString" | "MultiLineString" | "Polygon" | "MultiPolygon"
        | "GeometryCollection" => {
            // RFC 7946 §2: a bare Geometry is a complete GeoJSON text; load it as one feature
            // (and only its own members count).
            parse.forget();
            parse.warnings.push(format!(
                "the file holds a bare {kind} geometry, not a FeatureCollection: loaded as one feature"
            ));
            let geometry = GeomSlot::Present(Box::new(RawGeometry {
                kind: top.kind.clone(),
                coordinates: top.coordinates,
                geometries: top.geometries,
            }));
            parse.take(RawFeature {
                kind: None,
                id: None,
                geometry,
                properties: None,
            });
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
    }
    let corridor_schema = top.schema_version;
    if corridor_schema {
        for f in &parse.features {
            if let Kind::Other(k) = &f.kind {
                parse.warnings.push(format!(
                    "feature {}{}: property \"kind\": unknown value \"{k}\", drawn with a neutral style",
                    f.index,
                    id_suffix(&Some(f.id.clone()))
                ));
            }
        }
    }
    // Features left out, when others can be drawn: warnings, not a rejected file.
    let top_level = parse.problems.iter().any(|p| p.feature_index.is_none());
    if !parse.problems.is_empty() && !top_level && !parse.features.is_empty() {
        let left_out = parse
            .problems
            .iter()
            .filter_map(|p| p.feature_index)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            + parse.more_problems;
        let loaded = parse.features.len();
        let mut said = vec![format!(
            "{left_out} of {} features not loaded (a geometry that cannot be drawn); {loaded} loaded",
            left_out + loaded
        )];
        said.extend(
            parse
                .problems
                .drain(..)
                .map(|p| format!("{p} — not loaded")),
        );
        if parse.more_problems > 0 {
            said.push(format!("… and {} more problem(s)", parse.more_problems));
        }
        said.append(&mut parse.warnings);
        parse.warnings = said;
        parse.more_problems = 0;
    }
    if !parse.problems.is_empty() {
        return Err(LoadError::Invalid {
            path: shown.into(),
            problems: parse.problems,
            more: parse.more_problems,
        });
    }
    let name = top
        .name
        .as_ref()
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| {
            Path::new(shown)
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_else(|| shown.to_string())
        });
    parse.keep_within_limits();
    let mut warnings = parse.warnings;
    if parse.more_warnings > 0 {
        warnings.push(format!("… and {} more warning(s)", parse.more_warnings));
    }
    Ok(Layer {
        uid: next_layer_uid(),
        name,
        origin,
        features: parse.features,
        corridor_schema,
        warnings,
        crs: crs_name,
    })
}
