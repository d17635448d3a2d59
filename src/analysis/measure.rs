//! Measuring on the map: geodesic distances on the WGS 84 ellipsoid (Karney's algorithm, via
//! `geo::Geodesic`) between the points a planner clicks, per leg and in total.

use geo::{Densify, Distance, Geodesic, LineString, Point};

/// Points clicked in order, lon/lat.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measurement {
    pub points: Vec<(f64, f64)>,
}

impl Measurement {
    /// The length of each leg, in km.
    pub fn legs_km(&self) -> Vec<f64> {
        self.points
            .windows(2)
            .map(|w| {
                let (a, b) = (Point::new(w[0].0, w[0].1), Point::new(w[1].0, w[1].1));
                Geodesic.distance(a, b) / 1000.0
            })
            .collect()
    }

    /// The whole length, in km.
    pub fn total_km(&self) -> f64 {
        self.legs_km().iter().sum()
    }
}

/// The geodesic from `a` to `b` as points at most `step_km` apart (for drawing it: on a
/// Mercator map a long geodesic is a curve).
pub fn along(a: (f64, f64), b: (f64, f64), step_km: f64) -> Vec<(f64, f64)> {
    let line = LineString::from(vec![a, b]);
    Geodesic
        .densify(&line, step_km * 1000.0)
        .points()
        .map(|p| (p.x(), p.y()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_match_the_published_geodesic_ones() {
        // New York City → London: 5,585,234 m (the example in geo's `Geodesic` documentation,
        // computed with Karney's algorithm as GeographicLib does).
        let m = Measurement {
            points: vec![(-74.006, 40.7128), (-0.1278, 51.5074)],
        };
        assert!((m.total_km() - 5585.234).abs() < 0.001, "{}", m.total_km());
        // A quarter of the equator: 10,018,754.171 m (a = 6,378,137 m, so π a / 2).
        let q = Measurement {
            points: vec![(0.0, 0.0), (90.0, 0.0)],
        };
        assert!(
            (q.total_km() - 10_018.754).abs() < 0.001,
            "{}",
            q.total_km()
        );
        // Legs add up; one point measures nothing.
        let three = Measurement {
            points: vec![(0.0, 0.0), (45.0, 0.0), (90.0, 0.0)],
        };
        let legs = three.legs_km();
        assert_eq!(legs.len(), 2);
        assert!((legs[0] - legs[1]).abs() < 1e-6 && (three.total_km() - q.total_km()).abs() < 1e-6);
        assert_eq!(
            Measurement {
                points: vec![(1.0, 1.0)]
            }
            .total_km(),
            0.0
        );
    }

    #[test]
    fn a_long_leg_is_drawn_along_its_geodesic() {
        let pts = along((-74.006, 40.7128), (-0.1278, 51.5074), 100.0);
        assert!(pts.len() >= 56, "{}", pts.len());
        // The great circle from New York to London bows north of both ends.
        let north = pts.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        assert!(north > 51.6, "{north}");
    }
}
