//! What a planner reads a map by besides countries: the world's land beyond the crop (1:110m),
//! lakes, rivers and populated places labelled by rank. Each can be switched off.

use super::labels::Taken;
use super::prepare::{PreparedPolygon, unit_bbox};
use super::viewport::{Viewport, to_unit};
use crate::load::embedded;
use crate::model::Origin;
use crate::style;
use egui::{Align2, FontId, Painter, Rect, Shape, vec2};
use geo::Geometry;

/// Which basemap layers are drawn (the Layers panel; saved with the view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BasemapLayers {
    pub lakes: bool,
    pub rivers: bool,
    pub places: bool,
}

impl Default for BasemapLayers {
    fn default() -> Self {
        Self {
            lakes: true,
            rivers: true,
            places: true,
        }
    }
}

impl BasemapLayers {
    /// The layers, with the names they are saved and asked for by.
    pub const NAMES: [&str; 3] = ["lakes", "rivers", "places"];

    /// All on but the `hidden` ones (unknown names are ignored).
    pub fn hiding(hidden: &[String]) -> Self {
        let off = |n: &str| hidden.iter().any(|h| h == n);
        Self {
            lakes: !off("lakes"),
            rivers: !off("rivers"),
            places: !off("places"),
        }
    }

    /// The names of the layers switched off.
    pub fn hidden(&self) -> Vec<String> {
        [self.lakes, self.rivers, self.places]
            .iter()
            .zip(Self::NAMES)
            .filter(|(on, _)| !**on)
            .map(|(_, n)| n.to_string())
            .collect()
    }
}

/// A populated place.
#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    /// 1 (5 million people or more) to 7 (15,000 or more).
    pub rank: u8,
    pub at: [f64; 2],
}

/// A river, projected.
#[derive(Debug, Clone)]
pub struct River {
    pub line: Vec<[f64; 2]>,
    pub bbox: [f64; 4],
}

/// The physical and place layers, projected once.
#[derive(Debug, Clone, Default)]
pub struct Physical {
    pub world: Vec<PreparedPolygon>,
    pub lakes: Vec<PreparedPolygon>,
    pub rivers: Vec<River>,
    /// Largest first.
    pub places: Vec<Place>,
}

fn features(text: &str, name: &str) -> Vec<crate::model::Feature> {
    match crate::load::parse_layer(text, name, Origin::Embedded(name.to_string())) {
        Ok(layer) => layer.features,
        Err(e) => {
            log::error!("built-in basemap: {e}");
            Vec::new()
        }
    }
}

fn polygons(text: &str, name: &str) -> Vec<PreparedPolygon> {
    let mut out = Vec::new();
    for f in features(text, name) {
        match &f.geometry {
            Geometry::Polygon(p) => out.push(PreparedPolygon::new(p)),
            Geometry::MultiPolygon(mp) => out.extend(mp.0.iter().map(PreparedPolygon::new)),
            _ => {}
        }
    }
    out
}

impl Physical {
    /// The built-in layers (`geodata/basemap/`).
    pub fn embedded() -> Self {
        let rivers = features(embedded::RIVERS, "geodata/basemap/rivers.geojson")
            .iter()
            .flat_map(|f| match &f.geometry {
                Geometry::LineString(l) => vec![l.clone()],
                Geometry::MultiLineString(m) => m.0.clone(),
                _ => Vec::new(),
            })
            .map(|l| {
                let line: Vec<[f64; 2]> = l.coords().map(|c| to_unit(c.x, c.y)).collect();
                let bbox = unit_bbox(line.iter().copied());
                River { line, bbox }
            })
            .collect();
        let mut places: Vec<Place> = features(embedded::PLACES, "geodata/basemap/places.geojson")
            .iter()
            .filter_map(|f| {
                let Geometry::Point(p) = &f.geometry else {
                    return None;
                };
                let rank = f.properties().get("rank")?.as_u64()?.clamp(1, 9) as u8;
                Some(Place {
                    name: f.name.clone(),
                    rank,
                    at: to_unit(p.x(), p.y()),
                })
            })
            .collect();
        places.sort_by_key(|p| p.rank);
        Self {
            world: polygons(embedded::WORLD_110M, "geodata/basemap/world-110m.geojson"),
            lakes: polygons(embedded::LAKES, "geodata/basemap/lakes.geojson"),
            rivers,
            places,
        }
    }
}

/// The largest rank of place named at `zoom`: the biggest cities at the corridor's extent,
/// towns of 15,000 when zoomed in to a region.
pub fn max_rank(zoom: f64) -> u8 {
    match zoom {
        z if z < 4.0 => 1,
        z if z < 5.0 => 2,
        z if z < 5.75 => 3,
        z if z < 6.25 => 4,
        z if z < 6.75 => 5,
        z if z < 7.5 => 6,
        _ => 7,
    }
}

/// The places of rank up to [`max_rank`] in view, each a dot and a name clear of `taken` (the
/// furniture, the country names, the corridor's symbols and labels) and of each other.
pub fn place_shapes(
    painter: &Painter,
    vp: &Viewport,
    physical: &Physical,
    reserved: &[Rect],
) -> Vec<Shape> {
    let mut taken = Taken::new(reserved);
    let mut out = Vec::new();
    let top = max_rank(vp.zoom);
    let inner = vp.rect.shrink(4.0);
    for p in physical.places.iter().take_while(|p| p.rank <= top) {
        let at = vp.to_screen(p.at);
        if !inner.contains(at) {
            continue;
        }
        let dot = Rect::from_center_size(at, vec2(5.0, 5.0));
        if taken.hits(dot, None) {
            continue;
        }
        let size = if p.rank <= 2 { 12.0 } else { 10.5 };
        let galley =
            painter.layout_no_wrap(p.name.clone(), FontId::proportional(size), style::PLACE);
        let sz = galley.size();
        let free = [
            Align2::LEFT_CENTER.anchor_size(at + vec2(5.0, 0.0), sz),
            Align2::RIGHT_CENTER.anchor_size(at - vec2(5.0, 0.0), sz),
            Align2::CENTER_BOTTOM.anchor_size(at - vec2(0.0, 4.0), sz),
        ]
        .into_iter()
        .find(|r| vp.rect.contains_rect(*r) && !taken.hits(*r, None));
        let Some(rect) = free else { continue };
        out.push(Shape::circle_filled(at, 2.2, style::PLACE));
        out.push(Shape::galley(rect.min, galley, style::PLACE));
        taken.insert(dot);
        taken.insert(rect);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::to_lonlat;
    use geo::{Distance, Haversine, Point};

    /// Kilometres from a town to the nearest river vertex drawn.
    fn km_to_river(physical: &Physical, lon: f64, lat: f64) -> f64 {
        physical
            .rivers
            .iter()
            .flat_map(|r| &r.line)
            .map(|u| {
                let (x, y) = to_lonlat(*u);
                Haversine.distance(Point::new(lon, lat), Point::new(x, y)) / 1000.0
            })
            .fold(f64::INFINITY, f64::min)
    }

    #[test]
    fn the_corridor_rivers_lakes_and_cities_are_on_the_basemap() {
        let p = Physical::embedded();
        // Towns on the banks (GeoNames coordinates), one per river.
        for (river, town, lon, lat) in [
            ("Syr Darya", "Kyzylorda", 65.5092, 44.8528),
            ("Amu Darya", "Türkmenabat", 63.5786, 39.0733),
            ("Ili", "Bakanas", 76.2746, 44.806),
            ("Irtysh", "Semey", 80.2275, 50.4111),
            ("Ural", "Atyrau", 51.9238, 47.1167),
            ("Kura", "Sabirabad", 48.477, 40.0087),
        ] {
            let km = km_to_river(&p, lon, lat);
            // (1:50m rivers have a vertex every few km.)
            assert!(
                km < 12.0,
                "{river}: nearest river vertex {km:.1} km from {town}"
            );
        }
        for (lake, lon, lat) in [("Balkhash", 76.0, 46.6), ("Issyk-Kul", 77.3, 42.45)] {
            let u = to_unit(lon, lat);
            assert!(
                p.lakes.iter().any(|l| l.contains(u)),
                "{lake} is not a lake"
            );
        }
        let almaty = p
            .places
            .iter()
            .find(|c| c.name == "Almaty")
            .expect("Almaty");
        assert!(almaty.rank <= 2, "Almaty is rank {}", almaty.rank);
        assert!(
            p.world.len() > 100,
            "the 1:110m world has {} parts",
            p.world.len()
        );
    }

    #[test]
    fn more_places_are_named_the_closer_the_view() {
        let ranks: Vec<u8> = (2..12).map(|z| max_rank(z as f64)).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
        assert_eq!((ranks[0], ranks[9]), (1, 7));
    }

    #[test]
    fn switched_off_layers_are_saved_by_name() {
        let b = BasemapLayers {
            rivers: false,
            ..Default::default()
        };
        assert_eq!(b.hidden(), ["rivers"]);
        assert_eq!(BasemapLayers::hiding(&b.hidden()), b);
        assert_eq!(
            BasemapLayers::hiding(&["nonsense".into()]),
            BasemapLayers::default()
        );
    }
}
