//! `<CdnLatencyWidget/>`: distance, protocol and cache hits in; round trips, time to first
//! byte, page load without and with a CDN, a waterfall of the phases, simulated percentiles
//! and a chart out, over [`crate::model::cdn_latency`].

use leptos::prelude::*;

use super::StateSink;
use crate::model::widget::UrlState;
use crate::model::cdn_latency::{
    self as cdn, CITIES, CdnState, ChartAxis, ENVELOPE_LEGS, Estimate, MAX_KM, Preset, Strategy,
};
use crate::model::units::{data_value, fixed, format_duration, grouped, trim};
use crate::ui::chart::{Axis, LineChart, chart_canvas, nice_ticks};
use crate::html;
use crate::html::Html;
use crate::ui::controls::{Choice, TextField, key_field, markup, options_html};

/// Page loads drawn for the percentiles, on every change.
pub const SAMPLES: usize = 100_000;
/// Page loads drawn for the first percentiles, when the widget arrives; each simulation is then
/// redrawn with [`SAMPLES`] in a task of its own, so that none blocks the page for long.
pub const FIRST_SAMPLES: usize = 5_000;

island!(cdn_latency, CdnState, CdnLatencyWidget);

/// The CDN latency calculator.
#[component]
pub fn CdnLatencyWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = CdnState::from_query(&params);
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    // Each simulation reruns only when its own inputs change: dragging the hit ratio redraws
    // the CDN's samples and keeps the origin's.
    let origin_inputs = Memo::new(move |_| state.read().origin_inputs());
    let cdn_inputs = Memo::new(move |_| state.read().simulation_inputs());
    let (origin_samples, cdn_samples) = (RwSignal::new(FIRST_SAMPLES), RwSignal::new(FIRST_SAMPLES));
    let origin_sim = Memo::new(move |_| cdn::simulate_origin(&origin_inputs.read(), origin_samples.get()));
    let cdn_sim = Memo::new(move |_| cdn::simulate_cdn(&cdn_inputs.read(), cdn_samples.get()));
    let dist = move || cdn::Distribution {
        origin: origin_sim.get(),
        cdn: cdn_sim.get(),
        samples: origin_samples.get().min(cdn_samples.get()),
    };
    // Refined once the page is idle (after the widget is built and drawn), one simulation at
    // a time; nothing happens if the widget is gone by then.
    request_idle_callback(move || {
        if origin_samples.try_set(SAMPLES).is_none() {
            request_idle_callback(move || {
                let _ = cdn_samples.try_set(SAMPLES);
            });
        }
    });
    // Bumped when a preset or a city pair replaces several values, to refill the fields.
    let version = RwSignal::new(0u32);
    // Every output is one block of HTML over the state, rewritten in microseconds.
    let outputs = markup(move || {
        let s = state.get();
        let envelope = s.preset == Some(Preset::TenImagesAt200Ms);
        outputs_html(s.strategy == Strategy::Push, envelope, &cdn::estimate(&s), &dist())
    });
    // The one sentence a screen reader hears after a change (the percentiles, refined while
    // the page is idle, stay out of it: they change with no action of the reader's).
    let said = move || {
        let e = cdn::estimate(&state.read());
        format!(
            "Page load {} without a CDN, {} with one: {}× faster.",
            ms_text(e.origin.total),
            ms_text(e.cdn.total),
            fixed(e.speedup, 1)
        )
    };
    let phase_rows = markup(move || {
        let e = cdn::estimate(&state.read());
        table_rows(
            e.origin
                .phases
                .named()
                .into_iter()
                .zip(e.cdn.phases.named())
                .map(|((label, a), (_, b))| [label.to_string(), ms_text(a), ms_text(b)]),
        )
    });
    view! {
        {controls(state, version)}
        <div class="cdn-outputs" inner_html=outputs></div>
        <p class="visually-hidden" aria-live="polite" data-testid="cdn-said">{said}</p>
        // Kept out of the HTML block so that an open table stays open while values change.
        <details class="chart-twin panel">
            <summary>"The phases as a table"</summary>
            <table data-testid="cdn-phases-table">
                <thead><tr><th scope="col">"Phase"</th><th scope="col">"No CDN"</th><th scope="col">"CDN"</th></tr></thead>
                <tbody inner_html=phase_rows></tbody>
            </table>
        </details>
        {chart_panel(state)}
    }
}

/// Changes one field and forgets the preset (the setup is no longer the preset's).
fn edit(state: RwSignal<CdnState>, f: impl FnOnce(&mut CdnState)) {
    state.update(|s| {
        f(s);
        s.preset = None;
    });
}

/// One numeric control: its label, unit, test id, and the key of the state it reads and
/// writes (the model checks what is typed).
struct Field {
    label: &'static str,
    unit: &'static str,
    testid: &'static str,
    key: &'static str,
}

/// The numeric controls, in rows.
const FIELDS: [&[Field]; 3] = [
    &[
        Field {
            label: "Distance to the origin",
            unit: "km",
            testid: "distance-input",
            key: "distance_km",
        },
        Field {
            label: "Distance to the edge",
            unit: "km",
            testid: "edge-input",
            key: "edge_km",
        },
        Field {
            label: "Cache hit ratio",
            unit: "",
            testid: "hit-ratio-input",
            key: "hit_ratio",
        },
    ],
    &[
        Field {
            label: "Assets after the HTML",
            unit: "",
            testid: "assets-input",
            key: "assets",
        },
        Field {
            label: "Size of each asset",
            unit: "KB",
            testid: "asset-kb-input",
            key: "asset_kb",
        },
        Field {
            label: "HTML size",
            unit: "KB",
            testid: "html-kb-input",
            key: "html_kb",
        },
        Field {
            label: "Bandwidth",
            unit: "Mbit/s",
            testid: "bandwidth-input",
            key: "bandwidth_mbps",
        },
    ],
    &[
        Field {
            label: "HTTP/1.1 connections",
            unit: "",
            testid: "connections-input",
            key: "connections",
        },
        Field {
            label: "Origin processing",
            unit: "ms",
            testid: "origin-ms-input",
            key: "origin_ms",
        },
        Field {
            label: "Edge processing",
            unit: "ms",
            testid: "edge-ms-input",
            key: "edge_ms",
        },
        Field {
            label: "DNS lookup",
            unit: "ms",
            testid: "dns-input",
            key: "dns_ms",
        },
        Field {
            label: "Jitter (× RTT)",
            unit: "",
            testid: "jitter-input",
            key: "jitter",
        },
        Field {
            label: "Random seed",
            unit: "",
            testid: "seed-input",
            key: "seed",
        },
    ],
];

/// A choice control: label, query key, test id and (value, label) options.
type ChoiceSpec = (&'static str, &'static str, &'static str, &'static [(&'static str, &'static str)]);

/// The choice controls: label, query key, test id and (value, label) options. A choice writes
/// its key through [`CdnState::set`], the same path a URL takes.
const CHOICES: [ChoiceSpec; 4] = [
    (
        "Protocol",
        "protocol",
        "protocol-select",
        &[("h1-tls12", "HTTP/1.1, TCP + TLS 1.2"), ("h2-tls13", "HTTP/2, TCP + TLS 1.3"), ("h3", "HTTP/3, QUIC")],
    ),
    (
        "CDN strategy",
        "strategy",
        "strategy-select",
        &[("pull", "pull (fetch on a miss)"), ("push", "push (published ahead)")],
    ),
    ("Connection", "reuse", "reuse-select", &[("false", "opened for this page"), ("true", "already open (reused)")]),
    (
        "Chart against",
        "chart",
        "chart-select",
        &[("hit", "the cache hit ratio"), ("distance", "the distance to the origin")],
    ),
];

fn controls(state: RwSignal<CdnState>, version: RwSignal<u32>) -> impl IntoView {
    let from = RwSignal::new(0usize);
    let to = RwSignal::new(1usize);
    // Rebuilt (with the state's values) only when a preset or a city pair replaces several
    // values at once; typing and picking change the state without rebuilding them.
    let fields = move || {
        version.track();
        let s = state.get_untracked();
        let choices = CHOICES
            .iter()
            .map(|(label, key, testid, options)| {
                let value = s.get(key);
                let html = options_html(options.iter().copied(), &value);
                view! {
                    <Choice
                        label=*label
                        testid=*testid
                        options=Signal::stored(html)
                        choose=Callback::new(move |v: String| edit(state, |s| drop(s.set(key, &v))))
                    />
                }
            })
            .collect_view();
        // One loop over a table of fields: one copy of the field's view code in the bundle.
        let rows = FIELDS
            .iter()
            .map(|row| {
                let fields = row
                    .iter()
                    .map(|f| {
                        view! {
                            <TextField
                                label=f.label
                                unit=f.unit
                                text=RwSignal::new(s.get(f.key))
                                apply=key_field(state, f.key, |s| s.preset = None)
                                testid=f.testid
                            />
                        }
                    })
                    .collect_view();
                view! { <div class="panel-row">{fields}</div> }
            })
            .collect_view();
        let preset = s.preset.map(|p| p.name()).unwrap_or("");
        let presets = options_html(
            std::iter::once(("", "(your own setup)")).chain(Preset::ALL.map(|p| (p.name(), p.label()))),
            preset,
        );
        view! {
            <div class="panel-row">
                <Choice
                    label="Preset"
                    testid="preset-select"
                    options=Signal::stored(presets)
                    choose=Callback::new(move |v: String| set_preset(state, version, &v))
                />
                {choices}
            </div>
            {rows}
        }
    };
    let city_options = |selected: usize| {
        let names: Vec<(String, &str)> = CITIES.iter().enumerate().map(|(i, c)| (i.to_string(), c.0)).collect();
        let html = options_html(names.iter().map(|(v, t)| (v.as_str(), *t)), &selected.to_string());
        Signal::stored(html)
    };
    let use_cities = move |_| {
        if let Some(d) = cdn::city_path_km(from.get_untracked(), to.get_untracked()) {
            edit(state, |s| s.distance_km = d);
            version.update(|v| *v += 1);
        }
    };
    let city_note = move || {
        let gc = cdn::GREAT_CIRCLE_KM[from.get()][to.get()];
        format!(
            "{} km great circle × {} route factor = {} km",
            grouped(f64::from(gc)),
            trim(cdn::ROUTE_FACTOR),
            grouped(f64::from(gc) * cdn::ROUTE_FACTOR)
        )
    };
    view! {
        <div class="panel" data-panel="controls">
            {fields}
            <div class="panel-row cities">
                <Choice
                    label="Client in"
                    testid="client-city-select"
                    options=city_options(0)
                    choose=Callback::new(move |v: String| from.set(v.parse().unwrap_or(0)))
                />
                <Choice
                    label="Origin in"
                    testid="origin-city-select"
                    options=city_options(1)
                    choose=Callback::new(move |v: String| to.set(v.parse().unwrap_or(1)))
                />
                <button class="chip" data-testid="use-cities" on:click=use_cities>"Use this distance"</button>
                <span class="panel-note">{city_note}</span>
            </div>
        </div>
    }
}

fn set_preset(state: RwSignal<CdnState>, version: RwSignal<u32>, name: &str) {
    if let Some(p) = Preset::ALL.into_iter().find(|p| p.name() == name) {
        state.update(|s| *s = CdnState { chart: s.chart, ..p.state() });
        version.update(|v| *v += 1);
    }
}

/// Milliseconds for people: `114 ms`, `3.82 s`.
fn ms_text(v: f64) -> String {
    format_duration(v / 1_000.0)
}

/// The outputs as markup. They are read-only, so they are written as one block rather than
/// as a tree of reactive views: a fraction of the bundle for the same page.
/// With `envelope`, the quick leg-by-leg sum of the 200 ms case is set beside the figures.
fn outputs_html(push: bool, envelope: bool, e: &Estimate, d: &cdn::Distribution) -> Html {
    let value = |testid: &str, v: f64, text: &str| {
        html!(r#"<span data-testid="{}" data-value="{}">{}</span>"#, testid, data_value(v), text)
    };
    let mut h = html!(r#"<div class="panel" data-panel="results"><dl class="readouts">"#);
    for (label, testid, v) in [
        ("RTT to the origin", "rtt-origin", e.rtt_origin),
        ("RTT to the edge", "rtt-edge", e.rtt_edge),
        ("First byte, no CDN", "ttfb-origin", e.origin.ttfb),
        ("First byte, CDN", "ttfb-cdn", e.cdn.ttfb),
        ("Page load, no CDN", "page-load-origin", e.origin.total),
        ("Page load, CDN", "page-load-cdn", e.cdn.total),
    ] {
        html!(h, r#"<div class="readout"><dt>{}</dt><dd>{}</dd></div>"#, label, value(testid, v, &ms_text(v)));
    }
    html!(
        h,
        r#"</dl><p class="result">The CDN makes the page <strong>{}</strong> faster. Without it: {}. With it: {}. Origin offload: the edge answers {} of requests (and of bytes) itself; {} still reach the origin{}.</p>"#,
        value("speedup", e.speedup, &format!("{}×", fixed(e.speedup, 1))),
        cdn::verdict(e.origin.total),
        cdn::verdict(e.cdn.total),
        value("origin-offload", e.offload_requests, &format!("{} %", fixed(e.offload_requests * 100.0, 1))),
        format!("{} %", fixed((1.0 - e.offload_requests) * 100.0, 1)),
        if push { " (with push, until content changes and must be pushed again)" } else { "" },
    );
    html!(
        h,
        r#"<table class="percentiles"><caption>Simulated page loads ({} each, with random misses and queueing)</caption><thead><tr><td></td><th scope="col">p50</th><th scope="col">p95</th><th scope="col">p99</th></tr></thead><tbody>"#,
        grouped(d.samples as f64)
    );
    for (name, path, p) in [("No CDN", "origin", d.origin), ("CDN", "cdn", d.cdn)] {
        html!(h, r#"<tr><th scope="row">{}</th>"#, name);
        for (q, v) in [("p50", p.p50), ("p95", p.p95), ("p99", p.p99)] {
            html!(h, "<td>{}</td>", value(&format!("{q}-{path}"), v, &ms_text(v)));
        }
        html!(h, "</tr>");
    }
    html!(h, r#"</tbody></table></div><div class="panel" data-panel="waterfall"><h3 class="panel-title">Where the time goes</h3><div class="waterfall" aria-hidden="true">"#);
    let longest = e.origin.total.max(e.cdn.total).max(1e-9);
    for (name, p) in [("No CDN", &e.origin.phases), ("CDN", &e.cdn.phases)] {
        // A bar is an SVG whose segments are sized by attributes: the site's Content Security
        // Policy allows no style attributes.
        html!(
            h,
            r#"<div class="bar-row"><span class="bar-name">{}</span><svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none">"#,
            name
        );
        let mut x = 0.0;
        for ((label, v), class) in p.named().into_iter().zip(PHASE_CLASSES).filter(|((_, v), _)| *v > 0.0) {
            let width = (v / longest * 100.0).max(0.3);
            html!(
                h,
                r#"<rect class="seg {}" x="{}" width="{}" height="10"><title>{}: {}</title></rect>"#,
                class,
                fixed(x, 3),
                fixed(width, 3),
                label,
                ms_text(v)
            );
            x += width;
        }
        html!(h, r#"</svg><span class="bar-total">{}</span></div>"#, ms_text(p.total()));
    }
    html!(h, r#"</div><ul class="legend" aria-hidden="true">"#);
    for ((label, _), class) in e.origin.phases.named().into_iter().zip(PHASE_CLASSES) {
        html!(h, r#"<li><span class="swatch {}"></span>{}</li>"#, class, label);
    }
    html!(h, "</ul></div>");
    if envelope {
        html!(
            h,
            r#"<div class="panel" data-panel="envelope"><h3 class="panel-title">The back-of-the-envelope sum, checked</h3><table><tbody>"#
        );
        for (label, v) in ENVELOPE_LEGS {
            html!(h, r#"<tr><th scope="row">{}</th><td>{}</td></tr>"#, label, ms_text(v));
        }
        let sum: f64 = ENVELOPE_LEGS.iter().map(|(_, v)| v).sum();
        html!(
            h,
            r#"</tbody><tfoot><tr><th scope="row">Sum, trip after trip</th><td>{}</td></tr><tr><th scope="row">This widget, no CDN</th><td>{}</td></tr><tr><th scope="row">This widget, CDN</th><td>{}</td></tr></tfoot></table><p class="panel-note">The quick sum charges each one-way trip, one after another. The protocols count round trips instead: the last ACK travels with the request, each image needs a request out and a reply back, up to 6 connections fetch images side by side, and TLS, server time and the download add their share.</p></div>"#,
            value("envelope-sum", sum, &ms_text(sum)),
            ms_text(e.origin.total),
            ms_text(e.cdn.total),
        );
    }
    h
}

const PHASE_CLASSES: [&str; 6] = ["ph-dns", "ph-connect", "ph-tls", "ph-request", "ph-transfer", "ph-miss"];

fn sweep(s: &CdnState) -> Vec<(f64, f64, f64)> {
    match s.chart {
        ChartAxis::HitRatio => cdn::sweep_hit_ratio(s, 20),
        ChartAxis::Distance => cdn::sweep_distance(s, (s.distance_km * 2.0).clamp(1_000.0, MAX_KM), 20),
    }
}

fn chart_panel(state: RwSignal<CdnState>) -> impl IntoView {
    let make = move || {
        let s = state.get();
        let pts = sweep(&s);
        let e = cdn::estimate(&s);
        let max = pts.iter().map(|p| p.1.max(p.2)).fold(0.0, f64::max);
        let (top, yticks) = nice_ticks(max * 1.05, 5, ms_text);
        let hit = s.chart == ChartAxis::HitRatio;
        let x_max = pts.last().map(|p| p.0).unwrap_or(1.0).max(1e-9);
        let xticks = if hit {
            (0..=4).map(|i| f64::from(i) / 4.0).map(|h| (h, format!("{} %", trim(h * 100.0)))).collect()
        } else {
            nice_ticks(x_max, 4, |km| format!("{} km", grouped(km))).1
        };
        let x = if hit { s.hit_ratio } else { s.distance_km };
        LineChart {
            x: Axis {
                range: (0.0, x_max),
                ticks: xticks.into_iter().filter(|t| t.0 <= x_max + 1e-9).collect(),
                title: if hit { "cache hit ratio".into() } else { "distance to the origin".into() },
            },
            y: Axis { range: (0.0, top), ticks: yticks, title: "page load".into() },
            lines: vec![
                ("no CDN".into(), pts.iter().map(|p| (p.0, p.1)).collect(), false),
                ("CDN".into(), pts.iter().map(|p| (p.0, p.2)).collect(), true),
            ],
            dots: Vec::new(),
            marks: vec![(x, e.cdn.total, format!("you: {}", ms_text(e.cdn.total)))],
        }
    };
    let rows = markup(move || {
        let s = state.get();
        let hit = s.chart == ChartAxis::HitRatio;
        table_rows(sweep(&s).into_iter().map(|(x, a, b)| {
            let x = if hit { format!("{} %", trim((x * 100.0).round())) } else { format!("{} km", grouped(x.round())) };
            [x, ms_text(a), ms_text(b)]
        }))
    });
    let hit = move || state.read().chart == ChartAxis::HitRatio;
    view! {
        <div class="panel chart-panel" data-panel="chart">
            <h3 class="panel-title">
                {move || if hit() { "Page load against the cache hit ratio" } else { "Page load against the distance to the origin" }}
            </h3>
            {chart_canvas("cdn-chart", make)}
            <details class="chart-twin">
                <summary>"The chart's data as a table"</summary>
                <table data-testid="cdn-chart-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || if hit() { "Hit ratio" } else { "Distance" }}</th>
                            <th scope="col">"No CDN"</th>
                            <th scope="col">"CDN"</th>
                        </tr>
                    </thead>
                    <tbody inner_html=rows></tbody>
                </table>
            </details>
        </div>
    }
}

/// Table rows as HTML: a row header, then cells (numbers and constants only).
fn table_rows(rows: impl Iterator<Item = [String; 3]>) -> Html {
    rows.map(|[head, a, b]| html!(r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>"#, head, a, b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;

    #[test]
    fn the_outputs_carry_every_figure_of_the_estimate() {
        let s = Preset::SaoPauloAshburn.state();
        let e = cdn::estimate(&s);
        let d = cdn::simulate(&s, 2_000);
        let h = outputs_html(false, false, &e, &d);
        let h = h.as_str();
        well_formed(h).unwrap();
        for (id, v) in [
            ("rtt-origin", e.rtt_origin),
            ("ttfb-cdn", e.cdn.ttfb),
            ("page-load-origin", e.origin.total),
            ("page-load-cdn", e.cdn.total),
            ("speedup", e.speedup),
            ("p99-cdn", d.cdn.p99),
        ] {
            assert!(h.contains(&format!(r#"data-testid="{id}" data-value="{}""#, data_value(v))), "{id}");
        }
        let share = |id: &str, v: f64| format!(r#"data-testid="{id}" data-value="{}""#, data_value(v));
        assert!(h.contains(&share("origin-offload", 0.9)), "origin offload is the share the edge answers");
        assert!(h.contains("10.0 % still reach the origin"));
        assert!(!h.contains("data-panel=\"envelope\""), "the quick sum only beside the 200 ms case");
        let envelope = outputs_html(true, true, &e, &d);
        let envelope = envelope.as_str();
        well_formed(envelope).unwrap();
        assert!(envelope.contains("data-panel=\"envelope\"") && envelope.contains("(with push, until"));
        assert!(envelope.contains(&share("envelope-sum", 3_000.0)));
    }
}
