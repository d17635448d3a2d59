//! The attribute table under egui_kittest: opened with F6, sorted by a header, a row selects
//! on the map and a selection on the map scrolls to its row, rows in view, Copy as CSV.

mod common;

use common::app::*;
use egui_kittest::kittest::Queryable as _;

#[test]
fn the_table_sorts_selects_and_follows_the_map() {
    let mut h = app_harness();
    let total = h.state().data.visible_count();
    h.key_press(egui::Key::F6);
    h.run_steps(2);
    assert!(h.state().table.open);
    h.get_by_label(&format!("{total} rows"));

    // A header click sorts; a second reverses.
    h.get_by_label("Capacity Mt/yr").click();
    h.run_steps(2);
    h.get_by_label("Capacity Mt/yr ▲").click();
    h.run_steps(2);
    h.get_by_label("Capacity Mt/yr ▼");
    let largest = {
        let app = h.state();
        let t = &app.table;
        let first = &t.rows()[t.order()[0]];
        let max = t
            .rows()
            .iter()
            .filter_map(|r| r.key.capacity_mt)
            .fold(0.0, f64::max);
        assert_eq!(first.key.capacity_mt, Some(max));
        first.name.clone()
    };
    // A row click selects the feature.
    h.get_by_label(&largest).hover();
    h.run_steps(1);
    h.get_by_label(&largest).click();
    h.run_steps(2);
    let picked = h.state().selected.expect("a row click selects");
    assert_eq!(
        h.state().data.get(picked).map(|f| f.name.clone()),
        Some(largest)
    );

    // Back to sorting by name; a click on the map selects Kuryk, far down the table, and the
    // table scrolls to its row (rows off screen are not laid out).
    h.get_by_label("Name").click();
    h.run_steps(2);
    let kuryk = find(&h, |f| f.id == "kuryk_port");
    let name = "Port of Kuryk (Sarzha terminal)";
    h.state_mut().selected = None;
    h.run_steps(2);
    assert_eq!(h.query_all_by_label(name).count(), 0, "not on screen yet");
    zoom_to(&mut h, kuryk);
    let pos = screen_pos(&h, kuryk);
    click_at(&mut h, pos);
    assert_eq!(h.state().selected, Some(kuryk));
    h.run_steps(3);
    assert_eq!(
        h.query_all_by_label(name).count(),
        2,
        "the details' heading and the table's row"
    );

    // Only what is in view, then copied.
    h.get_by_label("Only features in view").click();
    h.run_steps(2);
    let in_view = h.state().table.order().len();
    assert!(in_view < total && in_view > 0, "{in_view} of {total}");
    h.get_by_label(&format!("{in_view} rows"));
    h.get_by_label("Copy as CSV").hover();
    h.run_steps(1);
    h.get_by_label("Copy as CSV").click();
    h.run_steps(2);
    assert_eq!(
        h.state().notice.as_deref(),
        Some(format!("Copied {in_view} rows as CSV").as_str())
    );
    let csv = h.state().table.csv(&h.state().data);
    assert!(
        csv.starts_with("id,Name,Kind,Status,Country,Capacity Mt/yr"),
        "{csv}"
    );
    assert!(
        csv.contains("kuryk_port,Port of Kuryk (Sarzha terminal),Port,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), in_view + 1);
}

#[test]
fn the_table_follows_the_filter_and_the_year() {
    let mut h = app_harness();
    h.key_press(egui::Key::F6);
    h.run_steps(2);
    h.get_by_label("Filter").click();
    h.run_steps(2);
    h.get_all_by_label("Rail")
        .next()
        .expect("Rail checkbox")
        .click();
    h.run_steps(2);
    h.get_by_label("25 rows");
    let btk = |h: &egui_kittest::Harness<'_, corridor_atlas::CorridorApp>| {
        let app = h.state();
        let row = app
            .table
            .rows()
            .iter()
            .find(|r| r.name.starts_with("Baku–Tbilisi–Kars"))
            .map(|r| r.cell(corridor_atlas::model::Column::Status));
        row.expect("the BTK's row")
    };
    assert_eq!(btk(&h), "Operational");
    h.get_by_label("Timeline").click();
    h.run_steps(2);
    // In 2013 the BTK was not built (completed 2017): its row says planned.
    assert_eq!(btk(&h), "Planned");
}
