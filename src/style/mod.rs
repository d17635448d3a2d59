//! How features look: one place for colours, symbols and line styles, shared by the map, the
//! legend and the export.

pub mod fonts;

use crate::model::{Feature, Kind, LegendEntry, Mode, Status};
use egui::{Color32, Painter, Pos2, Shape, Stroke, pos2, vec2};

/// Basemap colours (an atlas look: pale land on soft blue water).
pub const WATER: Color32 = Color32::from_rgb(0xB9, 0xD3, 0xE8);
pub const LAND: Color32 = Color32::from_rgb(0xF3, 0xEF, 0xE4);
pub const BORDER: Color32 = Color32::from_rgb(0x9A, 0x8F, 0x84);
pub const COUNTRY_LABEL: Color32 = Color32::from_rgb(0x7A, 0x70, 0x66);
/// Rivers, a shade darker than the water so that a thin line reads.
pub const RIVER: Color32 = Color32::from_rgb(0x8F, 0xB6, 0xD8);
/// Populated places (dot and name), quieter than the corridor's own labels.
pub const PLACE: Color32 = Color32::from_rgb(0x55, 0x55, 0x55);
pub const HIGHLIGHT: Color32 = Color32::from_rgb(0xFF, 0xC8, 0x00);
pub const NEUTRAL: Color32 = Color32::from_rgb(0x6A, 0x4C, 0x93);

/// Shape of a point symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    Circle,
    Square,
    Diamond,
    Triangle,
    Star,
    Ring,
}

/// Point style of a kind: (fill colour, symbol, radius in points).
pub fn point_style(kind: &Kind) -> (Color32, Symbol, f32) {
    match kind {
        Kind::Port => (Color32::from_rgb(0x0B, 0x4F, 0x9C), Symbol::Square, 6.5),
        Kind::LogisticsHub => (Color32::from_rgb(0xD9, 0x5F, 0x02), Symbol::Diamond, 7.0),
        Kind::SpecialEconomicZone => (Color32::from_rgb(0x1B, 0x9E, 0x77), Symbol::Star, 7.5),
        Kind::IndustrialZone => (Color32::from_rgb(0x66, 0xA6, 0x1E), Symbol::Star, 6.5),
        Kind::BorderCrossing => (Color32::from_rgb(0xC0, 0x1C, 0x28), Symbol::Triangle, 6.5),
        Kind::RailStation => (Color32::from_rgb(0x44, 0x44, 0x44), Symbol::Ring, 4.5),
        Kind::Airport => (Color32::from_rgb(0x75, 0x70, 0xB3), Symbol::Circle, 6.0),
        Kind::City => (Color32::from_rgb(0x33, 0x33, 0x33), Symbol::Circle, 4.0),
        Kind::Section => (Color32::from_rgb(0x55, 0x55, 0x55), Symbol::Circle, 4.0),
        Kind::Other(_) => (NEUTRAL, Symbol::Circle, 4.5),
    }
}

/// Colour of a line by mode (neutral when unknown).
pub fn mode_colour(mode: Option<Mode>) -> Color32 {
    match mode {
        Some(Mode::Rail) => Color32::from_rgb(0x8E, 0x1B, 0x2E),
        Some(Mode::Road) => Color32::from_rgb(0xE0, 0x8A, 0x00),
        Some(Mode::Sea) => Color32::from_rgb(0x15, 0x5F, 0xB8),
        None => NEUTRAL,
    }
}

/// Line width in points: thicker with capacity (Mt/yr) where known.
pub fn line_width(feature: &Feature) -> f32 {
    match feature.capacity_mt_per_year {
        Some(c) if c > 0.0 => (1.8 + (c as f32).sqrt() * 0.7).min(6.5),
        _ => 2.2,
    }
}

/// Label priority: lower draws first and wins space.
pub fn label_priority(kind: &Kind) -> u8 {
    match kind {
        Kind::Port => 0,
        Kind::LogisticsHub => 1,
        Kind::SpecialEconomicZone => 2,
        Kind::BorderCrossing => 3,
        Kind::Airport => 4,
        Kind::IndustrialZone => 5,
        Kind::City => 6,
        Kind::RailStation => 7,
        _ => 8,
    }
}

/// The shapes of a point symbol centred at `c`.
pub fn symbol_shapes(c: Pos2, symbol: Symbol, fill: Color32, r: f32) -> Vec<Shape> {
    let outline = Stroke::new(1.3, Color32::WHITE);
    match symbol {
        Symbol::Circle => vec![
            Shape::circle_filled(c, r, fill),
            Shape::circle_stroke(c, r, outline),
        ],
        Symbol::Ring => vec![
            Shape::circle_filled(c, r, Color32::WHITE),
            Shape::circle_stroke(c, r, Stroke::new(2.0, fill)),
        ],
        Symbol::Square => {
            let rect = egui::Rect::from_center_size(c, vec2(r * 1.7, r * 1.7));
            vec![
                Shape::rect_filled(rect, 1.5, fill),
                Shape::rect_stroke(rect, 1.5, outline, egui::StrokeKind::Middle),
            ]
        }
        Symbol::Diamond => vec![Shape::convex_polygon(
            vec![
                c + vec2(0.0, -r * 1.2),
                c + vec2(r * 1.2, 0.0),
                c + vec2(0.0, r * 1.2),
                c + vec2(-r * 1.2, 0.0),
            ],
            fill,
            outline,
        )],
        Symbol::Triangle => vec![Shape::convex_polygon(
            vec![
                c + vec2(0.0, -r * 1.25),
                c + vec2(r * 1.15, r * 0.85),
                c + vec2(-r * 1.15, r * 0.85),
            ],
            fill,
            outline,
        )],
        Symbol::Star => {
            // A star is concave: a fan of triangles around the centre.
            let mut pts = Vec::with_capacity(10);
            for i in 0..10 {
                let a = std::f32::consts::PI * (i as f32) / 5.0 - std::f32::consts::FRAC_PI_2;
                let rr = if i % 2 == 0 { r * 1.35 } else { r * 0.6 };
                pts.push(c + vec2(a.cos() * rr, a.sin() * rr));
            }
            let mut mesh = egui::Mesh::default();
            mesh.colored_vertex(c, fill);
            for p in &pts {
                mesh.colored_vertex(*p, fill);
            }
            for i in 0..10u32 {
                mesh.add_triangle(0, 1 + i, 1 + (i + 1) % 10);
            }
            let mut closed = pts.clone();
            closed.push(pts[0]);
            vec![
                Shape::mesh(mesh),
                Shape::line(closed, Stroke::new(1.0, Color32::WHITE)),
            ]
        }
    }
}

/// A place's colour for its status: a planned one (or one not built yet in the timeline's
/// year) pale, as planned lines are dotted.
pub fn status_tint(colour: Color32, status: Option<Status>) -> Color32 {
    match status {
        Some(Status::Planned) => colour.gamma_multiply(0.4),
        _ => colour,
    }
}

/// A line over the map that must stand out (a route): a pale casing `casing` points wider,
/// then the line.
pub fn cased_line(pts: Vec<Pos2>, width: f32, casing: f32, colour: Color32) -> [Shape; 2] {
    [
        Shape::line(
            pts.clone(),
            egui::Stroke::new(width + casing, Color32::from_white_alpha(195)),
        ),
        Shape::line(pts, egui::Stroke::new(width, colour)),
    ]
}

/// The shapes of a styled polyline.
pub fn line_shapes(
    points: &[Pos2],
    colour: Color32,
    width: f32,
    status: Option<Status>,
) -> Vec<Shape> {
    if points.len() < 2 {
        return Vec::new();
    }
    match status {
        Some(Status::UnderConstruction) => {
            Shape::dashed_line(points, Stroke::new(width, colour), width * 4.0, width * 2.2)
        }
        Some(Status::Planned) => Shape::dotted_line(points, colour, width * 2.6, width * 0.65),
        _ => vec![Shape::line(points.to_vec(), Stroke::new(width, colour))],
    }
}

/// The symbol of a legend entry centred at `c`, `unit` times its size in the window: the
/// legend panel and a briefing's legend draw the same swatches.
pub fn paint_swatch(painter: &Painter, c: Pos2, entry: &LegendEntry, unit: f32) {
    let line = |colour: Color32, status: Option<Status>| {
        let half = 14.0 * unit;
        let pts = [pos2(c.x - half, c.y), pos2(c.x + half, c.y)];
        painter.extend(line_shapes(&pts, colour, 3.0 * unit, status));
    };
    match entry {
        LegendEntry::Kind(k) => {
            let (fill, symbol, r) = point_style(k);
            painter.extend(symbol_shapes(c, symbol, fill, r * unit));
        }
        LegendEntry::Mode(m) => line(mode_colour(Some(*m)), None),
        LegendEntry::Status(s) => line(Color32::from_gray(60), Some(*s)),
        LegendEntry::Other => painter.extend(symbol_shapes(c, Symbol::Circle, NEUTRAL, 4.5 * unit)),
    }
}
