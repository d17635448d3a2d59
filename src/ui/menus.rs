//! The menu bar: File (open, export, quit) and View (find, fit, labels, online tiles); its
//! keyboard shortcuts (Ctrl+E export, Ctrl+F find), and files dropped on the window.

use super::Action;
use egui::Ui;

/// Top menu bar.
pub fn menu_bar(ui: &mut Ui, tiles: bool, labels: bool, table: bool) -> Vec<Action> {
    let mut out = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("Open data…").clicked() {
                out.push(Action::OpenDialog);
            }
            ui.separator();
            if ui.button("Open project…").clicked() {
                out.push(Action::OpenProjectDialog);
            }
            if ui.button("Save project…").clicked() {
                out.push(Action::SaveProjectDialog);
            }
            ui.separator();
            if ui.button("Connect to database…").clicked() {
                out.push(Action::ShowDatabase(true));
            }
            ui.separator();
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
            let mut t = table;
            if ui
                .add(egui::Checkbox::new(&mut t, "Attribute table"))
                .on_hover_text("F6")
                .changed()
            {
                out.push(Action::ShowTable(t));
            }
            if ui
                .add(egui::Button::new("Route…").shortcut_text("Ctrl+R"))
                .clicked()
            {
                out.push(Action::ShowRoute(true));
            }
            if ui.button("Charts of corridor figures…").clicked() {
                out.push(Action::ShowCharts(true));
            }
            if ui.button("Measure distance").clicked() {
                out.push(Action::StartMeasure);
            }
            if ui.button("Fit whole corridor").clicked() {
                out.push(Action::FitCorridor);
            }
            if ui
                .button("Copy view as command")
                .on_hover_text("The corridor-atlas export command that renders this view")
                .clicked()
            {
                out.push(Action::CopyViewCommand);
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

/// What the planner did to the window as a whole: files dropped on it open as layers;
/// Ctrl+E export, Ctrl+F find, Ctrl+B bookmark; and, unless a text field has the keyboard or
/// a tool (`busy`: find, measure) takes Esc, the arrows pan, + and − zoom, Esc clears the
/// selection.
pub fn window_input(ctx: &egui::Context, busy: bool, table: bool) -> Vec<Action> {
    let mut out = Vec::new();
    if !ctx.egui_wants_keyboard_input() {
        use egui::Key;
        let pressed = |k: Key| ctx.input(|i| i.key_pressed(k));
        for (key, dx, dy) in [
            (Key::ArrowLeft, -1.0, 0.0),
            (Key::ArrowRight, 1.0, 0.0),
            (Key::ArrowUp, 0.0, -1.0),
            (Key::ArrowDown, 0.0, 1.0),
        ] {
            if pressed(key) {
                // A fifth of the view per press, as QGIS pans.
                out.push(Action::Pan(egui::vec2(dx * 0.2, dy * 0.2)));
            }
        }
        if pressed(Key::Plus) || pressed(Key::Equals) {
            out.push(Action::ZoomIn);
        }
        if pressed(Key::Minus) {
            out.push(Action::ZoomOut);
        }
        if !busy && pressed(Key::Escape) {
            out.push(Action::Select(None));
        }
    }
    let dropped: Vec<std::path::PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    // A project file dropped opens as a project; the rest as data.
    let (projects, data): (Vec<_>, Vec<_>) = dropped
        .into_iter()
        .partition(|p| crate::load::is_project_file(p));
    out.extend(projects.into_iter().map(Action::OpenProject));
    if !data.is_empty() {
        out.push(Action::Open(data));
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
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::R)) {
        out.push(Action::ShowRoute(true));
    }
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F6)) {
        out.push(Action::ShowTable(!table));
    }
    out
}

/// The keyboard on the map, when no control has it: Tab and Shift+Tab move through the
/// features in view (egui's own Tab, which would give the first control the keyboard, is
/// called off); Enter opens the details of the one reached (`focused`).
pub fn feature_keys(ctx: &egui::Context, focused: bool) -> Vec<Action> {
    let mut out = Vec::new();
    if ctx.memory(|m| m.focused().is_some()) || ctx.egui_wants_keyboard_input() {
        return out;
    }
    use egui::{Key, Modifiers};
    // Shift+Tab first: a plain Tab's pattern would take it too.
    for (mods, back) in [(Modifiers::SHIFT, true), (Modifiers::NONE, false)] {
        if ctx.input_mut(|i| i.consume_key(mods, Key::Tab)) {
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
            out.push(Action::CycleFeature { back });
        }
    }
    if focused && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter)) {
        out.push(Action::OpenFocused);
    }
    out
}
