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
mod physical;
mod pick;
mod prepare;
mod reuse;
mod scene;
#[cfg(test)]
mod tests;
mod tiles;
mod viewport;

pub use basemap::{Basemap, BasemapLevel, countries_in_view};
pub use layers::{MapData, MapLayer};
pub use loading::{Finished, Loads};
pub use physical::{BasemapLayers, Physical, max_rank};
pub use pick::pick;
pub use prepare::{PreparedGeometry, PreparedLayer, PreparedPolygon};
pub use scene::{Furniture, MapCache, Scene, Shown, draw_scene, show};
pub use tiles::{TileServer, in_progress};
pub use viewport::{CORRIDOR_BBOX, Viewport, look_at, to_lonlat, to_unit};
