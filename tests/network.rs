//! The network and its questions, on hand-made networks with known answers and on the
//! shipped dataset.

use corridor_atlas::analysis::{Network, RouteOptions, corridor_ends, routes, throughput};
use corridor_atlas::load;
use corridor_atlas::model::{Layer, Origin};
use petgraph::graph::NodeIndex;

/// A, B, C on the equator a degree apart, D above B, a crossing X on B–C:
/// A–B rail 10 Mt/yr, B–C rail 5 Mt/yr, A–D road (no capacity), D–C road 20 Mt/yr.
fn small(bc_status: &str) -> Layer {
    parse(&small_text(bc_status))
}

fn parse(text: &str) -> Layer {
    load::parse_layer(text, "small", Origin::Embedded("small".into())).expect("parses")
}

fn small_text(bc_status: &str) -> String {
    let point = |id: &str, kind: &str, x: f64, y: f64| {
        format!(
            r#"{{"type":"Feature","properties":{{"id":"{id}","name":"{id}","kind":"{kind}"}},"geometry":{{"type":"Point","coordinates":[{x},{y}]}}}}"#
        )
    };
    let line = |id: &str, mode: &str, cap: Option<f64>, status: &str, pts: &str| {
        let cap = cap.map_or(String::new(), |c| format!(r#","capacity_mt_per_year":{c}"#));
        format!(
            r#"{{"type":"Feature","properties":{{"id":"{id}","name":"{id}","kind":"{mode}_section","status":"{status}"{cap}}},"geometry":{{"type":"LineString","coordinates":{pts}}}}}"#
        )
    };
    let features = [
        point("A", "rail_station", 0.0, 0.0),
        point("B", "rail_station", 1.0, 0.0),
        point("C", "port", 2.0, 0.0),
        point("D", "city", 1.0, 1.0),
        point("X", "border_crossing", 1.5, 0.01),
        line("AB", "rail", Some(10.0), "operational", "[[0,0],[1,0]]"),
        line("BC", "rail", Some(5.0), bc_status, "[[1,0],[2,0]]"),
        line("AD", "road", None, "operational", "[[0,0],[1,1]]"),
        line("DC", "road", Some(20.0), "operational", "[[1,1],[2,0]]"),
    ];
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

fn net_of(layers: &[Layer]) -> Network {
    Network::build(layers.iter().enumerate(), |_, f| f.status)
}

fn node(net: &Network, id: &str) -> NodeIndex {
    net.place(id).expect(id)
}

#[test]
fn container_capacities_are_kept_apart_from_tonnage() {
    // The port C handles 300,000 TEU/yr, A–B 80,000 TEU/yr; a planned figure is not current.
    let text = small_text("operational")
        .replace(
            r#""id":"C","name":"C","kind":"port""#,
            r#""id":"C","name":"C","kind":"port","capacity_teu_per_year":300000"#,
        )
        .replace(
            r#""capacity_mt_per_year":10"#,
            r#""capacity_mt_per_year":10,"figures":[{"property":"capacity_teu_per_year","value":80000},{"property":"capacity_teu_per_year","value":1000,"qualifier":"planned"}]"#,
        );
    let net = net_of(&[parse(&text)]);
    let best = &routes(
        &net,
        node(&net, "A"),
        node(&net, "C"),
        &RouteOptions::default(),
        0,
    )[0];
    let b = best.bottleneck.as_ref().expect("tonnage known");
    assert_eq!((b.id.as_str(), b.capacity.per_year), ("BC", 5.0));
    let teu = best.teu_bottleneck.as_ref().expect("containers known");
    assert_eq!((teu.id.as_str(), teu.capacity.per_year), ("AB", 80000.0));
    assert_eq!(teu.figure("TEU/yr"), "AB: 80,000 TEU/yr");
    // Without any TEU figure there is no container bottleneck, not a zero one.
    let plain = net_of(&[small("operational")]);
    let r = &routes(
        &plain,
        node(&plain, "A"),
        node(&plain, "C"),
        &RouteOptions::default(),
        0,
    )[0];
    assert!(r.teu_bottleneck.is_none());
}

#[test]
fn the_shortest_route_its_bottleneck_and_the_next_one() {
    let net = net_of(&[small("operational")]);
    let (a, c) = (node(&net, "A"), node(&net, "C"));
    let found = routes(&net, a, c, &RouteOptions::default(), 1);
    assert_eq!(found.len(), 2);
    let best = &found[0];
    // Two degrees of the equator on WGS 84: 222.64 km.
    assert!((best.km - 222.64).abs() < 0.1, "{}", best.km);
    let ids: Vec<&str> = best.sections.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(ids, ["AB", "BC"], "B–C is one section though X cuts it");
    assert_eq!(best.border_crossings, ["X"]);
    let b = best.bottleneck.as_ref().expect("known capacities");
    assert_eq!((b.id.as_str(), b.capacity.per_year), ("BC", 5.0));
    assert!(best.unknown_capacity.is_empty());
    assert_eq!(best.by_mode_km.get("rail").copied(), Some(best.km));
    // The next shortest goes by road through D; A–D's capacity is unknown, never zero.
    let next = &found[1];
    let ids: Vec<&str> = next.sections.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(ids, ["AD", "DC"]);
    assert!(next.km > best.km);
    assert_eq!(
        next.unknown_capacity,
        [("AD".to_string(), "AD".to_string())]
    );
    assert_eq!(
        next.bottleneck.as_ref().map(|b| b.id.as_str()),
        Some("DC"),
        "the lowest known capacity"
    );
}

#[test]
fn operational_only_avoids_a_planned_section_and_time_prefers_the_fast_mode() {
    let net = net_of(&[small("planned")]);
    let (a, c) = (node(&net, "A"), node(&net, "C"));
    let o = RouteOptions {
        operational_only: true,
        ..Default::default()
    };
    let r = &routes(&net, a, c, &o, 0)[0];
    let ids: Vec<&str> = r.sections.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(ids, ["AD", "DC"]);
    assert!(
        routes(&net, c, node(&net, "X"), &o, 0).is_empty(),
        "X only on the planned line"
    );
}

#[test]
fn throughput_is_set_by_the_cut_and_unknown_capacities_are_left_out() {
    let net = net_of(&[small("operational")]);
    let t = throughput(
        &net,
        &[node(&net, "A")],
        &[node(&net, "C")],
        &RouteOptions::default(),
    );
    // A–B–C carries 5 (B–C); A–D–C nothing, A–D's capacity being unknown.
    assert_eq!(t.mt_per_year, 5.0);
    let cut: Vec<&str> = t.cut.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(cut, ["BC"]);
    assert_eq!(t.left_out, [("AD".to_string(), "AD".to_string())]);
}

#[test]
fn khorgos_to_poti_crosses_the_caspian_via_aktau_or_kuryk_and_lands_at_alat() {
    let (layers, errors) = load::embedded_layers();
    assert!(errors.is_empty());
    let net = net_of(&layers);
    let found = routes(
        &net,
        node(&net, "khorgos_chn"),
        node(&net, "poti_port"),
        &RouteOptions::default(),
        2,
    );
    assert_eq!(found.len(), 3);
    let mut ports = Vec::new();
    // The two shortest: via Aktau and via Kuryk (the third goes round by Turkmenbashi).
    for r in &found[..2] {
        let ids: Vec<&str> = r.sections.iter().map(|s| s.0.as_str()).collect();
        let sea = r.by_mode_km.get("sea").copied().unwrap_or(0.0);
        assert!(
            (400.0..650.0).contains(&sea),
            "one Caspian crossing: {sea} km, {ids:?}"
        );
        let names: Vec<&str> = r.nodes.iter().map(|n| net.graph[*n].id.as_str()).collect();
        assert!(names.contains(&"baku_port_alat"), "{names:?}");
        // The TITR "consists of 4,256 kilometers of railroads and 508 km of shipping routes"
        // (Silk Road Briefing via silkroute.news, 2025-11-26) from Xinjiang to the Black Sea
        // and Türkiye; Khorgos–Poti is the greater part of it.
        let legs: Vec<String> = r
            .edges
            .iter()
            .map(|e| &net.graph[*e])
            .filter(|w| w.km > 0.0)
            .map(|w| format!("{} {:.0}", w.id, w.km))
            .collect();
        assert!((3_800.0..5_200.0).contains(&r.km), "{} km {legs:?}", r.km);
        ports.extend(
            names
                .iter()
                .filter(|n| ["aktau_port", "kuryk_port"].contains(n))
                .map(|n| n.to_string()),
        );
    }
    let all: Vec<Vec<&str>> = found
        .iter()
        .map(|r| r.sections.iter().map(|s| s.0.as_str()).collect())
        .collect();
    assert!(
        ports.contains(&"aktau_port".into()) && ports.contains(&"kuryk_port".into()),
        "{all:#?}"
    );
    // The corridor's throughput: what no source gives a capacity for is said.
    let (from, to) = corridor_ends(&net);
    let names: Vec<&str> = from.iter().map(|n| net.graph[*n].id.as_str()).collect();
    assert!(
        names.contains(&"khorgos_chn") && names.contains(&"dostyk"),
        "{names:?}"
    );
    let t = throughput(&net, &from, &to, &RouteOptions::default());
    assert!(t.left_out.iter().any(|s| s.0 == "shymkent_beyneu_rail"));
}

#[test]
fn a_what_if_capacity_moves_the_bottleneck_and_the_throughput_and_round_trips() {
    use corridor_atlas::analysis::{Scenario, SectionEdit};
    let mut net = net_of(&[small("operational")]);
    let mut s = Scenario::default();
    s.sections.insert(
        "BC".into(),
        SectionEdit {
            capacity_mt_per_year: Some(30.0),
            status: None,
        },
    );
    s.sections.insert(
        "AD".into(),
        SectionEdit {
            capacity_mt_per_year: Some(8.0),
            status: None,
        },
    );
    s.sections.insert("nowhere".into(), SectionEdit::default());
    assert_eq!(
        s.apply(&mut net),
        ["nowhere"],
        "an id the network lacks is said"
    );
    let (a, c) = (node(&net, "A"), node(&net, "C"));
    let best = &routes(&net, a, c, &RouteOptions::default(), 0)[0];
    let b = best.bottleneck.as_ref().expect("bottleneck");
    assert_eq!((b.id.as_str(), b.capacity.per_year), ("AB", 10.0));
    // A–B 10 plus A–D–C now 8 (A–D's what-if capacity).
    let t = throughput(&net, &[a], &[c], &RouteOptions::default());
    assert_eq!(t.mt_per_year, 18.0);
    let back = Scenario::from_json(&s.to_json(), "s.json").expect("round trip");
    assert_eq!(back, s);
    let e = Scenario::from_json(r#"{"sections":{"BC":{"status":"dreamt"}}}"#, "bad.json")
        .expect_err("bad status");
    assert!(
        e.contains("bad.json") && e.contains("\"BC\"") && e.contains("status"),
        "{e}"
    );
}
