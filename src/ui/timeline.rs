//! The timeline under the map, as QGIS's Temporal Controller: switch it on, pick a year on
//! the slider (or step, or play the years), and the map, the legend, the filters, the details
//! and the corridor figures show that year.

use super::Action;
use egui::{RichText, Ui};

/// What the timeline shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeline {
    /// The years the data speaks of; `None`: nothing is dated.
    pub range: Option<(i32, i32)>,
    /// The year shown; `None`: today's statuses.
    pub year: Option<i32>,
    /// The years are playing.
    pub playing: bool,
}

/// The timeline bar.
pub fn timeline_bar(ui: &mut Ui, t: &Timeline) -> Vec<Action> {
    let mut out = Vec::new();
    let Some((first, last)) = t.range else {
        ui.label(RichText::new("Timeline: no feature's status is dated").weak());
        return out;
    };
    ui.horizontal(|ui| {
        let mut on = t.year.is_some();
        if ui
            .checkbox(&mut on, "Timeline")
            .on_hover_text("Show the network as sources give it for a year")
            .changed()
        {
            out.push(Action::SetYear(on.then_some(first)));
        }
        let Some(year) = t.year else {
            ui.label(RichText::new(format!("{first}–{last}: off, statuses as today")).weak());
            return;
        };
        let play = if t.playing { "■ Pause" } else { "▶ Play" };
        if ui
            .button(play)
            .on_hover_text("Step through the years")
            .clicked()
        {
            out.push(Action::PlayYears(!t.playing));
        }
        if ui
            .add_enabled(year > first, egui::Button::new("◀ Year before"))
            .clicked()
        {
            out.push(Action::SetYear(Some(year - 1)));
        }
        let mut y = year;
        ui.spacing_mut().slider_width = (ui.available_width() - 420.0).clamp(120.0, 900.0);
        if ui
            .add(egui::Slider::new(&mut y, first..=last).text("Year"))
            .changed()
        {
            out.push(Action::SetYear(Some(y)));
        }
        if ui
            .add_enabled(year < last, egui::Button::new("Year after ▶"))
            .clicked()
        {
            out.push(Action::SetYear(Some(year + 1)));
        }
        ui.label(RichText::new("not built yet: drawn as planned").weak())
            .on_hover_text(
                "A feature completed after the year is drawn as planned (dotted, pale); \
                 filter by status to hide it. A status no source dates stays as today.",
            );
    });
    out
}
