//! The exploring tools under egui_kittest, driven by their labels: find, measure, bookmarks,
//! the keyboard, Copy view as command, filters, the timeline.

mod common;

use common::app::*;
use corridor_atlas::model::Status;
use corridor_atlas::{CorridorApp, StartOptions};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

#[test]
fn find_flies_to_a_place_typed_in_its_own_script_and_selects_it() {
    let mut h = app_harness();
    let kuryk = find(&h, |f| f.id == "kuryk_port");
    let zoom_before = h.state().viewport.expect("drawn").zoom;
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run_steps(2);
    assert!(h.state().find.open, "Ctrl+F opens the find box");
    h.get_by_label("Find").type_text("Құрық");
    h.run_steps(2);
    // The ranked list names the port, with the name that matched.
    h.get_by_label_contains("Port of Kuryk");
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    assert_eq!(h.state().selected, Some(kuryk));
    assert!(!h.state().find.open, "picking closes the box");
    let vp = h.state().viewport.expect("drawn");
    assert!(
        vp.zoom > zoom_before,
        "the map zoomed in on it: {zoom_before} → {}",
        vp.zoom
    );
    let (lon, lat) = h
        .state()
        .data
        .get(kuryk)
        .map(|f| {
            let c = geo::Centroid::centroid(&f.geometry).expect("point");
            (c.x(), c.y())
        })
        .expect("feature");
    assert!(
        vp.rect.contains(vp.lonlat_to_screen(lon, lat)),
        "Kuryk is in view"
    );

    // Esc closes the box without picking.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run_steps(2);
    h.get_by_label("Find").type_text("baki");
    h.run_steps(2);
    h.get_by_label_contains("Baku");
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(!h.state().find.open);
    assert_eq!(h.state().selected, Some(kuryk));
}

#[test]
fn the_window_started_with_find_opens_on_that_feature() {
    let mut h = app_started(StartOptions {
        fresh: true,
        find: Some("Bakı".into()),
        ..Default::default()
    });
    h.run_steps(1);
    let baku = find(&h, |f| f.id == "baku");
    assert_eq!(h.state().selected, Some(baku));
    h.get_by_label("Zoom to");
}

#[test]
fn measuring_between_two_ports_gives_their_geodesic_distance() {
    let mut h = app_harness();
    let aktau = find(&h, |f| f.id == "aktau_port");
    let alat = find(&h, |f| f.id == "baku_port_alat");
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Measure distance").click();
    h.run_steps(2);
    assert!(h.state().measure.is_some());
    h.run_steps(2);
    h.get_by_label("Click on the map to start");
    let (a, b) = (screen_pos(&h, aktau), screen_pos(&h, alat));
    click_at(&mut h, a);
    click_at(&mut h, b);
    h.run_steps(2);
    let m = h.state().measure.clone().expect("measuring");
    assert_eq!(m.points.len(), 2);
    // Measuring does not select.
    assert_eq!(h.state().selected, None);
    // The ports' own coordinates, Aktau 51.1649E 43.6226N and Alat 49.4267E 39.9472N, are
    // 433.0 km apart on the WGS 84 ellipsoid (GeographicLib); a click lands within a pixel
    // of each.
    let km = m.total_km();
    assert!((km - 433.0).abs() < 5.0, "{km}");
    h.get_by_label_contains(&format!("Total: {}", corridor_atlas::ui::km_text(km)));
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(h.state().measure.is_none());
}

#[test]
fn bookmarks_ship_views_and_are_added_renamed_reordered_and_kept() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("settings.json");
    let mut h = app_with_settings(&path);
    let full = h.state().viewport.expect("drawn").zoom;
    // A shipped view.
    h.get_by_label("Khorgos and the Chinese border").click();
    h.run_steps(3);
    let vp = h.state().viewport.expect("drawn");
    assert!(vp.zoom > full + 1.0, "{} vs {full}", vp.zoom);
    assert!(
        vp.rect.contains(vp.lonlat_to_screen(80.4, 44.2)),
        "Khorgos in view"
    );
    // Ctrl+B bookmarks the view and lets the planner name it.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::B);
    h.run_steps(2);
    assert_eq!(h.state().state.bookmarks.len(), 1);
    assert!(h.state().bookmark_edit.renaming.is_some());
    h.get_by_label("Bookmark name").type_text(" gateway");
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    assert_eq!(h.state().state.bookmarks[0].name, "View 1 gateway");
    // A second one, then moved to the top.
    h.get_by_label("The Caspian crossing").click();
    h.run_steps(3);
    h.get_by_label("Bookmark view").click();
    h.run_steps(2);
    assert_eq!(h.state().state.bookmarks[1].name, "View 2");
    // (The pointer moves there first, as a hand would.)
    h.get_by_label("▲").hover();
    h.run_steps(1);
    h.get_by_label("▲").click();
    h.run_steps(2);
    let names = |h: &Harness<'_, CorridorApp>| -> Vec<String> {
        let app = h.state();
        app.state.bookmarks.iter().map(|b| b.name.clone()).collect()
    };
    assert_eq!(names(&h), ["View 2", "View 1 gateway"]);
    drop(h);
    let h = app_with_settings(&path);
    assert_eq!(
        names(&h),
        ["View 2", "View 1 gateway"],
        "kept across a restart"
    );
}

#[test]
fn the_keyboard_pans_zooms_and_clears_the_selection() {
    let mut h = app_harness();
    let before = h.state().viewport.expect("drawn");
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(2);
    let right = h.state().viewport.expect("drawn");
    let (lon0, lat0) = corridor_atlas::map::to_lonlat(before.center);
    let (lon1, lat1) = corridor_atlas::map::to_lonlat(right.center);
    assert!(
        lon1 > lon0 + 1.0 && (lat1 - lat0).abs() < 0.01,
        "{lon0} → {lon1}"
    );
    h.key_press(egui::Key::ArrowUp);
    h.run_steps(2);
    let (_, lat2) = corridor_atlas::map::to_lonlat(h.state().viewport.expect("drawn").center);
    assert!(lat2 > lat1 + 0.5, "{lat1} → {lat2}");
    h.key_press(egui::Key::Plus);
    h.run_steps(2);
    assert!(h.state().viewport.expect("drawn").zoom > right.zoom + 0.5);
    // Esc clears a selection.
    let aktau = find(&h, |f| f.id == "aktau_port");
    h.state_mut().selected = Some(aktau);
    h.run_steps(1);
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert_eq!(h.state().selected, None);
    // Typing in a text field does not move the map.
    let at = h.state().viewport.expect("drawn").center;
    h.get_by_label("Bookmark view");
    h.get_by_role(egui::accesskit::Role::TextInput).focus();
    h.run_steps(1);
    h.key_press(egui::Key::ArrowLeft);
    h.run_steps(2);
    assert_eq!(h.state().viewport.expect("drawn").center, at);
}

#[test]
fn copy_view_as_command_gives_the_export_command_of_the_view() {
    let mut h = app_harness();
    let aktau = find(&h, |f| f.id == "aktau_port");
    h.state_mut().selected = Some(aktau);
    h.run_steps(2);
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Copy view as command").click();
    h.run_steps(2);
    let notice = h.state().notice.clone().expect("a notice");
    assert!(
        notice.contains("corridor-atlas export")
            && notice.contains("--bbox")
            && notice.contains("--select aktau_port"),
        "{notice}"
    );
    assert_eq!(
        h.state().view_command().as_deref(),
        notice.strip_prefix("Copied: ")
    );
}

#[test]
fn a_filter_changes_the_count_the_legend_and_what_a_click_finds() {
    let mut h = app_harness();
    let total = h.state().data.visible_count();
    h.get_by_label("Filter").click();
    h.run_steps(2);
    h.get_by_label(&format!("{total} of {total} features shown"));
    // A kind is both a filter checkbox and a legend entry.
    let hubs = |h: &Harness<'_, CorridorApp>| h.query_all_by_label("Logistics hub").count();
    assert_eq!(hubs(&h), 2);
    h.get_all_by_label("Port")
        .next()
        .expect("the Port checkbox")
        .click();
    h.run_steps(2);
    h.get_by_label(&format!("9 of {total} features shown"));
    assert_eq!(hubs(&h), 1, "the legend lists only what is shown");
    // A click on a station that the filter hides selects nothing.
    let station = find(&h, |f| f.id == "moiynty");
    let pos = screen_pos(&h, station);
    click_at(&mut h, pos);
    assert_ne!(h.state().selected, Some(station));
    h.get_by_label("Clear filters").click();
    h.run_steps(2);
    h.get_by_label(&format!("{total} of {total} features shown"));
    assert_eq!(hubs(&h), 2);
}

/// The status the map draws `id` with.
fn drawn(h: &Harness<'_, CorridorApp>, id: &str) -> Option<Status> {
    let r = find(h, |f| f.id == id);
    h.state().data.layers[r.layer].status(r.feature)
}

#[test]
fn the_timeline_at_2020_and_2035_draws_what_was_and_will_be_running() {
    let mut h = app_harness();
    let line = "bakhty_ayagoz_rail";
    assert_eq!(drawn(&h, line), Some(Status::UnderConstruction), "today");
    h.get_by_label("Timeline").click();
    h.run_steps(2);
    assert_eq!(
        h.state().data.filter().year,
        Some(2013),
        "starts at the first year"
    );
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "Year")
        .set_value_accesskit(2020.0);
    h.run_steps(2);
    assert_eq!(h.state().data.filter().year, Some(2020));
    assert_eq!(drawn(&h, line), Some(Status::Planned), "not built in 2020");
    assert_eq!(
        drawn(&h, "btk_tbilisi_kars_rail"),
        Some(Status::Operational)
    );
    // The corridor figures show that year's values: none for 2020.
    h.get_by_label("Corridor figures, 2020").click_accesskit();
    h.run_steps(3);
    let n = h.query_all_by_label("no figure for 2020").count();
    assert!(n > 3, "{n} indicators say they have no 2020 figure");
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "Year")
        .set_value_accesskit(2035.0);
    h.run_steps(2);
    assert_eq!(drawn(&h, line), Some(Status::Operational), "due 2027");
    h.get_by_label_contains("target");
    // The details give the year's status and why.
    let r = find(&h, |f| f.id == line);
    h.state_mut().selected = Some(r);
    h.run_steps(2);
    h.get_by_label("Status in 2035: Operational");
    h.get_by_label("due 2027 (planned)");
    h.get_by_label("Status today: Under construction");
    // Off: today's statuses again.
    h.get_by_label("Timeline").click();
    h.run_steps(2);
    assert_eq!(h.state().data.filter().year, None);
    assert_eq!(drawn(&h, line), Some(Status::UnderConstruction));
}

#[test]
fn play_steps_through_the_years_and_stops_at_the_last() {
    let mut h = app_harness();
    h.get_by_label("Timeline").click();
    h.run_steps(2);
    h.get_by_label("▶ Play").click();
    h.run_steps(1);
    assert!(h.state().timeline_playing());
    let mut seen = vec![(h.state().data.filter().year, h.ctx.input(|i| i.time))];
    for _ in 0..2000 {
        h.step();
        let year = h.state().data.filter().year;
        if seen.last().is_some_and(|s| s.0 != year) {
            seen.push((year, h.ctx.input(|i| i.time)));
        }
        if !h.state().timeline_playing() {
            break;
        }
    }
    let years: Vec<Option<i32>> = seen.iter().map(|s| s.0).collect();
    let every: Vec<Option<i32>> = (2013..=2035).map(Some).collect();
    assert_eq!(years, every, "each year in turn, then stopped at the last");
    assert!(!h.state().timeline_playing());
    for w in seen.windows(2) {
        assert!(
            w[1].1 - w[0].1 >= 0.79,
            "a year shown {:.2} s",
            w[1].1 - w[0].1
        );
    }
    // Played again from the start; paused, it stays.
    h.get_by_label("▶ Play").click();
    h.run_steps(2);
    assert_eq!(h.state().data.filter().year, Some(2013));
    h.get_by_label("■ Pause").click();
    h.run_steps(1);
    let y = h.state().data.filter().year;
    h.run_steps(100);
    assert_eq!(h.state().data.filter().year, y, "paused");
}
