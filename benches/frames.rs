//! Whole frames through wgpu, as the window draws them: egui pass, tessellation, upload, the
//! GPU drawing (crowded views from GPU memory, see `corridor_atlas::map::gpu`) into a texture the
//! size of the window, until the GPU has finished. Numbers for the notes, not pass/fail.
//!
//! `CORRIDOR_BENCH_DATA=/tmp/bench/data cargo bench --bench frames [-- L]`
//! Adapter: the GPU when there is one (set `CORRIDOR_BENCH_CPU=1` for Mesa's llvmpipe/lavapipe).

use corridor_atlas::load;
use corridor_atlas::map::{self, Basemap, Furniture, MapCache, MapData, Scene, Viewport, gpu};
use eframe::egui_wgpu::{self, wgpu};
use egui::{Rect, pos2, vec2};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn setup(cpu: bool) -> egui_wgpu::WgpuSetup {
    let mut setup = egui_wgpu::WgpuSetupCreateNew::without_display_handle();
    setup.native_adapter_selector = Some(Arc::new(move |adapters, _surface| {
        let mut a: Vec<_> = adapters.iter().collect();
        a.sort_by_key(|a| {
            let t = a.get_info().device_type;
            match (cpu, t) {
                (true, wgpu::DeviceType::Cpu) | (false, wgpu::DeviceType::DiscreteGpu) => 0,
                (false, wgpu::DeviceType::IntegratedGpu) => 1,
                _ => 2,
            }
        });
        a.first()
            .map(|a| (*a).clone())
            .ok_or_else(|| "no adapter".to_owned())
    }));
    egui_wgpu::WgpuSetup::CreateNew(setup)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A window's frame loop without the window: an egui pass drawing the map, then egui_wgpu
/// renders it into a texture the size of the window and the GPU is waited for.
struct Frames {
    rs: egui_wgpu::RenderState,
    ctx: egui::Context,
    target: wgpu::TextureView,
    screen: egui_wgpu::ScreenDescriptor,
}

impl Frames {
    fn new(rs: egui_wgpu::RenderState, rect: Rect) -> Self {
        let texture = rs.device.create_texture(&wgpu::TextureDescriptor {
            label: Some("frame"),
            size: wgpu::Extent3d {
                width: rect.width() as u32,
                height: rect.height() as u32,
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: rs.target_format,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
            view_formats: &[],
        });
        Self {
            target: texture.create_view(&Default::default()),
            rs,
            ctx: egui::Context::default(),
            screen: egui_wgpu::ScreenDescriptor {
                size_in_pixels: [rect.width() as u32, rect.height() as u32],
                pixels_per_point: 1.0,
            },
        }
    }

    /// One frame, in ms: from the start of the egui pass to the GPU having finished.
    fn frame(&mut self, vp: &Viewport, draw: impl FnMut(&egui::Ui)) -> f64 {
        let mut draw = draw;
        let t = Instant::now();
        let input = egui::RawInput {
            screen_rect: Some(vp.rect),
            ..Default::default()
        };
        let out = self.ctx.run_ui(input, |ui| draw(ui));
        let prims = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        let (device, queue) = (&self.rs.device, &self.rs.queue);
        let mut renderer = self.rs.renderer.write();
        for (id, deltas) in &out.textures_delta.set {
            for delta in deltas {
                renderer.update_texture(device, queue, *id, delta);
            }
        }
        let mut encoder = device.create_command_encoder(&Default::default());
        let user = renderer.update_buffers(device, queue, &mut encoder, &prims, &self.screen);
        {
            let mut pass = encoder
                .begin_render_pass(&wgpu::RenderPassDescriptor {
                    label: Some("frame"),
                    color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                        view: &self.target,
                        resolve_target: None,
                        ops: wgpu::Operations {
                            load: wgpu::LoadOp::Clear(wgpu::Color::WHITE),
                            store: wgpu::StoreOp::Store,
                        },
                        depth_slice: None,
                    })],
                    ..Default::default()
                })
                .forget_lifetime();
            renderer.render(&mut pass, &prims, &self.screen);
        }
        queue.submit(user.into_iter().chain(std::iter::once(encoder.finish())));
        let _ = device.poll(wgpu::PollType::Wait {
            submission_index: None,
            timeout: Some(std::time::Duration::from_secs(30)),
        });
        for id in &out.textures_delta.free {
            renderer.free_texture(id);
        }
        t.elapsed().as_secs_f64() * 1000.0
    }
}

fn bench(name: &str, data: MapData, cpu: bool) {
    let options = egui_wgpu::RendererOptions::PREDICTABLE;
    let rs = egui_kittest::wgpu::create_render_state(setup(cpu), options);
    let adapter = rs.adapter.get_info();
    gpu::register(&rs, options.msaa_samples);
    let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(1600.0, 1000.0));
    let bbox = data
        .bbox()
        .map(|b| [b.min().x, b.min().y, b.max().x, b.max().y])
        .unwrap_or(map::CORRIDOR_BBOX);
    let full = Viewport::fit(rect, bbox, 10.0);
    let basemap = Basemap::embedded();
    let mut frames = Frames::new(rs, rect);
    let mut row = Vec::new();
    let scene = Scene {
        data: &data,
        basemap: &basemap,
        selected: None,
        labels: true,
        basemap_layers: Default::default(),
        tiles: None,
        gpu: true,
        interactive: true,
        focused: None,
        furniture: Furniture::Window,
    };
    for (what, zoom) in [("full extent", 0.0), ("zoomed +3", 3.0)] {
        let mut times = Vec::new();
        let mut cache = MapCache::default();
        for i in 0..30 {
            // Dragging the map a little every frame.
            let mut vp = full;
            vp.set_zoom(full.zoom + zoom);
            vp.center[0] += (i as f64) * 3.0 / vp.scale();
            times.push(frames.frame(&vp, |ui| {
                map::draw_scene(ui, &vp, &scene, None, &mut cache);
            }));
        }
        row.push(format!(
            "{what}: first {:.1} ms, panning median {:.2} ms",
            times[0],
            median(times[3..].to_vec())
        ));
    }
    println!(
        "{name:>8} | {} ({:?}) | whole frame, GPU finished | {}",
        adapter.name,
        adapter.device_type,
        row.join(" | ")
    );
}

fn main() {
    let cpu = std::env::var_os("CORRIDOR_BENCH_CPU").is_some();
    let (layers, _) = load::embedded_layers();
    bench("built-in", MapData::from_layers(layers), cpu);
    let Some(dir) = std::env::var_os("CORRIDOR_BENCH_DATA").map(PathBuf::from) else {
        println!("(set CORRIDOR_BENCH_DATA for S/M/L)");
        return;
    };
    let scales: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| ["S", "M", "L"].contains(&a.as_str()))
        .collect();
    for scale in if scales.is_empty() {
        vec!["M".to_string(), "L".to_string()]
    } else {
        scales
    } {
        let path = dir.join(format!("corridor_{scale}.geojson"));
        match load::load_file(&path) {
            Ok(layer) => bench(&scale, MapData::from_layers([layer]), cpu),
            Err(e) => println!("{scale}: {e}"),
        }
    }
}
