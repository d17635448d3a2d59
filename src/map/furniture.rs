//! Map furniture: scale bar, north arrow, attribution, a briefing's legend and the callout of
//! its selected feature. Each draws at a size `unit` (1 in the window, larger on big pages)
//! and returns the rectangle it took, which labels keep clear of.

use super::physical::BasemapLayers;
use super::tiles::TileServer;
use super::viewport::Viewport;
use crate::model::{Feature, LegendEntry, format_number};
use crate::style;
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, pos2, vec2};

/// A "nice" scale bar length (1, 2, 5 × 10^n km) that fits in `max_points`.
pub fn scale_bar_km(km_per_point: f64, max_points: f32) -> (f64, f32) {
    let max_km = km_per_point * max_points as f64;
    let mut best = 1.0;
    let mut p = 10f64.powi(max_km.log10().floor() as i32 - 1).max(0.001);
    while p <= max_km {
        for m in [1.0, 2.0, 5.0] {
            if p * m <= max_km {
                best = p * m;
            }
        }
        p *= 10.0;
    }
    (best, (best / km_per_point) as f32)
}

/// Scale bar with its label; `anchor` is the bottom-left corner.
pub fn draw_scale_bar(
    painter: &Painter,
    vp: &Viewport,
    anchor: Pos2,
    max_points: f32,
    text_size: f32,
) -> Rect {
    let (km, len) = scale_bar_km(vp.km_per_point(), max_points);
    let h = text_size * 0.45;
    let y = anchor.y - h;
    let x0 = anchor.x;
    let bg = Rect::from_min_max(
        pos2(x0 - 6.0, y - text_size - 8.0),
        pos2(x0 + len + 6.0, anchor.y + 4.0),
    );
    painter.rect_filled(bg, 3.0, Color32::from_white_alpha(200));
    let half = len / 2.0;
    painter.rect_filled(
        Rect::from_min_size(pos2(x0, y), vec2(half, h)),
        0.0,
        Color32::from_gray(30),
    );
    painter.rect_filled(
        Rect::from_min_size(pos2(x0 + half, y), vec2(half, h)),
        0.0,
        Color32::WHITE,
    );
    painter.rect_stroke(
        Rect::from_min_size(pos2(x0, y), vec2(len, h)),
        0.0,
        Stroke::new(1.0, Color32::from_gray(30)),
        egui::StrokeKind::Middle,
    );
    let font = FontId::proportional(text_size);
    painter.text(
        pos2(x0, y - 2.0),
        Align2::LEFT_BOTTOM,
        "0",
        font.clone(),
        Color32::from_gray(20),
    );
    painter.text(
        pos2(x0 + len, y - 2.0),
        Align2::RIGHT_BOTTOM,
        format!("{} km", format_number(km, false)),
        font,
        Color32::from_gray(20),
    );
    bg
}

/// North arrow centred at `c`.
pub fn draw_north_arrow(painter: &Painter, c: Pos2, size: f32) -> Rect {
    let bg = Rect::from_center_size(c + vec2(0.0, -size * 0.15), vec2(size * 1.3, size * 1.9));
    painter.rect_filled(bg, 4.0, Color32::from_white_alpha(200));
    let top = c + vec2(0.0, -size * 0.7);
    let bottom = c + vec2(0.0, size * 0.45);
    let left = c + vec2(-size * 0.38, size * 0.55);
    let right = c + vec2(size * 0.38, size * 0.55);
    painter.add(Shape::convex_polygon(
        vec![top, bottom, left],
        Color32::from_gray(30),
        Stroke::NONE,
    ));
    painter.add(Shape::convex_polygon(
        vec![top, right, bottom],
        Color32::WHITE,
        Stroke::new(1.0, Color32::from_gray(30)),
    ));
    painter.text(
        top - vec2(0.0, 2.0),
        Align2::CENTER_BOTTOM,
        "N",
        FontId::proportional(size * 0.42),
        Color32::from_gray(20),
    );
    bg
}

/// Who made what the map shows: the basemap, the online tiles when on, and the publications
/// behind the figures of `features` (a briefing's; the window passes none).
pub fn attribution_text(
    features: &[&Feature],
    tiles: Option<&TileServer>,
    layers: BasemapLayers,
) -> String {
    // Each publication once, with the years of its articles: a briefing names who said what
    // without a list that covers the map.
    let mut by_publication: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> =
        Default::default();
    for f in features {
        for fig in &f.figures {
            if let Some(s) = fig.source.as_ref().and_then(|s| f.source(s)) {
                let years = by_publication.entry(s.publication.as_str()).or_default();
                if let Some(y) = s.date.get(..4) {
                    years.insert(y);
                }
            }
        }
    }
    let pubs: Vec<String> = by_publication
        .into_iter()
        .map(|(publication, years)| match years.len() {
            0 => publication.to_string(),
            _ => format!(
                "{publication} {}",
                years.into_iter().collect::<Vec<_>>().join(", ")
            ),
        })
        .collect();
    let mut t = String::from("Basemap: Natural Earth (public domain)");
    if layers.rivers {
        // The Ili and the Kura, which Natural Earth's 1:50m rivers lack.
        t.push_str(", GSHHG rivers");
    }
    if layers.places {
        t.push_str(" · Places: GeoNames (CC BY 4.0)");
    }
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

/// The attribution in the bottom-right corner of `rect`, wrapped to half the map's width.
pub fn draw_attribution(painter: &Painter, rect: Rect, text: &str, unit: f32) -> Rect {
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

/// A briefing's legend in the top-left corner of the map; returns its rectangle.
/// `avoid`: where the map's own symbols and vertices are on screen; the legend goes to the
/// corner (top left, bottom left above the scale bar, or, unless a callout takes it, top right
/// below the north arrow) that hides fewest of them, top left on a tie.
pub fn draw_legend(
    painter: &Painter,
    vp: &Viewport,
    entries: &[LegendEntry],
    unit: f32,
    (avoid, callout): (&[Pos2], bool),
) -> Rect {
    let row = 20.0 * unit;
    let font = FontId::proportional(12.5 * unit);
    let title_h = 27.0 * unit;
    let text_w = entries
        .iter()
        .map(|e| {
            painter
                .layout_no_wrap(e.label().to_string(), font.clone(), Color32::BLACK)
                .size()
                .x
        })
        .fold(80.0 * unit, f32::max);
    let w = 44.0 * unit + text_w + 14.0 * unit;
    let h = title_h + row * entries.len() as f32 + 10.0 * unit;
    let pad = 14.0 * unit;
    let size = vec2(w, h);
    let r = vp.rect;
    let corners = [
        pos2(r.left() + pad, r.top() + pad),
        pos2(r.left() + pad, r.bottom() - pad - 40.0 * unit - h),
        pos2(r.right() - pad - w, r.top() + pad + 80.0 * unit),
    ];
    let rect = corners[..if callout { 2 } else { 3 }]
        .iter()
        .map(|c| Rect::from_min_size(*c, size))
        .filter(|c| r.contains_rect(*c))
        .min_by_key(|c| avoid.iter().filter(|p| c.expand(4.0).contains(**p)).count())
        .unwrap_or_else(|| Rect::from_min_size(corners[0], size));
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
    for (i, e) in entries.iter().enumerate() {
        let y = rect.top() + title_h + row * (i as f32 + 0.5) + 2.0 * unit;
        style::paint_swatch(painter, pos2(rect.left() + 26.0 * unit, y), e, unit);
        painter.text(
            pos2(rect.left() + 48.0 * unit, y),
            Align2::LEFT_CENTER,
            e.label(),
            font.clone(),
            Color32::from_gray(25),
        );
    }
    rect
}

/// A box with the selected feature's key figures, with a leader line to it.
pub fn draw_callout(painter: &Painter, vp: &Viewport, f: &Feature, unit: f32, avoid: Rect) -> Rect {
    let mut lines = vec![f.what()];
    for row in f.figure_rows().into_iter().take(6) {
        lines.push(format!("{}: {}", row.label, row.value));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_bar_lengths_are_round() {
        let (km, len) = scale_bar_km(2.0, 150.0);
        assert_eq!(km, 200.0);
        assert!((len - 100.0).abs() < 0.01);
        let (km, _) = scale_bar_km(0.013, 150.0);
        assert_eq!(km, 1.0);
    }

    const OFF: BasemapLayers = BasemapLayers {
        lakes: false,
        rivers: false,
        places: false,
    };

    #[test]
    fn the_attribution_credits_the_tile_server_in_use() {
        assert_eq!(
            attribution_text(&[], None, OFF),
            "Basemap: Natural Earth (public domain)"
        );
        assert!(
            attribution_text(&[], Some(&TileServer::OpenStreetMap), OFF)
                .ends_with("Tiles © OpenStreetMap contributors")
        );
        let xyz = TileServer::xyz("http://127.0.0.1:8080/{z}/{x}/{y}.png").expect("url");
        assert!(attribution_text(&[], Some(&xyz), OFF).ends_with("Tiles: 127.0.0.1:8080"));
        let on = attribution_text(&[], None, BasemapLayers::default());
        assert!(
            on.contains("Places: GeoNames") && on.contains("GSHHG"),
            "{on}"
        );
    }

    #[test]
    fn the_attribution_names_each_publication_once_with_its_years() {
        let (layers, _) = crate::load::embedded_layers();
        let features: Vec<&Feature> = layers.iter().flat_map(|l| &l.features).collect();
        let text = attribution_text(&features, None, OFF);
        let figures = text.lines().nth(1).expect("a line of figures");
        let entries: Vec<&str> = figures
            .trim_start_matches("Figures: ")
            .split("; ")
            .collect();
        let trend: Vec<&&str> = entries
            .iter()
            .filter(|e| e.starts_with("Trend News Agency 2"))
            .collect();
        assert_eq!(trend.len(), 1, "{entries:?}");
        // Its years, in order, each once.
        let years: Vec<&str> = trend[0]["Trend News Agency ".len()..].split(", ").collect();
        assert!(
            years.len() >= 3 && years.windows(2).all(|w| w[0] < w[1]),
            "{years:?}"
        );
    }
}
