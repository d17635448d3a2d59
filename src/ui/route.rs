//! The Route panel: from and to (typed as in Find, or "Route from here" / "Route to here" on a
//! place's right-click menu), options, and each route found with its length, modes, border
//! crossings, bottleneck and the sections whose capacity is unknown; the routes drawn over
//! the map.

use super::Action;
use crate::map::Viewport;
use egui::{Color32, RichText, Ui};

/// What the panel edits in place.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteEdit {
    pub from: String,
    pub to: String,
    pub operational_only: bool,
    pub fastest: bool,
    /// How many next-shortest routes to show too.
    pub alternatives: usize,
    /// The speeds of the time estimate, km/h.
    pub speeds: crate::analysis::Speeds,
}

impl Default for RouteEdit {
    fn default() -> Self {
        Self {
            from: String::new(),
            to: String::new(),
            operational_only: false,
            fastest: false,
            alternatives: 1,
            speeds: Default::default(),
        }
    }
}

/// A route as the panel and the map show it.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteView {
    /// "Khorgos (China side) → Port of Poti".
    pub title: String,
    /// "4,132 km · rail 3,604 km · sea 528 km · about 122 h".
    pub summary: String,
    pub crossings: Vec<String>,
    /// "Baku International Sea Trade Port (Alat): 15 Mt/yr (phase 1)", and its source.
    pub bottleneck: Option<(String, Option<String>)>,
    /// The lowest container capacity along it, TEU/yr, and its source.
    pub teu_bottleneck: Option<(String, Option<String>)>,
    pub sections: Vec<String>,
    pub unknown: Vec<String>,
    pub not_operational: Vec<String>,
    /// The lines to draw, lon/lat.
    pub lines: Vec<Vec<(f64, f64)>>,
}

/// A throughput as the panel and the map show it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ThroughputView {
    /// "0 Mt/yr from … to …", the cut, what was left out.
    pub text: Vec<String>,
    /// The cut's sections, lon/lat, drawn in red.
    pub cut_lines: Vec<Vec<(f64, f64)>>,
}

/// What the panel shows: the routes found, or why there are none.
pub type RouteResult = Option<Result<Vec<RouteView>, String>>;

/// The route colours: the best, then the alternatives.
pub const ROUTE_COLOURS: [Color32; 3] = [
    Color32::from_rgb(0xE6, 0x00, 0x7E),
    Color32::from_rgb(0x7B, 0x3F, 0xB5),
    Color32::from_rgb(0x00, 0x8C, 0x8C),
];

/// The Route panel.
pub fn route_panel(
    ui: &mut Ui,
    edit: &mut RouteEdit,
    result: &RouteResult,
    throughput: Option<&ThroughputView>,
) -> Vec<Action> {
    let mut out = Vec::new();
    let field = |ui: &mut Ui, text: &mut String, label: &str| {
        ui.horizontal(|ui| {
            ui.label(label);
            let r = ui.add(
                egui::TextEdit::singleline(text)
                    .hint_text("a place, any spelling")
                    .desired_width(170.0),
            );
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, label));
            r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
        })
        .inner
    };
    let mut go = field(ui, &mut edit.from, "From");
    go |= field(ui, &mut edit.to, "To");
    ui.checkbox(&mut edit.operational_only, "Operational sections only");
    ui.checkbox(&mut edit.fastest, "Fastest, at these average speeds:");
    ui.horizontal(|ui| {
        let speeds = &mut edit.speeds;
        for (v, label) in [
            (&mut speeds.rail, "rail"),
            (&mut speeds.road, "road"),
            (&mut speeds.sea, "sea km/h"),
        ] {
            ui.add(egui::DragValue::new(v).range(1.0..=200.0).speed(1.0))
                .widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::SpinButton,
                        true,
                        format!("Speed by {label}"),
                    )
                });
            ui.label(label);
        }
    });
    ui.add(egui::Slider::new(&mut edit.alternatives, 0..=2).text("Alternatives"));
    ui.horizontal(|ui| {
        if ui.button("Find route").clicked() || go {
            out.push(Action::FindRoute);
        }
        if result.is_some() && ui.button("Clear route").clicked() {
            out.push(Action::ClearRoute);
        }
    });
    if ui
        .button("Throughput: China border → Georgian ports")
        .on_hover_text(
            "The most that can move, in Mt/yr, over sections whose capacity a source gives",
        )
        .clicked()
    {
        out.push(Action::Throughput);
    }
    if let Some(t) = throughput {
        for (i, line) in t.text.iter().enumerate() {
            let text = RichText::new(line);
            ui.label(if i == 0 { text.strong() } else { text.small() });
        }
    }
    match result {
        None => {}
        Some(Err(why)) => {
            ui.label(RichText::new(why).color(Color32::from_rgb(0xB0, 0x30, 0x00)));
        }
        Some(Ok(routes)) => {
            for (i, r) in routes.iter().enumerate() {
                ui.separator();
                let colour = ROUTE_COLOURS[i.min(ROUTE_COLOURS.len() - 1)];
                let head = if i == 0 {
                    r.title.clone()
                } else {
                    format!("Alternative {i}")
                };
                ui.label(RichText::new(head).strong().color(colour));
                ui.label(&r.summary);
                if !r.crossings.is_empty() {
                    ui.label(format!("Border crossings: {}", r.crossings.join(", ")));
                }
                match &r.bottleneck {
                    Some((b, source)) => {
                        ui.label(format!("Bottleneck: {b}")).on_hover_text(
                            "The lowest capacity a source gives along the route (a section or a place)",
                        );
                        if let Some(s) = source {
                            ui.label(RichText::new(format!("Source: {s}")).small().weak());
                        }
                    }
                    None => {
                        ui.label("Bottleneck: no capacity along it is known");
                    }
                }
                if let Some((b, source)) = &r.teu_bottleneck {
                    ui.label(format!("Containers: {b}")).on_hover_text(
                        "The lowest container capacity (TEU/yr) a source gives along the route, \
                         kept apart from the tonnage",
                    );
                    if let Some(s) = source {
                        ui.label(RichText::new(format!("Source: {s}")).small().weak());
                    }
                }
                if !r.not_operational.is_empty() {
                    ui.label(format!("Not operational: {}", r.not_operational.join("; ")));
                }
                ui.push_id(("route", i), |ui| {
                    ui.collapsing(format!("{} sections", r.sections.len()), |ui| {
                        for (k, s) in r.sections.iter().enumerate() {
                            ui.label(format!("{}. {s}", k + 1));
                        }
                    });
                    if !r.unknown.is_empty() {
                        ui.collapsing(
                            format!("Capacity unknown: {} sections", r.unknown.len()),
                            |ui| {
                                for s in &r.unknown {
                                    ui.label(s);
                                }
                            },
                        );
                    }
                });
            }
        }
    }
    out
}

/// The sections that set the throughput, over the map.
pub fn cut_overlay(ui: &Ui, vp: &Viewport, t: &ThroughputView) {
    let painter = ui.painter_at(vp.rect);
    for line in &t.cut_lines {
        let red = Color32::from_rgb(0xD0, 0x10, 0x10);
        painter.extend(crate::style::cased_line(
            vp.line_to_screen(line),
            7.0,
            3.0,
            red,
        ));
    }
}

/// The routes over the map: the alternatives first, thinner, the best on top.
pub fn route_overlay(ui: &Ui, vp: &Viewport, routes: &[RouteView]) {
    let painter = ui.painter_at(vp.rect);
    for (i, r) in routes.iter().enumerate().rev() {
        let colour = ROUTE_COLOURS[i.min(ROUTE_COLOURS.len() - 1)];
        let width = if i == 0 { 5.0 } else { 3.5 };
        for line in &r.lines {
            painter.extend(crate::style::cased_line(
                vp.line_to_screen(line),
                width,
                3.0,
                colour,
            ));
        }
    }
}
