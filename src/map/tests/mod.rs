//! Drawing tests and what they share. Frames are timed by egui's input time, so nothing here
//! sleeps.

mod cache;
mod scene;

use super::draw::{DrawOptions, layer_shapes};
use super::*;
use crate::model::Origin;
use egui::{Pos2, Shape};

pub(super) fn parse(text: &str) -> crate::model::Layer {
    crate::load::parse_layer(text, "t", Origin::Embedded("t".into())).expect("loads")
}

/// The shapes `layer_shapes` makes for one frame of `vp` (run in a throwaway context).
pub(super) fn shapes_of(
    vp: &Viewport,
    data: &MapData,
    cache: &mut MapCache,
    opts: &DrawOptions,
) -> Vec<Shape> {
    let ctx = egui::Context::default();
    let mut shapes = Vec::new();
    let mut out = ctx.run_ui(Default::default(), |ui| {
        shapes = layer_shapes(ui.painter(), vp, data, opts, &mut vec![], cache);
    });
    // The font atlas upload is not ours to apply here.
    out.textures_delta.clear();
    shapes
}

/// Vertices of every mesh a frame paints inside the view (`draw`: the layers, or the scene).
pub(super) fn frame_vertices(
    vp: Viewport,
    mut draw: impl FnMut(&egui::Ui, &Viewport),
) -> Vec<Pos2> {
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

pub(super) fn layer_vertices(data: &MapData, cache: &mut MapCache, vp: Viewport) -> Vec<Pos2> {
    frame_vertices(vp, |ui, vp| {
        let shapes = layer_shapes(
            ui.painter(),
            vp,
            data,
            &DrawOptions::default(),
            &mut vec![],
            cache,
        );
        ui.painter().extend(shapes);
    })
}

/// `n` points on a grid around (60, 41).
pub(super) fn crowded(n: usize) -> MapData {
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

/// The basemap's vertices in view for a frame of `vp`, as the window draws it (`interactive`)
/// or a briefing.
pub(super) fn basemap_vertices(
    basemap: &Basemap,
    cache: &mut MapCache,
    vp: Viewport,
    interactive: bool,
) -> Vec<Pos2> {
    frame_vertices(vp, |ui, vp| {
        let level = basemap.level(vp.zoom);
        let shapes = basemap::basemap_shapes(
            ui.painter(),
            vp,
            basemap,
            level,
            Default::default(),
            cache,
            None,
            interactive,
        );
        ui.painter().extend(shapes);
    })
}

/// Render frames through wgpu with the crowded-view pipeline, each frame `steps` egui steps
/// of 10 ms after the last, and return the last picture.
pub(super) fn rendered(data: &MapData, frames: &[(Viewport, usize)], opts: DrawOptions) -> Vec<u8> {
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
                let shapes = layer_shapes(ui.painter(), &vp, data, &opts, &mut vec![], cache);
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

pub(super) fn gpu(on: bool) -> DrawOptions {
    DrawOptions {
        gpu: on,
        ..Default::default()
    }
}
