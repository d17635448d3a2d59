//! Corridor-wide figures with a year series (`geodata/indicators.json`): transit volumes,
//! targets, growth.

use super::{Figure, Source};

/// One corridor-wide figure and its values over the years.
#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub series: Vec<Figure>,
}

/// The corridor-wide figures file: the indicators and the sources their values cite.
#[derive(Debug, Clone, Default)]
pub struct Indicators {
    pub indicators: Vec<Indicator>,
    pub sources: Vec<Source>,
}

impl Indicators {
    /// The source a value cites.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}
