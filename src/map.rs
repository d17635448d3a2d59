//! The map: Web Mercator viewport maths, the prepared (projected, triangulated, indexed)
//! basemap and corridor layers, drawing, labels and picking.
//!
//! Everything is projected once into normalised Web Mercator units (0..1, the same projection
//! as walkers' tiles); a frame only scales and offsets the visible part.

use crate::model::{Dataset, Feature, FeatureRef};
use crate::style;
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, pos2, vec2};
use geo::{Geometry, LineString, Polygon, TriangulateEarcut};
use rstar::{AABB, RTree, primitives::GeomWithData, primitives::Rectangle};
use std::collections::HashMap;
use std::f64::consts::PI;
use std::sync::Arc;

/// walkers' tile size: the world is `256 * 2^zoom` points wide.
pub const TILE_SIZE: f64 = 256.0;
/// Latitude limit of Web Mercator.
pub const MAX_LAT: f64 = 85.051_128;

/// lon/lat in degrees → normalised Web Mercator (x right, y down, both 0..1).
pub fn to_unit(lon: f64, lat: f64) -> [f64; 2] {
    let lat = lat.clamp(-MAX_LAT, MAX_LAT);
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - lat.to_radians().tan().asinh() / PI) / 2.0;
    [x, y]
}

/// Normalised Web Mercator → lon/lat in degrees.
pub fn to_lonlat(u: [f64; 2]) -> (f64, f64) {
    let lon = u[0] * 360.0 - 180.0;
    let lat = ((1.0 - 2.0 * u[1]) * PI).sinh().atan().to_degrees();
    (lon, lat)
}

/// What part of the world is on screen where.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// Screen rectangle of the map, in points.
    pub rect: Rect,
    /// Map centre, normalised Mercator.
    pub center: [f64; 2],
    /// walkers zoom level (fractional). Change it with [`Viewport::set_zoom`].
    pub zoom: f64,
    /// `TILE_SIZE * 2^zoom`, cached: it is used for every vertex.
    scale: f64,
}

impl Viewport {
    pub fn new(rect: Rect, center_lon: f64, center_lat: f64, zoom: f64) -> Self {
        Self {
            rect,
            center: to_unit(center_lon, center_lat),
            zoom,
            scale: TILE_SIZE * 2f64.powf(zoom),
        }
    }

    pub fn set_zoom(&mut self, zoom: f64) {
        self.zoom = zoom;
        self.scale = TILE_SIZE * 2f64.powf(zoom);
    }

    /// The viewport a walkers projector draws.
    pub fn from_projector(p: &walkers::Projector) -> Self {
        let c = p.unproject(p.clip_rect().center().to_vec2());
        Self::new(p.clip_rect(), c.x(), c.y(), p.zoom())
    }

    /// Points per normalised unit.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    pub fn to_screen(&self, u: [f64; 2]) -> Pos2 {
        let s = self.scale();
        let c = self.rect.center();
        pos2(
            (c.x as f64 + (u[0] - self.center[0]) * s) as f32,
            (c.y as f64 + (u[1] - self.center[1]) * s) as f32,
        )
    }

    pub fn lonlat_to_screen(&self, lon: f64, lat: f64) -> Pos2 {
        self.to_screen(to_unit(lon, lat))
    }

    pub fn screen_to_unit(&self, p: Pos2) -> [f64; 2] {
        let s = self.scale();
        let c = self.rect.center();
        [
            self.center[0] + (p.x as f64 - c.x as f64) / s,
            self.center[1] + (p.y as f64 - c.y as f64) / s,
        ]
    }

    pub fn screen_to_lonlat(&self, p: Pos2) -> (f64, f64) {
        to_lonlat(self.screen_to_unit(p))
    }

    /// The visible area in normalised units.
    pub fn unit_bounds(&self) -> AABB<[f64; 2]> {
        AABB::from_corners(
            self.screen_to_unit(self.rect.min),
            self.screen_to_unit(self.rect.max),
        )
    }

    /// Visible extent as (west, south, east, north) degrees.
    pub fn bbox_lonlat(&self) -> [f64; 4] {
        let (w, n) = self.screen_to_lonlat(self.rect.min);
        let (e, s) = self.screen_to_lonlat(self.rect.max);
        [w, s, e, n]
    }

    /// The centre and zoom that fit a lon/lat box into `rect` with a margin in points.
    pub fn fit(rect: Rect, bbox: [f64; 4], margin: f32) -> Self {
        let [w, s, e, n] = bbox;
        let a = to_unit(w, n);
        let b = to_unit(e, s);
        let center = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
        let avail_w = (rect.width() - 2.0 * margin).max(10.0) as f64;
        let avail_h = (rect.height() - 2.0 * margin).max(10.0) as f64;
        let dx = (b[0] - a[0]).abs().max(1e-9);
        let dy = (b[1] - a[1]).abs().max(1e-9);
        let scale = (avail_w / dx).min(avail_h / dy);
        let zoom = (scale / TILE_SIZE).log2().clamp(0.0, 20.0);
        Self {
            rect,
            center,
            zoom,
            scale: TILE_SIZE * 2f64.powf(zoom),
        }
    }

    /// Kilometres per point at the centre of the view.
    pub fn km_per_point(&self) -> f64 {
        let (_, lat) = to_lonlat(self.center);
        40_075.016_686 * lat.to_radians().cos() / self.scale()
    }
}

/// The extent of the Middle Corridor the app opens on (W, S, E, N).
pub const CORRIDOR_BBOX: [f64; 4] = [27.0, 33.0, 121.0, 52.5];

// ---------------------------------------------------------------------------------------------
// Prepared geometry

/// A polygon ready to draw: projected vertices, triangles, outline rings.
#[derive(Debug, Clone, Default)]
pub struct PreparedPolygon {
    pub verts: Vec<[f64; 2]>,
    pub tris: Vec<u32>,
    pub rings: Vec<Vec<[f64; 2]>>,
    pub bbox: [f64; 4],
}

fn unit_bbox(points: impl Iterator<Item = [f64; 2]>) -> [f64; 4] {
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for p in points {
        b[0] = b[0].min(p[0]);
        b[1] = b[1].min(p[1]);
        b[2] = b[2].max(p[0]);
        b[3] = b[3].max(p[1]);
    }
    b
}

fn ring_units(ls: &LineString<f64>) -> Vec<[f64; 2]> {
    ls.coords().map(|c| to_unit(c.x, c.y)).collect()
}

impl PreparedPolygon {
    pub fn new(p: &Polygon<f64>) -> Self {
        let raw = p.earcut_triangles_raw();
        let verts: Vec<[f64; 2]> = raw.vertices.iter().map(|v| to_unit(v[0], v[1])).collect();
        let tris = raw.triangle_indices.iter().map(|&i| i as u32).collect();
        let mut rings = vec![ring_units(p.exterior())];
        rings.extend(p.interiors().iter().map(ring_units));
        let bbox = unit_bbox(rings[0].iter().copied());
        Self {
            verts,
            tris,
            rings,
            bbox,
        }
    }

    fn visible_in(&self, b: &AABB<[f64; 2]>) -> bool {
        let (lo, hi) = (b.lower(), b.upper());
        self.bbox[2] >= lo[0]
            && self.bbox[0] <= hi[0]
            && self.bbox[3] >= lo[1]
            && self.bbox[1] <= hi[1]
    }

    /// Append the filled triangles to `mesh`.
    pub fn fill(&self, vp: &Viewport, mesh: &mut egui::Mesh, colour: Color32) {
        let base = mesh.vertices.len() as u32;
        for v in &self.verts {
            mesh.colored_vertex(vp.to_screen(*v), colour);
        }
        mesh.indices.extend(self.tris.iter().map(|i| base + i));
    }

    pub fn contains(&self, u: [f64; 2]) -> bool {
        let mut inside = false;
        for ring in &self.rings {
            if ring_contains(ring, u) {
                inside = !inside;
            }
        }
        inside
    }
}

fn ring_contains(ring: &[[f64; 2]], p: [f64; 2]) -> bool {
    let mut inside = false;
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (ring[i], ring[j]);
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            inside = !inside;
        }
        j = i;
    }
    inside
}

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
    pub countries: Vec<Country>,
}

impl BasemapLevel {
    /// Build from a GeoJSON FeatureCollection of countries (our `geodata/basemap` files).
    pub fn from_geojson(text: &str, name: &str) -> Result<Self, crate::load::LoadError> {
        let layer =
            crate::load::parse_layer(text, name, crate::model::Origin::Embedded(name.to_string()))?;
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
        Ok(Self { countries })
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

/// The offline basemap: 1:50m for small scales, 1:10m when zoomed in (prepared on first use).
#[derive(Default)]
pub struct Basemap {
    pub coarse: BasemapLevel,
    fine: Option<BasemapLevel>,
    fine_text: Option<&'static str>,
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
            fine: None,
            fine_text: Some(crate::load::embedded::BASEMAP_10M),
        }
    }

    /// The level to draw at `zoom`.
    pub fn level(&mut self, zoom: f64) -> &BasemapLevel {
        if zoom >= FINE_ZOOM
            && let Some(text) = self.fine_text.take()
        {
            match BasemapLevel::from_geojson(text, "geodata/basemap/countries-10m.geojson") {
                Ok(l) => self.fine = Some(l),
                Err(e) => log::error!("built-in basemap: {e}"),
            }
        }
        match (&self.fine, zoom >= FINE_ZOOM) {
            (Some(f), true) => f,
            _ => &self.coarse,
        }
    }
}

/// The area the built-in basemap covers (W, S, E, N); outside it the map is tinted as
/// "no basemap" rather than drawn as sea.
pub const BASEMAP_COVERAGE: [f64; 4] = [10.0, 10.0, 135.0, 65.0];

/// Water, land and borders as shapes (so the window can slot them below walkers' tiles).
pub fn basemap_shapes(vp: &Viewport, level: &BasemapLevel) -> Vec<Shape> {
    let mut shapes = vec![Shape::rect_filled(vp.rect, 0.0, style::WATER)];
    // Outside the coverage: a neutral tint.
    let [w, s, e, n] = BASEMAP_COVERAGE;
    let inside = Rect::from_two_pos(vp.lonlat_to_screen(w, n), vp.lonlat_to_screen(e, s));
    let r = vp.rect;
    for outside in [
        Rect::from_min_max(r.min, pos2(r.max.x, inside.min.y)),
        Rect::from_min_max(pos2(r.min.x, inside.max.y), r.max),
        Rect::from_min_max(
            pos2(r.min.x, inside.min.y),
            pos2(inside.min.x, inside.max.y),
        ),
        Rect::from_min_max(
            pos2(inside.max.x, inside.min.y),
            pos2(r.max.x, inside.max.y),
        ),
    ] {
        let o = outside.intersect(r);
        if o.is_positive() {
            shapes.push(Shape::rect_filled(o, 0.0, style::OUTSIDE_COVERAGE));
        }
    }
    let view = vp.unit_bounds();
    let mut mesh = egui::Mesh::default();
    for c in &level.countries {
        for part in c.parts.iter().filter(|p| p.visible_in(&view)) {
            part.fill(vp, &mut mesh, style::LAND);
            if mesh.vertices.len() > 1_000_000 {
                shapes.push(Shape::mesh(std::mem::take(&mut mesh)));
            }
        }
    }
    shapes.push(Shape::mesh(mesh));
    let border = Stroke::new(0.8, style::BORDER);
    for c in &level.countries {
        for part in c.parts.iter().filter(|p| p.visible_in(&view)) {
            for ring in &part.rings {
                let pts: Vec<Pos2> = ring.iter().map(|u| vp.to_screen(*u)).collect();
                shapes.push(Shape::line(pts, border));
            }
        }
    }
    shapes
}

/// Country names, sized by how much of the country is on screen; returns the rectangles used.
pub fn draw_country_labels(painter: &Painter, vp: &Viewport, level: &BasemapLevel) -> Vec<Rect> {
    let mut used = Vec::new();
    let s = vp.scale();
    for c in &level.countries {
        let Some(l) = c.label else { continue };
        let p = vp.to_screen(l);
        if !vp.rect.shrink(10.0).contains(p) {
            continue;
        }
        let w = ((c.extent[2] - c.extent[0]) * s) as f32;
        let size = (w / 14.0).clamp(10.0, 17.0);
        if w < 60.0 {
            continue;
        }
        let galley = painter.layout_no_wrap(
            c.name.to_uppercase(),
            FontId::proportional(size),
            style::COUNTRY_LABEL,
        );
        let rect = Align2::CENTER_CENTER.anchor_size(p, galley.size());
        if !vp.rect.contains_rect(rect) || used.iter().any(|r: &Rect| r.intersects(rect)) {
            continue;
        }
        painter.galley(rect.min, galley, style::COUNTRY_LABEL);
        used.push(rect);
    }
    used
}

// ---------------------------------------------------------------------------------------------
// Corridor layers

/// A feature projected once, for drawing and picking.
#[derive(Debug, Clone)]
pub enum PreparedGeometry {
    Points(Vec<[f64; 2]>),
    Lines(Vec<Vec<[f64; 2]>>),
    Polygons(Vec<PreparedPolygon>),
}

fn prepare_geometry(g: &Geometry<f64>, out: &mut Vec<PreparedGeometry>) {
    match g {
        Geometry::Point(p) => out.push(PreparedGeometry::Points(vec![to_unit(p.x(), p.y())])),
        Geometry::MultiPoint(mp) => out.push(PreparedGeometry::Points(
            mp.0.iter().map(|p| to_unit(p.x(), p.y())).collect(),
        )),
        Geometry::LineString(l) => out.push(PreparedGeometry::Lines(vec![ring_units(l)])),
        Geometry::MultiLineString(ml) => out.push(PreparedGeometry::Lines(
            ml.0.iter().map(ring_units).collect(),
        )),
        Geometry::Polygon(p) => out.push(PreparedGeometry::Polygons(vec![PreparedPolygon::new(p)])),
        Geometry::MultiPolygon(mp) => out.push(PreparedGeometry::Polygons(
            mp.0.iter().map(PreparedPolygon::new).collect(),
        )),
        Geometry::GeometryCollection(gc) => {
            for g in gc.iter() {
                prepare_geometry(g, out);
            }
        }
        Geometry::Line(l) => out.push(PreparedGeometry::Lines(vec![vec![
            to_unit(l.start.x, l.start.y),
            to_unit(l.end.x, l.end.y),
        ]])),
        Geometry::Rect(r) => out.push(PreparedGeometry::Polygons(vec![PreparedPolygon::new(
            &r.to_polygon(),
        )])),
        Geometry::Triangle(t) => out.push(PreparedGeometry::Polygons(vec![PreparedPolygon::new(
            &t.to_polygon(),
        )])),
    }
}

type Indexed = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// A layer ready to draw and pick: projected geometry and an R-tree over feature extents.
pub struct PreparedLayer {
    pub geometry: Vec<Vec<PreparedGeometry>>,
    /// Each feature's vertex count: what a frame of it costs to draw.
    pub vertices: Vec<u32>,
    pub tree: RTree<Indexed>,
}

impl PreparedLayer {
    pub fn new(features: &[Feature]) -> Self {
        let mut geometry = Vec::with_capacity(features.len());
        let mut vertices = Vec::with_capacity(features.len());
        let mut entries = Vec::with_capacity(features.len());
        for (i, f) in features.iter().enumerate() {
            let mut parts = Vec::new();
            prepare_geometry(&f.geometry, &mut parts);
            let all = parts
                .iter()
                .flat_map(|p| -> Box<dyn Iterator<Item = [f64; 2]> + '_> {
                    match p {
                        PreparedGeometry::Points(v) => Box::new(v.iter().copied()),
                        PreparedGeometry::Lines(v) => Box::new(v.iter().flatten().copied()),
                        PreparedGeometry::Polygons(v) => {
                            Box::new(v.iter().flat_map(|p| p.rings[0].iter().copied()))
                        }
                    }
                });
            let mut n = 0u32;
            let b = unit_bbox(all.inspect(|_| n = n.saturating_add(1)));
            vertices.push(n);
            if b[0] <= b[2] {
                entries.push(GeomWithData::new(
                    Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]),
                    i,
                ));
            }
            geometry.push(parts);
        }
        Self {
            geometry,
            vertices,
            tree: RTree::bulk_load(entries),
        }
    }

    /// Features whose extent meets the box.
    pub fn in_box(&self, b: &AABB<[f64; 2]>) -> impl Iterator<Item = usize> + '_ {
        self.tree.locate_in_envelope_intersecting(b).map(|e| e.data)
    }
}

/// The prepared form of every layer of a dataset, aligned with `Dataset::layers`, reused
/// across frames and rebuilt only for layers that are new.
#[derive(Default)]
pub struct MapLayers {
    pub layers: Vec<Arc<PreparedLayer>>,
    uids: Vec<u64>,
    /// Prepared in a background thread, waiting for their layer to be added.
    ready: HashMap<u64, Arc<PreparedLayer>>,
    /// The shapes of the last crowded frame, reused while its key holds (steady frames:
    /// hovering empty map, tooltips, panels).
    frame_cache: std::sync::Mutex<Option<CachedFrame>>,
    /// The last zoom level drawn and when it was first drawn.
    zoom_seen: std::sync::Mutex<Option<(f64, std::time::Instant)>>,
}

/// A crowded frame's finished shapes: what they depend on, the map centre they were built
/// at, the shapes, and which of them are the big meshes (drawn from GPU memory when it can).
struct CachedFrame {
    key: FrameKey,
    center: [f64; 2],
    shapes: Vec<Shape>,
    dense: Vec<(usize, crate::gpu::DenseMesh)>,
}

impl CachedFrame {
    /// The shapes at `p * k + t`, the big meshes as GPU paint callbacks when `gpu` gives the
    /// egui pass (without, `k` must be 1: egui meshes are moved on the CPU).
    fn shapes_at(&self, k: f32, t: egui::Vec2, rect: Rect, gpu: Option<u64>) -> Vec<Shape> {
        let moved = k != 1.0 || t != egui::Vec2::ZERO;
        let transform = egui::emath::TSTransform::new(t, k);
        let mut out = Vec::with_capacity(self.shapes.len());
        for (i, sh) in self.shapes.iter().enumerate() {
            if let Some(frame) = gpu
                && let Some((_, d)) = self.dense.iter().find(|(at, _)| *at == i)
            {
                out.push(d.transformed(k, t).shape(rect, frame));
                continue;
            }
            let mut sh = sh.clone();
            if moved {
                sh.transform(transform);
            }
            out.push(sh);
        }
        out
    }
}

/// Everything a crowded frame's shapes depend on.
#[derive(Debug, Clone, PartialEq)]
struct FrameKey {
    rect: Rect,
    zoom: f64,
    layers: Vec<(u64, bool)>,
    selected: Option<FeatureRef>,
    hovered: Option<FeatureRef>,
}

impl FrameKey {
    /// The same but for the zoom level.
    fn same_but_zoom(&self, other: &Self) -> bool {
        self.rect == other.rect
            && self.layers == other.layers
            && self.selected == other.selected
            && self.hovered == other.hovered
    }

    fn new(vp: &Viewport, data: &Dataset, opts: &DrawOptions) -> Self {
        Self {
            rect: vp.rect,
            zoom: vp.zoom,
            layers: data.layers.iter().map(|l| (l.uid, l.visible)).collect(),
            selected: opts.selected,
            hovered: opts.hovered,
        }
    }
}

impl MapLayers {
    /// Make `layers` match the dataset, preparing what is missing.
    pub fn sync(&mut self, data: &Dataset) {
        let uids: Vec<u64> = data.layers.iter().map(|l| l.uid).collect();
        if uids == self.uids {
            return;
        }
        let mut old: HashMap<u64, Arc<PreparedLayer>> =
            self.uids.drain(..).zip(self.layers.drain(..)).collect();
        for l in &data.layers {
            let p = old
                .remove(&l.uid)
                .or_else(|| self.ready.remove(&l.uid))
                .unwrap_or_else(|| Arc::new(PreparedLayer::new(&l.features)));
            self.layers.push(p);
        }
        self.uids = uids;
    }

    /// When the view first showed this zoom level (now, if it just changed).
    fn zoom_seen(&self, zoom: f64) -> std::time::Instant {
        let now = std::time::Instant::now();
        match self.zoom_seen.lock() {
            Ok(mut seen) => match *seen {
                Some((z, at)) if z == zoom => at,
                _ => {
                    *seen = Some((zoom, now));
                    now
                }
            },
            Err(_) => now,
        }
    }

    /// Hand over a layer prepared elsewhere (a loading thread).
    pub fn insert_prepared(&mut self, uid: u64, prepared: Arc<PreparedLayer>) {
        self.ready.insert(uid, prepared);
    }
}

/// What to draw: visibility switches and the selection.
#[derive(Debug, Clone, Default)]
pub struct DrawOptions {
    pub selected: Option<FeatureRef>,
    pub hovered: Option<FeatureRef>,
    pub labels: bool,
    /// The renderer has [`crate::gpu`]'s pipeline: crowded views are drawn from GPU memory.
    pub gpu: bool,
    /// While the zoom changes, show the last crowded frame scaled (the window; never in an
    /// export, which must be exact).
    pub zoom_preview: bool,
}

/// Paint every visible layer: zones, then lines, then points, then labels.
pub fn draw_layers(
    painter: &Painter,
    vp: &Viewport,
    data: &Dataset,
    prepared: &MapLayers,
    opts: &DrawOptions,
    reserved: &[Rect],
) {
    painter.extend(layer_shapes(painter, vp, data, prepared, opts, reserved));
}

/// (layer, sorted feature indices) of the visible layers' features meeting the box; at most
/// `cap` per layer (a layer cut short is too crowded to label anyway).
fn visible_features(
    data: &Dataset,
    prepared: &MapLayers,
    bounds: &AABB<[f64; 2]>,
    cap: usize,
) -> Vec<(usize, Vec<usize>)> {
    data.layers
        .iter()
        .enumerate()
        .filter(|(_, l)| l.visible)
        .filter_map(|(li, _)| {
            let p = prepared.layers.get(li)?;
            let mut idx: Vec<usize> = p.in_box(bounds).take(cap).collect();
            idx.sort_unstable();
            Some((li, idx))
        })
        .collect()
}

/// Above this many features in view, a frame is crowded: one flat mesh, cached between frames.
const DENSE: usize = 5_000;
/// ... or above this many vertices (a few long, detailed lines cost as much as a crowd).
const DENSE_VERTICES: usize = 100_000;

fn visible_vertices(prepared: &MapLayers, visible: &[(usize, Vec<usize>)]) -> usize {
    visible
        .iter()
        .filter_map(|(li, idx)| {
            let p = prepared.layers.get(*li)?;
            Some(
                idx.iter()
                    .map(|&i| p.vertices.get(i).copied().unwrap_or(0) as usize)
                    .sum::<usize>(),
            )
        })
        .sum()
}

/// Wheel zooming shows the last crowded frame scaled on the GPU, until the zoom has rested
/// this long; then the frame is built anew at the new zoom.
const ZOOM_REST: std::time::Duration = std::time::Duration::from_millis(150);

/// The shapes of every visible layer (zones, lines, points, labels), so that callers can put
/// them under map furniture drawn earlier (labels keep clear of the `reserved` rectangles).
pub fn layer_shapes(
    painter: &Painter,
    vp: &Viewport,
    data: &Dataset,
    prepared: &MapLayers,
    opts: &DrawOptions,
    reserved: &[Rect],
) -> Vec<Shape> {
    // Capped: counting past the point where a view is crowded costs without telling more.
    let visible = visible_features(data, prepared, &vp.unit_bounds(), DENSE + 1);

    // Many features on screen: skip the decorations that cost more than they show, and reuse
    // the finished shapes while nothing that shapes them has changed.
    let features = visible.iter().map(|(_, v)| v.len()).sum::<usize>();
    let dense = features > DENSE || visible_vertices(prepared, &visible) > DENSE_VERTICES;
    if !dense {
        let (mut out, _) = build_shapes(vp, data, prepared, opts, &visible, false, None);
        if opts.labels {
            draw_labels(
                painter, &mut out, vp, data, prepared, &visible, opts, reserved,
            );
        }
        return out;
    }
    // The hovered feature changes as the pointer moves: drawn over the cached frame, not in it.
    let base = DrawOptions {
        hovered: None,
        ..opts.clone()
    };
    let key = FrameKey::new(vp, data, &base);
    let gpu_frame = opts.gpu.then(|| painter.ctx().cumulative_pass_nr());
    let zoom_changed_at = prepared.zoom_seen(vp.zoom);
    let reused = prepared.frame_cache.lock().ok().and_then(|cache| {
        let cached = cache.as_ref()?;
        let s = vp.scale();
        let k = 2f64.powf(vp.zoom - cached.key.zoom);
        // How the cached frame's points map to this view's: p * k + t.
        let rc = vp.rect.center();
        let t = vec2(
            (rc.x as f64 * (1.0 - k) + (cached.center[0] - vp.center[0]) * s) as f32,
            (rc.y as f64 * (1.0 - k) + (cached.center[1] - vp.center[1]) * s) as f32,
        );
        // The margin the frame was built with must still cover the view.
        let built = vp.rect.expand2(vp.rect.size() * 0.5);
        let covered = {
            let (a, b) = (
                built.min.to_vec2() * k as f32 + t,
                built.max.to_vec2() * k as f32 + t,
            );
            a.x <= vp.rect.min.x
                && a.y <= vp.rect.min.y
                && b.x >= vp.rect.max.x
                && b.y >= vp.rect.max.y
        };
        if !covered {
            return None;
        }
        if cached.key == key {
            // Panning moves everything by the same amount.
            return Some(cached.shapes_at(1.0, t, vp.rect, gpu_frame));
        }
        let previewing = opts.gpu
            && opts.zoom_preview
            && cached.key.same_but_zoom(&key)
            && zoom_changed_at.elapsed() < ZOOM_REST
            && (0.5..=4.0).contains(&k);
        if previewing {
            // A new frame once the wheel has rested.
            painter.ctx().request_repaint_after(ZOOM_REST);
            return Some(cached.shapes_at(k as f32, t, vp.rect, gpu_frame));
        }
        None
    });
    let mut out = match reused {
        Some(out) => out,
        None => {
            // Built for the view plus half a view on every side, so that it can be panned.
            let cull = vp.rect.expand2(vp.rect.size() * 0.5);
            let wide = AABB::from_corners(vp.screen_to_unit(cull.min), vp.screen_to_unit(cull.max));
            let wide = visible_features(data, prepared, &wide, usize::MAX);
            // The last crowded frame's memory serves this one.
            let old = prepared.frame_cache.lock().ok().and_then(|mut c| c.take());
            let (shapes, dense) = build_shapes(vp, data, prepared, &base, &wide, true, old);
            let frame = CachedFrame {
                key,
                center: vp.center,
                shapes,
                dense,
            };
            let out = frame.shapes_at(1.0, egui::Vec2::ZERO, vp.rect, gpu_frame);
            if let Ok(mut cache) = prepared.frame_cache.lock() {
                *cache = Some(frame);
            }
            out
        }
    };
    if let Some(h) = opts.hovered.filter(|h| {
        Some(*h) != opts.selected
            && data.get(*h).is_some()
            && prepared
                .layers
                .get(h.layer)
                .is_some_and(|p| h.feature < p.geometry.len())
    }) {
        let one = [(h.layer, vec![h.feature])];
        out.extend(build_shapes(vp, data, prepared, opts, &one, false, None).0);
    }
    if opts.labels {
        draw_labels(
            painter, &mut out, vp, data, prepared, &visible, opts, reserved,
        );
    }
    out
}

/// Draw `visible` features: areas, then lines, then points, then the hovered and selected
/// symbols on top. `dense`: as flat meshes (returned with where they are in the shapes),
/// in the memory of the `recycle`d frame where it is free.
fn build_shapes(
    vp: &Viewport,
    data: &Dataset,
    prepared: &MapLayers,
    opts: &DrawOptions,
    visible: &[(usize, Vec<usize>)],
    dense: bool,
    recycle: Option<CachedFrame>,
) -> (Vec<Shape>, Vec<(usize, crate::gpu::DenseMesh)>) {
    let cull = if dense {
        vp.rect.expand2(vp.rect.size() * 0.5)
    } else {
        vp.rect.expand(20.0)
    };
    let mut out: Vec<Shape> = Vec::new();
    let mut occupied: std::collections::HashSet<(i32, i32, u8)> = Default::default();
    let mut on_top: Vec<(Pos2, style::Symbol, Color32, f32, bool)> = Vec::new();
    let mut picked: Vec<Shape> = Vec::new();
    let mut dense_mesh = if dense {
        FlatMesh::recycling(recycle)
    } else {
        FlatMesh::default()
    };
    // Pass 1: areas. Pass 2: lines. Pass 3: points.
    for pass in 0..3 {
        if dense {
            dense_mesh.begin_pass(&mut out, pass);
        }
        for (li, idx) in visible {
            let layer = &data.layers[*li];
            let prep = &prepared.layers[*li];
            for &fi in idx {
                let f = &layer.features[fi];
                let r = FeatureRef {
                    layer: *li,
                    feature: fi,
                };
                let selected = opts.selected == Some(r);
                let hovered = opts.hovered == Some(r);
                // In a crowded frame, what is drawn on its own (the selection) goes above it.
                let target = if dense { &mut picked } else { &mut out };
                for part in &prep.geometry[fi] {
                    match (pass, part) {
                        (0, PreparedGeometry::Polygons(polys)) => {
                            let (c, _, _) = style::point_style(&f.kind);
                            let fill = c.gamma_multiply(0.28);
                            if dense && !selected && !hovered {
                                // Fill and a thin outline, into the one mesh.
                                for p in polys {
                                    dense_mesh.room();
                                    p.fill(vp, &mut dense_mesh.mesh, fill);
                                    for ring in &p.rings {
                                        let pts = decimate_by(vp, ring, 2.0);
                                        dense_mesh.polyline(&pts, c, 1.0, None);
                                    }
                                }
                                continue;
                            }
                            let mut mesh = egui::Mesh::default();
                            for p in polys {
                                p.fill(vp, &mut mesh, fill);
                            }
                            target.push(Shape::mesh(mesh));
                            let stroke = if selected {
                                Stroke::new(3.0, style::HIGHLIGHT)
                            } else {
                                Stroke::new(if hovered { 2.0 } else { 1.2 }, c)
                            };
                            for p in polys {
                                for ring in &p.rings {
                                    let pts: Vec<Pos2> =
                                        ring.iter().map(|u| vp.to_screen(*u)).collect();
                                    target.push(Shape::line(pts, stroke));
                                }
                            }
                        }
                        (1, PreparedGeometry::Lines(lines)) => {
                            let colour = style::mode_colour(f.mode);
                            let width = style::line_width(f);
                            for l in lines {
                                // Dense views: a vertex every 2 points is as much as shows.
                                let pts = decimate_by(vp, l, if dense { 2.0 } else { 0.5 });
                                if pts.len() < 2 {
                                    continue;
                                }
                                if selected || hovered {
                                    let halo = if selected {
                                        style::HIGHLIGHT
                                    } else {
                                        Color32::from_white_alpha(200)
                                    };
                                    target.push(Shape::line(
                                        pts.clone(),
                                        Stroke::new(width + 6.0, halo),
                                    ));
                                }
                                // A pale casing keeps lines readable over borders (small layers).
                                if !dense {
                                    target.push(Shape::line(
                                        pts.clone(),
                                        Stroke::new(width + 1.6, Color32::from_white_alpha(150)),
                                    ));
                                }
                                if dense && !selected && !hovered {
                                    dense_mesh.polyline(&pts, colour, width, f.status);
                                } else {
                                    target
                                        .extend(style::line_shapes(&pts, colour, width, f.status));
                                }
                            }
                        }
                        (2, PreparedGeometry::Points(pts)) => {
                            let (c, sym, r) = style::point_style(&f.kind);
                            let r = if vp.zoom < 4.5 { r * 0.85 } else { r };
                            for u in pts {
                                let p = vp.to_screen(*u);
                                if !cull.contains(p) {
                                    continue;
                                }
                                // In dense layers, one symbol per 2-point cell and style is enough.
                                if dense
                                    && !selected
                                    && !hovered
                                    && !occupied.insert((
                                        (p.x / 2.0) as i32,
                                        (p.y / 2.0) as i32,
                                        sym as u8,
                                    ))
                                {
                                    continue;
                                }
                                if dense && !selected && !hovered {
                                    dense_mesh.symbol(p, sym, c, r);
                                    continue;
                                }
                                if selected || hovered {
                                    // On top of everything else, after the loop.
                                    on_top.push((p, sym, c, r, selected));
                                    continue;
                                }
                                target.extend(style::symbol_shapes(p, sym, c, r));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    dense_mesh.flush(&mut out);
    out.append(&mut picked);
    // Hovered, then selected symbols above the others.
    on_top.sort_by_key(|t| t.4);
    for (p, sym, c, r, selected) in on_top {
        if selected {
            out.push(Shape::circle_filled(p, r + 7.0, style::HIGHLIGHT));
        } else {
            out.push(Shape::circle_filled(
                p,
                r + 5.0,
                Color32::from_white_alpha(220),
            ));
        }
        out.extend(style::symbol_shapes(p, sym, c, r));
    }
    (out, dense_mesh.done)
}

/// Greedy label placement: by priority, try four positions around the symbol, skip what
/// would overlap another label or symbol.
#[allow(clippy::too_many_arguments)]
fn draw_labels(
    painter: &Painter,
    out: &mut Vec<Shape>,
    vp: &Viewport,
    data: &Dataset,
    prepared: &MapLayers,
    visible: &[(usize, Vec<usize>)],
    opts: &DrawOptions,
    reserved: &[Rect],
) {
    struct Candidate {
        r: FeatureRef,
        anchor: Pos2,
        radius: f32,
        prio: (u8, u8),
    }
    let mut cands = Vec::new();
    for (li, idx) in visible {
        let layer = &data.layers[*li];
        // Labelling 100k features is pointless; only small layers or zoomed-in views.
        if idx.len() > 3000 {
            continue;
        }
        for &fi in idx {
            let f = &layer.features[fi];
            let r = FeatureRef {
                layer: *li,
                feature: fi,
            };
            let mut anchor = None;
            for part in &prepared.layers[*li].geometry[fi] {
                match part {
                    PreparedGeometry::Points(p) if !p.is_empty() => {
                        anchor = Some(vp.to_screen(p[0]))
                    }
                    PreparedGeometry::Polygons(p) if !p.is_empty() && anchor.is_none() => {
                        let b = p[0].bbox;
                        anchor = Some(vp.to_screen([(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0]));
                    }
                    _ => {}
                }
            }
            let Some(anchor) = anchor else { continue };
            if !vp.rect.contains(anchor) {
                continue;
            }
            let (_, _, radius) = style::point_style(&f.kind);
            let special = if opts.selected == Some(r) {
                0
            } else if opts.hovered == Some(r) {
                1
            } else {
                2
            };
            cands.push(Candidate {
                r,
                anchor,
                radius,
                prio: (special, style::label_priority(&f.kind)),
            });
        }
    }
    cands.sort_by_key(|c| c.prio);
    let mut used: Vec<Rect> = reserved.to_vec();
    // Symbols are obstacles too.
    for c in &cands {
        used.push(Rect::from_center_size(
            c.anchor,
            vec2(c.radius * 2.0, c.radius * 2.0),
        ));
    }
    for (k, c) in cands.iter().enumerate() {
        let Some(f) = data.get(c.r) else { continue };
        let size = if c.prio.1 <= 2 { 13.0 } else { 11.5 };
        let galley = painter.layout_no_wrap(
            f.name.clone(),
            FontId::proportional(size),
            Color32::from_gray(25),
        );
        let sz = galley.size();
        let off = c.radius + 4.0;
        let tries = [
            Align2::LEFT_CENTER.anchor_size(c.anchor + vec2(off, 0.0), sz),
            Align2::RIGHT_CENTER.anchor_size(c.anchor - vec2(off, 0.0), sz),
            Align2::CENTER_BOTTOM.anchor_size(c.anchor - vec2(0.0, off), sz),
            Align2::CENTER_TOP.anchor_size(c.anchor + vec2(0.0, off), sz),
        ];
        let own = reserved.len() + k;
        let free = tries.into_iter().find(|t| {
            vp.rect.contains_rect(*t)
                && !used
                    .iter()
                    .enumerate()
                    .any(|(j, u)| j != own && u.intersects(*t))
        });
        if let Some(rect) = free {
            // A white halo behind the text.
            out.push(Shape::rect_filled(
                rect.expand(1.5),
                3.0,
                Color32::from_white_alpha(170),
            ));
            out.push(Shape::galley(rect.min, galley, Color32::from_gray(25)));
            used.push(rect);
        }
    }
}

/// The sizes (vertices, indices) each pass's mesh reached last time: the next crowded frame
/// reserves that much at once instead of growing (copying, faulting in fresh pages) as it goes.
static PASS_SIZES: [[std::sync::atomic::AtomicUsize; 2]; 3] =
    [const { [const { std::sync::atomic::AtomicUsize::new(0) }; 2] }; 3];

/// Vertices per mesh: 80 MB, well inside what any GPU takes as one buffer.
const MESH_CHUNK: usize = 1 << 22;

/// Many lines and symbols as one mesh: no per-shape tessellation, no anti-aliasing feather.
/// Used when tens of thousands of features are on screen.
#[derive(Default)]
struct FlatMesh {
    mesh: egui::Mesh,
    pass: usize,
    /// Full chunks waiting for the next flush.
    full: Vec<egui::Mesh>,
    /// The flushed meshes, with where they are in the output.
    done: Vec<(usize, crate::gpu::DenseMesh)>,
    /// Meshes of an earlier frame, emptied, whose memory is used again.
    spare: Vec<egui::Mesh>,
}

impl FlatMesh {
    /// Reuse the memory of `old`'s meshes where nothing else holds them any more.
    fn recycling(old: Option<CachedFrame>) -> Self {
        let mut spare = Vec::new();
        if let Some(old) = old {
            drop(old.shapes);
            for (_, d) in old.dense {
                if let Ok(mut m) = Arc::try_unwrap(d.mesh) {
                    m.clear();
                    spare.push(m);
                }
            }
        }
        Self {
            spare,
            ..Default::default()
        }
    }

    /// Flush the previous pass (it goes below this one) and get room for this one.
    fn begin_pass(&mut self, out: &mut Vec<Shape>, pass: usize) {
        self.flush(out);
        self.pass = pass;
        let want = [0, 1].map(|k| {
            PASS_SIZES[pass][k]
                .load(std::sync::atomic::Ordering::Relaxed)
                .min(MESH_CHUNK * 3)
        });
        self.mesh = self.take_spare(want[0]);
        // A little over last time's size: the next view is rarely exactly the same.
        self.mesh.vertices.reserve(want[0] + want[0] / 16);
        self.mesh.indices.reserve(want[1] + want[1] / 16);
    }

    /// The spare mesh that fits `vertices` best (or a new one).
    fn take_spare(&mut self, vertices: usize) -> egui::Mesh {
        let best = self
            .spare
            .iter()
            .enumerate()
            .min_by_key(|(_, m)| {
                let c = m.vertices.capacity();
                (c < vertices, c.abs_diff(vertices))
            })
            .map(|(i, _)| i);
        match best {
            Some(i) if vertices > 0 => self.spare.swap_remove(i),
            _ => egui::Mesh::default(),
        }
    }

    fn flush(&mut self, out: &mut Vec<Shape>) {
        if !self.mesh.is_empty() || !self.full.is_empty() {
            let sizes = std::iter::once(&self.mesh)
                .chain(&self.full)
                .fold([0, 0], |[v, i], m| {
                    [v + m.vertices.len(), i + m.indices.len()]
                });
            for (k, n) in sizes.into_iter().enumerate() {
                PASS_SIZES[self.pass][k].store(n, std::sync::atomic::Ordering::Relaxed);
            }
        }
        if !self.mesh.is_empty() {
            self.full.push(std::mem::take(&mut self.mesh));
        }
        for mesh in self.full.drain(..) {
            let mesh = Arc::new(mesh);
            self.done
                .push((out.len(), crate::gpu::DenseMesh::new(mesh.clone())));
            out.push(Shape::Mesh(mesh));
        }
    }

    /// Start a new chunk when this one is full.
    fn room(&mut self) {
        if self.mesh.vertices.len() >= MESH_CHUNK {
            let next = egui::Mesh {
                vertices: Vec::with_capacity(MESH_CHUNK),
                indices: Vec::with_capacity(MESH_CHUNK * 3 / 2),
                ..Default::default()
            };
            self.full.push(std::mem::replace(&mut self.mesh, next));
        }
    }

    fn quad(&mut self, a: Pos2, b: Pos2, half: f32, colour: Color32) {
        let d = b - a;
        // Not `length()`: glibc's hypotf is slow and this runs a million times a frame.
        let len = (d.x * d.x + d.y * d.y).sqrt();
        if len <= f32::EPSILON {
            return;
        }
        let n = vec2(-d.y, d.x) / len * half;
        self.room();
        let i = self.mesh.vertices.len() as u32;
        for p in [a + n, a - n, b - n, b + n] {
            self.mesh.colored_vertex(p, colour);
        }
        self.mesh.add_triangle(i, i + 1, i + 2);
        self.mesh.add_triangle(i, i + 2, i + 3);
    }

    /// A polyline: solid, dashed (under construction) or dotted (planned), like `paint_line`.
    fn polyline(
        &mut self,
        pts: &[Pos2],
        colour: Color32,
        width: f32,
        status: Option<crate::model::Status>,
    ) {
        use crate::model::Status;
        let half = width / 2.0;
        // The same look as `paint_line`, with a coarser rhythm: this is for crowded views.
        let (on, off) = match status {
            Some(Status::UnderConstruction) => ((width * 4.0).max(8.0), (width * 2.2).max(5.0)),
            Some(Status::Planned) => ((width * 0.9).max(2.0), (width * 1.7).max(5.0)),
            _ => {
                for w in pts.windows(2) {
                    self.quad(w[0], w[1], half, colour);
                }
                return;
            }
        };
        // Walk the line, emitting the "on" stretches of the pattern.
        let mut drawing = true;
        let mut left = on;
        for w in pts.windows(2) {
            let (mut a, b) = (w[0], w[1]);
            let mut seg = {
                let d = b - a;
                (d.x * d.x + d.y * d.y).sqrt()
            };
            while seg > 0.0 {
                let step = seg.min(left);
                let next = a + (b - a) * (step / seg.max(f32::EPSILON));
                if drawing {
                    self.quad(a, next, half, colour);
                }
                a = next;
                seg -= step;
                left -= step;
                if left <= 0.0 {
                    drawing = !drawing;
                    left = if drawing { on } else { off };
                }
            }
        }
    }

    /// A point symbol reduced to a filled polygon.
    fn symbol(&mut self, c: Pos2, sym: style::Symbol, colour: Color32, r: f32) {
        use style::Symbol;
        let pts: Vec<Pos2> = match sym {
            Symbol::Square => vec![
                c + vec2(-r, -r),
                c + vec2(r, -r),
                c + vec2(r, r),
                c + vec2(-r, r),
            ],
            Symbol::Diamond | Symbol::Star => vec![
                c + vec2(0.0, -r * 1.2),
                c + vec2(r * 1.2, 0.0),
                c + vec2(0.0, r * 1.2),
                c + vec2(-r * 1.2, 0.0),
            ],
            Symbol::Triangle => vec![
                c + vec2(0.0, -r * 1.25),
                c + vec2(r * 1.15, r * 0.85),
                c + vec2(-r * 1.15, r * 0.85),
            ],
            Symbol::Circle | Symbol::Ring => (0..8)
                .map(|k| {
                    let a = std::f32::consts::TAU * k as f32 / 8.0;
                    c + vec2(a.cos() * r, a.sin() * r)
                })
                .collect(),
        };
        self.room();
        let i = self.mesh.vertices.len() as u32;
        for p in &pts {
            self.mesh.colored_vertex(*p, colour);
        }
        for k in 1..pts.len() as u32 - 1 {
            self.mesh.add_triangle(i, i + k, i + k + 1);
        }
    }
}

/// Project a line, dropping vertices less than half a point from the last one kept: the
/// picture is the same and a zoomed-out national network costs a fraction of its vertices.
pub fn decimate(vp: &Viewport, line: &[[f64; 2]]) -> Vec<Pos2> {
    decimate_by(vp, line, 0.5)
}

/// [`decimate`] with the minimum spacing of kept vertices, in points.
pub fn decimate_by(vp: &Viewport, line: &[[f64; 2]], min_spacing: f32) -> Vec<Pos2> {
    let min2 = min_spacing * min_spacing;
    let mut out = Vec::with_capacity(line.len().min(64));
    let Some((first, rest)) = line.split_first() else {
        return out;
    };
    let mut last = vp.to_screen(*first);
    out.push(last);
    for (i, u) in rest.iter().enumerate() {
        let p = vp.to_screen(*u);
        if (p - last).length_sq() >= min2 || i + 1 == rest.len() {
            out.push(p);
            last = p;
        }
    }
    if out.len() == 2 && (out[0] - out[1]).length_sq() < 0.25f32.min(min2) {
        out.pop();
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Picking

/// Distance from `p` to segment `a`–`b`.
fn segment_distance(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    let t = if len2 == 0.0 {
        0.0
    } else {
        ((p - a).dot(ab) / len2).clamp(0.0, 1.0)
    };
    (p - (a + ab * t)).length_sq().sqrt()
}

/// The feature under `pos` within `tolerance` points: points first, then lines, then areas.
pub fn pick(
    vp: &Viewport,
    data: &Dataset,
    prepared: &MapLayers,
    pos: Pos2,
    tolerance: f32,
) -> Option<FeatureRef> {
    pick_scored(vp, data, prepared, pos, tolerance, false)
        .into_iter()
        .next()
}

/// Every feature under `pos` within `tolerance`, best first (like QGIS's identify tool).
pub fn pick_all(
    vp: &Viewport,
    data: &Dataset,
    prepared: &MapLayers,
    pos: Pos2,
    tolerance: f32,
) -> Vec<FeatureRef> {
    pick_scored(vp, data, prepared, pos, tolerance, true)
}

fn pick_scored(
    vp: &Viewport,
    data: &Dataset,
    prepared: &MapLayers,
    pos: Pos2,
    tolerance: f32,
    all: bool,
) -> Vec<FeatureRef> {
    let mut hits: Vec<((u8, f32), FeatureRef)> = Vec::new();
    let u = vp.screen_to_unit(pos);
    let t = tolerance as f64 / vp.scale();
    let query = AABB::from_corners([u[0] - t, u[1] - t], [u[0] + t, u[1] + t]);
    // Segments whose box misses the click box are not measured (long lines have many).
    let near = |a: [f64; 2], b: [f64; 2]| {
        a[0].min(b[0]) <= u[0] + t
            && a[0].max(b[0]) >= u[0] - t
            && a[1].min(b[1]) <= u[1] + t
            && a[1].max(b[1]) >= u[1] - t
    };
    // (class, distance): class 0 point, 1 line, 2 area.
    let mut best: Option<((u8, f32), FeatureRef)> = None;
    for (li, layer) in data.layers.iter().enumerate().rev() {
        if !layer.visible {
            continue;
        }
        let Some(prep) = prepared.layers.get(li) else {
            continue;
        };
        for fi in prep.in_box(&query) {
            let mut score: Option<(u8, f32)> = None;
            for part in &prep.geometry[fi] {
                let s = match part {
                    PreparedGeometry::Points(pts) => pts
                        .iter()
                        .map(|q| (vp.to_screen(*q) - pos).length())
                        .filter(|d| *d <= tolerance)
                        .reduce(f32::min)
                        .map(|d| (0, d)),
                    PreparedGeometry::Lines(lines) => lines
                        .iter()
                        .flat_map(|l| {
                            l.windows(2).filter(|w| near(w[0], w[1])).map(|w| {
                                segment_distance(pos, vp.to_screen(w[0]), vp.to_screen(w[1]))
                            })
                        })
                        .filter(|d| *d <= tolerance)
                        .reduce(f32::min)
                        .map(|d| (1, d)),
                    PreparedGeometry::Polygons(polys) => {
                        if polys.iter().any(|p| p.contains(u)) {
                            Some((2, 0.0))
                        } else {
                            polys
                                .iter()
                                .flat_map(|p| p.rings.iter())
                                .flat_map(|r| {
                                    r.windows(2).filter(|w| near(w[0], w[1])).map(|w| {
                                        segment_distance(
                                            pos,
                                            vp.to_screen(w[0]),
                                            vp.to_screen(w[1]),
                                        )
                                    })
                                })
                                .filter(|d| *d <= tolerance)
                                .reduce(f32::min)
                                .map(|d| (2, d))
                        }
                    }
                };
                if let Some(s) = s
                    && score.is_none_or(|b| s < b)
                {
                    score = Some(s);
                }
            }
            if let Some(s) = score {
                let r = FeatureRef {
                    layer: li,
                    feature: fi,
                };
                if all {
                    hits.push((s, r));
                } else if best.is_none_or(|(b, _)| s < b) {
                    best = Some((s, r));
                }
            }
        }
    }
    if !all {
        return best.map(|(_, r)| r).into_iter().collect();
    }
    hits.sort_by(|a, b| a.0.0.cmp(&b.0.0).then(a.0.1.total_cmp(&b.0.1)));
    hits.into_iter().map(|(_, r)| r).collect()
}

// ---------------------------------------------------------------------------------------------
// Map furniture

/// A "nice" scale bar length (1, 2, 5 × 10^n km) that fits in `max_points`.
pub fn scale_bar_km(km_per_point: f64, max_points: f32) -> (f64, f32) {
    let max_km = km_per_point * max_points as f64;
    let mut best = 1.0;
    let mut p = 10f64.powi(max_km.log10().floor() as i32 - 1).max(0.001);
    while p <= max_km {
        for m in [1.0, 2.0, 5.0] {
            if p * m <= max_km {
                best = p * m;
            }
        }
        p *= 10.0;
    }
    (best, (best / km_per_point) as f32)
}

/// Scale bar with its label; `anchor` is the bottom-left corner.
pub fn draw_scale_bar(
    painter: &Painter,
    vp: &Viewport,
    anchor: Pos2,
    max_points: f32,
    text_size: f32,
) -> Rect {
    let (km, len) = scale_bar_km(vp.km_per_point(), max_points);
    let h = text_size * 0.45;
    let y = anchor.y - h;
    let x0 = anchor.x;
    let bg = Rect::from_min_max(
        pos2(x0 - 6.0, y - text_size - 8.0),
        pos2(x0 + len + 6.0, anchor.y + 4.0),
    );
    painter.rect_filled(bg, 3.0, Color32::from_white_alpha(200));
    let half = len / 2.0;
    painter.rect_filled(
        Rect::from_min_size(pos2(x0, y), vec2(half, h)),
        0.0,
        Color32::from_gray(30),
    );
    painter.rect_filled(
        Rect::from_min_size(pos2(x0 + half, y), vec2(half, h)),
        0.0,
        Color32::WHITE,
    );
    painter.rect_stroke(
        Rect::from_min_size(pos2(x0, y), vec2(len, h)),
        0.0,
        Stroke::new(1.0, Color32::from_gray(30)),
        egui::StrokeKind::Middle,
    );
    let font = FontId::proportional(text_size);
    painter.text(
        pos2(x0, y - 2.0),
        Align2::LEFT_BOTTOM,
        "0",
        font.clone(),
        Color32::from_gray(20),
    );
    painter.text(
        pos2(x0 + len, y - 2.0),
        Align2::RIGHT_BOTTOM,
        format!("{} km", crate::model::format_number(km, false)),
        font,
        Color32::from_gray(20),
    );
    bg
}

/// North arrow centred at `c`.
pub fn draw_north_arrow(painter: &Painter, c: Pos2, size: f32) -> Rect {
    let bg = Rect::from_center_size(c + vec2(0.0, -size * 0.15), vec2(size * 1.3, size * 1.9));
    painter.rect_filled(bg, 4.0, Color32::from_white_alpha(200));
    let top = c + vec2(0.0, -size * 0.7);
    let bottom = c + vec2(0.0, size * 0.45);
    let left = c + vec2(-size * 0.38, size * 0.55);
    let right = c + vec2(size * 0.38, size * 0.55);
    painter.add(Shape::convex_polygon(
        vec![top, bottom, left],
        Color32::from_gray(30),
        Stroke::NONE,
    ));
    painter.add(Shape::convex_polygon(
        vec![top, right, bottom],
        Color32::WHITE,
        Stroke::new(1.0, Color32::from_gray(30)),
    ));
    painter.text(
        top - vec2(0.0, 2.0),
        Align2::CENTER_BOTTOM,
        "N",
        FontId::proportional(size * 0.42),
        Color32::from_gray(20),
    );
    bg
}

/// Attribution text in the bottom-right corner; returns its rectangle.
pub fn draw_attribution(painter: &Painter, rect: Rect, text: &str, size: f32) -> Rect {
    let galley = painter.layout_no_wrap(
        text.to_string(),
        FontId::proportional(size),
        Color32::from_gray(40),
    );
    let r = Align2::RIGHT_BOTTOM.anchor_size(rect.right_bottom() - vec2(4.0, 4.0), galley.size());
    painter.rect_filled(r.expand(3.0), 2.0, Color32::from_white_alpha(210));
    painter.galley(r.min, galley, Color32::from_gray(40));
    r.expand(3.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vp() -> Viewport {
        Viewport::new(
            Rect::from_min_size(pos2(10.0, 20.0), vec2(800.0, 600.0)),
            60.0,
            42.0,
            5.0,
        )
    }

    #[test]
    fn screen_and_lonlat_round_trip() {
        let v = vp();
        for (lon, lat) in [(51.15, 43.65), (49.4, 39.95), (80.0, 45.0), (60.0, 42.0)] {
            let p = v.lonlat_to_screen(lon, lat);
            let (x, y) = v.screen_to_lonlat(p);
            assert!(
                (x - lon).abs() < 1e-3 && (y - lat).abs() < 1e-3,
                "{lon},{lat} -> {x},{y}"
            );
        }
        let c = v.lonlat_to_screen(60.0, 42.0);
        assert!((c - v.rect.center()).length() < 0.01);
    }

    #[test]
    fn our_projection_matches_walkers() {
        use walkers::Projection as _;
        let z = 7.0;
        let p = walkers::MercatorProjection.project(walkers::lon_lat(51.15, 43.65), z);
        let u = to_unit(51.15, 43.65);
        let s = TILE_SIZE * 2f64.powf(z);
        assert!((p.x() - u[0] * s).abs() < 1e-6 && (p.y() - u[1] * s).abs() < 1e-6);
    }

    #[test]
    fn fitting_a_box_shows_all_of_it() {
        let rect = Rect::from_min_size(Pos2::ZERO, vec2(1600.0, 900.0));
        let v = Viewport::fit(rect, CORRIDOR_BBOX, 20.0);
        for (lon, lat) in [(27.0, 33.0), (121.0, 52.5)] {
            assert!(rect.contains(v.lonlat_to_screen(lon, lat)));
        }
        // ...and not much more: one of the two axes is filled.
        let a = v.lonlat_to_screen(27.0, 52.5);
        let b = v.lonlat_to_screen(121.0, 33.0);
        assert!((b.x - a.x) > 1500.0 || (b.y - a.y) > 800.0);
    }

    /// The shapes `layer_shapes` makes for one frame of `vp` (run in a throwaway context).
    fn shapes_of(
        vp: &Viewport,
        data: &Dataset,
        layers: &MapLayers,
        opts: &DrawOptions,
    ) -> Vec<Shape> {
        let ctx = egui::Context::default();
        let mut shapes = Vec::new();
        let mut out = ctx.run_ui(Default::default(), |ui| {
            shapes = layer_shapes(ui.painter(), vp, data, layers, opts, &[]);
        });
        // The font atlas upload is not ours to apply here.
        out.textures_delta.clear();
        shapes
    }

    /// Vertices of every mesh a frame of `draw_layers` paints, inside the view.
    fn frame_vertices(data: &Dataset, prepared: &MapLayers, vp: Viewport) -> Vec<Pos2> {
        let ctx = egui::Context::default();
        let out = ctx.run_ui(
            egui::RawInput {
                screen_rect: Some(vp.rect),
                ..Default::default()
            },
            |ui| {
                draw_layers(
                    ui.painter(),
                    &vp,
                    data,
                    prepared,
                    &DrawOptions::default(),
                    &[],
                );
            },
        );
        let mut out = out;
        out.textures_delta.clear();
        let mut v = Vec::new();
        for cs in out.shapes {
            if let Shape::Mesh(m) = cs.shape {
                v.extend(
                    m.vertices
                        .iter()
                        .map(|x| x.pos)
                        .filter(|p| vp.rect.shrink(30.0).contains(*p)),
                );
            }
        }
        v
    }

    /// `n` points on a grid around (60, 41).
    fn crowded(n: usize) -> Dataset {
        let mut text = String::from(r#"{"type":"FeatureCollection","features":["#);
        for i in 0..n {
            if i > 0 {
                text.push(',');
            }
            let (x, y) = (
                50.0 + (i % 100) as f64 * 0.2,
                35.0 + (i / 100) as f64 * 0.15,
            );
            text.push_str(&format!(
                r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{x},{y}]}},"properties":{{}}}}"#
            ));
        }
        text.push_str("]}");
        let layer =
            crate::load::parse_layer(&text, "t", crate::model::Origin::Embedded("t".into()))
                .expect("loads");
        Dataset {
            layers: vec![layer],
        }
    }

    #[test]
    fn in_a_crowded_frame_the_selection_is_drawn_above_the_crowd() {
        // 5,200 points, and a line across them.
        let mut data = crowded(5200);
        let line = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[52,36],[68,42]]}}]}"#;
        data.layers.push(
            crate::load::parse_layer(line, "l", crate::model::Origin::Embedded("l".into()))
                .expect("loads"),
        );
        let mut layers = MapLayers::default();
        layers.sync(&data);
        let vp = Viewport::new(
            Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0)),
            60.0,
            39.0,
            4.5,
        );
        let opts = DrawOptions {
            selected: Some(FeatureRef {
                layer: 1,
                feature: 0,
            }),
            ..Default::default()
        };
        let shapes = shapes_of(&vp, &data, &layers, &opts);
        let last_crowd = shapes
            .iter()
            .rposition(|s| matches!(s, Shape::Mesh(m) if m.vertices.len() > 1000))
            .expect("a crowded mesh");
        let halo = shapes
            .iter()
            .position(|s| matches!(s, Shape::Path(p) if p.stroke.color == egui::epaint::ColorMode::Solid(style::HIGHLIGHT)))
            .expect("the selected line's halo");
        assert!(
            halo > last_crowd,
            "halo at {halo}, crowd up to {last_crowd}"
        );
    }

    #[test]
    fn a_few_very_detailed_lines_are_drawn_as_a_cached_crowded_frame() {
        // Four lines of 40,000 vertices each: few features, but 160,000 vertices to
        // tessellate, so the frame is built once and then reused, not rebuilt every frame.
        let mut features = Vec::new();
        for k in 0..4 {
            let coords: Vec<String> = (0..40_000)
                .map(|i| {
                    let x = 50.0 + i as f64 * 0.0005;
                    format!("[{x:.5},{:.5}]", 38.0 + k as f64 + (i % 2) as f64 * 0.01)
                })
                .collect();
            features.push(format!(
                r#"{{"type":"Feature","properties":{{"mode":"rail"}},"geometry":{{"type":"LineString","coordinates":[{}]}}}}"#,
                coords.join(",")
            ));
        }
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        let layer =
            crate::load::parse_layer(&text, "d", crate::model::Origin::Embedded("d".into()))
                .expect("loads");
        let data = Dataset {
            layers: vec![layer],
        };
        let mut layers = MapLayers::default();
        layers.sync(&data);
        assert_eq!(layers.layers[0].vertices, vec![40_000; 4]);
        let vp = Viewport::new(
            Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0)),
            60.0,
            40.0,
            4.5,
        );
        let _ = shapes_of(&vp, &data, &layers, &DrawOptions::default());
        assert!(
            layers
                .frame_cache
                .lock()
                .map(|c| c.is_some())
                .unwrap_or(false),
            "the detailed view was not cached"
        );
    }

    #[test]
    fn a_crowded_frame_panned_from_the_cache_matches_a_fresh_one() {
        let data = crowded(5200);
        let rect = Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0));
        let vp0 = Viewport::new(rect, 60.0, 41.0, 5.5);
        let mut vp1 = vp0;
        vp1.center[0] += 37.0 / vp1.scale();
        vp1.center[1] -= 21.0 / vp1.scale();

        let mut cached = MapLayers::default();
        cached.sync(&data);
        let _ = frame_vertices(&data, &cached, vp0);
        let panned = frame_vertices(&data, &cached, vp1);
        let mut fresh_layers = MapLayers::default();
        fresh_layers.sync(&data);
        let fresh = frame_vertices(&data, &fresh_layers, vp1);
        assert!(!fresh.is_empty());
        for p in &fresh {
            assert!(
                panned.iter().any(|q| (*q - *p).length() < 0.01),
                "vertex {p:?} of the fresh frame is missing from the panned one"
            );
        }
    }

    /// Render the frames through wgpu (as the export does), each `(view, pause before it)`,
    /// and return the last picture.
    fn rendered(
        data: &Dataset,
        prepared: &MapLayers,
        frames: &[(Viewport, std::time::Duration)],
        opts: DrawOptions,
    ) -> Vec<u8> {
        let mut harness = egui_kittest::Harness::builder()
            .with_size(frames[0].0.rect.size())
            .renderer(crate::export::renderer(opts.gpu))
            .build_ui_state(
                |ui, at: &mut usize| {
                    let vp = frames[(*at).min(frames.len() - 1)].0;
                    draw_layers(ui.painter(), &vp, data, prepared, &opts, &[]);
                },
                0,
            );
        for (i, (_, pause)) in frames.iter().enumerate().skip(1) {
            std::thread::sleep(*pause);
            *harness.state_mut() = i;
            harness.run_steps(1);
        }
        harness.render().expect("renders").into_raw()
    }

    /// Frames shown one right after the other.
    fn at_once(vps: &[Viewport]) -> Vec<(Viewport, std::time::Duration)> {
        vps.iter()
            .map(|v| (*v, std::time::Duration::ZERO))
            .collect()
    }

    fn gpu(on: bool) -> DrawOptions {
        DrawOptions {
            gpu: on,
            ..Default::default()
        }
    }

    #[test]
    fn while_zooming_the_crowded_frame_is_scaled_in_place_then_rebuilt() {
        // Four stacks of 1,301 ports: a crowded view with four symbols to find.
        let spots = [(58.0, 40.0), (62.0, 40.0), (58.0, 42.0), (62.0, 42.5)];
        let mut text = String::from(r#"{"type":"FeatureCollection","features":["#);
        for i in 0..5204 {
            let (x, y) = spots[i % 4];
            if i > 0 {
                text.push(',');
            }
            text.push_str(&format!(
                r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{x},{y}]}},"properties":{{"kind":"port"}}}}"#
            ));
        }
        text.push_str("]}");
        let layer =
            crate::load::parse_layer(&text, "t", crate::model::Origin::Embedded("t".into()))
                .expect("loads");
        let data = Dataset {
            layers: vec![layer],
        };
        let layers = || {
            let mut l = MapLayers::default();
            l.sync(&data);
            l
        };
        let rect = Rect::from_min_size(Pos2::ZERO, vec2(400.0, 300.0));
        let vp0 = Viewport::new(rect, 60.0, 41.0, 6.0);
        // Zooming in around a point off centre moves the centre too.
        let mut vp1 = Viewport::new(rect, 60.3, 41.2, 6.5);
        vp1.center[0] += 3.0 / vp1.scale();
        let preview_opts = DrawOptions {
            zoom_preview: true,
            ..gpu(true)
        };
        let preview = rendered(
            &data,
            &layers(),
            &at_once(&[vp0, vp1]),
            preview_opts.clone(),
        );
        let fresh = rendered(&data, &layers(), &at_once(&[vp1]), gpu(true));
        let rested = rendered(
            &data,
            &layers(),
            &[
                (vp0, std::time::Duration::ZERO),
                (vp1, std::time::Duration::ZERO),
                (vp1, ZOOM_REST * 2),
            ],
            preview_opts,
        );

        let port = style::point_style(&crate::model::Kind::Port).0;
        // (centre, pixel count) of the port-coloured pixels near each spot.
        let blobs = |img: &[u8]| -> Vec<(Pos2, usize)> {
            spots
                .iter()
                .map(|(lon, lat)| {
                    let c = vp1.lonlat_to_screen(*lon, *lat);
                    let (mut sum, mut n) = (vec2(0.0, 0.0), 0usize);
                    for y in (c.y as i32 - 20)..(c.y as i32 + 20) {
                        for x in (c.x as i32 - 20)..(c.x as i32 + 20) {
                            if x < 0 || y < 0 || x >= 400 || y >= 300 {
                                continue;
                            }
                            let i = (y as usize * 400 + x as usize) * 4;
                            let d: i32 = (0..3)
                                .map(|k| (img[i + k] as i32 - port.to_array()[k] as i32).abs())
                                .sum();
                            if d < 30 {
                                sum += vec2(x as f32 + 0.5, y as f32 + 0.5);
                                n += 1;
                            }
                        }
                    }
                    (Pos2::ZERO + sum / n.max(1) as f32, n)
                })
                .collect()
        };
        let (p, f, r) = (blobs(&preview), blobs(&fresh), blobs(&rested));
        for i in 0..4 {
            assert!(f[i].1 > 20, "spot {i} not drawn: {f:?}");
            // In the right place while zooming...
            assert!(
                (p[i].0 - f[i].0).length() < 1.5,
                "spot {i}: preview {:?}, fresh {:?}",
                p[i],
                f[i]
            );
            // ...scaled from the old frame (1.41x: twice the area), not rebuilt...
            assert!(p[i].1 as f32 > f[i].1 as f32 * 1.5, "{p:?} vs {f:?}");
            // ...and rebuilt once the zoom has rested.
            assert!((r[i].1 as i32 - f[i].1 as i32).abs() <= 2, "{r:?} vs {f:?}");
        }
    }

    #[test]
    fn a_crowded_frame_panned_in_gpu_memory_matches_a_fresh_one() {
        let data = crowded(5200);
        let layers = || {
            let mut l = MapLayers::default();
            l.sync(&data);
            l
        };
        let rect = Rect::from_min_size(Pos2::ZERO, vec2(400.0, 300.0));
        let vp0 = Viewport::new(rect, 60.0, 39.0, 4.5);
        assert!(
            visible_features(&data, &layers(), &vp0.unit_bounds(), usize::MAX)[0]
                .1
                .len()
                > DENSE
        );
        let mut vp1 = vp0;
        vp1.center[0] += 37.0 / vp1.scale();
        vp1.center[1] -= 21.0 / vp1.scale();
        let panned = rendered(&data, &layers(), &at_once(&[vp0, vp1]), gpu(true));
        let fresh = rendered(&data, &layers(), &at_once(&[vp1]), gpu(false));
        let unpanned = rendered(&data, &layers(), &at_once(&[vp0]), gpu(false));
        let differ = |a: &[u8], b: &[u8]| {
            a.chunks(4)
                .zip(b.chunks(4))
                .filter(|(p, q)| (0..3).any(|k| (p[k] as i32 - q[k] as i32).abs() > 24))
                .count()
        };
        // The picture moved: the test would see a pan in the wrong direction.
        assert!(differ(&unpanned, &fresh) > 5000);
        assert!(
            differ(&panned, &fresh) < 200,
            "{} pixels differ",
            differ(&panned, &fresh)
        );
    }

    #[test]
    fn scale_bar_lengths_are_round() {
        let (km, len) = scale_bar_km(2.0, 150.0);
        assert_eq!(km, 200.0);
        assert!((len - 100.0).abs() < 0.01);
        let (km, _) = scale_bar_km(0.013, 150.0);
        assert_eq!(km, 1.0);
    }

    #[test]
    fn picking_prefers_the_point_over_the_line_under_it() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","id":"line","geometry":{"type":"LineString","coordinates":[[50,40],[52,45]]},"properties":{}},
          {"type":"Feature","id":"pt","geometry":{"type":"Point","coordinates":[51,42.5]},"properties":{}}]}"#;
        let layer = crate::load::parse_layer(text, "t", crate::model::Origin::Embedded("t".into()))
            .expect("loads");
        let data = Dataset {
            layers: vec![layer],
        };
        let mut prepared = MapLayers::default();
        prepared.sync(&data);
        let v = Viewport::new(
            Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0)),
            51.0,
            42.5,
            6.0,
        );
        let at = v.lonlat_to_screen(51.0, 42.5);
        let hit = pick(&v, &data, &prepared, at + vec2(3.0, 0.0), 8.0).expect("hit");
        assert_eq!(data.get(hit).map(|f| f.id.as_str()), Some("pt"));
        // Far from the point but on the line.
        let on_line = v.lonlat_to_screen(50.5, 41.25);
        let hit = pick(&v, &data, &prepared, on_line + vec2(0.0, 2.0), 8.0).expect("hit");
        assert_eq!(data.get(hit).map(|f| f.id.as_str()), Some("line"));
        // Empty water.
        assert!(pick(&v, &data, &prepared, pos2(5.0, 5.0), 8.0).is_none());
    }
}
