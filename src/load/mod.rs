//! Reading data: the GeoJSON, CSV and GPX readers, folders, the built-in dataset, corridor-wide figures,
//! background jobs with progress and Cancel, and live reload. Knows the model, nothing above.

mod atomic;
pub mod embedded;
mod error;
mod folder;
mod geojson;
mod gpx;
mod indicators;
mod job;
mod table;
mod watch;

pub use atomic::{write_atomic, write_atomic_with};
pub use embedded::{embedded_indicators, embedded_layers};
pub use error::{LoadError, Problem};
pub use folder::{Listing, data_files, is_indicators_file};
pub use geojson::{json_type, load_file, load_file_with_progress, parse_layer};
pub use gpx::parse_gpx;
pub use indicators::parse_indicators;
pub use job::{Job, Polled, Progress};
pub use table::parse_csv;
pub use watch::{Watcher, same_file};
