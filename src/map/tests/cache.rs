//! What drawing keeps between frames: crowded frames, the basemap, GPU meshes — reused as the
//! view moves and drawn the same as when built afresh.

use super::*;
use crate::map::basemap::FINE_ZOOM;
use crate::map::draw::{DrawOptions, decimate_by, layer_shapes};
use crate::map::*;
use crate::model::Kind;
use crate::style;
use egui::{Pos2, Rect, vec2};

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

#[test]
fn the_basemap_is_built_once_for_a_view_and_moved_while_it_pans() {
    let basemap = Basemap::embedded();
    let rect = Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0));
    let vp0 = Viewport::new(rect, 52.0, 41.0, 5.0);
    let mut vp1 = vp0;
    vp1.center[0] += 61.0 / vp1.scale();
    vp1.center[1] += 17.0 / vp1.scale();

    let mut cache = MapCache::default();
    let _ = basemap_vertices(&basemap, &mut cache, vp0, true);
    assert_eq!(cache.basemap.builds(), 1);
    let panned = basemap_vertices(&basemap, &mut cache, vp1, true);
    assert_eq!(cache.basemap.builds(), 1, "a pan built the basemap again");
    let fresh = basemap_vertices(&basemap, &mut MapCache::default(), vp1, true);
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
    let _ = basemap_vertices(&basemap, &mut cache, vp2, true);
    assert_eq!(cache.basemap.builds(), 2);
    let mut vp3 = vp2;
    vp3.center[0] += 700.0 / vp3.scale();
    let _ = basemap_vertices(&basemap, &mut cache, vp3, true);
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
        interactive: true,
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
                let shapes = layer_shapes(
                    ui.painter(),
                    &vp,
                    &data,
                    &opts,
                    &mut vec![],
                    &mut caches[*at],
                );
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
fn a_briefing_builds_the_basemap_for_its_view_only_and_open_sea_uploads_nothing() {
    let basemap = Basemap::embedded();
    let rect = Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0));
    let vp = Viewport::new(rect, 52.0, 41.0, 6.0);
    let mut window = MapCache::default();
    let mut briefing = MapCache::default();
    let seen_window = basemap_vertices(&basemap, &mut window, vp, true);
    let seen_briefing = basemap_vertices(&basemap, &mut briefing, vp, false);
    // The same picture in view...
    assert_eq!(seen_window.len(), seen_briefing.len());
    // ...from less work: no margin to pan into (whole countries are kept either way, so
    // measured: 61 %).
    let (w, b) = (window.basemap.vertices(), briefing.basemap.vertices());
    assert!(b * 10 < w * 8, "briefing {b} vertices, window {w}");

    // The middle of the Arabian Sea, inside the basemap's coverage: no land, no borders, and
    // no empty mesh handed to the GPU.
    let sea = Viewport::new(rect, 64.0, 14.0, 9.0);
    let ctx = egui::Context::default();
    let mut cache = MapCache::default();
    let mut out = ctx.run_ui(Default::default(), |ui| {
        let shapes = basemap::basemap_shapes(
            ui.painter(),
            &sea,
            &basemap,
            basemap.level(sea.zoom),
            Default::default(),
            &mut cache,
            Some(1),
            true,
        );
        assert!(
            !shapes.iter().any(|s| matches!(s, egui::Shape::Callback(_))),
            "an empty mesh was sent to the GPU"
        );
    });
    out.textures_delta.clear();
    assert_eq!(cache.basemap.vertices(), 0);
}
