//! `<AutoscalingWidget/>`: a group of instances under simple scaling rules, over
//! [`crate::model::autoscaling`]: the load against the capacity that is serving, the instances
//! paid for, and the totals (final and peak size, overload minutes, instance-hours), with the
//! run as a table.

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::autoscaling::{AutoscalingState, Direction, Pattern, Preset, Run, clock, count};
use crate::model::units::{data_value, fixed, grouped, trim};
use crate::model::widget::UrlState;
use crate::ui::chart::{Axis, LineChart, chart_canvas, nice_ticks};
use crate::ui::controls::{Apply, Choice, TextField, markup, options_html, scenario_menu};

island!(autoscaling, AutoscalingState, AutoscalingWidget);

/// The numeric fields, in their groups (load 0–2, instances 3–4, rules 5–8, timing 9–10):
/// label, unit, test id and the key each writes.
const FIELDS: [(&str, &str, &str, &str); 11] = [
    ("Peak load", "req/s", "as-load-input", "load"),
    ("Per instance", "req/s", "as-capacity-input", "capacity"),
    ("Run for", "h", "as-hours-input", "hours"),
    ("Minimum", "", "as-min-input", "min"),
    ("Maximum", "", "as-max-input", "max"),
    ("Out above", "%", "as-out-input", "out"),
    ("Minutes above", "min", "as-out-min-input", "out_min"),
    ("In below", "%", "as-in-input", "in"),
    ("Minutes below", "min", "as-in-min-input", "in_min"),
    ("Cooldown", "s", "as-cooldown-input", "cooldown"),
    ("Warm-up", "s", "as-warmup-input", "warmup"),
];

/// The auto-scaling widget.
#[component]
pub fn AutoscalingWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = AutoscalingState::from_query(&params);
    let texts = FIELDS.map(|(_, _, _, key)| RwSignal::new(initial.get(key)));
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let run = Memo::new(move |_| state.read().run());
    // A scenario replaces every value: the fields show the new ones.
    let (scenarios, pick) = scenario_menu(state, "(your own numbers)", Preset::ALL.map(|p| (p.name(), p.label())), texts, FIELDS.map(|(_, _, _, key)| key));
    let patterns = Memo::new(move |_| {
        let current = state.read().pattern.name();
        options_html(Pattern::ALL.map(|p| (p.name(), p.label())), current)
    });
    let pattern = Callback::new(move |name: String| {
        if let Ok(next) = state.with_untracked(|s| s.with("pattern", &name)) {
            state.set(next);
        }
    });
    // The fields of FIELDS[from..to], as queue lays out its own (a list of fields, not a list
    // of groups: a list of elements would share view code with other widgets' chunks).
    let fields = move |from: usize, to: usize| {
        (from..to)
            .map(|i| {
                let (label, unit, testid, key) = FIELDS[i];
                let text = texts[i];
                view! { <TextField label unit text apply=checked(state, key) testid inputmode="decimal" /> }
            })
            .collect_view()
    };
    let said = move || spoken(&state.read(), &run.read());
    view! {
        <div class="panel panel-row as-controls">
            <Choice label="Scenario" testid="as-preset-select" options=scenarios choose=pick />
            <Choice label="Load pattern" testid="as-pattern-select" options=patterns choose=pattern />
        </div>
        <div class="panel as-fields">
            <fieldset class="as-group"><legend>"Load"</legend>{fields(0, 3)}</fieldset>
            <fieldset class="as-group"><legend>"Instances"</legend>{fields(3, 5)}</fieldset>
            <fieldset class="as-group"><legend>"Scaling rules (utilization)"</legend>{fields(5, 9)}</fieldset>
            <fieldset class="as-group"><legend>"Timing"</legend>{fields(9, 11)}</fieldset>
        </div>
        <div class="as-outputs" inner_html=markup(move || figures_html(&state.read(), &run.read()))></div>
        <p class="visually-hidden" aria-live="polite" data-testid="as-said">{said}</p>
        {charts(state, run)}
    }
}

/// A field bound to `key`: the model reads the text alone and against the other settings (a
/// scale-in threshold at or above the scale-out one is refused with the reason).
fn checked(state: RwSignal<AutoscalingState>, key: &'static str) -> Apply {
    Callback::new(move |text: String| {
        let next = state.with_untracked(|s| s.with_checked(key, &text))?;
        state.set(next);
        Ok(())
    })
}

/// Instance-hours for reading.
fn hours(h: f64) -> String {
    count(h)
}

/// The one sentence a screen reader hears after a change.
fn spoken(s: &AutoscalingState, r: &Run) -> String {
    let overload = match r.overload_minutes {
        0 => "never overloaded".to_string(),
        1 => "overloaded for 1 minute".to_string(),
        n => format!("overloaded for {n} minutes"),
    };
    format!(
        "Over {} hours: at most {} instances, {overload}, {} instance-hours; it ends with {}.",
        s.hours,
        r.peak_instances,
        hours(r.instance_hours),
        r.final_instances
    )
}

/// The totals: read-only, so one block of markup.
fn figures_html(s: &AutoscalingState, r: &Run) -> Html {
    let readout = |label: &str, testid: &str, value: f64, text: String| {
        html!(
            r#"<div class="readout"><dt>{}</dt><dd data-testid="{}" data-value="{}">{}</dd></div>"#,
            label,
            testid,
            data_value(value),
            text
        )
    };
    let mut h = html!(r#"<div class="panel" data-panel="figures"><dl class="readouts">"#);
    h.push(&readout("Instances at the end", "as-final-instances", f64::from(r.final_instances), r.final_instances.to_string()));
    h.push(&readout("Most instances", "as-peak-instances", f64::from(r.peak_instances), r.peak_instances.to_string()));
    h.push(&readout(
        "Minutes overloaded",
        "as-overload-minutes",
        f64::from(r.overload_minutes),
        format!("{} min", r.overload_minutes),
    ));
    h.push(&readout("Instance-hours", "as-instance-hours", r.instance_hours, hours(r.instance_hours)));
    let (outs, ins) = (r.count(Direction::Out), r.count(Direction::In));
    h.push(&readout("Scaling activities", "as-activities", (outs + ins) as f64, format!("{outs} out, {ins} in")));
    h.push(&readout("Requests turned away", "as-unserved", r.unserved, count(r.unserved)));
    let fleet = s.fixed_fleet();
    html!(
        h,
        r#"</dl><p class="result">The busiest minute ran at <strong>{} %</strong> of the serving capacity. A fixed fleet that keeps the peak at or below {} % needs {} instances: <span data-testid="as-fixed-hours" data-value="{}">{}</span> instance-hours over the same {} hours.</p></div>"#,
        fixed(r.peak_utilization * 100.0, 0),
        s.out,
        fleet,
        fleet * s.hours,
        grouped(f64::from(fleet * s.hours)),
        s.hours
    );
    h
}

/// Rows of the run's table: every `step` minutes.
fn step(hours: u32) -> u32 {
    match hours {
        0..=4 => 10,
        5..=12 => 30,
        _ => 60,
    }
}

/// The run as a table, the charts' twin: load, instances, serving capacity and utilization
/// every few minutes, and the scaling activities since the row before.
fn table_html(s: &AutoscalingState, r: &Run) -> Html {
    let every = step(s.hours);
    let mut h = Html::new();
    for (t, m) in r.minutes.iter().enumerate().step_by(every as usize) {
        let t = t as u32;
        // An activity at the end of minute m shows from minute m + 1: counted in the first row
        // at or after it.
        let since = |d: Direction| {
            r.activities.iter().filter(|a| a.direction == d && a.minute < t && a.minute + 1 + every > t).count()
        };
        let scaled = match (since(Direction::Out), since(Direction::In)) {
            (0, 0) => "–".to_string(),
            (o, 0) => format!("+{o}"),
            (0, i) => format!("−{i}"),
            (o, i) => format!("+{o}, −{i}"),
        };
        html!(
            h,
            r#"<tr><th scope="row">{}</th><td>{}</td><td>{} of {}</td><td>{}</td><td>{} %</td><td>{}</td></tr>"#,
            clock(t),
            count(m.load),
            m.serving,
            m.instances,
            count(m.capacity(s.capacity)),
            fixed(m.utilization * 100.0, 0),
            scaled
        );
    }
    h
}

/// The two charts (load against serving capacity; instances paid for and serving) and their
/// table twin.
fn charts(state: RwSignal<AutoscalingState>, run: Memo<Run>) -> impl IntoView {
    let x_axis = move |hours: u32| {
        let (top, ticks) = nice_ticks(f64::from(hours), 6, |h| format!("{} h", trim(h)));
        Axis { range: (0.0, top), ticks, title: "hours since the start".into() }
    };
    let load = move || {
        let s = state.read();
        let r = run.read();
        let at = |t: usize| t as f64 / 60.0;
        let top = r.minutes.iter().map(|m| m.load.max(m.capacity(s.capacity))).fold(1.0, f64::max);
        let (y_top, y_ticks) = nice_ticks(top * 1.05, 5, count);
        LineChart {
            x: x_axis(s.hours),
            y: Axis { range: (0.0, y_top), ticks: y_ticks, title: "requests a second".into() },
            lines: vec![
                ("load".into(), r.minutes.iter().enumerate().map(|(t, m)| (at(t), m.load)).collect(), true),
                (
                    "serving capacity".into(),
                    r.minutes.iter().enumerate().map(|(t, m)| (at(t), m.capacity(s.capacity))).collect(),
                    false,
                ),
            ],
            dots: Vec::new(),
            marks: Vec::new(),
        }
    };
    let instances = move || {
        let s = state.read();
        let r = run.read();
        let at = |t: usize| t as f64 / 60.0;
        let (y_top, y_ticks) = nice_ticks(f64::from(r.peak_instances) * 1.1, 5, trim);
        LineChart {
            x: x_axis(s.hours),
            y: Axis { range: (0.0, y_top), ticks: y_ticks, title: "instances".into() },
            lines: vec![
                ("in the group".into(), r.minutes.iter().enumerate().map(|(t, m)| (at(t), f64::from(m.instances))).collect(), true),
                ("serving".into(), r.minutes.iter().enumerate().map(|(t, m)| (at(t), f64::from(m.serving))).collect(), false),
            ],
            dots: Vec::new(),
            marks: Vec::new(),
        }
    };
    let rows = markup(move || table_html(&state.read(), &run.read()));
    view! {
        <div class="panel chart-panel" data-panel="load">
            <h3 class="panel-title">"Load against the capacity that is serving"</h3>
            {chart_canvas("as-load-chart", load)}
        </div>
        <div class="panel chart-panel" data-panel="instances">
            <h3 class="panel-title">"Instances paid for and serving"</h3>
            {chart_canvas("as-instances-chart", instances)}
            <details class="chart-twin">
                <summary>"The charts' data as a table"</summary>
                <div class="table-scroll" tabindex="0" role="group" aria-label="The run minute by minute">
                    <table data-testid="as-table">
                        <thead>
                            <tr>
                                <th scope="col">"Time"</th>
                                <th scope="col">"Load (req/s)"</th>
                                <th scope="col">"Serving of instances"</th>
                                <th scope="col">"Serving capacity (req/s)"</th>
                                <th scope="col">"Utilization"</th>
                                <th scope="col">"Scaling since the row before"</th>
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
    fn the_figures_and_the_table_carry_the_run() {
        // The slow-warm-up spike: 23 minutes overloaded, 20 instances at most, 8 at the end,
        // 51.4 instance-hours (worked out in the model's tests).
        let s = Preset::SlowWarmup.state();
        let r = s.run();
        let h = figures_html(&s, &r);
        well_formed(h.as_str()).unwrap();
        for (id, value) in
            [("as-final-instances", "8"), ("as-peak-instances", "20"), ("as-overload-minutes", "23"), ("as-instance-hours", "51.4")]
        {
            assert!(h.as_str().contains(&format!(r#"data-testid="{id}" data-value="{value}""#)), "{id} in {}", h.as_str());
        }
        // A fixed fleet keeping 1,000 at or below 70 % of 100 each: 15 instances for 4 hours.
        assert!(h.as_str().contains(r#"at or below 70 % needs 15 instances: <span data-testid="as-fixed-hours" data-value="60">60</span> instance-hours"#));
        let t = table_html(&s, &r);
        well_formed(t.as_str()).unwrap();
        // Rows every 10 minutes over 4 hours; at 1:00 the spike lands on 4 instances (250 %);
        // from 1:00 to 1:10 launches at 1:02, 1:04, 1:06, 1:08 took effect (the one at 1:10
        // joins at 1:11).
        assert_eq!(t.as_str().matches("<tr>").count(), 24);
        assert!(t.as_str().contains("<tr><th scope=\"row\">1:00</th><td>1,000</td><td>4 of 4</td><td>400</td><td>250 %</td><td>–</td></tr>"), "{}", t.as_str());
        assert!(t.as_str().contains("<tr><th scope=\"row\">1:10</th><td>1,000</td><td>4 of 8</td><td>400</td><td>250 %</td><td>+4</td></tr>"), "{}", t.as_str());
        assert_eq!(spoken(&s, &r), "Over 4 hours: at most 20 instances, overloaded for 23 minutes, 51.4 instance-hours; it ends with 8.");
    }
}
