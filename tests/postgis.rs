//! PostGIS layers against a real PostgreSQL 15 + PostGIS 3 on 127.0.0.1 (tests/common/postgis.rs):
//! tables read by URL in WGS 84 whatever their SRID, `check --json` on a URL, a bounding-box
//! query, and clear errors for an unknown table or a server that is gone.

mod common;

use common::postgis::Server;
use corridor_atlas::load::postgis::{DbUrl, list_tables, read_table};
use corridor_atlas::load::{Progress, load_layers};
use std::path::PathBuf;

/// The fixtures' places in Web Mercator and a line in WGS 84.
fn with_tables(s: &Server) {
    let mut c = s.client("corridor");
    c.batch_execute(
        "CREATE TABLE ports (id text PRIMARY KEY, name text, kind text,
             capacity_mt_per_year double precision, geom geometry(Point, 3857));
         INSERT INTO ports VALUES
           ('aktau_port', 'Port of Aktau', 'port', NULL,
              ST_Transform(ST_SetSRID(ST_MakePoint(51.1649, 43.6226), 4326), 3857)),
           ('poti_port', 'Port of Poti', 'port', NULL,
              ST_Transform(ST_SetSRID(ST_MakePoint(41.6544, 42.155), 4326), 3857)),
           ('altynkol', 'Altynkol', 'border_crossing', 10.5,
              ST_Transform(ST_SetSRID(ST_MakePoint(80.22, 44.21), 4326), 3857));
         CREATE INDEX ON ports USING gist (geom);
         CREATE SCHEMA plans;
         CREATE TABLE plans.lines (gid serial PRIMARY KEY, name text, status text,
             geom geometry(LineString, 4326));
         INSERT INTO plans.lines (name, status, geom) VALUES
           ('Almaty–Altynkol', 'operational',
              ST_GeomFromText('LINESTRING(76.9115 43.2525, 78.4 43.9, 80.22 44.21)', 4326));",
    )
    .expect("tables");
}

#[test]
fn tables_are_read_by_url_in_wgs84_with_their_columns() {
    let s = Server::start();
    with_tables(&s);
    let url = format!("{}?layer=public.ports", s.url());
    let layers = load_layers(&PathBuf::from(&url), &Progress::default())
        .unwrap_or_else(|e| panic!("{}", e.lines().join("\n")));
    assert_eq!(layers.len(), 1);
    let ports = &layers[0];
    assert_eq!(ports.crs.as_deref(), Some("EPSG:3857"));
    let aktau = &ports.features[ports.position("aktau_port").expect("aktau")];
    let geo::Geometry::Point(p) = aktau.geometry else {
        panic!("a point")
    };
    assert!(
        (p.x() - 51.1649).abs() < 1e-7 && (p.y() - 43.6226).abs() < 1e-7,
        "{p:?}"
    );
    assert_eq!(aktau.kind, corridor_atlas::model::Kind::Port);
    let altynkol = &ports.features[ports.position("altynkol").expect("altynkol")];
    assert_eq!(altynkol.capacity_mt_per_year, Some(10.5));
    // Without ?layer=: every geometry table.
    let all = load_layers(&PathBuf::from(s.url()), &Progress::default()).expect("all tables");
    let names: Vec<&str> = all.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["plans.lines", "public.ports"]);
    assert_eq!(all[0].features[0].name, "Almaty–Altynkol");
}

#[test]
fn a_bounding_box_reads_only_what_is_in_it() {
    let s = Server::start();
    with_tables(&s);
    let u = DbUrl::parse(&s.url()).expect("url");
    let mut c = u.connect().expect("connects");
    let tables = list_tables(&mut c).expect("tables");
    let ports = tables.iter().find(|t| t.table == "ports").expect("ports");
    assert_eq!((ports.srid, ports.kind.as_str()), (3857, "POINT"));
    // The Caspian: Aktau only.
    let l = read_table(
        &mut c,
        &u,
        ports,
        Some([46.0, 38.0, 55.0, 47.0]),
        Some(1000),
        &Progress::default(),
    )
    .expect("reads");
    let ids: Vec<&str> = l.features.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["aktau_port"]);
    // A limit says that more are there.
    let l = read_table(&mut c, &u, ports, None, Some(2), &Progress::default()).expect("reads");
    assert_eq!(l.features.len(), 2);
    assert!(
        l.warnings.iter().any(|w| w.contains("zoom in")),
        "{:?}",
        l.warnings
    );
}

#[test]
fn check_json_takes_a_url_and_errors_name_the_table_or_the_server() {
    let s = Server::start();
    with_tables(&s);
    let exe = env!("CARGO_BIN_EXE_corridor-atlas");
    let out = std::process::Command::new(exe)
        .args(["check", "--json", &format!("{}?layer=plans.lines", s.url())])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v[0]["format"], "PostGIS");
    assert_eq!(v[0]["crs"], "EPSG:4326");
    assert_eq!(v[0]["features"], 1);
    let e = v[0]["extent"].as_array().expect("extent");
    assert!((e[0].as_f64().expect("west") - 76.9115).abs() < 1e-9);
    // An unknown table lists the ones there are; a password in the URL is never shown.
    let bad = format!(
        "postgresql://atlas:hunter2@127.0.0.1:{}/corridor?layer=nope",
        s.port
    );
    let e = load_layers(&PathBuf::from(&bad), &Progress::default()).expect_err("no such table");
    let text = e.lines().join("\n");
    assert!(
        text.contains("nope") && text.contains("public.ports"),
        "{text}"
    );
    assert!(!text.contains("hunter2"), "{text}");
    // The server gone: a clear error naming it, quickly.
    s.stop();
    let t = std::time::Instant::now();
    let e = load_layers(&PathBuf::from(s.url()), &Progress::default()).expect_err("gone");
    let text = e.lines().join("\n");
    assert!(
        text.contains("cannot connect") && text.contains("127.0.0.1"),
        "{text}"
    );
    assert!(t.elapsed().as_secs() < 10);
}
