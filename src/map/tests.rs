//! Drawing tests: crowded frames and the basemap reused as the view moves, and drawn the same
//! as when built afresh; the selection above a crowd. Frames are timed by egui's input time,
//! so nothing here sleeps.

use super::basemap::FINE_ZOOM;
use super::draw::{DrawOptions, decimate_by, layer_shapes};
use super::*;
use crate::model::{FeatureRef, Kind, Origin};
use crate::style;
use egui::{Pos2, Rect, Shape, pos2, vec2};

fn parse(text: &str) -> crate::model::Layer {
    crate::load::parse_layer(text, "t", Origin::Embedded("t".into())).expect("loads")
}

/// The shapes `layer_shapes` makes for one frame of `vp` (run in a throwaway context).
fn shapes_of(
    vp: &Viewport,
    data: &MapData,
    cache: &mut MapCache,
    opts: &DrawOptions,
) -> Vec<Shape> {
    let ctx = egui::Context::default();
    let mut shapes = Vec::new();
    let mut out = ctx.run_ui(Default::default(), |ui| {
        shapes = layer_shapes(ui.painter(), vp, data, opts, &[], cache);
    });
    // The font atlas upload is not ours to apply here.
    out.textures_delta.clear();
    shapes
}

/// Vertices of every mesh a frame paints inside the view (`draw`: the layers, or the scene).
fn frame_vertices(vp: Viewport, mut draw: impl FnMut(&egui::Ui, &Viewport)) -> Vec<Pos2> {
    let ctx = egui::Context::default();
    let mut out = ctx.run_ui(
        egui::RawInput {
            screen_rect: Some(vp.rect),
            ..Default::default()
        },
        |ui| draw(ui, &vp),
    );
    out.textures_delta.clear();
    let mut v = Vec::new();
    for cs in ctx.tessellate(out.shapes, 1.0) {
        if let egui::epaint::Primitive::Mesh(m) = cs.primitive {
            v.extend(
                m.vertices
                    .iter()
                    .map(|x| x.pos)
                    .filter(|p| vp.rect.shrink(30.0).contains(*p)),
            );
        }
    }
    v
}

fn layer_vertices(data: &MapData, cache: &mut MapCache, vp: Viewport) -> Vec<Pos2> {
    frame_vertices(vp, |ui, vp| {
        let shapes = layer_shapes(ui.painter(), vp, data, &DrawOptions::default(), &[], cache);
        ui.painter().extend(shapes);
    })
}

/// `n` points on a grid around (60, 41).
fn crowded(n: usize) -> MapData {
    let mut text = String::from(r#"{"type":"FeatureCollection","features":["#);
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        let (x, y) = (
            50.0 + (i % 100) as f64 * 0.2,
            35.0 + (i / 100) as f64 * 0.15,
        );
        text.push_str(&format!(
            r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{x},{y}]}},"properties":{{}}}}"#
        ));
    }
    text.push_str("]}");
    MapData::from_layers([parse(&text)])
}

#[test]
fn in_a_crowded_frame_the_selection_is_drawn_above_the_crowd() {
    // 5,200 points, and a line across them.
    let mut data = crowded(5200);
    let line = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[52,36],[68,42]]}}]}"#;
    data.layers.push(MapLayer::new(parse(line)));
    let vp = Viewport::new(
        Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0)),
        60.0,
        39.0,
        4.5,
    );
    let opts = DrawOptions {
        selected: Some(FeatureRef {
            layer: 1,
            feature: 0,
        }),
        ..Default::default()
    };
    let shapes = shapes_of(&vp, &data, &mut MapCache::default(), &opts);
    let last_crowd = shapes
        .iter()
        .rposition(|s| matches!(s, Shape::Mesh(m) if m.vertices.len() > 1000))
        .expect("a crowded mesh");
    let halo = shapes
        .iter()
        .position(|s| matches!(s, Shape::Path(p) if p.stroke.color == egui::epaint::ColorMode::Solid(style::HIGHLIGHT)))
        .expect("the selected line's halo");
    assert!(
        halo > last_crowd,
        "halo at {halo}, crowd up to {last_crowd}"
    );
}

#[test]
fn a_few_very_detailed_lines_are_drawn_as_a_cached_crowded_frame() {
    // Four lines of 40,000 vertices each: few features, but 160,000 vertices to tessellate,
    // so the frame is built once and then reused, not rebuilt every frame.
    let mut features = Vec::new();
    for k in 0..4 {
        let coords: Vec<String> = (0..40_000)
            .map(|i| {
                let x = 50.0 + i as f64 * 0.0005;
                format!("[{x:.5},{:.5}]", 38.0 + k as f64 + (i % 2) as f64 * 0.01)
            })
            .collect();
        features.push(format!(
            r#"{{"type":"Feature","properties":{{"mode":"rail"}},"geometry":{{"type":"LineString","coordinates":[{}]}}}}"#,
            coords.join(",")
        ));
    }
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    let data = MapData::from_layers([parse(&text)]);
    assert_eq!(data.layers[0].prepared.vertices, vec![40_000; 4]);
    let vp = Viewport::new(
        Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0)),
        60.0,
        40.0,
        4.5,
    );
    let mut cache = MapCache::default();
    let _ = shapes_of(&vp, &data, &mut cache, &DrawOptions::default());
    assert!(
        cache.crowded.holds_a_frame(),
        "the detailed view was not cached"
    );
    // A view of the few points of `crowded(50)` is not crowded: nothing is kept for it.
    let mut small = MapCache::default();
    let _ = shapes_of(&vp, &crowded(50), &mut small, &DrawOptions::default());
    assert!(!small.crowded.holds_a_frame());
}

#[test]
fn a_crowded_frame_panned_from_the_cache_matches_a_fresh_one() {
    let data = crowded(5200);
    let rect = Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0));
    let vp0 = Viewport::new(rect, 60.0, 41.0, 5.5);
    let mut vp1 = vp0;
    vp1.center[0] += 37.0 / vp1.scale();
    vp1.center[1] -= 21.0 / vp1.scale();

    let mut cache = MapCache::default();
    let _ = layer_vertices(&data, &mut cache, vp0);
    let panned = layer_vertices(&data, &mut cache, vp1);
    let fresh = layer_vertices(&data, &mut MapCache::default(), vp1);
    assert!(!fresh.is_empty());
    for p in &fresh {
        assert!(
            panned.iter().any(|q| (*q - *p).length() < 0.01),
            "vertex {p:?} of the fresh frame is missing from the panned one"
        );
    }
}

fn basemap_vertices(basemap: &Basemap, cache: &mut MapCache, vp: Viewport) -> Vec<Pos2> {
    frame_vertices(vp, |ui, vp| {
        let level = basemap.level(vp.zoom);
        ui.painter().extend(basemap::basemap_shapes(
            ui.painter(),
            vp,
            level,
            cache,
            None,
            false,
        ));
    })
}

#[test]
fn the_basemap_is_built_once_for_a_view_and_moved_while_it_pans() {
    let basemap = Basemap::embedded();
    let rect = Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0));
    let vp0 = Viewport::new(rect, 52.0, 41.0, 5.0);
    let mut vp1 = vp0;
    vp1.center[0] += 61.0 / vp1.scale();
    vp1.center[1] += 17.0 / vp1.scale();

    let mut cache = MapCache::default();
    let _ = basemap_vertices(&basemap, &mut cache, vp0);
    assert_eq!(cache.basemap.builds(), 1);
    let panned = basemap_vertices(&basemap, &mut cache, vp1);
    assert_eq!(cache.basemap.builds(), 1, "a pan built the basemap again");
    let fresh = basemap_vertices(&basemap, &mut MapCache::default(), vp1);
    assert!(fresh.len() > 1000, "{} vertices", fresh.len());
    let mut sorted = panned.clone();
    sorted.sort_by(|a, b| a.x.total_cmp(&b.x));
    let missing = fresh
        .iter()
        .filter(|p| {
            let from = sorted.partition_point(|q| q.x < p.x - 0.01);
            !sorted[from..]
                .iter()
                .take_while(|q| q.x <= p.x + 0.01)
                .any(|q| (*q - **p).length() < 0.01)
        })
        .count();
    assert_eq!(missing, 0, "{missing} of {} vertices differ", fresh.len());

    // A new zoom level (with no preview) is built anew; so is a pan past the margin.
    let mut vp2 = vp1;
    vp2.set_zoom(5.5);
    let _ = basemap_vertices(&basemap, &mut cache, vp2);
    assert_eq!(cache.basemap.builds(), 2);
    let mut vp3 = vp2;
    vp3.center[0] += 700.0 / vp3.scale();
    let _ = basemap_vertices(&basemap, &mut cache, vp3);
    assert_eq!(cache.basemap.builds(), 3);
}

#[test]
fn borders_are_simplified_to_the_screen() {
    let basemap = Basemap::embedded();
    let rect = Rect::from_min_size(Pos2::ZERO, vec2(1600.0, 900.0));
    // Where the 1:10m borders come in, they have several vertices per point of screen.
    let vp = Viewport::new(rect, 50.0, 41.0, FINE_ZOOM);
    let level = basemap.level(vp.zoom);
    assert!(
        std::ptr::eq(level, basemap.level(FINE_ZOOM + 1.0)),
        "not the 1:10m level"
    );
    let ring_vertices: usize = level
        .countries
        .iter()
        .flat_map(|c| &c.parts)
        .flat_map(|p| &p.rings)
        .map(|r| r.len())
        .sum();
    let kept: usize = level
        .countries
        .iter()
        .flat_map(|c| &c.parts)
        .flat_map(|p| &p.rings)
        .map(|r| decimate_by(&vp, r, 0.7).len())
        .sum();
    // Measured: 63 % kept (Natural Earth is not oversampled much; caching is the big win).
    assert!(
        kept * 10 < ring_vertices * 7,
        "{kept} of {ring_vertices} border vertices kept"
    );
    // And what is kept is at least the spacing apart (but for each ring's closing vertex).
    let ring = &level.countries[0].parts[0].rings[0];
    let pts = decimate_by(&vp, ring, 0.7);
    assert!(pts.len() >= 2);
    assert!(
        pts[..pts.len() - 1]
            .windows(2)
            .all(|w| (w[1] - w[0]).length() >= 0.7)
    );
}

/// Render frames through wgpu with the crowded-view pipeline, each frame `steps` egui steps
/// of 10 ms after the last, and return the last picture.
fn rendered(data: &MapData, frames: &[(Viewport, usize)], opts: DrawOptions) -> Vec<u8> {
    let options = eframe::egui_wgpu::RendererOptions::PREDICTABLE;
    let rs =
        egui_kittest::wgpu::create_render_state(egui_kittest::wgpu::default_wgpu_setup(), options);
    if opts.gpu {
        gpu::register(&rs, options.msaa_samples);
    }
    let mut harness = egui_kittest::Harness::builder()
        .with_size(frames[0].0.rect.size())
        .with_step_dt(0.01)
        .renderer(egui_kittest::wgpu::WgpuTestRenderer::from_render_state(rs))
        .build_ui_state(
            |ui, (at, cache): &mut (usize, MapCache)| {
                let vp = frames[(*at).min(frames.len() - 1)].0;
                let shapes = layer_shapes(ui.painter(), &vp, data, &opts, &[], cache);
                ui.painter().extend(shapes);
            },
            (0, MapCache::default()),
        );
    for (i, (_, steps)) in frames.iter().enumerate().skip(1) {
        harness.state_mut().0 = i;
        harness.run_steps(*steps);
    }
    harness.render().expect("renders").into_raw()
}

fn gpu(on: bool) -> DrawOptions {
    DrawOptions {
        gpu: on,
        ..Default::default()
    }
}

#[test]
fn while_zooming_the_crowded_frame_is_scaled_in_place_then_rebuilt() {
    // Four stacks of 1,301 ports: a crowded view with four symbols to find.
    let spots = [(58.0, 40.0), (62.0, 40.0), (58.0, 42.0), (62.0, 42.5)];
    let mut text = String::from(r#"{"type":"FeatureCollection","features":["#);
    for i in 0..5204 {
        let (x, y) = spots[i % 4];
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{x},{y}]}},"properties":{{"kind":"port"}}}}"#
        ));
    }
    text.push_str("]}");
    let data = MapData::from_layers([parse(&text)]);
    let rect = Rect::from_min_size(Pos2::ZERO, vec2(400.0, 300.0));
    let vp0 = Viewport::new(rect, 60.0, 41.0, 6.0);
    // Zooming in around a point off centre moves the centre too.
    let mut vp1 = Viewport::new(rect, 60.3, 41.2, 6.5);
    vp1.center[0] += 3.0 / vp1.scale();
    let preview_opts = DrawOptions {
        zoom_preview: true,
        ..gpu(true)
    };
    // One frame (10 ms) after the zoom: the old frame, scaled.
    let preview = rendered(&data, &[(vp0, 0), (vp1, 1)], preview_opts.clone());
    let fresh = rendered(&data, &[(vp1, 0)], gpu(true));
    // 300 ms of frames at the new zoom: past the rest time, built anew.
    let rested = rendered(&data, &[(vp0, 0), (vp1, 30)], preview_opts);

    let port = style::point_style(&Kind::Port).0;
    // (centre, pixel count) of the port-coloured pixels near each spot.
    let blobs = |img: &[u8]| -> Vec<(Pos2, usize)> {
        spots
            .iter()
            .map(|(lon, lat)| {
                let c = vp1.lonlat_to_screen(*lon, *lat);
                let (mut sum, mut n) = (vec2(0.0, 0.0), 0usize);
                for y in (c.y as i32 - 20)..(c.y as i32 + 20) {
                    for x in (c.x as i32 - 20)..(c.x as i32 + 20) {
                        if x < 0 || y < 0 || x >= 400 || y >= 300 {
                            continue;
                        }
                        let i = (y as usize * 400 + x as usize) * 4;
                        let d: i32 = (0..3)
                            .map(|k| (img[i + k] as i32 - port.to_array()[k] as i32).abs())
                            .sum();
                        if d < 30 {
                            sum += vec2(x as f32 + 0.5, y as f32 + 0.5);
                            n += 1;
                        }
                    }
                }
                (Pos2::ZERO + sum / n.max(1) as f32, n)
            })
            .collect()
    };
    let (p, f, r) = (blobs(&preview), blobs(&fresh), blobs(&rested));
    for i in 0..4 {
        assert!(f[i].1 > 20, "spot {i} not drawn: {f:?}");
        // In the right place while zooming...
        assert!(
            (p[i].0 - f[i].0).length() < 1.5,
            "spot {i}: preview {:?}, fresh {:?}",
            p[i],
            f[i]
        );
        // ...scaled from the old frame (1.41x: twice the area), not rebuilt...
        assert!(p[i].1 as f32 > f[i].1 as f32 * 1.5, "{p:?} vs {f:?}");
        // ...and rebuilt once the zoom has rested.
        assert!((r[i].1 as i32 - f[i].1 as i32).abs() <= 2, "{r:?} vs {f:?}");
    }
}

#[test]
fn a_crowded_frame_panned_in_gpu_memory_matches_a_fresh_one() {
    let data = crowded(5200);
    let rect = Rect::from_min_size(Pos2::ZERO, vec2(400.0, 300.0));
    let vp0 = Viewport::new(rect, 60.0, 39.0, 4.5);
    assert!(
        draw::visible_features(&data, &vp0.unit_bounds(), usize::MAX)[0]
            .1
            .len()
            > crowded::DENSE
    );
    let mut vp1 = vp0;
    vp1.center[0] += 37.0 / vp1.scale();
    vp1.center[1] -= 21.0 / vp1.scale();
    let panned = rendered(&data, &[(vp0, 0), (vp1, 1)], gpu(true));
    let fresh = rendered(&data, &[(vp1, 0)], gpu(false));
    let unpanned = rendered(&data, &[(vp0, 0)], gpu(false));
    let differ = |a: &[u8], b: &[u8]| {
        a.chunks(4)
            .zip(b.chunks(4))
            .filter(|(p, q)| (0..3).any(|k| (p[k] as i32 - q[k] as i32).abs() > 24))
            .count()
    };
    // The picture moved: the test would see a pan in the wrong direction.
    assert!(differ(&unpanned, &fresh) > 5000);
    assert!(
        differ(&panned, &fresh) < 200,
        "{} pixels differ",
        differ(&panned, &fresh)
    );
}

#[test]
fn the_scene_draws_the_basemap_under_the_layers_and_a_briefing_legend_of_what_shows() {
    let (layers, _) = crate::load::embedded_layers();
    let data = MapData::from_layers(layers);
    let basemap = Basemap::embedded();
    let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(900.0, 600.0));
    let vp = Viewport::fit(rect, [46.5, 38.5, 55.5, 45.5], 0.0);
    let scene = Scene {
        data: &data,
        basemap: &basemap,
        selected: None,
        labels: true,
        tiles: None,
        gpu: false,
        zoom_preview: false,
        furniture: Furniture::Briefing { unit: 1.0 },
    };
    let ctx = egui::Context::default();
    let mut legend = None;
    let mut out = ctx.run_ui(Default::default(), |ui| {
        legend = draw_scene(ui, &vp, &scene, None, &mut MapCache::default());
    });
    out.textures_delta.clear();
    let (rect, entries) = legend.expect("a briefing has a legend");
    assert!(rect.height() > 60.0);
    let labels: Vec<&str> = entries.iter().map(|e| e.label()).collect();
    for want in ["Port", "Rail", "Sea lane"] {
        assert!(labels.contains(&want), "{labels:?}");
    }
    // The basemap's water and land are painted, in the slot kept for them.
    let basemap_slot = out.shapes.iter().find_map(|c| match &c.shape {
        Shape::Vec(v) if matches!(v.first(), Some(Shape::Rect(r)) if r.fill == style::WATER) => {
            Some(v)
        }
        _ => None,
    });
    let land = basemap_slot
        .expect("the basemap")
        .iter()
        .filter(
            |s| matches!(s, Shape::Mesh(m) if m.vertices.iter().any(|v| v.color == style::LAND)),
        )
        .count();
    assert!(land >= 1);
}

#[test]
fn the_legend_is_made_with_each_layer_and_follows_what_is_shown() {
    let (layers, _) = crate::load::embedded_layers();
    let mut data = MapData::from_layers(layers);
    let labels = |d: &MapData| -> Vec<String> {
        d.legend()
            .entries()
            .iter()
            .map(|e| e.label().to_string())
            .collect()
    };
    let all = labels(&data);
    for want in ["Port", "Rail", "Sea lane", "Border crossing"] {
        assert!(all.iter().any(|l| l == want), "{all:?}");
    }
    // Each layer's part was made when it was prepared: the sections' layer lists the lines.
    let sections = data
        .position(&Origin::Embedded(
            "geodata/corridor/sections.geojson".into(),
        ))
        .expect("sections");
    assert!(data.layers[sections].prepared.legend.has_lines());
    data.layers[sections].visible = false;
    let without = labels(&data);
    assert!(!without.iter().any(|l| l == "Rail"), "{without:?}");
    assert!(without.iter().any(|l| l == "Port"), "{without:?}");
}

#[test]
fn labels_never_overlap_each_other_or_the_furniture() {
    // 400 named ports on a grid: far more names than fit.
    let mut text = String::from(r#"{"type":"FeatureCollection","features":["#);
    for i in 0..400 {
        if i > 0 {
            text.push(',');
        }
        let (x, y) = (55.0 + (i % 20) as f64 * 0.4, 38.0 + (i / 20) as f64 * 0.3);
        text.push_str(&format!(
            r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{x},{y}]}},"properties":{{"kind":"port","name":"Port number {i}"}}}}"#
        ));
    }
    text.push_str("]}");
    let data = MapData::from_layers([parse(&text)]);
    let vp = Viewport::fit(
        Rect::from_min_size(Pos2::ZERO, vec2(900.0, 600.0)),
        [55.0, 38.0, 63.0, 44.0],
        20.0,
    );
    let furniture = Rect::from_min_size(pos2(300.0, 200.0), vec2(200.0, 120.0));
    let opts = DrawOptions {
        labels: true,
        ..Default::default()
    };
    let ctx = egui::Context::default();
    let mut shapes = Vec::new();
    let mut out = ctx.run_ui(Default::default(), |ui| {
        shapes = layer_shapes(
            ui.painter(),
            &vp,
            &data,
            &opts,
            &[furniture],
            &mut MapCache::default(),
        );
    });
    out.textures_delta.clear();
    let texts: Vec<Rect> = shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text(t) => Some(t.visual_bounding_rect()),
            _ => None,
        })
        .collect();
    assert!(texts.len() > 20, "only {} labels placed", texts.len());
    assert!(
        texts.len() < 400,
        "every label placed: nothing was kept apart"
    );
    for (i, a) in texts.iter().enumerate() {
        assert!(!a.intersects(furniture), "label {i} over the furniture");
        for b in &texts[i + 1..] {
            assert!(!a.shrink(0.5).intersects(*b), "labels overlap: {a:?} {b:?}");
        }
    }
}

#[test]
fn a_new_cache_drawing_through_the_same_renderer_never_gets_an_old_cache_s_meshes() {
    // Two crowded views, drawn one after the other through one renderer, each by a cache of
    // its own (as two exports are): the second must show its own view.
    let data = crowded(5200);
    let rect = Rect::from_min_size(Pos2::ZERO, vec2(400.0, 300.0));
    let vp0 = Viewport::new(rect, 60.0, 39.0, 4.5);
    let vp1 = Viewport::new(rect, 60.3, 39.4, 4.62);
    for vp in [vp0, vp1] {
        let seen = draw::visible_features(&data, &vp.unit_bounds(), usize::MAX);
        assert!(seen[0].1.len() > crowded::DENSE, "not a crowded view");
    }
    let options = eframe::egui_wgpu::RendererOptions::PREDICTABLE;
    let rs =
        egui_kittest::wgpu::create_render_state(egui_kittest::wgpu::default_wgpu_setup(), options);
    gpu::register(&rs, options.msaa_samples);
    let opts = gpu(true);
    let mut harness = egui_kittest::Harness::builder()
        .with_size(rect.size())
        .renderer(egui_kittest::wgpu::WgpuTestRenderer::from_render_state(rs))
        .build_ui_state(
            |ui, (at, caches): &mut (usize, [MapCache; 2])| {
                let vp = [vp0, vp1][*at];
                let shapes = layer_shapes(ui.painter(), &vp, &data, &opts, &[], &mut caches[*at]);
                ui.painter().extend(shapes);
            },
            (0, [MapCache::default(), MapCache::default()]),
        );
    harness.run_steps(1);
    let first = harness.render().expect("renders").into_raw();
    harness.state_mut().0 = 1;
    harness.run_steps(1);
    let second = harness.render().expect("renders").into_raw();
    let fresh = rendered(&data, &[(vp1, 0)], gpu(false));
    let differ = |a: &[u8], b: &[u8]| {
        a.chunks(4)
            .zip(b.chunks(4))
            .filter(|(p, q)| (0..3).any(|k| (p[k] as i32 - q[k] as i32).abs() > 24))
            .count()
    };
    let apart = differ(&first, &fresh);
    assert!(apart > 2000, "the two views look alike: {apart}");
    let d = differ(&second, &fresh);
    assert!(d < 200, "{d} pixels differ from the view drawn afresh");
}

#[test]
fn country_names_keep_clear_of_the_furniture() {
    let basemap = Basemap::embedded();
    let rect = Rect::from_min_size(Pos2::ZERO, vec2(900.0, 600.0));
    let vp = Viewport::fit(rect, [40.0, 36.0, 60.0, 48.0], 0.0);
    let level = basemap.level(vp.zoom);
    let ctx = egui::Context::default();
    let mut out = ctx.run_ui(Default::default(), |ui| {
        let (free, placed) = labels::country_labels(ui.painter(), &vp, level, &[]);
        assert!(free.len() >= 3, "{} names", free.len());
        // A legend over the left half: no name there any more, the others stay.
        let legend = Rect::from_min_max(rect.min, pos2(450.0, 600.0));
        let (_, beside) = labels::country_labels(ui.painter(), &vp, level, &[legend]);
        assert!(beside.iter().all(|r| !r.intersects(legend)), "{beside:?}");
        let left = placed.iter().filter(|r| r.intersects(legend)).count();
        assert!(left > 0, "no name on the left to begin with");
        assert_eq!(beside.len(), placed.len() - left, "{placed:?} / {beside:?}");
    });
    out.textures_delta.clear();
}
