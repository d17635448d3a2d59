//! The offline basemap: Natural Earth countries at 1:50m, and 1:10m when zoomed in, drawn as
//! water, land and borders. The land mesh and the (simplified, tessellated) borders are built
//! once for a view and a margin around it, and moved while the view pans.

use super::gpu::DenseMesh;
use super::physical::{BasemapLayers, Physical};
use super::prepare::PreparedPolygon;
use super::reuse::{Built, ZOOM_REST_S};
use super::scene::MapCache;
use super::viewport::{Viewport, to_unit};
use crate::load::LoadError;
use crate::model::Origin;
use crate::style;
use egui::{Painter, Rect, Shape, Stroke, vec2};
use geo::{Geometry, Polygon};
use std::sync::{Arc, OnceLock};

/// A country of the basemap.
#[derive(Debug, Clone)]
pub struct Country {
    pub name: String,
    pub parts: Vec<PreparedPolygon>,
    pub label: Option<[f64; 2]>,
    /// Area of the country's projected bounding box, for label sizing.
    pub extent: [f64; 4],
}

/// Natural Earth countries at one scale.
#[derive(Debug, Clone, Default)]
pub struct BasemapLevel {
    /// The file it was read from.
    pub name: String,
    pub countries: Vec<Country>,
}

impl BasemapLevel {
    /// Build from a GeoJSON FeatureCollection of countries (our `geodata/basemap` files).
    pub fn from_geojson(text: &str, name: &str) -> Result<Self, LoadError> {
        let layer = crate::load::parse_layer(text, name, Origin::Embedded(name.to_string()))?;
        let mut countries = Vec::new();
        for f in &layer.features {
            let polys: Vec<&Polygon<f64>> = match &f.geometry {
                Geometry::Polygon(p) => vec![p],
                Geometry::MultiPolygon(mp) => mp.0.iter().collect(),
                _ => continue,
            };
            let parts: Vec<PreparedPolygon> = polys.into_iter().map(PreparedPolygon::new).collect();
            let props = f.properties();
            let label = match (
                props.get("label_lon").and_then(serde_json::Value::as_f64),
                props.get("label_lat").and_then(serde_json::Value::as_f64),
            ) {
                (Some(x), Some(y)) => Some(to_unit(x, y)),
                _ => None,
            };
            let extent = parts
                .iter()
                .map(|p| p.bbox)
                .reduce(|a, b| {
                    [
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[2].max(b[2]),
                        a[3].max(b[3]),
                    ]
                })
                .unwrap_or([0.0; 4]);
            countries.push(Country {
                name: f.name.clone(),
                parts,
                label,
                extent,
            });
        }
        Ok(Self {
            name: name.to_string(),
            countries,
        })
    }
}

/// The countries that fill the view, west to east: each has at least a tenth of the land
/// in view (sampled on a grid), at most four. Names a custom extent ("Georgia, Azerbaijan").
pub fn countries_in_view(vp: &Viewport, level: &BasemapLevel) -> Vec<String> {
    const NX: usize = 16;
    const NY: usize = 10;
    // (points of land, sum of their x), per country
    let mut hits = vec![(0usize, 0.0f64); level.countries.len()];
    for iy in 0..NY {
        for ix in 0..NX {
            let p = vp.rect.min
                + vec2(
                    vp.rect.width() * (ix as f32 + 0.5) / NX as f32,
                    vp.rect.height() * (iy as f32 + 0.5) / NY as f32,
                );
            let u = vp.screen_to_unit(p);
            let found = level.countries.iter().position(|c| {
                c.parts.iter().any(|part| {
                    let b = part.bbox;
                    u[0] >= b[0] && u[0] <= b[2] && u[1] >= b[1] && u[1] <= b[3] && part.contains(u)
                })
            });
            if let Some(ci) = found {
                hits[ci].0 += 1;
                hits[ci].1 += u[0];
            }
        }
    }
    let land: usize = hits.iter().map(|h| h.0).sum();
    let mut named: Vec<(usize, f64, &str)> = hits
        .iter()
        .zip(&level.countries)
        .filter(|((n, _), _)| *n > 0 && *n * 10 >= land)
        .map(|((n, x), c)| (*n, x / *n as f64, c.name.as_str()))
        .collect();
    named.sort_by_key(|n| std::cmp::Reverse(n.0));
    named.truncate(4);
    named.sort_by(|a, b| a.1.total_cmp(&b.1));
    named.into_iter().map(|(_, _, n)| n.to_string()).collect()
}

/// The offline basemap: 1:50m for small scales, 1:10m when zoomed in (prepared on first use,
/// once, whoever asks first: the window or an export drawing from another thread).
pub struct Basemap {
    pub coarse: BasemapLevel,
    /// World land beyond the crop, lakes, rivers, places.
    pub physical: Physical,
    fine: OnceLock<BasemapLevel>,
    fine_text: &'static str,
}

/// Zoom from which the 1:10m countries are drawn.
pub const FINE_ZOOM: f64 = 5.5;

impl Basemap {
    /// The built-in Natural Earth basemap.
    pub fn embedded() -> Self {
        let coarse = BasemapLevel::from_geojson(
            crate::load::embedded::BASEMAP_50M,
            "geodata/basemap/countries-50m.geojson",
        )
        .unwrap_or_else(|e| {
            log::error!("built-in basemap: {e}");
            BasemapLevel::default()
        });
        Self {
            coarse,
            physical: Physical::embedded(),
            fine: OnceLock::new(),
            fine_text: crate::load::embedded::BASEMAP_10M,
        }
    }

    /// Prepare the 1:10m level now, in a thread of its own, so that the first zoom past
    /// [`FINE_ZOOM`] does not wait for it (whoever needs it first waits only for the rest).
    pub fn prepare_in_background(basemap: &Arc<Basemap>) {
        let basemap = basemap.clone();
        let spawned = std::thread::Builder::new()
            .name("basemap".into())
            .spawn(move || basemap.level(FINE_ZOOM).countries.len());
        if let Err(e) = spawned {
            log::warn!("the 1:10m basemap will be prepared when first needed: {e}");
        }
    }

    /// The level to draw at `zoom`.
    pub fn level(&self, zoom: f64) -> &BasemapLevel {
        if zoom < FINE_ZOOM {
            return &self.coarse;
        }
        let fine = self.fine.get_or_init(|| {
            BasemapLevel::from_geojson(self.fine_text, "geodata/basemap/countries-10m.geojson")
                .unwrap_or_else(|e| {
                    log::error!("built-in basemap: {e}");
                    BasemapLevel::default()
                })
        });
        if fine.countries.is_empty() {
            &self.coarse
        } else {
            fine
        }
    }
}

/// The area the built-in countries cover (W, S, E, N); outside it the world's land is drawn
/// at 1:110m.
pub const BASEMAP_COVERAGE: [f64; 4] = [10.0, 10.0, 135.0, 65.0];

/// Border vertices closer than this (in points) to the last one kept are dropped: at the
/// corridor's scale a 1:50m border has several vertices per point of screen.
const BORDER_SPACING: f32 = 0.7;

/// The land and borders last built, and the view they were built for.
#[derive(Default)]
pub struct BasemapCache {
    built: Option<BuiltBasemap>,
    /// How many times they were built (a pan should not build them again).
    builds: u64,
}

struct BuiltBasemap {
    /// The level (by its file), the layers and the pixel density the borders were
    /// tessellated for.
    level: String,
    layers: BasemapLayers,
    pixels_per_point: f32,
    view: Built,
    land: DenseMesh,
    borders: DenseMesh,
}

impl BasemapCache {
    /// How many times land and borders were built.
    pub fn builds(&self) -> u64 {
        self.builds
    }

    /// The vertices of the land and borders built last.
    pub fn vertices(&self) -> usize {
        self.built.as_ref().map_or(0, |b| {
            b.land.mesh.vertices.len() + b.borders.mesh.vertices.len()
        })
    }
}

/// Water, land and borders as shapes (so the window can slot them below walkers' tiles).
/// `gpu`: the egui pass, when the renderer draws meshes from GPU memory; `interactive`: the
/// view moves (the window), so land and borders are built with a margin to pan into and shown
/// scaled while the wheel turns.
#[allow(clippy::too_many_arguments)]
pub fn basemap_shapes(
    painter: &Painter,
    vp: &Viewport,
    basemap: &Basemap,
    level: &BasemapLevel,
    layers: BasemapLayers,
    cache: &mut MapCache,
    gpu: Option<u64>,
    interactive: bool,
) -> Vec<Shape> {
    let mut shapes = vec![Shape::rect_filled(vp.rect, 0.0, style::WATER)];

    let ppp = painter.ctx().pixels_per_point();
    let now = painter.ctx().input(|i| i.time);
    let resting = cache.zoom.resting(vp.zoom, now);
    let placed = cache.basemap.built.as_ref().and_then(|b| {
        if b.level != level.name || b.layers != layers || b.pixels_per_point != ppp {
            return None;
        }
        let (k, t) = b.view.placement(vp)?;
        let previewing =
            gpu.is_some() && interactive && resting < ZOOM_REST_S && (0.5..=4.0).contains(&k);
        (b.view.zoom == vp.zoom || previewing).then_some((k, t))
    });
    let (k, t) = match placed {
        Some(kt) => kt,
        None => {
            let what = (level, &basemap.physical, layers);
            cache.basemap.built = Some(build(painter, vp, what, ppp, interactive));
            cache.basemap.builds += 1;
            (1.0, egui::Vec2::ZERO)
        }
    };
    if k != 1.0 {
        painter
            .ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(ZOOM_REST_S));
    }
    if let Some(b) = &cache.basemap.built {
        // (Over open sea a mesh may be empty: nothing to draw or upload.)
        for mesh in [&b.land, &b.borders]
            .into_iter()
            .filter(|m| !m.mesh.is_empty())
        {
            shapes.push(match gpu {
                Some(frame) => mesh.transformed(k, t).shape(vp.rect, frame),
                None => {
                    let mut sh = Shape::Mesh(mesh.mesh.clone());
                    if k != 1.0 || t != egui::Vec2::ZERO {
                        sh.transform(egui::emath::TSTransform::new(t, k));
                    }
                    sh
                }
            });
        }
    }
    shapes
}

/// Land and borders for the view (and, where the view `moves`, a margin to pan into).
fn build(
    painter: &Painter,
    vp: &Viewport,
    (level, physical, layers): (&BasemapLevel, &Physical, BasemapLayers),
    ppp: f32,
    moves: bool,
) -> BuiltBasemap {
    let built = Built::of(vp, moves);
    let wide = built.covers;
    let view = rstar::AABB::from_corners(vp.screen_to_unit(wide.min), vp.screen_to_unit(wide.max));
    let mut land = egui::Mesh::default();
    let mut borders = Vec::new();
    let border = Stroke::new(0.8, style::BORDER);
    // The world at 1:110m, then water over the crop so that only the finer countries show
    // inside it (no polygon difference needed, and no coarse coast peeking out).
    let [w, s, e, n] = BASEMAP_COVERAGE;
    let crop = Rect::from_two_pos(vp.lonlat_to_screen(w, n), vp.lonlat_to_screen(e, s));
    if !wide
        .shrink(1.0)
        .intersect(crop)
        .contains_rect(wide.shrink(1.0))
    {
        for part in physical.world.iter().filter(|p| p.visible_in(&view)) {
            part.fill(vp, &mut land, style::LAND);
        }
        land.add_colored_rect(crop, style::WATER);
    }
    if layers.rivers {
        let river = Stroke::new(0.9, style::RIVER);
        for r in &physical.rivers {
            let b = r.bbox;
            let (lo, hi) = (view.lower(), view.upper());
            if b[2] < lo[0] || b[0] > hi[0] || b[3] < lo[1] || b[1] > hi[1] {
                continue;
            }
            let pts = super::draw::decimate_by(vp, &r.line, BORDER_SPACING);
            if pts.len() >= 2 {
                borders.push(egui::epaint::ClippedShape {
                    clip_rect: Rect::EVERYTHING,
                    shape: Shape::line(pts, river),
                    transform_after_tessellation: egui::emath::TSTransform::IDENTITY,
                });
            }
        }
    }
    for part in level
        .countries
        .iter()
        .flat_map(|c| &c.parts)
        .filter(|p| p.visible_in(&view))
    {
        part.fill(vp, &mut land, style::LAND);
        for ring in &part.rings {
            let pts = super::draw::decimate_by(vp, ring, BORDER_SPACING);
            if pts.len() >= 2 {
                borders.push(egui::epaint::ClippedShape {
                    clip_rect: Rect::EVERYTHING,
                    shape: Shape::line(pts, border),
                    transform_after_tessellation: egui::emath::TSTransform::IDENTITY,
                });
            }
        }
    }
    if layers.lakes {
        for lake in physical.lakes.iter().filter(|p| p.visible_in(&view)) {
            lake.fill(vp, &mut land, style::WATER);
        }
    }
    // Tessellated once here, not by egui every frame.
    let mut lines = egui::Mesh::default();
    for p in painter.ctx().tessellate(borders, ppp) {
        if let egui::epaint::Primitive::Mesh(m) = p.primitive {
            lines.append(m);
        }
    }
    BuiltBasemap {
        level: level.name.clone(),
        layers,
        pixels_per_point: ppp,
        view: built,
        land: DenseMesh::new(Arc::new(land)),
        borders: DenseMesh::new(Arc::new(lines)),
    }
}
