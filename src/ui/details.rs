//! The selected feature: every attribute, each figure with its unit and source; the other
//! features under the same click; and the hover tooltip.

use super::Action;
use crate::map::MapData;
use crate::model::{Feature, FeatureRef, LOCAL_NAMES, status_in, unit_of};
use egui::{RichText, Ui, vec2};

/// Other features under the click, as QGIS's identify tool lists them.
pub fn also_here(
    ui: &mut Ui,
    data: &MapData,
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
    ui.label(f.what());
    if let Some(c) = f.headline_capacity() {
        ui.label(format!("Capacity: {c}"));
    } else if let Some(fig) = f.all_figures().first() {
        ui.label(format!("{}: {}", fig.label(), fig.value_text()));
    }
    // A position a source does not pin down says so before anyone reads a distance off it.
    if let Some(p) = f.text("position_precision").filter(|p| p != "exact") {
        ui.label(RichText::new(format!("Position: {p}")).weak());
    }
}

/// Every attribute of the selected feature, each figure with unit and source.
/// `year`: the timeline's, when it is on (the status shown is the one sources give for it).
pub fn details_panel(
    ui: &mut Ui,
    r: FeatureRef,
    f: &Feature,
    layer_name: &str,
    year: Option<i32>,
) -> Vec<Action> {
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
    if let Some(y) = year {
        let then = status_in(f, y);
        let status = then.status.map_or("unknown", |s| s.label());
        ui.label(format!("Status in {y}: {status}"));
        ui.label(RichText::new(then.reason()).small());
        if let Some(src) = then.source().and_then(|id| f.source(id)) {
            ui.label(
                RichText::new(format!("Source: {}", src.citation()))
                    .small()
                    .weak(),
            );
        }
    }
    if let Some(s) = f.status {
        let today = if year.is_some() {
            "Status today"
        } else {
            "Status"
        };
        ui.label(format!("{today}: {}", s.label()));
        if let Some(src) = f.status_source() {
            ui.label(RichText::new(format!("Source: {src}")).small().weak());
        }
    }
    if let Some(d) = f.text("description") {
        ui.label(d);
    }
    let names = f.local_names();
    if !names.is_empty() {
        ui.separator();
        ui.label(RichText::new("Names").strong());
        egui::Grid::new("names")
            .num_columns(2)
            .spacing(vec2(10.0, 3.0))
            .show(ui, |ui| {
                for (language, name) in &names {
                    ui.label(*language);
                    ui.add(egui::Label::new(RichText::new(name).strong()).wrap());
                    ui.end_row();
                }
            });
        if let Some(src) = f.text("names_source") {
            ui.label(RichText::new(format!("Source: {src}")).small().weak());
        }
    }
    if let Some(p) = f.position_precision() {
        ui.separator();
        ui.label(RichText::new("Position").strong());
        ui.label(format!("Precision: {p}"));
        if let Some(src) = f.text("position_source") {
            ui.add(egui::Label::new(RichText::new(format!("Source: {src}")).small().weak()).wrap());
        }
    }
    ui.separator();
    let rows = f.figure_rows();
    if !rows.is_empty() {
        ui.label(RichText::new("Figures").strong());
        egui::Grid::new("figures")
            .num_columns(2)
            .striped(true)
            .spacing(vec2(10.0, 4.0))
            .show(ui, |ui| {
                for row in &rows {
                    ui.label(&row.label);
                    ui.vertical(|ui| {
                        ui.label(RichText::new(&row.value).strong());
                        match &row.source {
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
        "status_source",
        "names_source",
        "position_precision",
    ];
    let props = f.properties();
    let others: Vec<_> = props
        .iter()
        .filter(|(k, _)| {
            let shown_above = skip.contains(&k.as_str())
                || LOCAL_NAMES.iter().any(|(n, _)| n == k)
                || (k.as_str() == "position_source" && f.position_precision().is_some())
                || unit_of(k).is_some();
            !shown_above
        })
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
