//! The side panels, menus and legend. Each function draws from the state it is given and
//! returns what the planner asked for as [`Action`]s; it never performs side effects itself.

use crate::load::{Indicators, LoadError};
use crate::model::{Dataset, Feature, FeatureRef, Figure, Kind, LayerId, Mode, Status};
use crate::style;
use egui::{Color32, RichText, Sense, Ui, vec2};
use std::path::PathBuf;

/// What the planner asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    OpenDialog,
    Open(Vec<PathBuf>),
    Select(Option<FeatureRef>),
    CancelLoad(usize),
    AddBookmark(String),
    GoToBookmark(usize),
    RemoveBookmark(usize),
    ZoomTo(FeatureRef),
    FitCorridor,
    SetLayerVisible(LayerId, bool),
    RemoveLayer(LayerId),
    SetTiles(bool),
    SetLabels(bool),
    DismissErrors,
    ShowExport(bool),
    ExportDialog,
    Quit,
}

/// A zoom button on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoomButton {
    In,
    Out,
    Fit,
}

/// "+", "−" and "Fit" buttons in the top-right corner of the map.
pub fn zoom_buttons(ui: &mut Ui, map: egui::Rect) -> Option<ZoomButton> {
    let mut out = None;
    let area = egui::Rect::from_min_size(map.right_top() + vec2(-44.0, 10.0), vec2(36.0, 100.0));
    ui.scope_builder(egui::UiBuilder::new().max_rect(area), |ui| {
        ui.spacing_mut().item_spacing.y = 4.0;
        for (text, hover, b) in [
            ("+", "Zoom in", ZoomButton::In),
            ("−", "Zoom out", ZoomButton::Out),
            ("Fit", "Fit the whole corridor", ZoomButton::Fit),
        ] {
            if ui
                .add_sized(vec2(36.0, 26.0), egui::Button::new(text))
                .on_hover_text(hover)
                .clicked()
            {
                out = Some(b);
            }
        }
    });
    out
}

/// Top menu bar.
pub fn menu_bar(ui: &mut Ui, tiles: bool, labels: bool) -> Vec<Action> {
    let mut out = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("Open data…").clicked() {
                out.push(Action::OpenDialog);
            }
            if ui
                .add(egui::Button::new("Export PNG…").shortcut_text("Ctrl+E"))
                .clicked()
            {
                out.push(Action::ShowExport(true));
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                out.push(Action::Quit);
            }
        });
        ui.menu_button("View", |ui| {
            if ui.button("Fit whole corridor").clicked() {
                out.push(Action::FitCorridor);
            }
            let mut l = labels;
            if ui.checkbox(&mut l, "Labels").changed() {
                out.push(Action::SetLabels(l));
            }
            let mut t = tiles;
            if ui
                .checkbox(&mut t, "OpenStreetMap tiles (online)")
                .changed()
            {
                out.push(Action::SetTiles(t));
            }
        });
    });
    out
}

/// Files loading in the background: a progress bar and a Cancel button each.
pub fn loading_panel(ui: &mut Ui, jobs: &[crate::app::LoadJob]) -> Vec<Action> {
    let mut out = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        let name = job
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        ui.label(format!("Loading {name}…"));
        ui.horizontal(|ui| {
            let f = job.progress.fraction();
            ui.add(
                egui::ProgressBar::new(f)
                    .desired_width(150.0)
                    .show_percentage(),
            );
            if ui.button("Cancel").clicked() {
                out.push(Action::CancelLoad(i));
            }
        });
    }
    if !jobs.is_empty() {
        ui.separator();
    }
    out
}

/// Layer list with visibility switches.
pub fn layers_panel(ui: &mut Ui, data: &Dataset, tiles: bool) -> Vec<Action> {
    let mut out = Vec::new();
    ui.heading("Layers");
    for (i, layer) in data.layers.iter().enumerate().rev() {
        ui.horizontal(|ui| {
            let mut v = layer.visible;
            let label = format!("{} ({})", layer.name, layer.features.len());
            if ui
                .checkbox(&mut v, label)
                .on_hover_text(layer.origin.to_string())
                .changed()
            {
                out.push(Action::SetLayerVisible(i, v));
            }
            if matches!(layer.origin, crate::model::Origin::File(_))
                && ui
                    .small_button("Remove")
                    .on_hover_text("Remove layer")
                    .clicked()
            {
                out.push(Action::RemoveLayer(i));
            }
        });
        if !layer.warnings.is_empty() {
            ui.collapsing(
                RichText::new(format!("{} warning(s)", layer.warnings.len()))
                    .color(Color32::from_rgb(0xB0, 0x60, 0x00)),
                |ui| {
                    for w in layer.warnings.iter().take(200) {
                        ui.label(RichText::new(w).small());
                    }
                },
            );
        }
    }
    let mut t = tiles;
    if ui
        .checkbox(&mut t, "OpenStreetMap tiles (online)")
        .on_hover_text("Off by default; needs internet. The offline basemap stays underneath.")
        .changed()
    {
        out.push(Action::SetTiles(t));
    }
    ui.label(
        RichText::new("Basemap: Natural Earth countries (offline)")
            .small()
            .weak(),
    );
    out
}

/// Named views: add the current one, go to one, remove one.
pub fn bookmarks_panel(
    ui: &mut Ui,
    bookmarks: &[crate::app::Bookmark],
    new_name: &mut String,
) -> Vec<Action> {
    let mut out = Vec::new();
    ui.heading("Bookmarks");
    for (i, b) in bookmarks.iter().enumerate() {
        ui.horizontal(|ui| {
            if ui.link(&b.name).on_hover_text("Go to this view").clicked() {
                out.push(Action::GoToBookmark(i));
            }
            if ui
                .small_button("Remove")
                .on_hover_text(format!("Remove bookmark {}", b.name))
                .clicked()
            {
                out.push(Action::RemoveBookmark(i));
            }
        });
    }
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(new_name)
                .hint_text("Name of this view")
                .desired_width(130.0),
        );
        if ui.button("Bookmark view").clicked() {
            out.push(Action::AddBookmark(new_name.clone()));
        }
    });
    out
}

fn swatch(ui: &mut Ui, paint: impl FnOnce(&egui::Painter, egui::Pos2)) {
    let (rect, _) = ui.allocate_exact_size(vec2(34.0, 18.0), Sense::hover());
    paint(ui.painter(), rect.center());
}

/// What is on the map: point kinds and line modes present, status line styles, width by capacity.
pub fn legend(ui: &mut Ui, data: &Dataset) {
    ui.heading("Legend");
    let mut kinds: Vec<&Kind> = Vec::new();
    let mut modes: Vec<Mode> = Vec::new();
    let mut neutral = false;
    for l in data.layers.iter().filter(|l| l.visible) {
        for f in &l.features {
            if f.is_line() {
                match f.mode {
                    Some(m) if !modes.contains(&m) => modes.push(m),
                    Some(_) => {}
                    None => neutral = true,
                }
            } else if matches!(f.kind, Kind::Other(_)) {
                neutral = true;
            } else if !kinds.contains(&&f.kind) {
                kinds.push(&f.kind);
            }
        }
    }
    for k in Kind::KNOWN.iter().filter(|k| kinds.contains(k)) {
        ui.horizontal(|ui| {
            let (c, sym, r) = style::point_style(k);
            swatch(ui, |p, c0| style::paint_symbol(p, c0, sym, c, r));
            ui.label(k.label());
        });
    }
    for m in Mode::ALL.iter().filter(|m| modes.contains(m)) {
        ui.horizontal(|ui| {
            swatch(ui, |p, c0| {
                style::paint_line_swatch(p, c0, 30.0, style::mode_colour(Some(*m)), 3.0, None)
            });
            ui.label(m.label());
        });
    }
    if !modes.is_empty() {
        for s in Status::ALL {
            ui.horizontal(|ui| {
                swatch(ui, |p, c0| {
                    style::paint_line_swatch(p, c0, 30.0, Color32::from_gray(60), 3.0, Some(s))
                });
                ui.label(s.label());
            });
        }
        ui.label(
            RichText::new("Line width grows with capacity (Mt/yr)")
                .small()
                .weak(),
        );
    }
    if neutral {
        ui.horizontal(|ui| {
            swatch(ui, |p, c0| {
                style::paint_symbol(p, c0, style::Symbol::Circle, style::NEUTRAL, 4.5)
            });
            ui.label("Other data (kind or mode not known)");
        });
    }
    ui.horizontal(|ui| {
        swatch(ui, |p, c0| {
            p.rect_filled(
                egui::Rect::from_center_size(c0, vec2(30.0, 14.0)),
                2.0,
                style::WATER,
            );
            p.rect_filled(
                egui::Rect::from_min_size(c0 - vec2(15.0, 7.0), vec2(14.0, 14.0)),
                0.0,
                style::LAND,
            );
        });
        ui.label("Land / water (Natural Earth)");
    });
}

/// Figures of a feature grouped for reading: investments in tenge and dollars share a row.
pub fn figure_rows(f: &Feature) -> Vec<(String, String, Option<String>)> {
    let mut rows = Vec::new();
    let mut figures = f.all_figures();
    // Capacities first, then money, size, dates, and statuses last.
    const ORDER: [&str; 14] = [
        "capacity_mt_per_year",
        "capacity_teu_per_year",
        "capacity_teu",
        "volume_mt",
        "investment_kzt_bn",
        "investment_usd_m",
        "area_ha",
        "length_km",
        "projects",
        "companies",
        "jobs",
        "vessels",
        "completion_year",
        "operating_term_until_year",
    ];
    figures.sort_by_key(|g| {
        ORDER
            .iter()
            .position(|p| *p == g.property)
            .unwrap_or(if g.property == "status" { 99 } else { 50 })
    });
    let mut done = vec![false; figures.len()];
    for (i, fig) in figures.iter().enumerate() {
        if done[i] {
            continue;
        }
        done[i] = true;
        let mut value = fig.value_text();
        if fig.property == "investment_kzt_bn"
            && let Some((j, usd)) = figures.iter().enumerate().find(|(j, g)| {
                !done[*j]
                    && g.property == "investment_usd_m"
                    && g.source == fig.source
                    && g.year == fig.year
            })
        {
            done[j] = true;
            value = format!("{value} (about {})", usd.value_text());
        }
        let mut label = fig.label();
        let mut extra = Vec::new();
        if let Some(q) = &fig.qualifier {
            extra.push(q.replace('_', " "));
        }
        if let Some(y) = fig.year
            && !crate::model::is_year_property(&fig.property)
        {
            extra.push(y.to_string());
        }
        if !extra.is_empty() {
            label = format!("{label} ({})", extra.join(", "));
        }
        if let Some(n) = &fig.note {
            value = format!("{value} — {n}");
        }
        let source = fig.source.as_ref().map(|s| {
            f.source(s)
                .map(|s| s.citation())
                .unwrap_or_else(|| s.clone())
        });
        rows.push((label, value, source));
    }
    rows
}

fn figure_tooltip_line(f: &Figure) -> String {
    format!("{}: {}", f.label(), f.value_text())
}

/// Other features under the click, as QGIS's identify tool lists them.
pub fn also_here(
    ui: &mut Ui,
    data: &Dataset,
    selected: FeatureRef,
    hits: &[FeatureRef],
) -> Vec<Action> {
    let mut out = Vec::new();
    let others: Vec<_> = hits.iter().filter(|r| **r != selected).collect();
    if others.is_empty() {
        return out;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Also here:").weak());
        for r in others {
            if let Some(f) = data.get(*r)
                && ui.link(&f.name).clicked()
            {
                out.push(Action::Select(Some(*r)));
            }
        }
    });
    ui.separator();
    out
}

/// The hover tooltip: name, kind, headline capacity.
pub fn tooltip(ui: &mut Ui, f: &Feature) {
    ui.strong(&f.name);
    let mut kind = f.kind.label().to_string();
    if let Some(m) = f.mode {
        kind = format!("{} section", m.label());
    }
    if let Some(s) = f.status {
        kind = format!("{kind} · {}", s.label());
    }
    ui.label(kind);
    if let Some(c) = f.headline_capacity() {
        ui.label(format!("Capacity: {c}"));
    } else if let Some(fig) = f.all_figures().first() {
        ui.label(figure_tooltip_line(fig));
    }
}

/// Every attribute of the selected feature, each figure with unit and source.
pub fn details_panel(ui: &mut Ui, r: FeatureRef, f: &Feature, layer_name: &str) -> Vec<Action> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        ui.heading(&f.name);
    });
    ui.horizontal(|ui| {
        if ui.button("Zoom to").clicked() {
            out.push(Action::ZoomTo(r));
        }
        if ui.button("Close").clicked() {
            out.push(Action::Select(None));
        }
    });
    let mut what = f.kind.label().to_string();
    if let Some(m) = f.mode {
        what = format!("{} section", m.label());
    }
    ui.label(RichText::new(what).strong());
    if let Some(s) = f.status {
        ui.label(format!("Status: {}", s.label()));
    }
    if let Some(d) = f.text("description") {
        ui.label(d);
    }
    ui.separator();
    let rows = figure_rows(f);
    if !rows.is_empty() {
        ui.label(RichText::new("Figures").strong());
        egui::Grid::new("figures")
            .num_columns(2)
            .striped(true)
            .spacing(vec2(10.0, 4.0))
            .show(ui, |ui| {
                for (label, value, source) in &rows {
                    ui.label(label);
                    ui.vertical(|ui| {
                        ui.label(RichText::new(value).strong());
                        match source {
                            Some(s) => {
                                ui.label(RichText::new(format!("Source: {s}")).small().weak())
                            }
                            None => ui.label(RichText::new("no source given").small().weak()),
                        };
                    });
                    ui.end_row();
                }
            });
        ui.separator();
    }
    // Other attributes, as text.
    let skip = [
        "figures",
        "sources",
        "name",
        "kind",
        "mode",
        "status",
        "description",
        "id",
    ];
    let props = f.properties();
    let others: Vec<_> = props
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()) && crate::model::unit_of(k).is_none())
        .collect();
    egui::Grid::new("attributes")
        .num_columns(2)
        .spacing(vec2(10.0, 3.0))
        .show(ui, |ui| {
            ui.label("id");
            ui.label(&f.id);
            ui.end_row();
            for (k, v) in others {
                ui.label(k.replace('_', " "));
                let text = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                ui.add(egui::Label::new(text).wrap());
                ui.end_row();
            }
            ui.label("layer");
            ui.label(layer_name);
            ui.end_row();
        });
    if !f.sources.is_empty() {
        ui.separator();
        ui.label(RichText::new("Sources").strong());
        for s in &f.sources {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{} ({})", s.publication, s.date));
                if let Some(t) = &s.title {
                    ui.label(RichText::new(format!("“{t}”")).italics());
                }
                if let Some(u) = &s.url {
                    ui.hyperlink_to("link", u);
                }
            });
        }
    }
    out
}

/// Load errors, newest last, each naming file, feature and property.
pub fn problems_panel(ui: &mut Ui, errors: &[LoadError]) -> Vec<Action> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("{} file(s) could not be loaded", errors.len()))
                .color(Color32::from_rgb(0xB0, 0x20, 0x20))
                .strong(),
        );
        if ui.button("Dismiss").clicked() {
            out.push(Action::DismissErrors);
        }
    });
    egui::ScrollArea::vertical()
        .max_height(160.0)
        .show(ui, |ui| {
            for e in errors {
                for line in e.lines().iter().take(50) {
                    ui.label(RichText::new(line).monospace().small());
                }
            }
        });
    out
}

/// Corridor-wide figures as small bar series.
pub fn indicators_panel(ui: &mut Ui, ind: &Indicators) {
    for i in &ind.indicators {
        ui.label(RichText::new(&i.label).strong());
        let max = i
            .series
            .iter()
            .filter_map(Figure::number)
            .fold(0.0f64, f64::max);
        for p in &i.series {
            ui.horizontal(|ui| {
                let year = p.year.map(|y| y.to_string()).unwrap_or_default();
                ui.label(RichText::new(format!("{year:>4}")).monospace());
                if let Some(v) = p.number()
                    && max > 0.0
                    && i.series.len() > 1
                {
                    let w = (v / max) as f32 * 90.0;
                    let (rect, _) = ui.allocate_exact_size(vec2(92.0, 12.0), Sense::hover());
                    let colour = if p.qualifier.as_deref() == Some("target") {
                        Color32::from_rgb(0x9E, 0xC5, 0xE8)
                    } else {
                        Color32::from_rgb(0x15, 0x5F, 0xB8)
                    };
                    ui.painter().rect_filled(
                        egui::Rect::from_min_size(rect.min, vec2(w.max(1.0), 12.0)),
                        2.0,
                        colour,
                    );
                }
                let mut t = p.value_text();
                if !i.unit.is_empty() && crate::model::unit_of(&p.property).is_none() {
                    t = format!("{t} {}", i.unit);
                }
                if let Some(q) = &p.qualifier {
                    t = format!("{t} ({})", q.replace('_', " "));
                }
                let src = p
                    .source
                    .as_ref()
                    .and_then(|s| ind.sources.iter().find(|x| &x.id == s))
                    .map(|s| s.citation())
                    .unwrap_or_else(|| "no source".into());
                let mut hover = format!("Source: {src}");
                if let Some(n) = &p.note {
                    hover = format!("{n}\n{hover}");
                }
                ui.label(t).on_hover_text(hover);
            });
        }
        ui.add_space(4.0);
    }
}
