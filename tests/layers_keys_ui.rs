//! The layers panel (reorder, opacity, remove), the keyboard on the map (Tab, Shift+Tab,
//! Enter), accessible labels on every control, the CSV position-columns dialog and a big
//! FlatGeobuf read by view, under egui_kittest.

mod common;

use common::app::*;
use corridor_atlas::StartOptions;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

#[test]
fn tab_goes_through_the_features_in_view_west_to_east_and_enter_opens_one() {
    let mut h = app_harness();
    h.key_press(egui::Key::Tab);
    h.run_steps(2);
    let first = h.state().keyboard_focus.expect("Tab reaches a feature");
    assert!(
        h.ctx.memory(|m| m.focused()).is_none(),
        "no control took the keyboard"
    );
    let lon = |h: &Harness, r| {
        let f = h.state().data.get(r).expect("feature");
        f.bbox().expect("bbox").center().x
    };
    let notice = h.state().notice.clone().expect("named in the status bar");
    assert!(
        notice.contains("1 of ") && notice.contains("Enter: details"),
        "{notice}"
    );
    h.key_press(egui::Key::Tab);
    h.run_steps(2);
    let second = h.state().keyboard_focus.expect("the next");
    assert_ne!(first, second);
    assert!(lon(&h, second) >= lon(&h, first), "west to east");
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Tab);
    h.run_steps(2);
    assert_eq!(h.state().keyboard_focus, Some(first), "Shift+Tab goes back");
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    assert_eq!(h.state().selected, Some(first), "Enter opens its details");
    let name = h.state().data.get(first).expect("feature").name.clone();
    h.get_by_label("Zoom to");
    assert!(h.query_all_by_label(&name).count() >= 1);
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert_eq!((h.state().selected, h.state().keyboard_focus), (None, None));
}

type Harness = egui_kittest::Harness<'static, corridor_atlas::CorridorApp>;

#[test]
fn layers_are_reordered_given_an_opacity_and_an_added_file_removed() {
    let mut h = app_started(StartOptions {
        fresh: true,
        data: vec![fixture("small_rail.geojson")],
        ..Default::default()
    });
    step_until(&mut h, 400, |h| h.state().data.layers.len() == 4).expect("the file loads");
    let names = |h: &Harness| -> Vec<String> {
        h.state()
            .data
            .layers
            .iter()
            .map(|m| m.layer.name.clone())
            .collect()
    };
    let before = names(&h);
    let top = before.last().cloned().expect("a layer");
    let below = before[before.len() - 2].clone();
    // The selection follows its layer.
    let r = corridor_atlas::model::FeatureRef {
        layer: before.len() - 2,
        feature: 0,
    };
    let selected_id = h.state().data.get(r).expect("feature").id.clone();
    h.state_mut().selected = Some(r);
    h.run_steps(2);
    h.get_by_label(&format!("Move {below} up")).click();
    h.run_steps(2);
    let after = names(&h);
    assert_eq!(after.last(), Some(&below), "{after:?}");
    assert_eq!(after[after.len() - 2], top);
    let sel = h.state().selected.expect("still selected");
    assert_eq!(
        h.state().data.get(sel).map(|f| f.id.clone()),
        Some(selected_id)
    );

    // Opacity, by its slider.
    h.get_by_label(&format!("Opacity of {below}"))
        .set_value_accesskit(0.3);
    h.run_steps(2);
    let m = h.state().data.layers.last().expect("layer");
    assert!((m.opacity - 0.3).abs() < 1e-6, "{}", m.opacity);

    // The added file is removed; the built-in layers have no Remove.
    let removes = h.query_all_by_label("Remove").count();
    assert_eq!(removes, 1);
    h.get_by_label("Remove").click();
    h.run_steps(2);
    assert_eq!(h.state().data.layers.len(), 3);
    assert_eq!(h.query_all_by_label("Remove").count(), 0);
}

#[test]
fn every_control_has_an_accessible_label() {
    let mut h = app_harness();
    // Open what hides controls: the table, the timeline, the filters, a feature's details.
    h.key_press(egui::Key::F6);
    h.run_steps(2);
    h.get_by_label("Timeline").click();
    h.run_steps(2);
    h.get_by_label("Filter").click();
    h.run_steps(2);
    let aktau = find(&h, |f| f.id == "aktau_port");
    h.state_mut().selected = Some(aktau);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run_steps(3);
    h.get_by_label("Briefing title");
    let controls = [
        Role::Button,
        Role::CheckBox,
        Role::Slider,
        Role::TextInput,
        Role::SpinButton,
        Role::ComboBox,
        Role::RadioButton,
        Role::Link,
    ];
    let mut seen = 0;
    let mut unlabelled = Vec::new();
    for node in h.root().children_recursive() {
        let n = node.accesskit_node();
        if !controls.contains(&n.role()) {
            continue;
        }
        seen += 1;
        if n.label().is_none_or(|l| l.trim().is_empty()) {
            unlabelled.push(format!("{:?} at {:?}", n.role(), n.bounding_box()));
        }
    }
    assert!(seen > 60, "only {seen} controls found");
    assert!(unlabelled.is_empty(), "{unlabelled:#?}");
}

#[test]
fn a_csv_without_named_position_columns_asks_which_they_are() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("stations.csv");
    std::fs::write(
        &csv,
        "station,N,E\nZhetygen,43.70,77.05\nAltynkol,44.21,80.22\n",
    )
    .expect("write");
    let mut h = common::app::app_harness();
    h.state_mut().open_paths(std::slice::from_ref(&csv));
    h.run_steps(2);
    assert!(
        h.state().csv_pick.is_some(),
        "the dialog opens, not an error"
    );
    h.get_by_label_contains("no column is named as a position");
    h.get_by_label("Longitude").click();
    h.run_steps(2);
    h.get_by_label("E").click();
    h.run_steps(2);
    h.get_by_label("Latitude").click();
    h.run_steps(2);
    h.get_by_label("N").click();
    h.run_steps(2);
    h.get_by_label("Open with these columns").click();
    common::app::step_until(&mut h, 600, |h| {
        h.state()
            .data
            .layers
            .iter()
            .any(|m| m.layer.name == "stations")
    })
    .expect("the table loads with the columns picked");
    let app = h.state();
    let l = app
        .data
        .layers
        .iter()
        .find(|m| m.layer.name == "stations")
        .expect("stations");
    let geo::Geometry::Point(p) = l.layer.features[1].geometry else {
        panic!("a point")
    };
    assert_eq!((p.x(), p.y()), (80.22, 44.21));
    assert!(app.csv_pick.is_none());
}

#[test]
fn a_big_flatgeobuf_is_read_by_view_through_its_spatial_index() {
    let mut h = common::app::app_harness();
    // "Big" for the test: more than 5 features (the fixture has 7).
    h.state_mut().db.fgb_view_features = 5;
    let path = common::app::fixture("formats/fgb/corridor_utm43.fgb");
    let origin = corridor_atlas::model::Origin::File(path.clone());
    let in_layer =
        |h: &egui_kittest::Harness<'_, corridor_atlas::CorridorApp>| -> Option<Vec<String>> {
            let m = h
                .state()
                .data
                .layers
                .iter()
                .find(|m| m.layer.origin == origin)?;
            let mut ids: Vec<String> = m.layer.features.iter().map(|f| f.id.clone()).collect();
            ids.sort();
            Some(ids)
        };
    // Around Aktau: only the port is in the box asked for.
    {
        let app = h.state_mut();
        app.memory.center_at(walkers::lon_lat(51.16, 43.62));
        app.memory.set_zoom(10.0).ok();
    }
    h.run_steps(2);
    let ctx = h.ctx.clone();
    h.state_mut()
        .open_in_background(std::slice::from_ref(&path), &ctx);
    common::app::step_until(&mut h, 600, |h| in_layer(h).is_some()).unwrap_or_else(|| {
        panic!(
            "the view's features are read; problems {:?}, notice {:?}",
            h.state().problems.lines().collect::<Vec<_>>(),
            h.state().notice
        )
    });
    assert_eq!(in_layer(&h), Some(vec!["aktau_port".to_string()]));
    // Panned to Almaty: read again, Almaty and the line from it.
    {
        let app = h.state_mut();
        app.memory.center_at(walkers::lon_lat(76.91, 43.25));
    }
    common::app::step_until(&mut h, 600, |h| {
        in_layer(h).is_some_and(|ids| ids.contains(&"almaty".to_string()))
    })
    .expect("read again for the new view");
    let ids = in_layer(&h).expect("layer");
    assert!(
        ids.contains(&"almaty_altynkol".to_string()) && !ids.contains(&"aktau_port".to_string()),
        "{ids:?}"
    );
}
