//! Crowded views drawn from GPU memory.
//!
//! A view of a national network holds one mesh of a few million vertices. Handed to egui as a
//! `Shape::Mesh`, it is copied by the tessellator and uploaded to the GPU again every frame,
//! even when nothing moved. Here the mesh is uploaded once (per build of the crowded frame) and
//! each frame only writes a 32-byte uniform with the pan offset, through an `egui_wgpu` paint
//! callback. The same callback runs in the window (eframe) and in the headless export
//! (`crate::export`'s offscreen renderer), so both still draw with the same code.

use eframe::egui_wgpu::{self, wgpu};
use egui::{Rect, Vec2};
use std::sync::{Arc, Weak};
use wgpu::util::DeviceExt;

/// An uploaded mesh not drawn for this many frames is freed: a crowded view is a few hundred
/// megabytes, and a new zoom level replaces all of it.
const KEEP_FRAMES: u64 = 2;

/// egui's own vertex: position (8 bytes), uv (8, unused here), colour (4, sRGBA premultiplied).
const VERTEX_ATTRIBUTES: [wgpu::VertexAttribute; 2] = [
    wgpu::VertexAttribute {
        format: wgpu::VertexFormat::Float32x2,
        offset: 0,
        shader_location: 0,
    },
    wgpu::VertexAttribute {
        format: wgpu::VertexFormat::Unorm8x4,
        offset: 16,
        shader_location: 1,
    },
];

const SHADER: &str = r#"
struct Locals {
    rect_min: vec2<f32>,
    rect_size: vec2<f32>,
    offset: vec2<f32>,
    scale: f32,
    to_linear: u32,
};
@group(0) @binding(0) var<uniform> locals: Locals;

struct VertexOutput {
    @builtin(position) position: vec4<f32>,
    @location(0) color: vec4<f32>,
};

fn linear_from_gamma_rgb(srgb: vec3<f32>) -> vec3<f32> {
    let cutoff = srgb < vec3<f32>(0.04045);
    let lower = srgb / vec3<f32>(12.92);
    let higher = pow((srgb + vec3<f32>(0.055)) / vec3<f32>(1.055), vec3<f32>(2.4));
    return select(higher, lower, cutoff);
}

@vertex
fn vs_main(@location(0) pos: vec2<f32>, @location(1) color: vec4<f32>) -> VertexOutput {
    var out: VertexOutput;
    let p = (pos * locals.scale + locals.offset - locals.rect_min) / locals.rect_size;
    out.position = vec4<f32>(p.x * 2.0 - 1.0, 1.0 - p.y * 2.0, 0.0, 1.0);
    if locals.to_linear == 1u {
        out.color = vec4<f32>(linear_from_gamma_rgb(color.rgb), color.a);
    } else {
        out.color = color;
    }
    return out;
}

@fragment
fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {
    return in.color;
}
"#;

#[repr(C)]
#[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct Locals {
    rect_min: [f32; 2],
    rect_size: [f32; 2],
    offset: [f32; 2],
    scale: f32,
    to_linear: u32,
}

struct Uploaded {
    /// The mesh it was made from. Holding the weak reference keeps the allocation, so no
    /// other mesh can take its address while this upload is kept: identity without ids.
    mesh: Weak<egui::Mesh>,
    vertices: wgpu::Buffer,
    indices: wgpu::Buffer,
    index_count: u32,
    locals: wgpu::Buffer,
    bind_group: wgpu::BindGroup,
    /// The last frame that drew it.
    last_frame: u64,
}

/// The pipeline and the uploaded meshes, kept in the renderer's callback resources.
pub struct Resources {
    pipeline: wgpu::RenderPipeline,
    bind_group_layout: wgpu::BindGroupLayout,
    to_linear: bool,
    max_buffer: u64,
    uploaded: Vec<Uploaded>,
    /// The newest frame seen.
    frame: u64,
}

/// Register the pipeline with a renderer (the window's or the export's). Without it, crowded
/// views fall back to plain egui meshes.
pub fn register(rs: &egui_wgpu::RenderState, msaa_samples: u32) {
    let device = &rs.device;
    let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
        label: Some("corridor_dense_mesh"),
        source: wgpu::ShaderSource::Wgsl(SHADER.into()),
    });
    let bind_group_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
        label: Some("corridor_dense_locals"),
        entries: &[wgpu::BindGroupLayoutEntry {
            binding: 0,
            visibility: wgpu::ShaderStages::VERTEX,
            ty: wgpu::BindingType::Buffer {
                ty: wgpu::BufferBindingType::Uniform,
                has_dynamic_offset: false,
                min_binding_size: None,
            },
            count: None,
        }],
    });
    let layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
        label: Some("corridor_dense_layout"),
        bind_group_layouts: &[Some(&bind_group_layout)],
        immediate_size: 0,
    });
    let pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
        label: Some("corridor_dense_pipeline"),
        layout: Some(&layout),
        vertex: wgpu::VertexState {
            module: &module,
            entry_point: Some("vs_main"),
            // egui's own vertex: position (8 bytes), uv (8, unused), colour (4, sRGBA premultiplied).
            buffers: &[Some(wgpu::VertexBufferLayout {
                array_stride: std::mem::size_of::<egui::epaint::Vertex>() as u64,
                step_mode: wgpu::VertexStepMode::Vertex,
                attributes: &VERTEX_ATTRIBUTES,
            })],
            compilation_options: Default::default(),
        },
        primitive: wgpu::PrimitiveState {
            topology: wgpu::PrimitiveTopology::TriangleList,
            cull_mode: None,
            ..Default::default()
        },
        depth_stencil: None,
        multisample: wgpu::MultisampleState {
            count: msaa_samples.max(1),
            mask: !0,
            alpha_to_coverage_enabled: false,
        },
        fragment: Some(wgpu::FragmentState {
            module: &module,
            entry_point: Some("fs_main"),
            targets: &[Some(wgpu::ColorTargetState {
                format: rs.target_format,
                // As egui's: premultiplied alpha.
                blend: Some(wgpu::BlendState {
                    color: wgpu::BlendComponent {
                        src_factor: wgpu::BlendFactor::One,
                        dst_factor: wgpu::BlendFactor::OneMinusSrcAlpha,
                        operation: wgpu::BlendOperation::Add,
                    },
                    alpha: wgpu::BlendComponent {
                        src_factor: wgpu::BlendFactor::OneMinusDstAlpha,
                        dst_factor: wgpu::BlendFactor::One,
                        operation: wgpu::BlendOperation::Add,
                    },
                }),
                write_mask: wgpu::ColorWrites::ALL,
            })],
            compilation_options: Default::default(),
        }),
        multiview_mask: None,
        cache: None,
    });
    let resources = Resources {
        pipeline,
        bind_group_layout,
        to_linear: rs.target_format.is_srgb(),
        max_buffer: device.limits().max_buffer_size,
        uploaded: Vec::new(),
        frame: 0,
    };
    rs.renderer.write().callback_resources.insert(resources);
}

/// Free the uploads whose meshes are gone (the drawer that made them dropped its cache).
pub fn free_unused(rs: &egui_wgpu::RenderState) {
    if let Some(res) = rs
        .renderer
        .write()
        .callback_resources
        .get_mut::<Resources>()
    {
        res.uploaded.retain(|u| u.mesh.strong_count() > 0);
    }
}

/// How many meshes the renderer holds uploaded (tests).
#[cfg(test)]
pub fn uploads(rs: &egui_wgpu::RenderState) -> usize {
    rs.renderer
        .read()
        .callback_resources
        .get::<Resources>()
        .map_or(0, |r| r.uploaded.len())
}

/// A mesh in screen points, to be drawn from GPU memory at `p * scale + offset`.
#[derive(Clone)]
pub struct DenseMesh {
    pub mesh: Arc<egui::Mesh>,
    pub scale: f32,
    pub offset: Vec2,
}

impl DenseMesh {
    /// A mesh to upload once (and to find again by the `Arc` it is in).
    pub fn new(mesh: Arc<egui::Mesh>) -> Self {
        Self {
            mesh,
            scale: 1.0,
            offset: Vec2::ZERO,
        }
    }

    /// The same uploaded mesh, drawn at `p * k + t` (with no new upload).
    pub fn transformed(&self, k: f32, t: Vec2) -> Self {
        Self {
            scale: self.scale * k,
            offset: self.offset * k + t,
            ..self.clone()
        }
    }

    /// A paint callback covering `rect` (the map), for egui pass `frame`.
    pub fn shape(&self, rect: Rect, frame: u64) -> egui::Shape {
        egui::Shape::Callback(egui_wgpu::Callback::new_paint_callback(
            rect,
            Painted {
                mesh: self.clone(),
                rect,
                frame,
            },
        ))
    }
}

struct Painted {
    mesh: DenseMesh,
    rect: Rect,
    frame: u64,
}

impl egui_wgpu::CallbackTrait for Painted {
    fn prepare(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        _screen: &egui_wgpu::ScreenDescriptor,
        _encoder: &mut wgpu::CommandEncoder,
        resources: &mut egui_wgpu::CallbackResources,
    ) -> Vec<wgpu::CommandBuffer> {
        let Some(res) = resources.get_mut::<Resources>() else {
            return Vec::new();
        };
        res.frame = res.frame.max(self.frame);
        let frame = res.frame;
        // Meshes of views left behind, and of frames whose meshes are gone.
        let this = Arc::downgrade(&self.mesh.mesh);
        res.uploaded.retain(|u| {
            u.mesh.strong_count() > 0
                && (u.mesh.ptr_eq(&this) || u.last_frame + KEEP_FRAMES >= frame)
        });
        let locals = Locals {
            rect_min: self.rect.min.into(),
            rect_size: self.rect.size().into(),
            offset: self.mesh.offset.into(),
            scale: self.mesh.scale,
            to_linear: res.to_linear as u32,
        };
        if let Some(u) = res.uploaded.iter_mut().find(|u| u.mesh.ptr_eq(&this)) {
            u.last_frame = frame;
            queue.write_buffer(&u.locals, 0, bytemuck::bytes_of(&locals));
            return Vec::new();
        }
        let m = &self.mesh.mesh;
        let vbytes: &[u8] = bytemuck::cast_slice(&m.vertices);
        let ibytes: &[u8] = bytemuck::cast_slice(&m.indices);
        if m.indices.is_empty() {
            return Vec::new();
        }
        if vbytes.len() as u64 > res.max_buffer {
            log::warn!(
                "a crowded view of {} vertices is more than this GPU takes in one buffer",
                m.vertices.len()
            );
            return Vec::new();
        }
        let vertices = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: Some("corridor_dense_vertices"),
            contents: vbytes,
            usage: wgpu::BufferUsages::VERTEX,
        });
        let indices = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: Some("corridor_dense_indices"),
            contents: ibytes,
            usage: wgpu::BufferUsages::INDEX,
        });
        let locals_buf = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: Some("corridor_dense_locals"),
            contents: bytemuck::bytes_of(&locals),
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
        });
        let bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("corridor_dense_locals"),
            layout: &res.bind_group_layout,
            entries: &[wgpu::BindGroupEntry {
                binding: 0,
                resource: locals_buf.as_entire_binding(),
            }],
        });
        res.uploaded.push(Uploaded {
            mesh: this,
            vertices,
            indices,
            index_count: m.indices.len() as u32,
            locals: locals_buf,
            bind_group,
            last_frame: frame,
        });
        Vec::new()
    }

    fn paint(
        &self,
        _info: egui::PaintCallbackInfo,
        pass: &mut wgpu::RenderPass<'static>,
        resources: &egui_wgpu::CallbackResources,
    ) {
        let Some(res) = resources.get::<Resources>() else {
            return;
        };
        let this = Arc::downgrade(&self.mesh.mesh);
        let Some(u) = res.uploaded.iter().find(|u| u.mesh.ptr_eq(&this)) else {
            return;
        };
        pass.set_pipeline(&res.pipeline);
        pass.set_bind_group(0, &u.bind_group, &[]);
        pass.set_vertex_buffer(0, u.vertices.slice(..));
        pass.set_index_buffer(u.indices.slice(..), wgpu::IndexFormat::Uint32);
        pass.draw_indexed(0..u.index_count, 0, 0..1);
    }
}
