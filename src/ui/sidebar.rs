//! The left side of the window: files loading, layers, bookmarks, the legend and the
//! corridor-wide figures, in one scrolling column.

use super::{Action, Loading};
use crate::map::{BasemapLayers, MapData};
use crate::model::{Indicators, Legend};
use crate::settings::Bookmark;
use egui::Ui;

/// What the side panel shows.
pub struct Sidebar<'a> {
    pub loading: &'a [Loading],
    pub data: &'a MapData,
    /// Online tiles are on.
    pub tiles: bool,
    /// Feature labels are on.
    pub labels: bool,
    pub basemap: BasemapLayers,
    pub bookmarks: &'a [Bookmark],
    pub legend: &'a Legend,
    pub filter: &'a crate::model::Filter,
    pub facets: &'a super::Facets,
    /// Features shown (through the filter) and on visible layers.
    pub counts: (usize, usize),
    pub indicators: &'a Indicators,
    /// The timeline's year: the corridor figures show that year's values.
    pub year: Option<i32>,
}

/// The side panel; `bookmarks` is what the bookmarks panel edits in place.
pub fn sidebar(ui: &mut Ui, s: &Sidebar, bookmarks: &mut super::BookmarkEdit) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::ScrollArea::vertical().show(ui, |ui| {
        actions.extend(super::loading_panel(ui, s.loading));
        actions.extend(super::layers_panel(
            ui, s.data, s.tiles, s.basemap, s.labels,
        ));
        actions.extend(super::filter_panel(ui, s.filter, s.facets, s.counts));
        ui.separator();
        actions.extend(super::bookmarks_panel(ui, s.bookmarks, bookmarks));
        ui.separator();
        super::legend_panel(ui, s.legend, s.basemap);
        if !s.indicators.indicators.is_empty() {
            ui.separator();
            let title = match s.year {
                Some(y) => format!("Corridor figures, {y}"),
                None => "Corridor figures".into(),
            };
            egui::CollapsingHeader::new(title)
                .id_salt("corridor figures")
                .default_open(false)
                .show(ui, |ui| super::indicators_panel(ui, s.indicators, s.year));
        }
    });
    actions
}
