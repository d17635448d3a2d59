//! Routes over the network (petgraph's A*; the next shortest ones by Yen's method over it)
//! with what a planner reads off them: km in all and per mode, border crossings passed, the
//! sections in order, the bottleneck (the lowest capacity a source gives along it) and the
//! sections whose capacity no source gives. Throughput: petgraph's Dinic max-flow from the
//! Chinese border crossings to the Georgian Black Sea ports over sections of known capacity,
//! with the cut that sets it.

use super::network::{Capacity, Link, NetEdge, Network, TRANSFER_KM, length_km};
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

fn usable(e: &NetEdge, o: &RouteOptions) -> bool {
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

/// What a planner reads off a route.
fn describe(net: &Network, nodes: Vec<NodeIndex>, edges: Vec<EdgeIndex>, s: &Speeds) -> Route {
    let g = &net.graph;
    let mut by_mode_km = BTreeMap::new();
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut unknown: Vec<(String, String)> = Vec::new();
    let mut not_operational: Vec<(String, String, Option<Status>)> = Vec::new();
    let mut bottleneck: Option<Bottleneck> = None;
    let mut lower = |b: Bottleneck| {
        if bottleneck
            .as_ref()
            .is_none_or(|x| b.capacity.mt_per_year < x.capacity.mt_per_year)
        {
            bottleneck = Some(b);
        }
    };
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
        match &w.capacity {
            Some(c) => lower(Bottleneck {
                id: w.id.clone(),
                name: w.name.clone(),
                place: false,
                capacity: c.clone(),
            }),
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
        if let Some(c) = &g[*n].capacity {
            lower(Bottleneck {
                id: g[*n].id.clone(),
                name: g[*n].name.clone(),
                place: true,
                capacity: c.clone(),
            });
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
        unknown_capacity: unknown,
        not_operational,
    }
}

/// The most that can move from `sources` to `sinks`, Mt/yr, over sections of known capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct Throughput {
    pub mt_per_year: f64,
    /// The sections that set it (full in the maximum flow, across the minimum cut).
    pub cut: Vec<(String, String, Capacity)>,
    /// Sections left out because no source gives their capacity.
    pub left_out: Vec<(String, String)>,
    pub sources: Vec<String>,
    pub sinks: Vec<String>,
}

/// The Chinese border crossings (in China, or within 15 km of one in China) and the Georgian
/// Black Sea ports, as the corridor's two ends.
pub fn corridor_ends(net: &Network) -> (Vec<NodeIndex>, Vec<NodeIndex>) {
    let g = &net.graph;
    let crossing = |n: &NodeIndex| g[*n].kind == Kind::BorderCrossing;
    let in_china: Vec<NodeIndex> = g
        .node_indices()
        .filter(|n| g[*n].hub && crossing(n) && g[*n].country.as_deref() == Some("CHN"))
        .collect();
    let sources = g
        .node_indices()
        .filter(|n| {
            g[*n].hub
                && crossing(n)
                && (in_china.contains(n)
                    || in_china
                        .iter()
                        .any(|c| length_km(&[g[*c].lonlat, g[*n].lonlat]) <= 15.0))
        })
        .collect();
    let sinks = g
        .node_indices()
        .filter(|n| {
            g[*n].hub && g[*n].kind == Kind::Port && g[*n].country.as_deref() == Some("GEO")
        })
        .collect();
    (sources, sinks)
}

/// Maximum flow from `sources` to `sinks` over usable sections of known capacity.
pub fn throughput(
    net: &Network,
    sources: &[NodeIndex],
    sinks: &[NodeIndex],
    o: &RouteOptions,
) -> Throughput {
    let g = &net.graph;
    // Capacities in thousandths of a Mt/yr: integers keep the flow exact and fast.
    let scale = |mt: f64| (mt * 1000.0).round().max(0.0) as u64;
    let unbounded = u64::MAX / 4;
    let mut flow: petgraph::Graph<(), u64> = petgraph::Graph::new();
    // A flow node for each mode node of a place; a place's hub is not one: the route's ends
    // are joined straight to its mode nodes.
    let ids: Vec<NodeIndex> = g.node_indices().map(|_| flow.add_node(())).collect();
    let (s, t) = (flow.add_node(()), flow.add_node(()));
    let sources: HashSet<NodeIndex> = sources.iter().copied().collect();
    let sinks: HashSet<NodeIndex> = sinks.iter().copied().collect();
    let mut left_out: Vec<(String, String)> = Vec::new();
    let mut seen_left_out: HashSet<&str> = HashSet::new();
    let mut arcs: Vec<(EdgeIndex, EdgeIndex)> = Vec::new();
    for e in g.edge_references().filter(|e| usable(e.weight(), o)) {
        let w = e.weight();
        let (a, b) = (ids[e.source().index()], ids[e.target().index()]);
        match w.link {
            Link::Transfer => {
                flow.add_edge(a, b, unbounded);
                flow.add_edge(b, a, unbounded);
                continue;
            }
            Link::Access => {
                // Into the network at a source, out of it at a sink.
                let (hub, m) = if g[e.source()].hub {
                    (e.source(), b)
                } else {
                    (e.target(), a)
                };
                if sources.contains(&hub) {
                    flow.add_edge(s, m, unbounded);
                }
                if sinks.contains(&hub) {
                    flow.add_edge(m, t, unbounded);
                }
                continue;
            }
            Link::Section => {}
        }
        match &w.capacity {
            Some(c) => {
                let f = flow.add_edge(a, b, scale(c.mt_per_year));
                let r = flow.add_edge(b, a, scale(c.mt_per_year));
                arcs.push((f, e.id()));
                arcs.push((r, e.id()));
            }
            None => {
                if seen_left_out.insert(w.id.as_str()) {
                    left_out.push((w.id.clone(), w.name.clone()));
                }
            }
        }
    }
    let (value, flows) = petgraph::algo::dinics(&flow, s, t);
    // The source side of the minimum cut: what the residual network still reaches.
    let mut reached = vec![false; flow.node_count()];
    let mut stack = vec![s];
    reached[s.index()] = true;
    while let Some(u) = stack.pop() {
        for e in flow.edges_directed(u, petgraph::Direction::Outgoing) {
            let v = e.target();
            if !reached[v.index()] && *e.weight() > flows[e.id().index()] {
                reached[v.index()] = true;
                stack.push(v);
            }
        }
        for e in flow.edges_directed(u, petgraph::Direction::Incoming) {
            let v = e.source();
            if !reached[v.index()] && flows[e.id().index()] > 0 {
                reached[v.index()] = true;
                stack.push(v);
            }
        }
    }
    let mut cut: Vec<(String, String, Capacity)> = Vec::new();
    for (arc, e) in arcs {
        let (a, b) = flow.edge_endpoints(arc).unwrap_or((s, s));
        if reached[a.index()] && !reached[b.index()] {
            let w = &g[e];
            if let Some(c) = &w.capacity
                && !cut.iter().any(|x| x.0 == w.id)
            {
                cut.push((w.id.clone(), w.name.clone(), c.clone()));
            }
        }
    }
    let names = |ns: &HashSet<NodeIndex>| {
        let mut v: Vec<(NodeIndex, String)> = ns.iter().map(|n| (*n, g[*n].name.clone())).collect();
        v.sort();
        v.into_iter().map(|x| x.1).collect()
    };
    Throughput {
        mt_per_year: if value >= unbounded {
            f64::INFINITY
        } else {
            value as f64 / 1000.0
        },
        cut,
        left_out,
        sources: names(&sources),
        sinks: names(&sinks),
    }
}
