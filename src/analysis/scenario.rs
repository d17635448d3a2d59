//! What-if: a section's capacity or status changed for the session (never in the data file),
//! applied to the network before routing; saved to and loaded from a small JSON file.

use super::network::{Capacity, Link, Network};
use crate::model::Status;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One section's changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SectionEdit {
    /// Mt/yr, in place of what the sources give (or do not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_mt_per_year: Option<f64>,
    /// `operational`, `under_construction` or `planned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// The session's what-if changes, by section id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub sections: BTreeMap<String, SectionEdit>,
}

impl Scenario {
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// Change the network's edges as the scenario says. Returns the ids it names that the
    /// network has no section for.
    pub fn apply(&self, net: &mut Network) -> Vec<String> {
        let mut used = std::collections::BTreeSet::new();
        for w in net.graph.edge_weights_mut() {
            if w.link != Link::Section {
                continue;
            }
            let Some(e) = self.sections.get(&w.id) else {
                continue;
            };
            used.insert(w.id.clone());
            if let Some(c) = e.capacity_mt_per_year {
                w.capacity = Some(Capacity {
                    per_year: c,
                    qualifier: Some("what-if".into()),
                    source: Some("what-if scenario (this session)".into()),
                });
            }
            if let Some(s) = e.status.as_deref().and_then(Status::parse) {
                w.status = Some(s);
            }
        }
        self.sections
            .keys()
            .filter(|k| !used.contains(*k))
            .cloned()
            .collect()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Read a scenario file's text; `shown` names it in the error.
    pub fn from_json(text: &str, shown: &str) -> Result<Self, String> {
        let s: Scenario =
            serde_json::from_str(text).map_err(|e| format!("{shown}: not a scenario: {e}"))?;
        for (id, e) in &s.sections {
            if let Some(st) = &e.status
                && Status::parse(st).is_none()
            {
                return Err(format!(
                    "{shown}: section \"{id}\": property \"status\": \"{st}\" is not operational, \
                     under_construction or planned"
                ));
            }
            if e.capacity_mt_per_year
                .is_some_and(|c| !c.is_finite() || c < 0.0)
            {
                return Err(format!(
                    "{shown}: section \"{id}\": property \"capacity_mt_per_year\" must be a number of at least 0"
                ));
            }
        }
        Ok(s)
    }
}
