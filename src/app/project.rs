//! File → Save project / Open project: the session as a project file and back. Opening one
//! opens what it can and says what is missing; layers that load later take their place in the
//! project's order as they arrive.

use super::CorridorApp;
use crate::map;
use crate::model::Filter;
use crate::project::{Arrangement, Project, ProjectFilter, ProjectLayer, Source, VERSION};
use crate::settings::Bookmark;
use std::path::{Path, PathBuf};

fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

impl CorridorApp {
    /// The session as a project saved at `path` (files relative to its folder).
    pub fn project(&self, path: &Path) -> Project {
        let base = folder_of(path);
        let view = self.viewport.map(|vp| {
            let (lon, lat) = map::to_lonlat(vp.center);
            Bookmark::at("project view".into(), lon, lat, vp.zoom)
        });
        Project {
            atlas_project: VERSION,
            layers: self
                .data
                .layers
                .iter()
                .map(|m| ProjectLayer {
                    source: Project::source_of(&m.layer.origin, &base),
                    visible: m.visible,
                    opacity: m.opacity,
                })
                .collect(),
            view,
            bookmarks: self.state.bookmarks.clone(),
            filter: ProjectFilter::of(self.data.filter()),
        }
    }

    /// Write the project file.
    pub fn save_project(&mut self, path: &Path) {
        match self.project(path).write(path) {
            Ok(()) => self.notice = Some(format!("Saved project {}", path.display())),
            Err(e) => self.problems.warning(vec![e.to_string()]),
        }
    }

    /// Open a project: its view, bookmarks, filters and year now, its layers as they load;
    /// the files added before that it does not list are closed. `wait`: load the files here
    /// (tests), else in the background.
    pub fn open_project(&mut self, path: &Path, ctx: Option<&egui::Context>) {
        let p = match Project::read(path) {
            Ok(p) => p,
            Err(e) => {
                self.problems.warning(vec![e.to_string()]);
                return;
            }
        };
        let base = folder_of(path);
        let shown = path.display().to_string();
        let mut said: Vec<String> = Vec::new();
        let order = p.arrangement(&base);
        let mut tables = Vec::new();
        for l in &p.layers {
            if let Source::Database { database: url } = &l.source {
                match crate::load::postgis::DbUrl::parse(url) {
                    Ok(u) if u.layer.is_some() => tables.push(u),
                    Ok(_) => said.push(format!("{shown}: {url} names no ?layer=SCHEMA.TABLE")),
                    Err(e) => said.push(format!("{shown}: {e}")),
                }
            }
        }
        // Close the added files and tables the project does not list.
        while let Some(i) = self.data.layers.iter().position(|m| {
            !matches!(m.layer.origin, crate::model::Origin::Embedded(_))
                && order.rank(&m.layer.origin).is_none()
        }) {
            self.remove_layer(i);
        }
        self.keep_tables(&tables);
        for t in tables {
            self.add_live_table(t);
        }
        // The layers already here take the project's order now.
        self.place_by_project(&order);
        let (filter, unknown) = p.filter.filter();
        said.extend(unknown.into_iter().map(|u| format!("{shown}: {u}")));
        let mut filter: Filter = filter;
        if let Some(y) = filter.year
            && let Err(e) = crate::cli::check_year(y, self.year_range())
        {
            said.push(format!("{shown}: {e}"));
            filter.year = None;
        }
        self.data.set_filter(&filter);
        let files = p.files(&base);
        for b in p.bookmarks {
            if !self.state.bookmarks.iter().any(|x| x.name == b.name) {
                self.state.bookmarks.push(b);
            }
        }
        if let Some(v) = &p.view {
            let v = Bookmark::at(v.name.clone(), v.center_lon, v.center_lat, v.zoom);
            map::look_at(
                &mut self.memory,
                map::to_unit(v.center_lon, v.center_lat),
                v.zoom,
            );
            self.fit_pending = false;
        }
        let (here, missing): (Vec<PathBuf>, Vec<PathBuf>) =
            files.into_iter().partition(|f| f.exists());
        for m in missing {
            said.push(format!(
                "{shown}: {} is missing; its layers are not opened",
                m.display()
            ));
        }
        self.project_order = Some(order);
        match ctx {
            Some(ctx) => self.open_in_background(&here, ctx),
            None => {
                self.open_paths(&here);
                self.project_order = None;
            }
        }
        if !said.is_empty() {
            self.problems.warning(said);
        }
        self.notice = Some(format!("Opened project {shown}"));
    }

    /// The layers take their visibility, opacity and place from the project being opened.
    pub(super) fn place_by_project(&mut self, order: &Arrangement) {
        for m in &mut self.data.layers {
            if let Some((visible, opacity)) = order.state(&m.layer.origin) {
                m.visible = visible;
                m.opacity = opacity;
            }
        }
        let origins: Vec<_> = self
            .data
            .layers
            .iter()
            .map(|m| m.layer.origin.clone())
            .collect();
        for (from, to) in order.moves(&origins) {
            self.move_layer(from, to);
        }
    }

    /// A layer loaded while a project is being opened.
    pub(super) fn layer_arrived(&mut self) {
        if let Some(order) = self.project_order.clone() {
            self.place_by_project(&order);
        }
    }
}
