//! The window's panels, menus and dialogs. Each is a function of the state it shows that
//! returns what the planner asked for as [`Action`]s; none performs a side effect (the app
//! does, in one place).

mod bookmarks;
mod charts;
mod csv_columns;
mod database;
mod details;
mod export_dialog;
mod filters;
mod find;
mod indicators;
mod layers;
mod legend;
mod map_controls;
mod measure;
mod menus;
mod problems;
mod route;
mod scenario;
mod sidebar;
mod status;
mod table;
mod timeline;

pub use bookmarks::{BookmarkEdit, bookmarks_panel};
pub use charts::{chartable, charts_panel};
pub use csv_columns::{CsvPick, csv_columns_panel};
pub use database::{DbForm, DbListing, database_panel};
pub use details::{also_here, details_panel, tooltip};
pub use export_dialog::{ExportDialog, Exporting, export_window};
pub use filters::{Facets, filter_panel};
pub use find::{FindBar, FindRow, find_bar};
pub use indicators::indicators_panel;
pub use layers::Loading;
use layers::{layers_panel, loading_panel};
pub use legend::legend_panel;
pub use map_controls::zoom_buttons;
pub use measure::{km_text, measure_overlay};
pub use menus::{feature_keys, menu_bar, window_input};
pub use problems::{Problems, problems_panel};
pub use route::{
    ROUTE_COLOURS, RouteEdit, RouteResult, RouteView, ThroughputView, cut_overlay, route_overlay,
    route_panel,
};
pub use scenario::{ScenarioEdit, scenario_panel};
pub use sidebar::{Sidebar, sidebar};
pub use status::{Status, status_bar};
pub use table::{TableView, attribute_table};
pub use timeline::{Timeline, timeline_bar};

use crate::model::{FeatureRef, LayerId};
use std::path::PathBuf;

/// What the planner asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    OpenDialog,
    Open(Vec<PathBuf>),
    OpenProjectDialog,
    /// File → Connect to database… (true) or its window closed.
    ShowDatabase(bool),
    /// List the geometry tables of `postgresql://USER@HOST:PORT/DB`.
    DbConnect(String),
    /// Add the table a `…?layer=SCHEMA.TABLE` URL names.
    DbAdd(String),
    /// Open a CSV table with the position columns the planner picked.
    OpenCsvWith(PathBuf, crate::load::CsvColumns),
    CloseCsvColumns,
    OpenProject(PathBuf),
    SaveProjectDialog,
    Select(Option<FeatureRef>),
    CancelLoad(usize),
    AddBookmark(String),
    /// Ctrl+B: bookmark the view now and let the planner name it.
    BookmarkNow,
    GoToBookmark(usize),
    RenameBookmark(usize, String),
    /// Move bookmark `.0` to position `.1`.
    MoveBookmark(usize, usize),
    RemoveBookmark(usize),
    /// One of the shipped views (the export's `--view` names).
    GoToView(String),
    ZoomTo(FeatureRef),
    FitCorridor,
    /// Put the export command for the current view on the clipboard.
    CopyViewCommand,
    /// Show only what this filter lets through.
    SetFilter(crate::model::Filter),
    /// The timeline's year (`None`: off, today's statuses).
    SetYear(Option<i32>),
    /// Play the years (or pause).
    PlayYears(bool),
    /// Open or close the attribute table (F6, as QGIS).
    ShowTable(bool),
    /// Sort the table by a column, ascending or not.
    SortTable(crate::model::Column, bool),
    /// The table lists only the features in view (or all shown).
    TableInView(bool),
    /// Copy the table's rows as CSV to the clipboard.
    CopyTableCsv,
    /// Open or close the charts of the corridor figures.
    ShowCharts(bool),
    /// Open or close the Route window.
    ShowRoute(bool),
    /// Route between the places typed in the Route window.
    FindRoute,
    ClearRoute,
    /// Work out the throughput from the Chinese border to the Georgian ports.
    Throughput,
    /// What-if: give a section (by id) another capacity or status for the session.
    ScenarioSet(String, crate::analysis::SectionEdit),
    ScenarioRemove(String),
    ScenarioReset,
    /// Ask where, then write the scenario as JSON.
    ScenarioSave,
    /// Ask which file, then read a scenario from it.
    ScenarioLoad,
    /// From a place's right-click menu: route from (`true`) or to it.
    RouteEnd {
        name: String,
        from: bool,
    },
    /// Tab (Shift+Tab: `back`): the keyboard to the next feature in view.
    CycleFeature {
        back: bool,
    },
    /// Enter: select the feature the keyboard is on (its details open).
    OpenFocused,
    /// A row of the table clicked: select its feature (the table stays where it is).
    SelectRow(FeatureRef),
    /// Pan by a fraction of the view (keyboard arrows).
    Pan(egui::Vec2),
    ZoomIn,
    ZoomOut,
    SetLayerVisible(LayerId, bool),
    RemoveLayer(LayerId),
    /// Move layer `.0` to position `.1` in drawing order.
    MoveLayer(LayerId, LayerId),
    /// A layer's opacity, 0 to 1.
    SetLayerOpacity(LayerId, f32),
    SetTiles(bool),
    SetLabels(bool),
    /// Start measuring: clicks on the map add points.
    StartMeasure,
    EndMeasure,
    /// Open the find box (Ctrl+F) with the keyboard in it.
    OpenFind,
    CloseFind,
    /// A find result picked: fly to it and select it.
    FindPick(FeatureRef),
    /// Lakes, rivers and places of the basemap switched on or off.
    SetBasemapLayers(crate::map::BasemapLayers),
    DismissProblems,
    ShowExport(bool),
    /// Ask where to save, then export the view there.
    ExportDialog,
    CancelExport,
    Quit,
}
