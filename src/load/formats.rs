//! Which reader opens a file, told by its extension: the formats this program reads, as one
//! table for File → Open, drag and drop, folders, `--data` and `check`.

use super::error::LoadError;
use super::job::Progress;
use crate::model::Layer;
use std::path::Path;

/// A format: its extensions and the name `check --json` gives it.
pub struct Format {
    pub extensions: &'static [&'static str],
    pub name: &'static str,
}

/// A PostGIS table (a `postgresql://` URL where a path would be).
pub const POSTGIS: Format = Format {
    extensions: &[],
    name: "PostGIS",
};

/// Every format read, in the order File → Open lists them.
pub const FORMATS: [Format; 9] = [
    Format {
        extensions: &["geojson", "json"],
        name: "GeoJSON",
    },
    Format {
        extensions: &["shp"],
        name: "ESRI Shapefile",
    },
    Format {
        extensions: &["zip"],
        name: "ESRI Shapefile (zipped)",
    },
    Format {
        extensions: &["gpkg"],
        name: "GeoPackage",
    },
    Format {
        extensions: &["fgb"],
        name: "FlatGeobuf",
    },
    Format {
        extensions: &["kml"],
        name: "KML",
    },
    Format {
        extensions: &["kmz"],
        name: "KMZ",
    },
    Format {
        extensions: &["gpx"],
        name: "GPX",
    },
    Format {
        extensions: &["csv"],
        name: "CSV (latitude and longitude, or WKT, columns)",
    },
];

/// A Corridor Atlas project file (`….atlas.json`): not data, though it ends in `.json`.
pub fn is_project_file(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_lowercase().ends_with(".atlas.json"))
}

/// Every extension read, lower case.
pub fn extensions() -> Vec<&'static str> {
    FORMATS
        .iter()
        .flat_map(|f| f.extensions.iter().copied())
        .collect()
}

/// The format of `path`, by its extension.
pub fn format_of(path: &Path) -> Option<&'static Format> {
    if is_project_file(path) {
        return None;
    }
    if path.to_str().is_some_and(super::postgis::is_database_url) {
        return Some(&POSTGIS);
    }
    let ext = path.extension()?.to_str()?.to_lowercase();
    FORMATS
        .iter()
        .find(|f| f.extensions.contains(&ext.as_str()))
}

/// Read every layer of `path` (a GeoPackage or a zip may hold several), reporting progress and
/// stopping when cancelled.
pub fn load_layers(path: &Path, progress: &Progress) -> Result<Vec<Layer>, LoadError> {
    load_layers_with(path, progress, None)
}

/// As [`load_layers`], a CSV table's position columns given (the window asked for them).
pub fn load_layers_with(
    path: &Path,
    progress: &Progress,
    csv: Option<&super::CsvColumns>,
) -> Result<Vec<Layer>, LoadError> {
    if let Some(cols) = csv {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: shown.clone(),
            source,
        })?;
        let text = String::from_utf8_lossy(&bytes);
        let origin = crate::model::Origin::File(path.to_path_buf());
        return Ok(vec![super::table::parse_csv_with(
            &text,
            &shown,
            origin,
            Some(cols),
        )?]);
    }
    if let Some(url) = path.to_str().filter(|s| super::postgis::is_database_url(s)) {
        return super::postgis::load_url(url, progress);
    }
    let ext = path
        .extension()
        .and_then(|x| x.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    let layers = match ext.as_str() {
        "shp" => vec![super::shp::load_shapefile(path, progress)?],
        "zip" => super::shp::load_zip(path, progress)?,
        "gpkg" => super::gpkg::load_gpkg(path, progress)?,
        "fgb" => vec![super::fgb::load_fgb(path, progress)?],
        "kml" => vec![super::kml::load_kml(path, progress)?],
        "kmz" => vec![super::kml::load_kmz(path, progress)?],
        // GeoJSON, CSV and GPX (and anything else, read as GeoJSON).
        _ => vec![super::geojson::load_file_with_progress(path, progress)?],
    };
    if progress.cancelled() {
        return Err(LoadError::Cancelled {
            path: path.display().to_string(),
        });
    }
    Ok(layers)
}
