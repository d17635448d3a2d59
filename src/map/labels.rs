//! Labels: feature names placed greedily by priority around their symbols, and country names
//! of the basemap, never over each other, a symbol or the map furniture. Overlaps are looked
//! up in a grid of placed rectangles, so placing n labels costs about n, not n².

use super::basemap::BasemapLevel;
use super::draw::DrawOptions;
use super::layers::MapData;
use super::prepare::PreparedGeometry;
use super::viewport::Viewport;
use crate::model::FeatureRef;
use crate::style;
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, vec2};
use std::collections::HashMap;

/// Labelling 100k features is pointless: a layer with more in view is not labelled.
const MAX_LABELLED: usize = 3000;

/// Rectangles already taken, found by the grid cells they cover.
pub struct Taken {
    rects: Vec<Rect>,
    cells: HashMap<(i32, i32), Vec<u32>>,
}

/// Side of a grid cell, in points: about a label's size, so a rectangle covers a few cells.
const CELL: f32 = 64.0;

impl Taken {
    pub fn new(reserved: &[Rect]) -> Self {
        let mut t = Self {
            rects: Vec::with_capacity(reserved.len()),
            cells: HashMap::new(),
        };
        for r in reserved {
            t.insert(*r);
        }
        t
    }

    fn cells_of(r: Rect) -> impl Iterator<Item = (i32, i32)> {
        let (x0, y0) = (
            (r.min.x / CELL).floor() as i32,
            (r.min.y / CELL).floor() as i32,
        );
        let (x1, y1) = (
            (r.max.x / CELL).floor() as i32,
            (r.max.y / CELL).floor() as i32,
        );
        (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| (x, y)))
    }

    /// Take `r`; returns its number.
    pub fn insert(&mut self, r: Rect) -> u32 {
        let id = self.rects.len() as u32;
        self.rects.push(r);
        for c in Self::cells_of(r) {
            self.cells.entry(c).or_default().push(id);
        }
        id
    }

    /// Does `r` meet a taken rectangle (other than number `except`)?
    pub fn hits(&self, r: Rect, except: Option<u32>) -> bool {
        Self::cells_of(r).any(|c| {
            self.cells.get(&c).is_some_and(|ids| {
                ids.iter()
                    .any(|&i| Some(i) != except && self.rects[i as usize].intersects(r))
            })
        })
    }

    /// Every rectangle taken, in order.
    pub fn rects(&self) -> &[Rect] {
        &self.rects
    }
}

/// Greedy label placement: by priority (the selection, the hovered feature, then by kind), try
/// four positions around the symbol, skip what would overlap another label or symbol.
pub(super) fn draw_labels(
    painter: &Painter,
    out: &mut Vec<Shape>,
    vp: &Viewport,
    data: &MapData,
    visible: &[(usize, Vec<usize>)],
    opts: &DrawOptions,
    reserved: &mut Vec<Rect>,
) {
    struct Candidate {
        r: FeatureRef,
        anchor: Pos2,
        radius: f32,
        prio: (u8, u8),
    }
    let mut cands = Vec::new();
    for (li, idx) in visible {
        let Some(m) = data.layers.get(*li) else {
            continue;
        };
        if idx.len() > MAX_LABELLED {
            continue;
        }
        for &fi in idx {
            let (Some(f), Some(parts)) = (m.layer.features.get(fi), m.prepared.geometry.get(fi))
            else {
                continue;
            };
            let r = FeatureRef {
                layer: *li,
                feature: fi,
            };
            let mut anchor = None;
            for part in parts {
                match part {
                    PreparedGeometry::Points(p) if !p.is_empty() => {
                        anchor = Some(vp.to_screen(p[0]))
                    }
                    PreparedGeometry::Polygons(p) if !p.is_empty() && anchor.is_none() => {
                        let b = p[0].bbox;
                        anchor = Some(vp.to_screen([(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0]));
                    }
                    _ => {}
                }
            }
            let Some(anchor) = anchor else { continue };
            if !vp.rect.contains(anchor) {
                continue;
            }
            let (_, _, radius) = style::point_style(&f.kind);
            let special = if opts.selected == Some(r) {
                0
            } else if opts.hovered == Some(r) {
                1
            } else {
                2
            };
            cands.push(Candidate {
                r,
                anchor,
                radius,
                prio: (special, style::label_priority(&f.kind)),
            });
        }
    }
    cands.sort_by_key(|c| c.prio);
    let mut taken = Taken::new(reserved);
    let kept = reserved.len();
    // Symbols are obstacles too (but a label may touch its own).
    let symbols: Vec<u32> = cands
        .iter()
        .map(|c| {
            taken.insert(Rect::from_center_size(
                c.anchor,
                vec2(c.radius, c.radius) * 2.0,
            ))
        })
        .collect();
    for (c, own) in cands.iter().zip(symbols) {
        let Some(f) = data.get(c.r) else { continue };
        let size = if c.prio.1 <= 2 { 13.0 } else { 11.5 };
        let galley = painter.layout_no_wrap(
            f.name.clone(),
            FontId::proportional(size),
            Color32::from_gray(25),
        );
        let sz = galley.size();
        let off = c.radius + 4.0;
        let tries = [
            Align2::LEFT_CENTER.anchor_size(c.anchor + vec2(off, 0.0), sz),
            Align2::RIGHT_CENTER.anchor_size(c.anchor - vec2(off, 0.0), sz),
            Align2::CENTER_BOTTOM.anchor_size(c.anchor - vec2(0.0, off), sz),
            Align2::CENTER_TOP.anchor_size(c.anchor + vec2(0.0, off), sz),
        ];
        let free = tries
            .into_iter()
            .find(|t| vp.rect.contains_rect(*t) && !taken.hits(*t, Some(own)));
        if let Some(rect) = free {
            // A white halo behind the text.
            out.push(Shape::rect_filled(
                rect.expand(1.5),
                3.0,
                Color32::from_white_alpha(170),
            ));
            out.push(Shape::galley(rect.min, galley, Color32::from_gray(25)));
            taken.insert(rect);
        }
    }
    reserved.extend_from_slice(&taken.rects()[kept..]);
}

/// Country names, sized by how much of the country is on screen, clear of the `reserved`
/// rectangles (the furniture); returns their shapes and the rectangles they take.
pub fn country_labels(
    painter: &Painter,
    vp: &Viewport,
    level: &BasemapLevel,
    reserved: &[Rect],
) -> (Vec<Shape>, Vec<Rect>) {
    let mut taken = Taken::new(reserved);
    let mut shapes = Vec::new();
    let s = vp.scale();
    for c in &level.countries {
        let Some(l) = c.label else { continue };
        let p = vp.to_screen(l);
        if !vp.rect.shrink(10.0).contains(p) {
            continue;
        }
        let w = ((c.extent[2] - c.extent[0]) * s) as f32;
        if w < 60.0 {
            continue;
        }
        let size = (w / 14.0).clamp(10.0, 17.0);
        let galley = painter.layout_no_wrap(
            c.name.to_uppercase(),
            FontId::proportional(size),
            style::COUNTRY_LABEL,
        );
        let rect = Align2::CENTER_CENTER.anchor_size(p, galley.size());
        if !vp.rect.contains_rect(rect) || taken.hits(rect, None) {
            continue;
        }
        shapes.push(Shape::galley(rect.min, galley, style::COUNTRY_LABEL));
        taken.insert(rect);
    }
    let placed = taken.rects()[reserved.len()..].to_vec();
    (shapes, placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_finds_an_overlap_in_any_cell_and_ignores_the_exception() {
        let mut t = Taken::new(&[Rect::from_min_max(
            egui::pos2(10.0, 10.0),
            egui::pos2(200.0, 30.0),
        )]);
        let own = t.insert(Rect::from_center_size(
            egui::pos2(300.0, 300.0),
            vec2(8.0, 8.0),
        ));
        // Far from the first cell of the wide rectangle, but inside it.
        assert!(t.hits(
            Rect::from_min_max(egui::pos2(190.0, 25.0), egui::pos2(195.0, 40.0)),
            None
        ));
        assert!(!t.hits(
            Rect::from_min_max(egui::pos2(190.0, 31.0), egui::pos2(195.0, 40.0)),
            None
        ));
        let touching_own = Rect::from_min_max(egui::pos2(302.0, 298.0), egui::pos2(360.0, 310.0));
        assert!(t.hits(touching_own, None));
        assert!(!t.hits(touching_own, Some(own)));
        // Negative coordinates (a map left of the screen's origin) are cells too.
        t.insert(Rect::from_min_max(
            egui::pos2(-150.0, -90.0),
            egui::pos2(-100.0, -70.0),
        ));
        assert!(t.hits(
            Rect::from_min_max(egui::pos2(-120.0, -80.0), egui::pos2(-110.0, -60.0)),
            None
        ));
    }
}
