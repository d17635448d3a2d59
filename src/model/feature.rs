//! A feature of a corridor layer: what it is, where, its figures and sources.

use super::figure::{is_year_property, period_label};
use super::{Figure, FigureValue, Kind, Mode, Source, Status, unit_of};
use geo::{BoundingRect, Geometry, Rect};
use serde_json::{Map, Value};

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
            out.push(Figure::new(key.clone(), FigureValue::Number(v)));
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

    /// The names in their own scripts, as (language, name): `name_local` first, unless it is
    /// one of the `name_kk`… names (then only that one, with its language).
    pub fn local_names(&self) -> Vec<(&'static str, String)> {
        let props = self.properties();
        let mut names: Vec<(&'static str, String)> = LOCAL_NAMES
            .iter()
            .filter_map(|(key, language)| {
                let name = props.get(*key)?.as_str()?.trim();
                (!name.is_empty()).then(|| (*language, name.to_string()))
            })
            .collect();
        if let Some(local) = names.first().filter(|(l, _)| *l == "Local").cloned()
            && names[1..].iter().any(|(_, n)| *n == local.1)
        {
            names.remove(0);
        }
        names
    }

    /// How exactly the position is known, from `position_precision`.
    pub fn position_precision(&self) -> Option<String> {
        self.text("position_precision").map(|p| {
            match p.as_str() {
                "exact" => "exact: the feature itself is pinned",
                "site" => "site: placed where a source describes the site",
                "town" => "town: a source names only the town",
                "approximate" => {
                    "approximate: the site is not known; drawn near a place the source names"
                }
                other => other,
            }
            .to_string()
        })
    }

    /// The citation of the source of the drawn status (`status_source`).
    pub fn status_source(&self) -> Option<String> {
        let id = self.text("status_source")?;
        Some(self.source(&id).map(Source::citation).unwrap_or(id))
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
}

/// Local-name properties and the language each is in, in the order shown.
pub const LOCAL_NAMES: [(&str, &str); 7] = [
    ("name_local", "Local"),
    ("name_kk", "Kazakh"),
    ("name_ru", "Russian"),
    ("name_az", "Azerbaijani"),
    ("name_ka", "Georgian"),
    ("name_tr", "Turkish"),
    ("name_zh", "Chinese"),
];

/// One row of a feature's figures as a planner reads them: "Investment (2025)",
/// "185.1 bn KZT (about 370 USD m)", and the source's citation.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    pub label: String,
    pub value: String,
    /// `None`: the file gives no source for it.
    pub source: Option<String>,
}

/// The order figures are read in: capacities first, then money, size, dates, statuses last.
const READING_ORDER: [&str; 14] = [
    "capacity_mt_per_year",
    "capacity_teu_per_year",
    "capacity_teu",
    "volume_mt",
    "investment_kzt_bn",
    "investment_usd_m",
    "area_ha",
    "length_km",
    "projects",
    "companies",
    "jobs",
    "vessels",
    "completion_year",
    "operating_term_until_year",
];

impl Feature {
    /// "Port", "Rail section · Under construction": what the feature is, in one line.
    pub fn what(&self) -> String {
        let what = match self.mode {
            Some(m) => format!("{} section", m.label()),
            None => self.kind.label().to_string(),
        };
        match self.status {
            Some(s) => format!("{what} · {}", s.label()),
            None => what,
        }
    }

    /// The figures grouped for reading (the details panel and the export's callout):
    /// an investment in tenge and the same one in dollars share a row.
    pub fn figure_rows(&self) -> Vec<FigureRow> {
        let mut figures = self.all_figures();
        figures.sort_by_key(|g| {
            READING_ORDER
                .iter()
                .position(|p| *p == g.property)
                .unwrap_or(if g.property == "status" { 99 } else { 50 })
        });
        let mut rows = Vec::new();
        let mut done = vec![false; figures.len()];
        for (i, fig) in figures.iter().enumerate() {
            if done[i] {
                continue;
            }
            done[i] = true;
            let mut value = fig.value_text();
            if fig.property == "investment_kzt_bn"
                && let Some((j, usd)) = figures.iter().enumerate().find(|(j, g)| {
                    !done[*j]
                        && g.property == "investment_usd_m"
                        && g.source == fig.source
                        && g.year == fig.year
                })
            {
                done[j] = true;
                value = format!("{value} (about {})", usd.value_text());
            }
            let mut label = fig.label();
            let mut extra = Vec::new();
            if let Some(q) = &fig.qualifier {
                extra.push(q.replace('_', " "));
            }
            if let Some(p) = &fig.period {
                extra.push(period_label(p));
            } else if let Some(y) = fig.year
                && !is_year_property(&fig.property)
            {
                extra.push(y.to_string());
            }
            if let Some(d) = &fig.as_of {
                extra.push(format!("as of {d}"));
            }
            if fig.computed {
                extra.push("computed".to_string());
            }
            if !extra.is_empty() {
                label = format!("{label} ({})", extra.join(", "));
            }
            if let Some(n) = &fig.note {
                value = format!("{value} — {n}");
            }
            if let Some(c) = &fig.conflict {
                value = format!("{value} — conflicting: {c}");
            }
            let source = fig.source.as_ref().map(|s| {
                let cited = self
                    .source(s)
                    .map(Source::citation)
                    .unwrap_or_else(|| s.clone());
                if fig.computed {
                    format!("computed from {cited}")
                } else {
                    cited
                }
            });
            rows.push(FigureRow {
                label,
                value,
                source,
            });
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(properties: &str) -> Feature {
        Feature {
            id: "f".into(),
            name: "F".into(),
            kind: Kind::Port,
            mode: None,
            status: None,
            geometry: Geometry::Point(geo::Point::new(51.0, 43.0)),
            figures: Vec::new(),
            sources: vec![Source {
                id: "s".into(),
                publication: "Trend".into(),
                date: "2025-12-20".into(),
                title: None,
                url: None,
            }],
            properties_json: serde_json::value::RawValue::from_string(properties.into())
                .expect("json"),
            capacity_mt_per_year: None,
            index: 0,
        }
    }

    fn figure(property: &str, value: f64, year: Option<i32>) -> Figure {
        Figure {
            year,
            source: Some("s".into()),
            ..Figure::new(property, FigureValue::Number(value))
        }
    }

    #[test]
    fn a_part_year_a_date_without_year_a_computed_value_and_a_conflict_say_so() {
        let mut f = feature("{}");
        f.figures = vec![
            Figure {
                year: Some(2025),
                period: Some("2025-01/2025-10".into()),
                ..figure("volume_mt", 5.0, Some(2025))
            },
            Figure {
                year: None,
                as_of: Some("2025-11-25".into()),
                ..figure("length_km", 13000.0, None)
            },
            Figure {
                computed: true,
                note: Some("4.5 / 0.8".into()),
                ..figure("growth_multiple", 5.6, None)
            },
            Figure {
                conflict: Some("Report.az gives 504 km".into()),
                ..figure("length_km", 405.0, None)
            },
        ];
        let rows = f.figure_rows();
        let row = |label: &str| rows.iter().find(|r| r.label.starts_with(label)).unwrap();
        let valued = |v: &str| rows.iter().find(|r| r.value.starts_with(v)).unwrap();
        assert_eq!(row("Volume").label, "Volume (Jan–Oct 2025)");
        assert_eq!(
            valued("13,000").label,
            "Length (as of 2025-11-25)",
            "{rows:?}"
        );
        let computed = row("growth multiple");
        assert_eq!(computed.label, "growth multiple (computed)");
        assert_eq!(computed.value, "5.6 — 4.5 / 0.8");
        assert_eq!(
            computed.source.as_deref(),
            Some("computed from Trend, 2025-12-20")
        );
        assert_eq!(
            valued("405").value,
            "405 km — conflicting: Report.az gives 504 km"
        );
    }

    #[test]
    fn an_investment_in_tenge_and_dollars_is_one_row_after_the_capacity() {
        let mut f = feature("{}");
        f.figures = vec![
            figure("investment_usd_m", 370.0, Some(2025)),
            figure("investment_kzt_bn", 185.1, Some(2025)),
            figure("capacity_mt_per_year", 25.0, None),
        ];
        let rows = f.figure_rows();
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].value, "25 Mt/yr");
        assert_eq!(rows[1].label, "Investment (2025)");
        assert_eq!(rows[1].value, "185.1 bn KZT (about 370 USD m)");
        assert_eq!(rows[1].source.as_deref(), Some("Trend, 2025-12-20"));
    }

    #[test]
    fn a_plain_figure_property_has_no_source() {
        let f = feature(r#"{"length_km": 152}"#);
        let rows = f.figure_rows();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].value, "152 km");
        assert_eq!(rows[0].source, None);
    }

    #[test]
    fn what_a_feature_is_reads_as_one_line() {
        let mut f = feature("{}");
        assert_eq!(f.what(), "Port");
        f.kind = Kind::Section;
        f.mode = Some(Mode::Rail);
        f.status = Some(Status::UnderConstruction);
        assert_eq!(f.what(), "Rail section · Under construction");
    }
}
