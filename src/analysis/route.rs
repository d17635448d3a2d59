//! Routes over the network (petgraph's A*; the next shortest ones by Yen's method over it)
//! with what a planner reads off them: km in all and per mode, border crossings passed, the
//! sections in order, the bottleneck (the lowest capacity a source gives along it) and the
//! sections whose capacity no source gives.

use super::network::{Capacity, Link, NetEdge, Network, TRANSFER_KM};
use crate::model::{Kind, Mode, Status};
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::{EdgeFiltered, EdgeRef};
use std::collections::{BTreeMap, HashSet};

/// Average speeds for the time estimate, km/h.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Speeds {
    pub rail: f64,
    pub road: f64,
    pub sea: f64,
}

impl Default for Speeds {
    /// Freight averages with stops: block trains ~40 km/h, trucks ~50 km/h, Caspian and Black
    /// Sea ferries ~20 km/h (about 11 knots).
    fn default() -> Self {
        Self {
            rail: 40.0,
            road: 50.0,
            sea: 20.0,
        }
    }
}

/// An alternative route must leave the others for at least this far, km.
pub const MIN_DETOUR_KM: f64 = 50.0;

/// How to route.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RouteOptions {
    /// Only sections whose status is operational.
    pub operational_only: bool,
    /// Fastest by these speeds rather than shortest.
    pub by_time: Option<Speeds>,
}

/// The lowest capacity along a route: a section's, or a place's (a port, a crossing).
#[derive(Debug, Clone, PartialEq)]
pub struct Bottleneck {
    pub id: String,
    pub name: String,
    /// A place (node), not a section.
    pub place: bool,
    pub capacity: Capacity,
}

impl Bottleneck {
    /// "Baku International Sea Trade Port (Alat): 15 Mt/yr (phase 1)", in `unit` ("Mt/yr").
    pub fn figure(&self, unit: &str) -> String {
        let q = self
            .capacity
            .qualifier
            .as_deref()
            .map(|q| format!(" ({})", q.replace('_', " ")))
            .unwrap_or_default();
        format!(
            "{}: {} {unit}{q}",
            self.name,
            crate::model::format_number(self.capacity.per_year, false)
        )
    }
}

/// A route and what it passes.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub nodes: Vec<NodeIndex>,
    pub edges: Vec<EdgeIndex>,
    pub km: f64,
    /// The time estimate, hours (with the speeds routed by, or the default ones).
    pub hours: f64,
    pub by_mode_km: BTreeMap<String, f64>,
    pub border_crossings: Vec<String>,
    /// (id, name) of the sections in order.
    pub sections: Vec<(String, String)>,
    pub bottleneck: Option<Bottleneck>,
    /// The lowest container capacity (TEU/yr) along it, kept apart from the Mt/yr one.
    pub teu_bottleneck: Option<Bottleneck>,
    /// Sections along it whose capacity no source gives.
    pub unknown_capacity: Vec<(String, String)>,
    /// Sections along it not operational (in the year asked): (id, name, status).
    pub not_operational: Vec<(String, String, Option<Status>)>,
}

impl Route {
    /// The route's lines, lon/lat, stretch by stretch (for drawing it).
    pub fn lines(&self, net: &Network) -> Vec<Vec<(f64, f64)>> {
        self.edges
            .iter()
            .filter_map(|e| net.graph.edge_weight(*e))
            .map(|w| w.line.clone())
            .filter(|l| l.len() > 1)
            .collect()
    }
}

/// Why `routes` found none: "no route from A to B (over operational sections)".
pub fn no_route(net: &Network, from: NodeIndex, to: NodeIndex, o: &RouteOptions) -> String {
    let over = if o.operational_only {
        " over operational sections"
    } else {
        ""
    };
    format!(
        "no route from {} to {}{over}",
        net.graph[from].name, net.graph[to].name
    )
}

fn speed(s: &Speeds, m: Option<Mode>) -> f64 {
    match m {
        Some(Mode::Road) => s.road,
        Some(Mode::Sea) => s.sea,
        _ => s.rail,
    }
}

pub(super) fn usable(e: &NetEdge, o: &RouteOptions) -> bool {
    !o.operational_only || e.status == Some(Status::Operational)
}

/// A hub's access edges serve only the route's own ends.
fn usable_between(
    net: &Network,
    e: petgraph::graph::EdgeReference<'_, NetEdge>,
    o: &RouteOptions,
    ends: (NodeIndex, NodeIndex),
) -> bool {
    let w = e.weight();
    if w.link == Link::Access {
        let hub = if net.graph[e.source()].hub {
            e.source()
        } else {
            e.target()
        };
        return hub == ends.0 || hub == ends.1;
    }
    usable(w, o)
}

fn cost(e: &NetEdge, o: &RouteOptions) -> f64 {
    match (e.link, &o.by_time) {
        (Link::Access, _) => 0.0,
        // In hours: the distance at the slowest mode.
        (Link::Transfer, Some(s)) => TRANSFER_KM / s.sea,
        (Link::Transfer, None) => TRANSFER_KM,
        (Link::Section, Some(s)) => e.km / speed(s, e.mode),
        (Link::Section, None) => e.km,
    }
}

/// The cheapest route from `from` to `to` that avoids `banned` edges.
fn shortest(
    net: &Network,
    from: NodeIndex,
    to: NodeIndex,
    o: &RouteOptions,
    banned: &HashSet<EdgeIndex>,
) -> Option<(f64, Vec<NodeIndex>, Vec<EdgeIndex>)> {
    let ends = (from, to);
    let g = EdgeFiltered::from_fn(&net.graph, |e| {
        usable_between(net, e, o, ends) && !banned.contains(&e.id())
    });
    let (c, nodes) =
        petgraph::algo::astar(&g, from, |n| n == to, |e| cost(e.weight(), o), |_| 0.0)?;
    // The edge taken between each pair: the cheapest allowed one (parallel ones may differ).
    let mut edges = Vec::new();
    for w in nodes.windows(2) {
        let e = net
            .graph
            .edges_connecting(w[0], w[1])
            .filter(|e| usable_between(net, *e, o, ends) && !banned.contains(&e.id()))
            .min_by(|a, b| cost(a.weight(), o).total_cmp(&cost(b.weight(), o)))?;
        edges.push(e.id());
    }
    Some((c, nodes, edges))
}

/// The shortest (or fastest) route, and up to `alternatives` next ones (Yen's k shortest
/// loopless paths, each step an A* search), cheapest first.
pub fn routes(
    net: &Network,
    from: NodeIndex,
    to: NodeIndex,
    o: &RouteOptions,
    alternatives: usize,
) -> Vec<Route> {
    let Some(first) = shortest(net, from, to, o, &HashSet::new()) else {
        return Vec::new();
    };
    let mut found = vec![first];
    let mut candidates: Vec<(f64, Vec<NodeIndex>, Vec<EdgeIndex>)> = Vec::new();
    while found.len() <= alternatives {
        let Some((_, prev_nodes, prev_edges)) = found.last().cloned() else {
            break;
        };
        for i in 0..prev_nodes.len().saturating_sub(1) {
            let root = &prev_nodes[..=i];
            let mut banned: HashSet<EdgeIndex> = HashSet::new();
            for (_, nodes, edges) in &found {
                if nodes.len() > i + 1 && nodes[..=i] == *root {
                    banned.insert(edges[i]);
                }
            }
            // The root's own places may not be passed again.
            for n in &root[..i] {
                banned.extend(net.graph.edges(*n).map(|e| e.id()));
            }
            let Some((_, spur_nodes, spur_edges)) = shortest(net, prev_nodes[i], to, o, &banned)
            else {
                continue;
            };
            let mut nodes = root.to_vec();
            nodes.extend_from_slice(&spur_nodes[1..]);
            let mut edges = prev_edges[..i].to_vec();
            edges.extend(spur_edges);
            let c = edges.iter().map(|e| cost(&net.graph[*e], o)).sum();
            // Another way through the same sections (a parallel track, a change of mode at
            // an end) is no alternative.
            let sections = |es: &[EdgeIndex]| -> Vec<&str> {
                let mut ids: Vec<&str> = es
                    .iter()
                    .map(|e| &net.graph[*e])
                    .filter(|w| w.link == Link::Section)
                    .map(|w| w.id.as_str())
                    .collect();
                ids.dedup();
                ids
            };
            let mine = sections(&edges);
            // Nor is one that leaves another only for a short stretch (a hop along a road).
            let km_apart = |other: &[EdgeIndex]| -> f64 {
                let theirs = sections(other);
                edges
                    .iter()
                    .map(|e| &net.graph[*e])
                    .filter(|w| w.link == Link::Section && !theirs.contains(&w.id.as_str()))
                    .map(|w| w.km)
                    .sum()
            };
            let known = |x: &(f64, Vec<NodeIndex>, Vec<EdgeIndex>)| {
                sections(&x.2) == mine || km_apart(&x.2) < MIN_DETOUR_KM
            };
            if !found.iter().any(known) && !candidates.iter().any(known) {
                candidates.push((c, nodes, edges));
            }
        }
        let Some(best) = candidates
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.0.total_cmp(&b.1.0))
            .map(|(i, _)| i)
        else {
            break;
        };
        found.push(candidates.swap_remove(best));
    }
    let speeds = o.by_time.unwrap_or_default();
    found
        .into_iter()
        .map(|(_, nodes, edges)| describe(net, nodes, edges, &speeds))
        .collect()
}

/// Keeps the lower of the two capacities.
fn lower(low: &mut Option<Bottleneck>, b: Bottleneck) {
    if low
        .as_ref()
        .is_none_or(|x| b.capacity.per_year < x.capacity.per_year)
    {
        *low = Some(b);
    }
}

/// What a planner reads off a route.
fn describe(net: &Network, nodes: Vec<NodeIndex>, edges: Vec<EdgeIndex>, s: &Speeds) -> Route {
    let g = &net.graph;
    let mut by_mode_km = BTreeMap::new();
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut unknown: Vec<(String, String)> = Vec::new();
    let mut not_operational: Vec<(String, String, Option<Status>)> = Vec::new();
    let (mut bottleneck, mut teu_bottleneck) = (None, None);
    let (mut km, mut hours) = (0.0, 0.0);
    for e in &edges {
        let w = &g[*e];
        if w.link == Link::Transfer {
            hours += cost(
                w,
                &RouteOptions {
                    by_time: Some(*s),
                    ..Default::default()
                },
            );
        }
        if w.link != Link::Section {
            continue;
        }
        km += w.km;
        hours += w.km / speed(s, w.mode);
        let mode = w.mode.map_or("other", |m| m.key()).to_string();
        *by_mode_km.entry(mode).or_insert(0.0) += w.km;
        let key = (w.id.clone(), w.name.clone());
        if sections.last() != Some(&key) {
            sections.push(key.clone());
        }
        if w.status != Some(Status::Operational) && !not_operational.iter().any(|x| x.0 == w.id) {
            not_operational.push((w.id.clone(), w.name.clone(), w.status));
        }
        let section = |c: &Capacity| Bottleneck {
            id: w.id.clone(),
            name: w.name.clone(),
            place: false,
            capacity: c.clone(),
        };
        if let Some(c) = &w.capacity_teu {
            lower(&mut teu_bottleneck, section(c));
        }
        match &w.capacity {
            Some(c) => lower(&mut bottleneck, section(c)),
            None if !unknown.contains(&key) => unknown.push(key),
            None => {}
        }
    }
    // The places passed, once each (a place is a node per mode, and a hub at the ends).
    let mut places: Vec<NodeIndex> = Vec::new();
    for n in &nodes {
        if places.last().is_none_or(|p| g[*p].id != g[*n].id) {
            places.push(*n);
        }
    }
    for n in &places {
        let place = |c: &Capacity| Bottleneck {
            id: g[*n].id.clone(),
            name: g[*n].name.clone(),
            place: true,
            capacity: c.clone(),
        };
        if let Some(c) = &g[*n].capacity {
            lower(&mut bottleneck, place(c));
        }
        if let Some(c) = &g[*n].capacity_teu {
            lower(&mut teu_bottleneck, place(c));
        }
    }
    let border_crossings = places
        .iter()
        .filter(|n| g[**n].kind == Kind::BorderCrossing)
        .map(|n| g[*n].name.clone())
        .collect();
    Route {
        nodes: places,
        edges,
        km,
        hours,
        by_mode_km,
        border_crossings,
        sections,
        bottleneck,
        teu_bottleneck,
        unknown_capacity: unknown,
        not_operational,
    }
}
