//! Coordinate systems of foreign files, read as the file gives them (a `.prj` WKT, an EPSG
//! code from a GeoPackage, a FlatGeobuf header or a legacy GeoJSON `crs` member) and turned
//! into WGS 84 once, at load, with `proj4rs` (EPSG codes from `crs-definitions`, WKT through
//! `proj4wkt`).
//!
//! Datum shifts: a WKT often names its datum without the shift to WGS 84 (GDAL writes `.prj`
//! files that way), and PROJ then takes the shift from its database. For the datums of the
//! region we do the same with the transformation PROJ picks (`projinfo -s EPSG:4284 -t
//! EPSG:4326`): Pulkovo 1942 by EPSG:15865, Pulkovo 1995 by EPSG:5043. Other datums without a
//! shift are taken as WGS 84 (PROJ's "ballpark" too, e.g. Beijing 1954), and the layer says so.

use geo::{Coord, Geometry, MapCoordsInPlace};
use proj4rs::Proj;

/// WGS 84 longitude/latitude, degrees: nothing to do.
const WGS84: &str = "+proj=longlat +datum=WGS84 +no_defs";

/// The shifts to WGS 84 (position-vector `towgs84`: metres, arc-seconds, ppm) of datums whose
/// WKT may come without one: (normalised datum name, towgs84, the EPSG transformation).
const DATUM_SHIFTS: [(&str, &str, &str); 2] = [
    (
        "pulkovo1942",
        "25,-141,-78.5,0,0.35,0.736,0",
        "EPSG:15865 (Pulkovo 1942 to WGS 84 (16))",
    ),
    (
        "pulkovo1995",
        "24.47,-130.89,-81.56,0,0,0.13,-0.22",
        "EPSG:5043 (Pulkovo 1995 to WGS 84 (2))",
    ),
];

/// A file's coordinate system and how to bring it to WGS 84.
pub struct Crs {
    /// As read: "EPSG:28413", or the WKT's name ("Pulkovo_1942_GK_Zone_13").
    pub name: String,
    proj: Option<(Proj, Proj)>,
    /// Longitude/latitude in degrees (to radians before proj4rs), not metres.
    geographic: bool,
    /// What was assumed or added about the datum, said in the layer's warnings.
    pub note: Option<String>,
}

impl std::fmt::Debug for Crs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Crs")
            .field("name", &self.name)
            .field("note", &self.note)
            .finish()
    }
}

/// Lower case, letters and digits only, without an ESRI `D_` prefix.
fn norm(s: &str) -> String {
    let s = s.trim();
    let s = s.strip_prefix("D_").unwrap_or(s);
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

/// The first `KEY["name"` in a WKT.
fn wkt_name<'a>(wkt: &'a str, key: &str) -> Option<&'a str> {
    let at = wkt.find(&format!("{key}[\""))? + key.len() + 2;
    let rest = &wkt[at..];
    Some(&rest[..rest.find('"')?])
}

/// The top-level EPSG code of a WKT: its last `AUTHORITY["EPSG","n"]` (WKT 1) or
/// `ID["EPSG",n]` (WKT 2) — the one that closes the outermost bracket.
fn wkt_epsg(wkt: &str) -> Option<u16> {
    let t = wkt.trim_end().strip_suffix(']')?.trim_end();
    let t = t.strip_suffix(']')?;
    let open = t.rfind('[')?;
    let (key, inner) = (&t[..open], &t[open + 1..]);
    if !(key.trim_end_matches([',', ' ']).ends_with("AUTHORITY")
        || key.trim_end_matches([',', ' ']).ends_with("ID"))
    {
        return None;
    }
    let mut parts = inner.split(',').map(|p| p.trim().trim_matches('"'));
    (parts.next()?.eq_ignore_ascii_case("EPSG"))
        .then(|| parts.next()?.parse().ok())
        .flatten()
}

impl Crs {
    /// WGS 84 (or a file that says nothing and is read as WGS 84).
    pub fn wgs84(name: &str) -> Self {
        Self {
            name: name.to_string(),
            proj: None,
            geographic: true,
            note: None,
        }
    }

    pub fn is_wgs84(&self) -> bool {
        self.proj.is_none()
    }

    /// An EPSG code.
    pub fn from_epsg(code: i64) -> Result<Self, String> {
        let name = format!("EPSG:{code}");
        if code == 4326 {
            return Ok(Self::wgs84(&name));
        }
        let def = u16::try_from(code)
            .ok()
            .and_then(crs_definitions::from_code)
            .ok_or_else(|| format!("the coordinate system {name} is not one this program knows"))?;
        let datum = wkt_name(def.wkt, "DATUM").unwrap_or_default();
        Self::from_proj_string(name, def.proj4, datum)
    }

    /// A WKT (a `.prj` file, a GeoPackage definition), WKT 1, ESRI or WKT 2.
    pub fn from_wkt(wkt: &str) -> Result<Self, String> {
        if let Some(code) = wkt_epsg(wkt)
            && let Ok(c) = Self::from_epsg(code.into())
        {
            return Ok(c);
        }
        let name = ["PROJCS", "GEOGCS", "PROJCRS", "GEOGCRS", "GEODCRS"]
            .iter()
            .find_map(|k| wkt_name(wkt, k))
            .unwrap_or("unnamed")
            .to_string();
        let projstring = proj4wkt::wkt_to_projstring(wkt)
            .map_err(|e| format!("the coordinate system \"{name}\" cannot be read: {e}"))?;
        let datum = wkt_name(wkt, "DATUM").unwrap_or_default().to_string();
        Self::from_proj_string(name, &projstring, &datum)
    }

    /// A name as a GeoJSON `crs` member or a URL gives it: "EPSG:3857",
    /// "urn:ogc:def:crs:EPSG::3857", "urn:ogc:def:crs:OGC:1.3:CRS84".
    pub fn from_name(name: &str) -> Result<Self, String> {
        let t = name.trim();
        if t.to_ascii_uppercase().ends_with("CRS84") {
            return Ok(Self::wgs84(t));
        }
        let code = t
            .rsplit([':', '/'])
            .next()
            .and_then(|c| c.parse::<i64>().ok())
            .filter(|_| t.to_ascii_uppercase().contains("EPSG"))
            .ok_or_else(|| {
                format!("the coordinate system \"{t}\" is not one this program knows")
            })?;
        let mut c = Self::from_epsg(code)?;
        c.name = t.to_string();
        Ok(c)
    }

    fn from_proj_string(name: String, projstring: &str, datum: &str) -> Result<Self, String> {
        let mut projstring = projstring.trim().to_string();
        let mut note = None;
        let datum_key = norm(datum);
        let known =
            DATUM_SHIFTS.iter().find(
                |(d, _, _)| datum_key == *d || datum_key == format!("{d}1"), /* "_1" */
            );
        if let Some((_, shift, how)) = known {
            projstring = projstring
                .split_whitespace()
                .filter(|p| !p.starts_with("+towgs84="))
                .collect::<Vec<_>>()
                .join(" ");
            projstring = format!("{projstring} +towgs84={shift}");
            note = Some(format!("datum {datum} shifted to WGS 84 by {how}"));
        } else if !projstring.contains("+towgs84=")
            && !projstring.contains("+datum=")
            && !projstring.contains("WGS84")
            && !projstring.contains("GRS80")
            && !datum_key.is_empty()
            && !datum_key.contains("wgs1984")
            && !datum_key.contains("wgs84")
        {
            note = Some(format!(
                "datum {datum}: no shift to WGS 84 is known, taken as WGS 84 (positions may be \
                 off by up to a few hundred metres)"
            ));
        }
        let src = Proj::from_proj_string(&projstring).map_err(|e| {
            format!("the coordinate system \"{name}\" ({projstring}) cannot be used: {e}")
        })?;
        let dst =
            Proj::from_proj_string(WGS84).map_err(|e| format!("WGS 84 cannot be set up: {e}"))?;
        Ok(Self {
            geographic: src.is_latlong(),
            proj: Some((src, dst)),
            name,
            note,
        })
    }

    /// A box in WGS 84 degrees as a box in this system that holds it (its edges sampled, as a
    /// projected box's sides curve). `None` where it cannot be put in this system.
    pub fn bbox_from_wgs84(&self, b: [f64; 4]) -> Option<[f64; 4]> {
        let Some((src, dst)) = &self.proj else {
            return Some(b);
        };
        let (s, n) = (b[1].max(-89.0), b[3].min(89.0));
        let mut out = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        const STEPS: usize = 8;
        for i in 0..=STEPS {
            for j in 0..=STEPS {
                let lon = b[0] + (b[2] - b[0]) * i as f64 / STEPS as f64;
                let lat = s + (n - s) * j as f64 / STEPS as f64;
                let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
                if proj4rs::transform::transform(dst, src, &mut p).is_err()
                    || !p.0.is_finite()
                    || !p.1.is_finite()
                {
                    continue;
                }
                let (x, y) = if self.geographic {
                    (p.0.to_degrees(), p.1.to_degrees())
                } else {
                    (p.0, p.1)
                };
                out = [out[0].min(x), out[1].min(y), out[2].max(x), out[3].max(y)];
            }
        }
        out[0].is_finite().then_some(out)
    }

    /// Bring `g` to WGS 84 degrees. An error names the first point that cannot be.
    pub fn to_wgs84(&self, g: &mut Geometry<f64>) -> Result<(), String> {
        let Some((src, dst)) = &self.proj else {
            return Ok(());
        };
        let one = |c: Coord<f64>| {
            let mut p = if self.geographic {
                (c.x.to_radians(), c.y.to_radians(), 0.0)
            } else {
                (c.x, c.y, 0.0)
            };
            match proj4rs::transform::transform(src, dst, &mut p) {
                Ok(()) if p.0.is_finite() && p.1.is_finite() => Ok(Coord {
                    x: p.0.to_degrees(),
                    y: p.1.to_degrees(),
                }),
                Ok(()) => Err(format!("({}, {}) has no position in WGS 84", c.x, c.y)),
                Err(e) => Err(format!("({}, {}) cannot be reprojected: {e}", c.x, c.y)),
            }
        };
        each_coord(g, &one)
    }
}

/// `f` over every coordinate of `g`. By hand over the kinds of geometry because geo's
/// `try_map_coords_in_place` on a `Geometry` recurses into collections with a new closure
/// type each level, which the compiler cannot instantiate.
fn each_coord(
    g: &mut Geometry<f64>,
    f: &dyn Fn(Coord<f64>) -> Result<Coord<f64>, String>,
) -> Result<(), String> {
    match g {
        Geometry::GeometryCollection(c) => c.iter_mut().try_for_each(|g| each_coord(g, f)),
        Geometry::Point(x) => x.try_map_coords_in_place(f),
        Geometry::Line(x) => x.try_map_coords_in_place(f),
        Geometry::LineString(x) => x.try_map_coords_in_place(f),
        Geometry::Polygon(x) => x.try_map_coords_in_place(f),
        Geometry::MultiPoint(x) => x.try_map_coords_in_place(f),
        Geometry::MultiLineString(x) => x.try_map_coords_in_place(f),
        Geometry::MultiPolygon(x) => x.try_map_coords_in_place(f),
        Geometry::Rect(x) => x.try_map_coords_in_place(f),
        Geometry::Triangle(x) => x.try_map_coords_in_place(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(crs: &Crs, x: f64, y: f64) -> (f64, f64) {
        let mut g = Geometry::Point(geo::Point::new(x, y));
        crs.to_wgs84(&mut g).expect("reprojects");
        let Geometry::Point(p) = g else {
            unreachable!()
        };
        (p.x(), p.y())
    }

    #[test]
    fn web_mercator_and_utm_by_epsg_code() {
        // Almaty, as `gdaltransform -s_srs EPSG:4326 -t_srs EPSG:3857` gives it.
        let m = Crs::from_epsg(3857).expect("known");
        let (x, y) = point(&m, 8_563_652.579_439_43, 5_351_126.184_294_76);
        assert!(
            (x - 76.9286).abs() < 1e-6 && (y - 43.2567).abs() < 1e-6,
            "{x} {y}"
        );
        let u = Crs::from_name("urn:ogc:def:crs:EPSG::32643").expect("known");
        assert_eq!(u.name, "urn:ogc:def:crs:EPSG::32643");
        assert!(!u.is_wgs84());
    }

    #[test]
    fn an_esri_prj_of_pulkovo_gets_the_datum_shift_proj_uses() {
        let wkt = r#"PROJCS["Pulkovo_1942_GK_Zone_13",GEOGCS["GCS_Pulkovo_1942",DATUM["D_Pulkovo_1942",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",13500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",75.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        let c = Crs::from_wkt(wkt).expect("readable");
        assert_eq!(c.name, "Pulkovo_1942_GK_Zone_13");
        assert!(c.note.as_deref().is_some_and(|n| n.contains("EPSG:15865")));
        // PROJ's EPSG:15865 pipeline (`projinfo -s EPSG:4326 -t EPSG:28413`, run by `cct`):
        // 80.3003, 44.1917 (Altynkol).
        let (x, y) = point(&c, 13_923_812.096_5, 4_908_856.328_5);
        let m_per_deg = 111_320.0;
        let dx = (x - 80.3003) * m_per_deg * 44.19_f64.to_radians().cos();
        let dy = (y - 44.1917) * m_per_deg;
        assert!(dx.hypot(dy) < 1.0, "{dx} m, {dy} m off");
    }

    #[test]
    fn a_view_is_put_in_the_files_system() {
        let m = Crs::from_epsg(3857).expect("known");
        let b = m
            .bbox_from_wgs84([76.9115, 43.2525, 76.9115, 43.2525])
            .expect("a box");
        assert!(
            (b[0] - 8_561_749.016).abs() < 0.01 && (b[1] - 5_350_484.235).abs() < 0.01,
            "{b:?}"
        );
        let w = Crs::wgs84("EPSG:4326");
        assert_eq!(
            w.bbox_from_wgs84([1.0, 2.0, 3.0, 4.0]),
            Some([1.0, 2.0, 3.0, 4.0])
        );
    }

    #[test]
    fn the_epsg_code_of_a_wkt_is_its_outermost_authority() {
        let wkt = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]"#;
        assert_eq!(wkt_epsg(wkt), Some(4326));
        assert!(Crs::from_wkt(wkt).expect("known").is_wgs84());
        assert_eq!(
            wkt_epsg(r#"GEOGCS["x",DATUM["y",SPHEROID["z",1,2]]]"#),
            None
        );
    }

    #[test]
    fn an_unknown_system_is_a_clear_error() {
        let e = Crs::from_epsg(99_999).expect_err("unknown");
        assert!(e.contains("EPSG:99999"), "{e}");
        let e = Crs::from_name("urn:x:local:grid").expect_err("unknown");
        assert!(e.contains("urn:x:local:grid"), "{e}");
    }
}
