//! `<TailLatencyWidget/>`: one backend's response times, their percentiles and mean, and what
//! waiting for many backends does to the tail, over [`crate::model::tail_latency`]. Three
//! panels, each shown when the state's `panels` names it: the distribution, the fan-out and
//! the hedge.

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::tail_latency::{self as tail, Figures, PERCENTILE_TICKS, Panel, Preset, Source, TailState, ms_text};
use crate::model::units::{data_value, fixed, format_percent, grouped};
use crate::model::widget::UrlState;
use crate::ui::chart::{Axis, LineChart, chart_canvas, nice_ticks};
use crate::ui::controls::{Choice, TextField, key_field, markup, options_html, sentence};

island!(tail_latency, TailState, TailLatencyWidget);

/// The text of every field, kept so that a scenario can refill them: (key, text).
type Texts = StoredValue<Vec<(&'static str, RwSignal<String>)>>;

/// The tail-latency widget.
#[component]
pub fn TailLatencyWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = TailState::from_query(&params);
    let panels = initial.panels.clone();
    let texts: Texts = StoredValue::new(
        ["median", "p99", "samples", "p", "fanout", "hedge"].into_iter().map(|k| (k, RwSignal::new(initial.get(k)))).collect(),
    );
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let figures = Memo::new(move |_| state.read().figures());
    let scenarios = Memo::new(move |_| {
        let current = state.read().named().unwrap_or("");
        let mut list = vec![("", "(your own numbers)")];
        list.extend(Preset::ALL.map(|p| (p.name(), p.label())));
        options_html(list, current)
    });
    // A scenario replaces every value but the panels shown: the fields show the new ones.
    let pick = Callback::new(move |name: String| {
        if let Some(mut next) = TailState::preset(&name) {
            next.panels = state.with_untracked(|s| s.panels.clone());
            texts.with_value(|t| t.iter().for_each(|(key, text)| text.set(next.get(key))));
            state.set(next);
        }
    });
    let body = panels
        .into_iter()
        .map(|panel| match panel {
            Panel::Distribution => distribution_panel(state, figures, texts).into_any(),
            Panel::Fanout => fanout_panel(state, figures, texts).into_any(),
            Panel::Hedge => hedge_panel(state, figures, texts).into_any(),
        })
        .collect_view();
    let said = move || spoken(&state.read(), &figures.read());
    view! {
        <div class="panel panel-row tail-scenario">
            <Choice label="Scenario" testid="tail-preset-select" options=scenarios choose=pick />
        </div>
        {body}
        <p class="visually-hidden" aria-live="polite" data-testid="tail-said">{said}</p>
    }
}

/// A field bound to one key of the state, its text kept in `texts`.
fn field(
    state: RwSignal<TailState>,
    texts: Texts,
    key: &'static str,
    label: &'static str,
    unit: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let text = texts.with_value(|t| t.iter().find(|(k, _)| *k == key).map(|(_, s)| *s)).unwrap_or_default();
    view! { <TextField label unit text apply=key_field(state, key, |_| {}) testid inputmode="decimal" /> }
}

/// A fraction as a percentage for reading: `63.4 %`, `0.01 %`.
fn percent(x: f64) -> String {
    format_percent(x)
}

/// The one sentence a screen reader hears after a change: the figures of the panels shown.
fn spoken(s: &TailState, figures: &Result<Figures, String>) -> String {
    let f = match figures {
        Ok(f) => f,
        Err(e) => return format!("{}.", sentence(e)),
    };
    let mut parts = Vec::new();
    if s.shows(Panel::Distribution) {
        parts.push(format!(
            "One call: median {}, p99 {}, mean {}",
            ms_text(f.backend.p50),
            ms_text(f.backend.p99),
            ms_text(f.mean)
        ));
    }
    if s.shows(Panel::Fanout) {
        parts.push(format!("waiting for {} backends, {} of requests are slow", grouped(f64::from(s.fanout)), percent(f.fan.p_slow)));
    }
    if let (true, Some(h)) = (s.shows(Panel::Hedge), f.hedge) {
        parts.push(format!("hedged after {}, the p99 is {} for {} more calls", ms_text(h.after_ms), ms_text(h.p99), percent(h.extra)));
    }
    format!("{}.", sentence(&parts.join("; ")))
}

/// A readout with its exact value in `data-value`.
fn readout(label: &str, testid: &str, value: f64, text: &str) -> Html {
    html!(
        r#"<div class="readout"><dt>{}</dt><dd data-testid="{}" data-value="{}">{}</dd></div>"#,
        label,
        testid,
        data_value(value),
        text
    )
}

/// Why there are no figures, where they would be.
fn failed(e: &str) -> Html {
    html!(r#"<p class="field-message" data-testid="tail-problem">{}.</p>"#, sentence(e))
}

/// The distribution: log-normal or a list, its percentiles and mean, and its percentile curve.
fn distribution_panel(state: RwSignal<TailState>, figures: Memo<Result<Figures, String>>, texts: Texts) -> impl IntoView {
    let source = Memo::new(move |_| state.read().source);
    let sources = Memo::new(move |_| {
        options_html([("lognormal", "smooth (log-normal)"), ("samples", "a list of timings")], source.get().name())
    });
    let choose = Callback::new(move |v: String| {
        let _ = state.try_update(|s| s.set("dist", &v));
    });
    let inputs = move || match source.get() {
        Source::LogNormal => view! {
            {field(state, texts, "median", "Median (p50)", "ms", "median-input")}
            {field(state, texts, "p99", "p99", "ms", "p99-input")}
        }
        .into_any(),
        Source::Samples => {
            view! { {field(state, texts, "samples", "Timings (ms × count)", "", "samples-input")} }.into_any()
        }
    };
    let outputs = markup(move || match &*figures.read() {
        Err(e) => failed(e),
        Ok(f) => {
            let mut h = html!(r#"<dl class="readouts">"#);
            for (label, testid, v) in f.backend.rows() {
                h.push(&readout(label, testid, v, &ms_text(v)));
            }
            h.push(&readout("mean", "mean", f.mean, &ms_text(f.mean)));
            html!(
                h,
                r#"</dl><p class="result">The mean, {}, is slower than <strong data-testid="mean-rank" data-value="{}">{}</strong> of calls: a few slow ones pull it up, so it describes almost nobody.</p>"#,
                ms_text(f.mean),
                data_value(f.mean_rank),
                percent(f.mean_rank)
            );
            h
        }
    });
    let make = move || {
        let d = state.read().distribution().ok();
        let points = d.as_ref().map(|d| d.percentile_curve()).unwrap_or_default();
        let mean = d.as_ref().map_or(0.0, |d| d.mean());
        let top = points.iter().map(|p| p.1).fold(mean, f64::max);
        let (y_top, y_ticks) = nice_ticks(top * 1.05, 5, ms_text);
        LineChart {
            x: Axis {
                range: (0.0, 3.0),
                ticks: PERCENTILE_TICKS.iter().map(|(x, l)| (*x, l.to_string())).collect(),
                title: "percentile".into(),
            },
            y: Axis { range: (0.0, y_top), ticks: y_ticks, title: "response time".into() },
            lines: vec![
                ("response time".into(), points, true),
                ("mean".into(), vec![(0.0, mean), (3.0, mean)], false),
            ],
            dots: Vec::new(),
            marks: Vec::new(),
        }
    };
    // The chart's twin: the curve at the usual percentiles, and the mean's line.
    let rows = markup(move || {
        let mut h = Html::new();
        if let Ok(d) = state.read().distribution() {
            for q in [10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9] {
                html!(h, r#"<tr><th scope="row">p{}</th><td>{}</td></tr>"#, q, ms_text(d.exceeded_by(1.0 - q / 100.0)));
            }
            html!(h, r#"<tr><th scope="row">mean</th><td>{}</td></tr>"#, ms_text(d.mean()));
        }
        h
    });
    view! {
        <div class="panel" data-panel="distribution">
            <h3 class="panel-title">"One backend call"</h3>
            <div class="panel-row">
                <Choice label="Response times" testid="dist-select" options=sources choose />
                {inputs}
            </div>
            <div inner_html=outputs></div>
            {chart_canvas("percentile-chart", make)}
            <details class="chart-twin">
                <summary>"The chart's data as a table"</summary>
                <table data-testid="percentile-table">
                    <thead><tr><th scope="col">"Percentile"</th><th scope="col">"Response time"</th></tr></thead>
                    <tbody inner_html=rows></tbody>
                </table>
            </details>
        </div>
    }
}

/// Fan-out: the probability that a request waiting for n backends is slow, its chart and the
/// request's own percentiles.
fn fanout_panel(state: RwSignal<TailState>, figures: Memo<Result<Figures, String>>, texts: Texts) -> impl IntoView {
    let outputs = markup(move || {
        let s = state.read();
        let fan = s.fan_out();
        let mut h = html!(r#"<dl class="readouts">"#);
        h.push(&readout("Requests that are slow", "p-slow", fan.p_slow, &percent(fan.p_slow)));
        match fan.half_at {
            Some(n) => h.push(&readout("Half the requests slow at", "half-at", n as f64, &format!("{} backends", grouped(n as f64)))),
            None => html!(h, r#"<div class="readout"><dt>Half the requests slow at</dt><dd data-testid="half-at">never</dd></div>"#),
        }
        h.push(&readout(
            "For only p slow requests, each backend may be slow on",
            "backend-budget",
            fan.backend_budget,
            &percent(fan.backend_budget),
        ));
        html!(
            h,
            r#"</dl><p class="result">1 − (1 − {})<sup>{}</sup> = <strong>{}</strong>: one slow backend is enough to make the whole request slow.</p>"#,
            fixed(fan.p, 4),
            fan.fanout,
            percent(fan.p_slow)
        );
        if let Ok(f) = &*figures.read() {
            html!(
                h,
                r#"<table class="percentiles" data-testid="request-percentiles"><caption>One call against a request that waits for {}</caption><thead><tr><td></td><th scope="col">p50</th><th scope="col">p90</th><th scope="col">p99</th><th scope="col">p99.9</th></tr></thead><tbody>"#,
                grouped(f64::from(s.fanout))
            );
            for (name, prefix, p) in [("One call", "", &f.backend), ("The request", "request-", &f.request)] {
                html!(h, r#"<tr><th scope="row">{}</th>"#, name);
                for (id, v) in [("p50", p.p50), ("p90", p.p90), ("p99", p.p99), ("p999", p.p999)] {
                    if prefix.is_empty() {
                        html!(h, "<td>{}</td>", ms_text(v));
                    } else {
                        html!(h, r#"<td data-testid="{}{}" data-value="{}">{}</td>"#, prefix, id, data_value(v), ms_text(v));
                    }
                }
                html!(h, "</tr>");
            }
            html!(h, "</tbody></table>");
        }
        h
    });
    let make = move || {
        let c = state.read().curve();
        LineChart {
            x: Axis {
                range: (1.0, f64::from(c.x_max)),
                ticks: nice_ticks(f64::from(c.x_max), 5, grouped).1.into_iter().filter(|t| t.0 >= 1.0).collect(),
                title: "backends one request waits for".into(),
            },
            y: Axis {
                range: (0.0, 1.0),
                ticks: (0..=4).map(|i| (f64::from(i) / 4.0, format!("{} %", i * 25))).collect(),
                title: "requests that are slow".into(),
            },
            lines: vec![("P(slow)".into(), c.points, true)],
            dots: Vec::new(),
            marks: vec![(c.at.0, c.at.1, format!("{}: {}", grouped(c.at.0), percent(c.at.1)))],
        }
    };
    let rows = markup(move || {
        let s = state.read();
        let mut h = Html::new();
        for n in [1u32, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 10_000].into_iter().filter(|n| *n <= s.curve().x_max) {
            html!(h, r#"<tr><th scope="row">{}</th><td>{}</td></tr>"#, grouped(f64::from(n)), percent(tail::p_slow(s.p, n)));
        }
        h
    });
    view! {
        <div class="panel" data-panel="fanout">
            <h3 class="panel-title">"Fan-out: waiting for the slowest of n backends"</h3>
            <div class="panel-row">
                {field(state, texts, "p", "Chance one backend is slow (p)", "", "p-input")}
                {field(state, texts, "fanout", "Backends per request (n)", "", "fanout-input")}
            </div>
            <div inner_html=outputs></div>
            {chart_canvas("fanout-chart", make)}
            <details class="chart-twin">
                <summary>"The chart's data as a table"</summary>
                <table data-testid="fanout-table">
                    <thead><tr><th scope="col">"Backends"</th><th scope="col">"Requests that are slow"</th></tr></thead>
                    <tbody inner_html=rows></tbody>
                </table>
            </details>
        </div>
    }
}

/// Hedged requests: a second request after the hedge percentile, the first reply winning.
fn hedge_panel(state: RwSignal<TailState>, figures: Memo<Result<Figures, String>>, texts: Texts) -> impl IntoView {
    let outputs = markup(move || {
        let f = match &*figures.read() {
            Err(e) => return failed(e),
            Ok(f) => f.clone(),
        };
        let Some(h) = f.hedge else {
            return html!(r#"<p class="result" data-testid="hedge-off">Hedging is off: every call waits for its one reply.</p>"#);
        };
        let mut out = html!(r#"<dl class="readouts">"#);
        out.push(&readout("Second request after", "hedge-after", h.after_ms, &ms_text(h.after_ms)));
        out.push(&readout("Extra calls", "hedge-extra", h.extra, &percent(h.extra)));
        out.push(&readout("p99 with the hedge", "hedged-p99", h.p99, &ms_text(h.p99)));
        out.push(&readout("p99.9 with the hedge", "hedged-p999", h.p999, &ms_text(h.p999)));
        html!(out, "</dl>");
        html!(
            out,
            r#"<table class="percentiles" data-testid="hedge-table"><caption>One call, without and with the hedge</caption><thead><tr><td></td><th scope="col">p99</th><th scope="col">p99.9</th><th scope="col">Requests slow at fan-out {}</th></tr></thead><tbody><tr><th scope="row">Without</th><td>{}</td><td>{}</td><td>{}</td></tr><tr><th scope="row">With</th><td>{}</td><td>{}</td><td>{}</td></tr></tbody></table>"#,
            grouped(f64::from(f.fan.fanout)),
            ms_text(f.backend.p99),
            ms_text(f.backend.p999),
            percent(f.fan.p_slow),
            ms_text(h.p99),
            ms_text(h.p999),
            match h.p_slow {
                Some(p) => html!(r#"<span data-testid="hedged-p-slow" data-value="{}">{}</span>"#, data_value(p), percent(p)),
                None => html!("–"),
            }
        );
        out
    });
    view! {
        <div class="panel" data-panel="hedge">
            <h3 class="panel-title">"Hedged requests"</h3>
            <div class="panel-row">{field(state, texts, "hedge", "Send a second request after the percentile", "", "hedge-input")}</div>
            <div inner_html=outputs></div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_follows_the_panels_shown() {
        // p = 1 %, n = 100: 1 − 0.99¹⁰⁰ = 0.6339… of requests are slow.
        let (s, _) = TailState::from_query(&[("preset", "tail-at-scale"), ("panels", "fanout")]);
        let said = spoken(&s, &s.figures());
        assert!(said.starts_with("Waiting for 100 backends, 63.4"), "{said}");
        assert!(!said.contains("median"));
        // Typed field by field, a p99 below the median (100 ms) can happen: said, not shown.
        let mut s = TailState::default();
        s.set("p99", "50").unwrap();
        assert!(spoken(&s, &s.figures()).contains("below the median"), "{}", spoken(&s, &s.figures()));
    }
}
