//! The timeline's state in the app: the years the loaded data spans (worked out once per set
//! of layers) and playing them, a year every [`STEP_S`] seconds of egui's clock.

use super::CorridorApp;
use std::time::Duration;

/// Seconds each year is shown while playing.
pub const STEP_S: f64 = 0.8;

impl CorridorApp {
    /// The years the loaded layers and the corridor figures speak of.
    pub fn year_range(&mut self) -> Option<(i32, i32)> {
        let uids: Vec<u64> = self.data.layers.iter().map(|m| m.layer.uid).collect();
        if self.years.0 != uids {
            self.years = (uids, self.data.year_range(&self.indicators));
        }
        self.years.1
    }

    /// While playing: the next year when this one has been shown long enough; stops after
    /// the last.
    pub(super) fn step_timeline(&mut self, ctx: &egui::Context) {
        let Some(since) = self.playing else {
            return;
        };
        let now = ctx.input(|i| i.time);
        if now - since >= STEP_S {
            let (Some(year), Some((_, last))) = (self.data.filter().year, self.year_range()) else {
                self.playing = None;
                return;
            };
            if year >= last {
                self.playing = None;
                return;
            }
            let mut f = self.data.filter().clone();
            f.year = Some(year + 1);
            self.data.set_filter(&f);
            self.find_cache.forget_rows();
            self.playing = Some(now);
        }
        ctx.request_repaint_after(Duration::from_secs_f64(STEP_S / 4.0));
    }

    /// What the timeline bar shows.
    pub(super) fn timeline(&mut self) -> crate::ui::Timeline {
        crate::ui::Timeline {
            range: self.year_range(),
            year: self.data.filter().year,
            playing: self.playing.is_some(),
        }
    }
}

impl CorridorApp {
    /// Are the years playing?
    pub fn timeline_playing(&self) -> bool {
        self.playing.is_some()
    }
}
