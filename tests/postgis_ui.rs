//! The database window against a real PostGIS (tests/common/postgis.rs): connect, list the
//! geometry tables, add one, see its rows on the map; the server lost, what is drawn stays.

mod common;

use common::app::{app_harness, step_until};
use common::postgis::Server;
use corridor_atlas::model::Origin;
use egui_kittest::kittest::Queryable as _;

fn features_of(
    h: &egui_kittest::Harness<'_, corridor_atlas::CorridorApp>,
    table: &str,
) -> Option<usize> {
    h.state()
        .data
        .layers
        .iter()
        .find(|m| matches!(&m.layer.origin, Origin::Database { table: t, .. } if t == table))
        .map(|m| m.layer.features.len())
}

#[test]
fn connect_list_add_and_keep_what_is_drawn_when_the_server_goes() {
    let s = Server::start();
    let mut c = s.client("corridor");
    c.batch_execute(
        "CREATE TABLE terminals (id text PRIMARY KEY, name text, kind text, geom geometry(Point, 4326));
         INSERT INTO terminals VALUES
           ('khorgos_eastern_gate', 'Khorgos Eastern Gate', 'logistics_hub', ST_SetSRID(ST_MakePoint(80.26, 44.17), 4326)),
           ('aktau_port', 'Port of Aktau', 'port', ST_SetSRID(ST_MakePoint(51.1649, 43.6226), 4326));
         CREATE INDEX ON terminals USING gist (geom);",
    )
    .expect("table");
    let mut h = app_harness();
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Connect to database…").click();
    h.run_steps(2);
    // The form starts filled in (127.0.0.1, 5432, $PGUSER); typed over from empty here.
    {
        let f = &mut h.state_mut().db.form;
        for v in [&mut f.host, &mut f.port, &mut f.database, &mut f.user] {
            v.clear();
        }
    }
    h.run_steps(1);
    for (field, value) in [
        ("Host", "127.0.0.1".to_string()),
        ("Port", s.port.to_string()),
        ("Database", "corridor".into()),
        ("User", "atlas".into()),
    ] {
        let f = h.get_by_role_and_label(egui::accesskit::Role::TextInput, field);
        f.focus();
        f.type_text(&value);
        h.run_steps(1);
    }
    h.get_by_label("Connect").click();
    step_until(&mut h, 600, |h| {
        h.query_by_label("Add public.terminals").is_some()
    })
    .expect("the table is listed");
    h.get_by_label("Add public.terminals").click();
    // The whole corridor is in view: both rows come.
    step_until(&mut h, 600, |h| {
        features_of(h, "public.terminals") == Some(2)
    })
    .expect("the rows in view are drawn");
    h.get_by_label_contains("on the map");
    // The server gone, then a view outside what was asked for (Cape Town): the layer and its
    // rows stay, and the planner is told quietly.
    s.stop();
    let app = h.state_mut();
    app.memory.center_at(walkers::lon_lat(18.4, -33.9));
    app.memory.set_zoom(9.0).ok();
    step_until(&mut h, 600, |h| {
        h.state()
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("Database") && n.contains("trying again"))
    })
    .unwrap_or_else(|| {
        panic!(
            "a notice says the database is unreachable; notice {:?}, view {:?}, problems {:?}",
            h.state().notice,
            h.state().viewport.map(|v| v.bbox_lonlat()),
            h.state().problems.lines().collect::<Vec<_>>()
        )
    });
    assert_eq!(features_of(&h, "public.terminals"), Some(2));
}
