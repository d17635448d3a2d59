//! The corridor as a network: the sections (rail, road and sea lines) are cut into edges at
//! every place (point feature) they pass within [`SNAP_KM`], so that a line through Alashankou
//! or Mangyshlak joins there. Each edge keeps its section, mode, geodesic length, status and
//! known capacity. Two sections along the same track between the same places (the BTK route
//! over the Baku–Alat and Alat–Tbilisi lines) make one edge.
//!
//! A place is a node per mode that reaches it, and goods change mode only where they can be
//! handled: at ports, logistics hubs and economic or industrial zones (dry ports), each change
//! costing a route [`TRANSFER_KM`] of search cost. A route starts and ends at a place's hub
//! node, joined to its mode nodes.

use crate::model::{Feature, FeatureRef, Figure, Kind, Layer, LayerId, Mode, Status};
use geo::{Distance, Geodesic, Geometry, Point};
use petgraph::graph::{NodeIndex, UnGraph};
use rstar::primitives::GeomWithData;
use rstar::{AABB, RTree};

/// How far from a line a place may be and still be on it, km.
pub const SNAP_KM: f64 = 3.0;

/// What a change of mode costs a route, in km of search cost (not in its length): without it
/// the shortest route would hop between a road and a railway wherever they meet.
pub const TRANSFER_KM: f64 = 50.0;

/// What an edge of the network is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// A stretch of a section.
    Section,
    /// A change of mode at a place that handles goods.
    Transfer,
    /// From a place's hub to one of its mode nodes (a route's start or end only).
    Access,
}

/// Can goods change mode at a place of this kind?
pub fn handles_goods(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::Port | Kind::LogisticsHub | Kind::SpecialEconomicZone | Kind::IndustrialZone
    )
}

/// A capacity a source gives, per year, with what it is: Mt/yr or TEU/yr as the field that
/// holds it says (the two are kept apart, never converted).
#[derive(Debug, Clone, PartialEq)]
pub struct Capacity {
    pub per_year: f64,
    /// The qualifier as the source gives it ("phase_1"), if any.
    pub qualifier: Option<String>,
    /// The citation of its source.
    pub source: Option<String>,
}

/// A place of the network.
#[derive(Debug, Clone, PartialEq)]
pub struct NetNode {
    pub feature: FeatureRef,
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub country: Option<String>,
    pub lonlat: (f64, f64),
    /// Mt/yr.
    pub capacity: Option<Capacity>,
    /// TEU/yr (containers), where a source gives it.
    pub capacity_teu: Option<Capacity>,
    /// The modes it serves where it serves only some (`modes`: a road checkpoint).
    pub serves: Option<Vec<Mode>>,
    /// The place's hub (a route's start or end), else its node for `mode`.
    pub hub: bool,
    pub mode: Option<Mode>,
}

/// A stretch of a section between two places.
#[derive(Debug, Clone, PartialEq)]
pub struct NetEdge {
    pub link: Link,
    pub section: FeatureRef,
    pub id: String,
    pub name: String,
    pub mode: Option<Mode>,
    pub status: Option<Status>,
    pub km: f64,
    /// Mt/yr.
    pub capacity: Option<Capacity>,
    /// TEU/yr (containers), where a source gives it.
    pub capacity_teu: Option<Capacity>,
    /// The stretch's line, lon/lat (for drawing a route).
    pub line: Vec<(f64, f64)>,
    /// Other sections along the same track here (ids and names).
    pub shared_with: Vec<(String, String)>,
}

/// The network and what building it decided.
#[derive(Debug, Clone, Default)]
pub struct Network {
    pub graph: UnGraph<NetNode, NetEdge>,
    /// Section ends joined to a place farther than [`SNAP_KM`] away (from/to given), said.
    pub notes: Vec<String>,
    /// Each section's whole length, km (which of two sections on one track is the local one).
    section_km: std::collections::HashMap<String, f64>,
    /// The node of (hub, mode) made so far.
    instances: std::collections::HashMap<(NodeIndex, Option<Mode>), NodeIndex>,
}

/// A capacity the source gives as in place now (`property`: `capacity_mt_per_year` or
/// `capacity_teu_per_year`): not a target, a plan or a design total.
pub fn current_capacity(
    figures: &[Figure],
    property: &str,
    cite: impl Fn(&str) -> Option<String>,
) -> Option<Capacity> {
    figures
        .iter()
        .filter(|f| f.property == property)
        .filter(|f| {
            !matches!(
                f.qualifier.as_deref(),
                Some("target" | "planned" | "total" | "after_upgrade" | "phase_2")
            )
        })
        .filter_map(|f| {
            Some(Capacity {
                per_year: f.number()?,
                qualifier: f.qualifier.clone(),
                source: f.source.as_deref().and_then(&cite),
            })
        })
        .min_by(|a, b| a.per_year.total_cmp(&b.per_year))
}

/// The line of a section as one run of lon/lat points (parts of a multi-line one after another).
fn line_of(f: &Feature) -> Vec<(f64, f64)> {
    match &f.geometry {
        Geometry::LineString(l) => l.coords().map(|c| (c.x, c.y)).collect(),
        Geometry::MultiLineString(m) => {
            m.0.iter()
                .flat_map(|l| l.coords().map(|c| (c.x, c.y)))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Where `p` is nearest to `line`: (segment, fraction along it, distance km), in a local
/// equirectangular projection (good to well under a kilometre at snapping distances).
fn nearest_on(line: &[(f64, f64)], p: (f64, f64)) -> Option<(usize, f64, f64)> {
    let k = p.1.to_radians().cos();
    let xy = |q: (f64, f64)| (q.0 * k * 111.32, q.1 * 111.32);
    let pp = xy(p);
    let mut best: Option<(usize, f64, f64)> = None;
    for (i, w) in line.windows(2).enumerate() {
        let (a, b) = (xy(w[0]), xy(w[1]));
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((pp.0 - a.0) * dx + (pp.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (qx, qy) = (a.0 + t * dx, a.1 + t * dy);
        let d = ((pp.0 - qx).powi(2) + (pp.1 - qy).powi(2)).sqrt();
        if best.is_none_or(|b| d < b.2) {
            best = Some((i, t, d));
        }
    }
    best
}

/// The part of `line` from position `a` to position `b` (segment, fraction).
fn cut(line: &[(f64, f64)], a: (usize, f64), b: (usize, f64)) -> Vec<(f64, f64)> {
    let at = |(i, t): (usize, f64)| {
        let p = line[i];
        let q = line.get(i + 1).copied().unwrap_or(p);
        (p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t)
    };
    let mut out = vec![at(a)];
    for v in line.iter().take(b.0 + 1).skip(a.0 + 1) {
        out.push(*v);
    }
    out.push(at(b));
    out
}

/// Geodesic length of a lon/lat line, km.
pub fn length_km(line: &[(f64, f64)]) -> f64 {
    line.windows(2)
        .map(|w| Geodesic.distance(Point::new(w[0].0, w[0].1), Point::new(w[1].0, w[1].1)))
        .sum::<f64>()
        / 1000.0
}

impl Network {
    /// The network of `layers`; `status` gives each section the status to use (today's, or a
    /// year's).
    pub fn build<'a>(
        layers: impl IntoIterator<Item = (LayerId, &'a Layer)>,
        status: impl Fn(FeatureRef, &Feature) -> Option<Status>,
    ) -> Self {
        let layers: Vec<(LayerId, &Layer)> = layers.into_iter().collect();
        let mut net = Network::default();
        let mut by_id = std::collections::HashMap::new();
        for (li, layer) in &layers {
            for (i, f) in layer.features.iter().enumerate() {
                let Geometry::Point(p) = f.geometry else {
                    continue;
                };
                let r = FeatureRef {
                    layer: *li,
                    feature: i,
                };
                let props = f.properties();
                let figures = f.all_figures();
                let cite = |id: &str| f.source(id).map(|s| s.citation());
                let node = NetNode {
                    feature: r,
                    id: f.id.clone(),
                    name: f.name.clone(),
                    kind: f.kind.clone(),
                    country: props
                        .get("country")
                        .and_then(|c| c.as_str())
                        .map(str::to_string),
                    lonlat: (p.x(), p.y()),
                    capacity: current_capacity(&figures, "capacity_mt_per_year", cite),
                    capacity_teu: current_capacity(&figures, "capacity_teu_per_year", cite),
                    serves: props.get("modes").and_then(|m| m.as_array()).map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().and_then(Mode::parse))
                            .collect()
                    }),
                    hub: true,
                    mode: None,
                };
                by_id.insert(f.id.clone(), net.graph.add_node(node));
            }
        }
        let nodes: Vec<(NodeIndex, (f64, f64))> = net
            .graph
            .node_indices()
            .map(|n| (n, net.graph[n].lonlat))
            .collect();
        // The places in an R-tree: a line looks only at those near it.
        let index = RTree::bulk_load(
            nodes
                .iter()
                .map(|(n, p)| GeomWithData::new([p.0, p.1], *n))
                .collect(),
        );
        for (li, layer) in &layers {
            for (i, f) in layer.features.iter().enumerate() {
                if f.kind != Kind::Section {
                    continue;
                }
                let r = FeatureRef {
                    layer: *li,
                    feature: i,
                };
                net.add_section(r, f, status(r, f), &index, &by_id);
            }
        }
        net.link_modes(&nodes);
        net
    }

    /// The hub of the place with this feature id.
    pub fn place(&self, id: &str) -> Option<NodeIndex> {
        self.graph
            .node_indices()
            .find(|n| self.graph[*n].hub && self.graph[*n].id == id)
    }

    /// The node of `hub` for `mode`, made on first use.
    fn instance(&mut self, hub: NodeIndex, mode: Option<Mode>) -> NodeIndex {
        if let Some(n) = self.instances.get(&(hub, mode)) {
            return *n;
        }
        let n = self.graph.add_node(NetNode {
            hub: false,
            mode,
            ..self.graph[hub].clone()
        });
        self.instances.insert((hub, mode), n);
        n
    }

    /// Access edges from each hub to its mode nodes; transfer edges between the mode nodes of
    /// a place that handles goods.
    fn link_modes(&mut self, hubs: &[(NodeIndex, (f64, f64))]) {
        let mut per_hub: std::collections::HashMap<NodeIndex, Vec<NodeIndex>> = Default::default();
        for ((hub, _), n) in &self.instances {
            per_hub.entry(*hub).or_default().push(*n);
        }
        for (hub, _) in hubs {
            let Some(mut modes) = per_hub.get(hub).cloned() else {
                continue;
            };
            modes.sort();
            let link = |kind: Link, n: &NetNode| NetEdge {
                link: kind,
                section: n.feature,
                id: String::new(),
                name: n.name.clone(),
                mode: None,
                status: Some(Status::Operational),
                km: 0.0,
                capacity: None,
                capacity_teu: None,
                line: Vec::new(),
                shared_with: Vec::new(),
            };
            for m in &modes {
                let e = link(Link::Access, &self.graph[*hub]);
                self.graph.add_edge(*hub, *m, e);
            }
            if handles_goods(&self.graph[*hub].kind) {
                for (i, a) in modes.iter().enumerate() {
                    for b in &modes[i + 1..] {
                        let e = link(Link::Transfer, &self.graph[*hub]);
                        self.graph.add_edge(*a, *b, e);
                    }
                }
            }
        }
    }

    fn add_section(
        &mut self,
        r: FeatureRef,
        f: &Feature,
        status: Option<Status>,
        index: &RTree<GeomWithData<[f64; 2], NodeIndex>>,
        by_id: &std::collections::HashMap<String, NodeIndex>,
    ) {
        let line = line_of(f);
        if line.len() < 2 {
            return;
        }
        let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
        for p in &line {
            lo = [lo[0].min(p.0), lo[1].min(p.1)];
            hi = [hi[0].max(p.0), hi[1].max(p.1)];
        }
        let dlat = SNAP_KM / 111.32;
        let dlon = dlat / lo[1].abs().max(hi[1].abs()).min(85.0).to_radians().cos();
        let near = AABB::from_corners([lo[0] - dlon, lo[1] - dlat], [hi[0] + dlon, hi[1] + dlat]);
        let nodes: Vec<(NodeIndex, (f64, f64))> = index
            .locate_in_envelope(&near)
            .map(|g| (g.data, (g.geom()[0], g.geom()[1])))
            .collect();
        // Every place on the line, in order along it; a ship calls only at ports.
        let sea = f.mode == Some(Mode::Sea);
        let mut on: Vec<(usize, f64, NodeIndex)> = nodes
            .iter()
            .filter(|(n, _)| !sea || self.graph[*n].kind == Kind::Port)
            // A zone beside a line is not a stop on it (Alat FEZ by the Alat port).
            .filter(|(n, _)| {
                !matches!(
                    self.graph[*n].kind,
                    Kind::SpecialEconomicZone | Kind::IndustrialZone
                )
            })
            .filter(|(n, _)| {
                let serves = &self.graph[*n].serves;
                serves
                    .as_ref()
                    .is_none_or(|m| f.mode.is_some_and(|x| m.contains(&x)))
            })
            .filter_map(|(n, p)| {
                let (seg, t, d) = nearest_on(&line, *p)?;
                (d <= SNAP_KM).then_some((seg, t, *n))
            })
            .collect();
        // The section's own ends, wherever they were drawn.
        let last = (line.len() - 2, 1.0);
        for (key, at) in [("from", (0, 0.0)), ("to", last)] {
            let Some(n) = f.text(key).and_then(|id| by_id.get(&id).copied()) else {
                continue;
            };
            if !on.iter().any(|o| o.2 == n) {
                let d = length_km(&[self.graph[n].lonlat, cut(&line, at, at)[0]]);
                self.notes.push(format!(
                    "{}: its {key} end joined to {} {d:.1} km away",
                    f.id, self.graph[n].name
                ));
                on.push((at.0, at.1, n));
            }
        }
        on.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        on.dedup_by_key(|o| o.2);
        let figures = f.all_figures();
        let cite = |id: &str| f.source(id).map(|s| s.citation());
        let capacity = current_capacity(&figures, "capacity_mt_per_year", cite);
        let capacity_teu = current_capacity(&figures, "capacity_teu_per_year", cite);
        let total = length_km(&line);
        self.section_km.insert(f.id.clone(), total);
        for w in on.windows(2) {
            let (a, b) = (w[0], w[1]);
            let part = cut(&line, (a.0, a.1), (b.0, b.1));
            let edge = NetEdge {
                link: Link::Section,
                section: r,
                id: f.id.clone(),
                name: f.name.clone(),
                mode: f.mode,
                status,
                km: length_km(&part),
                capacity: capacity.clone(),
                capacity_teu: capacity_teu.clone(),
                line: part,
                shared_with: Vec::new(),
            };
            let (ia, ib) = (self.instance(a.2, f.mode), self.instance(b.2, f.mode));
            self.add_edge(ia, ib, edge, total);
        }
    }

    /// Add an edge, or merge it with one along the same track between the same places (same
    /// mode, drawn lengths within 30 %: one may be drawn through fewer points): the section that is shorter overall (the local line, not
    /// the long route over it) keeps the edge and its capacity.
    fn add_edge(&mut self, a: NodeIndex, b: NodeIndex, edge: NetEdge, section_km: f64) {
        if a == b {
            return;
        }
        let same = self.graph.edges_connecting(a, b).find_map(|e| {
            let w = e.weight();
            let close = (w.km - edge.km).abs() <= 0.3 * w.km.max(edge.km);
            (w.mode == edge.mode && close).then(|| petgraph::visit::EdgeRef::id(&e))
        });
        match same {
            Some(e) => {
                let kept_total = self
                    .section_km
                    .get(&self.graph[e].id)
                    .copied()
                    .unwrap_or(f64::MAX);
                let kept = &mut self.graph[e];
                if section_km < kept_total {
                    let mut edge = edge;
                    edge.shared_with.push((kept.id.clone(), kept.name.clone()));
                    edge.shared_with.append(&mut kept.shared_with);
                    *kept = edge;
                } else {
                    kept.shared_with.push((edge.id, edge.name));
                }
            }
            None => {
                self.graph.add_edge(a, b, edge);
            }
        }
    }
}
