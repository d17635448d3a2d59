//! Controls drawn over the map: zoom in, zoom out, fit the corridor.

use super::Action;
use egui::{Rect, Ui, vec2};

/// "+", "−" and "Fit" buttons in the top-right corner of the map.
pub fn zoom_buttons(ui: &mut Ui, map: Rect) -> Option<Action> {
    let mut out = None;
    let area = Rect::from_min_size(map.right_top() + vec2(-44.0, 10.0), vec2(36.0, 100.0));
    ui.scope_builder(egui::UiBuilder::new().max_rect(area), |ui| {
        ui.spacing_mut().item_spacing.y = 4.0;
        for (text, hover, action) in [
            ("+", "Zoom in", Action::ZoomIn),
            ("−", "Zoom out", Action::ZoomOut),
            ("Fit", "Fit the whole corridor", Action::FitCorridor),
        ] {
            if ui
                .add_sized(vec2(36.0, 26.0), egui::Button::new(text))
                .on_hover_text(hover)
                .clicked()
            {
                out = Some(action);
            }
        }
    });
    out
}
