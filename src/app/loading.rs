//! Opening files: folders walked, each file read in the background, finished loads added or
//! replacing their layer, and live reload of the files on disk.

use super::CorridorApp;
use crate::load::{self, LoadError};
use crate::map::{Finished, MapLayer};
use crate::ui;
use std::path::PathBuf;
use std::time::{Duration, Instant};

impl CorridorApp {
    /// The data files of `paths` (files, or folders walked); what cannot be read goes to the
    /// problems panel.
    pub(super) fn data_files(&mut self, paths: &[PathBuf]) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for p in paths {
            match load::data_files(p, false) {
                Ok(listing) => {
                    for e in &listing.problems {
                        self.problems.failed(e);
                    }
                    files.extend(
                        listing
                            .files
                            .into_iter()
                            .filter(|f| !load::is_indicators_file(f)),
                    );
                }
                Err(e) => self.problems.failed(&e),
            }
        }
        files
    }

    /// Open files or folders in background threads, with progress and Cancel.
    /// A database URL among them is opened as a table that follows the view.
    pub fn open_in_background(&mut self, paths: &[PathBuf], ctx: &egui::Context) {
        let (urls, paths): (Vec<&PathBuf>, Vec<&PathBuf>) = paths.iter().partition(|p| {
            p.to_str()
                .is_some_and(crate::load::postgis::is_database_url)
        });
        for u in urls {
            if let Some(u) = u.to_str() {
                self.open_database(u, ctx);
            }
        }
        let paths: Vec<PathBuf> = paths.into_iter().cloned().collect();
        for f in self.data_files(&paths) {
            // A FlatGeobuf too big to read whole is read by view, through its spatial index.
            let big = f.extension().is_some_and(|x| x.eq_ignore_ascii_case("fgb"))
                && load::fgb::feature_count(&f).is_some_and(|n| n > self.db.fgb_view_features);
            if big {
                self.add_live_fgb(f);
            } else {
                self.spawn_load(f, false, ctx);
            }
        }
    }

    /// Open files or folders and wait for them (tests; the window loads in the background).
    pub fn open_paths(&mut self, paths: &[PathBuf]) {
        for f in self.data_files(paths) {
            match MapLayer::load(&f, &load::Progress::default()) {
                Ok(layers) => {
                    self.add_file_layers(&f, layers);
                }
                Err(e) => self.load_failed(&e, &f),
            }
        }
    }

    pub(super) fn spawn_load(&mut self, path: PathBuf, reload: bool, ctx: &egui::Context) {
        if reload && self.loads.contains(&path) {
            // Changed again while loading: load once more when this one is done.
            self.watcher.again(path, Instant::now());
            return;
        }
        let waker = ctx.clone();
        let csv = self
            .csv_columns
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, c)| c.clone());
        if let Err(e) = self
            .loads
            .start_with(path, reload, csv, move || waker.request_repaint())
        {
            self.problems.failed(&e);
        }
    }

    /// A file that did not load: said, or, a CSV table without named position columns, asked
    /// about.
    fn load_failed(&mut self, e: &LoadError, path: &std::path::Path) {
        match e {
            LoadError::CsvColumns { headers, .. } => {
                self.csv_pick = Some(ui::CsvPick::new(path.to_path_buf(), headers.clone()));
            }
            e => self.problems.failed(e),
        }
    }

    /// Open a CSV table with the columns picked (and reload it with them later).
    pub(super) fn open_csv_with(
        &mut self,
        path: std::path::PathBuf,
        cols: load::CsvColumns,
        ctx: &egui::Context,
    ) {
        self.csv_columns.retain(|(p, _)| *p != path);
        self.csv_columns.push((path.clone(), cols));
        self.csv_pick = None;
        self.spawn_load(path, false, ctx);
    }

    /// Move layer `from` to `to`; what pointed into the layers follows.
    pub(super) fn move_layer(&mut self, from: usize, to: usize) {
        if let Some(went) = self.data.move_layer(from, to) {
            let moved = |r: crate::model::FeatureRef| crate::model::FeatureRef {
                layer: went.get(r.layer).copied().unwrap_or(r.layer),
                ..r
            };
            self.selected = self.selected.map(moved);
            self.hovered = self.hovered.map(moved);
            self.keyboard_focus = self.keyboard_focus.map(moved);
            self.also_here = self.also_here.iter().copied().map(moved).collect();
            self.find_cache.forget_rows();
        }
    }

    /// Remove layer `i` (an added file's), and whatever pointed into the layers.
    pub(super) fn remove_layer(&mut self, i: usize) {
        if i < self.data.layers.len() {
            self.data.layers.remove(i);
            self.selected = None;
            self.keyboard_focus = None;
            self.hovered = None;
            self.also_here.clear();
        }
    }

    /// A file's layers, loaded or reloaded: a layer of it that the new version no longer has
    /// (a table dropped from a GeoPackage) goes.
    fn add_file_layers(&mut self, path: &std::path::Path, layers: Vec<MapLayer>) {
        let origins: Vec<crate::model::Origin> =
            layers.iter().map(|l| l.layer.origin.clone()).collect();
        while let Some(i) = self.data.layers.iter().position(|m| {
            matches!(&m.layer.origin, crate::model::Origin::Part { file, .. } if file == path)
                && !origins.contains(&m.layer.origin)
        }) {
            self.remove_layer(i);
        }
        for layer in layers {
            self.add_layer(layer);
        }
    }

    pub(super) fn add_layer(&mut self, mut layer: MapLayer) -> usize {
        let key = layer.layer.origin.to_string();
        // Features left out of a file that loaded: said in the problems panel too, with the
        // file (the layers panel keeps every warning).
        let left_out: Vec<String> = layer
            .layer
            .warnings
            .iter()
            .filter(|w| w.contains("not loaded"))
            .map(|w| format!("{key}: {w}"))
            .collect();
        if !left_out.is_empty() {
            self.problems.warning(left_out);
        }
        layer.visible = !self.state.hidden_layers.contains(&key);
        let at = self.data.add_or_replace(layer);
        if self.selected.is_some_and(|s| s.layer == at) {
            self.selected = None;
        }
        // Its features may be others now.
        self.also_here.retain(|r| r.layer != at);
        self.hovered = self.hovered.filter(|r| r.layer != at);
        self.layer_arrived();
        at
    }

    /// Take finished loads; keep the previous version of a file whose reload failed.
    pub fn poll_loads(&mut self, ctx: &egui::Context) {
        for finished in self.loads.poll() {
            match finished {
                Finished::Cancelled { path } => {
                    self.notice = Some(format!("Cancelled loading {}", path.display()));
                }
                Finished::Loaded {
                    layers,
                    path,
                    reload,
                } => {
                    let name = match layers.as_slice() {
                        [one] => one.layer.name.clone(),
                        many => format!(
                            "{} ({} layers)",
                            path.file_name()
                                .map_or(String::new(), |n| n.to_string_lossy().to_string()),
                            many.len()
                        ),
                    };
                    self.add_file_layers(&path, layers);
                    let verb = if reload { "Reloaded" } else { "Opened" };
                    self.notice = Some(format!("{verb} {name}"));
                    let waker = ctx.clone();
                    if let Err(e) = self.watcher.watch(&path, move || waker.request_repaint()) {
                        log::warn!("{e}");
                    }
                }
                Finished::Failed {
                    error,
                    path,
                    reload,
                } => {
                    if reload {
                        self.notice = Some(format!(
                            "Reload failed; still showing the previous version of {}",
                            path.display()
                        ));
                    }
                    if reload {
                        self.problems.failed(&error);
                    } else {
                        self.load_failed(&error, &path);
                    }
                }
            }
        }
        // A project's order holds while its files load, not after (a reload or a move by
        // hand later is the planner's).
        if self.project_order.is_some() && self.loads.progress().next().is_none() {
            self.project_order = None;
        }
    }

    /// Turn file-change events into reloads of the layers they belong to.
    pub(super) fn poll_watcher(&mut self, ctx: &egui::Context) {
        let now = Instant::now();
        // The loaded files are looked up only when something changed on disk, not every frame.
        let data = &self.data;
        let find = |p: &std::path::Path| data.files().into_iter().find(|f| load::same_file(f, p));
        self.watcher.collect(now, |p| find(p).is_some());
        let due: Vec<PathBuf> = self
            .watcher
            .due(now)
            .iter()
            .filter_map(|p| find(p))
            .collect();
        for path in due {
            self.spawn_load(path, true, ctx);
        }
        if self.watcher.waiting() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }
}
