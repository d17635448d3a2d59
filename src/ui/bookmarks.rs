//! Bookmarks: named views to go back to.

use super::Action;
use crate::settings::Bookmark;
use egui::Ui;

/// Named views: add the current one, go to one, remove one.
pub fn bookmarks_panel(ui: &mut Ui, bookmarks: &[Bookmark], new_name: &mut String) -> Vec<Action> {
    let mut out = Vec::new();
    ui.heading("Bookmarks");
    for (i, b) in bookmarks.iter().enumerate() {
        ui.horizontal(|ui| {
            if ui.link(&b.name).on_hover_text("Go to this view").clicked() {
                out.push(Action::GoToBookmark(i));
            }
            if ui
                .small_button("Remove")
                .on_hover_text(format!("Remove bookmark {}", b.name))
                .clicked()
            {
                out.push(Action::RemoveBookmark(i));
            }
        });
    }
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(new_name)
                .hint_text("Name of this view")
                .desired_width(130.0),
        );
        if ui.button("Bookmark view").clicked() {
            out.push(Action::AddBookmark(new_name.clone()));
        }
    });
    out
}
