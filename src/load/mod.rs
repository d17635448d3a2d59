//! Reading data: the GeoJSON, Shapefile, GeoPackage, FlatGeobuf, KML, GPX and CSV readers
//! (brought to WGS 84 by `crs`), folders, the built-in dataset, corridor-wide figures,
//! background jobs with progress and Cancel, and live reload. Knows the model, nothing above.

mod atomic;
pub mod crs;
pub mod embedded;
mod error;
pub mod fgb;
mod folder;
mod foreign;
mod formats;
mod geojson;
mod gpkg;
mod gpx;
mod indicators;
mod job;
mod kml;
pub mod postgis;
mod shp;
mod table;
mod watch;

pub use atomic::{write_atomic, write_atomic_with};
pub use embedded::{embedded_indicators, embedded_layers};
pub use error::{LoadError, Problem, json_message};
pub use folder::{Listing, data_files, is_indicators_file};
pub use formats::{
    FORMATS, Format, extensions, format_of, is_project_file, load_layers, load_layers_with,
};
pub use geojson::{json_type, load_file, load_file_with_progress, parse_layer};
pub use gpx::parse_gpx;
pub use indicators::parse_indicators;
pub use job::{Job, Polled, Progress};
pub use table::{CsvColumns, parse_csv, parse_csv_with};
pub use watch::{Watcher, same_file};
