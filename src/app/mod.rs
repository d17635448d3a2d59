//! The application: its state, the frame's layout, and the one place where side effects
//! happen (file dialogs, loading, exporting, saving settings), in [`CorridorApp::handle`] and
//! the jobs it starts.

use crate::export::job::Exporter;
use crate::load::{self, Watcher};
use crate::map::{
    self, Basemap, BasemapLayers, Furniture, Loads, MapCache, MapData, Scene, Viewport,
};
use crate::model::{FeatureRef, Indicators};
use crate::settings::{self, Bookmark, SavedState};
use crate::ui::{self, Action, ExportDialog, Exporting, Loading, Problems};
use egui::{Rect, Ui};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use walkers::{HttpTiles, MapMemory, Tiles};

mod database;
mod find;
mod handle;
mod keyboard;
mod loading;
mod project;
mod route;
mod table;
mod timeline;
mod views;

/// How the app starts.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// Files or folders to open at start (`--data`).
    pub data: Vec<PathBuf>,
    /// A name to find once the data is loaded (`--find`).
    pub find: Option<String>,
    /// A shipped view or saved bookmark to go to (`--bookmark`).
    pub bookmark: Option<String>,
    /// Filters and the timeline's year (`--kind`, `--year`…).
    pub filter: crate::model::Filter,
    /// A route to find once the data is loaded (`--route FROM,TO`).
    pub route: Option<(String, String)>,
    /// A project file to open (`--project`), before `data`.
    pub project: Option<PathBuf>,
    /// Ignore the saved window state (tests).
    pub fresh: bool,
    /// Where settings and bookmarks live; `None`: the default place (unless `fresh`).
    pub settings_path: Option<PathBuf>,
    /// When the process started, to log the time to the first frame.
    pub started: Option<Instant>,
}

pub struct CorridorApp {
    pub data: MapData,
    basemap: Arc<Basemap>,
    pub indicators: Indicators,
    pub memory: MapMemory,
    pub state: SavedState,
    tiles: Option<HttpTiles>,
    pub selected: Option<FeatureRef>,
    pub hovered: Option<FeatureRef>,
    /// Other features under the last click (the details panel offers them).
    pub also_here: Vec<FeatureRef>,
    pub problems: Problems,
    /// Short messages for the status bar (e.g. "Reloaded …").
    pub notice: Option<String>,
    pub viewport: Option<Viewport>,
    fit_pending: bool,
    cursor_lonlat: Option<(f64, f64)>,
    /// The map's screen rectangle last frame, to keep the map still when panels open.
    last_map_rect: Option<Rect>,
    /// What drawing keeps between frames.
    cache: MapCache,
    /// The renderer draws crowded views from GPU memory ([`crate::map::gpu`]).
    gpu: bool,
    pub export: ExportDialog,
    /// Exports running in the background.
    pub exporter: Exporter,
    /// The countries of the last viewport (default export title), kept while it stands.
    countries: Option<(Viewport, Vec<String>)>,
    /// Files loading in the background.
    pub loads: Loads,
    watcher: Watcher,
    settings_path: Option<PathBuf>,
    /// The bookmarks panel's name field and renaming.
    pub bookmark_edit: ui::BookmarkEdit,
    started: Option<Instant>,
    /// The find box (Ctrl+F).
    pub find: ui::FindBar,
    /// A feature to fit the map to on the next frame.
    zoom_pending: Option<FeatureRef>,
    /// `--find NAME`, resolved once the files given at start have loaded.
    find_pending: Option<String>,
    /// The measure tool, while it is on: clicks add points instead of selecting.
    pub measure: Option<crate::analysis::Measurement>,
    find_cache: find::FindCache,
    /// The feature Tab moved to (lit as if hovered; Enter selects it).
    pub keyboard_focus: Option<FeatureRef>,
    /// The Route window (Ctrl+R).
    pub route: route::RouteState,
    /// Fit the map to the routes just found.
    route_fit_pending: bool,
    /// The charts of the corridor figures are open.
    pub charts_open: bool,
    /// `--route`: find it once the files given at start have loaded.
    route_pending: bool,
    /// The feature under the pointer when the map's right-click menu opened.
    menu_feature: Option<FeatureRef>,
    /// The attribute table (F6).
    pub table: table::TableState,
    /// A shipped view to fit the map to once it has its size (`--bookmark`).
    view_pending: Option<&'static str>,
    /// A CSV table's position columns being asked for, and those picked (kept for reloads).
    pub csv_pick: Option<ui::CsvPick>,
    csv_columns: Vec<(PathBuf, crate::load::CsvColumns)>,
    /// The database window and the PostGIS tables on the map.
    pub db: database::DbState,
    /// The project being opened: its layers' order, visibility and opacity.
    project_order: Option<crate::project::Arrangement>,
    /// The timeline is playing: when it last stepped (egui's clock, seconds).
    playing: Option<f64>,
    /// The years the loaded data speaks of, for the layers it was worked out for.
    years: (Vec<u64>, Option<(i32, i32)>),
}

impl CorridorApp {
    /// Build the app for eframe (restores saved state).
    pub fn new(cc: &eframe::CreationContext<'_>, start: StartOptions) -> Self {
        let path = start
            .settings_path
            .clone()
            .or_else(|| (!start.fresh).then(settings::default_path).flatten());
        let opened = settings::open(path);
        let mut app = Self::with_state(opened.state);
        if !opened.warnings.is_empty() {
            app.problems.warning(opened.warnings);
        }
        app.settings_path = opened.path;
        app.started = start.started;
        app.notice = opened.notice;
        crate::style::fonts::install(&cc.egui_ctx);
        if let Some(rs) = &cc.wgpu_render_state {
            // eframe's default: no multisampling.
            map::gpu::register(rs, 1);
            app.gpu = true;
        }
        app.exporter = Exporter::new(cc.wgpu_render_state.clone());
        Basemap::prepare_in_background(&app.basemap);
        if let Some(p) = &start.project {
            app.open_project(p, Some(&cc.egui_ctx));
        }
        app.open_in_background(&start.data, &cc.egui_ctx);
        app.find_pending = start.find;
        app.start_view(start.bookmark.as_deref(), &start.filter);
        if let Some((from, to)) = start.route {
            app.route.edit.from = from;
            app.route.edit.to = to;
            app.route.open = true;
            app.route_pending = true;
        }
        app
    }

    /// The app with the built-in dataset and the given view state (read and checked by
    /// [`settings::read`]).
    fn with_state(state: SavedState) -> Self {
        let (layers, errors) = load::embedded_layers();
        let mut data = MapData::from_layers(layers);
        for m in &mut data.layers {
            m.visible = !state.hidden_layers.contains(&m.layer.origin.to_string());
        }
        let mut problems = Problems::default();
        for e in &errors {
            problems.failed(e);
        }
        let indicators = load::embedded_indicators().unwrap_or_else(|e| {
            problems.failed(&e);
            Indicators::default()
        });
        let mut memory = MapMemory::default();
        let fit_pending = state.view.is_none();
        if let Some(v) = &state.view {
            map::look_at(
                &mut memory,
                map::to_unit(v.center_lon, v.center_lat),
                v.zoom,
            );
        }
        Self {
            data,
            basemap: Arc::new(Basemap::embedded()),
            indicators,
            memory,
            state,
            tiles: None,
            selected: None,
            hovered: None,
            also_here: Vec::new(),
            problems,
            notice: None,
            viewport: None,
            fit_pending,
            cursor_lonlat: None,
            last_map_rect: None,
            cache: MapCache::default(),
            gpu: false,
            export: ExportDialog::default(),
            exporter: Exporter::default(),
            countries: None,
            loads: Loads::default(),
            watcher: Watcher::default(),
            settings_path: None,
            bookmark_edit: Default::default(),
            started: None,
            find: Default::default(),
            find_cache: Default::default(),
            zoom_pending: None,
            find_pending: None,
            measure: None,
            playing: None,
            view_pending: None,
            project_order: None,
            db: Default::default(),
            csv_pick: None,
            csv_columns: Vec::new(),
            table: Default::default(),
            route: Default::default(),
            menu_feature: None,
            route_pending: false,
            charts_open: false,
            route_fit_pending: false,
            keyboard_focus: None,
            years: (vec![u64::MAX], None),
        }
    }

    /// Write view state and bookmarks (atomically) to the settings file.
    pub fn save_settings(&mut self) {
        if let Some(vp) = self.viewport {
            let (lon, lat) = map::to_lonlat(vp.center);
            self.state.view = Some(Bookmark::at("last view".into(), lon, lat, vp.zoom));
        }
        if let Some(p) = &self.settings_path
            && let Err(e) = settings::save(p, &self.state)
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

    fn zoom_to(&mut self, r: FeatureRef) {
        if let Some(vp) = self.viewport {
            self.zoom_to_in(r, vp.rect);
        }
    }

    /// Fit the map in `rect` to the feature.
    fn zoom_to_in(&mut self, r: FeatureRef, rect: Rect) {
        let Some(f) = self.data.get(r) else {
            return;
        };
        if let Some(b) = f.bbox() {
            let (w, s, e, n) = (b.min().x, b.min().y, b.max().x, b.max().y);
            let pad = 0.3;
            let fit = Viewport::fit(rect, [w - pad, s - pad, e + pad, n + pad], 40.0);
            map::look_at(&mut self.memory, fit.center, fit.zoom.min(11.0));
        }
    }

    /// The map area: the scene, then the zoom buttons over it and the hover tooltip.
    fn map_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let rect = ui.available_rect_before_wrap();
        let pending = self.view_pending.take();
        if let Some((_, _, bbox)) =
            pending.and_then(|v| crate::export::VIEWS.iter().find(|x| x.0 == v))
        {
            let fit = Viewport::fit(rect, *bbox, 10.0);
            map::look_at(&mut self.memory, fit.center, fit.zoom);
        } else if self.fit_pending {
            let fit = Viewport::fit(rect, map::CORRIDOR_BBOX, 10.0);
            map::look_at(&mut self.memory, fit.center, fit.zoom);
            self.fit_pending = false;
        } else if let (Some(old), Some(vp)) = (self.last_map_rect, self.viewport)
            && old != rect
        {
            // A panel opened or closed: keep what is on screen where it was.
            let shift = (rect.center() - old.center()) / vp.scale() as f32;
            let center = [vp.center[0] + shift.x as f64, vp.center[1] + shift.y as f64];
            map::look_at(&mut self.memory, center, vp.zoom);
        }
        self.last_map_rect = Some(rect);
        if self.loads.is_empty()
            && let Some(query) = self.find_pending.take()
        {
            match self.data.find_by_name(&query) {
                Some(r) => actions.push(Action::FindPick(r)),
                None => self.problems.warning(vec![format!(
                    "--find: no feature is named like \"{query}\""
                )]),
            }
        }
        if self.loads.is_empty() && std::mem::take(&mut self.route_pending) {
            self.find_route();
        }
        if std::mem::take(&mut self.route_fit_pending)
            && let Some(b) = self.route_extent()
        {
            let fit = Viewport::fit(rect, [b[0] - 1.0, b[1] - 1.0, b[2] + 1.0, b[3] + 1.0], 30.0);
            map::look_at(&mut self.memory, fit.center, fit.zoom);
        }
        // A feature found: fitted once the map has its size with the details panel open.
        if let Some(r) = self.zoom_pending.take() {
            self.zoom_to_in(r, rect);
        }
        let server = map::TileServer::OpenStreetMap;
        if self.state.tiles && self.tiles.is_none() {
            self.tiles = Some(server.connect(ui.ctx().clone()));
        }
        let scene = Scene {
            data: &self.data,
            basemap: &self.basemap,
            selected: self.selected,
            labels: self.state.labels,
            basemap_layers: BasemapLayers::hiding(&self.state.hidden_basemap),
            tiles: self.state.tiles.then_some(&server),
            gpu: self.gpu,
            interactive: true,
            focused: self.keyboard_focus,
            furniture: Furniture::Window,
        };
        let tiles = self.tiles.as_mut().map(|t| t as &mut dyn Tiles);
        let shown = map::show(ui, &mut self.memory, tiles, &scene, &mut self.cache);
        actions.extend(ui::zoom_buttons(ui, shown.viewport.rect));
        self.viewport = Some(shown.viewport);
        self.hovered = shown.hovered;
        self.cursor_lonlat = shown.cursor;
        if let Some(m) = &mut self.measure {
            if shown.clicked.is_some()
                && let Some(p) = shown.response.interact_pointer_pos()
            {
                m.points.push(shown.viewport.screen_to_lonlat(p));
            }
            let m = m.clone();
            actions.extend(ui::measure_overlay(ui, &shown.viewport, &m, shown.cursor));
        } else if let Some(hits) = shown.clicked {
            actions.push(Action::Select(hits.first().copied()));
            self.also_here = hits.into_iter().take(8).collect();
        }
        if let Some(Ok(routes)) = &self.route.result {
            ui::route_overlay(ui, &shown.viewport, routes);
        }
        if let Some(t) = &self.route.throughput {
            ui::cut_overlay(ui, &shown.viewport, t);
        }
        if shown.response.secondary_clicked() {
            self.menu_feature = shown.hovered;
        }
        let place = self
            .menu_feature
            .and_then(|r| self.data.get(r))
            .filter(|f| matches!(f.geometry, geo::Geometry::Point(_)))
            .map(|f| f.name.clone());
        shown.response.context_menu(|ui| match &place {
            Some(name) => {
                ui.label(egui::RichText::new(name).strong());
                for (label, from) in [("Route from here", true), ("Route to here", false)] {
                    if ui.button(label).clicked() {
                        actions.push(Action::RouteEnd {
                            name: name.clone(),
                            from,
                        });
                        ui.close();
                    }
                }
            }
            None => {
                ui.label("Right-click a place to route from or to it");
            }
        });
        if let Some(f) = shown.hovered.and_then(|h| self.data.get(h)) {
            shown
                .response
                .on_hover_ui_at_pointer(|ui| ui::tooltip(ui, f));
        }
        if self.find.open {
            let rows = self.find_rows();
            actions.extend(ui::find_bar(ui, shown.viewport.rect, &mut self.find, &rows));
        }
        actions
    }
}

impl eframe::App for CorridorApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let mut actions = Vec::new();
        self.poll_loads(&ctx);
        self.poll_database(&ctx);
        self.poll_watcher(&ctx);
        if let Some(result) = self.exporter.poll() {
            // In the status bar too: the export dialog may have been closed meanwhile.
            self.notice = Some(match &result {
                Ok(saved) => saved.clone(),
                Err(why) => format!("Export failed: {why}"),
            });
            self.export.last_result = Some(result);
        }
        let exporting = self.exporter.progress().map(|p| Exporting {
            fraction: p.fraction(),
            stage: p.stage(),
        });
        if !self.loads.is_empty() || self.exporter.is_running() {
            ctx.request_repaint_after(Duration::from_millis(50));
        }

        self.step_timeline(&ctx);
        let busy = self.find.open || self.measure.is_some();
        actions.extend(ui::feature_keys(&ctx, self.keyboard_focus.is_some()));
        actions.extend(ui::window_input(&ctx, busy, self.table.open));

        egui::Panel::top("menu").show(ui, |ui| {
            let table = self.table.open;
            actions.extend(ui::menu_bar(ui, self.state.tiles, self.state.labels, table));
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui::status_bar(
                ui,
                &ui::Status {
                    cursor: self.cursor_lonlat,
                    zoom: self.memory.zoom(),
                    features: self.data.feature_count(),
                    layers: self.data.layers.len(),
                    notice: self.notice.as_deref(),
                    exporting: exporting.as_ref(),
                },
            );
        });
        let timeline = self.timeline();
        egui::Panel::bottom("timeline").show(ui, |ui| {
            actions.extend(ui::timeline_bar(ui, &timeline));
        });
        if self.table.open {
            egui::Panel::bottom("attribute table")
                .resizable(true)
                .default_size(230.0)
                .show(ui, |ui| actions.extend(self.table_panel(ui)));
        }
        if !self.problems.is_empty() {
            egui::Panel::bottom("problems").show(ui, |ui| {
                actions.extend(ui::problems_panel(ui, &self.problems));
            });
        }
        egui::Panel::left("layers")
            .resizable(true)
            .default_size(250.0)
            .show(ui, |ui| {
                let loading: Vec<Loading> = self
                    .loads
                    .progress()
                    .map(|(path, progress)| Loading {
                        name: path
                            .file_name()
                            .map(|n| n.to_string_lossy().to_string())
                            .unwrap_or_default(),
                        fraction: progress.fraction(),
                    })
                    .collect();
                let facets = self.facets();
                let counts = (self.data.shown_count(), self.data.visible_count());
                let sidebar = ui::Sidebar {
                    loading: &loading,
                    data: &self.data,
                    tiles: self.state.tiles,
                    labels: self.state.labels,
                    basemap: BasemapLayers::hiding(&self.state.hidden_basemap),
                    bookmarks: &self.state.bookmarks,
                    legend: &self.data.legend(),
                    filter: self.data.filter(),
                    facets: &facets,
                    counts,
                    indicators: &self.indicators,
                    year: timeline.year,
                };
                actions.extend(ui::sidebar(ui, &sidebar, &mut self.bookmark_edit));
            });
        if let Some(r) = self.selected {
            match self.data.get(r) {
                Some(f) => {
                    let layer_name = &self.data.layers[r.layer].layer.name;
                    egui::Panel::right("details")
                        .resizable(true)
                        .default_size(340.0)
                        .show(ui, |ui| {
                            egui::ScrollArea::vertical().show(ui, |ui| {
                                let here = ui::also_here(ui, &self.data, r, &self.also_here);
                                actions.extend(here);
                                let year = self.data.filter().year;
                                actions.extend(ui::details_panel(ui, r, f, layer_name, year));
                            });
                        });
                }
                None => self.selected = None,
            }
        }
        actions.extend(self.tool_windows(&ctx));
        actions.extend(self.database_window(&ctx));
        if let Some(pick) = &mut self.csv_pick {
            let mut open = true;
            egui::Window::new("Position columns")
                .open(&mut open)
                .resizable(false)
                .show(&ctx, |ui| actions.extend(ui::csv_columns_panel(ui, pick)));
            if !open {
                actions.push(ui::Action::CloseCsvColumns);
            }
        }
        if self.export.open {
            let countries = self.countries_in_view();
            actions.extend(ui::export_window(
                &ctx,
                &mut self.export,
                countries.as_deref(),
                exporting.as_ref(),
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
