//! Web Mercator viewport maths: what part of the world is on screen where.
//!
//! Everything is projected once into normalised Web Mercator units (0..1, the same projection
//! as walkers' tiles); a frame only scales and offsets the visible part.

use egui::{Pos2, Rect, pos2};
use rstar::AABB;
use std::f64::consts::PI;

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

    /// A lon/lat line on the screen.
    pub fn line_to_screen(&self, line: &[(f64, f64)]) -> Vec<Pos2> {
        line.iter()
            .map(|(lon, lat)| self.lonlat_to_screen(*lon, *lat))
            .collect()
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

/// Point walkers' map memory at `center` (normalised Mercator) and `zoom`.
pub fn look_at(memory: &mut walkers::MapMemory, center: [f64; 2], zoom: f64) {
    let (lon, lat) = to_lonlat(center);
    memory.center_at(walkers::lon_lat(lon, lat));
    let _ = memory.set_zoom(zoom);
}

/// The extent of the Middle Corridor the app opens on (W, S, E, N).
pub const CORRIDOR_BBOX: [f64; 4] = [27.0, 33.0, 121.0, 52.5];

#[cfg(test)]
mod tests {
    use super::*;
    use egui::vec2;

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
}
