//! The legend panel: every symbol the visible layers draw, with the same entries and
//! swatches as a briefing's legend, and the basemap's land and water.

use crate::map::BasemapLayers;
use crate::model::Legend;
use crate::style;
use egui::{RichText, Sense, Ui, vec2};

/// A 34 × 18 point cell for a swatch, left of its label.
fn swatch(ui: &mut Ui, paint: impl FnOnce(&egui::Painter, egui::Pos2)) {
    let (rect, _) = ui.allocate_exact_size(vec2(34.0, 18.0), Sense::hover());
    paint(ui.painter(), rect.center());
}

/// What the map shows: point kinds, line modes and statuses, width by capacity, the basemap.
pub fn legend_panel(ui: &mut Ui, legend: &Legend, basemap: BasemapLayers) {
    ui.heading("Legend");
    for e in legend.entries() {
        ui.horizontal(|ui| {
            swatch(ui, |p, c| style::paint_swatch(p, c, e, 1.0));
            ui.label(e.label());
        });
    }
    if legend.has_lines() {
        ui.label(
            RichText::new("Line width grows with capacity (Mt/yr)")
                .small()
                .weak(),
        );
    }
    ui.horizontal(|ui| {
        swatch(ui, |p, c| {
            p.rect_filled(
                egui::Rect::from_center_size(c, vec2(30.0, 14.0)),
                2.0,
                style::WATER,
            );
            p.rect_filled(
                egui::Rect::from_min_size(c - vec2(15.0, 7.0), vec2(14.0, 14.0)),
                0.0,
                style::LAND,
            );
        });
        ui.label("Land / water (Natural Earth)");
    });
    if basemap.rivers {
        ui.horizontal(|ui| {
            swatch(ui, |p, c| {
                let pts = [
                    c - vec2(14.0, 3.0),
                    c + vec2(-4.0, 3.0),
                    c + vec2(14.0, -2.0),
                ];
                p.line(pts.to_vec(), egui::Stroke::new(1.5, style::RIVER));
            });
            ui.label("River");
        });
    }
    if basemap.places {
        ui.horizontal(|ui| {
            swatch(ui, |p, c| {
                p.circle_filled(c, 2.5, style::PLACE);
            });
            ui.label("Town (GeoNames)")
                .on_hover_text("More towns are named as you zoom in");
        });
    }
}
