//! Crowded views (thousands of features on screen): the whole frame as a few flat meshes,
//! cached between frames in a [`CrowdedCache`] the drawer owns and passes in. Steady frames,
//! panning and wheel zooming reuse it; the meshes are drawn from GPU memory where the renderer
//! has [`super::gpu`]'s pipeline.

use super::gpu::DenseMesh;
use super::reuse::Built;
use crate::model::{FeatureRef, Status};
use crate::style::{self, Symbol};
use egui::{Color32, Pos2, Rect, Shape, Vec2, vec2};
use std::sync::Arc;

/// Above this many features in view, a frame is crowded.
pub const DENSE: usize = 5_000;
/// ... or above this many vertices (a few long, detailed lines cost as much as a crowd).
pub const DENSE_VERTICES: usize = 100_000;

/// The last crowded frame and what the next one can reuse of it.
#[derive(Default)]
pub struct CrowdedCache {
    pub(super) frame: Option<CachedFrame>,
    /// See [`FlatMesh::sizes`].
    pub(super) pass_sizes: [[usize; 2]; 3],
}

impl CrowdedCache {
    /// Is a crowded frame kept (for tests)?
    pub fn holds_a_frame(&self) -> bool {
        self.frame.is_some()
    }
}

/// A crowded frame's finished shapes: what they depend on, the view they were built for,
/// the shapes, and which of them are the big meshes (drawn from GPU memory when it can).
pub(super) struct CachedFrame {
    pub key: FrameKey,
    pub built: Built,
    pub shapes: Vec<Shape>,
    pub dense: Vec<(usize, DenseMesh)>,
}

impl CachedFrame {
    /// The shapes at `p * k + t`, the big meshes as GPU paint callbacks when `gpu` gives the
    /// egui pass (without, egui meshes are moved on the CPU).
    pub fn shapes_at(&self, k: f32, t: Vec2, rect: Rect, gpu: Option<u64>) -> Vec<Shape> {
        let moved = k != 1.0 || t != Vec2::ZERO;
        let transform = egui::emath::TSTransform::new(t, k);
        let mut out = Vec::with_capacity(self.shapes.len());
        for (i, sh) in self.shapes.iter().enumerate() {
            if let Some(frame) = gpu
                && let Some((_, d)) = self.dense.iter().find(|(at, _)| *at == i)
            {
                out.push(d.transformed(k, t).shape(rect, frame));
                continue;
            }
            let mut sh = sh.clone();
            if moved {
                sh.transform(transform);
            }
            out.push(sh);
        }
        out
    }
}

/// What a crowded frame's shapes depend on, but for the view (see [`Built`]).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FrameKey {
    pub rect: Rect,
    /// (uid, visible, [`super::MapLayer::draw_key`]) of every layer.
    pub layers: Vec<(u64, bool, (u64, u32))>,
    pub selected: Option<FeatureRef>,
}

/// Vertices per mesh: 80 MB, well inside what any GPU takes as one buffer.
const MESH_CHUNK: usize = 1 << 22;

/// Many lines and symbols as one mesh: no per-shape tessellation, no anti-aliasing feather.
/// Used when tens of thousands of features are on screen.
#[derive(Default)]
pub(super) struct FlatMesh {
    pub mesh: egui::Mesh,
    pass: usize,
    /// Full chunks waiting for the next flush.
    full: Vec<egui::Mesh>,
    /// The flushed meshes, with where they are in the output.
    pub done: Vec<(usize, Arc<egui::Mesh>)>,
    /// Meshes of an earlier frame, emptied, whose memory is used again.
    spare: Vec<egui::Mesh>,
    /// The sizes (vertices, indices) each pass's mesh reached last time: the next crowded
    /// frame reserves that much at once instead of growing (copying, faulting in fresh pages).
    pub sizes: [[usize; 2]; 3],
}

impl FlatMesh {
    /// Reuse the memory of `old`'s meshes where nothing else holds them any more, and the
    /// pass sizes of the last crowded frame.
    pub fn recycling(old: Option<CachedFrame>, sizes: [[usize; 2]; 3]) -> Self {
        let mut spare = Vec::new();
        if let Some(old) = old {
            drop(old.shapes);
            for (_, d) in old.dense {
                if let Ok(mut m) = Arc::try_unwrap(d.mesh) {
                    m.clear();
                    spare.push(m);
                }
            }
        }
        Self {
            spare,
            sizes,
            ..Default::default()
        }
    }

    /// Flush the previous pass (it goes below this one) and get room for this one.
    pub fn begin_pass(&mut self, out: &mut Vec<Shape>, pass: usize) {
        self.flush(out);
        self.pass = pass;
        let want = [0, 1].map(|k| self.sizes[pass][k].min(MESH_CHUNK * 3));
        self.mesh = self.take_spare(want[0]);
        // A little over last time's size: the next view is rarely exactly the same.
        self.mesh.vertices.reserve(want[0] + want[0] / 16);
        self.mesh.indices.reserve(want[1] + want[1] / 16);
    }

    /// The spare mesh that fits `vertices` best (or a new one).
    fn take_spare(&mut self, vertices: usize) -> egui::Mesh {
        let best = self
            .spare
            .iter()
            .enumerate()
            .min_by_key(|(_, m)| {
                let c = m.vertices.capacity();
                (c < vertices, c.abs_diff(vertices))
            })
            .map(|(i, _)| i);
        match best {
            Some(i) if vertices > 0 => self.spare.swap_remove(i),
            _ => egui::Mesh::default(),
        }
    }

    pub fn flush(&mut self, out: &mut Vec<Shape>) {
        if !self.mesh.is_empty() || !self.full.is_empty() {
            let sizes = std::iter::once(&self.mesh)
                .chain(&self.full)
                .fold([0, 0], |[v, i], m| {
                    [v + m.vertices.len(), i + m.indices.len()]
                });
            self.sizes[self.pass] = sizes;
        }
        if !self.mesh.is_empty() {
            self.full.push(std::mem::take(&mut self.mesh));
        }
        for mesh in self.full.drain(..) {
            let mesh = Arc::new(mesh);
            self.done.push((out.len(), mesh.clone()));
            out.push(Shape::Mesh(mesh));
        }
    }

    /// Start a new chunk when this one is full.
    pub fn room(&mut self) {
        if self.mesh.vertices.len() >= MESH_CHUNK {
            let next = egui::Mesh {
                vertices: Vec::with_capacity(MESH_CHUNK),
                indices: Vec::with_capacity(MESH_CHUNK * 3 / 2),
                ..Default::default()
            };
            self.full.push(std::mem::replace(&mut self.mesh, next));
        }
    }

    fn quad(&mut self, a: Pos2, b: Pos2, half: f32, colour: Color32) {
        let d = b - a;
        // Not `length()`: glibc's hypotf is slow and this runs a million times a frame.
        let len = (d.x * d.x + d.y * d.y).sqrt();
        if len <= f32::EPSILON {
            return;
        }
        let n = vec2(-d.y, d.x) / len * half;
        self.room();
        let i = self.mesh.vertices.len() as u32;
        for p in [a + n, a - n, b - n, b + n] {
            self.mesh.colored_vertex(p, colour);
        }
        self.mesh.add_triangle(i, i + 1, i + 2);
        self.mesh.add_triangle(i, i + 2, i + 3);
    }

    /// A polyline: solid, dashed (under construction) or dotted (planned), like `style::line_shapes`.
    pub fn polyline(&mut self, pts: &[Pos2], colour: Color32, width: f32, status: Option<Status>) {
        let half = width / 2.0;
        // The same look as `style::line_shapes`, with a coarser rhythm: this is for crowded views.
        let (on, off) = match status {
            Some(Status::UnderConstruction) => ((width * 4.0).max(8.0), (width * 2.2).max(5.0)),
            Some(Status::Planned) => ((width * 0.9).max(2.0), (width * 1.7).max(5.0)),
            _ => {
                for w in pts.windows(2) {
                    self.quad(w[0], w[1], half, colour);
                }
                return;
            }
        };
        // Walk the line, emitting the "on" stretches of the pattern.
        let mut drawing = true;
        let mut left = on;
        for w in pts.windows(2) {
            let (mut a, b) = (w[0], w[1]);
            let mut seg = {
                let d = b - a;
                (d.x * d.x + d.y * d.y).sqrt()
            };
            while seg > 0.0 {
                let step = seg.min(left);
                let next = a + (b - a) * (step / seg.max(f32::EPSILON));
                if drawing {
                    self.quad(a, next, half, colour);
                }
                a = next;
                seg -= step;
                left -= step;
                if left <= 0.0 {
                    drawing = !drawing;
                    left = if drawing { on } else { off };
                }
            }
        }
    }

    /// A point symbol reduced to a filled polygon.
    pub fn symbol(&mut self, c: Pos2, sym: style::Symbol, colour: Color32, r: f32) {
        let pts: Vec<Pos2> = match sym {
            Symbol::Square => vec![
                c + vec2(-r, -r),
                c + vec2(r, -r),
                c + vec2(r, r),
                c + vec2(-r, r),
            ],
            Symbol::Diamond | Symbol::Star => vec![
                c + vec2(0.0, -r * 1.2),
                c + vec2(r * 1.2, 0.0),
                c + vec2(0.0, r * 1.2),
                c + vec2(-r * 1.2, 0.0),
            ],
            Symbol::Triangle => vec![
                c + vec2(0.0, -r * 1.25),
                c + vec2(r * 1.15, r * 0.85),
                c + vec2(-r * 1.15, r * 0.85),
            ],
            Symbol::Circle | Symbol::Ring => (0..8)
                .map(|k| {
                    let a = std::f32::consts::TAU * k as f32 / 8.0;
                    c + vec2(a.cos() * r, a.sin() * r)
                })
                .collect(),
        };
        self.room();
        let i = self.mesh.vertices.len() as u32;
        for p in &pts {
            self.mesh.colored_vertex(*p, colour);
        }
        for k in 1..pts.len() as u32 - 1 {
            self.mesh.add_triangle(i, i + k, i + k + 1);
        }
    }
}
