//! What a legend lists: the kinds, modes and statuses some features show. One builder serves
//! the window's legend panel and the export's legend, so both follow the same rules.

use super::{Feature, Kind, Mode, Status};

/// One row of a legend.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LegendEntry {
    /// A point symbol (never [`Kind::Other`]).
    Kind(Kind),
    /// A line colour.
    Mode(Mode),
    /// A line style (solid, dashed, dotted).
    Status(Status),
    /// Features of a kind or mode we do not know, drawn in the neutral style.
    Other,
}

impl LegendEntry {
    pub fn label(&self) -> &str {
        match self {
            LegendEntry::Kind(k) => k.label(),
            LegendEntry::Mode(m) => m.label(),
            LegendEntry::Status(s) => s.label(),
            LegendEntry::Other => "Other data",
        }
    }

    /// Legend order: point kinds as [`Kind::KNOWN`], then line modes, statuses, other.
    fn rank(&self) -> (u8, usize) {
        match self {
            LegendEntry::Kind(k) => (0, Kind::KNOWN.iter().position(|x| x == k).unwrap_or(99)),
            LegendEntry::Mode(m) => (1, Mode::ALL.iter().position(|x| x == m).unwrap_or(99)),
            LegendEntry::Status(s) => (2, Status::ALL.iter().position(|x| x == s).unwrap_or(99)),
            LegendEntry::Other => (3, 0),
        }
    }
}

/// The entries a set of features needs, in legend order, each once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Legend {
    entries: Vec<LegendEntry>,
}

impl Legend {
    /// The legend of these features.
    pub fn of<'a>(features: impl IntoIterator<Item = &'a Feature>) -> Self {
        let mut legend = Self::default();
        for f in features {
            legend.add(f);
        }
        legend
    }

    /// Add what `f` needs: a line its mode and status, any other feature its kind.
    pub fn add(&mut self, f: &Feature) {
        self.add_as(f, f.status);
    }

    /// Add what `f` needs when it is drawn with `status` (a year's, see
    /// [`super::timeline::status_in`]).
    pub fn add_as(&mut self, f: &Feature, status: Option<Status>) {
        if f.is_line() {
            self.insert(f.mode.map_or(LegendEntry::Other, LegendEntry::Mode));
            if let Some(s) = status {
                self.insert(LegendEntry::Status(s));
            }
        } else if matches!(f.kind, Kind::Other(_)) {
            self.insert(LegendEntry::Other);
        } else {
            self.insert(LegendEntry::Kind(f.kind.clone()));
        }
    }

    /// Everything `other` lists too (the legend of several layers).
    pub fn merge(&mut self, other: &Legend) {
        for e in &other.entries {
            self.insert(e.clone());
        }
    }

    fn insert(&mut self, e: LegendEntry) {
        if let Err(at) = self.entries.binary_search_by(|x| x.rank().cmp(&e.rank())) {
            self.entries.insert(at, e);
        }
    }

    pub fn entries(&self) -> &[LegendEntry] {
        &self.entries
    }

    /// Lines are shown: their width grows with capacity.
    pub fn has_lines(&self) -> bool {
        self.entries
            .iter()
            .any(|e| matches!(e, LegendEntry::Mode(_) | LegendEntry::Status(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Geometry, LineString, Point};

    fn feature(kind: Kind, mode: Option<Mode>, status: Option<Status>, line: bool) -> Feature {
        let geometry = if line {
            Geometry::LineString(LineString::from(vec![(50.0, 40.0), (51.0, 41.0)]))
        } else {
            Geometry::Point(Point::new(50.0, 40.0))
        };
        Feature {
            id: "f".into(),
            name: "F".into(),
            kind,
            mode,
            status,
            geometry,
            figures: Vec::new(),
            sources: Vec::new(),
            properties_json: serde_json::value::RawValue::from_string("{}".into()).expect("{}"),
            capacity_mt_per_year: None,
            index: 0,
        }
    }

    #[test]
    fn entries_come_once_each_in_legend_order() {
        let fs = [
            feature(Kind::Section, Some(Mode::Sea), Some(Status::Planned), true),
            feature(Kind::City, None, None, false),
            feature(Kind::Port, None, None, false),
            feature(
                Kind::Section,
                Some(Mode::Rail),
                Some(Status::Operational),
                true,
            ),
            feature(Kind::Port, None, None, false),
            feature(Kind::Other("windmill".into()), None, None, false),
        ];
        let legend = Legend::of(&fs);
        let labels: Vec<&str> = legend.entries().iter().map(|e| e.label()).collect();
        assert_eq!(
            labels,
            [
                "Port",
                "City",
                "Rail",
                "Sea lane",
                "Operational",
                "Planned",
                "Other data"
            ]
        );
    }

    #[test]
    fn the_legend_of_two_layers_is_the_merge_of_theirs() {
        let a = Legend::of(&[feature(Kind::Port, None, None, false)]);
        let mut b = Legend::of(&[
            feature(Kind::Airport, None, None, false),
            feature(Kind::Port, None, None, false),
        ]);
        b.merge(&a);
        assert_eq!(b.entries().len(), 2);
        assert!(!b.has_lines());
        // A point of kind "section" is a point symbol; only lines explain line widths.
        let p = Legend::of(&[feature(Kind::Section, Some(Mode::Rail), None, false)]);
        assert_eq!(p.entries(), [LegendEntry::Kind(Kind::Section)]);
    }
}
