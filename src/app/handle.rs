//! What the panels asked for, done: the one place where the window's side effects happen
//! (file dialogs, loading, the clipboard, saving settings).

use super::CorridorApp;
use crate::export;
use crate::map::{self, Viewport};
use crate::ui::Action;

impl CorridorApp {
    /// Perform what the panels asked for.
    pub fn handle(&mut self, ctx: &egui::Context, actions: Vec<Action>) {
        for a in actions {
            match a {
                Action::OpenDialog => {
                    if let Some(files) = rfd::FileDialog::new()
                        .add_filter("GeoJSON, CSV or GPX", &["geojson", "json", "csv", "gpx"])
                        .pick_files()
                    {
                        self.open_in_background(&files, ctx);
                    }
                }
                Action::Open(paths) => self.open_in_background(&paths, ctx),
                Action::OpenProjectDialog => {
                    if let Some(p) = rfd::FileDialog::new()
                        .add_filter("Corridor Atlas project", &["json"])
                        .pick_file()
                    {
                        self.open_project(&p, Some(ctx));
                    }
                }
                Action::OpenProject(p) => self.open_project(&p, Some(ctx)),
                a @ (Action::ShowDatabase(_) | Action::DbConnect(_) | Action::DbAdd(_)) => {
                    self.db_action(a, ctx)
                }
                Action::OpenCsvWith(path, cols) => self.open_csv_with(path, cols, ctx),
                Action::CloseCsvColumns => self.csv_pick = None,
                Action::SaveProjectDialog => {
                    if let Some(mut p) = rfd::FileDialog::new()
                        .add_filter("Corridor Atlas project", &["json"])
                        .set_file_name("corridor.atlas.json")
                        .save_file()
                    {
                        if !crate::project::is_project_file(&p) {
                            p = p.with_extension("atlas.json");
                        }
                        self.save_project(&p);
                    }
                }
                Action::CancelLoad(i) => self.loads.cancel(i),
                Action::Select(r) => {
                    self.selected = r;
                    if r.is_none() {
                        // Esc lets go of the keyboard's feature too.
                        self.keyboard_focus = None;
                    }
                }
                Action::ZoomTo(r) => self.zoom_to(r),
                Action::FitCorridor => self.fit_pending = true,
                Action::ZoomIn => {
                    let _ = self.memory.zoom_in();
                }
                Action::SetFilter(f) => {
                    self.data.set_filter(&f);
                    self.find_cache.forget_rows();
                }
                Action::SetYear(year) => {
                    let range = self.year_range();
                    let year = year.map(|y| match range {
                        Some((a, b)) => y.clamp(a, b),
                        None => y,
                    });
                    let mut f = self.data.filter().clone();
                    f.year = year;
                    self.data.set_filter(&f);
                    self.find_cache.forget_rows();
                    if year.is_none() {
                        self.playing = None;
                    }
                }
                Action::PlayYears(on) => {
                    self.playing = on.then(|| ctx.input(|i| i.time));
                    if on && let Some((first, last)) = self.year_range() {
                        // Played from the start when at the end (or off).
                        let y = self
                            .data
                            .filter()
                            .year
                            .filter(|y| *y < last)
                            .unwrap_or(first);
                        let mut f = self.data.filter().clone();
                        f.year = Some(y);
                        self.data.set_filter(&f);
                    }
                }
                Action::ShowTable(open) => self.table.open = open,
                Action::SortTable(column, ascending) => self.table.sort_by(column, ascending),
                Action::TableInView(on) => self.table.set_in_view(on),
                Action::CopyTableCsv => {
                    let csv = self.table.csv(&self.data);
                    let rows = self.table.order().len();
                    ctx.copy_text(csv);
                    self.notice = Some(format!("Copied {rows} rows as CSV"));
                }
                Action::ShowRoute(open) => self.route.open = open,
                Action::ShowCharts(open) => self.charts_open = open,
                Action::FindRoute => self.find_route(),
                Action::ClearRoute => {
                    self.route.result = None;
                    self.route.throughput = None;
                }
                Action::Throughput => self.find_throughput(),
                Action::ScenarioSet(id, edit) => {
                    self.route.scenario.sections.insert(id, edit);
                    self.scenario_changed();
                }
                Action::ScenarioRemove(id) => {
                    self.route.scenario.sections.remove(&id);
                    self.scenario_changed();
                }
                Action::ScenarioReset => {
                    self.route.scenario = Default::default();
                    self.scenario_changed();
                }
                Action::ScenarioSave => self.save_scenario(),
                Action::ScenarioLoad => self.load_scenario(),
                Action::RouteEnd { name, from } => {
                    self.route.open = true;
                    if from {
                        self.route.edit.from = name;
                    } else {
                        self.route.edit.to = name;
                    }
                    if !self.route.edit.from.is_empty() && !self.route.edit.to.is_empty() {
                        self.find_route();
                    }
                }
                Action::CycleFeature { back } => self.cycle_feature(back),
                Action::OpenFocused => {
                    if let Some(r) = self.keyboard_focus {
                        self.selected = Some(r);
                        self.also_here.clear();
                    }
                }
                Action::SelectRow(r) => {
                    self.selected = Some(r);
                    self.also_here.clear();
                    self.table.keep_scroll(r);
                }
                Action::CopyViewCommand => {
                    if let Some(cmd) = self.view_command() {
                        ctx.copy_text(cmd.clone());
                        self.notice = Some(format!("Copied: {cmd}"));
                    }
                }
                Action::Pan(by) => {
                    if let Some(vp) = self.viewport {
                        let d = by * vp.rect.size() / vp.scale() as f32;
                        let center = [vp.center[0] + d.x as f64, vp.center[1] + d.y as f64];
                        map::look_at(&mut self.memory, center, vp.zoom);
                    }
                }
                Action::ZoomOut => {
                    let _ = self.memory.zoom_out();
                }
                Action::SetLayerVisible(i, v) => {
                    if let Some(m) = self.data.layers.get_mut(i) {
                        m.visible = v;
                        let key = m.layer.origin.to_string();
                        self.state.hidden_layers.retain(|h| h != &key);
                        if !v {
                            self.state.hidden_layers.push(key);
                        }
                    }
                }
                Action::MoveLayer(from, to) => self.move_layer(from, to),
                Action::SetLayerOpacity(i, op) => {
                    if let Some(m) = self.data.layers.get_mut(i) {
                        m.opacity = op.clamp(0.0, 1.0);
                    }
                }
                Action::RemoveLayer(i) => self.remove_layer(i),
                Action::SetTiles(on) => {
                    self.state.tiles = on;
                    if !on {
                        self.tiles = None;
                    }
                }
                Action::SetLabels(on) => self.state.labels = on,
                Action::SetBasemapLayers(b) => self.state.hidden_basemap = b.hidden(),
                Action::OpenFind => {
                    self.find.open = true;
                    self.find.focus = true;
                }
                Action::CloseFind => self.find.open = false,
                Action::StartMeasure => self.measure = Some(Default::default()),
                Action::EndMeasure => self.measure = None,
                Action::FindPick(r) => {
                    self.find.open = false;
                    self.selected = Some(r);
                    self.also_here.clear();
                    self.zoom_pending = Some(r);
                }
                Action::DismissProblems => self.problems.clear(),
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
                        self.export_to(path, ctx);
                    }
                }
                Action::CancelExport => self.exporter.cancel(),
                Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
                Action::AddBookmark(name) => self.add_bookmark(&name),
                Action::GoToBookmark(i) => {
                    if let Some(b) = self.state.bookmarks.get(i) {
                        let center = map::to_unit(b.center_lon, b.center_lat);
                        map::look_at(&mut self.memory, center, b.zoom);
                    }
                }
                Action::RemoveBookmark(i) => {
                    if i < self.state.bookmarks.len() {
                        self.state.bookmarks.remove(i);
                        self.save_settings();
                    }
                }
                Action::BookmarkNow => {
                    self.add_bookmark("");
                    if let Some(b) = self.state.bookmarks.last() {
                        let at = self.state.bookmarks.len() - 1;
                        self.bookmark_edit.renaming = Some((at, b.name.clone()));
                        self.bookmark_edit.rename_focus = true;
                    }
                }
                Action::RenameBookmark(i, name) => {
                    self.bookmark_edit.renaming = None;
                    if let Some(b) = self.state.bookmarks.get_mut(i)
                        && !name.trim().is_empty()
                    {
                        b.name = name.trim().to_string();
                        self.save_settings();
                    }
                }
                Action::MoveBookmark(from, to) => {
                    let n = self.state.bookmarks.len();
                    if from < n && to < n {
                        let b = self.state.bookmarks.remove(from);
                        self.state.bookmarks.insert(to, b);
                        self.save_settings();
                    }
                }
                Action::GoToView(name) => {
                    if let (Some((_, _, bbox)), Some(vp)) =
                        (export::VIEWS.iter().find(|v| v.0 == name), self.viewport)
                    {
                        let fit = Viewport::fit(vp.rect, *bbox, 10.0);
                        map::look_at(&mut self.memory, fit.center, fit.zoom);
                    }
                }
            }
        }
    }
}
