//! The probe's view, compiled only with the `probe-widget` feature (see `model::probe`): the
//! usual parts of a widget (fields, a select, an output table written as HTML, a chart) over
//! the probe's model.

use leptos::prelude::*;

use super::StateSink;
use crate::model::probe::{ProbeState, waits};
use crate::model::units;
use crate::model::widget::UrlState;
use crate::ui::chart::{Axis, LineChart, chart_canvas};
use crate::html;
use crate::ui::controls::{Choice, TextField, key_field, markup, options_html};

island!(probe, ProbeState, ProbeWidget);

/// The probe.
#[component]
pub fn ProbeWidget(
    /// Its settings.
    params: Vec<(String, String)>,
    /// Receives its state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let state = RwSignal::new(ProbeState::from_query(&params).0);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let rate = RwSignal::new(units::trim(state.get_untracked().rate));
    let servers = Signal::derive(move || {
        let current = state.read().servers.to_string();
        options_html([("4", "4"), ("8", "8"), ("16", "16"), ("32", "32")], &current)
    });
    let table = markup(move || {
        let mut h = html!("<table><tbody>");
        for (c, wait) in waits(&state.read()) {
            let text = wait.map(|w| format!("{} ms", units::fixed(w * 1000.0, 2))).unwrap_or_else(|| "unstable".into());
            html!(h, "<tr><th>{}</th><td>{}</td></tr>", c, text);
        }
        html!(h, "</tbody></table>");
        h
    });
    let chart = chart_canvas("probe-chart", move || {
        let points: Vec<(f64, f64)> =
            waits(&state.read()).into_iter().filter_map(|(c, w)| Some((f64::from(c), w? * 1000.0))).collect();
        let top = points.iter().map(|p| p.1).fold(1.0, f64::max);
        LineChart {
            x: Axis {
                range: (1.0, f64::from(state.read().servers.max(2))),
                ticks: Vec::new(),
                title: "servers".into(),
            },
            y: Axis { range: (0.0, top), ticks: Vec::new(), title: "wait".into() },
            lines: vec![("wait".into(), points, true)],
            dots: Vec::new(),
            marks: Vec::new(),
        }
    });
    view! {
        <div class="panel">
            <TextField label="Arrivals per second" text=rate apply=key_field(state, "rate", |_| {}) />
            <Choice
                label="Servers"
                testid="probe-servers"
                options=servers
                choose=Callback::new(move |v: String| state.update(|s| s.servers = v.parse().unwrap_or(s.servers)))
            />
            <div inner_html=table></div>
            {chart}
        </div>
    }
}
