//! Reading CSV tables of places (terminals, stations…) with latitude and longitude columns,
//! found by their names (`lat`/`latitude`/`y`, `lon`/`lng`/`long`/`longitude`/`x`), as QGIS's
//! delimited-text layer does. Every column becomes a property (numbers as numbers); `name`,
//! `kind`, `status` and figure columns (`capacity_mt_per_year`…) are read as in GeoJSON. A row
//! whose position cannot be read is left out and named; the file is rejected only when no
//! position column is found or no row can be drawn.

use super::error::{LoadError, Problem};
use crate::model::{Feature, Kind, Layer, Mode, Origin, Status, flat_figures};
use serde_json::{Map, Value};

const LAT: [&str; 4] = ["lat", "latitude", "y", "lat_dd"];
const LON: [&str; 6] = ["lon", "lng", "long", "longitude", "x", "lon_dd"];

/// The column whose name (case, spaces and `_` aside) is one of `names`.
fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    let norm = |h: &str| h.trim().to_lowercase().replace([' ', '-'], "_");
    names
        .iter()
        .find_map(|n| headers.iter().position(|h| norm(h) == *n))
}

/// A cell as a property: a number when it reads as one, else text; empty is absent.
fn value(cell: &str) -> Option<Value> {
    let t = cell.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<f64>() {
        Ok(n) if n.is_finite() => serde_json::Number::from_f64(n).map(Value::Number),
        _ => Some(Value::String(t.to_string())),
    }
}

/// A position cell: a number of degrees (a decimal comma is read too).
fn degrees(cell: &str) -> Option<f64> {
    cell.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// A layer of a file in a format that is not ours (CSV, GPX): named after the file.
pub(super) fn foreign_layer(
    shown: &str,
    origin: Origin,
    features: Vec<Feature>,
    warnings: Vec<String>,
) -> Layer {
    let name = std::path::Path::new(shown)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| shown.to_string());
    Layer {
        uid: crate::model::next_layer_uid(),
        name,
        origin,
        features,
        corridor_schema: false,
        warnings,
    }
}

/// Parse CSV `text`; `shown` names the file in messages.
pub fn parse_csv(text: &str, shown: &str, origin: Origin) -> Result<Layer, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A semicolon-separated file (Excel in many locales) is told by its header line.
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let invalid = |message: String| LoadError::Invalid {
        path: shown.into(),
        problems: vec![Problem {
            feature_index: None,
            feature_id: None,
            property: None,
            message,
        }],
        more: 0,
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| invalid(format!("the header row cannot be read: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let (Some(lat), Some(lon)) = (column(&headers, &LAT), column(&headers, &LON)) else {
        return Err(invalid(format!(
            "no latitude and longitude columns: expected columns named lat/latitude/y and \
             lon/lng/longitude/x, found {}",
            headers.join(", ")
        )));
    };
    let mut features = Vec::new();
    let mut warnings = Vec::new();
    let mut left_out = Vec::new();
    for (index, row) in reader.records().enumerate() {
        // Row numbers as a spreadsheet shows them: the header is row 1.
        let line = index + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                left_out.push(format!("row {line}: cannot be read: {e} — not loaded"));
                continue;
            }
        };
        let mut props = Map::new();
        for (h, cell) in headers.iter().zip(row.iter()) {
            if let Some(v) = value(cell) {
                props.insert(h.trim().to_string(), v);
            }
        }
        let text = |k: &str| props.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let id = props
            .get("id")
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_else(|| format!("#{line}"));
        let position = (
            row.get(lon).and_then(degrees),
            row.get(lat).and_then(degrees),
        );
        let (x, y) = match position {
            (Some(x), Some(y)) if (-540.0..=540.0).contains(&x) && (-90.0..=90.0).contains(&y) => {
                (x, y)
            }
            _ => {
                let (col, cell) = match position.0 {
                    None => (lon, row.get(lon).unwrap_or("")),
                    Some(x) if !(-540.0..=540.0).contains(&x) => (lon, row.get(lon).unwrap_or("")),
                    _ => (lat, row.get(lat).unwrap_or("")),
                };
                left_out.push(format!(
                    "row {line} (id \"{id}\"): property \"{}\": \"{cell}\" is not a position in degrees — not loaded",
                    headers[col].trim()
                ));
                continue;
            }
        };
        let (kind, implied) = text("kind")
            .as_deref()
            .map(Kind::parse)
            .unwrap_or((Kind::Other(String::new()), None));
        let status = text("status").as_deref().and_then(Status::parse);
        if let Some(s) = text("status")
            && status.is_none()
        {
            warnings.push(format!(
                "row {line} (id \"{id}\"): property \"status\": unknown value \"{s}\""
            ));
        }
        let capacity_mt_per_year = flat_figures(&props, &[])
            .iter()
            .filter(|f| f.property == "capacity_mt_per_year")
            .filter_map(|f| f.number())
            .reduce(f64::max);
        let properties_json = serde_json::value::to_raw_value(&props)
            .map_err(|e| invalid(format!("row {line}: {e}")))?;
        features.push(Feature {
            name: text("name").unwrap_or_else(|| id.clone()),
            id,
            kind,
            mode: text("mode").as_deref().and_then(Mode::parse).or(implied),
            status,
            geometry: geo::Point::new(x, y).into(),
            figures: Vec::new(),
            sources: Vec::new(),
            properties_json,
            capacity_mt_per_year,
            index,
        });
    }
    if features.is_empty() {
        let mut problems: Vec<Problem> = left_out
            .iter()
            .take(super::error::MAX_PROBLEMS)
            .map(|m| Problem {
                feature_index: None,
                feature_id: None,
                property: None,
                message: m.clone(),
            })
            .collect();
        if problems.is_empty() {
            problems.push(Problem {
                feature_index: None,
                feature_id: None,
                property: None,
                message: "no rows".into(),
            });
        }
        return Err(LoadError::Invalid {
            path: shown.into(),
            more: left_out.len().saturating_sub(problems.len()),
            problems,
        });
    }
    if !left_out.is_empty() {
        let mut said = vec![format!(
            "{} of {} rows not loaded (no position that can be drawn); {} loaded",
            left_out.len(),
            left_out.len() + features.len(),
            features.len()
        )];
        said.extend(left_out);
        said.append(&mut warnings);
        warnings = said;
    }
    Ok(foreign_layer(shown, origin, features, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Layer, LoadError> {
        parse_csv(text, "terminals.csv", Origin::Embedded("t".into()))
    }

    #[test]
    fn rows_with_lat_lon_become_points_with_every_column() {
        let l = parse(
            "name,Latitude,Longitude,kind,capacity_mt_per_year,operator\n\
             Dry port A,43.25,76.95,logistics_hub,4.5,KTZE\n\
             \"Terminal, B\",44.1,\"80,2\",port,,\n",
        )
        .expect("loads");
        assert_eq!(l.features.len(), 2);
        let a = &l.features[0];
        assert_eq!(
            (a.name.as_str(), &a.kind),
            ("Dry port A", &Kind::LogisticsHub)
        );
        assert_eq!(a.capacity_mt_per_year, Some(4.5));
        assert_eq!(a.text("operator").as_deref(), Some("KTZE"));
        let b = &l.features[1];
        assert_eq!(b.name, "Terminal, B");
        let geo::Geometry::Point(p) = b.geometry else {
            panic!("a point")
        };
        assert_eq!((p.x(), p.y()), (80.2, 44.1), "a decimal comma is read");
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    }

    #[test]
    fn a_row_without_a_position_is_named_and_the_rest_load() {
        let l = parse("id;lat;lon\nok;43;76\nbad;north;76\nfar;43;999\n").expect("one loads");
        assert_eq!(l.features.len(), 1);
        assert_eq!(
            l.warnings[0],
            "2 of 3 rows not loaded (no position that can be drawn); 1 loaded"
        );
        assert!(
            l.warnings[1].contains("row 3 (id \"bad\"): property \"lat\": \"north\""),
            "{:?}",
            l.warnings
        );
        assert!(
            l.warnings[2].contains("row 4 (id \"far\"): property \"lon\""),
            "{:?}",
            l.warnings
        );
    }

    #[test]
    fn a_table_without_position_columns_is_a_clear_error() {
        let e = parse("name,town\nA,Almaty\n").expect_err("no position");
        let text = e.lines().join("\n");
        assert!(
            text.contains("terminals.csv") && text.contains("no latitude and longitude columns"),
            "{text}"
        );
    }
}
