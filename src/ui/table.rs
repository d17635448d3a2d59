//! The attribute table (a bottom panel, as QGIS's): the features shown, or only those in
//! view, with their key figures as columns; a header click sorts, a row click selects on the
//! map (and a selection made on the map scrolls to its row); Copy as CSV copies the rows
//! shown. Rows are laid out only where they are on screen, so 100k scroll smoothly.

use super::Action;
use crate::model::{Column, FeatureRef, TableRow};
use egui::{Align, Layout, RichText, Ui};
use egui_extras::{Column as Width, TableBuilder};

/// Row height, points.
const ROW_H: f32 = 18.0;

/// What the table shows.
pub struct TableView<'a> {
    /// Every row that may be shown, in the sorted order.
    pub rows: &'a [TableRow],
    /// The rows shown, as indices into `rows` (all of them, or those in view).
    pub order: &'a [usize],
    pub selected: Option<FeatureRef>,
    pub sort: (Column, bool),
    pub in_view_only: bool,
    /// Scroll so that this entry of `order` is shown (the selection changed on the map).
    pub scroll_to: Option<usize>,
}

/// The attribute table.
pub fn attribute_table(ui: &mut Ui, t: &TableView) -> Vec<Action> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        ui.label(RichText::new("Attribute table").strong());
        ui.label(format!("{} rows", t.order.len()));
        let mut in_view = t.in_view_only;
        if ui.checkbox(&mut in_view, "Only features in view").changed() {
            out.push(Action::TableInView(in_view));
        }
        if ui
            .button("Copy as CSV")
            .on_hover_text("The rows shown, with their ids, to the clipboard")
            .clicked()
        {
            out.push(Action::CopyTableCsv);
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if ui.button("Close table").clicked() {
                out.push(Action::ShowTable(false));
            }
        });
    });
    let mut table = TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Width::initial(260.0).at_least(80.0).clip(true))
        .column(Width::initial(130.0).clip(true))
        .column(Width::initial(120.0).clip(true))
        .column(Width::initial(90.0).clip(true))
        .columns(Width::initial(135.0).clip(true), 3)
        .column(Width::remainder().at_least(80.0))
        .min_scrolled_height(0.0);
    if let Some(i) = t.scroll_to {
        table = table.scroll_to_row(i, Some(Align::Center));
    }
    table
        .header(ROW_H + 4.0, |mut header| {
            for c in Column::ALL {
                header.col(|ui| {
                    let arrow = match t.sort {
                        (s, true) if s == c => " ▲",
                        (s, false) if s == c => " ▼",
                        _ => "",
                    };
                    let title = format!("{}{arrow}", c.title());
                    if ui
                        .add(egui::Button::new(RichText::new(title).strong()).frame(false))
                        .on_hover_text("Sort by this column; again to reverse")
                        .clicked()
                    {
                        let ascending = t.sort.0 != c || !t.sort.1;
                        out.push(Action::SortTable(c, ascending));
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_H, t.order.len(), |mut row| {
                let Some(r) = t.order.get(row.index()).and_then(|i| t.rows.get(*i)) else {
                    return;
                };
                row.set_selected(t.selected == Some(r.r));
                for c in Column::ALL {
                    row.col(|ui| {
                        // Not selectable: a click on the text is a click on the row.
                        let cell = egui::Label::new(r.cell(c)).selectable(false);
                        if c.is_number() {
                            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                                ui.add(cell);
                            });
                        } else {
                            ui.add(cell);
                        }
                    });
                }
                if row.response().clicked() {
                    out.push(Action::SelectRow(r.r));
                }
            });
        });
    out
}
