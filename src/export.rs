//! Briefing export: a composed, print-ready PNG of the map (title, subtitle with date, legend,
//! scale bar, north arrow, attribution and a callout for the selection), rendered offscreen
//! through wgpu with the same drawing code as the window, and written atomically.

use crate::map::{self, Basemap, DrawOptions, MapLayers, Viewport};
use crate::model::{Dataset, Feature, FeatureRef, Kind, Mode, Status};
use crate::panels::Action;
use crate::style;
use crate::tiles::{self, TileServer};
use egui::{Align2, Color32, FontId, Pos2, Rect, Stroke, Ui, UiBuilder, pos2, vec2};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use walkers::{HttpTiles, MapMemory, Tiles, lon_lat};

/// Size presets offered in the window: (label, width, height).
/// Steps of 100 ms with no download running before the tiles are taken as complete.
const TILES_QUIET_STEPS: u32 = 5;

/// The longest side of an export, in pixels: wgpu's default texture limit (8192), which
/// every adapter offers.
pub const MAX_SIDE: u32 = 8192;

pub const PRESETS: [(&str, u32, u32); 5] = [
    ("1920 × 1080 (Full HD)", 1920, 1080),
    ("2560 × 1440", 2560, 1440),
    ("3840 × 2160 (4K)", 3840, 2160),
    ("A4 landscape, 150 dpi", 1754, 1240),
    ("A4 landscape, 300 dpi", 3508, 2480),
];

/// Named views for `--view`: (name, title, W, S, E, N).
pub const VIEWS: [(&str, &str, [f64; 4]); 6] = [
    ("corridor", "The Middle Corridor", map::CORRIDOR_BBOX),
    ("kazakhstan", "Kazakhstan", [46.0, 40.0, 88.0, 55.5]),
    ("caspian", "The Caspian crossing", [46.5, 38.5, 55.5, 45.5]),
    (
        "khorgos",
        "Khorgos and the Chinese border",
        [76.0, 42.5, 83.5, 46.5],
    ),
    (
        "caucasus",
        "Azerbaijan, Georgia and Kars",
        [40.0, 39.0, 51.0, 43.5],
    ),
    ("china", "The Chinese feeder", [75.0, 32.0, 121.0, 47.5]),
];

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown view \"{0}\" (known: {known})", known = VIEWS.iter().map(|v| v.0).collect::<Vec<_>>().join(", "))]
    UnknownView(String),
    #[error("no feature with id \"{0}\"")]
    UnknownFeature(String),
    #[error(
        "invalid size {0}×{1} at scale {2}: width and height must be 64..=8192 pixels (the largest picture the renderer can draw), scale 1..=4"
    )]
    BadSize(u32, u32, f32),
    #[error("invalid --bbox: {0}")]
    BadBbox(String),
    #[error("no usable renderer: {0}")]
    Renderer(String),
    #[error("could not write the image: {source} — {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not encode the PNG: {0}")]
    Encode(String),
}

/// What to export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    pub width: u32,
    pub height: u32,
    /// Pixels per point: 2 doubles the detail, not just the size of the pixels.
    pub scale: f32,
    /// Empty: derived from the view.
    pub title: String,
    /// Geographic extent to show (W, S, E, N); `None`: the whole corridor.
    pub bbox: Option<[f64; 4]>,
    pub view_name: Option<String>,
    /// Feature id to select (callout).
    pub select: Option<String>,
    pub tiles: bool,
    /// Which online tiles, when `tiles`.
    pub tile_server: TileServer,
    pub labels: bool,
    /// "YYYY-MM-DD" for the subtitle; `None`: today (UTC).
    pub date: Option<String>,
    /// How long to wait for online tiles.
    pub tile_timeout: Duration,
    /// Draw crowded views from GPU memory, as the window does (off: as plain egui meshes;
    /// the picture is the same).
    pub gpu_meshes: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            width: 1920,
            height: 1080,
            scale: 1.0,
            title: String::new(),
            bbox: None,
            view_name: None,
            select: None,
            tiles: false,
            tile_server: TileServer::default(),
            labels: true,
            date: None,
            tile_timeout: Duration::from_secs(15),
            gpu_meshes: true,
        }
    }
}

impl ExportOptions {
    /// Use a named view.
    pub fn set_view(&mut self, name: &str) -> Result<(), ExportError> {
        let v = VIEWS
            .iter()
            .find(|v| v.0.eq_ignore_ascii_case(name))
            .ok_or_else(|| ExportError::UnknownView(name.to_string()))?;
        self.bbox = Some(v.2);
        self.view_name = Some(v.0.to_string());
        Ok(())
    }

    /// The title to print: the planner's; else the named view's; else, for an extent of
    /// the planner's own, the `countries` it shows ([`map::countries_in_view`]; `None`: the
    /// whole corridor).
    pub fn title_or_default(&self, countries: Option<&[String]>) -> String {
        if !self.title.trim().is_empty() {
            return self.title.trim().to_string();
        }
        let whole = "The Middle Corridor (Trans-Caspian International Transport Route)";
        match self
            .view_name
            .as_deref()
            .and_then(|n| VIEWS.iter().find(|v| v.0 == n))
        {
            Some(v) if v.0 != "corridor" => format!("Middle Corridor — {}", v.1),
            Some(_) => whole.to_string(),
            None => match countries {
                Some(c) if !c.is_empty() => format!("Middle Corridor — {}", c.join(", ")),
                _ => whole.to_string(),
            },
        }
    }
}

/// Parse "W,S,E,N".
pub fn parse_bbox(s: &str) -> Result<[f64; 4], ExportError> {
    let parts: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| ExportError::BadBbox(format!("\"{s}\" is not four numbers W,S,E,N")))?;
    let [w, so, e, n] = parts[..] else {
        return Err(ExportError::BadBbox(format!(
            "\"{s}\" has {} numbers, expected four: W,S,E,N",
            parts.len()
        )));
    };
    if !(-180.0..=180.0).contains(&w) || !(-180.0..=180.0).contains(&e) || w >= e {
        return Err(ExportError::BadBbox(format!(
            "west {w} must be less than east {e}, both within -180..180"
        )));
    }
    if !(-85.0..=85.0).contains(&so) || !(-85.0..=85.0).contains(&n) || so >= n {
        return Err(ExportError::BadBbox(format!(
            "south {so} must be less than north {n}, both within -85..85"
        )));
    }
    Ok([w, so, e, n])
}

/// File-name-safe version of a title.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(60).collect()
}

/// Today's date (UTC) as YYYY-MM-DD.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    civil_date(secs.div_euclid(86_400))
}

/// Days since 1970-01-01 → "YYYY-MM-DD" (Howard Hinnant's algorithm).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// The data to draw.
pub struct Scene<'a> {
    pub data: &'a Dataset,
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

struct RenderState {
    basemap: Basemap,
    prepared: MapLayers,
    memory: MapMemory,
    tiles: Option<HttpTiles>,
    layout: Option<Layout>,
    /// Crowded views drawn from GPU memory ([`crate::gpu`]), as in the window.
    gpu: bool,
}

/// Render the composed picture.
pub fn render(scene: &Scene, opts: &ExportOptions) -> Result<image::RgbaImage, ExportError> {
    render_with_layout(scene, opts).map(|(img, _)| img)
}

/// Render the composed picture and say where its parts are.
pub fn render_with_layout(
    scene: &Scene,
    opts: &ExportOptions,
) -> Result<(image::RgbaImage, Layout), ExportError> {
    if !(64..=MAX_SIDE).contains(&opts.width)
        || !(64..=MAX_SIDE).contains(&opts.height)
        || !(1.0..=4.0).contains(&opts.scale)
    {
        return Err(ExportError::BadSize(opts.width, opts.height, opts.scale));
    }
    let selected = match &opts.select {
        Some(id) => Some(
            scene
                .data
                .find(id)
                .ok_or_else(|| ExportError::UnknownFeature(id.clone()))?,
        ),
        None => scene.selected,
    };
    let points = vec2(
        opts.width as f32 / opts.scale,
        opts.height as f32 / opts.scale,
    );
    let bbox = opts.bbox.unwrap_or(map::CORRIDOR_BBOX);
    let title_options = opts.clone();
    let title = move |countries: &[String]| {
        let own_extent = title_options.bbox.is_some() && title_options.view_name.is_none();
        title_options.title_or_default(own_extent.then_some(countries))
    };
    let date = opts.date.clone().unwrap_or_else(today);
    let mut prepared = MapLayers::default();
    prepared.sync(scene.data);
    let state = RenderState {
        basemap: Basemap::embedded(),
        prepared,
        memory: MapMemory::default(),
        tiles: None,
        layout: None,
        gpu: opts.gpu_meshes,
    };
    let data = scene.data;
    let want_tiles = opts.tiles.then(|| opts.tile_server.clone());
    let tile_server = want_tiles.clone();
    let labels = opts.labels;
    let scale = opts.scale;
    let gpu = opts.gpu_meshes;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut harness = egui_kittest::Harness::builder()
            .with_size(points)
            .with_pixels_per_point(opts.scale)
            .with_max_steps(10_000)
            .allow_missing_glyphs()
            .renderer(renderer(gpu))
            .build_ui_state(
                move |ui: &mut Ui, st: &mut RenderState| {
                    let full = ui.ctx().content_rect();
                    let mut page = ui.new_child(UiBuilder::new().max_rect(full));
                    page.set_clip_rect(full);
                    let layout = compose(
                        &mut page,
                        st,
                        data,
                        selected,
                        bbox,
                        &title,
                        &date,
                        tile_server.as_ref(),
                        labels,
                    );
                    st.layout = Some(Layout { scale, ..layout });
                },
                state,
            );
        harness.run_steps(2);
        if want_tiles.is_some() {
            // Wait (with a limit) until no download has run for a while: every tile in view
            // has arrived or failed. A slow server is waited for, not cut off after one
            // quiet frame.
            let deadline = Instant::now() + opts.tile_timeout;
            let mut quiet = 0;
            while Instant::now() < deadline && quiet < TILES_QUIET_STEPS {
                std::thread::sleep(Duration::from_millis(100));
                harness.run_steps(1);
                let downloading = harness
                    .state()
                    .tiles
                    .as_ref()
                    .is_some_and(|t| tiles::in_progress(t) > 0);
                quiet = if downloading { 0 } else { quiet + 1 };
            }
            // Draw once more with what arrived last.
            harness.run_steps(1);
        }
        let layout = harness.state().layout.clone();
        harness.render().map(|img| (img, layout))
    }));
    match result {
        Ok(Ok((img, Some(layout)))) => Ok((img, layout)),
        Ok(Ok((_, None))) => Err(ExportError::Renderer("nothing was drawn".into())),
        Ok(Err(e)) => Err(ExportError::Renderer(e)),
        Err(panic) => Err(ExportError::Renderer(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "the renderer failed".into()),
        )),
    }
}

/// The offscreen wgpu renderer (CPU rasterizer preferred, as egui_kittest chooses), with the
/// crowded-view pipeline registered when `gpu`.
pub(crate) fn renderer(gpu: bool) -> egui_kittest::wgpu::WgpuTestRenderer {
    let options = eframe::egui_wgpu::RendererOptions::PREDICTABLE;
    let rs =
        egui_kittest::wgpu::create_render_state(egui_kittest::wgpu::default_wgpu_setup(), options);
    if gpu {
        crate::gpu::register(&rs, options.msaa_samples);
    }
    egui_kittest::wgpu::WgpuTestRenderer::from_render_state(rs)
}

/// Write a PNG to a temporary file beside `path`, then rename: an existing file is never left
/// half-written.
pub fn write_png_atomic(img: &image::RgbaImage, path: &Path) -> Result<(), ExportError> {
    let shown = path.display().to_string();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "export.png".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgba8(img.clone())
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .map_err(|e| ExportError::Encode(e.to_string()))?;
    let write = || -> std::io::Result<()> {
        use std::io::Write as _;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        ExportError::Write {
            path: shown,
            source,
        }
    })
}

/// Features inside the extent, in drawing order.
/// The features of visible layers that cross the extent `bbox` (W, S, E, N): those the
/// legend explains and whose sources the attribution names. A line whose bounding box
/// overlaps the extent but which passes outside it is not one of them.
fn visible_features(data: &Dataset, bbox: [f64; 4]) -> Vec<(&Feature, bool)> {
    use geo::Intersects;
    let [w, s, e, n] = bbox;
    let view = geo::Rect::new(geo::coord! { x: w, y: s }, geo::coord! { x: e, y: n });
    let mut out = Vec::new();
    for l in data.layers.iter().filter(|l| l.visible) {
        for f in &l.features {
            if let Some(b) = f.bbox()
                && b.max().x >= w
                && b.min().x <= e
                && b.max().y >= s
                && b.min().y <= n
                && f.geometry.intersects(&view)
            {
                out.push((f, l.corridor_schema));
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn compose(
    ui: &mut Ui,
    st: &mut RenderState,
    data: &Dataset,
    selected: Option<FeatureRef>,
    bbox: [f64; 4],
    title: &dyn Fn(&[String]) -> String,
    date: &str,
    tile_server: Option<&TileServer>,
    labels: bool,
) -> Layout {
    let full = ui.max_rect();
    let unit = (full.width().min(full.height() * 1.6) / 1200.0).clamp(0.6, 3.0);
    let header_h = 64.0 * unit;
    let title_rect = Rect::from_min_size(full.min, vec2(full.width(), header_h));
    let map_rect = Rect::from_min_max(pos2(full.left(), title_rect.bottom()), full.max);

    // Fit the planner's extent into the map area.
    let fit = Viewport::fit(map_rect, bbox, 0.0);
    let (lon, lat) = map::to_lonlat(fit.center);
    st.memory.center_at(lon_lat(lon, lat));
    let _ = st.memory.set_zoom(fit.zoom);
    if let Some(server) = tile_server
        && st.tiles.is_none()
    {
        st.tiles = Some(server.connect(ui.ctx().clone()));
    }

    let mut map_ui = ui.new_child(UiBuilder::new().max_rect(map_rect));
    map_ui.set_clip_rect(map_rect);
    let slot = map_ui.painter().add(egui::Shape::Noop);
    let tiles = st.tiles.as_mut().map(|t| t as &mut dyn Tiles);
    let (basemap, prepared) = (&mut st.basemap, &st.prepared);
    let opts = DrawOptions {
        selected,
        hovered: None,
        labels,
        gpu: st.gpu,
        zoom_preview: false,
    };
    let inner = walkers::Map::new(tiles, &mut st.memory, lon_lat(lon, lat))
        .zoom_gesture(false)
        .panning(false)
        .double_click_to_zoom(false)
        .show(&mut map_ui, |ui, _response, projector, _memory| {
            let vp = Viewport::from_projector(projector);
            // What the fitted map shows, margins included, not only the extent asked for.
            let visible = visible_features(data, vp.bbox_lonlat());
            let painter = ui.painter().with_clip_rect(vp.rect);
            let level = basemap.level(vp.zoom);
            ui.painter()
                .set(slot, egui::Shape::Vec(map::basemap_shapes(&vp, level)));
            let mut reserved = map::draw_country_labels(&painter, &vp, level);
            // The corridor layers go here, under the furniture painted next.
            let layers_slot = painter.add(egui::Shape::Noop);

            // Furniture first, so labels keep clear of it.
            let pad = 14.0 * unit;
            let (legend, legend_entries) = draw_legend(&painter, &vp, &visible, unit);
            reserved.push(legend);
            let arrow = map::draw_north_arrow(
                &painter,
                pos2(
                    vp.rect.right() - pad - 18.0 * unit,
                    vp.rect.top() + pad + 34.0 * unit,
                ),
                36.0 * unit,
            );
            reserved.push(arrow);
            let sb = map::draw_scale_bar(
                &painter,
                &vp,
                pos2(vp.rect.left() + pad + 6.0 * unit, vp.rect.bottom() - pad),
                220.0 * unit,
                13.0 * unit,
            );
            reserved.push(sb);
            let attribution = attribution_text(&visible, tile_server);
            reserved.push(draw_attribution_box(&painter, vp.rect, &attribution, unit));
            let callout = selected
                .and_then(|r| data.get(r))
                .map(|f| draw_callout(&painter, &vp, f, unit, arrow));
            if let Some(c) = callout {
                reserved.push(c);
            }
            let shapes = map::layer_shapes(&painter, &vp, data, prepared, &opts, &reserved);
            painter.set(layers_slot, egui::Shape::Vec(shapes));
            let countries = map::countries_in_view(&vp, level);
            (vp, legend, legend_entries, countries)
        });
    let (vp, legend, legend_entries, countries) = inner.inner;
    let title = title(&countries);

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
    let [w, s, e, n] = vp.bbox_lonlat();
    painter.text(
        title_rect.left_bottom() + vec2(18.0 * unit, -9.0 * unit),
        Align2::LEFT_BOTTOM,
        format!(
            "China – Kazakhstan – Caspian Sea – Azerbaijan – Georgia – Türkiye · {:.1}°–{:.1}° E, {:.1}°–{:.1}° N · exported {date} · Corridor Atlas",
            w, e, s, n
        ),
        FontId::proportional(13.0 * unit),
        Color32::from_gray(70),
    );
    Layout {
        map: vp,
        title: title_rect,
        legend,
        legend_entries,
        title_text: title,
        scale: 1.0,
    }
}

fn attribution_text(visible: &[(&Feature, bool)], tiles: Option<&TileServer>) -> String {
    let mut pubs: Vec<String> = Vec::new();
    for (f, _) in visible {
        for fig in &f.figures {
            if let Some(s) = fig.source.as_ref().and_then(|s| f.source(s)) {
                let c = s.citation();
                if !pubs.contains(&c) {
                    pubs.push(c);
                }
            }
        }
    }
    pubs.sort();
    let mut t = String::from("Basemap: Natural Earth (public domain)");
    if let Some(server) = tiles {
        t.push_str(" · ");
        t.push_str(&server.credit());
    }
    if !pubs.is_empty() {
        t.push_str("\nFigures: ");
        t.push_str(&pubs.join("; "));
    }
    t
}

fn draw_attribution_box(painter: &egui::Painter, rect: Rect, text: &str, unit: f32) -> Rect {
    let max_w = rect.width() * 0.55;
    let galley = painter.layout(
        text.to_string(),
        FontId::proportional(10.5 * unit),
        Color32::from_gray(40),
        max_w,
    );
    let r = Align2::RIGHT_BOTTOM.anchor_size(
        rect.right_bottom() - vec2(8.0 * unit, 8.0 * unit),
        galley.size(),
    );
    painter.rect_filled(r.expand(4.0 * unit), 3.0, Color32::from_white_alpha(225));
    painter.galley(r.min, galley, Color32::from_gray(40));
    r.expand(4.0 * unit)
}

/// Paints a legend symbol at a point.
type Swatch = Box<dyn Fn(&egui::Painter, Pos2)>;

/// Legend of what is visible; returns its rectangle and its entries.
fn draw_legend(
    painter: &egui::Painter,
    vp: &Viewport,
    visible: &[(&Feature, bool)],
    unit: f32,
) -> (Rect, Vec<String>) {
    let mut kinds: Vec<Kind> = Vec::new();
    let mut modes: Vec<Mode> = Vec::new();
    let mut statuses: Vec<Status> = Vec::new();
    let mut neutral = false;
    for (f, _) in visible {
        if f.is_line() {
            match f.mode {
                Some(m) if !modes.contains(&m) => modes.push(m),
                Some(_) => {}
                None => neutral = true,
            }
            if let Some(s) = f.status
                && !statuses.contains(&s)
            {
                statuses.push(s);
            }
        } else if matches!(f.kind, Kind::Other(_)) {
            neutral = true;
        } else if !kinds.contains(&f.kind) {
            kinds.push(f.kind.clone());
        }
    }
    let row = 20.0 * unit;
    let font = FontId::proportional(12.5 * unit);
    let mut entries: Vec<(Swatch, String)> = Vec::new();
    for k in Kind::KNOWN.iter().filter(|k| kinds.contains(k)) {
        let (c, sym, r) = style::point_style(k);
        entries.push((
            Box::new(move |p, at| style::paint_symbol(p, at, sym, c, r * unit)),
            k.label().to_string(),
        ));
    }
    for m in Mode::ALL.iter().filter(|m| modes.contains(m)) {
        let m = *m;
        entries.push((
            Box::new(move |p, at| {
                style::paint_line_swatch(
                    p,
                    at,
                    28.0 * unit,
                    style::mode_colour(Some(m)),
                    3.0 * unit,
                    None,
                )
            }),
            m.label().to_string(),
        ));
    }
    for s in Status::ALL.iter().filter(|s| statuses.contains(s)) {
        let s = *s;
        entries.push((
            Box::new(move |p, at| {
                style::paint_line_swatch(
                    p,
                    at,
                    28.0 * unit,
                    Color32::from_gray(60),
                    3.0 * unit,
                    Some(s),
                )
            }),
            s.label().to_string(),
        ));
    }
    if neutral {
        entries.push((
            Box::new(move |p, at| {
                style::paint_symbol(p, at, style::Symbol::Circle, style::NEUTRAL, 4.5 * unit)
            }),
            "Other data".to_string(),
        ));
    }
    let title_h = 27.0 * unit;
    let text_w = entries
        .iter()
        .map(|(_, t)| {
            painter
                .layout_no_wrap(t.clone(), font.clone(), Color32::BLACK)
                .size()
                .x
        })
        .fold(80.0 * unit, f32::max);
    let w = 44.0 * unit + text_w + 14.0 * unit;
    let h = title_h + row * entries.len() as f32 + 10.0 * unit;
    let pad = 14.0 * unit;
    let rect = Rect::from_min_size(pos2(vp.rect.left() + pad, vp.rect.top() + pad), vec2(w, h));
    painter.rect(
        rect,
        4.0 * unit,
        Color32::from_white_alpha(235),
        Stroke::new(1.0, Color32::from_gray(170)),
        egui::StrokeKind::Inside,
    );
    painter.text(
        rect.left_top() + vec2(10.0 * unit, 6.0 * unit),
        Align2::LEFT_TOP,
        "Legend",
        FontId::proportional(14.0 * unit),
        Color32::from_gray(20),
    );
    for (i, (paint, label)) in entries.iter().enumerate() {
        let y = rect.top() + title_h + row * (i as f32 + 0.5) + 2.0 * unit;
        paint(painter, pos2(rect.left() + 26.0 * unit, y));
        painter.text(
            pos2(rect.left() + 48.0 * unit, y),
            Align2::LEFT_CENTER,
            label,
            font.clone(),
            Color32::from_gray(25),
        );
    }
    (rect, entries.into_iter().map(|(_, label)| label).collect())
}

/// A box with the selected feature's key figures, with a leader line to it.
fn draw_callout(
    painter: &egui::Painter,
    vp: &Viewport,
    f: &Feature,
    unit: f32,
    avoid: Rect,
) -> Rect {
    let mut lines = vec![f.kind.label().to_string()];
    if let Some(m) = f.mode {
        lines[0] = format!("{} section", m.label());
    }
    if let Some(s) = f.status {
        lines[0] = format!("{} · {}", lines[0], s.label());
    }
    for (label, value, _) in crate::panels::figure_rows(f).into_iter().take(6) {
        lines.push(format!("{label}: {value}"));
    }
    let body = lines.join("\n");
    let max_w = 330.0 * unit;
    let title = painter.layout(
        f.name.clone(),
        FontId::proportional(15.0 * unit),
        Color32::from_gray(10),
        max_w,
    );
    let text = painter.layout(
        body,
        FontId::proportional(11.5 * unit),
        Color32::from_gray(30),
        max_w,
    );
    let w = title.size().x.max(text.size().x) + 20.0 * unit;
    let h = title.size().y + text.size().y + 18.0 * unit;
    let rect = Rect::from_min_size(
        pos2(avoid.left() - w - 12.0 * unit, vp.rect.top() + 14.0 * unit),
        vec2(w, h),
    );
    // Leader line to the feature.
    if let Some(b) = f.bbox() {
        let c = b.center();
        let p = vp.lonlat_to_screen(c.x, c.y);
        painter.line_segment(
            [rect.center_bottom(), p],
            Stroke::new(1.5 * unit, Color32::from_gray(60)),
        );
        painter.circle_stroke(p, 10.0 * unit, Stroke::new(2.0 * unit, style::HIGHLIGHT));
    }
    painter.rect(
        rect,
        4.0 * unit,
        Color32::from_white_alpha(245),
        Stroke::new(1.5, style::HIGHLIGHT),
        egui::StrokeKind::Inside,
    );
    let title_h = title.size().y;
    painter.galley(
        rect.min + vec2(10.0 * unit, 8.0 * unit),
        title,
        Color32::from_gray(10),
    );
    painter.galley(
        rect.min + vec2(10.0 * unit, 12.0 * unit + title_h),
        text,
        Color32::from_gray(30),
    );
    rect
}

/// The File → Export PNG… window.
pub fn export_window(
    ctx: &egui::Context,
    dialog: &mut crate::app::ExportDialog,
    countries: Option<&[String]>,
) -> Vec<Action> {
    let mut out = Vec::new();
    let mut open = dialog.open;
    egui::Window::new("Export PNG")
        .open(&mut open)
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            let o = &mut dialog.options;
            ui.horizontal(|ui| {
                ui.label("Title");
                let hint = o.title_or_default(countries);
                ui.add(
                    egui::TextEdit::singleline(&mut o.title)
                        .hint_text(hint)
                        .desired_width(320.0),
                );
            });
            let custom = PRESETS.len();
            let label = PRESETS.get(dialog.preset).map(|p| p.0).unwrap_or("Custom");
            egui::ComboBox::from_label("Size")
                .selected_text(label)
                .show_ui(ui, |ui| {
                    for (i, p) in PRESETS.iter().enumerate() {
                        if ui.selectable_value(&mut dialog.preset, i, p.0).clicked() {
                            o.width = p.1;
                            o.height = p.2;
                        }
                    }
                    ui.selectable_value(&mut dialog.preset, custom, "Custom");
                });
            if dialog.preset == custom {
                ui.horizontal(|ui| {
                    ui.add(
                        egui::DragValue::new(&mut o.width)
                            .range(64..=MAX_SIDE)
                            .suffix(" px"),
                    );
                    ui.label("×");
                    ui.add(
                        egui::DragValue::new(&mut o.height)
                            .range(64..=MAX_SIDE)
                            .suffix(" px"),
                    );
                });
            }
            ui.horizontal(|ui| {
                ui.label("Detail");
                for s in [1.0, 2.0, 3.0] {
                    ui.radio_value(&mut o.scale, s, format!("{s:.0}×"));
                }
            });
            ui.label(
                egui::RichText::new(format!(
                    "Output {}×{} px; the map shows the same area as the window.",
                    o.width, o.height
                ))
                .small()
                .weak(),
            );
            if ui.button("Export…").clicked() {
                out.push(Action::ExportDialog);
            }
            match &dialog.last_result {
                Some(Ok(msg)) => {
                    ui.label(egui::RichText::new(msg).color(Color32::from_rgb(0x1B, 0x7E, 0x3C)));
                }
                Some(Err(msg)) => {
                    ui.label(egui::RichText::new(msg).color(Color32::from_rgb(0xB0, 0x20, 0x20)));
                }
                None => {}
            }
        });
    dialog.open = open;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_are_right() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_415), "2025-11-23");
        assert_eq!(civil_date(19_782), "2024-02-29");
    }

    #[test]
    fn the_attribution_credits_the_tile_server_in_use() {
        assert_eq!(
            attribution_text(&[], None),
            "Basemap: Natural Earth (public domain)"
        );
        assert!(
            attribution_text(&[], Some(&TileServer::OpenStreetMap))
                .ends_with("Tiles © OpenStreetMap contributors")
        );
        let xyz = TileServer::xyz("http://127.0.0.1:8080/{z}/{x}/{y}.png").expect("url");
        assert!(attribution_text(&[], Some(&xyz)).ends_with("Tiles: 127.0.0.1:8080"));
    }

    #[test]
    fn bbox_is_parsed_and_checked() {
        assert_eq!(
            parse_bbox("46.5, 38.5,55.5,45.5").ok(),
            Some([46.5, 38.5, 55.5, 45.5])
        );
        assert!(parse_bbox("1,2,3").is_err());
        assert!(parse_bbox("50,40,40,45").is_err());
        assert!(parse_bbox("a,b,c,d").is_err());
    }

    #[test]
    fn unknown_views_are_named_in_the_error() {
        let mut o = ExportOptions::default();
        let e = o.set_view("atlantis").expect_err("unknown");
        assert!(e.to_string().contains("atlantis") && e.to_string().contains("caspian"));
        assert!(o.set_view("Caspian").is_ok());
    }

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(
            slug("Middle Corridor — The Caspian crossing"),
            "middle-corridor-the-caspian-crossing"
        );
    }
}
