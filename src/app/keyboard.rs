//! The keyboard on the map: Tab and Shift+Tab go through the features in view, west to east
//! (as a planner reads a corridor map), each lit and named in the status bar; Enter opens
//! its details; Esc lets go.

use super::CorridorApp;
use crate::map::{MapData, Viewport};
use crate::model::FeatureRef;

/// The features of visible layers in view that the filter shows, west to east (then south
/// to north).
pub fn features_in_view(data: &MapData, vp: &Viewport) -> Vec<FeatureRef> {
    let bounds = vp.unit_bounds();
    let mut found: Vec<(f64, f64, FeatureRef)> = Vec::new();
    for (li, m) in data.layers.iter().enumerate().filter(|(_, m)| m.visible) {
        for i in m.prepared.in_box(&bounds).filter(|i| m.shows(*i)) {
            let Some(b) = m.layer.features.get(i).and_then(|f| f.bbox()) else {
                continue;
            };
            let c = b.center();
            let r = FeatureRef {
                layer: li,
                feature: i,
            };
            found.push((c.x, c.y, r));
        }
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    found.into_iter().map(|f| f.2).collect()
}

impl CorridorApp {
    /// Tab: the next feature in view (Shift+Tab: the one before), around the end.
    pub(super) fn cycle_feature(&mut self, back: bool) {
        let Some(vp) = self.viewport else { return };
        let refs = features_in_view(&self.data, &vp);
        let n = refs.len();
        if n == 0 {
            self.keyboard_focus = None;
            self.notice = Some("No feature in view".into());
            return;
        }
        let at = self
            .keyboard_focus
            .and_then(|k| refs.iter().position(|r| *r == k));
        let next = match (at, back) {
            (None, false) => 0,
            (None, true) => n - 1,
            (Some(i), false) => (i + 1) % n,
            (Some(i), true) => (i + n - 1) % n,
        };
        self.keyboard_focus = refs.get(next).copied();
        if let Some(f) = self.keyboard_focus.and_then(|r| self.data.get(r)) {
            self.notice = Some(format!(
                "{} — {} ({} of {n} in view) · Enter: details · Tab: next",
                f.name,
                f.what(),
                next + 1
            ));
        }
    }
}
