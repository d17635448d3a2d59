//! Reading GeoPackages (`rusqlite`, read-only; geometries through `geozero`'s GeoPackage WKB):
//! every vector table listed in `gpkg_contents` is a layer, in the coordinate system its
//! `gpkg_geometry_columns.srs_id` names (an EPSG code, else the definition's WKT).

use super::crs::Crs;
use super::error::LoadError;
use super::foreign::{Collect, unreadable};
use super::job::Progress;
use crate::model::{Layer, Origin};
use geozero::ToGeo;
use geozero::wkb::GpkgWkb;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde_json::{Map, Value};
use std::path::Path;

/// A vector table: its name, title, geometry column and coordinate system id.
struct Table {
    name: String,
    title: Option<String>,
    column: String,
    srs_id: i64,
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The coordinate system of `srs_id`, and whether it was assumed.
fn crs_of(db: &Connection, srs_id: i64) -> Result<(Crs, bool), String> {
    if srs_id == 4326 {
        return Ok((Crs::wgs84("EPSG:4326"), false));
    }
    let row: Option<(Option<String>, Option<i64>, Option<String>)> = db
        .query_row(
            "SELECT organization, organization_coordsys_id, definition \
             FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
            [srs_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .ok();
    match row {
        Some((Some(org), Some(code), _)) if org.eq_ignore_ascii_case("EPSG") && code > 0 => {
            Ok((Crs::from_epsg(code)?, false))
        }
        Some((_, _, Some(wkt))) if wkt.trim() != "undefined" && !wkt.trim().is_empty() => {
            Ok((Crs::from_wkt(&wkt)?, false))
        }
        // srs_id 0 and -1: "undefined geographic / cartesian" in the standard.
        _ => Ok((
            Crs::wgs84(&format!("srs_id {srs_id} (undefined: read as WGS 84)")),
            true,
        )),
    }
}

/// Every vector table of a GeoPackage, a layer each.
pub fn load_gpkg(path: &Path, progress: &Progress) -> Result<Vec<Layer>, LoadError> {
    let shown = path.display().to_string();
    if let Err(source) = std::fs::metadata(path) {
        return Err(LoadError::Io {
            path: shown,
            source,
        });
    }
    let bad = |e: rusqlite::Error| unreadable(&shown, format!("not a readable GeoPackage: {e}"));
    let db = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(bad)?;
    let tables: Vec<Table> = db
        .prepare(
            "SELECT c.table_name, c.identifier, g.column_name, g.srs_id \
             FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name \
             WHERE c.data_type = 'features' ORDER BY c.table_name",
        )
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(Table {
                    name: r.get(0)?,
                    title: r.get(1)?,
                    column: r.get(2)?,
                    srs_id: r.get(3)?,
                })
            })?
            .collect()
        })
        .map_err(bad)?;
    if tables.is_empty() {
        return Err(unreadable(
            &shown,
            "the GeoPackage holds no vector table".into(),
        ));
    }
    // A table that cannot be read is said; the other tables load.
    let mut layers = Vec::new();
    let mut failed: Vec<LoadError> = Vec::new();
    for t in &tables {
        match read_table(&db, path, &shown, t, progress) {
            Ok(l) => layers.push(l),
            Err(e @ LoadError::Cancelled { .. }) => return Err(e),
            Err(e) => failed.push(e),
        }
    }
    if layers.is_empty() && !failed.is_empty() {
        return Err(failed.swap_remove(0));
    }
    if let Some(first) = layers.first_mut() {
        for e in failed {
            first.warnings.extend(
                e.lines()
                    .into_iter()
                    .map(|l| format!("{l} — table not loaded")),
            );
        }
    }
    Ok(layers)
}

/// One vector table as a layer.
fn read_table(
    db: &Connection,
    path: &Path,
    shown: &str,
    t: &Table,
    progress: &Progress,
) -> Result<Layer, LoadError> {
    let inner = format!("{shown} (table {})", t.name);
    let (crs, assumed) = crs_of(db, t.srs_id)
        .map_err(|e| unreadable(&inner, format!("srs_id {}: {e}", t.srs_id)))?;
    let count: i64 = db
        .query_row(
            &format!("SELECT count(*) FROM {}", quoted(&t.name)),
            [],
            |r| r.get(0),
        )
        .unwrap_or(0);
    progress.set_total(usize::try_from(count).unwrap_or(0));
    let mut stmt = db
        .prepare(&format!("SELECT * FROM {}", quoted(&t.name)))
        .map_err(|e| unreadable(&inner, format!("the table cannot be read: {e}")))?;
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let geometry_at = names.iter().position(|n| n.eq_ignore_ascii_case(&t.column));
    let mut rows = Collect::new(&inner, &crs, assumed);
    let mut query = stmt
        .query([])
        .map_err(|e| unreadable(&inner, format!("the table cannot be read: {e}")))?;
    let mut i = 0;
    loop {
        let row = match query.next() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => {
                rows.left_out(format!(
                    "row {} and after: cannot be read ({e}) — not loaded",
                    i + 1
                ));
                break;
            }
        };
        i += 1;
        rows.tick(i, progress)?;
        let mut props = Map::new();
        let mut geometry = Ok(None);
        for (c, name) in names.iter().enumerate() {
            let Ok(v) = row.get_ref(c) else { continue };
            if Some(c) == geometry_at {
                geometry = match v {
                    ValueRef::Blob(b) => GpkgWkb(b.to_vec())
                        .to_geo()
                        .map(Some)
                        .map_err(|e| e.to_string()),
                    ValueRef::Null => Ok(None),
                    _ => Err("not a GeoPackage geometry".into()),
                };
                continue;
            }
            if let Some(v) = sql_value(v) {
                props.insert(name.clone(), v);
            }
        }
        rows.add(i, props, geometry);
    }
    let origin = Origin::Part {
        file: path.to_path_buf(),
        part: t.name.clone(),
    };
    let title = t
        .title
        .as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or(&t.name);
    rows.finish(origin, Some(title))
}

/// An SQLite value as a property (blobs and NULL are absent).
fn sql_value(v: ValueRef) -> Option<Value> {
    match v {
        ValueRef::Integer(n) => Some(Value::from(n)),
        ValueRef::Real(x) => serde_json::Number::from_f64(x).map(Value::Number),
        ValueRef::Text(t) => {
            let t = String::from_utf8_lossy(t).trim().to_string();
            (!t.is_empty()).then_some(Value::String(t))
        }
        ValueRef::Null | ValueRef::Blob(_) => None,
    }
}
