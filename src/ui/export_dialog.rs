//! File → Export PNG…: title, size preset or custom size, detail factor; while an export runs
//! in the background, its progress and a Cancel button.

use super::Action;
use crate::export::{ExportOptions, MAX_SIDE, PRESETS};
use egui::Color32;

/// The export dialog's fields.
#[derive(Debug, Clone, Default)]
pub struct ExportDialog {
    pub open: bool,
    pub options: ExportOptions,
    /// Index into [`PRESETS`]; past its end: a custom size.
    pub preset: usize,
    /// What the last export came to: "Saved …" or why it failed.
    pub last_result: Option<Result<String, String>>,
}

/// An export running in the background, as the dialog shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exporting {
    /// 0..1
    pub fraction: f32,
    /// What it is doing ("Waiting for tiles").
    pub stage: &'static str,
}

/// The File → Export PNG… window.
pub fn export_window(
    ctx: &egui::Context,
    dialog: &mut ExportDialog,
    countries: Option<&[String]>,
    exporting: Option<&Exporting>,
) -> Vec<Action> {
    let mut out = Vec::new();
    let mut open = dialog.open;
    egui::Window::new("Export PNG")
        .open(&mut open)
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            let o = &mut dialog.options;
            ui.horizontal(|ui| {
                ui.label("Title");
                let hint = o.title_or_default(countries);
                ui.add(
                    egui::TextEdit::singleline(&mut o.title)
                        .hint_text(hint)
                        .desired_width(320.0),
                )
                .widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Briefing title")
                });
            });
            let custom = PRESETS.len();
            let label = PRESETS.get(dialog.preset).map(|p| p.0).unwrap_or("Custom");
            egui::ComboBox::from_label("Size")
                .selected_text(label)
                .show_ui(ui, |ui| {
                    for (i, p) in PRESETS.iter().enumerate() {
                        if ui.selectable_value(&mut dialog.preset, i, p.0).clicked() {
                            o.width = p.1;
                            o.height = p.2;
                        }
                    }
                    ui.selectable_value(&mut dialog.preset, custom, "Custom");
                });
            if dialog.preset == custom {
                ui.horizontal(|ui| {
                    ui.add(
                        egui::DragValue::new(&mut o.width)
                            .range(64..=MAX_SIDE)
                            .suffix(" px"),
                    );
                    ui.label("×");
                    ui.add(
                        egui::DragValue::new(&mut o.height)
                            .range(64..=MAX_SIDE)
                            .suffix(" px"),
                    );
                });
            }
            ui.horizontal(|ui| {
                ui.label("Detail");
                for s in [1.0, 2.0, 3.0] {
                    ui.radio_value(&mut o.scale, s, format!("{s:.0}×"));
                }
            });
            ui.label(
                egui::RichText::new(format!(
                    "Output {}×{} px; the map shows the same area as the window.",
                    o.width, o.height
                ))
                .small()
                .weak(),
            );
            match exporting {
                Some(job) => {
                    ui.horizontal(|ui| {
                        ui.add(
                            egui::ProgressBar::new(job.fraction)
                                .desired_width(180.0)
                                .text(job.stage),
                        );
                        if ui.button("Cancel export").clicked() {
                            out.push(Action::CancelExport);
                        }
                    });
                }
                None => {
                    if ui.button("Export…").clicked() {
                        out.push(Action::ExportDialog);
                    }
                }
            }
            match &dialog.last_result {
                Some(Ok(msg)) => {
                    ui.label(egui::RichText::new(msg).color(Color32::from_rgb(0x1B, 0x7E, 0x3C)));
                }
                Some(Err(msg)) => {
                    ui.label(egui::RichText::new(msg).color(Color32::from_rgb(0xB0, 0x20, 0x20)));
                }
                None => {}
            }
        });
    dialog.open = open;
    out
}
