//! Geometry: raw coordinate trees judged and built into `geo` geometries, with a message that
//! says what is wrong where they are not RFC 7946.

use super::raw::json_type;
use super::raw::{Coords, GeomSlot, RawGeometry};
use geo::{
    Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};
use serde_json::Value;

pub(super) const MAX_DEPTH: usize = 8;

/// `degrees`: the file is in WGS 84 and a position must be one (else it is reprojected and
/// checked after).
fn position(c: &Coords, degrees: bool) -> Result<Coord<f64>, String> {
    let (x, y) = match c {
        Coords::Pos(_, _, Some(what)) => {
            return Err(format!("a position must hold numbers only, found {what}"));
        }
        Coords::Pos(_, n, None) if *n < 2 => {
            return Err(format!(
                "a position needs at least 2 numbers (longitude, latitude), found {n}"
            ));
        }
        Coords::Pos(xy, _, None) => (xy[0], xy[1]),
        Coords::Arr(v) if v.is_empty() => {
            return Err(
                "a position needs at least 2 numbers (longitude, latitude), found 0".into(),
            );
        }
        Coords::Arr(_) => return Err("a position must hold numbers, found an array".into()),
        Coords::Num(_) => {
            return Err("a position must be an array of numbers, found a number".into());
        }
        Coords::Bad(what) => {
            return Err(format!(
                "a position must be an array of numbers, found {what}"
            ));
        }
    };
    if !x.is_finite() || !y.is_finite() {
        return Err("a coordinate is not a finite number".into());
    }
    // Data that crosses the antimeridian runs on past ±180 (Chukotka at −187): kept and drawn
    // where it lies. Beyond a full turn either way it is not a longitude.
    if !degrees {
        return Ok(Coord { x, y });
    }
    if !(-540.0..=540.0).contains(&x) {
        return Err(format!("longitude {x} is outside -540..540"));
    }
    if !(-90.0..=90.0).contains(&y) {
        return Err(format!("latitude {y} is outside -90..90"));
    }
    Ok(Coord { x, y })
}

fn array<'a>(c: &'a Coords, what: &str) -> Result<&'a [Coords], String> {
    match c {
        Coords::Arr(v) => Ok(v),
        Coords::Pos(..) => Err(format!(
            "{what} is nested too shallowly: found a single position where arrays were expected"
        )),
        Coords::Num(_) => Err(format!("{what} must be an array, found a number")),
        Coords::Bad(b) => Err(format!("{what} must be an array, found {b}")),
    }
}

/// The positions of an array (a line's, a ring's).
fn positions(c: &Coords, what: &str, degrees: bool) -> Result<Vec<Coord<f64>>, String> {
    array(c, what)?
        .iter()
        .map(|p| position(p, degrees))
        .collect()
}

fn line(c: &Coords, degrees: bool) -> Result<LineString<f64>, String> {
    let pts = positions(c, "a LineString", degrees)?;
    if pts.len() < 2 {
        return Err(format!(
            "a LineString needs at least 2 positions, found {}",
            pts.len()
        ));
    }
    Ok(LineString::new(pts))
}

fn polygon(c: &Coords, degrees: bool) -> Result<Polygon<f64>, String> {
    let rings = array(c, "a Polygon")?;
    if rings.is_empty() {
        return Err("a Polygon needs at least one ring".into());
    }
    let mut out = Vec::with_capacity(rings.len());
    for (k, r) in rings.iter().enumerate() {
        let pts = positions(r, "a ring", degrees)?;
        if pts.len() < 4 {
            return Err(format!(
                "ring {k} needs at least 4 positions, found {}",
                pts.len()
            ));
        }
        if pts.first() != pts.last() {
            return Err(format!(
                "ring {k} is not closed (its first and last positions differ)"
            ));
        }
        out.push(LineString::new(pts));
    }
    let exterior = out.remove(0);
    Ok(Polygon::new(exterior, out))
}

pub(super) fn build_geometry(
    g: &RawGeometry,
    depth: usize,
    degrees: bool,
) -> Result<Geometry<f64>, String> {
    if depth > MAX_DEPTH {
        return Err("GeometryCollections are nested too deeply".into());
    }
    let kind = match &g.kind {
        Some(Value::String(s)) => s.as_str(),
        Some(other) => {
            return Err(format!(
                "\"type\" must be a string, found {}",
                json_type(other)
            ));
        }
        None => return Err("the geometry has no \"type\"".into()),
    };
    if kind == "GeometryCollection" {
        let parts = g
            .geometries
            .as_ref()
            .ok_or("a GeometryCollection needs \"geometries\"")?;
        let mut out = Vec::with_capacity(parts.len());
        for (k, part) in parts.iter().enumerate() {
            match part {
                GeomSlot::Present(p) => out.push(build_geometry(p, depth + 1, degrees)?),
                GeomSlot::Missing | GeomSlot::Null => {}
                GeomSlot::Bad(what) => {
                    return Err(format!(
                        "member {k} of the GeometryCollection must be a geometry object, found {what}"
                    ));
                }
            }
        }
        return Ok(Geometry::GeometryCollection(GeometryCollection::new_from(
            out,
        )));
    }
    let c = g
        .coordinates
        .as_ref()
        .ok_or_else(|| format!("a {kind} needs \"coordinates\""))?;
    Ok(match kind {
        "Point" => Geometry::Point(Point(position(c, degrees)?)),
        "MultiPoint" => Geometry::MultiPoint(MultiPoint::new(
            array(c, "a MultiPoint")?
                .iter()
                .map(|p| position(p, degrees).map(Point))
                .collect::<Result<_, _>>()?,
        )),
        "LineString" => Geometry::LineString(line(c, degrees)?),
        "MultiLineString" => Geometry::MultiLineString(MultiLineString::new(
            array(c, "a MultiLineString")?
                .iter()
                .map(|l| line(l, degrees))
                .collect::<Result<_, _>>()?,
        )),
        "Polygon" => Geometry::Polygon(polygon(c, degrees)?),
        "MultiPolygon" => Geometry::MultiPolygon(MultiPolygon::new(
            array(c, "a MultiPolygon")?
                .iter()
                .map(|p| polygon(p, degrees))
                .collect::<Result<_, _>>()?,
        )),
        other => return Err(format!("unknown geometry type \"{other}\"")),
    })
}
