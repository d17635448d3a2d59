//! The Route window under egui_kittest: two places typed, or picked with a right-click on
//! the map, give the route's length and bottleneck.

mod common;

use common::app::*;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

#[test]
fn two_places_typed_give_the_route_its_km_and_bottleneck() {
    let mut h = app_harness();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    h.run_steps(2);
    for (field, text) in [("From", "Khorgos China"), ("To", "Poti")] {
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, field)
            .focus();
        h.run_steps(1);
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, field)
            .type_text(text);
        h.run_steps(1);
    }
    assert_eq!(h.state().route.edit.from, "Khorgos China");
    h.get_by_label("Find route").click();
    h.run_steps(3);
    h.get_by_label("Khorgos (China side, border crossing) → Port of Poti");
    let summary = h
        .query_all_by_label_contains(" km · rail ")
        .next()
        .and_then(|n| n.value().or_else(|| n.accesskit_node().label()))
        .expect("a summary");
    let km: f64 = summary
        .split(" km")
        .next()
        .map(|k| k.replace(',', ""))
        .and_then(|k| k.parse().ok())
        .expect("km first");
    assert!((3_800.0..5_200.0).contains(&km), "{summary}");
    // The best route and its alternative (via Kuryk) both land at Alat.
    let bottleneck = "Bottleneck: Baku International Sea Trade Port (Alat): 15 Mt/yr (phase 1)";
    assert_eq!(h.query_all_by_label(bottleneck).count(), 2);
    h.get_by_label("Alternative 1");
    assert!(h.query_all_by_label_contains("Capacity unknown").count() >= 2);
}

#[test]
fn a_right_click_on_places_routes_from_and_to_them() {
    let mut h = app_harness();
    for (id, item) in [
        ("aktau_port", "Route from here"),
        ("poti_port", "Route to here"),
    ] {
        let r = find(&h, |f| f.id == id);
        let pos = screen_pos(&h, r);
        click_with(&mut h, pos, egui::PointerButton::Secondary);
        h.get_by_label(item).click();
        h.run_steps(3);
    }
    assert_eq!(h.state().route.edit.from, "Port of Aktau (container hub)");
    assert_eq!(h.state().route.edit.to, "Port of Poti");
    h.get_by_label("Port of Aktau (container hub) → Port of Poti");
}

#[test]
fn the_charts_show_the_series_with_two_values_or_more() {
    let mut h = app_harness();
    let charted: Vec<String> = corridor_atlas::ui::chartable(&h.state().indicators)
        .iter()
        .map(|i| i.id.clone())
        .collect();
    // The transit volume: 2024 actual, 2029 and 2035 targets; a one-value figure is not.
    assert!(
        charted.contains(&"kaz_transit_freight".to_string()),
        "{charted:?}"
    );
    assert!(!charted.contains(&"caspian_container_vessels".to_string()));
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Charts of corridor figures…").click();
    h.run_steps(3);
    assert!(h.state().charts_open);
    let label = h
        .state()
        .indicators
        .indicators
        .iter()
        .find(|i| i.id == "kaz_transit_freight")
        .map(|i| i.label.clone())
        .expect("indicator");
    assert!(h.query_all_by_label(&label).count() >= 1, "{label}");
}

#[test]
fn a_what_if_capacity_changes_the_bottleneck_and_reset_undoes_it() {
    let mut h = app_harness();
    {
        let app = h.state_mut();
        app.route.open = true;
        app.route.edit.from = "Khorgos China".into();
        app.route.edit.to = "Poti".into();
        app.route.edit.alternatives = 0;
    }
    h.run_steps(2);
    h.get_by_label("Find route").click();
    h.run_steps(3);
    let alat = "Bottleneck: Baku International Sea Trade Port (Alat): 15 Mt/yr (phase 1)";
    h.get_by_label(alat);
    h.get_by_label("What-if scenario").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Section").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Aktau–Alat (Baku) Caspian sea lane")
        .click_accesskit();
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::SpinButton, "What-if capacity")
        .set_value_accesskit(4.0);
    h.run_steps(2);
    h.get_by_label("Apply to the section").click_accesskit();
    h.run_steps(3);
    h.get_by_label("Bottleneck: Aktau–Alat (Baku) Caspian sea lane: 4 Mt/yr (what-if)");
    h.get_by_label("Aktau–Alat (Baku) Caspian sea lane: 4 Mt/yr");
    h.get_by_label("Reset").click_accesskit();
    h.run_steps(3);
    h.get_by_label(alat);
    assert!(h.state().route.scenario.is_empty());
    // Throughput: with no capacity known along any path, nothing joins the ends.
    h.get_by_label("Throughput: China border → Georgian ports")
        .click_accesskit();
    h.run_steps(2);
    h.get_by_label("0 Mt/yr over sections of known capacity");
    h.get_by_label("No path of known capacity joins them.");
}
