//! The corridor data model: features with typed attributes, their figures and sources, the
//! layers they are loaded in, corridor-wide indicators and what a legend lists.
//!
//! Nothing here knows about egui, the map or the files the data came from: everything can be
//! built, validated and analysed in plain unit tests.

mod feature;
mod figure;
pub mod filter;
pub mod find;
mod indicator;
mod kind;
mod layer;
mod legend;
pub mod table;
pub mod timeline;

pub use feature::{Feature, FigureRow, LOCAL_NAMES, flat_figures};
pub use figure::{Figure, FigureValue, Source, format_number, period_label, unit_of};
pub use filter::{Filter, countries_of, kind_key};
pub use find::{FindIndex, Hit, fold};
pub use indicator::{Indicator, Indicators};
pub use kind::{Kind, Mode, Status};
pub use layer::{FeatureRef, Layer, LayerId, Origin, next_layer_uid, union_rects};
pub use legend::{Legend, LegendEntry};
pub use table::{Column, KeyFigures, TableRow};
pub use timeline::{Why, YearStatus, status_in, year_range};
