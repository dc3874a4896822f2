//! `<QueueWidget/>`: one server and the queue in front of it, over [`crate::model::queue`]:
//! utilization, the M/M/1 response time beside Little's law, the hockey-stick curve of
//! response time against utilization, and how long a spike's backlog takes to drain.

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::queue::{Drain, Preset, QueueState, Steady};
use crate::model::units::{data_value, fixed, format_duration, grouped, significant, trim};
use crate::model::widget::UrlState;
use crate::ui::chart::{Axis, LineChart, chart_canvas, nice_ticks};
use crate::ui::controls::{Choice, TextField, key_field, markup, scenario_menu};

island!(queue, QueueState, QueueWidget);

/// The numeric fields: label, unit, test id and the key of the state each writes.
const FIELDS: [(&str, &str, &str, &str); 3] = [
    ("Arrival rate λ", "per s", "arrival-input", "arrival"),
    ("Service rate μ", "per s", "service-input", "service"),
    ("Backlog after a spike", "items", "backlog-input", "backlog"),
];

/// The queue widget.
#[component]
pub fn QueueWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = QueueState::from_query(&params);
    let texts = FIELDS.map(|(_, _, _, key)| RwSignal::new(initial.get(key)));
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    // A scenario replaces every value: the fields show the new ones.
    let (scenarios, pick) = scenario_menu(state, "(your own numbers)", Preset::ALL.map(|p| (p.name(), p.label())), texts, FIELDS.map(|(_, _, _, key)| key));
    let fields = texts
        .into_iter()
        .zip(FIELDS)
        .map(|(text, (label, unit, testid, key))| {
            view! { <TextField label unit text apply=key_field(state, key, |_| {}) testid inputmode="decimal" /> }
        })
        .collect_view();
    let said = move || spoken(&state.read());
    view! {
        <div class="panel panel-row queue-controls">
            <Choice label="Scenario" testid="queue-preset-select" options=scenarios choose=pick />
            {fields}
        </div>
        <div class="queue-outputs" inner_html=markup(move || figures_html(&state.read()))></div>
        <p class="visually-hidden" aria-live="polite" data-testid="queue-said">{said}</p>
        {curve_panel(state)}
        {drain_panel(state)}
    }
}

/// Seconds for people: `100 ms`, `33 min 20 s`.
fn seconds(s: f64) -> String {
    format_duration(s)
}

/// A count for people: three significant digits, grouped.
fn items(n: f64) -> String {
    grouped(significant(n, 3))
}

/// The one sentence a screen reader hears after a change.
fn spoken(s: &QueueState) -> String {
    let f = s.figures();
    let busy = format!("{} % busy", fixed(f.utilization * 100.0, 1));
    let steady = match &f.steady {
        Steady::Stable(m) => format!("response time {}, {} of it waiting", seconds(m.response_time), seconds(m.wait)),
        overloaded => overloaded.warning().unwrap_or_default(),
    };
    let drain = match f.drain {
        Drain::Drains { time, .. } => format!("the backlog drains in {}", seconds(time)),
        never => format!("the backlog drains {}", never.warning().unwrap_or_default()),
    };
    format!("At {busy}: {steady}; {drain}.")
}

/// The figures: read-only, so one block of markup. A figure that does not exist (no steady
/// state, a queue that never empties) shows the model's sentence and has no `data-value`.
fn figures_html(s: &QueueState) -> Html {
    let f = s.figures();
    let readout = |label: &str, testid: &str, value: Option<f64>, text: String| match value {
        Some(v) => html!(
            r#"<div class="readout"><dt>{}</dt><dd data-testid="{}" data-value="{}">{}</dd></div>"#,
            label,
            testid,
            data_value(v),
            text
        ),
        None => html!(r#"<div class="readout"><dt>{}</dt><dd data-testid="{}">–</dd></div>"#, label, testid),
    };
    let m = f.steady.stable();
    let mut h = html!(r#"<div class="panel" data-panel="figures"><dl class="readouts">"#);
    h.push(&readout(
        "Utilization ρ = λ/μ",
        "utilization",
        Some(f.utilization),
        format!("{} %", fixed(f.utilization * 100.0, 1)),
    ));
    h.push(&readout("Service time S = 1/μ", "service-time", Some(f.service_time), seconds(f.service_time)));
    h.push(&readout("Response time W", "response-time", m.map(|m| m.response_time), m.map_or(String::new(), |m| seconds(m.response_time))));
    h.push(&readout("Wait in the queue Wq", "wait", m.map(|m| m.wait), m.map_or(String::new(), |m| seconds(m.wait))));
    h.push(&readout("In the system L", "in-system", m.map(|m| m.in_system), m.map_or(String::new(), |m| items(m.in_system))));
    h.push(&readout("Little's law λW", "little", m.map(|m| m.little), m.map_or(String::new(), |m| items(m.little))));
    h.push(&readout("Throughput", "throughput", Some(f.throughput), format!("{} per s", items(f.throughput))));
    let (stability, sentence) = match (&f.steady, m) {
        (_, Some(m)) => (
            "stable",
            html!(
                "A request spends <strong>{}</strong> here on average, {} times its service time: {} waiting, then {} served. Little's law: {} a second × {} = {} in the system, as the formula L = ρ/(1 − ρ) = {} says.",
                seconds(m.response_time),
                trim(significant(m.slowdown, 3)),
                seconds(m.wait),
                seconds(f.service_time),
                items(s.arrival),
                seconds(m.response_time),
                items(m.little),
                items(m.in_system)
            ),
        ),
        (steady, None) => (
            "overloaded",
            html!(r#"<span class="field-message">{}.</span>"#, sentence_case(&steady.warning().unwrap_or_default())),
        ),
    };
    html!(
        h,
        r#"</dl><p class="result" data-testid="stability" data-value="{}">{}</p></div>"#,
        stability,
        sentence
    );
    let drain = match f.drain {
        Drain::Drains { time, mean_wait } => html!(
            r#"A backlog of {} items drains in <strong data-testid="drain-time" data-value="{}">{}</strong> (it shrinks by μ − λ = {} a second); the items in it wait <span data-testid="drain-wait" data-value="{}">{}</span> on average."#,
            items(s.backlog as f64),
            data_value(time),
            seconds(time),
            items(s.service - s.arrival),
            data_value(mean_wait),
            seconds(mean_wait)
        ),
        never => html!(
            r#"A backlog of {} items drains <strong data-testid="drain-time">{}</strong>."#,
            items(s.backlog as f64),
            never.warning().unwrap_or_default()
        ),
    };
    html!(h, r#"<div class="panel" data-panel="drain-figures"><p class="result">{}</p></div>"#, drain);
    h
}

/// A message as a sentence (its first letter in capitals).
fn sentence_case(text: &str) -> String {
    crate::ui::controls::sentence(text)
}

/// Response time against utilization at this service rate, with the current state marked and
/// a table twin.
fn curve_panel(state: RwSignal<QueueState>) -> impl IntoView {
    let make = move || {
        let s = state.read();
        let curve = s.curve();
        let top = curve.last().map_or(1.0, |p| p.response_time);
        let (y_top, y_ticks) = nice_ticks(top * 1.05, 5, seconds);
        let marks = s
            .point()
            .filter(|p| p.utilization <= 1.0 && p.response_time <= y_top)
            .map(|p| (p.utilization * 100.0, p.response_time, format!("you: {}", seconds(p.response_time))))
            .into_iter()
            .collect();
        LineChart {
            x: Axis {
                range: (0.0, 100.0),
                ticks: (0..=5).map(|i| (f64::from(i) * 20.0, format!("{} %", i * 20))).collect(),
                title: "utilization ρ".into(),
            },
            y: Axis { range: (0.0, y_top), ticks: y_ticks, title: "response time W".into() },
            lines: vec![(
                "W = S / (1 − ρ)".into(),
                curve.iter().map(|p| (p.utilization * 100.0, p.response_time)).collect(),
                true,
            )],
            dots: Vec::new(),
            marks,
        }
    };
    let rows = markup(move || {
        let s = state.read();
        let mut h = Html::new();
        for p in s.curve().iter().filter(|p| (p.utilization * 100.0).round() as i64 % 10 == 0 || p.utilization > 0.97) {
            html!(h, r#"<tr><th scope="row">{} %</th><td>{}</td></tr>"#, trim((p.utilization * 100.0).round()), seconds(p.response_time));
        }
        h
    });
    view! {
        <div class="panel chart-panel" data-panel="curve">
            <h3 class="panel-title">"Response time against utilization"</h3>
            {chart_canvas("queue-curve-chart", make)}
            <details class="chart-twin">
                <summary>"The chart's data as a table"</summary>
                <table data-testid="queue-curve-table">
                    <thead><tr><th scope="col">"Utilization"</th><th scope="col">"Response time"</th></tr></thead>
                    <tbody inner_html=rows></tbody>
                </table>
            </details>
        </div>
    }
}

/// The backlog's depth over time after a spike, with a table twin.
fn drain_panel(state: RwSignal<QueueState>) -> impl IntoView {
    let make = move || {
        let s = state.read();
        let points = s.drain_curve();
        let end = points.last().map_or(60.0, |p| p.time);
        let deepest = points.iter().map(|p| p.depth).fold(1.0, f64::max);
        let (x_top, x_ticks) = nice_ticks(end, 5, seconds);
        let (y_top, y_ticks) = nice_ticks(deepest * 1.05, 5, items);
        LineChart {
            x: Axis { range: (0.0, x_top), ticks: x_ticks, title: "time since the spike".into() },
            y: Axis { range: (0.0, y_top), ticks: y_ticks, title: "items queued".into() },
            lines: vec![("queue".into(), points.iter().map(|p| (p.time, p.depth)).collect(), true)],
            dots: Vec::new(),
            marks: Vec::new(),
        }
    };
    let rows = markup(move || {
        let s = state.read();
        let mut h = Html::new();
        for p in s.drain_curve().iter().step_by(5) {
            html!(h, r#"<tr><th scope="row">{}</th><td>{}</td></tr>"#, seconds(p.time), items(p.depth));
        }
        h
    });
    view! {
        <div class="panel chart-panel" data-panel="drain">
            <h3 class="panel-title">"The backlog over time"</h3>
            {chart_canvas("queue-drain-chart", make)}
            <details class="chart-twin">
                <summary>"The chart's data as a table"</summary>
                <table data-testid="queue-drain-table">
                    <thead><tr><th scope="col">"Time"</th><th scope="col">"Items queued"</th></tr></thead>
                    <tbody inner_html=rows></tbody>
                </table>
            </details>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;

    #[test]
    fn the_figures_show_the_queue_or_say_why_there_are_none() {
        // λ = 90, μ = 100: ρ = 0.9, W = 1/(100 − 90) = 0.1 s, Wq = 0.09 s, L = 9; a backlog of
        // 1,000 drains in 1,000/10 = 100 s.
        let (s, _) = QueueState::from_query(&[("arrival", "90"), ("service", "100"), ("backlog", "1000")]);
        let h = figures_html(&s);
        let h = h.as_str();
        well_formed(h).unwrap();
        for (id, value) in [("utilization", "0.9"), ("response-time", "0.1"), ("wait", "0.09"), ("in-system", "9"), ("drain-time", "100")] {
            assert!(h.contains(&format!(r#"data-testid="{id}" data-value="{value}""#)), "{id} in {h}");
        }
        assert!(h.contains(r#"data-testid="stability" data-value="stable""#));
        // λ = 120 ≥ μ: no response time and no drain time, each said in a sentence.
        let (s, _) = QueueState::from_query(&[("arrival", "120"), ("service", "100")]);
        let h = figures_html(&s);
        well_formed(h.as_str()).unwrap();
        assert!(h.as_str().contains(r#"<dd data-testid="response-time">–</dd>"#));
        assert!(h.as_str().contains(r#"data-testid="stability" data-value="overloaded""#));
        assert!(h.as_str().contains("grows by 20 a second"), "{}", h.as_str());
        assert!(!h.as_str().contains(r#"data-testid="drain-time" data-value"#));
        assert!(spoken(&s).starts_with("At 120.0 % busy: no steady state"), "{}", spoken(&s));
    }
}
