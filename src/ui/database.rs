//! File → Connect to database…: a PostGIS server's host, port, database and user (the password
//! comes from `PGPASSWORD` or `~/.pgpass`, never from here nor kept), its geometry tables
//! listed with Add buttons.

use super::Action;
use egui::{RichText, Ui};

/// The form, kept while the window is open.
#[derive(Debug, Clone, PartialEq)]
pub struct DbForm {
    pub host: String,
    pub port: String,
    pub database: String,
    pub user: String,
}

impl Default for DbForm {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: "5432".into(),
            database: String::new(),
            user: std::env::var("PGUSER").unwrap_or_default(),
        }
    }
}

impl DbForm {
    /// `postgresql://USER@HOST:PORT/DATABASE`.
    pub fn url(&self) -> String {
        format!(
            "postgresql://{}@{}:{}/{}",
            self.user.trim(),
            self.host.trim(),
            self.port.trim(),
            self.database.trim()
        )
    }
}

/// What the window shows of the server: tables (name, type, SRID) or why not, or nothing yet.
pub enum DbListing<'a> {
    None,
    Listing,
    Tables(&'a [(String, String, i32)]),
    Failed(&'a str),
}

/// The window's contents; `added` are the tables already on the map.
pub fn database_panel(
    ui: &mut Ui,
    form: &mut DbForm,
    listing: DbListing,
    added: &[String],
) -> Vec<Action> {
    let mut out = Vec::new();
    egui::Grid::new("db form").num_columns(2).show(ui, |ui| {
        for (label, value) in [
            ("Host", &mut form.host),
            ("Port", &mut form.port),
            ("Database", &mut form.database),
            ("User", &mut form.user),
        ] {
            ui.label(label);
            let r = ui.add(egui::TextEdit::singleline(value).desired_width(220.0));
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, label));
            ui.end_row();
        }
    });
    ui.label(
        RichText::new("Password: from PGPASSWORD or ~/.pgpass (never stored). Read-only.")
            .small()
            .weak(),
    );
    if ui.button("Connect").clicked() {
        out.push(Action::DbConnect(form.url()));
    }
    ui.separator();
    match listing {
        DbListing::None => {}
        DbListing::Listing => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Listing the geometry tables…");
            });
        }
        DbListing::Failed(e) => {
            ui.colored_label(ui.visuals().warn_fg_color, e);
        }
        DbListing::Tables([]) => {
            ui.label("The database has no geometry table.");
        }
        DbListing::Tables(tables) => {
            egui::ScrollArea::vertical()
                .max_height(260.0)
                .show(ui, |ui| {
                    egui::Grid::new("db tables").num_columns(3).show(ui, |ui| {
                        for (name, kind, srid) in tables {
                            ui.label(name);
                            ui.label(RichText::new(format!("{kind}, EPSG:{srid}")).weak());
                            if added.contains(name) {
                                ui.label("on the map");
                            } else if ui.button(format!("Add {name}")).clicked() {
                                out.push(Action::DbAdd(format!("{}?layer={name}", form.url())));
                            }
                            ui.end_row();
                        }
                    });
                });
        }
    }
    out
}
