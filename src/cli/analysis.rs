//! `route` and `throughput`: the network's answers on the command line, as text or JSON.

use super::{Failure, check_year, value};
use crate::analysis::{
    Bottleneck, Network, Route, RouteOptions, Speeds, Throughput, corridor_ends, routes, throughput,
};
use crate::export::RouteDrawing;
use crate::load;
use crate::map::MapData;
use crate::model::{Filter, fold, format_number};
use petgraph::graph::NodeIndex;
use serde_json::{Value, json};

/// What `route` and `throughput` were asked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetworkArgs {
    pub from: Option<String>,
    pub to: Option<String>,
    pub year: Option<i32>,
    pub operational: bool,
    pub alternatives: usize,
    pub json: bool,
    /// Fastest by the default speeds rather than shortest.
    pub by_time: bool,
}

/// Read the options of `route` / `throughput` (after the subcommand's name).
pub fn parse_network_args(args: &[String], route: bool) -> Result<NetworkArgs, String> {
    let mut a = NetworkArgs::default();
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        match flag {
            "--from" if route => a.from = Some(value(args, &mut i, flag)?),
            "--to" if route => a.to = Some(value(args, &mut i, flag)?),
            "--alternatives" if route => {
                let v = value(args, &mut i, flag)?;
                a.alternatives = v
                    .parse()
                    .ok()
                    .filter(|n| *n <= 10)
                    .ok_or_else(|| format!("{flag}: \"{v}\" is not a number from 0 to 10"))?;
            }
            "--fastest" if route => a.by_time = true,
            "--year" => {
                let v = value(args, &mut i, flag)?;
                a.year = Some(
                    v.parse()
                        .map_err(|_| format!("{flag}: \"{v}\" is not a year (YYYY)"))?,
                );
            }
            "--operational" => a.operational = true,
            "--json" => a.json = true,
            other => return Err(format!("unknown option \"{other}\"")),
        }
        i += 1;
    }
    if route && (a.from.is_none() || a.to.is_none()) {
        return Err("route needs --from NAME and --to NAME".into());
    }
    Ok(a)
}

/// The built-in data with the statuses of `year`, and its network.
fn network(year: Option<i32>) -> Result<(MapData, Network), Failure> {
    let (layers, errors) = load::embedded_layers();
    if let Some(e) = errors.first() {
        return Err(e.to_string().into());
    }
    let mut data = MapData::from_layers(layers);
    if let Some(y) = year {
        let indicators = load::embedded_indicators().unwrap_or_default();
        check_year(y, data.year_range(&indicators)).map_err(Failure::Usage)?;
        data.set_filter(&Filter {
            year: Some(y),
            ..Default::default()
        });
    }
    let net = network_of(&data);
    Ok((data, net))
}

/// The network of the visible layers of `data`, with the statuses drawn (a year's, when the
/// timeline is on).
pub fn network_of(data: &MapData) -> Network {
    Network::build(
        data.layers
            .iter()
            .enumerate()
            .filter(|(_, m)| m.visible)
            .map(|(i, m)| (i, m.layer.as_ref())),
        |r, _| data.layers.get(r.layer).and_then(|m| m.status(r.feature)),
    )
}

/// The shortest route between two places of `data`, as a briefing draws it.
pub fn route_drawing(data: &MapData, from: &str, to: &str) -> Result<RouteDrawing, Failure> {
    let net = network_of(data);
    let a = place_named(data, &net, "--route", from).map_err(Failure::Usage)?;
    let b = place_named(data, &net, "--route", to).map_err(Failure::Usage)?;
    let found = routes(&net, a, b, &RouteOptions::default(), 0);
    let r = found.first().ok_or_else(|| {
        Failure::Failed(format!(
            "--route: no route from {} to {}",
            net.graph[a].name, net.graph[b].name
        ))
    })?;
    let g = &net.graph;
    let mut summary = vec![format!("Route: {} → {}", g[a].name, g[b].name)];
    let mut modes = vec![format!("{} km", format_number(r.km.round(), false))];
    modes.extend(
        r.by_mode_km
            .iter()
            .map(|(m, k)| format!("{m} {} km", format_number(k.round(), false))),
    );
    summary.push(modes.join(" · "));
    if !r.border_crossings.is_empty() {
        summary.push(format!(
            "Border crossings: {}",
            r.border_crossings.join(", ")
        ));
    }
    for (b, unit) in [(&r.bottleneck, "Mt/yr"), (&r.teu_bottleneck, "TEU/yr")] {
        match b {
            Some(b) => summary.push(format!(
                "Bottleneck{}: {} ({})",
                if unit == "TEU/yr" { ", containers" } else { "" },
                b.figure(unit),
                b.capacity.source.as_deref().unwrap_or("no source")
            )),
            None if unit == "Mt/yr" => {
                summary.push("Bottleneck: no capacity along it is known".into())
            }
            None => {}
        }
    }
    if !r.unknown_capacity.is_empty() {
        summary.push(format!(
            "Capacity unknown for {} of its {} sections",
            r.unknown_capacity.len(),
            r.sections.len()
        ));
    }
    Ok(RouteDrawing {
        from: from.to_string(),
        to: to.to_string(),
        lines: r.lines(&net),
        summary,
    })
}

/// The place a name finds, as Find matches it; an unknown name, or one that two places match
/// equally well, is an error listing the candidates (`flag` names the field asked).
pub fn place_named(
    data: &MapData,
    net: &Network,
    flag: &str,
    name: &str,
) -> Result<NodeIndex, String> {
    let hits: Vec<(NodeIndex, String, u32)> = data
        .name_index()
        .find(name, 12)
        .into_iter()
        // Every word typed starts a word of the name (the fuzzy ranking alone would take
        // "Atlantis" for "TURAN SEZ / Central Asia…").
        .filter(|h| {
            let words: Vec<String> = fold(&h.matched)
                .split(|c: char| !c.is_alphanumeric())
                .map(str::to_string)
                .collect();
            fold(name)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|q| !q.is_empty())
                .all(|q| words.iter().any(|w| w.starts_with(q)))
        })
        .filter_map(|h| {
            let f = data.get(h.r)?;
            Some((net.place(&f.id)?, f.name.clone(), h.score))
        })
        .collect();
    let list = |hits: &[(NodeIndex, String, u32)]| {
        hits.iter()
            .map(|h| h.1.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    match hits.as_slice() {
        [] => Err(format!(
            "{flag}: no place is named like \"{name}\" (names, local names and aliases are \
             matched in any script and spelling)"
        )),
        [first, second, ..]
            if first.2 == second.2 && fold(&first.1) != fold(name) && first.0 != second.0 =>
        {
            Err(format!(
                "{flag}: \"{name}\" names more than one place: {}",
                list(&hits[..hits.len().min(6)])
            ))
        }
        [first, ..] => Ok(first.0),
    }
}

fn route_json(net: &Network, r: &Route) -> Value {
    let g = &net.graph;
    json!({
        "from": g[r.nodes[0]].name,
        "to": r.nodes.last().map(|n| g[*n].name.clone()),
        "length_km": (r.km * 10.0).round() / 10.0,
        "hours": (r.hours * 10.0).round() / 10.0,
        "by_mode_km": r.by_mode_km.iter().map(|(m, k)| (m.clone(), json!((k * 10.0).round() / 10.0))).collect::<serde_json::Map<_, _>>(),
        "border_crossings": r.border_crossings,
        "sections": r.sections.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>(),
        "bottleneck": r.bottleneck.as_ref().map(|b| bottleneck_json(b, "capacity_mt_per_year")),
        "teu_bottleneck": r.teu_bottleneck.as_ref().map(|b| bottleneck_json(b, "capacity_teu_per_year")),
        "unknown_capacity": r.unknown_capacity.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>(),
        "not_operational": r.not_operational.iter().map(|(id, name, s)| json!({"id": id, "name": name, "status": s.map(|s| s.key())})).collect::<Vec<_>>(),
    })
}

/// A bottleneck in the route JSON, its figure under `key`.
fn bottleneck_json(b: &Bottleneck, key: &str) -> Value {
    json!({
        "id": b.id,
        "name": b.name,
        "kind": if b.place { "place" } else { "section" },
        key: b.capacity.per_year,
        "qualifier": b.capacity.qualifier,
        "source": b.capacity.source,
    })
}

/// A route as a planner reads it.
pub fn route_text(net: &Network, r: &Route) -> String {
    let g = &net.graph;
    let modes: Vec<String> = r
        .by_mode_km
        .iter()
        .map(|(m, k)| format!("{m} {k:.0} km"))
        .collect();
    let mut out = format!(
        "{} → {}: {:.0} km ({}), about {:.0} h at {} km/h by rail, {} by road, {} by sea\n",
        g[r.nodes[0]].name,
        r.nodes.last().map_or("", |n| g[*n].name.as_str()),
        r.km,
        modes.join(", "),
        r.hours,
        Speeds::default().rail,
        Speeds::default().road,
        Speeds::default().sea,
    );
    out += &format!("Border crossings: {}\n", r.border_crossings.join(", "));
    out += "Sections:\n";
    for (i, (id, name)) in r.sections.iter().enumerate() {
        out += &format!("  {}. {name} ({id})\n", i + 1);
    }
    let source = |b: &Bottleneck| b.capacity.source.clone().unwrap_or("none given".into());
    match &r.bottleneck {
        Some(b) => {
            out += &format!(
                "Bottleneck: {} — source: {}\n",
                b.figure("Mt/yr"),
                source(b)
            )
        }
        None => out += "Bottleneck: no capacity along it is known\n",
    }
    if let Some(b) = &r.teu_bottleneck {
        out += &format!(
            "Bottleneck, containers: {} — source: {}\n",
            b.figure("TEU/yr"),
            source(b)
        );
    }
    if !r.not_operational.is_empty() {
        let names: Vec<String> = r
            .not_operational
            .iter()
            .map(|(_, n, s)| format!("{n} ({})", s.map_or("status unknown", |s| s.label())))
            .collect();
        out += &format!("Not operational: {}\n", names.join("; "));
    }
    if !r.unknown_capacity.is_empty() {
        let names: Vec<&str> = r.unknown_capacity.iter().map(|s| s.1.as_str()).collect();
        out += &format!(
            "Capacity unknown (no source gives one): {}\n",
            names.join("; ")
        );
    }
    out
}

/// `route`: the shortest (or fastest) route and its alternatives; exit 1 when there is none.
pub fn route(a: &NetworkArgs, out: &mut dyn std::io::Write) -> Result<(), Failure> {
    let (data, net) = network(a.year)?;
    let from = place_named(&data, &net, "--from", a.from.as_deref().unwrap_or_default())
        .map_err(Failure::Usage)?;
    let to = place_named(&data, &net, "--to", a.to.as_deref().unwrap_or_default())
        .map_err(Failure::Usage)?;
    let o = RouteOptions {
        operational_only: a.operational,
        by_time: a.by_time.then(Speeds::default),
    };
    let found = routes(&net, from, to, &o, a.alternatives);
    if found.is_empty() {
        return Err(Failure::Failed(crate::analysis::no_route(
            &net, from, to, &o,
        )));
    }
    let text = if a.json {
        let mut first = route_json(&net, &found[0]);
        first["alternatives"] = found[1..].iter().map(|r| route_json(&net, r)).collect();
        first["year"] = json!(a.year);
        first["network_notes"] = json!(net.notes);
        format!("{first:#}\n")
    } else {
        let mut t = route_text(&net, &found[0]);
        for (i, r) in found[1..].iter().enumerate() {
            t += &format!("\nAlternative {}: ", i + 1);
            t += &route_text(&net, r);
        }
        if !net.notes.is_empty() {
            t += &format!(
                "\nNetwork: places join lines within {} km; beyond that: {}\n",
                crate::analysis::network::SNAP_KM,
                net.notes.join("; ")
            );
        }
        t
    };
    out.write_all(text.as_bytes())
        .map_err(|e| Failure::Failed(e.to_string()))
}

fn throughput_json(t: &Throughput) -> Value {
    json!({
        "mt_per_year": if t.mt_per_year.is_finite() { json!(t.mt_per_year) } else { Value::Null },
        "from": t.sources,
        "to": t.sinks,
        "cut": t.cut.iter().map(|(id, name, c)| json!({"id": id, "name": name, "capacity_mt_per_year": c.per_year, "source": c.source})).collect::<Vec<_>>(),
        "left_out_unknown_capacity": t.left_out.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>(),
    })
}

/// `throughput`: the most that can move from the Chinese border to the Georgian ports.
pub fn throughput_cmd(a: &NetworkArgs, out: &mut dyn std::io::Write) -> Result<(), Failure> {
    let (_, net) = network(a.year)?;
    let (from, to) = corridor_ends(&net);
    let o = RouteOptions {
        operational_only: a.operational,
        ..Default::default()
    };
    let t = throughput(&net, &from, &to, &o);
    let text = if a.json {
        format!("{:#}\n", throughput_json(&t))
    } else {
        let mut s = format!(
            "From {} to {}: {} Mt/yr over sections of known capacity\n",
            t.sources.join(", "),
            t.sinks.join(", "),
            t.mt_per_year
        );
        if t.cut.is_empty() {
            s += "No path of known capacity joins them: the flow is set by what is not known.\n";
        }
        for (_, name, c) in &t.cut {
            s += &format!(
                "  limited by {name}: {} Mt/yr ({})\n",
                c.per_year,
                c.source.as_deref().unwrap_or("no source")
            );
        }
        let names: Vec<&str> = t.left_out.iter().map(|x| x.1.as_str()).collect();
        s += &format!(
            "Left out, no source gives their capacity ({}): {}\n",
            names.len(),
            names.join("; ")
        );
        s
    };
    out.write_all(text.as_bytes())
        .map_err(|e| Failure::Failed(e.to_string()))
}
