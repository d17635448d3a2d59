//! The current view as the app keeps and hands it on: a bookmark of it, its export options
//! and command line, and its export in the background.

use super::CorridorApp;
use crate::export;
use crate::export::job::ExportRequest;
use crate::map::{self, BasemapLayers, Viewport};
use crate::settings::Bookmark;
use std::path::PathBuf;

impl CorridorApp {
    /// The view the command line asked for (`--bookmark`, the filters, `--year`): what names
    /// nothing is said in the problems panel, and the rest is shown.
    pub(super) fn start_view(&mut self, bookmark: Option<&str>, filter: &crate::model::Filter) {
        let mut filter = filter.clone();
        if let Some(y) = filter.year
            && let Err(e) = crate::cli::check_year(y, self.year_range())
        {
            self.problems.warning(vec![e]);
            filter.year = None;
        }
        self.data.set_filter(&filter);
        let Some(name) = bookmark else { return };
        match crate::cli::resolve_bookmark(name, &self.state.bookmarks) {
            Ok(crate::cli::BookmarkTarget::Saved(b)) => {
                let center = map::to_unit(b.center_lon, b.center_lat);
                map::look_at(&mut self.memory, center, b.zoom);
                self.fit_pending = false;
            }
            Ok(crate::cli::BookmarkTarget::View(v)) => {
                self.fit_pending = false;
                self.view_pending = Some(v);
            }
            Err(e) => self.problems.warning(vec![e]),
        }
    }

    pub(super) fn add_bookmark(&mut self, name: &str) {
        let Some(vp) = self.viewport else { return };
        let (lon, lat) = map::to_lonlat(vp.center);
        let name = match name.trim() {
            "" => format!("View {}", self.state.bookmarks.len() + 1),
            n => n.to_string(),
        };
        self.state
            .bookmarks
            .push(Bookmark::at(name, lon, lat, vp.zoom));
        self.bookmark_edit.new_name.clear();
        self.save_settings();
    }

    /// The export options of the current view: its extent, selection and switches.
    pub(super) fn view_options(&self, vp: &Viewport) -> export::ExportOptions {
        let mut options = self.export.options.clone();
        options.view_name = None;
        options.bbox = Some(vp.bbox_lonlat());
        options.route = self.route_drawing();
        options.tiles = self.state.tiles;
        options.labels = self.state.labels;
        options.basemap_layers = BasemapLayers::hiding(&self.state.hidden_basemap);
        options.filter = self.data.filter().clone();
        options.select = self
            .selected
            .and_then(|r| self.data.get(r))
            .map(|f| f.id.clone());
        options
    }

    /// The export command for the current view (with the files loaded besides the built-in
    /// data), as a planner would paste it into a script.
    pub fn view_command(&self) -> Option<String> {
        let vp = self.viewport?;
        let mut files: Vec<PathBuf> = Vec::new();
        for f in self.data.layers.iter().filter(|m| m.visible) {
            if let Some(f) = f.layer.origin.file()
                && !files.iter().any(|g| g == f)
            {
                files.push(f.to_path_buf());
            }
        }
        Some(self.view_options(&vp).command_line(&files, "view.png"))
    }

    /// Export the current view to `path` with the dialog's options, in the background.
    pub fn export_to(&mut self, path: PathBuf, ctx: &egui::Context) {
        let Some(vp) = self.viewport else {
            self.export.last_result = Some(Err("the map has not been drawn yet".into()));
            return;
        };
        let mut options = self.view_options(&vp);
        // The selection travels as a feature, not by id (ids need not be unique across files).
        options.select = None;
        let request = ExportRequest {
            data: self.data.clone(),
            basemap: self.basemap.clone(),
            selected: self.selected,
            options,
            path,
        };
        let waker = ctx.clone();
        self.export.last_result = match self
            .exporter
            .start(request, move || waker.request_repaint())
        {
            Ok(()) => None,
            Err(e) => Some(Err(e)),
        };
    }
}
