//! `corridor-atlas check`: one line per problem, exit status by validity.

use std::process::Command;

fn check(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .args(args)
        .output()
        .expect("run");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

#[test]
fn check_accepts_the_shipped_dataset() {
    let (ok, text) = check(&["geodata"]);
    assert!(ok, "{text}");
    assert!(text.contains("no problems"), "{text}");
}

#[test]
fn check_names_file_feature_and_property_and_fails() {
    let (ok, text) = check(&[
        "tests/fixtures/small_rail.geojson",
        "tests/fixtures/bad_latitude.geojson",
        "tests/fixtures/truncated.geojson",
    ]);
    assert!(!ok);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.contains(
            &"tests/fixtures/bad_latitude.geojson:feature 1 (id \"north_of_the_pole\"): property \"geometry\": latitude 95 is outside -90..90 — not loaded"
        ),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("tests/fixtures/truncated.geojson:1:")
                && l.contains("not valid JSON")),
        "{text}"
    );
    assert!(text.contains("INVALID"), "{text}");
}

#[test]
fn check_of_a_missing_path_fails_with_the_path() {
    let (ok, text) = check(&["no/such/file.geojson"]);
    assert!(!ok);
    assert!(text.contains("no/such/file.geojson"), "{text}");
}

#[test]
fn export_find_frames_and_selects_a_feature_and_an_unknown_name_exits_2() {
    let dir = tempfile::tempdir().expect("tmp");
    let png = dir.path().join("kuryk.png");
    let run = |find: &str, out: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "export", "--width", "400", "--height", "300", "--find", find, "--out",
            ])
            .arg(out)
            .output()
            .expect("run")
    };
    let ok = run("Құрық", &png);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let img = image::open(&png).expect("a png").to_rgba8();
    assert_eq!((img.width(), img.height()), (400, 300));

    let missing = dir.path().join("none.png");
    let bad = run("zzqxw", &missing);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("zzqxw") && err.contains("--find"), "{err}");
    assert!(!missing.exists(), "nothing written for an unknown name");
}

#[test]
fn a_view_written_as_a_command_reads_back_as_the_same_export() {
    use corridor_atlas::cli::{self, Command as Cli};
    use corridor_atlas::export::ExportOptions;
    let mut o = ExportOptions {
        width: 1600,
        height: 900,
        bbox: Some([49.123456, 38.5, 55.0, 45.25]),
        select: Some("aktau_port".into()),
        title: "Planner's view: Aktau & Kuryk".into(),
        labels: false,
        ..Default::default()
    };
    o.basemap_layers.places = false;
    o.filter.kinds.insert("port".into());
    o.filter.countries.insert("KAZ".into());
    o.filter
        .statuses
        .insert(corridor_atlas::model::Status::UnderConstruction);
    o.filter.min_capacity = Some(2.5);
    o.filter.year = Some(2027);
    let data = vec![std::path::PathBuf::from("my files/routes.geojson")];
    let cmd = o.command_line(&data, "out dir/view.png");
    assert!(cmd.starts_with("corridor-atlas export "), "{cmd}");
    // Split as a shell would.
    let script = format!(
        "printf '%s\\0' {}",
        cmd.trim_start_matches("corridor-atlas ")
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .output()
        .expect("sh");
    let args: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .split('\0')
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect();
    let Ok(Cli::Export {
        out,
        options,
        data: files,
        find,
        ..
    }) = cli::parse(&args)
    else {
        panic!("{args:?}")
    };
    assert_eq!(out, std::path::PathBuf::from("out dir/view.png"));
    assert_eq!(files, data);
    assert_eq!(find, None);
    assert_eq!(options.bbox, Some([49.1235, 38.5, 55.0, 45.25]));
    assert_eq!(
        (options.select.as_deref(), options.title.as_str()),
        (Some("aktau_port"), "Planner's view: Aktau & Kuryk")
    );
    assert!(!options.labels && !options.basemap_layers.places && options.basemap_layers.rivers);
    assert_eq!((options.width, options.height), (1600, 900));
    assert_eq!(options.filter, o.filter);
}

#[test]
fn filter_options_that_name_nothing_exit_2_listing_what_there_is() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "export",
                "--width",
                "200",
                "--height",
                "150",
                "--out",
                "/tmp/never.png",
            ])
            .args(args)
            .output()
            .expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, err) = run(&["--kind", "spaceport"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("spaceport") && err.contains("border_crossing"),
        "{err}"
    );
    let (code, err) = run(&["--status", "dreamt"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("dreamt") && err.contains("under_construction"),
        "{err}"
    );
    let (code, err) = run(&["--country", "FRA"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("FRA") && err.contains("KAZ"), "{err}");
    let dir = tempfile::tempdir().expect("tmp");
    let png = dir.path().join("rail.png");
    let ok = Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "export", "--width", "300", "--height", "200", "--mode", "rail",
        ])
        .args(["--country", "GEO", "--out"])
        .arg(&png)
        .output()
        .expect("run");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

/// `corridor-atlas export` of a small page with `args`, its settings under `config`:
/// (exit code, stderr).
fn export_with(config: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_CONFIG_HOME", config)
        .args(["export", "--width", "300", "--height", "200"])
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn a_year_outside_the_data_and_an_unknown_bookmark_exit_2_naming_the_valid_ones() {
    let config = tempfile::tempdir().expect("tmp");
    let png = config.path().join("never.png");
    let png = png.to_str().expect("utf-8");
    let (code, err) = export_with(config.path(), &["--year", "2050", "--out", png]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("2050") && err.contains("2013–2035"), "{err}");
    let (code, err) = export_with(config.path(), &["--year", "next", "--out", png]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("\"next\" is not a year"), "{err}");
    let (code, err) = export_with(config.path(), &["--bookmark", "Atlantis", "--out", png]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("Atlantis") && err.contains("caspian") && err.contains("none saved"),
        "{err}"
    );
    assert!(!std::path::Path::new(png).exists());
}

#[test]
fn an_export_goes_to_a_saved_bookmark_and_shows_the_year_asked_for() {
    let config = tempfile::tempdir().expect("tmp");
    let settings = config.path().join("corridor-atlas");
    std::fs::create_dir_all(&settings).expect("mkdir");
    std::fs::write(
        settings.join("settings.json"),
        r#"{"bookmarks": [{"name": "Kuryk port", "center_lon": 51.6, "center_lat": 43.2, "zoom": 9.0}]}"#,
    )
    .expect("write settings");
    let png = config.path().join("kuryk.png");
    let (code, err) = export_with(
        config.path(),
        &[
            "--bookmark",
            "kuryk PORT",
            "--year",
            "2020",
            "--out",
            png.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let img = image::open(&png).expect("png").to_rgba8();
    assert_eq!(img.dimensions(), (300, 200));
    // The saved bookmark's name now lists among the valid ones.
    let (code, err) = export_with(
        config.path(),
        &["--bookmark", "Kuryk", "--out", "/tmp/x.png"],
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("yours: Kuryk port"), "{err}");
}

#[test]
fn check_json_gives_each_file_its_format_count_extent_and_problems() {
    let out = Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "--json",
            "tests/fixtures/small_rail.geojson",
            "tests/fixtures/bad_latitude.geojson",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "a feature was left out");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON array");
    let files = v.as_array().expect("array");
    assert_eq!(files.len(), 2);
    let rail = &files[0];
    assert_eq!(rail["format"], "GeoJSON");
    assert_eq!(rail["features"], 2);
    assert_eq!(rail["extent"], serde_json::json!([65.5, 43.5, 72.0, 44.85]));
    assert_eq!(rail["problems"], serde_json::json!([]));
    let bad = &files[1];
    assert_eq!(bad["features"], 1);
    let p = &bad["problems"][1];
    assert_eq!(p["feature"]["index"], 1);
    assert_eq!(p["feature"]["id"], "north_of_the_pole");
    assert_eq!(p["property"], "geometry");
    assert_eq!(p["severity"], "error");
    assert!(
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("latitude 95"))
    );
    let ok = Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--json", "geodata"])
        .output()
        .expect("run");
    assert_eq!(ok.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).expect("JSON");
    let nodes = v
        .as_array()
        .expect("array")
        .iter()
        .find(|f| {
            f["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("nodes.geojson"))
        })
        .expect("nodes");
    assert_eq!(nodes["features"], 72);
}

#[test]
fn a_csv_table_of_places_is_checked_and_drawn() {
    let out = Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--json", "tests/fixtures/terminals.csv"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let f = &v[0];
    assert_eq!(f["features"], 2, "{v:#}");
    assert!(f["format"].as_str().is_some_and(|s| s.starts_with("CSV")));
    assert_eq!(f["extent"], serde_json::json!([51.2, 43.6, 80.35, 44.2]));
    assert!(
        f["problems"][1]["message"]
            .as_str()
            .is_some_and(|m| m.contains("row 4") && m.contains("not loaded")),
        "{v:#}"
    );
    assert_eq!(out.status.code(), Some(1), "a row was left out");
    let dir = tempfile::tempdir().expect("tmp");
    let png = dir.path().join("t.png");
    let done = Command::new(env!("CARGO_BIN_EXE_corridor-atlas"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["export", "--width", "300", "--height", "200", "--data"])
        .arg("tests/fixtures/terminals.csv")
        .args(["--find", "Test dry port", "--out"])
        .arg(&png)
        .output()
        .expect("run");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
}
