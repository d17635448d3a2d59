//! A briefing page: a header band (title, subtitle with extent and date) over the map, which
//! is drawn by the same composition as the window ([`crate::map::show`]) with a briefing's
//! furniture. The page is run through a few egui frames (and, with online tiles, until they
//! have arrived), then drawn offscreen.

use super::ExportError;
use super::options::{ExportOptions, today};
use super::render::Renderer;
use crate::load::Progress;
use crate::map::{
    self, Basemap, CORRIDOR_BBOX, Furniture, MapCache, MapData, Scene, Viewport, in_progress,
};
use crate::model::FeatureRef;
use egui::{Align2, Color32, FontId, Rect, Stroke, Ui, UiBuilder, pos2, vec2};
use std::time::{Duration, Instant};
use walkers::{HttpTiles, MapMemory, Tiles};

/// Steps of 100 ms with no download running before the tiles are taken as complete.
const TILES_QUIET_STEPS: u32 = 5;

/// What a briefing shows: the app's (or the command line's) layers and basemap, and the
/// selected feature.
pub struct Briefing<'a> {
    pub data: &'a MapData,
    pub basemap: &'a Basemap,
    pub selected: Option<FeatureRef>,
}

/// Where things ended up in the picture, in points (multiply by `scale` for pixels).
#[derive(Debug, Clone)]
pub struct Layout {
    pub map: Viewport,
    pub title: Rect,
    pub legend: Rect,
    /// The legend's entries, top to bottom.
    pub legend_entries: Vec<String>,
    /// The title printed.
    pub title_text: String,
    pub scale: f32,
}

/// The steps of an export, for its progress bar.
pub const STEPS: usize = 5;

/// Render the composed page with `renderer`, reporting to `progress` and stopping when it is
/// cancelled.
pub fn render_page(
    renderer: &mut Renderer,
    briefing: &Briefing,
    opts: &ExportOptions,
    progress: &Progress,
) -> Result<(image::RgbaImage, Layout), ExportError> {
    opts.check_size()?;
    let selected = match &opts.select {
        Some(id) => Some(
            briefing
                .data
                .find(id)
                .ok_or_else(|| ExportError::UnknownFeature(id.clone()))?,
        ),
        None => briefing.selected,
    };
    progress.set_total(STEPS);
    progress.set_stage("Drawing the map");
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut page = Page::new(opts);
        // A walkers map needs a frame to know its size before it draws.
        for _ in 0..3 {
            page.frame(renderer, briefing, selected, opts)?;
            if progress.cancelled() {
                return Err(ExportError::Cancelled);
            }
        }
        progress.set_done(1);
        if opts.tiles {
            progress.set_stage("Waiting for tiles");
            page.wait_for_tiles(renderer, briefing, selected, opts, progress)?;
        }
        progress.set_done(2);
        progress.set_stage("Rendering");
        let (shapes, layout) = (page.shapes.take(), page.layout.take());
        let (Some(shapes), Some(layout)) = (shapes, layout) else {
            return Err(ExportError::Renderer("nothing was drawn".into()));
        };
        let img = renderer.draw(&page.ctx, shapes, [opts.width, opts.height])?;
        progress.set_done(3);
        Ok((img, layout))
    }));
    renderer.finish();
    match result {
        Ok(r) => r,
        Err(panic) => Err(ExportError::Renderer(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "the renderer failed".into()),
        )),
    }
}

/// The egui context a page is laid out in, and what its frames keep.
struct Page {
    ctx: egui::Context,
    input: egui::RawInput,
    memory: MapMemory,
    tiles: Option<HttpTiles>,
    cache: MapCache,
    shapes: Option<Vec<egui::epaint::ClippedShape>>,
    layout: Option<Layout>,
}

impl Page {
    fn new(opts: &ExportOptions) -> Self {
        let ctx = egui::Context::default();
        crate::style::fonts::install(&ctx);
        ctx.all_styles_mut(|s| s.animation_time = 0.0);
        let mut input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(
                pos2(0.0, 0.0),
                vec2(
                    opts.width as f32 / opts.scale,
                    opts.height as f32 / opts.scale,
                ),
            )),
            ..Default::default()
        };
        if let Some(v) = input.viewports.get_mut(&egui::ViewportId::ROOT) {
            v.native_pixels_per_point = Some(opts.scale);
        }
        Self {
            ctx,
            input,
            memory: MapMemory::default(),
            tiles: None,
            cache: MapCache::default(),
            shapes: None,
            layout: None,
        }
    }

    /// Lay out and paint one frame of the page; its textures go to the renderer.
    fn frame(
        &mut self,
        renderer: &mut Renderer,
        briefing: &Briefing,
        selected: Option<FeatureRef>,
        opts: &ExportOptions,
    ) -> Result<(), ExportError> {
        let ctx = self.ctx.clone();
        let mut layout = None;
        let mut out = ctx.run_ui(self.input.clone(), |ui| {
            let full = ui.ctx().content_rect();
            let mut page = ui.new_child(UiBuilder::new().max_rect(full));
            page.set_clip_rect(full);
            layout = Some(self.compose(&mut page, briefing, selected, opts));
        });
        renderer.textures(&mut out.textures_delta);
        self.shapes = Some(std::mem::take(&mut out.shapes));
        self.layout = layout;
        Ok(())
    }

    /// Run frames (with a limit) until no download has run for a while: every tile in view
    /// has arrived or failed. A slow server is waited for, not cut off after one quiet frame.
    fn wait_for_tiles(
        &mut self,
        renderer: &mut Renderer,
        briefing: &Briefing,
        selected: Option<FeatureRef>,
        opts: &ExportOptions,
        progress: &Progress,
    ) -> Result<(), ExportError> {
        let deadline = Instant::now() + opts.tile_timeout;
        let mut quiet = 0;
        while Instant::now() < deadline && quiet < TILES_QUIET_STEPS {
            std::thread::sleep(Duration::from_millis(100));
            if progress.cancelled() {
                return Err(ExportError::Cancelled);
            }
            self.frame(renderer, briefing, selected, opts)?;
            let downloading = self.tiles.as_ref().is_some_and(|t| in_progress(t) > 0);
            quiet = if downloading { 0 } else { quiet + 1 };
        }
        // Draw once more with what arrived last.
        self.frame(renderer, briefing, selected, opts)
    }

    fn compose(
        &mut self,
        ui: &mut Ui,
        briefing: &Briefing,
        selected: Option<FeatureRef>,
        opts: &ExportOptions,
    ) -> Layout {
        let full = ui.max_rect();
        let unit = (full.width().min(full.height() * 1.6) / 1200.0).clamp(0.6, 3.0);
        let header_h = 64.0 * unit;
        let title_rect = Rect::from_min_size(full.min, vec2(full.width(), header_h));
        let map_rect = Rect::from_min_max(pos2(full.left(), title_rect.bottom()), full.max);

        // Fit the planner's extent into the map area.
        let fit = Viewport::fit(map_rect, opts.bbox.unwrap_or(CORRIDOR_BBOX), 0.0);
        map::look_at(&mut self.memory, fit.center, fit.zoom);
        let server = opts.tiles.then_some(&opts.tile_server);
        if let Some(server) = server
            && self.tiles.is_none()
        {
            self.tiles = Some(server.connect(ui.ctx().clone()));
        }
        let mut map_ui = ui.new_child(UiBuilder::new().max_rect(map_rect));
        map_ui.set_clip_rect(map_rect);
        let scene = Scene {
            data: briefing.data,
            basemap: briefing.basemap,
            selected,
            labels: opts.labels,
            basemap_layers: opts.basemap_layers,
            tiles: server,
            gpu: opts.gpu_meshes,
            interactive: false,
            focused: None,
            furniture: Furniture::Briefing { unit },
        };
        let tiles = self.tiles.as_mut().map(|t| t as &mut dyn Tiles);
        let shown = map::show(
            &mut map_ui,
            &mut self.memory,
            tiles,
            &scene,
            &mut self.cache,
        );
        let vp = shown.viewport;
        let (legend, entries) = shown.legend.unwrap_or((Rect::NOTHING, Vec::new()));
        if let Some(route) = &opts.route {
            draw_route(ui, &vp, map_rect, legend, route, unit);
        }
        let own_extent = opts.bbox.is_some() && opts.view_name.is_none();
        let countries =
            own_extent.then(|| map::countries_in_view(&vp, briefing.basemap.level(vp.zoom)));
        let title = opts.title_or_default(countries.as_deref());
        let date = opts.date.clone().unwrap_or_else(today);

        // Header band: title and subtitle with date.
        let painter = ui.painter();
        painter.rect_filled(title_rect, 0.0, Color32::WHITE);
        painter.line_segment(
            [title_rect.left_bottom(), title_rect.right_bottom()],
            Stroke::new(2.0 * unit, Color32::from_rgb(0x15, 0x5F, 0xB8)),
        );
        painter.text(
            title_rect.left_top() + vec2(18.0 * unit, 10.0 * unit),
            Align2::LEFT_TOP,
            &title,
            FontId::proportional(26.0 * unit),
            Color32::from_gray(15),
        );
        painter.text(
            title_rect.left_bottom() + vec2(18.0 * unit, -9.0 * unit),
            Align2::LEFT_BOTTOM,
            subtitle(opts, vp.bbox_lonlat(), &date),
            FontId::proportional(13.0 * unit),
            Color32::from_gray(70),
        );
        Layout {
            map: vp,
            title: title_rect,
            legend,
            legend_entries: entries.iter().map(|e| e.label().to_string()).collect(),
            title_text: title,
            scale: opts.scale,
        }
    }
}

/// A route over the map (white casing, magenta line) and its summary box, beside the legend.
fn draw_route(
    ui: &Ui,
    vp: &Viewport,
    map_rect: Rect,
    legend: Rect,
    route: &super::RouteDrawing,
    unit: f32,
) {
    let painter = ui.painter().with_clip_rect(map_rect);
    let colour = Color32::from_rgb(0xE6, 0x00, 0x7E);
    for line in &route.lines {
        let pts = vp.line_to_screen(line);
        painter.extend(crate::style::cased_line(
            pts,
            5.0 * unit,
            3.0 * unit,
            colour,
        ));
    }
    if route.summary.is_empty() {
        return;
    }
    let font = FontId::proportional(13.0 * unit);
    let galleys: Vec<_> = route
        .summary
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (f, c) = if i == 0 {
                (FontId::proportional(15.0 * unit), colour)
            } else {
                (font.clone(), Color32::from_gray(30))
            };
            painter.layout(t.clone(), f, c, 420.0 * unit)
        })
        .collect();
    let pad = 8.0 * unit;
    let w = galleys.iter().map(|g| g.size().x).fold(0.0, f32::max) + 2.0 * pad;
    let h = galleys.iter().map(|g| g.size().y + 2.0 * unit).sum::<f32>() + 2.0 * pad;
    let left = if legend.is_positive() && legend.left() < map_rect.center().x {
        legend.right() + 12.0 * unit
    } else {
        map_rect.left() + 12.0 * unit
    };
    let rect = Rect::from_min_size(pos2(left, map_rect.top() + 12.0 * unit), vec2(w, h));
    painter.rect_filled(rect, 4.0 * unit, Color32::from_white_alpha(235));
    painter.rect_stroke(
        rect,
        4.0 * unit,
        Stroke::new(1.5 * unit, colour),
        egui::StrokeKind::Inside,
    );
    let mut y = rect.top() + pad;
    for g in galleys {
        let hh = g.size().y;
        painter.galley(pos2(rect.left() + pad, y), g, Color32::from_gray(30));
        y += hh + 2.0 * unit;
    }
}

/// The line under a briefing's title: the corridor, the extent, the timeline's year and the
/// filter (a filtered briefing says what it leaves out), the date.
pub fn subtitle(opts: &ExportOptions, bbox: [f64; 4], date: &str) -> String {
    let [w, s, e, n] = bbox;
    let mut only = opts
        .filter
        .describe()
        .map(|d| format!(" · showing only {d}"))
        .unwrap_or_default();
    if let Some(y) = opts.filter.year {
        only = format!(" · status in {y}{only}");
    }
    format!(
        "China – Kazakhstan – Caspian Sea – Azerbaijan – Georgia – Türkiye · {w:.1}°–{e:.1}° E, \
         {s:.1}°–{n:.1}° N{only} · exported {date} · Corridor Atlas"
    )
}

#[cfg(test)]
mod subtitle_tests {
    use super::*;

    #[test]
    fn the_subtitle_gives_the_year_and_the_filter_of_the_view() {
        let mut o = ExportOptions::default();
        let plain = subtitle(&o, [40.0, 39.0, 51.0, 43.5], "2026-12-02");
        assert!(
            plain.contains("40.0°–51.0° E, 39.0°–43.5° N · exported 2026-12-02"),
            "{plain}"
        );
        o.filter.year = Some(2027);
        o.filter.modes.insert(crate::model::Mode::Rail);
        let s = subtitle(&o, [40.0, 39.0, 51.0, 43.5], "2026-12-02");
        assert!(
            s.contains("N · status in 2027 · showing only Rail · exported"),
            "{s}"
        );
    }
}
