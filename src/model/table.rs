//! The attribute table: one row per feature with its key figures as columns (country,
//! status, capacity, investment, completion), sorted by any column, copied as CSV.

use super::filter::countries_in;
use super::{Feature, FeatureRef, Status, flat_figures};
use std::cmp::Ordering;

/// The figures a feature's row shows, read once from its properties (a big file's features
/// are parsed once when it loads, never while the table scrolls).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyFigures {
    /// `country`, or a section's `countries`, joined ("KAZ, CHN").
    pub country: Option<String>,
    /// Mt/yr: the largest capacity figure.
    pub capacity_mt: Option<f64>,
    pub investment_usd_m: Option<f64>,
    pub investment_kzt_bn: Option<f64>,
    /// The completion year (the earliest given), from `figures` or a plain property.
    pub completion_year: Option<i32>,
}

impl KeyFigures {
    /// Read from the feature's properties (parsed once, here).
    pub fn of(f: &Feature) -> Self {
        let props = f.properties();
        let countries = countries_in(&props);
        let flat = flat_figures(&props, &f.figures);
        let all = || f.figures.iter().chain(flat.iter());
        let largest = |p: &str| {
            all()
                .filter(|g| g.property == p)
                .filter_map(|g| g.number())
                .reduce(f64::max)
        };
        let completion = all()
            .filter(|g| g.property == "completion_year")
            .filter_map(|g| g.number())
            .filter(|y| y.fract() == 0.0 && (1800.0..=2200.0).contains(y))
            .map(|y| y as i32)
            .min();
        Self {
            country: (!countries.is_empty()).then(|| countries.join(", ")),
            capacity_mt: f.capacity_mt_per_year,
            investment_usd_m: largest("investment_usd_m"),
            investment_kzt_bn: largest("investment_kzt_bn"),
            completion_year: completion,
        }
    }
}

/// The table's columns, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Kind,
    Status,
    Country,
    Capacity,
    InvestmentUsd,
    InvestmentKzt,
    Completion,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Name,
        Column::Kind,
        Column::Status,
        Column::Country,
        Column::Capacity,
        Column::InvestmentUsd,
        Column::InvestmentKzt,
        Column::Completion,
    ];

    /// The header, unit included.
    pub fn title(self) -> &'static str {
        match self {
            Column::Name => "Name",
            Column::Kind => "Kind",
            Column::Status => "Status",
            Column::Country => "Country",
            Column::Capacity => "Capacity Mt/yr",
            Column::InvestmentUsd => "Investment USD m",
            Column::InvestmentKzt => "Investment KZT bn",
            Column::Completion => "Completion",
        }
    }

    /// Numbers are right-aligned and sorted as numbers.
    pub fn is_number(self) -> bool {
        matches!(
            self,
            Column::Capacity | Column::InvestmentUsd | Column::InvestmentKzt | Column::Completion
        )
    }
}

/// One feature's row.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub r: FeatureRef,
    pub name: String,
    /// "Port", "Rail section".
    pub kind: String,
    /// The status drawn (the timeline year's, when it is on).
    pub status: Option<Status>,
    pub key: KeyFigures,
}

impl TableRow {
    pub fn new(r: FeatureRef, f: &Feature, status: Option<Status>, key: KeyFigures) -> Self {
        let kind = match f.mode {
            Some(m) => format!("{} section", m.label()),
            None => f.kind.label().to_string(),
        };
        Self {
            r,
            name: f.name.clone(),
            kind,
            status,
            key,
        }
    }

    fn number(&self, c: Column) -> Option<f64> {
        match c {
            Column::Capacity => self.key.capacity_mt,
            Column::InvestmentUsd => self.key.investment_usd_m,
            Column::InvestmentKzt => self.key.investment_kzt_bn,
            Column::Completion => self.key.completion_year.map(f64::from),
            _ => None,
        }
    }

    /// The cell as shown (and copied): empty where the value is unknown.
    pub fn cell(&self, c: Column) -> String {
        match c {
            Column::Name => self.name.clone(),
            Column::Kind => self.kind.clone(),
            Column::Status => self
                .status
                .map(|s| s.label().to_string())
                .unwrap_or_default(),
            Column::Country => self.key.country.clone().unwrap_or_default(),
            Column::Completion => self
                .key
                .completion_year
                .map(|y| y.to_string())
                .unwrap_or_default(),
            _ => self
                .number(c)
                .map(|n| super::format_number(n, false))
                .unwrap_or_default(),
        }
    }
}

/// Order `rows` by `column`; unknown values last either way, as QGIS sorts NULLs.
pub fn sort_rows(rows: &mut [TableRow], column: Column, ascending: bool) {
    let dir = |o: Ordering| if ascending { o } else { o.reverse() };
    if column.is_number() {
        rows.sort_by(|a, b| match (a.number(column), b.number(column)) {
            (Some(x), Some(y)) => dir(x.total_cmp(&y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        });
    } else {
        rows.sort_by_cached_key(|r| r.cell(column).to_lowercase());
        if !ascending {
            rows.reverse();
        }
        // Empty cells last either way.
        let blank = |r: &TableRow| r.cell(column).is_empty();
        rows.sort_by_key(blank);
    }
}

/// The rows as CSV, with the headers and each feature's id first.
pub fn to_csv<'a>(rows: impl IntoIterator<Item = (&'a str, &'a TableRow)>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id"];
    header.extend(Column::ALL.iter().map(|c| c.title()));
    // Writing to memory cannot fail; a record that could not be written is left out.
    let _ = w.write_record(&header);
    for (id, row) in rows {
        let mut record = vec![id.to_string()];
        record.extend(Column::ALL.iter().map(|c| row.cell(*c)));
        let _ = w.write_record(&record);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, capacity: Option<f64>) -> TableRow {
        TableRow {
            r: FeatureRef {
                layer: 0,
                feature: 0,
            },
            name: name.into(),
            kind: "Port".into(),
            status: Some(Status::Operational),
            key: KeyFigures {
                capacity_mt: capacity,
                country: Some("KAZ".into()),
                ..Default::default()
            },
        }
    }

    #[test]
    fn rows_sort_by_number_or_name_with_unknowns_last() {
        let mut rows = vec![row("b", None), row("A", Some(3.0)), row("c", Some(20.0))];
        sort_rows(&mut rows, Column::Capacity, false);
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["c", "A", "b"]);
        sort_rows(&mut rows, Column::Capacity, true);
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["A", "c", "b"]);
        sort_rows(&mut rows, Column::Name, true);
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["A", "b", "c"]);
    }

    #[test]
    fn csv_quotes_what_needs_it_and_leaves_unknowns_empty() {
        let rows = [row("Port of Aktau, \"container hub\"", None)];
        let text = to_csv(rows.iter().map(|r| ("aktau_port", r)));
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(
                "id,Name,Kind,Status,Country,Capacity Mt/yr,Investment USD m,Investment KZT bn,Completion"
            )
        );
        assert_eq!(
            lines.next(),
            Some("aktau_port,\"Port of Aktau, \"\"container hub\"\"\",Port,Operational,KAZ,,,,")
        );
    }
}
