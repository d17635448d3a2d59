//! The what-if scenario, in the Route window: pick a section, give it another capacity or
//! status for this session (the data file is never written), see the route and throughput
//! change; the changes listed with Remove and Reset, saved to and loaded from a JSON file.

use super::Action;
use crate::analysis::{Scenario, SectionEdit};
use crate::model::Status;
use egui::{RichText, Ui};

/// What the scenario panel edits in place: the change being made.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioEdit {
    /// The section's id.
    pub section: Option<String>,
    pub set_capacity: bool,
    pub capacity: f64,
    pub status: Option<Status>,
}

impl Default for ScenarioEdit {
    fn default() -> Self {
        Self {
            section: None,
            set_capacity: true,
            capacity: 10.0,
            status: None,
        }
    }
}

/// The scenario panel; `sections` are (id, name) of the network's sections.
pub fn scenario_panel(
    ui: &mut Ui,
    scenario: &Scenario,
    sections: &[(String, String)],
    edit: &mut ScenarioEdit,
) -> Vec<Action> {
    let mut out = Vec::new();
    let name_of = |id: &str| {
        sections
            .iter()
            .find(|s| s.0 == id)
            .map_or(id.to_string(), |s| s.1.clone())
    };
    let chosen = edit
        .section
        .as_deref()
        .map_or("Pick a section".into(), name_of);
    egui::ComboBox::from_label("Section")
        .selected_text(chosen)
        .width(230.0)
        .show_ui(ui, |ui| {
            for (id, name) in sections {
                ui.selectable_value(&mut edit.section, Some(id.clone()), name);
            }
        });
    ui.horizontal(|ui| {
        ui.checkbox(&mut edit.set_capacity, "Capacity");
        ui.add_enabled(
            edit.set_capacity,
            egui::DragValue::new(&mut edit.capacity)
                .range(0.0..=500.0)
                .suffix(" Mt/yr"),
        )
        .widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::SpinButton, true, "What-if capacity")
        });
    });
    egui::ComboBox::from_label("Status")
        .selected_text(edit.status.map_or("as drawn", |s| s.label()))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut edit.status, None, "as drawn");
            for s in Status::ALL {
                ui.selectable_value(&mut edit.status, Some(s), s.label());
            }
        });
    if ui
        .add_enabled(
            edit.section.is_some(),
            egui::Button::new("Apply to the section"),
        )
        .clicked()
        && let Some(id) = &edit.section
    {
        out.push(Action::ScenarioSet(
            id.clone(),
            SectionEdit {
                capacity_mt_per_year: edit.set_capacity.then_some(edit.capacity),
                status: edit.status.map(|s| s.key().to_string()),
            },
        ));
    }
    if scenario.is_empty() {
        ui.label(RichText::new("No changes: the network as the sources give it.").weak());
    }
    for (id, e) in &scenario.sections {
        ui.horizontal(|ui| {
            let mut what = Vec::new();
            if let Some(c) = e.capacity_mt_per_year {
                what.push(format!("{c} Mt/yr"));
            }
            if let Some(s) = e.status.as_deref().and_then(Status::parse) {
                what.push(s.label().to_string());
            }
            ui.label(format!("{}: {}", name_of(id), what.join(", ")));
            if ui
                .small_button("Remove")
                .on_hover_text("Back to what the sources give")
                .clicked()
            {
                out.push(Action::ScenarioRemove(id.clone()));
            }
        });
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!scenario.is_empty(), egui::Button::new("Reset"))
            .clicked()
        {
            out.push(Action::ScenarioReset);
        }
        if ui
            .add_enabled(!scenario.is_empty(), egui::Button::new("Save…"))
            .clicked()
        {
            out.push(Action::ScenarioSave);
        }
        if ui.button("Load…").clicked() {
            out.push(Action::ScenarioLoad);
        }
    });
    out
}
