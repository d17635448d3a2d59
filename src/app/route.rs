//! The Route window's state: the network of the layers shown (made again when they, the
//! filter or the year change), the places typed, and the routes found.

use super::CorridorApp;
use crate::analysis::{Network, Route, RouteOptions, corridor_ends, routes, throughput};
use crate::model::format_number;
use crate::ui::{RouteEdit, RouteResult, RouteView, ThroughputView};

/// What a layer's drawing depends on: (uid, visible, [`crate::map::MapLayer::draw_key`]).
type LayersKey = Vec<(u64, bool, (u64, u32))>;

/// The Route window.
#[derive(Default)]
pub struct RouteState {
    pub open: bool,
    pub edit: RouteEdit,
    pub result: RouteResult,
    pub throughput: Option<ThroughputView>,
    /// The session's what-if changes, applied to the network.
    pub scenario: crate::analysis::Scenario,
    pub scenario_edit: crate::ui::ScenarioEdit,
    /// The network's sections (id, name), by name, for the scenario's list.
    sections: Vec<(String, String)>,
    /// The network and the layers (uid, visible, draw key) it was made for.
    net: Option<(LayersKey, Network)>,
}

fn km(n: f64) -> String {
    format!("{} km", format_number(n.round(), false))
}

/// A route as the panel shows it.
fn view(net: &Network, r: &Route) -> RouteView {
    let g = &net.graph;
    let mut summary = vec![km(r.km)];
    summary.extend(r.by_mode_km.iter().map(|(m, k)| format!("{m} {}", km(*k))));
    summary.push(format!("about {:.0} h", r.hours));
    RouteView {
        title: format!(
            "{} → {}",
            r.nodes.first().map_or("", |n| g[*n].name.as_str()),
            r.nodes.last().map_or("", |n| g[*n].name.as_str())
        ),
        summary: summary.join(" · "),
        crossings: r.border_crossings.clone(),
        bottleneck: r
            .bottleneck
            .as_ref()
            .map(|b| (b.figure("Mt/yr"), b.capacity.source.clone())),
        teu_bottleneck: r
            .teu_bottleneck
            .as_ref()
            .map(|b| (b.figure("TEU/yr"), b.capacity.source.clone())),
        sections: r.sections.iter().map(|s| s.1.clone()).collect(),
        unknown: r.unknown_capacity.iter().map(|s| s.1.clone()).collect(),
        not_operational: r
            .not_operational
            .iter()
            .map(|(_, n, s)| format!("{n} ({})", s.map_or("status unknown", |s| s.label())))
            .collect(),
        lines: r.lines(net),
    }
}

impl CorridorApp {
    /// Make the network of the layers shown again if they changed (the statuses drawn: the
    /// timeline year's).
    fn refresh_network(&mut self) {
        let key: Vec<_> = self
            .data
            .layers
            .iter()
            .map(|m| (m.layer.uid, m.visible, m.draw_key()))
            .collect();
        if self.route.net.as_ref().is_none_or(|(k, _)| *k != key) {
            let mut net = crate::cli::network_of(&self.data);
            let unknown = self.route.scenario.apply(&mut net);
            if !unknown.is_empty() {
                self.notice = Some(format!(
                    "The scenario names sections not loaded: {}",
                    unknown.join(", ")
                ));
            }
            let mut sections: Vec<(String, String)> = net
                .graph
                .edge_weights()
                .filter(|w| w.link == crate::analysis::network::Link::Section)
                .map(|w| (w.id.clone(), w.name.clone()))
                .collect();
            sections.sort_by(|a, b| a.1.cmp(&b.1));
            sections.dedup();
            self.route.sections = sections;
            self.route.net = Some((key, net));
        }
    }

    /// The extent of the routes found (W, S, E, N).
    pub(super) fn route_extent(&self) -> Option<[f64; 4]> {
        let Some(Ok(routes)) = &self.route.result else {
            return None;
        };
        let pts = routes.iter().flat_map(|r| r.lines.iter().flatten());
        let (mut w, mut s, mut e, mut n) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y) in pts {
            (w, s, e, n) = (w.min(*x), s.min(*y), e.max(*x), n.max(*y));
        }
        (w <= e).then_some([w, s, e, n])
    }

    /// The best route found, as a briefing draws it (the window's export and its command).
    pub(super) fn route_drawing(&self) -> Option<crate::export::RouteDrawing> {
        let Some(Ok(routes)) = &self.route.result else {
            return None;
        };
        let r = routes.first()?;
        let mut summary = vec![format!("Route: {}", r.title), r.summary.clone()];
        if !r.crossings.is_empty() {
            summary.push(format!("Border crossings: {}", r.crossings.join(", ")));
        }
        summary.push(match &r.bottleneck {
            Some((b, Some(s))) => format!("Bottleneck: {b} ({s})"),
            Some((b, None)) => format!("Bottleneck: {b}"),
            None => "Bottleneck: no capacity along it is known".into(),
        });
        if let Some((b, s)) = &r.teu_bottleneck {
            summary.push(match s {
                Some(s) => format!("Containers: {b} ({s})"),
                None => format!("Containers: {b}"),
            });
        }
        Some(crate::export::RouteDrawing {
            from: self.route.edit.from.clone(),
            to: self.route.edit.to.clone(),
            lines: r.lines.clone(),
            summary,
        })
    }

    /// Find the routes between the places typed.
    pub(super) fn find_route(&mut self) {
        let edit = self.route.edit.clone();
        self.refresh_network();
        let (Some((_, net)), data) = (&self.route.net, &self.data) else {
            return;
        };
        let ends = crate::cli::place_named(data, net, "From", &edit.from)
            .and_then(|a| crate::cli::place_named(data, net, "To", &edit.to).map(|b| (a, b)));
        self.route.result = Some(ends.and_then(|(a, b)| {
            let o = RouteOptions {
                operational_only: edit.operational_only,
                by_time: edit.fastest.then_some(edit.speeds),
            };
            let found = routes(net, a, b, &o, edit.alternatives);
            if found.is_empty() {
                return Err(crate::analysis::no_route(net, a, b, &o));
            }
            Ok(found.iter().map(|r| view(net, r)).collect())
        }));
        self.route_fit_pending = matches!(self.route.result, Some(Ok(_)));
    }

    /// The throughput from the Chinese border crossings to the Georgian ports, and its cut.
    pub(super) fn find_throughput(&mut self) {
        self.refresh_network();
        let Some((_, net)) = &self.route.net else {
            return;
        };
        let (from, to) = corridor_ends(net);
        let o = RouteOptions {
            operational_only: self.route.edit.operational_only,
            ..Default::default()
        };
        let t = throughput(net, &from, &to, &o);
        let mut text = vec![format!(
            "{} Mt/yr over sections of known capacity",
            format_number(t.mt_per_year, false)
        )];
        text.push(format!(
            "From {} to {}",
            t.sources.join(", "),
            t.sinks.join(", ")
        ));
        if t.cut.is_empty() {
            text.push("No path of known capacity joins them.".into());
        }
        for (_, name, c) in &t.cut {
            text.push(format!(
                "Limited by {name}: {} Mt/yr ({})",
                format_number(c.per_year, false),
                c.source.as_deref().unwrap_or("no source")
            ));
        }
        text.push(format!(
            "Left out, no source gives their capacity: {} sections",
            t.left_out.len()
        ));
        let cut: Vec<&str> = t.cut.iter().map(|c| c.0.as_str()).collect();
        let cut_lines = net
            .graph
            .edge_weights()
            .filter(|w| cut.contains(&w.id.as_str()))
            .map(|w| w.line.clone())
            .collect();
        self.route.throughput = Some(ThroughputView { text, cut_lines });
    }

    /// The Route and the charts windows, when open.
    pub(super) fn tool_windows(&mut self, ctx: &egui::Context) -> Vec<crate::ui::Action> {
        use crate::ui::{self, Action};
        let mut actions = Vec::new();
        if self.charts_open {
            let mut open = true;
            egui::Window::new("Corridor figures")
                .open(&mut open)
                .default_width(420.0)
                .show(ctx, |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(640.0)
                        .show(ui, |ui| ui::charts_panel(ui, &self.indicators));
                });
            if !open {
                actions.push(Action::ShowCharts(false));
            }
        }
        if self.route.open {
            // The scenario lists the sections of the network as it is now.
            self.refresh_network();
            let mut open = true;
            egui::Window::new("Route")
                .open(&mut open)
                .default_pos([ctx.content_rect().right() - 360.0, 60.0])
                .default_width(330.0)
                .show(ctx, |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(600.0)
                        .show(ui, |ui| {
                            let (result, t) = (&self.route.result, self.route.throughput.as_ref());
                            actions.extend(ui::route_panel(ui, &mut self.route.edit, result, t));
                            ui.separator();
                            egui::CollapsingHeader::new("What-if scenario").show(ui, |ui| {
                                let r = &mut self.route;
                                actions.extend(ui::scenario_panel(
                                    ui,
                                    &r.scenario,
                                    &r.sections,
                                    &mut r.scenario_edit,
                                ));
                            });
                        });
                });
            if !open {
                actions.push(Action::ShowRoute(false));
            }
        }
        actions
    }

    /// The scenario changed: the network made again, the route and throughput shown worked
    /// out anew.
    pub(super) fn scenario_changed(&mut self) {
        self.route.net = None;
        self.refresh_network();
        if self.route.result.is_some() {
            self.find_route();
        }
        if self.route.throughput.is_some() {
            self.find_throughput();
        }
    }

    pub(super) fn save_scenario(&mut self) {
        let Some(path) = rfd::FileDialog::new()
            .add_filter("Scenario (JSON)", &["json"])
            .set_file_name("scenario.json")
            .save_file()
        else {
            return;
        };
        self.notice = Some(match std::fs::write(&path, self.route.scenario.to_json()) {
            Ok(()) => format!("Scenario saved to {}", path.display()),
            Err(e) => format!("Could not save the scenario to {}: {e}", path.display()),
        });
    }

    pub(super) fn load_scenario(&mut self) {
        let Some(path) = rfd::FileDialog::new()
            .add_filter("Scenario (JSON)", &["json"])
            .pick_file()
        else {
            return;
        };
        let shown = path.display().to_string();
        let read = std::fs::read_to_string(&path).map_err(|e| format!("{shown}: {e}"));
        match read.and_then(|t| crate::analysis::Scenario::from_json(&t, &shown)) {
            Ok(s) => {
                self.route.scenario = s;
                self.scenario_changed();
            }
            Err(e) => self.problems.warning(vec![e]),
        }
    }
}
