//! Drawing the corridor layers: areas, then lines, then points, then the hovered and
//! selected features on top, then labels. A crowded view is drawn as flat meshes and cached
//! (see [`super::crowded`]); every cache is the caller's [`MapCache`], nothing is kept here.

use super::crowded::{CachedFrame, DENSE, DENSE_VERTICES, FlatMesh, FrameKey};
use super::gpu::DenseMesh;
use super::labels::draw_labels;
use super::layers::MapData;
use super::prepare::PreparedGeometry;
use super::reuse::{Built, ZOOM_REST_S, with_margin};
use super::scene::MapCache;
use super::viewport::Viewport;
use crate::model::FeatureRef;
use crate::style;
use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke};
use rstar::AABB;

/// What to draw: the selection, the feature under the pointer, and how.
#[derive(Debug, Clone, Default)]
pub struct DrawOptions {
    pub selected: Option<FeatureRef>,
    pub hovered: Option<FeatureRef>,
    pub labels: bool,
    /// The renderer has [`super::gpu`]'s pipeline: crowded views are drawn from GPU memory.
    pub gpu: bool,
    /// The view moves (the window): a crowded frame is built with a margin to pan into, and
    /// shown scaled while the zoom changes. Never in an export, which must be exact and is
    /// drawn once.
    pub interactive: bool,
}

/// (layer, sorted feature indices) of the visible layers' features meeting the box; at most
/// `cap` per layer (a layer cut short is too crowded to label anyway).
pub(super) fn visible_features(
    data: &MapData,
    bounds: &AABB<[f64; 2]>,
    cap: usize,
) -> Vec<(usize, Vec<usize>)> {
    data.layers
        .iter()
        .enumerate()
        .filter(|(_, m)| m.visible)
        .map(|(li, m)| {
            let mut idx: Vec<usize> = m
                .prepared
                .in_box(bounds)
                .filter(|i| m.shows(*i))
                .take(cap)
                .collect();
            idx.sort_unstable();
            (li, idx)
        })
        .collect()
}

fn visible_vertices(data: &MapData, visible: &[(usize, Vec<usize>)]) -> usize {
    visible
        .iter()
        .filter_map(|(li, idx)| {
            let p = &data.layers.get(*li)?.prepared;
            Some(
                idx.iter()
                    .map(|&i| p.vertices.get(i).copied().unwrap_or(0) as usize)
                    .sum::<usize>(),
            )
        })
        .sum()
}

/// The shapes of every visible layer (zones, lines, points, labels), so that callers can put
/// them under map furniture drawn earlier (labels keep clear of the `reserved` rectangles, and
/// the symbols and labels placed are added to them).
pub fn layer_shapes(
    painter: &Painter,
    vp: &Viewport,
    data: &MapData,
    opts: &DrawOptions,
    reserved: &mut Vec<Rect>,
    cache: &mut MapCache,
) -> Vec<Shape> {
    // Capped: counting past the point where a view is crowded costs without telling more.
    let visible = visible_features(data, &vp.unit_bounds(), DENSE + 1);

    // Many features on screen: skip the decorations that cost more than they show, and reuse
    // the finished shapes while nothing that shapes them has changed.
    let features = visible.iter().map(|(_, v)| v.len()).sum::<usize>();
    let dense = features > DENSE || visible_vertices(data, &visible) > DENSE_VERTICES;
    let mut out = if dense {
        crowded_shapes(painter, vp, data, opts, cache)
    } else {
        build_shapes(vp, data, opts, &visible, None).0
    };
    if opts.labels {
        draw_labels(painter, &mut out, vp, data, &visible, opts, reserved);
    }
    out
}

/// A crowded frame: the cached one moved or scaled where it still serves, else built anew
/// (for the view and a margin around it); the hovered feature drawn over it.
fn crowded_shapes(
    painter: &Painter,
    vp: &Viewport,
    data: &MapData,
    opts: &DrawOptions,
    cache: &mut MapCache,
) -> Vec<Shape> {
    let key = FrameKey {
        rect: vp.rect,
        layers: data
            .layers
            .iter()
            .map(|m| (m.layer.uid, m.visible, m.draw_key()))
            .collect(),
        selected: opts.selected,
    };
    let gpu_frame = opts.gpu.then(|| painter.ctx().cumulative_pass_nr());
    let now = painter.ctx().input(|i| i.time);
    let resting = cache.zoom.resting(vp.zoom, now);
    let reused = cache.crowded.frame.as_ref().and_then(|cached| {
        if cached.key != key {
            return None;
        }
        let (k, t) = cached.built.placement(vp)?;
        if cached.built.zoom == vp.zoom {
            // Panning moves everything by the same amount.
            return Some(cached.shapes_at(1.0, t, vp.rect, gpu_frame));
        }
        let previewing =
            opts.gpu && opts.interactive && resting < ZOOM_REST_S && (0.5..=4.0).contains(&k);
        previewing.then(|| {
            // A new frame once the wheel has rested.
            painter
                .ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(ZOOM_REST_S));
            cached.shapes_at(k, t, vp.rect, gpu_frame)
        })
    });
    let mut out = match reused {
        Some(out) => out,
        None => {
            // Built for the view (in the window, plus half a view on every side to pan into).
            let built = Built::of(vp, opts.interactive);
            let cull = built.covers;
            let wide = AABB::from_corners(vp.screen_to_unit(cull.min), vp.screen_to_unit(cull.max));
            let wide = visible_features(data, &wide, usize::MAX);
            // The last crowded frame's memory serves this one. The hovered feature changes
            // as the pointer moves: drawn over the cached frame, not in it.
            let flat = FlatMesh::recycling(cache.crowded.frame.take(), cache.crowded.pass_sizes);
            let base = DrawOptions {
                hovered: None,
                ..opts.clone()
            };
            let (shapes, flat) = build_shapes(vp, data, &base, &wide, Some(flat));
            let flat = flat.unwrap_or_default();
            cache.crowded.pass_sizes = flat.sizes;
            let dense = flat
                .done
                .into_iter()
                .map(|(at, mesh)| (at, DenseMesh::new(mesh)))
                .collect();
            let frame = CachedFrame {
                key,
                built,
                shapes,
                dense,
            };
            let out = frame.shapes_at(1.0, egui::Vec2::ZERO, vp.rect, gpu_frame);
            cache.crowded.frame = Some(frame);
            out
        }
    };
    if let Some(h) = opts
        .hovered
        .filter(|h| Some(*h) != opts.selected && data.get(*h).is_some())
    {
        let one = [(h.layer, vec![h.feature])];
        out.extend(build_shapes(vp, data, opts, &one, None).0);
    }
    out
}

/// Draw `visible` features: areas, then lines, then points, then the hovered and selected
/// symbols on top. With `flat`, a crowded frame: as flat meshes, in the memory `flat` recycled
/// from the last one, returned with where they are in the shapes.
fn build_shapes(
    vp: &Viewport,
    data: &MapData,
    opts: &DrawOptions,
    visible: &[(usize, Vec<usize>)],
    flat: Option<FlatMesh>,
) -> (Vec<Shape>, Option<FlatMesh>) {
    let dense = flat.is_some();
    let cull = if dense && opts.interactive {
        with_margin(vp.rect)
    } else {
        vp.rect.expand(20.0)
    };
    let mut out: Vec<Shape> = Vec::new();
    let mut occupied: std::collections::HashSet<(i32, i32, u8)> = Default::default();
    let mut on_top: Vec<(Pos2, style::Symbol, Color32, f32, bool)> = Vec::new();
    let mut picked: Vec<Shape> = Vec::new();
    let mut dense_mesh = flat.unwrap_or_default();
    // Pass 1: areas. Pass 2: lines. Pass 3: points.
    for pass in 0..3 {
        if dense {
            dense_mesh.begin_pass(&mut out, pass);
        }
        for (li, idx) in visible {
            let Some(m) = data.layers.get(*li) else {
                continue;
            };
            let (layer, prep) = (&m.layer, &m.prepared);
            for &fi in idx {
                let (Some(f), Some(parts)) = (layer.features.get(fi), prep.geometry.get(fi)) else {
                    continue;
                };
                let r = FeatureRef {
                    layer: *li,
                    feature: fi,
                };
                let selected = opts.selected == Some(r);
                let hovered = opts.hovered == Some(r);
                // Today's status, or the timeline year's; the layer's opacity.
                let status = m.status(fi);
                let op = m.opacity;
                // In a crowded frame, what is drawn on its own (the selection) goes above it.
                let target = if dense { &mut picked } else { &mut out };
                for part in parts {
                    match (pass, part) {
                        (0, PreparedGeometry::Polygons(polys)) => {
                            let c = style::point_style(&f.kind).0.gamma_multiply(op);
                            let fill = c.gamma_multiply(0.28);
                            if dense && !selected && !hovered {
                                // Fill and a thin outline, into the one mesh.
                                for p in polys {
                                    dense_mesh.room();
                                    p.fill(vp, &mut dense_mesh.mesh, fill);
                                    for ring in &p.rings {
                                        let pts = decimate_by(vp, ring, 2.0);
                                        dense_mesh.polyline(&pts, c, 1.0, None);
                                    }
                                }
                                continue;
                            }
                            let mut mesh = egui::Mesh::default();
                            for p in polys {
                                p.fill(vp, &mut mesh, fill);
                            }
                            target.push(Shape::mesh(mesh));
                            let stroke = if selected {
                                Stroke::new(3.0, style::HIGHLIGHT)
                            } else {
                                Stroke::new(if hovered { 2.0 } else { 1.2 }, c)
                            };
                            for p in polys {
                                for ring in &p.rings {
                                    let pts: Vec<Pos2> =
                                        ring.iter().map(|u| vp.to_screen(*u)).collect();
                                    target.push(Shape::line(pts, stroke));
                                }
                            }
                        }
                        (1, PreparedGeometry::Lines(lines)) => {
                            let colour = style::mode_colour(f.mode).gamma_multiply(op);
                            let width = style::line_width(f);
                            for l in lines {
                                // Dense views: a vertex every 2 points is as much as shows.
                                let pts = decimate_by(vp, l, if dense { 2.0 } else { 0.5 });
                                if pts.len() < 2 {
                                    continue;
                                }
                                if selected || hovered {
                                    let halo = if selected {
                                        style::HIGHLIGHT
                                    } else {
                                        Color32::from_white_alpha(200)
                                    };
                                    target.push(Shape::line(
                                        pts.clone(),
                                        Stroke::new(width + 6.0, halo),
                                    ));
                                }
                                // A pale casing keeps lines readable over borders (small layers).
                                if !dense {
                                    target.push(Shape::line(
                                        pts.clone(),
                                        Stroke::new(
                                            width + 1.6,
                                            Color32::from_white_alpha(150).gamma_multiply(op),
                                        ),
                                    ));
                                }
                                if dense && !selected && !hovered {
                                    dense_mesh.polyline(&pts, colour, width, status);
                                } else {
                                    target.extend(style::line_shapes(&pts, colour, width, status));
                                }
                            }
                        }
                        (2, PreparedGeometry::Points(pts)) => {
                            let (c, sym, r) = style::point_style(&f.kind);
                            let c = style::status_tint(c, status).gamma_multiply(op);
                            let r = if vp.zoom < 4.5 { r * 0.85 } else { r };
                            for u in pts {
                                let p = vp.to_screen(*u);
                                if !cull.contains(p) {
                                    continue;
                                }
                                // In dense layers, one symbol per 2-point cell and style is enough.
                                if dense
                                    && !selected
                                    && !hovered
                                    && !occupied.insert((
                                        (p.x / 2.0) as i32,
                                        (p.y / 2.0) as i32,
                                        sym as u8,
                                    ))
                                {
                                    continue;
                                }
                                if dense && !selected && !hovered {
                                    dense_mesh.symbol(p, sym, c, r);
                                    continue;
                                }
                                if selected || hovered {
                                    // On top of everything else, after the loop.
                                    on_top.push((p, sym, c, r, selected));
                                    continue;
                                }
                                target.extend(style::symbol_shapes(p, sym, c, r));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    dense_mesh.flush(&mut out);
    out.append(&mut picked);
    // Hovered, then selected symbols above the others.
    on_top.sort_by_key(|t| t.4);
    for (p, sym, c, r, selected) in on_top {
        if selected {
            out.push(Shape::circle_filled(p, r + 7.0, style::HIGHLIGHT));
        } else {
            out.push(Shape::circle_filled(
                p,
                r + 5.0,
                Color32::from_white_alpha(220),
            ));
        }
        out.extend(style::symbol_shapes(p, sym, c, r));
    }
    (out, dense.then_some(dense_mesh))
}

/// Project a line, dropping vertices less than `min_spacing` points from the last one kept:
/// the picture is the same and a zoomed-out national network costs a fraction of its vertices.
pub fn decimate_by(vp: &Viewport, line: &[[f64; 2]], min_spacing: f32) -> Vec<Pos2> {
    let min2 = min_spacing * min_spacing;
    let mut out = Vec::with_capacity(line.len().min(64));
    let Some((first, rest)) = line.split_first() else {
        return out;
    };
    let mut last = vp.to_screen(*first);
    out.push(last);
    for (i, u) in rest.iter().enumerate() {
        let p = vp.to_screen(*u);
        if (p - last).length_sq() >= min2 || i + 1 == rest.len() {
            out.push(p);
            last = p;
        }
    }
    if out.len() == 2 && (out[0] - out[1]).length_sq() < 0.25f32.min(min2) {
        out.pop();
    }
    out
}
