//! The menu bar: File (open, export, quit) and View (find, fit, labels, online tiles); its
//! keyboard shortcuts (Ctrl+E export, Ctrl+F find), and files dropped on the window.

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
            if ui
                .add(egui::Button::new("Find…").shortcut_text("Ctrl+F"))
                .clicked()
            {
                out.push(Action::OpenFind);
            }
            if ui.button("Measure distance").clicked() {
                out.push(Action::StartMeasure);
            }
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

/// What the planner did to the window as a whole: files dropped on it open as layers, and
/// Ctrl+E opens the export dialog.
pub fn window_input(ctx: &egui::Context) -> Vec<Action> {
    let mut out = Vec::new();
    let dropped: Vec<std::path::PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    if !dropped.is_empty() {
        out.push(Action::Open(dropped));
    }
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::E)) {
        out.push(Action::ShowExport(true));
    }
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F)) {
        out.push(Action::OpenFind);
    }
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::B)) {
        out.push(Action::BookmarkNow);
    }
    out
}
