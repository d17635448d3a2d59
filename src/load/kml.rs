//! Reading KML (Google Earth) and KMZ with the `kml` crate: every Placemark with a geometry is
//! a feature, with its name, description, folder and ExtendedData (`SimpleData` and `Data`
//! values) as properties. KML is always WGS 84. A KMZ's every `.kml` is read (GDAL's LIBKML
//! writes a `doc.kml` that links to `layers/*.kml`).

use super::crs::Crs;
use super::error::LoadError;
use super::foreign::{Collect, cell_value, open_zip, unreadable};
use super::job::Progress;
use crate::model::{Layer, Origin};
use kml::Kml;
use kml::types::Element;
use serde_json::{Map, Value};
use std::io::Read;
use std::path::Path;

/// ExtendedData values below `e`.
fn extended(e: &Element, props: &mut Map<String, Value>) {
    let key = e.attrs.get("name").filter(|n| !n.is_empty());
    match (e.name.as_str(), key) {
        ("SimpleData", Some(k)) => {
            if let Some(v) = e.content.as_deref().and_then(cell_value) {
                props.insert(k.clone(), v);
            }
        }
        ("Data", Some(k)) => {
            let v = e
                .children
                .iter()
                .find(|c| c.name == "value")
                .and_then(|c| c.content.as_deref())
                .and_then(cell_value);
            if let Some(v) = v {
                props.insert(k.clone(), v);
            }
        }
        _ => e.children.iter().for_each(|c| extended(c, props)),
    }
}

/// The placemarks below `k`, in document order, with the folder they are in.
fn walk(k: Kml, folder: Option<&str>, rows: &mut Collect, number: &mut usize) {
    match k {
        Kml::KmlDocument(d) => d
            .elements
            .into_iter()
            .for_each(|e| walk(e, folder, rows, number)),
        Kml::Document { elements, .. } => elements
            .into_iter()
            .for_each(|e| walk(e, folder, rows, number)),
        Kml::Folder(f) => {
            let name = f.name.clone();
            f.elements
                .into_iter()
                .for_each(|e| walk(e, name.as_deref().or(folder), rows, number));
        }
        Kml::Placemark(p) => {
            *number += 1;
            let mut props = Map::new();
            for c in &p.children {
                extended(c, &mut props);
            }
            if let Some(n) = p.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                props.insert("name".into(), Value::String(n.to_string()));
            }
            if let Some(d) = p
                .description
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
            {
                props.insert("description".into(), Value::String(d.to_string()));
            }
            if let Some(f) = folder {
                props.insert("folder".into(), Value::String(f.to_string()));
            }
            let geometry = match p.geometry {
                None => Ok(None),
                Some(g) => geo::Geometry::<f64>::try_from(g)
                    .map(Some)
                    .map_err(|e| e.to_string()),
            };
            rows.add(*number, props, geometry);
        }
        _ => {}
    }
}

/// Whether `text` is well-formed XML (every element closed, end tags matching). The `kml`
/// crate's reader loops for ever on a file cut short (its loops wait for an end tag and do not
/// stop at the end of the file), so a file is checked with `quick-xml` first.
fn well_formed(text: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => open.push(String::from_utf8_lossy(e.name().as_ref()).into()),
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "not well-formed XML at byte {}: {e}",
                    reader.error_position()
                ));
            }
        }
    }
    match open.last() {
        Some(name) => Err(format!(
            "the file ends before its <{name}> element is closed (cut short?)"
        )),
        None => Ok(()),
    }
}

fn parse(texts: Vec<String>, shown: &str, origin: Origin) -> Result<Layer, LoadError> {
    let crs = Crs::wgs84("EPSG:4326 (KML)");
    let mut rows = Collect::new(shown, &crs, false);
    rows.record = "placemark";
    let mut number = 0;
    for t in &texts {
        well_formed(t).map_err(|e| unreadable(shown, format!("not readable KML: {e}")))?;
        let k = kml::KmlReader::<_, f64>::from_string(t)
            .read()
            .map_err(|e| unreadable(shown, format!("not readable KML: {e}")))?;
        walk(k, None, &mut rows, &mut number);
    }
    rows.finish(origin, None)
}

/// Read a `.kml` file.
pub fn load_kml(path: &Path, _progress: &Progress) -> Result<Layer, LoadError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: shown.clone(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes).to_string();
    parse(vec![text], &shown, Origin::File(path.to_path_buf()))
}

/// Read a `.kmz` (a zip of KML files).
pub fn load_kmz(path: &Path, _progress: &Progress) -> Result<Layer, LoadError> {
    let shown = path.display().to_string();
    let (mut zip, names) = open_zip(path, &shown, "KMZ (zip)")?;
    let mut names: Vec<String> = names
        .into_iter()
        .filter(|n| n.to_lowercase().ends_with(".kml"))
        .collect();
    // The root document first, then the others in order.
    names.sort_by_key(|n| (n != "doc.kml", n.clone()));
    let mut texts = Vec::new();
    for n in &names {
        let mut s = String::new();
        zip.by_name(n)
            .map_err(|e| unreadable(&shown, format!("{n}: {e}")))?
            .read_to_string(&mut s)
            .map_err(|e| unreadable(&shown, format!("{n}: {e}")))?;
        texts.push(s);
    }
    if texts.is_empty() {
        return Err(unreadable(&shown, "the KMZ holds no .kml file".into()));
    }
    parse(texts, &shown, Origin::File(path.to_path_buf()))
}
