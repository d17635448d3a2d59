//! The status bar under the map: where the pointer is, the zoom, what is loaded, the last
//! notice ("Reloaded …", "Saved …").

use egui::Ui;

/// What the status bar shows.
#[derive(Debug, Clone, Default)]
pub struct Status<'a> {
    /// The pointer, lon/lat.
    pub cursor: Option<(f64, f64)>,
    pub zoom: f64,
    pub features: usize,
    pub layers: usize,
    pub notice: Option<&'a str>,
    /// An export running in the background.
    pub exporting: Option<&'a super::Exporting>,
}

pub fn status_bar(ui: &mut Ui, s: &Status) {
    ui.horizontal(|ui| {
        if let Some((lon, lat)) = s.cursor {
            ui.label(format!("{lat:.4}° N, {lon:.4}° E"));
        }
        ui.label(format!("zoom {:.1}", s.zoom));
        ui.label(format!("{} features in {} layers", s.features, s.layers));
        if let Some(e) = s.exporting {
            ui.separator();
            ui.add(
                egui::ProgressBar::new(e.fraction)
                    .desired_width(120.0)
                    .text(format!("Exporting: {}", e.stage)),
            );
        }
        if let Some(n) = s.notice {
            ui.separator();
            ui.label(n);
        }
    });
}
