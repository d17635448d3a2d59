//! Bookmarks: the views that ship with the atlas (the export's `--view` names), and the
//! planner's own named views — add (Ctrl+B), go to, rename, reorder, remove.

use super::Action;
use crate::export::VIEWS;
use crate::settings::Bookmark;
use egui::{RichText, Ui};

/// What the panel edits in place: the name typed for the next bookmark, and a bookmark
/// being renamed (its index and the name so far).
#[derive(Debug, Clone, Default)]
pub struct BookmarkEdit {
    pub new_name: String,
    /// Give the name field the keyboard focus on the next frame (Ctrl+B).
    pub focus: bool,
    pub renaming: Option<(usize, String)>,
    /// Give the rename field the keyboard focus on the next frame.
    pub rename_focus: bool,
}

/// The shipped views, then the planner's bookmarks.
pub fn bookmarks_panel(
    ui: &mut Ui,
    bookmarks: &[Bookmark],
    edit: &mut BookmarkEdit,
) -> Vec<Action> {
    let mut out = Vec::new();
    ui.heading("Bookmarks");
    ui.horizontal_wrapped(|ui| {
        for (name, title, _) in VIEWS {
            if ui
                .small_button(title)
                .on_hover_text(format!("Go to the {name} view (export: --view {name})"))
                .clicked()
            {
                out.push(Action::GoToView(name.to_string()));
            }
        }
    });
    for (i, b) in bookmarks.iter().enumerate() {
        // Ids of their own, so that a row added or moved does not take another's widgets'.
        ui.push_id(("bookmark", i), |ui| {
            ui.horizontal(|ui| {
                if let Some((at, text)) = &mut edit.renaming
                    && *at == i
                {
                    let field = ui.add(egui::TextEdit::singleline(text).desired_width(120.0));
                    field.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Bookmark name")
                    });
                    if edit.rename_focus {
                        field.request_focus();
                        edit.rename_focus = false;
                    }
                    if field.lost_focus() {
                        if ui.input(|inp| inp.key_pressed(egui::Key::Escape)) {
                            edit.renaming = None;
                        } else {
                            out.push(Action::RenameBookmark(i, text.clone()));
                        }
                    }
                    return;
                }
                if ui.link(&b.name).on_hover_text("Go to this view").clicked() {
                    out.push(Action::GoToBookmark(i));
                }
                let small = |ui: &mut Ui, text: &str, hover: String| {
                    ui.small_button(text).on_hover_text(hover).clicked()
                };
                if small(ui, "Rename", format!("Rename bookmark {}", b.name)) {
                    edit.renaming = Some((i, b.name.clone()));
                    edit.rename_focus = true;
                }
                if i > 0 && small(ui, "▲", format!("Move {} up", b.name)) {
                    out.push(Action::MoveBookmark(i, i - 1));
                }
                if i + 1 < bookmarks.len() && small(ui, "▼", format!("Move {} down", b.name)) {
                    out.push(Action::MoveBookmark(i, i + 1));
                }
                if small(ui, "Remove", format!("Remove bookmark {}", b.name)) {
                    out.push(Action::RemoveBookmark(i));
                }
            })
        });
    }
    ui.push_id("new bookmark", |ui| {
        ui.horizontal(|ui| {
            let field = ui.add(
                egui::TextEdit::singleline(&mut edit.new_name)
                    .hint_text("Name of this view")
                    .desired_width(130.0),
            );
            field.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Name of the new bookmark")
            });
            if edit.focus {
                field.request_focus();
                edit.focus = false;
            }
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Bookmark view").on_hover_text("Ctrl+B").clicked() || enter {
                out.push(Action::AddBookmark(edit.new_name.clone()));
            }
        })
    });
    ui.label(RichText::new("Ctrl+B bookmarks the view").small().weak());
    out
}
