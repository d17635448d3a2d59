//! Reading CSV tables of places (terminals, stations…) with latitude and longitude columns,
//! found by their names (`lat`/`latitude`/`y`, `lon`/`lng`/`long`/`longitude`/`x`), as QGIS's
//! delimited-text layer does, or a WKT column (`wkt`/`geometry`). Every column becomes a property (numbers as numbers); `name`,
//! `kind`, `status` and figure columns (`capacity_mt_per_year`…) are read as in GeoJSON. A row
//! whose position cannot be read is left out and named; the file is rejected only when no
//! position column is found or no row can be drawn.

use super::crs::Crs;
use super::error::LoadError;
use super::foreign::{Collect, cell_value, unreadable};
use crate::model::{Layer, Origin};
use serde_json::Map;

const LAT: [&str; 4] = ["lat", "latitude", "y", "lat_dd"];
const LON: [&str; 6] = ["lon", "lng", "long", "longitude", "x", "lon_dd"];

/// The column whose name (case, spaces and `_` aside) is one of `names`.
fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    let norm = |h: &str| h.trim().to_lowercase().replace([' ', '-'], "_");
    names
        .iter()
        .find_map(|n| headers.iter().position(|h| norm(h) == *n))
}

/// A position cell: a number of degrees (a decimal comma is read too).
fn degrees(cell: &str) -> Option<f64> {
    cell.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// Columns that hold a whole geometry as WKT (what `ogr2ogr -lco GEOMETRY=AS_WKT` writes).
const WKT: [&str; 4] = ["wkt", "geometry", "geom", "the_geom"];

/// A WKT cell as a geometry.
fn wkt_geometry(cell: &str) -> Result<Option<geo::Geometry<f64>>, String> {
    let t = cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let w: wkt::Wkt<f64> = t
        .parse()
        .map_err(|e| format!("\"{}\" is not WKT: {e}", truncate(t)))?;
    geo::Geometry::try_from(w)
        .map(Some)
        .map_err(|e| format!("\"{}\" cannot be drawn: {e}", truncate(t)))
}

fn truncate(t: &str) -> String {
    if t.chars().count() > 40 {
        format!("{}…", t.chars().take(40).collect::<String>())
    } else {
        t.to_string()
    }
}

/// Which columns of a CSV table hold the positions, when their names do not tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvColumns {
    LonLat { lon: String, lat: String },
    Wkt(String),
}

/// Parse CSV `text`; `shown` names the file in messages.
pub fn parse_csv(text: &str, shown: &str, origin: Origin) -> Result<Layer, LoadError> {
    parse_csv_with(text, shown, origin, None)
}

/// Parse CSV `text` with the position columns `columns` names (else found by name).
pub fn parse_csv_with(
    text: &str,
    shown: &str,
    origin: Origin,
    columns: Option<&CsvColumns>,
) -> Result<Layer, LoadError> {
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
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| unreadable(shown, format!("the header row cannot be read: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let named = |n: &str| headers.iter().position(|h| h.trim() == n);
    let (wkt, position) = match columns {
        Some(CsvColumns::Wkt(w)) => (named(w), (None, None)),
        Some(CsvColumns::LonLat { lon, lat }) => (None, (named(lat), named(lon))),
        None => (
            column(&headers, &WKT),
            (column(&headers, &LAT), column(&headers, &LON)),
        ),
    };
    if wkt.is_none() && (position.0.is_none() || position.1.is_none()) {
        return Err(LoadError::CsvColumns {
            path: shown.into(),
            headers: headers.iter().map(|h| h.trim().to_string()).collect(),
        });
    }
    let crs = Crs::wgs84("EPSG:4326");
    let mut rows = Collect::new(shown, &crs, true);
    rows.record = "row";
    for (index, row) in reader.records().enumerate() {
        // Row numbers as a spreadsheet shows them: the header is row 1.
        let line = index + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                rows.left_out(format!("row {line}: cannot be read: {e} — not loaded"));
                continue;
            }
        };
        let mut props = Map::new();
        for (i, (h, cell)) in headers.iter().zip(row.iter()).enumerate() {
            if Some(i) == wkt {
                continue;
            }
            if let Some(v) = cell_value(cell) {
                props.insert(h.trim().to_string(), v);
            }
        }
        let geometry = match (wkt, position) {
            (Some(w), _) => wkt_geometry(row.get(w).unwrap_or("")),
            (None, (Some(lat), Some(lon))) => {
                match (
                    row.get(lon).and_then(degrees),
                    row.get(lat).and_then(degrees),
                ) {
                    (Some(x), Some(y))
                        if (-540.0..=540.0).contains(&x) && (-90.0..=90.0).contains(&y) =>
                    {
                        Ok(Some(geo::Point::new(x, y).into()))
                    }
                    (x, _) => {
                        let col = match x {
                            Some(x) if (-540.0..=540.0).contains(&x) => lat,
                            _ => lon,
                        };
                        rows.left_out(format!(
                            "{}: property \"{}\": \"{}\" is not a position in degrees — not loaded",
                            rows.label(line, &props),
                            headers[col].trim(),
                            row.get(col).unwrap_or("")
                        ));
                        continue;
                    }
                }
            }
            _ => Ok(None),
        };
        rows.add(line, props, geometry);
    }
    if rows.count() == 0 {
        return Err(unreadable(shown, "no rows".into()));
    }
    let mut layer = rows.finish(origin, None)?;
    layer.crs = None;
    Ok(layer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

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
            "2 of 3 rows not loaded (no geometry that can be drawn); 1 loaded"
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
        // Told which columns they are (the window's dialog), the table loads.
        let cols = CsvColumns::LonLat {
            lon: "E".into(),
            lat: "N".into(),
        };
        let l = parse_csv_with(
            "name,N,E\nA,43.2,76.9\n",
            "t.csv",
            Origin::Embedded("t".into()),
            Some(&cols),
        )
        .expect("loads");
        let geo::Geometry::Point(p) = l.features[0].geometry else {
            panic!("a point")
        };
        assert_eq!((p.x(), p.y()), (76.9, 43.2));
        let w = CsvColumns::Wkt("shape".into());
        let l = parse_csv_with(
            "name;shape\nB;POINT (51.2 43.6)\n",
            "t.csv",
            Origin::Embedded("t".into()),
            Some(&w),
        )
        .expect("loads");
        assert_eq!(l.features.len(), 1);
    }
}
