//! Corridor figures: the corridor-wide indicators (transit volumes, targets…) as year series,
//! each value with its source on hover; targets in a paler colour than actuals.

use crate::model::{Figure, Indicators, Source, unit_of};
use egui::{Color32, RichText, Sense, Ui, vec2};

/// Corridor-wide figures as small bar series.
pub fn indicators_panel(ui: &mut Ui, ind: &Indicators) {
    for i in &ind.indicators {
        ui.label(RichText::new(&i.label).strong());
        let max = i
            .series
            .iter()
            .filter_map(Figure::number)
            .fold(0.0f64, f64::max);
        for p in &i.series {
            ui.horizontal(|ui| {
                let year = p.year.map(|y| y.to_string()).unwrap_or_default();
                ui.label(RichText::new(format!("{year:>4}")).monospace());
                if let Some(v) = p.number()
                    && max > 0.0
                    && i.series.len() > 1
                {
                    let w = (v / max) as f32 * 90.0;
                    let (rect, _) = ui.allocate_exact_size(vec2(92.0, 12.0), Sense::hover());
                    let colour = if p.qualifier.as_deref() == Some("target") {
                        Color32::from_rgb(0x9E, 0xC5, 0xE8)
                    } else {
                        Color32::from_rgb(0x15, 0x5F, 0xB8)
                    };
                    ui.painter().rect_filled(
                        egui::Rect::from_min_size(rect.min, vec2(w.max(1.0), 12.0)),
                        2.0,
                        colour,
                    );
                }
                let mut t = p.value_text();
                if !i.unit.is_empty() && unit_of(&p.property).is_none() {
                    t = format!("{t} {}", i.unit);
                }
                if let Some(q) = &p.qualifier {
                    t = format!("{t} ({})", q.replace('_', " "));
                }
                let src = p
                    .source
                    .as_ref()
                    .and_then(|s| ind.source(s))
                    .map(Source::citation)
                    .unwrap_or_else(|| "no source".into());
                let mut hover = format!("Source: {src}");
                if let Some(n) = &p.note {
                    hover = format!("{n}\n{hover}");
                }
                ui.label(t).on_hover_text(hover);
            });
        }
        ui.add_space(4.0);
    }
}
