//! The shipped dataset (`geodata/`) against its schema (geodata/README.md), with the app's
//! own loader.

use corridor_atlas::load;
use corridor_atlas::model::{FigureValue, Kind, Layer};
use std::path::{Path, PathBuf};

fn geodata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("geodata")
}

fn corridor_layers() -> Vec<Layer> {
    let files = load::data_files(&geodata().join("corridor"), false)
        .expect("list")
        .files;
    assert_eq!(files.len(), 3, "{files:?}");
    files
        .iter()
        .map(|f| load::load_file(f).unwrap_or_else(|e| panic!("{}", e.lines().join("\n"))))
        .collect()
}

#[test]
fn corridor_check_reports_no_problems_for_the_shipped_data() {
    let mut out = Vec::new();
    let ok = corridor_atlas::cli::check(&[geodata()], &mut out);
    let text = String::from_utf8_lossy(&out);
    assert!(ok, "{text}");
    assert!(!text.contains("warning"), "{text}");
}

#[test]
fn every_shipped_feature_follows_schema_v1() {
    let mut ids = std::collections::HashSet::new();
    let mut problems = Vec::new();
    for layer in corridor_layers() {
        assert!(layer.corridor_schema, "{}: no schema_version", layer.name);
        assert!(
            layer.warnings.is_empty(),
            "{}: {:?}",
            layer.name,
            layer.warnings
        );
        for f in &layer.features {
            let here = format!("{} / {}", layer.name, f.id);
            if !ids.insert(f.id.clone()) {
                problems.push(format!("{here}: duplicate id"));
            }
            if !f
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
            {
                problems.push(format!("{here}: id is not lowercase a-z0-9_-"));
            }
            if matches!(f.kind, Kind::Other(_)) {
                problems.push(format!("{here}: unknown kind"));
            }
            if f.text("position_source")
                .is_none_or(|s| s.trim().is_empty())
            {
                problems.push(format!("{here}: no position_source"));
            }
            if f.is_line() && (f.kind != Kind::Section || f.mode.is_none()) {
                problems.push(format!("{here}: a line must be a section with a mode"));
            }
            // Every figure has a source; no bare numbers outside `figures`.
            for fig in f.all_figures() {
                match &fig.source {
                    None => problems.push(format!("{here}: figure {} has no source", fig.property)),
                    Some(s) => {
                        let src = f.source(s).expect("the loader checks that it exists");
                        if src.publication.trim().is_empty() || src.date.trim().is_empty() {
                            problems.push(format!("{here}: source {s} needs publication and date"));
                        }
                    }
                }
                if let Some(v) = fig.number()
                    && v == 0.0
                {
                    problems.push(format!(
                        "{here}: figure {} is zero (unknown must be absent)",
                        fig.property
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_seed_article_figure_named_in_the_issue_is_on_its_feature() {
    let layers = corridor_layers();
    let find = |id: &str| {
        layers
            .iter()
            .flat_map(|l| l.features.iter())
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("no feature {id}"))
    };
    let has = |id: &str, property: &str, value: f64| {
        find(id)
            .all_figures()
            .iter()
            .any(|f| f.property == property && f.number() == Some(value))
    };
    assert!(has("aktau_port", "capacity_teu_per_year", 200000.0));
    assert!(has("altynkol_zhetygen_rail", "capacity_mt_per_year", 25.0));
    assert!(has("darbaza_maktaaral_rail", "capacity_mt_per_year", 20.0));
    assert!(has("turan_sez", "investment_kzt_bn", 185.1));
    assert!(has("turan_sez", "investment_usd_m", 360.0));
    assert!(has("turan_sez", "jobs", 1150.0));
    assert!(has("icbc_khorgos", "projects", 41.0));
    assert!(has("khorgos_eastern_gate_sez", "companies", 64.0));
    assert!(has("karasu_logistics_park", "investment_usd_m", 385.2));
    assert!(has("eurasia_trade_centre", "investment_kzt_bn", 140.0));
    // The known conflict is kept: Aktau container hub "phase 1 completed" and "by end of 2026".
    let aktau = find("aktau_port").all_figures();
    assert!(
        aktau
            .iter()
            .any(|f| f.property == "completion_year" && f.number() == Some(2026.0))
    );
    assert!(
        aktau
            .iter()
            .any(|f| f.property == "status" && f.qualifier.as_deref() == Some("phase_1"))
    );
}

#[test]
fn a_phase_a_source_calls_completed_is_not_drawn_as_under_construction() {
    let mut wrong = Vec::new();
    for l in corridor_layers() {
        for f in &l.features {
            for fig in f.all_figures() {
                let phase = fig
                    .qualifier
                    .as_deref()
                    .is_some_and(|q| q.starts_with("phase_"));
                let completed = fig.note.as_deref().is_some_and(|n| n.contains("completed"));
                if fig.property == "status"
                    && phase
                    && completed
                    && fig.value != FigureValue::Text("operational".into())
                {
                    wrong.push(format!("{}: {:?} {:?}", f.id, fig.qualifier, fig.value));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
    // Seed 004 (25 Nov 2025): TURAN's first phase is complete, the second (seven projects)
    // is to come, full operation in 2026.
    let turan: Vec<_> = corridor_layers()
        .into_iter()
        .flat_map(|l| l.features)
        .filter(|f| f.id == "turan_sez")
        .flat_map(|f| f.all_figures())
        .filter(|f| {
            f.property == "status" && f.source.as_deref() == Some("kz-gov-meeting-2025-11-25")
        })
        .map(|f| (f.qualifier.unwrap_or_default(), f.value))
        .collect();
    assert!(
        turan.contains(&("phase_1".into(), FigureValue::Text("operational".into()))),
        "{turan:?}"
    );
    assert!(
        turan.contains(&("phase_2".into(), FigureValue::Text("planned".into()))),
        "{turan:?}"
    );
}

#[test]
fn the_indicators_file_has_sourced_year_series() {
    let path = geodata().join("indicators.json");
    let text = std::fs::read_to_string(&path).expect("read");
    let ind = load::parse_indicators(&text, &path.display().to_string()).expect("parses");
    assert!(ind.indicators.len() >= 10);
    for i in &ind.indicators {
        for p in &i.series {
            let s = p
                .source
                .as_deref()
                .unwrap_or_else(|| panic!("{}: a point without source", i.id));
            assert!(
                ind.sources.iter().any(|x| x.id == s),
                "{}: unknown source {s}",
                i.id
            );
        }
    }
    let transit = ind
        .indicators
        .iter()
        .find(|i| {
            i.series
                .iter()
                .any(|p| p.year == Some(2035) && p.number() == Some(100.0))
        })
        .expect("the 2035 transit target");
    assert!(
        transit
            .series
            .iter()
            .any(|p| p.year == Some(2024) && p.number() == Some(34.6))
    );
}

#[test]
fn sea_lanes_stay_on_water() {
    // Every point of a sea lane, sampled every ~2 km along each leg, lies outside every
    // Natural Earth country (1:10m), except within 5 km of the ports at its two ends, which
    // are on the shore.
    use geo::{Contains, Distance, Haversine, InterpolatePoint};
    let basemap = load::load_file(Path::new(&geodata().join("basemap/countries-10m.geojson")))
        .expect("basemap");
    let mut problems = Vec::new();
    let mut lanes = 0;
    for layer in corridor_layers() {
        for f in layer
            .features
            .iter()
            .filter(|f| f.mode == Some(corridor_atlas::model::Mode::Sea))
        {
            let geo::Geometry::LineString(ls) = &f.geometry else {
                problems.push(format!("{}: a sea lane is not one LineString", f.id));
                continue;
            };
            lanes += 1;
            let points: Vec<geo::Point> = ls.points().collect();
            let (first, last) = (points[0], points[points.len() - 1]);
            for leg in points.windows(2) {
                let length_m = Haversine.distance(leg[0], leg[1]);
                let steps = (length_m / 2_000.0).ceil().max(1.0) as usize;
                for k in 0..=steps {
                    let p =
                        Haversine.point_at_ratio_between(leg[0], leg[1], k as f64 / steps as f64);
                    if Haversine.distance(p, first) < 5_000.0
                        || Haversine.distance(p, last) < 5_000.0
                    {
                        continue;
                    }
                    if let Some(country) = basemap.features.iter().find(|b| b.geometry.contains(&p))
                    {
                        problems.push(format!(
                            "{}: ({:.3}, {:.3}) is in {}",
                            f.id,
                            p.x(),
                            p.y(),
                            country.name
                        ));
                        break;
                    }
                }
            }
        }
    }
    assert!(lanes >= 3, "only {lanes} sea lanes");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
