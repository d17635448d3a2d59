//! GeoJSON that nobody on this project wrote, read through the loader: the examples of RFC 7946,
//! the fixtures of georust/geojson and a selection of mapbox/geojsonhint's good and bad files.
//! Where each file comes from is in `tests/fixtures/external/README.md`.
//!
//! Every file has an explicit expectation below, decided by reading the file and `src/load/geojson/`;
//! a file in the folder without one (or an entry without a file) fails the test, so the table
//! cannot silently fall behind the folder.

use corridor_atlas::load::{LoadError, parse_layer};
use corridor_atlas::model::{Layer, Origin};
use geo::Geometry;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Loads with exactly this many features and no warnings.
    Loads { features: usize },
    /// Loads with this many features, and some warning contains `warning`.
    LoadsWithWarnings {
        features: usize,
        warning: &'static str,
    },
    /// Rejected; the text is expected in `err.lines()` (one line per problem).
    Rejected(&'static str),
    /// A bare Geometry at the top level: loads like the same geometry inside a Feature
    /// (see `WRAPPED`), with a warning that says so.
    Bare,
}

use Expect::{Bare, Loads, LoadsWithWarnings, Rejected};

/// The warning a bare Geometry at the top level gets.
const BARE_WARNING: &str = "bare";

/// Every file under `tests/fixtures/external/`, by its path relative to that folder.
const EXPECT: &[(&str, Expect)] = &[
    // --- RFC 7946, Appendix A: bare geometries (see WRAPPED for the same text inside a Feature).
    ("rfc7946/a1-point.geojson", Bare),
    ("rfc7946/a2-linestring.geojson", Bare),
    ("rfc7946/a3-polygon-no-holes.geojson", Bare),
    ("rfc7946/a3-polygon-with-holes.geojson", Bare),
    ("rfc7946/a4-multipoint.geojson", Bare),
    ("rfc7946/a5-multilinestring.geojson", Bare),
    ("rfc7946/a6-multipolygon.geojson", Bare),
    ("rfc7946/a7-geometrycollection.geojson", Bare),
    // RFC 7946, section 1.5: a Point, a LineString and a Polygon with foreign properties.
    (
        "rfc7946/s1.5-featurecollection.geojson",
        Loads { features: 3 },
    ),
    // --- georust/geojson tests/fixtures
    // 4 countries (Polygon and MultiPolygon), string ids, a string "name".
    ("georust/countries.geojson", Loads { features: 4 }),
    // Bare GeometryCollection of 32 points and lines.
    ("georust/geometry_collection.geojson", Bare),
    // Feature with a numeric id.
    (
        "georust/good-feature-with-id.geojson",
        Loads { features: 1 },
    ),
    (
        "georust/good-feature-with-string-id.geojson",
        Loads { features: 1 },
    ),
    // Feature with a "bbox" member, which we ignore.
    ("georust/good-feature.geojson", Loads { features: 1 }),
    (
        "georust/good-featurecollection-bbox.geojson",
        Loads { features: 2 },
    ),
    // 6-number bbox and 3-number (x, y, z) positions: the z is accepted and dropped.
    (
        "georust/good-featurecollection-bbox3d.geojson",
        Loads { features: 2 },
    ),
    // Foreign members ("custom": true) on the collection, the features and the geometries.
    (
        "georust/good-featurecollection-extensions.geojson",
        Loads { features: 3 },
    ),
    (
        "georust/good-featurecollection.geojson",
        Loads { features: 3 },
    ),
    ("georust/good-geometrycollection.geojson", Bare),
    ("georust/good-linestring.geojson", Bare),
    ("georust/good-multilinestring.geojson", Bare),
    ("georust/good-multipoint.geojson", Bare),
    ("georust/good-point-3d.geojson", Bare),
    ("georust/good-point.geojson", Bare),
    ("georust/good-polygon.geojson", Bare),
    ("georust/multipolygon.geojson", Bare),
    // Its only feature has "geometry": null: skipped with a warning, not an error.
    (
        "georust/nullgeometry.geojson",
        LoadsWithWarnings {
            features: 0,
            warning: "feature 0: no geometry, not drawn",
        },
    ),
    // --- mapbox/geojsonhint test/data/good
    (
        "geojsonhint/good/good-feature.geojson",
        Loads { features: 1 },
    ),
    (
        "geojsonhint/good/good-featurecollection-extensions.geojson",
        Loads { features: 3 },
    ),
    (
        "geojsonhint/good/good-featurecollection.geojson",
        Loads { features: 3 },
    ),
    ("geojsonhint/good/good-polygon.geojson", Bare),
    // Bare MultiPolygon with latitudes down to -141 (geojsonhint does not check ranges).
    ("geojsonhint/good/issue82.geojson", Bare),
    ("geojsonhint/good/multipolygon.geojson", Bare),
    // "properties": null is allowed by the RFC and read as no properties.
    (
        "geojsonhint/good/nullproperties.geojson",
        Loads { features: 1 },
    ),
    // --- mapbox/geojsonhint test/data/bad
    // Bare GeometryCollection with a "crs" and "geometries": [false].
    ("geojsonhint/bad/bad-crs.geojson", Bare),
    // "type" twice in one object.
    (
        "geojsonhint/bad/bad-duplicate-properties.geojson",
        Rejected("duplicate field `type`"),
    ),
    // Bare Polygon whose "coordinates" is [5].
    ("geojsonhint/bad/bad-featurelist.geojson", Bare),
    // A missing comma.
    (
        "geojsonhint/bad/bad-json.geojson",
        Rejected("not valid JSON: expected `,` or `}`"),
    ),
    // "type": {} (not a string) reads as no type.
    (
        "geojsonhint/bad/bad-object-type.geojson",
        Rejected("(type is missing)"),
    ),
    (
        "geojsonhint/bad/bad-properties-as-array.geojson",
        Rejected("property \"properties\": expected an object, found an array"),
    ),
    // Bare Point [1, 2, "f"].
    ("geojsonhint/bad/badcoord.geojson", Bare),
    // MultiPolygon [[[1]]]: the innermost 1 is where a position should be.
    (
        "geojsonhint/bad/badcoordtype.geojson",
        Rejected("found a single position where arrays were expected"),
    ),
    // "features": [null]
    (
        "geojsonhint/bad/badfeature.geojson",
        Rejected("feature 0: a feature must be an object, found null"),
    ),
    // "id": {} is ignored (the feature gets "#0"), not reported.
    (
        "geojsonhint/bad/badfeatureid.geojson",
        Loads { features: 1 },
    ),
    // Bare Point with "bbox": "string".
    ("geojsonhint/bad/bbox-string.geojson", Bare),
    // An empty FeatureCollection with "crs": {}: not a named system, read as WGS 84 and said.
    (
        "geojsonhint/bad/crs_nolongervalidtype.geojson",
        LoadsWithWarnings {
            features: 0,
            warning: "is not a named coordinate system; positions read as WGS 84",
        },
    ),
    // Bare Polygon whose ring's first and last positions differ.
    ("geojsonhint/bad/different-first-last.geojson", Bare),
    // Bare Point with 10 decimals.
    ("geojsonhint/bad/excessive_precision.geojson", Bare),
    // Bare GeometryCollection with "geometries": [false].
    ("geojsonhint/bad/false.geojson", Bare),
    // A Feature that also has "features" and "coordinates": those members are ignored.
    (
        "geojsonhint/bad/feature_changed_semantics.geojson",
        Loads { features: 1 },
    ),
    // "features": {} (an object, not an array): valid JSON, the wrong structure.
    (
        "geojsonhint/bad/featurecollection-obj.geojson",
        Rejected("property \"features\": expected an array of features, found an object"),
    ),
    // Types are case-sensitive.
    (
        "geojsonhint/bad/featurecollection-type-case.geojson",
        Rejected("(type is \"featurecollection\")"),
    ),
    // No "features" member.
    (
        "geojsonhint/bad/featurecollection.geojson",
        Rejected("a FeatureCollection needs a \"features\" array"),
    ),
    ("geojsonhint/bad/geometrycollection_nested.geojson", Bare),
    ("geojsonhint/bad/geometrycollection_single.geojson", Bare),
    // Bare MultiPoint [0, 0].
    ("geojsonhint/bad/multipoint-nondimension.geojson", Bare),
    // A feature whose "type" is "Featre".
    (
        "geojsonhint/bad/nofeaturetype.geojson",
        Rejected("property \"type\": expected \"Feature\", found \"Featre\""),
    ),
    // A MultiPolygon whose coordinates are one position.
    (
        "geojsonhint/bad/point-labeled-as-a-multipolygon.geojson",
        Rejected("found a single position where arrays were expected"),
    ),
    ("geojsonhint/bad/point-toofew.geojson", Bare),
    ("geojsonhint/bad/point-toomany.geojson", Bare),
    // Bare Polygon with a counterclockwise exterior ring.
    ("geojsonhint/bad/polygon_winding_order.geojson", Bare),
    ("geojsonhint/bad/short-line.geojson", Bare),
    ("geojsonhint/bad/short-linearring.geojson", Bare),
    // The latitude of feature 0 is the string "39.36827914916011": it is left out, named, and
    // the other feature loads.
    (
        "geojsonhint/bad/stringcoord.geojson",
        LoadsWithWarnings {
            features: 1,
            warning: "feature 0: property \"geometry\": a position must hold numbers only, found a string — not loaded",
        },
    ),
    (
        "geojsonhint/bad/unknowntype.geojson",
        Rejected("(type is \"FooBar\")"),
    ),
];

/// The bare-geometry files, parsed as `{"type":"Feature","properties":{},"geometry": <file>}`.
const WRAPPED: &[(&str, Expect)] = &[
    ("rfc7946/a1-point.geojson", Loads { features: 1 }),
    ("rfc7946/a2-linestring.geojson", Loads { features: 1 }),
    ("rfc7946/a3-polygon-no-holes.geojson", Loads { features: 1 }),
    (
        "rfc7946/a3-polygon-with-holes.geojson",
        Loads { features: 1 },
    ),
    ("rfc7946/a4-multipoint.geojson", Loads { features: 1 }),
    ("rfc7946/a5-multilinestring.geojson", Loads { features: 1 }),
    ("rfc7946/a6-multipolygon.geojson", Loads { features: 1 }),
    (
        "rfc7946/a7-geometrycollection.geojson",
        Loads { features: 1 },
    ),
    ("georust/geometry_collection.geojson", Loads { features: 1 }),
    (
        "georust/good-geometrycollection.geojson",
        Loads { features: 1 },
    ),
    ("georust/good-linestring.geojson", Loads { features: 1 }),
    (
        "georust/good-multilinestring.geojson",
        Loads { features: 1 },
    ),
    ("georust/good-multipoint.geojson", Loads { features: 1 }),
    ("georust/good-point-3d.geojson", Loads { features: 1 }),
    ("georust/good-point.geojson", Loads { features: 1 }),
    ("georust/good-polygon.geojson", Loads { features: 1 }),
    ("georust/multipolygon.geojson", Loads { features: 1 }),
    (
        "geojsonhint/good/good-polygon.geojson",
        Loads { features: 1 },
    ),
    // Latitudes of -62..-141 and longitudes of -140..-264: not WGS 84 degrees.
    (
        "geojsonhint/good/issue82.geojson",
        Rejected("latitude -107.20901451037372 is outside -90..90"),
    ),
    (
        "geojsonhint/good/multipolygon.geojson",
        Loads { features: 1 },
    ),
    // "geometries": [false]: valid JSON, reported on the feature's geometry.
    (
        "geojsonhint/bad/bad-crs.geojson",
        Rejected(
            "property \"geometry\": member 0 of the GeometryCollection must be a geometry object, found a boolean",
        ),
    ),
    (
        "geojsonhint/bad/bad-featurelist.geojson",
        Rejected("found a single position where arrays were expected"),
    ),
    (
        "geojsonhint/bad/badcoord.geojson",
        Rejected("a position must hold numbers only"),
    ),
    // "bbox" is ignored, whatever it holds.
    ("geojsonhint/bad/bbox-string.geojson", Loads { features: 1 }),
    (
        "geojsonhint/bad/different-first-last.geojson",
        Rejected("ring 0 is not closed (its first and last positions differ)"),
    ),
    // Precision is not our business.
    (
        "geojsonhint/bad/excessive_precision.geojson",
        Loads { features: 1 },
    ),
    (
        "geojsonhint/bad/false.geojson",
        Rejected("member 0 of the GeometryCollection must be a geometry object, found a boolean"),
    ),
    // Nested and single-member GeometryCollections are discouraged by the RFC, not forbidden.
    (
        "geojsonhint/bad/geometrycollection_nested.geojson",
        Loads { features: 1 },
    ),
    (
        "geojsonhint/bad/geometrycollection_single.geojson",
        Loads { features: 1 },
    ),
    (
        "geojsonhint/bad/multipoint-nondimension.geojson",
        Rejected("found a single position where arrays were expected"),
    ),
    (
        "geojsonhint/bad/point-toofew.geojson",
        Rejected("a position needs at least 2 numbers (longitude, latitude), found 1"),
    ),
    // [2, 4, 6, 8]: numbers after the third are allowed by the RFC to be ignored; they are.
    (
        "geojsonhint/bad/point-toomany.geojson",
        Loads { features: 1 },
    ),
    // The RFC says parsers SHOULD NOT reject rings that do not follow the right-hand rule.
    (
        "geojsonhint/bad/polygon_winding_order.geojson",
        Loads { features: 1 },
    ),
    (
        "geojsonhint/bad/short-line.geojson",
        Rejected("a LineString needs at least 2 positions, found 1"),
    ),
    (
        "geojsonhint/bad/short-linearring.geojson",
        Rejected("ring 0 needs at least 4 positions, found 3"),
    ),
];

const GEOMETRY_TYPES: [&str; 7] = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/external")
}

/// Every file under `dir` except README.md, as a `/`-separated path relative to `root()`.
fn files_under(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("read the fixtures folder") {
        let path = entry.expect("read a folder entry").path();
        if path.is_dir() {
            files_under(&path, out);
            continue;
        }
        let rel = path
            .strip_prefix(root())
            .expect("under the root")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if rel != "README.md" {
            out.insert(rel);
        }
    }
}

fn all_files() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    files_under(&root(), &mut out);
    out
}

fn read(name: &str) -> String {
    std::fs::read_to_string(root().join(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
}

fn parse(shown: &str, text: &str) -> Result<Layer, LoadError> {
    parse_layer(text, shown, Origin::Embedded(shown.to_string()))
}

fn wrap(geometry: &str) -> String {
    format!("{{\"type\":\"Feature\",\"properties\":{{}},\"geometry\": {geometry}}}")
}

/// The top-level "type" of a file, when it is JSON with a string type.
fn top_level_type(text: &str) -> Option<String> {
    let v: Value = serde_json::from_str(text).ok()?;
    v.get("type")?.as_str().map(str::to_string)
}

fn geometry_type(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::LineString(_) => "LineString",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::Polygon(_) => "Polygon",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
        Geometry::Line(_) => "Line",
        Geometry::Rect(_) => "Rect",
        Geometry::Triangle(_) => "Triangle",
    }
}

/// What is wrong with `result` against `expect`, if anything.
fn mismatch(shown: &str, result: Result<Layer, LoadError>, expect: Expect) -> Option<String> {
    match (expect, result) {
        (Loads { features }, Ok(layer)) => {
            if layer.features.len() != features || !layer.warnings.is_empty() {
                Some(format!(
                    "{shown}: expected {features} feature(s) and no warnings, got {} and {:?}",
                    layer.features.len(),
                    layer.warnings
                ))
            } else {
                None
            }
        }
        (LoadsWithWarnings { features, warning }, Ok(layer)) => {
            if layer.features.len() != features
                || !layer.warnings.iter().any(|w| w.contains(warning))
            {
                Some(format!(
                    "{shown}: expected {features} feature(s) and a warning with {warning:?}, got {} and {:?}",
                    layer.features.len(),
                    layer.warnings
                ))
            } else {
                None
            }
        }
        (Rejected(needle), Err(err)) => {
            let lines = err.lines().join("\n");
            let whole = err.to_string();
            if !lines.contains(needle) {
                Some(format!(
                    "{shown}: expected an error with {needle:?}, got:\n{lines}"
                ))
            } else if !whole.ends_with(shown) {
                Some(format!(
                    "{shown}: the error message should end with the file name: {whole}"
                ))
            } else {
                None
            }
        }
        (Bare, _) => Some(format!(
            "{shown}: a bare geometry is checked against WRAPPED, not here"
        )),
        (Rejected(needle), Ok(layer)) => Some(format!(
            "{shown}: expected an error with {needle:?}, but it loaded {} feature(s), warnings {:?}",
            layer.features.len(),
            layer.warnings
        )),
        (_, Err(err)) => Some(format!(
            "{shown}: expected it to load, got:\n{}",
            err.lines().join("\n")
        )),
    }
}

fn assert_no_mismatches(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} file(s) did not behave as expected:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn every_external_file_has_exactly_one_expectation() {
    let files = all_files();
    assert!(!files.is_empty(), "no files under {}", root().display());
    let mut listed = BTreeSet::new();
    for (name, _) in EXPECT {
        assert!(
            listed.insert(name.to_string()),
            "{name} is listed twice in EXPECT"
        );
    }
    let missing: Vec<_> = files.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&files).collect();
    assert!(
        missing.is_empty(),
        "files with no entry in EXPECT (add one): {missing:#?}"
    );
    assert!(stale.is_empty(), "EXPECT entries with no file: {stale:#?}");
}

#[test]
fn every_external_file_loads_or_is_rejected_as_expected() {
    let problems = EXPECT
        .iter()
        .filter(|(_, expect)| !matches!(expect, Bare))
        .filter_map(|&(name, expect)| mismatch(name, parse(name, &read(name)), expect))
        .collect();
    assert_no_mismatches(problems);
}

#[test]
fn every_bare_geometry_file_has_an_expectation_when_wrapped_in_a_feature() {
    let mut wrapped = BTreeSet::new();
    for (name, _) in WRAPPED {
        assert!(
            wrapped.insert(name.to_string()),
            "{name} is listed twice in WRAPPED"
        );
    }
    for name in all_files() {
        let kind = top_level_type(&read(&name));
        let bare = kind.as_deref().is_some_and(|k| GEOMETRY_TYPES.contains(&k));
        assert_eq!(
            bare,
            wrapped.contains(&name),
            "{name}: top-level type {kind:?}; bare geometries, and only they, belong in WRAPPED"
        );
    }
}

#[test]
fn a_bare_geometry_at_the_top_level_loads_like_the_same_geometry_in_a_feature() {
    let problems = WRAPPED
        .iter()
        .filter_map(|&(name, expect)| {
            let expect = match expect {
                Loads { features } => LoadsWithWarnings {
                    features,
                    warning: BARE_WARNING,
                },
                other => other,
            };
            mismatch(name, parse(name, &read(name)), expect)
        })
        .collect();
    assert_no_mismatches(problems);
}

#[test]
fn bare_geometries_wrapped_in_a_feature_load_or_are_rejected_as_expected() {
    let problems = WRAPPED
        .iter()
        .filter_map(|&(name, expect)| {
            let shown = format!("{name} (in a Feature)");
            mismatch(&shown, parse(&shown, &wrap(&read(name))), expect)
        })
        .collect();
    assert_no_mismatches(problems);
}

#[test]
fn wrapped_geometries_keep_the_geometry_type_of_the_file() {
    for &(name, expect) in WRAPPED {
        if !matches!(expect, Loads { .. }) {
            continue;
        }
        let text = read(name);
        let layer = parse(name, &wrap(&text)).expect("loads");
        let kind = top_level_type(&text).expect("a typed geometry");
        assert_eq!(geometry_type(&layer.features[0].geometry), kind, "{name}");
    }
}

#[test]
fn the_rfc_polygon_with_a_hole_keeps_its_hole() {
    let name = "rfc7946/a3-polygon-with-holes.geojson";
    let layer = parse(name, &wrap(&read(name))).expect("loads");
    let Geometry::Polygon(p) = &layer.features[0].geometry else {
        panic!(
            "not a polygon: {}",
            geometry_type(&layer.features[0].geometry)
        );
    };
    assert_eq!(p.exterior().0.len(), 5);
    assert_eq!(p.interiors().len(), 1);
    assert_eq!(p.interiors()[0].0.len(), 5);
}

#[test]
fn the_rfc_feature_collection_keeps_foreign_properties_and_numbers_features_without_ids() {
    let name = "rfc7946/s1.5-featurecollection.geojson";
    let layer = parse(name, &read(name)).expect("loads");
    let kinds: Vec<_> = layer
        .features
        .iter()
        .map(|f| geometry_type(&f.geometry))
        .collect();
    assert_eq!(kinds, ["Point", "LineString", "Polygon"]);
    let ids: Vec<_> = layer.features.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["#0", "#1", "#2"]);
    assert_eq!(
        layer.features[2].properties().get("prop1"),
        Some(&serde_json::json!({"this": "that"}))
    );
    assert_eq!(
        layer.features[1]
            .properties()
            .get("prop1")
            .and_then(Value::as_f64),
        Some(0.0)
    );
}

#[test]
fn feature_ids_are_read_from_numbers_and_strings_and_an_object_id_is_dropped() {
    let id = |name: &str| {
        let layer = parse(name, &read(name)).expect("loads");
        layer.features[0].id.clone()
    };
    assert_eq!(id("georust/good-feature-with-id.geojson"), "100");
    assert_eq!(
        id("georust/good-feature-with-string-id.geojson"),
        "myfeature"
    );
    assert_eq!(id("geojsonhint/bad/badfeatureid.geojson"), "#0");
    let countries = parse(
        "georust/countries.geojson",
        &read("georust/countries.geojson"),
    )
    .expect("loads");
    let names: Vec<_> = countries
        .features
        .iter()
        .map(|f| (f.id.as_str(), f.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("AFG", "Afghanistan"),
            ("AGO", "Angola"),
            ("ALB", "Albania"),
            ("ARE", "United Arab Emirates"),
        ]
    );
}
