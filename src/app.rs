//! The application: state, the frame's layout, and the one place where side effects happen
//! (file dialogs, loading, exporting, saving settings).

use crate::export::{self, ExportOptions};
use crate::load::{self, Indicators, LoadError};
use crate::map::{self, Basemap, DrawOptions, MapLayers, Viewport};
use crate::model::{Dataset, FeatureRef, Origin};
use crate::panels::{self, Action};
use egui::{Pos2, Rect, Ui};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use walkers::{HttpTiles, MapMemory, Tiles, lon_lat, sources::OpenStreetMap};

/// Tolerance for picking, in points.
pub const PICK_TOLERANCE: f32 = 8.0;

/// What is remembered between runs (view state only; data and indexes are rebuilt).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedState {
    pub center_lon: f64,
    pub center_lat: f64,
    pub zoom: f64,
    pub tiles: bool,
    pub labels: bool,
    /// Origins (as text) of layers the planner switched off.
    pub hidden_layers: Vec<String>,
}

impl Default for SavedState {
    fn default() -> Self {
        Self {
            center_lon: f64::NAN,
            center_lat: f64::NAN,
            zoom: f64::NAN,
            tiles: false,
            labels: true,
            hidden_layers: Vec::new(),
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
    generation: u64,
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
}

impl CorridorApp {
    /// Build the app for eframe (restores saved state).
    pub fn new(cc: &eframe::CreationContext<'_>, start: StartOptions) -> Self {
        let saved = if start.fresh {
            None
        } else {
            cc.storage
                .and_then(|s| eframe::get_value::<SavedState>(s, eframe::APP_KEY))
        };
        let mut app = Self::with_state(saved.unwrap_or_default());
        app.open_paths(&start.data);
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
        let fit_pending = !(state.center_lon.is_finite()
            && state.center_lat.is_finite()
            && state.zoom.is_finite());
        if !fit_pending {
            memory.center_at(lon_lat(state.center_lon, state.center_lat));
            if memory.set_zoom(state.zoom).is_err() {
                log::warn!("saved zoom {} is out of range", state.zoom);
            }
        }
        Self {
            data,
            generation: 1,
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
                                self.generation += 1;
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
                        self.open_paths(&files);
                    }
                }
                Action::Open(paths) => self.open_paths(&paths),
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
                        self.generation += 1;
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
                    let name = format!(
                        "{}.png",
                        export::slug(&self.export.options.title_or_default(self.viewport.as_ref()))
                    );
                    if let Some(path) = rfd::FileDialog::new()
                        .add_filter("PNG image", &["png"])
                        .set_file_name(name)
                        .save_file()
                    {
                        self.export_to(path);
                    }
                }
                Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            }
        }
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
        }
        if self.state.tiles && self.tiles.is_none() {
            self.tiles = Some(HttpTiles::new(OpenStreetMap, ui.ctx().clone()));
        }
        self.prepared.sync(&self.data, self.generation);
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
        };
        let tiles_on = self.state.tiles;
        let inner = walkers::Map::new(tiles, &mut self.memory, center)
            .double_click_to_zoom(true)
            .show(ui, |ui, response, projector, _memory| {
                let vp = Viewport::from_projector(projector);
                let painter = ui.painter().with_clip_rect(vp.rect);
                // 1. Offline basemap into the reserved slot, below the tiles.
                let level = basemap.level(vp.zoom);
                ui.painter().set(
                    basemap_slot,
                    egui::Shape::Vec(map::basemap_shapes(&vp, level)),
                );
                // 2. Corridor layers and labels.
                let mut reserved = map::draw_country_labels(&painter, &vp, level);
                // 3. Picking.
                let hover = response
                    .hover_pos()
                    .and_then(|p| map::pick(&vp, data, prepared, p, PICK_TOLERANCE));
                let clicked = if response.clicked() {
                    Some(
                        response
                            .interact_pointer_pos()
                            .and_then(|p| map::pick(&vp, data, prepared, p, PICK_TOLERANCE)),
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
                map::draw_layers(&painter, &vp, data, prepared, &opts, &reserved);
                let cursor = response.hover_pos().map(|p| vp.screen_to_lonlat(p));
                (vp, hover, clicked, cursor)
            });
        let (vp, hover, clicked, cursor) = inner.inner;
        self.viewport = Some(vp);
        self.hovered = hover;
        self.cursor_lonlat = cursor;
        if let Some(c) = clicked {
            actions.push(Action::Select(c));
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
                    actions.extend(panels::layers_panel(ui, &self.data, self.state.tiles));
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
                            actions.extend(panels::details_panel(ui, r, f, &layer_name));
                        });
                    });
            } else {
                self.selected = None;
            }
        }
        if self.export.open {
            actions.extend(crate::export::export_window(
                &ctx,
                &mut self.export,
                self.viewport.as_ref(),
            ));
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            actions.extend(self.map_ui(ui));
        });
        self.handle(&ctx, actions);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Some(vp) = self.viewport {
            let (lon, lat) = map::to_lonlat(vp.center);
            self.state.center_lon = lon;
            self.state.center_lat = lat;
            self.state.zoom = vp.zoom;
        }
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }
}

/// Is this layer one the planner opened (not the built-in data)?
pub fn is_user_layer(origin: &Origin) -> bool {
    matches!(origin, Origin::File(_))
}
