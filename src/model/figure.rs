//! Figures (a number or a dated statement about a feature) and the sources they come from.

use super::Status;

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
    /// The source gives no year: the date it was published ("2025-11-25").
    pub as_of: Option<String>,
    /// Part of a year the figure covers, ISO 8601 months ("2025-01/2025-10").
    pub period: Option<String>,
    /// Computed from the source's figures (the note says how), not quoted from it.
    pub computed: bool,
    /// Another source disagrees: which, and what it says.
    pub conflict: Option<String>,
}

impl Figure {
    /// A figure with only a property and a value.
    pub fn new(property: impl Into<String>, value: FigureValue) -> Self {
        Self {
            property: property.into(),
            value,
            year: None,
            qualifier: None,
            note: None,
            source: None,
            as_of: None,
            period: None,
            computed: false,
            conflict: None,
        }
    }
}

/// "2025-01/2025-10" → "Jan–Oct 2025"; "2024-11/2025-10" → "Nov 2024–Oct 2025"; anything
/// else is shown as written.
pub fn period_label(period: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = |s: &str| -> Option<(i32, &'static str)> {
        let (y, m) = s.split_once('-')?;
        let m: usize = m.parse().ok()?;
        Some((y.parse().ok()?, *MONTHS.get(m.checked_sub(1)?)?))
    };
    match period.split_once('/').map(|(a, b)| (month(a), month(b))) {
        Some((Some((y1, m1)), Some((y2, m2)))) if y1 == y2 && m1 == m2 => format!("{m1} {y1}"),
        Some((Some((y1, m1)), Some((y2, m2)))) if y1 == y2 => format!("{m1}–{m2} {y1}"),
        Some((Some((y1, m1)), Some((y2, m2)))) => format!("{m1} {y1}–{m2} {y2}"),
        _ => period.to_string(),
    }
}

/// Units of the figure properties of schema v1.
pub fn unit_of(property: &str) -> Option<(&'static str, &'static str)> {
    // (label, unit)
    Some(match property {
        "capacity_mt_per_year" => ("Capacity", "Mt/yr"),
        "capacity_teu_per_year" | "capacity_teu" => ("Container capacity", "TEU/yr"),
        "capacity_containers_per_year" => ("Container capacity", "containers/yr"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_as_months() {
        assert_eq!(period_label("2025-01/2025-10"), "Jan–Oct 2025");
        assert_eq!(period_label("2024-11/2025-10"), "Nov 2024–Oct 2025");
        assert_eq!(period_label("2025-03/2025-03"), "Mar 2025");
        assert_eq!(period_label("H1 2025"), "H1 2025");
        assert_eq!(period_label("2025-13/2025-14"), "2025-13/2025-14");
    }

    #[test]
    fn numbers_are_formatted_for_planners() {
        assert_eq!(format_number(200000.0, false), "200,000");
        assert_eq!(format_number(185.1, false), "185.1");
        assert_eq!(format_number(2026.0, true), "2026");
        assert_eq!(format_number(-1500.0, false), "-1,500");
    }

    #[test]
    fn a_figure_shows_its_unit() {
        let f = Figure::new("capacity_teu_per_year", FigureValue::Number(200000.0));
        assert_eq!(f.value_text(), "200,000 TEU/yr");
        assert_eq!(f.label(), "Container capacity");
    }
}
