//! Briefing export: a composed, print-ready PNG of the map (title, subtitle with date, legend,
//! scale bar, north arrow, attribution and a callout for the selection), drawn offscreen
//! through wgpu by the same map composition as the window, and written atomically. From the
//! window it runs in the background ([`job`]); the command line waits for it.

mod compose;
pub mod job;
mod options;
mod png;
mod render;

pub use compose::{Briefing, Layout, render_page};
pub use options::{
    ExportOptions, MAX_SIDE, PRESETS, RouteDrawing, VIEWS, parse_bbox, parse_date, slug,
};
pub use png::write_png_atomic;
pub use render::Renderer;

use crate::load::Progress;
use crate::map::{Basemap, MapData};
use crate::model::FeatureRef;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown view \"{0}\" (known: {known})", known = VIEWS.iter().map(|v| v.0).collect::<Vec<_>>().join(", "))]
    UnknownView(String),
    #[error("no feature with id \"{0}\"")]
    UnknownFeature(String),
    #[error(
        "invalid size {0}×{1} at scale {2}: width and height must be 64..=8192 pixels (the largest picture the renderer can draw), scale 1..=4"
    )]
    BadSize(u32, u32, f32),
    #[error("invalid --bbox: {0}")]
    BadBbox(String),
    #[error("no usable renderer: {0}")]
    Renderer(String),
    #[error("the export was cancelled")]
    Cancelled,
    #[error("could not write the image: {source} — {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not encode the PNG: {0}")]
    Encode(String),
}

/// The data to draw, for a one-off export (the command line, tests).
pub struct Scene<'a> {
    pub data: &'a MapData,
    pub selected: Option<FeatureRef>,
}

/// Render the composed picture with a renderer and basemap of its own.
pub fn render(scene: &Scene, opts: &ExportOptions) -> Result<image::RgbaImage, ExportError> {
    render_with_layout(scene, opts).map(|(img, _)| img)
}

/// Render the composed picture and say where its parts are.
pub fn render_with_layout(
    scene: &Scene,
    opts: &ExportOptions,
) -> Result<(image::RgbaImage, Layout), ExportError> {
    opts.check_size()?;
    let mut renderer = Renderer::new()?;
    let basemap = Basemap::embedded();
    let briefing = Briefing {
        data: scene.data,
        basemap: &basemap,
        selected: scene.selected,
    };
    render_page(&mut renderer, &briefing, opts, &Progress::default())
}
