//! `<EstimatorWidget/>`: back-of-the-envelope capacity, over [`crate::model::estimator`]:
//! users and their habits in, requests per second, storage and bandwidth out, each line of the
//! calculation exact beside its powers-of-ten version.

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::estimator::{self, Estimate, EstimatorState, Preset};
use crate::model::units::{data_value, fixed, format_bits, format_bytes, format_count};
use crate::model::widget::UrlState;
use crate::ui::controls::{Choice, TextField, key_field, markup, scenario_menu};

island!(estimator, EstimatorState, EstimatorWidget);

/// The fields: label, unit, test id, the key each writes, and the on-screen keyboard.
const FIELDS: [(&str, &str, &str, &str, &str); 8] = [
    ("Daily active users", "", "dau-input", "dau", "text"),
    ("Actions per user per day", "", "per-user-input", "per_user", "decimal"),
    ("Peak-to-average factor", "×", "peak-input", "peak", "decimal"),
    ("Bytes stored per action", "B", "record-input", "record_bytes", "text"),
    ("Days kept", "days", "days-input", "days", "numeric"),
    ("Copies kept", "", "copies-input", "copies", "numeric"),
    ("Request size", "B", "request-input", "request_bytes", "text"),
    ("Response size", "B", "response-input", "response_bytes", "text"),
];

/// The back-of-the-envelope estimator.
#[component]
pub fn EstimatorWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = EstimatorState::from_query(&params);
    let texts = FIELDS.map(|(_, _, _, key, _)| RwSignal::new(initial.get(key)));
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    // A scenario replaces every value: the fields show the new ones.
    let (scenarios, pick) = scenario_menu(state, "(your own numbers)", Preset::ALL.map(|p| (p.name(), p.label())), texts, FIELDS.map(|(_, _, _, key, _)| key));
    let fields = texts
        .into_iter()
        .zip(FIELDS)
        .map(|(text, (label, unit, testid, key, inputmode))| {
            view! { <TextField label unit text apply=key_field(state, key, |_| {}) testid inputmode /> }
        })
        .collect_view();
    let estimate = Memo::new(move |_| estimator::estimate(&state.read()));
    let said = move || spoken(&estimate.read());
    view! {
        <div class="panel panel-row estimator-controls">
            <Choice label="Scenario" testid="estimator-preset-select" options=scenarios choose=pick />
            {fields}
        </div>
        <div class="estimator-outputs" inner_html=markup(move || results_html(&estimate.read()))></div>
        <p class="visually-hidden" aria-live="polite" data-testid="estimator-said">{said}</p>
        <div class="panel" data-panel="steps">
            <h3 class="panel-title">"The calculation, exact and on the envelope"</h3>
            <p class="panel-note">
                "Each number on the envelope is one digit times a power of ten, rounded again after every product; a day is taken as 10⁵ s."
            </p>
            // Scrolls sideways on a phone: a named stop on the Tab path, so that a keyboard can.
            <div
                class="table-scroll"
                role="group"
                tabindex="0"
                aria-label="The calculation, step by step"
                inner_html=markup(move || steps_html(&estimate.read()))
            ></div>
        </div>
    }
}

/// The one sentence a screen reader hears after a change.
fn spoken(e: &Estimate) -> String {
    format!(
        "{} requests a second on average, {} at the peak; {} stored in all; {} out on average.",
        format_count(e.rps_avg),
        format_count(e.rps_peak),
        format_bytes(e.storage_total),
        format_bits(e.egress_avg * 8.0)
    )
}

/// The main figures: read-only, so one block of markup.
fn results_html(e: &Estimate) -> Html {
    let mut h = html!(r#"<div class="panel" data-panel="results"><dl class="readouts">"#);
    for (label, testid, value, text) in [
        ("Requests per second, average", "rps-avg", e.rps_avg, format!("{}/s", format_count(e.rps_avg))),
        ("Requests per second, peak", "rps-peak", e.rps_peak, format!("{}/s", format_count(e.rps_peak))),
        ("Stored per day", "storage-day", e.storage_per_day, format_bytes(e.storage_per_day)),
        ("Total storage, every copy", "storage-total", e.storage_total, format_bytes(e.storage_total)),
        ("Incoming, average", "ingress-avg", e.ingress_avg, format_bits(e.ingress_avg * 8.0)),
        ("Outgoing, average", "egress-avg", e.egress_avg, format_bits(e.egress_avg * 8.0)),
    ] {
        html!(
            h,
            r#"<div class="readout"><dt>{}</dt><dd data-testid="{}" data-value="{}">{}</dd></div>"#,
            label,
            testid,
            data_value(value),
            text
        );
    }
    html!(
        h,
        r#"</dl><p class="result">That is {} requests a day, {} an hour; at the peak, {} in and {} out.</p></div>"#,
        format_count(e.per_day),
        format_count(e.per_hour),
        format_bits(e.ingress_peak * 8.0),
        format_bits(e.egress_peak * 8.0)
    );
    h
}

/// The calculation, one row a step: what it is, the exact figure, the envelope's, and how far
/// apart they are.
fn steps_html(e: &Estimate) -> Html {
    let mut h = html!(
        r#"<table class="estimator-steps" data-testid="estimator-steps"><caption>Each line exact, then with powers of ten</caption><thead><tr><th scope="col">Step</th><th scope="col">Exact</th><th scope="col">On the envelope</th><th scope="col">Envelope ÷ exact</th></tr></thead><tbody>"#
    );
    for s in &e.steps {
        let class = if s.input { "input" } else { "result" };
        html!(
            h,
            r#"<tr class="{}" data-testid="step-{}" data-value="{}"><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            class,
            s.id,
            data_value(s.exact),
            s.label,
            s.exact_text(),
            s.rough_text(),
            fixed(s.ratio(), 2)
        );
    }
    html!(h, "</tbody></table>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;

    #[test]
    fn the_figures_and_every_step_are_shown() {
        // 10⁹ users × 10 a day = 10¹⁰ a day; ÷ 86,400 s = 115,740.74…/s.
        let (s, _) = EstimatorState::from_query(&[("dau", "1000000000"), ("per_user", "10"), ("peak", "2")]);
        let e = estimator::estimate(&s);
        let results = results_html(&e);
        well_formed(results.as_str()).unwrap();
        assert!(results.as_str().contains(r#"data-testid="rps-avg" data-value="115740.740741""#), "{}", results.as_str());
        assert!(results.as_str().contains(r#"data-testid="rps-peak" data-value="231481.481481""#));
        let steps = steps_html(&e);
        well_formed(steps.as_str()).unwrap();
        assert_eq!(steps.as_str().matches("<tr class=").count(), e.steps.len());
        assert!(steps.as_str().contains(r#"<tr class="result" data-testid="step-per-day" data-value="10000000000">"#));
        assert!(steps.as_str().contains(r#"<tr class="input" data-testid="step-day" data-value="86400">"#));
    }
}
