//! One feature: its typed properties (name, kind, mode, status), its figures and sources,
//! checked and turned into a model [`Feature`], or the problems that stop it.

use super::geometry::build_geometry;
use super::raw::{GeomSlot, RawFeature, json_type};
use crate::load::crs::Crs;
use crate::load::error::{Problem, json_message};
use crate::model::{
    Feature, Figure, FigureValue, Kind, Mode, Source, Status, flat_figures, unit_of,
};
use serde_json::{Map, Value};

/// A reprojected geometry must land within longitudes ±540° and latitudes ±90°.
fn in_degrees(g: &geo::Geometry<f64>) -> Result<(), String> {
    use geo::BoundingRect;
    match g.bounding_rect() {
        Some(r)
            if r.min().x >= -540.0
                && r.max().x <= 540.0
                && r.min().y >= -90.0
                && r.max().y <= 90.0 =>
        {
            Ok(())
        }
        Some(_) => Err("reprojected, it is not within longitudes ±540° and latitudes ±90°".into()),
        None => Ok(()),
    }
}

pub(super) fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Read one feature. `Ok(None)`: skipped with a warning.
pub(super) fn read_feature(
    index: usize,
    raw: RawFeature,
    warnings: &mut Vec<String>,
    crs: Option<&Crs>,
) -> Result<Option<Feature>, Vec<Problem>> {
    let mut problems = Vec::new();
    let problem = |id: &Option<String>, prop: Option<&str>, msg: String| Problem {
        feature_index: Some(index),
        feature_id: id.clone(),
        property: prop.map(str::to_string),
        message: msg,
    };
    let props_value: Value = match &raw.properties {
        Some(r) => match serde_json::from_str(r.get()) {
            Ok(v) => v,
            // Valid JSON that serde_json will not hold as a value: a number
            // beyond f64 (1e400) or nesting past its recursion limit.
            Err(e) => {
                return Err(vec![problem(
                    &raw.id.as_ref().and_then(id_text),
                    Some("properties"),
                    format!("could not be read: {}", json_message(&e)),
                )]);
            }
        },
        None => Value::Null,
    };
    let props = match props_value {
        Value::Null => Map::new(),
        Value::Object(m) => m,
        other => {
            return Err(vec![problem(
                &raw.id.as_ref().and_then(id_text),
                Some("properties"),
                format!("expected an object, found {}", json_type(&other)),
            )]);
        }
    };
    let id = raw
        .id
        .as_ref()
        .and_then(id_text)
        .or_else(|| props.get("id").and_then(id_text));
    if let Some(k) = raw.kind.as_ref().and_then(Value::as_str)
        && k != "Feature"
    {
        problems.push(problem(
            &id,
            Some("type"),
            format!("expected \"Feature\", found \"{k}\""),
        ));
    }

    let geometry = match raw.geometry {
        GeomSlot::Missing | GeomSlot::Null => None,
        GeomSlot::Bad(what) => {
            problems.push(problem(
                &id,
                Some("geometry"),
                format!("expected an object or null, found {what}"),
            ));
            None
        }
        GeomSlot::Present(g) => match build_geometry(&g, 0, crs.is_none()).and_then(|mut g| {
            if let Some(crs) = crs {
                crs.to_wgs84(&mut g)
                    .map_err(|e| format!("in {}, {e}", crs.name))?;
                in_degrees(&g)?;
            }
            Ok(g)
        }) {
            Ok(g) => Some(g),
            Err(msg) => {
                problems.push(problem(&id, Some("geometry"), msg));
                None
            }
        },
    };

    // Typed properties.
    let text_prop = |name: &str, problems: &mut Vec<Problem>| -> Option<String> {
        match props.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) if name == "id" => Some(n.to_string()),
            Some(other) => {
                problems.push(problem(
                    &id,
                    Some(name),
                    format!("expected a string, found {}", json_type(other)),
                ));
                None
            }
        }
    };
    let name = text_prop("name", &mut problems);
    let kind_raw = text_prop("kind", &mut problems);
    let mode_raw = text_prop("mode", &mut problems);
    let status_raw = text_prop("status", &mut problems);
    let _ = text_prop("id", &mut problems);

    let (kind, implied_mode) = kind_raw
        .as_deref()
        .map(Kind::parse)
        .unwrap_or((Kind::Other(String::new()), None));
    let mode = match mode_raw.as_deref() {
        Some(m) => match Mode::parse(m) {
            Some(m) => Some(m),
            None => {
                warnings.push(format!(
                    "feature {index}{}: property \"mode\": unknown value \"{m}\"",
                    id_suffix(&id)
                ));
                implied_mode
            }
        },
        None => implied_mode,
    };
    let status = match status_raw.as_deref() {
        Some(s) => {
            let st = Status::parse(s);
            if st.is_none() {
                warnings.push(format!(
                    "feature {index}{}: property \"status\": unknown value \"{s}\"",
                    id_suffix(&id)
                ));
            }
            st
        }
        None => None,
    };

    let sources = read_sources(props.get("sources"), &id, index, &mut problems);
    let figures = read_figures(props.get("figures"), &id, index, &mut problems);
    // Flat figure properties (foreign files, or a headline value next to `figures`): checked
    // here, turned into figures on demand (`Feature::all_figures`).
    for (key, value) in &props {
        if key == "figures" || key == "status" || unit_of(key).is_none() {
            continue;
        }
        match value {
            Value::Null => {}
            Value::Number(n) => {
                let v = n.as_f64().unwrap_or(f64::NAN);
                if !v.is_finite() {
                    problems.push(problem(&id, Some(key), "the number is out of range".into()));
                }
            }
            other => problems.push(problem(
                &id,
                Some(key),
                format!("expected a number, found {}", json_type(other)),
            )),
        }
    }
    for f in &figures {
        if let Some(s) = &f.source
            && !sources.iter().any(|x| &x.id == s)
        {
            problems.push(problem(
                &id,
                Some("figures"),
                format!(
                    "figure \"{}\" cites source \"{s}\", which is not in this feature's \"sources\"",
                    f.property
                ),
            ));
        }
    }

    // What stops a feature being drawn (its geometry, or not being a Feature) leaves it out;
    // anything else wrong is said and the feature is drawn without it.
    let fatal = |p: &Problem| matches!(p.property.as_deref(), Some("geometry" | "type"));
    if problems.iter().any(fatal) {
        return Err(problems);
    }
    for p in problems {
        warnings.push(format!("{p} — drawn without it"));
    }
    let Some(geometry) = geometry else {
        warnings.push(format!(
            "feature {index}{}: no geometry, not drawn",
            id_suffix(&id)
        ));
        return Ok(None);
    };
    let id = id.unwrap_or_else(|| format!("#{index}"));
    let capacity_mt_per_year = figures
        .iter()
        .chain(flat_figures(&props, &figures).iter())
        .filter(|f| f.property == "capacity_mt_per_year")
        .filter_map(Figure::number)
        .reduce(f64::max);
    Ok(Some(Feature {
        name: name.unwrap_or_else(|| id.clone()),
        id,
        kind,
        mode,
        status,
        geometry,
        figures,
        sources,
        capacity_mt_per_year,
        properties_json: raw.properties.unwrap_or_else(empty_properties),
        index,
    }))
}

fn empty_properties() -> Box<serde_json::value::RawValue> {
    serde_json::value::RawValue::from_string("{}".into()).unwrap_or_else(|_| {
        // "{}" is always valid JSON; this branch cannot be reached.
        serde_json::value::to_raw_value(&Map::new()).unwrap_or_default()
    })
}

pub(crate) fn id_suffix(id: &Option<String>) -> String {
    id.as_ref()
        .map(|i| format!(" (id \"{i}\")"))
        .unwrap_or_default()
}

/// A problem-maker for `property` of feature `index`.
fn complaint<'a>(
    problems: &'a mut Vec<Problem>,
    index: usize,
    id: &'a Option<String>,
    property: &'a str,
) -> impl FnMut(String) + 'a {
    move |message| {
        problems.push(Problem {
            feature_index: Some(index),
            feature_id: id.clone(),
            property: Some(property.into()),
            message,
        })
    }
}

/// The entries of an array property (`sources`, `figures`): none when it is absent or null,
/// and a problem when it is not an array.
fn entries<'v>(v: Option<&'v Value>, bad: &mut impl FnMut(String)) -> &'v [Value] {
    match v {
        None | Some(Value::Null) => &[],
        Some(Value::Array(a)) => a,
        Some(other) => {
            bad(format!("expected an array, found {}", json_type(other)));
            &[]
        }
    }
}

pub(crate) fn read_sources(
    v: Option<&Value>,
    id: &Option<String>,
    index: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Source> {
    let mut out = Vec::new();
    let mut bad = complaint(problems, index, id, "sources");
    for (k, item) in entries(v, &mut bad).iter().enumerate() {
        let Some(obj) = item.as_object() else {
            bad(format!(
                "entry {k}: expected an object, found {}",
                json_type(item)
            ));
            continue;
        };
        let s = |name: &str| obj.get(name).and_then(Value::as_str).map(str::to_string);
        match (s("id"), s("publication")) {
            (Some(sid), Some(publication)) => out.push(Source {
                id: sid,
                publication,
                date: s("date").unwrap_or_default(),
                title: s("title"),
                url: s("url"),
            }),
            _ => bad(format!(
                "entry {k}: a source needs the strings \"id\" and \"publication\""
            )),
        }
    }
    out
}

fn read_figures(
    v: Option<&Value>,
    id: &Option<String>,
    index: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut bad = complaint(problems, index, id, "figures");
    for (k, item) in entries(v, &mut bad).iter().enumerate() {
        match read_figure(item) {
            Ok(f) => out.push(f),
            Err(msg) => bad(format!("entry {k}: {msg}")),
        }
    }
    out
}

/// One figure object (also used for indicator series).
pub(crate) fn read_figure(item: &Value) -> Result<Figure, String> {
    let obj = item
        .as_object()
        .ok_or_else(|| format!("expected an object, found {}", json_type(item)))?;
    let property = obj
        .get("property")
        .and_then(Value::as_str)
        .unwrap_or("value")
        .to_string();
    let value = match obj.get("value") {
        Some(Value::Number(n)) => {
            let v = n.as_f64().unwrap_or(f64::NAN);
            if !v.is_finite() {
                return Err(format!("\"{property}\": the number is out of range"));
            }
            FigureValue::Number(v)
        }
        Some(Value::String(s)) => FigureValue::Text(s.clone()),
        Some(other) => {
            return Err(format!(
                "\"{property}\": value must be a number or a string, found {}",
                json_type(other)
            ));
        }
        None => return Err(format!("\"{property}\": a figure needs a \"value\"")),
    };
    let year = match obj.get("year") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => match n.as_i64() {
            Some(y) if (1800..=2200).contains(&y) => Some(y as i32),
            _ => {
                return Err(format!(
                    "\"{property}\": year must be a whole year, found {n}"
                ));
            }
        },
        Some(other) => {
            return Err(format!(
                "\"{property}\": year must be a number, found {}",
                json_type(other)
            ));
        }
    };
    let s = |name: &str| -> Result<Option<String>, String> {
        match obj.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!(
                "\"{property}\": {name} must be a string, found {}",
                json_type(other)
            )),
        }
    };
    let computed = match obj.get("computed") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(format!(
                "\"{property}\": computed must be true or false, found {}",
                json_type(other)
            ));
        }
    };
    Ok(Figure {
        value,
        year,
        qualifier: s("qualifier")?,
        note: s("note")?,
        source: s("source")?,
        as_of: s("as_of")?,
        period: s("period")?,
        computed,
        conflict: s("conflict")?,
        property,
    })
}
