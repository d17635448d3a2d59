//! The loaded data as the map holds it: each layer paired with its prepared form (projected,
//! indexed) from the moment it is loaded, in drawing order, with its visibility.

use super::prepare::PreparedLayer;
use super::viewport::to_unit;
use crate::load::{self, LoadError, Progress};
use crate::model::timeline::{status_in_with, year_range_with};
use crate::model::{
    Feature, FeatureRef, Filter, FindIndex, Indicators, KeyFigures, Layer, LayerId, Legend, Origin,
    Status, TableRow, countries_of, next_layer_uid, union_rects,
};
use geo::{Intersects, Rect};
use rstar::AABB;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A loaded layer and its prepared form, made together. Both are shared (an export running in
/// the background draws the same ones as the window).
#[derive(Clone)]
pub struct MapLayer {
    pub layer: Arc<Layer>,
    pub prepared: Arc<PreparedLayer>,
    pub visible: bool,
    /// 0 (transparent) to 1 (opaque), as the layers panel sets it.
    pub opacity: f32,
    /// Which features the filter lets through; `None`: all.
    pub shown: Option<Arc<Vec<bool>>>,
    /// Each feature's key figures (the attribute table's columns), read when it loaded.
    pub keys: Arc<Vec<KeyFigures>>,
    /// Each feature's status in the filter's year; `None`: today's (`Feature::status`).
    pub statuses: Option<Arc<Vec<Option<Status>>>>,
    /// Made anew (a fresh id) whenever the mask or statuses are.
    version: u64,
    /// With a filter: how many are shown, and their legend (made with the mask, not every
    /// frame).
    shown_summary: Option<(usize, Arc<Legend>)>,
}

impl MapLayer {
    /// Prepare a freshly loaded layer.
    pub fn new(layer: Layer) -> Self {
        let prepared = Arc::new(PreparedLayer::new(&layer.features));
        let keys = Arc::new(layer.features.iter().map(KeyFigures::of).collect());
        Self {
            layer: Arc::new(layer),
            prepared,
            keys,
            visible: true,
            opacity: 1.0,
            shown: None,
            statuses: None,
            version: 0,
            shown_summary: None,
        }
    }

    /// The status feature `i` is drawn with (the year's, when the timeline is on).
    pub fn status(&self, i: usize) -> Option<Status> {
        match &self.statuses {
            Some(s) => s.get(i).copied().flatten(),
            None => self.layer.features.get(i).and_then(|f| f.status),
        }
    }

    /// Does the filter let feature `i` through?
    pub fn shows(&self, i: usize) -> bool {
        self.shown
            .as_ref()
            .is_none_or(|s| s.get(i).copied().unwrap_or(false))
    }

    /// What a cached frame's key knows of how the layer is drawn: the version of its
    /// filter's mask and year's statuses (a fresh id each time they are made: an address
    /// could be reused), and the opacity's bits.
    pub fn draw_key(&self) -> (u64, u32) {
        (self.version, self.opacity.to_bits())
    }

    fn apply(&mut self, filter: &Filter) {
        self.version = next_layer_uid();
        self.shown = None;
        self.statuses = None;
        self.shown_summary = None;
        if filter.is_empty() {
            return;
        }
        let features = &self.layer.features;
        let statuses: Vec<Option<Status>> = match filter.year {
            Some(y) => features
                .iter()
                .zip(self.keys.iter())
                .map(|(f, k)| status_in_with(f, y, k.completion_year).status)
                .collect(),
            None => features.iter().map(|f| f.status).collect(),
        };
        let mask: Vec<bool> = features
            .iter()
            .zip(&statuses)
            .map(|(f, s)| filter.matches_with(f, *s))
            .collect();
        let mut legend = Legend::default();
        let mut count = 0;
        for ((f, s), _) in features.iter().zip(&statuses).zip(&mask).filter(|x| *x.1) {
            legend.add_as(f, *s);
            count += 1;
        }
        self.shown_summary = Some((count, Arc::new(legend)));
        if filter.hides() {
            self.shown = Some(Arc::new(mask));
        }
        if filter.year.is_some() {
            self.statuses = Some(Arc::new(statuses));
        }
    }

    /// Read, parse and prepare a file's layers (a GeoPackage or a zip may hold several),
    /// stopping when `progress` is cancelled (also while the index is built, after the file
    /// was read).
    pub fn load(path: &Path, progress: &Progress) -> Result<Vec<Self>, LoadError> {
        Self::load_with(path, progress, None)
    }

    /// As [`MapLayer::load`], a CSV table's position columns given.
    pub fn load_with(
        path: &Path,
        progress: &Progress,
        csv: Option<&load::CsvColumns>,
    ) -> Result<Vec<Self>, LoadError> {
        let mut prepared = Vec::new();
        for layer in load::load_layers_with(path, progress, csv)? {
            prepared.push(Self::new(layer));
            if progress.cancelled() {
                return Err(LoadError::Cancelled {
                    path: path.display().to_string(),
                });
            }
        }
        Ok(prepared)
    }
}

/// Every loaded layer, in drawing order (the last drawn on top).
#[derive(Clone, Default)]
pub struct MapData {
    pub layers: Vec<MapLayer>,
    /// The filter the layers' masks were made for (kept for layers added later).
    filter: Filter,
}

impl MapData {
    /// Layers as loaded, prepared here.
    pub fn from_layers(layers: impl IntoIterator<Item = Layer>) -> Self {
        Self {
            layers: layers.into_iter().map(MapLayer::new).collect(),
            filter: Filter::default(),
        }
    }

    pub fn get(&self, r: FeatureRef) -> Option<&Feature> {
        self.layers.get(r.layer)?.layer.features.get(r.feature)
    }

    /// Find a feature by id across all layers.
    pub fn find(&self, id: &str) -> Option<FeatureRef> {
        self.layers.iter().enumerate().find_map(|(l, m)| {
            m.layer.position(id).map(|i| FeatureRef {
                layer: l,
                feature: i,
            })
        })
    }

    /// The name index of the visible layers (see [`FindIndex`]).
    pub fn name_index(&self) -> FindIndex {
        FindIndex::build(
            self.layers
                .iter()
                .enumerate()
                .filter(|(_, m)| m.visible)
                .map(|(i, m)| (i, m.layer.as_ref())),
        )
    }

    /// The feature of a visible layer that `name` finds best, in any script or spelling.
    pub fn find_by_name(&self, name: &str) -> Option<FeatureRef> {
        self.name_index().find(name, 1).first().map(|h| h.r)
    }

    /// The years the layers (their figures and plain completion years) and the corridor
    /// figures speak of.
    pub fn year_range(&self, indicators: &Indicators) -> Option<(i32, i32)> {
        let features = self.layers.iter().flat_map(|m| m.layer.features.iter());
        let plain = self
            .layers
            .iter()
            .flat_map(|m| m.keys.iter().filter_map(|k| k.completion_year));
        year_range_with(features, indicators, plain)
    }

    pub fn bbox(&self) -> Option<Rect<f64>> {
        union_rects(self.layers.iter().filter_map(|m| m.layer.bbox()))
    }

    /// Show only what `filter` lets through (every layer, and those added later).
    pub fn set_filter(&mut self, filter: &Filter) {
        self.filter = filter.clone();
        for m in &mut self.layers {
            m.apply(filter);
        }
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Is the feature on a visible layer and through the filter?
    pub fn is_shown(&self, r: FeatureRef) -> bool {
        self.layers
            .get(r.layer)
            .is_some_and(|m| m.visible && m.shows(r.feature))
    }

    /// Features on visible layers that the filter lets through.
    pub fn shown_count(&self) -> usize {
        self.layers
            .iter()
            .filter(|m| m.visible)
            .map(|m| match &m.shown_summary {
                Some((n, _)) => *n,
                None => m.layer.features.len(),
            })
            .sum()
    }

    /// The countries (ISO codes) the features of visible layers name, sorted. Only features
    /// whose properties mention one are parsed: parsing every feature costs a big file dearly.
    pub fn countries(&self) -> Vec<String> {
        let set: std::collections::BTreeSet<String> = self
            .layers
            .iter()
            .filter(|m| m.visible)
            .flat_map(|m| m.layer.features.iter())
            .filter(|f| f.properties_json.get().contains("countr"))
            .flat_map(countries_of)
            .collect();
        set.into_iter().collect()
    }

    /// The attribute table's rows: every feature shown (visible layers, through the filter),
    /// with the status drawn.
    pub fn table_rows(&self) -> Vec<TableRow> {
        let mut rows = Vec::new();
        for (li, m) in self.layers.iter().enumerate().filter(|(_, m)| m.visible) {
            for (i, f) in m.layer.features.iter().enumerate() {
                if !m.shows(i) {
                    continue;
                }
                let r = FeatureRef {
                    layer: li,
                    feature: i,
                };
                let key = m.keys.get(i).cloned().unwrap_or_default();
                rows.push(TableRow::new(r, f, m.status(i), key));
            }
        }
        rows
    }

    /// Features on visible layers.
    pub fn visible_count(&self) -> usize {
        self.layers
            .iter()
            .filter(|m| m.visible)
            .map(|m| m.layer.features.len())
            .sum()
    }

    pub fn feature_count(&self) -> usize {
        self.layers.iter().map(|m| m.layer.features.len()).sum()
    }

    /// Move layer `from` to position `to` in drawing order; returns where each old index went
    /// (for references into the layers), or `None` when either is out of range.
    pub fn move_layer(&mut self, from: LayerId, to: LayerId) -> Option<Vec<LayerId>> {
        let n = self.layers.len();
        if from >= n || to >= n {
            return None;
        }
        let mut ids: Vec<LayerId> = (0..n).collect();
        let m = self.layers.remove(from);
        self.layers.insert(to, m);
        let id = ids.remove(from);
        ids.insert(to, id);
        // ids[new] = old: invert it.
        let mut went = vec![0; n];
        for (new, old) in ids.into_iter().enumerate() {
            went[old] = new;
        }
        Some(went)
    }

    /// Add a layer, or replace the one that came from the same origin (keeping whether it was
    /// shown). Returns where it went.
    pub fn add_or_replace(&mut self, mut layer: MapLayer) -> LayerId {
        layer.apply(&self.filter);
        match self
            .layers
            .iter()
            .position(|m| m.layer.origin == layer.layer.origin)
        {
            Some(i) => {
                layer.visible = self.layers[i].visible;
                layer.opacity = self.layers[i].opacity;
                self.layers[i] = layer;
                i
            }
            None => {
                self.layers.push(layer);
                self.layers.len() - 1
            }
        }
    }

    /// The files the layers came from (the built-in ones came from none).
    /// A file of several layers is listed once.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = Vec::new();
        for f in self.layers.iter().filter_map(|m| m.layer.origin.file()) {
            if !files.iter().any(|g| g == f) {
                files.push(f.to_path_buf());
            }
        }
        files
    }

    /// The layer that came from this origin.
    pub fn position(&self, origin: &Origin) -> Option<LayerId> {
        self.layers.iter().position(|m| &m.layer.origin == origin)
    }

    /// What the legend lists for the visible layers (each layer's was made when it was
    /// prepared, so this reads no feature).
    pub fn legend(&self) -> Legend {
        let mut legend = Legend::default();
        for m in self.layers.iter().filter(|m| m.visible) {
            match &m.shown_summary {
                // Filtered: the legend of what is left.
                Some((_, shown)) => legend.merge(shown),
                None => legend.merge(&m.prepared.legend),
            }
        }
        legend
    }

    /// The features of visible layers that cross the extent `bbox` (W, S, E, N), in drawing
    /// order: those a briefing's legend explains and whose sources it names. A line whose
    /// bounding box overlaps the extent but which passes outside it is not one of them.
    pub fn features_crossing(&self, bbox: [f64; 4]) -> Vec<&Feature> {
        let [w, s, e, n] = bbox;
        let view = Rect::new(geo::coord! { x: w, y: s }, geo::coord! { x: e, y: n });
        let (a, b) = (to_unit(w, n), to_unit(e, s));
        let boxed = AABB::from_corners(a, b);
        let mut out = Vec::new();
        for m in self.layers.iter().filter(|m| m.visible) {
            let mut idx: Vec<usize> = m.prepared.in_box(&boxed).filter(|i| m.shows(*i)).collect();
            idx.sort_unstable();
            out.extend(
                idx.into_iter()
                    .filter_map(|i| m.layer.features.get(i))
                    .filter(|f| f.geometry.intersects(&view)),
            );
        }
        out
    }
}
