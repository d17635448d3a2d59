//! Reading GPX (waypoints, routes and tracks from GPS surveys and route planners) with the
//! `gpx` crate: waypoints become points, routes lines, tracks multi-lines; their name, type,
//! description and comment are kept as properties. A route or track with fewer than two points
//! is left out and named.

use super::error::{LoadError, Problem};
use super::foreign::foreign_layer;
use crate::model::{Feature, Kind, Layer, Origin};
use geo::{Geometry, LineString, MultiLineString};
use serde_json::{Map, Value};

fn properties(
    what: &str,
    name: &Option<String>,
    type_: &Option<String>,
    description: &Option<String>,
    comment: &Option<String>,
) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("gpx_element".into(), Value::String(what.into()));
    for (k, v) in [
        ("name", name),
        ("type", type_),
        ("description", description),
        ("comment", comment),
    ] {
        if let Some(v) = v.as_ref().filter(|v| !v.trim().is_empty()) {
            p.insert(k.into(), Value::String(v.trim().to_string()));
        }
    }
    p
}

fn feature(
    index: usize,
    what: &str,
    props: Map<String, Value>,
    geometry: Geometry<f64>,
) -> Feature {
    let id = format!("{what}-{index}");
    let name = props
        .get("name")
        .and_then(Value::as_str)
        .map_or_else(|| id.clone(), str::to_string);
    Feature {
        name,
        id,
        kind: Kind::Other(String::new()),
        mode: None,
        status: None,
        geometry,
        figures: Vec::new(),
        sources: Vec::new(),
        properties_json: serde_json::value::to_raw_value(&props)
            .unwrap_or_else(|_| serde_json::value::to_raw_value(&Map::new()).unwrap_or_default()),
        capacity_mt_per_year: None,
        index,
    }
}

/// Parse GPX `bytes`; `shown` names the file in messages.
pub fn parse_gpx(bytes: &[u8], shown: &str, origin: Origin) -> Result<Layer, LoadError> {
    let g = gpx::read(bytes).map_err(|e| LoadError::Invalid {
        path: shown.into(),
        problems: vec![Problem {
            feature_index: None,
            feature_id: None,
            property: None,
            message: format!("not a readable GPX file: {e}"),
        }],
        more: 0,
    })?;
    let mut features = Vec::new();
    let mut left_out = Vec::new();
    for w in &g.waypoints {
        let mut p = properties("waypoint", &w.name, &w.type_, &w.description, &w.comment);
        if let Some(e) = w.elevation.and_then(serde_json::Number::from_f64) {
            p.insert("elevation_m".into(), Value::Number(e));
        }
        let i = features.len();
        features.push(feature(i, "waypoint", p, w.point().into()));
    }
    for (k, r) in g.routes.iter().enumerate() {
        let line: LineString<f64> = r.points.iter().map(|w| w.point().0).collect();
        if line.0.len() < 2 {
            left_out.push(format!("route {k}: fewer than 2 points — not loaded"));
            continue;
        }
        let p = properties("route", &r.name, &r.type_, &r.description, &r.comment);
        let i = features.len();
        features.push(feature(i, "route", p, line.into()));
    }
    for (k, t) in g.tracks.iter().enumerate() {
        let lines: Vec<LineString<f64>> = t
            .segments
            .iter()
            .map(|s| {
                s.points
                    .iter()
                    .map(|w| w.point().0)
                    .collect::<LineString<f64>>()
            })
            .filter(|l| l.0.len() >= 2)
            .collect();
        if lines.is_empty() {
            left_out.push(format!(
                "track {k}: no segment of 2 points or more — not loaded"
            ));
            continue;
        }
        let p = properties("track", &t.name, &t.type_, &t.description, &t.comment);
        let i = features.len();
        features.push(feature(i, "track", p, MultiLineString(lines).into()));
    }
    if features.is_empty() {
        return Err(LoadError::Invalid {
            path: shown.into(),
            problems: vec![Problem {
                feature_index: None,
                feature_id: None,
                property: None,
                message: if left_out.is_empty() {
                    "no waypoints, routes or tracks".into()
                } else {
                    left_out.join("; ")
                },
            }],
            more: 0,
        });
    }
    let mut warnings = Vec::new();
    if !left_out.is_empty() {
        warnings.push(format!(
            "{} of {} routes and tracks not loaded; {} features loaded",
            left_out.len(),
            g.routes.len() + g.tracks.len(),
            features.len()
        ));
        warnings.extend(left_out);
    }
    Ok(foreign_layer(shown, origin, features, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SURVEY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="43.60" lon="51.20"><ele>-20</ele><name>Quay 3</name><type>berth</type></wpt>
  <rte><name>Planned spur</name><rtept lat="43.6" lon="51.2"/><rtept lat="43.7" lon="51.3"/></rte>
  <trk><name>Survey drive</name><trkseg><trkpt lat="43.6" lon="51.2"/><trkpt lat="43.65" lon="51.25"/><trkpt lat="43.7" lon="51.3"/></trkseg></trk>
  <trk><name>Lost signal</name><trkseg><trkpt lat="43.6" lon="51.2"/></trkseg></trk>
</gpx>"#;

    #[test]
    fn waypoints_routes_and_tracks_load_and_a_one_point_track_is_named() {
        let l = parse_gpx(
            SURVEY.as_bytes(),
            "survey.gpx",
            Origin::Embedded("s".into()),
        )
        .expect("loads");
        assert_eq!(l.features.len(), 3);
        assert_eq!(l.features[0].name, "Quay 3");
        assert_eq!(l.features[0].text("type").as_deref(), Some("berth"));
        assert!(matches!(l.features[1].geometry, Geometry::LineString(_)));
        assert!(matches!(
            l.features[2].geometry,
            Geometry::MultiLineString(_)
        ));
        assert!(
            l.warnings.iter().any(|w| w.starts_with("track 1:")),
            "{:?}",
            l.warnings
        );
        let e =
            parse_gpx(b"<gpx><oops", "bad.gpx", Origin::Embedded("b".into())).expect_err("not GPX");
        assert!(e.lines().join("\n").contains("bad.gpx"), "{:?}", e.lines());
    }
}
