//! Find (Ctrl+F): a search box at the top of the map. Type part of any name, in any script
//! or spelling; pick from the ranked list (name, what it is, country) or press Enter for the
//! first; Esc closes. Picking flies the map to the feature and selects it.

use super::Action;
use crate::model::FeatureRef;
use egui::{Key, RichText, Ui};

/// The find box's state, kept by the app.
#[derive(Debug, Clone, Default)]
pub struct FindBar {
    pub open: bool,
    pub query: String,
    /// Give the text field the keyboard focus on the next frame.
    pub focus: bool,
}

/// One result as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FindRow {
    pub r: FeatureRef,
    pub name: String,
    /// "Port · KAZ", and the name that matched when it is not the feature's own.
    pub detail: String,
}

/// The box over the top of `map` with the results for its query.
pub fn find_bar(ui: &mut Ui, map: egui::Rect, bar: &mut FindBar, rows: &[FindRow]) -> Vec<Action> {
    let mut out = Vec::new();
    if !bar.open {
        return out;
    }
    let width = 380.0_f32.min(map.width() - 20.0);
    egui::Area::new(egui::Id::unique("find bar"))
        .order(egui::Order::Foreground)
        .fixed_pos(egui::pos2(map.center().x - width / 2.0, map.top() + 10.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_width(width);
                let field = ui.add(
                    egui::TextEdit::singleline(&mut bar.query)
                        .hint_text("Find a place (any name, any script)")
                        .desired_width(width),
                );
                // Its accessible name (screen readers, tests).
                field
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Find"));
                if bar.focus {
                    field.request_focus();
                    bar.focus = false;
                }
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                if ui.input(|i| i.key_pressed(Key::Escape)) {
                    out.push(Action::CloseFind);
                }
                if enter && let Some(first) = rows.first() {
                    out.push(Action::FindPick(first.r));
                }
                if !bar.query.trim().is_empty() && rows.is_empty() {
                    ui.label(RichText::new("No feature has that name").weak());
                }
                for row in rows {
                    let text = format!("{}  —  {}", row.name, row.detail);
                    if ui.selectable_label(false, text).clicked() {
                        out.push(Action::FindPick(row.r));
                    }
                }
            });
        });
    out
}
