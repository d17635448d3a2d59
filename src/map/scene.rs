//! The one map composition, for the window and for a briefing alike (so a briefing always
//! looks like the screen): the basemap below any online tiles, country names, the corridor
//! layers and their labels, and the map furniture, through walkers' `Map`.

use super::basemap::{Basemap, BasemapCache, basemap_shapes};
use super::crowded::CrowdedCache;
use super::draw::{DrawOptions, layer_shapes};
use super::furniture::{
    attribution_text, draw_attribution, draw_callout, draw_legend, draw_north_arrow, draw_scale_bar,
};
use super::labels::country_labels;
use super::layers::MapData;
use super::physical::{BasemapLayers, place_shapes};
use super::pick::{PICK_TOLERANCE, pick, pick_all};
use super::reuse::ZoomClock;
use super::tiles::TileServer;
use super::viewport::Viewport;
use crate::model::{FeatureRef, Legend, LegendEntry};
use egui::{Painter, Pos2, Rect, Shape, Ui, pos2};
use walkers::{MapMemory, Tiles, lon_lat};

/// What drawing keeps from one frame to the next: the crowded frame, the basemap's meshes,
/// when the zoom last changed. Owned by whoever draws (the app, or one export) and passed in;
/// drawing keeps nothing of its own.
#[derive(Default)]
pub struct MapCache {
    pub crowded: CrowdedCache,
    pub basemap: BasemapCache,
    pub(super) zoom: ZoomClock,
}

/// The furniture around the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Furniture {
    /// The window: scale bar and attribution; the map pans, zooms and picks.
    Window,
    /// A briefing page: a legend of what the map shows, a north arrow, scale bar, attribution
    /// naming the figures' publications, and a callout for the selection, all `unit` times
    /// their size in the window. The map stays where it is put.
    Briefing { unit: f32 },
}

/// What the map shows and how.
pub struct Scene<'a> {
    pub data: &'a MapData,
    pub basemap: &'a Basemap,
    pub selected: Option<FeatureRef>,
    pub labels: bool,
    /// Lakes, rivers and places of the basemap.
    pub basemap_layers: BasemapLayers,
    /// The online tiles drawn (credited in the attribution).
    pub tiles: Option<&'a TileServer>,
    /// The renderer has [`super::gpu`]'s pipeline.
    pub gpu: bool,
    /// The view moves (the window): frames are built with a margin to pan into, and shown
    /// scaled while the wheel turns, until the zoom rests. Never a briefing, which must be
    /// exact and is drawn once.
    pub interactive: bool,
    /// The feature the keyboard is on (Tab): lit as the hovered one when the pointer is on
    /// none.
    pub focused: Option<FeatureRef>,
    pub furniture: Furniture,
}

/// What a frame of the map showed and what the pointer did on it.
pub struct Shown {
    pub viewport: Viewport,
    /// The feature under the pointer (picked before drawing, so it is highlighted in the
    /// same frame).
    pub hovered: Option<FeatureRef>,
    /// Every feature under a click this frame, best first; `Some(empty)`: a click on empty map.
    pub clicked: Option<Vec<FeatureRef>>,
    /// Where the pointer is, lon/lat.
    pub cursor: Option<(f64, f64)>,
    /// A briefing's legend: where it is and its entries.
    pub legend: Option<(Rect, Vec<LegendEntry>)>,
    pub response: egui::Response,
}

/// Show the map in `ui`, where `memory` says (the window lets the planner move it).
pub fn show(
    ui: &mut Ui,
    memory: &mut MapMemory,
    tiles: Option<&mut dyn Tiles>,
    scene: &Scene,
    cache: &mut MapCache,
) -> Shown {
    let window = scene.furniture == Furniture::Window;
    // The bottom of the paint order is kept for the basemap, below walkers' tiles.
    let below_tiles = ui.painter().add(Shape::Noop);
    let center = memory.detached().unwrap_or_else(|| lon_lat(60.0, 43.0));
    let inner = walkers::Map::new(tiles, memory, center)
        .zoom_gesture(window)
        .panning(window)
        .double_click_to_zoom(window)
        // Like QGIS: the wheel zooms (around the pointer); drag to pan.
        .zoom_with_ctrl(false)
        .show(ui, |ui, response, projector, _memory| {
            let vp = Viewport::from_projector(projector);
            // 1. Picking, before drawing: what is under the pointer now is what is lit.
            let (hovered, clicked) = if window {
                let hovered = response
                    .hover_pos()
                    .and_then(|p| pick(&vp, scene.data, p, PICK_TOLERANCE));
                let clicked = response.clicked().then(|| {
                    response
                        .interact_pointer_pos()
                        .map(|p| pick_all(&vp, scene.data, p, PICK_TOLERANCE))
                        .unwrap_or_default()
                });
                (hovered, clicked)
            } else {
                (None, None)
            };
            let cursor = response.hover_pos().map(|p| vp.screen_to_lonlat(p));
            let lit = hovered.or(scene.focused);
            let legend = paint(ui, below_tiles, &vp, scene, lit, cache);
            (vp, hovered, clicked, cursor, legend)
        });
    let (viewport, hovered, clicked, cursor, legend) = inner.inner;
    Shown {
        viewport,
        hovered,
        clicked,
        cursor,
        legend,
        response: inner.response,
    }
}

/// Draw one frame of the scene in `vp` without walkers' `Map` (benchmarks, tests): what
/// [`show`] draws, with `hovered` lit. Returns a briefing's legend.
pub fn draw_scene(
    ui: &Ui,
    vp: &Viewport,
    scene: &Scene,
    hovered: Option<FeatureRef>,
    cache: &mut MapCache,
) -> Option<(Rect, Vec<LegendEntry>)> {
    let below_tiles = ui.painter().add(Shape::Noop);
    paint(ui, below_tiles, vp, scene, hovered, cache)
}

/// Paint one frame of the scene in `vp`: the basemap into the `below_tiles` slot, then names,
/// furniture and layers. Returns a briefing's legend.
fn paint(
    ui: &Ui,
    below_tiles: egui::layers::ShapeIdx,
    vp: &Viewport,
    scene: &Scene,
    hovered: Option<FeatureRef>,
    cache: &mut MapCache,
) -> Option<(Rect, Vec<LegendEntry>)> {
    let painter = ui.painter().with_clip_rect(vp.rect);
    let gpu_frame = scene.gpu.then(|| ui.ctx().cumulative_pass_nr());
    // 1. The offline basemap, below the tiles.
    let level = scene.basemap.level(vp.zoom);
    let basemap = basemap_shapes(
        &painter,
        vp,
        scene.basemap,
        level,
        scene.basemap_layers,
        cache,
        gpu_frame,
        scene.interactive,
    );
    ui.painter().set(below_tiles, Shape::Vec(basemap));
    // 2. Slots for the country names and the corridor layers, under the furniture.
    let names_slot = painter.add(Shape::Noop);
    let layers_slot = painter.add(Shape::Noop);
    // 3. Furniture first, so that names and labels keep clear of it.
    let mut reserved = Vec::new();
    let legend = furniture(&painter, vp, scene, &mut reserved);
    let (mut names, taken) = country_labels(&painter, vp, level, &reserved);
    reserved.extend(taken);
    // 4. The corridor layers and their labels.
    let opts = DrawOptions {
        selected: scene.selected,
        hovered,
        labels: scene.labels,
        gpu: scene.gpu,
        interactive: scene.interactive,
    };
    let shapes = layer_shapes(&painter, vp, scene.data, &opts, &mut reserved, cache);
    painter.set(layers_slot, Shape::Vec(shapes));
    // 5. Places last, so that they give way to everything above, but drawn under the layers.
    if scene.basemap_layers.places {
        names.extend(place_shapes(
            &painter,
            vp,
            &scene.basemap.physical,
            &reserved,
        ));
    }
    painter.set(names_slot, Shape::Vec(names));
    legend
}

/// Draw the scene's furniture, adding what it covers to `reserved`.
fn furniture(
    painter: &Painter,
    vp: &Viewport,
    scene: &Scene,
    reserved: &mut Vec<Rect>,
) -> Option<(Rect, Vec<LegendEntry>)> {
    let unit = match scene.furniture {
        Furniture::Window => 1.0,
        Furniture::Briefing { unit } => unit,
    };
    let pad = 14.0 * unit;
    let scale_bar = |reserved: &mut Vec<Rect>| {
        reserved.push(draw_scale_bar(
            painter,
            vp,
            pos2(vp.rect.left() + pad + 6.0 * unit, vp.rect.bottom() - pad),
            220.0 * unit,
            13.0 * unit,
        ));
    };
    if scene.furniture == Furniture::Window {
        reserved.push(draw_attribution(
            painter,
            vp.rect,
            &attribution_text(&[], scene.tiles, scene.basemap_layers),
            unit,
        ));
        scale_bar(reserved);
        return None;
    }
    // What the fitted map shows, margins included, not only the extent asked for.
    let features = scene.data.features_crossing(vp.bbox_lonlat());
    let entries = Legend::of(features.iter().copied()).entries().to_vec();
    // Nothing of the layers in view: no legend box (an empty one explains nothing).
    let legend = if entries.is_empty() {
        Rect::from_min_size(vp.rect.min, egui::Vec2::ZERO)
    } else {
        let shown: Vec<Pos2> = features
            .iter()
            .flat_map(|f| geo::CoordsIter::coords_iter(&f.geometry))
            .map(|c| vp.lonlat_to_screen(c.x, c.y))
            .collect();
        draw_legend(
            painter,
            vp,
            &entries,
            unit,
            (&shown, scene.selected.is_some()),
        )
    };
    reserved.push(legend);
    let arrow = draw_north_arrow(
        painter,
        pos2(
            vp.rect.right() - pad - 18.0 * unit,
            vp.rect.top() + pad + 34.0 * unit,
        ),
        36.0 * unit,
    );
    reserved.push(arrow);
    scale_bar(reserved);
    let attribution = attribution_text(&features, scene.tiles, scene.basemap_layers);
    reserved.push(draw_attribution(painter, vp.rect, &attribution, unit));
    if let Some(f) = scene.selected.and_then(|r| scene.data.get(r)) {
        reserved.push(draw_callout(painter, vp, f, unit, arrow));
    }
    Some((legend, entries))
}
