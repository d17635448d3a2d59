//! The map: from loaded layers to one drawn scene.
//!
//! Layers are prepared once when loaded (projected to Web Mercator, triangulated, indexed:
//! [`layers`], [`prepare`]); a frame draws the basemap, the layers, their labels and the
//! furniture through the one composition in [`scene`], used by the window and the export
//! alike. What a frame keeps for the next (crowded frames, basemap meshes) is the caller's
//! [`MapCache`]. Knows the model and the loader, nothing of the UI or the app.

mod basemap;
mod crowded;
mod draw;
mod furniture;
pub mod gpu;
mod labels;
mod layers;
mod loading;
mod pick;
mod prepare;
mod reuse;
mod scene;
#[cfg(test)]
mod tests;
mod tiles;
mod viewport;

pub use basemap::{BASEMAP_COVERAGE, Basemap, BasemapLevel, Country, FINE_ZOOM, countries_in_view};
pub use draw::{DrawOptions, decimate_by, draw_layers, layer_shapes};
pub use furniture::{
    attribution_text, draw_attribution, draw_callout, draw_legend, draw_north_arrow,
    draw_scale_bar, scale_bar_km,
};
pub use labels::draw_country_labels;
pub use layers::{MapData, MapLayer};
pub use loading::{Finished, Loads};
pub use pick::{PICK_TOLERANCE, pick, pick_all};
pub use prepare::{PreparedGeometry, PreparedLayer, PreparedPolygon};
pub use scene::{Furniture, MapCache, Scene, Shown, draw_scene, show};
pub use tiles::{TileServer, in_progress};
pub use viewport::{CORRIDOR_BBOX, MAX_LAT, TILE_SIZE, Viewport, to_lonlat, to_unit};
