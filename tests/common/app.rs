//! The real app under egui_kittest: starting it, clicking the map, waiting for background
//! work, finding features of the built-in dataset.

use corridor_atlas::model::FeatureRef;
use corridor_atlas::{CorridorApp, StartOptions};
use egui::{Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::PathBuf;

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn app_harness() -> Harness<'static, CorridorApp> {
    app_started(StartOptions {
        fresh: true,
        ..Default::default()
    })
}

/// The app started as with these options (the command line's), after its first frames.
pub fn app_started(start: StartOptions) -> Harness<'static, CorridorApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_eframe(move |cc| CorridorApp::new(cc, start.clone()));
    h.run_steps(3);
    h
}

/// The app with its settings in `path` (read at start, written on save).
pub fn app_with_settings(path: &std::path::Path) -> Harness<'static, CorridorApp> {
    let path = path.to_path_buf();
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_eframe(move |cc| {
            CorridorApp::new(
                cc,
                StartOptions {
                    settings_path: Some(path.clone()),
                    ..Default::default()
                },
            )
        });
    h.run_steps(2);
    h
}

pub fn click_at(h: &mut Harness<'_, CorridorApp>, pos: Pos2) {
    click_with(h, pos, egui::PointerButton::Primary);
}

/// A click of `button` at `pos`, the pointer having moved there first.
pub fn click_with(h: &mut Harness<'_, CorridorApp>, pos: Pos2, button: egui::PointerButton) {
    h.hover_at(pos);
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.run_steps(2);
}

/// Run frames until `done` holds, at most `limit` of them, 5 ms apart so that the background
/// threads (loads, exports, the file watcher) get on; returns how many ran, or `None` when
/// `done` never came.
pub fn step_until(
    h: &mut Harness<'_, CorridorApp>,
    limit: usize,
    done: impl Fn(&Harness<'_, CorridorApp>) -> bool,
) -> Option<usize> {
    for frames in 1..=limit {
        h.step();
        if done(h) {
            return Some(frames);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    None
}

/// Screen position of a point feature in the app's current view.
pub fn screen_pos(h: &Harness<'_, CorridorApp>, r: FeatureRef) -> Pos2 {
    let app = h.state();
    let f = app.data.get(r).expect("feature");
    let c = f.bbox().expect("bbox").center();
    app.viewport.expect("drawn").lonlat_to_screen(c.x, c.y)
}

pub fn find(
    h: &Harness<'_, CorridorApp>,
    pred: impl Fn(&corridor_atlas::model::Feature) -> bool,
) -> FeatureRef {
    let app = h.state();
    for (li, l) in app.data.layers.iter().enumerate() {
        for (fi, f) in l.layer.features.iter().enumerate() {
            if pred(f) {
                return FeatureRef {
                    layer: li,
                    feature: fi,
                };
            }
        }
    }
    panic!("no such feature in the built-in dataset")
}

/// Zoom the map to a feature (through its details panel), then clear the selection.
pub fn zoom_to(h: &mut Harness<'_, CorridorApp>, r: FeatureRef) {
    h.state_mut().selected = Some(r);
    h.run_steps(2);
    h.get_by_label("Zoom to").click();
    h.run_steps(3);
    h.state_mut().selected = None;
    h.run_steps(2);
}
