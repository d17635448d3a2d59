//! `corridor-atlas route` and `throughput` as a script would run them.

use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// The strings of a JSON array, or the `key` member of each of its objects.
fn strings<'a>(v: &'a serde_json::Value, key: Option<&str>) -> Vec<&'a str> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| key.map_or(x, |k| &x[k]).as_str())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn route_json_gives_the_length_modes_crossings_sections_and_bottleneck() {
    let (code, out, err) = run(&[
        "route",
        "--from",
        "Khorgos China",
        "--to",
        "Poti",
        "--json",
        "--alternatives",
        "1",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let km = v["length_km"].as_f64().expect("length_km");
    assert!((3_800.0..5_200.0).contains(&km), "{km}");
    let sea = v["by_mode_km"]["sea"].as_f64().expect("sea km");
    assert!((400.0..650.0).contains(&sea), "{sea}");
    let crossings = strings(&v["border_crossings"], None);
    assert!(
        crossings.iter().any(|c| c.starts_with("Altynkol")),
        "{crossings:?}"
    );
    let ids = strings(&v["sections"], Some("id"));
    assert_eq!(ids.first(), Some(&"jinghe_khorgos_rail"));
    assert_eq!(ids.last(), Some(&"tbilisi_poti_rail"));
    assert!(ids.contains(&"aktau_alat_sea"), "{ids:?}");
    // The lowest capacity a source gives along it, with the source; the rest listed unknown.
    let b = &v["bottleneck"];
    assert_eq!(b["id"], "baku_port_alat");
    assert_eq!(b["capacity_mt_per_year"], 15.0);
    assert!(b["source"].as_str().is_some_and(|s| !s.is_empty()));
    let unknown = v["unknown_capacity"].as_array().expect("unknown");
    assert!(unknown.iter().any(|s| s["id"] == "shymkent_beyneu_rail"));
    let alt = &v["alternatives"][0];
    let alt_ids = strings(&alt["sections"], Some("id"));
    assert!(
        alt_ids.contains(&"kuryk_alat_sea"),
        "via Kuryk: {alt_ids:?}"
    );
}

#[test]
fn an_unknown_or_ambiguous_name_exits_2_and_no_route_exits_1() {
    let (code, _, err) = run(&["route", "--from", "Atlantis", "--to", "Poti"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("\"Atlantis\""), "{err}");
    let (code, _, err) = run(&["route", "--from", "Khorgos", "--to", "Poti"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("more than one place") && err.contains("Khorgos (China side"),
        "{err}"
    );
    // The Poti–Constanța lane opened in 2023: no operational way there in 2016.
    let (code, _, err) = run(&[
        "route",
        "--from",
        "Khorgos China",
        "--to",
        "Constanta",
        "--operational",
        "--year",
        "2016",
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("no route"), "{err}");
    let (code, _, _) = run(&[
        "route",
        "--from",
        "Khorgos China",
        "--to",
        "Constanta",
        "--year",
        "2016",
    ]);
    assert_eq!(
        code,
        Some(0),
        "drawn as planned, it may still be routed over"
    );
}

#[test]
fn throughput_says_what_it_left_out_for_unknown_capacity() {
    let (code, out, err) = run(&["throughput", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let from = strings(&v["from"], None);
    assert!(from.iter().any(|s| s.starts_with("Dostyk")), "{from:?}");
    let left = v["left_out_unknown_capacity"].as_array().expect("left out");
    assert!(left.len() > 20, "{}", left.len());
    // With so few capacities known nothing joins the ends: the flow is 0, not a guess.
    assert_eq!(v["mt_per_year"], 0.0);
}

#[test]
fn an_export_draws_the_route_and_its_summary() {
    let dir = tempfile::tempdir().expect("tmp");
    let png = dir.path().join("route.png");
    let png_s = png.to_str().expect("utf-8");
    let (code, _, err) = run(&[
        "export",
        "--width",
        "800",
        "--height",
        "500",
        "--route",
        "Khorgos China,Poti",
        "--out",
        png_s,
    ]);
    assert_eq!(code, Some(0), "{err}");
    let img = image::open(&png).expect("png").to_rgba8();
    // The route's magenta (and the summary box's title and frame).
    let magenta = img
        .pixels()
        .filter(|p| p[0] > 200 && p[1] < 60 && p[2] > 90 && p[2] < 160)
        .count();
    assert!(magenta > 2_000, "{magenta} route pixels");
    let (code, _, err) = run(&["export", "--route", "Atlantis,Poti", "--out", png_s]);
    assert_eq!(code, Some(2), "{err}");
    let (code, _, err) = run(&["export", "--route", "Poti", "--out", png_s]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("FROM,TO"), "{err}");
}
