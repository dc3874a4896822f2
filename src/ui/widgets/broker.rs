//! `<BrokerWidget/>`: a producer, a broker with partitions and a bounded backlog, and consumer
//! groups, over [`crate::model::broker`]: the backlog over time as a chart with its table twin,
//! and the readouts (deepest backlog, drain time, idle consumers, messages dropped).

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::broker::{BrokerState, Full, Mode, Preset, Run, secs};
use crate::model::units::{grouped, trim};
use crate::model::widget::UrlState;
use crate::ui::chart::{Axis, LineChart, chart_canvas, nice_ticks};
use crate::ui::controls::{Choice, TextField, markup, options_html, scenario_menu};

island!(broker, BrokerState, BrokerWidget);

/// The numeric fields (producer 0–1, consumers 2–4, broker 5–6): label, unit, test id and key.
const FIELDS: [(&str, &str, &str, &str); 7] = [
    ("Produce", "msg/s", "broker-produce-input", "produce"),
    ("For", "s", "broker-seconds-input", "seconds"),
    ("Consumers per group", "", "broker-consumers-input", "consumers"),
    ("Each consumes", "msg/s", "broker-consume-input", "consume"),
    ("Subscriber groups (pub/sub)", "", "broker-groups-input", "groups"),
    ("Partitions", "", "broker-partitions-input", "partitions"),
    ("Room per group", "msg", "broker-capacity-input", "capacity"),
];

/// The most points drawn on the chart.
const CHART_POINTS: u64 = 400;

/// The broker widget.
#[component]
pub fn BrokerWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = BrokerState::from_query(&params);
    let texts = FIELDS.map(|(_, _, _, key)| RwSignal::new(initial.get(key)));
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let run = Memo::new(move |_| state.read().run());
    let (scenarios, pick) = scenario_menu(
        state,
        "(your own numbers)",
        Preset::ALL.map(|p| (p.name(), p.label())),
        texts,
        FIELDS.map(|(_, _, _, key)| key),
    );
    let choice = move |key: &'static str| {
        Callback::new(move |name: String| {
            if let Ok(next) = state.with_untracked(|s| s.with(key, &name)) {
                state.set(next);
            }
        })
    };
    let fulls = Memo::new(move |_| {
        let current = state.read().full.name();
        options_html([(Full::Block.name(), "block the producer"), (Full::Drop.name(), "drop new messages")], current)
    });
    let modes = Memo::new(move |_| {
        let current = state.read().mode.name();
        options_html([(Mode::Queue.name(), "one queue (one group)"), (Mode::Pubsub.name(), "publish/subscribe")], current)
    });
    let fields = move |from: usize, to: usize| {
        (from..to)
            .map(|i| {
                let (label, unit, testid, key) = FIELDS[i];
                let text = texts[i];
                let apply = Callback::new(move |t: String| {
                    let next = state.with_untracked(|s| s.with(key, &t))?;
                    state.set(next);
                    Ok(())
                });
                view! { <TextField label unit text apply testid inputmode="numeric" /> }
            })
            .collect_view()
    };
    let said = move || spoken(&state.read(), &run.read());
    view! {
        <div class="panel panel-row broker-controls">
            <Choice label="Scenario" testid="broker-preset-select" options=scenarios choose=pick />
            <Choice label="Delivery" testid="broker-mode-select" options=modes choose=choice("mode") />
            <Choice label="When full" testid="broker-full-select" options=fulls choose=choice("full") />
        </div>
        <div class="panel broker-fields">
            <fieldset class="broker-group"><legend>"Producer"</legend>{fields(0, 2)}</fieldset>
            <fieldset class="broker-group"><legend>"Consumers"</legend>{fields(2, 5)}</fieldset>
            <fieldset class="broker-group"><legend>"Broker"</legend>{fields(5, 7)}</fieldset>
        </div>
        <div class="broker-outputs" inner_html=markup(move || figures_html(&state.read(), &run.read()))></div>
        <p class="visually-hidden" aria-live="polite" data-testid="broker-said">{said}</p>
        {chart(state, run)}
    }
}

/// A count of messages for reading.
fn n(v: u64) -> String {
    grouped(v as f64)
}

/// "1 consumer", "3 consumers".
fn plural(v: u64, one: &str, many: &str) -> String {
    format!("{} {}", n(v), if v == 1 { one } else { many })
}

/// The one sentence a screen reader hears after a change.
fn spoken(s: &BrokerState, r: &Run) -> String {
    let drain = match r.drain {
        Some(d) => format!("it drains {} later", secs(d)),
        None => "the producer is still waiting when the run stops".to_string(),
    };
    format!(
        "Deepest backlog {}; production ends at {} and {drain}; {} idle, {} dropped.",
        plural(r.max_depth, "message", "messages"),
        secs(r.end),
        plural(u64::from(r.idle), "consumer", "consumers"),
        plural(r.dropped, "message", "messages"),
    ) + if s.group_count() > 1 { " Every group holds the same backlog." } else { "" }
}

/// The readouts and the sentence under them: read-only, so one block of markup.
fn figures_html(s: &BrokerState, r: &Run) -> Html {
    let readout = |label: &str, testid: &str, value: Option<u64>, text: String| match value {
        Some(v) => html!(
            r#"<div class="readout"><dt>{}</dt><dd data-testid="{}" data-value="{}">{}</dd></div>"#,
            label,
            testid,
            v,
            text
        ),
        None => html!(r#"<div class="readout"><dt>{}</dt><dd data-testid="{}">{}</dd></div>"#, label, testid, text),
    };
    let per_group = if s.group_count() > 1 { " (each group)" } else { "" };
    let mut h = html!(r#"<div class="panel" data-panel="figures"><dl class="readouts">"#);
    h.push(&readout(&format!("Deepest backlog{per_group}"), "broker-max-depth", Some(r.max_depth), n(r.max_depth)));
    h.push(&readout("End of production", "broker-end-s", Some(r.end), secs(r.end)));
    h.push(&readout(
        "Drain time after it",
        "broker-drain-s",
        r.drain,
        r.drain.map_or_else(|| "not within the run".to_string(), secs),
    ));
    h.push(&readout(&format!("Idle consumers{per_group}"), "broker-idle-consumers", Some(u64::from(r.idle)), r.idle.to_string()));
    h.push(&readout("Messages dropped", "broker-dropped", Some(r.dropped), n(r.dropped)));
    h.push(&readout("Copies delivered", "broker-deliveries", Some(r.deliveries()), n(r.deliveries())));
    let owners = r.owned.iter().filter(|&&k| k > 0).map(|k| k.to_string()).collect::<Vec<_>>().join(", ");
    html!(
        h,
        r#"</dl><p class="result">{} made; the consumers that work own {} partitions each and take at most <strong>{}</strong> a second together{}.</p>"#,
        plural(r.produced, "message", "messages"),
        owners,
        n(s.drain_rate()),
        if s.group_count() > 1 { format!(" in each of {} groups", s.group_count()) } else { String::new() }
    );
    if r.waiting > 0 {
        html!(
            h,
            r#"<p class="result">The run stops {} after the producer stopped making messages, with {} still waiting to go in: the consumers set its pace.</p>"#,
            secs(crate::model::broker::MAX_EXTRA),
            n(r.waiting)
        );
    }
    html!(h, "</div>");
    h
}

/// Seconds between the table's rows: 1, 2 or 5 times a power of ten, for about 20 rows.
fn step(length: u64) -> u64 {
    let want = length.div_ceil(20).max(1);
    let mut unit = 1;
    loop {
        for m in [1, 2, 5] {
            if unit * m >= want {
                return unit * m;
            }
        }
        unit *= 10;
    }
}

/// The chart's twin: the backlog every few seconds, and at the end of production.
fn table_html(s: &BrokerState, r: &Run) -> Html {
    let length = r.length();
    let every = step(length);
    let mut times: Vec<u64> = (0..=length).step_by(every as usize).collect();
    times.extend([r.end, length]);
    times.sort_unstable();
    times.dedup();
    let mut h = Html::new();
    for t in times {
        let phase = if t == 0 {
            "start"
        } else if t < r.end {
            "producing"
        } else if t == r.end {
            "end of production"
        } else {
            "draining"
        };
        html!(h, r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>"#, secs(t), n(r.depth_at(t, s.consume)), phase);
    }
    h
}

/// The backlog over time, and its table.
fn chart(state: RwSignal<BrokerState>, run: Memo<Run>) -> impl IntoView {
    let make = move || {
        let s = state.read();
        let r = run.read();
        let length = r.length().max(1);
        let stride = length.div_ceil(CHART_POINTS).max(1);
        let mut times: Vec<u64> = (0..=length).step_by(stride as usize).collect();
        times.extend([r.end, length]);
        times.sort_unstable();
        times.dedup();
        let points: Vec<(f64, f64)> = times.iter().map(|&t| (t as f64, r.depth_at(t, s.consume) as f64)).collect();
        let (x_top, x_ticks) = nice_ticks(length as f64, 6, |v| format!("{} s", trim(v)));
        let (y_top, y_ticks) = nice_ticks((r.max_depth as f64 * 1.1).max(10.0), 5, grouped);
        LineChart {
            x: Axis { range: (0.0, x_top), ticks: x_ticks, title: "seconds since the start".into() },
            y: Axis { range: (0.0, y_top), ticks: y_ticks, title: "messages waiting".into() },
            lines: vec![("backlog".into(), points, true)],
            dots: Vec::new(),
            marks: vec![(r.end as f64, r.depth_at(r.end, s.consume) as f64, "end".into())],
        }
    };
    let rows = markup(move || table_html(&state.read(), &run.read()));
    view! {
        <div class="panel chart-panel" data-panel="depth">
            <h3 class="panel-title">"Messages waiting, over time"</h3>
            {chart_canvas("broker-chart", make)}
            <details class="chart-twin">
                <summary>"The chart's data as a table"</summary>
                <div class="table-scroll" tabindex="0" role="group" aria-label="The backlog second by second">
                    <table data-testid="broker-table">
                        <thead>
                            <tr>
                                <th scope="col">"Time"</th>
                                <th scope="col">"Messages waiting"</th>
                                <th scope="col">"Phase"</th>
                            </tr>
                        </thead>
                        <tbody inner_html=rows></tbody>
                    </table>
                </div>
            </details>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;

    #[test]
    fn the_readouts_and_the_table_carry_the_run() {
        // The spike: 400 a second pile up for 60 s (24,000), drained at 600 a second in 40 s.
        let s = Preset::Spike.state();
        let r = s.run();
        let h = figures_html(&s, &r);
        well_formed(h.as_str()).unwrap();
        for (id, value) in [
            ("broker-max-depth", "24000"),
            ("broker-drain-s", "40"),
            ("broker-idle-consumers", "0"),
            ("broker-dropped", "0"),
            ("broker-end-s", "60"),
        ] {
            assert!(h.as_str().contains(&format!(r#"data-testid="{id}" data-value="{value}""#)), "{id} in {}", h.as_str());
        }
        assert!(h.as_str().contains("own 2, 2 partitions each and take at most <strong>600</strong> a second"), "{}", h.as_str());
        // 100 s in all: a row every 5 s, 21 rows; at 80 s, 24,000 − 20 × 600 = 12,000.
        let t = table_html(&s, &r);
        well_formed(t.as_str()).unwrap();
        assert_eq!(t.as_str().matches("<tr>").count(), 21);
        assert!(t.as_str().contains("<tr><th scope=\"row\">80 s</th><td>12,000</td><td>draining</td></tr>"), "{}", t.as_str());
        assert!(t.as_str().contains("<tr><th scope=\"row\">60 s</th><td>24,000</td><td>end of production</td></tr>"));
        assert_eq!(
            spoken(&s, &r),
            "Deepest backlog 24,000 messages; production ends at 60 s and it drains 40 s later; 0 consumers idle, 0 messages dropped."
        );
        // A producer that never gets through: no drain time, and no data-value for it.
        let stuck = BrokerState { produce: 10_000, consume: 1, capacity: 1, ..s };
        let h = figures_html(&stuck, &stuck.run());
        assert!(h.as_str().contains(r#"<dd data-testid="broker-drain-s">not within the run</dd>"#), "{}", h.as_str());
    }
}
