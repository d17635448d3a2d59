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
