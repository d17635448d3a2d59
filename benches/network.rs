//! The network's speed: building it, a route and a max-flow, on the shipped data and on a
//! synthetic grid of 100k edges. `cargo bench --bench network`.

use corridor_atlas::analysis::{Network, RouteOptions, corridor_ends, routes, throughput};
use corridor_atlas::load;
use corridor_atlas::model::Origin;
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// Median of `n` runs of `f`, ms.
fn median_ms(n: usize, mut f: impl FnMut()) -> f64 {
    let mut v: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            ms(t)
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A `side`×`side` grid of stations 0.05° apart with a rail section between neighbours, each
/// with a capacity from 1 to 20 Mt/yr.
fn grid(side: usize) -> corridor_atlas::model::Layer {
    let mut f = Vec::new();
    let at = |i: usize, j: usize| (60.0 + i as f64 * 0.05, 40.0 + j as f64 * 0.05);
    for i in 0..side {
        for j in 0..side {
            let (x, y) = at(i, j);
            f.push(format!(
                r#"{{"type":"Feature","properties":{{"id":"n{i}_{j}","name":"N {i} {j}","kind":"rail_station"}},"geometry":{{"type":"Point","coordinates":[{x},{y}]}}}}"#
            ));
        }
    }
    let mut k = 0u64;
    for i in 0..side {
        for j in 0..side {
            for (di, dj) in [(1, 0), (0, 1)] {
                let (i2, j2) = (i + di, j + dj);
                if i2 >= side || j2 >= side {
                    continue;
                }
                k = k
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let cap = 1 + (k >> 59) % 20;
                let ((x1, y1), (x2, y2)) = (at(i, j), at(i2, j2));
                f.push(format!(
                    r#"{{"type":"Feature","properties":{{"id":"e{i}_{j}_{di}","name":"E","kind":"rail_section","status":"operational","capacity_mt_per_year":{cap}}},"geometry":{{"type":"LineString","coordinates":[[{x1},{y1}],[{x2},{y2}]]}}}}"#
                ));
            }
        }
    }
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        f.join(",")
    );
    load::parse_layer(&text, "grid", Origin::Embedded("grid".into())).expect("grid parses")
}

fn main() {
    let (layers, _) = load::embedded_layers();
    let t = Instant::now();
    let net = Network::build(layers.iter().enumerate(), |_, f| f.status);
    let build = ms(t);
    let (a, b) = (
        net.place("khorgos_chn").expect("Khorgos"),
        net.place("poti_port").expect("Poti"),
    );
    let o = RouteOptions::default();
    let route = median_ms(50, || {
        std::hint::black_box(routes(&net, a, b, &o, 0));
    });
    let three = median_ms(20, || {
        std::hint::black_box(routes(&net, a, b, &o, 2));
    });
    let (from, to) = corridor_ends(&net);
    let flow = median_ms(50, || {
        std::hint::black_box(throughput(&net, &from, &to, &o));
    });
    println!(
        "  built-in | network {build:.2} ms ({} nodes, {} edges) | route {route:.3} ms | route + 2 alternatives {three:.3} ms | throughput {flow:.3} ms",
        net.graph.node_count(),
        net.graph.edge_count()
    );

    let side = 224;
    let layer = grid(side);
    let t = Instant::now();
    let net = Network::build([(0, &layer)], |_, f| f.status);
    let build = ms(t);
    let corner = |i: usize, j: usize| net.place(&format!("n{i}_{j}")).expect("node");
    let (a, b) = (corner(0, 0), corner(side - 1, side - 1));
    let route = median_ms(5, || {
        std::hint::black_box(routes(&net, a, b, &o, 0));
    });
    let from: Vec<_> = (0..side).map(|j| corner(0, j)).collect();
    let to: Vec<_> = (0..side).map(|j| corner(side - 1, j)).collect();
    let t = Instant::now();
    let f = throughput(&net, &from, &to, &o);
    let flow = ms(t);
    // The corridor's own question on it: a few crossings at one side, a few ports at the other.
    let few = |i: usize| -> Vec<_> { (0..4).map(|k| corner(i, side / 8 + k * side / 4)).collect() };
    let t = Instant::now();
    let f4 = throughput(&net, &few(0), &few(side - 1), &o);
    let flow4 = ms(t);
    println!(
        "      grid | 4 ends to 4 ends: max-flow {flow4:.0} ms ({:.0} Mt/yr, cut of {})",
        f4.mt_per_year,
        f4.cut.len()
    );
    println!(
        "      grid | network {build:.0} ms ({} nodes, {} edges, {} sections) | route corner to corner {route:.1} ms | max-flow west → east {flow:.0} ms ({:.0} Mt/yr, cut of {})",
        net.graph.node_count(),
        net.graph.edge_count(),
        layer.features.len() - side * side,
        f.mt_per_year,
        f.cut.len()
    );
}
