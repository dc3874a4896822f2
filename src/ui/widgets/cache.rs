//! `<CacheWidget/>`: a cache in front of a store, over [`crate::model::cache`]: a seeded trace of
//! Zipf-distributed reads and writes, an eviction policy and a write strategy; the hit ratio,
//! store reads and writes and what a crash loses, and the hit ratio against cache size as a
//! chart with its table.
//!
//! **Within a frame.** The trace (up to 200,000 requests) depends only on the items, skew,
//! requests, writes and seed, so it is a memo of its own: a new capacity, policy or strategy
//! runs the one simulation the readouts need over the same trace. The chart needs a run per
//! cache size, so its points are computed one per task after the readouts are shown, and a
//! newer change abandons the older chart's work.

use std::sync::Arc;

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::cache::{CacheState, Counts, CurvePoint, Policy, Preset, Request, Strategy, Zipf, caption, percent, simulate};
use crate::model::units::{data_value, grouped};
use crate::model::widget::UrlState;
use crate::ui::chart::{Axis, LineChart, chart_canvas};
use crate::ui::controls::{Choice, TextField, key_field, markup, options_html, scenario_menu};

island!(cache, CacheState, CacheWidget);

/// The text fields: label, unit, test id and the key of the state each writes.
const FIELDS: [(&str, &str, &str, &str); 6] = [
    ("Cache holds", "items", "cache-capacity-input", "capacity"),
    ("Store holds", "items", "cache-items-input", "items"),
    ("Skew (Zipf s)", "", "cache-skew-input", "skew"),
    ("Writes", "share", "cache-writes-input", "writes"),
    ("Requests", "", "cache-requests-input", "requests"),
    ("Seed", "", "cache-seed-input", "seed"),
];

/// The trace, shared without copying.
#[derive(Clone)]
struct Trace(Arc<Vec<Request>>);

impl PartialEq for Trace {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The cache widget.
#[component]
pub fn CacheWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = CacheState::from_query(&params);
    let texts = FIELDS.map(|(_, _, _, key)| RwSignal::new(initial.get(key)));
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    // The trace is drawn again only when what it depends on changes.
    let inputs = Memo::new(move |_| state.read().trace_inputs());
    let trace = Memo::new(move |_| {
        let (items, skew, requests, writes, seed) = inputs.get();
        Trace(Arc::new(crate::model::cache::trace(items, skew, requests, writes, seed)))
    });
    let run = Memo::new(move |_| {
        let t = trace.get();
        state.read().run_on(&t.0)
    });
    let curve = chart_points(state, trace);
    // A scenario replaces every value: the fields show the new ones.
    let (scenarios, pick) = scenario_menu(state, "(your own settings)", Preset::ALL.map(|p| (p.name(), p.label())), texts, FIELDS.map(|(_, _, _, key)| key));
    let policies = Memo::new(move |_| {
        let current = state.read().policy.name();
        options_html(Policy::ALL.map(|p| (p.name(), p.label())), current)
    });
    let strategies = Memo::new(move |_| {
        let current = state.read().strategy.name();
        options_html(Strategy::ALL.map(|s| (s.name(), s.label())), current)
    });
    let choose_policy = Callback::new(move |name: String| {
        if let Some(policy) = Policy::from_name(&name) {
            state.update(|s| s.policy = policy);
        }
    });
    let choose_strategy = Callback::new(move |name: String| {
        if let Some(strategy) = Strategy::from_name(&name) {
            state.update(|s| s.strategy = strategy);
        }
    });
    let fields = texts
        .into_iter()
        .zip(FIELDS)
        .map(|(text, (label, unit, testid, key))| {
            view! { <TextField label unit text apply=key_field(state, key, |_| {}) testid inputmode="decimal" /> }
        })
        .collect_view();
    let said = move || spoken(&state.read(), &run.read());
    view! {
        <div class="panel cache-controls">
            <div class="panel-row cache-choices">
                <Choice label="Scenario" testid="cache-preset-select" options=scenarios choose=pick />
                <Choice label="Eviction" testid="cache-policy-select" options=policies choose=choose_policy />
                <Choice label="Writes go" testid="cache-strategy-select" options=strategies choose=choose_strategy />
            </div>
            <div class="panel-row cache-fields">{fields}</div>
        </div>
        <div class="cache-outputs" inner_html=markup(move || figures_html(&state.read(), &run.read()))></div>
        <p class="visually-hidden" aria-live="polite" data-testid="cache-said">{said}</p>
        {curve_panel(state, run, curve)}
    }
}

/// The chart's points, computed one cache size per task after every change of the trace, the
/// policy or the strategy (a change of capacity alone keeps them).
fn chart_points(state: RwSignal<CacheState>, trace: Memo<Trace>) -> RwSignal<Vec<CurvePoint>> {
    let points = RwSignal::new(Vec::<CurvePoint>::new());
    let key = Memo::new(move |_| {
        let s = state.read();
        (s.trace_inputs(), s.policy, s.strategy)
    });
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let _ = key.get();
        let t = trace.get();
        let s = state.get_untracked();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        points.set(Vec::new());
        leptos::task::spawn_local(async move {
            let zipf = Zipf::new(s.items, s.skew);
            for capacity in s.curve_sizes() {
                crate::ui::browser::next_task().await;
                if generation.try_get_value() != Some(mine) {
                    return; // A newer change took over.
                }
                let c = simulate(&t.0, s.items, capacity, s.policy, s.strategy, s.seed);
                let point =
                    CurvePoint { capacity, hit_ratio: c.hit_ratio().unwrap_or(0.0), ideal: zipf.top_share(capacity as usize) };
                if points.try_update(|v| v.push(point)).is_none() {
                    return; // The widget is gone.
                }
            }
        });
    });
    points
}

/// A count for people.
fn count(n: u32) -> String {
    grouped(f64::from(n))
}

/// The hit ratio for people, or why there is none.
fn ratio_text(c: &Counts) -> String {
    c.hit_ratio().map_or_else(|| "no reads".into(), percent)
}

/// The one sentence a screen reader hears after a change.
fn spoken(s: &CacheState, c: &Counts) -> String {
    format!(
        "{}, {} of {} items cached: hit ratio {}; {} store reads, {} store writes; a crash now loses {} dirty items.",
        s.policy.label(),
        count(s.capacity),
        count(s.items),
        ratio_text(c),
        count(c.store_reads),
        count(c.store_writes),
        count(c.lost_on_crash)
    )
}

/// The readouts and the run's sentence: read-only, so one block of markup.
fn figures_html(s: &CacheState, c: &Counts) -> Html {
    let mut h = html!(r#"<div class="panel" data-panel="figures"><dl class="readouts">"#);
    match c.hit_ratio() {
        Some(r) => html!(
            h,
            r#"<div class="readout"><dt>Hit ratio</dt><dd data-testid="hit-ratio" data-value="{}">{}</dd></div>"#,
            data_value(r),
            percent(r)
        ),
        None => html!(h, r#"<div class="readout"><dt>Hit ratio</dt><dd data-testid="hit-ratio">no reads</dd></div>"#),
    }
    for (label, testid, value) in [
        ("Store reads", "store-reads", c.store_reads),
        ("Store writes", "store-writes", c.store_writes),
        ("Lost in a crash", "lost-on-crash", c.lost_on_crash),
    ] {
        html!(h, r#"<div class="readout"><dt>{}</dt><dd data-testid="{}" data-value="{}">{}</dd></div>"#, label, testid, value, count(value));
    }
    html!(h, "</dl>");
    let ideal = s.ideal();
    html!(
        h,
        r#"<p class="result">{} reads and {} writes. The cache answered <strong>{}</strong> of the reads; the {} most popular items get <span data-testid="cache-ideal" data-value="{}">{}</span> of all requests, which a cache holding exactly them would hit."#,
        count(c.reads),
        count(c.writes),
        ratio_text(c),
        count(s.capacity.min(s.items)),
        data_value(ideal),
        percent(ideal)
    );
    let writes = match s.strategy {
        Strategy::WriteBack if c.writes > 0 => html!(
            " Write-back absorbed {} of {} writes in the cache; {} dirty items were written on eviction, and {} dirty items would be lost if the cache crashed now.",
            count(c.writes.saturating_sub(c.store_writes)),
            count(c.writes),
            count(c.store_writes),
            count(c.lost_on_crash)
        ),
        _ if c.writes > 0 => html!(" Every write reached the store at once, so a crash loses nothing."),
        _ => Html::new(),
    };
    html!(h, r#"{}</p><p class="panel-note">{}.</p></div>"#, writes, caption(s));
    h
}

/// The x position of a cache size on the chart: its log.
fn x_of(capacity: u32) -> f64 {
    f64::from(capacity.max(1)).log10()
}

/// Hit ratio against cache size (log scale), with the top items' share beside it, the current
/// size marked, and a table twin.
fn curve_panel(state: RwSignal<CacheState>, run: Memo<Counts>, curve: RwSignal<Vec<CurvePoint>>) -> impl IntoView {
    let make = move || {
        let s = state.read();
        let points = curve.read();
        let sizes = s.curve_sizes();
        let lo = x_of(sizes.first().copied().unwrap_or(1));
        let hi = x_of(sizes.last().copied().unwrap_or(1).max(s.capacity)).max(lo + 1.0);
        // Powers of ten only (nine labels would crowd a phone's chart); a store whose sizes
        // miss them gets its smallest, middle and largest size.
        let mut ticks: Vec<(f64, String)> =
            sizes.iter().filter(|&&c| f64::from(c) == 10f64.powf(x_of(c).floor())).map(|&c| (x_of(c), count(c))).collect();
        if ticks.len() < 2 {
            ticks = [0, sizes.len() / 2, sizes.len().saturating_sub(1)]
                .iter()
                .filter_map(|&i| sizes.get(i))
                .map(|&c| (x_of(c), count(c)))
                .collect();
            ticks.dedup();
        }
        let marks = run
            .read()
            .hit_ratio()
            .map(|r| (x_of(s.capacity), r * 100.0, format!("you: {}", percent(r))))
            .into_iter()
            .collect();
        LineChart {
            x: Axis { range: (lo, hi), ticks, title: "items the cache holds (log scale)".into() },
            y: Axis {
                range: (0.0, 100.0),
                ticks: (0..=5).map(|i| (f64::from(i) * 20.0, format!("{} %", i * 20))).collect(),
                title: "hit ratio".into(),
            },
            lines: vec![
                (
                    "top items' share".into(),
                    points.iter().map(|p| (x_of(p.capacity), p.ideal * 100.0)).collect(),
                    false,
                ),
                (format!("{} hit ratio", s.policy.name().to_uppercase()), points.iter().map(|p| (x_of(p.capacity), p.hit_ratio * 100.0)).collect(), true),
            ],
            dots: points.iter().map(|p| (x_of(p.capacity), p.hit_ratio * 100.0)).collect(),
            marks,
        }
    };
    let rows = markup(move || {
        let mut h = Html::new();
        for p in curve.read().iter() {
            html!(
                h,
                r#"<tr><th scope="row">{}</th><td data-testid="cache-curve-{}" data-value="{}">{}</td><td>{}</td></tr>"#,
                count(p.capacity),
                p.capacity,
                data_value(p.hit_ratio),
                percent(p.hit_ratio),
                percent(p.ideal)
            );
        }
        h
    });
    let busy = move || {
        let want = state.read().curve_sizes().len();
        if curve.read().len() < want { "Computing the chart…" } else { "" }
    };
    view! {
        <div class="panel chart-panel" data-panel="curve">
            <h3 class="panel-title">"Hit ratio against cache size, same trace"</h3>
            <p class="panel-note">"Coloured line: the simulated hit ratio at each size; plain line: the share of requests that go to that many most popular items."<span class="cache-busy" data-testid="cache-curve-busy">{busy}</span></p>
            {chart_canvas("cache-curve-chart", make)}
            <details class="chart-twin">
                <summary>"The chart's data as a table"</summary>
                <table data-testid="cache-curve-table">
                    <thead><tr><th scope="col">"Items cached"</th><th scope="col">"Hit ratio"</th><th scope="col">"Top items' share"</th></tr></thead>
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
    fn the_figures_carry_the_test_ids_and_values() {
        // Capacity 1 over 10 keys, the trace w1 w1 w2 r1 under write-back and LRU: w1 caches 1
        // dirty, w1 again is absorbed, w2 evicts dirty 1 (one store write) and caches 2 dirty,
        // r1 misses (one store read) and evicts dirty 2 (a second store write). Hit ratio 0 of
        // 1; nothing dirty at the end.
        let s = CacheState { capacity: 1, items: 10, strategy: Strategy::WriteBack, ..CacheState::default() };
        let trace = [1 | crate::model::cache::WRITE, 1 | crate::model::cache::WRITE, 2 | crate::model::cache::WRITE, 1];
        let c = s.run_on(&trace);
        let h = figures_html(&s, &c);
        let h = h.as_str();
        well_formed(h).unwrap();
        for (id, value) in [("hit-ratio", "0"), ("store-reads", "1"), ("store-writes", "2"), ("lost-on-crash", "0")] {
            assert!(h.contains(&format!(r#"data-testid="{id}" data-value="{value}""#)), "{id} in {h}");
        }
        assert!(h.contains("Write-back absorbed 1 of 3 writes"), "{h}");
        assert!(spoken(&s, &c).ends_with("a crash now loses 0 dirty items."), "{}", spoken(&s, &c));
        // Writes only: no hit ratio, said in words, without a data-value.
        let c = s.run_on(&trace[..3]);
        let h = figures_html(&s, &c);
        well_formed(h.as_str()).unwrap();
        assert!(h.as_str().contains(r#"<dd data-testid="hit-ratio">no reads</dd>"#), "{}", h.as_str());
        assert!(h.as_str().contains(r#"data-testid="lost-on-crash" data-value="1""#));
    }
}
