//! A loaded file (a layer of features) and where it came from.

use super::Feature;
use geo::Rect;
use std::fmt;
use std::path::PathBuf;

/// Index of a layer in the loaded data, in drawing order.
pub type LayerId = usize;

/// A reference to one feature: its layer and its index there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FeatureRef {
    pub layer: LayerId,
    pub feature: usize,
}

/// Where a layer came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary (the default dataset).
    Embedded(String),
    File(PathBuf),
    /// One layer of a file that holds several (a GeoPackage table, a shapefile in a zip).
    Part {
        file: PathBuf,
        part: String,
    },
    /// A database table: the URL (without password, with `?layer=`) and `schema.table`.
    Database {
        url: String,
        table: String,
    },
}

impl Origin {
    /// The file it came from, if any.
    pub fn file(&self) -> Option<&std::path::Path> {
        match self {
            Origin::Embedded(_) => None,
            Origin::File(p) | Origin::Part { file: p, .. } => Some(p),
            Origin::Database { .. } => None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Embedded(name) => write!(f, "{name} (built in)"),
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Database { url, .. } => write!(f, "{url}"),
            Origin::Part { file, part } => write!(f, "{} ({part})", file.display()),
        }
    }
}

/// A fresh id for a loaded layer: a reloaded file gets a new one, so whatever was made from
/// the old version (prepared geometry, cached frames) is not taken for the new one.
pub fn next_layer_uid() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// One loaded file.
#[derive(Debug, Clone)]
pub struct Layer {
    /// Unique per load (see [`next_layer_uid`]).
    pub uid: u64,
    pub name: String,
    pub origin: Origin,
    pub features: Vec<Feature>,
    /// Follows our schema (`schema_version` present): its unknown kinds are warned about.
    pub corridor_schema: bool,
    /// Problems that did not stop the file from loading.
    pub warnings: Vec<String>,
    /// The coordinate system as the file gave it ("EPSG:28413", a `.prj`'s name), when it is
    /// in a format that says one; the features are in WGS 84 whatever it was.
    pub crs: Option<String>,
}

impl Layer {
    pub fn bbox(&self) -> Option<Rect<f64>> {
        union_rects(self.features.iter().filter_map(Feature::bbox))
    }

    /// The index of the feature with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.features.iter().position(|f| f.id == id)
    }
}

/// Union of rectangles.
pub fn union_rects(rects: impl Iterator<Item = Rect<f64>>) -> Option<Rect<f64>> {
    rects.reduce(|a, b| {
        Rect::new(
            geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
            geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
        )
    })
}
