//! The corridor data model: features with typed attributes, their figures and sources.
//!
//! Nothing here knows about egui; everything can be loaded, validated and analysed in plain
//! unit tests.

use geo::{BoundingRect, Geometry, Rect};
use serde_json::{Map, Value};
use std::fmt;
use std::path::PathBuf;

/// What a point, zone or line is, in the planner's words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Kind {
    Port,
    LogisticsHub,
    SpecialEconomicZone,
    IndustrialZone,
    BorderCrossing,
    RailStation,
    City,
    Airport,
    /// A rail, road or sea section (see [`Mode`]).
    Section,
    /// A value we do not know; drawn with a neutral style.
    Other(String),
}

impl Kind {
    /// The kinds our schema defines, in legend order.
    pub const KNOWN: [Kind; 9] = [
        Kind::Port,
        Kind::LogisticsHub,
        Kind::SpecialEconomicZone,
        Kind::IndustrialZone,
        Kind::BorderCrossing,
        Kind::RailStation,
        Kind::Airport,
        Kind::City,
        Kind::Section,
    ];

    /// Parse a `kind` value; also returns the mode implied by an alias such as `rail_section`.
    pub fn parse(raw: &str) -> (Kind, Option<Mode>) {
        let kind = match raw.trim().to_ascii_lowercase().as_str() {
            "port" | "seaport" => Kind::Port,
            "logistics_hub" | "hub" | "dry_port" | "container_terminal" => Kind::LogisticsHub,
            "special_economic_zone" | "sez" => Kind::SpecialEconomicZone,
            "industrial_zone" => Kind::IndustrialZone,
            "border_crossing" | "border" => Kind::BorderCrossing,
            "rail_station" | "station" => Kind::RailStation,
            "city" | "town" => Kind::City,
            "airport" => Kind::Airport,
            "section" => Kind::Section,
            "rail_section" | "railway" => return (Kind::Section, Some(Mode::Rail)),
            "road_section" | "road" => return (Kind::Section, Some(Mode::Road)),
            "sea_route" | "sea_lane" | "sea_section" => return (Kind::Section, Some(Mode::Sea)),
            _ => Kind::Other(raw.to_string()),
        };
        (kind, None)
    }

    /// The value used in files.
    pub fn key(&self) -> &str {
        match self {
            Kind::Port => "port",
            Kind::LogisticsHub => "logistics_hub",
            Kind::SpecialEconomicZone => "special_economic_zone",
            Kind::IndustrialZone => "industrial_zone",
            Kind::BorderCrossing => "border_crossing",
            Kind::RailStation => "rail_station",
            Kind::City => "city",
            Kind::Airport => "airport",
            Kind::Section => "section",
            Kind::Other(s) => s,
        }
    }

    /// Human-readable label.
    pub fn label(&self) -> &str {
        match self {
            Kind::Port => "Port",
            Kind::LogisticsHub => "Logistics hub",
            Kind::SpecialEconomicZone => "Special economic zone",
            Kind::IndustrialZone => "Industrial zone",
            Kind::BorderCrossing => "Border crossing",
            Kind::RailStation => "Rail station",
            Kind::City => "City",
            Kind::Airport => "Airport",
            Kind::Section => "Section",
            Kind::Other(_) => "Other feature",
        }
    }
}

/// Transport mode of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Rail,
    Road,
    Sea,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Rail, Mode::Road, Mode::Sea];

    pub fn parse(raw: &str) -> Option<Mode> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "rail" | "railway" => Some(Mode::Rail),
            "road" | "highway" => Some(Mode::Road),
            "sea" | "sea_lane" | "ferry" | "maritime" => Some(Mode::Sea),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mode::Rail => "Rail",
            Mode::Road => "Road",
            Mode::Sea => "Sea lane",
        }
    }
}

/// Project status, drawn as solid / dashed / dotted lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Operational,
    UnderConstruction,
    Planned,
}

impl Status {
    pub const ALL: [Status; 3] = [
        Status::Operational,
        Status::UnderConstruction,
        Status::Planned,
    ];

    pub fn parse(raw: &str) -> Option<Status> {
        match raw
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "operational" | "operating" | "open" | "completed" | "existing" => {
                Some(Status::Operational)
            }
            "under_construction" | "construction" | "upgrading" | "in_progress" => {
                Some(Status::UnderConstruction)
            }
            "planned" | "proposed" | "projected" => Some(Status::Planned),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Operational => "Operational",
            Status::UnderConstruction => "Under construction",
            Status::Planned => "Planned",
        }
    }
}

/// Where a figure comes from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Source {
    pub id: String,
    pub publication: String,
    pub date: String,
    pub title: Option<String>,
    pub url: Option<String>,
}

impl Source {
    /// "Trend News Agency, 2025-12-20".
    pub fn citation(&self) -> String {
        if self.date.is_empty() {
            self.publication.clone()
        } else {
            format!("{}, {}", self.publication, self.date)
        }
    }
}

/// The value of a figure: a number, or text for statuses.
#[derive(Debug, Clone, PartialEq)]
pub enum FigureValue {
    Number(f64),
    Text(String),
}

/// One quantitative or dated statement about a feature, with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// What is measured, unit in the name (`capacity_mt_per_year`).
    pub property: String,
    pub value: FigureValue,
    pub year: Option<i32>,
    pub qualifier: Option<String>,
    pub note: Option<String>,
    /// Id of a [`Source`] of the same feature; `None` for plain properties of foreign files.
    pub source: Option<String>,
}

/// Units of the figure properties of schema v1.
pub fn unit_of(property: &str) -> Option<(&'static str, &'static str)> {
    // (label, unit)
    Some(match property {
        "capacity_mt_per_year" => ("Capacity", "Mt/yr"),
        "capacity_teu_per_year" | "capacity_teu" => ("Container capacity", "TEU/yr"),
        "volume_mt" => ("Volume", "Mt"),
        "investment_kzt_bn" => ("Investment", "bn KZT"),
        "investment_usd_m" => ("Investment", "USD m"),
        "jobs" => ("Jobs", "jobs"),
        "projects" => ("Projects", "projects"),
        "companies" => ("Registered companies", "companies"),
        "area_ha" => ("Area", "ha"),
        "length_km" => ("Length", "km"),
        "completion_year" => ("Completion", ""),
        "operating_term_until_year" => ("Operating term until", ""),
        "vessels" => ("Vessels", "ships"),
        "growth_pct" => ("Growth", "%"),
        "status" => ("Status", ""),
        _ => return None,
    })
}

impl Figure {
    /// "25 Mt/yr" / "185.1 bn KZT" / "2026".
    pub fn value_text(&self) -> String {
        match &self.value {
            FigureValue::Text(t) => Status::parse(t)
                .map(|s| s.label().to_string())
                .unwrap_or_else(|| t.clone()),
            FigureValue::Number(n) => {
                let unit = unit_of(&self.property).map(|(_, u)| u).unwrap_or("");
                let number = format_number(*n, is_year_property(&self.property));
                if unit.is_empty() {
                    number
                } else {
                    format!("{number} {unit}")
                }
            }
        }
    }

    /// "Capacity" or the raw property name.
    pub fn label(&self) -> String {
        unit_of(&self.property)
            .map(|(l, _)| l.to_string())
            .unwrap_or_else(|| self.property.replace('_', " "))
    }

    pub fn number(&self) -> Option<f64> {
        match self.value {
            FigureValue::Number(n) => Some(n),
            FigureValue::Text(_) => None,
        }
    }
}

/// Properties whose value is a calendar year.
pub fn is_year_property(p: &str) -> bool {
    p.ends_with("_year") && !p.ends_with("_per_year")
}

/// Formats with thousands separators, trimming trailing zeros ("200,000", "185.1").
pub fn format_number(n: f64, is_year: bool) -> String {
    if is_year || (n.fract() == 0.0 && n.abs() < 1e15) {
        let i = n as i64;
        if is_year {
            return i.to_string();
        }
        let digits = i.abs().to_string();
        let mut out = String::new();
        for (k, c) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if i < 0 {
            out.insert(0, '-');
        }
        return out;
    }
    let s = format!("{n:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Index of a layer in the [`Dataset`].
pub type LayerId = usize;

/// A feature of a corridor layer.
#[derive(Debug, Clone)]
pub struct Feature {
    /// The Feature's `id` (or properties.id, or `#index`).
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub mode: Option<Mode>,
    pub status: Option<Status>,
    pub geometry: Geometry<f64>,
    /// The figures of the `figures` array (with their sources).
    pub figures: Vec<Figure>,
    pub sources: Vec<Source>,
    /// Every property of the file (unknown ones included), as the JSON text read; parsed on
    /// demand so that a 100k-feature file does not hold 100k maps.
    pub properties_json: Box<serde_json::value::RawValue>,
    /// Capacity in Mt/yr (the largest figure), kept for styling.
    pub capacity_mt_per_year: Option<f64>,
    /// Index within its file.
    pub index: usize,
}

/// Figures given as plain properties (`"capacity_mt_per_year": 25`), without a source.
pub fn flat_figures(props: &Map<String, Value>, explicit: &[Figure]) -> Vec<Figure> {
    let mut out = Vec::new();
    for (key, value) in props {
        if key == "figures" || key == "status" || unit_of(key).is_none() {
            continue;
        }
        if let Some(v) = value.as_f64()
            && v.is_finite()
            && !explicit.iter().any(|f| &f.property == key)
        {
            out.push(Figure {
                property: key.clone(),
                value: FigureValue::Number(v),
                year: None,
                qualifier: None,
                note: None,
                source: None,
            });
        }
    }
    out
}

impl Feature {
    /// Every property, parsed from the stored JSON.
    pub fn properties(&self) -> Map<String, Value> {
        serde_json::from_str(self.properties_json.get()).unwrap_or_default()
    }

    /// The `figures` array and the plain figure properties together.
    pub fn all_figures(&self) -> Vec<Figure> {
        let mut all = self.figures.clone();
        all.extend(flat_figures(&self.properties(), &self.figures));
        all
    }

    /// The first figure for `property`.
    pub fn figure(&self, property: &str) -> Option<Figure> {
        self.all_figures()
            .into_iter()
            .find(|f| f.property == property)
    }

    pub fn number(&self, property: &str) -> Option<f64> {
        self.all_figures()
            .iter()
            .filter(|f| f.property == property)
            .filter_map(Figure::number)
            .reduce(f64::max)
    }

    /// The capacity a planner reads first: Mt/yr, else TEU/yr.
    pub fn headline_capacity(&self) -> Option<String> {
        [
            "capacity_mt_per_year",
            "capacity_teu_per_year",
            "capacity_teu",
        ]
        .iter()
        .find_map(|p| {
            self.figures
                .iter()
                .filter(|f| &f.property == p)
                .max_by(|a, b| {
                    a.number()
                        .unwrap_or(0.0)
                        .total_cmp(&b.number().unwrap_or(0.0))
                })
                .map(|f| {
                    let mut s = f.value_text();
                    if let Some(q) = &f.qualifier {
                        s.push_str(&format!(" ({})", q.replace('_', " ")));
                    }
                    s
                })
        })
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn text(&self, property: &str) -> Option<String> {
        self.properties()
            .get(property)
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    pub fn bbox(&self) -> Option<Rect<f64>> {
        self.geometry.bounding_rect()
    }

    pub fn is_line(&self) -> bool {
        matches!(
            self.geometry,
            Geometry::LineString(_) | Geometry::MultiLineString(_)
        )
    }

    pub fn is_area(&self) -> bool {
        matches!(
            self.geometry,
            Geometry::Polygon(_) | Geometry::MultiPolygon(_) | Geometry::Rect(_)
        )
    }
}

/// Where a layer came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary (the default dataset).
    Embedded(String),
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Embedded(name) => write!(f, "{name} (built in)"),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A fresh id for a loaded layer (caches of prepared geometry are keyed by it).
pub fn next_layer_uid() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// One loaded file.
#[derive(Debug, Clone)]
pub struct Layer {
    /// Unique per load: a reloaded file gets a new uid.
    pub uid: u64,
    pub name: String,
    pub origin: Origin,
    pub features: Vec<Feature>,
    /// Follows our schema (`schema_version` present): styled by kind; otherwise neutral.
    pub corridor_schema: bool,
    pub visible: bool,
    /// Problems that did not stop the file from loading.
    pub warnings: Vec<String>,
}

impl Layer {
    pub fn bbox(&self) -> Option<Rect<f64>> {
        union_rects(self.features.iter().filter_map(Feature::bbox))
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

/// A reference to one feature of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FeatureRef {
    pub layer: LayerId,
    pub feature: usize,
}

/// All loaded layers.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub layers: Vec<Layer>,
}

impl Dataset {
    pub fn get(&self, r: FeatureRef) -> Option<&Feature> {
        self.layers.get(r.layer)?.features.get(r.feature)
    }

    /// Find a feature by id across all layers.
    pub fn find(&self, id: &str) -> Option<FeatureRef> {
        self.layers.iter().enumerate().find_map(|(l, layer)| {
            layer
                .features
                .iter()
                .position(|f| f.id == id)
                .map(|i| FeatureRef {
                    layer: l,
                    feature: i,
                })
        })
    }

    pub fn bbox(&self) -> Option<Rect<f64>> {
        union_rects(self.layers.iter().filter_map(Layer::bbox))
    }

    /// Add a layer, or replace one that came from the same origin. Returns its id.
    pub fn add_or_replace(&mut self, mut layer: Layer) -> LayerId {
        if let Some(i) = self.layers.iter().position(|l| l.origin == layer.origin) {
            layer.visible = self.layers[i].visible;
            self.layers[i] = layer;
            i
        } else {
            self.layers.push(layer);
            self.layers.len() - 1
        }
    }

    pub fn feature_count(&self) -> usize {
        self.layers.iter().map(|l| l.features.len()).sum()
    }
}

/// A corridor-wide figure with a year series (`geodata/indicators.json`).
#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub series: Vec<Figure>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_for_planners() {
        assert_eq!(format_number(200000.0, false), "200,000");
        assert_eq!(format_number(185.1, false), "185.1");
        assert_eq!(format_number(2026.0, true), "2026");
        assert_eq!(format_number(-1500.0, false), "-1,500");
    }

    #[test]
    fn aliases_from_other_datasets_map_to_our_kinds() {
        assert_eq!(Kind::parse("hub").0, Kind::LogisticsHub);
        assert_eq!(
            Kind::parse("rail_section"),
            (Kind::Section, Some(Mode::Rail))
        );
        assert_eq!(Kind::parse("windmill").0, Kind::Other("windmill".into()));
    }

    #[test]
    fn a_figure_shows_its_unit() {
        let f = Figure {
            property: "capacity_teu_per_year".into(),
            value: FigureValue::Number(200000.0),
            year: None,
            qualifier: None,
            note: None,
            source: None,
        };
        assert_eq!(f.value_text(), "200,000 TEU/yr");
        assert_eq!(f.label(), "Container capacity");
    }
}
