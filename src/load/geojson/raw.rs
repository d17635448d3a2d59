//! The raw serde layer of the GeoJSON reader: only structure, no judgement. Coordinates are
//! read into a light tree so that a 2-million-vertex file does not become 2 million
//! `serde_json::Value`s; values of the wrong shape are described ("a string") for the
//! problem report rather than failing the whole parse.

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// Nested coordinate arrays as found in the file.
#[derive(Debug, Clone)]
pub(super) enum Coords {
    Num(f64),
    /// An array of numbers, kept inline: (x, y, how many numbers, what was wrong).
    Pos([f64; 2], u8, Option<&'static str>),
    Arr(Vec<Coords>),
    /// Something that is neither a number nor an array (a string, null, an object…).
    Bad(&'static str),
}

impl<'de> Deserialize<'de> for Coords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Coords;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("coordinates")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Coords, E> {
                Ok(Coords::Num(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Coords, E> {
                Ok(Coords::Num(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Coords, E> {
                Ok(Coords::Num(v as f64))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Coords, E> {
                Ok(Coords::Bad("a string"))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Coords, E> {
                Ok(Coords::Bad("a boolean"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Coords, E> {
                Ok(Coords::Bad("null"))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Coords, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Coords::Bad("an object"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Coords, A::Error> {
                let Some(first) = seq.next_element::<Coords>()? else {
                    return Ok(Coords::Arr(Vec::new()));
                };
                if let Coords::Num(x) = first {
                    // A position: numbers inline, no allocation.
                    let mut xy = [x, 0.0];
                    let mut n: u8 = 1;
                    let mut bad = None;
                    while let Some(c) = seq.next_element::<Coords>()? {
                        match c {
                            Coords::Num(v) => {
                                if n == 1 {
                                    xy[1] = v;
                                }
                                n = n.saturating_add(1);
                            }
                            Coords::Bad(what) => bad = bad.or(Some(what)),
                            _ => bad = bad.or(Some("an array")),
                        }
                    }
                    return Ok(Coords::Pos(xy, n, bad));
                }
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(4).min(4096) + 1);
                v.push(first);
                while let Some(c) = seq.next_element::<Coords>()? {
                    v.push(c);
                }
                Ok(Coords::Arr(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A geometry object. The members of a GeometryCollection are slots, so that one of the
/// wrong shape (`false`) is reported on the feature instead of failing the whole parse.
#[derive(Debug, Deserialize)]
pub(super) struct RawGeometry {
    #[serde(rename = "type")]
    pub kind: Option<Value>,
    pub coordinates: Option<Coords>,
    pub geometries: Option<Vec<GeomSlot>>,
}

/// A feature whose geometry is kept raw until we judge it.
#[derive(Debug, Deserialize)]
pub(super) struct RawFeature {
    #[serde(rename = "type")]
    pub kind: Option<Value>,
    pub id: Option<Value>,
    #[serde(default)]
    pub geometry: GeomSlot,
    pub properties: Option<Box<serde_json::value::RawValue>>,
}

#[derive(Debug, Default)]
pub(super) enum GeomSlot {
    #[default]
    Missing,
    Null,
    Present(Box<RawGeometry>),
    Bad(&'static str),
}

/// The visitor methods for a number, string, boolean or null where something else belongs:
/// each is described ("a string") and handed, with the visitor, to `$take`. With `not null`,
/// null is left to the visitor.
macro_rules! describe_scalars {
    (not null, $take:expr) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Describe.visit_bool(v).map(|what| ($take)(self, what))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Describe.visit_i64(v).map(|what| ($take)(self, what))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Describe.visit_u64(v).map(|what| ($take)(self, what))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Describe.visit_f64(v).map(|what| ($take)(self, what))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Describe.visit_str(v).map(|what| ($take)(self, what))
        }
    };
    ($take:expr) => {
        describe_scalars!(not null, $take);
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Describe.visit_unit().map(|what| ($take)(self, what))
        }
    };
}
pub(super) use describe_scalars;

/// Consume and describe a JSON value that has the wrong shape.
pub(super) struct Describe;
impl<'de> Visitor<'de> for Describe {
    type Value = &'static str;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok("a boolean")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok("a number")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok("a number")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok("a number")
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok("a string")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok("null")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok("an array")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok("an object")
    }
}

impl<'de> Deserialize<'de> for GeomSlot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = GeomSlot;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a geometry object or null")
            }
            fn visit_unit<E: de::Error>(self) -> Result<GeomSlot, E> {
                Ok(GeomSlot::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<GeomSlot, E> {
                Ok(GeomSlot::Null)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<GeomSlot, A::Error> {
                RawGeometry::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|g| GeomSlot::Present(Box::new(g)))
            }
            describe_scalars!(not null, |_, what| GeomSlot::Bad(what));
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<GeomSlot, A::Error> {
                Describe.visit_seq(seq).map(GeomSlot::Bad)
            }
        }
        d.deserialize_any(V)
    }
}

/// What a JSON value is, for messages: "a string", "an object", "null".
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
