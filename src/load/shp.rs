//! Reading ESRI Shapefiles with the `shapefile` crate: the `.shp` with its `.dbf` attributes
//! (code page from the `.cpg`, else the DBF's own mark: CP1251 and the rest through
//! `encoding_rs`), its `.prj` coordinate system, alone or inside a `.zip` (each shapefile in the
//! archive a layer). A record whose shape cannot be drawn is left out and named.

use super::crs::Crs;
use super::error::LoadError;
use super::foreign::{Collect, open_zip, unreadable};
use super::job::Progress;
use crate::model::{Layer, Origin};
use serde_json::{Map, Value};
use std::io::{Cursor, Read};
use std::path::Path;

/// The files of one shapefile, read into memory.
pub(super) struct Parts {
    pub shp: Vec<u8>,
    pub dbf: Option<Vec<u8>>,
    pub prj: Option<String>,
    pub cpg: Option<String>,
}

/// The sibling of `shp` with extension `ext`, in either case (`roads.DBF`).
fn sibling(shp: &Path, ext: &str) -> Option<Vec<u8>> {
    [ext.to_lowercase(), ext.to_uppercase()]
        .iter()
        .find_map(|e| std::fs::read(shp.with_extension(e)).ok())
}

/// Read a `.shp` and its sibling files.
pub fn load_shapefile(path: &Path, progress: &Progress) -> Result<Layer, LoadError> {
    let shown = path.display().to_string();
    let shp = std::fs::read(path).map_err(|source| LoadError::Io {
        path: shown.clone(),
        source,
    })?;
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).trim().to_string();
    let parts = Parts {
        shp,
        dbf: sibling(path, "dbf"),
        prj: sibling(path, "prj").map(text),
        cpg: sibling(path, "cpg").map(text),
    };
    parse_shapefile(
        parts,
        &shown,
        Origin::File(path.to_path_buf()),
        None,
        progress,
    )
}

/// Every shapefile inside a `.zip`, a layer each (named after its `.shp`).
pub fn load_zip(path: &Path, progress: &Progress) -> Result<Vec<Layer>, LoadError> {
    let shown = path.display().to_string();
    let (mut zip, names) = open_zip(path, &shown, "zip")?;
    let mut read = |name: &str| -> Option<Vec<u8>> {
        let mut f = zip.by_name(name).ok()?;
        let mut b = Vec::new();
        f.read_to_end(&mut b).ok()?;
        Some(b)
    };
    let mut shps: Vec<&String> = names
        .iter()
        .filter(|n| n.to_lowercase().ends_with(".shp"))
        .collect();
    shps.sort();
    if shps.is_empty() {
        return Err(unreadable(
            &shown,
            "the archive holds no shapefile (.shp)".into(),
        ));
    }
    let mut layers = Vec::new();
    for shp_name in shps {
        let stem = &shp_name[..shp_name.len() - 4];
        let find = |ext: &str| {
            names
                .iter()
                .find(|n| {
                    n.len() == stem.len() + 4
                        && n.starts_with(stem)
                        && n.to_lowercase().ends_with(ext)
                })
                .cloned()
        };
        let (dbf, prj, cpg) = (find(".dbf"), find(".prj"), find(".cpg"));
        let text = |b: Vec<u8>| String::from_utf8_lossy(&b).trim().to_string();
        let Some(shp) = read(shp_name) else {
            return Err(unreadable(
                &shown,
                format!("{shp_name} cannot be read from the archive"),
            ));
        };
        let parts = Parts {
            shp,
            dbf: dbf.and_then(|n| read(&n)),
            prj: prj.and_then(|n| read(&n)).map(text),
            cpg: cpg.and_then(|n| read(&n)).map(text),
        };
        let layer_name = Path::new(stem)
            .file_name()
            .map(|s| s.to_string_lossy().to_string());
        let origin = Origin::Part {
            file: path.to_path_buf(),
            part: shp_name.clone(),
        };
        let inner = format!("{shown} ({shp_name})");
        layers.push(parse_shapefile(
            parts,
            &inner,
            origin,
            layer_name.as_deref(),
            progress,
        )?);
    }
    Ok(layers)
}

/// A DBF value as a property (blank is absent).
fn property(v: shapefile::dbase::FieldValue) -> Option<Value> {
    use shapefile::dbase::FieldValue as F;
    let number = |n: f64| serde_json::Number::from_f64(n).map(Value::Number);
    match v {
        F::Character(Some(s)) | F::Memo(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| Value::String(t.to_string()))
        }
        F::Numeric(Some(n)) | F::Double(n) | F::Currency(n) => number(n),
        F::Float(Some(n)) => number(f64::from(n)),
        F::Integer(n) => Some(Value::from(n)),
        F::Logical(Some(b)) => Some(Value::Bool(b)),
        F::Date(Some(d)) => Some(Value::String(format!(
            "{:04}-{:02}-{:02}",
            d.year(),
            d.month(),
            d.day()
        ))),
        F::DateTime(t) => {
            let (d, h) = (t.date(), t.time());
            Some(Value::String(format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                d.year(),
                d.month(),
                d.day(),
                h.hours(),
                h.minutes(),
                h.seconds()
            )))
        }
        _ => None,
    }
}

/// Parse one shapefile; `shown` names it in messages, `name` the layer (else the file's stem).
pub(super) fn parse_shapefile(
    parts: Parts,
    shown: &str,
    origin: Origin,
    name: Option<&str>,
    progress: &Progress,
) -> Result<Layer, LoadError> {
    let (crs, assumed) = match &parts.prj {
        Some(wkt) if !wkt.is_empty() => (
            Crs::from_wkt(wkt).map_err(|e| unreadable(shown, format!(".prj: {e}")))?,
            false,
        ),
        _ => (Crs::wgs84("EPSG:4326 (assumed: no .prj)"), true),
    };
    let mut shapes = shapefile::ShapeReader::new(Cursor::new(parts.shp))
        .map_err(|e| unreadable(shown, format!("not a readable shapefile: {e}")))?;
    let total = shapes.shape_count().unwrap_or(0);
    progress.set_total(total);
    let mut rows = Collect::new(shown, &crs, assumed);
    let dbf = match parts.dbf {
        Some(bytes) => {
            let encoding = parts.cpg.as_deref().and_then(|c| {
                shapefile::dbase::encoding::DynEncoding::from_name(c.trim_start_matches('\u{feff}'))
            });
            let builder = match encoding {
                Some(e) => shapefile::dbase::ReaderBuilder::new().with_encoding(e),
                None => shapefile::dbase::ReaderBuilder::new(),
            };
            match builder.build(Cursor::new(bytes)) {
                Ok(r) => Some(r),
                Err(e) => {
                    rows.warn(format!(
                        ".dbf cannot be read ({e}): the features have no attributes"
                    ));
                    None
                }
            }
        }
        None => {
            rows.warn("no .dbf: the features have no attributes".into());
            None
        }
    };
    let mut records = dbf.map(|mut d| {
        let r: Vec<Result<shapefile::dbase::Record, shapefile::dbase::Error>> =
            d.iter_records().collect();
        r.into_iter()
    });
    for (i, shape) in shapes.iter_shapes().enumerate() {
        rows.tick(i, progress)?;
        let mut props = Map::new();
        match records.as_mut().and_then(Iterator::next) {
            Some(Ok(r)) => {
                for (k, v) in r {
                    if let Some(v) = property(v) {
                        props.insert(k, v);
                    }
                }
            }
            Some(Err(e)) => rows.warn(format!("feature {}: attributes cannot be read: {e}", i + 1)),
            None => {}
        }
        let geometry = match shape {
            Ok(shapefile::Shape::NullShape) => Ok(None),
            Ok(s) => geo::Geometry::<f64>::try_from(s)
                .map(Some)
                .map_err(|e| e.to_string()),
            Err(e) => {
                // The records after a broken one cannot be found without the .shx.
                rows.left_out(format!(
                    "feature {} and any after it: the shape cannot be read ({e}) — not loaded",
                    i + 1
                ));
                break;
            }
        };
        rows.add(i + 1, props, geometry);
    }
    rows.finish(origin, name)
}
