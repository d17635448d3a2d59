//! Every format read, in several coordinate systems: the fixtures in tests/fixtures/formats
//! were made from corridor.geojson by GDAL's ogr2ogr (make.sh there says how), and each
//! position read back must be within 1 m of the original.

use corridor_atlas::load::{Progress, load_layers};
use corridor_atlas::model::{Layer, Origin};
use geo::{CoordsIter, Distance, Haversine, Point};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(p)
}

fn layers(p: &str) -> Vec<Layer> {
    load_layers(&fixture(p), &Progress::default())
        .unwrap_or_else(|e| panic!("{p}: {}", e.lines().join("\n")))
}

/// The original positions, by feature id.
fn reference() -> HashMap<String, Vec<(f64, f64)>> {
    layers("corridor.geojson")[0]
        .features
        .iter()
        .map(|f| {
            let c = f.geometry.coords_iter().map(|c| (c.x, c.y)).collect();
            (f.id.clone(), c)
        })
        .collect()
}

/// Every feature of `layer` is where the original is, within 1 m: each of its positions
/// within 1 m of one of the original's and the other way round (a shapefile turns rings the
/// other way, so the order may differ). Returns how many.
fn within_a_metre(layer: &Layer) -> usize {
    let reference = reference();
    for f in &layer.features {
        let want = reference
            .get(&f.id)
            .unwrap_or_else(|| panic!("{}: unknown id {:?}", layer.name, f.id));
        let got: Vec<(f64, f64)> = f.geometry.coords_iter().map(|c| (c.x, c.y)).collect();
        assert_eq!(got.len(), want.len(), "{}: {}", layer.name, f.id);
        let nearest = |p: &(f64, f64), among: &[(f64, f64)]| {
            among
                .iter()
                .map(|q| Haversine.distance(Point::new(p.0, p.1), Point::new(q.0, q.1)))
                .fold(f64::INFINITY, f64::min)
        };
        for (a, b) in [(&got, want), (want, &got)] {
            for p in a {
                let d = nearest(p, b);
                assert!(d < 1.0, "{}: {} is {d:.2} m off at {p:?}", layer.name, f.id);
            }
        }
    }
    layer.features.len()
}

#[test]
fn shapefiles_in_pulkovo_web_mercator_and_utm_land_where_the_original_is() {
    let points = &layers("shp/points_pulkovo.shp")[0];
    assert_eq!(within_a_metre(points), 4);
    assert_eq!(points.crs.as_deref(), Some("Pulkovo_1942_GK_Zone_13"));
    // The CP1251 DBF (.cpg) is read as Cyrillic.
    let altynkol = &points.features[points.position("altynkol").expect("altynkol")];
    assert_eq!(altynkol.text("name_ru").as_deref(), Some("Алтынколь"));
    assert!(
        points.warnings.iter().any(|w| w.contains("EPSG:15865")),
        "the datum shift is said: {:?}",
        points.warnings
    );
    let lines = &layers("shp/lines_webmercator.shp")[0];
    assert_eq!(within_a_metre(lines), 2);
    // A one-part polyline is a line, as the network takes it.
    assert!(matches!(
        lines.features[0].geometry,
        geo::Geometry::LineString(_)
    ));
    assert_eq!(lines.features[0].name, "Almaty–Altynkol");
    assert_eq!(within_a_metre(&layers("shp/zones_utm43.shp")[0]), 1);
}

#[test]
fn a_zipped_shapefile_is_a_layer_of_its_archive() {
    let l = layers("shp/zones_utm43.zip");
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].name, "zones_utm43");
    assert!(matches!(&l[0].origin, Origin::Part { part, .. } if part == "zones_utm43.shp"));
    assert_eq!(within_a_metre(&l[0]), 1);
}

#[test]
fn a_geopackage_is_a_layer_per_table_each_in_its_own_system() {
    let l = layers("gpkg/corridor.gpkg");
    let names: Vec<(&str, Option<&str>)> = l
        .iter()
        .map(|l| (l.name.as_str(), l.crs.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("lines", Some("EPSG:3857")),
            ("points", Some("EPSG:4326")),
            ("zones", Some("EPSG:32643"))
        ]
    );
    assert_eq!(l.iter().map(within_a_metre).sum::<usize>(), 7);
    let aktau = &l[1].features[l[1].position("aktau_port").expect("aktau")];
    assert_eq!(aktau.kind, corridor_atlas::model::Kind::Port);
    assert_eq!(
        aktau.status,
        Some(corridor_atlas::model::Status::Operational)
    );
}

#[test]
fn flatgeobuf_kml_kmz_and_wkt_csv_read_every_feature() {
    for f in [
        "fgb/corridor_utm43.fgb",
        "kml/corridor.kml",
        "kml/corridor.kmz",
        "csv/corridor_wkt.csv",
        "geojson/corridor_3857.geojson",
    ] {
        let l = &layers(f)[0];
        assert_eq!(within_a_metre(l), 7, "{f}");
        let altynkol = &l.features[l.position("altynkol").expect("altynkol")];
        assert_eq!(altynkol.name, "Altynkol", "{f}");
        assert_eq!(
            altynkol.capacity_mt_per_year,
            Some(10.5),
            "{f}: figures are read"
        );
    }
}

/// The Pulkovo points shapefile copied into `dir` as `stem`, without its .prj.
fn without_prj(dir: &Path, stem: &str) {
    for ext in ["shp", "shx", "dbf"] {
        std::fs::copy(
            fixture(&format!("shp/points_pulkovo.{ext}")),
            dir.join(format!("{stem}.{ext}")),
        )
        .expect("copy");
    }
}

#[test]
fn metres_without_a_prj_are_never_drawn_as_degrees() {
    let dir = tempfile::tempdir().expect("temp dir");
    without_prj(dir.path(), "noprj");
    let path = dir.path().join("noprj.shp");
    let e = load_layers(&path, &Progress::default()).expect_err("metres, no .prj");
    let text = e.lines().join("\n");
    assert!(text.contains("noprj.shp"), "{text}");
    assert!(
        text.contains("not degrees") && text.contains("no .prj"),
        "{text}"
    );
}

#[test]
fn a_coordinate_system_that_cannot_be_read_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    without_prj(dir.path(), "odd");
    std::fs::write(
        dir.path().join("odd.prj"),
        r#"PROJCS["Local grid",GEOGCS["x",DATUM["y",SPHEROID["z",6378137,298.25]]],PROJECTION["No_Such_Projection"],UNIT["Meter",1]]"#,
    )
    .expect("write");
    let e = load_layers(&dir.path().join("odd.shp"), &Progress::default()).expect_err("odd");
    let text = e.lines().join("\n");
    assert!(
        text.contains("odd.shp") && text.contains("Local grid"),
        "{text}"
    );
    let g = dir.path().join("grid.geojson");
    std::fs::write(
        &g,
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:99999"}},"features":[]}"#,
    )
    .expect("write");
    let text = load_layers(&g, &Progress::default())
        .expect_err("unknown")
        .lines()
        .join("\n");
    assert!(
        text.contains("grid.geojson") && text.contains("\"crs\"") && text.contains("EPSG:99999"),
        "{text}"
    );
}

#[test]
fn broken_files_of_every_format_are_clear_errors_not_panics() {
    let dir = tempfile::tempdir().expect("temp dir");
    let junk: Vec<u8> = (0..600u32).map(|i| (i * 37 % 251) as u8).collect();
    for ext in ["shp", "zip", "gpkg", "fgb", "kml", "kmz", "csv", "gpx"] {
        let p = dir.path().join(format!("broken.{ext}"));
        std::fs::write(&p, &junk).expect("write");
        let e = load_layers(&p, &Progress::default()).expect_err(ext);
        let text = e.lines().join("\n");
        assert!(text.contains(&format!("broken.{ext}")), "{ext}: {text}");
        // Cut short: half of a real file.
        let real = match ext {
            "shp" => fixture("shp/lines_webmercator.shp"),
            "zip" => fixture("shp/zones_utm43.zip"),
            "gpkg" => fixture("gpkg/corridor.gpkg"),
            "fgb" => fixture("fgb/corridor_utm43.fgb"),
            "kml" => fixture("kml/corridor.kml"),
            "kmz" => fixture("kml/corridor.kmz"),
            "csv" => fixture("csv/corridor_wkt.csv"),
            _ => continue,
        };
        let bytes = std::fs::read(real).expect("fixture");
        let p = dir.path().join(format!("half.{ext}"));
        std::fs::write(&p, &bytes[..bytes.len() / 2]).expect("write");
        // Loads what it can or says why not; never panics.
        if let Err(e) = load_layers(&p, &Progress::default()) {
            assert!(
                e.lines().join("\n").contains(&format!("half.{ext}")),
                "{ext}"
            );
        }
    }
}
