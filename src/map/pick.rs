//! Picking: the feature under the pointer, within a tolerance in screen points — points
//! before lines before areas, as a planner expects from a click on a crowded map.

use super::layers::MapData;
use super::prepare::PreparedGeometry;
use super::viewport::Viewport;
use crate::model::FeatureRef;
use egui::Pos2;
use rstar::AABB;

/// Tolerance for picking, in points.
pub const PICK_TOLERANCE: f32 = 8.0;

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
pub fn pick(vp: &Viewport, data: &MapData, pos: Pos2, tolerance: f32) -> Option<FeatureRef> {
    pick_scored(vp, data, pos, tolerance, false)
        .into_iter()
        .next()
}

/// Every feature under `pos` within `tolerance`, best first (like QGIS's identify tool).
pub fn pick_all(vp: &Viewport, data: &MapData, pos: Pos2, tolerance: f32) -> Vec<FeatureRef> {
    pick_scored(vp, data, pos, tolerance, true)
}

fn pick_scored(
    vp: &Viewport,
    data: &MapData,
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
    for (li, m) in data.layers.iter().enumerate().rev() {
        if !m.visible {
            continue;
        }
        let prep = &m.prepared;
        for fi in prep.in_box(&query).filter(|i| m.shows(*i)) {
            let mut score: Option<(u8, f32)> = None;
            for part in prep.geometry.get(fi).into_iter().flatten() {
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
                // On a tie, the feature drawn last (on top) wins: the later layer, the later
                // feature.
                let on_top = |b: &((u8, f32), FeatureRef)| {
                    s < b.0 || (s == b.0 && (r.layer, r.feature) > (b.1.layer, b.1.feature))
                };
                if all {
                    hits.push((s, r));
                } else if best.as_ref().is_none_or(on_top) {
                    best = Some((s, r));
                }
            }
        }
    }
    if !all {
        return best.map(|(_, r)| r).into_iter().collect();
    }
    hits.sort_by(|a, b| {
        (a.0.0.cmp(&b.0.0))
            .then(a.0.1.total_cmp(&b.0.1))
            .then((b.1.layer, b.1.feature).cmp(&(a.1.layer, a.1.feature)))
    });
    hits.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Rect, pos2, vec2};

    #[test]
    fn picking_prefers_the_point_over_the_line_under_it() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","id":"line","geometry":{"type":"LineString","coordinates":[[50,40],[52,45]]},"properties":{}},
          {"type":"Feature","id":"pt","geometry":{"type":"Point","coordinates":[51,42.5]},"properties":{}}]}"#;
        let layer = crate::load::parse_layer(text, "t", crate::model::Origin::Embedded("t".into()))
            .expect("loads");
        let data = MapData::from_layers([layer]);
        let v = Viewport::new(
            Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0)),
            51.0,
            42.5,
            6.0,
        );
        let at = v.lonlat_to_screen(51.0, 42.5);
        let hit = pick(&v, &data, at + vec2(3.0, 0.0), 8.0).expect("hit");
        assert_eq!(data.get(hit).map(|f| f.id.as_str()), Some("pt"));
        // Far from the point but on the line.
        let on_line = v.lonlat_to_screen(50.5, 41.25);
        let hit = pick(&v, &data, on_line + vec2(0.0, 2.0), 8.0).expect("hit");
        assert_eq!(data.get(hit).map(|f| f.id.as_str()), Some("line"));
        // Empty water.
        assert!(pick(&v, &data, pos2(5.0, 5.0), 8.0).is_none());
        // Two points on the same spot: the one drawn last (on top) is picked first.
        let twins = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","id":"under","geometry":{"type":"Point","coordinates":[51,42.5]},"properties":{}},
          {"type":"Feature","id":"over","geometry":{"type":"Point","coordinates":[51,42.5]},"properties":{}}]}"#;
        let layer =
            crate::load::parse_layer(twins, "t", crate::model::Origin::Embedded("t".into()))
                .expect("loads");
        let data = MapData::from_layers([layer]);
        let hit = pick(&v, &data, at, 8.0).expect("hit");
        assert_eq!(data.get(hit).map(|f| f.id.as_str()), Some("over"));
        let all: Vec<&str> = pick_all(&v, &data, at, 8.0)
            .into_iter()
            .filter_map(|r| data.get(r).map(|f| f.id.as_str()))
            .collect();
        assert_eq!(all, ["over", "under"]);
    }
}
