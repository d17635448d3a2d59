//! Reading FlatGeobuf with the `flatgeobuf` crate (no HTTP): the header's coordinate system
//! (EPSG code, else its WKT), every feature with its typed properties (through `geozero`).
//! `check`, `--data` and the export read the whole file; the window reads a big one (more
//! than [`VIEW_FEATURES`]) by the view's bounding box through the file's spatial index.

use super::crs::Crs;
use super::error::LoadError;
use super::foreign::{Collect, unreadable};
use super::job::Progress;
use crate::model::{Layer, Origin};
use flatgeobuf::{FallibleStreamingIterator, FgbReader};
use geozero::{ColumnValue, FeatureProperties, PropertyProcessor, ToGeo};
use serde_json::{Map, Value};
use std::path::Path;

/// Collects a feature's properties as JSON values.
struct Props(Map<String, Value>);

impl PropertyProcessor for Props {
    fn property(&mut self, _i: usize, name: &str, v: &ColumnValue) -> geozero::error::Result<bool> {
        let number = |n: f64| serde_json::Number::from_f64(n).map(Value::Number);
        let value = match *v {
            ColumnValue::Byte(n) => Some(Value::from(n)),
            ColumnValue::UByte(n) => Some(Value::from(n)),
            ColumnValue::Bool(b) => Some(Value::Bool(b)),
            ColumnValue::Short(n) => Some(Value::from(n)),
            ColumnValue::UShort(n) => Some(Value::from(n)),
            ColumnValue::Int(n) => Some(Value::from(n)),
            ColumnValue::UInt(n) => Some(Value::from(n)),
            ColumnValue::Long(n) => Some(Value::from(n)),
            ColumnValue::ULong(n) => Some(Value::from(n)),
            ColumnValue::Float(n) => number(f64::from(n)),
            ColumnValue::Double(n) => number(n),
            ColumnValue::String(s) | ColumnValue::DateTime(s) => {
                (!s.trim().is_empty()).then(|| Value::String(s.trim().to_string()))
            }
            ColumnValue::Json(s) => serde_json::from_str(s).ok(),
            ColumnValue::Binary(_) => None,
        };
        if let Some(v) = value {
            self.0.insert(name.to_string(), v);
        }
        Ok(false)
    }
}

/// A file with more features than this is read by view in the window.
pub const VIEW_FEATURES: u64 = 200_000;

/// How many features the file's header says it holds (0 when it does not say).
pub fn feature_count(path: &Path) -> Option<u64> {
    let file = std::fs::File::open(path).ok()?;
    let mut reader = std::io::BufReader::new(file);
    let fgb = FgbReader::open(&mut reader).ok()?;
    Some(fgb.header().features_count())
}

/// Read a `.fgb` file.
pub fn load_fgb(path: &Path, progress: &Progress) -> Result<Layer, LoadError> {
    read_fgb(path, None, None, progress)
}

/// The features of a `.fgb` whose boxes meet `bbox` ([west, south, east, north], WGS 84), at
/// most `limit`, found through the file's spatial index.
pub fn read_fgb_view(
    path: &Path,
    bbox: [f64; 4],
    limit: usize,
    progress: &Progress,
) -> Result<Layer, LoadError> {
    read_fgb(path, Some(bbox), Some(limit), progress)
}

fn read_fgb(
    path: &Path,
    bbox: Option<[f64; 4]>,
    limit: Option<usize>,
    progress: &Progress,
) -> Result<Layer, LoadError> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| LoadError::Io {
        path: shown.clone(),
        source,
    })?;
    let mut reader = std::io::BufReader::new(file);
    let bad =
        |e: flatgeobuf::Error| unreadable(&shown, format!("not a readable FlatGeobuf file: {e}"));
    let fgb = FgbReader::open(&mut reader).map_err(bad)?;
    let header = fgb.header();
    let name = header.name().filter(|n| !n.is_empty()).map(str::to_string);
    let (crs, assumed) = match header.crs() {
        Some(c) if c.code() > 0 && c.org().is_none_or(|o| o.eq_ignore_ascii_case("EPSG")) => {
            (Crs::from_epsg(c.code().into()), false)
        }
        Some(c) if c.wkt().is_some_and(|w| !w.trim().is_empty()) => {
            (Crs::from_wkt(c.wkt().unwrap_or_default()), false)
        }
        Some(c) if c.code_string().is_some() => {
            (Crs::from_name(c.code_string().unwrap_or_default()), false)
        }
        _ => (
            Ok(Crs::wgs84("EPSG:4326 (assumed: the header gives none)")),
            true,
        ),
    };
    let crs = crs.map_err(|e| unreadable(&shown, format!("header: {e}")))?;
    progress.set_total(header.features_count() as usize);
    let mut features = match bbox {
        None => fgb.select_all().map_err(bad)?,
        Some(b) => {
            let [w, s, e, n] = crs.bbox_from_wgs84(b).ok_or_else(|| {
                unreadable(&shown, format!("the view cannot be put in {}", crs.name))
            })?;
            fgb.select_bbox(w, s, e, n).map_err(bad)?
        }
    };
    let mut rows = Collect::new(&shown, &crs, assumed);
    let mut i = 0;
    loop {
        if limit.is_some_and(|l| i >= l) {
            rows.warn(format!(
                "only the first {i} features in view are drawn: zoom in to see the rest"
            ));
            break;
        }
        let f = match features.next() {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                rows.left_out(format!(
                    "feature {} and any after it cannot be read ({e}) — not loaded",
                    i + 1
                ));
                break;
            }
        };
        i += 1;
        rows.tick(i, progress)?;
        let mut props = Props(Map::new());
        if let Err(e) = f.process_properties(&mut props) {
            rows.warn(format!("feature {i}: properties cannot be read: {e}"));
        }
        let geometry = if f.geometry().is_none() {
            Ok(None)
        } else {
            f.to_geo().map(Some).map_err(|e| e.to_string())
        };
        rows.add(i, props.0, geometry);
    }
    rows.finish(Origin::File(path.to_path_buf()), name.as_deref())
}
