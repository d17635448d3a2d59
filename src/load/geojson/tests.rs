//! The GeoJSON reader on small texts and files written here.

use super::*;
use crate::load::{embedded, embedded_layers, parse_indicators};
use crate::model::Origin;
use geometry::MAX_DEPTH;
use serde_json::Value;

fn parse(text: &str) -> Result<Layer, LoadError> {
    parse_layer(text, "test.geojson", Origin::Embedded("test".into()))
}

#[test]
fn a_plain_feature_collection_loads_with_all_properties_kept() {
    let l = parse(
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","id":7,"geometry":{"type":"Point","coordinates":[51.1,43.6,12]},
         "properties":{"name":"X","colour":"red"}}]}"#,
    )
    .expect("loads");
    assert_eq!(l.features.len(), 1);
    let f = &l.features[0];
    assert_eq!(f.id, "7");
    assert_eq!(f.text("colour").as_deref(), Some("red"));
    assert!(!l.corridor_schema);
}

#[test]
fn out_of_range_latitude_leaves_that_feature_out_naming_it_and_loads_the_rest() {
    let layer = parse(
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}},
        {"type":"Feature","id":"bad","geometry":{"type":"Point","coordinates":[51,95]},"properties":{}}]}"#,
    )
    .expect("the good feature loads");
    assert_eq!(layer.features.len(), 1);
    assert_eq!(
        layer.warnings[0],
        "1 of 2 features not loaded (a geometry that cannot be drawn); 1 loaded"
    );
    assert!(
        layer.warnings[1].contains(
            "feature 1 (id \"bad\"): property \"geometry\": latitude 95 is outside -90..90 — not loaded"
        ),
        "{:?}",
        layer.warnings
    );
    // Alone, it leaves nothing to draw: the file is rejected, naming it.
    let err = parse(
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","id":"bad","geometry":{"type":"Point","coordinates":[51,95]},"properties":{}}]}"#,
    )
    .expect_err("nothing to draw");
    assert!(
        err.lines()[0].contains("test.geojson:feature 0 (id \"bad\"): property \"geometry\""),
        "{:?}",
        err.lines()
    );
}

#[test]
fn wrong_property_type_is_reported_with_the_property_and_the_feature_drawn() {
    let layer = parse(
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[1,2]},
         "properties":{"capacity_mt_per_year":"lots","name":5}}]}"#,
    )
    .expect("drawn without the bad values");
    assert_eq!(layer.features.len(), 1);
    assert_eq!(layer.features[0].capacity_mt_per_year, None);
    let text = layer.warnings.join("\n");
    assert!(
        text.contains("feature 0 (id \"a\")") && text.contains("drawn without it"),
        "{text}"
    );
    assert!(
        text.contains("property \"capacity_mt_per_year\": expected a number, found a string"),
        "{text}"
    );
    assert!(
        text.contains("property \"name\": expected a string, found a number"),
        "{text}"
    );
}

#[test]
fn bad_json_gives_line_and_column() {
    let err = parse("{\"type\": \"FeatureCollection\",\n \"features\": [ }").expect_err("bad");
    match err {
        LoadError::Json { line, .. } => assert_eq!(line, 2),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn empty_binary_and_bom_files_are_handled() {
    assert!(matches!(parse(""), Err(LoadError::Empty { .. })));
    assert!(matches!(parse("\0\u{1}\u{2}"), Err(LoadError::Json { .. })));
    let l = parse("\u{feff}{\"type\":\"FeatureCollection\",\"features\":[]}").expect("bom ok");
    assert!(l.features.is_empty());
}

#[test]
fn null_geometry_is_a_warning_not_an_error() {
    let l = parse(
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","id":"n","geometry":null,"properties":{}}]}"#,
    )
    .expect("loads");
    assert!(l.features.is_empty());
    assert_eq!(l.warnings.len(), 1);
    assert!(l.warnings[0].contains("id \"n\""));
}

#[test]
fn unclosed_ring_and_short_line_are_errors() {
    let err = parse(
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]},"properties":{}},
        {"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0]]},"properties":{}}]}"#,
    )
    .expect_err("bad");
    let text = err.lines().join("\n");
    assert!(
        text.contains("feature 0: property \"geometry\": ring 0 is not closed"),
        "{text}"
    );
    assert!(
        text.contains("feature 1: property \"geometry\": a LineString needs at least 2"),
        "{text}"
    );
}

#[test]
fn a_figure_citing_a_missing_source_is_said() {
    let layer = parse(
        r#"{"type":"FeatureCollection","schema_version":1,"features":[
        {"type":"Feature","id":"p","geometry":{"type":"Point","coordinates":[1,2]},
         "properties":{"id":"p","name":"P","kind":"port","figures":[{"property":"capacity_mt_per_year","value":3,"source":"nope"}],"sources":[]}}]}"#,
    )
    .expect("drawn");
    assert!(
        layer.warnings[0].contains("cites source \"nope\""),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn a_string_in_coordinates_is_an_error_not_a_panic() {
    let err = parse(
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,"x"],[1,1]]},"properties":{}}]}"#,
    )
    .expect_err("bad");
    assert!(err.lines()[0].contains("found a string"));
}

fn one_point(properties: &str) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[
        {{"type":"Feature","id":"p","geometry":{{"type":"Point","coordinates":[1,2]}},"properties":{properties}}}]}}"#
    )
}

#[test]
fn a_huge_number_in_properties_is_reported_on_the_property_not_dropped() {
    let err = parse(&one_point(r#"{"name":"P","length_km":1e400}"#)).expect_err("bad");
    let lines = err.lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("feature 0 (id \"p\"): property \"properties\": could not be read"),
        "{lines:?}"
    );
    assert!(lines[0].contains("number out of range"), "{lines:?}");
}

#[test]
fn deep_nesting_in_properties_is_reported_or_kept_never_silently_dropped() {
    for depth in [10, 100, 126, 127, 200, 10_000] {
        let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let text = one_point(&format!(r#"{{"name":"P","deep":{nested}}}"#));
        match parse(&text) {
            Ok(l) => {
                let props = l.features[0].properties();
                assert_eq!(
                    props.get("name").and_then(Value::as_str),
                    Some("P"),
                    "depth {depth}"
                );
                assert!(props.contains_key("deep"), "depth {depth}");
            }
            Err(e) => {
                let text = e.lines().join("\n");
                assert!(
                    text.contains("recursion limit") || text.contains("properties"),
                    "depth {depth}: {text}"
                );
            }
        }
    }
}

#[test]
fn a_polygon_across_the_antimeridian_loads_and_a_longitude_past_a_full_turn_does_not() {
    // Chukotka as such files draw it: from 177° E on past 180 to −187 (173° E).
    let layer = parse(
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","id":"chukotka","geometry":{"type":"Polygon","coordinates":[[[177,64],[-187,64],[-187,67],[177,67],[177,64]]]},"properties":{}},
        {"type":"Feature","id":"east","geometry":{"type":"Point","coordinates":[190.5,40]},"properties":{}}]}"#,
    )
    .expect("both load");
    assert_eq!(layer.features.len(), 2);
    assert!(layer.warnings.is_empty(), "{:?}", layer.warnings);
    let err = parse(
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","id":"far","geometry":{"type":"Point","coordinates":[600,40]},"properties":{}}]}"#,
    )
    .expect_err("not a longitude");
    assert!(
        err.lines()[0].contains(
            "feature 0 (id \"far\"): property \"geometry\": longitude 600 is outside -540..540"
        ),
        "{:?}",
        err.lines()
    );
}

#[test]
fn an_empty_object_and_a_blank_file_are_clear_errors() {
    assert!(matches!(parse(" \n\t\r\n"), Err(LoadError::Empty { .. })));
    let err = parse("{}").expect_err("an empty object is not GeoJSON");
    let text = err.lines().join("\n");
    assert!(text.starts_with("test.geojson"), "{text}");
    assert!(text.contains("type"), "{text}");
}

#[test]
fn geometry_collections_nested_past_the_limit_are_an_error() {
    let mut g = r#"{"type":"Point","coordinates":[1,2]}"#.to_string();
    for _ in 0..(MAX_DEPTH + 2) {
        g = format!(r#"{{"type":"GeometryCollection","geometries":[{g}]}}"#);
    }
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","id":"g","geometry":{g},"properties":{{}}}}]}}"#
    );
    let err = parse(&text).expect_err("too deep");
    let lines = err.lines();
    assert!(
        lines[0].contains("feature 0 (id \"g\"): property \"geometry\""),
        "{lines:?}"
    );
    let mut ok = r#"{"type":"Point","coordinates":[1,2]}"#.to_string();
    for _ in 0..2 {
        ok = format!(r#"{{"type":"GeometryCollection","geometries":[{ok}]}}"#);
    }
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{ok},"properties":{{}}}}]}}"#
    );
    assert_eq!(parse(&text).expect("two levels load").features.len(), 1);
}

#[test]
fn files_on_disk_zero_bytes_binary_and_latin1_are_handled() {
    let dir = std::env::temp_dir().join(format!("atlas-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let empty = dir.join("empty.geojson");
    std::fs::write(&empty, b"").expect("write");
    match load_file(&empty) {
        Err(LoadError::Empty { path }) => assert!(path.ends_with("empty.geojson")),
        other => panic!("0-byte file: {other:?}"),
    }
    // The first bytes of a gzip file: invalid UTF-8, binary.
    let binary = dir.join("data.geojson");
    std::fs::write(&binary, [0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x80, 0x81]).expect("write");
    let err = load_file(&binary).expect_err("binary");
    assert!(err.lines()[0].contains("data.geojson"), "{:?}", err.lines());
    // A Latin-1 name: loads, with a warning that the file is not UTF-8.
    let latin1 = dir.join("latin1.geojson");
    let mut bytes = br#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"name":"Ta"#.to_vec();
    bytes.push(0xe9); // é in Latin-1
    bytes.extend_from_slice(br#"r"}}]}"#);
    std::fs::write(&latin1, &bytes).expect("write");
    let l = load_file(&latin1).expect("loads");
    assert_eq!(l.features[0].text("name").as_deref(), Some("Ta\u{fffd}r"));
    assert!(
        l.warnings
            .iter()
            .any(|w| w.contains("not valid UTF-8") && w.contains("offset")),
        "{:?}",
        l.warnings
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn huge_numbers_and_deep_nesting_do_not_panic() {
    let huge = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[1e400,1]},"properties":{}}]}"#;
    assert!(parse(huge).is_err());
    let deep = format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{{}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":{}1{}}}}}]}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(parse(&deep).is_err());
}

#[test]
fn the_built_in_dataset_loads_cleanly() {
    let (layers, errors) = embedded_layers();
    let msgs: Vec<String> = errors.iter().flat_map(LoadError::lines).collect();
    assert!(msgs.is_empty(), "{msgs:#?}");
    assert_eq!(layers.len(), 3);
    for l in &layers {
        assert!(l.warnings.is_empty(), "{}: {:?}", l.name, l.warnings);
    }
    parse_indicators(embedded::INDICATORS, "geodata/indicators.json").expect("indicators");
}

#[test]
fn valid_json_of_the_wrong_shape_is_not_called_invalid_json() {
    // `features` an object: the property is named, and it is not a syntax error.
    let err = parse(r#"{"type":"FeatureCollection","features":{}}"#).expect_err("not an array");
    let text = err.lines().join("\n");
    assert!(!text.contains("not valid JSON"), "{text}");
    assert!(
        text.contains("property \"features\": expected an array of features, found an object"),
        "{text}"
    );
    // A GeometryCollection member of the wrong type: on the feature's geometry.
    let err = parse(
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","id":"g","properties":{},
            "geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},7]}}]}"#,
    )
    .expect_err("a number is no geometry");
    assert!(
        err.lines()[0].contains(
            "feature 0 (id \"g\"): property \"geometry\": member 1 of the GeometryCollection must be a geometry object, found a number"
        ),
        "{:?}",
        err.lines()
    );
    // Other shapes serde rejects are structure errors with their place, not syntax errors.
    let err = parse(
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
            "geometry":{"type":"GeometryCollection","geometries":5}}]}"#,
    )
    .expect_err("geometries must be a list");
    assert!(
        matches!(err, LoadError::Structure { line: 2, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with("valid JSON, but not GeoJSON"),
        "{err}"
    );
    // A whole file that is an array, or a string: not GeoJSON, said so.
    for text in ["[1, 2]", "\"FeatureCollection\""] {
        let err = parse(text).expect_err(text);
        assert!(
            matches!(err, LoadError::NotGeoJson { .. }),
            "{text}: {err:?}"
        );
    }
    // And a real syntax error is still one, with its place.
    let err = parse("{\"type\": \"FeatureCollection\", \"features\": [}").expect_err("syntax");
    assert!(matches!(err, LoadError::Json { line: 1, .. }), "{err:?}");
}

#[test]
fn a_second_type_member_is_reported_as_a_duplicate() {
    let err = parse(r#"{"type":"FeatureCollection","type":"Feature","features":[]}"#)
        .expect_err("duplicate");
    assert!(err.to_string().contains("duplicate field `type`"), "{err}");
}

#[test]
fn a_file_of_many_bad_features_keeps_a_thousand_problems_and_counts_the_rest() {
    let features: Vec<String> = (0..1500)
        .map(|i| {
            format!(r#"{{"type":"Feature","id":"f{i}","geometry":{{"type":"Point","coordinates":[1,95]}},"properties":{{}}}}"#)
        })
        .collect();
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    let LoadError::Invalid { problems, more, .. } = parse(&text).expect_err("all bad") else {
        panic!("not invalid")
    };
    assert_eq!(
        (problems.len(), more),
        (crate::load::error::MAX_PROBLEMS, 500)
    );
}
