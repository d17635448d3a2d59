//! What the readers of other programs' formats (CSV, GPX, Shapefile, GeoPackage, FlatGeobuf,
//! KML) share: a feature made from a geometry and a property map (`name`, `kind`, `status`,
//! `mode` and figure columns read as in GeoJSON), brought to WGS 84, and a layer that keeps
//! every feature that can be drawn and names the others.

use super::crs::Crs;
use super::error::{LoadError, MAX_PROBLEMS, Problem};
use super::job::Progress;
use crate::model::{Feature, Kind, Layer, Mode, Origin, Status, flat_figures};
use geo::{BoundingRect, Geometry};
use serde_json::{Map, Value};

/// A layer of a file in a format that is not ours: named `name`, or after the file.
pub(super) fn foreign_layer(
    shown: &str,
    origin: Origin,
    features: Vec<Feature>,
    warnings: Vec<String>,
) -> Layer {
    let name = std::path::Path::new(shown)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| shown.to_string());
    Layer {
        uid: crate::model::next_layer_uid(),
        name,
        origin,
        features,
        corridor_schema: false,
        warnings,
        crs: None,
    }
}

/// A text cell as a property: a number when it reads as one, else text; empty is absent.
pub(super) fn cell_value(cell: &str) -> Option<Value> {
    let t = cell.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<f64>() {
        Ok(n) if n.is_finite() => serde_json::Number::from_f64(n).map(Value::Number),
        _ => Some(Value::String(t.to_string())),
    }
}

/// A multi-geometry of one part as that part (shapefiles store every line as a multi-line):
/// the network and the details panel take a line as a line.
fn single(g: Geometry<f64>) -> Geometry<f64> {
    match g {
        Geometry::MultiLineString(mut m) if m.0.len() == 1 => Geometry::LineString(m.0.remove(0)),
        Geometry::MultiPolygon(mut m) if m.0.len() == 1 => Geometry::Polygon(m.0.remove(0)),
        Geometry::MultiPoint(mut m) if m.0.len() == 1 => Geometry::Point(m.0.remove(0)),
        g => g,
    }
}

/// A zip archive (a zipped shapefile, a KMZ) and the names of its files; `what` names it in
/// the error ("zip", "KMZ (zip)").
pub(super) fn open_zip(
    path: &std::path::Path,
    shown: &str,
    what: &str,
) -> Result<(zip::ZipArchive<std::fs::File>, Vec<String>), LoadError> {
    let file = std::fs::File::open(path).map_err(|source| LoadError::Io {
        path: shown.into(),
        source,
    })?;
    let zip = zip::ZipArchive::new(file)
        .map_err(|e| unreadable(shown, format!("not a readable {what} archive: {e}")))?;
    let names = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .collect();
    Ok((zip, names))
}

/// An error about the whole file (nothing in it can be read).
pub(super) fn unreadable(shown: &str, message: String) -> LoadError {
    LoadError::Invalid {
        path: shown.into(),
        problems: vec![Problem {
            feature_index: None,
            feature_id: None,
            property: None,
            message,
        }],
        more: 0,
    }
}

/// A feature of `props` and `geometry` (already in WGS 84). `fallback_id` names it when no
/// `id` property does. Warnings (an unknown status) go to `warnings`.
pub(super) fn feature(
    index: usize,
    fallback_id: String,
    props: Map<String, Value>,
    geometry: Geometry<f64>,
    warnings: &mut Vec<String>,
) -> Result<Feature, String> {
    let text = |k: &str| props.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let id = props
        .get("id")
        .filter(|v| !v.is_null())
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .unwrap_or(fallback_id);
    let (kind, implied) = text("kind")
        .as_deref()
        .map(Kind::parse)
        .unwrap_or((Kind::Other(String::new()), None));
    let status = text("status").as_deref().and_then(Status::parse);
    if let Some(s) = text("status")
        && status.is_none()
    {
        warnings.push(format!(
            "feature \"{id}\": property \"status\": unknown value \"{s}\""
        ));
    }
    let capacity_mt_per_year = flat_figures(&props, &[])
        .iter()
        .filter(|f| f.property == "capacity_mt_per_year")
        .filter_map(|f| f.number())
        .reduce(f64::max);
    let properties_json = serde_json::value::to_raw_value(&props).map_err(|e| e.to_string())?;
    Ok(Feature {
        name: text("name").unwrap_or_else(|| id.clone()),
        id,
        kind,
        mode: text("mode").as_deref().and_then(Mode::parse).or(implied),
        status,
        geometry,
        figures: Vec::new(),
        sources: Vec::new(),
        properties_json,
        capacity_mt_per_year,
        index,
    })
}

/// The features of one file or table as they are read, then its layer.
pub(super) struct Collect<'a> {
    shown: &'a str,
    /// What a record is called in messages: "feature", or "row" for a table.
    pub(super) record: &'static str,
    crs: &'a Crs,
    /// The file says nothing of its coordinate system (WGS 84 was assumed).
    crs_assumed: bool,
    features: Vec<Feature>,
    left_out: Vec<String>,
    warnings: Vec<String>,
}

impl<'a> Collect<'a> {
    pub(super) fn new(shown: &'a str, crs: &'a Crs, crs_assumed: bool) -> Self {
        Self {
            shown,
            record: "feature",
            crs,
            crs_assumed,
            features: Vec::new(),
            left_out: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Record number `number` (1-based, as other programs count), its properties and its
    /// geometry in the file's system (`Err`: why it could not be read).
    pub(super) fn add(
        &mut self,
        number: usize,
        props: Map<String, Value>,
        geometry: Result<Option<Geometry<f64>>, String>,
    ) {
        let label = self.label(number, &props);
        let mut g = match geometry {
            Ok(Some(g)) => single(g),
            Ok(None) => {
                self.left_out
                    .push(format!("{label}: no geometry — not loaded"));
                return;
            }
            Err(e) => {
                self.left_out
                    .push(format!("{label}: geometry: {e} — not loaded"));
                return;
            }
        };
        let Some(r) = g.bounding_rect() else {
            self.left_out
                .push(format!("{label}: an empty geometry — not loaded"));
            return;
        };
        if self.crs_assumed && (r.max().x.abs() > 540.0 || r.max().y.abs() > 90.0) {
            self.left_out.push(format!(
                "{label}: geometry: coordinates such as ({:.0}, {:.0}) are not degrees, and the \
                 file does not say its coordinate system (no .prj) — not loaded",
                r.max().x,
                r.max().y
            ));
            return;
        }
        if let Err(e) = self.crs.to_wgs84(&mut g) {
            self.left_out.push(format!(
                "{label}: geometry: in {}, {e} — not loaded",
                self.crs.name
            ));
            return;
        }
        match g.bounding_rect() {
            Some(r)
                if r.min().x >= -540.0
                    && r.max().x <= 540.0
                    && r.min().y >= -90.0
                    && r.max().y <= 90.0
                    && r.min().x.is_finite()
                    && r.max().y.is_finite() => {}
            _ => {
                self.left_out.push(format!(
                    "{label}: geometry: not within longitudes ±540° and latitudes ±90° — not loaded"
                ));
                return;
            }
        }
        let index = self.features.len();
        match feature(index, format!("#{number}"), props, g, &mut self.warnings) {
            Ok(f) => self.features.push(f),
            Err(e) => self
                .left_out
                .push(format!("{label}: properties: {e} — not loaded")),
        }
    }

    /// "row 3 (id \"bad\")": a record as messages name it.
    pub(super) fn label(&self, number: usize, props: &Map<String, Value>) -> String {
        let record = self.record;
        match [("id", props.get("id")), ("name", props.get("name"))]
            .into_iter()
            .find(|(_, v)| v.is_some_and(|v| !v.is_null()))
        {
            Some((k, Some(Value::String(s)))) => format!("{record} {number} ({k} \"{s}\")"),
            Some((k, Some(v))) => format!("{record} {number} ({k} {v})"),
            _ => format!("{record} {number}"),
        }
    }

    /// A record left out for a reason of the reader's own (`message` names it).
    pub(super) fn left_out(&mut self, message: String) {
        self.left_out.push(message);
    }

    /// Say how far reading has come every 1,024 records, and stop when Cancel was pressed.
    pub(super) fn tick(&self, i: usize, progress: &Progress) -> Result<(), LoadError> {
        if i.is_multiple_of(1024) {
            progress.set_done(i);
            if progress.cancelled() {
                return Err(LoadError::Cancelled {
                    path: self.shown.into(),
                });
            }
        }
        Ok(())
    }

    /// Records read so far (loaded or not).
    pub(super) fn count(&self) -> usize {
        self.features.len() + self.left_out.len()
    }

    /// A warning about the file as a whole (a column that could not be read…).
    pub(super) fn warn(&mut self, w: String) {
        self.warnings.push(w);
    }

    /// The layer (named `name`, or after the file), or an error when nothing could be drawn.
    pub(super) fn finish(self, origin: Origin, name: Option<&str>) -> Result<Layer, LoadError> {
        let Collect {
            shown,
            record,
            crs,
            features,
            left_out,
            mut warnings,
            ..
        } = self;
        if features.is_empty() && !left_out.is_empty() {
            let problems: Vec<Problem> = left_out
                .iter()
                .take(MAX_PROBLEMS)
                .map(|m| Problem {
                    feature_index: None,
                    feature_id: None,
                    property: None,
                    message: m.clone(),
                })
                .collect();
            return Err(LoadError::Invalid {
                path: shown.into(),
                more: left_out.len().saturating_sub(problems.len()),
                problems,
            });
        }
        let mut said = Vec::new();
        if !left_out.is_empty() {
            said.push(format!(
                "{} of {} {record}s not loaded (no geometry that can be drawn); {} loaded",
                left_out.len(),
                left_out.len() + features.len(),
                features.len()
            ));
            said.extend(left_out);
        }
        if let Some(n) = &crs.note {
            said.push(format!("coordinate system {}: {n}", crs.name));
        }
        said.append(&mut warnings);
        let mut layer = foreign_layer(shown, origin, features, said);
        if let Some(n) = name {
            layer.name = n.to_string();
        }
        layer.crs = Some(crs.name.clone());
        Ok(layer)
    }
}
