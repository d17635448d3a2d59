//! Find: the name index over the visible layers (rebuilt when the layers change) and the
//! results for the find box's query (recomputed when the query changes).

use super::CorridorApp;
use crate::model::FindIndex;
use crate::ui::{Facets, FindRow};
use std::sync::Arc;

/// What the index was built from: each layer (by its allocation) and whether it was shown.
pub(super) type IndexKey = Vec<(usize, bool)>;

/// The index and the last results, kept by the app.
#[derive(Default)]
pub struct FindCache {
    index: Option<(IndexKey, FindIndex)>,
    rows: Option<(String, Vec<FindRow>)>,
    /// What the filter panel offers, for the same layers.
    facets: Option<(IndexKey, Facets)>,
}

impl FindCache {
    /// The filter changed: the results are listed again (hidden features are not offered).
    pub fn forget_rows(&mut self) {
        self.rows = None;
    }
}

/// How many results the list shows.
const SHOWN: usize = 8;

impl CorridorApp {
    fn index_key(&self) -> IndexKey {
        self.data
            .layers
            .iter()
            .map(|m| (Arc::as_ptr(&m.layer) as usize, m.visible))
            .collect()
    }

    /// Build the name index of the visible layers again if they changed.
    fn refresh_find_index(&mut self) {
        let key = self.index_key();
        if self
            .find_cache
            .index
            .as_ref()
            .is_some_and(|(k, _)| *k == key)
        {
            return;
        }
        let index = self.data.name_index();
        self.find_cache.rows = None;
        self.find_cache.index = Some((key, index));
    }

    /// The kinds and countries of the visible layers, gathered again only when they change.
    pub(super) fn facets(&mut self) -> Facets {
        let key = self.index_key();
        if let Some((k, f)) = &self.find_cache.facets
            && *k == key
        {
            return f.clone();
        }
        let mut kinds: Vec<(String, String)> = Vec::new();
        for m in self.data.layers.iter().filter(|m| m.visible) {
            for f in &m.layer.features {
                if !kinds.iter().any(|(k, _)| k == f.kind.key()) {
                    kinds.push((f.kind.key().to_string(), f.kind.label().to_string()));
                }
            }
        }
        let countries = self.data.countries();
        // In the legend's order (the schema's kinds first, others after).
        kinds.sort_by_key(|(k, _)| {
            crate::model::Kind::KNOWN
                .iter()
                .position(|known| known.key() == k)
                .unwrap_or(usize::MAX)
        });
        let facets = Facets { kinds, countries };
        self.find_cache.facets = Some((key, facets.clone()));
        facets
    }

    /// The results for the find box's query, as the list shows them.
    pub(super) fn find_rows(&mut self) -> Vec<FindRow> {
        let query = self.find.query.clone();
        self.refresh_find_index();
        if let Some((q, rows)) = &self.find_cache.rows
            && *q == query
        {
            return rows.clone();
        }
        let hits = match &self.find_cache.index {
            Some((_, index)) => index.find(&query, SHOWN),
            None => Vec::new(),
        };
        let rows: Vec<FindRow> = hits
            .into_iter()
            .filter(|h| self.data.is_shown(h.r))
            .filter_map(|h| {
                let f = self.data.get(h.r)?;
                let mut detail = f.kind.label().to_string();
                if let Some(c) = f.text("country") {
                    detail = format!("{detail} · {c}");
                }
                if h.matched != f.name {
                    detail = format!("{detail} · “{}”", h.matched);
                }
                Some(FindRow {
                    r: h.r,
                    name: f.name.clone(),
                    detail,
                })
            })
            .collect();
        self.find_cache.rows = Some((query, rows.clone()));
        rows
    }
}
