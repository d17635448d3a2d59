//! The real app under egui_kittest: find widgets by label, click them, click the map.

mod common;

use common::app::*;

use corridor_atlas::model::{FeatureRef, Kind};
use corridor_atlas::{CorridorApp, StartOptions};
use egui::{Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::PathBuf;

#[test]
fn the_app_opens_on_the_whole_corridor() {
    let h = app_harness();
    let vp = h.state().viewport.expect("map drawn");
    // China's coast (Lianyungang) and Georgia's (Poti) are both on screen.
    for (lon, lat) in [(119.4, 34.7), (41.67, 42.15), (51.15, 43.65)] {
        assert!(
            vp.rect.contains(vp.lonlat_to_screen(lon, lat)),
            "{lon},{lat} not in view"
        );
    }
    h.get_by_label("Legend");
    h.get_by_label_contains("Countries: Natural Earth");
    for layer in ["Places", "Rivers", "Lakes"] {
        h.get_by_label(layer);
    }
}

#[test]
fn clicking_the_aktau_port_marker_shows_its_container_hub_capacity() {
    let mut h = app_harness();
    let aktau = find(&h, |f| f.id == "aktau_port");
    assert_eq!(
        h.state().data.get(aktau).map(|f| &f.kind),
        Some(&Kind::Port)
    );
    // Zoom to it, so neighbouring symbols do not overlap.
    zoom_to(&mut h, aktau);
    let pos = screen_pos(&h, aktau);
    click_at(&mut h, pos);
    assert_eq!(
        h.state().selected,
        Some(aktau),
        "the click selected something else"
    );
    h.get_by_label_contains("200,000 TEU/yr");
    // Every figure names its source; the container-hub capacity comes from the opinion article.
    assert!(h.get_all_by_label_contains("Source: ").count() >= 3);
    h.get_all_by_label_contains("Source: Opinion article")
        .next()
        .expect("cited");

    // Clicking empty water clears the selection.
    // Open sea north-west of the port (west of Aktau is the Caspian).
    let water = pos + vec2(-300.0, 40.0);
    let (lon, lat) = h.state().viewport.expect("drawn").screen_to_lonlat(water);
    assert!(lon < 51.12 && (43.5..43.65).contains(&lat), "{lon},{lat}");
    click_at(&mut h, water);
    assert_eq!(h.state().selected, None);
    assert!(
        h.query_by_label("Zoom to").is_none(),
        "details panel still open"
    );
}

#[test]
fn a_bad_file_is_reported_and_earlier_layers_stay() {
    let mut h = app_harness();
    h.state_mut().open_paths(&[fixture("small_rail.geojson")]);
    h.run_steps(2);
    let before = h.state().data.layers.len();
    let features_before = h.state().data.feature_count();

    h.state_mut().open_paths(&[
        fixture("bad_latitude.geojson"),
        fixture("truncated.geojson"),
    ]);
    h.run_steps(2);
    // The file with one bad feature loads its good one; the truncated one loads nothing.
    assert_eq!(h.state().data.layers.len(), before + 1);
    assert_eq!(h.state().data.feature_count(), features_before + 1);
    h.get_by_label_contains("1 file(s) could not be loaded");
    h.get_by_label_contains(
        "bad_latitude.geojson: feature 1 (id \"north_of_the_pole\"): property \"geometry\": latitude 95",
    );
    h.get_by_label_contains("truncated.geojson");
    h.get_by_label_contains("Test rail (2)");

    h.get_by_label("Dismiss").click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("could not be loaded").is_none());
}

#[test]
fn a_foreign_file_lists_all_its_properties_on_click() {
    let mut h = app_harness();
    h.state_mut().open_paths(&[fixture("small_rail.geojson")]);
    h.run_steps(2);
    let depot = find(&h, |f| f.id == "test_point");
    h.state_mut().selected = Some(depot);
    h.run_steps(2);
    h.get_by_label("Zoom to").click();
    h.run_steps(3);
    h.state_mut().selected = None;
    h.run_steps(2);
    let pos = screen_pos(&h, depot);
    click_at(&mut h, pos);
    assert_eq!(h.state().selected, Some(depot));
    h.get_by_label("Test depot");
    h.get_by_label("Somebody");
    h.get_by_label("4");
}

#[test]
fn switching_a_layer_off_hides_it_from_picking() {
    let mut h = app_harness();
    h.state_mut().open_paths(&[fixture("small_rail.geojson")]);
    h.run_steps(2);
    let depot = find(&h, |f| f.id == "test_point");
    zoom_to(&mut h, depot);
    let pos = screen_pos(&h, depot);
    // The click finds the depot while its layer is on...
    click_at(&mut h, pos);
    assert_eq!(
        h.state().selected,
        Some(depot),
        "the click missed the depot"
    );
    h.get_by_label("Close").click();
    h.run_steps(2);
    // ...and nothing once it is off...
    h.get_by_label("Test rail (2)").click();
    h.run_steps(2);
    assert!(!h.state().data.layers[depot.layer].visible);
    click_at(&mut h, pos);
    // (The built-in railway under the depot may be picked instead.)
    assert!(
        h.state().selected.is_none_or(|s| s.layer != depot.layer),
        "a hidden layer was picked: {:?}",
        h.state().selected
    );
    // ...and the depot again when it is back on.
    h.get_by_label("Test rail (2)").click();
    h.run_steps(2);
    click_at(&mut h, pos);
    assert_eq!(h.state().selected, Some(depot));
}

/// Every shape of a frame's output, nested ones included.
fn all_shapes(out: &egui::FullOutput) -> Vec<egui::Shape> {
    fn walk(s: &egui::Shape, into: &mut Vec<egui::Shape>) {
        match s {
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, into)),
            other => into.push(other.clone()),
        }
    }
    let mut v = Vec::new();
    for c in &out.shapes {
        walk(&c.shape, &mut v);
    }
    v
}

#[test]
fn the_feature_under_the_pointer_is_lit_in_the_frame_the_pointer_reaches_it() {
    let mut h = app_harness();
    let port = find(&h, |f| f.id == "aktau_port");
    zoom_to(&mut h, port);
    let pos = screen_pos(&h, port);
    // The white disc drawn behind a hovered point symbol.
    let (_, _, r) = corridor_atlas::style::point_style(&Kind::Port);
    let lit = |h: &Harness<'_, CorridorApp>| {
        all_shapes(h.output()).iter().any(|s| {
            matches!(s, egui::Shape::Circle(c)
                if (c.center - pos).length() < 1.0
                    && c.radius > r + 4.0
                    && c.fill == egui::Color32::from_white_alpha(220))
        })
    };
    assert!(!lit(&h), "lit before the pointer came");
    h.hover_at(pos);
    h.step();
    assert_eq!(h.state().hovered, Some(port));
    assert!(lit(&h), "the frame that picked the port did not light it");
}

#[test]
fn a_settings_file_with_a_half_written_bookmark_keeps_every_other_bookmark() {
    let dir = tempfile::tempdir().expect("tmp");
    let settings = dir.path().join("settings.json");
    let text = r#"{"view": {"name": "last view", "center_lon": 51.2, "center_lat": 43.6, "zoom": 7.0},
        "bookmarks": [
            {"name": "Aktau", "center_lon": 51.2, "center_lat": 43.6, "zoom": 8.0},
            {"name": "Khorgos", "center_lon": 80.4},
            {"name": "Poti", "center_lon": 41.7, "center_lat": 42.1, "zoom": 9.0}]}"#;
    std::fs::write(&settings, text).expect("write");
    let mut h = app_with_settings(&settings);
    // The readable bookmarks and the view are there; the planner is told about the other.
    h.get_by_label("Aktau");
    h.get_by_label("Poti");
    assert!((h.state().memory.zoom() - 7.0).abs() < 1e-6);
    h.get_by_label_contains("bookmark 2 (\"Khorgos\") could not be read");
    assert!(
        h.get_all_by_label_contains("settings.json.damaged-")
            .count()
            >= 1
    );
    // The next save (eframe's, every 30 s) keeps them, and the file as it was is kept aside.
    h.state_mut().save_settings();
    drop(h);
    let saved = corridor_atlas::settings::read(&settings).expect("read");
    let names: Vec<&str> = saved
        .state
        .bookmarks
        .iter()
        .map(|b| b.name.as_str())
        .collect();
    assert_eq!(names, ["Aktau", "Poti"]);
    let aside: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("ls")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("damaged"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read_to_string(&aside[0]).expect("aside"), text);
}

#[test]
fn hovering_a_feature_shows_a_tooltip_with_its_capacity() {
    let mut h = app_harness();
    let r = find(&h, |f| f.is_line() && f.headline_capacity().is_some());
    h.state_mut().selected = Some(r);
    h.run_steps(1);
    h.get_by_label("Zoom to").click();
    h.run_steps(3);
    // Hover a vertex in the middle of the line.
    let (pos, cap) = {
        let app = h.state();
        let f = app.data.get(r).expect("feature");
        let geo::Geometry::LineString(ls) = &f.geometry else {
            panic!("not a linestring")
        };
        let c = ls.0[ls.0.len() / 2];
        (
            app.viewport.expect("drawn").lonlat_to_screen(c.x, c.y),
            f.headline_capacity().expect("cap"),
        )
    };
    h.hover_at(pos);
    // Past egui's tooltip delay.
    for _ in 0..40 {
        h.step();
    }
    assert_eq!(h.state().hovered, Some(r));
    h.get_by_label_contains(&format!("Capacity: {cap}"));
}

/// A FeatureCollection of `n` points, written to a temporary folder.
fn big_file(dir: &std::path::Path, n: usize) -> PathBuf {
    let mut s = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let (lon, lat) = (
            50.0 + (i % 1000) as f64 * 0.03,
            40.0 + (i / 1000) as f64 * 0.01,
        );
        s.push_str(&format!(
            "{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon},{lat}]}},\"properties\":{{\"name\":\"p{i}\"}}}}"
        ));
    }
    s.push_str("]}");
    let p = dir.join("big.geojson");
    std::fs::write(&p, s).expect("write");
    p
}

#[test]
fn a_cancel_pressed_after_the_file_was_read_still_adds_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = big_file(dir.path(), 50);
    let mut h = app_harness();
    let layers = h.state().data.layers.len();
    let ctx = h.ctx.clone();
    h.state_mut()
        .open_in_background(std::slice::from_ref(&path), &ctx);
    // The small file is read and indexed long before the next frame; Cancel comes then.
    std::thread::sleep(std::time::Duration::from_millis(500));
    h.state().loads.cancel(0);
    h.run_steps(2);
    assert!(h.state().loads.is_empty());
    assert_eq!(
        h.state().data.layers.len(),
        layers,
        "a cancelled file was added"
    );
    assert!(
        h.state()
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("Cancelled")),
        "{:?}",
        h.state().notice
    );
}

#[test]
fn a_big_file_loads_in_the_background_and_can_be_cancelled() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = big_file(dir.path(), 200_000);
    let mut h = app_harness();
    let layers = h.state().data.layers.len();

    // Cancel: nothing is added, and the planner is told.
    let ctx = h.ctx.clone();
    h.state_mut()
        .open_in_background(std::slice::from_ref(&path), &ctx);
    h.run_steps(1);
    h.get_by_label_contains("Loading big.geojson");
    h.get_by_label("Cancel").click();
    let stopped = step_until(&mut h, 1000, |h| h.state().loads.is_empty());
    assert!(stopped.is_some(), "the load did not stop");
    assert_eq!(h.state().data.layers.len(), layers);
    assert!(
        h.state()
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("Cancelled"))
    );

    // Without Cancel it arrives, and the window kept running meanwhile.
    h.state_mut().open_in_background(&[path], &ctx);
    let frames = step_until(&mut h, 3000, |h| h.state().loads.is_empty()).unwrap_or(0);
    assert_eq!(h.state().data.layers.len(), layers + 1);
    assert_eq!(
        h.state().data.layers.last().map(|l| l.layer.features.len()),
        Some(200_000)
    );
    assert!(frames > 1, "the load blocked the window");
}

#[test]
fn a_file_changed_on_disk_is_reloaded_and_a_broken_version_keeps_the_old_one() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("live.geojson");
    let one = |name: &str| {
        format!(
            "{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"id\":\"x\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[60,45]}},\"properties\":{{\"name\":\"{name}\"}}}}]}}"
        )
    };
    std::fs::write(&path, one("first")).expect("write");
    let mut h = app_harness();
    let ctx = h.ctx.clone();
    h.state_mut()
        .open_in_background(std::slice::from_ref(&path), &ctx);
    let wait = |h: &mut Harness<'_, CorridorApp>, until: &dyn Fn(&CorridorApp) -> bool| {
        step_until(h, 1200, |h| until(h.state())).is_some()
    };
    let name_of_x = |app: &CorridorApp| {
        app.data
            .find("x")
            .and_then(|r| app.data.get(r))
            .map(|f| f.name.clone())
    };
    assert!(wait(&mut h, &|a| name_of_x(a).as_deref() == Some("first")));

    // Let the window go idle: no frame asked for.
    let idle = step_until(&mut h, 400, |h| !h.ctx.has_requested_repaint());
    assert!(idle.is_some(), "the window never went idle");
    std::fs::write(&path, one("second")).expect("write");
    // The change alone wakes the idle window (no mouse move needed).
    let woke = (0..300).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.ctx.has_requested_repaint()
    });
    assert!(woke, "a change on disk did not wake the idle window");
    assert!(
        wait(&mut h, &|a| name_of_x(a).as_deref() == Some("second")),
        "not reloaded"
    );

    std::fs::write(&path, "{ broken").expect("write");
    assert!(wait(&mut h, &|a| !a.problems.is_empty()), "no error shown");
    assert_eq!(name_of_x(h.state()).as_deref(), Some("second"));
    h.run_steps(1);
    h.get_by_label_contains("live.geojson:1:");
}

#[test]
fn a_click_on_overlapping_symbols_offers_the_others_in_the_details_panel() {
    let mut h = app_harness();
    // At the opening zoom the Aktau port and the Aktau Seaport SEZ (4 km apart) overlap.
    let port = find(&h, |f| f.id == "aktau_port");
    let sez = find(&h, |f| f.id == "aktau_seaport_sez");
    let pos = screen_pos(&h, port);
    assert!((screen_pos(&h, sez) - pos).length() < 8.0);
    click_at(&mut h, pos);
    let first = h.state().selected.expect("selected");
    let other = if first == port { sez } else { port };
    let other_name = h.state().data.get(other).expect("f").name.clone();
    h.get_by_label("Also here:");
    h.get_by_label(&other_name).click();
    h.run_steps(2);
    assert_eq!(h.state().selected, Some(other));
    // ...and the first one is offered in turn.
    let first_name = h.state().data.get(first).expect("f").name.clone();
    h.get_by_label(&first_name);
}

#[test]
fn the_view_and_bookmarks_are_restored_from_the_settings_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let settings = dir.path().join("settings.json");
    let mut h = app_with_settings(&settings);
    h.get_by_label("+").click();
    h.run_steps(2);
    let zoom = h.state().memory.zoom();
    h.get_by_label("Bookmark view").click();
    h.run_steps(2);
    h.state_mut().save_settings();
    drop(h);

    let h = app_with_settings(&settings);
    assert!((h.state().memory.zoom() - zoom).abs() < 1e-6);
    h.get_by_label("View 1");
}

#[test]
fn file_export_png_opens_the_export_window_and_exports_the_view() {
    let mut h = app_harness();
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label_contains("Export PNG…").click();
    h.run_steps(2);
    assert!(h.state().export.open, "the export window did not open");
    h.run_steps(3);
    // The window offers sizes and detail.
    h.get_by_label("Export…");
    h.get_by_label("2×").click();
    h.run_steps(1);
    assert_eq!(h.state().export.options.scale, 2.0);
    h.get_by_label("1×").click();
    h.run_steps(1);
    // The file dialog cannot run here; export to a path as the dialog would.
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("view.png");
    let ctx = h.ctx.clone();
    h.state_mut().export_to(out.clone(), &ctx);
    // The export runs in the background: the window keeps drawing frames meanwhile.
    let frames = step_until(&mut h, 3000, |h| !h.state().exporter.is_running());
    let frames = frames.expect("the export did not finish");
    assert!(frames > 1, "the export blocked the window");
    h.run_steps(1);
    let img = image::open(&out).expect("png").to_rgba8();
    assert_eq!((img.width(), img.height()), (1920, 1080));
    // Said in the dialog and in the status bar (the dialog may have been closed meanwhile).
    assert_eq!(h.get_all_by_label_contains("Saved 1920×1080").count(), 2);
    assert_eq!(
        h.state().export.options.bbox,
        None,
        "the dialog's options are not changed"
    );
}

#[test]
fn an_export_waiting_for_tiles_can_be_cancelled_from_the_window_and_writes_nothing() {
    // A tile server that takes a minute per tile: the export waits for it, up to its limit.
    let (url, _) = common::slow_tile_server(std::time::Duration::from_secs(60));
    let mut h = app_harness();
    h.state_mut().state.tiles = true;
    h.state_mut().export.options.tile_server =
        corridor_atlas::map::TileServer::xyz(&url).expect("url");
    h.state_mut().export.open = true;
    h.run_steps(2);
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("never.png");
    let ctx = h.ctx.clone();
    h.state_mut().export_to(out.clone(), &ctx);
    // The window goes on while the export waits, and shows how far it is.
    let waiting = step_until(&mut h, 2000, |h| {
        h.query_all_by_label_contains("Waiting for tiles").count() > 0
    });
    assert!(waiting.is_some(), "no progress shown");
    // In the dialog and in the status bar.
    assert_eq!(h.get_all_by_label_contains("Waiting for tiles").count(), 2);
    h.get_by_label("Cancel export").click();
    let stopped = step_until(&mut h, 2000, |h| !h.state().exporter.is_running());
    assert!(stopped.is_some(), "the export did not stop");
    h.run_steps(1);
    assert_eq!(
        h.get_all_by_label_contains("the export was cancelled")
            .count(),
        2
    );
    assert!(!out.exists(), "a cancelled export wrote its file");
    // The next export works after a cancelled one (with the same renderer).
    h.state_mut().state.tiles = false;
    h.state_mut().export_to(out.clone(), &ctx);
    step_until(&mut h, 3000, |h| !h.state().exporter.is_running());
    assert!(
        out.exists(),
        "the export after a cancelled one wrote nothing"
    );
}

#[test]
fn ctrl_e_opens_the_export_window_from_the_map() {
    let mut h = app_harness();
    assert!(!h.state().export.open);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run_steps(3);
    assert!(
        h.state().export.open,
        "Ctrl+E did not open the export window"
    );
    h.get_by_label("Export…");
}

/// A file dropped on the window, as the platform layer hands it to egui.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_geojson_file_on_the_window_adds_a_layer() {
    let mut h = app_harness();
    let layers = h.state().data.layers.len();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(fixture("small_rail.geojson"))));
    step_until(&mut h, 600, |h| h.state().data.layers.len() > layers);
    assert_eq!(h.state().data.layers.len(), layers + 1);
    h.run_steps(1);
    h.get_by_label("Test rail (2)");
}

#[test]
fn a_crowded_layer_is_drawn_in_the_window_from_gpu_memory_and_follows_the_hover() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = big_file(dir.path(), 20_000);
    // The window's own renderer: wgpu, as eframe gives the app.
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .wgpu()
        .build_eframe(|cc| {
            CorridorApp::new(
                cc,
                StartOptions {
                    fresh: true,
                    data: vec![path.clone()],
                    ..Default::default()
                },
            )
        });
    step_until(&mut h, 2000, |h| h.state().loads.is_empty());
    h.run_steps(3);
    let layer = h.state().data.layers.len() - 1;
    assert_eq!(h.state().data.layers[layer].layer.features.len(), 20_000);
    let colour =
        corridor_atlas::style::point_style(&h.state().data.layers[layer].layer.features[0].kind).0;
    let img = h.render().expect("renders");
    let shows = |img: &image::RgbaImage, p: Pos2| {
        let (x, y) = (p.x.round() as u32, p.y.round() as u32);
        let px = img.get_pixel(x, y).0;
        (0..3)
            .map(|k| (px[k] as i32 - colour[k] as i32).abs())
            .sum::<i32>()
            < 40
    };
    // Points along the rows of the file, away from the corridor's own symbols.
    let sample: Vec<FeatureRef> = (0..20)
        .map(|k| FeatureRef {
            layer,
            feature: 19_000 + k * 37,
        })
        .collect();
    let drawn = sample
        .iter()
        .filter(|r| shows(&img, screen_pos(&h, **r)))
        .count();
    assert!(
        drawn >= 16,
        "only {drawn} of 20 points of the crowded layer drawn"
    );

    // Hovering one of them highlights it over the cached frame, and shows its tooltip.
    let p = screen_pos(&h, sample[0]);
    h.hover_at(p);
    for _ in 0..40 {
        h.step();
    }
    let hovered = h.state().hovered.expect("something under the pointer");
    assert_eq!(hovered.layer, layer);
    let name = h.state().data.get(hovered).expect("feature").name.clone();
    h.get_by_label_contains(&name);
    let q = screen_pos(&h, hovered);
    let img = h.render().expect("renders");
    // Between the symbol (radius 4.5) and the halo's edge (9.5), clear of its anti-aliased rim
    // (where a place name underneath shows through).
    let white_ring = [vec2(0.0, -7.0), vec2(0.0, 7.0)]
        .iter()
        .filter(|d| {
            let px = img.get_pixel((q.x + d.x) as u32, (q.y + d.y) as u32).0;
            px[0] > 200 && px[1] > 200 && px[2] > 200
        })
        .count();
    assert_eq!(white_ring, 2, "no halo around the hovered point");
}

#[test]
fn the_basemap_layers_switch_off_from_the_layers_panel_and_stay_off() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("settings.json");
    let mut h = app_with_settings(&path);
    assert!(h.state().state.hidden_basemap.is_empty());
    h.get_by_label("Town (GeoNames)");
    h.get_by_label("Rivers").click();
    h.run_steps(2);
    h.get_by_label("Places").click();
    h.run_steps(2);
    assert_eq!(h.state().state.hidden_basemap, ["rivers", "places"]);
    // The legend lists only what is drawn.
    assert!(h.query_by_label("Town (GeoNames)").is_none());
    assert!(h.query_by_label("River").is_none());
    h.get_by_label("Rivers").click();
    h.run_steps(2);
    assert_eq!(h.state().state.hidden_basemap, ["places"]);
    h.state_mut().save_settings();
    drop(h);
    let h = app_with_settings(&path);
    assert_eq!(h.state().state.hidden_basemap, ["places"]);
}

#[test]
fn the_details_panel_shows_names_in_their_own_scripts_and_how_exact_the_position_is() {
    let mut h = app_harness();
    for (id, language, name) in [
        (
            "baku_port_alat",
            "Local",
            "Bakı Beynəlxalq Dəniz Ticarət Limanı",
        ),
        ("tbilisi", "Georgian", "თბილისი"),
        ("urumqi", "Chinese", "乌鲁木齐"),
    ] {
        let r = find(&h, |f| f.id == id);
        h.state_mut().selected = Some(r);
        h.run_steps(2);
        h.get_by_label("Names");
        h.get_by_label(language);
        h.get_by_label(name);
        h.get_by_label_contains("Precision: ");
    }
    // The port's status names its source.
    let baku = find(&h, |f| f.id == "baku_port_alat");
    h.state_mut().selected = Some(baku);
    h.run_steps(2);
    h.get_by_label("Status: Operational");
    h.get_by_label_contains("Source: Trend News Agency, 2021-07-01");
}

#[test]
fn a_shapefile_is_reloaded_when_only_its_dbf_changes() {
    let dir = tempfile::tempdir().expect("tmp");
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        std::fs::copy(
            fixture(&format!("formats/shp/points_pulkovo.{ext}")),
            dir.path().join(format!("pts.{ext}")),
        )
        .expect("copy");
    }
    let path = dir.path().join("pts.shp");
    let mut h = app_harness();
    let ctx = h.ctx.clone();
    h.state_mut()
        .open_in_background(std::slice::from_ref(&path), &ctx);
    // The file's own Almaty (the built-in nodes have one too).
    let name_of = |app: &CorridorApp| {
        let l = app.data.layers.iter().find(|m| m.layer.name == "pts")?;
        let i = l.layer.position("almaty")?;
        Some(l.layer.features[i].name.clone())
    };
    assert!(
        step_until(&mut h, 1200, |h| name_of(h.state()).as_deref()
            == Some("Almaty"))
        .is_some()
    );
    // An attribute edited (as QGIS's table editor saves it: the .dbf alone), once the window
    // has gone idle.
    assert!(step_until(&mut h, 400, |h| !h.ctx.has_requested_repaint()).is_some());
    let dbf = dir.path().join("pts.dbf");
    let bytes = std::fs::read(&dbf).expect("dbf");
    let at = bytes
        .windows(6)
        .position(|w| w == b"Almaty")
        .expect("the name in the dbf");
    let mut edited = bytes.clone();
    edited[at..at + 6].copy_from_slice(b"Alma-A");
    std::fs::write(&dbf, edited).expect("write");
    assert!(
        step_until(&mut h, 1200, |h| name_of(h.state()).as_deref()
            == Some("Alma-A"))
        .is_some(),
        "not reloaded after the .dbf changed: {:?}, problems {:?}, notice {:?}",
        name_of(h.state()),
        h.state().problems.lines().collect::<Vec<_>>(),
        h.state().notice
    );
}
