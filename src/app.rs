//! The application: state, the frame's layout, and the one place where side effects happen
//! (file dialogs, loading, exporting, saving settings).

use crate::export::{self, ExportOptions};
use crate::load::Progress;
use crate::load::{self, Indicators, LoadError};
use crate::map::PreparedLayer;
use crate::map::{self, Basemap, DrawOptions, MapLayers, Viewport};
use crate::model::Layer;
use crate::model::{Dataset, FeatureRef, Origin};
use crate::panels::{self, Action};
use crate::tiles::TileServer;
use egui::{Pos2, Rect, Ui};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};
use walkers::{HttpTiles, MapMemory, Tiles, lon_lat};

/// Tolerance for picking, in points.
pub const PICK_TOLERANCE: f32 = 8.0;

/// What is remembered between runs (view state only; data and indexes are rebuilt).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedState {
    /// The last map view; `None` before the map was first drawn (then it fits the corridor).
    pub view: Option<Bookmark>,
    pub tiles: bool,
    pub labels: bool,
    /// Origins (as text) of layers the planner switched off.
    pub hidden_layers: Vec<String>,
    /// Named views.
    pub bookmarks: Vec<Bookmark>,
}

/// A named map view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    pub name: String,
    pub center_lon: f64,
    pub center_lat: f64,
    pub zoom: f64,
}

impl Default for SavedState {
    fn default() -> Self {
        Self {
            view: None,
            tiles: false,
            labels: true,
            hidden_layers: Vec::new(),
            bookmarks: Vec::new(),
        }
    }
}

/// How the app starts.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// Files or folders to open at start (`--data`).
    pub data: Vec<PathBuf>,
    /// Ignore the saved window state (tests).
    pub fresh: bool,
    /// Where settings and bookmarks live; `None`: the default place (unless `fresh`).
    pub settings_path: Option<PathBuf>,
    /// When the process started, to log the time to the first frame.
    pub started: Option<Instant>,
}

/// The export dialog's fields.
#[derive(Debug, Clone)]
pub struct ExportDialog {
    pub open: bool,
    pub options: ExportOptions,
    pub preset: usize,
    pub last_result: Option<Result<String, String>>,
}

pub struct CorridorApp {
    pub data: Dataset,
    prepared: MapLayers,
    basemap: Basemap,
    pub indicators: Indicators,
    pub memory: MapMemory,
    pub state: SavedState,
    tiles: Option<HttpTiles>,
    pub selected: Option<FeatureRef>,
    pub hovered: Option<FeatureRef>,
    pub errors: Vec<LoadError>,
    fit_pending: bool,
    pub viewport: Option<Viewport>,
    pub export: ExportDialog,
    cursor_lonlat: Option<(f64, f64)>,
    /// Files loading in the background.
    pub jobs: Vec<LoadJob>,
    watcher: Option<notify::RecommendedWatcher>,
    watch_rx: Option<Receiver<notify::Result<notify::Event>>>,
    watched_dirs: Vec<PathBuf>,
    /// Files changed on disk, reloaded once they have been quiet for a moment.
    pending_reloads: Vec<(PathBuf, Instant)>,
    /// Short messages for the status bar (e.g. "Reloaded …").
    pub notice: Option<String>,
    settings_path: Option<PathBuf>,
    pub bookmark_name: String,
    started: Option<Instant>,
    /// Other features under the last click (the details panel offers them).
    pub also_here: Vec<FeatureRef>,
    /// The countries of the last viewport (default export title), kept while it stands.
    countries: Option<(Viewport, Vec<String>)>,
    /// The map's screen rectangle last frame, to keep the map still when panels open.
    last_map_rect: Option<Rect>,
    /// The renderer draws crowded views from GPU memory ([`crate::gpu`]).
    gpu: bool,
}

/// A file being read in a background thread.
pub struct LoadJob {
    pub path: PathBuf,
    pub progress: Arc<Progress>,
    rx: Receiver<Result<(Layer, Arc<PreparedLayer>), LoadError>>,
    pub reload: bool,
}

impl CorridorApp {
    /// Build the app for eframe (restores saved state).
    pub fn new(cc: &eframe::CreationContext<'_>, start: StartOptions) -> Self {
        let settings_path = start
            .settings_path
            .clone()
            .or_else(|| (!start.fresh).then(crate::settings::default_path).flatten());
        let mut problem = None;
        let saved = match &settings_path {
            Some(p) => match crate::settings::load::<SavedState>(p) {
                Ok(s) => s,
                Err(e) => {
                    problem = Some(e.to_string());
                    None
                }
            },
            None => None,
        };
        let mut app = Self::with_state(saved.unwrap_or_default());
        app.settings_path = settings_path;
        app.started = start.started;
        app.notice = problem;
        if let Some(rs) = &cc.wgpu_render_state {
            // eframe's default: no multisampling.
            crate::gpu::register(rs, 1);
            app.gpu = true;
        }
        app.open_in_background(&start.data, &cc.egui_ctx);
        app
    }

    /// The app with the built-in dataset and the given view state.
    pub fn with_state(state: SavedState) -> Self {
        let (layers, errors) = load::embedded_layers();
        let mut data = Dataset { layers };
        for l in &mut data.layers {
            l.visible = !state.hidden_layers.contains(&l.origin.to_string());
        }
        let indicators =
            load::parse_indicators(load::embedded::INDICATORS, "geodata/indicators.json")
                .unwrap_or_default();
        let mut memory = MapMemory::default();
        let usable = state.view.as_ref().filter(|v| {
            v.center_lon.is_finite()
                && v.center_lat.is_finite()
                && (-180.0..=180.0).contains(&v.center_lon)
                && (-85.0..=85.0).contains(&v.center_lat)
                && (0.0..=20.0).contains(&v.zoom)
        });
        let fit_pending = usable.is_none();
        if let Some(v) = usable {
            memory.center_at(lon_lat(v.center_lon, v.center_lat));
            let _ = memory.set_zoom(v.zoom);
        }
        Self {
            data,
            prepared: MapLayers::default(),
            basemap: Basemap::embedded(),
            indicators,
            memory,
            state,
            tiles: None,
            selected: None,
            hovered: None,
            errors,
            fit_pending,
            viewport: None,
            export: ExportDialog {
                open: false,
                options: ExportOptions::default(),
                preset: 0,
                last_result: None,
            },
            cursor_lonlat: None,
            jobs: Vec::new(),
            watcher: None,
            watch_rx: None,
            watched_dirs: Vec::new(),
            pending_reloads: Vec::new(),
            notice: None,
            settings_path: None,
            bookmark_name: String::new(),
            started: None,
            also_here: Vec::new(),
            countries: Default::default(),
            last_map_rect: None,
            gpu: false,
        }
    }

    /// Open files or folders in background threads, with progress and Cancel.
    pub fn open_in_background(&mut self, paths: &[PathBuf], ctx: &egui::Context) {
        for p in paths {
            match load::data_files(p, false) {
                Ok(files) => {
                    for f in files.into_iter().filter(|f| !load::is_indicators_file(f)) {
                        self.spawn_load(f, false, ctx);
                    }
                }
                Err(e) => self.errors.push(e),
            }
        }
    }

    fn spawn_load(&mut self, path: PathBuf, reload: bool, ctx: &egui::Context) {
        if self.jobs.iter().any(|j| j.path == path) {
            if reload {
                self.pending_reloads.push((path, Instant::now()));
            }
            return;
        }
        let progress = Arc::new(Progress::default());
        let (tx, rx) = std::sync::mpsc::channel();
        let (p, prog, ctx2) = (path.clone(), progress.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("load".into())
            .spawn(move || {
                let result = load::load_file_with_progress(&p, prog.clone()).and_then(|layer| {
                    let prepared = Arc::new(PreparedLayer::new(&layer.features));
                    if prog.cancelled() {
                        // Cancel pressed while the index was being built.
                        return Err(LoadError::Cancelled {
                            path: p.display().to_string(),
                        });
                    }
                    Ok((layer, prepared))
                });
                let _ = tx.send(result);
                ctx2.request_repaint();
            });
        match spawned {
            Ok(_) => self.jobs.push(LoadJob {
                path,
                progress,
                rx,
                reload,
            }),
            Err(e) => self.errors.push(LoadError::Io {
                path: path.display().to_string(),
                source: e,
            }),
        }
    }

    /// Take finished loads; keep the previous version of a file whose reload failed.
    pub fn poll_jobs(&mut self, ctx: &egui::Context) {
        let mut finished = Vec::new();
        for (i, job) in self.jobs.iter().enumerate() {
            match job.rx.try_recv() {
                Ok(result) => finished.push((i, Some(result))),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => finished.push((i, None)),
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
            }
        }
        for (i, result) in finished.into_iter().rev() {
            let job = self.jobs.remove(i);
            // Cancel wins over a result that arrived before this frame could take it.
            let result = match result {
                Some(Ok(_)) if job.progress.cancelled() => Some(Err(LoadError::Cancelled {
                    path: job.path.display().to_string(),
                })),
                other => other,
            };
            match result {
                Some(Ok((layer, prepared))) => {
                    self.prepared.insert_prepared(layer.uid, prepared);
                    let name = layer.name.clone();
                    let replaced = self.data.add_or_replace(layer);
                    if self.selected.is_some_and(|s| s.layer == replaced) {
                        self.selected = None;
                    }
                    self.notice = Some(if job.reload {
                        format!("Reloaded {name}")
                    } else {
                        format!("Opened {name}")
                    });
                    self.watch(&job.path, ctx);
                }
                Some(Err(LoadError::Cancelled { path })) => {
                    self.notice = Some(format!("Cancelled loading {path}"));
                }
                Some(Err(e)) => {
                    if job.reload {
                        self.notice = Some(format!(
                            "Reload failed; still showing the previous version of {}",
                            job.path.display()
                        ));
                    }
                    self.errors.push(e);
                }
                None => self.errors.push(LoadError::Io {
                    path: job.path.display().to_string(),
                    source: std::io::Error::other("the loading thread stopped"),
                }),
            }
        }
    }

    /// Watch a file's folder so that changes reload it, even while the window is idle.
    fn watch(&mut self, file: &std::path::Path, ctx: &egui::Context) {
        use notify::Watcher as _;
        let Some(dir) = file.parent().map(|d| {
            if d.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                d.to_path_buf()
            }
        }) else {
            return;
        };
        if self.watched_dirs.contains(&dir) {
            return;
        }
        if self.watcher.is_none() {
            let (tx, rx) = std::sync::mpsc::channel();
            // Wake the window: an idle window runs no frame until something asks for one.
            let waker = ctx.clone();
            let handler = move |ev: notify::Result<notify::Event>| {
                if tx.send(ev).is_ok() {
                    waker.request_repaint();
                }
            };
            match notify::recommended_watcher(handler) {
                Ok(w) => {
                    self.watcher = Some(w);
                    self.watch_rx = Some(rx);
                }
                Err(e) => {
                    log::warn!("cannot watch files for changes: {e}");
                    return;
                }
            }
        }
        if let Some(w) = self.watcher.as_mut() {
            match w.watch(&dir, notify::RecursiveMode::NonRecursive) {
                Ok(()) => self.watched_dirs.push(dir),
                Err(e) => log::warn!("cannot watch {}: {e}", dir.display()),
            }
        }
    }

    /// Turn file-change events into reloads of the layers they belong to.
    fn poll_watcher(&mut self, ctx: &egui::Context) {
        let mut changed = Vec::new();
        if let Some(rx) = &self.watch_rx {
            while let Ok(ev) = rx.try_recv() {
                if let Ok(ev) = ev
                    && (ev.kind.is_modify() || ev.kind.is_create())
                {
                    changed.extend(ev.paths);
                }
            }
        }
        for p in changed {
            let loaded = self.data.layers.iter().any(|l| match &l.origin {
                Origin::File(f) => same_file(f, &p),
                Origin::Embedded(_) => false,
            });
            if loaded {
                self.pending_reloads.retain(|(q, _)| !same_file(q, &p));
                self.pending_reloads.push((p, Instant::now()));
            }
        }
        // Reload once a file has been quiet for 300 ms (editors write in several steps).
        let now = Instant::now();
        let due: Vec<PathBuf> = self
            .pending_reloads
            .iter()
            .filter(|(_, t)| now.duration_since(*t) >= Duration::from_millis(300))
            .map(|(p, _)| p.clone())
            .collect();
        self.pending_reloads
            .retain(|(_, t)| now.duration_since(*t) < Duration::from_millis(300));
        for p in due {
            let origin_path = self.data.layers.iter().find_map(|l| match &l.origin {
                Origin::File(f) if same_file(f, &p) => Some(f.clone()),
                _ => None,
            });
            if let Some(path) = origin_path {
                self.spawn_load(path, true, ctx);
            }
        }
        if !self.pending_reloads.is_empty() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    /// Open files or folders; a file that fails is reported and nothing loaded is lost.
    pub fn open_paths(&mut self, paths: &[PathBuf]) {
        for p in paths {
            match load::data_files(p, false) {
                Ok(files) => {
                    for f in files {
                        if load::is_indicators_file(&f) {
                            continue;
                        }
                        match load::load_file(&f) {
                            Ok(layer) => {
                                self.data.add_or_replace(layer);
                            }
                            Err(e) => {
                                log::warn!("{e}");
                                self.errors.push(e);
                            }
                        }
                    }
                }
                Err(e) => self.errors.push(e),
            }
        }
    }

    /// Perform what the panels asked for.
    pub fn handle(&mut self, ctx: &egui::Context, actions: Vec<Action>) {
        for a in actions {
            match a {
                Action::OpenDialog => {
                    if let Some(files) = rfd::FileDialog::new()
                        .add_filter("GeoJSON", &["geojson", "json"])
                        .pick_files()
                    {
                        self.open_in_background(&files, ctx);
                    }
                }
                Action::Open(paths) => self.open_in_background(&paths, ctx),
                Action::CancelLoad(i) => {
                    if let Some(j) = self.jobs.get(i) {
                        j.progress
                            .cancel
                            .store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                }
                Action::Select(r) => self.selected = r,
                Action::ZoomTo(r) => self.zoom_to(r),
                Action::FitCorridor => self.fit_pending = true,
                Action::SetLayerVisible(i, v) => {
                    if let Some(l) = self.data.layers.get_mut(i) {
                        l.visible = v;
                        let key = l.origin.to_string();
                        self.state.hidden_layers.retain(|h| h != &key);
                        if !v {
                            self.state.hidden_layers.push(key);
                        }
                    }
                }
                Action::RemoveLayer(i) => {
                    if i < self.data.layers.len() {
                        self.data.layers.remove(i);
                        self.selected = None;
                        self.hovered = None;
                    }
                }
                Action::SetTiles(on) => {
                    self.state.tiles = on;
                    if !on {
                        self.tiles = None;
                    }
                }
                Action::SetLabels(on) => self.state.labels = on,
                Action::DismissErrors => self.errors.clear(),
                Action::ShowExport(open) => self.export.open = open,
                Action::ExportDialog => {
                    let countries = self.countries_in_view();
                    let title = self.export.options.title_or_default(countries.as_deref());
                    let name = format!("{}.png", export::slug(&title));
                    if let Some(path) = rfd::FileDialog::new()
                        .add_filter("PNG image", &["png"])
                        .set_file_name(name)
                        .save_file()
                    {
                        self.export_to(path);
                    }
                }
                Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
                Action::AddBookmark(name) => {
                    if let Some(vp) = self.viewport {
                        let (lon, lat) = map::to_lonlat(vp.center);
                        let name = if name.trim().is_empty() {
                            format!("View {}", self.state.bookmarks.len() + 1)
                        } else {
                            name.trim().to_string()
                        };
                        self.state.bookmarks.push(Bookmark {
                            name,
                            center_lon: lon,
                            center_lat: lat,
                            zoom: vp.zoom,
                        });
                        self.bookmark_name.clear();
                        self.save_settings();
                    }
                }
                Action::GoToBookmark(i) => {
                    if let Some(b) = self.state.bookmarks.get(i) {
                        self.memory.center_at(lon_lat(b.center_lon, b.center_lat));
                        let _ = self.memory.set_zoom(b.zoom);
                    }
                }
                Action::RemoveBookmark(i) => {
                    if i < self.state.bookmarks.len() {
                        self.state.bookmarks.remove(i);
                        self.save_settings();
                    }
                }
            }
        }
    }

    /// Write view state and bookmarks (atomically) to the settings file.
    pub fn save_settings(&mut self) {
        if let Some(vp) = self.viewport {
            let (lon, lat) = map::to_lonlat(vp.center);
            self.state.view = Some(Bookmark {
                name: "last view".into(),
                center_lon: lon,
                center_lat: lat,
                zoom: vp.zoom,
            });
        }
        if let Some(p) = &self.settings_path
            && let Err(e) = crate::settings::save(p, &self.state)
        {
            log::warn!("{e}");
            self.notice = Some(e.to_string());
        }
    }

    /// The countries the map shows, for a default title.
    fn countries_in_view(&mut self) -> Option<Vec<String>> {
        let vp = self.viewport?;
        if self.countries.as_ref().is_none_or(|(seen, _)| *seen != vp) {
            let c = map::countries_in_view(&vp, &self.basemap.coarse);
            self.countries = Some((vp, c));
        }
        self.countries.as_ref().map(|(_, c)| c.clone())
    }

    /// Render the current view to `path` with the dialog's options.
    pub fn export_to(&mut self, path: PathBuf) {
        let Some(vp) = self.viewport else {
            self.export.last_result = Some(Err("the map has not been drawn yet".into()));
            return;
        };
        let mut opts = self.export.options.clone();
        opts.bbox = Some(vp.bbox_lonlat());
        opts.tiles = self.state.tiles;
        opts.labels = self.state.labels;
        let scene = export::Scene {
            data: &self.data,
            selected: self.selected,
        };
        let result = export::render(&scene, &opts)
            .and_then(|img| export::write_png_atomic(&img, &path).map(|_| img));
        self.export.last_result = Some(match result {
            Ok(img) => Ok(format!(
                "Saved {}×{} to {}",
                img.width(),
                img.height(),
                path.display()
            )),
            Err(e) => Err(e.to_string()),
        });
    }

    fn zoom_to(&mut self, r: FeatureRef) {
        let (Some(f), Some(vp)) = (self.data.get(r), self.viewport) else {
            return;
        };
        if let Some(b) = f.bbox() {
            let (w, s, e, n) = (b.min().x, b.min().y, b.max().x, b.max().y);
            let pad = 0.3;
            let fit = Viewport::fit(vp.rect, [w - pad, s - pad, e + pad, n + pad], 40.0);
            let (lon, lat) = map::to_lonlat(fit.center);
            self.memory.center_at(lon_lat(lon, lat));
            let _ = self.memory.set_zoom(fit.zoom.min(11.0));
        }
    }

    fn fit_corridor(&mut self, rect: Rect) {
        let fit = Viewport::fit(rect, map::CORRIDOR_BBOX, 10.0);
        let (lon, lat) = map::to_lonlat(fit.center);
        self.memory.center_at(lon_lat(lon, lat));
        let _ = self.memory.set_zoom(fit.zoom);
        self.fit_pending = false;
    }

    /// The map area: offline basemap, optional tiles, corridor layers, picking, furniture.
    fn map_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let rect = ui.available_rect_before_wrap();
        if self.fit_pending {
            self.fit_corridor(rect);
        } else if let (Some(old), Some(vp)) = (self.last_map_rect, self.viewport)
            && old != rect
        {
            // A panel opened or closed: keep what is on screen where it was.
            let shift = (rect.center() - old.center()) / vp.scale() as f32;
            let (lon, lat) =
                map::to_lonlat([vp.center[0] + shift.x as f64, vp.center[1] + shift.y as f64]);
            self.memory.center_at(lon_lat(lon, lat));
        }
        self.last_map_rect = Some(rect);
        if self.state.tiles && self.tiles.is_none() {
            self.tiles = Some(TileServer::OpenStreetMap.connect(ui.ctx().clone()));
        }
        self.prepared.sync(&self.data);
        // Reserve the bottom of the paint order for the basemap, below walkers' tiles.
        let basemap_slot = ui.painter().add(egui::Shape::Noop);
        let center = self
            .memory
            .detached()
            .unwrap_or_else(|| lon_lat(60.0, 43.0));
        let tiles = self.tiles.as_mut().map(|t| t as &mut dyn Tiles);
        let (data, prepared, basemap) = (&self.data, &self.prepared, &mut self.basemap);
        let opts = DrawOptions {
            selected: self.selected,
            hovered: self.hovered,
            labels: self.state.labels,
            gpu: self.gpu,
            zoom_preview: true,
        };
        let tiles_on = self.state.tiles;
        let inner = walkers::Map::new(tiles, &mut self.memory, center)
            .double_click_to_zoom(true)
            // Like QGIS: the wheel zooms (around the pointer); drag to pan.
            .zoom_with_ctrl(false)
            .show(ui, |ui, response, projector, _memory| {
                let vp = Viewport::from_projector(projector);
                let painter = ui.painter().with_clip_rect(vp.rect);
                // 1. Offline basemap into the reserved slot, below the tiles.
                let level = basemap.level(vp.zoom);
                ui.painter().set(
                    basemap_slot,
                    egui::Shape::Vec(map::basemap_shapes(&vp, level)),
                );
                // 2. Country names, and a slot for the corridor layers under the furniture.
                let mut reserved = map::draw_country_labels(&painter, &vp, level);
                let layers_slot = painter.add(egui::Shape::Noop);
                // 3. Picking.
                let hover = response
                    .hover_pos()
                    .and_then(|p| map::pick(&vp, data, prepared, p, PICK_TOLERANCE));
                let clicked = if response.clicked() {
                    Some(
                        response
                            .interact_pointer_pos()
                            .map(|p| map::pick_all(&vp, data, prepared, p, PICK_TOLERANCE))
                            .unwrap_or_default(),
                    )
                } else {
                    None
                };
                // 4. Furniture: scale bar, attribution.
                let attribution = if tiles_on {
                    "Basemap: Natural Earth · Tiles © OpenStreetMap contributors"
                } else {
                    "Basemap: Natural Earth"
                };
                reserved.push(map::draw_attribution(&painter, vp.rect, attribution, 11.0));
                reserved.push(map::draw_scale_bar(
                    &painter,
                    &vp,
                    Pos2::new(vp.rect.left() + 14.0, vp.rect.bottom() - 12.0),
                    160.0,
                    11.0,
                ));
                let shapes = map::layer_shapes(&painter, &vp, data, prepared, &opts, &reserved);
                painter.set(layers_slot, egui::Shape::Vec(shapes));
                // 5. Zoom buttons, top right.
                let zoom = panels::zoom_buttons(ui, vp.rect);
                let cursor = response.hover_pos().map(|p| vp.screen_to_lonlat(p));
                (vp, hover, clicked, cursor, zoom)
            });
        let (vp, hover, clicked, cursor, zoom) = inner.inner;
        match zoom {
            Some(panels::ZoomButton::In) => {
                let _ = self.memory.zoom_in();
            }
            Some(panels::ZoomButton::Out) => {
                let _ = self.memory.zoom_out();
            }
            Some(panels::ZoomButton::Fit) => actions.push(Action::FitCorridor),
            None => {}
        }
        self.viewport = Some(vp);
        self.hovered = hover;
        self.cursor_lonlat = cursor;
        if let Some(hits) = clicked {
            actions.push(Action::Select(hits.first().copied()));
            self.also_here = hits.into_iter().take(8).collect();
        }
        if let Some(h) = hover
            && let Some(f) = self.data.get(h)
        {
            inner
                .response
                .on_hover_ui_at_pointer(|ui| panels::tooltip(ui, f));
        }
        actions
    }
}

impl eframe::App for CorridorApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let mut actions = Vec::new();
        self.poll_jobs(&ctx);
        self.poll_watcher(&ctx);
        if !self.jobs.is_empty() {
            ctx.request_repaint_after(Duration::from_millis(50));
        }

        // Dropped files open as layers.
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            actions.push(Action::Open(dropped));
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::E)) {
            actions.push(Action::ShowExport(true));
        }

        egui::Panel::top("menu").show(ui, |ui| {
            actions.extend(panels::menu_bar(ui, self.state.tiles, self.state.labels));
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some((lon, lat)) = self.cursor_lonlat {
                    ui.label(format!("{lat:.4}° N, {lon:.4}° E"));
                }
                ui.label(format!("zoom {:.1}", self.memory.zoom()));
                ui.label(format!(
                    "{} features in {} layers",
                    self.data.feature_count(),
                    self.data.layers.len()
                ));
                if let Some(n) = &self.notice {
                    ui.separator();
                    ui.label(n);
                }
            });
        });
        if !self.errors.is_empty() {
            egui::Panel::bottom("problems").show(ui, |ui| {
                actions.extend(panels::problems_panel(ui, &self.errors));
            });
        }
        egui::Panel::left("layers")
            .resizable(true)
            .default_size(250.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    actions.extend(panels::loading_panel(ui, &self.jobs));
                    actions.extend(panels::layers_panel(ui, &self.data, self.state.tiles));
                    ui.separator();
                    actions.extend(panels::bookmarks_panel(
                        ui,
                        &self.state.bookmarks,
                        &mut self.bookmark_name,
                    ));
                    ui.separator();
                    panels::legend(ui, &self.data);
                    if !self.indicators.indicators.is_empty() {
                        ui.separator();
                        egui::CollapsingHeader::new("Corridor figures")
                            .default_open(false)
                            .show(ui, |ui| panels::indicators_panel(ui, &self.indicators));
                    }
                });
            });
        if let Some(r) = self.selected {
            if let Some(f) = self.data.get(r) {
                let layer_name = self.data.layers[r.layer].name.clone();
                egui::Panel::right("details")
                    .resizable(true)
                    .default_size(340.0)
                    .show(ui, |ui| {
                        egui::ScrollArea::vertical().show(ui, |ui| {
                            actions.extend(panels::also_here(ui, &self.data, r, &self.also_here));
                            actions.extend(panels::details_panel(ui, r, f, &layer_name));
                        });
                    });
            } else {
                self.selected = None;
            }
        }
        if self.export.open {
            let countries = self.countries_in_view();
            actions.extend(crate::export::export_window(
                &ctx,
                &mut self.export,
                countries.as_deref(),
            ));
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            actions.extend(self.map_ui(ui));
        });
        if let Some(t) = self.started.take() {
            log::info!(
                "first frame drawn {:.0} ms after start",
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.handle(&ctx, actions);
    }

    /// eframe calls this every 30 s and on exit; our settings file is written atomically.
    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        self.save_settings();
    }
}

/// Do two paths name the same file (after resolving `.` and links where possible)?
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    a == b
        || match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
}
