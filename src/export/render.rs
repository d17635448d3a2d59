//! Offscreen rendering through wgpu: egui's output drawn into a texture and read back as an
//! image, with the crowded-view pipeline registered as in the window. One [`Renderer`] is
//! made once and serves every export that follows.

use super::ExportError;
use crate::map::gpu;
use eframe::egui_wgpu::{self, RenderState, wgpu};
use image::RgbaImage;
use std::sync::Arc;
use std::time::Duration;

/// Longest wait for the GPU (a software rasterizer drawing a 8192-pixel page takes seconds).
const GPU_TIMEOUT: Duration = Duration::from_secs(60);

/// The texture format drawn into: what egui_wgpu picks when there is no window surface.
const FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;

/// An offscreen egui renderer on a wgpu device.
pub struct Renderer {
    state: RenderState,
    /// The textures the export being drawn has set (its fonts, its tiles).
    textures: std::collections::HashSet<egui::TextureId>,
}

impl Renderer {
    /// A renderer on a device of its own. Like egui_kittest, it prefers a CPU rasterizer
    /// where there is one (Mesa's llvmpipe), so a briefing is drawn the same on every machine
    /// and needs no GPU; it takes a GPU otherwise.
    pub fn new() -> Result<Self, ExportError> {
        let mut setup = egui_wgpu::WgpuSetupCreateNew::without_display_handle();
        setup
            .instance_descriptor
            .backends
            .remove(wgpu::Backends::BROWSER_WEBGPU);
        setup.native_adapter_selector = Some(Arc::new(|adapters, _surface| {
            let mut adapters: Vec<_> = adapters.iter().collect();
            adapters.sort_by_key(|a| {
                let info = a.get_info();
                let backend = match info.backend {
                    wgpu::Backend::Vulkan | wgpu::Backend::Metal | wgpu::Backend::Dx12 => 0,
                    wgpu::Backend::Gl => 1,
                    _ => 2,
                };
                let device = match info.device_type {
                    wgpu::DeviceType::Cpu => 0,
                    wgpu::DeviceType::DiscreteGpu => 1,
                    _ => 2,
                };
                (device, backend)
            });
            adapters
                .first()
                .map(|a| (*a).clone())
                .ok_or_else(|| "no graphics adapter (not even a CPU rasterizer)".to_owned())
        }));
        let setup = egui_wgpu::WgpuSetup::CreateNew(setup);
        let instance = pollster::block_on(setup.new_instance());
        let state = pollster::block_on(RenderState::create(
            &egui_wgpu::WgpuConfiguration {
                wgpu_setup: setup,
                ..Default::default()
            },
            &instance,
            None,
            egui_wgpu::RendererOptions::PREDICTABLE,
        ))
        .map_err(|e| ExportError::Renderer(e.to_string()))?;
        Ok(Self::with(state))
    }

    /// A renderer on the window's device: its own egui renderer (textures, pipelines), the
    /// window's GPU.
    pub fn on_device_of(window: &RenderState) -> Self {
        let renderer = egui_wgpu::Renderer::new(
            &window.device,
            FORMAT,
            egui_wgpu::RendererOptions::PREDICTABLE,
        );
        Self::with(RenderState {
            target_format: FORMAT,
            renderer: Arc::new(egui::mutex::RwLock::new(renderer)),
            ..window.clone()
        })
    }

    fn with(state: RenderState) -> Self {
        gpu::register(&state, egui_wgpu::RendererOptions::PREDICTABLE.msaa_samples);
        Self {
            state,
            textures: Default::default(),
        }
    }

    /// An export is done: free its textures and the GPU meshes it uploaded (the next export
    /// may be a while; a 4K crowded view holds hundreds of megabytes).
    pub fn finish(&mut self) {
        let mut renderer = self.state.renderer.write();
        for id in self.textures.drain() {
            renderer.free_texture(&id);
        }
        drop(renderer);
        gpu::free_unused(&self.state);
    }

    /// Apply (and empty) a frame's texture changes: the font atlas, tiles.
    pub fn textures(&mut self, delta: &mut egui::TexturesDelta) {
        let mut renderer = self.state.renderer.write();
        for (id, images) in delta.set.drain() {
            self.textures.insert(id);
            for image in images {
                renderer.update_texture(&self.state.device, &self.state.queue, id, &image);
            }
        }
        for id in delta.free.drain() {
            self.textures.remove(&id);
            renderer.free_texture(&id);
        }
    }

    /// Draw a frame's shapes into an image of `size` pixels and read it back.
    pub fn draw(
        &mut self,
        ctx: &egui::Context,
        shapes: Vec<egui::epaint::ClippedShape>,
        size: [u32; 2],
    ) -> Result<RgbaImage, ExportError> {
        let ppp = ctx.pixels_per_point();
        let tessellated = ctx.tessellate(shapes, ppp);
        let screen = egui_wgpu::ScreenDescriptor {
            pixels_per_point: ppp,
            size_in_pixels: size,
        };
        let (device, queue) = (&self.state.device, &self.state.queue);
        let mut renderer = self.state.renderer.write();
        let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
            label: Some("export"),
        });
        let user = renderer.update_buffers(device, queue, &mut encoder, &tessellated, &screen);
        let texture = device.create_texture(&wgpu::TextureDescriptor {
            label: Some("export"),
            size: wgpu::Extent3d {
                width: size[0],
                height: size[1],
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: FORMAT,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
            view_formats: &[],
        });
        let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
        {
            let mut pass = encoder
                .begin_render_pass(&wgpu::RenderPassDescriptor {
                    label: Some("export"),
                    color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                        view: &view,
                        resolve_target: None,
                        ops: wgpu::Operations {
                            load: wgpu::LoadOp::Clear(wgpu::Color::TRANSPARENT),
                            store: wgpu::StoreOp::Store,
                        },
                        depth_slice: None,
                    })],
                    ..Default::default()
                })
                .forget_lifetime();
            renderer.render(&mut pass, &tessellated, &screen);
        }
        queue.submit(user.into_iter().chain(std::iter::once(encoder.finish())));
        drop(renderer);
        read_back(device, queue, &texture)
    }
}

/// Copy a texture into memory, row by row (wgpu pads rows to 256 bytes).
fn read_back(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    texture: &wgpu::Texture,
) -> Result<RgbaImage, ExportError> {
    let (width, height) = (texture.width(), texture.height());
    let row = width as usize * 4;
    let align = wgpu::COPY_BYTES_PER_ROW_ALIGNMENT as usize;
    let padded = row.div_ceil(align) * align;
    let buffer = device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("export read-back"),
        size: (padded * height as usize) as u64,
        usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    });
    let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
        label: Some("export read-back"),
    });
    encoder.copy_texture_to_buffer(
        texture.as_image_copy(),
        wgpu::TexelCopyBufferInfo {
            buffer: &buffer,
            layout: wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(padded as u32),
                rows_per_image: None,
            },
        },
        wgpu::Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
    );
    let submitted = queue.submit(std::iter::once(encoder.finish()));
    let (tx, rx) = std::sync::mpsc::channel();
    buffer
        .slice(..)
        .map_async(wgpu::MapMode::Read, move |r| drop(tx.send(r)));
    device
        .poll(wgpu::PollType::Wait {
            submission_index: Some(submitted),
            timeout: Some(GPU_TIMEOUT),
        })
        .map_err(|e| ExportError::Renderer(format!("the GPU did not finish: {e}")))?;
    rx.recv()
        .map_err(|e| ExportError::Renderer(e.to_string()))?
        .map_err(|e| ExportError::Renderer(e.to_string()))?;
    let mapped = buffer
        .slice(..)
        .get_mapped_range()
        .map_err(|e| ExportError::Renderer(e.to_string()))?;
    let data: Vec<u8> = mapped
        .chunks_exact(padded)
        .flat_map(|r| &r[..row])
        .copied()
        .collect();
    drop(mapped);
    RgbaImage::from_raw(width, height, data)
        .ok_or_else(|| ExportError::Renderer("the picture read back is cut short".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{Briefing, ExportOptions, render_page};
    use crate::load::Progress;
    use crate::map::{Basemap, MapData};
    use crate::model::Origin;

    #[test]
    fn after_an_export_the_renderer_holds_no_textures_or_meshes_of_it() {
        // 6,000 points: a crowded view, drawn from GPU memory.
        let features: Vec<String> = (0..6000)
            .map(|i| {
                let (x, y) = (47.0 + (i % 100) as f64 * 0.08, 39.0 + (i / 100) as f64 * 0.1);
                format!(r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{x},{y}]}},"properties":{{}}}}"#)
            })
            .collect();
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        let layer =
            crate::load::parse_layer(&text, "c", Origin::Embedded("c".into())).expect("loads");
        let data = MapData::from_layers([layer]);
        let basemap = Basemap::embedded();
        let mut opts = ExportOptions {
            width: 400,
            height: 300,
            ..Default::default()
        };
        opts.set_view("caspian").expect("view");
        let mut renderer = Renderer::new().expect("a renderer");
        let briefing = Briefing {
            data: &data,
            basemap: &basemap,
            selected: None,
        };
        for _ in 0..2 {
            let (img, _) = render_page(&mut renderer, &briefing, &opts, &Progress::default())
                .expect("renders");
            assert_eq!(img.dimensions(), (400, 300));
            assert!(renderer.textures.is_empty(), "{:?}", renderer.textures);
            assert_eq!(gpu::uploads(&renderer.state), 0);
        }
    }
}
