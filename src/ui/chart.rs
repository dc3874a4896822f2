//! Line charts on a `<canvas>`, drawn with plotters. One chart type serves every widget (a
//! log scale is plotted as `log10` values with labelled ticks), so plotters' code is in the
//! site once, in a chunk of its own fetched with the first chart drawn. Colours come from the canvas's computed CSS (`color` for ink, `--chart-accent`
//! and `--chart-grid`), so charts follow the theme (light, dark or projector, which also draws them larger:
//! `--chart-scale`). The axes are drawn by hand:
//! plotters' mesh would add about 8 KB gzip.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::HtmlCanvasElement;

use crate::ui::browser::NearScreen;

/// How near the screen a chart's canvas must come to be drawn (a CSS margin).
const CHART_NEAR: &str = "200px 0px";

/// One axis: its range, the ticks to label (value, label), and its title.
pub struct Axis {
    /// Lowest and highest value shown.
    pub range: (f64, f64),
    /// Grid lines with their labels.
    pub ticks: Vec<(f64, String)>,
    /// The axis title.
    pub title: String,
}

/// One line of a chart: its name, its points, and whether it is the main (accent-coloured) one.
pub type Line = (String, Vec<(f64, f64)>, bool);

/// A line chart.
pub struct LineChart {
    /// The horizontal axis.
    pub x: Axis,
    /// The vertical axis.
    pub y: Axis,
    /// Lines: name, points, and whether it is the main (accent-coloured) one.
    pub lines: Vec<Line>,
    /// Small dots on the main line.
    pub dots: Vec<(f64, f64)>,
    /// Highlighted, labelled points: (x, y, label).
    pub marks: Vec<(f64, f64, String)>,
}

/// A canvas showing the chart `make` builds, redrawn on the next frame whenever what `make`
/// reads changes, the canvas's box changes size or the theme changes. The box is sized by CSS
/// (its width, and a height from its aspect ratio) and reported by a ResizeObserver after
/// layout: nothing here measures the page, which would force the browser to lay it out again.
pub fn chart_canvas(testid: &'static str, make: impl Fn() -> LineChart + Send + Sync + 'static) -> AnyView {
    canvas(testid, Box::new(make))
}

/// [`chart_canvas`] without generics: one copy of the canvas code, in the widget kit
/// (`widgets::keep_kit`).
pub fn canvas(testid: &'static str, make: Box<dyn Fn() -> LineChart + Send + Sync>) -> AnyView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let size = RwSignal::new((0.0f64, 0.0f64));
    // Drawn once it comes near the screen: the drawing code is fetched with the first chart a
    // reader can see, not with a widget whose chart is still far below.
    let near = RwSignal::new(false);
    let theme = crate::ui::app::theme().0;
    let watching = StoredValue::new_local(None::<(Option<SizeWatch>, NearScreen)>);
    canvas.on_load(move |el| {
        let seen = NearScreen::new(CHART_NEAR, move |_| {
            let _ = near.try_set(true);
        });
        seen.watch(&el);
        watching.set_value(Some((SizeWatch::new(&el, size), seen)));
    });
    Effect::new(move |_| {
        if !near.get() {
            return;
        }
        let (width, height) = size.get();
        // The colours come from the page; the theme's own effect switches them first.
        theme.track();
        let chart = make();
        let Some(el) = canvas.get() else { return };
        if width <= 0.0 {
            return; // Not laid out yet: the observer reports the size once it is.
        }
        request_animation_frame(move || {
            // The first chart on a page waits for the drawing code; a chart that cannot be
            // drawn (its chunk failed to load) stays blank, and its table twin still reads.
            leptos::task::spawn_local(async move {
                let _ = drawn(el, width, height, chart).await;
            });
        });
    });
    view! { <canvas node_ref=canvas class="chart" aria-hidden="true" data-testid=testid></canvas> }.into_any()
}

/// A ResizeObserver that writes an element's content-box size into a signal; it stops when
/// dropped (with the chart's owner).
struct SizeWatch {
    observer: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl SizeWatch {
    fn new(el: &HtmlCanvasElement, size: RwSignal<(f64, f64)>) -> Option<SizeWatch> {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(entry) = entries.iter().last() {
                let rect = entry.unchecked_into::<web_sys::ResizeObserverEntry>().content_rect();
                size.set((rect.width(), rect.height()));
            }
        });
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(el);
        Some(SizeWatch { observer, _callback: callback })
    }
}

impl Drop for SizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Draws `chart` on `canvas`. plotters and the drawing code are a chunk of their own with the
/// `split` feature, shared by every widget with a chart and fetched with the first chart drawn.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(chart, wasm_split_path = ::leptos::wasm_split, fallible)]
fn drawn(canvas: HtmlCanvasElement, width: f64, height: f64, chart: LineChart) -> Result<(), SplitLoaderError> {
    draw(&canvas, width, height, &chart);
    Ok(())
}

/// Draws `chart` on `canvas` (without the `split` feature, at once).
#[cfg(not(feature = "split"))]
async fn drawn(canvas: HtmlCanvasElement, width: f64, height: f64, chart: LineChart) -> Result<(), SplitLoaderError> {
    draw(&canvas, width, height, &chart);
    Ok(())
}

/// Sizes the canvas's bitmap to its CSS box (`css_width` × `css_height`, as laid out) at the
/// device's pixel ratio, then draws. Does nothing when the canvas is not laid out (zero width)
/// or a drawing call fails.
fn draw(canvas: &HtmlCanvasElement, css_width: f64, css_height: f64, chart: &LineChart) {
    let window = web_sys::window();
    let ratio = window.as_ref().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).clamp(1.0, 3.0);
    if css_width <= 0.0 || css_height <= 0.0 {
        return;
    }
    let (width, height) = ((css_width * ratio) as u32, (css_height * ratio) as u32);
    if canvas.width() != width || canvas.height() != height {
        // Resizing reallocates (and clears) the bitmap: only when its box changed.
        canvas.set_width(width);
        canvas.set_height(height);
    } else if let Some(context) =
        canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    {
        context.clear_rect(0.0, 0.0, f64::from(width), f64::from(height));
    }
    let (ink, accent, grid, scale) = colours(canvas);
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else { return };
    // The projector theme draws everything larger (`--chart-scale`): type, lines and margins.
    let _ = render(backend.into_drawing_area(), chart, ratio * scale, ink, accent, grid);
}

fn render(
    root: DrawingArea<CanvasBackend, plotters::coord::Shift>,
    chart: &LineChart,
    ratio: f64,
    ink: RGBColor,
    accent: RGBColor,
    grid: RGBColor,
) -> Result<(), Box<dyn std::error::Error>> {
    let px = |v: f64| (v * ratio).round() as i32;
    let font = |size: f64| ("sans-serif", size * ratio).into_font().color(&ink);
    let (left, bottom) = (px(70.0), px(44.0));
    let plot = root.margin(px(22.0), px(30.0), left, bottom);
    let (x0, x1) = chart.x.range;
    let (y0, y1) = chart.y.range;
    let mut ctx = ChartBuilder::on(&plot).build_cartesian_2d(x0..x1, y0..y1)?;
    let line =
        |points: Vec<(f64, f64)>, colour: RGBColor| PathElement::new(points, colour.stroke_width(px(1.0) as u32));
    let (_, h) = root.dim_in_pixel();
    for (y, label) in &chart.y.ticks {
        ctx.draw_series(std::iter::once(line(vec![(x0, *y), (x1, *y)], grid)))?;
        let (_, py) = ctx.backend_coord(&(x0, *y));
        root.draw(&Text::new(label.clone(), (px(4.0), py - px(7.0)), font(12.0)))?;
    }
    // Every tick has its grid line; a label that would run into the previous one is left out
    // (p90 and p95 on a phone-wide chart).
    let mut free_from = i32::MIN;
    for (x, label) in &chart.x.ticks {
        let (px_x, _) = ctx.backend_coord(&(*x, y0));
        ctx.draw_series(std::iter::once(line(vec![(*x, y0), (*x, y1)], grid)))?;
        let start = px_x - px(8.0);
        // About 7 px a character at 12 px (plotters' own measure puts a styled element in the
        // page, which the Content Security Policy refuses, and forces a layout).
        let width = px(7.0 * label.chars().count() as f64);
        if start >= free_from {
            root.draw(&Text::new(label.clone(), (start, h as i32 - bottom + px(8.0)), font(12.0)))?;
            free_from = start + width + px(6.0);
        }
    }
    let (w, _) = root.dim_in_pixel();
    root.draw(&Text::new(chart.x.title.clone(), (w as i32 / 2 - px(40.0), h as i32 - px(16.0)), font(12.0)))?;
    root.draw(&Text::new(chart.y.title.clone(), (px(4.0), px(0.0)), font(11.0)))?;
    ctx.draw_series(std::iter::once(line(vec![(x0, y0), (x1, y0)], ink)))?;
    ctx.draw_series(std::iter::once(line(vec![(x0, y0), (x0, y1)], ink)))?;
    for (i, (name, points, main)) in chart.lines.iter().enumerate() {
        let colour = if *main { accent } else { ink };
        ctx.draw_series(LineSeries::new(points.iter().cloned(), colour.stroke_width(px(2.0) as u32)))?;
        if chart.lines.len() > 1 {
            // A small legend in the top right corner.
            let y = px(14.0 + 16.0 * i as f64);
            root.draw(&PathElement::new(
                vec![(w as i32 - px(150.0), y), (w as i32 - px(130.0), y)],
                colour.stroke_width(px(2.0) as u32),
            ))?;
            root.draw(&Text::new(name.clone(), (w as i32 - px(124.0), y - px(7.0)), font(12.0)))?;
        }
    }
    ctx.draw_series(chart.dots.iter().map(|(x, y)| Circle::new((*x, *y), px(3.0), accent.filled())))?;
    // Labels alternate above and below the line so two close points stay readable.
    for (i, (x, y, label)) in chart.marks.iter().enumerate() {
        let dy = if i % 2 == 0 { px(-24.0) } else { px(10.0) };
        let marker = EmptyElement::at((*x, *y))
            + Circle::new((0, 0), px(7.0), ink.stroke_width(px(2.0) as u32))
            + Text::new(label.clone(), (px(12.0), dy), font(13.0));
        ctx.plotting_area().draw(&marker)?;
    }
    root.present()?;
    Ok(())
}

/// Evenly spaced "nice" ticks (1, 2 or 5 × 10ⁿ apart) covering `0..=max`, about `count` of
/// them, labelled by `label`.
pub fn nice_ticks(max: f64, count: usize, label: impl Fn(f64) -> String) -> (f64, Vec<(f64, String)>) {
    let max = if max.is_finite() && max > 0.0 { max } else { 1.0 };
    let raw = max / count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(raw);
    let top = (max / step).ceil() * step;
    let ticks = (0..=((top / step).round() as usize).min(50)).map(|i| i as f64 * step).map(|v| (v, label(v))).collect();
    (top, ticks)
}

/// The theme's ink, accent and grid colours, and the scale of type and lines (`--chart-scale`,
/// 1 unless the theme says otherwise, between 1 and 3).
fn colours(canvas: &HtmlCanvasElement) -> (RGBColor, RGBColor, RGBColor, f64) {
    let style = web_sys::window().and_then(|w| w.get_computed_style(canvas).ok().flatten());
    let value = |prop: &str| style.as_ref().and_then(|s| s.get_property_value(prop).ok());
    let read = |prop: &str| value(prop).and_then(|v| parse_rgb(&v));
    let ink = read("color").unwrap_or(RGBColor(30, 30, 30));
    let accent = read("--chart-accent").unwrap_or(RGBColor(37, 99, 235));
    let grid = read("--chart-grid").unwrap_or(RGBColor(200, 200, 200));
    let scale = value("--chart-scale").and_then(|v| v.trim().parse::<f64>().ok()).filter(|s| s.is_finite());
    (ink, accent, grid, scale.unwrap_or(1.0).clamp(1.0, 3.0))
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
