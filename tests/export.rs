//! The briefing export, rendered offscreen through wgpu (on the CPU with Mesa here).

mod common;

use common::slow_tile_server;

use corridor_atlas::export::{self, ExportError, ExportOptions, Scene};
use corridor_atlas::load;
use corridor_atlas::map::{MapData, TileServer};
use egui::Rect;
use image::RgbaImage;

fn dataset() -> MapData {
    let (layers, errors) = load::embedded_layers();
    assert!(errors.is_empty(), "{errors:?}");
    MapData::from_layers(layers)
}

fn caspian(width: u32, height: u32, scale: f32) -> ExportOptions {
    let mut o = ExportOptions {
        width,
        height,
        scale,
        date: Some("2026-01-15".into()),
        ..Default::default()
    };
    o.set_view("caspian").expect("view");
    o
}

/// Distinct colours in a region given in points.
fn distinct_colours(img: &RgbaImage, r: Rect, scale: f32) -> usize {
    let mut set = std::collections::HashSet::new();
    let (x0, y0) = ((r.min.x * scale) as u32, (r.min.y * scale) as u32);
    let (x1, y1) = (
        ((r.max.x * scale) as u32).min(img.width()),
        ((r.max.y * scale) as u32).min(img.height()),
    );
    for y in y0..y1 {
        for x in x0..x1 {
            set.insert(img.get_pixel(x, y).0);
        }
    }
    set.len()
}

/// Is there a pixel of roughly this colour within `radius` pixels of the point?
fn colour_near(
    img: &RgbaImage,
    p: egui::Pos2,
    scale: f32,
    want: egui::Color32,
    radius: i32,
) -> bool {
    let (cx, cy) = ((p.x * scale) as i32, (p.y * scale) as i32);
    for dy in -radius..=radius {
        for dx in -radius..=radius {
            let (x, y) = (cx + dx, cy + dy);
            if x < 0 || y < 0 || x >= img.width() as i32 || y >= img.height() as i32 {
                continue;
            }
            let px = img.get_pixel(x as u32, y as u32).0;
            let d = (px[0] as i32 - want.r() as i32).abs()
                + (px[1] as i32 - want.g() as i32).abs()
                + (px[2] as i32 - want.b() as i32).abs();
            if d < 40 {
                return true;
            }
        }
    }
    false
}

#[test]
fn an_export_of_a_fixed_view_has_the_size_asked_for_and_shows_the_ports() {
    let data = dataset();
    let scene = Scene {
        data: &data,
        selected: None,
    };
    for (w, h, s) in [(1000, 640, 1.0), (900, 600, 2.0)] {
        let (img, layout) = export::render_with_layout(&scene, &caspian(w, h, s)).expect("render");
        assert_eq!((img.width(), img.height()), (w, h));

        // Aktau and Baku/Alat: the port symbol's blue is drawn where they lie.
        let (port_colour, _, _) =
            corridor_atlas::style::point_style(&corridor_atlas::model::Kind::Port);
        for (lon, lat, name) in [(51.15, 43.63, "Aktau"), (49.42, 39.96, "Alat")] {
            let p = layout.map.lonlat_to_screen(lon, lat);
            assert!(
                colour_near(
                    &img,
                    p,
                    layout.scale,
                    port_colour,
                    (8.0 * layout.scale) as i32
                ),
                "no port symbol at {name} ({w}x{h}@{s})"
            );
        }
        // Empty sea far from any feature (west of the lanes, east of Derbent) is water-coloured.
        let sea = layout.map.lonlat_to_screen(50.0, 42.2);
        assert!(colour_near(
            &img,
            sea,
            layout.scale,
            corridor_atlas::style::WATER,
            0
        ));

        // The title band and the legend are not empty.
        assert!(
            distinct_colours(&img, layout.title, layout.scale) > 20,
            "empty title"
        );
        assert!(
            distinct_colours(&img, layout.legend, layout.scale) > 20,
            "empty legend"
        );
        assert!(
            layout.legend_entries.len() >= 3,
            "{:?}",
            layout.legend_entries
        );
    }
}

#[test]
fn the_same_extent_is_shown_whatever_the_size() {
    let data = dataset();
    let scene = Scene {
        data: &data,
        selected: None,
    };
    let (_, small) = export::render_with_layout(&scene, &caspian(800, 450, 1.0)).expect("render");
    let (_, big) = export::render_with_layout(&scene, &caspian(1600, 900, 1.0)).expect("render");
    let a = small.map.bbox_lonlat();
    let b = big.map.bbox_lonlat();
    for i in 0..4 {
        assert!((a[i] - b[i]).abs() < 0.6, "{a:?} vs {b:?}");
    }
    // The requested extent is inside both.
    let [w, s, e, n] = [46.5, 38.5, 55.5, 45.5];
    assert!(
        a[0] <= w + 0.01 && a[1] <= s + 0.01 && a[2] >= e - 0.01 && a[3] >= n - 0.01,
        "{a:?}"
    );
}

#[test]
fn unknown_ids_and_unwritable_paths_fail_cleanly() {
    let data = dataset();
    let scene = Scene {
        data: &data,
        selected: None,
    };
    let mut o = caspian(400, 300, 1.0);
    o.select = Some("no_such_feature".into());
    assert!(matches!(
        export::render(&scene, &o),
        Err(ExportError::UnknownFeature(_))
    ));

    // Past the renderer's largest texture: a clear size error, not a wgpu panic. The largest
    // size itself is drawn.
    let e = export::render(&scene, &caspian(export::MAX_SIDE + 1, 300, 1.0)).expect_err("too wide");
    assert!(matches!(e, ExportError::BadSize(..)), "{e}");
    assert!(e.to_string().contains("8192"), "{e}");
    let img = export::render(&scene, &caspian(300, export::MAX_SIDE, 1.0)).expect("8192 high");
    assert_eq!((img.width(), img.height()), (300, export::MAX_SIDE));

    let img = RgbaImage::new(4, 4);
    let err = export::write_png_atomic(&img, std::path::Path::new("/nonexistent-dir/x/out.png"))
        .expect_err("must fail");
    assert!(
        err.to_string().contains("/nonexistent-dir/x/out.png"),
        "{err}"
    );
}

#[test]
fn an_existing_file_is_replaced_whole_and_no_temporary_file_is_left() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("brief.png");
    std::fs::write(&path, b"old").expect("write");
    let img = RgbaImage::from_pixel(8, 8, image::Rgba([10, 20, 30, 255]));
    export::write_png_atomic(&img, &path).expect("write");
    let back = image::open(&path).expect("a PNG").to_rgba8();
    assert_eq!(back.get_pixel(3, 3).0, [10, 20, 30, 255]);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn the_command_line_export_writes_a_png_and_reports_failures() {
    let exe = env!("CARGO_BIN_EXE_corridor-atlas");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("caspian.png");
    let ok = std::process::Command::new(exe)
        .args([
            "export", "--view", "caspian", "--width", "640", "--height", "400", "--out",
        ])
        .arg(&out)
        .output()
        .expect("run");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let img = image::open(&out).expect("png").to_rgba8();
    assert_eq!((img.width(), img.height()), (640, 400));

    let bad = std::process::Command::new(exe)
        .args(["export", "--view", "atlantis", "--out"])
        .arg(&out)
        .output()
        .expect("run");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("atlantis"));

    let unwritable = std::process::Command::new(exe)
        .args([
            "export",
            "--width",
            "320",
            "--height",
            "200",
            "--out",
            "/nonexistent-dir/out.png",
        ])
        .output()
        .expect("run");
    assert!(!unwritable.status.success());
    assert!(String::from_utf8_lossy(&unwritable.stderr).contains("could not write"));
}

#[test]
fn the_composed_briefing_layout_matches_its_snapshot() {
    let data = dataset();
    let scene = Scene {
        data: &data,
        selected: data.find("aktau_port"),
    };
    let mut o = caspian(1200, 760, 1.0);
    o.title = "Caspian crossing — snapshot".into();
    let img = export::render(&scene, &o).expect("render");
    let options = egui_kittest::SnapshotOptions::new()
        .threshold(2.0)
        .max_failed_pixels(2000);
    egui_kittest::image_snapshot_options(&img, "briefing_caspian", &options);
}

/// 6,000 short rail lines (every third row dashed) and 400 ports over the Caspian view: a
/// crowded frame, drawn as one big mesh.
fn crowded_dataset() -> MapData {
    let mut features = Vec::new();
    for i in 0..6000 {
        let (lon, lat) = (
            46.6 + (i % 100) as f64 * 0.088,
            38.6 + (i / 100) as f64 * 0.115,
        );
        let status = if (i / 100) % 3 == 0 {
            "under_construction"
        } else {
            "operational"
        };
        features.push(format!(
            r#"{{"type":"Feature","properties":{{"id":"l{i}","name":"Line {i}","mode":"rail","status":"{status}"}},"geometry":{{"type":"LineString","coordinates":[[{lon},{lat}],[{},{}],[{},{lat}]]}}}}"#,
            lon + 0.044,
            lat + 0.02,
            lon + 0.088
        ));
    }
    for i in 0..400 {
        let (lon, lat) = (46.7 + (i % 20) as f64 * 0.45, 38.7 + (i / 20) as f64 * 0.33);
        features.push(format!(
            r#"{{"type":"Feature","properties":{{"id":"p{i}","name":"Port {i}","kind":"port"}},"geometry":{{"type":"Point","coordinates":[{lon},{lat}]}}}}"#
        ));
    }
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    let layer = load::parse_layer(
        &text,
        "crowded.geojson",
        corridor_atlas::model::Origin::File("crowded.geojson".into()),
    )
    .expect("parse");
    MapData::from_layers([layer])
}

#[test]
fn a_crowded_view_drawn_from_gpu_memory_looks_the_same_as_the_plain_mesh() {
    let data = crowded_dataset();
    let scene = Scene {
        data: &data,
        selected: None,
    };
    let mut o = caspian(900, 600, 1.0);
    o.labels = false;
    o.gpu_meshes = true;
    let (gpu, layout) = export::render_with_layout(&scene, &o).expect("gpu render");
    o.gpu_meshes = false;
    let plain = export::render(&scene, &o).expect("plain render");
    assert_eq!(gpu.dimensions(), plain.dimensions());

    let rail = corridor_atlas::style::mode_colour(Some(corridor_atlas::model::Mode::Rail));
    let port = corridor_atlas::style::point_style(&corridor_atlas::model::Kind::Port).0;
    let count = |img: &RgbaImage, c: egui::Color32| {
        img.pixels()
            .filter(|p| {
                (p[0] as i32 - c.r() as i32).abs()
                    + (p[1] as i32 - c.g() as i32).abs()
                    + (p[2] as i32 - c.b() as i32).abs()
                    < 30
            })
            .count()
    };
    // The crowded layer is really drawn (a callback that drew nothing would leave none).
    let map_px = (layout.map.rect.width() * layout.map.rect.height()) as usize;
    for img in [&gpu, &plain] {
        assert!(
            count(img, rail) > map_px / 20,
            "rail pixels: {}",
            count(img, rail)
        );
        assert!(
            count(img, port) > 400 * 20,
            "port pixels: {}",
            count(img, port)
        );
    }
    // And the same way: pixel for pixel, but for rounding at the edges of triangles.
    let differ = gpu
        .pixels()
        .zip(plain.pixels())
        .filter(|(a, b)| (0..3).any(|k| (a[k] as i32 - b[k] as i32).abs() > 24))
        .count();
    assert!(
        differ < map_px / 200,
        "{differ} of {map_px} pixels differ between the two ways of drawing"
    );
}

#[test]
fn online_tiles_from_a_slow_server_are_waited_for_and_credited() {
    let data = dataset();
    let scene = Scene {
        data: &data,
        selected: None,
    };
    let (url, served) = slow_tile_server(std::time::Duration::from_millis(900));
    let mut o = caspian(800, 520, 1.0);
    o.tiles = true;
    o.tile_server = TileServer::xyz(&url).expect("url");
    o.tile_timeout = std::time::Duration::from_secs(20);
    o.labels = false;
    let (img, layout) = export::render_with_layout(&scene, &o).expect("render");
    assert!(
        served.load(std::sync::atomic::Ordering::SeqCst) > 0,
        "no tile was asked for"
    );
    // Magenta tiles under the whole map: most of the map area is magenta.
    let m = layout.map.rect;
    let (mut magenta, mut all) = (0, 0);
    for y in (m.top() as u32..m.bottom() as u32).step_by(7) {
        for x in (m.left() as u32..m.right() as u32).step_by(7) {
            let p = img.get_pixel(x, y).0;
            all += 1;
            if p[0] > 200 && p[1] < 60 && p[2] > 200 {
                magenta += 1;
            }
        }
    }
    assert!(
        magenta * 2 > all,
        "only {magenta} of {all} map pixels show the tiles: the export did not wait for them"
    );

    // A server that never answers in time: the export gives up at the limit, with the
    // offline map.
    let (url, _) = slow_tile_server(std::time::Duration::from_secs(60));
    o.tile_server = TileServer::xyz(&url).expect("url");
    o.tile_timeout = std::time::Duration::from_secs(2);
    let started = std::time::Instant::now();
    let img = export::render(&scene, &o).expect("render without tiles");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "the tile time limit was not kept: {:?}",
        started.elapsed()
    );
    assert_eq!((img.width(), img.height()), (800, 520));
}

#[test]
fn the_legend_lists_what_the_map_shows_and_nothing_else() {
    let data = dataset();
    let scene = Scene {
        data: &data,
        selected: None,
    };
    // The Caspian crossing: ports, sea lanes and rail.
    let (_, caspian_view) =
        export::render_with_layout(&scene, &caspian(900, 600, 1.0)).expect("render");
    let entries = &caspian_view.legend_entries;
    for want in ["Port", "Sea lane", "Rail"] {
        assert!(
            entries.iter().any(|e| e == want),
            "no {want} in {entries:?}"
        );
    }
    // Anaklia alone: a port and no line of any mode or status.
    let mut o = caspian(900, 600, 1.0);
    o.view_name = None;
    o.bbox = Some([41.50, 42.36, 41.62, 42.42]);
    let (_, anaklia) = export::render_with_layout(&scene, &o).expect("render");
    assert_eq!(anaklia.legend_entries, vec!["Port".to_string()]);
    assert!(anaklia.legend.height() < caspian_view.legend.height() / 2.0);
    // A tall strip of sea west of Anaklia, on a wide page: the map widens the strip to fit the
    // page and then shows Anaklia, so the legend explains it.
    o.bbox = Some([41.40, 42.30, 41.45, 42.45]);
    let (_, widened) = export::render_with_layout(&scene, &o).expect("render");
    let [w, _, e, _] = widened.map.bbox_lonlat();
    assert!(
        w < 41.40 && e > 41.5623,
        "the page did not widen the strip: {w}..{e}"
    );
    assert_eq!(widened.legend_entries, vec!["Port".to_string()]);
    // Siberia, far from any feature of the corridor: no legend box at all.
    o.bbox = Some([100.0, 55.0, 102.0, 56.0]);
    let (img, empty) = export::render_with_layout(&scene, &o).expect("render");
    assert!(
        empty.legend_entries.is_empty(),
        "{:?}",
        empty.legend_entries
    );
    assert_eq!(empty.legend.area(), 0.0);
    // Where the box would be, the map shows: no white panel.
    let corner = empty.map.rect.min + egui::vec2(40.0, 20.0);
    assert_eq!(
        distinct_colours(
            &img,
            Rect::from_center_size(corner, egui::vec2(30.0, 10.0)),
            1.0
        ),
        1
    );
}

#[test]
fn the_default_title_names_the_view() {
    let data = dataset();
    let scene = Scene {
        data: &data,
        selected: None,
    };
    let render = |o: &ExportOptions| {
        export::render_with_layout(&scene, o)
            .expect("render")
            .1
            .title_text
    };
    // An extent of the planner's own: the countries it shows, west to east.
    let mut o = caspian(700, 450, 1.0);
    o.view_name = None;
    o.bbox = Some([66.0, 40.0, 70.0, 42.5]);
    assert_eq!(render(&o), "Middle Corridor — Uzbekistan, Kazakhstan");
    o.bbox = Some([60.0, 40.0, 90.0, 52.0]);
    assert_eq!(render(&o), "Middle Corridor — Kazakhstan, China");
    // A named view keeps its name; no extent at all is the whole corridor; the planner's
    // own title wins over both.
    let caspian_title = render(&caspian(700, 450, 1.0));
    assert_eq!(caspian_title, "Middle Corridor — The Caspian crossing");
    o.bbox = None;
    assert_eq!(
        render(&o),
        "The Middle Corridor (Trans-Caspian International Transport Route)"
    );
    o.title = "  Briefing for the minister ".into();
    assert_eq!(render(&o), "Briefing for the minister");
}

#[test]
fn lake_balkhash_is_water_unless_lakes_are_switched_off() {
    let data = dataset();
    let scene = Scene {
        data: &data,
        selected: None,
    };
    let mut opts = ExportOptions {
        width: 800,
        height: 500,
        bbox: Some([72.0, 44.0, 80.0, 48.0]),
        date: Some("2026-01-15".into()),
        ..Default::default()
    };
    let water = corridor_atlas::style::WATER;
    let land = corridor_atlas::style::LAND;
    // Inside the lake, away from its shores.
    let (lon, lat) = (76.0, 46.6);
    let (img, layout) = export::render_with_layout(&scene, &opts).expect("render");
    let p = layout.map.lonlat_to_screen(lon, lat);
    assert!(colour_near(&img, p, 1.0, water, 0), "Balkhash is not water");
    assert!(!colour_near(&img, p, 1.0, land, 0));
    opts.basemap_layers.lakes = false;
    let (img, layout) = export::render_with_layout(&scene, &opts).expect("render");
    let p = layout.map.lonlat_to_screen(lon, lat);
    assert!(colour_near(&img, p, 1.0, land, 0), "lakes off: land");
}

#[test]
fn beyond_the_corridor_crop_the_world_has_land_under_it() {
    let data = dataset();
    let scene = Scene {
        data: &data,
        selected: None,
    };
    // Western Europe, outside the countries' crop (10..135 E).
    let opts = ExportOptions {
        width: 800,
        height: 500,
        bbox: Some([-8.0, 42.0, 8.0, 52.0]),
        date: Some("2026-01-15".into()),
        ..Default::default()
    };
    let (img, layout) = export::render_with_layout(&scene, &opts).expect("render");
    let land = corridor_atlas::style::LAND;
    let water = corridor_atlas::style::WATER;
    // Central France is land, the Bay of Biscay water.
    let france = layout.map.lonlat_to_screen(2.5, 47.0);
    let biscay = layout.map.lonlat_to_screen(-5.0, 45.5);
    assert!(colour_near(&img, france, 1.0, land, 0), "no land in France");
    assert!(colour_near(&img, biscay, 1.0, water, 0), "no sea in Biscay");
}
