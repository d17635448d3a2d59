//! Questions asked of the map's data: how far (measure).

pub mod measure;

pub use measure::{Measurement, along};
