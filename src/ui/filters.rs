//! The filter panel: show only some kinds, modes, statuses, countries, or what carries at
//! least some capacity. Every change goes to the app as a whole new filter; the map, labels,
//! legend, find and export follow.

use super::Action;
use crate::model::{Filter, Mode, Status};
use egui::{RichText, Ui};

/// What the loaded data holds, to choose from: kinds (key, label) and countries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    pub kinds: Vec<(String, String)>,
    pub countries: Vec<String>,
}

/// Checkboxes for each value, the least capacity, the count shown and a button that clears
/// everything.
pub fn filter_panel(
    ui: &mut Ui,
    filter: &Filter,
    facets: &Facets,
    (shown, total): (usize, usize),
) -> Vec<Action> {
    let mut out = Vec::new();
    let mut f = filter.clone();
    egui::CollapsingHeader::new("Filter")
        .default_open(!filter.is_empty())
        .show(ui, |ui| {
            ui.label(RichText::new("Kind").strong());
            ui.horizontal_wrapped(|ui| {
                for (key, label) in &facets.kinds {
                    let mut on = f.kinds.contains(key);
                    if ui.checkbox(&mut on, label).changed() {
                        toggle(&mut f.kinds, key.clone(), on);
                    }
                }
            });
            ui.label(RichText::new("Mode").strong());
            ui.horizontal_wrapped(|ui| {
                for m in Mode::ALL {
                    let mut on = f.modes.contains(&m);
                    if ui.checkbox(&mut on, m.label()).changed() {
                        toggle(&mut f.modes, m, on);
                    }
                }
            });
            ui.label(RichText::new("Status").strong());
            ui.horizontal_wrapped(|ui| {
                for s in Status::ALL {
                    let mut on = f.statuses.contains(&s);
                    if ui.checkbox(&mut on, s.label()).changed() {
                        toggle(&mut f.statuses, s, on);
                    }
                }
            });
            if !facets.countries.is_empty() {
                ui.label(RichText::new("Country").strong());
                ui.horizontal_wrapped(|ui| {
                    for c in &facets.countries {
                        let mut on = f.countries.contains(c);
                        if ui.checkbox(&mut on, c).changed() {
                            toggle(&mut f.countries, c.clone(), on);
                        }
                    }
                });
            }
            ui.horizontal(|ui| {
                let mut on = f.min_capacity.is_some();
                let changed = ui.checkbox(&mut on, "Capacity at least").changed();
                let mut value = f.min_capacity.unwrap_or(10.0);
                let dragged = ui
                    .add_enabled(
                        on,
                        egui::DragValue::new(&mut value)
                            .range(0.0..=500.0)
                            .speed(1.0)
                            .suffix(" Mt/yr"),
                    )
                    .changed();
                if changed || dragged {
                    f.min_capacity = on.then_some(value);
                }
            });
            ui.horizontal(|ui| {
                ui.label(format!("{shown} of {total} features shown"));
                if ui
                    .add_enabled(filter.hides(), egui::Button::new("Clear filters"))
                    .clicked()
                {
                    // The timeline's year is not a filter: it stays.
                    f = Filter {
                        year: f.year,
                        ..Filter::default()
                    };
                }
            });
        });
    if f != *filter {
        out.push(Action::SetFilter(f));
    }
    out
}

fn toggle<T: Ord>(set: &mut std::collections::BTreeSet<T>, value: T, on: bool) {
    if on {
        set.insert(value);
    } else {
        set.remove(&value);
    }
}
