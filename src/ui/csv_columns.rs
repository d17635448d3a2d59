//! The small dialog a CSV table without position columns named as expected opens: which
//! columns hold the longitude and latitude, or the WKT geometry.

use super::Action;
use crate::load::CsvColumns;
use egui::Ui;
use std::path::PathBuf;

/// The table being asked about and the choice so far.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvPick {
    pub path: PathBuf,
    pub headers: Vec<String>,
    pub wkt: bool,
    pub lon: usize,
    pub lat: usize,
    pub geometry: usize,
}

impl CsvPick {
    /// A first guess: columns whose names begin like a longitude or latitude's, else the first
    /// two.
    pub fn new(path: PathBuf, headers: Vec<String>) -> Self {
        let guess = |starts: &[&str], or: usize| {
            headers
                .iter()
                .position(|h| {
                    let h = h.to_lowercase();
                    starts.iter().any(|s| h.starts_with(s))
                })
                .unwrap_or(or.min(headers.len().saturating_sub(1)))
        };
        let lon = guess(&["lon", "lng", "long", "east", "x"], 1);
        let lat = guess(&["lat", "north", "y"], 0);
        Self {
            path,
            wkt: false,
            lon,
            lat,
            geometry: 0,
            headers,
        }
    }

    fn columns(&self) -> Option<CsvColumns> {
        let name = |i: usize| self.headers.get(i).cloned();
        if self.wkt {
            name(self.geometry).map(CsvColumns::Wkt)
        } else {
            Some(CsvColumns::LonLat {
                lon: name(self.lon)?,
                lat: name(self.lat)?,
            })
        }
    }
}

fn combo(ui: &mut Ui, label: &str, headers: &[String], chosen: &mut usize) {
    egui::ComboBox::from_label(label)
        .selected_text(headers.get(*chosen).map_or("", String::as_str))
        .show_ui(ui, |ui| {
            for (i, h) in headers.iter().enumerate() {
                ui.selectable_value(chosen, i, h);
            }
        });
}

/// The dialog's contents.
pub fn csv_columns_panel(ui: &mut Ui, pick: &mut CsvPick) -> Vec<Action> {
    let mut out = Vec::new();
    let name = pick
        .path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().to_string());
    ui.label(format!(
        "{name}: no column is named as a position (lat/lon, x/y, wkt). Which are they?"
    ));
    ui.radio_value(
        &mut pick.wkt,
        false,
        "Longitude and latitude columns (degrees)",
    );
    ui.radio_value(&mut pick.wkt, true, "A WKT geometry column");
    if pick.wkt {
        combo(ui, "Geometry (WKT)", &pick.headers, &mut pick.geometry);
    } else {
        combo(ui, "Longitude", &pick.headers, &mut pick.lon);
        combo(ui, "Latitude", &pick.headers, &mut pick.lat);
    }
    ui.horizontal(|ui| {
        if ui.button("Open with these columns").clicked()
            && let Some(c) = pick.columns()
        {
            out.push(Action::OpenCsvWith(pick.path.clone(), c));
        }
        if ui.button("Cancel").clicked() {
            out.push(Action::CloseCsvColumns);
        }
    });
    out
}
