//! The measure tool: click points on the map, read each leg's geodesic length and the total;
//! Esc (or the button) ends it. Drawn over the map in the window only.

use super::Action;
use crate::analysis::{Measurement, along};
use crate::map::Viewport;
use crate::model::format_number;
use egui::{Align2, Color32, FontId, Key, RichText, Stroke, Ui};

const INK: Color32 = Color32::from_rgb(0xC0, 0x1C, 0x28);

/// "1,234.5 km".
pub fn km_text(km: f64) -> String {
    let rounded = if km < 100.0 {
        (km * 10.0).round() / 10.0
    } else {
        km.round()
    };
    format!("{} km", format_number(rounded, false))
}

/// The legs drawn on the map (a leg to the pointer while measuring), each labelled, and a
/// panel with the total.
pub fn measure_overlay(
    ui: &mut Ui,
    vp: &Viewport,
    m: &Measurement,
    pointer: Option<(f64, f64)>,
) -> Vec<Action> {
    let mut out = Vec::new();
    let painter = ui.painter().with_clip_rect(vp.rect);
    let mut points = m.points.clone();
    if let Some(p) = pointer.filter(|_| !points.is_empty()) {
        points.push(p);
    }
    let legs = Measurement {
        points: points.clone(),
    }
    .legs_km();
    for (w, km) in points.windows(2).zip(&legs) {
        let line: Vec<egui::Pos2> = along(w[0], w[1], 20.0)
            .into_iter()
            .map(|(x, y)| vp.lonlat_to_screen(x, y))
            .collect();
        painter.add(egui::Shape::line(line.clone(), Stroke::new(2.0, INK)));
        if let Some(mid) = line.get(line.len() / 2) {
            let text = painter.layout_no_wrap(km_text(*km), FontId::proportional(12.0), INK);
            let rect = Align2::CENTER_BOTTOM.anchor_size(*mid - egui::vec2(0.0, 4.0), text.size());
            painter.rect_filled(rect.expand(2.0), 3.0, Color32::from_white_alpha(220));
            painter.galley(rect.min, text, INK);
        }
    }
    for p in &m.points {
        painter.circle(
            vp.lonlat_to_screen(p.0, p.1),
            4.0,
            Color32::WHITE,
            Stroke::new(2.0, INK),
        );
    }
    egui::Area::new(egui::Id::unique("measure panel"))
        .order(egui::Order::Foreground)
        // Above the scale bar.
        .fixed_pos(egui::pos2(vp.rect.left() + 14.0, vp.rect.bottom() - 160.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(RichText::new("Measure").strong());
                let done = m.legs_km();
                let total = done.iter().sum::<f64>();
                match done.len() {
                    0 => ui.label("Click on the map to start"),
                    n => ui.label(format!(
                        "Total: {} ({n} leg{})",
                        km_text(total),
                        if n == 1 { "" } else { "s" }
                    )),
                };
                ui.label(RichText::new("Geodesic, WGS 84").small().weak());
                if ui.button("End measuring (Esc)").clicked() {
                    out.push(Action::EndMeasure);
                }
            });
        });
    if ui.input(|i| i.key_pressed(Key::Escape)) {
        out.push(Action::EndMeasure);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_read_as_planners_write_them() {
        assert_eq!(km_text(5585.234), "5,585 km");
        assert_eq!(km_text(12.34), "12.3 km");
        assert_eq!(km_text(0.0), "0 km");
    }
}
