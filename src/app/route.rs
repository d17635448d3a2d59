//! The Route window's state: the network of the layers shown (made again when they, the
//! filter or the year change), the places typed, and the routes found.

use super::CorridorApp;
use crate::analysis::{Network, Route, RouteOptions, Speeds, routes};
use crate::model::format_number;
use crate::ui::{RouteEdit, RouteResult, RouteView};

/// What a layer's drawing depends on: (uid, visible, [`crate::map::MapLayer::draw_key`]).
type LayersKey = Vec<(u64, bool, (u64, u32))>;

/// The Route window.
#[derive(Default)]
pub struct RouteState {
    pub open: bool,
    pub edit: RouteEdit,
    pub result: RouteResult,
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
        bottleneck: r.bottleneck.as_ref().map(|b| {
            let q = b
                .capacity
                .qualifier
                .as_deref()
                .map(|q| format!(" ({})", q.replace('_', " ")))
                .unwrap_or_default();
            (
                format!(
                    "{}: {} Mt/yr{q}",
                    b.name,
                    format_number(b.capacity.mt_per_year, false)
                ),
                b.capacity.source.clone(),
            )
        }),
        sections: r.sections.iter().map(|s| s.1.clone()).collect(),
        unknown: r.unknown_capacity.iter().map(|s| s.1.clone()).collect(),
        not_operational: r
            .not_operational
            .iter()
            .map(|(_, n, s)| format!("{n} ({})", s.map_or("status unknown", |s| s.label())))
            .collect(),
        lines: r
            .edges
            .iter()
            .map(|e| g[*e].line.clone())
            .filter(|l| l.len() > 1)
            .collect(),
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
            self.route.net = Some((key, crate::cli::network_of(&self.data)));
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
                by_time: edit.fastest.then(Speeds::default),
            };
            let found = routes(net, a, b, &o, edit.alternatives);
            if found.is_empty() {
                return Err(format!(
                    "No route from {} to {}{}",
                    net.graph[a].name,
                    net.graph[b].name,
                    if o.operational_only {
                        " over operational sections"
                    } else {
                        ""
                    }
                ));
            }
            Ok(found.iter().map(|r| view(net, r)).collect())
        }));
        self.route_fit_pending = matches!(self.route.result, Some(Ok(_)));
    }
}
