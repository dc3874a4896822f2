//! The probe's view, compiled only with the `probe-widget` feature (see `model::probe`): the
//! usual parts of a widget (fields, a select, an output table written as HTML, a chart) over
//! the probe's model.

use leptos::prelude::*;

use super::StateSink;
use crate::model::probe::{ProbeState, waits};
use crate::model::{query, units};
use crate::ui::chart::{Axis, LineChart, chart_canvas};
use crate::ui::controls::{Choice, TextField, options_html};

/// The widget as its island shows it.
pub fn probe_widget(params: Vec<(String, String)>, sink: StateSink) -> impl IntoView {
    let state = RwSignal::new(ProbeState::from_query(&params).0);
    sink.provide(Signal::derive(move || query::encode(&state.read().to_query())));
    let rate = RwSignal::new(units::trim(state.get_untracked().rate));
    let parse: crate::ui::controls::Parse = |t| units::parse_number(t).map_err(|e| e.to_string());
    let servers = Signal::derive(move || {
        let current = state.read().servers.to_string();
        options_html([("4", "4"), ("8", "8"), ("16", "16"), ("32", "32")], &current)
    });
    let table = move || {
        let mut h = String::from("<table><tbody>");
        for (c, wait) in waits(&state.read()) {
            let text = wait.map(|w| format!("{} ms", units::fixed(w * 1000.0, 2))).unwrap_or_else(|| "unstable".into());
            h.push_str(&format!("<tr><th>{c}</th><td>{text}</td></tr>"));
        }
        h + "</tbody></table>"
    };
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
            <TextField label="Arrivals per second" text=rate parse apply=Callback::new(move |v| state.update(|s| s.rate = v)) />
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
