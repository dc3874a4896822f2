//! Drawing charts on a `<canvas>` with plotters. Colours come from the canvas's computed CSS
//! (`color` for ink, `--accent` for data) so charts follow the light/dark theme.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::model::units::format_duration;

/// A log-scale chart of downtime against nines.
pub struct NinesChart<'a> {
    /// The line to draw: (nines, downtime in seconds).
    pub curve: &'a [(f64, f64)],
    /// Reference points on the curve: (nines, downtime).
    pub marks: &'a [(f64, f64)],
    /// Highlighted, labelled points: (nines, downtime, label).
    pub current: &'a [(f64, f64, String)],
    /// The x range in nines.
    pub x_range: (f64, f64),
}

/// Sizes the canvas to `css_width` (its CSS width, measured by the caller) at the device's
/// pixel ratio, then draws. Does nothing when the canvas is not laid out (zero width) or a
/// drawing call fails.
pub fn draw_nines(canvas: &HtmlCanvasElement, css_width: f64, chart: &NinesChart) {
    let window = web_sys::window();
    let ratio = window.as_ref().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).clamp(1.0, 3.0);
    if css_width <= 0.0 {
        return;
    }
    let css_height = (css_width * 0.5).clamp(200.0, 340.0);
    let (width, height) = ((css_width * ratio) as u32, (css_height * ratio) as u32);
    if canvas.width() != width || canvas.height() != height {
        // Resizing reallocates (and clears) the canvas: only when its box changed.
        canvas.set_width(width);
        canvas.set_height(height);
        let _ = canvas.style().set_property("height", &format!("{css_height}px"));
    } else if let Some(context) =
        canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    {
        context.clear_rect(0.0, 0.0, f64::from(width), f64::from(height));
    }
    let (ink, accent, grid) = colours(canvas);
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else { return };
    let _ = draw(backend.into_drawing_area(), chart, ratio, ink, accent, grid);
}

fn draw(
    root: DrawingArea<CanvasBackend, plotters::coord::Shift>,
    chart: &NinesChart,
    ratio: f64,
    ink: RGBColor,
    accent: RGBColor,
    grid: RGBColor,
) -> Result<(), Box<dyn std::error::Error>> {
    let px = |v: f64| (v * ratio).round() as i32;
    let font = |size: f64| ("sans-serif", size * ratio).into_font().color(&ink);
    root.fill(&TRANSPARENT)?;
    let ys: Vec<f64> = chart.curve.iter().map(|p| p.1).filter(|v| *v > 0.0).collect();
    let y_max = ys.iter().cloned().fold(1.0, f64::max) * 2.0;
    let y_min = ys.iter().cloned().fold(f64::INFINITY, f64::min).min(y_max / 10.0) / 2.0;
    // The axes are drawn by hand (plotters' mesh adds ~8 KB gzip to the bundle), with grid
    // lines at durations people think in rather than at powers of ten seconds.
    let (left, bottom) = (px(70.0), px(44.0));
    let plot = root.margin(px(10.0), px(14.0), left, bottom);
    let mut ctx =
        ChartBuilder::on(&plot).build_cartesian_2d(chart.x_range.0..chart.x_range.1, (y_min..y_max).log_scale())?;
    let (x0, x1) = chart.x_range;
    let line =
        |points: Vec<(f64, f64)>, colour: RGBColor| PathElement::new(points, colour.stroke_width(px(1.0) as u32));
    let nice = [0.001, 0.01, 0.1, 1.0, 10.0, 60.0, 600.0, 3600.0, 86_400.0, 864_000.0];
    for y in nice.into_iter().filter(|v| (y_min..=y_max).contains(v)) {
        ctx.draw_series(std::iter::once(line(vec![(x0, y), (x1, y)], grid)))?;
        let (_, py) = ctx.backend_coord(&(x0, y));
        let label = format_duration(y);
        root.draw(&Text::new(label, (px(4.0), py - px(7.0)), font(12.0)))?;
    }
    let mut x = x0.ceil();
    while x <= x1 {
        let (px_x, _) = ctx.backend_coord(&(x, y_min));
        ctx.draw_series(std::iter::once(line(vec![(x, y_min), (x, y_max)], grid)))?;
        root.draw(&Text::new(
            crate::model::units::fixed(x, 0),
            (px_x - px(4.0), root.dim_in_pixel().1 as i32 - bottom + px(8.0)),
            font(12.0),
        ))?;
        x += 1.0;
    }
    let (w, h) = root.dim_in_pixel();
    root.draw(&Text::new("number of nines".to_string(), (w as i32 / 2 - px(40.0), h as i32 - px(16.0)), font(12.0)))?;
    ctx.draw_series(std::iter::once(line(vec![(x0, y_min), (x1, y_min)], ink)))?;
    ctx.draw_series(std::iter::once(line(vec![(x0, y_min), (x0, y_max)], ink)))?;
    ctx.draw_series(LineSeries::new(chart.curve.iter().cloned(), accent.stroke_width(px(2.0) as u32)))?;
    ctx.draw_series(chart.marks.iter().map(|(x, y)| Circle::new((*x, *y), px(3.0), accent.filled())))?;
    // Labels alternate above and below the curve so two close points stay readable.
    for (i, (x, y, label)) in chart.current.iter().enumerate() {
        let dy = if i % 2 == 0 { px(-24.0) } else { px(10.0) };
        let marker = EmptyElement::at((*x, *y))
            + Circle::new((0, 0), px(7.0), ink.stroke_width(px(2.0) as u32))
            + Text::new(label.clone(), (px(12.0), dy), font(13.0));
        ctx.plotting_area().draw(&marker)?;
    }
    root.present()?;
    Ok(())
}

fn colours(canvas: &HtmlCanvasElement) -> (RGBColor, RGBColor, RGBColor) {
    let style = web_sys::window().and_then(|w| w.get_computed_style(canvas).ok().flatten());
    let read = |prop: &str| style.as_ref().and_then(|s| s.get_property_value(prop).ok()).and_then(|v| parse_rgb(&v));
    let ink = read("color").unwrap_or(RGBColor(30, 30, 30));
    let accent = read("--chart-accent").unwrap_or(RGBColor(37, 99, 235));
    let grid = read("--chart-grid").unwrap_or(RGBColor(200, 200, 200));
    (ink, accent, grid)
}

/// Reads `rgb(r, g, b)`, `rgba(…)` or `#rrggbb`.
fn parse_rgb(text: &str) -> Option<RGBColor> {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() == 6 {
            let v = u32::from_str_radix(hex, 16).ok()?;
            return Some(RGBColor((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
        return None;
    }
    let inner = t.split_once('(')?.1.trim_end_matches(')');
    let mut it = inner.split([',', ' ']).filter(|s| !s.is_empty()).map(|s| s.parse::<f64>().ok());
    Some(RGBColor(it.next()?? as u8, it.next()?? as u8, it.next()?? as u8))
}
