//! The composed scene: basemap under the layers, the selection above a crowd, the legend,
//! labels and names clear of each other and of the furniture.

use super::*;
use crate::map::draw::{DrawOptions, layer_shapes};
use crate::map::*;
use crate::model::{FeatureRef, Origin};
use crate::style;
use egui::{Pos2, Rect, Shape, pos2, vec2};

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
        basemap_layers: Default::default(),
        tiles: None,
        gpu: false,
        interactive: false,
        focused: None,
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
            &mut vec![furniture],
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
        // The names on the right stay (room freed on the left may take one more).
        assert!(
            beside.len() >= placed.len() - left,
            "{placed:?} / {beside:?}"
        );
    });
    out.textures_delta.clear();
}
