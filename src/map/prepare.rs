//! Prepared geometry: features projected once into Web Mercator units, polygons triangulated,
//! and an R-tree over feature extents for culling and picking.

use super::viewport::{Viewport, to_unit};
use crate::model::{Feature, Legend};
use egui::Color32;
use geo::{Coord, Geometry, LineString, MapCoords, Polygon, TriangulateEarcut};
use rstar::{AABB, RTree, primitives::GeomWithData, primitives::Rectangle};

/// A polygon ready to draw: projected vertices, triangles, outline rings.
#[derive(Debug, Clone, Default)]
pub struct PreparedPolygon {
    pub verts: Vec<[f64; 2]>,
    pub tris: Vec<u32>,
    pub rings: Vec<Vec<[f64; 2]>>,
    pub bbox: [f64; 4],
}

/// The bounding box (min x, min y, max x, max y) of points.
pub fn unit_bbox(points: impl Iterator<Item = [f64; 2]>) -> [f64; 4] {
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
        // Projected first, then triangulated: the map draws straight edges in Mercator, and a
        // triangulation made in lon/lat can reach outside the outline once projected.
        let projected = p.map_coords(|c| {
            let [x, y] = to_unit(c.x, c.y);
            Coord { x, y }
        });
        let raw = projected.earcut_triangles_raw();
        let tris = raw.triangle_indices.iter().map(|&i| i as u32).collect();
        let mut rings = vec![line_units(projected.exterior())];
        rings.extend(projected.interiors().iter().map(line_units));
        let bbox = unit_bbox(rings[0].iter().copied());
        Self {
            verts: raw.vertices,
            tris,
            rings,
            bbox,
        }
    }

    /// Does the polygon's box meet `b`?
    pub fn visible_in(&self, b: &AABB<[f64; 2]>) -> bool {
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

/// The points of an already projected line.
fn line_units(ls: &LineString<f64>) -> Vec<[f64; 2]> {
    ls.coords().map(|c| [c.x, c.y]).collect()
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

/// A feature's extent in the R-tree, with its index.
type Indexed = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// A layer ready to draw and pick: projected geometry and an R-tree over feature extents.
pub struct PreparedLayer {
    pub geometry: Vec<Vec<PreparedGeometry>>,
    /// Each feature's vertex count: what a frame of it costs to draw.
    pub vertices: Vec<u32>,
    pub tree: RTree<Indexed>,
    /// What the legend lists for this layer.
    pub legend: Legend,
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
            legend: Legend::of(features),
        }
    }

    /// Features whose extent meets the box.
    pub fn in_box(&self, b: &AABB<[f64; 2]>) -> impl Iterator<Item = usize> + '_ {
        self.tree.locate_in_envelope_intersecting(b).map(|e| e.data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shoelace(ring: &[[f64; 2]]) -> f64 {
        ring.windows(2)
            .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
            .sum::<f64>()
            .abs()
            / 2.0
    }

    #[test]
    fn a_polygon_is_triangulated_as_the_map_draws_it() {
        // A thin arrowhead across 56° of latitude: in lon/lat its triangles join A to C, but
        // on the map (Mercator) the edge A–C passes outside it, and they would overlap.
        let p = Polygon::new(
            LineString::from(vec![
                (53.0, 20.0),
                (46.5, 52.0),
                (41.0, 76.0),
                (45.0, 51.0),
                (53.0, 20.0),
            ]),
            vec![],
        );
        let prepared = PreparedPolygon::new(&p);
        assert_eq!(prepared.tris.len(), 6);
        let tri_area: f64 = prepared
            .tris
            .chunks(3)
            .map(|t| {
                let [a, b, c] = [0, 1, 2].map(|k| prepared.verts[t[k] as usize]);
                ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
            })
            .sum();
        let outline = shoelace(&prepared.rings[0]);
        assert!(
            (tri_area / outline - 1.0).abs() < 1e-9,
            "the triangles cover {:.3}× the polygon",
            tri_area / outline
        );
    }
}
