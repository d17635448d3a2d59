//! The corridor-wide figures file (`geodata/indicators.json`): indicators with a year series,
//! each value citing one of the file's sources.

use super::error::{LoadError, Problem};
use super::geojson::{read_figure, read_sources};
use crate::model::{Indicator, Indicators};
use serde_json::Value;

/// Parse `indicators.json`.
pub fn parse_indicators(text: &str, shown: &str) -> Result<Indicators, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let v: Value = serde_json::from_str(text).map_err(|e| LoadError::from_json(shown, &e))?;
    let mut problems = Vec::new();
    let mut p = |prop: &str, msg: String| {
        problems.push(Problem {
            feature_index: None,
            feature_id: None,
            property: Some(prop.into()),
            message: msg,
        })
    };
    let mut sources_probs = Vec::new();
    let sources = read_sources(v.get("sources"), &None, 0, &mut sources_probs);
    for sp in sources_probs {
        p("sources", sp.message);
    }
    let mut indicators = Vec::new();
    match v.get("indicators").and_then(Value::as_array) {
        None => p("indicators", "expected an array of indicators".into()),
        Some(items) => {
            for (k, item) in items.iter().enumerate() {
                let s = |n: &str| item.get(n).and_then(Value::as_str).map(str::to_string);
                let Some(id) = s("id") else {
                    p("indicators", format!("entry {k}: needs a string \"id\""));
                    continue;
                };
                let property = s("property").unwrap_or_else(|| "value".into());
                let mut series = Vec::new();
                for (j, point) in item
                    .get("series")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let mut point = point.clone();
                    if let Some(o) = point.as_object_mut() {
                        o.entry("property").or_insert(Value::from(property.clone()));
                    }
                    match read_figure(&point) {
                        Ok(f) => {
                            if let Some(src) = &f.source
                                && !sources.iter().any(|x| &x.id == src)
                            {
                                p(
                                    "indicators",
                                    format!("{id}: series {j} cites unknown source \"{src}\""),
                                );
                            }
                            series.push(f)
                        }
                        Err(msg) => p("indicators", format!("{id}: series {j}: {msg}")),
                    }
                }
                indicators.push(Indicator {
                    label: s("label").unwrap_or_else(|| id.clone()),
                    unit: s("unit").unwrap_or_default(),
                    id,
                    series,
                });
            }
        }
    }
    if !problems.is_empty() {
        return Err(LoadError::invalid(shown, problems));
    }
    Ok(Indicators {
        indicators,
        sources,
    })
}
