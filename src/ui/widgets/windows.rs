//! `<WindowsWidget/>`: a stream's events grouped into tumbling, hopping, sliding or session
//! windows by event time, over [`crate::model::windows`]: the events as dots on an event-time
//! axis (late and dropped ones marked), the windows as bars below, and the tables that say the
//! same (every window with its count, every event with the watermark it met).

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::units::trim;
use crate::model::widget::{UrlState, Widget};
use crate::model::windows::{Fate, Figures, Kind, Preset, WindowsState, events_word, seconds};
use crate::ui::controls::{Choice, TextField, key_field, markup, options_html, scenario_menu};

island!(windows, WindowsState, WindowsWidget);

/// The text fields: label, unit, test id, the key each writes, and the on-screen keyboard.
const FIELDS: [(&str, &str, &str, &str, &str); 5] = [
    ("Event times, in arrival order", "s", "events-input", "events", "text"),
    ("Window size", "s", "size-input", "size", "decimal"),
    ("Hop", "s", "hop-input", "hop", "decimal"),
    ("Session gap", "s", "gap-input", "gap", "decimal"),
    ("Allowed lateness", "s", "lateness-input", "lateness", "decimal"),
];

/// Whether field `key` matters for windows of `kind`.
fn shown_for(key: &str, kind: Kind) -> bool {
    match key {
        "size" => kind != Kind::Session,
        "hop" => kind == Kind::Hopping,
        "gap" => kind == Kind::Session,
        _ => true,
    }
}

/// The windows widget.
#[component]
pub fn WindowsWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = WindowsState::from_query(&params);
    let texts = FIELDS.map(|(_, _, _, key, _)| RwSignal::new(initial.get(key)));
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let figures = Memo::new(move |_| state.read().figures());
    let (scenarios, pick) = scenario_menu(
        state,
        "(your own events)",
        Preset::ALL.map(|p| (p.name(), p.label())),
        texts,
        FIELDS.map(|(_, _, _, key, _)| key),
    );
    let kinds = Memo::new(move |_| {
        let current = state.read().kind.name();
        options_html(Kind::ALL.map(|k| (k.name(), k.label())), current)
    });
    let choose = Callback::new(move |k: String| {
        if let Ok(next) = state.with_untracked(|s| s.with("kind", &k)) {
            state.set(next);
        }
    });
    let kind = Memo::new(move |_| state.read().kind);
    let fields = texts
        .into_iter()
        .zip(FIELDS)
        .map(|(text, (label, unit, testid, key, inputmode))| {
            view! {
                <div class="wn-field" data-key=key hidden=move || !shown_for(key, kind.get())>
                    <TextField label unit text apply=key_field(state, key, |_| {}) testid inputmode />
                </div>
            }
        })
        .collect_view();
    let said = move || spoken(&state.read(), &figures.read());
    view! {
        <div class="panel wn-controls">
            <div class="panel-row wn-choices">
                <Choice label="Scenario" testid="windows-preset-select" options=scenarios choose=pick />
                <Choice label="Kind of window" testid="kind-select" options=kinds choose=choose />
            </div>
            <div class="panel-row wn-fields">{fields}</div>
            <p class="panel-note">
                "The list is the order the stream delivers the events; each number is when that event happened (its event time). "
                "When an event arrives, the watermark is the largest event time delivered before it. A window [start, end) is final once the watermark reaches end + allowed lateness: "
                "an event counts in each of its windows that is not final yet, and is dropped when all of them are (Apache Flink's rule)."
            </p>
        </div>
        <div class="wn-outputs" inner_html=markup(move || figures_html(&state.read(), &figures.read()))></div>
        <p class="visually-hidden" aria-live="polite" data-testid="windows-said">{said}</p>
    }
}

/// "1 window", "3 windows".
fn windows_word(n: usize) -> String {
    format!("{n} window{}", if n == 1 { "" } else { "s" })
}

/// The one sentence a screen reader hears after a change.
fn spoken(s: &WindowsState, f: &Figures) -> String {
    let list = f
        .windows
        .iter()
        .take(6)
        .map(|w| format!("{} to {} s: {}", seconds(w.start), seconds(w.end), w.count()))
        .collect::<Vec<_>>()
        .join("; ");
    let more = if f.windows.len() > 6 { "; …" } else { "" };
    let listed = if list.is_empty() { String::new() } else { format!(" {list}{more}.") };
    let hop = if s.kind == Kind::Hopping && f.hop != s.hop {
        format!(" The hop used is {} s.", seconds(f.hop))
    } else {
        String::new()
    };
    format!(
        "{} in {}.{listed} Dropped: {}; late but counted: {}.{hop}",
        events_word(f.arrivals.len()),
        windows_word(f.windows.len()),
        f.dropped(),
        f.late(),
    )
}

/// Readouts, the timeline and its tables: read-only, so one block of markup.
fn figures_html(s: &WindowsState, f: &Figures) -> Html {
    let readout = |label: &str, testid: &str, value: String, text: String| {
        html!(
            r#"<div class="readout"><dt>{}</dt><dd data-testid="{}" data-value="{}">{}</dd></div>"#,
            label,
            testid,
            value,
            text
        )
    };
    let mut h = html!(r#"<div class="panel" data-panel="figures"><dl class="readouts">"#);
    h.push(&readout("Windows with events", "window-count", f.windows.len().to_string(), f.windows.len().to_string()));
    h.push(&readout("Events dropped", "windows-dropped", f.dropped().to_string(), f.dropped().to_string()));
    h.push(&readout("Late but counted", "windows-late", f.late().to_string(), f.late().to_string()));
    let wm = f.watermark.map_or_else(String::new, seconds);
    h.push(&readout(
        "Watermark at the end",
        "windows-watermark",
        wm.clone(),
        if wm.is_empty() { "none".into() } else { format!("{wm} s") },
    ));
    html!(h, "</dl>");
    let note = if s.kind == Kind::Hopping && f.hop != s.hop {
        html!(
            r#"<p class="panel-note" data-testid="windows-hop-note">A hop of {} s is used: the hop is kept between a twentieth of the size and the size.</p>"#,
            seconds(f.hop)
        )
    } else {
        Html::new()
    };
    h.push(&note);
    html!(h, "</div>");
    h.push(&timeline_html(s, f));
    h.push(&windows_table(s, f));
    h.push(&arrivals_table(f));
    h
}

/// Width of the drawing, in SVG units.
const W: f64 = 640.0;
/// Left and right margins.
const PAD: f64 = 16.0;

/// Lanes for bars: each window goes in the first lane whose last bar ends at or before its start.
fn lanes(f: &Figures) -> Vec<usize> {
    let mut ends: Vec<u64> = Vec::new();
    f.windows
        .iter()
        .map(|w| match ends.iter().position(|&e| e <= w.start) {
            Some(i) => {
                ends[i] = w.end;
                i
            }
            None => {
                ends.push(w.end);
                ends.len() - 1
            }
        })
        .collect()
}

/// The timeline: event dots above an event-time axis, window bars below it. The tables after it
/// say the same for screen readers.
fn timeline_html(s: &WindowsState, f: &Figures) -> Html {
    let last =
        f.windows.iter().map(|w| w.end).chain(f.arrivals.iter().map(|a| a.time)).max().unwrap_or(1_000).max(1_000);
    let x = |t: u64| PAD + (t as f64 / last as f64) * (W - 2.0 * PAD);
    let lane_of = lanes(f);
    let n_lanes = lane_of.iter().copied().max().map_or(0, |m| m + 1);
    // Dots stacked where several events share a time.
    let mut stack: Vec<(u64, usize)> = Vec::new();
    let mut dots = Html::new();
    let mut tallest = 1;
    for a in &f.arrivals {
        let level = match stack.iter_mut().find(|(t, _)| *t == a.time) {
            Some(entry) => {
                entry.1 += 1;
                entry.1
            }
            None => {
                stack.push((a.time, 0));
                0
            }
        };
        tallest = tallest.max(level + 1);
        let class = match a.fate {
            Fate::OnTime => "wn-dot",
            Fate::Late => "wn-dot wn-late",
            Fate::Dropped => "wn-dot wn-dropped",
        };
        let cy = 40.0 - level as f64 * 14.0;
        html!(dots, r#"<circle class="{}" cx="{}" cy="{}" r="5"></circle>"#, class, fx(x(a.time)), fx(cy));
        if a.fate == Fate::Dropped {
            html!(
                dots,
                r#"<path class="wn-cross" d="M{} {}l8 8m0 -8l-8 8"></path>"#,
                fx(x(a.time) - 4.0),
                fx(cy - 4.0)
            );
        }
        html!(dots, r#"<text class="wn-order" x="{}" y="{}">{}</text>"#, fx(x(a.time)), fx(cy - 8.0), a.order);
    }
    let top = (tallest as f64 - 1.0) * 14.0;
    let axis_y = 52.0;
    let lane_h = 20.0;
    let height = axis_y + 24.0 + n_lanes as f64 * lane_h + 6.0;
    let mut h = html!(
        r#"<div class="panel wn-timeline" data-panel="timeline"><h3 class="panel-title">Event time: events above, windows below</h3><p class="panel-note">Numbers over the dots give the arrival order. <span class="wn-key wn-key-on">counted</span> <span class="wn-key wn-key-late">late, still counted</span> <span class="wn-key wn-key-dropped">dropped</span></p><div class="table-scroll wn-scroll" role="group" tabindex="0" aria-label="The timeline (the tables below say the same)"><svg class="wn-svg" viewBox="0 {} {} {}" aria-hidden="true">"#,
        fx(-top),
        fx(W),
        fx(height + top)
    );
    // The axis and its ticks.
    html!(
        h,
        r#"<line class="wn-axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>"#,
        fx(PAD),
        fx(axis_y),
        fx(W - PAD),
        fx(axis_y)
    );
    let step = tick_step(last);
    let mut t = 0;
    while t <= last {
        html!(
            h,
            r#"<line class="wn-tick" x1="{}" y1="{}" x2="{}" y2="{}"></line><text class="wn-tick-label" x="{}" y="{}">{}</text>"#,
            fx(x(t)),
            fx(axis_y),
            fx(x(t)),
            fx(axis_y + 4.0),
            fx(x(t)),
            fx(axis_y + 15.0),
            seconds(t)
        );
        t += step;
    }
    h.push(&dots);
    for (w, lane) in f.windows.iter().zip(&lane_of) {
        let y = axis_y + 22.0 + *lane as f64 * lane_h;
        let (x0, x1) = (x(w.start), x(w.end));
        html!(
            h,
            r#"<rect class="wn-bar wn-{}" x="{}" y="{}" width="{}" height="{}" rx="3"></rect><text class="wn-count" x="{}" y="{}">{}</text>"#,
            s.kind.name(),
            fx(x0 + 1.0),
            fx(y),
            fx((x1 - x0 - 2.0).max(2.0)),
            fx(lane_h - 5.0),
            fx((x0 + x1) / 2.0),
            fx(y + lane_h - 9.0),
            w.count()
        );
    }
    html!(h, "</svg></div></div>");
    h
}

/// A tick step in ms giving at most about 12 ticks: 1, 2 or 5 times a power of ten seconds.
fn tick_step(last: u64) -> u64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if last / (step * m) <= 12 {
                return step * m;
            }
        }
        step *= 10;
    }
}

/// An SVG coordinate with at most one decimal.
fn fx(v: f64) -> String {
    trim((v * 10.0).round() / 10.0 + 0.0)
}

/// Every window with its count and events: the bars' twin, carrying the `window-K` test ids.
fn windows_table(s: &WindowsState, f: &Figures) -> Html {
    let Some(t) = s.twin() else { return Html::new() };
    let mut h = html!(
        r#"<div class="panel" data-panel="windows"><div class="table-scroll" role="group" tabindex="0" aria-label="The windows"><table data-testid="windows-table"><caption>{}</caption><thead><tr>"#,
        t.caption
    );
    for head in &t.head {
        html!(h, r#"<th scope="col">{}</th>"#, head);
    }
    html!(h, "</tr></thead><tbody>");
    for (k, w) in f.windows.iter().enumerate() {
        let row = &t.rows[k];
        html!(h, r#"<tr data-testid="window-{}" data-value="{}"><th scope="row">{}</th>"#, k + 1, w.value(), row[0]);
        for cell in &row[1..] {
            html!(h, "<td>{}</td>", cell);
        }
        html!(h, "</tr>");
    }
    if f.windows.is_empty() {
        html!(h, r#"<tr><td colspan="3">No window holds an event.</td></tr>"#);
    }
    html!(h, "</tbody></table></div></div>");
    h
}

/// Every event in arrival order, with the watermark it met and what became of it: the dots'
/// twin, dropped events included.
fn arrivals_table(f: &Figures) -> Html {
    let mut h = html!(
        r#"<div class="panel" data-panel="arrivals"><div class="table-scroll" role="group" tabindex="0" aria-label="The events in arrival order"><table data-testid="arrivals-table"><caption>{} in arrival order; {} dropped</caption><thead><tr><th scope="col">Arrival</th><th scope="col">Event time</th><th scope="col">Watermark on arrival</th><th scope="col">What became of it</th></tr></thead><tbody>"#,
        events_word(f.arrivals.len()),
        f.dropped()
    );
    for a in &f.arrivals {
        let fate = match a.fate {
            Fate::OnTime => "counted",
            Fate::Late => "late, counted in a window not yet final",
            Fate::Dropped => "dropped: every window of it was final",
        };
        let class = match a.fate {
            Fate::OnTime => "",
            Fate::Late => "wn-row-late",
            Fate::Dropped => "wn-row-dropped",
        };
        html!(
            h,
            r#"<tr class="{}" data-testid="arrival-{}" data-value="{}"><th scope="row">{}</th><td>{} s</td><td>{}</td><td>{}</td></tr>"#,
            class,
            a.order,
            fate_name(a.fate),
            a.order,
            seconds(a.time),
            a.watermark.map_or_else(|| "none".into(), |w| format!("{} s", seconds(w))),
            fate
        );
    }
    html!(h, "</tbody></table></div></div>");
    h
}

/// A fate as a `data-value`.
fn fate_name(f: Fate) -> &'static str {
    match f {
        Fate::OnTime => "counted",
        Fate::Late => "late",
        Fate::Dropped => "dropped",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;

    #[test]
    fn the_figures_carry_the_test_ids_and_the_twins() {
        // 1, 2, 9, 4, 12, 3 in tumbling windows of 5 s, no lateness: 4 (watermark 9) and 3
        // (watermark 12) find [0, 5) final; windows [0, 5): 2, [5, 10): 1, [10, 15): 1.
        let s = Preset::Late.state();
        let f = s.figures();
        let h = figures_html(&s, &f);
        let h = h.as_str();
        well_formed(h).unwrap();
        for (id, value) in [
            ("window-count", "3"),
            ("window-1", "0-5:2"),
            ("window-2", "5-10:1"),
            ("window-3", "10-15:1"),
            ("windows-dropped", "2"),
            ("arrival-4", "dropped"),
        ] {
            assert!(h.contains(&format!(r#"data-testid="{id}" data-value="{value}""#)), "{id} in {h}");
        }
        assert!(h.contains("<td>9 s</td><td>dropped: every window of it was final</td>"), "{h}");
        assert_eq!(
            spoken(&s, &f),
            "6 events in 3 windows. 0 to 5 s: 2; 5 to 10 s: 1; 10 to 15 s: 1. Dropped: 2; late but counted: 0."
        );
    }
}
