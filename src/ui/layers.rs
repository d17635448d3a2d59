//! The layers panel: files loading in the background (progress, Cancel), the loaded layers
//! with their visibility switches and warnings, and the basemap's switches.

use super::Action;
use crate::map::{BasemapLayers, MapData};
use egui::{Color32, RichText, Ui};

/// A file loading in the background, as the panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Loading {
    /// The file's name.
    pub name: String,
    /// 0..1
    pub fraction: f32,
}

/// Files loading in the background: a progress bar and a Cancel button each.
pub fn loading_panel(ui: &mut Ui, jobs: &[Loading]) -> Vec<Action> {
    let mut out = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        ui.label(format!("Loading {}…", job.name));
        ui.horizontal(|ui| {
            let f = job.fraction;
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

/// Layer list, the top one drawn last: each with its visibility, a handle to drag it up or
/// down (or ▲ ▼), its opacity, and Remove for a file's; then labels and the basemap.
pub fn layers_panel(
    ui: &mut Ui,
    data: &MapData,
    tiles: bool,
    basemap: BasemapLayers,
    labels: bool,
) -> Vec<Action> {
    let mut out = Vec::new();
    ui.heading("Layers");
    let n = data.layers.len();
    for (i, m) in data.layers.iter().enumerate().rev() {
        let layer = &m.layer;
        let row = ui.horizontal(|ui| {
            // Dragged onto another row, the layer takes that row's place.
            let handle = ui
                .dnd_drag_source(egui::Id::unique(("layer", layer.uid)), i, |ui| {
                    ui.label("↕");
                })
                .response;
            handle.on_hover_text("Drag to reorder").widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("Drag {} to reorder", layer.name),
                )
            });
            let mut v = m.visible;
            let label = format!("{} ({})", layer.name, layer.features.len());
            if ui
                .checkbox(&mut v, label)
                .on_hover_text(layer.origin.to_string())
                .changed()
            {
                out.push(Action::SetLayerVisible(i, v));
            }
        });
        if let Some(from) = row.response.dnd_release_payload::<usize>()
            && *from != i
        {
            out.push(Action::MoveLayer(*from, i));
        }
        ui.horizontal(|ui| {
            ui.add_space(16.0);
            let moves = [
                (i + 1 < n, "▲", "up", i + 1),
                (i > 0, "▼", "down", i.saturating_sub(1)),
            ];
            for (enabled, arrow, word, to) in moves {
                let name = format!("Move {} {word}", layer.name);
                let b = ui
                    .add_enabled(enabled, egui::Button::new(arrow).small())
                    .on_hover_text(format!("Draw {word}: above or below the next layer"));
                b.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &name));
                if b.clicked() {
                    out.push(Action::MoveLayer(i, to));
                }
            }
            let mut op = m.opacity;
            ui.spacing_mut().slider_width = 90.0;
            let slider = ui
                .add(
                    egui::Slider::new(&mut op, 0.0..=1.0)
                        .custom_formatter(|v, _| format!("{:.0} %", v * 100.0))
                        .custom_parser(|s| {
                            let v: f64 = s.trim().trim_end_matches('%').trim().parse().ok()?;
                            Some(v / 100.0)
                        }),
                )
                .on_hover_text(format!("Opacity: {:.0} %", m.opacity * 100.0));
            let slider_name = format!("Opacity of {}", layer.name);
            slider
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, &slider_name));
            if slider.changed() {
                out.push(Action::SetLayerOpacity(i, op));
            }
            if !matches!(layer.origin, crate::model::Origin::Embedded(_))
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
    let mut l = labels;
    if ui
        .checkbox(&mut l, "Labels")
        .on_hover_text("Names of the features, kept clear of each other")
        .changed()
    {
        out.push(Action::SetLabels(l));
    }
    ui.label(RichText::new("Basemap").strong());
    let mut b = basemap;
    let switches = [
        (
            &mut b.places,
            "Places",
            "Towns and cities by size (GeoNames)",
        ),
        (&mut b.rivers, "Rivers", "Natural Earth 1:50m rivers"),
        (
            &mut b.lakes,
            "Lakes",
            "Natural Earth 1:50m lakes (Balkhash at 1:110m)",
        ),
    ];
    for (on, label, hover) in switches {
        ui.checkbox(on, label).on_hover_text(hover);
    }
    if b != basemap {
        out.push(Action::SetBasemapLayers(b));
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
        RichText::new("Countries: Natural Earth (offline)")
            .small()
            .weak(),
    )
    .on_hover_text("1:50m, 1:10m when zoomed in; 1:110m beyond the corridor");
    out
}
