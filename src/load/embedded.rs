//! The default dataset and the Natural Earth basemap, built into the binary so that the app
//! works offline from its first start.

use super::error::LoadError;
use super::geojson::parse_layer;
use crate::model::{Indicators, Layer, Origin};

pub const NODES: &str = include_str!("../../geodata/corridor/nodes.geojson");
pub const SECTIONS: &str = include_str!("../../geodata/corridor/sections.geojson");
pub const ZONES: &str = include_str!("../../geodata/corridor/zones.geojson");
pub const INDICATORS: &str = include_str!("../../geodata/indicators.json");
pub const BASEMAP_50M: &str = include_str!("../../geodata/basemap/countries-50m.geojson");
pub const BASEMAP_10M: &str = include_str!("../../geodata/basemap/countries-10m.geojson");
/// Natural Earth 1:110m land of the whole world (drawn outside the countries' crop).
pub const WORLD_110M: &str = include_str!("../../geodata/basemap/world-110m.geojson");
/// Natural Earth lakes (1:50m; Balkhash at 1:110m), cropped.
pub const LAKES: &str = include_str!("../../geodata/basemap/lakes.geojson");
/// Natural Earth rivers and lake centre-lines at 1:50m, cropped.
pub const RIVERS: &str = include_str!("../../geodata/basemap/rivers.geojson");
/// GeoNames populated places with a `rank` (1 = largest), cropped.
pub const PLACES: &str = include_str!("../../geodata/basemap/places.geojson");

/// (file name, text) of the corridor layers, drawn in this order (zones, sections, nodes).
pub const LAYERS: [(&str, &str); 3] = [
    ("geodata/corridor/zones.geojson", ZONES),
    ("geodata/corridor/sections.geojson", SECTIONS),
    ("geodata/corridor/nodes.geojson", NODES),
];

/// The built-in corridor layers. Errors here are bugs in our data, reported not panicked.
pub fn embedded_layers() -> (Vec<Layer>, Vec<LoadError>) {
    let mut layers = Vec::new();
    let mut errors = Vec::new();
    for (name, text) in LAYERS {
        match parse_layer(text, name, Origin::Embedded(name.to_string())) {
            Ok(l) => layers.push(l),
            Err(e) => errors.push(e),
        }
    }
    (layers, errors)
}

/// The built-in corridor-wide figures.
pub fn embedded_indicators() -> Result<Indicators, LoadError> {
    super::indicators::parse_indicators(INDICATORS, "geodata/indicators.json")
}
