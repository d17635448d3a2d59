//! Which features are shown: by kind, mode, status, country and a least capacity, combined
//! (a feature is shown when it passes every criterion that is set; within one criterion any of
//! the values chosen will do), as QGIS's layer filters combine.

use super::{Feature, Kind, Mode, Status};
use std::collections::BTreeSet;

/// What the planner asked to see; empty: everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Kind keys as in the files (`port`, `rail_station`…).
    pub kinds: BTreeSet<String>,
    pub modes: BTreeSet<Mode>,
    pub statuses: BTreeSet<Status>,
    /// ISO 3166-1 alpha-3 codes: a feature's `country`, or any of a section's `countries`.
    pub countries: BTreeSet<String>,
    /// Least capacity, Mt/yr; features without one are hidden while it is set.
    pub min_capacity: Option<f64>,
    /// The timeline's year: statuses are those sources give for it (see
    /// [`super::timeline::status_in`]); the status criterion reads them. `None`: today's.
    pub year: Option<i32>,
}

impl Filter {
    /// Everything shown, with today's statuses.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Does it hide any feature? (A year alone hides none: it changes statuses.)
    pub fn hides(&self) -> bool {
        Filter {
            year: None,
            ..self.clone()
        } != Filter::default()
    }

    /// What the filter keeps, for a briefing's subtitle: "Rail · Under construction · KAZ ·
    /// at least 10 Mt/yr"; `None` when it keeps everything.
    pub fn describe(&self) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        if !self.kinds.is_empty() {
            let kinds: Vec<String> = self
                .kinds
                .iter()
                .map(|k| Kind::parse(k).0.label().to_string())
                .collect();
            parts.push(kinds.join(", "));
        }
        if !self.modes.is_empty() {
            parts.push(
                self.modes
                    .iter()
                    .map(|m| m.label())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        if !self.statuses.is_empty() {
            let s: Vec<&str> = self.statuses.iter().map(|s| s.label()).collect();
            parts.push(s.join(", "));
        }
        if !self.countries.is_empty() {
            parts.push(
                self.countries
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        if let Some(c) = self.min_capacity {
            parts.push(format!("at least {} Mt/yr", super::format_number(c, false)));
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// The status `f` is drawn with: the year's, else today's.
    pub fn status_of(&self, f: &Feature) -> Option<Status> {
        match self.year {
            Some(y) => super::timeline::status_in(f, y).status,
            None => f.status,
        }
    }

    /// Does `f` pass?
    pub fn matches(&self, f: &Feature) -> bool {
        self.matches_with(f, self.status_of(f))
    }

    /// Does `f` pass, `status` being its status in the filter's year?
    pub fn matches_with(&self, f: &Feature, status: Option<Status>) -> bool {
        if !self.kinds.is_empty() && !self.kinds.contains(f.kind.key()) {
            return false;
        }
        if !self.modes.is_empty() && !f.mode.is_some_and(|m| self.modes.contains(&m)) {
            return false;
        }
        if !self.statuses.is_empty() && !status.is_some_and(|s| self.statuses.contains(&s)) {
            return false;
        }
        if let Some(min) = self.min_capacity
            && !f.capacity_mt_per_year.is_some_and(|c| c >= min)
        {
            return false;
        }
        if !self.countries.is_empty() {
            // Only features that name one of the countries are parsed.
            let raw = f.properties_json.get();
            if !self.countries.iter().any(|c| raw.contains(c.as_str())) {
                return false;
            }
            return countries_of(f).iter().any(|c| self.countries.contains(c));
        }
        true
    }
}

/// The ISO codes a feature names: `country`, and each of `countries`.
pub fn countries_of(f: &Feature) -> Vec<String> {
    countries_in(&f.properties())
}

/// The ISO codes a feature's properties name: `country`, and each of `countries`.
pub fn countries_in(props: &serde_json::Map<String, serde_json::Value>) -> Vec<String> {
    let mut out: Vec<String> = props
        .get("countries")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if let Some(c) = props.get("country").and_then(|v| v.as_str())
        && !out.iter().any(|o| o == c)
    {
        out.push(c.to_string());
    }
    out
}

/// A kind key as the filter keeps it (for the command line: `--kind port`).
pub fn kind_key(raw: &str) -> String {
    Kind::parse(raw).0.key().to_string()
}
