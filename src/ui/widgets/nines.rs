//! `<NinesWidget/>`: availability ↔ nines ↔ downtime, the downtime budget, MTBF/MTTR and
//! series/parallel chains, over [`crate::model::nines`]. Every control writes one field of a
//! [`NinesState`]; each panel's outputs are one view derived from it (coarse-grained on
//! purpose: fewer reactive closures keep the bundle small, and redrawing a panel costs
//! microseconds).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::StateSink;
use crate::model::widget::UrlState;
use crate::model::nines::{
    self, Availability, Group, MAX_GROUPS, MonthLength, NinesState, Panel, Period, YearLength,
    availability_from_budget, availability_from_mtbf, compose, failures_per, parse_availability,
};
use crate::model::query;
use crate::model::units::{
    data_value, fixed, format_duration, format_duration_compact, format_percent, trim,
};
use crate::ui::chart::{Axis, LineChart, chart_canvas};
use crate::html;
use crate::html::Html;
use crate::ui::controls::{Apply, Choice, TextField, key_field, markup, options_html, sentence};

island!(nines, NinesState, NinesWidget);

/// The availability-nines widget.
#[component]
pub fn NinesWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = NinesState::from_query(&params);
    let panels = initial.panels.clone();
    let first = panels.first().copied().unwrap_or(Panel::Table);
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || query::encode(&state.read().to_query())));
    // The panel the reader is working in: its result is the one sentence a screen reader
    // hears after a change (the calendar speaks through the first panel).
    let heard = RwSignal::new(first);
    let panels = panels
        .into_iter()
        .map(|panel| {
            let body = match panel {
                Panel::Table => table_panel(state).into_any(),
                Panel::Budget => budget_panel(state).into_any(),
                Panel::Mtbf => mtbf_panel(state).into_any(),
                Panel::Chain => chain_panel(state).into_any(),
                Panel::Chart => chart_panel(state).into_any(),
            };
            view! { <div class="panel-slot" on:focusin=move |_| heard.set(panel)>{body}</div> }
        })
        .collect_view();
    let said = move || spoken(&state.read(), heard.get());
    // The calendar decides every "per month" and "per year" figure, so it sits above all panels.
    view! {
        <div on:focusin=move |_| heard.set(first)>{calendar_controls(state)}</div>
        <div class="nines-panels">{panels}</div>
        <p class="visually-hidden" aria-live="polite" data-testid="nines-said">{said}</p>
    }
}

/// The result of a panel as one plain sentence, for a screen reader.
fn spoken(s: &NinesState, panel: Panel) -> String {
    let year = |a: Availability| format_duration(a.downtime(Period::Year, s.calendar));
    let failed = |e: nines::InputError| format!("{}.", sentence(&e.to_string()));
    match panel {
        Panel::Table | Panel::Chart => {
            let a = s.availability;
            format!(
                "{} is {}: {} of downtime a year, {} a month, {} a day.",
                percent(a),
                nines_phrase(a),
                year(a),
                format_duration(a.downtime(Period::Month, s.calendar)),
                format_duration(a.downtime(Period::Day, s.calendar))
            )
        }
        Panel::Budget => match availability_from_budget(s.budget, s.per, s.calendar) {
            Ok(a) => format!("Required availability {} ({}), {} of downtime a year.", percent(a), nines_phrase(a), year(a)),
            Err(e) => failed(e),
        },
        Panel::Mtbf => match availability_from_mtbf(s.mtbf, s.mttr) {
            Ok(a) => format!(
                "Availability {}: about {} failures and {} of downtime a year.",
                percent(a),
                trim((failures_per(Period::Year, s.calendar, s.mtbf, s.mttr) * 10.0).round() / 10.0),
                year(a)
            ),
            Err(e) => failed(e),
        },
        Panel::Chain => {
            let a = compose(&s.chain);
            format!("Composed availability {} ({}), {} of downtime a year.", percent(a), nines_phrase(a), year(a))
        }
    }
}

/// The `Apply` of one key of the state.
fn field(state: RwSignal<NinesState>, key: &'static str) -> Apply {
    key_field(state, key, |_| {})
}

/// The `Apply` of one field of a chain's group: the chain with that group's text changed
/// (`part` writes the group's `PERCENTxREPLICAS` from the field's text), as the model reads it.
fn group_field(state: RwSignal<NinesState>, index: usize, part: fn(&Group, &str) -> String) -> Apply {
    Callback::new(move |text: String| {
        let chain = state.with_untracked(|s| {
            let groups: Vec<String> =
                s.chain.iter().enumerate().map(|(i, g)| if i == index { part(g, &text) } else { nines::format_chain(&[*g]) }).collect();
            groups.join(",")
        });
        let next = state.with_untracked(|s| s.with("chain", &chain))?;
        state.set(next);
        Ok(())
    })
}

/// "3 nines, 3.30 on a continuous scale".
fn nines_phrase(a: Availability) -> String {
    let count = a.leading_nines();
    let plural = if count == 1 { "nine" } else { "nines" };
    format!("{count} {plural}, {} on a continuous scale", fixed(a.nines(), 2))
}

fn percent(a: Availability) -> String {
    format_percent(a.fraction())
}

/// Availability in, downtime per period out, and the nines table.
fn table_panel(state: RwSignal<NinesState>) -> impl IntoView {
    let text = RwSignal::new(state.get_untracked().availability.percent_text());
    // The chips and the table's first column are buttons carrying `data-use`: one click
    // handler on the panel serves them all.
    let on_use = move |ev: leptos::ev::MouseEvent| {
        let clicked = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let value =
            clicked.and_then(|el| el.closest("[data-use]").ok().flatten()).and_then(|el| el.get_attribute("data-use"));
        if let Some(a) = value.as_deref().and_then(|v| parse_availability(v).ok()) {
            state.update(|s| s.availability = a);
            text.set(value.unwrap_or_default());
        }
    };
    let presets = ["99", "99.9", "99.95", "99.99", "99.999"]
        .into_iter()
        .map(|p| view! { <button class="chip" data-use=p>{p} " %"</button> })
        .collect_view();
    let outputs = markup(move || table_html(&state.read()));
    view! {
        <div class="panel" data-panel="table" on:click=on_use>
            <h3 class="panel-title">"Availability → downtime"</h3>
            <div class="panel-row">
                <TextField
                    label="Availability"
                    unit="%"
                    text
                    apply=field(state, "availability")
                    testid="availability-input"
                />
                <div class="chips" role="group" aria-label="Common levels">{presets}</div>
            </div>
            <div inner_html=outputs></div>
        </div>
    }
}

/// The table panel's outputs: read-only, so one block of markup rather than a tree of views
/// (a fraction of the bundle).
fn table_html(s: &NinesState) -> Html {
    let a = s.availability;
    let mut h = html!(
        r#"<p class="nines-count" data-testid="nines-count" data-value="{}">{} is {} (−log₁₀ of the unavailability).</p><dl class="readouts">"#,
        data_value(a.nines()),
        percent(a),
        nines_phrase(a)
    );
    for period in Period::ALL {
        let seconds = a.downtime(period, s.calendar);
        html!(
            h,
            r#"<div class="readout"><dt>per {}</dt><dd data-testid="downtime-{}" data-value="{}">{}</dd></div>"#,
            period.name(),
            period.name(),
            data_value(seconds),
            format_duration(seconds)
        );
    }
    html!(
        h,
        r#"</dl><div class="table-scroll" role="group" tabindex="0" aria-label="Allowed downtime at each level"><table class="nines-table" data-testid="nines-table"><caption>Allowed downtime at each level ({})</caption><thead><tr><th scope="col">Availability</th><th scope="col">Nines</th><th scope="col">Day</th><th scope="col">Week</th><th scope="col">Month</th><th scope="col">Quarter</th><th scope="col">Year</th></tr></thead><tbody>"#,
        s.calendar.describe()
    );
    let mut rows = nines::table(s.calendar);
    if !rows.iter().any(|r| r.availability == a) {
        let at = rows.iter().position(|r| r.availability.gap() < a.gap()).unwrap_or(rows.len());
        rows.insert(at, nines::row(&a.percent_text(), a, s.calendar));
    }
    for row in rows {
        let current = if row.availability == a { html!(r#" class="current" aria-current="true""#) } else { Html::new() };
        html!(
            h,
            r#"<tr{}><th scope="row"><button class="link-button" title="Use this availability" data-use="{}">{} %</button></th><td>{}</td>"#,
            current,
            row.label,
            row.label,
            row.availability.leading_nines()
        );
        for d in row.downtime {
            html!(h, "<td>{}</td>", format_duration(d));
        }
        html!(h, "</tr>");
    }
    html!(h, "</tbody></table></div>");
    h
}

/// The year and month conventions.
fn calendar_controls(state: RwSignal<NinesState>) -> impl IntoView {
    let years = Memo::new(move |_| {
        let current = if state.read().calendar.year == YearLength::Days365Quarter { "365.25" } else { "365" };
        options_html([("365", "365 days"), ("365.25", "365.25 days (with leap years)")], current)
    });
    let months = Memo::new(move |_| {
        let current = if state.read().calendar.month == MonthLength::TwelfthOfYear { "twelfth" } else { "30" };
        options_html([("30", "30 days"), ("twelfth", "a twelfth of the year")], current)
    });
    view! {
        <div class="calendar-controls" role="group" aria-label="Calendar conventions">
            <span class="calendar-label">"Calendar"</span>
            <Choice label="year" testid="year-select" options=years choose=Callback::new(move |v: String| {
                let year = if v == "365.25" { YearLength::Days365Quarter } else { YearLength::Days365 };
                state.update(|s| s.calendar.year = year);
            }) />
            <Choice label="month" testid="month-select" options=months choose=Callback::new(move |v: String| {
                let month = if v == "twelfth" { MonthLength::TwelfthOfYear } else { MonthLength::Days30 };
                state.update(|s| s.calendar.month = month);
            }) />
        </div>
    }
}

/// Downtime budget in, availability out.
fn budget_panel(state: RwSignal<NinesState>) -> impl IntoView {
    let text = RwSignal::new(format_duration_compact(state.get_untracked().budget));
    let periods = Memo::new(move |_| options_html(Period::ALL.map(|p| (p.name(), p.name())), state.read().per.name()));
    let result = markup(move || {
        let s = state.get();
        match availability_from_budget(s.budget, s.per, s.calendar) {
            Ok(a) => html!(
                r#"Required availability: <strong data-testid="budget-availability" data-value="{}">{}</strong> ({}; {} a year)"#,
                data_value(a.fraction()),
                percent(a),
                nines_phrase(a),
                format_duration(a.downtime(Period::Year, s.calendar))
            ),
            Err(e) => html!(r#"<span class="field-message">{}</span>"#, sentence(&e.to_string())),
        }
    });
    view! {
        <div class="panel" data-panel="budget">
            <h3 class="panel-title">"Downtime budget → availability"</h3>
            <div class="panel-row">
                <TextField
                    label="Allowed downtime"
                    text
                    apply=field(state, "budget")
                    testid="budget-input"
                    inputmode="text"
                />
                <Choice label="per" testid="per-select" options=periods choose=Callback::new(move |v: String| {
                    if let Some(p) = Period::from_name(&v) {
                        state.update(|s| s.per = p);
                    }
                }) />
            </div>
            <p class="result" inner_html=result></p>
        </div>
    }
}

/// MTBF and MTTR in, availability out.
fn mtbf_panel(state: RwSignal<NinesState>) -> impl IntoView {
    let mtbf_text = RwSignal::new(trim(state.get_untracked().mtbf));
    let mttr_text = RwSignal::new(trim(state.get_untracked().mttr));
    let result = markup(move || {
        let s = state.get();
        match availability_from_mtbf(s.mtbf, s.mttr) {
            Ok(a) => html!(
                r#"Availability = MTBF / (MTBF + MTTR) = <strong data-testid="mtbf-availability" data-value="{}">{}</strong>: about {} failures a year and {} of downtime a year.{}"#,
                data_value(a.fraction()),
                percent(a),
                trim((failures_per(Period::Year, s.calendar, s.mtbf, s.mttr) * 10.0).round() / 10.0),
                format_duration(a.downtime(Period::Year, s.calendar)),
                if s.mttr == 0.0 {
                    " With MTTR at 0 the formula gives 100 %, but no real recovery is instant."
                } else {
                    ""
                }
            ),
            Err(e) => html!(r#"<span class="field-message">{}</span>"#, sentence(&e.to_string())),
        }
    });
    view! {
        <div class="panel" data-panel="mtbf">
            <h3 class="panel-title">"MTBF and MTTR → availability"</h3>
            <div class="panel-row">
                <TextField
                    label="MTBF (mean time between failures)"
                    unit="h"
                    text=mtbf_text
                    apply=field(state, "mtbf")
                    testid="mtbf-input"
                />
                <TextField
                    label="MTTR (mean time to recovery)"
                    unit="h"
                    text=mttr_text
                    apply=field(state, "mttr")
                    testid="mttr-input"
                />
            </div>
            <p class="result" inner_html=result></p>
        </div>
    }
}

/// Groups in series, each with redundant replicas.
fn chain_panel(state: RwSignal<NinesState>) -> impl IntoView {
    // Bumped when groups are added, removed or replaced, so the rows are rebuilt with fresh
    // text; typing into a row does not rebuild it (which would steal the focus).
    let version = RwSignal::new(0u32);
    let set_chain = move |chain: &str| {
        if let Ok(groups) = nines::parse_chain(chain) {
            state.update(|s| s.chain = groups);
            version.update(|v| *v += 1);
        }
    };
    let rows = move || {
        version.track();
        let groups = state.with_untracked(|s| s.chain.clone());
        let removable = groups.len() > 1;
        groups.into_iter().enumerate().map(|(i, g)| chain_row(state, version, i, g, removable)).collect_view()
    };
    let presets = [
        ("Two parts in series", "99.9x1,99.9x1"),
        ("Two replicas in parallel", "99.9x2"),
        ("LB → app ×2 → DB ×2", "99.99x1,99.9x2,99.95x2"),
    ]
    .into_iter()
    .map(|(label, chain)| view! { <button class="chip" on:click=move |_| set_chain(chain)>{label}</button> })
    .collect_view();
    let outputs = markup(move || {
        let s = state.get();
        let a = compose(&s.chain);
        let mut h = html!(r#"<ol class="chain-diagram" aria-hidden="true">"#);
        for g in &s.chain {
            html!(h, r#"<li class="stage"><div class="replicas">"#);
            for _ in 0..g.replicas {
                html!(h, r#"<span class="replica">{}</span>"#, percent(g.availability));
            }
            html!(h, r#"</div><span class="stage-total">{}</span></li>"#, percent(g.availability()));
        }
        html!(
            h,
            r#"</ol><p class="result">Composed availability: <strong data-testid="composed-availability" data-value="{}">{}</strong> ({}; {} of downtime a year)</p>"#,
            data_value(a.fraction()),
            percent(a),
            nines_phrase(a),
            format_duration(a.downtime(Period::Year, s.calendar))
        );
        h
    });
    view! {
        <div class="panel" data-panel="chain">
            <h3 class="panel-title">"Chain: parts in series, replicas in parallel"</h3>
            <p class="panel-note">
                "A request needs every part of the chain (series: multiply). A part with n replicas is down only when all n are (parallel: 1 − (1 − a)ⁿ), assuming independent failures and instant failover."
            </p>
            <div class="chips" role="group" aria-label="Chain presets">{presets}</div>
            <ol class="chain-rows">{rows}</ol>
            <button
                class="add-group"
                disabled={move || state.read().chain.len() >= MAX_GROUPS}
                on:click=move |_| {
                    state.update(|s| s.chain.push(Group { availability: Availability::from_gap(0.001), replicas: 1 }));
                    version.update(|v| *v += 1);
                }
            >
                "+ Add a part"
            </button>
            <div inner_html=outputs></div>
        </div>
    }
}

/// One group of the chain: its availability, its replica count, and a remove button.
fn chain_row(
    state: RwSignal<NinesState>,
    version: RwSignal<u32>,
    index: usize,
    group: Group,
    removable: bool,
) -> impl IntoView {
    let a_text = RwSignal::new(group.availability.percent_text());
    let n_text = RwSignal::new(group.replicas.to_string());
    let each = move || state.read().chain.get(index).map(|g| percent(g.availability())).unwrap_or_default();
    view! {
        <li class="chain-row">
            <span class="chain-index">"Part " {index + 1}</span>
            <TextField
                label="Each replica"
                unit="%"
                text=a_text
                apply=group_field(state, index, |g, text| format!("{}x{}", text.trim(), g.replicas))
                testid="group-availability"
            />
            <TextField
                label="Replicas"
                text=n_text
                apply=group_field(state, index, |g, text| format!("{}x{}", g.availability.percent_text(), text.trim()))
                testid="group-replicas"
                inputmode="numeric"
            />
            <span class="chain-each">"part: " <strong>{each}</strong></span>
            {removable.then(|| view! {
                <button
                    class="remove-group"
                    aria-label=format!("Remove part {}", index + 1)
                    on:click=move |_| {
                        state.update(|s| if s.chain.len() > 1 && index < s.chain.len() { s.chain.remove(index); });
                        version.update(|v| *v += 1);
                    }
                >
                    "Remove"
                </button>
            })}
        </li>
    }
}

/// Downtime per year against nines on a log scale, with a data table twin. The highlighted
/// points are the availability (when its panel is shown) and the chain (when its panel is).
fn chart_panel(state: RwSignal<NinesState>) -> impl IntoView {
    // Seconds are plotted as log10 values, with grid lines at durations people think in.
    let make = move || {
        let s = state.get();
        let year = s.calendar.seconds(Period::Year);
        let log = |seconds: f64| seconds.max(1e-9).log10();
        let curve: Vec<(f64, f64)> =
            (0..=60).map(|i| 1.0 + f64::from(i) * 0.1).map(|x| (x, log(year * 10f64.powf(-x)))).collect();
        let dots = nines::table(s.calendar).iter().map(|r| (r.nines, log(r.downtime[4]))).collect();
        let mut current = Vec::new();
        if s.shows(Panel::Table) || !s.shows(Panel::Chain) {
            current.push(("you", s.availability));
        }
        if s.shows(Panel::Chain) {
            current.push(("chain", compose(&s.chain)));
        }
        let marks = current
            .into_iter()
            .map(|(name, a)| (a.nines(), a.downtime(Period::Year, s.calendar), name))
            .filter(|(x, _, _)| (1.0..=7.0).contains(x))
            .map(|(x, y, name)| (x, log(y), format!("{name}: {}", format_duration(y))))
            .collect();
        let nice = [0.001, 0.01, 0.1, 1.0, 10.0, 60.0, 600.0, 3600.0, 86_400.0, 864_000.0];
        let (lo, hi) = (log(year * 1e-7) - 0.3, log(year * 0.1) + 0.3);
        LineChart {
            x: Axis {
                range: (1.0, 7.0),
                ticks: (1..=7).map(|n| (f64::from(n), n.to_string())).collect(),
                title: "number of nines".into(),
            },
            y: Axis {
                range: (lo, hi),
                ticks: nice
                    .into_iter()
                    .filter(|v| (lo..=hi).contains(&log(*v)))
                    .map(|v| (log(v), format_duration(v)))
                    .collect(),
                title: "downtime per year".into(),
            },
            lines: vec![("downtime".into(), curve, true)],
            dots,
            marks,
        }
    };
    let rows = markup(move || {
        let mut h = Html::new();
        for r in nines::table(state.read().calendar) {
            html!(
                h,
                r#"<tr><th scope="row">{} %</th><td>{}</td><td>{}</td></tr>"#,
                r.label,
                fixed(r.nines, 2),
                format_duration(r.downtime[4])
            );
        }
        h
    });
    let label = move || {
        let s = state.get();
        format!(
            "Chart: downtime per year falls tenfold with each extra nine, from {} at 90 % to {} at 99.9999 %. {} allows {} a year.",
            format_duration(Availability::from_gap(0.1).downtime(Period::Year, s.calendar)),
            format_duration(Availability::from_gap(1e-6).downtime(Period::Year, s.calendar)),
            percent(s.availability),
            format_duration(s.availability.downtime(Period::Year, s.calendar)),
        )
    };
    view! {
        <div class="panel" data-panel="chart">
            <h3 class="panel-title">"Downtime per year against nines (log scale)"</h3>
            {chart_canvas("nines-chart", make)}
            <p class="visually-hidden">{label}</p>
            <details class="chart-twin">
                <summary>"The chart's data as a table"</summary>
                <table data-testid="nines-chart-table">
                    <thead>
                        <tr><th scope="col">"Availability"</th><th scope="col">"Nines"</th><th scope="col">"Downtime per year"</th></tr>
                    </thead>
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
    fn the_table_panel_shows_the_downtime_and_marks_the_level_in_use() {
        let (s, _) = NinesState::from_query(&[("availability", "99.95"), ("year", "365")]);
        let h = table_html(&s);
        let h = h.as_str();
        well_formed(h).unwrap();
        // 0.05 % of a 365-day year, 30-day month and day.
        assert!(h.contains(r#"data-testid="downtime-year" data-value="15768""#), "{h}");
        assert!(h.contains(r#"data-testid="downtime-month" data-value="1296""#));
        assert!(h.contains(r#"data-testid="downtime-day" data-value="43.2""#));
        assert_eq!(h.matches("aria-current").count(), 1);
        assert!(h.contains(r#"<tr class="current" aria-current="true"><th scope="row"><button class="link-button" title="Use this availability" data-use="99.95">99.95 %</button>"#));
        // A level not in the table gets a row of its own, in order.
        let (s, _) = NinesState::from_query(&[("availability", "99.97")]);
        let h = table_html(&s);
        let levels: Vec<&str> = h.as_str().split("data-use=\"").skip(1).map(|r| r.split('"').next().unwrap_or("")).collect();
        let at = levels.iter().position(|l| *l == "99.97").expect("a row for 99.97");
        assert!(levels[at - 1] == "99.95" && levels[at + 1] == "99.99", "{levels:?}");
    }
}
