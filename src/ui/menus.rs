//! The menu bar: File (open, export, quit) and View (fit, labels, online tiles).

use super::Action;
use egui::Ui;

/// Top menu bar.
pub fn menu_bar(ui: &mut Ui, tiles: bool, labels: bool) -> Vec<Action> {
    let mut out = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("Open data…").clicked() {
                out.push(Action::OpenDialog);
            }
            if ui
                .add(egui::Button::new("Export PNG…").shortcut_text("Ctrl+E"))
                .clicked()
            {
                out.push(Action::ShowExport(true));
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                out.push(Action::Quit);
            }
        });
        ui.menu_button("View", |ui| {
            if ui.button("Fit whole corridor").clicked() {
                out.push(Action::FitCorridor);
            }
            let mut l = labels;
            if ui.checkbox(&mut l, "Labels").changed() {
                out.push(Action::SetLabels(l));
            }
            let mut t = tiles;
            if ui
                .checkbox(&mut t, "OpenStreetMap tiles (online)")
                .changed()
            {
                out.push(Action::SetTiles(t));
            }
        });
    });
    out
}
