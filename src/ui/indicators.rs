//! Corridor figures: the corridor-wide indicators (transit volumes, targets…) as year series,
//! each value with its source on hover; targets in a paler colour than actuals.

use crate::model::timeline::is_for_year;
use crate::model::{Figure, Indicators, Source, period_label, unit_of};
use egui::{Color32, RichText, Sense, Ui, vec2};

/// Corridor-wide figures as small bar series; with a `year`, only that year's values.
pub fn indicators_panel(ui: &mut Ui, ind: &Indicators, year: Option<i32>) {
    for i in &ind.indicators {
        ui.label(RichText::new(&i.label).strong());
        let series: Vec<&Figure> = i
            .series
            .iter()
            .filter(|p| year.is_none_or(|y| is_for_year(p, y)))
            .collect();
        if let Some(y) = year
            && series.is_empty()
        {
            ui.label(RichText::new(format!("no figure for {y}")).weak());
        }
        let max = i
            .series
            .iter()
            .filter_map(Figure::number)
            .fold(0.0f64, f64::max);
        for p in series {
            ui.horizontal(|ui| {
                // A part year reads as its months, an undated figure as its source's date, so
                // that Jan–Oct 2025 never looks like the whole of 2025.
                let when = match (&p.period, p.year, &p.as_of) {
                    (Some(period), _, _) => period_label(period),
                    (None, Some(y), _) => y.to_string(),
                    (None, None, Some(d)) => format!("as of {d}"),
                    (None, None, None) => String::new(),
                };
                ui.label(RichText::new(format!("{when:>4}")).monospace());
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
                    let bar = egui::Rect::from_min_size(rect.min, vec2(w.max(1.0), 12.0));
                    if p.period.is_some() {
                        // Part of a year: an outline, so it does not read as a whole year.
                        ui.painter().rect_stroke(
                            bar,
                            2.0,
                            egui::Stroke::new(1.5, colour),
                            egui::StrokeKind::Inside,
                        );
                    } else {
                        ui.painter().rect_filled(bar, 2.0, colour);
                    }
                }
                let mut t = p.value_text();
                if !i.unit.is_empty() && unit_of(&p.property).is_none() {
                    t = format!("{t} {}", i.unit);
                }
                if let Some(q) = &p.qualifier {
                    t = format!("{t} ({})", q.replace('_', " "));
                }
                if p.computed {
                    t = format!("{t} (computed)");
                }
                let src = p
                    .source
                    .as_ref()
                    .and_then(|s| ind.source(s))
                    .map(Source::citation)
                    .unwrap_or_else(|| "no source".into());
                let mut hover = if p.computed {
                    format!("Computed from: {src}")
                } else {
                    format!("Source: {src}")
                };
                if let Some(n) = &p.note {
                    hover = format!("{n}\n{hover}");
                }
                if let Some(c) = &p.conflict {
                    hover = format!("{hover}\nConflicting: {c}");
                }
                ui.label(t).on_hover_text(hover);
            });
        }
        ui.add_space(4.0);
    }
}
