//! Charts of the corridor-wide figures (`egui_plot`): each indicator with two values or more
//! as a series over the years; actuals as filled dots joined by a line, targets as hollow
//! diamonds joined by a dashed line, part-year values as hollow squares; hover a point for its
//! value, period and source.

use crate::model::{Figure, Indicator, Indicators, Source, period_label};
use egui::{Color32, Ui};
use egui_plot::{Line, LineStyle, MarkerShape, Plot, PlotPoints, Points};

const ACTUAL: Color32 = Color32::from_rgb(0x15, 0x5F, 0xB8);
const TARGET: Color32 = Color32::from_rgb(0xD9, 0x5F, 0x02);

/// The year a value is for (its `as_of` year when the source gives no year).
fn year_of(f: &Figure) -> Option<f64> {
    f.year
        .or_else(|| f.as_of.as_deref()?.get(..4)?.parse().ok())
        .map(f64::from)
}

/// The series an indicator's values fall in: actuals (whole years), targets, part years.
fn series(i: &Indicator) -> [Vec<(&Figure, [f64; 2])>; 3] {
    let mut out: [Vec<(&Figure, [f64; 2])>; 3] = Default::default();
    for f in &i.series {
        let (Some(x), Some(y)) = (year_of(f), f.number()) else {
            continue;
        };
        let k = if f.qualifier.as_deref() == Some("target") {
            1
        } else if f.period.is_some() {
            2
        } else {
            0
        };
        out[k].push((f, [x, y]));
    }
    for s in &mut out {
        s.sort_by(|a, b| a.1[0].total_cmp(&b.1[0]));
    }
    out
}

/// The indicators with two values or more to chart.
pub fn chartable(ind: &Indicators) -> Vec<&Indicator> {
    ind.indicators
        .iter()
        .filter(|i| series(i).iter().map(Vec::len).sum::<usize>() >= 2)
        .collect()
}

/// How a hovered point reads: "2029 target: 35 Mt — Source: …".
fn point_text(i: &Indicator, ind: &Indicators, f: &Figure) -> String {
    let when = match (&f.period, f.year, &f.as_of) {
        (Some(p), _, _) => period_label(p),
        (None, Some(y), _) => y.to_string(),
        (None, None, Some(d)) => format!("as of {d}"),
        (None, None, None) => String::new(),
    };
    let mut v = f.value_text();
    if !i.unit.is_empty() && crate::model::unit_of(&f.property).is_none() {
        v = format!("{v} {}", i.unit);
    }
    let q = f
        .qualifier
        .as_deref()
        .map(|q| format!(" {}", q.replace('_', " ")))
        .unwrap_or_default();
    let src = f
        .source
        .as_deref()
        .and_then(|s| ind.source(s))
        .map(Source::citation)
        .unwrap_or_else(|| "no source".into());
    format!("{when}{q}: {v}\nSource: {src}")
}

/// The charts, one under another.
pub fn charts_panel(ui: &mut Ui, ind: &Indicators) {
    let list = chartable(ind);
    if list.is_empty() {
        ui.label("No corridor-wide figure has two values to chart.");
        return;
    }
    for i in list {
        ui.label(egui::RichText::new(&i.label).strong());
        let s = series(i);
        let names = ["actual", "target", "part year"];
        let plot = Plot::new(("chart", &i.id))
            .height(150.0)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .include_y(0.0)
            .x_axis_formatter(|m, _| format!("{:.0}", m.value))
            .label_formatter(|h| match h {
                egui_plot::HoverPosition::NearDataPoint {
                    plot_name, index, ..
                } => {
                    let k = names.iter().position(|n| n == plot_name)?;
                    s[k].get(*index).map(|(f, _)| point_text(i, ind, f))
                }
                egui_plot::HoverPosition::Elsewhere { .. } => None,
            });
        plot.show(ui, |p| {
            let styles = [
                (ACTUAL, MarkerShape::Circle, true, LineStyle::Solid),
                (
                    TARGET,
                    MarkerShape::Diamond,
                    false,
                    LineStyle::dashed_loose(),
                ),
                (ACTUAL, MarkerShape::Square, false, LineStyle::Solid),
            ];
            for (k, (colour, shape, filled, style)) in styles.into_iter().enumerate() {
                let pts: Vec<[f64; 2]> = s[k].iter().map(|x| x.1).collect();
                if pts.is_empty() {
                    continue;
                }
                if pts.len() > 1 && k < 2 {
                    p.line(
                        Line::new(names[k], PlotPoints::from(pts.clone()))
                            .color(colour)
                            .style(style),
                    );
                }
                p.points(
                    Points::new(names[k], PlotPoints::from(pts))
                        .shape(shape)
                        .filled(filled)
                        .radius(5.0)
                        .color(colour),
                );
            }
        });
        ui.add_space(6.0);
    }
}
