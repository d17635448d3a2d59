//! The rules the shipped dataset keeps, checked over every feature of `geodata/`: sections on
//! land and inside the countries they name, drawn lengths close to the sourced ones, no two
//! points on top of each other, a source for every position, figure and status, section ends
//! on their nodes, and fonts for every character.

use geo::{
    Closest, Contains, Densify, Distance, Geodesic, Haversine, HaversineClosestPoint, Length,
    LineString, MultiPolygon, Point, Polygon,
};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// How far (km) a rail or road sample may lie outside its countries: borders and coasts of
/// the 1:10m basemap are drawn to about a kilometre, and lines run along them.
const TOLERANCE_KM: f64 = 3.0;
/// How far (km) a rail or road sample may lie over water: the 1:10m coast's accuracy.
const COAST_KM: f64 = 1.0;
/// Samples along each section, every this many metres.
const SAMPLE_M: f64 = 2_000.0;

fn read(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn features(path: &str) -> Vec<Value> {
    read(path)["features"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn nodes() -> Vec<Value> {
    features("geodata/corridor/nodes.geojson")
}

fn sections() -> Vec<Value> {
    features("geodata/corridor/sections.geojson")
}

fn all_features() -> Vec<(String, Value)> {
    ["nodes", "sections", "zones"]
        .iter()
        .flat_map(|f| {
            let path = format!("geodata/corridor/{f}.geojson");
            features(&path).into_iter().map(move |v| (path.clone(), v))
        })
        .collect()
}

fn id(f: &Value) -> String {
    f["properties"]["id"].as_str().unwrap_or("?").to_string()
}

fn coords(v: &Value) -> Vec<[f64; 2]> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| Some([p.get(0)?.as_f64()?, p.get(1)?.as_f64()?]))
                .collect()
        })
        .unwrap_or_default()
}

fn line(f: &Value) -> LineString<f64> {
    LineString::from(
        coords(&f["geometry"]["coordinates"])
            .into_iter()
            .map(|[x, y]| (x, y))
            .collect::<Vec<_>>(),
    )
}

fn point(f: &Value) -> Point<f64> {
    let c = &f["geometry"]["coordinates"];
    Point::new(
        c[0].as_f64().unwrap_or(f64::NAN),
        c[1].as_f64().unwrap_or(f64::NAN),
    )
}

/// ISO 3166-1 alpha-3 → the country's name in Natural Earth (the basemap's `name`).
fn natural_earth_name(iso3: &str) -> Option<&'static str> {
    Some(match iso3 {
        "KAZ" => "Kazakhstan",
        "CHN" => "China",
        "AZE" => "Azerbaijan",
        "GEO" => "Georgia",
        "TUR" => "Turkey",
        "TKM" => "Turkmenistan",
        "UZB" => "Uzbekistan",
        "KGZ" => "Kyrgyzstan",
        "RUS" => "Russia",
        "ROU" => "Romania",
        "BGR" => "Bulgaria",
        "IRN" => "Iran",
        "ARM" => "Armenia",
        "TJK" => "Tajikistan",
        "MNG" => "Mongolia",
        _ => return None,
    })
}

fn polygon(rings: &Value) -> Polygon<f64> {
    let mut rings = rings.as_array().cloned().unwrap_or_default().into_iter();
    let ring = |r: Value| {
        LineString::from(
            coords(&r)
                .into_iter()
                .map(|[x, y]| (x, y))
                .collect::<Vec<_>>(),
        )
    };
    let exterior = rings
        .next()
        .map(ring)
        .unwrap_or_else(|| LineString::new(vec![]));
    Polygon::new(exterior, rings.map(ring).collect())
}

/// The 1:10m countries by Natural Earth name.
fn countries() -> HashMap<String, MultiPolygon<f64>> {
    let mut out = HashMap::new();
    for f in features("geodata/basemap/countries-10m.geojson") {
        let name = f["properties"]["name"].as_str().unwrap_or("").to_string();
        let g = &f["geometry"];
        let polys = match g["type"].as_str() {
            Some("Polygon") => vec![polygon(&g["coordinates"])],
            Some("MultiPolygon") => g["coordinates"]
                .as_array()
                .map(|ps| ps.iter().map(polygon).collect())
                .unwrap_or_default(),
            _ => continue,
        };
        out.insert(name, MultiPolygon::new(polys));
    }
    out
}

/// Kilometres from `p` to the nearest of `areas` (0 inside one).
fn km_outside(p: Point<f64>, areas: &[&MultiPolygon<f64>]) -> f64 {
    let mut best = f64::INFINITY;
    for a in areas {
        if a.contains(&p) {
            return 0.0;
        }
        // The nearest edge of any ring: a point in a hole is near the hole's edge.
        for ring in
            a.0.iter()
                .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
        {
            let q = match ring.haversine_closest_point(&p) {
                Closest::Intersection(q) | Closest::SinglePoint(q) => q,
                Closest::Indeterminate => continue,
            };
            best = best.min(Haversine.distance(p, q) / 1000.0);
        }
    }
    best
}

/// The basemap areas of a section's countries. Kazakhstan includes the Baikonur lease, which
/// Natural Earth draws as a unit of its own (Kazakh territory leased to Russia).
fn allowed<'a>(
    f: &Value,
    countries: &'a HashMap<String, MultiPolygon<f64>>,
) -> Vec<&'a MultiPolygon<f64>> {
    let mut names = Vec::new();
    for c in f["properties"]["countries"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let iso = c.as_str().unwrap_or("");
        names.extend(natural_earth_name(iso));
        if iso == "KAZ" {
            names.push("Baikonur");
        }
    }
    names.iter().filter_map(|n| countries.get(*n)).collect()
}

#[test]
fn every_section_names_the_countries_it_runs_through_and_its_end_nodes() {
    let nodes: HashMap<String, Point<f64>> = nodes().iter().map(|n| (id(n), point(n))).collect();
    let mut problems = Vec::new();
    for s in sections() {
        let p = &s["properties"];
        match p["countries"].as_array() {
            Some(list) if !list.is_empty() => {
                for c in list {
                    if c.as_str().and_then(natural_earth_name).is_none() {
                        problems.push(format!("{}: unknown country {c}", id(&s)));
                    }
                }
            }
            _ => problems.push(format!("{}: no \"countries\"", id(&s))),
        }
        let l = line(&s);
        for (end, at) in [("from", l.0.first()), ("to", l.0.last())] {
            let Some(node) = p[end].as_str() else {
                problems.push(format!("{}: no \"{end}\" node", id(&s)));
                continue;
            };
            match (nodes.get(node), at) {
                (Some(n), Some(c)) if n.x() == c.x && n.y() == c.y => {}
                (Some(n), Some(c)) => problems.push(format!(
                    "{}: \"{end}\" {node} is at {:?}, the line ends at {:?}",
                    id(&s),
                    (n.x(), n.y()),
                    (c.x, c.y)
                )),
                _ => problems.push(format!("{}: \"{end}\" {node} is not a node", id(&s))),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn rail_and_road_sections_stay_on_land_inside_their_countries() {
    let countries = countries();
    let land: Vec<&MultiPolygon<f64>> = countries.values().collect();
    let mut problems = Vec::new();
    let mut samples = 0;
    for s in sections() {
        if s["properties"]["mode"].as_str() == Some("sea") {
            continue;
        }
        let areas = allowed(&s, &countries);
        if areas.is_empty() {
            problems.push(format!("{}: names no country of the basemap", id(&s)));
            continue;
        }
        let dense = Geodesic.densify(&line(&s), SAMPLE_M);
        let mut worst = (0.0, Point::new(0.0, 0.0));
        let mut wettest = (0.0, Point::new(0.0, 0.0));
        for p in dense.points() {
            samples += 1;
            let d = km_outside(p, &areas);
            if d > worst.0 {
                worst = (d, p);
            }
            // Over water (in no country at all): a line along a coast may stray off the
            // 1:10m shore by its accuracy, not more.
            if d > wettest.0 && !land.iter().any(|a| a.contains(&p)) {
                wettest = (d, p);
            }
        }
        for ((km, at), limit, what) in [
            (worst, TOLERANCE_KM, "outside its countries"),
            (wettest, COAST_KM, "off the coast"),
        ] {
            if km > limit {
                problems.push(format!(
                    "{}: {km:.1} km {what} at {:.3}E {:.3}N",
                    id(&s),
                    at.x(),
                    at.y()
                ));
            }
        }
    }
    assert!(samples > 1000, "only {samples} samples: no sections read?");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn sea_lanes_leave_land_only_at_their_ports() {
    let countries = countries();
    let land: Vec<&MultiPolygon<f64>> = countries.values().collect();
    let mut problems = Vec::new();
    for s in sections() {
        if s["properties"]["mode"].as_str() != Some("sea") {
            continue;
        }
        let l = line(&s);
        let n = l.0.len();
        for (i, c) in l.0.iter().enumerate().take(n.saturating_sub(1)).skip(1) {
            let p = Point::from(*c);
            if land.iter().any(|a| a.contains(&p)) {
                problems.push(format!("{}: waypoint {i} {c:?} is on land", id(&s)));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The `length_km` figures of a feature.
fn lengths(f: &Value) -> Vec<f64> {
    f["properties"]["figures"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|g| g["property"] == "length_km")
                .filter_map(|g| g["value"].as_f64())
                .collect()
        })
        .unwrap_or_default()
}

/// Sections whose route is not known through its stations (`position_precision`
/// "approximate", saying why in `position_source`): their drawn length says nothing about the
/// real one. Kept few on purpose: each is listed in geodata/README.md.
const APPROXIMATE_ROUTES: [&str; 3] = [
    "bakhty_ayagoz_rail",
    "darbaza_maktaaral_rail",
    "moiynty_kyzylzhar_rail",
];

#[test]
fn drawn_lengths_are_within_ten_percent_of_the_sourced_ones() {
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut approximate = Vec::new();
    for s in sections() {
        if s["properties"]["position_precision"] == "approximate" {
            let why = s["properties"]["position_source"].as_str().unwrap_or("");
            assert!(why.starts_with("Approximate route: "), "{}: why?", id(&s));
            approximate.push(id(&s));
            continue;
        }
        let stated = lengths(&s);
        if stated.is_empty() {
            continue;
        }
        checked += 1;
        let drawn = Geodesic.length(&line(&s)) / 1000.0;
        if !stated.iter().any(|k| (drawn - k).abs() <= 0.1 * k) {
            problems.push(format!(
                "{}: drawn {drawn:.0} km, sources say {stated:?} km",
                id(&s)
            ));
        }
    }
    approximate.sort();
    assert_eq!(
        approximate, APPROXIMATE_ROUTES,
        "routes drawn as approximate"
    );
    assert!(
        checked >= 10,
        "only {checked} sections have a sourced length"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_two_points_share_a_position() {
    let nodes = nodes();
    let mut problems = Vec::new();
    for (i, a) in nodes.iter().enumerate() {
        for b in &nodes[i + 1..] {
            let km = Haversine.distance(point(a), point(b)) / 1000.0;
            if km < 0.5 {
                problems.push(format!("{} and {}: {km:.2} km apart", id(a), id(b)));
            }
        }
    }
    assert!(nodes.len() >= 40, "only {} nodes", nodes.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_node_lies_in_its_country() {
    let countries = countries();
    let mut problems = Vec::new();
    for n in nodes() {
        let iso = n["properties"]["country"].as_str().unwrap_or("");
        let Some(area) = natural_earth_name(iso).and_then(|c| countries.get(c)) else {
            problems.push(format!("{}: country {iso:?} is not on the basemap", id(&n)));
            continue;
        };
        let d = km_outside(point(&n), &[area]);
        if d > TOLERANCE_KM {
            problems.push(format!("{}: {d:.1} km outside {iso}", id(&n)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_position_figure_and_status_has_a_source() {
    let mut problems = Vec::new();
    for (file, f) in all_features() {
        let p = &f["properties"];
        let who = format!("{file}: {}", id(&f));
        let has = |k: &str| p[k].as_str().is_some_and(|s| !s.trim().is_empty());
        if !has("position_source") {
            problems.push(format!("{who}: no position_source"));
        }
        let ids: BTreeSet<&str> = p["sources"]
            .as_array()
            .map(|a| a.iter().filter_map(|s| s["id"].as_str()).collect())
            .unwrap_or_default();
        if ids.is_empty() {
            problems.push(format!("{who}: no sources"));
        }
        for fig in p["figures"].as_array().into_iter().flatten() {
            match fig["source"].as_str() {
                Some(s) if ids.contains(s) => {}
                other => problems.push(format!(
                    "{who}: figure {} has source {other:?}, not one of its sources",
                    fig["property"]
                )),
            }
        }
        if p.get("status").is_some() {
            match p["status_source"].as_str() {
                Some(s) if ids.contains(s) => {
                    // The drawn status is one its source gives, where that source's status
                    // figures are listed.
                    let said: Vec<&Value> = p["figures"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|g| g["property"] == "status" && g["source"] == s)
                        .map(|g| &g["value"])
                        .collect();
                    if !said.is_empty() && !said.contains(&&p["status"]) {
                        problems.push(format!(
                            "{who}: draws {} but its status source {s} says {said:?}",
                            p["status"]
                        ));
                    }
                }
                other => problems.push(format!("{who}: status with status_source {other:?}")),
            }
        }
        if f["geometry"]["type"] != "LineString"
            && !matches!(
                p["position_precision"].as_str(),
                Some("exact" | "site" | "town" | "approximate")
            )
        {
            problems.push(format!(
                "{who}: position_precision {} is not exact, site, town or approximate",
                p["position_precision"]
            ));
        }
        let named = p.as_object().is_some_and(|o| {
            o.keys()
                .any(|k| k.starts_with("name_") && k != "name_local")
        });
        if named && !has("names_source") {
            problems.push(format!("{who}: local names without names_source"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_bundled_fonts_cover_every_character_in_geodata() {
    use skrifa::MetadataProvider;
    let fonts: Vec<skrifa::FontRef> = corridor_atlas::style::fonts::BUNDLED
        .iter()
        .map(|(name, bytes)| skrifa::FontRef::new(bytes).unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect();
    let mut missing = BTreeSet::new();
    let mut seen = 0;
    for entry in walkdir::WalkDir::new("geodata") {
        let entry = entry.expect("walk geodata");
        let path = entry.path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("geojson" | "json" | "md")
        ) {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read");
        for c in text.chars().filter(|c| !c.is_control()) {
            seen += 1;
            if !fonts.iter().any(|f| f.charmap().map(c).is_some()) {
                missing.insert(format!("{c:?} U+{:04X} in {}", c as u32, path.display()));
            }
        }
    }
    assert!(seen > 100_000, "only {seen} characters read");
    assert!(
        missing.is_empty(),
        "no bundled font has:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}
