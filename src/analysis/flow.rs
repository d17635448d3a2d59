//! Throughput: petgraph's Dinic max-flow from the Chinese border crossings to the Georgian
//! Black Sea ports over sections of known capacity, with the cut that sets it.

use super::network::{Capacity, Link, Network, length_km};
use super::route::{RouteOptions, usable};
use crate::model::Kind;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use std::collections::HashSet;

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

/// The flow network: one node per place where goods can change mode (its mode nodes joined
/// by unbounded transfers are one node), none for hubs or for places no capacity reaches.
/// petgraph's Dinic clears a vector as long as the graph's node count for every augmenting
/// path, so fewer nodes is what makes it fast: on the 100k-section grid this halves the nodes
/// and the time.
struct FlowNet {
    graph: petgraph::Graph<(), u64>,
    s: NodeIndex,
    t: NodeIndex,
    /// Each arc of a section with the network edge it stands for.
    arcs: Vec<(EdgeIndex, EdgeIndex)>,
    left_out: Vec<(String, String)>,
}

/// Capacities in thousandths of a Mt/yr: integers keep the flow exact and fast.
fn scale(mt: f64) -> u64 {
    (mt * 1000.0).round().max(0.0) as u64
}

const UNBOUNDED: u64 = u64::MAX / 4;

fn flow_net(
    net: &Network,
    sources: &HashSet<NodeIndex>,
    sinks: &HashSet<NodeIndex>,
    o: &RouteOptions,
) -> FlowNet {
    let g = &net.graph;
    let mut places = UnionFind::<usize>::new(g.node_count());
    for e in g.edge_references() {
        if e.weight().link == Link::Transfer && usable(e.weight(), o) {
            places.union(e.source().index(), e.target().index());
        }
    }
    let mut graph: petgraph::Graph<(), u64> = petgraph::Graph::new();
    let (s, t) = (graph.add_node(()), graph.add_node(()));
    let mut compact: Vec<Option<NodeIndex>> = vec![None; g.node_count()];
    let mut node = |graph: &mut petgraph::Graph<(), u64>, n: NodeIndex| {
        *compact[places.find(n.index())].get_or_insert_with(|| graph.add_node(()))
    };
    let mut left_out: Vec<(String, String)> = Vec::new();
    let mut seen_left_out: HashSet<&str> = HashSet::new();
    let mut arcs = Vec::new();
    for e in g.edge_references().filter(|e| usable(e.weight(), o)) {
        let w = e.weight();
        match w.link {
            Link::Transfer => {}
            Link::Access => {
                // Into the network at a source, out of it at a sink.
                let (hub, m) = if g[e.source()].hub {
                    (e.source(), e.target())
                } else {
                    (e.target(), e.source())
                };
                if sources.contains(&hub) {
                    let m = node(&mut graph, m);
                    graph.add_edge(s, m, UNBOUNDED);
                }
                if sinks.contains(&hub) {
                    let m = node(&mut graph, m);
                    graph.add_edge(m, t, UNBOUNDED);
                }
            }
            Link::Section => match &w.capacity {
                Some(c) => {
                    let (a, b) = (node(&mut graph, e.source()), node(&mut graph, e.target()));
                    if a != b {
                        let cap = scale(c.per_year);
                        arcs.push((graph.add_edge(a, b, cap), e.id()));
                        arcs.push((graph.add_edge(b, a, cap), e.id()));
                    }
                }
                None => {
                    if seen_left_out.insert(w.id.as_str()) {
                        left_out.push((w.id.clone(), w.name.clone()));
                    }
                }
            },
        }
    }
    FlowNet {
        graph,
        s,
        t,
        arcs,
        left_out,
    }
}

/// Maximum flow from `sources` to `sinks` over usable sections of known capacity.
pub fn throughput(
    net: &Network,
    sources: &[NodeIndex],
    sinks: &[NodeIndex],
    o: &RouteOptions,
) -> Throughput {
    let g = &net.graph;
    let sources: HashSet<NodeIndex> = sources.iter().copied().collect();
    let sinks: HashSet<NodeIndex> = sinks.iter().copied().collect();
    let FlowNet {
        graph: flow,
        s,
        t,
        arcs,
        left_out,
    } = flow_net(net, &sources, &sinks, o);
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
        mt_per_year: if value >= UNBOUNDED {
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
