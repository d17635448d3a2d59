//! Shapes built for one view and drawn again in the next: built with a margin of half a view
//! on every side, they are moved (panning) or scaled (wheel zooming, until the zoom rests)
//! instead of being built again.

use super::viewport::Viewport;
use egui::{Rect, Vec2, vec2};

/// While the wheel turns, the last build is shown scaled; once the zoom has rested this
/// long (in egui's input time), it is built anew.
pub const ZOOM_REST_S: f64 = 0.15;

/// The rectangle shapes are built for: the view and half a view on every side.
pub fn with_margin(rect: Rect) -> Rect {
    rect.expand2(rect.size() * 0.5)
}

/// The view a set of shapes was built for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Built {
    pub rect: Rect,
    pub center: [f64; 2],
    pub zoom: f64,
    /// The area the shapes cover: the view (and a few points for symbols on its edge) and,
    /// where it can move (the window), half a view on every side.
    pub covers: Rect,
}

impl Built {
    /// Shapes for `vp`, with a margin to pan into when the view `moves`.
    pub fn of(vp: &Viewport, moves: bool) -> Self {
        Self {
            rect: vp.rect,
            center: vp.center,
            zoom: vp.zoom,
            covers: if moves {
                with_margin(vp.rect)
            } else {
                vp.rect.expand(20.0)
            },
        }
    }

    /// How the built shapes' points map to `vp`'s: `p * k + t`; `None` when the margin they
    /// were built with no longer covers the view.
    pub fn placement(&self, vp: &Viewport) -> Option<(f32, Vec2)> {
        // A point at unit position u was drawn at c0 + (u - C0) s0 and belongs at
        // c1 + (u - C1) s1 = k (c0 + (u - C0) s0) + c1 - k c0 + (C0 - C1) s1.
        let s = vp.scale();
        let k = 2f64.powf(vp.zoom - self.zoom);
        let (c0, c1) = (self.rect.center(), vp.rect.center());
        let t = vec2(
            (c1.x as f64 - k * c0.x as f64 + (self.center[0] - vp.center[0]) * s) as f32,
            (c1.y as f64 - k * c0.y as f64 + (self.center[1] - vp.center[1]) * s) as f32,
        );
        let (a, b) = (
            self.covers.min.to_vec2() * k as f32 + t,
            self.covers.max.to_vec2() * k as f32 + t,
        );
        let covered = a.x <= vp.rect.min.x
            && a.y <= vp.rect.min.y
            && b.x >= vp.rect.max.x
            && b.y >= vp.rect.max.y;
        covered.then_some((k as f32, t))
    }
}

/// When the view first showed its zoom level, in egui's input time (seconds).
#[derive(Debug, Default, Clone, Copy)]
pub struct ZoomClock {
    seen: Option<(f64, f64)>,
}

impl ZoomClock {
    /// Seconds the view has been at `zoom`, as of `now`.
    pub fn resting(&mut self, zoom: f64, now: f64) -> f64 {
        match self.seen {
            Some((z, since)) if z == zoom => now - since,
            _ => {
                self.seen = Some((zoom, now));
                0.0
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Pos2, pos2};

    #[test]
    fn a_small_pan_reuses_a_build_and_a_long_one_does_not() {
        let rect = Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0));
        let vp0 = Viewport::new(rect, 60.0, 41.0, 5.0);
        let built = Built::of(&vp0, true);
        let mut vp1 = vp0;
        vp1.center[0] += 100.0 / vp1.scale();
        let (k, t) = built.placement(&vp1).expect("covered");
        assert_eq!(k, 1.0);
        assert!((t - vec2(-100.0, 0.0)).length() < 1e-3, "{t:?}");
        // A point keeps its place on the map.
        let p = vp0.lonlat_to_screen(61.0, 42.0);
        let q = vp1.lonlat_to_screen(61.0, 42.0);
        assert!(((p.to_vec2() * k + t) - q.to_vec2()).length() < 1e-3);
        vp1.center[0] += 500.0 / vp1.scale();
        assert!(built.placement(&vp1).is_none());
        // Zooming in by one level doubles the build, around the centre.
        let mut vp2 = vp0;
        vp2.set_zoom(6.0);
        let (k, _) = built.placement(&vp2).expect("covered");
        assert_eq!(k, 2.0);
        // A panel opened on the left: the map moved right, and what is drawn with it.
        let moved = Viewport::new(
            Rect::from_min_size(pos2(250.0, 0.0), vec2(550.0, 600.0)),
            60.0,
            41.0,
            5.0,
        );
        let (_, t) = built.placement(&moved).expect("covered");
        let p = vp0.lonlat_to_screen(61.0, 42.0);
        assert!(((p.to_vec2() + t) - moved.lonlat_to_screen(61.0, 42.0).to_vec2()).length() < 1e-3);
    }

    #[test]
    fn the_zoom_clock_counts_from_the_first_frame_at_a_level() {
        let mut c = ZoomClock::default();
        assert_eq!(c.resting(5.0, 10.0), 0.0);
        assert_eq!(c.resting(5.0, 10.5), 0.5);
        assert_eq!(c.resting(5.1, 10.6), 0.0);
        assert!((c.resting(5.1, 10.7) - 0.1).abs() < 1e-9);
    }
}
