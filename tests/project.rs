//! Project files: the session saved and opened again (layers in order with visibility and
//! opacity, files by relative paths, the view, bookmarks, filters, year), a missing file, and
//! `export --project`.

mod common;

use common::app::{app_harness, fixture, step_until};
use corridor_atlas::model::{Filter, Origin, Status};
use corridor_atlas::project::{Project, Source};
use corridor_atlas::settings::Bookmark;
use std::path::{Path, PathBuf};

/// A folder with data/ holding the Web Mercator lines shapefile and the GeoPackage.
fn project_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("data")).expect("data/");
    for f in [
        "shp/lines_webmercator.shp",
        "shp/lines_webmercator.shx",
        "shp/lines_webmercator.dbf",
        "shp/lines_webmercator.prj",
        "shp/lines_webmercator.cpg",
        "gpkg/corridor.gpkg",
    ] {
        let from = fixture(&format!("formats/{f}"));
        if from.exists() {
            let name = Path::new(f).file_name().expect("name");
            std::fs::copy(&from, dir.path().join("data").join(name)).expect("copy");
        }
    }
    dir
}

/// (origin as shown, visible, opacity) of every layer, in drawing order.
fn layers(app: &corridor_atlas::CorridorApp) -> Vec<(String, bool, f32)> {
    app.data
        .layers
        .iter()
        .map(|m| (m.layer.origin.to_string(), m.visible, m.opacity))
        .collect()
}

#[test]
fn a_saved_project_opens_again_as_it_was() {
    let dir = project_folder();
    let data = dir.path().join("data");
    let mut h = app_harness();
    h.state_mut().open_paths(&[
        data.join("lines_webmercator.shp"),
        data.join("corridor.gpkg"),
    ]);
    h.run_steps(2);
    {
        let app = h.state_mut();
        let n = app.data.layers.len();
        // The GeoPackage's zones drawn first (at the bottom), the lines half transparent, the
        // built-in nodes hidden; a year and a status filter; a bookmark.
        let zones = app
            .data
            .layers
            .iter()
            .position(|m| matches!(&m.layer.origin, Origin::Part { part, .. } if part == "zones"))
            .expect("zones table");
        app.data.move_layer(zones, 0);
        let lines = app
            .data
            .layers
            .iter()
            .position(|m| m.layer.name == "lines_webmercator")
            .expect("lines");
        app.data.layers[lines].opacity = 0.4;
        let nodes = app
            .data
            .layers
            .iter()
            .position(|m| m.layer.origin.to_string().contains("nodes"))
            .expect("built-in nodes");
        app.data.layers[nodes].visible = false;
        assert_eq!(app.data.layers.len(), n);
        let mut f = Filter {
            year: Some(2027),
            ..Default::default()
        };
        f.statuses.insert(Status::Operational);
        app.data.set_filter(&f);
        app.state
            .bookmarks
            .push(Bookmark::at("Aktau port".into(), 51.16, 43.62, 11.0));
    }
    h.run_steps(2);
    let before = layers(h.state());
    let center = h.state().viewport.expect("a view").center;
    let path = dir.path().join("plan.atlas.json");
    h.state_mut().save_project(&path);

    // The file: human-readable, files relative to it, the table named.
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(text.contains("\"data/lines_webmercator.shp\""), "{text}");
    let p = Project::read(&path).expect("reads");
    assert!(p.layers.iter().any(|l| l.source
        == Source::File {
            file: "data/corridor.gpkg".into(),
            layer: Some("zones".into())
        }));
    assert_eq!(p.filter.year, Some(2027));

    // Opened in a fresh window: the same layers, order, visibility, opacity and the rest.
    let mut h2 = app_harness();
    h2.state_mut().open_project(&path, None);
    h2.run_steps(3);
    assert_eq!(layers(h2.state()), before);
    let app = h2.state();
    assert_eq!(app.data.filter().year, Some(2027));
    assert!(app.data.filter().statuses.contains(&Status::Operational));
    assert!(app.state.bookmarks.iter().any(|b| b.name == "Aktau port"));
    let c2 = app.viewport.expect("a view").center;
    assert!(
        (c2[0] - center[0]).abs() < 1e-6 && (c2[1] - center[1]).abs() < 1e-6,
        "{c2:?} vs {center:?}"
    );
}

#[test]
fn a_project_with_a_missing_file_opens_the_rest_and_says_what_is_missing() {
    let dir = project_folder();
    let path = dir.path().join("plan.atlas.json");
    std::fs::write(
        &path,
        r#"{"atlas_project": 1, "layers": [
            {"file": "data/gone.geojson"},
            {"file": "data/lines_webmercator.shp", "opacity": 0.5},
            {"database": "postgresql://planner@127.0.0.1:1/corridor?layer=public.ports"},
            {"builtin": "geodata/corridor/sections.geojson"}
        ]}"#,
    )
    .expect("write");
    let mut h = app_harness();
    h.state_mut().open_project(&path, None);
    // The database that cannot be reached is said once its try has failed.
    step_until(&mut h, 400, |h| {
        h.state()
            .problems
            .lines()
            .any(|l| l.contains("postgresql://planner@127.0.0.1:1"))
    })
    .expect("the unreachable database is said");
    let app = h.state();
    let lines = app
        .data
        .layers
        .iter()
        .find(|m| m.layer.name == "lines_webmercator")
        .expect("the file that is there opened");
    assert_eq!(lines.opacity, 0.5);
    let said: Vec<&str> = app.problems.lines().collect();
    assert!(
        said.iter()
            .any(|l| l.contains("gone.geojson") && l.contains("missing")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|l| l.contains("postgresql://planner@127.0.0.1:1") && l.contains("cannot connect")),
        "{said:?}"
    );
}

fn exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_corridor-atlas"))
}

#[test]
fn export_takes_a_project_and_exports_what_is_there() {
    let dir = project_folder();
    let path = dir.path().join("plan.atlas.json");
    std::fs::write(
        &path,
        r#"{"atlas_project": 1,
            "layers": [{"file": "data/corridor.gpkg", "layer": "points"}, {"file": "data/missing.shp"}],
            "view": {"name": "v", "center_lon": 66.0, "center_lat": 44.0, "zoom": 5.0}}"#,
    )
    .expect("write");
    let out = dir.path().join("plan.png");
    let run = std::process::Command::new(exe())
        .args(["export", "--project"])
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .args(["--width", "640", "--height", "400"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("missing.shp") && stderr.contains("missing"),
        "{stderr}"
    );
    assert!(out.exists());
    // A file that is not a project: exit 1 with the reason.
    let bad = dir.path().join("bad.atlas.json");
    std::fs::write(&bad, "{\"layers\": []}").expect("write");
    let run = std::process::Command::new(exe())
        .args(["export", "--project"])
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("not a Corridor Atlas project"));
}
